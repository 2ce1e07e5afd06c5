//! End-to-end tests of `dateline build` on fixture sites: parse the generated HTML,
//! follow its links, check the lists people pages show.

mod common;

use common::*;

const BASE: &str = "https://example.org/news/";

#[test]
fn archive_fixture_builds_a_complete_linked_site() {
    let b = build_fixture("archive", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(
        b.stdout.starts_with("Built 6 articles (1 undated)"),
        "{}",
        b.stdout
    );
    let all = files(&b.out);
    for f in [
        "index.html",
        "page/2/index.html",
        "people/index.html",
        "people/anna-kowalski/index.html",
        "people/anna-kowalski/atom.xml",
        "2021/index.html",
        "2021/05/index.html",
        "undated/index.html",
        "undated/about-the-gazette/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "corrections/index.html",
        "assets/style.css",
        "images/logo.png",
    ] {
        assert!(all.contains(f), "missing {f}");
    }
    // Every sitemap URL is a page, and every HTML page but 404 and redirects is listed.
    let listed: Vec<String> = sitemap_urls(&b.out, "sitemap.xml");
    for u in &listed {
        let f = url_to_file(u.strip_prefix("https://example.org").unwrap(), "/news/").unwrap();
        assert!(all.contains(&f), "sitemap lists missing page {u}");
    }
    let html_pages = all
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "404.html" && !f.starts_with("old/"))
        .count();
    assert_eq!(listed.len(), html_pages);
    let broken = broken_links(&b.out, BASE);
    assert!(broken.is_empty(), "{broken:#?}");
    // Feeds and sitemap are well-formed XML.
    for f in ["atom.xml", "sitemap.xml", "people/anna-kowalski/atom.xml"] {
        roxmltree::Document::parse(&read(&b.out, f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    assert!(read(&b.out, "robots.txt").contains("Sitemap: https://example.org/news/sitemap.xml"));
}

#[test]
fn person_page_lists_exactly_their_articles_newest_first() {
    let b = build_fixture("archive", &[]);
    let doc = parse(&b.out, "people/anna-kowalski/index.html");
    let titles = select_all(
        &doc,
        "section[aria-labelledby=mentioned-heading] .card-title",
    );
    assert_eq!(
        titles,
        vec!["Winter Storm", "Winter Storm", "Port Expansion Approved"],
        "draft must be left out"
    );
    let dates = attrs(
        &doc,
        "section[aria-labelledby=mentioned-heading] time",
        "datetime",
    );
    assert_eq!(dates, vec!["2022-02-01", "2022-02-01", "2021-05-03"]);
    assert_eq!(select_all(&doc, "h1"), vec!["Anna Kowalski"]);
    let facts = select_all(&doc, ".facts");
    assert!(facts[0].contains("Board chair"), "{facts:?}");
    assert!(facts[0].contains("Kowalski"), "{facts:?}");
    // The byline person has an "Articles by" list and no mentions.
    let lena = parse(&b.out, "people/lena-fischer/index.html");
    assert_eq!(
        select_all(&lena, "section[aria-labelledby=by-heading] .card-title"),
        vec!["Fish Market Moves Indoors", "Port Expansion Approved"]
    );
    assert!(select_all(&lena, "#mentioned-heading").is_empty());
}

#[test]
fn article_page_has_head_metadata_people_and_neighbours() {
    let b = build_fixture("archive", &[]);
    let doc = parse(&b.out, "2021/05/03/port-expansion-approved/index.html");
    assert_eq!(select_all(&doc, "h1"), vec!["Port Expansion Approved"]);
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        vec!["https://example.org/news/2021/05/03/port-expansion-approved/"]
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:type']", "content"),
        vec!["article"]
    );
    let ld = select_all(&doc, "script[type='application/ld+json']");
    let v: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
    assert_eq!(v["@type"], "NewsArticle");
    assert_eq!(v["headline"], "Port Expansion Approved");
    assert_eq!(v["datePublished"], "2021-05-03");
    assert_eq!(v["author"][0]["name"], "Lena Fischer");
    let mentioned: Vec<&str> = v["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(mentioned, vec!["Anna Kowalski", "Jonas Berg"]);
    assert_eq!(
        select_all(&doc, ".people-mentioned li a"),
        vec!["Anna Kowalski", "Jonas Berg"]
    );
    assert_eq!(select_all(&doc, ".byline a"), vec!["Lena Fischer"]);
    assert_eq!(
        select_all(&doc, ".prev-next .next"),
        vec!["Newer Fish Market Moves Indoors"]
    );
    assert!(
        select_all(&doc, ".prev-next .prev").is_empty(),
        "oldest has no older"
    );
    // Related: the other articles sharing people.
    let related = select_all(&doc, ".related .card-title");
    assert_eq!(related.len(), 3, "{related:?}");
    assert_eq!(
        select_all(&doc, ".story-body strong"),
        vec!["port expansion"]
    );
    // A footer only where there is something to put in it.
    assert!(!select_all(&doc, ".story-footer .tags li").is_empty());
    let untagged = parse(&b.out, "2021/06/10/fish-market-moves-indoors/index.html");
    assert!(select_all(&untagged, ".story-footer").is_empty());
}

#[test]
fn same_slug_same_day_gets_a_suffix_and_aliases_redirect() {
    let b = build_fixture("archive", &[]);
    let all = files(&b.out);
    assert!(all.contains("2022/02/01/winter-storm/index.html"));
    assert!(all.contains("2022/02/01/winter-storm-2/index.html"));
    let redirect = parse(&b.out, "old/storm/index.html");
    assert_eq!(
        attrs(&redirect, "meta[http-equiv=refresh]", "content"),
        vec!["0; url=https://example.org/news/2022/02/01/winter-storm/"]
    );
    let doc = parse(&b.out, "2022/02/01/winter-storm/index.html");
    let note = select_all(&doc, ".correction");
    assert!(note[0].contains("not Monday"), "{note:?}");
    let corrections = parse(&b.out, "corrections/index.html");
    assert_eq!(
        select_all(&corrections, ".card-title"),
        vec!["Winter Storm"]
    );
}

#[test]
fn drafts_only_with_flag() {
    let b = build_fixture("archive", &["--drafts"]);
    assert_eq!(b.code, 0);
    assert!(files(&b.out).contains("2022/04/01/unfinished-draft/index.html"));
    let b = build_fixture("archive", &[]);
    assert!(!files(&b.out).contains("2022/04/01/unfinished-draft/index.html"));
}

#[test]
fn person_pages_tell_written_from_contributed_and_the_index_files_family_names_first() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    let story = |file: &str, text: &str| std::fs::write(content.join(file), text).unwrap();
    story(
        "2021-04-01-quay.txt",
        "Quay to reopen in spring\n\nBy Mara Lind\n\nThe quay will reopen in spring, \
         the port said on Monday.\n",
    );
    story(
        "2021-05-01-ferry.txt",
        "Ferry returns to the quay\n\nBy Mara Lind\n\nThe first ferry docked on Friday \
         after a winter away.\n",
    );
    story(
        "2021-06-01-dredging.txt",
        "Harbour dredging begins\n\nBy Tove Brandt\n\nDredging of the harbour began on \
         Tuesday. Zhang Weiming, an engineer, said the work would take a month.\n\n\
         With assistance from Mara Lind\n",
    );
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    // Wrote two, contributed to one: the facts say so and the list's heading too.
    let mara = parse(&b.out, "people/mara-lind/index.html");
    let facts = select_all(&mara, ".facts");
    assert!(
        facts[0].contains("wrote 2 articles; contributed to 1"),
        "{facts:?}"
    );
    assert_eq!(
        select_all(&mara, "#by-heading"),
        ["Articles by or with Mara Lind"]
    );
    assert_eq!(
        select_all(&mara, "section[aria-labelledby=by-heading] .card-title").len(),
        3
    );
    let tove = parse(&b.out, "people/tove-brandt/index.html");
    assert_eq!(
        select_all(&tove, "#by-heading"),
        ["Articles by Tove Brandt"]
    );
    assert!(select_all(&tove, ".facts")[0].contains("wrote 1 article"));
    // The index says what its numbers count, and files a family name written first
    // under it (Z), not under the given name (W).
    let index = parse(&b.out, "people/index.html");
    let rows = select_all(&index, ".people-group li");
    assert!(
        rows.iter()
            .any(|r| r.contains("Mara Lind") && r.contains("3 credits")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("Zhang Weiming") && r.contains("1 article")),
        "{rows:?}"
    );
    assert_eq!(
        select_all(&index, "section[aria-labelledby=initial-z] a"),
        ["Zhang Weiming"]
    );
}

#[test]
fn roles_written_after_names_reach_person_and_article_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    std::fs::write(
        content.join("2021-04-01-quay.txt"),
        "Quay to reopen in spring\n\nMara Lind, chief executive of the port authority, \
         said on Monday the quay would reopen in spring.\n\nLind said the repairs were on budget.\n",
    )
    .unwrap();
    std::fs::write(
        content.join("2022-06-01-ferry.txt"),
        "Ferry returns to the quay\n\nThe first ferry docked on Friday, said Mara Lind, the \
         Chief Executive of the Port Authority.\n\nLind thanked the crews.\n",
    )
    .unwrap();
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    // Two spellings of one role are one entry, seen from the first article to the last.
    let person = parse(&b.out, "people/mara-lind/index.html");
    let roles = select_all(&person, "dd li");
    let described: Vec<&String> = roles
        .iter()
        .filter(|r| {
            r.to_lowercase()
                .contains("chief executive of the port authority")
        })
        .collect();
    assert_eq!(described.len(), 1, "{roles:?}");
    assert!(
        described[0].contains("2021") && described[0].contains("2022"),
        "{described:?}"
    );
    let article = parse(&b.out, "2021/04/01/quay-to-reopen-in-spring/index.html");
    assert_eq!(
        select_all(&article, ".people-mentioned .role"),
        ["chief executive of the port authority"]
    );
}

#[test]
fn a_standfirst_is_printed_only_when_it_is_not_the_opening_of_the_story() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    let lead = "The quay reopened on Monday after a year of repairs.";
    let write = |name: &str, text: String| std::fs::write(content.join(name), text).unwrap();
    // Raw text: the summary comes from the first paragraph.
    write(
        "2021-04-01-raw.txt",
        format!("Quay reopens\n\n{lead}\n\nThe harbour master thanked the crews.\n"),
    );
    // Markdown without a summary, with one copied from the lead, and with its own.
    let md = |title: &str, summary: &str| {
        format!("+++\ntitle = \"{title}\"\n{summary}+++\n\n{lead} *Work* went on at night.\n")
    };
    write("2021-04-02-derived.md", md("Derived", ""));
    write(
        "2021-04-03-copied.md",
        md("Copied", &format!("summary = \"{lead}\"\n")),
    );
    write(
        "2021-04-04-own.md",
        md("Own", "summary = \"A year of repairs ends.\"\n"),
    );
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    for (page, standfirst) in [
        ("2021/04/01/quay-reopens", None),
        ("2021/04/02/derived", None),
        ("2021/04/03/copied", None),
        ("2021/04/04/own", Some("A year of repairs ends.")),
    ] {
        let doc = parse(&b.out, &format!("{page}/index.html"));
        assert_eq!(
            select_all(&doc, ".standfirst").first().map(String::as_str),
            standfirst,
            "{page}"
        );
        // The lead is in the story once, and the summary still describes the page.
        assert!(
            select_all(&doc, ".story-body p")[0].starts_with(lead),
            "{page}"
        );
        let description = attrs(&doc, "meta[name=description]", "content");
        assert_eq!(description.len(), 1, "{page}");
        assert!(
            description[0] == standfirst.unwrap_or(lead) || description[0].starts_with(lead),
            "{page}: {description:?}"
        );
    }
    // A rebuild that takes the raw article from the record cache prints the same page.
    let first = std::fs::read_to_string(b.out.join("2021/04/01/quay-reopens/index.html")).unwrap();
    write(
        "2021-04-05-other.txt",
        "Other story\n\nSomething else happened.\n".into(),
    );
    let again = build_at(tmp.path(), &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(b.out.join("2021/04/01/quay-reopens/index.html")).unwrap(),
        first
    );
}

