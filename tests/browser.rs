//! End to end in a real headless Chromium, driven over the W3C WebDriver protocol
//! (chromedriver) by a tiny JSON-over-HTTP client: `dateline serve` on a copy of a
//! fixture site; an article page updates itself after the file is edited; broken front
//! matter shows the problem overlay; fixing it removes the overlay; a stylesheet change
//! swaps the CSS without reloading the page.
//!
//! Skips with a notice when Chromium or chromedriver is missing, unless
//! `DATELINE_REQUIRE_BROWSER=1`, in which case it fails.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Kills a child process when dropped (also when the test fails).
struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP request with a JSON body; returns the JSON response.
fn http_json(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromedriver");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // Read the head, then exactly Content-Length bytes (chromedriver may keep the
    // connection open).
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "connection closed before the response head");
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let mut payload = raw[split + 4..].to_vec();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    match length {
        Some(n) => {
            while payload.len() < n {
                let k = s.read(&mut buf).unwrap();
                if k == 0 {
                    break;
                }
                payload.extend_from_slice(&buf[..k]);
            }
        }
        None => {
            let _ = s.read_to_end(&mut payload);
        }
    }
    if head.contains("transfer-encoding: chunked") {
        payload = dechunk(&payload);
    }
    serde_json::from_slice(&payload).unwrap_or(Value::Null)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 4 + size..];
    }
    out
}

struct Driver {
    port: u16,
    session: String,
}

impl Driver {
    fn cmd(&self, method: &str, what: &str, body: Value) -> Value {
        let v = http_json(
            self.port,
            method,
            &format!("/session/{}/{what}", self.session),
            Some(&body),
        );
        assert!(v["value"].get("error").is_none(), "webdriver {what}: {v}");
        v["value"].clone()
    }

    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    fn wait_js(&self, what: &str, script: &str, ok: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = Value::Null;
        while Instant::now() < deadline {
            last = self.js(script);
            if ok(&last) {
                return last;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what}; last value {last}");
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_serve(root: &Path) -> (Kill, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start dateline serve");
    let stdout = child.stdout.take().unwrap();
    let guard = Kill(child);
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("dateline serve exited")
            .expect("read stdout");
        if let Some(i) = line.find("http://") {
            break line[i..].split_whitespace().next().unwrap().to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (guard, url)
}

#[test]
fn live_reload_in_headless_chromium() {
    let required = std::env::var("DATELINE_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let chromium = find(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = find(&["chromedriver"]);
    let (Some(chromium), Some(driver_bin)) = (chromium, driver) else {
        assert!(
            !required,
            "DATELINE_REQUIRE_BROWSER=1 but Chromium or chromedriver is missing"
        );
        eprintln!("notice: Chromium or chromedriver not found; browser test skipped");
        return;
    };

    let site = common::fixture_copy("archive");
    // The site overrides the stylesheet (changed at the end of the test).
    let css = site.path().join("templates/assets/style.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/assets/style.css"),
        &css,
    )
    .unwrap();
    let (_server, url) = start_serve(site.path());

    let port = free_port();
    let _driver = Kill(
        Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok()
            && http_json(port, "GET", "/status", None)["value"]["ready"] == json!(true)
        {
            break;
        }
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    let created = http_json(
        port,
        "POST",
        "/session",
        Some(&json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args}
        }}})),
    );
    let session = created["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no WebDriver session: {created}"))
        .to_string();
    let d = Driver { port, session };

    let page = format!("{url}2021/05/03/port-expansion-approved/");
    d.cmd("POST", "url", json!({ "url": page }));
    let body = d.js("return document.body.innerText");
    assert!(
        body.as_str().unwrap().contains("generational decision"),
        "{body}"
    );
    // Wait until the page listens for events.
    std::thread::sleep(Duration::from_millis(300));

    // 1. Edit the article: the open page shows the new text by itself.
    let article = site
        .path()
        .join("content/2021/2021-05-03-port-expansion.md");
    let original = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        original.replace("generational decision", "decision for a generation"),
    )
    .unwrap();
    d.wait_js("the edited text", "return document.body.innerText", |v| {
        v.as_str()
            .is_some_and(|s| s.contains("decision for a generation"))
    });

    // 2. Break the front matter: the overlay appears, with the message as text.
    std::fs::write(
        &article,
        "+++\ntitle = \"<b>Broken\nbyline = [\n+++\nBody\n",
    )
    .unwrap();
    let overlay =
        "var o = document.getElementById('__dateline_overlay'); return o ? o.textContent : null";
    let msg = d.wait_js("the problem overlay", overlay, |v| v.is_string());
    assert!(
        msg.as_str()
            .unwrap()
            .contains("2021-05-03-port-expansion.md"),
        "{msg}"
    );
    let injected = d.js("return document.querySelectorAll('#__dateline_overlay b').length");
    assert_eq!(injected, json!(0), "overlay message must be escaped");

    // 3. Fix it: the overlay goes and the article is back.
    std::fs::write(&article, &original).unwrap();
    d.wait_js("the overlay to go", overlay, Value::is_null);
    d.wait_js("the fixed article", "return document.body.innerText", |v| {
        v.as_str()
            .is_some_and(|s| s.contains("generational decision"))
    });

    // 4. A stylesheet change swaps the CSS without reloading the page.
    std::thread::sleep(Duration::from_millis(300));
    d.js("window.__kept = 42; return null");
    std::fs::write(&css, "body { background: rgb(1, 2, 3); }\n").unwrap();
    d.wait_js(
        "the new stylesheet",
        "return getComputedStyle(document.body).backgroundColor",
        |v| v == "rgb(1, 2, 3)",
    );
    assert_eq!(
        d.js("return window.__kept || null"),
        json!(42),
        "page was reloaded"
    );

    http_json(port, "DELETE", &format!("/session/{}", d.session), None);
}
