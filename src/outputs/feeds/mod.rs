//! Feeds for every scope a journalist follows: a language ([`language`]), a person
//! ([`person`]) and a tag ([`tag`]), each in RSS 2.0, Atom 1.0 and JSON Feed 1.1, all three
//! written from one [`Feed`] by the `rss` and `atom_syndication` crates and serde_json,
//! never by string concatenation; the OPML list of them all ([`opml`]); and the page that
//! explains them ([`page`]).

pub(super) mod language;
pub(super) mod opml;
pub(super) mod page;
pub(super) mod person;
pub(super) mod tag;

use atom_syndication as atom;
use rss::extension::atom as rss_atom;
use serde::Serialize;

use super::File;
use crate::error::Diagnostic;
use crate::render::Cx;
use crate::render::page::FeedLink;
use crate::render::views::FeedEntry;

pub(super) const RSS: &str = "feed.xml";
pub(super) const ATOM: &str = "atom.xml";
pub(super) const JSON: &str = "feed.json";

/// The three files of every feed: their names, formats, content types and the UI string
/// naming them.
const FORMATS: [(&str, &str, &str, &str); 3] = [
    (RSS, "RSS", "application/rss+xml", "feed_rss"),
    (ATOM, "Atom", "application/atom+xml", "feed_atom"),
    (JSON, "JSON Feed", "application/feed+json", "feed_json"),
];

/// The content type of a feed file named `name`.
pub(super) fn content_type(name: &str) -> Option<&'static str> {
    match name {
        RSS => Some("application/rss+xml; charset=utf-8"),
        ATOM => Some("application/atom+xml; charset=utf-8"),
        JSON => Some("application/feed+json; charset=utf-8"),
        _ => None,
    }
}

/// The feed files of the folder `dir` (`""`, `people/ada/`, `tags/courts/`) of `lang`,
/// as pages link them; `title` names what they follow.
pub(super) fn links(cx: &Cx, lang: &str, dir: &str, title: &str) -> Vec<FeedLink> {
    FORMATS
        .iter()
        .map(|(name, format, mime, label)| {
            let url = cx.site().url(lang, &format!("{dir}{name}"));
            FeedLink {
                title: format!("{title} ({format})"),
                format,
                mime,
                label: cx.i18n().text(lang, label).to_string(),
                shown: percent_encoding::percent_decode_str(&url)
                    .decode_utf8_lossy()
                    .into_owned(),
                url,
            }
        })
        .collect()
}

/// The feeds a person's or tag's page links as its own: none in a private preview, which
/// has no feeds.
pub(super) fn own_links(cx: &Cx, lang: &str, dir: &str, title: &str) -> Vec<FeedLink> {
    if cx.site().publish().private {
        return Vec::new();
    }
    links(cx, lang, dir, title)
}

/// A feed of one scope in one language.
pub(super) struct Feed {
    pub(super) lang: String,
    pub(super) title: String,
    pub(super) description: String,
    /// The page the feed follows.
    pub(super) home: String,
    /// The folder of its files, relative to the language's root: `""`, `people/ada/`.
    pub(super) dir: String,
    /// Newest first.
    pub(super) entries: Vec<FeedEntry>,
}

impl Feed {
    fn file(&self, cx: &Cx, name: &str) -> String {
        cx.site().file(&self.lang, &format!("{}{name}", self.dir))
    }

    fn url(&self, cx: &Cx, name: &str) -> String {
        cx.site().url(&self.lang, &format!("{}{name}", self.dir))
    }

    /// The press office, which every entry is from.
    fn author(&self, cx: &Cx) -> (String, String) {
        let lang = &self.lang;
        (
            cx.site().language(lang).title.clone(),
            cx.site().url(lang, ""),
        )
    }
}

/// "Press office: Ibrahim Olabi": the title of the feed of one person or tag in `lang`.
pub(super) fn scoped_title(cx: &Cx, lang: &str, name: &str) -> String {
    let site = &cx.site().language(lang).title;
    format!("{site}{}{name}", cx.i18n().text(lang, "colon"))
}

/// The RSS, Atom and JSON Feed files of `feed`.
pub(super) fn files(cx: &Cx, feed: &Feed) -> Result<Vec<File>, Diagnostic> {
    Ok(vec![rss(cx, feed)?, atom(cx, feed)?, json(cx, feed)?])
}

