//! What a reader's browser is allowed to ask of other hosts: nothing, unless `site.toml`
//! names the host under `[privacy] allow_hosts`. Every image, stylesheet, script, font or
//! frame loaded from another host tells that host who reads the page, so the build refuses
//! them (in templates, static HTML, CSS and SVG, and content), and every page carries a
//! Content-Security-Policy that keeps the browser to the same rule. Plain links to other
//! sites are fine: they only leave when a reader follows them.
//!
//! URLs are found and read as a browser finds and reads them, never by searching the text:
//! HTML is split by html5ever's tokenizer (character references decoded, `<style>` and
//! `<script>` contents as raw text), CSS by cssparser's, and every URL is parsed by the
//! WHATWG URL standard (the `url` crate) relative to the page it sits on. Only hosts are
//! compared, after parsing: `HTTPS://host`, `http:host`, `https://,@host`, `https:/&#9;/host`
//! and backslashes all name the host a browser would contact.
//!
//! Files scripts read or write are not searched: a script can make any URL at run time, so
//! the policy, not the build, is what keeps a script to the site's own host.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};
use url::Url;

use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::limits;

/// A URL written in HTML or CSS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// 1-based line of the text it was found on.
    pub(crate) line: usize,
    /// As written, with character references decoded.
    pub written: String,
    /// Resolved against the page it sits on; `None` when a browser could not parse it.
    pub url: Option<Url>,
    /// The browser fetches it without being asked (anything but a link to follow).
    pub(crate) loads: bool,
    /// The element and attribute it was found in (`a href`, `img src`), or `css`.
    pub(crate) place: String,
}

/// Everything [`html`] or [`css`] found in one text.
#[derive(Debug, Default)]
pub struct Scan {
    pub references: Vec<Reference>,
    /// The line of CSS nested deeper than [`limits::CSS_NESTING`], which is not searched.
    pub(crate) too_deep: Option<usize>,
    /// Element ids, for links to `#fragments`.
    pub(crate) ids: Vec<String>,
    /// The policies of `<meta http-equiv=Content-Security-Policy>` elements.
    pub(crate) policies: Vec<String>,
}

/// The URLs an HTML page (or part of one) written at `page` holds: in the attributes that
/// take URLs, in `style` attributes, `<style>` elements and any attribute holding
/// `url(…)`, in SVG animations, in `<meta http-equiv=refresh>`, and in the documents of
/// `<iframe srcdoc>`.
pub fn html(text: &str, page: &Url) -> Scan {
    html_at(text, page, 0)
}

/// [`html`], `depth` documents deep in `srcdoc` attributes.
fn html_at(text: &str, page: &Url, depth: usize) -> Scan {
    let sink = Sink {
        page,
        depth,
        scan: RefCell::new(Scan::default()),
        style: RefCell::new(None),
        namespace: RefCell::new(crate::html::Namespace::default()),
    };
    crate::html::tokenize(sink, text).scan.into_inner()
}

