//! `/sitemap.xml`: every HTML page with its hreflang alternates, written with quick-xml.

use std::collections::BTreeMap;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{File, Job, Key, Output, Plan};
use crate::content::model;
use crate::error::Diagnostic;
use crate::render::Cx;
use crate::site::Typed;

pub(super) const ROUTE: &str = "sitemap.xml";

/// One page in the sitemap: its language, URL and last modification day.
struct Entry {
    lang: String,
    loc: String,
    lastmod: Option<String>,
}

/// Pages by (kind, slug) group, so translations list each other.
type Groups = BTreeMap<(u8, String), Vec<Entry>>;

pub(super) struct Sitemap;

impl Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn counted_as(&self) -> &'static str {
        "other"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &[ROUTE]
    }

    fn plan(&self, plan: &mut Plan) {
        // A private preview is kept out of search engines.
        if !plan.site.publish.private {
            plan.add("", Key::One);
        }
    }

    fn render(&self, _job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let groups = groups(cx);
        let fixed = cx.site();
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
                        let default = fixed
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
        let bytes = write().map_err(|e| Diagnostic::new(ROUTE, None, e.to_string()))?;
        Ok(vec![(ROUTE.to_string(), bytes)])
    }
}

/// Every HTML page of the site, grouped with its translations.
fn groups(cx: &Cx) -> Groups {
    let fixed = cx.site();
    let mut groups = Groups::new();
    let languages = fixed.languages();
    for &l in &languages {
        add(&mut groups, (0, ""), l, fixed.url(l, ""), None);
        let list = fixed.url(l, &super::release_list::route(1));
        add(&mut groups, (1, ""), l, list, None);
        add(
            &mut groups,
            (2, ""),
            l,
            fixed.url(l, super::people::ROUTE),
            None,
        );
        add(
            &mut groups,
            (3, ""),
            l,
            fixed.url(l, super::tags::ROUTE),
            None,
        );
        let feeds = fixed.url(l, super::feeds::page::ROUTE);
        add(&mut groups, (3, "feeds"), l, feeds, None);
        let archive = fixed.url(l, &super::archive::route(None));
        add(&mut groups, (3, "archive"), l, archive, None);
        for year in super::archive::years_in(cx, l) {
            let loc = fixed.url(l, &super::archive::route(Some(year)));
            add(&mut groups, (3, &format!("archive/{year}")), l, loc, None);
        }
        for slug in cx.tags(l).into_iter().flat_map(|t| t.keys()) {
            let loc = fixed.url(l, &super::tag::route(slug));
            add(&mut groups, (4, &format!("{l}/{slug}")), l, loc, None);
        }
    }
    for &l in &languages {
        for n in 2..=cx.release_pages(l) {
            let loc = fixed.url(l, &super::release_list::route(n));
            add(&mut groups, (1, &n.to_string()), l, loc, None);
        }
    }
    for id in cx.ids::<model::Release>() {
        let doc = cx.get(id);
        let lastmod = Some(doc.meta.date.day().to_string());
        add(
            &mut groups,
            (5, &doc.slug),
            &doc.lang,
            doc.url.clone(),
            lastmod,
        );
    }
    others::<model::Statement>(cx, 6, &mut groups);
    others::<model::Person>(cx, 7, &mut groups);
    others::<model::Page>(cx, 8, &mut groups);
    groups
}

/// The pages of kind `M`, which carry no date.
fn others<M: Typed>(cx: &Cx, order: u8, groups: &mut Groups) {
    for id in cx.ids::<M>() {
        let (slug, lang) = cx.key(id);
        add(groups, (order, slug), lang, cx.url(id).to_string(), None);
    }
}

fn add(
    groups: &mut Groups,
    (order, key): (u8, &str),
    lang: &str,
    loc: String,
    lastmod: Option<String>,
) {
    groups
        .entry((order, key.to_string()))
        .or_default()
        .push(Entry {
            lang: lang.to_string(),
            loc,
            lastmod,
        });
}
