//! HTML pages: the Tera context of each kind of page, and the parts every page shares
//! (language, hreflang alternates, canonical URL, language switcher, feeds, navigation).

use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

use tera::{Context, Value};

use super::{Job, OutputFile, Renderer};
use crate::config::{Direction, Language};
use crate::content::model::PubDate;
use crate::content::{Kind, Page};
use crate::error::Diagnostic;
use crate::i18n::I18n;
use crate::site::Site;
use crate::site::route;

/// The template a free page is rendered with.
pub fn page_template(page: &Page) -> String {
    format!("{}.html", page.meta.template.as_deref().unwrap_or("page"))
}

/// How many releases the home page lists.
pub(super) const HOME_RELEASES: usize = 10;

/// The partial both the release page and its feed entry render the release body with.
const RELEASE_BODY: &str = "partials/release_body.html";

#[derive(Serialize)]
struct LangView<'a> {
    code: &'a str,
    name: &'a str,
    dir: Direction,
    locale: &'a str,
}

impl<'a> LangView<'a> {
    fn of(language: &'a Language) -> Self {
        LangView {
            code: &language.code,
            name: &language.name,
            dir: language.direction,
            locale: &language.locale,
        }
    }
}

#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

#[derive(Serialize)]
struct Switch<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
    dir: Direction,
    current: bool,
}

#[derive(Serialize)]
struct Nav {
    home: String,
    releases: String,
    people: String,
    tags: String,
    about: Option<String>,
    contact: Option<String>,
    rss: String,
    atom: String,
}

#[derive(Serialize)]
struct Head {
    title: String,
    description: String,
    canonical: Option<String>,
    alternates: Vec<Alternate>,
    x_default: Option<String>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    /// The Content-Security-Policy every page carries.
    csp: &'a str,
    base_url: &'a str,
    boilerplate: &'a str,
    contact: &'a crate::config::Contact,
}

#[derive(Serialize)]
struct Link {
    name: String,
    url: String,
}

#[derive(Serialize)]
struct Translation<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ReleaseCard<'a> {
    slug: &'a str,
    title: &'a str,
    subtitle: Option<&'a str>,
    summary: Option<&'a str>,
    location: Option<&'a str>,
    url: String,
    date: String,
    date_iso: String,
    lang: &'a str,
    dir: Direction,
    fallback: bool,
    extra: &'a crate::content::model::Extra,
}

#[derive(Serialize)]
struct PersonLink {
    name: String,
    url: String,
    lang: String,
    dir: Direction,
}

#[derive(Serialize)]
struct StatementView<'a> {
    slug: &'a str,
    url: String,
    body: &'a str,
    intro: Option<&'a str>,
    /// Between the speaker's name and the intro, in the statement's language.
    separator: &'a str,
    person: PersonLink,
    date: Option<String>,
    date_iso: Option<String>,
    lang: &'a str,
    dir: Direction,
    /// Shown in another language because this one has no translation.
    fallback: bool,
    extra: &'a crate::content::model::Extra,
}

#[derive(Serialize)]
struct PersonView<'a> {
    slug: &'a str,
    name: &'a str,
    role: Option<&'a str>,
    organization: Option<&'a str>,
    bio: &'a str,
    url: String,
    /// Interview languages: `value` is the code, `label` the endonym (or the code for a
    /// language the site is not written in).
    languages: Vec<Choice>,
    interviews: bool,
    photo: Option<String>,
    lang: &'a str,
    dir: Direction,
    fallback: bool,
    extra: &'a crate::content::model::Extra,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct Form {
    action: String,
    /// The form composes an email instead of posting to a server.
    mailto: bool,
    /// Says plainly where the request goes: the text around the address, and the address
    /// (isolated in the template so it reads right in right-to-left text).
    notice_before: String,
    notice_after: String,
    target: String,
    kinds: Vec<Choice>,
    languages: Vec<Choice>,
}

/// The first page of each template and language is read as a browser reads it: what its
/// template's source does not show (a URL put together by an expression, or taken from a
/// UI string) must not load from another host either, and the site's policy must be on it.
fn check_rendered(r: &Renderer, template: &str, url: &str, html: &[u8]) -> Result<(), Diagnostic> {
    let page = url::Url::parse(url).unwrap_or_else(|_| crate::privacy::site_url(&r.site.config));
    let problems =
        crate::privacy::rendered_page(&r.site.config, &String::from_utf8_lossy(html), &page);
    let Some(first) = problems.into_iter().next() else {
        return Ok(());
    };
    let file = r
        .templates
        .file(template)
        .cloned()
        .unwrap_or_else(|| template.into());
    Err(
        Diagnostic::new(file, None, format!("the page {url} {first}"))
            .with_hint("the template, or one it extends or includes, writes it"),
    )
}

