//! The shape of a raw article: headline, paragraphs, site chrome, credits, datelines.
//!
//! A raw article is a headline line, then paragraphs separated by blank lines. Scraped
//! pages add site chrome at the edges; wire copy adds a byline and a dateline at the head;
//! credits ("By X", "X contributed reporting") sit at the head or the tail. This pass
//! takes those out of the body into the record's fields, and leaves every real sentence
//! in place: the people extractor reads the paragraphs it returns.
//!
//! Order of the pass:
//! 1. split into headline and paragraphs;
//! 2. head: drop a repeated headline and strong chrome, take credit lines, and drop the
//!    headline repeated further down the first paragraphs (below a standfirst);
//! 3. tail: in the last paragraphs, drop strong chrome and the weak lines next to it,
//!    take credit lines;
//! 4. a Reuters byline (a lone name before the dateline) and the dateline;
//! 5. a date in the first paragraphs; the readable headline; warnings.

pub mod blocks;
mod chrome;
mod credits;
mod dateline;
pub mod entities;
mod lex;
pub mod summary;
mod title;

pub(crate) use lex::{lines, trim_punct};
pub use summary::summary;

use crate::model::DateSource;
use chrome::Kind;
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

/// How many paragraphs at the head may be chrome or credits.
const HEAD_MAX: usize = 6;
/// How many paragraphs at the tail are looked at for chrome and credits.
const TAIL_MAX: usize = 8;
/// How many leading paragraphs may hold a byline, a dateline or a date.
const LEAD_MAX: usize = 3;
/// A headline longer than this (in words) is probably the first paragraph.
const LONG_TITLE_WORDS: usize = 40;

/// Splits a raw article into headline and paragraphs (trimmed lines, blank-line
/// separated; within a block of lines, an indented first line starts a paragraph too:
/// see [`indent_starts`]).
fn split(text: &str) -> (String, Vec<String>) {
    let mut lines = lex::lines(text);
    let title = lines
        .by_ref()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_string();
    let mut paragraphs = Vec::new();
    // The lines of the current block as written, and whether one starts with white space.
    let mut block: Vec<&str> = Vec::new();
    let mut indented = false;
    for line in lines {
        if line.trim().is_empty() {
            flush_block(&mut block, indented, &mut paragraphs);
            indented = false;
        } else {
            indented |= line.starts_with([' ', '\t']);
            block.push(line);
        }
    }
    flush_block(&mut block, indented, &mut paragraphs);
    (title, paragraphs)
}

/// Appends the paragraphs of one block of lines (trimmed, joined by `\n`), splitting it
/// where an indented line starts a paragraph.
fn flush_block(block: &mut Vec<&str>, indented: bool, out: &mut Vec<String>) {
    if block.is_empty() {
        return;
    }
    let starts = if indented {
        indent_starts(block)
    } else {
        Vec::new()
    };
    let mut cur = String::new();
    for (i, line) in block.iter().enumerate() {
        if starts.contains(&i) {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push('\n');
        }
        cur.push_str(line.trim());
    }
    out.push(cur);
    block.clear();
}

/// Where paragraphs start inside a block of lines with no blank line between them, as
/// old wire copy and plain-text exports set them: each paragraph's first line indented
/// further than the lines that continue it. Empty unless the block reads as prose (three
/// lines or more, 40 characters a line on average) and at least one indented line is
/// followed by a line that is not, so a quotation, table or verse indented as a whole or
/// line by line stays one block. A line starting in lower case continues the one before
/// (a list item wrapped under its text).
fn indent_starts(block: &[&str]) -> Vec<usize> {
    let width = |l: &str| -> usize {
        l.chars()
            .take_while(|c| matches!(c, ' ' | '\t'))
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum()
    };
    let n = block.len();
    let chars: usize = block.iter().map(|l| l.trim().chars().count()).sum();
    if n < 3 || chars < 40 * n {
        return Vec::new();
    }
    let widths: Vec<usize> = block.iter().map(|l| width(l)).collect();
    let least = widths.iter().copied().min().unwrap_or(0);
    let ind: Vec<bool> = widths.iter().map(|&w| w >= least + 2).collect();
    let confirmed = (0..n - 1).any(|i| ind[i] && !ind[i + 1]);
    if !confirmed {
        return Vec::new();
    }
    (1..n)
        .filter(|&i| ind[i] && !block[i].trim_start().starts_with(char::is_lowercase))
        .collect()
}

