//! `pressroom init` and `pressroom new`: a new site builds at once; a new file builds
//! into a page with no editing; nothing is ever overwritten.

use crate::common;

use std::process::Command;

use common::{Built, text};

fn pressroom(args: &[&str], dir: &std::path::Path) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn init_makes_a_site_that_builds_straight_away() {
    let parent = tempfile::tempdir().unwrap();
    let (ok, stdout, stderr) = pressroom(&["init", "press"], parent.path());
    assert!(ok, "{stderr}");
    assert!(stdout.contains("Created a site"), "{stdout}");
    let built = Built::new(&parent.path().join("press"));
    let doc = built.html("releases/welcome/index.html");
    assert_eq!(text(&doc, "h1"), "Our press office is open");
    // An attribution without an intro reads as a sentence.
    assert!(
        text(&doc, ".statement figcaption").contains("Spokesperson said:"),
        "{}",
        text(&doc, ".statement figcaption")
    );
    assert!(built.exists("contact/index.html") && built.exists("feed.xml"));
    // A new site speaks of no campaign in particular, in any file or page.
    for dir in [parent.path().join("press"), built.out()] {
        for (path, bytes) in common::snapshot(&dir) {
            let text = String::from_utf8_lossy(&bytes);
            for word in ["Syri", "سوري", "Assad", "ICJ", "torture", "تعذيب"] {
                assert!(!text.contains(word), "{word} in {}", path.display());
            }
        }
    }

    // Never into a folder that holds something.
    let (ok, _, stderr) = pressroom(&["init", "press"], parent.path());
    assert!(
        !ok && stderr.contains("is not empty; nothing was written"),
        "{stderr}"
    );
}

#[test]
fn new_files_build_into_pages_without_editing() {
    let site = common::fixture("i18n");
    let root = site.path();
    let (ok, stdout, stderr) = pressroom(
        &[
            "new",
            "release",
            "Déclaration: la CIJ ordonne",
            "--date",
            "2024-07-01",
        ],
        root,
    );
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout.trim(),
        "content/releases/declaration-la-cij-ordonne.md"
    );
    let text_of = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap();
    let release = text_of("content/releases/declaration-la-cij-ordonne.md");
    assert!(release.contains("id: urn:uuid:"), "{release}");

    let (ok, stdout, stderr) = pressroom(&["new", "person", "Laila Kiki"], root);
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "content/people/laila-kiki.md");
    let (ok, stdout, stderr) = pressroom(
        &[
            "new",
            "statement",
            "--person",
            "laila-kiki",
            "--date",
            "2024-07-02",
        ],
        root,
    );
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "content/statements/laila-kiki-2024-07-02.md");

    // A translation starts from the original: same date, a fresh id of its own.
    let (ok, stdout, stderr) = pressroom(
        &[
            "new",
            "release",
            "إعلان",
            "--lang",
            "ar",
            "--slug",
            "declaration-la-cij-ordonne",
        ],
        root,
    );
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout.trim(),
        "content/releases/declaration-la-cij-ordonne.ar.md"
    );
    let translation = text_of("content/releases/declaration-la-cij-ordonne.ar.md");
    assert!(
        translation.contains("date: 2024-07-01") && translation.contains("title: \"إعلان\""),
        "{translation}"
    );
    let id = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("id:"))
            .unwrap()
            .to_string()
    };
    assert_ne!(id(&translation), id(&release));

    let built = Built::new(root);
    assert_eq!(
        text(
            &built.html("releases/declaration-la-cij-ordonne/index.html"),
            "h1"
        ),
        "Déclaration: la CIJ ordonne"
    );
    assert_eq!(
        text(
            &built.html("ar/releases/declaration-la-cij-ordonne/index.html"),
            "h1"
        ),
        "إعلان"
    );
    assert!(built.exists("people/laila-kiki/index.html"));
    assert!(built.exists("statements/laila-kiki-2024-07-02/index.html"));
}

