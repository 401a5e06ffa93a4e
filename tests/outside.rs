//! Nothing outside the site is touched: a link, a special file or a foreign folder where
//! the build reads, writes, renames or deletes is an error naming it, and what it points
//! at is left exactly as it was. Hand-edited output never survives a build.

#![cfg(unix)]

use crate::common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use common::{build_into, fixture, snapshot};

/// A folder of someone's own files, outside any site, that must come through untouched.
struct Documents {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Documents {
    fn new() -> Documents {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Documents");
        std::fs::create_dir_all(path.join("letters")).unwrap();
        std::fs::write(path.join("thesis.txt"), "years of work").unwrap();
        std::fs::write(path.join("letters/family.txt"), "private").unwrap();
        std::fs::write(
            path.join("index.html"),
            "a page of someone's own, not a build",
        )
        .unwrap();
        Documents { _dir: dir, path }
    }

    fn assert_untouched(&self) {
        let files = snapshot(&self.path);
        assert_eq!(files.len(), 3, "{files:?}");
        assert_eq!(files[Path::new("thesis.txt")], b"years of work");
        assert_eq!(files[Path::new("letters/family.txt")], b"private");
    }
}

/// Builds in a thread, so that a build that would hang on a pipe fails the test instead.
fn build_within(site: &Path, out: &Path) -> Result<String, String> {
    let (tx, rx) = mpsc::channel();
    let (site, out) = (site.to_path_buf(), out.to_path_buf());
    std::thread::spawn(move || {
        let result = build_into(&site, &out, false)
            .map(|s| s.to_string())
            .map_err(|e| e.to_string());
        let _ = tx.send(result);
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the build hung instead of refusing the file")
}

/// A site built twice (so both generations exist) beside someone's own documents.
struct Twice {
    site: tempfile::TempDir,
    documents: Documents,
    parent: tempfile::TempDir,
    out: PathBuf,
}

impl Twice {
    fn built() -> Twice {
        let site = fixture("i18n");
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("public");
        build_into(site.path(), &out, false).unwrap();
        build_into(site.path(), &out, false).unwrap();
        Twice {
            site,
            documents: Documents::new(),
            parent,
            out,
        }
    }
}

#[test]
fn a_link_where_a_generation_folder_goes_deletes_nothing() {
    for name in [
        ".public.spare",
        ".public.old",
        ".public.swap",
        ".public.staging",
    ] {
        let Twice {
            site,
            documents,
            parent,
            out,
        } = Twice::built();
        let link = parent.path().join(name);
        if link.exists() {
            std::fs::remove_dir_all(&link).unwrap();
        }
        symlink(&documents.path, &link).unwrap();
        let published = snapshot(&out);

        let err = build_within(site.path(), &out).unwrap_err();
        assert!(err.contains(name) && err.contains("link"), "{name}: {err}");
        documents.assert_untouched();
        assert!(link.is_symlink(), "{name}: the link itself is kept");
        assert_eq!(
            snapshot(&out),
            published,
            "{name}: the published site changed"
        );
    }
}

#[test]
fn a_published_folder_that_is_a_link_deletes_nothing() {
    let site = fixture("i18n");
    let documents = Documents::new();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    symlink(&documents.path, &out).unwrap();
    let err = build_within(site.path(), &out).unwrap_err();
    assert!(err.contains("public") && err.contains("link"), "{err}");
    documents.assert_untouched();
    assert_eq!(
        std::fs::read_dir(parent.path()).unwrap().count(),
        1,
        "nothing made beside the link"
    );
}

#[test]
fn a_link_inside_the_spare_generation_deletes_nothing() {
    let Twice {
        site,
        documents,
        parent,
        out,
    } = Twice::built();
    // A folder the next build updates, and a file it rewrites, replaced by links.
    let spare = parent.path().join(".public.spare");
    std::fs::remove_dir_all(spare.join("releases")).unwrap();
    symlink(&documents.path, spare.join("releases")).unwrap();
    std::fs::remove_file(spare.join("index.html")).unwrap();
    symlink(documents.path.join("thesis.txt"), spare.join("index.html")).unwrap();

    let err = build_within(site.path(), &out).unwrap_err();
    assert!(err.contains(".public.spare/"), "{err}");
    assert!(err.contains("link"), "{err}");
    documents.assert_untouched();
}

#[test]
fn a_file_or_a_foreign_folder_where_a_generation_goes_is_refused() {
    let site = fixture("i18n");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    // A file where the spare goes.
    std::fs::write(parent.path().join(".public.spare"), "notes").unwrap();
    let err = build_within(site.path(), &out).unwrap_err();
    assert!(
        err.contains(".public.spare") && err.contains("not a folder"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(parent.path().join(".public.spare")).unwrap(),
        "notes"
    );
    // Folders that are not builds of pressroom, where it would update or delete one.
    for name in [".public.spare", ".public.old", ".public.staging"] {
        let parent = tempfile::tempdir().unwrap();
        let foreign = parent.path().join(name);
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("thesis.txt"), "years of work").unwrap();
        let err = build_within(site.path(), &parent.path().join("public")).unwrap_err();
        assert!(
            err.contains(name) && err.contains("not a build"),
            "{name}: {err}"
        );
        assert_eq!(
            std::fs::read_to_string(foreign.join("thesis.txt")).unwrap(),
            "years of work"
        );
    }
}

/// The inode of `path`, which names its manifest.
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path).unwrap().ino()
}

#[test]
fn manifests_are_written_without_following_links() {
    let Twice {
        site,
        documents,
        parent,
        out,
    } = Twice::built();
    let id = inode(&parent.path().join(".public.spare"));
    // Where the next build writes the spare's manifest, a link: replaced, not followed.
    symlink(
        documents.path.join("letters/family.txt"),
        parent.path().join(format!(".public.manifest.{id}.writing")),
    )
    .unwrap();
    build_within(site.path(), &out).unwrap();
    build_within(site.path(), &out).unwrap();
    documents.assert_untouched();
    let fresh = tempfile::tempdir().unwrap();
    build_into(site.path(), &fresh.path().join("public"), false).unwrap();
    assert_eq!(snapshot(&out), snapshot(&fresh.path().join("public")));

    // The manifests the next build reads, a link and a pipe (which would hang a build
    // that opened it): neither vouches for its folder, so the build stops, naming them.
    let spare = parent.path().join(".public.spare");
    let manifest = parent
        .path()
        .join(format!(".public.manifest.{}", inode(&spare)));
    std::fs::remove_file(&manifest).unwrap();
    symlink(documents.path.join("thesis.txt"), &manifest).unwrap();
    let published = parent
        .path()
        .join(format!(".public.manifest.{}", inode(&out)));
    std::fs::remove_file(&published).unwrap();
    fifo(&published);
    let err = build_within(site.path(), &out).unwrap_err();
    assert!(
        err.contains(".public.spare") && err.contains("public:"),
        "{err}"
    );
    documents.assert_untouched();
    assert_eq!(snapshot(&out), snapshot(&fresh.path().join("public")));
}

/// A copy of `from` outside the site, for links to lead to.
fn outside_copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(from, dir.path());
    dir
}

