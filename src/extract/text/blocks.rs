//! Lists in raw text. Exported and scraped articles write lists as lines that start with a
//! bullet ("- ", "• ", "— " in wire copy) or a number ("1. ", "2) "), one line or one
//! paragraph per item. Rendered as running text they read as a paragraph of dashes; this
//! module finds them so that the page and the Markdown form show real lists.
//!
//! A list is at least two items in a row with the same bullet, or numbers that count up
//! by one with the same delimiter. A lone dashed line ("- Mark Twain", "* * *") or a
//! numbered heading between paragraphs stays text. Items may follow each other across
//! paragraph breaks; a line that starts in lower case continues the item above it (a
//! hard-wrapped item). Everything else is text, with its line breaks as they were.

/// A piece of an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block<'a> {
    /// Consecutive lines of one paragraph, line breaks kept.
    Text(&'a str),
    /// A list: `start` is `None` for bullets, the first number for a numbered list.
    /// Each item is its text after the marker; a hard-wrapped item holds line breaks.
    List {
        start: Option<u32>,
        items: Vec<&'a str>,
    },
}

/// What a line starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Bullet(char),
    /// The number and its delimiter (`.` or `)`).
    Number(u32, u8),
}

/// Characters that start a bulleted item when a space follows them.
const BULLETS: &[char] = &['-', '*', '+', '•', '·', '▪', '◦', '‣', '–', '—'];

/// The marker of a line and where the item's text starts, if the line is an item.
fn marker(line: &str) -> Option<(Marker, usize)> {
    let first = line.chars().next()?;
    let (m, len) = if BULLETS.contains(&first) {
        (Marker::Bullet(first), first.len_utf8())
    } else {
        let b = line.as_bytes();
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=3).contains(&digits) || !matches!(b.get(digits), Some(b'.' | b')')) {
            return None;
        }
        let n = line[..digits].parse().ok()?;
        (Marker::Number(n, b[digits]), digits + 1)
    };
    let rest = &line[len..];
    let text = rest.trim_start();
    // A space must follow the marker ("-5 degrees", "1.5m" are text), and the item must
    // say something ("* * *" is a section break).
    if text.len() == rest.len() || !text.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some((m, line.len() - text.len()))
}

/// Whether `next` continues a list whose last item has marker `last`.
fn follows(last: Marker, next: Marker) -> bool {
    match (last, next) {
        (Marker::Bullet(a), Marker::Bullet(b)) => a == b,
        (Marker::Number(a, d), Marker::Number(b, e)) => d == e && b == a + 1,
        _ => false,
    }
}

/// Whether a paragraph may hold an item: some line starts with a bullet or a digit. Most
/// paragraphs do not, and are then one text block without further work.
fn may_hold_item(p: &str) -> bool {
    super::lex::lines(p).any(|l| {
        l.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || BULLETS.contains(&c))
    })
}

/// One line of the body: its paragraph, its byte range there, and its marker.
struct Line {
    para: usize,
    start: usize,
    end: usize,
    marker: Option<(Marker, usize)>,
}

/// Shortest and longest line (in characters) of a hard-wrapped paragraph's longest line.
const WRAP_WIDTH: std::ops::RangeInclusive<usize> = 40..=100;

/// Whether a text block is prose hard-wrapped at a fixed width (wire copy, e-mail and
/// plain-text exports break lines at 65–80 columns), so that its line breaks are not
/// the writer's and the text should flow: two lines or more, every line but the last
/// at least three quarters of the longest, which is 40 to 100 characters long, and some
/// line after the first starting in lower case (a break in mid-sentence). With three
/// lines or more the first may be shorter too: it can start later (an indent, or a
/// dateline the loader took off: "LONDON (Wire) -- "). A results table, an address or
/// verse keeps its breaks.
pub fn is_hard_wrapped(text: &str) -> bool {
    if !super::lex::has_newline(text) {
        return false;
    }
    let width = |l: &str| l.chars().count();
    let (mut n, mut longest, mut lower) = (0, 0, false);
    for l in super::lex::lines(text) {
        longest = longest.max(width(l));
        lower |= n > 0 && l.chars().next().is_some_and(char::is_lowercase);
        n += 1;
    }
    let skip_first = usize::from(n >= 3);
    lower
        && WRAP_WIDTH.contains(&longest)
        && super::lex::lines(text)
            .take(n - 1)
            .skip(skip_first)
            .all(|l| 4 * width(l) >= 3 * longest)
}

