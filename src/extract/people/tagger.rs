//! The person tagger: an averaged perceptron that decides, for every capitalised word,
//! whether it is part of a person's name.
//!
//! Features are the word, its shape and suffix, its neighbours, whether it starts a
//! sentence, the previous decision, Census name lists, and two document-wide hints
//! (the word also occurs in lower case; it also occurs capitalised mid-sentence). The
//! weights are trained by `scripts/train_people.rs` on CoNLL-2003 train and stored as
//! `feature<TAB>weight` lines in `data/people/model.tsv`.

use super::lexicon::flag;
use super::tokens::{is_abbreviation, starts_sentence, Lowered, Token};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A small fast hasher for short string and integer keys (FxHash's mixing step).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        // The table index comes from the low bits, which a multiply leaves depending on
        // the low bits of the key alone (the first bytes of a word): rotating brings the
        // well-mixed high bits down, so words with a common prefix do not pile up.
        self.0.rotate_left(26)
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        // Whole 8-byte words, then the tail zero-padded: the same value as padding each
        // chunk, without a copy per word.
        let mut rest = bytes;
        while let Some((w, tail)) = rest.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*w));
            rest = tail;
        }
        if !rest.is_empty() {
            self.add(tail_word(rest));
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
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// The 1 to 7 bytes of `t` as a zero-padded little-endian word, read in 4-, 2- and
/// 1-byte pieces (a short copy into a buffer costs a `memcpy` call).
fn tail_word(t: &[u8]) -> u64 {
    let mut v = 0u64;
    let mut k = 0;
    if t.len() & 4 != 0 {
        v = u64::from(u32::from_le_bytes([t[0], t[1], t[2], t[3]]));
        k = 4;
    }
    if t.len() & 2 != 0 {
        v |= u64::from(u16::from_le_bytes([t[k], t[k + 1]])) << (8 * k);
        k += 2;
    }
    if t.len() & 1 != 0 {
        v |= u64::from(t[k]) << (8 * k);
    }
    v
}

/// Hash-map builder using [`FxHasher`].
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// 64-bit hash of a feature string: the key of its weight.
pub fn feature_hash(s: &str) -> u64 {
    hash_parts(&[s])
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a state `h` continued over `bytes`; a `const fn`, so a feature's fixed prefix
/// ("w=", "p1c|n1c=") is hashed at compile time.
const fn fnv_continue(mut h: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u64).wrapping_mul(FNV_PRIME);
        i += 1;
    }
    h
}

/// The FNV-1a state after the fixed text `s`.
const fn fnv_prefix(s: &str) -> u64 {
    fnv_continue(FNV_OFFSET, s.as_bytes())
}

/// The hash of the concatenation of `parts` (FNV-1a), computed without building it.
pub fn hash_parts(parts: &[&str]) -> u64 {
    parts
        .iter()
        .fold(FNV_OFFSET, |h, p| fnv_continue(h, p.as_bytes()))
}

/// Document-wide facts the features consult, and the lower-cased tokens.
#[derive(Debug, Default)]
pub struct DocContext<'a> {
    /// Lower-cased capitalised words that also occur starting with a lower-case letter.
    lower: HashSet<String, FxBuild>,
    /// Capitalised words that occur somewhere not at a sentence start.
    midcap: HashSet<&'a str, FxBuild>,
    /// The lower-cased tokens of every paragraph.
    lows: Vec<Lowered>,
}

/// A bit of the 1024-bit filter of DocContext's candidate words: most words are ruled
/// out by length, first and last byte before any hashing.
fn filter_bit(w: &[u8]) -> usize {
    let (first, last) = (w[0] as usize, w[w.len() - 1] as usize);
    (w.len().wrapping_mul(131) ^ first.wrapping_mul(31) ^ last.wrapping_mul(7)) & 1023
}

