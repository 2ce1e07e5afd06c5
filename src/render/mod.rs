//! Rendering: a pure function from `&Site` to output files.
//!
//! [`pages`] lists every output of the site as a small [`Page`] value; [`Renderer::render`]
//! turns one page into bytes. Pages are independent, so they render in parallel and can
//! be re-rendered selectively by `watch`. Template contexts are small views that borrow
//! from the site; no page's context holds the whole archive.

pub mod html;
pub mod progress;
pub mod relative;
pub mod templates;
pub mod timeline;
pub mod views;
pub mod xml;

use anyhow::{anyhow, Result};
use serde::Serialize;
use tera::{Context, Tera};

use crate::site::Site;
use views::*;

/// Articles per page on person pages and month pages.
pub const LIST_PAGE_SIZE: usize = 50;
/// Above this many people the index is split into one page per initial.
pub const PEOPLE_SINGLE_PAGE_LIMIT: usize = 3000;
/// How many people the index page lists as the most mentioned.
pub const MOST_MENTIONED: usize = 24;
/// Entries in the site feed.
pub const FEED_SIZE: usize = 50;
/// Entries in a person's feed.
pub const PERSON_FEED_SIZE: usize = 20;

/// One output of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    Home(usize),
    Article(usize),
    Redirect(usize),
    Person {
        person: usize,
        page: usize,
    },
    PersonFeed(usize),
    PeopleIndex,
    PeopleInitial(char),
    Year(usize),
    Month {
        year: usize,
        month: usize,
        page: usize,
    },
    Undated(usize),
    Archive,
    Corrections,
    NotFound,
    Feed,
    SitemapIndex,
    Sitemap(usize),
    Robots,
    Asset(usize),
    /// The search page, `search/`.
    Search,
    /// `search/meta.json`.
    SearchMeta,
    /// A term shard, `search/index/{xy}.json`.
    SearchShard(crate::search::Key),
    /// A doc-metadata shard, `search/docs/{n}.json`.
    SearchDocs(usize),
}

/// A rendered file: site-relative path and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

fn pages_for(n: usize, per: usize) -> usize {
    n.div_ceil(per).max(1)
}

/// Path segment for an index initial.
pub fn initial_segment(c: char) -> String {
    if c == '#' {
        "other".into()
    } else {
        c.to_ascii_lowercase().to_string()
    }
}

impl Page {
    /// Site-relative URL of the page (directory style, no leading slash), or file path
    /// for non-HTML outputs.
    pub fn url(&self, site: &Site) -> String {
        let paged = |base: String, n: usize| {
            if n <= 1 {
                base
            } else {
                format!("{base}page/{n}/")
            }
        };
        match *self {
            Page::Home(n) => paged(String::new(), n),
            Page::Article(i) => site.articles[i].url.clone(),
            Page::Redirect(i) => site.redirects[i].file.clone(),
            Page::Person { person, page } => paged(site.people[person].url.clone(), page),
            Page::PersonFeed(p) => format!("{}atom.xml", site.people[p].url),
            Page::PeopleIndex => "people/".into(),
            Page::PeopleInitial(c) => format!("people/initial/{}/", initial_segment(c)),
            Page::Year(y) => format!("{}/", site.years[y].year),
            Page::Month { year, month, page } => {
                let y = &site.years[year];
                paged(format!("{}/{:02}/", y.year, y.months[month].month), page)
            }
            Page::Undated(n) => paged("undated/".into(), n),
            Page::Archive => "archive/".into(),
            Page::Corrections => "corrections/".into(),
            Page::NotFound => "404.html".into(),
            Page::Feed => "atom.xml".into(),
            Page::SitemapIndex => "sitemap.xml".into(),
            Page::Sitemap(n) => {
                if n == 0 {
                    "sitemap.xml".into()
                } else {
                    format!("sitemap-{n}.xml")
                }
            }
            Page::Robots => "robots.txt".into(),
            Page::Asset(i) => format!("assets/{}", templates::ASSETS[i].0),
            Page::Search => "search/".into(),
            Page::SearchMeta => "search/meta.json".into(),
            Page::SearchShard(k) => format!("search/index/{}.json", crate::search::key_str(&k)),
            Page::SearchDocs(n) => format!("search/docs/{n}.json"),
        }
    }

    /// Output file of the page.
    pub fn file(&self, site: &Site) -> String {
        let u = self.url(site);
        if u.is_empty() || u.ends_with('/') {
            u + "index.html"
        } else {
            u
        }
    }

    /// The template (or kind of output) that renders the page, for timings.
    pub fn template(&self) -> &'static str {
        match self {
            Page::Home(_) | Page::Month { .. } | Page::Undated(_) => "list.html",
            Page::Article(_) => "article.html",
            Page::Redirect(_) => "redirect.html",
            Page::Person { .. } => "person.html",
            Page::PeopleIndex | Page::PeopleInitial(_) => "people.html",
            Page::Year(_) => "year.html",
            Page::Archive => "archive.html",
            Page::Corrections => "corrections.html",
            Page::NotFound => "404.html",
            Page::Search => "search.html",
            Page::PersonFeed(_) | Page::Feed => "(atom feeds)",
            Page::SitemapIndex | Page::Sitemap(_) | Page::Robots => "(sitemaps)",
            Page::SearchMeta | Page::SearchShard(_) | Page::SearchDocs(_) => "(search index)",
            Page::Asset(_) => "(assets)",
        }
    }

    /// True for HTML pages that belong in the sitemap.
    pub fn in_sitemap(&self) -> bool {
        !matches!(
            self,
            Page::Redirect(_)
                | Page::PersonFeed(_)
                | Page::NotFound
                | Page::Feed
                | Page::SitemapIndex
                | Page::Sitemap(_)
                | Page::Robots
                | Page::Asset(_)
                | Page::SearchMeta
                | Page::SearchShard(_)
                | Page::SearchDocs(_)
        )
    }
}

