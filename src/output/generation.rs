//! The two generations of the output folder. The published folder is never written to;
//! the spare one beside it (`.public.spare`, the site as it was two builds ago) is brought
//! up to date in place, writing only files whose bytes changed and deleting only files no
//! longer produced, and then the two are swapped in one step (`renameat2` with
//! `RENAME_EXCHANGE` on Linux). Creating thousands of folders is what is slow on most
//! disks; overwriting a few files is not, so a rebuild costs what changed.
//!
//! What each generation holds is kept in a manifest of content hashes beside the output
//! (never inside it), named after the folder's inode so it follows the folder through the
//! swap. A generation without a manifest (a killed build, a first build) is read from the
//! disk instead.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A file of the new site: its path in the output, the hash of its bytes, and the bytes
/// unless the spare generation already holds them (as [`Generations::known`] said).
pub struct Wanted<'a> {
    pub path: &'a str,
    pub hash: Hash,
    pub bytes: Option<&'a [u8]>,
}

pub type Hash = [u8; 32];

/// What the spare generation holds: each file's hash, `None` when only its presence is
/// known (no manifest).
pub type Known = HashMap<String, Option<Hash>>;

/// The content hash pressroom compares files by.
pub fn hash(bytes: &[u8]) -> Hash {
    *blake3::hash(bytes).as_bytes()
}

