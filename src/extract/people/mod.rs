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
