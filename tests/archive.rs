//! The archive readers browse without any script: `/archive/` per language lists the
//! years, `/archive/<year>/` that year's releases by month, newest first, with dates and
//! summaries, linked from the releases list.

use crate::common;

use common::{Built, example, text};
use scraper::Html;

/// The example plus two English releases: one earlier in 2023, one in 2021.
fn site() -> tempfile::TempDir {
    let site = example();
    for (slug, date, title) in [
        (
            "march-hearing",
            "2023-03-09",
            "Families testify at the March hearing",
        ),
        (
            "early-filing",
            "2021-11-02",
            "Survivors file the first complaint",
        ),
    ] {
        std::fs::write(
            site.path().join(format!("content/releases/{slug}.md")),
            format!(
                "---\ntitle: {title}\ndate: {date}\nsummary: Summary of {slug}.\n---\nBody of {slug}.\n"
            ),
        )
        .unwrap();
    }
    site
}

fn headings(page: &Html, selector: &str) -> Vec<String> {
    page.select(&common::sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn years_then_months_newest_first_in_every_language_without_scripts() {
    let site = site();
    let built = Built::new(site.path());

    let years = built.html("archive/index.html");
    assert_eq!(headings(&years, ".archive-years a"), ["2023", "2021"]);
    assert_eq!(
        common::attrs(&years, ".archive-years a", "href"),
        [
            "https://press.example.org/archive/2023/",
            "https://press.example.org/archive/2021/"
        ]
    );

    let y2023 = built.html("archive/2023/index.html");
    assert_eq!(
        headings(&y2023, ".archive-month h2"),
        ["June 2023", "March 2023"]
    );
    let titles = headings(&y2023, ".archive-month .card h3");
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles[0].starts_with("Landmark torture case"), "{titles:?}");
    assert_eq!(titles[1], "Families testify at the March hearing");
    let month = text(&y2023, ".archive-month:nth-of-type(2)");
    assert!(month.contains("9 March 2023"), "{month}");
    assert!(month.contains("Summary of march-hearing."), "{month}");
    assert!(!month.contains("early-filing"), "{month}");
    let y2021 = built.html("archive/2021/index.html");
    assert_eq!(
        headings(&y2021, ".archive-month .card h3"),
        ["Survivors file the first complaint"]
    );

    // Arabic: its own words, right to left, in the digits site.toml chose (`latn`), and
    // only the year it has releases in.
    let ar = built.html("ar/archive/index.html");
    let html = ar.select(&common::sel("html")).next().unwrap();
    assert_eq!(html.value().attr("dir"), Some("rtl"));
    assert_eq!(text(&ar, "h1"), "الأرشيف");
    assert_eq!(headings(&ar, ".archive-years a"), ["2023"]);
    assert!(!built.exists("ar/archive/2021/index.html"));
    let ar2023 = built.html("ar/archive/2023/index.html");
    let months = headings(&ar2023, ".archive-month h2");
    assert_eq!(months, ["حزيران 2023"]);
    for lang in ["nl/", "fr/"] {
        let page = built.html(&format!("{lang}archive/2023/index.html"));
        assert!(!headings(&page, ".archive-month h2").is_empty(), "{lang}");
    }

    // Linked from every language's releases list; no page of the archive runs a script.
    for lang in ["", "ar/", "nl/", "fr/"] {
        let list = built.html(&format!("{lang}releases/index.html"));
        let links = common::attrs(&list, ".archive-link a", "href");
        assert_eq!(
            links,
            [format!("https://press.example.org/{lang}archive/")],
            "{lang}"
        );
    }
    for path in built.html_files() {
        if path.contains("archive/") {
            let page = built.html(&path);
            assert_eq!(
                page.select(&common::sel("script[src]")).count(),
                0,
                "{path}"
            );
        }
    }
}
