//! A property test: whatever a front matter string holds (markup, quotes, `]]>`,
//! `</script>`, bidi overrides, any script), every output still parses and shows the
//! string as text; or the build refuses the file with a message naming it. It never
//! panics.

use crate::common;

use proptest::prelude::*;
use quick_xml::events::Event;

/// Strings built from pieces that break naive escaping, and any character at all.
fn hostile_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("</script>".to_string()),
        Just("]]>".to_string()),
        Just("<!--".to_string()),
        Just("\"'&<>".to_string()),
        Just("{{ x }}".to_string()),
        Just("\u{202E}\u{2066}\u{200F}".to_string()),
        Just("عدالة".to_string()),
        Just("a: b #c".to_string()),
        "[a-zA-Z ]{1,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 1..6).prop_map(|p| p.concat())
}

fn yaml(s: &str) -> String {
    // JSON strings are YAML double-quoted scalars.
    serde_json::to_string(s).unwrap()
}

fn check_xml(text: &str, what: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{what} does not parse: {e}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_strings_are_escaped_in_every_output(
        title in hostile_string(),
        summary in hostile_string(),
        location in hostile_string(),
        tag in hostile_string(),
        name in hostile_string(),
        role in hostile_string(),
    ) {
        let site = common::fixture("i18n");
        std::fs::write(
            site.path().join("content/releases/prop.md"),
            format!(
                "---\ntitle: {}\nsummary: {}\nlocation: {}\ndate: 2030-01-01\ntags: [{}]\n---\nBody.\n",
                yaml(&title), yaml(&summary), yaml(&location), yaml(&tag)
            ),
        ).unwrap();
        std::fs::write(
            site.path().join("content/people/prop-person.md"),
            format!("---\nname: {}\nrole: {}\n---\nBio.\n", yaml(&name), yaml(&role)),
        ).unwrap();
        let out = tempfile::tempdir().unwrap();
        let result = common::build_into(site.path(), &out.path().join("public"), false);
        let built = match result {
            Ok(_) => out.path().join("public"),
            Err(e) => {
                let e = e.to_string();
                // Refused: then for a reason given against one of the two files.
                prop_assert!(
                    e.contains("content/releases/prop.md") || e.contains("content/people/prop-person.md"),
                    "unexpected error: {}", e
                );
                return Ok(());
            }
        };
        let read = |rel: &str| std::fs::read_to_string(built.join(rel)).unwrap();
        let page = scraper::Html::parse_document(&read("releases/prop/index.html"));
        let h1 = common::text(&page, "h1");
        prop_assert_eq!(h1.trim(), title.trim());
        prop_assert!(common::text(&page, "title").contains(title.trim()));
        prop_assert_eq!(
            common::attrs(&page, "meta[name=description]", "content"),
            if summary.trim().is_empty() { vec![] } else { vec![summary.trim().to_string()] }
        );
        prop_assert!(page.root_element().text().collect::<String>().contains(location.trim()));
        let tag_text: String = page.select(&common::sel("a[rel=tag], .tags a")).flat_map(|a| a.text()).collect();
        prop_assert!(tag_text.contains(tag.trim()), "tag {:?} not in {:?}", tag, tag_text);

        let person = scraper::Html::parse_document(&read("people/prop-person/index.html"));
        let h1 = common::text(&person, "h1");
        prop_assert_eq!(h1.trim(), name.trim());
        prop_assert!(person.root_element().text().collect::<String>().contains(role.trim()));

        for feed in ["feed.xml", "atom.xml", "ar/feed.xml"] {
            let text = read(feed);
            check_xml(&text, feed);
            let parsed = feed_rs::parser::parse(text.as_bytes()).unwrap();
            if !feed.starts_with("ar/") {
                prop_assert!(
                    parsed.entries.iter().any(|e| e.title.as_ref().is_some_and(|t| t.content.trim() == title.trim())),
                    "{} has no entry titled {:?}", feed, title
                );
            }
        }
        check_xml(&read("sitemap.xml"), "sitemap.xml");
        check_xml(&read("feeds.opml"), "feeds.opml");

        // The JSON Feed and the JSON-LD of the release and the person read back with the
        // strings as written, and nothing in them ends their script element.
        let json: serde_json::Value = serde_json::from_str(&read("feed.json")).unwrap();
        let items = json["items"].as_array().unwrap();
        prop_assert!(items.iter().any(|i| i["title"].as_str().map(str::trim) == Some(title.trim())));
        for (doc, field, want) in [(&page, "headline", &title), (&person, "name", &name)] {
            let scripts: Vec<String> = doc
                .select(&common::sel(r#"script[type="application/ld+json"]"#))
                .map(|s| s.inner_html())
                .collect();
            prop_assert_eq!(scripts.len(), 1);
            prop_assert!(!scripts[0].contains('<'), "{}", scripts[0]);
            let ld: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap();
            prop_assert_eq!(ld[field].as_str().map(str::trim), Some(want.trim()));
        }
        let og = common::attrs(&page, r#"meta[property="og:title"]"#, "content");
        prop_assert_eq!(og.iter().map(|t| t.trim()).collect::<Vec<_>>(), vec![title.trim()]);
    }
}
