//! Output: the only code that writes to the output folder.
//!
//! A build writes a complete new site into a staging folder beside the output folder,
//! hard-linking files that did not change since the last build, then swaps the two
//! folders in one atomic rename. The output folder is therefore always a complete site:
//! a build that fails or is killed leaves the previous one untouched. A manifest of
//! content hashes from the last build tells which files are unchanged without reading
//! them, and marks the folder as dateline's own.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};

/// Manifest file name in the output folder.
pub const MANIFEST: &str = ".dateline-manifest";
const MANIFEST_HEADER: &str = "dateline-manifest 1";

/// Hashes and sizes of the files of one build, plus the fingerprint of its inputs.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Manifest {
    /// Fingerprint of everything the build read (see `build::fingerprint`).
    pub fingerprint: u64,
    /// Site-relative path → (xxh3 hash, length).
    pub files: HashMap<String, (u64, u64)>,
}

impl Manifest {
    /// The fingerprint on the first line of an output folder's manifest, read without
    /// the file list (a no-change rebuild needs only this).
    pub fn read_fingerprint(dir: &Path) -> Option<u64> {
        use std::io::{BufRead, Read};
        let f = std::fs::File::open(dir.join(MANIFEST)).ok()?;
        let mut head = String::new();
        std::io::BufReader::with_capacity(256, f.take(256))
            .read_line(&mut head)
            .ok()?;
        let fp = head.strip_prefix(MANIFEST_HEADER)?.trim();
        u64::from_str_radix(fp, 16).ok()
    }

    /// Reads the manifest of an output folder, if it has a valid one.
    pub fn read(dir: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
        let mut lines = text.lines();
        let head = lines.next()?;
        let fp = head.strip_prefix(MANIFEST_HEADER)?.trim();
        let fingerprint = u64::from_str_radix(fp, 16).ok()?;
        let mut files = HashMap::new();
        for l in lines {
            let mut it = l.splitn(3, ' ');
            let h = u64::from_str_radix(it.next()?, 16).ok()?;
            let n: u64 = it.next()?.parse().ok()?;
            files.insert(it.next()?.to_string(), (h, n));
        }
        Some(Manifest { fingerprint, files })
    }

    /// Writes the manifest into the output folder `dir` (temp file + rename). Used by
    /// incremental rebuilds, which update the folder in place.
    pub fn write_to(&self, dir: &Path) -> Result<()> {
        let tmp = dir.join(format!("{MANIFEST}.tmp"));
        std::fs::write(&tmp, self.to_text())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, dir.join(MANIFEST))
            .with_context(|| format!("cannot write {}", dir.join(MANIFEST).display()))
    }

    fn to_text(&self) -> String {
        use rayon::prelude::*;
        // Sorted across cores (paths are unique); lines written without `fmt`: a large
        // site's manifest has hundreds of thousands of them, written at the end of the
        // build when nothing else is left to run.
        let mut rows: Vec<(&String, (u64, u64))> =
            self.files.iter().map(|(p, &v)| (p, v)).collect();
        rows.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut s = String::with_capacity(64 + rows.len() * 64);
        s.push_str(MANIFEST_HEADER);
        s.push(' ');
        push_hex16(&mut s, self.fingerprint);
        s.push('\n');
        for (p, (h, n)) in rows {
            push_hex16(&mut s, h);
            s.push(' ');
            push_decimal(&mut s, n);
            s.push(' ');
            s.push_str(p);
            s.push('\n');
        }
        s
    }
}

/// Appends `v` as 16 lower-case hexadecimal digits (`{:016x}`).
fn push_hex16(s: &mut String, v: u64) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 16];
    for (i, b) in buf.iter_mut().enumerate() {
        *b = DIGITS[((v >> (60 - 4 * i)) & 15) as usize];
    }
    s.extend(buf.iter().map(|&b| char::from(b)));
}

