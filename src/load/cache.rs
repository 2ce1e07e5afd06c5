//! A cache of extracted records, keyed by file content hash, so rebuilds do not
//! extract unchanged raw articles again.
//!
//! Stored as JSON lines in `<root>/.dateline/records.jsonl`. Entries carry a salt that
//! changes with the `dateline` binary, so a new extractor never serves stale records.
//! The cache is an optimisation only: a missing, unreadable or corrupt cache is ignored.
//!
//! Memory stays at one copy of each record: a cached entry is moved out when it is used
//! ([`Cache::take`]), and [`Pending::write`] streams the live records to disk instead of
//! keeping copies of them or building the file in memory. A build writes the cache from
//! the assembled site on a thread of its own while pages render ([`Cache::pending`]).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{BodyFormat, Correction, DateSource, PersonRef, Quote, Record};

/// Records serialised into one buffer before it is written.
const SAVE_CHUNK: usize = 64;

/// Cache file location under a site root.
pub fn cache_path(root: &Path) -> PathBuf {
    root.join(".dateline").join("records.jsonl")
}

#[derive(Deserialize)]
struct Entry {
    hash: u64,
    salt: u64,
    text: bool,
    paragraphs: Vec<String>,
    rec: Record,
}

/// The on-disk form of an entry, borrowing the record it is written from. The
/// paragraphs, most of an entry's text, are added after it by [`write_entry`].
#[derive(Serialize)]
struct EntryRef<'a> {
    hash: u64,
    salt: u64,
    text: bool,
    rec: RecordRef<'a>,
}

/// A [`Record`] as the cache stores it, borrowed field by field: without the Markdown
/// body of a raw article (site loads, the only users of the cache, leave it out) and with the
/// slug extraction gave (assembly may since have changed it to settle a URL clash).
/// Serialises like `Record`, whose `Deserialize` reads it back; [`RecordRef::new`]
/// destructures `Record` without `..`, so a new field does not compile until it is here.
#[derive(Serialize)]
struct RecordRef<'a> {
    path: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_title: Option<&'a str>,
    slug: &'a str,
    #[serde(with = "crate::model::opt_date")]
    date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    datetime: Option<DateTime<FixedOffset>>,
    #[serde(
        with = "crate::model::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    updated: Option<NaiveDate>,
    date_source: DateSource,
    dateline: Option<&'a str>,
    source: Option<&'a str>,
    byline: &'a [String],
    contributors: &'a [String],
    summary: &'a str,
    body: &'a str,
    word_count: usize,
    people: &'a [PersonRef],
    #[serde(skip_serializing_if = "is_empty")]
    works: &'a [String],
    quotes: &'a [Quote],
    #[serde(skip_serializing_if = "is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    #[serde(skip_serializing_if = "is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "is_empty")]
    corrections: &'a [Correction],
    #[serde(skip_serializing_if = "is_null")]
    extra: &'a serde_json::Value,
    warnings: &'a [String],
}

fn is_empty<T>(v: &&[T]) -> bool {
    v.is_empty()
}

fn is_null(v: &&serde_json::Value) -> bool {
    v.is_null()
}

impl<'a> RecordRef<'a> {
    /// `rec` as cached, with `slug` for its slug; the body is left out when `text`.
    fn new(rec: &'a Record, slug: &'a str, text: bool) -> Self {
        let Record {
            path,
            title,
            display_title,
            slug: _,
            date,
            datetime,
            updated,
            date_source,
            dateline,
            source,
            byline,
            contributors,
            summary,
            summary_is_lead: _,
            body,
            body_format: _,
            body_html: _,
            paragraphs: _,
            word_count,
            people,
            works,
            quotes,
            tags,
            draft,
            aliases,
            corrections,
            extra,
            warnings,
        } = rec;
        RecordRef {
            path,
            title,
            display_title: display_title.as_deref(),
            slug,
            date: *date,
            datetime: *datetime,
            updated: *updated,
            date_source: *date_source,
            dateline: dateline.as_deref(),
            source: source.as_deref(),
            byline,
            contributors,
            summary,
            body: if text { "" } else { body },
            word_count: *word_count,
            people,
            works,
            quotes,
            tags,
            draft: *draft,
            aliases,
            corrections,
            extra,
            warnings,
        }
    }
}

