//! A readable form of an ALL-CAPS wire headline.
//!
//! "SOCCER - ARSENAL BEAT CHELSEA 2-1" becomes "Soccer - Arsenal beat Chelsea 2-1":
//! sentence case per headline segment (segments split at " - ", ": ", "|"), with
//! - each word written as the body writes it mid-sentence when the body writes it
//!   capitalised ("Arsenal", "O'Brien", "McDonald"),
//! - acronyms kept: dotted forms ("U.S."), vowel-less short words ("NBA"), Roman
//!   numerals, words with digits, words the body writes in capitals, and the list in
//!   `data/loader/acronyms.txt`.

use super::lex::{lower_into, word_list};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

fn acronyms() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_list(include_str!("../../../data/loader/acronyms.txt")))
}

/// Whether a headline is written in capitals (at most one lower-case letter in ten).
pub(crate) fn is_all_caps(title: &str) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in title.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    upper >= 6 && lower * 10 <= upper
}

/// How the body writes each word of the title: the mid-sentence capitalised form, or
/// `None` when the body also writes it in lower case. Keys are lower-case.
fn body_forms(title: &str, paragraphs: &[String]) -> HashMap<String, Option<String>> {
    // Title words, and their stems without a possessive ("GASCOIGNE'S" -> "gascoigne").
    let wanted: HashSet<String> = title
        .split_whitespace()
        .map(|w| bare(w).to_lowercase())
        .flat_map(|w| {
            let stem = possessive_stem(&w).map(str::to_string);
            std::iter::once(w).chain(stem)
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut forms: HashMap<String, Option<String>> = HashMap::new();
    let mut lower_seen: HashSet<String> = HashSet::new();
    let longest = wanted.iter().map(String::len).max().unwrap_or(0);
    let mut buf = String::new();
    for p in paragraphs {
        let mut sentence_start = true;
        for w in p.split_whitespace() {
            let b = bare(w);
            let starts = sentence_start;
            sentence_start =
                w.ends_with(['.', '!', '?', ':']) || w.ends_with(".\"") || w.ends_with(".”");
            if b.is_empty() || b.len() > longest {
                continue;
            }
            let key = lower_into(b, &mut buf);
            if !wanted.contains(key) {
                continue;
            }
            if b == key {
                lower_seen.insert(key.to_string());
            } else if starts {
                // Capitalised by position only: says nothing.
            } else if !forms.contains_key(key) {
                forms.insert(key.to_string(), Some(b.to_string()));
            }
        }
    }
    for k in lower_seen {
        forms.insert(k, None);
    }
    forms
}

/// Weekday and month names, which English always capitalises ("FRIDAY'S" -> "Friday's").
fn is_calendar_word(key: &str) -> bool {
    let stem = key.trim_end_matches("'s").trim_end_matches("’s");
    matches!(
        stem,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "january"
            | "february"
            | "april"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

/// "gascoigne's" -> "gascoigne".
fn possessive_stem(key: &str) -> Option<&str> {
    key.strip_suffix("'s").or_else(|| key.strip_suffix("’s"))
}

fn bare(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

fn is_roman(w: &str) -> bool {
    w.len() >= 2 && w.len() <= 4 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// Words without vowels that are abbreviations of titles, not acronyms.
fn is_title_abbrev(w: &str) -> bool {
    matches!(
        w,
        "MR" | "MRS" | "MS" | "DR" | "ST" | "VS" | "JR" | "SR" | "MT" | "FT"
    )
}

fn keeps_caps(w: &str) -> bool {
    let b = bare(w);
    if b.is_empty() {
        return true;
    }
    let letters = b.chars().filter(|c| c.is_alphabetic()).count();
    // "H1", "G7", "4X4" stay; "UNDER-21" is a word with a number.
    let digits = b.bytes().any(|c| c.is_ascii_digit());
    if (digits && letters <= 2) || is_roman(b) || acronyms().contains(b) {
        return true;
    }
    if digits {
        return false;
    }
    // A lone letter is a word ("V" for versus, "A"), not an acronym; "S." is an initial.
    if letters == 1 {
        return w.trim_end_matches([',', ':', ';']).ends_with('.');
    }
    // Dotted initialisms: "U.S.", "U.N."
    if b.contains('.') && letters <= 4 {
        return true;
    }
    let vowels = b
        .chars()
        .filter(|c| matches!(c.to_ascii_uppercase(), 'A' | 'E' | 'I' | 'O' | 'U' | 'Y'))
        .count();
    vowels == 0 && letters <= 4 && !is_title_abbrev(b)
}

/// Capitalises the first letter and lower-cases the rest ("AL-AIN" -> "Al-ain").
fn capitalise(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut done = false;
    for c in w.chars() {
        if !done && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            done = true;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Replaces the bare part of token `w` by `form`, keeping surrounding punctuation.
fn with_form(w: &str, form: &str) -> String {
    let start = w.find(|c: char| c.is_alphanumeric()).unwrap_or(0);
    let end = w
        .rfind(|c: char| c.is_alphanumeric())
        .map(|i| i + w[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(w.len());
    format!("{}{}{}", &w[..start], form, &w[end..])
}

/// The readable form of an ALL-CAPS headline, or `None` when it already reads well.
pub(crate) fn display_title(title: &str, paragraphs: &[String]) -> Option<String> {
    if !is_all_caps(title) {
        return None;
    }
    let forms = body_forms(title, paragraphs);
    let mut out = String::with_capacity(title.len());
    let mut segment_start = true;
    for (i, w) in title.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if w.is_empty() {
            continue;
        }
        if matches!(w, "-" | "--" | "—" | "–" | "|" | ":") {
            out.push_str(w);
            segment_start = true;
            continue;
        }
        let key = bare(w).to_lowercase();
        let found = forms.get(&key).cloned().or_else(|| {
            let stem = possessive_stem(&key)?;
            let form = forms.get(stem)?.as_ref()?;
            Some(Some(format!("{form}{}", &key[stem.len()..])))
        });
        let word = match found.as_ref() {
            _ if is_calendar_word(&key) => capitalise(w),
            Some(Some(form)) if !keeps_caps(w) || form.chars().all(|c| !c.is_lowercase()) => {
                with_form(w, form)
            }
            _ if keeps_caps(w) => w.to_string(),
            _ if segment_start => capitalise(w),
            _ => w.to_lowercase(),
        };
        out.push_str(&word);
        segment_start = w.ends_with(':');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_titles() {
        let body = vec![
            "Arsenal beat Chelsea at Highbury on Saturday, and O'Brien scored twice for the U.S. side.".to_string(),
            "The NBA said the win was fair.".to_string(),
        ];
        let cases = [
            (
                "SOCCER - ARSENAL BEAT CHELSEA 2-1",
                Some("Soccer - Arsenal beat Chelsea 2-1"),
            ),
            (
                "TENNIS - O'BRIEN WINS IN U.S. OPEN.",
                Some("Tennis - O'Brien wins in U.S. open."),
            ),
            ("NBA FINES KNICKS $10,000", Some("NBA fines knicks $10,000")),
            ("POLICY ROUNDUP", Some("Policy roundup")),
            ("CHELSEA'S FANS CHEER", Some("Chelsea's fans cheer")),
            (
                "RESULTS OF S. KOREAN GAMES",
                Some("Results of S. korean games"),
            ),
            (
                "CRICKET - ARSENAL V CHELSEA AFTER FRIDAY'S UNDER-21 MATCH",
                Some("Cricket - Arsenal v Chelsea after Friday's under-21 match"),
            ),
            ("THE NBA SAID IT", Some("The NBA said it")),
            (
                "UEFA CUP: REAL MADRID WIN",
                Some("UEFA cup: Real madrid win"),
            ),
            (
                "EURO 96 - NATO SUMMIT II ENDS",
                Some("Euro 96 - NATO summit II ends"),
            ),
            ("Arsenal beat Chelsea", None),
            ("AWAKENING OF 12 STRANDS of DNA and Other Things", None),
            ("UK", None),
        ];
        for (title, want) in cases {
            assert_eq!(display_title(title, &body).as_deref(), want, "{title}");
        }
    }
}
