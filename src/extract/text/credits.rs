//! Credit lines: who wrote or helped with an article.
//!
//! Recognised forms (the whole line must be the credit, names must look like names):
//! - prefixes: "By X", "By X and Y", "By X, Y and Z", "Reporting by X; Editing by Y",
//!   "Additional reporting by X", "With assistance from X", "With help from X",
//!   "Contributed by X of Site", "Written by X", "Authored by X via Site", "Posted by X",
//!   "Posted on <date> by X" (the date may be missing), "By: X"; after "Posted ... by"
//!   a site's user name counts as a name ("Posted by jdoe_77");
//! - republication notes: "This article was written by X and originally published at
//!   Site", "This article was originally published by X at Site", "This article first
//!   appeared on Site", also without the subject ("Originally published at Site");
//! - suffixes: "X contributed reporting", "X and Y contributed to this report",
//!   and reworded forms such as "X offers assistance" or "X provided additional reporting".
//!
//! Writers go to the byline, helpers and editors to the contributors. A part that is an
//! organisation ("By Jane Doe / Example Blog", "By The Associated Press"), or a site
//! after "of", "via" or a possessive ("By Jane Doe’s Example.com"), gives the source.

use super::lex::{
    count_words_upto, is_caps_word, is_name, is_url, lower_into, trim_punct, url_host, word_list,
};
use std::collections::HashSet;
use std::sync::OnceLock;

/// What a credit line says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Credit {
    pub byline: Vec<String>,
    pub contributors: Vec<String>,
    pub source: Option<String>,
}

/// Longest credit line, in words.
const MAX_CREDIT_WORDS: usize = 24;
/// Longest credit line, in bytes (a quick gate before any word is looked at).
const MAX_CREDIT_BYTES: usize = 300;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Writer,
    Helper,
}

/// Lower-case prefixes that open a credit, longest first where they overlap.
const PREFIXES: &[(&str, Role)] = &[
    ("with additional reporting by ", Role::Helper),
    ("with additional reporting from ", Role::Helper),
    ("additional reporting by ", Role::Helper),
    ("additional reporting from ", Role::Helper),
    ("with reporting by ", Role::Helper),
    ("with reporting from ", Role::Helper),
    ("with assistance from ", Role::Helper),
    ("with help from ", Role::Helper),
    ("reporting by ", Role::Writer),
    ("reported by ", Role::Writer),
    ("writing by ", Role::Writer),
    ("written by ", Role::Writer),
    ("compiled by ", Role::Writer),
    ("contributed by ", Role::Writer),
    ("authored by ", Role::Writer),
    ("posted by ", Role::Writer),
    ("submitted by ", Role::Writer),
    ("story by ", Role::Writer),
    ("words by ", Role::Writer),
    ("editing by ", Role::Helper),
    ("edited by ", Role::Helper),
    ("by ", Role::Writer),
];

/// Verbs of a trailing credit ("X contributed reporting", "X offers assistance").
const CREDIT_VERBS: &[&str] = &[
    "contributed",
    "contributes",
    "contributing",
    "offers",
    "offered",
    "offer",
    "provided",
    "provides",
    "lent",
    "lends",
    "gave",
    "gives",
    "assisted",
    "helped",
];

/// Finds the credit verbs anywhere in a text, ignoring ASCII case: a segment none of
/// them occurs in cannot be a trailing credit, whose verb is a whole word equal to one
/// of them once trimmed and lower-cased (no other character lower-cases into one of
/// their letters).
fn verb_finder() -> &'static aho_corasick::AhoCorasick {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(CREDIT_VERBS)
            .expect("credit verb automaton")
    })
}

/// Nouns one of which a trailing credit must name ("reporting", "assistance").
const CREDIT_NOUNS: &[&str] = &["report", "assist", "help", "research", "writing"];

fn org_words() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_list(include_str!("../../../data/loader/org_words.txt")))
}

