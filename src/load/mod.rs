//! Loading: files on disk → [`RawArticle`] → [`Record`], in parallel.
//!
//! Every per-file problem becomes a [`Diagnostic`]; loading never aborts because of one
//! article. Only this module and [`crate::output`] touch the file system during a build.

pub mod cache;
pub mod decode;
pub mod frontmatter;
mod toml_fast;

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::extract;
use crate::model::{BodyFormat, DateSource, Record};
use decode::{decode, Encoding, NotText};

/// Which loader reads a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Markdown,
    Text,
}

impl SourceKind {
    /// The kind of an article file, from its extension; `None` for anything else.
    pub fn of(path: &Path) -> Option<SourceKind> {
        match path.extension()?.to_str()? {
            "md" | "markdown" => Some(SourceKind::Markdown),
            "txt" => Some(SourceKind::Text),
            _ => None,
        }
    }
}

/// An article file read into memory, not yet parsed.
#[derive(Debug, Clone)]
pub struct RawArticle {
    /// Path relative to the content folder, with `/` separators.
    pub rel: String,
    pub kind: SourceKind,
    pub text: String,
    pub encoding: Encoding,
    /// xxh3 hash of the file's bytes.
    pub hash: u64,
    /// Size and modification time of the file as it was read.
    pub stamp: Stamp,
}

/// What a build's fingerprint records of a source file: size and modification time
/// (see `build::fingerprint`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    /// Nanoseconds since the Unix epoch, where the file system tells.
    pub modified_ns: Option<u128>,
}

impl Stamp {
    pub fn of(m: &std::fs::Metadata) -> Stamp {
        Stamp {
            len: m.len(),
            modified_ns: m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos()),
        }
    }
}

/// A file's bytes and its stamp, taken from the open file: `open`, one `statx` and
/// usually a single `read`. (`std::fs::read` makes the same `statx` but then a second
/// `read` to see the end; `File::read_to_end` adds a `statx` and an `lseek` of its own.)
fn read_stamped(path: &Path) -> std::io::Result<(Vec<u8>, Stamp)> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let meta = f.metadata()?;
    let expected = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    let mut bytes = Vec::new();
    // One byte more than expected, so that a file that grew is noticed.
    bytes.try_reserve_exact(expected.saturating_add(1))?;
    bytes.resize(bytes.capacity(), 0);
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            bytes.resize(filled + filled.max(4096), 0);
        }
        let n = match f.read(&mut bytes[filled..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        filled += n;
        // A short read that brings the size the file system gave is the end; anything
        // else (a file that grew or shrank, a file system that reads in pieces) reads
        // on until a read returns nothing.
        if n == 0 || (filled == expected && filled < bytes.len()) {
            break;
        }
    }
    bytes.truncate(filled);
    Ok((bytes, Stamp::of(&meta)))
}

/// True for files editors and tools leave beside real ones: hidden files, backups,
/// swap and lock files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// True for entries of the static folder that are not published: editor leftovers
/// ([`is_ignored_name`] without its rule on hidden names), version-control folders and
/// the files operating systems and empty-folder conventions leave behind. Other hidden
/// files are deliberate (`.htaccess`, `.well-known/`, `.nojekyll`) and are copied.
pub fn is_unpublished_static(name: &str) -> bool {
    const LEFTOVERS: &[&str] = &[
        ".git",
        ".svn",
        ".hg",
        ".gitignore",
        ".gitattributes",
        ".gitkeep",
        ".keep",
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
    ];
    // A hidden name is tested without its dot: ".style.css.swp", ".#notes" are leftovers.
    LEFTOVERS.contains(&name) || is_ignored_name(name.strip_prefix('.').unwrap_or(name))
}

/// Lists the article files under `dir`, sorted, with a diagnostic for every entry that
/// cannot be walked (permissions, symlink loops).
pub fn discover(dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    // Walked in directory order and sorted once at the end: walkdir's sorting takes
    // each entry's file name apart from its path at every comparison.
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && SourceKind::of(e.path()).is_some() => {
                files.push(e.into_path())
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().unwrap_or(dir).to_path_buf();
                let msg = if err.loop_ancestor().is_some() {
                    "symlink loop; not followed".to_string()
                } else {
                    err.io_error()
                        .map_or_else(|| err.to_string(), |e| e.to_string())
                };
                diags.push(Diagnostic::warning(&path, None, msg));
            }
        }
    }
    files.sort_unstable_by(|a, b| path_order(a, b));
    diags.sort_by(|a, b| path_order(&a.path, &b.path));
    (files, diags)
}

