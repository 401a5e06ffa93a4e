//! Reading the site while recording what was read. Every output reads the site only
//! through a [`Reader`], and every recorded read is a [`Read`]: a question with the hash
//! of its answer. `serve` keeps each job's record and, after a change, asks the same
//! questions of the new site: a job whose answers are all the same would render the same
//! bytes and is not rendered again. The record is taken from what rendering really read,
//! so it cannot drift from it.
//!
//! A one-off build records nothing: its reader only reads.

use std::borrow::Cow;
use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use rustc_hash::{FxHashMap, FxHasher};

use super::Bodies;
use crate::content::Kind;
use crate::content::model;
use crate::site::{Entry, Id, Site, Source, Tag, Typed};

/// One question a job asked of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Read {
    /// A document's front matter, slug and language (so also its URL).
    Meta(Source),
    /// A document's body, as rendered HTML.
    Body(Source),
    /// Which document `slug` of a kind is in a language, without fallback.
    Find(Kind, String, String),
    /// Which document `slug` of a kind is shown in a language, fallback included.
    Resolve(Kind, String, String),
    /// The languages `slug` of a kind exists in.
    Translations(Kind, String),
    /// The releases of a language, newest first.
    ReleasesIn(String),
    /// The tags of a language: slugs, names and releases.
    Tags(String),
    /// The releases quoting a statement.
    QuotedIn(String),
    /// A person's statements.
    StatementsBy(String),
    /// Everyone, in file order.
    PeopleSlugs,
    /// Every document of a kind, in list order.
    All(Kind),
    /// The embargo of an item that has not lifted yet.
    PendingEmbargo(Kind, String),
    /// The embargo of an item, lifted or not.
    Embargo(Kind, String),
    /// The entries of a language's feeds and their dates.
    FeedReleases(String),
    /// A picture of media/, by its path there: its bytes and size.
    Picture(String),
}

/// A record of reads (by their number in [`Reads`]) and the hashes of their answers.
pub(crate) type Log = Vec<(u32, u64)>;

/// Every distinct read the jobs of a project made, numbered, so that a job's record is a
/// list of numbers, and checking it against a new site is a lookup per read.
#[derive(Debug, Default)]
pub(crate) struct Reads(Mutex<ReadTable>);

#[derive(Debug, Default)]
pub(crate) struct ReadTable {
    numbers: FxHashMap<Read, u32>,
    reads: Vec<Read>,
}

impl ReadTable {
    /// Every read, by number.
    pub(crate) fn all(&self) -> &[Read] {
        &self.reads
    }

    /// The number of `read`, if a job made it.
    pub(crate) fn number(&self, read: &Read) -> Option<u32> {
        self.numbers.get(read).copied()
    }
}

impl Reads {
    fn number(&self, read: Read) -> u32 {
        let Ok(mut table) = self.0.lock() else {
            unreachable!("a recording thread panicked, and so did the render")
        };
        if let Some(n) = table.numbers.get(&read) {
            return *n;
        }
        let n = u32::try_from(table.reads.len()).expect("fewer than 4 billion reads");
        table.reads.push(read.clone());
        table.numbers.insert(read, n);
        n
    }

    /// The table, for checking records.
    pub(crate) fn table(&mut self) -> &ReadTable {
        self.0.get_mut().unwrap_or_else(|e| e.into_inner())
    }
}

impl Read {
    /// The source file this read is about, if it is about one document.
    pub(crate) fn source(&self) -> Option<&Source> {
        match self {
            Read::Meta(p) | Read::Body(p) => Some(p),
            _ => None,
        }
    }

