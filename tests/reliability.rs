//! Nothing lost, nothing half-written, nothing leaked: builds killed at random points
//! leave the previous site whole; a full disk is a clear error; sources are never
//! touched; hostile text never becomes markup; two builds of the same sources are
//! byte-identical.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

/// Every file under `dir` (relative path → xxh3 of its bytes), optionally without the
/// manifest (which records the output path in its fingerprint).
fn tree(dir: &Path, with_manifest: bool) -> BTreeMap<String, u64> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = load_rel(dir, e.path());
            let bytes = std::fs::read(e.path()).unwrap();
            (rel, xxhash_rust::xxh3::xxh3_64(&bytes))
        })
        .filter(|(rel, _)| with_manifest || rel != ".dateline-manifest")
        .collect()
}

fn load_rel(dir: &Path, p: &Path) -> String {
    dateline::load::rel_path(dir, p)
}

/// Entries beside the output folder whose name marks them as dateline's scratch folders.
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".dateline-"))
        .collect()
}

/// A small deterministic generator (xorshift), so runs are reproducible by seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const NAMES: [&str; 8] = [
    "Anna Kowalski",
    "Jonas Berg",
    "Lena Fischer",
    "Omar Haddad",
    "Priya Nair",
    "Tomas Novak",
    "Mei Tanaka",
    "Kofi Mensah",
];

/// Writes `n` small articles (a mix of Markdown and raw text, many on the same day).
fn generate_site(root: &Path, n: usize, seed: u64) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    let mut rng = Rng(seed | 1);
    for i in 0..n {
        let day = chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap()
            + chrono::Days::new(rng.below(400));
        let a = NAMES[rng.below(8) as usize];
        let b = NAMES[rng.below(8) as usize];
        let sub = content.join(format!("{}", day.format("%Y/%m")));
        std::fs::create_dir_all(&sub).unwrap();
        if i % 3 == 0 {
            std::fs::write(
                sub.join(format!("{day}-raw-{i}.txt")),
                format!(
                    "Council Votes On Item {i}\n\nBy {a}\n\nTOWN (Wire) — {b} said on Monday \
                     that item {i} was approved.\n\n\"We are pleased,\" {b} said.\n"
                ),
            )
            .unwrap();
        } else {
            std::fs::write(
                sub.join(format!("{day}-story-{i}.md")),
                format!(
                    "+++\ntitle = \"Report {}\"\npeople = [\"{a}\", \"{b}\"]\ntags = [\"t{}\"]\n+++\n\n\
                     {a} met {b} to discuss item {i}.\n\nA second paragraph.\n",
                    i % 50,
                    i % 7
                ),
            )
            .unwrap();
        }
    }
}

#[test]
fn killed_builds_never_damage_the_published_site() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    generate_site(root, 3000, 42);
    let out = root.join("public");
    let t0 = Instant::now();
    let first = build_at(root, &[]);
    let full = t0.elapsed();
    assert_eq!(first.code, 0, "{}", first.stderr);
    let mut before = tree(&out, true);
    assert!(before.len() > 3000, "{}", before.len());
    // The next build has something to do: one article changes.
    let changed = root.join("content/changed.md");
    std::fs::write(&changed, "+++\ntitle = \"Changed\"\n+++\n\nNew text.\n").unwrap();
    // What an uninterrupted build of the changed sources gives, for a kill that lands
    // after the swap.
    let reference = root.join("reference");
    let t1 = Instant::now();
    let r = build_at(root, &["--out", reference.to_str().unwrap()]);
    // The killed builds do this much work; delays span it and a little beyond.
    let rebuild = t1.elapsed();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = tree(&reference, false);
    std::fs::remove_dir_all(&reference).unwrap();
    let span = rebuild.as_millis().max(50) as u64;
    let mut rng = Rng(0x5eed);
    let mut kinds = (0, 0);
    for run in 0..8 {
        // The last run is killed well after a normal build would have finished, so the
        // new site must be there, whole.
        let delay = if run == 7 {
            3 * span
        } else {
            rng.below(span + span / 4)
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(["build", "--root", root.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let now = tree(&out, true);
        let mut now_plain = now.clone();
        now_plain.remove(".dateline-manifest");
        if now == before {
            kinds.0 += 1;
        } else {
            assert_eq!(
                now_plain, after,
                "run {run}: killed after {delay} ms ({status}): public/ is neither the old nor the new site"
            );
            assert!(now.contains_key(".dateline-manifest"));
            kinds.1 += 1;
            // Publish the old site again for the next run.
            std::fs::remove_file(&changed).unwrap();
            assert_eq!(build_at(root, &[]).code, 0);
            // Same pages; the manifest's fingerprint records the folder's new mtime.
            let mut old_plain = before.clone();
            old_plain.remove(".dateline-manifest");
            assert_eq!(tree(&out, false), old_plain, "rebuilding the old sources");
            before = tree(&out, true);
            std::fs::write(&changed, "+++\ntitle = \"Changed\"\n+++\n\nNew text.\n").unwrap();
        }
    }
    println!(
        "full build {full:?}, rebuild {rebuild:?}; kills leaving the old site: {}, the new site: {}",
        kinds.0, kinds.1
    );
    let last = build_at(root, &[]);
    assert_eq!(last.code, 0, "{}", last.stderr);
    assert_eq!(tree(&out, false), after);
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));
}

