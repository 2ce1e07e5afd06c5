//! A cache of extracted records, keyed by file content hash, so rebuilds do not
//! extract unchanged raw articles again.
//!
//! Stored as JSON lines in `<root>/.dateline/records.jsonl`. Entries carry a salt that
//! changes with the `dateline` binary, so a new extractor never serves stale records.
//! The cache is an optimisation only: a missing, unreadable or corrupt cache is ignored.
//!
//! Memory stays at one copy of each record: a cached entry is moved out when it is used
//! ([`Cache::take`]), and [`Cache::save`] streams the live records to disk instead of
//! keeping copies of them or building the file in memory.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{BodyFormat, Record};

/// Records serialised per block when saving, and per task within a block.
const SAVE_BLOCK: usize = 2048;
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

/// The on-disk form of an entry, borrowing the record it is written from.
#[derive(Serialize)]
struct EntryRef<'a> {
    hash: u64,
    salt: u64,
    text: bool,
    paragraphs: &'a [String],
    rec: &'a Record,
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

impl Cache {
    /// Reads the cache file (or starts empty).
    pub fn open(path: &Path) -> Cache {
        Cache::open_salted(path, binary_salt())
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
        if e.text && rec.body.is_empty() {
            // Raw-text bodies are stored once, as paragraphs (see `save`).
            rec.body = crate::extract::paragraphs_to_markdown(&rec.paragraphs);
        }
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

    /// Writes one entry line for `rec` to `out`.
    fn write_entry(&self, out: &mut Vec<u8>, rec: &mut Record, hash: u64) -> std::io::Result<()> {
        let text = rec.body_format == BodyFormat::Text;
        let body = if text {
            std::mem::take(&mut rec.body)
        } else {
            String::new()
        };
        let e = EntryRef {
            hash,
            salt: self.salt,
            text,
            paragraphs: &rec.paragraphs,
            rec,
        };
        let r = serde_json::to_writer(&mut *out, &e);
        if text {
            rec.body = body;
        }
        r.map_err(std::io::Error::other)?;
        out.push(b'\n');
        Ok(())
    }

    /// Writes the live records (those with a hash: raw articles) back to the cache file,
    /// streamed and atomically, if anything changed. Failures are ignored: the cache is
    /// only an optimisation.
    ///
    /// A raw article's Markdown body is derived from its paragraphs, so it is left out of
    /// the file (halving it) and rebuilt by [`Cache::take`]; `records` are handed back as
    /// they came.
    pub fn save(&self, path: &Path, records: &mut [Record], hashes: &[Option<u64>]) {
        if !self.dirty {
            return;
        }
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let tmp = path.with_extension("jsonl.tmp");
        let written = (|| -> std::io::Result<()> {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?);
            let mut live: Vec<(&mut Record, u64)> = records
                .iter_mut()
                .zip(hashes)
                .filter_map(|(r, h)| Some((r, (*h)?)))
                .collect();
            live.sort_by(|a, b| a.0.path.cmp(&b.0.path));
            // Serialised across cores a block at a time (only one block's text is held),
            // written in order.
            for block in live.chunks_mut(SAVE_BLOCK) {
                let parts: Vec<Vec<u8>> = block
                    .par_chunks_mut(SAVE_CHUNK)
                    .map(|chunk| -> std::io::Result<Vec<u8>> {
                        let mut buf = Vec::new();
                        for (rec, hash) in chunk.iter_mut() {
                            self.write_entry(&mut buf, rec, *hash)?;
                        }
                        Ok(buf)
                    })
                    .collect::<std::io::Result<_>>()?;
                for p in parts {
                    out.write_all(&p)?;
                }
            }
            out.flush()
        })();
        if written.is_ok() {
            let _ = std::fs::rename(&tmp, path);
        } else {
            let _ = std::fs::remove_file(&tmp);
        }
    }
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

    #[test]
    fn round_trip_and_hash_mismatch() {
        let tmp = tempfile::tempdir().unwrap();
        let path = cache_path(tmp.path());
        let mut c = Cache::open_salted(&path, 1);
        assert!(c.is_empty());
        c.settle(1, 0);
        let mut recs = [rec("a.txt"), rec("b.md")];
        c.save(&path, &mut recs, &[Some(7), None]);
        assert_eq!(recs[0], rec("a.txt"), "records come back whole");
        assert!(
            !std::fs::read_to_string(&path).unwrap().contains("p \\\\*q"),
            "body not stored"
        );
        let c = Cache::open_salted(&path, 1);
        assert_eq!(c.len(), 1, "only hashed (raw-text) records are cached");
        assert!(c.take("a.txt", 8).is_none());
        assert_eq!(c.take("a.txt", 7).unwrap(), rec("a.txt"));
        assert!(c.take("a.txt", 7).is_none(), "an entry is handed out once");
        assert!(Cache::open_salted(&path, 2).is_empty(), "other binary");
        std::fs::write(&path, "garbage\n").unwrap();
        assert!(Cache::open_salted(&path, 1).is_empty());
    }

    #[test]
    fn rewritten_only_when_something_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let path = cache_path(tmp.path());
        let mut c = Cache::open_salted(&path, 1);
        c.settle(2, 0);
        c.save(
            &path,
            &mut [rec("a.txt"), rec("b.txt")],
            &[Some(1), Some(2)],
        );
        let before = std::fs::read(&path).unwrap();
        let lines = |p: &Path| std::fs::read_to_string(p).unwrap().lines().count();
        assert_eq!(lines(&path), 2);

        // Everything reused: the file is left alone (even if we pass other records).
        let mut c = Cache::open_salted(&path, 1);
        c.settle(0, 2);
        c.save(&path, &mut [], &[]);
        assert_eq!(std::fs::read(&path).unwrap(), before);

        // One file deleted: reused 1 of 2 entries, the file shrinks to the live one.
        let mut c = Cache::open_salted(&path, 1);
        c.settle(0, 1);
        c.save(&path, &mut [rec("b.txt")], &[Some(2)]);
        assert_eq!(lines(&path), 1);
        assert!(Cache::open_salted(&path, 1).take("b.txt", 2).is_some());
    }
}