    /// The hash of the answer `site` gives. Two sites giving the same answers to every
    /// read of a job render the same job in the same bytes.
    pub(crate) fn answer(&self, site: &Site, bodies: &Bodies) -> u64 {
        let mut h = FxHasher::default();
        // A document found is named by its file, slug and language: what its URL is made
        // of (see `Reader::url`).
        let path = |id: crate::site::DocId| {
            let h = site.header_of(id);
            (crate::site::key(h.path), h.slug, h.lang)
        };
        match self {
            Read::Meta(p) => return site.fingerprint(p),
            Read::Body(p) => return bodies.fingerprint(p),
            Read::Find(kind, slug, lang) => site.find_any(*kind, slug, lang).map(path).hash(&mut h),
            Read::Resolve(kind, slug, lang) => site
                .resolve_any(*kind, slug, lang)
                .map(|(id, fallback)| (path(id), fallback))
                .hash(&mut h),
            Read::Translations(kind, slug) => site.translations(*kind, slug).hash(&mut h),
            Read::ReleasesIn(lang) => {
                for id in site.releases_in(lang) {
                    path((*id).into()).hash(&mut h);
                }
            }
            Read::Tags(lang) => {
                for (slug, tag) in site.tags(lang).into_iter().flatten() {
                    (slug, &tag.name).hash(&mut h);
                    for id in &tag.releases {
                        path((*id).into()).hash(&mut h);
                    }
                }
            }
            Read::QuotedIn(slug) => site.quoted_in(slug).hash(&mut h),
            Read::Picture(src) => site.media.get(src).map(|p| p.hash.as_bytes()).hash(&mut h),
            Read::StatementsBy(slug) => site.statements_by(slug).hash(&mut h),
            Read::PeopleSlugs => site.people_slugs().hash(&mut h),
            Read::All(kind) => {
                for d in site.headers().filter(|d| d.id.kind == *kind) {
                    (d.path, d.slug, d.lang).hash(&mut h);
                }
            }
            Read::PendingEmbargo(kind, slug) => site.pending_embargo(*kind, slug).hash(&mut h),
            Read::Embargo(kind, slug) => site.embargo(*kind, slug).hash(&mut h),
            Read::FeedReleases(lang) => {
                for (id, date) in site.feed_releases(lang) {
                    (path(id.into()), date).hash(&mut h);
                }
            }
        }
        h.finish()
    }
}

impl Read {
    /// Whether the answer covers a whole list (every release of a language, every tag),
    /// which many jobs ask for: such answers are given once per render.
    fn is_list(&self) -> bool {
        matches!(
            self,
            Read::ReleasesIn(_)
                | Read::Tags(_)
                | Read::PeopleSlugs
                | Read::All(_)
                | Read::FeedReleases(_)
        )
    }
}

/// The answers one site gave to the reads of whole lists, shared by the jobs of a render.
#[derive(Default)]
pub(crate) struct Answers(Mutex<FxHashMap<Read, u64>>);

impl Answers {
    fn get(&self, read: &Read, site: &Site, bodies: &Bodies) -> u64 {
        if let Some(answer) = self.0.lock().ok().and_then(|m| m.get(read).copied()) {
            return answer;
        }
        let answer = read.answer(site, bodies);
        if let Ok(mut known) = self.0.lock() {
            known.insert(read.clone(), answer);
        }
        answer
    }
}

/// Reads the site for one job, recording each read when asked to.
pub(crate) struct Reader<'a> {
    site: &'a Site,
    bodies: &'a Bodies,
    /// The record, and the table its reads are numbered in; `None` when not recording.
    log: Option<(RefCell<Log>, &'a Reads)>,
    answers: &'a Answers,
}