#[test]
fn a_linked_folder_that_leads_outside_the_site_is_refused_by_name() {
    for folder in [
        "content",
        "content/releases",
        "content/people",
        "themes",
        "themes/campaign",
        "themes/campaign/templates",
        "themes/campaign/i18n",
        "themes/campaign/static",
        "static",
        "templates",
    ] {
        let site = fixture("i18n");
        for extra in ["static", "templates"] {
            std::fs::create_dir_all(site.path().join(extra)).unwrap();
        }
        std::fs::write(site.path().join("static/notes.txt"), "public notes").unwrap();
        let real = site.path().join(folder);
        let elsewhere = outside_copy(&real);
        std::fs::remove_dir_all(&real).unwrap();
        symlink(elsewhere.path(), &real).unwrap();
        let err =
            build_within(site.path(), &tempfile::tempdir().unwrap().path().join("p")).unwrap_err();
        assert!(
            err.contains(&format!("{folder}: ")) && err.contains("outside the site"),
            "{folder}: {err}"
        );
    }
}

#[test]
fn a_linked_folder_that_stays_inside_the_site_is_read_through() {
    // A theme kept in a folder of its own inside the site, linked in by name.
    let site = fixture("i18n");
    let shared = site.path().join("shared-themes");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::rename(site.path().join("themes/campaign"), shared.join("campaign")).unwrap();
    symlink(
        "../shared-themes/campaign",
        site.path().join("themes/campaign"),
    )
    .unwrap();
    let built = common::Built::new(site.path());
    assert!(built.exists("style.css"));
    assert!(built.read("index.html").contains("Fixture Press"));
}

