//! Body HTML and safe embedding: the places where text becomes markup.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

use crate::extract::text::blocks::{self, Block};
use crate::model::{BodyFormat, Record};

/// Escapes text for HTML element content and attribute values (quoted with `"` or `'`).
///
/// Only the five characters that can end text or an attribute value are replaced; `/`
/// and the rest are left as they are, so URLs stay readable and pages small. The text
/// is scanned as bytes and copied in runs (every escaped character is ASCII).
pub fn escape(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(i) = first_special(rest.as_bytes()) {
        out.push_str(&rest[..i]);
        out.push_str(replacement(rest.as_bytes()[i]));
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// Where the first byte [`escape`] replaces is (all are ASCII), found with SIMD
/// searches: most text has few of them.
#[inline]
fn first_special(b: &[u8]) -> Option<usize> {
    let angle = memchr::memchr3(b'&', b'<', b'>', b);
    let quote = memchr::memchr2(b'"', b'\'', angle.map_or(b, |i| &b[..i]));
    quote.or(angle)
}

/// The entity of one of the bytes [`first_special`] finds.
#[inline]
fn replacement(b: u8) -> &'static str {
    match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        _ => "&#39;",
    }
}

/// [`escape`] into a new string: the escape function of the Tera templates.
pub fn escape_owned(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape(s, &mut out);
    out
}

/// [`escape`] written straight into a page as Tera renders it (`{{ value }}` needs no
/// intermediate string); the same bytes as [`escape_owned`].
pub fn escape_into(s: &str, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut rest = s.as_bytes();
    while let Some(i) = first_special(rest) {
        w.write_all(&rest[..i])?;
        w.write_all(replacement(rest[i]).as_bytes())?;
        rest = &rest[i + 1..];
    }
    w.write_all(rest)
}

/// True for URLs that would run script or smuggle documents when followed.
pub fn is_dangerous_url(url: &str) -> bool {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    squeezed.starts_with("javascript:")
        || squeezed.starts_with("vbscript:")
        || squeezed.starts_with("data:text/html")
}

/// The article body as HTML. Raw text is escaped paragraph by paragraph; Markdown is
/// rendered with raw HTML escaped (unless `allow_html`) and script URLs removed (or
/// taken as the loader rendered it, see [`Record::body_html`]).
pub fn body_html(rec: &Record, allow_html: bool) -> Cow<'_, str> {
    match rec.body_format {
        BodyFormat::Text => Cow::Owned(text_html(&rec.paragraphs)),
        BodyFormat::Markdown => match &rec.body_html {
            Some(h) => Cow::Borrowed(h),
            None => Cow::Owned(markdown(&rec.body, allow_html)),
        },
    }
}

/// Raw-text paragraphs as HTML: escaped, line breaks kept (hard-wrapped prose flows),
/// lists as lists ([`blocks`](crate::extract::text::blocks)).
fn text_html(paragraphs: &[String]) -> String {
    let len: usize = paragraphs.iter().map(|p| p.len() + 8).sum();
    let mut out = String::with_capacity(len + 64);
    for block in blocks::blocks(paragraphs) {
        match block {
            Block::Text(p) => {
                // Hard-wrapped prose flows; other line breaks are kept.
                let brk = if blocks::is_hard_wrapped(p) {
                    "\n"
                } else {
                    "<br>\n"
                };
                out.push_str("<p>");
                for (i, line) in p.lines().enumerate() {
                    if i > 0 {
                        out.push_str(brk);
                    }
                    escape(line, &mut out);
                }
                out.push_str("</p>\n");
            }
            Block::List { start, items } => {
                let close = match start {
                    None => {
                        out.push_str("<ul>\n");
                        "</ul>\n"
                    }
                    Some(1) => {
                        out.push_str("<ol>\n");
                        "</ol>\n"
                    }
                    Some(n) => {
                        out.push_str(&format!("<ol start=\"{n}\">\n"));
                        "</ol>\n"
                    }
                };
                for item in items {
                    out.push_str("<li>");
                    escape(item, &mut out);
                    out.push_str("</li>\n");
                }
                out.push_str(close);
            }
        }
    }
    out
}

/// The Markdown extensions article bodies are rendered with.
pub const MARKDOWN_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_SMART_PUNCTUATION);