/// Every output of the site, in a fixed order.
pub fn pages(site: &Site) -> Vec<Page> {
    pages_with_search(site, &crate::search::Index::for_site(site).keys())
}

/// [`pages`], with the search index's shard keys given (incremental rebuilds keep
/// their own index).
pub fn pages_with_search(site: &Site, shard_keys: &[crate::search::Key]) -> Vec<Page> {
    let per = site.config.paginate_by;
    let outputs = site.config.outputs;
    let mut v = Vec::with_capacity(site.articles.len() * 2 + site.people.len() * 2 + 64);
    for n in 1..=pages_for(site.articles.len(), per) {
        v.push(Page::Home(n));
    }
    v.extend((0..site.articles.len()).map(Page::Article));
    v.extend((0..site.redirects.len()).map(Page::Redirect));
    for (i, p) in site.people.iter().enumerate() {
        let n = p.mentioned_in.len().max(p.bylines.len());
        for page in 1..=pages_for(n, LIST_PAGE_SIZE) {
            v.push(Page::Person { person: i, page });
        }
        if outputs.person_feeds {
            v.push(Page::PersonFeed(i));
        }
    }
    v.push(Page::PeopleIndex);
    if site.people.len() > PEOPLE_SINGLE_PAGE_LIMIT {
        let mut initials: Vec<char> = site.people.iter().map(|p| p.initial).collect();
        initials.dedup();
        v.extend(initials.into_iter().map(Page::PeopleInitial));
    }
    let years = if outputs.date_archives {
        &site.years[..]
    } else {
        &[]
    };
    for (yi, y) in years.iter().enumerate() {
        v.push(Page::Year(yi));
        for (mi, m) in y.months.iter().enumerate() {
            for page in 1..=pages_for(m.articles.len(), LIST_PAGE_SIZE) {
                v.push(Page::Month {
                    year: yi,
                    month: mi,
                    page,
                });
            }
        }
    }
    if !site.undated.is_empty() {
        for n in 1..=pages_for(site.undated.len(), LIST_PAGE_SIZE) {
            v.push(Page::Undated(n));
        }
    }
    if outputs.date_archives {
        v.push(Page::Archive);
    }
    v.push(Page::Corrections);
    if outputs.search {
        v.push(Page::Search);
        v.push(Page::SearchMeta);
        v.extend(shard_keys.iter().copied().map(Page::SearchShard));
        v.extend((0..crate::search::doc_shards(site.articles.len())).map(Page::SearchDocs));
    }
    v.push(Page::NotFound);
    v.push(Page::Feed);
    let html = v.iter().filter(|p| p.in_sitemap()).count();
    if html > xml::SITEMAP_LIMIT {
        v.push(Page::SitemapIndex);
        v.extend((1..=html.div_ceil(xml::SITEMAP_LIMIT)).map(Page::Sitemap));
    } else {
        v.push(Page::Sitemap(0));
    }
    v.push(Page::Robots);
    v.extend((0..templates::ASSETS.len()).map(Page::Asset));
    v
}

/// Initial size of a page's output buffer: most pages of the default theme fit.
const PAGE_BUFFER: usize = 16 * 1024;

/// Renders pages of one site with one set of templates.
pub struct Renderer<'a> {
    pub site: &'a Site,
    tera: &'a Tera,
    base: String,
    base_path: String,
    /// `site`, shared by every page's context (not copied per page).
    site_view: std::sync::Arc<tera::Value>,
    /// The pages being rendered.
    pages: &'a [Page],
    /// Absolute URLs of every sitemap page with last-modified dates, in page order
    /// (made on first use).
    sitemap_urls: std::sync::OnceLock<Vec<(String, Option<chrono::NaiveDate>)>>,
    /// Extra markup inserted before `</body>` of HTML pages (the preview server's
    /// live-reload script); empty for builds.
    pub inject: String,
    /// The words each template can name (views skip what none names).
    names: templates::Names,
    /// What the article and person templates can name, looked up once.
    asks: Asks,
    /// The static search index, built once per renderer.
    search: std::sync::Arc<crate::search::Index>,
    /// Each article's card rendered with `card.html`, at heading levels 2 and 3; filled
    /// on first use, since one card appears on many pages.
    cards: Vec<[std::sync::OnceLock<String>; 2]>,
    /// Whether `card.html` can name `level`; if not, both levels render the same and the
    /// first slot serves both.
    card_levels: bool,
    /// Each article's link and date strings, made on first use (cards repeat them).
    article_strings: Vec<std::sync::OnceLock<ArticleStrings>>,
    /// Each person's page link, made on first use.
    person_urls: Vec<std::sync::OnceLock<String>>,
}

