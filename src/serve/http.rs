//! A small HTTP/1.1 file server for the preview: request parsing, safe path resolution
//! and content types. Pure functions where possible, so the safety rules are table-tested.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Longest request line accepted (414 beyond).
const MAX_LINE: usize = 8 * 1024;
/// Largest request head accepted (431 beyond).
const MAX_HEAD: usize = 16 * 1024;
/// Time a client has, from connecting, to send its whole request head. A slow or idle
/// client is cut off after it, however it trickles its bytes.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a closing connection keeps reading what the client still sends.
const LINGER: Duration = Duration::from_secs(2);
/// How much a closing connection reads at most before it gives up.
const LINGER_BYTES: usize = 1 << 20;

/// The parts of a request the preview server uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent (path and query).
    pub target: String,
}

/// Why no request was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadError {
    /// The connection closed or failed before a request arrived; nothing to answer.
    Closed,
    /// Not an HTTP/1.x request head.
    Malformed,
    /// The request line is longer than [`MAX_LINE`].
    LineTooLong,
    /// The head is larger than [`MAX_HEAD`].
    TooLarge,
    /// The head did not arrive within [`HEAD_TIMEOUT`].
    TimedOut,
}

impl HeadError {
    /// The status to answer with, if any.
    pub fn status(self) -> Option<u16> {
        match self {
            HeadError::Closed => None,
            HeadError::Malformed => Some(400),
            HeadError::TimedOut => Some(408),
            HeadError::LineTooLong => Some(414),
            HeadError::TooLarge => Some(431),
        }
    }
}

/// Looks at the bytes received so far: `Ok(Some(n))` when the head (after any empty
/// lines before it) is complete and ends at `n`, `Ok(None)` when more is needed, an
/// error when the line or the head is already too long. Lines may end in CRLF or LF.
pub fn scan_head(buf: &[u8]) -> Result<Option<usize>, HeadError> {
    let start = buf
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(buf.len());
    let head = &buf[start..];
    let line_len = head.iter().position(|&b| b == b'\n');
    if line_len.unwrap_or(head.len()) > MAX_LINE {
        return Err(HeadError::LineTooLong);
    }
    // The head ends at the first empty line.
    let end = (0..head.len()).find_map(|i| match &head[i..] {
        [b'\n', b'\n', ..] => Some(i + 2),
        [b'\n', b'\r', b'\n', ..] => Some(i + 3),
        _ => None,
    });
    match end {
        Some(e) if e <= MAX_HEAD => Ok(Some(start + e)),
        Some(_) => Err(HeadError::TooLarge),
        None if head.len() > MAX_HEAD => Err(HeadError::TooLarge),
        None => Ok(None),
    }
}

/// Parses a complete request head (as found by [`scan_head`]): `METHOD SP target SP
/// HTTP/1.x`, then `name: value` lines. Control characters and spaces in the target,
/// lines folded over several lines and header lines without a name are refused.
pub fn parse_head(head: &[u8]) -> Result<Request, HeadError> {
    let text = std::str::from_utf8(head).map_err(|_| HeadError::Malformed)?;
    let mut lines = text
        .trim_start_matches(['\r', '\n'])
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l));
    let line = lines.next().ok_or(HeadError::Malformed)?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    let method_ok = !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase());
    let target_ok = !target.is_empty() && !target.bytes().any(|b| b <= b' ' || b == 0x7f);
    if !method_ok || !target_ok || !matches!(version, "HTTP/1.0" | "HTTP/1.1") {
        return Err(HeadError::Malformed);
    }
    for h in lines.take_while(|l| !l.is_empty()) {
        let name = h.split_once(':').map(|(n, _)| n);
        if !name.is_some_and(|n| !n.is_empty() && !n.contains([' ', '\t'])) {
            return Err(HeadError::Malformed);
        }
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
    })
}

/// Reads a request head, giving the client `timeout` in all. Bytes after the head (a
/// body, a pipelined request) are read and ignored: every response closes the
/// connection.
pub fn read_request(stream: &TcpStream, timeout: Duration) -> Result<Request, HeadError> {
    let deadline = Instant::now() + timeout;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let mut reader = stream;
    loop {
        if let Some(end) = scan_head(&buf)? {
            return parse_head(&buf[..end]);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::TimedOut);
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| HeadError::Closed)?;
        match reader.read(&mut chunk) {
            Ok(0) if buf.iter().all(|b| matches!(b, b'\r' | b'\n')) => {
                return Err(HeadError::Closed)
            }
            Ok(0) => return Err(HeadError::Malformed),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(HeadError::TimedOut)
            }
            Err(_) => return Err(HeadError::Closed),
        }
    }
}

