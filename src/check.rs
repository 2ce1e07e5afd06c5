//! `dateline check`: validate a site without writing anything.
//!
//! Runs the same loading and assembly as a build, then looks for what a build would
//! quietly get wrong: articles skipped for bad front matter, odd dates, `people.toml`
//! entries no article uses, links in Markdown bodies to site paths or `#anchors` that no
//! page will have, missing images and static files, and two outputs claiming one URL.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag};

use crate::build::{self, BuildOptions};
use crate::diag::{line_of, Diagnostic, Severity};
use crate::model::BodyFormat;
use crate::registry::{norm, Registry, REGISTRY_FILE};
use crate::render;
use crate::site::Site;

/// Result of a check: every problem, sorted by file and line.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub articles: usize,
}

impl Report {
    /// Number of errors (warnings do not fail a check).
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// Formats a diagnostic as `file:line: severity: message` (compiler style).
pub fn format_line(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Warning => "warning",
        Severity::Error => "error",
    };
    match d.line {
        Some(l) => format!("{}:{l}: {kind}: {}", d.path.display(), d.message),
        None => format!("{}: {kind}: {}", d.path.display(), d.message),
    }
}

/// Checks the site at `opts.root`. Only a site that cannot be read at all is an `Err`.
pub fn check(opts: &BuildOptions) -> anyhow::Result<Report> {
    let mut diags = Vec::new();
    let (config, paths) = build::configure(opts, &mut diags)?;
    if !paths.content.is_dir() {
        anyhow::bail!("content folder {} does not exist", paths.content.display());
    }
    let loaded = crate::load::load_dir(&paths.content);
    for mut d in loaded.diagnostics {
        if d.message.contains("skipped") {
            d.severity = Severity::Error;
        }
        diags.push(d);
    }
    let registry = Registry::load(&paths.root, &mut diags);
    let today = chrono::Local::now().date_naive();
    for r in &loaded.records {
        diags.extend(date_problems(r, &paths.content.join(&r.path), today));
    }
    let site = crate::site::assemble(config, loaded.records, &registry, opts.drafts);
    for w in &site.warnings {
        let (file, msg) = crate::build::site_warning_file(&paths.content, w);
        let line = alias_line(&file, msg);
        diags.push(Diagnostic::error(&file, line, msg));
    }
    diags.extend(unused_registry_entries(
        &registry,
        &site,
        &paths.root.join(REGISTRY_FILE),
    ));
    let statics = build::static_files(&paths.static_dir, &mut diags);
    diags.extend(url_clashes(&site, &statics, &paths));
    diags.extend(link_problems(&site, &statics, &paths.content));
    diags.sort_by(|a, b| {
        (&a.path, a.line, &a.message, a.severity).cmp(&(&b.path, b.line, &b.message, b.severity))
    });
    diags.dedup();
    Ok(Report {
        diagnostics: diags,
        articles: site.articles.len(),
    })
}

/// Line of the first `aliases` entry a message quotes (`alias `x``), if any.
fn alias_line(file: &Path, msg: &str) -> Option<usize> {
    let quoted = msg.split('`').nth(1)?;
    let text = std::fs::read_to_string(file).ok()?;
    text.find(quoted).map(|p| line_of(&text, p))
}

/// Line where front-matter key `key` is set, if it is.
fn key_line(text: &str, key: &str) -> Option<usize> {
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key) {
            if rest.trim_start().starts_with(['=', ':']) {
                return Some(line_of(text, pos));
            }
        }
        pos += line.len();
    }
    None
}

/// Date problems of one article: updated before published, corrections dated before
/// publication, dates in the future.
pub fn date_problems(
    r: &crate::model::Record,
    file: &Path,
    today: chrono::NaiveDate,
) -> Vec<Diagnostic> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let mut out = Vec::new();
    let mut warn = |key: &str, msg: String| {
        out.push(Diagnostic::warning(file, key_line(&text, key), msg));
    };
    if let Some(d) = r.date {
        if d > today + chrono::Days::new(1) {
            warn("date", format!("date {d} is in the future"));
        }
        if let Some(u) = r.updated {
            if u < d {
                warn("updated", format!("updated {u} is before the date {d}"));
            }
        }
        for c in &r.corrections {
            if c.date < d {
                warn(
                    "corrections",
                    format!("correction dated {} is before the date {d}", c.date),
                );
            }
        }
    } else if r.updated.is_some() || !r.corrections.is_empty() {
        warn(
            "updated",
            "article has no date but is updated or corrected".into(),
        );
    }
    out
}