/// Renders Markdown safely (see [`body_html`]).
pub fn markdown(src: &str, allow_html: bool) -> String {
    let events = Parser::new_ext(src, MARKDOWN_OPTIONS).map(|ev| safe_event(ev, allow_html));
    let mut out = String::with_capacity(src.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// One event of a Markdown body made safe to render: raw HTML becomes text (unless
/// `allow_html`, and then script URLs are dropped from it), and links and images to
/// script URLs lose their destination.
pub fn safe_event(ev: Event<'_>, allow_html: bool) -> Event<'_> {
    match ev {
        Event::Html(h) | Event::InlineHtml(h) if !allow_html => Event::Text(h),
        Event::Html(h) => Event::Html(drop_script_urls(&h).into()),
        Event::InlineHtml(h) => Event::InlineHtml(drop_script_urls(&h).into()),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if is_dangerous_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed(""),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if is_dangerous_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed(""),
            title,
            id,
        }),
        ev => ev,
    }
}

/// Raw HTML (passed through with `allow_html`) with every attribute value that is a
/// script URL emptied, so `javascript:` links are dropped whatever the setting. Values
/// are compared after decoding character references (`&#106;avascript:`).
pub fn drop_script_urls(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'=' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let (start, end, next) = match b.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = memchr::memchr(q, &b[j + 1..]).map_or(b.len(), |k| j + 1 + k);
                (j + 1, end, end)
            }
            _ => {
                let end = b[j..]
                    .iter()
                    .position(|c| c.is_ascii_whitespace() || *c == b'>')
                    .map_or(b.len(), |k| j + k);
                (j, end, end)
            }
        };
        if is_dangerous_url(&decode_refs(&html[start..end])) {
            out.push_str(&html[last..start]);
            last = end;
        }
        i = next.max(i + 1);
    }
    out.push_str(&html[last..]);
    out
}

