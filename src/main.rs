//! The `pressroom` command line: parses flags, calls the library, prints what the user sees.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Parser, Subcommand};
use pressroom::project::Settings;
use pressroom::scaffold::{New, NewOptions};
use pressroom::serve::Report;

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
        /// The build clock for embargoes, RFC 3339 with offset (default: now).
        #[arg(long, value_parser = parse_now)]
        now: Option<DateTime<FixedOffset>>,
        /// Build an embargoed preview for trusted journalists: embargoed items included
        /// with a banner, no feeds or sitemap, hidden from search engines. Needs its own
        /// --output folder.
        #[arg(long)]
        preview: bool,
    },
    /// Check the site without writing anything: everything build checks, plus broken links,
    /// missing fragments and files, translations, unused statements, embargoes, feed ids,
    /// pasted hidden addresses and other hosts in templates.
    Check {
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
    },
    /// Write a new release, statement or person with its whole front matter.
    New {
        #[command(subcommand)]
        what: NewWhat,
        /// The site folder, holding site.toml.
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
        /// The language of the new file (default: the site's default language). For a
        /// release whose slug exists in another language, starts from that version.
        #[arg(long, global = true)]
        lang: Option<String>,
        /// The slug (default: made from the title or name; needed for non-Latin scripts).
        #[arg(long, global = true)]
        slug: Option<String>,
        /// The date, YYYY-MM-DD (default: today).
        #[arg(long, global = true)]
        date: Option<NaiveDate>,
    },
    /// Create a new site in DIR, with the default theme and a sample release.
    Init {
        dir: PathBuf,
        /// The site's languages, the first its default: `--languages en,ar` (default: en).
        #[arg(long, value_delimiter = ',')]
        languages: Vec<String>,
    },
    /// Preview the site: build it in memory, serve it, rebuild and reload on every change.
    Serve {
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
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// One finding a line, `file:line: severity: message`.
    Text,
    /// Findings grouped under their file.
    Grouped,
    Json,
}

#[derive(Subcommand)]
enum NewWhat {
    /// A press release: pressroom new release "Title"
    Release { title: String },
    /// A quoted statement: pressroom new statement --person SLUG
    Statement {
        #[arg(long)]
        person: String,
    },
    /// A spokesperson: pressroom new person "Name"
    Person { name: String },
}

/// Prints an error and says nothing was lost.
fn fail(e: &pressroom::Error) -> ExitCode {
    eprintln!("{e}");
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            now,
            preview,
        } => {
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
        Command::Check {
            root,
            strict,
            format,
            now,
        } => {
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
        Command::New {
            what,
            root,
            lang,
            slug,
            date,
        } => {
            let what = match what {
                NewWhat::Release { title } => New::Release { title },
                NewWhat::Statement { person } => New::Statement { person },
                NewWhat::Person { name } => New::Person { name },
            };
            let options = NewOptions { lang, slug, date };
            let today = chrono::Local::now().date_naive();
            match pressroom::scaffold::new_file(&root, &what, &options, today) {
                Ok(path) => {
                    println!("{}", shown(&path));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        Command::Init { dir, languages } => {
            let today = chrono::Local::now().date_naive();
            match pressroom::scaffold::init(&dir, today, &languages) {
                Ok(files) => {
                    println!(
                        "Created a site with {} files in {}. Next: cd {} && pressroom serve",
                        files.len(),
                        dir.display(),
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
        } => {
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
            println!(
                "{what} {} rendered{scope}, {} removed{} in {} ms",
                files(update.written),
                update.removed,
                if update.statics {
                    ", static files refreshed"
                } else {
                    ""
                },
                elapsed.as_millis()
            );
        }
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

fn parse_now(s: &str) -> Result<DateTime<FixedOffset>, String> {
    pressroom::content::model::Moment::parse(s)
        .map(|m| m.0)
        .map_err(|m| m.replace(" | ", ": "))
}

fn files(n: usize) -> String {
    if n == 1 {
        "1 file".into()
    } else {
        format!("{n} files")
    }
}

/// A changed path as the user knows it: relative to the current folder where possible.
fn shown(path: &Path) -> String {
    let here = std::env::current_dir().unwrap_or_default();
    let here = here.canonicalize().unwrap_or(here);
    let path = path.strip_prefix(&here).unwrap_or(path);
    let path = path.strip_prefix(".").unwrap_or(path).display().to_string();
    pressroom::text::printable_name(&path).into_owned()
}
