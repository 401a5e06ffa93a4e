//! `pressroom check`: the example site is clean; a copy with one of every problem
//! (`tests/fixtures/check_broken`) names each with its file and line; nothing is written.

use crate::common;

use std::process::Command;

use pressroom::check::{self, Finding, Report, Severity};

const NOW: &str = "2024-06-01T00:00:00Z";

fn report_of(site: &std::path::Path) -> Report {
    check::check(site, chrono::DateTime::parse_from_rfc3339(NOW).unwrap()).unwrap()
}

fn broken() -> (tempfile::TempDir, Report) {
    let site = common::fixture("check_broken");
    let report = report_of(site.path());
    (site, report)
}

/// The findings of `kind`, as "file:line message" strings.
fn of(report: &Report, kind: &str) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.kind == kind)
        .map(|f: &Finding| {
            let line = f.line.map(|l| format!(":{l}")).unwrap_or_default();
            format!("{}{line} {}", f.file.display(), f.message)
        })
        .collect()
}

#[test]
fn the_example_site_is_clean_and_check_writes_nothing() {
    let site = common::example();
    let before = common::snapshot(site.path());
    let report = report_of(site.path());
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.translations.items.len(), 7);
    assert!(
        report
            .translations
            .items
            .iter()
            .all(|r| r.present.iter().all(|p| *p))
    );
    assert_eq!(common::snapshot(site.path()), before);
}

#[test]
fn internal_links_that_lead_nowhere() {
    let (_s, r) = broken();
    assert_eq!(
        of(&r, "broken-link"),
        [
            "content/releases/linky.md:7 the link to /releases/nowhere/ leads nowhere",
            "content/releases/linky.md:15 the link to /cdn-cgi/l/email-protection leads nowhere",
            "content/releases/linky.md:21 the link to /releases/nothere-raw/ leads nowhere",
        ]
    );
    // Line 19 holds links that work: a query string, an Arabic fragment, the feed.
    assert!(
        !r.findings.iter().any(|f| f.line == Some(19)),
        "{:#?}",
        r.findings
    );
}

#[test]
fn links_from_published_pages_to_embargoed_ones() {
    let (_s, r) = broken();
    assert_eq!(
        of(&r, "links-embargoed"),
        [
            "content/releases/fine.md:7 links to /releases/sealed/, which is under embargo: the link leads nowhere (and names it) until the embargo lifts"
        ]
    );
}

#[test]
fn fragments_missing_on_their_page() {
    let (_s, r) = broken();
    assert_eq!(
        of(&r, "missing-fragment"),
        [
            "content/releases/linky.md:9 /releases/fine/ has no #no-such-part",
            "content/releases/linky.md:21 /releases/fine has no #no-part-either",
        ]
    );
}

#[test]
fn images_and_files_referenced_but_missing() {
    let (_s, r) = broken();
    assert_eq!(
        of(&r, "missing-file"),
        ["content/releases/linky.md:11 the image to /images/missing.png leads nowhere"]
    );
}

#[test]
fn addresses_hidden_by_cloudflare() {
    let (_s, r) = broken();
    let found = of(&r, "hidden-email");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("content/releases/linky.md:13 "),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("content/releases/linky.md:15 "),
        "{found:?}"
    );
}

#[test]
fn templates_and_content_that_load_from_other_hosts() {
    let (_s, r) = broken();
    let found: Vec<(Severity, String)> = r
        .findings
        .iter()
        .filter(|f| f.kind == "other-host")
        .map(|f| {
            (
                f.severity,
                format!("{}:{}", f.file.display(), f.line.unwrap()),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (Severity::Error, "content/releases/linky.md:17".to_string()),
            (
                Severity::Error,
                "templates/partials/promo.html:2".to_string()
            ),
            (
                Severity::Warning,
                "templates/partials/promo.html:3".to_string()
            ),
            (
                Severity::Error,
                "templates/partials/promo.html:4".to_string()
            ),
        ]
    );
}

#[test]
fn translation_completeness() {
    let (_s, r) = broken();
    assert_eq!(
        of(&r, "missing-translation"),
        ["content/releases/fine.md no ar translation of release `fine`"]
    );
    let row = r
        .translations
        .items
        .iter()
        .find(|i| i.slug == "fine")
        .unwrap();
    assert_eq!(
        (row.kind, row.present.clone()),
        ("release", vec![true, false])
    );
}

#[test]
fn unused_statements_and_silent_people() {
    let (_s, r) = broken();
    assert_eq!(
        of(&r, "unused-statement"),
        [
            "content/statements/ada-unused.ar.md statement `ada-unused` is quoted in no release",
            "content/statements/ada-unused.md statement `ada-unused` is quoted in no release",
        ]
    );
    assert_eq!(of(&r, "silent-person").len(), 2);
    assert!(of(&r, "silent-person")[1].starts_with("content/people/quiet.md "));
}

#[test]
fn future_dates_without_embargo_lifted_embargoes_and_missing_ids() {
    let (_s, r) = broken();
    let future = of(&r, "future-date");
    assert_eq!(future.len(), 2);
    assert!(
        future[1]
            .starts_with("content/releases/tomorrow.md:3 dated in the future without an embargo"),
        "{future:?}"
    );
    let lifted = of(&r, "lifted-embargo");
    assert!(lifted.contains(&"content/releases/old-news.md:4 the embargo lifted at 2020-01-01T09:00:00+01:00: the release is published (keep the key: feeds date it by the embargo)".to_string()), "{lifted:?}");
    assert_eq!(of(&r, "missing-id").len(), 1);
    assert!(of(&r, "missing-id")[0].starts_with("content/releases/fine.md no feed `id`"));
}

#[test]
fn a_site_that_does_not_build_is_reported_with_file_and_line() {
    let site = common::fixture("broken/unknown_person");
    let r = report_of(site.path());
    assert_eq!(r.errors(), 1);
    assert_eq!(
        of(&r, "invalid")[0].split(' ').next(),
        Some("content/statements/ghost.md:3")
    );
    // The command counts it in words a person would write.
    let out = common::run_in(site.path(), &["check", "--now", NOW]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\n1 error, 0 warnings\n"), "{text}");
}

#[test]
fn the_command_exits_non_zero_on_errors_and_with_strict_on_warnings_and_speaks_json() {
    let run = |dir: &std::path::Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_pressroom"))
            .args(["check", "--now", NOW, "--root"])
            .arg(dir)
            .args(args)
            .output()
            .unwrap()
    };
    let broken = common::fixture("check_broken");
    let out = run(broken.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    // One finding a line, as editors and CI annotations read them; counted in words.
    assert!(
        text.contains("content/releases/linky.md:7: error: the link to /releases/nowhere/ leads nowhere [broken-link]"),
        "{text}"
    );
    assert!(
        text.contains("release fine") && text.contains("errors, ") && text.contains(" warnings"),
        "{text}"
    );
    let grouped = run(broken.path(), &["--format", "grouped"]);
    let grouped = String::from_utf8(grouped.stdout).unwrap();
    assert!(grouped.contains("content/releases/linky.md\n  7: error: the link to /releases/nowhere/ leads nowhere [broken-link]"), "{grouped}");

    let out = run(broken.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "hidden-email" && f["line"] == 13)
    );
    assert_eq!(
        json["translations"]["languages"],
        serde_json::json!(["en", "ar"])
    );

    // Warnings alone pass, unless --strict.
    let fine = common::fixture("i18n");
    assert_eq!(run(fine.path(), &[]).status.code(), Some(0));
    assert_eq!(run(fine.path(), &["--strict"]).status.code(), Some(1));
}
