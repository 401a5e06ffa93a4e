//! Characters and words, as feeds and terminals take them.
//!
//! Feeds and the sitemap are XML 1.0, which cannot carry control characters (other than
//! tab and line ends) nor U+FFFE and U+FFFF: one of them pasted from a word processor makes
//! every feed of the site unreadable. Unicode's other noncharacters (U+FDD0 to U+FDEF, and
//! the last two of every plane) are "not for interchange" and refused with them.
//!
//! File names and messages come from volunteers' folders: printed raw, an escape sequence
//! in a name (`ESC ] 0 ;`…) would retitle or rewrite the terminal, and a bidirectional
//! override would show a name other than the real one. [`printable`] escapes them.

use std::borrow::Cow;

/// A character no text of the site may hold (see the module documentation), with the
/// words to name it.
pub(crate) fn unwritable(c: char) -> Option<&'static str> {
    if c.is_control() && c != '\t' && c != '\n' {
        Some("invisible control character")
    } else if is_noncharacter(c) {
        Some("Unicode noncharacter")
    } else {
        None
    }
}

/// The first character `text` may not hold, with its byte offset and its description.
pub(crate) fn first_unwritable(text: &str) -> Option<(usize, char, &'static str)> {
    text.char_indices()
        .find_map(|(at, c)| unwritable(c).map(|what| (at, c, what)))
}

/// "invisible control character U+0007", "Unicode noncharacter U+FFFE".
pub(crate) fn describe(c: char, what: &str) -> String {
    format!("{what} U+{:04X}", c as u32)
}

fn is_noncharacter(c: char) -> bool {
    let c = c as u32;
    (0xFDD0..=0xFDEF).contains(&c) || (c & 0xFFFE) == 0xFFFE
}

/// `text` with what a terminal would act on written out as escapes: control characters
/// (but a line end) and bidirectional embeddings, overrides and isolates.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    escaped(text, false)
}

/// As [`printable`], for a name (a path, a slug): a line end is escaped too, so a name can
/// never pass for two lines of output.
pub fn printable_name(text: &str) -> Cow<'_, str> {
    escaped(text, true)
}

fn escaped(text: &str, line_ends: bool) -> Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && (c != '\n' || line_ends))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// "1 release", "2 releases": `plural` is the name the summary counts in.
pub fn counted(n: usize, plural: &str) -> String {
    if n != 1 {
        return format!("{n} {plural}");
    }
    let one = match plural {
        "people" => "person",
        "other" => "other",
        p => p.strip_suffix('s').unwrap_or(p),
    };
    format!("1 {one}")
}

/// "a", "a and b", "a, b and c".
pub fn joined(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_xml_and_unicode_refuse() {
        for bad in [
            '\u{7}',
            '\u{1b}',
            '\u{85}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{FDD0}',
            '\u{1FFFF}',
            '\u{10FFFE}',
        ] {
            assert!(unwritable(bad).is_some(), "{:X}", bad as u32);
        }
        for good in ['\t', '\n', 'a', 'ت', '\u{FFFD}', '\u{200F}', '\u{1F600}'] {
            assert!(unwritable(good).is_none(), "{:X}", good as u32);
        }
    }

    #[test]
    fn terminal_escapes_are_written_out() {
        assert_eq!(printable("plain/ملف.md"), "plain/ملف.md");
        assert_eq!(
            printable("a\u{1b}]0;owned\u{7}b\u{202E}c"),
            "a\\u{1b}]0;owned\\u{7}b\\u{202e}c"
        );
        assert_eq!(printable("two\nlines"), "two\nlines");
        assert_eq!(printable_name("two\nlines"), "two\\u{a}lines");
    }
}
