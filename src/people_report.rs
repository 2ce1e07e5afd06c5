//! `dateline people`: the people of an archive with counts, aliases and suggested merges,
//! and the names taken for titles, so editors can curate `people.toml`.

use serde::Serialize;

use crate::registry::norm;
use crate::site::Site;

/// One person in the report.
#[derive(Debug, Serialize, PartialEq)]
pub struct Row {
    pub name: String,
    pub slug: String,
    pub articles: usize,
    pub bylines: usize,
    pub mentions: u32,
    pub aliases: Vec<String>,
    pub roles: Vec<String>,
}

/// A pair of people that may be one person.
#[derive(Debug, Serialize, PartialEq)]
pub struct Suggestion {
    pub name: String,
    /// Candidate canonical names.
    pub candidates: Vec<String>,
    pub reason: &'static str,
}

/// People with counts, A–Z.
pub fn rows(site: &Site) -> Vec<Row> {
    site.people
        .iter()
        .map(|p| Row {
            name: p.name.clone(),
            slug: p.slug.clone(),
            articles: p.mentioned_in.len(),
            bylines: p.bylines.len(),
            mentions: p.mentions,
            aliases: p.aliases.clone(),
            roles: p.roles.iter().map(|r| r.role.clone()).collect(),
        })
        .collect()
}

fn words(name: &str) -> Vec<String> {
    norm(name).split(' ').map(str::to_string).collect()
}

/// Suggested merges: surname-only people kept apart because several full names share
/// the surname, and full names that differ only by initials or middle names.
pub fn suggestions(site: &Site) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let full: Vec<(usize, Vec<String>)> = site
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (i, words(&p.name)))
        .filter(|(_, w)| w.len() > 1)
        .collect();
    let mut by_surname: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, w) in &full {
        by_surname
            .entry(w.last().unwrap().as_str())
            .or_default()
            .push(*i);
    }
    for p in &site.people {
        let w = words(&p.name);
        if w.len() == 1 {
            if let Some(c) = by_surname.get(w[0].as_str()) {
                out.push(Suggestion {
                    name: p.name.clone(),
                    candidates: c.iter().map(|&i| site.people[i].name.clone()).collect(),
                    reason: "surname shared by several people; add it to one person's aliases or to keep_apart",
                });
            }
        }
    }
    for group in by_surname.values() {
        for (a_i, &a) in group.iter().enumerate() {
            for &b in &group[a_i + 1..] {
                let (wa, wb) = (words(&site.people[a].name), words(&site.people[b].name));
                if compatible(&wa, &wb) {
                    out.push(Suggestion {
                        name: site.people[a].name.clone(),
                        candidates: vec![site.people[b].name.clone()],
                        reason: "same surname with matching first name or initial",
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then_with(|| a.candidates.cmp(&b.candidates))
    });
    out
}

/// "p simmons" ~ "paul simmons", "george w bush" ~ "george bush".
fn compatible(a: &[String], b: &[String]) -> bool {
    let (fa, fb) = (&a[0], &b[0]);
    let first_ok = fa == fb
        || (fa.len() == 1 && fb.starts_with(fa.as_str()))
        || (fb.len() == 1 && fa.starts_with(fb.as_str()));
    first_ok && a.last() == b.last()
}

/// The report as text lines.
pub fn text(site: &Site) -> String {
    let mut s = String::new();
    let rows = rows(site);
    let width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(4)
        .min(40);
    s.push_str(&format!(
        "{:<width$}  {:>8}  {:>7}  {:>8}  aliases\n",
        "name", "articles", "bylines", "mentions"
    ));
    for r in &rows {
        s.push_str(&format!(
            "{:<width$}  {:>8}  {:>7}  {:>8}  {}\n",
            r.name,
            r.articles,
            r.bylines,
            r.mentions,
            r.aliases.join(", ")
        ));
    }
    if !site.titles.is_empty() {
        s.push_str(
            "\nTaken for titles, not people (written after \"film\", \"band\"… in two articles \
             or more; to keep one as a person, add it to people.toml as a [[person]]):\n",
        );
        for t in &site.titles {
            s.push_str(&format!("  {t}\n"));
        }
    }
    let sug = suggestions(site);
    if !sug.is_empty() {
        s.push_str("\nSuggested merges (edit people.toml):\n");
        for g in sug {
            s.push_str(&format!(
                "  {} → {}: {}\n",
                g.name,
                g.candidates.join(" | "),
                g.reason
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words(s)
    }

    #[test]
    fn compatible_names() {
        assert!(compatible(&w("P. Simmons"), &w("Paul Simmons")));
        assert!(compatible(&w("George W. Bush"), &w("George Bush")));
        assert!(!compatible(&w("Jane Smith"), &w("John Smith")));
    }
}
