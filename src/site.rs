//! Assembly: loaded records → an immutable [`Site`] with people and indexes.
//!
//! Everything a page needs is computed here once (URLs, people identities across the
//! archive, neighbours, related articles, date archives), so rendering is a pure,
//! parallel function of `&Site`.

use std::collections::{BTreeMap, HashMap};

/// Hash map with a fast hasher for the short name keys of people resolution.
type FxMap<K, V> = HashMap<K, V, crate::extract::people::tagger::FxBuild>;
type FxSet<K> = std::collections::HashSet<K, crate::extract::people::tagger::FxBuild>;

use chrono::{Datelike, NaiveDate};

use crate::config::Config;
use crate::extract::people::resolve::same_role;
use crate::model::{PersonRef, Record};
use crate::registry::{norm, Registry};
use crate::slug::slugify;

/// A person as they enter one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticlePerson {
    /// Index into [`Site::people`].
    pub person: usize,
    pub roles: Vec<String>,
    pub age: Option<u32>,
}

/// One published article with everything its page needs.
#[derive(Debug, Clone)]
pub struct Article {
    pub rec: Record,
    /// Site-relative URL path, e.g. `2022/08/04/talks/` (no leading slash).
    pub url: String,
    /// People mentioned (not bylines), in order of first mention.
    pub people: Vec<ArticlePerson>,
    pub byline: Vec<usize>,
    pub contributors: Vec<usize>,
    /// Older neighbour by date.
    pub prev: Option<usize>,
    /// Newer neighbour by date.
    pub next: Option<usize>,
    /// Up to five articles sharing the most people: see [`Site::related`], which works
    /// them out the first time a page asks (a site whose templates show no related
    /// articles never pays for them).
    pub related: std::sync::OnceLock<Vec<usize>>,
    /// Speaker person index for each of `rec.quotes`.
    pub quote_speakers: Vec<Option<usize>>,
}

impl Article {
    /// The headline to show: the readable form of an ALL-CAPS wire headline, else the title.
    pub fn headline(&self) -> &str {
        self.rec.display_title.as_deref().unwrap_or(&self.rec.title)
    }
}

/// A role a person was given, with the first and last dates it was used.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleSeen {
    pub role: String,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

/// One person across the whole archive.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub slug: String,
    /// `people/{slug}/`.
    pub url: String,
    /// Other forms of the name used anywhere, sorted.
    pub aliases: Vec<String>,
    pub roles: Vec<RoleSeen>,
    pub bio: Option<String>,
    /// Articles mentioning the person, newest first (indexes into [`Site::articles`]).
    pub mentioned_in: Vec<usize>,
    /// Articles with the person in the byline or contributors, newest first.
    pub bylines: Vec<usize>,
    /// How many of [`Person::bylines`] have the person in the byline (the others among
    /// the contributors).
    pub written: usize,
    /// Total mentions over all articles.
    pub mentions: u32,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// People most often mentioned in the same articles: (person, shared articles).
    pub comentions: Vec<(usize, u32)>,
    /// Quotes attributed to the person: (article, quote index in that article).
    pub quotes: Vec<(usize, usize)>,
    pub ages: Vec<u32>,
    /// Sort key for the A–Z index (surname first).
    pub sort_key: String,
    /// Index letter: `A`–`Z`, or `#` for anything else.
    pub initial: char,
}

/// Articles of one month.
#[derive(Debug, Clone)]
pub struct Month {
    pub month: u32,
    /// Newest first.
    pub articles: Vec<usize>,
}

/// Articles of one year, by month (newest month first).
#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    pub months: Vec<Month>,
    pub count: usize,
}

/// A redirect from an old URL to an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    /// Site-relative output file, e.g. `old/path/index.html`.
    pub file: String,
    pub article: usize,
}

/// The whole archive, ready to render. Immutable once assembled.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Newest first; undated articles last, by slug.
    pub articles: Vec<Article>,
    /// Sorted by `sort_key`.
    pub people: Vec<Person>,
    pub years: Vec<Year>,
    /// Undated articles (indexes), by slug.
    pub undated: Vec<usize>,
    pub redirects: Vec<Redirect>,
    /// Articles with corrections: (article, correction index), newest correction first.
    pub corrections: Vec<(usize, usize)>,
    /// Problems found while assembling (URL clashes, copies, bad aliases).
    pub warnings: Vec<String>,
    /// Source paths of the articles whose URL another article also wanted: the one that
    /// kept it, the ones renamed and the copies left out. An edit of one of their bodies
    /// can make or undo a copy, so it needs the site assembled again.
    pub url_clashes: std::collections::HashSet<String>,
    /// Names the archive takes for titles of works or groups, not people
    /// ([`titles_not_people`]), as first written, A–Z: for `dateline people`.
    pub titles: Vec<String>,
}

impl Site {
    /// Up to five articles sharing the most people with article `i`, most shared first,
    /// then nearest in time. Worked out on first use and kept (see [`Article::related`]).
    pub fn related(&self, i: usize) -> &[usize] {
        self.articles[i].related.get_or_init(|| related(self, i))
    }
}

/// Articles near in time to article `i` for each of its people: how many people each
/// shares with it, so that very prolific people do not make this quadratic.
const RELATED_WINDOW: usize = 50;

/// [`Site::related`], computed.
fn related(site: &Site, i: usize) -> Vec<usize> {
    // Shared people per neighbour: every neighbour once per shared person, sorted, then
    // counted in runs (cheaper than a hash map).
    let mut near: Vec<usize> = Vec::new();
    for ap in &site.articles[i].people {
        let list = &site.people[ap.person].mentioned_in;
        let pos = list.binary_search(&i).unwrap_or_else(|p| p);
        let lo = pos.saturating_sub(RELATED_WINDOW);
        let hi = (pos + RELATED_WINDOW + 1).min(list.len());
        near.extend(list[lo..hi].iter().filter(|&&j| j != i));
    }
    near.sort_unstable();
    let mut v: Vec<(usize, u32)> = Vec::new();
    for j in near {
        match v.last_mut() {
            Some(last) if last.0 == j => last.1 += 1,
            _ => v.push((j, 1)),
        }
    }
    v.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.abs_diff(i).cmp(&b.0.abs_diff(i)))
            .then_with(|| a.0.cmp(&b.0))
    });
    // Not `into_iter().map().collect()`: that reuses `v`'s allocation, and 100,000
    // five-item lists would each keep hundreds of slots.
    let mut top = Vec::with_capacity(5);
    top.extend(v.iter().take(5).map(|x| x.0));
    top
}

/// Sort key of an article: newest first, then stable by slug and path.
fn article_order(a: &Record, b: &Record) -> std::cmp::Ordering {
    match (a.date, b.date) {
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        _ => b
            .date
            .cmp(&a.date)
            .then_with(|| b.datetime.cmp(&a.datetime))
            .then_with(|| a.slug.cmp(&b.slug))
            .then_with(|| a.path.cmp(&b.path)),
    }
}