/// The newest entries of `all` (each with its date), at most `feed_limit`.
pub(super) fn newest<T>(
    cx: &Cx,
    mut all: Vec<(T, chrono::DateTime<chrono::FixedOffset>)>,
) -> Vec<(T, chrono::DateTime<chrono::FixedOffset>)> {
    // Stable: entries of one moment keep the order they came in.
    all.sort_by_key(|e| std::cmp::Reverse(e.1));
    all.truncate(cx.site().config().feed_limit);
    all
}

fn updated(entries: &[FeedEntry]) -> chrono::DateTime<chrono::FixedOffset> {
    // The newest entry, not the clock: two builds of the same content give the same bytes.
    entries
        .iter()
        .map(|e| e.modified.unwrap_or(e.date).max(e.date))
        .max()
        .unwrap_or_else(|| chrono::DateTime::UNIX_EPOCH.fixed_offset())
}

fn rss(cx: &Cx, feed: &Feed) -> Result<File, Diagnostic> {
    let entries = &feed.entries;
    let self_url = feed.url(cx, RSS);
    let channel = rss::Channel {
        title: feed.title.clone(),
        link: feed.home.clone(),
        description: feed.description.clone(),
        language: Some(feed.lang.clone()),
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
    let file = feed.file(cx, RSS);
    let bytes = channel
        .pretty_write_to(Vec::new(), b' ', 2)
        .map_err(|e| Diagnostic::new(&file, None, e.to_string()))?;
    Ok((file, bytes))
}

fn atom(cx: &Cx, feed: &Feed) -> Result<File, Diagnostic> {
    let entries = &feed.entries;
    let self_url = feed.url(cx, ATOM);
    let (author, author_url) = feed.author(cx);
    let atom = atom::Feed {
        title: feed.title.as_str().into(),
        id: self_url.clone(),
        updated: updated(entries),
        lang: Some(feed.lang.clone()),
        authors: vec![atom::Person {
            name: author,
            uri: Some(author_url),
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
                href: feed.home.clone(),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
        ],
        subtitle: Some(feed.description.as_str().into()),
        entries: entries
            .iter()
            .map(|e| atom::Entry {
                title: e.title.as_str().into(),
                id: e.id.clone(),
                updated: e.modified.unwrap_or(e.date).max(e.date),
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
                    lang: Some(e.lang.clone()),
                    ..Default::default()
                }),
                contributors: e
                    .contributors
                    .iter()
                    .map(|(name, url)| atom::Person {
                        name: name.clone(),
                        uri: Some(url.clone()),
                        ..Default::default()
                    })
                    .collect(),
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
    let file = feed.file(cx, ATOM);
    let bytes = atom
        .write_to(Vec::new())
        .map_err(|e| Diagnostic::new(&file, None, e.to_string()))?;
    Ok((file, bytes))
}

/// A JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/).
#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: String,
    description: &'a str,
    language: &'a str,
    authors: Vec<JsonAuthor<'a>>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    /// The people quoted; an item without any has the feed's author.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor<'a>>,
    language: &'a str,
}

fn json(cx: &Cx, feed: &Feed) -> Result<File, Diagnostic> {
    let (author, author_url) = feed.author(cx);
    let doc = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &feed.title,
        home_page_url: &feed.home,
        feed_url: feed.url(cx, JSON),
        description: &feed.description,
        language: &feed.lang,
        authors: vec![JsonAuthor {
            name: &author,
            url: &author_url,
        }],
        items: feed
            .entries
            .iter()
            .map(|e| JsonItem {
                id: &e.id,
                url: &e.url,
                title: &e.title,
                content_html: &e.content,
                summary: e.summary.as_deref(),
                date_published: e.date.to_rfc3339(),
                date_modified: e.modified.map(|m| m.to_rfc3339()),
                tags: &e.tags,
                authors: e
                    .contributors
                    .iter()
                    .map(|(name, url)| JsonAuthor { name, url })
                    .collect(),
                language: &e.lang,
            })
            .collect(),
    };
    let file = feed.file(cx, JSON);
    let mut bytes =
        serde_json::to_vec_pretty(&doc).map_err(|e| Diagnostic::new(&file, None, e.to_string()))?;
    bytes.push(b'\n');
    Ok((file, bytes))
}
