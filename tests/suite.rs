//! The integration tests, as one test binary: each file beside this one tests what a user
//! sees of one part of pressroom (`feeds.rs`: the feeds, `kill.rs`: a build killed as it
//! runs…), and `common/` holds what they share. One binary, not one per file: every test
//! binary links the whole of pressroom, Typst included (350 MB each with line tables), and
//! two dozen of them took 8 GB of disk, enough to fill what CI had left.
//!
//! `cargo test --test suite feeds::` runs one file's tests.

mod common;

mod architecture;
mod archive;
mod authoring;
mod cards;
mod check;
mod cli;
mod content_errors;
mod embargo;
mod escaping;
mod example_site;
mod feeds;
mod hostile;
mod i18n_site;
mod incremental;
mod kill;
mod metadata;
mod output;
mod outside;
mod pdf;
mod pictures;
mod press_kit;
mod scaffold;
mod search;
mod serve;