#[test]
fn new_never_overwrites_and_asks_for_a_slug_it_cannot_make() {
    let site = common::fixture("i18n");
    let root = site.path();
    let before = std::fs::read_to_string(root.join("content/releases/middle.md")).unwrap();
    let (ok, _, stderr) = pressroom(&["new", "release", "Middle"], root);
    assert!(
        !ok && stderr.contains("content/releases/middle.md: already exists; nothing was written"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("content/releases/middle.md")).unwrap(),
        before
    );

    let (ok, _, stderr) = pressroom(&["new", "release", "تقديم قضية"], root);
    assert!(
        !ok && stderr.contains("not written in Latin letters") && stderr.contains("--slug"),
        "{stderr}"
    );

    let (ok, _, stderr) = pressroom(&["new", "statement", "--person", "nobody"], root);
    assert!(
        !ok && stderr.contains("there is no person `nobody`"),
        "{stderr}"
    );

    // A dot in a slug would make the file a translation of another.
    let (ok, _, stderr) = pressroom(&["new", "release", "Sneaky", "--slug", "middle.ar"], root);
    assert!(!ok && stderr.contains("contains a dot"), "{stderr}");
    assert!(!root.join("content/releases/middle.ar.md").exists());

    // A new statement never takes a slug another language already uses.
    std::fs::write(
        root.join("content/statements/ada-2024-05-01.ar.md"),
        "---\nperson: ada\n---\n«x»\n",
    )
    .unwrap();
    let (ok, stdout, stderr) = pressroom(
        &[
            "new",
            "statement",
            "--person",
            "ada",
            "--date",
            "2024-05-01",
        ],
        root,
    );
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "content/statements/ada-2024-05-01-2.md");

    let (ok, _, stderr) = pressroom(&["new", "release", "Hallo", "--lang", "de"], root);
    assert!(
        !ok && stderr.contains("language `de` is not in site.toml"),
        "{stderr}"
    );
}

#[test]
fn init_makes_the_languages_asked_for() {
    let parent = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = pressroom(&["init", "press", "--languages", "ar,en,de"], parent.path());
    assert!(ok, "{stderr}");
    let site = parent.path().join("press");
    let toml = std::fs::read_to_string(site.join("site.toml")).unwrap();
    assert!(toml.contains("default_language = \"ar\""), "{toml}");
    let ignored = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert_eq!(ignored, "/public/\n/.pressroom-cache/\n");
    assert!(
        toml.contains("[languages.de]") && toml.contains("name = \"Deutsch\""),
        "{toml}"
    );
    let built = Built::new(&site);
    // Arabic is the default, at the root, right to left, in its own words.
    let home = built.html("index.html");
    assert_eq!(common::attrs(&home, "html", "dir"), ["rtl"]);
    let release = built.html("releases/welcome/index.html");
    assert_eq!(text(&release, "h1"), "افتتاح مكتبنا الصحفي");
    assert!(text(&release, ".statement figcaption").contains("المتحدث باسمنا:"));
    assert!(built.exists("en/releases/welcome/index.html"));
    // German has its table, and the English words until someone writes German ones.
    assert!(built.exists("de/index.html"));
    // Each language's contact page says what happens to a request, in words site.toml
    // holds for the office to make its own.
    let config: toml::Table = toml.parse().unwrap();
    assert!(config["languages"]["de"]["privacy_notice"].is_str());
    for (lang, page, words) in [
        ("ar", "contact/index.html", "الصحفي"),
        ("en", "en/contact/index.html", "data controller"),
    ] {
        let notice = config["languages"][lang]["privacy_notice"]
            .as_str()
            .unwrap();
        assert!(notice.contains(words), "{lang}: {notice}");
        assert_eq!(text(&built.html(page), ".privacy p"), notice, "{lang}");
    }
    let (ok, _, stderr) = pressroom(&["init", "other", "--languages", "english"], parent.path());
    assert!(!ok && stderr.contains("not a language code"), "{stderr}");
}

#[test]
fn new_files_start_in_their_own_language() {
    let site = common::fixture("i18n");
    let root = site.path();
    let (ok, stdout, stderr) = pressroom(
        &["new", "statement", "--person", "ada", "--lang", "ar"],
        root,
    );
    assert!(ok, "{stderr}");
    let statement = std::fs::read_to_string(root.join(stdout.trim())).unwrap();
    assert!(statement.contains("«اكتب التصريح هنا.»"), "{statement}");
    assert!(!statement.contains("intro: \"said:\""), "{statement}");
    let (ok, stdout, stderr) = pressroom(
        &[
            "new", "release", "Nouveau", "--lang", "ar", "--slug", "middle",
        ],
        root,
    );
    assert!(ok, "{stderr}");
    let translation = std::fs::read_to_string(root.join(stdout.trim())).unwrap();
    assert!(translation.contains("ترجم البيان هنا."), "{translation}");
}
