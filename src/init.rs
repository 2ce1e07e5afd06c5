//! `dateline init`: a new site that builds at once.
//!
//! Writes a commented `dateline.toml`, one sample article, an empty `templates/` with a
//! note on overriding the built-in templates, and `static/`. It never overwrites: if
//! any file it would write exists, it writes nothing.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// The commented configuration a new site starts with.
pub const CONFIG: &str = r#"# dateline site configuration. Every key is optional; the values below are the
# defaults unless noted.

# Site title, shown in the masthead, page titles and feeds.
title = "News Archive"

# One line under the masthead; also the description of list pages.
description = "An archive of news articles."

# Absolute URL the site is published at (with a trailing slash). Feeds, sitemaps and
# canonical links use it; a path such as https://example.org/archive/ also prefixes
# every link.
base_url = "http://localhost:1111/"

# BCP 47 language tag for <html lang>.
language = "en"

# Articles per page on the home page.
paginate_by = 20

# Article URLs: {year}, {month}, {day} and {slug}. Undated articles go under /undated/.
permalink = "/{year}/{month}/{day}/{slug}/"

# Folders, relative to this file.
content_dir = "content"
templates_dir = "templates"
static_dir = "static"
output_dir = "public"

# Pass raw HTML in Markdown bodies through instead of escaping it. Only for content
# you trust.
allow_html = false

# Link pages by relative paths ending in index.html, so that the built site can be
# opened from disk (a USB stick, a shared folder) without a web server. Search needs
# a server either way. `dateline build --relative-urls` does the same for one build.
relative_urls = false
"#;

/// The sample article.
pub const SAMPLE_ARTICLE: &str = r#"+++
title = "Welcome to the Archive"
date = 2024-01-15
byline = ["Alex Example"]
summary = "A first article: replace it with your own, or drop raw .txt news files into content/."
tags = ["about"]
+++

This archive was created with `dateline init`. Every Markdown (`.md`) or plain-text
(`.txt`) file under `content/` becomes an article; people named in articles get their
own pages, with a timeline of the articles they appear in.

Run `dateline check` to validate the site and `dateline build` to write it to
`public/`. The [people index](/people/) lists everyone the archive knows about.
"#;

/// `templates/README.md`.
pub const TEMPLATES_README: &str = r#"# Templates

This folder is empty on purpose: dateline has built-in templates for every page.

To change one, put a file with the same name here, e.g. `article.html`, `person.html`,
`people.html`, `list.html`, `year.html`, `search.html`, `corrections.html`, `404.html` or
`base.html` (the frame of every page). Templates use Tera syntax
(https://keats.github.io/tera/); autoescaping is on. `templates/assets/style.css`,
`search.js` and `people.js` replace the built-in assets of the same name.

The variables each template receives are documented in the dateline README.
"#;

/// What `init` writes, relative to the site folder.
pub fn files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("dateline.toml", CONFIG),
        ("content/2024-01-15-welcome.md", SAMPLE_ARTICLE),
        ("templates/README.md", TEMPLATES_README),
        ("static/.gitkeep", ""),
    ]
}

/// Creates a new site in `dir` (made if missing). Fails, writing nothing, when any of
/// its files already exists. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    let files = files();
    let existing: Vec<String> = files
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        bail!(
            "refusing to overwrite existing files: {}",
            existing.join(", ")
        );
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
            .with_context(|| format!("cannot create {}", p.display()))?;
        std::io::Write::write_all(&mut f, text.as_bytes())
            .with_context(|| format!("cannot write {}", p.display()))?;
        written.push(p);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_parses_to_the_defaults() {
        let mut d = Vec::new();
        let c = crate::config::Config::parse(CONFIG, Path::new("dateline.toml"), &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c, crate::config::Config::default());
    }

    #[test]
    fn refuses_to_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("dateline.toml"), "x").unwrap();
        assert!(init(tmp.path()).is_err());
        assert!(!tmp.path().join("content").exists());
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("dateline.toml")).unwrap(),
            "x"
        );
    }

    #[test]
    fn writes_every_file() {
        let tmp = tempfile::tempdir().unwrap();
        let w = init(&tmp.path().join("new")).unwrap();
        assert_eq!(w.len(), files().len());
        assert!(tmp
            .path()
            .join("new/content/2024-01-15-welcome.md")
            .is_file());
    }
}
