//! `dateline watch`: rebuild incrementally whenever a source file changes.
//!
//! File events are debounced, classified by the pure [`classify`] into a [`Change`]
//! (content, templates, static, config, registry) and handed to the incremental engine
//! ([`crate::incremental::Session`]). The output folder is never watched, and editor
//! temp/swap files are ignored. `serve` runs the same loop and forwards each outcome to
//! the browsers.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher as _};

use crate::build::Paths;
use crate::config::CONFIG_FILE;
use crate::incremental::{Report, Session};
use crate::load::is_ignored_name;
use crate::registry::REGISTRY_FILE;

/// Quiet time that ends a burst of file events.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// What changed, by kind of input. Paths are absolute source paths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// Files or folders under the content folder (created, modified, removed, renamed).
    pub content: Vec<PathBuf>,
    pub templates: Vec<PathBuf>,
    pub static_files: Vec<PathBuf>,
    /// `dateline.toml` changed.
    pub config: bool,
    /// `people.toml` changed.
    pub registry: bool,
}

impl Change {
    /// True when nothing relevant changed.
    pub fn is_empty(&self) -> bool {
        self.content.is_empty()
            && self.templates.is_empty()
            && self.static_files.is_empty()
            && !self.config
            && !self.registry
    }

    /// True when only stylesheets changed: browsers can swap them without reloading.
    pub fn css_only(&self) -> bool {
        !self.is_empty()
            && self.content.is_empty()
            && !self.config
            && !self.registry
            && self
                .templates
                .iter()
                .chain(&self.static_files)
                .all(|p| p.extension().is_some_and(|e| e == "css"))
    }

    /// Adds the paths and flags of `other`.
    pub fn merge(&mut self, other: &Change) {
        for (mine, theirs) in [
            (&mut self.content, &other.content),
            (&mut self.templates, &other.templates),
            (&mut self.static_files, &other.static_files),
        ] {
            mine.extend(theirs.iter().cloned());
            mine.sort();
            mine.dedup();
        }
        self.config |= other.config;
        self.registry |= other.registry;
    }

    /// One-line description for the terminal.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (n, what) in [
            (self.content.len(), "content"),
            (self.templates.len(), "template"),
            (self.static_files.len(), "static"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        if self.config {
            parts.push(CONFIG_FILE.into());
        }
        if self.registry {
            parts.push(REGISTRY_FILE.into());
        }
        parts.join(", ")
    }
}

/// Where the watched inputs and the output live (absolute paths).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub root: PathBuf,
    pub content: PathBuf,
    pub templates: PathBuf,
    pub static_dir: PathBuf,
    pub out: PathBuf,
}

impl Layout {
    /// The layout of resolved site paths.
    pub fn of(paths: &Paths) -> Layout {
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        Layout {
            root: abs(&paths.root),
            content: abs(&paths.content),
            templates: abs(&paths.templates),
            static_dir: abs(&paths.static_dir),
            out: abs(&paths.out),
        }
    }
}

/// True when some component of `rel` is an editor/tool leftover.
fn ignored(rel: &Path) -> bool {
    rel.components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
}

/// Sorts changed paths into a [`Change`]. Pure: looks only at the paths. Anything in
/// the output folder, outside the watched inputs, or named like a temp/swap file is
/// dropped.
pub fn classify(paths: &[PathBuf], layout: &Layout) -> Change {
    let mut c = Change::default();
    for p in paths {
        if p.starts_with(&layout.out) {
            continue;
        }
        if p.parent() == Some(layout.root.as_path()) {
            match p.file_name().and_then(|n| n.to_str()) {
                Some(CONFIG_FILE) => {
                    c.config = true;
                    continue;
                }
                Some(REGISTRY_FILE) => {
                    c.registry = true;
                    continue;
                }
                _ => {}
            }
        }
        for (dir, list) in [
            (&layout.content, &mut c.content),
            (&layout.templates, &mut c.templates),
            (&layout.static_dir, &mut c.static_files),
        ] {
            if let Ok(rel) = p.strip_prefix(dir) {
                // Static files follow the build's own rule: ".htaccess" is published.
                let skip = if dir == &layout.static_dir {
                    rel.components().any(|c| {
                        crate::load::is_unpublished_static(&c.as_os_str().to_string_lossy())
                    })
                } else {
                    ignored(rel)
                };
                if !skip {
                    list.push(p.clone());
                }
                break;
            }
        }
    }
    for list in [&mut c.content, &mut c.templates, &mut c.static_files] {
        list.sort();
        list.dedup();
    }
    c
}

