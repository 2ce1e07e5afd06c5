//! Datelines and dates written in the text.
//!
//! A dateline names the place (and often the date) a story was filed from:
//! - a whole line: "LONDON 1996-08-30", "AL-AIN, United Arab Emirates 1996-12-06",
//!   or split over two lines ("FARMINGTON HILLS, Mich." then "1996-08-30");
//! - a prefix of the first paragraph: "WASHINGTON (Reuters) - ...", "LONDON (AP) — ...",
//!   "BEIRUT, Lebanon, June 2 — ...", "LONDON, Aug 30 (Reuters) - ...".
//!
//! The place is kept as written ("LONDON", "BEIRUT, Lebanon"): changing the case of a
//! place name needs knowledge of the name ("AL-AIN", "McALLEN") that a rule does not have.
//! A month and day without a year give no date: guessing the year is worse than no date.

use super::lex::{is_caps_word, is_name_token};
use chrono::NaiveDate;

/// What a dateline says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dateline {
    /// The place, as written.
    pub place: String,
    pub date: Option<NaiveDate>,
    /// The agency in brackets ("Reuters" in "LONDON (Reuters) -").
    pub agency: Option<String>,
}

/// Longest dateline place, in bytes ("AL-AIN, United Arab Emirates" is 28).
const MAX_PLACE_BYTES: usize = 80;

/// Month number of a month name or abbreviation ("Aug", "Aug.", "August", "Sept").
pub(crate) fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['.', ',']);
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    let mut buf = [0u8; 9];
    for (i, b) in w.bytes().enumerate() {
        buf[i] = b.to_ascii_lowercase();
    }
    let w = std::str::from_utf8(&buf[..w.len()]).ok()?;
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| i as u32 + 1)
}

/// Day of month of "30", "30,", "2nd".
fn day(word: &str) -> Option<u32> {
    let w = word.trim_end_matches([',', '.']);
    let w = w
        .strip_suffix("st")
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))
        .unwrap_or(w);
    if w.is_empty() || w.len() > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: u32 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// A four-digit year between 1900 and 2100 ("1996", "1996,").
