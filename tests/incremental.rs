//! The incremental engine's invariant: after any sequence of changes, the output is
//! byte-identical to a clean `dateline build` of the same sources. Randomised (seeded,
//! deterministic) edits, adds, deletes and renames of Markdown and raw-text articles,
//! plus occasional static, template, registry and config changes, each followed by an
//! incremental update and a comparison with a fresh build.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dateline::build::{self, BuildOptions};
use dateline::incremental::Session;
use dateline::output::MANIFEST;
use dateline::watch::{classify, Layout};

/// xorshift64*: small, seeded, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }
}

const PEOPLE: &[&str] = &[
    "Anna Kowalski",
    "Jonas Berg",
    "Lena Fischer",
    "Marta Nowak",
    "Omar Haddad",
    "Sara Lind",
    "Piotr Zielinski",
    "Ines Duarte",
];
const WORDS: &[&str] = &[
    "harbour", "storm", "council", "budget", "bridge", "ferry", "market", "school", "strike",
    "river", "festival", "election",
];
const ROLES: &[&str] = &["mayor", "harbour master", "spokeswoman", "minister"];

fn title(rng: &mut Rng) -> String {
    // Few words, so titles (and slugs) collide now and then.
    let n = 1 + rng.below(2);
    let mut w: Vec<String> = (0..n).map(|_| rng.pick(WORDS).to_string()).collect();
    w[0] = format!("{}{}", w[0][..1].to_uppercase(), &w[0][1..]);
    w.join(" ")
}

fn date(rng: &mut Rng) -> Option<String> {
    if rng.chance(10) {
        return None;
    }
    Some(format!(
        "{}-{:02}-{:02}",
        2020 + rng.below(3),
        1 + rng.below(12),
        1 + rng.below(28)
    ))
}

fn markdown(rng: &mut Rng) -> String {
    if rng.chance(8) {
        return "+++\ntitle = \"Broken\nbyline = [\n+++\n\nBody.\n".into();
    }
    let mut s = format!("+++\ntitle = \"{}\"\n", title(rng));
    if let Some(d) = date(rng) {
        s.push_str(&format!("date = {d}\n"));
    }
    if rng.chance(50) {
        s.push_str(&format!("byline = [\"{}\"]\n", rng.pick(PEOPLE)));
    }
    let mut people = Vec::new();
    for _ in 0..rng.below(4) {
        let p = rng.pick(PEOPLE);
        if rng.chance(30) {
            people.push(format!(
                "{{ name = \"{p}\", roles = [\"{}\"] }}",
                rng.pick(ROLES)
            ));
        } else {
            people.push(format!("\"{p}\""));
        }
    }
    s.push_str(&format!("people = [{}]\n", people.join(", ")));
    if rng.chance(10) {
        s.push_str("draft = true\n");
    }
    if rng.chance(30) {
        // A fixed slug: title edits then leave the URL (the site's structure) alone.
        s.push_str(&format!("slug = \"s-{}\"\n", rng.pick(WORDS)));
    }
    if rng.chance(10) {
        s.push_str(&format!("aliases = [\"old/{}/\"]\n", rng.below(5)));
    }
    if rng.chance(10) {
        s.push_str(
            "[[corrections]]\ndate = 2022-05-01\ntext = \"An earlier version misspelt a name.\"\n",
        );
    }
    s.push_str("+++\n\n");
    for _ in 0..1 + rng.below(3) {
        let who = rng.pick(PEOPLE);
        let w = rng.pick(WORDS);
        s.push_str(&format!(
            "{who} spoke about the {w} on Monday. \"We will act on the {w},\" {who} said.\n\n"
        ));
    }
    s
}

fn raw_text(rng: &mut Rng) -> String {
    let mut s = format!("{}\n\n", title(rng).to_uppercase());
    for _ in 0..1 + rng.below(3) {
        let who = rng.pick(PEOPLE);
        s.push_str(&format!(
            "{who}, the {}, said the {} would reopen. \"It is time,\" {who} said.\n\n",
            rng.pick(ROLES),
            rng.pick(WORDS)
        ));
    }
    s
}

