//! The Site: every content file indexed by (kind, slug, language), drafts dropped,
//! references checked (statements → people, releases → statements), translations grouped,
//! tags gathered, and the URL of everything. Renderers only read from it.
//!
//! Every derived index is built in one pass over the content with hash maps, so no step is
//! quadratic in the number of releases.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::config::Config;
use crate::content::model::PubDate;
use crate::content::{Content, Kind, Page, Person, Release, Statement};
use crate::error::{Capped, Diagnostic, Error};

/// Characters escaped in a URL path segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/');

/// A tag of one language, with the releases carrying it, newest first.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub releases: Vec<usize>,
}

/// The indexed, checked site.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Newest first (then by slug and language): list order everywhere.
    pub releases: Vec<Release>,
    pub statements: Vec<Statement>,
    pub people: Vec<Person>,
    pub pages: Vec<Page>,
    index: HashMap<(Kind, String, String), usize>,
    /// Per language, release indexes newest first.
    releases_by_lang: HashMap<String, Vec<usize>>,
    /// Per language, tags by slug.
    pub tags: HashMap<String, BTreeMap<String, Tag>>,
    /// Statement slug → release slugs that quote it, newest first.
    quoted_in: HashMap<String, Vec<String>>,
    /// Person slug → statement slugs, newest first.
    statements_by: HashMap<String, Vec<String>>,
    /// Distinct people slugs, in file order.
    people_slugs: Vec<String>,
    /// Source file → where its document sits.
    by_path: HashMap<PathBuf, (Kind, usize)>,
    /// What this build publishes.
    pub publish: Publish,
    /// Releases and statements still under embargo (kept only when `publish.embargoed`).
    pub withheld: Vec<Withheld>,
    /// Every embargo by (kind, slug), lifted or not.
    embargoes: HashMap<(Kind, String), DateTime<FixedOffset>>,
    /// Documents under embargo, kept out of the site.
    held: Content,
}

