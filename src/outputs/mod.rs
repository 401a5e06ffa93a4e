//! Every file the site is made of, one kind of output per file here, each an [`Output`]:
//! it says which jobs it has for a site ([`Output::plan`]) and renders each one from the
//! shared views of `render/`. [`ALL`] lists them; adding a kind of output is one file and
//! one line there. A job is named by what it shows (a release's slug and language, a
//! list's language and page), never by a position that shifts when content changes, and
//! it records what it read, which lets `serve` render again only the jobs a change
//! reaches. Everything stays in memory: a failed render leaves the published site as it
//! was.

mod archive;
mod cards;
mod feeds;
mod headers;
mod home;
mod not_found;
mod page;
mod pdf;
mod people;
mod person;
mod pictures;
mod press_kit;
mod release;
mod release_list;
mod robots;
mod search;
mod sitemap;
mod statement;
mod tag;
mod tags;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::content::Kind;
use crate::error::{Diagnostic, Error};
use crate::i18n::I18n;
use crate::render::page::Nav;
use crate::render::templates::Templates;
use crate::render::{Answers, Bodies, Cx, Log, Read, Reader, Reads, Renderer};
use crate::site::Site;

/// One kind of output.
pub(crate) trait Output: Sync {
    /// Its name in jobs and messages.
    fn name(&self) -> &'static str;

    /// What the summary line counts its files as.
    fn counted_as(&self) -> &'static str;

    /// The kind of document each job shows, for outputs made from one document each.
    fn document(&self) -> Option<Kind> {
        None
    }

    /// The first path segments of its routes, which a free page may not take.
    fn reserved(&self) -> &'static [&'static str] {
        &[]
    }

    /// The HTTP content type of the file named `name` if it makes it and a file's
    /// extension does not say it (feeds).
    fn content_type(&self, _name: &str) -> Option<&'static str> {
        None
    }

    /// Whether `serve` makes its files after the rest, once edits pause: an output slow
    /// to make that no page waits for (the search index, PDFs, kits), so an edit's pages
    /// reload at once. `build` makes everything together.
    fn deferred(&self) -> bool {
        false
    }

    /// The links every page's navigation offers to its pages in `lang`.
    fn nav(&self, _r: &Reader, _lang: &str, _nav: &mut Nav) {}

    /// Its jobs for the site.
    fn plan(&self, plan: &mut Plan);

    /// The files of one of its jobs.
    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic>;
}

/// Every kind of output, the largest first (the sitemap, the feeds), so both cores finish
/// together rather than one waiting for the other's last long job.
pub(crate) const ALL: &[&dyn Output] = &[
    &search::index::SearchIndex,
    &sitemap::Sitemap,
    &feeds::language::LanguageFeeds,
    &feeds::tag::TagFeeds,
    &feeds::person::PersonFeeds,
    &feeds::opml::Opml,
    &feeds::page::FeedsPage,
    &home::Home,
    &release_list::ReleaseList,
    &archive::Archive,
    &search::page::SearchPage,
    &people::People,
    &tags::Tags,
    &tag::Tag,
    &release::Release,
    &statement::Statement,
    &person::Person,
    &page::Page,
    &not_found::NotFound,
    &robots::Robots,
    &headers::Headers,
    &pictures::Pictures,
    &cards::ReleaseCards,
    &cards::StatementCards,
    // Before the kits, which carry the PDFs: a kit then finds each in the cache.
    &pdf::ReleasePdfs,
    &press_kit::PressKits,
];

/// What a job is about, besides its output and language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Key {
    /// The one job of its output in its language.
    One,
    /// A document or tag, by slug.
    Slug(String),
    /// A page of a paginated list, from 1.
    Page(usize),
}

/// One output file, or a few made together (a language's two feeds).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Job {
    /// Its place in [`ALL`].
    unit: usize,
    /// Empty for site-wide files.
    pub(crate) lang: String,
    pub(crate) key: Key,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:?} {:?}", self.output().name(), self.lang, self.key)
    }
}

