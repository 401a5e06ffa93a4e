//! What the build does to the output folder: replaced whole on success, untouched on
//! failure, never a folder that holds something else.

use crate::common;

use common::{build_error, build_into, fixture};

fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_successful_build_replaces_the_previous_output_whole() {
    let site = fixture("i18n");
    let out_parent = tempfile::tempdir().unwrap();
    let out = out_parent.path().join("public");
    build_into(site.path(), &out, false).unwrap();
    assert!(out.join("releases/oldest/index.html").is_file());
    std::fs::remove_file(site.path().join("content/releases/oldest.md")).unwrap();
    std::fs::remove_file(site.path().join("content/releases/oldest.ar.md")).unwrap();
    build_into(site.path(), &out, false).unwrap();
    assert!(
        !out.join("releases/oldest").exists(),
        "files no longer produced are removed"
    );
    assert!(out.join("index.html").is_file());
    assert_only_generations_beside(out_parent.path());
}

/// Beside a published folder: the spare generation and the manifests, nothing else; and
/// nothing of them inside the published folder.
fn assert_only_generations_beside(parent: &std::path::Path) {
    for name in entries(parent) {
        assert!(
            name == "public" || name == ".public.spare" || name.starts_with(".public.manifest."),
            "{name} beside the output"
        );
    }
    for name in entries(&parent.join("public")) {
        assert!(
            !name.contains("manifest") && !name.starts_with(".public"),
            "{name} published"
        );
    }
}

/// Output of a fresh build of `site` into a new folder.
fn fresh(site: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    build_into(site, &out.path().join("public"), false).unwrap();
    common::snapshot(&out.path().join("public"))
}

#[test]
fn a_rebuild_over_existing_output_gives_the_bytes_of_a_fresh_build() {
    let site = fixture("i18n");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let edit = |rel: &str, from: &str, to: &str| {
        let path = site.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    // Four builds, so each generation is updated in place at least once.
    build_into(site.path(), &out, false).unwrap();
    edit(
        "content/releases/middle.md",
        "Middle body.",
        "Middle body, edited.",
    );
    build_into(site.path(), &out, false).unwrap();
    assert_eq!(common::snapshot(&out), fresh(site.path()));
    std::fs::remove_file(site.path().join("content/releases/oldest.md")).unwrap();
    std::fs::remove_file(site.path().join("content/releases/oldest.ar.md")).unwrap();
    let summary = build_into(site.path(), &out, false).unwrap();
    assert!(summary.removed > 0, "{summary}");
    assert_eq!(common::snapshot(&out), fresh(site.path()));
    // Nothing changed: once both generations are up to date, a build writes nothing.
    build_into(site.path(), &out, false).unwrap();
    let summary = build_into(site.path(), &out, false).unwrap();
    assert_eq!((summary.written, summary.removed), (0, 0), "{summary}");
    assert_eq!(common::snapshot(&out), fresh(site.path()));
    assert_only_generations_beside(parent.path());
}

#[test]
fn a_spare_generation_left_half_written_is_repaired_not_published() {
    let site = fixture("i18n");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    build_into(site.path(), &out, false).unwrap();
    build_into(site.path(), &out, false).unwrap();
    // A build killed while it updated the spare: stray files, a file where a folder goes,
    // a missing page, a truncated one, and a manifest that no longer matches the disk.
    let spare = parent.path().join(".public.spare");
    std::fs::write(spare.join("stray.html"), "half").unwrap();
    std::fs::remove_dir_all(spare.join("releases/middle")).unwrap();
    std::fs::write(spare.join("releases/middle"), "a file where a folder goes").unwrap();
    std::fs::write(spare.join("index.html"), "truncated").unwrap();
    build_into(site.path(), &out, false).unwrap();
    assert_eq!(common::snapshot(&out), fresh(site.path()));
}

#[test]
fn refuses_to_build_over_the_sources() {
    let site = fixture("i18n");
    for bad in [site.path().to_path_buf(), site.path().join("content")] {
        let err = build_into(site.path(), &bad, false).unwrap_err();
        assert!(
            err.to_string()
                .contains("refusing to build into this folder"),
            "{err}"
        );
    }
    assert!(site.path().join("content/releases/newest.md").is_file());
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_built_site() {
    let site = fixture("i18n");
    // Someone's documents, and someone's own website (an index.html proves nothing).
    for (name, file) in [("documents", "thesis.txt"), ("website", "index.html")] {
        let parent = tempfile::tempdir().unwrap();
        let docs = parent.path().join(name);
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join(file), "years of work").unwrap();
        let err = build_into(site.path(), &docs, false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(name) && err.contains("is not a build of pressroom"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(docs.join(file)).unwrap(),
            "years of work"
        );
        assert_eq!(entries(parent.path()), [name]);
    }
}

#[cfg(unix)]
#[test]
fn refuses_an_output_that_reaches_the_sources_through_a_symlink() {
    let site = fixture("i18n");
    let parent = tempfile::tempdir().unwrap();
    let link = parent.path().join("link");
    std::os::unix::fs::symlink(site.path(), &link).unwrap();
    let err = build_into(site.path(), &link.join("content"), false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("would delete the site's sources"), "{err}");
    assert!(site.path().join("content/releases/newest.md").is_file());
}

#[test]
fn a_static_file_that_would_replace_a_generated_page_is_an_error() {
    let site = fixture("i18n");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/feed.xml"), "<rss/>").unwrap();
    let err = build_error(site.path());
    assert!(
        err.contains("static/feed.xml: would replace the generated /feed.xml"),
        "{err}"
    );
}

#[test]
fn site_static_files_override_the_theme_file_by_file() {
    let site = fixture("i18n");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/style.css"), "body{}").unwrap();
    std::fs::write(site.path().join("static/logo.svg"), "<svg/>").unwrap();
    let out = tempfile::tempdir().unwrap();
    build_into(site.path(), &out.path().join("public"), false).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.path().join("public/style.css")).unwrap(),
        "body{}"
    );
    assert!(out.path().join("public/logo.svg").is_file());
    assert!(
        out.path().join("public/highlight.css").is_file(),
        "theme files not overridden stay"
    );
}

