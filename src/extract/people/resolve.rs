//! From tagged words to people: name spans, alias grouping, bare-surname mentions,
//! roles, ages and the byline exclusion.

use super::lexicon::{flag, is_english_word, lexicon, lower_into, push_lower};
use super::tagger::{DocContext, FxBuild};
use super::tokens::{
    is_abbreviation, is_all_caps, is_capitalised, starts_sentence, tokenize, Lowered, Token,
};
use super::{Mention, People};
use crate::model::PersonRef;
use std::collections::{HashMap, HashSet};

/// A name span: tokens `first..=last` of paragraph `para`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub para: usize,
    pub first: usize,
    pub last: usize,
}

/// Whether a word is an initial: one or two capital letters, maybe dotted ("P", "J.R").
fn is_initial(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (1..=2).contains(&letters) && w.chars().all(|c| c.is_uppercase() || c == '.')
}

fn lower(w: &str) -> String {
    let mut s = String::new();
    lower_into(w, &mut s);
    s
}

/// Calls `f` with the lower-cased word (see [`lower_into`]), without allocating for
/// short ASCII words.
fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let w = w.strip_suffix('.').unwrap_or(w);
    let mut buf = [0u8; 32];
    if w.is_ascii() && w.len() <= buf.len() {
        let b = &mut buf[..w.len()];
        b.copy_from_slice(w.as_bytes());
        b.make_ascii_lowercase();
        f(std::str::from_utf8(b).unwrap_or_default())
    } else {
        f(&lower(w))
    }
}

/// Whether a word is a courtesy title ("Mr", "Dr.").
pub fn is_honorific(w: &str) -> bool {
    with_lower(w, |l| lexicon().honorifics.contains(l))
}

/// Whether a word ends a role ("President", "spokeswoman", "all-rounder").
fn is_role_head(w: &str) -> bool {
    with_lower(w, is_role_head_lower)
}

/// [`is_role_head`] of a word already lower-cased.
fn is_role_head_lower(l: &str) -> bool {
    lexicon().role_heads.contains(l) || role_head_tail(l)
}

/// Whether a lower-cased hyphenated word ends in a role ("all-rounder", "co-founder").
fn role_head_tail(l: &str) -> bool {
    l.rsplit_once('-')
        .is_some_and(|(_, t)| lexicon().role_heads.contains(t))
}

/// Whether a capitalised word may be added to a neighbouring tagged name: not a role,
/// title, organisation, calendar or nation word, not all capitals, and not an ordinary
/// word that happens to start a sentence.
fn may_join(para: &str, toks: &[Token], low: &Lowered, k: usize, ctx: &DocContext) -> bool {
    let t = toks[k];
    if !t.word || !t.cap || t.all_caps || is_hyphen_adjective(t.text(para)) {
        return false;
    }
    let f = low.flags(k);
    let listed = flag::HONORIFIC
        | flag::ROLE_HEAD
        | flag::ROLE_MODIFIER
        | flag::ORG
        | flag::NON_PERSON
        | flag::PLACE;
    !(f & listed != 0
        || ctx.has_lower(low.get(k))
        || (f & flag::FIRST == 0 && starts_sentence(para, toks, k) && is_ordinary_word(low.get(k))))
}

/// Whether a lower-cased word is an ordinary English word, a compound of such words
/// ("second-hand", "singer-songwriter") or a function word: capitalised at a sentence
/// start it is no given name ("Perhaps Robinson", not "Imogen Pemberton").
fn is_ordinary_word(l: &str) -> bool {
    let plain = |w: &str| is_english_word(w) || is_function_word(w);
    plain(l) || (l.contains('-') && l.split('-').all(|w| w.is_empty() || plain(w)))
}

/// Whether a lower-cased word is a function word: an article, a possessive, "and",
/// "of", or one of the `role_stops` ("but", "since", "on").
fn is_function_word(l: &str) -> bool {
    ARTICLES_AND_POSSESSIVES.contains(&l) || lexicon().role_stops.contains(l)
}

/// Connectives, interjections and number words that open sentences and are nobody's
/// name: before a name at a sentence start they are left out of it ("So Ines Marwick
/// said", "Six Ines Marwick penalties won it").
const SENTENCE_OPENERS: &[&str] = &[
    "so",
    "but",
    "and",
    "yet",
    "then",
    "now",
    "also",
    "still",
    "thus",
    "however",
    "meanwhile",
    "well",
    "sorry",
    "please",
    "thanks",
    "yes",
    "no",
    "oh",
    "ok",
    "okay",
    "hi",
    "hello",
    "dear",
    "if",
    "when",
    "while",
    "because",
    "although",
    "though",
    "since",
    "instead",
    "indeed",
    "perhaps",
    "maybe",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
];

/// Words that always end a role read leftwards from its head, in any case.
const ARTICLES_AND_POSSESSIVES: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "and", "of",
];

/// Lists a place word must not also be on to pass for part of a name: titles, roles,
/// organisations, nations and calendar words.
const NOT_PLACE_ONLY: u16 =
    flag::HONORIFIC | flag::ROLE_HEAD | flag::ROLE_MODIFIER | flag::ORG | flag::NON_PERSON;

/// Whether token `k` is a capitalised place name on no other list ([`NOT_PLACE_ONLY`])
/// that the text never writes in lower case: one that may be part of a person's name.
fn place_word(toks: &[Token], low: &Lowered, k: usize, ctx: &DocContext) -> bool {
    let t = toks[k];
    let f = low.flags(k);
    t.word
        && t.cap
        && !t.all_caps
        && f & flag::PLACE != 0
        && f & NOT_PLACE_ONLY == 0
        && !ctx.has_lower(low.get(k))
}

/// Whether token `k`, just before a tagged surname, is a given name that is also a place
/// ("Sofia", "Georgia", "Austin"): a Census first name and a [`place_word`] that no
/// capitalised word, article or preposition comes before ("talks in Jordan" is a place).
fn place_given_name(toks: &[Token], low: &Lowered, k: usize, ctx: &DocContext) -> bool {
    low.flags(k) & flag::FIRST != 0
        && place_word(toks, low, k, ctx)
        && (k == 0 || {
            let p = toks[k - 1];
            !(p.word && (p.cap || is_function_word(low.get(k - 1))))
        })
}

/// Whether token `k`, a place name after a first name, may be that person's surname: a
/// [`place_word`] that no capitalised word follows ("Virginia Beach").
fn place_surname(toks: &[Token], low: &Lowered, k: usize, ctx: &DocContext) -> bool {
    place_word(toks, low, k, ctx) && toks.get(k + 1).is_none_or(|u| !(u.word && u.cap))
}

/// Whether the span starting at token `i` follows a capitalised word and "of the"
/// ("Lord of the Rings", "Friends of the Earth"): the rest of a title or a name of an
/// organisation. A person's name does not follow "the" there.
fn in_title_after_of_the(para: &str, toks: &[Token], i: usize) -> bool {
    i >= 3
        && toks[i - 1].text(para) == "the"
        && toks[i - 2].text(para) == "of"
        && toks[i - 3].word
        && toks[i - 3].cap
}

/// Whether a word is a hyphenated adjective such as "Ontario-based" or "US-led".
fn is_hyphen_adjective(w: &str) -> bool {
    w.rsplit_once('-').is_some_and(|(_, tail)| {
        matches!(
            tail,
            "based"
                | "listed"
                | "led"
                | "born"
                | "owned"
                | "run"
                | "controlled"
                | "backed"
                | "made"
                | "style"
                | "funded"
                | "sponsored"
                | "held"
                | "dominated"
                | "bound"
                | "nominated"
                | "winning"
        )
    })
}

/// Whether a word is a Roman regnal number ("Henry VIII", "Elizabeth I").
fn is_regnal(w: &str) -> bool {
    matches!(
        w,
        "I" | "II"
            | "III"
            | "IV"
            | "V"
            | "VI"
            | "VII"
            | "VIII"
            | "IX"
            | "X"
            | "XI"
            | "XII"
            | "XIII"
            | "XIV"
            | "XV"
            | "XVI"
    )
}

/// Whether token `k` is a name particle as written: in lower case ("van", not "Van").
fn is_particle_as_written(para: &str, toks: &[Token], low: &Lowered, k: usize) -> bool {
    low.flags(k) & flag::PARTICLE != 0 && toks[k].text(para) == low.get(k)
}

/// Whether a lower-case word is an Arabic-style prefixed name part ("al-Saadani").
fn is_prefixed_name(w: &str) -> bool {
    w.split_once('-').is_some_and(|(pre, rest)| {
        matches!(
            pre,
            "al" | "el" | "ul" | "ad" | "ash" | "as" | "at" | "az" | "bin" | "ibn" | "abu" | "abd"
        ) && is_capitalised(rest)
    })
}

/// Completes names the tagger cut short: a first name's following capitalised word, the
/// capitalised word just before a tagged surname, words after a name particle, a
/// regnal number and an "al-" name part.
pub fn repair_labels(
    para: &str,
    toks: &[Token],
    low: &Lowered,
    labels: &mut [bool],
    ctx: &DocContext,
) {
    let n = toks.len();
    // "Hong Kong-listed", "Ontario-based": a hyphenated adjective is not a name part.
    for (t, l) in toks.iter().zip(labels.iter_mut()) {
        if *l && is_hyphen_adjective(t.text(para)) {
            *l = false;
        }
    }
    // `Marion "Sugar" Kettering`: a given name, a quoted nickname and a surname, one of the
    // two tagged, are one name; the nickname alone is none.
    // The opening marks are found with `memchr` (0xE2 leads “), their tokens by bisection.
    for pos in memchr::memchr2_iter(b'"', 0xE2, para.as_bytes()) {
        let Ok(k) = toks.binary_search_by_key(&pos, |t| t.start) else {
            continue;
        };
        if k == 0 || k + 3 >= n || toks[k].word {
            continue;
        }
        let i = k - 1;
        let t = toks[i];
        if !(t.word && t.cap && low.flags(i) & flag::FIRST != 0) {
            continue;
        }
        if let Some(a) = nickname_end(para, toks, k) {
            let given = labels[i] || may_join(para, toks, low, i, ctx);
            let surname = labels[a] || may_join(para, toks, low, a, ctx);
            if (labels[i] || labels[a]) && given && surname {
                labels[i] = true;
                labels[a] = true;
                for l in &mut labels[i + 2..a - 1] {
                    *l = false;
                }
            }
        }
    }
    // "director of rugby Warren Gatland": a given name that is also a place weighs
    // against both words, so neither is tagged. Such a given name where a place does
    // not stand ([`place_given_name`]) before a word on no list but the surnames', no
    // ordinary word, with no capitalised word after it, is a whole name.
    for i in 0..n.saturating_sub(1) {
        if !toks[i].cap
            || !toks[i + 1].cap
            || labels[i]
            || labels[i + 1]
            || toks[i + 2..].first().is_some_and(|u| u.word && u.cap)
            || para[toks[i].end..toks[i + 1].start] != *" "
        {
            continue;
        }
        let f = low.flags(i + 1);
        if place_given_name(toks, low, i, ctx)
            && f & !flag::SURNAME == 0
            && may_join(para, toks, low, i + 1, ctx)
            && !is_ordinary_word(low.get(i + 1))
        {
            labels[i] = true;
            labels[i + 1] = true;
        }
    }
    for i in 0..n {
        if !labels[i] {
            continue;
        }
        let adjacent = |a: usize, b: usize| {
            toks[a].end == toks[b].start || para[toks[a].end..toks[b].start].trim().is_empty()
        };
        // "Ruben Sierra": a first name is rarely a whole name.
        if i + 1 < n
            && !labels[i + 1]
            && low.flags(i) & flag::FIRST != 0
            && (i == 0 || !labels[i - 1])
            && may_join(para, toks, low, i + 1, ctx)
        {
            labels[i + 1] = true;
        }
        // "Paris Hilton", "Denzel Washington": a place word right after a first name
        // is its surname when no capitalised word follows. The first name must open
        // the name (after no capitalised word but a title: "Shinzo Abe Japan" is two
        // names run together), and be no place, no function word ("An Ajax spokesman")
        // and no word the text writes in lower case.
        if i + 1 < n
            && !labels[i + 1]
            && low.flags(i) & (flag::FIRST | flag::PLACE) == flag::FIRST
            && place_surname(toks, low, i + 1, ctx)
            && (i == 0 || {
                let p = toks[i - 1];
                let title = flag::HONORIFIC | flag::ROLE_HEAD | flag::ROLE_MODIFIER;
                !(p.word && p.cap) || low.flags(i - 1) & title != 0
            })
            && !ctx.has_lower(low.get(i))
            && !is_function_word(low.get(i))
        {
            labels[i + 1] = true;
        }
        // "Theresa May", "Dawn French": a calendar or nation word that is a surname,
        // right after a given name that opens the name and is no common surname itself
        // ("Clinton May"), before no capitalised word or number ("Sarah May 5").
        if i + 1 < n
            && !labels[i + 1]
            && (i == 0 || !labels[i - 1])
            && low.flags(i) & (flag::FIRST | flag::SURNAME_TOP | flag::SURNAME_MID) == flag::FIRST
            && word_surname(para, toks, low, i + 1)
            && adjacent(i, i + 1)
        {
            labels[i + 1] = true;
        }
        // "George W Bush": a first name, an initial without its full stop, a surname.
        if i + 2 < n
            && !labels[i + 2]
            && low.flags(i) & flag::FIRST != 0
            && toks[i + 1].word
            && is_bare_initial(toks[i + 1].text(para))
            && may_join(para, toks, low, i + 2, ctx)
        {
            labels[i + 2] = true;
        }
        // "Mishi Saran": the word before a lone tagged surname.
        if i > 0
            && !labels[i - 1]
            && (i + 1 >= n || !labels[i + 1])
            && adjacent(i - 1, i)
            && (may_join(para, toks, low, i - 1, ctx) || place_given_name(toks, low, i - 1, ctx))
            && !(i >= 2 && labels[i - 2])
        {
            labels[i - 1] = true;
        }
        // "Joaquin del Olmo", "Joost van der Westhuizen".
        let mut k = i + 1;
        while k < n && k <= i + 2 && toks[k].word && is_particle_as_written(para, toks, low, k) {
            k += 1;
        }
        if k > i + 1 && k < n && toks[k].word && toks[k].cap && !toks[k].all_caps {
            labels[k] = true;
        }
        if i + 1 < n && !labels[i + 1] && toks[i + 1].word {
            let next = toks[i + 1].text(para);
            if is_regnal(next) || is_prefixed_name(next) {
                labels[i + 1] = true;
            }
        }
    }
}

/// Whether a word is a minute of a match: a number from 1 to 130 (extra time), as an
/// ordinal ("7th", "61st") unless `cardinal` allows "61", with an optional note run
/// into it ("59th-pen").
fn is_minute(w: &str, cardinal: bool) -> bool {
    let w = ["-pen", "-penalty", "-og"]
        .iter()
        .find_map(|note| w.strip_suffix(note))
        .unwrap_or(w);
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    let (n, suffix) = w.split_at(digits);
    (1..=3).contains(&digits)
        && n.parse::<u32>().is_ok_and(|n| (1..=130).contains(&n))
        && (matches!(suffix, "st" | "nd" | "rd" | "th") || (cardinal && suffix.is_empty()))
}

/// Words that may follow a scorer's minute in a match summary.
const SCORER_NOTES: &[&str] = &["and", "minute", "min", "mins", "penalty", "pen", "og"];

/// Marks goal scorers in a match summary ([`scorer_before`]).
pub fn label_scorers(para: &str, toks: &[Token], labels: &mut [bool]) {
    for m in 1..toks.len() {
        let t = toks[m];
        if t.word && para.as_bytes()[t.start].is_ascii_digit() {
            if let Some(first) = scorer_before(para, toks, m) {
                let last = if toks[m - 1].word { m - 1 } else { m - 2 };
                labels[first..=last].fill(true);
            }
        }
    }
}

/// Whether the name ending at token `last` is followed by its minute as a goal scorer.
fn scorer_at(para: &str, toks: &[Token], last: usize) -> bool {
    let m = if toks.get(last + 1).is_some_and(|t| !t.word) {
        last + 2
    } else {
        last + 1
    };
    m < toks.len() && scorer_before(para, toks, m).is_some()
}

/// The first token of a goal scorer's name when token `m` is the minute after it in a
/// match summary: one to three capitalised words, then either
///
/// - the minute, inside parentheses opened after a team's score or opening the
///   paragraph ("Stuttgart 2 (Zyxwq 50th, Van Doe 61st and 88th penalty)"; a minute
///   without "th" after a team's score: "Ajax 2 (Zyxwq 7, Doe 33)"), or
/// - the minute as an ordinal in parentheses of its own, the name opening a list item
///   ("Ajax - Zyxwq (10th minute), Doe (57th, penalty)").
///
/// A capitalised word there is a player whatever else it may be ("Dundee", "Foe").
fn scorer_before(para: &str, toks: &[Token], m: usize) -> Option<usize> {
    let text = |k: usize| toks[k].text(para);
    let name_word = |k: usize| {
        let t = toks[k];
        t.word && t.cap && (!t.all_caps || t.end - t.start == 1)
    };
    // Inside the parentheses: other scorers, their minutes and notes.
    let listed = |k: usize| {
        let (t, w) = (toks[k], text(k));
        if t.word {
            t.cap || is_minute(w, true) || SCORER_NOTES.contains(&w)
        } else {
            matches!(w, "," | "-" | ";")
        }
    };
    let closes = |from: usize| {
        (from..toks.len())
            .find(|&k| !listed(k))
            .is_some_and(|k| text(k) == ")")
    };
    if m == 0 || !toks[m].word {
        return None;
    }
    let name_start = |last: usize| {
        let mut first = last;
        while first > 0 && last - first < 2 && name_word(first - 1) {
            first -= 1;
        }
        first
    };
    if text(m - 1) == "(" {
        if m < 2 {
            return None;
        }
        // "Ajax - Zyxwq (10th minute), Doe (57th)".
        if !name_word(m - 2) || !is_minute(text(m), false) || !closes(m + 1) {
            return None;
        }
        let first = name_start(m - 2);
        let opens_item =
            first == 0 || matches!(text(first - 1), "," | "-" | "–" | ":" | ";" | "and");
        return opens_item.then_some(first);
    }
    if !name_word(m - 1) || !is_minute(text(m), true) {
        return None;
    }
    let first = name_start(m - 1);
    let ordinal = is_minute(text(m), false);
    // Back to the opening parenthesis, after a team's score or opening the paragraph.
    let mut k = first;
    while k > 0 {
        k -= 1;
        if text(k) == "(" {
            let score = |j: usize| toks[j].word && text(j).bytes().all(|b| b.is_ascii_digit());
            let after_score = if ordinal {
                k == 0 || score(k - 1)
            } else {
                k >= 2 && score(k - 1) && name_word(k - 2)
            };
            return after_score.then_some(first);
        }
        if !listed(k) {
            return None;
        }
    }
    // A list broken over lines goes on in a paragraph of its own: it must then run
    // to the closing parenthesis ("Hagner 85th).").
    (ordinal && closes(m + 1)).then_some(first)
}

