//! The HTTP side of `serve`, on axum: the site's files from memory (static files from
//! their folders), the live-reload script and its event stream. Request paths are decoded
//! and checked before any lookup, and a lookup can only find files the site produced, so
//! no URL reaches anything else on the disk.

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use futures_util::Stream;
use percent_encoding::percent_decode_str;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::{Live, Shared};

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");
/// Added to every HTML page served, and only when serving.
const LIVE_TAG: &str = "<script src=\"/__pressroom/live.js\" defer></script>";

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__pressroom/events", get(events))
        .route(
            "/__pressroom/live.js",
            get(|| async { asset(LIVE_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/__pressroom/live.css",
            get(|| async { asset(LIVE_CSS, "text/css; charset=utf-8") }),
        )
        .fallback(get(file))
        .layer(middleware::from_fn_with_state(shared.clone(), own_host))
        .with_state(shared)
}

fn asset(body: &'static str, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Server-Sent Events: `problem` with the error text while the site is broken, `ok` once
/// it builds again, `reload` after every rebuild that changed something.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the current state, so no event falls in between.
    let receiver = shared.live.subscribe();
    let mut stopping = shared.stopping.subscribe();
    let first = match shared.problem() {
        Some(text) => Event::default().event("problem").data(text),
        // An event without data is never dispatched by browsers: always send some.
        None => Event::default().event("ok").data("ok"),
    };
    let updates = BroadcastStream::new(receiver).filter_map(|live| {
        live.ok().map(|live| {
            Ok(match live {
                Live::Reload => Event::default().event("reload").data("reload"),
                Live::Problem(text) => Event::default().event("problem").data(text),
            })
        })
    });
    // Open streams end when the server stops, or it would wait for every tab to close.
    let stop = async move {
        let _ = stopping.wait_for(|s| *s).await;
    };
    let stream =
        futures_util::StreamExt::take_until(tokio_stream::once(Ok(first)).chain(updates), stop);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Why a request path is refused before any lookup.
fn clean_path(raw: &str) -> Option<String> {
    // Encoded separators would let one segment hide a path.
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    let decoded = percent_decode_str(raw).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return None;
    }
    let rel = decoded.trim_start_matches('/');
    if rel.split('/').any(|s| s == ".." || s == ".") || decoded.starts_with("//") {
        return None;
    }
    Some(rel.to_string())
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let raw = uri.path();
    let Some(rel) = clean_path(raw) else {
        return (StatusCode::BAD_REQUEST, "bad path\n").into_response();
    };
    let wanted = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    if let Some(bytes) = shared.read(&wanted).await {
        let status = if wanted == "404.html" {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        return send(&wanted, bytes, status);
    }
    // A folder asked for without its slash: send the browser to the URL with it, so
    // relative links inside resolve as they will on the published site.
    if !rel.is_empty()
        && !rel.ends_with('/')
        && shared.read(&format!("{rel}/index.html")).await.is_some()
    {
        let location = format!("{raw}/");
        let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
        if let Ok(value) = HeaderValue::from_str(&location) {
            response.headers_mut().insert(header::LOCATION, value);
        }
        return response;
    }
    match shared.read("404.html").await {
        Some(bytes) => send("404.html", bytes, StatusCode::NOT_FOUND),
        None => match shared.problem() {
            // The site has not built yet: say why, and reload once it does.
            Some(problem) => {
                let page = format!(
                    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The site does not build</title></head><body><h1>The site does not build</h1><pre>{}</pre></body></html>",
                    crate::markdown::escape_html(&problem)
                );
                send("index.html", page.into(), StatusCode::SERVICE_UNAVAILABLE)
            }
            None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        },
    }
}

fn send(path: &str, bytes: Bytes, status: StatusCode) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let name = path.rsplit('/').next().unwrap_or(path);
    // Files whose outputs name their type: feeds, so feed readers and browsers know them.
    let declared = crate::outputs::content_type(name);
    let content_type = match mime.type_() {
        _ if let Some(declared) = declared => declared.to_string(),
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == "xml"
            || mime.subtype() == "javascript"
            || mime.subtype() == "json" =>
        {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    };
    let bytes = if mime.subtype() == "html" {
        Bytes::from(inject(&bytes))
    } else {
        bytes
    };
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    // Always fetch the latest build while previewing.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page with the live-reload script added before `</body>` (or at the end).
fn inject(bytes: &[u8]) -> Vec<u8> {
    let at = bytes
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(bytes.len());
    let mut page = Vec::with_capacity(bytes.len() + LIVE_TAG.len());
    page.extend_from_slice(&bytes[..at]);
    page.extend_from_slice(LIVE_TAG.as_bytes());
    page.extend_from_slice(&bytes[at..]);
    page
}

/// Answers only requests that name this server by an address of its own: a web page in
/// the same browser could otherwise point a host name of its own at 127.0.0.1 (DNS
/// rebinding) and read the preview, drafts and embargoed releases included, as its own.
async fn own_host(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let named = request
        .uri()
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            request
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        });
    if named.as_deref().is_some_and(|h| is_own(h, shared.bind)) {
        return next.run(request).await;
    }
    let shown = named.as_deref().unwrap_or("nothing");
    (
        StatusCode::MISDIRECTED_REQUEST,
        format!(
            "pressroom serve answers requests for 127.0.0.1 or localhost only; this one named {}\n",
            crate::text::printable(shown).escape_debug()
        ),
    )
        .into_response()
}

/// Whether a `Host` value names this server: `localhost`, a loopback address, or the
/// address it is bound to (any address, when bound to all of them). A name that is not
/// an address could be anyone's.
fn is_own(host: &str, bind: IpAddr) -> bool {
    let Ok(url) = url::Url::parse(&format!("http://{host}/")) else {
        return false;
    };
    let ip = match url.host() {
        Some(url::Host::Domain(name)) => {
            return name == "localhost" || name.ends_with(".localhost");
        }
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        None => return false,
    };
    ip.is_loopback() || ip == bind || bind.is_unspecified()
}

#[cfg(test)]
mod tests {
    use super::{IpAddr, clean_path, is_own, send};
    use axum::http::{StatusCode, header};

    #[test]
    fn files_get_their_content_types() {
        for (path, want) in [
            ("a/index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("feed.xml", "application/rss+xml; charset=utf-8"),
            ("ar/atom.xml", "application/atom+xml; charset=utf-8"),
            ("data.json", "application/json; charset=utf-8"),
            ("logo.svg", "image/svg+xml"),
            ("font.woff2", "font/woff2"),
            ("p.png", "image/png"),
            ("p.jpg", "image/jpeg"),
            ("p.webp", "image/webp"),
            ("r.pdf", "application/pdf"),
        ] {
            let response = send(path, Default::default(), StatusCode::OK);
            assert_eq!(response.headers()[header::CONTENT_TYPE], want, "{path}");
        }
    }

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        for bad in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2fsite.toml",
            "/%2fetc%2fpasswd",
            "//etc/passwd",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/x%00.html",
            "/./x",
        ] {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
        assert_eq!(clean_path("/").as_deref(), Some(""));
        assert_eq!(clean_path("/releases/x/").as_deref(), Some("releases/x/"));
        assert_eq!(
            clean_path("/ar/tags/%D8%AA/").as_deref(),
            Some("ar/tags/ت/")
        );
    }

    #[test]
    fn only_own_addresses_are_answered() {
        let loopback: IpAddr = "127.0.0.1".parse().unwrap();
        for yes in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "site.localhost:1111",
            "127.1.2.3",
            "[::1]:1111",
        ] {
            assert!(is_own(yes, loopback), "{yes}");
        }
        for no in [
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "192.168.1.5:1111",
            "",
            "a b",
        ] {
            assert!(!is_own(no, loopback), "{no}");
        }
        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        assert!(is_own("192.168.1.5:1111", lan));
        assert!(is_own("10.0.0.2", "0.0.0.0".parse().unwrap()));
        assert!(!is_own("press.example.org", "0.0.0.0".parse().unwrap()));
    }
}
