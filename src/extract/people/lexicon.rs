//! Word lists the person extractor consults: Census name lists and hand-written role,
//! honorific and particle lists, parsed once and shared.

use super::tagger::FxBuild;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Word-list membership bits, for one-lookup checks in the tagger's hot loop.
pub mod flag {
    pub const FIRST: u16 = 1;
    pub const SURNAME_TOP: u16 = 1 << 1;
    pub const SURNAME_MID: u16 = 1 << 2;
    pub const SURNAME_RARE: u16 = 1 << 3;
    pub const PLACE: u16 = 1 << 4;
    pub const NON_PERSON: u16 = 1 << 5;
    pub const ORG: u16 = 1 << 6;
    pub const HONORIFIC: u16 = 1 << 7;
    pub const ROLE_HEAD: u16 = 1 << 8;
    pub const ROLE_MODIFIER: u16 = 1 << 9;
    pub const PARTICLE: u16 = 1 << 10;
    pub const COMPANY: u16 = 1 << 11;
    pub const NOT_IN_NAMES: u16 = 1 << 12;
    pub const EAST_ASIAN_FAMILY: u16 = 1 << 13;
    /// A role head of the `later_role_heads` section (also [`ROLE_HEAD`]): one the
    /// tagger's `p1role` feature does not see.
    pub const LATER_ROLE_HEAD: u16 = 1 << 14;
    /// Any of the surname bands.
    pub const SURNAME: u16 = SURNAME_TOP | SURNAME_MID | SURNAME_RARE;
}

/// All word lists, lower case.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// First names (US Census 1990).
    pub first_names: HashSet<&'static str, FxBuild>,
    /// Surname -> frequency rank, 0 = most common (US Census 1990).
    pub surnames: HashMap<&'static str, u32, FxBuild>,
    pub honorifics: HashSet<&'static str, FxBuild>,
    /// Words that end a role before a name, both sections: `role_heads` and
    /// `later_role_heads`.
    pub role_heads: HashSet<&'static str, FxBuild>,
    /// The role heads added after the tagger was trained (`later_role_heads`): roles to
    /// the resolver, no tagger feature.
    pub later_role_heads: HashSet<&'static str, FxBuild>,
    pub role_modifiers: HashSet<&'static str, FxBuild>,
    /// Lower-case words of a role added after the tagger was trained
    /// (`later_role_modifiers`: "shadow home secretary", "chief operating officer"): read
    /// into a role before its head, no tagger feature.
    pub later_role_modifiers: HashSet<&'static str, FxBuild>,
    pub particles: HashSet<&'static str, FxBuild>,
    pub east_asian_family_names: HashSet<&'static str, FxBuild>,
    /// Further family names written first, for filing only (`more_family_names_first`).
    /// Not a tagger feature.
    pub more_family_names_first: HashSet<&'static str, FxBuild>,
    /// Capitalised words that are not people: months, nations, demonyms, parties.
    pub non_person: HashSet<&'static str, FxBuild>,
    /// Calendar and nation words that are also surnames, joined to a given name just
    /// before them ("Theresa May", "Dawn French"). Not a tagger feature.
    pub word_surnames: HashSet<&'static str, FxBuild>,
    /// Words that make a capitalised phrase an organisation or place ("Corp", "Party").
    pub org_words: HashSet<&'static str, FxBuild>,
    /// Further last words of company names ("Bros", "Financial").
    pub company_words: HashSet<&'static str, FxBuild>,
    /// Nouns that mark the capitalised word after them as an organisation ("banking
    /// giant Citigroup"). Not a tagger feature.
    pub org_descriptors: HashSet<&'static str, FxBuild>,
    /// Nouns for a made work or an organisation that are no one's job, written before
    /// its name ("the film Harbour Lights", "firm"). Not a tagger feature.
    pub work_nouns: HashSet<&'static str, FxBuild>,
    /// Nouns for a group of performers or an organisation written before its name ("the
    /// band Tarn Static"), which a member's name may follow too: evidence for the
    /// archive, never a reason to drop a name in one article. Not a tagger feature.
    pub group_nouns: HashSet<&'static str, FxBuild>,
    /// Further job nouns that end a role written after a name ("X, commissioner at the
    /// union,"). Not a tagger feature.
    pub apposition_heads: HashSet<&'static str, FxBuild>,
    /// Words that make the phrase after a name and a comma a clause or a list, not a
    /// role ("who", "said", "and"). Not a tagger feature.
    pub apposition_stops: HashSet<&'static str, FxBuild>,
    /// Role heads that are common nouns ("actor", "star"): capitalised inside a sentence
    /// they begin a title ("Star Wars"), not a role. Not a tagger feature.
    pub descriptive_heads: HashSet<&'static str, FxBuild>,
    /// Function words that end a role read leftwards from its head ("But", "the").
    /// Not a tagger feature.
    pub role_stops: HashSet<&'static str, FxBuild>,
    /// Nouns for a person of a nation ("Briton", "Scot", "Dane"): before a given name
    /// that starts a longer name, a description, no part of it. Not a tagger feature.
    pub nationality_nouns: HashSet<&'static str, FxBuild>,
    /// Words never part of a name: function words and site-chrome words ("Read More").
    pub not_in_names: HashSet<&'static str, FxBuild>,
    /// Places (GeoNames): countries, capitals, US states, large cities.
    pub places: HashSet<&'static str, FxBuild>,
    /// Names of organisations that read like people's ("Sony", "Chelsea", "Hewlett
    /// Packard"), whole names with single spaces. Not a tagger feature: only the
    /// resolver's last check of a name uses it.
    pub organisations: HashSet<&'static str, FxBuild>,
    /// The first words of the many-word [`Lexicon::organisations`] and
    /// [`Lexicon::places`] ("lib" of "lib dem", "puerto" of "puerto rico"), so that most
    /// many-word names are ruled out with one look-up.
    pub many_word_heads: HashSet<&'static str, FxBuild>,
    /// Every listed word with its [`flag`] bits.
    flags: HashMap<&'static str, u16, FxBuild>,
}

