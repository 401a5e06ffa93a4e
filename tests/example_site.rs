//! The example site (the 12 June 2023 ICJ release in four languages), built into a temp
//! folder and read back with an HTML parser and a feed parser.

use crate::common;

use common::{Built, attrs, example, sel, text};

const BASE: &str = "https://press.example.org";
const LANGS: [(&str, &str, &str); 4] = [
    ("en", "", "ltr"),
    ("ar", "ar/", "rtl"),
    ("nl", "nl/", "ltr"),
    ("fr", "fr/", "ltr"),
];

#[test]
fn every_page_kind_exists_in_every_language() {
    let site = example();
    let built = Built::new(site.path());
    for (_, prefix, _) in LANGS {
        for page in [
            "index.html",
            "releases/index.html",
            "releases/icj-torture-case/index.html",
            "statements/icj-olabi/index.html",
            "statements/icj-kiki/index.html",
            "statements/icj-serrih/index.html",
            "people/index.html",
            "people/laila-kiki/index.html",
            "tags/index.html",
            "about/index.html",
            "contact/index.html",
            "feed.xml",
            "atom.xml",
        ] {
            assert!(
                built.exists(&format!("{prefix}{page}")),
                "missing {prefix}{page}"
            );
        }
    }
    for file in [
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "tags/torture/index.html",
    ] {
        assert!(built.exists(file), "missing {file}");
    }
    assert!(
        built
            .read("robots.txt")
            .contains(&format!("Sitemap: {BASE}/sitemap.xml"))
    );
}

#[test]
fn pages_carry_lang_dir_canonical_and_hreflang() {
    let site = example();
    let built = Built::new(site.path());
    for (lang, prefix, dir) in LANGS {
        let doc = built.html(&format!("{prefix}releases/icj-torture-case/index.html"));
        let html = doc.select(&sel("html")).next().unwrap();
        assert_eq!(html.value().attr("lang"), Some(lang));
        assert_eq!(html.value().attr("dir"), Some(dir));
        assert_eq!(
            attrs(&doc, "link[rel=canonical]", "href"),
            vec![format!("{BASE}/{prefix}releases/icj-torture-case/")]
        );
        let mut hreflangs = attrs(&doc, "link[rel=alternate][hreflang]", "hreflang");
        hreflangs.sort();
        assert_eq!(hreflangs, ["ar", "en", "fr", "nl", "x-default"]);
        let x_default = attrs(&doc, "link[hreflang=x-default]", "href");
        assert_eq!(
            x_default,
            vec![format!("{BASE}/releases/icj-torture-case/")]
        );
        // The language switcher names languages by their endonyms and marks this one.
        let current = text(&doc, ".languages a[aria-current=page]");
        let expected = match lang {
            "en" => "English",
            "ar" => "العربية",
            "nl" => "Nederlands",
            _ => "Français",
        };
        assert_eq!(current, expected);
        // Feeds of the page's language are linked from <head>.
        assert_eq!(
            attrs(&doc, "link[type='application/rss+xml']", "href"),
            vec![format!("{BASE}/{prefix}feed.xml")]
        );
        assert_eq!(doc.select(&sel("h1")).count(), 1, "one h1 on {lang}");
    }
}

#[test]
fn arabic_release_is_dated_with_levantine_month_names() {
    let site = example();
    let built = Built::new(site.path());
    let doc = built.html("ar/releases/icj-torture-case/index.html");
    let dateline = text(&doc, ".dateline");
    assert!(dateline.contains("حزيران"), "{dateline}");
    assert!(dateline.contains("لاهاي"), "{dateline}");
    let en = built.html("releases/icj-torture-case/index.html");
    assert!(text(&en, ".dateline").contains("12 June 2023"));
    let fr = built.html("fr/releases/icj-torture-case/index.html");
    assert!(text(&fr, ".dateline").contains("12 juin 2023"));
}

