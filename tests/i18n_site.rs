//! A small two-language fixture site (`tests/fixtures/i18n`) that exercises what the example
//! does not: missing translations, drafts, pagination, tags, code blocks, `extra:`.

use crate::common;

use common::{Built, attrs, build_into, fixture, sel, text};

const BASE: &str = "https://fixture.example.org";

#[test]
fn a_missing_statement_translation_falls_back_to_the_default_language_marked_with_its_lang() {
    let site = fixture("i18n");
    let built = Built::new(site.path());
    let doc = built.html("ar/releases/newest/index.html");
    let figures: Vec<_> = doc.select(&sel(".statement")).collect();
    assert_eq!(figures.len(), 2);
    // The first statement has an Arabic translation: no lang override.
    assert_eq!(figures[0].value().attr("lang"), None);
    assert!(
        figures[0]
            .text()
            .collect::<String>()
            .contains("الاقتباس الأول")
    );
    // The second has none: the English quote, marked as English and left-to-right.
    assert_eq!(figures[1].value().attr("lang"), Some("en"));
    assert_eq!(figures[1].value().attr("dir"), Some("ltr"));
    assert!(
        figures[1]
            .text()
            .collect::<String>()
            .contains("Second quote, English only.")
    );
    // Without the marker, statements follow the body.
    let html = built.read("ar/releases/newest/index.html");
    assert!(html.find("فقرة افتتاحية").unwrap() < html.find("class=\"statements\"").unwrap());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = fixture("i18n");
    let built = Built::new(site.path());
    assert!(!built.exists("releases/unfinished/index.html"));
    for file in built.html_files() {
        assert!(!built.read(&file).contains("DRAFT-MARKER-7Q2"), "{file}");
    }
    assert!(!built.read("feed.xml").contains("Unfinished draft"));

    let out = tempfile::tempdir().unwrap();
    build_into(site.path(), &out.path().join("public"), true).unwrap();
    let draft =
        std::fs::read_to_string(out.path().join("public/releases/unfinished/index.html")).unwrap();
    assert!(draft.contains("DRAFT-MARKER-7Q2"));
}

#[test]
fn release_lists_are_paginated_newest_first() {
    let site = fixture("i18n");
    let built = Built::new(site.path());
    let first = built.html("releases/index.html");
    assert_eq!(
        attrs(&first, ".card-title a", "href"),
        vec![
            format!("{BASE}/releases/newest/"),
            format!("{BASE}/releases/middle/")
        ]
    );
    assert_eq!(
        attrs(&first, "a[rel=next]", "href"),
        vec![format!("{BASE}/releases/page/2/")]
    );
    let second = built.html("releases/page/2/index.html");
    assert_eq!(
        attrs(&second, ".card-title a", "href"),
        vec![format!("{BASE}/releases/oldest/")]
    );
    assert_eq!(
        attrs(&second, "a[rel=prev]", "href"),
        vec![format!("{BASE}/releases/")]
    );
    // Arabic has two releases: one page, and page 2 offers no Arabic alternate.
    assert!(!built.exists("ar/releases/page/2/index.html"));
    let hreflangs = attrs(&second, "link[hreflang]", "hreflang");
    assert!(hreflangs.is_empty(), "{hreflangs:?}");
}

#[test]
fn the_language_switcher_falls_back_to_the_home_page_when_a_page_is_not_translated() {
    let site = fixture("i18n");
    let built = Built::new(site.path());
    let doc = built.html("releases/middle/index.html");
    let links = attrs(&doc, ".languages a", "href");
    assert_eq!(
        links,
        vec![format!("{BASE}/releases/middle/"), format!("{BASE}/ar/")]
    );
    assert!(
        attrs(&doc, "link[hreflang]", "hreflang").is_empty(),
        "no alternates for a single language"
    );
}

#[test]
fn tags_get_pages_in_their_own_language() {
    let site = fixture("i18n");
    let built = Built::new(site.path());
    let courts = built.html("tags/courts/index.html");
    assert_eq!(
        attrs(&courts, ".card-title a", "href"),
        vec![
            format!("{BASE}/releases/newest/"),
            format!("{BASE}/releases/middle/")
        ]
    );
    assert!(built.exists("tags/human-rights/index.html"));
    assert!(built.exists("ar/tags/حقوق-الإنسان/index.html"));
    let release = built.html("ar/releases/newest/index.html");
    assert_eq!(
        attrs(&release, ".tags a", "href"),
        vec![format!(
            "{BASE}/ar/tags/%D8%AD%D9%82%D9%88%D9%82-%D8%A7%D9%84%D8%A5%D9%86%D8%B3%D8%A7%D9%86/"
        )]
    );
}