/// Renders one HTML job.
pub fn render(r: &Renderer, job: &Job) -> Result<OutputFile, Diagnostic> {
    let site = r.site;
    let index = |kind: Kind, slug: &str, lang: &str| {
        site.find(kind, slug, lang).ok_or_else(|| {
            Diagnostic::new(
                site.file(lang, &route::item(kind, slug)),
                None,
                "nothing to render here",
            )
        })
    };
    let (lang, route, template, ctx) = match job {
        Job::Home { lang } => {
            let mut ctx = r.base(lang, "", &all(r), r.i18n.text(lang, "home_title"), None);
            let cards: Vec<_> = site.releases_in(lang)
                [..site.releases_in(lang).len().min(HOME_RELEASES)]
                .iter()
                .map(|&i| r.card(i, lang))
                .collect();
            ctx.insert("releases", &cards);
            ctx.insert("spokespeople", &r.spokespeople(lang));
            (lang.as_str(), String::new(), "home.html".to_string(), ctx)
        }
        Job::Releases { lang, page } => {
            let per = site.config.paginate_by;
            let all_here = site.releases_in(lang);
            let total = site.release_pages(lang);
            let route = route::releases_page(*page);
            let available: Vec<&str> = site
                .config
                .languages
                .iter()
                .map(|l| l.code.as_str())
                .filter(|l| site.release_pages(l) >= *page)
                .collect();
            let mut title = r.i18n.text(lang, "releases_title").to_string();
            if *page > 1 {
                title = format!("{title} ({page}/{total})");
            }
            let mut ctx = r.base(lang, &route, &available, &title, None);
            let cards: Vec<_> = all_here
                .iter()
                .skip((page - 1) * per)
                .take(per)
                .map(|&i| r.card(i, lang))
                .collect();
            ctx.insert("releases", &cards);
            ctx.insert(
                "pagination",
                &Pagination {
                    current: *page,
                    total,
                    prev: (*page > 1).then(|| site.url(lang, &route::releases_page(page - 1))),
                    next: (*page < total).then(|| site.url(lang, &route::releases_page(page + 1))),
                },
            );
            (lang.as_str(), route, "releases.html".to_string(), ctx)
        }
        Job::Item {
            kind: Kind::Release,
            slug,
            lang,
        } => {
            let i = &index(Kind::Release, slug, lang)?;
            let doc = &site.releases[*i];
            let lang = doc.lang.as_str();
            let route = route::item(Kind::Release, &doc.slug);
            let available = site.translations(Kind::Release, &doc.slug);
            let mut ctx = r.base(
                lang,
                &route,
                &available,
                &doc.meta.title,
                doc.meta.summary.as_deref(),
            );
            let tags: Vec<Link> = doc
                .meta
                .tags
                .iter()
                .map(|t| Link {
                    name: t.clone(),
                    url: site.url(lang, &route::tag(&crate::slug::slugify(t))),
                })
                .collect();
            let translations: Vec<Translation> = available
                .iter()
                .filter(|l| **l != lang)
                .map(|l| Translation {
                    code: l,
                    name: &r.language(l).name,
                    url: site.url(l, &route),
                })
                .collect();
            ctx.insert("release", &r.card(*i, lang));
            ctx.insert("embargo", &r.embargo_notice(Kind::Release, &doc.slug, lang));
            r.release_body(*i, &mut ctx);
            ctx.insert("tags", &tags);
            ctx.insert("translations", &translations);
            (lang, route, "release.html".to_string(), ctx)
        }
        Job::Item {
            kind: Kind::Statement,
            slug,
            lang,
        } => {
            let i = &index(Kind::Statement, slug, lang)?;
            let doc = &site.statements[*i];
            let lang = doc.lang.as_str();
            let route = route::item(Kind::Statement, &doc.slug);
            let available = site.translations(Kind::Statement, &doc.slug);
            let view = r.statement_view(*i, lang, false);
            let title = format!(
                "{}{}{}",
                view.person.name,
                r.i18n.text(lang, "comma"),
                r.i18n.text(lang, "statement")
            );
            let mut ctx = r.base(lang, &route, &available, &title, None);
            let releases: Vec<_> = site
                .quoted_in(&doc.slug)
                .iter()
                .filter_map(|s| site.release(s, lang))
                .map(|(ri, _)| r.card(ri, lang))
                .collect();
            ctx.insert("statement", &view);
            ctx.insert(
                "embargo",
                &r.embargo_notice(Kind::Statement, &doc.slug, lang),
            );
            ctx.insert("releases", &releases);
            (lang, route, "statement.html".to_string(), ctx)
        }
        Job::People { lang } => {
            let mut ctx = r.base(
                lang,
                route::PEOPLE,
                &all(r),
                r.i18n.text(lang, "people_title"),
                None,
            );
            let people: Vec<_> = site
                .people_slugs()
                .iter()
                .filter_map(|s| site.person(s, lang))
                .map(|(pi, fallback)| r.person_view(pi, fallback))
                .collect();
            ctx.insert("people", &people);
            (
                lang.as_str(),
                route::PEOPLE.to_string(),
                "people.html".to_string(),
                ctx,
            )
        }
        Job::Item {
            kind: Kind::Person,
            slug,
            lang,
        } => {
            let i = &index(Kind::Person, slug, lang)?;
            let doc = &site.people[*i];
            let lang = doc.lang.as_str();
            let route = route::item(Kind::Person, &doc.slug);
            let available = site.translations(Kind::Person, &doc.slug);
            let view = r.person_view(*i, false);
            let description = [view.role, view.organization]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(r.i18n.text(lang, "comma"));
            let mut ctx = r.base(
                lang,
                &route,
                &available,
                doc.meta.name.as_str(),
                Some(&description),
            );
            let statements: Vec<_> = site
                .statements_by(&doc.slug)
                .iter()
                .filter_map(|s| site.statement(s, lang))
                .map(|(si, fallback)| r.statement(si, lang, fallback))
                .collect();
            ctx.insert("person", &view);
            ctx.insert("statements", &statements);
            (lang, route, "person.html".to_string(), ctx)
        }
        Job::Tags { lang } => {
            let mut ctx = r.base(
                lang,
                route::TAGS,
                &all(r),
                r.i18n.text(lang, "tags_title"),
                None,
            );
            let tags: Vec<_> = site
                .tags
                .get(lang)
                .into_iter()
                .flat_map(|t| t.iter())
                .map(|(slug, t)| TagView {
                    name: &t.name,
                    url: site.url(lang, &route::tag(slug)),
                    count: t.releases.len(),
                })
                .collect();
            ctx.insert("tags", &tags);
            (
                lang.as_str(),
                route::TAGS.to_string(),
                "tags.html".to_string(),
                ctx,
            )
        }
        Job::Tag { lang, slug } => {
            let tag = &site.tags[lang][slug];
            let route = route::tag(slug);
            let title = format!(
                "{}{}{}",
                r.i18n.text(lang, "tag_title"),
                r.i18n.text(lang, "colon"),
                tag.name
            );
            let mut ctx = r.base(lang, &route, &[lang.as_str()], &title, None);
            let cards: Vec<_> = tag.releases.iter().map(|&i| r.card(i, lang)).collect();
            ctx.insert(
                "tag",
                &TagView {
                    name: &tag.name,
                    url: site.url(lang, &route),
                    count: cards.len(),
                },
            );
            ctx.insert("releases", &cards);
            (lang.as_str(), route, "tag.html".to_string(), ctx)
        }
        Job::Item {
            kind: Kind::Page,
            slug,
            lang,
        } => {
            let i = &index(Kind::Page, slug, lang)?;
            let doc = &site.pages[*i];
            let lang = doc.lang.as_str();
            let route = route::item(Kind::Page, &doc.slug);
            let available = site.translations(Kind::Page, &doc.slug);
            let mut ctx = r.base(lang, &route, &available, &doc.meta.title, None);
            ctx.insert(
                "page",
                &PageView {
                    title: &doc.meta.title,
                    body: r.bodies.one(&doc.path),
                    extra: &doc.meta.extra,
                },
            );
            ctx.insert("form", &r.form(lang));
            ctx.insert("spokespeople", &r.spokespeople(lang));
            (lang, route, page_template(doc), ctx)
        }
        Job::NotFound => {
            let lang = site.config.default_language.as_str();
            let mut ctx = r.base(
                lang,
                route::NOT_FOUND,
                &[],
                r.i18n.text(lang, "not_found_title"),
                None,
            );
            let homes: Vec<Link> = site
                .config
                .languages
                .iter()
                .map(|l| Link {
                    name: l.name.clone(),
                    url: site.url(&l.code, ""),
                })
                .collect();
            ctx.insert("homes", &homes);
            (
                lang,
                route::NOT_FOUND.to_string(),
                "404.html".to_string(),
                ctx,
            )
        }
        Job::Feeds { .. } | Job::Sitemap | Job::Robots | Job::Headers => {
            unreachable!("feeds and sitemaps are rendered by their own modules")
        }
    };
    let mut bytes = Vec::with_capacity(16 * 1024);
    let url = site.url(lang, &route);
    r.templates
        .tera
        .render_to(&template, &ctx, &mut bytes)
        .map_err(|e| r.templates.diagnostic(&e, &url))?;
    if r.bodies.sample_pages && r.first_of(&template, lang) {
        check_rendered(r, &template, &url, &bytes)?;
    }
    Ok(OutputFile {
        path: site.file(lang, &route),
        bytes: bytes.into(),
        lang: Some(lang.to_string()),
        kind: job.kind(),
    })
}