impl<'a> Reader<'a> {
    /// `record`: the table to number reads in, when recording.
    pub(crate) fn new(
        site: &'a Site,
        bodies: &'a Bodies,
        record: Option<&'a Reads>,
        answers: &'a Answers,
    ) -> Reader<'a> {
        Reader {
            site,
            bodies,
            log: record.map(|reads| (RefCell::default(), reads)),
            answers,
        }
    }

    /// A reader of the same site with a record of its own (for a view made once and
    /// shared by many jobs: its record is replayed into each).
    pub(crate) fn fresh(&self) -> Reader<'a> {
        Reader::new(
            self.site,
            self.bodies,
            self.log.as_ref().map(|(_, reads)| *reads),
            self.answers,
        )
    }

    /// The reads so far, each once.
    pub(crate) fn into_log(self) -> Log {
        let mut log = self
            .log
            .map(|(log, _)| log.into_inner())
            .unwrap_or_default();
        let mut seen = rustc_hash::FxHashSet::default();
        log.retain(|(read, _)| seen.insert(*read));
        log
    }

    /// Adds reads made elsewhere (by a shared view) to this record.
    pub(crate) fn replay(&self, log: &[(u32, u64)]) {
        if let Some((mine, _)) = &self.log {
            mine.borrow_mut().extend_from_slice(log);
        }
    }

    fn note(&self, read: impl FnOnce() -> Read) {
        if let Some((log, reads)) = &self.log {
            let read = read();
            let answer = if read.is_list() {
                self.answers.get(&read, self.site, self.bodies)
            } else {
                read.answer(self.site, self.bodies)
            };
            log.borrow_mut().push((reads.number(read), answer));
        }
    }

    /// What does not change without a full reload: site.toml, the build's settings, URLs
    /// made from them.
    pub(crate) fn site(&self) -> Fixed<'a> {
        Fixed(self.site)
    }

    /// The document `id` (its front matter, slug, language and URL).
    pub(crate) fn get<M: Typed>(&self, id: Id<M>) -> &'a Entry<M> {
        let doc = self.site.get(id);
        self.note(|| Read::Meta(doc.source.clone()));
        doc
    }

    /// The URL of `id`. It needs no record of its own: every id comes from a recorded
    /// read, whose answer holds the slug and language the URL is made of.
    pub(crate) fn url<M: Typed>(&self, id: Id<M>) -> &'a str {
        &self.site.get(id).url
    }

    /// The slug and language of `id`, which need no record for the same reason.
    pub(crate) fn key<M: Typed>(&self, id: Id<M>) -> (&'a str, &'a str) {
        let doc = self.site.get(id);
        (&doc.slug, &doc.lang)
    }

    /// Every document of kind `M`, in list order.
    pub(crate) fn ids<M: Typed>(&self) -> impl Iterator<Item = Id<M>> + use<'a, M> {
        self.note(|| Read::All(M::KIND));
        self.site.all::<M>().map(|(id, _)| id)
    }

    /// The body of `id` as HTML, in pieces (a release's body is split around its
    /// statements).
    pub(crate) fn body<M: Typed>(&self, id: Id<M>) -> Cow<'a, [String]> {
        let doc = self.site.get(id);
        self.note(|| Read::Body(doc.source.clone()));
        self.bodies.get(&doc.path)
    }

    /// The one HTML piece of a statement's, a bio's or a page's body.
    pub(crate) fn body_html<M: Typed>(&self, id: Id<M>) -> Cow<'a, str> {
        match self.body(id) {
            Cow::Borrowed(pieces) => Cow::Borrowed(pieces.first().map_or("", String::as_str)),
            Cow::Owned(pieces) => Cow::Owned(pieces.into_iter().next().unwrap_or_default()),
        }
    }

    pub(crate) fn find<M: Typed>(&self, slug: &str, lang: &str) -> Option<Id<M>> {
        self.note(|| Read::Find(M::KIND, slug.into(), lang.into()));
        self.site.find(slug, lang)
    }

    /// `slug` in `lang`, else in another language (`true`: a fallback).
    pub(crate) fn resolve<M: Typed>(&self, slug: &str, lang: &str) -> Option<(Id<M>, bool)> {
        self.note(|| Read::Resolve(M::KIND, slug.into(), lang.into()));
        self.site.resolve(slug, lang)
    }

    pub(crate) fn translations(&self, kind: Kind, slug: &str) -> Vec<&'a str> {
        self.note(|| Read::Translations(kind, slug.into()));
        self.site.translations(kind, slug)
    }

    pub(crate) fn releases_in(&self, lang: &str) -> &'a [Id<model::Release>] {
        self.note(|| Read::ReleasesIn(lang.into()));
        self.site.releases_in(lang)
    }

    /// How many pages the release list of `lang` has.
    pub(crate) fn release_pages(&self, lang: &str) -> usize {
        self.note(|| Read::ReleasesIn(lang.into()));
        self.site.release_pages(lang)
    }

    pub(crate) fn tags(&self, lang: &str) -> Option<&'a std::collections::BTreeMap<String, Tag>> {
        self.note(|| Read::Tags(lang.into()));
        self.site.tags(lang)
    }

    /// The picture at `src` under media/ (every picture content uses is there once the
    /// site is loaded).
    pub(crate) fn picture(&self, src: &str) -> Option<&'a crate::media::Picture> {
        self.note(|| Read::Picture(crate::media::normalize(src).into()));
        self.site.media.get(src)
    }

    /// Where encoded pictures are kept between builds.
    pub(crate) fn picture_cache(&self) -> Option<&'a std::path::Path> {
        self.site.media.cache.as_deref()
    }

    /// Whether new pictures and cards are kept in the caches (not by `check`).
    pub(crate) fn keeps_cache(&self) -> bool {
        self.site.media.keep
    }

    /// Where drawn share cards are kept between builds.
    pub(crate) fn card_cache(&self) -> Option<&'a std::path::Path> {
        self.site.media.cards.as_deref()
    }

    /// Where typeset release PDFs are kept between builds.
    pub(crate) fn pdf_cache(&self) -> Option<&'a std::path::Path> {
        self.site.media.pdfs.as_deref()
    }

    /// Where each language's search index is kept between builds.
    pub(crate) fn search_cache(&self) -> Option<&'a std::path::Path> {
        self.site.media.search.as_deref()
    }

    /// The site's logo as cards draw it. Fixed while a project lives: a change to its file
    /// loads the whole site again.
    pub(crate) fn card_logo(&self) -> Option<&'a crate::media::Logo> {
        self.site.media.logo.as_deref()
    }

    pub(crate) fn quoted_in(&self, slug: &str) -> &'a [String] {
        self.note(|| Read::QuotedIn(slug.into()));
        self.site.quoted_in(slug)
    }

    pub(crate) fn statements_by(&self, slug: &str) -> &'a [String] {
        self.note(|| Read::StatementsBy(slug.into()));
        self.site.statements_by(slug)
    }

    pub(crate) fn people_slugs(&self) -> &'a [String] {
        self.note(|| Read::PeopleSlugs);
        self.site.people_slugs()
    }

    pub(crate) fn pending_embargo(
        &self,
        kind: Kind,
        slug: &str,
    ) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        self.note(|| Read::PendingEmbargo(kind, slug.into()));
        self.site.pending_embargo(kind, slug)
    }

    /// When release `id` was published (see [`Site::published`]).
    pub(crate) fn published(
        &self,
        id: Id<model::Release>,
    ) -> chrono::DateTime<chrono::FixedOffset> {
        let slug = &self.get(id).slug;
        self.note(|| Read::Embargo(Kind::Release, slug.clone()));
        self.site.published(id)
    }

    pub(crate) fn feed_releases(
        &self,
        lang: &str,
    ) -> Vec<(Id<model::Release>, chrono::DateTime<chrono::FixedOffset>)> {
        self.note(|| Read::FeedReleases(lang.into()));
        self.site.feed_releases(lang)
    }
}

