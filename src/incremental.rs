//! Incremental rebuilds: the engine behind `watch` and `serve`.
//!
//! A [`Session`] keeps the loaded site in memory: one parsed record per content file
//! with the hash of the file's bytes (unchanged files are never parsed again), the
//! templates and their dependency graph, the static file list, the search index, a
//! digest of every input of every page, for each article the pages whose digest reads
//! it, and the hash of every output file.
//!
//! [`Session::apply`] reloads only the changed files. An edit that leaves the site's
//! structure alone (the common save: body, summary, title with the same slug) is
//! patched into the site, and only the pages that read the edited articles, the search
//! shards of their changed terms and a few whole-site files are looked at: the work is
//! proportional to the edit, not to the archive. Other changes assemble the site again
//! and compare every page's digest. A template change re-renders the pages rendered
//! with a template that uses it ([`crate::template_deps`]). Only outputs whose bytes
//! changed are written (temp file + rename, so a reader never sees a partial file) and
//! outputs that no longer exist are deleted. The output is byte-identical to a clean
//! `dateline build` of the same sources (the manifest aside: its fingerprint is zero so
//! that the next `dateline build` never mistakes the folder for up to date).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use tera::Tera;

use crate::build::{self, BuildOptions, Paths};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load;
use crate::model::Record;
use crate::output::{self, Manifest, Staging};
use crate::registry::Registry;
use crate::render::{self, templates, Page, Renderer};
use crate::search::Live;
use crate::site::{self, Site};
use crate::template_deps::Graph;
use crate::watch::Change;

/// One content file as last read.
#[derive(Debug)]
struct Source {
    /// xxh3 of the file's bytes.
    hash: u64,
    rec: Option<Record>,
    diags: Vec<Diagnostic>,
}

/// What one [`Session::apply`] did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Everything was rebuilt from scratch (config or registry change).
    pub full: bool,
    /// Content files parsed again.
    pub parsed: usize,
    /// The site was assembled again (rather than patched in place for edits that
    /// leave its structure alone).
    pub assembled: bool,
    /// Pages rendered.
    pub rendered: usize,
    /// Output files written with new bytes.
    pub written: usize,
    /// Output files deleted.
    pub removed: usize,
    pub articles: usize,
    pub people: usize,
    /// Problems in the changed files and in the assembled site.
    pub diagnostics: Vec<Diagnostic>,
    pub seconds: f64,
    /// Site-relative paths of the output files written.
    pub files: Vec<String>,
    /// Wall time of each phase of the rebuild, in seconds, in order.
    pub phases: Vec<(&'static str, f64)>,
    /// The output folder.
    pub out: PathBuf,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} in {:.0} ms: {} parsed, {} pages rendered, {} files written, {} removed ({} articles, {} people)",
            if self.full { "Full rebuild" } else { "Rebuilt" },
            self.seconds * 1000.0,
            self.parsed,
            self.rendered,
            self.written,
            self.removed,
            self.articles,
            self.people
        )
    }
}

