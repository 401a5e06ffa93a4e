//! Feeds for every scope a journalist follows: each language, each person and each tag,
//! in RSS, Atom and JSON Feed 1.1; the OPML list; the page explaining them; and the links
//! pages give feed readers. Every feed is read back with feed-rs, the JSON Feeds also
//! against the JSON Feed 1.1 spec.

use crate::common;

use common::{Built, example};
use serde_json::Value;

const BASE: &str = "https://press.example.org";

/// Every feed file of the output, relative paths.
fn feed_files(built: &Built) -> Vec<String> {
    walkdir::WalkDir::new(built.out())
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name == "feed.xml" || name == "atom.xml" || name == "feed.json"
        })
        .map(|e| {
            let rel = e.path().strip_prefix(built.out()).unwrap();
            rel.to_string_lossy().into_owned()
        })
        .collect()
}

#[test]
fn every_language_person_and_tag_has_its_feeds_and_all_parse() {
    let site = example();
    let built = Built::new(site.path());
    let feeds = feed_files(&built);
    for lang in ["", "ar/", "fr/", "nl/"] {
        for dir in [
            "",
            "people/ibrahim-olabi/",
            "people/laila-kiki/",
            "people/diab-serrih/",
        ] {
            for name in ["feed.xml", "atom.xml", "feed.json"] {
                let path = format!("{lang}{dir}{name}");
                assert!(feeds.contains(&path), "{path} in {feeds:?}");
            }
        }
    }
    // One feed of each format for each tag page of each language.
    let tag_pages = built
        .html_files()
        .into_iter()
        .filter(|p| p.contains("tags/") && !p.ends_with("tags/index.html"))
        .count();
    let tag_feeds = feeds.iter().filter(|f| f.contains("tags/")).count();
    assert_eq!(tag_feeds, 3 * tag_pages, "{feeds:?}");
    for path in &feeds {
        let feed = feed_rs::parser::parse(built.read(path).as_bytes())
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(!feed.entries.is_empty(), "{path} has entries");
        for entry in &feed.entries {
            assert!(
                entry.links.iter().all(|l| l.href.starts_with(BASE)),
                "{path}: links are absolute"
            );
            // An empty summary is left out, never written empty.
            if let Some(summary) = &entry.summary {
                assert!(!summary.content.trim().is_empty(), "{path}: empty summary");
            }
        }
    }
}

