//! The structural pass on invented articles of the shapes the loader meets: wire copy
//! with a byline and a dateline, agency datelines, credit lines, scraped pages with chrome.

use chrono::NaiveDate;
use dateline::extract::people::{Mention, People};
use dateline::extract::{quotes, text};
use dateline::model::{DateSource, PersonRef};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/loader/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Paragraphs of the fixture file itself, after the headline line.
fn file_paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .skip(1)
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// People whose mentions are every occurrence of the given forms.
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
                    out.mentions.push(Mention {
                        para,
                        start,
                        end: start + form.len(),
                        person: idx,
                    });
                }
            }
        }
    }
    out.mentions.sort_by_key(|m| (m.para, m.start));
    out
}

#[test]
fn wire_copy_with_byline_and_dateline() {
    let raw = fixture("wire-byline-dateline.txt");
    let st = text::structure(&raw);
    assert_eq!(
        st.title,
        "ROWING - RIVERSIDE CREW TAKE GOLD IN PORTMOUTH REGATTA."
    );
    assert_eq!(
        st.display_title.as_deref(),
        Some("Rowing - Riverside crew take gold in Portmouth regatta.")
    );
    assert_eq!(st.byline, ["Hannah Whitcombe"]);
    assert_eq!(st.dateline.as_deref(), Some("PORTMOUTH, Westshire"));
    assert_eq!(st.date, Some((date("1996-09-14"), DateSource::Dateline)));
    let want: Vec<String> = file_paragraphs(&raw)[2..5].to_vec();
    assert_eq!(st.paragraphs, want);
    assert!(st.warnings.is_empty());

    let ppl = people(&st.paragraphs, &[("Tomas Eberle", &["Tomas Eberle"])]);
    let qs = quotes::extract(&st.paragraphs, &ppl);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].speaker.as_deref(), Some("Tomas Eberle"));
    assert_eq!(
        qs[0].text,
        "We knew the wind would suit us, and we rowed the race we planned"
    );
}

#[test]
fn reuters_prefix_dateline_and_credits() {
    let raw = fixture("wire-prefix-dateline.txt");
    let st = text::structure(&raw);
    assert_eq!(st.dateline.as_deref(), Some("OSTERVALE"));
    assert_eq!(st.source.as_deref(), Some("Reuters"));
    // A month and day without a year give no date.
    assert_eq!(st.date, None);
    assert_eq!(st.byline, ["Pieter Vanlo"]);
    assert_eq!(st.contributors, ["Maura Keene"]);
    assert_eq!(st.paragraphs.len(), 3);
    assert!(st.paragraphs[0].starts_with("The Ostervale city council on Friday"));
    assert_eq!(st.display_title, None);
    assert_eq!(
        text::summary(&st.paragraphs),
        "The Ostervale city council on Friday approved a new harbour bridge, ending a six-year dispute over its cost."
    );

    let ppl = people(
        &st.paragraphs,
        &[("Lena Farkas", &["Lena Farkas", "Farkas"])],
    );
    let qs = quotes::extract(&st.paragraphs, &ppl);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].speaker.as_deref(), Some("Lena Farkas"));
}

#[test]
fn agency_style_dateline_with_byline_and_contributor() {
    let raw = fixture("ap-dateline-credits.txt");
    let st = text::structure(&raw);
    assert_eq!(st.byline, ["Carla Mendes", "Oskar Lindqvist"]);
    assert_eq!(st.contributors, ["Jonas Weller"]);
    assert_eq!(st.dateline.as_deref(), Some("VALMORA, Estrava"));
    assert_eq!(st.date, None);
    assert_eq!(st.paragraphs.len(), 3);
    assert!(st.paragraphs[0].starts_with("Floodwater closed three mountain roads"));
    assert!(!st.paragraphs.iter().any(|p| p.contains("contributed")));

    let ppl = people(&st.paragraphs, &[("Ana Ribeiro", &["Ana Ribeiro"])]);
    let qs = quotes::extract(&st.paragraphs, &ppl);
    let speakers: Vec<Option<&str>> = qs.iter().map(|q| q.speaker.as_deref()).collect();
    assert_eq!(speakers, [Some("Ana Ribeiro"), Some("Ana Ribeiro")]);
    assert_eq!(qs[1].text, "We moved two villages overnight.");
}

#[test]
fn scraped_page_loses_its_chrome_only() {
    let raw = fixture("scraped-chrome.txt");
    let st = text::structure(&raw);
    assert_eq!(st.title, "Local Bakery Wins National Bread Prize");
    assert_eq!(st.byline, ["Priya Castellanos", "Ben Okafor", "Lu Wen"]);
    assert_eq!(st.source.as_deref(), Some("example.com"));
    assert_eq!(
        st.paragraphs,
        [
            "A family bakery on Mill Street has won the national bread prize for its rye loaf, the judges announced on Monday.",
            "The bakery, run by the Harlan family since 1952, beat more than 400 entries.",
            "“We bake the same way my grandmother did,” owner Rosa Harlan said.",
        ]
    );
    assert!(st.warnings.is_empty());
}

#[test]
fn empty_and_headline_only_files_warn() {
    assert!(!text::structure("").warnings.is_empty());
    let st = text::structure("Just a headline\n");
    assert_eq!(st.title, "Just a headline");
    assert!(st.paragraphs.is_empty());
    assert_eq!(st.warnings.len(), 1);
}

#[test]
fn indented_paragraphs_without_blank_lines() {
    // Old wire copy: no blank lines, each paragraph's first line indented, every line
    // wrapped at a fixed width.
    let raw = fixture("indented-wire.txt");
    let st = text::structure(&raw);
    assert_eq!(st.dateline.as_deref(), Some("HARBOURTOWN, Westshire"));
    assert_eq!(st.source.as_deref(), Some("Wire"));
    // One paragraph per indented line, the dateline taken off the first.
    let lines: Vec<&str> = raw.lines().skip(1).collect();
    let want: Vec<String> = [(0, 3), (3, 6), (6, 9), (9, 11)]
        .iter()
        .map(|&(a, b)| {
            lines[a..b]
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    assert_eq!(st.paragraphs.len(), 4);
    assert_eq!(st.paragraphs[1..], want[1..]);
    assert!(want[0].ends_with(&st.paragraphs[0]));
    assert!(st.paragraphs[0].starts_with("The town council on Tuesday\n"));
    // The wrapped lines flow on the page: each paragraph is hard-wrapped prose, the
    // first one too, though the dateline made its first line short.
    for p in &st.paragraphs {
        assert!(text::blocks::is_hard_wrapped(p), "{p:?}");
    }
    let ppl = people(
        &st.paragraphs,
        &[("Ines Marwick", &["Ines Marwick", "Marwick"])],
    );
    let qs = quotes::extract(&st.paragraphs, &ppl);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].speaker.as_deref(), Some("Ines Marwick"));
}