fn year(word: &str) -> Option<i32> {
    let w = word.trim_end_matches([',', '.', ';', ':', ')']);
    if w.len() != 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = w.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

/// An ISO date token "1996-08-30" (trailing punctuation allowed).
pub(crate) fn iso_date(word: &str) -> Option<NaiveDate> {
    let w = word.trim_end_matches([',', '.', ';', ':', ')']);
    if w.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(w, "%Y-%m-%d").ok()
}

/// Whether `s` holds four digits in a row (a year, or part of an ISO date).
fn has_year_digits(s: &str) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Full dates (with a year) in `s`: ISO, "August 4, 2022", "Aug 4 2022", "4 August 2022".
/// Yields the index of the date's first word and the date.
pub(crate) fn full_dates(s: &str) -> Vec<(usize, NaiveDate)> {
    if !has_year_digits(s) {
        return Vec::new();
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out = Vec::new();
    for i in 0..words.len() {
        if let Some(d) = iso_date(words[i]) {
            out.push((i, d));
            continue;
        }
        let get = |j: usize| words.get(i + j).copied().unwrap_or("");
        let ymd =
            |y: Option<i32>, m: Option<u32>, d: Option<u32>| NaiveDate::from_ymd_opt(y?, m?, d?);
        if let Some(m) = month(words[i]) {
            if words[i].chars().next().is_some_and(char::is_uppercase) {
                if let Some(d) = ymd(year(get(2)), Some(m), day(get(1))) {
                    out.push((i, d));
                }
            }
        } else if let Some(d) = ymd(year(get(2)), month(get(1)), day(words[i])) {
            if get(1).chars().next().is_some_and(char::is_uppercase) {
                out.push((i, d));
            }
        }
    }
    out
}

/// Whether `s` is a dateline place: "LONDON", "NEW YORK", "AL-AIN, United Arab Emirates",
/// "FARMINGTON HILLS, Mich.", "BEIRUT, Lebanon". The city is in capitals; up to two
/// region parts follow in capitalised words.
pub(crate) fn is_place(s: &str) -> bool {
    let s = s.trim().trim_end_matches(',');
    if s.len() > MAX_PLACE_BYTES {
        return false;
    }
    let mut parts = s.split(", ");
    let Some(city) = parts.next() else {
        return false;
    };
    let city_words: Vec<&str> = city.split_whitespace().collect();
    if city_words.is_empty() || city_words.len() > 4 || !city_words.iter().all(|w| is_caps_token(w))
    {
        return false;
    }
    // At least one real word of three letters or more ("LONDON", not "U.S." alone).
    if !city_words
        .iter()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !w.contains('.'))
    {
        return false;
    }
    let mut regions = 0;
    for part in parts {
        regions += 1;
        let words: Vec<&str> = part.split_whitespace().collect();
        if regions > 2 || words.is_empty() || words.len() > 4 {
            return false;
        }
        for (i, w) in words.iter().enumerate() {
            let inner_small = i > 0 && matches!(*w, "of" | "and" | "the" | "de");
            if !(inner_small || is_name_token(w)) {
                return false;
            }
        }
    }
    true
}

fn is_caps_token(w: &str) -> bool {
    is_caps_word(w)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
}

/// A whole-paragraph dateline: "LONDON 1996-08-30", "BEIRUT, Lebanon, June 2".
pub(crate) fn whole(par: &str) -> Option<Dateline> {
    if super::lex::has_newline(par) {
        return None;
    }
    let par = par.trim();
    let (head, last) = par.rsplit_once(' ')?;
    if let Some(d) = iso_date(last) {
        let place = head.trim().trim_end_matches(',');
        return is_place(place).then(|| Dateline {
            place: place.to_string(),
            date: Some(d),
            agency: None,
        });
    }
    None
}

/// A place-only paragraph of a split dateline ("FARMINGTON HILLS, Mich.").
pub(crate) fn place_only(par: &str) -> Option<String> {
    let p = par.trim();
    (!super::lex::has_newline(p) && is_place(p)).then(|| p.trim_end_matches(',').to_string())
}

/// A date-only paragraph ("1996-08-30").
pub(crate) fn date_only(par: &str) -> Option<NaiveDate> {
    iso_date(par.trim())
}

/// The first separator between a dateline and the story: a spaced hyphen or double
/// hyphen (" - ", " -- "), or a dash ("—", "–"). Returns its offset and length.
fn first_dash(s: &str) -> Option<(usize, usize)> {
    for (i, c) in s.char_indices() {
        match c {
            '—' | '–' => return Some((i, c.len_utf8())),
            '-' if s[..i].ends_with(' ') => {
                let n = s[i..].bytes().take_while(|&b| b == b'-').count();
                if n <= 2 && s[i + n..].starts_with(' ') {
                    return Some((i - 1, n + 2));
                }
            }
            _ => {}
        }
    }
    None
}

/// A dateline prefix of a paragraph: returns the dateline and the byte offset where the
/// story text starts.
pub(crate) fn prefix(par: &str) -> Option<(Dateline, usize)> {
    let window = &par[..floor_boundary(par, 120)];
    let (at, len) = first_dash(window)?;
    let mut head = par[..at].trim();
    let mut agency = None;
    if let Some(inner) = head.strip_suffix(')') {
        let open = inner.rfind('(')?;
        let name = inner[open + 1..].trim();
        let words = name.split_whitespace().take(4).count();
        if words == 0 || words > 3 || !name.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        agency = Some(name.to_string());
        head = inner[..open].trim();
    }
    let parts: Vec<&str> = head.split(", ").map(str::trim).collect();
    let mut place_parts = 0;
    let mut date = None;
    let mut i = 0;
    while i < parts.len() {
        let words: Vec<&str> = parts[i].split_whitespace().collect();
        if words.len() == 2 && month(words[0]).is_some() && day(words[1]).is_some() {
            let y = parts.get(i + 1).and_then(|p| year(p));
            if let Some(y) = y {
                date = NaiveDate::from_ymd_opt(y, month(words[0])?, day(words[1])?);
                i += 1;
            }
            i += 1;
            if i != parts.len() {
                return None;
            }
            break;
        }
        place_parts = i + 1;
        i += 1;
    }
    if place_parts == 0 {
        return None;
    }
    let place = parts[..place_parts].join(", ");
    if !is_place(&place) {
        return None;
    }
    let body = at + len;
    let rest = par[body..].trim_start();
    if rest.is_empty() {
        return None;
    }
    Some((
        Dateline {
            place,
            date,
            agency,
        },
        par.len() - rest.len(),
    ))
}

/// A date stated in an early paragraph: the paragraph is a short date line
/// ("Jan 25, 2018", "Apr 27, 2008 — Jane Roe"), or the date follows a publication cue
/// ("published on August 4, 2022"). Anything else is left alone: a date in a story is
/// often not the story's date.
pub(crate) fn text_date(par: &str) -> Option<NaiveDate> {
    let short = super::lex::count_words_upto(par, 10) <= 10;
    if !short && !has_cue(par) {
        return None;
    }
    let dates = full_dates(par);
    let (_, date) = *dates.first()?;
    let words: Vec<&str> = par.split_whitespace().collect();
    if words.len() <= 10 && dates.len() == 1 {
        return Some(date);
    }
    for (i, d) in &dates {
        let from = i.saturating_sub(3);
        let cued = words[from..*i].iter().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphabetic());
            CUES.iter().any(|c| w.eq_ignore_ascii_case(c))
        });
        if cued {
            return Some(*d);
        }
    }
    None
}

