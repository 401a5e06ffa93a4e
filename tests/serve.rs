//! `pressroom serve` as a user runs it: a temp copy of the example site served on a free
//! loopback port, edited while a browser-like client listens for reloads.

use crate::common;

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
    start_logged(root).0
}

/// Starts the server; what it prints (stdout and stderr) arrives on the receiver, each
/// line with the moment it was read.
fn start_logged(root: &Path) -> (Server, mpsc::Receiver<(Instant, String)>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, log) = mpsc::channel();
    // Keep draining the output so the server never blocks on a full pipe.
    let stderr = child.stderr.take().unwrap();
    let errors = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).split(b'\n').map_while(Result::ok) {
            let _ = errors.send((Instant::now(), String::from_utf8_lossy(&line).into_owned()));
        }
    });
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).split(b'\n').map_while(Result::ok);
    let url = loop {
        let line = lines.next().expect("serve printed its address");
        let line = String::from_utf8_lossy(&line).into_owned();
        if let Some(rest) = line.strip_prefix("Serving at ") {
            break rest
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
        }
    };
    std::thread::spawn(move || {
        for line in lines {
            let _ = tx.send((Instant::now(), String::from_utf8_lossy(&line).into_owned()));
        }
    });
    (Server { child, url }, log)
}

/// The next line of the log holding `needle`, with when it came.
fn next_line(log: &mpsc::Receiver<(Instant, String)>, needle: &str) -> (Instant, String) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (at, line) = log
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("serve never printed {needle:?}"));
        if line.contains(needle) {
            return (at, line);
        }
    }
}

fn get(url: &str) -> (u16, String) {
    match ureq::get(url).call() {
        Ok(mut r) => (r.status().as_u16(), r.body_mut().read_to_string().unwrap()),
        Err(ureq::Error::StatusCode(code)) => (code, String::new()),
        Err(e) => panic!("{url}: {e}"),
    }
}

/// How long a test waits for a rebuild. Not a measure of speed (bench/ has those): a
/// rebuild after a full load draws every card and typesets every PDF again, and an
/// unoptimised pressroom with the whole suite beside it on two cores took 25 s for that.
const REBUILD_WAIT: Duration = Duration::from_secs(60);

/// Waits until `check` holds, up to [`REBUILD_WAIT`].
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < REBUILD_WAIT,
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
    let deadline = Instant::now() + REBUILD_WAIT;
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
    raw_request(url, path, &format!("Host: {host}\r\n"))
}