impl Job {
    fn output(&self) -> &'static dyn Output {
        ALL[self.unit]
    }

    /// The slug of the document or tag it shows.
    pub(crate) fn slug(&self) -> &str {
        match &self.key {
            Key::Slug(s) => s,
            _ => "",
        }
    }

    /// The page of the list it shows.
    pub(crate) fn page(&self) -> usize {
        match self.key {
            Key::Page(n) => n,
            _ => 1,
        }
    }

    /// Its output's name.
    pub(crate) fn name(&self) -> &'static str {
        self.output().name()
    }

    /// Whether `serve` makes it after the rest (see [`Output::deferred`]).
    pub(crate) fn deferred(&self) -> bool {
        self.output().deferred()
    }

    /// The kind and slug of the document it shows, if it shows one.
    pub(crate) fn document(&self) -> Option<(Kind, &str)> {
        self.output().document().map(|k| (k, self.slug()))
    }
}

/// The jobs of a site being planned, and the problems found planning them.
pub(crate) struct Plan<'a> {
    pub(crate) site: &'a Site,
    pub(crate) templates: &'a Templates,
    unit: usize,
    jobs: Vec<Job>,
    pub(crate) problems: Vec<Diagnostic>,
}

impl<'a> Plan<'a> {
    /// Adds a job of the output being planned.
    pub(crate) fn add(&mut self, lang: &str, key: Key) {
        self.jobs.push(Job {
            unit: self.unit,
            lang: lang.to_string(),
            key,
        });
    }

    /// One job in every language.
    pub(crate) fn per_language(&mut self) {
        for lang in self.languages() {
            self.add(lang, Key::One);
        }
    }

    /// One job for every document of kind `M`, in its language.
    pub(crate) fn per_document<M: crate::site::Typed>(&mut self) {
        for (_, d) in self.site.all::<M>() {
            self.add(&d.lang, Key::Slug(d.slug.clone()));
        }
    }

    /// The site's language codes.
    pub(crate) fn languages(&self) -> Vec<&'a str> {
        self.site
            .config
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .collect()
    }
}

/// The list of output jobs of the site.
pub(crate) fn plan(site: &Site, templates: &Templates) -> Result<Vec<Job>, Error> {
    let mut plan = Plan {
        site,
        templates,
        unit: 0,
        jobs: Vec::new(),
        problems: Vec::new(),
    };
    for (unit, output) in ALL.iter().enumerate() {
        plan.unit = unit;
        output.plan(&mut plan);
    }
    if plan.problems.is_empty() {
        Ok(plan.jobs)
    } else {
        Err(Error::Invalid(plan.problems))
    }
}

/// Whether a free page's slug is a path some output uses.
pub(crate) fn reserved(slug: &str) -> bool {
    ALL.iter().any(|o| o.reserved().contains(&slug))
}

/// The content type of a rendered file named `name` that its extension does not say.
pub(crate) fn content_type(name: &str) -> Option<&'static str> {
    ALL.iter().find_map(|o| o.content_type(name))
}

/// A file as an output makes it: its path in the output folder and its bytes.
pub(crate) type File = (String, Vec<u8>);

/// A rendered file, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: bytes::Bytes,
    /// The language of the page, for the summary; `None` for site-wide files.
    pub lang: Option<String>,
    /// What the summary line counts it as.
    pub kind: &'static str,
}

/// What a job produced and what it read, kept to decide later whether it must run again.
#[derive(Debug, Clone)]
pub(crate) struct Done {
    /// What the job read (recorded only when rendering for updates).
    pub(crate) reads: Log,
    /// The numbers of the bodies among `reads`: a body edit finds the jobs that showed it
    /// in these short lists, not in every read of every job (millions on a large archive).
    pub(crate) bodies: Vec<u32>,
    pub(crate) outputs: Vec<String>,
}

/// A rendered site: every output file by path, and every job with what it read.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub(crate) files: BTreeMap<String, OutputFile>,
    pub(crate) jobs: HashMap<Job, Done>,
    /// The reads the records of `jobs` are numbered in.
    pub(crate) reads: Reads,
}

/// The output paths a render changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Changed {
    /// Files made anew or with other bytes than before.
    pub(crate) written: Vec<String>,
    /// Files no longer made.
    pub(crate) removed: Vec<String>,
}

