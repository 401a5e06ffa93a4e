//! A site held in memory: its config, strings, templates, indexed content, rendered
//! Markdown and every rendered file, plus what each page read. `pressroom build` loads one
//! and writes its files out; `pressroom serve` keeps one and updates it as files change,
//! rendering again only the pages a change reaches.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};

use crate::config::{self, Config};
use crate::content::{self, Parsed};
use crate::error::{Diagnostic, Error};
use crate::i18n::I18n;
use crate::outputs::{self, Job, OutputFile, Rendered, Sources};
use crate::render::templates::Templates;
use crate::render::{Bodies, Read};
use crate::site::{Publish, Site, Source, key};
use crate::spill::Spill;
use crate::statics::StaticFile;
use rayon::prelude::*;
use rustc_hash::FxHashSet;

/// How to load a site.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Replaces site.toml's `base_url`.
    pub base_url: Option<String>,
    /// Include releases marked `draft: true`.
    pub drafts: bool,
    /// The build clock for embargoes; the system time when `None`.
    pub now: Option<DateTime<FixedOffset>>,
    /// Keep items under embargo, with a banner on their pages (as `serve` does).
    pub embargoed: bool,
    /// An embargoed preview to share: embargoed items kept, no feeds or sitemap, every
    /// page kept out of search engines.
    pub preview: bool,
}

impl Settings {
    fn publish(&self) -> Publish {
        Publish {
            drafts: self.drafts,
            now: self.now.unwrap_or_else(|| Utc::now().fixed_offset()),
            embargoed: self.embargoed || self.preview,
            private: self.preview,
        }
    }
}

/// What a project is loaded for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// A one-off build: the Markdown is dropped once rendered, and the pages are rendered
    /// by [`Project::render_with`] and kept by nobody.
    Build,
    /// `pressroom check`: every page rendered and kept, to be read once.
    Check,
    /// `serve`: every page kept with what it read, and updated as files change.
    Live,
}

/// A loaded, fully rendered site.
pub struct Project {
    purpose: Purpose,
    root: PathBuf,
    settings: Settings,
    config: Config,
    theme_dir: PathBuf,
    i18n: I18n,
    templates: Templates,
    site: Site,
    bodies: Bodies,
    rendered: Rendered,
    /// The files of the static folders, checked.
    statics: Vec<StaticFile>,
    /// What would load from other hosts (an error, but for `check`).
    other_hosts: Vec<Diagnostic>,
    /// An update failed since the last full load: the files on disk and the site in
    /// memory may disagree in ways a partial update cannot see, so the next update loads
    /// everything again.
    failed: bool,
    /// Deferred jobs (see `Output::deferred`) that edits made out of date, rendered by
    /// [`Project::catch_up`]; until then the files they made before are served.
    stale: Vec<Job>,
}

/// What an update changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Update {
    /// Files rendered again (written or rewritten in memory).
    pub written: usize,
    /// Files the site no longer has.
    pub removed: usize,
    /// The paths of those files, written and removed.
    pub paths: Vec<String>,
    /// Everything was loaded and rendered again (a template, string or site.toml change).
    pub full: bool,
    /// A static file changed.
    pub statics: bool,
    /// The outputs left out of date until [`Project::catch_up`] ("search index").
    pub behind: Vec<&'static str>,
}

impl Project {
    /// Loads the site at `root` and renders every page into memory.
    pub fn load(root: &Path, settings: &Settings) -> Result<Project, Error> {
        let project = Project::render_all(root, settings, Purpose::Live)?;
        project.refuse_other_hosts()?;
        Ok(project)
    }

    /// As [`Project::load`], but a site that would load from other hosts is loaded all
    /// the same, for `pressroom check` to report it with everything else
    /// ([`Project::other_hosts`]).
    pub(crate) fn inspect(root: &Path, settings: &Settings) -> Result<Project, Error> {
        Project::render_all(root, settings, Purpose::Check)
    }

    fn render_all(root: &Path, settings: &Settings, purpose: Purpose) -> Result<Project, Error> {
        let mut project = Project::prepare(root, settings, purpose)?;
        project.bodies.sample_pages = project.other_hosts.is_empty();
        let jobs = outputs::plan(&project.site, &project.templates)?;
        let record = purpose == Purpose::Live;
        let sources = project.sources_to_render();
        let mut rendered = Rendered::default();
        outputs::render_jobs(sources, &jobs, record, &mut rendered)?;
        project.rendered = rendered;
        Ok(project)
    }

