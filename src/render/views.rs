//! The views of documents every output shares: a release card, a quote with its speaker,
//! a person, a feed entry. Pages, feeds and the coming outputs make them here, so a
//! release has one URL, one date format and one feed id wherever it appears. A view many
//! pages show in its own language is made once per render, with its reads kept and
//! replayed into each job that shows it.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Value};

use super::reader::Log;
use super::{Cx, Renderer, value};
use crate::config::Direction;
use crate::content::Kind;
use crate::content::model::{self, Extra, PubDate};
use crate::error::Diagnostic;
use crate::site::Id;

/// A release as a feed entry: the theme's partial, which includes the release body as its
/// page shows it.
const FEED_RELEASE: &str = "partials/feed_release.html";
/// A statement as an entry of its speaker's feed.
const FEED_STATEMENT: &str = "partials/feed_statement.html";
/// A release as one HTML file of its press kit, needing nothing beside it.
const KIT_RELEASE: &str = "press_kit_release.html";

/// A release as lists show it.
#[derive(Serialize)]
struct ReleaseCard<'a> {
    slug: &'a str,
    title: &'a str,
    subtitle: Option<&'a str>,
    summary: Option<&'a str>,
    location: Option<&'a str>,
    url: &'a str,
    date: String,
    date_iso: String,
    lang: &'a str,
    dir: Direction,
    fallback: bool,
    extra: &'a Extra,
    /// When it was last changed in substance (`updated:`), in the page's language.
    updated: Option<String>,
    updated_iso: Option<String>,
    corrections: Vec<CorrectionView<'a>>,
}

/// A correction of a release, dated in the page's language.
#[derive(Serialize)]
struct CorrectionView<'a> {
    date: String,
    date_iso: String,
    text: &'a str,
}

/// A link to a person, as a quote names its speaker.
#[derive(Serialize)]
pub(crate) struct PersonLink<'a> {
    name: &'a str,
    pub(crate) url: &'a str,
    lang: &'a str,
    dir: Direction,
}

/// A statement as release and person pages quote it.
#[derive(Serialize)]
pub(crate) struct Quote<'a> {
    slug: &'a str,
    url: &'a str,
    body: Cow<'a, str>,
    intro: Option<&'a str>,
    /// Between the speaker's name and the intro, in the statement's language.
    separator: &'a str,
    pub(crate) person: PersonLink<'a>,
    date: Option<String>,
    date_iso: Option<String>,
    lang: &'a str,
    dir: Direction,
    /// Shown in another language because this one has no translation.
    fallback: bool,
    extra: &'a Extra,
}

impl Quote<'_> {
    /// The speaker's name.
    pub(crate) fn speaker(&self) -> &str {
        self.person.name
    }
}

/// A value offered in a form or list: `value` is what is sent, `label` what is shown.
#[derive(Serialize)]
pub(crate) struct Choice {
    pub(crate) value: String,
    pub(crate) label: String,
}

/// A person as the people list and their own page show them.
#[derive(Serialize)]
pub(crate) struct PersonView<'a> {
    slug: &'a str,
    name: &'a str,
    role: Option<&'a str>,
    organization: Option<&'a str>,
    bio: Cow<'a, str>,
    url: &'a str,
    /// Interview languages: `value` is the code, `label` the endonym (or the code for a
    /// language the site is not written in).
    languages: Vec<Choice>,
    interviews: bool,
    /// The photo's URL (for themes made before `picture`).
    photo: Option<String>,
    /// The photo from media/, in its sizes; `None` for one still in static/.
    picture: Option<PictureView<'a>>,
    lang: &'a str,
    dir: Direction,
    fallback: bool,
    extra: &'a Extra,
}