/// Parses a whole line as a credit; `None` when it is not one.
pub(crate) fn parse(line: &str) -> Option<Credit> {
    let line = line.trim();
    if line.len() > MAX_CREDIT_BYTES {
        return None;
    }
    let words = count_words_upto(line, MAX_CREDIT_WORDS);
    if !(2..=MAX_CREDIT_WORDS).contains(&words) || has_sentence_mark(line) {
        return None;
    }
    if let Some(c) = contact(line) {
        return Some(c);
    }
    if let Some(c) = republished(line) {
        return Some(c);
    }
    // "By X: April 4, 2016" / "By X, April 4, 2016": the date is not part of the credit.
    let line = match split_last_colon_or_comma(line) {
        Some((head, tail)) if tail.split_whitespace().take(4).count() <= 3 && is_date(tail) => head,
        _ => line,
    };
    let line = match split_last_colon_or_comma(line) {
        Some((head, tail)) if tail.split_whitespace().take(3).count() <= 2 && is_date(tail) => head,
        _ => line,
    };
    let mut credit = Credit::default();
    let mut any = false;
    for seg in line.split(';') {
        let seg = seg.trim().trim_end_matches('.').trim();
        if seg.is_empty() {
            continue;
        }
        if !(prefixed(seg, &mut credit) || suffixed(seg, &mut credit)) {
            return None;
        }
        any = true;
    }
    (any && !(credit.byline.is_empty()
        && credit.contributors.is_empty()
        && credit.source.is_none()))
    .then_some(credit)
}

/// Whether `line` has a question or exclamation mark or a double quote (straight or
/// opening curly): a sentence or a quotation, not a credit. Same as
/// `line.contains(['?', '!', '"', '“'])`, a byte search instead of a character one.
fn has_sentence_mark(line: &str) -> bool {
    let b = line.as_bytes();
    // “ is E2 80 9C in UTF-8; E2 leads other punctuation too (’, —, …).
    memchr::memchr3(b'?', b'!', b'"', b).is_some()
        || memchr::memchr_iter(0xE2, b).any(|i| b[i + 1..].starts_with(&[0x80, 0x9C]))
}

/// `line.rsplit_once([':', ','])`, searching bytes (both are ASCII, so the cut is a
/// character boundary).
fn split_last_colon_or_comma(line: &str) -> Option<(&str, &str)> {
    let i = memchr::memrchr2(b':', b',', line.as_bytes())?;
    Some((&line[..i], &line[i + 1..]))
}

/// Whether `s` is a date with a year (or the year part of one: "April 4", " 2016").
fn is_date(s: &str) -> bool {
    let s = s.trim();
    !super::dateline::full_dates(s).is_empty()
        || (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        || s.split_whitespace().count() == 2
            && s.split_whitespace()
                .next()
                .and_then(super::dateline::month)
                .is_some()
}

/// Whether words are contact details: numbers, addresses, capitalised place and desk
/// names ("London Newsroom +44 20 5550 0100", "e-mail: x@example.com"). One other
/// lower-case word is let through (a typo such as "newroom").
pub(crate) fn is_contact_details(words: &[&str]) -> bool {
    let other = words
        .iter()
        .filter(|w| {
            !(w.bytes().any(|b| b.is_ascii_digit())
                || w.contains('@')
                || w.starts_with(|c: char| c.is_uppercase() || matches!(c, '+' | '('))
                || matches!(
                    trim_punct(w).to_ascii_lowercase().as_str(),
                    "e-mail" | "email" | "tel" | "fax" | "newsroom" | "desk" | "bureau"
                ))
        })
        .count();
    other <= 1
}

/// A wire contact line: "-- Jane Doe (212) 555-0100, e-mail: jane.doe@example.com",
/// "-- Jane Doe, London Newsroom +44 20 5550 0100". The name is a contributor.
fn contact(line: &str) -> Option<Credit> {
    let rest = line.trim_start_matches(['-', '—', '–']);
    // "--" or a dash; a single hyphen starts a list item ("- Net income ...").
    if line.len() - rest.len() < 2 {
        return None;
    }
    let rest = rest.trim_start();
    let words: Vec<&str> = rest.split_whitespace().collect();
    for n in (2..=3).rev() {
        if words.len() <= n {
            continue;
        }
        let name = words[..n].join(" ");
        let name = name.trim_end_matches(',');
        if !is_name(name, 3) {
            continue;
        }
        let mut buf = String::new();
        // The name ends at a comma or at the number: "-- New York Energy Desk" is a
        // desk, not a person.
        let ends_name = words[n - 1].ends_with(',')
            || words[n].starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '('));
        if !ends_name || org_words().contains(lower_into(trim_punct(words[n]), &mut buf)) {
            continue;
        }
        // The rest is contact details: numbers, addresses, capitalised place and
        // desk names ("London Newsroom +44 20 5550 0100", "e-mail: x@example.com").
        let tail = &words[n..];
        let contact_like = is_contact_details(tail)
            && tail.iter().any(|w| {
                w.bytes().any(|b| b.is_ascii_digit())
                    || w.contains('@')
                    || org_words().contains(lower_into(trim_punct(w), &mut buf))
            });
        if contact_like {
            return Some(Credit {
                contributors: vec![name.to_string()],
                ..Credit::default()
            });
        }
    }
    None
}

