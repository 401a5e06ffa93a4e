//! `site.toml`: the site's title, address, languages (endonym, locale, text direction,
//! boilerplate), theme and press contact.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error};

pub(crate) const FILE_NAME: &str = "site.toml";

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// The direction a language is written in when `site.toml` does not say.
    pub(crate) fn default_for(code: &str) -> Direction {
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
    /// The IANA zone the press office works in (`Europe/Amsterdam`).
    #[serde(default = "default_timezone")]
    timezone: String,
    /// When a release dated by its day alone is published, in `timezone` (`09:00`).
    #[serde(default = "default_publish_time")]
    publish_time: String,
    /// The press office's logo, a file of the static folders (`/logo.png`).
    logo: Option<String>,
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
fn default_timezone() -> String {
    "UTC".into()
}
fn default_publish_time() -> String {
    "09:00".into()
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
    tagline: Option<String>,
    people_intro: Option<String>,
    interviewees: Option<Vec<String>>,
    privacy_notice: Option<String>,
    numbering: Option<String>,
}

/// The press office's contact details, shown on releases and the contact page.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Contact {
    #[serde(default)]
    pub(crate) email: String,
    #[serde(default)]
    pub(crate) phone: String,
    /// Where the interview-request form posts. Empty: the form composes an email instead.
    #[serde(default)]
    pub(crate) form_action: String,
    /// The origin of `form_action` (`https://forms.example.org`), for the policy.
    #[serde(skip)]
    pub(crate) form_origin: Option<String>,
}

/// `[markdown]`: how content is turned into HTML.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MarkdownOptions {
    /// Pass raw HTML in content through as written. Off by default: raw HTML is cleaned
    /// of scripts, event handlers, frames, forms, styles and unsafe URLs.
    #[serde(default)]
    pub(crate) unsafe_html: bool,
}

/// `[privacy]`: the hosts other than the site's own that a reader's browser may be sent
/// to for an image, stylesheet, script, font or frame. Empty by default, and best so:
/// every such request tells that host who reads the page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Privacy {
    #[serde(default)]
    pub(crate) allow_hosts: Vec<String>,
}

/// One language of the site.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Language {
    pub(crate) code: String,
    /// The language's own name for itself ("العربية", "Nederlands").
    pub(crate) name: String,
    /// BCP 47 locale used for dates and numbers, e.g. `ar-SY`.
    pub(crate) locale: String,
    pub(crate) direction: Direction,
    /// The site title in this language.
    pub(crate) title: String,
    /// The "About" paragraph printed under every release.
    pub(crate) boilerplate: String,
    /// The line under the site's name on the home page (the theme's when `None`).
    pub(crate) tagline: Option<String>,
    /// The words above the list of spokespeople (the theme's when `None`).
    pub(crate) people_intro: Option<String>,
    /// Whom journalists can ask to interview, as the contact form offers them (the
    /// theme's "a spokesperson" and "someone else" when `None`).
    pub(crate) interviewees: Option<Vec<String>>,
    /// What the contact page says about the requests it sends: who reads them, how long
    /// they are kept, who the data controller is (the theme's neutral words when `None`).
    pub(crate) privacy_notice: Option<String>,
    /// The digits dates are written in (`latn`: 12; `arab`: ١٢); the locale's own when
    /// `None`.
    pub(crate) numbering: Option<String>,
}

/// The press office's logo.
#[derive(Debug, Clone)]
pub(crate) struct Logo {
    /// As written: a path in the site (`/logo.png`), served from a static folder.
    pub(crate) path: String,
    pub(crate) line: Option<usize>,
}

impl Logo {
    /// The path in the output, `/`-separated, as static files are keyed.
    pub(crate) fn target(&self) -> &str {
        crate::statics::target(&self.path)
    }
}

