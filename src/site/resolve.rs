//! Checking what documents say about each other, before anything is published: no two
//! files claim one URL, every statement's person and every release's statements exist,
//! tags make URLs, feed ids are URIs and unique. Every problem is reported at once.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::url::{lang_prefix, route};
use crate::config::Config;
use crate::content::{Content, Doc, Kind};
use crate::error::{Capped, Diagnostic};

/// Every problem of `content` as a whole: URL clashes, references to nothing, bad tags and feed ids.
pub(super) fn problems(config: &Config, content: &Content) -> Vec<Diagnostic> {
    let keys = Keys::new(content);
    let mut diags = clashes(config, content);
    diags.extend(people(content, &keys));
    diags.extend(releases(content, &keys));
    diags
}

/// Which (kind, slug, language) exist, broken files included: a reference to a file that
/// exists but is broken is not reported as missing (its own problem says what to fix).
struct Keys<'a> {
    present: HashSet<(Kind, &'a str)>,
    person_slugs: Vec<&'a str>,
    statement_slugs: Vec<&'a str>,
}

impl<'a> Keys<'a> {
    fn new(content: &'a Content) -> Keys<'a> {
        let mut present: HashSet<(Kind, &str)> = content
            .unreadable
            .iter()
            .map(|(k, s)| (*k, s.as_str()))
            .collect();
        present.extend(
            content
                .people
                .iter()
                .map(|d| (Kind::Person, d.slug.as_str())),
        );
        present.extend(
            content
                .statements
                .iter()
                .map(|d| (Kind::Statement, d.slug.as_str())),
        );
        Keys {
            present,
            person_slugs: sorted(content.people.iter().map(|p| p.slug.as_str())),
            statement_slugs: sorted(content.statements.iter().map(|s| s.slug.as_str())),
        }
    }

    fn exists(&self, kind: Kind, slug: &str) -> bool {
        self.present.contains(&(kind, slug))
    }
}

fn sorted<'a>(slugs: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut all: Vec<&str> = slugs.collect();
    all.sort();
    all.dedup();
    all
}

/// "did you mean `x`? " when a known slug is close to `slug`.
fn meant(slug: &str, known: &[&str]) -> String {
    crate::content::front_matter::did_you_mean(slug, known)
        .map(|k| format!("did you mean `{k}`? "))
        .unwrap_or_default()
}

/// One file claiming the URL of another.
fn clashes(config: &Config, content: &Content) -> Vec<Diagnostic> {
    struct Claim<'a> {
        path: &'a Path,
        slug: &'a str,
        lang: &'a str,
        slug_line: Option<usize>,
    }
    fn claim<M>(d: &Doc<M>, slug_line: Option<usize>) -> Claim<'_> {
        Claim {
            path: &d.path,
            slug: &d.slug,
            lang: &d.lang,
            slug_line,
        }
    }
    let claims = content
        .releases
        .iter()
        .map(|d| (Kind::Release, claim(d, d.line_of_key("slug"))))
        .chain(
            content
                .statements
                .iter()
                .map(|d| (Kind::Statement, claim(d, None))),
        )
        .chain(
            content
                .people
                .iter()
                .map(|d| (Kind::Person, claim(d, None))),
        )
        .chain(content.pages.iter().map(|d| (Kind::Page, claim(d, None))));
    let claims: Vec<(Kind, Claim)> = claims.collect();
    let mut last: HashMap<(Kind, &str, &str), usize> = HashMap::new();
    let mut diags = Vec::new();
    for (i, (kind, c)) in claims.iter().enumerate() {
        let Some(before) = last.insert((*kind, c.slug, c.lang), i) else {
            continue;
        };
        // Report the clash on the file that overrides its slug, if one does: that is the
        // one to fix.
        let earlier = &claims[before].1;
        let (this, other) = if earlier.slug_line.is_some() {
            (earlier, c)
        } else {
            (c, earlier)
        };
        let url = format!(
            "/{}{}",
            lang_prefix(config, this.lang),
            route::item(*kind, this.slug)
        );
        diags.push(
            Diagnostic::new(
                this.path,
                this.slug_line,
                format!(
                    "this file and {} both claim the URL {url}",
                    other.path.display()
                ),
            )
            .with_hint("rename one of them, or give one another `slug:`"),
        );
    }
    diags
}

