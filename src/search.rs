//! Search, by Pagefind used as a library. pressroom hands it one small HTML record for
//! each thing a reader searches for (see `outputs/search/`), from memory, and gets back
//! the bundle the theme's `search.js` loads: one index per language (from each record's
//! `<html lang>`, stemmed by that language's Snowball stemmer, Arabic included), cut
//! into chunks a browser fetches as a query needs them. The only files read or written
//! here are the cache's (`media/cache.rs`: no link followed, entries signed and whole);
//! the bundle is written with the rest of the build, all or nothing.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::path::Path;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::media::cache;

/// The folder of the bundle in the output, and the first segment of its URLs.
pub(crate) const BUNDLE: &str = "pagefind";

/// The file that names each language's index; the one file the languages share that
/// differs between them.
const ENTRY: &str = "pagefind-entry.json";

/// How pressroom feeds Pagefind, in the cache key: a change to it (the configuration,
/// what is kept) must change this, so no index made the old way is used.
const RECIPE: &[u8] = b"pressroom search 1";

/// What Pagefind reads of one page.
#[derive(Clone)]
pub(crate) struct Record {
    /// The page's address under the site's root, like `/ar/releases/x/`. The script finds
    /// the site's root from where the bundle is (`…/pagefind/pagefind.js`).
    pub(crate) url: String,
    /// A whole HTML document: `<html lang>` names its index, the element marked
    /// `data-pagefind-body` is what is indexed, `data-pagefind-meta` what a result shows.
    pub(crate) html: String,
}

type Files = Vec<(String, Vec<u8>)>;

/// The bundle's files for the records of `languages`, by path under [`BUNDLE`], in path
/// order: the script, its worker, the entry file, and per language the stemmer
/// (WebAssembly), the index chunks and the records' fragments. Pagefind's own interface
/// (`pagefind-ui*`, the highlighter) is left out: the theme has its own. No records, no
/// bundle.
///
/// One language at a time: `records` makes a language's records, which are indexed and
/// dropped before the next language's are made, so a large site holds one language's
/// records and index, not all of them. `failed` turns Pagefind's problems into the
/// caller's error.
///
/// Each language's index is kept in the cache folder `cache` (when `keep`) under the hash
/// of its records: a build whose records of a language are those of the last build takes
/// that language's index from there. One entry per language, replaced by the next, so the
/// cache does not grow with each edit. Records are made afresh by every build, so nothing
/// withheld can reach the index through it.
pub(crate) fn bundle<E>(
    languages: &[&str],
    mut records: impl FnMut(&str) -> Result<Vec<Record>, E>,
    failed: impl Fn(String) -> E,
    cache: Option<&Path>,
    keep: bool,
) -> Result<Files, E> {
    let mut languages = languages.to_vec();
    languages.sort_unstable();
    languages.dedup();
    // `take`: whether a kept index may be used (else each is made, and kept in its stead).
    let mut make = |take: bool| -> Result<Vec<(Files, bool)>, E> {
        let mut made = Vec::new();
        for lang in &languages {
            let these = records(lang)?;
            if !these.is_empty() {
                made.push(language(lang, these, cache, keep, take).map_err(&failed)?);
            }
        }
        Ok(made)
    };
    let disagree = || failed("Pagefind made languages that do not agree".to_string());
    let made = make(true)?;
    if made.is_empty() {
        return Ok(Vec::new());
    }
    let kept = made.iter().any(|(_, kept)| *kept);
    match merge(made.into_iter().map(|(files, _)| files)) {
        Some(files) => Ok(files),
        // Kept indexes made by another Pagefind than the fresh ones (pressroom was
        // updated): all are made again, so the script and every index agree.
        None if kept => {
            let made = make(false)?;
            merge(made.into_iter().map(|(files, _)| files)).ok_or_else(disagree)
        }
        None => Err(disagree()),
    }
}

/// The bundle of one language's `records`, and whether it came from the cache (only if
/// `take`).
fn language(
    lang: &str,
    records: Vec<Record>,
    cache: Option<&Path>,
    keep: bool,
    take: bool,
) -> Result<(Files, bool), String> {
    let mut parts: Vec<&[u8]> = vec![RECIPE, lang.as_bytes()];
    for record in &records {
        parts.extend([record.url.as_bytes(), record.html.as_bytes()]);
    }
    let key = cache::key(&parts);
    let name = cache::key(&[RECIPE, lang.as_bytes()]);
    if let Some(dir) = cache.filter(|_| take)
        && let Some(mut kept) = cache::get(dir, &name)
        && kept
            .first()
            .is_some_and(|(n, k)| n.is_empty() && *k == key.as_bytes())
    {
        kept.remove(0);
        return Ok((kept, true));
    }
    let mut files = index(records)?;
    if let Some(dir) = cache.filter(|_| keep) {
        files.insert(0, (String::new(), key.into_bytes()));
        let _ = cache::put(dir, &name, &files);
        files.remove(0);
    }
    Ok((files, false))
}

