//! Template views: the variables each template receives.
//!
//! Views borrow from the [`Site`]; they carry only what one page shows. README.md lists
//! every variable.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::site::Site;

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "4 August 2022".
pub fn display_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// `site`: the same on every page.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// Absolute URL with a trailing slash.
    pub base_url: &'a str,
    /// Path prefix of every link (`/` or `/archive/`).
    pub base_path: &'a str,
    pub stylesheet: String,
    pub feed_url: String,
    pub people_url: String,
    pub corrections_url: String,
    /// The search page (none when `outputs.search` is off).
    pub search_url: Option<String>,
    pub undated_url: Option<String>,
    /// The six newest years with articles, newest first (the full list is on the
    /// archive page); empty when `outputs.date_archives` is off.
    pub recent_years: Vec<YearLink>,
    /// `/archive/`: every year and month (none when `outputs.date_archives` is off).
    pub archive_url: Option<String>,
    pub article_count: usize,
    pub people_count: usize,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site, base: &'a str, base_path: &'a str) -> SiteView<'a> {
        SiteView {
            title: &site.config.title,
            description: &site.config.description,
            language: &site.config.language,
            base_url: base,
            base_path,
            stylesheet: format!("{base_path}assets/style.css"),
            feed_url: format!("{base_path}atom.xml"),
            people_url: format!("{base_path}people/"),
            corrections_url: format!("{base_path}corrections/"),
            search_url: site
                .config
                .outputs
                .search
                .then(|| format!("{base_path}search/")),
            undated_url: (!site.undated.is_empty()).then(|| format!("{base_path}undated/")),
            archive_url: site
                .config
                .outputs
                .date_archives
                .then(|| format!("{base_path}archive/")),
            recent_years: site
                .years
                .iter()
                .take(if site.config.outputs.date_archives {
                    6
                } else {
                    0
                })
                .map(|y| YearLink {
                    year: y.year,
                    url: format!("{base_path}{}/", y.year),
                    count: y.count,
                })
                .collect(),
            article_count: site.articles.len(),
            people_count: site.people.len(),
        }
    }
}

/// `page`: what every page says about itself (for `<head>`).
#[derive(Serialize)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Site-absolute path (with the base path).
    pub url: String,
    /// Absolute URL (canonical).
    pub permalink: String,
    /// `article`, `person`, `people`, `home`, `year`, `month`, `undated`, `corrections`,
    /// `404` or `redirect`.
    pub kind: &'static str,
    /// JSON-LD, already safe to place inside a `<script>` element.
    pub jsonld: Option<String>,
}

#[derive(Serialize)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct Link<'a> {
    pub name: &'a str,
    pub url: &'a str,
}

/// An article in a list.
pub struct Card<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub date: Option<&'a str>,
    pub date_display: Option<&'a str>,
    pub summary: &'a str,
    pub source: Option<&'a str>,
    pub dateline: Option<&'a str>,
    pub byline: Vec<Link<'a>>,
    /// The card's markup from `card.html` (safe HTML; empty where a page shows no card).
    pub html: &'a str,
    /// The fields given to the template (the others are left out of its context).
    pub shown: CardFields,
}

/// Which fields of a [`Card`] a page's template gets: those it can name
/// ([`Names`](super::templates::Names)). A list whose template prints only `a.html`
/// thus does not copy eight more fields of every card into its context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardFields(u16);

impl CardFields {
    /// Field names, in serialisation order; bit `i` of a set stands for `NAMES[i]`.
    pub const NAMES: [&'static str; 9] = [
        "title",
        "url",
        "date",
        "date_display",
        "summary",
        "source",
        "dateline",
        "byline",
        "html",
    ];
    /// Every field.
    pub const ALL: CardFields = CardFields((1 << Self::NAMES.len()) - 1);

    /// The fields `template` can name.
    pub fn of(names: &super::templates::Names, template: &str) -> CardFields {
        let mut bits = 0;
        for (i, f) in Self::NAMES.iter().enumerate() {
            if names.uses(template, f) {
                bits |= 1 << i;
            }
        }
        CardFields(bits)
    }

    fn has(self, i: usize) -> bool {
        self.0 & (1 << i) != 0
    }
}

