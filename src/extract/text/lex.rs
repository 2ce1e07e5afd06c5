//! Small lexical helpers shared by the structural rules: word lists, word shapes and
//! name shapes. Word lists are built once per process.

use std::collections::HashSet;
use std::sync::OnceLock;

/// A word list from a `data/` file: one entry a line, `#` comments and blanks skipped.
pub(crate) fn word_list(src: &'static str) -> HashSet<&'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Lower-case words that are not parts of a person's name (weekdays, articles, ...).
pub(crate) fn not_names() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_list(include_str!("../../../data/loader/not_names.txt")))
}

/// Whether `s` has a line break (memchr: faster than `str::contains` on long text).
pub(crate) fn has_newline(s: &str) -> bool {
    memchr::memchr(b'\n', s.as_bytes()).is_some()
}

/// The lines of `s` exactly as [`str::lines`] gives them, found with memchr.
pub(crate) fn lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s).filter(|s| !s.is_empty());
    std::iter::from_fn(move || {
        let r = rest?;
        match memchr::memchr(b'\n', r.as_bytes()) {
            Some(i) => {
                rest = Some(&r[i + 1..]).filter(|x| !x.is_empty());
                let line = &r[..i];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Lower-cases ASCII letters of `w` into `buf` and returns it; other characters are kept.
/// Used for look-ups in the lower-case word lists without a fresh allocation per word.
pub(crate) fn lower_into<'b>(w: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    if w.is_ascii() {
        buf.push_str(w);
        buf.make_ascii_lowercase();
    } else {
        for c in w.chars() {
            buf.extend(c.to_lowercase());
        }
    }
    buf.as_str()
}

/// Number of whitespace-separated words in `s`, counting no further than `limit + 1`.
/// Only ASCII whitespace separates words here: it is a fast gate, not a tokenizer.
pub(crate) fn count_words_upto(s: &str, limit: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for &b in s.as_bytes() {
        let space = b.is_ascii_whitespace();
        if !space && !in_word {
            n += 1;
            if n > limit {
                return n;
            }
        }
        in_word = !space;
    }
    n
}

/// Characters trimmed off a word before it is looked up.
pub(crate) fn trim_punct(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Whether `line` ends like a sentence: `.`, `!`, `?`, `…`, possibly followed by a
/// closing quote or bracket.
pub(crate) fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', '”', '’', ')', ']', ' ']);
    t.ends_with(['.', '!', '?', '…'])
}

/// Whether `s` contains an ASCII digit.
pub(crate) fn has_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

/// Name particles that may be lower case inside a name ("Ludwig van Beethoven").
fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "da"
            | "di"
            | "del"
            | "della"
            | "der"
            | "den"
            | "van"
            | "von"
            | "bin"
            | "bint"
            | "al"
            | "el"
            | "la"
            | "le"
            | "du"
            | "dos"
            | "das"
            | "ten"
            | "ter"
            | "y"
            | "ibn"
    )
}

/// Whether `tok` looks like one word of a person's name: a capital letter, then letters,
/// apostrophes, hyphens or dots ("O'Brien", "Al-Sayed", "J.", "McCarthy", "MCCARTHY").
pub(crate) fn is_name_token(tok: &str) -> bool {
    let mut chars = tok.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let mut letters = 1;
    for c in chars {
        if c.is_alphabetic() {
            letters += 1;
        } else if !matches!(c, '\'' | '’' | '-' | '.') {
            return false;
        }
    }
    // Not a possessive ("Hunter’s") nor a domain ("Example.com").
    let possessive = tok.ends_with("'s") || tok.ends_with("’s");
    let domain = tok
        .rsplit_once('.')
        .is_some_and(|(_, tld)| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_lowercase()));
    letters >= 1 && !tok.ends_with(['-', '\'']) && !possessive && !domain
}

/// Whether `s` has the shape of a person's name: 2 to `max` tokens, each a name token
/// (lower-case particles allowed inside), none a common non-name word.
pub(crate) fn is_name(s: &str, max: usize) -> bool {
    let mut n = 0;
    let mut buf = String::new();
    // One word past `max` is enough to say no.
    let toks: Vec<&str> = s.split_whitespace().take(max + 1).collect();
    if toks.len() < 2 || toks.len() > max {
        return false;
    }
    for (i, tok) in toks.iter().enumerate() {
        let inner = i > 0 && i + 1 < toks.len();
        if inner && is_particle(tok) {
            continue;
        }
        if !is_name_token(tok) {
            return false;
        }
        let bare = tok.trim_end_matches('.');
        if not_names().contains(lower_into(bare, &mut buf)) {
            return false;
        }
        n += 1;
    }
    // The last token must be a real word, not an initial.
    let last = toks[toks.len() - 1];
    n >= 2 && last.trim_end_matches('.').chars().count() > 1
}

