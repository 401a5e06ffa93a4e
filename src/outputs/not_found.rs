//! The page served at any address that does not exist, in the default language, with a
//! link to the home page of every language.

use super::{File, Job, Key, Output, Plan};
use crate::error::Diagnostic;
use crate::render::Cx;
use crate::render::page::Place;
use crate::render::views::Link;

const ROUTE: &str = "404.html";

pub(super) struct NotFound;

impl Output for NotFound {
    fn name(&self) -> &'static str {
        "not found"
    }

    fn counted_as(&self) -> &'static str {
        "other"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &[ROUTE]
    }

    fn plan(&self, plan: &mut Plan) {
        let lang = plan.site.config.default_language.clone();
        plan.add(&lang, Key::One);
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let lang = job.lang.as_str();
        let place = Place {
            anywhere: true,
            ..Place::new(lang, ROUTE, &[], cx.i18n().text(lang, "not_found_title"))
        };
        let mut ctx = cx.base(&place);
        let homes: Vec<Link> = cx
            .site()
            .config()
            .languages
            .iter()
            .map(|l| Link {
                name: l.name.clone(),
                url: cx.site().url(&l.code, ""),
            })
            .collect();
        ctx.insert("homes", &homes);
        Ok(vec![cx.page(&place, "404.html", &ctx)?])
    }
}
