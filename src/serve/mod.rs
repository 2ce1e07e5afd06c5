//! `dateline serve`: a local preview server with live reload.
//!
//! Builds the site with the live-reload script injected and `base_url` pointed at the
//! local address, serves the output folder over HTTP/1.1 (std::net, one thread per
//! connection), and runs the `watch` loop. After every rebuild the browsers are told
//! over server-sent events at [`EVENTS_PATH`]: reload, swap stylesheets, or show a
//! problem overlay. Files are replaced by rename, so a request during a rebuild gets the
//! old or the new page, never a partial one. The [`Hub`] is the only shared state.

pub mod http;

use std::collections::VecDeque;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::build::BuildOptions;
use crate::incremental::Session;
use crate::watch::{self, Outcome};

/// The event stream the injected script listens to.
pub const EVENTS_PATH: &str = "/__dateline/events";

/// How long a response may wait for a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// How often an idle event stream checks that its browser is still there.
const LIVENESS: Duration = Duration::from_secs(1);
/// Idle time after which an event stream sends a comment, so proxies keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The live-reload script injected before `</body>` in serve mode. It derives the event
/// URL from `location`, so it works on any host, port, proxy or IPv6 address.
pub const LIVE_RELOAD_SCRIPT: &str = r#"<script>(function () {
  var es = new EventSource(new URL("/__dateline/events", location.href).href);
  function overlay(msg) {
    var o = document.getElementById("__dateline_overlay");
    if (msg === null) { if (o) { o.remove(); } return; }
    if (!o) {
      o = document.createElement("div");
      o.id = "__dateline_overlay";
      o.setAttribute("role", "alert");
      o.setAttribute("style", "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1em 1.5em;background:#3b0a0a;color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;border-top:4px solid #e03131");
      document.body.appendChild(o);
    }
    o.textContent = "dateline: " + msg;
  }
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("css", function () {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
      var u = new URL(l.href); u.searchParams.set("dateline", Date.now());
      var n = l.cloneNode(); n.href = u.href;
      n.onload = function () { l.remove(); };
      l.after(n);
    });
  });
  es.addEventListener("problem", function (e) { overlay(JSON.parse(e.data).message); });
  es.addEventListener("ok", function () { overlay(null); });
})();</script>
"#;

/// What the preview server was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 takes any free port.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
}

/// One message to the browsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Reload the page.
    Reload,
    /// Only stylesheets changed.
    Css,
    /// Show a problem overlay.
    Problem(String),
    /// Hide the overlay.
    Ok,
}

impl Message {
    /// The message as a server-sent event.
    pub fn to_sse(&self) -> String {
        match self {
            Message::Reload => "event: reload\ndata: {}\n\n".into(),
            Message::Css => "event: css\ndata: {}\n\n".into(),
            Message::Ok => "event: ok\ndata: {}\n\n".into(),
            Message::Problem(m) => format!(
                "event: problem\ndata: {}\n\n",
                serde_json::json!({ "message": m })
            ),
        }
    }
}

#[derive(Default)]
struct HubState {
    /// Number of messages published so far.
    generation: u64,
    /// The latest messages with their generation.
    recent: VecDeque<(u64, Message)>,
    /// The problem currently shown, sent to every page that connects.
    problem: Option<String>,
    out: PathBuf,
}

/// State shared by the server threads: the output folder and the message log.
pub struct Hub {
    state: Mutex<HubState>,
    changed: Condvar,
    stop: AtomicBool,
}

