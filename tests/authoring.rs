//! Writing content as someone who has never seen YAML: every mistake is caught, at its
//! file and line, in plain words, with the line rewritten; nothing they wrote is silently
//! dropped; and what they meant is accepted where it is clear.

use crate::common;

use std::path::Path;

use common::{Built, build_error, fixture};

fn write(site: &Path, rel: &str, text: &str) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The build's error for a release whose front matter is `yaml` (the date added when it
/// has none).
fn release_error(yaml: &str) -> String {
    let site = fixture("i18n");
    let date = if yaml.contains("date:") {
        ""
    } else {
        "date: 2024-03-01\n"
    };
    write(
        site.path(),
        "content/releases/mistake.md",
        &format!("---\n{yaml}\n{date}---\nBody.\n"),
    );
    build_error(site.path())
}

/// `error` names `place` (`file:line` or `file:line:column`), says `what`, and shows
/// `fix`.
fn assert_says(error: &str, place: &str, what: &str, fix: &str) {
    let line = error
        .lines()
        .position(|l| l.contains(&format!("{place}: ")))
        .unwrap_or_else(|| panic!("nothing at {place}: {error}"));
    let lines: Vec<&str> = error.lines().collect();
    assert!(lines[line].contains(what), "{what:?} not in {error}");
    let hint = lines.get(line + 1).copied().unwrap_or_default();
    assert!(hint.contains(fix), "{fix:?} not in the hint of {error}");
}

const FILE: &str = "content/releases/mistake.md";

#[test]
fn a_hash_that_would_start_a_comment_is_an_error_with_the_line_quoted() {
    let err = release_error("title: Campaign #FreeThemAll launches");
    assert_says(
        &err,
        &format!("{FILE}:2:17"),
        "the rest of the line (`#FreeThemAll launches`) would be dropped",
        "title: \"Campaign #FreeThemAll launches\"",
    );
    let err = release_error("title: Launch\nsummary: #NoImpunity is our call");
    assert_says(
        &err,
        &format!("{FILE}:3:10"),
        "the whole value (`#NoImpunity is our call`) would be dropped",
        "summary: \"#NoImpunity is our call\"",
    );
    let err = release_error("title: Launch\ntags:\n  - press\n  - #FreeSyria");
    assert_says(
        &err,
        &format!("{FILE}:5:5"),
        "`#FreeSyria`",
        "  - \"#FreeSyria\"",
    );
}

#[test]
fn comments_on_lines_of_their_own_are_allowed() {
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/commented.md",
        "---\n# The headline, as the office agreed it\ntitle: Issue#4 is out\ndate: 2024-03-01\ntags: # topics\n  - press\n---\nBody.\n",
    );
    let built = Built::new(site.path());
    assert_eq!(
        common::text(&built.html("releases/commented/index.html"), "h1"),
        "Issue#4 is out"
    );
}

#[test]
fn colons_curly_quotes_apostrophes_and_tabs_are_explained() {
    for (yaml, place, what, fix) in [
        (
            "title: ICJ: a landmark case",
            format!("{FILE}:2"),
            "a colon followed by a space inside `title`",
            "title: \"ICJ: a landmark case\"",
        ),
        (
            "title: Quoted\nintro: Executive Director said:",
            format!("{FILE}:3"),
            "`intro` ends with a colon",
            "intro: \"Executive Director said:\"",
        ),
        (
            "title: “ICJ: a landmark case”",
            format!("{FILE}:2"),
            "typographic quote “",
            "title: \"ICJ: a landmark case\"",
        ),
        (
            "title: 'The court's order'",
            format!("{FILE}:2"),
            "the apostrophe in `title` ends the single quotes",
            "title: \"The court's order\"",
        ),
        (
            "title: Tabs\n\tsubtitle: indented",
            format!("{FILE}:3:1"),
            "a tab at the start of this line",
            "  subtitle: indented",
        ),
    ] {
        let err = release_error(yaml);
        assert_says(&err, &place, what, fix);
    }
}

#[test]
fn invisible_spaces_from_word_processors_are_named_with_their_column() {
    let err = release_error("title:\u{a0}Landmark case");
    assert_says(
        &err,
        &format!("{FILE}:2:7"),
        "a non-breaking space (U+00A0) after `title:`",
        "title: Landmark case",
    );
    let err = release_error("title: Fine\n\u{200b}summary: Zero width");
    assert_says(
        &err,
        &format!("{FILE}:3:1"),
        "a zero-width space (U+200B) in or before the key `summary`",
        "summary: Zero width",
    );
}

