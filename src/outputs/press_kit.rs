//! `/releases/<slug>/press-kit.zip`: everything an editor needs from a release in one
//! download. The release in every language it is published in, as HTML needing nothing
//! beside it and as plain text; its pictures at full size without metadata, with
//! `CREDITS.txt`; the bio and photo of everyone it quotes; the media contact as a vCard.
//! It holds what the pages show and nothing more: a translation or statement still under
//! embargo is not in it. The zip's bytes depend on its contents alone (`press_kit/`).

use std::collections::BTreeMap;

use chrono::Datelike;

use super::{File, Job, Key, Output, Plan};
use crate::content::{Kind, model};
use crate::error::Diagnostic;
use crate::render::Cx;
use crate::site::Id;

/// The kit's file name, beside the release's page in the default language.
pub(crate) const FILE: &str = "press-kit.zip";

/// The route of the kit of the release `slug`.
pub(crate) fn route(slug: &str) -> String {
    format!("{}{FILE}", crate::site::route::item(Kind::Release, slug))
}

pub(super) struct PressKits;

impl Output for PressKits {
    fn name(&self) -> &'static str {
        "press kits"
    }

    fn counted_as(&self) -> &'static str {
        "press kits"
    }

    fn deferred(&self) -> bool {
        true
    }

    fn plan(&self, plan: &mut Plan) {
        let slugs: std::collections::BTreeSet<String> = plan
            .site
            .all::<model::Release>()
            .map(|(_, r)| r.slug.clone())
            .collect();
        for slug in slugs {
            plan.add("", Key::Slug(slug));
        }
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let slug = job.slug();
        let fixed = cx.site();
        let default = fixed.config().default_language.as_str();
        let path = fixed.file(default, &route(slug));
        let problem = |message: String| Diagnostic::new(&path, None, message);
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut credits: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut people: Vec<String> = Vec::new();
        let mut day = None;
        let languages: Vec<&str> = cx.translations(Kind::Release, slug);
        for &lang in &languages {
            let Some(id) = cx.find::<model::Release>(slug, lang) else {
                continue;
            };
            let doc = cx.get(id);
            if lang == default || day.is_none() {
                let d = doc.meta.date.day();
                day = Some((d.year() as u16, d.month() as u8, d.day() as u8));
            }
            let html = cx.kit_release(id, &path)?;
            files.push((
                format!("release.{lang}.txt"),
                crate::html::plain_text(&html).into_bytes(),
            ));
            files.push((format!("release.{lang}.html"), html.into_bytes()));
            if cx.has_pdf(id) {
                files.push((
                    format!("release.{lang}.pdf"),
                    super::pdf::typeset(cx, id)?.1,
                ));
            }
            for image in doc.meta.pictures() {
                let Some(picture) = cx.picture(&image.src) else {
                    continue;
                };
                let name = kit_name("images", picture);
                let words = credit_line(
                    cx,
                    lang,
                    [
                        image.caption.as_deref(),
                        image.credit.as_deref(),
                        image.licence.as_deref(),
                    ],
                );
                let lines = credits.entry(name.clone()).or_default();
                // A picture shown twice (on top and in the gallery) is credited once.
                if let Some(words) = words
                    && !lines.contains(&words)
                {
                    lines.push(words);
                }
                if !files.iter().any(|(n, _)| *n == name) {
                    files.push((name, full_size(cx, picture).map_err(&problem)?));
                }
            }
            for statement in &doc.meta.statements {
                let Some((sid, _)) = cx.resolve::<model::Statement>(statement, lang) else {
                    continue;
                };
                let person = &cx.get(sid).meta.person;
                if !people.contains(person) {
                    people.push(person.clone());
                }
            }
        }
        let Some(day) = day else {
            // No language publishes it now: no kit.
            return Ok(Vec::new());
        };
        for slug in &people {
            person_files(cx, slug, &languages, &mut files, &mut credits).map_err(&problem)?;
        }
        if !credits.is_empty() {
            let mut text = String::new();
            for (name, lines) in &credits {
                text.push_str(name);
                text.push('\n');
                for line in lines {
                    text.push_str("  ");
                    text.push_str(line);
                    text.push('\n');
                }
                text.push('\n');
            }
            files.push(("CREDITS.txt".into(), text.into_bytes()));
        }
        let contact = &fixed.config().contact;
        let contact_page = cx
            .resolve::<model::Page>("contact", default)
            .map(|(id, _)| cx.url(id).to_string())
            .unwrap_or_else(|| fixed.url(default, ""));
        let vcard = crate::press_kit::vcard(
            &fixed.language(default).title,
            &contact.email,
            &contact.phone,
            &contact_page,
        );
        files.push(("contact.vcf".into(), vcard.into_bytes()));
        let zip =
            crate::press_kit::zip(&files, day).map_err(|e| problem(format!("the zip: {e}")))?;
        Ok(vec![(path, zip)])
    }
}

