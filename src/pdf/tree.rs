//! A release's HTML, as the feeds carry it, made the data a PDF template typesets: a tree
//! of elements (`{"t": "p", "c": […]}`) and text (plain JSON strings). The template
//! walks it and gives each element its look; no text is ever read as Typst markup, so
//! nothing a volunteer writes can change the layout or run code.
//!
//! Only what a page of print can show is kept: the elements of text and their `lang` and
//! `dir`, a link's address when it is one a reader can follow (http, https, mailto), and
//! a table's rows and cells. Pictures, scripts, styles and forms are left out. Runs of
//! white space are one space, as a browser shows them, except in `<pre>`.

use std::cell::RefCell;

use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};
use serde_json::{Map, Value, json};

use crate::limits;

/// Elements kept, by their HTML name; any other is read through (its content is kept in
/// its parent's place).
const KEPT: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "code",
    "strong",
    "b",
    "em",
    "i",
    "a",
    "br",
    "hr",
    "sup",
    "sub",
    "table",
    "tr",
    "td",
    "th",
    "div",
    "span",
    "bdi",
    "dl",
    "dt",
    "dd",
    "small",
    "s",
    "del",
    "ins",
    "mark",
    "q",
    "cite",
    "abbr",
    "time",
];

/// Elements whose content is left out with them.
const HIDDEN: &[&str] = &[
    "head", "title", "style", "script", "template", "noscript", "svg", "math", "iframe", "object",
    "video", "audio", "picture", "select", "textarea", "button",
];

/// Elements with no content and no end tag.
const VOID: &[&str] = &[
    "br", "hr", "img", "wbr", "source", "input", "meta", "link", "area", "base", "col", "embed",
    "track",
];

/// Elements that hold blocks: white space between their children is not text.
const BLOCKS: &[&str] = &[
    "root",
    "div",
    "ul",
    "ol",
    "blockquote",
    "figure",
    "table",
    "tr",
    "dl",
];

/// The tree of the HTML fragment `html`, under a `root` element.
pub(crate) fn tree(html: &str) -> Value {
    let sink = crate::html::tokenize(Sink(RefCell::new(Builder::new())), html);
    sink.0.into_inner().finish()
}

struct Node {
    tag: &'static str,
    attrs: Map<String, Value>,
    children: Vec<Value>,
    /// Open in the HTML but not kept: read through, or nested too deep.
    through: bool,
    html_name: String,
}

struct Builder {
    open: Vec<Node>,
    /// Inside a hidden element: nothing read.
    hidden: usize,
    /// Inside `<pre>`: white space kept.
    pre: usize,
}

impl Builder {
    fn new() -> Builder {
        Builder {
            open: vec![Node {
                tag: "root",
                attrs: Map::new(),
                children: Vec::new(),
                through: false,
                html_name: String::new(),
            }],
            hidden: 0,
            pre: 0,
        }
    }

    /// The innermost element kept, which text and elements go into.
    fn parent(&mut self) -> &mut Node {
        let at = self.open.iter().rposition(|n| !n.through).unwrap_or(0);
        &mut self.open[at]
    }

    fn depth(&self) -> usize {
        self.open.iter().filter(|n| !n.through).count()
    }

    fn text(&mut self, text: &str) {
        let pre = self.pre > 0;
        let parent = self.parent();
        let text = if pre {
            text.to_string()
        } else {
            let mut out = String::with_capacity(text.len());
            let mut space = false;
            for c in text.chars() {
                if c.is_whitespace() {
                    space = true;
                } else {
                    if space {
                        out.push(' ');
                    }
                    space = false;
                    out.push(c);
                }
            }
            if space {
                out.push(' ');
            }
            out
        };
        if text.is_empty() || (text == " " && BLOCKS.contains(&parent.tag)) {
            return;
        }
        // Joined to the text before, with one space between.
        if let Some(Value::String(before)) = parent.children.last_mut() {
            if before.ends_with(' ') && text.starts_with(' ') && !pre {
                before.push_str(&text[1..]);
            } else {
                before.push_str(&text);
            }
        } else {
            parent.children.push(Value::String(text));
        }
    }

    fn start(&mut self, name: &str, attrs: &[html5ever::Attribute], self_closing: bool) {
        if HIDDEN.contains(&name) {
            if !self_closing {
                self.hidden += 1;
            }
            return;
        }
        let kept = KEPT.iter().find(|k| **k == name).copied();
        let mut node = Node {
            tag: kept.unwrap_or("through"),
            attrs: Map::new(),
            children: Vec::new(),
            // Deeper than a template can walk: its content goes into the element above.
            through: kept.is_none() || self.depth() > limits::PDF_NESTING,
            html_name: name.to_string(),
        };
        for attr in attrs {
            let value = attr.value.trim();
            match &*attr.name.local {
                "lang" => {
                    if let Some(lang) = language(value) {
                        node.attrs.insert("lang".into(), json!(lang));
                    }
                }
                "dir" if matches!(value, "ltr" | "rtl") => {
                    node.attrs.insert("dir".into(), json!(value));
                }
                "class" if !value.is_empty() => {
                    node.attrs.insert("class".into(), json!(value));
                }
                "href" if name == "a" => {
                    if let Some(href) = followable(value) {
                        node.attrs.insert("href".into(), json!(href));
                    }
                }
                _ => {}
            }
        }
        if VOID.contains(&name) || self_closing {
            if !node.through {
                let value = node.into_value();
                self.parent().children.push(value);
            }
            return;
        }
        if name == "pre" {
            self.pre += 1;
        }
        self.open.push(node);
    }