impl<'a> DocContext<'a> {
    /// Collects the facts of one document (its tokenized paragraphs). Only capitalised
    /// words are ever asked about, so only their lower-case forms are looked for.
    pub fn new(paras: &'a [String], toks: &[Vec<Token>]) -> Self {
        let mut lows: Vec<Lowered> = paras
            .iter()
            .zip(toks)
            .map(|(p, ts)| Lowered::new(p, ts))
            .collect();
        let n_caps = toks.iter().flatten().filter(|t| t.word && t.cap).count();
        {
            // Word-list flags of the capitalised words and of their neighbours (the
            // tagger asks about both), each distinct word looked up once.
            let mut memo = HashMap::with_capacity_and_hasher(n_caps, FxBuild::default());
            for (low, ts) in lows.iter_mut().zip(toks) {
                let n = ts.len();
                let near = ts
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.word && t.cap)
                    .flat_map(|(i, _)| [i.wrapping_sub(1), i, i + 1])
                    .filter(|&k| k < n);
                low.fill_flags(near, &mut memo);
            }
        }
        let mut caps: HashMap<&str, bool, FxBuild> =
            HashMap::with_capacity_and_hasher(n_caps, FxBuild::default());
        let mut filter = [0u64; 16];
        let mut midcap: HashSet<&str, FxBuild> =
            HashSet::with_capacity_and_hasher(n_caps, FxBuild::default());
        for ((p, ts), low) in paras.iter().zip(toks).zip(&lows) {
            for (i, t) in ts.iter().enumerate() {
                if !t.word || !t.cap {
                    continue;
                }
                let w = t.text(p);
                let l = low.get(i);
                if !l.is_empty() {
                    let bit = filter_bit(l.as_bytes());
                    filter[bit / 64] |= 1 << (bit % 64);
                    caps.entry(l).or_insert(false);
                }
                if !t.all_caps && !starts_sentence(p, ts, i) {
                    midcap.insert(w);
                }
            }
        }
        for (p, ts) in paras.iter().zip(toks) {
            for t in ts.iter().filter(|t| t.word && t.low) {
                let w = t.text(p);
                let bit = filter_bit(w.as_bytes());
                if filter[bit / 64] & (1 << (bit % 64)) == 0 {
                    continue;
                }
                if let Some(seen) = caps.get_mut(w) {
                    *seen = true;
                }
            }
        }
        let lower = caps
            .into_iter()
            .filter(|c| c.1)
            .map(|c| c.0.to_string())
            .collect();
        DocContext {
            lower,
            midcap,
            lows,
        }
    }

    /// Whether `lower` (a lower-cased word) occurs in lower case in the document.
    pub fn has_lower(&self, lower: &str) -> bool {
        self.lower.contains(lower)
    }

    /// Whether `word` occurs capitalised somewhere not at a sentence start.
    pub fn has_midcap(&self, word: &str) -> bool {
        self.midcap.contains(word)
    }

    /// The lower-cased tokens of paragraph `p`.
    pub fn lowered(&self, p: usize) -> &Lowered {
        &self.lows[p]
    }
}

/// Whether a token is one the tagger decides on: a capitalised word.
pub fn is_candidate(_para: &str, t: &Token) -> bool {
    t.word && t.cap
}

/// The collapsed shape of a word: "Simmons" -> "Xx", "McCague" -> "XxXx", "U.S" -> "X.X".
fn shape_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let mut last = 0u8;
        for &b in word.as_bytes() {
            let k = match b {
                b'A'..=b'Z' => b'X',
                b'a'..=b'z' => b'x',
                b'0'..=b'9' => b'd',
                _ => b,
            };
            if k != last {
                out.push(char::from(k));
                last = k;
            }
        }
        return;
    }
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

/// Reusable buffer for the shape feature, so tagging does not allocate per token.
#[derive(Debug, Default)]
pub struct Scratch {
    tmp: String,
}

