//! Drafts and embargoes: what this build leaves out, and until when. Everything was
//! checked before this stage, embargoed files included, so a scheduled build cannot fail
//! the moment an embargo lifts.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset};

use super::{Publish, Withheld};
use crate::content::{Content, Kind, Release};

/// Every embargo by (kind, slug), lifted or not.
pub(super) type Embargoes = HashMap<(Kind, String), DateTime<FixedOffset>>;

/// Moves the drafts out of `content` (unless drafts are published) and returns them. They
/// are not published, but they are kept: a draft's embargo still holds its published
/// translations back (see [`embargoes`]), and the next site made after an edit needs them.
pub(super) fn drop_drafts(content: &mut Content, publish: &Publish) -> Vec<Release> {
    if publish.drafts {
        return Vec::new();
    }
    let (drafts, kept) = std::mem::take(&mut content.releases)
        .into_iter()
        .partition(|r| r.meta.draft);
    content.releases = kept;
    drafts
}

/// When each release and statement slug is embargoed until: the latest embargo among its
/// files (one language's embargo holds every language back), and a statement quoted only
/// by embargoed releases waits for the first of them to lift.
pub(super) fn embargoes(
    content: &Content,
    drafts: &[Release],
    now: DateTime<FixedOffset>,
) -> Embargoes {
    let mut until = Embargoes::new();
    let mut hold = |kind: Kind, slug: &str, moment: DateTime<FixedOffset>| {
        let e = until.entry((kind, slug.to_string())).or_insert(moment);
        *e = (*e).max(moment);
    };
    for r in drafts {
        if let Some(m) = r.meta.embargo {
            hold(Kind::Release, &r.slug, m.0);
        }
    }
    for r in &content.releases {
        if let Some(m) = r.meta.embargo {
            hold(Kind::Release, &r.slug, m.0);
        }
    }
    for s in &content.statements {
        if let Some(m) = s.meta.embargo {
            hold(Kind::Statement, &s.slug, m.0);
        }
    }
    let pending = |slug: &str| {
        until
            .get(&(Kind::Release, slug.to_string()))
            .filter(|t| **t > now)
            .copied()
    };
    let mut quoted_published: HashSet<&str> = HashSet::new();
    let mut quoted_withheld: HashMap<&str, DateTime<FixedOffset>> = HashMap::new();
    for r in &content.releases {
        for s in &r.meta.statements {
            match pending(&r.slug) {
                None => {
                    quoted_published.insert(s);
                }
                Some(lift) => {
                    let e = quoted_withheld.entry(s).or_insert(lift);
                    *e = (*e).min(lift);
                }
            }
        }
    }
    let inherited: Vec<(String, DateTime<FixedOffset>)> = quoted_withheld
        .into_iter()
        .filter(|(s, _)| !quoted_published.contains(s))
        .map(|(s, lift)| (s.to_string(), lift))
        .collect();
    for (slug, lift) in inherited {
        let e = until.entry((Kind::Statement, slug)).or_insert(lift);
        *e = (*e).max(lift);
    }
    until
}

/// The items still under embargo at `now`, soonest to lift first.
pub(super) fn withheld(embargoes: &Embargoes, now: DateTime<FixedOffset>) -> Vec<Withheld> {
    let mut withheld: Vec<Withheld> = embargoes
        .iter()
        .filter(|(_, until)| **until > now)
        .map(|((kind, slug), until)| Withheld {
            kind: *kind,
            slug: slug.clone(),
            until: *until,
        })
        .collect();
    withheld.sort_by(|a, b| (a.until, a.kind, &a.slug).cmp(&(b.until, b.kind, &b.slug)));
    withheld
}