/// What the templates of article and person pages can name, and the card fields of the
/// templates that list cards: asked of [`templates::Names`] once per renderer instead of
/// several times on every page.
#[derive(Debug, Clone, Copy)]
struct Asks {
    article_quotes: bool,
    article_prev: bool,
    article_next: bool,
    article_related: bool,
    article_jsonld: bool,
    person_quotes: bool,
    person_timeline: bool,
    person_comentions: bool,
    person_jsonld: bool,
    /// (template, its card fields) for the templates that list cards.
    cards: [(&'static str, CardFields); 5],
}

impl Asks {
    fn of(names: &templates::Names) -> Asks {
        let a = |w: &str| names.uses("article.html", w);
        let p = |w: &str| names.uses("person.html", w);
        let cards = [
            "list.html",
            "year.html",
            "article.html",
            "person.html",
            "corrections.html",
        ]
        .map(|t| (t, CardFields::of(names, t)));
        Asks {
            article_quotes: a("quotes"),
            article_prev: a("prev"),
            article_next: a("next"),
            article_related: a("related"),
            article_jsonld: a("jsonld"),
            person_quotes: p("quotes"),
            person_timeline: p("timeline") || p("timeline_svg"),
            person_comentions: p("comentions"),
            person_jsonld: p("jsonld"),
            cards,
        }
    }
}

/// The strings of an article that lists and cards print.
struct ArticleStrings {
    url: String,
    date: Option<String>,
    date_display: Option<String>,
}

impl<'a> Renderer<'a> {
    /// Prepares rendering of `pages` of `site`.
    pub fn new(site: &'a Site, tera: &'a Tera, pages: &'a [Page]) -> Renderer<'a> {
        Renderer::with_search(site, tera, pages, crate::search::Index::for_site(site))
    }

    /// [`Renderer::new`] with the site's search index given.
    pub fn with_search(
        site: &'a Site,
        tera: &'a Tera,
        pages: &'a [Page],
        search: std::sync::Arc<crate::search::Index>,
    ) -> Renderer<'a> {
        let base = site.config.base();
        let base_path = site.config.base_path();
        let site_view = std::sync::Arc::new(
            tera::to_value(SiteView::new(site, &base, &base_path)).expect("site view serialises"),
        );
        let names = templates::Names::of(tera);
        Renderer {
            site,
            tera,
            base,
            base_path,
            site_view,
            pages,
            sitemap_urls: std::sync::OnceLock::new(),
            inject: String::new(),
            search,
            cards: (0..site.articles.len())
                .map(|_| Default::default())
                .collect(),
            article_strings: (0..site.articles.len())
                .map(|_| Default::default())
                .collect(),
            person_urls: (0..site.people.len()).map(|_| Default::default()).collect(),
            card_levels: names.uses("card.html", "level"),
            asks: Asks::of(&names),
            names,
        }
    }

    fn sitemap_urls(&self) -> &[(String, Option<chrono::NaiveDate>)] {
        self.sitemap_urls.get_or_init(|| {
            let site = self.site;
            self.pages
                .iter()
                .filter(|p| p.in_sitemap())
                .map(|p| {
                    let lastmod = match *p {
                        Page::Article(i) => {
                            let r = &site.articles[i].rec;
                            r.updated.or(r.date)
                        }
                        _ => None,
                    };
                    ([self.base.as_str(), p.url(site).as_str()].concat(), lastmod)
                })
                .collect()
        })
    }

    fn link(&self, url: &str) -> String {
        [self.base_path.as_str(), url].concat()
    }

    fn context<T: Serialize>(&self, page: PageMeta, view: &T) -> Result<Context> {
        let mut ctx = Context::from_serialize(view).map_err(|e| anyhow!("{e}"))?;
        ctx.insert_shared("site", self.site_view.clone());
        ctx.insert("page", &page);
        Ok(ctx)
    }

    fn tpl(&self, name: &str, ctx: &Context) -> Result<Vec<u8>> {
        // Rendered straight into bytes (Tera's `render` grows a small buffer and then
        // re-validates it as UTF-8; every piece it writes is already a `str`).
        let mut out = Vec::with_capacity(PAGE_BUFFER);
        self.tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| anyhow!("{}", templates::describe(&e)))?;
        if !self.inject.is_empty() {
            let at = memchr::memmem::rfind(&out, b"</body>").unwrap_or(out.len());
            out.splice(at..at, self.inject.bytes());
        }
        Ok(out)
    }

    fn meta(
        &self,
        page: &Page,
        title: String,
        description: String,
        kind: &'static str,
    ) -> PageMeta {
        let url = page.url(self.site);
        PageMeta {
            permalink: [self.base.as_str(), url.as_str()].concat(),
            url: self.link(&url),
            title,
            description,
            kind,
            jsonld: None,
        }
    }

    /// Renders one page.
    pub fn render(&self, page: &Page) -> Result<Output> {
        let site = self.site;
        let bytes = match *page {
            Page::Article(i) => self.article(page, i)?,
            Page::Redirect(r) => {
                let target = &site.articles[site.redirects[r].article];
                let meta = self.meta(
                    page,
                    target.headline().to_string(),
                    String::new(),
                    "redirect",
                );
                let absolute = [self.base.as_str(), target.url.as_str()].concat();
                // A page opened from disk follows a relative link, not the server's URL.
                let view = RedirectView {
                    target: if site.config.relative_urls {
                        self.link(&target.url)
                    } else {
                        absolute.clone()
                    },
                };
                let mut meta = meta;
                meta.permalink = absolute;
                self.tpl("redirect.html", &self.context(meta, &view)?)?
            }
            Page::Person { person, page: n } => self.person(page, person, n)?,
            Page::PersonFeed(p) => self.person_feed(p).into_bytes(),
            Page::PeopleIndex => self.people_index(page)?,
            Page::PeopleInitial(c) => self.people_initial(page, c)?,
            Page::Home(n) => {
                let arts: Vec<usize> = (0..site.articles.len()).collect();
                let title = if n == 1 {
                    site.config.title.clone()
                } else {
                    format!("Latest news, page {n}")
                };
                self.list(
                    page,
                    "home",
                    title,
                    &arts,
                    n,
                    site.config.paginate_by,
                    Page::Home,
                )?
            }
            Page::Year(y) => self.year(page, y)?,
            Page::Month {
                year,
                month,
                page: n,
            } => {
                let y = &site.years[year];
                let m = &y.months[month];
                let title = format!("{} {}", MONTHS[m.month as usize - 1], y.year);
                self.list(page, "month", title, &m.articles, n, LIST_PAGE_SIZE, |k| {
                    Page::Month {
                        year,
                        month,
                        page: k,
                    }
                })?
            }
            Page::Undated(n) => self.list(
                page,
                "undated",
                "Undated articles".into(),
                &site.undated,
                n,
                LIST_PAGE_SIZE,
                Page::Undated,
            )?,
            Page::Archive => {
                let view = ArchiveView {
                    years: site
                        .years
                        .iter()
                        .enumerate()
                        .map(|(yi, y)| ArchiveYear {
                            year: y.year,
                            url: self.link(&Page::Year(yi).url(site)),
                            count: y.count,
                            months: y
                                .months
                                .iter()
                                .enumerate()
                                .rev()
                                .map(|(mi, m)| ArchiveMonth {
                                    name: MONTHS[m.month as usize - 1],
                                    url: self.link(
                                        &Page::Month {
                                            year: yi,
                                            month: mi,
                                            page: 1,
                                        }
                                        .url(site),
                                    ),
                                    count: m.articles.len(),
                                })
                                .collect(),
                        })
                        .collect(),
                    undated: site.undated.len(),
                };
                let meta = self.meta(
                    page,
                    "Archive".into(),
                    format!("Every year and month of {}.", site.config.title),
                    "archive",
                );
                self.tpl("archive.html", &self.context(meta, &view)?)?
            }
            Page::Corrections => {
                let items: Vec<CorrectionView> = site
                    .corrections
                    .iter()
                    .map(|&(a, c)| -> Result<CorrectionView> {
                        let note = &site.articles[a].rec.corrections[c];
                        Ok(CorrectionView {
                            date: note.date.to_string(),
                            date_display: display_date(note.date),
                            text: &note.text,
                            article: self.card_in("corrections.html", a, 3)?,
                        })
                    })
                    .collect::<Result<_>>()?;
                let meta = self.meta(
                    page,
                    "Corrections".into(),
                    "Corrections and clarifications published in this archive.".into(),
                    "corrections",
                );
                self.tpl(
                    "corrections.html",
                    &self.context(meta, &CorrectionsView { corrections: items })?,
                )?
            }
            Page::NotFound => {
                let meta = self.meta(page, "Page not found".into(), String::new(), "404");
                self.tpl("404.html", &self.context(meta, &Empty {})?)?
            }
            Page::Feed => {
                let entries: Vec<xml::Entry> = site
                    .articles
                    .iter()
                    .take(FEED_SIZE)
                    .map(|a| self.entry(a, true))
                    .collect();
                xml::atom(
                    &site.config.title,
                    &format!("{}atom.xml", self.base),
                    &self.base,
                    &entries,
                )
                .into_bytes()
            }
            Page::SitemapIndex => {
                let n = self.sitemap_urls().len().div_ceil(xml::SITEMAP_LIMIT);
                let files: Vec<String> = (1..=n)
                    .map(|k| format!("{}sitemap-{k}.xml", self.base))
                    .collect();
                xml::sitemap_index(&files).into_bytes()
            }
            Page::Sitemap(n) => {
                let urls = self.sitemap_urls();
                let chunk = if n == 0 {
                    urls
                } else {
                    let lo = (n - 1) * xml::SITEMAP_LIMIT;
                    let hi = (lo + xml::SITEMAP_LIMIT).min(urls.len());
                    &urls[lo..hi]
                };
                xml::sitemap(chunk).into_bytes()
            }
            Page::Robots => format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
                self.base
            )
            .into_bytes(),
            Page::Asset(i) => templates::ASSETS[i].1.as_bytes().to_vec(),
            Page::Search => {
                let meta = self.meta(
                    page,
                    "Search".into(),
                    format!(
                        "Search {} articles and {} people.",
                        site.articles.len(),
                        site.people.len()
                    ),
                    "search",
                );
                let view = SearchView {
                    index_url: self.link("search/"),
                    script: self.link("assets/search.js"),
                };
                self.tpl("search.html", &self.context(meta, &view)?)?
            }
            Page::SearchMeta => {
                serde_json::to_vec(&self.search.meta(site.articles.len())).expect("meta serialises")
            }
            Page::SearchShard(k) => self.search.shard_json(&k),
            Page::SearchDocs(n) => self.search.docs_json(n),
        };
        let path = page.file(site);
        let bytes = if site.config.relative_urls && path.ends_with(".html") {
            relative::rewrite(&bytes, &path, &self.base_path)
        } else {
            bytes
        };
        Ok(Output { path, bytes })
    }

