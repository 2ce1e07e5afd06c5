//! Markdown articles: TOML (`+++`) or YAML (`---`) front matter, checked field by field.
//!
//! Front matter is parsed into a generic value first and then read key by key, so a
//! wrong type or an unknown key becomes a warning naming the file, line and key instead
//! of an opaque deserialisation error that loses the whole article.

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde_json::Value;

use crate::diag::{line_of, Diagnostic};
use crate::model::{Correction, PersonRef, Quote, Record};

/// Front matter split from its body.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    pub kind: Kind,
    /// The text between the delimiters.
    pub front: &'a str,
    /// 1-based line of the first front-matter line.
    pub first_line: usize,
    pub body: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Toml,
    Yaml,
}

/// Why front matter could not be read; the article is skipped with this message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrontMatterError {
    #[error("front matter opened with `{0}` on line 1 is never closed")]
    Unclosed(&'static str),
    #[error("invalid {kind} front matter: {message}")]
    Syntax {
        kind: &'static str,
        line: Option<usize>,
        message: String,
    },
    #[error("front matter is not a table of keys")]
    NotTable,
}

impl FrontMatterError {
    /// Line in the file the error points at.
    pub fn line(&self) -> Option<usize> {
        match self {
            FrontMatterError::Unclosed(_) => Some(1),
            FrontMatterError::Syntax { line, .. } => *line,
            FrontMatterError::NotTable => Some(1),
        }
    }
}

/// Splits `text` into front matter and body. Text without an opening delimiter on its
/// first line has no front matter (`Ok(None)`).
pub fn split(text: &str) -> Result<Option<Split<'_>>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let (delim, kind) = match first.trim_end() {
        "+++" => ("+++", Kind::Toml),
        "---" => ("---", Kind::Yaml),
        _ => return Ok(None),
    };
    let start = first.len() + usize::from(text[first.len()..].starts_with("\r\n")) + 1;
    let start = start.min(text.len());
    let mut pos = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == delim {
            return Ok(Some(Split {
                kind,
                front: &text[start..pos],
                first_line: 2,
                body: &text[pos + line.len()..],
            }));
        }
        pos += line.len();
    }
    Err(FrontMatterError::Unclosed(delim))
}

/// Parses front matter into a JSON-like value (TOML datetimes become strings).
pub fn parse(split: &Split<'_>) -> Result<serde_json::Map<String, Value>, FrontMatterError> {
    let value = match split.kind {
        Kind::Toml => {
            if let Some(m) = super::toml_fast::parse(split.front) {
                return Ok(m);
            }
            let t: toml::Table =
                toml::from_str(split.front).map_err(|e| FrontMatterError::Syntax {
                    kind: "TOML",
                    line: e
                        .span()
                        .map(|s| line_of(split.front, s.start) + split.first_line - 1),
                    message: e.message().to_string(),
                })?;
            toml_to_json(toml::Value::Table(t))
        }
        Kind::Yaml => {
            if split.front.trim().is_empty() {
                return Ok(Default::default());
            }
            let y: serde_yaml::Value =
                serde_yaml::from_str(split.front).map_err(|e| FrontMatterError::Syntax {
                    kind: "YAML",
                    line: e.location().map(|l| l.line() + split.first_line - 1),
                    message: e.to_string(),
                })?;
            serde_json::to_value(y).map_err(|e| FrontMatterError::Syntax {
                kind: "YAML",
                line: None,
                message: e.to_string(),
            })?
        }
    };
    match value {
        Value::Object(m) => Ok(m),
        Value::Null => Ok(Default::default()),
        _ => Err(FrontMatterError::NotTable),
    }
}

pub(super) fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Which fields the front matter set, so extraction fills only the others.
#[derive(Debug, Default, Clone, Copy)]
pub struct Given {
    pub title: bool,
    pub date: bool,
    pub slug: bool,
    pub summary: bool,
    pub people: bool,
    pub quotes: bool,
}

