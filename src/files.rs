//! Reading the site's own folders safely. A site folder may come from a volunteer's
//! archive, a partner's zip or a shared drive, so:
//!
//! - a link must never make the build read (and publish) a file from elsewhere on the
//!   machine: every link on the way to what is read, at any depth and the site's own
//!   folders included, must lead to somewhere inside the site ([`folder`], [`inside`]);
//! - a named pipe, socket or device is never opened: opening a pipe waits for a writer
//!   forever, and reading `/dev/zero` never ends. [`walk`] refuses them by name, and
//!   [`read`] looks before it opens and opens without waiting, so even a file swapped for
//!   a pipe between the two cannot hang a build or a preview server.

use std::fs::{FileType, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error};
use crate::limits;

/// What a special file is, in words; `None` for files, folders and links.
pub(crate) fn special(file_type: FileType) -> Option<&'static str> {
    if file_type.is_file() || file_type.is_dir() || file_type.is_symlink() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

/// The error for a special file found where the site is read.
pub(crate) fn refused(shown: &Path, what: &str) -> Diagnostic {
    Diagnostic::new(
        shown,
        None,
        format!("{what}, not a file: pressroom never opens one"),
    )
    .with_hint("remove it from the site folder, or put a regular file in its place")
}

/// `path` as the person running pressroom knows it: relative to the site root.
pub(crate) fn shown<'a>(path: &'a Path, root: &Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}

/// The bytes of the regular file at `path` (a link is followed), a source file of at most
/// [`limits::SOURCE_FILE`] bytes. Anything else is an error, and a special file is never
/// opened.
pub(crate) fn read(path: &Path) -> io::Result<Vec<u8>> {
    read_file(path, true, limits::SOURCE_FILE)
}

/// As [`read`], for a static file of at most [`limits::STATIC_FILE`] bytes.
pub(crate) fn read_static(path: &Path) -> io::Result<Vec<u8>> {
    read_file(path, true, limits::STATIC_FILE)
}

/// As [`read`], but a link is an error too: for pressroom's own files beside the output,
/// which it never makes links of (of any size: it wrote them).
pub(crate) fn read_no_link(path: &Path) -> io::Result<Vec<u8>> {
    read_file(path, false, u64::MAX)
}

/// As [`read`], of at most `max` bytes, for a file a walk of its folder just listed as a
/// regular file (or a link to one): it is not looked at again before it is opened, only
/// after, so a pipe swapped in since is refused all the same.
pub(crate) fn read_listed(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    open_and_read(path, true, max)
}

/// The text of the regular file at `path`, as [`read`].
pub(crate) fn read_to_string(path: &Path) -> io::Result<String> {
    String::from_utf8(read(path)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text"))
}

fn read_file(path: &Path, follow: bool, max: u64) -> io::Result<Vec<u8>> {
    let meta = if follow {
        std::fs::metadata(path)?
    } else {
        std::fs::symlink_metadata(path)?
    };
    not_a_file(&meta)?;
    open_and_read(path, follow, max)
}

fn open_and_read(path: &Path, follow: bool, max: u64) -> io::Result<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        // Without waiting (a pipe put here since the look above opens at once), and
        // without following a link when none is allowed.
        let mut flags = OFlags::NONBLOCK | OFlags::NOCTTY;
        if !follow {
            flags |= OFlags::NOFOLLOW;
        }
        options.custom_flags(flags.bits() as i32);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    not_a_file(&meta)?;
    let too_large = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than pressroom reads ({} MB)", max / (1024 * 1024)),
        )
    };
    if meta.len() > max {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Through `take`, which reads without asking the file its size and position again,
    // and stops at the bound should the file grow meanwhile.
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
}

fn not_a_file(meta: &Metadata) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "a folder"
    } else if meta.file_type().is_symlink() {
        "a link"
    } else {
        special(meta.file_type()).unwrap_or("not a file")
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{what}, not a file: pressroom never opens one"),
    ))
}

/// `Ok(true)` when `path` is a link whose target is inside the folder `scope` (the site;
/// for static files, their own static folder), `Ok(false)` when it is no link, and an
/// error naming it (relative to `root`) when it leads outside or nowhere.
pub(crate) fn inside(path: &Path, scope: &Path, root: &Path) -> Result<bool, Diagnostic> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(false);
    }
    match (path.canonicalize(), scope.canonicalize()) {
        (Ok(target), Ok(scope)) if target.starts_with(&scope) => Ok(true),
        _ => Err(Diagnostic::new(
            shown(path, root),
            None,
            if scope == root {
                "this link points outside the site folder, or at nothing"
            } else {
                "this link points outside its static folder, or at nothing"
            },
        )
        .with_hint("copy the file into the site instead of linking to it")),
    }
}

/// Checks that every link on the way from the site `root` to `path` (a folder or file
/// under it) leads somewhere inside the site, so what is read there is the site's own.
/// The error names the first link that leads out.
pub(crate) fn folder(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    let rel = shown(path, root);
    let mut at = root.to_path_buf();
    for part in rel.components() {
        // `..`, a root or a drive would leave the site without any link.
        if !matches!(part, std::path::Component::Normal(_)) {
            return Err(
                Diagnostic::new(rel, None, "this path leads outside the site folder")
                    .with_hint("name a file or folder inside the site"),
            );
        }
        at.push(part);
        inside(&at, root, root)?;
    }
    Ok(())
}

/// What [`walk`] does with a link that stays inside its scope.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Links {
    /// Read the file it points at (templates, static files).
    Follow,
    /// Leave it: the file it points at is read where it is, if at all (content).
    Skip,
}

/// The regular files under `dir`, in file name order. A link leading outside `scope`
/// and a special file are errors naming them; with [`Links::Follow`], so is a link to a
/// folder (it is not descended into).
/// `root` is the site folder, which error messages are relative to.
pub(crate) fn walk(
    dir: &Path,
    scope: &Path,
    root: &Path,
    links: Links,
) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    folder(root, dir)?;
    if !dir.is_dir() {
        return Ok(files);
    }
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(&path, e.into())
        })?;
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        if file_type.is_symlink() {
            match inside(entry.path(), scope, root) {
                Err(d) => problems.push(d),
                Ok(_) if links == Links::Skip => {}
                Ok(_) => match std::fs::metadata(entry.path()) {
                    Ok(m) if m.is_file() => files.push(entry.into_path()),
                    Ok(m) if m.is_dir() => problems.push(
                        Diagnostic::new(
                            shown(entry.path(), root),
                            None,
                            "this link leads to a folder, which pressroom does not follow here",
                        )
                        .with_hint("put the folder itself here, or link its files one by one"),
                    ),
                    Ok(m) => problems.push(refused(
                        shown(entry.path(), root),
                        special(m.file_type()).unwrap_or("not a file"),
                    )),
                    Err(e) => return Err(Error::io(entry.path(), e)),
                },
            }
        } else if let Some(what) = special(file_type) {
            problems.push(refused(shown(entry.path(), root), what));
        } else {
            files.push(entry.into_path());
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(Error::Invalid(problems))
    }
}
