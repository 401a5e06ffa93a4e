//! The content pipeline on one arbitrary file: front matter split, YAML, Markdown (with
//! raw HTML cleaning), and every page of a small site rendered through the theme. The
//! first byte says what the file is: a release, a statement (quoted by a release), a
//! person (with a statement of their own) or a free page. Errors are fine; a panic is a
//! bug.

#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use pressroom::project::{Project, Settings};

/// A site of two languages with the repository's theme, made once.
static SITE: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"Fuzz\"\nbase_url = \"https://fuzz.example.org\"\ndefault_language = \"en\"\n\
         [languages.en]\nname = \"English\"\n[languages.ar]\nname = \"العربية\"\n\
         [contact]\nemail = \"press@fuzz.example.org\"\n",
    )
    .unwrap();
    let themes = repo.join("themes");
    for entry in walkdir::WalkDir::new(&themes) {
        let entry = entry.unwrap();
        let target = dir.path().join("themes").join(entry.path().strip_prefix(&themes).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    for kind in ["releases", "statements", "people", "pages"] {
        std::fs::create_dir_all(dir.path().join("content").join(kind)).unwrap();
    }
    let write = |rel: &str, text: &str| std::fs::write(dir.path().join(rel), text).unwrap();
    write("content/people/ada.md", "---\nname: Ada\nrole: Lawyer\n---\nBio.\n");
    write("content/statements/ada-said.md", "---\nperson: ada\n---\nA quote.\n");
    let content = dir.path().join("content");
    (dir, content)
});

/// Where the fuzzed file goes, by its first byte, and the release that shows it.
const KINDS: [(&str, &str); 4] = [
    ("releases/fuzz.md", "[ada-said]"),
    ("statements/fuzz.md", "[ada-said, fuzz]"),
    ("people/fuzz.md", "[ada-said, fuzzed]"),
    ("pages/fuzz.md", "[ada-said]"),
];

fuzz_target!(|data: &[u8]| {
    let (dir, content) = &*SITE;
    let Some((first, file)) = data.split_first() else {
        return;
    };
    let (target, quoted) = KINDS[*first as usize % KINDS.len()];
    for (other, _) in KINDS {
        let _ = std::fs::remove_file(content.join(other));
    }
    let _ = std::fs::remove_file(content.join("statements/fuzzed.md"));
    std::fs::write(content.join(target), file).unwrap();
    if target.starts_with("people/") {
        // The fuzzed person says something, so their page lists a statement.
        std::fs::write(
            content.join("statements/fuzzed.md"),
            "---\nperson: fuzz\n---\nTheir words.\n",
        )
        .unwrap();
    }
    std::fs::write(
        content.join("releases/host.md"),
        format!("---\ntitle: Host\ndate: 2024-01-01\nstatements: {quoted}\n---\nBody.\n"),
    )
    .unwrap();
    let settings = Settings {
        drafts: true,
        embargoed: true,
        ..Settings::default()
    };
    let _ = Project::load(dir.path(), &settings);
});