    fn sources_to_render(&self) -> Sources<'_> {
        Sources {
            site: &self.site,
            i18n: &self.i18n,
            templates: &self.templates,
            bodies: &self.bodies,
        }
    }

    /// What in templates, static files and content would make a reader's browser load
    /// from a host site.toml does not allow.
    pub(crate) fn other_hosts(&self) -> &[Diagnostic] {
        &self.other_hosts
    }

    fn refuse_other_hosts(&self) -> Result<(), Error> {
        if self.other_hosts.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.other_hosts.clone()))
        }
    }

    /// Loads the site at `root` for a one-off build: its Markdown is rendered (and then
    /// dropped), its pages are not: see [`Project::render_with`]. Its [`Project::files`]
    /// are empty, and an update loads everything again.
    pub(crate) fn open(root: &Path, settings: &Settings) -> Result<Project, Error> {
        let project = Project::prepare(root, settings, Purpose::Build)?;
        project.refuse_other_hosts()?;
        Ok(project)
    }

    fn prepare(root: &Path, settings: &Settings, purpose: Purpose) -> Result<Project, Error> {
        let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
        let mut config = Config::load(&root)?;
        if let Some(url) = &settings.base_url {
            config.base_url = config::base_url(url)
                .map_err(|message| Diagnostic::new(Path::new("--base-url"), None, message))?;
            // A preview's pages may still point at the published site: both are the
            // site's own.
            config.own_hosts.extend(config::host_of(&config.base_url));
        }
        let theme_dir = root.join("themes").join(&config.theme);
        crate::files::folder(&root, &theme_dir)?;
        if !theme_dir.is_dir() {
            return Err(Diagnostic::new(
                config::FILE_NAME,
                None,
                format!("theme `{}` is not in themes/", config.theme),
            )
            .with_hint("set `theme` to the name of a folder under themes/")
            .into());
        }

        // A one-off build keeps each file's Markdown in a nameless file from the moment it
        // is read until its body is rendered, and the rendered bodies in another after
        // that: a large site never holds its whole text in memory (see `spill.rs`).
        let spill_dir = (purpose == Purpose::Build)
            .then(|| crate::media::cache::dir(&root, crate::media::cache::BODIES, true))
            .flatten();
        let markdown = spill_dir.as_deref().and_then(Spill::in_dir);

        // Content, strings and templates are independent: report the problems of all
        // three. Content problems travel inside `Content` so the site can also check the
        // references of the files that did parse.
        let (content, (i18n, templates)) = rayon::join(
            || content::load(&root, &config, markdown.as_ref()),
            || {
                rayon::join(
                    || I18n::load(&root, &theme_dir, &config),
                    || Templates::load(&root, &theme_dir),
                )
            },
        );
        let mut problems: Vec<Diagnostic> = Vec::new();
        let mut content = content?;
        let i18n = gather(i18n, &mut problems)?;
        let templates = gather(templates, &mut problems)?;
        let statics = gather(
            crate::statics::static_files(&root, &static_dirs(&root, &theme_dir)),
            &mut problems,
        )?;
        let (Some(i18n), Some(templates), Some(statics)) = (i18n, templates, statics) else {
            problems.splice(0..0, content.problems.drain(..));
            return Err(Error::Invalid(problems));
        };

        let site = Site::new(config.clone(), content, &settings.publish())?;
        let mut site = with_media(&root, site, &statics, None, purpose)?;
        // A one-off build renders each body once: the Markdown leaves the site as it is
        // rendered, so a large site never holds its text and HTML at once.
        let (bodies, mut other_hosts) = if purpose == Purpose::Build {
            let taken = site.take_markdown();
            let rendered =
                Bodies::render_taken(&site, taken, markdown.as_ref(), spill_dir.as_deref());
            if let Some(why) = markdown.as_ref().and_then(Spill::failure) {
                return Err(unreadable_spill(why));
            }
            rendered
        } else {
            Bodies::render(&site)
        };
        let templates_used: Vec<PathBuf> = templates.files().cloned().collect();
        other_hosts.extend(theme_loads(&root, &site.config, &templates_used, &statics)?);
        Ok(Project {
            purpose,
            root,
            settings: settings.clone(),
            config,
            theme_dir,
            i18n,
            templates,
            site,
            bodies,
            rendered: Rendered::default(),
            statics,
            other_hosts,
            failed: false,
            stale: Vec::new(),
        })
    }

    /// Renders every page and passes each file to `each` as it is made, keeping none of
    /// them: for a build, which needs only the files that differ from what is on disk.
    /// All or nothing: on error, every problem and no files.
    pub(crate) fn render_with<T: Send>(
        &self,
        each: impl Fn(OutputFile) -> T + Sync,
    ) -> Result<Vec<T>, Error> {
        let jobs = outputs::plan(&self.site, &self.templates)?;
        let files = outputs::render_each(self.sources_to_render(), &jobs, each)?;
        match self.bodies.failure() {
            None => Ok(files),
            Some(why) => Err(unreadable_spill(why)),
        }
    }

    /// The indexed site (what is published, what is withheld).
    pub(crate) fn site(&self) -> &Site {
        &self.site
    }

    /// The content file each page was made from, by output path (pages made from one
    /// file only: releases, statements, people, free pages).
    pub(crate) fn sources(&self) -> HashMap<&str, &Path> {
        let mut sources = HashMap::new();
        for (job, done) in &self.rendered.jobs {
            let Some((kind, slug)) = job.document() else {
                continue;
            };
            let Some(id) = self.site.find_any(kind, slug, &job.lang) else {
                continue;
            };
            let path = self.site.header_of(id).path;
            for output in &done.outputs {
                sources.insert(output.as_str(), path);
            }
        }
        sources
    }

    /// The template files in use (the theme's, and the site's that replace them),
    /// relative to the site root.
    pub(crate) fn template_files(&self) -> Vec<PathBuf> {
        self.templates.files().cloned().collect()
    }

    /// The site folder, absolute.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Every rendered file by its path in the output.
    pub fn files(&self) -> &BTreeMap<String, OutputFile> {
        &self.rendered.files
    }

    /// The files of the static folders, checked: no link out of its folder, no special
    /// file, nothing loaded from another host.
    pub(crate) fn static_files(&self) -> &[StaticFile] {
        &self.statics
    }

    /// The static folders, the theme's first: later ones replace files of earlier ones.
    pub(crate) fn static_dirs(&self) -> [PathBuf; 2] {
        static_dirs(&self.root, &self.theme_dir)
    }

    /// Whether an update after `changed` loads and renders everything again. Templates,
    /// strings and site.toml shape every page; a folder moved in or out of content/
    /// carries files no event names; and an update after a failed one may have left
    /// edits unapplied.
    pub(crate) fn loads_everything(&self, changed: &[PathBuf]) -> bool {
        self.failed
            || self.purpose != Purpose::Live
            || changed.iter().any(|p| {
                let rel = p.strip_prefix(&self.root).unwrap_or(p);
                let abs = self.root.join(rel);
                rel == Path::new(config::FILE_NAME)
                    || self.is_logo(&abs)
                    || abs.starts_with(self.root.join("templates"))
                    || abs.starts_with(self.theme_dir.join("templates"))
                    || abs.starts_with(self.theme_dir.join("i18n"))
                    || rel.starts_with(crate::media::DIR)
                    || (rel.starts_with(content::DIR) && content::kind_of(rel).is_none())
            })
    }

    /// Whether `path` is the file of the site's logo, which every share card draws.
    fn is_logo(&self, path: &Path) -> bool {
        self.config.logo.as_ref().is_some_and(|logo| {
            self.static_dirs()
                .iter()
                .any(|dir| path == dir.join(logo.target()))
        })
    }

    /// Brings the project up to date with the files at `changed` (absolute, or relative
    /// to the site root). On error nothing changes: the last good site stays.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Update, Error> {
        let rel: Vec<PathBuf> = changed
            .iter()
            .map(|p| p.strip_prefix(&self.root).unwrap_or(p).to_path_buf())
            .collect();
        let statics = rel.iter().any(|p| {
            let abs = self.root.join(p);
            self.static_dirs().iter().any(|d| abs.starts_with(d))
        });
        if self.loads_everything(changed) {
            let fresh =
                Project::load(&self.root, &self.settings).inspect_err(|_| self.failed = true)?;
            let mut update = diff(&self.rendered, &fresh.rendered);
            update.full = true;
            update.statics = statics;
            *self = fresh;
            return Ok(update);
        }

        let docs: Vec<&PathBuf> = rel
            .iter()
            .filter(|p| content::kind_of(p).is_some())
            .collect();
        let mut update = if docs.is_empty() {
            Update::default()
        } else {
            self.update_content(&docs)
                .inspect_err(|_| self.failed = true)?
        };
        if statics {
            // Read the static folders again, with the checks of a full load: a photo may
            // just have gone, a stylesheet may now load from another host.
            let files = crate::statics::static_files(&self.root, &self.static_dirs())
                .inspect_err(|_| self.failed = true)?;
            let mut problems = missing_statics(&self.site, &files);
            problems.extend(theme_loads(&self.root, &self.config, &[], &files)?);
            if !problems.is_empty() {
                self.failed = true;
                return Err(Error::Invalid(problems));
            }
            self.statics = files;
        }
        update.statics = statics;
        Ok(update)
    }

    fn update_content(&mut self, paths: &[&PathBuf]) -> Result<Update, Error> {
        let mut problems = Vec::new();
        let mut changes: Vec<(&Path, Option<Parsed>)> = Vec::new();
        for path in paths {
            let kind = content::kind_of(path).expect("filtered to content files");
            // As when the site is loaded: a link in content/ is not read.
            let meta = std::fs::symlink_metadata(self.root.join(path));
            if meta.is_ok_and(|m| m.file_type().is_file()) {
                match content::read(&self.root, kind, path, &self.config) {
                    Ok(doc) => changes.push((path, Some(doc))),
                    Err(d) => problems.extend(d),
                }
            } else {
                changes.push((path, None));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }

        // An edit of a body alone moves nothing else: only the pages showing it change.
        let body_only = changes
            .iter()
            .all(|(path, doc)| match (self.site.header(path), doc) {
                (Some(now), Some(doc)) => {
                    doc.front_matter() == now.front_matter
                        && doc.slug() == now.slug
                        && doc.lang() == now.lang
                }
                _ => false,
            });
        if body_only {
            self.update_bodies(changes)
        } else {
            self.update_structure(changes)
        }
    }

    fn update_bodies(&mut self, changes: Vec<(&Path, Option<Parsed>)>) -> Result<Update, Error> {
        let mut old = Vec::new();
        for (path, doc) in &changes {
            let body = doc
                .as_ref()
                .expect("present in a body-only change")
                .body()
                .to_string();
            let before = self
                .site
                .header(path)
                .expect("present in a body-only change")
                .body;
            old.push((path.to_path_buf(), before.to_string()));
            self.site.set_body(path, body);
        }
        let paths: Vec<&Path> = changes.iter().map(|(p, _)| *p).collect();
        let problems = self.bodies.update(&self.site, &paths);
        if !problems.is_empty() {
            for (path, body) in old {
                self.site.set_body(&path, body);
            }
            self.bodies.update(&self.site, &paths);
            return Err(Error::Invalid(problems));
        }
        // Only the jobs that showed one of these bodies.
        let table = self.rendered.reads.table();
        let shown: Vec<u32> = paths
            .iter()
            .filter_map(|p| table.number(&Read::Body(Source::new(p))))
            .collect();
        let jobs: Vec<Job> = self
            .rendered
            .jobs
            .iter()
            .filter(|(_, done)| done.bodies.iter().any(|read| shown.contains(read)))
            .map(|(job, _)| job.clone())
            .collect();
        let jobs = self.defer(jobs);
        let sources = Sources {
            site: &self.site,
            i18n: &self.i18n,
            templates: &self.templates,
            bodies: &self.bodies,
        };
        match outputs::render_jobs(sources, &jobs, true, &mut self.rendered) {
            Ok(changed) => Ok(self.with_behind(Update::from(changed))),
            Err(e) => {
                for (path, body) in old {
                    self.site.set_body(&path, body);
                }
                self.bodies.update(&self.site, &paths);
                Err(e)
            }
        }
    }

    fn update_structure(&mut self, changes: Vec<(&Path, Option<Parsed>)>) -> Result<Update, Error> {
        let changed: HashSet<PathBuf> = changes.iter().map(|(p, _)| p.to_path_buf()).collect();
        let mut content = self.site.to_content();
        for (path, doc) in changes {
            content.remove(path);
            if let Some(doc) = doc {
                content.insert(doc);
            }
        }
        let site = Site::new(self.config.clone(), content, &self.settings.publish())?;
        let site = with_media(
            &self.root,
            site,
            &self.statics,
            Some(&self.site.media),
            self.purpose,
        )?;
        let plan = outputs::plan(&site, &self.templates)?;

        // Bodies of the changed files, rendered for the new site; the old ones are kept
        // to put back if rendering fails.
        // Also documents newly in the site without a change of their own: the
        // translations and statements an embargo or draft held back until now.
        let mut paths: Vec<&Path> = changed.iter().map(PathBuf::as_path).collect();
        paths.extend(self.bodies.missing(&site));
        paths.sort();
        paths.dedup();
        let mut bodies = Bodies::default();
        let problems = bodies.update(&site, &paths);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        self.bodies.swap(&paths, &mut bodies);
        let mut saved = bodies;

        let jobs = self.outdated(&plan, &site, &changed);
        let jobs = self.defer(jobs);
        let mut rendered = std::mem::take(&mut self.rendered);
        let sources = Sources {
            site: &site,
            i18n: &self.i18n,
            templates: &self.templates,
            bodies: &self.bodies,
        };
        let result = outputs::render_jobs(sources, &jobs, true, &mut rendered);
        match result {
            Ok(mut changed) => {
                let planned: HashSet<&Job> = plan.iter().collect();
                let gone: Vec<Job> = rendered
                    .jobs
                    .keys()
                    .filter(|j| !planned.contains(j))
                    .cloned()
                    .collect();
                for job in &gone {
                    changed
                        .removed
                        .extend(outputs::drop_job(job, &mut rendered));
                }
                self.stale.retain(|job| planned.contains(job));
                self.rendered = rendered;
                self.site = site;
                Ok(self.with_behind(Update::from(changed)))
            }
            Err(e) => {
                self.rendered = rendered;
                self.bodies.swap(&paths, &mut saved);
                Err(e)
            }
        }
    }
}

