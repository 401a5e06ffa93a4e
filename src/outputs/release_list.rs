//! The list of releases of each language, newest first, in pages of `paginate_by`.

use serde::Serialize;

use super::{File, Job, Key, Output, Plan};
use crate::error::Diagnostic;
use crate::render::page::{Nav, Place};
use crate::render::{Cx, Reader};

/// The route of page `n` of the list.
pub(super) fn route(n: usize) -> String {
    if n <= 1 {
        "releases/".into()
    } else {
        format!("releases/page/{n}/")
    }
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

pub(super) struct ReleaseList;

impl Output for ReleaseList {
    fn name(&self) -> &'static str {
        "release list"
    }

    fn counted_as(&self) -> &'static str {
        "lists"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &["releases"]
    }

    fn nav(&self, r: &Reader, lang: &str, nav: &mut Nav) {
        nav.insert("releases", Some(r.site().url(lang, &route(1))));
    }

    fn plan(&self, plan: &mut Plan) {
        for lang in plan.languages() {
            for page in 1..=plan.site.release_pages(lang) {
                plan.add(lang, Key::Page(page));
            }
        }
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let (lang, page) = (job.lang.as_str(), job.page());
        let fixed = cx.site();
        let per = fixed.config().paginate_by;
        let total = cx.release_pages(lang);
        let here = route(page);
        let available: Vec<&str> = fixed
            .languages()
            .into_iter()
            .filter(|l| cx.release_pages(l) >= page)
            .collect();
        let mut title = cx.i18n().text(lang, "releases_title").to_string();
        if page > 1 {
            title = format!("{title} ({page}/{total})");
        }
        let place = Place::new(lang, &here, &available, &title);
        let mut ctx = cx.base(&place);
        let cards: Vec<_> = cx
            .releases_in(lang)
            .iter()
            .skip((page - 1) * per)
            .take(per)
            .map(|&id| cx.card(id, lang))
            .collect();
        ctx.insert("releases", &cards);
        ctx.insert(
            "pagination",
            &Pagination {
                current: page,
                total,
                prev: (page > 1).then(|| fixed.url(lang, &route(page - 1))),
                next: (page < total).then(|| fixed.url(lang, &route(page + 1))),
            },
        );
        Ok(vec![cx.page(&place, "releases.html", &ctx)?])
    }
}
