//! The typed front matter of each kind of content. Unknown keys are rejected so a typo
//! (`titel:`) fails loudly instead of silently dropping what staff wrote; free-form data
//! goes under `extra:`.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize};

/// A press release.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Release {
    pub(crate) title: String,
    pub(crate) date: PubDate,
    pub(crate) subtitle: Option<String>,
    pub(crate) summary: Option<String>,
    /// The dateline city.
    pub(crate) location: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub(crate) tags: Vec<String>,
    /// Statement slugs, shown in this order.
    #[serde(default, deserialize_with = "list")]
    pub(crate) statements: Vec<String>,
    /// Stable feed entry id.
    pub(crate) id: Option<String>,
    /// Withheld from the site until this moment.
    pub(crate) embargo: Option<Moment>,
    /// When the release was last changed in substance.
    pub(crate) updated: Option<PubDate>,
    /// What was corrected, and when, newest last as written.
    #[serde(default)]
    pub(crate) corrections: Vec<Correction>,
    #[serde(default, deserialize_with = "yes_no")]
    pub(crate) draft: bool,
    pub(crate) slug: Option<String>,
    /// The picture shown at the top of the release.
    pub(crate) image: Option<Box<Image>>,
    /// More pictures, shown as a gallery after the text.
    #[serde(default)]
    pub(crate) images: Vec<Image>,
    #[serde(default)]
    pub(crate) extra: Extra,
}

/// A picture in content: a file of `media/`, with what a reader and an editor need to
/// know about it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Image {
    /// Path under `media/`.
    pub(crate) src: String,
    /// What the picture shows, for readers who cannot see it. Required.
    #[serde(default)]
    pub(crate) alt: String,
    pub(crate) caption: Option<String>,
    /// Whose picture it is ("Photo: Jane Doe / Syria Campaign").
    pub(crate) credit: Option<String>,
    /// Who may use it and how ("CC BY 4.0", "Free to use with credit").
    pub(crate) licence: Option<String>,
}

impl Release {
    /// Every picture, the top one first.
    pub(crate) fn pictures(&self) -> impl Iterator<Item = &Image> {
        self.image.as_deref().into_iter().chain(&self.images)
    }
}

/// A correction of a release: when, and what was corrected.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Correction {
    pub(crate) date: PubDate,
    pub(crate) text: String,
}

impl Release {
    /// When it was last changed: its `updated:` or its latest correction, if later.
    pub(crate) fn modified(&self) -> Option<DateTime<FixedOffset>> {
        self.updated
            .iter()
            .chain(self.corrections.iter().map(|c| &c.date))
            .map(|d| d.moment)
            .max()
    }
}

/// A quoted statement; the body is the quote.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Statement {
    /// A people slug.
    pub(crate) person: String,
    pub(crate) date: Option<PubDate>,
    /// The attribution after the speaker's name ("Executive Director of … said:").
    pub(crate) intro: Option<String>,
    /// Withheld from the site until this moment.
    pub(crate) embargo: Option<Moment>,
    #[serde(default)]
    pub(crate) extra: Extra,
}

/// A spokesperson; the body is the bio.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Person {
    pub(crate) name: String,
    pub(crate) role: Option<String>,
    pub(crate) organization: Option<String>,
    /// Language codes the person gives interviews in.
    #[serde(default, deserialize_with = "list")]
    pub(crate) languages: Vec<String>,
    /// Available for interview requests.
    #[serde(default, deserialize_with = "yes_no")]
    pub(crate) interviews: bool,
    /// Path under `media/` (or, as sites made before media/ did, under `static/`).
    pub(crate) photo: Option<String>,
    /// What the photo shows; the person's name when not given.
    pub(crate) photo_alt: Option<String>,
    pub(crate) photo_credit: Option<String>,
    #[serde(default)]
    pub(crate) extra: Extra,
}

impl Person {
    /// Their role and organisation, joined by `comma` ("Executive Director, The Syria
    /// Campaign"), as pages, cards and press kits name them; empty if neither is given.
    pub(crate) fn role_line(&self, comma: &str) -> String {
        [self.role.as_deref(), self.organization.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(comma)
    }
}

/// A free page (about, contact).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Page {
    pub(crate) title: String,
    /// Template name without `.html`; `page` when absent.
    pub(crate) template: Option<String>,
    #[serde(default)]
    pub(crate) extra: Extra,
}

