//! `pressroom check`.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset};

use super::{fail, parse_now};

#[derive(clap::Args)]
pub struct Args {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Fail on warnings too (missing translations, unused statements…).
    #[arg(long)]
    strict: bool,
    /// `text`, one finding a line (editors and CI jump to `file:line`); `grouped`,
    /// under their file; `json`, for scripts.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The clock for embargoes and future dates, RFC 3339 with offset (default: now).
    #[arg(long, value_parser = parse_now)]
    now: Option<DateTime<FixedOffset>>,
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        root,
        strict,
        format,
        now,
    } = args;

    let now = now.unwrap_or_else(|| chrono::Utc::now().fixed_offset());
    match pressroom::check::check(&root, now) {
        Ok(report) => {
            match format {
                Format::Text => print!("{}", pressroom::check::to_text(&report)),
                Format::Grouped => {
                    print!("{}", pressroom::check::to_grouped_text(&report))
                }
                Format::Json => match serde_json::to_string_pretty(&report) {
                    Ok(json) => println!("{json}"),
                    Err(e) => eprintln!("error: {e}"),
                },
            }
            if report.errors() > 0 || (strict && report.warnings() > 0) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => fail(&e),
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// One finding a line, `file:line: severity: message`.
    Text,
    /// Findings grouped under their file.
    Grouped,
    Json,
}