/// Statements naming a person who does not exist.
fn people(content: &Content, keys: &Keys) -> Vec<Diagnostic> {
    content
        .statements
        .iter()
        .filter(|s| !keys.exists(Kind::Person, &s.meta.person))
        .map(|s| {
            s.diagnostic(
                s.line_of_key("person"),
                format!(
                    "`person: {}` names nobody in content/people/",
                    s.meta.person
                ),
            )
            .with_hint(format!(
                "{}create content/people/{}.md, or use the slug of an existing person",
                meant(&s.meta.person, &keys.person_slugs),
                s.meta.person
            ))
        })
        .collect()
}

/// Releases quoting statements that do not exist (or one twice), tags that make no URL,
/// feed ids that are not URIs or not unique in their language's feed (feed readers would
/// merge or reject the entries).
fn releases(content: &Content, keys: &Keys) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut ids: HashMap<(&str, &str), &Path> = HashMap::new();
    for r in &content.releases {
        let mut missing = Capped::default();
        let mut listed = HashSet::new();
        for slug in &r.meta.statements {
            if !keys.exists(Kind::Statement, slug) {
                missing.push_with(|| {
                    r.diagnostic(
                        r.line_of_value("statements", slug),
                        format!("statement `{slug}` does not exist in content/statements/"),
                    )
                    .with_hint(format!(
                        "{}create content/statements/{slug}.md, or fix the slug in `statements:`",
                        meant(slug, &keys.statement_slugs)
                    ))
                });
            } else if !listed.insert(slug) {
                // Quoted twice, it would be printed twice: a slip, and a way to make one
                // statement fill a page thousands of times over.
                missing.push_with(|| {
                    r.diagnostic(
                        r.line_of_key("statements"),
                        format!("statement `{slug}` is listed twice in `statements:`"),
                    )
                    .with_hint("list each statement once")
                });
            }
        }
        diags.extend(missing.finish(&r.path, "problems in `statements:`"));
        let mut bad_tags = Capped::default();
        for tag in &r.meta.tags {
            if crate::slug::slugify(tag).is_empty() {
                bad_tags.push_with(|| {
                    r.diagnostic(
                        r.line_of_value("tags", tag),
                        format!("tag `{tag}` has no letter or digit to make a URL from"),
                    )
                });
            }
        }
        diags.extend(bad_tags.finish(&r.path, "tags without a letter or digit"));
        let Some(id) = &r.meta.id else { continue };
        if !is_uri(id) {
            diags.push(
                r.diagnostic(r.line_of_key("id"), format!("`id: {id}` is not a URI"))
                    .with_hint("use a URI such as urn:uuid:2f0c6f6e-5b0e-4c7e-9d55-1f3b8a1e9c42"),
            );
        } else if let Some(other) = ids.insert((&r.lang, id), &r.path) {
            diags.push(
                r.diagnostic(
                    r.line_of_key("id"),
                    format!("`id: {id}` is also the id of {}", other.display()),
                )
                .with_hint("every release in a language needs its own feed id"),
            );
        }
    }
    diags
}

/// `urn:uuid:…`, `tag:…`, `https://…`: a scheme, a colon, something after it.
fn is_uri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => {
            !rest.is_empty()
                && !rest.contains(char::is_whitespace)
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_ids_must_be_uris() {
        for good in [
            "urn:uuid:d41bf3c9-1d64-4865-9101-60b56eba0846",
            "tag:x.org,2023:a",
            "https://x.org/a",
        ] {
            assert!(is_uri(good), "{good}");
        }
        for bad in ["same", "", ":x", "1x:y", "urn:", "a b:c", "urn:two words"] {
            assert!(!is_uri(bad), "{bad}");
        }
    }
}