#[test]
fn statements_sit_at_the_marker_and_link_to_their_people() {
    let site = example();
    let built = Built::new(site.path());
    let doc = built.html("releases/icj-torture-case/index.html");
    let body = doc.select(&sel(".release-body")).next().unwrap();
    // Walk the body's blocks in order: the quotes come after the arbitration paragraph and
    // before the history of the case, as in the original release.
    let blocks: Vec<String> = body
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .map(|e| {
            if e.value().classes().any(|c| c == "statements") {
                "[statements]".to_string()
            } else {
                e.text().collect::<String>()
            }
        })
        .collect();
    let at = |needle: &str| {
        blocks
            .iter()
            .position(|b| b.contains(needle))
            .unwrap_or_else(|| panic!("{needle}"))
    };
    assert!(at("provisional measures") < at("[statements]"));
    assert!(at("[statements]") < at("In September 2020"));

    let speakers = attrs(&doc, ".statement .speaker", "href");
    assert_eq!(
        speakers,
        vec![
            format!("{BASE}/people/ibrahim-olabi/"),
            format!("{BASE}/people/laila-kiki/"),
            format!("{BASE}/people/diab-serrih/"),
        ]
    );
    for href in &speakers {
        let rel = href.strip_prefix(&format!("{BASE}/")).unwrap();
        assert!(built.exists(&format!("{rel}index.html")), "{href}");
    }
    let first = text(&doc, ".statement blockquote");
    assert!(first.contains("historic breakthrough in the pursuit of justice for Syria"));

    // The Arabic page quotes the Arabic statements and links the Arabic profiles.
    let ar = built.html("ar/releases/icj-torture-case/index.html");
    assert_eq!(
        attrs(&ar, ".statement .speaker", "href")[1],
        format!("{BASE}/ar/people/laila-kiki/")
    );
    assert!(text(&ar, ".statement .speaker").contains("إبراهيم العلبي"));
}

#[test]
fn person_and_statement_pages_cross_link() {
    let site = example();
    let built = Built::new(site.path());
    let person = built.html("people/laila-kiki/index.html");
    assert_eq!(text(&person, "h1"), "Laila Kiki");
    assert!(text(&person, ".person").contains("Executive Director"));
    assert!(text(&person, ".statement blockquote").contains("long overdue case"));
    let statement = built.html("statements/icj-kiki/index.html");
    assert_eq!(
        attrs(&statement, ".card-title a", "href"),
        vec![format!("{BASE}/releases/icj-torture-case/")]
    );
}

#[test]
fn feeds_parse_and_carry_the_full_release_with_absolute_links() {
    let site = example();
    let built = Built::new(site.path());
    for (lang, prefix, _) in LANGS {
        for name in ["feed.xml", "atom.xml"] {
            let xml = built.read(&format!("{prefix}{name}"));
            let feed = feed_rs::parser::parse(xml.as_bytes())
                .unwrap_or_else(|e| panic!("{prefix}{name}: {e}"));
            assert_eq!(feed.language.as_deref(), Some(lang), "{prefix}{name}");
            assert_eq!(feed.entries.len(), 1);
            let entry = &feed.entries[0];
            assert!(
                entry.id.starts_with("urn:uuid:"),
                "stable id from front matter: {}",
                entry.id
            );
            assert_eq!(
                entry.links[0].href,
                format!("{BASE}/{prefix}releases/icj-torture-case/")
            );
            assert!(entry.published.is_some(), "{prefix}{name}");
            let content = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .expect("full content");
            let html = scraper::Html::parse_fragment(&content);
            assert_eq!(
                html.select(&sel("blockquote")).count(),
                3,
                "all three quotes in {prefix}{name}"
            );
            for href in attrs(&html, "a", "href") {
                assert!(
                    href.starts_with("https://") || href.starts_with("mailto:"),
                    "relative link {href} in {prefix}{name}"
                );
            }
        }
    }
    let en = built.read("feed.xml");
    assert!(
        en.contains(&format!("<atom:link href=\"{BASE}/feed.xml\" rel=\"self\"")),
        "RSS self link"
    );
}

