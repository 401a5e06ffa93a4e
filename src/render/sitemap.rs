//! `/sitemap.xml` (every HTML page with its hreflang alternates, written with quick-xml)
//! and `/robots.txt` naming it.

use std::collections::BTreeMap;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::Renderer;
use crate::content::Kind;
use crate::error::Diagnostic;
use crate::site::route;

/// One page in the sitemap: its language, URL and last modification day.
struct Entry {
    lang: String,
    loc: String,
    lastmod: Option<String>,
}

pub fn sitemap(r: &Renderer) -> Result<(String, Vec<u8>), Diagnostic> {
    let site = r.site;
    // Each page, keyed by a (kind, slug) group so translations list each other.
    let mut groups: BTreeMap<(u8, String), Vec<Entry>> = BTreeMap::new();
    let mut add = |order: u8, key: &str, lang: &str, route: &str, lastmod: Option<String>| {
        groups
            .entry((order, key.to_string()))
            .or_default()
            .push(Entry {
                lang: lang.to_string(),
                loc: site.url(lang, route),
                lastmod,
            });
    };
    for lang in &site.config.languages {
        let l = lang.code.as_str();
        add(0, "", l, "", None);
        add(1, "", l, &route::releases_page(1), None);
        add(2, "", l, route::PEOPLE, None);
        add(3, "", l, route::TAGS, None);
        for slug in site.tags.get(l).into_iter().flat_map(|t| t.keys()) {
            add(4, &format!("{l}/{slug}"), l, &route::tag(slug), None);
        }
    }
    for lang in &site.config.languages {
        for n in 2..=site.release_pages(&lang.code) {
            add(
                1,
                &n.to_string(),
                &lang.code,
                &route::releases_page(n),
                None,
            );
        }
    }
    for doc in &site.releases {
        add(
            5,
            &doc.slug,
            &doc.lang,
            &route::item(Kind::Release, &doc.slug),
            Some(doc.meta.date.day().to_string()),
        );
    }
    for doc in &site.statements {
        add(
            6,
            &doc.slug,
            &doc.lang,
            &route::item(Kind::Statement, &doc.slug),
            None,
        );
    }
    for doc in &site.people {
        add(
            7,
            &doc.slug,
            &doc.lang,
            &route::item(Kind::Person, &doc.slug),
            None,
        );
    }
    for doc in &site.pages {
        add(
            8,
            &doc.slug,
            &doc.lang,
            &route::item(Kind::Page, &doc.slug),
            None,
        );
    }

    let write = || -> Result<Vec<u8>, std::io::Error> {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.write_event(Event::Start(BytesStart::new("urlset").with_attributes([
            ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"),
            ("xmlns:xhtml", "http://www.w3.org/1999/xhtml"),
        ])))?;
        for pages in groups.values() {
            for Entry { loc, lastmod, .. } in pages {
                w.write_event(Event::Start(BytesStart::new("url")))?;
                w.create_element("loc")
                    .write_text_content(BytesText::new(loc))?;
                if let Some(lastmod) = lastmod {
                    w.create_element("lastmod")
                        .write_text_content(BytesText::new(lastmod))?;
                }
                if pages.len() > 1 {
                    for Entry {
                        lang, loc: href, ..
                    } in pages
                    {
                        w.create_element("xhtml:link")
                            .with_attributes([
                                ("rel", "alternate"),
                                ("hreflang", lang.as_str()),
                                ("href", href.as_str()),
                            ])
                            .write_empty()?;
                    }
                    let langs: Vec<&str> = pages.iter().map(|e| e.lang.as_str()).collect();
                    let default = site
                        .x_default(&langs)
                        .and_then(|l| pages.iter().find(|e| e.lang == l))
                        .unwrap_or(&pages[0]);
                    w.create_element("xhtml:link")
                        .with_attributes([
                            ("rel", "alternate"),
                            ("hreflang", "x-default"),
                            ("href", default.loc.as_str()),
                        ])
                        .write_empty()?;
                }
                w.write_event(Event::End(BytesEnd::new("url")))?;
            }
        }
        w.write_event(Event::End(BytesEnd::new("urlset")))?;
        let mut bytes = w.into_inner();
        bytes.push(b'\n');
        Ok(bytes)
    };
    let bytes = write().map_err(|e| Diagnostic::new(route::SITEMAP, None, e.to_string()))?;
    Ok((route::SITEMAP.to_string(), bytes))
}

pub fn robots(r: &Renderer) -> (String, Vec<u8>) {
    if r.site.publish.private {
        return (
            route::ROBOTS.to_string(),
            b"User-agent: *\nDisallow: /\n".to_vec(),
        );
    }
    let text = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}/{}\n",
        r.site.config.base_url,
        route::SITEMAP
    );
    (route::ROBOTS.to_string(), text.into_bytes())
}