/// The parsed, checked `site.toml`.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// Absolute base URL without a trailing slash.
    pub(crate) base_url: String,
    /// The hosts that are the site's own: `base_url`'s, and the one `--base-url` sets
    /// for a preview. Lowercase, as the URL standard writes them.
    pub(crate) own_hosts: Vec<String>,
    pub(crate) default_language: String,
    pub(crate) theme: String,
    pub(crate) paginate_by: usize,
    /// How many releases each feed carries, newest first.
    pub(crate) feed_limit: usize,
    /// The zone the press office works in: dates and embargoes are shown in it.
    pub(crate) timezone: chrono_tz::Tz,
    /// When a release dated by its day alone is published, in `timezone`: at 09:00 by
    /// default, so readers from the Americas to Asia see the day it carries.
    pub(crate) publish_time: chrono::NaiveTime,
    /// The press office's logo, as schema.org's publisher shows it: a file of the static
    /// folders, with the line of site.toml that names it.
    pub(crate) logo: Option<Logo>,
    /// The default language first, then the others by code.
    pub(crate) languages: Vec<Language>,
    pub(crate) contact: Contact,
    pub(crate) markdown: MarkdownOptions,
    pub(crate) privacy: Privacy,
    /// The line where site.toml still holds text `pressroom init` wrote for staff to
    /// replace.
    pub(crate) placeholder: Option<usize>,
}

impl Config {
    pub(crate) fn load(root: &Path) -> Result<Config, Error> {
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

    pub(crate) fn parse(text: &str) -> Result<Config, Error> {
        unwritable(text)?;
        let mut raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of_offset(text, s.start));
            Diagnostic::new(FILE_NAME, line, e.message().trim().to_string())
        })?;
        let mut problems = Vec::new();
        check(&raw, text, &mut problems);
        let base_url = base_url(&raw.base_url).unwrap_or_else(|message| {
            problems.push(
                Diagnostic::new(FILE_NAME, find_line(text, "base_url"), message)
                    .with_hint("write it like https://press.example.org"),
            );
            String::new()
        });
        let allow_hosts = allowed_hosts(&raw.privacy.allow_hosts, text, &mut problems);
        let contact = contact(std::mem::take(&mut raw.contact), text, &mut problems);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut languages = languages(&mut raw);
        languages.sort_by_key(|l| l.code != raw.default_language);
        Ok(Config {
            own_hosts: host_of(&base_url).into_iter().collect(),
            base_url,
            default_language: raw.default_language,
            theme: raw.theme,
            paginate_by: raw.paginate_by,
            timezone: raw.timezone.parse().unwrap_or(chrono_tz::UTC),
            publish_time: publish_time(&raw.publish_time).unwrap_or(chrono::NaiveTime::MIN),
            feed_limit: raw.feed_limit,
            logo: raw.logo.take().map(|path| Logo {
                line: find_line(text, "logo"),
                path,
            }),
            languages,
            contact,
            markdown: raw.markdown,
            privacy: Privacy { allow_hosts },
            placeholder: crate::placeholder::placeholder_line(text),
        })
    }

    pub(crate) fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub(crate) fn is_default(&self, lang: &str) -> bool {
        lang == self.default_language
    }
}