/// Reads the known keys of `map` into `rec`, warning about wrong types and unknown keys.
pub fn apply(
    map: serde_json::Map<String, Value>,
    split: &Split<'_>,
    path: &Path,
    rec: &mut Record,
    diags: &mut Vec<Diagnostic>,
) -> Given {
    let mut given = Given::default();
    for (key, value) in map {
        let line = key_line(split, &key);
        let mut warn = |msg: String| diags.push(Diagnostic::warning(path, line, msg));
        let expect = |what: &str| format!("`{key}` should be {what}; ignored");
        match key.as_str() {
            "title" => match as_string(&value) {
                Some(s) if !s.trim().is_empty() => {
                    rec.title = s.trim().to_string();
                    given.title = true;
                }
                _ => warn(expect("a non-empty string")),
            },
            "display_title" => match as_string(&value) {
                Some(s) => rec.display_title = Some(s),
                None => warn(expect("a string")),
            },
            "date" => match value.as_str().map(parse_date) {
                Some(Ok((d, dt))) => {
                    rec.date = Some(d);
                    rec.datetime = dt;
                    given.date = true;
                }
                Some(Err(e)) => warn(format!("`date`: {e}; ignored")),
                None => warn(expect("a date (YYYY-MM-DD or RFC 3339)")),
            },
            "updated" => match value.as_str().map(parse_date) {
                Some(Ok((d, _))) => rec.updated = Some(d),
                Some(Err(e)) => warn(format!("`updated`: {e}; ignored")),
                None => warn(expect("a date (YYYY-MM-DD or RFC 3339)")),
            },
            "slug" => match as_string(&value) {
                Some(s) => {
                    rec.slug = crate::slug::slugify(&s);
                    given.slug = true;
                }
                None => warn(expect("a string")),
            },
            "summary" => match as_string(&value) {
                Some(s) => {
                    rec.summary = s;
                    given.summary = true;
                }
                None => warn(expect("a string")),
            },
            "source" => match as_string(&value) {
                Some(s) => rec.source = Some(s),
                None => warn(expect("a string")),
            },
            "dateline" => match as_string(&value) {
                Some(s) => rec.dateline = Some(s),
                None => warn(expect("a string")),
            },
            "byline" => string_list(&value, &mut rec.byline, &mut warn, &key),
            "contributors" => string_list(&value, &mut rec.contributors, &mut warn, &key),
            "tags" => string_list(&value, &mut rec.tags, &mut warn, &key),
            "aliases" => string_list(&value, &mut rec.aliases, &mut warn, &key),
            "works" => string_list(&value, &mut rec.works, &mut warn, &key),
            "draft" => match value {
                Value::Bool(b) => rec.draft = b,
                _ => warn(expect("true or false")),
            },
            "extra" => match value {
                Value::Object(_) => rec.extra = value,
                _ => warn(expect("a table")),
            },
            "people" => match people(&value) {
                Ok(p) => {
                    rec.people = p;
                    given.people = true;
                }
                Err(e) => warn(format!("`people`: {e}; ignored")),
            },
            "quotes" => match quotes(&value) {
                Ok(q) => {
                    rec.quotes = q;
                    given.quotes = true;
                }
                Err(e) => warn(format!("`quotes`: {e}; ignored")),
            },
            "corrections" => match corrections(&value) {
                Ok(c) => rec.corrections = c,
                Err(e) => warn(format!("`corrections`: {e}; ignored")),
            },
            _ => warn(format!("unknown front-matter key `{key}` (ignored)")),
        }
    }
    given
}

fn as_string(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn string_list(v: &Value, out: &mut Vec<String>, warn: &mut impl FnMut(String), key: &str) {
    match v {
        Value::Array(items) if items.iter().all(Value::is_string) => {
            *out = items
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
        }
        Value::String(s) => {
            warn(format!(
                "`{key}` should be a list of strings; read as [\"{s}\"]"
            ));
            *out = vec![s.trim().to_string()];
        }
        _ => warn(format!("`{key}` should be a list of strings; ignored")),
    }
}

fn people(v: &Value) -> Result<Vec<PersonRef>, String> {
    let Value::Array(items) = v else {
        return Err("should be a list of names or of {name, aliases, roles} tables".into());
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            Value::String(s) if !s.trim().is_empty() => out.push(PersonRef {
                name: s.trim().to_string(),
                ..Default::default()
            }),
            Value::Object(m) => {
                let name = m
                    .get("name")
                    .and_then(Value::as_str)
                    .filter(|s| !s.trim().is_empty())
                    .ok_or("every person table needs a `name` string")?;
                let list = |k: &str| -> Result<Vec<String>, String> {
                    match m.get(k) {
                        None => Ok(Vec::new()),
                        Some(Value::Array(a)) => a
                            .iter()
                            .map(|x| {
                                x.as_str()
                                    .map(str::to_string)
                                    .ok_or(format!("`{k}` of {name} should be strings"))
                            })
                            .collect(),
                        Some(_) => Err(format!("`{k}` of {name} should be a list")),
                    }
                };
                for k in m.keys() {
                    if !matches!(
                        k.as_str(),
                        "name" | "aliases" | "roles" | "age" | "mentions"
                    ) {
                        return Err(format!("unknown key `{k}` in person {name}"));
                    }
                }
                out.push(PersonRef {
                    name: name.trim().to_string(),
                    aliases: list("aliases")?,
                    roles: list("roles")?,
                    age: m.get("age").and_then(Value::as_u64).map(|a| a as u32),
                    mentions: m.get("mentions").and_then(Value::as_u64).unwrap_or(0) as u32,
                });
            }
            _ => {
                return Err("each entry should be a name or a {name, aliases, roles} table".into())
            }
        }
    }
    Ok(out)
}

