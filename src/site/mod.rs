//! The Site: one store of every published document, each under a typed [`Id`], with its
//! URL computed once, and the lookups outputs read it through. It is made in stages, each
//! in its own module: [`resolve`] checks references and URL claims, [`embargo`] leaves out
//! drafts and what is under embargo, [`index`] builds the lookups, [`url`] says where
//! everything is. Outputs only read it; `project` alone replaces a body it holds.

mod embargo;
mod index;
mod resolve;
pub(crate) mod url;

use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::content::{Content, Doc, Kind, Markdown, model};
use crate::error::Error;
use index::Index;
pub(crate) use url::route;

/// A document of kind `M` (a front matter type of [`model`]) in the site.
pub(crate) struct Id<M> {
    index: u32,
    kind: PhantomData<fn() -> M>,
}

impl<M> Id<M> {
    fn new(index: usize) -> Id<M> {
        Id {
            index: u32::try_from(index).expect("fewer than 4 billion documents"),
            kind: PhantomData,
        }
    }

    /// Its position among the documents of its kind, for tables one render keeps per
    /// document (see `render::views`).
    pub(crate) fn slot(self) -> usize {
        self.index as usize
    }
}

impl<M> Clone for Id<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M> Copy for Id<M> {}
impl<M> PartialEq for Id<M> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}
impl<M> Eq for Id<M> {}
impl<M> PartialOrd for Id<M> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<M> Ord for Id<M> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}
impl<M> std::hash::Hash for Id<M> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}
impl<M> std::fmt::Debug for Id<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Id({})", self.index)
    }
}

/// A document of any kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct DocId {
    pub(crate) kind: Kind,
    index: u32,
}

impl<M: Typed> From<Id<M>> for DocId {
    fn from(id: Id<M>) -> DocId {
        DocId {
            kind: M::KIND,
            index: id.index,
        }
    }
}

/// The front matter types of the four kinds, each with its list in the store.
pub(crate) trait Typed: Sized + 'static {
    const KIND: Kind;
    fn list(docs: &Docs) -> &[Entry<Self>];
}

macro_rules! typed {
    ($model:ty, $kind:expr, $list:ident) => {
        impl Typed for $model {
            const KIND: Kind = $kind;
            fn list(docs: &Docs) -> &[Entry<Self>] {
                &docs.$list
            }
        }
    };
}
typed!(model::Release, Kind::Release, releases);
typed!(model::Statement, Kind::Statement, statements);
typed!(model::Person, Kind::Person, people);
typed!(model::Page, Kind::Page, pages);

/// A document's source file as a key, compared and hashed as bytes (a `Path` compares
/// and hashes component by component, which the lookups of `serve` cannot afford).
#[derive(Debug, Clone)]
pub(crate) struct Source(std::sync::Arc<Path>);

impl Source {
    pub(crate) fn new(path: &Path) -> Source {
        Source(path.into())
    }
}

/// The bytes of `path` a [`Source`] is compared by.
pub(crate) fn key(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

impl std::ops::Deref for Source {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl std::borrow::Borrow<[u8]> for Source {
    fn borrow(&self) -> &[u8] {
        key(&self.0)
    }
}

impl PartialEq for Source {
    fn eq(&self, other: &Source) -> bool {
        key(&self.0) == key(&other.0)
    }
}

impl Eq for Source {}

impl std::hash::Hash for Source {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        key(&self.0).hash(state);
    }
}

/// A published document and its URL.
#[derive(Debug, Clone)]
pub(crate) struct Entry<M> {
    pub(crate) doc: Doc<M>,
    /// The absolute URL of its page.
    pub(crate) url: String,
    /// Its source file, as a key.
    pub(crate) source: Source,
    /// A hash of its front matter, slug and language, made the first time it is asked for.
    fingerprint: OnceLock<u64>,
}

impl<M> std::ops::Deref for Entry<M> {
    type Target = Doc<M>;
    fn deref(&self) -> &Doc<M> {
        &self.doc
    }
}

/// What every document has, whatever its kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Header<'a> {
    pub(crate) id: DocId,
    pub(crate) path: &'a Path,
    pub(crate) slug: &'a str,
    pub(crate) lang: &'a str,
    pub(crate) url: &'a str,
    /// Markdown (empty in a one-off build, which keeps it in its spill from load on).
    pub(crate) body: &'a str,
    pub(crate) body_line: usize,
    pub(crate) front_matter: &'a str,
    pub(crate) placeholder: Option<usize>,
}

