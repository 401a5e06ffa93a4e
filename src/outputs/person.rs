//! The page of each person: who they are, the languages they give interviews in, and
//! their statements.

use super::{File, Job, Output, Plan, document};
use crate::content::{Kind, model};
use crate::error::Diagnostic;
use crate::render::Cx;
use crate::render::meta::Social;
use crate::render::page::Place;
use crate::render::views::About;
use serde_json::json;

pub(super) struct Person;

impl Output for Person {
    fn name(&self) -> &'static str {
        "person"
    }

    fn counted_as(&self) -> &'static str {
        "people"
    }

    fn document(&self) -> Option<Kind> {
        Some(Kind::Person)
    }

    fn reserved(&self) -> &'static [&'static str] {
        &["people"]
    }

    fn plan(&self, plan: &mut Plan) {
        plan.per_document::<model::Person>();
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let id = document::<model::Person>(job, cx)?;
        let doc = cx.get(id);
        let lang = doc.lang.as_str();
        let route = crate::site::route::item(Kind::Person, &doc.slug);
        let available = cx.translations(Kind::Person, &doc.slug);
        let view = cx.person(id, false);
        let description = doc.meta.role_line(cx.i18n().text(lang, "comma"));
        let dir = super::feeds::person::dir(&doc.slug);
        let feeds = super::feeds::own_links(cx, lang, &dir, &doc.meta.name);
        let mut person = json!({
            "@context": "https://schema.org",
            "@type": "Person",
            "name": doc.meta.name,
            "url": doc.url,
        });
        if let Some(role) = &doc.meta.role {
            person["jobTitle"] = role.as_str().into();
        }
        if let Some(org) = &doc.meta.organization {
            person["worksFor"] = json!({ "@type": "Organization", "name": org });
        }
        if !doc.meta.languages.is_empty() {
            person["knowsLanguage"] = doc.meta.languages.clone().into();
        }
        if let Some(photo) = &doc.meta.photo {
            person["image"] = cx.site().asset_url(photo).into();
        }
        let place = Place {
            description: Some(&description),
            feeds,
            social: Social::Profile,
            json_ld: Some(person),
            ..Place::new(lang, &route, &available, &doc.meta.name)
        };
        let mut ctx = cx.base(&place);
        ctx.insert("feeds", &place.feeds);
        let mailto = doc
            .meta
            .interviews
            .then(|| cx.interview_mailto(lang, "interview_subject", &doc.meta.name))
            .flatten();
        ctx.insert("interview_mailto", &mailto);
        let contact = doc
            .meta
            .interviews
            .then(|| cx.interview_contact(lang, About::Person(&doc.slug)))
            .flatten();
        ctx.insert("interview_contact", &contact);
        let statements: Vec<_> = cx
            .statements_by(&doc.slug)
            .iter()
            .filter_map(|s| cx.resolve::<model::Statement>(s, lang))
            .map(|(sid, fallback)| cx.quote(sid, lang, fallback))
            .collect();
        ctx.insert("person", &view);
        ctx.insert("statements", &statements);
        Ok(vec![cx.page(&place, "person.html", &ctx)?])
    }
}
