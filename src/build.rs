//! `dateline build`: the whole pipeline, load → assemble → render → write.

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load::{self, Stamp};
use crate::output::{self, Staging, WriteStats};
use crate::registry::{Registry, REGISTRY_FILE};
use crate::render::progress::{self, Progress, TemplateTime};
use crate::render::{self, Page, Renderer};
use crate::site::{self, Site};
use xxhash_rust::xxh3::Xxh3;

/// The most pages one render task takes before the rest of its share can be taken by
/// another core (see [`render_with_progress`]).
const RENDER_PIECE: usize = 8;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Site root (holds `dateline.toml`, `content/`, `templates/`…).
    pub root: PathBuf,
    /// Output folder; default from the config, relative to the root.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Fail (and publish nothing) when there is any warning.
    pub strict: bool,
    /// Relative links, for browsing the output from disk (as `relative_urls = true`).
    pub relative_urls: bool,
}

/// Site paths after applying the config and options.
#[derive(Debug, Clone)]
pub struct Paths {
    pub root: PathBuf,
    pub content: PathBuf,
    pub templates: PathBuf,
    pub static_dir: PathBuf,
    pub out: PathBuf,
}

/// Reads the config and resolves the site's folders.
pub fn configure(opts: &BuildOptions, diags: &mut Vec<Diagnostic>) -> Result<(Config, Paths)> {
    let mut config = Config::load(&opts.root, diags)?;
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    config.relative_urls |= opts.relative_urls;
    let paths = Paths {
        root: opts.root.clone(),
        content: opts.root.join(&config.content_dir),
        templates: opts.root.join(&config.templates_dir),
        static_dir: opts.root.join(&config.static_dir),
        out: opts
            .out
            .clone()
            .unwrap_or_else(|| opts.root.join(&config.output_dir)),
    };
    Ok((config, paths))
}

/// Loads the content and the people registry and assembles the site, and updates the
/// record cache.
pub fn load_site(
    config: Config,
    paths: &Paths,
    drafts: bool,
    diags: &mut Vec<Diagnostic>,
) -> Result<Site> {
    let (site, cache, _) = load_site_deferred(config, paths, drafts, load::Derive::ALL, diags)?;
    cache.write(site.articles.iter().map(|a| &a.rec));
    Ok(site)
}

/// [`load_site`], deriving only what `derive` asks for and leaving the record cache to
/// be written from the site: a build writes it on a thread of its own while the pages
/// render, in time the render leaves idle while it waits for the file system. Also
/// returns the article files with their stamps as read (see [`fingerprint_of`]).
pub fn load_site_deferred(
    config: Config,
    paths: &Paths,
    drafts: bool,
    derive: load::Derive,
    diags: &mut Vec<Diagnostic>,
) -> Result<(Site, load::cache::Pending, load::Sources)> {
    if !paths.content.is_dir() {
        bail!("content folder {} does not exist", paths.content.display());
    }
    let cache_file = load::cache::cache_path(&paths.root);
    let mut cache = load::cache::Cache::open(&cache_file, derive);
    let loaded = load::load_dir_cached(&paths.content, Some(&mut cache), derive);
    let pending = cache.pending(&cache_file, &loaded.records, &loaded.hashes);
    drop(cache);
    diags.extend(loaded.diagnostics);
    let registry = Registry::load(&paths.root, diags);
    let site = site::assemble(config, loaded.records, &registry, drafts);
    diags.extend(site_diagnostics(&paths.content, &site.warnings));
    Ok((site, pending, loaded.sources))
}

/// The file a warning of [`site::assemble`] is about and the rest of its message: the
/// warnings start with the article's path in the content folder (`a.md: URL already
/// taken…`); one that names no file there is about the content folder.
pub fn site_warning_file<'a>(content: &Path, warning: &'a str) -> (PathBuf, &'a str) {
    if let Some((f, m)) = warning.split_once(": ") {
        let file = content.join(f);
        if file.is_file() {
            return (file, m);
        }
    }
    (content.to_path_buf(), warning)
}

