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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::extract::people::tagger::FxBuild;
use crate::site::{Article, Site};

/// Articles per doc-metadata shard.
pub const DOCS_PER_SHARD: usize = 16;
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
    static SET: std::sync::OnceLock<HashSet<&'static str, FxBuild>> = std::sync::OnceLock::new();
    SET.get_or_init(|| stopwords().into_iter().collect())
        .contains(t)
}

/// Appends `text` to `out` ASCII-folded (deunicode) and lowercased.
///
/// ASCII runs are copied whole; each other character is transliterated on its own
/// (`deunicode_char`), an unknown one becoming a space. That gives the same words as
/// folding the whole text with `deunicode`, which differs only in spaces.
fn fold_into(text: &str, out: &mut String) {
    let start = out.len();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let end = bytes[i..]
            .iter()
            .position(|&b| b >= 0x80)
            .map_or(bytes.len(), |k| i + k);
        out.push_str(&text[i..end]);
        i = end;
        if let Some(c) = text[i..].chars().next() {
            out.push_str(deunicode::deunicode_char(c).unwrap_or(" "));
            i += c.len_utf8();
        }
    }
    out[start..].make_ascii_lowercase();
}

/// The words of already folded text, as slices of it: runs of ASCII letters and digits
/// (folded text is ASCII, so the runs are found bytewise).
fn split_words(folded: &str) -> impl Iterator<Item = &str> {
    let bytes = folded.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        (i > start).then(|| &folded[start..i])
    })
}

fn is_term(w: &str) -> bool {
    w.len() >= 2 && w.len() <= MAX_TERM && !is_stopword(w)
}

/// Splits text into normalised words (ASCII-folded, lowercase, letters and digits),
/// keeping stop words and short words. Queries and the index share this.
pub fn words(text: &str) -> Vec<String> {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    split_words(&folded).map(str::to_string).collect()
}

/// The indexable terms of `text`: [`words`] without stop words, one-character words
/// and words longer than [`MAX_TERM`].
pub fn terms(text: &str) -> Vec<String> {
    words(text).into_iter().filter(|w| is_term(w)).collect()
}

/// The distinct indexable terms of all of `texts`, in no particular order, each followed
/// by a space, in one string (one allocation for all of them: the terms are read across
/// cores and interned on one). The texts are folded into one buffer and split into
/// slices of it.
fn distinct_terms<'t>(texts: impl IntoIterator<Item = &'t str>, buf: &mut String) -> String {
    buf.clear();
    for t in texts {
        fold_into(t, buf);
        buf.push(' ');
    }
    // About one distinct word per dozen bytes of news text.
    let mut seen: HashSet<&str, FxBuild> =
        HashSet::with_capacity_and_hasher(buf.len() / 12, FxBuild::default());
    let mut out = String::new();
    for w in split_words(buf) {
        // The length test first: it is free, and rules out most repeats of "a".
        if (2..=MAX_TERM).contains(&w.len()) && seen.insert(w) && !is_stopword(w) {
            out.push_str(w);
            out.push(' ');
        }
    }
    out
}

/// Shard keys are prefixes of at least this many characters.
pub const MIN_KEY: usize = 2;
/// ... and at most this many (a longer key would not make a shard smaller).
pub const MAX_KEY: usize = 6;
/// A shard bigger than this (estimated JSON bytes) is split by one more character.
pub const SHARD_TARGET: usize = 48 * 1024;
/// Postings per term are capped at the newest this many articles (ids count from the
/// newest article), so a word in every article does not make a huge shard.
pub const MAX_POSTINGS: usize = 3000;

/// A shard key as fixed bytes (ASCII, zero-padded), so [`crate::render::Page`] stays `Copy`.
pub type Key = [u8; MAX_KEY];

/// `key` as a fixed-size [`Key`].
pub fn key_of(key: &str) -> Key {
    let mut k = [0u8; MAX_KEY];
    for (d, s) in k.iter_mut().zip(key.bytes()) {
        *d = s;
    }
    k
}

/// The text of a [`Key`].
pub fn key_str(k: &Key) -> String {
    k.iter()
        .take_while(|&&b| b != 0)
        .map(|&b| b as char)
        .collect()
}

