//! `serve`'s incremental rebuilds: after every kind of edit, the pages re-rendered from
//! what changed are byte for byte what a full build of the same files gives.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pressroom::project::{Project, Settings};

fn files(p: &Project) -> BTreeMap<String, Vec<u8>> {
    p.files()
        .iter()
        .map(|(k, f)| (k.clone(), f.bytes.to_vec()))
        .collect()
}

/// Applies `edit` to the site, updates `project` with the touched paths, and checks it
/// against a fresh full load. Returns the update.
fn step(
    project: &mut Project,
    root: &Path,
    touched: &[&str],
    edit: impl FnOnce(),
) -> pressroom::project::Update {
    edit();
    let paths: Vec<PathBuf> = touched.iter().map(|t| root.join(t)).collect();
    let update = project
        .update(&paths)
        .unwrap_or_else(|e| panic!("update after {touched:?}:\n{e}"));
    assert_same_as_full(project, root, &format!("after {touched:?}"));
    update
}

/// `project` agrees with a fresh full load of `root`.
fn assert_same_as_full(project: &mut Project, root: &Path, when: &str) {
    assert_same_as_full_with(project, root, &Settings::default(), when);
}

/// Once the outputs `serve` makes after the rest (the search index, PDFs, kits) are made.
fn assert_same_as_full_with(project: &mut Project, root: &Path, settings: &Settings, when: &str) {
    project
        .catch_up()
        .unwrap_or_else(|e| panic!("catching up {when}:\n{e}"));
    assert!(project.behind().is_empty(), "{when}");
    let full = Project::load(root, settings).unwrap();
    let (got, want) = (files(project), files(&full));
    let differing: Vec<&String> = want
        .keys()
        .chain(got.keys())
        .filter(|k| got.get(*k) != want.get(*k))
        .collect();
    assert!(
        differing.is_empty(),
        "{when} these differ from a full build: {differing:?}"
    );
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    write(root, rel, &text.replacen(from, to, 1));
}

