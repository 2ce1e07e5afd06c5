//! Fuzz target: the people extractor on paragraphs split at blank lines. Every name and
//! alias it reports must occur in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let paras: Vec<String> = text
        .split("\n\n")
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect();
    let found = dateline::extract::people::extract(&paras, &[]);
    for m in &found.mentions {
        assert!(m.person < found.people.len());
        assert!(paras[m.para].get(m.start..m.end).is_some());
    }
});