#[test]
fn json_feeds_follow_the_json_feed_1_1_spec() {
    let site = example();
    let built = Built::new(site.path());
    let json: Vec<String> = feed_files(&built)
        .into_iter()
        .filter(|f| f.ends_with(".json"))
        .collect();
    assert_eq!(json.len(), 4 + 4 * 3 + 12, "{json:?}");
    for path in &json {
        let feed: Value = serde_json::from_str(&built.read(path)).unwrap();
        assert_eq!(
            feed["version"], "https://jsonfeed.org/version/1.1",
            "{path}"
        );
        assert!(
            feed["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{path}"
        );
        let absolute = |v: &Value| v.as_str().is_some_and(|u| u.starts_with(BASE));
        assert!(absolute(&feed["home_page_url"]), "{path}");
        let feed_url = feed["feed_url"].as_str().unwrap();
        let decoded = percent_encoding::percent_decode_str(feed_url).decode_utf8_lossy();
        assert_eq!(decoded, format!("{BASE}/{path}"), "{path}");
        assert!(feed["authors"][0]["name"].is_string(), "{path}");
        let items = feed["items"].as_array().expect("items");
        for item in items {
            assert!(item["id"].as_str().is_some_and(|id| !id.is_empty()));
            assert!(absolute(&item["url"]), "{path}: {item}");
            assert!(item["content_html"].is_string(), "{path}");
            let date = item["date_published"].as_str().unwrap();
            chrono::DateTime::parse_from_rfc3339(date)
                .unwrap_or_else(|e| panic!("{path}: {date}: {e}"));
            if let Some(summary) = item.get("summary") {
                assert!(!summary.as_str().unwrap().trim().is_empty(), "{path}");
            }
            for author in item["authors"].as_array().into_iter().flatten() {
                assert!(absolute(&author["url"]), "{path}: {author}");
            }
        }
    }
}

#[test]
fn a_persons_feed_quotes_their_statements_and_links_where_they_appear() {
    let site = example();
    let built = Built::new(site.path());
    let feed: Value = serde_json::from_str(&built.read("people/laila-kiki/feed.json")).unwrap();
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{feed}");
    let item = &items[0];
    assert_eq!(item["url"], format!("{BASE}/statements/icj-kiki/"));
    assert_eq!(item["authors"][0]["name"], "Laila Kiki");
    assert_eq!(
        item["authors"][0]["url"],
        format!("{BASE}/people/laila-kiki/")
    );
    let html = item["content_html"].as_str().unwrap();
    assert!(html.contains("<blockquote"), "the quote in full: {html}");
    assert!(
        html.contains(&format!("{BASE}/releases/icj-torture-case/")),
        "the release it appears in: {html}"
    );
    // The Atom feed names the speaker as a contributor.
    let atom = feed_rs::parser::parse(built.read("people/laila-kiki/atom.xml").as_bytes()).unwrap();
    assert_eq!(atom.entries[0].contributors[0].name, "Laila Kiki");
}

#[test]
fn release_entries_carry_the_dateline_boilerplate_and_contact_and_read_right_to_left() {
    let site = example();
    let built = Built::new(site.path());
    let feed: Value = serde_json::from_str(&built.read("ar/feed.json")).unwrap();
    let item = &feed["items"][0];
    let html = item["content_html"].as_str().unwrap();
    assert!(html.starts_with("<div lang=\"ar\" dir=\"rtl\">"), "{html}");
    assert!(html.contains("###"), "{html}");
    assert!(html.contains("mailto:"), "the media contact: {html}");
    // The people quoted are the item's authors, with their pages.
    let authors = item["authors"].as_array().unwrap();
    assert_eq!(authors.len(), 3, "{authors:?}");
    assert!(authors.iter().all(|a| {
        a["url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{BASE}/ar/people/"))
    }));
    let english: Value = serde_json::from_str(&built.read("feed.json")).unwrap();
    let html = english["items"][0]["content_html"].as_str().unwrap();
    assert!(html.starts_with("<div lang=\"en\" dir=\"ltr\">"), "{html}");
    assert!(html.contains("class=\"dateline\""), "{html}");
}

/// The value of an attribute, its character references decoded.
fn attr(a: &quick_xml::events::attributes::Attribute) -> String {
    let raw = String::from_utf8_lossy(&a.value);
    quick_xml::escape::unescape(&raw).unwrap().into_owned()
}