/// The body's paragraphs as text blocks and lists, in order.
pub fn blocks<'a>(paragraphs: &'a [String]) -> Vec<Block<'a>> {
    if !paragraphs.iter().any(|p| may_hold_item(p)) {
        return paragraphs.iter().map(|p| Block::Text(p)).collect();
    }
    let mut lines = Vec::new();
    for (para, p) in paragraphs.iter().enumerate() {
        for l in super::lex::lines(p) {
            let start = l.as_ptr() as usize - p.as_ptr() as usize;
            lines.push(Line {
                para,
                start,
                end: start + l.len(),
                marker: marker(l),
            });
        }
    }
    let mut out = Vec::new();
    // The text block being gathered: its paragraph and byte range.
    let mut run: Option<(usize, usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize, usize)>, out: &mut Vec<Block<'a>>| {
        if let Some((p, s, e)) = run.take() {
            out.push(Block::Text(&paragraphs[p][s..e]));
        }
    };
    let mut i = 0;
    while i < lines.len() {
        if let Some((items, start, next)) = list_at(paragraphs, &lines, i) {
            flush(&mut run, &mut out);
            out.push(Block::List { start, items });
            i = next;
            continue;
        }
        let l = &lines[i];
        match &mut run {
            Some((p, _, e)) if *p == l.para => *e = l.end,
            _ => {
                flush(&mut run, &mut out);
                run = Some((l.para, l.start, l.end));
            }
        }
        i += 1;
    }
    flush(&mut run, &mut out);
    out
}

