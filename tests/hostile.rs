//! Hostile and broken input: raw HTML is cleaned, script URLs never become links, nothing
//! loads from another host unless site.toml allows it, every page carries a strict
//! Content-Security-Policy, links out of the site are refused, and odd files give clear
//! errors rather than panics.

mod common;

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
    for file in &files {
        let page = built.html(file);
        assert_eq!(
            common::attrs(&page, "meta[http-equiv=Content-Security-Policy]", "content"),
            vec![expected.to_string()],
            "{file}"
        );
        assert_eq!(
            common::attrs(&page, "meta[name=referrer]", "content"),
            vec!["no-referrer".to_string()],
            "{file}"
        );
        // What the policy forbids, the theme must not need.
        assert_eq!(page.select(&sel("style, [style]")).count(), 0, "{file}");
        for script in page.select(&sel("script")) {
            assert!(
                script.value().attr("src").is_some(),
                "inline script in {file}"
            );
        }
    }
    let headers = built.read("_headers");
    assert!(headers.starts_with("/*\n"), "{headers}");
    for line in [
        &format!("  Content-Security-Policy: {expected}; frame-ancestors 'none'"),
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
    // Ten thousand tags on one release.
    let tags: Vec<String> = (0..10_000).map(|i| format!("tag {i}")).collect();
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
            "<div>".repeat(3_000)
        ),
    );
    let built = Built::new(site.path());
    assert!(
        built
            .read("releases/big/index.html")
            .contains("The very end.")
    );
    assert!(built.exists("tags/tag-9999/index.html"));
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