/// Whether token `k` is a calendar or nation word written as a surname (see
/// [`repair_labels`]): listed in `word_surnames`, capitalised, and followed by no
/// capitalised word or number ("Theresa May said"; not "Sarah May 5" or "Mary
/// English Heritage").
fn word_surname(para: &str, toks: &[Token], low: &Lowered, k: usize) -> bool {
    let t = toks[k];
    t.word
        && t.cap
        && !t.all_caps
        && lexicon().word_surnames.contains(low.get(k))
        && toks.get(k + 1).is_none_or(|u| {
            let w = u.text(para);
            !(u.word && (u.cap || w.starts_with(|c: char| c.is_ascii_digit())))
        })
}

/// Whether a token is a double quotation mark (straight or curly).
fn is_quote_mark(para: &str, t: &Token) -> bool {
    !t.word && matches!(t.text(para), "\"" | "“" | "”")
}

/// Longest quoted nickname inside a name, in words ("Wall of Granite").
const MAX_NICKNAME_WORDS: usize = 4;

/// When token `k` opens a quoted nickname inside a name (`Ines "Tiger" Marwick`): the
/// index of the capitalised word after its closing mark. The nickname is one to
/// [`MAX_NICKNAME_WORDS`] words, the first and the last capitalised.
fn nickname_end(para: &str, toks: &[Token], k: usize) -> Option<usize> {
    if !toks
        .get(k)
        .is_some_and(|t| is_quote_mark(para, t) && t.text(para) != "”")
    {
        return None;
    }
    let mut c = k + 1;
    while c < toks.len() && toks[c].word && c - k <= MAX_NICKNAME_WORDS {
        c += 1;
    }
    let inner = &toks[k + 1..c.min(toks.len())];
    let (first, last) = (inner.first()?, inner.last()?);
    let close = toks.get(c)?;
    let after = toks.get(c + 1)?;
    // The marks hug the nickname: `"We "We` is two opening marks, no nickname.
    let open = &toks[k];
    (first.cap
        && last.cap
        && is_quote_mark(para, close)
        && close.text(para) != "“"
        && open.end == first.start
        && close.start == last.end
        && after.start > close.end
        && after.word
        && after.cap
        && !after.all_caps)
        .then_some(c + 1)
}

/// A nickname needs five tokens: a word, a mark, a word, a mark, a word.
const MIN_NICKNAME_SPAN: usize = 5;

/// Whether the tokens of a span hold a quoted nickname (`Marion "Sugar" Kettering`).
fn holds_nickname(para: &str, ts: &[Token]) -> bool {
    ts.len() >= MIN_NICKNAME_SPAN && ts.iter().any(|t| is_quote_mark(para, t))
}

/// Whether a word is an English contraction ("don't", "Can’t", "we'll", "they’re",
/// "I've", "I'm"): no part of a name.
fn is_contraction(w: &str) -> bool {
    let b = w.as_bytes();
    let n = b.len();
    // Most words: no apostrophe near the end (`’` ends in byte 0x99).
    if !b[n.saturating_sub(5)..]
        .iter()
        .any(|&c| c == b'\'' || c == 0x99)
    {
        return false;
    }
    let tail = |s: &str| {
        let s = s.as_bytes();
        n > s.len() && b[n - s.len()..].eq_ignore_ascii_case(s)
    };
    [
        "n't", "n’t", "'ll", "’ll", "'re", "’re", "'ve", "’ve", "'m", "’m",
    ]
    .iter()
    .any(|&t| tail(t))
}

/// Whether a word starts with three capitals or more and goes on in lower case
/// ("JPMorgan", "SFGate", "USAToday"): no name is so written ("McDonald", "DiCaprio",
/// "LeBron" have one capital before the lower-case letters, "OBrien" two).
fn is_acronym_compound(w: &str) -> bool {
    let b = w.as_bytes();
    let caps = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    caps >= 3 && b.get(caps).is_some_and(u8::is_ascii_lowercase)
}

/// The word tokens of a span outside a quoted nickname, with their offsets in `ts`
/// (`Marion "Sugar" Kettering` -> "Marion", "Kettering").
fn name_words<'t>(para: &'t str, ts: &'t [Token]) -> impl Iterator<Item = (usize, &'t Token)> {
    let nick = ts.len() >= MIN_NICKNAME_SPAN;
    let mut quoted = false;
    ts.iter().enumerate().filter(move |(_, t)| {
        if nick && is_quote_mark(para, t) {
            quoted = !quoted;
        }
        t.word && !quoted
    })
}

/// Whether a word is one capital letter, an initial without its full stop ("W").
fn is_bare_initial(w: &str) -> bool {
    w.len() == 1 && w.as_bytes()[0].is_ascii_uppercase()
}

/// Longer runs of tagged words are lists or tables run together, not one name.
const MAX_NAME_WORDS: usize = 8;

/// Joins the tagged words of one paragraph into name spans. An initial's full stop and a
/// lower-case particle ("van", "de") between tagged words stay inside the name; leading
/// courtesy titles and role words are dropped.
pub fn spans_in(
    para: &str,
    toks: &[Token],
    low: &Lowered,
    labels: &[bool],
    p: usize,
    out: &mut Vec<Span>,
) {
    let mut i = 0;
    while i < toks.len() {
        if !labels[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        loop {
            if j + 1 < toks.len() && labels[j + 1] {
                j += 1;
                continue;
            }
            if j + 2 < toks.len() && labels[j + 2] {
                let mid = toks[j + 1].text(para);
                let dot = mid == "." && is_initial(toks[j].text(para));
                let particle = toks[j + 1].word && is_particle_as_written(para, toks, low, j + 1);
                // "George W Bush": a middle initial written without its full stop.
                let initial = toks[j].word && is_bare_initial(mid);
                if dot || particle || initial {
                    j += 2;
                    continue;
                }
            }
            // `Marion "Sugar" Kettering`: the nickname stays inside the span (after a
            // given name, as in `repair_labels`).
            if toks[j].word && low.flags(j) & flag::FIRST != 0 {
                if let Some(a) = nickname_end(para, toks, j + 1) {
                    if labels[a] {
                        j = a;
                        continue;
                    }
                }
            }
            let two_particles = j + 3 < toks.len()
                && labels[j + 3]
                && [j + 1, j + 2]
                    .iter()
                    .all(|&k| toks[k].word && is_particle_as_written(para, toks, low, k));
            if two_particles {
                j += 3;
                continue;
            }
            break;
        }
        // "Jo Bloggs QC", "Ines Marwick OBE": post-nominal letters are no part of the
        // name; the tokens they take are skipped.
        let end = j;
        while j > i && toks[j - 1].word && is_post_nominal(toks[j].text(para)) {
            j -= 1;
        }
        // "Al Unser Jr": the rules below read the name without its generational
        // suffix, which the span then takes back (see `generational_after`).
        let i0 = i;
        while j > i0 && toks[j].cap && super::is_generational(toks[j].text(para)) {
            j -= 1;
        }
        let suffix_end = generational_after(para, toks, j).filter(|_| toks[j].word);
        let title = |k: usize| {
            low.flags(k) & (flag::HONORIFIC | flag::ROLE_HEAD) != 0 || role_head_tail(low.get(k))
        };
        let mut first = i;
        // 'Said Mr Marwick: "…"': a speech verb opening a sentence before a name and a
        // colon or comma is the attribution, not a given name ("Said" is one); the
        // titles after it are stripped below.
        if i < j
            && starts_sentence(para, toks, i)
            && matches!(
                toks[i].text(para),
                "Said" | "Says" | "Added" | "Adds" | "Asked" | "Explained" | "Insisted"
            )
            && toks
                .get(j + 1)
                .is_some_and(|t| matches!(t.text(para), ":" | ","))
        {
            first += 1;
        }
        while first < j {
            if title(first) {
                first += 1;
                if first < j && toks[first].text(para) == "." {
                    first += 1;
                }
            } else {
                break;
            }
        }
        // "So Ines Marwick", "Sorry Ines": a connective or an interjection opening a
        // sentence before a name is no part of it.
        if first < j
            && toks[first + 1].word
            && starts_sentence(para, toks, first)
            && SENTENCE_OPENERS.contains(&low.get(first))
        {
            first += 1;
        }
        // "Q. Please tell us": an interview's question mark opening a paragraph is no
        // initial. ("A." is left alone: "A. Stewart c Healy b McGrath" opens a line of
        // a scorecard.)
        if first == 0
            && j >= 2
            && toks[0].text(para) == "Q"
            && toks
                .get(1)
                .is_some_and(|t| matches!(t.text(para), "." | ":"))
        {
            first = 2;
        }
        // "Scot Nick Smith": a nationality noun before a given name that starts a
        // longer name describes the person (it may be a given name itself: "Dane").
        if first + 1 < j
            && toks[first + 1].word
            && low.flags(first + 1) & flag::FIRST != 0
            && lexicon().nationality_nouns.contains(low.get(first))
        {
            first += 1;
        }
        // "Unison Jo Bloggs": a listed organisation before a given name is no part of it.
        if first + 1 < j
            && low.flags(first + 1) & flag::FIRST != 0
            && low.flags(first) & flag::FIRST == 0
            && lexicon().organisations.contains(low.get(first))
        {
            first += 1;
        }
        let n_words = toks[first..=j].iter().filter(|t| t.word).count();
        // "Warner Bros", "Roosevelt Financial": a company, unless the word is a surname too.
        // "Read More", "Click Here": site chrome, not a name.
        // (A quoted nickname may hold such words: "Wall of Granite".)
        // A contraction ("Don’t", "We’ll") is a verb: "We Don’t Negotiate" is a headline.
        // An acronym run into a word ("JPMorgan", "SFGate") names a firm or a site.
        let chrome = name_words(para, &toks[first..=j]).any(|(k, t)| {
            low.flags(first + k) & flag::NOT_IN_NAMES != 0
                || is_contraction(t.text(para))
                || is_acronym_compound(t.text(para))
        });
        // "Eternal Sunshine of the Spotless Mind": the end of a title, not a name.
        let title_tail = in_title_after_of_the(para, toks, i0);
        let company = first < j && {
            let f = low.flags(j);
            f & (flag::ORG | flag::COMPANY) != 0 && f & flag::SURNAME == 0
        };
        // "Galesburg IL", "Ione CA": a town and its US state's postal code.
        let town_and_state = first < j && is_us_state_code(toks[j].text(para));
        // "the Police Bill", "Kill Bill": a law or a title, not a man called Bill.
        let law = is_law_bill(para, toks, low, j);
        // Part of another name: a listed organisation or place ("Scotland Yard", "Real
        // Madrid"), an institution inside a role ("Acme Chief Executive Jo Bloggs").
        let part_of_other = in_listed_name(para, toks, low, first, j)
            || before_capitalised_role(toks, low, labels, j)
            // "Santa Monica-based": the start of a place before a hyphenated adjective.
            || toks
                .get(j + 1)
                .is_some_and(|t| t.word && t.cap && is_hyphen_adjective(t.text(para)));
        // "de Silva": a particle just before a surname-only mention belongs to it.
        let first_title = title(first);
        if first == j {
            let is_particle = |k: usize| toks[k].word && low.flags(k) & flag::PARTICLE != 0;
            let mut k = first;
            while k > 0 && first - k < 2 && is_particle(k - 1) && (k < 2 || !labels[k - 2]) {
                k -= 1;
            }
            first = k;
        }
        // A courtesy title or role alone is no name.
        let lone_title = first == j && first_title;
        if n_words <= MAX_NAME_WORDS
            && !company
            && !town_and_state
            && !chrome
            && !lone_title
            && !title_tail
            && !law
            && !part_of_other
        {
            out.push(Span {
                para: p,
                first,
                last: suffix_end.unwrap_or(j),
            });
        }
        i = suffix_end.unwrap_or(j).max(end) + 1;
    }
}

/// Post-nominal letters written after a name, as written: honours, degrees, offices
/// ("QC", "OBE", "PhD", "MEP").
const POST_NOMINALS: &[&str] = &[
    "QC", "KC", "SC", "MP", "MEP", "MSP", "MLA", "TD", "OBE", "CBE", "MBE", "KBE", "DBE", "GBE",
    "CH", "OM", "VC", "GC", "KG", "KT", "FRS", "PhD", "DPhil", "MBA", "JP", "DL", "Esq",
];

/// Whether a word is post-nominal letters ([`POST_NOMINALS`]).
fn is_post_nominal(w: &str) -> bool {
    POST_NOMINALS.contains(&w)
}

/// Whether a word is a US postal code of a state or of the District of Columbia
/// (USPS Publication 28, appendix B): written after a town, it makes the words a place.
fn is_us_state_code(w: &str) -> bool {
    const CODES: [&str; 51] = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
        "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
        "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
        "VT", "VA", "WA", "WV", "WI", "WY",
    ];
    CODES.contains(&w)
}

/// The last token of a generational suffix right after token `j` of a name: "Jr", "Jr."
/// or ", Jr.". Its full stop belongs to the name when the sentence goes on after it
/// ("Jr. said", "Jr., 45,"); at a sentence's end it is the sentence's.
fn generational_after(para: &str, toks: &[Token], j: usize) -> Option<usize> {
    let mut k = j + 1;
    if toks.get(k).is_some_and(|t| t.text(para) == ",") {
        k += 1;
    }
    let t = toks.get(k)?;
    if !(t.word && t.cap && super::is_generational(t.text(para))) {
        return None;
    }
    let dot = toks.get(k + 1).is_some_and(|t| t.text(para) == ".");
    let goes_on = toks.get(k + 2).is_some_and(|t| {
        if t.word {
            !t.cap
        } else {
            matches!(t.text(para), "," | ";" | ":" | ")")
        }
    });
    Some(if dot && goes_on { k + 1 } else { k })
}

/// Whether token `j` is the word "Bill" naming a law or a title: right after a
/// capitalised word inside a sentence that is no Census first name, title or role
/// ("the Police Bill", "Kill Bill"; not "Bill Clinton", "President Bill", "Yesterday
/// Bill said").
fn is_law_bill(para: &str, toks: &[Token], low: &Lowered, j: usize) -> bool {
    if j == 0 || toks[j].text(para) != "Bill" {
        return false;
    }
    let k = j - 1;
    let w = toks[k].text(para);
    toks[k].word
        && is_capitalised(w)
        && !is_all_caps(w)
        && low.flags(k) & (flag::FIRST | flag::HONORIFIC | flag::ROLE_HEAD) == 0
        && !starts_sentence(para, toks, k)
}

/// Whether tokens `first..=last` and the capitalised word just before or just after
/// them make the whole name of a listed organisation or place ("Scotland Yard", "Real
/// Madrid", "Swiss Re"): the tagger marked a part of it alone.
fn in_listed_name(para: &str, toks: &[Token], low: &Lowered, first: usize, last: usize) -> bool {
    let neighbour = |k: usize| {
        let t = toks[k];
        t.word && t.cap && !is_initial(t.text(para))
    };
    let left = first > 0 && neighbour(first - 1);
    let right = last + 1 < toks.len() && neighbour(last + 1);
    if !left && !right {
        return false;
    }
    let lex = lexicon();
    let mut name = String::new();
    let mut listed = |a: usize, b: usize| {
        if !lex.many_word_heads.contains(low.get(a)) {
            return false;
        }
        name.clear();
        for k in (a..=b).filter(|&k| toks[k].word) {
            if !name.is_empty() {
                name.push(' ');
            }
            name.push_str(low.get(k));
        }
        lex.organisations.contains(name.as_str()) || lex.places.contains(name.as_str())
    };
    (left && listed(first - 1, last))
        || (right && listed(first, last + 1))
        || (left && right && listed(first - 1, last + 1))
}

/// Whether the name ending at token `last` is followed by a capitalised role and a
/// tagged name ("Halvorsen Kettering Professor Jo Bloggs", "Acme Chief Executive Jo
/// Bloggs"): the first name is the institution the role belongs to.
fn before_capitalised_role(toks: &[Token], low: &Lowered, labels: &[bool], last: usize) -> bool {
    let mut k = last + 1;
    let mut head = false;
    while k < toks.len() && k - last <= 3 {
        let t = toks[k];
        if !(t.word && t.cap && !t.all_caps) {
            break;
        }
        let f = low.flags(k);
        if f & (flag::ROLE_HEAD | flag::ROLE_MODIFIER) == 0 {
            break;
        }
        head |= f & flag::ROLE_HEAD != 0 || role_head_tail(low.get(k));
        k += 1;
    }
    head && k < toks.len() && labels[k]
}

/// The words of a span, without full stops and without a quoted nickname (`Marion
/// "Sugar" Kettering` -> "Marion", "Kettering").
fn span_words<'a>(paras: &'a [String], toks: &[Vec<Token>], s: &Span) -> Vec<&'a str> {
    let p = &paras[s.para];
    name_words(p, &toks[s.para][s.first..=s.last])
        .map(|(_, t)| t.text(p))
        .collect()
}

/// Whether two words are equal ignoring case.
fn eq_fold(a: &str, b: &str) -> bool {
    a == b
        || a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

/// Whether the name `short` can be a shorter (or initialled) form of `full`.
///
/// A generational suffix must agree: "Trump Jr" and "Trump" can be forms of "Donald
/// Trump Jr", but "Donald Trump" (his father) and "Trump Sr" cannot.
pub fn compatible(short: &[&str], full: &[&str]) -> bool {
    let (sc, fc) = (super::name_core(short), super::name_core(full));
    match (sc.len() < short.len(), fc.len() < full.len()) {
        (false, false) => compatible_core(short, full),
        (true, true) => {
            eq_fold(short[short.len() - 1], full[full.len() - 1]) && compatible_core(sc, fc)
        }
        (true, false) => false,
        (false, true) => compatible_core(sc, fc),
    }
}

/// [`compatible`] for names without generational suffixes.
fn compatible_core(short: &[&str], full: &[&str]) -> bool {
    let eq = |a: &str, b: &str| eq_fold(a, b);
    if short.is_empty() || short.len() > full.len() {
        return false;
    }
    if short.len() == full.len() {
        // "P. Simmons" and "Phil Simmons".
        return short.len() >= 2
            && short[1..].iter().zip(&full[1..]).all(|(a, b)| eq(a, b))
            && is_initial(short[0]) != is_initial(full[0])
            && short[0].chars().next() == full[0].chars().next();
    }
    let n = short.len();
    let suffix = short
        .iter()
        .zip(&full[full.len() - n..])
        .all(|(a, b)| eq(a, b));
    let prefix = short.iter().zip(full).all(|(a, b)| eq(a, b));
    suffix || prefix || drops_middle_initials(short, full)
}

/// The words of a name between its first and last that are no middle initials.
fn middle_names<'a, 'w>(full: &'a [&'w str]) -> impl Iterator<Item = &'a &'w str> {
    full.get(1..full.len().saturating_sub(1))
        .unwrap_or_default()
        .iter()
        .filter(|w| **w != "." && !is_initial(w))
}

/// Whether `short` is `full` written without its middle initials: "Jo Bloggs" of "Jo
/// A. Bloggs", "George Bush" of "George H.W. Bush" (names without generational suffixes).
fn drops_middle_initials(short: &[&str], full: &[&str]) -> bool {
    let n = short.len();
    if n < 2
        || full.len() <= n
        || !eq_fold(short[0], full[0])
        || !eq_fold(short[n - 1], full[full.len() - 1])
    {
        return false;
    }
    let mut middle = middle_names(full);
    short[1..n - 1]
        .iter()
        .all(|a| middle.next().is_some_and(|b| eq_fold(a, b)))
        && middle.next().is_none()
}

