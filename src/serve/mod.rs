//! `pressroom serve`: the site built in memory, served on loopback, rebuilt as its sources
//! change, with open tabs reloaded. Only the pages a change reaches are rendered again
//! (see [`crate::project`]); a bad edit leaves the last good site served and shows the
//! error over the open page until the file is fixed. Nothing is written to disk.

mod http;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::sync::broadcast;

use crate::error::Error;
use crate::project::{Project, Settings, Update};

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
}

/// What the server tells the person running it.
#[derive(Debug)]
pub enum Report {
    /// Serving at this URL.
    Listening { url: String },
    /// Bound to an address other machines can reach.
    NotLoopback(IpAddr),
    /// A rebuild of everything began after `changed` (a template, the strings or
    /// site.toml): it may take a while on a large site.
    Rebuilding { changed: Vec<PathBuf> },
    /// A rebuild after `changed` succeeded.
    Rebuilt {
        changed: Vec<PathBuf>,
        update: Update,
        elapsed: Duration,
    },
    /// The outputs an edit left behind (`Update::behind`: the search index, PDFs, kits)
    /// were made again once edits paused.
    CaughtUp {
        outputs: Vec<&'static str>,
        update: Update,
        elapsed: Duration,
    },
    /// A rebuild failed; the last good site is still served.
    Failed(Error),
}

/// How long edits must pause before the outputs they left behind are made again: long
/// enough that typing does not pay for the search index on each save.
const CATCH_UP_AFTER: Duration = Duration::from_millis(800);

/// What open pages are told.
#[derive(Debug, Clone)]
enum Live {
    Reload,
    Problem(String),
}

/// What the HTTP handlers and the rebuild loop share. The project itself belongs to the
/// rebuild loop alone: requests read only [`Served`], which a rebuild replaces once it
/// has succeeded, so a slow rebuild never keeps a request waiting.
struct Shared {
    served: RwLock<Served>,
    /// Set when the server stops, so open event streams end.
    stopping: tokio::sync::watch::Sender<bool>,
    problem: RwLock<Option<String>>,
    live: broadcast::Sender<Live>,
    /// The address bound, for the `Host` check (see `http`).
    bind: IpAddr,
}

/// The last good site, as served.
#[derive(Default)]
struct Served {
    /// Rendered files by output path.
    files: HashMap<String, Bytes>,
    /// Static files by output path.
    statics: HashMap<String, PathBuf>,
    /// The static folders, resolved: a static file is only read from inside them.
    static_roots: Vec<PathBuf>,
}

impl Served {
    fn of(project: &Project) -> Served {
        let mut served = Served {
            files: project
                .files()
                .iter()
                .map(|(path, f)| (path.clone(), f.bytes.clone()))
                .collect(),
            ..Served::default()
        };
        served.statics_of(project);
        served
    }

    fn statics_of(&mut self, project: &Project) {
        self.statics = project
            .static_files()
            .iter()
            .map(|f| (f.target.clone(), f.source.clone()))
            .collect();
        self.static_roots = project
            .static_dirs()
            .iter()
            .filter_map(|d| d.canonicalize().ok())
            .collect();
    }
}

impl Shared {
    fn problem(&self) -> Option<String> {
        self.problem.read().ok().and_then(|p| p.clone())
    }

    /// The bytes of the site's file at `rel`: a rendered page, or a static file read from
    /// its folder (never a special file, never waiting on one).
    async fn read(&self, rel: &str) -> Option<Bytes> {
        let (source, roots) = {
            let served = self.served.read().ok()?;
            if let Some(page) = served.files.get(rel) {
                return Some(page.clone());
            }
            (
                served.statics.get(rel)?.clone(),
                served.static_roots.clone(),
            )
        };
        tokio::task::spawn_blocking(move || {
            // The file may have been replaced by a link since the folders were read.
            let real = source.canonicalize().ok()?;
            if !roots.iter().any(|root| real.starts_with(root)) {
                return None;
            }
            crate::files::read_static(&real).ok().map(Bytes::from)
        })
        .await
        .ok()
        .flatten()
    }
}

/// Serves the site until Ctrl-C. Reports go to `report` (the command line prints them).
pub fn serve(
    options: Options,
    report: impl Fn(Report) + Send + Sync + 'static,
) -> Result<(), Error> {
    let root = options
        .root
        .canonicalize()
        .map_err(|e| Error::io(&options.root, e))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io(&root, e))?;
    let report = Arc::new(report);
    runtime.block_on(async move {
        let address = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| Error::io(Path::new(&address.to_string()), e))?;
        let local = listener.local_addr().map_err(|e| Error::io(&root, e))?;
        let url = match local.ip() {
            IpAddr::V6(ip) => format!("http://[{ip}]:{}", local.port()),
            IpAddr::V4(ip) => format!("http://{ip}:{}", local.port()),
        };

        // Ctrl-C (and a polite kill) stop the server cleanly. The handler is in place
        // before the address is announced, so a stop that comes right away is not missed.
        let stop = stop_signal().map_err(|e| Error::io(&root, e))?;

        let (live, _) = broadcast::channel(16);
        let (stopping, _) = tokio::sync::watch::channel(false);
        let shared = Arc::new(Shared {
            served: RwLock::new(Served::default()),
            stopping,
            problem: RwLock::new(None),
            live,
            bind: options.bind,
        });
        // Watch before the first build, so no edit made during it is missed.
        let watch = watch::watch(&root)?;
        let first = Instant::now();
        let mut project = None;
        rebuild(
            &shared,
            &mut project,
            &root,
            &url,
            options.drafts,
            &[],
            report.as_ref(),
            first,
        );

        if !options.bind.is_loopback() {
            report(Report::NotLoopback(options.bind));
        }
        report(Report::Listening { url: url.clone() });

        let loop_shared = shared.clone();
        let loop_report = report.clone();
        let loop_root = root.clone();
        std::thread::spawn(move || {
            loop {
                let behind = project.as_ref().is_some_and(|p| !p.behind().is_empty());
                let next = if behind {
                    watch.changes.recv_timeout(CATCH_UP_AFTER)
                } else {
                    watch
                        .changes
                        .recv()
                        .map_err(|_| mpsc::RecvTimeoutError::Disconnected)
                };
                let mut changed = match next {
                    Ok(changed) => changed,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        catch_up(&loop_shared, &mut project, loop_report.as_ref());
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                };
                // Saves queued during a slow rebuild become one rebuild.
                while let Ok(more) = watch.changes.try_recv() {
                    changed.extend(more);
                }
                changed.sort();
                changed.dedup();
                rebuild(
                    &loop_shared,
                    &mut project,
                    &loop_root,
                    &url,
                    options.drafts,
                    &changed,
                    loop_report.as_ref(),
                    Instant::now(),
                );
            }
        });

        let stop_streams = shared.clone();
        axum::serve(listener, http::router(shared))
            .with_graceful_shutdown(async move {
                stop.await;
                let _ = stop_streams.stopping.send(true);
            })
            .await
            .map_err(|e| Error::io(&root, e))
    })
}

