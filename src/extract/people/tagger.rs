//! The person tagger: an averaged perceptron that decides, for every capitalised word,
//! whether it is part of a person's name.
//!
//! Features are the word, its shape and suffix, its neighbours, whether it starts a
//! sentence, the previous decision, Census name lists, and two document-wide hints
//! (the word also occurs in lower case; it also occurs capitalised mid-sentence). The
//! weights are trained by `scripts/train_people.rs` on CoNLL-2003 train and stored as
//! `feature<TAB>weight` lines in `data/people/model.tsv`.

use super::lexicon::{flag, lexicon, lower_into};
use super::tokens::{is_abbreviation, is_all_caps, is_capitalised, starts_sentence, Token};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A small fast hasher for short string and integer keys (FxHash's mixing step).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Whole 8-byte words, then the tail zero-padded: the same value as padding each
        // chunk, without a copy per word.
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.add(u64::from_le_bytes(w.try_into().expect("8 bytes")));
        }
        let tail = words.remainder();
        if !tail.is_empty() {
            let mut b = [0u8; 8];
            b[..tail.len()].copy_from_slice(tail);
            self.add(u64::from_le_bytes(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Hash-map builder using [`FxHasher`].
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// 64-bit hash of a feature string: the key of its weight.
pub fn feature_hash(s: &str) -> u64 {
    hash_parts(&[s])
}

/// The hash of the concatenation of `parts` (FNV-1a), computed without building it.
pub fn hash_parts(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Document-wide facts the features consult.
#[derive(Debug, Default)]
pub struct DocContext<'a> {
    /// Lower-cased capitalised words that also occur starting with a lower-case letter.
    lower: HashSet<String, FxBuild>,
    /// Capitalised words that occur somewhere not at a sentence start.
    midcap: HashSet<&'a str, FxBuild>,
}

impl<'a> DocContext<'a> {
    /// Collects the facts of one document (its tokenized paragraphs). Only capitalised
    /// words are ever asked about, so only their lower-case forms are looked for.
    pub fn new(paras: &'a [String], toks: &[Vec<Token>]) -> Self {
        let mut caps: HashMap<String, bool, FxBuild> = HashMap::default();
        let mut midcap = HashSet::default();
        let mut buf = String::new();
        for (p, ts) in paras.iter().zip(toks) {
            for (i, t) in ts.iter().enumerate() {
                let w = t.text(p);
                if !t.word || !is_capitalised(w) {
                    continue;
                }
                lower_into(w, &mut buf);
                if !caps.contains_key(buf.as_str()) {
                    caps.insert(buf.clone(), false);
                }
                if !is_all_caps(w) && !starts_sentence(p, ts, i) {
                    midcap.insert(w);
                }
            }
        }
        for (p, ts) in paras.iter().zip(toks) {
            for t in ts.iter().filter(|t| t.word) {
                let w = t.text(p);
                if w.starts_with(char::is_lowercase) {
                    if let Some(seen) = caps.get_mut(w) {
                        *seen = true;
                    }
                }
            }
        }
        let lower = caps.into_iter().filter(|c| c.1).map(|c| c.0).collect();
        DocContext { lower, midcap }
    }

    /// Whether `lower` (a lower-cased word) occurs in lower case in the document.
    pub fn has_lower(&self, lower: &str) -> bool {
        self.lower.contains(lower)
    }

    /// Whether `word` occurs capitalised somewhere not at a sentence start.
    pub fn has_midcap(&self, word: &str) -> bool {
        self.midcap.contains(word)
    }
}

/// Whether a token is one the tagger decides on: a capitalised word.
pub fn is_candidate(para: &str, t: &Token) -> bool {
    t.word && is_capitalised(t.text(para))
}

/// The collapsed shape of a word: "Simmons" -> "Xx", "McCague" -> "XxXx", "U.S" -> "X.X".
fn shape_into(word: &str, out: &mut String) {
    let mut last = None;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if last != Some(k) {
            out.push(k);
            last = Some(k);
        }
    }
}

/// The class of a neighbouring token: "X" capitalised word, "x" lower-case, "d" number,
/// or the punctuation character itself.
fn class_of(text: &str) -> &str {
    match text.chars().next() {
        Some(c) if c.is_uppercase() => "X",
        Some(c) if c.is_lowercase() => "x",
        Some(c) if c.is_numeric() => "d",
        Some(_) => text,
        None => "",
    }
}

/// Reusable buffers for feature strings, so tagging does not allocate per token.
#[derive(Debug, Default)]
pub struct Scratch {
    low: String,
    tmp: String,
}

/// Calls `sink` with the hash and the parts of every feature string of candidate token `i`.
#[allow(clippy::too_many_arguments)]
pub fn features(
    para: &str,
    toks: &[Token],
    i: usize,
    prev_per: bool,
    ctx: &DocContext,
    s: &mut Scratch,
    sink: &mut dyn FnMut(u64, &[&str]),
) {
    let lex = lexicon();
    let word = toks[i].text(para);
    lower_into(word, &mut s.low);
    let mut emit = |parts: &[&str]| sink(hash_parts(parts), parts);
    emit(&["b"]);
    emit(&["w=", word]);
    emit(&["l=", &s.low]);
    let n = s.low.chars().count();
    if n > 3 {
        let cut = s.low.char_indices().nth(n - 3).map_or(0, |(b, _)| b);
        emit(&["s3=", &s.low[cut..]]);
    }
    s.tmp.clear();
    shape_into(word, &mut s.tmp);
    emit(&["sh=", &s.tmp]);
    let ss = starts_sentence(para, toks, i);
    let pl = if prev_per { "P" } else { "O" };
    emit(&["pl=", pl]);
    let word_at = |k: isize| -> Option<&str> {
        usize::try_from(k)
            .ok()
            .and_then(|k| toks.get(k))
            .map(|t| t.text(para))
    };
    let i = i as isize;
    let (p1, p2, n1, n2) = (
        word_at(i - 1),
        word_at(i - 2),
        word_at(i + 1),
        word_at(i + 2),
    );
    let p1c = p1.map_or("<s>", class_of);
    let n1c = n1.map_or("</s>", class_of);
    emit(&["p1c=", p1c]);
    emit(&["n1c=", n1c]);
    emit(&["p1c|n1c=", p1c, "|", n1c]);
    emit(&["pl|n1c=", pl, "|", n1c]);
    emit(&["sh|n1c=", &s.tmp, "|", n1c]);
    emit(&["p2c=", p2.map_or("<s>", class_of)]);
    if p1 == Some(".") {
        let init = p2.is_some_and(is_abbreviation);
        emit(&["p1dot=", if init { "abbr" } else { "end" }]);
    }
    emit(&["n2c=", n2.map_or("</s>", class_of)]);
    let (mut p1f, mut n1f) = (0, 0);
    for (name, w) in [("p1=", p1), ("p2=", p2), ("n1=", n1), ("n2=", n2)] {
        if let Some(w) = w {
            lower_into(w, &mut s.tmp);
            emit(&[name, &s.tmp]);
            match name {
                "p1=" => p1f = lex.flags(&s.tmp),
                "n1=" => n1f = lex.flags(&s.tmp),
                _ => {}
            }
        }
    }
    if ss {
        emit(&["ss"]);
    }
    let fl = lex.flags(&s.low);
    if fl & flag::FIRST != 0 {
        emit(&["gf"]);
        emit(&["gf|n1c=", n1c]);
    }
    let bucket = if fl & flag::SURNAME_TOP != 0 {
        "1"
    } else if fl & flag::SURNAME_MID != 0 {
        "2"
    } else if fl & flag::SURNAME_RARE != 0 {
        "3"
    } else {
        ""
    };
    if !bucket.is_empty() {
        emit(&["gs=", bucket]);
        emit(&["gs|p1c=", p1c]);
    }
    for (bit, name) in [
        (flag::PLACE, "gp"),
        (flag::NON_PERSON, "gn"),
        (flag::ORG, "go"),
        (flag::HONORIFIC, "hon"),
    ] {
        if fl & bit != 0 {
            emit(&[name]);
        }
    }
    if n1f & flag::ORG != 0 {
        emit(&["n1org"]);
    }
    if p1f & (flag::HONORIFIC | flag::ROLE_HEAD) != 0 {
        emit(&["p1role"]);
    }
    let dl = ctx.has_lower(&s.low);
    let mc = ctx.has_midcap(word);
    if dl {
        emit(&["dl"]);
    }
    if ss {
        emit(&["ss|mc=", if mc { "1" } else { "0" }]);
        emit(&["ss|dl=", if dl { "1" } else { "0" }]);
    }
    if is_all_caps(word) {
        emit(&["ac"]);
    }
}

/// Trained weights: feature hash -> weight.
#[derive(Debug, Default)]
pub struct Model {
    weights: HashMap<u64, f32, FxBuild>,
}

static MODEL_TSV: &str = include_str!("../../../data/people/model.tsv");

impl Model {
    /// Parses `feature<TAB>weight` lines (`#` lines are comments).
    pub fn parse(tsv: &str) -> Model {
        let mut weights = HashMap::default();
        for line in tsv.lines() {
            if line.starts_with('#') {
                continue;
            }
            if let Some((f, w)) = line.rsplit_once('\t') {
                if let Ok(w) = w.parse::<f32>() {
                    weights.insert(feature_hash(f), w);
                }
            }
        }
        Model { weights }
    }

    /// The bundled model.
    pub fn bundled() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        M.get_or_init(|| Model::parse(MODEL_TSV))
    }

    /// Weight of a feature string (0 when unknown).
    pub fn weight(&self, feature: &str) -> f32 {
        self.weight_of(feature_hash(feature))
    }

    /// Weight of a feature by its hash.
    pub fn weight_of(&self, hash: u64) -> f32 {
        self.weights.get(&hash).copied().unwrap_or(0.0)
    }
}

/// Scores one document: for every token of every paragraph, the tagger's score; a word
/// is part of a name when its score is positive (other tokens score 0).
pub fn tag(
    paras: &[String],
    toks: &[Vec<Token>],
    ctx: &DocContext,
    model: &Model,
) -> Vec<Vec<f32>> {
    let mut s = Scratch::default();
    let mut out = Vec::with_capacity(paras.len());
    for (p, ts) in paras.iter().zip(toks) {
        let mut labels = vec![false; ts.len()];
        let mut scores = vec![0.0f32; ts.len()];
        for i in 0..ts.len() {
            if !is_candidate(p, &ts[i]) {
                continue;
            }
            let prev = prev_label(p, ts, &labels, i);
            let mut sum = 0.0f32;
            features(p, ts, i, prev, ctx, &mut s, &mut |h, _| {
                sum += model.weight_of(h)
            });
            labels[i] = sum > 0.0;
            scores[i] = sum;
        }
        out.push(scores);
    }
    out
}

/// The previous decision seen by token `i`: the token before it, looking through the
/// full stop of an initial ("P. Simmons").
pub fn prev_label(para: &str, toks: &[Token], labels: &[bool], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    if labels[i - 1] {
        return true;
    }
    i >= 2 && toks[i - 1].text(para) == "." && labels[i - 2]
}

/// Tags a document with the bundled model.
pub fn tag_with_model(paras: &[String], toks: &[Vec<Token>], ctx: &DocContext) -> Vec<Vec<f32>> {
    tag(paras, toks, ctx, Model::bundled())
}

/// Averaged-perceptron training state.
#[derive(Debug, Default)]
pub struct Trainer {
    /// hash -> (weight, accumulated weight, last update step)
    w: HashMap<u64, (f32, f64, u64), FxBuild>,
    names: HashMap<u64, String, FxBuild>,
    step: u64,
}

impl Trainer {
    fn score(&self, feats: &[u64]) -> f32 {
        feats
            .iter()
            .map(|h| self.w.get(h).map_or(0.0, |e| e.0))
            .sum()
    }

    fn update(&mut self, feats: &[u64], delta: f32) {
        for &h in feats {
            let step = self.step;
            let e = self.w.entry(h).or_insert((0.0, 0.0, step));
            e.1 += f64::from(e.0) * (step - e.2) as f64;
            e.2 = step;
            e.0 += delta;
        }
    }

    /// One pass over a document with gold labels `gold` (same shape as the tokens).
    pub fn train_doc(&mut self, paras: &[String], toks: &[Vec<Token>], gold: &[Vec<bool>]) {
        let ctx = DocContext::new(paras, toks);
        let mut s = Scratch::default();
        let mut feats: Vec<u64> = Vec::new();
        for ((p, ts), g) in paras.iter().zip(toks).zip(gold) {
            let mut labels = vec![false; ts.len()];
            for i in 0..ts.len() {
                if !is_candidate(p, &ts[i]) {
                    continue;
                }
                let prev = prev_label(p, ts, &labels, i);
                feats.clear();
                let names = &mut self.names;
                features(p, ts, i, prev, &ctx, &mut s, &mut |h, parts| {
                    names.entry(h).or_insert_with(|| parts.concat());
                    feats.push(h);
                });
                self.step += 1;
                let guess = self.score(&feats) > 0.0;
                if guess != g[i] {
                    self.update(&feats, if g[i] { 1.0 } else { -1.0 });
                }
                labels[i] = guess;
            }
        }
    }

    /// The averaged weights as `feature<TAB>weight` lines, dropping those below `min_abs`,
    /// sorted by feature for a stable file.
    pub fn to_tsv(&self, min_abs: f32) -> String {
        let mut rows: Vec<(&str, f32)> = Vec::new();
        for (h, &(w, acc, last)) in &self.w {
            let total = acc + f64::from(w) * (self.step - last) as f64;
            let avg = (total / self.step.max(1) as f64) as f32;
            if avg.abs() >= min_abs {
                if let Some(name) = self.names.get(h) {
                    rows.push((name, avg));
                }
            }
        }
        rows.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = String::new();
        for (f, w) in rows {
            out.push_str(f);
            out.push('\t');
            out.push_str(&format!("{w:.4}"));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn toks(text: &str) -> Vec<Token> {
        let mut t = Vec::new();
        tokenize(text, &mut t);
        t
    }

    #[test]
    fn shapes() {
        for (w, want) in [
            ("Simmons", "Xx"),
            ("McCague", "XxXx"),
            ("U.S", "X.X"),
            ("1996", "d"),
        ] {
            let mut s = String::new();
            shape_into(w, &mut s);
            assert_eq!(s, want);
        }
    }

    #[test]
    fn features_of_a_name() {
        let p = vec!["Essex lost as Nasser Hussain scored.".to_string()];
        let t = vec![toks(&p[0])];
        let ctx = DocContext::new(&p, &t);
        let mut got = Vec::new();
        features(
            &p[0],
            &t[0],
            4,
            true,
            &ctx,
            &mut Scratch::default(),
            &mut |h, parts| {
                assert_eq!(h, feature_hash(&parts.concat()));
                got.push(parts.concat());
            },
        );
        for want in [
            "w=Hussain",
            "l=hussain",
            "s3=ain",
            "sh=Xx",
            "pl=P",
            "p1=nasser",
            "n1=scored",
        ] {
            assert!(got.iter().any(|g| g == want), "{want} in {got:?}");
        }
        assert!(!got.iter().any(|g| g == "ss"));
    }

    #[test]
    fn doc_context() {
        let p = vec![
            "Such a day. Such scored as Peter Such bowled.".to_string(),
            "A Day to remember: one day.".to_string(),
        ];
        let t: Vec<Vec<Token>> = p.iter().map(|x| toks(x)).collect();
        let ctx = DocContext::new(&p, &t);
        assert!(ctx.has_midcap("Such") && ctx.has_midcap("Peter") && !ctx.has_midcap("A"));
        assert!(ctx.has_lower("day") && !ctx.has_lower("such") && !ctx.has_lower("remember"));
    }

    #[test]
    fn model_parse_and_training_learn_a_toy_rule() {
        let p = vec!["He met Anna Berg and Oslo Bank.".to_string()];
        let t = vec![toks(&p[0])];
        let gold: Vec<Vec<bool>> = vec![t[0]
            .iter()
            .map(|x| matches!(x.text(&p[0]), "Anna" | "Berg"))
            .collect()];
        let mut tr = Trainer::default();
        for _ in 0..5 {
            tr.train_doc(&p, &t, &gold);
        }
        let m = Model::parse(&tr.to_tsv(0.0));
        let ctx = DocContext::new(&p, &t);
        let got: Vec<Vec<bool>> = tag(&p, &t, &ctx, &m)
            .iter()
            .map(|ps| ps.iter().map(|&x| x > 0.0).collect())
            .collect();
        assert_eq!(got, gold);
    }
}
