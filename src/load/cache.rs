//! A cache of extracted records, keyed by file content hash, so rebuilds do not
//! extract unchanged raw articles again.
//!
//! Stored as JSON lines in `<root>/.dateline/records.jsonl`. Entries carry a salt that
//! changes with the `dateline` binary, so a new extractor never serves stale records.
//! The cache is an optimisation only: a missing, unreadable or corrupt cache is ignored.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{BodyFormat, Record};

/// Cache file location under a site root.
pub fn cache_path(root: &Path) -> PathBuf {
    root.join(".dateline").join("records.jsonl")
}

#[derive(Serialize, Deserialize)]
struct Entry {
    hash: u64,
    salt: u64,
    text: bool,
    paragraphs: Vec<String>,
    rec: Record,
}

/// Records by relative path, with the hash of the bytes they were extracted from.
#[derive(Default)]
pub struct Cache {
    salt: u64,
    entries: HashMap<String, Entry>,
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
        let salt = binary_salt();
        let mut entries = HashMap::new();
        if let Ok(text) = std::fs::read_to_string(path) {
            for line in text.lines() {
                if let Ok(e) = serde_json::from_str::<Entry>(line) {
                    if e.salt == salt {
                        entries.insert(e.rec.path.clone(), e);
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

    /// The cached record for `rel` if it was extracted from bytes with this hash.
    pub fn get(&self, rel: &str, hash: u64) -> Option<Record> {
        let e = self.entries.get(rel).filter(|e| e.hash == hash)?;
        let mut rec = e.rec.clone();
        rec.paragraphs = e.paragraphs.clone();
        rec.body_format = if e.text {
            BodyFormat::Text
        } else {
            BodyFormat::Markdown
        };
        Some(rec)
    }

    /// Stores a freshly extracted record.
    pub fn put(&mut self, hash: u64, rec: &Record) {
        self.entries.insert(
            rec.path.clone(),
            Entry {
                hash,
                salt: self.salt,
                text: rec.body_format == BodyFormat::Text,
                paragraphs: rec.paragraphs.clone(),
                rec: rec.clone(),
            },
        );
        self.dirty = true;
    }

    /// Drops entries of files that no longer exist.
    pub fn retain(&mut self, live: &std::collections::HashSet<&str>) {
        let before = self.entries.len();
        self.entries.retain(|k, _| live.contains(k.as_str()));
        self.dirty |= self.entries.len() != before;
    }

    /// Writes the cache back if it changed (atomically; failures are ignored: the cache
    /// is only an optimisation).
    pub fn save(&self, path: &Path) {
        if !self.dirty {
            return;
        }
        let mut keys: Vec<&String> = self.entries.keys().collect();
        keys.sort();
        let mut out = String::new();
        for k in keys {
            if let Ok(line) = serde_json::to_string(&self.entries[k]) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let tmp = path.with_extension("jsonl.tmp");
        if std::fs::write(&tmp, out).is_ok() {
            let _ = std::fs::rename(&tmp, path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_hash_mismatch() {
        let tmp = tempfile::tempdir().unwrap();
        let path = cache_path(tmp.path());
        let mut c = Cache::open(&path);
        let rec = Record {
            path: "a.txt".into(),
            title: "T".into(),
            paragraphs: vec!["p".into()],
            body_format: BodyFormat::Text,
            ..Record::default()
        };
        c.put(7, &rec);
        c.save(&path);
        let c = Cache::open(&path);
        assert_eq!(c.get("a.txt", 7).unwrap(), rec);
        assert!(c.get("a.txt", 8).is_none());
        std::fs::write(&path, "garbage\n").unwrap();
        assert!(Cache::open(&path).get("a.txt", 7).is_none());
    }
}
