//! Person timelines: articles mentioning someone per month, as a small inline SVG bar
//! chart that reads without JavaScript, plus the same numbers as a table for screen
//! readers.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::html::escape;
use super::views::MONTHS;

/// Above this many months the chart counts per year instead.
pub const MAX_MONTH_BARS: usize = 72;
/// The chart has room for at least this many bars, so a short timeline keeps narrow
/// bars (left-aligned) instead of one wide block.
pub const MIN_SLOTS: usize = 24;
/// Chart size in SVG user units.
pub const WIDTH: f64 = 600.0;
pub const HEIGHT: f64 = 80.0;

/// One bar: a month (or a year) and how many articles fall in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// "March 2023" or "2023".
    pub label: String,
    /// `2023-03` or `2023`.
    pub key: String,
    pub year: i32,
    /// 1–12, or 0 for a year bucket.
    pub month: u32,
    pub count: usize,
}

fn month_index(d: NaiveDate) -> i64 {
    d.year() as i64 * 12 + d.month0() as i64
}

/// Counts `dates` per month from the first to the last (empty months included), or
/// per year when that would be more than [`MAX_MONTH_BARS`] bars.
pub fn buckets(dates: &[NaiveDate]) -> Vec<Bucket> {
    let (Some(lo), Some(hi)) = (dates.iter().min(), dates.iter().max()) else {
        return Vec::new();
    };
    let (lo, hi) = (month_index(*lo), month_index(*hi));
    if (hi - lo + 1) as usize > MAX_MONTH_BARS {
        let (ylo, yhi) = (lo.div_euclid(12), hi.div_euclid(12));
        let mut out: Vec<Bucket> = (ylo..=yhi)
            .map(|y| Bucket {
                label: y.to_string(),
                key: y.to_string(),
                year: y as i32,
                month: 0,
                count: 0,
            })
            .collect();
        for d in dates {
            out[(d.year() as i64 - ylo) as usize].count += 1;
        }
        return out;
    }
    let mut out: Vec<Bucket> = (lo..=hi)
        .map(|m| {
            let (y, mo) = (m.div_euclid(12) as i32, m.rem_euclid(12) as u32 + 1);
            Bucket {
                label: format!("{} {y}", MONTHS[mo as usize - 1]),
                key: format!("{y:04}-{mo:02}"),
                year: y,
                month: mo,
                count: 0,
            }
        })
        .collect();
    for d in dates {
        out[(month_index(*d) - lo) as usize].count += 1;
    }
    out
}

/// Bar height for `count` when the tallest bar has `max`: proportional, at least one
/// unit for a non-zero count, rounded to a tenth.
pub fn bar_height(count: usize, max: usize) -> f64 {
    if count == 0 || max == 0 {
        return 0.0;
    }
    let h = (count as f64 / max as f64 * (HEIGHT - 2.0)).max(1.0);
    (h * 10.0).round() / 10.0
}

/// The chart as an SVG element. `label` names it for assistive technology (e.g.
/// "Articles with Anna Kowalski per month") in `aria-label`, with a `<desc>` summary;
/// every bar carries its month and count in `data-label`. (No `<title>` elements: the
/// page's own `<title>` stays the only one.)
pub fn svg(buckets: &[Bucket], label: &str) -> String {
    let mut out = String::with_capacity(200 + buckets.len() * 120);
    if buckets.is_empty() {
        return out;
    }
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0);
    let slot = WIDTH / buckets.len().max(MIN_SLOTS) as f64;
    let gap = if slot > 4.0 { slot * 0.2 } else { 0.0 };
    let total: usize = buckets.iter().map(|b| b.count).sum();
    let mut title = String::new();
    escape(label, &mut title);
    let first = &buckets[0].label;
    let last = &buckets[buckets.len() - 1].label;
    let mut desc = String::new();
    escape(
        &format!(
            "{total} article{} from {first} to {last}; at most {max} in one {}.",
            if total == 1 { "" } else { "s" },
            if buckets[0].month == 0 {
                "year"
            } else {
                "month"
            }
        ),
        &mut desc,
    );
    out.push_str(&format!(
        "<svg class=\"timeline-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{title}. {desc}\" focusable=\"false\">\
         <desc>{desc}</desc>\
         <line class=\"axis\" x1=\"0\" y1=\"{HEIGHT}\" x2=\"{WIDTH}\" y2=\"{HEIGHT}\"/>"
    ));
    for (i, b) in buckets.iter().enumerate() {
        let h = bar_height(b.count, max);
        let x = ((i as f64 * slot + gap / 2.0) * 10.0).round() / 10.0;
        let w = ((slot - gap) * 10.0).round() / 10.0;
        let mut tip = String::new();
        escape(
            &format!(
                "{}: {} article{}",
                b.label,
                b.count,
                if b.count == 1 { "" } else { "s" }
            ),
            &mut tip,
        );
        out.push_str(&format!(
            "<rect class=\"bar\" x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{h}\" data-label=\"{tip}\"/>",
            ((HEIGHT - h) * 10.0).round() / 10.0
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn months_with_gaps() {
        let b = buckets(&[d("2022-11-30"), d("2023-03-14"), d("2023-03-28")]);
        let got: Vec<(&str, usize)> = b.iter().map(|b| (b.key.as_str(), b.count)).collect();
        assert_eq!(
            got,
            vec![
                ("2022-11", 1),
                ("2022-12", 0),
                ("2023-01", 0),
                ("2023-02", 0),
                ("2023-03", 2)
            ]
        );
        assert_eq!(b[0].label, "November 2022");
    }

    #[test]
    fn long_spans_count_by_year() {
        let b = buckets(&[d("2001-01-01"), d("2010-06-01"), d("2010-07-01")]);
        assert_eq!(b.len(), 10);
        assert_eq!((b[0].key.as_str(), b[0].count), ("2001", 1));
        assert_eq!(b[9].count, 2);
        assert_eq!(b[9].month, 0);
    }

    #[test]
    fn empty_input_no_chart() {
        assert!(buckets(&[]).is_empty());
        assert_eq!(svg(&[], "x"), "");
    }

    #[test]
    fn heights_scale_to_the_tallest_bar() {
        assert_eq!(bar_height(0, 5), 0.0);
        assert_eq!(bar_height(5, 5), HEIGHT - 2.0);
        assert_eq!(bar_height(1, 1000), 1.0);
    }

    #[test]
    fn svg_has_one_rect_per_bucket_and_escapes() {
        let b = buckets(&[d("2022-01-05"), d("2022-03-01")]);
        let s = svg(&b, "Mentions of <b>&");
        assert_eq!(s.matches("<rect").count(), 3);
        assert!(s.contains("Mentions of &lt;b&gt;&amp;"));
        assert!(!s.contains("<b>"));
    }
}
