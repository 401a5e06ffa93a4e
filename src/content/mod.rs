//! Reading `content/`: finding the Markdown files (walkdir), naming them (kind, slug,
//! language), splitting and typing their front matter. Every problem is collected with its
//! file and line; nothing here knows about URLs or templates.

pub(crate) mod front_matter;
pub(crate) mod lint;
pub(crate) mod model;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::spill::{Span, Spill};
use front_matter::SplitError;

pub(crate) const DIR: &str = "content";

/// The four kinds of content, each in its own folder under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Release,
    Statement,
    Person,
    Page,
}

impl Kind {
    pub(crate) const ALL: [Kind; 4] = [Kind::Release, Kind::Statement, Kind::Person, Kind::Page];

    /// The folder under `content/`, which is also the URL section.
    pub(crate) fn dir(self) -> &'static str {
        match self {
            Kind::Release => "releases",
            Kind::Statement => "statements",
            Kind::Person => "people",
            Kind::Page => "pages",
        }
    }

    /// One document of the kind, in messages: "release", "person".
    pub(crate) fn singular(self) -> &'static str {
        match self {
            Kind::Release => "release",
            Kind::Statement => "statement",
            Kind::Person => "person",
            Kind::Page => "page",
        }
    }
}

/// One content file, typed.
#[derive(Debug, Clone)]
pub(crate) struct Doc<M> {
    /// Relative to the site root, e.g. `content/releases/icj-case.ar.md`.
    pub(crate) path: PathBuf,
    pub(crate) slug: String,
    pub(crate) lang: String,
    pub(crate) meta: M,
    /// Markdown (empty while it is in a one-off build's spill, see [`Doc::spilled`]).
    pub(crate) body: String,
    /// Where a one-off build keeps the Markdown until its body is rendered (see
    /// `spill.rs`): the text is read once, when the file is, and never again from the file.
    pub(crate) spilled: Option<Span>,
    /// The length of the Markdown in bytes, still known once a build has taken the body
    /// out to render it.
    pub(crate) body_bytes: usize,
    /// The file line the body starts on, so Markdown problems can be reported in place.
    pub(crate) body_line: usize,
    /// The raw YAML, kept to point later errors (a missing person, say) at their line.
    front_matter: String,
    /// The line where it still holds text `pressroom new` or `init` wrote for staff to
    /// replace.
    pub(crate) placeholder: Option<usize>,
}

impl<M> Doc<M> {
    /// Moves the Markdown into `spill`; it stays in memory if the disk refuses it.
    fn spill_body(&mut self, spill: &Spill) {
        if let Some(span) = spill.write(&[&self.body]) {
            self.body = String::new();
            self.spilled = Some(span);
        }
    }

    /// The file line of the top-level `key:`.
    pub(crate) fn line_of_key(&self, key: &str) -> Option<usize> {
        front_matter::key_line(&self.front_matter, key)
    }

    /// The file line of `value` under `key:`.
    pub(crate) fn line_of_value(&self, key: &str, value: &str) -> Option<usize> {
        front_matter::value_line(&self.front_matter, key, value)
    }

    /// The YAML between the `---` lines, as written.
    pub(crate) fn front_matter(&self) -> &str {
        &self.front_matter
    }

    pub(crate) fn diagnostic(&self, line: Option<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.path, line, message)
    }
}

pub(crate) type Release = Doc<model::Release>;
pub(crate) type Statement = Doc<model::Statement>;
pub(crate) type Person = Doc<model::Person>;
pub(crate) type Page = Doc<model::Page>;

/// Everything under `content/`, each list sorted by path.
#[derive(Debug, Default, Clone)]
pub(crate) struct Content {
    pub(crate) releases: Vec<Release>,
    pub(crate) statements: Vec<Statement>,
    pub(crate) people: Vec<Person>,
    pub(crate) pages: Vec<Page>,
    /// Files that exist but could not be read or typed, by kind and slug: references to
    /// them are not reported again as missing.
    pub(crate) unreadable: HashSet<(Kind, String)>,
    /// What was wrong with those files.
    pub(crate) problems: Vec<Diagnostic>,
}