/// Assembly warnings as warnings about the articles they name ([`site_warning_file`]).
pub fn site_diagnostics<'a>(
    content: &Path,
    warnings: impl IntoIterator<Item = &'a String>,
) -> Vec<Diagnostic> {
    warnings
        .into_iter()
        .map(|w| {
            let (file, message) = site_warning_file(content, w);
            Diagnostic::warning(&file, None, message)
        })
        .collect()
}

/// Outcome of a build.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub articles: usize,
    pub undated: usize,
    pub people: usize,
    pub pages: usize,
    pub warnings: usize,
    pub seconds: f64,
    pub stats: WriteStats,
    /// Nothing changed since the last build; nothing was done.
    pub up_to_date: bool,
    pub out: PathBuf,
    /// Templates that took the most render time (listed when the build took over a second).
    pub slowest: Vec<TemplateTime>,
}

/// `n` with the noun in its number: "1 article", "2 articles".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.up_to_date {
            return write!(
                f,
                "Up to date: nothing changed since the last build of {} ({:.2} s)",
                self.out.display(),
                self.seconds
            );
        }
        let undated = if self.undated > 0 {
            format!(" ({} undated)", self.undated)
        } else {
            String::new()
        };
        write!(
            f,
            "Built {}{undated}, {}, {} ({} written, {} unchanged, {} removed), {} in {:.2} s → {}",
            counted(self.articles, "article", "articles"),
            counted(self.people, "person", "people"),
            counted(self.pages, "page", "pages"),
            self.stats.written,
            self.stats.unchanged,
            self.stats.removed,
            counted(self.warnings, "warning", "warnings"),
            self.seconds,
            self.out.display()
        )?;
        if self.seconds > 1.0 && !self.slowest.is_empty() {
            let list: Vec<String> = self
                .slowest
                .iter()
                .map(|t| format!("{} {:.2} s ({} pages)", t.template, t.seconds, t.pages))
                .collect();
            write!(f, "\nSlowest templates (CPU time): {}", list.join(", "))?;
        }
        Ok(())
    }
}

/// A fingerprint of everything a build reads: the binary, options, config, registry,
/// templates, static files and the article files (by path, size and modification time).
/// Equal fingerprints mean an identical site.
pub fn fingerprint(opts: &BuildOptions, paths: &Paths) -> u64 {
    fingerprint_content(fingerprint_head(opts, paths), paths)
}

/// The content part of [`fingerprint`], after [`fingerprint_head`].
fn fingerprint_content(head: Xxh3, paths: &Paths) -> u64 {
    let (files, _) = load::discover(&paths.content);
    // One stat per file, across cores (a no-change rebuild of a large archive is mostly
    // this).
    let stamps: Vec<Option<Stamp>> = files
        .par_iter()
        .map(|f| std::fs::metadata(f).ok().map(|m| Stamp::of(&m)))
        .collect();
    fingerprint_of(head, paths, files.iter().map(PathBuf::as_path).zip(stamps))
}

/// Everything [`fingerprint`] covers but the article files: taken before a build reads
/// anything, so an edit made while it runs makes the next build run again.
pub fn fingerprint_head(opts: &BuildOptions, paths: &Paths) -> Xxh3 {
    let mut h = Xxh3::new();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(m) = std::env::current_exe().ok().and_then(|e| e.metadata().ok()) {
        stamp_into(&mut h, Some(Stamp::of(&m)));
    }
    h.write(
        format!(
            "{:?}|{}|{}|{}|{:?}",
            opts.base_url, opts.drafts, opts.strict, opts.relative_urls, paths.out
        )
        .as_bytes(),
    );
    for f in [
        paths.root.join(crate::config::CONFIG_FILE),
        paths.root.join(REGISTRY_FILE),
    ] {
        h.write(&std::fs::read(&f).unwrap_or_default());
        h.write(b"\0");
    }
    for dir in [&paths.templates, &paths.static_dir] {
        h.write(dir.as_os_str().as_encoded_bytes());
        for e in walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            h.write(e.path().as_os_str().as_encoded_bytes());
            stamp_into(&mut h, e.metadata().ok().map(|m| Stamp::of(&m)));
        }
    }
    h
}

