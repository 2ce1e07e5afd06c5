//! The bundled sample article, end to end: its extracted record, and its page in the
//! built sample site.

mod common;

use common::*;
use std::path::Path;

const SAMPLE: &str = "content/2022-08-04-zelensky-seeks-direct-talks-with-xi.txt";
const CHROME: [&str; 5] = [
    "Colum Murphy offers assistance",
    "Read More From Time",
    "Reach out to usSend your letters to",
    "Related Articles",
    "Back to top button",
];

fn sample_path() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(SAMPLE)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn extract_gives_the_sample_its_full_record() {
    let (out, err, code) = run(&["extract", "--format", "json", &sample_path()]);
    assert_eq!(code, 0, "{err}");
    let rec: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        rec["title"],
        "Zelensky Seeks Direct Talks With Xi Amid War With Russia"
    );
    assert_eq!(rec["date"], "2022-08-04");
    assert_eq!(rec["date_source"], "filename");
    assert_eq!(rec["source"], "Time");
    assert_eq!(rec["contributors"], serde_json::json!(["Colum Murphy"]));
    assert_eq!(rec["byline"], serde_json::json!([]));
    let people: Vec<(String, Vec<String>, Vec<String>, Option<u64>)> = rec["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let strs = |k: &str| -> Vec<String> {
                p[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_string())
                    .collect()
            };
            (
                p["name"].as_str().unwrap().to_string(),
                strs("aliases"),
                strs("roles"),
                p["age"].as_u64(),
            )
        })
        .collect();
    let s = |v: &[&str]| -> Vec<String> { v.iter().map(|x| x.to_string()).collect() };
    assert_eq!(
        people,
        vec![
            (
                "Volodymyr Zelensky".into(),
                s(&["Zelensky"]),
                s(&["Ukrainian President"]),
                Some(44)
            ),
            (
                "Xi Jinping".into(),
                s(&["Xi"]),
                s(&["Chinese leader"]),
                None
            ),
            ("Putin".into(), s(&[]), s(&[]), None),
            ("Wang Yi".into(), s(&[]), s(&["Foreign Minister"]), None),
            (
                "Hua Chunying".into(),
                s(&[]),
                s(&["Chinese Foreign Ministry spokeswoman"]),
                None
            ),
        ]
    );
    let body = rec["body"].as_str().unwrap();
    for line in CHROME {
        assert!(!body.contains(line), "chrome line left in body: {line}");
    }
    assert!(
        body.ends_with("“Everyone wants to live in peace.”"),
        "{body}"
    );
    let quotes = rec["quotes"].as_array().unwrap();
    let kids = quotes
        .iter()
        .find(|q| {
            q["text"]
                .as_str()
                .unwrap()
                .starts_with("Everyone loves their kids")
        })
        .expect("quote found");
    assert_eq!(kids["speaker"], "Volodymyr Zelensky");
}

#[test]
fn sample_site_article_page_shows_the_story_without_chrome() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("content"), &tmp.path().join("content"));
    std::fs::copy(root.join("dateline.toml"), tmp.path().join("dateline.toml")).unwrap();
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let page = "2022/08/04/zelensky-seeks-direct-talks-with-xi-amid-war-with-russia/index.html";
    let doc = parse(&b.out, page);
    assert_eq!(
        select_all(&doc, "h1"),
        vec!["Zelensky Seeks Direct Talks With Xi Amid War With Russia"]
    );
    let body = select_all(&doc, ".story-body").join("\n");
    assert!(body.contains("Everyone loves their kids"));
    for line in CHROME {
        assert!(
            !read(&b.out, page).contains(line),
            "chrome on the page: {line}"
        );
    }
    assert_eq!(
        select_all(&doc, ".people-mentioned li a"),
        vec![
            "Volodymyr Zelensky",
            "Xi Jinping",
            "Putin",
            "Wang Yi",
            "Hua Chunying"
        ]
    );
    assert_eq!(select_all(&doc, ".contributors a"), vec!["Colum Murphy"]);
    for slug in [
        "volodymyr-zelensky",
        "xi-jinping",
        "putin",
        "wang-yi",
        "hua-chunying",
        "colum-murphy",
    ] {
        let person = parse(&b.out, &format!("people/{slug}/index.html"));
        let cards = select_all(&person, ".card-title");
        assert!(
            cards.contains(&"Zelensky Seeks Direct Talks With Xi Amid War With Russia".to_string()),
            "{slug}: {cards:?}"
        );
    }
    let people = parse(&b.out, "people/index.html");
    assert!(select_all(&people, ".people-list a").contains(&"Hua Chunying".to_string()));
    assert!(broken_links(&b.out, "http://localhost:1111/").is_empty());
}
