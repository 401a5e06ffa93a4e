//! The page of each statement: the quote, who said it, and the releases quoting it.

use super::{File, Job, Output, Plan, document};
use crate::content::{Kind, model};
use crate::error::Diagnostic;
use crate::render::Cx;
use crate::render::page::Place;

pub(super) struct Statement;

impl Output for Statement {
    fn name(&self) -> &'static str {
        "statement"
    }

    fn counted_as(&self) -> &'static str {
        "statements"
    }

    fn document(&self) -> Option<Kind> {
        Some(Kind::Statement)
    }

    fn reserved(&self) -> &'static [&'static str] {
        &["statements"]
    }

    fn plan(&self, plan: &mut Plan) {
        plan.per_document::<model::Statement>();
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let id = document::<model::Statement>(job, cx)?;
        let doc = cx.get(id);
        let lang = doc.lang.as_str();
        let route = crate::site::route::item(Kind::Statement, &doc.slug);
        let available = cx.translations(Kind::Statement, &doc.slug);
        let view = cx.quote_view(id, lang, false);
        let title = format!(
            "{}{}{}",
            view.speaker(),
            cx.i18n().text(lang, "comma"),
            cx.i18n().text(lang, "statement")
        );
        let place = Place::new(lang, &route, &available, &title);
        let mut ctx = cx.base(&place);
        let releases: Vec<_> = cx
            .quoted_in(&doc.slug)
            .iter()
            .filter_map(|s| cx.resolve::<model::Release>(s, lang))
            .map(|(rid, _)| cx.card(rid, lang))
            .collect();
        ctx.insert("statement", &view);
        ctx.insert(
            "embargo",
            &cx.embargo_notice(Kind::Statement, &doc.slug, lang),
        );
        ctx.insert("releases", &releases);
        Ok(vec![cx.page(&place, "statement.html", &ctx)?])
    }
}
