//! Errors a person can act on: which file, which line, what is wrong and how to fix it.
//!
//! Content problems are collected, not raised one at a time, so a build reports every broken
//! file in one run.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::text::{printable, printable_name};

/// One problem in one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line in that file, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters) on that line, when it helps.
    pub column: Option<usize>,
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(path: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.as_ref().to_path_buf(),
            line,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    /// The column on the line (1-based, in characters) where the problem is.
    pub fn at_column(mut self, column: usize) -> Self {
        self.column = Some(column);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Written for a terminal: a file name or message holding an escape sequence is shown
/// escaped, never acted on (see [`crate::text::printable`]).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", printable_name(&self.path.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", printable(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {}", printable(hint))?;
        }
        Ok(())
    }
}

/// Problems of one kind in one file, at most [`crate::limits::PROBLEMS_PER_FILE`] of
/// them made (finding each one's line costs a pass over the file); the rest are counted
/// in one closing message.
#[derive(Default)]
pub(crate) struct Capped {
    problems: Vec<Diagnostic>,
    more: usize,
}

impl Capped {
    /// Keeps the problem `make` makes, or counts it once enough are kept.
    pub(crate) fn push_with(&mut self, make: impl FnOnce() -> Diagnostic) {
        if self.problems.len() < crate::limits::PROBLEMS_PER_FILE {
            self.problems.push(make());
        } else {
            self.more += 1;
        }
    }

    /// The problems kept, then "… and N more `what`" for the rest, on `path`.
    pub(crate) fn finish(mut self, path: &Path, what: &str) -> Vec<Diagnostic> {
        if self.more > 0 {
            self.problems.push(Diagnostic::new(
                path,
                None,
                format!("… and {} more {what}", self.more),
            ));
        }
        self.problems
    }
}

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum Error {
    /// Problems in the site's own files (site.toml, content, templates, i18n).
    Invalid(Vec<Diagnostic>),
    /// The disk refused a read or write.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// The diagnostics, if this error is about the site's files.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Invalid(d) => d,
            Error::Io { .. } => &[],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Invalid(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(d: Vec<Diagnostic>) -> Self {
        Error::Invalid(d)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(diags) => {
                for (i, d) in diags.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "error: {d}")?;
                }
                Ok(())
            }
            Error::Io { path, source } => write!(
                f,
                "error: {}: {source}",
                printable_name(&path.display().to_string())
            ),
        }
    }
}

impl std::error::Error for Error {}
