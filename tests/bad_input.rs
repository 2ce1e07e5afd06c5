//! Bad input, one case per test: every broken file ends in a clear warning naming the
//! file (and line where there is one), the rest of the archive is built and the exit
//! code is 0; under `--strict` the same input fails and nothing is published.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// The article every test site holds beside the bad input; it must always be built.
const GOOD_NAME: &str = "2020-01-01-good.md";
const GOOD: &str = "+++\ntitle = \"A Good Article\"\n+++\n\nFine text about the harbour.\n";
const GOOD_PAGE: &str = "2020/01/01/a-good-article/index.html";

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad-input")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A site with the good article and `files` (content-relative name, bytes).
fn site(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    std::fs::write(content.join(GOOD_NAME), GOOD).unwrap();
    for (name, bytes) in files {
        let p = content.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    tmp
}

/// Builds `root`, expecting success with a warning on `file` (at `line` if given) whose
/// message contains `msg`; the good article must be built. Then checks that `--strict`
/// fails and publishes nothing. Returns the normal build.
fn expect_warning(root: &Path, file: &str, line: Option<usize>, msg: &str) -> Built {
    let b = build_at(root, &[]);
    assert_eq!(b.code, 0, "stdout: {}\nstderr: {}", b.stdout, b.stderr);
    let at = match line {
        Some(l) => format!("{file}:{l}: "),
        None => format!("{file}: "),
    };
    let hit = b
        .stderr
        .lines()
        .any(|l| l.starts_with("warning: ") && l.contains(&at) && l.contains(msg));
    assert!(hit, "want a warning `{at}…{msg}…`, got:\n{}", b.stderr);
    assert!(files(&b.out).contains(GOOD_PAGE), "good article not built");
    assert!(!b.stdout.contains(" 0 warnings"), "{}", b.stdout);
    strict_fails(root);
    b
}

/// `--strict` into a new folder: non-zero exit, the folder is not created.
fn strict_fails(root: &Path) {
    let out = root.join("strict-out");
    let b = build_at(root, &["--strict", "--out", out.to_str().unwrap()]);
    assert_ne!(b.code, 0, "--strict must fail: {}", b.stdout);
    assert!(b.stderr.contains("--strict"), "{}", b.stderr);
    assert!(!out.exists(), "--strict published {}", out.display());
}

/// HTML pages of the build other than the fixed ones, i.e. article pages.
fn article_pages(out: &Path) -> Vec<String> {
    files(out)
        .into_iter()
        .filter(|f| {
            f.matches('/').count() == 4 && f.ends_with("/index.html") && f.starts_with("20")
        })
        .collect()
}

#[test]
fn malformed_toml_front_matter() {
    let tmp = site(&[("2020-02-01-bad.md", fixture("toml-syntax.md"))]);
    expect_warning(
        tmp.path(),
        "2020-02-01-bad.md",
        Some(2),
        "invalid TOML front matter",
    );
}

#[test]
fn malformed_yaml_front_matter() {
    let tmp = site(&[("2020-02-01-bad.md", fixture("yaml-syntax.md"))]);
    // The parser notices the unclosed list where the front matter ends (line 4).
    let b = expect_warning(tmp.path(), "2020-02-01-bad.md", Some(4), "invalid YAML");
    assert!(b.stderr.contains("(article skipped)"), "{}", b.stderr);
}

#[test]
fn front_matter_never_closed() {
    let tmp = site(&[("2020-02-01-open.md", fixture("unclosed.md"))]);
    expect_warning(tmp.path(), "2020-02-01-open.md", Some(1), "never closed");
}

#[test]
fn wrong_types_are_ignored_field_by_field() {
    let tmp = site(&[("2020-02-03-types.md", fixture("wrong-types.md"))]);
    let b = expect_warning(tmp.path(), "2020-02-03-types.md", Some(3), "`date`");
    assert!(
        b.stderr.contains("2020-02-03-types.md:4: ") && b.stderr.contains("`people`"),
        "{}",
        b.stderr
    );
    // The article is kept, dated from its file name.
    assert!(files(&b.out).contains("2020/02/03/wrong-types/index.html"));
}

#[test]
fn impossible_date_in_toml() {
    let tmp = site(&[("feb.md", fixture("impossible-date.md"))]);
    let b = expect_warning(tmp.path(), "feb.md", Some(3), "`date`");
    // Kept, undated.
    assert!(
        files(&b.out)
            .iter()
            .any(|f| f.contains("impossible-date") && f.starts_with("undated/")),
        "{:?}",
        files(&b.out)
    );
}

#[test]
fn impossible_date_in_yaml() {
    let tmp = site(&[("feb.md", fixture("impossible-date-yaml.md"))]);
    expect_warning(tmp.path(), "feb.md", Some(3), "`date`");
}

#[test]
fn latin1_is_decoded_and_said_so() {
    let tmp = site(&[("2020-03-01-latin1.txt", fixture("latin1.txt"))]);
    let b = expect_warning(tmp.path(), "2020-03-01-latin1.txt", None, "Windows-1252");
    let page = article_pages(&b.out)
        .into_iter()
        .find(|f| f.starts_with("2020/03/01/"))
        .expect("latin-1 article built");
    let doc = parse(&b.out, &page);
    assert_eq!(select_all(&doc, "h1"), vec!["Café Owner Wins Prize"]);
    assert!(select_all(&doc, ".story-body")[0].contains("crème brûlée"));
}

#[test]
fn windows1252_is_decoded_and_said_so() {
    let tmp = site(&[("2020-03-02-cp1252.txt", fixture("cp1252.txt"))]);
    let b = expect_warning(tmp.path(), "2020-03-02-cp1252.txt", None, "Windows-1252");
    let page = article_pages(&b.out)
        .into_iter()
        .find(|f| f.starts_with("2020/03/02/"))
        .expect("cp1252 article built");
    let body = select_all(&parse(&b.out, &page), ".story-body").join(" ");
    assert!(
        body.contains("“no” – again — to the tower, costing €100,000"),
        "{body}"
    );
}

#[test]
fn utf16_with_bom_is_converted() {
    for (name, fx) in [
        ("2020-03-03-le.txt", "utf16le.txt"),
        ("2020-03-03-be.txt", "utf16be.txt"),
    ] {
        let tmp = site(&[(name, fixture(fx))]);
        let b = expect_warning(tmp.path(), name, None, "UTF-16");
        assert!(
            files(&b.out).contains("2020/03/03/harbour-festival-returns/index.html"),
            "{fx}: {:?}",
            article_pages(&b.out)
        );
    }
}

#[test]
fn nul_filled_binary_named_txt_is_skipped() {
    let mut bytes = vec![0u8; 64 * 1024];
    bytes[..4].copy_from_slice(b"\x7fELF");
    let tmp = site(&[("2020-04-01-binary.txt", bytes)]);
    let b = expect_warning(tmp.path(), "2020-04-01-binary.txt", None, "binary");
    assert_eq!(article_pages(&b.out), vec![GOOD_PAGE.to_string()]);
}

#[test]
fn empty_file_is_skipped() {
    let tmp = site(&[("2020-04-02-empty.txt", fixture("empty.txt"))]);
    let b = expect_warning(tmp.path(), "2020-04-02-empty.txt", None, "empty");
    assert_eq!(article_pages(&b.out), vec![GOOD_PAGE.to_string()]);
    // One warning for the file, not the loader's and the extractor's both.
    assert_eq!(
        b.stderr.matches("2020-04-02-empty.txt").count(),
        1,
        "{}",
        b.stderr
    );
}

#[test]
fn empty_markdown_file_is_skipped_or_named() {
    let tmp = site(&[("2020-04-02-empty.md", Vec::new())]);
    expect_warning(tmp.path(), "2020-04-02-empty.md", None, "");
}

#[test]
fn blank_lines_only_is_skipped() {
    let tmp = site(&[("2020-04-03-blank.txt", fixture("blank.txt"))]);
    let b = expect_warning(tmp.path(), "2020-04-03-blank.txt", None, "empty");
    assert_eq!(article_pages(&b.out), vec![GOOD_PAGE.to_string()]);
}

#[test]
fn chrome_only_is_kept_with_a_warning() {
    // Chrome rules look at the shape of lines, so a file of nothing else is kept rather
    // than lost, and the warning says so.
    let tmp = site(&[("2020-04-04-chrome.txt", fixture("chrome-only.txt"))]);
    expect_warning(
        tmp.path(),
        "2020-04-04-chrome.txt",
        None,
        "every paragraph looks like site chrome",
    );
}

/// Peak resident memory of finished child processes, in MiB.
fn children_max_rss_mib() -> i64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    ru.ru_maxrss / 1024
}