/// Whether a paragraph repeats the headline (ignoring case, spacing and punctuation).
fn same_text(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
    }
    norm(a).eq(norm(b)) && a.chars().any(char::is_alphanumeric)
}

/// Collects what the removed lines say about the article.
#[derive(Default)]
struct Found {
    byline: Vec<String>,
    contributors: Vec<String>,
    /// Source candidates with a strength (higher wins).
    sources: Vec<(u8, String)>,
}

impl Found {
    fn credit(&mut self, c: credits::Credit) {
        for n in c.byline {
            if !self.byline.contains(&n) {
                self.byline.push(n);
            }
        }
        for n in c.contributors {
            if !self.contributors.contains(&n) && !self.byline.contains(&n) {
                self.contributors.push(n);
            }
        }
        if let Some(s) = c.source {
            self.sources.push((1, s));
        }
    }

    fn chrome(&mut self, par: &str) {
        for line in lex::lines(par) {
            if let Some(hint) = chrome::source_hint(line) {
                self.sources.push(hint);
            }
        }
    }
}

/// A credit line (single line paragraphs only).
fn credit_of(par: &str) -> Option<credits::Credit> {
    if lex::has_newline(par) {
        return None;
    }
    credits::parse(par)
}

/// Marks chrome and credits at the head; returns the index of the first kept paragraph.
fn head_pass(title: &str, paras: &[String], keep: &mut [bool], found: &mut Found) -> usize {
    let mut i = 0;
    while i < paras.len().min(HEAD_MAX) {
        let p = &paras[i];
        if same_text(p, title) || chrome::classify(p) == Kind::Strong {
            found.chrome(p);
        } else if let Some(c) = credit_of(p) {
            found.credit(c);
        } else if is_date_line(p) {
            // "January 4th, 2017" above "By X": keep the date line, look past it.
            i += 1;
            continue;
        } else {
            break;
        }
        keep[i] = false;
        i += 1;
    }
    // The headline repeated a little further down, below a standfirst ("Headline /
    // A line of summary / Headline / Text"), is a copy of the page's heading too.
    for k in i..paras.len().min(HEAD_MAX) {
        // A copy is about as long as the headline: longer paragraphs are not compared.
        if paras[k].len() <= title.len() * 2 + 8 && same_text(&paras[k], title) {
            found.chrome(&paras[k]);
            keep[k] = false;
        }
    }
    i
}

/// A short line that is a date ("March 26th, 2017").
fn is_date_line(p: &str) -> bool {
    p.split_whitespace().take(5).count() <= 4 && !dateline::full_dates(p).is_empty()
}

/// Marks chrome and credits in the last paragraphs, from `lo` on.
fn tail_pass(paras: &[String], lo: usize, keep: &mut [bool], found: &mut Found) {
    let n = paras.len();
    if lo >= n {
        return;
    }
    // Credits go; strong chrome goes; weak lines go when they touch strong chrome
    // (credits in between do not break the run). Weak lines alone stay: a list of
    // fixtures or officials at the end of a report is text.
    let mut kinds: Vec<Option<Kind>> = Vec::with_capacity(n - lo);
    for p in &paras[lo..] {
        match credit_of(p) {
            Some(c) => {
                found.credit(c);
                kinds.push(None);
            }
            None => kinds.push(Some(chrome::classify(p))),
        }
    }
    // A rights or republication notice is chrome in the run of chrome that ends the
    // article ("Republished with permission ... All rights reserved.").
    for (k, p) in paras[lo..].iter().enumerate().rev() {
        match kinds[k] {
            Some(Kind::Content) if chrome::is_notice(p) => kinds[k] = Some(Kind::Strong),
            Some(Kind::Content) => break,
            _ => {}
        }
    }
    let mut drop: Vec<bool> = kinds
        .iter()
        .map(|k| matches!(k, None | Some(Kind::Strong)))
        .collect();
    for backwards in [false, true] {
        let mut run = false;
        for j in 0..kinds.len() {
            let k = if backwards { kinds.len() - 1 - j } else { j };
            match kinds[k] {
                Some(Kind::Strong) => run = true,
                // A lead-in ("Contact:") belongs with what follows it.
                Some(Kind::Weak) if !(backwards || paras[lo + k].ends_with(':')) => drop[k] |= run,
                Some(Kind::Weak) if backwards => drop[k] |= run,
                Some(Kind::Weak) => {}
                Some(Kind::Content) => run = false,
                None => {}
            }
        }
    }
    for (k, d) in drop.into_iter().enumerate() {
        if d {
            if kinds[k].is_some() {
                found.chrome(&paras[lo + k]);
            }
            keep[lo + k] = false;
        }
    }
}