/// A loaded site kept in memory between rebuilds.
pub struct Session {
    opts: BuildOptions,
    inject: String,
    paths: Paths,
    config: Config,
    tera: Tera,
    /// The effective templates: their text hashes and which templates each one uses.
    graph: Graph,
    registry: Registry,
    records: BTreeMap<PathBuf, Source>,
    statics: Vec<(String, PathBuf)>,
    overrides: Vec<(String, PathBuf)>,
    site: Site,
    /// The site's search index, patched article by article.
    search: Live,
    /// Every page of the site, in [`render::pages`] order.
    pages: Vec<Page>,
    /// Per article: the pages (indexes into `pages`) whose digest reads the article.
    /// Which articles a page reads depends on the site's structure only.
    readers: Vec<Vec<u32>>,
    /// What page digests are made of.
    parts: Parts,
    /// Output file → digest of the inputs it was rendered from.
    digests: HashMap<String, u64>,
    /// Output file → (xxh3, length) of what is on disk.
    files: HashMap<String, (u64, u64)>,
    /// Changes of failed rebuilds, retried with the next change.
    pending: Change,
    /// A rebuild failed after the state in memory changed: the next one assembles the
    /// site again and digests every page.
    suspect: bool,
    /// The manifest on disk is behind `files`.
    manifest_dirty: bool,
    /// Diagnostics of the initial build.
    pub initial_diagnostics: Vec<Diagnostic>,
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Asset overrides in the templates folder: (`assets/name`, file).
fn asset_overrides(dir: &Path) -> Vec<(String, PathBuf)> {
    templates::ASSETS
        .iter()
        .filter_map(|(name, _)| {
            templates::asset_override(dir, name).map(|p| (format!("assets/{name}"), p))
        })
        .collect()
}

fn read_source(content: &Path, path: &Path) -> Option<(u64, Source)> {
    match load::read(content, path) {
        Ok(raw) => {
            // Every field: a template added while the session runs may show any of them.
            let (rec, diags) = load::parse_for_site(&raw, path, load::Derive::ALL);
            Some((
                raw.hash,
                Source {
                    hash: raw.hash,
                    rec,
                    diags,
                },
            ))
        }
        Err(d) if path.is_file() => Some((
            0,
            Source {
                hash: 0,
                rec: None,
                diags: vec![d],
            },
        )),
        Err(_) => None,
    }
}

/// The templates a page is rendered with: its own and, for pages that show article
/// cards, `card.html` (the templates these use are found by [`Graph`]).
fn page_templates(page: &Page) -> [Option<&'static str>; 2] {
    let own = page.template();
    let own = own.ends_with(".html").then_some(own);
    let cards = matches!(
        page,
        Page::Home(_)
            | Page::Month { .. }
            | Page::Undated(_)
            | Page::Year(_)
            | Page::Article(_)
            | Page::Person { .. }
            | Page::Corrections
    );
    [own, cards.then_some("card.html")]
}

/// A page's output file and digest.
type Digested = (String, Option<u64>);

/// Digests every page of `site` (in parallel). Returns each page's file and digest,
/// and per article the pages that read it.
fn digest_all(
    site: &Site,
    parts: &Parts,
    search: &crate::search::Index,
    pages: &[Page],
) -> (Vec<Digested>, Vec<Vec<u32>>) {
    let d = Digester {
        site,
        parts,
        search,
    };
    let digested: Vec<(String, Option<u64>, Vec<u32>)> = pages
        .par_iter()
        .map(|p| {
            let file = p.file(site);
            let mut seen = Vec::new();
            let digest = d.page(p, &file, &mut seen);
            (file, digest, seen)
        })
        .collect();
    let mut readers: Vec<Vec<u32>> = vec![Vec::new(); site.articles.len()];
    let out = digested
        .into_iter()
        .enumerate()
        .map(|(k, (file, digest, seen))| {
            for a in seen {
                let r = &mut readers[a as usize];
                if r.last() != Some(&(k as u32)) {
                    r.push(k as u32);
                }
            }
            (file, digest)
        })
        .collect();
    (out, readers)
}

impl Session {
    /// Builds the whole site into the output folder (atomically, like `dateline build`)
    /// and keeps it in memory. `inject` goes before `</body>` of every HTML page (the
    /// preview server's live-reload script; empty for `watch`).
    pub fn new(opts: &BuildOptions, inject: &str) -> Result<Session> {
        let mut opts = opts.clone();
        opts.root = absolute(&opts.root);
        opts.out = opts.out.as_deref().map(absolute);
        let mut diags = Vec::new();
        let (config, paths) = build::configure(&opts, &mut diags)?;
        output::check_output_dir(
            &paths.out,
            &[&paths.content, &paths.templates, &paths.static_dir],
        )?;
        let graph = Graph::load(&paths.templates)?;
        let tera = templates::load(&paths.templates)?;
        if !paths.content.is_dir() {
            bail!("content folder {} does not exist", paths.content.display());
        }
        let (files, walk_diags) = load::discover(&paths.content);
        diags.extend(walk_diags);
        let loaded: Vec<(PathBuf, Option<(u64, Source)>)> = files
            .into_par_iter()
            .map(|p| {
                let s = read_source(&paths.content, &p);
                (p, s)
            })
            .collect();
        let mut records = BTreeMap::new();
        for (p, s) in loaded {
            if let Some((_, s)) = s {
                diags.extend(s.diags.iter().cloned());
                records.insert(p, s);
            }
        }
        let registry = Registry::load(&paths.root, &mut diags);
        let statics = build::static_files(&paths.static_dir, &mut diags);
        let overrides = asset_overrides(&paths.templates);
        let recs = records.values().filter_map(|s| s.rec.clone()).collect();
        let site = site::assemble(config.clone(), recs, &registry, opts.drafts);
        diags.extend(build::site_diagnostics(&paths.content, &site.warnings));
        let search = Live::new(&site);
        let index = search.index();
        let pages = render::pages_with_search(&site, &index.keys());
        let mut renderer = Renderer::with_search(&site, &tera, &pages, index.clone());
        renderer.inject = inject.to_string();
        let staging = Staging::begin(&paths.out)?;
        if let Err(e) = build::render_into(
            &renderer,
            &pages,
            &statics,
            &paths.templates,
            &staging,
            &mut diags,
        ) {
            staging.abort();
            return Err(e);
        }
        drop(renderer);
        staging.commit(0)?;
        let files = Manifest::read(&paths.out)
            .map(|m| m.files)
            .context("the new site has no manifest")?;
        let parts = Parts::new(&site, &records);
        let (digested, readers) = digest_all(&site, &parts, &index, &pages);
        drop(index);
        let shadowed: HashSet<&String> = statics.iter().chain(&overrides).map(|x| &x.0).collect();
        let digests = digested
            .into_iter()
            .filter(|(f, _)| !shadowed.contains(f))
            .filter_map(|(f, h)| h.map(|h| (f, h)))
            .collect();
        Ok(Session {
            opts,
            inject: inject.to_string(),
            paths,
            config,
            tera,
            graph,
            registry,
            records,
            statics,
            overrides,
            site,
            search,
            pages,
            readers,
            parts,
            digests,
            files,
            pending: Change::default(),
            suspect: false,
            manifest_dirty: false,
            initial_diagnostics: diags,
        })
    }

