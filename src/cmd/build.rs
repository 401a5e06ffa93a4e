//! `pressroom build`.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset};
use pressroom::project::Settings;

use super::parse_now;

#[derive(clap::Args)]
pub struct Args {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site [default: <root>/public].
    #[arg(long)]
    output: Option<PathBuf>,
    /// Use this base URL instead of site.toml's (e.g. http://127.0.0.1:8080).
    #[arg(long)]
    base_url: Option<String>,
    /// Include releases marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// The build clock for embargoes, RFC 3339 with offset (default: now).
    #[arg(long, value_parser = parse_now)]
    now: Option<DateTime<FixedOffset>>,
    /// Build an embargoed preview for trusted journalists: embargoed items included
    /// with a banner, no feeds or sitemap, hidden from search engines. Needs its own
    /// --output folder.
    #[arg(long)]
    preview: bool,
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        root,
        output,
        base_url,
        drafts,
        now,
        preview,
    } = args;

    let options = pressroom::build::Options {
        root,
        output,
        settings: Settings {
            base_url,
            drafts,
            now,
            embargoed: preview,
            preview,
        },
    };
    match pressroom::build::build(&options) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            let n = e.diagnostics().len();
            if n > 1 {
                eprintln!("{n} problems found.");
            }
            eprintln!("Nothing was written; the previous output is unchanged.");
            ExitCode::FAILURE
        }
    }
}