    fn entry(&self, a: &'a crate::site::Article, content: bool) -> xml::Entry<'a> {
        xml::Entry {
            title: a.headline(),
            url: [self.base.as_str(), a.url.as_str()].concat(),
            date: a.rec.date,
            updated: a.rec.updated,
            authors: a
                .byline
                .iter()
                .map(|&p| self.site.people[p].name.as_str())
                .collect(),
            summary: &a.rec.summary,
            content_html: content.then(|| html::body_html(&a.rec, self.site.config.allow_html)),
        }
    }

    fn article_strings(&self, i: usize) -> &ArticleStrings {
        self.article_strings[i].get_or_init(|| {
            let a = &self.site.articles[i];
            ArticleStrings {
                url: self.link(&a.url),
                date: a.rec.date.map(|d| d.to_string()),
                date_display: a.rec.date.map(display_date),
            }
        })
    }

    /// The card of article `i` as `template` gets it: with the fields it can name.
    fn card_in(&self, template: &str, i: usize, level: u8) -> Result<Card<'_>> {
        let mut card = self.card(i, level)?;
        card.shown = self.card_fields(template);
        Ok(card)
    }

    /// The card fields `template` can name.
    fn card_fields(&self, template: &str) -> CardFields {
        match self.asks.cards.iter().find(|(t, _)| *t == template) {
            Some(&(_, f)) => f,
            None => CardFields::of(&self.names, template),
        }
    }