/// `people.toml` entries whose name and aliases match no person in the archive.
pub fn unused_registry_entries(reg: &Registry, site: &Site, file: &Path) -> Vec<Diagnostic> {
    let mut known: HashSet<String> = HashSet::new();
    for p in &site.people {
        known.insert(norm(&p.name));
    }
    let text = std::fs::read_to_string(file).unwrap_or_default();
    reg.entries
        .iter()
        .filter(|e| !known.contains(&norm(&e.name)))
        .map(|e| {
            let line = text
                .find(&format!("\"{}\"", e.name))
                .map(|p| line_of(&text, p));
            Diagnostic::warning(
                file,
                line,
                format!("`{}` matches no person in the archive", e.name),
            )
        })
        .collect()
}

/// Two outputs with one URL: pages, redirects and static files.
fn url_clashes(
    site: &Site,
    statics: &[(String, PathBuf)],
    paths: &build::Paths,
) -> Vec<Diagnostic> {
    let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in render::pages(site) {
        let who = match p {
            render::Page::Article(i) => format!("article {}", site.articles[i].rec.path),
            render::Page::Redirect(r) => format!(
                "alias of {}",
                site.articles[site.redirects[r].article].rec.path
            ),
            render::Page::Asset(_) => continue,
            other => format!("generated page {}", other.url(site)),
        };
        claims.entry(p.file(site)).or_default().push(who);
    }
    for (rel, _) in statics {
        claims
            .entry(rel.clone())
            .or_default()
            .push(format!("static file static/{rel}"));
    }
    claims
        .into_iter()
        .filter(|(_, who)| who.len() > 1)
        .map(|(file, who)| {
            Diagnostic::error(
                &paths.root,
                None,
                format!("two pages claim /{file}: {}", who.join(" and ")),
            )
        })
        .collect()
}

/// Element ids in HTML (`id="…"`).
fn html_ids(html: &str) -> HashSet<String> {
    html.match_indices(" id=\"")
        .filter_map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest.find('"').map(|e| rest[..e].to_string())
        })
        .collect()
}

/// Ids the default article template gives every article page.
const ARTICLE_TEMPLATE_IDS: &[&str] = &["main", "headline", "people-heading"];

