//! The archive of each language, for readers who run no script: `/archive/` lists the
//! years that have releases, `/archive/<year>/` that year's releases by month, newest
//! first, with their dates and summaries.

use chrono::Datelike;
use serde::Serialize;
use tera::Value;

use super::{File, Job, Key, Output, Plan};
use crate::content::model;
use crate::error::Diagnostic;
use crate::render::page::{Nav, Place};
use crate::render::{Cx, Reader};
use crate::site::Id;

/// The route of the archive's list of years, or of `year`'s page.
pub(super) fn route(year: Option<i32>) -> String {
    match year {
        None => "archive/".into(),
        Some(y) => format!("archive/{y}/"),
    }
}

#[derive(Serialize)]
struct YearView {
    /// In the language's digits ("٢٠٢٣").
    label: String,
    url: String,
}

#[derive(Serialize)]
struct MonthView {
    /// "June 2023", in the language's words.
    label: String,
    releases: Vec<Value>,
}

pub(super) struct Archive;

impl Output for Archive {
    fn name(&self) -> &'static str {
        "archive"
    }

    fn counted_as(&self) -> &'static str {
        "lists"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &["archive"]
    }

    fn nav(&self, r: &Reader, lang: &str, nav: &mut Nav) {
        nav.insert("archive", Some(r.site().url(lang, &route(None))));
    }

    fn plan(&self, plan: &mut Plan) {
        for lang in plan.languages() {
            plan.add(lang, Key::One);
            let releases = plan.site.releases_in(lang);
            for year in years(releases.iter().map(|&id| year_of(plan.site.get(id)))) {
                plan.add(lang, Key::Page(year as usize));
            }
        }
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let lang = job.lang.as_str();
        let i18n = cx.i18n();
        let releases = cx.releases_in(lang);
        let year = match job.key {
            Key::Page(y) => Some(y as i32),
            _ => None,
        };
        let here = route(year);
        let title = match year {
            Some(y) => format!(
                "{} {}",
                i18n.text(lang, "archive_title"),
                i18n.format_year(lang, y)
            ),
            None => i18n.text(lang, "archive_title").to_string(),
        };
        // A year's page exists in the languages that have releases that year.
        let fixed = cx.site();
        let available: Vec<&str> = fixed
            .languages()
            .into_iter()
            .filter(|l| {
                year.is_none_or(|y| cx.releases_in(l).iter().any(|&id| year_of(cx.get(id)) == y))
            })
            .collect();
        let place = Place::new(lang, &here, &available, &title);
        let mut ctx = cx.base(&place);
        ctx.insert("archive", &fixed.url(lang, &route(None)));
        ctx.insert("title", &title);
        match year {
            None => {
                let years: Vec<YearView> = years_in(cx, lang)
                    .into_iter()
                    .map(|y| YearView {
                        label: i18n.format_year(lang, y),
                        url: fixed.url(lang, &route(Some(y))),
                    })
                    .collect();
                ctx.insert("years", &years);
            }
            Some(y) => ctx.insert("months", &months(cx, lang, releases, y)),
        }
        Ok(vec![cx.page(&place, "archive.html", &ctx)?])
    }
}

/// The year a release is dated in.
fn year_of(doc: &crate::site::Entry<model::Release>) -> i32 {
    doc.meta.date.day().year()
}

/// The years `lang` has releases in, newest first (what the sitemap lists).
pub(super) fn years_in(cx: &Cx, lang: &str) -> Vec<i32> {
    years(cx.releases_in(lang).iter().map(|&id| year_of(cx.get(id))))
}

/// The distinct years among `of`, newest first.
fn years(of: impl Iterator<Item = i32>) -> Vec<i32> {
    let mut years: Vec<i32> = of.collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

/// `year`'s releases in `lang` (listed newest first) by month, newest month first.
fn months(cx: &Cx, lang: &str, releases: &[Id<model::Release>], year: i32) -> Vec<MonthView> {
    let mut months: Vec<(u32, MonthView)> = Vec::new();
    for &id in releases {
        let day = cx.get(id).meta.date.day();
        if day.year() != year {
            continue;
        }
        let month = day.month();
        if months.last().is_none_or(|(m, _)| *m != month) {
            months.push((
                month,
                MonthView {
                    label: cx.i18n().format_month(lang, year, month),
                    releases: Vec::new(),
                },
            ));
        }
        let (_, view) = months.last_mut().expect("pushed above");
        view.releases.push(cx.card(id, lang));
    }
    months.into_iter().map(|(_, v)| v).collect()
}