/// Appends `v` in decimal (`{}`).
fn push_decimal(s: &mut String, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    s.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// Checks that `path` is a safe site-relative file path: relative, no `..`, no empty or
/// `.` segments, no backslashes or NULs.
pub fn check_rel(path: &str) -> Result<()> {
    let p = Path::new(path);
    if path.is_empty()
        || path.contains(['\\', '\0'])
        || path
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
        || !p.components().all(|c| matches!(c, Component::Normal(_)))
    {
        bail!("unsafe output path `{path}`");
    }
    Ok(())
}

/// Refuses output folders that dateline must not fill: a non-empty folder it did not
/// make (no manifest), or one that is, contains or lies inside a source folder.
pub fn check_output_dir(out: &Path, sources: &[&Path]) -> Result<()> {
    let abs = |p: &Path| -> PathBuf {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        // Resolve symlinks of the existing part.
        p.canonicalize().unwrap_or(p)
    };
    let out_abs = abs(out);
    for s in sources {
        let s_abs = abs(s);
        if out_abs == s_abs || s_abs.starts_with(&out_abs) || out_abs.starts_with(&s_abs) {
            bail!(
                "refusing to build into {}: it overlaps the source folder {}",
                out.display(),
                s.display()
            );
        }
    }
    if out.is_dir() {
        let mut entries = std::fs::read_dir(out)
            .with_context(|| format!("cannot read output folder {}", out.display()))?;
        if entries.next().is_some() && !out.join(MANIFEST).is_file() {
            bail!(
                "refusing to build into {}: it is not empty and was not made by dateline \
                 (no {MANIFEST}); choose an empty or new folder",
                out.display()
            );
        }
    } else if out.exists() {
        bail!("output path {} exists and is not a folder", out.display());
    }
    Ok(())
}

/// Counts of what a build wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written with new contents.
    pub written: usize,
    /// Files carried over unchanged from the previous build.
    pub unchanged: usize,
    /// Files of the previous build that are gone.
    pub removed: usize,
    pub bytes: u64,
}

/// A new site being written beside the output folder.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: Option<Manifest>,
    /// Folders made so far, site-relative.
    dirs: Mutex<HashSet<String>>,
    entries: Mutex<HashMap<String, (u64, u64)>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    bytes: AtomicU64,
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.dateline-{tag}"))
}

impl Staging {
    /// Starts a new site for `out`. A staging folder left by a killed build is removed.
    pub fn begin(out: &Path) -> Result<Staging> {
        let dir = sibling(out, "staging");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot remove old staging folder {}", dir.display()))?;
        }
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::create_dir(&dir)
            .with_context(|| format!("cannot create staging folder {}", dir.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            old: Manifest::read(out),
            dir,
            dirs: Mutex::new(HashSet::new()),
            entries: Mutex::new(HashMap::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
        })
    }

    /// Makes the folders of site-relative file `rel` that do not exist yet.
    fn ensure_parent(&self, rel: &str) -> Result<()> {
        let Some(parent) = rel.rfind('/').map(|i| &rel[..i]) else {
            return Ok(());
        };
        // The folders between the nearest one already made and `parent`, outermost
        // first: each is made with exactly one mkdir (no failing probes of missing
        // parents, as `create_dir_all` would make). Folders are kept as site-relative
        // strings: hashing a `Path` walks its components.
        let missing: Vec<&str> = {
            let dirs = self.dirs.lock().unwrap();
            let mut v = Vec::new();
            let mut d = parent;
            while !dirs.contains(d) {
                v.push(d);
                match d.rfind('/') {
                    Some(i) => d = &d[..i],
                    None => break,
                }
            }
            v.reverse();
            v
        };
        if missing.is_empty() {
            return Ok(());
        }
        for d in &missing {
            let path = self.dir.join(d);
            match std::fs::create_dir(&path) {
                Ok(()) => {}
                // Another thread made it first.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot create {}", path.display()))
                }
            }
        }
        self.dirs
            .lock()
            .unwrap()
            .extend(missing.into_iter().map(str::to_string));
        Ok(())
    }

    /// Adds one file to the new site. Unchanged files are hard-linked from the current
    /// output instead of written again.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        check_rel(rel)?;
        let hash = xxhash_rust::xxh3::xxh3_64(bytes);
        let len = bytes.len() as u64;
        if self
            .entries
            .lock()
            .unwrap()
            .insert(rel.to_string(), (hash, len))
            .is_some()
        {
            bail!("two outputs claim the same file `{rel}`");
        }
        let dest = self.dir.join(rel);
        self.ensure_parent(rel)?;
        let same = self
            .old
            .as_ref()
            .and_then(|m| m.files.get(rel))
            .is_some_and(|&(h, n)| h == hash && n == len);
        if same && std::fs::hard_link(self.out.join(rel), &dest).is_ok() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        std::fs::write(&dest, bytes).with_context(|| format!("cannot write {}", dest.display()))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        Ok(())
    }

    /// Paths added so far.
    pub fn contains(&self, rel: &str) -> bool {
        self.entries.lock().unwrap().contains_key(rel)
    }

    /// Finishes the new site and swaps it in for the output folder.
    pub fn commit(self, fingerprint: u64) -> Result<WriteStats> {
        let files = self.entries.into_inner().unwrap();
        let removed = self.old.as_ref().map_or(0, |m| {
            m.files.keys().filter(|k| !files.contains_key(*k)).count()
        });
        let manifest = Manifest { fingerprint, files };
        std::fs::write(self.dir.join(MANIFEST), manifest.to_text())
            .with_context(|| format!("cannot write {}", self.dir.join(MANIFEST).display()))?;
        swap_in(&self.dir, &self.out)?;
        Ok(WriteStats {
            written: self.written.into_inner(),
            unchanged: self.unchanged.into_inner(),
            removed,
            bytes: self.bytes.into_inner(),
        })
    }

    /// Abandons the new site; the output folder is untouched.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Replaces `out` by `new` atomically where the system allows (Linux `renameat2` with
