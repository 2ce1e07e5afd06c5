//! Mentions of people an article's front matter already names.
//!
//! When front matter lists the people, the tagger is not needed to find them; quote
//! attribution still needs to know where each is mentioned. This finds every
//! whole-word occurrence of each person's name, aliases and (when it is unambiguous
//! among the listed people) bare surname, leftmost and longest first.

use super::{Mention, People};
use crate::model::PersonRef;

/// The listed `people` with their mentions in `paragraphs`, in text order. The people
/// are moved into the result, not copied.
pub fn mentions(paragraphs: &[String], people: Vec<PersonRef>) -> People {
    let (patterns, owner) = patterns(&people);
    let mut mentions = Vec::new();
    // One pass per paragraph: only bytes that begin some pattern are tried, each
    // against the few patterns beginning with it (a handful of names per article, so
    // no automaton or per-pattern searcher is worth building).
    let starts = FirstBytes::of(patterns.iter().map(|p| p.as_bytes()[0]));
    // Pattern numbers grouped by first byte: `by_first[b]` is the range of `order`
    // holding the patterns that begin with byte `b`.
    let mut order: Vec<usize> = (0..patterns.len()).collect();
    order.sort_by_key(|&k| patterns[k].as_bytes()[0]);
    let mut by_first = [(0u32, 0u32); 256];
    for (i, &k) in order.iter().enumerate() {
        let r = &mut by_first[usize::from(patterns[k].as_bytes()[0])];
        if r.0 == r.1 {
            *r = (i as u32, i as u32);
        }
        r.1 += 1;
    }
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    for (para, text) in paragraphs.iter().enumerate() {
        hits.clear();
        let bytes = text.as_bytes();
        starts.each_in(bytes, |start| {
            let (lo, hi) = by_first[usize::from(bytes[start])];
            let rest = &bytes[start..];
            // A pattern's first byte never continues a UTF-8 sequence, so `start` is a
            // character boundary whenever it matches.
            let mut starts_word = None;
            for &k in &order[lo as usize..hi as usize] {
                let pat = patterns[k].as_bytes();
                let end = start + pat.len();
                if rest.starts_with(pat)
                    && word_ends(text, end)
                    && *starts_word.get_or_insert_with(|| word_starts(text, start))
                {
                    hits.push((start, end, owner[k]));
                }
            }
        });
        // Leftmost first, longest first at the same start; drop overlapped hits.
        hits.sort_unstable_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut taken_to = 0;
        for &(start, end, person) in &hits {
            if start >= taken_to {
                mentions.push(Mention {
                    para,
                    start,
                    end,
                    person,
                });
                taken_to = end;
            }
        }
    }
    drop(patterns);
    People {
        people,
        mentions,
        works: Vec::new(),
    }
}

/// The bytes that begin some pattern.
struct FirstBytes {
    set: [bool; 256],
    /// The smallest and largest of them.
    lo: u8,
    hi: u8,
}

impl FirstBytes {
    fn of(bytes: impl Iterator<Item = u8>) -> FirstBytes {
        let mut f = FirstBytes {
            set: [false; 256],
            lo: u8::MAX,
            hi: 0,
        };
        for b in bytes {
            f.set[usize::from(b)] = true;
            f.lo = f.lo.min(b);
            f.hi = f.hi.max(b);
        }
        f
    }

    /// Calls `f` with every position of `text` holding one of the bytes, in order.
    /// Names begin with a capital, a few bytes in a hundred: when all first bytes are
    /// ASCII, eight bytes are checked at a time for any in `lo..=hi`.
    fn each_in(&self, text: &[u8], mut f: impl FnMut(usize)) {
        use crate::extract::{bytes_in, HI};
        let mut i = 0;
        if self.lo <= self.hi && self.hi < 0x80 {
            while let Some(w) = text.get(i..i + 8) {
                let x = u64::from_le_bytes(w.try_into().expect("eight bytes"));
                // The high bits cleared for the range check; a byte that had its high bit
                // set is not ASCII and is dropped.
                let mut m = bytes_in(x & !HI, self.lo, self.hi) & !x;
                while m != 0 {
                    let j = i + (m.trailing_zeros() / 8) as usize;
                    if self.set[usize::from(text[j])] {
                        f(j);
                    }
                    m &= m - 1;
                }
                i += 8;
            }
        }
        for (j, &b) in text.iter().enumerate().skip(i) {
            if self.set[usize::from(b)] {
                f(j);
            }
        }
    }
}

