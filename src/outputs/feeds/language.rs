//! The feeds of each language: its releases, newest first by the moment they were
//! published.

use super::super::{File, Job, Output, Plan};
use super::{ATOM, Feed, JSON, RSS};
use crate::error::Diagnostic;
use crate::render::page::Nav;
use crate::render::{Cx, Reader};

pub(in crate::outputs) struct LanguageFeeds;

impl Output for LanguageFeeds {
    fn name(&self) -> &'static str {
        "language feeds"
    }

    fn counted_as(&self) -> &'static str {
        "feeds"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &[RSS, ATOM, JSON]
    }

    fn content_type(&self, name: &str) -> Option<&'static str> {
        super::content_type(name)
    }

    fn nav(&self, r: &Reader, lang: &str, nav: &mut Nav) {
        nav.insert("rss", Some(r.site().url(lang, RSS)));
        nav.insert("atom", Some(r.site().url(lang, ATOM)));
        nav.insert("json_feed", Some(r.site().url(lang, JSON)));
    }

    fn plan(&self, plan: &mut Plan) {
        // A private preview links no feeds and has none.
        if !plan.site.publish.private {
            plan.per_language();
        }
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let lang = job.lang.as_str();
        let file = cx.site().file(lang, RSS);
        let entries = cx
            .feed_releases(lang)
            .into_iter()
            .map(|(id, date)| cx.feed_entry(id, date, &file))
            .collect::<Result<Vec<_>, _>>()?;
        let feed = Feed {
            lang: lang.to_string(),
            title: cx.site().language(lang).title.clone(),
            description: cx.i18n().text(lang, "feed_description").to_string(),
            home: cx.site().url(lang, ""),
            dir: String::new(),
            entries,
        };
        super::files(cx, &feed)
    }
}
