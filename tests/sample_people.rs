//! The people of the bundled sample article, read from its body paragraphs.

use dateline::extract::people;

/// A person as compared here: name, aliases, roles, age.
type Row<'a> = (&'a str, Vec<&'a str>, Vec<&'a str>, Option<u32>);

/// Body paragraphs of the sample: everything between the headline and the site chrome.
fn sample_paragraphs() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/2022-08-04-zelensky-seeks-direct-talks-with-xi.txt"
    );
    let text = std::fs::read_to_string(path).expect("sample article");
    text.split("\n\n")
        .skip(1)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .take_while(|p| !p.ends_with("offers assistance"))
        .map(String::from)
        .collect()
}

#[test]
fn sample_article_people() {
    let paras = sample_paragraphs();
    assert!(paras.len() >= 9, "{paras:?}");
    let found = people::extract(&paras, &[]);
    let got: Vec<Row> = found
        .people
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.aliases.iter().map(String::as_str).collect(),
                p.roles.iter().map(String::as_str).collect(),
                p.age,
            )
        })
        .collect();
    let want: Vec<Row> = vec![
        (
            "Volodymyr Zelensky",
            vec!["Zelensky"],
            vec!["Ukrainian President"],
            Some(44),
        ),
        ("Xi Jinping", vec!["Xi"], vec!["Chinese leader"], None),
        ("Putin", vec![], vec![], None),
        ("Wang Yi", vec![], vec!["Foreign Minister"], None),
        (
            "Hua Chunying",
            vec![],
            vec!["Chinese Foreign Ministry spokeswoman"],
            None,
        ),
    ];
    assert_eq!(got, want);
}

#[test]
fn sample_mentions_are_exact_and_in_order() {
    let paras = sample_paragraphs();
    let found = people::extract(&paras, &[]);
    let mut last = (0, 0);
    for m in &found.mentions {
        assert!((m.para, m.start) >= last, "mentions out of order");
        last = (m.para, m.start);
        let text = &paras[m.para][m.start..m.end];
        let p = &found.people[m.person];
        assert!(
            p.name == text || p.aliases.iter().any(|a| a == text),
            "{text} is not a form of {}",
            p.name
        );
    }
    let count = |name: &str| {
        found
            .people
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.mentions)
    };
    assert_eq!(count("Volodymyr Zelensky"), Some(4));
    assert_eq!(count("Xi Jinping"), Some(4));
    assert_eq!(count("Putin"), Some(3));
    let total: u32 = found.people.iter().map(|p| p.mentions).sum();
    assert_eq!(total as usize, found.mentions.len());
}

#[test]
fn bylines_are_left_out() {
    let paras = sample_paragraphs();
    let found = people::extract(&paras, &["Hua Chunying"]);
    assert!(found.people.iter().all(|p| p.name != "Hua Chunying"));
}
