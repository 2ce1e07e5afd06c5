//! Hostile text in every field renders as text everywhere: HTML content and attributes,
//! JSON-LD, Atom and sitemap XML. Extends `build_site::hostile_text_is_never_markup`
//! (titles and bodies) to names, roles, tags, sources, summaries, quotes, aliases,
//! extra, people.toml bios and control characters.

mod common;

use std::path::Path;

use common::*;
use scraper::{Html, Selector};

/// A payload that tries to leave every context it could be put in.
const P: &str = "</title></script><script>alert(1)</script><img src=x onerror=alert(2)>\"'><a href=\"javascript:alert(3)\">j</a>";

/// TOML basic-string form of `s`.
fn toml_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => o.push_str(&format!("\\u{:04X}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn hostile_site(root: &Path, config: &str, title_extra: &str) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(root.join("dateline.toml"), config).unwrap();
    let p = toml_str(P);
    let t = toml_str(&format!("Title {P}{title_extra}"));
    std::fs::write(
        content.join("2020-02-02-every-field.md"),
        format!(
            "+++\ntitle = {t}\ndisplay_title = {p}\nsummary = {p}\nsource = {p}\ndateline = {p}\n\
             byline = [{p}]\ncontributors = [{p}]\ntags = [{p}, \"javascript:alert(4)\"]\n\
             aliases = [{p}, \"/old/<script>/\", \"javascript:alert(5)\", \"../../escape\"]\n\
             people = [{{ name = \"Eve Hostile {}\", aliases = [{p}], roles = [{p}] }}]\n\
             quotes = [{{ speaker = {p}, text = {p} }}]\n\
             corrections = [{{ date = \"2020-02-03\", text = {p} }}]\n\
             [extra]\nnote = {p}\n+++\n\n\
             Body {}\n\n[link](javascript:alert(6)) ![img](javascript:alert(7)) \
             [ok](https://example.org/)\n\n<b>raw bold</b> <a href=\"javascript:alert(8)\">raw</a> \
             <a href=\"&#106;avascript:alert(9)\">enc</a>\n",
            P.replace('"', "'"),
            P
        ),
    )
    .unwrap();
    std::fs::write(
        content.join("2020-02-03-raw.txt"),
        format!(
            "Raw {}{title_extra}\n\nBy Eve Hostile\n\nBody {P} said Eve Hostile.\n",
            P
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("people.toml"),
        format!(
            "[[person]]\nname = {}\naliases = [{p}]\nbio = {p}\n",
            toml_str(&format!("Eve Hostile {}", P.replace('"', "'")))
        ),
    )
    .unwrap();
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Checks one HTML page: no script runs, no handler attributes, no script URLs, JSON-LD
/// parses, one title. With `allow_html`, raw HTML from the body may add elements, but
/// never a script URL.
fn check_page(f: &str, html: &str, allow_html: bool) {
    let doc = Html::parse_document(html);
    for el in doc.select(&sel("*")) {
        for (name, value) in el.value().attrs() {
            let v: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_lowercase();
            let url_attr = matches!(
                name,
                "href" | "src" | "action" | "formaction" | "poster" | "cite" | "data" | "srcset"
            );
            assert!(
                !url_attr || (!v.starts_with("javascript:") && !v.starts_with("vbscript:")),
                "{f}: {name}={value:?}"
            );
            if !allow_html {
                assert!(!name.starts_with("on"), "{f}: handler attribute {name}");
            }
        }
    }
    if !allow_html {
        for s in doc.select(&sel("script")) {
            // Only JSON-LD and the default templates' own scripts (search, people filter).
            let own = s.value().attr("src").is_some_and(|u| {
                u.ends_with("/assets/search.js") || u.ends_with("/assets/people.js")
            });
            assert!(
                own || s.value().attr("type") == Some("application/ld+json"),
                "{f}: executable script"
            );
        }
        assert!(
            doc.select(&sel("img[src=x]")).next().is_none(),
            "{f}: injected img"
        );
        assert!(
            doc.select(&sel("b")).next().is_none(),
            "{f}: raw <b> passed"
        );
    }
    for s in doc.select(&sel("script[type='application/ld+json']")) {
        let text: String = s.text().collect();
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap_or_else(|e| panic!("{f}: JSON-LD broken: {e}\n{text}"));
    }
    assert_eq!(doc.select(&sel("head title")).count(), 1, "{f}: title");
}

fn check_site(out: &Path, allow_html: bool) {
    let all = files(out);
    assert!(all.iter().any(|f| f.ends_with(".html")));
    for f in &all {
        if f.ends_with(".html") {
            check_page(f, &read(out, f), allow_html);
        } else if f.ends_with(".xml") {
            roxmltree::Document::parse(&read(out, f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        }
    }
    // Everything stays inside the output folder.
    for e in walkdir::WalkDir::new(out) {
        assert!(e.unwrap().path().starts_with(out));
    }
}

fn article_page(out: &Path, prefix: &str) -> String {
    files(out)
        .into_iter()
        .find(|f| f.starts_with(prefix) && f.ends_with("/index.html"))
        .unwrap_or_else(|| panic!("no page under {prefix}: {:?}", files(out)))
}

#[test]
fn hostile_text_in_every_field_is_text() {
    let tmp = tempfile::tempdir().unwrap();
    hostile_site(tmp.path(), "", "");
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    check_site(&b.out, false);
    let page = article_page(&b.out, "2020/02/02/");
    let doc = parse(&b.out, &page);
    let h1 = select_all(&doc, "h1").join(" ");
    assert!(h1.contains("<script>alert(1)</script>"), "{h1}");
    let body = select_all(&doc, ".story-body").join(" ");
    assert!(
        body.contains("<b>raw bold</b>"),
        "raw HTML shown as text: {body}"
    );
    assert!(body.contains("<script>alert(1)</script>"), "{body}");
    // The JSON-LD carries the text, decoded back exactly.
    let ld: Vec<serde_json::Value> = select_all(&doc, "script[type='application/ld+json']")
        .iter()
        .map(|s| serde_json::from_str(s).unwrap())
        .collect();
    assert!(
        ld.iter().any(|v| v.to_string().contains("alert(1)")),
        "{ld:?}"
    );
    // The person page shows the bio as text.
    let person = files(&b.out)
        .into_iter()
        .find(|f| f.starts_with("people/eve-hostile") && f.ends_with("index.html"))
        .expect("person page");
    let text = select_all(&parse(&b.out, &person), "main").join(" ");
    assert!(text.contains("alert(1)"), "{text}");
}

#[test]
fn allow_html_passes_raw_html_but_never_script_urls() {
    let tmp = tempfile::tempdir().unwrap();
    hostile_site(tmp.path(), "allow_html = true\n", "");
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    check_site(&b.out, true);
    let page = article_page(&b.out, "2020/02/02/");
    let doc = parse(&b.out, &page);
    assert_eq!(select_all(&doc, ".story-body b"), vec!["raw bold"]);
    let html = read(&b.out, &page).to_lowercase();
    assert!(
        !html.contains("javascript:alert(8)"),
        "raw javascript: link kept"
    );
    assert!(
        !html.contains("&#106;avascript"),
        "encoded javascript: link kept"
    );
    // Front-matter text is still text with allow_html.
    let h1 = select_all(&doc, "h1").join(" ");
    assert!(h1.contains("<script>alert(1)</script>"), "{h1}");
}

#[test]
fn control_characters_keep_xml_well_formed() {
    let ctl: String = (0u8..0x20)
        .map(char::from)
        .chain(['\u{7f}', '\u{fffe}', '\u{ffff}'])
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    hostile_site(tmp.path(), "", &ctl);
    // Control characters in a raw file too (no NUL: that marks a binary file).
    let raw_ctl: String = (1u8..0x20)
        .filter(|c| *c != b'\n' && *c != b'\r')
        .map(char::from)
        .collect();
    std::fs::write(
        tmp.path().join("content/2020-02-04-ctl.txt"),
        format!("Control {raw_ctl} Title\n\nBody {raw_ctl} text.\n"),
    )
    .unwrap();
    // Every control character on its own, in title, summary, tag and person name.
    for c in 0u32..0x20 {
        let s = format!("Ctl{c} \\u{c:04X} end");
        std::fs::write(
            tmp.path()
                .join(format!("content/2020-03-{:02}-c{c}.md", c % 28 + 1)),
            format!(
                "+++\ntitle = \"{s}\"\nsummary = \"{s}\"\ntags = [\"{s}\"]\n\
                 people = [\"Pat {s}\"]\nsource = \"{s}\"\n+++\n\nBody.\n"
            ),
        )
        .unwrap();
    }
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    check_site(&b.out, false);
    let xml: Vec<String> = files(&b.out)
        .into_iter()
        .filter(|f| f.ends_with(".xml"))
        .collect();
    assert!(xml.len() >= 2, "{xml:?}");
    let feed = read(&b.out, "atom.xml");
    assert!(feed.contains("Ctl7"), "entries present");
}
