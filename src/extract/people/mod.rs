//! People mentioned in an article: names, aliases, roles and ages.
//!
//! A trained tagger ([`tagger`]) marks the capitalised words that belong to person
//! names; [`resolve`] groups the marked spans into people (full name, surname-only and
//! family-name-first forms), finds the further bare-surname mentions the tagger missed,
//! and reads roles ("Foreign Minister") and ages ("X, 44,") from the words around them.

pub mod abbrev;
pub mod given;
pub mod lexicon;
pub mod resolve;
pub mod tagger;
pub mod tokens;

use crate::model::PersonRef;

/// Whether a word is a generational suffix written after a name ("Jr", "Sr", and the
/// British "Jnr", "Snr"), in any case and with or without its full stop. It is part of
/// the name: "Donald Trump Jr" is not his father.
pub fn is_generational(w: &str) -> bool {
    let w = w.strip_suffix('.').unwrap_or(w);
    ["jr", "sr", "jnr", "snr"]
        .iter()
        .any(|g| w.eq_ignore_ascii_case(g))
}

/// The words of a name without a generational suffix at the end ("Ken Griffey Jr" ->
/// "Ken Griffey"): the part that holds the surname.
pub fn name_core<'a, 'w>(words: &'a [&'w str]) -> &'a [&'w str] {
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() && is_generational(last) => rest,
        _ => words,
    }
}

/// The surname of a written name of two or more words: its last word, or the word
/// before a generational suffix ("Ken Griffey Jr" -> "Griffey"). `None` for one word.
pub fn surname_of(name: &str) -> Option<&str> {
    let mut back = name.split_whitespace().rev();
    let last = back.next()?;
    let surname = if is_generational(last) {
        back.next()?
    } else {
        last
    };
    back.next().map(|_| surname)
}

/// Whether a name's words (lower case, without a generational suffix) are written
/// family name first, as Chinese, Korean and Vietnamese names are in English ("zhao
/// mingyuan", "nguyen van thieu"): two or three words, the first a listed East Asian
/// family name that is no US Census given name ("kim marwick", "lee vossberg" are given
/// name first).
pub fn family_name_first(words: &[&str]) -> bool {
    let lex = lexicon::lexicon();
    (2..=3).contains(&words.len())
        && (lex.east_asian_family_names.contains(words[0])
            || lex.more_family_names_first.contains(words[0]))
        && !lex.first_names.contains(words[0])
}

/// The word a one-word mention of a normalised (lower-case) name would be: the family
/// name of a name written family name first ("zhao mingyuan" -> "zhao"), otherwise
/// [`surname_of`] ("halvor vossberg" -> "vossberg"). Used to merge one-word names across
/// the archive.
pub fn archive_surname(key: &str) -> Option<&str> {
    // Most names start with no listed family name: no word list is made for them.
    let first = key.split(' ').next()?;
    let lex = lexicon::lexicon();
    if lex.east_asian_family_names.contains(first) || lex.more_family_names_first.contains(first) {
        let words: Vec<&str> = key.split(' ').collect();
        if family_name_first(name_core(&words)) {
            return Some(first);
        }
    }
    surname_of(key)
}

/// One mention of a person in the body: byte range `start..end` in paragraph `para`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub para: usize,
    pub start: usize,
    pub end: usize,
    /// Index into [`People::people`].
    pub person: usize,
}

/// The people of one article and where each is mentioned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct People {
    pub people: Vec<PersonRef>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
    /// Many-word names this text writes right after a lower-case noun for a made work or
    /// an organisation ("the band Tarn Static", "the film Harbour Lights"), people here or
    /// not: evidence for the archive ([`crate::site`]) that the name is a title.
    pub works: Vec<String>,
}

/// Finds the people mentioned in `paragraphs`. Names in `exclude` (bylines, contributors)
/// are people but not mentions, so they are left out.
pub fn extract(paragraphs: &[String], exclude: &[&str]) -> People {
    let toks: Vec<Vec<tokens::Token>> = paragraphs
        .iter()
        .map(|p| {
            // About one token per five bytes of English text; reserving that up front
            // saves the repeated growth of the vector.
            let mut t = Vec::with_capacity(p.len() / 4 + 1);
            tokens::tokenize(p, &mut t);
            t
        })
        .collect();
    let ctx = tagger::DocContext::new(paragraphs, &toks);
    let scores = tagger::tag_with_model(paragraphs, &toks, &ctx);
    resolve::resolve(paragraphs, &toks, &scores, &ctx, exclude)
}

#[cfg(test)]
mod tests {
    #[test]
    fn family_name_first_names() {
        for (name, want) in [
            ("zhao mingyuan", true),
            ("wang meilan", true),
            ("nguyen van thieu", true),
            ("hou dezhi", true),
            ("hwang mi-rae", true),
            // The first word a Census given name too: given name first.
            ("kim marwick", false),
            ("lee vossberg", false),
            // Not a listed family name, one word, or four.
            ("halvor vossberg", false),
            ("wang", false),
            ("wang a b c", false),
        ] {
            let words: Vec<&str> = name.split(' ').collect();
            assert_eq!(family_name_first(&words), want, "{name}");
        }
    }

    use super::*;

    #[test]
    fn generational_suffixes() {
        for (w, want) in [
            ("Jr", true),
            ("Jr.", true),
            ("Sr", true),
            ("JR", true),
            ("Jnr", true),
            ("Snr", true),
            ("Junior", false),
            ("III", false),
            ("Jra", false),
        ] {
            assert_eq!(is_generational(w), want, "{w}");
        }
        assert_eq!(name_core(&["Ines", "Marwick", "Jr"]), ["Ines", "Marwick"]);
        assert_eq!(name_core(&["Ines", "Marwick"]), ["Ines", "Marwick"]);
        assert_eq!(name_core(&["Jr"]), ["Jr"]);
        for (name, want) in [
            ("Ines Marwick", Some("Marwick")),
            ("Ines Marwick Jr.", Some("Marwick")),
            ("ines marwick sr", Some("marwick")),
            ("Marwick Jr", None),
            ("Marwick", None),
            ("", None),
        ] {
            assert_eq!(surname_of(name), want, "{name}");
        }
    }
}