#[test]
fn every_kind_of_edit_gives_the_same_bytes_as_a_full_build() {
    let site = common::fixture("i18n");
    let root = site.path();
    let mut project = Project::load(root, &Settings::default()).unwrap();

    // A release body: its page, the feeds it is in (its language's and its two tags',
    // three formats each), nothing else; its PDF, its press kit and the search index
    // follow (`catch_up`).
    let u = step(&mut project, root, &["content/releases/newest.md"], || {
        replace(
            root,
            "content/releases/newest.md",
            "Opening paragraph",
            "Rewritten opening",
        )
    });
    assert_eq!(u.written, 10, "{u:?}");
    assert_eq!(
        u.behind,
        ["search index", "release PDFs", "press kits"],
        "{u:?}"
    );

    // A statement body: every page quoting it, in every language it falls back to.
    step(
        &mut project,
        root,
        &["content/statements/ada-second.md"],
        || {
            replace(
                root,
                "content/statements/ada-second.md",
                "Second quote",
                "Second, edited quote",
            )
        },
    );
    // A person's bio.
    step(&mut project, root, &["content/people/ada.md"], || {
        replace(
            root,
            "content/people/ada.md",
            "Ada's bio.",
            "Ada's longer bio.",
        )
    });
    // A title: lists, tags, statement pages, feeds, home.
    step(&mut project, root, &["content/releases/middle.md"], || {
        replace(
            root,
            "content/releases/middle.md",
            "title: Middle release",
            "title: Middle, retitled",
        )
    });
    // A date that moves a release to the top of every list and across pages.
    step(&mut project, root, &["content/releases/oldest.md"], || {
        replace(
            root,
            "content/releases/oldest.md",
            "date: 2024-01-01",
            "date: 2024-06-01",
        )
    });
    // A new release with a new tag, then a new translation of it.
    step(&mut project, root, &["content/releases/fresh.md"], || {
        write(
            root,
            "content/releases/fresh.md",
            "---\ntitle: Fresh\ndate: 2024-05-05\ntags: [New Tag]\nstatements: [ada-first]\n---\nFresh body.\n",
        )
    });
    step(
        &mut project,
        root,
        &["content/releases/fresh.ar.md"],
        || {
            write(
                root,
                "content/releases/fresh.ar.md",
                "---\ntitle: جديد\ndate: 2024-05-05\n---\nنص.\n",
            )
        },
    );
    // A release deleted: its pages go, tag counts and lists shrink.
    let u = step(&mut project, root, &["content/releases/middle.md"], || {
        std::fs::remove_file(root.join("content/releases/middle.md")).unwrap()
    });
    assert!(u.removed >= 1, "{u:?}");
    // A renamed release: old pages removed, new ones added.
    step(
        &mut project,
        root,
        &["content/releases/fresh.md", "content/releases/renamed.md"],
        || {
            std::fs::rename(
                root.join("content/releases/fresh.md"),
                root.join("content/releases/renamed.md"),
            )
            .unwrap()
        },
    );
    // A statement dropped from the releases quoting it and deleted, in one save burst.
    step(
        &mut project,
        root,
        &[
            "content/releases/newest.md",
            "content/releases/newest.ar.md",
            "content/statements/ada-second.md",
        ],
        || {
            replace(
                root,
                "content/releases/newest.md",
                "[ada-first, ada-second]",
                "[ada-first]",
            );
            replace(
                root,
                "content/releases/newest.ar.md",
                "[ada-first, ada-second]",
                "[ada-first]",
            );
            std::fs::remove_file(root.join("content/statements/ada-second.md")).unwrap();
        },
    );
    // A person's role, a person's new translation, a person who starts giving interviews.
    step(&mut project, root, &["content/people/ada.md"], || {
        replace(
            root,
            "content/people/ada.md",
            "role: Director",
            "role: Chair",
        )
    });
    step(&mut project, root, &["content/people/bob.ar.md"], || {
        write(
            root,
            "content/people/bob.ar.md",
            "---\nname: بوب\ninterviews: true\n---\nسيرة.\n",
        )
    });
    // An Arabic about page: every Arabic page's menu changes.
    step(&mut project, root, &["content/pages/about.ar.md"], || {
        write(
            root,
            "content/pages/about.ar.md",
            "---\ntitle: من نحن\n---\nنص.\n",
        )
    });
    // A draft published.
    step(
        &mut project,
        root,
        &["content/releases/unfinished.md"],
        || {
            replace(
                root,
                "content/releases/unfinished.md",
                "draft: true",
                "draft: false",
            )
        },
    );
    // A statement given to another speaker.
    step(
        &mut project,
        root,
        &["content/statements/ada-first.ar.md"],
        || {
            replace(
                root,
                "content/statements/ada-first.ar.md",
                "person: ada",
                "person: bob",
            )
        },
    );
    // A speaker renamed: every quote names them anew, also the quotes shown on pages of
    // other languages and in feeds, which a render makes once and shares.
    step(&mut project, root, &["content/people/ada.md"], || {
        replace(
            root,
            "content/people/ada.md",
            "name: Ada Witness",
            "name: Ada W. Witness",
        )
    });
    // A page's title: that page alone. The menus link the page; they do not show its
    // title, and a record of what each page read knows it.
    let u = step(&mut project, root, &["content/pages/about.md"], || {
        replace(
            root,
            "content/pages/about.md",
            "title: About us",
            "title: Who we are",
        )
    });
    assert_eq!(u.paths, ["about/index.html"], "{u:?}");
    // A release given a `slug:` of its own: its URL moves in every list, feed and quote.
    step(&mut project, root, &["content/releases/newest.md"], || {
        replace(
            root,
            "content/releases/newest.md",
            "title: Newest release\n",
            "title: Newest release\nslug: newest-moved\n",
        )
    });
    // A tag written another way: the same tag page, named as first written.
    step(&mut project, root, &["content/releases/newest.md"], || {
        replace(
            root,
            "content/releases/newest.md",
            "Human Rights",
            "human rights",
        )
    });
    // An embargo set on a published release (it vanishes everywhere), then lifted; and
    // on a translation, which holds the whole release back, then lifted, bringing back
    // every language with its body.
    for file in [
        "content/releases/oldest.md",
        "content/releases/newest.ar.md",
    ] {
        let embargo = "embargo: 2099-01-01T00:00:00Z\n";
        step(&mut project, root, &[file], || {
            replace(root, file, "---\n", &format!("---\n{embargo}"))
        });
        step(&mut project, root, &[file], || {
            replace(root, file, embargo, "")
        });
    }
    // A template: everything again.
    let u = step(
        &mut project,
        root,
        &["themes/campaign/templates/partials/release_card.html"],
        || {
            replace(
                root,
                "themes/campaign/templates/partials/release_card.html",
                "<article class=\"card\"",
                "<article class=\"card edited\"",
            )
        },
    );
    assert!(u.full && u.written > 10, "{u:?}");
    // A file that is not content, a template or a static file changes nothing.
    let u = step(&mut project, root, &["notes.txt"], || {
        write(root, "notes.txt", "hello")
    });
    assert_eq!(u.written + u.removed, 0);
}

