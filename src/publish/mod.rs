//! Putting a rendered site on disk all-or-nothing, and safely: which folders may be
//! replaced, which static files are copied, what clashes, and the publishing itself
//! through two generations of the output (see [`generation`]). A build that fails before
//! the swap leaves the published site exactly as it was.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Diagnostic, Error};
use crate::outputs::OutputFile;
use crate::statics::StaticFile;
use generation::{Generations, Hash, Held, Known, Wanted};

mod generation;

/// Refuses output folders that hold the site's own sources (also through a symlink).
pub(crate) fn check_output(root: &Path, output: &Path) -> Result<(), Error> {
    let root = resolved(root);
    let out = resolved(output);
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
    // Whether it is empty or an earlier build is for `Publisher::new` (see
    // `Generations::check`).
    Ok(())
}

/// An embargoed preview must never land where the public site is published from.
pub(crate) fn check_preview_output(root: &Path, output: &Path) -> Result<(), Error> {
    let (out, public) = (resolved(output), resolved(&root.join("public")));
    if out.starts_with(&public) || public.starts_with(&out) {
        return Err(Diagnostic::new(
            output,
            None,
            "refusing to write an embargoed preview into the site's output folder",
        )
        .with_hint("give the preview a folder of its own: --output preview/")
        .into());
    }
    Ok(())
}

/// `path` made absolute, with symlinks resolved as far as the path exists, and `.` and `..`
/// removed from the rest.
fn resolved(path: &Path) -> PathBuf {
    let clean = absolute(path);
    let mut existing = clean.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    out
}

/// `path` made absolute, with `.` and `..` removed.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut clean = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// `path` made absolute with its parent folder resolved, but not its own name: a link
/// standing where the output goes is seen as a link, never followed.
fn beside(path: &Path) -> PathBuf {
    let path = absolute(path);
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => resolved(parent).join(name),
        _ => path,
    }
}

/// Publishes a build as the new output folder, all or nothing: the files are written
/// into the spare generation beside it, which is then swapped with the published one.
///
/// Made in three steps so that a large site never sits in memory whole: [`Publisher::new`]
/// learns what the spare generation holds; [`Publisher::prepare`] hashes each rendered
/// file as it is made and writes it into the spare at once unless the spare holds it
/// already, so its bytes are dropped; [`Publisher::publish`] writes the few that could
/// not go yet, removes what is no longer made, and swaps the spare with the published
/// folder. Until that swap, the published folder is never touched: a build that fails or
/// is killed while it renders leaves it exactly as it was.
pub(crate) struct Publisher {
    generations: Generations,
    /// What the spare generation holds (learnt again in [`Publisher::ready`] when a
    /// killed build must be put right first).
    known: Known,
    interrupted: bool,
    /// The folders of the spare this build created while rendering.
    made: Mutex<HashSet<String>>,
}

/// A rendered file ready to publish: its hash, and its bytes unless the spare generation
/// holds exactly them, from an earlier build or written there while the site rendered
/// (`early`).
pub(crate) struct Prepared {
    pub(crate) path: String,
    pub(crate) lang: Option<String>,
    pub(crate) kind: &'static str,
    hash: Hash,
    bytes: Option<bytes::Bytes>,
    early: Option<Held>,
}

impl Publisher {
    /// Gets ready to publish into `output`: checks what stands there (changing nothing)
    /// and learns what the spare generation holds, unless a killed build must be put
    /// right first (see [`Publisher::ready`]).
    pub(crate) fn new(output: &Path) -> Result<Publisher, Error> {
        let generations = Generations::new(&beside(output));
        generations.check()?;
        let interrupted = generations.interrupted();
        let known = if interrupted {
            Known::default()
        } else {
            generations.known()?
        };
        Ok(Publisher {
            generations,
            known,
            interrupted,
            made: Mutex::default(),
        })
    }