impl Site {
    pub fn new(config: Config, content: Content, publish: &Publish) -> Result<Site, Error> {
        let Content {
            mut releases,
            mut statements,
            mut people,
            mut pages,
            unreadable,
            problems,
        } = content;
        // A draft's embargo still holds its published translations back.
        let draft_holds: Vec<(String, DateTime<FixedOffset>)> = releases
            .iter()
            .filter(|r| r.meta.draft && !publish.drafts)
            .filter_map(|r| r.meta.embargo.map(|m| (r.slug.clone(), m.0)))
            .collect();
        if !publish.drafts {
            releases.retain(|r| !r.meta.draft);
        }
        releases.sort_by(|a, b| {
            b.meta
                .date
                .moment
                .cmp(&a.meta.date.moment)
                .then_with(|| a.slug.cmp(&b.slug))
                .then_with(|| a.lang.cmp(&b.lang))
        });
        // File order, whatever order the files were read or changed in; then the default
        // language first, so its version of a statement decides who said it.
        statements.sort_by(|a, b| a.path.cmp(&b.path));
        statements.sort_by_key(|s| !config.is_default(&s.lang));
        people.sort_by(|a, b| a.path.cmp(&b.path));
        pages.sort_by(|a, b| a.path.cmp(&b.path));

        // (kind, slug, language) → index in its list; a second claim is a URL clash.
        let mut clashes = Vec::new();
        let mut index = HashMap::new();
        for (i, (kind, slug, lang)) in keys(&releases, &statements, &people, &pages) {
            if let Some(first) = index.insert((kind, slug.clone(), lang.clone()), i) {
                clashes.push((kind, first, i));
            }
        }
        let doc = |kind: Kind, i: usize| -> (&std::path::Path, &str, &str, Option<usize>) {
            match kind {
                Kind::Release => {
                    let d = &releases[i];
                    (&d.path, &d.slug, &d.lang, d.line_of_key("slug"))
                }
                Kind::Statement => (
                    &statements[i].path,
                    &statements[i].slug,
                    &statements[i].lang,
                    None,
                ),
                Kind::Person => (&people[i].path, &people[i].slug, &people[i].lang, None),
                Kind::Page => (&pages[i].path, &pages[i].slug, &pages[i].lang, None),
            }
        };
        let mut diags: Vec<Diagnostic> = clashes
            .into_iter()
            .map(|(kind, a, b)| {
                let (mut this, mut other) = (doc(kind, a), doc(kind, b));
                // Report the clash on the file that overrides its slug, if one does: that
                // is the one to fix.
                if this.3.is_none() {
                    std::mem::swap(&mut this, &mut other);
                }
                let url = format!(
                    "/{}{}",
                    lang_prefix(&config, this.2),
                    route::item(kind, this.1)
                );
                Diagnostic::new(
                    this.0,
                    this.3,
                    format!(
                        "this file and {} both claim the URL {url}",
                        other.0.display()
                    ),
                )
                .with_hint("rename one of them, or give one another `slug:`")
            })
            .collect();

        for page in &pages {
            if route::RESERVED.contains(&page.slug.as_str())
                || config.language(&page.slug).is_some()
            {
                diags.push(
                    page.diagnostic(
                        None,
                        format!("the page URL /{}/ is used by the site itself", page.slug),
                    )
                    .with_hint("rename the file"),
                );
            }
        }

        // A reference to a file that exists but is broken is not reported as missing: the
        // broken file's own problem says what to fix.
        let exists = |kind: Kind, slug: &str| {
            unreadable.contains(&(kind, slug.to_string()))
                || config
                    .languages
                    .iter()
                    .any(|l| index.contains_key(&(kind, slug.to_string(), l.code.clone())))
        };
        // Slugs to suggest when a reference names one that does not exist.
        let slugs_of = |docs: &mut dyn Iterator<Item = &str>| -> Vec<String> {
            let mut all: Vec<String> = docs.map(str::to_string).collect();
            all.sort();
            all.dedup();
            all
        };
        let person_slugs = slugs_of(&mut people.iter().map(|p| p.slug.as_str()));
        let statement_slugs = slugs_of(&mut statements.iter().map(|s| s.slug.as_str()));
        let meant = |slug: &str, known: &[String]| {
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            crate::content::front_matter::did_you_mean(slug, &known)
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default()
        };
        for s in &statements {
            if !exists(Kind::Person, &s.meta.person) {
                diags.push(
                    s.diagnostic(
                        s.line_of_key("person"),
                        format!(
                            "`person: {}` names nobody in content/people/",
                            s.meta.person
                        ),
                    )
                    .with_hint(format!(
                        "{}create content/people/{}.md, or use the slug of an existing person",
                        meant(&s.meta.person, &person_slugs),
                        s.meta.person
                    )),
                );
            }
        }
        // Feed ids must be unique within a language's feed and be URIs, or feed readers
        // merge or reject entries.
        let mut ids: HashMap<(&str, &str), &std::path::Path> = HashMap::new();
        for r in &releases {
            let mut missing = Capped::default();
            let mut listed = HashSet::new();
            for slug in &r.meta.statements {
                if !exists(Kind::Statement, slug) {
                    missing.push_with(|| {
                        r.diagnostic(
                            r.line_of_value("statements", slug),
                            format!("statement `{slug}` does not exist in content/statements/"),
                        )
                        .with_hint(format!(
                            "{}create content/statements/{slug}.md, or fix the slug in `statements:`",
                            meant(slug, &statement_slugs)
                        ))
                    });
                } else if !listed.insert(slug) {
                    // Quoted twice, it would be printed twice: a slip, and a way to make
                    // one statement fill a page thousands of times over.
                    missing.push_with(|| {
                        r.diagnostic(
                            r.line_of_key("statements"),
                            format!("statement `{slug}` is listed twice in `statements:`"),
                        )
                        .with_hint("list each statement once")
                    });
                }
            }
            diags.extend(missing.finish(&r.path, "problems in `statements:`"));
            let mut bad_tags = Capped::default();
            for tag in &r.meta.tags {
                if crate::slug::slugify(tag).is_empty() {
                    bad_tags.push_with(|| {
                        r.diagnostic(
                            r.line_of_value("tags", tag),
                            format!("tag `{tag}` has no letter or digit to make a URL from"),
                        )
                    });
                }
            }
            diags.extend(bad_tags.finish(&r.path, "tags without a letter or digit"));
            if let Some(id) = &r.meta.id {
                if !is_uri(id) {
                    diags.push(
                        r.diagnostic(r.line_of_key("id"), format!("`id: {id}` is not a URI"))
                            .with_hint(
                                "use a URI such as urn:uuid:2f0c6f6e-5b0e-4c7e-9d55-1f3b8a1e9c42",
                            ),
                    );
                } else if let Some(other) = ids.insert((&r.lang, id), &r.path) {
                    diags.push(
                        r.diagnostic(
                            r.line_of_key("id"),
                            format!("`id: {id}` is also the id of {}", other.display()),
                        )
                        .with_hint("every release in a language needs its own feed id"),
                    );
                }
            }
        }
        if !problems.is_empty() || !diags.is_empty() {
            let mut all = problems;
            all.extend(diags);
            return Err(Error::Invalid(all));
        }

        // Embargoes. Everything was checked above, embargoed files included, so a
        // scheduled build cannot fail the moment an embargo lifts.
        let embargoes = embargoes(&releases, &statements, &draft_holds, publish.now);
        let mut withheld: Vec<Withheld> = embargoes
            .iter()
            .filter(|(_, until)| **until > publish.now)
            .map(|((kind, slug), until)| Withheld {
                kind: *kind,
                slug: slug.clone(),
                until: *until,
            })
            .collect();
        withheld.sort_by(|a, b| (a.until, a.kind, &a.slug).cmp(&(b.until, b.kind, &b.slug)));
        let mut held = Content::default();
        if !publish.embargoed {
            // Withheld means absent: no page, no list entry, no link, no feed item. The
            // documents are kept aside (not rendered) for when the embargo lifts.
            let pending: HashSet<(Kind, String)> =
                withheld.iter().map(|w| (w.kind, w.slug.clone())).collect();
            let (out, kept) = releases
                .into_iter()
                .partition(|r| pending.contains(&(Kind::Release, r.slug.clone())));
            (held.releases, releases) = (out, kept);
            let (out, kept) = statements
                .into_iter()
                .partition(|s| pending.contains(&(Kind::Statement, s.slug.clone())));
            (held.statements, statements) = (out, kept);
            index = index_of(&releases, &statements, &people, &pages);
        }

        let mut releases_by_lang: HashMap<String, Vec<usize>> = HashMap::new();
        let mut tags: HashMap<String, BTreeMap<String, Tag>> = HashMap::new();
        let mut quoted_in: HashMap<String, Vec<String>> = HashMap::new();
        let mut seen_quote: HashSet<(&str, &str)> = HashSet::new();
        for (i, r) in releases.iter().enumerate() {
            releases_by_lang.entry(r.lang.clone()).or_default().push(i);
            for name in &r.meta.tags {
                let tag = tags
                    .entry(r.lang.clone())
                    .or_default()
                    .entry(crate::slug::slugify(name))
                    .or_insert_with(|| Tag {
                        name: name.clone(),
                        releases: Vec::new(),
                    });
                if tag.releases.last() != Some(&i) {
                    tag.releases.push(i);
                }
            }
            for s in &r.meta.statements {
                if seen_quote.insert((s, &r.slug)) {
                    quoted_in.entry(s.clone()).or_default().push(r.slug.clone());
                }
            }
        }

        // A statement is dated by its own `date`, else by the newest release quoting it.
        let release_date: HashMap<&str, PubDate> = releases
            .iter()
            .rev()
            .map(|r| (r.slug.as_str(), r.meta.date))
            .collect();
        let mut by_person: HashMap<String, Vec<(Option<PubDate>, String)>> = HashMap::new();
        let mut seen_statement = HashSet::new();
        for s in &statements {
            if !seen_statement.insert(&s.slug) {
                continue;
            }
            let date = s.meta.date.or_else(|| {
                quoted_in
                    .get(&s.slug)
                    .and_then(|rs| rs.first())
                    .and_then(|r| release_date.get(r.as_str()).copied())
            });
            by_person
                .entry(s.meta.person.clone())
                .or_default()
                .push((date, s.slug.clone()));
        }
        let statements_by = by_person
            .into_iter()
            .map(|(person, mut list)| {
                list.sort_by(|(da, sa), (db, sb)| db.cmp(da).then_with(|| sa.cmp(sb)));
                (person, list.into_iter().map(|(_, s)| s).collect())
            })
            .collect();
        let mut seen_person = HashSet::new();
        let people_slugs = people
            .iter()
            .filter(|p| seen_person.insert(p.slug.as_str()))
            .map(|p| p.slug.clone())
            .collect();

        let by_path = releases
            .iter()
            .enumerate()
            .map(|(i, d)| (d.path.clone(), (Kind::Release, i)))
            .chain(
                statements
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.path.clone(), (Kind::Statement, i))),
            )
            .chain(
                people
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.path.clone(), (Kind::Person, i))),
            )
            .chain(
                pages
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.path.clone(), (Kind::Page, i))),
            )
            .collect();

        Ok(Site {
            config,
            by_path,
            publish: publish.clone(),
            withheld,
            embargoes,
            held,
            releases,
            statements,
            people,
            pages,
            index,
            releases_by_lang,
            tags,
            quoted_in,
            statements_by,
            people_slugs,
        })
    }

    /// The index of `slug` of `kind` in `lang`, in its list, without fallback.
    pub fn find(&self, kind: Kind, slug: &str, lang: &str) -> Option<usize> {
        self.index
            .get(&(kind, slug.to_string(), lang.to_string()))
            .copied()
    }

    /// The item in `lang`, else in the default language, else in any language; with a flag
    /// saying whether it is a fallback.
    fn resolve(&self, kind: Kind, slug: &str, lang: &str) -> Option<(usize, bool)> {
        if let Some(i) = self.find(kind, slug, lang) {
            return Some((i, false));
        }
        std::iter::once(self.config.default_language.as_str())
            .chain(self.config.languages.iter().map(|l| l.code.as_str()))
            .find_map(|l| self.find(kind, slug, l))
            .map(|i| (i, true))
    }

    /// A copy of the content the site was made from (embargoed documents included, drafts
    /// it left out excepted), to change and make a new site from.
    pub fn to_content(&self) -> Content {
        Content {
            releases: [&self.releases[..], &self.held.releases[..]].concat(),
            statements: [&self.statements[..], &self.held.statements[..]].concat(),
            people: self.people.clone(),
            pages: self.pages.clone(),
            ..Content::default()
        }
    }

    /// The releases of `lang`'s feeds, newest first by their feed date (the embargo's end
    /// for a release that had one), at most `feed_limit`.
    pub fn feed_releases(&self, lang: &str) -> Vec<(usize, DateTime<FixedOffset>)> {
        let mut entries: Vec<(usize, DateTime<FixedOffset>)> = self
            .releases_in(lang)
            .iter()
            .map(|&i| {
                let r = &self.releases[i];
                (
                    i,
                    self.embargo(Kind::Release, &r.slug)
                        .unwrap_or(r.meta.date.moment),
                )
            })
            .collect();
        entries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        entries.truncate(self.config.feed_limit);
        entries
    }

    /// The embargo of a release or statement slug, lifted or not.
    pub fn embargo(&self, kind: Kind, slug: &str) -> Option<DateTime<FixedOffset>> {
        self.embargoes.get(&(kind, slug.to_string())).copied()
    }

    /// The embargo of a slug that has not lifted yet (only seen in a preview).
    pub fn pending_embargo(&self, kind: Kind, slug: &str) -> Option<DateTime<FixedOffset>> {
        self.embargo(kind, slug).filter(|t| *t > self.publish.now)
    }

    /// The slug and language of the document read from `path`.
    pub fn key_of(&self, path: &Path) -> Option<(String, String)> {
        let (kind, i) = *self.by_path.get(path)?;
        let (slug, lang) = match kind {
            Kind::Release => (&self.releases[i].slug, &self.releases[i].lang),
            Kind::Statement => (&self.statements[i].slug, &self.statements[i].lang),
            Kind::Person => (&self.people[i].slug, &self.people[i].lang),
            Kind::Page => (&self.pages[i].slug, &self.pages[i].lang),
        };
        Some((slug.clone(), lang.clone()))
    }

    /// The front matter and body of the document read from `path`.
    /// Moves the Markdown of every document out of the site, leaving the bodies empty:
    /// `(path, body, line the body starts on)`. A one-off build renders it once and has no
    /// further use for it; on a large site it is hundreds of megabytes.
    pub fn take_markdown(&mut self) -> Vec<(PathBuf, String, usize)> {
        let mut taken = Vec::with_capacity(self.by_path.len());
        let mut take = |path: &Path, body: &mut String, line: usize| {
            taken.push((path.to_path_buf(), std::mem::take(body), line));
        };
        for d in &mut self.releases {
            take(&d.path, &mut d.body, d.body_line);
        }
        for d in &mut self.statements {
            take(&d.path, &mut d.body, d.body_line);
        }
        for d in &mut self.people {
            take(&d.path, &mut d.body, d.body_line);
        }
        for d in &mut self.pages {
            take(&d.path, &mut d.body, d.body_line);
        }
        taken
    }

    /// The files that still hold text `pressroom new` or `init` wrote for staff to
    /// replace, site.toml among them (embargoed documents included).
    pub fn placeholders(&self) -> Vec<(&Path, usize)> {
        fn of(path: &Path, line: Option<usize>) -> Option<(&Path, usize)> {
            line.map(|l| (path, l))
        }
        let config = self
            .config
            .placeholder
            .map(|l| (Path::new(crate::config::FILE_NAME), l));
        config
            .into_iter()
            .chain(
                self.releases
                    .iter()
                    .chain(&self.held.releases)
                    .filter_map(|d| of(&d.path, d.placeholder)),
            )
            .chain(
                self.statements
                    .iter()
                    .chain(&self.held.statements)
                    .filter_map(|d| of(&d.path, d.placeholder)),
            )
            .chain(
                self.people
                    .iter()
                    .filter_map(|d| of(&d.path, d.placeholder)),
            )
            .chain(self.pages.iter().filter_map(|d| of(&d.path, d.placeholder)))
            .collect()
    }

    /// The line the body of the document at `path` starts on.
    pub fn body_line(&self, path: &Path) -> Option<usize> {
        let (kind, i) = *self.by_path.get(path)?;
        Some(match kind {
            Kind::Release => self.releases[i].body_line,
            Kind::Statement => self.statements[i].body_line,
            Kind::Person => self.people[i].body_line,
            Kind::Page => self.pages[i].body_line,
        })
    }

    pub fn source(&self, path: &Path) -> Option<(&str, &str)> {
        let (kind, i) = *self.by_path.get(path)?;
        Some(match kind {
            Kind::Release => (
                self.releases[i].front_matter(),
                self.releases[i].body.as_str(),
            ),
            Kind::Statement => (
                self.statements[i].front_matter(),
                self.statements[i].body.as_str(),
            ),
            Kind::Person => (self.people[i].front_matter(), self.people[i].body.as_str()),
            Kind::Page => (self.pages[i].front_matter(), self.pages[i].body.as_str()),
        })
    }

    /// Replaces the Markdown body of the document read from `path`: a change that moves
    /// nothing else in the site.
    pub fn set_body(&mut self, path: &Path, body: String) {
        match self.by_path.get(path) {
            Some((Kind::Release, i)) => self.releases[*i].body = body,
            Some((Kind::Statement, i)) => self.statements[*i].body = body,
            Some((Kind::Person, i)) => self.people[*i].body = body,
            Some((Kind::Page, i)) => self.pages[*i].body = body,
            None => {}
        }
    }

    /// The languages `slug` of `kind` exists in, in site order.
    pub fn translations(&self, kind: Kind, slug: &str) -> Vec<&str> {
        self.config
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .filter(|l| self.find(kind, slug, l).is_some())
            .collect()
    }

    pub fn releases_in(&self, lang: &str) -> &[usize] {
        self.releases_by_lang
            .get(lang)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn release(&self, slug: &str, lang: &str) -> Option<(usize, bool)> {
        self.resolve(Kind::Release, slug, lang)
    }

    pub fn statement(&self, slug: &str, lang: &str) -> Option<(usize, bool)> {
        self.resolve(Kind::Statement, slug, lang)
    }

    pub fn person(&self, slug: &str, lang: &str) -> Option<(usize, bool)> {
        self.resolve(Kind::Person, slug, lang)
    }

    pub fn page(&self, slug: &str, lang: &str) -> Option<(usize, bool)> {
        self.resolve(Kind::Page, slug, lang)
    }

    /// Slugs of the releases quoting statement `slug`, newest first.
    pub fn quoted_in(&self, slug: &str) -> &[String] {
        self.quoted_in.get(slug).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Slugs of the statements of person `slug`, newest first.
    pub fn statements_by(&self, slug: &str) -> &[String] {
        self.statements_by
            .get(slug)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Distinct people slugs, in file order.
    pub fn people_slugs(&self) -> &[String] {
        &self.people_slugs
    }

    /// How many pages the release list of `lang` has (at least one, even when empty).
    pub fn release_pages(&self, lang: &str) -> usize {
        self.releases_in(lang)
            .len()
            .div_ceil(self.config.paginate_by)
            .max(1)
    }

    /// The language whose version a page's `x-default` alternate points at: the default
    /// language when the page exists in it, else the first of the site's languages.
    pub fn x_default<'a>(&self, available: &[&'a str]) -> Option<&'a str> {
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

    /// The absolute URL of `route` (like `releases/x/`) in `lang`.
    pub fn url(&self, lang: &str, route: &str) -> String {
        let mut url = String::with_capacity(self.config.base_url.len() + route.len() + 8);
        url.push_str(&self.config.base_url);
        if !self.config.is_default(lang) {
            push_segments(&mut url, lang);
        }
        push_segments(&mut url, route);
        url
    }

    /// The absolute URL of a file of the site, such as `people/ada.jpg` from static/.
    pub fn asset_url(&self, path: &str) -> String {
        let mut url = self.config.base_url.clone();
        push_segments(&mut url, path);
        url
    }

    /// The output file of `route` in `lang`, relative to the output folder.
    pub fn file(&self, lang: &str, route: &str) -> String {
        let mut file = lang_prefix(&self.config, lang).to_string();
        file.push_str(route);
        if route.is_empty() || route.ends_with('/') {
            file.push_str("index.html");
        }
        file
    }
}

