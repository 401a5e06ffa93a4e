//! RSS 2.0 and Atom 1.0 feeds of releases, one pair per language, written by the `rss` and
//! `atom_syndication` crates (never by string concatenation), from the feed entries of
//! `render::views`.

use atom_syndication as atom;
use rss::extension::atom as rss_atom;

use super::{File, Job, Key, Output, Plan};
use crate::error::Diagnostic;
use crate::render::page::Nav;
use crate::render::views::FeedEntry;
use crate::render::{Cx, Reader};

const RSS: &str = "feed.xml";
const ATOM: &str = "atom.xml";

pub(super) struct Feeds;

impl Output for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn counted_as(&self) -> &'static str {
        "feeds"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &[RSS, ATOM]
    }

    fn content_type(&self, name: &str) -> Option<&'static str> {
        match name {
            RSS => Some("application/rss+xml; charset=utf-8"),
            ATOM => Some("application/atom+xml; charset=utf-8"),
            _ => None,
        }
    }

    fn nav(&self, r: &Reader, lang: &str, nav: &mut Nav) {
        nav.insert("rss", Some(r.site().url(lang, RSS)));
        nav.insert("atom", Some(r.site().url(lang, ATOM)));
    }

    fn plan(&self, plan: &mut Plan) {
        // A private preview links no feeds and has none.
        if plan.site.publish.private {
            return;
        }
        for lang in plan.languages() {
            plan.add(lang, Key::One);
        }
    }

    /// The RSS and the Atom feed of a language, from the same entries.
    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let lang = job.lang.as_str();
        let file = cx.site().file(lang, RSS);
        let entries = cx
            .feed_releases(lang)
            .into_iter()
            .map(|(id, date)| cx.feed_entry(id, date, &file))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(vec![rss(cx, lang, &entries)?, atom(cx, lang, &entries)?])
    }
}

fn updated(entries: &[FeedEntry]) -> chrono::DateTime<chrono::FixedOffset> {
    // The newest entry, not the clock: two builds of the same content give the same bytes.
    entries
        .iter()
        .map(|e| e.date)
        .max()
        .unwrap_or_else(|| chrono::DateTime::UNIX_EPOCH.fixed_offset())
}

fn rss(cx: &Cx, lang: &str, entries: &[FeedEntry]) -> Result<File, Diagnostic> {
    let site = cx.site();
    let language = site.language(lang);
    let self_url = site.url(lang, RSS);
    let channel = rss::Channel {
        title: language.title.clone(),
        link: site.url(lang, ""),
        description: cx.i18n().text(lang, "feed_description").to_string(),
        language: Some(lang.to_string()),
        last_build_date: Some(updated(entries).to_rfc2822()),
        generator: Some("pressroom".into()),
        atom_ext: Some(rss_atom::AtomExtension {
            links: vec![rss_atom::Link {
                href: self_url,
                rel: "self".into(),
                mime_type: Some("application/rss+xml".into()),
                ..Default::default()
            }],
        }),
        items: entries
            .iter()
            .map(|e| rss::Item {
                title: Some(e.title.clone()),
                link: Some(e.url.clone()),
                // RSS readers take the description as HTML; the summary is plain text.
                description: e.summary.as_deref().map(crate::markdown::escape_html),
                guid: Some(rss::Guid {
                    permalink: e.id == e.url,
                    value: e.id.clone(),
                }),
                pub_date: Some(e.date.to_rfc2822()),
                content: Some(e.content.clone()),
                categories: e
                    .tags
                    .iter()
                    .map(|name| rss::Category {
                        name: name.clone(),
                        domain: None,
                    })
                    .collect(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let bytes = channel
        .pretty_write_to(Vec::new(), b' ', 2)
        .map_err(|e| Diagnostic::new(site.file(lang, RSS), None, e.to_string()))?;
    Ok((site.file(lang, RSS), bytes))
}

fn atom(cx: &Cx, lang: &str, entries: &[FeedEntry]) -> Result<File, Diagnostic> {
    let site = cx.site();
    let language = site.language(lang);
    let self_url = site.url(lang, ATOM);
    let feed = atom::Feed {
        title: language.title.clone().into(),
        id: self_url.clone(),
        updated: updated(entries),
        lang: Some(lang.to_string()),
        authors: vec![atom::Person {
            name: language.title.clone(),
            uri: Some(site.url(lang, "")),
            ..Default::default()
        }],
        links: vec![
            atom::Link {
                href: self_url,
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
            atom::Link {
                href: site.url(lang, ""),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
        ],
        subtitle: Some(cx.i18n().text(lang, "feed_description").into()),
        entries: entries
            .iter()
            .map(|e| atom::Entry {
                title: e.title.as_str().into(),
                id: e.id.clone(),
                updated: e.date,
                published: Some(e.date),
                links: vec![atom::Link {
                    href: e.url.clone(),
                    rel: "alternate".into(),
                    mime_type: Some("text/html".into()),
                    ..Default::default()
                }],
                summary: e.summary.as_deref().map(Into::into),
                content: Some(atom::Content {
                    value: Some(e.content.clone()),
                    content_type: Some("html".into()),
                    lang: Some(lang.to_string()),
                    ..Default::default()
                }),
                categories: e
                    .tags
                    .iter()
                    .map(|term| atom::Category {
                        term: term.clone(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let bytes = feed
        .write_to(Vec::new())
        .map_err(|e| Diagnostic::new(site.file(lang, ATOM), None, e.to_string()))?;
    Ok((site.file(lang, ATOM), bytes))
}