fn quotes(v: &Value) -> Result<Vec<Quote>, String> {
    let Value::Array(items) = v else {
        return Err("should be a list of {speaker, text} tables".into());
    };
    items
        .iter()
        .map(|q| {
            let text = q
                .get("text")
                .and_then(Value::as_str)
                .ok_or("every quote needs a `text` string")?;
            Ok(Quote {
                speaker: q.get("speaker").and_then(Value::as_str).map(str::to_string),
                text: text.to_string(),
            })
        })
        .collect()
}

fn corrections(v: &Value) -> Result<Vec<Correction>, String> {
    let Value::Array(items) = v else {
        return Err("should be a list of {date, text} tables".into());
    };
    items
        .iter()
        .map(|c| {
            let date = c
                .get("date")
                .and_then(Value::as_str)
                .ok_or("every correction needs a `date`")?;
            let (date, _) = parse_date(date)?;
            let text = c
                .get("text")
                .and_then(Value::as_str)
                .ok_or("every correction needs a `text` string")?;
            Ok(Correction {
                date,
                text: text.to_string(),
            })
        })
        .collect()
}

/// Parses `YYYY-MM-DD`, an RFC 3339 timestamp, or a local `YYYY-MM-DD[T ]HH:MM[:SS]`.
pub fn parse_date(s: &str) -> Result<(NaiveDate, Option<DateTime<FixedOffset>>), String> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok((d, None));
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok((dt.date_naive(), Some(dt)));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
            return Ok((dt.date(), Some(dt.and_utc().fixed_offset())));
        }
    }
    Err(format!("`{s}` is not a valid date"))
}

fn key_line(split: &Split<'_>, key: &str) -> Option<usize> {
    split
        .front
        .lines()
        .position(|l| {
            let l = l.trim_start();
            let l = l
                .strip_prefix(key)
                .or_else(|| l.strip_prefix(&format!("\"{key}\"")));
            l.is_some_and(|r| r.trim_start().starts_with(['=', ':']))
        })
        .map(|i| i + split.first_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Record, Vec<Diagnostic>, Given) {
        let s = split(text).unwrap().unwrap();
        let map = parse(&s).unwrap();
        let mut rec = Record::default();
        let mut d = Vec::new();
        let g = apply(map, &s, Path::new("a.md"), &mut rec, &mut d);
        (rec, d, g)
    }

    #[test]
    fn splits() {
        assert_eq!(split("no front matter").unwrap(), None);
        let s = split("+++\ntitle = \"x\"\n+++\nbody\n").unwrap().unwrap();
        assert_eq!(
            (s.kind, s.front, s.body),
            (Kind::Toml, "title = \"x\"\n", "body\n")
        );
        let s = split("---\r\ntitle: x\r\n---\r\nbody").unwrap().unwrap();
        assert_eq!(
            (s.kind, s.front, s.body),
            (Kind::Yaml, "title: x\r\n", "body")
        );
        assert_eq!(
            split("+++\ntitle = 1\n"),
            Err(FrontMatterError::Unclosed("+++"))
        );
    }

    #[test]
    fn toml_fields() {
        let (r, d, g) = load(
            "+++\ntitle = \"T\"\ndate = 2022-08-04T10:00:00Z\ntags = [\"a\"]\n\
             people = [\"A B\", {name = \"C D\", roles = [\"Mayor\"]}]\nmood = 1\n+++\n",
        );
        assert_eq!(r.title, "T");
        assert_eq!(r.date.unwrap().to_string(), "2022-08-04");
        assert!(r.datetime.is_some());
        assert_eq!(r.people[1].roles, vec!["Mayor"]);
        assert!(g.people && g.date);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(6));
        assert!(d[0].message.contains("mood"));
    }

    #[test]
    fn wrong_types_warn_with_line() {
        let (r, d, _) = load("+++\ntitle = \"T\"\ndate = 5\npeople = \"x\"\n+++\n");
        assert_eq!(r.date, None);
        assert!(r.people.is_empty());
        let lines: Vec<_> = d.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![Some(3), Some(4)]);
    }

    #[test]
    fn impossible_date_warns() {
        let (r, d, _) = load("---\ntitle: T\ndate: 2023-02-30\n---\n");
        assert_eq!(r.date, None);
        assert!(d[0].message.contains("2023-02-30"), "{:?}", d);
    }

    #[test]
    fn syntax_error_has_file_line() {
        let s = split("+++\ntitle = \"T\"\ndate = = 1\n+++\n")
            .unwrap()
            .unwrap();
        let e = parse(&s).unwrap_err();
        assert_eq!(e.line(), Some(3));
        let s = split("---\ntitle: T\n  bad: [\n---\n").unwrap().unwrap();
        assert!(parse(&s).unwrap_err().line().is_some());
    }
}
