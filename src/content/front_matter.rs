//! Splitting a content file into its YAML front matter and Markdown body, and turning the
//! YAML into a typed struct with errors that point at the right line of the file.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::{lint, model};
use crate::error::Diagnostic;
use crate::yaml;

const FENCE: &str = "---";

/// A content file cut in two. Line numbers are 1-based lines of the whole file.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    pub(crate) yaml: &'a str,
    pub(crate) body: &'a str,
    /// The file line of the body's first line.
    pub(crate) body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The file does not start with `---`.
    Missing,
    /// The opening `---` has no closing `---`.
    Unclosed,
}

/// Cuts `text` (already without BOM, with `\n` line ends) at its `---` fences.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
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
pub(crate) fn parse<T: DeserializeOwned>(yaml_text: &str) -> Result<T, (Option<usize>, String)> {
    yaml::from_str(yaml_text).map_err(|e| (e.line.map(|l| l + 1), e.message))
}

/// What went wrong when the front matter of `rel` did not parse, in words a press
/// officer can act on: every unknown key with the one meant, a date rewritten, the line a
/// missing `---` left in, and otherwise what YAML's message means (YAML's own words
/// follow in brackets, never alone). `line` is the file line YAML named.
pub(crate) fn explain<M: DeserializeOwned>(
    rel: &Path,
    split: &Split,
    line: Option<usize>,
    message: &str,
) -> Vec<Diagnostic> {
    if message.starts_with("unknown field") {
        let known = model::fields::<M>();
        let unknown: Vec<Diagnostic> = yaml::top_keys(split.yaml)
            .into_iter()
            .filter(|(key, _)| !known.contains(&key.as_str()))
            .map(|(key, at)| {
                let hint = match did_you_mean(&key, known) {
                    Some(k) => format!("did you mean `{k}`? Keys of your own go under `extra:`"),
                    None => format!(
                        "the keys are {}; keys of your own go under `extra:`",
                        known.join(", ")
                    ),
                };
                Diagnostic::new(
                    rel,
                    Some(at + 1),
                    format!("`{key}` is not a key pressroom knows"),
                )
                .with_hint(hint)
            })
            .collect();
        if !unknown.is_empty() {
            return unknown;
        }
    }
    for (prefix, key, hint) in [
        (model::BAD_DATE, "date", model::DATE_HINT),
        (model::BAD_EMBARGO, "embargo", model::EMBARGO_HINT),
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let line = key_line(split.yaml, key).or(line);
            let (what, fix) = rest
                .trim_start_matches(':')
                .trim()
                .split_once(" | ")
                .map_or(
                    (rest.trim_start_matches(':').trim(), hint.to_string()),
                    |(w, f)| (w, f.to_string()),
                );
            return vec![Diagnostic::new(rel, line, format!("`{key}`: {what}")).with_hint(fix)];
        }
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        return vec![
            Diagnostic::new(rel, Some(2), format!("the front matter has no `{field}:`"))
                .with_hint(format!("add a line `{field}: …` between the `---` lines")),
        ];
    }
    if let Some(at) = split
        .yaml
        .lines()
        .position(|l| !l.trim().is_empty() && !lint::looks_like_yaml(l))
    {
        let fence = split.body_line - 1;
        return vec![
            Diagnostic::new(
                rel,
                Some(at + 2),
                format!(
                    "this line does not look like front matter: the `---` that should close it \
                     above seems missing, and the `---` on line {fence} (a rule in the text?) \
                     was taken as its end"
                ),
            )
            .with_hint("add a line `---` after the last key, before the text begins"),
        ];
    }
    // pressroom's own bound (see `yaml`) speaks plainly already.
    if message.starts_with("brackets or braces nested") {
        return vec![
            Diagnostic::new(rel, line, message)
                .with_hint("a list or mapping inside another that deep is never front matter"),
        ];
    }
    let (plain, hint) = plain_words(message);
    vec![Diagnostic::new(rel, line, format!("{plain} (YAML said: {message})")).with_hint(hint)]
}

/// The known word closest to `word`, if one is close enough to be what was meant.
pub(crate) fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let word = word.trim().to_lowercase();
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&word, &k.to_lowercase()), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// YAML's message in plain words, with what to do.
fn plain_words(message: &str) -> (String, String) {
    let key = message
        .split_once(": invalid type")
        .map(|(k, _)| format!("`{k}`"))
        .unwrap_or_else(|| "this value".into());
    let (plain, hint) = if message.contains("mapping values are not allowed") {
        (
            "a colon followed by a space makes YAML read a new key here".to_string(),
            "put the whole value in double quotes: key: \"…: …\"",
        )
    } else if message.contains("did not find expected key") {
        (
            "YAML expected a new `key:` on this line".into(),
            "a quote or bracket opened above may not be closed, or the line is indented wrongly",
        )
    } else if message.contains("cannot start any token") {
        (
            "this value starts with a character YAML keeps for itself (`@`, `` ` `` or `%`)".into(),
            "put the whole value in double quotes",
        )
    } else if message.contains("tab character") {
        (
            "a tab here: YAML indents with spaces only".into(),
            "replace the tab with spaces",
        )
    } else if message.contains("end of stream") || message.contains("quoted scalar") {
        (
            "a quote opened here is never closed".into(),
            "close the quote at the end of the value",
        )
    } else if message.contains("flow sequence") || message.contains("flow mapping") {
        (
            "a list in brackets is not closed, or holds something YAML cannot read".into(),
            "write the list like: tags: [first, second]",
        )
    } else if message.contains("duplicate") {
        ("a key is written twice".into(), "keep one of them")
    } else if message.contains("expected a string") {
        (
            format!("{key} should be text on one line"),
            "write it in double quotes after the colon",
        )
    } else if message.contains("expected a sequence") {
        (
            format!("{key} should be a list"),
            "write it like: tags: [first, second]",
        )
    } else if message.contains("expected a boolean") {
        (
            format!("{key} is either true or false"),
            "write true or false",
        )
    } else {
        (
            "YAML could not read this line".into(),
            "check the line against the front matter primer in the README",
        )
    };
    (plain, hint.to_string())
}

/// The file line where the top-level `key:` is written, if it is.
pub(crate) fn key_line(yaml_text: &str, key: &str) -> Option<usize> {
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
pub(crate) fn value_line(yaml_text: &str, key: &str, value: &str) -> Option<usize> {
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