#[test]
fn fifty_megabyte_article_builds_in_bounded_time_and_memory() {
    let para = "The committee met again on Tuesday to discuss the harbour budget, \
                and members said the figures would be published next week. ";
    let mut text = String::from("An Extremely Long Report\n\n");
    let mut i = 0usize;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&para.repeat(4));
        text.push_str(&format!("Paragraph {i}.\n\n"));
        i += 1;
    }
    let tmp = site(&[("2020-05-01-long.txt", text.into_bytes())]);
    let start = std::time::Instant::now();
    let b = build_at(tmp.path(), &[]);
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(files(&b.out).contains(GOOD_PAGE));
    let page = "2020/05/01/an-extremely-long-report/index.html";
    assert!(files(&b.out).contains(page), "{:?}", article_pages(&b.out));
    let rss = children_max_rss_mib();
    println!("50 MB article: {secs:.1} s, peak RSS {rss} MiB");
    assert!(secs < 120.0, "took {secs:.1} s");
    assert!(rss < 3 * 1024, "peak RSS {rss} MiB");
}

#[test]
fn one_megabyte_single_line_builds() {
    let mut text = String::from("One Very Long Line\n\n");
    while text.len() < 1024 * 1024 {
        text.push_str("and the council said more words without a single break ");
    }
    text.push('\n');
    let tmp = site(&[("2020-05-02-line.txt", text.into_bytes())]);
    let start = std::time::Instant::now();
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
    assert!(files(&b.out).contains("2020/05/02/one-very-long-line/index.html"));
    // The same line as a Markdown body.
    let md = format!(
        "+++\ntitle = \"Long Markdown Line\"\n+++\n\n{}\n",
        "word ".repeat(200_000)
    );
    let tmp = site(&[("2020-05-03-line.md", md.into_bytes())]);
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(files(&b.out).contains("2020/05/03/long-markdown-line/index.html"));
}