    /// Writes the output folder's manifest if rebuilds changed the folder. [`apply`]
    /// leaves this to the caller, off the path between a save and the browser reload
    /// (the watch loop calls it after announcing each rebuild); dropping the session
    /// flushes too.
    ///
    /// [`apply`]: Session::apply
    pub fn flush(&mut self) -> Result<()> {
        if !self.manifest_dirty {
            return Ok(());
        }
        let manifest = Manifest {
            fingerprint: 0,
            files: std::mem::take(&mut self.files),
        };
        let res = manifest.write_to(&self.paths.out);
        self.files = manifest.files;
        res?;
        self.manifest_dirty = false;
        Ok(())
    }

    /// The resolved site paths.
    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    /// The site as last built.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Applies a change: reloads what changed and updates the output folder. On error
    /// the output folder keeps the last good site and the change is retried with the
    /// next one.
    pub fn apply(&mut self, change: &Change) -> Result<Report> {
        let mut all = std::mem::take(&mut self.pending);
        all.merge(change);
        let start = Instant::now();
        let result = if all.config || all.registry {
            // The full rebuild reuses unchanged files by the manifest's hashes, so the
            // manifest must describe the folder as it is now.
            self.flush()
                .and_then(|()| Session::new(&self.opts, &self.inject))
                .map(|s| {
                    // The new session wrote its own manifest; the old one must not.
                    self.manifest_dirty = false;
                    *self = s;
                    Report {
                        full: true,
                        parsed: self.records.len(),
                        diagnostics: self.initial_diagnostics.clone(),
                        ..Report::default()
                    }
                })
        } else {
            self.update(&all)
        };
        match result {
            Ok(mut r) => {
                r.articles = self.site.articles.len();
                r.people = self.site.people.len();
                r.seconds = start.elapsed().as_secs_f64();
                r.out = self.paths.out.clone();
                Ok(r)
            }
            Err(e) => {
                self.pending = all;
                self.suspect = true;
                Err(e)
            }
        }
    }

    /// Output files that static files (or asset overrides) take over from pages.
    fn shadowed(&self) -> HashSet<String> {
        self.statics
            .iter()
            .chain(&self.overrides)
            .map(|(r, _)| r.clone())
            .collect()
    }

    /// Reloads changed content files; returns the diagnostics of the changed files and
    /// the number parsed.
    fn reload_content(&mut self, changed: &[PathBuf]) -> (Vec<Diagnostic>, usize) {
        let content = self.paths.content.clone();
        let mut touched: Vec<PathBuf> = Vec::new();
        for p in changed {
            if p.is_dir() {
                let (files, diags) = load::discover(p);
                let _ = diags;
                let gone: Vec<PathBuf> = self
                    .records
                    .keys()
                    .filter(|k| k.starts_with(p) && !k.is_file())
                    .cloned()
                    .collect();
                for g in gone {
                    self.records.remove(&g);
                }
                touched.extend(files);
            } else if p.exists() {
                let rel = p.strip_prefix(&content).unwrap_or(p);
                let ignored = rel
                    .components()
                    .any(|c| load::is_ignored_name(&c.as_os_str().to_string_lossy()));
                if !ignored && load::SourceKind::of(p).is_some() && p.is_file() {
                    touched.push(p.clone());
                } else {
                    self.records.remove(p);
                }
            } else {
                self.records.remove(p);
                let under: Vec<PathBuf> = self
                    .records
                    .keys()
                    .filter(|k| k.starts_with(p))
                    .cloned()
                    .collect();
                for g in under {
                    self.records.remove(&g);
                }
            }
        }
        touched.sort();
        touched.dedup();
        // Unchanged bytes: keep the record; changed: parse again (in parallel).
        let fresh: Vec<(PathBuf, Option<Source>)> = touched
            .par_iter()
            .filter_map(|p| {
                let bytes = std::fs::read(p).ok();
                let same = match (&bytes, self.records.get(p)) {
                    (Some(b), Some(s)) => xxhash_rust::xxh3::xxh3_64(b) == s.hash && s.hash != 0,
                    _ => false,
                };
                (!same).then(|| (p.clone(), read_source(&content, p).map(|x| x.1)))
            })
            .collect();
        let parsed = fresh.len();
        for (p, s) in fresh {
            match s {
                Some(s) => {
                    self.records.insert(p, s);
                }
                None => {
                    self.records.remove(&p);
                }
            }
        }
        let mut diags = Vec::new();
        for p in &touched {
            if let Some(s) = self.records.get(p) {
                diags.extend(s.diags.iter().cloned());
            }
        }
        (diags, parsed)
    }