/// `RENAME_EXCHANGE`), then deletes the old site.
fn swap_in(new: &Path, out: &Path) -> Result<()> {
    if !out.exists() {
        return std::fs::rename(new, out)
            .with_context(|| format!("cannot move the new site to {}", out.display()));
    }
    if exchange(new, out).is_ok() {
        // `new` now holds the previous site.
        std::fs::remove_dir_all(new)
            .with_context(|| format!("cannot remove the previous site {}", new.display()))?;
        return Ok(());
    }
    let old = sibling(out, "old");
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    std::fs::rename(out, &old).with_context(|| format!("cannot move {}", out.display()))?;
    if let Err(e) = std::fs::rename(new, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e).with_context(|| format!("cannot move the new site to {}", out.display()));
    }
    std::fs::remove_dir_all(&old)?;
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 does not retain them.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_text_is_sorted_lines_of_hash_length_path_and_reads_back() {
        let mut m = Manifest {
            fingerprint: 0x0123_4567_89ab_cdef,
            ..Manifest::default()
        };
        let hashes = [0, 1, 0xf, 0xfedc_ba98_7654_3210, u64::MAX];
        for (i, (h, n)) in hashes.iter().zip([0, 9, 10, 12_345, u64::MAX]).enumerate() {
            m.files.insert(format!("d{}/f{i}.html", 4 - i), (*h, n));
        }
        let text = m.to_text();
        let mut want = format!("{MANIFEST_HEADER} {:016x}\n", m.fingerprint);
        let mut rows: Vec<_> = m.files.iter().collect();
        rows.sort();
        for (p, (h, n)) in rows {
            want.push_str(&format!("{h:016x} {n} {p}\n"));
        }
        assert_eq!(text, want);
        let tmp = tempfile::tempdir().unwrap();
        m.write_to(tmp.path()).unwrap();
        assert_eq!(Manifest::read(tmp.path()), Some(m.clone()));
        assert_eq!(Manifest::read_fingerprint(tmp.path()), Some(m.fingerprint));
    }

    #[test]
    fn rel_paths() {
        for ok in ["index.html", "a/b/index.html", "assets/style.css"] {
            assert!(check_rel(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "a\\b",
            "./a",
            "a/\0",
        ] {
            assert!(check_rel(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn stage_commit_links_unchanged_and_drops_stale() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("b.txt", b"two").unwrap();
        let st = s.commit(1).unwrap();
        assert_eq!(st.written, 2);
        let s = Staging::begin(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write("c.txt", b"three").unwrap();
        assert!(s.write("c.txt", b"again").is_err());
        let st = s.commit(2).unwrap();
        assert_eq!((st.written, st.unchanged, st.removed), (1, 1, 1));
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
        assert!(!out.join("b.txt").exists());
        assert_eq!(Manifest::read(&out).unwrap().fingerprint, 2);
        assert_eq!(Manifest::read_fingerprint(&out), Some(2));
        assert_eq!(Manifest::read_fingerprint(tmp.path()), None);
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder left behind");
    }

    #[test]
    fn aborted_build_leaves_site_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write("index.html", b"old").unwrap();
        s.commit(1).unwrap();
        let s = Staging::begin(&out).unwrap();
        s.write("index.html", b"new").unwrap();
        s.abort();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
    }

    #[test]
    fn refuses_foreign_or_overlapping_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let foreign = tmp.path().join("home");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
        assert!(check_output_dir(&foreign, &[]).is_err());
        let content = tmp.path().join("content");
        std::fs::create_dir(&content).unwrap();
        assert!(check_output_dir(&content, &[&content]).is_err());
        assert!(check_output_dir(tmp.path(), &[&content]).is_err());
        assert!(check_output_dir(&tmp.path().join("public"), &[&content]).is_ok());
    }
}