impl<M> Entry<M> {
    fn fingerprint(&self) -> u64 {
        *self.fingerprint.get_or_init(|| {
            use std::hash::{DefaultHasher, Hash, Hasher};
            let mut h = DefaultHasher::new();
            (self.front_matter(), &self.slug, &self.lang).hash(&mut h);
            h.finish()
        })
    }

    fn header(&self, id: DocId) -> Header<'_> {
        Header {
            id,
            path: &self.path,
            slug: &self.slug,
            lang: &self.lang,
            url: &self.url,
            body: &self.body,
            body_line: self.body_line,
            front_matter: self.front_matter(),
            placeholder: self.placeholder,
        }
    }
}

/// The published documents, each kind in list order: releases newest first (then by
/// slug and language), the others in file order.
#[derive(Debug, Default)]
pub(crate) struct Docs {
    releases: Vec<Entry<model::Release>>,
    statements: Vec<Entry<model::Statement>>,
    people: Vec<Entry<model::Person>>,
    pages: Vec<Entry<model::Page>>,
}

impl Docs {
    fn new(config: &Config, content: Content) -> Docs {
        fn entries<M>(config: &Config, kind: Kind, docs: Vec<Doc<M>>) -> Vec<Entry<M>> {
            docs.into_iter()
                .map(|doc| Entry {
                    url: url::url(config, &doc.lang, &route::item(kind, &doc.slug)),
                    source: Source::new(&doc.path),
                    doc,
                    fingerprint: OnceLock::new(),
                })
                .collect()
        }
        Docs {
            releases: entries(config, Kind::Release, content.releases),
            statements: entries(config, Kind::Statement, content.statements),
            people: entries(config, Kind::Person, content.people),
            pages: entries(config, Kind::Page, content.pages),
        }
    }

    /// Every document, kind by kind in list order.
    fn headers(&self) -> impl Iterator<Item = Header<'_>> {
        fn of<M: Typed>(docs: &Docs) -> impl Iterator<Item = Header<'_>> {
            M::list(docs)
                .iter()
                .enumerate()
                .map(|(i, e)| e.header(Id::<M>::new(i).into()))
        }
        of::<model::Release>(self)
            .chain(of::<model::Statement>(self))
            .chain(of::<model::Person>(self))
            .chain(of::<model::Page>(self))
    }

    fn header(&self, id: DocId) -> Header<'_> {
        let i = id.index as usize;
        match id.kind {
            Kind::Release => self.releases[i].header(id),
            Kind::Statement => self.statements[i].header(id),
            Kind::Person => self.people[i].header(id),
            Kind::Page => self.pages[i].header(id),
        }
    }

    fn body_mut(&mut self, id: DocId) -> &mut String {
        let i = id.index as usize;
        match id.kind {
            Kind::Release => &mut self.releases[i].doc.body,
            Kind::Statement => &mut self.statements[i].doc.body,
            Kind::Person => &mut self.people[i].doc.body,
            Kind::Page => &mut self.pages[i].doc.body,
        }
    }

    fn take_markdown(&mut self, id: DocId) -> Markdown {
        let i = id.index as usize;
        let spilled = match id.kind {
            Kind::Release => self.releases[i].doc.spilled.take(),
            Kind::Statement => self.statements[i].doc.spilled.take(),
            Kind::Person => self.people[i].doc.spilled.take(),
            Kind::Page => self.pages[i].doc.spilled.take(),
        };
        match spilled {
            Some(span) => Markdown::Spilled(span),
            None => Markdown::Held(std::mem::take(self.body_mut(id))),
        }
    }

    fn set_body(&mut self, id: DocId, body: String) {
        let i = id.index as usize;
        let bytes = body.len();
        *self.body_mut(id) = body;
        match id.kind {
            Kind::Release => self.releases[i].doc.body_bytes = bytes,
            Kind::Statement => self.statements[i].doc.body_bytes = bytes,
            Kind::Person => self.people[i].doc.body_bytes = bytes,
            Kind::Page => self.pages[i].doc.body_bytes = bytes,
        }
    }

    fn into_content(self) -> Content {
        fn docs<M>(entries: Vec<Entry<M>>) -> Vec<Doc<M>> {
            entries.into_iter().map(|e| e.doc).collect()
        }
        Content {
            releases: docs(self.releases),
            statements: docs(self.statements),
            people: docs(self.people),
            pages: docs(self.pages),
            ..Content::default()
        }
    }
}