    /// Puts the new records of `changed` into the site. Only valid when their
    /// [`structure`] is unchanged: then assembling again would give the same site
    /// with these records (and the slugs assembly gave them). Returns the articles
    /// patched, each with whether its sitemap date (`updated`) changed, and refreshes
    /// their digest parts.
    fn patch_site(&mut self, changed: &[PathBuf]) -> Vec<(usize, bool)> {
        let mut out = Vec::new();
        for p in changed {
            let Some(source) = self.records.get(p) else {
                continue;
            };
            let Some(rec) = source.rec.as_ref() else {
                continue;
            };
            let found = self
                .site
                .articles
                .iter()
                .position(|a| a.rec.path == rec.path);
            if let Some(i) = found {
                let slug = std::mem::take(&mut self.site.articles[i].rec.slug);
                let updated = self.site.articles[i].rec.updated;
                self.site.articles[i].rec = Record {
                    slug,
                    ..rec.clone()
                };
                self.parts.refresh(&self.site, i, source.hash);
                out.push((i, updated != rec.updated));
            }
        }
        out
    }

    fn update(&mut self, change: &Change) -> Result<Report> {
        let mut report = Report::default();
        let mut diags = Vec::new();
        let mut clock = Instant::now();
        let mut lap = |report: &mut Report, name: &'static str| {
            report.phases.push((name, clock.elapsed().as_secs_f64()));
            clock = Instant::now();
        };
        // A fast update follows the edited articles to the pages that read them; a full
        // one digests every page. Full: after a failed rebuild, when the site is
        // assembled again, and when static files or asset overrides change.
        let mut full = self.suspect;
        let mut new_graph = None;
        let mut affected = std::collections::BTreeSet::new();
        if !change.templates.is_empty() {
            let is_template = |p: &PathBuf| {
                p.is_dir()
                    || matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("html" | "xml" | "txt") | None
                    )
            };
            if change.templates.iter().any(is_template) {
                let graph = Graph::load(&self.paths.templates)?;
                self.tera = templates::load(&self.paths.templates)?;
                affected = self.graph.affected(&graph);
                new_graph = Some(graph);
            }
            let assets = self.paths.templates.join("assets");
            let overrides = asset_overrides(&self.paths.templates);
            full |= overrides != self.overrides
                || change
                    .templates
                    .iter()
                    .any(|p| p.starts_with(&assets) || assets.starts_with(p));
            self.overrides = overrides;
        }
        let statics_changed = !change.static_files.is_empty();
        if statics_changed {
            self.statics = build::static_files(&self.paths.static_dir, &mut diags);
            full = true;
        }
        let before: Vec<Option<u64>> = change
            .content
            .iter()
            .map(|p| {
                self.records
                    .get(p)
                    .and_then(|s| s.rec.as_ref())
                    .map(structure)
            })
            .collect();
        // An article that shares its URL with another may become, or stop being, a copy
        // of it with any edit (`site::assemble`).
        let clashed = change.content.iter().any(|p| {
            self.records
                .get(p)
                .and_then(|s| s.rec.as_ref())
                .is_some_and(|r| self.site.url_clashes.contains(&r.path))
        });
        let count = self.records.len();
        let (content_diags, parsed) = self.reload_content(&change.content);
        diags.extend(content_diags);
        report.parsed = parsed;
        lap(&mut report, "reload");

        // Edits that leave every record's structure alone (body, title, summary, quote
        // text…) patch the site in place; anything else assembles it again.
        let same_structure = !self.suspect
            && !clashed
            && self.records.len() == count
            && change.content.iter().zip(&before).all(|(p, b)| {
                !p.is_dir()
                    && *b
                        == self
                            .records
                            .get(p)
                            .and_then(|s| s.rec.as_ref())
                            .map(structure)
            });
        report.assembled = !same_structure;
        let mut patched = Vec::new();
        let new_site = if same_structure {
            patched = self.patch_site(&change.content);
            None
        } else {
            full = true;
            let recs: Vec<Record> = self
                .records
                .values()
                .filter_map(|s| s.rec.clone())
                .collect();
            let site = site::assemble(self.config.clone(), recs, &self.registry, self.opts.drafts);
            // Only warnings this change caused; older ones were reported before.
            diags.extend(build::site_diagnostics(
                &self.paths.content,
                site.warnings
                    .iter()
                    .filter(|w| !self.site.warnings.contains(w)),
            ));
            Some(site)
        };
        lap(&mut report, "assemble");
        let search_patch = match &new_site {
            Some(site) => {
                self.search.rebuild(site);
                None
            }
            None => {
                let ids: Vec<usize> = patched.iter().map(|x| x.0).collect();
                Some(self.search.patch(&self.site, &ids))
            }
        };
        let index = self.search.index();
        lap(&mut report, "search");
        let site: &Site = new_site.as_ref().unwrap_or(&self.site);
        let new_parts = new_site.as_ref().map(|s| Parts::new(s, &self.records));
        let parts = new_parts.as_ref().unwrap_or(&self.parts);

