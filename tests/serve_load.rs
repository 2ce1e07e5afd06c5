//! The preview server under load, run as the real binary (`dateline serve`) on a
//! generated site in a temporary folder, on a free loopback port:
//!
//! * many concurrent clients (GET, GET asking for keep-alive, HEAD, event streams) make
//!   thousands of requests while a writer edits, adds, deletes and renames articles,
//!   breaks and fixes front matter and changes `dateline.toml`, so incremental and full
//!   rebuilds run during the requests. Every response must be well-formed and whole
//!   (no 5xx, `Content-Length` equal to the body, HTML ending in `</html>`, one version
//!   of a page, never a mix), and afterwards the server's file descriptors, threads and
//!   memory must be back near where they were after a warm-up;
//! * path traversal and malformed, oversized, slow and pipelined requests get 400, 404,
//!   405, 408, 414 or 431 and never a file from outside the preview folder;
//! * running out of file descriptors neither spins nor stops the server.
//!
//! Linux only: the measurements read `/proc/<pid>`.
#![cfg(target_os = "linux")]

mod common;

use common::Resp;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Concurrent page clients in the load phase.
const CLIENTS: usize = 24;
/// Requests each client makes at least; together a few thousand.
const MIN_PER_CLIENT: usize = 125;
/// Requests after which a client slows down to one per 100 ms until the writer is
/// done, so that a fast client machine does not turn the test into a benchmark.
const FAST_PER_CLIENT: usize = 250;
/// Rounds of the writer's edit script (each round is 7–8 changes, each a rebuild).
const ROUNDS: usize = 4;
/// Event-stream clients open during the load phase.
const EVENT_CLIENTS: usize = 3;

// ---------------------------------------------------------------------------------
// The server process

/// `dateline serve` running on a free loopback port, with its output collected.
struct Serve {
    child: Child,
    addr: SocketAddr,
    /// Rebuilds announced on stdout (`Change: …`).
    rebuilds: Arc<AtomicUsize>,
    /// Everything the process printed.
    log: Arc<Mutex<String>>,
}

