//! Each language's search page, `/search/`, `/ar/search/`…: a form that the theme's
//! `search.js` brings to life, and for readers who run no script, the archive, the topics
//! and the people instead. It is the only page that loads a script of Pagefind's, and the
//! only one whose policy lets WebAssembly run (see `privacy::Policy`).

use super::super::{File, Job, Output, Plan};
use crate::error::Diagnostic;
use crate::privacy::Policy;
use crate::render::page::{Nav, Place};
use crate::render::{Cx, Reader};

pub(in crate::outputs) const ROUTE: &str = "search/";

pub(in crate::outputs) struct SearchPage;

impl Output for SearchPage {
    fn name(&self) -> &'static str {
        "search page"
    }

    fn counted_as(&self) -> &'static str {
        "lists"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &["search"]
    }

    fn nav(&self, r: &Reader, lang: &str, nav: &mut Nav) {
        nav.insert("search", Some(r.site().url(lang, ROUTE)));
    }

    fn plan(&self, plan: &mut Plan) {
        plan.per_language();
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let lang = job.lang.as_str();
        let fixed = cx.site();
        let all = fixed.languages();
        let place = Place {
            policy: Policy::Search,
            ..Place::new(lang, ROUTE, &all, cx.i18n().text(lang, "search_title"))
        };
        let mut ctx = cx.base(&place);
        let script = format!("{}/pagefind.js", crate::search::BUNDLE);
        ctx.insert("bundle", &fixed.asset_url(&script));
        Ok(vec![cx.page(&place, "search.html", &ctx)?])
    }
}
