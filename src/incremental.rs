//! Incremental rebuilds: the engine behind `watch` and `serve`.
//!
//! A [`Session`] keeps the loaded site in memory: one parsed record per content file
//! with the hash of the file's bytes (unchanged files are never parsed again), the
//! templates, the static file list, a digest of every input of every page, and the
//! hash of every output file. [`Session::apply`] reloads only the changed files,
//! re-assembles the site (cheap), re-renders only the pages whose input digest changed,
//! writes only outputs whose bytes changed (temp file + rename, so a reader never sees
//! a partial file) and deletes outputs that no longer exist. The output is byte-identical
//! to a clean `dateline build` of the same sources (the manifest aside: its fingerprint
//! is zero so that the next `dateline build` never mistakes the folder for up to date).

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
use crate::site::{self, Site};
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
    registry: Registry,
    records: BTreeMap<PathBuf, Source>,
    statics: Vec<(String, PathBuf)>,
    overrides: Vec<(String, PathBuf)>,
    site: Site,
    /// Output file → digest of the inputs it was rendered from.
    digests: HashMap<String, u64>,
    /// Output file → (xxh3, length) of what is on disk.
    files: HashMap<String, (u64, u64)>,
    /// Changes of failed rebuilds, retried with the next change.
    pending: Change,
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
            let (rec, diags) = load::parse(&raw, path);
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
        diags.extend(site_warnings(&site, &paths));
        let pages = render::pages(&site);
        let mut renderer = Renderer::new(&site, &tera, &pages);
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
        staging.commit(0)?;
        let files = Manifest::read(&paths.out)
            .map(|m| m.files)
            .context("the new site has no manifest")?;
        let mut session = Session {
            opts,
            inject: inject.to_string(),
            paths,
            config,
            tera,
            registry,
            records,
            statics,
            overrides,
            site,
            digests: HashMap::new(),
            files,
            pending: Change::default(),
            manifest_dirty: false,
            initial_diagnostics: diags,
        };
        let shadowed = session.shadowed();
        let d = Digester::new(&session.site, &session.records);
        session.digests = pages
            .iter()
            .map(|p| (p.file(&session.site), p))
            .filter(|(f, _)| !shadowed.contains(f))
            .filter_map(|(f, p)| d.page(p, &f).map(|h| (f, h)))
            .collect();
        Ok(session)
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
    /// with these records (and the slugs assembly gave them).
    fn patch_site(&mut self, changed: &[PathBuf]) {
        for p in changed {
            let Some(rec) = self.records.get(p).and_then(|s| s.rec.as_ref()) else {
                continue;
            };
            let found = self
                .site
                .articles
                .iter()
                .position(|a| a.rec.path == rec.path);
            if let Some(i) = found {
                let slug = std::mem::take(&mut self.site.articles[i].rec.slug);
                self.site.articles[i].rec = Record {
                    slug,
                    ..rec.clone()
                };
            }
        }
    }

    fn update(&mut self, change: &Change) -> Result<Report> {
        let mut report = Report::default();
        let mut diags = Vec::new();
        let mut render_all = false;
        if !change.templates.is_empty() {
            let is_template = |p: &PathBuf| {
                p.is_dir()
                    || matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("html" | "xml" | "txt") | None
                    )
            };
            if change.templates.iter().any(is_template) {
                self.tera = templates::load(&self.paths.templates)?;
                render_all = true;
            }
            self.overrides = asset_overrides(&self.paths.templates);
        }
        let statics_changed = !change.static_files.is_empty();
        if statics_changed {
            self.statics = build::static_files(&self.paths.static_dir, &mut diags);
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
        let count = self.records.len();
        let (content_diags, parsed) = self.reload_content(&change.content);
        diags.extend(content_diags);
        report.parsed = parsed;

        // Edits that leave every record's structure alone (body, title, summary, quote
        // text…) patch the site in place; anything else assembles it again.
        let same_structure = self.records.len() == count
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
        let new_site = if same_structure {
            self.patch_site(&change.content);
            None
        } else {
            let recs: Vec<Record> = self
                .records
                .values()
                .filter_map(|s| s.rec.clone())
                .collect();
            let site = site::assemble(self.config.clone(), recs, &self.registry, self.opts.drafts);
            // Only warnings this change caused; older ones were reported before.
            diags.extend(
                site_warnings(&site, &self.paths)
                    .into_iter()
                    .filter(|d| !self.site.warnings.contains(&d.message)),
            );
            Some(site)
        };
        let site: &Site = new_site.as_ref().unwrap_or(&self.site);
        let pages = render::pages(site);
        let mut renderer = Renderer::new(site, &self.tera, &pages);
        renderer.inject = self.inject.clone();

        // Every output of the new site: statics, then asset overrides, then pages.
        let mut desired: HashSet<String> = HashSet::with_capacity(pages.len() + 16);
        let mut copies: Vec<(String, PathBuf)> = Vec::new();
        for (rel, src) in &self.statics {
            desired.insert(rel.clone());
            copies.push((rel.clone(), src.clone()));
        }
        for (rel, src) in &self.overrides {
            if desired.insert(rel.clone()) {
                copies.push((rel.clone(), src.clone()));
            }
        }
        let shadowed = desired.clone();
        let d = Digester::new(site, &self.records);
        let digested: Vec<(String, Option<u64>)> = pages
            .par_iter()
            .map(|p| {
                let file = p.file(site);
                let digest = d.page(p, &file);
                (file, digest)
            })
            .collect();
        let mut todo: Vec<(Page, String, Option<u64>)> = Vec::new();
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
            if !desired.insert(file.clone()) {
                bail!("two outputs claim the same file `{file}`");
            }
            let fresh = !render_all
                && digest.is_some()
                && self.digests.get(&file) == digest.as_ref()
                && self.files.contains_key(&file);
            if !fresh {
                todo.push((*p, file, digest));
            }
        }
        let rendered: Vec<(String, Option<u64>, Vec<u8>)> = todo
            .par_iter()
            .map(|(p, file, digest)| {
                let out = renderer
                    .render(p)
                    .with_context(|| format!("rendering {file}"))?;
                Ok((file.clone(), *digest, out.bytes))
            })
            .collect::<Result<_>>()?;
        report.rendered = rendered.len();
        // Static files: copied when they changed (or when their output is missing).
        let mut writes: Vec<(String, Vec<u8>)> = Vec::new();
        for (rel, src) in copies {
            if statics_changed || !change.templates.is_empty() || !self.files.contains_key(&rel) {
                let bytes = std::fs::read(&src)
                    .with_context(|| format!("cannot read {}", src.display()))?;
                writes.push((rel, bytes));
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
                self.files.insert(rel, entry);
                report.written += 1;
            }
        }
        let stale: Vec<String> = self
            .files
            .keys()
            .filter(|k| !desired.contains(*k))
            .cloned()
            .collect();
        for rel in stale {
            remove_output(&self.paths.out, &rel)?;
            self.files.remove(&rel);
            self.digests.remove(&rel);
            report.removed += 1;
        }
        self.manifest_dirty |= report.written + report.removed > 0;
        if let Some(site) = new_site {
            self.site = site;
        }
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

