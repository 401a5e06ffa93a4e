//! The page of each release in each of its languages: the text with its statements in
//! place, tags, translations, and the embargo banner of a preview.

use super::{File, Job, Output, Plan, document};
use crate::content::{Kind, model};
use crate::error::Diagnostic;
use crate::render::Cx;
use crate::render::meta::{Social, organization};
use crate::render::page::Place;
use crate::render::views::{About, Link};
use crate::site::Entry;
use serde_json::{Value, json};

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
        let fixed = cx.site();
        let published = cx.published(id);
        let place = Place {
            description: doc.meta.summary.as_deref(),
            social: Social::Article {
                published,
                modified: doc.meta.modified(),
                tags: doc.meta.tags.clone(),
            },
            json_ld: Some(json_ld(cx, doc, &route, &available, published)),
            card: super::cards::link(cx, lang, &route, doc.meta.title.clone()),
            ..Place::new(lang, &route, &available, &doc.meta.title)
        };
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
        let mailto = cx.interview_mailto(lang, "interview_subject", &doc.meta.title);
        ctx.insert("interview_mailto", &mailto);
        let (image, gallery) = cx.release_pictures(id);
        ctx.insert("image", &image);
        ctx.insert("gallery", &gallery);
        let pdf = cx
            .has_pdf(id)
            .then(|| fixed.url(lang, &super::pdf::route(&doc.slug, lang)));
        ctx.insert("pdf", &pdf);
        let default = &fixed.config().default_language;
        ctx.insert(
            "press_kit",
            &fixed.url(default, &super::press_kit::route(&doc.slug)),
        );
        let contact = cx.interview_contact(lang, About::Release(&doc.meta.title));
        ctx.insert("interview_contact", &contact);
        Ok(vec![cx.page(&place, "release.html", &ctx)?])
    }
}

/// The release as schema.org has it: a `NewsArticle` whose genre is "Press release" (there
/// is no PressRelease type), from the press office, linked to its translations.
fn json_ld(
    cx: &Cx,
    doc: &Entry<model::Release>,
    route: &str,
    available: &[&str],
    published: chrono::DateTime<chrono::FixedOffset>,
) -> Value {
    let fixed = cx.site();
    let lang = doc.lang.as_str();
    let office = organization(fixed, lang);
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "genre": "Press release",
        "headline": doc.meta.title,
        "url": doc.url,
        "datePublished": published.to_rfc3339(),
        "dateModified": doc.meta.modified().unwrap_or(published).to_rfc3339(),
        "inLanguage": lang,
        "publisher": office,
        "author": office,
    });
    if let Some(summary) = doc
        .meta
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        article["description"] = summary.into();
    }
    if !doc.meta.tags.is_empty() {
        article["keywords"] = doc.meta.tags.join(", ").into();
    }
    let default = &fixed.config().default_language;
    let version =
        |l: &str| json!({ "@type": "NewsArticle", "url": fixed.url(l, route), "inLanguage": l });
    if lang == default {
        let others: Vec<Value> = available
            .iter()
            .filter(|l| *l != &lang)
            .map(|l| version(l))
            .collect();
        if !others.is_empty() {
            article["workTranslation"] = others.into();
        }
    } else if available.contains(&default.as_str()) {
        article["translationOfWork"] = version(default);
    }
    article
}
