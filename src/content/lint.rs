//! Front matter mistakes that people who have never seen YAML make, found in the text
//! before YAML reads it, each with the line rewritten. Some of them YAML would reject with
//! parser jargon ("mapping values are not allowed in this context"); worse, some it would
//! accept and silently drop words: `title: Campaign #FreeThemAll launches` publishes the
//! headline "Campaign", since ` #` starts a comment.
//!
//! Only lines of the common `key: value` and `- item` shapes are looked at. Text inside
//! block scalars (`summary: |`) and flow collections (`tags: [a, b]`) is left to YAML.

/// One mistake: where it is in the front matter (1-based line of the YAML text, and the
/// column in characters when it helps), what is wrong in plain words, and the line as it
/// should be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mistake {
    pub(crate) line: usize,
    pub(crate) column: Option<usize>,
    pub(crate) message: String,
    pub(crate) fix: String,
}

/// Spaces that word processors and web pages put in, which look like a space but are
/// none to YAML: non-breaking, narrow, figure, em and en spaces, and the zero-width ones.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200b}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{2060}'
                | '\u{3000}'
                | '\u{feff}'
                | '\u{180e}'
    )
}

fn zero_width(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{180e}')
}

/// How an invisible space is named in a message.
fn name_of(c: char) -> String {
    let name = match c {
        '\u{a0}' => "a non-breaking space",
        '\u{202f}' => "a narrow non-breaking space",
        '\u{2007}' => "a figure space",
        '\u{200b}' => "a zero-width space",
        '\u{2060}' => "a word joiner",
        '\u{feff}' => "a zero-width no-break space",
        _ => "an invisible space",
    };
    format!("{name} (U+{:04X})", c as u32)
}

/// Typographic quotes, which YAML reads as text, not as quoting.
const CURLY: &[char] = &['“', '”', '„', '‟', '«', '»', '‘', '’', '‚', '‹', '›'];

/// Every mistake in `yaml` (the text between the `---` lines), in line order.
pub(crate) fn lint(yaml: &str) -> Vec<Mistake> {
    let mut found = Vec::new();
    // The indentation of a key whose value is a block scalar (`|`, `>`): the lines
    // indented deeper are its text.
    let mut block: Option<usize> = None;
    let lines: Vec<&str> = yaml.lines().collect();
    for (i, raw) in lines.iter().enumerate() {
        let line = i + 1;
        let indent = raw.len() - raw.trim_start_matches([' ', '\t']).len();
        if let Some(key_indent) = block {
            if raw.trim().is_empty() || indent > key_indent {
                continue;
            }
            block = None;
        }
        let trimmed = raw.trim_start_matches([' ', '\t']);
        if trimmed.trim_start_matches(invisible).is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if raw[..indent].contains('\t') {
            let column = raw[..indent]
                .find('\t')
                .map_or(1, |b| raw[..b].chars().count() + 1);
            found.push(Mistake {
                line,
                column: Some(column),
                message: "a tab at the start of this line: YAML indents with spaces only".into(),
                fix: format!("{}{trimmed}", raw[..indent].replace('\t', "  ")),
            });
            continue;
        }
        let Some(parts) = Parts::of(raw) else {
            continue;
        };
        if let Some(mistake) = parts.invisible(raw, line) {
            found.push(mistake);
            continue;
        }
        let value = parts.value;
        if value.starts_with('|') || value.starts_with('>') {
            block = Some(indent);
            continue;
        }
        let continues = lines
            .get(i + 1)
            .is_some_and(|next| indentation(next) > indent && !next.trim().is_empty());
        if let Some(mistake) = check_value(&parts, line, continues) {
            found.push(mistake);
        }
    }
    found
}

/// Whether `line` has a shape front matter lines have: a comment, an indented line, a
/// list item, or `key: value`. Prose (the body, when the closing `---` is missing) has none.
pub(crate) fn looks_like_yaml(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with('#')
        || indentation(line) > 0
        || trimmed.starts_with('-')
        || trimmed.starts_with(['"', '\'', '[', '{', '?'])
        || Parts::of(line).is_some_and(|p| p.key.is_some())
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// A line cut into its parts: `  - key: value`.
struct Parts<'a> {
    /// Everything before the value (indentation, list markers, key and colon), as
    /// written but for invisible spaces, which are what [`Parts::invisible`] reports.
    head: &'a str,
    /// The key, if the line has one.
    key: Option<&'a str>,
    /// Where the value starts, in bytes of the line.
    value_at: usize,
    value: &'a str,
}