/// What to render with.
#[derive(Clone, Copy)]
pub(crate) struct Sources<'a> {
    pub(crate) site: &'a Site,
    pub(crate) i18n: &'a I18n,
    pub(crate) templates: &'a Templates,
    pub(crate) bodies: &'a Bodies,
}

/// Renders `jobs` into `into`, replacing what they made before, and recording what each
/// read if `record`. On error `into` is left as it was. Returns the paths of the files
/// whose bytes changed, and of those the jobs no longer make.
pub(crate) fn render_jobs(
    sources: Sources,
    jobs: &[Job],
    record: bool,
    into: &mut Rendered,
) -> Result<Changed, Error> {
    let results = render(sources, jobs, record.then_some(&into.reads), |file| file)?;
    // Only files whose bytes changed count: a save that changes nothing reloads nothing.
    let mut changed = Changed::default();
    for (job, (files, reads)) in jobs.iter().zip(results) {
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
        let table = into.reads.table().all();
        let bodies = reads
            .iter()
            .map(|&(read, _)| read)
            .filter(|&read| matches!(table[read as usize], Read::Body(_)))
            .collect();
        into.jobs.insert(
            job.clone(),
            Done {
                reads,
                bodies,
                outputs,
            },
        );
    }
    Ok(changed)
}

/// Renders `jobs` in parallel, recording nothing, passing each file to `each` as soon as
/// it is made (so a caller can keep less than the whole rendered site in memory). Returns
/// what `each` returned, or every distinct problem.
pub(crate) fn render_each<T: Send>(
    sources: Sources,
    jobs: &[Job],
    each: impl Fn(OutputFile) -> T + Sync,
) -> Result<Vec<T>, Error> {
    let made = render(sources, jobs, None, each)?;
    Ok(made.into_iter().flat_map(|(files, _)| files).collect())
}

fn render<T: Send>(
    sources: Sources,
    jobs: &[Job],
    record: Option<&Reads>,
    each: impl Fn(OutputFile) -> T + Sync,
) -> Result<Vec<(Vec<T>, Log)>, Error> {
    let Sources {
        site,
        i18n,
        templates,
        bodies,
    } = sources;
    let nav = |r: &Reader, lang: &str| {
        let mut nav = Nav::new();
        for output in ALL {
            output.nav(r, lang, &mut nav);
        }
        nav
    };
    let answers = Answers::default();
    let renderer = Renderer::new(site, i18n, templates, bodies, record, &answers, &nav);
    // One job a task: jobs differ a thousandfold in cost (a picture against a tag page), and
    // rayon otherwise hands out runs of them, leaving one core to encode the last run of
    // pictures alone.
    let results: Vec<Result<(Vec<T>, Log), Diagnostic>> = jobs
        .par_iter()
        .with_max_len(1)
        .map(|job| {
            let cx = renderer.cx();
            let output = job.output();
            let files = output.render(job, &cx)?;
            let lang = (!job.lang.is_empty()).then(|| job.lang.clone());
            let made = files
                .into_iter()
                .map(|(path, bytes)| {
                    each(OutputFile {
                        path,
                        // Exactly its length: encoders grow their buffers by doubling,
                        // and `serve` holds every file in memory.
                        bytes: bytes.into_boxed_slice().into(),
                        lang: lang.clone(),
                        kind: output.counted_as(),
                    })
                })
                .collect();
            Ok((made, cx.into_log()))
        })
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
pub(crate) fn drop_job(job: &Job, from: &mut Rendered) -> Vec<String> {
    let Some(old) = from.jobs.remove(job) else {
        return Vec::new();
    };
    old.outputs
        .into_iter()
        .filter(|path| from.files.remove(path).is_some())
        .collect()
}

/// Counts of files by kind and by language, for the summary line.
pub(crate) fn count<'a>(
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

/// The document a job of a one-document output shows.
fn document<M: crate::site::Typed>(job: &Job, cx: &Cx) -> Result<crate::site::Id<M>, Diagnostic> {
    cx.find::<M>(job.slug(), &job.lang).ok_or_else(|| {
        Diagnostic::new(
            cx.site()
                .file(&job.lang, &crate::site::route::item(M::KIND, job.slug())),
            None,
            "nothing to render here",
        )
    })
}
