//! Reading HTML as a browser reads it: html5ever's tokenizer, told what the tree builder
//! would tell it (the contents of `<style>`, `<script>` and `<textarea>` are text), and
//! the bounds that keep reading hostile HTML linear. The privacy scanner
//! ([`crate::privacy`]) and the Markdown renderer ([`crate::markdown`]) both read through
//! here.
//!
//! Two shapes of HTML cost time that grows with the square of their size, in html5ever's
//! tokenizer and tree builder (and so in the cleaner, ammonia, which is built on them):
//! many attributes on one tag (each is compared with those before it), and elements
//! nested deep (each new element looks through all the open ones). [`too_many_attributes`]
//! finds the first in one pass of its own, before any tokenizer runs; [`Nesting`] finds
//! the second in the tokenizer's single pass, before a tree is built.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::limits;

/// Runs the tokenizer over `text`, feeding `sink`, and gives the sink back.
pub(crate) fn tokenize<S: TokenSink>(sink: S, text: &str) -> S {
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(text));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

/// What the tokenizer reads after the start tag `name` in HTML, as the tree builder would
/// tell it. Not `<noscript>`: a reader without JavaScript (Tor Browser at "Safest") gets
/// its contents as markup, so they are read as markup.
pub(crate) fn after_html_start_tag(name: &str) -> TokenSinkResult<()> {
    match name {
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
            TokenSinkResult::RawData(RawKind::Rawtext)
        }
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
        "plaintext" => TokenSinkResult::Plaintext,
        _ => TokenSinkResult::Continue,
    }
}

/// Whether the tokenizer is in HTML or in SVG and MathML (foreign content), as the tree
/// builder would know: in foreign content `<style>`, `<script>` and `<title>` hold markup,
/// not text, and an HTML element such as `<img>` or `<p>` breaks back out into HTML. Fed
/// each tag, it says what the tokenizer reads next.
#[derive(Default)]
pub(crate) struct Namespace {
    /// The open `svg` and `math` elements, and the HTML integration points in them
    /// (`foreignObject`, `desc`, `title`; MathML's text elements), innermost last.
    open: Vec<(String, bool)>,
}

/// HTML elements that end foreign content where they start.
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

impl Namespace {
    fn in_html(&self) -> bool {
        self.open.last().is_none_or(|(_, integration)| *integration)
    }

    /// After the start tag `name`: what the tokenizer reads next.
    pub(crate) fn start(&mut self, tag: &html5ever::tokenizer::Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if !self.in_html() {
            let font = name == "font"
                && tag
                    .attrs
                    .iter()
                    .any(|a| matches!(&*a.name.local, "color" | "face" | "size"));
            if BREAKOUT.contains(&name) || font {
                while self
                    .open
                    .last()
                    .is_some_and(|(_, integration)| !integration)
                {
                    self.open.pop();
                }
            }
        }
        if self.in_html() {
            if matches!(name, "svg" | "math") && !tag.self_closing {
                self.open.push((name.to_string(), false));
                return TokenSinkResult::Continue;
            }
            return after_html_start_tag(name);
        }
        let integration = matches!(
            name,
            "foreignObject"
                | "foreignobject"
                | "desc"
                | "title"
                | "mi"
                | "mo"
                | "mn"
                | "ms"
                | "mtext"
                | "annotation-xml"
        );
        if !tag.self_closing && (integration || matches!(name, "svg" | "math")) {
            self.open.push((name.to_string(), integration));
        }
        TokenSinkResult::Continue
    }

    /// After the end tag `name`.
    pub(crate) fn end(&mut self, name: &str) {
        if let Some(at) = self.open.iter().rposition(|(n, _)| n == name) {
            self.open.truncate(at);
        }
    }
}

/// Whether `text` has a tag with more than [`limits::HTML_ATTRIBUTES`] attributes, found
/// without the tokenizer (whose duplicate check makes such a tag cost the square of its
/// attributes).
pub(crate) fn too_many_attributes(text: &str) -> bool {
    !Attributes::default().feed(text)
}

/// Counts attributes per tag, following the tokenizer's tag and attribute states (HTML,
/// 13.2.5) so that what it counts is at least what the tokenizer would make; fed piece by
/// piece, as a tag may span pieces. Where the tokenizer reads no tags (comments, raw
/// text), this still does: it may count more, never fewer.
#[derive(Default)]
struct Attributes {
    state: State,
    count: usize,
}