        // Pages to look at, with their files and digests.
        let forced = |p: &Page| {
            !affected.is_empty()
                && page_templates(p)
                    .iter()
                    .flatten()
                    .any(|t| affected.contains(*t))
        };
        let shadowed = self.shadowed();
        let mut desired: Option<HashSet<String>> = None;
        let mut readers = None;
        let mut gone: Vec<String> = Vec::new();
        let mut pages = std::mem::take(&mut self.pages);
        let todo: Vec<(Page, String, Option<u64>)>;
        if full {
            pages = render::pages_with_search(site, &index.keys());
            let (digested, r) = digest_all(site, parts, &index, &pages);
            readers = Some(r);
            lap(&mut report, "digest");
            // Every output of the new site: statics, then asset overrides, then pages.
            let mut want: HashSet<String> = shadowed.clone();
            let mut list = Vec::new();
            for (p, (file, digest)) in pages.iter().zip(digested) {
                if shadowed.contains(&file) {
                    if !file.starts_with("assets/") {
                        diags.push(Diagnostic::warning(
                            Path::new(&file),
                            None,
                            "a static file replaces this generated page",
                        ));
                    }
                    continue;
                }
                if !want.insert(file.clone()) {
                    bail!("two outputs claim the same file `{file}`");
                }
                let fresh = !forced(p)
                    && digest.is_some()
                    && self.digests.get(&file) == digest.as_ref()
                    && self.files.contains_key(&file);
                if !fresh {
                    list.push((*p, file, digest));
                }
            }
            desired = Some(want);
            todo = list;
        } else {
            let patch = search_patch.unwrap_or_default();
            let mut look: Vec<Page> = Vec::new();
            for &(i, lastmod) in &patched {
                look.extend(self.readers[i].iter().map(|&k| pages[k as usize]));
                if i < render::FEED_SIZE {
                    look.push(Page::Feed);
                }
                if lastmod {
                    look.extend(
                        pages
                            .iter()
                            .filter(|p| matches!(p, Page::Sitemap(_) | Page::SitemapIndex)),
                    );
                }
            }
            if !patch.shards.is_empty() {
                // Shard keys may have come or gone: the shard pages are listed again.
                // `readers` stays valid: no page before the shards moves, and pages after
                // them (doc shards, feeds, sitemaps) read no article's parts.
                let keys = index.keys();
                let lo = pages
                    .iter()
                    .position(|p| matches!(p, Page::SearchMeta))
                    .map_or(pages.len(), |i| i + 1);
                let hi = lo
                    + pages[lo..]
                        .iter()
                        .take_while(|p| matches!(p, Page::SearchShard(_)))
                        .count();
                pages.splice(lo..hi, keys.iter().copied().map(Page::SearchShard));
                for k in &patch.shards {
                    let key = crate::search::key_of(k);
                    if keys.contains(&key) {
                        look.push(Page::SearchShard(key));
                    } else {
                        gone.push(Page::SearchShard(key).file(site));
                    }
                }
                look.push(Page::SearchMeta);
            }
            look.extend(patch.docs.iter().map(|&d| Page::SearchDocs(d)));
            if !affected.is_empty() {
                look.extend(pages.iter().filter(|p| forced(p)));
            }
            look.sort_unstable();
            look.dedup();
            let d = Digester {
                site,
                parts,
                search: &index,
            };
            todo = look
                .par_iter()
                .filter_map(|p| {
                    let file = p.file(site);
                    if shadowed.contains(&file) {
                        return None;
                    }
                    let digest = d.page(p, &file, &mut Vec::new());
                    let fresh = !forced(p)
                        && digest.is_some()
                        && self.digests.get(&file) == digest.as_ref()
                        && self.files.contains_key(&file);
                    (!fresh).then_some((*p, file, digest))
                })
                .collect();
            lap(&mut report, "digest");
        }
        let mut renderer = Renderer::with_search(site, &self.tera, &pages, index.clone());
        renderer.inject = self.inject.clone();
        let rendered: Vec<(String, Option<u64>, Vec<u8>)> = todo
            .par_iter()
            .map(|(p, file, digest)| {
                let out = renderer
                    .render(p)
                    .with_context(|| format!("rendering {file}"))?;
                Ok((file.clone(), *digest, out.bytes))
            })
            .collect::<Result<_>>()?;
        drop(renderer);
        report.rendered = rendered.len();
        lap(&mut report, "render");
        // Static files: copied when they changed (or when their output is missing).
        let mut writes: Vec<(String, Vec<u8>)> = Vec::new();
        if full {
            let mut copied: HashSet<&String> = HashSet::new();
            for (rel, src) in self.statics.iter().chain(&self.overrides) {
                // A static file wins over an asset override of the same name.
                if !copied.insert(rel) {
                    continue;
                }
                if statics_changed || !change.templates.is_empty() || !self.files.contains_key(rel)
                {
                    let bytes = std::fs::read(src)
                        .with_context(|| format!("cannot read {}", src.display()))?;
                    writes.push((rel.clone(), bytes));
                }
            }
        }
        // Everything is rendered: from here on the new site replaces the old one.
        for (file, digest, bytes) in rendered {
            match digest {
                Some(h) => self.digests.insert(file.clone(), h),
                None => self.digests.remove(&file),
            };
            writes.push((file, bytes));
        }
        for rel in &shadowed {
            self.digests.remove(rel);
        }
        for (rel, bytes) in writes {
            let entry = (xxhash_rust::xxh3::xxh3_64(&bytes), bytes.len() as u64);
            if self.files.get(&rel) != Some(&entry) {
                write_atomic(&self.paths.out, &rel, &bytes)?;
                self.files.insert(rel.clone(), entry);
                report.written += 1;
                report.files.push(rel);
            }
        }
        let stale: Vec<String> = match &desired {
            Some(want) => self
                .files
                .keys()
                .filter(|k| !want.contains(*k))
                .cloned()
                .collect(),
            None => gone
                .into_iter()
                .filter(|f| self.files.contains_key(f))
                .collect(),
        };
        for rel in stale {
            remove_output(&self.paths.out, &rel)?;
            self.files.remove(&rel);
            self.digests.remove(&rel);
            report.removed += 1;
        }
        self.manifest_dirty |= report.written + report.removed > 0;
        lap(&mut report, "write");
        self.pages = pages;
        if let Some(r) = readers {
            self.readers = r;
        }
        if let Some(p) = new_parts {
            self.parts = p;
        }
        if let Some(site) = new_site {
            self.site = site;
        }
        if let Some(g) = new_graph {
            self.graph = g;
        }
        self.suspect = false;
        diags.sort();
        diags.dedup();
        report.diagnostics = diags;
        Ok(report)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Err(e) = self.flush() {
            eprintln!("warning: {e:#}");
        }
    }
}

