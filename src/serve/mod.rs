//! `pressroom serve`: the site built in memory, served on loopback, rebuilt as its sources
//! change, with open tabs reloaded. Only the pages a change reaches are rendered again
//! (see [`crate::project`]); a bad edit leaves the last good site served and shows the
//! error over the open page until the file is fixed. Nothing is written to disk.

mod http;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::error::Error;
use crate::output;
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
    /// A rebuild after `changed` succeeded.
    Rebuilt {
        changed: Vec<PathBuf>,
        update: Update,
        elapsed: Duration,
    },
    /// A rebuild failed; the last good site is still served.
    Failed(Error),
}

/// What open pages are told.
#[derive(Debug, Clone)]
enum Live {
    Reload,
    Problem(String),
}

/// What the HTTP handlers and the rebuild loop share.
struct Shared {
    /// `None` until the site first builds.
    project: RwLock<Option<Project>>,
    /// The static folders, resolved: a static file is only read from inside them.
    static_roots: RwLock<Vec<PathBuf>>,
    /// Set when the server stops, so open event streams end.
    stopping: tokio::sync::watch::Sender<bool>,
    /// Static files by output path.
    statics: RwLock<HashMap<String, PathBuf>>,
    problem: RwLock<Option<String>>,
    live: broadcast::Sender<Live>,
}

impl Shared {
    fn problem(&self) -> Option<String> {
        self.problem.read().ok().and_then(|p| p.clone())
    }

    /// The bytes of the site's file at `rel`: a rendered page, or a static file read from
    /// its folder.
    async fn read(&self, rel: &str) -> Option<Vec<u8>> {
        let page = self.project.read().ok().and_then(|p| {
            p.as_ref()
                .and_then(|p| p.files().get(rel).map(|f| f.bytes.clone()))
        });
        if page.is_some() {
            return page;
        }
        let source = self.statics.read().ok()?.get(rel).cloned()?;
        // The file may have been replaced by a link since the folders were read.
        let real = tokio::fs::canonicalize(&source).await.ok()?;
        let inside = self
            .static_roots
            .read()
            .ok()?
            .iter()
            .any(|root| real.starts_with(root));
        if !inside {
            return None;
        }
        tokio::fs::read(real).await.ok()
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
            project: RwLock::new(None),
            static_roots: RwLock::new(Vec::new()),
            stopping,
            statics: RwLock::new(HashMap::new()),
            problem: RwLock::new(None),
            live,
        });
        // Watch before the first build, so no edit made during it is missed.
        let watch = watch::watch(&root)?;
        let first = Instant::now();
        rebuild(
            &shared,
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
            while let Ok(mut changed) = watch.changes.recv() {
                // Saves queued during a slow rebuild become one rebuild.
                while let Ok(more) = watch.changes.try_recv() {
                    changed.extend(more);
                }
                changed.sort();
                changed.dedup();
                rebuild(
                    &loop_shared,
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

/// Brings the served site up to date with `changed` (everything, the first time).
fn rebuild(
    shared: &Shared,
    root: &Path,
    url: &str,
    drafts: bool,
    changed: &[PathBuf],
    report: &(impl Fn(Report) + ?Sized),
    started: Instant,
) {
    let result = {
        let Ok(mut guard) = shared.project.write() else {
            return;
        };
        let load = |guard: &mut Option<Project>| {
            // The preview shows what staff are writing, embargoed releases included and
            // marked as such; feeds and sitemap stay, to be checked too.
            let settings = Settings {
                base_url: Some(url.to_string()),
                drafts,
                now: None,
                embargoed: true,
                preview: false,
            };
            Project::load(root, &settings).map(|project| {
                let update = Update {
                    written: project.files().len(),
                    full: true,
                    ..Update::default()
                };
                *guard = Some(project);
                update
            })
        };
        // A panic is a bug, but it must not take the preview down: the half-updated site
        // is dropped and loaded again from the files.
        let attempt =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match guard.as_mut() {
                Some(project) => project.update(changed),
                None => load(&mut guard),
            }));
        match attempt {
            Ok(result) => result,
            Err(_) => {
                *guard = None;
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| load(&mut guard))).unwrap_or_else(|_| {
                    Err(Error::from(crate::Diagnostic::new(
                        root,
                        None,
                        "pressroom failed while rebuilding (a bug: please report it with the file you changed)",
                    )))
                })
            }
        }
    };
    // Static files are served from their folders; the list of them is read again when
    // they may have changed, with the same checks as the build (no links out).
    let result = result.and_then(|update| {
        let dirs = shared
            .project
            .read()
            .ok()
            .and_then(|p| p.as_ref().map(|p| p.static_dirs()));
        if let Some(dirs) = dirs
            && (update.statics || update.full || changed.is_empty())
        {
            let files = output::static_files(root, &dirs).inspect_err(|_| {
                // Serve no static file rather than one the checks refused.
                if let Ok(mut statics) = shared.statics.write() {
                    statics.clear();
                }
            })?;
            if let Ok(mut statics) = shared.statics.write() {
                *statics = files.into_iter().map(|f| (f.target, f.source)).collect();
            }
            if let Ok(mut roots) = shared.static_roots.write() {
                *roots = dirs.iter().filter_map(|d| d.canonicalize().ok()).collect();
            }
        }
        Ok(update)
    });
    match result {
        Ok(update) => {
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
        Err(e) => {
            let text = e.to_string();
            if let Ok(mut p) = shared.problem.write() {
                *p = Some(text.clone());
            }
            let _ = shared.live.send(Live::Problem(text));
            report(Report::Failed(e));
        }
    }
}
