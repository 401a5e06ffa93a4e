//! The privacy scanner and the sanitiser on one arbitrary text: read as HTML, as CSS, as
//! XML and as a Markdown body (cleaned, then scanned as the build scans it). Errors are
//! fine; a panic is a bug, and so is a cleaned body that still holds a URL of a scheme
//! the cleaner should have dropped, or an event handler.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use pressroom::markdown::{Options, render};
use pressroom::privacy;
use url::Url;

static PAGE: LazyLock<Url> =
    LazyLock::new(|| Url::parse("https://fuzz.example.org/releases/x/").unwrap());

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let page = &*PAGE;
    let _ = privacy::html(text, page);
    let _ = privacy::css(text, page, 1);
    let _ = privacy::xml(text, page);
    let _ = privacy::html(&format!("<svg xmlns=\"http://www.w3.org/2000/svg\">{text}</svg>"), page);
    let rendered = render(
        text,
        &Options {
            base_url: "https://fuzz.example.org",
            page,
            unsafe_html: false,
        },
    );
    for piece in &rendered.pieces {
        let scan = privacy::html(piece, page);
        for r in &scan.references {
            let Some(url) = &r.url else { continue };
            assert!(
                matches!(url.scheme(), "http" | "https" | "mailto" | "tel"),
                "{} survived cleaning in {piece}",
                r.written
            );
        }
        assert!(!handler(piece), "an event handler survived cleaning: {piece}");
    }
});

/// Whether `html` has an attribute named `on…` on any tag, read by a browser's tokenizer.
fn handler(html: &str) -> bool {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{
        BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    use std::cell::Cell;

    struct Sink(Cell<bool>);
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token
                && tag.attrs.iter().any(|a| a.name.local.starts_with("on"))
            {
                self.0.set(true);
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Sink(Cell::new(false)), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.get()
}
