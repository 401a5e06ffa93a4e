//! What every HTML page shares: the language, the site, the UI strings, the navigation
//! (made once per language and render), and per page the head (title, canonical URL,
//! hreflang alternates) and the language switcher. Then the page itself, rendered by Tera
//! and, for the first page of each template and language, read as a browser would.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tera::{Context, Value};

use super::reader::{Log, Reader};
use super::{Cx, value};
use crate::config::{Direction, Language};
use crate::error::Diagnostic;
use crate::i18n::I18n;

/// The links of every page's navigation, by name (`home`, `releases`, `rss`…), as the
/// outputs that make those pages offer them; `None` where a language has no such page.
pub(crate) type Nav = BTreeMap<&'static str, Option<String>>;

#[derive(Serialize)]
struct LangView<'a> {
    code: &'a str,
    name: &'a str,
    dir: Direction,
    locale: &'a str,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    /// The Content-Security-Policy of every page but the search page (`head.csp` is the
    /// page's own).
    csp: &'a str,
    base_url: &'a str,
    boilerplate: &'a str,
    contact: &'a crate::config::Contact,
    /// site.toml's words on what happens to interview requests, if it has them.
    privacy_notice: Option<&'a str>,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

#[derive(Serialize)]
struct Head<'a> {
    title: String,
    /// The page's Content-Security-Policy.
    csp: String,
    description: String,
    canonical: Option<String>,
    alternates: Vec<Alternate>,
    x_default: Option<String>,
    /// The page's own feeds, for autodiscovery (a person's, a tag's).
    feeds: &'a [FeedLink],
    /// Open Graph and Twitter card properties.
    meta: Vec<super::meta::MetaTag>,
    /// schema.org JSON-LD, escaped for a `<script>` element.
    json_ld: Option<String>,
}

/// A feed a page links to.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FeedLink {
    /// "Ibrahim Olabi (RSS)".
    pub(crate) title: String,
    /// "RSS", "Atom" or "JSON Feed".
    pub(crate) format: &'static str,
    /// "RSS feed", in the page's language.
    pub(crate) label: String,
    /// The URL as a reader copies it: non-ASCII characters as they are, not
    /// percent-encoded (feed readers encode them again).
    pub(crate) shown: String,
    /// Its content type, for `<link type>`.
    pub(crate) mime: &'static str,
    pub(crate) url: String,
}

#[derive(Serialize)]
struct Switch<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
    dir: Direction,
    current: bool,
}

/// The parts of the context that depend only on the page's language, made once per
/// render rather than once per page (Tera values share their data when cloned), with what
/// making them read.
pub(crate) struct Shared {
    pub(super) lang: Value,
    pub(super) site: Value,
    pub(super) t: Value,
    preview: Value,
    nav: Value,
    pub(super) reads: Log,
}

/// [`Shared`] values for every language of the site; `nav` gives each language's links.
pub(super) fn shared(
    reader: &Reader,
    i18n: &I18n,
    nav: &dyn Fn(&Reader, &str) -> Nav,
) -> HashMap<String, Shared> {
    let fixed = reader.site();
    let config = fixed.config();
    let csp = crate::privacy::content_security_policy(config);
    config
        .languages
        .iter()
        .map(|language| {
            let lang = language.code.as_str();
            let own = reader.fresh();
            let links = nav(&own, lang);
            let shared = Shared {
                lang: value(&LangView {
                    code: &language.code,
                    name: &language.name,
                    dir: language.direction,
                    locale: &language.locale,
                }),
                site: value(&SiteView {
                    title: &language.title,
                    csp: &csp,
                    base_url: &config.base_url,
                    boilerplate: &language.boilerplate,
                    contact: &config.contact,
                    privacy_notice: language.privacy_notice.as_deref(),
                }),
                t: value(i18n.strings(lang)),
                // An embargoed preview is for a few trusted journalists: no search engine
                // may keep it, and it links no feeds.
                preview: Value::from(fixed.publish().private),
                nav: value(&links),
                reads: own.into_log(),
            };
            (language.code.clone(), shared)
        })
        .collect()
}

/// What a page is: where it is, which languages it exists in, its title and summary.
pub(crate) struct Place<'a> {
    pub(crate) lang: &'a str,
    /// Relative to the language's root, like `releases/x/`.
    pub(crate) route: &'a str,
    pub(crate) available: &'a [&'a str],
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    /// The page served at any address that does not exist: it has no canonical URL.
    pub(crate) anywhere: bool,
    /// Its own feeds, if it has any.
    pub(crate) feeds: Vec<FeedLink>,
    /// What kind of thing it is, for the apps a link to it is shared in.
    pub(crate) social: super::meta::Social,
    /// What it is, as schema.org says it.
    pub(crate) json_ld: Option<serde_json::Value>,
    /// Its share card (see `outputs/cards.rs`), and the card's text for who cannot see it.
    pub(crate) card: Option<(String, String)>,
    /// The Content-Security-Policy it carries: the site's, but for the search page.
    pub(crate) policy: crate::privacy::Policy,
}