/// Calls `sink` with the hash and the parts of every feature string of candidate token
/// `i`; `low` holds the paragraph's lower-cased tokens.
#[allow(clippy::too_many_arguments)]
pub fn features<F: FnMut(u64, &[&str])>(
    para: &str,
    toks: &[Token],
    low: &Lowered,
    i: usize,
    prev_per: bool,
    ctx: &DocContext,
    s: &mut Scratch,
    sink: &mut F,
) {
    // `feat!("w=", word)` emits the feature "w=" + word; the hash of the literal
    // prefix is a compile-time constant, the rest is hashed on.
    macro_rules! feat {
        ($lit:literal $(, $part:expr)*) => {{
            const H: u64 = fnv_prefix($lit);
            #[allow(unused_mut)]
            let mut h = H;
            $(h = fnv_continue(h, $part.as_bytes());)*
            sink(h, &[$lit $(, $part)*]);
        }};
    }
    let word = toks[i].text(para);
    let lw = low.get(i);
    feat!("b");
    feat!("w=", word);
    feat!("l=", lw);
    let cut = if lw.is_ascii() {
        (lw.len() > 3).then(|| lw.len() - 3)
    } else {
        let n = lw.chars().count();
        (n > 3).then(|| lw.char_indices().nth(n - 3).map_or(0, |(b, _)| b))
    };
    if let Some(cut) = cut {
        feat!("s3=", &lw[cut..]);
    }
    s.tmp.clear();
    shape_into(word, &mut s.tmp);
    let sh = s.tmp.as_str();
    feat!("sh=", sh);
    let ss = starts_sentence(para, toks, i);
    let pl = if prev_per { "P" } else { "O" };
    feat!("pl=", pl);
    let word_at = |k: Option<usize>| k.filter(|&k| k < toks.len()).map(|k| toks[k].text(para));
    let (p1, p2, n1, n2) = (
        word_at(i.checked_sub(1)),
        word_at(i.checked_sub(2)),
        word_at(Some(i + 1)),
        word_at(Some(i + 2)),
    );
    let p1c = p1.map_or("<s>", class_of);
    let n1c = n1.map_or("</s>", class_of);
    feat!("p1c=", p1c);
    feat!("n1c=", n1c);
    feat!("p1c|n1c=", p1c, "|", n1c);
    feat!("pl|n1c=", pl, "|", n1c);
    feat!("sh|n1c=", sh, "|", n1c);
    feat!("p2c=", p2.map_or("<s>", class_of));
    if p1 == Some(".") {
        let init = p2.is_some_and(is_abbreviation);
        feat!("p1dot=", if init { "abbr" } else { "end" });
    }
    feat!("n2c=", n2.map_or("</s>", class_of));
    let (mut p1f, mut n1f) = (0, 0);
    if p1.is_some() {
        feat!("p1=", low.get(i - 1));
        p1f = low.flags(i - 1);
    }
    if p2.is_some() {
        feat!("p2=", low.get(i - 2));
    }
    if n1.is_some() {
        feat!("n1=", low.get(i + 1));
        n1f = low.flags(i + 1);
    }
    if n2.is_some() {
        feat!("n2=", low.get(i + 2));
    }
    if ss {
        feat!("ss");
    }
    let fl = low.flags(i);
    if fl & flag::FIRST != 0 {
        feat!("gf");
        feat!("gf|n1c=", n1c);
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
        feat!("gs=", bucket);
        feat!("gs|p1c=", p1c);
    }
    if fl & flag::PLACE != 0 {
        feat!("gp");
    }
    if fl & flag::NON_PERSON != 0 {
        feat!("gn");
    }
    if fl & flag::ORG != 0 {
        feat!("go");
    }
    if fl & flag::HONORIFIC != 0 {
        feat!("hon");
    }
    if n1f & flag::ORG != 0 {
        feat!("n1org");
    }
    // The model was trained before `later_role_heads` existed: those words stay out.
    if p1f & (flag::HONORIFIC | flag::ROLE_HEAD) != 0 && p1f & flag::LATER_ROLE_HEAD == 0 {
        feat!("p1role");
    }
    let dl = ctx.has_lower(lw);
    let mc = ctx.has_midcap(word);
    if dl {
        feat!("dl");
    }
    if ss {
        feat!("ss|mc=", if mc { "1" } else { "0" });
        feat!("ss|dl=", if dl { "1" } else { "0" });
    }
    if toks[i].all_caps {
        feat!("ac");
    }
}

