//! Raw article text → the front-matter [`Record`].
//!
//! This is the loader's intelligence: it finds the headline, strips site chrome, turns
//! credit lines into bylines, reads datelines, and finds the people and quotes. Each
//! sub-module is a set of small pure functions over text, so it is cheap to test and
//! safe to run in parallel over hundreds of thousands of files.

pub mod people;
pub mod quotes;
pub mod text;

use crate::model::{BodyFormat, DateSource, Record};
use crate::slug::slugify;

/// Builds the full record of a raw text article.
///
/// `file_name` is the file's name (not its path); a `YYYY-MM-DD` prefix of it is the
/// article's date unless front matter says otherwise.
pub fn extract_raw(text: &str, file_name: &str) -> Record {
    extract_raw_with(text, file_name, Derive::ALL)
}

/// What a site build derives from an article's text beyond what every site needs:
/// fields only some templates show, skipped when no template can name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Derive {
    /// Quotes and who said them (`quotes`). Finding them, with the mentions of
    /// front-matter people they are attributed to, is about a tenth of the work of
    /// building a Markdown archive.
    pub quotes: bool,
    /// The body's word count (`word_count`; 0 when not derived).
    pub word_count: bool,
    /// The plain paragraphs of a Markdown body, kept once everything else is derived
    /// from them: only the search index reads them again (pages show the body's HTML).
    /// A tenth to a fifth of a Markdown build's memory. Raw text always keeps them: its
    /// HTML is made from them.
    pub paragraphs: bool,
    /// The article's text as Markdown (`body`): a Markdown article's source, a raw
    /// article's text escaped, as `dateline extract` and `import` print it. Site loads
    /// ([`crate::load::parse_for_site`]) leave it out: pages are made from the HTML and
    /// the paragraphs, and the copy would be a whole second text of every article.
    pub body: bool,
}

impl Derive {
    /// Every field (`dateline check`, `extract`, reports, the preview's in-memory site).
    pub const ALL: Derive = Derive {
        quotes: true,
        word_count: true,
        paragraphs: true,
        body: true,
    };
}

/// [`extract_raw`], deriving the optional fields `derive` asks for.
pub fn extract_raw_with(text: &str, file_name: &str, derive: Derive) -> Record {
    // Character references an export left (`Jos&#233;`) are read as their characters.
    let text = text::entities::decode(text);
    let st = text::structure(&text);
    let mut rec = Record {
        title: st.title,
        display_title: st.display_title,
        dateline: st.dateline,
        source: st.source,
        byline: st.byline,
        contributors: st.contributors,
        warnings: st.warnings,
        body_format: BodyFormat::Text,
        ..Record::default()
    };
    match (filename_date(file_name), st.date) {
        (Some(d), _) => {
            rec.date = Some(d);
            rec.date_source = DateSource::Filename;
        }
        (None, Some((d, src))) => {
            rec.date = Some(d);
            rec.date_source = src;
        }
        (None, None) => rec.date_source = DateSource::None,
    }
    if derive.body {
        rec.body = paragraphs_to_markdown(&st.paragraphs);
    }
    rec.paragraphs = st.paragraphs;
    fill_derived(&mut rec, true, true, derive);
    rec.slug = slugify(rec.display_title.as_deref().unwrap_or(&rec.title));
    rec
}

/// Fills the fields that come from reading the body when asked: summary, people, and
/// the optional fields of `derive`. Markdown articles call this for the fields their
/// front matter leaves out.
pub fn fill_derived(rec: &mut Record, summary: bool, people: bool, derive: Derive) {
    let quotes = derive.quotes;
    if derive.word_count {
        rec.word_count = rec.paragraphs.iter().map(|p| word_count(p)).sum();
    }
    if summary {
        rec.summary = text::summary(&rec.paragraphs);
    }
    if people {
        let mut exclude: Vec<&str> = rec.byline.iter().map(String::as_str).collect();
        exclude.extend(rec.contributors.iter().map(String::as_str));
        let found = people::extract(&rec.paragraphs, &exclude);
        if quotes {
            rec.quotes = quotes::extract(&rec.paragraphs, &found);
        }
        rec.people = found.people;
        rec.works = found.works;
    } else if quotes {
        // The front matter names the people: attribute quotes to them, found by name,
        // without running the tagger.
        let found = people::given::mentions(&rec.paragraphs, std::mem::take(&mut rec.people));
        rec.quotes = quotes::extract(&rec.paragraphs, &found);
        rec.people = found.people;
    }
    rec.summary_is_lead = text::summary::is_lead(&rec.summary, &rec.paragraphs);
}

