//! `people.toml`: the editors' word on who is who.
//!
//! Automatic merging across articles is cautious; this file lets editors set canonical
//! names, add aliases (merges), keep surname-only names apart (splits), write short
//! bios, and declare names that are not people at all.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::diag::Diagnostic;

/// File name of the registry at the site root.
pub const REGISTRY_FILE: &str = "people.toml";

/// One person as the editors declare them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Canonical name, used on the person page.
    pub name: String,
    /// Other names that mean this person; articles using them are merged here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A short biography shown on the person page.
    #[serde(default)]
    pub bio: Option<String>,
    /// Fixed URL slug (default: from the name).
    #[serde(default)]
    pub slug: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    person: Vec<Entry>,
    #[serde(default)]
    not_people: Vec<String>,
    #[serde(default)]
    keep_apart: Vec<String>,
}

/// The parsed registry with lookup tables by normalised name.
#[derive(Debug, Default, Clone)]
pub struct Registry {
    pub entries: Vec<Entry>,
    /// Normalised name or alias → entry index.
    pub by_name: HashMap<String, usize>,
    /// Normalised names that are not people.
    pub not_people: Vec<String>,
    /// Normalised names never merged automatically.
    pub keep_apart: Vec<String>,
}

impl Registry {
    /// Reads `people.toml` under `root` (an absent file is an empty registry). Problems
    /// are diagnostics; a file that cannot be parsed is ignored with a warning.
    pub fn load(root: &Path, diags: &mut Vec<Diagnostic>) -> Registry {
        let path = root.join(REGISTRY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&text, &path, diags),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Registry::default(),
            Err(e) => {
                diags.push(Diagnostic::warning(&path, None, e.to_string()));
                Registry::default()
            }
        }
    }

    /// Parses registry text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path, diags: &mut Vec<Diagnostic>) -> Registry {
        let file: File = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                let line = e.span().map(|s| crate::diag::line_of(text, s.start));
                diags.push(Diagnostic::warning(
                    path,
                    line,
                    format!("{} (people.toml ignored)", e.message()),
                ));
                return Registry::default();
            }
        };
        let mut reg = Registry {
            not_people: file.not_people.iter().map(|n| norm(n)).collect(),
            keep_apart: file.keep_apart.iter().map(|n| norm(n)).collect(),
            ..Registry::default()
        };
        for entry in file.person {
            if entry.name.trim().is_empty() {
                diags.push(Diagnostic::warning(
                    path,
                    None,
                    "a [[person]] has an empty name",
                ));
                continue;
            }
            let idx = reg.entries.len();
            let mut clash = None;
            for n in std::iter::once(&entry.name).chain(&entry.aliases) {
                let key = norm(n);
                match reg.by_name.get(&key) {
                    Some(&other) if other != idx => clash = Some((n.clone(), other)),
                    _ => {
                        reg.by_name.insert(key, idx);
                    }
                }
            }
            if let Some((n, other)) = clash {
                let line = text
                    .match_indices(&format!("\"{}\"", entry.name))
                    .nth(usize::from(n == entry.name && other < idx))
                    .map(|(p, _)| crate::diag::line_of(text, p));
                diags.push(Diagnostic::warning(
                    path,
                    line,
                    format!(
                        "`{n}` is named by more than one person (first: {}); the first wins",
                        reg.entries[other].name
                    ),
                ));
            }
            reg.entries.push(entry);
        }
        reg
    }
}

/// Normalised form of a name for matching: ASCII-folded, lowercase, without periods,
/// single spaces.
pub fn norm(name: &str) -> String {
    if name.is_ascii() {
        // Byte by byte (names are looked up for every mention of every article).
        let mut out = String::with_capacity(name.len());
        let mut gap = false;
        for &b in name.as_bytes() {
            // `char::is_whitespace` in ASCII: space, \t \n \v \f \r.
            if b == b' ' || b == b'.' || (b'\t'..=b'\r').contains(&b) {
                gap = !out.is_empty();
            } else {
                if gap {
                    out.push(' ');
                    gap = false;
                }
                out.push(char::from(b.to_ascii_lowercase()));
            }
        }
        return out;
    }
    let ascii = deunicode::deunicode(name);
    let mut out = String::with_capacity(ascii.len());
    for w in ascii.split(|c: char| c.is_whitespace() || c == '.') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn ascii_norm_splits_and_joins_words(name in "[ a-zA-Z.\t\n\x0b\x0c\r-]{0,20}") {
            let want = name
                .split(|c: char| c.is_whitespace() || c == '.')
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_lowercase)
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(norm(&name), want);
        }
    }

    #[test]
    fn norms() {
        assert_eq!(norm("  Zoë  Ball "), "zoe ball");
        assert_eq!(norm("P. Simmons"), "p simmons");
        assert_eq!(norm("P Simmons"), "p simmons");
    }

    #[test]
    fn parses_and_warns_on_duplicates() {
        let mut d = Vec::new();
        let r = Registry::parse(
            "not_people = [\"Bank of England\"]\n\
             [[person]]\nname = \"Ann Lee\"\naliases = [\"Lee\"]\nbio = \"Mayor.\"\n\
             [[person]]\nname = \"Ann Lee\"\n",
            Path::new("people.toml"),
            &mut d,
        );
        assert_eq!(r.by_name.get("lee"), Some(&0));
        assert_eq!(r.by_name.get("ann lee"), Some(&0));
        assert_eq!(r.not_people, vec!["bank of england"]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("Ann Lee"));
        assert_eq!(d[0].line, Some(7));
    }

    #[test]
    fn bad_file_is_a_warning() {
        let mut d = Vec::new();
        let r = Registry::parse("[[person]]\nnom = 1\n", Path::new("people.toml"), &mut d);
        assert!(r.entries.is_empty());
        assert_eq!(d.len(), 1);
    }
}