/// Expands the permalink pattern for a dated article.
pub fn permalink(pattern: &str, date: Option<NaiveDate>, slug: &str) -> String {
    use std::fmt::Write;
    let mut path = String::with_capacity(pattern.len() + slug.len() + 8);
    match date {
        // One pass over the pattern; the slug goes in as it is (a `{year}` in a slug
        // stays text).
        Some(d) => {
            let mut rest = pattern;
            while let Some(open) = rest.find('{') {
                path.push_str(&rest[..open]);
                let tail = &rest[open..];
                // Writing into a `String` cannot fail.
                let token_len = if tail.starts_with("{year}") {
                    let _ = write!(path, "{:04}", d.year());
                    6
                } else if tail.starts_with("{month}") {
                    let _ = write!(path, "{:02}", d.month());
                    7
                } else if tail.starts_with("{day}") {
                    let _ = write!(path, "{:02}", d.day());
                    5
                } else if tail.starts_with("{slug}") {
                    path.push_str(slug);
                    6
                } else {
                    path.push('{');
                    1
                };
                rest = &tail[token_len..];
            }
            path.push_str(rest);
        }
        None => {
            path.push_str("undated/");
            path.push_str(slug);
            path.push('/');
        }
    }
    // Empty, `.` and `..` segments are dropped: a URL stays inside the site.
    let mut out = String::with_capacity(path.len() + 1);
    for seg in path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
    {
        out.push_str(seg);
        out.push('/');
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Turns an alias (old URL) into a safe output file under the site root, or `None` if
/// it cannot be one (it tries to leave the site, or is empty).
pub fn alias_file(alias: &str) -> Option<String> {
    let path = alias.split(['?', '#']).next().unwrap_or("");
    let path = path
        .strip_prefix("http://")
        .or_else(|| path.strip_prefix("https://"))
        .map_or(path, |rest| rest.find('/').map_or("", |i| &rest[i..]));
    let mut parts = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) || s.chars().any(char::is_control) => return None,
            s => parts.push(s),
        }
    }
    let last = parts.last()?;
    if last.ends_with(".html") || last.ends_with(".htm") {
        Some(parts.join("/"))
    } else {
        Some(format!("{}/index.html", parts.join("/")))
    }
}

/// Whether `b` is a copy of `a`: every field the same but the file it came from, the
/// warnings about that file and the slug (which assembly numbers when URLs clash).
/// Written out field by field, so that a new field of [`Record`] does not compile until
/// it is decided here.
fn is_copy(a: &Record, b: &Record) -> bool {
    let Record {
        path: _,
        title,
        display_title,
        slug: _,
        date,
        datetime,
        updated,
        date_source,
        dateline,
        source,
        byline,
        contributors,
        summary,
        summary_is_lead,
        body,
        body_format,
        body_html,
        paragraphs,
        word_count,
        people,
        works,
        quotes,
        tags,
        draft,
        aliases,
        corrections,
        extra,
        warnings: _,
    } = b;
    a.title == *title
        && a.display_title == *display_title
        && a.date == *date
        && a.datetime == *datetime
        && a.updated == *updated
        && a.date_source == *date_source
        && a.dateline == *dateline
        && a.source == *source
        && a.byline == *byline
        && a.contributors == *contributors
        && a.summary == *summary
        && a.summary_is_lead == *summary_is_lead
        && a.body == *body
        && a.body_format == *body_format
        && a.body_html == *body_html
        && a.paragraphs == *paragraphs
        && a.word_count == *word_count
        && a.people == *people
        && a.works == *works
        && a.quotes == *quotes
        && a.tags == *tags
        && a.draft == *draft
        && a.aliases == *aliases
        && a.corrections == *corrections
        && a.extra == *extra
}