impl<'a> Parts<'a> {
    fn of(raw: &'a str) -> Option<Parts<'a>> {
        let mut at = indentation(raw);
        // List markers: `- `, `- - `.
        while raw[at..].starts_with("- ") || raw[at..] == *"-" {
            at += 1;
            at += raw[at..].len() - raw[at..].trim_start_matches(' ').len();
        }
        let rest = &raw[at..];
        // A key ends at a colon followed by white space (or what looks like it) or the end.
        let key_end = rest.char_indices().find_map(|(j, c)| {
            let next = rest[j + c.len_utf8()..].chars().next();
            (c == ':' && next.is_none_or(|n| n == ' ' || n == '\t' || invisible(n))).then_some(j)
        });
        let starts_quoted = rest.starts_with(['"', '\'', '[', '{']);
        match key_end {
            Some(j) if !starts_quoted && !rest[..j].contains(" #") => {
                let after = &rest[j + 1..];
                let value_start = after.len()
                    - after
                        .trim_start_matches(|c: char| c == ' ' || c == '\t' || invisible(c))
                        .len();
                let value_at = at + j + 1 + value_start;
                Some(Parts {
                    head: &raw[..value_at],
                    key: Some(rest[..j].trim_start_matches(invisible)),
                    value_at,
                    value: raw[value_at..].trim_end(),
                })
            }
            _ if at > indentation(raw) => Some(Parts {
                head: &raw[..at],
                key: None,
                value_at: at,
                value: raw[at..].trim_end(),
            }),
            _ => None,
        }
    }

    /// An invisible space in the indentation, the key, or between the colon and the
    /// value, where YAML needs a real one (or none).
    fn invisible(&self, raw: &str, line: usize) -> Option<Mistake> {
        let (at, c) = self.head.char_indices().find(|(_, c)| invisible(*c))?;
        let column = raw[..at].chars().count() + 1;
        // Before the key they go; after the colon they become plain spaces.
        let lead = self.head.len() - self.head.trim_start_matches(invisible).len();
        let head: String = self.head[lead..]
            .chars()
            .filter(|c| !zero_width(*c))
            .map(|c| if invisible(c) { ' ' } else { c })
            .collect();
        let place = match self.key {
            Some(key) if raw[..at].contains(':') => format!("after `{key}:`"),
            Some(key) => format!("in or before the key `{}`", key.trim()),
            None => "at the start of the line".into(),
        };
        Some(Mistake {
            line,
            column: Some(column),
            message: format!(
                "{} {place}, pasted from a word processor or a web page: to YAML it is no space",
                name_of(c)
            ),
            fix: format!("{head}{}", &raw[self.value_at..]),
        })
    }
}

/// The mistakes a plain (unquoted) value can hold.
fn check_value(parts: &Parts, line: usize, continues: bool) -> Option<Mistake> {
    let value = parts.value;
    if value.is_empty() || value.starts_with(['"', '[', '{', '&', '*', '!', '|', '>']) {
        return None;
    }
    let quoted_fix = |text: &str| format!("{}{}", parts.head, double_quoted(text));
    let what = match parts.key {
        Some(key) => format!("`{key}`"),
        None => "this item".to_string(),
    };
    if let Some(inner) = value.strip_prefix('\'') {
        // A single quote inside single quotes ends them: `'The court's order'`.
        let mut chars = inner.char_indices().peekable();
        while let Some((j, c)) = chars.next() {
            if c != '\'' {
                continue;
            }
            if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                continue;
            }
            let after = inner[j + 1..].trim();
            if after.is_empty() || after.starts_with('#') {
                return None;
            }
            let text = inner.strip_suffix('\'').unwrap_or(inner).replace("''", "'");
            return Some(Mistake {
                line,
                column: None,
                message: format!(
                    "the apostrophe in {what} ends the single quotes around it, and YAML cannot \
                     read the rest"
                ),
                fix: quoted_fix(&text),
            });
        }
        return None;
    }
    let curly = value.starts_with(CURLY);
    if let Some(at) = comment_start(value) {
        if at == 0 && continues {
            // `tags: # comment` above an indented list: a comment indeed.
            return None;
        }
        let (kept, dropped) = (value[..at].trim_end(), value[at..].trim_start());
        let message = if kept.is_empty() {
            format!(
                "{what} starts with `#`, which YAML takes as the start of a comment: the whole \
                 value (`{dropped}`) would be dropped"
            )
        } else {
            format!(
                "YAML takes ` #` as the start of a comment: the rest of the line (`{dropped}`) \
                 would be dropped, leaving {what} as `{kept}`"
            )
        };
        return Some(Mistake {
            line,
            column: Some(parts.head.chars().count() + value[..at].chars().count() + 1),
            message,
            fix: quoted_fix(value),
        });
    }
    let colon = value.contains(": ") || value.ends_with(':');
    if colon {
        let message = if curly {
            format!(
                "{what} starts with a typographic quote {}, which YAML reads as text, not as \
                 quoting, so the colon inside ends the key",
                value.chars().next().unwrap_or('“')
            )
        } else if value.ends_with(':') && !value[..value.len() - 1].contains(": ") {
            format!("{what} ends with a colon, which YAML reads as the start of a new key")
        } else {
            format!("a colon followed by a space inside {what} makes YAML read a new key there")
        };
        let text = if curly { strip_curly(value) } else { value };
        return Some(Mistake {
            line,
            column: None,
            message,
            fix: quoted_fix(text),
        });
    }
    None
}

