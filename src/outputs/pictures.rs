//! `/media/…`: the pictures content uses, in every size and format pages show them in and
//! at full size for download, each encoded from the original's pixels alone (see
//! `media/`). One job per picture, so an edit elsewhere never encodes one again.

use super::{File, Job, Key, Output, Plan};
use crate::error::Diagnostic;
use crate::render::Cx;

pub(super) struct Pictures;

impl Output for Pictures {
    fn name(&self) -> &'static str {
        "pictures"
    }

    fn counted_as(&self) -> &'static str {
        "pictures"
    }

    fn reserved(&self) -> &'static [&'static str] {
        &[crate::media::OUTPUT_DIR]
    }

    fn plan(&self, plan: &mut Plan) {
        for src in plan.site.media.pictures.keys() {
            plan.add("", Key::Slug(src.clone()));
        }
    }

    fn render(&self, job: &Job, cx: &Cx) -> Result<Vec<File>, Diagnostic> {
        let src = job.slug();
        let shown = std::path::Path::new(crate::media::DIR).join(src);
        let picture = cx
            .picture(src)
            .ok_or_else(|| Diagnostic::new(&shown, None, "this picture is no longer in media/"))?;
        crate::media::files(picture, cx.picture_cache(), cx.keeps_cache())
            .map_err(|message| Diagnostic::new(&shown, None, message))
    }
}
