//! Templates: defaults embedded in the binary, overridden file by file by the site.

use crate::extract::people::tagger::FxBuild;
use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{anyhow, Result};
use tera::Tera;

/// The default templates, compiled into the binary so `dateline` works in any folder.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("card.html", include_str!("../../templates/card.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("person.html", include_str!("../../templates/person.html")),
    ("people.html", include_str!("../../templates/people.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("year.html", include_str!("../../templates/year.html")),
    ("archive.html", include_str!("../../templates/archive.html")),
    (
        "corrections.html",
        include_str!("../../templates/corrections.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
];

/// Default static assets, written under `assets/` unless the site overrides them.
pub const ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../templates/assets/style.css"),
    ),
    (
        "search.js",
        include_str!("../../templates/assets/search.js"),
    ),
    (
        "people.js",
        include_str!("../../templates/assets/people.js"),
    ),
];

/// The effective template sources: every default, replaced by the site's file of the
/// same name under `dir`, plus the site's extra templates (`.html`, `.xml`, `.txt`).
/// [`load`] compiles them; `template_deps` reads which templates use which.
pub fn sources(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut out: BTreeMap<String, String> = DEFAULTS
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry?;
            let p = entry.path();
            if !entry.file_type().is_file()
                || !matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("html" | "xml" | "txt")
                )
            {
                continue;
            }
            let text =
                std::fs::read_to_string(p).map_err(|e| anyhow!("template {}: {e}", p.display()))?;
            out.insert(crate::load::rel_path(dir, p), text);
        }
    }
    Ok(out)
}

/// Loads the templates ([`sources`]). Errors name the template and, for syntax errors,
/// the line.
pub fn load(dir: &Path) -> Result<Tera> {
    let sources = sources(dir)?;
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    tera.set_escape_fns(super::html::escape_owned, super::html::escape_into);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| anyhow!("{}", describe(&e)))?;
    Ok(tera)
}

/// The words each template can name: identifiers in its own source, its parents' and
/// the macro files they import (transitively). A template whose chain includes other
/// templates (`{% include %}`) is taken to name every word of every template; one that
/// dumps its whole context (`{{ __tera_context }}`) or reads fields without spelling
/// their names ([`reads_unnamed_fields`]) names every word there is. A view field no
/// template can name is not computed (related articles, JSON-LD, timelines, quotes cost
/// time on every page of a large archive).
#[derive(Debug, Default)]
pub struct Names {
    // Looked up for several words on every page: a cheap hasher (template text is the
    // site's own, not untrusted input).
    // `None`: the template names every word.
    per: std::collections::HashMap<
        String,
        Option<std::collections::HashSet<String, FxBuild>>,
        FxBuild,
    >,
}

/// Tera's variable that prints a template's whole context.
const CONTEXT_DUMP: &str = "__tera_context";

fn words(src: &str) -> impl Iterator<Item = &str> {
    src.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// A token of a Tera tag, as far as [`reads_unnamed_fields`] needs to tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Ident(&'a str),
    /// A string or number literal.
    Literal,
    Punct(char),
}

/// The tokens inside the tags (`{{ }}`, `{% %}`) of a template source; text between
/// tags and comments are left out.
fn tag_tokens(src: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let body = &after[1..];
        let end = body.find(close).unwrap_or(body.len());
        let mut tag = &body[..end];
        rest = &body[(end + close.len()).min(body.len())..];
        while let Some(c) = tag.chars().next() {
            let n = c.len_utf8();
            if c.is_whitespace() {
                tag = &tag[n..];
            } else if c.is_alphanumeric() || c == '_' {
                let len = tag
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(tag.len());
                out.push(if c.is_numeric() {
                    Tok::Literal
                } else {
                    Tok::Ident(&tag[..len])
                });
                tag = &tag[len..];
            } else if matches!(c, '"' | '\'' | '`') {
                let len = tag[n..].find(c).map_or(tag.len(), |e| n + e + n);
                out.push(Tok::Literal);
                tag = &tag[len..];
            } else {
                out.push(Tok::Punct(c));
                tag = &tag[n..];
            }
        }
    }
    out
}

