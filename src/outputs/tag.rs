//! The page of each tag of each language: the releases carrying it, newest first.

use super::tags::TagView;
use super::{File, Job, Key, Output, Plan};
use crate::error::Diagnostic;
use crate::render::Cx;
use crate::render::page::Place;

/// The route of the tag `slug`.
pub(super) fn route(slug: &str) -> String {
    format!("tags/{slug}/")
}

pub(super) struct Tag;

impl Output for Tag {
    fn name(&self) -> &'static str {
        "tag"
    }

    fn counted_as(&self) -> &'static str {
        "tags"
    }

    fn plan(&self, plan: &mut Plan) {
        for lang in plan.languages() {
            for slug in plan.site.tags(lang).into_iter().flat_map(|t| t.keys()) {
                plan.add(lang, Key::Slug(slug.clone()));
            }
        }
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let (lang, slug) = (job.lang.as_str(), job.slug());
        let here = route(slug);
        let Some(tag) = cx.tags(lang).and_then(|t| t.get(slug)) else {
            return Err(Diagnostic::new(
                cx.site().file(lang, &here),
                None,
                "nothing to render here",
            ));
        };
        let title = format!(
            "{}{}{}",
            cx.i18n().text(lang, "tag_title"),
            cx.i18n().text(lang, "colon"),
            tag.name
        );
        let only = [lang];
        let feeds = super::feeds::own_links(cx, lang, &here, &tag.name);
        let place = Place {
            feeds,
            ..Place::new(lang, &here, &only, &title)
        };
        let mut ctx = cx.base(&place);
        ctx.insert("feeds", &place.feeds);
        let cards: Vec<_> = tag.releases.iter().map(|&id| cx.card(id, lang)).collect();
        ctx.insert(
            "tag",
            &TagView {
                name: &tag.name,
                url: cx.site().url(lang, &here),
                count: cards.len(),
            },
        );
        ctx.insert("releases", &cards);
        Ok(vec![cx.page(&place, "tag.html", &ctx)?])
    }
}
