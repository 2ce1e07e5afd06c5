//! The preview server over real HTTP on an ephemeral port: the site's 404 page, path
//! traversal attempts, content types, HEAD, redirects, and the event stream announcing
//! a rebuild after a file edit.

mod common;

use common::Resp;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use dateline::build::BuildOptions;
use dateline::serve::{self, ServeOptions};

/// Sends a raw request line (no normalisation of the target) and reads the response.
fn request(addr: SocketAddr, method: &str, target: &str) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Resp {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn get(addr: SocketAddr, target: &str) -> Resp {
    request(addr, "GET", target)
}

fn start(root: &Path) -> serve::Server {
    serve::start(&ServeOptions {
        build: BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        },
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        open: false,
    })
    .unwrap()
}

#[test]
fn serves_pages_types_head_redirects_and_404() {
    let site = common::fixture_copy("archive");
    let server = start(site.path());
    let addr = server.addr();

    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.text().contains("/__dateline/events"),
        "live reload script"
    );
    // base_url points at the local server.
    assert!(home.text().contains(&addr.to_string()), "local base_url");

    for (path, ty) in [
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/images/logo.png", "image/png"),
        ("/people/", "text/html; charset=utf-8"),
        ("/404.html", "text/html; charset=utf-8"),
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("Content-Type"), Some(ty), "{path}");
        assert_eq!(
            r.header("Content-Length")
                .map(|n| n.parse::<usize>().unwrap()),
            Some(r.body.len()),
            "{path}"
        );
    }

    let head = request(addr, "HEAD", "/atom.xml");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let full = get(addr, "/atom.xml");
    assert_eq!(
        head.header("Content-Length"),
        Some(full.body.len().to_string().as_str())
    );

    let missing = get(addr, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Page not found"),
        "site's own 404 page"
    );
    assert_eq!(request(addr, "HEAD", "/nope").status, 404);

    let redirect = get(addr, "/people?x=1");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("Location"), Some("/people/?x=1"));

    assert_eq!(request(addr, "POST", "/").status, 405);
    server.stop();
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let site = common::fixture_copy("archive");
    std::fs::write(site.path().join("secret.txt"), "TOP SECRET").unwrap();
    let server = start(site.path());
    let addr = server.addr();
    let out = site.path().join("public");
    std::os::unix::fs::symlink(site.path().join("secret.txt"), out.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(site.path(), out.join("up")).unwrap();
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/secret.txt",
        "/people/..%2f..%2fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/secret.txt%00.html",
        "//etc/passwd",
        "/etc/passwd",
        "/leak.txt",
        "/up/secret.txt",
        "secret.txt",
        "http://example.org/../secret.txt",
        "/%ff%fe",
    ] {
        let r = get(addr, target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: status {}",
            r.status
        );
        assert!(!r.text().contains("TOP SECRET"), "{target} leaked");
        assert!(!r.text().contains("root:"), "{target} leaked");
    }
    server.stop();
}

#[test]
fn event_stream_announces_a_rebuild_after_an_edit() {
    let site = common::fixture_copy("archive");
    let server = start(site.path());
    let addr = server.addr();
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "GET /__dateline/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut reader = BufReader::new(s);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    let mut head = String::new();
    while head != "\r\n" {
        head.clear();
        reader.read_line(&mut head).unwrap();
        if head.to_ascii_lowercase().starts_with("content-type") {
            assert!(head.contains("text/event-stream"), "{head}");
        }
    }
    // The stream is open; edit an article (atomic rename, like many editors save).
    let article = site
        .path()
        .join("content/2021/2021-05-03-port-expansion.md");
    let text = std::fs::read_to_string(&article).unwrap();
    let tmp = article.with_file_name(".port.md.swp");
    std::fs::write(
        &tmp,
        text.replace("generational decision", "historic turning point"),
    )
    .unwrap();
    std::fs::rename(&tmp, &article).unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut seen = String::new();
    while Instant::now() < deadline {
        let mut l = String::new();
        if reader.read_line(&mut l).unwrap_or(0) == 0 {
            break;
        }
        seen.push_str(&l);
        if seen.contains("event: reload") {
            break;
        }
    }
    assert!(seen.contains("event: reload"), "no reload event: {seen:?}");
    let page = get(addr, "/2021/05/03/port-expansion-approved/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("historic turning point"));

    // Broken front matter: the article is skipped and the problem is announced.
    std::fs::write(&article, "+++\ntitle = \"Port <b>\nbyline = [\n+++\nBody\n").unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    seen.clear();
    while Instant::now() < deadline && !seen.contains("event: problem\ndata: {") {
        let mut l = String::new();
        if reader.read_line(&mut l).unwrap_or(0) == 0 {
            break;
        }
        seen.push_str(&l);
    }
    assert!(seen.contains("event: problem"), "{seen:?}");
    assert!(seen.contains("2021-05-03-port-expansion.md"), "{seen:?}");
    // The article page is gone (skipped), the rest of the site is still served.
    assert_eq!(
        get(addr, "/2021/05/03/port-expansion-approved/").status,
        404
    );
    assert_eq!(get(addr, "/").status, 200);
    server.stop();
}

#[test]
fn a_busy_port_is_skipped_with_a_notice() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = common::fixture_copy("archive");
    let server = serve::start(&ServeOptions {
        build: BuildOptions {
            root: site.path().to_path_buf(),
            ..BuildOptions::default()
        },
        bind: "127.0.0.1".parse().unwrap(),
        port,
        open: false,
    })
    .unwrap();
    assert_ne!(server.addr().port(), port);
    assert_eq!(get(server.addr(), "/").status, 200);
    server.stop();
}

#[test]
fn build_output_never_contains_the_live_reload_script() {
    let b = common::build_fixture("archive", &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    for f in common::files(&b.out) {
        let bytes = std::fs::read(b.out.join(&f)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__dateline"),
            "{f} has the live-reload script"
        );
    }
}