/// Whether a template can read a field without its name appearing in the source: it
/// serialises values whole (`json_encode`), loops over an object's keys and values
/// (`for k, v in x`), or looks a key up by a variable (`x[name]`, `get(key=name)`).
/// Such a template sees every field of what it reads.
fn reads_unnamed_fields(src: &str) -> bool {
    use Tok::{Ident, Punct};
    let t = tag_tokens(src);
    let is_value_end = |k: &Tok| matches!(k, Ident(_) | Punct(']' | ')'));
    t.contains(&Ident("json_encode"))
        || t.windows(5).any(|w| {
            matches!(
                w,
                [Ident("for"), Ident(_), Punct(','), Ident(_), Ident("in")]
            ) || matches!(
                w,
                [Ident("get"), Punct('('), Ident("key"), Punct('='), Ident(_)]
            )
        })
        || t.windows(3)
            .any(|w| is_value_end(&w[0]) && w[1] == Punct('[') && matches!(w[2], Ident(_)))
}

impl Names {
    /// The names of every template of `tera`.
    pub fn of(tera: &Tera) -> Names {
        use std::collections::HashSet;
        let mut all: HashSet<String, FxBuild> = tera
            .get_template_names()
            .filter_map(|n| tera.get_template(n).ok())
            .flat_map(|t| words(&t.source).map(str::to_string))
            .collect();
        if tera
            .get_template_names()
            .filter_map(|n| tera.get_template(n).ok())
            .any(|t| reads_unnamed_fields(&t.source))
        {
            all.insert(CONTEXT_DUMP.to_string());
        }
        let mut per = std::collections::HashMap::default();
        for name in tera.get_template_names() {
            let mut seen: HashSet<&str> = HashSet::new();
            let mut todo: Vec<&str> = vec![name];
            let mut set: HashSet<String, FxBuild> = HashSet::default();
            let mut includes = false;
            while let Some(n) = todo.pop() {
                if !seen.insert(n) {
                    continue;
                }
                let Ok(t) = tera.get_template(n) else {
                    includes = true;
                    continue;
                };
                for w in words(&t.source) {
                    includes |= w == "include";
                    set.insert(w.to_string());
                }
                if reads_unnamed_fields(&t.source) {
                    set.insert(CONTEXT_DUMP.to_string());
                }
                todo.extend(t.parents.iter().map(String::as_str));
                todo.extend(t.imported_macro_files.iter().map(|(f, _)| f.as_str()));
            }
            let names = if set.contains(CONTEXT_DUMP) || (includes && all.contains(CONTEXT_DUMP)) {
                None
            } else if includes {
                Some(all.clone())
            } else {
                Some(set)
            };
            per.insert(name.to_string(), names);
        }
        Names { per }
    }

    /// Whether `template` (or its parents and macros) can name `word`; true for a
    /// template not loaded.
    pub fn uses(&self, template: &str, word: &str) -> bool {
        match self.per.get(template) {
            Some(Some(words)) => words.contains(word),
            Some(None) | None => true,
        }
    }

    /// Whether any template can name `word`.
    pub fn any_uses(&self, word: &str) -> bool {
        self.per
            .values()
            .any(|w| w.as_ref().is_none_or(|w| w.contains(word)))
    }
}

/// A Tera error with its whole chain of causes on one line (the causes carry the
/// template name and the line and column of syntax errors).
pub fn describe(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string().replace('\n', " "));
        src = s.source();
    }
    msg.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Site-specific asset overrides live in `templates/assets/`.