/// Words that say a date is the publication date.
const CUES: &[&str] = &["published", "posted", "updated", "dated", "released"];

/// Whether `par` contains a cue word anywhere, ignoring ASCII case. Every cue ends in
/// "ed", so only the text before each `d` is compared.
fn has_cue(par: &str) -> bool {
    let b = par.as_bytes();
    memchr::memchr2_iter(b'd', b'D', b).any(|i| {
        let head = &b[..=i];
        CUES.iter().any(|c| {
            head.len() >= c.len() && head[head.len() - c.len()..].eq_ignore_ascii_case(c.as_bytes())
        })
    })
}

fn floor_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn whole_datelines() {
        let cases = [
            ("LONDON 1996-08-30", Some(("LONDON", "1996-08-30"))),
            (
                "AL-AIN, United Arab Emirates 1996-12-06",
                Some(("AL-AIN, United Arab Emirates", "1996-12-06")),
            ),
            ("NEW YORK 1996-08-30", Some(("NEW YORK", "1996-08-30"))),
            ("ST. LOUIS 1996-08-30", Some(("ST. LOUIS", "1996-08-30"))),
            ("Results on 1996-08-30", None),
            ("London 1996-08-30", None),
            ("LONDON 1996-02-30", None),
        ];
        for (par, want) in cases {
            let got = whole(par).map(|dl| (dl.place, dl.date));
            let want = want.map(|(p, s)| (p.to_string(), d(s)));
            assert_eq!(got, want, "{par}");
        }
    }

    #[test]
    fn split_datelines() {
        assert_eq!(
            place_only("FARMINGTON HILLS, Mich.").as_deref(),
            Some("FARMINGTON HILLS, Mich.")
        );
        assert_eq!(place_only("Larry Fine"), None);
        assert_eq!(date_only("1996-08-22"), d("1996-08-22"));
    }

    #[test]
    fn prefix_datelines() {
        let cases = [
            (
                "WASHINGTON (Reuters) - The Senate voted.",
                Some(("WASHINGTON", None, Some("Reuters"), "The Senate voted.")),
            ),
            (
                "LONDON (AP) — Prices rose.",
                Some(("LONDON", None, Some("AP"), "Prices rose.")),
            ),
            (
                "BEIRUT, Lebanon, June 2 — Talks began.",
                Some(("BEIRUT, Lebanon", None, None, "Talks began.")),
            ),
            (
                "LONDON, Aug 30 (Reuters) - Shares fell.",
                Some(("LONDON", None, Some("Reuters"), "Shares fell.")),
            ),
            (
                "NEW YORK, Aug. 30, 1996 (Reuters) - Shares fell.",
                Some((
                    "NEW YORK",
                    Some("1996-08-30"),
                    Some("Reuters"),
                    "Shares fell.",
                )),
            ),
            (
                "PARIS — The strike went on.",
                Some(("PARIS", None, None, "The strike went on.")),
            ),
            ("The talks - which began in June - failed.", None),
            ("Arsenal beat Chelsea 2-1 on Saturday.", None),
            ("UK - EU talks failed.", None),
        ];
        for (par, want) in cases {
            let got =
                prefix(par).map(|(dl, at)| (dl.place, dl.date, dl.agency, par[at..].to_string()));
            let want = want.map(|(p, date, a, rest)| {
                (
                    p.to_string(),
                    date.and_then(d),
                    a.map(str::to_string),
                    rest.to_string(),
                )
            });
            assert_eq!(got, want, "{par}");
        }
    }

    #[test]
    fn cues_anywhere_in_any_case() {
        for (par, want) in [
            ("It was PUBLISHED today", true),
            ("unpublished", true),
            ("Posted", true),
            ("redated and re-RELEASED", true),
            ("pos ted, update, dates", false),
            ("", false),
        ] {
            assert_eq!(has_cue(par), want, "{par}");
        }
    }

    #[test]
    fn text_dates() {
        let cases = [
            ("Jan 25, 2018", Some("2018-01-25")),
            ("Apr 27, 2008 — Jane Roe", Some("2008-04-27")),
            (
                "The interview was published on August 4, 2022 in the Post and widely quoted.",
                Some("2022-08-04"),
            ),
            (
                "The war began on February 24, 2022, and has not stopped since then at all.",
                None,
            ),
            ("June 2", None),
            ("May 5, 2020 was a Tuesday and 2021-01-01 a Friday.", None),
        ];
        for (par, want) in cases {
            assert_eq!(text_date(par), want.and_then(d), "{par}");
        }
    }

    #[test]
    fn months() {
        assert_eq!(month("Aug."), Some(8));
        assert_eq!(month("Sept"), Some(9));
        assert_eq!(month("December"), Some(12));
        assert_eq!(month("Mayor"), None);
        assert_eq!(month("Dece"), None);
    }
}