/// Normalises white space: "Nasser\nHussain" -> "Nasser Hussain".
fn squash(s: &str) -> String {
    // Most names are already single-spaced ASCII: then the text is its own answer.
    let b = s.as_bytes();
    let plain = b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.iter()
            .all(|&c| c.is_ascii() && !(b'\t'..=b'\r').contains(&c))
        && !b.windows(2).any(|w| w == b"  ");
    if plain {
        return s.to_string();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The hash of a form of a name, for looking up the people it may refer to: the words
/// lower-cased and joined by spaces ("Phil Simmons" -> "phil simmons"); with `initial`,
/// the first word is cut to its first letter and a `|` ("p| simmons"), the form a name
/// shares with its initialled variant ("P. Simmons").
///
/// Only a hash: groups found under it are checked word by word ([`compatible`]), and
/// every group that passes is one the exact key would have found.
fn key_hash(words: &[&str], initial: bool) -> u64 {
    use std::hash::Hasher;
    let mut h = super::tagger::FxHasher::default();
    let mut rest = words;
    if initial {
        let Some((first, tail)) = words.split_first() else {
            return 0;
        };
        let mut buf = [0u8; 4];
        for c in first
            .chars()
            .next()
            .into_iter()
            .flat_map(char::to_lowercase)
        {
            h.write(c.encode_utf8(&mut buf).as_bytes());
        }
        h.write_u8(b'|');
        rest = tail;
    }
    for w in rest {
        let mut buf = [0u8; 32];
        if w.is_ascii() && w.len() <= buf.len() {
            let b = &mut buf[..w.len()];
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            h.write(b);
        } else {
            let l: String = w.chars().flat_map(char::to_lowercase).collect();
            h.write(l.as_bytes());
        }
        h.write_u8(b' ');
    }
    h.finish()
}

/// Every key under which a person named `full` can be found: the name, its prefixes and
/// suffixes, and its initial key.
fn group_keys(full: &[&str], out: &mut Vec<u64>) {
    let n = full.len();
    out.clear();
    out.push(key_hash(full, false));
    out.push(key_hash(full, true));
    for k in 1..n {
        out.push(key_hash(&full[..k], false));
        out.push(key_hash(&full[n - k..], false));
    }
    // "Ken Griffey Jr" is found under "Griffey" and "K. Griffey" too.
    let core = super::name_core(full);
    let c = core.len();
    // "Jo A. Bloggs" under "Jo Bloggs".
    if c == n && n >= 3 && middle_names(full).count() < n - 2 {
        let mut plain: Vec<&str> = Vec::with_capacity(n);
        plain.push(full[0]);
        plain.extend(middle_names(full));
        plain.push(full[n - 1]);
        out.push(key_hash(&plain, false));
    }
    if c < n {
        out.push(key_hash(core, true));
        for k in 1..c {
            out.push(key_hash(&core[c - k..], false));
        }
    }
}

struct Group<'a> {
    /// Word form of the fullest name seen so far.
    full: &'a [&'a str],
    spans: Vec<usize>,
}

/// Groups spans into people; returns for every span its group index.
fn group_spans<'a>(
    words: &'a [Vec<&'a str>],
    order_key: &[(usize, usize)],
    regal: &[bool],
) -> (Vec<Group<'a>>, Vec<usize>) {
    let mut idx: Vec<usize> = (0..words.len()).collect();
    idx.sort_by_key(|&i| (std::cmp::Reverse(words[i].len()), order_key[i]));
    let mut groups: Vec<Group> = Vec::new();
    // Sorted mention positions of each group, to find its nearest earlier mention.
    let mut positions: Vec<Vec<(usize, usize)>> = Vec::new();
    // Groups by the hash of every form that may refer to them (see `group_keys`): the
    // last group filed under a key, and a chain of earlier ones through `links`.
    let mut by_key: HashMap<u64, usize, FxBuild> =
        HashMap::with_capacity_and_hasher(words.len(), FxBuild::default());
    let mut links: Vec<(usize, usize)> = Vec::new();
    let mut keys: Vec<u64> = Vec::new();
    let mut of = vec![usize::MAX; words.len()];
    let mut cands: Vec<usize> = Vec::new();
    for i in idx {
        let w = &words[i];
        if w.is_empty() {
            continue;
        }
        cands.clear();
        for key in [key_hash(w, false), key_hash(w, true)] {
            let mut at = by_key.get(&key).copied().unwrap_or(usize::MAX);
            while at != usize::MAX {
                cands.push(links[at].0);
                at = links[at].1;
            }
        }
        cands.sort_unstable();
        cands.dedup();
        let mut best: Option<(usize, bool, bool, (usize, usize))> = None;
        // "George Bush" is neither of "George W. Bush" and "George H.W. Bush".
        let without_initials = |g: usize| drops_middle_initials(w, groups[g].full);
        let ambiguous = cands.iter().filter(|&&g| without_initials(g)).count() > 1;
        for &g in &cands {
            let full = groups[g].full;
            if ambiguous && without_initials(g) {
                continue;
            }
            let same = w.len() == full.len() && w.iter().zip(full).all(|(a, b)| eq_fold(a, b));
            // A given name alone under a royal title ("Prince Charles") is no form of a
            // full name never so titled ("Charles Kennedy"); "Prince Alwaleed" is one of
            // "Prince Alwaleed bin Talal", and "King Sihanouk" of "Norodom Sihanouk".
            let royal_given = regal[i]
                && w.len() == 1
                && full.len() > 1
                && eq_fold(w[0], full[0])
                && !groups[g].spans.iter().any(|&s| regal[s]);
            if !(same || (!royal_given && compatible(w, full))) {
                continue;
            }
            // Prefer the person whose nearest mention precedes this one; a form without
            // a generational suffix ("Trump") prefers a person named without one.
            let plain =
                super::name_core(full).len() == full.len() || super::name_core(w).len() < w.len();
            let pos = &positions[g];
            let k = pos.partition_point(|&p| p < order_key[i]);
            let near = if k > 0 { pos[k - 1] } else { (0, 0) };
            best = match best {
                Some(b) if (b.1, b.2, b.3) >= (same, plain, near) => Some(b),
                _ => Some((g, same, plain, near)),
            };
        }
        let g = match best {
            Some((g, _, _, _)) => {
                groups[g].spans.push(i);
                g
            }
            None => {
                groups.push(Group {
                    full: w,
                    spans: vec![i],
                });
                positions.push(Vec::new());
                let g = groups.len() - 1;
                group_keys(w, &mut keys);
                for &key in &keys {
                    let head = by_key.entry(key).or_insert(usize::MAX);
                    if *head == usize::MAX || links[*head].0 != g {
                        links.push((g, *head));
                        *head = links.len() - 1;
                    }
                }
                g
            }
        };
        of[i] = g;
        let pos = &mut positions[g];
        let k = pos.partition_point(|&p| p < order_key[i]);
        pos.insert(k, order_key[i]);
    }
    (groups, of)
}

/// Whether token `i` could be a bare mention of a known name word: capitalised, not
/// glued to another capitalised word, and not an ordinary word that starts a sentence.
fn bare_mention_ok(para: &str, toks: &[Token], low: &Lowered, i: usize, ctx: &DocContext) -> bool {
    if !toks[i].cap || toks[i].all_caps {
        return false;
    }
    let capital_word = |k: usize| {
        let t = &toks[k];
        t.word
            && t.cap
            && low.flags(k) & (flag::HONORIFIC | flag::ROLE_HEAD | flag::ROLE_MODIFIER) == 0
    };
    // A capitalised word before it makes another name ("Green Zyxwq"); a connective
    // opening the sentence does not ("And Edu added").
    if i > 0
        && capital_word(i - 1)
        && !(starts_sentence(para, toks, i - 1) && SENTENCE_OPENERS.contains(&low.get(i - 1)))
    {
        return false;
    }
    if i + 1 < toks.len() && toks[i + 1].word && toks[i + 1].cap {
        return false;
    }
    if ctx.has_lower(low.get(i)) {
        return false;
    }
    low.flags(i) & (flag::HONORIFIC | flag::ROLE_HEAD) == 0
}

/// Whether known name word `i` follows a given name the tagger missed, making a
/// two-word name ("Jonas Varnholt" before a tagged "Varnholt said"): the word before
/// may join a name, is a Census first name or no ordinary word, and neither a
/// capitalised word nor an article comes before it, nor a capitalised word after the
/// name. The known word is no acronym, nor an ordinary word that is no Census surname
/// ("Harriers" of one club's name does not make "Belgrave Harriers" a person).
fn given_name_before(
    para: &str,
    toks: &[Token],
    low: &Lowered,
    i: usize,
    ctx: &DocContext,
    covered: &[bool],
) -> bool {
    if i == 0 || covered[i - 1] || toks[i].all_caps || !may_join(para, toks, low, i - 1, ctx) {
        return false;
    }
    let k = i - 1;
    let capital_word = |j: usize| toks[j].word && toks[j].cap;
    let article = |j: usize| matches!(low.get(j), "the" | "a" | "an");
    let alone =
        (k == 0 || !(capital_word(k - 1) || article(k - 1)) || starts_sentence(para, toks, k))
            && !(i + 1 < toks.len() && capital_word(i + 1));
    // Every piece of a hyphenated given name is capitalised ("Jean-Michel", not
    // "Man-of-the-match"); a function word the Census lists as a name ("My") is none.
    let given = toks[k].text(para);
    let pieces_capitalised = given.split('-').all(is_capitalised);
    let l = low.get(k);
    alone
        && pieces_capitalised
        && !is_function_word(l)
        && !lexicon().organisations.contains(l)
        && (low.flags(k) & flag::FIRST != 0 || !is_ordinary_word(l))
        && (low.flags(i) & flag::SURNAME != 0 || !is_ordinary_word(low.get(i)))
        && !ctx.has_lower(low.get(i))
        && low.flags(i) & (flag::HONORIFIC | flag::ROLE_HEAD) == 0
}

/// Tagger score below which a word in a list of names is still not taken as a name.
const LIST_MIN_SCORE: f32 = -10.0;

/// Team sheets and result lists: in a run of at least four single capitalised words
/// separated by commas, where at least two are already names, the others are names too
/// ("Given, Breen, Staunton, Irwin, ..."). Pushes spans for the new members.
pub fn list_members(
    para: &str,
    toks: &[Token],
    covered: &[bool],
    scores: &[f32],
    ctx: &DocContext,
    p: usize,
    out: &mut Vec<Span>,
) {
    let low = ctx.lowered(p);
    let item = |k: usize| {
        let t = toks[k];
        t.word
            && t.cap
            && !t.all_caps
            && low.flags(k) & (flag::PLACE | flag::NON_PERSON | flag::ORG | flag::HONORIFIC) == 0
    };
    let sep = |k: usize| matches!(toks[k].text(para), "," | "and");
    let mut members = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !item(i) {
            i += 1;
            continue;
        }
        // A run: item (sep item)*, each item one word.
        let start = i;
        members.clear();
        let mut k = i;
        while k < toks.len() && item(k) {
            members.push(k);
            if k + 2 < toks.len() && sep(k + 1) {
                k += 2;
            } else {
                break;
            }
        }
        let named = members.iter().filter(|&&m| covered[m]).count();
        if members.len() >= 4 && named >= 2 {
            for &m in &members {
                let word_like = ctx.has_lower(low.get(m));
                if !covered[m] && !word_like && scores[m] > LIST_MIN_SCORE {
                    out.push(Span {
                        para: p,
                        first: m,
                        last: m,
                    });
                }
            }
        }
        i = members.last().map_or(start + 1, |&m| m + 1);
    }
}

/// A role written just before a name: "Ukrainian President", "Chinese Foreign Ministry
/// spokeswoman". The word before the name must be a role head; the role extends left
/// over capitalised words and role modifiers.
pub fn role_before(
    para: &str,
    toks: &[Token],
    first: usize,
    labels: Option<&[bool]>,
) -> Option<String> {
    if first == 0 {
        return None;
    }
    let mut head = first - 1;
    // "champion Briton Jo Bloggs": the role stands before the nationality noun.
    if head > 0
        && toks[head].cap
        && !toks[head].all_caps
        && with_lower(toks[head].text(para), |l| {
            lexicon().nationality_nouns.contains(l)
        })
    {
        head -= 1;
    }
    let t = toks[head];
    if !t.word || !is_role_head(t.text(para)) {
        return None;
    }
    let lex = lexicon();
    let mut start = head;
    while start > 0 && head - start < 5 {
        let t = toks[start - 1];
        if !t.word || labels.is_some_and(|l| l[start - 1]) {
            break;
        }
        let w = t.text(para);
        // "of" inside a name before the role's head ("Bank of England governor"), not
        // right before it ("the Freedom Front of General Viljoen").
        if w == "of" && start < head && of_in_name(para, toks, start - 1) {
            start -= 1;
            continue;
        }
        let l = lower(w);
        if ARTICLES_AND_POSSESSIVES.contains(&l.as_str())
            || lex.honorifics.contains(l.as_str())
            || (lex.role_stops.contains(l.as_str()) && !stop_in_title(para, toks, start - 1))
        {
            break;
        }
        let ok = lex.role_modifiers.contains(l.as_str())
            || lex.later_role_modifiers.contains(l.as_str())
            || is_role_head(w)
            || (is_capitalised(w) && !is_all_caps(w))
            // "ex-Downing Street media chief".
            || w.strip_prefix("ex-").is_some_and(|w| is_capitalised(w) && !is_all_caps(w));
        if !ok {
            break;
        }
        start -= 1;
        if starts_sentence(para, toks, start) {
            break;
        }
    }
    if start < head {
        start = title_start_before(para, toks, start).unwrap_or(start);
    }
    Some(squash(&para[toks[start].start..t.end]))
}

/// Where a role really starts when the words kept so far end a title written with a
/// preposition and "the" before them ("Passion of the Christ director", "Friends of
/// the Earth director", "Ministry of the Interior spokesman"): up to three capitalised
/// words before the preposition, inside a sentence. `start` is the role's first word
/// so far, capitalised. Without this the role is the title's last word and the head
/// ("Christ director").
fn title_start_before(para: &str, toks: &[Token], start: usize) -> Option<usize> {
    let first = toks[start];
    if !first.cap || first.all_caps || start < 3 || toks[start - 1].text(para) != "the" {
        return None;
    }
    let prep = start - 2;
    if !matches!(
        toks[prep].text(para),
        "of" | "in" | "on" | "at" | "for" | "from" | "with" | "under" | "over"
    ) {
        return None;
    }
    let mut k = prep;
    while k > 0 && prep - k < 3 {
        let t = toks[k - 1];
        if !t.word || !t.cap || t.all_caps || starts_sentence(para, toks, k - 1) {
            break;
        }
        let w = t.text(para);
        if ARTICLES_AND_POSSESSIVES
            .iter()
            .any(|a| w.eq_ignore_ascii_case(a))
        {
            break;
        }
        k -= 1;
    }
    (k < prep).then_some(k)
}

/// Whether token `k`, "of", joins the name of an institution inside a role ("Bank of
/// England governor", "Ministry of Defence spokesman"): a capitalised word follows it and
/// a capitalised institution word (`org_words`: bank, ministry, court) comes before it.
fn of_in_name(para: &str, toks: &[Token], k: usize) -> bool {
    if k == 0 || k + 1 >= toks.len() {
        return false;
    }
    let (before, after) = (toks[k - 1], toks[k + 1]);
    let (b, a) = (before.text(para), after.text(para));
    before.word
        && after.word
        && is_capitalised(a)
        && is_capitalised(b)
        && !is_all_caps(b)
        && with_lower(b, |l| lexicon().org_words.contains(l))
}

/// Whether token `k`, a word of `role_stops`, is inside a title: capitalised, inside a
/// sentence, right after a capitalised word that is no stop ("Treasury Under Secretary",
/// "Sheffield Wednesday manager"; not "But Home Secretary", "on Tuesday Foreign Secretary").
fn stop_in_title(para: &str, toks: &[Token], k: usize) -> bool {
    if k == 0 || !is_capitalised(toks[k].text(para)) || starts_sentence(para, toks, k) {
        return false;
    }
    let p = toks[k - 1];
    let w = p.text(para);
    p.word
        && is_capitalised(w)
        && !is_all_caps(w)
        && !with_lower(w, |l| lexicon().role_stops.contains(l))
}

/// A role in brackets just after a name: "Li Peng (Prime Minister)".
pub fn role_after(para: &str, toks: &[Token], last: usize) -> Option<String> {
    if toks.get(last + 1)?.text(para) != "(" {
        return None;
    }
    let mut k = last + 2;
    while k < toks.len() && k <= last + 7 && toks[k].word {
        k += 1;
    }
    if k == last + 2 || toks.get(k)?.text(para) != ")" || !is_role_head(toks[k - 1].text(para)) {
        return None;
    }
    Some(squash(&para[toks[last + 2].start..toks[k - 1].end]))
}

/// Words that join a role's head to what it is a role of: "chief economist *at* X",
/// "business adviser *from* Swansea".
const ROLE_LINKS: &[&str] = &["of", "at", "for", "to", "in", "with", "on", "from"];
/// Most words before a role's head ("Margaret Thatcher's former press secretary").
const MAX_APPOSITION_HEAD: usize = 6;
/// Most words after the link ("vice president of search properties at X in the US").
const MAX_APPOSITION_TAIL: usize = 9;

