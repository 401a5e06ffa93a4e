//! Markdown to HTML: pulldown-cmark, with fenced code highlighted by syntect as CSS classes
//! (never inline styles, which a strict Content-Security-Policy forbids), root-relative links
//! made absolute (feeds carry the same HTML as pages, and feed readers have no base URL),
//! `#` headings written as `<h2>` (the page's title is its only `<h1>`), and release bodies
//! cut at the `<!-- statements -->` marker.
//!
//! Content may come from volunteers and from text pasted out of web pages, so it is not
//! trusted: links and images to `javascript:`, `vbscript:` and `data:` URLs are dropped
//! (their text stays), and a body holding raw HTML is cleaned by ammonia, which keeps
//! formatting and drops scripts, event handlers, frames, forms, styles and unsafe URLs.
//! `[markdown] unsafe_html = true` in site.toml passes raw HTML through as written.

use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The line in a release body where its statements are placed.
pub const STATEMENTS_MARKER: &str = "<!-- statements -->";

/// Class prefix of highlighted code; the theme's `highlight.css` styles `hl-*` classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

// Loading syntect's grammars takes tens of milliseconds: only pay for it when a code block
// is actually highlighted.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Renders `markdown` to HTML pieces: one piece, or two when the statements marker is
/// present (the HTML before it and the HTML after it).
pub fn render(markdown: &str, base_url: &str, unsafe_html: bool) -> Vec<String> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut pieces: Vec<Vec<Event>> = vec![Vec::new()];
    let mut code: Option<(String, String)> = None;
    let mut raw_html = false;
    // Links whose URL was dropped: their end tag goes too.
    let mut dropped_links = 0usize;
    let mut dropped_images = 0usize;

    for event in Parser::new_ext(markdown, options) {
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
            Event::Html(_) | Event::InlineHtml(_) => {
                raw_html = true;
                event
            }
            Event::Start(Tag::Link { ref dest_url, .. }) if is_script_url(dest_url) => {
                dropped_links += 1;
                continue;
            }
            Event::End(TagEnd::Link) if dropped_links > 0 => {
                dropped_links -= 1;
                continue;
            }
            Event::Start(Tag::Image { ref dest_url, .. }) if is_script_url(dest_url) => {
                dropped_images += 1;
                continue;
            }
            Event::End(TagEnd::Image) if dropped_images > 0 => {
                dropped_images -= 1;
                continue;
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: demote(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: absolute(dest_url, base_url),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: absolute(dest_url, base_url),
                title,
                id,
            }),
            other => other,
        };
        pieces.last_mut().unwrap().push(event);
    }

    pieces
        .into_iter()
        .map(|events| {
            let mut html = String::with_capacity(markdown.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, events.into_iter());
            if raw_html && !unsafe_html {
                CLEANER.clean(&html).to_string()
            } else {
                html
            }
        })
        .collect()
}

/// The HTML cleaner for bodies with raw HTML: ammonia's safe defaults (no scripts, event
/// handlers, frames, forms, styles or objects; only http, https, mailto and tel URLs), plus
/// the attributes this renderer itself writes: classes for highlighted code, ids for
/// headings and footnotes, and language and direction marks.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["class", "id", "lang", "dir"])
        .add_tag_attributes("pre", ["data-lang"])
        .add_tags(["bdi", "figure", "figcaption"])
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// A URL that runs code or carries a document of its own instead of pointing somewhere:
/// never written as a link or image, whatever the settings.
fn is_script_url(url: &str) -> bool {
    // Browsers ignore whitespace and control characters inside the scheme.
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| scheme.starts_with(s))
}

/// Renders Markdown that must come out as one piece (statements, bios, pages).
pub fn render_one(markdown: &str, base_url: &str, unsafe_html: bool) -> String {
    render(markdown, base_url, unsafe_html).join("")
}

/// `#` in a body becomes `<h2>`: the page title is the page's only `<h1>`. Other levels
/// stay as written, so `##` sections read the same whether or not the writer used `#`.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        other => other,
    }
}

fn absolute<'a>(url: CowStr<'a>, base_url: &str) -> CowStr<'a> {
    if url.starts_with('/') && !url.starts_with("//") {
        format!("{base_url}{url}").into()
    } else {
        url
    }
}

fn highlight(lang: &str, code: &str) -> String {
    let escaped_lang = escape_html(lang);
    let open = if lang.is_empty() {
        "<pre class=\"code\"><code>".to_string()
    } else {
        format!("<pre class=\"code\" data-lang=\"{escaped_lang}\"><code>")
    };
    let syntax = (!lang.is_empty())
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
pub fn escape_html(s: &str) -> String {
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

    #[test]
    fn splits_at_the_statements_marker() {
        let pieces = render(
            "Before.\n\n<!-- statements -->\n\nAfter.\n",
            "https://x.org",
            false,
        );
        assert_eq!(pieces, vec!["<p>Before.</p>\n", "<p>After.</p>\n"]);
        assert_eq!(render("No marker.\n", "https://x.org", false).len(), 1);
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
}