pub fn asset_override(dir: &Path, name: &str) -> Option<std::path::PathBuf> {
    let p = dir.join("assets").join(name);
    p.is_file().then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse() {
        let t = load(Path::new("/nonexistent")).unwrap();
        for (n, _) in DEFAULTS {
            assert!(t.get_template_names().any(|x| x == *n), "{n}");
        }
    }

    #[test]
    fn names_follow_parents_macros_and_includes() {
        let mut t = Tera::default();
        t.add_raw_templates(vec![
            ("base.html", "<title>{{ page.title }}</title>{% block c %}{% endblock c %}"),
            ("m.html", "{% macro pager(p) %}{{ p.next_url }}{% endmacro pager %}"),
            (
                "a.html",
                "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block c %}{{ article.title }}{{ m::pager(p=pagination) }}{% endblock c %}",
            ),
            ("b.html", "{{ related }}"),
            ("c.html", "{% include \"b.html\" %}"),
        ])
        .unwrap();
        let n = Names::of(&t);
        for w in ["article", "title", "page", "next_url", "pagination"] {
            assert!(n.uses("a.html", w), "{w}");
        }
        assert!(!n.uses("a.html", "related"));
        assert!(!n.uses("a.html", "next"));
        assert!(n.uses("b.html", "related"));
        assert!(!n.uses("base.html", "article"));
        // An include may pull in anything: every word counts.
        assert!(n.uses("c.html", "related") && n.uses("c.html", "article"));
        assert!(n.uses("missing.html", "anything"));
        // A template that dumps its context names everything, as does one including it.
        let mut t = Tera::default();
        t.add_raw_templates(vec![
            ("d.html", "{{ __tera_context }}"),
            ("e.html", "{% include \"d.html\" %}"),
            ("f.html", "{{ article.title }}"),
        ])
        .unwrap();
        let n = Names::of(&t);
        assert!(n.uses("d.html", "related") && n.uses("e.html", "jsonld"));
        assert!(!n.uses("f.html", "related"));
    }

    #[test]
    fn reading_fields_without_naming_them() {
        let cases = [
            ("{{ article.title }}", false),
            ("{{ article | json_encode() | safe }}", true),
            ("{{ article | json_encode }}", true),
            ("{% for k, v in article %}{{ k }}{% endfor %}", true),
            ("{% for a in articles %}{{ a.title }}{% endfor %}", false),
            ("{{ article[field] }}", true),
            ("{{ article['title'] }}", false),
            ("{{ timeline.0.label }}{{ xs[0] }}", false),
            ("{{ (article)[field] }}", true),
            ("{{ xs | last | get(key=name) }}", true),
            ("{{ xs | last | get(key=\"label\") }}", false),
            // Outside tags, text is text; inside strings, a name is no access.
            ("json_encode [field] {# for k, v in x #}", false),
            ("{{ \"for k, v in x json_encode\" }}", false),
            ("{% if a %}x[y]{% endif %}", false),
            ("{{ a ", false),
            ("{", false),
        ];
        for (src, want) in cases {
            assert_eq!(reads_unnamed_fields(src), want, "{src}");
        }
    }

    #[test]
    fn a_template_reading_unnamed_fields_names_every_word() {
        let mut t = Tera::default();
        t.add_raw_templates(vec![
            ("a.html", "{{ article | json_encode | safe }}"),
            ("b.html", "{{ article.title }}"),
            ("c.html", "{% include \"b.html\" %}"),
        ])
        .unwrap();
        let n = Names::of(&t);
        assert!(n.uses("a.html", "quotes"));
        assert!(!n.uses("b.html", "quotes"));
        // An include may reach any template, the one reading every field too.
        assert!(n.uses("c.html", "quotes"));
        assert!(n.any_uses("quotes"));
        let mut t = Tera::default();
        t.add_raw_templates(vec![("b.html", "{{ article.title }}")])
            .unwrap();
        let n = Names::of(&t);
        assert!(!n.any_uses("quotes") && n.any_uses("title"));
    }

    #[test]
    fn override_and_syntax_error_names_template_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("404.html"), "ok\n{% if %}\n").unwrap();
        let e = load(dir.path()).unwrap_err().to_string();
        assert!(e.contains("404.html"), "{e}");
        assert!(e.contains("2:"), "{e}");
    }
}
