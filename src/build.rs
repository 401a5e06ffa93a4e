//! `pressroom build`: config → content → site → render → output, and the one-line summary.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::content::Kind;
use crate::error::Error;
use crate::project::{Project, Settings};
use crate::publish;
use crate::site::Withheld;
use crate::text::counted;

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder (holding site.toml).
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    /// Base URL, drafts, build clock, preview.
    pub settings: Settings,
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
    /// Files whose bytes changed on disk, and files removed.
    pub written: usize,
    pub removed: usize,
    pub elapsed: Duration,
    /// Releases and statements still under embargo: left out, or marked in a preview.
    pub(crate) withheld: Vec<Withheld>,
    pub preview: bool,
    /// Raw HTML in content was published as written (`[markdown] unsafe_html = true`).
    pub unsafe_html: bool,
    /// Files that still hold placeholder text from `pressroom new` or `init`.
    pub placeholders: usize,
    /// What the build left out of what it was given, or published as it was: the
    /// location data of pictures, a photo still in static/.
    pub warnings: Vec<crate::error::Diagnostic>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let langs: Vec<String> = self
            .languages
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        let kinds: Vec<String> = self.kinds.iter().map(|(k, n)| counted(*n, k)).collect();
        write!(
            f,
            "Built {}{} in {} ({}; {}) into {} ({} changed, {} removed) in {} ms",
            if self.preview {
                "an embargoed preview: "
            } else {
                ""
            },
            counted(self.files, "files"),
            counted(self.languages.len(), "languages"),
            langs.join(", "),
            kinds.join(", "),
            crate::text::printable_name(&self.output.display().to_string()),
            self.written,
            self.removed,
            self.elapsed.as_millis()
        )?;
        if let Some(next) = self.withheld.first() {
            let count = |kind: Kind| self.withheld.iter().filter(|w| w.kind == kind).count();
            let (r, st) = (count(Kind::Release), count(Kind::Statement));
            let what = [(r, "release"), (st, "statement")]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, name)| format!("{n} {name}{}", if *n == 1 { "" } else { "s" }))
                .collect::<Vec<_>>()
                .join(" and ");
            let verb = if self.preview {
                "included, under embargo"
            } else {
                "withheld under embargo"
            };
            write!(
                f,
                "; {what} {verb}; the next embargo lifts at {} ({} `{}`)",
                next.until.to_rfc3339(),
                if next.kind == Kind::Release {
                    "release"
                } else {
                    "statement"
                },
                crate::text::printable_name(&next.slug)
            )?;
        }
        if self.placeholders > 0 {
            write!(
                f,
                "; {} still {} placeholder text (pressroom check names {})",
                counted(self.placeholders, "files"),
                if self.placeholders == 1 {
                    "holds"
                } else {
                    "hold"
                },
                if self.placeholders == 1 { "it" } else { "them" }
            )?;
        }
        if self.unsafe_html {
            write!(
                f,
                "\nwarning: raw HTML in content was published unsanitised \
                 ([markdown] unsafe_html = true in site.toml)"
            )?;
        }
        for warning in &self.warnings {
            write!(f, "\nwarning: {warning}")?;
        }
        Ok(())
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
    publish::check_output(root, &output)?;
    if options.settings.preview {
        publish::check_preview_output(root, &output)?;
    }
    // Reading the sources and walking the output are independent: do both at once.
    let (project, publisher) = rayon::join(
        || Project::open(root, &options.settings),
        || publish::Publisher::new(&output),
    );
    let (project, mut publisher) = match (project, publisher) {
        (Ok(project), Ok(publisher)) => (project, publisher),
        (Err(Error::Invalid(mut a)), Err(Error::Invalid(b))) => {
            a.extend(b);
            return Err(Error::Invalid(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    publisher.ready()?;
    let files = project.render_with(|file| publisher.prepare(file))?;
    let (written, removed) = publisher.publish(&files, project.static_files())?;
    if !options.settings.preview {
        crate::media::cache::prune(project.root());
    }

    let (kinds, languages) =
        crate::outputs::count(files.iter().map(|f| (f.kind, f.lang.as_deref())));
    Ok(Summary {
        output,
        kinds,
        languages,
        files: files.len(),
        written,
        removed,
        elapsed: started.elapsed(),
        withheld: project.site().withheld.clone(),
        preview: options.settings.preview,
        unsafe_html: project.site().config.markdown.unsafe_html,
        placeholders: project.site().placeholders().len(),
        warnings: {
            let site = project.site();
            let mut warnings = site.media.warnings.clone();
            warnings.extend(crate::pdf::warnings(site));
            warnings
        },
    })
}
