//! What a page says about itself to the apps a link is shared in and to search engines:
//! Open Graph and Twitter card properties (the preview WhatsApp, Signal, X or LinkedIn
//! show) and schema.org JSON-LD, made from the views the page shows.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use serde_json::{Value, json};

use super::page::Place;
use super::reader::Fixed;

/// What kind of thing a page is, for Open Graph.
#[derive(Debug, Clone, Default)]
pub(crate) enum Social {
    /// A list, the home page, a free page.
    #[default]
    Website,
    /// A release or a statement.
    Article {
        published: DateTime<FixedOffset>,
        modified: Option<DateTime<FixedOffset>>,
        tags: Vec<String>,
    },
    /// A person's page.
    Profile,
}

/// One `<meta>` element: `attr` is `property` for Open Graph, `name` for Twitter.
#[derive(Debug, Serialize)]
pub(crate) struct MetaTag {
    pub(crate) attr: &'static str,
    pub(crate) key: &'static str,
    pub(crate) content: String,
}

/// The Open Graph and Twitter properties of the page at `place`, titled `title` on a site
/// called `site_name`.
pub(crate) fn tags(fixed: Fixed, place: &Place, site_name: &str) -> Vec<MetaTag> {
    let og = |key, content: String| MetaTag {
        attr: "property",
        key,
        content,
    };
    let mut tags = vec![
        og("og:title", place.title.to_string()),
        og("og:site_name", site_name.to_string()),
    ];
    if let Some(d) = place.description.map(str::trim).filter(|d| !d.is_empty()) {
        tags.push(og("og:description", d.to_string()));
    }
    if !place.anywhere {
        tags.push(og("og:url", fixed.url(place.lang, place.route)));
    }
    let locale = |code: &str| fixed.language(code).locale.replace('-', "_");
    tags.push(og("og:locale", locale(place.lang)));
    for other in place.available.iter().filter(|l| **l != place.lang) {
        tags.push(og("og:locale:alternate", locale(other)));
    }
    match &place.social {
        Social::Website => tags.push(og("og:type", "website".into())),
        Social::Profile => tags.push(og("og:type", "profile".into())),
        Social::Article {
            published,
            modified,
            tags: topics,
        } => {
            tags.push(og("og:type", "article".into()));
            tags.push(og("article:published_time", published.to_rfc3339()));
            if let Some(m) = modified {
                tags.push(og("article:modified_time", m.to_rfc3339()));
            }
            for t in topics {
                tags.push(og("article:tag", t.clone()));
            }
        }
    }
    let twitter = |key, content: String| MetaTag {
        attr: "name",
        key,
        content,
    };
    match &place.card {
        Some((url, alt)) => {
            tags.push(og("og:image", url.clone()));
            tags.push(og("og:image:type", "image/png".into()));
            tags.push(og("og:image:width", crate::cards::WIDTH.to_string()));
            tags.push(og("og:image:height", crate::cards::HEIGHT.to_string()));
            tags.push(og("og:image:alt", alt.clone()));
            tags.push(twitter("twitter:card", "summary_large_image".into()));
            tags.push(twitter("twitter:image", url.clone()));
            tags.push(twitter("twitter:image:alt", alt.clone()));
        }
        None => tags.push(twitter("twitter:card", "summary".into())),
    }
    tags
}

/// JSON for a `<script type="application/ld+json">` element: every character that could
/// end the element or start markup (`<`, `>`, `&`) and the line separators JavaScript
/// once refused are written as escapes, which JSON reads back as the same characters.
pub(crate) fn script_json(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The press office as schema.org knows it, in `lang`: its name, home page and logo.
pub(crate) fn organization(site: Fixed, lang: &str) -> Value {
    let mut office = json!({
        "@type": "Organization",
        "name": site.language(lang).title,
        "url": site.url(lang, ""),
    });
    if let Some(logo) = &site.config().logo {
        office["logo"] = json!({ "@type": "ImageObject", "url": site.asset_url(logo.target()) });
    }
    office
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_end_its_element_and_reads_back_the_same() {
        let value = json!({ "text": "</script><script>alert(1)</script> & \u{2028} <!--" });
        let written = script_json(&value);
        assert!(!written.contains('<') && !written.contains('>') && !written.contains('&'));
        let back: Value = serde_json::from_str(&written).unwrap();
        assert_eq!(back, value);
    }
}
