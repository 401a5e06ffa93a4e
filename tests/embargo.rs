//! Embargoes: until the moment, an embargoed release and everything derived from it is in
//! no output file; after it, the next build publishes it everywhere; an embargoed preview
//! shows it with a banner, out of search engines, without feeds or sitemap.

use crate::common;

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use common::{attrs, fixture, sel, snapshot, text};
use pressroom::build::{self, Options, Summary};
use pressroom::project::Settings;

const BEFORE: &str = "2024-06-12T06:59:59Z";
const AFTER: &str = "2024-06-12T07:00:00Z";

fn moment(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// The i18n fixture plus a release embargoed until 12 June 2024, 09:00 in The Hague, its
/// Arabic translation (which does not repeat the embargo), and a statement only it quotes.
fn embargoed_site() -> tempfile::TempDir {
    let site = fixture("i18n");
    // The press office works in The Hague: embargoes are shown in its zone and in UTC.
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("timezone = \"Europe/Amsterdam\"\n{text}")).unwrap();
    let c = site.path().join("content");
    std::fs::write(
        c.join("releases/secret.md"),
        "---\ntitle: Secret ruling\ndate: 2024-06-12\nembargo: 2024-06-12T09:00:00+02:00\ntags: [Sealed Docket, Courts]\nstatements: [ada-sealed, ada-first]\n---\nMARKER-EMB-4Q1 in the body.\n",
    )
    .unwrap();
    std::fs::write(
        c.join("releases/secret.ar.md"),
        "---\ntitle: حكم سري\ndate: 2024-06-12\nstatements: [ada-sealed]\n---\nMARKER-EMB-4Q1-AR\n",
    )
    .unwrap();
    std::fs::write(
        c.join("statements/ada-sealed.md"),
        "---\nperson: ada\nintro: \"said:\"\n---\n“QUOTE-EMB-8Z2”\n",
    )
    .unwrap();
    site
}