/// The order of [`Path`]'s `Ord` (component by component) for paths without `.`
/// components or repeated separators, as walked paths are: bytes compared with the
/// separator lowest, which ends a component before any byte can continue it. Unlike
/// `Ord`, it does not split the paths into components.
fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let (a, b) = (a.as_os_str().as_bytes(), b.as_os_str().as_bytes());
        let key = |c: u8| if c == b'/' { 0 } else { c };
        match a.iter().zip(b).position(|(x, y)| x != y) {
            Some(i) => key(a[i]).cmp(&key(b[i])),
            None => a.len().cmp(&b.len()),
        }
    }
    #[cfg(not(unix))]
    a.cmp(b)
}

/// Relative path of `path` under `dir`, with `/` separators.
pub fn rel_path(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads and decodes one article file.
pub fn read(dir: &Path, path: &Path) -> Result<RawArticle, Diagnostic> {
    let kind = SourceKind::of(path)
        .ok_or_else(|| Diagnostic::warning(path, None, "not an article file"))?;
    let (bytes, stamp) =
        read_stamped(path).map_err(|e| Diagnostic::warning(path, None, e.to_string()))?;
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    let (text, encoding) = decode(bytes).map_err(|NotText::Binary| {
        Diagnostic::warning(path, None, "binary data, not text (skipped)")
    })?;
    Ok(RawArticle {
        rel: rel_path(dir, path),
        kind,
        text,
        encoding,
        hash,
        stamp,
    })
}

/// The warning for a file that was not plain UTF-8.
fn encoding_diag(enc: Encoding, path: &Path) -> Option<Diagnostic> {
    let msg = match enc {
        Encoding::Utf8 => return None,
        Encoding::Windows1252 => "not valid UTF-8; decoded as Windows-1252",
        Encoding::Utf16Le | Encoding::Utf16Be => "UTF-16 text; converted to UTF-8",
    };
    Some(Diagnostic::warning(path, None, msg))
}

pub use crate::extract::Derive;

/// Parses a raw article into its record. `None` means the article is skipped; the
/// diagnostics say why.
pub fn parse(raw: &RawArticle, path: &Path) -> (Option<Record>, Vec<Diagnostic>) {
    parse_as(raw, path, Derive::ALL)
}

/// [`parse`] for a site build: pages are made from the HTML and paragraphs, so `body` is
/// left empty (a Markdown article whose HTML was made while loading comes without its
/// source, see [`Record::body_html`]; raw text without its Markdown form), and only the
/// fields `derive` asks for are derived from the text.
pub fn parse_for_site(
    raw: &RawArticle,
    path: &Path,
    derive: Derive,
) -> (Option<Record>, Vec<Diagnostic>) {
    parse_as(
        raw,
        path,
        Derive {
            body: false,
            ..derive
        },
    )
}

/// [`parse_checked`], with a bug it trips on this article costing the article, not the
/// archive: an error diagnostic, the article skipped.
fn parse_as(raw: &RawArticle, path: &Path, derive: Derive) -> (Option<Record>, Vec<Diagnostic>) {
    crate::diag::contained(|| parse_checked(raw, path, derive))
        .unwrap_or_else(|e| (None, vec![crate::diag::internal_error(path, &e)]))
}

fn parse_checked(
    raw: &RawArticle,
    path: &Path,
    derive: Derive,
) -> (Option<Record>, Vec<Diagnostic>) {
    let mut diags: Vec<Diagnostic> = encoding_diag(raw.encoding, path).into_iter().collect();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let rec = match raw.kind {
        SourceKind::Text => {
            let mut rec = extract::extract_raw_with(&raw.text, name, derive);
            if rec.title.is_empty() {
                // One warning: the extractor's own ("empty file") would repeat it.
                diags.push(Diagnostic::warning(
                    path,
                    None,
                    "empty article: no headline and no text (skipped)",
                ));
                return (None, diags);
            }
            diags.extend(
                rec.warnings
                    .iter()
                    .map(|w| Diagnostic::warning(path, None, w.clone())),
            );
            rec.path = raw.rel.clone();
            rec
        }
        SourceKind::Markdown => match parse_markdown(&raw.text, name, path, derive, &mut diags) {
            Some(mut rec) => {
                rec.path = raw.rel.clone();
                rec
            }
            None => return (None, diags),
        },
    };
    (Some(rec), diags)
}

fn parse_markdown(
    text: &str,
    name: &str,
    path: &Path,
    derive: Derive,
    diags: &mut Vec<Diagnostic>,
) -> Option<Record> {
    let mut rec = Record {
        body_format: BodyFormat::Markdown,
        ..Record::default()
    };
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::warning(
                path,
                e.line(),
                format!("{e} (article skipped)"),
            ));
            return None;
        }
    };
    let (given, body) = match &split {
        Some(s) => match frontmatter::parse(s) {
            Ok(map) => (frontmatter::apply(map, s, path, &mut rec, diags), s.body),
            Err(e) => {
                diags.push(Diagnostic::warning(
                    path,
                    e.line(),
                    format!("{e} (article skipped)"),
                ));
                return None;
            }
        },
        None => (frontmatter::Given::default(), text),
    };
    let (paragraphs, heading, html) = markdown_body(body);
    // A site build renders from the HTML and reads the text from the paragraphs: the
    // source would only take memory (a sixth of a Markdown build's peak).
    if derive.body || html.is_none() || paragraphs.is_empty() {
        rec.body = body.to_string();
    }
    rec.paragraphs = paragraphs;
    rec.body_html = html;
    if !given.title {
        // An empty heading ("#" alone) names nothing.
        match heading.filter(|h| !h.trim().is_empty()) {
            Some(h) => rec.title = h,
            None => {
                let stem = name.rsplit_once('.').map_or(name, |x| x.0);
                diags.push(Diagnostic::warning(
                    path,
                    None,
                    "no `title` in front matter; using the file name",
                ));
                rec.title = stem.to_string();
            }
        }
    }
    if given.date {
        rec.date_source = DateSource::FrontMatter;
    } else if let Some(d) = extract::filename_date(name) {
        rec.date = Some(d);
        rec.date_source = DateSource::Filename;
    } else if let Some(first) = rec.paragraphs.first() {
        // A wire dateline opening the body dates the article.
        let probe = format!("{}\n\n{}", rec.title, first);
        if let Some((d, src)) = extract::text::structure(&probe).date {
            rec.date = Some(d);
            rec.date_source = src;
        }
    }
    if !given.slug {
        rec.slug = crate::slug::slugify(&rec.title);
    }
    extract::fill_derived(
        &mut rec,
        !given.summary,
        !given.people,
        Derive {
            quotes: !given.quotes && derive.quotes,
            ..derive
        },
    );
    if !derive.paragraphs && rec.body_html.is_some() {
        rec.paragraphs = Vec::new();
    }
    Some(rec)
}