/// A list, also when written as text with commas: `tags: press freedom, syria` is
/// `[press freedom, syria]`, as whoever wrote it meant.
fn list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum ListOrText {
        List(Vec<String>),
        Text(String),
    }
    Ok(match ListOrText::deserialize(deserializer)? {
        ListOrText::List(items) => items,
        ListOrText::Text(text) => text
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect(),
    })
}

/// true or false, also written `yes`/`no`, `on`/`off` (which YAML 1.1 read as such, and
/// people still write).
fn yes_no<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum BoolOrText {
        Bool(bool),
        Text(String),
    }
    match BoolOrText::deserialize(deserializer)? {
        BoolOrText::Bool(b) => Ok(b),
        BoolOrText::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
            "yes" | "on" | "true" | "y" => Ok(true),
            "no" | "off" | "false" | "n" => Ok(false),
            _ => Err(serde::de::Error::custom(format!(
                "`{t}` is neither true nor false, expected a boolean"
            ))),
        },
    }
}

/// The front matter values shown again on other pages (cards, lists, feeds, quotes),
/// each of which must stay within [`crate::limits::SHORT_TEXT`].
pub(crate) trait Repeated {
    fn repeated(&self) -> Vec<(&'static str, &str)>;

    /// The values that must say something: a title, a name.
    fn required(&self) -> Vec<(&'static str, &str)> {
        Vec::new()
    }
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
        texts.extend(
            self.corrections
                .iter()
                .map(|c| ("corrections", c.text.as_str())),
        );
        for (key, picture) in self
            .image
            .as_deref()
            .map(|i| ("image", i))
            .into_iter()
            .chain(self.images.iter().map(|i| ("images", i)))
        {
            texts.push((key, picture.alt.as_str()));
            for value in [&picture.caption, &picture.credit, &picture.licence] {
                texts.extend(value.as_deref().map(|v| (key, v)));
            }
        }
        texts
    }

    fn required(&self) -> Vec<(&'static str, &str)> {
        vec![("title", self.title.as_str())]
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

    fn required(&self) -> Vec<(&'static str, &str)> {
        vec![("name", self.name.as_str())]
    }
}

impl Repeated for Page {
    fn repeated(&self) -> Vec<(&'static str, &str)> {
        vec![("title", self.title.as_str())]
    }

