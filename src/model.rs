//! The article record: the one shape every input format is loaded into.
//!
//! `dateline extract` prints it, `dateline import` writes it as front matter, and the
//! site is assembled from it. Keeping a single record type means a Markdown article and
//! a raw text article can never drift apart in what the templates see.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// Where an article's date came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// `date` in the front matter.
    FrontMatter,
    /// A `YYYY-MM-DD` prefix of the file name.
    Filename,
    /// A wire dateline such as `LONDON 1996-08-30` or `BEIRUT, Lebanon, June 2 -`.
    Dateline,
    /// A date found elsewhere in the text.
    Text,
    /// No date: the article is listed under `/undated/`.
    #[default]
    None,
}

/// A person an article mentions, as found in (or declared for) that one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PersonRef {
    /// Canonical form: the fullest name used in the article, without honorifics or titles.
    pub name: String,
    /// Every other form used in the text ("Okafor", "Ms Okafor").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Roles and titles attached to the person in this article ("Foreign Minister").
    #[serde(default)]
    pub roles: Vec<String>,
    /// Age when the text states it ("X, 44," or "X (44)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    /// How many times the person is mentioned (0 when declared in front matter only).
    #[serde(default)]
    pub mentions: u32,
}

/// A direct quote, with its speaker's canonical name when the text attributes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub speaker: Option<String>,
    pub text: String,
}

/// A published correction note on an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub date: NaiveDate,
    pub text: String,
}

/// How an article's body is to be rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BodyFormat {
    /// CommonMark; raw HTML in it is escaped unless the site allows it.
    #[default]
    Markdown,
    /// Plain paragraphs from a raw article; never interpreted as markup.
    Text,
}

/// The full front-matter record of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Record {
    /// Source path as given (relative to the content folder when loaded for a site).
    pub path: String,
    pub title: String,
    /// A readable form of an ALL-CAPS wire headline; `None` when `title` already reads well.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_title: Option<String>,
    pub slug: String,
    #[serde(with = "opt_date")]
    pub date: Option<NaiveDate>,
    /// Full timestamp when the front matter gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datetime: Option<DateTime<FixedOffset>>,
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub updated: Option<NaiveDate>,
    pub date_source: DateSource,
    /// Place named in the dateline ("LONDON"), if any.
    pub dateline: Option<String>,
    pub source: Option<String>,
    pub byline: Vec<String>,
    pub contributors: Vec<String>,
    pub summary: String,
    /// Whether `summary` is the opening of the body (one derived from the text, or a
    /// front-matter summary copied from the first paragraph): the article page then
    /// does not print it twice. Set by [`crate::extract::fill_derived`].
    #[serde(skip)]
    pub summary_is_lead: bool,
    /// The body as Markdown. For raw text it is escaped so it renders as the same text.
    /// Empty for a Markdown article loaded for a site build whose HTML and paragraphs
    /// were made while loading (`load::parse_for_site`): nothing reads it after that.
    pub body: String,
    #[serde(skip)]
    pub body_format: BodyFormat,
    /// A Markdown body as HTML, rendered by the loader in the pass that read its
    /// paragraphs; `None` when it was not, or when the body has raw HTML (whose rendering
    /// depends on the site's `allow_html`).
    #[serde(skip)]
    pub body_html: Option<String>,
    /// Body paragraphs as plain text (raw articles; Markdown articles after stripping markup).
    #[serde(skip)]
    pub paragraphs: Vec<String>,
    pub word_count: usize,
    pub people: Vec<PersonRef>,
    /// Many-word names the text writes right after a noun for a made work or an
    /// organisation ("the band Tarn Static"): with the same in other articles, and no
    /// sign anywhere that it is a person's, the archive takes the name for a title, not a
    /// person (`crate::site::titles_not_people`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub works: Vec<String>,
    pub quotes: Vec<Quote>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Old URLs of this article; each gets a redirect page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    /// Free table for templates.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub extra: serde_json::Value,
    pub warnings: Vec<String>,
}

/// Serde helper: `Option<NaiveDate>` as `"YYYY-MM-DD"` or `null`.
pub mod opt_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        s.map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(serde::de::Error::custom))
            .transpose()
    }
}
