//! The HTTP side of `serve`, on axum: the site's files from memory (static files from
//! their folders), the live-reload script and its event stream. Request paths are decoded
//! and checked before any lookup, and a lookup can only find files the site produced, so
//! no URL reaches anything else on the disk.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use percent_encoding::percent_decode_str;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::{Live, Shared};

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");
/// Added to every HTML page served, and only when serving.
const LIVE_TAG: &str = "<script src=\"/__pressroom/live.js\" defer></script>";

pub fn router(shared: Arc<Shared>) -> Router {
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
                send(
                    "index.html",
                    page.into_bytes(),
                    StatusCode::SERVICE_UNAVAILABLE,
                )
            }
            None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        },
    }
}

fn send(path: &str, mut bytes: Vec<u8>, status: StatusCode) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let name = path.rsplit('/').next().unwrap_or(path);
    let content_type = match mime.type_() {
        // Feeds by their own types, so feed readers and browsers know them.
        _ if name == crate::site::route::RSS => "application/rss+xml; charset=utf-8".to_string(),
        _ if name == crate::site::route::ATOM => "application/atom+xml; charset=utf-8".to_string(),
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == "xml"
            || mime.subtype() == "javascript"
            || mime.subtype() == "json" =>
        {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    };
    if mime.subtype() == "html" {
        bytes = inject(bytes);
    }
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

/// Adds the live-reload script before `</body>` (or at the end).
fn inject(bytes: Vec<u8>) -> Vec<u8> {
    let mut html = match String::from_utf8(bytes) {
        Ok(html) => html,
        Err(e) => return e.into_bytes(),
    };
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, LIVE_TAG),
        None => html.push_str(LIVE_TAG),
    }
    html.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::{clean_path, send};
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
            let response = send(path, Vec::new(), StatusCode::OK);
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
}