impl Project {
    /// Renders the deferred jobs edits made out of date (`serve` calls it once edits
    /// pause). On error the files they made before stay, until an edit reaches them again.
    pub fn catch_up(&mut self) -> Result<Update, Error> {
        let jobs = std::mem::take(&mut self.stale);
        let sources = Sources {
            site: &self.site,
            i18n: &self.i18n,
            templates: &self.templates,
            bodies: &self.bodies,
        };
        let changed = outputs::render_jobs(sources, &jobs, true, &mut self.rendered)?;
        Ok(Update::from(changed))
    }

    /// The outputs waiting for [`Project::catch_up`], by name, in the order of `outputs`.
    pub fn behind(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for job in &self.stale {
            if !names.contains(&job.name()) {
                names.push(job.name());
            }
        }
        names
    }

    /// `jobs` without the deferred ones, which join those waiting for
    /// [`Project::catch_up`].
    fn defer(&mut self, jobs: Vec<Job>) -> Vec<Job> {
        let (later, now): (Vec<Job>, Vec<Job>) = jobs.into_iter().partition(Job::deferred);
        self.stale.extend(later);
        self.stale.sort();
        self.stale.dedup();
        now
    }

    fn with_behind(&self, update: Update) -> Update {
        Update {
            behind: self.behind(),
            ..update
        }
    }