/// "By X", "Reporting by X in Place", "With assistance from X".
fn prefixed(seg: &str, credit: &mut Credit) -> bool {
    let b = seg.as_bytes();
    let starts = |p: &[u8]| b.len() > p.len() && b[..p.len()].eq_ignore_ascii_case(p);
    // "Posted on March 3, 2017 by Jane Doe"; "Posted on by Jane Doe" where scraping lost
    // the date.
    if starts(b"posted on ") {
        if let Some(at) = seg.rfind(" by ") {
            let date = seg["posted on ".len().min(at)..at].trim();
            if date.is_empty() || is_date(date) {
                return poster(&seg[at + 4..], credit);
            }
        }
    }
    for (prefix, role) in PREFIXES {
        let read = |rest: &str, credit: &mut Credit| {
            if *prefix == "posted by " {
                poster(rest, credit)
            } else {
                names_part(rest, *role, credit)
            }
        };
        if starts(prefix.as_bytes()) {
            return read(&seg[prefix.len()..], credit);
        }
        // "By: Jane Doe".
        let head = prefix.trim_end().as_bytes();
        if starts(head) && b[head.len()..].starts_with(b": ") {
            return read(&seg[head.len() + 2..], credit);
        }
    }
    false
}

/// Who posted an article: names as in any credit, or a site's user name, one word of
/// lower-case letters, digits, `_`, `-` or `.` ("Posted by jdoe_77").
fn poster(rest: &str, credit: &mut Credit) -> bool {
    if names_part(rest, Role::Writer, credit) {
        return true;
    }
    let handle = rest.trim().trim_end_matches(['.', ',', ':']);
    let ok = (2..=30).contains(&handle.len())
        && handle
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase())
        && handle.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.')
        });
    if ok {
        credit.byline.push(handle.to_string());
    }
    ok
}

/// What a republication note may call the text ("This article was written by ...").
const NOTE_SUBJECTS: &[&str] = &[
    "this article ",
    "this piece ",
    "this post ",
    "this story ",
    "this essay ",
    "this column ",
    "this commentary ",
    "this report ",
];

/// Words that may follow the subject of a republication note, each list read in turn
/// ("was originally published at", "first appeared on").
const NOTE_TENSES: &[&str] = &["was ", "is ", "has been "];
const NOTE_ADVERBS: &[&str] = &["originally ", "first "];
const NOTE_PUBLISHED: &[&str] = &["published ", "posted ", "appeared "];
const NOTE_PLACES: &[&str] = &["at ", "on ", "in ", "by "];

