//! RSS 2.0 and Atom 1.0 feeds of releases, one pair per language, written by the `rss` and
//! `atom_syndication` crates (never by string concatenation). Entries carry the full release
//! with absolute URLs, and ids that stay the same when a release is edited: the front matter
//! `id` when given, otherwise a tag URI made from the host, the date and the slug.

use atom_syndication as atom;
use rss::extension::atom as rss_atom;

use super::Renderer;
use crate::content::Kind;
use crate::error::Diagnostic;
use crate::site::route;

/// The releases of one feed, newest first, with their rendered content.
struct Entry {
    title: String,
    url: String,
    id: String,
    date: chrono::DateTime<chrono::FixedOffset>,
    summary: Option<String>,
    content: String,
    tags: Vec<String>,
}

fn entries(r: &Renderer, lang: &str) -> Result<Vec<Entry>, Diagnostic> {
    r.site
        .feed_releases(lang)
        .into_iter()
        .map(|(i, date)| {
            let doc = &r.site.releases[i];
            Ok(Entry {
                title: doc.meta.title.clone(),
                url: r.site.url(lang, &route::item(Kind::Release, &doc.slug)),
                id: doc.meta.id.clone().unwrap_or_else(|| {
                    derived_id(
                        &r.site.config.base_url,
                        &doc.meta.date.day().to_string(),
                        lang,
                        r.site.config.is_default(lang),
                        &doc.slug,
                    )
                }),
                // A release published when its embargo lifted is dated by that moment.
                date,
                summary: doc.meta.summary.as_ref().map(|s| s.trim().to_string()),
                content: r.release_content(i)?,
                tags: doc.meta.tags.clone(),
            })
        })
        .collect()
}

/// `tag:press.example.org,2023-06-12:releases/icj-case` (RFC 4151), with the language for
/// translations: it changes only if the host, the date or the slug does.
fn derived_id(base_url: &str, day: &str, lang: &str, default: bool, slug: &str) -> String {
    let host = crate::config::host_of(base_url).unwrap_or_default();
    if default {
        format!("tag:{host},{day}:releases/{slug}")
    } else {
        format!("tag:{host},{day}:{lang}/releases/{slug}")
    }
}

/// The RSS and the Atom feed of `lang`, from the same entries.
pub fn feeds(r: &Renderer, lang: &str) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let entries = entries(r, lang)?;
    Ok(vec![rss(r, lang, &entries)?, atom(r, lang, &entries)?])
}

fn updated(entries: &[Entry]) -> chrono::DateTime<chrono::FixedOffset> {
    // The newest entry, not the clock: two builds of the same content give the same bytes.
    entries
        .iter()
        .map(|e| e.date)
        .max()
        .unwrap_or_else(|| chrono::DateTime::UNIX_EPOCH.fixed_offset())
}

fn rss(r: &Renderer, lang: &str, entries: &[Entry]) -> Result<(String, Vec<u8>), Diagnostic> {
    let site = r.site;
    let language = site.config.language(lang).expect("a site language");
    let self_url = site.url(lang, route::RSS);
    let channel = rss::Channel {
        title: language.title.clone(),
        link: site.url(lang, ""),
        description: r.i18n.text(lang, "feed_description").to_string(),
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
        .map_err(|e| Diagnostic::new(site.file(lang, route::RSS), None, e.to_string()))?;
    Ok((site.file(lang, route::RSS), bytes))
}

fn atom(r: &Renderer, lang: &str, entries: &[Entry]) -> Result<(String, Vec<u8>), Diagnostic> {
    let site = r.site;
    let language = site.config.language(lang).expect("a site language");
    let self_url = site.url(lang, route::ATOM);
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
        subtitle: Some(r.i18n.text(lang, "feed_description").into()),
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
        .map_err(|e| Diagnostic::new(site.file(lang, route::ATOM), None, e.to_string()))?;
    Ok((site.file(lang, route::ATOM), bytes))
}

#[cfg(test)]
mod tests {
    use super::derived_id;

    #[test]
    fn derived_ids_depend_on_host_date_slug_and_language_only() {
        assert_eq!(
            derived_id(
                "https://press.example.org:8443/sub",
                "2023-06-12",
                "en",
                true,
                "icj"
            ),
            "tag:press.example.org,2023-06-12:releases/icj"
        );
        assert_eq!(
            derived_id(
                "https://press.example.org",
                "2023-06-12",
                "ar",
                false,
                "icj"
            ),
            "tag:press.example.org,2023-06-12:ar/releases/icj"
        );
    }
}
