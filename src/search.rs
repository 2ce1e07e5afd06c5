//! Static search: an inverted index built at build time and split into small JSON
//! shards, so a plain static host can serve full-text search with no server.
//!
//! Layout under `search/`:
//! - `meta.json`: format version, article count, docs per doc shard, the list of term
//!   shards that exist, and the stop words (so the browser tokenises the same way).
//! - `index/{xy}.json`: every term starting with the two characters `xy`: article
//!   postings (`t`, delta-encoded ascending article ids), title postings (`h`, same
//!   encoding), people whose name or alias has the term (`p`, person ids), and the
//!   metadata of those people (`pm`).
//! - `docs/{n}.json`: metadata of articles `n * DOCS_PER_SHARD ..`, as
//!   `[title, url, date, snippet]`.
//!
//! A query fetches `meta.json`, one term shard per word and the doc shards of the
//! results it shows. Terms are ASCII-folded (deunicode), lowercased and split on
//! anything that is not a letter or digit; stop words and one-character terms are left
//! out.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::site::Site;

/// Articles per doc-metadata shard.
pub const DOCS_PER_SHARD: usize = 64;
/// Terms longer than this are not indexed (and queries truncate to it).
pub const MAX_TERM: usize = 24;
/// Characters of summary kept as the result snippet.
pub const SNIPPET_CHARS: usize = 160;
/// Version of the index format; bumped when the layout changes.
pub const FORMAT_VERSION: u32 = 1;

const STOPWORDS_TEXT: &str = include_str!("../data/stopwords-en.txt");

/// The stop words, from `data/stopwords-en.txt`.
pub fn stopwords() -> Vec<&'static str> {
    STOPWORDS_TEXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

fn is_stopword(t: &str) -> bool {
    static SET: std::sync::OnceLock<BTreeSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| stopwords().into_iter().collect())
        .contains(t)
}

/// Splits text into normalised words (ASCII-folded, lowercase, letters and digits),
/// keeping stop words and short words. Queries and the index share this.
pub fn words(text: &str) -> Vec<String> {
    let folded = deunicode::deunicode(text).to_ascii_lowercase();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The indexable terms of `text`: [`words`] without stop words, one-character words
/// and words longer than [`MAX_TERM`].
pub fn terms(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| w.len() >= 2 && w.len() <= MAX_TERM && !is_stopword(w))
        .collect()
}

/// Shard key of a term: its first two characters.
pub fn shard_key(term: &str) -> &str {
    &term[..2.min(term.len())]
}

/// Per-shard contents.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct Shard {
    /// Term → delta-encoded ascending article ids.
    pub t: BTreeMap<String, Vec<u32>>,
    /// Term → delta-encoded ascending ids of articles with the term in the title.
    pub h: BTreeMap<String, Vec<u32>>,
    /// Term → person ids whose name or an alias has the term.
    pub p: BTreeMap<String, Vec<u32>>,
    /// Person id → `[name, url, articles, role]` for every person in `p`.
    pub pm: BTreeMap<u32, (String, String, usize, String)>,
}

/// `meta.json`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Meta {
    pub v: u32,
    pub docs: usize,
    pub per: usize,
    pub shards: Vec<String>,
    pub stop: Vec<&'static str>,
}

/// The whole index, ready to write shard by shard.
#[derive(Debug, Default, Clone)]
pub struct Index {
    /// Shard key → shard, sorted by key.
    pub shards: Vec<(String, Shard)>,
    /// Doc shards: `[title, url, date, snippet]` per article.
    pub docs: Vec<Vec<(String, String, String, String)>>,
}

/// Ascending ids → first id, then differences.
pub fn delta_encode(ids: &[u32]) -> Vec<u32> {
    let mut prev = 0;
    ids.iter()
        .map(|&i| {
            let d = i - prev;
            prev = i;
            d
        })
        .collect()
}

/// Inverse of [`delta_encode`].
pub fn delta_decode(d: &[u32]) -> Vec<u32> {
    let mut acc = 0;
    d.iter()
        .map(|&x| {
            acc += x;
            acc
        })
        .collect()
}

fn snippet(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= SNIPPET_CHARS {
        return s.to_string();
    }
    let cut: String = s.chars().take(SNIPPET_CHARS).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{cut}…")
}

/// The text of an article that is searched: headline, summary and body paragraphs.
fn article_terms(site: &Site, i: usize) -> (BTreeSet<String>, BTreeSet<String>) {
    let a = &site.articles[i];
    let title: BTreeSet<String> = terms(a.headline()).into_iter().collect();
    let mut all: BTreeSet<String> = title.clone();
    all.extend(terms(&a.rec.title));
    if a.rec.paragraphs.is_empty() {
        all.extend(terms(&a.rec.body));
    } else {
        for p in &a.rec.paragraphs {
            all.extend(terms(p));
        }
    }
    all.extend(terms(&a.rec.summary));
    (all, title)
}