impl Hub {
    fn new(out: PathBuf) -> Hub {
        Hub {
            state: Mutex::new(HubState {
                out,
                ..HubState::default()
            }),
            changed: Condvar::new(),
            stop: AtomicBool::new(false),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HubState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends messages to every connected page.
    pub fn publish(&self, msgs: &[Message]) {
        let mut s = self.lock();
        for m in msgs {
            match m {
                Message::Problem(p) => s.problem = Some(p.clone()),
                Message::Ok | Message::Reload => s.problem = None,
                Message::Css => {}
            }
            s.generation += 1;
            let g = s.generation;
            s.recent.push_back((g, m.clone()));
            if s.recent.len() > 64 {
                s.recent.pop_front();
            }
        }
        self.changed.notify_all();
    }

    /// Messages for a rebuild outcome.
    pub fn messages(outcome: &Outcome<'_>) -> Vec<Message> {
        match outcome {
            Outcome::Rebuilt(change, report) => {
                let first = if change.css_only() && !report.full {
                    Message::Css
                } else {
                    Message::Reload
                };
                let mut v = vec![first];
                if report.diagnostics.is_empty() {
                    v.push(Message::Ok);
                } else {
                    let text: Vec<String> =
                        report.diagnostics.iter().map(|d| d.to_string()).collect();
                    v.push(Message::Problem(text.join("\n")));
                }
                v
            }
            Outcome::Failed(_, e) => vec![Message::Problem(format!(
                "rebuild failed; showing the last good version\n{e:#}"
            ))],
        }
    }
}

/// A running preview server.
pub struct Server {
    addr: SocketAddr,
    url: String,
    hub: Arc<Hub>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's local URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Blocks until the server stops.
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Stops watching and serving, and waits for the threads.
    pub fn stop(self) {
        self.hub.stop.store(true, Ordering::Relaxed);
        self.hub.changed.notify_all();
        // Wake the accept loop.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(500));
        self.wait();
    }
}

/// Pause after an `accept` or thread start that failed for lack of resources.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// True for `accept` errors that repeat until resources are freed (descriptor or
/// memory limits), as opposed to one aborted connection.
#[cfg(unix)]
fn accept_error_is_lasting(e: &std::io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
    )
}

/// Elsewhere every failed `accept` waits a little.
#[cfg(not(unix))]
fn accept_error_is_lasting(_: &std::io::Error) -> bool {
    true
}

/// Binds `bind:port`, or the next free port of the ten after it.
fn listen(bind: IpAddr, port: u16) -> Result<(TcpListener, Option<u16>)> {
    let tries = if port == 0 { 1 } else { 10 };
    let mut first_err = None;
    for k in 0..tries {
        let Some(p) = port.checked_add(k) else { break };
        match TcpListener::bind(SocketAddr::new(bind, p)) {
            Ok(l) => return Ok((l, (k > 0).then_some(port))),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                first_err.get_or_insert(e);
            }
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot listen on {}", SocketAddr::new(bind, p)))
            }
        }
    }
    match first_err {
        Some(e) => Err(e).with_context(|| {
            format!(
                "cannot listen on {}: port {port} and the {} after it are in use; choose another with --port",
                SocketAddr::new(bind, port),
                tries - 1
            )
        }),
        None => bail!("no port to listen on"),
    }
}

/// Builds the site, starts serving it and watching its sources. Returns once the site
/// is served.
pub fn start(opts: &ServeOptions) -> Result<Server> {
    let (listener, busy) = listen(opts.bind, opts.port)?;
    let addr = listener.local_addr()?;
    if let Some(p) = busy {
        eprintln!("Port {p} is in use; using {} instead.", addr.port());
    }
    let host = if addr.ip().is_unspecified() {
        "localhost".to_string()
    } else {
        match addr.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        }
    };
    let url = format!("http://{host}:{}/", addr.port());
    let mut build = opts.build.clone();
    build.base_url = Some(url.clone());
    let mut session = Session::new(&build, LIVE_RELOAD_SCRIPT)?;
    for d in &session.initial_diagnostics {
        eprintln!("{d}");
    }
    let hub = Arc::new(Hub::new(session.paths().out.clone()));
    let mut threads = Vec::new();

    let watcher = watch::Watcher::new(session.paths())?;
    let h = hub.clone();
    let named = |name: &str| std::thread::Builder::new().name(name.into());
    threads.push(named("dateline-watch").spawn(move || {
        let stop = &h.stop;
        let res = watcher.run(&mut session, stop, |o| {
            watch::print_outcome(&o);
            if let Outcome::Rebuilt(_, r) = &o {
                h.lock().out = r.out.clone();
            }
            h.publish(&Hub::messages(&o));
        });
        if let Err(e) = res {
            eprintln!("error: {e:#}; no longer watching for changes");
        }
    })?);

    let h = hub.clone();
    threads.push(named("dateline-accept").spawn(move || {
        for conn in listener.incoming() {
            if h.stop.load(Ordering::Relaxed) {
                break;
            }
            let stream = match conn {
                Ok(stream) => stream,
                Err(e) => {
                    // Out of file descriptors (or memory): `accept` fails at once until
                    // a connection closes, so wait instead of spinning.
                    if accept_error_is_lasting(&e) {
                        std::thread::sleep(ACCEPT_BACKOFF);
                    }
                    continue;
                }
            };
            let h2 = h.clone();
            // A thread that cannot be started drops its connection; the server goes on.
            if std::thread::Builder::new()
                .name("dateline-http".into())
                .spawn(move || handle(stream, &h2))
                .is_err()
            {
                std::thread::sleep(ACCEPT_BACKOFF);
            }
        }
    })?);

    if opts.open {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        if let Err(e) = std::process::Command::new(opener).arg(&url).spawn() {
            eprintln!("warning: cannot open a browser ({opener}: {e})");
        }
    }
    Ok(Server {
        addr,
        url,
        hub,
        threads,
    })
}

/// Answers one connection: one request, one response, then a graceful close.
fn handle(mut stream: TcpStream, hub: &Hub) {
    // A client that stops reading must not hold its thread forever.
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    match http::read_request(&stream, http::HEAD_TIMEOUT) {
        Ok(req) if req.target.split('?').next() == Some(EVENTS_PATH) && req.method == "GET" => {
            events(stream, hub);
            return;
        }
        Ok(req) => {
            let _ = answer(&mut stream, hub, &req);
        }
        Err(e) => {
            if let Some(status) = e.status() {
                let _ = http::respond(
                    &mut stream,
                    status,
                    &[("Content-Type", "text/plain; charset=utf-8")],
                    format!("{}\n", http::reason(status).to_ascii_lowercase()).as_bytes(),
                    false,
                );
            }
        }
    }
    http::close_gracefully(&stream);
}

