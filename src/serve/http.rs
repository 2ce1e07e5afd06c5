//! A small HTTP/1.1 file server for the preview: request parsing, safe path resolution
//! and content types. Pure functions where possible, so the safety rules are table-tested.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

/// Largest request head accepted.
const MAX_HEAD: usize = 16 * 1024;

/// The parts of a request the preview server uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent (path and query).
    pub target: String,
}

/// Reads a request head (request line and headers). `None` for a closed or malformed
/// connection.
pub fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?.take(MAX_HEAD as u64));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let version = parts.next()?;
    if !version.starts_with("HTTP/1.") {
        return None;
    }
    // Skip the headers; the server needs none of them.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
    }
    Some(Request { method, target })
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
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
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
