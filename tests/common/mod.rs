//! Shared helpers for the integration tests: run the real binary, read its output.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

/// Result of running `dateline build`.
pub struct Built {
    pub out: PathBuf,
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
    _tmp: Option<tempfile::TempDir>,
}

/// Copies a fixture site into a fresh temporary folder.
pub fn fixture_copy(name: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&src, tmp.path());
    tmp
}

pub fn copy_dir(src: &Path, dst: &Path) {
    for e in walkdir::WalkDir::new(src) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(src).unwrap();
        let to = dst.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// Runs the dateline binary with `args` and returns (stdout, stderr, exit code).
pub fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .output()
        .expect("run dateline");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Builds the site at `root` into `root/public`.
pub fn build_at(root: &Path, extra: &[&str]) -> Built {
    let out = root.join("public");
    let mut args = vec!["build", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (stdout, stderr, code) = run(&args);
    Built {
        out,
        stdout,
        stderr,
        code,
        _tmp: None,
    }
}

/// Copies fixture `name` to a temporary folder and builds it.
pub fn build_fixture(name: &str, extra: &[&str]) -> Built {
    let tmp = fixture_copy(name);
    let mut b = build_at(tmp.path(), extra);
    b._tmp = Some(tmp);
    b
}

/// All files under `dir`, relative, with `/` separators.
pub fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn parse(out: &Path, rel: &str) -> Html {
    Html::parse_document(&read(out, rel))
}

pub fn select_all(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Maps a site URL path (`/a/b/`, `/x.xml#frag`) to the output file it names.
pub fn url_to_file(url: &str, base_path: &str) -> Option<String> {
    let u = url.split(['#', '?']).next().unwrap();
    let rest = u.strip_prefix(base_path)?;
    let rest = percent_decode(rest);
    Some(if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest
    })
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks every `href`/`src` of every HTML page that points into the site: the file it
/// names must exist, and a `#fragment` must name an element id on that page. Returns
/// the list of problems.
pub fn broken_links(out: &Path, base_url: &str) -> Vec<String> {
    let base_path = {
        let after = base_url.split_once("://").map_or("", |x| x.1);
        after
            .find('/')
            .map_or("/".to_string(), |i| after[i..].to_string())
    };
    let all = files(out);
    let mut problems = Vec::new();
    for f in all.iter().filter(|f| f.ends_with(".html")) {
        let doc = parse(out, f);
        let mut urls = attrs(&doc, "[href]", "href");
        urls.extend(attrs(&doc, "[src]", "src"));
        for u in urls {
            let origin_end = base_url.find("://").map_or(0, |i| i + 3);
            let origin_end = base_url[origin_end..]
                .find('/')
                .map_or(base_url.len(), |i| origin_end + i);
            let local = if let Some(rest) = u.strip_prefix(&base_url[..origin_end]) {
                format!("/{}", rest.trim_start_matches('/'))
            } else if u.starts_with('/') {
                u.clone()
            } else if let Some(frag) = u.strip_prefix('#') {
                if frag.is_empty() {
                    continue;
                }
                let ids = attrs(&doc, &format!("[id=\"{frag}\"]"), "id");
                if ids.is_empty() {
                    problems.push(format!("{f}: anchor {u} not found"));
                }
                continue;
            } else {
                continue; // external or relative-to-page links are checked elsewhere
            };
            match url_to_file(&local, &base_path) {
                Some(target) if all.contains(&target) => {
                    if let Some((_, frag)) = local.split_once('#') {
                        if !frag.is_empty() && target.ends_with(".html") {
                            let t = parse(out, &target);
                            if attrs(&t, &format!("[id=\"{frag}\"]"), "id").is_empty() {
                                problems.push(format!("{f}: {u}: no id {frag}"));
                            }
                        }
                    }
                }
                _ => problems.push(format!("{f}: broken link {u}")),
            }
        }
    }
    problems
}

/// URLs listed in a sitemap file.
pub fn sitemap_urls(out: &Path, rel: &str) -> Vec<String> {
    let xml = read(out, rel);
    xml.split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().replace("&amp;", "&"))
        .collect()
}

/// An HTTP response as read off the wire by the preview-server tests.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}