/// Hash of everything in a record that [`site::assemble`] reads beyond copying the
/// record into its article: order, URL, people, names written as titles, credits, quote
/// speakers, redirects, corrections and drafts. Records with equal structure assemble
/// into the same site.
fn structure(r: &Record) -> u64 {
    let mut h = H::new("structure");
    h.s(&r.path)
        .s(&r.slug)
        .d(&r.date)
        .d(&r.datetime)
        .u(r.draft as u64)
        .d(&r.people)
        .d(&r.works)
        .d(&r.byline)
        .d(&r.contributors)
        .d(&r.aliases)
        .d(&r.corrections);
    for q in &r.quotes {
        h.d(&q.speaker);
    }
    h.done()
}

/// Writes one output file so that readers see either the old or the new bytes.
fn write_atomic(out: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    output::check_rel(rel)?;
    let dest = out.join(rel);
    let dir = dest.parent().unwrap_or(out);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = dest
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.dateline-tmp"));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &dest).with_context(|| format!("cannot write {}", dest.display()))
}

/// Deletes one output file and the folders it leaves empty.
fn remove_output(out: &Path, rel: &str) -> Result<()> {
    output::check_rel(rel)?;
    let dest = out.join(rel);
    match std::fs::remove_file(&dest) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot remove {}", dest.display())),
    }
    let mut dir = dest.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// The parts page digests are made of: per-article and per-person hashes, and the
/// site-wide ones. Kept between rebuilds; an edit that leaves the site's structure
/// alone refreshes only the edited articles' parts.
struct Parts {
    /// The `site` view shown on every HTML page.
    common: u64,
    /// Per article: its source file (path and bytes hash).
    content: Vec<u64>,
    /// Per article: what a list card or feed entry shows (so body edits leave the
    /// lists alone).
    card: Vec<u64>,
    /// Per person: name and URL.
    link: Vec<u64>,
    /// Everything the people index shows.
    people: u64,
}

impl Parts {
    fn new(site: &Site, records: &BTreeMap<PathBuf, Source>) -> Parts {
        let by_rel: HashMap<&str, u64> = records
            .values()
            .filter_map(|s| s.rec.as_ref().map(|r| (r.path.as_str(), s.hash)))
            .collect();
        let base = site.config.base();
        let base_path = site.config.base_path();
        let view = render::views::SiteView::new(site, &base, &base_path);
        let common = H::new("site")
            .s(&serde_json::to_string(&view).unwrap_or_default())
            .d(&site.config)
            .done();
        let link: Vec<u64> = site
            .people
            .iter()
            .map(|p| H::new("link").s(&p.name).s(&p.url).done())
            .collect();
        let mut parts = Parts {
            common,
            content: Vec::new(),
            card: Vec::new(),
            link,
            people: 0,
        };
        parts.content = site
            .articles
            .iter()
            .map(|a| Parts::content_of(a, by_rel.get(a.rec.path.as_str()).copied().unwrap_or(0)))
            .collect();
        parts.card = site.articles.iter().map(|a| parts.card_of(a)).collect();
        let mut h = H::new("people");
        h.u(site.people.len() as u64);
        for (i, p) in site.people.iter().enumerate() {
            h.u(parts.link[i])
                .u(p.mentioned_in.len() as u64)
                .u(p.bylines.len() as u64)
                .d(&p.roles.first().map(|r| &r.role))
                .d(&p.initial);
        }
        parts.people = h.done();
        parts
    }

    fn content_of(a: &site::Article, source_hash: u64) -> u64 {
        H::new("content")
            .s(&a.rec.path)
            .u(source_hash)
            .s(&a.rec.slug)
            .done()
    }