/// Pagefind's bundle of `records`, without the files the theme does not use.
fn index(records: Vec<Record>) -> Result<Files, String> {
    // Pagefind resolves its (unused) output folder against the working directory, and
    // cannot go on without one.
    std::env::current_dir().map_err(|e| format!("the current folder cannot be read: {e}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    let files = runtime.block_on(async move {
        let config = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for record in records {
            index
                .add_html_file(None, Some(record.url), record.html)
                .await
                .map_err(|e| e.to_string())?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    })?;
    Ok(files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_str()?.replace('\\', "/");
            kept(&name).then_some((name, file.contents))
        })
        .collect())
}

/// One bundle of the languages' bundles: their files, and one entry file naming every
/// language's index. `None` if they disagree on a file they share (the script, the
/// worker) or on the entry file's other fields (Pagefind's version).
fn merge(bundles: impl Iterator<Item = Files>) -> Option<Files> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut entry: Option<serde_json::Value> = None;
    let mut languages = serde_json::Map::new();
    for bundle in bundles {
        for (name, bytes) in bundle {
            if name == ENTRY {
                let mut this: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
                let these = this.as_object_mut()?.remove("languages")?;
                languages.extend(these.as_object()?.clone());
                match &entry {
                    Some(seen) if *seen != this => return None,
                    Some(_) => {}
                    None => entry = Some(this),
                }
            } else {
                match files.entry(name) {
                    Entry::Vacant(v) => {
                        v.insert(bytes);
                    }
                    Entry::Occupied(o) if *o.get() != bytes => return None,
                    Entry::Occupied(_) => {}
                }
            }
        }
    }
    let mut entry = entry?;
    entry
        .as_object_mut()?
        .insert("languages".into(), serde_json::Value::Object(languages));
    let entry = serde_json::to_vec(&entry).ok()?;
    let mut out: Files = files.into_iter().collect();
    out.push((ENTRY.to_string(), entry));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Some(out)
}