/// A picture as pages show it: its sizes for `srcset`, its size for `width` and
/// `height` (so nothing moves as it loads), and the full size to download.
#[derive(Serialize)]
pub(crate) struct PictureView<'p> {
    /// The widest size for pages, in the original's format, for browsers without
    /// `srcset`.
    src: String,
    /// Every size for pages in the original's format, and in WebP (empty for a WebP
    /// original, whose `srcset` is WebP already).
    srcset: String,
    webp_srcset: String,
    /// The content type of `src`.
    mime: &'static str,
    width: u32,
    height: u32,
    alt: &'p str,
    caption: Option<&'p str>,
    credit: Option<&'p str>,
    licence: Option<&'p str>,
    /// The full size, without metadata, and its size.
    download: String,
    download_width: u32,
    download_height: u32,
    /// The language of its words when it is not the page's (a translation showing the
    /// pictures of the release it translates), and its direction.
    lang: Option<&'p str>,
    dir: Option<Direction>,
}

/// A named link.
#[derive(Serialize)]
pub(crate) struct Link {
    pub(crate) name: String,
    pub(crate) url: String,
}

/// A release or statement as feeds carry it: the full text with absolute URLs, and an id
/// that stays the same when it is edited.
pub(crate) struct FeedEntry {
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) id: String,
    /// The release's date, or the moment its embargo lifted.
    pub(crate) date: chrono::DateTime<chrono::FixedOffset>,
    /// When it was last changed: its `updated:` or its latest correction.
    pub(crate) modified: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Plain text, trimmed.
    pub(crate) summary: Option<String>,
    /// HTML, from the theme's `partials/feed_release.html` or `feed_statement.html`.
    pub(crate) content: String,
    pub(crate) tags: Vec<String>,
    /// The people quoted: their names and pages.
    pub(crate) contributors: Vec<(String, String)>,
    /// The language of the entry.
    pub(crate) lang: String,
}

/// Views made once per render, by document.
pub(crate) struct Cache {
    /// Release cards in their own language.
    cards: Vec<OnceLock<(Value, Log)>>,
    /// The HTML of releases as feed entries (a release is in its language's feed and in
    /// the feed of each of its tags), or the problem rendering it.
    entries: Vec<OnceLock<(Result<String, Diagnostic>, Log)>>,
    /// The PDFs of releases (its own output, and in the press kit), or the problem
    /// typesetting one.
    pdfs: Vec<OnceLock<(Made<Vec<u8>>, Log)>>,
}

/// What a view made once per render: its bytes or text, or the problem making it.
type Made<T> = Result<T, Diagnostic>;

impl Cache {
    pub(super) fn new(site: &crate::site::Site) -> Cache {
        Cache {
            cards: (0..site.count::<model::Release>())
                .map(|_| OnceLock::new())
                .collect(),
            entries: (0..site.count::<model::Release>())
                .map(|_| OnceLock::new())
                .collect(),
            pdfs: (0..site.count::<model::Release>())
                .map(|_| OnceLock::new())
                .collect(),
        }
    }
}

impl Renderer<'_> {
    /// A view from `cell`, made the first time with a record of its own; its reads are
    /// added to `cx`'s record every time.
    fn shared_view(
        &self,
        cx: &Cx,
        cell: &OnceLock<(Value, Log)>,
        make: impl FnOnce(&Cx) -> Value,
    ) -> Value {
        let (view, reads) = cell.get_or_init(|| {
            let own = cx.fresh();
            let view = make(&own);
            (view, own.into_log())
        });
        cx.replay(reads);
        view.clone()
    }
}

/// What an interview request is about, as the contact page's link carries it.
pub(crate) enum About<'a> {
    /// A release, by its title.
    Release(&'a str),
    /// A person, by their slug.
    Person(&'a str),
}

/// Characters escaped in a `mailto:` subject or body (RFC 6068): everything but
/// unreserved characters.
const MAILTO: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `text` percent-encoded for a `mailto:` subject or body.
pub(crate) fn mailto_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, MAILTO).to_string()
}

