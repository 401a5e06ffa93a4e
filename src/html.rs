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
pub fn tokenize<S: TokenSink>(sink: S, text: &str) -> S {
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(text));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

/// What the tokenizer reads after the start tag `name`, as the tree builder would tell
/// it. Not `<noscript>`: a reader without JavaScript (Tor Browser at "Safest") gets its
/// contents as markup, so they are read as markup.
pub fn after_start_tag(name: &str) -> TokenSinkResult<()> {
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

/// Whether `text` has a tag with more than [`limits::HTML_ATTRIBUTES`] attributes, found
/// without the tokenizer (whose duplicate check makes such a tag cost the square of its
/// attributes).
pub fn too_many_attributes(text: &str) -> bool {
    !Attributes::default().feed(text)
}

/// Counts attributes per tag, following the tokenizer's tag and attribute states so
/// that what it counts is at least what the tokenizer would make; fed piece by piece, as
/// a tag may span pieces.
#[derive(Default)]
struct Attributes {
    state: State,
    count: usize,
}

#[derive(Clone, Copy, PartialEq, Default)]
enum State {
    #[default]
    Data,
    /// After `<`, `</`.
    Open,
    Tag,
    Name,
    AfterName,
    /// After `=`, before the value.
    Equals,
    Quoted(u8),
    Unquoted,
}

impl Attributes {
    /// Reads `text`; `false` once a tag has too many attributes.
    fn feed(&mut self, text: &str) -> bool {
        for &b in text.as_bytes() {
            self.state = match self.state {
                State::Data => {
                    if b == b'<' {
                        State::Open
                    } else {
                        State::Data
                    }
                }
                State::Open => match b {
                    b'/' => State::Open,
                    b if b.is_ascii_alphabetic() => {
                        self.count = 0;
                        State::Tag
                    }
                    b'<' => State::Open,
                    _ => State::Data,
                },
                State::Tag => match b {
                    b'>' => State::Data,
                    b if b.is_ascii_whitespace() || b == b'/' => State::AfterName,
                    _ => State::Tag,
                },
                State::AfterName => match b {
                    b'>' => State::Data,
                    b'=' if self.count > 0 => State::Equals,
                    b if b.is_ascii_whitespace() || b == b'/' => State::AfterName,
                    _ => {
                        self.count += 1;
                        if self.count > limits::HTML_ATTRIBUTES {
                            return false;
                        }
                        State::Name
                    }
                },
                State::Name => match b {
                    b'>' => State::Data,
                    b'=' => State::Equals,
                    b if b.is_ascii_whitespace() || b == b'/' => State::AfterName,
                    _ => State::Name,
                },
                State::Equals => match b {
                    b'"' | b'\'' => State::Quoted(b),
                    b'>' => State::Data,
                    b if b.is_ascii_whitespace() => State::Equals,
                    _ => State::Unquoted,
                },
                State::Quoted(quote) => {
                    if b == quote {
                        State::AfterName
                    } else {
                        State::Quoted(quote)
                    }
                }
                State::Unquoted => match b {
                    b'>' => State::Data,
                    b if b.is_ascii_whitespace() => State::AfterName,
                    _ => State::Unquoted,
                },
            };
        }
        true
    }
}

/// How deep raw HTML nests, as a browser would build it, fed piece by piece: an upper
/// bound found in the tokenizer's linear pass, before a tree is built. Void elements and
/// those whose end tag may be left out (`<p>`, `<li>`, table cells) do not count. Open
/// formatting elements (`<b>`, `<i>`…) count again: a browser opens them anew in every
/// following block, so each one left open multiplies what the page holds.
#[derive(Default)]
pub struct Nesting {
    attributes: Attributes,
    tokenizer: Option<Tokenizer<NestingSink>>,
}

#[derive(Default)]
struct NestingSink {
    open: RefCell<Vec<html5ever::LocalName>>,
    formatting: RefCell<usize>,
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
        after_start_tag(name)
    }
}

impl Nesting {
    /// Reads the next piece of raw HTML. Returns what went past the bounds, if anything
    /// read so far did: [`limits::HTML_ATTRIBUTES`] attributes on a tag (counted before
    /// the tokenizer sees the piece), [`limits::HTML_NESTING`] open elements,
    /// [`limits::HTML_FORMATTING`] of them formatting ones.
    pub fn feed(&mut self, html: &str) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