/// The parts of the site fixed for the life of a project: reading them needs no record.
#[derive(Clone, Copy)]
pub(crate) struct Fixed<'a>(&'a Site);

impl<'a> Fixed<'a> {
    pub(crate) fn config(self) -> &'a crate::config::Config {
        &self.0.config
    }

    pub(crate) fn publish(self) -> &'a crate::site::Publish {
        &self.0.publish
    }

    /// The site's language codes, in site order.
    pub(crate) fn languages(self) -> Vec<&'a str> {
        self.0
            .config
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .collect()
    }

    pub(crate) fn language(self, code: &str) -> &'a crate::config::Language {
        self.0
            .config
            .language(code)
            .expect("content languages are checked against site.toml")
    }

    pub(crate) fn url(self, lang: &str, route: &str) -> String {
        self.0.url(lang, route)
    }

    pub(crate) fn path(self, lang: &str, route: &str) -> String {
        self.0.path(lang, route)
    }

    pub(crate) fn asset_url(self, path: &str) -> String {
        self.0.asset_url(path)
    }

    pub(crate) fn file(self, lang: &str, route: &str) -> String {
        self.0.file(lang, route)
    }

    pub(crate) fn x_default<'b>(self, available: &[&'b str]) -> Option<&'b str> {
        self.0.x_default(available)
    }
}
