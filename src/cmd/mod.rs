//! One file per verb of the command line, each with its flags (`Args`) and what it does
//! (`run`).

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;

use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset};

/// Prints an error and says nothing was lost.
pub fn fail(e: &pressroom::Error) -> ExitCode {
    eprintln!("{e}");
    ExitCode::FAILURE
}

/// `--now`: RFC 3339 with an offset.
pub fn parse_now(s: &str) -> Result<DateTime<FixedOffset>, String> {
    pressroom::Moment::parse(s)
        .map(|m| m.0)
        .map_err(|m| m.replace(" | ", ": "))
}

/// A changed path as the user knows it: relative to the current folder where possible.
pub fn shown(path: &Path) -> String {
    let here = std::env::current_dir().unwrap_or_default();
    let here = here.canonicalize().unwrap_or(here);
    let path = path.strip_prefix(&here).unwrap_or(path);
    let path = path.strip_prefix(".").unwrap_or(path).display().to_string();
    pressroom::text::printable_name(&path).into_owned()
}
