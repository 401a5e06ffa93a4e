//! Markdown to HTML: pulldown-cmark, with fenced code highlighted by syntect as CSS classes
//! (never inline styles, which a strict Content-Security-Policy forbids), root-relative links
//! made absolute (feeds carry the same HTML as pages, and feed readers have no base URL),
//! `#` headings written as `<h2>` (the page's title is its only `<h1>`), and release bodies
//! cut at the `<!-- statements -->` marker.
//!
//! Content may come from volunteers and from text pasted out of web pages, so it is not
//! trusted: links and images to any scheme but http, https, mailto and tel (`javascript:`,
//! `data:`, `ms-msdt:`…) are dropped (their text stays), and a body holding raw HTML is cleaned by ammonia, which keeps
//! formatting and drops scripts, event handlers, frames, forms, styles and unsafe URLs.
//! `[markdown] unsafe_html = true` in site.toml passes raw HTML through as written.

use std::sync::LazyLock;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options as ParserOptions, Parser, Tag,
    TagEnd,
};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;
use url::Url;

/// The line in a release body where its statements are placed.
pub(crate) const STATEMENTS_MARKER: &str = "<!-- statements -->";

/// Class prefix of highlighted code; the theme's `highlight.css` styles `hl-*` classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

// Loading syntect's grammars takes tens of milliseconds: only pay for it when a code block
// is actually highlighted.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// What a body is rendered for.
pub struct Options<'a> {
    /// The site's base URL: links starting with `/` are made absolute under it.
    pub base_url: &'a str,
    /// The URL of the document's own page: other relative links are resolved against it,
    /// as a browser on that page would, so they work in feeds too.
    pub page: &'a Url,
    /// Pass raw HTML through as written.
    pub unsafe_html: bool,
}

/// A rendered body.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// One piece, or two when the statements marker is present (the HTML before it and
    /// the HTML after it).
    pub pieces: Vec<String>,
    /// The body has images or raw HTML: its HTML may load something.
    pub(crate) may_load: bool,
    /// Where in the Markdown (a byte offset) raw HTML goes past the bounds that keep
    /// reading it linear, and how (see [`crate::html::Nesting`]); the body is then not
    /// rendered.
    pub(crate) beyond_bounds: Option<(usize, String)>,
}

/// Renders `markdown` to HTML pieces (see [`Rendered`]).
pub fn render(markdown: &str, options: &Options) -> Rendered {
    let parser_options = ParserOptions::ENABLE_TABLES
        | ParserOptions::ENABLE_FOOTNOTES
        | ParserOptions::ENABLE_STRIKETHROUGH
        | ParserOptions::ENABLE_HEADING_ATTRIBUTES;
    let mut pieces: Vec<Vec<Event>> = vec![Vec::new()];
    let mut code: Option<(String, String)> = None;
    let mut raw_html = false;
    let mut images = false;
    let mut bounds = crate::html::Nesting::default();
    // Links whose URL was dropped: their end tag goes too.
    let mut dropped_links = 0usize;
    let mut dropped_images = 0usize;

    for event in Parser::new_ext(markdown, parser_options) {
        if let Some((lang, text)) = &mut code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = highlight(lang, text);
                    pieces.last_mut().unwrap().push(Event::Html(html.into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                continue;
            }
            Event::Html(html) if html.trim() == STATEMENTS_MARKER && pieces.len() == 1 => {
                pieces.push(Vec::new());
                continue;
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                raw_html = true;
                if let Err(why) = bounds.feed(html) {
                    return Rendered {
                        beyond_bounds: Some((offset_in(markdown, html), why)),
                        ..Rendered::default()
                    };
                }
                event
            }
            Event::Start(Tag::Link { ref dest_url, .. }) if refused_scheme(dest_url) => {
                dropped_links += 1;
                continue;
            }
            Event::End(TagEnd::Link) if dropped_links > 0 => {
                dropped_links -= 1;
                continue;
            }
            Event::Start(Tag::Image { ref dest_url, .. }) if refused_scheme(dest_url) => {
                dropped_images += 1;
                continue;
            }
            Event::End(TagEnd::Image) if dropped_images > 0 => {
                dropped_images -= 1;
                continue;
            }
            // Heading attributes (`# Title {#id .class key=value}`) keep a safe id and
            // classes, never other attributes: an `onfocus` there would reach feed
            // readers, which apply no policy of ours.
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => Event::Start(Tag::Heading {
                level: demote(level),
                id: id.filter(|id| safe_token(id)),
                classes: classes.into_iter().filter(|c| safe_token(c)).collect(),
                attrs: Vec::new(),
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
            // An email autolink (`<press@example.org>`) is written with `mailto:` later.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if link_type != LinkType::Email => Event::Start(Tag::Link {
                link_type,
                dest_url: absolute(dest_url, options),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                images = true;
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: absolute(dest_url, options),
                    title,
                    id,
                })
            }
            other => other,
        };
        pieces.last_mut().unwrap().push(event);
    }

    let pieces = pieces
        .into_iter()
        .map(|events| {
            let mut html = String::with_capacity(markdown.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, events.into_iter());
            if raw_html && !options.unsafe_html {
                CLEANER.clean(&html).to_string()
            } else {
                html
            }
        })
        .collect();
    Rendered {
        pieces,
        may_load: raw_html || images,
        beyond_bounds: None,
    }
}

