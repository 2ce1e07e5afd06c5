//! End-to-end tests of the archive features: the static search index, person
//! timelines, corrections, `dateline check`, `dateline init` and the CLI help.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

fn json(out: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The shard holding `term`, the way search.js finds it: the longest key that is a
/// prefix of the term.
fn shard_for(out: &Path, term: &str) -> Value {
    try_shard_for(out, term).unwrap_or_else(|| panic!("no shard for {term}"))
}

fn try_shard_for(out: &Path, term: &str) -> Option<Value> {
    let meta = json(out, "search/meta.json");
    let keys: Vec<&str> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    let key = (2..=term.len().min(6))
        .rev()
        .map(|n| &term[..n])
        .find(|p| keys.contains(p))?;
    Some(json(out, &format!("search/index/{key}.json")))
}

fn decode(d: &Value) -> Vec<u64> {
    let mut acc = 0;
    d.as_array()
        .unwrap()
        .iter()
        .map(|x| {
            acc += x.as_u64().unwrap();
            acc
        })
        .collect()
}

/// URLs of the articles whose body or title has `term`.
fn articles_with(out: &Path, term: &str) -> Vec<String> {
    let meta = json(out, "search/meta.json");
    let per = meta["per"].as_u64().unwrap();
    let Some(shard) = try_shard_for(out, term) else {
        return Vec::new();
    };
    let Some(post) = shard["t"].get(term) else {
        return Vec::new();
    };
    decode(post)
        .into_iter()
        .map(|id| {
            let docs = json(out, &format!("search/docs/{}.json", id / per));
            docs[(id % per) as usize][1].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn search_index_finds_people_and_body_words() {
    let b = build_fixture("archive", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let meta = json(&b.out, "search/meta.json");
    assert_eq!(meta["docs"], 6);
    assert!(meta["stop"].as_array().unwrap().iter().any(|w| w == "the"));
    // A surname finds the person.
    let s = shard_for(&b.out, "kowalski");
    let ids = s["p"]["kowalski"].as_array().expect("kowalski indexed");
    let urls: Vec<&str> = ids
        .iter()
        .map(|id| s["pm"][id.to_string()][1].as_str().unwrap())
        .collect();
    assert!(urls.contains(&"people/anna-kowalski/"), "{urls:?}");
    // A body word finds its article; a headline word is marked as in the title.
    let hits = articles_with(&b.out, "generational");
    assert_eq!(hits, vec!["2021/05/03/port-expansion-approved/"]);
    let s = shard_for(&b.out, "expansion");
    assert!(s["h"].get("expansion").is_some());
    // Stop words, one-letter words and drafts are not indexed.
    assert!(articles_with(&b.out, "the").is_empty());
    let all: Vec<String> = walkdir::WalkDir::new(b.out.join("search/index"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert!(all.iter().all(|s| !s.contains("\"the\"")));
    // Every shard named in meta exists and parses; every doc shard parses.
    for k in meta["shards"].as_array().unwrap() {
        json(
            &b.out,
            &format!("search/index/{}.json", k.as_str().unwrap()),
        );
    }
    json(&b.out, "search/docs/0.json");
}

#[test]
fn search_page_works_without_a_server_and_explains_itself_without_js() {
    let b = build_fixture("archive", &[]);
    let doc = parse(&b.out, "search/index.html");
    assert_eq!(
        attrs(&doc, "form.search-form", "data-index"),
        vec!["/news/search/"]
    );
    assert!(select_all(&doc, "noscript")
        .join(" ")
        .contains("needs JavaScript"));
    assert_eq!(
        attrs(&doc, "script[src]", "src"),
        vec!["/news/assets/search.js"]
    );
    assert!(b.out.join("assets/search.js").is_file());
    // Every page has a search box in the masthead that leads to the search page.
    let home = parse(&b.out, "index.html");
    assert_eq!(
        attrs(&home, "form.masthead-search", "action"),
        vec!["/news/search/"]
    );
    // The people index has the (progressive) filter box and its script.
    let people = parse(&b.out, "people/index.html");
    assert_eq!(attrs(&people, "#people-filter", "hidden").len(), 1);
    assert!(b.out.join("assets/people.js").is_file());
}

#[test]
fn person_timeline_svg_has_a_bar_per_month() {
    let b = build_fixture("archive", &[]);
    let html = read(&b.out, "people/anna-kowalski/index.html");
    let start = html.find("<svg").expect("timeline svg");
    let end = html[start..].find("</svg>").unwrap() + start + 6;
    let svg = roxmltree::Document::parse(&html[start..end]).expect("well-formed svg");
    let root = svg.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root
        .attribute("aria-label")
        .unwrap()
        .starts_with("Articles with Anna Kowalski per month"));
    assert!(root.children().any(|n| n.has_tag_name("desc")));
    assert!(
        !html.contains("<title>Articles"),
        "page keeps a single <title>"
    );
    // Anna Kowalski: May 2021 (port expansion) to February 2022 (storm ×2) = 10 months.
    let bars: Vec<f64> = root
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .map(|n| n.attribute("height").unwrap().parse().unwrap())
        .collect();
    assert_eq!(bars.len(), 10, "{bars:?}");
    assert_eq!(
        bars[9], 78.0,
        "tallest bar: February 2022 with two articles"
    );
    assert_eq!(bars[0], 39.0, "May 2021: one article, half height");
    assert!(bars[1..9].iter().all(|&h| h == 0.0));
    // The text alternative lists the months with articles and links them.
    let doc = parse(&b.out, "people/anna-kowalski/index.html");
    let rows = select_all(&doc, "div.timeline table tbody tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(attrs(&doc, "div.timeline table a", "href").contains(&"/news/2022/02/".to_string()));
}

#[test]
fn corrections_render_on_the_article_in_json_ld_and_on_the_corrections_page() {
    let b = build_fixture("archive", &[]);
    let doc = parse(&b.out, "2022/02/01/winter-storm/index.html");
    let note = select_all(&doc, "aside.correction").join(" ");
    assert!(note.contains("not Monday"), "{note}");
    let meta = attrs(&doc, "meta[property='article:modified_time']", "content");
    assert_eq!(meta, vec!["2022-02-03"]);
    let ld: Value =
        serde_json::from_str(&select_all(&doc, "script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(ld["dateModified"], "2022-02-03");
    assert_eq!(ld["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(ld["correction"][0]["datePublished"], "2022-02-03");
    let list = parse(&b.out, "corrections/index.html");
    assert!(select_all(&list, ".correction-entry")
        .join(" ")
        .contains("not Monday"));
    assert!(attrs(&list, ".correction-entry a", "href")
        .contains(&"/news/2022/02/01/winter-storm/".to_string()));
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn check_reports_problems_with_file_and_line_and_writes_nothing() {
    let tmp = fixture_copy("archive");
    let root = tmp.path();
    write(
        root,
        "content/2022/2022-03-01-links.md",
        "+++\ntitle = \"Links\"\naliases = [\"/people/\"]\nupdated = 2022-01-01\n+++\n\n\
         See [the port](/news/2021/05/03/port-expansion-approved/) and [the \
         storm](/news/2022/02/01/winter-storm/#nowhere).\n\n\
         A [dead link](/news/2019/01/01/gone/) and ![a photo](/news/images/missing.jpg).\n\n\
         Logo: ![logo](/news/images/logo.png) and [anchor](#headline).\n",
    );
    write(
        root,
        "people.toml",
        "[[person]]\nname = \"Anna Kowalski\"\n\n[[person]]\nname = \"Nobody Here\"\n",
    );
    let (out, err, code) = run(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}\n{err}");
    let has = |needle: &str| {
        assert!(
            out.lines().any(|l| l.contains(needle)),
            "no `{needle}` in\n{out}"
        )
    };
    has("2022-03-01-links.md:4: warning: updated 2022-01-01 is before the date 2022-03-01");
    has("2022-03-01-links.md:7: error: link `/news/2022/02/01/winter-storm/#nowhere`: no element with id `nowhere`");
    has("2022-03-01-links.md:9: error: broken link `/news/2019/01/01/gone/`");
    has("2022-03-01-links.md:9: error: missing image `/news/images/missing.jpg`");
    has("people.toml:5: warning: `Nobody Here` matches no person in the archive");
    has("two pages claim /people/index.html");
    has("winter-storm-update.md: error: URL already taken by another article");
    assert!(!out.contains("port-expansion-approved/`"), "{out}");
    assert!(!out.contains("logo.png"), "{out}");
    assert!(!out.contains("#headline"), "{out}");
    assert!(err.contains("errors"), "{err}");
    assert!(!root.join("public").exists(), "check must not write");
}

#[test]
fn init_creates_a_site_that_builds_and_checks_clean_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let d = dir.to_str().unwrap();
    let (out, err, code) = run(&["init", d]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("dateline.toml"));
    for f in [
        "dateline.toml",
        "content/2024-01-15-welcome.md",
        "templates/README.md",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    assert!(dir.join("static").is_dir());
    let (out, err, code) = run(&["check", "--root", d]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    let b = build_at(&dir, &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(b
        .out
        .join("2024/01/15/welcome-to-the-archive/index.html")
        .is_file());
    std::fs::write(dir.join("dateline.toml"), "title = \"Mine\"\n").unwrap();
    let (_, err, code) = run(&["init", d]);
    assert_ne!(code, 0);
    assert!(err.contains("refusing to overwrite"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("dateline.toml")).unwrap(),
        "title = \"Mine\"\n"
    );
}

#[test]
fn static_files_are_copied_without_editor_and_version_control_leftovers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let (_, err, code) = run(&["init", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let st = dir.join("static");
    for (rel, text) in [
        ("css/site.css", "body { margin: 0 }"),
        (".htaccess", "ErrorDocument 404 /404.html"),
        (
            ".well-known/security.txt",
            "Contact: mailto:desk@example.org",
        ),
        (".DS_Store", "x"),
        (".git/HEAD", "ref: refs/heads/main"),
        ("css/.site.css.swp", "x"),
        ("css/site.css~", "x"),
    ] {
        let path = st.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let b = build_at(&dir, &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let published: Vec<String> = files(&b.out)
        .into_iter()
        .filter(|f| {
            !f.ends_with(".html")
                && !f.ends_with(".xml")
                && !f.starts_with("assets/")
                && !f.starts_with("search/")
        })
        .collect();
    assert_eq!(
        published,
        [
            ".dateline-manifest",
            ".htaccess",
            ".well-known/security.txt",
            "css/site.css",
            "robots.txt"
        ],
        "{published:?}"
    );
    assert_eq!(read(&b.out, ".htaccess"), "ErrorDocument 404 /404.html");
}

#[test]
fn help_and_completions_cover_every_subcommand() {
    let (out, _, code) = run(&["--help"]);
    assert_eq!(code, 0);
    for sub in ["build", "extract", "check", "init", "completions"] {
        assert!(out.contains(sub), "{sub} missing from --help:\n{out}");
        let (h, _, c) = run(&[sub, "--help"]);
        assert_eq!(c, 0, "{sub} --help");
        assert!(h.contains("Usage: dateline"), "{h}");
    }
    for shell in ["bash", "zsh", "fish"] {
        let (out, _, code) = run(&["completions", shell]);
        assert_eq!(code, 0);
        assert!(out.contains("check") && out.contains("init"), "{shell}");
    }
}