/// The date in a `YYYY-MM-DD-…` file name, if it is a real date.
pub fn filename_date(file_name: &str) -> Option<chrono::NaiveDate> {
    let head = file_name.get(..10)?;
    let rest = &file_name[10..];
    if !(rest.is_empty() || rest.starts_with(['-', '_', '.', ' '])) {
        return None;
    }
    chrono::NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// Writes plain paragraphs as Markdown that renders back to the same text.
///
/// Every character that CommonMark could read as markup is backslash-escaped, line
/// breaks inside a paragraph become hard breaks (soft ones in hard-wrapped prose, see
/// [`text::blocks::is_hard_wrapped`]), and lists in the text ([`text::blocks`]) become
/// Markdown lists.
pub fn paragraphs_to_markdown(paragraphs: &[String]) -> String {
    use text::blocks::Block;
    let mut out = String::with_capacity(paragraphs.iter().map(|p| p.len() + 2).sum());
    // Two lists in a row need different markers, or CommonMark makes them one.
    let mut last_list: Option<(bool, bool)> = None;
    for (i, block) in text::blocks::blocks(paragraphs).into_iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        match block {
            Block::Text(p) => {
                last_list = None;
                // Hard-wrapped prose flows (soft breaks); other breaks are hard breaks.
                let brk = if text::blocks::is_hard_wrapped(p) {
                    "\n"
                } else {
                    "\\\n"
                };
                for (j, line) in text::lines(p).enumerate() {
                    if j > 0 {
                        out.push_str(brk);
                    }
                    escape_markdown_line(line.trim(), &mut out);
                }
            }
            Block::List { start, items } => {
                let ordered = start.is_some();
                let alt = matches!(last_list, Some((o, a)) if o == ordered && !a);
                last_list = Some((ordered, alt));
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        out.push('\n');
                    }
                    let marker = match start {
                        None => (if alt { "*" } else { "-" }).to_string(),
                        Some(n) => format!("{}{}", n as usize + k, if alt { ')' } else { '.' }),
                    };
                    out.push_str(&marker);
                    out.push(' ');
                    for (j, line) in text::lines(item).enumerate() {
                        if j > 0 {
                            out.push('\n');
                            out.extend(std::iter::repeat_n(' ', marker.len() + 1));
                        }
                        escape_markdown_line(line.trim(), &mut out);
                    }
                }
            }
        }
    }
    out
}

/// Bytes that are backslash-escaped wherever they are in a line.
const ALWAYS_ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b"\\`*_[]<>&|~!";
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
};

fn escape_markdown_line(line: &str, out: &mut String) {
    // Block markers only matter at the start of a line. Every character that needs a
    // backslash is ASCII, so the line is scanned as bytes and copied in runs.
    let bytes = line.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let ordered = digits > 0 && matches!(bytes.get(digits), Some(b'.') | Some(b')'));
    let mut run = 0;
    let mut i = 0;
    if let Some(&b) = bytes.first() {
        if matches!(b, b'#' | b'+' | b'-' | b'=' | b':') {
            out.push('\\');
        }
    }
    if ordered {
        // The `.` or `)` of "1." is the one place past the start with a marker.
        i = digits;
        out.push_str(&line[..digits]);
        out.push('\\');
        run = digits;
    }
    while i < bytes.len() {
        // Eight bytes at a time where none needs a backslash.
        if let Some(chunk) = bytes.get(i..i + 8) {
            if !chunk
                .iter()
                .fold(false, |a, &b| a | ALWAYS_ESCAPED[usize::from(b)])
            {
                i += 8;
                continue;
            }
        }
        if ALWAYS_ESCAPED[usize::from(bytes[i])] {
            out.push_str(&line[run..i]);
            out.push('\\');
            run = i;
        }
        i += 1;
    }
    out.push_str(&line[run..]);
}

/// Eight bytes at a time: `LO` has 1 in each byte, `HI` the high bit of each byte.
pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that lies in `lo..=hi`, for `x` whose bytes are all
/// below 0x80 (no byte then carries into the next) and `hi` below 0x80.
pub(crate) fn bytes_in(x: u64, lo: u8, hi: u8) -> u64 {
    let (lo, hi) = (u64::from(lo), u64::from(hi));
    (x + LO * (0x80 - lo)) & !(x + LO * (0x80 - hi - 1)) & HI
}

