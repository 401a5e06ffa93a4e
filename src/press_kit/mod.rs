//! The formats of a release's press kit (`outputs/press_kit.rs` gathers what goes in):
//! the zip itself, the same bytes on every build, and the media contact as a vCard.

mod vcard;

use std::io::Write;

pub(crate) use vcard::vcard;

/// A zip of `files` (name, bytes), in the order of their names, every entry dated `day`
/// (`(year, month, day)`) at noon and readable by all: the same files make the same bytes.
/// Pictures and PDFs, compressed already, are stored; text is deflated.
pub(crate) fn zip(files: &[(String, Vec<u8>)], day: (u16, u8, u8)) -> Result<Vec<u8>, String> {
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    // Zip dates start in 1980.
    let (year, month, date) = if day.0 < 1980 { (1980, 1, 1) } else { day };
    let time = zip::DateTime::from_date_and_time(year.min(2107), month, date, 12, 0, 0)
        .map_err(|e| e.to_string())?;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in sorted {
        // Every extractor must unpack it inside its folder, Windows' too.
        let safe = !name.is_empty()
            && !name.starts_with('/')
            && !name.contains(['\\', ':'])
            && !name.chars().any(char::is_control)
            && name
                .split('/')
                .all(|p| !p.is_empty() && p != "." && p != "..");
        if !safe {
            return Err(format!("`{name}` cannot be a file's name in a zip"));
        }
        let stored = [".jpg", ".png", ".webp", ".pdf", ".zip"]
            .iter()
            .any(|e| name.ends_with(e));
        let method = if stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(time)
            .unix_permissions(0o644);
        writer
            .start_file(name.as_str(), options)
            .map_err(|e| e.to_string())?;
        writer.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(writer.finish().map_err(|e| e.to_string())?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_files_in_any_order_make_the_same_bytes_and_bad_names_are_refused() {
        let a = ("a.txt".to_string(), b"one".to_vec());
        let b = ("images/b.jpg".to_string(), b"two".to_vec());
        let one = zip(&[a.clone(), b.clone()], (2023, 6, 12)).unwrap();
        assert_eq!(one, zip(&[b.clone(), a.clone()], (2023, 6, 12)).unwrap());
        assert_ne!(one, zip(&[a.clone(), b.clone()], (2023, 6, 13)).unwrap());
        for bad in ["../x", "/etc/x", "a\\..\\x.jpg", "c:x", "a//b", "a/./b", ""] {
            assert!(
                zip(&[(bad.to_string(), Vec::new())], (2023, 6, 12)).is_err(),
                "{bad}"
            );
        }
    }
}