    fn required(&self) -> Vec<(&'static str, &str)> {
        vec![("title", self.title.as_str())]
    }
}

/// The keys a front matter type takes, read from its `Deserialize` (serde hands the
/// struct's field names to the deserializer), so the list can never drift from the type.
pub(crate) fn fields<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    struct Fields(Option<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl serde::de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> Deserializer<'de> for &mut Fields {
        type Error = Stop;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = Some(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut found = Fields(None);
    let _ = T::deserialize(&mut found);
    found.0.unwrap_or(&[])
}

/// Free-form front matter under `extra:`, passed to templates as it is.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub(crate) enum Extra {
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
pub(crate) struct PubDate {
    pub(crate) moment: DateTime<FixedOffset>,
    /// Written as `YYYY-MM-DD`, without a time.
    pub(crate) date_only: bool,
}

impl PubDate {
    /// Parses `YYYY-MM-DD` (midnight UTC, until [`PubDate::in_zone`] places it), RFC 3339 with an offset, or a day and time
    /// with an IANA zone name (`2023-06-12 09:00 Europe/Amsterdam`). The error says what
    /// was wrong and, after ` | `, the date rewritten where it can be guessed.
    pub(crate) fn parse(s: &str) -> Result<PubDate, String> {
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
        if let Ok(moment) = DateTime::parse_from_rfc3339(s) {
            return Ok(PubDate {
                moment,
                date_only: false,
            });
        }
        if let Some(moment) = in_zone(s)? {
            return Ok(PubDate {
                moment,
                date_only: false,
            });
        }
        Err(match guess_day(s) {
            Some(fix) => format!("`{s}` is not written as YYYY-MM-DD | write {fix}"),
            None if local_time(s).is_some() => format!(
                "`{s}` has a time but no UTC offset | write the day alone ({}), or the moment \
                 with its offset ({}T{}:00+02:00 for that time at UTC+2) or its zone \
                 ({} Europe/Amsterdam)",
                local_time(s).map(|(d, _)| d).unwrap_or_default(),
                local_time(s).map(|(d, _)| d).unwrap_or_default(),
                local_time(s).map(|(_, t)| t).unwrap_or_default(),
                s
            ),
            None => format!("`{s}` is not a date"),
        })
    }

    /// A date written as a day alone, placed at `time` of that day in `zone` (when the
    /// press office publishes); a date with a time stays as it is.
    pub(crate) fn in_zone(self, zone: chrono_tz::Tz, time: NaiveTime) -> PubDate {
        if !self.date_only {
            return self;
        }
        let local = self.day().and_time(time);
        match zone.from_local_datetime(&local).earliest() {
            Some(moment) => PubDate {
                moment: moment.fixed_offset(),
                date_only: true,
            },
            // The clocks skipped that time: the day's start in the zone, or midnight UTC.
            None => match zone
                .from_local_datetime(&self.day().and_time(NaiveTime::MIN))
                .earliest()
            {
                Some(moment) => PubDate {
                    moment: moment.fixed_offset(),
                    date_only: true,
                },
                None => self,
            },
        }
    }

    /// Whether the date is later than `now`: for a day alone, a later day in the date's
    /// zone (a release dated today is not in the future before its publication hour).
    pub(crate) fn is_after(&self, now: DateTime<FixedOffset>) -> bool {
        if self.date_only {
            self.day() > now.with_timezone(self.moment.offset()).date_naive()
        } else {
            self.moment > now
        }
    }

    /// The calendar day as written (in the date's own offset).
    pub(crate) fn day(&self) -> NaiveDate {
        self.moment.date_naive()
    }
}

/// `2023-06-12 09:00 Europe/Amsterdam` (or with `T`, seconds, any IANA zone name such as
/// `CET`): the moment, at the offset that zone had then. `Ok(None)` when `s` is not of
/// that shape; an error for a zone name that is none, and for a time the clocks skipped
/// or passed twice.
fn in_zone(s: &str) -> Result<Option<DateTime<FixedOffset>>, String> {
    let Some((when, zone)) = s.rsplit_once(' ') else {
        return Ok(None);
    };
    let Some((day, time)) = local_time(when) else {
        return Ok(None);
    };
    let Ok(zone) = zone.parse::<chrono_tz::Tz>() else {
        if zone.chars().any(|c| c.is_ascii_alphabetic()) {
            return Err(format!(
                "`{zone}` is not a time zone pressroom knows | use a zone name such as \
                 Europe/Amsterdam, or write the offset: {day}T{time}:00+02:00"
            ));
        }
        return Ok(None);
    };
    let local = day.and_time(time_of(&time).unwrap_or(NaiveTime::MIN));
    match zone.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => Ok(Some(t.fixed_offset())),
        _ => Err(format!(
            "{day} {time} does not happen once in {zone}: the clocks change then | write \
             the moment with its offset, such as {day}T{time}:00+02:00"
        )),
    }
}

/// The day and the time (`09:00`) of `2023-06-12 09:00`, `2023-06-12T09:00:00` and the
/// like, written without an offset.
fn local_time(s: &str) -> Option<(NaiveDate, String)> {
    let (day, time) = s.split_once(['T', ' '])?;
    let day = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?;
    let t = time_of(time.trim())?;
    Some((day, t.format("%H:%M").to_string()))
}

fn time_of(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
        .ok()
}

/// A day written some other way (`12/06/2023`, `June 12, 2023`, `12 juni 2023` is not
/// guessed), as YYYY-MM-DD: both readings when the day and the month could be swapped.
fn guess_day(s: &str) -> Option<String> {
    let cleaned: String = s
        .replace(['/', '.'], "-")
        .split('-')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("-");
    let parts: Vec<&str> = cleaned.split('-').collect();
    if let [a, b, y] = parts.as_slice()
        && y.len() == 4
        && let (Ok(a), Ok(b), Ok(y)) = (a.parse::<u32>(), b.parse::<u32>(), y.parse::<i32>())
    {
        let day_first = NaiveDate::from_ymd_opt(y, b, a);
        let month_first = NaiveDate::from_ymd_opt(y, a, b);
        return match (day_first, month_first) {
            (Some(d), Some(m)) if d != m => Some(format!(
                "{d} ({} {}) or {m} ({} {})",
                d.format("%-d"),
                d.format("%B"),
                m.format("%-d"),
                m.format("%B")
            )),
            (Some(d), _) | (None, Some(d)) => Some(d.to_string()),
            (None, None) => None,
        };
    }
    // Month names, in English: `June 12, 2023`, `12 June 2023`, `Jun 12th 2023`.
    let plain: String = s
        .replace(',', " ")
        .split_whitespace()
        .map(|w| {
            w.trim_end_matches(|c: char| {
                c.is_ascii_alphabetic() && w.starts_with(|d: char| d.is_ascii_digit())
            })
            .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ");
    ["%B %d %Y", "%d %B %Y", "%Y %B %d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(&plain, f).ok())
        .map(|d| d.to_string())
}

/// How a bad date's message starts, so the reader can point at the `date:` line.
pub(crate) const BAD_DATE: &str = "bad `date`";

/// An exact moment with its UTC offset, such as an embargo's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment(pub DateTime<FixedOffset>);

/// How a bad embargo's message starts.
pub(crate) const BAD_EMBARGO: &str = "bad `embargo`";

pub(crate) const EMBARGO_HINT: &str = "write the moment with its offset, such as 2023-06-12T09:00:00+02:00 \
     (a time without an offset would lift at a different moment in every time zone)";

impl Moment {
    /// Parses RFC 3339 with an offset, or a day and time with an IANA zone name. The
    /// error says what was wrong and, after ` | `, the moment rewritten where it can be.
    pub fn parse(s: &str) -> Result<Moment, String> {
        let s = s.trim();
        if let Ok(m) = DateTime::parse_from_rfc3339(s) {
            return Ok(Moment(m));
        }
        if let Some(m) = in_zone(s)? {
            return Ok(Moment(m));
        }
        if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Err(format!(
                "`{s}` has no time of day and UTC offset | write the moment it lifts, such as \
                 {day}T09:00:00+02:00, or {day} 09:00 Europe/Amsterdam"
            ));
        }
        if let Some((day, time)) = local_time(s) {
            return Err(format!(
                "`{s}` has no UTC offset, so it would lift at a different moment in every \
                 time zone | write {day}T{time}:00+02:00 (for UTC+2), or {day} {time} \
                 Europe/Amsterdam"
            ));
        }
        Err(match guess_day(s) {
            Some(day) => format!(
                "`{s}` is not written as a moment | write it like {}T09:00:00+02:00",
                day.split(' ').next().unwrap_or(&day)
            ),
            None => format!("`{s}` is not a moment"),
        })
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Moment::parse(&text).map_err(|m| serde::de::Error::custom(format!("{BAD_EMBARGO}: {m}")))
    }
}

pub(crate) const DATE_HINT: &str =
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
    fn a_day_alone_is_placed_at_the_publication_time_of_the_zone() {
        let zone: chrono_tz::Tz = "Europe/Amsterdam".parse().unwrap();
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let d = PubDate::parse("2023-06-12").unwrap().in_zone(zone, nine);
        assert_eq!(d.moment.to_rfc3339(), "2023-06-12T09:00:00+02:00");
        assert_eq!(d.day().to_string(), "2023-06-12");
        // A date with its time stays as written.
        let t = PubDate::parse("2023-06-12T18:30:00-04:00").unwrap();
        assert_eq!(t.in_zone(zone, nine), t);
        // Not in the future on its own day, before its publication hour.
        let early = DateTime::parse_from_rfc3339("2023-06-12T05:00:00Z").unwrap();
        assert!(!d.is_after(early));
        assert!(
            PubDate::parse("2023-06-13")
                .unwrap()
                .in_zone(zone, nine)
                .is_after(early)
        );
    }

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