/// Every document's (kind, slug, language) with its index in its list.
fn keys<'a>(
    releases: &'a [Release],
    statements: &'a [Statement],
    people: &'a [Person],
    pages: &'a [Page],
) -> impl Iterator<Item = (usize, (Kind, &'a String, &'a String))> {
    releases
        .iter()
        .map(|d| (Kind::Release, &d.slug, &d.lang))
        .enumerate()
        .chain(
            statements
                .iter()
                .map(|d| (Kind::Statement, &d.slug, &d.lang))
                .enumerate(),
        )
        .chain(
            people
                .iter()
                .map(|d| (Kind::Person, &d.slug, &d.lang))
                .enumerate(),
        )
        .chain(
            pages
                .iter()
                .map(|d| (Kind::Page, &d.slug, &d.lang))
                .enumerate(),
        )
}

fn index_of(
    releases: &[Release],
    statements: &[Statement],
    people: &[Person],
    pages: &[Page],
) -> HashMap<(Kind, String, String), usize> {
    keys(releases, statements, people, pages)
        .map(|(i, (kind, slug, lang))| ((kind, slug.clone(), lang.clone()), i))
        .collect()
}

/// When each release and statement slug is embargoed until: the latest embargo among its
/// files (one language's embargo holds every language back), and a statement quoted only
/// by embargoed releases waits for the first of them to lift.
fn embargoes(
    releases: &[Release],
    statements: &[Statement],
    draft_holds: &[(String, DateTime<FixedOffset>)],
    now: DateTime<FixedOffset>,
) -> HashMap<(Kind, String), DateTime<FixedOffset>> {
    let mut until: HashMap<(Kind, String), DateTime<FixedOffset>> = HashMap::new();
    let mut hold = |kind: Kind, slug: &str, moment: DateTime<FixedOffset>| {
        let e = until.entry((kind, slug.to_string())).or_insert(moment);
        *e = (*e).max(moment);
    };
    for (slug, moment) in draft_holds {
        hold(Kind::Release, slug, *moment);
    }
    for r in releases {
        if let Some(m) = r.meta.embargo {
            hold(Kind::Release, &r.slug, m.0);
        }
    }
    for s in statements {
        if let Some(m) = s.meta.embargo {
            hold(Kind::Statement, &s.slug, m.0);
        }
    }
    let pending = |slug: &str| {
        until
            .get(&(Kind::Release, slug.to_string()))
            .filter(|t| **t > now)
            .copied()
    };
    let mut quoted_published: HashSet<&str> = HashSet::new();
    let mut quoted_withheld: HashMap<&str, DateTime<FixedOffset>> = HashMap::new();
    for r in releases {
        for s in &r.meta.statements {
            match pending(&r.slug) {
                None => {
                    quoted_published.insert(s);
                }
                Some(lift) => {
                    let e = quoted_withheld.entry(s).or_insert(lift);
                    *e = (*e).min(lift);
                }
            }
        }
    }
    let inherited: Vec<(String, DateTime<FixedOffset>)> = quoted_withheld
        .into_iter()
        .filter(|(s, _)| !quoted_published.contains(s))
        .map(|(s, lift)| (s.to_string(), lift))
        .collect();
    for (slug, lift) in inherited {
        let e = until.entry((Kind::Statement, slug)).or_insert(lift);
        *e = (*e).max(lift);
    }
    until
}

