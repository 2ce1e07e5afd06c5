//! Relative links (`relative_urls`), so that a built archive can be opened from disk.
//!
//! Pages link to each other from the site root (`/2024/01/09/slug/`,
//! `/assets/style.css`): right for a web server, useless from `file://`, where `/` is
//! the root of the disk and a folder shows as a file listing. With `relative_urls` on,
//! every finished HTML page is rewritten once, here: each link into the site becomes a
//! path relative to the page, and a link to a folder names its `index.html`. Working on
//! the finished page covers the default templates, overridden ones and links written in
//! Markdown bodies alike. Absolute URLs (the canonical link, feeds, the sitemap, JSON-LD)
//! stay absolute, as they should.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::OnceLock;

/// How an attribute's value is rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A link to a page or file: a folder link gets `index.html`.
    Link,
    /// `srcset`: comma-separated candidates, each a URL and a size.
    SrcSet,
    /// A prefix that scripts append site paths to (`data-base`, `data-index`): made
    /// relative, never given a file name.
    Prefix,
}

/// The attributes rewritten, as they are matched (lower case; matching ignores case).
const ATTRS: [(&str, Kind); 8] = [
    ("href=", Kind::Link),
    ("src=", Kind::Link),
    ("action=", Kind::Link),
    ("poster=", Kind::Link),
    ("srcset=", Kind::SrcSet),
    ("data-base=", Kind::Prefix),
    ("data-index=", Kind::Prefix),
    // The target of `<meta http-equiv="refresh" content="0; url=/x/">`.
    ("url=", Kind::Link),
];

fn matcher() -> &'static AhoCorasick {
    static M: OnceLock<AhoCorasick> = OnceLock::new();
    M.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(ATTRS.map(|a| a.0))
            .expect("attribute patterns build")
    })
}

/// The page's HTML with every link into the site (a URL starting with `base_path`, the
/// path part of `base_url`) made relative to `page`, the page's site-relative file
/// (`2024/01/09/slug/index.html`).
pub fn rewrite(html: &[u8], page: &str, base_path: &str) -> Vec<u8> {
    let up = "../".repeat(page.matches('/').count());
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    let mut done = 0;
    for m in matcher().find_iter(html) {
        let kind = ATTRS[m.pattern().as_usize()].1;
        let before = m.start().checked_sub(1).map(|i| html[i]);
        // An attribute name starts after white space; `url=` follows the `0;` of a
        // refresh.
        let boundary = match ATTRS[m.pattern().as_usize()].0 {
            "url=" => matches!(before, Some(b' ' | b';')),
            _ => before.is_some_and(|b| b.is_ascii_whitespace()),
        };
        if !boundary || m.start() < done {
            continue;
        }
        let (start, end) = match value_at(html, m.end()) {
            Some(v) => v,
            None => continue,
        };
        let Ok(value) = std::str::from_utf8(&html[start..end]) else {
            continue;
        };
        let new = match kind {
            Kind::SrcSet => srcset(value, &up, base_path),
            _ => relative(value, &up, base_path, kind),
        };
        if let Some(new) = new {
            out.extend_from_slice(&html[done..start]);
            out.extend_from_slice(new.as_bytes());
            done = end;
        }
    }
    out.extend_from_slice(&html[done..]);
    out
}

/// The byte range of the attribute value that starts at `at` (right after `=`): quoted
/// with `"` or `'`, or unquoted up to white space, `>` or a quotation mark (the end of
/// the `content` attribute around a refresh's `url=`). `None` if it never ends.
fn value_at(html: &[u8], at: usize) -> Option<(usize, usize)> {
    match html.get(at)? {
        q @ (b'"' | b'\'') => {
            let len = memchr::memchr(*q, &html[at + 1..])?;
            Some((at + 1, at + 1 + len))
        }
        _ => {
            let len = html[at..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'"' | b'\''))
                .unwrap_or(html.len() - at);
            Some((at, at + len))
        }
    }
}

/// `value` relative to a page `up` (`../` per folder) below the site root, if it is a
/// link into the site; `None` leaves it as it is.
fn relative(value: &str, up: &str, base_path: &str, kind: Kind) -> Option<String> {
    let rest = value.strip_prefix(base_path)?;
    if value.starts_with("//") {
        // Protocol-relative: another host.
        return None;
    }
    let cut = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, suffix) = rest.split_at(cut);
    let mut out = String::with_capacity(up.len() + rest.len() + 10);
    out.push_str(up);
    out.push_str(path);
    if kind == Kind::Link && (path.is_empty() || path.ends_with('/')) {
        out.push_str("index.html");
    }
    if out.is_empty() {
        out.push_str("./");
    }
    out.push_str(suffix);
    Some(out)
}

