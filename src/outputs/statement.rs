//! The page of each statement: the quote, who said it, and the releases quoting it.

use super::{File, Job, Output, Plan, document};
use crate::content::{Kind, model};
use crate::error::Diagnostic;
use crate::render::Cx;
use crate::render::meta::Social;
use crate::render::page::Place;
use serde_json::json;

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
        let quoted = cx.quoting(id, lang);
        let published = cx.statement_date(id, &quoted).map(|d| d.moment);
        let text = crate::html::text(&cx.body_html(id));
        let mut quotation = json!({
            "@context": "https://schema.org",
            "@type": "Quotation",
            "text": text,
            "url": doc.url,
            "inLanguage": lang,
            "creator": { "@type": "Person", "name": view.speaker(), "url": view.person.url },
        });
        if let Some(r) = quoted.first() {
            let r = cx.get(*r);
            quotation["isPartOf"] =
                json!({ "@type": "NewsArticle", "headline": r.meta.title, "url": r.url });
        }
        let place = Place {
            social: match published {
                Some(published) => Social::Article {
                    published,
                    modified: None,
                    tags: Vec::new(),
                },
                None => Social::Website,
            },
            json_ld: Some(quotation),
            card: super::cards::link(
                cx,
                lang,
                &route,
                format!("{}{}{text}", view.speaker(), cx.i18n().text(lang, "colon")),
            ),
            ..Place::new(lang, &route, &available, &title)
        };
        let mut ctx = cx.base(&place);
        let releases: Vec<_> = quoted.iter().map(|rid| cx.card(*rid, lang)).collect();
        ctx.insert("statement", &view);
        ctx.insert(
            "embargo",
            &cx.embargo_notice(Kind::Statement, &doc.slug, lang),
        );
        ctx.insert("releases", &releases);
        Ok(vec![cx.page(&place, "statement.html", &ctx)?])
    }
}
