//! Killing a build at any moment (SIGKILL, at delays spread over a whole build, many
//! times) leaves the published folder whole: exactly the previous site or exactly the new
//! one. What a killed build leaves beside it is reused or removed by the next build, and
//! never published.

#![cfg(unix)]

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2026-01-01T00:00:00Z";

fn build(site: &Path, out: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(["build", "--now", NOW, "--root"])
        .arg(site)
        .arg("--output")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn only_generations_beside(parent: &Path) {
    for entry in std::fs::read_dir(parent).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == "public" || name.starts_with(".public."),
            "{name} left beside the output"
        );
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_site_whole() {
    let site = common::example();
    let release = site.path().join("content/releases/icj-torture-case.md");
    let original = std::fs::read_to_string(&release).unwrap();
    let edited = original.replacen("\n\n", "\n\nEdited between builds.\n\n", 1);
    assert_ne!(original, edited);

    // The two complete sites a published folder may ever be.
    let versions = tempfile::tempdir().unwrap();
    let mut complete = Vec::new();
    let mut took = Duration::ZERO;
    for (i, text) in [&original, &edited].iter().enumerate() {
        std::fs::write(&release, text).unwrap();
        let out = versions.path().join(i.to_string());
        let started = Instant::now();
        assert!(build(site.path(), &out).wait().unwrap().success());
        took = took.max(started.elapsed());
        complete.push(common::snapshot(&out));
    }
    assert_ne!(complete[0], complete[1]);

    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    std::fs::write(&release, &original).unwrap();
    assert!(build(site.path(), &out).wait().unwrap().success());

    let runs = 40;
    let mut finished = 0;
    for run in 0..runs {
        std::fs::write(&release, if run % 2 == 0 { &edited } else { &original }).unwrap();
        let mut child = build(site.path(), &out);
        // Delays spread from the very start to past the end of a build.
        std::thread::sleep(took.mul_f64(1.2 * run as f64 / runs as f64));
        if child.try_wait().unwrap().is_some() {
            finished += 1;
        } else {
            child.kill().unwrap();
        }
        child.wait().unwrap();
        let published = common::snapshot(&out);
        assert!(
            published == complete[0] || published == complete[1],
            "run {run}: the published folder is neither the old site nor the new one"
        );
        only_generations_beside(parent.path());
    }
    assert!(finished < runs, "no build was ever killed");

    // The next build completes over whatever the killed ones left.
    std::fs::write(&release, &edited).unwrap();
    let out_arg = out.to_string_lossy().into_owned();
    common::succeeded(&common::run_in(
        site.path(),
        &["build", "--now", NOW, "--output", &out_arg],
    ));
    assert_eq!(common::snapshot(&out), complete[1]);
    only_generations_beside(parent.path());
}

/// Rendered pages go into the spare generation as they are made, long before the swap.
/// A build killed then, with the spare half new, leaves the published folder exactly as
/// it was, and the next build publishes the new site whole.
#[test]
fn a_build_killed_while_it_writes_pages_into_the_spare_leaves_the_published_site_as_it_was() {
    let site = common::example();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    // Two builds: the published folder and the spare generation both hold the site.
    for _ in 0..2 {
        assert!(build(site.path(), &out).wait().unwrap().success());
    }
    let before = common::snapshot(&out);

    // A new name for the site changes every page, so the build writes all of them.
    let config = site.path().join("site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let renamed = "Renamed Press Office";
    std::fs::write(
        &config,
        text.replacen("Syria Justice Press Office", renamed, 1),
    )
    .unwrap();
    let spare_home = parent.path().join(".public.spare/index.html");
    let mut child = build(site.path(), &out);
    let started = Instant::now();
    let caught = loop {
        let written = std::fs::read_to_string(&spare_home).is_ok_and(|t| t.contains(renamed));
        if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(300) {
            break false;
        }
        if written {
            break true;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        caught,
        "the build finished before a new page was seen in the spare generation"
    );
    assert_eq!(
        common::snapshot(&out),
        before,
        "a build killed while it rendered changed the published site"
    );
    only_generations_beside(parent.path());
    // The rendered text it kept beside the cache had no name: nothing of it is left.
    let bodies = site.path().join(".pressroom-cache/bodies");
    assert!(bodies.is_dir(), "the build kept its bodies in {bodies:?}");
    assert_eq!(std::fs::read_dir(&bodies).unwrap().count(), 0);

    // The next build publishes the renamed site whole: the bytes of a fresh build.
    assert!(build(site.path(), &out).wait().unwrap().success());
    let fresh = tempfile::tempdir().unwrap();
    assert!(
        build(site.path(), &fresh.path().join("public"))
            .wait()
            .unwrap()
            .success()
    );
    let published = common::snapshot(&out);
    assert_eq!(published, common::snapshot(&fresh.path().join("public")));
    assert!(String::from_utf8_lossy(&published[Path::new("index.html")]).contains(renamed));
}
