//! `card.png` beside every release and statement page, in each language: the picture
//! apps show with a shared link (og:image), drawn by `cards/` from the theme's
//! `card.toml`. Cards are kept between builds by what they show.

use super::{File, Job, Output, Plan, document};
use crate::cards::Card;
use crate::content::{Kind, model};
use crate::error::Diagnostic;
use crate::render::Cx;

/// The card's file name, beside the page.
pub(crate) const FILE: &str = "card.png";

/// The route of the card of the page at `route` (like `releases/x/`).
pub(crate) fn route(page: &str) -> String {
    format!("{page}{FILE}")
}

/// What the page at `route` in `lang` says of its card: its URL and its words.
pub(super) fn link(cx: &Cx, lang: &str, page: &str, alt: String) -> Option<(String, String)> {
    Some((cx.site().url(lang, &route(page)), alt))
}

pub(super) struct ReleaseCards;

impl Output for ReleaseCards {
    fn name(&self) -> &'static str {
        "release cards"
    }

    fn counted_as(&self) -> &'static str {
        "cards"
    }

    fn document(&self) -> Option<Kind> {
        Some(Kind::Release)
    }

    fn plan(&self, plan: &mut Plan) {
        plan.per_document::<model::Release>();
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let id = document::<model::Release>(job, cx)?;
        let doc = cx.get(id);
        let lang = doc.lang.as_str();
        let date = cx.date(lang, &doc.meta.date).0;
        let card = Card {
            kind: "release",
            lang,
            rtl: cx.language(lang).direction == crate::config::Direction::Rtl,
            site: &cx.site().language(lang).title,
            kicker: cx.i18n().text(lang, "press_release"),
            headline: &doc.meta.title,
            byline: &date,
            role: "",
        };
        let page = crate::site::route::item(Kind::Release, &doc.slug);
        draw(cx, &card, cx.site().file(lang, &route(&page)))
    }
}

pub(super) struct StatementCards;

impl Output for StatementCards {
    fn name(&self) -> &'static str {
        "statement cards"
    }

    fn counted_as(&self) -> &'static str {
        "cards"
    }

    fn document(&self) -> Option<Kind> {
        Some(Kind::Statement)
    }

    fn plan(&self, plan: &mut Plan) {
        plan.per_document::<model::Statement>();
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let id = document::<model::Statement>(job, cx)?;
        let doc = cx.get(id);
        let lang = doc.lang.as_str();
        let quote = crate::html::text(&cx.body_html(id));
        // As it reads, with its own quotation marks.
        let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
        let person = cx
            .resolve::<model::Person>(&doc.meta.person, lang)
            .map(|(p, _)| &cx.get(p).meta);
        let name = person.map_or(doc.meta.person.as_str(), |p| p.name.as_str());
        let role = person
            .map(|p| p.role_line(cx.i18n().text(lang, "comma")))
            .unwrap_or_default();
        let card = Card {
            kind: "statement",
            lang,
            rtl: cx.language(lang).direction == crate::config::Direction::Rtl,
            site: &cx.site().language(lang).title,
            kicker: cx.i18n().text(lang, "statement"),
            headline: &quote,
            byline: name,
            role: &role,
        };
        let page = crate::site::route::item(Kind::Statement, &doc.slug);
        draw(cx, &card, cx.site().file(lang, &route(&page)))
    }
}

/// The card's file at `path`, from the cache when it was drawn before.
fn draw(cx: &Cx, card: &Card, path: String) -> Result<Vec<File>, Diagnostic> {
    use crate::media::cache;
    let (written, layout) = cx.card_layout();
    let logo = cx.card_logo().map(|l| l.hash.to_string());
    let logo = logo.as_deref().unwrap_or("no logo");
    let words = format!("{card:?}");
    let key = cache::key(&[
        crate::cards::VERSION.as_bytes(),
        written.as_bytes(),
        words.as_bytes(),
        logo.as_bytes(),
    ]);
    let png = cache::one(cx.card_cache(), cx.keeps_cache(), &key, || {
        crate::cards::draw(layout, card, cx.card_logo())
            .map_err(|message| Diagnostic::new(&path, None, format!("the share card: {message}")))
    })?;
    Ok(vec![(path, png)])
}
