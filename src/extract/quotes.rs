//! Direct quotes and who said them.
//!
//! Quotes are “curly” or "straight" double-quoted spans. A quote that is still open at
//! the end of a paragraph goes on into the next one when that paragraph reopens it
//! (the newspaper convention) or closes it; otherwise it ends with its paragraph.
//! Single quotes are not read: they are too often apostrophes.
//!
//! Worth listing: a quote of at least [`MIN_WORDS`] words and at most [`MAX_BYTES`]
//! bytes that is not a Title Cased name of a work. Shorter spans ("no limits",
//! "culprit") are scare quotes or terms; longer ones are excerpts of documents.
//!
//! Speaker: the canonical name of the person the text attributes the quote to, read
//! from the words right after the quote ('"…," he said', '"…," Jane Doe told the Post',
//! '"…," said Doe') or in the same sentence before it ('Doe said: "…"', 'she said the
//! talks were "…"'). "He"/"she" is the person most recently mentioned as a subject. A
//! quote that follows an attributed quote with nobody else named in between (a second
//! quote after '…," he said.', or a paragraph that opens a new quote) has the same
//! speaker. A quote with no attribution of its own that opens its sentence right
//! after a sentence of reported speech ('Doe said the bridge would cost more. "We will
//! rebuild it."') is the reporter's. Anything else has no speaker.

use super::people::{Mention, People};
use crate::model::Quote;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Fewest words a quote needs to be listed.
pub const MIN_WORDS: usize = 4;
/// Longest quote listed, in bytes: a longer quoted span is an excerpt of a document
/// (a bill, a letter), not something a person said.
pub const MAX_BYTES: usize = 1500;
/// How many paragraphs a quote may span.
const MAX_PARAS: usize = 4;
/// How many words after a quote may come before its speech verb.
const AFTER_WORDS: usize = 6;
/// How many words after a quote a title, a name and the speech verb may hold ('"…,"
/// National Bureau of Statistics chief Jane Doe told Reuters').
const TITLE_WORDS: usize = 12;
/// How many words after a speech verb may hold the speaker ('," said the party's
/// leader Jane Doe').
const AFTER_NAME_WORDS: usize = 10;
/// How many words may come before a subject in its sentence ("Chinese Foreign
/// Ministry spokeswoman Jane Doe").
const SUBJECT_WORDS: usize = 5;
/// How many words an apposition between a speaker after a quote and the speech verb
/// may hold ('," Jane Doe, a member of the city council, said').
const APPOSITION_WORDS: usize = 14;
/// Most words a description of a speaker may hold after "the" ("the Lions coach",
/// "the former prime minister").
const DESCRIPTION_WORDS: usize = 4;
/// How many paragraphs back "he"/"she" may look for the person.
const PRONOUN_PARAS: usize = 5;