/// The shard (key) holding `term`: the longest key that is a prefix of it.
pub fn shard_for<'k>(keys: &'k [String], term: &str) -> Option<&'k str> {
    (MIN_KEY..=MAX_KEY.min(term.len())).rev().find_map(|n| {
        let p = &term[..n];
        keys.binary_search_by(|k| k.as_str().cmp(p))
            .ok()
            .map(|i| keys[i].as_str())
    })
}

/// Splits terms (with estimated sizes, sorted) into shard keys: a prefix keeps all its
/// terms while they fit [`SHARD_TARGET`], else it is split by one more character
/// (terms no longer than the prefix stay under it).
pub fn assign_keys(terms: &[(String, usize)]) -> Vec<String> {
    fn split(prefix: &str, terms: &[(String, usize)], out: &mut Vec<String>) {
        let total: usize = terms.iter().map(|t| t.1).sum();
        if total <= SHARD_TARGET || prefix.len() >= MAX_KEY {
            out.push(prefix.to_string());
            return;
        }
        let n = prefix.len() + 1;
        let (short, long): (Vec<_>, Vec<_>) = terms.iter().cloned().partition(|(t, _)| t.len() < n);
        if !short.is_empty() {
            out.push(prefix.to_string());
        }
        let mut i = 0;
        while i < long.len() {
            let p = &long[i].0[..n];
            let j = i + long[i..].iter().take_while(|(t, _)| &t[..n] == p).count();
            split(p, &long[i..j], out);
            i = j;
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < terms.len() {
        let p = &terms[i].0[..MIN_KEY];
        let j = i + terms[i..]
            .iter()
            .take_while(|(t, _)| &t[..MIN_KEY] == p)
            .count();
        split(p, &terms[i..j], &mut out);
        i = j;
    }
    out.sort();
    out.dedup();
    out
}

/// Per-shard contents.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct Shard {
    /// Term → delta-encoded ascending article ids (the newest [`MAX_POSTINGS`]).
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
    /// Articles per doc shard.
    pub per: usize,
    /// Postings cap per term.
    pub cap: usize,
    /// Shard keys, sorted.
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

/// The searched terms of an article (headline, original title, summary, body) and of
/// its headline, each distinct, in no particular order, as [`distinct_terms`] gives them.
fn article_terms(a: &Article) -> (String, String) {
    thread_local! {
        static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    BUF.with_borrow_mut(|buf| {
        let title = distinct_terms([a.headline()], buf);
        let body: Vec<&str> = if a.rec.paragraphs.is_empty() {
            vec![a.rec.body.as_str()]
        } else {
            a.rec.paragraphs.iter().map(String::as_str).collect()
        };
        let all = distinct_terms(
            [a.headline(), a.rec.title.as_str(), a.rec.summary.as_str()]
                .into_iter()
                .chain(body),
            buf,
        );
        (all, title)
    })
}

/// Estimated JSON bytes of a delta-encoded id list.
fn list_bytes(d: &[u32]) -> usize {
    d.iter()
        .map(|&x| x.checked_ilog10().unwrap_or(0) as usize + 2)
        .sum()
}

/// A hash of everything the index is made of, to reuse a built index.
fn site_hash(site: &Site) -> u64 {
    use std::hash::Hasher;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for a in &site.articles {
        for s in [
            a.url.as_str(),
            &a.rec.title,
            a.headline(),
            &a.rec.summary,
            &a.rec.body,
        ] {
            h.write(s.as_bytes());
            h.write_u8(0);
        }
        for p in &a.rec.paragraphs {
            h.write(p.as_bytes());
            h.write_u8(0);
        }
        h.write(format!("{:?}", a.rec.date).as_bytes());
    }
    h.write_usize(site.articles.len());
    for p in &site.people {
        h.write(p.name.as_bytes());
        h.write(p.url.as_bytes());
        for a in &p.aliases {
            h.write(a.as_bytes());
        }
        h.write_usize(p.mentioned_in.len());
        h.write_usize(p.bylines.len());
        h.write(p.roles.first().map_or("", |r| r.role.as_str()).as_bytes());
    }
    h.finish()
}

impl Index {
    /// The index of `site`, built once per distinct site content and shared (listing
    /// pages and rendering them both need it).
    pub fn for_site(site: &Site) -> Arc<Index> {
        static MEMO: Mutex<Option<(u64, Arc<Index>)>> = Mutex::new(None);
        if !site.config.outputs.search {
            return Arc::new(Index::default());
        }
        let h = site_hash(site);
        let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, idx)) = memo.as_ref() {
            if *k == h {
                return idx.clone();
            }
        }
        let idx = Arc::new(Index::build(site));
        *memo = Some((h, idx.clone()));
        idx
    }

    /// Builds the index of `site` (articles in parallel).
    pub fn build(site: &Site) -> Index {
        let live = Live::new(site);
        Arc::unwrap_or_clone(live.index)
    }

    /// `meta.json` for this index.
    pub fn meta(&self, docs: usize) -> Meta {
        Meta {
            v: FORMAT_VERSION,
            docs,
            per: DOCS_PER_SHARD,
            cap: MAX_POSTINGS,
            shards: self.shards.iter().map(|(k, _)| k.clone()).collect(),
            stop: stopwords(),
        }
    }

    /// Shard keys, sorted.
    pub fn keys(&self) -> Vec<Key> {
        self.shards.iter().map(|(k, _)| key_of(k)).collect()
    }

    /// Serialised term shard with key `key` (an empty shard when there is none).
    pub fn shard_json(&self, key: &Key) -> Vec<u8> {
        let key = key_str(key);
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

/// The doc-shard entry of an article: `[title, url, date, snippet]`.
fn doc_entry(a: &Article) -> (String, String, String, String) {
    (
        a.headline().to_string(),
        a.url.clone(),
        a.rec
            .date
            .map(crate::render::views::display_date)
            .unwrap_or_default(),
        snippet(&a.rec.summary),
    )
}

/// Hash of the text an article's terms come from.
fn text_hash(a: &Article) -> u64 {
    use std::hash::Hasher;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for s in [a.headline(), &a.rec.title, &a.rec.summary] {
        h.write_usize(s.len());
        h.write(s.as_bytes());
    }
    if a.rec.paragraphs.is_empty() {
        h.write_u8(0);
        h.write(a.rec.body.as_bytes());
    } else {
        for p in &a.rec.paragraphs {
            h.write_u8(1);
            h.write_usize(p.len());
            h.write(p.as_bytes());
        }
    }
    h.finish()
}

/// The terms of one article, as ids into [`Live`]'s term table, sorted and distinct.
#[derive(Debug)]
struct ArticleTerms {
    /// Headline, title, body and summary.
    all: Vec<u32>,
    /// Headline only.
    title: Vec<u32>,
}

/// The two-character group of a term: shard keys are assigned group by group.
fn group_of(term: &str) -> [u8; MIN_KEY] {
    let b = term.as_bytes();
    [b[0], b[1]]
}

/// A search index kept up to date article by article, for `watch` and `serve`.
///
/// Terms are interned (ids never change), each article's terms are kept with a hash of
/// the text they came from, and every term keeps all its postings (the cap applies only
/// when a shard is built). [`Live::patch`] updates the postings of the terms an edited
/// article gained or lost and rebuilds only the shards of their two-character groups
/// (shard keys are assigned group by group, so other shards cannot change); a full
/// [`Live::rebuild`] after the site was assembled again tokenises only articles whose
/// text it has not seen. The index equals [`Index::build`] of the same site.
#[derive(Debug, Default)]
pub struct Live {
    /// Term id → term.
    names: Vec<String>,
    ids: HashMap<String, u32, FxBuild>,
    /// Term ids per two-character group.
    groups: HashMap<[u8; MIN_KEY], Vec<u32>, FxBuild>,
    /// Per article: text hash and terms.
    arts: Vec<(u64, Arc<ArticleTerms>)>,
    /// Term id → ascending ids of articles with it anywhere, and in the headline.
    post: Vec<(Vec<u32>, Vec<u32>)>,
    /// Term id → people whose name or an alias has it.
    people: HashMap<u32, Vec<u32>, FxBuild>,
    index: Arc<Index>,
}

/// What [`Live::patch`] changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Patched {
    /// Keys of shards that may differ, before and after the patch.
    pub shards: BTreeSet<String>,
    /// Doc shards that may differ.
    pub docs: BTreeSet<usize>,
}

impl Live {
    /// The index of `site`.
    pub fn new(site: &Site) -> Live {
        let mut live = Live::default();
        live.rebuild(site);
        live
    }

    /// The current index.
    pub fn index(&self) -> Arc<Index> {
        self.index.clone()
    }

    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(term.to_string());
        self.ids.insert(term.to_string(), id);
        self.groups.entry(group_of(term)).or_default().push(id);
        self.post.push(Default::default());
        id
    }

    fn terms_of(&mut self, a: &Article) -> ArticleTerms {
        let (all, title) = article_terms(a);
        self.intern_terms(all, title)
    }

    /// The ids of the terms of [`article_terms`] (each followed by a space).
    fn intern_terms(&mut self, all: String, title: String) -> ArticleTerms {
        let mut ids = |set: String| {
            let mut v: Vec<u32> = set.split_terminator(' ').map(|t| self.intern(t)).collect();
            v.sort_unstable();
            v
        };
        let all = ids(all);
        let title = ids(title);
        ArticleTerms { all, title }
    }

    /// Builds the whole index of `site` again (after the site was assembled again:
    /// article ids and people may all have changed). Articles whose text is unchanged
    /// keep their terms. With `outputs.search` off the index is empty.
    pub fn rebuild(&mut self, site: &Site) {
        if !site.config.outputs.search {
            // No search pages: the index stays empty (and costs nothing).
            *self = Live::default();
            return;
        }
        let known: HashMap<u64, Arc<ArticleTerms>> =
            std::mem::take(&mut self.arts).into_iter().collect();
        let hashes: Vec<u64> = site.articles.par_iter().map(text_hash).collect();
        let mut arts = Vec::with_capacity(site.articles.len());
        // Terms are read across cores a block of articles at a time and interned in
        // order, so only a couple of blocks' term strings are held at once. Interning is
        // serial, so it runs beside the reading of the next block.
        const BLOCK: usize = 2048;
        type Fresh = Vec<Option<(String, String)>>;
        let read = |block: &[Article], hs: &[u64]| -> Fresh {
            block
                .par_iter()
                .zip(hs)
                .map(|(a, h)| (!known.contains_key(h)).then(|| article_terms(a)))
                .collect()
        };
        let mut intern_block =
            |hs: &[u64], fresh: Fresh, arts: &mut Vec<(u64, Arc<ArticleTerms>)>| {
                for (&h, f) in hs.iter().zip(fresh) {
                    let t = match (f, known.get(&h)) {
                        (Some((all, title)), _) => Arc::new(self.intern_terms(all, title)),
                        (None, Some(t)) => t.clone(),
                        (None, None) => unreachable!("terms are known or fresh"),
                    };
                    arts.push((h, t));
                }
            };
        let mut pending: Option<(&[u64], Fresh)> = None;
        for (block, hs) in site.articles.chunks(BLOCK).zip(hashes.chunks(BLOCK)) {
            let (fresh, ()) = rayon::join(
                || read(block, hs),
                || {
                    if let Some((phs, pf)) = pending.take() {
                        intern_block(phs, pf, &mut arts);
                    }
                },
            );
            pending = Some((hs, fresh));
        }
        if let Some((phs, pf)) = pending.take() {
            intern_block(phs, pf, &mut arts);
        }
        self.arts = arts;
        for p in &mut self.post {
            p.0.clear();
            p.1.clear();
        }
        for (i, (_, t)) in self.arts.iter().enumerate() {
            for &id in &t.all {
                self.post[id as usize].0.push(i as u32);
            }
            for &id in &t.title {
                self.post[id as usize].1.push(i as u32);
            }
        }
        self.people.clear();
        for (pi, p) in site.people.iter().enumerate() {
            let mut pt: BTreeSet<String> = terms(&p.name).into_iter().collect();
            for a in &p.aliases {
                pt.extend(terms(a));
            }
            for t in pt {
                let id = self.intern(&t);
                self.people.entry(id).or_default().push(pi as u32);
            }
        }
        let mut groups: Vec<[u8; MIN_KEY]> = self.groups.keys().copied().collect();
        groups.sort_unstable();
        let shards = groups
            .par_iter()
            .flat_map_iter(|g| self.group_shards(site, g))
            .collect();
        let docs = site
            .articles
            .chunks(DOCS_PER_SHARD)
            .map(|chunk| chunk.iter().map(doc_entry).collect())
            .collect();
        self.index = Arc::new(Index { shards, docs });
    }

    /// The shards of the terms of group `g` (sorted by key; none when no term of the
    /// group is in use).
    fn group_shards(&self, site: &Site, g: &[u8; MIN_KEY]) -> Vec<(String, Shard)> {
        let mut ids: Vec<u32> = self.groups.get(g).map_or_else(Vec::new, |v| {
            v.iter()
                .copied()
                .filter(|&id| !self.post[id as usize].0.is_empty() || self.people.contains_key(&id))
                .collect()
        });
        ids.sort_unstable_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let cap = |v: &[u32]| delta_encode(&v[..v.len().min(MAX_POSTINGS)]);
        let encoded: Vec<(u32, Vec<u32>, Vec<u32>)> = ids
            .iter()
            .map(|&id| {
                let (a, h) = &self.post[id as usize];
                (id, cap(a), cap(h))
            })
            .collect();
        let sizes: Vec<(String, usize)> = encoded
            .iter()
            .map(|(id, a, h)| {
                let t = &self.names[*id as usize];
                let people = self.people.get(id).map_or(0, |v| v.len() * 60);
                (
                    t.clone(),
                    2 * t.len() + 12 + list_bytes(a) + list_bytes(h) + people,
                )
            })
            .collect();
        let keys = assign_keys(&sizes);
        let mut shards: Vec<(String, Shard)> =
            keys.iter().map(|k| (k.clone(), Shard::default())).collect();
        for (id, a, h) in encoded {
            let t = &self.names[id as usize];
            let key = shard_for(&keys, t).expect("every term has a shard");
            let i = keys
                .binary_search_by(|k| k.as_str().cmp(key))
                .expect("shard exists");
            let s = &mut shards[i].1;
            if let Some(people) = self.people.get(&id) {
                for &pi in people {
                    let p = &site.people[pi as usize];
                    s.pm.insert(
                        pi,
                        (
                            p.name.clone(),
                            p.url.clone(),
                            p.mentioned_in.len().max(p.bylines.len()),
                            p.roles.first().map(|r| r.role.clone()).unwrap_or_default(),
                        ),
                    );
                }
                s.p.insert(t.clone(), people.clone());
            }
            if !a.is_empty() {
                s.t.insert(t.clone(), a);
            }
            if !h.is_empty() {
                s.h.insert(t.clone(), h);
            }
        }
        shards
    }

    /// Updates the index after the articles `changed` of `site` were edited in place:
    /// same ids, same people (the site's structure is unchanged; anything else needs
    /// [`Live::rebuild`]).
    pub fn patch(&mut self, site: &Site, changed: &[usize]) -> Patched {
        let mut out = Patched::default();
        if !site.config.outputs.search {
            return out;
        }
        let mut groups: BTreeSet<[u8; MIN_KEY]> = BTreeSet::new();
        for &i in changed {
            let a = &site.articles[i];
            out.docs.insert(i / DOCS_PER_SHARD);
            let h = text_hash(a);
            if self.arts[i].0 == h {
                continue;
            }
            let new = Arc::new(self.terms_of(a));
            let old = std::mem::replace(&mut self.arts[i], (h, new.clone())).1;
            let id = i as u32;
            for (before, after, list) in [(&old.all, &new.all, 0), (&old.title, &new.title, 1)] {
                for &t in before.iter().filter(|t| after.binary_search(t).is_err()) {
                    let p = &mut self.post[t as usize];
                    let v = if list == 0 { &mut p.0 } else { &mut p.1 };
                    if let Ok(k) = v.binary_search(&id) {
                        v.remove(k);
                    }
                    groups.insert(group_of(&self.names[t as usize]));
                }
                for &t in after.iter().filter(|t| before.binary_search(t).is_err()) {
                    let p = &mut self.post[t as usize];
                    let v = if list == 0 { &mut p.0 } else { &mut p.1 };
                    if let Err(k) = v.binary_search(&id) {
                        v.insert(k, id);
                    }
                    groups.insert(group_of(&self.names[t as usize]));
                }
            }
        }
        type Group = ([u8; MIN_KEY], Vec<(String, Shard)>);
        let rebuilt: Vec<Group> = groups
            .par_iter()
            .map(|g| (*g, self.group_shards(site, g)))
            .collect();
        let idx = Arc::make_mut(&mut self.index);
        for (g, shards) in rebuilt {
            let prefix = String::from_utf8_lossy(&g).into_owned();
            let lo = idx
                .shards
                .partition_point(|(k, _)| k.as_str() < prefix.as_str());
            let hi = lo
                + idx.shards[lo..]
                    .iter()
                    .take_while(|(k, _)| k.starts_with(&prefix))
                    .count();
            out.shards
                .extend(idx.shards[lo..hi].iter().map(|(k, _)| k.clone()));
            out.shards.extend(shards.iter().map(|(k, _)| k.clone()));
            idx.shards.splice(lo..hi, shards);
        }
        for &d in &out.docs {
            let lo = d * DOCS_PER_SHARD;
            let hi = (lo + DOCS_PER_SHARD).min(site.articles.len());
            idx.docs[d] = site.articles[lo..hi].iter().map(doc_entry).collect();
        }
        out
    }
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
    fn small_prefixes_stay_whole_big_ones_split() {
        let small = vec![("harbour".to_string(), 10), ("hat".to_string(), 10)];
        assert_eq!(assign_keys(&small), vec!["ha"]);
        let big = vec![
            ("co".to_string(), 5),
            ("coast".to_string(), SHARD_TARGET),
            ("council".to_string(), 10),
            ("court".to_string(), 10),
        ];
        let keys = assign_keys(&big);
        assert_eq!(keys, vec!["co", "coa", "cou"]);
        assert_eq!(shard_for(&keys, "co"), Some("co"));
        assert_eq!(shard_for(&keys, "coast"), Some("coa"));
        assert_eq!(shard_for(&keys, "council"), Some("cou"));
        assert_eq!(shard_for(&keys, "x"), None);
    }

    #[test]
    fn keys_roundtrip() {
        for k in ["ab", "coast", "abcdef"] {
            assert_eq!(key_str(&key_of(k)), k);
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

    fn site(bodies: &[&str]) -> Site {
        let recs = bodies
            .iter()
            .enumerate()
            .map(|(i, b)| crate::model::Record {
                path: format!("a{i}.md"),
                title: format!("Article {i} about {}", b.split(' ').next().unwrap_or("")),
                slug: format!("a{i}"),
                date: chrono::NaiveDate::from_ymd_opt(2020, 1, 1 + i as u32),
                body: b.to_string(),
                paragraphs: vec![b.to_string()],
                summary: b.chars().take(30).collect(),
                people: vec![crate::model::PersonRef {
                    name: format!("Ann Lee{}", i % 2),
                    ..Default::default()
                }],
                ..Default::default()
            })
            .collect();
        crate::site::assemble(
            crate::config::Config::default(),
            recs,
            &crate::registry::Registry::default(),
            false,
        )
    }

    fn same(a: &Index, b: &Index) {
        assert_eq!(a.shards, b.shards);
        assert_eq!(a.docs, b.docs);
    }

    #[test]
    fn patched_index_equals_a_fresh_build() {
        // Long bodies, so that some groups split into several shards.
        let long: String = (0..4000).map(|k| format!("harbour{k} ")).collect();
        let bodies = [
            "harbour storm council",
            "bridge ferry market",
            &long,
            "school strike",
        ];
        let mut site = site(&bodies);
        let mut live = Live::new(&site);
        same(&live.index(), &Index::build(&site));
        let edits: &[(usize, &str)] = &[
            (0, "harbour ferry election lifeboat"),
            (2, "short now"),
            (1, &long),
            (3, ""),
            (0, "harbour storm council"),
        ];
        for &(i, text) in edits {
            let a = &mut site.articles[i];
            a.rec.body = text.to_string();
            a.rec.paragraphs = vec![text.to_string()];
            a.rec.title = format!("Edited {text}").chars().take(40).collect();
            let before = live.index();
            let patched = live.patch(&site, &[i]);
            let fresh = Index::build(&site);
            same(&live.index(), &fresh);
            // Shards outside the reported ones are unchanged.
            for (k, sh) in fresh
                .shards
                .iter()
                .filter(|s| !patched.shards.contains(&s.0))
            {
                assert!(
                    before.shards.iter().any(|(bk, bs)| bk == k && bs == sh),
                    "{k}"
                );
            }
            assert!(patched.docs.contains(&(i / DOCS_PER_SHARD)));
        }
        // A rebuild reuses the terms of unchanged text and gives the same index.
        live.rebuild(&site);
        same(&live.index(), &Index::build(&site));
    }

    #[test]
    fn stopword_list_is_lowercase_ascii() {
        let s = stopwords();
        assert!(s.contains(&"the"));
        assert!(s.iter().all(|w| w.bytes().all(|b| b.is_ascii_lowercase())));
    }
}
