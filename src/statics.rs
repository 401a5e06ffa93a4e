//! The static folders (the theme's `static/`, then the site's): every file in them is
//! published as it is, a later folder replacing an earlier one's file of the same name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A static file to copy: where it comes from and where it goes in the output.
#[derive(Debug, Clone)]
pub(crate) struct StaticFile {
    pub(crate) source: PathBuf,
    /// The path in the output, `/`-separated.
    pub(crate) target: String,
}

/// A path of a static file as people write it (`people/ada.jpg`, `./people/ada.jpg`,
/// `/people/ada.jpg`) as static files are keyed.
pub(crate) fn target(written: &str) -> &str {
    written.trim_start_matches("./").trim_start_matches('/')
}

/// The files of the static folders, later folders replacing earlier ones file by file.
/// `root` is the site folder. A link is only followed when what it points at sits inside
/// the same static folder, so neither the build nor the preview server can publish
/// another file of the machine.
pub(crate) fn static_files(root: &Path, static_dirs: &[PathBuf]) -> Result<Vec<StaticFile>, Error> {
    let mut by_target: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut problems = Vec::new();
    for dir in static_dirs {
        let found = match crate::files::walk(dir, dir, root, crate::files::Links::Follow) {
            Ok(found) => found,
            Err(Error::Invalid(d)) => {
                problems.extend(d);
                continue;
            }
            Err(e) => return Err(e),
        };
        for path in found {
            let rel = path.strip_prefix(dir).unwrap_or(&path);
            let target = rel.to_string_lossy().replace('\\', "/");
            by_target.insert(target, path);
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(by_target
        .into_iter()
        .map(|(target, source)| StaticFile { source, target })
        .collect())
}