fn new_name(rng: &mut Rng, n: usize) -> String {
    let dir = *rng.pick(&["", "2021/", "2022/", "misc/deep/"]);
    if rng.chance(30) {
        let d = date(rng).unwrap_or_else(|| "2021-01-01".into());
        format!("{dir}{d}-wire-{n}.txt")
    } else {
        format!("{dir}article-{n}.md")
    }
}

fn write_article(rng: &mut Rng, path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = if path.extension().unwrap() == "txt" {
        raw_text(rng)
    } else {
        markdown(rng)
    };
    std::fs::write(path, text).unwrap();
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .filter(|(rel, _)| rel != MANIFEST)
        .collect()
}

fn assert_same(inc: &Path, clean: &Path, step: &str) {
    let a = tree(inc);
    let b = tree(clean);
    let only_a: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{step}: only incremental {only_a:?}; only clean {only_b:?}"
    );
    for (k, v) in &a {
        if v != &b[k] {
            let (x, y) = (String::from_utf8_lossy(v), String::from_utf8_lossy(&b[k]));
            let line = x
                .lines()
                .zip(y.lines())
                .find(|(l, m)| l != m)
                .map(|(l, m)| format!("\n  incremental: {l}\n  clean:       {m}"))
                .unwrap_or_default();
            panic!("{step}: {k} differs{line}");
        }
    }
    // No empty folders left behind by deletions.
    for e in walkdir::WalkDir::new(inc).min_depth(1) {
        let e = e.unwrap();
        if e.file_type().is_dir() {
            assert!(
                std::fs::read_dir(e.path()).unwrap().next().is_some(),
                "{step}: empty folder {}",
                e.path().display()
            );
        }
    }
}

/// The default template `name`, with `marker` placed at the start of its
/// `content` block (or at its end, for templates without one).
fn default_with(name: &str, marker: &str) -> String {
    let text = dateline::render::templates::DEFAULTS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap()
        .1;
    if text.contains("{% block content %}") {
        text.replacen(
            "{% block content %}",
            &format!("{{% block content %}}{marker}"),
            1,
        )
    } else {
        format!("{text}{marker}")
    }
}

/// One change to the site's templates: an override of a default (used by some pages,
/// by every page, or through a macro import), a partial included by an override, or
/// an override deleted again. Returns the changed path and a label.
fn template_edit(rng: &mut Rng, root: &Path) -> (PathBuf, String) {
    let dir = root.join("templates");
    let n = rng.below(9);
    let (name, text) = match rng.below(7) {
        0 => (
            "404.html",
            format!("{{% extends \"base.html\" %}}{{% block content %}}<h1>Lost {n}</h1>{{% endblock content %}}"),
        ),
        1 => (
            "person.html",
            default_with("person.html", "{% include \"partials/note.html\" %}"),
        ),
        2 => ("partials/note.html", format!("<p class=\"note\">Note {n}</p>")),
        3 => ("card.html", default_with("card.html", &format!("<!-- card {n} -->"))),
        4 => ("base.html", default_with("base.html", &format!("<!-- base {n} -->"))),
        5 => (
            "macros.html",
            default_with("macros.html", &format!("{{% macro extra{n}() %}}x{{% endmacro %}}")),
        ),
        _ => {
            // Delete an override (not the partial while person.html may include it).
            let name = *rng.pick(&["404.html", "card.html", "base.html", "macros.html"]);
            let p = dir.join(name);
            let _ = std::fs::remove_file(&p);
            return (p, format!("template {name} deleted"));
        }
    };
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    if name == "person.html" && !dir.join("partials/note.html").exists() {
        std::fs::create_dir_all(dir.join("partials")).unwrap();
        std::fs::write(dir.join("partials/note.html"), "<p>Note</p>").unwrap();
    }
    std::fs::write(&p, text).unwrap();
    (p, format!("template {name}"))
}

