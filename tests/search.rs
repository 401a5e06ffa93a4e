//! Search: the Pagefind bundle in the output, one index per language, made of what readers
//! search for and nothing withheld; a search page per language, the only page whose
//! policy lets WebAssembly run. The browser test (`tests/browser/search.test.mjs`) types
//! the words; this one reads the bundle.

use crate::common;

use std::io::Read;
use std::path::Path;

use common::{Built, attrs, example, text};
use pressroom::build::{self, Options};
use pressroom::project::Settings;

/// The text of every record in the bundle at `out`: Pagefind's fragments, gzipped JSON
/// behind a signature.
fn indexed_text(out: &Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(out.join("pagefind/fragment")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut json)
            .unwrap();
        let json = json
            .strip_prefix(b"pagefind_dcd")
            .expect("Pagefind's signature");
        let fragment: serde_json::Value = serde_json::from_slice(json).unwrap();
        all.push_str(fragment["content"].as_str().unwrap());
        all.push('\n');
        all.push_str(&fragment["meta"].to_string());
        all.push('\n');
    }
    all
}

#[test]
fn one_index_per_language_of_releases_and_people_and_a_search_page_each() {
    let site = example();
    let built = Built::new(site.path());
    let entry: serde_json::Value =
        serde_json::from_str(&built.read("pagefind/pagefind-entry.json")).unwrap();
    for lang in ["ar", "en", "fr", "nl"] {
        // The release and its three speakers.
        assert_eq!(entry["languages"][lang]["page_count"], 4, "{entry}");
        assert!(built.exists(&format!("pagefind/wasm.{lang}.pagefind")));
    }
    assert!(built.exists("pagefind/pagefind.js"));
    assert!(built.exists("pagefind/pagefind-worker.js"));
    assert!(
        !built.exists("pagefind/pagefind-ui.js"),
        "Pagefind's own interface"
    );

    let indexed = indexed_text(&built.out());
    assert!(indexed.contains("widespread use of torture"), "{indexed}");
    assert!(indexed.contains("تعذيب"));
    assert!(indexed.contains("Laila Kiki"));
    // No navigation, footer or boilerplate.
    for boilerplate in [
        "Request an interview",
        "Spokespeople",
        "Media contact",
        "###",
    ] {
        assert!(!indexed.contains(boilerplate), "{boilerplate} is indexed");
    }

    let ar = built.html("ar/search/index.html");
    assert_eq!(attrs(&ar, "html", "dir"), ["rtl"]);
    assert_eq!(text(&ar, "h1"), "بحث");
    assert_eq!(
        attrs(&ar, "script", "src"),
        ["https://press.example.org/search.js"]
    );
    assert_eq!(
        attrs(&ar, "form.search", "data-bundle"),
        ["https://press.example.org/pagefind/pagefind.js"]
    );
    let en = built.html("search/index.html");
    assert_eq!(text(&en, "h1"), "Search");
    assert_eq!(
        attrs(&en, ".search-browse a", "href"),
        [
            "https://press.example.org/archive/",
            "https://press.example.org/tags/",
            "https://press.example.org/people/"
        ]
    );
    // Every page links it.
    let home = built.html("nl/index.html");
    assert!(
        attrs(&home, ".sections a", "href")
            .contains(&"https://press.example.org/nl/search/".into())
    );
}

#[test]
fn only_the_search_pages_let_webassembly_run_or_load_a_script() {
    let site = example();
    let built = Built::new(site.path());
    let site_policy =
        "default-src 'self'; base-uri 'self'; object-src 'none'; form-action 'self' mailto:";
    let search_policy = format!("{site_policy}; script-src 'self' 'wasm-unsafe-eval'");
    let mut searched = 0;
    for file in built.html_files() {
        let page = built.html(&file);
        let policy = attrs(&page, "meta[http-equiv=Content-Security-Policy]", "content");
        let scripts = attrs(&page, "script[src]", "src");
        if file.ends_with("search/index.html") {
            searched += 1;
            assert_eq!(policy, [search_policy.as_str()], "{file}");
            assert_eq!(scripts, ["https://press.example.org/search.js"], "{file}");
        } else {
            assert_eq!(policy, [site_policy], "{file}");
            assert!(
                !scripts
                    .iter()
                    .any(|s| s.contains("search") || s.contains("pagefind")),
                "{file}"
            );
        }
    }
    assert_eq!(searched, 4);
    // The header is the widest policy, which each page narrows with its own (a browser
    // applies both); it also covers Pagefind's worker, which has no page.
    let headers = built.read("_headers");
    assert!(
        headers.contains(&format!(
            "Content-Security-Policy: {search_policy}; frame-ancestors 'none'"
        )),
        "{headers}"
    );
}

