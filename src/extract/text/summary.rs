//! The article summary: the first one or two sentences of the first real paragraph.

use super::{credits, dateline, lex::ends_sentence};

/// Longest summary, in characters.
const MAX_CHARS: usize = 300;

/// Words ending in a dot that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "Jr",
    "Sr", "Inc", "Co", "Corp", "Ltd", "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "vs", "etc", "Prof", "Rev", "Mt", "Ft", "approx", "Fig",
];

/// Whether a paragraph is real text: not a dateline, not a credit, not a stub or a
/// short caption ("The Bitcoin logo.").
fn is_real(p: &str) -> bool {
    // The cheap tests first.
    // Counted no further than the test needs: paragraphs run to hundreds of words.
    let words = p.split_whitespace().take(6).count();
    (words >= 6 || (words >= 4 && ends_sentence(p)))
        && dateline::whole(p).is_none()
        && dateline::place_only(p).is_none()
        && credits::parse(p).is_none()
}

/// Byte offsets just past each sentence end in `s`.
#[cfg(test)]
pub(crate) fn sentence_ends(s: &str) -> Vec<usize> {
    first_sentence_ends(s, usize::MAX)
}

/// The first `n` of [`sentence_ends`], without looking further.
fn first_sentence_ends(s: &str, n: usize) -> Vec<usize> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for i in memchr::memchr3_iter(b'.', b'!', b'?', b) {
        if out.len() >= n {
            break;
        }
        let c = char::from(b[i]);
        // Take closing quotes and brackets along.
        let mut j = i + 1;
        while j < b.len() {
            let rest = &s[j..];
            let Some(n) = rest.chars().next() else { break };
            if matches!(n, '"' | '\'' | '”' | '’' | ')') {
                j += n.len_utf8();
            } else {
                break;
            }
        }
        let next = s[j..].chars().next();
        if !matches!(next, Some(' ' | '\n')) {
            continue;
        }
        let after = s[j..].trim_start().chars().next();
        if !after.is_some_and(|a| {
            a.is_uppercase() || a.is_ascii_digit() || matches!(a, '"' | '“' | '‘' | '\'')
        }) {
            continue;
        }
        if c == '.' {
            let word_start = s[..i].rfind([' ', '\n', '(']).map_or(0, |k| k + 1);
            let word = &s[word_start..i];
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if initial || word.contains('.') || ABBREVIATIONS.contains(&word) {
                continue;
            }
        }
        out.push(j);
    }
    out
}

