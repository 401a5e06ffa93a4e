//! What differs between languages besides the content: the theme's UI strings (from
//! `themes/<theme>/i18n/<lang>.yaml`, falling back to the default language key by key) and
//! dates written with real locale data (CLDR through ICU4X, so `ar-SY` writes June as
//! حزيران and `en-GB` writes "12 June 2023").

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{Y, YM, YMD, YMDT};
use icu_datetime::input::{self, Time};
use icu_locale_core::Locale;

use crate::config::{self, Config};
use crate::error::{Diagnostic, Error};
use crate::yaml;

/// The first character of `text` (an i18n file) that feeds cannot carry, written as it is
/// or as an escape.
fn unwritable(rel: &Path, text: &str) -> Option<Diagnostic> {
    let (line, c) = match crate::text::first_unwritable(text) {
        Some((at, c, _)) => (text[..at].matches('\n').count() + 1, c),
        None if !text.contains('\\') => return None,
        None => {
            let c = yaml::unwritable(text)?;
            (
                text.lines()
                    .position(|l| l.contains('\\'))
                    .map_or(1, |i| i + 1),
                c,
            )
        }
    };
    let what = crate::text::unwritable(c).unwrap_or_default();
    Some(
        Diagnostic::new(rel, Some(line), crate::text::describe(c, what))
            .with_hint("delete it, or the escape that writes it (feeds cannot carry it)"),
    )
}

/// UI strings of one language, already merged with the default language's.
pub(crate) type Strings = BTreeMap<String, String>;

/// Strings and date formatting for every language of the site.
pub(crate) struct I18n {
    languages: HashMap<String, Language>,
}

struct Language {
    strings: Strings,
    formats: Formatters,
}

/// The date formatters of one locale. Press releases are dated in the Gregorian calendar
/// whatever the locale's usual one.
struct Formatters {
    dates: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    moments: FixedCalendarDateTimeFormatter<Gregorian, YMDT>,
    /// "June 2023" and "2023", for the archive.
    months: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    years: FixedCalendarDateTimeFormatter<Gregorian, Y>,
}

impl Formatters {
    fn new(locale: &Locale) -> Result<Formatters, icu_datetime::DateTimeFormatterLoadError> {
        let prefs = || locale.clone().into();
        Ok(Formatters {
            dates: FixedCalendarDateTimeFormatter::try_new(prefs(), YMD::long())?,
            moments: FixedCalendarDateTimeFormatter::try_new(prefs(), YMD::long().with_time_hm())?,
            months: FixedCalendarDateTimeFormatter::try_new(prefs(), YM::long())?,
            years: FixedCalendarDateTimeFormatter::try_new(prefs(), Y::long())?,
        })
    }
}

/// The UI strings of pressroom's built-in theme in `lang`, if it has that language.
fn built_in(lang: &str) -> Option<Strings> {
    let name = format!("i18n/{lang}.yaml");
    let (_, text) = crate::scaffold::THEME
        .iter()
        .find(|(path, _)| *path == name)?;
    yaml::from_str::<Strings>(text).ok()
}