#[test]
fn nothing_withheld_is_indexed_even_where_the_preview_shows_it() {
    let site = example();
    let c = site.path().join("content");
    let write = |rel: &str, text: &str| std::fs::write(c.join(rel), text).unwrap();
    write(
        "releases/open.md",
        "---\ntitle: Open ruling\ndate: 2023-07-01\nstatements: [sealed-quote]\n---\nQUOKKAOPEN is public.\n",
    );
    write(
        "releases/sealed.md",
        "---\ntitle: Sealed ruling\ndate: 2023-07-02\nembargo: 2999-01-01T09:00:00Z\n---\nQUOKKASEALED is under embargo.\n",
    );
    write(
        "releases/unfinished.md",
        "---\ntitle: Unfinished\ndate: 2023-07-03\ndraft: true\n---\nQUOKKADRAFT is a draft.\n",
    );
    write(
        "statements/sealed-quote.md",
        "---\nperson: laila-kiki\nembargo: 2999-01-01T09:00:00Z\n---\n“QUOKKAQUOTE is under embargo.”\n",
    );
    let out = tempfile::tempdir().unwrap();
    let preview = out.path().join("preview");
    build::build(&Options {
        root: site.path().to_path_buf(),
        output: Some(preview.clone()),
        settings: Settings {
            drafts: true,
            embargoed: true,
            preview: true,
            ..Settings::default()
        },
    })
    .unwrap_or_else(|e| panic!("{e}"));
    // The preview shows them all…
    let pages = [
        ("releases/sealed/index.html", "QUOKKASEALED"),
        ("releases/unfinished/index.html", "QUOKKADRAFT"),
        ("releases/open/index.html", "QUOKKAQUOTE"),
    ];
    for (page, word) in pages {
        let html = std::fs::read_to_string(preview.join(page)).unwrap();
        assert!(html.contains(word), "{page}");
    }
    // …and search finds none of them, only what is published.
    let indexed = indexed_text(&preview);
    assert!(indexed.contains("QUOKKAOPEN"), "{indexed}");
    for word in [
        "QUOKKASEALED",
        "Sealed ruling",
        "QUOKKADRAFT",
        "Unfinished",
        "QUOKKAQUOTE",
    ] {
        assert!(!indexed.contains(word), "{word} is indexed");
    }
}

#[test]
fn two_builds_make_the_same_bundle() {
    let site = example();
    let one = Built::new(site.path());
    let two = Built::new(site.path());
    let bundle = |b: &Built| common::snapshot(&b.out().join("pagefind"));
    assert_eq!(bundle(&one), bundle(&two));
}

#[test]
fn a_release_put_under_embargo_leaves_the_index_though_the_last_build_kept_it() {
    let site = example();
    let release = site.path().join("content/releases/open.md");
    let write = |embargo: &str| {
        std::fs::write(
            &release,
            format!(
                "---\ntitle: Open ruling\ndate: 2023-07-01\n{embargo}---\nQUOKKAOPEN is public.\n"
            ),
        )
        .unwrap()
    };
    write("");
    let out = tempfile::tempdir().unwrap();
    let build = |out: &Path| {
        build::build(&Options {
            root: site.path().to_path_buf(),
            output: Some(out.to_path_buf()),
            settings: Settings::default(),
        })
        .unwrap_or_else(|e| panic!("{e}"))
    };
    build(&out.path().join("one"));
    assert!(indexed_text(&out.path().join("one")).contains("QUOKKAOPEN"));
    // The cache now holds the English index with the release in it.
    let cache = site.path().join(".pressroom-cache/search");
    assert!(std::fs::read_dir(&cache).unwrap().count() >= 1);
    write("embargo: 2999-01-01T09:00:00Z\n");
    build(&out.path().join("two"));
    let indexed = indexed_text(&out.path().join("two"));
    assert!(!indexed.contains("QUOKKAOPEN"), "{indexed}");
    assert!(!indexed.contains("Open ruling"), "{indexed}");
    // And the other languages, unchanged, are the same as before.
    let entry = |dir: &str| -> serde_json::Value {
        serde_json::from_slice(
            &std::fs::read(out.path().join(dir).join("pagefind/pagefind-entry.json")).unwrap(),
        )
        .unwrap()
    };
    let (one, two) = (entry("one"), entry("two"));
    assert_ne!(one["languages"]["en"], two["languages"]["en"]);
    assert_eq!(one["languages"]["ar"], two["languages"]["ar"]);
}

#[test]
fn a_search_cache_folder_that_is_a_link_is_not_used_and_nothing_is_written_through_it() {
    let site = example();
    let elsewhere = tempfile::tempdir().unwrap();
    let cache = site.path().join(".pressroom-cache");
    std::fs::create_dir_all(&cache).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), cache.join("search")).unwrap();
    let built = Built::new(site.path());
    assert!(built.exists("pagefind/pagefind-entry.json"));
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).unwrap().count(),
        0,
        "written through the link"
    );
    let kept = std::fs::symlink_metadata(cache.join("search")).unwrap();
    assert!(kept.file_type().is_symlink());
}