impl Lexicon {
    /// The [`flag`] bits of a lower-case word (0 when in no list).
    pub fn flags(&self, lower: &str) -> u16 {
        self.flags.get(lower).copied().unwrap_or(0)
    }

    fn build_flags(&mut self) {
        let size = self.first_names.len() + self.surnames.len() + self.places.len();
        let mut flags: HashMap<&'static str, u16, FxBuild> =
            HashMap::with_capacity_and_hasher(size, FxBuild::default());
        let sets = [
            (&self.first_names, flag::FIRST),
            (&self.places, flag::PLACE),
            (&self.non_person, flag::NON_PERSON),
            (&self.org_words, flag::ORG),
            (&self.honorifics, flag::HONORIFIC),
            (&self.role_heads, flag::ROLE_HEAD),
            (&self.later_role_heads, flag::LATER_ROLE_HEAD),
            (&self.role_modifiers, flag::ROLE_MODIFIER),
            (&self.particles, flag::PARTICLE),
            (&self.company_words, flag::COMPANY),
            (&self.not_in_names, flag::NOT_IN_NAMES),
            (&self.east_asian_family_names, flag::EAST_ASIAN_FAMILY),
        ];
        for (set, bit) in sets {
            for &w in set {
                *flags.entry(w).or_default() |= bit;
            }
        }
        for (&w, &rank) in &self.surnames {
            let bit = match rank {
                0..=999 => flag::SURNAME_TOP,
                1000..=4999 => flag::SURNAME_MID,
                _ => flag::SURNAME_RARE,
            };
            *flags.entry(w).or_default() |= bit;
        }
        self.flags = flags;
    }
}

static FIRST: &str = include_str!("../../../data/people/first_names.txt");
static SURNAMES: &str = include_str!("../../../data/people/surnames.txt");
static PLACES: &str = include_str!("../../../data/people/places.txt");
static LEXICON: &str = include_str!("../../../data/people/lexicon.txt");
static ORGANISATIONS: &str = include_str!("../../../data/people/organisations.txt");

static ENGLISH: &str = include_str!("../../../data/people/english_words.txt");

/// Whether a lower-cased word is an ordinary English word: a lower-case entry of the
/// SCOWL word list that is no Census first name (`data/people/english_words.txt`). The
/// list is sorted and searched where it lies; only the table of where its lines start
/// is built, once, on first use. Not a tagger feature.
pub fn is_english_word(l: &str) -> bool {
    static WORDS: OnceLock<SortedLines> = OnceLock::new();
    WORDS
        .get_or_init(|| SortedLines::new(english_body()))
        .contains(l.as_bytes())
}

/// The word lines of [`ENGLISH`], after its comment header.
fn english_body() -> &'static [u8] {
    let b = ENGLISH.as_bytes();
    let mut at = 0;
    while b.get(at) == Some(&b'#') {
        at = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i + 1);
    }
    &b[at..]
}

/// Newline-separated lines sorted by bytes, with the offset of each line's start: a
/// search is a binary search over the offsets (some 16 comparisons for the 63,529
/// English words), and the table costs 4 bytes a line instead of a hash set's copy.
struct SortedLines {
    text: &'static [u8],
    starts: Vec<u32>,
}