#[test]
fn a_bad_edit_keeps_the_last_good_site_and_the_fix_brings_it_back() {
    let site = common::fixture("i18n");
    let root = site.path();
    let mut project = Project::load(root, &Settings::default()).unwrap();
    let before = files(&project);

    replace(
        root,
        "content/releases/newest.md",
        "title: Newest release",
        "title: [unclosed",
    );
    let err = project
        .update(&[root.join("content/releases/newest.md")])
        .unwrap_err();
    assert!(
        err.to_string().contains("content/releases/newest.md:2"),
        "{err}"
    );
    assert_eq!(files(&project), before, "the last good site stays");

    replace(
        root,
        "content/statements/ada-first.md",
        "person: ada",
        "person: nobody",
    );
    let err = project
        .update(&[root.join("content/statements/ada-first.md")])
        .unwrap_err();
    assert!(err.to_string().contains("names nobody"), "{err}");
    assert_eq!(files(&project), before);

    replace(
        root,
        "content/releases/newest.md",
        "title: [unclosed",
        "title: Fixed",
    );
    replace(
        root,
        "content/statements/ada-first.md",
        "person: nobody",
        "person: ada",
    );
    let paths = [
        root.join("content/releases/newest.md"),
        root.join("content/statements/ada-first.md"),
    ];
    project.update(&paths).unwrap();
    let html =
        String::from_utf8(project.files()["releases/newest/index.html"].bytes.to_vec()).unwrap();
    assert!(html.contains("Fixed"));
}

#[test]
fn an_edit_that_failed_is_applied_once_another_file_makes_it_valid() {
    let site = common::fixture("i18n");
    let root = site.path();
    let mut project = Project::load(root, &Settings::default()).unwrap();
    replace(
        root,
        "content/releases/middle.md",
        "tags: [Courts]",
        "tags: [Courts]\nstatements: [carol-says]",
    );
    assert!(
        project
            .update(&[root.join("content/releases/middle.md")])
            .is_err()
    );
    write(
        root,
        "content/statements/carol-says.md",
        "---\nperson: ada\n---\n“Carol.”\n",
    );
    project
        .update(&[root.join("content/statements/carol-says.md")])
        .unwrap();
    assert_same_as_full(&mut project, root, "then");
}

#[test]
fn folders_moved_in_and_out_of_content_are_seen() {
    let site = common::fixture("i18n");
    let root = site.path();
    let mut project = Project::load(root, &Settings::default()).unwrap();
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "batch/one.md",
        "---\ntitle: One of a batch\ndate: 2024-02-02\n---\nBody.\n",
    );
    std::fs::rename(
        outside.path().join("batch"),
        root.join("content/releases/batch"),
    )
    .unwrap();
    project
        .update(&[root.join("content/releases/batch")])
        .unwrap();
    assert!(project.files().contains_key("releases/one/index.html"));
    assert_same_as_full(&mut project, root, "then");
    std::fs::rename(
        root.join("content/releases/batch"),
        outside.path().join("gone"),
    )
    .unwrap();
    project
        .update(&[root.join("content/releases/batch")])
        .unwrap();
    assert!(!project.files().contains_key("releases/one/index.html"));
    assert_same_as_full(&mut project, root, "then");
}

