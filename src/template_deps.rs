//! Template dependencies, read from the templates themselves.
//!
//! `watch` and `serve` re-render after a template change only the pages whose templates
//! use the changed one. A template uses the templates named in its `{% extends %}`,
//! `{% include %}` and `{% import %}` tags, directly or through those templates in
//! turn. [`Graph`] holds, for the effective set of templates (the defaults with the
//! site's `templates/` files laid over them), a hash of each template's text and the
//! names each one refers to; [`Graph::affected`] compares two graphs and names every
//! template whose output may differ.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Result;

/// The template names a template's source refers to in `extends`, `include` and
/// `import` tags (every string literal of the tag, so both forms of
/// `{% include ["a.html", "b.html"] ignore missing %}` count). Tags inside comments or
/// `raw` blocks count too: that only ever makes the set larger.
pub fn references(src: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = src;
    while let Some(i) = rest.find("{%") {
        rest = &rest[i + 2..];
        let end = rest.find("%}").unwrap_or(rest.len());
        let tag = rest[..end].trim_start_matches('-').trim_start();
        rest = &rest[end..];
        let Some(args) = ["extends", "include", "import"]
            .iter()
            .find_map(|k| tag.strip_prefix(k))
        else {
            continue;
        };
        if !args.starts_with(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '[')) {
            continue;
        }
        out.extend(string_literals(args));
    }
    out
}

/// Every `"…"`, `'…'` and `` `…` `` literal in `s`.
fn string_literals(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '"' | '\'' | '`') {
            let start = i + 1;
            if let Some(len) = s[start..].find(c) {
                out.push(s[start..start + len].to_string());
                for _ in 0..s[start..start + len].chars().count() + 1 {
                    chars.next();
                }
            }
        }
    }
    out
}

/// Templates by name: a hash of the text and the names referred to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Graph {
    nodes: BTreeMap<String, (u64, BTreeSet<String>)>,
}

impl Graph {
    /// The graph of a set of template sources.
    pub fn of(sources: &BTreeMap<String, String>) -> Graph {
        Graph {
            nodes: sources
                .iter()
                .map(|(n, s)| {
                    (
                        n.clone(),
                        (xxhash_rust::xxh3::xxh3_64(s.as_bytes()), references(s)),
                    )
                })
                .collect(),
        }
    }

    /// The graph of the templates in `dir` (see [`sources`]).
    pub fn load(dir: &Path) -> Result<Graph> {
        crate::render::templates::sources(dir).map(|s| Graph::of(&s))
    }