/// The names around a published folder `<parent>/<name>`.
pub struct Generations {
    pub published: PathBuf,
    pub spare: PathBuf,
    /// Used only where the atomic swap is not available, between two renames.
    swapping: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Generations {
    pub fn new(published: &Path) -> Generations {
        let parent = published.parent().unwrap_or(Path::new("/")).to_path_buf();
        let name = published
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        Generations {
            published: published.to_path_buf(),
            spare: parent.join(format!(".{name}.spare")),
            swapping: parent.join(format!(".{name}.swap")),
            parent,
            name,
        }
    }

    /// Puts back what a build killed between two renames left, and removes the working
    /// folders of earlier versions of pressroom.
    pub fn recover(&self) -> Result<(), Error> {
        if self.swapping.exists() {
            let target = if self.published.exists() {
                &self.spare
            } else {
                &self.published
            };
            if !target.exists() {
                std::fs::rename(&self.swapping, target)
                    .map_err(|e| Error::io(&self.swapping, e))?;
            }
        }
        let old = self.parent.join(format!(".{}.old", self.name));
        if old.exists() && !self.published.exists() {
            std::fs::rename(&old, &self.published).map_err(|e| Error::io(&old, e))?;
        }
        for leftover in [old, self.parent.join(format!(".{}.staging", self.name))] {
            if leftover.exists() {
                std::fs::remove_dir_all(&leftover).map_err(|e| Error::io(&leftover, e))?;
            }
        }
        Ok(())
    }

    /// What the spare generation holds now, from its manifest or else from the disk.
    pub fn known(&self) -> Result<Known, Error> {
        if !self.spare.is_dir() {
            return Ok(Known::new());
        }
        match self.read_manifest(&self.spare) {
            Some(known) => Ok(known),
            None => on_disk(&self.spare),
        }
    }

    /// Makes the spare generation (holding `known`) hold exactly `wanted`, then swaps it with the published
    /// one. Returns how many files were written and removed.
    pub fn publish(&self, wanted: &[Wanted], known: &Known) -> Result<(usize, usize), Error> {
        std::fs::create_dir_all(&self.spare).map_err(|e| Error::io(&self.spare, e))?;
        // From here the spare no longer matches any manifest: forget it until it does,
        // so a build killed half-way leaves nothing that would be trusted.
        self.forget_manifest(&self.spare);
        let (written, removed, manifest) = update(&self.spare, wanted, known)?;
        self.write_manifest(&self.spare, &manifest)?;
        self.swap()?;
        self.remove_stale_manifests();
        Ok((written, removed))
    }

    fn swap(&self) -> Result<(), Error> {
        if !self.published.exists() {
            return std::fs::rename(&self.spare, &self.published)
                .map_err(|e| Error::io(&self.spare, e));
        }
        if exchange(&self.spare, &self.published).is_ok() {
            return Ok(());
        }
        // No atomic exchange here: three renames, which `recover` can finish or undo.
        std::fs::rename(&self.published, &self.swapping)
            .map_err(|e| Error::io(&self.published, e))?;
        if let Err(e) = std::fs::rename(&self.spare, &self.published) {
            let _ = std::fs::rename(&self.swapping, &self.published);
            return Err(Error::io(&self.spare, e));
        }
        std::fs::rename(&self.swapping, &self.spare).map_err(|e| Error::io(&self.swapping, e))
    }

    fn manifest_path(&self, folder: &Path) -> Option<PathBuf> {
        folder_id(folder).map(|id| self.parent.join(format!(".{}.manifest.{id}", self.name)))
    }

    fn read_manifest(&self, folder: &Path) -> Option<Known> {
        let text = std::fs::read_to_string(self.manifest_path(folder)?).ok()?;
        let mut known = HashMap::new();
        for line in text.lines() {
            let (hex, path) = line.split_once(' ')?;
            known.insert(path.to_string(), Some(from_hex(hex)?));
        }
        Some(known)
    }

    fn forget_manifest(&self, folder: &Path) {
        if let Some(path) = self.manifest_path(folder) {
            let _ = std::fs::remove_file(path);
        }
    }

    fn write_manifest(&self, folder: &Path, manifest: &BTreeMap<&str, Hash>) -> Result<(), Error> {
        let Some(path) = self.manifest_path(folder) else {
            return Ok(());
        };
        let temporary = path.with_extension("writing");
        let mut text = String::with_capacity(manifest.len() * 100);
        for (file, hash) in manifest {
            text.push_str(&to_hex(hash));
            text.push(' ');
            text.push_str(file);
            text.push('\n');
        }
        let mut f = std::fs::File::create(&temporary).map_err(|e| Error::io(&temporary, e))?;
        f.write_all(text.as_bytes())
            .map_err(|e| Error::io(&temporary, e))?;
        std::fs::rename(&temporary, &path).map_err(|e| Error::io(&path, e))
    }

    /// Manifests of folders that are neither generation any more.
    fn remove_stale_manifests(&self) {
        let keep: HashSet<PathBuf> = [&self.published, &self.spare]
            .iter()
            .filter_map(|f| self.manifest_path(f))
            .collect();
        let prefix = format!(".{}.manifest.", self.name);
        if let Ok(entries) = std::fs::read_dir(&self.parent) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with(&prefix) && !keep.contains(&entry.path()) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}

/// Every file under `folder`, with an unknown hash.
fn on_disk(folder: &Path) -> Result<Known, Error> {
    let mut known = HashMap::new();
    for entry in walkdir::WalkDir::new(folder) {
        let entry = entry.map_err(|e| Error::io(folder, e.into()))?;
        if !entry.file_type().is_dir() {
            let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
            known.insert(rel.to_string_lossy().replace('\\', "/"), None);
        }
    }
    Ok(known)
}

/// Writes the files of `wanted` whose bytes differ from what `known` says `folder` holds,
/// and removes the files of `known` that are not wanted.
fn update<'a>(
    folder: &Path,
    wanted: &'a [Wanted<'a>],
    known: &Known,
) -> Result<(usize, usize, BTreeMap<&'a str, Hash>), Error> {
    use rayon::prelude::*;
    let wanted_paths: HashSet<&str> = wanted.iter().map(|w| w.path).collect();

    // Remove first: a file may stand where a folder must go now, and the reverse.
    let mut removed = 0;
    let mut emptied: HashSet<PathBuf> = HashSet::new();
    for path in known.keys().filter(|p| !wanted_paths.contains(p.as_str())) {
        let full = folder.join(path);
        match std::fs::remove_file(&full) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(_) if full.is_dir() => {
                std::fs::remove_dir_all(&full).map_err(|e| Error::io(&full, e))?;
            }
            Err(e) => return Err(Error::io(&full, e)),
        }
        let mut dir = full.parent();
        while let Some(d) = dir.filter(|d| *d != folder) {
            emptied.insert(d.to_path_buf());
            dir = d.parent();
        }
    }
    let mut emptied: Vec<PathBuf> = emptied.into_iter().collect();
    emptied.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in emptied {
        // Fails, as it should, while the folder still holds something.
        let _ = std::fs::remove_dir(&d);
    }

    let changed: Vec<(&str, &[u8])> = wanted
        .iter()
        .filter_map(|w| Some((w.path, w.bytes?)))
        .collect();
    let mut dirs: Vec<PathBuf> = changed
        .iter()
        .filter_map(|(path, _)| Path::new(path).parent().map(|p| folder.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        if let Err(e) = std::fs::create_dir_all(d) {
            // A file where a folder must go (known only from the disk): replace it.
            let blocker = d.ancestors().find(|a| a.is_file()).map(Path::to_path_buf);
            match blocker {
                Some(file) => {
                    std::fs::remove_file(&file).map_err(|e| Error::io(&file, e))?;
                    std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
                }
                None => return Err(Error::io(d, e)),
            }
        }
    }
    changed.par_iter().try_for_each(|(path, bytes)| {
        let target = folder.join(path);
        if target.is_dir() {
            std::fs::remove_dir_all(&target).map_err(|e| Error::io(&target, e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))
    })?;
    let manifest = wanted.iter().map(|w| (w.path, w.hash)).collect();
    Ok((changed.len(), removed, manifest))
}

#[cfg(unix)]
fn folder_id(folder: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(folder).ok().map(|m| m.ino())
}

#[cfg(not(unix))]
fn folder_id(_: &Path) -> Option<u64> {
    None
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

fn to_hex(hash: &Hash) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(hex: &str) -> Option<Hash> {
    let mut out = [0u8; 32];
    if hex.len() != 64 {
        return None;
    }
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}