/// A future that completes on Ctrl-C or SIGTERM, with the handlers installed now.
#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Brings `project` up to date with `changed` (everything, the first time), then what is
/// served. Requests go on being answered from the last good site meanwhile.
#[allow(clippy::too_many_arguments)]
fn rebuild(
    shared: &Shared,
    project: &mut Option<Project>,
    root: &Path,
    url: &str,
    drafts: bool,
    changed: &[PathBuf],
    report: &(impl Fn(Report) + ?Sized),
    started: Instant,
) {
    let load = |project: &mut Option<Project>| {
        // The preview shows what staff are writing, embargoed releases included and
        // marked as such; feeds and sitemap stay, to be checked too.
        let settings = Settings {
            base_url: Some(url.to_string()),
            drafts,
            now: None,
            embargoed: true,
            preview: false,
        };
        Project::load(root, &settings).map(|loaded| {
            let update = Update {
                written: loaded.files().len(),
                full: true,
                ..Update::default()
            };
            *project = Some(loaded);
            update
        })
    };
    if project
        .as_ref()
        .is_some_and(|p| p.loads_everything(changed))
    {
        report(Report::Rebuilding {
            changed: changed.to_vec(),
        });
    }
    // A panic is a bug, but it must not take the preview down: the half-updated site is
    // dropped and loaded again from the files.
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match project {
        Some(p) => p.update(changed),
        None => load(project),
    }));
    let result = match attempt {
        Ok(result) => result,
        Err(_) => {
            *project = None;
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| load(project)))
                .unwrap_or_else(|_| {
                    Err(Error::from(crate::Diagnostic::new(
                        root,
                        None,
                        "pressroom failed while rebuilding (a bug: please report it with the file you changed)",
                    )))
                })
        }
    };
    match (result, project.as_ref()) {
        (Ok(update), Some(project)) => {
            publish(shared, project, &update);
            let was_broken = shared
                .problem
                .write()
                .map(|mut p| p.take().is_some())
                .unwrap_or(false);
            if was_broken || update.written + update.removed > 0 || update.statics {
                let _ = shared.live.send(Live::Reload);
            }
            report(Report::Rebuilt {
                changed: changed.to_vec(),
                update,
                elapsed: started.elapsed(),
            });
        }
        (Ok(_), None) => {}
        (Err(e), _) => {
            let text = e.to_string();
            if let Ok(mut p) = shared.problem.write() {
                *p = Some(text.clone());
            }
            let _ = shared.live.send(Live::Problem(text));
            report(Report::Failed(e));
        }
    }
}

/// Makes the outputs edits left behind, and serves them. Open pages are not reloaded:
/// what changed is not a page (an index, a PDF, a kit).
fn catch_up(shared: &Shared, project: &mut Option<Project>, report: &(impl Fn(Report) + ?Sized)) {
    let Some(p) = project.as_mut() else {
        return;
    };
    let started = Instant::now();
    let outputs = p.behind();
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| p.catch_up()));
    match attempt {
        Ok(Ok(update)) => {
            publish(shared, p, &update);
            report(Report::CaughtUp {
                outputs,
                update,
                elapsed: started.elapsed(),
            });
        }
        Ok(Err(e)) => report(Report::Failed(e)),
        // A bug: the site is loaded again from the files at the next edit.
        Err(_) => {
            *project = None;
            report(Report::Failed(Error::from(crate::Diagnostic::new(
                "serve",
                None,
                "pressroom failed while updating the search index, PDFs or press kits (a bug: please report it)",
            ))));
        }
    }
}

/// Serves what `update` changed: the whole site after a full load, else only its files.
/// What is sent is gathered first, so requests wait only for the exchange itself.
fn publish(shared: &Shared, project: &Project, update: &Update) {
    if update.full {
        let served = Served::of(project);
        if let Ok(mut s) = shared.served.write() {
            *s = served;
        }
        return;
    }
    let files: Vec<(&String, Option<Bytes>)> = update
        .paths
        .iter()
        .map(|path| (path, project.files().get(path).map(|f| f.bytes.clone())))
        .collect();
    let Ok(mut served) = shared.served.write() else {
        return;
    };
    for (path, bytes) in files {
        match bytes {
            Some(bytes) => served.files.insert(path.clone(), bytes),
            None => served.files.remove(path),
        };
    }
    if update.statics {
        served.statics_of(project);
    }
}