/// The URLs an XML document at `page` (a standalone SVG drawing, an XHTML page, an XML
/// file with a stylesheet) holds, read as a browser reads XML: character references
/// decoded, `<style>` as CSS, `<?xml-stylesheet?>` as a load. Entity declarations are
/// refused (what they expand to is not looked into), and so is XML a browser would not
/// read.
pub fn xml(text: &str, page: &Url) -> Result<Scan, (usize, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut scan = Scan::default();
    let mut style: Option<(usize, String)> = None;
    let (mut counted, mut line) = (0, 1);
    loop {
        // In bytes: the reader's position need not fall between two characters.
        let at = (reader.buffer_position() as usize).min(text.len());
        line += text.as_bytes()[counted.min(at)..at]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted = counted.max(at);
        let event = reader
            .read_event()
            .map_err(|e| (line, format!("not well-formed XML ({e})")))?;
        let bad = |e: &dyn std::fmt::Display| (line, format!("not well-formed XML ({e})"));
        match event {
            Event::Eof => break,
            Event::DocType(d) if String::from_utf8_lossy(&d).contains("ENTITY") => {
                return Err((
                    line,
                    "declares entities, which pressroom does not expand to check".into(),
                ));
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let element = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|e| bad(&e))?;
                    let key = String::from_utf8_lossy(a.key.as_ref()).to_ascii_lowercase();
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| bad(&e))?
                        .into_owned();
                    attrs.push((key, value));
                }
                let attrs: Vec<(&str, &str)> = attrs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                attributes(&element, &attrs, page, line, &mut scan);
                if element == "style" && matches!(event, Event::Start(_)) {
                    style = Some((line, String::new()));
                }
            }
            Event::End(e) => {
                if e.local_name().as_ref().eq_ignore_ascii_case(b"style")
                    && let Some((start, css)) = style.take()
                {
                    css_into(&css, page, start, &mut scan);
                }
            }
            Event::Text(t) => {
                if let Some((_, css)) = style.as_mut() {
                    css.push_str(&t.decode().map_err(|e| bad(&e))?);
                }
            }
            Event::CData(t) => {
                if let Some((_, css)) = style.as_mut() {
                    css.push_str(&t.decode().map_err(|e| bad(&e))?);
                }
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| bad(&e))?;
                let c = character(&name)
                    .ok_or_else(|| (line, format!("the entity &{name}; is not one XML defines")))?;
                if let Some((_, css)) = style.as_mut() {
                    css.push(c);
                }
            }
            Event::PI(pi) if pi.target() == b"xml-stylesheet" => {
                let content = String::from_utf8_lossy(pi.content()).into_owned();
                if let Some(href) = pseudo_attribute(&content, "href") {
                    scan.references.push(reference(
                        line,
                        href,
                        page,
                        true,
                        "xml-stylesheet".into(),
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(scan)
}

/// The character an XML reference (`#x75`, `#117`, `amp`…) stands for.
fn character(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x") {
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(decimal) = name.strip_prefix('#') {
        decimal.parse().ok()?
    } else {
        return match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => None,
        };
    };
    char::from_u32(code)
}

/// The value of `name="…"` in a processing instruction's pseudo-attributes.
fn pseudo_attribute(content: &str, name: &str) -> Option<String> {
    let at = content.find(&format!("{name}="))?;
    let rest = &content[at + name.len() + 1..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest[1..].split(quote).next()?;
    let value = value
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    Some(value)
}

/// The URLs a stylesheet at `page` loads: `url(…)`, `@import`, and the strings of
/// `image-set()` and `src()`. `line` is the line the CSS starts on.
pub fn css(text: &str, page: &Url, line: usize) -> Scan {
    let mut scan = Scan::default();
    css_into(text, page, line, &mut scan);
    scan
}

fn css_into(text: &str, page: &Url, line: usize, scan: &mut Scan) {
    let mut parser = cssparser::Parser::new(text);
    let mut found = Vec::new();
    let mut deep = None;
    css_block(&mut parser, 0, false, &mut found, &mut deep);
    for (at, url) in found {
        scan.references
            .push(reference(line + at as usize, url, page, true, "css".into()));
    }
    if let Some(at) = deep {
        scan.too_deep.get_or_insert(line + at as usize);
    }
}

/// Walks one CSS block. `strings`: quoted strings are URLs here (`image-set()`, `src()`).
fn css_block(
    parser: &mut cssparser::Parser,
    depth: usize,
    strings: bool,
    found: &mut Vec<(u32, String)>,
    deep: &mut Option<u32>,
) {
    use cssparser::Token;
    let mut after_import = false;
    let mut after_namespace = false;
    // A custom property (`--u: 'https://…'`) may become a URL where `var(--u)` is used.
    let mut custom_name = false;
    let mut in_custom = false;
    loop {
        let at = parser.current_source_location().line;
        let Ok(token) = parser.next() else {
            return;
        };
        let token = token.clone();
        match &token {
            Token::UnquotedUrl(url) if !after_namespace => found.push((at, url.to_string())),
            Token::QuotedString(s) if strings || after_import || in_custom => {
                found.push((at, s.to_string()))
            }
            Token::AtKeyword(name) => {
                after_import = name.eq_ignore_ascii_case("import");
                after_namespace = name.eq_ignore_ascii_case("namespace");
                continue;
            }
            Token::Ident(name) if name.starts_with("--") => {
                custom_name = true;
                continue;
            }
            Token::Colon if custom_name => in_custom = true,
            Token::Semicolon | Token::CurlyBracketBlock => {
                after_namespace = false;
                in_custom = false;
            }
            _ => {}
        }
        custom_name = false;
        after_import = false;
        let nested_strings = match &token {
            Token::Function(name) => {
                let name = name.to_ascii_lowercase();
                if name == "url" && after_namespace {
                    continue;
                }
                name == "url" || name == "src" || name.ends_with("image-set")
            }
            Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => false,
            _ => continue,
        };
        if depth >= limits::CSS_NESTING {
            deep.get_or_insert(at);
            continue;
        }
        let strings = nested_strings || in_custom;
        let _ = parser.parse_nested_block(|p| -> Result<(), cssparser::ParseError<()>> {
            css_block(p, depth + 1, strings, found, deep);
            Ok(())
        });
    }
}

fn reference(line: usize, written: String, page: &Url, loads: bool, place: String) -> Reference {
    Reference {
        line,
        url: page.join(&written).ok(),
        written,
        loads,
        place,
    }
}

/// The HTML tokenizer's consumer: collects URLs as tags arrive, and the text of `<style>`.
struct Sink<'a> {
    page: &'a Url,
    /// How many `srcdoc` documents this one sits in.
    depth: usize,
    scan: RefCell<Scan>,
    /// The text of the `<style>` element being read, with the line it started on.
    style: RefCell<Option<(usize, String)>>,
    namespace: RefCell<crate::html::Namespace>,
}

impl TokenSink for Sink<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let line = line as usize;
        match token {
            Token::TagToken(tag) => self.tag(tag, line),
            Token::CharacterTokens(text) => {
                if let Some((_, style)) = self.style.borrow_mut().as_mut() {
                    style.push_str(&text);
                }
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

impl Sink<'_> {
    fn tag(&self, tag: Tag, line: usize) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if tag.kind == TagKind::EndTag {
            self.namespace.borrow_mut().end(name);
            if name == "style"
                && let Some((start, text)) = self.style.borrow_mut().take()
            {
                css_into(&text, self.page, start, &mut self.scan.borrow_mut());
            }
            return TokenSinkResult::Continue;
        }
        let attrs: Vec<(&str, &str)> = tag
            .attrs
            .iter()
            .map(|a| (&*a.name.local, &*a.value))
            .collect();
        let mut scan = self.scan.borrow_mut();
        attributes(name, &attrs, self.page, line, &mut scan);
        // The document of an `<iframe srcdoc>` loads what it holds.
        if let Some((_, doc)) = attrs.iter().find(|(a, _)| *a == "srcdoc") {
            if self.depth >= limits::SRCDOC_NESTING {
                scan.too_deep.get_or_insert(line);
            } else {
                let inner = html_at(doc, self.page, self.depth + 1);
                scan.references
                    .extend(inner.references.into_iter().map(|mut r| {
                        r.line = line;
                        r
                    }));
                if inner.too_deep.is_some() {
                    scan.too_deep.get_or_insert(line);
                }
            }
        }
        drop(scan);
        if name == "style" {
            *self.style.borrow_mut() = Some((line, String::new()));
        }
        self.namespace.borrow_mut().start(&tag)
    }
}

/// The URLs in the attributes `attrs` of one `element` (HTML or XML, names lowercase),
/// added to `scan`.
fn attributes(element: &str, attrs: &[(&str, &str)], page: &Url, line: usize, scan: &mut Scan) {
    let attr = |wanted: &str| attrs.iter().find(|(a, _)| *a == wanted).map(|(_, v)| *v);
    for &(attribute, value) in attrs {
        if attribute == "id" {
            scan.ids.push(value.to_string());
        }
        let place = format!("{element} {attribute}");
        if let Some(loads) = url_attribute(element, attribute, attr("rel")) {
            let urls: Vec<&str> = match attribute {
                "srcset" | "imagesrcset" => value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .collect(),
                "ping" | "archive" => value.split_whitespace().collect(),
                _ => vec![value],
            };
            for url in urls {
                scan.references
                    .push(reference(line, url.to_string(), page, loads, place.clone()));
            }
        } else if ANIMATED.contains(&element)
            && matches!(attribute, "to" | "from" | "by" | "values")
        {
            // An animation may set any attribute, `href` included, to these values.
            for url in value.split(';').map(str::trim).filter(|v| !v.is_empty()) {
                scan.references
                    .push(reference(line, url.to_string(), page, true, place.clone()));
            }
        } else if attribute == "style" || PRESENTATION.contains(&attribute) {
            // CSS, or an SVG presentation attribute, which takes `url(…)`.
            css_into(value, page, line, scan);
        }
    }
    if element == "meta"
        && attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
    {
        scan.policies
            .push(attr("content").unwrap_or_default().to_string());
    }
    // A refresh sends the browser to its URL as the page loads, unasked.
    if element == "meta"
        && attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
        && let Some(url) = attr("content").and_then(refresh_url)
    {
        scan.references.push(reference(
            line,
            url.to_string(),
            page,
            true,
            "meta refresh".into(),
        ));
    }
}

/// SVG's presentation attributes that take `url(…)`; text in any other attribute (an
/// `alt` that mentions `url(…)`) is no CSS.
const PRESENTATION: &[&str] = &[
    "fill",
    "stroke",
    "filter",
    "clip-path",
    "mask",
    "marker",
    "marker-start",
    "marker-mid",
    "marker-end",
    "cursor",
    "color-profile",
];

/// SVG's animation elements.
const ANIMATED: &[&str] = &[
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "animatecolor",
];

/// The URL of a `<meta http-equiv=refresh>` `content`, read as the HTML standard reads
/// it ("shared declarative refresh steps"): a delay, then `;` or `,`, then the URL, with
/// or without `url=` and quotes.
fn refresh_url(content: &str) -> Option<&str> {
    let rest = content.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let delay = rest
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(rest.len());
    if delay == 0 {
        return None;
    }
    let rest = rest[delay..].trim_start_matches(|c: char| c.is_ascii_whitespace());
    let rest = rest.strip_prefix([';', ','])?;
    let mut url = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if let (Some(word), Some(after)) = (url.get(..3), url.get(3..))
        && word.eq_ignore_ascii_case("url")
    {
        let after = after.trim_start_matches(|c: char| c.is_ascii_whitespace());
        if let Some(value) = after.strip_prefix('=') {
            url = value.trim_start_matches(|c: char| c.is_ascii_whitespace());
        }
    }
    if let Some(quote) = url.chars().next().filter(|c| *c == '"' || *c == '\'') {
        url = &url[1..];
        url = url.split(quote).next().unwrap_or(url);
    }
    let url = url.trim();
    (!url.is_empty()).then_some(url)
}

/// Whether `attribute` of `element` holds a URL (the attributes HTML and SVG define as
/// such), and if so whether the browser loads it unasked (`Some(true)`) or only when a
/// reader follows or submits it (`Some(false)`). Namespace declarations and vocabularies
/// (`xmlns`, `itemtype`) name things, and are no URLs at all.
fn url_attribute(element: &str, attribute: &str, rel: Option<&str>) -> Option<bool> {
    match (element, attribute) {
        ("a" | "area", "href" | "xlink:href") => Some(false),
        ("link", "href") => Some(rel.is_none_or(link_loads)),
        ("form", "action") | ("button" | "input", "formaction") => Some(false),
        ("blockquote" | "q" | "del" | "ins", "cite") => Some(false),
        (_, "href" | "xlink:href" | "src" | "srcset" | "imagesrcset" | "poster") => Some(true),
        ("object", "data" | "codebase" | "archive" | "classid") => Some(true),
        ("applet", "code" | "codebase" | "archive") => Some(true),
        ("html", "manifest") | (_, "background" | "longdesc" | "lowsrc" | "dynsrc") => Some(true),
        ("a" | "area", "ping") => Some(true),
        _ => None,
    }
}

/// Whether a `<link rel>` makes the browser fetch its `href` (a stylesheet, an icon, a
/// preload or a DNS lookup do; an alternate language or feed, a licence do not).
fn link_loads(rel: &str) -> bool {
    const NO_LOAD: &[&str] = &[
        "alternate",
        "canonical",
        "author",
        "license",
        "help",
        "me",
        "next",
        "prev",
        "bookmark",
        "external",
        "nofollow",
        "noopener",
        "noreferrer",
        "tag",
    ];
    rel.split_ascii_whitespace()
        .any(|r| !NO_LOAD.iter().any(|n| r.eq_ignore_ascii_case(n)))
}

/// Whether `url` names a host other than the site's own: one a reader's browser would
/// contact on the site's behalf.
pub(crate) fn foreign(config: &Config, url: &Url) -> bool {
    url.host_str()
        .is_some_and(|host| !config.own_hosts.iter().any(|own| own == host))
}

/// Whether `site.toml` allows readers' browsers to load from `url`'s host.
pub(crate) fn allowed(config: &Config, url: &Url) -> bool {
    url.host_str()
        .is_some_and(|host| config.privacy.allow_hosts.iter().any(|h| h == host))
}

/// Whether `reference` would make a reader's browser load from a host the site does not
/// allow: the error this module exists for. A `data:` URL is refused too unless it is a
/// picture, a font or a sound: a stylesheet, a page or an SVG drawing in one loads what it
/// holds, and this module does not look inside.
pub(crate) fn refused(config: &Config, reference: &Reference) -> bool {
    reference.loads
        && reference.url.as_ref().is_some_and(|url| {
            (foreign(config, url) && !allowed(config, url)) || opaque_data(url).is_some()
        })
}

/// The media type of a `data:` URL that could load anything itself.
fn opaque_data(url: &Url) -> Option<String> {
    if url.scheme() != "data" {
        return None;
    }
    let kind = url
        .path()
        .split([',', ';'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let inert = kind.is_empty()
        || kind == "text/plain"
        || kind.starts_with("font/")
        || kind.starts_with("audio/")
        || kind.starts_with("video/")
        || (kind.starts_with("image/") && !kind.contains("svg") && !kind.contains("xml"));
    (!inert).then_some(kind)
}

/// The Content-Security-Policy of every page: the site's own files only (plus the hosts
/// `site.toml` allows), no plugins, no `<base>` trickery, and forms that post only where
/// `[contact]` says. No `unsafe-inline`: the theme has no inline script or style. Every
/// part comes from a value `site.toml` checking parsed (see `config`), so none can add a
/// directive of its own.
pub(crate) fn content_security_policy(config: &Config) -> String {
    let form = match &config.contact.form_origin {
        Some(origin) => format!("'self' {origin}"),
        // The form composes an email instead of posting.
        None => "'self' mailto:".to_string(),
    };
    format!(
        "default-src {}; base-uri 'self'; object-src 'none'; form-action {form}",
        sources(config)
    )
}

/// `'self'` and the hosts `site.toml` allows.
fn sources(config: &Config) -> String {
    let mut sources = String::from("'self'");
    for host in &config.privacy.allow_hosts {
        sources.push(' ');
        sources.push_str(host);
    }
    sources
}

/// Which policy a page carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Policy {
    /// [`content_security_policy`]: every page but one.
    Site,
    /// The search page: the site's policy, and scripts may compile WebAssembly (Pagefind
    /// searches with it). Scripts still come from the site alone.
    Search,
}

impl Policy {
    /// The policy's text for `config`'s site.
    pub(crate) fn text(self, config: &Config) -> String {
        let site = content_security_policy(config);
        match self {
            Policy::Site => site,
            Policy::Search => format!("{site}; script-src {} 'wasm-unsafe-eval'", sources(config)),
        }
    }
}

/// The `_headers` file Netlify and Cloudflare Pages read: the page policy plus what only
/// an HTTP header can say (no framing by other sites).
///
/// A browser applies the header's policy and the page's own (`<meta>`) both, so a page
/// may do only what both allow. The header carries the search page's policy, the widest
/// any page has, because it also covers Pagefind's worker, which has no page of its own;
/// every other page narrows it to the site's with its `<meta>`. One rule for every path
/// works on both hosts: Netlify would join a second rule's policy to the first (which
/// narrows it), not replace it.
pub(crate) fn headers_file(config: &Config, private: bool) -> String {
    let mut text = format!(
        "/*\n  Content-Security-Policy: {}; frame-ancestors 'none'\n  \
         Referrer-Policy: no-referrer\n  \
         Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()\n  \
         X-Content-Type-Options: nosniff\n",
        Policy::Search.text(config)
    );
    if private {
        text.push_str("  X-Robots-Tag: noindex, nofollow\n");
    }
    text
}

/// Every URL in the theme's templates and the static HTML, CSS and SVG files, with the
/// file it is in (relative to `root` where it is inside it). Templates are read as the
/// pages they make, at the site's root URL; a static file at its own URL.
pub(crate) fn theme_references(
    root: &Path,
    config: &Config,
    templates: &[PathBuf],
    statics: &[crate::statics::StaticFile],
) -> Result<Vec<(PathBuf, Reference)>, Error> {
    let site = site_url(config);
    let mut files: Vec<(PathBuf, Url, Kind)> = templates
        .iter()
        .map(|t| (root.join(t), site.clone(), Kind::Html))
        .collect();
    for s in statics {
        let ext = Path::new(&s.target)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        let kind = match ext.as_deref() {
            Some("css") => Kind::Css,
            Some("html" | "htm") => Kind::Html,
            Some("svg" | "xhtml" | "xht" | "xml" | "xsl" | "xslt") => Kind::Xml,
            _ => continue,
        };
        let page = site.join(&s.target).unwrap_or_else(|_| site.clone());
        files.push((s.source.clone(), page, kind));
    }
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for (path, page, kind) in files {
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let text = crate::files::read_to_string(&path).map_err(|e| Error::io(&rel, e))?;
        if kind == Kind::Xml {
            match xml(&text, &page) {
                Ok(scan) => found.extend(scan.references.into_iter().map(|r| (rel.clone(), r))),
                Err((line, why)) => problems.push(
                    Diagnostic::new(&rel, Some(line), why)
                        .with_hint("pressroom reads it as a browser does to check what it loads"),
                ),
            }
            continue;
        }
        let is_css = kind == Kind::Css;
        if !is_css && crate::html::too_many_attributes(&text) {
            problems.push(
                Diagnostic::new(
                    &rel,
                    None,
                    format!(
                        "a tag with more than {} attributes",
                        limits::HTML_ATTRIBUTES
                    ),
                )
                .with_hint("pressroom cannot check it for loads from other hosts"),
            );
            continue;
        }
        let scan = if is_css {
            css(&text, &page, 1)
        } else {
            html(&text, &page)
        };
        if let Some(line) = scan.too_deep {
            problems.push(too_deep(&rel, Some(line)));
        }
        found.extend(scan.references.into_iter().map(|r| (rel.clone(), r)));
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// How a theme or static file is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Html,
    Css,
    Xml,
}

/// What is wrong with a page as its template rendered it: a load from a host the site does
/// not allow (which the template's source may not show: `{{ "https:" }}//…`, a URL from a
/// UI string), or the site's policy missing. One page of each template and language is
/// read so (see `render`), not every page: values a template takes from each page's front
/// matter are left to the policy.
pub(crate) fn rendered_page(
    config: &Config,
    html: &str,
    page: &Url,
    policy: Policy,
) -> Vec<String> {
    let scan = self::html(html, page);
    let mut problems: Vec<String> = scan
        .references
        .iter()
        .filter(|r| refused(config, r))
        .map(|r| match r.url.as_ref().and_then(opaque_data) {
            Some(kind) => {
                format!("loads a data: URL of type {kind}, which can itself load from other hosts")
            }
            None => format!(
                "loads {} from another host ({}): readers' addresses would reach it",
                r.written.escape_debug(),
                r.url
                    .as_ref()
                    .and_then(|u| u.host_str())
                    .unwrap_or_default()
            ),
        })
        .collect();
    if !scan.policies.contains(&policy.text(config)) {
        problems.push(
            "does not carry its Content-Security-Policy: write \
             <meta http-equiv=\"Content-Security-Policy\" content=\"{{ head.csp }}\"> in its <head>"
                .to_string(),
        );
    }
    problems
}

/// The site's root URL, which pages are read at: `https://press.example.org/`.
pub(crate) fn site_url(config: &Config) -> Url {
    let mut url = config.base_url.clone();
    url.push('/');
    Url::parse(&url).expect("base_url was parsed when site.toml was read")
}

/// The error for a file that would load `reference` from another host.
pub(crate) fn diagnostic(file: &Path, line: Option<usize>, reference: &Reference) -> Diagnostic {
    if let Some(kind) = reference.url.as_ref().and_then(opaque_data) {
        return Diagnostic::new(
            file,
            line,
            format!(
                "loads a data: URL of type {kind}, which can itself load from other hosts; \
                 pressroom does not look inside it"
            ),
        )
        .with_hint("save it as a file in static/ and point at that");
    }
    let host = reference
        .url
        .as_ref()
        .and_then(|u| u.host_str())
        .unwrap_or_default();
    Diagnostic::new(
        file,
        line,
        format!(
            "loads {} from another host ({host}): readers' addresses would reach it",
            reference.written.escape_debug()
        ),
    )
    .with_hint(format!(
        "copy the file into static/ and point at it there, or allow the host in site.toml: \
         [privacy] allow_hosts = [\"{host}\"]"
    ))
}

/// The error for CSS nested too deep to be searched.
pub(crate) fn too_deep(file: &Path, line: Option<usize>) -> Diagnostic {
    Diagnostic::new(
        file,
        line,
        format!(
            "CSS nested more than {} deep: pressroom cannot check it for loads from other hosts",
            limits::CSS_NESTING
        ),
    )
    .with_hint("flatten the nesting")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Url {
        Url::parse("https://own.org/releases/x/").unwrap()
    }

    fn summary(scan: &Scan) -> Vec<(usize, String, bool)> {
        scan.references
            .iter()
            .map(|r| {
                let host = r
                    .url
                    .as_ref()
                    .and_then(|u| u.host_str().map(str::to_string))
                    .unwrap_or_default();
                (r.line, host, r.loads)
            })
            .collect()
    }

    #[test]
    fn finds_loads_and_links_as_a_browser_reads_them() {
        let html_text = "<img src=\"https://cdn.example.com/a.png\">\n\
                    <a href=\"https://elsewhere.org/\">x</a> <link rel=stylesheet href=\"//fonts.example.net/f.css\">\n\
                    <p>see https://text.example.org in text</p>\n\
                    <img src=\"HTTPS://Upper.Example/a.png\"><img src=\"http:bare.example/b.png\">\n\
                    <img src=\"https://,@at.example/\"><img src=\"https:/&#9;/tab.example/x\"><img src=\"https:\\\\back.example\\x\">\n\
                    <img src=\"https://own.org.evil.example/\"><img src=\"/own.png\"><img src=\"rel.png\">\n\
                    <svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://svg.example/i.png\"/></svg>\n\
                    <link rel=\"alternate\" hreflang=\"ar\" href=\"https://other-lang.example/\">\n\
                    <div style=\"background: url('//style.example/b.png')\"></div><style>@import 'https://import.example/c.css';</style>";
        let found = summary(&html(html_text, &page()));
        let want: Vec<(usize, String, bool)> = [
            (1, "cdn.example.com", true),
            (2, "elsewhere.org", false),
            (2, "fonts.example.net", true),
            (4, "upper.example", true),
            (4, "bare.example", true),
            (5, "at.example", true),
            (5, "tab.example", true),
            (5, "back.example", true),
            (6, "own.org.evil.example", true),
            (6, "own.org", true),
            (6, "own.org", true),
            (7, "svg.example", true),
            (8, "other-lang.example", false),
            (9, "style.example", true),
            (9, "import.example", true),
        ]
        .into_iter()
        .map(|(l, h, loads)| (l, h.to_string(), loads))
        .collect();
        assert_eq!(found, want);
    }

    #[test]
    fn css_urls_strings_and_namespaces() {
        let text = "@namespace svg url(http://www.w3.org/2000/svg);\n\
                    @import url(https://a.example/x.css);\n@import \"https://b.example/y.css\";\n\
                    body { background: url(//c.example/b.png); content: \"https://not.example/\" }\n\
                    .i { background-image: image-set(\"https://d.example/1x.png\" 1x) }";
        let found = summary(&css(text, &page(), 1));
        let hosts: Vec<&str> = found.iter().map(|(_, h, _)| h.as_str()).collect();
        assert_eq!(hosts, ["a.example", "b.example", "c.example", "d.example"]);
        let deep = format!("a {{ b: {} }}", "(".repeat(1000));
        assert!(css(&deep, &page(), 1).too_deep.is_some());
    }

    #[test]
    fn script_and_comment_contents_are_no_urls() {
        let text = "<script>var s = '<img src=\"https://in-script.example/\">';</script>\n\
                    <!-- <img src=\"https://in-comment.example/\"> -->\n\
                    <textarea><img src=\"https://in-textarea.example/\"></textarea>";
        assert!(html(text, &page()).references.is_empty());
    }

    #[test]
    fn xml_positions_need_not_fall_between_characters() {
        // Found by the privacy fuzz target: a byte-order mark before the document.
        let _ = xml("\u{feff}<x a='1'/>\n<y/>", &page());
        let _ = xml("\u{feff}", &page());
    }

    #[test]
    fn refreshes_are_read_as_the_standard_reads_them() {
        for (content, url) in [
            ("0; url=https://a.example/", Some("https://a.example/")),
            ("0; URL = 'https://b.example/'", Some("https://b.example/")),
            ("5, https://c.example/", Some("https://c.example/")),
            ("0", None),
            ("soon; url=https://d.example/", None),
            // Found by the privacy fuzz target: a character of several bytes where
            // `url` would stand.
            ("0;é=x", Some("é=x")),
            ("0;u\u{fffd}", Some("u\u{fffd}")),
        ] {
            assert_eq!(refresh_url(content), url, "{content:?}");
        }
    }
}
