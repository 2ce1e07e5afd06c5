//! Replays every file of the fuzz corpora (`fuzz/corpus/<target>/`) through the same
//! checks the `cargo fuzz` targets make, so inputs that once crashed stay fixed under a
//! plain `cargo test` on stable.

use std::path::{Path, PathBuf};

use dateline::load::{decode::decode, parse, RawArticle, SourceKind};

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut v: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    v.sort();
    assert!(!v.is_empty(), "empty corpus {}", dir.display());
    v
}

/// Same as `fuzz/fuzz_targets/extract_raw.rs`.
pub fn check_extract_raw(data: &[u8]) {
    if let Ok((text, _)) = decode(data.to_vec()) {
        let a = dateline::extract::extract_raw(&text, "2020-01-01-fuzz.txt");
        let b = dateline::extract::extract_raw(&text, "2020-01-01-fuzz.txt");
        assert_eq!(a, b, "extraction is not deterministic");
    }
}

/// Same as `fuzz/fuzz_targets/front_matter.rs`.
pub fn check_front_matter(data: &[u8]) {
    if let Ok((text, encoding)) = decode(data.to_vec()) {
        let raw = RawArticle {
            rel: "2020-01-01-fuzz.md".into(),
            kind: SourceKind::Markdown,
            text,
            encoding,
            hash: 0,
            stamp: Default::default(),
        };
        let _ = parse(&raw, Path::new("2020-01-01-fuzz.md"));
    }
}

/// Same as `fuzz/fuzz_targets/people.rs`.
pub fn check_people(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let paras: Vec<String> = text
        .split("\n\n")
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect();
    let found = dateline::extract::people::extract(&paras, &[]);
    for m in &found.mentions {
        assert!(m.person < found.people.len());
        assert!(paras[m.para].get(m.start..m.end).is_some());
    }
}

fn replay(target: &str, check: fn(&[u8])) {
    for (path, bytes) in corpus(target) {
        let r = std::panic::catch_unwind(|| check(&bytes));
        assert!(r.is_ok(), "{target}: {} fails", path.display());
    }
}

#[test]
fn extract_raw_corpus() {
    replay("extract_raw", check_extract_raw);
}

#[test]
fn front_matter_corpus() {
    replay("front_matter", check_front_matter);
}

#[test]
fn people_corpus() {
    replay("people", check_people);
}