fn run_seed(seed: u64, steps: usize) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        root.join("dateline.toml"),
        "title = \"Random Gazette\"\nbase_url = \"https://example.org/\"\npaginate_by = 3\n",
    )
    .unwrap();
    let mut articles: Vec<PathBuf> = Vec::new();
    let mut counter = 0;
    for _ in 0..12 {
        counter += 1;
        let p = content.join(new_name(&mut rng, counter));
        write_article(&mut rng, &p);
        articles.push(p);
    }
    let opts = BuildOptions {
        root: root.clone(),
        out: Some(tmp.path().join("inc")),
        ..BuildOptions::default()
    };
    let mut session = Session::new(&opts, "").unwrap();
    let layout = Layout::of(session.paths());
    for step in 0..steps {
        let mut touched: Vec<PathBuf> = Vec::new();
        let ops = 1 + rng.below(3);
        let mut what = Vec::new();
        for _ in 0..ops {
            let op = rng.below(100);
            if op < 35 && !articles.is_empty() {
                let p = rng.pick(&articles).clone();
                let tweak = rng.below(100);
                let text = std::fs::read_to_string(&p).unwrap();
                if tweak < 25 && text.starts_with("+++\n") {
                    // A front-matter edit that keeps the structure: title, summary,
                    // source, updated.
                    let line = match rng.below(4) {
                        0 => format!("summary = \"Summary {}.\"", rng.below(9)),
                        1 => format!("source = \"Wire {}\"", rng.below(3)),
                        2 => format!("updated = 2023-0{}-1{}", 1 + rng.below(9), rng.below(9)),
                        _ => String::new(),
                    };
                    let mut text = text.replacen("+++\n", &format!("+++\n{line}\n"), 1);
                    if line.is_empty() {
                        text = text.replacen(
                            "title = \"",
                            &format!("title = \"{} ", title(&mut rng)),
                            1,
                        );
                    }
                    std::fs::write(&p, text).unwrap();
                    what.push(format!("front matter {}", p.display()));
                } else if tweak < 60 {
                    // A body-only edit: the site's structure stays as it is.
                    let mut text = text;
                    text.push_str(&format!(
                        "\nThe {} reopened on day {}.\n",
                        rng.pick(WORDS),
                        rng.below(30)
                    ));
                    std::fs::write(&p, text).unwrap();
                    what.push(format!("append {}", p.display()));
                } else {
                    write_article(&mut rng, &p);
                    what.push(format!("edit {}", p.display()));
                }
                touched.push(p);
            } else if op < 50 && !articles.is_empty() {
                // A copy of an article under the same file name in another folder: it
                // is left out while the first stands, and stands when that one goes.
                counter += 1;
                let from = rng.pick(&articles).clone();
                let p = content
                    .join(format!("copies-{counter}"))
                    .join(from.file_name().unwrap());
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::copy(&from, &p).unwrap();
                what.push(format!("copy {} -> {}", from.display(), p.display()));
                touched.push(p.clone());
                articles.push(p);
            } else if op < 55 {
                counter += 1;
                let p = content.join(new_name(&mut rng, counter));
                write_article(&mut rng, &p);
                what.push(format!("add {}", p.display()));
                touched.push(p.clone());
                articles.push(p);
            } else if op < 70 && articles.len() > 1 {
                let p = articles.swap_remove(rng.below(articles.len()));
                std::fs::remove_file(&p).unwrap();
                what.push(format!("delete {}", p.display()));
                touched.push(p);
            } else if op < 85 && !articles.is_empty() {
                let i = rng.below(articles.len());
                counter += 1;
                let ext = articles[i].extension().unwrap().to_owned();
                let mut to = content.join(new_name(&mut rng, counter));
                to.set_extension(ext);
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::rename(&articles[i], &to).unwrap();
                what.push(format!(
                    "rename {} -> {}",
                    articles[i].display(),
                    to.display()
                ));
                touched.push(articles[i].clone());
                touched.push(to.clone());
                articles[i] = to;
            } else if op < 88 {
                let p = root.join("static/css/extra.css");
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, format!("p {{ margin: {}px }}\n", rng.below(9))).unwrap();
                what.push("static css".into());
                touched.push(p);
            } else if op < 89 {
                // A static file that replaces a generated page, then goes away again.
                let p = root.join("static/corrections/index.html");
                if p.exists() {
                    std::fs::remove_file(&p).unwrap();
                } else {
                    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                    std::fs::write(&p, "static corrections").unwrap();
                }
                what.push("static page".into());
                touched.push(p);
            } else if op < 95 {
                let (p, what_changed) = template_edit(&mut rng, &root);
                what.push(what_changed);
                touched.push(p);
            } else if op < 96 {
                let p = root.join("templates/assets/style.css");
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(
                    &p,
                    format!(
                        "body {{ color: #{}{}{} }}\n",
                        rng.below(9),
                        rng.below(9),
                        rng.below(9)
                    ),
                )
                .unwrap();
                what.push("asset override".into());
                touched.push(p);
            } else if op < 97 {
                let p = root.join("people.toml");
                std::fs::write(
                    &p,
                    format!(
                        "[[person]]\nname = \"{}\"\nbio = \"Bio {}.\"\n",
                        rng.pick(PEOPLE),
                        rng.below(9)
                    ),
                )
                .unwrap();
                what.push("registry".into());
                touched.push(p);
            } else {
                std::fs::write(
                    root.join("dateline.toml"),
                    format!(
                        "title = \"Random Gazette {}\"\nbase_url = \"https://example.org/\"\npaginate_by = {}\n",
                        rng.below(9),
                        2 + rng.below(3)
                    ),
                )
                .unwrap();
                what.push("config".into());
                touched.push(root.join("dateline.toml"));
            }
        }
        let change = classify(&touched, &layout);
        let label = format!("seed {seed} step {step} ({})", what.join("; "));
        session
            .apply(&change)
            .unwrap_or_else(|e| panic!("{label}: {e:#}"));
        let clean = tmp.path().join(format!("clean-{step}"));
        let mut diags = Vec::new();
        build::build(
            &BuildOptions {
                out: Some(clean.clone()),
                ..opts.clone()
            },
            &mut diags,
        )
        .unwrap();
        assert_same(&tmp.path().join("inc"), &clean, &label);
        std::fs::remove_dir_all(&clean).unwrap();
    }
}