/// Reads and types every content file under `root/content`. A broken file does not stop
/// the others: its problem is kept in [`Content::problems`] so one run reports them all.
/// With a `spill` (a one-off build), each file's Markdown goes there as soon as it is
/// read, so the site never holds all of it at once.
pub(crate) fn load(root: &Path, config: &Config, spill: Option<&Spill>) -> Result<Content, Error> {
    crate::files::folder(root, &root.join(DIR))?;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for kind in Kind::ALL {
        let dir = root.join(DIR).join(kind.dir());
        // A link that leads out of the site is an error; one inside it is not read (what
        // it points at is read where it is, if it is content at all).
        let found = match crate::files::walk(&dir, root, root, crate::files::Links::Skip) {
            Ok(found) => found,
            Err(Error::Invalid(d)) => {
                problems.extend(d);
                continue;
            }
            Err(e) => return Err(e),
        };
        for path in found {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.ends_with(".md") && !name.starts_with('.') {
                files.push((kind, path));
            }
        }
    }

    let parsed: Vec<Result<Parsed, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|(kind, path)| {
            let mut parsed = parse_file(root, *kind, path, config)?;
            if let Some(spill) = spill {
                parsed.spill_body(spill);
            }
            Ok(parsed)
        })
        .collect();

    let mut content = Content {
        problems,
        ..Content::default()
    };
    for ((kind, path), p) in files.iter().zip(parsed) {
        match p {
            Ok(doc) => content.insert(doc),
            Err(d) => {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                content
                    .unreadable
                    .insert((*kind, split_name(&name).0.to_string()));
                content.problems.extend(d);
            }
        }
    }
    Ok(content)
}

/// One content file, typed.
#[derive(Debug, Clone)]
pub(crate) enum Parsed {
    Release(Release),
    Statement(Statement),
    Person(Person),
    Page(Page),
}

/// Calls `$f` on the document inside a `Parsed`, whatever its kind.
macro_rules! each {
    ($parsed:expr, $d:ident => $f:expr) => {
        match $parsed {
            Parsed::Release($d) => $f,
            Parsed::Statement($d) => $f,
            Parsed::Person($d) => $f,
            Parsed::Page($d) => $f,
        }
    };
}

impl Parsed {
    pub(crate) fn slug(&self) -> &str {
        each!(self, d => &d.slug)
    }
    pub(crate) fn lang(&self) -> &str {
        each!(self, d => &d.lang)
    }
    pub(crate) fn body(&self) -> &str {
        each!(self, d => &d.body)
    }
    pub(crate) fn front_matter(&self) -> &str {
        each!(self, d => d.front_matter())
    }
    fn spill_body(&mut self, spill: &Spill) {
        each!(self, d => d.spill_body(spill))
    }
}

/// A document's Markdown as a one-off build takes it out of the site to render it: the
/// text, or where it is in the build's spill.
pub(crate) enum Markdown {
    Held(String),
    Spilled(Span),
}

impl Content {
    pub(crate) fn insert(&mut self, doc: Parsed) {
        match doc {
            Parsed::Release(r) => self.releases.push(r),
            Parsed::Statement(s) => self.statements.push(s),
            Parsed::Person(p) => self.people.push(p),
            Parsed::Page(p) => self.pages.push(p),
        }
    }

    /// Drops the document read from `path` (relative to the site root), if any.
    pub(crate) fn remove(&mut self, path: &Path) {
        self.releases.retain(|d| d.path != path);
        self.statements.retain(|d| d.path != path);
        self.people.retain(|d| d.path != path);
        self.pages.retain(|d| d.path != path);
    }
}

/// The kind of content a file holds, from where it sits (`content/releases/x.md`), or
/// `None` for anything that is not a content file.
pub(crate) fn kind_of(rel: &Path) -> Option<Kind> {
    let mut parts = rel.components();
    if parts.next()?.as_os_str() != DIR {
        return None;
    }
    let dir = parts.next()?.as_os_str();
    let name = rel.file_name()?.to_string_lossy();
    if !name.ends_with(".md") || name.starts_with('.') {
        return None;
    }
    Kind::ALL.into_iter().find(|k| dir == k.dir())
}

/// Reads one content file, `rel` being relative to the site root, which the caller has
/// seen is a regular file (it is checked again once open).
pub(crate) fn read(
    root: &Path,
    kind: Kind,
    rel: &Path,
    config: &Config,
) -> Result<Parsed, Vec<Diagnostic>> {
    parse_file(root, kind, &root.join(rel), config)
}