/// A role written between commas after a name, or after it at the end of a sentence:
/// "X, the foreign minister, said", "said X, chief economist at Y.", "X, 44, Labour MP
/// for Leeds,". The phrase (without a leading "the", "a" or "an") must end in a role
/// word or go on from one with "of", "at", "for" ... to the closing comma or full stop;
/// a clause ("X, who ...", "X, the minister said") or a list ("X, Y and Z") is none.
pub fn role_apposition(para: &str, toks: &[Token], last: usize) -> Option<String> {
    let word_is = |k: usize, w: &str| toks.get(k).is_some_and(|t| t.text(para) == w);
    if !word_is(last + 1, ",") {
        return None;
    }
    let mut k = last + 2;
    // An age first: "X, 44, a teacher".
    if toks
        .get(k)
        .is_some_and(|t| t.word && t.text(para).bytes().all(|b| b.is_ascii_digit()))
        && word_is(k + 1, ",")
    {
        k += 2;
    }
    let det = toks
        .get(k)
        .is_some_and(|t| matches!(t.text(para), "the" | "a" | "an"));
    if det {
        k += 1;
    }
    let lex = lexicon();
    let start = k;
    // Words before the first link, the link's index, words after it.
    let (mut head, mut link, mut tail) = (0usize, None::<usize>, 0usize);
    // Where the phrase ends if going on past an abbreviation's full stop ("analyst at
    // A.G. Edwards", "head of the second-largest U.S. diocese") finds no role.
    let mut fallback = None;
    let end = 'scan: {
        macro_rules! fail {
            () => {
                match fallback {
                    Some(f) => {
                        (head, link, tail) = (f.1, f.2, f.3);
                        break 'scan f.0;
                    }
                    None => return None,
                }
            };
        }
        while k < toks.len() {
            let t = toks[k];
            let w = t.text(para);
            if !t.word {
                let before = (k > start && toks[k - 1].end == t.start).then(|| toks[k - 1]);
                match w {
                    // The full stop of an initial or a title inside a name ("Arthur D.
                    // Little", "St. Louis"): the tokenizer's own test.
                    "." if before.is_some_and(|b| is_abbreviation(b.text(para))) => {}
                    // ... or of an abbreviation, which may also end the sentence.
                    "." if before.is_some_and(|b| is_abbreviation_at(para, &b)) => {
                        // A new sentence starts with a function word ("U.S. The ...").
                        let next_ends = toks.get(k + 1).is_none_or(|n| {
                            n.word
                                && with_lower(n.text(para), |l| {
                                    lex.apposition_stops.contains(l)
                                        || ROLE_LINKS.contains(&l)
                                        || matches!(l, "the" | "a" | "an")
                                })
                        });
                        if next_ends {
                            break 'scan k;
                        }
                        if fallback.is_none() {
                            fallback = Some((k, head, link, tail));
                        }
                    }
                    "," | "." | ";" => break 'scan k,
                    // A possessive ("BA's chief executive").
                    "'" | "’" if word_is(k + 1, "s") => k += 1,
                    // A plural possessive ("the teachers' union").
                    "'" | "’" if before.is_some_and(|b| b.word && b.text(para).ends_with('s')) => {
                    }
                    // An ampersand in a name ("AG Edwards & Sons").
                    "&" => {}
                    _ => fail!(),
                }
                k += 1;
                continue;
            }
            // A complete role then "in a statement", "in an interview": the rest of the
            // sentence, not the role.
            if w == "in"
                && link.is_some()
                && tail > 0
                && (word_is(k + 1, "a") || word_is(k + 1, "an"))
            {
                break 'scan k;
            }
            let (stop, is_link) = with_lower(w, |l| {
                (lex.apposition_stops.contains(l), ROLE_LINKS.contains(&l))
            });
            // Two roles in one: "chairman and chief executive of Y".
            let joins_roles = w == "and"
                && link.is_none()
                && k > start
                && toks[k - 1].word
                && is_apposition_head(toks[k - 1].text(para));
            if stop && !joins_roles {
                fail!();
            }
            if is_link && link.is_none() {
                if head == 0 {
                    fail!();
                }
                link = Some(k);
            } else if link.is_some() {
                tail += 1;
            } else {
                head += 1;
            }
            if head > MAX_APPOSITION_HEAD || tail > MAX_APPOSITION_TAIL {
                fail!();
            }
            k += 1;
        }
        toks.len()
    };
    if head == 0 || (link.is_some() && tail == 0) {
        return None;
    }
    // The role's head is the last word before the link (or of the phrase).
    let h = toks[..link.unwrap_or(end)].iter().rposition(|t| t.word)?;
    if h < start || !is_apposition_head(toks[h].text(para)) {
        return None;
    }
    // A lone capitalised role word is more often a name in a list ("X, Queen, Y").
    let t = toks[h];
    if head == 1 && link.is_none() && !det && t.cap && !t.all_caps {
        return None;
    }
    // An abbreviation keeps its full stop ("ambassador to the U.S.").
    let stop_at = match toks.get(end) {
        Some(t) if t.text(para) == "." && is_abbreviation_at(para, &toks[end - 1]) => t.end,
        _ => toks[end - 1].end,
    };
    Some(squash(&para[toks[start].start..stop_at]))
}

/// Whether a token is an abbreviation with inner full stops ("U.S", "A.G").
fn is_abbreviation_at(para: &str, t: &Token) -> bool {
    t.all_caps && t.text(para).contains('.')
}

/// Whether two roles are the same but for case ("Foreign Minister", "foreign minister").
pub fn same_role(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || (!(a.is_ascii() && b.is_ascii()) && a.to_lowercase() == b.to_lowercase())
}

/// Whether a word can end a role written after a name: a role head ("minister") or a
/// further job noun ("commissioner", "MP").
fn is_apposition_head(w: &str) -> bool {
    with_lower(w, is_job_word_lower)
}

/// [`is_apposition_head`] of a word already lower-cased.
fn is_job_word_lower(l: &str) -> bool {
    is_role_head_lower(l) || lexicon().apposition_heads.contains(l)
}

/// An age written after a name: "X, 44," or "X (44)".
pub fn age_after(para: &str, toks: &[Token], last: usize) -> Option<u32> {
    let open = toks.get(last + 1)?.text(para);
    let num = toks.get(last + 2)?;
    let close = toks.get(last + 3).map_or("", |t| t.text(para));
    let ok = match open {
        "," => matches!(close, "," | "." | ")" | ";" | ""),
        "(" => close == ")",
        _ => false,
    };
    let n: u32 = num.text(para).parse().ok()?;
    (ok && num.word && (1..=120).contains(&n)).then_some(n)
}

/// Tagger score a one-word name in the Census lists needs to stand alone as a person.
const LISTED_MIN_SCORE: f32 = 4.0;
/// Tagger score any other one-word name needs ("Sony" said... is usually a company).
const UNLISTED_MIN_SCORE: f32 = 8.0;

/// Mentions the tagger must mark for a one-word name to stand regardless of score.
const MIN_TAGGED: usize = 2;

/// Whether a many-word name is the whole name of a listed organisation ("Hewlett
/// Packard", "Lib Dem") or place ("Puerto Rico", "Milton Keynes"), compared in lower
/// case with single spaces.
fn is_listed_non_person(full: &[&str]) -> bool {
    let lex = lexicon();
    if !with_lower(full[0], |head| lex.many_word_heads.contains(head)) {
        return false;
    }
    // Lower-cased and joined in one buffer ("Ann Arbor" -> "ann arbor").
    let mut name = String::with_capacity(full.iter().map(|w| w.len() + 1).sum());
    for (i, w) in full.iter().enumerate() {
        if i > 0 {
            name.push(' ');
        }
        push_lower(w, &mut name);
    }
    lex.organisations.contains(name.as_str()) || lex.places.contains(name.as_str())
}

/// Whether a many-word name is a product or a company's unit rather than a person: it
/// starts with a listed organisation that is no Census first name and ends in no Census
/// surname ("Apple Mac", "Nintendo GameBoy"; not "Chelsea Clinton" or "Apple Martin"),
/// or a word holds a digit ("Nokia 6600").
fn is_product(full: &[&str]) -> bool {
    let lex = lexicon();
    full.iter().any(|w| w.bytes().any(|b| b.is_ascii_digit()))
        || (with_lower(full[0], |l| {
            lex.organisations.contains(l) && !lex.first_names.contains(l)
        }) && full
            .last()
            .is_some_and(|w| with_lower(w, |l| !lex.surnames.contains_key(l))))
}

/// Whether one word is shaped like no name: it holds a digit ("IPv6", "3G"), or it is the
/// plural of an acronym ("DVDs", "ISPs": two capitals or more and a lower-case `s`).
fn is_code_or_plural_acronym(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_digit())
        || w.strip_suffix('s')
            .is_some_and(|stem| stem.len() >= 2 && stem.bytes().all(|b| b.is_ascii_uppercase()))
}

/// Whether every word of a many-word name is an ordinary English word and none is a
/// name (no initial first, no Census first name): `None` when not, else whether the last
/// word is a Census surname. `Some(false)`: "Snow Patrol"; `Some(true)`: "Green Day",
/// "Vanity Fair"; `None`: "P. Such", "Gram Parsons".
fn ordinary_words(full: &[&str]) -> Option<bool> {
    let lex = lexicon();
    // The hash look-ups first: most names hold a first name.
    let ordinary = full
        .iter()
        .all(|w| with_lower(w, |l| !lex.first_names.contains(l)))
        && !full.first().is_some_and(|w| is_initial(w))
        && full.iter().all(|w| with_lower(w, is_english_word));
    ordinary.then(|| {
        full.last()
            .is_some_and(|w| with_lower(w, |l| lex.surnames.contains_key(l)))
    })
}

/// Whether a mention is the speaker of an inverted attribution: right after "said" or
/// "says" and before a comma or a full stop ("…," said Jo Bloggs, president of …).
fn speaker_after_said(para: &str, ts: &[Token], s: Span) -> bool {
    s.first > 0
        && matches!(ts[s.first - 1].text(para), "said" | "says")
        && ts
            .get(s.last + 1)
            .is_none_or(|t| matches!(t.text(para), "," | "."))
}

/// Whether the mention at token `first` follows "spokesman", "spokeswoman",
/// "spokesperson" or "spokespeople" and "for", "from", "at" or "of".
fn spokesperson_for(para: &str, ts: &[Token], first: usize) -> bool {
    first >= 2
        && matches!(ts[first - 1].text(para), "for" | "from" | "at" | "of")
        && with_lower(ts[first - 2].text(para), |w| {
            matches!(
                w,
                "spokesman"
                    | "spokeswoman"
                    | "spokesperson"
                    | "spokespeople"
                    | "spokesmen"
                    | "spokeswomen"
            )
        })
}

/// Whether a mention stands in a list between commas next to a tagged name of two
/// words ("Mike Hulbert, Jo Bloggs, Steve Jurgenson").
fn listed_between_names(para: &str, ts: &[Token], scores: &[f32], s: Span) -> bool {
    let comma = |k: usize| ts.get(k).is_some_and(|t| t.text(para) == ",");
    let named = |a: usize, b: usize| {
        b < ts.len() && (a..=b).all(|k| ts[k].word && ts[k].cap && scores[k] > 0.0)
    };
    (comma(s.last + 1) && named(s.last + 2, s.last + 3))
        || (s.first >= 3 && comma(s.first - 1) && named(s.first - 3, s.first - 2))
}

/// The index of the word before a mention, looking through the full stop of an
/// abbreviated title ("Dr. Smith", "Gen. Smith"); a full stop after any other word
/// ends a sentence, and the word before it is not before the mention ("an exciting
/// film-maker. Goldeneye was").
fn index_before(para: &str, ts: &[Token], first: usize) -> Option<usize> {
    let mut h = first;
    if h > 0 && ts[h - 1].text(para) == "." {
        h -= 1;
        let abbreviated = h > 0 && ts[h - 1].word && ts[h - 1].cap && {
            let w = ts[h - 1].text(para);
            w.len() <= 5 && (is_honorific(w) || is_role_head(w))
        };
        if !abbreviated {
            return None;
        }
    }
    (h > 0 && ts[h - 1].word).then(|| h - 1)
}

/// The word before a mention, as [`index_before`].
fn word_before<'p>(para: &'p str, ts: &[Token], first: usize) -> Option<&'p str> {
    index_before(para, ts, first).map(|h| ts[h].text(para))
}

/// Titles a monarch, a royal or a pope is named by with the given name alone ("Prince
/// Charles", "King Abdullah", "Pope John Paul"): such a name is not another person's
/// given name. A former one too ("ex-King Michael").
fn is_regal_title(w: &str) -> bool {
    let w = w
        .strip_prefix("ex-")
        .or_else(|| w.strip_prefix("Ex-"))
        .unwrap_or(w);
    matches!(
        w,
        "Prince" | "Princess" | "King" | "Queen" | "Pope" | "Emperor" | "Empress" | "Sultan"
    )
}

/// Whether the word before a mention is a courtesy title ("Mr"), and whether it is a
/// role head that does not start a title ("President X"; not "films such as Star Wars").
fn title_before(para: &str, ts: &[Token], first: usize) -> (bool, bool) {
    word_before(para, ts, first).map_or((false, false), |w| {
        (
            is_honorific(w),
            is_role_head(w) && !title_word_before(para, ts, first),
        )
    })
}

/// Whether the span ending at token `last` runs straight on, after one space, into an
/// untagged capitalised word that is an ordinary word, a place, a nation, a calendar
/// word or an organisation word ("Little Britain", "Reynolds Tobacco", "Black
/// September"; not "Naoki Iizuka", "Smith MP", "Smith, Jones" or "Smith. The").
fn runs_into_capital(
    para: &str,
    ts: &[Token],
    low: &Lowered,
    labels: &[bool],
    last: usize,
) -> bool {
    let k = last + 1;
    let Some(next) = ts.get(k) else {
        return false;
    };
    next.word
        && next.cap
        && !next.all_caps
        && !labels[k]
        && para.get(ts[last].end..next.start) == Some(" ")
        && (low.flags(k) & (flag::ORG | flag::NON_PERSON) != 0 || is_ordinary_word(low.get(k)))
}

/// Whether the word just before token `first` is a descriptive role noun written
/// capitalised inside a sentence ("films such as Star Wars"): the start of a title,
/// where the same noun in lower case ("film star Redford") is a role.
fn title_word_before(para: &str, ts: &[Token], first: usize) -> bool {
    let Some(k) = first.checked_sub(1) else {
        return false;
    };
    let t = ts[k];
    t.word
        && t.cap
        && !starts_sentence(para, ts, k)
        && with_lower(t.text(para), |l| lexicon().descriptive_heads.contains(l))
}

/// Whether the word touching token `first` on its left is a lower-case word of `nouns`.
fn lower_noun_before(
    para: &str,
    ts: &[Token],
    first: usize,
    nouns: &HashSet<&'static str, FxBuild>,
) -> bool {
    let Some(k) = first.checked_sub(1) else {
        return false;
    };
    let t = ts[k];
    t.word && !t.cap && nouns.contains(t.text(para))
}

/// Whether the word touching token `first` on its left is a lower-case noun for a made
/// work or an organisation that is no one's job ("film", "firm"): what follows is its
/// name.
fn work_noun_before(para: &str, ts: &[Token], first: usize) -> bool {
    lower_noun_before(para, ts, first, &lexicon().work_nouns)
}

/// Whether the word touching token `first` on its left is a lower-case noun for a group
/// of performers or an organisation ("band", "group").
fn group_noun_before(para: &str, ts: &[Token], first: usize) -> bool {
    lower_noun_before(para, ts, first, &lexicon().group_nouns)
}

/// Whether `word` opens, somewhere in the text, a capitalised phrase of up to three more
/// words that ends in a word for an organisation ("Norvik Securities", "Tarn Finance
/// Group", "The Green Party"), or a listed organisation's name ("Real Madrid"): the word
/// alone is then that organisation's short name. Not inside a longer phrase ("Ines
/// Marwick Vossberg School").
fn opens_organisation_name(paras: &[String], toks: &[Vec<Token>], word: &str) -> bool {
    let lex = lexicon();
    let head = with_lower(word, |l| lex.many_word_heads.contains(l));
    let mut name = String::new();
    let mut listed = |p: &str, ts: &[Token], i: usize, k: usize| {
        head && {
            name.clear();
            for t in &ts[i..=k] {
                if !name.is_empty() {
                    name.push(' ');
                }
                name.extend(t.text(p).chars().flat_map(char::to_lowercase));
            }
            lex.organisations.contains(name.as_str())
        }
    };
    let glued = |p: &str, a: Token, b: Token| p[a.end..b.start].bytes().all(|c| c == b' ');
    let org_word = |w: &str| {
        with_lower(w, |l| {
            lex.org_words.contains(l) || lex.company_words.contains(l)
        })
    };
    let name_word = |p: &str, t: Token| {
        t.word && t.cap && !with_lower(t.text(p), |l| lex.not_in_names.contains(l))
    };
    // The word is found with `memmem` and only its tokens are looked at.
    let finder = memchr::memmem::Finder::new(word.as_bytes());
    paras.iter().zip(toks).any(|(p, ts)| {
        finder.find_iter(p.as_bytes()).any(|at| {
            let Ok(i) = ts.binary_search_by_key(&at, |t| t.start) else {
                return false;
            };
            ts[i].word
                && ts[i].text(p) == word
                && !(i > 0 && name_word(p, ts[i - 1]) && glued(p, ts[i - 1], ts[i]))
                && (i + 1..ts.len().min(i + 4))
                    .take_while(|&k| ts[k].word && ts[k].cap && glued(p, ts[k - 1], ts[k]))
                    .any(|k| org_word(ts[k].text(p)) || listed(p, ts, i, k))
        })
    })
}