fn build(root: &Path, out: &Path, now: &str, preview: bool) -> Summary {
    build::build(&Options {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        settings: Settings {
            now: Some(moment(now)),
            embargoed: preview,
            preview,
            ..Settings::default()
        },
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Output files whose bytes contain `needle`.
fn holding(out: &Path, needle: &str) -> Vec<String> {
    snapshot(out)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .map(|(path, _)| path.to_string_lossy().into_owned())
        .collect()
}

#[test]
fn nothing_of_an_embargoed_release_is_published_before_the_moment() {
    let site = embargoed_site();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let summary = build(site.path(), &public, BEFORE, false);

    for needle in [
        "MARKER-EMB-4Q1",
        "QUOTE-EMB-8Z2",
        "Secret ruling",
        "حكم سري",
        "/secret/",
        "Sealed Docket",
        "sealed-docket",
        "ada-sealed",
    ] {
        assert_eq!(
            holding(&public, needle),
            Vec::<String>::new(),
            "{needle} leaked"
        );
    }
    assert!(!public.join("tags/sealed-docket").exists());
    // The rest of the site is there, the shared statement too.
    assert!(public.join("statements/ada-first/index.html").is_file());
    assert!(public.join("tags/courts/index.html").is_file());

    let line = summary.to_string();
    assert!(
        line.contains("1 release and 1 statement withheld under embargo"),
        "{line}"
    );
    assert!(
        line.contains("the next embargo lifts at 2024-06-12T09:00:00+02:00"),
        "{line}"
    );
}

#[test]
fn after_the_moment_the_next_build_publishes_it_everywhere() {
    let site = embargoed_site();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let summary = build(site.path(), &public, AFTER, false);
    assert!(!summary.to_string().contains("embargo"), "{summary}");

    let mut body = holding(&public, "MARKER-EMB-4Q1 in the body");
    body.sort();
    // Its page, and the feeds of its language and of both its tags, in every format.
    assert_eq!(
        body,
        [
            "atom.xml",
            "feed.json",
            "feed.xml",
            "releases/secret/index.html",
            "tags/courts/atom.xml",
            "tags/courts/feed.json",
            "tags/courts/feed.xml",
            "tags/sealed-docket/atom.xml",
            "tags/sealed-docket/feed.json",
            "tags/sealed-docket/feed.xml",
        ]
    );
    assert_eq!(
        holding(&public, "MARKER-EMB-4Q1-AR").len(),
        4,
        "Arabic page and its three feeds"
    );
    let quote = holding(&public, "QUOTE-EMB-8Z2");
    for page in [
        "releases/secret/index.html",
        "statements/ada-sealed/index.html",
        "people/ada/index.html",
        "ar/releases/secret/index.html",
    ] {
        assert!(quote.iter().any(|q| q == page), "{page} in {quote:?}");
    }
    assert!(public.join("tags/sealed-docket/index.html").is_file());
    assert!(
        std::fs::read_to_string(public.join("sitemap.xml"))
            .unwrap()
            .contains("/releases/secret/")
    );
    assert!(
        std::fs::read_to_string(public.join("index.html"))
            .unwrap()
            .contains("Secret ruling")
    );

    // In the feeds it is dated by its embargo, not by its date line.
    let feed =
        feed_rs::parser::parse(std::fs::read(public.join("atom.xml")).unwrap().as_slice()).unwrap();
    let entry = feed
        .entries
        .iter()
        .find(|e| e.links[0].href.ends_with("/releases/secret/"))
        .unwrap();
    assert_eq!(
        entry.published.unwrap().to_rfc3339(),
        "2024-06-12T07:00:00+00:00"
    );
}

#[test]
fn a_statement_with_its_own_embargo_is_left_out_of_a_published_release() {
    let site = embargoed_site();
    let path = site.path().join("content/statements/ada-second.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("---\n", "---\nembargo: 2030-01-01T00:00:00Z\n", 1),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(site.path(), &public, AFTER, false);
    assert_eq!(holding(&public, "Second quote"), Vec::<String>::new());
    assert!(
        public.join("releases/newest/index.html").is_file(),
        "the release itself is published"
    );
}

#[test]
fn the_embargoed_preview_marks_everything_and_keeps_it_from_search_engines() {
    let site = embargoed_site();
    let out = tempfile::tempdir().unwrap();
    let preview = out.path().join("preview");
    let summary = build(site.path(), &preview, BEFORE, true);
    assert!(
        summary.to_string().contains("an embargoed preview"),
        "{summary}"
    );
    assert!(
        summary.to_string().contains("included, under embargo"),
        "{summary}"
    );

    let page = common::read_html(&preview.join("releases/secret/index.html"));
    assert_eq!(
        text(&page, ".embargo-banner"),
        "EMBARGOED UNTIL 12 June 2024 at 09:00 (UTC+02:00) · 12 June 2024 at 07:00 (UTC)"
    );
    let ar = common::read_html(&preview.join("ar/releases/secret/index.html"));
    let banner = text(&ar, ".embargo-banner");
    assert!(
        banner.starts_with("محظور النشر حتى")
            && banner.contains("حزيران")
            && banner.contains("UTC+02:00")
            && banner.contains("(UTC)"),
        "{banner}"
    );
    let statement = common::read_html(&preview.join("statements/ada-sealed/index.html"));
    assert!(text(&statement, ".embargo-banner").starts_with("EMBARGOED UNTIL"));
    // Published items carry no banner.
    let newest = common::read_html(&preview.join("releases/newest/index.html"));
    assert_eq!(newest.select(&sel(".embargo-banner")).count(), 0);

    for (path, bytes) in snapshot(&preview) {
        if path.extension().is_some_and(|e| e == "html") {
            let doc = scraper::Html::parse_document(std::str::from_utf8(&bytes).unwrap());
            assert_eq!(
                attrs(&doc, "meta[name=robots]", "content"),
                ["noindex, nofollow"],
                "{path:?}"
            );
            assert!(
                attrs(&doc, "link[type='application/rss+xml']", "href").is_empty(),
                "{path:?}"
            );
        }
    }
    for gone in ["feed.xml", "atom.xml", "sitemap.xml", "ar/feed.xml"] {
        assert!(!preview.join(gone).exists(), "{gone} in a preview");
    }
    assert_eq!(
        std::fs::read_to_string(preview.join("robots.txt")).unwrap(),
        "User-agent: *\nDisallow: /\n"
    );
}

#[test]
fn an_embargo_without_an_offset_is_an_error_at_its_line() {
    let site = embargoed_site();
    let path = site.path().join("content/releases/secret.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("2024-06-12T09:00:00+02:00", "2024-06-12T09:00:00"),
    )
    .unwrap();
    let err = common::build_error(site.path());
    assert!(
        err.contains(
            "content/releases/secret.md:4: `embargo`: `2024-06-12T09:00:00` has no UTC offset"
        ),
        "{err}"
    );
}

#[test]
fn a_draft_original_still_holds_its_translations_back() {
    let site = embargoed_site();
    let path = site.path().join("content/releases/secret.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("---\n", "---\ndraft: true\n", 1)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(site.path(), &public, BEFORE, false);
    assert_eq!(holding(&public, "MARKER-EMB-4Q1-AR"), Vec::<String>::new());
    assert_eq!(holding(&public, "QUOTE-EMB-8Z2"), Vec::<String>::new());
}

#[test]
fn a_preview_refuses_the_public_folder_and_any_folder_inside_it() {
    let site = embargoed_site();
    // The default output (public/), public/ named, and a folder inside it.
    for output in [None, Some("public"), Some("public/preview")] {
        let err = build::build(&Options {
            root: site.path().to_path_buf(),
            output: output.map(|o| site.path().join(o)),
            settings: Settings {
                now: Some(moment(BEFORE)),
                embargoed: true,
                preview: true,
                ..Settings::default()
            },
        })
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("refusing to write an embargoed preview"),
            "{output:?}: {err}"
        );
    }
    assert!(!site.path().join("public").exists(), "nothing written");
}

#[test]
fn feeds_order_releases_by_the_moment_they_were_published() {
    // Dated in January, published in July when its embargo lifted: newest in the feed.
    let site = embargoed_site();
    std::fs::write(
        site.path().join("content/releases/late.md"),
        "---\ntitle: Held since January\ndate: 2024-01-01\nembargo: 2024-07-01T09:00:00+02:00\n---\nLate.\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(site.path(), &public, "2024-08-01T00:00:00Z", false);
    let feed =
        feed_rs::parser::parse(std::fs::read(public.join("atom.xml")).unwrap().as_slice()).unwrap();
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(titles[0], "Held since January", "{titles:?}");
}

/// The schedule the README gives (run `pressroom build` every few minutes, and deploy)
/// lifts an embargo by itself: `check --format json` says when the next one lifts, and
/// the same command run with the clock before and after that moment withholds, then
/// publishes. `--now` stands for the scheduler's clock.
#[test]
fn a_scheduled_build_lifts_an_embargo_by_itself() {
    let site = embargoed_site();
    let run = |args: &[&str]| common::run_in(site.path(), args);
    let check = run(&["check", "--format", "json", "--now", "2024-06-01T00:00:00Z"]);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(json["next_embargo"]["lifts"], "2024-06-12T09:00:00+02:00");
    assert_eq!(json["next_embargo"]["slug"], "secret");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let out_arg = out.to_string_lossy().into_owned();
    let scheduled = |now: &str| {
        common::succeeded(&common::run_in(
            site.path(),
            &["build", "--now", now, "--output", &out_arg],
        ))
    };
    let before = scheduled("2024-06-12T06:55:00Z");
    assert!(
        before.contains("the next embargo lifts at 2024-06-12T09:00:00+02:00"),
        "{before}"
    );
    assert!(!out.join("releases/secret/index.html").exists());
    let after = scheduled("2024-06-12T07:05:00Z");
    assert!(!after.contains("withheld"), "{after}");
    assert!(out.join("releases/secret/index.html").exists());
    let check = run(&["check", "--format", "json", "--now", "2024-06-12T07:05:00Z"]);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(json["next_embargo"].is_null(), "{json}");
}
