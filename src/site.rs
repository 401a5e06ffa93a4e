//! The Site: every content file indexed by (kind, slug, language), drafts dropped,
//! references checked (statements → people, releases → statements), translations grouped,
//! tags gathered, and the URL of everything. Renderers only read from it.
//!
//! Every derived index is built in one pass over the content with hash maps, so no step is
//! quadratic in the number of releases.

use std::collections::{BTreeMap, HashMap, HashSet};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::config::Config;
use crate::content::model::PubDate;
use crate::content::{Content, Kind, Page, Person, Release, Statement};
use crate::error::{Diagnostic, Error};

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

/// First path segments the site itself uses; a page with one of these slugs would collide.
const RESERVED: &[&str] = &[
    "releases",
    "statements",
    "people",
    "tags",
    "feed.xml",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
];

/// A tag of one language, with the releases carrying it, newest first.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub releases: Vec<usize>,
}

/// The indexed, checked site.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Newest first (then by slug and language): list order everywhere.
    pub releases: Vec<(Release, PubDate)>,
    pub statements: Vec<(Statement, Option<PubDate>)>,
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
}

impl Site {
    pub fn new(config: Config, content: Content, drafts: bool) -> Result<Site, Error> {
        let Content {
            mut releases,
            statements,
            people,
            pages,
            unreadable,
            problems,
        } = content;
        if !drafts {
            releases.retain(|(r, _)| !r.meta.draft);
        }
        releases.sort_by(|(a, da), (b, db)| {
            db.moment
                .cmp(&da.moment)
                .then_with(|| a.slug.cmp(&b.slug))
                .then_with(|| a.lang.cmp(&b.lang))
        });

        // (kind, slug, language) → index in its list; a second claim is a URL clash.
        let mut index = HashMap::new();
        let mut clashes = Vec::new();
        let keys = releases
            .iter()
            .map(|(d, _)| (Kind::Release, &d.slug, &d.lang))
            .enumerate()
            .chain(
                statements
                    .iter()
                    .map(|(d, _)| (Kind::Statement, &d.slug, &d.lang))
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
            );
        for (i, (kind, slug, lang)) in keys {
            if let Some(first) = index.insert((kind, slug.clone(), lang.clone()), i) {
                clashes.push((kind, first, i));
            }
        }
        let doc = |kind: Kind, i: usize| -> (&std::path::Path, &str, &str, Option<usize>) {
            match kind {
                Kind::Release => {
                    let d = &releases[i].0;
                    (&d.path, &d.slug, &d.lang, d.line_of_key("slug"))
                }
                Kind::Statement => (
                    &statements[i].0.path,
                    &statements[i].0.slug,
                    &statements[i].0.lang,
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
                    if config.is_default(this.2) {
                        String::new()
                    } else {
                        format!("{}/", this.2)
                    },
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
            if RESERVED.contains(&page.slug.as_str()) || config.language(&page.slug).is_some() {
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
        for (s, _) in &statements {
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
                        "create content/people/{}.md, or use the slug of an existing person",
                        s.meta.person
                    )),
                );
            }
        }
        for (r, _) in &releases {
            for slug in &r.meta.statements {
                if !exists(Kind::Statement, slug) {
                    diags.push(
                        r.diagnostic(
                            r.line_of_value("statements", slug),
                            format!("statement `{slug}` does not exist in content/statements/"),
                        )
                        .with_hint(format!(
                            "create content/statements/{slug}.md, or fix the slug in `statements:`"
                        )),
                    );
                }
            }
            for tag in &r.meta.tags {
                if slugify(tag).is_empty() {
                    diags.push(r.diagnostic(
                        r.line_of_value("tags", tag),
                        format!("tag `{tag}` has no letter or digit to make a URL from"),
                    ));
                }
            }
        }
        if !problems.is_empty() || !diags.is_empty() {
            let mut all = problems;
            all.extend(diags);
            return Err(Error::Invalid(all));
        }

        let mut releases_by_lang: HashMap<String, Vec<usize>> = HashMap::new();
        let mut tags: HashMap<String, BTreeMap<String, Tag>> = HashMap::new();
        let mut quoted_in: HashMap<String, Vec<String>> = HashMap::new();
        let mut seen_quote: HashSet<(&str, &str)> = HashSet::new();
        for (i, (r, _)) in releases.iter().enumerate() {
            releases_by_lang.entry(r.lang.clone()).or_default().push(i);
            for name in &r.meta.tags {
                let slug = slugify(name);
                let tag = tags
                    .entry(r.lang.clone())
                    .or_default()
                    .entry(slug.clone())
                    .or_insert_with(|| Tag {
                        name: name.clone(),
                        slug,
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
            .map(|(r, d)| (r.slug.as_str(), *d))
            .collect();
        let mut by_person: HashMap<String, Vec<(Option<PubDate>, String)>> = HashMap::new();
        let mut seen_statement = HashSet::new();
        for (s, date) in &statements {
            if !seen_statement.insert(&s.slug) {
                continue;
            }
            let date = date.or_else(|| {
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

        Ok(Site {
            config,
            releases,
            statements,
            people,
            pages,
            index,
            releases_by_lang,
            tags,
            quoted_in,
            statements_by,
        })
    }

    fn find(&self, kind: Kind, slug: &str, lang: &str) -> Option<usize> {
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
    pub fn people_slugs(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.people
            .iter()
            .map(|p| p.slug.as_str())
            .filter(|s| seen.insert(*s))
            .collect()
    }

    /// The absolute URL of `route` (like `releases/x/`) in `lang`.
    pub fn url(&self, lang: &str, route: &str) -> String {
        let mut url = self.config.base_url.clone();
        url.push('/');
        if !self.config.is_default(lang) {
            url.push_str(lang);
            url.push('/');
        }
        for (i, segment) in route.split('/').enumerate() {
            if i > 0 {
                url.push('/');
            }
            url.extend(utf8_percent_encode(segment, SEGMENT));
        }
        url
    }

    /// The output file of `route` in `lang`, relative to the output folder.
    pub fn file(&self, lang: &str, route: &str) -> String {
        let mut file = String::new();
        if !self.config.is_default(lang) {
            file.push_str(lang);
            file.push('/');
        }
        file.push_str(route);
        if route.is_empty() || route.ends_with('/') {
            file.push_str("index.html");
        }
        file
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
}

/// A tag's URL segment: lowercase letters and digits of any script, joined by hyphens.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_keeps_letters_of_any_script() {
        assert_eq!(slugify("Human Rights"), "human-rights");
        assert_eq!(slugify("  ICJ / Torture!! "), "icj-torture");
        assert_eq!(slugify("محكمة العدل الدولية"), "محكمة-العدل-الدولية");
        assert_eq!(slugify("../.."), "");
    }
}