    /// The jobs of `plan` that must render again on `site`, the site after a change of the
    /// files `changed`: those new to the plan, those that showed a changed file, and those
    /// to which the new site gives another answer for any of their reads.
    fn outdated(&mut self, plan: &[Job], site: &Site, changed: &HashSet<PathBuf>) -> Vec<Job> {
        let changed: FxHashSet<&[u8]> = changed.iter().map(|p| key(p)).collect();
        // Each distinct read is answered once, however many jobs made it.
        let table = self.rendered.reads.table();
        let answers: Vec<(bool, u64)> = table
            .all()
            .par_iter()
            .map(|read| {
                let shows_changed = read.source().is_some_and(|s| changed.contains(key(s)));
                (shows_changed, read.answer(site, &self.bodies))
            })
            .collect();
        let old = &self.rendered.jobs;
        plan.par_iter()
            .filter(|job| match old.get(*job) {
                None => true,
                Some(done) => done.reads.iter().any(|(read, answer)| {
                    let (shows_changed, now) = answers[*read as usize];
                    shows_changed || now != *answer
                }),
            })
            .cloned()
            .collect()
    }
}

impl From<outputs::Changed> for Update {
    fn from(changed: outputs::Changed) -> Update {
        Update {
            written: changed.written.len(),
            removed: changed.removed.len(),
            paths: changed.written.into_iter().chain(changed.removed).collect(),
            ..Update::default()
        }
    }
}

