//! Watching the site's sources with notify. Bursts of events (an editor's save, rename and
//! chmod) are debounced into one batch of paths.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::error::Error;

/// How long a burst of events may pause before it counts as over.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// Folders under the site root that hold sources.
const WATCHED: &[&str] = &["content", "themes", "templates", "static", "media"];

/// A running watcher; changes arrive on the receiver as batches of absolute paths.
pub(super) struct Watch {
    _watcher: Arc<Mutex<RecommendedWatcher>>,
    pub(crate) changes: mpsc::Receiver<Vec<PathBuf>>,
}

pub(super) fn watch(root: &Path) -> Result<Watch, Error> {
    let fail = |path: &Path, e: notify::Error| Error::io(path, std::io::Error::other(e));
    let (tx, events) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| fail(root, e))?;
    // The root itself without recursion (site.toml), then each source folder with it;
    // never public/ or target/, which can be huge.
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| fail(root, e))?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| fail(&path, e))?;
        }
    }
    let (batch_tx, changes) = mpsc::channel();
    let root = root.to_path_buf();
    let watcher = Arc::new(Mutex::new(watcher));
    let adder = watcher.clone();
    std::thread::spawn(move || {
        let changed = |event: notify::Result<notify::Event>| -> Vec<PathBuf> {
            match event {
                // Reading files (as every rebuild does) raises access events: only changes
                // count.
                Ok(e) if matches!(e.kind, EventKind::Access(_)) => Vec::new(),
                // Events were lost: what changed is unknown, so everything is read again.
                Ok(e) if e.need_rescan() => vec![root.join(crate::config::FILE_NAME)],
                Err(_) => vec![root.join(crate::config::FILE_NAME)],
                Ok(e) => {
                    for path in &e.paths {
                        // A source folder created after the start (static/, templates/).
                        let top = path.parent() == Some(root.as_path())
                            && WATCHED.iter().any(|d| path.ends_with(d))
                            && path.is_dir();
                        if top && let Ok(mut w) = adder.lock() {
                            let _ = w.watch(path, RecursiveMode::Recursive);
                        }
                    }
                    e.paths
                        .into_iter()
                        .filter(|p| is_source(&root, p))
                        .collect()
                }
            }
        };
        while let Ok(first) = events.recv() {
            let mut paths = changed(first);
            // An editor's save is often a burst (write, rename, chmod): wait for the end.
            while let Ok(next) = events.recv_timeout(DEBOUNCE) {
                paths.extend(changed(next));
            }
            paths.sort();
            paths.dedup();
            if !paths.is_empty() && batch_tx.send(paths).is_err() {
                break;
            }
        }
    });
    Ok(Watch {
        _watcher: watcher,
        changes,
    })
}

/// Whether a changed path can affect the site: site.toml or a file in a source folder,
/// but not an editor's swap or backup file.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let scratch = name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913";
    if scratch {
        return false;
    }
    // In content/ only Markdown counts (and folders, whose removal removes files); tools
    // like `sed -i` leave short-lived temporary files there.
    if rel.starts_with(crate::content::DIR) {
        return match path.extension() {
            Some(ext) => ext == "md",
            None => !name.starts_with("sed"),
        };
    }
    rel == Path::new(crate::config::FILE_NAME) || WATCHED.iter().any(|d| rel.starts_with(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let root = Path::new("/site");
        for yes in [
            "/site/site.toml",
            "/site/content/releases/a.md",
            "/site/static/x.css",
            "/site/themes/t/templates/base.html",
        ] {
            assert!(is_source(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/site/public/index.html",
            "/site/target/x",
            "/site/content/.#a.md",
            "/site/content/a.md~",
            "/site/content/.a.md.swp",
            "/site/content/releases/sedX1b2c3",
            "/site/content/notes.txt",
            "/elsewhere/site.toml",
        ] {
            assert!(!is_source(root, Path::new(no)), "{no}");
        }
    }
}