impl Serve {
    /// Starts `dateline serve` on `root`; `setup` runs in the child before `exec`.
    fn start_with(root: &Path, setup: Option<fn() -> std::io::Result<()>>) -> Serve {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
        cmd.args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(f) = setup {
            use std::os::unix::process::CommandExt;
            // SAFETY: `f` only calls async-signal-safe functions (setrlimit).
            unsafe { cmd.pre_exec(f) };
        }
        let mut child = cmd.spawn().expect("start dateline serve");
        let rebuilds = Arc::new(AtomicUsize::new(0));
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let (count, l) = (rebuilds.clone(), log.clone());
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("Change: ") {
                    count.fetch_add(1, Ordering::SeqCst);
                }
                if let Some(url) = line.split(" at http://").nth(1) {
                    let _ = tx.send(url.split('/').next().unwrap_or("").to_string());
                }
                l.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let l = log.clone();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                l.lock().unwrap().push_str(&format!("[stderr] {line}\n"));
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("server did not start: {}", log.lock().unwrap()));
        Serve {
            child,
            addr: addr.parse().unwrap(),
            rebuilds,
            log,
        }
    }

    fn start(root: &Path) -> Serve {
        Serve::start_with(root, None)
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Open file descriptors of the server process.
    fn fds(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid()))
            .unwrap()
            .count()
    }

    /// A numeric field of `/proc/<pid>/status` (`VmRSS` in kB, `Threads`).
    fn status(&self, key: &str) -> u64 {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        s.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or_else(|| panic!("no {key} in /proc status"))
    }

    /// CPU time used so far by the thread named `name`, in clock ticks (user +
    /// system).
    fn cpu_ticks(&self, name: &str) -> u64 {
        let tasks = format!("/proc/{}/task", self.pid());
        for t in std::fs::read_dir(&tasks).unwrap().map_while(Result::ok) {
            let comm = std::fs::read_to_string(t.path().join("comm")).unwrap_or_default();
            if comm.trim_end() != name {
                continue;
            }
            let s = std::fs::read_to_string(t.path().join("stat")).unwrap();
            // Fields after the command name, which is in parentheses.
            let rest = &s[s.rfind(')').unwrap() + 2..];
            let f: Vec<&str> = rest.split(' ').collect();
            return f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
        }
        panic!("no thread {name}");
    }

    /// Waits until the server has no connection threads left and its descriptor count
    /// is steady: the idle state measurements compare.
    fn settle(&self, idle_threads: Option<u64>) -> (usize, u64) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = (self.fds(), self.status("Threads"));
        loop {
            std::thread::sleep(Duration::from_millis(150));
            let now = (self.fds(), self.status("Threads"));
            let idle = idle_threads.is_none_or(|t| now.1 <= t);
            if (now == last && idle) || Instant::now() > deadline {
                return now;
            }
            last = now;
        }
    }

    /// Waits until more than `n` rebuilds have been announced.
    fn wait_rebuilds(&self, n: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.rebuilds.load(Ordering::SeqCst) > n {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    /// Waits until no rebuild has been announced for `quiet`.
    fn wait_quiet(&self, quiet: Duration) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut last = self.rebuilds.load(Ordering::SeqCst);
        let mut since = Instant::now();
        while Instant::now() < deadline && since.elapsed() < quiet {
            std::thread::sleep(Duration::from_millis(20));
            let now = self.rebuilds.load(Ordering::SeqCst);
            if now != last {
                last = now;
                since = Instant::now();
            }
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------
// A strict HTTP client

/// Sends `raw` on a new connection, reads until the server closes and checks the
/// response's form: a status line, `Name: value` headers, `Content-Length` equal to
/// the body (none for HEAD), `Connection: close`, never a 5xx.
fn exchange(addr: SocketAddr, raw: &[u8], head: bool) -> Result<Resp, String> {
    let mut s = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    // A server that answers early may close before everything is sent; the response
    // must still arrive.
    let _ = s.write_all(raw);
    let mut got = Vec::new();
    s.read_to_end(&mut got).map_err(|e| format!("read: {e}"))?;
    parse_response(&got, head)
}

fn parse_response(got: &[u8], head: bool) -> Result<Resp, String> {
    let split = got
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no complete head in {} bytes", got.len()))?;
    let head_text =
        std::str::from_utf8(&got[..split]).map_err(|_| "head is not UTF-8".to_string())?;
    let mut lines = head_text.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.splitn(3, ' ');
    let (Some("HTTP/1.1"), Some(code), Some(reason)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("bad status line {status_line:?}"));
    };
    let status: u16 = code
        .parse()
        .map_err(|_| format!("bad status {status_line:?}"))?;
    if reason.is_empty() || !(100..600).contains(&status) {
        return Err(format!("bad status line {status_line:?}"));
    }
    if status >= 500 {
        return Err(format!("server error {status_line:?}"));
    }
    let mut headers = Vec::new();
    for l in lines {
        let (k, v) = l
            .split_once(": ")
            .ok_or_else(|| format!("bad header line {l:?}"))?;
        if k.is_empty() || k.contains(' ') {
            return Err(format!("bad header line {l:?}"));
        }
        headers.push((k.to_string(), v.to_string()));
    }
    let r = Resp {
        status,
        headers,
        body: got[split + 4..].to_vec(),
    };
    let len: usize = r
        .header("Content-Length")
        .ok_or("no Content-Length")?
        .parse()
        .map_err(|_| "bad Content-Length")?;
    if head && !r.body.is_empty() {
        return Err(format!("HEAD response with a {}-byte body", r.body.len()));
    }
    if !head && len != r.body.len() {
        return Err(format!(
            "Content-Length {len} but {} body bytes",
            r.body.len()
        ));
    }
    if r.header("Connection") != Some("close") {
        return Err("no Connection: close".into());
    }
    Ok(r)
}

fn get_raw(addr: SocketAddr, target: &str) -> Result<Resp, String> {
    let req = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    exchange(addr, req.as_bytes(), false)
}

fn get(addr: SocketAddr, target: &str) -> Resp {
    get_raw(addr, target).unwrap_or_else(|e| panic!("GET {target}: {e}"))
}

/// Small deterministic generator (64-bit LCG), so every run makes the same requests.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

// ---------------------------------------------------------------------------------
// The site

const PEOPLE: [&str; 6] = [
    "Anna Kowalski",
    "Jonas Berg",
    "Mira Okafor",
    "Tomas Lind",
    "Sara Haddad",
    "Piotr Nowak",
];

/// A generated article: people, tags and a few paragraphs.
fn story(i: usize) -> String {
    let a = PEOPLE[i % PEOPLE.len()];
    let b = PEOPLE[(i * 5 + 1) % PEOPLE.len()];
    format!(
        "+++\ntitle = \"Harbour Report Number {i}\"\nbyline = [\"Lena Fischer\"]\ntags = [\"harbour\", \"t{t}\"]\npeople = [\"{a}\", \"{b}\"]\n+++\n\n\
         The harbour board met for session {i} on Tuesday.\n\n\
         {a} said the session was \"useful and long\". {b} asked about the budget.\n\n\
         The next meeting is planned for the spring.\n",
        t = i % 4
    )
}

/// The path of generated article `i` (spread over 2020).
fn story_path(i: usize) -> String {
    format!(
        "content/2020/2020-{:02}-{:02}-report-{i}.md",
        1 + i % 12,
        1 + i % 27
    )
}

/// A "hot" article rewritten over and over; every revision carries its number at
/// the start and the end of the body (`alpha-rev-7 opens` … `alpha-rev-7 closes`).
fn hot(key: &str, title: &str, rev: usize) -> String {
    format!(
        "+++\ntitle = \"{title}\"\npeople = [\"Mira Okafor\"]\n+++\n\n\
         {key}-rev-{rev} opens this story about the harbour.\n\n\
         Mira Okafor said the pier would reopen soon.\n\n\
         {key}-rev-{rev} closes this story.\n"
    )
}

const HOT_A: &str = "content/2020/2020-06-15-hot-alpha.md";
const HOT_B: &str = "content/2020/2020-06-16-hot-beta.md";
/// Generated articles that the writer never touches.
const STORIES: usize = 36;

/// The fixture archive plus generated articles.
fn make_site() -> tempfile::TempDir {
    let site = common::fixture_copy("archive");
    let root = site.path();
    std::fs::create_dir_all(root.join("content/2020")).unwrap();
    for i in 0..STORIES {
        std::fs::write(root.join(story_path(i)), story(i)).unwrap();
    }
    std::fs::write(root.join(HOT_A), hot("alpha", "Hot Story Alpha", 0)).unwrap();
    std::fs::write(root.join(HOT_B), hot("beta", "Hot Story Beta", 0)).unwrap();
    site
}

/// The URL of every file in the preview folder (`a/index.html` as `/a/`).
fn urls(preview: &Path) -> Vec<String> {
    common::files(preview)
        .into_iter()
        .filter(|f| !f.starts_with('.') && !f.contains("/."))
        .map(|f| match f.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{f}"),
        })
        .collect()
}

/// The revision numbers of `key` on a page (`alpha-rev-N`).
fn revs(text: &str, key: &str) -> Vec<u64> {
    let pat = format!("{key}-rev-");
    text.match_indices(&pat)
        .filter_map(|(i, _)| {
            let digits: String = text[i + pat.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect()
}

/// Checks that an HTML body is one whole page of one site state: a single document
/// ending in `</html>`, the live-reload script once, and every revision marker of each
/// hot article the same number.
fn check_html(body: &str, hot_page: Option<&str>) -> Result<(), String> {
    if !body.trim_end().ends_with("</html>") {
        return Err(format!(
            "HTML does not end with </html>: …{:?}",
            &body[body.len().saturating_sub(60)..]
        ));
    }
    if body.matches("<html").count() != 1 || body.matches("</html>").count() != 1 {
        return Err("not exactly one <html>…</html>".into());
    }
    if body.matches("/__dateline/events").count() != 1 {
        return Err("live-reload script missing or repeated".into());
    }
    for key in ["alpha", "beta"] {
        let r = revs(body, key);
        if r.windows(2).any(|w| w[0] != w[1]) {
            return Err(format!("mixed {key} revisions {r:?}"));
        }
    }
    if let Some(key) = hot_page {
        let n = revs(body, key)
            .first()
            .copied()
            .ok_or("hot page without marker")?;
        for end in ["opens", "closes"] {
            if !body.contains(&format!("{key}-rev-{n} {end}")) {
                return Err(format!("hot page rev {n} without `{end}`"));
            }
        }
    }
    // The document must parse into a page with a body and a title.
    let doc = scraper::Html::parse_document(body);
    if common::select_all(&doc, "title").len() != 1 || common::select_all(&doc, "body").len() != 1 {
        return Err("no single <title> and <body>".into());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// The load test

/// What one kind of response must look like.
struct Expect {
    /// URLs that must answer 200 throughout (untouched pages, shared assets, feeds).
    stable: Vec<String>,
    /// Hot article URLs and their marker key.
    hot: BTreeMap<String, &'static str>,
    /// Bytes of files that never change.
    fixed: BTreeMap<String, Vec<u8>>,
}

/// Checks one response to `url`.
fn check(url: &str, head: bool, r: &Resp, e: &Expect) -> Result<(), String> {
    let stable = e.stable.iter().any(|s| s == url);
    if stable && r.status != 200 {
        return Err(format!("status {} for a page that always exists", r.status));
    }
    if !matches!(r.status, 200 | 301 | 404) {
        return Err(format!("status {}", r.status));
    }
    if r.status == 301 && r.header("Location") != Some(&format!("{url}/")) {
        return Err(format!("redirect to {:?}", r.header("Location")));
    }
    if head {
        return Ok(());
    }
    if let (200, Some(want)) = (r.status, e.fixed.get(url)) {
        if &r.body != want {
            return Err("bytes differ from the file".into());
        }
    }
    let ty = r.header("Content-Type").unwrap_or("");
    if ty.starts_with("text/html") {
        let text = std::str::from_utf8(&r.body).map_err(|_| "HTML not UTF-8")?;
        let hot = (r.status == 200).then(|| e.hot.get(url).copied()).flatten();
        check_html(text, hot)?;
    } else if ty.starts_with("application/xml") && r.status == 200 {
        let text = std::str::from_utf8(&r.body).map_err(|_| "XML not UTF-8")?;
        roxmltree::Document::parse(text).map_err(|err| format!("XML: {err}"))?;
    }
    Ok(())
}

/// Tallies of the load phase.
#[derive(Default)]
struct Tally {
    requests: AtomicUsize,
    heads: AtomicUsize,
    keep_alive: AtomicUsize,
    ok: AtomicUsize,
    redirects: AtomicUsize,
    not_found: AtomicUsize,
    failures: Mutex<Vec<String>>,
}

impl Tally {
    fn fail(&self, msg: String) {
        let mut f = self.failures.lock().unwrap();
        if f.len() < 30 {
            f.push(msg);
        }
    }
}

/// One page client: random URLs, a mix of request kinds, every response checked.
fn client(
    id: usize,
    addr: SocketAddr,
    urls: &[String],
    expect: &Expect,
    tally: &Tally,
    writer_done: &AtomicBool,
    min: usize,
) {
    let mut rng = Lcg(0x5eed_0000 + id as u64);
    let mut n = 0;
    while n < min || !writer_done.load(Ordering::SeqCst) {
        if n >= FAST_PER_CLIENT {
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut url = urls[rng.below(urls.len())].clone();
        // Some folders without their slash (a redirect) and some missing pages.
        match rng.below(20) {
            0 if url.len() > 1 && url.ends_with('/') => {
                url.pop();
            }
            1 => url = format!("/no/such/page-{}/", rng.below(5)),
            _ => {}
        }
        let kind = rng.below(100);
        let head = kind < 15;
        let keep = (15..40).contains(&kind);
        let req = format!(
            "{} {url} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: load-{id}\r\nAccept: */*\r\nConnection: {}\r\n\r\n",
            if head { "HEAD" } else { "GET" },
            if keep { "keep-alive" } else { "close" }
        );
        let result = exchange(addr, req.as_bytes(), head).and_then(|r| {
            check(&url, head, &r, expect)?;
            Ok(r.status)
        });
        tally.requests.fetch_add(1, Ordering::Relaxed);
        if head {
            tally.heads.fetch_add(1, Ordering::Relaxed);
        }
        if keep {
            tally.keep_alive.fetch_add(1, Ordering::Relaxed);
        }
        match result {
            Ok(200) => tally.ok.fetch_add(1, Ordering::Relaxed),
            Ok(301) => tally.redirects.fetch_add(1, Ordering::Relaxed),
            Ok(_) => tally.not_found.fetch_add(1, Ordering::Relaxed),
            Err(e) => {
                tally.fail(format!("{} {url}: {e}", if head { "HEAD" } else { "GET" }));
                0
            }
        };
        n += 1;
    }
}

/// An event-stream client: reads events until the writer is done, returns how many
/// `reload` events it saw.
fn event_client(addr: SocketAddr, writer_done: &AtomicBool) -> Result<usize, String> {
    let mut s = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(s, "GET /__dateline/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !writer_done.load(Ordering::SeqCst) {
        match s.read(&mut buf) {
            Ok(0) => return Err("event stream closed by the server".into()),
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    let text = String::from_utf8_lossy(&seen);
    if !text.starts_with("HTTP/1.1 200 OK\r\n") || !text.contains("text/event-stream") {
        return Err(format!("bad event stream start {:.80?}", text));
    }
    Ok(text.matches("event: reload\n").count())
}

/// Saves `text` to `path` the way many editors do: a temporary file renamed over it.
fn save_atomic(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.swp",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// The writer's script: each step changes the sources, then waits for the rebuild it
/// causes, so every step is a rebuild that overlaps the clients' requests.
fn writer(root: &Path, serve: &Serve, rebuild_failures: &Mutex<Vec<String>>) -> usize {
    let mut rev_a = 1000;
    let mut rev_b = 1000;
    let mut steps = 0;
    let mut step = |what: &str, f: &mut dyn FnMut()| {
        let before = serve.rebuilds.load(Ordering::SeqCst);
        f();
        steps += 1;
        if !serve.wait_rebuilds(before, Duration::from_secs(20)) {
            rebuild_failures
                .lock()
                .unwrap()
                .push(format!("no rebuild after: {what}"));
        }
        // Let the clients see this state before the next change.
        std::thread::sleep(Duration::from_millis(30));
    };
    let p = |rel: &str| root.join(rel);
    for round in 0..ROUNDS {
        step("edit alpha (rename)", &mut || {
            rev_a += 1;
            save_atomic(&p(HOT_A), &hot("alpha", "Hot Story Alpha", rev_a));
        });
        step("edit beta (in place)", &mut || {
            rev_b += 1;
            std::fs::write(p(HOT_B), hot("beta", "Hot Story Beta", rev_b)).unwrap();
        });
        let extra = format!("content/2020/2020-07-{:02}-extra-{round}.md", round + 1);
        step("add an article", &mut || {
            let text = story(100 + round).replace(
                "people = [",
                &format!("people = [\"Extra Person {round}\", "),
            );
            std::fs::write(p(&extra), text).unwrap();
        });
        // A story that is renamed (its page keeps its URL), then renamed back.
        let from = story_path(round);
        let to = from.replace(".md", "-moved.md");
        step("rename an article", &mut || {
            std::fs::rename(p(&from), p(&to)).unwrap()
        });
        step("break front matter", &mut || {
            std::fs::write(
                p(&story_path(10 + round)),
                "+++\ntitle = \"Broken <b>\nbyline = [\n+++\nBody\n",
            )
            .unwrap()
        });
        step("fix front matter", &mut || {
            save_atomic(&p(&story_path(10 + round)), &story(10 + round))
        });
        step("rename back, delete the added article", &mut || {
            std::fs::rename(p(&to), p(&from)).unwrap();
            std::fs::remove_file(p(&extra)).unwrap();
        });
        if round == 1 {
            step("change dateline.toml (full rebuild)", &mut || {
                let cfg = std::fs::read_to_string(p("dateline.toml")).unwrap();
                save_atomic(
                    &p("dateline.toml"),
                    &cfg.replace("A fixture archive for tests.", "Fixture, under load."),
                );
            });
        }
    }
    steps
}

#[test]
fn many_clients_during_rebuilds() {
    let t0 = Instant::now();
    let site = make_site();
    let root = site.path().to_path_buf();
    let serve = Serve::start(&root);
    let addr = serve.addr;
    let preview = root.join(".dateline/preview");
    let rss_start = serve.status("VmRSS");

    let mut all = urls(&preview);
    all.sort();
    let find = |needle: &str| {
        all.iter()
            .find(|u| {
                u.ends_with('/')
                    && std::fs::read_to_string(preview.join(format!("{}index.html", &u[1..])))
                        .is_ok_and(|t| t.contains(needle))
            })
            .cloned()
            .unwrap_or_else(|| panic!("no page with {needle}"))
    };
    let hot_a = find("alpha-rev-0 closes");
    let hot_b = find("beta-rev-0 closes");
    // Pages the writer never changes the existence of.
    let mut stable: Vec<String> = [
        "/",
        "/people/",
        "/404.html",
        "/atom.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/assets/style.css",
        "/images/logo.png",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for i in 20..STORIES {
        stable.push(find(&format!("The harbour board met for session {i} on")));
    }
    stable.push(hot_a.clone());
    let mut fixed = BTreeMap::new();
    for u in ["/assets/style.css", "/images/logo.png"] {
        fixed.insert(u.to_string(), std::fs::read(preview.join(&u[1..])).unwrap());
    }
    let expect = Expect {
        stable,
        hot: [(hot_a.clone(), "alpha"), (hot_b.clone(), "beta")]
            .into_iter()
            .collect(),
        fixed,
    };
    for u in &expect.stable {
        assert_eq!(get(addr, u).status, 200, "{u}");
    }

    // Warm-up: some requests and two rebuilds, so that thread stacks, allocator pools
    // and the rebuild's own structures exist before the baseline is taken.
    let warm = Tally::default();
    let done = AtomicBool::new(true);
    std::thread::scope(|s| {
        for id in 0..8 {
            let (all, expect, warm, done) = (&all, &expect, &warm, &done);
            s.spawn(move || client(100 + id, addr, all, expect, warm, done, 40));
        }
        for rev in 1..=2 {
            let before = serve.rebuilds.load(Ordering::SeqCst);
            save_atomic(&root.join(HOT_A), &hot("alpha", "Hot Story Alpha", rev));
            assert!(serve.wait_rebuilds(before, Duration::from_secs(20)));
        }
    });
    assert!(
        warm.failures.lock().unwrap().is_empty(),
        "{:#?}",
        warm.failures.lock().unwrap()
    );
    let (fds_before, threads_before) = serve.settle(None);
    let rss_before = serve.status("VmRSS");
    let rebuilds_before = serve.rebuilds.load(Ordering::SeqCst);

    // The load phase.
    let load_start = Instant::now();
    let tally = Tally::default();
    let writer_done = AtomicBool::new(false);
    let rebuild_failures = Mutex::new(Vec::new());
    let mut reloads = Vec::new();
    let steps = std::thread::scope(|s| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|id| {
                let (all, expect, tally, done) = (&all, &expect, &tally, &writer_done);
                s.spawn(move || client(id, addr, all, expect, tally, done, MIN_PER_CLIENT))
            })
            .collect();
        let events: Vec<_> = (0..EVENT_CLIENTS)
            .map(|_| {
                let done = &writer_done;
                s.spawn(move || event_client(addr, done))
            })
            .collect();
        // Let every client connect before the first change.
        std::thread::sleep(Duration::from_millis(100));
        let steps = writer(&root, &serve, &rebuild_failures);
        writer_done.store(true, Ordering::SeqCst);
        for c in clients {
            c.join().unwrap();
        }
        for e in events {
            reloads.push(e.join().unwrap());
        }
        steps
    });
    let load_time = load_start.elapsed();
    let rebuilds = serve.rebuilds.load(Ordering::SeqCst) - rebuilds_before;

    // Idle again: every connection thread gone, descriptors and memory back near the
    // warm-up baseline.
    let (fds_after, threads_after) = serve.settle(Some(threads_before));
    let rss_after = serve.status("VmRSS");
    serve.wait_quiet(Duration::from_millis(300));

    // After the last rebuild every file is served exactly as it is on disk.
    let mut compared = 0;
    for u in urls(&preview) {
        let file = match u.strip_suffix('/') {
            Some(dir) => format!("{}/index.html", dir.trim_start_matches('/')),
            None => u[1..].to_string(),
        };
        let file = file.trim_start_matches('/');
        let r = get(addr, &u);
        assert_eq!(r.status, 200, "{u}");
        assert_eq!(r.body, std::fs::read(preview.join(file)).unwrap(), "{u}");
        compared += 1;
    }

    let requests = tally.requests.load(Ordering::SeqCst);
    eprintln!(
        "serve load: {requests} requests by {CLIENTS} clients ({} HEAD, {} asking keep-alive; \
         {} × 200, {} × 301, {} × 404) and {EVENT_CLIENTS} event streams (reloads seen {reloads:?}) \
         during {steps} changes / {rebuilds} rebuilds in {:.1} s; fds {fds_before} → {fds_after}, \
         threads {threads_before} → {threads_after}, VmRSS {rss_start} kB at start, {rss_before} kB → {rss_after} kB; \
         {compared} files compared after; total {:.1} s",
        tally.heads.load(Ordering::SeqCst),
        tally.keep_alive.load(Ordering::SeqCst),
        tally.ok.load(Ordering::SeqCst),
        tally.redirects.load(Ordering::SeqCst),
        tally.not_found.load(Ordering::SeqCst),
        load_time.as_secs_f64(),
        t0.elapsed().as_secs_f64(),
    );
    let failures = tally.failures.lock().unwrap();
    assert!(failures.is_empty(), "failed responses:\n{failures:#?}");
    let rf = rebuild_failures.lock().unwrap();
    assert!(rf.is_empty(), "{rf:?}\n{}", serve.log());
    assert!(requests >= CLIENTS * MIN_PER_CLIENT);
    assert!(rebuilds >= steps, "{rebuilds} rebuilds for {steps} changes");
    assert!(
        reloads.iter().all(|n| n.as_ref().is_ok_and(|&n| n >= 1)),
        "event streams saw no reload: {reloads:?}"
    );
    let log = serve.log();
    assert!(!log.contains("panicked"), "{log}");
    assert!(!log.contains("error:"), "{log}");
    // Descriptors: the listener, the watcher and stdio stay; every client socket is
    // closed. Two spare for descriptors a rebuild may hold open at that instant.
    assert!(
        fds_after <= fds_before + 2,
        "descriptors {fds_before} → {fds_after}"
    );
    assert!(
        threads_after <= threads_before,
        "threads {threads_before} → {threads_after}"
    );
    // Memory: 20 MB over several thousand requests is about 3 kB each, less than one
    // page body (5–10 kB here) or one connection thread's stack, so a response buffer
    // or a thread kept per request would exceed it. It is generous towards the rest:
    // the allocator returns freed memory to the system lazily and a full rebuild
    // holds two sessions for a moment, which moves VmRSS by a few MB either way.
    assert!(
        rss_after <= rss_before + 20 * 1024,
        "VmRSS {rss_before} kB → {rss_after} kB"
    );
}

// ---------------------------------------------------------------------------------
// Hostile requests

/// Sends `raw` and returns the response, or `None` when the server closed the
/// connection without one. Checks the form of any response like [`exchange`].
fn hostile(addr: SocketAddr, raw: &[u8]) -> Result<Option<Resp>, String> {
    let mut s = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let _ = s.write_all(raw);
    let mut got = Vec::new();
    s.read_to_end(&mut got).map_err(|e| format!("read: {e}"))?;
    if got.is_empty() {
        return Ok(None);
    }
    parse_response(&got, false).map(Some)
}

#[test]
fn traversal_and_malformed_requests_are_refused() {
    let site = common::fixture_copy("archive");
    let root = site.path();
    std::fs::write(root.join("secret.txt"), "TOP SECRET").unwrap();
    let serve = Serve::start(root);
    let addr = serve.addr;
    let preview = root.join(".dateline/preview");
    std::os::unix::fs::symlink(root.join("secret.txt"), preview.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(root, preview.join("up")).unwrap();
    std::os::unix::fs::symlink("/etc", preview.join("etc")).unwrap();
    let (fds_before, _) = serve.settle(None);

    let long_path = format!("/{}", "a/".repeat(3000));
    let long_segment = format!("/{}.html", "b".repeat(300));
    let leaked = |r: &Resp| {
        let t = r.text();
        t.contains("TOP SECRET") || t.contains("root:")
    };
    let cases: &[(&str, &[u16])] = &[
        ("/../secret.txt", &[400]),
        ("/../../../../etc/passwd", &[400]),
        ("/..%2fsecret.txt", &[400]),
        ("/..%2Fsecret.txt", &[400]),
        ("/%2e%2e/secret.txt", &[400]),
        ("/%2E%2E%2Fsecret.txt", &[400]),
        ("/%2e%2e%2f%2e%2e%2fetc%2fpasswd", &[400]),
        ("/.%2e/secret.txt", &[400]),
        ("/people/..%2f..%2fsecret.txt", &[400]),
        ("/a%2fb", &[400]),
        ("/%2fetc/passwd", &[400]),
        ("//etc/passwd", &[404]),
        ("///etc/passwd", &[404]),
        ("/etc/passwd", &[404]),
        ("http://x/../", &[400]),
        ("http://x/../secret.txt", &[400]),
        ("secret.txt", &[400]),
        ("*", &[400]),
        ("/secret.txt%00.html", &[400]),
        ("/%00", &[400]),
        ("/..\\secret.txt", &[400]),
        ("/%5c..%5csecret.txt", &[400]),
        ("/leak.txt", &[404]),
        ("/up/secret.txt", &[404]),
        ("/up/", &[404]),
        ("/up", &[404]),
        ("/%ff%fe", &[400]),
        ("/%zz", &[400]),
        (&long_path, &[404]),
        (&long_segment, &[404]),
    ];
    for (target, want) in cases {
        for method in ["GET", "HEAD"] {
            let req = format!("{method} {target} HTTP/1.1\r\nHost: x\r\n\r\n");
            let r = exchange(addr, req.as_bytes(), method == "HEAD")
                .unwrap_or_else(|e| panic!("{method} {target:.60}: {e}"));
            assert!(
                want.contains(&r.status),
                "{method} {target:.60}: {} not {want:?}",
                r.status
            );
            assert!(!leaked(&r), "{target:.60} leaked");
        }
    }

    // Raw bytes the request line must not carry.
    let raw: &[(&[u8], u16)] = &[
        (b"GET /secret.txt\0.html HTTP/1.1\r\n\r\n", 400),
        (b"GET /\0 HTTP/1.1\r\n\r\n", 400),
        (b"GET /a\tb HTTP/1.1\r\n\r\n", 400),
        (b"GET /\xff HTTP/1.1\r\n\r\n", 400),
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400),
        (b"garbage\r\n\r\n", 400),
        (b"GET /\r\n\r\n", 400),
        (b"GET / HTTP/9.9\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),
        (b"PUT / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", 405),
        (b"GET / HTTP/1.1", 400), // the head never ends: answered when the client stops
    ];
    for (req, want) in raw {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(req).unwrap();
        s.shutdown(Shutdown::Write).unwrap();
        let mut got = Vec::new();
        s.read_to_end(&mut got).unwrap();
        let r = parse_response(&got, false)
            .unwrap_or_else(|e| panic!("{:?}: {e}", String::from_utf8_lossy(req)));
        assert_eq!(r.status, *want, "{:?}", String::from_utf8_lossy(req));
        assert!(!leaked(&r));
    }

    // Oversized requests get their status, whole, even though the server stops reading
    // early; a large body after an unsupported method does too.
    let huge_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(20_000));
    let huge_headers = format!(
        "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
        "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
            .repeat(1000)
    );
    let big_post = format!(
        "POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: 500000\r\n\r\n{}",
        "p".repeat(500_000)
    );
    for (req, want) in [(&huge_line, 414), (&huge_headers, 431), (&big_post, 405)] {
        let r = hostile(addr, req.as_bytes())
            .unwrap_or_else(|e| panic!("{want}: {e}"))
            .unwrap_or_else(|| panic!("{want}: no response"));
        assert_eq!(r.status, want);
    }

    // Pipelined requests: the first is answered whole, then the connection closes.
    let three = "GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n".repeat(3);
    let r = hostile(addr, three.as_bytes()).unwrap().unwrap();
    assert_eq!(r.status, 200);
    assert!(r.text().starts_with("User-agent"), "{}", r.text());

    // A connection closed without a request gets nothing and costs nothing.
    for _ in 0..20 {
        drop(TcpStream::connect(addr).unwrap());
    }
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.shutdown(Shutdown::Write).unwrap();
    let mut got = Vec::new();
    s.read_to_end(&mut got).unwrap();
    assert!(got.is_empty(), "{:?}", String::from_utf8_lossy(&got));

    // The server is still whole, and no descriptor is left behind.
    assert_eq!(get(addr, "/").status, 200);
    let (fds_after, _) = serve.settle(None);
    assert!(
        fds_after <= fds_before,
        "descriptors {fds_before} → {fds_after}"
    );
    let log = serve.log();
    assert!(!log.contains("panicked"), "{log}");
}

#[test]
fn slow_and_idle_clients_do_not_block_others() {
    let site = common::fixture_copy("archive");
    let serve = Serve::start(site.path());
    let addr = serve.addr;
    let (fds_before, threads_before) = serve.settle(None);

    // Idle connections that never send a byte, half a request, and a client that
    // trickles a header byte every 200 ms.
    let idle: Vec<TcpStream> = (0..20).map(|_| TcpStream::connect(addr).unwrap()).collect();
    let mut half = TcpStream::connect(addr).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let trickle_stop = Arc::new(AtomicBool::new(false));
    let stop = trickle_stop.clone();
    let trickler = std::thread::spawn(move || {
        let mut s = TcpStream::connect(addr).unwrap();
        let start = Instant::now();
        s.write_all(b"GET / HTTP/1.1\r\nX-Slow: ").unwrap();
        while !stop.load(Ordering::SeqCst) {
            if s.write_all(b"a").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        // The server gives up on it after its head timeout, however it trickles.
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut got = Vec::new();
        let _ = s.read_to_end(&mut got);
        (start.elapsed(), String::from_utf8_lossy(&got).into_owned())
    });

    // Meanwhile everyone else is served at once.
    for i in 0..30 {
        let t = Instant::now();
        let target = if i % 2 == 0 { "/" } else { "/atom.xml" };
        assert_eq!(get(addr, target).status, 200);
        assert!(
            t.elapsed() < Duration::from_secs(3),
            "request {i} took {:?} while idle clients were connected",
            t.elapsed()
        );
    }

    // Every idle connection is answered 408 and closed after the head timeout (10 s).
    let t = Instant::now();
    for (i, mut s) in idle.into_iter().enumerate() {
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut got = Vec::new();
        s.read_to_end(&mut got).unwrap();
        let r = parse_response(&got, false).unwrap_or_else(|e| panic!("idle {i}: {e}"));
        assert_eq!(r.status, 408, "idle {i}");
    }
    half.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut got = Vec::new();
    half.read_to_end(&mut got).unwrap();
    assert_eq!(parse_response(&got, false).unwrap().status, 408);
    let (took, answer) = trickler.join().unwrap();
    trickle_stop.store(true, Ordering::SeqCst);
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer:?}");
    assert!(
        took < Duration::from_secs(20),
        "a trickling client held its connection for {took:?}"
    );
    assert!(t.elapsed() < Duration::from_secs(20));

    let (fds_after, threads_after) = serve.settle(Some(threads_before));
    assert!(
        fds_after <= fds_before,
        "descriptors {fds_before} → {fds_after}"
    );
    assert!(
        threads_after <= threads_before,
        "threads {threads_before} → {threads_after}"
    );
}

/// Limits the child to 64 open descriptors.
fn limit_fds() -> std::io::Result<()> {
    let lim = libc::rlimit {
        rlim_cur: 64,
        rlim_max: 64,
    };
    // SAFETY: plain system call on a valid struct.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

#[test]
fn running_out_of_descriptors_neither_spins_nor_stops_the_server() {
    let site = common::fixture_copy("archive");
    let serve = Serve::start_with(site.path(), Some(limit_fds));
    let addr = serve.addr;
    // More idle connections than the server may hold descriptors: the rest wait in
    // the listen queue while `accept` fails.
    let idle: Vec<TcpStream> = (0..90).map(|_| TcpStream::connect(addr).unwrap()).collect();
    let deadline = Instant::now() + Duration::from_secs(20);
    while serve.fds() < 60 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        serve.fds() >= 60,
        "the limit was not reached: {}",
        serve.fds()
    );
    std::thread::sleep(Duration::from_millis(200));
    let (c0, t0) = (serve.cpu_ticks("dateline-accept"), Instant::now());
    std::thread::sleep(Duration::from_secs(1));
    let ticks = serve.cpu_ticks("dateline-accept") - c0;
    let per_sec = ticks as f64 / t0.elapsed().as_secs_f64();
    eprintln!("out of descriptors: accept thread {per_sec:.1} CPU ticks per second");
    // An accept loop retrying at once burns all the CPU it is given (100 ticks per
    // second on an idle core, still tens on a busy machine); one that waits 50 ms
    // between tries uses next to nothing.
    assert!(
        per_sec < 5.0,
        "{per_sec:.0} CPU ticks per second while out of descriptors"
    );
    drop(idle);
    // Once the clients are gone the server answers again.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match get_raw(addr, "/") {
            Ok(r) if r.status == 200 => break,
            r if Instant::now() > deadline => panic!("not served again: {r:?}"),
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    let log = serve.log();
    assert!(!log.contains("panicked"), "{log}");
}