/// How two renders differ.
fn diff(old: &Rendered, new: &Rendered) -> Update {
    let written = new
        .files
        .iter()
        .filter(|(path, f)| old.files.get(*path) != Some(f))
        .map(|(path, _)| path.clone())
        .collect();
    let removed = old
        .files
        .keys()
        .filter(|p| !new.files.contains_key(*p))
        .cloned()
        .collect();
    Update::from(outputs::Changed { written, removed })
}

/// `site` with the pictures its content uses, read and measured (those of `before` whose
/// file is unchanged are not measured again), and every file it names checked.
fn with_media(
    root: &Path,
    mut site: Site,
    statics: &[StaticFile],
    before: Option<&crate::media::Media>,
    purpose: Purpose,
) -> Result<Site, Error> {
    let targets: HashSet<&str> = statics.iter().map(|s| s.target.as_str()).collect();
    let releases = site
        .all::<crate::content::model::Release>()
        .map(|(_, r)| &r.doc);
    let people = site
        .all::<crate::content::model::Person>()
        .map(|(_, p)| &p.doc);
    // Only a build writes the caches: `check` and `serve` write nothing into the site.
    let keep = purpose == Purpose::Build;
    site.media = crate::media::load(root, releases, people, &targets, before, keep)?;
    let missing = missing_statics(&site, statics);
    if !missing.is_empty() {
        return Err(Error::Invalid(missing));
    }
    if let Some(logo) = &site.config.logo
        && let Some(file) = statics.iter().find(|s| s.target == logo.target())
    {
        match crate::media::Logo::read(&file.source) {
            Ok(read) => site.media.logo = Some(std::sync::Arc::new(read)),
            // A logo pages show but cards cannot draw (an SVG) leaves the cards without it.
            Err(why) => site.media.warnings.push(
                Diagnostic::new(
                    config::FILE_NAME,
                    logo.line,
                    format!("share cards show no logo: `{}`: {why}", logo.path),
                )
                .with_hint("cards draw a PNG, JPEG or WebP logo; an SVG one still shows on pages"),
            ),
        }
    }
    Ok(site)
}