#[test]
fn markdown_links_become_absolute_the_title_stays_the_only_h1_and_code_is_classed() {
    let site = fixture("i18n");
    let built = Built::new(site.path());
    let newest = built.html("releases/newest/index.html");
    assert_eq!(
        attrs(&newest, ".release-body p a", "href"),
        vec![format!("{BASE}/people/")]
    );
    assert_eq!(newest.select(&sel("h1")).count(), 1);
    assert_eq!(text(&newest, ".release-body h2"), "A heading");
    let middle = built.read("releases/middle/index.html");
    assert!(middle.contains("class=\"hl-"), "highlighted with classes");
    assert!(!middle.contains("style="), "no inline styles");
}

#[test]
fn the_contact_form_posts_to_form_action_when_set() {
    let site = fixture("i18n");
    let built = Built::new(site.path());
    let doc = built.html("contact/index.html");
    let form = doc.select(&sel("form.request")).next().unwrap();
    assert_eq!(
        form.value().attr("action"),
        Some("https://forms.fixture.example.org/interview")
    );
    assert_eq!(form.value().attr("method"), Some("post"));
    assert_eq!(form.value().attr("enctype"), None);
    assert!(text(&doc, ".notice").contains("https://forms.fixture.example.org/interview"));
    // Only people available for interviews are offered; a language outside the site keeps its code.
    let people = text(&doc, ".people");
    assert!(
        people.contains("Ada Witness") && !people.contains("Bob Quiet"),
        "{people}"
    );
    assert!(people.contains("ku"), "{people}");
    // Language names are isolated in their own language inside the sentence around them.
    assert_eq!(
        attrs(&doc, ".person-languages bdi", "lang"),
        ["en", "ar", "ku"]
    );
}

#[test]
fn feed_ids_are_derived_from_date_and_slug_when_front_matter_has_none() {
    let site = fixture("i18n");
    let built = Built::new(site.path());
    let feed = feed_rs::parser::parse(built.read("atom.xml").as_bytes()).unwrap();
    let ids: Vec<_> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "tag:fixture.example.org,2024-03-01:releases/newest",
            "tag:fixture.example.org,2024-02-01:releases/middle",
            "tag:fixture.example.org,2024-01-01:releases/oldest",
        ]
    );
    let ar = feed_rs::parser::parse(built.read("ar/feed.xml").as_bytes()).unwrap();
    assert_eq!(
        ar.entries[0].id,
        "tag:fixture.example.org,2024-03-01:ar/releases/newest"
    );
    // An exact time keeps its offset in the feed.
    assert_eq!(
        feed.entries[0].published.unwrap().to_rfc3339(),
        "2024-03-01T08:30:00+00:00"
    );
}

#[test]
fn person_pages_list_statements_newest_first() {
    let site = fixture("i18n");
    let built = Built::new(site.path());
    let doc = built.html("people/ada/index.html");
    assert_eq!(
        attrs(&doc, ".statement blockquote", "cite"),
        vec![
            format!("{BASE}/statements/ada-second/"),
            format!("{BASE}/statements/ada-first/")
        ]
    );
    let bob = built.html("people/bob/index.html");
    assert_eq!(bob.select(&sel(".statement")).count(), 0);
}

#[test]
fn x_default_is_the_same_in_pages_and_sitemap_when_the_default_language_is_missing() {
    let site = fixture("i18n");
    let dir = site.path().join("content/releases");
    std::fs::remove_file(dir.join("oldest.md")).unwrap();
    // Only Arabic has `oldest` now, plus a French site language with a newer copy.
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        format!("{toml}\n[languages.fr]\nname = \"Français\"\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("oldest.fr.md"),
        "---\ntitle: Le plus ancien\ndate: 2024-05-01\n---\nCorps.\n",
    )
    .unwrap();
    let built = Built::new(site.path());
    let page = built.html("fr/releases/oldest/index.html");
    let x_default = attrs(&page, "link[hreflang=x-default]", "href");
    assert_eq!(
        x_default,
        vec![format!("{BASE}/ar/releases/oldest/")],
        "site language order: en, ar, fr"
    );
    let sitemap = built.read("sitemap.xml");
    let entry = sitemap
        .split("<url>")
        .find(|u| u.contains("/fr/releases/oldest/</loc>"))
        .unwrap();
    assert!(
        entry.contains(&format!(
            "hreflang=\"x-default\" href=\"{BASE}/ar/releases/oldest/\""
        )),
        "{entry}"
    );
}

#[test]
fn rss_descriptions_carry_summaries_as_text_not_markup() {
    let site = fixture("i18n");
    let path = site.path().join("content/releases/middle.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("---\n", "---\nsummary: \"<b>bold</b> & co\"\n", 1),
    )
    .unwrap();
    let built = Built::new(site.path());
    let feed = feed_rs::parser::parse(built.read("feed.xml").as_bytes()).unwrap();
    let summary = feed.entries[1].summary.as_ref().unwrap().content.clone();
    assert_eq!(summary, "&lt;b&gt;bold&lt;/b&gt; &amp; co");
}