/// [`fingerprint`] from its head and the article files with their stamps: a clean build
/// takes them from the files as it read them instead of walking and statting the
/// content again. Files that could not be read have no stamp, so the next build runs.
pub fn fingerprint_of<'a>(
    mut h: Xxh3,
    paths: &Paths,
    sources: impl Iterator<Item = (&'a Path, Option<Stamp>)>,
) -> u64 {
    h.write(paths.content.as_os_str().as_encoded_bytes());
    for (path, stamp) in sources {
        h.write(path.as_os_str().as_encoded_bytes());
        stamp_into(&mut h, stamp);
    }
    h.finish()
}

fn stamp_into(h: &mut impl Hasher, stamp: Option<Stamp>) {
    match stamp {
        Some(s) => {
            h.write_u8(1);
            h.write_u64(s.len);
            h.write_u128(s.modified_ns.unwrap_or(0));
        }
        None => h.write_u8(0),
    }
}

/// Static files of the site: (site-relative path, source file). Editor leftovers and
/// version-control files are left out ([`load::is_unpublished_static`]).
pub fn static_files(dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for e in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !load::is_unpublished_static(&e.file_name().to_string_lossy())
        })
    {
        match e {
            Ok(e) if e.file_type().is_file() => {
                out.push((load::rel_path(dir, e.path()), e.into_path()));
            }
            Ok(_) => {}
            Err(err) => diags.push(Diagnostic::warning(
                err.path().unwrap_or(dir),
                None,
                err.to_string(),
            )),
        }
    }
    out
}

/// Renders `pages` and writes them (plus static files) into `staging`. Returns the
/// number of outputs.
pub fn render_into(
    renderer: &Renderer<'_>,
    pages: &[Page],
    statics: &[(String, PathBuf)],
    templates_dir: &Path,
    staging: &Staging,
    diags: &mut Vec<Diagnostic>,
) -> Result<usize> {
    let progress = Progress::with_mode(pages.len(), progress::Mode::Silent);
    render_with_progress(
        renderer,
        pages,
        statics,
        templates_dir,
        staging,
        diags,
        &progress,
    )
}

/// [`render_into`], reporting each page to `progress` (timings and progress lines).
pub fn render_with_progress(
    renderer: &Renderer<'_>,
    pages: &[Page],
    statics: &[(String, PathBuf)],
    templates_dir: &Path,
    staging: &Staging,
    diags: &mut Vec<Diagnostic>,
    progress: &Progress,
) -> Result<usize> {
    for (rel, src) in statics {
        let bytes = std::fs::read(src).with_context(|| format!("cannot read {}", src.display()))?;
        staging.write(rel, &bytes)?;
    }
    for (name, _) in render::templates::ASSETS {
        let rel = format!("assets/{name}");
        if let Some(p) = render::templates::asset_override(templates_dir, name) {
            if !staging.contains(&rel) {
                let bytes =
                    std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
                staging.write(&rel, &bytes)?;
            }
        }
    }
    let site = renderer.site;
    let skipped: Vec<String> = pages
        .iter()
        .map(|p| p.file(site))
        .filter(|f| staging.contains(f))
        .collect();
    for f in &skipped {
        if !f.starts_with("assets/") {
            diags.push(Diagnostic::warning(
                Path::new(f),
                None,
                "a static file replaces this generated page",
            ));
        }
    }
    // Pages differ in cost (a person page with hundreds of cards against a redirect):
    // small pieces of the list let an idle core take over work until the last page,
    // where rayon's halving alone left one core rendering a long tail by itself.
    pages
        .par_iter()
        .with_max_len(RENDER_PIECE)
        .try_for_each(|page| -> Result<()> {
            let file = page.file(site);
            if skipped.contains(&file) {
                return Ok(());
            }
            let t = Instant::now();
            let out = renderer
                .render(page)
                .with_context(|| format!("rendering {file}"))?;
            progress.tick(page.template(), t.elapsed());
            staging.write(&out.path, &out.bytes)
        })?;
    progress.finish();
    Ok(pages.len() + statics.len() - skipped.len())
}