/// Builds the site from loaded records. Drafts are left out unless `drafts`. An article
/// that is a copy of another (see [`is_copy`]) is left out with a warning.
pub fn assemble(config: Config, records: Vec<Record>, registry: &Registry, drafts: bool) -> Site {
    let mut warnings = Vec::new();
    let mut recs: Vec<Record> = records.into_iter().filter(|r| drafts || !r.draft).collect();
    use rayon::prelude::*;
    // Orders are worked out on indices (across cores) and the records moved once, into
    // their final order: a record is large, and at 100,000 articles every move of them
    // all is tens of megabytes copied into freshly faulted memory.
    let mut oldest_first: Vec<u32> = (0..recs.len() as u32).collect();
    oldest_first.par_sort_by(|&a, &b| {
        let (a, b) = (&recs[a as usize], &recs[b as usize]);
        a.date.cmp(&b.date).then_with(|| a.path.cmp(&b.path))
    });
    // Unique URLs: the older article (then the first path) keeps the plain slug. URLs
    // across cores; then, in that order, a taken one gets a numbered slug. Each URL moves
    // into `taken` (with its article's index) and back out, never copied.
    let mut urls: Vec<String> = recs
        .par_iter()
        .map(|r| permalink(&config.permalink, r.date, &r.slug))
        .collect();
    let mut taken: FxMap<String, usize> =
        FxMap::with_capacity_and_hasher(recs.len(), Default::default());
    // Copies (the same article in two files) can only meet here: the same title and
    // date make the same URL. The first path is kept; the others are left out.
    let mut copies: Vec<usize> = Vec::new();
    let mut url_clashes = std::collections::HashSet::new();
    'articles: for &i in &oldest_first {
        let i = i as usize;
        let mut url = std::mem::take(&mut urls[i]);
        // Past each article holding the URL, `base-2`, `base-3`…: a copy of any of them
        // is left out, else the first free one is this article's.
        let mut n = 1;
        while let Some(&j) = taken.get(&url) {
            url_clashes.insert(recs[i].path.clone());
            url_clashes.insert(recs[j].path.clone());
            if is_copy(&recs[j], &recs[i]) {
                warnings.push(format!(
                    "{}: the same article as {}; left out as a copy",
                    recs[i].path, recs[j].path
                ));
                copies.push(i);
                continue 'articles;
            }
            n += 1;
            url = permalink(
                &config.permalink,
                recs[i].date,
                &format!("{}-{n}", recs[i].slug),
            );
        }
        if n > 1 {
            let r = &mut recs[i];
            r.slug = format!("{}-{n}", r.slug);
            warnings.push(format!(
                "{}: URL already taken by another article; slug changed to `{}`",
                r.path, r.slug
            ));
        }
        taken.insert(url, i);
    }
    drop(oldest_first);
    for (url, i) in taken {
        urls[i] = url;
    }
    if !copies.is_empty() {
        let mut keep = vec![true; recs.len()];
        for i in copies {
            keep[i] = false;
        }
        let mut k = keep.iter();
        recs.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        urls.retain(|_| *k.next().unwrap_or(&true));
    }
    let mut order: Vec<u32> = (0..recs.len() as u32).collect();
    order.par_sort_by(|&a, &b| article_order(&recs[a as usize], &recs[b as usize]));
    let recs = permuted(recs, &order);
    let urls = permuted(urls, &order);

    let title_keys = titles_not_people(&recs, registry);
    let titles = title_names(&recs, &title_keys);
    let Identities { mut people, lookup } = resolve_people(&recs, registry, &title_keys);
    let ids = Lookup(lookup);

    // Each article's links to people, across cores; with it the mention counts it adds
    // to each person.
    let (mut articles, mention_counts): (Vec<Article>, Vec<Vec<(usize, u32)>>) = recs
        .into_par_iter()
        .zip(urls)
        .enumerate()
        .map(|(i, (rec, url))| {
            // Each named person resolved once, for the counts and the links.
            let found: Vec<(usize, &PersonRef)> = rec
                .people
                .iter()
                .filter_map(|p| Some((ids.find(i, &norm(&p.name))?, p)))
                .collect();
            let counts: Vec<(usize, u32)> = found
                .iter()
                .map(|&(pi, p)| (pi, p.mentions.max(1)))
                .collect();
            let mut ap: Vec<ArticlePerson> = Vec::new();
            for &(pi, p) in &found {
                if let Some(existing) = ap.iter_mut().find(|x| x.person == pi) {
                    existing.roles.extend(p.roles.iter().cloned());
                } else {
                    ap.push(ArticlePerson {
                        person: pi,
                        roles: p.roles.clone(),
                        age: p.age,
                    });
                }
            }
            let credit = |names: &[String]| -> Vec<usize> {
                let mut v: Vec<usize> =
                    names.iter().filter_map(|n| ids.find(i, &norm(n))).collect();
                v.dedup();
                v
            };
            let byline = credit(&rec.byline);
            let contributors = credit(&rec.contributors);
            let quote_speakers = rec
                .quotes
                .iter()
                .map(|q| q.speaker.as_ref().and_then(|s| ids.find(i, &norm(s))))
                .collect();
            let article = Article {
                rec,
                url,
                people: ap,
                byline,
                contributors,
                prev: None,
                next: None,
                related: std::sync::OnceLock::new(),
                quote_speakers,
            };
            (article, counts)
        })
        .unzip();

    // Per-person article lists (articles are already newest first).
    for (i, a) in articles.iter().enumerate() {
        for ap in &a.people {
            let p = &mut people[ap.person];
            p.mentioned_in.push(i);
            for role in &ap.roles {
                match p.roles.iter_mut().find(|r| same_role(&r.role, role)) {
                    Some(r) => {
                        r.first = min_date(r.first, a.rec.date);
                        r.last = r.last.max(a.rec.date);
                    }
                    None => p.roles.push(RoleSeen {
                        role: role.clone(),
                        first: a.rec.date,
                        last: a.rec.date,
                    }),
                }
            }
            if let Some(age) = ap.age {
                if !p.ages.contains(&age) {
                    p.ages.push(age);
                }
            }
        }
        // Writers first: a person both in the byline and among the contributors wrote it.
        for (k, &pi) in a.byline.iter().chain(&a.contributors).enumerate() {
            let p = &mut people[pi];
            if p.bylines.last() != Some(&i) {
                p.bylines.push(i);
                p.written += usize::from(k < a.byline.len());
            }
        }
        for (qi, s) in a.quote_speakers.iter().enumerate() {
            if let Some(pi) = *s {
                people[pi].quotes.push((i, qi));
            }
        }
    }
    for counts in &mention_counts {
        for &(pi, n) in counts {
            people[pi].mentions += n;
        }
    }
    for p in &mut people {
        let dates = p
            .mentioned_in
            .iter()
            .chain(&p.bylines)
            .filter_map(|&i| articles[i].rec.date);
        p.first = dates.clone().min();
        p.last = dates.max();
        p.roles
            .sort_by(|a, b| b.last.cmp(&a.last).then_with(|| a.role.cmp(&b.role)));
        p.ages.sort_unstable();
    }

    // Co-mentions: people sharing articles, per person across cores.
    let comentions: Vec<Vec<(usize, u32)>> = (0..people.len())
        .into_par_iter()
        .map(|pi| {
            let mut m: FxMap<usize, u32> = FxMap::default();
            for &ai in &people[pi].mentioned_in {
                for y in &articles[ai].people {
                    if y.person != pi {
                        *m.entry(y.person).or_default() += 1;
                    }
                }
            }
            let mut v: Vec<(usize, u32)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v.truncate(10);
            v.shrink_to_fit();
            v
        })
        .collect();
    for (p, v) in people.iter_mut().zip(comentions) {
        p.comentions = v;
    }

    // Neighbours by date among dated articles (index order is newest first).
    let dated: Vec<usize> = (0..articles.len())
        .filter(|&i| articles[i].rec.date.is_some())
        .collect();
    for w in dated.windows(2) {
        articles[w[0]].prev = Some(w[1]);
        articles[w[1]].next = Some(w[0]);
    }

    // People in A–Z order; indexes in articles are remapped.
    let mut order: Vec<usize> = (0..people.len()).collect();
    order.sort_by(|&a, &b| {
        people[a]
            .sort_key
            .cmp(&people[b].sort_key)
            .then_with(|| people[a].name.cmp(&people[b].name))
    });
    let mut remap = vec![0; people.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old] = new;
    }
    let mut slots: Vec<Option<Person>> = people.into_iter().map(Some).collect();
    let mut people: Vec<Person> = order.iter().map(|&o| slots[o].take().unwrap()).collect();
    for p in &mut people {
        for c in &mut p.comentions {
            c.0 = remap[c.0];
        }
    }
    for a in &mut articles {
        for ap in &mut a.people {
            ap.person = remap[ap.person];
        }
        for b in a.byline.iter_mut().chain(a.contributors.iter_mut()) {
            *b = remap[*b];
        }
        for s in a.quote_speakers.iter_mut().flatten() {
            *s = remap[*s];
        }
    }
    // Person slugs, unique in A–Z order.
    let mut used: HashMap<String, ()> = HashMap::new();
    for p in &mut people {
        let base = p.slug.clone();
        let mut n = 1;
        while used.insert(p.slug.clone(), ()).is_some() {
            n += 1;
            p.slug = format!("{base}-{n}");
        }
        p.url = format!("people/{}/", p.slug);
    }

    // Date archives.
    let mut by_year: BTreeMap<i32, BTreeMap<u32, Vec<usize>>> = BTreeMap::new();
    let mut undated = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        match a.rec.date {
            Some(d) => by_year
                .entry(d.year())
                .or_default()
                .entry(d.month())
                .or_default()
                .push(i),
            None => undated.push(i),
        }
    }
    let years = by_year
        .into_iter()
        .rev()
        .map(|(year, months)| {
            let months: Vec<Month> = months
                .into_iter()
                .rev()
                .map(|(month, articles)| Month { month, articles })
                .collect();
            let count = months.iter().map(|m| m.articles.len()).sum();
            Year {
                year,
                months,
                count,
            }
        })
        .collect();

    // Redirects from old URLs.
    let mut redirects = Vec::new();
    let own: HashMap<String, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (format!("{}index.html", a.url), i))
        .collect();
    let mut claimed: HashMap<String, usize> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        for alias in &a.rec.aliases {
            match alias_file(alias) {
                None => warnings.push(format!(
                    "{}: alias `{alias}` is not a usable URL path; ignored",
                    a.rec.path
                )),
                Some(f) if own.contains_key(&f) => warnings.push(format!(
                    "{}: alias `{alias}` is the URL of an article; ignored",
                    a.rec.path
                )),
                Some(f) => {
                    if let Some(&other) = claimed.get(&f) {
                        warnings.push(format!(
                            "{}: alias `{alias}` is also claimed by {}; ignored",
                            a.rec.path, articles[other].rec.path
                        ));
                    } else {
                        claimed.insert(f.clone(), i);
                        redirects.push(Redirect {
                            file: f,
                            article: i,
                        });
                    }
                }
            }
        }
    }
    redirects.sort_by(|a, b| a.file.cmp(&b.file));

    let mut corrections: Vec<(usize, usize)> = articles
        .iter()
        .enumerate()
        .flat_map(|(i, a)| (0..a.rec.corrections.len()).map(move |c| (i, c)))
        .collect();
    corrections.sort_by(|a, b| {
        let da = articles[a.0].rec.corrections[a.1].date;
        let db = articles[b.0].rec.corrections[b.1].date;
        db.cmp(&da).then_with(|| a.cmp(b))
    });

    Site {
        config,
        articles,
        people,
        years,
        undated,
        redirects,
        corrections,
        warnings,
        url_clashes,
        titles,
    }
}

fn min_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn count_use<'a>(v: &mut Vec<(&'a str, u32)>, key: &'a str) {
    match v.iter_mut().find(|(k, _)| *k == key) {
        Some(e) => e.1 += 1,
        None => v.push((key, 1)),
    }
}

/// The full name a single word stands for: the only candidate, or one that accounts
/// for at least nine in ten of the articles where the word was used for a full name.
fn dominant<'a>(cands: &[(&'a str, u32)]) -> Option<&'a str> {
    let total: u32 = cands.iter().map(|c| c.1).sum();
    let best = cands
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))?;
    (cands.len() == 1 || best.1 * 10 >= total * 9).then_some(best.0)
}

/// Whom a name in an article stands for (see `resolve_people`).
enum Target {
    /// Not a person (an empty name, or one the registry says is not a person).
    Skip,
    /// The person of this registry entry.
    Registry(usize),
    /// The person of another normalised name (a full name a single word stands for),
    /// or `None`: of the name itself.
    Key(Option<String>),
}