/// Makes a named pipe at `path`.
fn fifo(path: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .unwrap();
}

#[test]
fn a_named_pipe_anywhere_in_the_site_is_refused_by_name_never_opened() {
    for rel in [
        "static/pipe.css",
        "static/feeds/pipe.xml",
        "themes/campaign/i18n/ar.yaml",
        "themes/campaign/static/style.css",
        "themes/campaign/templates/base.html",
        "themes/campaign/templates/extra.html",
        "content/releases/pipe.md",
        "content/people/ada.md",
        "content/pages/pipe.txt",
        "site.toml",
    ] {
        let site = fixture("i18n");
        let path = site.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&path);
        fifo(&path);
        let err =
            build_within(site.path(), &tempfile::tempdir().unwrap().path().join("p")).unwrap_err();
        assert!(
            err.contains(rel) && err.contains("named pipe"),
            "{rel}: {err}"
        );
    }
}

#[test]
fn a_socket_or_a_device_in_the_site_is_refused_by_name() {
    let site = fixture("i18n");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    let socket = site.path().join("static/agent.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let err =
        build_within(site.path(), &tempfile::tempdir().unwrap().path().join("p")).unwrap_err();
    assert!(
        err.contains("static/agent.sock") && err.contains("socket"),
        "{err}"
    );
    std::fs::remove_file(&socket).unwrap();

    // /dev/zero itself, where making device nodes is allowed (as root): reading it would
    // grow memory until the machine ran out.
    let zero = site.path().join("static/zero.bin");
    let made = rustix::fs::mknodat(
        rustix::fs::CWD,
        &zero,
        rustix::fs::FileType::CharacterDevice,
        rustix::fs::Mode::from_raw_mode(0o644),
        rustix::fs::makedev(1, 5),
    );
    if made.is_ok() {
        let err =
            build_within(site.path(), &tempfile::tempdir().unwrap().path().join("p")).unwrap_err();
        assert!(
            err.contains("static/zero.bin") && err.contains("device"),
            "{err}"
        );
    }
}

#[test]
fn hand_edited_output_never_survives_a_build() {
    let site = fixture("i18n");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    build_into(site.path(), &out, false).unwrap();
    build_into(site.path(), &out, false).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    build_into(site.path(), &fresh.path().join("public"), false).unwrap();
    let expected = snapshot(&fresh.path().join("public"));

    let index = out.join("index.html");
    let page = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        page.replace("</body>", "<script src=/x.js></script></body>"),
    )
    .unwrap();
    std::fs::write(out.join("evil.html"), "<script>alert(1)</script>").unwrap();
    // An edit that keeps the size and the modification time of the file it replaces.
    let style = out.join("style.css");
    let before = std::fs::metadata(&style).unwrap();
    let css = std::fs::read(&style).unwrap();
    let mut same_size = css.clone();
    same_size[..9].copy_from_slice(b"/*evil*/ ");
    std::fs::write(&style, &same_size).unwrap();
    let times = std::fs::FileTimes::new().set_modified(before.modified().unwrap());
    std::fs::File::options()
        .write(true)
        .open(&style)
        .unwrap()
        .set_times(times)
        .unwrap();

    // Each of the next builds publishes exactly what the sources make, whichever
    // generation the edits sit in.
    for build in 1..=3 {
        build_into(site.path(), &out, false).unwrap();
        assert_eq!(snapshot(&out), expected, "build {build}");
    }
}

