//! Rendering, all in memory: the list of output pages (one [`Job`] each), Markdown turned
//! to HTML once per file, then every job rendered in parallel. Nothing touches the output
//! folder here, so a failed render leaves the published site as it was.
//!
//! A job is named by what it shows (a release's slug and language, a list's language and
//! page), never by a position that shifts when content changes, and [`Job::inputs`] says
//! what it reads. That is what lets `serve` re-render only the jobs a change reaches.

mod feeds;
pub mod inputs;
mod pages;
mod sitemap;
pub mod templates;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::Kind;
use crate::error::{Capped, Diagnostic, Error};
use crate::i18n::I18n;
use crate::markdown;
use crate::privacy;
use crate::site::{Site, route};
pub use inputs::Inputs;
use templates::Templates;

/// One output page, or a few files made together (a language's two feeds).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Home {
        lang: String,
    },
    Releases {
        lang: String,
        page: usize,
    },
    Item {
        kind: Kind,
        slug: String,
        lang: String,
    },
    People {
        lang: String,
    },
    Tags {
        lang: String,
    },
    Tag {
        lang: String,
        slug: String,
    },
    NotFound,
    /// The RSS and the Atom feed of a language, which share their entries.
    Feeds {
        lang: String,
    },
    Sitemap,
    Robots,
    /// The `_headers` file: the security headers static hosts send with every page.
    Headers,
}

impl Job {
    /// What the summary line counts this job as.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::Item { kind, .. } => match kind {
                Kind::Release => "releases",
                Kind::Statement => "statements",
                Kind::Person => "people",
                Kind::Page => "pages",
            },
            Job::Home { .. } | Job::Releases { .. } | Job::People { .. } | Job::Tags { .. } => {
                "lists"
            }
            Job::Tag { .. } => "tags",
            Job::Feeds { .. } => "feeds",
            Job::NotFound | Job::Sitemap | Job::Robots | Job::Headers => "other",
        }
    }
}

/// A rendered file, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: bytes::Bytes,
    /// The language of the page, for the summary; `None` for site-wide files.
    pub lang: Option<String>,
    pub kind: &'static str,
}

/// One body rendered: its source, its HTML pieces (`None` when it left the site) and the
/// problems found in it.
type Rendering = (PathBuf, Option<Vec<String>>, Vec<Diagnostic>);

/// Markdown bodies rendered to HTML, by source file. A release body is one piece, or two
/// around the statements marker; every other body is one piece.
pub struct Bodies {
    html: HashMap<PathBuf, Vec<String>>,
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
            sample_pages: true,
        }
    }
}

impl Bodies {
    /// Renders every body of the site, with the problems of those that would load from
    /// another host. Without `keep_markdown` the Markdown is moved out of the site and
    /// dropped as it is rendered, so a large site never holds its text and HTML at once.
    pub fn render(site: &mut Site, keep_markdown: bool) -> (Bodies, Vec<Diagnostic>) {
        let mut bodies = Bodies::default();
        let problems = if keep_markdown {
            let paths: Vec<&Path> = all_docs(site).map(|(_, p)| p).collect();
            bodies.update(site, &paths)
        } else {
            let markdown = site.take_markdown();
            let site = &*site;
            let rendered = markdown
                .into_par_iter()
                .map(|(path, body, line)| {
                    let (html, problems) = render_body(site, &path, &body, line);
                    (path, Some(html), problems)
                })
                .collect();
            bodies.store(rendered)
        };
        (bodies, problems)
    }