/// Decodes numeric character references and the named ones that can hide a scheme.
fn decode_refs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |k| k + 1);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            n.and_then(char::from_u32)
        } else {
            match name {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Serialises JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&`
/// are written as `\u` escapes, so no string in it can close the element.
pub fn json_for_script(v: &serde_json::Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_else(|_| "{}".into());
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The escaping rule, byte by byte.
    fn escape_reference(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escape_matches_the_character_rule(s in "[a&<>\"'/ é\u{10348}]{0,40}") {
            let mut out = String::new();
            escape(&s, &mut out);
            proptest::prop_assert_eq!(&out, &escape_reference(&s));
            let mut w = Vec::new();
            escape_into(&s, &mut w).unwrap();
            proptest::prop_assert_eq!(String::from_utf8(w).unwrap(), out);
        }
    }

    #[test]
    fn escaping_into_a_page_writes_what_escaping_returns() {
        for s in [
            "",
            "plain",
            "<a href=\"x\">Tom & 'Jerry'</a>",
            "&&",
            ">",
            "é<ü>",
            "a'b\"c",
        ] {
            let mut out = Vec::new();
            escape_into(s, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), escape_owned(s), "{s:?}");
        }
    }

    #[test]
    fn escape_table() {
        let cases = [
            ("plain", "plain"),
            ("", ""),
            ("a & b", "a &amp; b"),
            ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
            ("\"quoted\" 'single'", "&quot;quoted&quot; &#39;single&#39;"),
            ("/people/ana-lopez/", "/people/ana-lopez/"),
            ("Zoë “curly” — é<", "Zoë “curly” — é&lt;"),
            ("&amp;", "&amp;amp;"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_owned(input), want, "{input}");
        }
    }

    #[test]
    fn text_body_is_escaped() {
        let rec = Record {
            body_format: BodyFormat::Text,
            paragraphs: vec!["<script>alert(1)</script>".into(), "a\nb & c".into()],
            ..Record::default()
        };
        assert_eq!(
            body_html(&rec, false),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>a<br>\nb &amp; c</p>\n"
        );
    }

    #[test]
    fn raw_text_lists_render_as_lists() {
        let paras = [
            "It found:\n- call centres <core>\n- the risk of going abroad".to_string(),
            "3. Third\n4. Fourth".to_string(),
            "- Mark Twain".to_string(),
        ];
        assert_eq!(
            text_html(&paras),
            "<p>It found:</p>\n<ul>\n<li>call centres &lt;core&gt;</li>\n\
             <li>the risk of going abroad</li>\n</ul>\n\
             <ol start=\"3\">\n<li>Third</li>\n<li>Fourth</li>\n</ol>\n<p>- Mark Twain</p>\n"
        );
    }

    /// The page and the Markdown form of a raw article show the same thing: the
    /// Markdown rendered by CommonMark is the page's HTML (up to how `<br>` and the
    /// quotation marks are spelled).
    fn same_as_its_markdown(paras: &[String]) -> Result<(), String> {
        let md = crate::extract::paragraphs_to_markdown(paras);
        let mut via_md = String::new();
        pulldown_cmark::html::push_html(&mut via_md, Parser::new(&md));
        let quotes = |s: String| s.replace("&#39;", "'").replace("&quot;", "\"");
        let direct = quotes(text_html(paras));
        let via_md = quotes(via_md.replace("<br />", "<br>"));
        if direct == via_md {
            Ok(())
        } else {
            Err(format!(
                "{paras:?}\nmarkdown {md:?}\ndirect {direct:?}\nvia md {via_md:?}"
            ))
        }
    }

    #[test]
    fn raw_text_and_its_markdown_render_alike() {
        for text in [
            "- a\n- b\n\n* c\n* d",
            "- a\n- b\n\n- c\n- d\n\n- e\n- f",
            "1. a\n2. b\n\n1. c\n2. d",
            "7) a\n8) b\n\n1. c\n2. d",
            "Lead:\n- a wrapped\nitem\n- b\nEnd.",
            "- # not a heading\n- 1. not nested\n\n- -5\n\n- Mark Twain",
            "A wire story wrapped at a fixed width, where the lines\nrun on in mid-sentence, - even past a dash\n# or a hash that starts a line in the middle.",
        ] {
            let paras: Vec<String> = text.split("\n\n").map(str::to_string).collect();
            same_as_its_markdown(&paras).unwrap();
        }
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        #[test]
        fn raw_text_renders_as_its_markdown_does(
            paras in proptest::collection::vec(
                proptest::collection::vec(
                    "(- |\\* |• |— |1\\. |2\\. |3\\) |=|#|)[a-zA-Z][a-z <>&'\"#*_]{0,8}( [a-z ]{30,45})?",
                    1..4,
                )
                // Lines as the loader keeps them: trimmed, none empty.
                .prop_map(|lines: Vec<String>| lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")),
                1..5,
            )
        ) {
            let paras: Vec<String> = paras.into_iter().filter(|p| !p.is_empty()).collect();
            proptest::prop_assert!(same_as_its_markdown(&paras).is_ok(), "{}", same_as_its_markdown(&paras).unwrap_err());
        }
    }

    #[test]
    fn markdown_html_escaped_unless_allowed() {
        let src = "Hi <img src=x onerror=alert(1)>\n\n<script>x()</script>\n";
        let safe = markdown(src, false);
        assert!(!safe.contains("<img"), "{safe}");
        assert!(!safe.contains("<script"), "{safe}");
        assert!(markdown(src, true).contains("<img"));
    }

    #[test]
    fn script_urls_dropped() {
        let h = markdown(
            "[a](javascript:alert(1)) [b]( JaVa\tScRiPt:x) [c](/ok/)",
            false,
        );
        assert!(!h.to_lowercase().contains("javascript"), "{h}");
        assert!(h.contains("href=\"/ok/\""));
    }

    #[test]
    fn script_urls_dropped_from_allowed_raw_html() {
        let src = "<a href=\"javascript:alert(1)\">a</a> <a href='/ok/'>b</a>\n\n\
                   <img src=JaVaScRiPt:x> <a href=\"&#106;avascript&colon;y\">c</a> \
                   <a href=\"&#x6A;ava&Tab;script:z\">d</a>\n";
        let h = markdown(src, true);
        assert!(!h.to_lowercase().contains("script:"), "{h}");
        assert!(h.contains("href='/ok/'"), "{h}");
        assert_eq!(drop_script_urls("<a href=x>"), "<a href=x>");
        assert_eq!(drop_script_urls("a = b"), "a = b");
        assert_eq!(drop_script_urls("<a href=\"javascript:"), "<a href=\"");
    }

    #[test]
    fn json_cannot_close_script() {
        let v = serde_json::json!({"headline": "</script><script>alert(1)</script>"});
        let s = json_for_script(&v);
        assert!(!s.contains("</"), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
