//! The list of everyone who speaks for the campaign, in each language.

use super::{File, Job, Output, Plan};
use crate::error::Diagnostic;
use crate::render::page::{Nav, Place};
use crate::render::{Cx, Reader};

pub(super) const ROUTE: &str = "people/";

pub(super) struct People;

impl Output for People {
    fn name(&self) -> &'static str {
        "people"
    }

    fn counted_as(&self) -> &'static str {
        "lists"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &["people"]
    }

    fn nav(&self, r: &Reader, lang: &str, nav: &mut Nav) {
        nav.insert("people", Some(r.site().url(lang, ROUTE)));
    }

    fn plan(&self, plan: &mut Plan) {
        plan.per_language();
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let lang = job.lang.as_str();
        let all = cx.site().languages();
        let place = Place::new(lang, ROUTE, &all, cx.i18n().text(lang, "people_title"));
        let mut ctx = cx.base(&place);
        ctx.insert("people", &cx.people(lang, false));
        Ok(vec![cx.page(&place, "people.html", &ctx)?])
    }
}
