//! `dateline import` and `dateline people`, and the people registry (`people.toml`).

mod common;

use common::*;
use std::path::Path;

#[test]
fn import_writes_markdown_once_and_never_overwrites_without_force() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/raw");
    let tmp = tempfile::tempdir().unwrap();
    let into = tmp.path().join("content");
    let (out, err, code) = run(&[
        "import",
        src.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 written"), "{out}");
    let names = files(&into);
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        vec![
            "2021-09-01-harbour-fees-to-rise-in-spring.md",
            "office-closed-for-repairs.md"
        ]
    );
    let md =
        std::fs::read_to_string(into.join("2021-09-01-harbour-fees-to-rise-in-spring.md")).unwrap();
    assert!(
        md.starts_with("+++\ntitle = \"Harbour Fees to Rise in Spring\"\n"),
        "{md}"
    );
    assert!(md.contains("date = 2021-09-01\n"), "{md}");
    // Twice: nothing changes.
    let (out, _, _) = run(&[
        "import",
        src.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ]);
    assert!(out.contains("0 written, 2 unchanged"), "{out}");
    // An edited file is kept unless --force.
    let target = into.join("office-closed-for-repairs.md");
    std::fs::write(&target, "edited by hand").unwrap();
    let (out, err, _) = run(&[
        "import",
        src.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ]);
    assert!(out.contains("1 kept"), "{out}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "edited by hand");
    let (out, _, _) = run(&[
        "import",
        src.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
        "--force",
    ]);
    assert!(out.contains("1 written"), "{out}");
    assert_ne!(std::fs::read_to_string(&target).unwrap(), "edited by hand");
    // The imported site builds, with the same articles.
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(
        b.stdout.starts_with("Built 2 articles (1 undated)"),
        "{}",
        b.stdout
    );
    // The sources are untouched.
    assert_eq!(files(&src).len(), 2);
}

#[test]
fn registry_merges_aliases_drops_non_people_and_keeps_surnames_apart() {
    let b = build_fixture("registry", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_eq!(
        person_pages(&b.out),
        vec![
            "people/anna-kowalski/index.html",
            "people/berg/index.html",
            "people/jonas-berg/index.html",
            "people/karin-berg/index.html",
        ]
    );
    let anna = parse(&b.out, "people/anna-kowalski/index.html");
    assert_eq!(
        select_all(&anna, ".standfirst"),
        vec!["Chair of the regional port board since 2019."]
    );
    assert_eq!(
        select_all(
            &anna,
            "section[aria-labelledby=mentioned-heading] .card-title"
        ),
        vec!["Board Meets Again", "Board Meets"]
    );
}

#[test]
fn people_report_lists_counts_and_suggestions() {
    let tmp = fixture_copy("registry");
    let v = people_json(tmp.path());
    let anna = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Anna Kowalski")
        .unwrap();
    assert_eq!(anna["articles"], 2);
    let sug = v["suggestions"].as_array().unwrap();
    assert!(
        sug.iter()
            .any(|s| s["name"] == "Berg" && s["candidates"].as_array().unwrap().len() == 2),
        "{sug:?}"
    );
    let (text, _, _) = run(&["people", "--root", tmp.path().to_str().unwrap()]);
    assert!(text.contains("Suggested merges"), "{text}");
}

/// `dateline people --format json` for the site at `root`.
fn people_json(root: &Path) -> serde_json::Value {
    let (out, err, code) = run(&[
        "people",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// The person pages a build made, by folder.
fn person_pages(out: &Path) -> Vec<String> {
    files(out)
        .into_iter()
        .filter(|f| {
            f.starts_with("people/") && f.ends_with("/index.html") && f != "people/index.html"
        })
        .collect()
}

#[test]
fn a_name_the_archive_writes_as_a_title_is_no_person() {
    // "Edith Crane" follows "band"/"group" in two articles and is nowhere given a role or
    // an age: a band. "Mabel Orr" too, but one article gives an age: a person.
    // "Rosa Kettering" follows "film" in one article only: not enough to drop her.
    let b = build_fixture("titles", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_eq!(
        person_pages(&b.out),
        [
            "people/halvor-vossberg/index.html",
            "people/ines-marwick/index.html",
            "people/jo-bloggs/index.html",
            "people/mabel-orr/index.html",
            "people/rosa-kettering/index.html",
        ]
    );
    // Not on the article where the name stands bare, nor in the index.
    let awards = parse(
        &b.out,
        "2021/03/15/awards-night-rewards-newcomers/index.html",
    );
    let linked = attrs(&awards, "a[href*='/people/']", "href");
    assert!(
        linked.iter().any(|h| h.contains("/people/mabel-orr/")),
        "{linked:?}"
    );
    assert!(!linked.iter().any(|h| h.contains("edith")), "{linked:?}");
    let index = read(&b.out, "people/index.html");
    assert!(!index.contains("Edith Crane") && index.contains("Mabel Orr"));
    let orr = parse(&b.out, "people/mabel-orr/index.html");
    assert_eq!(
        select_all(
            &orr,
            "section[aria-labelledby=mentioned-heading] .card-title"
        )
        .len(),
        3
    );
    // `extract` records the evidence.
    let (out, err, code) = run(&[
        "extract",
        "--format",
        "json",
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/titles/content/2021-03-08-festival.txt")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let rec: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        rec["works"],
        serde_json::json!(["Edith Crane", "Mabel Orr"])
    );

    // `dateline people` lists it among the titles, for editors to overrule.
    let copy = fixture_copy("titles");
    assert_eq!(
        people_json(copy.path())["titles"],
        serde_json::json!(["Edith Crane"])
    );
    let (text, _, _) = run(&["people", "--root", copy.path().to_str().unwrap()]);
    assert!(
        text.contains("Taken for titles, not people") && text.contains("\n  Edith Crane\n"),
        "{text}"
    );

    // Declared a person in `people.toml`, the name is one.
    let tmp = fixture_copy("titles");
    std::fs::write(
        tmp.path().join("people.toml"),
        "[[person]]\nname = \"Edith Crane\"\n",
    )
    .unwrap();
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(person_pages(&b.out).contains(&"people/edith-crane/index.html".to_string()));
    assert_eq!(people_json(tmp.path())["titles"], serde_json::json!([]));
}