/// Result of identifying people across articles.
struct Identities {
    people: Vec<Person>,
    /// (article index, normalised name or alias used in it) → person index.
    /// Per article: normalised name or alias used in it → person index (a handful of
    /// entries each, so a list beats one map of every (article, name) pair).
    lookup: Vec<Vec<(String, usize)>>,
}

/// `items` in the order `order` gives (a permutation of their indices), each moved once.
fn permuted<T: Default>(mut items: Vec<T>, order: &[u32]) -> Vec<T> {
    order
        .iter()
        .map(|&i| std::mem::take(&mut items[i as usize]))
        .collect()
}

/// [`Identities::lookup`], once the people are taken out.
struct Lookup(Vec<Vec<(String, usize)>>);

impl Lookup {
    /// The person a normalised name stands for in article `article`.
    fn find(&self, article: usize, key: &str) -> Option<usize> {
        self.0[article].iter().find(|(k, _)| k == key).map(|x| x.1)
    }
}

/// A name as an article gives it (person, byline or contributor), with its normalised
/// forms computed once.
struct Named<'a> {
    name: &'a String,
    aliases: &'a [String],
    key: String,
    alias_keys: Vec<String>,
}

/// The names `r` gives, but for the people named like a title of the archive's
/// ([`titles_not_people`]).
fn named<'a>(r: &'a Record, titles: &FxSet<String>) -> Vec<Named<'a>> {
    let people = r
        .people
        .iter()
        .filter(|p| titles.is_empty() || !titles.contains(&norm(&p.name)))
        .map(|p| (&p.name, p.aliases.as_slice()));
    let credits = r.byline.iter().chain(&r.contributors).map(|n| (n, &[][..]));
    people
        .chain(credits)
        .map(|(name, aliases)| Named {
            name,
            aliases,
            key: norm(name),
            alias_keys: aliases.iter().map(|a| norm(a)).collect(),
        })
        .collect()
}

fn new_person(name: &str) -> Person {
    let sort_key = sort_key(name);
    let initial = sort_key
        .chars()
        .next()
        .filter(char::is_ascii_alphabetic)
        .map_or('#', |c| c.to_ascii_uppercase());
    Person {
        name: name.to_string(),
        slug: slugify(name),
        url: String::new(),
        aliases: Vec::new(),
        roles: Vec::new(),
        bio: None,
        mentioned_in: Vec::new(),
        bylines: Vec::new(),
        written: 0,
        mentions: 0,
        first: None,
        last: None,
        comentions: Vec::new(),
        quotes: Vec::new(),
        ages: Vec::new(),
        sort_key,
        initial,
    }
}

/// A–Z sort key: surname first, ASCII-folded and lowercase. The surname is the last
/// word, or the word before a generational suffix ("Ken Griffey Jr" -> "griffey ken jr"),
/// or the first of a name written family name first ("Zhao Mingyuan" -> "zhao mingyuan").
pub fn sort_key(name: &str) -> String {
    let n = norm(name);
    let words: Vec<&str> = n.split(' ').collect();
    let core = crate::extract::people::name_core(&words);
    if crate::extract::people::family_name_first(core) {
        return n;
    }
    match core.split_last() {
        Some((surname, given)) if !given.is_empty() => {
            let mut key = String::with_capacity(n.len());
            key.push_str(surname);
            for w in given.iter().chain(&words[core.len()..]) {
                key.push(' ');
                key.push_str(w);
            }
            key
        }
        _ => n,
    }
}

/// Articles that must write a name right after a noun for a made work or an
/// organisation before the archive takes it for a title ([`titles_not_people`]).
const TITLE_EVIDENCE: u32 = 2;

/// Many-word names the archive shows to be titles (a band, a film, a firm), not people's:
/// written right after a lower-case noun for a made work or an organisation ("the band
/// Tarn Static", [`Record::works`]) in at least [`TITLE_EVIDENCE`] articles, and nowhere
/// given a role or an age, credited as a writer or declared in `people.toml`. Bare
/// mentions elsewhere ("Tarn Static topped the chart") then name no one either, and
/// quotes attributed to the name none (a band speaks through a statement, and a quote
/// read as a title's is misattributed). As normalised keys.
fn titles_not_people(recs: &[Record], registry: &Registry) -> FxSet<String> {
    let mut seen: FxMap<String, u32> = FxMap::default();
    for r in recs {
        let mut keys: Vec<String> = r.works.iter().map(|w| norm(w)).collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    seen.retain(|k, n| *n >= TITLE_EVIDENCE && !registry.by_name.contains_key(k));
    if seen.is_empty() {
        return FxSet::default();
    }
    for r in recs {
        let personal = r
            .people
            .iter()
            .filter(|p| !p.roles.is_empty() || p.age.is_some())
            .map(|p| &p.name);
        for n in personal.chain(&r.byline).chain(&r.contributors) {
            seen.remove(&norm(n));
        }
    }
    seen.into_keys().collect()
}

/// The titles of `keys` as first written in the records' `works`, A–Z.
fn title_names(recs: &[Record], keys: &FxSet<String>) -> Vec<String> {
    if keys.is_empty() {
        return Vec::new();
    }
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    for w in recs.iter().flat_map(|r| &r.works) {
        if let Some(k) = keys.get(&norm(w)) {
            first.entry(k.as_str()).or_insert(w.as_str());
        }
    }
    let mut names: Vec<String> = first.into_values().map(str::to_string).collect();
    names.sort_by_key(|n| n.to_lowercase());
    names
}

/// The initial and the rest of a normalised full name that starts with one ("m horan").
fn initial(key: &str) -> Option<(&str, &str)> {
    key.split_once(' ').filter(|(f, _)| f.chars().count() == 1)
}

/// Full names written with an initial ("M Horan", "J. Doe") that stand for the one full
/// name of the archive they abbreviate ("Marcus Horan"): the same words after the
/// initial, a first word of more than one letter that starts with it, no other full name
/// like that, and someone named both in an article of the short form and in one of the
/// full name (team-mates in line-ups, colleagues in a story): an initial alone is too
/// little to tie a singer to a minister of the same surname. As normalised keys, short
/// form to full name.
fn initial_expansions<'a>(names: &'a [Vec<Named>]) -> FxMap<&'a str, &'a str> {
    // The articles of each name with an initial (most archives have few or none).
    let mut shorts: FxMap<&str, Vec<usize>> = FxMap::default();
    for (ai, art) in names.iter().enumerate() {
        for p in art.iter().filter(|p| initial(&p.key).is_some()) {
            let arts = shorts.entry(p.key.as_str()).or_default();
            if arts.last() != Some(&ai) {
                arts.push(ai);
            }
        }
    }
    let mut out = FxMap::default();
    if shorts.is_empty() {
        return out;
    }
    // The full names that end like one of them, with their articles.
    let tails: FxSet<&str> = shorts
        .keys()
        .filter_map(|k| initial(k))
        .map(|x| x.1)
        .collect();
    let mut by_tail: FxMap<&str, Vec<&str>> = FxMap::default();
    let mut fulls: FxMap<&str, Vec<usize>> = FxMap::default();
    for (ai, art) in names.iter().enumerate() {
        for p in art {
            let key = p.key.as_str();
            let Some((_, tail)) = key.split_once(' ') else {
                continue;
            };
            if initial(key).is_some() || !tails.contains(tail) {
                continue;
            }
            let arts = fulls.entry(key).or_default();
            if arts.is_empty() {
                by_tail.entry(tail).or_default().push(key);
            }
            if arts.last() != Some(&ai) {
                arts.push(ai);
            }
        }
    }
    // Everyone named in `arts` but `a` and `b`.
    let named_beside = |arts: &[usize], a: &str, b: &str| -> FxSet<&str> {
        arts.iter()
            .flat_map(|&ai| &names[ai])
            .map(|p| p.key.as_str())
            .filter(|k| *k != a && *k != b && !k.is_empty())
            .collect()
    };
    for (&short, arts) in &shorts {
        let Some((first, tail)) = initial(short) else {
            continue;
        };
        let Some(cands) = by_tail.get(tail) else {
            continue;
        };
        let mut fits = cands.iter().filter(|f| f.starts_with(first));
        let (Some(&full), None) = (fits.next(), fits.next()) else {
            continue;
        };
        let beside = named_beside(arts, short, full);
        if named_beside(&fulls[full], short, full)
            .iter()
            .any(|k| beside.contains(k))
        {
            out.insert(short, full);
        }
    }
    out
}