#[test]
fn character_references_in_raw_text_are_read_as_characters_and_stay_text() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    std::fs::write(
        content.join("2021-04-01-fund.txt"),
        "&#163;5m harbour fund for Eastmoor\n\nRen&eacute;e Marwick, the harbour master, said \
         the fund was &quot;long overdue&quot;.\n\nMarwick said the &lt;script&gt; tag \
         &amp; the rest were text, AT&T too.\n",
    )
    .unwrap();
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let pages: Vec<String> = common::files(&b.out)
        .into_iter()
        .filter(|f| f.starts_with("2021/04/01/"))
        .collect();
    assert_eq!(pages.len(), 1, "{pages:?}");
    let page = pages[0].as_str();
    let doc = parse(&b.out, page);
    assert_eq!(select_all(&doc, "h1"), ["£5m harbour fund for Eastmoor"]);
    assert_eq!(
        select_all(&doc, ".story-body p"),
        [
            "Renée Marwick, the harbour master, said the fund was \"long overdue\".",
            "Marwick said the <script> tag & the rest were text, AT&T too.",
        ]
    );
    // Decoded markup is still text: escaped on the page, never an element.
    assert!(select_all(&doc, ".story-body script").is_empty());
    assert!(common::read(&b.out, page).contains("the &lt;script&gt; tag &amp; the rest"));
    // The name is whole, so the person is found under it.
    assert_eq!(
        select_all(&doc, ".people-mentioned li a"),
        ["Renée Marwick"]
    );
}