/// Runs a build of `root` with the file-size limit set to `limit` bytes (SIGXFSZ
/// ignored, so writes fail with EFBIG instead of killing the process).
#[cfg(target_os = "linux")]
fn build_with_file_limit(root: &Path, limit: u64) -> (String, i32) {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
    cmd.args(["build", "--root", root.to_str().unwrap()]);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    (
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.status.code().unwrap_or(-1),
    )
}

fn big_article(root: &Path) {
    std::fs::write(
        root.join("content/2021-01-01-huge.md"),
        format!(
            "+++\ntitle = \"Huge\"\n+++\n\n{}\n",
            "A paragraph of the huge article.\n\n".repeat(100_000)
        ),
    )
    .unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn writes_that_fail_are_a_clear_error_and_the_old_site_stays() {
    let tmp = fixture_copy("archive");
    let root = tmp.path();
    let b = build_at(root, &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let before = tree(&b.out, true);
    big_article(root);
    let (stderr, code) = build_with_file_limit(root, 1024 * 1024);
    assert_ne!(code, 0, "a failed write must fail the build");
    assert!(
        stderr.contains("cannot write") && stderr.to_lowercase().contains("too large"),
        "{stderr}"
    );
    assert_eq!(tree(&b.out, true), before, "old site damaged");
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));
    // Without the limit the same sources build.
    assert_eq!(build_at(root, &[]).code, 0);
}