/// Where a plain value's comment begins: a `#` at its start or after white space.
fn comment_start(value: &str) -> Option<usize> {
    if value.starts_with('#') {
        return Some(0);
    }
    value
        .char_indices()
        .find(|(j, c)| *c == '#' && value[..*j].ends_with([' ', '\t']))
        .map(|(j, _)| j)
}

/// The value without the typographic quotes around it.
fn strip_curly(value: &str) -> &str {
    let inner = value.trim_start_matches(CURLY);
    inner.trim_end_matches(CURLY)
}

/// `text` in double quotes, as YAML reads them.
pub(crate) fn double_quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(yaml: &str) -> Mistake {
        let found = lint(yaml);
        assert_eq!(found.len(), 1, "{yaml:?}: {found:#?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn comments_that_would_drop_words() {
        let m = one("title: Campaign #FreeThemAll launches\ndate: 2024-01-01\n");
        assert_eq!((m.line, m.column), (1, Some(17)));
        assert!(
            m.message.contains("`#FreeThemAll launches`"),
            "{}",
            m.message
        );
        assert_eq!(m.fix, "title: \"Campaign #FreeThemAll launches\"");
        let m = one("summary: #NoImpunity is our call\n");
        assert!(m.message.contains("whole value"), "{}", m.message);
        assert_eq!(m.fix, "summary: \"#NoImpunity is our call\"");
        let m = one("tags:\n  - press\n  - #FreeSyria\n");
        assert_eq!((m.line, m.fix.as_str()), (3, "  - \"#FreeSyria\""));
        // Comments of their own, comments above a list, and `#` inside a word are fine.
        for fine in [
            "# a comment\ntitle: x\n",
            "tags: # the topics\n  - a\n",
            "title: Issue#4 and C# code\n",
            "title: \"quoted # fine\"\n",
            "summary: |\n  Text with a # and a: colon\n  more\ndate: 2024-01-01\n",
            "tags: [a, b] # a comment after a list\n",
        ] {
            assert_eq!(lint(fine), vec![], "{fine:?}");
        }
    }

    #[test]
    fn colons_curly_quotes_and_apostrophes() {
        let m = one("title: ICJ: a landmark case\n");
        assert_eq!(m.fix, "title: \"ICJ: a landmark case\"");
        let m = one("intro: Executive Director said:\n");
        assert!(m.message.contains("ends with a colon"), "{}", m.message);
        assert_eq!(m.fix, "intro: \"Executive Director said:\"");
        let m = one("title: “ICJ: a landmark case”\n");
        assert!(m.message.contains("typographic quote"), "{}", m.message);
        assert_eq!(m.fix, "title: \"ICJ: a landmark case\"");
        let m = one("title: 'The court's order'\n");
        assert!(m.message.contains("apostrophe"), "{}", m.message);
        assert_eq!(m.fix, "title: \"The court's order\"");
        for fine in [
            "title: 'It''s fine'\n",
            "title: “A quote” without colon\n",
            "date: 2023-06-12T09:00:00+02:00\n",
            "id: urn:uuid:2f0c6f6e\n",
            "title: 'quoted: fine'\n",
        ] {
            assert_eq!(lint(fine), vec![], "{fine:?}");
        }
    }

    #[test]
    fn tabs_and_invisible_spaces() {
        let m = one("title: x\n\tsubtitle: y\n");
        assert_eq!((m.line, m.column), (2, Some(1)));
        assert_eq!(m.fix, "  subtitle: y");
        let m = one("title:\u{a0}Landmark case\n");
        assert_eq!((m.line, m.column), (1, Some(7)));
        assert!(
            m.message
                .contains("non-breaking space (U+00A0) after `title:`"),
            "{}",
            m.message
        );
        assert_eq!(m.fix, "title: Landmark case");
        let m = one("\u{a0}title: x\n");
        assert_eq!(m.column, Some(1));
        assert_eq!(m.fix, "title: x");
        let m = one("ti\u{200b}tle: x\n");
        assert_eq!(m.fix, "title: x");
        // Inside a value it is the writer's own.
        assert_eq!(lint("title: 12\u{a0}June\n"), vec![]);
    }
}