/// The name in the kit of `picture`, under `folder`: its path under media/ and its width,
/// as the site publishes its full size.
fn kit_name(folder: &str, picture: &crate::media::Picture) -> String {
    let published = picture.file(picture.width, picture.format);
    let under = published
        .strip_prefix(crate::media::OUTPUT_DIR)
        .unwrap_or(&published);
    format!("{folder}{under}")
}

/// The full size of `picture` as the site publishes it for download: re-encoded from its
/// pixels, without metadata.
fn full_size(cx: &Cx, picture: &crate::media::Picture) -> Result<Vec<u8>, String> {
    let name = picture.file(picture.width, picture.format);
    crate::media::files(picture, cx.picture_cache(), cx.keeps_cache())?
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| bytes)
        .ok_or_else(|| format!("no full size of {}", picture.src))
}

/// "en: A vigil in The Hague." then "Credit: Jane Doe" and "Licence: CC BY 4.0" on lines
/// of their own, in `lang`'s words; nothing if the picture has none of the three.
fn credit_line(
    cx: &Cx,
    lang: &str,
    [caption, credit, licence]: [Option<&str>; 3],
) -> Option<String> {
    let i18n = cx.i18n();
    let colon = i18n.text(lang, "colon");
    let mut parts: Vec<String> = Vec::new();
    if let Some(caption) = caption.map(str::trim).filter(|c| !c.is_empty()) {
        parts.push(caption.to_string());
    }
    for (key, value) in [("picture_credit", credit), ("picture_licence", licence)] {
        if let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) {
            parts.push(format!("{}{colon}{value}", i18n.text(lang, key)));
        }
    }
    (!parts.is_empty()).then(|| format!("{lang}: {}", parts.join("\n      ")))
}

/// The bio of the person `slug` in each of `languages` they are written in
/// (`people/<slug>.<lang>.txt`), and their photo from media/ at full size (`people/<slug>.<ext>`).
fn person_files(
    cx: &Cx,
    slug: &str,
    languages: &[&str],
    files: &mut Vec<(String, Vec<u8>)>,
    credits: &mut BTreeMap<String, Vec<String>>,
) -> Result<(), String> {
    let mut photo_of: Option<Id<model::Person>> = None;
    for lang in languages {
        let Some(id) = cx.find::<model::Person>(slug, lang) else {
            continue;
        };
        photo_of.get_or_insert(id);
        let person = cx.get(id);
        let meta = &person.meta;
        let role = meta.role_line(cx.i18n().text(lang, "comma"));
        let mut text = format!("{}\n", meta.name);
        if !role.is_empty() {
            text.push_str(&role);
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&crate::html::plain_text(&cx.body_html(id)));
        text.push('\n');
        text.push_str(&person.url);
        text.push('\n');
        files.push((format!("people/{slug}.{lang}.txt"), text.into_bytes()));
    }
    let Some(id) = photo_of else {
        return Ok(());
    };
    let meta = &cx.get(id).meta;
    if let Some(picture) = meta.photo.as_deref().and_then(|p| cx.picture(p)) {
        let full = picture.file(picture.width, picture.format);
        let extension = full.rsplit_once('.').map_or("", |(_, e)| e);
        let name = format!("people/{slug}.{extension}");
        let lang = cx.key(id).1;
        if let Some(line) = credit_line(cx, lang, [None, meta.photo_credit.as_deref(), None]) {
            credits.entry(name.clone()).or_default().push(line);
        }
        files.push((name, full_size(cx, picture)?));
    }
    Ok(())
}
