//! Broken sites under `tests/fixtures/broken/`, one per kind of content error: the build
//! fails naming the file, the line and the problem, and the existing output is left exactly
//! as it was.

use crate::common;

use std::path::Path;

use common::{build_error, build_into, fixture, snapshot};

/// Builds `broken/<name>` over an existing output folder and returns the diagnostics as
/// text, after checking the output did not change and no working folder was left behind.
fn build_broken(name: &str) -> Vec<String> {
    let site = fixture(&format!("broken/{name}"));
    let out_parent = tempfile::tempdir().unwrap();
    let out = out_parent.path().join("public");
    // The site published before: a build of another site.
    build_into(fixture("i18n").path(), &out, false).unwrap();
    let before = snapshot(&out);
    let beside_before = std::fs::read_dir(out_parent.path()).unwrap().count();

    let err = build_into(site.path(), &out, false).expect_err("the build must fail");
    assert_eq!(
        snapshot(&out),
        before,
        "{name}: the previous output changed"
    );
    assert_eq!(
        std::fs::read_dir(out_parent.path()).unwrap().count(),
        beside_before,
        "{name}: working folders left beside the output"
    );
    assert!(!err.diagnostics().is_empty(), "{name}: {err}");
    err.diagnostics().iter().map(|d| d.to_string()).collect()
}

fn assert_reports(name: &str, file: &str, line: Option<usize>, message: &str) {
    let diags = build_broken(name);
    let place = match line {
        Some(l) => format!("{}:{l}: ", Path::new(file).display()),
        None => format!("{}: ", Path::new(file).display()),
    };
    assert!(
        diags
            .iter()
            .any(|d| d.starts_with(&place) && d.contains(message)),
        "{name}: expected `{place}…{message}…` in {diags:#?}"
    );
}

#[test]
fn malformed_yaml_names_the_line() {
    assert_reports(
        "malformed_yaml",
        "content/releases/broken.md",
        Some(5),
        "did not find expected ',' or ']'",
    );
}

#[test]
fn front_matter_never_closed() {
    assert_reports(
        "unclosed_front_matter",
        "content/releases/open.md",
        Some(1),
        "never closed",
    );
}

#[test]
fn missing_required_field() {
    assert_reports(
        "missing_title",
        "content/releases/untitled.md",
        Some(2),
        "the front matter has no `title:`",
    );
}

#[test]
fn unknown_key_is_an_error_not_silently_dropped() {
    let diags = build_broken("unknown_key");
    assert!(
        diags[0].starts_with("content/releases/typo.md:4: `sumary` is not a key pressroom knows"),
        "{diags:?}"
    );
    assert!(
        diags[0].contains("did you mean `summary`?") && diags[0].contains("extra:"),
        "{diags:?}"
    );
}

#[test]
fn bad_date() {
    assert_reports(
        "bad_date",
        "content/releases/when.md",
        Some(3),
        "`12/06/2023` is not written as YYYY-MM-DD",
    );
}

#[test]
fn statement_naming_a_person_that_does_not_exist() {
    assert_reports(
        "unknown_person",
        "content/statements/ghost.md",
        Some(3),
        "`person: nobody-here` names nobody",
    );
}

#[test]
fn release_naming_a_statement_that_does_not_exist() {
    assert_reports(
        "unknown_statement",
        "content/releases/quotes.md",
        Some(6),
        "statement `missing-quote` does not exist",
    );
}

#[test]
fn two_files_claiming_the_same_url() {
    assert_reports(
        "duplicate_url",
        "content/releases/second.md",
        Some(4),
        "this file and content/releases/first.md both claim the URL /releases/first/",
    );
}

#[test]
fn slug_that_would_write_outside_the_output() {
    assert_reports(
        "unsafe_slug",
        "content/releases/escape.md",
        Some(4),
        "would write outside its folder",
    );
}

#[test]
fn language_not_in_site_toml() {
    assert_reports(
        "unknown_language",
        "content/releases/hello.de.md",
        None,
        "`de` in the file name is not a language of this site",
    );
}

#[test]
fn every_broken_file_is_reported_in_one_run() {
    let diags = build_broken("two_broken_files");
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert!(
        diags[0].starts_with("content/releases/one.md:3: `date`: `not a date` is not a date"),
        "{diags:#?}"
    );
    assert!(
        diags[1].starts_with("content/releases/two.md:2: missing field `title`")
            || diags[1].contains("two.md"),
        "{diags:#?}"
    );
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    let site = fixture("i18n");
    let template = site.path().join("templates/page.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    std::fs::write(&template, "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | no_such_filter }}\n{% endblock content %}\n").unwrap();
    let err = build_error(site.path());
    let text = err.to_string();
    assert!(text.contains("templates/page.html:3"), "{text}");
}