impl Serialize for Card<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let f = self.shown;
        let n = (0..CardFields::NAMES.len()).filter(|&i| f.has(i)).count();
        let mut st = s.serialize_struct("Card", n)?;
        macro_rules! field {
            ($i:expr, $name:ident) => {
                if f.has($i) {
                    st.serialize_field(CardFields::NAMES[$i], &self.$name)?;
                } else {
                    st.skip_field(CardFields::NAMES[$i])?;
                }
            };
        }
        field!(0, title);
        field!(1, url);
        field!(2, date);
        field!(3, date_display);
        field!(4, summary);
        field!(5, source);
        field!(6, dateline);
        field!(7, byline);
        field!(8, html);
        st.end()
    }
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// `pagination`: numbered pages around the current one, plus first and last.
#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub struct ListView<'a> {
    pub heading: String,
    pub articles: Vec<Card<'a>>,
    pub pagination: Pagination,
    pub total: usize,
}

#[derive(Serialize)]
pub struct MonthView<'a> {
    pub name: &'static str,
    pub url: String,
    pub count: usize,
    /// The month's first five articles.
    pub articles: Vec<Card<'a>>,
}

#[derive(Serialize)]
pub struct YearView<'a> {
    pub year: i32,
    pub count: usize,
    pub months: Vec<MonthView<'a>>,
    pub newer: Option<YearLink>,
    pub older: Option<YearLink>,
}

#[derive(Serialize)]
pub struct ArticlePersonView<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub roles: &'a [String],
    pub age: Option<u32>,
}

#[derive(Serialize)]
pub struct QuoteView<'a> {
    pub text: &'a str,
    /// The speaker's person page, when attributed.
    pub speaker: Option<Link<'a>>,
    pub speaker_name: Option<&'a str>,
    /// On person pages: the article the quote is from.
    pub article: Option<Card<'a>>,
}

#[derive(Serialize)]
pub struct CorrectionNote<'a> {
    pub date: String,
    pub date_display: String,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct ArticleDetail<'a> {
    /// Headline to show (readable form of an ALL-CAPS wire headline).
    pub title: &'a str,
    /// The headline as written, when `title` is a readable form of it.
    pub original_title: Option<&'a str>,
    pub url: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub source: Option<&'a str>,
    pub dateline: Option<&'a str>,
    pub byline: Vec<Link<'a>>,
    pub contributors: Vec<Link<'a>>,
    pub summary: &'a str,
    /// Whether `summary` is the opening of the body, so a page need not print it twice.
    pub summary_is_lead: bool,
    /// Rendered body; safe HTML.
    pub body_html: std::borrow::Cow<'a, str>,
    pub word_count: usize,
    pub tags: &'a [String],
    pub people: Vec<ArticlePersonView<'a>>,
    pub quotes: Vec<QuoteView<'a>>,
    pub corrections: Vec<CorrectionNote<'a>>,
    pub extra: &'a serde_json::Value,
}

#[derive(Serialize)]
pub struct ArticleView<'a> {
    pub article: ArticleDetail<'a>,
    /// Older article by date.
    pub prev: Option<Card<'a>>,
    /// Newer article by date.
    pub next: Option<Card<'a>>,
    pub related: Vec<Card<'a>>,
}

#[derive(Serialize)]
pub struct RoleView<'a> {
    pub role: &'a str,
    pub first: Option<String>,
    pub last: Option<String>,
}

#[derive(Serialize)]
pub struct PersonDetail<'a> {
    pub name: &'a str,
    pub url: String,
    /// The person's Atom feed (none when `outputs.person_feeds` is off).
    pub feed_url: Option<String>,
    pub aliases: &'a [String],
    pub roles: Vec<RoleView<'a>>,
    pub bio: Option<&'a str>,
    pub ages: &'a [u32],
    pub mentions: u32,
    pub article_count: usize,
    /// Articles crediting the person: in the byline or among the contributors.
    pub byline_count: usize,
    /// Of those, the articles with the person in the byline.
    pub written_count: usize,
    pub first: Option<String>,
    pub last: Option<String>,
}

#[derive(Serialize)]
pub struct CoMention<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub count: u32,
}

