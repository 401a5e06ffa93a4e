//! Encoded pictures and drawn share cards kept between builds, so an unchanged one is made
//! once (PDFs and search indexes use the same entries, in `…/pdfs/` and `…/search/`):
//! in `<site>/.pressroom-cache/media/` and `…/cards/`, one file per picture or card,
//! named by the hash of what its files are made from (the original's bytes, its path, the
//! encoding settings; a card's words and layout). An entry
//! is never trusted over the sources: it is found only by that hash, so a changed original
//! finds none; and an entry cut short (a build killed while writing it) or changed on disk
//! fails its own checksum and is made again.
//!
//! A site folder comes with whatever its last owner left in it, so an entry is signed
//! with a key of this machine's own (`cache.key` in pressroom's data folder, made on first
//! use): an entry made elsewhere, or forged to publish other bytes than the original's,
//! fails the signature and is made again here.
//!
//! The cache is written as the output is: no link is followed, an entry appears whole by
//! a rename, and a cache folder that is a link is not used at all. A public build then
//! removes the entries it did not use ([`prune`]), so the cache does not grow without
//! end as the site changes.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use super::Picture;

/// The site's cache folder, beside content/ and media/. Ignored by `serve`'s watcher, and
/// by `init`'s `.gitignore`.
pub(crate) const DIR: &str = ".pressroom-cache";

/// The cache folders of pictures, of cards, of PDFs and of search indexes.
pub(crate) const PICTURES: &str = "media";
pub(crate) const CARDS: &str = "cards";
pub(crate) const PDFS: &str = "pdfs";
pub(crate) const SEARCH: &str = "search";
/// Where a one-off build keeps the site's Markdown and the HTML of its bodies while it
/// runs, in files without a name (see `spill.rs`); nothing stays in it.
pub(crate) const BODIES: &str = "bodies";

const MAGIC: &[u8] = b"pressroom media 1\n";

/// The cache folder `kind` of the site at `root`, made if need be and `make`; `None` when
/// it is not there, or a link stands on the way.
pub(crate) fn dir(root: &Path, kind: &str, make: bool) -> Option<PathBuf> {
    let mut at = root.to_path_buf();
    for part in [DIR, kind] {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return None,
            Err(e) if make && e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir(&at).ok()?;
            }
            Err(_) => return None,
        }
    }
    Some(at)
}

/// The name of the entry of `picture`.
pub(super) fn picture_key(picture: &Picture) -> String {
    let mut h = blake3::Hasher::new();
    h.update(super::encode::SETTINGS.as_bytes());
    h.update(&[0]);
    h.update(picture.src.as_bytes());
    h.update(&[0]);
    h.update(picture.hash.as_bytes());
    h.finalize().to_hex().to_string()
}

/// The key entries are signed with; `None` when pressroom has no data folder to keep it
/// in (then nothing is cached).
fn secret() -> Option<&'static [u8; 32]> {
    static SECRET: OnceLock<Option<[u8; 32]>> = OnceLock::new();
    SECRET.get_or_init(load_secret).as_ref()
}

/// pressroom's data folder: `PRESSROOM_DATA_DIR`, else `$XDG_DATA_HOME/pressroom`, else
/// `~/.local/share/pressroom`.
fn data_dir() -> Option<PathBuf> {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("PRESSROOM_DATA_DIR")
        .or_else(|| var("XDG_DATA_HOME").map(|d| d.join("pressroom")))
        .or_else(|| var("HOME").map(|h| h.join(".local/share/pressroom")))
}

fn load_secret() -> Option<[u8; 32]> {
    let dir = data_dir()?;
    let path = dir.join("cache.key");
    let read = |path: &Path| -> Option<[u8; 32]> {
        crate::files::read_no_link(path).ok()?.try_into().ok()
    };
    if let Some(key) = read(&path) {
        return Some(key);
    }
    std::fs::create_dir_all(&dir).ok()?;
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(&path) {
        Ok(mut file) => file.write_all(&key).ok().map(|()| key),
        // Another build made it first.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read(&path),
        Err(_) => None,
    }
}

/// The signature of an entry's `body`.
fn sign(body: &[u8]) -> Option<[u8; 32]> {
    Some(*blake3::keyed_hash(secret()?, body).as_bytes())
}

/// The entries this process found or kept, by path: what [`prune`] leaves.
static USED: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn used(path: PathBuf) {
    if let Ok(mut used) = USED.lock() {
        used.insert(path);
    }
}