/// Splits a raw article into headline, body paragraphs and the facts its edges state.
pub fn structure(text: &str) -> Structure {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (title, paras) = split(text);
    let mut st = Structure {
        title,
        ..Structure::default()
    };
    if st.title.is_empty() {
        st.warnings
            .push("empty file: no headline and no text".to_string());
        return st;
    }
    if st.title.split_whitespace().count() > LONG_TITLE_WORDS {
        st.warnings
            .push("the first line is very long for a headline".to_string());
    }
    if paras.is_empty() {
        st.warnings
            .push("no body text after the headline".to_string());
        st.display_title = title::display_title(&st.title, &[]);
        return st;
    }

    let mut found = Found::default();
    let mut keep = vec![true; paras.len()];
    let head_end = head_pass(&st.title, &paras, &mut keep, &mut found);
    let lo = (head_end + 1).max(paras.len().saturating_sub(TAIL_MAX));
    tail_pass(&paras, lo, &mut keep, &mut found);

    let mut body: Vec<String> = if keep.iter().any(|&k| k) {
        paras
            .into_iter()
            .zip(&keep)
            .filter_map(|(p, &k)| k.then_some(p))
            .collect()
    } else {
        st.warnings
            .push("every paragraph looks like site chrome; kept them all".to_string());
        found = Found::default();
        paras
    };

    lead(&mut body, &mut st, &mut found);

    if st.date.is_none() {
        st.date = body
            .iter()
            .take(LEAD_MAX)
            .find_map(|p| dateline::text_date(p))
            .map(|d| (d, DateSource::Text));
    }
    if body.is_empty() {
        st.warnings
            .push("no body text after the headline".to_string());
    }
    st.display_title = title::display_title(&st.title, &body);
    st.byline = found.byline;
    st.contributors = found.contributors;
    if st.source.is_none() {
        // Strongest candidate; the first of equals.
        let mut best: Option<(u8, String)> = None;
        for (p, s) in found.sources {
            if best.as_ref().is_none_or(|(bp, _)| p > *bp) {
                best = Some((p, s));
            }
        }
        st.source = best.map(|(_, s)| s);
    }
    st.paragraphs = body;
    st
}