/// Where `piece` (raw HTML the parser handed out) stands in `markdown`: it is a slice of
/// it, unless the parser had to copy it, and then where its text first appears.
fn offset_in(markdown: &str, piece: &str) -> usize {
    let (start, at) = (markdown.as_ptr() as usize, piece.as_ptr() as usize);
    if at >= start && at + piece.len() <= start + markdown.len() {
        at - start
    } else {
        markdown.find(piece).unwrap_or(0)
    }
}

/// A heading id or class that can only ever be a name: letters and digits of any script,
/// `-` and `_`, at most 100 bytes.
fn safe_token(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= 100
        && token
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// The HTML cleaner for bodies with raw HTML: ammonia's safe defaults (no scripts, event
/// handlers, frames, forms, styles or objects; only http, https, mailto and tel URLs), plus
/// the attributes this renderer itself writes: classes for highlighted code, ids for
/// headings and footnotes, and language and direction marks.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(["http", "https", "mailto", "tel"].into())
        .add_generic_attributes(["class", "id", "lang", "dir"])
        .add_tag_attributes("pre", ["data-lang"])
        .add_tags(["bdi", "figure", "figcaption"])
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// A URL of a scheme other than http, https, mailto and tel, the ones the cleaner keeps in
/// raw HTML: `javascript:` runs code, `data:` carries a document of its own, and others
/// (`ms-msdt:`, `search-ms:`…) start programs on the reader's machine. Never written as a
/// link or image, whatever the settings. The scheme is read as a browser reads it, by the
/// URL standard (which drops tabs and line breaks inside it, and spaces around it).
fn refused_scheme(url: &str) -> bool {
    // Most links are relative: a scheme ends at a `:` before any `/`, `?` or `#`.
    if url
        .find([':', '/', '?', '#'])
        .is_none_or(|at| url.as_bytes()[at] != b':')
    {
        return false;
    }
    Url::parse(url).is_ok_and(|u| !matches!(u.scheme(), "http" | "https" | "mailto" | "tel"))
}

/// `#` in a body becomes `<h2>`: the page title is the page's only `<h1>`. Other levels
/// stay as written, so `##` sections read the same whether or not the writer used `#`.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        other => other,
    }
}

/// A link or image URL as it goes out: `/x` under the site's base URL, other relative
/// URLs resolved against the document's own page (feeds carry the same HTML, and feed
/// readers have no base URL), fragments and absolute URLs as written.
fn absolute<'a>(url: CowStr<'a>, options: &Options) -> CowStr<'a> {
    if url.starts_with('/') && !url.starts_with("//") {
        return format!("{}{url}", options.base_url).into();
    }
    if url.starts_with('#') || url.is_empty() {
        return url;
    }
    match Url::parse(&url) {
        Err(url::ParseError::RelativeUrlWithoutBase) => match options.page.join(&url) {
            Ok(joined) => String::from(joined).into(),
            Err(_) => url,
        },
        _ => url,
    }
}

fn highlight(lang: &str, code: &str) -> String {
    let escaped_lang = escape_html(lang);
    let open = if lang.is_empty() {
        "<pre class=\"code\"><code>".to_string()
    } else {
        format!("<pre class=\"code\" data-lang=\"{escaped_lang}\"><code>")
    };
    // A line too long is shown plain: the highlighter's time grows with the square of it.
    let highlightable = code
        .lines()
        .all(|l| l.len() <= crate::limits::HIGHLIGHT_LINE);
    let syntax = (!lang.is_empty() && highlightable)
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten();
    let body = match syntax {
        Some(syntax) => {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
            let mut ok = true;
            for line in LinesWithEndings::from(code) {
                if generator
                    .parse_html_for_line_which_includes_newline(line)
                    .is_err()
                {
                    ok = false;
                    break;
                }
            }
            if ok {
                generator.finalize()
            } else {
                escape_html(code)
            }
        }
        None => escape_html(code),
    };
    format!("{open}{body}</code></pre>\n")
}