fn parse_file(
    root: &Path,
    kind: Kind,
    path: &Path,
    config: &Config,
) -> Result<Parsed, Vec<Diagnostic>> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let bytes = crate::files::read_listed(path, crate::limits::SOURCE_FILE)
        .map_err(|e| vec![Diagnostic::new(&rel, None, e.to_string())])?;
    let text = String::from_utf8(bytes)
        .map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            Diagnostic::new(
                &rel,
                None,
                format!("not UTF-8 text (bad byte at offset {offset})"),
            )
            .with_hint("save the file as UTF-8")
        })
        .map_err(|d| vec![d])?;
    parse(&rel, kind, &text, config)
}

/// Types the text of the content file at `rel` (relative to the site root), of `kind`.
pub(crate) fn parse(
    rel: &Path,
    kind: Kind,
    text: &str,
    config: &Config,
) -> Result<Parsed, Vec<Diagnostic>> {
    let rel = rel.to_path_buf();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").into()
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    // XML (feeds, sitemap) cannot carry control characters or noncharacters; a stray one
    // pasted from a word processor would make every feed unreadable.
    if let Some((at, c, what)) = crate::text::first_unwritable(&text) {
        return Err(vec![
            Diagnostic::new(
                &rel,
                Some(text[..at].matches('\n').count() + 1),
                format!("{} in the text", crate::text::describe(c, what)),
            )
            .with_hint("delete it (it often comes with text pasted from another program)"),
        ]);
    }

    let (slug, lang) = name_parts(&rel, config).map_err(|d| vec![d])?;

    match kind {
        Kind::Release => {
            let mut doc: Release = typed(&rel, &text, slug, lang)?;
            let zone = |d: model::PubDate| d.in_zone(config.timezone, config.publish_time);
            doc.meta.date = zone(doc.meta.date);
            doc.meta.updated = doc.meta.updated.map(zone);
            for c in &mut doc.meta.corrections {
                c.date = zone(c.date);
            }
            if doc.meta.tags.len() > crate::limits::TAGS_PER_RELEASE {
                return Err(vec![
                    doc.diagnostic(
                        doc.line_of_key("tags"),
                        format!(
                            "{} tags: a release can carry at most {}",
                            doc.meta.tags.len(),
                            crate::limits::TAGS_PER_RELEASE
                        ),
                    )
                    .with_hint("keep the tags a reader would follow"),
                ]);
            }
            if let Some(slug) = doc.meta.slug.clone() {
                crate::slug::check(&slug).map_err(|m| {
                    vec![
                        doc.diagnostic(doc.line_of_key("slug"), format!("bad `slug`: {m}"))
                            .with_hint(crate::slug::HINT),
                    ]
                })?;
                doc.slug = slug;
            }
            Ok(Parsed::Release(doc))
        }
        Kind::Statement => {
            let mut doc: Statement = typed(&rel, &text, slug, lang)?;
            doc.meta.date = doc
                .meta
                .date
                .map(|d| d.in_zone(config.timezone, config.publish_time));
            Ok(Parsed::Statement(doc))
        }
        Kind::Person => Ok(Parsed::Person(typed(&rel, &text, slug, lang)?)),
        Kind::Page => Ok(Parsed::Page(typed(&rel, &text, slug, lang)?)),
    }
}