/// Search patterns (name, aliases, unambiguous surnames) and the person each belongs to.
fn patterns<'p>(people: &'p [PersonRef]) -> (Vec<&'p str>, Vec<usize>) {
    let mut patterns: Vec<&str> = Vec::new();
    let mut owner: Vec<usize> = Vec::new();
    fn add<'p>(patterns: &mut Vec<&'p str>, owner: &mut Vec<usize>, form: &'p str, who: usize) {
        let form = form.trim();
        if !form.is_empty() && !patterns.contains(&form) {
            patterns.push(form);
            owner.push(who);
        }
    }
    let mut add = |form: &'p str, who: usize| add(&mut patterns, &mut owner, form, who);
    for (i, p) in people.iter().enumerate() {
        add(&p.name, i);
        for a in &p.aliases {
            add(a, i);
        }
    }
    for (i, p) in people.iter().enumerate() {
        if let Some(surname) = surname(&p.name) {
            let shared = people
                .iter()
                .enumerate()
                .any(|(j, q)| j != i && surname_of(&q.name) == Some(surname));
            if !shared {
                add(surname, i);
            }
        }
    }
    (patterns, owner)
}

/// The surname of a name of two or more words ([`super::surname_of`]: the last word
/// before any generational suffix), when it is capitalised.
fn surname(name: &str) -> Option<&str> {
    surname_of(name).filter(|s| s.chars().next().is_some_and(char::is_uppercase))
}

use super::surname_of;

