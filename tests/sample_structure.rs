//! The structural pass and quote attribution on the sample article in `content/`.

use dateline::extract::people::{Mention, People};
use dateline::extract::{quotes, text};
use dateline::model::PersonRef;

const SAMPLE: &str = "content/2022-08-04-zelensky-seeks-direct-talks-with-xi.txt";

fn sample() -> String {
    let path = format!("{}/{SAMPLE}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("sample article")
}

const CHROME: &[&str] = &[
    "Colum Murphy offers assistance",
    "Read More From Time",
    "Reach out to usSend your letters to",
    "Related Articles",
    "Back to top button",
];

#[test]
fn sample_structure() {
    let raw = sample();
    let st = text::structure(&raw);
    assert_eq!(
        st.title,
        "Zelensky Seeks Direct Talks With Xi Amid War With Russia"
    );
    assert_eq!(st.display_title, None);
    assert_eq!(st.contributors, ["Colum Murphy"]);
    assert!(st.byline.is_empty());
    assert_eq!(st.source.as_deref(), Some("Time"));
    assert_eq!(st.dateline, None);
    assert!(st.warnings.is_empty(), "{:?}", st.warnings);
    for p in &st.paragraphs {
        for c in CHROME {
            assert!(!p.contains(c), "chrome {c:?} left in {p:?}");
        }
    }
    // Every other paragraph is kept, unchanged and in order.
    let want: Vec<String> = raw
        .split("\n\n")
        .skip(1)
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty() && !CHROME.contains(&p.as_str()))
        .collect();
    assert_eq!(want.len(), 9);
    assert_eq!(st.paragraphs, want);
    let summary = text::summary(&st.paragraphs);
    assert!(summary.starts_with("Ukrainian President Volodymyr Zelensky urged"));
    assert!(summary.chars().count() <= 300);
}

/// Mentions of each person: every occurrence of each form (longest forms first, no overlaps).
fn people(paragraphs: &[String], persons: &[(&str, &[&str])]) -> People {
    let mut out = People::default();
    for (idx, (name, forms)) in persons.iter().enumerate() {
        out.people.push(PersonRef {
            name: name.to_string(),
            ..PersonRef::default()
        });
        for (para, p) in paragraphs.iter().enumerate() {
            for form in *forms {
                for (start, _) in p.match_indices(form) {
                    let end = start + form.len();
                    let taken = out
                        .mentions
                        .iter()
                        .any(|m| m.para == para && m.start < end && m.end > start);
                    if !taken {
                        out.mentions.push(Mention {
                            para,
                            start,
                            end,
                            person: idx,
                        });
                    }
                }
            }
        }
    }
    out.mentions.sort_by_key(|m| (m.para, m.start));
    out
}

#[test]
fn sample_quotes() {
    let st = text::structure(&sample());
    let ppl = people(
        &st.paragraphs,
        &[
            ("Volodymyr Zelensky", &["Volodymyr Zelensky", "Zelensky"]),
            ("Xi Jinping", &["Xi Jinping", "Xi"]),
            ("Hua Chunying", &["Hua Chunying"]),
            ("Putin", &["Putin"]),
            ("Wang Yi", &["Wang Yi"]),
        ],
    );
    let qs = quotes::extract(&st.paragraphs, &ppl);
    let kids = qs
        .iter()
        .find(|q| q.text.starts_with("Everyone loves their kids"))
        .expect("the quote is found");
    assert_eq!(kids.speaker.as_deref(), Some("Volodymyr Zelensky"));
    let peace = qs
        .iter()
        .find(|q| q.text.starts_with("Everyone wants to live in peace"))
        .expect("the follow-on quote is found");
    assert_eq!(peace.speaker.as_deref(), Some("Volodymyr Zelensky"));
    let china = qs
        .iter()
        .find(|q| q.text.starts_with("China, as a big and powerful country"))
        .expect("the long quote is found");
    assert_eq!(china.speaker.as_deref(), Some("Volodymyr Zelensky"));
    // Scare quotes are not listed.
    for short in ["no limits", "culprit"] {
        assert!(!qs.iter().any(|q| q.text == short), "{short}");
    }
    let channels = qs
        .iter()
        .find(|q| q.text.starts_with("all relevant parties"));
    assert_eq!(
        channels.and_then(|q| q.speaker.as_deref()),
        Some("Hua Chunying")
    );
}
