//! Links inside the site's folders. A site folder may come from a volunteer's archive or
//! a shared drive: a link in it must never make the build read (and publish) a file from
//! elsewhere on the machine.

use std::path::Path;

use crate::error::Diagnostic;

/// `Ok(true)` when `path` is a link whose target is inside the folder `root` (the site;
/// for static files, their own static folder), `Ok(false)` when it is no link, and an
/// error naming it (relative to `root`) when it leads outside or nowhere.
pub fn inside(path: &Path, root: &Path) -> Result<bool, Diagnostic> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(false);
    }
    match (path.canonicalize(), root.canonicalize()) {
        (Ok(target), Ok(site)) if target.starts_with(&site) => Ok(true),
        _ => Err(Diagnostic::new(
            path.strip_prefix(root).unwrap_or(path),
            None,
            "this link points outside the site folder, or at nothing",
        )
        .with_hint("copy the file into the site instead of linking to it")),
    }
}