/// Whether a token is written in capitals (at least two letters, no lower case).
pub(crate) fn is_caps_word(tok: &str) -> bool {
    let mut letters = 0;
    for c in tok.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// Whether `tok` is a bare URL or e-mail address.
pub(crate) fn is_url(tok: &str) -> bool {
    // Quick no for ordinary words: no '@' or '[', and (past any brackets) no h or w first.
    let b = tok.as_bytes();
    if !b.iter().any(|&c| c == b'@' || c == b'[') {
        let first = b
            .iter()
            .find(|c| !matches!(c, b'(' | b')' | b'<' | b'>' | b']' | b','));
        if !matches!(first, Some(b'h' | b'H' | b'w' | b'W')) {
            return false;
        }
    }
    let t = tok.trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>' | '[' | ']' | ','));
    let lower_starts =
        |p: &str| t.len() >= p.len() && t.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    lower_starts("http://")
        || lower_starts("https://")
        || lower_starts("www.")
        || (t.contains('@') && t.contains('.') && !t.starts_with('@'))
        || tok.contains("[email")
}

/// The host of a URL token, without `www.` ("http://www.example.com/a" -> "example.com").
pub(crate) fn url_host(tok: &str) -> Option<&str> {
    let t = tok
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let t = t.strip_prefix("www.").unwrap_or(t);
    let host = t.split(['/', '?', '#']).next()?;
    (host.contains('.') && !host.contains('@')).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_counts() {
        let long = "word ".repeat(300);
        let cases = [
            ("", 5, 0),
            ("   ", 5, 0),
            ("one", 5, 1),
            (" one  two\tthree\n", 5, 3),
            ("a\x0bb", 5, 1),
            ("a\x0cb\rc", 5, 3),
            ("one two three", 2, 3),
            (long.as_str(), 40, 41),
            (long.as_str(), 400, 300),
            (long.trim_end(), 299, 300),
        ];
        for (s, limit, want) in cases {
            assert_eq!(count_words_upto(s, limit), want, "{s:?} {limit}");
        }
    }

    #[test]
    fn name_shapes() {
        let cases = [
            ("Larry Fine", true),
            ("Andrew C. McCarthy", true),
            ("ANDREW C. MCCARTHY", true),
            ("Ludwig van Beethoven", true),
            ("Sean O'Brien", true),
            ("Liutauras Stremaitis", true),
            ("Larry", false),
            ("The Associated Press", false),
            ("Friday Night", false),
            ("Result in an international", false),
            ("John Smith Jr Sr Esq", false),
            ("J. K.", false),
            ("Greg Hunter’s Example.com", false),
        ];
        for (s, want) in cases {
            assert_eq!(is_name(s, 4), want, "{s}");
        }
    }

    #[test]
    fn lines_match_str_lines() {
        for s in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\nb\r",
            "a\n\nb\n\n",
            "\r\n\r",
            "x\ry\n z",
        ] {
            assert_eq!(
                lines(s).collect::<Vec<_>>(),
                s.lines().collect::<Vec<_>>(),
                "{s:?}"
            );
            assert_eq!(has_newline(s), s.contains('\n'));
        }
    }

    #[test]
    fn urls_and_hosts() {
        assert!(is_url("https://example.com/a"));
        assert!(is_url("www.example.org"));
        assert!(is_url("letters@example.com"));
        assert!(!is_url("@handle"));
        assert!(!is_url("example"));
        assert!(is_url("(HTTP://x.org)"));
        assert!(is_url("<Www.example.org>,"));
        assert!(is_url("[email protected]"));
        assert!(!is_url("(whatever)"));
        assert!(is_url("]https://x.org"));
        assert_eq!(url_host("http://www.example.com/x/y"), Some("example.com"));
        assert_eq!(
            url_host("https://news.example.org"),
            Some("news.example.org")
        );
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("He left."));
        assert!(ends_sentence("“He left.”"));
        assert!(ends_sentence("Really?)"));
        assert!(!ends_sentence("Related Articles"));
        assert!(!ends_sentence("Source:"));
    }
}