/// Every file under `root` outside `public/` and the cache, with its bytes.
fn snapshot_outside(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| {
            let n = e.file_name().to_string_lossy();
            n != "public" && n != ".dateline"
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}

#[test]
fn hostile_titles_give_safe_bounded_unique_slugs() {
    let long = "Long ".repeat(100); // 500 characters
    let titles = [
        "../../etc/passwd",
        "/",
        "\\",
        "CON",
        "🎉🔥🎉",
        long.as_str(),
        "..",
        "./.",
        "nul",
        "COM1",
    ];
    let mut files_in: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, t) in titles.iter().enumerate() {
        let esc = t.replace('\\', "\\\\");
        files_in.push((
            format!("2020-06-01-t{i}.md"),
            format!("+++\ntitle = \"{esc}\"\n+++\n\nBody {i}.\n").into_bytes(),
        ));
        // The same titles as raw text, and as explicit slugs.
        files_in.push((
            format!("2020-06-02-r{i}.txt"),
            format!("{t}\n\nBody text number {i} of the raw article.\n").into_bytes(),
        ));
        files_in.push((
            format!("2020-06-03-s{i}.md"),
            format!("+++\ntitle = \"Slug {i}\"\nslug = \"{esc}\"\n+++\n\nBody.\n").into_bytes(),
        ));
    }
    let refs: Vec<(&str, Vec<u8>)> = files_in
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    let tmp = site(&refs);
    let before = snapshot_outside(tmp.path());
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_eq!(
        before,
        snapshot_outside(tmp.path()),
        "wrote outside public/"
    );
    // Nothing beside the site root but what was there (plus the output and cache).
    let parent_entries: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for e in &parent_entries {
        assert!(
            ["content", "public", ".dateline"].contains(&e.as_str()),
            "unexpected {e}"
        );
    }
    let pages = article_pages(&b.out);
    assert_eq!(pages.len(), 1 + 3 * titles.len(), "{pages:#?}");
    let mut slugs = std::collections::BTreeSet::new();
    for p in &pages {
        let parts: Vec<&str> = p.split('/').collect();
        let slug = parts[3];
        assert!(
            !slug.is_empty()
                && slug.len() <= dateline::slug::MAX_SLUG_LEN + 4
                && slug
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
                && !["con", "nul", "com1", ".", ".."].contains(&slug),
            "unsafe slug {slug:?}"
        );
        assert!(slugs.insert(p.clone()), "duplicate page {p}");
    }
    // Every output file is a real file inside public/ (no symlinks, no escapes).
    for e in walkdir::WalkDir::new(&b.out) {
        let e = e.unwrap();
        assert!(!e.path_is_symlink(), "{}", e.path().display());
        assert!(e.path().starts_with(&b.out));
    }
}

