//! A nameless file a one-off build keeps large text in while it has no use for it: the
//! Markdown of every document from the moment it is read until its body is rendered
//! (`content`), and the HTML of every body from then until the pages that show it are
//! rendered (`render/bodies.rs`). At 10,000 releases each is most of a gigabyte, which
//! the build would otherwise hold from start to end.
//!
//! The file is made with `O_TMPFILE` where the system has it (elsewhere it is unlinked at
//! once), so it has no name: nothing can be planted at it, and a killed build leaves
//! nothing behind. Text that cannot be read back is noted ([`Spill::failure`]) rather than
//! returned empty, so the build can refuse to publish pages without their text.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// The file, with its length so far, and the first problem reading it back.
pub(crate) struct Spill {
    file: Mutex<(File, u64)>,
    failed: OnceLock<String>,
}

/// Where some text was written in a [`Spill`]: from byte `at`, pieces of these lengths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    at: u64,
    lengths: Box<[usize]>,
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Spill")
    }
}

impl Spill {
    /// A new nameless file in `dir`; `None` if none can be made there (the caller keeps
    /// its text in memory instead).
    pub(crate) fn in_dir(dir: &Path) -> Option<Spill> {
        tempfile::tempfile_in(dir).ok().map(Spill::of)
    }

    fn of(file: File) -> Spill {
        Spill {
            file: Mutex::new((file, 0)),
            failed: OnceLock::new(),
        }
    }

    /// Appends `pieces` to the file; `None` if the disk refused (the caller keeps them in
    /// memory instead).
    pub(crate) fn write<S: AsRef<str>>(&self, pieces: &[S]) -> Option<Span> {
        let mut guard = self.file.lock().ok()?;
        let (file, end) = &mut *guard;
        let at = *end;
        let wrote = (|| {
            file.seek(SeekFrom::Start(at))?;
            for piece in pieces {
                file.write_all(piece.as_ref().as_bytes())?;
            }
            Ok::<(), std::io::Error>(())
        })();
        if wrote.is_err() {
            return None;
        }
        let lengths: Box<[usize]> = pieces.iter().map(|p| p.as_ref().len()).collect();
        *end += lengths.iter().sum::<usize>() as u64;
        Some(Span { at, lengths })
    }

    /// The pieces written at `span`; none, with the failure noted, if the disk refuses.
    pub(crate) fn read(&self, span: &Span) -> Vec<String> {
        let Some(mut bytes) = self.bytes(span) else {
            return Vec::new();
        };
        // From the last piece back, so the first keeps the buffer read and only the
        // others (a release's text after its statements) are copied out of it.
        let mut pieces = Vec::with_capacity(span.lengths.len());
        for &n in span.lengths.iter().skip(1).rev() {
            pieces.push(text(bytes.split_off(bytes.len() - n)));
        }
        if !span.lengths.is_empty() {
            pieces.push(text(bytes));
        }
        pieces.reverse();
        pieces
    }

    /// The text written at `span`, as one string (see [`Spill::read`]).
    pub(crate) fn read_text(&self, span: &Span) -> String {
        self.bytes(span).map(text).unwrap_or_default()
    }

    /// The bytes written at `span`; `None`, with the failure noted, if the disk refuses.
    fn bytes(&self, span: &Span) -> Option<Vec<u8>> {
        let mut bytes = vec![0; span.lengths.iter().sum()];
        let read = self
            .file
            .lock()
            .map_err(|e| e.to_string())
            .and_then(|mut g| {
                let file = &mut g.0;
                file.seek(SeekFrom::Start(span.at))
                    .and_then(|_| file.read_exact(&mut bytes))
                    .map_err(|e| e.to_string())
            });
        match read {
            Ok(()) => Some(bytes),
            Err(e) => {
                let _ = self.failed.set(e);
                None
            }
        }
    }

    /// Why some text could not be read back, if some could not: whatever was made from
    /// it is missing that text, and must not be published.
    pub(crate) fn failure(&self) -> Option<&str> {
        self.failed.get().map(String::as_str)
    }
}

/// Text written as UTF-8, read back without a copy (a piece is only ever written whole).
fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn texts_spilled_one_after_the_other_read_back_whole_and_apart() {
        let spill = Spill::of(tempfile::tempfile().unwrap());
        let first = pieces(&["<p>الاحتجاز</p>", "<p>after the statements</p>"]);
        let second = pieces(&["<p>Ibrahim Olabi</p>"]);
        let empty = pieces(&[]);
        let spans: Vec<Span> = [&first, &second, &empty]
            .iter()
            .map(|p| spill.write(p).unwrap())
            .collect();
        for (span, wanted) in spans.iter().zip([&first, &second, &empty]).rev() {
            assert_eq!(&spill.read(span), wanted);
        }
        assert_eq!(spill.read_text(&spans[0]), first.concat());
        let three = pieces(&["<p>one</p>", "", "<p>ثلاثة</p>"]);
        assert_eq!(spill.read(&spill.write(&three).unwrap()), three);
        assert!(spill.failure().is_none());
    }

    #[test]
    fn text_that_cannot_be_read_back_is_a_failure_not_an_empty_text() {
        let named = tempfile::NamedTempFile::new().unwrap();
        let write_only = std::fs::OpenOptions::new()
            .write(true)
            .open(named.path())
            .unwrap();
        let spill = Spill::of(write_only);
        let span = spill.write(&["<p>words</p>"]).expect("written");
        assert!(spill.read(&span).is_empty());
        assert!(spill.read_text(&span).is_empty());
        assert!(spill.failure().is_some(), "the failure is noted");
    }
}