#[test]
fn a_photo_deleted_from_static_is_an_error_like_in_a_full_build() {
    let site = common::fixture("i18n");
    let root = site.path();
    write(root, "static/people/bob.jpg", "jpeg");
    replace(
        root,
        "content/people/bob.md",
        "name: Bob Quiet",
        "name: Bob Quiet\nphoto: people/bob.jpg",
    );
    let mut project = Project::load(root, &Settings::default()).unwrap();
    std::fs::remove_file(root.join("static/people/bob.jpg")).unwrap();
    let err = project
        .update(&[root.join("static/people/bob.jpg")])
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("`photo: people/bob.jpg` is not a file in static/"),
        "{err}"
    );
    write(root, "static/people/bob.jpg", "jpeg");
    project
        .update(&[root.join("static/people/bob.jpg")])
        .unwrap();
    assert_same_as_full(&mut project, root, "then");
}

#[cfg(unix)]
#[test]
fn a_linked_markdown_file_is_ignored_as_in_a_full_build() {
    let site = common::fixture("i18n");
    let root = site.path();
    let mut project = Project::load(root, &Settings::default()).unwrap();
    std::os::unix::fs::symlink(
        root.join("content/releases/middle.md"),
        root.join("content/releases/linked.md"),
    )
    .unwrap();
    project
        .update(&[root.join("content/releases/linked.md")])
        .unwrap();
    assert_same_as_full(&mut project, root, "then");
}

#[test]
fn an_edit_that_would_load_from_another_host_keeps_the_last_good_site() {
    let site = common::fixture("i18n");
    let root = site.path();
    let mut project = Project::load(root, &Settings::default()).unwrap();
    let before = files(&project);
    // A body-only edit, then one that also changes the front matter: both are refused.
    for (from, to) in [
        (
            "Middle body.",
            "Middle body. ![x](https://tracker.example.net/p.png)",
        ),
        ("title: Middle release", "title: Middle, retitled"),
    ] {
        replace(root, "content/releases/middle.md", from, to);
        let err = project
            .update(&[root.join("content/releases/middle.md")])
            .unwrap_err();
        assert!(
            err.to_string().contains("content/releases/middle.md:6")
                && err.to_string().contains("tracker.example.net"),
            "{err}"
        );
        assert_eq!(files(&project), before, "the last good site stays");
    }
    replace(
        root,
        "content/releases/middle.md",
        " ![x](https://tracker.example.net/p.png)",
        "",
    );
    project
        .update(&[root.join("content/releases/middle.md")])
        .unwrap();
    assert_same_as_full(&mut project, root, "after the fix");
}

/// A draft is left out of the site, but its embargo still holds its published
/// translations back and dates them in feeds: an update must not forget the draft.
#[test]
fn an_edit_elsewhere_keeps_a_drafts_embargo_on_its_translations() {
    for embargo in ["2099-01-01T00:00:00Z", "2020-01-01T00:00:00Z"] {
        for settings in [
            Settings::default(),
            Settings {
                embargoed: true,
                ..Settings::default()
            },
        ] {
            let site = common::fixture("i18n");
            let root = site.path();
            replace(
                root,
                "content/releases/unfinished.md",
                "draft: true\n",
                &format!("draft: true\nembargo: {embargo}\n"),
            );
            write(
                root,
                "content/releases/unfinished.ar.md",
                "---\ntitle: مسودة\ndate: 2024-04-01\n---\nنص.\n",
            );
            let mut project = Project::load(root, &settings).unwrap();
            replace(
                root,
                "content/releases/middle.md",
                "title: Middle release",
                "title: Middle, retitled",
            );
            project
                .update(&[root.join("content/releases/middle.md")])
                .unwrap();
            let when = format!("embargo {embargo}, {settings:?}:");
            assert_same_as_full_with(&mut project, root, &settings, &when);
        }
    }
}
