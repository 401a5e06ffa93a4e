//! Rendering, all in memory: the list of output pages (one [`Job`] each), Markdown turned
//! to HTML once per file, then every job rendered in parallel. Nothing touches the output
//! folder here, so a failed render leaves the published site as it was.
//!
//! A job is a pure function of the [`Site`]: re-rendering only the jobs a changed file feeds
//! is what an incremental rebuild needs.

mod feeds;
mod pages;
mod sitemap;
pub mod templates;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::error::Error;
use crate::i18n::I18n;
use crate::markdown;
use crate::site::Site;
use templates::Templates;

/// One output page or file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Home {
        lang: String,
    },
    Releases {
        lang: String,
        page: usize,
    },
    Release(usize),
    Statement(usize),
    People {
        lang: String,
    },
    Person(usize),
    Tags {
        lang: String,
    },
    Tag {
        lang: String,
        slug: String,
    },
    Page(usize),
    NotFound,
    /// The RSS and the Atom feed of a language, which share their entries.
    Feeds {
        lang: String,
    },
    Sitemap,
    Robots,
}

impl Job {
    /// What the summary line counts this job as.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::Release(_) => "releases",
            Job::Statement(_) => "statements",
            Job::Person(_) => "people",
            Job::Page(_) => "pages",
            Job::Home { .. } | Job::Releases { .. } | Job::People { .. } | Job::Tags { .. } => {
                "lists"
            }
            Job::Tag { .. } => "tags",
            Job::Feeds { .. } => "feeds",
            Job::NotFound | Job::Sitemap | Job::Robots => "other",
        }
    }
}

/// A rendered file, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
    /// The language of the page, for the summary; `None` for site-wide files.
    pub lang: Option<String>,
    pub kind: &'static str,
}

/// Markdown bodies rendered to HTML, indexed like the site's lists.
pub(crate) struct Bodies {
    /// Release bodies: one piece, or two around the statements marker.
    releases: Vec<Vec<String>>,
    statements: Vec<String>,
    people: Vec<String>,
    pages: Vec<String>,
}

impl Bodies {
    fn render(site: &Site) -> Bodies {
        let base = site.config.base_url.as_str();
        let (releases, (statements, (people, pages))) = rayon::join(
            || {
                site.releases
                    .par_iter()
                    .map(|r| markdown::render(&r.body, base))
                    .collect()
            },
            || {
                rayon::join(
                    || {
                        site.statements
                            .par_iter()
                            .map(|s| markdown::render_one(&s.body, base))
                            .collect()
                    },
                    || {
                        rayon::join(
                            || {
                                site.people
                                    .par_iter()
                                    .map(|p| markdown::render_one(&p.body, base))
                                    .collect()
                            },
                            || {
                                site.pages
                                    .par_iter()
                                    .map(|p| markdown::render_one(&p.body, base))
                                    .collect()
                            },
                        )
                    },
                )
            },
        );
        Bodies {
            releases,
            statements,
            people,
            pages,
        }
    }
}

/// Everything a job needs to render.
pub(crate) struct Renderer<'a> {
    pub site: &'a Site,
    pub i18n: &'a I18n,
    pub templates: &'a Templates,
    bodies: Bodies,
}

/// Every output file of the site, sorted by path.
pub fn render_site(
    site: &Site,
    i18n: &I18n,
    templates: &Templates,
) -> Result<Vec<OutputFile>, Error> {
    let renderer = Renderer {
        site,
        i18n,
        templates,
        bodies: Bodies::render(site),
    };
    let jobs = plan(site, templates)?;
    let results: Vec<Result<Vec<OutputFile>, crate::Diagnostic>> =
        jobs.par_iter().map(|job| renderer.render(job)).collect();
    let mut files = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.extend(f),
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        // The same template error breaks many pages: report each distinct one once.
        problems.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
        problems.dedup_by(|a, b| (&a.path, a.line, &a.message) == (&b.path, b.line, &b.message));
        return Err(Error::Invalid(problems));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The list of output pages.
fn plan(site: &Site, templates: &Templates) -> Result<Vec<Job>, Error> {
    let mut jobs = Vec::new();
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
        jobs.push(Job::Feeds { lang });
    }
    jobs.extend((0..site.releases.len()).map(Job::Release));
    jobs.extend((0..site.statements.len()).map(Job::Statement));
    jobs.extend((0..site.people.len()).map(Job::Person));
    for (i, page) in site.pages.iter().enumerate() {
        let template = pages::page_template(page);
        let contact = &site.config.contact;
        if template == "contact.html" && contact.email.is_empty() && contact.form_action.is_empty()
        {
            problems.push(
                page.diagnostic(
                    page.line_of_key("template"),
                    "the interview-request form has nowhere to go",
                )
                .with_hint("set `email` or `form_action` under [contact] in site.toml"),
            );
        } else if templates.has(&template) {
            jobs.push(Job::Page(i));
        } else {
            problems.push(
                page.diagnostic(
                    page.line_of_key("template"),
                    format!("the template `{template}` does not exist"),
                )
                .with_hint("add it to templates/, or remove the `template:` key"),
            );
        }
    }
    jobs.extend([Job::NotFound, Job::Sitemap, Job::Robots]);
    if problems.is_empty() {
        Ok(jobs)
    } else {
        Err(Error::Invalid(problems))
    }
}

impl Renderer<'_> {
    fn render(&self, job: &Job) -> Result<Vec<OutputFile>, crate::Diagnostic> {
        let file = |lang: Option<&String>, (path, bytes): (String, Vec<u8>)| OutputFile {
            path,
            bytes,
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
            _ => pages::render(self, job).map(|f| vec![f]),
        }
    }
}

/// Counts of files by kind and by language, for the summary line.
pub fn count(files: &[OutputFile]) -> (BTreeMap<&'static str, usize>, BTreeMap<String, usize>) {
    let mut kinds = BTreeMap::new();
    let mut langs = BTreeMap::new();
    for f in files {
        *kinds.entry(f.kind).or_default() += 1;
        if let Some(l) = &f.lang {
            *langs.entry(l.clone()).or_default() += 1;
        }
    }
    (kinds, langs)
}
