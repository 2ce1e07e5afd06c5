//! `relative_urls`: a build whose pages link to each other by relative file paths, so
//! the output can be opened from disk. Every link of every page is followed on disk.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{attrs, files, parse, read};

/// The site-relative file that `link` (as written in page `page`) names, with its
/// fragment; `None` when it climbs out of the site.
fn resolve(page: &str, link: &str) -> Option<(String, Option<String>)> {
    let (link, frag) = match link.split_once('#') {
        Some((l, f)) => (l, Some(f.to_string())),
        None => (link, None),
    };
    let link = link.split('?').next().unwrap();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if link.ends_with('/') || link.is_empty() {
        // A folder: what a web server would answer, not what a file browser opens.
        path.push('/');
    }
    Some((path, frag))
}

fn has_scheme(u: &str) -> bool {
    u.split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/'))
}

/// Every link of a page in document order: `href`, `src`, `action`, each `srcset`
/// candidate and a refresh's `url=`.
fn links(out: &Path, page: &str) -> Vec<String> {
    let doc = parse(out, page);
    let mut v = Vec::new();
    let sel =
        scraper::Selector::parse("[href], [src], [action], [srcset], meta[http-equiv]").unwrap();
    for el in doc.select(&sel) {
        let e = el.value();
        for a in ["href", "src", "action"] {
            if let Some(u) = e.attr(a) {
                v.push(u.to_string());
            }
        }
        if let Some(s) = e.attr("srcset") {
            v.extend(
                s.split(',')
                    .filter_map(|c| c.split_whitespace().next().map(str::to_string)),
            );
        }
        if let Some(c) = e.attr("content") {
            if let Some((_, u)) = c.split_once("url=") {
                v.push(u.to_string());
            }
        }
    }
    v
}

