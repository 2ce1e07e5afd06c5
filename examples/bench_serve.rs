//! Latency benchmark for `dateline serve` (not a test): starts the real binary on a
//! site, then measures the time from saving an article to the updated page being
//! served (polling the HTTP server until the new text appears). The same edits can be
//! timed against `hugo server` on the Hugo copy of a `scripts/gen_archive.py` archive.
//!
//! Usage: `cargo run --release --example bench_serve -- [N...]` (default 1000 10000)
//! generates simple archives of N Markdown articles; `-- --site DIR [--site DIR...]`
//! uses existing sites (e.g. from `scripts/gen_archive.py`); `--edits K` sets the
//! number of saves (default 20); `--add` adds new articles instead of editing
//! existing ones (a change of the site's structure); `--hugo` times `hugo server` on `DIR/hugo` instead
//! (twice: with fast render, and with `--disableFastRender`). Or
//! `scripts/bench_serve.sh`. Set DATELINE_BIN to use another binary and
//! DATELINE_BENCH_DIR for where generated sites go (e.g. /dev/shm to leave out a slow
//! disk). Edited files are restored afterwards.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FIRST: &[&str] = &[
    "Anna", "Jonas", "Lena", "Marta", "Omar", "Sara", "Piotr", "Ines", "Tomas", "Eva", "Karim",
    "Nora", "Felix", "Ada", "Yusuf", "Clara", "Mateo", "Hana", "Viktor", "Lucia",
];
const LAST: &[&str] = &[
    "Kowalski",
    "Berg",
    "Fischer",
    "Nowak",
    "Haddad",
    "Lind",
    "Zielinski",
    "Duarte",
    "Moreau",
    "Jensen",
    "Rossi",
    "Novak",
    "Okafor",
    "Tanaka",
    "Silva",
    "Weber",
    "Horvat",
    "Lindqvist",
    "Costa",
    "Meyer",
];
const WORDS: &[&str] = &[
    "harbour", "council", "budget", "bridge", "ferry", "market", "school", "river", "festival",
    "election", "hospital", "railway", "museum", "stadium", "library",
];

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn person(rng: &mut Rng) -> String {
    format!(
        "{} {}",
        FIRST[rng.below(FIRST.len())],
        LAST[rng.below(LAST.len())]
    )
}

/// Writes `n` articles; returns (file, page URL path) of each.
fn generate(root: &Path, n: usize) -> Vec<(PathBuf, String)> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    std::fs::write(
        root.join("dateline.toml"),
        "title = \"Bench Gazette\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (y, m, d) = (2000 + rng.below(25), 1 + rng.below(12), 1 + rng.below(28));
        let word = WORDS[rng.below(WORDS.len())];
        let dir = root.join(format!("content/{y}"));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("article-{i}.md"));
        let people: Vec<String> = (0..1 + rng.below(3))
            .map(|_| format!("\"{}\"", person(&mut rng)))
            .collect();
        let mut body = String::new();
        for k in 0..5 {
            body.push_str(&format!(
                "Paragraph {k}: the {word} plan was discussed again on Tuesday by the council, \
                 which heard from residents, officials and experts for several hours. \
                 Officials said the work would continue through the year.\n\n"
            ));
        }
        std::fs::write(
            &file,
            format!(
                "+++\ntitle = \"Article {i} on the {word}\"\ndate = {y:04}-{m:02}-{d:02}\nbyline = [\"{}\"]\npeople = [{}]\n+++\n\nMARK-0\n\n{body}",
                person(&mut rng),
                people.join(", ")
            ),
        )
        .unwrap();
        out.push((
            file,
            format!("/{y:04}/{m:02}/{d:02}/article-{i}-on-the-{word}/"),
        ));
    }
    out
}

