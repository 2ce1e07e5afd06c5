//! `dateline import`: raw articles → Markdown files with full front matter, for editors
//! to curate.
//!
//! Import only ever creates files in the target folder. An existing file is never
//! overwritten without `--force`, and importing the same sources twice changes nothing.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::extract;
use crate::load::decode::decode;
use crate::model::{PersonRef, Quote, Record};

/// Front matter written for an imported article (TOML).
#[derive(Serialize)]
struct Front<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_title: Option<&'a str>,
    slug: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dateline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    byline: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    contributors: &'a [String],
    summary: &'a str,
    people: &'a [PersonRef],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    works: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    quotes: &'a [Quote],
}

/// The Markdown file (front matter and body) for a record.
pub fn to_markdown(rec: &Record) -> Result<String> {
    let date = rec
        .date
        .map(|d| d.to_string().parse::<toml::value::Datetime>())
        .transpose()
        .context("date")?;
    let front = Front {
        title: &rec.title,
        display_title: rec.display_title.as_deref(),
        slug: &rec.slug,
        date,
        dateline: rec.dateline.as_deref(),
        source: rec.source.as_deref(),
        byline: &rec.byline,
        contributors: &rec.contributors,
        summary: &rec.summary,
        people: &rec.people,
        works: &rec.works,
        quotes: &rec.quotes,
    };
    let toml = toml::to_string(&front).context("serialising front matter")?;
    Ok(format!("+++\n{toml}+++\n\n{}\n", rec.body))
}

/// File name for an imported record: `YYYY-MM-DD-slug.md`, or `slug.md` when undated.
pub fn file_name(rec: &Record) -> String {
    match rec.date {
        Some(d) => format!("{d}-{}.md", rec.slug),
        None => format!("{}.md", rec.slug),
    }
}

/// What happened to one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(PathBuf),
    Overwritten(PathBuf),
    /// The target exists with the same contents.
    Unchanged(PathBuf),
    /// The target exists with other contents and `--force` was not given.
    Kept(PathBuf),
    Failed(String),
}

/// Imports raw text articles from `sources` (files or folders) into `into`.
pub fn import(sources: &[PathBuf], into: &Path, force: bool) -> Result<Vec<(PathBuf, Outcome)>> {
    let mut files = Vec::new();
    for s in sources {
        if s.is_dir() {
            let (found, diags) = crate::load::discover(s);
            for d in diags {
                eprintln!("{d}");
            }
            files.extend(
                found.into_iter().filter(|p| {
                    crate::load::SourceKind::of(p) == Some(crate::load::SourceKind::Text)
                }),
            );
        } else {
            files.push(s.clone());
        }
    }
    files.sort();
    files.dedup();
    std::fs::create_dir_all(into).with_context(|| format!("cannot create {}", into.display()))?;
    let rendered: Vec<(PathBuf, Result<(String, String)>)> = files
        .par_iter()
        .map(|path| {
            let r = (|| {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                let (text, _) =
                    decode(bytes).map_err(|_| anyhow::anyhow!("binary file, not text"))?;
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                let rec = crate::diag::contained(|| extract::extract_raw(&text, name))
                    .map_err(|e| anyhow::anyhow!(crate::diag::internal_error(path, &e).message))?;
                if rec.title.is_empty() {
                    anyhow::bail!("empty article");
                }
                Ok((file_name(&rec), to_markdown(&rec)?))
            })();
            (path.clone(), r)
        })
        .collect();
    // Names are assigned in source order so that two sources never share a target.
    let mut taken = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (src, r) in rendered {
        let (name, text) = match r {
            Ok(x) => x,
            Err(e) => {
                out.push((src, Outcome::Failed(format!("{e:#}"))));
                continue;
            }
        };
        let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, "md"));
        let mut candidate = name.clone();
        let mut n = 1;
        while !taken.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{stem}-{n}.{ext}");
        }
        let target = into.join(&candidate);
        let outcome = match std::fs::read_to_string(&target) {
            Ok(existing) if existing == text => Outcome::Unchanged(target),
            Ok(_) if !force => Outcome::Kept(target),
            Ok(_) => {
                write_new(&target, &text)?;
                Outcome::Overwritten(target)
            }
            Err(_) if target.exists() => Outcome::Kept(target),
            Err(_) => {
                write_new(&target, &text)?;
                Outcome::Created(target)
            }
        };
        out.push((src, outcome));
    }
    Ok(out)
}

/// Writes through a temporary file and a rename, so a target is never half-written.
fn write_new(target: &Path, text: &str) -> Result<()> {
    let tmp = target.with_extension("md.dateline-tmp");
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, target).with_context(|| format!("cannot write {}", target.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_round_trips_through_the_loader() {
        let mut rec = extract::extract_raw(
            "Mayor Opens *Bridge* <b>\n\nBy Ann Lee\n\nThe mayor opened the bridge [today].\n",
            "2020-01-02-bridge.txt",
        );
        rec.people = vec![PersonRef {
            name: "Tom Hale".into(),
            aliases: vec!["Hale".into()],
            roles: vec!["Mayor".into()],
            age: Some(51),
            mentions: 2,
        }];
        rec.works = vec!["Harbour Lights".into()];
        let md = to_markdown(&rec).unwrap();
        let raw = crate::load::RawArticle {
            rel: "x.md".into(),
            kind: crate::load::SourceKind::Markdown,
            text: md.clone(),
            encoding: crate::load::decode::Encoding::Utf8,
            hash: 0,
            stamp: Default::default(),
        };
        let (back, diags) = crate::load::parse(&raw, Path::new("x.md"));
        assert!(diags.is_empty(), "{diags:?}\n{md}");
        let back = back.unwrap();
        assert_eq!(back.title, rec.title);
        assert_eq!(back.date, rec.date);
        assert_eq!(back.people, rec.people);
        assert_eq!(back.works, rec.works);
        assert_eq!(back.paragraphs, rec.paragraphs);
        assert_eq!(file_name(&rec), "2020-01-02-mayor-opens-bridge-b.md");
    }
}