    /// Hash of the fields of [`render::views::Card`] and of a feed entry.
    fn card_of(&self, a: &site::Article) -> u64 {
        let r = &a.rec;
        let mut h = H::new("card");
        h.s(a.headline())
            .s(&a.url)
            .d(&r.date)
            .d(&r.updated)
            .s(&r.summary)
            .d(&r.source)
            .d(&r.dateline);
        for &p in &a.byline {
            h.u(self.link[p]);
        }
        h.done()
    }

    /// Refreshes article `i` after its record was patched in place (its source
    /// file's bytes hash is `source_hash`).
    fn refresh(&mut self, site: &Site, i: usize, source_hash: u64) {
        let a = &site.articles[i];
        self.content[i] = Parts::content_of(a, source_hash);
        self.card[i] = self.card_of(a);
    }
}

/// Digests of everything each page is rendered from. Equal digests mean equal bytes
/// (with the same templates); `None` means "always render" (cheap whole-site outputs).
/// While digesting a page it notes which articles' parts it read, so that an edit of
/// one article can be followed to the pages that show it.
struct Digester<'a> {
    site: &'a Site,
    parts: &'a Parts,
    /// The site's search index.
    search: &'a crate::search::Index,
}

struct H(xxhash_rust::xxh3::Xxh3);

impl H {
    fn new(tag: &str) -> H {
        let mut h = H(xxhash_rust::xxh3::Xxh3::new());
        h.s(tag);
        h
    }
    fn s(&mut self, s: &str) -> &mut Self {
        self.0.update(&(s.len() as u64).to_le_bytes());
        self.0.update(s.as_bytes());
        self
    }
    fn u(&mut self, n: u64) -> &mut Self {
        self.0.update(&n.to_le_bytes());
        self
    }
    fn b(&mut self, b: &[u8]) -> &mut Self {
        self.0.update(&(b.len() as u64).to_le_bytes());
        self.0.update(b);
        self
    }
    fn d(&mut self, v: &impl std::fmt::Debug) -> &mut Self {
        use std::fmt::Write;
        let _ = write!(self, "{v:?}");
        self.0.update(b"\0");
        self
    }
    fn done(&self) -> u64 {
        self.0.digest()
    }
}

impl std::fmt::Write for H {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

impl<'a> Digester<'a> {
    fn card(&self, seen: &mut Vec<u32>, i: usize) -> u64 {
        seen.push(i as u32);
        self.parts.card[i]
    }

    fn content(&self, seen: &mut Vec<u32>, i: usize) -> u64 {
        seen.push(i as u32);
        self.parts.content[i]
    }

    fn cards(&self, h: &mut H, seen: &mut Vec<u32>, items: &[usize]) {
        h.u(items.len() as u64);
        for &i in items {
            h.u(self.card(seen, i));
        }
    }

    fn slice(items: &[usize], n: usize, per: usize) -> &[usize] {
        let lo = (n.saturating_sub(1) * per).min(items.len());
        let hi = (lo + per).min(items.len());
        &items[lo..hi]
    }