    /// Puts back what a killed build left aside, if anything, learns what the spare
    /// generation then holds, and makes it ready to be written into. Called once the
    /// sources have loaded without error, so a build that fails on its sources changes
    /// nothing at all.
    pub(crate) fn ready(&mut self) -> Result<(), Error> {
        self.generations.recover()?;
        if self.interrupted {
            self.known = self.generations.known()?;
            self.interrupted = false;
        }
        self.generations.open_spare()
    }

    /// Hashes a rendered file and, unless the spare generation holds exactly its bytes,
    /// writes it there; its bytes are kept only where it cannot be written yet.
    pub(crate) fn prepare(&self, file: OutputFile) -> Prepared {
        let hash = generation::hash(&file.bytes);
        let same = self.known.hash(&file.path) == Some(hash);
        let early = (!same)
            .then(|| {
                self.generations
                    .write_early(&self.known, &self.made, &file.path, hash, &file.bytes)
            })
            .flatten();
        Prepared {
            bytes: (!same && early.is_none()).then_some(file.bytes),
            path: file.path,
            lang: file.lang,
            kind: file.kind,
            hash,
            early,
        }
    }

    /// Publishes `files` and the static files `static_files`. Returns how many files were
    /// written and removed.
    pub(crate) fn publish(
        &self,
        files: &[Prepared],
        static_files: &[StaticFile],
    ) -> Result<(usize, usize), Error> {
        check_clashes(files.iter().map(|f| f.path.as_str()), static_files)?;
        let mut statics = Vec::with_capacity(static_files.len());
        for s in static_files {
            let bytes = crate::files::read_listed(&s.source, crate::limits::STATIC_FILE)
                .map_err(|e| Error::io(&s.source, e))?;
            let hash = generation::hash(&bytes);
            let same = self.known.hash(&s.target) == Some(hash);
            statics.push((s.target.as_str(), hash, (!same).then_some(bytes)));
        }
        let mut wanted: Vec<Wanted> = Vec::with_capacity(files.len() + statics.len());
        for (path, hash, bytes) in &statics {
            wanted.push(Wanted {
                path,
                hash: *hash,
                bytes: bytes.as_deref(),
                early: None,
            });
        }
        wanted.extend(files.iter().map(|f| Wanted {
            path: &f.path,
            hash: f.hash,
            bytes: f.bytes.as_deref(),
            early: f.early,
        }));
        self.generations.publish(&wanted, &self.known)
    }
}

/// Two things written to one path, or a file where a folder must go, are errors found
/// before anything is written.
fn check_clashes<'a>(
    files: impl Iterator<Item = &'a str>,
    statics: &'a [StaticFile],
) -> Result<(), Error> {
    let mut problems = Vec::new();
    let mut taken: HashMap<&str, Option<&Path>> = HashMap::new();
    for path in files {
        if taken.insert(path, None).is_some() {
            problems.push(Diagnostic::new(
                path,
                None,
                "two pages would be written here",
            ));
        }
    }
    for s in statics {
        if taken.insert(&s.target, Some(&s.source)).is_some() {
            problems.push(
                Diagnostic::new(
                    &s.source,
                    None,
                    format!("would replace the generated /{}", s.target),
                )
                .with_hint("rename the static file; the site writes this path itself"),
            );
        }
    }
    let folders: HashSet<&str> = taken
        .keys()
        .flat_map(|p| p.match_indices('/').map(move |(i, _)| &p[..i]))
        .collect();
    for (path, source) in &taken {
        if folders.contains(path) {
            let at = source
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from(path));
            problems.push(Diagnostic::new(
                at,
                None,
                format!("`{path}` is needed both as a file and as a folder of the site"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        Err(Error::Invalid(problems))
    }
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
        for good in [
            "/srv/site/public",
            "/srv/public",
            "/tmp/pressroom-test-new-folder",
        ] {
            assert!(check_output(root, Path::new(good)).is_ok(), "{good}");
        }
    }
}