/// Cuts `s` at a word boundary to at most `max` characters, adding "…".
fn cut_words(s: &str, max: usize) -> String {
    let mut out = String::new();
    for w in s.split_whitespace() {
        if out.chars().count() + w.chars().count() + 1 > max - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    let out = out.trim_end_matches([',', ';', ':', '-', '—']).to_string();
    out + "…"
}

/// Whether `summary` is the opening of one of the body's paragraphs, word for word (the
/// last word may have lost its punctuation to the cut, and a cut summary ends in "…").
/// A summary made by [`summary`] always is; an editor's own standfirst is not.
pub fn is_lead(summary: &str, paragraphs: &[String]) -> bool {
    let stem = summary.trim_end().trim_end_matches('…').trim_end();
    !stem.trim_start().is_empty() && paragraphs.iter().any(|p| opens_with(p, stem))
}

/// Whether `p` starts with `stem`, a run of whitespace in one matching a run in the
/// other (a summary joins its words with single spaces).
fn opens_with(p: &str, stem: &str) -> bool {
    /// The byte length of the whitespace character at `s[i..]`, or 0.
    fn space(s: &str, i: usize) -> usize {
        match s.as_bytes()[i] {
            b if b.is_ascii_whitespace() => 1,
            // ASCII, or inside a character both strings have matched so far.
            b if b < 0xc0 => 0,
            _ => s[i..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
        }
    }
    fn skip(s: &str, mut i: usize) -> usize {
        while i < s.len() {
            match space(s, i) {
                0 => break,
                n => i += n,
            }
        }
        i
    }
    // Usually the paragraph starts with the very bytes of the summary.
    if p.starts_with(stem) {
        return true;
    }
    let (a, b) = (p.as_bytes(), stem.as_bytes());
    let (mut i, mut j) = (skip(p, 0), skip(stem, 0));
    while j < b.len() {
        if i == a.len() {
            return false;
        }
        match (space(p, i) > 0, space(stem, j) > 0) {
            (true, true) => {
                i = skip(p, i);
                j = skip(stem, j);
            }
            (false, false) if a[i] == b[j] => {
                i += 1;
                j += 1;
            }
            _ => return false,
        }
    }
    true
}

/// A summary of one or two sentences from the first real paragraph, at most about 300
/// characters, cut at a sentence or else a word boundary.
pub fn summary(paragraphs: &[String]) -> String {
    let Some(first) = paragraphs.iter().find(|p| is_real(p)) else {
        return paragraphs.first().map(|p| cut(p)).unwrap_or_default();
    };
    cut(first)
}

fn cut(p: &str) -> String {
    // Two sentences of a summary are within the first few hundred words.
    let mut text = String::with_capacity(p.len().min(4 * MAX_CHARS));
    for w in p.split_whitespace() {
        if text.len() > 4 * MAX_CHARS {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(w);
    }
    let mut cuts: Vec<usize> = first_sentence_ends(&text, 2);
    if cuts.len() < 2 {
        cuts.push(text.len());
    }
    match cuts
        .iter()
        .rev()
        .find(|&&e| text[..e].chars().count() <= MAX_CHARS)
    {
        Some(&e) => text[..e].trim_end().to_string(),
        None => cut_words(&text, MAX_CHARS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_lead` by words, as the rule reads: every word of the summary but the last
    /// equal, the last a prefix of the paragraph's word at that place.
    fn is_lead_by_words(summary: &str, paragraphs: &[String]) -> bool {
        let stem = summary.trim_end().trim_end_matches('…');
        let Some(last) = stem.split_whitespace().last() else {
            return false;
        };
        let n = stem.split_whitespace().count();
        paragraphs.iter().any(|p| {
            let mut words = p.split_whitespace();
            stem.split_whitespace()
                .take(n - 1)
                .all(|w| words.next() == Some(w))
                && words.next().is_some_and(|w| w.starts_with(last))
        })
    }

    proptest::proptest! {
        #[test]
        fn the_lead_test_reads_words_as_the_rule_does(
            summary in "[abé \n\u{a0}\u{2009}…]{0,12}",
            paras in proptest::collection::vec("[abé \n\u{a0}\u{2009}]{0,14}", 0..3),
        ) {
            proptest::prop_assert_eq!(
                is_lead(&summary, &paras),
                is_lead_by_words(&summary, &paras)
            );
        }
    }

    #[test]
    fn the_summary_is_the_lead_when_the_body_opens_with_it() {
        let paras = |ps: &[&str]| ps.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let body = paras(&[
            "EASTMOOR 2021-03-02",
            "The council set its budget on Tuesday, after a long debate.\nIt rises by 2%.",
            "Jo Bloggs said it was fair.",
        ]);
        let cases: &[(&str, bool)] = &[
            // Made from the body: whole sentences, or cut with its punctuation dropped.
            (
                "The council set its budget on Tuesday, after a long debate. It rises by 2%.",
                true,
            ),
            ("The council set its budget on Tuesday…", true),
            ("The council set its budget on Tuesday, after a…", true),
            ("Jo Bloggs said it was fair.", true),
            // An editor's standfirst, or words from the middle of a paragraph.
            ("Eastmoor's budget passes after a long debate.", false),
            ("It rises by 2%.", false),
            ("The council set its budget on Monday.", false),
            ("", false),
            ("…", false),
            // Line breaks and other spaces in the paragraph match the summary's spaces.
            ("It rises", false),
            (
                "The council set its budget on Tuesday, after a long debate. It",
                true,
            ),
        ];
        for (summary, want) in cases {
            assert_eq!(is_lead(summary, &body), *want, "{summary:?}");
        }
        // Every summary the body gives is its lead.
        assert!(is_lead(&summary(&body), &body));
        let long = paras(&[&"word, ".repeat(80)]);
        assert!(is_lead(&summary(&long), &long), "{}", summary(&long));
    }

    #[test]
    fn sentence_boundaries() {
        let s = "Mr. Smith went to Washington on Feb. 24. He met the U.S. envoy. “It went well.” Then he left.";
        let ends: Vec<&str> = sentence_ends(s).iter().map(|&e| &s[..e]).collect();
        assert_eq!(
            ends,
            [
                "Mr. Smith went to Washington on Feb. 24.",
                "Mr. Smith went to Washington on Feb. 24. He met the U.S. envoy.",
                "Mr. Smith went to Washington on Feb. 24. He met the U.S. envoy. “It went well.”",
            ]
        );
    }

    #[test]
    fn summaries() {
        let long_sentence = format!("The {} end.", "very ".repeat(80));
        let cases: Vec<(Vec<&str>, String)> = vec![
            (
                vec!["LONDON 1996-08-30", "Prices rose on Friday."],
                "Prices rose on Friday.".into(),
            ),
            (
                vec!["By Jane Doe", "Prices rose. Then fell. Then rose again."],
                "Prices rose. Then fell.".into(),
            ),
            (vec!["One. Two."], "One. Two.".into()),
            (
                vec!["The town hall.", "Voters chose a new mayor on Sunday."],
                "Voters chose a new mayor on Sunday.".into(),
            ),
            (vec![], String::new()),
        ];
        for (paras, want) in cases {
            let paras: Vec<String> = paras.iter().map(|s| s.to_string()).collect();
            let got = summary(&paras);
            assert!(got.chars().count() <= MAX_CHARS, "{got}");
            assert_eq!(got, want);
        }
        let got = summary(std::slice::from_ref(&long_sentence));
        assert!(got.ends_with("very…"), "{got}");
        assert!(got.chars().count() <= MAX_CHARS && got.chars().count() > MAX_CHARS - 10);
    }
}