    /// A short view of an article for lists, with its `card.html` markup at heading
    /// `level` (2 or 3; any other level leaves `html` empty).
    pub fn card(&self, i: usize, level: u8) -> Result<Card<'_>> {
        let a = &self.site.articles[i];
        let strings = self.article_strings(i);
        let mut card = Card {
            title: a.headline(),
            url: &strings.url,
            date: strings.date.as_deref(),
            date_display: strings.date_display.as_deref(),
            summary: &a.rec.summary,
            source: a.rec.source.as_deref(),
            dateline: a.rec.dateline.as_deref(),
            byline: a.byline.iter().map(|&p| self.person_link(p)).collect(),
            html: "",
            shown: CardFields::ALL,
        };
        if let Some(slot) = level
            .checked_sub(2)
            .filter(|&l| l < 2)
            .and_then(|l| self.cards[i].get(if self.card_levels { l as usize } else { 0 }))
        {
            if let Some(h) = slot.get() {
                card.html = h;
            } else {
                let mut ctx = Context::new();
                ctx.insert_shared("site", self.site_view.clone());
                ctx.insert("a", &card);
                ctx.insert("level", &level);
                let html = self
                    .tera
                    .render("card.html", &ctx)
                    .map_err(|e| anyhow!("{}", templates::describe(&e)))?;
                card.html = slot.get_or_init(|| html);
            }
        }
        Ok(card)
    }

    /// The cards of articles `ids` as `template` gets them (see [`Renderer::card_in`]).
    fn cards(&self, template: &str, ids: &[usize], level: u8) -> Result<Vec<Card<'_>>> {
        let shown = self.card_fields(template);
        ids.iter()
            .map(|&i| {
                let mut card = self.card(i, level)?;
                card.shown = shown;
                Ok(card)
            })
            .collect()
    }

    fn person_url(&self, p: usize) -> &str {
        self.person_urls[p].get_or_init(|| self.link(&self.site.people[p].url))
    }

    fn person_link(&self, p: usize) -> Link<'_> {
        Link {
            name: &self.site.people[p].name,
            url: self.person_url(p),
        }
    }

    fn pagination(&self, current: usize, total: usize, at: impl Fn(usize) -> Page) -> Pagination {
        let url = |n: usize| self.link(&at(n).url(self.site));
        let mut numbers: Vec<usize> = vec![1, total];
        numbers.extend(current.saturating_sub(2).max(1)..=(current + 2).min(total));
        numbers.sort_unstable();
        numbers.dedup();
        Pagination {
            current,
            total,
            prev_url: (current > 1).then(|| url(current - 1)),
            next_url: (current < total).then(|| url(current + 1)),
            pages: numbers
                .into_iter()
                .map(|n| PageLink {
                    number: n,
                    url: url(n),
                    current: n == current,
                })
                .collect(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn list(
        &self,
        page: &Page,
        kind: &'static str,
        title: String,
        items: &[usize],
        n: usize,
        per: usize,
        at: impl Fn(usize) -> Page,
    ) -> Result<Vec<u8>> {
        let total = pages_for(items.len(), per);
        let lo = ((n - 1) * per).min(items.len());
        let hi = (lo + per).min(items.len());
        let view = ListView {
            heading: title.clone(),
            articles: self.cards("list.html", &items[lo..hi], 2)?,
            pagination: self.pagination(n, total, at),
            total: items.len(),
        };
        let desc = self.site.config.description.clone();
        let meta = self.meta(page, title, desc, kind);
        self.tpl("list.html", &self.context(meta, &view)?)
    }

    fn year(&self, page: &Page, y: usize) -> Result<Vec<u8>> {
        let year = &self.site.years[y];
        let view = YearView {
            year: year.year,
            count: year.count,
            months: year
                .months
                .iter()
                .enumerate()
                .map(|(mi, m)| -> Result<MonthView> {
                    Ok(MonthView {
                        name: MONTHS[m.month as usize - 1],
                        url: self.link(
                            &Page::Month {
                                year: y,
                                month: mi,
                                page: 1,
                            }
                            .url(self.site),
                        ),
                        count: m.articles.len(),
                        articles: self.cards(
                            "year.html",
                            &m.articles[..m.articles.len().min(5)],
                            3,
                        )?,
                    })
                })
                .collect::<Result<_>>()?,
            newer: y.checked_sub(1).map(|k| self.year_link(k)),
            older: (y + 1 < self.site.years.len()).then(|| self.year_link(y + 1)),
        };
        let meta = self.meta(
            page,
            format!("{}", year.year),
            format!("{} articles from {}.", year.count, year.year),
            "year",
        );
        self.tpl("year.html", &self.context(meta, &view)?)
    }

    fn year_link(&self, y: usize) -> YearLink {
        YearLink {
            year: self.site.years[y].year,
            url: self.link(&Page::Year(y).url(self.site)),
            count: self.site.years[y].count,
        }
    }

    fn article(&self, page: &Page, i: usize) -> Result<Vec<u8>> {
        let site = self.site;
        let a = &site.articles[i];
        let people: Vec<ArticlePersonView> = a
            .people
            .iter()
            .map(|ap| {
                let p = &site.people[ap.person];
                ArticlePersonView {
                    name: &p.name,
                    url: self.person_url(ap.person),
                    roles: &ap.roles,
                    age: ap.age,
                }
            })
            .collect();
        let quotes: Vec<QuoteView> = a
            .rec
            .quotes
            .iter()
            .take(if self.asks.article_quotes {
                usize::MAX
            } else {
                0
            })
            .zip(&a.quote_speakers)
            .map(|(q, s)| QuoteView {
                text: &q.text,
                speaker: s.map(|p| self.person_link(p)),
                speaker_name: q.speaker.as_deref(),
                article: None,
            })
            .collect();
        let view = ArticleView {
            article: ArticleDetail {
                title: a.headline(),
                original_title: a.rec.display_title.as_ref().map(|_| a.rec.title.as_str()),
                url: self.link(&a.url),
                date: a.rec.date.map(|d| d.to_string()),
                date_display: a.rec.date.map(display_date),
                updated: a.rec.updated.map(|d| d.to_string()),
                updated_display: a.rec.updated.map(display_date),
                source: a.rec.source.as_deref(),
                dateline: a.rec.dateline.as_deref(),
                byline: a.byline.iter().map(|&p| self.person_link(p)).collect(),
                contributors: a
                    .contributors
                    .iter()
                    .map(|&p| self.person_link(p))
                    .collect(),
                summary: &a.rec.summary,
                summary_is_lead: a.rec.summary_is_lead,
                body_html: html::body_html(&a.rec, site.config.allow_html),
                word_count: a.rec.word_count,
                tags: &a.rec.tags,
                people,
                quotes,
                corrections: a
                    .rec
                    .corrections
                    .iter()
                    .map(|c| CorrectionNote {
                        date: c.date.to_string(),
                        date_display: display_date(c.date),
                        text: &c.text,
                    })
                    .collect(),
                extra: &a.rec.extra,
            },
            prev: a
                .prev
                .filter(|_| self.asks.article_prev)
                .map(|k| self.card_in("article.html", k, 0))
                .transpose()?,
            next: a
                .next
                .filter(|_| self.asks.article_next)
                .map(|k| self.card_in("article.html", k, 0))
                .transpose()?,
            related: if self.asks.article_related {
                self.cards("article.html", site.related(i), 3)?
            } else {
                Vec::new()
            },
        };
        let mut meta = self.meta(
            page,
            a.headline().to_string(),
            a.rec.summary.clone(),
            "article",
        );
        if self.asks.article_jsonld {
            meta.jsonld = Some(html::json_for_script(
                &self.article_jsonld(i, &meta.permalink),
            ));
        }
        self.tpl("article.html", &self.context(meta, &view)?)
    }

    fn article_jsonld(&self, i: usize, permalink: &str) -> serde_json::Value {
        let site = self.site;
        let a = &site.articles[i];
        let person = |p: usize| {
            serde_json::json!({
                "@type": "Person",
                "name": site.people[p].name,
                "url": ([self.base.as_str(), site.people[p].url.as_str()].concat()),
            })
        };
        let mut v = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.headline(),
            "url": permalink,
            "mainEntityOfPage": permalink,
            "author": a.byline.iter().map(|&p| person(p)).collect::<Vec<_>>(),
            "mentions": a.people.iter().map(|ap| person(ap.person)).collect::<Vec<_>>(),
            "publisher": {"@type": "Organization", "name": a.rec.source.as_deref().unwrap_or(&site.config.title)},
        });
        if !a.rec.summary.is_empty() {
            v["description"] = a.rec.summary.clone().into();
        }
        if let Some(d) = a.rec.date {
            v["datePublished"] = a
                .rec
                .datetime
                .map_or_else(|| d.to_string(), |t| t.to_rfc3339())
                .into();
            v["dateModified"] = a.rec.updated.unwrap_or(d).to_string().into();
        }
        if !a.rec.corrections.is_empty() {
            v["correction"] = a
                .rec
                .corrections
                .iter()
                .map(|c| {
                    serde_json::json!({"@type": "CorrectionComment", "text": c.text,
                        "datePublished": c.date.to_string()})
                })
                .collect::<Vec<_>>()
                .into();
        }
        v
    }

    fn person(&self, page: &Page, pi: usize, n: usize) -> Result<Vec<u8>> {
        let site = self.site;
        let p = &site.people[pi];
        let total = pages_for(p.mentioned_in.len().max(p.bylines.len()), LIST_PAGE_SIZE);
        let slice = |v: &[usize]| -> Result<Vec<Card>> {
            let lo = ((n - 1) * LIST_PAGE_SIZE).min(v.len());
            let hi = (lo + LIST_PAGE_SIZE).min(v.len());
            self.cards("person.html", &v[lo..hi], 3)
        };
        let quotes: Vec<QuoteView> = if n == 1 && self.asks.person_quotes {
            p.quotes
                .iter()
                .take(20)
                .map(|&(a, q)| -> Result<QuoteView> {
                    Ok(QuoteView {
                        text: &site.articles[a].rec.quotes[q].text,
                        speaker: None,
                        speaker_name: None,
                        article: Some(self.card_in("person.html", a, 0)?),
                    })
                })
                .collect::<Result<_>>()?
        } else {
            Vec::new()
        };
        let (timeline, timeline_svg) = if n == 1 && self.asks.person_timeline {
            self.timeline(pi)
        } else {
            (Vec::new(), String::new())
        };
        let view = PersonView {
            timeline,
            timeline_svg,
            person: PersonDetail {
                name: &p.name,
                url: self.link(&p.url),
                feed_url: site
                    .config
                    .outputs
                    .person_feeds
                    .then(|| self.link(&format!("{}atom.xml", p.url))),
                aliases: &p.aliases,
                roles: p
                    .roles
                    .iter()
                    .map(|r| RoleView {
                        role: &r.role,
                        first: r.first.map(display_date),
                        last: r.last.map(display_date),
                    })
                    .collect(),
                bio: p.bio.as_deref(),
                ages: &p.ages,
                mentions: p.mentions,
                article_count: p.mentioned_in.len(),
                byline_count: p.bylines.len(),
                written_count: p.written,
                first: p.first.map(display_date),
                last: p.last.map(display_date),
            },
            mentioned_in: slice(&p.mentioned_in)?,
            bylines: slice(&p.bylines)?,
            pagination: self.pagination(n, total, |k| Page::Person {
                person: pi,
                page: k,
            }),
            comentions: p
                .comentions
                .iter()
                .take(if self.asks.person_comentions {
                    usize::MAX
                } else {
                    0
                })
                .map(|&(o, count)| CoMention {
                    name: &site.people[o].name,
                    url: self.person_url(o),
                    count,
                })
                .collect(),
            quotes,
        };
        let desc = match (p.mentioned_in.len(), p.bylines.len()) {
            (m, 0) => format!("{} in the archive: mentioned in {m} articles.", p.name),
            (0, b) => format!("{} in the archive: {b} articles.", p.name),
            (m, b) => format!(
                "{} in the archive: {b} articles by, mentioned in {m}.",
                p.name
            ),
        };
        let title = if n == 1 {
            p.name.clone()
        } else {
            format!("{}, page {n}", p.name)
        };
        let mut meta = self.meta(page, title, desc, "person");
        if self.asks.person_jsonld {
            meta.jsonld = Some(self.person_jsonld(pi));
        }
        self.tpl("person.html", &self.context(meta, &view)?)
    }

    fn person_jsonld(&self, pi: usize) -> String {
        let p = &self.site.people[pi];
        let mut ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Person",
            "name": p.name,
            "url": ([self.base.as_str(), p.url.as_str()].concat()),
        });
        if !p.aliases.is_empty() {
            ld["alternateName"] = p.aliases.clone().into();
        }
        if let Some(r) = p.roles.first() {
            ld["jobTitle"] = r.role.clone().into();
        }
        if let Some(b) = &p.bio {
            ld["description"] = b.clone().into();
        }
        html::json_for_script(&ld)
    }

    /// The person's articles per month: rows for the text table and the SVG chart.
    fn timeline(&self, pi: usize) -> (Vec<TimelineRow>, String) {
        let p = &self.site.people[pi];
        let mut ids: Vec<usize> = p.mentioned_in.iter().chain(&p.bylines).copied().collect();
        ids.sort_unstable();
        ids.dedup();
        let dates: Vec<chrono::NaiveDate> = ids
            .iter()
            .filter_map(|&i| self.site.articles[i].rec.date)
            .collect();
        let buckets = timeline::buckets(&dates);
        let svg = timeline::svg(
            &buckets,
            &format!(
                "Articles with {} per {}",
                p.name,
                if buckets.first().is_some_and(|b| b.month == 0) {
                    "year"
                } else {
                    "month"
                }
            ),
        );
        let rows = buckets
            .into_iter()
            .filter(|b| b.count > 0)
            .map(|b| TimelineRow {
                url: if !self.site.config.outputs.date_archives {
                    None
                } else if b.month == 0 {
                    Some(self.link(&format!("{}/", b.year)))
                } else {
                    Some(self.link(&format!("{}/{:02}/", b.year, b.month)))
                },
                label: b.label,
                key: b.key,
                count: b.count,
            })
            .collect();
        (rows, svg)
    }

    fn person_feed(&self, pi: usize) -> String {
        let p = &self.site.people[pi];
        let mut ids: Vec<usize> = p.mentioned_in.iter().chain(&p.bylines).copied().collect();
        ids.sort_unstable();
        ids.dedup();
        let entries: Vec<xml::Entry> = ids
            .iter()
            .take(PERSON_FEED_SIZE)
            .map(|&i| self.entry(&self.site.articles[i], false))
            .collect();
        xml::atom(
            &format!("{} — {}", p.name, self.site.config.title),
            &format!("{}{}atom.xml", self.base, p.url),
            &[self.base.as_str(), p.url.as_str()].concat(),
            &entries,
        )
    }

    fn person_row(&self, pi: usize) -> PersonRow<'_> {
        let p = &self.site.people[pi];
        PersonRow {
            name: &p.name,
            url: self.person_url(pi),
            count: p.mentioned_in.len(),
            bylines: p.bylines.len(),
            role: p.roles.first().map(|r| r.role.as_str()),
        }
    }

    /// The [`MOST_MENTIONED`] people in the most articles, most first, ties in index
    /// order; none when the archive has no more people than that.
    fn most_mentioned(&self) -> Vec<PersonRow<'_>> {
        let people = &self.site.people;
        if people.len() <= MOST_MENTIONED {
            return Vec::new();
        }
        let mut order: Vec<usize> = (0..people.len()).collect();
        let key = |&i: &usize| (std::cmp::Reverse(people[i].mentioned_in.len()), i);
        order.select_nth_unstable_by_key(MOST_MENTIONED - 1, key);
        order.truncate(MOST_MENTIONED);
        order.sort_unstable_by_key(key);
        order.into_iter().map(|i| self.person_row(i)).collect()
    }

    fn initials(&self) -> Vec<InitialLink> {
        let split = self.site.people.len() > PEOPLE_SINGLE_PAGE_LIMIT;
        let mut out: Vec<InitialLink> = Vec::new();
        for p in &self.site.people {
            match out.last_mut() {
                Some(l) if l.letter == p.initial.to_string() => l.count += 1,
                _ => out.push(InitialLink {
                    letter: p.initial.to_string(),
                    url: if split {
                        self.link(&Page::PeopleInitial(p.initial).url(self.site))
                    } else {
                        format!("#initial-{}", initial_segment(p.initial))
                    },
                    anchor: format!("initial-{}", initial_segment(p.initial)),
                    count: 1,
                }),
            }
        }
        out
    }

    fn people_index(&self, page: &Page) -> Result<Vec<u8>> {
        let split = self.site.people.len() > PEOPLE_SINGLE_PAGE_LIMIT;
        let initials = self.initials();
        let groups = if split {
            Vec::new()
        } else {
            let mut groups: Vec<PeopleGroup> = Vec::new();
            for (i, p) in self.site.people.iter().enumerate() {
                if groups.last().map(|g| g.letter.as_str()) != Some(&p.initial.to_string()) {
                    groups.push(PeopleGroup {
                        letter: p.initial.to_string(),
                        anchor: format!("initial-{}", initial_segment(p.initial)),
                        people: Vec::new(),
                    });
                }
                groups.last_mut().unwrap().people.push(self.person_row(i));
            }
            groups
        };
        let view = PeopleView {
            heading: "People".into(),
            total: self.site.people.len(),
            initials,
            groups,
            split,
            most_mentioned: self.most_mentioned(),
        };
        let meta = self.meta(
            page,
            "People".into(),
            format!(
                "Everyone in the archive, A–Z: {} people.",
                self.site.people.len()
            ),
            "people",
        );
        self.tpl("people.html", &self.context(meta, &view)?)
    }

    fn people_initial(&self, page: &Page, c: char) -> Result<Vec<u8>> {
        let rows: Vec<PersonRow> = (0..self.site.people.len())
            .filter(|&i| self.site.people[i].initial == c)
            .map(|i| self.person_row(i))
            .collect();
        let view = PeopleView {
            heading: format!("People: {c}"),
            total: rows.len(),
            initials: self.initials(),
            groups: vec![PeopleGroup {
                letter: c.to_string(),
                anchor: format!("initial-{}", initial_segment(c)),
                people: rows,
            }],
            split: true,
            most_mentioned: Vec::new(),
        };
        let meta = self.meta(page, format!("People: {c}"), String::new(), "people");
        self.tpl("people.html", &self.context(meta, &view)?)
    }
}

#[derive(Serialize)]
struct Empty {}