/// The problems of site.toml's values that need no other file to see.
/// `09:00`: an hour and minutes.
fn publish_time(text: &str) -> Option<chrono::NaiveTime> {
    chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

fn check(raw: &RawConfig, text: &str, problems: &mut Vec<Diagnostic>) {
    if raw.timezone.parse::<chrono_tz::Tz>().is_err() {
        problems.push(
            Diagnostic::new(
                FILE_NAME,
                find_line(text, "timezone"),
                format!(
                    "`{}` is not a time zone pressroom knows",
                    raw.timezone.escape_debug()
                ),
            )
            .with_hint("use an IANA zone name, such as Europe/Amsterdam or America/New_York"),
        );
    }
    if publish_time(&raw.publish_time).is_none() {
        problems.push(
            Diagnostic::new(
                FILE_NAME,
                find_line(text, "publish_time"),
                format!(
                    "publish_time `{}` is not a time of day",
                    raw.publish_time.escape_debug()
                ),
            )
            .with_hint("write hours and minutes, like publish_time = \"09:00\""),
        );
    }
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
    if raw.paginate_by == 0 {
        problems.push(Diagnostic::new(
            FILE_NAME,
            find_line(text, "paginate_by"),
            "paginate_by must be at least 1",
        ));
    }
    if raw.languages.len() > crate::limits::LANGUAGES {
        problems.push(
            Diagnostic::new(
                FILE_NAME,
                None,
                format!(
                    "{} languages: a site can have at most {}",
                    raw.languages.len(),
                    crate::limits::LANGUAGES
                ),
            )
            .with_hint("every page lists every language; keep the ones the site is written in"),
        );
    }
    let long = std::iter::once(("title", &raw.title))
        .chain(raw.languages.values().flat_map(|l| {
            [("boilerplate", &l.boilerplate), ("name", &l.name)]
                .into_iter()
                .chain(l.title.as_ref().map(|t| ("title", t)))
                .chain(l.tagline.as_ref().map(|t| ("tagline", t)))
                .chain(l.people_intro.as_ref().map(|t| ("people_intro", t)))
                .chain(l.interviewees.iter().flatten().map(|t| ("interviewees", t)))
        }))
        .find(|(_, v)| v.len() > crate::limits::SHORT_TEXT);
    if let Some((key, value)) = long {
        problems.push(
            Diagnostic::new(
                FILE_NAME,
                find_line(text, key),
                format!(
                    "`{key}` is {} bytes long; it is shown on every page, so it may be at most {}",
                    value.len(),
                    crate::limits::SHORT_TEXT
                ),
            )
            .with_hint("shorten it"),
        );
    }
    // The theme is a folder under themes/: one plain name, never a path.
    if let Err(why) = crate::slug::check(&raw.theme) {
        problems.push(
            Diagnostic::new(
                FILE_NAME,
                find_line(text, "theme"),
                format!(
                    "theme `{}` is not the name of a folder under themes/: {why}",
                    raw.theme.escape_debug()
                ),
            )
            .with_hint("write the folder's name alone, like theme = \"campaign\""),
        );
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
}

/// `[privacy] allow_hosts`, each a host name.
fn allowed_hosts(entries: &[String], text: &str, problems: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut allow_hosts = Vec::new();
    for entry in entries {
        match policy_host(entry) {
            Ok(host) => allow_hosts.push(host),
            Err(why) => problems.push(
                Diagnostic::new(
                    FILE_NAME,
                    find_line(text, "allow_hosts"),
                    format!(
                        "`{}` in allow_hosts is not a host name: {why}",
                        entry.escape_debug()
                    ),
                )
                .with_hint("write the host alone, like media.example.org"),
            ),
        }
    }
    allow_hosts
}

/// `[contact]`, its form address parsed.
fn contact(mut contact: Contact, text: &str, problems: &mut Vec<Diagnostic>) -> Contact {
    if !contact.form_action.is_empty() {
        match form_action(&contact.form_action) {
            Ok((action, origin)) => {
                contact.form_action = action;
                contact.form_origin = Some(origin);
            }
            Err(why) => problems.push(
                Diagnostic::new(
                    FILE_NAME,
                    find_line(text, "form_action"),
                    format!(
                        "form_action `{}` is not a web address a form can post to: {why}",
                        contact.form_action.escape_debug()
                    ),
                )
                .with_hint("write the whole address, like https://forms.example.org/interview, or leave it empty to compose an email"),
            ),
        }
    }
    contact
}

/// The languages, with their defaults filled in.
fn languages(raw: &mut RawConfig) -> Vec<Language> {
    let title = &raw.title;
    std::mem::take(&mut raw.languages)
        .into_iter()
        .map(|(code, l)| Language {
            locale: l.locale.unwrap_or_else(|| code.clone()),
            direction: l.direction.unwrap_or_else(|| Direction::default_for(&code)),
            title: l.title.unwrap_or_else(|| title.clone()),
            boilerplate: l.boilerplate,
            name: l.name,
            tagline: l.tagline,
            people_intro: l.people_intro,
            interviewees: l.interviewees,
            privacy_notice: l.privacy_notice,
            numbering: l.numbering,
            code,
        })
        .collect()
}

/// Titles, names and boilerplate go into every feed: a character XML cannot carry, as
/// written or as an escape, is an error at its line.
fn unwritable(text: &str) -> Result<(), Diagnostic> {
    fn walk(value: &toml::Value) -> Option<char> {
        match value {
            toml::Value::String(s) => crate::text::first_unwritable(s).map(|(_, c, _)| c),
            toml::Value::Array(items) => items.iter().find_map(walk),
            toml::Value::Table(table) => table.values().find_map(walk),
            _ => None,
        }
    }
    let (line, c) = match crate::text::first_unwritable(text) {
        Some((at, c, _)) => (line_of_offset(text, at), c),
        None => match toml::from_str::<toml::Value>(text)
            .ok()
            .as_ref()
            .and_then(walk)
        {
            Some(c) => (
                text.lines()
                    .position(|l| l.contains('\\'))
                    .map_or(1, |i| i + 1),
                c,
            ),
            None => return Ok(()),
        },
    };
    let what = crate::text::unwritable(c).unwrap_or_default();
    Err(
        Diagnostic::new(FILE_NAME, Some(line), crate::text::describe(c, what))
            .with_hint("delete it, or the escape that writes it (feeds cannot carry it)"),
    )
}

/// A base URL without its trailing slash, or why it cannot be one. It is parsed as a
/// browser parses it, and written back as the URL standard writes it.
pub(crate) fn base_url(url: &str) -> Result<String, String> {
    let bad = || {
        format!(
            "base_url `{}` is not an absolute http(s) URL",
            url.escape_debug()
        )
    };
    let parsed = web_address(url.trim()).map_err(|_| bad())?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!(
            "base_url `{}` must not carry a query (`?`) or a fragment (`#`)",
            url.escape_debug()
        ));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

/// The host of a URL `base_url` wrote.
pub(crate) fn host_of(base_url: &str) -> Option<String> {
    url::Url::parse(base_url)
        .ok()?
        .host_str()
        .map(str::to_string)
}

/// An absolute http(s) URL with a host and no user name or password, written without
/// white space or control characters (which the URL standard would silently remove).
fn web_address(text: &str) -> Result<url::Url, String> {
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it holds white space or an invisible character".into());
    }
    let parsed = url::Url::parse(text).map_err(|e| e.to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err("it must start with https:// and a host".into());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("it must not carry a user name or password".into());
    }
    Ok(parsed)
}

/// `form_action` as the URL standard writes it, and its origin for the policy.
fn form_action(text: &str) -> Result<(String, String), String> {
    let parsed = web_address(text)?;
    policy_host(parsed.host_str().unwrap_or_default())?;
    Ok((parsed.to_string(), parsed.origin().ascii_serialization()))
}

/// A host as a Content-Security-Policy source may name it: letters, digits, hyphens and
/// dots (an international name in its `xn--` form), or an IPv4 address. Nothing that
/// could end a directive or start another.
pub(crate) fn policy_host(text: &str) -> Result<String, String> {
    match url::Host::parse(text) {
        Ok(url::Host::Domain(domain)) => {
            let ldh = domain.split('.').all(|l| {
                !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
            if ldh {
                Ok(domain)
            } else {
                Err("only letters, digits, hyphens and dots may name a host".into())
            }
        }
        Ok(url::Host::Ipv4(ip)) => Ok(ip.to_string()),
        Ok(url::Host::Ipv6(_)) => Err("an IPv6 address cannot be named in a policy".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Languages pressroom knows by name: code, English name, endonym. Used to suggest the
/// code a file name meant (`welcome.arabic.md`) and to write `init --languages`.
pub(crate) const KNOWN_LANGUAGES: &[(&str, &str, &str)] = &[
    ("am", "Amharic", "አማርኛ"),
    ("ar", "Arabic", "العربية"),
    ("bn", "Bengali", "বাংলা"),
    ("ckb", "Central Kurdish", "کوردی"),
    ("cs", "Czech", "Čeština"),
    ("da", "Danish", "Dansk"),
    ("de", "German", "Deutsch"),
    ("el", "Greek", "Ελληνικά"),
    ("en", "English", "English"),
    ("es", "Spanish", "Español"),
    ("fa", "Persian", "فارسی"),
    ("fi", "Finnish", "Suomi"),
    ("fr", "French", "Français"),
    ("he", "Hebrew", "עברית"),
    ("hi", "Hindi", "हिन्दी"),
    ("hu", "Hungarian", "Magyar"),
    ("id", "Indonesian", "Bahasa Indonesia"),
    ("it", "Italian", "Italiano"),
    ("ja", "Japanese", "日本語"),
    ("ko", "Korean", "한국어"),
    ("ku", "Kurdish", "Kurdî"),
    ("ms", "Malay", "Bahasa Melayu"),
    ("nl", "Dutch", "Nederlands"),
    ("no", "Norwegian", "Norsk"),
    ("pl", "Polish", "Polski"),
    ("ps", "Pashto", "پښتو"),
    ("pt", "Portuguese", "Português"),
    ("ro", "Romanian", "Română"),
    ("ru", "Russian", "Русский"),
    ("so", "Somali", "Soomaali"),
    ("sv", "Swedish", "Svenska"),
    ("sw", "Swahili", "Kiswahili"),
    ("th", "Thai", "ไทย"),
    ("ti", "Tigrinya", "ትግርኛ"),
    ("tr", "Turkish", "Türkçe"),
    ("uk", "Ukrainian", "Українська"),
    ("ur", "Urdu", "اردو"),
    ("vi", "Vietnamese", "Tiếng Việt"),
    ("zh", "Chinese", "中文"),
];

impl Config {
    /// The site language `word` (from a file name) stands for: its code in another case
    /// (`AR`), since language tags are case-blind.
    pub(crate) fn language_named(&self, word: &str) -> Option<&Language> {
        self.languages
            .iter()
            .find(|l| l.code.eq_ignore_ascii_case(word))
    }

    /// The site language `word` most likely meant: `arabic`, `Nederlands`, `fra`.
    pub(crate) fn suggest_language(&self, word: &str) -> Option<&str> {
        let word = word.to_lowercase();
        let codes = || self.languages.iter().map(|l| l.code.as_str());
        if let Some(code) = codes().find(|c| word.starts_with(&c.to_lowercase())) {
            return Some(code);
        }
        let names: Vec<(String, &str)> = self
            .languages
            .iter()
            .flat_map(|l| {
                let known = KNOWN_LANGUAGES.iter().filter(|(c, ..)| *c == l.code);
                std::iter::once((l.name.to_lowercase(), l.code.as_str())).chain(known.flat_map(
                    |(_, en, own)| {
                        [
                            (en.to_lowercase(), l.code.as_str()),
                            (own.to_lowercase(), l.code.as_str()),
                        ]
                    },
                ))
            })
            .collect();
        names
            .iter()
            .map(|(name, code)| (strsim::jaro_winkler(&word, name), *code))
            .filter(|(score, _)| *score >= 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, code)| code)
    }
}

/// `en`, `ar`, `fil`, `pt-BR`, `zh-Hant`: what a content file name may carry as its language.
pub(crate) fn is_language_code(s: &str) -> bool {
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
