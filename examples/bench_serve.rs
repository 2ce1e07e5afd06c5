//! Latency benchmark for `dateline serve` (not a test): generates archives of N simple
//! Markdown articles with people in front matter, starts the real binary, then measures
//! the time from saving an article to the updated page being served (polling the HTTP
//! server until the new text appears).
//!
//! Usage: `cargo run --release --example bench_serve -- [N...]` (default 1000 10000),
//! or `scripts/bench_serve.sh`. Set DATELINE_BIN to use another binary and
//! DATELINE_BENCH_DIR for where the sites are generated (e.g. /dev/shm to leave out a
//! slow disk).

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

fn bench(bin: &Path, n: usize, edits: usize) {
    let base =
        std::env::var_os("DATELINE_BENCH_DIR").map_or_else(std::env::temp_dir, PathBuf::from);
    let tmp = base.join(format!("dateline-bench-{n}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let articles = generate(&tmp, n);
    let start = Instant::now();
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0", "--root"])
        .arg(&tmp)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start dateline serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let l = lines.next().expect("serve exited").unwrap();
        if let Some(i) = l.find("http://") {
            break l[i + 7..].split_whitespace().next().unwrap().to_string();
        }
    };
    let first_build = start.elapsed();
    let (last_line, report) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for l in lines.map_while(Result::ok) {
            let _ = last_line.send(l);
        }
    });
    let addr = url.trim_end_matches('/').to_string();
    let mut times = Vec::new();
    let mut rng = Rng(42);
    for e in 0..edits {
        let (file, page) = &articles[rng.below(articles.len())];
        let text = std::fs::read_to_string(file).unwrap();
        let mark = text
            .lines()
            .find(|l| l.starts_with("MARK-"))
            .unwrap()
            .to_string();
        let new = format!("MARK-{}-{e}", n);
        std::fs::write(file, text.replacen(&mark, &new, 1)).unwrap();
        let t0 = Instant::now();
        loop {
            if get(&addr, page).contains(&new) {
                break;
            }
            if t0.elapsed() > Duration::from_secs(60) {
                panic!("page {page} never updated");
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(150));
    }
    let _ = child.kill();
    let _ = child.wait();
    let server_lines: Vec<String> = report.try_iter().collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "{n} articles: first build + start {:.2} s; save → updated page served over {} edits: median {:.0} ms, p90 {:.0} ms, max {:.0} ms",
        first_build.as_secs_f64(),
        times.len(),
        pct(0.5),
        pct(0.9),
        times[times.len() - 1]
    );
    for l in server_lines
        .iter()
        .filter(|l| l.contains("Rebuilt"))
        .take(3)
    {
        println!("  server: {l}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1000, 10000]
    } else {
        sizes
    };
    let bin = std::env::var_os("DATELINE_BIN").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/dateline"),
        PathBuf::from,
    );
    for n in sizes {
        bench(&bin, n, 20);
    }
}
