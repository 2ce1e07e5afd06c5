//! Trains the person tagger's weights (`data/people/model.tsv`) on CoNLL-2003 train.
//!
//! usage: cargo run --release --example train_people -- ../shared/corpora/conll2003/train.jsonl data/people/model.tsv
//!
//! Each document's sentences after the headline become paragraphs (as the loader sees
//! an article body); a word is a positive example when it lies inside an annotated
//! person span. Training is deterministic: fixed epochs and a fixed shuffle.

use dateline::extract::people::tagger::Trainer;
use dateline::extract::people::tokens::{tokenize, Token};
use serde_json::Value;

const EPOCHS: usize = 12;
const MIN_WEIGHT: f32 = 0.02;

/// Byte offset of character offset `c` in `s`.
fn byte_at(s: &str, c: usize) -> usize {
    s.char_indices().nth(c).map_or(s.len(), |(b, _)| b)
}

struct Doc {
    paras: Vec<String>,
    toks: Vec<Vec<Token>>,
    gold: Vec<Vec<bool>>,
}

/// Advances the linear congruential generator `seed` and returns a draw.
fn next_random(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *seed >> 33
}

fn push_para(doc: &mut Doc, para: String, spans: &[(usize, usize)]) {
    let mut t = Vec::new();
    tokenize(&para, &mut t);
    let g = t
        .iter()
        .map(|t| t.word && spans.iter().any(|&(a, b)| t.start >= a && t.end <= b))
        .collect();
    doc.paras.push(para);
    doc.toks.push(t);
    doc.gold.push(g);
}

fn load(path: &str, seed: &mut u64) -> Vec<Doc> {
    let text = std::fs::read_to_string(path).expect("read corpus");
    let mut docs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).expect("json");
        let sents: Vec<&str> = v["text"].as_str().unwrap_or("").split('\n').collect();
        let mut spans: Vec<Vec<(usize, usize)>> = vec![Vec::new(); sents.len()];
        for m in v["persons_mentions"].as_array().into_iter().flatten() {
            let s = m["sentence"].as_u64().unwrap_or(0) as usize;
            let (a, b) = (
                m["start"].as_u64().unwrap_or(0) as usize,
                m["end"].as_u64().unwrap_or(0) as usize,
            );
            if let Some(sent) = sents.get(s) {
                spans[s].push((byte_at(sent, a), byte_at(sent, b)));
            }
        }
        // Sentences are joined into paragraphs of one to four, as article bodies have
        // several sentences per paragraph while CoNLL and wire copy often have one.
        let mut doc = Doc {
            paras: Vec::new(),
            toks: Vec::new(),
            gold: Vec::new(),
        };
        let mut para = String::new();
        let mut pspans: Vec<(usize, usize)> = Vec::new();
        let mut want = 1;
        let mut have = 0;
        for (s, sent) in sents.iter().enumerate().skip(1) {
            if sent.trim().is_empty() {
                continue;
            }
            if have == 0 {
                want = 1 + (next_random(seed) % 4) as usize;
            }
            if !para.is_empty() {
                para.push(' ');
            }
            let off = para.len();
            para.push_str(sent);
            pspans.extend(spans[s].iter().map(|&(a, b)| (a + off, b + off)));
            have += 1;
            let prose = sent.ends_with(['.', '!', '?', '"']);
            if have >= want || !prose {
                push_para(&mut doc, std::mem::take(&mut para), &pspans);
                pspans.clear();
                have = 0;
            }
        }
        if !para.is_empty() {
            push_para(&mut doc, para, &pspans);
        }
        docs.push(doc);
    }
    docs
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (input, output) = match args.as_slice() {
        [_, i, o] => (i.as_str(), o.as_str()),
        _ => {
            eprintln!("usage: train_people TRAIN.jsonl OUT.tsv");
            std::process::exit(2);
        }
    };
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let docs = load(input, &mut seed);
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut tr = Trainer::default();
    for _ in 0..EPOCHS {
        // Fisher-Yates with a fixed linear congruential generator: reproducible.
        for i in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(i, (seed >> 33) as usize % (i + 1));
        }
        for &d in &order {
            let doc = &docs[d];
            tr.train_doc(&doc.paras, &doc.toks, &doc.gold);
        }
    }
    let mut out = String::from(
        "# Person tagger weights: averaged perceptron trained by scripts/train_people.rs\n\
         # on CoNLL-2003 English train (Reuters 1996). feature<TAB>weight.\n",
    );
    out.push_str(&tr.to_tsv(MIN_WEIGHT));
    std::fs::write(output, out).expect("write model");
}
