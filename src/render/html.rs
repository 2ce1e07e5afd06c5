//! Body HTML and safe embedding: the places where text becomes markup.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

use crate::model::{BodyFormat, Record};

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str, out: &mut String) {
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
/// rendered with raw HTML escaped (unless `allow_html`) and script URLs removed.
pub fn body_html(rec: &Record, allow_html: bool) -> String {
    match rec.body_format {
        BodyFormat::Text => {
            let mut out = String::with_capacity(rec.body.len() + 64);
            for p in &rec.paragraphs {
                out.push_str("<p>");
                for (i, line) in p.lines().enumerate() {
                    if i > 0 {
                        out.push_str("<br>\n");
                    }
                    escape(line, &mut out);
                }
                out.push_str("</p>\n");
            }
            out
        }
        BodyFormat::Markdown => markdown(&rec.body, allow_html),
    }
}

/// Renders Markdown safely (see [`body_html`]).
pub fn markdown(src: &str, allow_html: bool) -> String {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let events = Parser::new_ext(src, opts).map(|ev| match ev {
        Event::Html(h) | Event::InlineHtml(h) if !allow_html => Event::Text(h),
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
    });
    let mut out = String::with_capacity(src.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut out, events);
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
    fn json_cannot_close_script() {
        let v = serde_json::json!({"headline": "</script><script>alert(1)</script>"});
        let s = json_for_script(&v);
        assert!(!s.contains("</"), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
