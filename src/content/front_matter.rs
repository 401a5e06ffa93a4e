//! Splitting a content file into its YAML front matter and Markdown body, and turning the
//! YAML into a typed struct with errors that point at the right line of the file.

use serde::de::DeserializeOwned;

use crate::yaml;

const FENCE: &str = "---";

/// A content file cut in two. Line numbers are 1-based lines of the whole file.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub body: &'a str,
    /// The file line of the body's first line.
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `---`.
    Missing,
    /// The opening `---` has no closing `---`.
    Unclosed,
}

/// Cuts `text` (already without BOM, with `\n` line ends) at its `---` fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let Some(rest) = text
        .strip_prefix(FENCE)
        .and_then(|r| r.strip_prefix('\n').or_else(|| r.is_empty().then_some(r)))
    else {
        return Err(SplitError::Missing);
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == FENCE {
            return Ok(Split {
                yaml: &rest[..offset],
                body: &rest[offset + line.len()..],
                // Line 1 is the opening fence, the YAML starts on line 2, the closing fence is
                // on line i + 2.
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

/// Parses the YAML part. On error, returns the file line and the message.
pub fn parse<T: DeserializeOwned>(yaml_text: &str) -> Result<T, (Option<usize>, String)> {
    yaml::from_str(yaml_text).map_err(|e| (e.line.map(|l| l + 1), e.message))
}

/// The file line where the top-level `key:` is written, if it is.
pub fn key_line(yaml_text: &str, key: &str) -> Option<usize> {
    yaml_text
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 2)
}

/// The file line where `value` is written under the top-level `key:` (a list item, say),
/// falling back to the key's own line.
pub fn value_line(yaml_text: &str, key: &str, value: &str) -> Option<usize> {
    let start = key_line(yaml_text, key)?;
    yaml_text
        .lines()
        .enumerate()
        .skip(start - 2)
        .find(|(_, l)| l.contains(value))
        .map(|(i, _)| i + 2)
        .or(Some(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let cases: &[(&str, &str, &str, usize)] = &[
            ("---\ntitle: a\n---\nbody\n", "title: a\n", "body\n", 4),
            ("---\ntitle: a\n---\n", "title: a\n", "", 4),
            ("---\n---\nbody", "", "body", 3),
            ("---\na: 1\nb: 2\n---   \n\nx", "a: 1\nb: 2\n", "\nx", 5),
        ];
        for (text, yaml, body, line) in cases {
            let s = split(text).unwrap();
            assert_eq!(
                (s.yaml, s.body, s.body_line),
                (*yaml, *body, *line),
                "{text:?}"
            );
        }
    }

    #[test]
    fn reports_missing_and_unclosed() {
        assert_eq!(split("title: a\n").unwrap_err(), SplitError::Missing);
        assert_eq!(split("").unwrap_err(), SplitError::Missing);
        assert_eq!(split("----\na: 1\n---\n").unwrap_err(), SplitError::Missing);
        assert_eq!(
            split("---\ntitle: a\nbody\n").unwrap_err(),
            SplitError::Unclosed
        );
    }

    #[test]
    fn finds_key_and_value_lines() {
        let yaml = "title: x\nstatements:\n  - one\n  - two\n";
        assert_eq!(key_line(yaml, "title"), Some(2));
        assert_eq!(key_line(yaml, "statements"), Some(3));
        assert_eq!(value_line(yaml, "statements", "two"), Some(5));
        assert_eq!(key_line(yaml, "date"), None);
    }
}
