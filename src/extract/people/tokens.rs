//! Splits a paragraph into word and punctuation tokens with byte offsets.
//!
//! The person tagger, its training and the name resolver all see the text through this
//! one tokenizer, so a name's span is always a whole number of tokens.

/// One token: `text[start..end]`, with the facts about its letters that the tagger and
/// the resolver ask about again and again, found once while tokenizing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// A run of letters and digits (with inner `'`, `’`, `-` or `.` joining them).
    pub word: bool,
    /// Starts with an upper-case letter ([`is_capitalised`]).
    pub cap: bool,
    /// Starts with a lower-case letter.
    pub low: bool,
    /// Has letters, all upper case ([`is_all_caps`]).
    pub all_caps: bool,
}

impl Token {
    /// The token's text in the paragraph it came from.
    pub fn text<'a>(&self, para: &'a str) -> &'a str {
        &para[self.start..self.end]
    }
}

use super::lexicon::lexicon;
use super::tagger::FxBuild;
use std::collections::HashMap;

/// Characters that join two letter/digit runs into one word: O'Gorman, Jean-Pierre, U.S.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.')
}

/// Whether joiner `j` followed by `rest` continues the word: a letter or digit must follow,
/// and a possessive `'s` is split off ("Yeltsin's" -> "Yeltsin" "'" "s").
fn joins(rest: &str, j: char) -> bool {
    let mut cs = rest.chars();
    match cs.next() {
        Some(c) if c.is_alphanumeric() => {
            let possessive = matches!(j, '\'' | '’')
                && matches!(c, 's' | 'S')
                && !cs.next().is_some_and(char::is_alphanumeric);
            !possessive
        }
        _ => false,
    }
}

/// The character at byte `i` of `text` and its length, without decoding ASCII.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (char::from(b), 1)
    } else {
        let c = text[i..].chars().next().unwrap_or_default();
        (c, c.len_utf8())
    }
}

/// Classes of ASCII bytes for the tokenizer, as bits.
const ALNUM: u8 = 1;
const ALPHA: u8 = 2;
const LOWER: u8 = 4;
const UPPER: u8 = 8;
const SPACE: u8 = 16;
const JOINER: u8 = 32;

/// [`ALNUM`], [`ALPHA`], ... of every ASCII byte.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            ALNUM | ALPHA | UPPER
        } else if c.is_ascii_lowercase() {
            ALNUM | ALPHA | LOWER
        } else if c.is_ascii_digit() {
            ALNUM
        } else if c == b' ' || (c >= b'\t' && c <= b'\r') {
            SPACE
        } else if c == b'\'' || c == b'-' || c == b'.' {
            JOINER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The [`ASCII_CLASS`] bits a non-ASCII character has.
fn char_class(c: char) -> u8 {
    let mut k = 0;
    if c.is_whitespace() {
        k |= SPACE;
    }
    if c.is_alphanumeric() {
        k |= ALNUM;
    }
    if c.is_alphabetic() {
        k |= ALPHA;
    }
    if c.is_lowercase() {
        k |= LOWER;
    }
    if c.is_uppercase() {
        k |= UPPER;
    }
    if is_joiner(c) {
        k |= JOINER;
    }
    k
}

/// Tokens of `text`: words, and every other non-space character as its own token.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        // ASCII bytes are classified by table; other characters are decoded.
        let (class, len) = if b < 0x80 {
            (ASCII_CLASS[usize::from(b)], 1)
        } else {
            let (c, len) = char_at(text, i);
            (char_class(c), len)
        };
        if class & SPACE != 0 {
            i += len;
            continue;
        }
        let (cap, low) = (class & UPPER != 0, class & LOWER != 0);
        if class & ALNUM == 0 {
            out.push(Token {
                start: i,
                end: i + len,
                word: false,
                cap,
                low,
                all_caps: false,
            });
            i += len;
            continue;
        }
        let start = i;
        let mut end = i + len;
        let mut j = end;
        // The classes of the word's letters and digits (joiners are neither).
        let mut seen = class;
        while j < n {
            let d = bytes[j];
            let (k, dl, c) = if d < 0x80 {
                (ASCII_CLASS[usize::from(d)], 1, char::from(d))
            } else {
                let (c, dl) = char_at(text, j);
                (char_class(c), dl, c)
            };
            if k & ALNUM != 0 {
                seen |= k;
                end = j + dl;
                j = end;
            } else if k & JOINER != 0 && joins(&text[j + dl..], c) {
                j += dl;
            } else {
                break;
            }
        }
        out.push(Token {
            start,
            end,
            word: true,
            cap,
            low,
            all_caps: seen & ALPHA != 0 && seen & LOWER == 0,
        });
        i = j;
    }
}