#[test]
fn new_never_writes_through_a_link_out_of_the_site() {
    let site = fixture("i18n");
    let documents = Documents::new();
    let releases = site.path().join("content/releases");
    std::fs::remove_dir_all(&releases).unwrap();
    symlink(&documents.path, &releases).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(["new", "release", "Planted", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success()
            && err.contains("content/releases")
            && err.contains("outside the site"),
        "{err}"
    );
    documents.assert_untouched();
}

/// Found in review: `theme` named a folder outside the site, and it was published.
#[test]
fn a_theme_named_by_a_path_is_refused() {
    let secret = tempfile::tempdir().unwrap();
    common::copy_dir(
        &common::repo().join("themes/campaign"),
        &secret.path().join("theme"),
    );
    std::fs::write(secret.path().join("theme/static/secret.txt"), "SECRET").unwrap();
    for theme in [
        format!("{}", secret.path().join("theme").display()),
        "../../../../../../../../../../..".to_string()
            + &secret.path().join("theme").display().to_string(),
        "campaign/../campaign".to_string(),
    ] {
        let site = fixture("i18n");
        let toml = site.path().join("site.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, format!("theme = {theme:?}\n{text}")).unwrap();
        let out = tempfile::tempdir().unwrap();
        let err = build_within(site.path(), &out.path().join("p")).unwrap_err();
        assert!(err.contains("site.toml:1: theme"), "{theme}: {err}");
        assert!(!out.path().join("p").exists());
    }
}

/// Found in review: a folder where the interrupted swap goes was moved into the output
/// with no sign that pressroom made it.
#[test]
fn a_foreign_folder_where_the_interrupted_swap_goes_is_refused() {
    let site = fixture("i18n");
    let documents = Documents::new();
    let parent = tempfile::tempdir().unwrap();
    let swap = parent.path().join(".public.swap");
    std::fs::create_dir_all(&swap).unwrap();
    symlink(&documents.path, swap.join("docs")).unwrap();
    std::fs::write(
        swap.join("index.html"),
        "<script src=https://evil.example/x.js></script>",
    )
    .unwrap();
    let err = build_within(site.path(), &parent.path().join("public")).unwrap_err();
    assert!(
        err.contains(".public.swap") && err.contains("not a build"),
        "{err}"
    );
    assert!(!parent.path().join("public").exists());
    documents.assert_untouched();
}

#[test]
fn new_reads_a_translation_as_the_build_does() {
    // A pipe, and a link out of the site, where `new --lang` looks for the version to
    // start from: neither is opened or followed.
    let site = fixture("i18n");
    fifo(&site.path().join("content/releases/piped.md"));
    let documents = Documents::new();
    std::fs::write(
        documents.path.join("elsewhere.md"),
        "---\ntitle: Elsewhere\ndate: 1999-01-01\ntags: [leaked]\n---\n",
    )
    .unwrap();
    symlink(
        documents.path.join("elsewhere.md"),
        site.path().join("content/releases/linked.md"),
    )
    .unwrap();
    for slug in ["piped", "linked"] {
        let (tx, rx) = mpsc::channel();
        let root = site.path().to_path_buf();
        std::thread::spawn(move || {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_pressroom"))
                .args([
                    "new",
                    "release",
                    "Translated",
                    "--lang",
                    "ar",
                    "--slug",
                    slug,
                    "--root",
                ])
                .arg(&root)
                .output()
                .unwrap();
            let _ = tx.send(out);
        });
        let out = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("new hung on a pipe");
        let made =
            std::fs::read_to_string(site.path().join(format!("content/releases/{slug}.ar.md")))
                .unwrap_or_default();
        assert!(
            !made.contains("leaked") && !made.contains("1999"),
            "{slug}: {made} {out:?}"
        );
    }
}

/// Found in review: a link to a folder in a static folder was silently skipped.
#[test]
fn a_link_to_a_folder_in_a_static_folder_is_an_error() {
    let site = fixture("i18n");
    std::fs::create_dir_all(site.path().join("static/press-kit")).unwrap();
    std::fs::write(site.path().join("static/press-kit/kit.txt"), "kit").unwrap();
    symlink("press-kit", site.path().join("static/media")).unwrap();
    let err =
        build_within(site.path(), &tempfile::tempdir().unwrap().path().join("p")).unwrap_err();
    assert!(
        err.contains("static/media") && err.contains("leads to a folder"),
        "{err}"
    );
}