/// Trained weights: feature hash -> weight, in an open-addressing table (the hashes are
/// already random, so a lookup is a multiply, a shift and usually one probe).
#[derive(Debug, Default)]
pub struct Model {
    /// (hash, weight) slots; hash 0 marks an empty slot.
    slots: Vec<(u64, f32)>,
    /// Right shift that turns a mixed hash into a slot index.
    shift: u32,
    /// The weight of the feature whose hash is 0, if there is one.
    zero: f32,
}

static MODEL_TSV: &str = include_str!("../../../data/people/model.tsv");

impl Model {
    /// Parses `feature<TAB>weight` lines (`#` lines are comments).
    pub fn parse(tsv: &str) -> Model {
        let mut weights: Vec<(u64, f32)> = Vec::new();
        for line in tsv.lines() {
            if line.starts_with('#') {
                continue;
            }
            if let Some((f, w)) = line.rsplit_once('\t') {
                if let Ok(w) = w.parse::<f32>() {
                    weights.push((feature_hash(f), w));
                }
            }
        }
        Model::from_weights(&weights)
    }

    /// A model from (hash, weight) pairs; a later pair for the same hash wins.
    fn from_weights(weights: &[(u64, f32)]) -> Model {
        let size = (weights.len() * 2).next_power_of_two().max(16);
        let mut m = Model {
            slots: vec![(0, 0.0); size],
            shift: 64 - size.trailing_zeros(),
            zero: 0.0,
        };
        for &(h, w) in weights {
            if h == 0 {
                m.zero = w;
                continue;
            }
            let i = m.probe(h);
            m.slots[i] = (h, w);
        }
        m
    }