/// A tag of one language, with the releases carrying it, newest first.
#[derive(Debug)]
pub(crate) struct Tag {
    pub(crate) name: String,
    pub(crate) releases: Vec<Id<model::Release>>,
}

/// The indexed, checked site.
#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) config: Config,
    /// What this build publishes.
    pub(crate) publish: Publish,
    docs: Docs,
    index: Index,
    /// Releases and statements still under embargo (kept only when `publish.embargoed`).
    pub(crate) withheld: Vec<Withheld>,
    /// Every embargo by (kind, slug), lifted or not.
    embargoes: embargo::Embargoes,
    /// Documents under embargo, kept out of the site.
    held: Content,
    /// Drafts, left out of the site (their embargoes still count).
    drafts: Vec<crate::content::Release>,
    /// The pictures published content uses (set once the site is made: see
    /// [`crate::media::load`]).
    pub(crate) media: crate::media::Media,
}

impl Site {
    /// The site of `content`, in stages: drafts left out, lists sorted, references and URL
    /// claims checked (every problem at once), embargoes applied, lookups built.
    pub(crate) fn new(
        config: Config,
        mut content: Content,
        publish: &Publish,
    ) -> Result<Site, Error> {
        let drafts = embargo::drop_drafts(&mut content, publish);
        sort(&config, &mut content);
        let mut problems = std::mem::take(&mut content.problems);
        problems.extend(resolve::problems(&config, &content));
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let embargoes = embargo::embargoes(&content, &drafts, publish.now);
        let withheld = embargo::withheld(&embargoes, publish.now);
        let held = if publish.embargoed {
            Content::default()
        } else {
            embargo::hold_back(&mut content, &withheld)
        };
        let docs = Docs::new(&config, content);
        let index = Index::new(&docs);
        Ok(Site {
            config,
            publish: publish.clone(),
            docs,
            index,
            withheld,
            embargoes,
            held,
            drafts,
            media: crate::media::Media::default(),
        })
    }

    /// The document `id`.
    pub(crate) fn get<M: Typed>(&self, id: Id<M>) -> &Entry<M> {
        &M::list(&self.docs)[id.index as usize]
    }

    /// Every document of kind `M`, in list order.
    pub(crate) fn all<M: Typed>(&self) -> impl ExactSizeIterator<Item = (Id<M>, &Entry<M>)> {
        M::list(&self.docs)
            .iter()
            .enumerate()
            .map(|(i, e)| (Id::new(i), e))
    }

    /// How many documents of kind `M` the site has.
    pub(crate) fn count<M: Typed>(&self) -> usize {
        M::list(&self.docs).len()
    }