/// Which content a build publishes.
#[derive(Debug, Clone)]
pub struct Publish {
    /// Include releases marked `draft: true`.
    pub drafts: bool,
    /// The build clock: embargoes up to this moment have lifted.
    pub now: DateTime<FixedOffset>,
    /// Keep items under embargo, marked as such (`serve`, and the embargoed preview).
    pub embargoed: bool,
    /// A private preview: no feeds, no sitemap, kept out of search engines.
    pub private: bool,
}

/// A release or statement held back by its embargo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withheld {
    pub kind: Kind,
    pub slug: String,
    pub until: DateTime<FixedOffset>,
}

/// `ar/` for a language under its own folder, nothing for the default language.
/// Appends `/segment` for each segment of `path`, percent-encoded.
fn push_segments(url: &mut String, path: &str) {
    for segment in path.trim_start_matches('/').split('/') {
        url.push('/');
        url.extend(utf8_percent_encode(segment, SEGMENT));
    }
}

fn lang_prefix<'a>(config: &Config, lang: &'a str) -> std::borrow::Cow<'a, str> {
    if config.is_default(lang) {
        "".into()
    } else {
        format!("{lang}/").into()
    }
}

/// `urn:uuid:…`, `tag:…`, `https://…`: a scheme, a colon, something after it.
fn is_uri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => {
            !rest.is_empty()
                && !rest.contains(char::is_whitespace)
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Routes of each kind of page, relative to a language's root.
pub mod route {
    use crate::content::Kind;

    pub fn item(kind: Kind, slug: &str) -> String {
        match kind {
            Kind::Page => format!("{slug}/"),
            _ => format!("{}/{slug}/", kind.dir()),
        }
    }

    pub fn releases_page(n: usize) -> String {
        if n <= 1 {
            "releases/".into()
        } else {
            format!("releases/page/{n}/")
        }
    }

    pub fn tag(slug: &str) -> String {
        format!("tags/{slug}/")
    }

    pub const PEOPLE: &str = "people/";
    pub const TAGS: &str = "tags/";
    pub const RSS: &str = "feed.xml";
    pub const ATOM: &str = "atom.xml";
    pub const SITEMAP: &str = "sitemap.xml";
    pub const ROBOTS: &str = "robots.txt";
    /// HTTP headers for Netlify and Cloudflare Pages.
    pub const HEADERS: &str = "_headers";
    pub const NOT_FOUND: &str = "404.html";

    /// First path segments the site itself uses: a page slug equal to one would collide.
    pub const RESERVED: &[&str] = &[
        "releases",
        "statements",
        "people",
        "tags",
        "index.html",
        RSS,
        ATOM,
        SITEMAP,
        ROBOTS,
        HEADERS,
        NOT_FOUND,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_ids_must_be_uris() {
        for good in [
            "urn:uuid:d41bf3c9-1d64-4865-9101-60b56eba0846",
            "tag:x.org,2023:a",
            "https://x.org/a",
        ] {
            assert!(is_uri(good), "{good}");
        }
        for bad in ["same", "", ":x", "1x:y", "urn:", "a b:c", "urn:two words"] {
            assert!(!is_uri(bad), "{bad}");
        }
    }
}
