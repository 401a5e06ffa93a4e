//! `pressroom serve` as a user runs it: a temp copy of the example site served on a free
//! loopback port, edited while a browser-like client listens for reloads.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The server process, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("Serving at ") {
            break rest
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
        }
    };
    // Keep draining the output so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, url }
}

fn get(url: &str) -> (u16, String) {
    match ureq::get(url).call() {
        Ok(mut r) => (r.status().as_u16(), r.body_mut().read_to_string().unwrap()),
        Err(ureq::Error::StatusCode(code)) => (code, String::new()),
        Err(e) => panic!("{url}: {e}"),
    }
}

/// Waits until `check` holds, up to ten seconds.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Opens the live-reload event stream; events arrive as (name, data).
fn listen(url: &str) -> mpsc::Receiver<(String, String)> {
    let (tx, rx) = mpsc::channel();
    let mut response = ureq::get(&format!("{url}/__pressroom/events"))
        .call()
        .unwrap();
    std::thread::spawn(move || {
        let reader = BufReader::new(response.body_mut().as_reader());
        let mut name = String::new();
        for line in reader.lines() {
            let Ok(line) = line else { break };
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data:").map(str::trim_start)
                && tx.send((name.clone(), d.to_string())).is_err()
            {
                break;
            }
        }
    });
    rx
}