/// Lower-cased forms of one paragraph's tokens, as [`lower_into`] gives them, made once
/// so that the tagger and the resolver do not lower-case the same word again and again.
///
/// [`lower_into`]: super::lexicon::lower_into
#[derive(Debug, Clone, Default)]
pub struct Lowered {
    /// The paragraph with ASCII letters lower-cased, then the lower-cased forms of the
    /// non-ASCII tokens that change.
    text: String,
    /// Byte range in `text` of each token's lower-cased form.
    spans: Vec<(usize, usize)>,
    /// The word-list [`flag`](super::lexicon::flag) bits of every capitalised word
    /// (looked up once: the tagger and the resolver ask about them several times).
    flags: Vec<u16>,
}

/// A `flags` entry not looked up yet (no word is in every list).
const UNKNOWN_FLAGS: u16 = u16::MAX;

impl Lowered {
    /// Lower-cases the tokens `toks` of `para`.
    pub fn new(para: &str, toks: &[Token]) -> Self {
        let mut text = String::with_capacity(para.len() + 8);
        text.push_str(para);
        text.make_ascii_lowercase();
        if para.is_ascii() {
            // Byte offsets carry over; only a final full stop is dropped.
            let b = para.as_bytes();
            let spans = toks
                .iter()
                .map(|t| (t.start, t.end - usize::from(b[t.end - 1] == b'.')))
                .collect();
            return Lowered::unflagged(text, spans);
        }
        let mut spans = Vec::with_capacity(toks.len());
        for t in toks {
            let w = t.text(para);
            let end = t.start + w.strip_suffix('.').unwrap_or(w).len();
            let w = &para[t.start..end];
            if w.is_ascii() {
                spans.push((t.start, end));
                continue;
            }
            let at = text.len();
            text.extend(w.chars().flat_map(char::to_lowercase));
            if &text[at..] == w {
                text.truncate(at);
                spans.push((t.start, end));
            } else {
                spans.push((at, text.len()));
            }
        }
        Lowered::unflagged(text, spans)
    }

    /// Word-list flags are looked up on demand ([`Lowered::flags`]) or in advance
    /// ([`Lowered::fill_flags`]).
    fn unflagged(text: String, spans: Vec<(usize, usize)>) -> Self {
        let flags = vec![UNKNOWN_FLAGS; spans.len()];
        Lowered { text, spans, flags }
    }

    /// Looks up the word-list flags of tokens `which` (those of them not looked up yet)
    /// through `memo`, a document's table of the words it has looked up: a word that
    /// recurs in a document is found in that small table instead of the large word lists.
    pub fn fill_flags<'a>(
        &'a mut self,
        which: impl IntoIterator<Item = usize>,
        memo: &mut HashMap<&'a str, u16, FxBuild>,
    ) {
        let lex = lexicon();
        let Lowered { text, spans, flags } = self;
        for i in which {
            if flags[i] != UNKNOWN_FLAGS {
                continue;
            }
            let (a, b) = spans[i];
            let l = &text[a..b];
            flags[i] = *memo.entry(l).or_insert_with(|| lex.flags(l));
        }
    }

    /// The word-list flag bits of token `i`'s lower-cased form.
    #[inline]
    pub fn flags(&self, i: usize) -> u16 {
        match self.flags[i] {
            UNKNOWN_FLAGS => lexicon().flags(self.get(i)),
            f => f,
        }
    }

    /// The lower-cased form of token `i`.
    #[inline]
    pub fn get(&self, i: usize) -> &str {
        let (a, b) = self.spans[i];
        &self.text[a..b]
    }
}

/// Whether a word starts with an upper-case letter.
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a word has letters and all of them are upper case ("NATO", "U.S").
pub fn is_all_caps(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters > 0
}

/// Whether a word followed by a full stop is an initial or a short title ("P.", "Mr.",
/// "St."), so the stop does not end a sentence.
pub fn is_abbreviation(word: &str) -> bool {
    let mut cs = word.chars();
    let first = cs.next();
    let single_capital = first.is_some_and(char::is_uppercase) && cs.next().is_none();
    single_capital
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "St"
                | "Jr"
                | "Sr"
                | "Gen"
                | "Col"
                | "Lt"
                | "Sen"
                | "Rep"
                | "Gov"
                | "Prof"
                | "Capt"
                | "Sgt"
                | "Rev"
                | "Mt"
                | "No"
                | "vs"
                | "v"
        )
}

