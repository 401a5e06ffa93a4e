//! PDFs, typeset by Typst used as a library: the theme's `templates/release.typ` is the
//! layout, and what it lays out comes to it as data (`/release.json`, read with Typst's
//! `json()`), never as markup, so no headline or body can change the layout or run code.
//!
//! The world Typst sees holds those two files and the fonts built into pressroom
//! (`fonts.rs`), nothing else: no file of the machine, no package, no network, and no
//! clock, so the same inputs make the same bytes on every build. Typst shapes Arabic and
//! lays it out right to left, and writes a tagged PDF whose text copies in reading order.

pub(crate) mod tree;

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::content::model;

/// The version of how PDFs are made: cached PDFs made otherwise are not used.
pub(crate) const VERSION: &str = "pdf 1: typst 0.15.1, noto 20201225";

/// The template's name among the theme's templates, and its path in Typst's world.
pub(crate) const TEMPLATE: &str = "release.typ";
/// The path of the data in Typst's world, as the template reads it.
const DATA: &str = "/release.json";

/// The stack of the threads PDFs are typeset on. Typst lays a document out by recursion,
/// deeper than the 2 MiB of a worker thread holds in an unoptimised build (serve's first
/// load of 400 releases overflowed it).
const STACK: usize = 64 * 1024 * 1024;

/// The threads PDFs are typeset on, apart from the rendering threads. Typst hands work to
/// the threads of its own pool and, waiting for it, runs other pending jobs: on the
/// rendering threads, those were other PDFs, each begun inside the last, and a build of
/// 4,000 PDFs held 12 GB of half-typeset documents. Here a rendering thread hands its PDF
/// over and waits without taking up other work, so at most one PDF per rendering thread
/// is under way.
static TYPESETTERS: LazyLock<rayon::ThreadPool> = LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("pdf-{i}"))
        .stack_size(STACK)
        .build()
        .expect("threads to typeset PDFs on")
});

/// The standard library and the fonts, made once: every PDF is typeset with them.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    data: FileId,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = crate::fonts::FONTS
        .iter()
        .flat_map(|(_, bytes)| Font::iter(Bytes::new(*bytes)))
        .collect();
    let id = |path: &str| {
        let path = VirtualPath::new(path).expect("a valid virtual path");
        RootedPath::new(VirtualRoot::Project, path).intern()
    };
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main: id(&format!("/{TEMPLATE}")),
        data: id(DATA),
    }
});

/// One PDF's world: its template and its data.
struct Job {
    template: Source,
    data: Bytes,
}

impl World for Job {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        SHARED.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == SHARED.main {
            Ok(self.template.clone())
        } else {
            Err(not_here(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == SHARED.data {
            Ok(self.data.clone())
        } else if id == SHARED.main {
            Ok(Bytes::from_string(self.template.text().to_string()))
        } else {
            Err(not_here(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // No clock: the same inputs make the same bytes.
        None
    }
}

fn not_here(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}

/// The bytes of Markdown the PDF of `release` would typeset, when it is more than a PDF
/// takes (`limits::PDF_BODY`): its text and that of the statements it shows, which
/// `statement` gives by slug. `None`: it gets a PDF.
pub(crate) fn too_long(
    release: &crate::content::Doc<model::Release>,
    statement: impl Fn(&str) -> Option<usize>,
) -> Option<usize> {
    let quoted: usize = release
        .meta
        .statements
        .iter()
        .filter_map(|s| statement(s))
        .sum();
    let bytes = release.body_bytes + quoted;
    (bytes > crate::limits::PDF_BODY).then_some(bytes)
}

/// What the build says of each release too long for a PDF.
pub(crate) fn warnings(site: &crate::site::Site) -> Vec<crate::error::Diagnostic> {
    site.all::<model::Release>()
        .filter_map(|(_, r)| {
            let bytes = too_long(r, |slug| {
                site.resolve::<model::Statement>(slug, &r.lang)
                    .map(|(s, _)| site.get(s).body_bytes)
            })?;
            Some(crate::error::Diagnostic::new(
                &r.path,
                None,
                format!(
                    "{} KB of text, with its statements, is more than a PDF takes ({} KB at \
                     most): its page and feeds carry it whole, but it has no PDF",
                    bytes / 1024,
                    crate::limits::PDF_BODY / 1024
                ),
            ))
        })
        .collect()
}

/// A problem in the template, at its line (1-based) when Typst says where.
#[derive(Debug)]
pub(crate) struct Problem {
    pub(crate) line: Option<usize>,
    pub(crate) message: String,
}

/// The PDF `template` makes of `data` (JSON). `ident`: the document's lasting identity
/// (its route), which the PDF carries instead of a random one.
pub(crate) fn typeset(template: &str, data: Vec<u8>, ident: &str) -> Result<Vec<u8>, Problem> {
    let (template, ident) = (template.to_string(), ident.to_string());
    let (done, result) = std::sync::mpsc::channel();
    TYPESETTERS.spawn(move || {
        // A panic in Typst is this PDF's error, not the end of the build.
        let typeset = std::panic::AssertUnwindSafe(|| typeset_here(&template, data, &ident));
        let _ = done.send(std::panic::catch_unwind(typeset).unwrap_or_else(|_| {
            Err(Problem {
                line: None,
                message: "Typst failed on it (a fault in Typst)".into(),
            })
        }));
    });
    result.recv().unwrap_or_else(|_| {
        Err(Problem {
            line: None,
            message: "Typst stopped without a PDF".into(),
        })
    })
}

fn typeset_here(template: &str, data: Vec<u8>, ident: &str) -> Result<Vec<u8>, Problem> {
    let job = Job {
        template: Source::new(SHARED.main, template.to_string()),
        data: Bytes::new(data),
    };
    let document = typst::compile::<PagedDocument>(&job)
        .output
        .map_err(|errors| problem(&job, &errors))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        timestamp: None,
        tagged: true,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| problem(&job, &errors))?;
    // Typst memoises work between documents; what no recent document used is let go, so
    // memory stays flat over thousands of releases.
    typst::comemo::evict(10);
    Ok(pdf)
}

/// The first error, said at its line of the template.
fn problem(job: &Job, errors: &[SourceDiagnostic]) -> Problem {
    let Some(error) = errors
        .iter()
        .find(|e| e.severity == Severity::Error)
        .or(errors.first())
    else {
        return Problem {
            line: None,
            message: "Typst gave no reason".into(),
        };
    };
    let line = (error.span.id() == Some(SHARED.main))
        .then(|| job.range(error.span))
        .flatten()
        .and_then(|range| job.template.lines().byte_to_line(range.start))
        .map(|line| line + 1);
    let mut message = error.message.to_string();
    for hint in &error.hints {
        message.push_str("; ");
        message.push_str(hint.v.as_str());
    }
    Problem { line, message }
}