/// What the cache file is to hold after a build: the raw-text records by path, with the
/// hash of their bytes and their slug as extracted. Written by [`Pending::write`] once the
/// records are wherever the build keeps them (they may be reordered and re-slugged).
pub struct Pending {
    salt: u64,
    file: Option<PathBuf>,
    /// (path, hash, slug), sorted by path.
    live: Vec<(String, u64, String)>,
}

/// Records by relative path, with the hash of the bytes they were extracted from.
#[derive(Default)]
pub struct Cache {
    salt: u64,
    /// Entries read from disk; each is taken (moved out) at most once.
    entries: HashMap<String, Mutex<Option<Entry>>>,
    dirty: bool,
}

/// A value that changes whenever the running binary changes.
fn binary_salt() -> u64 {
    let mut s = env!("CARGO_PKG_VERSION").to_string();
    if let Some(m) = std::env::current_exe().ok().and_then(|e| e.metadata().ok()) {
        let t = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        s.push_str(&format!("|{}|{t}", m.len()));
    }
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

/// The part of the salt that tells records deriving different fields apart.
fn derive_salt(derive: super::Derive) -> u64 {
    // Only Markdown records drop their paragraphs, and those are not cached; no cached
    // record has the Markdown form of a raw article (site loads leave it out).
    let super::Derive {
        quotes,
        word_count,
        paragraphs: _,
        body: _,
    } = derive;
    let mut salt = 0;
    if !quotes {
        salt ^= 0x9e37_79b9_7f4a_7c15;
    }
    if !word_count {
        salt ^= 0xc2b2_ae3d_27d4_eb4f;
    }
    salt
}

impl Cache {
    /// Reads the cache file (or starts empty). Entries made by another binary, or
    /// deriving other fields (`derive`), are not used.
    pub fn open(path: &Path, derive: super::Derive) -> Cache {
        Cache::open_salted(path, binary_salt() ^ derive_salt(derive))
    }

    fn open_salted(path: &Path, salt: u64) -> Cache {
        let mut entries = HashMap::new();
        if let Ok(file) = std::fs::File::open(path) {
            use std::io::BufRead;
            for line in std::io::BufReader::new(file).lines() {
                let Ok(line) = line else { break };
                if let Ok(e) = serde_json::from_str::<Entry>(&line) {
                    if e.salt == salt {
                        entries.insert(e.rec.path.clone(), Mutex::new(Some(e)));
                    }
                }
            }
        }
        Cache {
            salt,
            entries,
            dirty: false,
        }
    }

    /// Number of usable entries read from disk.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the cache file held no usable entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Moves out the cached record for `rel` if it was extracted from bytes with this
    /// hash. Safe to call from many threads; each entry is handed out once.
    pub fn take(&self, rel: &str, hash: u64) -> Option<Record> {
        let slot = self.entries.get(rel)?;
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        if slot.as_ref()?.hash != hash {
            return None;
        }
        let e = slot.take()?;
        let mut rec = e.rec;
        rec.paragraphs = e.paragraphs;
        rec.summary_is_lead = crate::extract::text::summary::is_lead(&rec.summary, &rec.paragraphs);
        rec.body_format = if e.text {
            BodyFormat::Text
        } else {
            BodyFormat::Markdown
        };
        Some(rec)
    }

    /// Records what loading did: `fresh` records were extracted anew and `reused` came
    /// from the cache. The file needs rewriting unless every entry was reused as is.
    pub fn settle(&mut self, fresh: usize, reused: usize) {
        self.dirty = fresh > 0 || reused != self.entries.len();
        self.entries.clear();
    }

    /// What [`Pending::write`] is to write to `file` after this build: the records of
    /// `records` that have a hash (raw articles). Nothing, if every cached entry was
    /// reused as it was (see [`Cache::settle`]).
    pub fn pending(&self, file: &Path, records: &[Record], hashes: &[Option<u64>]) -> Pending {
        let mut live: Vec<(String, u64, String)> = if self.dirty {
            records
                .iter()
                .zip(hashes)
                .filter_map(|(r, h)| Some((r.path.clone(), (*h)?, r.slug.clone())))
                .collect()
        } else {
            Vec::new()
        };
        live.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Pending {
            salt: self.salt,
            file: self.dirty.then(|| file.to_path_buf()),
            live,
        }
    }

    /// Writes the records with a hash (raw articles) to the cache file at once, if
    /// anything changed: [`Cache::pending`] then [`Pending::write`] (builds call those
    /// two apart, see `build::load_site_deferred`).
    #[cfg(test)]
    fn save(&self, file: &Path, records: &[Record], hashes: &[Option<u64>]) {
        self.pending(file, records, hashes).write(records);
    }
}

impl Pending {
    /// Writes the pending entries, streamed and atomically, reading each record by path
    /// from `records`; a record not among them is left out (it is extracted again next
    /// time). Failures are ignored: the cache is only an optimisation.
    pub fn write<'a>(self, records: impl IntoIterator<Item = &'a Record>) {
        let Some(file) = self.file else { return };
        let Some(dir) = file.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let by_path: HashMap<&str, &Record> =
            records.into_iter().map(|r| (r.path.as_str(), r)).collect();
        let tmp = file.with_extension("jsonl.tmp");
        let written = (|| -> std::io::Result<()> {
            let mut out = std::fs::File::create(&tmp)?;
            // Serialised a chunk at a time, so only one chunk's text is held.
            let mut buf = Vec::with_capacity(1 << 18);
            for chunk in self.live.chunks(SAVE_CHUNK) {
                buf.clear();
                for (path, hash, slug) in chunk {
                    if let Some(rec) = by_path.get(path.as_str()) {
                        write_entry(&mut buf, rec, *hash, slug, self.salt)?;
                    }
                }
                out.write_all(&buf)?;
            }
            Ok(())
        })();
        if written.is_ok() {
            let _ = std::fs::rename(&tmp, &file);
        } else {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Writes one entry line for `rec` (with `slug` as its slug) to `out`.
fn write_entry(
    out: &mut Vec<u8>,
    rec: &Record,
    hash: u64,
    slug: &str,
    salt: u64,
) -> std::io::Result<()> {
    let text = rec.body_format == BodyFormat::Text;
    let e = EntryRef {
        hash,
        salt,
        text,
        rec: RecordRef::new(rec, slug, text),
    };
    serde_json::to_writer(&mut *out, &e).map_err(std::io::Error::other)?;
    // The object reopened at its closing `}` for a last field, `paragraphs`, with the
    // article text escaped eight bytes at a time.
    out.pop();
    out.extend_from_slice(b",\"paragraphs\":[");
    for (i, p) in rec.paragraphs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_string(out, p);
    }
    out.extend_from_slice(b"]}\n");
    Ok(())
}

/// Writes `s` as a JSON string, quoted and escaped exactly as serde_json does it
/// (`\"`, `\\`, the short escapes of `\b \t \n \f \r`, `\u00XX` for the other
/// control characters), skipping eight clean bytes at a time.
fn json_string(out: &mut Vec<u8>, s: &str) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    /// Whether a word holds a byte below 0x20, a `"` or a `\` (bytes of multi-byte
    /// characters, 0x80 and up, never match).
    fn needs_escape(w: u64) -> bool {
        let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
        w.wrapping_sub(0x20 * ONES) & !w & HIGHS != 0
            || has_zero(w ^ (u64::from(b'"') * ONES))
            || has_zero(w ^ (u64::from(b'\\') * ONES))
    }
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            if !needs_escape(w) {
                i += 8;
                continue;
            }
        }
        // A word with something to escape, or the tail: byte by byte up to the next
        // word boundary.
        let end = (i + 8).min(b.len());
        while i < end {
            let c = b[i];
            let esc: &[u8] = match c {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0..=0x1f => b"",
                _ => {
                    i += 1;
                    continue;
                }
            };
            out.extend_from_slice(&b[start..i]);
            if esc.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 15)]);
            } else {
                out.extend_from_slice(esc);
            }
            i += 1;
            start = i;
        }
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(path: &str) -> Record {
        Record {
            path: path.into(),
            title: "T".into(),
            body: crate::extract::paragraphs_to_markdown(&["p *q*".to_string()]),
            paragraphs: vec!["p *q*".into()],
            body_format: BodyFormat::Text,
            ..Record::default()
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn strings_are_written_as_serde_json_writes_them(
            s in "(?s)([a-z ]{0,12}[\"\\\\\\x00-\\x1f\\x7féü€😀]?){0,12}"
        ) {
            let mut out = Vec::new();
            json_string(&mut out, &s);
            proptest::prop_assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&s).unwrap()
            );
        }
    }

    #[test]
    fn an_entry_is_one_json_object_with_its_paragraphs() {
        let mut r = rec("a.txt");
        r.paragraphs = vec!["He said \"no\".\nThen\tleft \\ \u{1}".into(), "Two".into()];
        let mut out = Vec::new();
        write_entry(&mut out, &r, 7, "s", 3).unwrap();
        assert_eq!(out.last(), Some(&b'\n'));
        let line = std::str::from_utf8(&out).unwrap().trim_end();
        assert!(!line.contains('\n'), "one line");
        let e: Entry = serde_json::from_str(line).unwrap();
        assert_eq!((e.hash, e.salt, e.text), (7, 3, true));
        assert_eq!(e.paragraphs, r.paragraphs);
        assert_eq!(e.rec.slug, "s");
    }

    #[test]
    fn round_trip_and_hash_mismatch() {
        let tmp = tempfile::tempdir().unwrap();
        let path = cache_path(tmp.path());
        let mut c = Cache::open_salted(&path, 1);
        assert!(c.is_empty());
        c.settle(1, 0);
        let recs = [rec("a.txt"), rec("b.md")];
        c.save(&path, &recs, &[Some(7), None]);
        assert_eq!(recs[0], rec("a.txt"), "records come back whole");
        assert!(
            !std::fs::read_to_string(&path).unwrap().contains("p \\\\*q"),
            "body not stored"
        );
        let c = Cache::open_salted(&path, 1);
        assert_eq!(c.len(), 1, "only hashed (raw-text) records are cached");
        assert!(c.take("a.txt", 8).is_none());
        let bodiless = Record {
            body: String::new(),
            ..rec("a.txt")
        };
        assert_eq!(c.take("a.txt", 7).unwrap(), bodiless);
        assert!(c.take("a.txt", 7).is_none(), "an entry is handed out once");
        assert!(Cache::open_salted(&path, 2).is_empty(), "other binary");
        std::fs::write(&path, "garbage\n").unwrap();
        assert!(Cache::open_salted(&path, 1).is_empty());
    }

    #[test]
    fn written_from_moved_records_with_the_extracted_slug() {
        let tmp = tempfile::tempdir().unwrap();
        let path = cache_path(tmp.path());
        let mut c = Cache::open_salted(&path, 1);
        c.settle(2, 0);
        let mut a = rec("a.txt");
        a.body = String::new();
        a.slug = "talks".into();
        a.summary = "S".into();
        a.tags = vec!["t".into()];
        a.extra = serde_json::json!({"k": 1});
        a.date = chrono::NaiveDate::from_ymd_opt(2020, 1, 2);
        let mut recs = vec![a.clone(), rec("b.md")];
        let pending = c.pending(&path, &recs, &[Some(7), None]);
        // Assembly reorders the records and settles a URL clash with a new slug.
        recs.reverse();
        recs[1].slug = "talks-2".into();
        pending.write(&recs);
        let c = Cache::open_salted(&path, 1);
        assert_eq!(c.len(), 1);
        assert_eq!(c.take("a.txt", 7).unwrap(), a, "cached as extracted");
    }

    #[test]
    fn rewritten_only_when_something_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let path = cache_path(tmp.path());
        let mut c = Cache::open_salted(&path, 1);
        c.settle(2, 0);
        c.save(&path, &[rec("a.txt"), rec("b.txt")], &[Some(1), Some(2)]);
        let before = std::fs::read(&path).unwrap();
        let lines = |p: &Path| std::fs::read_to_string(p).unwrap().lines().count();
        assert_eq!(lines(&path), 2);

        // Everything reused: the file is left alone (even if we pass other records).
        let mut c = Cache::open_salted(&path, 1);
        c.settle(0, 2);
        c.save(&path, &[], &[]);
        assert_eq!(std::fs::read(&path).unwrap(), before);

        // One file deleted: reused 1 of 2 entries, the file shrinks to the live one.
        let mut c = Cache::open_salted(&path, 1);
        c.settle(0, 1);
        c.save(&path, &[rec("b.txt")], &[Some(2)]);
        assert_eq!(lines(&path), 1);
        assert!(Cache::open_salted(&path, 1).take("b.txt", 2).is_some());
    }
}