/// The lead: a Reuters byline (a lone name right before a dateline) and the dateline.
fn lead(body: &mut Vec<String>, st: &mut Structure, found: &mut Found) {
    let is_dateline_at = |body: &Vec<String>, i: usize| -> bool {
        body.get(i).is_some_and(|p| {
            dateline::whole(p).is_some()
                || (dateline::place_only(p).is_some()
                    && body
                        .get(i + 1)
                        .is_some_and(|q| dateline::date_only(q).is_some()))
                || dateline::prefix(p).is_some()
        })
    };
    // Byline: a 2–3 word name on its own, directly before a dateline. Right after the
    // headline, a bare place line ("NEW YORK") counts as the dateline too.
    let mut byline_at = None;
    for i in 0..LEAD_MAX.min(body.len()) {
        let p = &body[i];
        let before_dateline = is_dateline_at(body, i + 1)
            || (i == 0
                && body
                    .get(1)
                    .is_some_and(|q| dateline::place_only(q).is_some()));
        if !lex::has_newline(p) && lex::is_name(p.trim(), 3) && before_dateline {
            let name = p.trim().to_string();
            if !found.byline.contains(&name) {
                found.byline.push(name);
            }
            body.remove(i);
            byline_at = Some(i);
            break;
        }
    }
    for i in 0..LEAD_MAX.min(body.len()) {
        if byline_at == Some(i) && body.get(i + 1).is_some() {
            if let (Some(place), None) = (
                dateline::place_only(&body[i]),
                dateline::date_only(&body[i + 1]),
            ) {
                st.dateline = Some(place);
                body.remove(i);
                return;
            }
        }
        if let Some(dl) = dateline::whole(&body[i]) {
            st.dateline = Some(dl.place);
            st.date = dl.date.map(|d| (d, DateSource::Dateline));
            body.remove(i);
            return;
        }
        if let Some(place) = dateline::place_only(&body[i]) {
            if let Some(d) = body.get(i + 1).and_then(|q| dateline::date_only(q)) {
                st.dateline = Some(place);
                st.date = Some((d, DateSource::Dateline));
                body.drain(i..i + 2);
                return;
            }
        }
        if let Some((dl, at)) = dateline::prefix(&body[i]) {
            st.dateline = Some(dl.place);
            st.date = dl.date.map(|d| (d, DateSource::Dateline));
            if let Some(a) = dl.agency {
                st.source = Some(a);
            }
            body[i].replace_range(..at, "");
            return;
        }
        // Only the first real paragraph may carry a prefix dateline; a short
        // paragraph (a standfirst or a stray label) may come before it.
        if body[i].split_whitespace().take(13).count() > 12 {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indented_first_lines_start_paragraphs() {
        let wire = "Harbour plan approved\n\
            \x20  HARBOURTOWN (Wire) -- The town council on Tuesday approved a plan to\n\
            dredge the old harbour, ending a dispute that had run for two years.\n\
            \x20  The vote was seven to two. Mayor Ines Marwick said the work would\n\
            begin in the spring and cost about four million crowns, she said.\n";
        let (title, paras) = split(wire);
        assert_eq!(title, "Harbour plan approved");
        assert_eq!(
            paras,
            [
                "HARBOURTOWN (Wire) -- The town council on Tuesday approved a plan to\n\
                 dredge the old harbour, ending a dispute that had run for two years.",
                "The vote was seven to two. Mayor Ines Marwick said the work would\n\
                 begin in the spring and cost about four million crowns, she said."
            ]
        );
        // The first paragraph flush, the next ones indented; tabs count too.
        let book = "Title\n\nThe first paragraph of the story is set flush with the margin\n\
            and runs on to a second line of about the same length here.\n\
            \tThe second paragraph is indented by a tab and goes on\n\
            for a second line too, as books and old exports set them.";
        assert_eq!(split(book).1.len(), 2);
        // Stays one block: indented as a whole; verse (short lines); a wrapped list item
        // (the indented line starts in lower case); every line indented alike but one
        // at the end (no indented line is followed by a flush one).
        for kept in [
            "T\n\n    A long quotation indented as a whole block of text here\n    \
             that goes on for a second line of about the same length\n    \
             and a third line that closes the long quotation now.",
            "T\n\nRoses are red,\n   violets are blue,\nsugar is sweet\n   and so are you.",
            "T\n\n- The first item of the list runs long enough to wrap over\n  \
             onto a second line that is indented under its text here\n\
             - The second item of the list is a single line of text ok",
            "T\n\nThe first line of the paragraph is long enough for prose text\n\
             and the second line of the paragraph is about as long as it\n  \
             Signed at the end by the writer of the letter to the editor",
        ] {
            assert_eq!(split(kept).1.len(), 1, "{kept:?}");
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn splits_paragraphs() {
        let st = structure("\u{feff}  Title here \n\n One.\n Two. \n\n\n\nThree.\n");
        assert_eq!(st.title, "Title here");
        assert_eq!(st.paragraphs, ["One.\nTwo.", "Three."]);
        assert!(st.warnings.is_empty());
    }

    #[test]
    fn warns_on_odd_input() {
        assert_eq!(
            structure("").warnings,
            ["empty file: no headline and no text"]
        );
        assert_eq!(structure("  \n\n").warnings.len(), 1);
        assert_eq!(
            structure("Only a title\n").warnings,
            ["no body text after the headline"]
        );
        let st = structure("Title\n\nRelated Articles\n\nhttps://example.com\n");
        assert_eq!(st.paragraphs.len(), 2);
        assert_eq!(st.warnings.len(), 1);
    }

    #[test]
    fn conll_shape() {
        let text = "SOCCER - ROVERS BEAT CITY 2-1.\n\nJane Roe\n\nLONDON 1996-08-30\n\n\
                    Rovers beat City 2-1 on Friday.\n\nCity had led at half time.\n";
        let st = structure(text);
        assert_eq!(st.byline, ["Jane Roe"]);
        assert_eq!(st.dateline.as_deref(), Some("LONDON"));
        assert_eq!(st.date, Some((d("1996-08-30"), DateSource::Dateline)));
        assert_eq!(
            st.paragraphs,
            [
                "Rovers beat City 2-1 on Friday.",
                "City had led at half time."
            ]
        );
        assert_eq!(
            st.display_title.as_deref(),
            Some("Soccer - Rovers beat City 2-1.")
        );
    }

    #[test]
    fn byline_then_bare_place() {
        let st = structure("Title\n\nJane Roe\n\nNEW YORK\n\nThe market rose on Friday.\n");
        assert_eq!(st.byline, ["Jane Roe"]);
        assert_eq!(st.dateline.as_deref(), Some("NEW YORK"));
        assert_eq!(st.date, None);
        assert_eq!(st.paragraphs, ["The market rose on Friday."]);
        // Without a byline a capitals line is a section label, kept as text.
        let st = structure("Title\n\nTRANSPORT\n\nRates rose.\n");
        assert_eq!(st.dateline, None);
        assert_eq!(st.paragraphs.len(), 2);
    }

    #[test]
    fn lone_name_without_dateline_stays() {
        let st = structure("Title\n\nJane Roe\n\nShe won the race on Friday.\n");
        assert!(st.byline.is_empty());
        assert_eq!(st.paragraphs[0], "Jane Roe");
    }

    #[test]
    fn split_dateline() {
        let st =
            structure("Shares rise.\n\nFARMINGTON HILLS, Mich.\n\n1996-08-30\n\nShares rose.\n");
        assert_eq!(st.dateline.as_deref(), Some("FARMINGTON HILLS, Mich."));
        assert_eq!(st.date, Some((d("1996-08-30"), DateSource::Dateline)));
        assert_eq!(st.paragraphs, ["Shares rose."]);
    }

    #[test]
    fn prefix_dateline_gives_source() {
        let st = structure(
            "Vote held\n\nWASHINGTON (Reuters) - The Senate voted on Friday.\n\nMore text.\n",
        );
        assert_eq!(st.dateline.as_deref(), Some("WASHINGTON"));
        assert_eq!(st.source.as_deref(), Some("Reuters"));
        assert_eq!(st.date, None);
        assert_eq!(st.paragraphs[0], "The Senate voted on Friday.");
    }

    #[test]
    fn head_chrome_and_repeated_title() {
        let text = "Big News Today\n\nBig news today\n\nSubscribe to The Gazette for FREE\n\n\
                    The council met on Monday and agreed the budget.\n";
        let st = structure(text);
        assert_eq!(
            st.paragraphs,
            ["The council met on Monday and agreed the budget."]
        );
        // Repeated below a standfirst, and then the dateline is found.
        let text = "Big News Today

A summary of what happened in one line.

Big News Today

                    HARBOURTON — The council met on Monday and agreed the budget.
";
        let st = structure(text);
        assert_eq!(
            st.paragraphs,
            [
                "A summary of what happened in one line.",
                "The council met on Monday and agreed the budget."
            ]
        );
        assert_eq!(st.dateline.as_deref(), Some("HARBOURTON"));
        // Further down it is text: a section may be headed by the article's title.
        let text = "Big News Today

One.

Two.

Three.

Four.

Five.

Six.

Big News Today
";
        assert_eq!(structure(text).paragraphs.len(), 7);
    }

    #[test]
    fn credit_below_a_date_line() {
        let st = structure("T\n\nMarch 26th, 2017\n\nBy Jane Roe\n\nThe council met on Monday.\n");
        assert_eq!(st.byline, ["Jane Roe"]);
        assert_eq!(
            st.paragraphs,
            ["March 26th, 2017", "The council met on Monday."]
        );
        assert_eq!(st.date, Some((d("2017-03-26"), DateSource::Text)));
    }

    #[test]
    fn text_date_is_conservative() {
        let st = structure("T\n\nJan 25, 2018\n\nThe council met.\n");
        assert_eq!(st.date, Some((d("2018-01-25"), DateSource::Text)));
        let st = structure(
            "T\n\nThe war began on February 24, 2022, and went on for a long time after.\n",
        );
        assert_eq!(st.date, None);
    }
}