fn site_warnings(site: &Site, paths: &Paths) -> Vec<Diagnostic> {
    site.warnings
        .iter()
        .map(|w| Diagnostic::warning(&paths.content, None, w.clone()))
        .collect()
}

/// Hash of everything in a record that [`site::assemble`] reads beyond copying the
/// record into its article: order, URL, people, credits, quote speakers, redirects,
/// corrections and drafts. Records with equal structure assemble into the same site.
fn structure(r: &Record) -> u64 {
    let mut h = H::new("structure");
    h.s(&r.path)
        .s(&r.slug)
        .d(&r.date)
        .d(&r.datetime)
        .u(r.draft as u64)
        .d(&r.people)
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

/// Digests of everything each page is rendered from. Equal digests mean equal bytes
/// (with the same templates); `None` means "always render" (cheap whole-site outputs).
struct Digester<'a> {
    site: &'a Site,
    /// The `site` view shown on every HTML page.
    common: u64,
    /// Per article: its source file (path and bytes hash).
    content: Vec<u64>,
    /// Per article: what a list card shows.
    card: Vec<u64>,
    /// Per person: name and URL.
    link: Vec<u64>,
    /// Everything the people index shows.
    people: u64,
    /// The site's search index (built once, before pages are digested in parallel).
    search: std::sync::Arc<crate::search::Index>,
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
    fn new(site: &'a Site, records: &BTreeMap<PathBuf, Source>) -> Digester<'a> {
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
        let content: Vec<u64> = site
            .articles
            .iter()
            .map(|a| {
                H::new("content")
                    .s(&a.rec.path)
                    .u(by_rel.get(a.rec.path.as_str()).copied().unwrap_or(0))
                    .s(&a.rec.slug)
                    .done()
            })
            .collect();
        let card = site
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut h = H::new("card");
                h.u(content[i]).s(&a.url);
                for &p in &a.byline {
                    h.u(link[p]);
                }
                h.done()
            })
            .collect();
        let mut h = H::new("people");
        h.u(site.people.len() as u64);
        for (i, p) in site.people.iter().enumerate() {
            h.u(link[i])
                .u(p.mentioned_in.len() as u64)
                .u(p.bylines.len() as u64)
                .d(&p.roles.first().map(|r| &r.role))
                .d(&p.initial);
        }
        let people = h.done();
        Digester {
            site,
            common,
            content,
            card,
            link,
            people,
            search: crate::search::Index::for_site(site),
        }
    }

    fn cards(&self, h: &mut H, items: &[usize]) {
        h.u(items.len() as u64);
        for &i in items {
            h.u(self.card[i]);
        }
    }

    fn slice(items: &[usize], n: usize, per: usize) -> &[usize] {
        let lo = (n.saturating_sub(1) * per).min(items.len());
        let hi = (lo + per).min(items.len());
        &items[lo..hi]
    }

    /// Digest of `page` (output `file`), or `None` when it is always rendered.
    fn page(&self, page: &Page, file: &str) -> Option<u64> {
        let site = self.site;
        let mut h = H::new(file);
        h.u(self.common);
        match *page {
            Page::Home(n) => {
                let per = site.config.paginate_by;
                let len = site.articles.len();
                h.u(len as u64).u(n as u64);
                let lo = (n.saturating_sub(1) * per).min(len);
                for i in lo..(lo + per).min(len) {
                    h.u(self.card[i]);
                }
            }
            Page::Month { year, month, page } => {
                let y = &site.years[year];
                let m = &y.months[month];
                h.u(y.year as u64).u(m.month as u64).u(page as u64);
                h.u(m.articles.len() as u64);
                self.cards(
                    &mut h,
                    Self::slice(&m.articles, page, render::LIST_PAGE_SIZE),
                );
            }
            Page::Undated(n) => {
                h.u(site.undated.len() as u64).u(n as u64);
                self.cards(
                    &mut h,
                    Self::slice(&site.undated, n, render::LIST_PAGE_SIZE),
                );
            }
            Page::Year(y) => {
                let year = &site.years[y];
                h.u(year.year as u64).u(year.count as u64);
                for m in &year.months {
                    h.u(m.month as u64).u(m.articles.len() as u64);
                    self.cards(&mut h, &m.articles[..m.articles.len().min(5)]);
                }
                for k in [y.checked_sub(1), Some(y + 1)].into_iter().flatten() {
                    if let Some(o) = site.years.get(k) {
                        h.u(o.year as u64).u(o.count as u64);
                    }
                }
            }
            Page::Article(i) => {
                let a = &site.articles[i];
                h.u(self.content[i]).s(&a.url);
                for ap in &a.people {
                    h.u(self.link[ap.person]).u(ap.roles.len() as u64);
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
                    h.u(self.link.get(p).copied().unwrap_or(0));
                }
                for s in &a.quote_speakers {
                    h.u(s.map_or(0, |p| self.link[p]));
                }
                for n in [a.prev, a.next] {
                    h.u(n.map_or(0, |k| self.card[k]));
                }
                self.cards(&mut h, &a.related);
            }
            Page::Redirect(r) => {
                let t = site.redirects[r].article;
                h.u(self.card[t]);
            }
            Page::Person { person, page } => {
                let p = &site.people[person];
                h.u(self.link[person])
                    .u(page as u64)
                    .d(&p.aliases)
                    .d(&p.roles)
                    .d(&p.bio)
                    .d(&p.ages)
                    .u(p.mentions as u64)
                    .d(&p.first)
                    .d(&p.last)
                    .u(p.mentioned_in.len() as u64)
                    .u(p.bylines.len() as u64);
                self.cards(
                    &mut h,
                    Self::slice(&p.mentioned_in, page, render::LIST_PAGE_SIZE),
                );
                self.cards(
                    &mut h,
                    Self::slice(&p.bylines, page, render::LIST_PAGE_SIZE),
                );
                for &(o, count) in &p.comentions {
                    h.u(self.link[o]).u(count as u64);
                }
                if page == 1 {
                    // The timeline chart covers every dated article of the person.
                    for &i in p.mentioned_in.iter().chain(&p.bylines) {
                        h.u(i as u64).d(&site.articles[i].rec.date);
                    }
                    for &(a, q) in p.quotes.iter().take(20) {
                        h.u(self.card[a]).u(self.content[a]).u(q as u64);
                    }
                }
            }
            Page::PersonFeed(pi) => {
                let p = &site.people[pi];
                h.u(self.link[pi]);
                let mut ids: Vec<usize> =
                    p.mentioned_in.iter().chain(&p.bylines).copied().collect();
                ids.sort_unstable();
                ids.dedup();
                for &i in ids.iter().take(render::PERSON_FEED_SIZE) {
                    h.u(self.card[i]);
                }
            }
            Page::PeopleIndex => {
                h.u(self.people);
            }
            Page::PeopleInitial(c) => {
                h.u(self.people).u(c as u64);
            }
            Page::Corrections => {
                h.u(site.corrections.len() as u64);
                for &(a, c) in &site.corrections {
                    h.u(self.card[a]).u(c as u64);
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
