//! The content pipeline on one arbitrary file: front matter split, YAML, Markdown (with
//! raw HTML cleaning), and every page of a one-release site rendered through the theme.
//! Errors are fine; a panic is a bug.

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
    let releases = dir.path().join("content/releases");
    std::fs::create_dir_all(&releases).unwrap();
    let file = releases.join("fuzz.md");
    (dir, file)
});

fuzz_target!(|data: &[u8]| {
    let (dir, file) = &*SITE;
    std::fs::write(file, data).unwrap();
    let settings = Settings {
        drafts: true,
        embargoed: true,
        ..Settings::default()
    };
    let _ = Project::load(dir.path(), &settings);
});
