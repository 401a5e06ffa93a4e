//! `/feeds/` in every language: what each feed holds, its address to copy, and how to
//! subscribe.

use serde::Serialize;

use super::super::{File, Job, Output, Plan};
use super::FeedLink;
use crate::content::model;
use crate::error::Diagnostic;
use crate::render::page::{Nav, Place};
use crate::render::{Cx, Reader};

pub(in crate::outputs) const ROUTE: &str = "feeds/";

/// A person or tag with its feeds.
#[derive(Serialize)]
struct Followed<'a> {
    name: &'a str,
    url: String,
    feeds: Vec<FeedLink>,
}

pub(in crate::outputs) struct FeedsPage;

impl Output for FeedsPage {
    fn name(&self) -> &'static str {
        "feeds page"
    }

    fn counted_as(&self) -> &'static str {
        "lists"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &["feeds"]
    }

    fn nav(&self, r: &Reader, lang: &str, nav: &mut Nav) {
        let here = (!r.site().publish().private).then(|| r.site().url(lang, ROUTE));
        nav.insert("feeds", here);
    }

    fn plan(&self, plan: &mut Plan) {
        if !plan.site.publish.private {
            plan.per_language();
        }
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let lang = job.lang.as_str();
        let fixed = cx.site();
        let all = fixed.languages();
        let place = Place::new(lang, ROUTE, &all, cx.i18n().text(lang, "feeds_title"));
        let mut ctx = cx.base(&place);
        let title = &fixed.language(lang).title;
        ctx.insert("language_feeds", &super::links(cx, lang, "", title));
        let people: Vec<Followed> = cx
            .ids::<model::Person>()
            .filter(|id| cx.key(*id).1 == lang)
            .map(|id| {
                let p = cx.get(id);
                Followed {
                    name: &p.meta.name,
                    url: p.url.clone(),
                    feeds: super::links(cx, lang, &super::person::dir(&p.slug), &p.meta.name),
                }
            })
            .collect();
        let tags: Vec<Followed> = cx
            .tags(lang)
            .into_iter()
            .flatten()
            .map(|(slug, tag)| {
                let dir = super::super::tag::route(slug);
                Followed {
                    name: &tag.name,
                    url: fixed.url(lang, &dir),
                    feeds: super::links(cx, lang, &dir, &tag.name),
                }
            })
            .collect();
        ctx.insert("people", &people);
        ctx.insert("tags", &tags);
        ctx.insert("opml", &fixed.asset_url(super::opml::ROUTE));
        Ok(vec![cx.page(&place, "feeds.html", &ctx)?])
    }
}