/// Removes from the cache folders of the site at `root` every entry this build neither
/// found nor kept, and what a killed build left half written: after a change of the
/// pictures, cards or PDFs, or of pressroom, the cache would otherwise only grow. Called
/// after a public build has been published: it used every entry the site needs now, and
/// what it leaves out (the PDFs and cards of an embargoed preview among them) should not
/// stay on disk. Only plain files are removed; a folder or link there is left alone, and
/// a cache folder that is a link is not read at all (see [`dir`]).
pub(crate) fn prune(root: &Path) -> usize {
    let Ok(used) = USED.lock() else {
        return 0;
    };
    let mut removed = 0;
    for kind in [PICTURES, CARDS, PDFS, SEARCH, BODIES] {
        let Some(dir) = self::dir(root, kind, false) else {
            continue;
        };
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let plain = entry.file_type().is_ok_and(|t| t.is_file());
            if plain && !used.contains(&path) && std::fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

/// The files kept under `key`, if a whole entry signed here is there.
pub(crate) fn get(dir: &Path, key: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let files = read(dir, key)?;
    used(dir.join(key));
    Some(files)
}

fn read(dir: &Path, key: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let path = dir.join(key);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let bytes = crate::files::read_no_link(&path).ok()?;
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    // Compared in constant time, as blake3's hashes are.
    if blake3::Hash::from(sign(body)?) != blake3::Hash::from_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut rest = body.strip_prefix(MAGIC)?;
    let mut files = Vec::new();
    while !rest.is_empty() {
        let (name, after) = take(rest)?;
        let (data, after) = take(after)?;
        files.push((String::from_utf8(name.to_vec()).ok()?, data.to_vec()));
        rest = after;
    }
    Some(files)
}

/// A length-prefixed part, and what follows it.
fn take(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_at_checked(8)?;
    let len = usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()?;
    rest.split_at_checked(len)
}

/// The name of the entry made from `parts`: each is length-prefixed, so no two lists of
/// parts share a name.
pub(crate) fn key(parts: &[&[u8]]) -> String {
    let mut h = blake3::Hasher::new();
    for part in parts {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize().to_hex().to_string()
}

/// The one file kept under `key` in the cache folder `dir`, else what `make` makes, kept
/// there when `keep` (a build; `check` and `serve` write nothing). For the outputs made
/// whole from their inputs: share cards, PDFs.
pub(crate) fn one<E>(
    dir: Option<&Path>,
    keep: bool,
    key: &str,
    make: impl FnOnce() -> Result<Vec<u8>, E>,
) -> Result<Vec<u8>, E> {
    if let Some(dir) = dir
        && let Some(mut kept) = get(dir, key)
        && kept.len() == 1
    {
        return Ok(kept.remove(0).1);
    }
    let made = make()?;
    if let Some(dir) = dir.filter(|_| keep) {
        let _ = put(dir, key, &[(String::new(), made.clone())]);
    }
    Ok(made)
}

/// Keeps `files` under `key`.
pub(crate) fn put(dir: &Path, key: &str, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    let mut body = MAGIC.to_vec();
    for (name, data) in files {
        for part in [name.as_bytes(), data.as_slice()] {
            body.extend_from_slice(&(part.len() as u64).to_le_bytes());
            body.extend_from_slice(part);
        }
    }
    let Some(sum) = sign(&body) else {
        return Ok(());
    };
    body.extend_from_slice(&sum);
    let tmp = dir.join(format!("{key}.{}.tmp", uuid::Uuid::new_v4().simple()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    let written = options.open(&tmp).and_then(|mut f| f.write_all(&body));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return written;
    }
    std::fs::rename(&tmp, dir.join(key)).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    used(dir.join(key));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A build's nameless files (`spill.rs`) are made in the folder `dir` gives, and a
    /// nameless file written through a link would show in no listing: so the refusal is
    /// tested here, where it is made.
    #[cfg(unix)]
    #[test]
    fn a_link_or_a_pipe_on_the_way_gives_no_folder_and_nothing_is_made_through_it() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        let made = dir(root, BODIES, true).expect("made");
        assert_eq!(made, root.join(DIR).join(BODIES));
        assert_eq!(dir(root, BODIES, false), Some(made.clone()));

        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::remove_dir(&made).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), &made).unwrap();
        assert_eq!(
            dir(root, BODIES, true),
            None,
            "a link where the folder goes"
        );

        std::fs::remove_file(&made).unwrap();
        let fifo = std::process::Command::new("mkfifo").arg(&made).status();
        assert!(fifo.unwrap().success());
        assert_eq!(
            dir(root, BODIES, true),
            None,
            "a pipe where the folder goes"
        );

        let cache = root.join(DIR);
        std::fs::remove_file(&made).unwrap();
        std::fs::remove_dir(&cache).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), &cache).unwrap();
        assert_eq!(dir(root, BODIES, true), None, "a link where the cache goes");
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }
}
