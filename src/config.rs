//! The site configuration, `dateline.toml`: checked, with a default for every key.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;

/// Name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "dateline.toml";

/// Site settings. Every key is optional in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the masthead and feeds.
    pub title: String,
    /// Absolute URL the site is published at, e.g. `https://example.org/archive/`.
    pub base_url: String,
    pub description: String,
    /// BCP 47 language tag for `<html lang>`.
    pub language: String,
    /// Articles per page on the home page and list pages.
    pub paginate_by: usize,
    /// Article URL pattern with `{year}`, `{month}`, `{day}` and `{slug}`.
    pub permalink: String,
    pub content_dir: PathBuf,
    pub templates_dir: PathBuf,
    pub static_dir: PathBuf,
    pub output_dir: PathBuf,
    /// Pass raw HTML in Markdown bodies through instead of escaping it.
    pub allow_html: bool,
    /// Link pages to each other by relative paths ending in `index.html`, so that the
    /// output can be opened from disk (`render::relative`).
    pub relative_urls: bool,
    /// Optional outputs, each on unless turned off (`[outputs]`).
    pub outputs: Outputs,
}

/// The optional parts of the generated site. Article pages, person pages, the people
/// index, the home page, the site feed, the sitemap and `404.html` are always made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Outputs {
    /// The search page and its static index (`search/`).
    pub search: bool,
    /// An Atom feed per person (`people/{slug}/atom.xml`).
    pub person_feeds: bool,
    /// Year and month pages and the `archive/` page listing them.
    pub date_archives: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            search: true,
            person_feeds: true,
            date_archives: true,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "News Archive".into(),
            base_url: "http://localhost:1111/".into(),
            description: "An archive of news articles.".into(),
            language: "en".into(),
            paginate_by: 20,
            permalink: "/{year}/{month}/{day}/{slug}/".into(),
            content_dir: "content".into(),
            templates_dir: "templates".into(),
            static_dir: "static".into(),
            output_dir: "public".into(),
            allow_html: false,
            relative_urls: false,
            outputs: Outputs::default(),
        }
    }
}

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "paginate_by",
    "permalink",
    "content_dir",
    "templates_dir",
    "static_dir",
    "output_dir",
    "allow_html",
    "relative_urls",
    "outputs",
];

const OUTPUT_KEYS: &[&str] = &["search", "person_feeds", "date_archives"];

impl Config {
    /// Reads `dateline.toml` under `root` if it exists. Unknown keys are warnings, bad
    /// values are errors (a site built with a misread config is worse than no build).
    pub fn load(root: &Path, diags: &mut Vec<Diagnostic>) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        Self::parse(&text, &path, diags)
    }

    /// Parses configuration text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path, diags: &mut Vec<Diagnostic>) -> Result<Config> {
        let mut table: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| crate::diag::line_of(text, s.start));
            anyhow::anyhow!(
                "{}{}: {}",
                path.display(),
                line.map(|l| format!(":{l}")).unwrap_or_default(),
                e.message()
            )
        })?;
        let unknown: Vec<String> = table
            .keys()
            .filter(|k| !KEYS.contains(&k.as_str()))
            .cloned()
            .collect();
        for k in unknown {
            let line = find_key_line(text, &k);
            diags.push(Diagnostic::warning(
                path,
                line,
                format!("unknown config key `{k}` (ignored)"),
            ));
            table.remove(&k);
        }
        if let Some(toml::Value::Table(outputs)) = table.get_mut("outputs") {
            let unknown: Vec<String> = outputs
                .keys()
                .filter(|k| !OUTPUT_KEYS.contains(&k.as_str()))
                .cloned()
                .collect();
            for k in unknown {
                diags.push(Diagnostic::warning(
                    path,
                    find_key_line(text, &k),
                    format!("unknown config key `outputs.{k}` (ignored)"),
                ));
                outputs.remove(&k);
            }
        }
        let cfg: Config = toml::Value::Table(table)
            .try_into()
            .with_context(|| format!("{}: invalid value", path.display()))?;
        cfg.check().with_context(|| format!("{}", path.display()))?;
        Ok(cfg)
    }

    fn check(&self) -> Result<()> {
        if self.paginate_by == 0 {
            bail!("paginate_by must be at least 1");
        }
        if !self.permalink.contains("{slug}") {
            bail!("permalink must contain {{slug}}: `{}`", self.permalink);
        }
        if !self.base_url.starts_with("http://") && !self.base_url.starts_with("https://") {
            bail!(
                "base_url must start with http:// or https://: `{}`",
                self.base_url
            );
        }
        Ok(())
    }

    /// `base_url` with exactly one trailing slash.
    pub fn base(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// The path part of `base_url` (`/` or `/archive/`): the prefix of every site link.
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |x| x.1);
        match after_scheme.find('/') {
            Some(i) => format!("{}/", after_scheme[i..].trim_end_matches('/')),
            None => "/".into(),
        }
    }
}

fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with(key) && l[key.len()..].trim_start().starts_with('=')
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_unknown_keys() {
        let mut d = Vec::new();
        let c = Config::parse(
            "title = \"T\"\ncolour = \"red\"\n",
            Path::new("dateline.toml"),
            &mut d,
        )
        .unwrap();
        assert_eq!(c.title, "T");
        assert_eq!(c.paginate_by, 20);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(2));
        assert!(d[0].message.contains("colour"));
    }

    #[test]
    fn bad_values_are_errors_with_line() {
        let mut d = Vec::new();
        let e = Config::parse("title = \n", Path::new("x.toml"), &mut d).unwrap_err();
        assert!(e.to_string().starts_with("x.toml:1"), "{e}");
        assert!(Config::parse("paginate_by = 0", Path::new("x"), &mut d).is_err());
        assert!(Config::parse("paginate_by = \"a\"", Path::new("x"), &mut d).is_err());
    }

    #[test]
    fn outputs_default_on_and_switch_off() {
        let mut d = Vec::new();
        let c = Config::parse("", Path::new("x"), &mut d).unwrap();
        assert_eq!(c.outputs, Outputs::default());
        assert!(c.outputs.search && c.outputs.person_feeds && c.outputs.date_archives);
        let c = Config::parse(
            "title = \"T\"\n[outputs]\nsearch = false\ndate_archives = false\nfeeds = 1\n",
            Path::new("x"),
            &mut d,
        )
        .unwrap();
        assert!(!c.outputs.search && c.outputs.person_feeds && !c.outputs.date_archives);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("outputs.feeds"), "{}", d[0].message);
        assert_eq!(d[0].line, Some(5));
        assert!(Config::parse("[outputs]\nsearch = \"no\"\n", Path::new("x"), &mut d).is_err());
    }

    #[test]
    fn base_path() {
        let mut c = Config {
            base_url: "https://ex.org/archive".into(),
            ..Config::default()
        };
        assert_eq!(c.base_path(), "/archive/");
        assert_eq!(c.base(), "https://ex.org/archive/");
        c.base_url = "https://ex.org".into();
        assert_eq!(c.base_path(), "/");
    }
}