    /// Renders the bodies of `paths` again (the ones no longer in the site are dropped).
    /// Returns the problems of those bodies: images or other resources they would load
    /// from a host site.toml does not allow (the bodies are updated all the same).
    pub fn update(&mut self, site: &Site, paths: &[&Path]) -> Vec<Diagnostic> {
        let rendered = paths
            .par_iter()
            .map(|path| {
                let (Some((_, body)), Some(line)) = (site.source(path), site.body_line(path))
                else {
                    return (path.to_path_buf(), None, Vec::new());
                };
                let (html, problems) = render_body(site, path, body, line);
                (path.to_path_buf(), Some(html), problems)
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
                    self.html.insert(path, h);
                }
                None => {
                    self.html.remove(&path);
                }
            }
        }
        problems
    }

    /// Exchanges the bodies of `paths` with those in `other`.
    pub fn swap(&mut self, paths: &[&Path], other: &mut Bodies) {
        for path in paths {
            let mine = self.html.remove(*path);
            let theirs = other.html.remove(*path);
            if let Some(b) = theirs {
                self.html.insert(path.to_path_buf(), b);
            }
            if let Some(b) = mine {
                other.html.insert(path.to_path_buf(), b);
            }
        }
    }

    /// Documents of `site` whose bodies have not been rendered (those an embargo kept out
    /// until now, say).
    pub fn missing<'a>(&self, site: &'a Site) -> Vec<&'a Path> {
        all_docs(site)
            .map(|(_, p)| p)
            .filter(|p| !self.html.contains_key(*p))
            .collect()
    }

    fn get(&self, path: &Path) -> &[String] {
        self.html.get(path).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The one HTML piece of a statement, bio or page.
    fn one(&self, path: &Path) -> &str {
        self.get(path).first().map(String::as_str).unwrap_or("")
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
    let route = match (crate::content::kind_of(path), site.key_of(path)) {
        (Some(kind), Some((slug, lang))) => site.url(&lang, &route::item(kind, &slug)),
        _ => site.url(&site.config.default_language, ""),
    };
    url::Url::parse(&route).unwrap_or_else(|_| privacy::site_url(&site.config))
}

/// Every document of the site with its kind and source path.
fn all_docs(site: &Site) -> impl Iterator<Item = (Kind, &Path)> {
    site.releases
        .iter()
        .map(|d| (Kind::Release, d.path.as_path()))
        .chain(
            site.statements
                .iter()
                .map(|d| (Kind::Statement, d.path.as_path())),
        )
        .chain(site.people.iter().map(|d| (Kind::Person, d.path.as_path())))
        .chain(site.pages.iter().map(|d| (Kind::Page, d.path.as_path())))
}

/// Everything a job needs to render.
pub(crate) struct Renderer<'a> {
    pub site: &'a Site,
    pub i18n: &'a I18n,
    pub templates: &'a Templates,
    pub(crate) bodies: &'a Bodies,
    shared: HashMap<String, pages::Shared>,
    cache: pages::Cache,
    /// The templates and languages a page has been rendered in (see
    /// `pages::check_rendered`).
    sampled: std::sync::Mutex<Vec<(String, String)>>,
}

impl Renderer<'_> {
    /// Whether this is the first page rendered from `template` in `lang`.
    pub fn first_of(&self, template: &str, lang: &str) -> bool {
        let Ok(mut seen) = self.sampled.lock() else {
            return false;
        };
        if seen.iter().any(|(t, l)| t == template && l == lang) {
            return false;
        }
        seen.push((template.to_string(), lang.to_string()));
        true
    }
}

/// What a job produced and what it read, kept to decide later whether it must run again.
#[derive(Debug, Clone)]
pub struct Done {
    /// What the job read; recorded only once updates need it (a one-off build does not).
    pub inputs: Option<Inputs>,
    pub outputs: Vec<String>,
}

/// A rendered site: every output file by path, and every job with what it read.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub files: BTreeMap<String, OutputFile>,
    pub jobs: HashMap<Job, Done>,
    /// Record each job's inputs as it renders (for updates; a one-off build skips it).
    pub record_inputs: bool,
}

/// Renders `jobs` and records them in `into`, replacing what they made before. On error
/// `into` is left as it was. Returns the paths of the files whose bytes changed, and of
/// those the jobs no longer make.
pub fn render_jobs(
    site: &Site,
    i18n: &I18n,
    templates: &Templates,
    bodies: &Bodies,
    jobs: &[Job],
    into: &mut Rendered,
) -> Result<Changed, Error> {
    let results = render_each(site, i18n, templates, bodies, jobs, |file| file)?;
    let inputs: Vec<Option<Inputs>> = if into.record_inputs {
        jobs.par_iter().map(|job| Some(job.inputs(site))).collect()
    } else {
        vec![None; jobs.len()]
    };
    // Only files whose bytes changed count: a save that changes nothing reloads nothing.
    let mut changed = Changed::default();
    for ((job, files), inputs) in jobs.iter().zip(results).zip(inputs) {
        let mut before = HashMap::new();
        if let Some(old) = into.jobs.remove(job) {
            for path in old.outputs {
                if let Some(f) = into.files.remove(&path) {
                    before.insert(path, f.bytes);
                }
            }
        }
        let outputs = files.iter().map(|f| f.path.clone()).collect();
        for f in files {
            if before.remove(&f.path).as_ref() != Some(&f.bytes) {
                changed.written.push(f.path.clone());
            }
            into.files.insert(f.path.clone(), f);
        }
        changed.removed.extend(before.into_keys());
        into.jobs.insert(job.clone(), Done { inputs, outputs });
    }
    Ok(changed)
}

/// The output paths a render changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changed {
    /// Files made anew or with other bytes than before.
    pub written: Vec<String>,
    /// Files no longer made.
    pub removed: Vec<String>,
}

