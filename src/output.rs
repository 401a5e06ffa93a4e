//! Putting a rendered site on disk all-or-nothing: everything is written into a staging
//! folder beside the output, then swapped in by renames. A build that fails before the swap
//! leaves the previous output exactly as it was; a staging folder left by a killed build is
//! removed by the next one and never published.

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Error};
use crate::render::OutputFile;

/// Refuses output folders whose replacement would destroy the site's own sources.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Error> {
    let root = absolute(root);
    let out = absolute(output);
    let sources = [
        "content",
        "themes",
        "templates",
        "static",
        crate::config::FILE_NAME,
    ];
    let clash = root.starts_with(&out) || sources.iter().any(|s| out.starts_with(root.join(s)));
    if clash || out.parent().is_none() {
        return Err(Diagnostic::new(
            output,
            None,
            "refusing to build into this folder: replacing it would delete the site's sources",
        )
        .with_hint("choose a folder of its own, such as public/")
        .into());
    }
    Ok(())
}

/// `path` made absolute and cleaned of `.` and `..` without touching the disk.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Writes `files` and the static folders (later ones win) as the new `output`.
pub fn publish(output: &Path, files: &[OutputFile], static_dirs: &[PathBuf]) -> Result<(), Error> {
    let output = absolute(output);
    let parent = output
        .parent()
        .expect("checked by check_output")
        .to_path_buf();
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let staging = parent.join(format!(".{name}.staging"));
    let old = parent.join(format!(".{name}.old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| Error::io(leftover, e))?;
        }
    }

    let result = write_tree(&staging, files, static_dirs);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }

    if output.exists() {
        if !output.is_dir() {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(Error::io(
                &output,
                std::io::Error::other("the output path exists and is not a folder"),
            ));
        }
        std::fs::rename(&output, &old).map_err(|e| Error::io(&output, e))?;
    }
    if let Err(e) = std::fs::rename(&staging, &output) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&old, &output);
        return Err(Error::io(&output, e));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    }
    Ok(())
}

fn write_tree(staging: &Path, files: &[OutputFile], static_dirs: &[PathBuf]) -> Result<(), Error> {
    std::fs::create_dir(staging).map_err(|e| Error::io(staging, e))?;
    for dir in static_dirs.iter().filter(|d| d.is_dir()) {
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let target = staging.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
            } else {
                std::fs::copy(entry.path(), &target).map_err(|e| Error::io(entry.path(), e))?;
            }
        }
    }
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| staging.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
    }
    files.par_iter().try_for_each(|f| {
        let target = staging.join(&f.path);
        std::fs::write(&target, &f.bytes).map_err(|e| Error::io(&target, e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_outputs_that_hold_the_sources() {
        let root = Path::new("/srv/site");
        for bad in [
            "/srv/site",
            "/srv",
            "/",
            "/srv/site/content",
            "/srv/site/themes/x",
            "/srv/site/.",
        ] {
            assert!(check_output(root, Path::new(bad)).is_err(), "{bad}");
        }
        for good in ["/srv/site/public", "/srv/public", "/tmp/out"] {
            assert!(check_output(root, Path::new(good)).is_ok(), "{good}");
        }
    }
}
