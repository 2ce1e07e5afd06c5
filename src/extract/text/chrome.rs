//! Site chrome: navigation, promo, share and footer lines that scrapers leave at the
//! edges of an article ("Related Articles", "Subscribe to ...", bare URLs, "Source: http...").
//!
//! The rules look at the SHAPE of a line, not at a list of known lines:
//! - a line made of URLs plus at most a short label ("Source: http://...");
//! - a `Label:` promo line ("Headline: ...", "Tags: ...", "Via: ...");
//! - a short line starting with a call-to-action verb ("Read More From X", "Subscribe to X");
//! - a short line holding a reader-prompt phrase ("click here", "add your two cents");
//! - a short unpunctuated line made mostly of widget words ("Related Articles");
//! - a short unpunctuated line ending in ©, ® or ™ (a masthead: "Example News ©");
//!   these are [`Kind::Strong`] chrome.
//! - [`Kind::Weak`]: a short unpunctuated line without digits ("Older articles by X").
//!   It is only chrome next to strong chrome or at the very end; the caller decides.

use super::lex::{
    count_words_upto, ends_sentence, has_digit, is_url, lower_into, trim_punct, url_host, word_list,
};
use aho_corasick::AhoCorasick;
use std::collections::HashSet;
use std::sync::OnceLock;

/// How a line (or paragraph) looks to the chrome rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Article text.
    Content,
    /// Might be chrome: short, unpunctuated, no digits.
    Weak,
    /// Chrome by its shape alone (when at an edge of the article).
    Strong,
}

/// Longest line (in words) that any chrome rule considers.
const MAX_CHROME_WORDS: usize = 40;
/// Longest reader notice (a comment policy, a cookie notice), in words.
const MAX_NOTICE_WORDS: usize = 90;
/// Longest call-to-action or widget line, in words.
const MAX_SHORT_WORDS: usize = 12;
/// Longest weak (unpunctuated) line, in words.
const MAX_WEAK_WORDS: usize = 8;

/// A case-blind automaton of the phrases of a word-list file.
fn case_blind(src: &'static str, kind: Option<aho_corasick::AhoCorasickKind>) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(kind)
        .build(word_list(src))
        .expect("phrase automaton")
}

fn phrases() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    // A DFA: the most memory, the fewest steps per byte of text scanned (every edge line
    // is scanned).
    AC.get_or_init(|| {
        case_blind(
            include_str!("../../../data/loader/chrome_phrases.txt"),
            Some(aho_corasick::AhoCorasickKind::DFA),
        )
    })
}

/// Rights and republication notices ("Republished with permission ...", "All rights
/// reserved"): see [`is_notice`]. Matched on a paragraph or two an article, so the
/// automaton's kind is left to the crate.
fn notice_phrases() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        case_blind(
            include_str!("../../../data/loader/notice_phrases.txt"),
            None,
        )
    })
}

fn ui_words() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_list(include_str!("../../../data/loader/chrome_ui_words.txt")))
}

fn cta_verbs() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| word_list(include_str!("../../../data/loader/cta_verbs.txt")))
}

/// Widget words that say nothing alone ("The", "to", "More").
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "all", "also", "for", "from", "here", "more", "most", "now", "of", "on", "our",
    "the", "this", "to", "up", "us", "you", "your",
];

/// Labels of promo and meta lines ("Headline: ...", "Source: ...").
const LABELS: &[&str] = &[
    "headline",
    "source",
    "sources",
    "via",
    "photo",
    "photos",
    "image",
    "images",
    "photo credit",
    "image credit",
    "featured image",
    "tags",
    "tagged",
    "filed under",
    "category",
    "categories",
    "topics",
    "related",
    "read also",
    "see also",
    "also read",
    "read more",
    "h/t",
    "hat tip",
    "share",
    "share this",
    "follow",
    "advertisement",
    "sponsored",
];

/// The `Label` of a `Label: text` line, lower-cased, when it is a promo/meta label.
fn promo_label(line: &str) -> Option<&'static str> {
    let (head, _) = line.split_once(':')?;
    if head.len() > 20 {
        return None;
    }
    let mut buf = String::new();
    let head = lower_into(head.trim(), &mut buf);
    LABELS.iter().copied().find(|l| *l == head)
}