/// A republication note: "This article was written by Jane Doe and originally
/// published at Example Blog", "This article was originally published by Jane Doe at
/// her Example Blog", "This article first appeared on Example.com". The writer goes to
/// the byline, the site to the source.
fn republished(line: &str) -> Option<Credit> {
    let line = line.trim().trim_end_matches('.');
    // Every subject starts "this " (a byte test before any allocation); the note may
    // also leave it out ("Originally published at Example Blog").
    let b = line.as_bytes();
    let opens = |p: &[u8]| b.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    let bare = opens(b"originally ") || opens(b"first ");
    if !bare && !opens(b"this ") {
        return None;
    }
    let lower = line.to_ascii_lowercase();
    // Byte offsets agree between `line` and `lower` (ASCII lower-casing).
    let mut at = if bare {
        0
    } else {
        NOTE_SUBJECTS.iter().find(|s| lower.starts_with(*s))?.len()
    };
    let skip = |at: &mut usize, words: &[&str]| {
        for w in words {
            if lower[*at..].starts_with(w) {
                *at += w.len();
                return true;
            }
        }
        false
    };
    skip(&mut at, NOTE_TENSES);
    skip(&mut at, NOTE_ADVERBS);
    let mut credit = Credit::default();
    if skip(&mut at, &["written by ", "authored by "]) {
        // "written by Jane Doe and originally published at Example Blog"
        let rest = &line[at..];
        let (name, tail) = match lower[at..].find(" and ") {
            Some(i) => (&rest[..i], Some(at + i + " and ".len())),
            None => (rest, None),
        };
        if !is_name(name.trim(), 4) {
            return None;
        }
        credit.byline.push(name.trim().to_string());
        if let Some(mut t) = tail {
            skip(&mut t, NOTE_ADVERBS);
            if skip(&mut t, NOTE_PUBLISHED) && skip(&mut t, NOTE_PLACES) {
                note_site(&line[t..], &mut credit);
            }
        }
        return Some(credit);
    }
    if skip(&mut at, NOTE_PUBLISHED) && skip(&mut at, NOTE_PLACES) {
        // "published by Jane Doe at her Example Blog" or "published at Example Blog".
        let rest = &line[at..];
        if let Some(i) = lower[at..]
            .find(" at ")
            .or_else(|| lower[at..].find(" on "))
        {
            let name = rest[..i].trim();
            if is_name(name, 4) {
                credit.byline.push(name.to_string());
                let site = rest[i + 4..].trim();
                let site = ["his ", "her ", "their ", "the "]
                    .iter()
                    .find_map(|p| site.strip_prefix(p))
                    .unwrap_or(site);
                note_site(site, &mut credit);
                return Some(credit);
            }
        }
        note_site(rest, &mut credit);
        return credit.source.is_some().then_some(credit);
    }
    None
}

/// The site of a republication note: the first of "Site / Other", if it reads as one.
fn note_site(site: &str, credit: &mut Credit) {
    let site = site.split(['/', '|']).next().unwrap_or_default().trim();
    let words = site.split_whitespace().count();
    let capitalised = site
        .split_whitespace()
        .all(|w| w.len() <= 3 || w.chars().next().is_some_and(|c| !c.is_lowercase()));
    // A site's address in lower case ("blog.example.org").
    let domain = words == 1
        && site.rsplit_once('.').is_some_and(|(host, tld)| {
            !host.is_empty()
                && (2..=6).contains(&tld.len())
                && tld.bytes().all(|b| b.is_ascii_alphabetic())
        });
    if (1..=6).contains(&words) && (capitalised || domain) {
        set_source(credit, site);
    }
}

/// Longest trailing credit, in words ("Jane Doe and Ann Poe contributed reporting from
/// Paris and London").
const MAX_SUFFIXED_WORDS: usize = 14;

/// "X contributed reporting", "X and Y offer assistance".
fn suffixed(seg: &str, credit: &mut Credit) -> bool {
    if count_words_upto(seg, MAX_SUFFIXED_WORDS) > MAX_SUFFIXED_WORDS
        || !verb_finder().is_match(seg)
    {
        return false;
    }
    let mut buf = String::new();
    for w in seg.split_whitespace() {
        // `w` is a sub-slice of `seg`: its offset is the pointer difference.
        let at = w.as_ptr() as usize - seg.as_ptr() as usize;
        let offset = at + w.len();
        let lw = lower_into(trim_punct(w), &mut buf);
        if CREDIT_VERBS.contains(&lw) {
            let names = seg[..at].trim();
            let after = seg[offset..].to_lowercase();
            let ok_tail = after.is_empty()
                || (after.split_whitespace().count() <= 6
                    && CREDIT_NOUNS.iter().any(|n| after.contains(n)));
            if names.is_empty() || !ok_tail {
                return false;
            }
            return names_part(names, Role::Helper, credit);
        }
    }
    false
}