/// Decides which names in which articles are the same person.
///
/// Full names (two or more words) are one person per normalised form, but a name
/// written with an initial joins the one full name it abbreviates
/// ([`initial_expansions`]). A single-word name joins a full name only when that is
/// unambiguous: the word was used as an alias of exactly one full name somewhere in the
/// archive, or is the surname of exactly one full name (an initial's form not counted).
/// Otherwise it stays a person of its own. The registry overrides all of these.
/// Names the archive takes for titles ([`titles_not_people`]) are no one.
fn resolve_people(recs: &[Record], registry: &Registry, titles: &FxSet<String>) -> Identities {
    // Normalising names is most of the work: done once per name, across cores.
    use rayon::prelude::*;
    let names: Vec<Vec<Named>> = recs.par_iter().map(|r| named(r, titles)).collect();
    let expansions = initial_expansions(&names);

    // Evidence from the articles: which single words stand for which full names.
    let mut alias_of: FxMap<&str, Vec<(&str, u32)>> = FxMap::default();
    let mut surname_of: FxMap<&str, Vec<(&str, u32)>> = FxMap::default();
    let mut spelling_of: FxMap<&str, &String> = FxMap::default();
    for p in names.iter().flatten() {
        let key = p.key.as_str();
        if !key.contains(' ') {
            continue;
        }
        spelling_of.entry(key).or_insert(p.name);
        for ak in &p.alias_keys {
            if !ak.contains(' ') {
                count_use(alias_of.entry(ak).or_default(), key);
            }
        }
        if let Some(last) = crate::extract::people::archive_surname(key) {
            if !expansions.contains_key(key) {
                count_use(surname_of.entry(last).or_default(), key);
            }
        }
    }

    // Whom each name stands for, from the tables above alone: across cores.
    let targets: Vec<Vec<Target>> = names
        .par_iter()
        .map(|art| {
            art.iter()
                .map(|p| {
                    let key = &p.key;
                    if key.is_empty() || registry.not_people.contains(key) {
                        return Target::Skip;
                    }
                    let reg_hit = std::iter::once(key)
                        .chain(&p.alias_keys)
                        .find_map(|k| registry.by_name.get(k).copied());
                    if let Some(e) = reg_hit {
                        return Target::Registry(e);
                    }
                    let target = if key.contains(' ') {
                        expansions.get(key.as_str()).copied()
                    } else if registry.keep_apart.contains(key) {
                        None
                    } else {
                        match alias_of.get(key.as_str()) {
                            Some(c) => dominant(c),
                            None => surname_of.get(key.as_str()).and_then(|c| dominant(c)),
                        }
                    };
                    let target = target.filter(|t| t != key);
                    match registry.by_name.get(target.unwrap_or(key)) {
                        Some(&e) => Target::Registry(e),
                        None => Target::Key(target.map(str::to_string)),
                    }
                })
                .collect()
        })
        .collect();

    // The person of each name. People are numbered in the order the articles first
    // name them, so this pass goes in order; it only finds and creates people.
    let mut people: Vec<Person> = Vec::new();
    // The normalised name of each person, in step with `people`.
    let mut owns: Vec<String> = Vec::new();
    let mut by_key: FxMap<&str, usize> = FxMap::default();
    let mut of_entry: Vec<Option<usize>> = vec![None; registry.entries.len()];
    let mut add = |people: &mut Vec<Person>, p: Person| {
        owns.push(norm(&p.name));
        people.push(p);
        people.len() - 1
    };
    let persons: Vec<Vec<Option<usize>>> = names
        .iter()
        .zip(&targets)
        .map(|(art, targets)| {
            art.iter()
                .zip(targets)
                .map(|(p, target)| match target {
                    Target::Skip => None,
                    Target::Registry(e) => Some(match of_entry[*e] {
                        Some(pi) => pi,
                        None => {
                            let e_ = &registry.entries[*e];
                            let mut person = new_person(&e_.name);
                            if let Some(s) = &e_.slug {
                                person.slug = slugify(s);
                            }
                            person.bio = e_.bio.clone();
                            person.aliases = e_.aliases.clone();
                            let pi = add(&mut people, person);
                            of_entry[*e] = Some(pi);
                            pi
                        }
                    }),
                    Target::Key(other) => {
                        let target = other.as_deref().unwrap_or(&p.key);
                        Some(match by_key.get(target) {
                            Some(&pi) => pi,
                            None => {
                                let name = spelling_of.get(target).copied().unwrap_or(p.name);
                                let pi = add(&mut people, new_person(name));
                                by_key.insert(target, pi);
                                pi
                            }
                        })
                    }
                })
                .collect()
        })
        .collect();

    // Each article's names and aliases, normalised, with their person: across cores.
    let lookup: Vec<Vec<(String, usize)>> = names
        .par_iter()
        .zip(&persons)
        .map(|(art, row)| {
            let mut forms: Vec<(String, usize)> = Vec::new();
            for (p, &pi) in art.iter().zip(row) {
                let Some(pi) = pi else { continue };
                for fk in std::iter::once(&p.key).chain(&p.alias_keys) {
                    match forms.iter_mut().find(|(k, _)| k == fk) {
                        Some(e) => e.1 = pi,
                        None => forms.push((fk.clone(), pi)),
                    }
                }
            }
            forms
        })
        .collect();

    // Every other form a person goes by (sorted and deduplicated below).
    let mut aliases: Vec<(usize, &String)> = names
        .par_iter()
        .zip(&persons)
        .flat_map_iter(|(art, row)| {
            let owns = &owns;
            art.iter()
                .zip(row)
                .filter_map(|(p, pi)| Some((p, (*pi)?)))
                .flat_map(move |(p, pi)| {
                    std::iter::once((p.name, &p.key))
                        .chain(p.aliases.iter().zip(&p.alias_keys))
                        .filter(move |(_, fk)| **fk != owns[pi])
                        .map(move |(form, _)| (pi, form))
                })
        })
        .collect();
    aliases.par_sort_unstable();
    aliases.dedup();
    for (pi, form) in aliases {
        people[pi].aliases.push(form.clone());
    }

    // Display names: the commonest spelling of a person's own full form (then the first
    // in sorted order).
    let mut spellings: Vec<(&str, &String)> = names
        .par_iter()
        .zip(&targets)
        .flat_map_iter(|(art, targets)| {
            art.iter()
                .zip(targets)
                .filter(|(_, t)| matches!(t, Target::Key(None)))
                .map(|(p, _)| (p.key.as_str(), p.name))
        })
        .collect();
    spellings.par_sort_unstable();
    for group in spellings.chunk_by(|a, b| a.0 == b.0) {
        let mut best: Option<(&String, usize)> = None;
        for run in group.chunk_by(|a, b| a.1 == b.1) {
            if best.is_none_or(|(_, n)| run.len() > n) {
                best = Some((run[0].1, run.len()));
            }
        }
        let (Some(&pi), Some((best, _))) = (by_key.get(group[0].0), best) else {
            continue;
        };
        let p = &mut people[pi];
        if norm(best) == norm(&p.name) && *best != p.name {
            let fresh = new_person(best);
            p.name = fresh.name;
            p.sort_key = fresh.sort_key;
            p.initial = fresh.initial;
        }
    }
    people.par_iter_mut().for_each(|p| {
        let own = norm(&p.name);
        p.aliases.retain(|a| norm(a) != own);
        p.aliases.sort();
        p.aliases.dedup();
    });
    Identities { people, lookup }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(path: &str, date: &str, people: &[(&str, &[&str])]) -> Record {
        Record {
            path: path.into(),
            title: path.into(),
            slug: slugify(path),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            people: people
                .iter()
                .map(|(n, a)| PersonRef {
                    name: n.to_string(),
                    aliases: a.iter().map(|s| s.to_string()).collect(),
                    mentions: 1,
                    ..Default::default()
                })
                .collect(),
            ..Record::default()
        }
    }

    #[test]
    fn titles_need_two_articles_and_no_sign_of_a_person() {
        let with_works = |path: &str, works: &[&str]| Record {
            works: works.iter().map(|w| w.to_string()).collect(),
            ..rec(path, "2021-01-01", &[("Tarn Static", &[])])
        };
        let titles = |recs: &[Record], registry: &Registry| {
            let mut t: Vec<String> = titles_not_people(recs, registry).into_iter().collect();
            t.sort();
            t
        };
        let none = Registry::default();
        let two = [
            with_works("a", &["Tarn Static"]),
            with_works("b", &["Tarn  static"]),
        ];
        assert_eq!(titles(&two, &none), ["tarn static"]);
        // One article, even written twice in it, is not enough.
        let one = [
            with_works("a", &["Tarn Static", "Tarn Static"]),
            with_works("b", &[]),
        ];
        assert!(titles(&one, &none).is_empty());
        // A role, an age or a byline anywhere is a person's.
        for sign in 0..3 {
            let mut third = rec("c", "2021-01-02", &[("Tarn Static", &[])]);
            match sign {
                0 => third.people[0].roles = vec!["drummer".into()],
                1 => third.people[0].age = Some(41),
                _ => third.byline = vec!["Tarn Static".into()],
            }
            let recs = [two[0].clone(), two[1].clone(), third];
            assert!(titles(&recs, &none).is_empty(), "{sign}");
        }
        // So is a name `people.toml` declares.
        let mut d = Vec::new();
        let reg = Registry::parse(
            "[[person]]\nname = \"Tarn Static\"\n",
            std::path::Path::new("people.toml"),
            &mut d,
        );
        assert!(titles(&two, &reg).is_empty());
        // A title names no one, in any article.
        let mut recs = two.to_vec();
        recs.push(rec(
            "c",
            "2021-01-02",
            &[("Tarn Static", &["Static"]), ("Ines Marwick", &[])],
        ));
        let site = assemble(Config::default(), recs, &none, false);
        let names: Vec<&str> = site.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Ines Marwick"]);
    }

    #[test]
    fn permalinks_are_safe() {
        let d = NaiveDate::from_ymd_opt(2022, 8, 4);
        assert_eq!(
            permalink("/{year}/{month}/{day}/{slug}/", d, "x"),
            "2022/08/04/x/"
        );
        assert_eq!(permalink("/news/{slug}", d, "x"), "news/x/");
        assert_eq!(permalink("/{year}/../{slug}/", d, "x"), "2022/x/");
        assert_eq!(permalink("/{slug}/", None, "x"), "undated/x/");
        // A slug is text, never a pattern; unknown braces stay as they are.
        assert_eq!(permalink("/{slug}/", d, "a-{year}"), "a-{year}/");
        assert_eq!(permalink("/{y}/{mo{month}}/{", d, "x"), "{y}/{mo08}/{/");
        assert_eq!(permalink("{day}{slug}.html", d, "x"), "04x.html/");
        assert_eq!(permalink("/../{slug}/./", d, ".."), "/");
        assert_eq!(permalink("", d, "x"), "/");
    }

    #[test]
    fn alias_files() {
        assert_eq!(alias_file("/old/a/").as_deref(), Some("old/a/index.html"));
        assert_eq!(alias_file("old.html").as_deref(), Some("old.html"));
        assert_eq!(
            alias_file("https://ex.org/x/y?q=1").as_deref(),
            Some("x/y/index.html")
        );
        assert_eq!(alias_file("/../etc/passwd"), None);
        assert_eq!(alias_file("/"), None);
    }

    #[test]
    fn merges_surname_only_when_unambiguous() {
        let recs = vec![
            rec("a", "2020-01-01", &[("Vladimir Putin", &["Putin"])]),
            rec("b", "2020-01-02", &[("Putin", &[])]),
            rec("c", "2020-01-03", &[("John Smith", &[]), ("Smith", &[])]),
            rec("d", "2020-01-04", &[("Jane Smith", &[])]),
            rec("e", "2020-01-05", &[("Smith", &[])]),
        ];
        let site = assemble(Config::default(), recs, &Registry::default(), false);
        let names: Vec<&str> = site.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["Vladimir Putin", "Smith", "Jane Smith", "John Smith"]
        );
        let putin = &site.people[0];
        assert_eq!(putin.mentioned_in.len(), 2);
        assert_eq!(putin.aliases, vec!["Putin"]);
        // Newest first.
        let dates: Vec<_> = putin
            .mentioned_in
            .iter()
            .map(|&i| site.articles[i].rec.date.unwrap().to_string())
            .collect();
        assert_eq!(dates, vec!["2020-01-02", "2020-01-01"]);
    }

    #[test]
    fn a_name_with_an_initial_joins_the_full_name_it_abbreviates() {
        let names = |recs: Vec<Record>| -> Vec<(String, usize, Vec<String>)> {
            let site = assemble(Config::default(), recs, &Registry::default(), false);
            let mut v: Vec<_> = site
                .people
                .iter()
                .map(|p| (p.name.clone(), p.mentioned_in.len(), p.aliases.clone()))
                .collect();
            v.sort();
            v
        };
        // A line-up with the initial, a report with the full name, a team-mate in both;
        // then the surname alone is no longer shared by two names.
        let got = names(vec![
            rec(
                "a",
                "2020-01-01",
                &[("H. Vossberg", &[]), ("Ines Marwick", &[])],
            ),
            rec(
                "b",
                "2020-01-02",
                &[("Halvor Vossberg", &[]), ("Ines Marwick", &[])],
            ),
            rec("c", "2020-01-03", &[("Vossberg", &[])]),
        ]);
        assert_eq!(
            got,
            [
                (
                    "Halvor Vossberg".to_string(),
                    3,
                    vec!["H. Vossberg".to_string(), "Vossberg".to_string()]
                ),
                ("Ines Marwick".to_string(), 2, vec![]),
            ]
        );
        // Nobody named beside both: a singer "R Roe" is not the minister "Richard Roe".
        let got = names(vec![
            rec("a", "2020-01-01", &[("R Roe", &[]), ("Jo Bloggs", &[])]),
            rec(
                "b",
                "2020-01-02",
                &[("Richard Roe", &[]), ("Ines Marwick", &[])],
            ),
        ]);
        assert_eq!(got.len(), 4, "{got:?}");
        // Two full names the initial fits: neither.
        let got = names(vec![
            rec(
                "a",
                "2020-01-01",
                &[("H Vossberg", &[]), ("Ines Marwick", &[])],
            ),
            rec(
                "b",
                "2020-01-02",
                &[("Halvor Vossberg", &[]), ("Ines Marwick", &[])],
            ),
            rec(
                "c",
                "2020-01-03",
                &[("Hanna Vossberg", &[]), ("Ines Marwick", &[])],
            ),
        ]);
        assert_eq!(got.len(), 4, "{got:?}");
    }

    #[test]
    fn a_family_name_written_first_is_the_one_word_form() {
        let recs = vec![
            rec("a", "2020-01-01", &[("Hou Dezhi", &[])]),
            rec("b", "2020-01-02", &[("Hou", &[])]),
            rec("c", "2020-01-03", &[("Halvor Vossberg", &[])]),
            rec("d", "2020-01-04", &[("Vossberg", &[])]),
        ];
        let site = assemble(Config::default(), recs, &Registry::default(), false);
        let names: Vec<&str> = site.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Hou Dezhi", "Halvor Vossberg"]);
        assert!(site.people.iter().all(|p| p.mentioned_in.len() == 2));
    }

    #[test]
    fn a_generational_suffix_keeps_father_and_son_apart() {
        let recs = vec![
            rec("a", "2020-01-01", &[("Halvor Vossberg", &[])]),
            rec(
                "b",
                "2020-01-02",
                &[("Halvor Vossberg Jr.", &["Vossberg Jr"])],
            ),
            rec("c", "2020-01-03", &[("Ines Marwick Jr", &[])]),
            rec("d", "2020-01-04", &[("Marwick", &[])]),
            rec("e", "2020-01-05", &[("Halvor Vossberg Jr", &[])]),
        ];
        let site = assemble(Config::default(), recs, &Registry::default(), false);
        let people: Vec<(&str, usize)> = site
            .people
            .iter()
            .map(|p| (p.name.as_str(), p.mentioned_in.len()))
            .collect();
        // In A–Z order. "Jr." and "Jr" are one spelling; the surname alone goes to the
        // one bearer.
        assert_eq!(
            people,
            [
                ("Ines Marwick Jr", 2),
                ("Halvor Vossberg", 1),
                ("Halvor Vossberg Jr", 2)
            ]
        );
        // Filed under the surname, not under "J".
        assert_eq!(sort_key("Halvor Vossberg Jr."), "vossberg halvor jr");
        assert_eq!(sort_key("Halvor Vossberg"), "vossberg halvor");
        assert_eq!(sort_key("Vossberg"), "vossberg");
        // Family name first: filed under it.
        assert_eq!(sort_key("Zhao Mingyuan"), "zhao mingyuan");
        assert_eq!(sort_key("Kim Marwick"), "marwick kim");
        assert_eq!(site.people[2].initial, 'V');
    }

    #[test]
    fn dominant_full_name_takes_the_surname() {
        assert_eq!(dominant(&[("tony blair", 1)]), Some("tony blair"));
        assert_eq!(
            dominant(&[("tony blair", 40), ("cherie blair", 2)]),
            Some("tony blair")
        );
        assert_eq!(dominant(&[("john smith", 5), ("jane smith", 3)]), None);
    }

    /// The sequential identity resolution this module had before the parallel one:
    /// the property test below checks both agree.
    fn old_count_use(v: &mut Vec<(String, u32)>, key: &str) {
        match v.iter_mut().find(|(k, _)| k == key) {
            Some(e) => e.1 += 1,
            None => v.push((key.to_string(), 1)),
        }
    }

    fn old_dominant(cands: &[(String, u32)]) -> Option<String> {
        let total: u32 = cands.iter().map(|c| c.1).sum();
        let best = cands
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
        (cands.len() == 1 || best.1 * 10 >= total * 9).then(|| best.0.clone())
    }

    fn sequential_resolve(recs: &[Record], registry: &Registry) -> Identities {
        let mut people: Vec<Person> = Vec::new();
        let mut by_key: FxMap<String, usize> = FxMap::default();
        // Spelling counts per key, so the display name is the commonest spelling.
        let mut spellings: FxMap<String, BTreeMap<String, u32>> = FxMap::default();
        let mut lookup: Vec<Vec<(String, usize)>> = Vec::with_capacity(recs.len());

        // Normalising names is most of the work: done once per name, across cores.
        use rayon::prelude::*;
        let none = FxSet::default();
        let names: Vec<Vec<Named>> = recs.par_iter().map(|r| named(r, &none)).collect();
        let expansions = initial_expansions(&names);

        // The normalised name of each person, in step with `people`.
        let mut owns: Vec<String> = Vec::new();
        let entry_person = |people: &mut Vec<Person>,
                            owns: &mut Vec<String>,
                            by_key: &mut FxMap<String, usize>,
                            idx: usize|
         -> usize {
            let key = format!("\u{0}registry:{idx}");
            if let Some(&p) = by_key.get(&key) {
                return p;
            }
            let e = &registry.entries[idx];
            let mut p = new_person(&e.name);
            if let Some(s) = &e.slug {
                p.slug = slugify(s);
            }
            p.bio = e.bio.clone();
            p.aliases = e.aliases.clone();
            owns.push(norm(&p.name));
            people.push(p);
            by_key.insert(key, people.len() - 1);
            people.len() - 1
        };

        // Evidence from the articles: which single words stand for which full names.
        let mut alias_of: FxMap<String, Vec<(String, u32)>> = FxMap::default();
        let mut surname_of: FxMap<String, Vec<(String, u32)>> = FxMap::default();
        let mut spelling_of: FxMap<&str, &String> = FxMap::default();
        for p in names.iter().flatten() {
            let key = &p.key;
            if !key.contains(' ') {
                continue;
            }
            spelling_of.entry(key.as_str()).or_insert(p.name);
            for ak in &p.alias_keys {
                if !ak.contains(' ') {
                    old_count_use(alias_of.entry(ak.clone()).or_default(), key);
                }
            }
            if let Some(last) = crate::extract::people::archive_surname(key) {
                if !expansions.contains_key(key.as_str()) {
                    old_count_use(surname_of.entry(last.to_string()).or_default(), key);
                }
            }
        }

        // Whom each name stands for, from the tables above alone: across cores.
        let targets: Vec<Vec<Target>> = names
            .par_iter()
            .map(|art| {
                art.iter()
                    .map(|p| {
                        let key = &p.key;
                        if key.is_empty() || registry.not_people.contains(key) {
                            return Target::Skip;
                        }
                        let reg_hit = std::iter::once(key)
                            .chain(&p.alias_keys)
                            .find_map(|k| registry.by_name.get(k).copied());
                        if let Some(e) = reg_hit {
                            return Target::Registry(e);
                        }
                        let target = if key.contains(' ') {
                            expansions.get(key.as_str()).map(|f| f.to_string())
                        } else if registry.keep_apart.contains(key) {
                            None
                        } else {
                            match alias_of.get(key) {
                                Some(c) => old_dominant(c),
                                None => surname_of.get(key).and_then(|c| old_dominant(c)),
                            }
                        };
                        let target = target.filter(|t| t != key);
                        match registry.by_name.get(target.as_ref().unwrap_or(key)) {
                            Some(&e) => Target::Registry(e),
                            None => Target::Key(target),
                        }
                    })
                    .collect()
            })
            .collect();

        for (art, targets) in names.iter().zip(&targets) {
            let mut forms: Vec<(String, usize)> = Vec::new();
            for (p, target) in art.iter().zip(targets) {
                let key = &p.key;
                let pi = match target {
                    Target::Skip => continue,
                    Target::Registry(e) => entry_person(&mut people, &mut owns, &mut by_key, *e),
                    Target::Key(other) => {
                        let target = other.as_ref().unwrap_or(key);
                        if other.is_none() {
                            // A spelling of the name itself: counted for the display name.
                            if !spellings.contains_key(target) {
                                spellings.insert(target.clone(), BTreeMap::new());
                            }
                            let counts = spellings.get_mut(target).expect("inserted above");
                            match counts.get_mut(p.name) {
                                Some(n) => *n += 1,
                                None => {
                                    counts.insert(p.name.clone(), 1);
                                }
                            }
                        }
                        match by_key.get(target) {
                            Some(&pi) => pi,
                            None => {
                                let name =
                                    spelling_of.get(target.as_str()).copied().unwrap_or(p.name);
                                let person = new_person(name);
                                owns.push(norm(&person.name));
                                people.push(person);
                                by_key.insert(target.clone(), people.len() - 1);
                                people.len() - 1
                            }
                        }
                    }
                };
                let person = &mut people[pi];
                let own = &owns[pi];
                for (form, fk) in
                    std::iter::once((p.name, key)).chain(p.aliases.iter().zip(&p.alias_keys))
                {
                    match forms.iter_mut().find(|(k, _)| k == fk) {
                        Some(e) => e.1 = pi,
                        None => forms.push((fk.clone(), pi)),
                    }
                    if fk != own && !person.aliases.contains(form) {
                        person.aliases.push(form.clone());
                    }
                }
            }
            lookup.push(forms);
        }
        // Display names: the commonest spelling of the full form.
        for (key, counts) in spellings {
            let Some(&pi) = by_key.get(&key) else {
                continue;
            };
            let best = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|x| x.0.clone());
            if let Some(best) = best {
                let p = &mut people[pi];
                if norm(&best) == norm(&p.name) && best != p.name {
                    let fresh = new_person(&best);
                    p.name = fresh.name;
                    p.sort_key = fresh.sort_key;
                    p.initial = fresh.initial;
                }
            }
        }
        for p in &mut people {
            let own = norm(&p.name);
            p.aliases.retain(|a| norm(a) != own);
            p.aliases.sort();
            p.aliases.dedup();
        }
        Identities { people, lookup }
    }

    fn person_facts(ids: &Identities) -> Vec<String> {
        ids.people
            .iter()
            .map(|p| {
                format!(
                    "{}|{}|{:?}|{:?}|{}|{}",
                    p.name, p.slug, p.aliases, p.bio, p.sort_key, p.initial
                )
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn parallel_resolution_agrees_with_the_sequential_one(
            arts in proptest::collection::vec(
                (
                    proptest::collection::vec((0usize..15, proptest::collection::vec(0usize..15, 0..3)), 0..6),
                    proptest::collection::vec(0usize..15, 0..2),
                ),
                0..25,
            ),
            with_registry in proptest::bool::ANY,
        ) {
            // Names that collide on purpose: spellings of one key, surnames shared by
            // several full names, single words, a registry person and a non-person.
            const NAMES: [&str; 15] = [
                "Ann Lee", "ann lee", "ANN LEE", "Lee", "Bob Lee", "Smith", "John Smith",
                "Jane Smith", "Ann", "A. Lee", "Acme Corp", "Marie-Claire Dubois", "Dubois", "",
                "Bob Lee Jr.",
            ];
            let mut d = Vec::new();
            let registry = if with_registry {
                Registry::parse(
                    "not_people = [\"Acme Corp\"]\nkeep_apart = [\"Smith\"]\n[[person]]\nname = \"Jane Smith\"\naliases = [\"J. Smith\", \"Smith\"]\nbio = \"b\"\n",
                    std::path::Path::new("people.toml"),
                    &mut d,
                )
            } else {
                Registry::default()
            };
            proptest::prop_assert!(d.is_empty(), "{:?}", d);
            let recs: Vec<Record> = arts
                .iter()
                .enumerate()
                .map(|(i, (people, byline))| Record {
                    path: format!("{i}.md"),
                    people: people
                        .iter()
                        .map(|(n, aliases)| PersonRef {
                            name: NAMES[*n].to_string(),
                            aliases: aliases.iter().map(|a| NAMES[*a].to_string()).collect(),
                            mentions: 1,
                            ..Default::default()
                        })
                        .collect(),
                    byline: byline.iter().map(|n| NAMES[*n].to_string()).collect(),
                    ..Record::default()
                })
                .collect();
            let new = resolve_people(&recs, &registry, &FxSet::default());
            let old = sequential_resolve(&recs, &registry);
            proptest::prop_assert_eq!(person_facts(&new), person_facts(&old));
            proptest::prop_assert_eq!(new.lookup, old.lookup);
        }
    }

    #[test]
    fn registry_merges_and_drops() {
        let mut d = Vec::new();
        let reg = Registry::parse(
            "not_people = [\"Acme Corp\"]\n[[person]]\nname = \"Ann Lee\"\naliases = [\"A. Lee\"]\n",
            std::path::Path::new("people.toml"),
            &mut d,
        );
        let recs = vec![
            rec("a", "2020-01-01", &[("A. Lee", &[]), ("Acme Corp", &[])]),
            rec("b", "2020-01-02", &[("Ann Lee", &["Lee"])]),
        ];
        let site = assemble(Config::default(), recs, &reg, false);
        assert_eq!(site.people.len(), 1);
        assert_eq!(site.people[0].name, "Ann Lee");
        assert_eq!(site.people[0].mentioned_in.len(), 2);
    }

    #[test]
    fn same_slug_same_date_gets_suffix() {
        let mut a = rec("a.txt", "2020-01-01", &[]);
        let mut b = rec("b.txt", "2020-01-01", &[]);
        a.slug = "same".into();
        b.slug = "same".into();
        let site = assemble(Config::default(), vec![b, a], &Registry::default(), false);
        let mut urls: Vec<_> = site.articles.iter().map(|a| a.url.clone()).collect();
        urls.sort();
        assert_eq!(urls, vec!["2020/01/01/same-2/", "2020/01/01/same/"]);
        assert_eq!(site.warnings.len(), 1);
    }

    #[test]
    fn a_copy_of_an_article_is_left_out_and_a_namesake_is_not() {
        let story = |path: &str, body: &str| Record {
            title: "Quay reopens".into(),
            slug: "quay-reopens".into(),
            paragraphs: vec![body.to_string()],
            ..rec(path, "2020-01-01", &[("Ann Lee", &[])])
        };
        let site = assemble(
            Config::default(),
            vec![
                story("c.txt", "Ann Lee opened it."),
                story("a.txt", "Ann Lee opened it."),
                // The same headline over other text is another article.
                story("b.txt", "Ann Lee spoke."),
                story("d.txt", "Ann Lee opened it."),
            ],
            &Registry::default(),
            false,
        );
        let mut kept: Vec<(&str, &str)> = site
            .articles
            .iter()
            .map(|a| (a.rec.path.as_str(), a.url.as_str()))
            .collect();
        kept.sort();
        assert_eq!(
            kept,
            [
                ("a.txt", "2020/01/01/quay-reopens/"),
                ("b.txt", "2020/01/01/quay-reopens-2/")
            ]
        );
        assert_eq!(
            site.warnings,
            [
                "b.txt: URL already taken by another article; slug changed to `quay-reopens-2`",
                "c.txt: the same article as a.txt; left out as a copy",
                "d.txt: the same article as a.txt; left out as a copy",
            ]
        );
        // The copies count neither as articles nor as mentions.
        assert_eq!(site.people[0].mentioned_in.len(), 2);
    }

    #[test]
    fn a_copy_of_a_renumbered_namesake_is_left_out_too() {
        let story = |path: &str, body: &str| Record {
            title: "Quay reopens".into(),
            slug: "quay-reopens".into(),
            paragraphs: vec![body.to_string()],
            ..rec(path, "2020-01-01", &[])
        };
        let site = assemble(
            Config::default(),
            vec![
                story("a.txt", "The quay opened."),
                story("b.txt", "Crowds came."),
                story("c.txt", "Crowds came."),
            ],
            &Registry::default(),
            false,
        );
        assert_eq!(site.articles.len(), 2);
        assert_eq!(
            site.warnings,
            [
                "b.txt: URL already taken by another article; slug changed to `quay-reopens-2`",
                "c.txt: the same article as b.txt; left out as a copy",
            ]
        );
    }
}