/// Ends a connection after its response without losing the response: stops sending,
/// then reads and drops what the client still sends until it closes (bounded by
/// [`LINGER`] and [`LINGER_BYTES`]). Closing a socket with unread bytes makes the
/// kernel reset the connection, and a reset can discard the response before the client
/// has read it (a request with a body, a pipelined request, an oversized head).
pub fn close_gracefully(stream: &TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + LINGER;
    let mut sink = [0u8; 4096];
    let mut read = 0;
    let mut reader = stream;
    while read < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match reader.read(&mut sink) {
            Ok(0) => return,
            Ok(n) => read += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// True when the client has closed its side of `stream` (or the connection failed).
/// Does not block; bytes the client sent are dropped.
pub fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut sink = [0u8; 512];
    let mut reader = stream;
    let closed = loop {
        match reader.read(&mut sink) {
            Ok(0) => break true,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => break e.kind() != ErrorKind::WouldBlock,
        }
    };
    stream.set_nonblocking(false).is_err() || closed
}

/// Where a request target leads, before looking at the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Safe, decoded path segments, and whether the path ended with `/`.
    Path { segments: Vec<String>, slash: bool },
    /// Not a path the server will ever serve.
    Bad,
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes `s`; `None` for broken escapes.
pub fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hi = hex(*b.get(i + 1)?)?;
            let lo = hex(*b.get(i + 2)?)?;
            out.push(hi * 16 + lo);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Splits a request target into safe path segments. Refuses anything that could leave
/// the served folder or mean two things: `..` and `.` segments (plain or encoded),
/// encoded slashes and backslashes, raw backslashes, NUL bytes, non-UTF-8 paths and
/// targets that are not absolute paths.
pub fn parse_target(target: &str) -> Target {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Target::Bad;
    }
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || path.contains('\\') {
        return Target::Bad;
    }
    let Some(bytes) = percent_decode(path) else {
        return Target::Bad;
    };
    let Ok(decoded) = String::from_utf8(bytes) else {
        return Target::Bad;
    };
    if decoded.contains(['\0', '\\']) {
        return Target::Bad;
    }
    let mut segments = Vec::new();
    for s in decoded.split('/') {
        match s {
            "" => {}
            "." | ".." => return Target::Bad,
            s if s.contains(':') && segments.is_empty() && s.len() == 2 => return Target::Bad,
            s => segments.push(s.to_string()),
        }
    }
    Target::Path {
        slash: decoded.ends_with('/'),
        segments,
    }
}

/// Content type of a served file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// What to answer, after looking at the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// 301 to this location.
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Resolves a request target to a file inside `root` (the output folder). Symlinks that
/// lead outside `root` are not followed.
pub fn resolve(root: &Path, target: &str) -> Resolved {
    let (segments, slash) = match parse_target(target) {
        Target::Path { segments, slash } => (segments, slash),
        Target::Bad => return Resolved::BadRequest,
    };
    let Ok(root) = root.canonicalize() else {
        return Resolved::NotFound;
    };
    let mut path = root.clone();
    for s in &segments {
        path.push(s);
    }
    let Ok(real) = path.canonicalize() else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&root) {
        return Resolved::NotFound;
    }
    if real.is_dir() {
        if !slash && !segments.is_empty() {
            let (p, q) = match target.split_once('?') {
                Some((p, q)) => (p, format!("?{q}")),
                None => (target, String::new()),
            };
            return Resolved::Redirect(format!("{p}/{q}"));
        }
        let index = real.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if slash {
        return Resolved::NotFound;
    }
    if real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

/// Reason phrase of a status code.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    }
}