/// Whether token `i` starts a sentence: first in the paragraph, or after `.`, `!`, `?`, `:`
/// or an opening quote that itself starts a sentence.
pub fn starts_sentence(text: &str, toks: &[Token], i: usize) -> bool {
    let mut k = i;
    while k > 0 {
        let p = toks[k - 1];
        if p.word {
            return false;
        }
        match p.text(text) {
            "." => return k < 2 || !is_abbreviation(toks[k - 2].text(text)),
            "!" | "?" | ":" | ";" | "…" => return true,
            "\"" | "“" | "‘" | "'" | "(" | "[" | "-" | "—" | "–" => k -= 1,
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut t = Vec::new();
        tokenize(text, &mut t);
        t.iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn tokenizes_names_and_punctuation() {
        let cases: [(&str, &[&str]); 7] = [
            (
                "P. Simmons (U.S.) beat",
                &["P", ".", "Simmons", "(", "U.S", ".", ")", "beat"],
            ),
            ("Tim O'Gorman's", &["Tim", "O'Gorman", "'", "s"]),
            ("Jean-Pierre, 44,", &["Jean-Pierre", ",", "44", ","]),
            ("“Everyone” — é", &["“", "Everyone", "”", "—", "é"]),
            ("", &[]),
            ("Yeltsin’s Sa's", &["Yeltsin", "’", "s", "Sa", "'", "s"]),
            ("a\u{a0}b\tc\u{1f}d", &["a", "b", "c", "\u{1f}", "d"]),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), want, "{text}");
        }
    }

    #[test]
    fn lowered_tokens_match_lower_into() {
        let mut buf = String::new();
        for text in [
            "Mr. P. Simmons (U.S.) said",
            "ÉMILE İstanbul Straße ΣΟΦΙΑ “Hi.” ok",
            "",
        ] {
            let mut t = Vec::new();
            tokenize(text, &mut t);
            let low = Lowered::new(text, &t);
            for (i, tok) in t.iter().enumerate() {
                super::super::lexicon::lower_into(tok.text(text), &mut buf);
                assert_eq!(low.get(i), buf, "{text}");
            }
        }
    }

    #[test]
    fn cached_word_list_flags() {
        let text = "Smith met smith and Paris";
        let mut t = Vec::new();
        tokenize(text, &mut t);
        let mut low = Lowered::new(text, &t);
        let want: Vec<u16> = (0..t.len()).map(|i| lexicon().flags(low.get(i))).collect();
        for (i, w) in want.iter().enumerate() {
            assert_eq!(low.flags(i), *w, "{i}");
        }
        // Looked up through a document's memo: the same bits, "smith" found there twice.
        let mut memo = HashMap::default();
        low.fill_flags(0..t.len(), &mut memo);
        assert_eq!(memo.len(), 4, "{memo:?}");
        assert_eq!(memo.get("smith"), Some(&want[0]));
        for (i, w) in want.iter().enumerate() {
            assert_eq!(low.flags(i), *w, "{i}");
        }
    }

    #[test]
    fn token_flags_match_the_word_tests() {
        let text = "Émile de U.S NATO 1996 Li ÉCOLE x-Ray ΣΟΦΙΑ “ « 2B B2 ǅemal";
        let mut t = Vec::new();
        tokenize(text, &mut t);
        for tok in &t {
            let w = tok.text(text);
            assert_eq!(tok.cap, is_capitalised(w), "{w}");
            assert_eq!(tok.low, w.starts_with(char::is_lowercase), "{w}");
            assert_eq!(tok.all_caps, is_all_caps(w), "{w}");
        }
    }

    #[test]
    fn capitalisation() {
        assert!(is_capitalised("Émile"));
        assert!(!is_capitalised("de"));
        assert!(is_all_caps("U.S"));
        assert!(!is_all_caps("Li"));
        assert!(!is_all_caps("1996"));
    }

    #[test]
    fn sentence_starts() {
        let text = "He said. \"Smith went\" and Jones met P. Brown";
        let mut t = Vec::new();
        tokenize(text, &mut t);
        let starts: Vec<bool> = (0..t.len()).map(|i| starts_sentence(text, &t, i)).collect();
        let smith = t.iter().position(|x| x.text(text) == "Smith").unwrap();
        let jones = t.iter().position(|x| x.text(text) == "Jones").unwrap();
        assert!(starts[0] && starts[smith] && !starts[jones] && !starts[t.len() - 1]);
    }
}
