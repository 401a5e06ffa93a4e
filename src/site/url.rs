//! Where things are: the route of every kind of page relative to a language's root, and
//! the absolute URL and output file of a route. Every URL of the site is made here.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::Site;
use crate::config::Config;

/// Characters escaped in a URL path segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/');

impl Site {
    /// The absolute URL of `route` (like `releases/x/`) in `lang`.
    pub(crate) fn url(&self, lang: &str, route: &str) -> String {
        url(&self.config, lang, route)
    }

    /// The address of `route` in `lang` under the site's root, without its host and base
    /// path: `/ar/releases/x/`.
    pub(crate) fn path(&self, lang: &str, route: &str) -> String {
        under("", &self.config, lang, route)
    }

    /// The absolute URL of a file of the site, such as `people/ada.jpg` from static/.
    pub(crate) fn asset_url(&self, path: &str) -> String {
        let mut url = self.config.base_url.clone();
        push_segments(&mut url, path);
        url
    }

    /// The output file of `route` in `lang`, relative to the output folder.
    pub(crate) fn file(&self, lang: &str, route: &str) -> String {
        let mut file = lang_prefix(&self.config, lang).to_string();
        file.push_str(route);
        if route.is_empty() || route.ends_with('/') {
            file.push_str("index.html");
        }
        file
    }
}

/// The absolute URL of `route` in `lang`.
pub(super) fn url(config: &Config, lang: &str, route: &str) -> String {
    under(&config.base_url, config, lang, route)
}

/// `route` in `lang`, after `base`.
fn under(base: &str, config: &Config, lang: &str, route: &str) -> String {
    let mut url = String::with_capacity(base.len() + route.len() + 8);
    url.push_str(base);
    if !config.is_default(lang) {
        push_segments(&mut url, lang);
    }
    push_segments(&mut url, route);
    url
}

/// Appends `/segment` for each segment of `path`, percent-encoded.
fn push_segments(url: &mut String, path: &str) {
    for segment in path.trim_start_matches('/').split('/') {
        url.push('/');
        url.extend(utf8_percent_encode(segment, SEGMENT));
    }
}

/// `ar/` for a language under its own folder, nothing for the default language.
pub(super) fn lang_prefix<'a>(config: &Config, lang: &'a str) -> std::borrow::Cow<'a, str> {
    if config.is_default(lang) {
        "".into()
    } else {
        format!("{lang}/").into()
    }
}

/// Routes of the pages of documents, relative to a language's root. Every other route
/// belongs to the output that makes it (see `outputs/`).
pub(crate) mod route {
    use crate::content::Kind;

    pub(crate) fn item(kind: Kind, slug: &str) -> String {
        match kind {
            Kind::Page => format!("{slug}/"),
            _ => format!("{}/{slug}/", kind.dir()),
        }
    }
}
