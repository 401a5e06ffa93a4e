//! pressroom: a static site generator for the press offices of human-rights campaigns.
//!
//! Data flows one way: [`config`] (site.toml) → [`content`] (Markdown files with YAML front
//! matter, typed and checked) → [`site`] (everything indexed and cross-referenced) →
//! [`render`] (Tera pages, feeds, sitemap, all in memory) → [`output`] (written into the spare
//! generation of the output and swapped in whole). [`build`] runs that pipeline; the `pressroom` binary is a
//! thin command line over it.
//!
//! Library code never prints: it returns a [`build::Summary`] or an [`Error`] holding every
//! problem found, and the binary decides what the user sees.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
mod files;
mod html;
pub mod i18n;
mod limits;
pub mod markdown;
mod outputs;
mod placeholder;
pub mod privacy;
pub mod project;
mod publish;
mod render;
pub mod scaffold;
pub mod serve;
mod site;
mod slug;
pub mod statics;
#[cfg(test)]
mod template_docs;
pub mod text;
mod yaml;

pub use error::{Diagnostic, Error};