    /// Digest of `page` (output `file`), or `None` when it is always rendered. The
    /// articles whose parts it read are added to `seen`.
    fn page(&self, page: &Page, file: &str, seen: &mut Vec<u32>) -> Option<u64> {
        let site = self.site;
        let parts = self.parts;
        let mut h = H::new(file);
        h.u(parts.common);
        match *page {
            Page::Home(n) => {
                let per = site.config.paginate_by;
                let len = site.articles.len();
                h.u(len as u64).u(n as u64);
                let lo = (n.saturating_sub(1) * per).min(len);
                for i in lo..(lo + per).min(len) {
                    h.u(self.card(seen, i));
                }
            }
            Page::Month { year, month, page } => {
                let y = &site.years[year];
                let m = &y.months[month];
                h.u(y.year as u64).u(m.month as u64).u(page as u64);
                h.u(m.articles.len() as u64);
                self.cards(
                    &mut h,
                    seen,
                    Self::slice(&m.articles, page, render::LIST_PAGE_SIZE),
                );
            }
            Page::Undated(n) => {
                h.u(site.undated.len() as u64).u(n as u64);
                self.cards(
                    &mut h,
                    seen,
                    Self::slice(&site.undated, n, render::LIST_PAGE_SIZE),
                );
            }
            Page::Year(y) => {
                let year = &site.years[y];
                h.u(year.year as u64).u(year.count as u64);
                for m in &year.months {
                    h.u(m.month as u64).u(m.articles.len() as u64);
                    self.cards(&mut h, seen, &m.articles[..m.articles.len().min(5)]);
                }
                for k in [y.checked_sub(1), Some(y + 1)].into_iter().flatten() {
                    if let Some(o) = site.years.get(k) {
                        h.u(o.year as u64).u(o.count as u64);
                    }
                }
            }
            Page::Article(i) => {
                let a = &site.articles[i];
                h.u(self.content(seen, i)).s(&a.url);
                for ap in &a.people {
                    h.u(parts.link[ap.person]).u(ap.roles.len() as u64);
                    for r in &ap.roles {
                        h.s(r);
                    }
                    h.u(ap.age.map_or(u64::MAX, u64::from));
                }
                h.s("|");
                for &p in a
                    .byline
                    .iter()
                    .chain([usize::MAX].iter())
                    .chain(&a.contributors)
                {
                    h.u(parts.link.get(p).copied().unwrap_or(0));
                }
                for s in &a.quote_speakers {
                    h.u(s.map_or(0, |p| parts.link[p]));
                }
                for n in [a.prev, a.next] {
                    h.u(n.map_or(0, |k| self.card(seen, k)));
                }
                self.cards(&mut h, seen, site.related(i));
            }
            Page::Redirect(r) => {
                let t = site.redirects[r].article;
                h.u(self.card(seen, t));
            }
            Page::Person { person, page } => {
                let p = &site.people[person];
                h.u(parts.link[person])
                    .u(page as u64)
                    .d(&p.aliases)
                    .d(&p.roles)
                    .d(&p.bio)
                    .d(&p.ages)
                    .u(p.mentions as u64)
                    .d(&p.first)
                    .d(&p.last)
                    .u(p.mentioned_in.len() as u64)
                    .u(p.bylines.len() as u64)
                    .u(p.written as u64);
                self.cards(
                    &mut h,
                    seen,
                    Self::slice(&p.mentioned_in, page, render::LIST_PAGE_SIZE),
                );
                self.cards(
                    &mut h,
                    seen,
                    Self::slice(&p.bylines, page, render::LIST_PAGE_SIZE),
                );
                for &(o, count) in &p.comentions {
                    h.u(parts.link[o]).u(count as u64);
                }
                if page == 1 {
                    // The timeline chart covers every dated article of the person.
                    for &i in p.mentioned_in.iter().chain(&p.bylines) {
                        h.u(i as u64).d(&site.articles[i].rec.date);
                    }
                    for &(a, q) in p.quotes.iter().take(20) {
                        h.u(self.card(seen, a)).u(self.content(seen, a)).u(q as u64);
                    }
                }
            }
            Page::PersonFeed(pi) => {
                let p = &site.people[pi];
                h.u(parts.link[pi]);
                let mut ids: Vec<usize> =
                    p.mentioned_in.iter().chain(&p.bylines).copied().collect();
                ids.sort_unstable();
                ids.dedup();
                for &i in ids.iter().take(render::PERSON_FEED_SIZE) {
                    h.u(self.card(seen, i));
                }
            }
            Page::PeopleIndex => {
                h.u(parts.people);
            }
            Page::PeopleInitial(c) => {
                h.u(parts.people).u(c as u64);
            }
            Page::Corrections => {
                h.u(site.corrections.len() as u64);
                for &(a, c) in &site.corrections {
                    h.u(self.card(seen, a)).u(self.content(seen, a)).u(c as u64);
                }
            }
            Page::Archive => {
                for y in &site.years {
                    h.u(y.year as u64).u(y.count as u64);
                    for m in &y.months {
                        h.u(m.month as u64).u(m.articles.len() as u64);
                    }
                }
                h.u(site.undated.len() as u64);
            }
            Page::NotFound => {}
            Page::Search => {
                h.u(site.articles.len() as u64).u(site.people.len() as u64);
            }
            // Search index files: digested by their bytes, from the site's (shared) index.
            Page::SearchMeta => {
                let meta = serde_json::to_vec(&self.search.meta(site.articles.len())).ok()?;
                h.b(&meta);
            }
            Page::SearchShard(k) => {
                h.b(&self.search.shard_json(&k));
            }
            Page::SearchDocs(n) => {
                h.b(&self.search.docs_json(n));
            }
            Page::Feed | Page::SitemapIndex | Page::Sitemap(_) | Page::Robots | Page::Asset(_) => {
                return None
            }
        }
        Some(h.done())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Parts::card_of`] hashes the fields of a card and of a feed entry. This test
    /// lists those fields: a field added to either stops it compiling, as a reminder to
    /// add the field to the hash.
    #[test]
    fn card_hash_covers_card_and_entry_fields() {
        let card = render::views::Card {
            title: "headline",
            url: "url",
            date: None,
            date_display: None,
            summary: "summary",
            source: None,
            dateline: None,
            byline: Vec::new(),
            html: "",
            shown: render::views::CardFields::ALL,
        };
        let entry = render::xml::Entry {
            title: "headline",
            url: "url".into(),
            date: None,
            updated: None,
            authors: Vec::new(),
            summary: "summary",
            content_html: None,
        };
        assert_eq!(card.title, entry.title);
    }

    #[test]
    fn pages_using_cards_name_card_html() {
        assert_eq!(
            page_templates(&Page::Person { person: 0, page: 1 }),
            [Some("person.html"), Some("card.html")]
        );
        assert_eq!(
            page_templates(&Page::PeopleIndex),
            [Some("people.html"), None]
        );
        assert_eq!(page_templates(&Page::Feed), [None, None]);
        assert_eq!(page_templates(&Page::SearchMeta), [None, None]);
    }
}
