//! The page of each release in each of its languages: the text with its statements in
//! place, tags, translations, and the embargo banner of a preview.

use super::{File, Job, Output, Plan, document};
use crate::content::{Kind, model};
use crate::error::Diagnostic;
use crate::render::Cx;
use crate::render::page::Place;
use crate::render::views::Link;

#[derive(serde::Serialize)]
struct Translation<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
}

pub(super) struct Release;

impl Output for Release {
    fn name(&self) -> &'static str {
        "release"
    }

    fn counted_as(&self) -> &'static str {
        "releases"
    }

    fn document(&self) -> Option<Kind> {
        Some(Kind::Release)
    }

    fn reserved(&self) -> &'static [&'static str] {
        &["releases"]
    }

    fn plan(&self, plan: &mut Plan) {
        plan.per_document::<model::Release>();
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let id = document::<model::Release>(job, cx)?;
        let doc = cx.get(id);
        let lang = doc.lang.as_str();
        let route = crate::site::route::item(Kind::Release, &doc.slug);
        let available = cx.translations(Kind::Release, &doc.slug);
        let place = Place {
            lang,
            route: &route,
            available: &available,
            title: &doc.meta.title,
            description: doc.meta.summary.as_deref(),
            anywhere: false,
            feeds: Vec::new(),
        };
        let fixed = cx.site();
        let mut ctx = cx.base(&place);
        let tags: Vec<Link> = doc
            .meta
            .tags
            .iter()
            .map(|t| Link {
                name: t.clone(),
                url: fixed.url(lang, &super::tag::route(&crate::slug::slugify(t))),
            })
            .collect();
        let translations: Vec<Translation> = available
            .iter()
            .filter(|l| **l != lang)
            .map(|l| Translation {
                code: l,
                name: &cx.language(l).name,
                url: fixed.url(l, &route),
            })
            .collect();
        ctx.insert("release", &cx.card(id, lang));
        ctx.insert(
            "embargo",
            &cx.embargo_notice(Kind::Release, &doc.slug, lang),
        );
        cx.release_body(id, &mut ctx);
        ctx.insert("tags", &tags);
        ctx.insert("translations", &translations);
        Ok(vec![cx.page(&place, "release.html", &ctx)?])
    }
}
