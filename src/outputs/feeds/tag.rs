//! The feed of each tag of each language: the releases carrying it, newest first by the
//! moment they were published.

use super::super::{File, Job, Key, Output, Plan};
use super::Feed;
use crate::error::Diagnostic;
use crate::render::Cx;

pub(in crate::outputs) struct TagFeeds;

impl Output for TagFeeds {
    fn name(&self) -> &'static str {
        "tag feeds"
    }

    fn counted_as(&self) -> &'static str {
        "feeds"
    }

    fn plan(&self, plan: &mut Plan) {
        if plan.site.publish.private {
            return;
        }
        for lang in plan.languages() {
            for slug in plan.site.tags(lang).into_iter().flat_map(|t| t.keys()) {
                plan.add(lang, Key::Slug(slug.clone()));
            }
        }
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let (lang, slug) = (job.lang.as_str(), job.slug());
        let dir = super::super::tag::route(slug);
        let file = cx.site().file(lang, &format!("{dir}{}", super::RSS));
        let Some(tag) = cx.tags(lang).and_then(|t| t.get(slug)) else {
            return Err(Diagnostic::new(file, None, "nothing to render here"));
        };
        // Dated as the language's feed dates them: by the end of the embargo, if any.
        let dated = tag
            .releases
            .iter()
            .map(|&id| (id, cx.published(id)))
            .collect();
        let entries = super::newest(cx, dated)
            .into_iter()
            .map(|(id, date)| cx.feed_entry(id, date, &file))
            .collect::<Result<Vec<_>, _>>()?;
        let feed = Feed {
            lang: lang.to_string(),
            title: super::scoped_title(cx, lang, &tag.name),
            description: cx
                .i18n()
                .text(lang, "feed_tag_description")
                .replace("{tag}", &tag.name),
            home: cx.site().url(lang, &dir),
            dir,
            entries,
        };
        super::files(cx, &feed)
    }
}