#[test]
fn a_copy_of_an_article_is_left_out_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(content.join("tech")).unwrap();
    std::fs::create_dir_all(content.join("business")).unwrap();
    let text = "Chip maker opens plant\n\nIneke Vossberg, the chief executive, opened the plant.\n";
    std::fs::write(content.join("tech/2021-04-01-plant.txt"), text).unwrap();
    std::fs::write(content.join("business/2021-04-01-plant.txt"), text).unwrap();
    // Same headline and day, other text: another article, under a numbered URL.
    std::fs::write(
        content.join("tech/2021-04-01-plant-update.txt"),
        "Chip maker opens plant\n\nIneke Vossberg said hiring would start in May.\n",
    )
    .unwrap();
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(b.stdout.starts_with("Built 2 articles"), "{}", b.stdout);
    // One of a kind in the summary is singular.
    assert!(
        b.stdout.contains(", 1 person, ") && b.stdout.contains(", 2 warnings in "),
        "{}",
        b.stdout
    );
    assert!(
        b.stderr
            .contains("content/tech/2021-04-01-plant.txt: the same article as business/2021-04-01-plant.txt; left out as a copy"),
        "{}",
        b.stderr
    );
    let pages: Vec<String> = common::files(&b.out)
        .into_iter()
        .filter(|f| f.starts_with("2021/04/01/"))
        .collect();
    assert_eq!(
        pages,
        [
            "2021/04/01/chip-maker-opens-plant-2/index.html",
            "2021/04/01/chip-maker-opens-plant/index.html"
        ]
    );
    let person = parse(&b.out, "people/ineke-vossberg/index.html");
    assert_eq!(
        select_all(
            &person,
            "section[aria-labelledby=mentioned-heading] .card-title"
        )
        .len(),
        2
    );
    // With the first file gone, its copy stands in its place.
    std::fs::remove_file(content.join("business/2021-04-01-plant.txt")).unwrap();
    let again = build_at(tmp.path(), &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.starts_with("Built 2 articles"),
        "{}",
        again.stdout
    );
    assert!(!again.stderr.contains("copy"), "{}", again.stderr);
    assert!(b
        .out
        .join("2021/04/01/chip-maker-opens-plant/index.html")
        .is_file());
}