/// Renders `jobs` in parallel, passing each file to `each` as soon as it is made (so a
/// caller can keep less than the whole rendered site in memory). Returns what `each`
/// returned, job by job in the order of `jobs`, or every distinct problem.
pub fn render_each<T: Send>(
    site: &Site,
    i18n: &I18n,
    templates: &Templates,
    bodies: &Bodies,
    jobs: &[Job],
    each: impl Fn(OutputFile) -> T + Sync,
) -> Result<Vec<Vec<T>>, Error> {
    let renderer = Renderer {
        site,
        i18n,
        templates,
        bodies,
        shared: pages::shared(site, i18n),
        cache: pages::Cache::new(site),
        sampled: Default::default(),
    };
    let results: Vec<Result<Vec<T>, Diagnostic>> = jobs
        .par_iter()
        .map(|job| Ok(renderer.render(job)?.into_iter().map(&each).collect()))
        .collect();
    let mut problems = Vec::new();
    let mut made = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(files) => made.push(files),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        return Ok(made);
    }
    // The same template error breaks many pages: report each distinct one once.
    problems.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    problems.dedup_by(|a, b| (&a.path, a.line, &a.message) == (&b.path, b.line, &b.message));
    Err(Error::Invalid(problems))
}

/// Forgets `job` and removes what it made; returns the paths removed.
pub fn drop_job(job: &Job, from: &mut Rendered) -> Vec<String> {
    let Some(old) = from.jobs.remove(job) else {
        return Vec::new();
    };
    old.outputs
        .into_iter()
        .filter(|path| from.files.remove(path).is_some())
        .collect()
}

/// The list of output jobs of the site.
pub fn plan(site: &Site, templates: &Templates) -> Result<Vec<Job>, Error> {
    // The largest jobs (the sitemap, the feeds) come first, so that both cores finish
    // together rather than one waiting for the other's last long job.
    let mut jobs = Vec::new();
    if !site.publish.private {
        jobs.push(Job::Sitemap);
        for lang in &site.config.languages {
            jobs.push(Job::Feeds {
                lang: lang.code.clone(),
            });
        }
    }
    let mut problems = Vec::new();
    for lang in &site.config.languages {
        let lang = lang.code.clone();
        jobs.push(Job::Home { lang: lang.clone() });
        for page in 1..=site.release_pages(&lang) {
            jobs.push(Job::Releases {
                lang: lang.clone(),
                page,
            });
        }
        jobs.push(Job::People { lang: lang.clone() });
        jobs.push(Job::Tags { lang: lang.clone() });
        for slug in site.tags.get(&lang).into_iter().flat_map(|t| t.keys()) {
            jobs.push(Job::Tag {
                lang: lang.clone(),
                slug: slug.clone(),
            });
        }
    }
    for (kind, path) in all_docs(site) {
        let (slug, lang) = site.key_of(path).expect("a document of the site");
        if kind == Kind::Page {
            let page = &site.pages[site.find(kind, &slug, &lang).expect("a page of the site")];
            let template = pages::page_template(page);
            let contact = &site.config.contact;
            if template == "contact.html"
                && contact.email.is_empty()
                && contact.form_action.is_empty()
            {
                problems.push(
                    page.diagnostic(
                        page.line_of_key("template"),
                        "the interview-request form has nowhere to go",
                    )
                    .with_hint("set `email` or `form_action` under [contact] in site.toml"),
                );
                continue;
            } else if !templates.has(&template) {
                problems.push(
                    page.diagnostic(
                        page.line_of_key("template"),
                        format!("the template `{template}` does not exist"),
                    )
                    .with_hint("add it to templates/, or remove the `template:` key"),
                );
                continue;
            }
        }
        jobs.push(Job::Item { kind, slug, lang });
    }
    jobs.extend([Job::NotFound, Job::Robots, Job::Headers]);
    if problems.is_empty() {
        Ok(jobs)
    } else {
        Err(Error::Invalid(problems))
    }
}

impl Renderer<'_> {
    fn render(&self, job: &Job) -> Result<Vec<OutputFile>, Diagnostic> {
        let file = |lang: Option<&String>, (path, bytes): (String, Vec<u8>)| OutputFile {
            path,
            bytes: bytes.into(),
            lang: lang.cloned(),
            kind: job.kind(),
        };
        match job {
            Job::Feeds { lang } => Ok(feeds::feeds(self, lang)?
                .into_iter()
                .map(|f| file(Some(lang), f))
                .collect()),
            Job::Sitemap => Ok(vec![file(None, sitemap::sitemap(self)?)]),
            Job::Robots => Ok(vec![file(None, sitemap::robots(self))]),
            Job::Headers => {
                let text = privacy::headers_file(&self.site.config, self.site.publish.private);
                Ok(vec![file(
                    None,
                    (route::HEADERS.to_string(), text.into_bytes()),
                )])
            }
            _ => pages::render(self, job).map(|f| vec![f]),
        }
    }
}

/// Counts of files by kind and by language, for the summary line.
pub fn count<'a>(
    files: impl IntoIterator<Item = (&'static str, Option<&'a str>)>,
) -> (BTreeMap<&'static str, usize>, BTreeMap<String, usize>) {
    let mut kinds = BTreeMap::new();
    let mut langs = BTreeMap::new();
    for (kind, lang) in files {
        *kinds.entry(kind).or_default() += 1;
        if let Some(l) = lang {
            *langs.entry(l.to_string()).or_default() += 1;
        }
    }
    (kinds, langs)
}
