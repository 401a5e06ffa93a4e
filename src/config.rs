//! `site.toml`: the site's title, address, languages (endonym, locale, text direction,
//! boilerplate), theme and press contact.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error};

pub const FILE_NAME: &str = "site.toml";

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// The direction a language is written in when `site.toml` does not say.
    pub fn default_for(code: &str) -> Direction {
        let primary = code.split(['-', '_']).next().unwrap_or(code);
        match primary {
            "ar" | "fa" | "he" | "ur" | "ps" | "sd" | "ckb" | "yi" | "dv" => Direction::Rtl,
            _ => Direction::Ltr,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    default_language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_paginate_by")]
    paginate_by: usize,
    #[serde(default = "default_feed_limit")]
    feed_limit: usize,
    languages: BTreeMap<String, RawLanguage>,
    #[serde(default)]
    contact: Contact,
    #[serde(default)]
    markdown: MarkdownOptions,
    #[serde(default)]
    privacy: Privacy,
}

fn default_theme() -> String {
    "campaign".into()
}
fn default_paginate_by() -> usize {
    20
}
fn default_feed_limit() -> usize {
    30
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    locale: Option<String>,
    direction: Option<Direction>,
    title: Option<String>,
    #[serde(default)]
    boilerplate: String,
}

/// The press office's contact details, shown on releases and the contact page.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    /// Where the interview-request form posts. Empty: the form composes an email instead.
    #[serde(default)]
    pub form_action: String,
}

/// `[markdown]`: how content is turned into HTML.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownOptions {
    /// Pass raw HTML in content through as written. Off by default: raw HTML is cleaned
    /// of scripts, event handlers, frames, forms, styles and unsafe URLs.
    #[serde(default)]
    pub unsafe_html: bool,
}

/// `[privacy]`: the hosts other than the site's own that a reader's browser may be sent
/// to for an image, stylesheet, script, font or frame. Empty by default, and best so:
/// every such request tells that host who reads the page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    #[serde(default)]
    pub allow_hosts: Vec<String>,
}

/// One language of the site.
#[derive(Debug, Clone, Serialize)]
pub struct Language {
    pub code: String,
    /// The language's own name for itself ("العربية", "Nederlands").
    pub name: String,
    /// BCP 47 locale used for dates and numbers, e.g. `ar-SY`.
    pub locale: String,
    pub direction: Direction,
    /// The site title in this language.
    pub title: String,
    /// The "About" paragraph printed under every release.
    pub boilerplate: String,
}

/// The parsed, checked `site.toml`.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Absolute base URL without a trailing slash.
    pub base_url: String,
    pub default_language: String,
    pub theme: String,
    pub paginate_by: usize,
    /// How many releases each feed carries, newest first.
    pub feed_limit: usize,
    /// The default language first, then the others by code.
    pub languages: Vec<Language>,
    pub contact: Contact,
    pub markdown: MarkdownOptions,
    pub privacy: Privacy,
}

impl Config {
    pub fn load(root: &Path) -> Result<Config, Error> {
        let path = root.join(FILE_NAME);
        crate::files::folder(root, &path)?;
        let text = crate::files::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::from(
                    Diagnostic::new(FILE_NAME, None, "no site.toml in the site folder").with_hint(
                        "run pressroom in the folder that holds site.toml, or pass --root DIR",
                    ),
                )
            } else {
                Error::from(Diagnostic::new(FILE_NAME, None, e.to_string()))
            }
        })?;
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Error> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of_offset(text, s.start));
            Diagnostic::new(FILE_NAME, line, e.message().trim().to_string())
        })?;
        let mut problems = Vec::new();
        if !raw.languages.contains_key(&raw.default_language) {
            problems.push(
                Diagnostic::new(
                    FILE_NAME,
                    find_line(text, "default_language"),
                    format!(
                        "default_language `{}` has no [languages.{}] table",
                        raw.default_language, raw.default_language
                    ),
                )
                .with_hint("add the table, or pick one of the languages listed"),
            );
        }
        let base_url = base_url(&raw.base_url).unwrap_or_else(|message| {
            problems.push(
                Diagnostic::new(FILE_NAME, find_line(text, "base_url"), message)
                    .with_hint("write it like https://press.example.org"),
            );
            String::new()
        });
        if raw.paginate_by == 0 {
            problems.push(Diagnostic::new(
                FILE_NAME,
                find_line(text, "paginate_by"),
                "paginate_by must be at least 1",
            ));
        }
        for code in raw.languages.keys() {
            if !is_language_code(code) {
                problems.push(Diagnostic::new(
                    FILE_NAME,
                    find_line(text, &format!("[languages.{code}]")),
                    format!("`{code}` is not a language code like `en`, `ar` or `pt-BR`"),
                ));
            }
        }
        for host in &raw.privacy.allow_hosts {
            if host.is_empty() || host.contains(['/', ':', ' ', '*']) {
                problems.push(
                    Diagnostic::new(
                        FILE_NAME,
                        find_line(text, "allow_hosts"),
                        format!("`{host}` in allow_hosts is not a host name"),
                    )
                    .with_hint("write the host alone, like media.example.org"),
                );
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut languages: Vec<Language> = raw
            .languages
            .into_iter()
            .map(|(code, l)| Language {
                locale: l.locale.unwrap_or_else(|| code.clone()),
                direction: l.direction.unwrap_or_else(|| Direction::default_for(&code)),
                title: l.title.unwrap_or_else(|| raw.title.clone()),
                boilerplate: l.boilerplate,
                name: l.name,
                code,
            })
            .collect();
        languages.sort_by_key(|l| l.code != raw.default_language);
        Ok(Config {
            title: raw.title,
            base_url,
            default_language: raw.default_language,
            theme: raw.theme,
            paginate_by: raw.paginate_by,
            feed_limit: raw.feed_limit,
            languages,
            contact: raw.contact,
            markdown: raw.markdown,
            privacy: raw.privacy,
        })
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn is_default(&self, lang: &str) -> bool {
        lang == self.default_language
    }
}

/// A base URL without its trailing slash, or why it cannot be one.
pub fn base_url(url: &str) -> Result<String, String> {
    let trimmed = url.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => {
            Ok(trimmed.to_string())
        }
        _ => Err(format!("base_url `{url}` is not an absolute http(s) URL")),
    }
}

/// `en`, `ar`, `fil`, `pt-BR`, `zh-Hant`: what a content file name may carry as its language.
pub fn is_language_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.trim_start().starts_with(needle))
        .map(|i| i + 1)
}