#[derive(Serialize)]
pub struct PersonView<'a> {
    pub person: PersonDetail<'a>,
    /// This page's slice of the articles mentioning the person, newest first.
    pub mentioned_in: Vec<Card<'a>>,
    /// This page's slice of the articles by the person, newest first.
    pub bylines: Vec<Card<'a>>,
    pub pagination: Pagination,
    pub comentions: Vec<CoMention<'a>>,
    /// Attributed quotes (first page only).
    pub quotes: Vec<QuoteView<'a>>,
    /// Months (or years, for long spans) with articles about the person, oldest first
    /// (first page only).
    pub timeline: Vec<TimelineRow>,
    /// The same counts as an inline SVG bar chart with empty months included; safe
    /// markup (first page only, empty without dated articles).
    pub timeline_svg: String,
}

/// One month (or year) of a person's timeline.
#[derive(Serialize)]
pub struct TimelineRow {
    /// "March 2023" (or "2023").
    pub label: String,
    /// `2023-03` (or `2023`), for `<time datetime>`.
    pub key: String,
    /// The month's (or year's) archive page (none when `outputs.date_archives` is off).
    pub url: Option<String>,
    pub count: usize,
}

/// `search.html`.
#[derive(Serialize)]
pub struct SearchView {
    /// Folder of the index (`meta.json`, `index/`, `docs/`), with the base path.
    pub index_url: String,
    /// `search.js`, with the base path.
    pub script: String,
}

#[derive(Serialize)]
pub struct PersonRow<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub count: usize,
    pub bylines: usize,
    pub role: Option<&'a str>,
}

#[derive(Serialize)]
pub struct InitialLink {
    pub letter: String,
    pub url: String,
    pub anchor: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct PeopleGroup<'a> {
    pub letter: String,
    pub anchor: String,
    pub people: Vec<PersonRow<'a>>,
}

#[derive(Serialize)]
pub struct PeopleView<'a> {
    pub heading: String,
    pub total: usize,
    pub initials: Vec<InitialLink>,
    pub groups: Vec<PeopleGroup<'a>>,
    /// True when the index is split into one page per initial.
    pub split: bool,
    /// On the index page of an archive with more people than it lists: the people in
    /// the most articles, most first (then in index order).
    pub most_mentioned: Vec<PersonRow<'a>>,
}

#[derive(Serialize)]
pub struct CorrectionView<'a> {
    pub date: String,
    pub date_display: String,
    pub text: &'a str,
    pub article: Card<'a>,
}

#[derive(Serialize)]
pub struct CorrectionsView<'a> {
    pub corrections: Vec<CorrectionView<'a>>,
}

#[derive(Serialize)]
pub struct RedirectView {
    pub target: String,
}

#[derive(Serialize)]
pub struct ArchiveMonth {
    pub name: &'static str,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct ArchiveYear {
    pub year: i32,
    pub url: String,
    pub count: usize,
    /// Months with articles, January first.
    pub months: Vec<ArchiveMonth>,
}

/// `archive.html`: every year and month of the archive.
#[derive(Serialize)]
pub struct ArchiveView {
    pub years: Vec<ArchiveYear>,
    pub undated: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_carry_the_fields_their_template_names() {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates([
            (
                "slim.html",
                "{% for a in cards %}{{ a.html | safe }}{% endfor %}",
            ),
            (
                "full.html",
                "{% extends \"slim.html\" %}{# a.summary a.byline #}",
            ),
        ])
        .unwrap();
        let names = super::super::templates::Names::of(&tera);
        let keys = |template: &str| -> Vec<String> {
            let card = Card {
                title: "T",
                url: "u/",
                date: None,
                date_display: None,
                summary: "S",
                source: None,
                dateline: None,
                byline: Vec::new(),
                html: "<li>T</li>",
                shown: CardFields::of(&names, template),
            };
            let v = serde_json::to_value(&card).unwrap();
            v.as_object().unwrap().keys().cloned().collect()
        };
        assert_eq!(keys("slim.html"), ["html"]);
        assert_eq!(keys("full.html"), ["byline", "html", "summary"]);
        assert_eq!(
            keys("other.html").len(),
            9,
            "a template not loaded gets all"
        );
    }
}
