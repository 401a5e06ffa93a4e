//! `pressroom serve`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use pressroom::serve::Report;

use super::shown;

#[derive(clap::Args)]
pub struct Args {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on. Anything but loopback lets other machines see the
    /// preview, drafts included.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Include releases marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        root,
        port,
        bind,
        drafts,
        open,
    } = args;

    let options = pressroom::serve::Options {
        root,
        bind,
        port,
        drafts,
    };
    match pressroom::serve::serve(options, move |r| print_report(r, open)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// One line per event of `serve`.
fn print_report(report: Report, open: bool) {
    match report {
        Report::Listening { url } => {
            println!("Serving at {url}/ (Ctrl-C to stop)");
            if open && let Err(e) = opener::open(format!("{url}/")) {
                eprintln!("warning: could not open a browser: {e}");
            }
        }
        Report::NotLoopback(ip) => eprintln!(
            "warning: listening on {ip}, which other machines may reach: they would see drafts and unpublished releases"
        ),
        Report::Rebuilding { changed } => {
            println!("{} rebuilding everything…", what_changed(&changed));
        }
        Report::Rebuilt {
            changed,
            update,
            elapsed,
        } => {
            let what = what_changed(&changed);
            let scope = if update.full && !changed.is_empty() {
                " (everything)"
            } else {
                ""
            };
            let behind = if update.behind.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} follow once edits pause",
                    pressroom::text::joined(&update.behind)
                )
            };
            println!(
                "{what} {} rendered{scope}, {} removed{} in {} ms{behind}",
                pressroom::text::counted(update.written, "files"),
                update.removed,
                if update.statics {
                    ", static files refreshed"
                } else {
                    ""
                },
                elapsed.as_millis()
            );
        }
        Report::CaughtUp {
            outputs,
            update,
            elapsed,
        } => println!(
            "Up to date again: {} ({} rendered in {} ms)",
            pressroom::text::joined(&outputs),
            pressroom::text::counted(update.written, "files"),
            elapsed.as_millis()
        ),
        Report::Failed(e) => {
            eprintln!("{e}");
            eprintln!("The last good site is still served; fix the file to rebuild.");
        }
    }
}

/// "content/x.md changed:", "a.md and 2 more changed:", "Built" for the first build.
fn what_changed(changed: &[PathBuf]) -> String {
    match changed {
        [] => "Built".to_string(),
        [one] => format!("{} changed:", shown(one)),
        [first, rest @ ..] => format!("{} and {} more changed:", shown(first), rest.len()),
    }
}