/// Whether a one-word name has enough support to be a person: a Census first name or
/// surname, a courtesy title or role before it, a confident tagger score, several
/// tagged mentions, or a mention coordinated with a full-named person ("Blair and
/// Yeltsin"); an acronym ("FBI") never. An organisation, listed ("Sony said", "rival
/// Sony") or so described once ("banking giant Citigroup"), is a person only after a
/// courtesy title ("Mr Toyota"); an ordinary English word that no Census list holds
/// ("Opera", "Mind") needs a courtesy title or a title inside a sentence. Many-word
/// names pass unless they are the whole name of a listed organisation ("Hewlett
/// Packard") or place ("Puerto Rico"), or ordinary words with no name among them
/// ("Snow Patrol") and no title or role before them.
fn well_attested(
    paras: &[String],
    toks: &[Vec<Token>],
    scores: &[Vec<f32>],
    spans: &[Span],
    g: &Group,
    partner: &dyn Fn(usize) -> bool,
    run_on: &[bool],
) -> bool {
    let lex = lexicon();
    // A courtesy title or a role before the mention.
    let titled = |si: usize| {
        let s = spans[si];
        let (honorific, role) = title_before(&paras[s.para], &toks[s.para], s.first);
        honorific || role
    };
    if g.full.len() > 1 {
        // A generational suffix marks a person ("Trump Jr"); the lists test the rest.
        let full = super::name_core(g.full);
        if full.len() == 1 {
            return true;
        }
        if is_listed_non_person(full) || is_product(full) {
            return false;
        }
        // Always written right after a lower-case noun for a made work or a firm ("the
        // film Harbour Lights", "accountancy firm Marwick Kettering"): the name of that.
        if g.spans.iter().all(|&si| {
            let s = spans[si];
            work_noun_before(&paras[s.para], &toks[s.para], s.first)
        }) {
            return false;
        }
        return match ordinary_words(full) {
            // Words alone, without a name among them ("Snow Patrol", "Desperate
            // Housewives", "Standard Chartered"): a person only after a title or a role.
            Some(false) => g.spans.iter().any(|&si| titled(si)),
            // Ordinary words ending in a surname that is an ordinary word too ("Clear
            // Channel", "Silver Bear"): a person after a title or a role, described by a
            // role or an age after the name, listed with other people, or also called by
            // the surname alone.
            Some(true) => g.spans.iter().any(|&si| {
                let s = spans[si];
                let (para, ts) = (&paras[s.para], &toks[s.para]);
                titled(si)
                    || s.first == s.last
                    || partner(si)
                    || listed_between_names(para, ts, &scores[s.para], s)
                    || speaker_after_said(para, ts, s)
                    || role_apposition(para, ts, s.last).is_some()
                    || age_after(para, ts, s.last).is_some()
            }),
            None => true,
        };
    }
    if is_code_or_plural_acronym(g.full[0]) {
        return false;
    }
    // A goal scorer in a match summary ([`label_scorers`]) is a player.
    if g.spans.iter().any(|&si| {
        let s = spans[si];
        scorer_at(&paras[s.para], &toks[s.para], s.last)
    }) {
        return true;
    }
    let l = lower(g.full[0]);
    let l = l.as_str();
    let listed = lex.first_names.contains(l) || lex.surnames.contains_key(l);
    // Always run into a further capitalised word the tagger left out, an ordinary word
    // or a place ("Little Britain", "Reynolds Tobacco"), a word that is no given name
    // starts a longer name: no person without a title or a role before it. A given
    // name there is a person whose surname was missed ("Jason Scotland").
    if g.spans.iter().all(|&si| run_on[si])
        && !lex.first_names.contains(l)
        && !lex.east_asian_family_names.contains(l)
        && !lex.more_family_names_first.contains(l)
        && !g.spans.iter().any(|&si| titled(si))
    {
        return false;
    }
    // A word no Census list holds, always written after a capitalised common noun
    // ("Star Wars", "Wife Swap"), ends a title ("Chief Executive Smith" stands).
    if !listed
        && g.spans.iter().all(|&si| {
            let s = spans[si];
            title_word_before(&paras[s.para], &toks[s.para], s.first)
        })
    {
        return false;
    }
    let before = |si: usize| {
        let s = spans[si];
        word_before(&paras[s.para], &toks[s.para], s.first)
    };
    // "the Bill", always so written, is a law (as in "the Police Bill"), not a man.
    if g.full[0] == "Bill"
        && g.spans
            .iter()
            .all(|&si| before(si).is_some_and(|w| w.eq_ignore_ascii_case("the")))
    {
        return false;
    }
    // The descriptor must touch the name: "the club. Edu said" is no description.
    let described = |si: usize| {
        let s = spans[si];
        let (para, ts) = (&paras[s.para], &toks[s.para]);
        s.first > 0
            && ts[s.first - 1].word
            && with_lower(ts[s.first - 1].text(para), |w| {
                lex.org_descriptors.contains(w)
            })
    };
    // A word for a job or a law that is no Census name ("Inspector", "this Act") is
    // treated like an organisation: a person only after a courtesy title.
    let common_noun = !listed && (is_job_word_lower(l) || lex.company_words.contains(l));
    // "a spokesperson from Icstis": whom a spokesperson speaks for, named by a word
    // no Census list holds, is an organisation ("a spokesman for Blair" may be a man).
    let spoken_for = |si: usize| {
        let s = spans[si];
        !listed && spokesperson_for(&paras[s.para], &toks[s.para], s.first)
    };
    let organisation = common_noun
        || lex.organisations.contains(l)
        || g.spans.iter().copied().any(described)
        || g.spans.iter().copied().any(spoken_for)
        || opens_organisation_name(paras, toks, g.full[0]);
    // Any other ordinary English word no Census list holds ("Opera", "Mind", "Politics"
    // in a list of tags) needs a courtesy title, or a title inside a sentence with no
    // article before it ("Monaco's Prince Rainier", not "the General Welfare" or
    // "Major Topics" opening a line).
    let english = !listed && !organisation && is_english_word(l);
    let title_inside_sentence = |si: usize| {
        let s = spans[si];
        let (para, ts) = (&paras[s.para], &toks[s.para]);
        index_before(para, ts, s.first).is_some_and(|r| {
            let article_before = r > 0
                && with_lower(ts[r - 1].text(para), |w| {
                    ARTICLES_AND_POSSESSIVES.contains(&w)
                });
            !starts_sentence(para, ts, r) && !article_before
        })
    };
    // A calendar, nation, party or award word after a descriptive role noun ("the best
    // actress Oscar") is no person; after a title it may be ("Lord Justice May").
    let non_person = lex.non_person.contains(l);
    if !organisation && !english && g.spans.iter().any(|&si| partner(si)) {
        return true;
    }
    if g.full[0].chars().count() > 1 && is_all_caps(g.full[0]) {
        return false;
    }
    let mut best = f32::MIN;
    let mut tagged = 0;
    for &si in &g.spans {
        let s = spans[si];
        let (honorific, role) = title_before(&paras[s.para], &toks[s.para], s.first);
        let described_award = non_person
            && before(si).is_some_and(|w| with_lower(w, |w| lex.descriptive_heads.contains(w)));
        if honorific
            || (role
                && !organisation
                && !described_award
                && (!english || title_inside_sentence(si)))
        {
            return true;
        }
        let x = scores[s.para][s.first..=s.last]
            .iter()
            .fold(f32::MIN, |a, &b| a.max(b));
        best = best.max(x);
        if x > 0.0 {
            tagged += 1;
        }
    }
    if organisation || english || lex.non_person.contains(l) || lex.org_words.contains(l) {
        return false;
    }
    tagged >= MIN_TAGGED
        || best
            > if listed {
                LISTED_MIN_SCORE
            } else {
                UNLISTED_MIN_SCORE
            }
}