#[derive(Clone, Copy, PartialEq, Default)]
enum State {
    #[default]
    Data,
    /// After `<` or `</`.
    Open,
    TagName,
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    Quoted(u8),
    Unquoted,
    AfterQuoted,
    SelfClosing,
}

impl Attributes {
    /// Reads `text`; `false` once a tag has too many attributes.
    fn feed(&mut self, text: &str) -> bool {
        for &b in text.as_bytes() {
            let space = matches!(b, b'\t' | b'\n' | b'\x0c' | b' ' | b'\r');
            self.state = match self.state {
                State::Data => {
                    if b == b'<' {
                        State::Open
                    } else {
                        State::Data
                    }
                }
                State::Open => match b {
                    b'/' | b'<' => State::Open,
                    b if b.is_ascii_alphabetic() => {
                        self.count = 0;
                        State::TagName
                    }
                    _ => State::Data,
                },
                State::TagName => match b {
                    b'>' => State::Data,
                    b'/' => State::SelfClosing,
                    _ if space => State::BeforeName,
                    _ => State::TagName,
                },
                // `=` here starts an attribute named `=`; `/` and `>` do not.
                State::BeforeName => match b {
                    _ if space => State::BeforeName,
                    b'/' => State::SelfClosing,
                    b'>' => State::Data,
                    _ => self.attribute(),
                },
                State::Name => match b {
                    _ if space => State::AfterName,
                    b'/' => State::SelfClosing,
                    b'>' => State::Data,
                    b'=' => State::BeforeValue,
                    _ => State::Name,
                },
                State::AfterName => match b {
                    _ if space => State::AfterName,
                    b'/' => State::SelfClosing,
                    b'=' => State::BeforeValue,
                    b'>' => State::Data,
                    _ => self.attribute(),
                },
                State::BeforeValue => match b {
                    _ if space => State::BeforeValue,
                    b'"' | b'\'' => State::Quoted(b),
                    b'>' => State::Data,
                    _ => State::Unquoted,
                },
                State::Quoted(quote) => {
                    if b == quote {
                        State::AfterQuoted
                    } else {
                        State::Quoted(quote)
                    }
                }
                State::Unquoted => match b {
                    _ if space => State::BeforeName,
                    b'>' => State::Data,
                    _ => State::Unquoted,
                },
                State::AfterQuoted | State::SelfClosing => match b {
                    _ if space => State::BeforeName,
                    b'/' => State::SelfClosing,
                    b'>' => State::Data,
                    _ => self.attribute(),
                },
            };
            if self.count > limits::HTML_ATTRIBUTES {
                return false;
            }
        }
        true
    }

    /// A new attribute starts.
    fn attribute(&mut self) -> State {
        self.count += 1;
        State::Name
    }
}

/// How deep raw HTML nests, as a browser would build it, fed piece by piece: an upper
/// bound found in the tokenizer's linear pass, before a tree is built. Void elements and
/// those whose end tag may be left out (`<p>`, `<li>`, table cells) do not count. Open
/// formatting elements (`<b>`, `<i>`…) count again: a browser opens them anew in every
/// following block, so each one left open multiplies what the page holds.
#[derive(Default)]
pub(crate) struct Nesting {
    attributes: Attributes,
    tokenizer: Option<Tokenizer<NestingSink>>,
}

#[derive(Default)]
struct NestingSink {
    open: RefCell<Vec<html5ever::LocalName>>,
    formatting: RefCell<usize>,
    namespace: RefCell<Namespace>,
}

/// Elements that never hold others, or close without an end tag.
const UNCOUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody",
    "tfoot", "rb", "rt", "rp", "rtc", "colgroup", "caption", "html", "head", "body",
];

/// The elements a browser reopens in each block while they are left open.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

