//! The `pressroom` command line: parses flags and hands each verb to its file in `cmd/`,
//! which calls the library and prints what the user sees.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// A build makes and drops millions of small strings on every core; mimalloc's per-thread
// heaps make that a fraction of what it costs with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "pressroom",
    version,
    about = "A static site generator for campaign press offices"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (all or nothing).
    Build(cmd::build::Args),
    /// Check the site without writing anything: everything build checks, plus broken links,
    /// missing fragments and files, translations, unused statements, embargoes, feed ids,
    /// pasted hidden addresses and other hosts in templates.
    Check(cmd::check::Args),
    /// Write a new release, statement or person with its whole front matter.
    New(cmd::new::Args),
    /// Create a new site in DIR, with the default theme and a sample release.
    Init(cmd::init::Args),
    /// Preview the site: build it in memory, serve it, rebuild and reload on every change.
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Serve(args) => cmd::serve::run(args),
    }
}
