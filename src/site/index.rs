//! The lookups every output uses, built in one pass over the published documents with hash
//! maps, so no step is quadratic in the number of releases: documents by (kind, slug,
//! language) and by source file, releases by language, tags, who is quoted where.

use std::collections::{BTreeMap, HashMap, HashSet};

use rustc_hash::FxHashMap;

use super::{DocId, Docs, Id, Source, Tag};
use crate::content::model::{self, PubDate};

#[derive(Debug, Default)]
pub(super) struct Index {
    /// Slug → the documents of every kind and language with that slug (a handful), so a
    /// lookup by slug and language allocates nothing.
    pub(super) slugs: FxHashMap<String, Vec<(DocId, String)>>,
    /// Source file → the document.
    pub(super) by_path: FxHashMap<Source, DocId>,
    /// Per language, releases newest first.
    pub(super) releases_by_lang: FxHashMap<String, Vec<Id<model::Release>>>,
    /// Per language, tags by slug.
    pub(super) tags: HashMap<String, BTreeMap<String, Tag>>,
    /// Statement slug → release slugs that quote it, newest first.
    pub(super) quoted_in: FxHashMap<String, Vec<String>>,
    /// Person slug → statement slugs, newest first.
    pub(super) statements_by: FxHashMap<String, Vec<String>>,
    /// Distinct people slugs, in file order.
    pub(super) people_slugs: Vec<String>,
}

impl Index {
    pub(super) fn new(docs: &Docs) -> Index {
        let mut index = Index::default();
        for h in docs.headers() {
            index
                .slugs
                .entry(h.slug.to_string())
                .or_default()
                .push((h.id, h.lang.to_string()));
            index.by_path.insert(Source::new(h.path), h.id);
        }
        index.releases(docs);
        index.statements_by = statements_by(docs, &index.quoted_in);
        let mut seen = HashSet::new();
        index.people_slugs = docs
            .people
            .iter()
            .filter(|p| seen.insert(p.slug.as_str()))
            .map(|p| p.slug.clone())
            .collect();
        index
    }

    /// Releases by language, tags, and where each statement is quoted.
    fn releases(&mut self, docs: &Docs) {
        let mut seen_quote: HashSet<(&str, &str)> = HashSet::new();
        for (i, r) in docs.releases.iter().enumerate() {
            let id = Id::new(i);
            self.releases_by_lang
                .entry(r.lang.clone())
                .or_default()
                .push(id);
            for name in &r.meta.tags {
                let tag = self
                    .tags
                    .entry(r.lang.clone())
                    .or_default()
                    .entry(crate::slug::slugify(name))
                    .or_insert_with(|| Tag {
                        name: name.clone(),
                        releases: Vec::new(),
                    });
                if tag.releases.last() != Some(&id) {
                    tag.releases.push(id);
                }
            }
            for s in &r.meta.statements {
                if seen_quote.insert((s, &r.slug)) {
                    self.quoted_in
                        .entry(s.clone())
                        .or_default()
                        .push(r.slug.clone());
                }
            }
        }
    }
}

/// Each person's statements, newest first. A statement is dated by its own `date`, else by
/// the newest release quoting it.
fn statements_by(
    docs: &Docs,
    quoted_in: &FxHashMap<String, Vec<String>>,
) -> FxHashMap<String, Vec<String>> {
    let release_date: HashMap<&str, PubDate> = docs
        .releases
        .iter()
        .rev()
        .map(|r| (r.slug.as_str(), r.meta.date))
        .collect();
    let mut by_person: HashMap<String, Vec<(Option<PubDate>, String)>> = HashMap::new();
    let mut seen = HashSet::new();
    for s in &docs.statements {
        if !seen.insert(&s.slug) {
            continue;
        }
        let date = s.meta.date.or_else(|| {
            quoted_in
                .get(&s.slug)
                .and_then(|rs| rs.first())
                .and_then(|r| release_date.get(r.as_str()).copied())
        });
        by_person
            .entry(s.meta.person.clone())
            .or_default()
            .push((date, s.slug.clone()));
    }
    by_person
        .into_iter()
        .map(|(person, mut list)| {
            list.sort_by(|(da, sa), (db, sb)| db.cmp(da).then_with(|| sa.cmp(sb)));
            (person, list.into_iter().map(|(_, s)| s).collect())
        })
        .collect()
}