#[test]
fn incremental_output_equals_clean_build_seed_1() {
    run_seed(1, 60);
}

#[test]
fn incremental_output_equals_clean_build_seed_2() {
    run_seed(2, 60);
}

#[test]
fn incremental_output_equals_clean_build_seed_3() {
    run_seed(3, 60);
}

#[test]
fn incremental_output_equals_clean_build_seed_4() {
    run_seed(4, 60);
}

/// A small site of `n` articles by a few people, with a session on it.
fn small_site(n: usize) -> (tempfile::TempDir, PathBuf, Vec<PathBuf>, BuildOptions) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("dateline.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\npaginate_by = 4\n",
    )
    .unwrap();
    let mut rng = Rng(11);
    let mut paths = Vec::new();
    for i in 0..n {
        let p = root.join(format!("content/a-{i}.md"));
        let who = PEOPLE[i % PEOPLE.len()];
        let other = PEOPLE[(i / 2) % PEOPLE.len()];
        std::fs::write(
            &p,
            format!(
                "+++\ntitle = \"{} {i}\"\ndate = 2021-{:02}-{:02}\nbyline = [\"{other}\"]\npeople = [\"{who}\"]\n+++\n\n{who} spoke on Monday.\n",
                title(&mut rng),
                1 + i % 12,
                1 + i % 28
            ),
        )
        .unwrap();
        paths.push(p);
    }
    let opts = BuildOptions {
        root: root.clone(),
        out: Some(tmp.path().join("out")),
        ..BuildOptions::default()
    };
    (tmp, root, paths, opts)
}