/// True when no letter or digit comes right before `start`.
fn word_starts(text: &str, start: usize) -> bool {
    !text[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// True when no letter or digit comes right after `end`.
fn word_ends(text: &str, end: usize) -> bool {
    !text[end..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, aliases: &[&str]) -> PersonRef {
        PersonRef {
            name: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    proptest::proptest! {
        #[test]
        fn first_bytes_are_found_wherever_they_are(
            text in proptest::collection::vec(
                proptest::prop_oneof![b'A'..=b'Z', b' '..=b'z', proptest::prelude::any::<u8>()],
                0..40,
            ),
            firsts in proptest::collection::vec(
                proptest::prop_oneof![b'A'..=b'Z', proptest::prelude::any::<u8>()], 1..4),
        ) {
            let f = FirstBytes::of(firsts.iter().copied());
            let mut got = Vec::new();
            f.each_in(&text, |j| got.push(j));
            let want: Vec<usize> =
                (0..text.len()).filter(|&j| firsts.contains(&text[j])).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    /// Every pattern tried at every character boundary, leftmost-longest kept.
    fn naive(paragraphs: &[String], people: &[PersonRef]) -> Vec<(usize, usize, usize, usize)> {
        let (patterns, owner) = patterns(people);
        let mut out = Vec::new();
        for (para, text) in paragraphs.iter().enumerate() {
            let mut hits = Vec::new();
            for (start, _) in text.char_indices() {
                for (k, pat) in patterns.iter().enumerate() {
                    let end = start + pat.len();
                    if text[start..].starts_with(pat)
                        && word_starts(text, start)
                        && word_ends(text, end)
                    {
                        hits.push((start, end, owner[k]));
                    }
                }
            }
            hits.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
            let mut taken_to = 0;
            for (start, end, person) in hits {
                if start >= taken_to {
                    out.push((para, start, end, person));
                    taken_to = end;
                }
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn mentions_match_trying_every_pattern_everywhere(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Ada", "Quill", "Mrs", "Bo", "Lindqvist", "Åsa", "Lind", "Lindé", "said",
                    "the", "A", "Q", "Quills", "-", "’s", ",", ".", "\n", "é", "B",
                ]),
                0..30,
            ),
            seps in proptest::collection::vec(proptest::sample::select(vec!["", " ", "  "]), 30),
        ) {
            let people = [
                person("Ada Quill", &["Mrs Quill", "Ada"]),
                person("Bo Lindqvist", &["B"]),
                person("Åsa Lind", &[]),
            ];
            let text: String = words.iter().zip(&seps).flat_map(|(w, s)| [*w, *s]).collect();
            let paras: Vec<String> = text.split('\n').map(str::to_string).collect();
            let got: Vec<(usize, usize, usize, usize)> = mentions(&paras, people.to_vec())
                .mentions
                .iter()
                .map(|m| (m.para, m.start, m.end, m.person))
                .collect();
            proptest::prop_assert_eq!(got, naive(&paras, &people));
        }
    }

    fn found(text: &str, people: &[PersonRef]) -> Vec<(String, usize)> {
        let paras = vec![text.to_string()];
        mentions(&paras, people.to_vec())
            .mentions
            .iter()
            .map(|m| (text[m.start..m.end].to_string(), m.person))
            .collect()
    }

    #[test]
    fn finds_names_aliases_and_surnames() {
        let people = [
            person("Ada Quill", &["Mrs Quill"]),
            person("Bo Lindqvist", &[]),
        ];
        let cases: &[(&str, &[(&str, usize)])] = &[
            ("Ada Quill spoke.", &[("Ada Quill", 0)]),
            ("Mrs Quill spoke.", &[("Mrs Quill", 0)]),
            (
                "Quill and Lindqvist met.",
                &[("Quill", 0), ("Lindqvist", 1)],
            ),
            ("Quillings are birds.", &[]),
            ("McQuill is someone else.", &[]),
            (
                "Bo Lindqvist, then Lindqvist.",
                &[("Bo Lindqvist", 1), ("Lindqvist", 1)],
            ),
        ];
        for (text, want) in cases {
            let want: Vec<(String, usize)> =
                want.iter().map(|(s, p)| (s.to_string(), *p)).collect();
            assert_eq!(found(text, &people), want, "{text}");
        }
    }

    #[test]
    fn word_edges_outside_ascii() {
        let people = [person("Åsa Lind", &[]), person("Zoë Brandt", &[])];
        let cases: &[(&str, &[(&str, usize)])] = &[
            ("Åsa Lind met Brandt.", &[("Åsa Lind", 0), ("Brandt", 1)]),
            ("ÅÅsa Lind", &[("Lind", 0)]),
            ("Lindé and éLind and Brandt’s", &[("Brandt", 1)]),
            ("Zoë Brandt-Åsa Lind", &[("Zoë Brandt", 1), ("Åsa Lind", 0)]),
        ];
        for (text, want) in cases {
            let want: Vec<(String, usize)> =
                want.iter().map(|(s, p)| (s.to_string(), *p)).collect();
            assert_eq!(found(text, &people), want, "{text}");
        }
    }

    #[test]
    fn a_generational_suffix_is_not_the_surname() {
        let people = [person("Ada Quill Jr.", &[])];
        assert_eq!(
            found(
                "Ada Quill Jr. spoke, then Quill left. Jr. is no one.",
                &people
            ),
            vec![("Ada Quill Jr.".into(), 0), ("Quill".into(), 0)]
        );
    }

    #[test]
    fn shared_surnames_are_not_patterns() {
        let people = [person("Ada Quill", &[]), person("Ben Quill", &[])];
        assert_eq!(found("Quill said no.", &people), vec![]);
        assert_eq!(
            found("Ben Quill said no.", &people),
            vec![("Ben Quill".into(), 1)]
        );
    }

    #[test]
    fn no_people_no_mentions() {
        assert!(mentions(&["Anything at all.".into()], Vec::new())
            .mentions
            .is_empty());
    }
}