impl SortedLines {
    fn new(text: &'static [u8]) -> SortedLines {
        let mut starts = Vec::with_capacity(text.len() / 8);
        if !text.is_empty() {
            starts.push(0);
        }
        // A newline at the very end starts no line.
        starts.extend(
            memchr::memchr_iter(b'\n', text)
                .map(|i| i + 1)
                .filter(|&i| i < text.len())
                .map(|i| i as u32),
        );
        SortedLines { text, starts }
    }

    fn line(&self, k: usize) -> &[u8] {
        let start = self.starts[k] as usize;
        let end = self
            .starts
            .get(k + 1)
            .map_or(self.text.len(), |&e| e as usize - 1);
        let line = &self.text[start..end];
        line.strip_suffix(b"\n").unwrap_or(line)
    }

    fn contains(&self, key: &[u8]) -> bool {
        let (mut lo, mut hi) = (0, self.starts.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.line(mid).cmp(key) {
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        false
    }
}

/// Non-comment, non-empty lines of a word list.
fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The shared lexicon.
pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        // Sized up front: growing a table of 90,000 surnames rehashes it many times.
        let mut surnames = HashMap::with_capacity_and_hasher(
            SURNAMES.bytes().filter(|&b| b == b'\n').count() + 1,
            FxBuild::default(),
        );
        surnames.extend(lines(SURNAMES).zip(0..));
        let mut lex = Lexicon {
            first_names: lines(FIRST).collect(),
            surnames,
            places: lines(PLACES).collect(),
            organisations: lines(ORGANISATIONS).collect(),
            ..Lexicon::default()
        };
        lex.many_word_heads = (lex.organisations.iter().chain(&lex.places))
            .filter_map(|l| l.split_once(' ').map(|(head, _)| head))
            .collect();
        let mut section = "";
        for l in lines(LEXICON) {
            if let Some(name) = l.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name;
                continue;
            }
            let set = match section {
                "honorifics" => &mut lex.honorifics,
                "role_heads" => &mut lex.role_heads,
                "role_modifiers" => &mut lex.role_modifiers,
                "later_role_modifiers" => &mut lex.later_role_modifiers,
                "particles" => &mut lex.particles,
                "east_asian_family_names" => &mut lex.east_asian_family_names,
                "more_family_names_first" => &mut lex.more_family_names_first,
                "non_person" => &mut lex.non_person,
                "org_words" => &mut lex.org_words,
                "not_in_names" => &mut lex.not_in_names,
                "company_words" => &mut lex.company_words,
                "org_descriptors" => &mut lex.org_descriptors,
                "work_nouns" => &mut lex.work_nouns,
                "group_nouns" => &mut lex.group_nouns,
                "apposition_heads" => &mut lex.apposition_heads,
                "apposition_stops" => &mut lex.apposition_stops,
                "descriptive_heads" => &mut lex.descriptive_heads,
                "role_stops" => &mut lex.role_stops,
                "word_surnames" => &mut lex.word_surnames,
                "nationality_nouns" => &mut lex.nationality_nouns,
                "later_role_heads" => {
                    lex.role_heads.insert(l);
                    &mut lex.later_role_heads
                }
                _ => continue,
            };
            set.insert(l);
        }
        lex.build_flags();
        lex
    })
}

/// Lower-cases `word` into `buf` (cleared first), dropping a final full stop ("Mr." -> "mr").
pub fn lower_into(word: &str, buf: &mut String) {
    buf.clear();
    push_lower(word, buf);
}

