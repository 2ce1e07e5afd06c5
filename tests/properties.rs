//! Property tests: the loader and extractors take any text without panicking, give the
//! same answer every time, and never invent names; slugs are always safe.

use std::path::Path;

use dateline::load::{parse, RawArticle, SourceKind};
use dateline::slug::{slugify, MAX_SLUG_LEN};
use proptest::prelude::*;

/// Words that make news-like text: names, titles, function words, punctuation.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "Anna", "Kowalski", "Jonas", "Berg", "Mei", "Tanaka", "Omar", "Haddad", "O'Neil",
            "McDonald", "de", "van", "Jr.", "Mr.", "Dr.", "President", "Minister", "Council",
            "Bank", "Monday", "London", "Reuters", "AP", "—", "said", "the", "and", "of",
            "told", "reporters", "on", "in", "44,", "\"We", "agree,\"", "she", "he", "it",
            "Tanaka's", "Berg,", "Haddad.", "(", ")", ":", "NEW YORK", "By", "Ñúñez", "Zoë",
            "“We", "agree,”", "‘Ace’", "said:", "the mayor", "the 44-year-old", "aged 51",
            "With assistance from", "Read More", "©", "Prime Minister", "spokesman", "Jr",
        ]).prop_map(str::to_string),
        // Spaces other than U+0020, glued to a word or alone: no-break, thin, ideographic.
        1 => (prop::sample::select(vec!["\u{a0}", "\u{2009}", "\u{3000}", "\t", "\u{202f}"]),
              prop::sample::select(vec!["", "the", "Berg", "said", "\"", "”"]))
            .prop_map(|(sp, w)| format!("{sp}{w}")),
        1 => "[A-Z][a-z]{1,8}",
        1 => "[a-z]{1,8}[.,]?",
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..30).prop_map(|w| w.join(" "))
}

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(paragraph(), 0..8).prop_map(|p| p.join("\n\n"))
}

fn markdown(
    text: String,
) -> (
    Option<dateline::model::Record>,
    Vec<dateline::diag::Diagnostic>,
) {
    let raw = RawArticle {
        rel: "2020-01-01-p.md".into(),
        kind: SourceKind::Markdown,
        text,
        encoding: dateline::load::decode::Encoding::Utf8,
        hash: 0,
        stamp: Default::default(),
    };
    parse(&raw, Path::new("2020-01-01-p.md"))
}

/// 128 cases from a fixed seed, so that a run fails or passes the same way everywhere;
/// `PROPTEST_CASES` and `PROPTEST_RNG_SEED` explore further (see README, "Tests").
fn config() -> ProptestConfig {
    let d = ProptestConfig::default();
    let set = |k: &str| std::env::var_os(k).is_some();
    ProptestConfig {
        cases: if set("PROPTEST_CASES") { d.cases } else { 128 },
        rng_seed: if set("PROPTEST_RNG_SEED") {
            d.rng_seed
        } else {
            proptest::test_runner::RngSeed::Fixed(0x6461_7465_6c69_6e65)
        },
        ..d
    }
}

/// `text` without the comma before a generational suffix, in any case ("Berg, JR").
fn without_suffix_commas(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let suffix = words.get(i + 1).is_some_and(|n| {
            let n = n
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase();
            ["jr", "sr", "jnr", "snr"].contains(&n.as_str())
        });
        out.push(if suffix {
            w.strip_suffix(',').unwrap_or(w)
        } else {
            w
        });
    }
    out.join(" ")
}

/// `text` without quoted nicknames: a mark that opens a word and a mark that closes a
/// later word, with a space after it (`Anna "Ace" Berg` -> `Anna Berg`), as names report them.
fn without_nicknames(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let long = |w: &str| w.chars().nth(1).is_some();
        if long(w) && w.starts_with(['"', '“']) {
            if let Some(j) = (i..words.len().min(i + 4))
                .find(|&j| long(words[j]) && words[j].ends_with(['"', '”']))
            {
                i = j + 1;
                continue;
            }
        }
        out.push(w);
        i += 1;
    }
    out.join(" ")
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn extraction_never_panics_and_is_deterministic(text in prop_oneof![article(), any::<String>()]) {
        let a = dateline::extract::extract_raw(&text, "2020-01-01-p.txt");
        let b = dateline::extract::extract_raw(&text, "2020-01-01-p.txt");
        prop_assert_eq!(a, b);
    }

    #[test]
    fn reported_names_and_aliases_occur_in_the_text(paras in prop::collection::vec(paragraph(), 1..6)) {
        let found = dateline::extract::people::extract(&paras, &[]);
        // Names and aliases are reported with single spaces between words, without the
        // comma before a generational suffix ("Berg, Jr." is "Berg Jr.") and without a
        // quoted nickname (`Anna "Ace" Berg` is "Anna Berg").
        let all = paras.join("\n\n").split_whitespace().collect::<Vec<_>>().join(" ");
        let forms = [without_suffix_commas(&all), without_nicknames(&all), all.clone()];
        let occurs = |s: &str| forms.iter().any(|f| f.contains(s));
        for p in &found.people {
            prop_assert!(occurs(&p.name), "name {:?} not in {:?}", p.name, all);
            for a in &p.aliases {
                prop_assert!(occurs(a), "alias {:?} of {:?} not in {:?}", a, p.name, all);
            }
        }
        let again = dateline::extract::people::extract(&paras, &[]);
        prop_assert_eq!(found, again);
    }

    #[test]
    fn front_matter_never_panics(
        open in prop::sample::select(vec!["+++", "---", "+++\r", "---\r", ""]),
        front in prop_oneof![any::<String>(), "[a-z_]{1,8} ?[=:] ?[\\[\\]{}\"'0-9a-zA-Z:,. -]{0,30}"],
        close in prop::sample::select(vec!["+++", "---", ""]),
        body in any::<String>(),
    ) {
        let text = format!("{open}\n{front}\n{close}\n{body}");
        let (rec, diags) = markdown(text);
        if let Some(r) = rec {
            prop_assert!(!r.title.is_empty());
            prop_assert!(!r.slug.is_empty());
        } else {
            prop_assert!(!diags.is_empty(), "skipped without a reason");
        }
    }

    #[test]
    fn front_matter_of_any_text_never_panics(text in any::<String>()) {
        let _ = markdown(text);
    }

    #[test]
    fn slugs_are_always_safe(text in prop_oneof![any::<String>(), "[ -~]{0,300}", "(\\.\\./|/|\\\\|CON|nul|com1|🎉){0,20}"]) {
        let s = slugify(&text);
        prop_assert!(!s.is_empty());
        prop_assert!(s.len() <= MAX_SLUG_LEN, "{} bytes", s.len());
        prop_assert!(s.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'), "{:?}", s);
        prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), "{:?}", s);
        prop_assert!(!matches!(s.as_str(), "con" | "prn" | "aux" | "nul"), "{:?}", s);
        let path = format!("2020/01/01/{s}/index.html");
        prop_assert!(dateline::output::check_rel(&path).is_ok());
        prop_assert_eq!(slugify(&s), s.clone(), "not idempotent");
    }
}