impl<'a> Place<'a> {
    /// A page with a canonical URL and no summary.
    pub(crate) fn new(
        lang: &'a str,
        route: &'a str,
        available: &'a [&'a str],
        title: &'a str,
    ) -> Place<'a> {
        Place {
            lang,
            route,
            available,
            title,
            description: None,
            anywhere: false,
            feeds: Vec::new(),
            social: super::meta::Social::Website,
            json_ld: None,
            card: None,
            policy: crate::privacy::Policy::Site,
        }
    }
}

impl Cx<'_> {
    /// The context every page shares.
    pub(crate) fn base(&self, place: &Place) -> Context {
        let fixed = self.site();
        let mut ctx = Context::new();
        let shared = &self.renderer.shared[place.lang];
        self.replay(&shared.reads);
        for (key, value) in [
            ("lang", &shared.lang),
            ("site", &shared.site),
            ("t", &shared.t),
            ("preview", &shared.preview),
            ("nav", &shared.nav),
        ] {
            ctx.insert_value(key, value.clone());
        }
        let (lang, route, available) = (place.lang, place.route, place.available);
        let many = available.len() > 1;
        let alternates: Vec<Alternate> = available
            .iter()
            .filter(|_| many)
            .map(|l| Alternate {
                hreflang: fixed.language(l).code.clone(),
                href: fixed.url(l, route),
            })
            .collect();
        let x_default = fixed
            .x_default(available)
            .filter(|_| many)
            .map(|l| fixed.url(l, route));
        ctx.insert(
            "head",
            &Head {
                title: place.title.to_string(),
                csp: place.policy.text(fixed.config()),
                description: place.description.unwrap_or("").trim().to_string(),
                canonical: (!place.anywhere).then(|| fixed.url(lang, route)),
                alternates,
                x_default,
                feeds: &place.feeds,
                meta: super::meta::tags(fixed, place, &fixed.language(lang).title),
                json_ld: place.json_ld.as_ref().map(super::meta::script_json),
            },
        );
        let switcher: Vec<Switch> = fixed
            .config()
            .languages
            .iter()
            .map(|l| {
                let here = available.contains(&l.code.as_str());
                Switch {
                    code: &l.code,
                    name: &l.name,
                    url: fixed.url(&l.code, if here { route } else { "" }),
                    dir: l.direction,
                    current: l.code == lang,
                }
            })
            .collect();
        ctx.insert("switcher", &switcher);
        ctx
    }

    /// The page at `place`, rendered from `template` with `ctx`: its output path and bytes.
    pub(crate) fn page(
        &self,
        place: &Place,
        template: &str,
        ctx: &Context,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let fixed = self.site();
        let mut bytes = Vec::with_capacity(16 * 1024);
        let url = fixed.url(place.lang, place.route);
        let templates = self.renderer.templates;
        #[cfg(test)]
        seen(template, ctx);
        templates
            .tera
            .render_to(template, ctx, &mut bytes)
            .map_err(|e| templates.diagnostic(&e, &url))?;
        if self.renderer.bodies.sample_pages && self.renderer.first_of(template, place.lang) {
            self.check_rendered(template, &url, &bytes, place.policy)?;
        }
        Ok((fixed.file(place.lang, place.route), bytes))
    }

    /// The first page of each template and language is read as a browser reads it: what
    /// its template's source does not show (a URL put together by an expression, or taken
    /// from a UI string) must not load from another host either, and the site's policy
    /// must be on it.
    fn check_rendered(
        &self,
        template: &str,
        url: &str,
        html: &[u8],
        policy: crate::privacy::Policy,
    ) -> Result<(), Diagnostic> {
        let config = self.site().config();
        let page = url::Url::parse(url).unwrap_or_else(|_| crate::privacy::site_url(config));
        let html = String::from_utf8_lossy(html);
        let problems = crate::privacy::rendered_page(config, &html, &page, policy);
        let Some(first) = problems.into_iter().next() else {
            return Ok(());
        };
        let file = self
            .renderer
            .templates
            .file(template)
            .cloned()
            .unwrap_or_else(|| template.into());
        Err(
            Diagnostic::new(file, None, format!("the page {url} {first}"))
                .with_hint("the template, or one it extends or includes, writes it"),
        )
    }

    /// The language `code` of the site.
    pub(crate) fn language(&self, code: &str) -> &Language {
        self.site().language(code)
    }
}

/// Every context a template was rendered with in this test run, for the test that each
/// variable is documented in docs/templates.md.
#[cfg(test)]
pub(crate) static SEEN: std::sync::Mutex<Vec<(String, Context)>> =
    std::sync::Mutex::new(Vec::new());

#[cfg(test)]
pub(crate) fn seen(template: &str, ctx: &Context) {
    if let Ok(mut seen) = SEEN.lock() {
        seen.push((template.to_string(), ctx.clone()));
    }
}