#[test]
fn a_missing_page_template_names_the_page() {
    let site = fixture("i18n");
    std::fs::write(
        site.path().join("content/pages/about.md"),
        "---\ntitle: About\ntemplate: nowhere\n---\nx\n",
    )
    .unwrap();
    let err = build_error(site.path());
    assert!(
        err.to_string()
            .contains("content/pages/about.md:3: the template `nowhere.html` does not exist"),
        "{err}"
    );
}

#[test]
fn parse_errors_and_reference_errors_are_reported_together() {
    let diags = build_broken("mixed_problems");
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert!(
        diags
            .iter()
            .any(|d| d.starts_with("content/statements/broken-quote.md:3:")),
        "{diags:#?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d.starts_with("content/statements/lost.md:2: `person: nobody`")),
        "{diags:#?}"
    );
    // The release quoting the broken statement is not blamed for it.
    assert!(!diags.iter().any(|d| d.contains("good.md")), "{diags:#?}");
}

#[test]
fn feed_ids_must_be_unique_uris() {
    let site = fixture("i18n");
    let releases = site.path().join("content/releases");
    for (file, id) in [
        ("middle.md", "urn:uuid:1"),
        ("oldest.md", "urn:uuid:1"),
        ("newest.md", "just-a-word"),
    ] {
        let path = releases.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replacen("---\n", &format!("---\nid: {id}\n"), 1),
        )
        .unwrap();
    }
    let err = build_error(site.path());
    assert!(
        err.contains("content/releases/newest.md:2: `id: just-a-word` is not a URI"),
        "{err}"
    );
    assert!(
        err.contains(":2: `id: urn:uuid:1` is also the id of content/releases/"),
        "{err}"
    );
}

#[test]
fn an_unreadable_template_is_reported_not_swallowed() {
    let site = fixture("i18n");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/page.html"),
        b"\xff\xfe not text",
    )
    .unwrap();
    let err = build_error(site.path());
    assert!(err.contains("templates/page.html"), "{err}");
}

#[test]
fn a_control_character_pasted_into_a_file_is_named_with_its_line() {
    let site = fixture("i18n");
    std::fs::write(
        site.path().join("content/people/bob.md"),
        "---\nname: \"Bob\u{1}Quiet\"\n---\nBio.\n",
    )
    .unwrap();
    let err = build_error(site.path());
    assert!(
        err.contains("content/people/bob.md:2: invisible control character U+0001"),
        "{err}"
    );
}

#[test]
fn a_photo_must_be_a_file_of_the_site() {
    let site = fixture("i18n");
    let bob = site.path().join("content/people/bob.md");
    for (photo, problem) in [
        (
            "https://tracker.example.net/p.jpg",
            "not a path of a file in media/",
        ),
        ("people/missing.jpg", "no such file in media/"),
        ("../site.toml", "not a path of a file in media/"),
    ] {
        std::fs::write(&bob, format!("---\nname: Bob\nphoto: {photo}\n---\nBio.\n")).unwrap();
        let err = build_error(site.path());
        assert!(
            err.contains(&format!("content/people/bob.md:3: `{photo}`: {problem}")),
            "{err}"
        );
    }
    // A photo in static/, as before media/ existed, is still published, as it is.
    std::fs::create_dir_all(site.path().join("static/people")).unwrap();
    std::fs::write(site.path().join("static/people/bob.jpg"), b"jpeg").unwrap();
    std::fs::write(&bob, "---\nname: Bob\nphoto: people/bob.jpg\n---\nBio.\n").unwrap();
    let built = common::Built::new(site.path());
    let doc = built.html("people/bob/index.html");
    assert_eq!(
        common::attrs(&doc, "img.portrait", "src"),
        vec!["https://fixture.example.org/people/bob.jpg".to_string()]
    );
    assert!(built.exists("people/bob.jpg"));
    let out = tempfile::tempdir().unwrap();
    let summary = common::build_into(site.path(), &out.path().join("public"), false).unwrap();
    assert!(
        summary.to_string().contains(
            "warning: content/people/bob.md:3: `photo: people/bob.jpg` is published from static/ as it is"
        ),
        "{summary}"
    );
}

#[test]
fn a_contact_form_with_nowhere_to_go_is_an_error() {
    let site = fixture("i18n");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    let cut = toml.find("[contact]").unwrap();
    std::fs::write(site.path().join("site.toml"), &toml[..cut]).unwrap();
    let err = build_error(site.path());
    assert!(
        err.contains("content/pages/contact.md:3: the interview-request form has nowhere to go"),
        "{err}"
    );
}