/// Moves the withheld releases and statements out of `content`, into what it returns.
/// Withheld means absent: no page, no list entry, no link, no feed item. The documents are
/// kept aside (not rendered) for when the embargo lifts.
pub(super) fn hold_back(content: &mut Content, withheld: &[Withheld]) -> Content {
    let pending: HashSet<(Kind, &str)> =
        withheld.iter().map(|w| (w.kind, w.slug.as_str())).collect();
    let mut held = Content::default();
    let (out, kept) = std::mem::take(&mut content.releases)
        .into_iter()
        .partition(|r| pending.contains(&(Kind::Release, r.slug.as_str())));
    (held.releases, content.releases) = (out, kept);
    let (out, kept) = std::mem::take(&mut content.statements)
        .into_iter()
        .partition(|s| pending.contains(&(Kind::Statement, s.slug.as_str())));
    (held.statements, content.statements) = (out, kept);
    held
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;

    const SITE: &str = "title = \"T\"\nbase_url = \"https://t.example.org\"\ndefault_language = \"en\"\n[languages.en]\nname = \"English\"\nboilerplate = \"About.\"\n[languages.ar]\nname = \"العربية\"\nboilerplate = \"عن.\"\n";

    fn content(files: &[(&str, &str)]) -> Content {
        let config = Config::parse(SITE).unwrap();
        let mut content = Content::default();
        for (path, text) in files {
            let rel = Path::new(path);
            let kind = crate::content::kind_of(rel).unwrap();
            content.insert(crate::content::parse(rel, kind, text, &config).unwrap());
        }
        content
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn a_statement_quoted_only_by_embargoed_releases_waits_for_the_first_to_lift() {
        let c = content(&[
            (
                "content/releases/a.md",
                "---\ntitle: A\ndate: 2024-01-01\nembargo: 2024-03-01T00:00:00Z\nstatements: [s, t]\n---\n",
            ),
            (
                "content/releases/b.md",
                "---\ntitle: B\ndate: 2024-01-01\nembargo: 2024-02-01T00:00:00Z\nstatements: [s]\n---\n",
            ),
            (
                "content/releases/c.md",
                "---\ntitle: C\ndate: 2024-01-01\nstatements: [t]\n---\n",
            ),
        ]);
        let until = embargoes(&c, &[], at("2024-01-15T00:00:00Z"));
        let of = |kind, slug: &str| until.get(&(kind, slug.to_string())).copied();
        assert_eq!(of(Kind::Statement, "s"), Some(at("2024-02-01T00:00:00Z")));
        // Quoted by a published release too: published with it.
        assert_eq!(of(Kind::Statement, "t"), None);
        assert_eq!(of(Kind::Release, "a"), Some(at("2024-03-01T00:00:00Z")));
    }

    #[test]
    fn a_draft_is_left_out_and_its_embargo_holds_its_translations() {
        let mut c = content(&[
            (
                "content/releases/a.md",
                "---\ntitle: A\ndate: 2024-01-01\nembargo: 2024-03-01T00:00:00Z\ndraft: true\n---\n",
            ),
            (
                "content/releases/a.ar.md",
                "---\ntitle: أ\ndate: 2024-01-01\n---\n",
            ),
            (
                "content/releases/b.md",
                "---\ntitle: B\ndate: 2024-01-01\n---\n",
            ),
        ]);
        let publish = Publish {
            drafts: false,
            now: at("2024-01-15T00:00:00Z"),
            embargoed: false,
            private: false,
        };
        let drafts = drop_drafts(&mut c, &publish);
        assert_eq!(
            c.releases.len(),
            2,
            "the draft is left out, its translation is not"
        );
        let until = embargoes(&c, &drafts, publish.now);
        let held = hold_back(&mut c, &withheld(&until, publish.now));
        let lang = |docs: &[crate::content::Release]| -> Vec<String> {
            docs.iter()
                .map(|d| format!("{}.{}", d.slug, d.lang))
                .collect()
        };
        assert_eq!(
            lang(&held.releases),
            ["a.ar"],
            "held back by the draft's embargo"
        );
        assert_eq!(lang(&c.releases), ["b.en"]);
        assert_eq!(lang(&drafts), ["a.en"], "kept aside for the next site");
    }
}