/// Builds the site. Per-file problems are warnings (printed by the caller from
/// `diags`); anything that would leave a broken site is an error, and then the previous
/// output stays as it was.
pub fn build(opts: &BuildOptions, diags: &mut Vec<Diagnostic>) -> Result<Summary> {
    let start = Instant::now();
    let (config, paths) = configure(opts, diags)?;
    output::check_output_dir(
        &paths.out,
        &[
            &paths.root.join(&config.content_dir),
            &paths.templates,
            &paths.static_dir,
        ],
    )?;
    // Without an earlier build there is nothing to compare with: the fingerprint is then
    // made from the files as the load reads them, saving a walk and a stat per file.
    let head = fingerprint_head(opts, &paths);
    let early = match output::Manifest::read_fingerprint(&paths.out) {
        Some(last) => {
            let fp = fingerprint_content(head.clone(), &paths);
            if fp == last {
                return Ok(Summary {
                    up_to_date: true,
                    seconds: start.elapsed().as_secs_f64(),
                    out: paths.out.clone(),
                    ..Summary::default()
                });
            }
            Some(fp)
        }
        None => None,
    };
    let tera = render::templates::load(&paths.templates)?;
    // Quotes and word counts are found only when a template can show them, and the
    // text of Markdown bodies is kept only for a search index.
    let names = render::templates::Names::of(&tera);
    let derive = load::Derive {
        quotes: names.any_uses("quotes"),
        word_count: names.any_uses("word_count"),
        paragraphs: config.outputs.search,
        // Site loads leave the source out whatever this says (`load::parse_for_site`).
        body: false,
    };
    let (site, cache, sources) = load_site_deferred(config, &paths, opts.drafts, derive, diags)?;
    let fp = early.unwrap_or_else(|| {
        fingerprint_of(head, &paths, sources.iter().map(|(p, s)| (p.as_path(), *s)))
    });
    drop(sources);
    let statics = static_files(&paths.static_dir, diags);
    let pages = render::pages(&site);
    let renderer = Renderer::new(&site, &tera, &pages);
    let staging = Staging::begin(&paths.out)?;
    let progress = Progress::new(pages.len());
    let rendered = std::thread::scope(|scope| {
        let articles = &site.articles;
        // If no thread can be started, the cache is not written (it is only an optimisation).
        let _ = std::thread::Builder::new()
            .name("dateline-cache".into())
            .spawn_scoped(scope, move || cache.write(articles.iter().map(|a| &a.rec)));
        render_with_progress(
            &renderer,
            &pages,
            &statics,
            &paths.templates,
            &staging,
            diags,
            &progress,
        )
    });
    if let Err(e) = rendered {
        staging.abort();
        return Err(e);
    }
    if opts.strict && !diags.is_empty() {
        staging.abort();
        bail!(
            "{} warnings with --strict; nothing was published ({} is unchanged)",
            diags.len(),
            paths.out.display()
        );
    }
    let stats = staging.commit(fp)?;
    let summary = Summary {
        articles: site.articles.len(),
        undated: site.undated.len(),
        people: site.people.len(),
        pages: stats.written + stats.unchanged,
        warnings: diags.len(),
        seconds: start.elapsed().as_secs_f64(),
        stats,
        up_to_date: false,
        out: paths.out,
        slowest: progress.slowest(3),
    };
    drop(renderer);
    drop_in_background((site, tera, pages));
    Ok(summary)
}

/// Frees `value` on a thread of its own. Freeing a large site is hundreds of thousands
/// of small deallocations (about 30 ms at 10,000 articles); the build's result does not
/// wait for them, and a process that exits next does not either.
fn drop_in_background<T: Send + 'static>(value: T) {
    // If no thread can be started, the closure and `value` with it are dropped here.
    let _ = std::thread::Builder::new()
        .name("dateline-free".into())
        .spawn(move || drop(value));
}