#[test]
fn folders_older_versions_left_are_refused_not_moved() {
    // Older versions worked in `.public.old` and `.public.staging`. Such a folder may be
    // someone else's: a build names it and leaves it, and everything else, as it was.
    let site = fixture("i18n");
    let parent = tempfile::tempdir().unwrap();
    let old = parent.path().join(".public.old");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("index.html"), "a site, or someone's page").unwrap();
    let staging = parent.path().join(".public.staging");
    std::fs::create_dir_all(staging.join("half")).unwrap();
    let err = build_into(site.path(), &parent.path().join("public"), false)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(".public.old") && err.contains(".public.staging"),
        "{err}"
    );
    assert_eq!(entries(parent.path()), [".public.old", ".public.staging"]);
    assert_eq!(
        std::fs::read_to_string(old.join("index.html")).unwrap(),
        "a site, or someone's page"
    );
    // Empty ones are cleared away.
    std::fs::remove_dir_all(&old).unwrap();
    std::fs::create_dir(&old).unwrap();
    std::fs::remove_dir(staging.join("half")).unwrap();
    build_into(site.path(), &parent.path().join("public"), false).unwrap();
    assert_only_generations_beside(parent.path());
}

#[cfg(unix)]
#[test]
fn a_static_link_to_a_file_outside_the_site_is_refused() {
    let site = fixture("i18n");
    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "not for the public").unwrap();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(secret.path(), site.path().join("static/notes.txt")).unwrap();
    let err = build_error(site.path());
    assert!(
        err.contains("static/notes.txt: this link points outside its static folder"),
        "{err}"
    );
    // A link to a file of the same static folder is fine.
    std::fs::remove_file(site.path().join("static/notes.txt")).unwrap();
    std::fs::write(site.path().join("static/real.txt"), "public").unwrap();
    std::os::unix::fs::symlink(
        site.path().join("static/real.txt"),
        site.path().join("static/alias.txt"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build_into(site.path(), &out.path().join("public"), false).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.path().join("public/alias.txt")).unwrap(),
        "public"
    );
}