/// A `srcset` with each candidate's URL made relative.
fn srcset(value: &str, up: &str, base_path: &str) -> Option<String> {
    let mut changed = false;
    let parts: Vec<String> = value
        .split(',')
        .map(|cand| {
            let lead = cand.len() - cand.trim_start().len();
            let body = cand.trim_start();
            let url_end = body.find(char::is_whitespace).unwrap_or(body.len());
            match relative(&body[..url_end], up, base_path, Kind::Link) {
                Some(u) => {
                    changed = true;
                    format!("{}{u}{}", &cand[..lead], &body[url_end..])
                }
                None => cand.to_string(),
            }
        })
        .collect();
    changed.then(|| parts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rw(html: &str, page: &str, base: &str) -> String {
        String::from_utf8(rewrite(html.as_bytes(), page, base)).unwrap()
    }

    #[test]
    fn links_into_the_site_become_relative_files() {
        let page = "2024/01/09/town-archive/index.html";
        for (html, want) in [
            // A folder link names its index.
            (
                r#"<a href="/">Home</a>"#,
                r#"<a href="../../../../index.html">Home</a>"#,
            ),
            (
                r#"<a href="/people/ines-marwick/">Ines</a>"#,
                r#"<a href="../../../../people/ines-marwick/index.html">Ines</a>"#,
            ),
            // A file link keeps its name; query and fragment stay after the file.
            (
                r#"<link rel="stylesheet" href="/assets/style.css">"#,
                r#"<link rel="stylesheet" href="../../../../assets/style.css">"#,
            ),
            (
                r#"<a href="/people/#m">M</a>"#,
                r#"<a href="../../../../people/index.html#m">M</a>"#,
            ),
            (
                r#"<a href="/search/?q=ferry">s</a>"#,
                r#"<a href="../../../../search/index.html?q=ferry">s</a>"#,
            ),
            (
                r#"<img src='/img/a.jpg' alt="">"#,
                r#"<img src='../../../../img/a.jpg' alt="">"#,
            ),
            (
                r#"<img srcset="/a.jpg 1x, /b.jpg 2x" alt="">"#,
                r#"<img srcset="../../../../a.jpg 1x, ../../../../b.jpg 2x" alt="">"#,
            ),
            (
                r#"<form action="/search/" method="get">"#,
                r#"<form action="../../../../search/index.html" method="get">"#,
            ),
            (
                r#"<meta http-equiv="refresh" content="0; url=/2024/01/new/">"#,
                r#"<meta http-equiv="refresh" content="0; url=../../../../2024/01/new/index.html">"#,
            ),
            // Prefixes for scripts get no file name.
            (
                r#"<form data-index="/search/" data-base="/">"#,
                r#"<form data-index="../../../../search/" data-base="../../../../">"#,
            ),
            // Unquoted values, upper-case names.
            (
                r#"<a HREF=/x/>x</a>"#,
                r#"<a HREF=../../../../x/index.html>x</a>"#,
            ),
        ] {
            assert_eq!(rw(html, page, "/"), want, "{html}");
        }
    }

    #[test]
    fn other_urls_and_text_stay() {
        let page = "people/index.html";
        for html in [
            // Absolute, protocol-relative, in-page and relative links.
            r#"<link rel="canonical" href="https://example.org/people/">"#,
            r#"<a href="//cdn.example.org/x.js">x</a>"#,
            r##"<a href="#main">Skip</a>"##,
            r#"<a href="ines-marwick/">Ines</a>"#,
            r#"<a href="mailto:desk@example.org">desk</a>"#,
            // Text that mentions an attribute is escaped, so never a match.
            "<p>write href=&quot;/x&quot; in the tag</p>",
            // Not an attribute name on its own.
            r#"<a data-href="/x/">x</a>"#,
            r#"<p>?url=/x/</p>"#,
        ] {
            assert_eq!(rw(html, page, "/"), html, "{html}");
        }
    }

    #[test]
    fn root_pages_and_a_base_path() {
        // On the home page a link to the root is the page itself.
        assert_eq!(
            rw(
                r#"<a href="/">H</a><a href="/2024/">Y</a>"#,
                "index.html",
                "/"
            ),
            r#"<a href="index.html">H</a><a href="2024/index.html">Y</a>"#
        );
        assert_eq!(
            rw(r#"<form data-base="/">"#, "index.html", "/"),
            r#"<form data-base="./">"#
        );
        // Published under /archive/: only links under it are the site's.
        assert_eq!(
            rw(
                r#"<a href="/archive/people/">P</a><a href="/other/">O</a>"#,
                "2024/index.html",
                "/archive/"
            ),
            r#"<a href="../people/index.html">P</a><a href="/other/">O</a>"#
        );
    }

    #[test]
    fn unterminated_values_are_left() {
        let html = r#"<a href="/x"#;
        assert_eq!(rw(html, "a/index.html", "/"), html);
    }
}
