//! `/releases/<slug>/<slug>.<lang>.pdf` under each language's prefix: the release as
//! editors print and forward it, typeset by `pdf/` from the theme's `release.typ`. The
//! press kit carries the same bytes. PDFs are kept between builds by what they are made
//! of (the template and the release's data), so an unchanged release is typeset once.

use super::{File, Job, Output, Plan, document};
use crate::content::{Kind, model};
use crate::error::Diagnostic;
use crate::render::Cx;
use crate::site::Id;

/// The route of the PDF of release `slug` in `lang`, under that language's prefix.
pub(crate) fn route(slug: &str, lang: &str) -> String {
    format!(
        "{}{slug}.{lang}.pdf",
        crate::site::route::item(Kind::Release, slug)
    )
}

pub(super) struct ReleasePdfs;

impl Output for ReleasePdfs {
    fn name(&self) -> &'static str {
        "release PDFs"
    }

    fn counted_as(&self) -> &'static str {
        "PDFs"
    }

    fn document(&self) -> Option<Kind> {
        Some(Kind::Release)
    }

    fn deferred(&self) -> bool {
        true
    }

    fn plan(&self, plan: &mut Plan) {
        plan.per_document::<model::Release>();
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let id = document::<model::Release>(job, cx)?;
        if !cx.has_pdf(id) {
            // The build warns of it (pdf::warnings).
            return Ok(Vec::new());
        }
        let (path, pdf) = typeset(cx, id)?;
        Ok(vec![(path, pdf)])
    }
}

/// The PDF of release `id` and its output file, typeset once per render: from the cache
/// when the same template typeset the same data before.
pub(super) fn typeset(cx: &Cx, id: Id<model::Release>) -> Result<(String, Vec<u8>), Diagnostic> {
    let doc = cx.get(id);
    let route = route(&doc.slug, &doc.lang);
    let path = cx.site().file(&doc.lang, &route);
    let pdf = cx.pdf(id, |cx| make(cx, id, &route, &path))?;
    Ok((path, pdf))
}

fn make(cx: &Cx, id: Id<model::Release>, route: &str, path: &str) -> Result<Vec<u8>, Diagnostic> {
    use crate::media::cache;
    let data = cx.pdf_data(id, path)?;
    let (template, file) = cx.pdf_template();
    let key = cache::key(&[crate::pdf::VERSION.as_bytes(), template.as_bytes(), &data]);
    cache::one(cx.pdf_cache(), cx.keeps_cache(), &key, || {
        crate::pdf::typeset(template, data, route).map_err(|problem| {
            let template = file.map_or_else(
                || format!("templates/{}", crate::pdf::TEMPLATE),
                |f| f.display().to_string(),
            );
            Diagnostic::new(
                &template,
                problem.line,
                format!("the PDF of {path}: {}", problem.message),
            )
        })
    })
}
