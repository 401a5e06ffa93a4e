//! The feed of each person in each language of their page: their statements, newest
//! first, each quoted in full with links to the releases quoting it and to its page.

use super::super::{File, Job, Output, Plan, document};
use super::Feed;
use crate::content::{Kind, model};
use crate::error::Diagnostic;
use crate::render::Cx;

/// The folder of the feeds of the person `slug`.
pub(in crate::outputs) fn dir(slug: &str) -> String {
    crate::site::route::item(Kind::Person, slug)
}

pub(in crate::outputs) struct PersonFeeds;

impl Output for PersonFeeds {
    fn name(&self) -> &'static str {
        "person feeds"
    }

    fn counted_as(&self) -> &'static str {
        "feeds"
    }

    fn document(&self) -> Option<Kind> {
        Some(Kind::Person)
    }

    fn plan(&self, plan: &mut Plan) {
        if !plan.site.publish.private {
            plan.per_document::<model::Person>();
        }
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let id = document::<model::Person>(job, cx)?;
        let person = cx.get(id);
        let lang = person.lang.as_str();
        let dir = dir(&person.slug);
        let file = cx.site().file(lang, &format!("{dir}{}", super::RSS));
        let mut dated = Vec::new();
        for slug in cx.statements_by(&person.slug) {
            let Some((sid, fallback)) = cx.resolve::<model::Statement>(slug, lang) else {
                continue;
            };
            if let Some(entry) = cx.statement_entry(sid, lang, fallback, &file)? {
                let date = entry.date;
                dated.push((entry, date));
            }
        }
        let entries = super::newest(cx, dated)
            .into_iter()
            .map(|(e, _)| e)
            .collect();
        let feed = Feed {
            lang: lang.to_string(),
            title: super::scoped_title(cx, lang, &person.meta.name),
            description: cx
                .i18n()
                .text(lang, "feed_person_description")
                .replace("{name}", &person.meta.name),
            home: person.url.clone(),
            dir,
            entries,
        };
        super::files(cx, &feed)
    }
}