#[test]
fn lists_as_text_and_yes_or_no_mean_what_they_say() {
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/lenient.md",
        "---\ntitle: Lenient\ndate: 2024-03-01\ntags: press freedom, syria\ndraft: no\n---\nBody.\n",
    );
    write(
        site.path(),
        "content/people/carol.md",
        "---\nname: Carol\nlanguages: en, ar\ninterviews: yes\n---\nBio.\n",
    );
    let built = Built::new(site.path());
    assert!(built.exists("tags/press-freedom/index.html"));
    assert!(built.exists("tags/syria/index.html"));
    assert!(
        built.exists("releases/lenient/index.html"),
        "draft: no is no draft"
    );
    let contact = built.read("contact/index.html");
    assert!(contact.contains("Carol"), "interviews: yes lists Carol");
}

#[test]
fn dates_written_otherwise_are_rewritten() {
    for (date, fix) in [
        (
            "12/06/2023",
            "write 2023-06-12 (12 June) or 2023-12-06 (6 December)",
        ),
        ("25/12/2023", "write 2023-12-25"),
        ("June 12, 2023", "write 2023-06-12"),
        ("12 June 2023", "write 2023-06-12"),
        (
            "2023-06-12 09:00",
            "write the day alone (2023-06-12), or the moment with its offset (2023-06-12T09:00:00+02:00",
        ),
    ] {
        let err = release_error(&format!("title: Dated\ndate: {date}"));
        assert_says(&err, &format!("{FILE}:3"), &format!("`{date}`"), fix);
    }
    let err = release_error("title: Held\nembargo: 2023-06-12 09:00");
    assert_says(
        &err,
        &format!("{FILE}:3"),
        "has no UTC offset",
        "2023-06-12T09:00:00+02:00 (for UTC+2), or 2023-06-12 09:00 Europe/Amsterdam",
    );
    let err = release_error("title: Held\nembargo: 2023-06-12 09:00 Mars/Olympus");
    assert_says(
        &err,
        &format!("{FILE}:3"),
        "`Mars/Olympus` is not a time zone",
        "Europe/Amsterdam",
    );
}

#[test]
fn embargoes_take_time_zone_names() {
    let site = fixture("i18n");
    for (slug, embargo) in [
        ("summer", "2024-06-12 09:00 Europe/Amsterdam"),
        ("winter", "2024-01-15T09:00 CET"),
    ] {
        write(
            site.path(),
            &format!("content/releases/{slug}.md"),
            &format!("---\ntitle: {slug}\ndate: 2024-01-01\nembargo: {embargo}\n---\nBody.\n"),
        );
    }
    // 09:00 in Amsterdam in June is 07:00 UTC: withheld just before, published just after.
    let out = tempfile::tempdir().unwrap();
    let build = |now: &str| {
        let o = out.path().join(now.replace(':', ""));
        pressroom::build::build(&pressroom::build::Options {
            root: site.path().to_path_buf(),
            output: Some(o.clone()),
            settings: pressroom::project::Settings {
                now: Some(chrono::DateTime::parse_from_rfc3339(now).unwrap()),
                ..Default::default()
            },
        })
        .unwrap();
        o
    };
    let before = build("2024-06-12T06:59:00Z");
    assert!(!before.join("releases/summer/index.html").exists());
    assert!(before.join("releases/winter/index.html").exists());
    let after = build("2024-06-12T07:01:00Z");
    assert!(after.join("releases/summer/index.html").exists());
}

#[test]
fn every_unknown_key_is_reported_with_the_one_meant() {
    let err = release_error("title: Keys\ntitel: Twice\nsumary: Short\ncolour: blue");
    assert_says(
        &err,
        &format!("{FILE}:3"),
        "`titel` is not a key",
        "did you mean `title`?",
    );
    assert_says(
        &err,
        &format!("{FILE}:4"),
        "`sumary` is not a key",
        "did you mean `summary`?",
    );
    assert_says(
        &err,
        &format!("{FILE}:5"),
        "`colour` is not a key",
        "keys of your own go under `extra:`",
    );
}