#[test]
fn same_slug_and_date_get_distinct_pages() {
    let a = b"Storm Hits Coast\n\nFirst report of the storm.\n".to_vec();
    let b2 = b"Storm Hits Coast\n\nSecond report of the storm.\n".to_vec();
    let c = b"+++\ntitle = \"Storm Hits Coast\"\n+++\n\nThird report.\n".to_vec();
    let tmp = site(&[
        ("2020-07-01-a.txt", a),
        ("2020-07-01-b.txt", b2),
        ("2020-07-01-c.md", c),
    ]);
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let storm: Vec<String> = article_pages(&b.out)
        .into_iter()
        .filter(|p| p.starts_with("2020/07/01/storm-hits-coast"))
        .collect();
    assert_eq!(storm.len(), 3, "{storm:?}");
    // Which file gets which suffix does not depend on the run.
    let again = build_at(
        tmp.path(),
        &["--out", tmp.path().join("p2").to_str().unwrap()],
    );
    assert_eq!(again.code, 0);
    for p in &storm {
        assert_eq!(read(&b.out, p), read(&tmp.path().join("p2"), p), "{p}");
    }
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content_is_a_warning() {
    let tmp = site(&[(
        "sub/2020-08-01-inner.md",
        GOOD.replace("A Good", "Inner").into(),
    )]);
    let sub = tmp.path().join("content/sub");
    std::os::unix::fs::symlink(&sub, sub.join("loop")).unwrap();
    std::os::unix::fs::symlink("self.md", tmp.path().join("content/self.md")).unwrap();
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(b.stderr.contains("loop"), "{}", b.stderr);
    assert!(b.stderr.contains("self.md"), "{}", b.stderr);
    assert!(files(&b.out).contains(GOOD_PAGE));
    assert!(files(&b.out).contains("2020/08/01/inner-article/index.html"));
    strict_fails(tmp.path());
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = site(&[(
        "2020-09-01-locked.md",
        GOOD.replace("A Good", "Locked").into(),
    )]);
    let locked = tmp.path().join("content/2020-09-01-locked.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Running as root: permissions are not enforced. A FIFO named like an article
        // is unreadable in another way (a read would block); a directory named `.md`
        // cannot be read as a file either. Test the latter, which is portable.
        println!("notice: permissions are not enforced (root); testing chmod 000 skipped, using an unreadable directory entry instead");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::remove_file(&locked).unwrap();
        let d = tmp.path().join("content/2020-09-02-dir.md");
        std::fs::create_dir(&d).unwrap();
        std::fs::write(
            d.join("2020-09-02-nested.md"),
            GOOD.replace("A Good", "Nested"),
        )
        .unwrap();
        let b = build_at(tmp.path(), &[]);
        assert_eq!(b.code, 0, "{}", b.stderr);
        assert!(files(&b.out).contains(GOOD_PAGE));
        assert!(files(&b.out).contains("2020/09/02/nested-article/index.html"));
        return;
    }
    expect_warning(tmp.path(), "2020-09-01-locked.md", None, "ermission denied");
    // An unreadable folder too.
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    let dir = tmp.path().join("content/locked-dir");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("x.md"), GOOD).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).unwrap();
    let b = build_at(tmp.path(), &[]);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(b.stderr.contains("locked-dir"), "{}", b.stderr);
}

#[test]
fn people_toml_naming_a_person_twice() {
    let tmp = site(&[]);
    std::fs::write(tmp.path().join("people.toml"), fixture("people-twice.toml")).unwrap();
    let b = expect_warning(tmp.path(), "people.toml", Some(6), "Ann Lee");
    assert!(b.stderr.contains("more than one person"), "{}", b.stderr);
}

#[test]
fn malformed_people_toml_is_ignored_with_a_warning() {
    let tmp = site(&[]);
    std::fs::write(
        tmp.path().join("people.toml"),
        "[[person]]\nname = \"Unclosed\n",
    )
    .unwrap();
    expect_warning(tmp.path(), "people.toml", Some(2), "people.toml ignored");
}

#[test]
fn extract_reads_markdown_front_matter_and_names_its_problems() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-frontmatter/content");
    let (out, err, code) = run(&["extract", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let recs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 3);
    // The front matter gives the record, as in a build; it is not read as text.
    let good = &recs[0];
    assert!(good["path"]
        .as_str()
        .unwrap()
        .ends_with("2020-01-01-good.md"));
    assert_eq!(good["title"], "A Good Article");
    assert_eq!(good["date_source"], "filename");
    assert_eq!(good["body"].as_str().unwrap().trim(), "Fine.");
    assert_eq!(good["summary"], "Fine.");
    assert_eq!(good["warnings"], serde_json::json!([]));
    // A broken front matter: no record, a warning with its line.
    for bad in &recs[1..] {
        assert_eq!(bad["title"], "", "{bad}");
        let warnings = bad["warnings"].as_array().unwrap();
        assert_eq!(warnings.len(), 1, "{bad}");
        let w = warnings[0].as_str().unwrap();
        assert!(
            w.starts_with("line ") && w.contains("article skipped"),
            "{w}"
        );
    }
}