impl Cx<'_> {
    /// A `mailto:` link to the press address asking for an interview about `about` (a
    /// release's title, a person's name), with a subject and a short body to fill in, in
    /// `lang`; `None` when site.toml gives no press address.
    pub(crate) fn interview_mailto(
        &self,
        lang: &str,
        subject_key: &str,
        about: &str,
    ) -> Option<String> {
        let email = &self.site().config().contact.email;
        if email.is_empty() {
            return None;
        }
        let i18n = self.i18n();
        let subject = i18n.text(lang, subject_key).replace("{about}", about);
        let body = i18n.text(lang, "interview_body").replace("{about}", about);
        Some(format!(
            "mailto:{email}?subject={}&body={}",
            mailto_encode(&subject),
            mailto_encode(&body)
        ))
    }

    /// The URL of a picture's widest size for pages, in its own format.
    pub(crate) fn picture_src(&self, picture: &crate::media::Picture) -> String {
        let widest = picture.widths().last().copied().unwrap_or(picture.width);
        self.site().asset_url(&picture.file(widest, picture.format))
    }

    /// The picture at `src` under media/ as pages show it; `None` when it is not there
    /// (a photo still in static/).
    pub(crate) fn picture_view<'p>(
        &self,
        src: &str,
        alt: &'p str,
        caption: Option<&'p str>,
        credit: Option<&'p str>,
        licence: Option<&'p str>,
    ) -> Option<PictureView<'p>> {
        let picture = self.picture(src)?;
        let site = self.site();
        let srcset = |format: crate::media::Format| {
            picture
                .widths()
                .iter()
                .map(|w| format!("{} {w}w", site.asset_url(&picture.file(*w, format))))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let fallback = picture.format;
        let widest = picture.widths().last().copied().unwrap_or(picture.width);
        Some(PictureView {
            src: self.picture_src(picture),
            srcset: srcset(fallback),
            webp_srcset: if fallback == crate::media::Format::Webp {
                String::new()
            } else {
                srcset(crate::media::Format::Webp)
            },
            mime: fallback.mime(),
            width: widest,
            height: picture.height_at(widest),
            alt,
            caption,
            credit,
            licence,
            download: site.asset_url(&picture.file(picture.width, fallback)),
            download_width: picture.width,
            download_height: picture.height,
            lang: None,
            dir: None,
        })
    }

    /// The pictures of release `id` as pages show them: its top picture and its gallery.
    /// A translation without pictures of its own shows those of the release in the
    /// default language, marked as in that language.
    pub(crate) fn release_pictures(
        &self,
        id: Id<model::Release>,
    ) -> (Option<PictureView<'_>>, Vec<PictureView<'_>>) {
        let doc = self.get(id);
        let default = &self.site().config().default_language;
        let (from, lang) = if doc.meta.pictures().next().is_none() && doc.lang != *default {
            match self.find::<model::Release>(&doc.slug, default) {
                Some(original) => (self.get(original), Some(default.as_str())),
                None => (doc, None),
            }
        } else {
            (doc, None)
        };
        let top = from
            .meta
            .image
            .as_ref()
            .and_then(|i| self.image_view(i, lang));
        let gallery = from
            .meta
            .images
            .iter()
            .filter_map(|i| self.image_view(i, lang))
            .collect();
        (top, gallery)
    }

    /// A picture of a release's front matter as pages show it, its words in `lang` when
    /// that is not the page's.
    fn image_view<'p>(
        &self,
        image: &'p model::Image,
        lang: Option<&'p str>,
    ) -> Option<PictureView<'p>> {
        let mut view = self.picture_view(
            &image.src,
            &image.alt,
            image.caption.as_deref(),
            image.credit.as_deref(),
            image.licence.as_deref(),
        )?;
        view.lang = lang;
        view.dir = lang.map(|l| self.language(l).direction);
        Some(view)
    }

    /// The link to `lang`'s contact page for a request about a release or a person:
    /// `?regarding=<title>` or `?person=<slug>`, which the page's script fills into the
    /// form (without a script the form opens as it always does). `None` when the site has
    /// no contact page in `lang`.
    pub(crate) fn interview_contact(&self, lang: &str, about: About) -> Option<String> {
        let (id, _) = self.resolve::<model::Page>("contact", lang)?;
        let (key, value) = match about {
            About::Release(title) => ("regarding", title),
            About::Person(slug) => ("person", slug),
        };
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair(key, value)
            .finish();
        Some(format!("{}?{query}", self.url(id)))
    }

    /// A date in `lang`, and as ISO 8601.
    pub(crate) fn date(&self, lang: &str, date: &PubDate) -> (String, String) {
        let iso = if date.date_only {
            date.day().to_string()
        } else {
            date.moment.to_rfc3339()
        };
        (self.i18n().format_date(lang, date.day()), iso)
    }

    /// "EMBARGOED UNTIL 12 June 2023 at 09:00 (UTC+02:00) · 12 June 2023 at 07:00 (UTC)"
    /// in `lang`, in the site's zone and in UTC, for an item of a preview whose embargo
    /// has not lifted.
    pub(crate) fn embargo_notice(&self, kind: Kind, slug: &str, lang: &str) -> Option<String> {
        let until = self.pending_embargo(kind, slug)?;
        // In the press office's zone, and in UTC for journalists elsewhere.
        let zone = self.site().config().timezone;
        let local = until.with_timezone(&zone).fixed_offset();
        let mut moment = self.i18n().format_moment(lang, local);
        if local.offset().local_minus_utc() != 0 {
            let utc = until.with_timezone(&chrono::Utc).fixed_offset();
            moment = format!("{moment} · {}", self.i18n().format_moment(lang, utc));
        }
        Some(
            self.i18n()
                .text(lang, "embargoed_until")
                .replace("{moment}", &moment),
        )
    }

    /// A release as it appears in lists; dates are written in the page's language.
    pub(crate) fn card(&self, id: Id<model::Release>, page_lang: &str) -> Value {
        let r = self.renderer;
        if self.get(id).lang != page_lang {
            return value(&self.card_view(id, page_lang));
        }
        r.shared_view(self, &r.views.cards[id.slot()], |cx| {
            value(&cx.card_view(id, page_lang))
        })
    }

    fn card_view(&self, id: Id<model::Release>, page_lang: &str) -> ReleaseCard<'_> {
        let doc = self.get(id);
        let (date, date_iso) = self.date(page_lang, &doc.meta.date);
        let updated = doc.meta.updated.as_ref().map(|u| self.date(page_lang, u));
        ReleaseCard {
            slug: &doc.slug,
            title: &doc.meta.title,
            subtitle: doc.meta.subtitle.as_deref(),
            summary: doc.meta.summary.as_deref(),
            location: doc.meta.location.as_deref(),
            url: &doc.url,
            date,
            date_iso,
            lang: &doc.lang,
            dir: self.language(&doc.lang).direction,
            fallback: doc.lang != page_lang,
            extra: &doc.meta.extra,
            updated: updated.as_ref().map(|u| u.0.clone()),
            updated_iso: updated.map(|u| u.1),
            corrections: doc
                .meta
                .corrections
                .iter()
                .map(|c| {
                    let (date, date_iso) = self.date(page_lang, &c.date);
                    CorrectionView {
                        date,
                        date_iso,
                        text: &c.text,
                    }
                })
                .collect(),
        }
    }

    /// A statement as release and person pages quote it. Made on every use, not kept:
    /// 24,000 statements kept as template values were 45 MB of the 193 MB peak heap at
    /// 2,000 releases in 4 languages, and making one again costs little.
    pub(crate) fn quote(&self, id: Id<model::Statement>, page_lang: &str, fallback: bool) -> Value {
        value(&self.quote_view(id, page_lang, fallback))
    }

    pub(crate) fn quote_view(
        &self,
        id: Id<model::Statement>,
        page_lang: &str,
        fallback: bool,
    ) -> Quote<'_> {
        let doc = self.get(id);
        let Some((pid, _)) = self.resolve::<model::Person>(&doc.meta.person, page_lang) else {
            unreachable!("statement people are checked when the site is built")
        };
        let p = self.get(pid);
        let dates = doc.meta.date.as_ref().map(|d| self.date(page_lang, d));
        Quote {
            slug: &doc.slug,
            url: &doc.url,
            body: self.body_html(id),
            intro: doc.meta.intro.as_deref(),
            separator: self.i18n().text(&doc.lang, "comma"),
            person: PersonLink {
                name: &p.meta.name,
                url: &p.url,
                lang: &p.lang,
                dir: self.language(&p.lang).direction,
            },
            date: dates.as_ref().map(|d| d.0.clone()),
            date_iso: dates.map(|d| d.1),
            lang: &doc.lang,
            dir: self.language(&doc.lang).direction,
            fallback,
            extra: &doc.meta.extra,
        }
    }

    /// A person, with their bio.
    pub(crate) fn person(&self, id: Id<model::Person>, fallback: bool) -> PersonView<'_> {
        let doc = self.get(id);
        let config = self.site().config();
        let languages = doc
            .meta
            .languages
            .iter()
            .map(|code| Choice {
                value: code.clone(),
                label: config
                    .language(code)
                    .map(|l| l.name.clone())
                    .unwrap_or_else(|| code.clone()),
            })
            .collect();
        PersonView {
            slug: &doc.slug,
            name: &doc.meta.name,
            role: doc.meta.role.as_deref(),
            organization: doc.meta.organization.as_deref(),
            bio: self.body_html(id),
            url: &doc.url,
            languages,
            interviews: doc.meta.interviews,
            photo: doc.meta.photo.as_deref().map(|p| match self.picture(p) {
                Some(picture) => self.picture_src(picture),
                None => self.site().asset_url(p),
            }),
            picture: doc.meta.photo.as_deref().and_then(|src| {
                let alt = doc.meta.photo_alt.as_deref().unwrap_or(&doc.meta.name);
                self.picture_view(src, alt, None, doc.meta.photo_credit.as_deref(), None)
            }),
            lang: &doc.lang,
            dir: self.language(&doc.lang).direction,
            fallback,
            extra: &doc.meta.extra,
        }
    }

    /// Everyone, in `lang` where translated (`only_interviews`: those available for
    /// interviews).
    pub(crate) fn people(&self, lang: &str, only_interviews: bool) -> Vec<PersonView<'_>> {
        self.people_slugs()
            .iter()
            .filter_map(|s| self.resolve::<model::Person>(s, lang))
            .filter(|(id, _)| !only_interviews || self.get(*id).meta.interviews)
            .map(|(id, fallback)| self.person(id, fallback))
            .collect()
    }

    /// The body of a release with its statements in place, as the release page shows it
    /// and its feed entry carries it: `body_before`, `statements`, `body_after`.
    pub(crate) fn release_body(&self, id: Id<model::Release>, ctx: &mut Context) {
        self.release_body_with(id, ctx, |_| true);
    }

    /// As [`Cx::release_body`], with only the statements whose slug `keep` accepts.
    pub(crate) fn release_body_with(
        &self,
        id: Id<model::Release>,
        ctx: &mut Context,
        keep: impl Fn(&str) -> bool,
    ) {
        let doc = self.get(id);
        let pieces = self.body(id);
        let statements: Vec<Value> = doc
            .meta
            .statements
            .iter()
            .filter(|s| keep(s))
            .filter_map(|s| self.resolve::<model::Statement>(s, &doc.lang))
            .map(|(sid, fallback)| self.quote(sid, &doc.lang, fallback))
            .collect();
        ctx.insert(
            "body_before",
            pieces.first().map(String::as_str).unwrap_or(""),
        );
        ctx.insert("body_after", &pieces.get(1));
        ctx.insert("statements", &statements);
    }

    /// A release as feeds carry it, dated `date`: the dateline, the text with its
    /// statements, the "About" boilerplate and the media contact, from the theme's
    /// `partials/feed_release.html`. `feed`: the feed file, for errors.
    pub(crate) fn feed_entry(
        &self,
        id: Id<model::Release>,
        date: chrono::DateTime<chrono::FixedOffset>,
        feed: &str,
    ) -> Result<FeedEntry, Diagnostic> {
        let doc = self.get(id);
        let config = self.site().config();
        let content = self.entry_html(id, feed)?;
        let mut contributors: Vec<(String, String)> = Vec::new();
        for slug in &doc.meta.statements {
            let Some((sid, _)) = self.resolve::<model::Statement>(slug, &doc.lang) else {
                continue;
            };
            let speaker = &self.get(sid).meta.person;
            if let Some((pid, _)) = self.resolve::<model::Person>(speaker, &doc.lang) {
                let p = self.get(pid);
                if !contributors.iter().any(|(_, url)| *url == p.url) {
                    contributors.push((p.meta.name.clone(), p.url.clone()));
                }
            }
        }
        Ok(FeedEntry {
            title: doc.meta.title.clone(),
            url: doc.url.clone(),
            id: doc.meta.id.clone().unwrap_or_else(|| {
                derived_id(
                    &config.base_url,
                    &doc.meta.date.day().to_string(),
                    Some(doc.lang.as_str()).filter(|l| !config.is_default(l)),
                    &format!("releases/{}", doc.slug),
                )
            }),
            date,
            modified: doc.meta.modified(),
            summary: doc
                .meta
                .summary
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            content,
            tags: doc.meta.tags.clone(),
            contributors,
            lang: doc.lang.clone(),
        })
    }

    /// The releases quoting statement `id`, newest first, in `lang` where translated.
    pub(crate) fn quoting(&self, id: Id<model::Statement>, lang: &str) -> Vec<Id<model::Release>> {
        self.quoted_in(&self.get(id).slug)
            .iter()
            .filter_map(|s| self.resolve::<model::Release>(s, lang))
            .map(|(rid, _)| rid)
            .collect()
    }

    /// The date of statement `id`: its own, else that of the newest release quoting it
    /// (`quoting`, from [`Cx::quoting`]), as the site dates a person's statements.
    pub(crate) fn statement_date(
        &self,
        id: Id<model::Statement>,
        quoting: &[Id<model::Release>],
    ) -> Option<PubDate> {
        self.get(id)
            .meta
            .date
            .or_else(|| quoting.first().map(|r| self.get(*r).meta.date))
    }

    /// A statement as a person's feed carries it in `lang`: the quote in full, who said
    /// it, and links to the releases quoting it and to its own page, from the theme's
    /// `partials/feed_statement.html`. `None` for a statement with no date of its own
    /// that no release quotes: a feed entry needs a date.
    pub(crate) fn statement_entry(
        &self,
        id: Id<model::Statement>,
        lang: &str,
        fallback: bool,
        feed: &str,
    ) -> Result<Option<FeedEntry>, Diagnostic> {
        let doc = self.get(id);
        let config = self.site().config();
        let releases = self.quoting(id, lang);
        let Some(date) = self.statement_date(id, &releases) else {
            return Ok(None);
        };
        let quote = self.quote_view(id, lang, fallback);
        let title = match releases.first() {
            Some(r) => format!(
                "{}{}{}",
                quote.speaker(),
                self.i18n().text(lang, "colon"),
                self.get(*r).meta.title
            ),
            None => format!(
                "{}{}{}",
                quote.speaker(),
                self.i18n().text(lang, "comma"),
                self.i18n().text(lang, "statement")
            ),
        };
        let contributors = vec![(quote.speaker().to_string(), quote.person.url.to_string())];
        let mut ctx = self.fragment_context(lang);
        ctx.insert("statement", &quote);
        let cards: Vec<Value> = releases.iter().map(|r| self.card(*r, lang)).collect();
        ctx.insert("releases", &cards);
        let content = self.render_fragment(FEED_STATEMENT, &ctx, feed)?;
        Ok(Some(FeedEntry {
            title,
            url: doc.url.clone(),
            id: derived_id(
                &config.base_url,
                &date.day().to_string(),
                Some(doc.lang.as_str()).filter(|l| !config.is_default(l)),
                &format!("statements/{}", doc.slug),
            ),
            date: date.moment,
            modified: None,
            summary: None,
            content,
            tags: Vec::new(),
            contributors,
            lang: doc.lang.clone(),
        }))
    }

    /// What every feed entry's template gets: the UI strings, the language and the site of
    /// `lang`.
    /// A release as its press kit carries it: one HTML file that needs nothing beside
    /// it, from the theme's `press_kit_release.html` (the feed entry's text under a
    /// headline, with a style of its own). `kit`: the kit's file, for errors.
    pub(crate) fn kit_release(
        &self,
        id: Id<model::Release>,
        kit: &str,
    ) -> Result<String, Diagnostic> {
        let doc = self.get(id);
        let mut ctx = self.fragment_context(&doc.lang);
        ctx.insert("release", &self.card(id, &doc.lang));
        self.release_body(id, &mut ctx);
        self.render_fragment(KIT_RELEASE, &ctx, kit)
    }

    /// The release `id` as feeds carry it (`partials/feed_release.html`): the dateline,
    /// the text with its statements, `###`, the "About" boilerplate and the media contact.
    /// Made once per render, with its reads kept for every feed that carries it (its
    /// language's, its tags', its people's); feeds carry only the newest releases, so
    /// this holds at most `feed_limit` per feed. `file`: the output file, for errors.
    pub(crate) fn entry_html(
        &self,
        id: Id<model::Release>,
        file: &str,
    ) -> Result<String, Diagnostic> {
        let cell = &self.renderer.views.entries[id.slot()];
        let (content, reads) = cell.get_or_init(|| {
            let own = self.fresh();
            let content = own.make_entry_html(id, file);
            (content, own.into_log())
        });
        self.replay(reads);
        content.clone()
    }

    /// As [`Cx::entry_html`], for an output that is not a feed (a release's PDF): the
    /// kept HTML when a feed has made it, else made for this output alone. Every release
    /// has a PDF; keeping each one's HTML would hold the text of the whole archive until
    /// the render ends.
    pub(crate) fn entry_html_once(
        &self,
        id: Id<model::Release>,
        file: &str,
    ) -> Result<String, Diagnostic> {
        match self.renderer.views.entries[id.slot()].get() {
            Some((content, reads)) => {
                self.replay(reads);
                content.clone()
            }
            None => self.make_entry_html(id, file),
        }
    }

    fn make_entry_html(&self, id: Id<model::Release>, file: &str) -> Result<String, Diagnostic> {
        let doc = self.get(id);
        let mut ctx = self.fragment_context(&doc.lang);
        ctx.insert("release", &self.card(id, &doc.lang));
        self.release_body(id, &mut ctx);
        self.render_fragment(FEED_RELEASE, &ctx, file)
    }

    /// The PDF of release `id`, made by `make` for the outputs that carry it (its own
    /// file, the press kit). When the build keeps a cache on disk, each is made there once
    /// and the kit reads it back, so the build does not hold every PDF of the archive
    /// until the kits run (3 GB at 10,000 releases). Without one (`serve` and `check`
    /// keep none, nor a build whose cache folder is a link), it is kept for the rest of
    /// the render with its reads.
    ///
    /// A job never waits for another to make it: Typst lays out on the rendering threads
    /// too, and a thread waiting inside Typst may take up the job that would wait for it,
    /// which would never end. Two jobs asking at the same moment both make it (the same
    /// bytes); the PDFs are planned before the kits, so that is rare.
    pub(crate) fn pdf(
        &self,
        id: Id<model::Release>,
        make: impl FnOnce(&Cx) -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<Vec<u8>, Diagnostic> {
        if self.pdf_cache().is_some() && self.keeps_cache() {
            return make(self);
        }
        let cell = &self.renderer.views.pdfs[id.slot()];
        if cell.get().is_none() {
            let own = self.fresh();
            let pdf = make(&own);
            // Another job may have kept its own meanwhile: the same bytes.
            let _ = cell.set((pdf, own.into_log()));
        }
        let (pdf, reads) = cell.get().expect("set above");
        self.replay(reads);
        pdf.clone()
    }

    /// Whether release `id` gets a PDF: not when it is longer than a PDF takes
    /// (`pdf::too_long`).
    pub(crate) fn has_pdf(&self, id: Id<model::Release>) -> bool {
        let doc = self.get(id);
        crate::pdf::too_long(doc, |slug| {
            self.resolve::<model::Statement>(slug, &doc.lang)
                .map(|(s, _)| self.get(s).body_bytes)
        })
        .is_none()
    }

    /// What the PDF of release `id` lays out, as the JSON its template reads
    /// (`templates/release.typ`): its language and direction, the letterhead, the
    /// embargo line of a preview, the headline and subtitle, the labels of the page, and
    /// the release as feeds carry it, as a tree of elements (`pdf::tree`).
    pub(crate) fn pdf_data(
        &self,
        id: Id<model::Release>,
        file: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let doc = self.get(id);
        let lang = doc.lang.as_str();
        let i18n = self.i18n();
        let body = crate::pdf::tree::tree(&self.entry_html_once(id, file)?);
        let data = serde_json::json!({
            "lang": crate::pdf::tree::language(lang).unwrap_or_else(|| "und".into()),
            "dir": self.language(lang).direction,
            "site": self.site().language(lang).title,
            "kicker": i18n.text(lang, "press_release"),
            "embargo": self.embargo_notice(Kind::Release, &doc.slug, lang),
            "headline": doc.meta.title,
            "subtitle": doc.meta.subtitle.as_deref().map(str::trim).filter(|s| !s.is_empty()),
            "url": doc.url,
            "page": i18n.text(lang, "pdf_page"),
            "body": body,
        });
        Ok(serde_json::to_vec(&data).expect("JSON of strings"))
    }

    /// The context of HTML that is not a page of the site (a feed entry, a kit's file, a
    /// search record): the language, the site and the UI strings, no navigation.
    pub(crate) fn fragment_context(&self, lang: &str) -> Context {
        let mut ctx = Context::new();
        let shared = &self.renderer.shared[lang];
        self.replay(&shared.reads);
        ctx.insert_value("t", shared.t.clone());
        ctx.insert_value("lang", shared.lang.clone());
        ctx.insert_value("site", shared.site.clone());
        ctx
    }

    /// `template` rendered with `ctx`; `file` is what it is for, for errors.
    pub(crate) fn render_fragment(
        &self,
        template: &str,
        ctx: &Context,
        file: &str,
    ) -> Result<String, Diagnostic> {
        let templates = self.renderer.templates;
        #[cfg(test)]
        super::page::seen(template, ctx);
        templates
            .tera
            .render(template, ctx)
            .map_err(|e| templates.diagnostic(&e, file))
    }
}

/// `tag:press.example.org,2023-06-12:releases/icj-case` (RFC 4151), with the language of
/// a translation (`ar/releases/icj-case`): it changes only if the host, the date, the
/// language or the slug does. `path` is written out by the caller, never made from a
/// route: a feed id must not change if URLs do.
fn derived_id(base_url: &str, day: &str, lang: Option<&str>, path: &str) -> String {
    let host = crate::config::host_of(base_url).unwrap_or_default();
    match lang {
        None => format!("tag:{host},{day}:{path}"),
        Some(lang) => format!("tag:{host},{day}:{lang}/{path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::derived_id;

    #[test]
    fn derived_ids_depend_on_host_date_slug_and_language_only() {
        assert_eq!(
            derived_id(
                "https://press.example.org:8443/sub",
                "2023-06-12",
                None,
                "releases/icj"
            ),
            "tag:press.example.org,2023-06-12:releases/icj"
        );
        assert_eq!(
            derived_id(
                "https://press.example.org",
                "2023-06-12",
                Some("ar"),
                "releases/icj"
            ),
            "tag:press.example.org,2023-06-12:ar/releases/icj"
        );
    }
}
