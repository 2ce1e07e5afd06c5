//! The person extractor never panics, keeps spans on character boundaries, and is
//! deterministic, whatever the input.

use dateline::extract::people;
use proptest::prelude::*;

fn check(paras: &[String]) {
    let a = people::extract(paras, &["Anna Berg"]);
    let b = people::extract(paras, &["Anna Berg"]);
    assert_eq!(a, b, "deterministic");
    let mut last = (0, 0);
    for m in &a.mentions {
        let p = &paras[m.para];
        assert!(m.start < m.end && m.end <= p.len());
        assert!(p.is_char_boundary(m.start) && p.is_char_boundary(m.end));
        assert!(m.person < a.people.len());
        assert!((m.para, m.start) >= last);
        last = (m.para, m.start);
    }
    let total: u32 = a.people.iter().map(|p| p.mentions).sum();
    assert_eq!(total as usize, a.mentions.len());
    assert!(a.people.iter().all(|p| !p.name.is_empty()));
}

#[test]
fn odd_inputs() {
    let cases: Vec<Vec<String>> = vec![
        vec![],
        vec![String::new()],
        vec!["Ünïcødé Ñame said. Ürsula Ölz, 44, met Mr Ölz.\n\u{200b}Jean-Luc Pérez (33)".into()],
        vec!["Ǆemal Ǉubić Ǌ 𝔄𝔩𝔟𝔢𝔯𝔱 'O'' ’’ ... . . Mr. . Dr".into()],
        vec!["P. Simmons (U.S.) beat A. B. C. D. Jones 6-3 6-4".into(); 3],
        vec![format!("{} Anna Berg said.", "Peter Such ".repeat(20_000))],
        vec!["((((( ))))) Smith, , , 999999999999999999999, (0)".into()],
    ];
    for c in &cases {
        check(c);
    }
}

#[test]
fn bylines_and_contributors_are_not_mentions() {
    let paras = vec!["Anna Berg and Peter Such met. Berg left.".to_string()];
    let found = people::extract(&paras, &["Anna Berg"]);
    assert!(found.people.iter().all(|p| !p.name.contains("Berg")));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn never_panics(paras in proptest::collection::vec("[A-Za-zÀ-ÿ.,'’()\\- 0-9\\n\u{1F600}]{0,80}", 0..4)) {
        check(&paras);
    }
}

#[test]
fn many_mentions_stay_fast() {
    let paras: Vec<String> = (0..5000)
        .map(|i| format!("Anna Berg met Peter Such{i}. Berg and Such{i} left."))
        .collect();
    let t = std::time::Instant::now();
    let found = people::extract(&paras, &[]);
    assert!(found.mentions.len() >= 5000);
    assert!(t.elapsed().as_secs_f64() < 5.0, "{:?}", t.elapsed());
}