impl TokenSink for NestingSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        let mut open = self.open.borrow_mut();
        let name: &str = &tag.name;
        if tag.kind == TagKind::EndTag {
            self.namespace.borrow_mut().end(name);
            if let Some(at) = open.iter().rposition(|n| *n == tag.name) {
                let closed = open
                    .drain(at..)
                    .filter(|n| FORMATTING.contains(&&**n))
                    .count();
                *self.formatting.borrow_mut() -= closed;
            }
            return TokenSinkResult::Continue;
        }
        if !tag.self_closing && !UNCOUNTED.contains(&name) {
            open.push(tag.name.clone());
            if FORMATTING.contains(&name) {
                *self.formatting.borrow_mut() += 1;
            }
        }
        self.namespace.borrow_mut().start(&tag)
    }
}

impl Nesting {
    /// Reads the next piece of raw HTML. Returns what went past the bounds, if anything
    /// read so far did: [`limits::HTML_ATTRIBUTES`] attributes on a tag (counted before
    /// the tokenizer sees the piece), [`limits::HTML_NESTING`] open elements,
    /// [`limits::HTML_FORMATTING`] of them formatting ones.
    pub(crate) fn feed(&mut self, html: &str) -> Result<(), String> {
        if !self.attributes.feed(html) {
            return Err(format!(
                "a tag with more than {} attributes",
                limits::HTML_ATTRIBUTES
            ));
        }
        let tokenizer = self.tokenizer.get_or_insert_with(|| {
            Tokenizer::new(NestingSink::default(), TokenizerOpts::default())
        });
        let input = BufferQueue::default();
        input.push_back(StrTendril::from(html));
        let _ = tokenizer.feed(&input);
        if tokenizer.sink.open.borrow().len() > limits::HTML_NESTING {
            return Err(format!(
                "elements nested more than {} deep",
                limits::HTML_NESTING
            ));
        }
        if *tokenizer.sink.formatting.borrow() > limits::HTML_FORMATTING {
            return Err(format!(
                "more than {} formatting elements (<b>, <i>…) left open, which a browser \
                 opens again in every block that follows",
                limits::HTML_FORMATTING
            ));
        }
        Ok(())
    }
}

