//! `/feeds.opml`: every RSS and Atom feed of the site, grouped by language, for a
//! newsroom's feed reader to import in one go.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::super::{File, Job, Key, Output, Plan};
use super::FeedLink;
use crate::content::model;
use crate::error::Diagnostic;
use crate::render::Cx;

pub(in crate::outputs) const ROUTE: &str = "feeds.opml";

pub(in crate::outputs) struct Opml;

impl Output for Opml {
    fn name(&self) -> &'static str {
        "feed list"
    }

    fn counted_as(&self) -> &'static str {
        "feeds"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &[ROUTE]
    }

    fn plan(&self, plan: &mut Plan) {
        if !plan.site.publish.private {
            plan.add("", Key::One);
        }
    }

    fn render(&self, _job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let fixed = cx.site();
        let config = fixed.config();
        let default = &config.default_language;
        let mut groups: Vec<(&str, Vec<FeedLink>)> = Vec::new();
        for language in &config.languages {
            let lang = language.code.as_str();
            let mut links = super::links(cx, lang, "", &language.title);
            for id in cx.ids::<model::Person>() {
                if cx.key(id).1 == lang {
                    let p = cx.get(id);
                    let dir = super::person::dir(&p.slug);
                    links.extend(super::links(cx, lang, &dir, &p.meta.name));
                }
            }
            for (slug, tag) in cx.tags(lang).into_iter().flatten() {
                let dir = super::super::tag::route(slug);
                links.extend(super::links(cx, lang, &dir, &tag.name));
            }
            // Feed readers import RSS and Atom; the JSON Feeds are on the feeds page.
            links.retain(|l| l.format != "JSON Feed");
            groups.push((&language.name, links));
        }
        let title = format!(
            "{}{}{}",
            fixed.language(default).title,
            cx.i18n().text(default, "colon"),
            cx.i18n().text(default, "feeds_title")
        );
        let bytes =
            write(&title, &groups).map_err(|e| Diagnostic::new(ROUTE, None, e.to_string()))?;
        Ok(vec![(ROUTE.to_string(), bytes)])
    }
}

fn write(title: &str, groups: &[(&str, Vec<FeedLink>)]) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(
        BytesStart::new("opml").with_attributes([("version", "2.0")]),
    ))?;
    w.write_event(Event::Start(BytesStart::new("head")))?;
    w.create_element("title")
        .write_text_content(BytesText::new(title))?;
    w.write_event(Event::End(BytesEnd::new("head")))?;
    w.write_event(Event::Start(BytesStart::new("body")))?;
    for (language, links) in groups {
        w.write_event(Event::Start(
            BytesStart::new("outline").with_attributes([("text", *language)]),
        ))?;
        for link in links {
            w.create_element("outline")
                .with_attributes([
                    ("type", "rss"),
                    ("text", link.title.as_str()),
                    ("title", link.title.as_str()),
                    ("xmlUrl", link.url.as_str()),
                ])
                .write_empty()?;
        }
        w.write_event(Event::End(BytesEnd::new("outline")))?;
    }
    w.write_event(Event::End(BytesEnd::new("body")))?;
    w.write_event(Event::End(BytesEnd::new("opml")))?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}