/// Plain-text paragraphs of a Markdown body (for people, quotes, summary and word count)
/// and the text of its first heading, read without extensions.
pub fn markdown_paragraphs(body: &str) -> (Vec<String>, Option<String>) {
    let mut text = PlainText::default();
    for ev in Parser::new(body) {
        text.event(&ev, "");
    }
    text.finish()
}

/// A Markdown body read once: its plain paragraphs and first heading exactly as
/// [`markdown_paragraphs`] reads them, and its HTML as [`html::markdown`] renders it
/// (`None` when the body has raw HTML, whose rendering depends on `allow_html`).
///
/// The HTML needs the extensions (tables, footnotes, strikethrough, smart punctuation)
/// and the paragraphs are read without them. Smart punctuation only replaces quotes,
/// dots and dashes, each in an event of its own: the source characters are put back.
/// A body using another extension is read a second time, without them.
///
/// [`html::markdown`]: crate::render::html::markdown
pub fn markdown_body(body: &str) -> (Vec<String>, Option<String>, Option<String>) {
    use crate::render::html;
    let mut text = PlainText::default();
    let mut raw_html = false;
    let mut extension = false;
    let events = Parser::new_ext(body, html::MARKDOWN_OPTIONS)
        .into_offset_iter()
        .map(|(ev, range)| {
            match &ev {
                Event::Html(_) | Event::InlineHtml(_) => raw_html = true,
                Event::Start(Tag::Table(_) | Tag::FootnoteDefinition(_) | Tag::Strikethrough)
                | Event::FootnoteReference(_) => extension = true,
                _ => {}
            }
            if !extension {
                text.event(&ev, body.get(range).unwrap_or(""));
            }
            html::safe_event(ev, false)
        });
    let mut out = String::with_capacity(body.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut out, events);
    let (paragraphs, heading) = if extension {
        markdown_paragraphs(body)
    } else {
        text.finish()
    };
    (paragraphs, heading, (!raw_html).then_some(out))
}