#[test]
fn a_swap_interrupted_between_renames_is_undone() {
    // Where the atomic exchange is missing, the swap takes three renames; a build killed
    // after the first leaves the published site under `.public.swap`, with its manifest.
    let site = fixture("i18n");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    build_into(site.path(), &out, false).unwrap();
    build_into(site.path(), &out, false).unwrap();
    let published = common::snapshot(&out);
    let swap = parent.path().join(".public.swap");
    std::fs::rename(&out, &swap).unwrap();
    // A build that fails on its sources changes nothing, not even that.
    std::fs::write(
        site.path().join("content/releases/broken.md"),
        "no front matter",
    )
    .unwrap();
    assert!(build_into(site.path(), &out, false).is_err());
    assert!(swap.is_dir() && !out.exists());
    // One that fails later puts the published site back first.
    std::fs::remove_file(site.path().join("content/releases/broken.md")).unwrap();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/feed.xml"), "<rss/>").unwrap();
    assert!(build_into(site.path(), &out, false).is_err());
    assert!(!swap.exists());
    assert_eq!(common::snapshot(&out), published);
    std::fs::remove_file(site.path().join("static/feed.xml")).unwrap();
    build_into(site.path(), &out, false).unwrap();
    assert_eq!(common::snapshot(&out), published);
    assert_only_generations_beside(parent.path());
}

#[test]
fn a_build_on_one_thread_gives_the_bytes_of_a_parallel_build() {
    let site = common::example();
    let parent = tempfile::tempdir().unwrap();
    let build =
        |threads: &str, name: &str| build_on(site.path(), &parent.path().join(name), threads);
    let one = build("1", "one");
    assert!(one.len() > 50, "{} files", one.len());
    assert_eq!(one, build("4", "four"));
}

/// The output of `pressroom build` of `site` into `out` on `threads` threads, at a fixed
/// clock.
fn build_on(
    site: &std::path::Path,
    out: &std::path::Path,
    threads: &str,
) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(["build", "--now", "2026-01-01T00:00:00Z", "--root"])
        .arg(site)
        .arg("--output")
        .arg(out)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    common::snapshot(out)
}

#[test]
fn a_build_keeps_its_rendered_text_in_no_file_and_never_through_a_link() {
    use std::os::unix::fs::FileTypeExt;
    let site = common::example();
    let parent = tempfile::tempdir().unwrap();
    let build = |name: &str| build_on(site.path(), &parent.path().join(name), "2");
    // The bodies go into a file without a name in the cache folder: none is left there.
    let kept = build("kept");
    let bodies = site.path().join(".pressroom-cache/bodies");
    assert!(bodies.is_dir());
    assert_eq!(std::fs::read_dir(&bodies).unwrap().count(), 0);
    let release = &kept[std::path::Path::new("releases/icj-torture-case/index.html")];
    let release = String::from_utf8_lossy(release);
    for words in [
        "shaking hands with Assad",
        "arbitration attempts failed",
        "Olabi",
    ] {
        assert!(release.contains(words), "{words} on the release's page");
    }

    // A link where that folder was: the build keeps the text in memory, writes nothing
    // through the link, and makes the same bytes. (A nameless file made through the link
    // would show in no listing: `media::cache::dir`'s own test checks that it refuses
    // the link.)
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::remove_dir(&bodies).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), &bodies).unwrap();
    assert_eq!(build("linked"), kept);
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    assert!(std::fs::symlink_metadata(&bodies).unwrap().is_symlink());

    // A pipe there: never opened (the build would wait on it), the same bytes.
    std::fs::remove_file(&bodies).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&bodies).status();
    assert!(made.unwrap().success());
    assert_eq!(build("piped"), kept);
    assert!(
        std::fs::symlink_metadata(&bodies)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}