#[test]
fn the_people_index_leads_with_the_most_mentioned() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    // Pat Doe in 30 articles, Lee Roe in 20, Kim Poe in 10, 25 others in one each.
    for j in 0..30 {
        let mut people = vec!["Pat Doe".to_string()];
        if j < 20 {
            people.push("Lee Roe".into());
        }
        if j < 10 {
            people.push("Kim Poe".into());
        }
        if j < 25 {
            people.push(format!("Other Person{j:02}"));
        }
        let list: Vec<String> = people.iter().map(|p| format!("\"{p}\"")).collect();
        std::fs::write(
            content.join(format!("2021-01-{:02}-story.md", j + 1)),
            format!(
                "+++\ntitle = \"Story {j}\"\npeople = [{}]\n+++\n\nText {j}.\n",
                list.join(", ")
            ),
        )
        .unwrap();
    }
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let index = parse(&b.out, "people/index.html");
    let top = select_all(&index, ".most-mentioned li a");
    assert_eq!(top.len(), 24);
    assert_eq!(top[..3], ["Pat Doe", "Lee Roe", "Kim Poe"]);
    assert_eq!(
        select_all(&index, ".most-mentioned li .count")[..3],
        ["30 articles", "20 articles", "10 articles"]
    );
    // Every entry links to its person page.
    for url in attrs(&index, ".most-mentioned li a", "href") {
        assert!(
            common::url_to_file(&url, "/").is_some_and(|f| b.out.join(f).is_file()),
            "{url}"
        );
    }
    // The A–Z list is all there below it.
    assert_eq!(select_all(&index, ".people-group li").len(), 28);
    // A small archive lists everyone at once and has no such section.
    let small = build_fixture("archive", &[]);
    let small_index = parse(&small.out, "people/index.html");
    assert!(select_all(&small_index, ".most-mentioned").is_empty());
}