    /// Every document, kind by kind in list order.
    pub(crate) fn headers(&self) -> impl Iterator<Item = Header<'_>> {
        self.docs.headers()
    }

    /// The document read from `path`.
    pub(crate) fn header(&self, path: &Path) -> Option<Header<'_>> {
        self.index
            .by_path
            .get(key(path))
            .map(|id| self.docs.header(*id))
    }

    /// A hash of the front matter, slug and language of the document read from `path`
    /// (0 when there is none): what a page showing its front matter depends on.
    pub(crate) fn fingerprint(&self, path: &Path) -> u64 {
        let Some(id) = self.index.by_path.get(key(path)) else {
            return 0;
        };
        let i = id.index as usize;
        match id.kind {
            Kind::Release => self.docs.releases[i].fingerprint(),
            Kind::Statement => self.docs.statements[i].fingerprint(),
            Kind::Person => self.docs.people[i].fingerprint(),
            Kind::Page => self.docs.pages[i].fingerprint(),
        }
    }

    /// `slug` of kind `M` in `lang`, without fallback.
    pub(crate) fn find<M: Typed>(&self, slug: &str, lang: &str) -> Option<Id<M>> {
        self.find_any(M::KIND, slug, lang)
            .map(|id| Id::new(id.index as usize))
    }

    /// The document `id`, whatever its kind.
    pub(crate) fn header_of(&self, id: DocId) -> Header<'_> {
        self.docs.header(id)
    }

    /// `slug` of `kind` in `lang`, without fallback.
    pub(crate) fn find_any(&self, kind: Kind, slug: &str, lang: &str) -> Option<DocId> {
        self.index
            .slugs
            .get(slug)?
            .iter()
            .find(|(id, l)| id.kind == kind && l == lang)
            .map(|(id, _)| *id)
    }

    /// `slug` of kind `M` in `lang`, else in the default language, else in any language;
    /// with a flag saying whether it is a fallback.
    pub(crate) fn resolve<M: Typed>(&self, slug: &str, lang: &str) -> Option<(Id<M>, bool)> {
        self.resolve_any(M::KIND, slug, lang)
            .map(|(id, fallback)| (Id::new(id.index as usize), fallback))
    }

    /// [`Site::resolve`], whatever the kind.
    pub(crate) fn resolve_any(&self, kind: Kind, slug: &str, lang: &str) -> Option<(DocId, bool)> {
        if let Some(id) = self.find_any(kind, slug, lang) {
            return Some((id, false));
        }
        std::iter::once(self.config.default_language.as_str())
            .chain(self.config.languages.iter().map(|l| l.code.as_str()))
            .find_map(|l| self.find_any(kind, slug, l))
            .map(|id| (id, true))
    }

    /// Moves the Markdown of every document out of the site, leaving the bodies empty:
    /// `(path, body, line the body starts on)`. A one-off build renders it once and has no
    /// further use for it; on a large site it is hundreds of megabytes (kept in the
    /// build's spill since the file was read, see `content::load`).
    pub(crate) fn take_markdown(&mut self) -> Vec<(PathBuf, Markdown, usize)> {
        let ids: Vec<(DocId, PathBuf, usize)> = self
            .docs
            .headers()
            .map(|h| (h.id, h.path.to_path_buf(), h.body_line))
            .collect();
        ids.into_iter()
            .map(|(id, path, line)| (path, self.docs.take_markdown(id), line))
            .collect()
    }

    /// Replaces the Markdown body of the document read from `path`: a change that moves
    /// nothing else in the site.
    pub(crate) fn set_body(&mut self, path: &Path, body: String) {
        if let Some(id) = self.index.by_path.get(key(path)) {
            self.docs.set_body(*id, body);
        }
    }

    /// The files that still hold text `pressroom new` or `init` wrote for staff to
    /// replace, site.toml among them (embargoed documents included).
    pub(crate) fn placeholders(&self) -> Vec<(&Path, usize)> {
        let config = self
            .config
            .placeholder
            .map(|l| (Path::new(crate::config::FILE_NAME), l));
        let docs = self
            .headers()
            .map(|h| (h.path, h.placeholder))
            .chain(
                self.held
                    .releases
                    .iter()
                    .map(|d| (d.path.as_path(), d.placeholder)),
            )
            .chain(
                self.held
                    .statements
                    .iter()
                    .map(|d| (d.path.as_path(), d.placeholder)),
            );
        config
            .into_iter()
            .chain(docs.filter_map(|(path, line)| line.map(|l| (path, l))))
            .collect()
    }

    /// A copy of the content the site was made from, embargoed documents and drafts
    /// included, to change and make a new site from.
    pub(crate) fn to_content(&self) -> Content {
        let mine = Docs {
            releases: self.docs.releases.clone(),
            statements: self.docs.statements.clone(),
            people: self.docs.people.clone(),
            pages: self.docs.pages.clone(),
        };
        let mut content = mine.into_content();
        content.releases.extend(self.held.releases.iter().cloned());
        content.releases.extend(self.drafts.iter().cloned());
        content
            .statements
            .extend(self.held.statements.iter().cloned());
        content
    }

    /// The releases of `lang`'s feeds, newest first by their feed date (the embargo's end
    /// for a release that had one), at most `feed_limit`.
    pub(crate) fn feed_releases(
        &self,
        lang: &str,
    ) -> Vec<(Id<model::Release>, DateTime<FixedOffset>)> {
        let mut entries: Vec<(Id<model::Release>, DateTime<FixedOffset>)> = self
            .releases_in(lang)
            .iter()
            .map(|&id| (id, self.published(id)))
            .collect();
        entries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        entries.truncate(self.config.feed_limit);
        entries
    }

    /// When release `id` was published: the moment its embargo lifted if it had one
    /// (lifted, or not yet in a preview), else its date.
    pub(crate) fn published(&self, id: Id<model::Release>) -> DateTime<FixedOffset> {
        let r = self.get(id);
        self.embargo(Kind::Release, &r.slug)
            .unwrap_or(r.meta.date.moment)
    }

    /// The embargo of a release or statement slug, lifted or not.
    pub(crate) fn embargo(&self, kind: Kind, slug: &str) -> Option<DateTime<FixedOffset>> {
        self.embargoes.get(&(kind, slug.to_string())).copied()
    }

    /// The embargo of a slug that has not lifted yet (only seen in a preview).
    pub(crate) fn pending_embargo(&self, kind: Kind, slug: &str) -> Option<DateTime<FixedOffset>> {
        self.embargo(kind, slug).filter(|t| *t > self.publish.now)
    }

    /// The languages `slug` of `kind` exists in, in site order.
    pub(crate) fn translations(&self, kind: Kind, slug: &str) -> Vec<&str> {
        self.config
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .filter(|l| self.find_any(kind, slug, l).is_some())
            .collect()
    }

    /// The releases of `lang`, newest first.
    pub(crate) fn releases_in(&self, lang: &str) -> &[Id<model::Release>] {
        self.index
            .releases_by_lang
            .get(lang)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The tags of `lang`, by slug.
    pub(crate) fn tags(&self, lang: &str) -> Option<&BTreeMap<String, Tag>> {
        self.index.tags.get(lang)
    }

    /// Slugs of the releases quoting statement `slug`, newest first.
    pub(crate) fn quoted_in(&self, slug: &str) -> &[String] {
        self.index
            .quoted_in
            .get(slug)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Slugs of the statements of person `slug`, newest first.
    pub(crate) fn statements_by(&self, slug: &str) -> &[String] {
        self.index
            .statements_by
            .get(slug)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Distinct people slugs, in file order.
    pub(crate) fn people_slugs(&self) -> &[String] {
        &self.index.people_slugs
    }

    /// How many pages the release list of `lang` has (at least one, even when empty).
    pub(crate) fn release_pages(&self, lang: &str) -> usize {
        self.releases_in(lang)
            .len()
            .div_ceil(self.config.paginate_by)
            .max(1)
    }

    /// The language whose version a page's `x-default` alternate points at: the default
    /// language when the page exists in it, else the first of the site's languages.
    pub(crate) fn x_default<'a>(&self, available: &[&'a str]) -> Option<&'a str> {
        available
            .iter()
            .copied()
            .find(|l| self.config.is_default(l))
            .or_else(|| {
                self.config
                    .languages
                    .iter()
                    .find_map(|l| available.iter().copied().find(|a| *a == l.code))
            })
    }
}