/// A list of names ("A, B and C"), possibly followed by " in Place", " of Site" or
/// " / Site". Adds them to `credit`; false when the first part is not a name.
fn names_part(rest: &str, role: Role, credit: &mut Credit) -> bool {
    let rest = rest.trim().trim_end_matches([':', ',', '.']);
    // "X / Y": both names, or a name and a site. Each piece with whether it opens a
    // part after a slash.
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    for (k, slash) in rest.split(['/', '|', '–', '—']).enumerate() {
        for (j, p) in split_list(slash.trim()).into_iter().enumerate() {
            pieces.push((p, k > 0 && j == 0));
        }
    }
    let mut names = Vec::new();
    // In "Name, Rest" without a list, the rest is a title or a publication.
    let single = !(rest.contains(" and ") || rest.contains(" & "));
    for (i, &(piece, after_slash)) in pieces.iter().enumerate() {
        if after_slash && is_title_words(piece) {
            // "Jane Doe / Staff Writer": the writer's job, no name and no site.
            if is_job_title(piece) {
                continue;
            }
            // "Jane Doe / The Burning Platform": a publication.
            if !is_name(piece, 4) {
                set_source(credit, piece);
                continue;
            }
        }
        if single && i > 0 && rest.contains(", ") && !rest.contains(['/', '|']) {
            if is_org(piece) || is_name(piece, 4) {
                set_source(credit, piece);
            } else if !is_title_words(piece) {
                // "By 0120 GMT, 357,000 shares had been traded": a sentence.
                return false;
            }
            continue;
        }
        let piece = strip_place(piece.trim());
        // "X of Site", "X via Site", "X’s Site.com".
        let (name, site) = match site_after_name(piece) {
            Some((n, s)) => (n, Some(s)),
            None => (piece, None),
        };
        if has_org_word(name) || (after_slash && is_name(name, 4) && !census_name(name)) {
            // "Jane Doe / American Thinker": after a slash, a name with no Census first
            // name and no Census surname is the publication.
            set_source(credit, name);
        } else if is_name(name, 4) {
            names.push(name.to_string());
            if let Some(site) = site {
                set_source(credit, site);
            }
        } else if is_org(name) {
            set_source(credit, name);
        } else if i == 0 {
            return false;
        } else {
            // A trailing piece that is neither: not a credit after all.
            return false;
        }
    }
    if names.is_empty() && credit.source.is_none() {
        return false;
    }
    let target = if role == Role::Writer {
        &mut credit.byline
    } else {
        &mut credit.contributors
    };
    for n in names {
        if !target.contains(&n) {
            target.push(n);
        }
    }
    true
}

/// Splits "Jane Doe of Example Blog", "Jane Doe via Example.com" and "Jane Doe’s
/// Example.com" into the name and the site, when the part before is a name.
fn site_after_name(piece: &str) -> Option<(&str, &str)> {
    for sep in [" of ", " via "] {
        if let Some((n, s)) = piece.split_once(sep) {
            if is_name(n, 4) {
                return Some((n, s));
            }
        }
    }
    // A possessive before a web address or an organisation.
    for sep in ["’s ", "'s "] {
        if let Some((n, s)) = piece.split_once(sep) {
            if is_name(n, 4) && (is_url(s) || is_org(s)) {
                return Some((n, s));
            }
        }
    }
    None
}

/// Whether a capitalised phrase is a job title: it ends in a role word ("Staff Writer",
/// "Senior Correspondent").
fn is_job_title(phrase: &str) -> bool {
    let lex = crate::extract::people::lexicon::lexicon();
    let mut buf = String::new();
    phrase.split_whitespace().last().is_some_and(|w| {
        let l = lower_into(trim_punct(w), &mut buf);
        lex.role_heads.contains(l) || lex.apposition_heads.contains(l)
    })
}

/// Whether a name-shaped phrase holds a Census first name first or a Census surname
/// last ("Rob Gutro"; not "American Thinker").
fn census_name(name: &str) -> bool {
    let lex = crate::extract::people::lexicon::lexicon();
    let mut buf = String::new();
    let mut words = name.split_whitespace();
    words.next().is_some_and(|w| {
        lex.first_names
            .contains(lower_into(trim_punct(w), &mut buf))
    }) || words.last().is_some_and(|w| {
        lex.surnames
            .contains_key(lower_into(trim_punct(w), &mut buf))
    })
}