/// The text of an HTML fragment, as a reader sees it: tags dropped, character references
/// decoded, runs of white space made one space. For metadata (a quotation's text in
/// JSON-LD), never for HTML output.
pub(crate) fn text(html: &str) -> String {
    struct Text(RefCell<String>);
    impl TokenSink for Text {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::CharacterTokens(t) = token {
                self.0.borrow_mut().push_str(&t);
            }
            TokenSinkResult::Continue
        }
    }
    let raw = tokenize(Text(RefCell::default()), html).0.into_inner();
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// HTML made plain text for a reader who pastes it (a press kit's `release.en.txt`):
/// paragraphs, headings, list items and quotations each on their own, a blank line
/// between them, `<br>` a line break, list items led by "- ", and a link's address after
/// its words where they differ. The head, styles and scripts are left out. Lines are not
/// wrapped: editors paste them, and hard breaks in Arabic text go wrong in their tools.
pub(crate) fn plain_text(html: &str) -> String {
    #[derive(Default)]
    struct Plain {
        out: String,
        /// Line breaks owed before the next word: 1 a new line, 2 a new paragraph.
        breaks: usize,
        space: bool,
        /// Inside the head, a style or a script: nothing read.
        hidden: usize,
        /// The addresses of the open links, and where their words began.
        links: Vec<(Option<String>, usize)>,
    }
    impl Plain {
        fn word(&mut self, text: &str) {
            for c in text.chars() {
                if c.is_whitespace() {
                    self.space = true;
                    continue;
                }
                if self.out.is_empty() {
                } else if self.breaks > 0 {
                    self.out
                        .push_str(if self.breaks > 1 { "\n\n" } else { "\n" });
                } else if self.space {
                    self.out.push(' ');
                }
                self.breaks = 0;
                self.space = false;
                self.out.push(c);
            }
        }
        fn block(&mut self, breaks: usize) {
            self.breaks = self.breaks.max(breaks);
            self.space = false;
        }
    }
    struct Sink(RefCell<Plain>);
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let mut p = self.0.borrow_mut();
            match token {
                Token::CharacterTokens(t) if p.hidden == 0 => p.word(&t),
                Token::TagToken(tag) => {
                    let name = tag.name.as_ref();
                    let start = tag.kind == TagKind::StartTag;
                    let hides = matches!(name, "head" | "style" | "script" | "template" | "title");
                    if hides && !tag.self_closing {
                        p.hidden = if start {
                            p.hidden + 1
                        } else {
                            p.hidden.saturating_sub(1)
                        };
                    }
                    match name {
                        "br" if start => p.block(1),
                        "li" if start => {
                            p.block(1);
                            p.word("- ");
                            // "- " then the item's words.
                            p.space = true;
                        }
                        "ul" | "ol" | "p" | "div" | "blockquote" | "figure" | "figcaption"
                        | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "section" | "article"
                        | "header" | "footer" | "aside" | "table" | "tr" | "pre" | "hr" | "dl"
                        | "dt" | "dd" | "address" => p.block(2),
                        "a" if start => {
                            let href = tag
                                .attrs
                                .iter()
                                .find(|a| &*a.name.local == "href")
                                .map(|a| a.value.to_string())
                                .filter(|h| h.starts_with("https://") || h.starts_with("http://"));
                            let at = p.out.len();
                            p.links.push((href, at));
                        }
                        "a" => {
                            if let Some((Some(href), at)) = p.links.pop() {
                                let words = p.out[at..].trim().to_string();
                                if words != href && !words.is_empty() {
                                    p.word(&format!(" ({href})"));
                                }
                            }
                        }
                        _ => {}
                    }
                    if start {
                        // A script's or style's text is read as the browser reads it, so
                        // nothing in it is taken for a tag.
                        return after_html_start_tag(name);
                    }
                }
                _ => {}
            }
            TokenSinkResult::Continue
        }
    }
    let mut text = tokenize(Sink(RefCell::default()), html).0.into_inner().out;
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_paragraphs_items_and_link_addresses_and_drops_the_head() {
        let html = "<html><head><title>T</title><style>p{x:1}</style></head><body>\
            <h1>Head  line</h1><p>One <em>two</em>\n three.<br>Four</p>\
            <ul><li>a</li><li>b</li></ul>\
            <p>See <a href=\"https://icj.org/x\">the court</a>, \
            <a href=\"https://icj.org/y\">https://icj.org/y</a>, \
            <a href=\"mailto:a@b.org\">a@b.org</a>.</p><script>alert(1)</script></body></html>";
        assert_eq!(
            plain_text(html),
            "Head line\n\nOne two three.\nFour\n\n- a\n- b\n\n\
             See the court (https://icj.org/x), https://icj.org/y, a@b.org.\n"
        );
    }

    #[test]
    fn attributes_are_counted_as_the_tokenizer_reads_them() {
        let many = |n: usize| {
            format!(
                "<p {}>x</p>",
                (0..n)
                    .map(|i| format!("a{i}=x"))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        };
        assert!(!too_many_attributes(&many(limits::HTML_ATTRIBUTES)));
        assert!(too_many_attributes(&format!("ab {}", many(300))));
        assert!(too_many_attributes(&many(300).replace("<p", "</p")));
        // Quoted values may hold anything, `>` included, and do not end the tag.
        let quoted = format!(
            "<p {}>",
            (0..300)
                .map(|i| format!("a{i}=\">\""))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(too_many_attributes(&quoted));
        assert!(!too_many_attributes(&"a < b and <3, x=1 y=2 ".repeat(1000)));
        // A tag that spans pieces is counted whole.
        let mut pieces = Nesting::default();
        assert!(pieces.feed("<p\n").is_ok());
        let fine = (0..300).all(|i| pieces.feed(&format!("a{i}=x\n")).is_ok());
        assert!(!fine);
    }

    #[test]
    fn nesting_counts_what_a_browser_keeps_open() {
        let mut deep = Nesting::default();
        assert!(
            deep.feed(&"<div>".repeat(limits::HTML_NESTING + 1))
                .is_err()
        );
        let mut paragraphs = Nesting::default();
        assert!(paragraphs.feed(&"<p>x<li>y<br>".repeat(10_000)).is_ok());
        let mut closed = Nesting::default();
        assert!(closed.feed(&"<div><b>x</b></div>".repeat(10_000)).is_ok());
        let mut formatting = Nesting::default();
        let open: String = (0..=limits::HTML_FORMATTING)
            .map(|i| format!("<b class=c{i}>"))
            .collect();
        assert!(formatting.feed(&open).is_err());
    }
}