/// File order, whatever order the files were read or changed in; statements in the
/// default language first, so its version of a statement decides who said it; releases
/// newest first.
fn sort(config: &Config, content: &mut Content) {
    content.releases.sort_by(|a, b| {
        b.meta
            .date
            .moment
            .cmp(&a.meta.date.moment)
            .then_with(|| a.slug.cmp(&b.slug))
            .then_with(|| a.lang.cmp(&b.lang))
    });
    content.statements.sort_by(|a, b| a.path.cmp(&b.path));
    content
        .statements
        .sort_by_key(|s| !config.is_default(&s.lang));
    content.people.sort_by(|a, b| a.path.cmp(&b.path));
    content.pages.sort_by(|a, b| a.path.cmp(&b.path));
}

/// Which content a build publishes.
#[derive(Debug, Clone)]
pub(crate) struct Publish {
    /// Include releases marked `draft: true`.
    pub(crate) drafts: bool,
    /// The build clock: embargoes up to this moment have lifted.
    pub(crate) now: DateTime<FixedOffset>,
    /// Keep items under embargo, marked as such (`serve`, and the embargoed preview).
    pub(crate) embargoed: bool,
    /// A private preview: no feeds, no sitemap, kept out of search engines.
    pub(crate) private: bool,
}

/// A release or statement held back by its embargo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Withheld {
    pub(crate) kind: Kind,
    pub(crate) slug: String,
    pub(crate) until: DateTime<FixedOffset>,
}