/// Answers a request for a file of the site (or the event stream with HEAD).
fn answer(stream: &mut TcpStream, hub: &Hub, req: &http::Request) -> std::io::Result<()> {
    let head = req.method == "HEAD";
    if req.method != "GET" && !head {
        return http::respond(
            stream,
            405,
            &[("Allow", "GET, HEAD")],
            b"method not allowed\n",
            false,
        );
    }
    if req.target.split('?').next() == Some(EVENTS_PATH) {
        // HEAD of the event stream: its headers, no stream.
        return http::respond(
            stream,
            200,
            &[("Content-Type", "text/event-stream")],
            b"",
            true,
        );
    }
    let out = hub.lock().out.clone();
    let text = |s: &str| s.as_bytes().to_vec();
    match http::resolve(&out, &req.target) {
        http::Resolved::File(path) => match std::fs::read(&path) {
            Ok(body) => http::respond(
                stream,
                200,
                &[("Content-Type", http::content_type(&path))],
                &body,
                head,
            ),
            Err(_) => not_found(stream, &out, head),
        },
        http::Resolved::Redirect(to) => http::respond(
            stream,
            301,
            &[
                ("Location", &to),
                ("Content-Type", "text/plain; charset=utf-8"),
            ],
            &text(&format!("moved to {to}\n")),
            head,
        ),
        http::Resolved::NotFound => not_found(stream, &out, head),
        http::Resolved::BadRequest => http::respond(
            stream,
            400,
            &[("Content-Type", "text/plain; charset=utf-8")],
            b"bad request\n",
            head,
        ),
    }
}

/// Answers 404 with the site's own 404 page.
fn not_found(stream: &mut TcpStream, out: &std::path::Path, head: bool) -> std::io::Result<()> {
    match std::fs::read(out.join("404.html")) {
        Ok(body) => http::respond(
            stream,
            404,
            &[("Content-Type", "text/html; charset=utf-8")],
            &body,
            head,
        ),
        Err(_) => http::respond(
            stream,
            404,
            &[("Content-Type", "text/plain; charset=utf-8")],
            b"not found\n",
            head,
        ),
    }
}

/// Streams server-sent events until the browser goes away or the server stops. A
/// closed browser is noticed within [`LIVENESS`], not only when a write fails.
fn events(mut stream: TcpStream, hub: &Hub) {
    let start = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if stream.write_all(start.as_bytes()).is_err() {
        return;
    }
    let mut seen;
    let mut first = String::from("retry: 500\n\n");
    {
        let s = hub.lock();
        seen = s.generation;
        if let Some(p) = &s.problem {
            first.push_str(&Message::Problem(p.clone()).to_sse());
        }
    }
    if stream.write_all(first.as_bytes()).is_err() {
        return;
    }
    let mut last_write = Instant::now();
    loop {
        let batch: Vec<Message> = {
            let s = hub.lock();
            let (s, _) = hub
                .changed
                .wait_timeout_while(s, LIVENESS, |s| {
                    s.generation == seen && !hub.stop.load(Ordering::Relaxed)
                })
                .unwrap_or_else(|e| e.into_inner());
            if hub.stop.load(Ordering::Relaxed) {
                return;
            }
            let batch = s
                .recent
                .iter()
                .filter(|(g, _)| *g > seen)
                .map(|(_, m)| m.clone())
                .collect();
            seen = s.generation;
            batch
        };
        let text = if !batch.is_empty() {
            batch.iter().map(Message::to_sse).collect()
        } else if last_write.elapsed() >= KEEP_ALIVE {
            ": keep-alive\n\n".to_string()
        } else if http::peer_closed(&stream) {
            return;
        } else {
            continue;
        };
        if stream
            .write_all(text.as_bytes())
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
        last_write = Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sse_messages_are_one_event_each_and_escaped() {
        let m = Message::Problem("bad <b>\"front\"</b>\nmatter".into());
        let s = m.to_sse();
        assert!(s.starts_with("event: problem\ndata: {"));
        assert!(s.ends_with("}\n\n"));
        assert_eq!(s.matches('\n').count(), 3, "{s}");
        assert_eq!(Message::Reload.to_sse(), "event: reload\ndata: {}\n\n");
    }

    #[test]
    fn hub_tracks_the_current_problem() {
        let hub = Hub::new(PathBuf::new());
        hub.publish(&[Message::Reload, Message::Problem("x".into())]);
        assert_eq!(hub.lock().problem.as_deref(), Some("x"));
        assert_eq!(hub.lock().generation, 2);
        hub.publish(&[Message::Reload, Message::Ok]);
        assert_eq!(hub.lock().problem, None);
    }
}