/// As [`raw_get`], with `headers` (each line ending in CRLF) in place of the `Host` line.
fn raw_request(url: &str, path: &str, headers: &str) -> (u16, String) {
    let address = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .unwrap_or_else(|e| panic!("{path}: no answer: {e}"));
    let response = String::from_utf8_lossy(&response).into_owned();
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

#[test]
fn serve_answers_only_requests_naming_its_own_address() {
    let site = common::example();
    let server = start(site.path());
    let url = &server.url;
    let port = url.rsplit(':').next().unwrap();
    // A page elsewhere that points a name of its own at 127.0.0.1 (DNS rebinding) must
    // not read the preview, drafts and embargoed releases included.
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "press.example.org".to_string(),
    ] {
        for path in [
            "/",
            "/releases/icj-torture-case/",
            "/__pressroom/events",
            "/__pressroom/live.js",
            "/style.css",
        ] {
            let (status, body) = raw_request(url, path, &format!("Host: {host}\r\n"));
            assert_eq!(status, 421, "{host}{path}");
            assert!(
                !body.contains("Olabi") && !body.contains("EventSource"),
                "{host}{path}: {body}"
            );
        }
    }
    let (status, _) = raw_request(url, "/", "");
    assert_eq!(status, 421, "no Host header");
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, body) = raw_request(url, "/", &format!("Host: {host}\r\n"));
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("Olabi"), "{host}");
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_a_static_folder_never_stops_the_server() {
    let site = common::example();
    let root = site.path();
    let mut server = start(root);
    let url = server.url.clone();
    let events = listen(&url);
    next_event(&events, "ok");
    assert_eq!(raw_get(&url, "/highlight.css").0, 200);
    // A file the server lists, swapped for a pipe: opening it would wait for a writer.
    let css = root.join("themes/campaign/static/highlight.css");
    std::fs::remove_file(&css).unwrap();
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &css,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .unwrap();
    assert!(next_event(&events, "problem").contains("named pipe"));
    // Many requests for it at once: each is answered, none holds a worker.
    let askers: Vec<_> = (0..64)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || raw_get(&url, "/highlight.css").0)
        })
        .collect();
    for asker in askers {
        assert_ne!(asker.join().unwrap(), 200);
    }
    let (status, css) = raw_get(&url, "/style.css");
    assert_eq!(status, 200);
    assert!(css.contains("{"), "{css}");
    assert!(
        Command::new("kill")
            .args(["-INT", &server.child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    while server.child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "Ctrl-C did not stop serve"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn terminal_escapes_in_file_names_are_printed_escaped() {
    let site = common::example();
    let root = site.path();
    std::fs::create_dir_all(root.join("static")).unwrap();
    let (_server, log) = start_logged(root);
    // A title-changing escape in a static file's name (a rebuild that succeeds), then in
    // a content file's (one that fails).
    let escape = "\u{1b}]0;owned\u{7}";
    std::fs::write(root.join(format!("static/x{escape}.css")), "a{}").unwrap();
    let (_, changed) = next_line(&log, ".css changed");
    assert!(
        changed.contains("static/x\\u{1b}]0;owned\\u{7}.css"),
        "{changed:?}"
    );
    std::fs::write(
        root.join(format!("content/releases/y{escape}.md")),
        "---\ntitle: Y\ndate: 2024-01-01\n---\n",
    )
    .unwrap();
    let (_, error) = next_line(&log, "error:");
    assert!(error.contains("\\u{1b}"), "{error:?}");
    for (_, line) in log.try_iter() {
        assert!(
            !line.contains('\u{1b}') && !line.contains('\u{7}'),
            "{line:?}"
        );
    }
    assert!(!changed.contains('\u{1b}') && !error.contains('\u{1b}'));
}

#[test]
fn requests_are_answered_while_the_site_rebuilds() {
    // A site large enough that loading it all again takes a while.
    let site = common::example();
    let root = site.path();
    let body =
        "Paragraph of a long release, with *emphasis* and a [link](/people/).\n\n".repeat(40);
    for i in 0..400 {
        std::fs::write(
            root.join(format!("content/releases/bulk-{i:03}.md")),
            format!("---\ntitle: Bulk {i}\ndate: 2022-01-01\ntags: [bulk, b{i}]\n---\n{body}"),
        )
        .unwrap();
    }
    let (server, log) = start_logged(root);
    let url = server.url.clone();
    assert_eq!(raw_get(&url, "/").0, 200);
    let mut answered_during = 0;
    for attempt in 0..5 {
        // A change to site.toml loads everything again.
        let toml = root.join("site.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, format!("{text}\n# change {attempt}\n")).unwrap();
        let (began, _) = next_line(&log, "rebuilding everything");
        let mut answers = Vec::new();
        // Ask until the rebuild is over, timing each answer.
        let ended = loop {
            let (status, page) = raw_get(&url, "/style.css");
            assert_eq!(status, 200, "{page}");
            answers.push(Instant::now());
            if let Ok((at, line)) = log.try_recv()
                && line.contains("(everything)")
            {
                break at;
            }
        };
        answered_during += answers
            .iter()
            .filter(|a| **a > began && **a < ended)
            .count();
        if answered_during >= 5 {
            break;
        }
    }
    assert!(
        answered_during >= 5,
        "requests waited for the rebuild: {answered_during} answered during it"
    );
}

fn get_bytes(url: &str) -> Vec<u8> {
    let mut response = ureq::get(url).call().unwrap();
    response.body_mut().read_to_vec().unwrap()
}

/// The search index of `url`, as Pagefind's script finds it: its entry file, which names
/// each language's index by the hash of its content.
fn index_hash(url: &str, lang: &str) -> String {
    let entry: serde_json::Value =
        serde_json::from_str(&get(&format!("{url}/pagefind/pagefind-entry.json")).1).unwrap();
    entry["languages"][lang]["hash"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn search_and_pdfs_follow_an_edit_once_saves_pause_and_the_log_says_so() {
    let site = common::example();
    let root = site.path();
    let (server, log) = start_logged(root);
    let url = server.url.clone();
    let pdf = format!("{url}/releases/icj-torture-case/icj-torture-case.en.pdf");
    assert!(!common::pdf_text(&get_bytes(&pdf)).contains("PAUSED4Q"));
    let (en, ar) = (index_hash(&url, "en"), index_hash(&url, "ar"));

    edit(
        root,
        "content/releases/icj-torture-case.md",
        "The move is",
        "PAUSED4Q The move is",
    );
    // The page first, and the line names what is still behind.
    let (_, line) = next_line(&log, "icj-torture-case.md changed");
    assert!(
        line.ends_with("; search index, release PDFs and press kits follow once edits pause"),
        "{line}"
    );
    assert!(
        get(&format!("{url}/releases/icj-torture-case/"))
            .1
            .contains("PAUSED4Q")
    );
    // Then, with no further save, the rest.
    let (_, line) = next_line(&log, "Up to date again");
    assert!(
        line.starts_with("Up to date again: search index, release PDFs and press kits ("),
        "{line}"
    );
    assert!(common::pdf_text(&get_bytes(&pdf)).contains("PAUSED4Q"));
    assert_ne!(
        index_hash(&url, "en"),
        en,
        "the English index is made again"
    );
    assert_eq!(
        index_hash(&url, "ar"),
        ar,
        "the Arabic index, whose text did not change, is the same"
    );
}