#[derive(Serialize)]
struct TagView<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    body: &'a str,
    extra: &'a crate::content::model::Extra,
}

/// The parts of the context that depend only on the page's language, made once per
/// render rather than once per page (Tera values share their data when cloned).
pub(super) struct Shared {
    lang: Value,
    site: Value,
    t: Value,
    preview: Value,
    nav: Value,
}

/// [`Shared`] values for every language of the site.
pub(super) fn shared(site: &Site, i18n: &I18n) -> HashMap<String, Shared> {
    let csp = crate::privacy::content_security_policy(&site.config);
    site.config
        .languages
        .iter()
        .map(|language| {
            let lang = language.code.as_str();
            let page_url = |slug: &str| {
                site.page(slug, lang)
                    .map(|(i, _)| site.url(&site.pages[i].lang, &route::item(Kind::Page, slug)))
            };
            let shared = Shared {
                lang: value(&LangView::of(language)),
                site: value(&SiteView {
                    title: &language.title,
                    csp: &csp,
                    base_url: &site.config.base_url,
                    boilerplate: &language.boilerplate,
                    contact: &site.config.contact,
                }),
                t: value(i18n.strings(lang)),
                // An embargoed preview is for a few trusted journalists: no search engine
                // may keep it, and it links no feeds.
                preview: Value::from(site.publish.private),
                nav: value(&Nav {
                    home: site.url(lang, ""),
                    releases: site.url(lang, &route::releases_page(1)),
                    people: site.url(lang, route::PEOPLE),
                    tags: site.url(lang, route::TAGS),
                    about: page_url("about"),
                    contact: page_url("contact"),
                    rss: site.url(lang, route::RSS),
                    atom: site.url(lang, route::ATOM),
                }),
            };
            (language.code.clone(), shared)
        })
        .collect()
}

