//! What a reader's browser is allowed to ask of other hosts: nothing, unless `site.toml`
//! names the host under `[privacy] allow_hosts`. Every image, stylesheet, script, font or
//! frame loaded from another host tells that host who reads the page, so the build refuses
//! them (in templates, static CSS and JS, and content), and every page carries a
//! Content-Security-Policy that keeps the browser to the same rule. Plain links to other
//! sites are fine: they only leave when a reader follows them.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Diagnostic, Error};

/// A URL on another host, written in a template, stylesheet, script or rendered body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// 1-based line of the text it was found on.
    pub line: usize,
    pub url: String,
    /// The browser fetches it when the page loads (anything but a plain `<a>` link).
    pub loads: bool,
}

/// The URLs on another host than `own` that `text` (HTML, CSS or JS) writes as an
/// attribute value or a CSS `url(…)`/`@import`.
pub fn references(text: &str, own: &str) -> Vec<Reference> {
    let mut found = Vec::new();
    // Most text has no `//` at all: skip it in one pass.
    if !text.contains("//") {
        return found;
    }
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        let mut offset = 0;
        while let Some(at) = rest.find("//") {
            let start = if rest[..at].ends_with("https:") {
                at - 6
            } else if rest[..at].ends_with("http:") {
                at - 5
            } else {
                at
            };
            let before = rest[..start].trim_end_matches(['"', '\'']);
            let url: String = rest[start..]
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ')' | ' ' | '>' | ','))
                .collect();
            let absolute_at = offset + start;
            rest = &rest[at + 2..];
            offset += at + 2;
            let in_value = before.ends_with('=')
                || before.ends_with("url(")
                || before.ends_with("@import")
                || before.ends_with("@import ");
            let host = host_of(&url);
            if !in_value || host.len() < 2 || host.starts_with("{{") || url.starts_with(own) {
                continue;
            }
            // The element the URL sits in: only `<a>` leaves the page without loading.
            let tag = line[..absolute_at]
                .rfind('<')
                .map(|t| {
                    line[t + 1..]
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .next()
                        .unwrap_or("")
                })
                .unwrap_or("");
            found.push(Reference {
                line: i + 1,
                loads: !tag.eq_ignore_ascii_case("a"),
                url,
            });
        }
    }
    found
}

/// The host of an absolute or scheme-relative URL (without port or credentials).
pub fn host_of(url: &str) -> &str {
    let rest = url
        .strip_prefix("https:")
        .or_else(|| url.strip_prefix("http:"))
        .unwrap_or(url);
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    host.split(':').next().unwrap_or("")
}

/// Whether `site.toml` allows readers' browsers to load from `url`'s host.
pub fn allowed(config: &Config, url: &str) -> bool {
    let host = host_of(url);
    config
        .privacy
        .allow_hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(host))
}

/// The Content-Security-Policy of every page: the site's own files only (plus the hosts
/// `site.toml` allows), no plugins, no `<base>` trickery, and forms that post only where
/// `[contact]` says. No `unsafe-inline`: the theme has no inline script or style.
pub fn content_security_policy(config: &Config) -> String {
    let mut sources = String::from("'self'");
    for host in &config.privacy.allow_hosts {
        sources.push(' ');
        sources.push_str(host);
    }
    let form = if config.contact.form_action.is_empty() {
        // The form composes an email instead of posting.
        "'self' mailto:".to_string()
    } else {
        format!("'self' {}", origin(&config.contact.form_action))
    };
    format!("default-src {sources}; base-uri 'self'; object-src 'none'; form-action {form}")
}

/// `https://forms.example.org/a/b` → `https://forms.example.org`.
fn origin(url: &str) -> &str {
    match url.find("://") {
        Some(i) => {
            let end = url[i + 3..].find('/').map_or(url.len(), |j| i + 3 + j);
            &url[..end]
        }
        None => url,
    }
}

/// The `_headers` file Netlify and Cloudflare Pages read: the page policy plus what only
/// an HTTP header can say (no framing by other sites).
pub fn headers_file(config: &Config, private: bool) -> String {
    let mut text = format!(
        "/*\n  Content-Security-Policy: {}; frame-ancestors 'none'\n  \
         Referrer-Policy: no-referrer\n  \
         Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()\n  \
         X-Content-Type-Options: nosniff\n",
        content_security_policy(config)
    );
    if private {
        text.push_str("  X-Robots-Tag: noindex, nofollow\n");
    }
    text
}

/// Every URL on another host in the theme's templates and the static CSS and JS files,
/// with the file it is in (relative to `root` where it is inside it).
pub fn theme_references(
    root: &Path,
    templates: &[PathBuf],
    statics: &[crate::output::StaticFile],
    own: &str,
) -> Result<Vec<(PathBuf, Reference)>, Error> {
    let mut files: Vec<PathBuf> = templates.iter().map(|t| root.join(t)).collect();
    files.extend(
        statics
            .iter()
            .filter(|s| {
                Path::new(&s.target)
                    .extension()
                    .is_some_and(|e| e == "css" || e == "js" || e == "html" || e == "svg")
            })
            .map(|s| s.source.clone()),
    );
    let mut found = Vec::new();
    for path in files {
        let Ok(text) = crate::files::read_to_string(&path) else {
            continue;
        };
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        found.extend(references(&text, own).into_iter().map(|r| (rel.clone(), r)));
    }
    Ok(found)
}

/// The error for a file that would load `url` from another host.
pub fn diagnostic(file: &Path, line: Option<usize>, url: &str) -> Diagnostic {
    Diagnostic::new(
        file,
        line,
        format!("loads {url} from another host: readers' addresses would reach it"),
    )
    .with_hint(format!(
        "copy the file into static/ and point at it there, or allow the host in site.toml: \
         [privacy] allow_hosts = [\"{}\"]",
        host_of(url)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_loads_and_links_on_other_hosts() {
        let html = "<img src=\"https://cdn.example.com/a.png\">\n\
                    <a href=\"https://elsewhere.org/\">x</a> <link href=\"//fonts.example.net/f.css\">\n\
                    <p>see https://text.example.org in text</p>\n\
                    <img src=\"https://own.org/x.png\">";
        let found = references(html, "https://own.org");
        let summary: Vec<(usize, &str, bool)> = found
            .iter()
            .map(|r| (r.line, r.url.as_str(), r.loads))
            .collect();
        assert_eq!(
            summary,
            vec![
                (1, "https://cdn.example.com/a.png", true),
                (2, "https://elsewhere.org/", false),
                (2, "//fonts.example.net/f.css", true),
            ]
        );
        let css = "@import url(https://fonts.example.com/css);\nbody { background: url('//x.example/b.png') }";
        assert_eq!(references(css, "https://own.org").len(), 2);
    }

    #[test]
    fn hosts_of_urls() {
        assert_eq!(host_of("https://a.example.org/x"), "a.example.org");
        assert_eq!(host_of("//u:p@b.example.org:8080/x"), "b.example.org");
        assert_eq!(host_of("http://c.example?x"), "c.example");
    }
}