fn assert_clean(tmp: &Path, opts: &BuildOptions, label: &str) {
    let clean = tmp.join("clean");
    let _ = std::fs::remove_dir_all(&clean);
    let mut diags = Vec::new();
    build::build(
        &BuildOptions {
            out: Some(clean.clone()),
            ..opts.clone()
        },
        &mut diags,
    )
    .unwrap();
    assert_same(opts.out.as_ref().unwrap(), &clean, label);
}

#[test]
fn a_template_change_renders_only_the_pages_that_use_it() {
    let (tmp, root, _paths, opts) = small_site(30);
    let mut s = Session::new(&opts, "").unwrap();
    let layout = Layout::of(s.paths());
    let site = s.site();
    let person_pages: Vec<String> = dateline::render::pages(site)
        .iter()
        .filter(|p| matches!(p, dateline::render::Page::Person { .. }))
        .map(|p| p.file(site))
        .collect();
    let html_pages = dateline::render::pages(site)
        .iter()
        .filter(|p| p.file(site).ends_with(".html"))
        .count();
    assert!(person_pages.len() >= PEOPLE.len(), "{person_pages:?}");
    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();

    // person.html: every person page and nothing else.
    let p = templates.join("person.html");
    std::fs::write(&p, default_with("person.html", "<p>Edited profile</p>")).unwrap();
    let r = s
        .apply(&classify(std::slice::from_ref(&p), &layout))
        .unwrap();
    assert_eq!(r.rendered, person_pages.len(), "{r}");
    let mut written = r.files.clone();
    written.sort();
    let mut want = person_pages.clone();
    want.sort();
    assert_eq!(written, want);
    assert_clean(tmp.path(), &opts, "person.html");

    // A partial that only person.html includes: the same pages.
    std::fs::write(
        &p,
        default_with("person.html", "{% include \"partials/bio-note.html\" %}"),
    )
    .unwrap();
    let partial = templates.join("partials/bio-note.html");
    std::fs::create_dir_all(partial.parent().unwrap()).unwrap();
    std::fs::write(&partial, "<p>Note one</p>").unwrap();
    s.apply(&classify(&[p.clone(), partial.clone()], &layout))
        .unwrap();
    std::fs::write(&partial, "<p>Note two</p>").unwrap();
    let r = s
        .apply(&classify(std::slice::from_ref(&partial), &layout))
        .unwrap();
    assert_eq!(r.rendered, person_pages.len(), "{r}");
    assert!(
        r.files.iter().all(|f| person_pages.contains(f)),
        "{:?}",
        r.files
    );
    assert_clean(tmp.path(), &opts, "partial");

    // An unused extra template: nothing.
    let extra = templates.join("unused.html");
    std::fs::write(&extra, "<p>unused</p>").unwrap();
    let r = s
        .apply(&classify(std::slice::from_ref(&extra), &layout))
        .unwrap();
    assert_eq!((r.rendered, r.written), (0, 0), "{r}");

    // base.html: every HTML page, but no feed, sitemap or search index file.
    let base = templates.join("base.html");
    std::fs::write(&base, default_with("base.html", "<!-- new base -->")).unwrap();
    let r = s
        .apply(&classify(std::slice::from_ref(&base), &layout))
        .unwrap();
    assert_eq!(r.rendered, html_pages, "{r}");
    assert!(
        r.files.iter().all(|f| f.ends_with(".html")),
        "{:?}",
        r.files
    );
    assert_clean(tmp.path(), &opts, "base.html");

    // Deleting the override brings the default back, on the same pages.
    std::fs::remove_file(&p).unwrap();
    let r = s
        .apply(&classify(std::slice::from_ref(&p), &layout))
        .unwrap();
    assert_eq!(r.rendered, person_pages.len(), "{r}");
    assert_clean(tmp.path(), &opts, "person.html deleted");
}

