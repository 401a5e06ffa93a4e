//! The only module that knows which YAML library parses front matter and i18n files.
//!
//! serde_yaml is no longer maintained upstream; keeping it behind this one function means a
//! replacement touches this file and nothing else.

use serde::de::DeserializeOwned;

/// A YAML error, positioned within the YAML text that was parsed.
#[derive(Debug)]
pub struct YamlError {
    /// 1-based line within the YAML text, when the parser knows it.
    pub line: Option<usize>,
    pub message: String,
}

pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
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

/// The first control character (other than tab and newline) in any string of `text`, as
/// YAML escapes such as `"\u0007"` can write one where the raw text shows none.
pub fn control_character(text: &str) -> Option<char> {
    fn walk(value: &serde_yaml::Value) -> Option<char> {
        use serde_yaml::Value;
        let bad = |s: &str| {
            s.chars()
                .find(|c| c.is_control() && *c != '\t' && *c != '\n')
        };
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
