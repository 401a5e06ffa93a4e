//! Markdown bodies rendered to HTML once per file (in parallel), with the problems found
//! in them: resources they would load from other hosts, raw HTML nested too deep.
//!
//! `serve` and `check` keep the HTML in memory. A one-off build keeps it in a nameless
//! file in the site's cache folder instead (a [`Spill`]), and reads a body back each time
//! a page shows it: at 10,000 releases the bodies are a gigabyte of HTML, which the build
//! would otherwise hold from start to end. A body that cannot be read back fails the
//! build (see [`Bodies::failure`]), so no page is published without its text.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::content::{Kind, Markdown};
use crate::error::{Capped, Diagnostic};
use crate::markdown;
use crate::privacy;
use crate::site::{Site, Source, key};
use crate::spill::{Span, Spill};

/// One body rendered: its source, its HTML pieces (`None` when it left the site) and the
/// problems found in it.
type Rendering = (PathBuf, Option<Pieces>, Vec<Diagnostic>);

/// One body as HTML, in pieces, and the hash of them once asked for.
struct Body {
    pieces: Pieces,
    hash: OnceLock<u64>,
}

/// Where the HTML of a body is.
enum Pieces {
    Held(Vec<String>),
    /// In the spill file.
    Spilled(Span),
}

/// Markdown bodies rendered to HTML, by source file. A release body is one piece, or two
/// around the statements marker; every other body is one piece.
pub(crate) struct Bodies {
    html: HashMap<Source, Body>,
    /// Where a one-off build keeps the HTML (see the module's notes).
    spill: Option<Spill>,
    /// Read the first page of each template and language as rendered (see
    /// `pages::check_rendered`). Off while bodies or templates are already known to load
    /// from other hosts (`pressroom check` goes on to report everything): those loads
    /// would show on the rendered pages too, blamed on their templates.
    pub(crate) sample_pages: bool,
}

impl Default for Bodies {
    fn default() -> Bodies {
        Bodies {
            html: HashMap::new(),
            spill: None,
            sample_pages: true,
        }
    }
}

impl Bodies {
    /// Renders every body of the site, with the problems of those that would load from
    /// another host.
    pub(crate) fn render(site: &Site) -> (Bodies, Vec<Diagnostic>) {
        let mut bodies = Bodies::default();
        let paths: Vec<&Path> = site.headers().map(|h| h.path).collect();
        let problems = bodies.update(site, &paths);
        (bodies, problems)
    }

    /// As [`Bodies::render`], from the Markdown a one-off build took out of the site
    /// ([`Site::take_markdown`]), reading each text back from `markdown`'s spill if it is
    /// there and dropping it once rendered, and keeping the HTML in a nameless file in the
    /// folder `spill` (in memory if there is none, or the disk refuses it).
    pub(crate) fn render_taken(
        site: &Site,
        taken: Vec<(PathBuf, Markdown, usize)>,
        markdown: Option<&Spill>,
        spill: Option<&Path>,
    ) -> (Bodies, Vec<Diagnostic>) {
        let mut bodies = Bodies {
            spill: spill.and_then(Spill::in_dir),
            ..Bodies::default()
        };
        let rendered = taken
            .into_par_iter()
            .map(|(path, body, line)| {
                let body = match (body, markdown) {
                    (Markdown::Held(text), _) => text,
                    (Markdown::Spilled(span), Some(spill)) => spill.read_text(&span),
                    (Markdown::Spilled(_), None) => unreachable!("spilled Markdown has its spill"),
                };
                let (html, problems) = render_body(site, &path, &body, line);
                drop(body);
                let pieces = match bodies.spill.as_ref().and_then(|s| s.write(&html)) {
                    Some(span) => Pieces::Spilled(span),
                    None => Pieces::Held(html),
                };
                (path, Some(pieces), problems)
            })
            .collect();
        let problems = bodies.store(rendered);
        (bodies, problems)
    }

    /// Why a body could not be read back from where a one-off build kept it, if one could
    /// not: the pages that showed it are missing its text, and must not be published.
    pub(crate) fn failure(&self) -> Option<&str> {
        self.spill.as_ref()?.failure()
    }

    /// Renders the bodies of `paths` again (the ones no longer in the site are dropped).
    /// Returns the problems of those bodies: images or other resources they would load
    /// from a host site.toml does not allow (the bodies are updated all the same).
    pub(crate) fn update(&mut self, site: &Site, paths: &[&Path]) -> Vec<Diagnostic> {
        let rendered = paths
            .par_iter()
            .map(|path| {
                let Some(doc) = site.header(path) else {
                    return (path.to_path_buf(), None, Vec::new());
                };
                let (html, problems) = render_body(site, path, doc.body, doc.body_line);
                (path.to_path_buf(), Some(Pieces::Held(html)), problems)
            })
            .collect();
        self.store(rendered)
    }

