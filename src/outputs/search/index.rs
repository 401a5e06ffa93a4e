//! The search index at `/pagefind/`: one record for each published release (headline,
//! subtitle, text and statements) and each person (name, role and profile), in its
//! language, from the theme's `search_record.html`. Navigation and boilerplate are not
//! in a record, and nothing withheld is: a draft, a release under embargo, or a statement
//! under embargo within a published release.

use super::super::{File, Job, Key, Output, Plan};
use crate::content::{Kind, model};
use crate::error::Diagnostic;
use crate::render::Cx;
use crate::search::{self, BUNDLE, Record};

/// The theme's template of one record.
pub(crate) const TEMPLATE: &str = "search_record.html";

pub(in crate::outputs) struct SearchIndex;

impl Output for SearchIndex {
    fn name(&self) -> &'static str {
        "search index"
    }

    fn counted_as(&self) -> &'static str {
        "search files"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &[BUNDLE]
    }

    fn deferred(&self) -> bool {
        true
    }

    fn plan(&self, plan: &mut Plan) {
        plan.add("", Key::One);
    }

    fn render(&self, _job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let failed = |problem| {
            Diagnostic::new(
                BUNDLE,
                None,
                format!("the search index could not be made: {problem}"),
            )
        };
        let languages = cx.site().languages();
        let records = |lang: &str| records(cx, lang);
        let files = search::bundle(
            &languages,
            records,
            failed,
            cx.search_cache(),
            cx.keeps_cache(),
        )?;
        Ok(files
            .into_iter()
            .map(|(name, bytes)| (format!("{BUNDLE}/{name}"), bytes))
            .collect())
    }
}

/// The records of `lang`: its published releases, then the people whose profile is in it.
fn records(cx: &Cx, lang: &str) -> Result<Vec<Record>, Diagnostic> {
    let mut records = Vec::new();
    for &id in cx.releases_in(lang) {
        let doc = cx.get(id);
        if doc.meta.draft || cx.pending_embargo(Kind::Release, &doc.slug).is_some() {
            continue;
        }
        let mut ctx = cx.fragment_context(lang);
        ctx.insert("release", &cx.card(id, lang));
        cx.release_body_with(id, &mut ctx, |s| {
            cx.pending_embargo(Kind::Statement, s).is_none()
        });
        let route = crate::site::route::item(Kind::Release, &doc.slug);
        records.push(record(cx, lang, &route, &ctx)?);
    }
    for id in cx.ids::<model::Person>() {
        let doc = cx.get(id);
        if doc.lang != lang {
            continue;
        }
        let mut ctx = cx.fragment_context(lang);
        ctx.insert("person", &cx.person(id, false));
        let route = crate::site::route::item(Kind::Person, &doc.slug);
        records.push(record(cx, lang, &route, &ctx)?);
    }
    Ok(records)
}

/// The record of the page at `route` in `lang`, rendered with `ctx`.
fn record(cx: &Cx, lang: &str, route: &str, ctx: &tera::Context) -> Result<Record, Diagnostic> {
    let fixed = cx.site();
    let html = cx.render_fragment(TEMPLATE, ctx, &fixed.url(lang, route))?;
    Ok(Record {
        url: fixed.path(lang, route),
        html,
    })
}