/// Appends `word` lower-cased to `buf`, dropping a final full stop, as [`lower_into`].
pub fn push_lower(word: &str, buf: &mut String) {
    let word = word.strip_suffix('.').unwrap_or(word);
    if word.is_ascii() {
        let at = buf.len();
        buf.push_str(word);
        buf[at..].make_ascii_lowercase();
    } else {
        buf.extend(word.chars().flat_map(char::to_lowercase));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_sorted_and_every_one_is_found() {
        // The search needs byte order; every line must be found, and nothing else.
        let words: Vec<&str> = lines(ENGLISH).collect();
        assert!(words.len() > 50_000);
        assert!(
            words.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        for w in &words {
            assert!(is_english_word(w), "{w}");
        }
        for w in ["", "qz", "zzzzz", "perhapsx", "Perhaps", "imogen"] {
            assert!(!is_english_word(w), "{w}");
        }
        for text in [&b"b\nd\nf\n"[..], b"b\nd\nf"] {
            let small = SortedLines::new(text);
            for (k, want) in [
                ("a", false),
                ("b", true),
                ("c", false),
                ("d", true),
                ("f", true),
                ("g", false),
            ] {
                assert_eq!(small.contains(k.as_bytes()), want, "{k}");
            }
        }
    }

    #[test]
    fn lists_load() {
        let lex = lexicon();
        assert!(lex.first_names.contains("peter"));
        assert_eq!(lex.surnames.get("smith"), Some(&0));
        assert!(lex.honorifics.contains("mr"));
        assert!(lex.role_heads.contains("spokeswoman"));
        assert!(lex.role_modifiers.contains("former"));
        assert!(lex.particles.contains("van"));
        assert!(lex.east_asian_family_names.contains("wang"));
        assert!(!lex.role_heads.contains("[role_heads]"));
        assert!(lex.non_person.contains("tory") && lex.places.contains("paris"));
        assert!(lex.organisations.contains("sony") && lex.organisations.contains("lib dem"));
        for (head, listed) in [("lib", true), ("puerto", true), ("apple", false)] {
            assert_eq!(lex.many_word_heads.contains(head), listed, "{head}");
        }
        assert!(lex.org_descriptors.contains("giant") && !lex.org_descriptors.contains("rival"));
        assert!(
            lex.apposition_heads.contains("commissioner") && lex.apposition_stops.contains("who")
        );
        // Descriptive heads are role heads that are common nouns; titles are not among them.
        assert!(lex.descriptive_heads.contains("star") && !lex.descriptive_heads.contains("king"));
        for h in &lex.descriptive_heads {
            assert!(lex.role_heads.contains(h), "{h} is no role head");
        }
        // A role stop is never a role word itself.
        for w in &lex.role_stops {
            assert!(
                !lex.role_modifiers.contains(w)
                    && !lex.later_role_modifiers.contains(w)
                    && !lex.role_heads.contains(w),
                "{w}"
            );
        }
        // The later modifiers are new words, none of the tagger's modifiers or heads.
        assert!(lex.later_role_modifiers.contains("shadow"));
        for w in &lex.later_role_modifiers {
            assert!(
                !lex.role_modifiers.contains(w) && !lex.role_heads.contains(w),
                "{w}"
            );
        }
        // Ordinary words, not given names the Census lists hold.
        assert!(is_english_word("perhaps") && is_english_word("veterans"));
        assert!(!is_english_word("imogen") && !is_english_word("john"));
        // Apposition lists are no tagger feature either.
        assert_eq!(lex.flags("publisher"), 0);
        // Later role heads are role heads with a bit of their own.
        assert_eq!(
            lex.flags("baroness"),
            flag::ROLE_HEAD | flag::LATER_ROLE_HEAD
        );
        // Organisation names are not flagged: the tagger's features do not change.
        assert_eq!(lex.flags("citigroup"), 0);
        assert_eq!(lex.flags("smith"), flag::SURNAME_TOP);
        assert_eq!(lex.flags("james"), flag::FIRST | flag::SURNAME_TOP);
        assert_eq!(lex.flags("spokeswoman"), flag::ROLE_HEAD);
        assert_eq!(lex.flags("van") & flag::PARTICLE, flag::PARTICLE);
        assert_eq!(
            lex.flags("former") & flag::ROLE_MODIFIER,
            flag::ROLE_MODIFIER
        );
        assert_eq!(
            lex.flags("wang") & flag::EAST_ASIAN_FAMILY,
            flag::EAST_ASIAN_FAMILY
        );
        // Every word of every list has its list's bit.
        let lists = [
            (&lex.first_names, flag::FIRST),
            (&lex.places, flag::PLACE),
            (&lex.non_person, flag::NON_PERSON),
            (&lex.org_words, flag::ORG),
            (&lex.honorifics, flag::HONORIFIC),
            (&lex.role_heads, flag::ROLE_HEAD),
            (&lex.later_role_heads, flag::LATER_ROLE_HEAD),
            (&lex.role_modifiers, flag::ROLE_MODIFIER),
            (&lex.particles, flag::PARTICLE),
            (&lex.company_words, flag::COMPANY),
            (&lex.not_in_names, flag::NOT_IN_NAMES),
            (&lex.east_asian_family_names, flag::EAST_ASIAN_FAMILY),
        ];
        for (set, bit) in lists {
            for w in set.iter() {
                assert_ne!(lex.flags(w) & bit, 0, "{w}");
            }
        }
        for w in lex.surnames.keys() {
            assert_ne!(lex.flags(w) & flag::SURNAME, 0, "{w}");
        }
        assert_eq!(lex.flags("zzz"), 0);
    }

    #[test]
    fn lowering() {
        let mut b = String::new();
        for (w, want) in [("Mr.", "mr"), ("ÉMILE", "émile"), ("abc", "abc")] {
            lower_into(w, &mut b);
            assert_eq!(b, want);
        }
    }
}
