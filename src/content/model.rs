//! The typed front matter of each kind of content. Unknown keys are rejected so a typo
//! (`titel:`) fails loudly instead of silently dropping what staff wrote; free-form data
//! goes under `extra:`.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize};

/// A press release.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub title: String,
    pub date: PubDate,
    pub subtitle: Option<String>,
    pub summary: Option<String>,
    /// The dateline city.
    pub location: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Statement slugs, shown in this order.
    #[serde(default)]
    pub statements: Vec<String>,
    /// Stable feed entry id.
    pub id: Option<String>,
    /// Withheld from the site until this moment.
    pub embargo: Option<Moment>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// A quoted statement; the body is the quote.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// A people slug.
    pub person: String,
    pub date: Option<PubDate>,
    /// The attribution after the speaker's name ("Executive Director of … said:").
    pub intro: Option<String>,
    /// Withheld from the site until this moment.
    pub embargo: Option<Moment>,
    #[serde(default)]
    pub extra: Extra,
}

/// A spokesperson; the body is the bio.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub role: Option<String>,
    pub organization: Option<String>,
    /// Language codes the person gives interviews in.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Available for interview requests.
    #[serde(default)]
    pub interviews: bool,
    /// Path under `static/`.
    pub photo: Option<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// A free page (about, contact).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub title: String,
    /// Template name without `.html`; `page` when absent.
    pub template: Option<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// The front matter values shown again on other pages (cards, lists, feeds, quotes),
/// each of which must stay within [`crate::limits::SHORT_TEXT`].
pub trait Repeated {
    fn repeated(&self) -> Vec<(&'static str, &str)>;
}

impl Repeated for Release {
    fn repeated(&self) -> Vec<(&'static str, &str)> {
        let mut texts = vec![("title", self.title.as_str())];
        for (key, value) in [
            ("subtitle", &self.subtitle),
            ("summary", &self.summary),
            ("location", &self.location),
        ] {
            texts.extend(value.as_deref().map(|v| (key, v)));
        }
        texts.extend(self.tags.iter().map(|t| ("tags", t.as_str())));
        texts
    }
}

impl Repeated for Statement {
    fn repeated(&self) -> Vec<(&'static str, &str)> {
        self.intro
            .as_deref()
            .map(|i| ("intro", i))
            .into_iter()
            .collect()
    }
}

impl Repeated for Person {
    fn repeated(&self) -> Vec<(&'static str, &str)> {
        let mut texts = vec![("name", self.name.as_str())];
        for (key, value) in [("role", &self.role), ("organization", &self.organization)] {
            texts.extend(value.as_deref().map(|v| (key, v)));
        }
        texts
    }
}

impl Repeated for Page {
    fn repeated(&self) -> Vec<(&'static str, &str)> {
        vec![("title", self.title.as_str())]
    }
}

/// Free-form front matter under `extra:`, passed to templates as it is.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Extra {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Extra>),
    Map(BTreeMap<String, Extra>),
}

/// A publication date: a calendar day, or an exact moment with its UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PubDate {
    pub moment: DateTime<FixedOffset>,
    /// Written as `YYYY-MM-DD`, without a time.
    pub date_only: bool,
}

impl PubDate {
    /// Parses `YYYY-MM-DD` (midnight UTC) or RFC 3339 with an offset.
    pub fn parse(s: &str) -> Result<PubDate, String> {
        let s = s.trim();
        if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            let moment = Utc
                .from_utc_datetime(&day.and_time(NaiveTime::MIN))
                .fixed_offset();
            return Ok(PubDate {
                moment,
                date_only: true,
            });
        }
        DateTime::parse_from_rfc3339(s)
            .map(|moment| PubDate {
                moment,
                date_only: false,
            })
            .map_err(|_| format!("`{s}` is not a date"))
    }

    /// The calendar day as written (in the date's own offset).
    pub fn day(&self) -> NaiveDate {
        self.moment.date_naive()
    }
}

/// How a bad date's message starts, so the reader can point at the `date:` line.
pub const BAD_DATE: &str = "bad `date`";

/// An exact moment with its UTC offset, such as an embargo's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment(pub DateTime<FixedOffset>);

/// How a bad embargo's message starts.
pub const BAD_EMBARGO: &str = "bad `embargo`";

pub const EMBARGO_HINT: &str = "write the moment with its offset, such as 2023-06-12T09:00:00+02:00 \
     (a time without an offset would lift at a different moment in every time zone)";

impl Moment {
    pub fn parse(s: &str) -> Result<Moment, String> {
        let s = s.trim();
        DateTime::parse_from_rfc3339(s).map(Moment).map_err(|_| {
            if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
                format!("`{s}` has no time of day and UTC offset")
            } else if chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").is_ok()
                || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").is_ok()
            {
                format!("`{s}` has no UTC offset")
            } else {
                format!("`{s}` is not a moment")
            }
        })
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Moment::parse(&text).map_err(|m| serde::de::Error::custom(format!("{BAD_EMBARGO}: {m}")))
    }
}

pub const DATE_HINT: &str =
    "write YYYY-MM-DD, or an exact time with its offset such as 2023-06-12T09:00:00+02:00";

/// Parsed while the front matter is read, so a bad date is reported at its line.
impl<'de> Deserialize<'de> for PubDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PubDate::parse(&text).map_err(|m| serde::de::Error::custom(format!("{BAD_DATE}: {m}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_rejects_others() {
        let d = PubDate::parse("2023-06-12").unwrap();
        assert!(d.date_only);
        assert_eq!(d.moment.to_rfc3339(), "2023-06-12T00:00:00+00:00");
        let t = PubDate::parse("2023-06-12T09:00:00+02:00").unwrap();
        assert!(!t.date_only);
        assert_eq!(t.day().to_string(), "2023-06-12");
        for bad in [
            "12/06/2023",
            "2023-13-01",
            "2023-06-12T09:00:00",
            "June 12, 2023",
            "",
        ] {
            assert!(PubDate::parse(bad).is_err(), "{bad}");
        }
    }
}