/// Values many pages of one render share, each made the first time a page needs it.
pub(super) struct Cache {
    /// Release cards in their own language, by release index.
    cards: Vec<OnceLock<Value>>,
    /// Statements in their own language, by statement index.
    statements: Vec<OnceLock<Value>>,
}

impl Cache {
    pub(super) fn new(site: &Site) -> Cache {
        Cache {
            cards: site.releases.iter().map(|_| OnceLock::new()).collect(),
            statements: site.statements.iter().map(|_| OnceLock::new()).collect(),
        }
    }
}

fn value<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::from_serializable(v)
}

fn all<'a>(r: &'a Renderer) -> Vec<&'a str> {
    r.site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect()
}

impl Renderer<'_> {
    fn language(&self, code: &str) -> &Language {
        self.site
            .config
            .language(code)
            .expect("content languages are checked against site.toml")
    }

    /// The context every page shares. `available`: the languages this route exists in.
    fn base(
        &self,
        lang: &str,
        route: &str,
        available: &[&str],
        title: &str,
        description: Option<&str>,
    ) -> Context {
        let site = self.site;
        let mut ctx = Context::new();
        let shared = &self.shared[lang];
        for (key, value) in [
            ("lang", &shared.lang),
            ("site", &shared.site),
            ("t", &shared.t),
            ("preview", &shared.preview),
            ("nav", &shared.nav),
        ] {
            ctx.insert_value(key, value.clone());
        }
        let alternates: Vec<Alternate> = available
            .iter()
            .map(|l| Alternate {
                hreflang: self.language(l).code.clone(),
                href: site.url(l, route),
            })
            .collect();
        let x_default = site.x_default(available).map(|l| site.url(l, route));
        ctx.insert(
            "head",
            &Head {
                title: title.to_string(),
                description: description.unwrap_or("").trim().to_string(),
                // The 404 page is served at any address: it has no canonical one.
                canonical: (route != route::NOT_FOUND).then(|| site.url(lang, route)),
                alternates: if available.len() > 1 {
                    alternates
                } else {
                    Vec::new()
                },
                x_default: if available.len() > 1 { x_default } else { None },
            },
        );
        let switcher: Vec<Switch> = site
            .config
            .languages
            .iter()
            .map(|l| {
                let here = available.contains(&l.code.as_str());
                Switch {
                    code: &l.code,
                    name: &l.name,
                    url: site.url(&l.code, if here { route } else { "" }),
                    dir: l.direction,
                    current: l.code == lang,
                }
            })
            .collect();
        ctx.insert("switcher", &switcher);
        ctx
    }

    /// "EMBARGOED UNTIL 12 June 2023 at 09:00 (UTC+02:00)" in `lang`, for an item of a
    /// preview whose embargo has not lifted.
    fn embargo_notice(&self, kind: Kind, slug: &str, lang: &str) -> Option<String> {
        let until = self.site.pending_embargo(kind, slug)?;
        Some(
            self.i18n
                .text(lang, "embargoed_until")
                .replace("{moment}", &self.i18n.format_moment(lang, until)),
        )
    }

    /// The body of release `i` with its statements in place: what the release page shows
    /// and what its feed entry carries.
    fn release_body(&self, i: usize, ctx: &mut Context) {
        let doc = &self.site.releases[i];
        let pieces = self.bodies.get(&doc.path);
        let statements: Vec<_> = doc
            .meta
            .statements
            .iter()
            .filter_map(|s| self.site.statement(s, &doc.lang))
            .map(|(si, fallback)| self.statement(si, &doc.lang, fallback))
            .collect();
        ctx.insert(
            "body_before",
            pieces.first().map(String::as_str).unwrap_or(""),
        );
        ctx.insert("body_after", &pieces.get(1));
        ctx.insert("statements", &statements);
    }

    /// The HTML of a release's feed entry, from the theme's `partials/release_body.html`.
    pub(super) fn release_content(&self, i: usize) -> Result<String, Diagnostic> {
        let doc = &self.site.releases[i];
        let mut ctx = Context::new();
        let shared = &self.shared[&doc.lang];
        ctx.insert_value("t", shared.t.clone());
        ctx.insert_value("lang", shared.lang.clone());
        self.release_body(i, &mut ctx);
        self.templates.tera.render(RELEASE_BODY, &ctx).map_err(|e| {
            self.templates
                .diagnostic(&e, &self.site.file(&doc.lang, route::RSS))
        })
    }

    fn date(&self, lang: &str, date: &PubDate) -> (String, String) {
        let iso = if date.date_only {
            date.day().to_string()
        } else {
            date.moment.to_rfc3339()
        };
        (self.i18n.format_date(lang, date.day()), iso)
    }

    /// A release as it appears in lists; dates are written in the page's language. A
    /// release is listed on many pages in its own language: that card is made once.
    fn card(&self, i: usize, page_lang: &str) -> Value {
        if self.site.releases[i].lang == page_lang {
            self.cache.cards[i]
                .get_or_init(|| value(&self.card_view(i, page_lang)))
                .clone()
        } else {
            value(&self.card_view(i, page_lang))
        }
    }

    fn card_view(&self, i: usize, page_lang: &str) -> ReleaseCard<'_> {
        let doc = &self.site.releases[i];
        let (date, date_iso) = self.date(page_lang, &doc.meta.date);
        ReleaseCard {
            slug: &doc.slug,
            title: &doc.meta.title,
            subtitle: doc.meta.subtitle.as_deref(),
            summary: doc.meta.summary.as_deref(),
            location: doc.meta.location.as_deref(),
            url: self
                .site
                .url(&doc.lang, &route::item(Kind::Release, &doc.slug)),
            date,
            date_iso,
            lang: &doc.lang,
            dir: self.language(&doc.lang).direction,
            fallback: doc.lang != page_lang,
            extra: &doc.meta.extra,
        }
    }

    /// A statement as release and person pages quote it; made once for its own language.
    fn statement(&self, i: usize, page_lang: &str, fallback: bool) -> Value {
        if !fallback && self.site.statements[i].lang == page_lang {
            self.cache.statements[i]
                .get_or_init(|| value(&self.statement_view(i, page_lang, fallback)))
                .clone()
        } else {
            value(&self.statement_view(i, page_lang, fallback))
        }
    }

    fn statement_view(&self, i: usize, page_lang: &str, fallback: bool) -> StatementView<'_> {
        let doc = &self.site.statements[i];
        let person = match self.site.person(&doc.meta.person, page_lang) {
            Some((pi, _)) => {
                let p = &self.site.people[pi];
                PersonLink {
                    name: p.meta.name.clone(),
                    url: self.site.url(&p.lang, &route::item(Kind::Person, &p.slug)),
                    lang: p.lang.clone(),
                    dir: self.language(&p.lang).direction,
                }
            }
            None => unreachable!("statement people are checked when the site is built"),
        };
        let dates = doc.meta.date.as_ref().map(|d| self.date(page_lang, d));
        StatementView {
            slug: &doc.slug,
            url: self
                .site
                .url(&doc.lang, &route::item(Kind::Statement, &doc.slug)),
            body: self.bodies.one(&doc.path),
            intro: doc.meta.intro.as_deref(),
            separator: self.i18n.text(&doc.lang, "comma"),
            person,
            date: dates.as_ref().map(|d| d.0.clone()),
            date_iso: dates.map(|d| d.1),
            lang: &doc.lang,
            dir: self.language(&doc.lang).direction,
            fallback,
            extra: &doc.meta.extra,
        }
    }

    fn person_view(&self, i: usize, fallback: bool) -> PersonView<'_> {
        let doc = &self.site.people[i];
        let languages = doc
            .meta
            .languages
            .iter()
            .map(|code| Choice {
                value: code.clone(),
                label: self
                    .site
                    .config
                    .language(code)
                    .map(|l| l.name.clone())
                    .unwrap_or_else(|| code.clone()),
            })
            .collect();
        PersonView {
            slug: &doc.slug,
            name: &doc.meta.name,
            role: doc.meta.role.as_deref(),
            organization: doc.meta.organization.as_deref(),
            bio: self.bodies.one(&doc.path),
            url: self
                .site
                .url(&doc.lang, &route::item(Kind::Person, &doc.slug)),
            languages,
            interviews: doc.meta.interviews,
            photo: doc.meta.photo.as_deref().map(|p| self.site.asset_url(p)),
            lang: &doc.lang,
            dir: self.language(&doc.lang).direction,
            fallback,
            extra: &doc.meta.extra,
        }
    }

    /// People available for interviews, in `lang` where translated.
    fn spokespeople(&self, lang: &str) -> Vec<PersonView<'_>> {
        self.site
            .people_slugs()
            .iter()
            .filter_map(|s| self.site.person(s, lang))
            .filter(|(i, _)| self.site.people[*i].meta.interviews)
            .map(|(i, fallback)| self.person_view(i, fallback))
            .collect()
    }

    /// The interview-request form. Without `form_action` it composes an email to the press
    /// address, so it works with no server and no JavaScript.
    fn form(&self, lang: &str) -> Form {
        let contact = &self.site.config.contact;
        let t = |k: &str| self.i18n.text(lang, k).to_string();
        let (action, mailto, target) = if contact.form_action.is_empty() {
            (
                format!("mailto:{}", contact.email),
                true,
                contact.email.clone(),
            )
        } else {
            (
                contact.form_action.clone(),
                false,
                contact.form_action.clone(),
            )
        };
        let notice_key = if mailto {
            "form_notice_email"
        } else {
            "form_notice_post"
        };
        let notice = t(notice_key);
        let (before, after) = notice.split_once("{target}").unwrap_or((&notice, ""));
        Form {
            action,
            mailto,
            notice_before: before.to_string(),
            notice_after: after.to_string(),
            target,
            kinds: match &self
                .site
                .config
                .language(lang)
                .and_then(|l| l.interviewees.clone())
            {
                Some(kinds) => kinds
                    .iter()
                    .map(|k| Choice {
                        value: k.clone(),
                        label: k.clone(),
                    })
                    .collect(),
                None => ["kind_spokesperson", "kind_other"]
                    .into_iter()
                    .map(|k| Choice {
                        value: t(k),
                        label: t(k),
                    })
                    .collect(),
            },
            languages: self
                .site
                .config
                .languages
                .iter()
                .map(|l| Choice {
                    value: l.code.clone(),
                    label: l.name.clone(),
                })
                .collect(),
        }
    }
}