    fn end(&mut self, name: &str) {
        if HIDDEN.contains(&name) {
            self.hidden = self.hidden.saturating_sub(1);
            return;
        }
        // Closes the innermost element of that name, and any left open inside it.
        let Some(at) = self.open.iter().rposition(|n| n.html_name == name) else {
            return;
        };
        if at == 0 {
            return;
        }
        while self.open.len() > at {
            self.close();
        }
    }

    fn close(&mut self) {
        let node = self.open.pop().expect("the root stays open");
        if node.html_name == "pre" {
            self.pre = self.pre.saturating_sub(1);
        }
        if node.through {
            let parent = self.parent();
            for child in node.children {
                parent.children.push(child);
            }
            return;
        }
        let value = node.into_value();
        self.parent().children.push(value);
    }

    fn finish(mut self) -> Value {
        while self.open.len() > 1 {
            self.close();
        }
        self.open.pop().expect("the root").into_value()
    }
}

impl Node {
    fn into_value(self) -> Value {
        let mut map = self.attrs;
        map.insert("t".into(), json!(self.tag));
        if !self.children.is_empty() {
            map.insert("c".into(), Value::Array(self.children));
        }
        Value::Object(map)
    }
}

/// The language of the tag `code` (`pt-BR`) as Typst takes it: its first part, two or
/// three letters (`pt`); `None` when it has none.
pub(crate) fn language(code: &str) -> Option<String> {
    let primary = code.split(['-', '_']).next()?;
    (matches!(primary.len(), 2..=3) && primary.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| primary.to_ascii_lowercase())
}

/// The address of a link a reader of the PDF can follow, parsed as a browser parses it;
/// `None` for any other (a relative path, `javascript:`, `data:`).
fn followable(href: &str) -> Option<String> {
    let url = url::Url::parse(href).ok()?;
    matches!(url.scheme(), "http" | "https" | "mailto").then(|| url.to_string())
}

struct Sink(RefCell<Builder>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut b = self.0.borrow_mut();
        match token {
            Token::CharacterTokens(t) if b.hidden == 0 => b.text(&t),
            Token::TagToken(tag) => {
                let name = tag.name.as_ref();
                if tag.kind == TagKind::StartTag {
                    if b.hidden == 0 {
                        b.start(name, &tag.attrs, tag.self_closing);
                    } else if HIDDEN.contains(&name) && !tag.self_closing {
                        b.hidden += 1;
                    }
                    return crate::html::after_html_start_tag(name);
                }
                if b.hidden == 0 || HIDDEN.contains(&name) {
                    b.end(name);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_elements_and_their_language_are_kept_and_the_rest_read_through_or_left_out() {
        let html = "<div lang=\"ar\" dir=\"rtl\">\n<p class=\"dateline\"><strong>لاهاي،  ١٢</strong> —</p>\n\
            <p>See <a href=\"https://icj.org/x\" onclick=\"x()\">the court</a> and \
            <a href=\"javascript:alert(1)\">this</a><img src=\"a.png\" alt=\"A\"><script>no()</script></p>\
            <ul>\n<li>a</li>\n<li><custom>b</custom></li></ul><pre>x\n  y</pre></div>";
        assert_eq!(
            tree(html),
            json!({"t": "root", "c": [{"t": "div", "lang": "ar", "dir": "rtl", "c": [
                {"t": "p", "class": "dateline", "c": [{"t": "strong", "c": ["لاهاي، ١٢"]}, " —"]},
                {"t": "p", "c": ["See ", {"t": "a", "href": "https://icj.org/x", "c": ["the court"]},
                    " and ", {"t": "a", "c": ["this"]}]},
                {"t": "ul", "c": [{"t": "li", "c": ["a"]}, {"t": "li", "c": ["b"]}]},
                {"t": "pre", "c": ["x\n  y"]},
            ]}]})
        );
    }

    #[test]
    fn elements_nested_deeper_than_a_template_walks_keep_their_words_in_the_one_above() {
        let depth = 100;
        let html = format!(
            "{}deep words{}",
            "<blockquote>".repeat(depth),
            "</blockquote>".repeat(depth)
        );
        let mut node = &tree(&html);
        let mut levels = 0;
        while let Some(child) = node.get("c").and_then(|c| c.get(0)) {
            node = child;
            levels += 1;
        }
        assert_eq!(node, &json!("deep words"));
        assert_eq!(levels, limits::PDF_NESTING + 1);
    }
}
