//! Atom feeds, sitemaps and robots.txt, written directly so they are well-formed XML
//! whatever the input (control characters included).

use std::fmt::Write;

use chrono::NaiveDate;

/// Escapes text for XML content and attributes, dropping characters XML 1.0 forbids.
pub fn escape(s: &str, out: &mut String) {
    // Everything to replace or drop starts with an ASCII byte or with 0xEF (U+FFFE and
    // U+FFFF are EF BF BE and EF BF BF), so the text is scanned as bytes and copied in
    // runs.
    let b = s.as_bytes();
    let (mut run, mut i) = (0, 0);
    while i < b.len() {
        let (rep, len) = match b[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            0..=0x1f => ("", 1),
            0xEF if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) => {
                ("", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[run..i]);
        out.push_str(rep);
        i += len;
        run = i;
    }
    out.push_str(&s[run..]);
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    escape(s, &mut o);
    o
}

/// One entry of an Atom feed.
pub struct Entry<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: Option<NaiveDate>,
    pub updated: Option<NaiveDate>,
    pub authors: Vec<&'a str>,
    pub summary: &'a str,
    /// Full body HTML, if the feed carries content.
    pub content_html: Option<std::borrow::Cow<'a, str>>,
}

/// An Atom 1.0 feed. `updated` is the newest entry date, so output is deterministic.
pub fn atom(title: &str, self_url: &str, site_url: &str, entries: &[Entry<'_>]) -> String {
    let stamp = |d: Option<NaiveDate>| {
        d.map_or_else(
            || "1970-01-01T00:00:00Z".to_string(),
            |d| format!("{d}T00:00:00Z"),
        )
    };
    let newest = entries.iter().filter_map(|e| e.updated.or(e.date)).max();
    let mut o = String::with_capacity(1024 + entries.len() * 2048);
    o.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(o, "  <title>{}</title>", esc(title));
    let _ = writeln!(o, "  <link href=\"{}\" rel=\"self\"/>", esc(self_url));
    let _ = writeln!(o, "  <link href=\"{}\"/>", esc(site_url));
    let _ = writeln!(o, "  <id>{}</id>", esc(self_url));
    let _ = writeln!(o, "  <updated>{}</updated>", stamp(newest));
    for e in entries {
        o.push_str("  <entry>\n");
        let _ = writeln!(o, "    <title>{}</title>", esc(e.title));
        let _ = writeln!(o, "    <link href=\"{}\"/>", esc(&e.url));
        let _ = writeln!(o, "    <id>{}</id>", esc(&e.url));
        if e.date.is_some() {
            let _ = writeln!(o, "    <published>{}</published>", stamp(e.date));
        }
        let _ = writeln!(o, "    <updated>{}</updated>", stamp(e.updated.or(e.date)));
        for a in &e.authors {
            let _ = writeln!(o, "    <author><name>{}</name></author>", esc(a));
        }
        if !e.summary.is_empty() {
            let _ = writeln!(o, "    <summary>{}</summary>", esc(e.summary));
        }
        if let Some(c) = &e.content_html {
            let _ = writeln!(o, "    <content type=\"html\">{}</content>", esc(c));
        }
        o.push_str("  </entry>\n");
    }
    o.push_str("</feed>\n");
    o
}

/// Most URLs one sitemap file may hold (sitemaps.org).
pub const SITEMAP_LIMIT: usize = 50_000;

/// A `<urlset>` sitemap of absolute URLs with optional last-modified dates.
pub fn sitemap(urls: &[(String, Option<NaiveDate>)]) -> String {
    let mut o = String::with_capacity(100 + urls.len() * 90);
    o.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (u, d) in urls {
        let _ = write!(o, "  <url><loc>{}</loc>", esc(u));
        if let Some(d) = d {
            let _ = write!(o, "<lastmod>{d}</lastmod>");
        }
        o.push_str("</url>\n");
    }
    o.push_str("</urlset>\n");
    o
}

/// A sitemap index pointing at several sitemap files.
pub fn sitemap_index(files: &[String]) -> String {
    let mut o = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for f in files {
        let _ = writeln!(o, "  <sitemap><loc>{}</loc></sitemap>", esc(f));
    }
    o.push_str("</sitemapindex>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The escaping rule, character by character.
    fn escape_reference(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                '\t' | '\n' | '\r' => out.push(c),
                c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escape_matches_the_character_rule(
            s in "[a&<>\"'\t\n\r\u{0}\u{1}\u{1f} é\u{fffd}\u{fffe}\u{ffff}\u{fefe}\u{ffbe}\u{10348}]{0,30}"
        ) {
            let mut out = String::new();
            escape(&s, &mut out);
            proptest::prop_assert_eq!(out, escape_reference(&s));
        }
    }

    #[test]
    fn escapes_and_drops_control_chars() {
        assert_eq!(esc("a<b>&\"'\u{1}\u{b}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
    }

    #[test]
    fn atom_is_deterministic() {
        let e = Entry {
            title: "T <1>",
            url: "https://x/a/".into(),
            date: NaiveDate::from_ymd_opt(2022, 8, 4),
            updated: None,
            authors: vec!["A"],
            summary: "s",
            content_html: Some("<p>x</p>".into()),
        };
        let a = atom("Site", "https://x/atom.xml", "https://x/", &[e]);
        assert!(a.contains("<updated>2022-08-04T00:00:00Z</updated>"));
        assert!(a.contains("&lt;p&gt;x&lt;/p&gt;"));
        assert!(a.contains("<title>T &lt;1&gt;</title>"));
    }
}
