//! The search page in a real browser: headless Chromium driven over the W3C WebDriver
//! protocol (chromedriver), against the built fixture site served from loopback.
//!
//! Runs when Chromium and chromedriver are installed; with `DATELINE_REQUIRE_BROWSER=1`
//! a missing browser is a failure, not a skip.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Serves `root` under the URL prefix `prefix` on a loopback port, one thread per
/// connection, until the process ends. Returns the port.
fn serve(root: PathBuf, prefix: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &root, prefix);
            });
        }
    });
    port
}

fn answer(mut s: TcpStream, root: &Path, prefix: &str) -> std::io::Result<()> {
    let mut buf = [0u8; 8192];
    let n = s.read(&mut buf)?;
    let req = String::from_utf8_lossy(&buf[..n]);
    let path = req.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("");
    let file = path
        .strip_prefix(prefix)
        .filter(|p| !p.split('/').any(|seg| seg == ".."))
        .map(|p| {
            if p.is_empty() || p.ends_with('/') {
                root.join(p).join("index.html")
            } else {
                root.join(p)
            }
        });
    let (status, body, ctype) = match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
        Some((f, b)) => {
            let ctype = match f.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("json") => "application/json",
                Some("js") => "text/javascript",
                Some("css") => "text/css",
                _ => "application/octet-stream",
            };
            ("200 OK", b, ctype)
        }
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    write!(
        s,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    s.write_all(&body)
}

/// One WebDriver HTTP request; returns the `value` of the JSON answer.
fn wd(port: u16, method: &str, path: &str, body: Option<Value>) -> Value {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect chromedriver");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // Read the head, then exactly Content-Length bytes of body.
    let mut resp = Vec::new();
    let mut byte = [0u8; 1];
    while !resp.ends_with(b"\r\n\r\n") && s.read(&mut byte).unwrap_or(0) == 1 {
        resp.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&resp).to_ascii_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).unwrap();
    let resp = String::from_utf8_lossy(&body);
    let json_text: &str = &resp;
    let v: Value = serde_json::from_str(json_text)
        .unwrap_or_else(|e| panic!("{method} {path}: bad answer ({e}): {resp}"));
    v["value"].clone()
}

struct Driver {
    child: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = std::panic::catch_unwind(|| {
                wd(
                    self.port,
                    "DELETE",
                    &format!("/session/{}", self.session),
                    None,
                )
            });
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver() -> Driver {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let profile = tempfile::tempdir().unwrap();
    let mut d = Driver {
        child,
        port,
        session: String::new(),
        _profile: profile,
    };
    let t = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=1280,900",
                     format!("--user-data-dir={}", d._profile.path().display())]
        }
    }}});
    let v = wd(port, "POST", "/session", Some(caps));
    d.session = v["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {v}"))
        .to_string();
    d
}