/// The next event called `name`, skipping others.
fn next_event(rx: &mpsc::Receiver<(String, String)>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (n, data) = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no `{name}` event"));
        if n == name {
            return data;
        }
    }
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel}: {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The status line and body of a request sent as raw bytes, so no client tidies the path.
fn raw_get(url: &str, path: &str) -> (u16, String) {
    let host = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .unwrap_or("0")
        .parse()
        .unwrap_or(0);
    (status, response)
}

#[test]
fn serve_rebuilds_on_edits_reloads_tabs_and_survives_bad_input() {
    let site = common::example();
    let root = site.path();
    let server = start(root);
    let url = server.url.clone();

    let (status, home) = get(&format!("{url}/"));
    assert_eq!(status, 200);
    assert!(
        home.contains("/__pressroom/live.js"),
        "the live-reload script is injected"
    );
    assert!(
        home.contains(&format!("href=\"{url}/releases/\"")),
        "links point at the preview"
    );
    let release = format!("{url}/releases/icj-torture-case/");
    let events = listen(&url);
    assert_eq!(next_event(&events, "ok"), "ok");

    // An edit shows up, and open pages are told to reload.
    edit(
        root,
        "content/releases/icj-torture-case.md",
        "The move is",
        "EDITED-7F3 The move is",
    );
    assert_eq!(next_event(&events, "reload"), "reload");
    eventually("the edit", || get(&release).1.contains("EDITED-7F3"));

    // A broken file: the error goes to open pages, the last good page stays served.
    edit(
        root,
        "content/releases/icj-torture-case.md",
        "title: Landmark",
        "title: [Landmark",
    );
    let problem = next_event(&events, "problem");
    assert!(
        problem.contains("content/releases/icj-torture-case.md:2"),
        "{problem}"
    );
    let (status, page) = get(&release);
    assert_eq!(status, 200);
    assert!(page.contains("EDITED-7F3"));
    // A tab opened now learns of the problem at once.
    let late = listen(&url);
    assert!(next_event(&late, "problem").contains("icj-torture-case.md"));

    // Fixed: reload, and the new title.
    edit(
        root,
        "content/releases/icj-torture-case.md",
        "title: [Landmark",
        "title: Fixed landmark",
    );
    next_event(&events, "reload");
    eventually("the fix", || get(&release).1.contains("Fixed landmark"));

    // A statement removed from every language and from the releases quoting it.
    assert!(
        get(&format!("{url}/people/laila-kiki/"))
            .1
            .contains("long overdue case")
    );
    for lang in ["", ".ar", ".nl", ".fr"] {
        edit(
            root,
            &format!("content/releases/icj-torture-case{lang}.md"),
            "icj-kiki, ",
            "",
        );
        std::fs::remove_file(root.join(format!("content/statements/icj-kiki{lang}.md"))).unwrap();
    }
    eventually("the statement to go", || {
        !get(&release).1.contains("long overdue case")
            && !get(&format!("{url}/people/laila-kiki/"))
                .1
                .contains("long overdue case")
    });
    assert_eq!(get(&format!("{url}/statements/icj-kiki/")).0, 404);

    // Paths that try to leave the site.
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/releases/..%2f..%2fsite.toml",
        "/%2fetc%2fpasswd",
        "//etc/passwd",
        "/..\\site.toml",
        "/content/releases/icj-torture-case.md",
        "/static/../../site.toml",
    ] {
        let (status, body) = raw_get(&url, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("base_url") && !body.contains("statements:"),
            "{path} leaked a source file"
        );
    }

    // Content types, the 404 page, folder redirects.
    for (path, kind) in [
        ("/feed.xml", "application/rss+xml"),
        ("/atom.xml", "application/atom+xml"),
        ("/sitemap.xml", "/xml"),
        ("/style.css", "text/css"),
        ("/ar/", "text/html"),
        ("/robots.txt", "text/plain"),
    ] {
        let (status, response) = raw_get(&url, path);
        assert_eq!(status, 200, "{path}");
        let head = response
            .split("\r\n\r\n")
            .next()
            .unwrap()
            .to_ascii_lowercase();
        let content_type = head
            .lines()
            .find(|l| l.starts_with("content-type:"))
            .unwrap_or_default();
        assert!(content_type.contains(kind), "{path}: {head}");
    }
    let (status, response) = raw_get(&url, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(response.contains("Page not found"));
    let (status, response) = raw_get(&url, "/releases");
    assert_eq!(status, 301);
    assert!(
        response
            .to_ascii_lowercase()
            .contains("location: /releases/"),
        "{response}"
    );

    // A link in a static folder to a file elsewhere on the disk is refused, never served.
    #[cfg(unix)]
    {
        let secret = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(secret.path(), "SECRET-91C").unwrap();
        let link = root.join("themes/campaign/static/leak.txt");
        std::os::unix::fs::symlink(secret.path(), &link).unwrap();
        assert!(next_event(&events, "problem").contains("leak.txt"));
        let (status, body) = raw_get(&url, "/leak.txt");
        assert_eq!(status, 404);
        assert!(!body.contains("SECRET-91C"));
        std::fs::remove_file(&link).unwrap();
        next_event(&events, "reload");
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_and_leaves_nothing_behind() {
    let site = common::example();
    let before = common::snapshot(site.path());
    let mut server = start(site.path());
    assert_eq!(get(&format!("{}/", server.url)).0, 200);
    // An open tab keeps an event stream open: it must not hold the server up.
    let events = listen(&server.url);
    next_event(&events, "ok");
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "serve did not stop on Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    assert_eq!(
        common::snapshot(site.path()),
        before,
        "serve wrote into the site folder"
    );
}

#[test]
fn a_site_broken_at_start_says_why_and_recovers() {
    let site = common::example();
    let root = site.path();
    edit(
        root,
        "content/statements/icj-kiki.md",
        "person: laila-kiki",
        "person: nobody",
    );
    let server = start(root);
    let (status, page) = raw_get(&server.url, "/");
    assert_eq!(status, 503);
    assert!(
        page.contains("does not build") && page.contains("icj-kiki.md:2"),
        "{page}"
    );
    assert!(
        page.contains("/__pressroom/live.js"),
        "the page reloads once fixed"
    );
    edit(
        root,
        "content/statements/icj-kiki.md",
        "person: nobody",
        "person: laila-kiki",
    );
    eventually("the fixed site", || {
        get(&format!("{}/", server.url)).0 == 200
    });

    // A static folder made after the start is watched too.
    std::fs::create_dir(root.join("static")).unwrap();
    std::fs::write(root.join("static/mine.css"), "body{}").unwrap();
    eventually("the new static file", || {
        raw_get(&server.url, "/mine.css").0 == 200
    });
}