impl I18n {
    /// Loads the i18n files of `theme_dir` for every language in `config`.
    pub(crate) fn load(root: &Path, theme_dir: &Path, config: &Config) -> Result<I18n, Error> {
        let dir = theme_dir.join("i18n");
        let mut problems = Vec::new();
        let mut files = HashMap::new();
        for lang in &config.languages {
            let path = dir.join(format!("{}.yaml", lang.code));
            let rel = path.strip_prefix(root).unwrap_or(&path);
            if let Err(d) = crate::files::folder(root, &path) {
                problems.push(d);
                continue;
            }
            match crate::files::read_to_string(&path) {
                Ok(text) if let Some(d) = unwritable(rel, &text) => problems.push(d),
                Ok(text) => match yaml::from_str::<Strings>(&text) {
                    Ok(strings) => {
                        files.insert(lang.code.clone(), strings);
                    }
                    Err(e) => problems.push(Diagnostic::new(rel, e.line, e.message)),
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if config.is_default(&lang.code) {
                        problems.push(
                            Diagnostic::new(rel, None, "the default language has no UI strings")
                                .with_hint(
                                    "every theme needs an i18n file for the default language",
                                ),
                        );
                    }
                }
                Err(e) => problems.push(Diagnostic::new(rel, None, e.to_string())),
            }
        }

        let mut languages = HashMap::new();
        for lang in &config.languages {
            // The digits: `ar-SY` writes ١٢; with `numbering = "latn"` it writes 12.
            let locale_text = match &lang.numbering {
                Some(nu) => format!("{}-u-nu-{nu}", lang.locale),
                None => lang.locale.clone(),
            };
            let locale: Locale = match locale_text.parse() {
                Ok(l) => l,
                Err(_) => {
                    problems.push(
                        Diagnostic::new(
                            config::FILE_NAME,
                            None,
                            format!(
                                "`{locale_text}` (languages.{}.locale, with its numbering) is not a locale",
                                lang.code
                            ),
                        )
                        .with_hint("write a BCP 47 locale such as en-GB or ar-SY"),
                    );
                    continue;
                }
            };
            let formatters = Formatters::new(&locale);
            let formats = match formatters {
                Ok(f) => f,
                Err(e) => {
                    problems.push(Diagnostic::new(
                        config::FILE_NAME,
                        None,
                        format!("no date formats for locale `{}`: {e}", lang.locale),
                    ));
                    continue;
                }
            };
            // Key by key, the theme's own language, else the theme's default language,
            // else pressroom's built-in theme in this language, else in English: a theme
            // copied by an older `pressroom init` lacks the strings of newer pages.
            let mut strings = Strings::default();
            for layer in [
                built_in("en"),
                built_in(&config.default_language),
                built_in(&lang.code),
                files.get(&config.default_language).cloned(),
                files.get(&lang.code).cloned(),
            ]
            .into_iter()
            .flatten()
            {
                strings.extend(layer);
            }
            // The campaign's own words, from site.toml, over the theme's neutral ones.
            for (key, value) in [
                ("tagline", &lang.tagline),
                ("people_intro", &lang.people_intro),
            ] {
                if let Some(value) = value {
                    strings.insert(key.to_string(), value.clone());
                }
            }
            languages.insert(lang.code.clone(), Language { strings, formats });
        }
        if problems.is_empty() {
            Ok(I18n { languages })
        } else {
            Err(Error::Invalid(problems))
        }
    }

    /// The UI strings of `lang`.
    pub(crate) fn strings(&self, lang: &str) -> &Strings {
        &self.languages[lang].strings
    }

    /// One UI string, or the key itself when no file defines it.
    pub(crate) fn text<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        self.strings(lang)
            .get(key)
            .map(String::as_str)
            .unwrap_or(key)
    }

    /// An exact moment in `lang`'s locale, at its own UTC offset, with the offset named:
    /// "12 June 2023 at 09:00 (UTC+02:00)" (the words between come from CLDR).
    pub(crate) fn format_moment(&self, lang: &str, moment: DateTime<FixedOffset>) -> String {
        let local = moment.naive_local();
        let (Ok(date), Ok(time)) = (
            Date::try_new_gregorian(local.year(), local.month() as u8, local.day() as u8),
            Time::try_new(local.hour() as u8, local.minute() as u8, 0, 0),
        ) else {
            return moment.to_rfc3339();
        };
        let text = self.languages[lang]
            .formats
            .moments
            .format(&input::DateTime { date, time });
        let seconds = moment.offset().local_minus_utc();
        let zone = if seconds == 0 {
            "UTC".to_string()
        } else {
            let (sign, s) = if seconds < 0 {
                ('-', -seconds)
            } else {
                ('+', seconds)
            };
            format!("UTC{sign}{:02}:{:02}", s / 3600, (s % 3600) / 60)
        };
        format!("{text} ({zone})")
    }

    /// A calendar day in `lang`'s locale, e.g. "١٢ حزيران ٢٠٢٣" for `ar-SY`.
    pub(crate) fn format_date(&self, lang: &str, day: NaiveDate) -> String {
        let Ok(date) = Date::try_new_gregorian(day.year(), day.month() as u8, day.day() as u8)
        else {
            return day.to_string();
        };
        self.languages[lang].formats.dates.format(&date).to_string()
    }

    /// A month in `lang`'s locale, e.g. "June 2023" (`month` from 1).
    pub(crate) fn format_month(&self, lang: &str, year: i32, month: u32) -> String {
        match Date::try_new_gregorian(year, month as u8, 1) {
            Ok(date) => self.languages[lang]
                .formats
                .months
                .format(&date)
                .to_string(),
            Err(_) => format!("{year}-{month:02}"),
        }
    }

    /// A year in `lang`'s locale, e.g. "٢٠٢٣" for `ar-SY`.
    pub(crate) fn format_year(&self, lang: &str, year: i32) -> String {
        match Date::try_new_gregorian(year, 1, 1) {
            Ok(date) => self.languages[lang].formats.years.format(&date).to_string(),
            Err(_) => year.to_string(),
        }
    }
}