fn typed<M: DeserializeOwned + model::Repeated>(
    rel: &Path,
    text: &str,
    slug: String,
    lang: String,
) -> Result<Doc<M>, Vec<Diagnostic>> {
    let split = front_matter::split(text).map_err(|e| {
        vec![match e {
            SplitError::Missing => Diagnostic::new(rel, Some(1), "no front matter")
                .with_hint("start the file with a line `---`, the YAML keys, then another `---`"),
            SplitError::Unclosed => {
                Diagnostic::new(rel, Some(1), "the front matter opened here is never closed")
                    .with_hint("add a line `---` after the last front matter key")
            }
        }]
    })?;
    // The mistakes people who have never seen YAML make, each with its line rewritten;
    // some of them YAML would read without a word and drop text.
    let mistakes: Vec<Diagnostic> = lint::lint(split.yaml)
        .into_iter()
        .map(|m| {
            let d = Diagnostic::new(rel, Some(m.line + 1), m.message)
                .with_hint(format!("write the line as: {}", m.fix));
            match m.column {
                Some(c) => d.at_column(c),
                None => d,
            }
        })
        .collect();
    if !mistakes.is_empty() {
        return Err(mistakes);
    }
    let meta: M = front_matter::parse(split.yaml)
        .map_err(|(line, message)| front_matter::explain::<M>(rel, &split, line, &message))?;
    let mut problems = Vec::new();
    // Escapes are the only way such a character gets past the check on the raw text.
    if split.yaml.contains('\\')
        && let Some(c) = crate::yaml::unwritable(split.yaml)
    {
        let line = split.yaml.lines().position(|l| l.contains('\\'));
        let what = crate::text::unwritable(c).unwrap_or_default();
        problems.push(
            Diagnostic::new(
                rel,
                line.map(|i| i + 2),
                format!("{} in the front matter", crate::text::describe(c, what)),
            )
            .with_hint("remove the escape that writes it"),
        );
    }
    for (key, value) in meta.required() {
        if value.trim().is_empty() {
            problems.push(
                Diagnostic::new(
                    rel,
                    front_matter::key_line(split.yaml, key),
                    format!("`{key}` is empty"),
                )
                .with_hint(format!("write the {key} between quotes: {key}: \"…\"")),
            );
        }
    }
    // These values are repeated on other pages: one pasted by mistake (a whole article
    // as a summary) would be copied onto every list, tag page and feed.
    if let Some((key, value)) = meta
        .repeated()
        .into_iter()
        .find(|(_, v)| v.len() > crate::limits::SHORT_TEXT)
    {
        problems.push(
            Diagnostic::new(
                rel,
                front_matter::key_line(split.yaml, key),
                format!(
                    "`{key}` is {} bytes long; it is shown on other pages too, so it may be at most {}",
                    value.len(),
                    crate::limits::SHORT_TEXT
                ),
            )
            .with_hint("shorten it; long text belongs in the body"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Doc {
        path: rel.to_path_buf(),
        slug,
        lang,
        meta,
        body: split.body.to_string(),
        spilled: None,
        body_bytes: split.body.len(),
        body_line: split.body_line,
        front_matter: split.yaml.to_string(),
        placeholder: crate::placeholder::placeholder_line(text),
    })
}

/// `icj-case.ar.md` → (`icj-case`, `ar`); `icj-case.md` → (`icj-case`, default language).
fn name_parts(rel: &Path, config: &Config) -> Result<(String, String), Diagnostic> {
    let name = rel.file_name().unwrap_or_default().to_string_lossy();
    let (slug, lang) = match split_name(&name) {
        (slug, Some(suffix)) => match config.language_named(suffix) {
            Some(language) => (slug, language.code.clone()),
            None => {
                let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
                let meant = config
                    .suggest_language(suffix)
                    .map(|code| format!("did you mean `{code}`? Name the file {slug}.{code}.md. "))
                    .unwrap_or_default();
                return Err(Diagnostic::new(
                    rel,
                    None,
                    format!("`{suffix}` in the file name is not a language of this site"),
                )
                .with_hint(format!(
                    "{meant}The site's languages are {}; add one with a [languages.CODE] table \
                     in site.toml. If `{suffix}` is part of the name, join it with a hyphen: \
                     {slug}-{suffix}.md",
                    codes.join(", ")
                )));
            }
        },
        (slug, None) => (slug, config.default_language.clone()),
    };
    crate::slug::check(slug).map_err(|m| {
        Diagnostic::new(rel, None, format!("bad file name: {m}")).with_hint(crate::slug::HINT)
    })?;
    Ok((slug.to_string(), lang))
}

/// `icj-case.ar.md` → (`icj-case`, Some(`ar`)); `icj-case.md` → (`icj-case`, None). A last
/// dotted part made of letters (with hyphens, like `pt-BR`) names a language, or means
/// to: `welcome.AR.md`, `welcome.arabic.md`.
fn split_name(name: &str) -> (&str, Option<&str>) {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    match stem.rsplit_once('.') {
        Some((slug, suffix)) if looks_like_language(suffix) => (slug, Some(suffix)),
        _ => (stem, None),
    }
}

fn looks_like_language(suffix: &str) -> bool {
    (2..=20).contains(&suffix.len())
        && suffix.starts_with(|c: char| c.is_ascii_alphabetic())
        && suffix
            .split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
        && suffix
            .split('-')
            .next()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_alphabetic()))
}
