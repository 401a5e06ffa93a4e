//! Loading the Tera templates: the theme's `templates/`, overridden file by file by the
//! site's own `templates/`. Template errors name the real file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::error::{Diagnostic, Error};

/// The name of the share cards' layout among the templates.
pub(crate) const CARD: &str = "card.toml";

/// The loaded templates and where each came from.
pub(crate) struct Templates {
    pub(crate) tera: Tera,
    /// Template name → file relative to the site root, for error messages.
    files: BTreeMap<String, PathBuf>,
    /// The names of the templates that came from the built-in theme, none of the site's
    /// folders having them.
    built_in: Vec<String>,
    /// The layout of share cards (`card.toml`, see `cards/`), as written (what cached
    /// cards were drawn with) and as read.
    pub(crate) card: String,
    pub(crate) card_layout: crate::cards::Layout,
    /// The layout of release PDFs (`release.typ`, see `pdf/`), a Typst source.
    pub(crate) pdf: String,
}

impl Templates {
    pub(crate) fn load(root: &Path, theme_dir: &Path) -> Result<Templates, Error> {
        let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
        // Site templates come second so they replace the theme's of the same name.
        for dir in [theme_dir.join("templates"), root.join("templates")] {
            for path in crate::files::walk(&dir, root, root, crate::files::Links::Follow)? {
                let name = path
                    .strip_prefix(&dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                if name.ends_with(".html")
                    || name.ends_with(".xml")
                    || name == CARD
                    || name == crate::pdf::TEMPLATE
                {
                    let rel = path.strip_prefix(root).unwrap_or(&path);
                    files.insert(name, rel.to_path_buf());
                }
            }
        }
        // Beneath them, the built-in theme's templates: a theme copied into a site by an
        // older `pressroom init` lacks the templates of outputs added since (the feeds
        // page, feed entries), and gets pressroom's own, as Hugo's embedded templates do.
        let mut sources: Vec<(String, String)> = crate::scaffold::THEME
            .iter()
            .filter_map(|(path, text)| Some((path.strip_prefix("templates/")?, text)))
            .filter(|(name, _)| !files.contains_key(*name))
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let built_in: Vec<String> = sources.iter().map(|(n, _)| n.clone()).collect();
        for (name, rel) in &files {
            let text =
                crate::files::read_to_string(&root.join(rel)).map_err(|e| Error::io(rel, e))?;
            sources.push((name.clone(), text));
        }
        // The card layout is data, not a Tera template.
        let card = sources
            .iter()
            .rposition(|(n, _)| n == CARD)
            .map(|i| sources.remove(i).1)
            .unwrap_or_default();
        sources.retain(|(n, _)| n != CARD);
        // So is the PDF layout: a Typst source, typeset with each release's data.
        let pdf = sources
            .iter()
            .rposition(|(n, _)| n == crate::pdf::TEMPLATE)
            .map(|i| sources.remove(i).1)
            .unwrap_or_default();
        sources.retain(|(n, _)| n != crate::pdf::TEMPLATE);
        let card_layout = crate::cards::parse(&card).map_err(|message| {
            let file = files
                .get(CARD)
                .map_or(Path::new("templates/card.toml"), |f| f);
            Diagnostic::new(file, None, message)
                .with_hint("see the comments at the top of the theme's card.toml")
        })?;
        let mut tera = Tera::new();
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| diagnostic(&files, &e, None))?;
        Ok(Templates {
            tera,
            files,
            built_in,
            card,
            card_layout,
            pdf,
        })
    }

    /// Every template file, relative to the site root.
    pub(crate) fn files(&self) -> impl Iterator<Item = &PathBuf> {
        self.files.values()
    }

    /// The file of the template `name`, relative to the site root.
    pub(crate) fn file(&self, name: &str) -> Option<&PathBuf> {
        self.files.get(name)
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.files.contains_key(name) || self.built_in.iter().any(|n| n == name)
    }

    /// Turns a Tera error met while rendering `page` into a diagnostic naming the
    /// template file and line.
    pub(crate) fn diagnostic(&self, error: &tera::Error, page: &str) -> Diagnostic {
        diagnostic(&self.files, error, Some(page))
    }
}

fn diagnostic(
    files: &BTreeMap<String, PathBuf>,
    error: &tera::Error,
    rendering: Option<&str>,
) -> Diagnostic {
    let (file, line, message) = match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => (
            report.filename().to_string(),
            Some(report.span().start_line),
            report.message().to_string(),
        ),
        // Reference checks (unknown filter, test, function) arrive as plain messages
        // holding Tera's rendered report; its `--> name:line:col` line says where.
        other => {
            let text = other.to_string();
            let place = text.lines().find_map(|l| {
                let (name, rest) = l.trim_start().strip_prefix("--> ")?.split_once(':')?;
                let line = rest.split(':').next()?.parse().ok()?;
                Some((name.to_string(), line))
            });
            let message = text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string();
            match place {
                Some((name, line)) => (name, Some(line), message),
                None => (rendering.unwrap_or("templates").to_string(), None, text),
            }
        }
    };
    let path = files
        .get(&file)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(&file));
    let mut d = Diagnostic::new(path, line, message);
    if let Some(page) = rendering {
        d = d.with_hint(format!("while rendering {page}"));
    }
    d
}