/// Splits "A, B and C" / "A & B" into its parts. Without "and" or "&", a comma does
/// not join names: "Jane Doe, Example Blog" is a name and what follows it.
fn split_list(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    if !(s.contains(" and ") || s.contains(" & ")) {
        if let Some((name, rest)) = s.split_once(", ") {
            out.push(name.trim());
            out.push(rest.trim());
            return out;
        }
    }
    for part in s.split(", ") {
        let mut rest = part;
        loop {
            let cut = [" and ", " & "]
                .iter()
                .filter_map(|sep| rest.find(sep).map(|i| (i, sep.len())))
                .min();
            match cut {
                Some((i, len)) => {
                    out.push(rest[..i].trim());
                    rest = &rest[i + len..];
                }
                None => {
                    out.push(rest.trim());
                    break;
                }
            }
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

/// A short run of capitalised words ("France", "Senior Writer").
fn is_title_words(s: &str) -> bool {
    let n = s.split_whitespace().take(5).count();
    (1..=4).contains(&n)
        && s.split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// "X in London" -> "X".
fn strip_place(piece: &str) -> &str {
    match piece.find(" in ") {
        Some(i) if is_name(&piece[..i], 4) => &piece[..i],
        _ => piece,
    }
}

/// An organisation name: a URL, an all-caps word ("AFP"), or 1–5 capitalised words
/// with an organisation word ("The Associated Press", "Example Blog").
fn is_org(s: &str) -> bool {
    let s = s.trim();
    if !s.starts_with(|c: char| c.is_alphabetic()) {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    if words.len() == 1 && (is_url(s) || s.contains('.') || is_caps_word(s)) {
        return s.chars().next().is_some_and(char::is_alphanumeric);
    }
    let mut buf = String::new();
    let capitalised = words
        .iter()
        .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()) || w.len() <= 3);
    capitalised
        && words
            .iter()
            .any(|w| org_words().contains(lower_into(trim_punct(w), &mut buf)) || is_caps_word(w))
}

/// Whether a capitalised phrase holds an organisation word ("Example Base").
fn has_org_word(s: &str) -> bool {
    let mut buf = String::new();
    s.split_whitespace()
        .any(|w| org_words().contains(lower_into(trim_punct(w), &mut buf)))
}

fn set_source(credit: &mut Credit, site: &str) {
    if credit.source.is_some() {
        return;
    }
    let site = site.trim().trim_end_matches(['.', ':', ',']);
    let value = if is_url(site) {
        url_host(site).unwrap_or(site)
    } else {
        site
    };
    if !value.is_empty() {
        credit.source = Some(value.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_searches_match_the_character_searches() {
        for s in [
            "",
            "By Jane Doe",
            "By Jane Doe: April 4, 2016",
            "Is it? Yes!",
            "He said \"no\"",
            "\u{201c}Quoted\u{201d} text",
            "\u{201d}closing only",
            "\u{201c}",
            "ends in a dash\u{2014}",
            "ends in an ellipsis\u{2026}",
            "Caf\u{e9}, na\u{ef}ve: \u{2014} ok",
            "a,b:c",
            ":",
            ",",
        ] {
            assert_eq!(
                has_sentence_mark(s),
                s.contains(['?', '!', '"', '\u{201c}']),
                "{s:?}"
            );
            assert_eq!(
                split_last_colon_or_comma(s),
                s.rsplit_once([':', ',']),
                "{s:?}"
            );
        }
    }

    fn c(by: &[&str], contrib: &[&str], source: Option<&str>) -> Option<Credit> {
        Some(Credit {
            byline: by.iter().map(|s| s.to_string()).collect(),
            contributors: contrib.iter().map(|s| s.to_string()).collect(),
            source: source.map(str::to_string),
        })
    }

    #[test]
    fn credit_lines() {
        let cases = [
            ("By Jane Doe", c(&["Jane Doe"], &[], None)),
            (
                "By Jane Doe and Richard Roe",
                c(&["Jane Doe", "Richard Roe"], &[], None),
            ),
            (
                "By Jane Doe, Richard Roe and Ann Poe",
                c(&["Jane Doe", "Richard Roe", "Ann Poe"], &[], None),
            ),
            ("BY JANE DOE", c(&["JANE DOE"], &[], None)),
            (
                "By Jane Doe / Example Blog",
                c(&["Jane Doe"], &[], Some("Example Blog")),
            ),
            (
                "By Jane Doe / Richard Roe",
                c(&["Jane Doe", "Richard Roe"], &[], None),
            ),
            (
                "By Jane Doe / American Thinker",
                c(&["Jane Doe"], &[], Some("American Thinker")),
            ),
            (
                "By JANE DOE / FAMILY SECURITY MATTERS",
                c(&["JANE DOE"], &[], Some("FAMILY SECURITY MATTERS")),
            ),
            (
                "Authored by Jane Doe via Example.com",
                c(&["Jane Doe"], &[], Some("Example.com")),
            ),
            ("Posted by Jane Doe", c(&["Jane Doe"], &[], None)),
            ("Posted on by Jane Doe", c(&["Jane Doe"], &[], None)),
            ("Posted on by jdoe_77", c(&["jdoe_77"], &[], None)),
            ("Posted by jdoe", c(&["jdoe"], &[], None)),
            ("Posted on March 3, 2017 by Jane Doe", c(&["Jane Doe"], &[], None)),
            (
                "By Jane Doe / The Burning Example",
                c(&["Jane Doe"], &[], Some("The Burning Example")),
            ),
            (
                "By Jane Doe / Staff Writer",
                c(&["Jane Doe"], &[], None),
            ),
            (
                "By: Jane Doe / Example News",
                c(&["Jane Doe"], &[], Some("Example News")),
            ),
            (
                "This article was written by Jane Doe and originally published at Example Prism / Other Site",
                c(&["Jane Doe"], &[], Some("Example Prism")),
            ),
            (
                "This article was originally published by Jane Doe at her Example Collapse Blog.",
                c(&["Jane Doe"], &[], Some("Example Collapse Blog")),
            ),
            (
                "This article first appeared on Example.com.",
                c(&[], &[], Some("Example.com")),
            ),
            // Without its subject.
            (
                "Originally published at blog.example.org",
                c(&[], &[], Some("blog.example.org")),
            ),
            (
                "First appeared on Example Prism",
                c(&[], &[], Some("Example Prism")),
            ),
            ("Originally a small fishing village on the coast", None),
            (
                "This article was written by a team of researchers at the university.",
                None,
            ),
            (
                "This story was published at a time of great change in the world.",
                None,
            ),
            (
                "By Jane Doe’s Example.com",
                c(&["Jane Doe"], &[], Some("Example.com")),
            ),
            (
                "By The Associated Press",
                c(&[], &[], Some("The Associated Press")),
            ),
            (
                "Richard Roe contributed reporting.",
                c(&[], &["Richard Roe"], None),
            ),
            (
                "Richard Roe and Ann Poe contributed to this report.",
                c(&[], &["Richard Roe", "Ann Poe"], None),
            ),
            (
                "Additional reporting by Ann Poe",
                c(&[], &["Ann Poe"], None),
            ),
            ("With assistance from Ann Poe.", c(&[], &["Ann Poe"], None)),
            ("With help from Ann Poe", c(&[], &["Ann Poe"], None)),
            ("Ann Poe offers assistance", c(&[], &["Ann Poe"], None)),
            ("Ann Poe OFFERS assistance", c(&[], &["Ann Poe"], None)),
            ("Ann Poe reported the assistance", None),
            (
                "Ann Poe provided additional reporting",
                c(&[], &["Ann Poe"], None),
            ),
            (
                "Reporting by Jane Doe in Paris; Editing by Richard Roe",
                c(&["Jane Doe"], &["Richard Roe"], None),
            ),
            (
                "Contributed by Jane Doe of www.example.com.",
                c(&["Jane Doe"], &[], Some("example.com")),
            ),
            ("By the end of the year prices had doubled.", None),
            ("By Monday", None),
            (
                "By Jane Doe and Ann Poe: April 4, 2016",
                c(&["Jane Doe", "Ann Poe"], &[], None),
            ),
            (
                "-- Jane Doe (212) 555-0100, e-mail: jane.doe@example.com",
                c(&[], &["Jane Doe"], None),
            ),
            ("-- Jane Doe, London Newsroom", c(&[], &["Jane Doe"], None)),
            ("- Net Income (loss) $2,074 ($3,422)", None),
            (
                "--- Jane Doe, Example City newroom (525) 555 0100",
                c(&[], &["Jane Doe"], None),
            ),
            ("-- New York Energy Desk +1 212 555 0100", None),
            (
                "-- Example Petroleum Ltd to $0.15 from $0.46 versus the consensus",
                None,
            ),
            ("-- Royal Oak shares were down 1/16 at 3-11/16.", None),
            ("Jane Doe helped Ann Poe to build an unbeatable lead.", None),
            (
                "— Jane Doe is a writer and a fellow at the institute.",
                None,
            ),
            (
                "By Looking at Lime Disease on Friday Dec 29 2017 04:24",
                None,
            ),
            ("by N.Morgan Q has released several new posts", None),
            ("Kennedy contributed to the problem.", None),
            ("By 1920, a total of 22 states had adopted it.", None),
            (
                "The senator said he would offer assistance to the victims.",
                None,
            ),
        ];
        for (line, want) in cases {
            assert_eq!(parse(line), want, "{line}");
        }
    }
}
