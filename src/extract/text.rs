//! The shape of a raw article: headline, paragraphs, site chrome, credits, datelines.

use crate::model::DateSource;
use chrono::NaiveDate;

/// What the structural pass finds in a raw article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    /// The headline exactly as written.
    pub title: String,
    /// Readable form of an ALL-CAPS headline.
    pub display_title: Option<String>,
    /// Body paragraphs in order, chrome and credit lines removed.
    pub paragraphs: Vec<String>,
    pub byline: Vec<String>,
    pub contributors: Vec<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    /// A date found in the text, with where it was found (`Dateline` or `Text`).
    pub date: Option<(NaiveDate, DateSource)>,
    pub warnings: Vec<String>,
}

/// Splits a raw article into headline and paragraphs.
pub fn structure(text: &str) -> Structure {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    let title = lines
        .by_ref()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_string();
    let mut paragraphs = Vec::new();
    let mut cur = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            if !cur.is_empty() {
                paragraphs.push(std::mem::take(&mut cur));
            }
        } else {
            if !cur.is_empty() {
                cur.push('\n');
            }
            cur.push_str(line);
        }
    }
    if !cur.is_empty() {
        paragraphs.push(cur);
    }
    Structure {
        title,
        paragraphs,
        ..Structure::default()
    }
}

/// A short summary: the first paragraph, cut at a word boundary near 300 characters.
pub fn summary(paragraphs: &[String]) -> String {
    let Some(first) = paragraphs.first() else {
        return String::new();
    };
    let first = first.replace('\n', " ");
    if first.chars().count() <= 300 {
        return first;
    }
    let mut out = String::new();
    for w in first.split_whitespace() {
        if out.chars().count() + w.chars().count() > 290 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}