/// Collects plain paragraphs and the first heading from Markdown events.
#[derive(Default)]
struct PlainText {
    paras: Vec<String>,
    cur: String,
    heading: Option<String>,
    in_heading: bool,
    head_text: String,
}

impl PlainText {
    /// Takes one event; `source` is the Markdown it was read from (used to undo smart
    /// punctuation), or empty.
    fn event(&mut self, ev: &Event<'_>, source: &str) {
        match ev {
            Event::Start(Tag::Heading { .. }) => self.in_heading = true,
            Event::End(TagEnd::Heading(_)) => {
                self.in_heading = false;
                if self.heading.is_none() {
                    self.heading = Some(std::mem::take(&mut self.head_text).trim().to_string());
                }
                self.head_text.clear();
            }
            Event::Text(t) => {
                let t = if is_smart_punctuation(t, source) {
                    source
                } else {
                    t
                };
                self.push(t);
            }
            Event::Code(t) => self.push(t),
            Event::SoftBreak | Event::HardBreak => self.cur.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                let p = self.cur.trim();
                if !p.is_empty() {
                    self.paras.push(p.to_string());
                }
                self.cur.clear();
            }
            _ => {}
        }
    }

    fn push(&mut self, t: &str) {
        if self.in_heading {
            self.head_text.push_str(t);
        } else {
            self.cur.push_str(t);
        }
    }

    fn finish(mut self) -> (Vec<String>, Option<String>) {
        let p = self.cur.trim();
        if !p.is_empty() {
            self.paras.push(p.to_string());
        }
        (self.paras, self.heading)
    }
}

/// True when `text` is smart punctuation made of `source` (curly quotes from straight
/// ones, an ellipsis from three dots, dashes from hyphens). The source is checked first:
/// for ordinary text its first byte already says no.
fn is_smart_punctuation(text: &str, source: &str) -> bool {
    !source.is_empty()
        && source
            .bytes()
            .all(|b| matches!(b, b'\'' | b'"' | b'.' | b'-'))
        && !text.is_empty()
        && text.chars().all(|c| "‘’“”…–—".contains(c))
}

/// Everything loaded from a content folder.
#[derive(Debug, Default)]
pub struct Loaded {
    pub records: Vec<Record>,
    /// Per record: the hash of a raw article's bytes (what the record cache keys on);
    /// `None` for Markdown articles, which are not cached.
    pub hashes: Vec<Option<u64>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every article file found (including skipped ones), in path order, with its stamp
    /// as read (`None` when it could not be read).
    pub sources: Sources,
}

/// Article files in path order with their stamps as read (`None`: not readable).
pub type Sources = Vec<(PathBuf, Option<Stamp>)>;

/// Loads every article under `dir` in parallel, whole (with the Markdown source of
/// every article, see [`parse`]). Records come back in path order.
pub fn load_dir(dir: &Path) -> Loaded {
    load_dir_with(dir, None, Derive::ALL)
}

/// One file's outcome: record, diagnostics, hash of a raw article's bytes, whether the
/// record was extracted anew (rather than taken from the cache), and the file's stamp.
type FileResult = (
    Option<Record>,
    Vec<Diagnostic>,
    Option<u64>,
    bool,
    Option<Stamp>,
);

/// Threads that read and parse articles: several per core, so that while some wait for
/// the disk (a cold page cache, or a network file system) others parse. Measured on the
/// 2-core machine with 10,000 articles and a dropped page cache: loading with the global
/// pool (one thread per core) left the cores a third idle; 8 threads took about 0.2 s
/// off the whole build and nothing when the files were cached.
fn load_pool() -> Option<rayon::ThreadPool> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    rayon::ThreadPoolBuilder::new()
        .num_threads((cores * 2).max(8))
        .thread_name(|i| format!("dateline-load-{i}"))
        .build()
        .ok()
}

