//! What pages say about themselves to the apps links are shared in (Open Graph, Twitter
//! cards) and to search engines (schema.org JSON-LD), in English and Arabic.

use crate::common;

use common::{Built, attrs, example, sel};
use serde_json::Value;

const BASE: &str = "https://press.example.org";

fn og(page: &scraper::Html, property: &str) -> Vec<String> {
    attrs(page, &format!(r#"meta[property="{property}"]"#), "content")
}

fn json_ld(page: &scraper::Html) -> Value {
    let scripts: Vec<String> = page
        .select(&sel(r#"script[type="application/ld+json"]"#))
        .map(|s| s.inner_html())
        .collect();
    assert_eq!(scripts.len(), 1, "one JSON-LD block");
    serde_json::from_str(&scripts[0]).unwrap()
}

#[test]
fn a_release_is_an_article_for_link_previews_and_a_news_article_for_search_engines() {
    let site = example();
    let built = Built::new(site.path());
    let en = built.html("releases/icj-torture-case/index.html");
    assert_eq!(og(&en, "og:type"), ["article"]);
    assert_eq!(
        og(&en, "og:url"),
        [format!("{BASE}/releases/icj-torture-case/")]
    );
    assert_eq!(og(&en, "og:site_name"), ["Syria Justice Press Office"]);
    assert_eq!(og(&en, "og:locale"), ["en_GB"]);
    assert_eq!(og(&en, "og:locale:alternate").len(), 3);
    assert_eq!(
        og(&en, "article:published_time"),
        ["2023-06-12T09:00:00+02:00"]
    );
    assert!(!og(&en, "article:tag").is_empty());
    assert!(og(&en, "og:title")[0].starts_with("Landmark torture case"));
    assert!(!og(&en, "og:description")[0].is_empty());
    assert_eq!(
        attrs(&en, r#"meta[name="twitter:card"]"#, "content"),
        ["summary_large_image"]
    );
    assert_eq!(
        og(&en, "og:image"),
        [format!("{BASE}/releases/icj-torture-case/card.png")]
    );

    let ld = json_ld(&en);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["genre"], "Press release");
    assert_eq!(ld["inLanguage"], "en");
    assert_eq!(ld["datePublished"], "2023-06-12T09:00:00+02:00");
    assert!(
        ld["headline"]
            .as_str()
            .unwrap()
            .starts_with("Landmark torture case")
    );
    assert!(ld["description"].is_string());
    assert_eq!(ld["publisher"]["@type"], "Organization");
    assert_eq!(ld["publisher"]["url"], format!("{BASE}/"));
    assert!(ld["keywords"].as_str().unwrap().contains("ICJ"));
    let translations = ld["workTranslation"].as_array().unwrap();
    assert_eq!(translations.len(), 3);
    assert!(translations.iter().any(|t| t["url"]
        == format!("{BASE}/ar/releases/icj-torture-case/")
        && t["inLanguage"] == "ar"));

    let ar = built.html("ar/releases/icj-torture-case/index.html");
    assert_eq!(og(&ar, "og:locale"), ["ar_SY"]);
    assert!(og(&ar, "og:locale:alternate").contains(&"en_GB".to_string()));
    let ld = json_ld(&ar);
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["inLanguage"], "ar");
    assert_eq!(ld["publisher"]["name"], "المكتب الصحفي للعدالة في سوريا");
    assert_eq!(
        ld["translationOfWork"]["url"],
        format!("{BASE}/releases/icj-torture-case/")
    );
}

#[test]
fn a_statement_is_a_quotation_by_its_speaker_in_its_release() {
    let site = example();
    let built = Built::new(site.path());
    for (lang, name) in [("", "Laila Kiki"), ("ar/", "ليلى كيكي")] {
        let page = built.html(&format!("{lang}statements/icj-kiki/index.html"));
        assert_eq!(og(&page, "og:type"), ["article"]);
        let ld = json_ld(&page);
        assert_eq!(ld["@type"], "Quotation");
        assert_eq!(ld["creator"]["@type"], "Person");
        assert_eq!(ld["creator"]["name"], name);
        assert_eq!(
            ld["creator"]["url"],
            format!("{BASE}/{lang}people/laila-kiki/")
        );
        assert_eq!(ld["isPartOf"]["@type"], "NewsArticle");
        assert_eq!(
            ld["isPartOf"]["url"],
            format!("{BASE}/{lang}releases/icj-torture-case/")
        );
        let text = ld["text"].as_str().unwrap();
        assert!(text.len() > 40 && !text.contains('<'), "{text}");
    }
}

#[test]
fn a_person_is_a_profile_and_a_person() {
    let site = example();
    let built = Built::new(site.path());
    for lang in ["", "ar/"] {
        let page = built.html(&format!("{lang}people/ibrahim-olabi/index.html"));
        assert_eq!(og(&page, "og:type"), ["profile"]);
        let ld = json_ld(&page);
        assert_eq!(ld["@type"], "Person");
        assert!(ld["name"].is_string());
        assert!(ld["jobTitle"].is_string(), "{ld}");
        assert_eq!(ld["worksFor"]["@type"], "Organization");
        assert!(
            ld["knowsLanguage"]
                .as_array()
                .is_some_and(|l| !l.is_empty()),
            "{ld}"
        );
        assert_eq!(ld["url"], format!("{BASE}/{lang}people/ibrahim-olabi/"));
    }
    // Lists are websites, and carry no JSON-LD.
    let home = built.html("index.html");
    assert_eq!(og(&home, "og:type"), ["website"]);
    assert_eq!(
        home.select(&sel(r#"script[type="application/ld+json"]"#))
            .count(),
        0
    );
}

/// The subject and body of the interview-request `mailto:` link on `page`, as a mail
/// program reads them.
fn interview_request(page: &scraper::Html) -> (String, String, String) {
    let links = attrs(page, r#"a[href^="mailto:"][href*="subject="]"#, "href");
    assert_eq!(links.len(), 1, "{links:?}");
    let url = url::Url::parse(&links[0]).unwrap();
    let get = |k: &str| {
        url.query_pairs()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.into_owned())
            .unwrap()
    };
    (url.path().to_string(), get("subject"), get("body"))
}

#[test]
fn release_and_person_pages_offer_an_interview_request_by_email_in_their_language() {
    let site = example();
    let built = Built::new(site.path());
    let (to, subject, body) =
        interview_request(&built.html("releases/icj-torture-case/index.html"));
    assert_eq!(to, "press@example.org");
    assert!(
        subject.starts_with("Interview request: Landmark torture case"),
        "{subject}"
    );
    assert!(
        body.contains("\nMedia outlet:\n") && body.contains("Deadline:"),
        "{body}"
    );
    let (_, subject, body) =
        interview_request(&built.html("ar/releases/icj-torture-case/index.html"));
    assert!(subject.starts_with("طلب مقابلة: "), "{subject}");
    assert!(body.contains("المؤسسة الإعلامية:"), "{body}");
    let (_, subject, _) = interview_request(&built.html("people/ibrahim-olabi/index.html"));
    assert_eq!(subject, "Interview request: Ibrahim Olabi");

    // The contact page is linked with what the request is about, for its script.
    let contact = |page: &str| -> Vec<(String, String)> {
        let links = attrs(&built.html(page), "a.button", "href");
        let link = links
            .iter()
            .find(|l| l.contains("/contact/?"))
            .unwrap_or_else(|| panic!("{page}: {links:?}"));
        url::Url::parse(link)
            .unwrap()
            .query_pairs()
            .into_owned()
            .collect()
    };
    assert_eq!(
        contact("releases/icj-torture-case/index.html"),
        [(
            "regarding".to_string(),
            "Landmark torture case against Assad regime submitted to International Court of Justice".to_string()
        )]
    );
    let ar = contact("ar/releases/icj-torture-case/index.html");
    assert!(
        ar[0].0 == "regarding" && ar[0].1.starts_with("تقديم"),
        "{ar:?}"
    );
    assert_eq!(
        contact("people/ibrahim-olabi/index.html"),
        [("person".to_string(), "ibrahim-olabi".to_string())]
    );
}

#[test]
fn the_contact_page_says_what_happens_to_a_request_in_its_language() {
    let site = example();
    let built = Built::new(site.path());
    let en = common::text(&built.html("contact/index.html"), ".privacy");
    assert!(
        en.contains("Only the press office reads interview requests"),
        "{en}"
    );
    // site.toml's own words replace the theme's.
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replacen(
        "[languages.ar]\n",
        "[languages.ar]\nprivacy_notice = \"يقرأ الطلبات فريق الصحافة وحده ويحذفها بعد ستة أشهر.\"\n",
        1,
    );
    std::fs::write(&toml, text).unwrap();
    let built = Built::new(site.path());
    let ar = common::text(&built.html("ar/contact/index.html"), ".privacy");
    assert!(ar.contains("بعد ستة أشهر"), "{ar}");
}

#[test]
fn a_form_posting_to_a_server_sends_its_fields_under_names_for_programs() {
    let site = common::fixture("i18n");
    let built = Built::new(site.path());
    let page = built.html("contact/index.html");
    let names = attrs(&page, "form.request [name]", "name");
    assert_eq!(
        names,
        [
            "name",
            "outlet",
            "email",
            "phone",
            "deadline",
            "interviewee",
            "person",
            "regarding",
            "language",
            "message"
        ]
    );
    assert_eq!(attrs(&page, "#f-language option", "value"), ["en", "ar"]);
    // A server gets the person's slug; no script composes anything.
    assert_eq!(attrs(&page, "#f-person option", "value"), ["", "ada"]);
    assert!(attrs(&page, "form.request", "data-to").is_empty());
    assert_eq!(
        attrs(&page, "form.request", "action"),
        ["https://forms.fixture.example.org/interview"]
    );
}

#[test]
fn the_publisher_shows_the_logo_site_toml_names_and_a_missing_logo_is_an_error_at_its_line() {
    let site = example();
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let with_logo = text.replacen("theme = ", "logo = \"/press-logo.png\"\ntheme = ", 1);
    std::fs::write(&toml, &with_logo).unwrap();
    let line = with_logo
        .lines()
        .position(|l| l.starts_with("logo ="))
        .unwrap()
        + 1;

    let error = common::build_error(site.path());
    assert!(
        error.contains(&format!("site.toml:{line}")) && error.contains("not a file in static/"),
        "{error}"
    );

    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/press-logo.png"), b"logo").unwrap();
    let built = Built::new(site.path());
    for page in [
        "releases/icj-torture-case/index.html",
        "ar/releases/icj-torture-case/index.html",
    ] {
        let ld = json_ld(&built.html(page));
        assert_eq!(ld["publisher"]["logo"]["@type"], "ImageObject", "{page}");
        assert_eq!(
            ld["publisher"]["logo"]["url"],
            format!("{BASE}/press-logo.png"),
            "{page}"
        );
    }
}