/// Resolves `dest` (a link in the body of the article at site URL `from`) to a
/// site-relative path without query or fragment, or `None` for external links.
pub fn resolve(dest: &str, from: &str, base_path: &str) -> Option<String> {
    if dest.starts_with("//") || dest.split_once(':').is_some_and(|(s, _)| !s.contains('/')) {
        return None;
    }
    let path = dest.split(['?', '#']).next().unwrap_or("");
    let joined = if let Some(abs) = path.strip_prefix('/') {
        let bp = base_path.trim_start_matches('/');
        abs.strip_prefix(bp).unwrap_or(abs).to_string()
    } else if path.is_empty() {
        from.to_string()
    } else {
        format!("{from}{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if joined.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// The output file a site path is served from.
fn file_of(path: &str) -> Vec<String> {
    if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    }
}

/// Broken internal links, missing anchors and missing images in Markdown bodies.
fn link_problems(site: &Site, statics: &[(String, PathBuf)], content: &Path) -> Vec<Diagnostic> {
    let mut files: HashSet<String> = render::pages(site).iter().map(|p| p.file(site)).collect();
    files.extend(statics.iter().map(|(r, _)| r.clone()));
    let by_url: HashMap<String, usize> = site
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (format!("{}index.html", a.url), i))
        .collect();
    let base_path = site.config.base_path();
    let ids_of = |i: usize| -> HashSet<String> {
        let mut ids = html_ids(&render::html::body_html(
            &site.articles[i].rec,
            site.config.allow_html,
        ));
        ids.extend(ARTICLE_TEMPLATE_IDS.iter().map(|s| s.to_string()));
        ids
    };
    let mut out = Vec::new();
    for a in &site.articles {
        if a.rec.body_format != BodyFormat::Markdown {
            continue;
        }
        let file = content.join(&a.rec.path);
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let line = |dest: &str| text.find(dest).map(|p| line_of(&text, p));
        for ev in Parser::new_ext(&a.rec.body, pulldown_cmark::Options::ENABLE_FOOTNOTES) {
            let (dest, image) = match ev {
                Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
                Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
                _ => continue,
            };
            let Some(target) = resolve(&dest, &a.url, &base_path) else {
                continue;
            };
            let Some(found) = file_of(&target).into_iter().find(|f| files.contains(f)) else {
                let what = if image {
                    "missing image"
                } else {
                    "broken link"
                };
                out.push(Diagnostic::error(
                    &file,
                    line(&dest),
                    format!("{what} `{dest}`: no page or static file /{target}"),
                ));
                continue;
            };
            if let Some((_, anchor)) = dest.split_once('#') {
                if anchor.is_empty() {
                    continue;
                }
                if let Some(&k) = by_url.get(&found) {
                    if !ids_of(k).contains(anchor) {
                        out.push(Diagnostic::error(
                            &file,
                            line(&dest),
                            format!("link `{dest}`: no element with id `{anchor}` on /{target}"),
                        ));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_site_links() {
        let from = "2022/02/01/storm/";
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("https://x.org/a", "/", None),
            ("mailto:a@b", "/", None),
            ("//cdn.x/a.js", "/", None),
            ("/people/anna/", "/", Some("people/anna/")),
            ("/news/people/anna/", "/news/", Some("people/anna/")),
            ("../../../../2021/05/", "/", Some("2021/05/")),
            ("../other/", "/", Some("2022/02/01/other/")),
            ("#top", "/", Some("2022/02/01/storm/")),
            ("img.png", "/", Some("2022/02/01/storm/img.png")),
            ("/images/logo.png?v=2#x", "/", Some("images/logo.png")),
            ("/../../etc/passwd", "/", Some("etc/passwd")),
        ];
        for (dest, bp, want) in cases {
            assert_eq!(resolve(dest, from, bp).as_deref(), *want, "{dest}");
        }
    }

    #[test]
    fn served_files() {
        assert_eq!(file_of(""), vec!["index.html"]);
        assert_eq!(file_of("a/"), vec!["a/index.html"]);
        assert_eq!(file_of("a/b.png"), vec!["a/b.png", "a/b.png/index.html"]);
    }

    #[test]
    fn ids_and_keys() {
        let ids = html_ids(r##"<h2 id="x">a</h2><sup class="f" id="fn-1">"##);
        assert!(ids.contains("x") && ids.contains("fn-1"));
        let text = "+++\ntitle = \"a\"\nupdated = 2020-01-01\n+++\nupdated: not this";
        assert_eq!(key_line(text, "updated"), Some(3));
        assert_eq!(key_line(text, "date"), None);
    }

    #[test]
    fn dates_in_wrong_order() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let r = crate::model::Record {
            date: Some(d("2022-02-01")),
            updated: Some(d("2022-01-01")),
            corrections: vec![crate::model::Correction {
                date: d("2021-12-31"),
                text: "x".into(),
            }],
            ..Default::default()
        };
        let got = date_problems(&r, Path::new("/nonexistent"), d("2022-03-01"));
        assert_eq!(got.len(), 2, "{got:?}");
        let future = crate::model::Record {
            date: Some(d("2030-01-01")),
            ..Default::default()
        };
        assert_eq!(
            date_problems(&future, Path::new("/x"), d("2022-03-01")).len(),
            1
        );
    }

    #[test]
    fn line_format() {
        let d = Diagnostic::error(Path::new("c/a.md"), Some(3), "broken link");
        assert_eq!(format_line(&d), "c/a.md:3: error: broken link");
    }
}