/// Loads a site's articles like [`load_dir`], but as a build needs them (see
/// [`parse_for_site`]), reusing records of raw articles whose bytes did not change since
/// they were cached in `cache` (the cache is settled: see [`cache::Cache::settle`]).
pub fn load_dir_cached(dir: &Path, cache: Option<&mut cache::Cache>, derive: Derive) -> Loaded {
    load_dir_with(
        dir,
        cache,
        Derive {
            body: false,
            ..derive
        },
    )
}

fn load_dir_with(dir: &Path, cache: Option<&mut cache::Cache>, derive: Derive) -> Loaded {
    let (files, mut diagnostics) = discover(dir);
    let shared = cache.as_deref();
    let work = || -> Vec<FileResult> {
        files
            .par_iter()
            .map(|path| match read(dir, path) {
                Ok(raw) => {
                    let hash = (raw.kind == SourceKind::Text).then_some(raw.hash);
                    if let Some(rec) = hash.and_then(|h| shared?.take(&raw.rel, h)) {
                        let mut diags: Vec<Diagnostic> =
                            encoding_diag(raw.encoding, path).into_iter().collect();
                        diags.extend(
                            rec.warnings
                                .iter()
                                .map(|w| Diagnostic::warning(path, None, w.clone())),
                        );
                        return (Some(rec), diags, hash, false, Some(raw.stamp));
                    }
                    let (rec, d) = parse_as(&raw, path, derive);
                    (rec, d, hash, true, Some(raw.stamp))
                }
                Err(d) => (None, vec![d], None, false, None),
            })
            .collect()
    };
    let results = match load_pool() {
        Some(pool) => pool.install(work),
        None => work(),
    };
    let mut records = Vec::with_capacity(results.len());
    let mut hashes = Vec::with_capacity(results.len());
    let mut stamps = Vec::with_capacity(results.len());
    let (mut fresh, mut reused) = (0, 0);
    for (rec, d, hash, new, stamp) in results {
        stamps.push(stamp);
        if let Some(rec) = rec {
            if hash.is_some() {
                if new {
                    fresh += 1;
                } else {
                    reused += 1;
                }
            }
            records.push(rec);
            hashes.push(hash);
        }
        diagnostics.extend(d);
    }
    if let Some(c) = cache {
        c.settle(fresh, reused);
    }
    Loaded {
        records,
        hashes,
        diagnostics,
        sources: files.into_iter().zip(stamps).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_whole_files_with_their_stamps() {
        let dir = tempfile::tempdir().unwrap();
        for size in [0usize, 1, 4095, 4096, 4097, 200_000] {
            let path = dir.path().join(format!("f{size}"));
            let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &data).unwrap();
            let (bytes, stamp) = read_stamped(&path).unwrap();
            assert_eq!(bytes, data, "size {size}");
            let meta = std::fs::metadata(&path).unwrap();
            assert_eq!(stamp, Stamp::of(&meta));
            assert_eq!(stamp.len, size as u64);
        }
        assert!(read_stamped(&dir.path().join("missing")).is_err());
        // A file whose size the file system does not know (0) is read to its end.
        #[cfg(target_os = "linux")]
        {
            let (bytes, stamp) = read_stamped(Path::new("/proc/self/cmdline")).unwrap();
            assert_eq!(stamp.len, 0);
            assert!(!bytes.is_empty());
        }
    }

    #[test]
    fn markdown_plain_paragraphs() {
        let (p, h) =
            markdown_paragraphs("# Head *x*\n\nOne **bold**\nline.\n\n- item\n\n> quoted\n");
        assert_eq!(h.as_deref(), Some("Head x"));
        assert_eq!(p, vec!["One bold line.", "item", "quoted"]);
    }

    /// Markdown made of pieces that exercise smart punctuation, inline markup, blocks,
    /// raw HTML and the extensions.
    fn markdown_source() -> impl proptest::strategy::Strategy<Value = String> {
        let piece = proptest::sample::select(vec![
            "word",
            "Name",
            " ",
            " ",
            "'",
            "\"",
            "...",
            "--",
            "---",
            "----",
            "’",
            "“",
            "**",
            "*",
            "_",
            "`",
            "\\'",
            "\\\"",
            "&amp;",
            "&quot;",
            "\n",
            "\n\n",
            "# ",
            "> ",
            "- ",
            "1. ",
            "    ",
            "[a](/x)",
            "![i](/i.png)",
            "<b>",
            "</b>",
            "<!-- c -->",
            "~~",
            "~",
            "|",
            "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "[^1]",
            "\n[^1]: note\n",
            "it's",
            "don't",
            "'tis",
            "\"quote\"",
            "(",
            ")",
            ".",
            ",",
            "é",
            "```\ncode'\n```\n",
        ]);
        proptest::strategy::Strategy::prop_map(proptest::collection::vec(piece, 0..40), |v| {
            v.concat()
        })
    }

    proptest::proptest! {
        #[test]
        fn one_pass_reads_markdown_as_the_two_passes_do(src in markdown_source()) {
            let (paragraphs, heading, html) = markdown_body(&src);
            let (want_paragraphs, want_heading) = markdown_paragraphs(&src);
            proptest::prop_assert_eq!(&paragraphs, &want_paragraphs);
            proptest::prop_assert_eq!(&heading, &want_heading);
            let rendered = crate::render::html::markdown(&src, false);
            match html {
                // Kept only when it holds whatever the site's `allow_html`.
                Some(h) => {
                    proptest::prop_assert_eq!(&h, &rendered);
                    proptest::prop_assert_eq!(crate::render::html::markdown(&src, true), h);
                }
                // Only a body with raw HTML is left to be rendered with the site's setting.
                None => proptest::prop_assert_ne!(
                    crate::render::html::markdown(&src, true),
                    rendered
                ),
            }
        }
    }

    #[test]
    fn one_pass_puts_straight_punctuation_back() {
        let src = "# It's \"here\"...\n\nShe said \"no\" -- it's 'done' --- ok...\n";
        let (p, h, html) = markdown_body(src);
        assert_eq!(h.as_deref(), Some("It's \"here\"..."));
        assert_eq!(p, vec!["She said \"no\" -- it's 'done' --- ok..."]);
        let html = html.unwrap();
        assert!(
            html.contains("“no”") && html.contains("it’s") && html.contains("…"),
            "{html}"
        );
    }

    proptest::proptest! {
        #[test]
        fn path_order_is_component_order(
            a in proptest::collection::vec("[a.b/-]{1,3}", 1..4),
            b in proptest::collection::vec("[a.b/-]{1,3}", 1..4),
        ) {
            // Walked paths: no empty, `.` or `..` components.
            let clean = |v: &[String]| -> PathBuf {
                v.join("/").split('/').filter(|c| !c.is_empty() && *c != "." && *c != "..").collect::<Vec<_>>().join("/").into()
            };
            let (a, b) = (Path::new("/site/content").join(clean(&a)), Path::new("/site/content").join(clean(&b)));
            proptest::prop_assert_eq!(path_order(&a, &b), a.cmp(&b), "{:?} {:?}", a, b);
        }
    }

    #[test]
    fn ignored_names() {
        for n in [".hidden.md", "a.md~", ".a.md.swp", "#a.md#", "x.tmp"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("2022-01-01-a.md"));
    }

    #[test]
    fn unpublished_static_names() {
        for n in [
            ".gitkeep",
            ".git",
            ".DS_Store",
            "Thumbs.db",
            ".style.css.swp",
            "style.css~",
            "#style.css#",
            ".#style.css",
            "upload.tmp",
        ] {
            assert!(is_unpublished_static(n), "{n}");
        }
        for n in [
            ".htaccess",
            ".well-known",
            ".nojekyll",
            "style.css",
            "robots.txt",
        ] {
            assert!(!is_unpublished_static(n), "{n}");
        }
    }

    /// A Markdown file `a.md` with the text `text`, as read.
    fn md(text: &str) -> RawArticle {
        RawArticle {
            rel: "a.md".into(),
            kind: SourceKind::Markdown,
            text: text.into(),
            encoding: crate::load::decode::Encoding::Utf8,
            hash: 0,
            stamp: Default::default(),
        }
    }

    #[test]
    fn a_title_comes_from_the_first_heading_or_else_the_file_name() {
        let title = |text: &str| {
            let (rec, diags) = parse(&md(text), Path::new("2020-01-02-harbour.md"));
            (rec.unwrap().title, diags.len())
        };
        assert_eq!(
            title("# Harbour Wall\n\nText.\n"),
            ("Harbour Wall".into(), 0)
        );
        assert_eq!(title("Text.\n"), ("2020-01-02-harbour".into(), 1));
        // An empty heading names nothing.
        assert_eq!(title("\n#\n+++\n"), ("2020-01-02-harbour".into(), 1));
        assert_eq!(title("#   \n\nText.\n"), ("2020-01-02-harbour".into(), 1));
    }

    #[test]
    fn quotes_and_word_counts_are_derived_only_when_asked_for() {
        let no_quotes = Derive {
            quotes: false,
            ..Derive::ALL
        };
        let given = md("+++\ntitle = \"T\"\npeople = [\"Ada Byrne\"]\n+++\n\n\
                        \u{201c}We are ready for the storm,\u{201d} Byrne said.\n");
        let found = md("+++\ntitle = \"T\"\n+++\n\n\
                        \u{201c}We are ready for the storm,\u{201d} said Ada Byrne, the harbour chief.\n");
        let mut raw = md("Ready Now\n\n\u{201c}We are ready for the storm,\u{201d} said Ada Byrne, the harbour chief.\n");
        raw.kind = SourceKind::Text;
        for a in [given, found, raw] {
            let all = parse_for_site(&a, Path::new("a.md"), Derive::ALL)
                .0
                .unwrap();
            let some = parse_for_site(&a, Path::new("a.md"), no_quotes).0.unwrap();
            assert_eq!(all.quotes.len(), 1, "{:?}", a.text);
            assert_eq!(all.quotes[0].speaker.as_deref(), Some("Ada Byrne"));
            assert!(some.quotes.is_empty());
            // Everything else is the same.
            let mut without = all.clone();
            without.quotes.clear();
            assert_eq!(format!("{some:?}"), format!("{without:?}"));
            let uncounted = Derive {
                word_count: false,
                ..Derive::ALL
            };
            let some = parse_for_site(&a, Path::new("a.md"), uncounted).0.unwrap();
            assert!(all.word_count > 5);
            let mut without = all.clone();
            without.word_count = 0;
            assert_eq!(format!("{some:?}"), format!("{without:?}"));
        }
    }

    #[test]
    fn markdown_paragraphs_are_dropped_only_when_asked_and_after_deriving() {
        let no_paragraphs = Derive {
            paragraphs: false,
            ..Derive::ALL
        };
        let a = md(
            "+++\ntitle = \"T\"\n+++\n\nAda Byrne opened the new harbour wall on Monday \
                    after three years of work.\n\nShe thanked the crews.\n",
        );
        let all = parse_for_site(&a, Path::new("a.md"), Derive::ALL)
            .0
            .unwrap();
        let some = parse_for_site(&a, Path::new("a.md"), no_paragraphs)
            .0
            .unwrap();
        assert_eq!(all.paragraphs.len(), 2);
        assert!(some.paragraphs.is_empty());
        // Everything derived from them is still there.
        assert!(
            some.summary.starts_with("Ada Byrne opened"),
            "{}",
            some.summary
        );
        assert!(some.word_count > 10);
        let mut without = all.clone();
        without.paragraphs.clear();
        assert_eq!(format!("{some:?}"), format!("{without:?}"));
        // A body rendered at build time (raw HTML) and raw text keep them.
        let raw_html =
            md("+++\ntitle = \"T\"\n+++\n\nA <b>bold</b> claim was made today by the council.\n");
        let kept = parse_for_site(&raw_html, Path::new("a.md"), no_paragraphs)
            .0
            .unwrap();
        assert!(kept.body_html.is_none() && kept.paragraphs.len() == 1);
        let mut text =
            md("Harbour Wall Opens\n\nAda Byrne opened the new harbour wall on Monday.\n");
        text.kind = SourceKind::Text;
        let kept = parse_for_site(&text, Path::new("a.txt"), no_paragraphs)
            .0
            .unwrap();
        assert_eq!(kept.paragraphs.len(), 1);
    }

    #[test]
    fn a_site_build_keeps_the_html_and_drops_the_markdown_source() {
        let plain = md("+++\ntitle = \"T\"\n+++\n\nSome *text* and [a link](https://ex.org/).\n");
        let whole = parse(&plain, Path::new("a.md")).0.unwrap();
        let site = parse_for_site(&plain, Path::new("a.md"), Derive::ALL)
            .0
            .unwrap();
        assert_eq!(whole.body, "\nSome *text* and [a link](https://ex.org/).\n");
        assert_eq!(site.body, "", "the source is not kept for a build");
        assert!(site.body_html.as_deref().unwrap().contains("<em>text</em>"));
        assert_eq!(
            (
                site.paragraphs.clone(),
                site.summary.clone(),
                site.word_count
            ),
            (
                whole.paragraphs.clone(),
                whole.summary.clone(),
                whole.word_count
            )
        );
        assert_eq!(
            crate::render::html::body_html(&site, false),
            crate::render::html::body_html(&whole, false)
        );
        // Raw HTML is rendered at render time (by `allow_html`), from the source.
        let raw_html = md("+++\ntitle = \"T\"\n+++\n\nText <b>bold</b>.\n");
        let site = parse_for_site(&raw_html, Path::new("a.md"), Derive::ALL)
            .0
            .unwrap();
        assert!(site.body_html.is_none());
        assert_eq!(site.body, "\nText <b>bold</b>.\n");
        // A body without paragraphs keeps its source (search reads it then).
        let heading = md("+++\ntitle = \"T\"\n+++\n\n# Heading\n");
        let site = parse_for_site(&heading, Path::new("a.md"), Derive::ALL)
            .0
            .unwrap();
        assert!(site.paragraphs.is_empty());
        assert_eq!(site.body, "\n# Heading\n");
    }

    #[test]
    fn a_site_build_makes_raw_text_pages_from_paragraphs_without_a_markdown_copy() {
        let mut raw = md(
            "Harbour *Wall* Opens\n\nAda Byrne said the <new> wall cost $5 *million*.\n\
            Line two of the paragraph.\n\n# Not a heading, [not] a link\n",
        );
        raw.kind = SourceKind::Text;
        let whole = parse(&raw, Path::new("a.txt")).0.unwrap();
        let site = parse_for_site(&raw, Path::new("a.txt"), Derive::ALL)
            .0
            .unwrap();
        assert_eq!(
            whole.body,
            crate::extract::paragraphs_to_markdown(&whole.paragraphs)
        );
        assert!(whole.body.contains("\\*million\\*"), "{}", whole.body);
        assert_eq!(site.body, "", "no Markdown copy of raw text in a build");
        assert_eq!(
            (&site.paragraphs, &site.title, &site.summary, &site.people),
            (
                &whole.paragraphs,
                &whole.title,
                &whole.summary,
                &whole.people
            )
        );
        let html = crate::render::html::body_html(&site, false);
        assert_eq!(html, crate::render::html::body_html(&whole, false));
        assert!(
            html.contains("&lt;new&gt; wall cost $5 *million*.<br>"),
            "{html}"
        );
        assert!(
            html.contains("<p># Not a heading, [not] a link</p>"),
            "{html}"
        );
    }

    #[test]
    fn quotes_go_to_front_matter_people_without_tagging() {
        let text = "---\ntitle: Harbour vote\npeople:\n  - Ada Quill\n  - Bo Lindqvist\n---\n\n\
            \"We will not wait any longer,\" Quill said on Monday.\n\n\
            Lindqvist disagreed. \"The money is not there,\" he told the council.\n";
        let (rec, diags) = parse(&md(text), Path::new("a.md"));
        assert!(diags.is_empty(), "{diags:?}");
        let rec = rec.unwrap();
        let names: Vec<&str> = rec.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Ada Quill", "Bo Lindqvist"]);
        let quotes: Vec<(Option<&str>, &str)> = rec
            .quotes
            .iter()
            .map(|q| (q.speaker.as_deref(), q.text.as_str()))
            .collect();
        assert_eq!(
            quotes,
            [
                (Some("Ada Quill"), "We will not wait any longer"),
                (Some("Bo Lindqvist"), "The money is not there"),
            ]
        );
    }
}
