//! `pressroom build`: config → content → site → render → output, and the one-line summary.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::output;
use crate::project::Project;
use crate::render::{self, OutputFile};

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder (holding site.toml).
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.toml (for previews on another address).
    pub base_url: Option<String>,
    /// Include releases marked `draft: true`.
    pub drafts: bool,
}

/// What a successful build wrote.
#[derive(Debug)]
pub struct Summary {
    pub output: PathBuf,
    /// HTML pages and feeds per kind.
    pub kinds: BTreeMap<&'static str, usize>,
    /// Files per language.
    pub languages: BTreeMap<String, usize>,
    pub files: usize,
    pub elapsed: Duration,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let langs: Vec<String> = self
            .languages
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        let kinds: Vec<String> = self.kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        write!(
            f,
            "Built {} files in {} languages ({}; {}) into {} in {} ms",
            self.files,
            self.languages.len(),
            langs.join(", "),
            kinds.join(", "),
            self.output.display(),
            self.elapsed.as_millis()
        )
    }
}

/// Builds the site. On any error nothing in the output folder changes.
pub fn build(options: &Options) -> Result<Summary, Error> {
    let started = Instant::now();
    let root = options.root.as_path();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    output::check_output(root, &output)?;
    let project = Project::load(root, options.base_url.as_deref(), options.drafts)?;
    let files: Vec<&OutputFile> = project.files().values().collect();
    output::publish(&output, &files, &project.static_dirs())?;

    let (kinds, languages) = render::count(files.iter().copied());
    Ok(Summary {
        output,
        kinds,
        languages,
        files: files.len(),
        elapsed: started.elapsed(),
    })
}