impl Index {
    /// Builds the index of `site` (articles in parallel).
    pub fn build(site: &Site) -> Index {
        let per_article: Vec<(BTreeSet<String>, BTreeSet<String>)> = (0..site.articles.len())
            .into_par_iter()
            .map(|i| article_terms(site, i))
            .collect();
        let mut post: HashMap<String, (Vec<u32>, Vec<u32>)> = HashMap::new();
        for (i, (all, title)) in per_article.iter().enumerate() {
            for t in all {
                let e = post.entry(t.clone()).or_default();
                e.0.push(i as u32);
                if title.contains(t) {
                    e.1.push(i as u32);
                }
            }
        }
        let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
        for (t, (all, title)) in post {
            let s = shards.entry(shard_key(&t).to_string()).or_default();
            s.t.insert(t.clone(), delta_encode(&all));
            if !title.is_empty() {
                s.h.insert(t, delta_encode(&title));
            }
        }
        for (pi, p) in site.people.iter().enumerate() {
            let mut pt: BTreeSet<String> = terms(&p.name).into_iter().collect();
            for a in &p.aliases {
                pt.extend(terms(a));
            }
            let url = p.url.clone();
            let row = (
                p.name.clone(),
                url,
                p.mentioned_in.len().max(p.bylines.len()),
                p.roles.first().map(|r| r.role.clone()).unwrap_or_default(),
            );
            for t in pt {
                let s = shards.entry(shard_key(&t).to_string()).or_default();
                s.p.entry(t).or_default().push(pi as u32);
                s.pm.insert(pi as u32, row.clone());
            }
        }
        let docs = site
            .articles
            .chunks(DOCS_PER_SHARD)
            .map(|chunk| {
                chunk
                    .iter()
                    .map(|a| {
                        (
                            a.headline().to_string(),
                            a.url.clone(),
                            a.rec
                                .date
                                .map(crate::render::views::display_date)
                                .unwrap_or_default(),
                            snippet(&a.rec.summary),
                        )
                    })
                    .collect()
            })
            .collect();
        Index {
            shards: shards.into_iter().collect(),
            docs,
        }
    }

    /// `meta.json` for this index.
    pub fn meta(&self, docs: usize) -> Meta {
        Meta {
            v: FORMAT_VERSION,
            docs,
            per: DOCS_PER_SHARD,
            shards: self.shards.iter().map(|(k, _)| k.clone()).collect(),
            stop: stopwords(),
        }
    }

    /// Serialised term shard with key `key` (an empty shard when there is none).
    pub fn shard_json(&self, key: [u8; 2]) -> Vec<u8> {
        let key = String::from_utf8_lossy(&key);
        match self.shards.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
            Ok(i) => serde_json::to_vec(&self.shards[i].1),
            Err(_) => serde_json::to_vec(&Shard::default()),
        }
        .expect("shard serialises")
    }

    /// Serialised doc shard `i`.
    pub fn docs_json(&self, i: usize) -> Vec<u8> {
        serde_json::to_vec(&self.docs[i]).expect("docs serialise")
    }
}

/// The shard keys an index of `site` will have, sorted (a cheaper pass than
/// [`Index::build`], for listing the pages of a site).
pub fn shard_keys(site: &Site) -> Vec<[u8; 2]> {
    let mut keys: BTreeSet<[u8; 2]> = (0..site.articles.len())
        .into_par_iter()
        .map(|i| {
            let (all, _) = article_terms(site, i);
            all.iter().map(|t| key_bytes(t)).collect::<BTreeSet<_>>()
        })
        .reduce(BTreeSet::new, |mut a, b| {
            a.extend(b);
            a
        });
    for p in &site.people {
        for n in std::iter::once(&p.name).chain(&p.aliases) {
            keys.extend(terms(n).iter().map(|t| key_bytes(t)));
        }
    }
    keys.into_iter().collect()
}

/// A shard key as two bytes (terms are ASCII and at least two characters long).
pub fn key_bytes(term: &str) -> [u8; 2] {
    let b = term.as_bytes();
    [b[0], b[1]]
}

/// Number of doc shards for `n` articles.
pub fn doc_shards(n: usize) -> usize {
    n.div_ceil(DOCS_PER_SHARD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_and_split() {
        let cases: &[(&str, &[&str])] = &[
            ("Łódź café", &["lodz", "cafe"]),
            (
                "O'Neill's port-expansion",
                &["o", "neill", "s", "port", "expansion"],
            ),
            ("  ", &[]),
            ("Straße 2024", &["strasse", "2024"]),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), *want, "{text}");
        }
    }

    #[test]
    fn terms_drop_stopwords_and_short_words() {
        assert_eq!(
            terms("The mayor of Kraków said a word"),
            vec!["mayor", "krakow", "said", "word"]
        );
        assert!(terms(&"x".repeat(MAX_TERM + 1)).is_empty());
    }

    #[test]
    fn shard_keys() {
        for (t, k) in [("harbour", "ha"), ("ab", "ab"), ("2024", "20")] {
            assert_eq!(shard_key(t), k);
        }
    }

    #[test]
    fn delta_roundtrip() {
        for ids in [vec![], vec![0], vec![3, 4, 10, 200]] {
            assert_eq!(delta_decode(&delta_encode(&ids)), ids);
        }
        assert_eq!(delta_encode(&[3, 4, 10]), vec![3, 1, 6]);
    }

    #[test]
    fn snippets_cut_at_words() {
        assert_eq!(snippet(" short "), "short");
        let long = "word ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with('…') && s.chars().count() <= SNIPPET_CHARS + 1);
    }

    #[test]
    fn stopword_list_is_lowercase_ascii() {
        let s = stopwords();
        assert!(s.contains(&"the"));
        assert!(s.iter().all(|w| w.bytes().all(|b| b.is_ascii_lowercase())));
    }
}
