//! The list of tags of each language, with how many releases carry each.

use serde::Serialize;

use super::{File, Job, Output, Plan};
use crate::error::Diagnostic;
use crate::render::page::{Nav, Place};
use crate::render::{Cx, Reader};

pub(super) const ROUTE: &str = "tags/";

/// A tag as the tag list and a tag's page show it.
#[derive(Serialize)]
pub(super) struct TagView<'a> {
    pub(super) name: &'a str,
    pub(super) url: String,
    pub(super) count: usize,
}

pub(super) struct Tags;

impl Output for Tags {
    fn name(&self) -> &'static str {
        "tags"
    }

    fn counted_as(&self) -> &'static str {
        "lists"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &["tags"]
    }

    fn nav(&self, r: &Reader, lang: &str, nav: &mut Nav) {
        nav.insert("tags", Some(r.site().url(lang, ROUTE)));
    }

    fn plan(&self, plan: &mut Plan) {
        plan.per_language();
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let lang = job.lang.as_str();
        let all = cx.site().languages();
        let place = Place::new(lang, ROUTE, &all, cx.i18n().text(lang, "tags_title"));
        let mut ctx = cx.base(&place);
        let tags: Vec<_> = cx
            .tags(lang)
            .into_iter()
            .flat_map(|t| t.iter())
            .map(|(slug, t)| TagView {
                name: &t.name,
                url: cx.site().url(lang, &super::tag::route(slug)),
                count: t.releases.len(),
            })
            .collect();
        ctx.insert("tags", &tags);
        Ok(vec![cx.page(&place, "tags.html", &ctx)?])
    }
}