/// Groups tagged words into people. See the module docs.
pub fn resolve(
    paras: &[String],
    toks: &[Vec<Token>],
    scores: &[Vec<f32>],
    ctx: &DocContext,
    exclude: &[&str],
) -> People {
    let lex = lexicon();
    let mut spans = Vec::new();
    let mut labels: Vec<Vec<bool>> = scores
        .iter()
        .map(|ps| ps.iter().map(|&x| x > 0.0).collect())
        .collect();
    for (p, (para, ts)) in paras.iter().zip(toks).enumerate() {
        // Goal scorers in a match summary: the tagger knows no such lists.
        if memchr::memchr2(b'(', b')', para.as_bytes()).is_some() {
            label_scorers(para, ts, &mut labels[p]);
        }
        // Both only act on tagged words.
        if !labels[p].contains(&true) {
            continue;
        }
        let low = ctx.lowered(p);
        repair_labels(para, ts, low, &mut labels[p], ctx);
        spans_in(para, ts, low, &labels[p], p, &mut spans);
    }
    let labels = &labels;
    let key = |s: &Span| (s.para, s.first);

    // Bare mentions the tagger missed: a surname (or a family name written first, or a
    // one-word name) standing alone elsewhere in the text.
    let mut known: HashSet<&str, FxBuild> = HashSet::default();
    for s in &spans {
        let w = span_words(paras, toks, s);
        let w = super::name_core(&w);
        let n = w.len();
        known.insert(w[n - 1]);
        if n == 2 && with_lower(w[0], |l| lex.east_asian_family_names.contains(l)) {
            known.insert(w[0]);
        }
    }
    let mut covered: Vec<Vec<bool>> = toks.iter().map(|t| vec![false; t.len()]).collect();
    for s in &spans {
        for c in &mut covered[s.para][s.first..=s.last] {
            *c = true;
        }
    }
    let mut extra = Vec::new();
    for (p, (para, ts)) in paras.iter().zip(toks).enumerate() {
        if known.is_empty() {
            break;
        }
        let low = ctx.lowered(p);
        for (i, t) in ts.iter().enumerate() {
            if covered[p][i] || !t.word {
                continue;
            }
            let w = t.text(para);
            if !t.cap || !known.contains(w) || is_initial(w) {
                continue;
            }
            if bare_mention_ok(para, ts, low, i, ctx) {
                extra.push(Span {
                    para: p,
                    first: i,
                    last: i,
                });
            } else if given_name_before(para, ts, low, i, ctx, &covered[p]) {
                extra.push(Span {
                    para: p,
                    first: i - 1,
                    last: i,
                });
            }
        }
    }
    spans.extend(extra);
    spans.sort_by_key(key);
    let mut listed_keys: HashSet<(usize, usize), FxBuild> = HashSet::default();
    let mut in_lists = Vec::new();
    // A list needs names in it already, so only paragraphs with spans are read; the
    // spans are sorted by paragraph.
    let mut covered = Vec::new();
    let mut next = 0;
    while next < spans.len() {
        let p = spans[next].para;
        let ts = &toks[p];
        covered.clear();
        covered.resize(ts.len(), false);
        while next < spans.len() && spans[next].para == p {
            let s = spans[next];
            for c in &mut covered[s.first..=s.last] {
                *c = true;
            }
            next += 1;
        }
        list_members(&paras[p], ts, &covered, &scores[p], ctx, p, &mut in_lists);
    }
    for s in &in_lists {
        listed_keys.insert(key(s));
    }
    spans.extend(in_lists);
    spans.sort_by_key(key);
    let words: Vec<Vec<&str>> = spans.iter().map(|s| span_words(paras, toks, s)).collect();
    let keys: Vec<(usize, usize)> = spans.iter().map(key).collect();
    // "Prince Charles" is not the "Charles" of "Charles Kennedy".
    let regal: Vec<bool> = spans
        .iter()
        .map(|s| word_before(&paras[s.para], &toks[s.para], s.first).is_some_and(is_regal_title))
        .collect();
    let (groups, of) = group_spans(&words, &keys, &regal);

    // Bylines and contributors are left out.
    let excluded: Vec<Vec<String>> = exclude
        .iter()
        .map(|n| {
            let mut t = Vec::new();
            tokenize(n, &mut t);
            t.iter()
                .filter(|t| t.word)
                .map(|t| t.text(n).to_lowercase())
                .collect()
        })
        .filter(|w: &Vec<String>| !w.is_empty())
        .collect();
    let is_excluded = |g: &Group| {
        let full: Vec<String> = g.full.iter().map(|w| w.to_lowercase()).collect();
        excluded.iter().any(|e| {
            let f: Vec<&str> = full.iter().map(String::as_str).collect();
            let e: Vec<&str> = e.iter().map(String::as_str).collect();
            f == e || compatible(&f, &e)
        })
    };

    // "Blair and Yeltsin": spans joined by "and", "or" or "&" to a span of a person named
    // in full.
    let mut at_first: HashMap<(usize, usize), usize, FxBuild> = HashMap::default();
    let mut at_last: HashMap<(usize, usize), usize, FxBuild> = HashMap::default();
    for (i, s) in spans.iter().enumerate() {
        at_first.insert((s.para, s.first), i);
        at_last.insert((s.para, s.last), i);
    }
    let full_named = |other: Option<&usize>| other.is_some_and(|&o| groups[of[o]].full.len() > 1);
    let partner = |si: usize| {
        let s = spans[si];
        if listed_keys.contains(&key(&s)) {
            return true;
        }
        let ts = &toks[s.para];
        let joins = |k: usize| {
            ts.get(k)
                .is_some_and(|t| matches!(t.text(&paras[s.para]), "and" | "or" | "&"))
        };
        (joins(s.last + 1) && full_named(at_first.get(&(s.para, s.last + 2))))
            || (s.first >= 2
                && joins(s.first - 1)
                && full_named(at_last.get(&(s.para, s.first - 2))))
    };

    let run_on: Vec<bool> = spans
        .iter()
        .map(|s| {
            let (para, ts) = (&paras[s.para], &toks[s.para]);
            runs_into_capital(para, ts, ctx.lowered(s.para), &labels[s.para], s.last)
        })
        .collect();

    // One-word names the text defines as abbreviations ("Alva", "CSOs") are none.
    let abbreviations = if groups.iter().any(|g| g.full.len() == 1) {
        super::abbrev::defined(paras)
    } else {
        Vec::new()
    };
    let is_abbreviation = |g: &Group| {
        g.full.len() == 1
            && !abbreviations.is_empty()
            && abbreviations.contains(&g.full[0].to_lowercase())
    };

    // Build the people in order of first mention.
    let mut first_of: Vec<(usize, (usize, usize))> = Vec::new();
    let mut works: Vec<String> = Vec::new();
    for (g, grp) in groups.iter().enumerate() {
        // Written once right after a noun for a work or a firm, the name may be a title
        // even where other mentions read like a person's: the archive decides.
        // Only the whole name counts: "the film Ray" says nothing of "Ray Charles".
        let core = super::name_core(grp.full).len();
        if core > 1
            && grp.spans.iter().any(|&si| {
                let s = spans[si];
                super::name_core(&words[si]).len() == core
                    && (work_noun_before(&paras[s.para], &toks[s.para], s.first)
                        || group_noun_before(&paras[s.para], &toks[s.para], s.first))
            })
        {
            let w = grp.full.join(" ");
            if !works.contains(&w) {
                works.push(w);
            }
        }
        if is_excluded(grp)
            || is_abbreviation(grp)
            || !well_attested(paras, toks, scores, &spans, grp, &partner, &run_on)
        {
            continue;
        }
        let first = grp.spans.iter().map(|&s| keys[s]).min().unwrap_or_default();
        first_of.push((g, first));
    }
    first_of.sort_by_key(|x| x.1);
    let mut person_of = vec![usize::MAX; groups.len()];
    let mut people: Vec<PersonRef> = Vec::new();
    for (n, &(g, _)) in first_of.iter().enumerate() {
        person_of[g] = n;
        people.push(PersonRef::default());
    }
    let mut forms: Vec<Vec<(String, usize)>> = vec![Vec::new(); people.len()];
    let mut mentions = Vec::new();
    for (si, s) in spans.iter().enumerate() {
        let person = person_of[of[si]];
        if person == usize::MAX {
            continue;
        }
        let para = &paras[s.para];
        let ts = &toks[s.para];
        let mut bare = squash(&para[ts[s.first].start..ts[s.last].end]);
        // "George Bush, Sr." is named "George Bush Sr.".
        if let Some(at) = bare.rfind(", ") {
            if super::is_generational(&bare[at + 2..]) {
                bare.remove(at);
            }
        }
        let mut start = ts[s.first].start;
        // "Mr Yeltsin" is kept as a form of a one-word name; "his father John" is no
        // form of John's (a title is written with a capital).
        let mut h = s.first;
        if h > 0 && ts[h - 1].text(para) == "." {
            h -= 1;
        }
        if s.first == s.last
            && h > 0
            && ts[h - 1].word
            && ts[h - 1].cap
            && is_honorific(ts[h - 1].text(para))
        {
            start = ts[h - 1].start;
            let form = squash(&para[start..ts[s.last].end]);
            forms[person].push((form, words[si].len()));
        }
        if holds_nickname(para, &ts[s.first..=s.last]) {
            // `Marion "Sugar" Kettering`: named "Marion Kettering", the nickname form an alias.
            forms[person].push((words[si].join(" "), words[si].len()));
            forms[person].push((bare, 0));
        } else {
            forms[person].push((bare, words[si].len()));
        }
        mentions.push(Mention {
            para: s.para,
            start,
            end: ts[s.last].end,
            person,
        });
        let pr = &mut people[person];
        pr.mentions += 1;
        let labels_p = labels.get(s.para).map(Vec::as_slice);
        for role in [
            role_before(para, ts, s.first, labels_p),
            role_after(para, ts, s.last),
            role_apposition(para, ts, s.last),
        ]
        .into_iter()
        .flatten()
        {
            if !pr.roles.iter().any(|r| same_role(r, &role)) {
                pr.roles.push(role);
            }
        }
        if pr.age.is_none() {
            pr.age = age_after(para, ts, s.last);
        }
    }
    for (pr, fs) in people.iter_mut().zip(&forms) {
        let mut best: Option<&(String, usize)> = None;
        for f in fs {
            if is_honorific(f.0.split(' ').next().unwrap_or("")) {
                continue;
            }
            best = match best {
                Some(b) if (b.1, b.0.len()) >= (f.1, f.0.len()) => Some(b),
                _ => Some(f),
            };
        }
        pr.name = best.map(|b| b.0.clone()).unwrap_or_default();
        for (f, _) in fs {
            if *f != pr.name && !pr.aliases.contains(f) {
                pr.aliases.push(f.clone());
            }
        }
    }
    People {
        people,
        mentions,
        works,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_scored(paras: &[String], scored: &[(&str, f32)]) -> Vec<String> {
        resolve_forms(paras, scored)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    #[test]
    fn a_royal_given_name_is_not_a_commoner_of_that_name() {
        let scored = [
            ("Ines", 9.0),
            ("Marwick", 9.0),
            ("Halvor", 9.0),
            ("Vossberg", 9.0),
        ];
        // "Prince Ines" is not "Ines Marwick"; "Prince Halvor" is "Prince Halvor Vossberg".
        let paras = [
            "Ines Marwick met Prince Ines on Monday. Prince Halvor Vossberg \
                      arrived later, and Prince Halvor spoke."
                .to_string(),
        ];
        assert_eq!(
            resolve_scored(&paras, &scored),
            ["Ines Marwick", "Ines", "Halvor Vossberg"]
        );
        // Without the title the given name is a form of the full name, as before.
        let plain = ["Ines Marwick arrived. Later Ines spoke.".to_string()];
        assert_eq!(resolve_scored(&plain, &scored), ["Ines Marwick"]);
        // A former monarch too.
        let former = ["Ines Marwick met the son of ex-King Ines on Monday.".to_string()];
        assert_eq!(resolve_scored(&former, &scored), ["Ines Marwick", "Ines"]);
    }

    /// Names with their aliases, as `resolve` finds them, the words of `scored` tagged
    /// with their scores.
    fn resolve_forms(paras: &[String], scored: &[(&str, f32)]) -> Vec<(String, Vec<String>)> {
        resolved(paras, scored)
            .people
            .into_iter()
            .map(|p| (p.name, p.aliases))
            .collect()
    }

    /// What `resolve` finds in `paras` with the words of `scored` tagged at their score.
    fn resolved(paras: &[String], scored: &[(&str, f32)]) -> People {
        let toks: Vec<Vec<Token>> = paras.iter().map(|p| toks(p)).collect();
        let scores: Vec<Vec<f32>> = paras
            .iter()
            .zip(&toks)
            .map(|(p, ts)| {
                ts.iter()
                    .map(|t| {
                        let w = t.text(p);
                        scored.iter().find(|s| s.0 == w).map_or(0.0, |s| s.1)
                    })
                    .collect()
            })
            .collect();
        let ctx = DocContext::new(paras, &toks);
        resolve(paras, &toks, &scores, &ctx, &[])
    }

    #[test]
    fn a_courtesy_title_form_is_written_with_a_capital() {
        let scored = [("Halvor", 9.0), ("Vossberg", 9.0)];
        let forms = |text: &str| resolve_forms(&[text.to_string()], &scored);
        // "Mr Vossberg" is a form of the one-word name; "his father Halvor" is not.
        assert_eq!(
            forms("Mr Vossberg spoke. Vossberg left."),
            [("Vossberg".to_string(), vec!["Mr Vossberg".to_string()])]
        );
        assert_eq!(
            forms("The boy said his father Halvor was at home. Halvor smiled."),
            [("Halvor".to_string(), vec![])]
        );
        assert_eq!(
            forms("Father Halvor blessed the crowd. Halvor smiled."),
            [("Halvor".to_string(), vec!["Father Halvor".to_string()])]
        );
    }

    #[test]
    fn a_generational_suffix_is_part_of_the_name() {
        let scored = [
            ("Halvor", 9.0),
            ("Vossberg", 9.0),
            ("Ines", 9.0),
            ("Marwick", 9.0),
        ];
        let forms = |text: &str| resolve_forms(&[text.to_string()], &scored);
        let named = |text: &str| -> Vec<String> { forms(text).into_iter().map(|p| p.0).collect() };
        // Father and son are two people; the son's short form is his.
        assert_eq!(
            forms(
                "Halvor Vossberg spoke first. His son Halvor Vossberg Jr. said \
                 little, and Vossberg Jr. left early."
            ),
            [
                ("Halvor Vossberg".to_string(), vec![]),
                (
                    "Halvor Vossberg Jr.".to_string(),
                    vec!["Vossberg Jr.".to_string()]
                ),
            ]
        );
        // A bare surname goes to the one named without a suffix when both are there...
        assert_eq!(
            forms("Halvor Vossberg Jr. met Halvor Vossberg. Vossberg smiled.")[0],
            ("Halvor Vossberg Jr.".to_string(), vec![])
        );
        // ... and to the son when he is the only one.
        assert_eq!(
            forms("Halvor Vossberg Jr scored twice. Vossberg said he was happy."),
            [(
                "Halvor Vossberg Jr".to_string(),
                vec!["Vossberg".to_string()]
            )]
        );
        // The full stop at a sentence's end is the sentence's; a comma before the
        // suffix goes; the British forms and "Sr" count too.
        assert_eq!(named("They thanked Ines Marwick Jr."), ["Ines Marwick Jr"]);
        assert_eq!(named("Ines Marwick, Sr., 71, spoke."), ["Ines Marwick Sr."]);
        assert_eq!(named("Ines Marwick Snr spoke."), ["Ines Marwick Snr"]);
        // "Sr" and "Jr" are different people.
        assert_eq!(
            named("Ines Marwick Sr met Ines Marwick Jr on Monday."),
            ["Ines Marwick Sr", "Ines Marwick Jr"]
        );
        // A title before a name is no suffix.
        assert_eq!(
            named("Halvor Vossberg met Sr. Ines Marwick."),
            ["Halvor Vossberg", "Ines Marwick"]
        );
    }

    #[test]
    fn compatible_forms_agree_on_the_generational_suffix() {
        let c = |a: &str, b: &str| {
            let a: Vec<&str> = a.split(' ').collect();
            let b: Vec<&str> = b.split(' ').collect();
            compatible(&a, &b)
        };
        assert!(c("Vossberg", "Halvor Vossberg Jr"));
        assert!(c("Vossberg Jr", "Halvor Vossberg Jr"));
        assert!(c("H. Vossberg Jr", "Halvor Vossberg Jr"));
        assert!(!c("Halvor Vossberg", "Halvor Vossberg Jr"));
        assert!(!c("Vossberg Sr", "Halvor Vossberg Jr"));
        assert!(!c("Vossberg Jr", "Halvor Vossberg"));
        assert!(c("Halvor", "Halvor Vossberg"));
    }

    #[test]
    fn codes_and_plural_acronyms_are_no_names() {
        for (w, want) in [
            ("IPv6", true),
            ("3G", true),
            ("DVDs", true),
            ("ISPs", true),
            ("CEOs", true),
            ("Ms", false),
            ("Jones", false),
            ("AS", false),
            ("OBriens", false),
            ("McDonalds", false),
        ] {
            assert_eq!(is_code_or_plural_acronym(w), want, "{w}");
        }
        let scored = [
            ("DVDs", 9.0),
            ("Ines", 9.0),
            ("Marwick", 9.0),
            ("Marwick2", 9.0),
        ];
        let paras = ["DVDs sold well, Ines Marwick said. DVDs were cheaper.".to_string()];
        assert_eq!(resolve_scored(&paras, &scored), ["Ines Marwick"]);
    }

    #[test]
    fn a_short_form_the_text_defines_is_no_person() {
        let paras = [
            "The Association of Leading Visitor Attractions (Alva) counted visitors.".to_string(),
            "Alva said numbers rose. Ines Marwick, its director, agreed.".to_string(),
        ];
        let scored = [("Alva", 9.0), ("Ines", 9.0), ("Marwick", 9.0)];
        assert_eq!(resolve_scored(&paras, &scored), ["Ines Marwick"]);
        // Without the definition the same word, as confidently tagged, is a person.
        let undefined = [paras[1].clone()];
        assert_eq!(
            resolve_scored(&undefined, &scored),
            ["Alva", "Ines Marwick"]
        );
    }

    /// Table cases of (paragraph, words tagged with a confident score, people expected).
    fn assert_people(cases: &[(&str, &[&str], &[&str])]) {
        for (para, tagged, want) in cases {
            let scored: Vec<(&str, f32)> = tagged.iter().map(|w| (*w, 9.0)).collect();
            let got = resolve_scored(&[para.to_string()], &scored);
            assert_eq!(got, *want, "{para}");
        }
    }

    #[test]
    fn repairs_cut_names() {
        // (text, words the tagger marked, words marked after repair)
        let cases: [(&str, &[&str], &[&str]); 25] = [
            ("then Ruben Zyxwq scored", &["Ruben"], &["Ruben", "Zyxwq"]),
            // A given name that is also a place, before a tagged surname...
            ("said Sofia Zyxwq today", &["Zyxwq"], &["Sofia", "Zyxwq"]),
            ("Victoria Zyxwq said", &["Zyxwq"], &["Victoria", "Zyxwq"]),
            // ... not after a preposition ("talks in Jordan").
            ("talks in Jordan Zyxwq said", &["Zyxwq"], &["Zyxwq"]),
            // An initial without its full stop between a first name and a surname.
            (
                "US president George W Zyxwq said",
                &["George"],
                &["George", "Zyxwq"],
            ),
            ("as George W said", &["George"], &["George"]),
            // A place after a first name is a surname...
            (
                "singer Whitney Houston said",
                &["Whitney"],
                &["Whitney", "Houston"],
            ),
            ("then Kevin Tokyo said", &["Kevin"], &["Kevin", "Tokyo"]),
            // ... not when a capitalised word follows ("Virginia Beach", a street),
            ("past Kevin Houston Street", &["Kevin"], &["Kevin"]),
            // nor after a function word that is also a first name ("An Ajax spokesman"),
            ("An Tokyo spokesman said", &["An"], &["An"]),
            ("Kevin Tokyo said", &["Kevin"], &["Kevin", "Tokyo"]),
            // nor after another capitalised word (two names run together).
            (
                "Ruben Kevin Tokyo said",
                &["Ruben", "Kevin"],
                &["Ruben", "Kevin"],
            ),
            (
                "Talks with Minister Kevin Tokyo ended",
                &["Kevin"],
                &["Kevin", "Tokyo"],
            ),
            ("said Joaquin del Olmo", &["Joaquin"], &["Joaquin", "Olmo"]),
            ("King Henry VIII wed", &["Henry"], &["Henry", "VIII"]),
            (
                "aide Rami al-Saadani said",
                &["Rami"],
                &["Rami", "al-Saadani"],
            ),
            (
                "the Ontario-based Magna",
                &["Ontario-based", "Magna"],
                &["Magna"],
            ),
            (
                "the Oscar-nominated Zyxwq",
                &["Oscar-nominated", "Zyxwq"],
                &["Zyxwq"],
            ),
            ("met Ruben in Paris", &["Ruben"], &["Ruben"]),
            // A given name that is also a place, before a word on no list, neither
            // tagged: a name...
            (
                "director of rugby Sofia Zyxwq said",
                &[],
                &["Sofia", "Zyxwq"],
            ),
            // ... not after a preposition or a capitalised word, nor before an ordinary
            // or a listed word, nor before a third capitalised word.
            ("talks in Sofia Zyxwq ended", &[], &[]),
            ("said Sofia Bank officials", &[], &[]),
            ("said Sofia Court officials", &[], &[]),
            ("said Sofia Zyxwq Qwerty today", &[], &[]),
            ("the 2000 Sydney Olympics", &[], &[]),
        ];
        for (text, tagged, want) in cases {
            let t = toks(text);
            let mut labels: Vec<bool> = t.iter().map(|x| tagged.contains(&x.text(text))).collect();
            let paras = vec![text.to_string()];
            let ctx = DocContext::new(&paras, std::slice::from_ref(&t));
            repair_labels(text, &t, ctx.lowered(0), &mut labels, &ctx);
            let got: Vec<&str> = t
                .iter()
                .zip(&labels)
                .filter(|x| *x.1)
                .map(|x| x.0.text(text))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn a_bare_mention_may_follow_a_connective_opening_a_sentence() {
        // (text, the token index of "Zyxwq", whether it may be a bare mention)
        for (text, i, want) in [
            ("They met. And Zyxwq, 26, added more.", 4, true),
            ("They met. But Zyxwq left.", 4, true),
            ("They met. Zyxwq left.", 3, true),
            // A capitalised word before it makes another name.
            ("They met. Green Zyxwq left.", 4, false),
            ("They met Green Zyxwq there.", 3, false),
        ] {
            let t = toks(text);
            let paras = vec![text.to_string()];
            let ctx = DocContext::new(&paras, std::slice::from_ref(&t));
            assert_eq!(t[i].text(text), "Zyxwq", "{text}");
            assert_eq!(
                bare_mention_ok(text, &t, ctx.lowered(0), i, &ctx),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn team_sheets() {
        let cases = [
            (
                "Given, Breen, Staunton, Irwin and Quinn.",
                vec!["Given", "Staunton", "Irwin"],
            ),
            ("France, Breen, Italy, Irwin, Quinn.", vec![]),
            ("Given, Breen, Staunton.", vec![]),
        ];
        for (text, want) in cases {
            let t = toks(text);
            let covered: Vec<bool> = t
                .iter()
                .map(|x| matches!(x.text(text), "Breen" | "Quinn"))
                .collect();
            let paras = vec![text.to_string()];
            let ctx = DocContext::new(&paras, std::slice::from_ref(&t));
            let mut out = Vec::new();
            list_members(text, &t, &covered, &vec![0.0; t.len()], &ctx, 0, &mut out);
            let got: Vec<&str> = out.iter().map(|s| t[s.first].text(text)).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn one_word_names_need_support() {
        let paras = vec![
            "Anna Berg spoke to Qwzx.".to_string(),
            "Berg and Zbrozek left.".to_string(),
        ];
        // Both one-word names are tagged once, weakly; only Zbrozek stands next to "Berg".
        let got = resolve_scored(
            &paras,
            &[
                ("Anna", 5.0),
                ("Berg", 5.0),
                ("Zbrozek", 0.5),
                ("Qwzx", 0.5),
            ],
        );
        assert_eq!(got, ["Anna Berg", "Zbrozek"]);
    }

    #[test]
    fn english_words_alone_need_a_title() {
        // (paragraph, confidently tagged words, people expected)
        let cases: &[(&str, &[&str], &[&str])] = &[
            // Album and browser names, tagged twice and confidently: no person.
            (
                "Her album Mind sold well. Mind topped the chart.",
                &["Mind"],
                &[],
            ),
            (
                "The browser Opera gained users, and Opera said so.",
                &["Opera"],
                &[],
            ),
            // A courtesy title makes a name; a title word, a partner or a list does not
            // ("General Welfare", "Robbing Peter and Primer", a list of tags).
            ("Mr Opera said so.", &["Opera"], &["Opera"]),
            ("Senator Mind said so.", &["Mind"], &[]),
            ("They promote the General Welfare.", &["Welfare"], &[]),
            ("We met Senator Mind.", &["Mind"], &["Mind"]),
            (
                "Anna Berg and Opera left.",
                &["Anna", "Berg", "Opera"],
                &["Anna Berg"],
            ),
            (
                "Filed under Berg, Holt, Dissent, Politics, Liars.",
                &["Berg", "Holt"],
                &["Berg", "Holt"],
            ),
            // Census surnames and words on no English list keep the tagger's word.
            ("Little said so. Little left.", &["Little"], &["Little"]),
            ("Zbrozek said so. Zbrozek left.", &["Zbrozek"], &["Zbrozek"]),
        ];
        assert_people(cases);
    }

    #[test]
    fn a_name_always_after_a_noun_for_a_work_or_a_firm_is_no_person() {
        // (paragraph, confidently tagged words, people expected)
        let cases: &[(&str, &[&str], &[&str])] = &[
            // Titles and firms named after people or with a given name in them.
            (
                "She won praise for the film Anna Pemberton this year.",
                &["Anna", "Pemberton"],
                &[],
            ),
            (
                "He sold the shares to the firm Halvor Vossberg last week.",
                &["Halvor", "Vossberg"],
                &[],
            ),
            // Nouns for an organisation that are also jobs do not count.
            (
                "The other was insurer Anna Pemberton.",
                &["Anna", "Pemberton"],
                &["Anna Pemberton"],
            ),
            (
                "Its novel Anna Pemberton sold well. The novel Anna Pemberton won.",
                &["Anna", "Pemberton"],
                &[],
            ),
            // A mention anywhere else makes the name a person's.
            (
                "The film Anna Pemberton opens. Anna Pemberton said so.",
                &["Anna", "Pemberton"],
                &["Anna Pemberton"],
            ),
            // The noun must touch the name, in lower case: a verb, a full stop, a
            // capitalised title in between, or a capitalised noun, leave it a name.
            (
                "Rusedski plays Anna Pemberton today.",
                &["Rusedski", "Anna", "Pemberton"],
                &["Rusedski", "Anna Pemberton"],
            ),
            (
                "They saw the film. Anna Pemberton said so.",
                &["Anna", "Pemberton"],
                &["Anna Pemberton"],
            ),
            (
                "The film director Anna Pemberton said so.",
                &["Anna", "Pemberton"],
                &["Anna Pemberton"],
            ),
        ];
        assert_people(cases);
    }

    #[test]
    fn names_written_after_a_noun_for_a_work_or_a_group_are_evidence_for_the_archive() {
        // (text, tagged words, people, works)
        type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [&'a str]);
        let cases: &[Case] = &[
            // Dropped here or not, the name is recorded.
            (
                "She won praise for the film Anna Pemberton this year.",
                &["Anna", "Pemberton"],
                &[],
                &["Anna Pemberton"],
            ),
            (
                "The band Anna Pemberton played. Anna Pemberton won.",
                &["Anna", "Pemberton"],
                &["Anna Pemberton"],
                &["Anna Pemberton"],
            ),
            // Only the whole name: "the film Ray" says nothing of Ray Kettering.
            (
                "Ray Kettering sang. The film Ray opens today.",
                &["Ray", "Kettering"],
                &["Ray Kettering"],
                &[],
            ),
            // A one-word name, a capitalised or a distant noun: no evidence.
            ("The band Marwick played.", &["Marwick"], &[], &[]),
            (
                "The Band Anna Pemberton played. A band, Ines Marwick, won.",
                &["Anna", "Pemberton", "Ines", "Marwick"],
                &["Anna Pemberton", "Ines Marwick"],
                &[],
            ),
        ];
        for (text, tagged, people, works) in cases {
            let scored: Vec<(&str, f32)> = tagged.iter().map(|w| (*w, 9.0)).collect();
            let found = resolved(&[text.to_string()], &scored);
            let names: Vec<&str> = found.people.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(names, *people, "{text}");
            assert_eq!(found.works, *works, "{text}");
        }
    }

    #[test]
    fn contractions_are_no_part_of_a_name() {
        for w in ["Don't", "Don’t", "CAN'T", "We’ll", "They're", "I've", "I'm"] {
            assert!(is_contraction(w), "{w}");
        }
        for w in ["O'Neill", "D'Arcy", "N'Diaye", "Sa'id", "M", "'m", "Tom"] {
            assert!(!is_contraction(w), "{w}");
        }
        let cases: &[(&str, &[&str], &[&str])] = &[(
            "He wrote a post titled We Don’t Negotiate With Anyone, Vossberg said.",
            &["Don’t", "Negotiate", "Vossberg"],
            &["Vossberg"],
        )];
        assert_people(cases);
    }

    #[test]
    fn acronyms_run_into_words_name_firms() {
        for w in ["JPMorgan", "SFGate", "USAToday", "HSBCnet"] {
            assert!(is_acronym_compound(w), "{w}");
        }
        for w in [
            "McDonald", "DiCaprio", "LeBron", "OBrien", "NATO", "Zyx", "J", "",
        ] {
            assert!(!is_acronym_compound(w), "{w}");
        }
        let cases: &[(&str, &[&str], &[&str])] = &[(
            "Shares of ZYXMarwick Chase fell, Ines Marwick said.",
            &["ZYXMarwick", "Chase", "Ines", "Marwick"],
            &["Ines Marwick"],
        )];
        assert_people(cases);
    }

    #[test]
    fn a_word_run_into_a_longer_name_is_no_person() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            // Always run into an ordinary word, a nation or a calendar word: the start
            // of the name of a show, a firm, a group.
            (
                "Fans of Kowalski Lantern cheered. Kowalski Lantern returns in May.",
                &["Kowalski"],
                &[],
            ),
            ("Shares in Kowalski Tobacco fell.", &["Kowalski"], &[]),
            ("Kowalski Britain won the award.", &["Kowalski"], &[]),
            (
                "The Kowalski September group claimed it.",
                &["Kowalski"],
                &[],
            ),
            // Once alone, or once after a comma: a person.
            (
                "Fans of Kowalski Lantern cheered. Kowalski said it returns.",
                &["Kowalski"],
                &["Kowalski"],
            ),
            (
                "Kowalski, Lantern and Wells spoke.",
                &["Kowalski"],
                &["Kowalski"],
            ),
            // A title before it, a given name, or an unknown word after it (a surname
            // the tagger missed), or capitals after it ("MP"): a person.
            (
                "Fans cheered Mr Kowalski Monday.",
                &["Kowalski"],
                &["Kowalski"],
            ),
            ("Fans cheered Jane Britain.", &["Jane"], &["Jane"]),
            ("Fans cheered Kowalski Zyxwq.", &["Kowalski"], &["Kowalski"]),
            ("Kowalski MP spoke.", &["Kowalski"], &["Kowalski"]),
        ];
        assert_people(cases);
    }

    #[test]
    fn a_town_and_its_state_code_are_no_person() {
        for w in ["IL", "CA", "DC", "WY"] {
            assert!(is_us_state_code(w), "{w}");
        }
        for w in ["QC", "MP", "Il", "UK", "USA"] {
            assert!(!is_us_state_code(w), "{w}");
        }
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("The plant in Kowalski IL closed.", &["Kowalski", "IL"], &[]),
            (
                "Kowalski WA shipped it, Ines Marwick said.",
                &["Kowalski", "WA", "Ines", "Marwick"],
                &["Ines Marwick"],
            ),
        ];
        assert_people(cases);
    }

    #[test]
    fn a_connective_opening_a_sentence_is_no_part_of_a_name() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "It was late. So Ines Marwick left.",
                &["So", "Ines", "Marwick"],
                &["Ines Marwick"],
            ),
            ("Sorry Ines, we are closed.", &["Sorry", "Ines"], &["Ines"]),
            // A number word too: "Six Ines Marwick penalties won it".
            (
                "Six Ines Marwick penalties won it.",
                &["Six", "Ines", "Marwick"],
                &["Ines Marwick"],
            ),
        ];
        assert_people(cases);
    }

    #[test]
    fn a_speech_verb_opening_an_inverted_attribution_is_no_name() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "It was late. Said Mr Marwick: \"We are closing.\"",
                &["Said", "Mr", "Marwick"],
                &["Marwick"],
            ),
            (
                "Said Ines Marwick, \"We are closing.\"",
                &["Said", "Ines", "Marwick"],
                &["Ines Marwick"],
            ),
        ];
        assert_people(cases);
    }

    #[test]
    fn an_interview_question_mark_is_no_initial() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("Q. Please tell us about the plan.", &["Q", "Please"], &[]),
            (
                "Q. Kowalski said the plan was late. Why?",
                &["Q", "Kowalski"],
                &["Kowalski"],
            ),
            // Inside a paragraph an initial stays one.
            (
                "Then Q. Kowalski spoke.",
                &["Q", "Kowalski"],
                &["Q. Kowalski"],
            ),
        ];
        assert_people(cases);
    }

    #[test]
    fn pronouns_and_question_words_are_no_part_of_a_name() {
        // Titles of films and songs, and a name run into a headline's question word.
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "She starred in Dance Like Vossberg last year.",
                &["Like", "Vossberg"],
                &[],
            ),
            (
                "Ines Marwick spoke. Marwick Who? was the headline.",
                &["Ines", "Marwick", "Who"],
                &["Ines Marwick"],
            ),
            ("The song Love Is Marwick won.", &["Is", "Marwick"], &[]),
        ];
        assert_people(cases);
    }

    #[test]
    fn whom_a_spokesperson_speaks_for_is_an_organisation() {
        // (paragraph, confidently tagged words, people expected)
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "A spokesperson from Zyxcorp said so. Zyxcorp later agreed, and Zyxcorp \
                 paid.",
                &["Zyxcorp"],
                &[],
            ),
            (
                "Zyxcorp later agreed, and Zyxcorp paid. Zyxcorp left.",
                &["Zyxcorp"],
                &["Zyxcorp"],
            ),
            // A word a Census list holds may be a person's name.
            (
                "A spokesman for Smith said so. Smith later agreed, and Smith paid.",
                &["Smith"],
                &["Smith"],
            ),
        ];
        assert_people(cases);
    }

    #[test]
    fn a_word_that_opens_an_organisation_name_is_its_short_name() {
        // (paragraph, confidently tagged words, people expected)
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "Shares in Vossberg Securities rose. Vossberg said so. Vossberg left.",
                &["Vossberg"],
                &[],
            ),
            (
                "Marwick Finance Group won. Marwick said so. Marwick left.",
                &["Marwick"],
                &[],
            ),
            // The first word of a listed organisation's name.
            (
                "Vossberg joined Real Madrid. Real won. Real lost again.",
                &["Vossberg", "Real"],
                &["Vossberg"],
            ),
            // A function word before the phrase does not hide it.
            (
                "The Marwick Party met. Marwick said so. Marwick left.",
                &["Marwick"],
                &[],
            ),
            // Without the organisation word, or inside a longer name, a person.
            (
                "Shares rose. Vossberg said so. Vossberg left.",
                &["Vossberg"],
                &["Vossberg"],
            ),
            (
                "The Ines Vossberg Foundation met. Vossberg said so. Vossberg left.",
                &["Vossberg"],
                &["Ines Vossberg"],
            ),
            // The words must touch: "Vossberg, Group chairman" is no company name.
            (
                "Vossberg, Group chairman, said so. Vossberg left.",
                &["Vossberg"],
                &["Vossberg"],
            ),
        ];
        assert_people(cases);
    }

    #[test]
    fn common_words_alone_are_no_many_word_name() {
        // (paragraph, confidently tagged words, people expected)
        let cases: &[(&str, &[&str], &[&str])] = &[
            // Bands, shows and companies named with ordinary words.
            (
                "Fans of Desperate Housewives and Snow Patrol cheered.",
                &["Desperate", "Housewives", "Snow", "Patrol"],
                &[],
            ),
            // The same words after a courtesy title or a role.
            (
                "Mr Snow Patrol said so.",
                &["Snow", "Patrol"],
                &["Snow Patrol"],
            ),
            (
                "Senator Snow Patrol said so.",
                &["Snow", "Patrol"],
                &["Snow Patrol"],
            ),
            // A Census first name or an initial first: names.
            (
                "Anna Patrol said so.",
                &["Anna", "Patrol"],
                &["Anna Patrol"],
            ),
            ("P. Patrol said so.", &["P", "Patrol"], &["P. Patrol"]),
        ];
        assert_people(cases);
    }

    #[test]
    fn goal_scorers_in_match_summaries_are_people() {
        // (paragraph, confidently tagged words, people expected): the tagger takes in
        // none of them; "Dundee" is a place, "Foe" an ordinary word.
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "Ajax 2 (Zyxwq 50th, Van Kowalski 61st and 88th penalty) Lens 1 (Dundee 75th).",
                &[],
                &["Zyxwq", "Van Kowalski", "Dundee"],
            ),
            // A list broken over lines, the minute with its note run into it.
            ("(Foe 8th, Zyxwq 59th-pen).", &[], &["Foe", "Zyxwq"]),
            ("Foe 85th, Zyxwq 90th).", &[], &["Foe", "Zyxwq"]),
            // Plain minutes after a team's score; a minute in parentheses of its own.
            (
                "Ajax 2 (Zyxwq 7, Kowalski 33).",
                &[],
                &["Zyxwq", "Kowalski"],
            ),
            (
                "Lens - Zyxwq (10th minute), Foe (57th, penalty)",
                &[],
                &["Zyxwq", "Foe"],
            ),
            // No score before the parentheses, no list, no minute.
            ("version 3 (Windows 95, Office 97)", &[], &[]),
            ("The team (Dundee 75th) won.", &[], &[]),
            ("in 1996 (Dundee 75) it won.", &[], &[]),
            ("since the Queen (85th birthday)", &[], &[]),
            ("Foe 85th place", &[], &[]),
        ];
        assert_people(cases);
    }

    #[test]
    fn nationality_nouns_before_a_name_describe_it() {
        // (paragraph, confidently tagged words, people expected): "Scot" and "Dane" are
        // given names too, so the tagger takes them in.
        let tagged: &[&str] = &["Scot", "Dane", "Ines", "Marwick", "Anna", "Vossberg"];
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "Scot Ines Marwick beat Dane Anna Vossberg.",
                tagged,
                &["Ines Marwick", "Anna Vossberg"],
            ),
            // Not before a surname alone, nor before a word that is no given name.
            ("Scot Marwick won.", tagged, &["Scot Marwick"]),
            ("Dane Vossberg won.", tagged, &["Dane Vossberg"]),
        ];
        assert_people(cases);
    }

    #[test]
    fn common_words_ending_in_a_surname_need_more() {
        // (paragraph, confidently tagged words, people expected): "kettle" and "frost"
        // are Census surnames, every word an ordinary one.
        let tagged: &[&str] = &["Copper", "Kettle", "Quiet", "Frost", "Ines", "Marwick"];
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("Copper Kettle played on.", tagged, &[]),
            ("Fans of Quiet Frost cheered.", tagged, &[]),
            // A role or an age after the name, the surname alone, a title or a role
            // before, a list of names, the speaker after "said": a person.
            (
                "Copper Kettle, the chairman, said so.",
                tagged,
                &["Copper Kettle"],
            ),
            ("Copper Kettle, 41, said so.", tagged, &["Copper Kettle"]),
            (
                "Copper Kettle spoke. Kettle said so.",
                tagged,
                &["Copper Kettle"],
            ),
            ("Mr Copper Kettle said so.", tagged, &["Copper Kettle"]),
            (
                "Ines Marwick, Quiet Frost, Halvor Bright and others came.",
                &["Ines", "Marwick", "Quiet", "Frost", "Halvor", "Bright"],
                &["Ines Marwick", "Quiet Frost", "Halvor Bright"],
            ),
            (
                "\"It is done,\" said Quiet Frost, who led it.",
                tagged,
                &["Quiet Frost"],
            ),
            // A Census first name among the words: a name.
            ("Ines Kettle played on.", tagged, &["Ines Kettle"]),
        ];
        assert_people(cases);
    }

    #[test]
    fn calendar_nation_and_award_words_next_to_names() {
        // (paragraph, confidently tagged words, people expected)
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("Theresa May said so.", &["Theresa"], &["Theresa May"]),
            ("Dawn French said so.", &["Dawn"], &["Dawn French"]),
            // A number or a capitalised word after it: a date, an organisation.
            ("Sarah May 5 was chosen.", &["Sarah"], &["Sarah"]),
            ("Sarah English Heritage spoke.", &["Sarah"], &["Sarah"]),
            // Alone after a descriptive role noun, an award is no person; after a title
            // a calendar word may be one.
            ("She won the best actress Oscar again.", &["Oscar"], &[]),
            ("Lord Justice May ruled on it.", &["May"], &["May"]),
            // A common surname before it, a weekday: wire copy's day after a name.
            ("Clinton May said so.", &["Clinton"], &["Clinton"]),
            ("Sarah Friday said so.", &["Sarah"], &["Sarah"]),
        ];
        assert_people(cases);
    }

    #[test]
    fn parts_of_organisations_and_products_are_no_people() {
        // (paragraph, confidently tagged words, people expected)
        let cases: &[(&str, &[&str], &[&str])] = &[
            // A listed organisation's word tagged alone, with its other word before or after.
            ("Fans of Real Madrid cheered.", &["Real"], &[]),
            ("Officers from Scotland Yard said so.", &["Yard"], &[]),
            // The same word with no listed neighbour.
            ("Mr Real said so.", &["Real"], &["Real"]),
            // A quoted nickname between a given name and a surname.
            (
                "Fans cheered Marion \"Sugar\" Kettering and Hector “Wall of Granite” Varnholt.",
                &["Marion", "Kettering", "Hector"],
                &["Marion Kettering", "Hector Varnholt"],
            ),
            // Marks that do not hug one run of words hold no nickname: two opening marks,
            // or a closing mark with no space after it.
            (
                "Marion \"Sugar \"Kettering",
                &["Marion", "Sugar", "Kettering"],
                &["Marion", "Kettering"],
            ),
            (
                "Marion \"Sugar\"Kettering",
                &["Marion", "Sugar", "Kettering"],
                &["Marion", "Kettering"],
            ),
            // The start of a place before a hyphenated adjective.
            ("A Santa Marwick-based firm grew.", &["Santa"], &[]),
            // An institution before a capitalised role and a name.
            (
                "Halvorsen Kettering Professor Ines Marwick said so.",
                &["Halvorsen", "Kettering", "Ines", "Marwick"],
                &["Ines Marwick"],
            ),
            (
                "Halvorsen Kettering and Professor Ines Marwick said so.",
                &["Halvorsen", "Kettering", "Ines", "Marwick"],
                &["Halvorsen Kettering", "Ines Marwick"],
            ),
            // Products: a listed organisation first, or a word with a digit.
            (
                "Sales of the Nintendo Wavebox rose.",
                &["Nintendo", "Wavebox"],
                &[],
            ),
            ("The Zorblat X200 sold well.", &["Zorblat", "X200"], &[]),
            // The last word of a company's name.
            (
                "Shares in Halvorsen Dairy rose.",
                &["Halvorsen", "Dairy"],
                &[],
            ),
            // A listed organisation that is a Census first name starts a name.
            (
                "Chelsea Marwick said so.",
                &["Chelsea", "Marwick"],
                &["Chelsea Marwick"],
            ),
            // A listed organisation before a given name is no part of the name.
            (
                "Unison Ines Marwick said so.",
                &["Unison", "Ines", "Marwick"],
                &["Ines Marwick"],
            ),
        ];
        assert_people(cases);
    }

    #[test]
    fn a_known_surname_takes_the_given_name_the_tagger_missed() {
        // (paragraph, confidently tagged words, people expected); only the second
        // mention of the surname is tagged.
        let later = "Varnholt said so.";
        let cases: &[(&str, &[&str])] = &[
            ("Jonas Varnholt of Sweden led.", &["Jonas Varnholt"]),
            ("It was Jonas Varnholt who led.", &["Jonas Varnholt"]),
            ("Both Ann and Jonas Varnholt led.", &["Jonas Varnholt"]),
            // An ordinary word, a hyphenated phrase, a function word, an organisation,
            // or a word after an article or another capitalised word: no given name.
            ("Perhaps Varnholt led.", &["Varnholt"]),
            ("Man-of-the-match Varnholt led.", &["Varnholt"]),
            ("It was My Varnholt who led.", &["Varnholt"]),
            ("It was Microsoft Varnholt who led.", &["Varnholt"]),
            ("In Tears of the Sun Varnholt led.", &["Varnholt"]),
            ("It was Open Jonas Varnholt who led.", &["Varnholt"]),
        ];
        for (para, want) in cases {
            let paras = [para.to_string(), later.to_string()];
            let toks: Vec<Vec<Token>> = paras.iter().map(|p| toks(p)).collect();
            // The first paragraph untagged: its mention is found only through the
            // tagged "Varnholt" of the second.
            let scores = vec![
                vec![0.0; toks[0].len()],
                toks[1]
                    .iter()
                    .map(|t| {
                        if t.text(later) == "Varnholt" {
                            9.0
                        } else {
                            0.0
                        }
                    })
                    .collect(),
            ];
            let ctx = DocContext::new(&paras, &toks);
            let got: Vec<String> = resolve(&paras, &toks, &scores, &ctx, &[])
                .people
                .into_iter()
                .map(|p| p.name)
                .collect();
            assert_eq!(got, *want, "{para}");
        }
        // Sports clubs end in company words: no people.
        let got = resolve_scored(
            &["Birchfield Harriers won and Blackburn Rovers lost.".to_string()],
            &[
                ("Birchfield", 9.0),
                ("Harriers", 9.0),
                ("Blackburn", 9.0),
                ("Rovers", 9.0),
            ],
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn listed_organisations_are_not_people() {
        // (paragraphs, confidently tagged words, people expected)
        let cases: &[(&[&str], &[&str], &[&str])] = &[
            // Tagged twice, confidently: still a company.
            (
                &["Sony said profits rose.", "Sony shares fell."],
                &["Sony"],
                &[],
            ),
            // Armed groups are listed too; a hyphenated name is one word.
            (
                &["Hezbollah said so.", "Al-Qaeda denied it."],
                &["Hezbollah", "Al-Qaeda"],
                &[],
            ),
            // A role word before it is no rescue ("rival Sony") ...
            (&["Its rival Sony cut prices."], &["Sony"], &[]),
            // ... nor is coordination with a person.
            (
                &["Anna Berg and Sony agreed."],
                &["Anna", "Berg", "Sony"],
                &["Anna Berg"],
            ),
            // A courtesy title is.
            (&["Mr Toyota spoke."], &["Toyota"], &["Toyota"]),
            // A many-word organisation, matched whole and in any case.
            (
                &["HEWLETT Packard and Deutsche Boerse said."],
                &["HEWLETT", "Packard", "Deutsche", "Boerse"],
                &[],
            ),
            // Described as an organisation once: no person anywhere.
            (
                &["The banking giant Qwertix grew.", "Qwertix said so."],
                &["Qwertix"],
                &[],
            ),
            (
                &["Premiership club Qwertix won.", "Rival Qwertix lost."],
                &["Qwertix"],
                &[],
            ),
            // A sentence end between them breaks the description.
            (
                &["He left the club. Qwertix said so.", "Coach Qwertix"],
                &["Qwertix"],
                &["Qwertix"],
            ),
            // A listed place of several words.
            (&["Puerto Rico voted."], &["Puerto", "Rico"], &[]),
            // A person whose name holds a listed word is still a person.
            (
                &["Apple Martin was there."],
                &["Apple", "Martin"],
                &["Apple Martin"],
            ),
        ];
        for (paras, tagged, want) in cases {
            let paras: Vec<String> = paras.iter().map(|p| p.to_string()).collect();
            let scored: Vec<(&str, f32)> = tagged.iter().map(|w| (*w, 9.0)).collect();
            assert_eq!(resolve_scored(&paras, &scored), *want, "{paras:?}");
        }
    }

    #[test]
    fn names_of_laws_awards_and_events_are_not_people() {
        for (para, tagged) in [
            ("The Marshall Plan helped.", &["Marshall", "Plan"]),
            ("She won at the Academy Awards.", &["Academy", "Awards"]),
            ("Money went to Christian Aid.", &["Christian", "Aid"]),
        ] {
            let scored: Vec<(&str, f32)> = tagged.iter().map(|w| (*w, 9.0)).collect();
            assert!(
                resolve_scored(&[para.to_string()], &scored).is_empty(),
                "{para}"
            );
        }
        // The rest of the name stands when it is tagged alone.
        let got = resolve_scored(
            &["The Adam Smith Lecture was given.".to_string()],
            &[("Adam", 9.0), ("Smith", 9.0), ("Lecture", -1.0)],
        );
        assert_eq!(got, ["Adam Smith"]);
    }

    #[test]
    fn later_role_heads_are_stripped_and_kept_as_roles() {
        let p = "Treasurer Peter Costello and Baroness Amos spoke.".to_string();
        let t = toks(&p);
        let got = resolve_scored(
            std::slice::from_ref(&p),
            &[
                ("Treasurer", 9.0),
                ("Peter", 9.0),
                ("Costello", 9.0),
                ("Baroness", 9.0),
                ("Amos", 9.0),
            ],
        );
        assert_eq!(got, ["Peter Costello", "Amos"]);
        assert_eq!(role_before(&p, &t, 1, None).as_deref(), Some("Treasurer"));
        assert_eq!(role_before(&p, &t, 5, None).as_deref(), Some("Baroness"));
    }

    #[test]
    fn post_nominal_letters_are_no_part_of_a_name() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "The director, Jo Bloggs QC, said so.",
                &["Jo", "Bloggs", "QC"],
                &["Jo Bloggs"],
            ),
            (
                "Ines Marwick OBE CBE and Robin Zyxwq PhD spoke.",
                &["Ines", "Marwick", "OBE", "CBE", "Robin", "Zyxwq", "PhD"],
                &["Ines Marwick", "Robin Zyxwq"],
            ),
            // Letters alone, or letters the name is written in, stay.
            ("QC spoke.", &["QC"], &[]),
            (
                "Kim Kowalski KT left.",
                &["Kim", "Kowalski"],
                &["Kim Kowalski"],
            ),
        ];
        assert_people(cases);
        assert!(is_post_nominal("MEP") && !is_post_nominal("Mep") && !is_post_nominal("Ann"));
    }

    #[test]
    fn professions_written_as_titles_are_roles() {
        for (p, first, want) in [
            ("said her publicist Jo Bloggs.", 3, Some("publicist")),
            ("Coroner Ann Berg reported.", 1, Some("Coroner")),
            (
                "The court heard from Magistrate Jo Bloggs today.",
                5,
                Some("Magistrate"),
            ),
            ("Derby trainer Kim Kowalski said", 2, Some("Derby trainer")),
            (
                "political correspondent Jane Doe wrote",
                2,
                Some("political correspondent"),
            ),
            ("Tory councillor Richard Roe", 2, Some("Tory councillor")),
            // Surnames that are also trades are no role heads.
            ("said banker Jo Bloggs", 2, None),
            ("Doctor Jo Bloggs", 1, None),
        ] {
            let p = p.to_string();
            let t = toks(&p);
            assert_eq!(role_before(&p, &t, first, None).as_deref(), want, "{p}");
        }
        // The word before a sentence's full stop is no title of the next sentence's
        // first word; an abbreviated title's full stop is looked through.
        for (p, first, want) in [
            ("an exciting film-maker. Zyxwq was", 4, (false, false)),
            ("said Gen. Zyxwq today", 3, (false, true)),
            ("said Dr. Zyxwq today", 3, (true, false)),
        ] {
            let p = p.to_string();
            assert_eq!(title_before(&p, &toks(&p), first), want, "{p}");
        }
        let p = "Coroner Ann Berg and Sheriff Jo Bloggs spoke.".to_string();
        let got = resolve_scored(
            std::slice::from_ref(&p),
            &[
                ("Coroner", 9.0),
                ("Ann", 9.0),
                ("Berg", 9.0),
                ("Sheriff", 9.0),
                ("Jo", 9.0),
                ("Bloggs", 9.0),
            ],
        );
        assert_eq!(got, ["Ann Berg", "Jo Bloggs"]);
    }

    #[test]
    fn a_name_without_its_middle_initials_is_the_same_person() {
        let scored = [
            ("Jo", 9.0),
            ("A", 9.0),
            ("Bloggs", 9.0),
            ("George", 9.0),
            ("W", 9.0),
            ("H.W", 9.0),
            ("Zyxwq", 9.0),
        ];
        let one = ["Jo A. Bloggs wrote. Later Jo Bloggs and Bloggs spoke.".to_string()];
        assert_eq!(
            resolve_forms(&one, &scored),
            [(
                "Jo A. Bloggs".to_string(),
                vec!["Jo Bloggs".to_string(), "Bloggs".to_string()]
            )]
        );
        // Two people with those initials: the plain name is neither of them.
        let two = ["George W. Zyxwq met George H.W. Zyxwq. George Zyxwq left.".to_string()];
        assert_eq!(
            resolve_scored(&two, &scored),
            ["George W. Zyxwq", "George H.W. Zyxwq", "George Zyxwq"]
        );
        // Another middle name is no initial.
        let other = ["Jo Anna Bloggs wrote. Later Jo Bloggs spoke.".to_string()];
        assert_eq!(
            resolve_scored(&other, &[("Jo", 9.0), ("Anna", 9.0), ("Bloggs", 9.0)]),
            ["Jo Anna Bloggs", "Jo Bloggs"]
        );
    }

    #[test]
    fn office_and_rank_titles_are_stripped_and_kept_as_roles() {
        // "Speaker", "Patriarch", "Baron" and police ranks written short ("Supt").
        let p = "Commons Speaker Jo Bloggs met Maronite Patriarch Zyxwq, Baron Kowalski \
                 and Chief Supt Ines Marwick."
            .to_string();
        let t = toks(&p);
        let tagged = [
            "Speaker",
            "Jo",
            "Bloggs",
            "Patriarch",
            "Zyxwq",
            "Baron",
            "Kowalski",
        ];
        let mut scored: Vec<(&str, f32)> = tagged.iter().map(|w| (*w, 9.0)).collect();
        scored.extend([("Supt", 9.0), ("Ines", 9.0), ("Marwick", 9.0)]);
        let got = resolve_scored(std::slice::from_ref(&p), &scored);
        assert_eq!(got, ["Jo Bloggs", "Zyxwq", "Kowalski", "Ines Marwick"]);
        let at = |w: &str| t.iter().position(|x| x.text(&p) == w).unwrap();
        let role = |w: &str| role_before(&p, &t, at(w), None);
        assert_eq!(role("Jo").as_deref(), Some("Commons Speaker"));
        assert_eq!(role("Zyxwq").as_deref(), Some("Maronite Patriarch"));
        assert_eq!(role("Kowalski").as_deref(), Some("Baron"));
        assert_eq!(role("Ines").as_deref(), Some("Chief Supt"));
    }

    #[test]
    fn playing_positions_are_roles() {
        let p = "Flanker Jo Bloggs and Wales fly-half Ines Marwick beat Zyxwq.".to_string();
        let t = toks(&p);
        let tagged = ["Flanker", "Jo", "Bloggs", "Ines", "Marwick", "Zyxwq"];
        let scored: Vec<(&str, f32)> = tagged.iter().map(|w| (*w, 9.0)).collect();
        let got = resolve_scored(std::slice::from_ref(&p), &scored);
        assert_eq!(got, ["Jo Bloggs", "Ines Marwick", "Zyxwq"]);
        let at = |w: &str| t.iter().position(|x| x.text(&p) == w).unwrap();
        assert_eq!(
            role_before(&p, &t, at("Jo"), None).as_deref(),
            Some("Flanker")
        );
        assert_eq!(
            role_before(&p, &t, at("Ines"), None).as_deref(),
            Some("Wales fly-half")
        );
    }

    #[test]
    fn a_bill_after_a_capitalised_word_or_the_is_a_law() {
        // (paragraph, confidently tagged words, people expected)
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "MPs passed the Police Bill after the Bill was changed.",
                &["Police", "Bill"],
                &[],
            ),
            ("MPs passed the Police Bill.", &["Bill"], &[]),
            ("MPs passed the Bill. The Bill was changed.", &["Bill"], &[]),
            // A first name, a title or a sentence start before it: a man.
            ("He met Anna Bill there.", &["Anna", "Bill"], &["Anna Bill"]),
            ("He met President Bill.", &["Bill"], &["Bill"]),
            ("Yesterday Bill said so. Bill left.", &["Bill"], &["Bill"]),
            ("Mr Bill said so. The Bill left.", &["Bill"], &["Bill"]),
        ];
        assert_people(cases);
    }

    #[test]
    fn job_and_law_words_alone_are_not_people() {
        // Tagged twice and confidently, still no person: a job or a law word that is
        // no Census name, with no courtesy title before it.
        for (para, word) in [
            ("Under this Act, the Act says more.", "Act"),
            ("The Publisher came. The Publisher left.", "Publisher"),
        ] {
            let got = resolve_scored(&[para.to_string()], &[(word, 9.0)]);
            assert!(got.is_empty(), "{para}: {got:?}");
        }
        // A Census name that is also a job word stands ("Dean said").
        let got = resolve_scored(&["Dean said so. Dean left.".to_string()], &[("Dean", 9.0)]);
        assert_eq!(got, ["Dean"]);
        // After a courtesy title, any word but a title or role is a name.
        let got = resolve_scored(
            &["Mr Publisher said so.".to_string()],
            &[("Publisher", 9.0)],
        );
        assert_eq!(got, ["Publisher"]);
    }

    #[test]
    fn a_given_name_no_census_list_holds_joins_at_a_sentence_start() {
        // (paragraph, the name the surname "Pemberton" ends)
        let cases: &[(&str, &str)] = &[
            ("Imogen Pemberton said so.", "Imogen Pemberton"),
            ("Jean-Pierre Pemberton said so.", "Jean-Pierre Pemberton"),
            // Ordinary words and their compounds start sentences, not names.
            ("Perhaps Pemberton said so.", "Pemberton"),
            ("Veterans Pemberton and others said so.", "Pemberton"),
            ("Singer-songwriter Pemberton said so.", "Pemberton"),
            ("Meanwhile Pemberton said so.", "Pemberton"),
        ];
        for &(para, want) in cases {
            let got = resolve_scored(&[para.to_string()], &[("Pemberton", 9.0)]);
            assert_eq!(got, [want], "{para}");
        }
    }

    #[test]
    fn initials_without_full_stops_stay_inside_names() {
        let paras = ["US president George W Bush said. Bush left.".to_string()];
        let got = resolve_scored(&paras, &[("George", 9.0), ("Bush", 9.0)]);
        assert_eq!(got, ["George W Bush"]);
    }

    #[test]
    fn a_word_after_a_capitalised_common_noun_ends_a_title() {
        // (paragraph, confidently tagged word, people expected)
        let cases: &[(&str, &str, &[&str])] = &[
            // Always glued to a capitalised job noun inside a sentence: a title.
            (
                "Fans of Star Wars queued. The new Star Wars opens.",
                "Wars",
                &[],
            ),
            (
                "She sang in Blazin' Squad and the Star Trek band.",
                "Trek",
                &[],
            ),
            // The same noun in lower case is a role before a name.
            ("The film star Redford said so.", "Redford", &["Redford"]),
            // At the start of a sentence a capitalised job noun is a role.
            ("Striker Kovac scored twice.", "Kovac", &["Kovac"]),
            // A Census name stands after a capitalised job noun ("Chief Executive Smith").
            (
                "Profits rose, Chief Executive Smith said.",
                "Smith",
                &["Smith"],
            ),
            // One mention without the noun is enough ("Star Wars" aside).
            ("Fans met Star Kovac. Kovac said no.", "Kovac", &["Kovac"]),
            // A title written capitalised before a name is no common noun.
            ("Talks with President Kovac ended.", "Kovac", &["Kovac"]),
        ];
        for &(para, word, want) in cases {
            let got = resolve_scored(&[para.to_string()], &[(word, 9.0)]);
            assert_eq!(got, want, "{para}");
        }
    }

    #[test]
    fn title_fragments_are_not_names() {
        // (paragraph, confidently tagged words, people expected)
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("He starred in My Summer of Love.", &["My", "Summer"], &[]),
            ("Our Town Hall opened.", &["Our", "Town", "Hall"], &[]),
            (
                "Eternal Sunshine of the Spotless Mind won.",
                &["Spotless", "Mind"],
                &[],
            ),
            (
                "Friends of the Earth Smith spoke.",
                &["Earth", "Smith"],
                &[],
            ),
            // A name after "of the" that does not follow a capitalised word stands.
            (
                "a friend of the Ann Berg family",
                &["Ann", "Berg"],
                &["Ann Berg"],
            ),
            // "of" alone is no title.
            (
                "The Government of Ann Berg fell.",
                &["Ann", "Berg"],
                &["Ann Berg"],
            ),
        ];
        for (para, tagged, want) in cases {
            let scored: Vec<(&str, f32)> = tagged.iter().map(|w| (*w, 9.0)).collect();
            assert_eq!(
                resolve_scored(&[para.to_string()], &scored),
                *want,
                "{para}"
            );
        }
    }

    #[test]
    fn squash_single_spaces() {
        for (s, want) in [
            ("Nasser Hussain", "Nasser Hussain"),
            ("Nasser\nHussain", "Nasser Hussain"),
            ("Nasser  Hussain", "Nasser Hussain"),
            (" Li ", "Li"),
            ("Jean\u{a0}Dupont", "Jean Dupont"),
            ("", ""),
        ] {
            assert_eq!(squash(s), want, "{s:?}");
        }
    }

    #[test]
    fn keys_ignore_case_and_share_initials() {
        let k = |w: &[&str], initial| key_hash(w, initial);
        assert_eq!(
            k(&["Phil", "SIMMONS"], false),
            k(&["phil", "simmons"], false)
        );
        assert_eq!(k(&["Émile", "ÖZIL"], false), k(&["émile", "özil"], false));
        assert_eq!(k(&["P", "Simmons"], true), k(&["Phil", "SIMMONS"], true));
        assert_eq!(k(&["Σ"], true), k(&["σοφία"], true));
        assert_ne!(
            k(&["Phil", "Simmons"], false),
            k(&["Phil", "Simmons"], true)
        );
        assert_ne!(
            k(&["Phil", "Simmons"], false),
            k(&["Phils", "immons"], false)
        );
        assert_ne!(k(&["P", "Simmons"], true), k(&["Q", "Simmons"], true));
    }

    #[test]
    fn initials() {
        for (w, want) in [
            ("P", true),
            ("J.R", true),
            ("Li", false),
            ("AB", true),
            ("ABC", false),
        ] {
            assert_eq!(is_initial(w), want, "{w}");
        }
    }

    #[test]
    fn compatible_forms() {
        let cases: [(&[&str], &[&str], bool); 7] = [
            (&["Hussain"], &["Nasser", "Hussain"], true),
            (&["Li"], &["Li", "Peng"], true),
            (&["P", "Simmons"], &["Phil", "Simmons"], true),
            (&["Q", "Simmons"], &["Phil", "Simmons"], false),
            (&["Lloyd", "Webber"], &["Andrew", "Lloyd", "Webber"], true),
            (&["Lloyd"], &["Andrew", "Lloyd", "Webber"], false),
            (&["Jones"], &["Jones"], false),
        ];
        for (s, f, want) in cases {
            assert_eq!(compatible(s, f), want, "{s:?} {f:?}");
        }
    }

    fn toks(text: &str) -> Vec<Token> {
        let mut t = Vec::new();
        tokenize(text, &mut t);
        t
    }

    #[test]
    fn roles_and_ages() {
        let cases = [
            (
                "Ukrainian President Anna Berg said",
                2,
                3,
                Some("Ukrainian President"),
                None,
                None,
            ),
            (
                "as Chinese Foreign Ministry spokeswoman Li Ming, 44, said",
                5,
                6,
                Some("Chinese Foreign Ministry spokeswoman"),
                None,
                Some(44),
            ),
            (
                "between Li Ming (Foreign Minister) and",
                1,
                2,
                None,
                Some("Foreign Minister"),
                None,
            ),
            (
                "the leader Berg (44) spoke",
                2,
                2,
                Some("leader"),
                None,
                Some(44),
            ),
            ("Mr Berg, 1996, and", 1, 1, None, None, None),
            ("Simmons (U.S.) beat", 0, 0, None, None, None),
        ];
        for (text, first, last, before, after, age) in cases {
            let t = toks(text);
            assert_eq!(
                role_before(text, &t, first, None).as_deref(),
                before,
                "{text}"
            );
            assert_eq!(role_after(text, &t, last).as_deref(), after, "{text}");
            assert_eq!(age_after(text, &t, last), age, "{text}");
        }
    }

    #[test]
    fn lower_case_portfolio_words_belong_to_the_role_before_a_name() {
        // (text, the role before "Ann Berg")
        let cases: &[(&str, Option<&str>)] = &[
            (
                "said Tory shadow home secretary Ann Berg",
                Some("Tory shadow home secretary"),
            ),
            (
                "said Lib Dem foreign affairs spokesman Ann Berg",
                Some("Lib Dem foreign affairs spokesman"),
            ),
            (
                "the chief operating officer Ann Berg",
                Some("chief operating officer"),
            ),
            (
                "beat Spanish fifth seed Ann Berg",
                Some("Spanish fifth seed"),
            ),
            ("by fashion designer Ann Berg", Some("fashion designer")),
            // A capitalised word after "ex-" is part of the role.
            (
                "as ex-Downing Street media chief Ann Berg",
                Some("ex-Downing Street media chief"),
            ),
            // Other lower-case words still end it.
            ("angry voters saw director Ann Berg", Some("director")),
        ];
        for (text, want) in cases {
            let t = toks(text);
            let first = t.iter().position(|x| x.text(text) == "Ann").unwrap();
            assert_eq!(
                role_before(text, &t, first, None).as_deref(),
                *want,
                "{text}"
            );
        }
    }

    #[test]
    fn function_words_and_dates_end_a_role_before_a_name() {
        // (text, index of the name's first token, role)
        let cases: &[(&str, usize, Option<&str>)] = &[
            (
                "But Home Secretary Ann Berg said",
                3,
                Some("Home Secretary"),
            ),
            ("Since President Ann Berg took office", 2, Some("President")),
            (
                "x. Meanwhile Lib Dem leader Ann Berg",
                6,
                Some("Lib Dem leader"),
            ),
            (
                "said on Tuesday Foreign Secretary Ann Berg",
                5,
                Some("Foreign Secretary"),
            ),
            (
                "On Tuesday Foreign Secretary Ann Berg",
                4,
                Some("Foreign Secretary"),
            ),
            // A capitalised stop word after a capitalised word is part of a title.
            (
                "said Treasury Under Secretary Ann Berg",
                4,
                Some("Treasury Under Secretary"),
            ),
            (
                "said Sheffield Wednesday manager Ann Berg",
                4,
                Some("Sheffield Wednesday manager"),
            ),
            // "of" inside an institution's name, not "of" after a plain word or right
            // before the head.
            (
                "said Bank of England governor Ann Berg",
                5,
                Some("Bank of England governor"),
            ),
            (
                "the return of England coach Ann Berg",
                5,
                Some("England coach"),
            ),
            ("the Freedom Front of General Ann Berg", 5, Some("General")),
            // A title written with a preposition and "the" before the head is all of
            // the role, not its last word; a sentence's first word or a lower-case word
            // before the preposition is no title.
            (
                "so Siege of the Harbour director Ann Berg",
                6,
                Some("Siege of the Harbour director"),
            ),
            (
                "as Friends in the North actress Ann Berg",
                6,
                Some("Friends in the North actress"),
            ),
            (
                "Speaking at the Harbour Board chairman Ann Berg",
                6,
                Some("Harbour Board chairman"),
            ),
            (
                "a visit to the Harbour Board chairman Ann Berg",
                7,
                Some("Harbour Board chairman"),
            ),
            ("the head of the BBC director Ann Berg", 6, Some("director")),
            // A nationality noun between the role and the name.
            (
                "the world champion Briton Ann Berg",
                4,
                Some("world champion"),
            ),
        ];
        for &(text, first, want) in cases {
            let t = toks(text);
            assert_eq!(t[first].text(text), "Ann", "{text}");
            assert_eq!(
                role_before(text, &t, first, None).as_deref(),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn roles_written_after_a_name_between_commas() {
        // (text, index of the name's last token, role)
        let cases: &[(&str, usize, Option<&str>)] = &[
            (
                "Anna Berg, the foreign minister, said",
                1,
                Some("foreign minister"),
            ),
            (
                "said Tom Hale, chief economist at Northway Bank.",
                2,
                Some("chief economist at Northway Bank"),
            ),
            // The rest of the sentence is no part of a complete role.
            (
                "said Tom Hale, chief economist at Northway Bank in a statement.",
                2,
                Some("chief economist at Northway Bank"),
            ),
            (
                "Lena Ruiz, 44, a Labour MP for Eastmoor, said",
                1,
                Some("Labour MP for Eastmoor"),
            ),
            (
                "Omar Kell, commissioner at the teachers' union, said",
                1,
                Some("commissioner at the teachers' union"),
            ),
            (
                "Ray Dunn, Acme's chief executive, said",
                1,
                Some("Acme's chief executive"),
            ),
            (
                "Ina Holt, analyst at A.G. Edwards & Sons, said",
                1,
                Some("analyst at A.G. Edwards & Sons"),
            ),
            (
                "Ed Lowe, envoy to the U.S. The talks went on.",
                1,
                Some("envoy to the U.S."),
            ),
            (
                "Ed Lowe, reporter for the BBC. Amy Fox said",
                1,
                Some("reporter for the BBC"),
            ),
            (
                "Ben Ames, a business adviser from Eastmoor, said",
                1,
                Some("business adviser from Eastmoor"),
            ),
            ("Ben Ames, a trader, said", 1, None),
            ("Ben Ames, who is the director, said", 1, None),
            ("Ben Ames, the minister said.", 1, None),
            ("Ben Ames, Carl Bo and Dee Fox", 1, None),
            (
                "Ben Ames, chairman and chief executive of Acme, said",
                1,
                Some("chairman and chief executive of Acme"),
            ),
            ("Ben Ames, the coach and Carl Bo, said", 1, None),
            ("Ben Ames, a minister and his wife, said", 1, None),
            ("Ben Ames, Queen, Carl Bo", 1, None),
            ("Ben Ames, alongside Carl King, sang", 1, None),
            ("Ben Ames, winning best actress, smiled", 1, None),
            ("Ben Ames, of the ministry, said", 1, None),
            ("Ben Ames, director of", 1, None),
            ("Ben Ames (the director) said", 1, None),
            ("Ben Ames said, the director", 1, None),
        ];
        for &(text, last, want) in cases {
            let t = toks(text);
            assert_eq!(role_apposition(text, &t, last).as_deref(), want, "{text}");
        }
        assert!(same_role("Foreign Minister", "foreign minister"));
        assert!(same_role("ÉLU", "élu") && !same_role("chief", "chef"));
    }

    #[test]
    fn spans_keep_initials_and_particles_and_drop_titles() {
        let text = "Mr P. Simmons met Ludwig van Beethoven. Read More at Warner Bros";
        let t = toks(text);
        let labels: Vec<bool> = t
            .iter()
            .map(|x| {
                matches!(
                    x.text(text),
                    "Mr" | "P" | "Simmons" | "Ludwig" | "Beethoven"
                )
            })
            .collect();
        let mut out = Vec::new();
        let low = Lowered::new(text, &t);
        spans_in(text, &t, &low, &labels, 0, &mut out);
        let got: Vec<&str> = out
            .iter()
            .map(|s| &text[t[s.first].start..t[s.last].end])
            .collect();
        assert_eq!(got, ["P. Simmons", "Ludwig van Beethoven"]);
    }
}