#[cfg(target_os = "linux")]
#[test]
fn full_disk_is_a_clear_error_and_the_old_site_stays() {
    let tmp = fixture_copy("archive");
    let root = tmp.path();
    let disk = root.join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            "size=2m",
            "tmpfs",
            disk.to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!("notice: cannot mount a tmpfs here (not root?); full-disk test skipped");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(disk.clone());
    let out = disk.join("public");
    let o = out.to_str().unwrap();
    let b = build_at(root, &["--out", o]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let before = tree(&out, true);
    big_article(root);
    let b = build_at(root, &["--out", o]);
    assert_ne!(b.code, 0, "a full disk must fail the build");
    assert!(b.stderr.contains("No space left"), "{}", b.stderr);
    assert_eq!(tree(&out, true), before, "old site damaged");
    assert!(leftovers(&disk).is_empty(), "{:?}", leftovers(&disk));
}

#[test]
fn output_under_a_regular_file_is_a_clear_error() {
    let tmp = fixture_copy("archive");
    let file = tmp.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let out = file.join("public");
    let b = build_at(tmp.path(), &["--out", out.to_str().unwrap()]);
    assert_ne!(b.code, 0);
    assert!(b.stderr.contains("not-a-folder"), "{}", b.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
    // An output path that is itself a file.
    let b = build_at(tmp.path(), &["--out", file.to_str().unwrap()]);
    assert_ne!(b.code, 0);
    assert!(b.stderr.contains("not a folder"), "{}", b.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

#[test]
fn refuses_home_like_and_parent_folders() {
    let tmp = fixture_copy("archive");
    let root = tmp.path();
    let home = root.join("home");
    std::fs::create_dir_all(home.join(".config")).unwrap();
    std::fs::write(home.join(".bashrc"), "# mine").unwrap();
    let snap = tree(&home, true);
    for out in [home.clone(), root.to_path_buf(), root.join("content/2021")] {
        let b = build_at(root, &["--out", out.to_str().unwrap()]);
        assert_ne!(b.code, 0, "built into {}", out.display());
        assert!(b.stderr.contains("refusing"), "{}", b.stderr);
    }
    assert_eq!(tree(&home, true), snap);
}

#[test]
fn sources_are_never_written_moved_or_deleted() {
    let tmp = fixture_copy("archive");
    let root = tmp.path();
    // Raw articles beside Markdown ones, to give import something to do.
    std::fs::write(
        root.join("content/2023-01-01-raw.txt"),
        "Raw Article Title\n\nA raw article body with a quote, \"yes\", she said.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("people.toml"),
        "[[person]]\nname = \"Anna Kowalski\"\n",
    )
    .unwrap();
    let snap = |p: &Path| tree(p, true);
    let content = snap(&root.join("content"));
    let stat = snap(&root.join("static"));
    let people = std::fs::read(root.join("people.toml")).unwrap();
    let config = std::fs::read(root.join("dateline.toml")).unwrap();
    for args in [vec!["--drafts"], vec!["--strict"], vec![]] {
        let _ = build_at(root, &args);
    }
    let c = root.join("content");
    let (_, err, code) = run(&["extract", c.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // Import with the default `--into content`, run from the site root: the raw files
    // are read, new Markdown files may appear, nothing there is changed or removed.
    let o = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .current_dir(root)
        .args(["import", "content"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let now = snap(&root.join("content"));
    for (k, h) in &content {
        assert_eq!(now.get(k), Some(h), "content/{k} changed or vanished");
    }
    // Import a second time: nothing changes at all.
    let o = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .current_dir(root)
        .args(["import", "content"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(snap(&root.join("content")), now);
    assert_eq!(snap(&root.join("static")), stat);
    assert_eq!(std::fs::read(root.join("people.toml")).unwrap(), people);
    assert_eq!(std::fs::read(root.join("dateline.toml")).unwrap(), config);
}

// ---------------------------------------------------------------- determinism

fn assert_same_trees(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a, false), tree(b, false));
    let only_a: Vec<_> = ta.keys().filter(|k| !tb.contains_key(*k)).collect();
    let only_b: Vec<_> = tb.keys().filter(|k| !ta.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{only_a:?} {only_b:?}"
    );
    for (k, h) in &ta {
        assert_eq!(Some(h), tb.get(k), "{k} differs");
    }
}

#[test]
fn fixture_builds_are_byte_identical() {
    for fx in ["archive", "hostile", "registry"] {
        let tmp = fixture_copy(fx);
        let (a, b) = (tmp.path().join("out-a"), tmp.path().join("out-b"));
        for o in [&a, &b] {
            let r = build_at(tmp.path(), &["--out", o.to_str().unwrap()]);
            assert_eq!(r.code, 0, "{fx}: {}", r.stderr);
        }
        assert_same_trees(&a, &b);
    }
}

#[test]
fn generated_site_builds_are_byte_identical_whatever_the_file_order() {
    // The same articles written in two different orders (so directory order and
    // inode numbers differ), each built once with and once without the record cache.
    let one = tempfile::tempdir().unwrap();
    generate_site(one.path(), 400, 7);
    let two = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(one.path().join("content"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.reverse();
    for f in &files {
        let rel = f.strip_prefix(one.path()).unwrap();
        let to = two.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(f, &to).unwrap();
    }
    let a = one.path().join("out");
    let b = two.path().join("out");
    assert_eq!(
        build_at(one.path(), &["--out", a.to_str().unwrap()]).code,
        0
    );
    assert_eq!(
        build_at(two.path(), &["--out", b.to_str().unwrap()]).code,
        0
    );
    assert_same_trees(&a, &b);
    // A second build from the cache gives the same bytes.
    let c = one.path().join("out-cached");
    assert_eq!(
        build_at(one.path(), &["--out", c.to_str().unwrap()]).code,
        0
    );
    assert_same_trees(&a, &c);
}

#[test]
fn equal_dates_have_a_stable_order() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    for i in [5, 1, 4, 2, 3, 0] {
        std::fs::write(
            content.join(format!("2021-03-03-s{i}.md")),
            format!("+++\ntitle = \"Same Day {i}\"\n+++\n\nText.\n"),
        )
        .unwrap();
    }
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let titles = select_all(&parse(&b.out, "2021/03/index.html"), ".card-title");
    assert_eq!(titles.len(), 6, "{titles:?}");
    // Rebuild elsewhere: same order.
    let o = tmp.path().join("again");
    assert_eq!(
        build_at(tmp.path(), &["--out", o.to_str().unwrap()]).code,
        0
    );
    assert_same_trees(&b.out, &o);
    // And the order is by file path among equals, not by arrival.
    let mut sorted = titles.clone();
    sorted.sort();
    assert!(
        titles == sorted || titles.iter().rev().cloned().collect::<Vec<_>>() == sorted,
        "{titles:?}"
    );
}