#[test]
fn the_opml_lists_every_rss_and_atom_feed_grouped_by_language() {
    let site = example();
    let built = Built::new(site.path());
    let opml = built.read("feeds.opml");
    let mut reader = quick_xml::Reader::from_str(&opml);
    let (mut groups, mut urls) = (Vec::new(), Vec::new());
    loop {
        match reader.read_event().expect("well-formed OPML") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"outline" => {
                let text = e.try_get_attribute("text").unwrap().unwrap();
                groups.push(attr(&text));
            }
            quick_xml::events::Event::Empty(e) if e.name().as_ref() == b"outline" => {
                let url = e.try_get_attribute("xmlUrl").unwrap().unwrap();
                urls.push(attr(&url));
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(groups, ["English", "العربية", "Français", "Nederlands"]);
    let mut xml_feeds: Vec<String> = feed_files(&built)
        .into_iter()
        .filter(|f| f.ends_with(".xml"))
        .map(|f| format!("{BASE}/{}", f.replace(' ', "%20")))
        .collect();
    let mut listed: Vec<String> = urls
        .iter()
        .map(|u| {
            percent_encoding::percent_decode_str(u)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    xml_feeds.sort();
    listed.sort();
    assert_eq!(listed, xml_feeds);
}

#[test]
fn person_and_tag_pages_link_their_own_feeds_and_the_feeds_page_explains_them() {
    let site = example();
    let built = Built::new(site.path());
    let selector = scraper::Selector::parse("link[rel=alternate][type]").unwrap();
    let page = built.html("ar/people/ibrahim-olabi/index.html");
    let links: Vec<&str> = page
        .select(&selector)
        .filter_map(|l| l.value().attr("href"))
        .collect();
    for name in ["feed.xml", "atom.xml", "feed.json"] {
        let own = format!("{BASE}/ar/people/ibrahim-olabi/{name}");
        assert!(links.contains(&own.as_str()), "{own} in {links:?}");
        let language = format!("{BASE}/ar/{name}");
        assert!(
            links.contains(&language.as_str()),
            "{language} in {links:?}"
        );
    }
    let tag = built.html("tags/icj/index.html");
    assert!(
        tag.select(&selector)
            .any(|l| l.value().attr("href") == Some(&format!("{BASE}/tags/icj/feed.json")))
    );
    for lang in ["", "ar/", "fr/", "nl/"] {
        let page = built.read(&format!("{lang}feeds/index.html"));
        for dir in ["", "people/laila-kiki/", "tags/"] {
            assert!(
                page.contains(&format!("{BASE}/{lang}{dir}")),
                "{lang}: {dir}"
            );
        }
        assert!(page.contains(&format!("{BASE}/feeds.opml")), "{lang}");
    }
}

#[test]
fn a_preview_has_no_feeds_and_links_none() {
    let site = example();
    let out = tempfile::tempdir().unwrap();
    pressroom::build::build(&pressroom::build::Options {
        root: site.path().to_path_buf(),
        output: Some(out.path().join("public")),
        settings: pressroom::project::Settings {
            preview: true,
            ..Default::default()
        },
    })
    .unwrap();
    let files: Vec<String> = walkdir::WalkDir::new(out.path().join("public"))
        .into_iter()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    assert!(
        !files
            .iter()
            .any(|f| ["feed.json", "feed.xml", "atom.xml", ".opml"]
                .iter()
                .any(|feed| f.ends_with(feed))),
        "{files:?}"
    );
    let person =
        std::fs::read_to_string(out.path().join("public/people/laila-kiki/index.html")).unwrap();
    assert!(!person.contains("feed.json"), "{person}");
}

#[test]
fn a_release_dated_by_its_day_is_published_at_nine_in_the_press_offices_zone() {
    let site = example();
    let built = Built::new(site.path());
    // 12 June 2023 in The Hague, not midnight UTC (which is 11 June in New York).
    let feed: Value = serde_json::from_str(&built.read("feed.json")).unwrap();
    assert_eq!(
        feed["items"][0]["date_published"],
        "2023-06-12T09:00:00+02:00"
    );
    let rss = built.read("ar/feed.xml");
    assert!(rss.contains("Mon, 12 Jun 2023 09:00:00 +0200"), "{rss}");
    let atom = feed_rs::parser::parse(built.read("atom.xml").as_bytes()).unwrap();
    let published = atom.entries[0].published.unwrap();
    assert_eq!(published.to_rfc3339(), "2023-06-12T07:00:00+00:00");
}

#[test]
fn a_time_zone_pressroom_does_not_know_is_an_error_at_its_line() {
    let site = example();
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let text = text.replace(
        "timezone = \"Europe/Amsterdam\"",
        "timezone = \"Europe/Den_Haag\"",
    );
    std::fs::write(&toml, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("timezone"))
        .unwrap()
        + 1;
    let error = common::build_error(site.path());
    assert!(
        error.contains(&format!("site.toml:{line}"))
            && error.contains("`Europe/Den_Haag` is not a time zone")
            && error.contains("Europe/Amsterdam"),
        "{error}"
    );
}

#[test]
fn an_update_or_correction_is_noted_on_the_page_and_dates_the_change_everywhere() {
    let site = example();
    let before = Built::new(site.path());
    let old: Value = serde_json::from_str(&before.read("feed.json")).unwrap();
    let release = site.path().join("content/releases/icj-torture-case.md");
    let text = std::fs::read_to_string(&release).unwrap();
    let text = text.replacen(
        "---\n",
        "---\nupdated: 2023-06-14\ncorrections:\n  - date: 2023-06-13\n    text: \"An earlier version misspelt a name.\"\n",
        1,
    );
    std::fs::write(&release, text).unwrap();
    let built = Built::new(site.path());

    let page = built.html("releases/icj-torture-case/index.html");
    assert!(common::text(&page, ".update-note").contains("14 June 2023"));
    assert!(common::text(&page, ".correction-note").contains("misspelt a name"));
    let og = common::attrs(
        &page,
        r#"meta[property="article:modified_time"]"#,
        "content",
    );
    assert_eq!(og, ["2023-06-14T09:00:00+02:00"]);
    let ld = page
        .select(&common::sel(r#"script[type="application/ld+json"]"#))
        .next()
        .unwrap()
        .inner_html();
    let ld: Value = serde_json::from_str(&ld).unwrap();
    assert_eq!(ld["dateModified"], "2023-06-14T09:00:00+02:00");
    assert_eq!(ld["datePublished"], "2023-06-12T09:00:00+02:00");

    let feed: Value = serde_json::from_str(&built.read("feed.json")).unwrap();
    let item = &feed["items"][0];
    assert_eq!(item["date_modified"], "2023-06-14T09:00:00+02:00");
    assert_eq!(item["date_published"], "2023-06-12T09:00:00+02:00");
    // The entry keeps its id: feed readers show it as changed, not as new.
    assert_eq!(item["id"], old["items"][0]["id"]);
    assert!(
        item["content_html"]
            .as_str()
            .unwrap()
            .contains("misspelt a name")
    );
    let atom = feed_rs::parser::parse(built.read("atom.xml").as_bytes()).unwrap();
    assert_eq!(
        atom.entries[0].updated.unwrap().to_rfc3339(),
        "2023-06-14T07:00:00+00:00"
    );
    // Other languages' versions are not changed by the English file.
    let ar: Value = serde_json::from_str(&built.read("ar/feed.json")).unwrap();
    assert!(ar["items"][0].get("date_modified").is_none());
}

#[test]
fn a_theme_copied_before_feeds_existed_gets_pressrooms_own_templates_and_strings() {
    let site = example();
    let theme = site.path().join("themes/campaign");
    for file in [
        "templates/feeds.html",
        "templates/partials/feed_links.html",
        "templates/partials/feed_release.html",
        "templates/partials/feed_statement.html",
        "templates/partials/corrections.html",
    ] {
        std::fs::remove_file(theme.join(file)).unwrap();
    }
    for lang in ["en", "ar", "fr", "nl"] {
        let path = theme.join(format!("i18n/{lang}.yaml"));
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("feeds_") && !l.starts_with("feed_json"))
            .collect();
        std::fs::write(&path, kept.join("\n")).unwrap();
    }
    let built = Built::new(site.path());
    assert!(common::text(&built.html("ar/feeds/index.html"), "h1").contains("الخلاصات"));
    assert!(built.read("feed.json").contains("\"content_html\""));
}

#[test]
fn a_publication_time_that_is_not_a_time_of_day_is_an_error_at_its_line() {
    let site = example();
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("publish_time = \"09:00\"", "publish_time = \"9 am\"");
    std::fs::write(&toml, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("publish_time"))
        .unwrap()
        + 1;
    // `build_error` also checks that nothing was written.
    let error = common::build_error(site.path());
    assert!(
        error.contains(&format!(
            "site.toml:{line}: publish_time `9 am` is not a time of day"
        )) && error.contains("publish_time = \"09:00\""),
        "{error}"
    );
}

#[test]
fn a_correction_with_a_misnamed_key_is_an_error_at_its_line() {
    let site = example();
    let release = site.path().join("content/releases/icj-torture-case.md");
    let text = std::fs::read_to_string(&release).unwrap().replacen(
        "---\n",
        "---\ncorrections:\n  - date: 2023-06-13\n    txt: \"A name was misspelt.\"\n",
        1,
    );
    std::fs::write(&release, text).unwrap();
    let error = common::build_error(site.path());
    assert!(
        error.contains("content/releases/icj-torture-case.md:4:")
            && error.contains("unknown field `txt`, expected `date` or `text`"),
        "{error}"
    );
}
