//! What the build does to the output folder: replaced whole on success, untouched on
//! failure, never a folder that holds something else.

mod common;

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
    std::fs::create_dir_all(out.join("gone")).unwrap();
    std::fs::write(out.join("index.html"), "an earlier build").unwrap();
    std::fs::write(out.join("gone/index.html"), "stale").unwrap();
    build_into(site.path(), &out, false).unwrap();
    assert!(
        !out.join("gone").exists(),
        "files no longer produced are removed"
    );
    assert!(out.join("index.html").is_file());
    let left: Vec<_> = std::fs::read_dir(out_parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["public"]);
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
    let parent = tempfile::tempdir().unwrap();
    let docs = parent.path().join("documents");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("thesis.txt"), "years of work").unwrap();
    let err = build_into(site.path(), &docs, false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not empty and holds no built site"), "{err}");
    assert_eq!(
        std::fs::read_to_string(docs.join("thesis.txt")).unwrap(),
        "years of work"
    );
    assert_eq!(entries(parent.path()), ["documents"]);
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

#[cfg(unix)]
#[test]
fn a_site_left_aside_by_a_killed_build_is_put_back() {
    // A build killed between moving the old site aside and moving the new one in leaves
    // `.public.old` and no `public`. The next build puts it back first, so even when that
    // build fails while writing (here: a static file that cannot be read), the old site is
    // published again.
    let site = fixture("i18n");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(
        "/nonexistent/pressroom-test",
        site.path().join("static/broken.css"),
    )
    .unwrap();
    let parent = tempfile::tempdir().unwrap();
    let old = parent.path().join(".public.old");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("index.html"), "the previous site").unwrap();
    std::fs::create_dir_all(parent.path().join(".public.staging/half")).unwrap();

    let err = build_into(site.path(), &parent.path().join("public"), false).unwrap_err();
    assert!(
        err.to_string()
            .contains("broken.css: this link points outside"),
        "{err}"
    );
    assert_eq!(entries(parent.path()), ["public"]);
    assert_eq!(
        std::fs::read_to_string(parent.path().join("public/index.html")).unwrap(),
        "the previous site"
    );
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