    /// `name` and every template it uses, directly or indirectly.
    pub fn closure(&self, name: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![name.to_string()];
        while let Some(n) = todo.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            if let Some((_, refs)) = self.nodes.get(&n) {
                todo.extend(refs.iter().filter(|r| !seen.contains(*r)).cloned());
            }
        }
        seen
    }

    /// Names whose text differs between the graphs (added, removed or edited).
    pub fn changed(&self, other: &Graph) -> BTreeSet<String> {
        let names: BTreeSet<&String> = self.nodes.keys().chain(other.nodes.keys()).collect();
        names
            .into_iter()
            .filter(|n| self.nodes.get(*n).map(|x| x.0) != other.nodes.get(*n).map(|x| x.0))
            .cloned()
            .collect()
    }

    /// Every template (of either graph) that uses, in either graph, a template whose
    /// text differs between the two: the templates whose rendering may have changed.
    pub fn affected(&self, new: &Graph) -> BTreeSet<String> {
        let changed = self.changed(new);
        if changed.is_empty() {
            return changed;
        }
        let names: BTreeSet<&String> = self.nodes.keys().chain(new.nodes.keys()).collect();
        names
            .into_iter()
            .filter(|n| {
                changed.contains(*n)
                    || self.closure(n).iter().any(|u| changed.contains(u))
                    || new.closure(n).iter().any(|u| changed.contains(u))
            })
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn references_table() {
        let cases: &[(&str, &[&str])] = &[
            (r#"{% extends "base.html" %}"#, &["base.html"]),
            (r#"{%- import 'macros.html' as m -%}"#, &["macros.html"]),
            (
                r#"{% include ["a.html", "b/c.html"] ignore missing %}"#,
                &["a.html", "b/c.html"],
            ),
            ("{% include `x.html` %}{{ y }}", &["x.html"]),
            (r#"{% if included %}{{ "base.html" }}{% endif %}"#, &[]),
            (r#"{% set x = "a.html" %}{% block b %}{% endblock %}"#, &[]),
            ("{% extends", &[]),
            (
                r#"{% include "é.html" %}{% include "z.html" %}"#,
                &["é.html", "z.html"],
            ),
        ];
        for (src, want) in cases {
            assert_eq!(references(src), set(want), "{src}");
        }
    }

    fn graph(v: &[(&str, &str)]) -> Graph {
        Graph::of(
            &v.iter()
                .map(|(n, s)| (n.to_string(), s.to_string()))
                .collect(),
        )
    }

    #[test]
    fn affected_follows_uses_in_both_graphs() {
        let old = graph(&[
            ("base.html", "B"),
            ("macros.html", "M"),
            ("card.html", "C"),
            (
                "person.html",
                r#"{% extends "base.html" %}{% import "macros.html" as m %}"#,
            ),
            ("list.html", r#"{% extends "base.html" %}"#),
            ("extra.html", "E"),
        ]);
        let mut new = old.clone();
        assert!(old.affected(&new).is_empty());
        new = graph(&[
            ("base.html", "B"),
            ("macros.html", "M2"),
            ("card.html", "C"),
            (
                "person.html",
                r#"{% extends "base.html" %}{% import "macros.html" as m %}"#,
            ),
            ("list.html", r#"{% extends "base.html" %}"#),
            ("extra.html", "E"),
        ]);
        assert_eq!(old.affected(&new), set(&["macros.html", "person.html"]));
        // base.html reaches every page template.
        let base = graph(&[
            ("base.html", "B2"),
            ("macros.html", "M"),
            ("card.html", "C"),
            (
                "person.html",
                r#"{% extends "base.html" %}{% import "macros.html" as m %}"#,
            ),
            ("list.html", r#"{% extends "base.html" %}"#),
            ("extra.html", "E"),
        ]);
        assert_eq!(
            old.affected(&base),
            set(&["base.html", "list.html", "person.html"])
        );
        // A template that starts including an extra one: both it and the extra count.
        let inc = graph(&[
            ("base.html", "B"),
            ("macros.html", "M"),
            ("card.html", r#"{% include "extra.html" %}"#),
            (
                "person.html",
                r#"{% extends "base.html" %}{% import "macros.html" as m %}"#,
            ),
            ("list.html", r#"{% extends "base.html" %}"#),
            ("extra.html", "E2"),
        ]);
        assert_eq!(old.affected(&inc), set(&["card.html", "extra.html"]));
    }

    #[test]
    fn cycles_end() {
        let g = graph(&[
            ("a.html", r#"{% include "b.html" %}"#),
            ("b.html", r#"{% include "a.html" %}"#),
        ]);
        assert_eq!(g.closure("a.html"), set(&["a.html", "b.html"]));
    }

    #[test]
    fn site_files_override_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("partials")).unwrap();
        std::fs::write(
            dir.path().join("person.html"),
            r#"{% include "partials/x.html" %}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("partials/x.html"), "x").unwrap();
        std::fs::write(dir.path().join("notes.md"), "not a template").unwrap();
        let g = Graph::load(dir.path()).unwrap();
        assert_eq!(
            g.closure("person.html"),
            set(&["person.html", "partials/x.html"])
        );
        assert!(g.closure("list.html").contains("base.html"));
        assert!(!g.nodes.contains_key("notes.md"));
    }
}