/// Writes a complete response (the body is left out for HEAD).
pub fn respond(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let ok = |segs: &[&str], slash: bool| Target::Path {
            segments: segs.iter().map(|s| s.to_string()).collect(),
            slash,
        };
        let cases: &[(&str, Target)] = &[
            ("/", ok(&[], true)),
            ("/a/b/", ok(&["a", "b"], true)),
            ("/a/b.css?x=1", ok(&["a", "b.css"], false)),
            ("/caf%C3%A9/", ok(&["café"], true)),
            ("/a%20b", ok(&["a b"], false)),
            ("/../etc/passwd", Target::Bad),
            ("/a/../../x", Target::Bad),
            ("/%2e%2e/x", Target::Bad),
            ("/%2E%2E/x", Target::Bad),
            ("/.%2e/x", Target::Bad),
            ("/a%2fb", Target::Bad),
            ("/a%2F..%2Fb", Target::Bad),
            ("/a%5c..", Target::Bad),
            ("/a\\..\\b", Target::Bad),
            ("/a%00.html", Target::Bad),
            ("/%ff", Target::Bad),
            ("/%zz", Target::Bad),
            ("etc/passwd", Target::Bad),
            ("http://evil/x", Target::Bad),
            ("/./a", Target::Bad),
            ("/C:/x", Target::Bad),
        ];
        for (t, want) in cases {
            assert_eq!(&parse_target(t), want, "{t}");
        }
    }

    #[test]
    fn head_scanning() {
        use HeadError::*;
        let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_LINE));
        let long_target = format!("GET /{}", "a".repeat(MAX_LINE));
        let big_head = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        let endless = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(MAX_HEAD));
        let cases: &[(&str, Result<Option<usize>, HeadError>)] = &[
            ("", Ok(None)),
            ("GET / HTTP/1.1\r\n", Ok(None)),
            ("GET / HTTP/1.1\r\nHost: x\r\n", Ok(None)),
            ("GET / HTTP/1.1\r\n\r\n", Ok(Some(18))),
            ("GET / HTTP/1.1\n\nrest", Ok(Some(16))),
            ("GET / HTTP/1.1\r\nHost: x\r\n\r\nbody", Ok(Some(27))),
            ("\r\n\r\nGET / HTTP/1.1\r\n\r\n", Ok(Some(22))),
            ("\r\n", Ok(None)),
            (&long_line, Err(LineTooLong)),
            (&long_target, Err(LineTooLong)),
            (&big_head, Err(TooLarge)),
            (&endless, Err(TooLarge)),
        ];
        for (buf, want) in cases {
            assert_eq!(&scan_head(buf.as_bytes()), want, "{:.40}", buf);
        }
    }

    #[test]
    fn head_parsing() {
        let ok = |m: &str, t: &str| {
            Ok(Request {
                method: m.into(),
                target: t.into(),
            })
        };
        let bad = Err(HeadError::Malformed);
        let cases: &[(&[u8], Result<Request, HeadError>)] = &[
            (b"GET / HTTP/1.1\r\n\r\n", ok("GET", "/")),
            (b"HEAD /a?b HTTP/1.0\n\n", ok("HEAD", "/a?b")),
            (b"GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n", ok("GET", "/%00")),
            (b"\r\nGET / HTTP/1.1\r\n\r\n", ok("GET", "/")),
            (b"DELETE / HTTP/1.1\r\n\r\n", ok("DELETE", "/")),
            (b"GET /\r\n\r\n", bad.clone()),
            (b"GET / HTTP/2.0\r\n\r\n", bad.clone()),
            (b"GET / FTP/1.1\r\n\r\n", bad.clone()),
            (b"GET  / HTTP/1.1\r\n\r\n", bad.clone()),
            (b"GET / HTTP/1.1 x\r\n\r\n", bad.clone()),
            (b"get / HTTP/1.1\r\n\r\n", bad.clone()),
            (b"GET /a\0b HTTP/1.1\r\n\r\n", bad.clone()),
            (b"GET /a\x7fb HTTP/1.1\r\n\r\n", bad.clone()),
            (b"GET /\xff HTTP/1.1\r\n\r\n", bad.clone()),
            (b"GET / HTTP/1.1\r\nno colon\r\n\r\n", bad.clone()),
            (b"GET / HTTP/1.1\r\n: empty name\r\n\r\n", bad.clone()),
            (b"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", bad.clone()),
            (b"\x16\x03\x01\x02\x00\r\n\r\n", bad.clone()),
            (b"\r\n\r\n", bad.clone()),
        ];
        for (head, want) in cases {
            assert_eq!(&parse_head(head), want, "{}", String::from_utf8_lossy(head));
        }
        assert_eq!(HeadError::Closed.status(), None);
        assert_eq!(HeadError::TooLarge.status(), Some(431));
    }

    /// A connected loopback pair: (client, server side).
    fn pair() -> (TcpStream, TcpStream) {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        (c, l.accept().unwrap().0)
    }

    #[test]
    fn reading_requests_from_a_socket() {
        let (mut c, s) = pair();
        c.write_all(b"GET /a HTTP/1.1\r\nHo").unwrap();
        let t = std::thread::spawn(move || read_request(&s, Duration::from_secs(5)));
        std::thread::sleep(Duration::from_millis(50));
        c.write_all(b"st: x\r\n\r\nBODY").unwrap();
        assert_eq!(t.join().unwrap().unwrap().target, "/a");

        // An idle client is cut off after the timeout; a closed one is not answered.
        let (_c, s) = pair();
        let t0 = Instant::now();
        let r = read_request(&s, Duration::from_millis(200));
        assert_eq!(r, Err(HeadError::TimedOut));
        assert!(t0.elapsed() < Duration::from_secs(2));
        let (c, s) = pair();
        drop(c);
        assert_eq!(
            read_request(&s, Duration::from_secs(5)),
            Err(HeadError::Closed)
        );

        // A client trickling bytes cannot stretch the timeout.
        let (mut c, s) = pair();
        let t = std::thread::spawn(move || {
            let t0 = Instant::now();
            (read_request(&s, Duration::from_millis(300)), t0.elapsed())
        });
        for _ in 0..10 {
            if c.write_all(b"X").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(60));
        }
        let (r, took) = t.join().unwrap();
        assert_eq!(r, Err(HeadError::TimedOut));
        assert!(took < Duration::from_millis(1500), "{took:?}");
    }

    #[test]
    fn a_response_survives_unread_request_bytes() {
        // The client sends far more than the server reads; the response must still
        // arrive whole instead of being lost to a connection reset.
        let (mut c, mut s) = pair();
        let writer = std::thread::spawn(move || {
            let _ = c.write_all(&vec![b'x'; 256 * 1024]);
            let mut got = Vec::new();
            let _ = c.read_to_end(&mut got);
            got
        });
        let mut first = [0u8; 100];
        s.read_exact(&mut first).unwrap();
        respond(&mut s, 431, &[], b"too large\n", false).unwrap();
        close_gracefully(&s);
        drop(s);
        let got = String::from_utf8(writer.join().unwrap()).unwrap();
        assert!(got.starts_with("HTTP/1.1 431 "), "{got}");
        assert!(got.ends_with("\r\n\r\ntoo large\n"), "{got}");
    }

    #[test]
    fn closed_peers_are_noticed() {
        let (mut c, s) = pair();
        assert!(!peer_closed(&s));
        c.write_all(b"ignored").unwrap();
        std::thread::sleep(Duration::from_millis(20));
        assert!(!peer_closed(&s));
        drop(c);
        std::thread::sleep(Duration::from_millis(20));
        assert!(peer_closed(&s));
    }

    #[test]
    fn types() {
        for (f, t) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.CSS", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("atom.xml", "application/xml; charset=utf-8"),
            ("a.json", "application/json"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.svg", "image/svg+xml"),
            ("a.webp", "image/webp"),
            ("a.woff2", "font/woff2"),
            ("favicon.ico", "image/x-icon"),
            ("a.pdf", "application/pdf"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(f)), t, "{f}");
        }
    }

    #[test]
    fn resolution_on_disk() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("out");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "x").unwrap();
        std::fs::write(root.join("index.html"), "x").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "s").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        let r = |t: &str| resolve(&root, t);
        let canon = root.canonicalize().unwrap();
        assert_eq!(r("/"), Resolved::File(canon.join("index.html")));
        assert_eq!(r("/a/"), Resolved::File(canon.join("a/index.html")));
        assert_eq!(r("/a"), Resolved::Redirect("/a/".into()));
        assert_eq!(r("/a?x=1"), Resolved::Redirect("/a/?x=1".into()));
        assert_eq!(r("/index.html/"), Resolved::NotFound);
        assert_eq!(r("/missing"), Resolved::NotFound);
        assert_eq!(r("/../secret.txt"), Resolved::BadRequest);
        #[cfg(unix)]
        assert_eq!(r("/leak.txt"), Resolved::NotFound);
    }
}
