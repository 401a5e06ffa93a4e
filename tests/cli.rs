//! The `pressroom` binary as a user runs it: one summary line on success; on failure every
//! problem on stderr and a non-zero exit.

use crate::common;

use std::process::Command;

fn pressroom() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pressroom"))
}

#[test]
fn build_prints_one_summary_line() {
    let site = common::example();
    let out = tempfile::tempdir().unwrap();
    let run = pressroom()
        .args(["build", "--root"])
        .arg(site.path())
        .arg("--output")
        .arg(out.path().join("public"))
        .args(["--base-url", "http://127.0.0.1:8080/"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("Built "), "{stdout}");
    assert!(
        stdout.contains("in 4 languages (ar 46, en 47, fr 46, nl 46; 4 PDFs, 16 cards, 85 feeds"),
        "{stdout}"
    );
    assert!(
        stdout.contains("4 releases, 32 search files, 12 statements"),
        "{stdout}"
    );
    // --base-url replaces site.toml's address everywhere.
    let home = std::fs::read_to_string(out.path().join("public/index.html")).unwrap();
    assert!(home.contains("href=\"http://127.0.0.1:8080/releases/\""));
    assert!(!home.contains("press.example.org"));
}

#[test]
fn failed_build_exits_non_zero_and_lists_every_problem() {
    let site = common::fixture("broken/two_broken_files");
    let run = pressroom()
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(
        stderr.contains("content/releases/one.md:3: `date`: `not a date` is not a date"),
        "{stderr}"
    );
    assert!(stderr.contains("content/releases/two.md:"), "{stderr}");
    assert!(stderr.contains("2 problems found."), "{stderr}");
    assert!(stderr.contains("Nothing was written"), "{stderr}");
    assert!(!site.path().join("public").exists());
}

#[test]
fn missing_site_toml_says_where_to_run() {
    let empty = tempfile::tempdir().unwrap();
    let run = pressroom()
        .args(["build", "--root"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(
        stderr.contains("no site.toml") && stderr.contains("--root"),
        "{stderr}"
    );
}

/// Found in review: a slug holding a bidirectional override was printed raw in `check`'s
/// table and in the build summary's next embargo.
#[test]
fn names_are_printed_escaped_wherever_they_appear() {
    let site = common::fixture("i18n");
    let name = "a\u{202E}cba";
    std::fs::write(
        site.path().join(format!("content/releases/{name}.md")),
        "---\ntitle: Override\ndate: 2024-03-01\nembargo: 2999-01-01T00:00:00Z\n---\nx\n",
    )
    .unwrap();
    let check = pressroom()
        .args(["check", "--now", "2024-06-01T00:00:00Z", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let build = pressroom()
        .args(["build", "--now", "2024-06-01T00:00:00Z", "--root"])
        .arg(site.path())
        .arg("--output")
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    for run in [check, build] {
        let text = String::from_utf8_lossy(&run.stdout).into_owned()
            + &String::from_utf8_lossy(&run.stderr);
        assert!(!text.contains('\u{202E}'), "{text}");
        assert!(text.contains("a\\u{202e}cba"), "{text}");
    }
}