/// Number of whitespace-separated words, as `text.split_whitespace().count()`: eight
/// bytes at a time where they are ASCII, character by character elsewhere (news text
/// is mostly ASCII with the odd curly quote or accented name).
pub fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    // The ASCII characters `char::is_whitespace` accepts: space and \t \n \v \f \r.
    let space = |b: u8| b == b' ' || b.wrapping_sub(b'\t') < 5;
    // Whether the character starting at byte `i` is white space; `None` inside a
    // character (a UTF-8 continuation byte), which leaves the state as it was.
    let space_at = |i: usize| -> Option<bool> {
        let b = bytes[i];
        if b < 0x80 {
            Some(space(b))
        } else if b >= 0xC0 {
            text[i..].chars().next().map(char::is_whitespace)
        } else {
            None
        }
    };
    let mut words = 0;
    let mut prev = true;
    let mut i = 0;
    while let Some(w) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        if x & HI == 0 {
            // A word starts at a non-space byte after a space (or at the start). The high
            // bit of each byte of `m` marks a space.
            let m = bytes_in(x, b' ', b' ') | bytes_in(x, b'\t', b'\r');
            let before = (m << 8) | if prev { 0x80 } else { 0 };
            // Count the marked high bits: move them to bit 0 of each byte and sum the
            // bytes into the top one (no `popcnt` on the baseline x86-64 target).
            words += ((((!m & before & HI) >> 7).wrapping_mul(LO)) >> 56) as usize;
            prev = m >> 63 != 0;
        } else {
            for j in i..i + 8 {
                if let Some(s) = space_at(j) {
                    words += usize::from(!s && prev);
                    prev = s;
                }
            }
        }
        i += 8;
    }
    for j in i..bytes.len() {
        if let Some(s) = space_at(j) {
            words += usize::from(!s && prev);
            prev = s;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filename_dates() {
        let cases = [
            ("2022-08-04-talks.txt", Some("2022-08-04")),
            ("2022-08-04.md", Some("2022-08-04")),
            ("2023-02-30-bad.txt", None),
            ("20220804-x.txt", None),
            ("2022-08-041.txt", None),
            ("notes.txt", None),
        ];
        for (name, want) in cases {
            let got = filename_date(name).map(|d| d.to_string());
            assert_eq!(got.as_deref(), want, "{name}");
        }
    }

    #[test]
    fn word_counts_match_split_whitespace() {
        for text in [
            "",
            "  one ",
            "two words",
            "tab\tnew\nline\x0bvt\x0cff\rcr",
            "\u{1c}sep\u{1f} not spaces",
            "non\u{a0}breaking and em\u{2003}space café",
            "eight by  tes\x0b\x0cand\r\nmore words than eight bytes ",
            "\x08\x0e\x1f\x21 ~\x7f x",
            "“Quoted,” she said. “Again”\u{3000}x\u{2029}y\u{85}z\u{1680}",
            "ééééééé\u{a0}ééééééééé",
        ] {
            assert_eq!(
                word_count(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn word_counts_match_split_whitespace_for_any_text(
            text in "[ab. \t\n\u{b}\u{c}\r\u{85}\u{a0}\u{2003}\u{3000}é“”€\u{10348}]{0,40}"
        ) {
            proptest::prop_assert_eq!(word_count(&text), text.split_whitespace().count());
        }
    }

    /// The escaping rule written character by character.
    fn escape_reference(line: &str) -> String {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let ordered = digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')'));
        let mut out = String::new();
        for (i, c) in line.char_indices() {
            let escape = match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '!' => true,
                '#' | '+' | '-' | '=' | ':' => i == 0,
                '.' | ')' => ordered && i == digits,
                _ => false,
            };
            if escape {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn markdown_escaping_matches_the_rule() {
        for line in [
            "",
            "#",
            "# x",
            "12. a.b",
            "3) x)",
            "-a-b",
            "a*b_c",
            "é!&<>",
            "1",
            "12",
            "7x. y",
            ":a:b",
            "\\back",
            "x#+-=:",
            "10.",
            "~|`[]",
            "a long line of plain words with one * star and then _more_ plain words!",
        ] {
            let mut got = String::new();
            escape_markdown_line(line, &mut got);
            assert_eq!(got, escape_reference(line), "{line:?}");
        }
    }

    #[test]
    fn markdown_escaping_round_trips_as_text() {
        let paras = vec![
            "# not a heading *or* _emphasis_ <script>alert(1)</script>".to_string(),
            "1. not a list\n- nor this".to_string(),
        ];
        let md = paragraphs_to_markdown(&paras);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&md));
        assert_eq!(
            html,
            "<p># not a heading *or* _emphasis_ &lt;script&gt;alert(1)&lt;/script&gt;</p>\n\
             <p>1. not a list<br />\n- nor this</p>\n"
        );
    }
}