/// Classifies one line.
pub(crate) fn classify_line(line: &str) -> Kind {
    let line = line.trim();
    if line.is_empty() {
        return Kind::Strong;
    }
    // Long paragraphs are text, unless they are a reader notice ("Please adhere to our
    // commenting policy ...").
    let total = count_words_upto(line, MAX_CHROME_WORDS);
    if total > MAX_CHROME_WORDS {
        let notice = opens_notice(line)
            && count_words_upto(line, MAX_NOTICE_WORDS) <= MAX_NOTICE_WORDS
            && !line.contains(['"', '“'])
            && phrases().is_match(line);
        return if notice && addresses_reader(line) {
            Kind::Strong
        } else {
            Kind::Content
        };
    }
    let mut words = 0;
    let mut urls = 0;
    let mut first: Option<&str> = None;
    if may_hold_url(line) {
        for w in line.split_whitespace() {
            words += 1;
            if is_url(w) {
                urls += 1;
            } else if first.is_none() {
                first = Some(trim_punct(w));
            }
        }
    } else {
        // Most lines: no word can be a URL, so none is tested.
        words = crate::extract::word_count(line);
        first = line.split_whitespace().next().map(trim_punct);
    }
    let mut buf = String::new();
    // Widget words are counted only on lines short enough for the widget rule.
    let (mut ui, mut ui_core) = (0, 0);
    if words - urls <= 6 {
        for w in line.split_whitespace().filter(|w| !is_url(w)) {
            let lw = lower_into(trim_punct(w), &mut buf);
            if ui_words().contains(lw) {
                ui += 1;
                if !FUNCTION_WORDS.contains(&lw) {
                    ui_core += 1;
                }
            }
        }
    }
    let plain = words - urls;
    // A wire desk contact: "-- City Desk +1 212 555 0100".
    if line.starts_with("--") && plain <= MAX_SHORT_WORDS && digit_count(line) >= 7 {
        let details: Vec<&str> = line.trim_start_matches('-').split_whitespace().collect();
        if super::credits::is_contact_details(&details) {
            return Kind::Strong;
        }
    }
    let sentence = ends_sentence(line);
    if urls > 0 && plain <= 6 {
        return Kind::Strong;
    }
    if promo_label(line).is_some() {
        return Kind::Strong;
    }
    // A prompt phrase inside a long sentence is ordinary prose ("subscribe to the
    // idea"); a prompt line is short, unpunctuated, or speaks to the reader.
    if phrases().is_match(line) && (!sentence || words <= 15 || addresses_reader(line)) {
        return Kind::Strong;
    }
    if let Some(first) = first {
        let cta = plain <= MAX_SHORT_WORDS && cta_verbs().contains(lower_into(first, &mut buf));
        if cta && (!sentence || addresses_reader(line)) {
            return Kind::Strong;
        }
    }
    if !sentence && plain <= 6 && ui == plain && ui_core > 0 {
        return Kind::Strong;
    }
    // A site's name with its mark, as a masthead or footer shows it ("Before It's News
    // ©", "people powered news ®").
    if !sentence && plain <= 6 && line.ends_with(['©', '®', '™']) {
        return Kind::Strong;
    }
    let quoted = line.starts_with(['"', '“', '\'', '‘']);
    if !sentence && !quoted && words <= MAX_WEAK_WORDS && !has_digit(line) {
        return Kind::Weak;
    }
    Kind::Content
}

