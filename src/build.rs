//! `pressroom build`: config → content → site → render → output, and the one-line summary.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{self, Config};
use crate::content;
use crate::error::{Diagnostic, Error};
use crate::i18n::I18n;
use crate::output;
use crate::render::{self, templates::Templates};
use crate::site::Site;

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

    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config = with_base_url(config, url)?;
    }
    let theme_dir = root.join("themes").join(&config.theme);
    if !theme_dir.is_dir() {
        return Err(Diagnostic::new(
            config::FILE_NAME,
            None,
            format!("theme `{}` is not in themes/", config.theme),
        )
        .with_hint("set `theme` to the name of a folder under themes/")
        .into());
    }

    // Content, strings and templates are independent: report the problems of all three.
    // Content problems travel inside `Content` so the site can also check the references
    // of the files that did parse.
    let (content, (i18n, templates)) = rayon::join(
        || content::load(root, &config),
        || {
            rayon::join(
                || I18n::load(root, &theme_dir, &config),
                || Templates::load(root, &theme_dir),
            )
        },
    );
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut content = content?;
    let i18n = gather(i18n, &mut problems)?;
    let templates = gather(templates, &mut problems)?;
    let (Some(i18n), Some(templates)) = (i18n, templates) else {
        problems.splice(0..0, content.problems.drain(..));
        return Err(Error::Invalid(problems));
    };

    let site = Site::new(config, content, options.drafts)?;
    let static_dirs = [theme_dir.join("static"), root.join("static")];
    let missing = missing_photos(&site, &static_dirs);
    if !missing.is_empty() {
        return Err(Error::Invalid(missing));
    }
    let files = render::render_site(&site, &i18n, &templates)?;
    output::publish(&output, &files, &static_dirs)?;

    let (kinds, languages) = render::count(&files);
    Ok(Summary {
        output,
        kinds,
        languages,
        files: files.len(),
        elapsed: started.elapsed(),
    })
}

/// People whose `photo` is not a file of the static folders. A photo is always served by
/// the site itself: a URL on another host would tell that host who reads the page.
fn missing_photos(site: &Site, static_dirs: &[PathBuf]) -> Vec<Diagnostic> {
    site.people
        .iter()
        .filter_map(|p| {
            let photo = p.meta.photo.as_deref()?;
            let rel = photo.trim_start_matches('/');
            let found = !rel.contains("..")
                && !rel.contains("://")
                && static_dirs.iter().any(|d| d.join(rel).is_file());
            (!found).then(|| {
                p.diagnostic(
                    p.line_of_key("photo"),
                    format!("`photo: {photo}` is not a file in static/"),
                )
                .with_hint("put the picture in static/ (e.g. static/people/name.jpg) and write its path from there")
            })
        })
        .collect()
}

/// Problems in the site's files are gathered so all are reported; a disk error ends the
/// build at once.
fn gather<T>(result: Result<T, Error>, problems: &mut Vec<Diagnostic>) -> Result<Option<T>, Error> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(Error::Invalid(d)) => {
            problems.extend(d);
            Ok(None)
        }
        Err(io) => Err(io),
    }
}

fn with_base_url(mut config: Config, url: &str) -> Result<Config, Error> {
    config.base_url = config::base_url(url)
        .map_err(|message| Diagnostic::new(Path::new("--base-url"), None, message))?;
    Ok(config)
}