/// Outcome of one rebuild, for the terminal and the browsers.
pub enum Outcome<'a> {
    Rebuilt(&'a Change, &'a Report),
    Failed(&'a Change, &'a anyhow::Error),
}

/// Prints an outcome to the terminal.
pub fn print_outcome(o: &Outcome<'_>) {
    match o {
        Outcome::Rebuilt(c, r) => {
            for d in &r.diagnostics {
                eprintln!("{d}");
            }
            println!("Change: {}. {r}", c.describe());
        }
        Outcome::Failed(c, e) => {
            eprintln!(
                "error: rebuild after change ({}) failed: {e:#}\n       the output keeps the last good site; fix and save to retry",
                c.describe()
            );
        }
    }
}

/// File watches on a site's inputs, registered before the loop starts so that no
/// change made after [`Watcher::new`] returns is missed.
pub struct Watcher {
    inner: notify::RecommendedWatcher,
    rx: mpsc::Receiver<notify::Result<notify::Event>>,
    layout: Layout,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Watches the content, templates and static folders (recursively) and the site
    /// root (for `dateline.toml` and `people.toml`, and for folders created later).
    pub fn new(paths: &Paths) -> Result<Watcher> {
        let (tx, rx) = mpsc::channel();
        let inner = notify::recommended_watcher(move |res| {
            let _ = tx.send(res);
        })
        .context("cannot start the file watcher")?;
        let mut w = Watcher {
            inner,
            rx,
            layout: Layout::of(paths),
            watched: Vec::new(),
        };
        w.inner
            .watch(&w.layout.root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", w.layout.root.display()))?;
        w.rewatch();
        Ok(w)
    }

    /// Brings the watches in line with the layout (folders may appear, or move with a
    /// config change).
    fn rewatch(&mut self) {
        let l = &self.layout;
        let wanted = [&l.content, &l.templates, &l.static_dir];
        let inner = &mut self.inner;
        self.watched.retain(|d| {
            let keep = d.is_dir() && wanted.contains(&d);
            if !keep {
                let _ = inner.unwatch(d);
            }
            keep
        });
        for d in wanted {
            if d.is_dir() && !self.watched.contains(d) && !d.starts_with(&l.out) {
                match inner.watch(d, RecursiveMode::Recursive) {
                    Ok(()) => self.watched.push(d.clone()),
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", d.display()),
                }
            }
        }
    }

    /// Applies each debounced change to `session` until `stop` is set, calling `on`
    /// with the outcome. Errors of single rebuilds never end the loop.
    pub fn run(
        mut self,
        session: &mut Session,
        stop: &AtomicBool,
        mut on: impl FnMut(Outcome<'_>),
    ) -> Result<()> {
        while !stop.load(Ordering::Relaxed) {
            let first = match self.rx.recv_timeout(Duration::from_millis(100)) {
                Ok(ev) => ev,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            let mut paths = Vec::new();
            let mut take = |ev: notify::Result<notify::Event>| match ev {
                Ok(ev) if !matches!(ev.kind, notify::EventKind::Access(_)) => {
                    paths.extend(ev.paths)
                }
                Ok(_) => {}
                Err(e) => eprintln!("warning: file watcher: {e}"),
            };
            take(first);
            let burst = Instant::now();
            // Debounce: collect until the events pause (bounded, so a busy tree still
            // rebuilds).
            while let Ok(ev) = self.rx.recv_timeout(DEBOUNCE) {
                take(ev);
                if burst.elapsed() > Duration::from_secs(2) {
                    break;
                }
            }
            let change = classify(&paths, &self.layout);
            if change.is_empty() {
                continue;
            }
            match session.apply(&change) {
                Ok(report) => on(Outcome::Rebuilt(&change, &report)),
                Err(e) => on(Outcome::Failed(&change, &e)),
            }
            if let Err(e) = session.flush() {
                eprintln!("warning: {e:#}");
            }
            self.layout = Layout::of(session.paths());
            self.rewatch();
        }
        Ok(())
    }
}

/// Watches the session's inputs until `stop` is set (see [`Watcher::run`]).
pub fn run(session: &mut Session, stop: &AtomicBool, on: impl FnMut(Outcome<'_>)) -> Result<()> {
    Watcher::new(session.paths())?.run(session, stop, on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout {
            root: "/s".into(),
            content: "/s/content".into(),
            templates: "/s/templates".into(),
            static_dir: "/s/static".into(),
            out: "/s/public".into(),
        }
    }

    fn pb(v: &[&str]) -> Vec<PathBuf> {
        v.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn classify_table() {
        let l = layout();
        let cases: &[(&[&str], Change)] = &[
            (
                &["/s/content/2020/a.md", "/s/content/2020/a.md"],
                Change {
                    content: pb(&["/s/content/2020/a.md"]),
                    ..Change::default()
                },
            ),
            (
                &[
                    "/s/content/.a.md.swp",
                    "/s/content/a.md~",
                    "/s/content/#a.md#",
                ],
                Change::default(),
            ),
            (&["/s/content/.git/x.md"], Change::default()),
            (
                // Static files follow the build: deliberate hidden files are published.
                &[
                    "/s/static/.htaccess",
                    "/s/static/.well-known/security.txt",
                    "/s/static/.x.css.swp",
                    "/s/static/.git/HEAD",
                    "/s/static/.DS_Store",
                ],
                Change {
                    static_files: pb(&[
                        "/s/static/.htaccess",
                        "/s/static/.well-known/security.txt",
                    ]),
                    ..Change::default()
                },
            ),
            (&["/s/public/index.html", "/s/public"], Change::default()),
            (
                &["/s/dateline.toml", "/s/people.toml"],
                Change {
                    config: true,
                    registry: true,
                    ..Change::default()
                },
            ),
            (
                &["/s/other/dateline.toml", "/elsewhere/a.md"],
                Change::default(),
            ),
            (
                &[
                    "/s/templates/base.html",
                    "/s/static/css/x.css",
                    "/s/content",
                ],
                Change {
                    content: pb(&["/s/content"]),
                    templates: pb(&["/s/templates/base.html"]),
                    static_files: pb(&["/s/static/css/x.css"]),
                    ..Change::default()
                },
            ),
            (
                // An atomic-rename save: temp file created, renamed over the article.
                &["/s/content/a.md.tmp", "/s/content/a.md"],
                Change {
                    content: pb(&["/s/content/a.md"]),
                    ..Change::default()
                },
            ),
        ];
        for (paths, want) in cases {
            assert_eq!(&classify(&pb(paths), &l), want, "{paths:?}");
        }
    }

    #[test]
    fn css_only_changes() {
        let css = Change {
            templates: pb(&["/s/templates/assets/style.css"]),
            static_files: pb(&["/s/static/a/b.css"]),
            ..Change::default()
        };
        assert!(css.css_only());
        let mut mixed = css.clone();
        mixed.templates.push("/s/templates/base.html".into());
        assert!(!mixed.css_only());
        assert!(!Change::default().css_only());
        let mut with_content = css;
        with_content.content.push("/s/content/a.md".into());
        assert!(!with_content.css_only());
    }

    #[test]
    fn merge_dedups() {
        let mut a = Change {
            content: pb(&["/s/content/a.md"]),
            ..Change::default()
        };
        a.merge(&Change {
            content: pb(&["/s/content/a.md", "/s/content/b.md"]),
            config: true,
            ..Change::default()
        });
        assert_eq!(a.content, pb(&["/s/content/a.md", "/s/content/b.md"]));
        assert!(a.config);
        assert_eq!(a.describe(), "2 content, dateline.toml");
    }
}
