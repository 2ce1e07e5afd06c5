//! Abbreviations the text defines. News writes an organisation's or a product's long
//! name once with its short form in brackets, "the Association of Leading Visitor
//! Attractions (Alva)", or the other way round, "Cepes (Peruvian Centre for Social
//! Studies)". The short form then stands alone ("Alva said...") and reads like a
//! surname; the definition shows it is none.
//!
//! A bracket pair defines a short form `W` for a phrase `P` of two or more capitalised
//! words when
//! - the initials of `P`'s capitalised words spell `W` (three letters or more, or `W` in
//!   capitals; a plural `s` may follow: "Community Support Officers (CSOs)"), or
//! - `W` is no Census name and either the initials appear in order in `W` (three or
//!   more: "Advanced Step in Innovative Mobility" for "Asimo"), or `P` has three words
//!   or more joined by a lower-case word ("Federation for Global Biodiversity").
//!
//! A person's club, country or actor in brackets ("Scott (Shaftesbury Barnet
//! Harriers)", "Sylvia (Kate Winslet)") fits none of these.

use super::lexicon::lexicon;
use crate::extract::text::trim_punct;

/// Lower-case words that join the capitalised words of a long name.
const JOINERS: &[&str] = &[
    "of", "for", "and", "the", "in", "on", "de", "du", "des", "la", "to",
];

/// Longest bracketed text looked at, in bytes.
const MAX_INSIDE: usize = 120;
/// Most words of a long name read before a bracket.
const MAX_PHRASE_WORDS: usize = 8;

/// Short forms (lower case) that the paragraphs define as abbreviations.
pub fn defined(paras: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for p in paras {
        let b = p.as_bytes();
        for open in memchr::memchr_iter(b'(', b) {
            let Some(len) =
                memchr::memchr(b')', &b[open + 1..(open + 1 + MAX_INSIDE).min(b.len())])
            else {
                continue;
            };
            let inside = p[open + 1..open + 1 + len].trim();
            let before: Vec<&str> = p[..open]
                .split_whitespace()
                .rev()
                .take(MAX_PHRASE_WORDS)
                .collect();
            let inner: Vec<&str> = inside.split_whitespace().collect();
            let found = match inner.as_slice() {
                // "Long Name (W)": the long name is the capitalised run before.
                [w] => {
                    let mut phrase: Vec<&str> = before
                        .iter()
                        .copied()
                        .take_while(|x| is_capitalised(x) || JOINERS.contains(x))
                        .collect();
                    phrase.reverse();
                    defines(trim_punct(w), &phrase).then(|| trim_punct(w))
                }
                // "W (Long Name)".
                _ => before
                    .first()
                    .map(|w| trim_punct(w))
                    .filter(|w| defines(w, &inner)),
            };
            if let Some(w) = found {
                let w = w.to_lowercase();
                if !out.contains(&w) {
                    out.push(w);
                }
            }
        }
    }
    out
}

fn is_capitalised(w: &str) -> bool {
    trim_punct(w).chars().next().is_some_and(char::is_uppercase)
}

/// Whether phrase `p` (its words as written) is a long form of the short form `w`.
fn defines(w: &str, p: &[&str]) -> bool {
    // Most brackets hold a number, a party or a place after a name: the cheap tests first.
    if !w.chars().next().is_some_and(char::is_uppercase)
        || p.iter().filter(|x| is_capitalised(x)).take(2).count() < 2
    {
        return false;
    }
    // "The Association of ...": a leading article or joiner is no initial.
    let lead = p
        .iter()
        .take_while(|x| JOINERS.iter().any(|j| x.eq_ignore_ascii_case(j)))
        .count();
    let p = &p[lead..];
    let caps: Vec<char> = p
        .iter()
        .filter(|x| is_capitalised(x))
        .filter_map(|x| trim_punct(x).chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    if caps.len() < 2 {
        return false;
    }
    let lw: Vec<char> = w.chars().flat_map(char::to_lowercase).collect();
    let stem = match lw.split_last() {
        Some(('s', s)) if w.chars().rev().nth(1).is_some_and(char::is_uppercase) => s,
        _ => &lw[..],
    };
    let in_caps = w
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    if (caps == lw || caps == stem) && (caps.len() >= 3 || in_caps || stem.len() < lw.len()) {
        return true;
    }
    let lex = lexicon();
    let lower: String = lw.iter().collect();
    if lex.first_names.contains(lower.as_str()) || lex.surnames.contains_key(lower.as_str()) {
        return false;
    }
    let mut rest = lw.iter();
    let in_order = caps[0] == lw[0] && caps.iter().all(|c| rest.any(|x| x == c));
    let joined = p.len() >= 3
        && p.windows(3)
            .any(|t| is_capitalised(t[0]) && JOINERS.contains(&t[1]) && is_capitalised(t[2]));
    (in_order && caps.len() >= 3) || joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions() {
        let cases: &[(&str, &[&str])] = &[
            // The long name first, spelled out by its initials.
            (
                "said the Association of Leading Visitor Attractions (Alva), which",
                &["alva"],
            ),
            (
                "The Association of Leading Visitor Attractions (Alva) said",
                &["alva"],
            ),
            ("powers for Community Support Officers (CSOs) to", &["csos"]),
            (
                "the Total Abstract Rendering Architecture (Tara)",
                &["tara"],
            ),
            // The short form first; its letters hold the initials in order, or the long
            // name is joined by a lower-case word.
            (
                "the new Asimo (Advanced Step in Innovative Mobility) can run",
                &["asimo"],
            ),
            (
                "Cepes (Peruvian Centre for Social Studies) led the project",
                &["cepes"],
            ),
            (
                "Apacs (Association for Payment Clearing Services) said",
                &["apacs"],
            ),
            (
                "Alva (The Association of Leading Visitor Attractions)",
                &["alva"],
            ),
            // Not definitions: clubs, countries, actors, ages, scores.
            ("Scott (Shaftesbury Barnet Harriers) won", &[]),
            ("Sylvia (Kate Winslet) meets Barrie", &[]),
            ("Hodgson (Sale Sharks), Cohen (England)", &[]),
            ("Jo Bloggs (34) said", &[]),
            ("Ajax (Kluivert 23) beat", &[]),
            // A Census surname is not read as an abbreviation by letters in order.
            ("Davies (Dynamo Vienna Sports) scored", &[]),
            // Two initials need the short form in capitals.
            ("the Ice Age (Ia) and", &[]),
            ("the European Union (EU) said", &["eu"]),
            ("no closing bracket (Alva", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(defined(&[text.to_string()]), *want, "{text}");
        }
    }
}
