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
        ]).prop_map(str::to_string),
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn extraction_never_panics_and_is_deterministic(text in prop_oneof![article(), any::<String>()]) {
        let a = dateline::extract::extract_raw(&text, "2020-01-01-p.txt");
        let b = dateline::extract::extract_raw(&text, "2020-01-01-p.txt");
        prop_assert_eq!(a, b);
    }

    #[test]
    fn reported_names_and_aliases_occur_in_the_text(paras in prop::collection::vec(paragraph(), 1..6)) {
        let found = dateline::extract::people::extract(&paras, &[]);
        // Names are reported with single spaces between words, and without the comma
        // before a generational suffix ("Berg, Jr." is "Berg Jr.").
        let all = paras.join("\n\n").split_whitespace().collect::<Vec<_>>().join(" ");
        let uncomma = ["Jr", "Sr", "Jnr", "Snr"]
            .iter()
            .fold(all.clone(), |t, g| t.replace(&format!(", {g}"), &format!(" {g}")));
        for p in &found.people {
            prop_assert!(
                all.contains(&p.name) || uncomma.contains(&p.name),
                "name {:?} not in {:?}", p.name, all
            );
            for a in &p.aliases {
                prop_assert!(all.contains(a.as_str()), "alias {:?} of {:?} not in {:?}", a, p.name, all);
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