/// The list that starts at line `i`, if one does: its items, its start number and the
/// index of the first line after it.
fn list_at<'a>(
    paragraphs: &'a [String],
    lines: &[Line],
    i: usize,
) -> Option<(Vec<&'a str>, Option<u32>, usize)> {
    let (first, _) = lines[i].marker?;
    let mut items = Vec::new();
    let mut last = first;
    let mut k = i;
    loop {
        // The item at line k, with the lines in lower case that continue it.
        let l = &lines[k];
        let p = &paragraphs[l.para];
        let (_, at) = l.marker?;
        let mut end = l.end;
        k += 1;
        while let Some(c) = lines.get(k) {
            if c.para != l.para
                || c.marker.is_some()
                || !p[c.start..].chars().next().is_some_and(char::is_lowercase)
            {
                break;
            }
            end = c.end;
            k += 1;
        }
        items.push(&p[l.start + at..end]);
        match lines.get(k).and_then(|n| n.marker) {
            Some((m, _)) if follows(last, m) => last = m,
            _ => break,
        }
    }
    if items.len() < 2 {
        return None;
    }
    let start = match first {
        Marker::Bullet(_) => None,
        Marker::Number(n, _) => Some(n),
    };
    Some((items, start, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<String> {
        text.split("\n\n").map(str::to_string).collect()
    }

    /// Blocks written compactly: `T:text` for text, `U:a|b` for bullets, `O3:a|b` for a
    /// list numbered from 3.
    fn shown(text: &str) -> Vec<String> {
        let p = paras(text);
        blocks(&p)
            .into_iter()
            .map(|b| match b {
                Block::Text(t) => format!("T:{t}"),
                Block::List { start: None, items } => format!("U:{}", items.join("|")),
                Block::List {
                    start: Some(n),
                    items,
                } => format!("O{n}:{}", items.join("|")),
            })
            .collect()
    }

    #[test]
    fn lists_and_text() {
        let cases: &[(&str, &[&str])] = &[
            // Plain paragraphs are text, one block each.
            ("One.\n\nTwo,\nthree.", &["T:One.", "T:Two,\nthree."]),
            // Bullet lines of one paragraph.
            ("- alpha\n- beta\n- gamma", &["U:alpha|beta|gamma"]),
            // One item per paragraph, other bullet characters, wire-style dashes.
            ("• alpha\n\n• beta", &["U:alpha|beta"]),
            (
                "— Arizona: Mesa.\n\n— Texas: Plano.",
                &["U:Arizona: Mesa.|Texas: Plano."],
            ),
            // A lead-in line, the list, and text after it in the same paragraph.
            (
                "It found:\n- one thing\n- another\nThe survey ended.",
                &["T:It found:", "U:one thing|another", "T:The survey ended."],
            ),
            // A lower-case line continues a hard-wrapped item.
            (
                "- a flight which turned\naround at Zurich\n- two crooks",
                &["U:a flight which turned\naround at Zurich|two crooks"],
            ),
            // Numbered lists count up by one with one delimiter; the start is kept.
            ("1. First\n2. Second", &["O1:First|Second"]),
            ("3) Third\n\n4) Fourth", &["O3:Third|Fourth"]),
            // Numbers that do not count up, or change delimiter, are no list.
            ("1. First\n3. Third", &["T:1. First\n3. Third"]),
            ("1. First\n2) Second", &["T:1. First\n2) Second"]),
            // A lone marked line stays text: a signature, a numbered heading, a break.
            ("- Mark Twain", &["T:- Mark Twain"]),
            (
                "1. Know your values\n\nProse about them.\n\n2. Act on them",
                &[
                    "T:1. Know your values",
                    "T:Prose about them.",
                    "T:2. Act on them",
                ],
            ),
            ("* * *\n\n* * *", &["T:* * *", "T:* * *"]),
            // No space after the marker: text.
            ("-5 degrees\n-6 degrees", &["T:-5 degrees\n-6 degrees"]),
            ("1.5m people\n2.5m people", &["T:1.5m people\n2.5m people"]),
            // Different bullets make different lists; a lone one between them is text.
            ("- a\n- b\n* c\n* d", &["U:a|b", "U:c|d"]),
            ("- a\n- b\n\n• c\n\nEnd.", &["U:a|b", "T:• c", "T:End."]),
            // Years are not item numbers.
            (
                "2004. A year\n2005. Another",
                &["T:2004. A year\n2005. Another"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(shown(text), *want, "{text:?}");
        }
    }

    #[test]
    fn hard_wrapped_prose() {
        let wrapped = "The council set its budget on Tuesday after a debate that\n\
                       ran for most of the day, and the leader said the rise was\n\
                       fair.";
        assert!(is_hard_wrapped(wrapped));
        // The first of three lines or more may be short: a dateline was taken off it.
        let after_dateline = "The town council approved a plan to\n\
                              dredge the old harbour, ending a dispute that had run for\n\
                              more than two years, officials said.";
        assert!(is_hard_wrapped(after_dateline));
        for kept in [
            // One line; short lines (verse, an address); a results table.
            "The council set its budget on Tuesday after a debate that ran long.",
            "Roses are red,\nviolets are blue",
            "Arsenal 2 (Henry 23, Pires 45) Chelsea 1 (Lampard 60)\n\
             Everton 0 Liverpool 0 at Goodison Park in the rain today",
            // Lines of very different lengths are the writer's breaks.
            "The council set its budget on Tuesday after a debate that\nran.\n\
             and then it went on for a long time after that, they said",
            // Longer than any wrapping width.
            &format!("{}\n{}", "word ".repeat(30), "word ".repeat(30)),
        ] {
            assert!(!is_hard_wrapped(kept), "{kept:?}");
        }
    }

    #[test]
    fn text_blocks_join_the_lines_around_a_lone_item() {
        // A single marked line inside a paragraph leaves the paragraph whole.
        assert_eq!(
            shown("Scores:\n- one team\nThe end"),
            ["T:Scores:\n- one team\nThe end"]
        );
    }
}
