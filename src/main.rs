//! The `pressroom` command line: parses flags, calls the library, prints what the user sees.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    Build {
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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let options = pressroom::build::Options {
                root,
                output,
                base_url,
                drafts,
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
    }
}