/// The files site.toml and people's `photo` name that are not files of the static
/// folders. A photo or logo is always served by the site itself: a URL on another host
/// would tell that host who reads the page.
fn missing_statics(site: &Site, statics: &[StaticFile]) -> Vec<Diagnostic> {
    let targets: HashSet<&str> = statics.iter().map(|s| s.target.as_str()).collect();
    let logo = site
        .config
        .logo
        .as_ref()
        .filter(|l| !targets.contains(l.target()));
    let logo = logo.map(|l| {
        Diagnostic::new(
            crate::config::FILE_NAME,
            l.line,
            format!("`logo = {:?}` is not a file in static/", l.path),
        )
        .with_hint("put the logo in static/ (e.g. static/logo.png) and write its path from there")
    });
    let photos = site
        .all::<crate::content::model::Person>()
        .filter_map(|(_, p)| {
            let photo = p.meta.photo.as_deref()?;
            let found = site.media.get(photo).is_some()
                || targets.contains(crate::statics::target(photo));
            (!found).then(|| {
                p.diagnostic(
                    p.line_of_key("photo"),
                    format!("`photo: {photo}` is not a file in static/"),
                )
                .with_hint("put the picture in static/ (e.g. static/people/name.jpg) and write its path from there")
            })
        });
    logo.into_iter().chain(photos).collect()
}

/// The static folders of a site, the theme's first.
fn static_dirs(root: &Path, theme_dir: &Path) -> [PathBuf; 2] {
    [theme_dir.join("static"), root.join("static")]
}

/// What `templates` (relative to `root`) and the static files would make readers'
/// browsers load from a host site.toml does not allow.
fn theme_loads(
    root: &Path,
    config: &Config,
    templates: &[PathBuf],
    statics: &[StaticFile],
) -> Result<Vec<Diagnostic>, Error> {
    Ok(
        crate::privacy::theme_references(root, config, templates, statics)?
            .into_iter()
            .filter(|(_, r)| crate::privacy::refused(config, r))
            .map(|(file, r)| crate::privacy::diagnostic(&file, Some(r.line), &r))
            .collect(),
    )
}

/// A build's text could not be read back from its spill (`spill.rs`): the pages made
/// from it would be missing it, so nothing is published.
fn unreadable_spill(why: &str) -> Error {
    Diagnostic::new(
        crate::media::cache::DIR,
        None,
        format!("the text of the site could not be read back from the cache folder: {why}"),
    )
    .with_hint("check that the disk has room, then build again")
    .into()
}

/// Problems in the site's files are gathered so all are reported; a disk error ends the
/// build at once.
fn gather<T>(result: Result<T, Error>, problems: &mut Vec<Diagnostic>) -> Result<Option<T>, Error> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(Error::Invalid(d)) => {
            problems.extend(d);
            Ok(None)
        }
        Err(io) => Err(io),
    }
}
