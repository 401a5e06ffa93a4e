//! Helpers shared by the integration tests: copy a site into a temp folder, build it, read
//! its output with real HTML and XML parsers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pressroom::build::{self, Options, Summary};
use pressroom::project::Settings;
use scraper::{Html, Selector};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `src` into `dst` recursively.
pub fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let target = dst.join(entry.path().strip_prefix(src).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temp copy of `tests/fixtures/<name>` with the repository's themes beside it.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

/// A temp copy of the example site at the repository root.
pub fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "media", "themes"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

pub fn build_into(root: &Path, output: &Path, drafts: bool) -> Result<Summary, pressroom::Error> {
    build::build(&Options {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        settings: Settings {
            drafts,
            ..Settings::default()
        },
    })
}

/// Builds `root` into a fresh temp folder, expecting failure; returns the error text after
/// checking nothing was written.
pub fn build_error(root: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    let err = build_into(root, &out.path().join("public"), false).expect_err("the build must fail");
    assert!(
        !out.path().join("public").exists(),
        "a failed build wrote output"
    );
    err.to_string()
}

/// A built site, read back from disk.
pub struct Built {
    pub dir: tempfile::TempDir,
    pub summary: Summary,
}

impl Built {
    pub fn new(root: &Path) -> Built {
        let dir = tempfile::tempdir().unwrap();
        let summary = build_into(root, &dir.path().join("public"), false)
            .unwrap_or_else(|e| panic!("build failed:\n{e}"));
        Built { dir, summary }
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).is_file()
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    /// Every HTML file of the output, relative paths.
    pub fn html_files(&self) -> Vec<String> {
        walkdir::WalkDir::new(self.out())
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                e.path()
                    .strip_prefix(self.out())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

pub fn read_html(path: &Path) -> Html {
    Html::parse_document(
        &std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Attribute values of every element matching `selector`.
pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// The text of the first element matching `selector`.
pub fn text(doc: &Html, selector: &str) -> String {
    doc.select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text()
        .collect::<String>()
}

/// Runs the `pressroom` binary with `args`, then `--root root`.
pub fn run_in(root: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

/// The standard output of a run that must succeed (its errors shown when it did not).
pub fn succeeded(run: &std::process::Output) -> String {
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stdout).into_owned()
}

/// Runs a poppler tool (`pdftotext`, `pdffonts`, `pdfinfo`) on the PDF `bytes`, as a reader's
/// viewer reads it, and gives what it prints. `.ci/run` installs poppler-utils.
pub fn poppler(tool: &str, args: &[&str], bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("in.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let run = std::process::Command::new(tool)
        .args(args)
        .arg(&pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool}: {e}; the PDF tests need poppler-utils (apt-get install poppler-utils)")
        });
    assert!(
        run.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

/// The text of the PDF `bytes`, in reading order, as pdftotext extracts it for copy and
/// paste.
pub fn pdf_text(bytes: &[u8]) -> String {
    poppler("pdftotext", &[], bytes)
}