    /// The slot holding `h`, or the empty slot where it would go.
    #[inline]
    fn probe(&self, h: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize;
        loop {
            let k = self.slots[i].0;
            if k == h || k == 0 {
                return i;
            }
            i = (i + 1) & mask;
        }
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
    #[inline]
    pub fn weight_of(&self, hash: u64) -> f32 {
        if hash == 0 {
            return self.zero;
        }
        if self.slots.is_empty() {
            return 0.0;
        }
        self.slots[self.probe(hash)].1
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
    for (pi, (p, ts)) in paras.iter().zip(toks).enumerate() {
        let low = ctx.lowered(pi);
        let mut labels = vec![false; ts.len()];
        let mut scores = vec![0.0f32; ts.len()];
        for i in 0..ts.len() {
            if !is_candidate(p, &ts[i]) {
                continue;
            }
            let prev = prev_label(p, ts, &labels, i);
            let mut sum = 0.0f32;
            features(p, ts, low, i, prev, ctx, &mut s, &mut |h, _| {
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
        for (pi, ((p, ts), g)) in paras.iter().zip(toks).zip(gold).enumerate() {
            let low = ctx.lowered(pi);
            let mut labels = vec![false; ts.len()];
            for i in 0..ts.len() {
                if !is_candidate(p, &ts[i]) {
                    continue;
                }
                let prev = prev_label(p, ts, &labels, i);
                feats.clear();
                let names = &mut self.names;
                features(p, ts, low, i, prev, &ctx, &mut s, &mut |h, parts| {
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
    fn the_bundled_model_has_no_two_features_on_one_hash() {
        let mut seen: std::collections::HashMap<u64, &str> = std::collections::HashMap::new();
        for line in MODEL_TSV.lines().filter(|l| !l.starts_with('#')) {
            let Some((f, _)) = line.rsplit_once('\t') else {
                continue;
            };
            if let Some(other) = seen.insert(feature_hash(f), f) {
                assert_eq!(other, f, "two features on one hash");
            }
        }
        assert!(seen.len() > 1000);
    }

    #[test]
    fn tail_words_are_zero_padded() {
        let bytes = [1u8, 2, 3, 4, 5, 6, 7];
        for n in 1..=7 {
            let mut b = [0u8; 8];
            b[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail_word(&bytes[..n]), u64::from_le_bytes(b), "{n}");
        }
    }

    #[test]
    fn model_table_finds_every_weight() {
        let tsv: String = (0..5000).map(|i| format!("f{i}\t{}.5\n", i % 7)).collect();
        let m = Model::parse(&tsv);
        for i in 0..5000 {
            assert_eq!(m.weight(&format!("f{i}")), (i % 7) as f32 + 0.5);
        }
        assert_eq!(m.weight("missing"), 0.0);
        assert_eq!(Model::default().weight("f1"), 0.0);
        let m = Model::parse("a\t1\na\t2\n# c\t3\n");
        assert_eq!((m.weight("a"), m.weight("# c")), (2.0, 0.0));
    }

    #[test]
    fn shapes() {
        for (w, want) in [
            ("Simmons", "Xx"),
            ("McCague", "XxXx"),
            ("U.S", "X.X"),
            ("1996", "d"),
            ("B2B's", "XdX'x"),
            ("Émile-Zoë", "Xx-Xx"),
        ] {
            let mut s = String::new();
            shape_into(w, &mut s);
            assert_eq!(s, want);
        }
    }

    /// The feature strings of token `i` of a one-paragraph text, each checked against
    /// its hash.
    fn feature_strings(text: &str, i: usize, prev_per: bool) -> Vec<String> {
        let p = vec![text.to_string()];
        let t = vec![toks(&p[0])];
        let ctx = DocContext::new(&p, &t);
        let mut got = Vec::new();
        features(
            &p[0],
            &t[0],
            ctx.lowered(0),
            i,
            prev_per,
            &ctx,
            &mut Scratch::default(),
            &mut |h, parts| {
                assert_eq!(h, feature_hash(&parts.concat()));
                got.push(parts.concat());
            },
        );
        got
    }

    #[test]
    fn features_of_a_name() {
        let got = feature_strings("Essex lost as Nasser Hussain scored.", 4, true);
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
    fn later_role_heads_are_no_feature() {
        // The model never saw `later_role_heads`: "p1role" follows "Lord" and "Senator",
        // not "Baroness" or "Treasurer".
        let fires = |text: &str| {
            feature_strings(text, 3, false)
                .iter()
                .any(|g| g == "p1role")
        };
        assert!(fires("We met Lord Amos."));
        assert!(fires("We met Senator Amos."));
        assert!(!fires("We met Baroness Amos."));
        assert!(!fires("We met Treasurer Amos."));
    }

    #[test]
    fn feature_hashes_are_hashes_of_the_feature_strings() {
        // Every branch: honorific before a name, an initial, first names and surnames,
        // a place, an organisation word after, a sentence start, capitals, non-ASCII.
        let p = vec![
            "Mr. J. Smith met James Brown in Paris. Then NATO Corp said Émile Øster won."
                .to_string(),
            "Smith and the spokeswoman Anna Ng, of London Bank, said “Then” İzmir".to_string(),
        ];
        let t: Vec<Vec<Token>> = p.iter().map(|x| toks(x)).collect();
        let ctx = DocContext::new(&p, &t);
        let mut names = HashSet::new();
        for (pi, (para, ts)) in p.iter().zip(&t).enumerate() {
            for i in (0..ts.len()).filter(|&i| is_candidate(para, &ts[i])) {
                for prev in [false, true] {
                    let mut sink = |h: u64, parts: &[&str]| {
                        assert_eq!(h, feature_hash(&parts.concat()), "{parts:?}");
                        names.insert(parts.concat());
                    };
                    let mut s = Scratch::default();
                    features(para, ts, ctx.lowered(pi), i, prev, &ctx, &mut s, &mut sink);
                }
            }
        }
        for want in [
            "gf",
            "gs=1",
            "gp",
            "hon",
            "p1role",
            "p1dot=abbr",
            "ss",
            "ac",
            "n1org",
        ] {
            assert!(names.contains(want), "{want}");
        }
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