#[test]
fn an_edit_that_changes_whether_a_name_is_a_title_updates_every_page_of_it() {
    // The titles fixture: "Edith Crane" follows "band" and "group" in two articles, so
    // the archive takes it for a band. Taking "group" out of one leaves one article of
    // evidence: the name is a person again, with a page and links from all three.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/titles"),
        &root,
    );
    let opts = BuildOptions {
        root: root.clone(),
        out: Some(tmp.path().join("out")),
        ..BuildOptions::default()
    };
    let mut s = Session::new(&opts, "").unwrap();
    let layout = Layout::of(s.paths());
    let out = tmp.path().join("out");
    assert!(!out.join("people/edith-crane/index.html").exists());
    let festival = root.join("content/2021-03-08-festival.txt");
    let text = std::fs::read_to_string(&festival).unwrap();
    std::fs::write(
        &festival,
        text.replace("Glasgow group Edith", "Glasgow's Edith"),
    )
    .unwrap();
    let r = s
        .apply(&classify(std::slice::from_ref(&festival), &layout))
        .unwrap();
    assert!(r.assembled, "{r}");
    assert!(out.join("people/edith-crane/index.html").exists());
    let awards =
        std::fs::read_to_string(out.join("2021/03/15/awards-night-rewards-newcomers/index.html"))
            .unwrap();
    assert!(awards.contains("/people/edith-crane/"), "{awards}");
    assert_clean(tmp.path(), &opts, "evidence taken out");
    // And back.
    std::fs::write(&festival, &text).unwrap();
    let r = s
        .apply(&classify(std::slice::from_ref(&festival), &layout))
        .unwrap();
    assert!(r.assembled, "{r}");
    assert!(!out.join("people/edith-crane/index.html").exists());
    assert_clean(tmp.path(), &opts, "evidence put back");
}

#[test]
fn a_body_edit_renders_the_article_and_its_readers_only() {
    let (tmp, _root, paths, opts) = small_site(40);
    let mut s = Session::new(&opts, "").unwrap();
    let layout = Layout::of(s.paths());
    let total = dateline::render::pages(s.site()).len();
    for (k, p) in paths.iter().enumerate().step_by(7) {
        let text = std::fs::read_to_string(p).unwrap();
        std::fs::write(
            p,
            format!("{text}\nA new paragraph about the quayside {k}.\n"),
        )
        .unwrap();
        let r = s
            .apply(&classify(std::slice::from_ref(p), &layout))
            .unwrap();
        assert!(!r.assembled, "{r}");
        // The article, maybe the site feed, a search doc shard and the term shards:
        // no list pages (the cards did not change).
        assert!(
            r.rendered <= 8 && r.rendered < total / 10,
            "{r}: {:?}",
            r.files
        );
        assert!(
            !r.files
                .iter()
                .any(|f| f.starts_with("people/") || f == "index.html"),
            "{:?}",
            r.files
        );
        assert_clean(tmp.path(), &opts, &format!("edit {k}"));
    }
}

#[test]
fn unchanged_files_are_not_parsed_or_written_again() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("dateline.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    let mut rng = Rng(7);
    let mut paths = Vec::new();
    for i in 0..20 {
        let p = root.join(format!("content/a-{i}.md"));
        write_article(&mut rng, &p);
        paths.push(p);
    }
    let opts = BuildOptions {
        root: root.clone(),
        out: Some(tmp.path().join("out")),
        ..BuildOptions::default()
    };
    let mut s = Session::new(&opts, "").unwrap();
    let layout = Layout::of(s.paths());
    // Touching without changing bytes: nothing parsed, nothing written.
    let r = s.apply(&classify(&paths[..3], &layout)).unwrap();
    assert_eq!((r.parsed, r.written, r.removed), (0, 0, 0), "{r}");
    // One body edit: one parse and a handful of pages, not the whole site.
    let text = std::fs::read_to_string(&paths[0]).unwrap();
    std::fs::write(&paths[0], format!("{text}\nOne more line.\n")).unwrap();
    let r = s.apply(&classify(&paths[..1], &layout)).unwrap();
    assert_eq!(r.parsed, 1);
    assert!(!r.assembled, "a body edit patches the site in place");
    // Every output of the site, search index files included.
    let total = dateline::render::pages(s.site()).len();
    assert!(r.rendered < total / 2, "{r}");
}
