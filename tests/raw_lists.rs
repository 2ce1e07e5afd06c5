//! The layout of raw text: bulleted and numbered lines become HTML lists on the article
//! page, in the feed and in the Markdown that `import` writes; lone marked lines stay
//! text; hard-wrapped prose flows while other line breaks stay.

mod common;

use common::{build_at, build_fixture, parse, select_all};

const BUDGET: &str = "2021/03/02/council-budget-the-main-points/index.html";
const CITIES: &str = "2021/03/03/cities-on-the-list/index.html";
const RESULTS: &str = "2021/03/04/race-results/index.html";
const WRAPPED: &str = "2021/03/05/ferry-crews-vote-to-strike/index.html";

#[test]
fn hard_wrapped_prose_flows_and_other_line_breaks_stay() {
    let b = build_fixture("lists", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let html = common::read(&b.out, WRAPPED);
    let story = &html[html.find("story-body").unwrap()..];
    let story = &story[..story.find("</div>").unwrap()];
    // The wire copy's line breaks at 70 columns are gone: one flowing paragraph.
    assert!(
        story.contains(
            "<p>Ferry crews on the Eastmoor crossing voted on Friday to strike for\ntwo days"
        ),
        "{story}"
    );
    // The address keeps its lines.
    assert!(
        story.contains("<p>Eastmoor Harbour Office<br>\n1 Quay Street<br>\nEastmoor</p>"),
        "{story}"
    );
    assert_eq!(story.matches("<br>").count(), 2, "{story}");
}

#[test]
fn bullets_and_numbers_become_lists_and_lone_lines_stay_text() {
    let b = build_fixture("lists", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);

    let budget = parse(&b.out, BUDGET);
    assert_eq!(
        select_all(&budget, ".story-body > ul > li"),
        [
            // The lower-case line continues the hard-wrapped item.
            "a rise of 2% in council tax, the first in three years",
            "free parking in the town centre on Saturdays",
            // Markup in raw text is text.
            "<b>new</b> bus routes & later trains",
        ]
    );
    assert!(select_all(&budget, ".story-body b").is_empty());
    assert_eq!(
        select_all(&budget, ".story-body > p"),
        [
            "Eastmoor council set its budget on Tuesday. Jo Bloggs, the council leader, said the plan was fair.",
            "The main measures were:",
            "Bloggs said the rise would fund 40 new teachers.",
            "- Jo Bloggs",
        ]
    );

    // Wire copy's one item per paragraph, with an em dash; a section break stays text.
    let cities = parse(&b.out, CITIES);
    assert_eq!(
        select_all(&cities, ".story-body > ul > li"),
        [
            "Arizona: Glendale, Mesa.",
            "Texas: Arlington, Plano.",
            "Rhode Island: Providence.",
        ]
    );
    assert!(select_all(&cities, ".story-body > p").contains(&"* * *".to_string()));

    // Numbers that count up are an ordered list; a lone numbered heading is text.
    let results = parse(&b.out, RESULTS);
    assert_eq!(
        select_all(&results, ".story-body > ol > li"),
        [
            "Anneli Vossberg 2:08:11",
            "Ines Marwick 2:08:40",
            "Jo Bloggs 2:09:02",
        ]
    );
    assert!(select_all(&results, ".story-body ul").is_empty());
    assert!(select_all(&results, ".story-body > p").contains(&"1. Know your pace".to_string()));
    // The list items are still read for people.
    assert!(b.out.join("people/anneli-vossberg/index.html").is_file());

    // The feed carries the same list.
    let feed = std::fs::read_to_string(b.out.join("atom.xml")).unwrap();
    assert!(
        feed.contains("&lt;li&gt;Arizona: Glendale, Mesa.&lt;/li&gt;"),
        "{feed}"
    );
}

#[test]
fn imported_markdown_keeps_the_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/lists/content");
    let into = tmp.path().join("content");
    let (_, err, code) = common::run(&["import", src, "--into", into.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let raw = build_fixture("lists", &[]);
    for page in [BUDGET, CITIES, RESULTS, WRAPPED] {
        assert_eq!(
            // `<br />` from Markdown, `<br>` from raw text.
            common::read(&b.out, page).matches("<br").count(),
            common::read(&raw.out, page).matches("<br").count(),
            "{page}"
        );
        for css in [".story-body > ul > li", ".story-body > ol > li"] {
            let md = select_all(&parse(&b.out, page), css);
            let text = select_all(&parse(&raw.out, page), css);
            assert_eq!(md, text, "{page} {css}");
        }
    }
}