#[test]
fn empty_titles_and_names_are_errors() {
    let err = release_error("title: \"  \"");
    assert_says(
        &err,
        &format!("{FILE}:2"),
        "`title` is empty",
        "title: \"…\"",
    );
    let site = fixture("i18n");
    write(
        site.path(),
        "content/people/nobody.md",
        "---\nname: \"\"\n---\nBio.\n",
    );
    let err = build_error(site.path());
    assert_says(
        &err,
        "content/people/nobody.md:2",
        "`name` is empty",
        "name: \"…\"",
    );
}

#[test]
fn a_language_in_a_file_name_is_read_or_named() {
    // A code in capitals is the language: tags are case-blind.
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/newest.AR.md",
        "---\ntitle: بالأحرف الكبيرة\ndate: 2024-03-01\n---\nنص.\n",
    );
    std::fs::remove_file(site.path().join("content/releases/newest.ar.md")).unwrap();
    let built = Built::new(site.path());
    assert!(built.exists("ar/releases/newest/index.html"));
    assert!(!built.exists("releases/newest.AR/index.html"));
    // A name is not: the code is suggested.
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/welcome.arabic.md",
        "---\ntitle: مرحبا\ndate: 2024-03-01\n---\nنص.\n",
    );
    let err = build_error(site.path());
    assert_says(
        &err,
        "content/releases/welcome.arabic.md",
        "`arabic` in the file name is not a language of this site",
        "did you mean `ar`? Name the file welcome.ar.md",
    );
}

#[test]
fn misspelled_slugs_and_people_are_suggested() {
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/quoting.md",
        "---\ntitle: Quoting\ndate: 2024-03-01\nstatements: [ada-frist]\n---\nBody.\n",
    );
    write(
        site.path(),
        "content/statements/typo.md",
        "---\nperson: adda\n---\nA quote.\n",
    );
    let err = build_error(site.path());
    assert_says(
        &err,
        "content/releases/quoting.md:4",
        "statement `ada-frist` does not exist",
        "did you mean `ada-first`?",
    );
    assert_says(
        &err,
        "content/statements/typo.md:2",
        "`person: adda` names nobody",
        "did you mean `ada`?",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(["new", "statement", "--person", "adda", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("did you mean `ada`?"),
        "{stderr}"
    );
}

#[test]
fn a_missing_closing_line_is_found_when_the_body_holds_a_rule() {
    let site = fixture("i18n");
    write(
        site.path(),
        "content/releases/unclosed.md",
        "---\ntitle: Unclosed\ndate: 2024-03-01\nThe first paragraph of the release.\n\n---\n\nAfter the rule.\n",
    );
    let err = build_error(site.path());
    assert_says(
        &err,
        "content/releases/unclosed.md:4",
        "this line does not look like front matter",
        "add a line `---` after the last key",
    );
    assert!(err.contains("the `---` on line 6"), "{err}");
}

#[test]
fn yaml_jargon_never_comes_alone() {
    let err = release_error("title: [unclosed");
    let line = err.lines().next().unwrap();
    assert!(line.contains("(YAML said:"), "{err}");
    let plain = &line[..line.find("(YAML said:").unwrap()];
    assert!(plain.len() > 30, "plain words come first: {err}");
}

#[test]
fn placeholders_are_reported_until_replaced() {
    let site = fixture("i18n");
    let run = |args: &[&str]| common::run_in(site.path(), args);
    assert!(
        run(&["new", "release", "Fresh", "--date", "2024-03-01"])
            .status
            .success()
    );
    assert!(run(&["new", "person", "Dana"]).status.success());
    let check = run(&["check", "--now", "2024-06-01T00:00:00Z"]);
    let text = String::from_utf8_lossy(&check.stdout);
    for place in ["content/releases/fresh.md:13", "content/people/dana.md:9"] {
        assert!(
            text.contains(&format!(
                "{place}: warning: still holds the placeholder text"
            )),
            "{text}"
        );
    }
    let out = tempfile::tempdir().unwrap();
    let summary = common::build_into(site.path(), &out.path().join("p"), false)
        .unwrap()
        .to_string();
    assert!(
        summary.contains("; 2 files still hold placeholder text"),
        "{summary}"
    );
    // Replaced, they are no longer reported.
    for file in ["content/releases/fresh.md", "content/people/dana.md"] {
        let path = site.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let (head, _) = text.rsplit_once("---\n").unwrap();
        std::fs::write(&path, format!("{head}---\nThe real words.\n")).unwrap();
    }
    let check = run(&["check", "--now", "2024-06-01T00:00:00Z"]);
    assert!(!String::from_utf8_lossy(&check.stdout).contains("placeholder"));
}