/// `&`, `<`, `>` and `"` escaped: plain text made safe inside HTML text or an attribute.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `markdown` rendered as one piece, for a page at https://x.org/releases/r/.
    fn render_one(markdown: &str, base_url: &str, unsafe_html: bool) -> String {
        pieces(markdown, base_url, unsafe_html).join("")
    }

    fn pieces(markdown: &str, base_url: &str, unsafe_html: bool) -> Vec<String> {
        let page = Url::parse("https://x.org/releases/r/").unwrap();
        render(
            markdown,
            &Options {
                base_url,
                page: &page,
                unsafe_html,
            },
        )
        .pieces
    }

    #[test]
    fn splits_at_the_statements_marker() {
        let split = pieces(
            "Before.\n\n<!-- statements -->\n\nAfter.\n",
            "https://x.org",
            false,
        );
        assert_eq!(split, vec!["<p>Before.</p>\n", "<p>After.</p>\n"]);
        assert_eq!(pieces("No marker.\n", "https://x.org", false).len(), 1);
    }

    #[test]
    fn makes_root_links_absolute_and_leaves_others() {
        let html = render_one(
            "[a](/releases/x/) [b](https://other.org/) [c](#top) ![i](/img.png)",
            "https://x.org",
            false,
        );
        assert!(
            html.contains("href=\"https://x.org/releases/x/\""),
            "{html}"
        );
        assert!(html.contains("href=\"https://other.org/\""), "{html}");
        assert!(html.contains("href=\"#top\""), "{html}");
        assert!(html.contains("src=\"https://x.org/img.png\""), "{html}");
    }

    #[test]
    fn keeps_the_page_title_the_only_h1() {
        assert_eq!(render_one("# A\n", "", false), "<h2>A</h2>\n");
        assert_eq!(render_one("## B\n", "", false), "<h2>B</h2>\n");
        assert_eq!(render_one("### C\n", "", false), "<h3>C</h3>\n");
    }

    #[test]
    fn highlights_code_with_classes_not_styles() {
        let html = render_one("```rust\nfn main() {}\n```\n", "", false);
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        let plain = render_one("```\n<b>\n```\n", "", false);
        assert!(plain.contains("&lt;b&gt;"), "{plain}");
    }

    #[test]
    fn cleans_raw_html_and_drops_script_links() {
        let md = "<script>alert(1)</script>\n\n<p onclick=\"x()\">Hi <b>there</b></p>\n\n\
                  <iframe src=\"https://e.org\"></iframe><a href=\"javascript:alert(1)\">a</a>\n\n\
                  [b](javascript:alert(2)) [c]( JaVaScRiPt:alert(3)) ![d](data:image/png;base64,AA)\n";
        let html = render_one(md, "", false);
        for gone in [
            "<script",
            "onclick",
            "<iframe",
            "javascript:",
            "JaVaScRiPt",
            "data:",
        ] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        assert!(html.contains("<b>there</b>"), "{html}");
        assert!(
            html.contains("<p>b c d</p>"),
            "links and image dropped, text kept: {html}"
        );
        let unsafe_html = render_one(md, "", true);
        assert!(
            unsafe_html.contains("<script>alert(1)</script>"),
            "{unsafe_html}"
        );
        assert!(!unsafe_html.contains("alert(2)"), "{unsafe_html}");
    }

    #[test]
    fn only_web_mail_and_phone_links_are_written() {
        let mail = render_one("Write to <press@example.org>.", "https://x.org", false);
        assert!(mail.contains("href=\"mailto:press@example.org\""), "{mail}");
        let md = "[a](ms-msdt:/id) <svnk:x-y> [b](JaVa\tScRiPt:x) [c](sms:+31) ![i](file:///etc/passwd) \
                  [d](mailto:a@b.org) [e](tel:+31700000000) [f](https://x.org/) [g](../rel/)";
        let html = render_one(md, "https://x.org", false);
        for gone in ["ms-msdt", "svnk:", "ript:", "sms:", "file:"] {
            assert!(
                !html.contains(&format!("=\"{gone}")) && !html.contains(&format!("\"{gone}")),
                "{gone} in {html}"
            );
        }
        for kept in [
            "href=\"mailto:a@b.org\"",
            "href=\"tel:+31700000000\"",
            "href=\"https://x.org/\"",
            "href=\"https://x.org/releases/rel/\"",
        ] {
            assert!(html.contains(kept), "{kept} not in {html}");
        }
        assert!(
            html.contains(">a") || html.contains("a "),
            "text kept: {html}"
        );
    }
}