fn speech_verbs() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        include_str!("../../data/loader/speech_verbs.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// One quoted span: from the opening mark in `start.0` to the closing mark in `end.0`.
#[derive(Debug, Clone, PartialEq)]
struct Span {
    /// Paragraph and byte offset of the opening mark.
    open: (usize, usize),
    /// Paragraph and byte offset just past the closing mark (or the paragraph end).
    close: (usize, usize),
    text: String,
    /// Index of the first span of its run: a quote whose sentences each reopen the
    /// quote with no mark closing the one before is one run of spans.
    run: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Curly,
    Straight,
}

/// Whether a straight quote at byte `i` of `p` opens a quote (by what precedes it).
fn opens_here(p: &str, i: usize) -> bool {
    let prev = p[..i].chars().next_back();
    let next = p[i + 1..].chars().next();
    matches!(
        prev,
        None | Some(' ' | '\n' | '(' | '[' | '—' | '–' | '-' | ':' | '/')
    ) && next.is_some_and(|c| !c.is_whitespace())
}

/// Whether paragraph `p` closes a quote of kind `mark` opened before it.
fn closes_in(p: &str, mark: Mark) -> bool {
    match mark {
        Mark::Curly => p.contains('”'),
        Mark::Straight => p
            .match_indices('"')
            .any(|(i, _)| i > 0 && !opens_here(p, i)),
    }
}

/// Finds the quoted spans of `paragraphs`, in text order.
fn spans(paragraphs: &[String]) -> Vec<Span> {
    let mut out = Vec::new();
    // The open quote: its mark, where it opened, and its text so far.
    let mut open: Option<(Mark, (usize, usize), String)> = None;
    // The first span of the run the open quote continues, if it reopened one.
    let mut run: Option<usize> = None;
    for (pi, p) in paragraphs.iter().enumerate() {
        let mut seg_start = 0;
        if let Some((mark, at, text)) = open.as_mut() {
            // Still open from an earlier paragraph: reopened, closed here, or ended.
            let reopened = match mark {
                Mark::Curly => p.starts_with('“'),
                Mark::Straight => p.starts_with('"'),
            };
            if (reopened || closes_in(p, *mark)) && pi - at.0 < MAX_PARAS {
                text.push(' ');
                if reopened {
                    seg_start = 1 + usize::from(*mark == Mark::Curly) * 2;
                }
            } else {
                let (_, at, text) = open.take().expect("open quote");
                let prev = &paragraphs[pi - 1];
                out.push(Span {
                    open: at,
                    close: (pi - 1, prev.len()),
                    text,
                    run: run.take().unwrap_or(out.len()),
                });
            }
        }
        // Only quotation marks matter: '"' and the curly marks, which start with 0xE2.
        let bytes = p.as_bytes();
        let base = seg_start.min(p.len());
        for at in memchr::memchr2_iter(b'"', 0xE2, &bytes[base..]) {
            let i = base + at;
            let c = match bytes[i] {
                b'"' => '"',
                _ if bytes[i..].starts_with("“".as_bytes()) => '“',
                _ if bytes[i..].starts_with("”".as_bytes()) => '”',
                _ => continue,
            };
            // '"We won. "It was hard."': a mark that opens (a space before it, a word
            // after) right after a sentence inside an open quote starts the quote's
            // next sentence; the mark closing the one before was left out (copy whose
            // paragraph breaks were lost writes a quote's paragraphs this way).
            let reopens = match (c, open.as_ref()) {
                ('“', Some((Mark::Curly, _, _))) => true,
                ('"', Some((Mark::Straight, _, _))) => opens_here(p, i),
                _ => false,
            } && p[..i].ends_with(' ')
                && p[seg_start.min(i)..i].trim_end().ends_with(['.', '!', '?']);
            if reopens {
                let (mark, at, mut text) = open.take().expect("open quote");
                text.push_str(p[seg_start.min(i)..i].trim_end());
                let first = *run.get_or_insert(out.len());
                out.push(Span {
                    open: at,
                    close: (pi, i),
                    text,
                    run: first,
                });
                open = Some((mark, (pi, i), String::new()));
                seg_start = i + c.len_utf8();
                continue;
            }
            match (c, open.as_ref().map(|o| o.0)) {
                ('“', None) => {
                    open = Some((Mark::Curly, (pi, i), String::new()));
                    seg_start = i + c.len_utf8();
                }
                ('"', None) if opens_here(p, i) => {
                    open = Some((Mark::Straight, (pi, i), String::new()));
                    seg_start = i + 1;
                }
                ('”', Some(Mark::Curly)) | ('"', Some(Mark::Straight)) => {
                    let (_, at, mut text) = open.take().expect("open quote");
                    text.push_str(&p[seg_start..i]);
                    out.push(Span {
                        open: at,
                        close: (pi, i + c.len_utf8()),
                        text,
                        run: run.take().unwrap_or(out.len()),
                    });
                }
                _ => {}
            }
        }
        if let Some((_, _, text)) = open.as_mut() {
            text.push_str(&p[seg_start.min(p.len())..]);
        }
    }
    if let Some((_, at, text)) = open {
        let last = paragraphs.len() - 1;
        out.push(Span {
            open: at,
            close: (last, paragraphs[last].len()),
            text,
            run: run.take().unwrap_or(out.len()),
        });
    }
    out
}

/// Whether a quote is worth listing: enough words, and not the Title Cased name of a
/// book, film or programme.
fn worth_listing(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < MIN_WORDS || text.len() > MAX_BYTES {
        return false;
    }
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let sentence = text.contains(['.', ',', '!', '?', ';']);
    sentence || capitalised * 4 < words.len() * 3
}

/// The words of `s` from byte `from` to byte `to`, with their byte offsets in `s`.
/// Commas, colons and semicolons separate words too.
fn words_in(s: &str, from: usize, to: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    if s[from..to].is_ascii() {
        let bytes = &s.as_bytes()[..to];
        let mut start = None;
        for (i, &b) in bytes.iter().enumerate().skip(from) {
            let sep = b == b' ' || (b'\t'..=b'\r').contains(&b) || matches!(b, b',' | b':' | b';');
            match (sep, start) {
                (true, Some(st)) => {
                    out.push((st, &s[st..i]));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(st) = start {
            out.push((st, &s[st..to]));
        }
        return out;
    }
    let mut start = None;
    for (i, c) in s[from..to].char_indices() {
        let sep = c.is_whitespace() || matches!(c, ',' | ':' | ';');
        match (sep, start) {
            (true, Some(st)) => {
                out.push((from + st, &s[from + st..from + i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((from + st, &s[from + st..to]));
    }
    out
}

/// Whether word `k` of `words` is a speech verb in the active voice: no participle
/// after a form of "be" ('a force would be agreed on', 'Doe was told: "…"'; 'Doe is
/// saying' is active).
fn speech_at(words: &[(usize, &str)], k: usize) -> bool {
    is_verb(words[k].1)
        && !(k > 0
            && !is_gerund(words[k].1)
            && matches!(
                bare(words[k - 1].1),
                "be" | "been" | "being" | "is" | "are" | "was" | "were"
            ))
}

fn bare(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

fn is_verb(w: &str) -> bool {
    let b = bare(w);
    b.len() >= 3 && speech_verbs().contains(b.to_ascii_lowercase().as_str())
}

/// Whether a person's `role` fits the description `words` of a speaker ("prime
/// minister", "Lions coach"): the role's head, its last word before "of", "at", "for"
/// or a bracket ("president of the club" is a president), is the description's last
/// word, a qualifier of the role ("former", "shadow", "deputy") is in the description
/// too, and a title word of the description (`role_modifiers`: "prime", "foreign") is
/// in the role: "the prime minister" is neither the former one nor a welfare minister.
fn role_fits(role: &str, words: &[&str]) -> bool {
    let Some(head) = words.last() else {
        return false;
    };
    let role_words = role_words(role);
    role_words
        .clone()
        .next_back()
        .is_some_and(|w| w.eq_ignore_ascii_case(head))
        && role_words
            .clone()
            .all(|w| !is_qualifier(w) || words.iter().any(|d| d.eq_ignore_ascii_case(w)))
        && words[..words.len() - 1].iter().all(|d| {
            let modifier = super::people::lexicon::lexicon()
                .role_modifiers
                .contains(d.to_lowercase().as_str());
            !modifier || role_words.clone().any(|w| w.eq_ignore_ascii_case(d))
        })
}

/// The words of a role up to its head, the last word before "of", "at", "for", "in",
/// a bracket or a comma ("president of the club": "president").
fn role_words(role: &str) -> impl DoubleEndedIterator<Item = &str> + Clone {
    let end = [" of ", " at ", " for ", " in ", " (", ","]
        .iter()
        .filter_map(|sep| role.find(sep))
        .min()
        .unwrap_or(role.len());
    role[..end]
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
}

/// Words that make a role another office than its head alone names ("former prime
/// minister", "shadow chancellor", "deputy leader").
fn is_qualifier(w: &str) -> bool {
    [
        "former",
        "ex",
        "shadow",
        "deputy",
        "vice",
        "assistant",
        "acting",
        "interim",
        "outgoing",
        "incoming",
        "late",
        "junior",
        "associate",
        "under",
    ]
    .iter()
    .any(|q| w.eq_ignore_ascii_case(q))
        || (w.len() > 3 && w.is_char_boundary(3) && w[..3].eq_ignore_ascii_case("ex-"))
}

/// Whether the quote closing just before byte `from` of `p` ends in a comma ('"…,"'),
/// so the sentence goes on after it.
fn closed_by_comma(p: &str, from: usize) -> bool {
    p[..from]
        .trim_end_matches(['"', '”', '’', '\''])
        .ends_with(',')
}

/// Whether a speech verb is a gerund ("saying", "adding").
fn is_gerund(w: &str) -> bool {
    bare(w).ends_with("ing")
}

fn is_the(w: &str) -> bool {
    bare(w).eq_ignore_ascii_case("the")
}

fn is_pronoun(w: &str) -> bool {
    matches!(bare(w), "he" | "she" | "He" | "She")
}

/// Words before a mention that make it an object, not a subject.
fn is_object_marker(w: &str) -> bool {
    matches!(
        bare(w).to_ascii_lowercase().as_str(),
        "with"
            | "to"
            | "by"
            | "of"
            | "for"
            | "from"
            | "about"
            | "against"
            | "between"
            | "on"
            | "at"
            | "in"
            | "into"
            | "than"
            | "like"
            | "told"
            | "asked"
            | "called"
            | "met"
    )
}

/// Whether the words before `at` are a quote closed by a comma, a
/// speech verb, and then up to [`TITLE_WORDS`] words of a title with no punctuation or
/// preposition among them: '"…," said harbour board chairman ' before a name.
fn said_after_quote_and_title(p: &str, at: usize) -> bool {
    // Most mentions have no quote closed by a comma shortly before them: a byte search
    // of the last stretch of text settles those.
    let mut from = at.saturating_sub(TITLE_WORDS * 20);
    while !p.is_char_boundary(from) {
        from += 1;
    }
    let near = &p[from..at];
    if !near.contains(",\"") && !near.contains(",”") {
        return false;
    }
    let words: Vec<&str> = p[..at]
        .split_whitespace()
        .rev()
        .take(TITLE_WORDS + 2)
        .collect();
    let Some(v) = words.iter().position(|w| is_verb(w)) else {
        return false;
    };
    words
        .get(v + 1)
        .is_some_and(|w| w.ends_with(['"', '”']) && w.trim_end_matches(['"', '”']).ends_with(','))
        && words[..v].iter().all(|w| {
            !w.ends_with([',', '.', ';', ':'])
                && !is_object_marker(w)
                && !matches!(*w, "that" | "who" | "which" | "when" | "if" | "because")
        })
}

/// Whether `head` ends in a name, a comma and up to four words of a description before
/// the word that follows it ("Jane Doe, the club's chief "): an apposition.
fn named_apposition(head: &str) -> bool {
    let Some(comma) = head.rfind(',') else {
        return false;
    };
    let desc = &head[comma + 1..];
    let words = desc.split_whitespace().count();
    // The word before the comma is capitalised, and not as a sentence's first word.
    let mut before = head[..comma].split_whitespace().rev();
    words <= 4
        && !desc.contains(['.', ';', ':', '"', '“', '”'])
        && before
            .next()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && before
            .next()
            .is_some_and(|w| !w.ends_with(['.', '!', '?', '"', '”']))
}

/// Whether a word names whoever speaks for a body ("spokeswoman").
fn is_spokesperson_word(w: &str) -> bool {
    matches!(w, "spokesman" | "spokeswoman" | "spokesperson")
}

/// The sex a given name says, when it says one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sex {
    Male,
    Female,
}

/// The sex of the given name opening `name`, for names almost only given to men or
/// only to women (`data/people/given_name_sex.txt`, from the US Census lists).
fn given_name_sex(name: &str) -> Option<Sex> {
    static MAP: OnceLock<std::collections::HashMap<&'static str, Sex>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        include_str!("../../data/people/given_name_sex.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (n, s) = l.split_once(' ')?;
                Some((n, if s == "f" { Sex::Female } else { Sex::Male }))
            })
            .collect()
    });
    let first = name.split_whitespace().next()?;
    if first.bytes().all(|b| b.is_ascii_lowercase()) {
        return map.get(first).copied();
    }
    map.get(first.to_lowercase().as_str()).copied()
}

/// Resolves the attribution around one quote.
struct Resolver<'a> {
    paragraphs: &'a [String],
    people: &'a People,
    /// Mentions sorted by position.
    mentions: Vec<Mention>,
    /// Where each quote opens and closes: a name inside a quote is not its speaker.
    quoted: Vec<((usize, usize), (usize, usize))>,
}

impl Resolver<'_> {
    fn name(&self, m: &Mention) -> Option<String> {
        self.people.people.get(m.person).map(|p| p.name.clone())
    }

    /// The mention covering or starting in `from..to` of paragraph `para`, nearest `to`
    /// when `last`. A possessive is no subject: in "Mr Doe's spokesman said" the
    /// spokesman speaks.
    fn mention_in(&self, para: usize, from: usize, to: usize, last: bool) -> Option<&Mention> {
        let mut it = self
            .mentions
            .iter()
            .filter(|m| m.para == para && m.start < to && m.end > from && !self.possessive(m));
        if last {
            it.next_back()
        } else {
            it.next()
        }
    }

    /// Whether a spokesperson the text does not name ("a spokeswoman for the council")
    /// is written between the end of `m` and `para`/`pos`: a pronoun after that stands
    /// for the spokesperson, not for `m`.
    fn unnamed_spokesperson_after(&self, m: &Mention, para: usize, pos: usize) -> bool {
        (m.para..=para).any(|k| {
            let p = &self.paragraphs[k];
            let from = if k == m.para { m.end } else { 0 };
            let to = if k == para { pos } else { p.len() };
            from < to
                && memchr::memmem::find_iter(&p.as_bytes()[from..to], b"spokes").any(|at| {
                    let rest = &p[from + at..to];
                    let word = rest
                        .split(|c: char| !c.is_alphabetic())
                        .next()
                        .unwrap_or("");
                    let next = rest[word.len()..].trim_start_matches([' ', ',']);
                    // "Jane Doe, spokeswoman for the club," and "Jane Doe, the club's
                    // chief spokeswoman," are named.
                    is_spokesperson_word(word)
                        && !next.starts_with(char::is_uppercase)
                        && !named_apposition(&p[..from + at])
                })
        })
    }

    /// The person most recently mentioned as a subject before `para`/`pos` whom the
    /// pronoun `pronoun` can stand for: "he" skips a person with a woman's given name,
    /// "she" one with a man's ([`given_name_sex`]). None when an unnamed spokesperson
    /// comes after that person ([`Resolver::unnamed_spokesperson_after`]).
    fn antecedent(&self, para: usize, pos: usize, pronoun: &str) -> Option<&Mention> {
        let other = if bare(pronoun).eq_ignore_ascii_case("she") {
            Sex::Male
        } else {
            Sex::Female
        };
        self.latest_subject(para, pos, Some(other))
    }

    /// Whether a mention is a possessive ("Mr Roe's plan").
    fn possessive(&self, m: &Mention) -> bool {
        let rest = &self.paragraphs[m.para][m.end..];
        rest.starts_with("'s ") || rest.starts_with("’s ")
    }

    /// The person most recently mentioned as a subject before `para`/`pos`, within
    /// [`PRONOUN_PARAS`] paragraphs, skipping people whose given name is of sex `other`
    /// and anyone named before an unnamed spokesperson.
    fn latest_subject(&self, para: usize, pos: usize, other: Option<Sex>) -> Option<&Mention> {
        self.mentions
            .iter()
            .rev()
            .filter(|m| (m.para, m.end) <= (para, pos) && m.para + PRONOUN_PARAS >= para)
            .find(|m| {
                if self
                    .people
                    .people
                    .get(m.person)
                    .is_some_and(|p| other.is_some() && given_name_sex(&p.name) == other)
                {
                    return false;
                }
                let inside = self
                    .quoted
                    .iter()
                    .any(|(o, c)| (m.para, m.start) > *o && (m.para, m.end) <= *c);
                if inside {
                    return false;
                }
                // "Jane Doe said Mr Roe's plan would fail": a possessive is no subject
                // when someone else is named in its sentence.
                if self.possessive(m) {
                    let p = &self.paragraphs[m.para];
                    let start = sentence_start(p, m.start);
                    let other_named = self.mentions.iter().any(|o| {
                        o.para == m.para
                            && o.person != m.person
                            && !self.possessive(o)
                            && sentence_start(p, o.start) == start
                    });
                    if other_named {
                        return false;
                    }
                }
                self.is_subject(m)
            })
            .filter(|m| !self.unnamed_spokesperson_after(m, para, pos))
    }

    /// Whether a mention reads as the subject of its sentence: near the sentence start
    /// and not after a preposition ("Jane Doe, 44, said", "Spokeswoman Jane Doe said"),
    /// or next to a speech verb ("... and Jane Doe said", '"…," said Jane Doe').
    fn is_subject(&self, m: &Mention) -> bool {
        let p = &self.paragraphs[m.para];
        let before = p[..m.start].split_whitespace().next_back();
        // "…, according to Jane Doe, chief of Acme.": the source of what is reported
        // is its speaker, whom a later "she said" names.
        if before == Some("to") && p[..m.start].trim_end().ends_with("according to") {
            return true;
        }
        if before.is_some_and(is_object_marker) {
            // "For Jane Doe, the work was personal.": a sentence opened by "For" and a
            // name is about that person, whom a later "he" or "she" names.
            return before == Some("For")
                && p[sentence_start(p, m.start)..m.start].trim() == "For"
                && p[m.end..].starts_with(',');
        }
        // '…," said Jane Doe': the speaker of the last quote; so is '…," said harbour
        // board chairman Jane Doe'.
        if before.is_some_and(is_verb) {
            // 'Doe said Roe was an example': a name a verb follows right after the speech
            // verb is the subject of what is reported, not of the sentence (not after a
            // sentence's end: '"…," she said. Roe was far from content').
            let next = p[m.end..].split_whitespace().next().unwrap_or_default();
            let reported = before.is_some_and(|w| w.ends_with(char::is_alphabetic));
            return !(reported && is_auxiliary(next));
        }
        if said_after_quote_and_title(p, m.start) {
            return true;
        }
        let start = sentence_start(p, m.start);
        let near_start = p[start..m.start]
            .split_whitespace()
            .take(SUBJECT_WORDS + 1)
            .count()
            <= SUBJECT_WORDS;
        near_start
            || titled_from_start(&p[start..m.start])
            || p[m.end..].split_whitespace().take(3).any(is_verb)
            || after_opening_phrase(&p[start..m.start], &p[m.end..])
    }

    /// A speaker from a subject: a mention in `from..to`, or a pronoun word. Nearest
    /// `to` when `last`, but a mention followed by an apposition that runs to `to` comes
    /// first ("Jane Doe, director of Example Music, said").
    fn subject(&self, para: usize, from: usize, to: usize, last: bool) -> Option<String> {
        if let Some(m) = self.mention_in(para, from, to, last) {
            // "Mr Doe has failed, he claimed": a pronoun set off by a comma right before
            // the verb is its subject, and stands for someone named before this
            // sentence, not for the name the words before it are about.
            let p = &self.paragraphs[para];
            if last {
                if let Some(&(at, w)) = words_in(p, m.end, to).last() {
                    let after_comma = p[..at]
                        .trim_end()
                        .trim_end_matches(['"', '”', '’', '\''])
                        .ends_with(',');
                    if is_pronoun(w) && after_comma && p[at + w.len()..to].trim().is_empty() {
                        let start = sentence_start(p, m.start);
                        return self.antecedent(para, start, w).and_then(|a| self.name(a));
                    }
                }
            }
            if last {
                if let Some(first) = self.apposition_subject(para, from, to, m) {
                    return self.name(first);
                }
            }
            return self.name(m);
        }
        let p = &self.paragraphs[para];
        let words = words_in(p, from, to);
        let pron = if last {
            words.iter().rev().find(|(_, w)| is_pronoun(w))
        } else {
            words.iter().find(|(_, w)| is_pronoun(w))
        };
        pron.and_then(|(at, w)| self.antecedent(para, *at, w))
            .and_then(|m| self.name(m))
    }

    /// [`Resolver::subject`], or when it finds nobody, a [`Resolver::described`]
    /// speaker.
    fn subject_or_described(
        &self,
        para: usize,
        from: usize,
        to: usize,
        last: bool,
    ) -> Option<String> {
        self.subject(para, from, to, last)
            .or_else(|| self.described(para, from, to, last))
    }

    /// A speaker named by a description: "the" and up to [`DESCRIPTION_WORDS`] words
    /// ending at `to` before a speech verb (`'"…," the prime minister said'`), or
    /// starting at `from` after one (`'said the Lions coach'`), that name the one person
    /// of the article whose role ends in the description's last word ("Prime Minister",
    /// "coach"), or whose stated age it gives ("the 30-year-old"). Several such people:
    /// no speaker; none: the description stands for the latest subject
    /// ([`Resolver::description_antecedent`]).
    fn described(&self, para: usize, from: usize, to: usize, last: bool) -> Option<String> {
        let p = &self.paragraphs[para];
        let text = p[from..to].trim();
        let phrase = if last {
            // The words after the last "the", which no preposition comes before ("a
            // spokeswoman for the club" is not the club).
            let at = text
                .rmatch_indices(|c: char| c.is_whitespace())
                .map(|(i, w)| i + w.len())
                .chain([0])
                .find(|&i| text[i..].split_whitespace().next().is_some_and(is_the))?;
            if text[..at]
                .split_whitespace()
                .next_back()
                .is_some_and(is_object_marker)
            {
                return None;
            }
            text[at..].split_once(char::is_whitespace)?.1
        } else {
            let rest = text.strip_prefix(['t', 'T'])?.strip_prefix("he ")?;
            rest.split([',', '.', ';', ':', '(']).next()?
        };
        // After the verb the description ends where a preposition or a relative
        // pronoun starts ("said the director behind three war films", "said the coach
        // who signed him").
        let ends_description = |w: &&str| {
            !last && (is_object_marker(w) || matches!(*w, "behind" | "who" | "whose" | "which"))
        };
        let words: Vec<&str> = phrase
            .split_whitespace()
            .take_while(|w| !ends_description(w))
            .map(bare)
            .collect();
        if words.is_empty()
            || words.len() > DESCRIPTION_WORDS
            || words.iter().any(|w| w.is_empty() || is_the(w))
        {
            return None;
        }
        let head = words[words.len() - 1].to_lowercase();
        // An age anywhere in the description must be the person's ("the 74-year-old
        // comedian").
        let age_of = |w: &str| {
            w.to_ascii_lowercase()
                .strip_suffix("-year-old")
                .and_then(|n| n.parse::<u32>().ok())
        };
        let age = words.iter().find_map(|w| age_of(w));
        let head_is_age = age_of(&head).is_some();
        let mut found = self.people.people.iter().filter(|person| {
            age.is_none_or(|age| person.age == Some(age))
                && (head_is_age || person.roles.iter().any(|role| role_fits(role, &words)))
        });
        match found.next() {
            Some(one) => found.next().is_none().then(|| one.name.clone()),
            None => self.description_antecedent(para, from, &head, head_is_age, age),
        }
    }

    /// The speaker a description that fits nobody's role or age stands for, as a
    /// pronoun would: the latest subject before `para`/`pos` ("Jane Doe says the forwards
    /// are ready. The 24-year-old said: …", "… the presenter said"). Only a description
    /// whose head is a role word for one person, not one for whoever speaks for a body
    /// ("the spokesman", "the official"), and only a subject no role or age of whom
    /// contradicts it.
    fn description_antecedent(
        &self,
        para: usize,
        pos: usize,
        head: &str,
        head_is_age: bool,
        age: Option<u32>,
    ) -> Option<String> {
        let lex = super::people::lexicon::lexicon();
        let speaks_for_others = is_spokesperson_word(head) || matches!(head, "official" | "source");
        if !(head_is_age || lex.role_heads.contains(head) || lex.nationality_nouns.contains(head))
            || speaks_for_others
        {
            return None;
        }
        let m = self.latest_subject(para, pos, None)?;
        let person = self.people.people.get(m.person)?;
        let role_ok = head_is_age
            || person.roles.is_empty()
            || person.roles.iter().any(|r| {
                role_words(r)
                    .next_back()
                    .is_some_and(|w| w.eq_ignore_ascii_case(head))
            });
        let age_ok = age.is_none_or(|a| person.age.is_none_or(|b| a == b));
        (role_ok && age_ok).then(|| person.name.clone())
    }

    /// The first mention in `from..to` when it is not `last_m` and an apposition
    /// follows it up to `to`: a comma right after it, and a comma closing the text just
    /// before `to` ("Jane Doe, director of Example Music, said").
    fn apposition_subject(
        &self,
        para: usize,
        from: usize,
        to: usize,
        last_m: &Mention,
    ) -> Option<&Mention> {
        let first = self.mention_in(para, from, to, false)?;
        let p = &self.paragraphs[para];
        (first.start < last_m.start
            && p[first.end..].starts_with(',')
            && p[first.end + 1..to].trim_end().ends_with(','))
        .then_some(first)
    }

    /// '"…," Jane Doe, a member of the city council, said': a quote closed by a comma
    /// (one ending in a full stop is followed by a new sentence), a speaker right after
    /// it or after a title of at most [`SUBJECT_WORDS`] words, a comma, and a speech verb
    /// within [`APPOSITION_WORDS`].
    fn after_apposition(&self, para: usize, from: usize, end: usize) -> Option<String> {
        let p = &self.paragraphs[para];
        if !closed_by_comma(p, from) {
            return None;
        }
        // The speaker's name first, or after a short title with no comma in it
        // ('," Maryland Sen. Jane Doe, the ranking member ..., said').
        let m = self
            .mentions
            .iter()
            .find(|m| m.para == para && m.start >= from && m.start < end)?;
        // A description set off by a comma may come first ('," the play's organiser in
        // Uganda, Jane Doe, told the BBC').
        let title = p[from..m.start].trim_end();
        let title = title.strip_suffix(',').unwrap_or(title);
        if !p[m.end..].starts_with(',')
            || title.contains([',', ';', ':'])
            || words_in(p, from, m.start).len() > SUBJECT_WORDS
        {
            return None;
        }
        words_in(p, m.end, end)
            .iter()
            .take(APPOSITION_WORDS + 1)
            .any(|(_, w)| is_verb(w))
            .then(|| self.name(m))
            .flatten()
    }

    /// '"…," National Bureau of Statistics chief Jane Doe told Reuters': a quote closed
    /// by a comma, then a title too long for [`AFTER_WORDS`] and a name right before a
    /// speech verb within [`TITLE_WORDS`] words.
    fn after_long_title(
        &self,
        para: usize,
        from: usize,
        words: &[(usize, &str)],
    ) -> Option<String> {
        let p = &self.paragraphs[para];
        if !closed_by_comma(p, from) {
            return None;
        }
        let v = words
            .iter()
            .take(TITLE_WORDS)
            .position(|(_, w)| is_verb(w))?;
        let (vat, _) = words[v];
        let m = self.mentions.iter().find(|m| {
            m.para == para && m.start >= from && m.end <= vat && p[m.end..vat].trim().is_empty()
        })?;
        self.name(m)
    }

    /// '"…," the paper quoted Jane Doe as saying' / 'the agency quoted Doe, a minister,
    /// as saying: "…"': the person named within [`SUBJECT_WORDS`] words after "quoted"
    /// in `from..to` of paragraph `para`, when "as saying" follows the name (and any
    /// apposition after it).
    fn quoted_as_saying(&self, para: usize, from: usize, to: usize) -> Option<String> {
        let p = &self.paragraphs[para];
        // Most attributions hold no "quoted": one byte search rules them out.
        memchr::memmem::find(&p.as_bytes()[from..to], b"quoted")?;
        let words = words_in(p, from, to);
        let k = words.iter().position(|(_, w)| bare(w) == "quoted")?;
        let after = words[k].0 + words[k].1.len();
        let s = words[k + 1..]
            .iter()
            .take(SUBJECT_WORDS + APPOSITION_WORDS + 2)
            .position(|(_, w)| bare(w) == "saying")?
            + k
            + 1;
        if words[s - 1].1 != "as" {
            return None;
        }
        let as_at = words[s - 1].0;
        // The name right before "as saying", or before the apposition that ends there
        // ("quoted Acme worker Jane Doe as saying": not Acme).
        let m = self.mentions.iter().find(|m| {
            m.para == para && m.start >= after && m.end <= as_at && {
                let gap = p[m.end..as_at].trim_start();
                gap.is_empty() || gap.starts_with(',')
            }
        })?;
        (words_in(p, after, m.start).len() <= SUBJECT_WORDS)
            .then(|| self.name(m))
            .flatten()
    }

    /// '"…," he said' / '"…," said Jane Doe' / '"…," Doe told the Post'.
    /// `Some(None)`: an attribution to someone not among the people.
    fn after(&self, span: &Span) -> Option<Option<String>> {
        let (para, from) = span.close;
        let p = &self.paragraphs[para];
        // A mark with a word right after it opened the next quote ('…. "But …'): what
        // follows is that quote, not an attribution.
        if p[from..].starts_with(char::is_alphanumeric)
            && !p[from..].split_whitespace().next().is_some_and(is_verb)
        {
            return None;
        }
        // The first of '“', '"', '.', '!' or '?' after the quote, passing over the full
        // stops of abbreviations ('"…," Donald Trump Jr. said', '"…," Dr. Doe said'),
        // any full stop a comma follows ('"…," Jane Doe, R-Harbour., said') and any
        // inside a word ('"…," Jane Doe, editor of Example.com told').
        let end = p.as_bytes()[from..]
            .iter()
            .enumerate()
            .position(|(k, &b)| {
                matches!(b, b'"' | b'!' | b'?')
                    || (b == b'.'
                        && !p.as_bytes().get(from + k + 1).is_some_and(|&c| {
                            // Nor one inside a word ('editor of Example.com told').
                            c == b',' || c.is_ascii_alphanumeric()
                        })
                        && !after_abbreviation(&p[..from + k]))
                    || (b == 0xE2 && p.as_bytes()[from + k..].starts_with("“".as_bytes()))
            })
            .map_or(p.len(), |k| from + k);
        if let Some(name) = self.quoted_as_saying(para, from, end) {
            return Some(Some(name));
        }
        let words = words_in(p, from, end);
        let Some(v) = (0..words.len().min(AFTER_WORDS)).find(|&k| speech_at(&words, k)) else {
            return self
                .after_apposition(para, from, end)
                .or_else(|| self.after_long_title(para, from, &words))
                .map(Some);
        };
        // A quote ending in a full stop ('"… penny." Jo Bloggs agreed the plan was sound')
        // is followed by a new sentence: an attribution only when that sentence is no
        // more than a name and the verb ('"We won." Jo Bloggs said.'). After a question
        // or an exclamation the attribution often follows ('"Why?" Doe asked today.').
        let inner = p[..from].trim_end_matches(['"', '”', '’', '\'']);
        let closed = inner.ends_with('.') && p[from..].trim_start().starts_with(char::is_uppercase);
        let capitalised = |w: &(usize, &str)| w.1.starts_with(char::is_uppercase);
        if closed && !(words[..v].iter().all(capitalised) && words[v + 1..].iter().all(capitalised))
        {
            return None;
        }
        let (vat, vw) = words[v];
        let before = self.subject_or_described(para, from, vat, true);
        if before.is_some() {
            return Some(before);
        }
        // '"…," adding that …': a gerund's subject is in the sentence before the quote.
        if is_gerund(vw) {
            return None;
        }
        // "said Jane Doe", "said he", "said the company's chairman Jane Doe"; "said the
        // coach" only with the verb first ('"…," she told the coach' is told).
        let after_end = words.get(v + AFTER_NAME_WORDS).map_or(end, |(at, _)| *at);
        Some(if v == 0 {
            self.subject_or_described(para, vat + vw.len(), after_end, false)
        } else {
            self.subject(para, vat + vw.len(), after_end, false)
        })
    }

    /// '… Doe said the company had a plan. "We are working on it."': a quote that
    /// opens its sentence, right after a sentence with no listed quote in it whose speech verb
    /// has a person (or "he"/"she" for one) as its subject, reports that person's words.
    /// The sentence before is in the same paragraph, or ends the paragraph before when
    /// the quote opens its own.
    fn reported(&self, span: &Span) -> Option<String> {
        let (para, at) = span.open;
        let p = &self.paragraphs[para];
        let (pp, head) = if p[..at].trim().is_empty() {
            let pp = para.checked_sub(1)?;
            (pp, self.paragraphs[pp].trim_end())
        } else if p[sentence_start(p, at)..at].trim().is_empty() {
            (para, p[..at].trim_end())
        } else {
            return None;
        };
        let last = head.chars().next_back()?;
        // 'As Doe explained in a statement:' closing the paragraph before a quote that
        // opens its own introduces it.
        let colon = last == ':' && pp < para;
        if !(matches!(last, '.' | '!' | '?') || colon) {
            return None;
        }
        let end = head.len() - last.len_utf8();
        let start = sentence_start(head, end);
        // A quote in that sentence has its own attribution; a scare quote ('the party
        // "fades away", he said') does not count.
        let listed_quote_in = self.quoted.iter().any(|&((op, oat), (cp, cat))| {
            (op, oat) < (pp, end)
                && (cp, cat) > (pp, start)
                && (op != cp || words_in(head, oat, cat.min(head.len())).len() >= MIN_WORDS)
        });
        if listed_quote_in {
            return None;
        }
        let words = words_in(head, start, end);
        let speech = |w: &(usize, &str)| is_verb(w.1) && !is_gerund(w.1);
        // After a colon the verb introducing the quote is the last, and its subject is in
        // its own clause ('X said the picture was incomplete, but one caller declared:').
        let v = if colon {
            words.iter().rposition(speech)?
        } else {
            words.iter().position(speech)?
        };
        let start = if colon {
            [", but ", ", and ", "; ", " but "]
                .iter()
                .filter_map(|c| {
                    head[start..words[v].0]
                        .rfind(c)
                        .map(|k| start + k + c.len())
                })
                .max()
                .unwrap_or(start)
        } else {
            start
        };
        let (vat, vw) = words[v];
        let m = self.mention_in(pp, start, vat, true);
        if m.is_some_and(|m| !self.is_subject(m)) {
            return None;
        }
        // '"Awesome," said Jo Bloggs. "…"': a quote too short to list, its speaker
        // after the verb, says whose the next one is.
        let inverted = head[..vat]
            .trim_end()
            .strip_suffix(['"', '”'])
            .is_some_and(|q| q.ends_with([',', '!', '?']));
        if m.is_none() && inverted {
            let after_end = words.get(v + AFTER_NAME_WORDS).map_or(end, |(at, _)| *at);
            return self.subject_or_described(pp, vat + vw.len(), after_end, false);
        }
        self.subject_or_described(pp, start, vat, true)
    }

    /// 'Jane Doe said: "…"' / 'she said the talks had "…"' in the same sentence.
    fn before(&self, span: &Span) -> Option<Option<String>> {
        let (para, to) = span.open;
        let p = &self.paragraphs[para];
        let start = sentence_start(p, to);
        if let Some(name) = self.quoted_as_saying(para, start, to) {
            return Some(Some(name));
        }
        let words = words_in(p, start, to);
        let Some(mut v) = (0..words.len()).rev().find(|&k| speech_at(&words, k)) else {
            return self.labelled(para, start, to).map(Some);
        };
        // "Doe said, adding that it was "…"": the gerund's subject is the earlier verb's.
        if is_gerund(words[v].1) {
            if let Some(finite) = words[..v]
                .iter()
                .rposition(|(_, w)| is_verb(w) && !is_gerund(w))
            {
                v = finite;
            }
        }
        let (vat, vw) = words[v];
        // A gerund with no finite verb before it takes the sentence's subject, not the
        // object of another verb ('a spokeswoman denied Doe said it, insisting: "…"').
        if is_gerund(vw) {
            if let Some(m) = self.mention_in(para, start, vat, true) {
                if !self.is_subject(m) {
                    return None;
                }
            }
        }
        // 'The minister said: "…"'; after the verb only a name or a pronoun ('said the
        // singer "…"' is about the singer).
        let subj = self.subject_or_described(para, start, vat, true);
        if subj.is_some() {
            return Some(subj);
        }
        // "said Jane Doe", "said the company's chairman Jane Doe": the name close after
        // the verb ('Acme agreed to pay … to settle a lawsuit filed by Doe, but …' is no
        // attribution to Doe).
        let after_end = words.get(v + AFTER_NAME_WORDS).map_or(to, |(at, _)| *at);
        let after_verb = self.subject(para, vat + vw.len(), after_end, false);
        // A gerund whose subject is not found ("… will call for tolerance, arguing that
        // they got "…"") says nothing against a speaker found otherwise.
        if after_verb.is_none() && is_gerund(words[v].1) {
            return None;
        }
        Some(after_verb)
    }

    /// 'Northway boss Jo Bloggs: "…"': a quote opening after a name and a colon, where
    /// the sentence has no speech verb and nothing but a title before the name (a list
    /// of reactions, an interview's speaker labels). Not 'He wrote to Jo Bloggs: "…"'.
    fn labelled(&self, para: usize, start: usize, to: usize) -> Option<String> {
        let p = &self.paragraphs[para];
        let colon = start + p[start..to].trim_end().strip_suffix(':')?.len();
        let m = self.mention_in(para, start, colon, true)?;
        if m.end != colon {
            return None;
        }
        let title = words_in(p, start, m.start);
        (title.len() <= TITLE_WORDS && title.iter().all(|&(_, w)| is_title_word(w)))
            .then(|| self.name(m))
            .flatten()
    }
}

/// Whether a word may stand in a title before a name: a list marker, a capitalised
/// word, "of" or "the", or a lower-case word of a role ("Northway boss", "former
/// England captain").
fn is_title_word(w: &str) -> bool {
    if matches!(w, "-" | "*" | "•" | "–" | "—" | "of" | "the") {
        return true;
    }
    if w.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    let lex = super::people::lexicon::lexicon();
    let l = w.to_lowercase();
    lex.role_heads.contains(l.as_str())
        || lex.role_modifiers.contains(l.as_str())
        || lex.later_role_modifiers.contains(l.as_str())
}

/// Whether the words of a sentence before a name are a capitalised title, with at most
/// one word before it that is no preposition ("But Chief Secretary to the Treasury"
/// before "Jane Doe attacked the plan"): the name is the sentence's subject however long
/// its title.
fn titled_from_start(before: &str) -> bool {
    let words: Vec<&str> = before.split_whitespace().collect();
    let link = |w: &str| matches!(w, "of" | "to" | "the" | "for" | "on");
    let mut k = words.len();
    while k > 0 {
        let w = words[k - 1];
        // A comma or "and" joins names in a list, not the words of a title.
        if w.ends_with(',') {
            break;
        }
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        if cap || (link(w) && k >= 2) {
            k -= 1;
        } else {
            break;
        }
    }
    let title = &words[k..];
    title.len() > SUBJECT_WORDS
        && title
            .first()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        && k <= 1
        && words[..k].iter().all(|w| !is_object_marker(w))
}

/// Whether `head` ends in a word whose full stop does not end a sentence ("Jr", "Dr",
/// an initial).
fn after_abbreviation(head: &str) -> bool {
    let word = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    !word.is_empty() && super::people::tokens::is_abbreviation(word)
}

/// Whether a name between `head` (its sentence up to the name) and `tail` (the text
/// after it) is the subject after an opening phrase: the sentence opens with a
/// preposition or a word of time or circumstance, a comma closes that phrase right
/// before the name, and a finite verb follows the name ("In an interview on Monday,
/// Jane Doe praised the council", "Asked about the plan, Jane Doe has said").
fn after_opening_phrase(head: &str, tail: &str) -> bool {
    if !head.trim_end().ends_with(',') {
        return false;
    }
    let first = head.split_whitespace().next().map(bare).unwrap_or_default();
    if !OPENING_WORDS.contains(&first) {
        return false;
    }
    let Some(next) = tail.split_whitespace().next() else {
        return false;
    };
    let w = next.trim_end_matches([',', '.', ';', ':']);
    w.bytes().all(|b| b.is_ascii_lowercase())
        && (is_verb(w) || (w.len() > 4 && w.ends_with("ed")) || is_auxiliary(w))
}

/// Whether `w` is a finite form of "be", "have" or a modal: a verb that makes the name
/// before it the subject of a clause.
fn is_auxiliary(w: &str) -> bool {
    matches!(
        w,
        "is" | "are"
            | "was"
            | "were"
            | "has"
            | "had"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "might"
            | "did"
    )
}

/// Capitalised words that open a phrase before a sentence's subject: prepositions,
/// conjunctions of time or reason, and participles of speaking and asking.
const OPENING_WORDS: &[&str] = &[
    "In",
    "On",
    "At",
    "After",
    "Before",
    "During",
    "Since",
    "Until",
    "When",
    "While",
    "Whilst",
    "As",
    "Although",
    "Though",
    "Despite",
    "Following",
    "Earlier",
    "Later",
    "Last",
    "Yesterday",
    "Today",
    "Speaking",
    "Asked",
    "Writing",
    "Interviewed",
    "Meanwhile",
    "However",
    "Elsewhere",
    "Separately",
    "Afterwards",
    "Now",
    "Then",
];

/// Byte offset where the sentence holding byte `pos` starts: just past the last `.`,
/// `!`, `?`, or `”` right after one of them or a comma ('…,” he said'), before `pos`
/// that (after any closing quotes) is followed by a space. A scare quote ('“fade away”
/// soon') ends no sentence.
fn sentence_start(p: &str, pos: usize) -> usize {
    let head = &p[..pos];
    let bytes = head.as_bytes();
    // Later ends give later starts, so the first end found from the back is the one.
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        let len = match bytes[i] {
            b'.' | b'!' | b'?' => 1,
            0xE2 if bytes[i..].starts_with("”".as_bytes())
                && matches!(bytes[..i].last(), Some(b'.' | b',' | b'!' | b'?')) =>
            {
                3
            }
            _ => continue,
        };
        let rest = head[i + len..].trim_start_matches(['"', '”', '\'', '’']);
        if rest.starts_with([' ', '\n']) {
            return head.len() - rest.len();
        }
    }
    0
}

/// Finds direct quotes and attributes each to a person of `people` when the text says who.
pub fn extract(paragraphs: &[String], people: &People) -> Vec<Quote> {
    if paragraphs.is_empty() {
        return Vec::new();
    }
    let mut mentions = people.mentions.clone();
    mentions.sort_by_key(|m| (m.para, m.start));
    let all = spans(paragraphs);
    let r = Resolver {
        paragraphs,
        people,
        mentions,
        quoted: all.iter().map(|s| (s.open, s.close)).collect(),
    };
    // A run of reopened spans longer than a quote may be is an excerpt of a document
    // (a bill quoted clause by clause), none of it listed.
    let mut run_bytes = vec![0usize; all.len()];
    for s in &all {
        run_bytes[s.run] += s.text.len();
    }
    let mut out: Vec<Quote> = Vec::new();
    // The previous listed quote: its speaker and where it ended.
    let mut prev: Option<(Option<String>, (usize, usize))> = None;
    for span in all {
        let text = span
            .text
            .trim()
            .trim_end_matches(',')
            .trim_end()
            .to_string();
        if !worth_listing(&text) || run_bytes[span.run] > MAX_BYTES {
            continue;
        }
        // A quote that ends its own sentence ('… overturned."') is followed by a new
        // sentence: the attribution before it ('Jane Doe told crowds: "…"') comes first.
        let ended = text.ends_with(['.', '!', '?']);
        let attributed = if ended {
            // After such a quote a sentence with a subject of its own ('"…." Acme says
            // it will …') is no attribution to a non-person: a continued or reported
            // quote keeps its speaker.
            r.before(&span)
                .or_else(|| r.after(&span).filter(Option::is_some))
        } else {
            r.after(&span).or_else(|| r.before(&span))
        };
        let speaker = match attributed {
            Some(s) => s,
            None => inherited(&r, &span, prev.as_ref()).or_else(|| r.reported(&span)),
        };
        prev = Some((speaker.clone(), span.close));
        if !out.iter().any(|q| q.text == text) {
            out.push(Quote { speaker, text });
        }
    }
    out
}

/// The previous quote's speaker when this quote continues it: it is in the same
/// paragraph, or opens the next paragraph, and no one is named in between.
fn inherited(
    r: &Resolver<'_>,
    span: &Span,
    prev: Option<&(Option<String>, (usize, usize))>,
) -> Option<String> {
    let (speaker, (pp, pend)) = prev?;
    let (op, oat) = span.open;
    let adjacent = (op == *pp && oat >= *pend) || (op == pp + 1 && oat == 0);
    if !adjacent {
        return None;
    }
    // Someone else named in between ('…," said Doe. Roe nodded. "…"') breaks the chain;
    // the speaker's own name in the attribution does not, nor a name the attribution's
    // own sentence speaks of ('…," said Doe, who has dropped Roe. "…"', '…," said Roe's
    // publicist Jane Doe. "…"').
    let pp_text = &r.paragraphs[*pp];
    let attribution_follows = !pp_text[..*pend]
        .trim_end_matches(['"', '”', '’', '\''])
        .ends_with(['.', '!', '?']);
    let named_between = r.mentions.iter().any(|m| {
        (m.para, m.start) >= (*pp, *pend)
            && (m.para, m.end) <= (op, oat)
            && r.name(m) != *speaker
            && !(m.para == *pp
                && attribution_follows
                && sentence_start(pp_text, m.start) <= *pend
                && (r.possessive(m) || !r.is_subject(m)))
    });
    (!named_between).then(|| speaker.clone()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PersonRef;

    /// People with mentions found by searching `paragraphs` for each form.
    fn people(paragraphs: &[String], persons: &[(&str, &[&str])]) -> People {
        let mut out = People::default();
        for (idx, (name, forms)) in persons.iter().enumerate() {
            out.people.push(PersonRef {
                name: name.to_string(),
                ..PersonRef::default()
            });
            for (pi, p) in paragraphs.iter().enumerate() {
                for form in *forms {
                    for (at, _) in p.match_indices(form) {
                        out.mentions.push(Mention {
                            para: pi,
                            start: at,
                            end: at + form.len(),
                            person: idx,
                        });
                    }
                }
            }
        }
        // "Doe" inside "Jane Doe" is the same mention.
        let all = out.mentions.clone();
        out.mentions.retain(|m| {
            !all.iter()
                .any(|o| o != m && o.para == m.para && o.start <= m.start && o.end >= m.end)
        });
        out.mentions.sort_by_key(|m| (m.para, m.start));
        out
    }

    fn run(paras: &[&str], persons: &[(&str, &[&str])]) -> Got {
        let paras: Vec<String> = paras.iter().map(|s| s.to_string()).collect();
        let ppl = people(&paras, persons);
        quotes_of(&paras, &ppl)
    }

    /// The quotes of `paras` as (speaker, text) pairs.
    fn quotes_of(paras: &[String], ppl: &People) -> Got {
        extract(paras, ppl)
            .into_iter()
            .map(|q| (q.speaker, q.text))
            .collect()
    }

    type Got = Vec<(Option<String>, String)>;

    fn q(speaker: Option<&str>, text: &str) -> (Option<String>, String) {
        (speaker.map(str::to_string), text.to_string())
    }

    const DOE: (&str, &[&str]) = ("Jane Doe", &["Jane Doe", "Doe"]);
    const ROE: (&str, &[&str]) = ("Richard Roe", &["Richard Roe", "Roe"]);

    /// Sentence starts found scanning forward over every character.
    fn sentence_start_reference(p: &str, pos: usize) -> usize {
        let head = &p[..pos];
        let mut best = 0;
        let mut before = None;
        for (i, c) in head.char_indices() {
            let prev = before.replace(c);
            // A closing curly quote ends a sentence only after punctuation: "“fade
            // away” soon" goes on.
            let closes = c == '”' && matches!(prev, Some('.' | ',' | '!' | '?'));
            if matches!(c, '.' | '!' | '?') || closes {
                let rest = &head[i + c.len_utf8()..];
                let rest = rest.trim_start_matches(['"', '”', '\'', '’']);
                if rest.starts_with([' ', '\n']) {
                    best = head.len() - rest.len();
                }
            }
        }
        best
    }

    #[test]
    fn sentence_starts_match_a_forward_scan() {
        for p in [
            "He left. She said “No.” ’ Then \"it.\" ok! Why? x.y z",
            "No end here",
            "Dots... and “quotes”” here. ",
        ] {
            for pos in (0..=p.len()).filter(|&i| p.is_char_boundary(i)) {
                assert_eq!(
                    sentence_start(p, pos),
                    sentence_start_reference(p, pos),
                    "{p} {pos}"
                );
            }
        }
    }

    #[test]
    fn words_split_like_the_character_scan() {
        let s = "One, two:three;  four\tfive. \u{a0}six";
        let got: Vec<&str> = words_in(s, 0, s.len()).into_iter().map(|w| w.1).collect();
        assert_eq!(got, ["One", "two", "three", "four", "five.", "six"]);
        let got: Vec<(usize, &str)> = words_in(s, 5, 13);
        assert_eq!(got, [(5, "two"), (9, "thre")]);
    }

    #[test]
    fn attribution_forms() {
        let cases: Vec<(Vec<&str>, Got)> = vec![
            (
                vec![
                    "Jane Doe spoke on Monday.",
                    "“We will rebuild the bridge,” she said.",
                ],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            (
                vec!["“We will rebuild the bridge,” Doe told the Post."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            (
                vec!["\"We will rebuild the bridge,\" said Richard Roe."],
                vec![q(Some("Richard Roe"), "We will rebuild the bridge")],
            ),
            (
                vec!["Roe said: \"We will rebuild the bridge.\""],
                vec![q(Some("Richard Roe"), "We will rebuild the bridge.")],
            ),
            (
                vec!["Doe said \"the bridge will be rebuilt soon\" and left."],
                vec![q(Some("Jane Doe"), "the bridge will be rebuilt soon")],
            ),
            (
                vec!["Jane Doe, director of Roe Music, said: \"We will rebuild the bridge.\""],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge.")],
            ),
            (
                vec!["“We will rebuild the bridge,” Doe, who chairs the works committee of the city council, said."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            (
                vec!["“We will rebuild the bridge,” Doe, a member of the city council, told reporters."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            (
                vec!["“We will rebuild the bridge.” Doe, a member of the city council, told reporters it would cost more."],
                vec![q(None, "We will rebuild the bridge.")],
            ),
            // A description set off by a comma before the name and its comma.
            (
                vec!["“We will rebuild the bridge,” the council's engineer in Tarnby, Jane Doe, told the Post."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            // A full stop inside a word ends no attribution.
            (
                vec!["“We will rebuild the bridge,” Richard Roe, editor of Harbour.net told the Post."],
                vec![q(Some("Richard Roe"), "We will rebuild the bridge")],
            ),
            // Two commas in the description: a list, no apposition.
            (
                vec!["“We will rebuild the bridge,” the engineers, the council, Jane Doe, told the Post."],
                vec![q(None, "We will rebuild the bridge")],
            ),
            (
                vec!["Doe told the crowd: “We will rebuild the bridge.” Richard Roe, in the square, said little."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge.")],
            ),
            (
                vec!["Jane Doe's spokesman said: “We will rebuild the bridge.”"],
                vec![q(None, "We will rebuild the bridge.")],
            ),
            (
                vec!["“We will rebuild the bridge,” the ministry said."],
                vec![q(None, "We will rebuild the bridge")],
            ),
            (
                vec!["“We will rebuild the bridge.”"],
                vec![q(None, "We will rebuild the bridge.")],
            ),
            // A long title before the name.
            (
                vec!["“We will rebuild the bridge,” Harbour Board of Works chief engineer Jane Doe told reporters."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            // A title before a name and its apposition.
            (
                vec!["“We will rebuild the bridge,” Harbour Sen. Jane Doe, the ranking member on the works committee, said Thursday."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            (
                vec!["“We will rebuild the bridge,” Harbour Board Works Committee Chairman Richard Roe, a Republican, said during a hearing."],
                vec![q(Some("Richard Roe"), "We will rebuild the bridge")],
            ),
            // Quoted as saying, after the quote or before it.
            (
                vec!["“We will rebuild the bridge,” the Harbour Post quoted Doe as saying."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            (
                vec!["“We will rebuild the bridge,” the agency quoted Roe worker Jane Doe as saying."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            (
                vec!["The agency quoted Richard Roe, a member of the works committee, as saying: “We will rebuild the bridge.”"],
                vec![q(Some("Richard Roe"), "We will rebuild the bridge.")],
            ),
            // A full stop a comma follows ends no sentence.
            (
                vec!["“We will rebuild the bridge,” Works Committee Chairman Richard Roe, R-Harbour., said during a hearing."],
                vec![q(Some("Richard Roe"), "We will rebuild the bridge")],
            ),
            // Not past a comma, nor a long way in.
            (
                vec!["“We will rebuild the bridge,” the board, which met Doe, a member of the city council, said."],
                vec![q(None, "We will rebuild the bridge")],
            ),
            // A gerund or "revealed" attributes too.
            (
                vec!["Jane Doe, telling the council: “We will rebuild the bridge.”"],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge.")],
            ),
            (
                vec!["“We will rebuild the bridge,” Doe revealed."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            // A gerund takes the sentence's subject, not an object.
            (
                vec!["A spokeswoman for the town council denied Doe made the remark, insisting: “We will rebuild the bridge.”"],
                vec![q(None, "We will rebuild the bridge.")],
            ),
            // A gerund after a finite verb shares its subject.
            (
                vec!["Richard Roe, head of the board, asked for a vote and Doe said, adding that the bridge would be “rebuilt within the year”."],
                vec![q(Some("Jane Doe"), "rebuilt within the year")],
            ),
            // The full stop of an abbreviation does not end the attribution.
            (
                vec!["“We will rebuild the bridge,” Dr. Doe said."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            (
                vec!["“We will rebuild the bridge,” Richard Roe Jr. said."],
                vec![q(Some("Richard Roe Jr."), "We will rebuild the bridge")],
            ),
        ];
        const ROE_JR: (&str, &[&str]) = ("Richard Roe Jr.", &["Richard Roe Jr."]);
        for (paras, want) in cases {
            assert_eq!(run(&paras, &[DOE, ROE, ROE_JR]), want, "{paras:?}");
        }
    }

    #[test]
    fn a_role_fits_a_description_by_its_head_and_title_words() {
        // (a person's role, the description after "the", fits)
        let cases = [
            ("Prime Minister", "prime minister", true),
            ("Foreign Minister", "minister", true),
            ("president of the Example Society", "president", true),
            ("Lions coach", "coach", true),
            ("coach", "French coach", true),
            // The head is the role's last word before "of": not the organisation.
            ("president of the Example Society", "society", false),
            // A qualifier of the role must be in the description ...
            ("Former prime minister", "prime minister", false),
            ("shadow foreign secretary", "foreign secretary", false),
            ("shadow foreign secretary", "shadow foreign secretary", true),
            ("Deputy Prime Minister", "prime minister", false),
            // ... and a title word of the description in the role.
            ("minister", "prime minister", false),
            ("Health Minister", "finance minister", false),
            ("chairman", "minister", false),
        ];
        for (role, description, want) in cases {
            let words: Vec<&str> = description.split(' ').collect();
            assert_eq!(role_fits(role, &words), want, "{role} / {description}");
        }
    }

    #[test]
    fn a_description_names_the_one_person_it_fits() {
        // (paragraphs, quotes expected); Jane Doe is the mayor, 52; Richard Roe the
        // council's chief executive, 44.
        let cases: Vec<(Vec<&str>, Got)> = vec![
            (
                vec!["“We will rebuild the bridge,” the mayor said."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            (
                vec!["“We will rebuild the bridge,” said the chief executive."],
                vec![q(Some("Richard Roe"), "We will rebuild the bridge")],
            ),
            // Spaces wider than one byte (no-break) between the words.
            (
                vec!["“We will rebuild the bridge,”\u{a0}the\u{a0}mayor said."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            (
                vec!["The mayor told reporters: “We will rebuild the bridge.”"],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge.")],
            ),
            (
                vec!["“We will rebuild the bridge,” added the 44-year-old."],
                vec![q(Some("Richard Roe"), "We will rebuild the bridge")],
            ),
            // After the verb the description ends at a preposition or "who".
            (
                vec!["“We will rebuild the bridge,” said the mayor behind the new plan."],
                vec![q(Some("Jane Doe"), "We will rebuild the bridge")],
            ),
            (
                vec!["“We will rebuild the bridge,” said the chief executive who signed the deal."],
                vec![q(Some("Richard Roe"), "We will rebuild the bridge")],
            ),
            // An age in the description must be the person's.
            (
                vec!["“We will rebuild the bridge,” said the 61-year-old mayor."],
                vec![q(None, "We will rebuild the bridge")],
            ),
            // Nobody with that role; a qualifier the role lacks; after a preposition.
            (
                vec!["“We will rebuild the bridge,” the governor said."],
                vec![q(None, "We will rebuild the bridge")],
            ),
            (
                vec!["“We will rebuild the bridge,” the former mayor said."],
                vec![q(None, "We will rebuild the bridge")],
            ),
            (
                vec!["A spokeswoman for the mayor said: “We will rebuild the bridge.”"],
                vec![q(None, "We will rebuild the bridge.")],
            ),
            // After a verb that has its subject, the description is its object.
            (
                vec!["“We will rebuild the bridge,” she told the mayor."],
                vec![q(None, "We will rebuild the bridge")],
            ),
            // After the verb and before the quote, the description is what is spoken of.
            (
                vec!["Roe said the mayor “will rebuild the bridge next year”."],
                vec![q(Some("Richard Roe"), "will rebuild the bridge next year")],
            ),
            (
                vec!["Critics said the mayor “will rebuild the bridge next year”."],
                vec![q(None, "will rebuild the bridge next year")],
            ),
        ];
        for (paras, want) in cases {
            let owned: Vec<String> = paras.iter().map(|s| s.to_string()).collect();
            let mut ppl = people(&owned, &[DOE, ROE]);
            ppl.people[0].roles = vec!["Mayor".into()];
            ppl.people[0].age = Some(52);
            ppl.people[1].roles = vec!["chief executive of the council".into()];
            ppl.people[1].age = Some(44);
            assert_eq!(quotes_of(&owned, &ppl), want, "{paras:?}");
        }
        // Two people the description fits: no speaker.
        let paras = vec!["“We will rebuild the bridge,” the mayor said.".to_string()];
        let mut ppl = people(&paras, &[DOE, ROE]);
        ppl.people[0].roles = vec!["Mayor".into()];
        ppl.people[1].roles = vec!["mayor".into()];
        assert_eq!(extract(&paras, &ppl)[0].speaker, None);
    }

    #[test]
    fn a_description_that_fits_nobody_stands_for_the_latest_subject() {
        // (paragraphs, speaker expected); Jane Doe is the coach, Richard Roe has no role.
        let lead = "Richard Roe says the forwards are ready.";
        let cases: &[(&str, Option<&str>)] = &[
            // A role word or an age that nobody's role or age contradicts.
            (
                "“We will see how good they are,” the 24-year-old said.",
                Some("Richard Roe"),
            ),
            (
                "“We will see how good they are,” said the Chelsea striker.",
                Some("Richard Roe"),
            ),
            // A noun for a person of a nation, as sports reports write it.
            (
                "“We will see how good they are,” said the Australian.",
                Some("Richard Roe"),
            ),
            (
                "“We will see how good they are,” the 24-year-old Swede said.",
                Some("Richard Roe"),
            ),
            // Not whoever speaks for a body, not a word that is no role.
            ("“We will see how good they are,” the spokesman said.", None),
            ("“We will see how good they are,” the club said.", None),
        ];
        for (quote, want) in cases {
            let owned = vec![lead.to_string(), quote.to_string()];
            let mut ppl = people(&owned, &[DOE, ROE]);
            ppl.people[0].roles = vec!["coach".into()];
            assert_eq!(
                extract(&owned, &ppl)[0].speaker.as_deref(),
                *want,
                "{quote}"
            );
        }
        // Nor someone whose role or age says otherwise: Jane Doe, the coach, aged 52.
        let owned = vec![
            "Jane Doe says the forwards are ready.".to_string(),
            "“We will see how good they are,” said the Chelsea striker.".to_string(),
            "“We will see how good they are now,” said the 24-year-old.".to_string(),
        ];
        let mut ppl = people(&owned, &[DOE, ROE]);
        ppl.people[0].roles = vec!["coach".into()];
        ppl.people[0].age = Some(52);
        let got = extract(&owned, &ppl);
        assert_eq!(
            (got[0].speaker.as_deref(), got[1].speaker.as_deref()),
            (None, None)
        );
    }

    #[test]
    fn a_name_and_a_colon_label_a_quote() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "- Northway boss Jane Doe: “We had a great chance to win it.”",
                Some("Jane Doe"),
            ),
            (
                "Former England captain Richard Roe: “It was not our day at all.”",
                Some("Richard Roe"),
            ),
            (
                "Roe: “It was not our day at all, and we know it.”",
                Some("Richard Roe"),
            ),
            // A verb or an object before the name: not a label.
            (
                "He sent a letter to Jane Doe: “Please stay on as coach.”",
                None,
            ),
            (
                "The fans sang about Roe: “There is only one Richard.”",
                None,
            ),
            // A colon away from the name is no label either.
            ("Jane Doe and the team: “We will be back next year.”", None),
        ];
        for (para, want) in cases {
            let got = run(&[para], &[DOE, ROE]);
            assert_eq!(got[0].0.as_deref(), *want, "{para}");
        }
    }

    #[test]
    fn a_paragraph_ending_in_a_colon_introduces_the_quote_after_it() {
        let quote = "\"It was orbiting something completely invisible to us.\"";
        for (intro, want) in [
            (
                "As Jane Doe explained in a press release:",
                Some("Jane Doe"),
            ),
            // The verb before the colon is the last; its subject is in its own clause.
            (
                "Jane Doe said the picture was incomplete, but one caller declared:",
                None,
            ),
            // A colon with no speech verb introduces nothing.
            ("Jane Doe has a list of rules:", None),
        ] {
            let got = run(&[intro, quote], &[DOE, ROE]);
            assert_eq!(got[0].0.as_deref(), want, "{intro}");
        }
    }

    #[test]
    fn a_short_quote_said_by_a_name_gives_the_next_its_speaker() {
        let got = run(
            &["\"It's awesome,\" said Jane Doe. \"I started preparing for this nine months ago.\""],
            &[DOE, ROE],
        );
        assert_eq!(got[0].0.as_deref(), Some("Jane Doe"), "{got:?}");
        // Without the short quote, 'said Doe' after another subject is reported speech
        // about Doe.
        let got = run(
            &["Officials said Jane Doe would resign. \"It is the end of an era for the club.\""],
            &[DOE, ROE],
        );
        assert_eq!(got[0].0, None, "{got:?}");
    }

    #[test]
    fn a_name_the_attribution_speaks_of_keeps_the_chain() {
        let paras = ["\"If he is banned, we will call up another player,\" said Jane Doe, who has dropped Richard Roe. \"We missed him badly against the Scots.\""];
        let got = run(&paras, &[DOE, ROE]);
        assert_eq!(got[1].0.as_deref(), Some("Jane Doe"), "{got:?}");
        // So does a possessive before the speaker's title.
        let paras = [
            "\"Britain needs a new band to breathe life into it,\" declared Roe's singer Jane Doe.",
            "\"Nobody is doing it at the minute, and we will.\"",
        ];
        let got = run(&paras, &[DOE, ROE]);
        assert_eq!(got[1].0.as_deref(), Some("Jane Doe"), "{got:?}");
        // A name in a new sentence, or in the quote's own sentence, breaks it.
        for para in [
            "\"We will call up another player now,\" said Jane Doe. Richard Roe was dropped. \"We missed him badly against the Scots.\"",
            "\"We have a fantastic chance this year,\" said Jane Doe. \"We can go all the way.\" It is a view shared by Roe, who believes \"we can win the whole thing\".",
        ] {
            let got = run(&[para], &[DOE, ROE]);
            assert_eq!(got[0].0.as_deref(), Some("Jane Doe"), "{para}");
            assert_eq!(got.last().unwrap().0, None, "{para}");
        }
    }

    #[test]
    fn a_mark_after_a_sentence_inside_a_quote_reopens_it() {
        // Copy that lost its paragraph breaks reopens a quote at each of its
        // paragraphs with no closing mark before.
        let paras = [
            "Jane Doe said: \"We were resolute and had talent. \"It is a competition we want to win.\"\n - Northway boss Richard Roe: \"They will be fresh and we will be tired. That is honest.\"",
        ];
        assert_eq!(
            run(&paras, &[DOE, ROE]),
            vec![
                q(Some("Jane Doe"), "We were resolute and had talent."),
                q(Some("Jane Doe"), "It is a competition we want to win."),
                q(
                    Some("Richard Roe"),
                    "They will be fresh and we will be tired. That is honest."
                ),
            ]
        );
        // The same with curly marks.
        let paras =
            ["Jane Doe said: “We were resolute and strong. “It is a fine competition to win.”"];
        assert_eq!(
            run(&paras, &[DOE]),
            vec![
                q(Some("Jane Doe"), "We were resolute and strong."),
                q(Some("Jane Doe"), "It is a fine competition to win."),
            ]
        );
        // A document quoted clause by clause, longer than a quote may be: no quotes.
        let clause =
            "“(a) The Secretary shall report on the programme to the committees every year. ";
        let bill = format!("The bill says: {}”", clause.repeat(30));
        assert!(run(&[bill.as_str()], &[DOE]).is_empty());
    }

    #[test]
    fn the_sentence_after_a_full_stop_is_no_attribution() {
        let lead = "“We won the game and we deserved it,” said Jane Doe.";
        let cases: &[(&str, Option<&str>)] = &[
            // A new sentence about another person: the quote goes on from Jane Doe.
            (
                "“It was hard work.” Richard Roe admitted the result was fair.",
                Some("Jane Doe"),
            ),
            // A name and the verb alone are an attribution.
            ("“It was hard work.” Richard Roe said.", Some("Richard Roe")),
            // After a question the attribution may run on.
            (
                "“Was it hard work?” Richard Roe asked on Monday.",
                Some("Richard Roe"),
            ),
        ];
        for (para, want) in cases {
            let got = run(&[lead, para], &[DOE, ROE]);
            assert_eq!(got[1].0.as_deref(), *want, "{para}");
        }
    }

    #[test]
    fn a_speaker_after_the_verb_is_close_to_it_and_active() {
        let cases: &[(&str, Option<&str>)] = &[
            // A name far after the verb is no speaker.
            (
                "The firm agreed to pay a large sum of money last year to settle a lawsuit filed by Richard Roe, but under the deal it “neither admits nor denies the claims”.",
                None,
            ),
            ("Last week said Richard Roe: “We will fight on to the very end.”", Some("Richard Roe")),
            // A participle after "be" is passive: Doe did not speak.
            ("Jane Doe was told: “You cannot use the dogs to chase them away.”", None),
            ("Jane Doe is saying: “We cannot use the dogs to chase them away.”", Some("Jane Doe")),
        ];
        for (para, want) in cases {
            let got = run(&[para], &[DOE, ROE]);
            assert_eq!(got[0].0.as_deref(), *want, "{para}");
        }
    }

    #[test]
    fn agreeing_and_complaining_are_speech() {
        for para in [
            "Jane Doe agreed: “We can do better than this in every game.”",
            "“We can do better than this in every game,” Jane Doe complained.",
            "Jane Doe pleaded: “Give us one more season to put it right.”",
        ] {
            let got = run(&[para], &[DOE, ROE]);
            assert_eq!(got[0].0.as_deref(), Some("Jane Doe"), "{para}");
        }
    }

    #[test]
    fn a_name_after_a_long_title_is_the_subject() {
        let paras = [
            "Richard Roe opened the hearing.",
            "But Chief Engineer to the Harbour Board Jane Doe attacked the plans. “They are far too expensive,” she said.",
        ];
        let got = run(&paras, &[DOE, ROE]);
        assert_eq!(got[0].0.as_deref(), Some("Jane Doe"), "{got:?}");
        assert!(titled_from_start(
            "But Chief Engineer to the Harbour Board "
        ));
        // A list of names, or words that are no title, before the name.
        assert!(!titled_from_start(
            "Anna Roe, Ines Marwick, Halvor Vossberg and "
        ));
        assert!(!titled_from_start(
            "After talks with the Chief Engineer of the Board "
        ));
    }

    #[test]
    fn the_source_after_according_to_is_a_subject() {
        // "according to" names who says what is reported; a later "she" is that person,
        // not an earlier subject.
        let got = run(
            &[
                "Richard Roe opened the show.",
                "Sales will double, according to Jane Doe, chief of Acme. “It is a very \
                 good year for everyone,” she said.",
            ],
            &[DOE, ROE],
        );
        assert_eq!(got[0].0.as_deref(), Some("Jane Doe"));
        let got = run(
            &[
                "Richard Roe opened the show.",
                "Sales will double, according to Jane Doe. “It is a very good year for \
                 everyone,” he said.",
            ],
            &[DOE, ROE],
        );
        assert_eq!(got[0].0.as_deref(), Some("Richard Roe"));
    }

    #[test]
    fn a_possessive_is_no_subject_beside_another_name() {
        // Given names that say no sex, so only the rule decides.
        const ZYXWQ: (&str, &[&str]) = ("Robin Zyxwq", &["Robin Zyxwq", "Zyxwq"]);
        const KOWALSKI: (&str, &[&str]) = ("Kim Kowalski", &["Kim Kowalski", "Kowalski"]);
        let got = run(
            &[
                "Robin Zyxwq said Kowalski's plan would fail. “It will never work for anyone,” \
               he said.",
            ],
            &[ZYXWQ, KOWALSKI],
        );
        assert_eq!(got[0].0.as_deref(), Some("Robin Zyxwq"));
        // Alone in its sentence, a possessive names whom the text is about.
        let got = run(
            &[
                "This year marks Kowalski's tenth show. “It is a very good year for all of \
               us,” he says.",
            ],
            &[ZYXWQ, KOWALSKI],
        );
        assert_eq!(got[0].0.as_deref(), Some("Kim Kowalski"));
    }

    #[test]
    fn a_name_reported_after_a_speech_verb_is_no_subject() {
        // "Doe said Roe was …": Roe is the subject of what Doe said; "he" is Doe.
        for (second, want) in [
            (
                "Halvor Vossberg said Richard Roe was an example to the younger players.",
                Some("Halvor Vossberg"),
            ),
            (
                "Halvor Vossberg conceded Richard Roe might have made a mistake.",
                Some("Halvor Vossberg"),
            ),
            // After the verb and no verb after the name: the name speaks.
            ("“It was close,” said Richard Roe.", Some("Richard Roe")),
            // A sentence that ends with the verb: the name opens the next one.
            (
                "“It was close,” Halvor Vossberg said. Richard Roe was far from content.",
                Some("Richard Roe"),
            ),
        ] {
            let got = run(
                &[second, "“We will do better next time,” he said."],
                &[("Halvor Vossberg", &["Halvor Vossberg"]), ROE],
            );
            let last = got.last().unwrap();
            assert_eq!(last.0.as_deref(), want, "{second}");
        }
    }

    #[test]
    fn a_name_after_an_opening_phrase_is_the_subject() {
        for (second, want) in [
            // An opening phrase closed by a comma, the name, a finite verb.
            (
                "In an interview with the Gazette on Monday, Richard Roe praised the council.",
                Some("Richard Roe"),
            ),
            (
                "Asked about the ferry plan, Richard Roe has changed his mind.",
                Some("Richard Roe"),
            ),
            (
                "As he arrived at the hearing, Richard Roe greeted the reporters.",
                Some("Richard Roe"),
            ),
            // No verb after the name, or no opening word, or no comma: Vossberg stays.
            (
                "In an interview with the Gazette on Monday, Richard Roe supporters cheered.",
                Some("Halvor Vossberg"),
            ),
            (
                "The council and the harbour board, Richard Roe among them, voted no.",
                Some("Halvor Vossberg"),
            ),
            (
                "In the long interview with the Gazette Richard Roe praised the council.",
                Some("Halvor Vossberg"),
            ),
        ] {
            let got = run(
                &[
                    "Halvor Vossberg opened the meeting.",
                    second,
                    "“They listened to us,” he said.",
                ],
                &[("Halvor Vossberg", &["Halvor Vossberg"]), ROE],
            );
            assert_eq!(got[0].0.as_deref(), want, "{second}");
        }
    }

    #[test]
    fn pronoun_takes_latest_subject() {
        let got = run(
            &[
                "Jane Doe met Richard Roe on Monday.",
                "“The talks went well for everyone,” she said.",
                "Roe agreed with Doe on the plan.",
                "“We start work next week,” he said.",
            ],
            &[DOE, ROE],
        );
        // "she" after "Doe met Roe": Roe follows "met", an object marker.
        assert_eq!(
            got[0],
            q(Some("Jane Doe"), "The talks went well for everyone")
        );
        // "with Doe" is an object; Roe is the subject.
        assert_eq!(got[1], q(Some("Richard Roe"), "We start work next week"));
        // A sentence opened by "For" and a name is about that person; "for" inside a
        // sentence makes an object as before.
        let got = run(
            &[
                "Jane Doe runs the museum.",
                "For Richard Roe, who built its garden, the work was personal. “I went \
                 to every shop in town,” he said.",
            ],
            &[DOE, ROE],
        );
        assert_eq!(got[0].0.as_deref(), Some("Richard Roe"));
        let got = run(
            &[
                "Richard Roe runs the museum.",
                "Its garden was made for Jo Bloggs, who paid for it. “It was hard work from the \
                 start,” he said.",
            ],
            &[ROE, ("Jo Bloggs", &["Jo Bloggs"])],
        );
        assert_eq!(got[0].0.as_deref(), Some("Richard Roe"));
        // A name inside a quote is not the one speaking.
        let got = run(
            &[
                "Jane Doe spoke first.",
                "“We have found Roe at the camp thanks to tips,” she said.",
            ],
            &[DOE, ROE],
        );
        assert_eq!(got[0].0.as_deref(), Some("Jane Doe"));
        // The speaker of a quote, named after the verb and a title, is the subject.
        let got = run(
            &[
                "Jane Doe opened the festival on Monday.",
                "“This year the films are stronger than ever,” said harbour board chairman and \
                 founder Richard Roe at the gala in the old town hall. Turning to the prizes, \
                 he added: “The jury had a hard time of it.”",
            ],
            &[DOE, ROE],
        );
        assert_eq!(
            got[1],
            q(Some("Richard Roe"), "The jury had a hard time of it.")
        );
        // Not an object after a preposition, nor past a comma.
        let got = run(
            &[
                "Jane Doe opened the festival on Monday.",
                "“This year the films are stronger than ever,” said the head of Richard Roe at \
                 the gala in the old town hall. Turning to the prizes, she added: “The jury had \
                 a hard time of it.”",
            ],
            &[DOE, ROE],
        );
        assert_eq!(got[1].0.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn a_pronoun_skips_a_person_whose_given_name_is_of_the_other_sex() {
        let mary = ("Mary Doe", &["Mary Doe", "Doe"][..]);
        let john = ("John Roe", &["John Roe", "Roe"][..]);
        let got = run(
            &[
                "John Roe opened the hearing. Mary Doe spoke next.",
                "“We will appeal against the ruling,” he said.",
                "“The ruling stands for now,” she said.",
            ],
            &[mary, john],
        );
        assert_eq!(got[0].0.as_deref(), Some("John Roe"));
        assert_eq!(got[1].0.as_deref(), Some("Mary Doe"));
        // A name given to both sexes does not stand in the way.
        let kelly = ("Kelly Doe", &["Kelly Doe", "Doe"][..]);
        let got = run(
            &[
                "John Roe opened the hearing. Kelly Doe spoke next.",
                "“We will appeal against the ruling,” he said.",
            ],
            &[kelly, john],
        );
        assert_eq!(got[0].0.as_deref(), Some("Kelly Doe"));
        assert_eq!(given_name_sex("Mary Doe"), Some(Sex::Female));
        assert_eq!(given_name_sex("JOHN ROE"), Some(Sex::Male));
        assert_eq!(given_name_sex("Kelly Doe"), None);
        assert_eq!(given_name_sex("Hou Dezhi"), None);
    }

    #[test]
    fn an_unnamed_spokesperson_stands_between_a_pronoun_and_a_name() {
        let got = run(
            &[
                "Jane Doe criticised the plan on Monday.",
                "A spokeswoman for the council defended it. She said: “The plan is sound and \
                 will go ahead.”",
            ],
            &[DOE],
        );
        assert_eq!(got[0].0, None);
        // A named spokesperson is the person named.
        for named in [
            "Jane Doe, spokeswoman for the council, defended it.",
            "Jane Doe, the council's chief spokeswoman, defended it.",
            "Spokeswoman Jane Doe defended it.",
        ] {
            let got = run(
                &[named, "She said: “The plan is sound and will go ahead.”"],
                &[DOE],
            );
            assert_eq!(got[0].0.as_deref(), Some("Jane Doe"), "{named}");
        }
        assert!(named_apposition("Jane Doe, the council's chief "));
        assert!(!named_apposition("Jane Doe left. Then, a "));
        assert!(!named_apposition("In the end, a "));
    }

    #[test]
    fn said_after_a_quote_and_a_title() {
        let at = |p: &str| said_after_quote_and_title(p, p.find("Roe").unwrap());
        assert!(at("“We won,” said chairman Roe."));
        assert!(at("\"We won,\" said BIFA founder and director Roe."));
        assert!(at("“We won,” said Roe."));
        assert!(!at("“We won.” Then said chairman Roe."));
        assert!(!at("“We won,” said the head of Roe."));
        assert!(!at("“We won,” said Doe, and chairman Roe."));
        assert!(!at("He said chairman Roe was right."));
        assert!(!at(
            "Ann Lee, in a red dress, told the website that Roe won."
        ));
        assert!(!at("“We won,” said Doe, who thanked Roe."));
    }

    #[test]
    fn scare_quotes_and_titles_are_skipped() {
        let got = run(
            &["Doe called it a “no limits” deal and the “culprit” of it all, in “The Long Road Home Again” style."],
            &[DOE],
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_quote_after_reported_speech_is_the_reporters() {
        const QUOTE: &str = "We will rebuild it within the year.";
        let cases: Vec<(Vec<&str>, Option<&str>)> = vec![
            (
                vec!["Jane Doe said the bridge would cost more. “We will rebuild it within the year.”"],
                Some("Jane Doe"),
            ),
            // The quote opens the next paragraph; a pronoun stands for the speaker.
            (
                vec![
                    "Doe said the bridge would cost more.",
                    "“We will rebuild it within the year.”",
                ],
                Some("Jane Doe"),
            ),
            (
                vec![
                    "Jane Doe spoke on Monday. She told the council the bridge would cost more.",
                    "“We will rebuild it within the year.”",
                ],
                Some("Jane Doe"),
            ),
            // A scare quote in the sentence before does not count.
            (
                vec!["Doe said the old plan would “fade away” soon. “We will rebuild it within the year.”"],
                Some("Jane Doe"),
            ),
            // A pronoun set off by a comma before the verb is its subject, someone named
            // before that sentence; without the comma it may be the name before it.
            (
                vec![
                    "Jane Doe spoke first.",
                    "Roe has failed the town, she claimed. “We will rebuild it within the year.”",
                ],
                Some("Jane Doe"),
            ),
            (
                vec![
                    "Jane Doe spoke first.",
                    "Roe has been in talks and he said: “We will rebuild it within the year.”",
                ],
                Some("Richard Roe"),
            ),
            // A sentence with a quote of its own, no person as the subject, a possessive,
            // or a quote that does not open its sentence: no speaker.
            (
                vec![
                    "“The plan has been costed,” the ministry said.",
                    "“We will rebuild it within the year.”",
                ],
                None,
            ),
            (
                vec!["Police said Doe was arrested. “We will rebuild it within the year.”"],
                None,
            ),
            (
                vec!["Doe's lawyer said she would appeal. “We will rebuild it within the year.”"],
                None,
            ),
            (
                vec!["Doe said the bridge would cost more. Critics wrote “We will rebuild it within the year.”"],
                None,
            ),
        ];
        for (paras, want) in cases {
            let got = run(&paras, &[DOE, ROE]);
            let last = got.last().expect("a quote");
            assert_eq!(last.1, QUOTE, "{paras:?}");
            assert_eq!(last.0.as_deref(), want, "{paras:?}");
        }
    }

    #[test]
    fn follow_on_quotes_keep_the_speaker() {
        let got = run(
            &[
                "Doe was asked about the plan.",
                "“Everyone wants a new bridge,” she said. “Nobody wants to wait for it.”",
                "“It will be built by the spring of next year.”",
            ],
            &[DOE],
        );
        assert_eq!(
            got,
            [
                q(Some("Jane Doe"), "Everyone wants a new bridge"),
                q(Some("Jane Doe"), "Nobody wants to wait for it."),
                q(
                    Some("Jane Doe"),
                    "It will be built by the spring of next year."
                ),
            ]
        );
        // A new sentence after a quote that ends its own, with a subject that is no
        // person ("the ministry says"), does not take the quote from its speaker.
        let got = run(
            &["“Everyone wants a new bridge,” Doe said. “Nobody wants to wait for it.” The ministry says it will decide in May."],
            &[DOE],
        );
        assert_eq!(got[1], q(Some("Jane Doe"), "Nobody wants to wait for it."));
        // Said of a person, it is that person's.
        let got = run(
            &["“Everyone wants a new bridge,” Doe said. “Nobody wants to wait for it,” Roe said."],
            &[DOE, ROE],
        );
        assert_eq!(
            got[1],
            q(Some("Richard Roe"), "Nobody wants to wait for it")
        );
    }

    #[test]
    fn quotes_across_paragraphs() {
        // Newspaper style: the next paragraph reopens the quote.
        let got = run(
            &[
                "Roe said: “The first part of the plan is done.",
                "“The second part starts now,” he added.",
            ],
            &[ROE],
        );
        assert_eq!(
            got,
            [q(
                Some("Richard Roe"),
                "The first part of the plan is done. The second part starts now"
            )]
        );
        // One sentence a paragraph: the quote closes in the next paragraph.
        let got = run(
            &[
                "\"The members expressed concern about the plan.",
                "They asked me to call him,\" Doe said.",
            ],
            &[DOE],
        );
        assert_eq!(
            got,
            [q(
                Some("Jane Doe"),
                "The members expressed concern about the plan. They asked me to call him"
            )]
        );
        // A stray mark does not swallow the rest of the article.
        let got = run(
            &[
                "He said \"this is a stray mark in the text.",
                "Next paragraph here.",
            ],
            &[],
        );
        assert_eq!(got, [q(None, "this is a stray mark in the text.")]);
    }
}