/// False when no word of `line` can be a URL or an e-mail address ([`is_url`] needs
/// `@`, `[`, `://` or `www.` in the word).
fn may_hold_url(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr2(b'@', b'[', b).is_some()
        || memchr::memmem::find(b, b"://").is_some()
        || memchr::memchr_iter(b'.', b).any(|i| i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www"))
}

/// Whether a long line opens like a notice to the reader: an imperative ("Please
/// adhere to ...", "Subscribe ...") or "If you ...".
fn opens_notice(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let first = words.next().map(trim_punct).unwrap_or("");
    let mut buf = String::new();
    cta_verbs().contains(lower_into(first, &mut buf))
        || (first.eq_ignore_ascii_case("if")
            && words
                .next()
                .is_some_and(|w| trim_punct(w).eq_ignore_ascii_case("you")))
}

/// Whether the line speaks to the reader ("you", "your", "us", "our") or of itself
/// ("this article").
fn addresses_reader(line: &str) -> bool {
    let mut prev_this = false;
    line.split_whitespace().any(|w| {
        let w = trim_punct(w);
        let hit = ["you", "your", "us", "our"]
            .iter()
            .any(|p| w.eq_ignore_ascii_case(p))
            || (prev_this
                && ["article", "story", "post", "page", "site", "video"]
                    .iter()
                    .any(|p| w.eq_ignore_ascii_case(p)));
        prev_this = w.eq_ignore_ascii_case("this");
        hit
    })
}

fn digit_count(s: &str) -> usize {
    s.bytes().filter(u8::is_ascii_digit).count()
}

/// Whether a paragraph is a rights or republication notice ("Republished with
/// permission from X. All rights reserved.", "This content may be freely reproduced
/// ..."): up to [`MAX_NOTICE_WORDS`] words, however punctuated, holding a phrase of
/// `data/loader/notice_phrases.txt`, and no quotation. The caller asks only at the end
/// of an article, where such notices stand, and so only of a few paragraphs.
pub(crate) fn is_notice(par: &str) -> bool {
    count_words_upto(par, MAX_NOTICE_WORDS) <= MAX_NOTICE_WORDS
        && notice_phrases().is_match(par)
        && !par.contains(['"', '“'])
}

/// Classifies a paragraph: strong when every line is chrome and one is strong, weak
/// when every line is weak, else content.
pub(crate) fn classify(par: &str) -> Kind {
    let mut kind = Kind::Weak;
    for line in super::lex::lines(par) {
        match classify_line(line) {
            Kind::Content => return Kind::Content,
            Kind::Strong => kind = Kind::Strong,
            Kind::Weak => {}
        }
    }
    kind
}

/// The publication a chrome line names, if it names one: "Read More From X" -> X,
/// "Source: X" -> X (a URL gives its host), "This article first appeared on X" -> X.
pub(crate) fn source_hint(line: &str) -> Option<(u8, String)> {
    let line = line.trim();
    if let Some(label) = promo_label(line) {
        if label == "source" || label == "via" {
            let value = line.split_once(':')?.1.trim();
            let first = value.split_whitespace().next()?;
            if is_url(first) {
                return url_host(first).map(|h| (2, h.to_string()));
            }
            return name_like(value).map(|v| (2, v));
        }
        return None;
    }
    const CUES: &[&str] = &[
        "read more from ",
        "more from ",
        "more stories from ",
        "read more at ",
        "read more @ ",
        "first appeared on ",
        "first appeared in ",
        "originally appeared on ",
        "originally appeared in ",
        "originally published on ",
        "originally published by ",
        "originally published at ",
    ];
    let lower = line.to_lowercase();
    for cue in CUES {
        if let Some(at) = lower.find(cue) {
            if lower.is_char_boundary(at + cue.len()) && lower.len() == line.len() {
                let value = line[at + cue.len()..].trim();
                let first = value.split_whitespace().next()?;
                if is_url(first) {
                    return url_host(first).map(|h| (1, h.to_string()));
                }
                return name_like(value).map(|v| (1, v));
            }
        }
    }
    None
}

/// A publication name: 1–5 words, starting with a capital or digit, trailing
/// punctuation dropped; `None` for sentences.
fn name_like(value: &str) -> Option<String> {
    let v = value.trim_end_matches(['.', ',', ';', ':', '!', ' ']);
    let words = v.split_whitespace().take(6).count();
    let first = v.chars().next()?;
    let upper = first.is_uppercase() || first.is_ascii_digit();
    let sentence_like = v.contains(". ") || v.contains(['!', '?', ',']);
    (words > 0 && words <= 5 && upper && !sentence_like).then(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        // Lines that `may_hold_url` rules out hold no URL word: skipping the word
        // tests changes nothing.
        #[test]
        fn lines_ruled_out_hold_no_url(
            line in "([hHtTpPsSwW:/.@\\[\\](),<>ea ]|\u{a0}|\u{2003}|é){0,40}"
        ) {
            if !may_hold_url(&line) {
                for w in line.split_whitespace() {
                    proptest::prop_assert!(!is_url(w), "{:?} in {:?}", w, line);
                }
            }
        }
    }

    #[test]
    fn url_candidates() {
        for (line, want) in [
            ("Read more at https://example.org/x", true),
            ("Visit WWW.Example.org today", true),
            ("mail desk@example.org", true),
            ("[email protected]", true),
            ("The mayor said on Tuesday.", false),
            ("ww.example.org and www", false),
            ("", false),
        ] {
            assert_eq!(may_hold_url(line), want, "{line}");
        }
    }

    #[test]
    fn rights_and_republication_notices() {
        for (par, want) in [
            (
                "Republished with permission from Jo Bloggs and Example Law. Copyright (c) \
                 Example Law LLP. All rights reserved.",
                true,
            ),
            (
                "This content may be freely reproduced in full or in part in digital form \
                 with full attribution to the author and a link to www.example.com.",
                true,
            ),
            (
                "This article has been contributed by Example Plan. Visit www.example.com \
                 for news, commentary and more.",
                true,
            ),
            (
                "We encourage you to share and republish our reports, analyses, breaking \
                 news and videos (Click for details).",
                true,
            ),
            // Quoted, or a story's own words about copyright: text.
            (
                "“All rights reserved,” the notice on the gate read, and the court agreed \
                 with the owners of the land on Monday.",
                false,
            ),
            (
                "The court ruled that the copyright had expired and the songs could be \
                 sung freely in public from next year.",
                false,
            ),
        ] {
            assert_eq!(is_notice(par), want, "{par}");
        }
    }

    #[test]
    fn line_kinds() {
        use Kind::*;
        let cases = [
            ("Related Articles", Strong),
            ("Back to top", Strong),
            ("Advertisement", Strong),
            ("-- Example City Desk +1 212 555 0100", Strong),
            ("-- Example Corp to $0.95 from $1.03 versus the consensus $0.94", Content),
            ("THE NEWS", Weak),
            ("LATEST PREVIOUS ACTUAL", Weak),
            ("Read More From The Daily Planet", Strong),
            ("Reach out to usSend your letters to", Strong),
            ("Subscribe to The Gazette for FREE", Strong),
            ("% of readers think this story is Fact. Add your two cents.", Strong),
            ("Headline: Gold & Silver Prices Soar! Miners Are Next!", Strong),
            ("Source: http://example.com/2018/01/17/a-story/", Strong),
            ("https://example.com/channel/abc", Strong),
            ("Read more great articles here: https://example.com", Strong),
            ("Jane can be reached at: jane@example.com", Strong),
            ("Share this article on Facebook and Twitter", Strong),
            ("Please adhere to our commenting policy to avoid being banned.", Strong),
            ("Older articles by Jane Roe", Weak),
            ("Contacts and sources:", Weak),
            ("Example Weekly Gazette", Weak),
            ("Example Gazette ©", Strong),
            ("Most Recent Articles by Jane Roe:", Strong),
            ("RSS Feed for Jane Roe", Strong),
            ("the people's paper ®", Strong),
            ("The Widget® range sold well this year and next.", Content),
            ("The minister resigned on Friday.", Content),
            ("Like many voters, I was surprised by the result of the vote on Tuesday and so were my friends and neighbours.", Content),
            ("“We will win,” she said.", Content),
            ("Leicestershire 296 (P. Simmons 52)", Content),
            ("Get ready.", Content),
        ];
        for (line, want) in cases {
            assert_eq!(classify_line(line), want, "{line}");
        }
    }

    #[test]
    fn source_hints() {
        let cases = [
            ("Read More From The Daily Planet", Some("The Daily Planet")),
            ("Source: Reuters", Some("Reuters")),
            (
                "Source: http://www.example.com/2018/a-story/",
                Some("example.com"),
            ),
            ("Read More @ ExampleBlog.com", Some("ExampleBlog.com")),
            (
                "This article first appeared on The Gazette.",
                Some("The Gazette"),
            ),
            ("Related Articles", None),
            (
                "Source: the ministry said it was a mistake and would not comment.",
                None,
            ),
        ];
        for (line, want) in cases {
            assert_eq!(source_hint(line).map(|s| s.1).as_deref(), want, "{line}");
        }
    }
}
