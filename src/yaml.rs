//! The only module that knows which YAML library parses front matter and i18n files.
//!
//! serde_yaml is no longer maintained upstream; keeping it behind this one function means a
//! replacement touches this file and nothing else.

use serde::de::DeserializeOwned;

/// A YAML error, positioned within the YAML text that was parsed.
#[derive(Debug)]
pub(crate) struct YamlError {
    /// 1-based line within the YAML text, when the parser knows it.
    pub(crate) line: Option<usize>,
    pub(crate) message: String,
}

pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    // The parser's time grows with the square of the nesting: bound it first.
    if let Some(line) = too_deep(text) {
        return Err(YamlError {
            line: Some(line),
            message: format!(
                "brackets or braces nested more than {} deep",
                crate::limits::YAML_NESTING
            ),
        });
    }
    // An empty document is an empty mapping, so a file with only `---\n---` reports the
    // missing required fields rather than a confusing "EOF while parsing".
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        let mut message = e.to_string();
        // serde_yaml appends " at line L column C"; the caller reports the line itself.
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        YamlError { line, message }
    })
}

/// The top-level keys of the mapping `text` holds, with the line each is written on
/// (1-based, within `text`), or nothing when it does not parse as one.
pub(crate) fn top_keys(text: &str) -> Vec<(String, usize)> {
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(text)
    else {
        return Vec::new();
    };
    map.keys()
        .filter_map(|k| k.as_str())
        .map(|key| {
            let line = text
                .lines()
                .position(|l| {
                    l.strip_prefix(key)
                        .is_some_and(|r| r.trim_start().starts_with(':'))
                })
                .map_or(1, |i| i + 1);
            (key.to_string(), line)
        })
        .collect()
}

/// The first character no text may hold (see [`crate::text::unwritable`]) in any string of
/// `text`, as YAML escapes such as `"\u0007"` can write one where the raw text shows none.
pub(crate) fn unwritable(text: &str) -> Option<char> {
    fn walk(value: &serde_yaml::Value) -> Option<char> {
        use serde_yaml::Value;
        let bad = |s: &str| crate::text::first_unwritable(s).map(|(_, c, _)| c);
        match value {
            Value::String(s) => bad(s),
            Value::Sequence(items) => items.iter().find_map(walk),
            Value::Mapping(map) => map.iter().find_map(|(k, v)| walk(k).or_else(|| walk(v))),
            Value::Tagged(tagged) => walk(&tagged.value),
            _ => None,
        }
    }
    serde_yaml::from_str::<serde_yaml::Value>(text)
        .ok()
        .and_then(|v| walk(&v))
}

/// The line where flow collections (`[…]`, `{…}`) nest deeper than
/// [`crate::limits::YAML_NESTING`], found in one pass without parsing. A bracket, brace or
/// quote counts only where a value can begin (at the start of a line, or after `-`, `:`,
/// `,`, `?` or another bracket), so `title: Don't [stop]` is a plain title; text in
/// quotes and comments is skipped.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut line = 1;
    // The last character that was not a space: a value can begin after these.
    let mut before = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let starts_value = matches!(before, '\n' | '-' | ':' | ',' | '?' | '[' | '{');
        match c {
            '\n' => {
                line += 1;
                before = '\n';
                continue;
            }
            ' ' | '\t' => {
                // `#` after a space starts a comment.
                if chars.peek() == Some(&'#') {
                    for c in chars.by_ref() {
                        if c == '\n' {
                            line += 1;
                            break;
                        }
                    }
                    before = '\n';
                }
                continue;
            }
            '#' if before == '\n' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
                continue;
            }
            '"' if starts_value => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' if chars.next() == Some('\n') => line += 1,
                        '\n' => line += 1,
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '\'' if starts_value => {
                while let Some(c) = chars.next() {
                    match c {
                        '\n' => line += 1,
                        '\'' if chars.peek() == Some(&'\'') => {
                            chars.next();
                        }
                        '\'' => break,
                        _ => {}
                    }
                }
            }
            // A tag (`!t`) or an anchor (`&a`) comes before the value it names: what
            // follows it still starts the value.
            '!' | '&' if starts_value => {
                while chars.peek().is_some_and(|c| {
                    !c.is_whitespace() && !matches!(c, '[' | '{' | ',' | ']' | '}')
                }) {
                    chars.next();
                }
                continue;
            }
            '[' | '{' if starts_value => {
                depth += 1;
                if depth > crate::limits::YAML_NESTING {
                    return Some(line);
                }
            }
            // Inside a plain scalar (`a[b`): text, and what follows it is text too.
            '[' | '{' => {
                before = 'a';
                continue;
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        before = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::too_deep;

    #[test]
    fn nesting_is_bounded_before_parsing() {
        let deep = format!("title: x\nextra: {}", "[".repeat(100_000));
        assert_eq!(too_deep(&deep), Some(2));
        let braces = format!("a: 1\n\nextra: {}", "{a: ".repeat(100_000));
        assert_eq!(too_deep(&braces), Some(3));
        // Tags and anchors before the brackets.
        assert_eq!(
            too_deep(&format!("extra: {}", "[!t ".repeat(100_000))),
            Some(1)
        );
        assert_eq!(
            too_deep(&format!("extra: {}", "[&a ".repeat(100_000))),
            Some(1)
        );
        assert_eq!(
            too_deep(&format!("extra: {}", "!!seq [".repeat(100_000))),
            Some(1)
        );
        for fine in [
            "title: Don't [stop] {now}\ntags: [a, [b, {c: d}]]\n",
            &format!("title: \"{}\"\n", "[".repeat(1000)),
            &format!("title: '{}'\n", "{".repeat(1000)),
            &format!("title: x # {}\n", "[".repeat(1000)),
            &format!("title: a{}\n", "[".repeat(1000)),
            &format!("extra: {}{}\n", "[".repeat(64), "]".repeat(64)),
        ] {
            assert_eq!(too_deep(fine), None, "{fine:.60}");
        }
    }
}