/// Whether a file of Pagefind's bundle is one the theme's script uses.
fn kept(name: &str) -> bool {
    let interface = name.starts_with("pagefind-ui")
        || name.starts_with("pagefind-modular-ui")
        || name.starts_with("pagefind-component-ui")
        || name.starts_with("pagefind-highlight");
    !interface && !name.starts_with("playground/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(lang: &str, url: &str, words: &str) -> Record {
        Record {
            url: url.into(),
            html: format!(
                "<!doctype html><html lang=\"{lang}\"><head><title>t</title></head>\
                 <body><main data-pagefind-body><h1>{words}</h1><p>{words}</p></main></body></html>"
            ),
        }
    }

    /// The bundle of `records`, in whatever languages they are.
    fn bundle(records: Vec<Record>, cache: Option<&Path>, keep: bool) -> Result<Files, String> {
        let lang = |r: &Record| r.html.split('"').nth(1).unwrap().to_string();
        let langs: Vec<String> = records.iter().map(lang).collect();
        let langs: Vec<&str> = langs.iter().map(String::as_str).collect();
        let of = |l: &str| Ok(records.iter().filter(|r| lang(r) == l).cloned().collect());
        super::bundle(&langs, of, |e| e, cache, keep)
    }

    fn entry(files: &Files) -> serde_json::Value {
        let (_, bytes) = files.iter().find(|(n, _)| n == ENTRY).unwrap();
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn one_index_per_language_and_no_interface() {
        let files = bundle(
            vec![
                record("en", "/releases/a/", "tortured detainees"),
                record("ar", "/ar/releases/a/", "التعذيب في السجون"),
            ],
            None,
            false,
        )
        .unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        for wanted in ["pagefind.js", "pagefind-worker.js", ENTRY] {
            assert!(names.contains(&wanted), "{wanted} in {names:?}");
        }
        assert!(names.contains(&"wasm.en.pagefind"), "{names:?}");
        assert!(names.contains(&"wasm.ar.pagefind"), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("-ui")), "{names:?}");
        // The entry file names both indexes, each of which is in the bundle.
        let entry = entry(&files);
        let langs = entry["languages"].as_object().unwrap();
        assert_eq!(langs.keys().collect::<Vec<_>>(), ["ar", "en"]);
        for (lang, index) in langs {
            let meta = format!("pagefind.{}.pf_meta", index["hash"].as_str().unwrap());
            assert!(
                names.contains(&meta.as_str()),
                "{lang}: {meta} in {names:?}"
            );
            assert_eq!(index["page_count"], 1);
        }
        assert!(entry["version"].is_string(), "{entry}");
    }

    #[test]
    fn the_same_records_make_the_same_bytes() {
        let make = || {
            bundle(
                vec![record("nl", "/nl/releases/a/", "zaken en rechtszaak")],
                None,
                false,
            )
        };
        assert_eq!(make().unwrap(), make().unwrap());
    }

    #[test]
    fn nothing_to_index_makes_no_bundle() {
        assert!(bundle(Vec::new(), None, false).unwrap().is_empty());
    }

    #[test]
    fn a_language_whose_records_did_not_change_comes_from_the_cache_and_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Some(dir.path());
        let en = [record("en", "/releases/a/", "tortured detainees")];
        let ar = [record("ar", "/ar/releases/a/", "التعذيب في السجون")];
        let ar_edited = [record("ar", "/ar/releases/a/", "الاختفاء القسري")];
        let (made, kept) = language("en", en.to_vec(), cache, true, true).unwrap();
        assert!(!kept);
        let (again, kept) = language("en", en.to_vec(), cache, true, true).unwrap();
        assert!(kept, "the second build takes it from the cache");
        assert_eq!(again, made);
        // Another language, and an edit of it, keep their own entries.
        assert!(!language("ar", ar.to_vec(), cache, true, true).unwrap().1);
        assert!(
            !language("ar", ar_edited.to_vec(), cache, true, true)
                .unwrap()
                .1
        );
        assert!(language("en", en.to_vec(), cache, true, true).unwrap().1);
        // What the cache gives is what Pagefind makes.
        let both = |ar: &[Record]| en.iter().chain(ar).cloned().collect::<Vec<_>>();
        assert_eq!(
            bundle(both(&ar_edited), cache, true).unwrap(),
            bundle(both(&ar_edited), None, false).unwrap()
        );
        // An entry is replaced, not added to: one per language.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        // Not kept: nothing is written.
        let other = tempfile::tempdir().unwrap();
        language("en", en.to_vec(), Some(other.path()), false, true).unwrap();
        assert_eq!(std::fs::read_dir(other.path()).unwrap().count(), 0);
    }

    #[test]
    fn languages_that_disagree_on_a_shared_file_are_not_merged() {
        let en = index(vec![record("en", "/releases/a/", "tortured detainees")]).unwrap();
        let mut ar = index(vec![record("ar", "/ar/releases/a/", "التعذيب")]).unwrap();
        assert!(merge([en.clone(), ar.clone()].into_iter()).is_some());
        for (name, bytes) in &mut ar {
            if name == "pagefind.js" {
                bytes.extend_from_slice(b"// another version");
            }
        }
        assert!(merge([en, ar].into_iter()).is_none());
    }

    #[test]
    fn an_index_kept_by_another_pagefind_is_made_again_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Some(dir.path());
        let en = || record("en", "/releases/a/", "tortured detainees");
        let ar = || record("ar", "/ar/releases/a/", "التعذيب");
        let fresh = bundle(vec![en(), ar()], None, false).unwrap();
        // The English index as an older pressroom would have kept it: the same records,
        // another script.
        let (mut old, _) = language("en", vec![en()], cache, true, true).unwrap();
        for (name, bytes) in &mut old {
            if name == "pagefind.js" {
                bytes.extend_from_slice(b"// another version");
            }
        }
        let mut key = vec![RECIPE, b"en".as_slice()];
        let (url, html) = (en().url, en().html);
        key.extend([url.as_bytes(), html.as_bytes()]);
        let mut entry = vec![(String::new(), cache::key(&key).into_bytes())];
        entry.extend(old);
        cache::put(dir.path(), &cache::key(&[RECIPE, b"en"]), &entry).unwrap();
        assert!(language("en", vec![en()], cache, true, true).unwrap().1);

        assert_eq!(bundle(vec![en(), ar()], cache, true).unwrap(), fresh);
        // The old entry was replaced: the next build takes both from the cache.
        assert_eq!(
            language("en", vec![en()], cache, true, true).unwrap(),
            language("en", vec![en()], None, false, true)
                .map(|(f, _)| (f, true))
                .unwrap()
        );
        assert_eq!(bundle(vec![en(), ar()], cache, true).unwrap(), fresh);
    }
}