    /// Keeps rendered bodies (`None`: the document is gone) and returns their problems.
    fn store(&mut self, rendered: Vec<Rendering>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (path, html, found) in rendered {
            problems.extend(found);
            match html {
                Some(h) => {
                    self.html.insert(
                        Source::new(&path),
                        Body {
                            pieces: h,
                            hash: OnceLock::new(),
                        },
                    );
                }
                None => {
                    self.html.remove(key(&path));
                }
            }
        }
        problems
    }

    /// Exchanges the bodies of `paths` with those in `other`.
    pub(crate) fn swap(&mut self, paths: &[&Path], other: &mut Bodies) {
        for path in paths {
            let mine = self.html.remove(key(path));
            let theirs = other.html.remove(key(path));
            if let Some(b) = theirs {
                self.html.insert(Source::new(path), b);
            }
            if let Some(b) = mine {
                other.html.insert(Source::new(path), b);
            }
        }
    }

    /// Documents of `site` whose bodies have not been rendered (those an embargo kept out
    /// until now, say).
    pub(crate) fn missing<'a>(&self, site: &'a Site) -> Vec<&'a Path> {
        site.headers()
            .map(|h| h.path)
            .filter(|p| !self.html.contains_key(key(p)))
            .collect()
    }

    /// The HTML of the body read from `path`, in pieces.
    pub(crate) fn get(&self, path: &Path) -> Cow<'_, [String]> {
        match self.html.get(key(path)) {
            Some(body) => self.pieces(body),
            None => Cow::Borrowed(&[]),
        }
    }

    fn pieces<'a>(&'a self, body: &'a Body) -> Cow<'a, [String]> {
        match (&body.pieces, &self.spill) {
            (Pieces::Held(pieces), _) => Cow::Borrowed(pieces),
            (Pieces::Spilled(span), Some(spill)) => Cow::Owned(spill.read(span)),
            (Pieces::Spilled(_), None) => unreachable!("a spilled body has its spill"),
        }
    }

    /// A hash of the HTML of the body read from `path` (what a page showing it shows),
    /// made the first time it is asked for.
    pub(crate) fn fingerprint(&self, path: &Path) -> u64 {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let hash = |pieces: &[String]| {
            let mut h = DefaultHasher::new();
            pieces.hash(&mut h);
            h.finish()
        };
        match self.html.get(key(path)) {
            Some(b) => *b.hash.get_or_init(|| hash(&self.pieces(b))),
            None => hash(&[]),
        }
    }
}

/// The HTML of one body (in pieces, see [`Bodies`]) and its problems: resources it would
/// load from hosts site.toml does not allow, raw HTML nested too deep. `line`: the file
/// line the body starts on.
fn render_body(
    site: &Site,
    path: &Path,
    body: &str,
    line: usize,
) -> (Vec<String>, Vec<Diagnostic>) {
    let config = &site.config;
    let page = page_url(site, path);
    let options = markdown::Options {
        base_url: &config.base_url,
        page: &page,
        unsafe_html: config.markdown.unsafe_html,
    };
    let rendered = markdown::render(body, &options);
    let line_at = |offset: usize| line + body[..offset.min(body.len())].matches('\n').count();
    if let Some((offset, why)) = rendered.beyond_bounds {
        let d = Diagnostic::new(path, Some(line_at(offset)), format!("raw HTML with {why}"))
            .with_hint("close the elements you open, or simplify the HTML pasted here");
        return (Vec::new(), vec![d]);
    }
    let mut pieces = rendered.pieces;
    if crate::content::kind_of(path) != Some(Kind::Release) && pieces.len() > 1 {
        pieces = vec![pieces.concat()];
    }
    let mut problems = Vec::new();
    if rendered.may_load {
        let mut loads = Capped::default();
        // References come in the order they are written: one forward pass finds the line
        // of each.
        let (mut from, mut at_line) = (0, line);
        for piece in &pieces {
            let scan = privacy::html(piece, &page);
            if scan.too_deep.is_some() {
                problems.push(privacy::too_deep(path, Some(line)));
            }
            for r in scan
                .references
                .iter()
                .filter(|r| privacy::refused(config, r))
            {
                loads.push_with(|| {
                    let host = r.url.as_ref().and_then(|u| u.host_str()).unwrap_or("\0");
                    let found = [r.written.as_str(), host]
                        .iter()
                        .find_map(|n| body[from..].find(n).map(|i| from + i));
                    if let Some(to) = found {
                        at_line += body[from..to].matches('\n').count();
                        from = to;
                    }
                    privacy::diagnostic(path, Some(at_line), r)
                });
            }
        }
        problems.extend(loads.finish(path, "loads from other hosts"));
    }
    (pieces, problems)
}

/// The URL of the page of the document read from `path`, which its relative links are
/// resolved against.
fn page_url(site: &Site, path: &Path) -> url::Url {
    let url = match site.header(path) {
        Some(doc) => doc.url.to_string(),
        None => site.url(&site.config.default_language, ""),
    };
    url::Url::parse(&url).unwrap_or_else(|_| privacy::site_url(&site.config))
}
