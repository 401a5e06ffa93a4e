//! Free pages (about, contact), each with its template: `page.html` unless its front
//! matter names another. The contact template gets the interview-request form.

use std::borrow::Cow;

use serde::Serialize;

use super::{File, Job, Key, Output, Plan, document};
use crate::content::{Kind, model};
use crate::error::Diagnostic;
use crate::render::page::{Nav, Place};
use crate::render::views::Choice;
use crate::render::{Cx, Reader};
use crate::site::Entry;

/// The template a free page is rendered with.
fn template(page: &Entry<model::Page>) -> String {
    format!("{}.html", page.meta.template.as_deref().unwrap_or("page"))
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    body: Cow<'a, str>,
    extra: &'a model::Extra,
}

#[derive(Serialize)]
struct Form {
    action: String,
    /// The form composes an email instead of posting to a server.
    mailto: bool,
    /// Says plainly where the request goes: the text around the address, and the address
    /// (isolated in the template so it reads right in right-to-left text).
    notice_before: String,
    notice_after: String,
    target: String,
    /// What the page's script says once it has composed the email, around the address.
    composed_before: String,
    composed_after: String,
    kinds: Vec<Choice>,
    languages: Vec<Choice>,
    /// The name each field is sent under. To a server, a name for programs (`outlet`);
    /// in an email, the field's label in the page's language, so the message a mail
    /// program composes is a list of labelled lines ("Media outlet=…"), not of keys.
    names: std::collections::BTreeMap<&'static str, String>,
}

pub(super) struct Page;

impl Output for Page {
    fn name(&self) -> &'static str {
        "page"
    }

    fn counted_as(&self) -> &'static str {
        "pages"
    }

    fn document(&self) -> Option<Kind> {
        Some(Kind::Page)
    }

    fn nav(&self, r: &Reader, lang: &str, nav: &mut Nav) {
        for slug in ["about", "contact"] {
            let found = r.resolve::<model::Page>(slug, lang);
            nav.insert(slug, found.map(|(id, _)| r.url(id).to_string()));
        }
    }

    fn plan(&self, plan: &mut Plan) {
        let site = plan.site;
        let contact = &site.config.contact;
        for (_, page) in site.all::<model::Page>() {
            let template = template(page);
            let problem =
                if super::reserved(&page.slug) || site.config.language(&page.slug).is_some() {
                    Some(
                        page.diagnostic(
                            None,
                            format!("the page URL /{}/ is used by the site itself", page.slug),
                        )
                        .with_hint("rename the file"),
                    )
                } else if template == "contact.html"
                    && contact.email.is_empty()
                    && contact.form_action.is_empty()
                {
                    Some(
                        page.diagnostic(
                            page.line_of_key("template"),
                            "the interview-request form has nowhere to go",
                        )
                        .with_hint("set `email` or `form_action` under [contact] in site.toml"),
                    )
                } else if !plan.templates.has(&template) {
                    Some(
                        page.diagnostic(
                            page.line_of_key("template"),
                            format!("the template `{template}` does not exist"),
                        )
                        .with_hint("add it to templates/, or remove the `template:` key"),
                    )
                } else {
                    None
                };
            match problem {
                Some(p) => plan.problems.push(p),
                None => plan.add(&page.lang, Key::Slug(page.slug.clone())),
            }
        }
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let id = document::<model::Page>(job, cx)?;
        let doc = cx.get(id);
        let lang = doc.lang.as_str();
        let route = crate::site::route::item(Kind::Page, &doc.slug);
        let available = cx.translations(Kind::Page, &doc.slug);
        let place = Place::new(lang, &route, &available, &doc.meta.title);
        let mut ctx = cx.base(&place);
        ctx.insert(
            "page",
            &PageView {
                title: &doc.meta.title,
                body: cx.body_html(id),
                extra: &doc.meta.extra,
            },
        );
        ctx.insert("form", &form(cx, lang));
        ctx.insert("spokespeople", &cx.people(lang, true));
        Ok(vec![cx.page(&place, &template(doc), &ctx)?])
    }
}

/// The text before and after `{target}` in `text`.
fn around_target(text: &str) -> (String, String) {
    let (before, after) = text.split_once("{target}").unwrap_or((text, ""));
    (before.to_string(), after.to_string())
}

/// The interview-request form. Without `form_action` it composes an email to the press
/// address, so it works with no server and no JavaScript.
fn form(cx: &Cx, lang: &str) -> Form {
    let config = cx.site().config();
    let contact = &config.contact;
    let t = |k: &str| cx.i18n().text(lang, k).to_string();
    let (action, mailto, target) = if contact.form_action.is_empty() {
        // A subject of its own; the browser adds the fields as the body.
        let subject = crate::render::views::mailto_encode(&t("form_subject"));
        let action = format!("mailto:{}?subject={subject}", contact.email);
        (action, true, contact.email.clone())
    } else {
        (
            contact.form_action.clone(),
            false,
            contact.form_action.clone(),
        )
    };
    let notice = t(if mailto {
        "form_notice_email"
    } else {
        "form_notice_post"
    });
    let (before, after) = around_target(&notice);
    let composed = t("form_composed_help");
    let (composed_before, composed_after) = around_target(&composed);
    let kinds = match config.language(lang).and_then(|l| l.interviewees.as_ref()) {
        Some(kinds) => kinds
            .iter()
            .map(|k| Choice {
                value: k.clone(),
                label: k.clone(),
            })
            .collect(),
        None => ["kind_spokesperson", "kind_other"]
            .into_iter()
            .map(|k| Choice {
                value: t(k),
                label: t(k),
            })
            .collect(),
    };
    let names = [
        ("name", "form_name"),
        ("outlet", "form_outlet"),
        ("email", "form_email"),
        ("phone", "form_phone"),
        ("deadline", "form_deadline"),
        ("interviewee", "form_kind"),
        ("person", "form_person"),
        ("regarding", "form_regarding"),
        ("language", "form_language"),
        ("message", "form_message"),
    ]
    .into_iter()
    .map(|(key, label)| (key, if mailto { t(label) } else { key.to_string() }))
    .collect();
    Form {
        names,
        action,
        mailto,
        notice_before: before,
        notice_after: after,
        composed_before,
        composed_after,
        target,
        kinds,
        languages: config
            .languages
            .iter()
            .map(|l| Choice {
                // An email names the language; a server gets its code.
                value: if mailto {
                    l.name.clone()
                } else {
                    l.code.clone()
                },
                label: l.name.clone(),
            })
            .collect(),
    }
}