#[test]
fn pagination_of_person_pages_past_fifty() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir(&content).unwrap();
    for i in 0..120u32 {
        let d = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(i as u64);
        std::fs::write(
            content.join(format!("{d}-story-{i}.md")),
            format!("+++\ntitle = \"Story {i}\"\npeople = [\"Pat Doe\"]\n+++\n\nText {i}.\n"),
        )
        .unwrap();
    }
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let mut seen = Vec::new();
    for (page, want) in [("", 50), ("page/2/", 50), ("page/3/", 20)] {
        let doc = parse(&b.out, &format!("people/pat-doe/{page}index.html"));
        let titles = select_all(
            &doc,
            "section[aria-labelledby=mentioned-heading] .card-title",
        );
        assert_eq!(titles.len(), want, "page {page}");
        seen.extend(titles);
        assert_eq!(select_all(&doc, ".pagination [aria-current=page]").len(), 1);
    }
    let expected: Vec<String> = (0..120).rev().map(|i| format!("Story {i}")).collect();
    assert_eq!(seen, expected, "newest first across pages");
    assert!(!files(&b.out).contains("people/pat-doe/page/4/index.html"));
    assert!(broken_links(&b.out, "http://localhost:1111/").is_empty());
}

#[test]
fn hostile_text_is_never_markup() {
    let b = build_fixture("hostile", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    for f in files(&b.out).iter().filter(|f| f.ends_with(".html")) {
        let html = read(&b.out, f);
        let doc = parse(&b.out, f);
        let scripts = attrs(&doc, "script", "type");
        assert!(
            scripts.iter().all(|t| t == "application/ld+json"),
            "{f}: executable script element"
        );
        // The only scripts without a type are the default templates' own assets
        // (search and the people filter), never anything from the content.
        let own = attrs(&doc, "script[src]", "src")
            .iter()
            .filter(|s| ["/assets/search.js", "/assets/people.js"].contains(&s.as_str()))
            .count();
        assert_eq!(
            attrs(&doc, "script", "type").len() + own,
            select_all(&doc, "script").len(),
            "{f}: script without type"
        );
        assert!(
            attrs(&doc, "[onerror]", "onerror").is_empty(),
            "{f}: onerror attribute"
        );
        assert!(!html.to_lowercase().contains("href=\"javascript:"), "{f}");
        for ld in select_all(&doc, "script[type='application/ld+json']") {
            serde_json::from_str::<serde_json::Value>(&ld).unwrap_or_else(|e| panic!("{f}: {e}"));
        }
        assert!(select_all(&doc, "title").len() == 1, "{f}: title broken");
    }
    let raw = parse(
        &b.out,
        "2020/01/01/script-alert-1-script-headline/index.html",
    );
    assert_eq!(
        select_all(&raw, "h1"),
        vec!["<script>alert(1)</script> Headline"]
    );
    assert!(select_all(&raw, ".story-body")[0].contains("<script>alert(2)</script>"));
    let md = parse(&b.out, "2020/01/02/title-script-alert-5-script/index.html");
    assert_eq!(
        select_all(&md, "h1"),
        vec!["</title><script>alert(5)</script>"]
    );
    assert!(select_all(&md, ".story-body")[0].contains("<script>alert(9)</script>"));
    for f in ["atom.xml", "sitemap.xml"] {
        roxmltree::Document::parse(&read(&b.out, f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
}

#[test]
fn malformed_front_matter_warns_with_file_and_line_and_others_build() {
    let b = build_fixture("bad-frontmatter", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(b.stderr.contains("2020-01-02-bad.md:2:"), "{}", b.stderr);
    assert!(
        b.stderr.contains("2020-01-03-unclosed.md:1:"),
        "{}",
        b.stderr
    );
    assert!(b.stderr.contains("never closed"), "{}", b.stderr);
    assert!(files(&b.out).contains("2020/01/01/a-good-article/index.html"));
    assert!(b.stdout.contains("2 warnings"), "{}", b.stdout);
}

#[test]
fn strict_fails_and_publishes_nothing() {
    let tmp = fixture_copy("bad-frontmatter");
    let b = build_at(tmp.path(), &["--strict"]);
    assert_ne!(b.code, 0);
    assert!(!b.out.exists(), "nothing may be published under --strict");
    assert!(b.stderr.contains("--strict"), "{}", b.stderr);
}

#[test]
fn rebuild_is_a_no_op_and_edits_replace_only_what_changed() {
    let tmp = fixture_copy("archive");
    let first = build_at(tmp.path(), &[]);
    assert_eq!(first.code, 0);
    let before = files(&first.out);
    let second = build_at(tmp.path(), &[]);
    assert!(second.stdout.starts_with("Up to date"), "{}", second.stdout);
    // Files the load ignores (an editor's swap file) do not make the site stale.
    std::fs::write(tmp.path().join("content/.about.md.swp"), "x").unwrap();
    let swap = build_at(tmp.path(), &[]);
    assert!(swap.stdout.starts_with("Up to date"), "{}", swap.stdout);
    // Raw articles are cached by content hash for the next build.
    let cache = std::fs::read_to_string(tmp.path().join(".dateline/records.jsonl")).unwrap();
    assert!(
        cache.contains("\"path\":\"2022/2022-03-15-plans.txt\""),
        "{cache}"
    );
    // An edit elsewhere reuses the cached record and gives the same page.
    let page = read(&first.out, "2022/03/15/new-plans-for-the-quay/index.html");
    std::fs::write(
        tmp.path().join("content/about.md"),
        "+++\ntitle = \"About\"\n+++\n\nNew.\n",
    )
    .unwrap();
    let edited = build_at(tmp.path(), &[]);
    assert_eq!(edited.code, 0);
    assert_eq!(
        read(&edited.out, "2022/03/15/new-plans-for-the-quay/index.html"),
        page
    );
    // Delete an article: its page disappears, nothing stale stays behind.
    std::fs::remove_file(tmp.path().join("content/2022/2022-03-15-plans.txt")).unwrap();
    let third = build_at(tmp.path(), &[]);
    assert_eq!(third.code, 0);
    let after = files(&third.out);
    assert!(!after.contains("2022/03/15/new-plans-for-the-quay/index.html"));
    assert!(after.len() < before.len());
    assert!(broken_links(&third.out, BASE).is_empty());
}

#[test]
fn refuses_to_build_into_a_foreign_folder() {
    let tmp = fixture_copy("archive");
    let foreign = tmp.path().join("mine");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.txt"), "precious").unwrap();
    let b = build_at(tmp.path(), &["--out", foreign.to_str().unwrap()]);
    assert_ne!(b.code, 0);
    assert!(b.stderr.contains("not made by dateline"), "{}", b.stderr);
    assert_eq!(
        std::fs::read_to_string(foreign.join("thesis.txt")).unwrap(),
        "precious"
    );
    let content = tmp.path().join("content");
    let b = build_at(tmp.path(), &["--out", content.to_str().unwrap()]);
    assert_ne!(b.code, 0);
}

#[test]
fn switched_off_outputs_are_neither_written_nor_linked() {
    let b = build_fixture("outputs-off", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(b.stderr.is_empty(), "{}", b.stderr);
    let all = files(&b.out);
    for f in [
        "index.html",
        "page/2/index.html",
        "people/index.html",
        "people/oskar-dahl/index.html",
        "atom.xml",
        "sitemap.xml",
        "404.html",
        "corrections/index.html",
    ] {
        assert!(all.contains(f), "missing {f}");
    }
    let unwanted: Vec<&String> = all
        .iter()
        .filter(|f| {
            f.starts_with("search/")
                || f.starts_with("archive/")
                || f.starts_with("2023/index")
                || f.starts_with("2024/index")
                || f.starts_with("2024/12/index")
                || (f.starts_with("people/") && f.ends_with("/atom.xml"))
        })
        .collect();
    assert!(unwanted.is_empty(), "{unwanted:#?}");
    // Articles keep their dated URLs; only the year and month pages are gone.
    assert!(all.contains("2024/01/15/library-reopens-after-repairs/index.html"));
    let broken = broken_links(&b.out, BASE);
    assert!(broken.is_empty(), "{broken:#?}");
    let listed = sitemap_urls(&b.out, "sitemap.xml");
    assert!(listed
        .iter()
        .all(|u| !u.contains("/search/") && !u.contains("/archive/")));
    let html_pages = all
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "404.html")
        .count();
    assert_eq!(listed.len(), html_pages);
    // No search form or link, no archive or year links, no person feed.
    let home = parse(&b.out, "index.html");
    assert!(select_all(&home, "form[role=search]").is_empty());
    let nav = select_all(&home, ".site-nav a");
    assert_eq!(nav, vec!["Latest", "People", "Corrections"]);
    let person = parse(&b.out, "people/oskar-dahl/index.html");
    assert!(attrs(&person, "link[type='application/atom+xml']", "href")
        .iter()
        .all(|h| !h.contains("/people/")));
    assert!(select_all(&person, ".feed-link").is_empty());
    assert!(attrs(&person, ".timeline a", "href").is_empty());
    assert!(!select_all(&person, ".timeline time").is_empty());
}

#[test]
fn outputs_are_on_by_default() {
    let b = build_fixture("archive", &[]);
    let person = parse(&b.out, "people/anna-kowalski/index.html");
    assert_eq!(
        attrs(&person, ".feed-link a", "href"),
        vec!["/news/people/anna-kowalski/atom.xml"]
    );
    assert!(!attrs(&person, ".timeline a", "href").is_empty());
    let home = parse(&b.out, "index.html");
    assert_eq!(select_all(&home, "form[role=search]").len(), 1);
    assert!(select_all(&home, ".site-nav a").contains(&"Archive".to_string()));
    assert!(files(&b.out).contains("search/meta.json"));
}

#[test]
fn variables_are_computed_for_templates_that_name_them() {
    // Related articles and JSON-LD are skipped only when no template can name them; an
    // override that names them (here through a macro file) gets them.
    let tmp = fixture_copy("archive");
    let t = tmp.path().join("templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("bits.html"),
        "{% macro rel(r) %}{% for c in r %}[{{ c.title }}]{% endfor %}{% endmacro rel %}",
    )
    .unwrap();
    std::fs::write(
        t.join("article.html"),
        "{% import \"bits.html\" as bits %}<!doctype html><title>{{ article.title }}</title>{{ bits::rel(r=related) }}|{% if page.jsonld %}ld{% endif %}",
    )
    .unwrap();
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let html = read(&b.out, "2022/02/01/winter-storm-2/index.html");
    assert!(
        html.contains("[Winter Storm][Port Expansion Approved]|ld"),
        "{html}"
    );
}

#[test]
fn context_dump_gets_every_variable_and_card_levels_stay_apart() {
    // `{{ __tera_context }}` prints the whole context: fields skipped for templates that
    // cannot name them are computed for it. A card template that names `level` gets the
    // level of the list it is in (2 on the home page, 3 on person pages).
    let tmp = fixture_copy("archive");
    let t = tmp.path().join("templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("article.html"),
        "<!doctype html>{{ __tera_context }}",
    )
    .unwrap();
    std::fs::write(
        t.join("card.html"),
        "<li data-level=\"{{ level }}\">{{ a.title }}</li>",
    )
    .unwrap();
    let b = build_at(tmp.path(), &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let html = read(&b.out, "2022/02/01/winter-storm-2/index.html");
    for key in [
        "\"related\": [",
        "\"jsonld\": \"{",
        "Port Expansion Approved",
    ] {
        assert!(html.contains(key), "{key} missing from the dump: {html}");
    }
    let home = read(&b.out, "index.html");
    assert!(home.contains("data-level=\"2\""), "{home}");
    assert!(!home.contains("data-level=\"3\""), "{home}");
    let person = files(&b.out)
        .into_iter()
        .find(|f| {
            f.starts_with("people/") && f.ends_with("/index.html") && f != "people/index.html"
        })
        .expect("a person page");
    let page = read(&b.out, &person);
    assert!(page.contains("data-level=\"3\""), "{person}: {page}");
    assert!(!page.contains("data-level=\"2\""), "{person}: {page}");
}

#[test]
fn quotes_are_found_only_for_templates_that_show_them_and_never_served_stale() {
    // With templates that cannot show quotes or word counts, a build does not look for
    // them (the raw article's cached record has none). Templates that show them, by name
    // or by encoding the article whole, then get them: cached records made without them
    // are not reused.
    let tmp = fixture_copy("archive");
    let root = tmp.path();
    std::fs::write(
        root.join("content/2022/2022-04-01-harbour-talks.txt"),
        "Harbour Talks Resume\n\nMaria Lindqvist, the harbour chief, spoke on Friday.\n\n\
         \u{201c}We will reopen the quay in May,\u{201d} Lindqvist said.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/2022/2022-04-02-quay-date.md"),
        "+++\ntitle = \"Quay Reopening Date Set\"\npeople = [\"Maria Lindqvist\"]\n+++\n\n\
         \u{201c}The quay opens in May,\u{201d} Lindqvist said on Friday.\n",
    )
    .unwrap();
    let t = root.join("templates");
    std::fs::create_dir_all(&t).unwrap();
    // The raw article's record as the cache holds it.
    let cached = || -> serde_json::Value {
        let text = std::fs::read_to_string(root.join(".dateline/records.jsonl")).unwrap();
        text.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|e| {
                e["rec"]["path"]
                    .as_str()
                    .unwrap()
                    .ends_with("harbour-talks.txt")
            })
            .expect("cache entry of the raw article")["rec"]
            .take()
    };
    let cached_quotes = || cached()["quotes"].as_array().map_or(0, Vec::len);
    let cached_word_count = || cached()["word_count"].as_u64().unwrap_or(0);
    let article = |b: &Built| read(&b.out, "2022/04/01/harbour-talks-resume/index.html");

    // The default article and person templates show quotes: both are replaced.
    std::fs::write(
        t.join("article.html"),
        "<!doctype html><title>{{ article.title }}</title>{{ article.body_html | safe }}",
    )
    .unwrap();
    std::fs::write(
        t.join("person.html"),
        "<!doctype html><title>{{ person.name }}</title>",
    )
    .unwrap();
    let b = build_at(root, &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(article(&b).contains("harbour chief"));
    assert_eq!(
        cached_quotes(),
        0,
        "quotes found for templates that show none"
    );
    assert_eq!(
        cached_word_count(),
        0,
        "words counted for templates that show none"
    );

    std::fs::write(
        t.join("article.html"),
        "<!doctype html>{% for q in article.quotes %}<q>{{ q.text }}</q>{% endfor %}<w>{{ article.word_count }}</w>",
    )
    .unwrap();
    let b = build_at(root, &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(
        article(&b).contains("<q>We will reopen the quay in May</q>"),
        "{}",
        article(&b)
    );
    assert_eq!(cached_quotes(), 1);
    assert!(article(&b).contains("<w>17</w>"), "{}", article(&b));
    assert_eq!(cached_word_count(), 17);
    let md = read(&b.out, "2022/04/02/quay-reopening-date-set/index.html");
    assert!(md.contains("<q>The quay opens in May</q>"), "{md}");

    // The word `quotes` appears nowhere, but the whole article is printed.
    std::fs::write(
        t.join("article.html"),
        "<!doctype html>{{ article | json_encode() | safe }}",
    )
    .unwrap();
    let b = build_at(root, &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let md = read(&b.out, "2022/04/02/quay-reopening-date-set/index.html");
    assert!(md.contains("\"quotes\":[{"), "{md}");
    assert!(md.contains("The quay opens in May"), "{md}");
}