#[test]
fn contact_form_fields_all_have_labels_and_post_somewhere_real() {
    let site = example();
    let built = Built::new(site.path());
    for (_, prefix, _) in LANGS {
        let doc = built.html(&format!("{prefix}contact/index.html"));
        let form = doc.select(&sel("form.request")).next().expect("a form");
        // form_action is empty in the example: the form composes an email to the press
        // desk, with a subject in the page's language.
        let action = url::Url::parse(form.value().attr("action").unwrap()).unwrap();
        assert_eq!(
            (action.scheme(), action.path()),
            ("mailto", "press@example.org")
        );
        let subject: Vec<_> = action
            .query_pairs()
            .filter(|(k, _)| k == "subject")
            .collect();
        assert_eq!(subject.len(), 1, "{action}");
        assert_eq!(form.value().attr("enctype"), Some("text/plain"));
        let labels = attrs(&doc, "label", "for");
        let fields: Vec<_> = doc
            .select(&sel("form input, form select, form textarea"))
            .collect();
        assert_eq!(
            fields.len(),
            10,
            "name, outlet, email, phone, deadline, kind, person, regarding, language, message"
        );
        for field in fields {
            let id = field.value().attr("id").expect("field id");
            assert!(
                labels.iter().any(|l| l == id),
                "{prefix}: no label for #{id}"
            );
            // Sent by email, each field is named by its label: the message a mail program
            // writes is labelled lines ("Media outlet=…"), not keys.
            let label = doc
                .select(&sel(&format!("label[for={id}]")))
                .next()
                .unwrap()
                .text()
                .collect::<String>()
                .replace('*', "");
            assert_eq!(field.value().attr("name"), Some(label.trim()), "{prefix}");
        }
        let languages = attrs(&doc, "#f-language option", "value");
        assert_eq!(languages, ["English", "العربية", "Français", "Nederlands"]);
        assert!(text(&doc, ".notice").contains("press@example.org"));
        // The spokespeople available for interviews are listed with their languages.
        assert_eq!(doc.select(&sel(".person-card")).count(), 3);
    }
}

#[test]
fn no_page_refers_to_another_host() {
    let site = example();
    let built = Built::new(site.path());
    let files = built.html_files();
    assert!(files.len() > 60);
    for file in files {
        let doc = built.html(&file);
        for (selector, attr) in [
            ("[href]", "href"),
            ("[src]", "src"),
            ("[action]", "action"),
            ("[srcset]", "srcset"),
            ("[poster]", "poster"),
            ("[data]", "data"),
        ] {
            for url in attrs(&doc, selector, attr) {
                let ok = url.starts_with(&format!("{BASE}/"))
                    || url.starts_with('#')
                    || url.starts_with("mailto:")
                    || url.starts_with("tel:");
                assert!(ok, "{file} refers to {url}");
            }
        }
        // The one script element is data for search engines, which no browser runs, and
        // its URLs are the site's own too.
        for data in doc.select(&sel(r#"script[type="application/ld+json"]"#)) {
            let json: serde_json::Value = serde_json::from_str(&data.inner_html()).unwrap();
            let text = json.to_string();
            for url in text.split('"').filter(|s| s.starts_with("http")) {
                assert!(
                    url.starts_with(&format!("{BASE}/")) || url == "https://schema.org",
                    "{file}: {url}"
                );
            }
        }
        assert_eq!(
            doc.select(&sel("iframe, object, embed")).count(),
            0,
            "{file}"
        );
        // The scripts a browser runs are the contact page's and the search page's own.
        let scripts: Vec<_> = doc
            .select(&sel(r#"script:not([type="application/ld+json"])"#))
            .map(|s| (s.value().attr("src"), s.inner_html()))
            .collect();
        if file.ends_with("contact/index.html") {
            assert_eq!(
                scripts,
                [(Some(format!("{BASE}/contact.js").as_str()), String::new())],
                "{file}"
            );
        } else if file.ends_with("search/index.html") {
            assert_eq!(
                scripts,
                [(Some(format!("{BASE}/search.js").as_str()), String::new())],
                "{file}"
            );
        } else {
            assert_eq!(scripts, [], "{file}");
        }
    }
}

#[test]
fn sitemap_lists_every_page_with_its_translations() {
    let site = example();
    let built = Built::new(site.path());
    let xml = built.read("sitemap.xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut locs, mut alternates) = (Vec::new(), 0);
    let mut in_loc = false;
    loop {
        match reader.read_event().expect("well-formed sitemap") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"loc" => in_loc = true,
            quick_xml::events::Event::Text(t) if in_loc => {
                locs.push(t.decode().unwrap().into_owned());
                in_loc = false;
            }
            quick_xml::events::Event::Empty(e) if e.name().as_ref() == b"xhtml:link" => {
                alternates += 1
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(
        locs.len(),
        // A search page has nothing of its own to find.
        built.html_files().len() - 1 - 4,
        "every HTML page but 404.html and the four search pages"
    );
    assert!(locs.contains(&format!("{BASE}/ar/releases/icj-torture-case/")));
    assert!(alternates > 100);
}

#[test]
fn two_builds_give_identical_bytes() {
    let site = example();
    let a = Built::new(site.path());
    let b = Built::new(site.path());
    assert_eq!(common::snapshot(&a.out()), common::snapshot(&b.out()));
}