fn get(addr: &str, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// Markdown articles of a site with the URL path of each one's page: dateline's
/// (from the parsed record and the default permalink) or Hugo's (`/YYYY/MM/stem/`).
fn site_articles(root: &Path, hugo: bool) -> Vec<(PathBuf, String)> {
    let content = root.join("content");
    let mut files: Vec<PathBuf> = walk(&content)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let pattern = dateline::config::Config::default().permalink;
    files
        .into_iter()
        .filter_map(|p| {
            let url = if hugo {
                let rel = p.strip_prefix(&content).ok()?.with_extension("");
                format!("/{}/", rel.to_string_lossy().to_lowercase())
            } else {
                let raw = dateline::load::read(&content, &p).ok()?;
                let rec = dateline::load::parse(&raw, &p).0?;
                format!(
                    "/{}",
                    dateline::site::permalink(&pattern, rec.date, &rec.slug)
                )
            };
            Some((p, url))
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// A server under test: its process, its address and its output lines.
struct Server {
    child: std::process::Child,
    addr: String,
    lines: std::sync::mpsc::Receiver<String>,
    started: Duration,
}

/// Starts `cmd` and waits for the line naming its `http://` address.
fn start(mut cmd: Command) -> Server {
    let t = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let l = lines.next().expect("server exited").unwrap();
        if let Some(i) = l.find("http://") {
            break l[i + 7..].split_whitespace().next().unwrap().to_string();
        }
    };
    let started = t.elapsed();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for l in lines.map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    Server {
        child,
        addr: url.trim_end_matches('/').replace("localhost", "127.0.0.1"),
        lines: rx,
        started,
    }
}

/// Saves `edits` random articles one by one (appending a marked paragraph) and times
/// each until its page is served with the new text; restores the files.
fn measure(server: &Server, articles: &[(PathBuf, String)], edits: usize, tag: &str) -> Vec<f64> {
    let mut rng = Rng(42);
    let mut times = Vec::new();
    let mut saved: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut e = 0;
    let mut tries = 0;
    while times.len() < edits && tries < edits * 10 {
        tries += 1;
        let (file, page) = &articles[rng.below(articles.len())];
        if saved.iter().any(|(p, _)| p == file)
            || !get(&server.addr, page).starts_with("HTTP/1.1 200")
        {
            continue;
        }
        let bytes = std::fs::read(file).unwrap();
        saved.push((file.clone(), bytes.clone()));
        e += 1;
        let mark = format!("Latency check {tag} {e} of the bench");
        let mut text = String::from_utf8(bytes).unwrap();
        text.push_str(&format!("\n{mark}.\n"));
        std::fs::write(file, text).unwrap();
        let t0 = Instant::now();
        loop {
            if get(&server.addr, page).contains(&mark) {
                break;
            }
            if t0.elapsed() > Duration::from_secs(120) {
                panic!("page {page} never updated");
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(300));
    }
    for (p, b) in saved {
        std::fs::write(p, b).unwrap();
    }
    times
}

/// Adds `edits` new articles one by one under `content/latency-bench/` (a change of
/// the site's structure: lists, people and the search index change) and times each
/// until its page is served; removes them afterwards. `hugo` selects Hugo's URLs.
fn measure_add(server: &Server, content: &Path, edits: usize, tag: &str, hugo: bool) -> Vec<f64> {
    let dir = content.join("latency-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let mut times = Vec::new();
    for e in 1..=edits {
        let mark = format!("Latency check {tag} {e} of the bench");
        let file = dir.join(format!("check-{tag}-{e}.md"));
        std::fs::write(
            &file,
            format!(
                "+++\ntitle = \"{mark}\"\ndate = \"2024-12-{:02}\"\npeople = [\"Lena Latency\"]\n+++\n\n{mark}.\n",
                1 + e % 28
            ),
        )
        .unwrap();
        let page = if hugo {
            format!("/latency-bench/check-{tag}-{e}/")
        } else {
            let raw = dateline::load::read(content, &file).unwrap();
            let rec = dateline::load::parse(&raw, &file).0.unwrap();
            let pattern = dateline::config::Config::default().permalink;
            format!(
                "/{}",
                dateline::site::permalink(&pattern, rec.date, &rec.slug)
            )
        };
        let t0 = Instant::now();
        loop {
            if get(&server.addr, &page).contains(&mark) {
                break;
            }
            if t0.elapsed() > Duration::from_secs(300) {
                panic!("page {page} never appeared");
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(300));
    }
    let _ = std::fs::remove_dir_all(&dir);
    times
}

fn summary(label: &str, server: &Server, mut times: Vec<f64>, load_before: &str) {
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "{label}: start {:.2} s; save → updated page served over {} saves: median {:.0} ms, p90 {:.0} ms, max {:.0} ms; load average {load_before} → {}",
        server.started.as_secs_f64(),
        times.len(),
        pct(0.5),
        pct(0.9),
        times[times.len() - 1],
        load_average()
    );
}

fn stop(mut server: Server) -> Vec<String> {
    let _ = server.child.kill();
    let _ = server.child.wait();
    server.lines.try_iter().collect()
}

/// Times `dateline serve` on the site at `root`.
fn bench_site(bin: &Path, root: &Path, edits: usize, add: bool) {
    let articles = site_articles(root, false);
    let load = load_average();
    let mut cmd = Command::new(bin);
    cmd.args(["serve", "--port", "0", "--root"]).arg(root);
    let server = start(cmd);
    let tag = format!("dateline-{}", std::process::id());
    let times = if add {
        measure_add(&server, &root.join("content"), edits, &tag, false)
    } else {
        measure(&server, &articles, edits, &tag)
    };
    let label = format!(
        "dateline serve, {} ({} articles){}",
        root.display(),
        articles.len(),
        if add { ", new articles" } else { "" }
    );
    summary(&label, &server, times, &load);
    for l in stop(server)
        .iter()
        .filter(|l| l.contains("Rebuilt"))
        .take(3)
    {
        println!("  server: {l}");
    }
}

/// Times `hugo server` on `root/hugo`, with and without fast render.
fn bench_hugo(root: &Path, edits: usize, add: bool) {
    let hugo = root.join("hugo");
    let articles = site_articles(&hugo, true);
    for fast in [true, false] {
        let load = load_average();
        // Hugo prints port 0 as given, so a free port is picked here.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let mut cmd = Command::new("hugo");
        cmd.args(["server", "--bind", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .arg("--source")
            .arg(&hugo);
        if !fast {
            cmd.arg("--disableFastRender");
        }
        let server = start(cmd);
        // A tag of its own per run: Hugo keeps pages of earlier runs on disk.
        let tag = format!(
            "hugo{}-{}",
            if fast { "fast" } else { "full" },
            std::process::id()
        );
        let times = if add {
            measure_add(&server, &hugo.join("content"), edits, &tag, true)
        } else {
            measure(&server, &articles, edits, &tag)
        };
        let label = format!(
            "hugo server{}, {} ({} articles){}",
            if fast { "" } else { " --disableFastRender" },
            hugo.display(),
            articles.len(),
            if add { ", new articles" } else { "" }
        );
        summary(&label, &server, times, &load);
        stop(server);
    }
}

/// Times `dateline serve` on a generated archive of `n` simple articles.
fn bench(bin: &Path, n: usize, edits: usize) {
    let base =
        std::env::var_os("DATELINE_BENCH_DIR").map_or_else(std::env::temp_dir, PathBuf::from);
    let tmp = base.join(format!("dateline-bench-{n}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    generate(&tmp, n);
    bench_site(bin, &tmp, edits, false);
    let _ = std::fs::remove_dir_all(&tmp);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut sites = Vec::new();
    let mut sizes = Vec::new();
    let mut edits = 20;
    let mut hugo = false;
    let mut add = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--site" => {
                i += 1;
                sites.push(PathBuf::from(&args[i]));
            }
            "--edits" => {
                i += 1;
                edits = args[i].parse().expect("--edits N");
            }
            "--hugo" => hugo = true,
            "--add" => add = true,
            a => sizes.push(
                a.parse::<usize>()
                    .expect("N, --site DIR, --edits K, --add or --hugo"),
            ),
        }
        i += 1;
    }
    if sizes.is_empty() && sites.is_empty() {
        sizes = vec![1000, 10000];
    }
    let bin = std::env::var_os("DATELINE_BIN").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/dateline"),
        PathBuf::from,
    );
    for n in sizes {
        bench(&bin, n, edits);
    }
    for root in sites {
        if hugo {
            bench_hugo(&root, edits, add);
        } else {
            bench_site(&bin, &root, edits, add);
        }
    }
}
