//! pressroom: a static site generator for the press offices of human-rights campaigns.
//!
//! Campaign staff write press releases, statements and spokespeople's profiles as Markdown
//! with YAML front matter; pressroom makes a multilingual site of them, with feeds, that
//! loads nothing from any other host.
//!
//! # How a site is made
//!
//! Data flows one way, each stage a module that knows nothing of the later ones:
//!
//! 1. `config` reads site.toml; `content` finds, names and types every Markdown file,
//!    collecting every problem with its file and line.
//! 2. `site` is the store: every published document under a typed id, with its URL, made
//!    in stages (references resolved, drafts and embargoes applied, lookups indexed).
//! 3. `render` is the toolkit outputs render with: bodies turned to HTML once, shared
//!    views (a release card, a quote, a person, a feed entry), and the reader every output
//!    reads the site through, which records what each page read.
//! 4. `outputs` holds one file per kind of output (release pages, lists, feeds, sitemap…),
//!    each declaring its jobs, routes and navigation links.
//! 5. `publish` writes the files into the spare generation of the output folder and swaps
//!    it in whole, never following a link or touching anything outside the site.
//!
//! [`project`] holds a loaded site in memory (for a build, or for [`serve`], which updates
//! it as files change and renders again only the pages whose reads changed); [`build`]
//! and [`check`] are the commands. Library code never prints: it returns a
//! [`build::Summary`], a [`check::Report`] or an [`Error`] holding every problem found,
//! and the binary decides what the user sees.
//!
//! # Example
//!
//! Build the example site into a folder and read its home page:
//!
//! ```
//! use pressroom::build::{Options, build};
//! use pressroom::project::Settings;
//!
//! let out = tempfile::tempdir()?;
//! let summary = build(&Options {
//!     root: env!("CARGO_MANIFEST_DIR").into(),
//!     output: Some(out.path().join("public")),
//!     settings: Settings::default(),
//! })?;
//! assert!(summary.to_string().starts_with("Built "));
//! let home = std::fs::read_to_string(out.path().join("public/index.html"))?;
//! assert!(home.contains("<html lang=\"en\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::too_many_lines,
    unreachable_pub
)]

pub mod build;
mod cards;
pub mod check;
mod config;
mod content;
pub mod error;
mod files;
mod fonts;
mod html;
mod i18n;
mod limits;
pub mod markdown;
mod media;
mod outputs;
mod pdf;
mod placeholder;
mod press_kit;
pub mod privacy;
pub mod project;
mod publish;
mod render;
pub mod scaffold;
mod search;
pub mod serve;
mod site;
mod slug;
mod spill;
mod statics;
#[cfg(test)]
mod template_docs;
pub mod text;
mod yaml;

pub use content::model::Moment;
pub use error::{Diagnostic, Error};