#[test]
fn every_link_of_a_relative_build_opens_a_file() {
    let b = common::build_fixture("relative", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let all = files(&b.out);
    let pages: Vec<&String> = all.iter().filter(|f| f.ends_with(".html")).collect();
    assert!(pages.len() >= 15, "{pages:?}");
    let mut followed = 0;
    let mut problems = Vec::new();
    for page in &pages {
        for u in links(&b.out, page) {
            if let Some(frag) = u.strip_prefix('#') {
                let doc = parse(&b.out, page);
                if attrs(&doc, &format!("[id=\"{frag}\"]"), "id").is_empty() {
                    problems.push(format!("{page}: no id for {u}"));
                }
                continue;
            }
            if has_scheme(&u) || u.starts_with("//") {
                continue;
            }
            if u.starts_with('/') {
                problems.push(format!("{page}: root-relative link {u}"));
                continue;
            }
            followed += 1;
            match resolve(page, &u) {
                Some((f, _)) if f.ends_with('/') || f.is_empty() => {
                    problems.push(format!("{page}: {u} names a folder, not a file"))
                }
                Some((f, frag)) if all.contains(&f) => {
                    if let Some(frag) = frag.filter(|x| !x.is_empty()) {
                        let t = parse(&b.out, &f);
                        if attrs(&t, &format!("[id=\"{frag}\"]"), "id").is_empty() {
                            problems.push(format!("{page}: {u}: no id {frag} in {f}"));
                        }
                    }
                }
                _ => problems.push(format!("{page}: broken link {u}")),
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(followed > 200, "only {followed} links followed");

    // The Markdown body's own links, the image and the redirect of the old address.
    let article = "2023/04/02/harbour-fees-rise/index.html";
    let art = links(&b.out, article);
    for want in [
        "../../../../2023/03/20/quay-repairs-begin/index.html#quotes-heading",
        "../../../../people/index.html",
        "../../../../search/index.html?q=fees",
        "../../../../images/seal.png",
        "https://example.com/fees/",
    ] {
        assert!(art.iter().any(|u| u == want), "{want} not in {art:?}");
    }
    assert_eq!(
        links(&b.out, "old/fees/index.html")
            .into_iter()
            .filter(|u| !u.starts_with("https:"))
            .collect::<Vec<_>>(),
        [
            "../../2023/04/02/harbour-fees-rise/index.html",
            "../../2023/04/02/harbour-fees-rise/index.html"
        ]
    );
    // Addresses for the outside world stay absolute.
    let doc = parse(&b.out, article);
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://example.org/herald/2023/04/02/harbour-fees-rise/"]
    );
    assert_eq!(
        attrs(
            &parse(&b.out, "old/fees/index.html"),
            "link[rel=canonical]",
            "href"
        ),
        ["https://example.org/herald/2023/04/02/harbour-fees-rise/"]
    );
    assert!(read(&b.out, "sitemap.xml")
        .contains("<loc>https://example.org/herald/2023/04/02/harbour-fees-rise/</loc>"));
    // The search script's prefixes name the index folder and the site root.
    let search = parse(&b.out, "search/index.html");
    assert_eq!(
        attrs(&search, "form[data-index]", "data-index"),
        ["../search/"]
    );
    assert_eq!(attrs(&search, "form[data-base]", "data-base"), ["../"]);
    assert!(b.out.join("search/meta.json").is_file());
}

#[test]
fn relative_and_root_builds_link_the_same_files() {
    let plain = common::build_fixture("archive", &[]);
    let rel = common::build_fixture("archive", &["--relative-urls"]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert_eq!(rel.code, 0, "{}", rel.stderr);
    let all = files(&plain.out);
    assert_eq!(all, files(&rel.out));
    let mut compared = 0;
    for page in all.iter().filter(|f| f.ends_with(".html")) {
        let a = links(&plain.out, page);
        let b = links(&rel.out, page);
        assert_eq!(a.len(), b.len(), "{page}");
        for (x, y) in a.iter().zip(&b) {
            // A redirect's target is absolute in a root build.
            let x = match x.strip_prefix("https://example.org") {
                Some(path) if !has_scheme(y) => path,
                _ => x.as_str(),
            };
            if let Some(rest) = x.strip_prefix("/news/") {
                // The same file (and fragment) by the other route.
                let want = common::url_to_file(x, "/news/").unwrap();
                let (got, frag) = resolve(page, y).unwrap();
                assert_eq!(got, want, "{page}: {x} vs {y}");
                assert_eq!(
                    frag.as_deref(),
                    rest.split_once('#').map(|(_, f)| f),
                    "{page}: {x} vs {y}"
                );
                compared += 1;
            } else {
                assert_eq!(x, y, "{page}: links outside the site stay as they are");
            }
        }
    }
    assert!(compared > 300, "{compared}");
    // Feeds, the sitemap and the search index are not pages: byte for byte the same.
    // (The manifest records the pages' hashes, so it differs.)
    for f in all
        .iter()
        .filter(|f| !f.ends_with(".html") && !f.starts_with(".dateline"))
    {
        assert_eq!(
            std::fs::read(plain.out.join(f)).unwrap(),
            std::fs::read(rel.out.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn switching_relative_urls_rebuilds_the_pages() {
    let tmp = common::fixture_copy("archive");
    let page = "2021/06/10/fish-market-moves-indoors/index.html";
    let hrefs = |out: &Path| -> BTreeSet<String> {
        attrs(&parse(out, page), "a[href]", "href")
            .into_iter()
            .collect()
    };
    let b = common::build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(hrefs(&b.out).contains("/news/people/jonas-berg/"));
    let b = common::build_at(tmp.path(), &["--relative-urls"]);
    assert!(b.stdout.starts_with("Built"), "{}", b.stdout);
    let h = hrefs(&b.out);
    assert!(
        h.contains("../../../../people/jonas-berg/index.html"),
        "{h:?}"
    );
    let b = common::build_at(tmp.path(), &["--relative-urls"]);
    assert!(b.stdout.starts_with("Up to date"), "{}", b.stdout);
    let b = common::build_at(tmp.path(), &[]);
    assert!(b.stdout.starts_with("Built"), "{}", b.stdout);
    assert!(hrefs(&b.out).contains("/news/people/jonas-berg/"));
}