impl Driver {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        wd(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            body,
        )
    }

    fn js(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Polls `script` until `done` holds for its value, for up to 15 s; returns the value.
    fn poll(&self, script: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        let t = Instant::now();
        loop {
            let got = self.js(script);
            if done(&got) {
                return got;
            }
            assert!(
                t.elapsed() < Duration::from_secs(15),
                "timed out waiting for {what} from {script}; got {got}; status: {}",
                self.js("return (document.getElementById('search-status') || {}).textContent")
            );
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Polls `script` (returning an array of strings) until it contains `want`.
    fn wait_for(&self, script: &str, want: &str) -> Vec<String> {
        let strings = |v: &Value| -> Vec<String> {
            v.as_array().map_or(Vec::new(), |a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
        };
        strings(&self.poll(script, want, |v| strings(v).iter().any(|g| g == want)))
    }

    /// Polls `script` (returning a string) until it contains `want`.
    fn wait_text(&self, script: &str, want: &str) {
        self.poll(script, want, |v| {
            v.as_str().is_some_and(|g| g.contains(want))
        });
    }

    fn type_into(&self, css: &str, text: &str) {
        let el = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        let id = el[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no {css}: {el}"))
            .to_string();
        self.call("POST", &format!("/element/{id}/clear"), Some(json!({})));
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({"text": text})),
        );
    }
}

/// Whether Chromium and chromedriver are installed; with `DATELINE_REQUIRE_BROWSER=1`
/// a missing browser is a failure, otherwise the test is skipped with a note.
fn browser_available() -> bool {
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        return true;
    }
    if std::env::var("DATELINE_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("DATELINE_REQUIRE_BROWSER=1 but {CHROMIUM} or {CHROMEDRIVER} is missing");
    }
    eprintln!("skipping: Chromium or chromedriver not installed");
    false
}

#[test]
fn search_page_finds_people_and_articles_as_you_type() {
    if !browser_available() {
        return;
    }
    let b = common::build_fixture("archive", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let port = serve(b.out.clone(), "/news/");
    let d = start_driver();
    d.call(
        "POST",
        "/url",
        Some(json!({"url": format!("http://127.0.0.1:{port}/news/search/")})),
    );
    // A surname (typed in lowercase, as a prefix) finds the person.
    d.type_into("#search-q", "kowal");
    let people = d.wait_for(
        "return Array.from(document.querySelectorAll('#search-people a')).map(a => a.getAttribute('href'))",
        "/news/people/anna-kowalski/",
    );
    assert_eq!(people.len(), 1, "{people:?}");
    // A word from the body finds that article.
    d.type_into("#search-q", "generational");
    let arts = d.wait_for(
        "return Array.from(document.querySelectorAll('#search-articles a')).map(a => a.getAttribute('href'))",
        "/news/2021/05/03/port-expansion-approved/",
    );
    assert_eq!(arts.len(), 1, "{arts:?}");
    // The masthead box leads to the search page with the query filled in.
    d.call(
        "POST",
        "/url",
        Some(json!({"url": format!("http://127.0.0.1:{port}/news/search/?q=storm")})),
    );
    d.wait_for(
        "return Array.from(document.querySelectorAll('#search-articles a')).map(a => a.getAttribute('href'))",
        "/news/2022/02/01/winter-storm/",
    );
    // The people index filter narrows the A–Z list as you type.
    d.call(
        "POST",
        "/url",
        Some(json!({"url": format!("http://127.0.0.1:{port}/news/people/")})),
    );
    d.type_into("#people-filter-input", "kowal");
    let visible = "return Array.from(document.querySelectorAll('.people-list li:not([hidden]) a')).map(a => a.getAttribute('href'))";
    d.wait_for(visible, "/news/people/anna-kowalski/");
    std::thread::sleep(Duration::from_millis(200));
    let shown = d.js(visible);
    assert_eq!(shown, json!(["/news/people/anna-kowalski/"]));
}

#[test]
fn relative_build_opened_from_disk_is_styled_and_linked() {
    if !browser_available() {
        return;
    }
    let b = common::build_fixture("relative", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let root = format!("file://{}", b.out.display());
    let d = start_driver();
    d.call(
        "POST",
        "/url",
        Some(json!({"url": format!("{root}/2023/04/02/harbour-fees-rise/index.html")})),
    );
    // The stylesheet loaded: the masthead title is set in the theme's serif, large.
    let size = d.js("return getComputedStyle(document.querySelector('.masthead-title')).fontSize");
    let px: f64 = size
        .as_str()
        .and_then(|s| s.strip_suffix("px"))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("font size {size}"));
    assert!(px > 24.0, "unstyled masthead: {size}");
    // A person link opens that person's page file.
    d.js("document.querySelector('a[href$=\"people/ines-marwick/index.html\"]').click()");
    d.wait_text("return location.href", "/people/ines-marwick/index.html");
    d.wait_text(
        "return document.querySelector('h1').textContent",
        "Ines Marwick",
    );
    // The article's old address redirects to it.
    d.call(
        "POST",
        "/url",
        Some(json!({"url": format!("{root}/old/fees/index.html")})),
    );
    d.wait_text(
        "return location.href",
        "/2023/04/02/harbour-fees-rise/index.html",
    );
    // Search cannot read its index from disk, and says what to do instead.
    d.call(
        "POST",
        "/url",
        Some(json!({"url": format!("{root}/search/index.html?q=fees")})),
    );
    d.wait_text(
        "return document.getElementById('search-status').textContent",
        "web server",
    );
    // Over HTTP, put under a path its base_url does not name, search works and its
    // results lead to the pages.
    let port = serve(b.out.clone(), "/elsewhere/");
    d.call(
        "POST",
        "/url",
        Some(json!({"url": format!("http://127.0.0.1:{port}/elsewhere/search/index.html?q=fees")})),
    );
    let hrefs = d.wait_for(
        "return Array.from(document.querySelectorAll('#search-articles a')).map(a => a.href)",
        &format!("http://127.0.0.1:{port}/elsewhere/2023/04/02/harbour-fees-rise/"),
    );
    assert_eq!(hrefs.len(), 1, "{hrefs:?}");
}
