//! Splits a paragraph into word and punctuation tokens with byte offsets.
//!
//! The person tagger, its training and the name resolver all see the text through this
//! one tokenizer, so a name's span is always a whole number of tokens.

/// One token: `text[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// A run of letters and digits (with inner `'`, `’`, `-` or `.` joining them).
    pub word: bool,
}

impl Token {
    /// The token's text in the paragraph it came from.
    pub fn text<'a>(&self, para: &'a str) -> &'a str {
        &para[self.start..self.end]
    }
}

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

/// Tokens of `text`: words, and every other non-space character as its own token.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Token {
                start: i,
                end: i + c.len_utf8(),
                word: false,
            });
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if d.is_alphanumeric() {
                end = j + d.len_utf8();
                it.next();
            } else if is_joiner(d) && joins(&text[j + d.len_utf8()..], d) {
                it.next();
            } else {
                break;
            }
        }
        out.push(Token {
            start: i,
            end,
            word: true,
        });
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
        let cases: [(&str, &[&str]); 6] = [
            (
                "P. Simmons (U.S.) beat",
                &["P", ".", "Simmons", "(", "U.S", ".", ")", "beat"],
            ),
            ("Tim O'Gorman's", &["Tim", "O'Gorman", "'", "s"]),
            ("Jean-Pierre, 44,", &["Jean-Pierre", ",", "44", ","]),
            ("“Everyone” — é", &["“", "Everyone", "”", "—", "é"]),
            ("", &[]),
            ("Yeltsin’s Sa's", &["Yeltsin", "’", "s", "Sa", "'", "s"]),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), want, "{text}");
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
