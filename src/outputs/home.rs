//! The home page of each language: the latest releases and who gives interviews.

use super::{File, Job, Output, Plan};
use crate::error::Diagnostic;
use crate::render::page::{Nav, Place};
use crate::render::{Cx, Reader};

/// How many releases the home page lists.
const HOME_RELEASES: usize = 10;

pub(super) struct Home;

impl Output for Home {
    fn name(&self) -> &'static str {
        "home"
    }

    fn counted_as(&self) -> &'static str {
        "lists"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &["index.html"]
    }

    fn nav(&self, r: &Reader, lang: &str, nav: &mut Nav) {
        nav.insert("home", Some(r.site().url(lang, "")));
    }

    fn plan(&self, plan: &mut Plan) {
        plan.per_language();
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let lang = job.lang.as_str();
        let all = cx.site().languages();
        let place = Place::new(lang, "", &all, cx.i18n().text(lang, "home_title"));
        let mut ctx = cx.base(&place);
        let cards: Vec<_> = cx
            .releases_in(lang)
            .iter()
            .take(HOME_RELEASES)
            .map(|&id| cx.card(id, lang))
            .collect();
        ctx.insert("releases", &cards);
        ctx.insert("spokespeople", &cx.people(lang, true));
        Ok(vec![cx.page(&place, "home.html", &ctx)?])
    }
}
