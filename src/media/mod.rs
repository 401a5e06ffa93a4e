//! Pictures. The originals live in the site's `media/` folder and are never published as
//! they are: a photo from a family or a survivor can carry the GPS position of their home,
//! the camera's serial number, the name of who took it. What the site publishes is made
//! from the decoded pixels alone (`encode.rs`), turned the way the camera meant, in the
//! sizes a phone or a desktop needs and at full size for journalists to download, and
//! kept between builds by the hash of the original's bytes (`cache.rs`).
//!
//! Only pictures published content uses are read: a picture of an embargoed release or
//! a draft is not published until the release is.

pub(crate) mod cache;
pub(crate) mod encode;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::{self, model};
use crate::error::{Diagnostic, Error};

pub(crate) use encode::Format;

/// The folder of a site that holds the originals.
pub(crate) const DIR: &str = "media";

/// Where published pictures go in the output.
pub(crate) const OUTPUT_DIR: &str = "media";

/// The widths a picture is published in for pages, narrowest first, as far as the
/// original is wide: a phone's screen, a column, a desktop's full width at twice the
/// pixels.
pub(crate) const WIDTHS: [u32; 3] = [480, 960, 1600];

/// A picture content uses, read and measured.
#[derive(Debug, Clone)]
pub(crate) struct Picture {
    /// The path under `media/`, `/`-separated (`people/laila-kiki.jpg`).
    pub(crate) src: String,
    /// The original, on disk.
    source: PathBuf,
    /// Of the original's bytes.
    pub(crate) hash: blake3::Hash,
    /// Upright, as it is shown.
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) format: Format,
    /// The original carries a position (EXIF or XMP GPS), which is not published.
    pub(crate) location: bool,
}

impl Picture {
    /// The widths it is shown in on pages: those of [`WIDTHS`] narrower than the
    /// original, and the original's own width if it is no wider than the widest.
    pub(crate) fn widths(&self) -> Vec<u32> {
        let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|w| *w < self.width).collect();
        if self.width <= WIDTHS[WIDTHS.len() - 1] {
            widths.push(self.width);
        }
        widths
    }

    /// Its height at `width`, rounded as the resize rounds it.
    pub(crate) fn height_at(&self, width: u32) -> u32 {
        let h = (u64::from(self.height) * u64::from(width) + u64::from(self.width) / 2)
            / u64::from(self.width);
        u32::try_from(h.max(1)).unwrap_or(u32::MAX)
    }

    /// The formats it is published in: WebP, and the original's own format for browsers
    /// without WebP (and for the download).
    pub(crate) fn formats(&self) -> Vec<Format> {
        let mut formats = vec![Format::Webp];
        if self.format != Format::Webp {
            formats.push(self.format);
        }
        formats
    }

    /// The output path of the picture at `width` in `format`: `media/<name>-<width>.<ext>`.
    pub(crate) fn file(&self, width: u32, format: Format) -> String {
        let stem = self
            .src
            .rsplit_once('.')
            .map_or(self.src.as_str(), |(stem, _)| stem);
        format!("{OUTPUT_DIR}/{stem}-{width}.{}", format.extension())
    }

    /// Every file published of it: each width in each format, and the full size in the
    /// fallback format.
    pub(crate) fn files(&self) -> Vec<(u32, Format)> {
        let mut files: Vec<(u32, Format)> = self
            .widths()
            .into_iter()
            .flat_map(|w| self.formats().into_iter().map(move |f| (w, f)))
            .collect();
        if !self.widths().contains(&self.width) {
            files.push((self.width, self.format));
        }
        files
    }

    /// The original's bytes, read again (checked against the hash it was measured with,
    /// so what is published is what was checked).
    pub(crate) fn original(&self) -> Result<Vec<u8>, String> {
        let bytes = crate::files::read_static(&self.source).map_err(|e| e.to_string())?;
        if blake3::hash(&bytes) != self.hash {
            return Err("the file changed during the build; build again".into());
        }
        Ok(bytes)
    }
}

/// The pictures a site uses, by their path under `media/`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Media {
    pub(crate) pictures: BTreeMap<String, Picture>,
    /// Where encoded pictures are kept between builds (`None`: they are not kept).
    pub(crate) cache: Option<PathBuf>,
    /// Where drawn share cards are kept.
    pub(crate) cards: Option<PathBuf>,
    /// Where typeset release PDFs are kept.
    pub(crate) pdfs: Option<PathBuf>,
    /// Where each language's search index is kept.
    pub(crate) search: Option<PathBuf>,
    /// New entries are written to the caches (not by `check`, which writes nothing).
    pub(crate) keep: bool,
    /// What the build says about the originals: which carried a position.
    pub(crate) warnings: Vec<Diagnostic>,
    /// The site's logo (site.toml `logo`), as share cards draw it.
    pub(crate) logo: Option<std::sync::Arc<Logo>>,
}

/// The site's logo, decoded once for every share card.
#[derive(Debug)]
pub(crate) struct Logo {
    /// Of the file: cached cards drawn with another logo are not used.
    pub(crate) hash: blake3::Hash,
    pub(crate) pixels: image::RgbaImage,
    /// Fitted to the size a card's layout gives it, once for all cards.
    pub(crate) fitted: std::sync::OnceLock<(u32, u32, image::RgbaImage)>,
}

impl Logo {
    /// The logo of `logo` (a static file at `source`), or why cards show none.
    pub(crate) fn read(source: &Path) -> Result<Logo, String> {
        let bytes = crate::files::read_static(source).map_err(|e| e.to_string())?;
        let pixels = encode::decode(&bytes)?.into_rgba8();
        Ok(Logo {
            hash: blake3::hash(&bytes),
            pixels,
            fitted: std::sync::OnceLock::new(),
        })
    }

    /// The logo at most `width` × `height`, kept to its proportions and never enlarged:
    /// made once for the box of a build's card layout.
    pub(crate) fn fit(&self, width: u32, height: u32) -> std::borrow::Cow<'_, image::RgbaImage> {
        let (w, h, fitted) = self
            .fitted
            .get_or_init(|| (width, height, self.fitted_to(width, height)));
        if (*w, *h) == (width, height) {
            std::borrow::Cow::Borrowed(fitted)
        } else {
            std::borrow::Cow::Owned(self.fitted_to(width, height))
        }
    }

    fn fitted_to(&self, width: u32, height: u32) -> image::RgbaImage {
        let (w, h) = self.pixels.dimensions();
        let scale = (width as f32 / w as f32)
            .min(height as f32 / h as f32)
            .min(1.0);
        if scale >= 1.0 {
            return self.pixels.clone();
        }
        let mut out = image::DynamicImage::new_rgba8(
            ((w as f32 * scale).round() as u32).max(1),
            ((h as f32 * scale).round() as u32).max(1),
        );
        let lanczos = fast_image_resize::ResizeOptions::new().resize_alg(
            fast_image_resize::ResizeAlg::Convolution(fast_image_resize::FilterType::Lanczos3),
        );
        let source = image::DynamicImage::ImageRgba8(self.pixels.clone());
        match fast_image_resize::Resizer::new().resize(&source, &mut out, &lanczos) {
            Ok(()) => out.into_rgba8(),
            // Same pixel types on both sides: not reached; the logo as it is, clipped.
            Err(_) => self.pixels.clone(),
        }
    }
}

impl Media {
    pub(crate) fn get(&self, src: &str) -> Option<&Picture> {
        self.pictures.get(normalize(src))
    }
}

/// `src` as pictures are keyed: a path under `media/` (`./`, `/` and `media/` in front
/// are accepted, as people write them).
pub(crate) fn normalize(src: &str) -> &str {
    let src = crate::statics::target(src);
    src.strip_prefix("media/").unwrap_or(src)
}

/// A document's use of a picture, for errors at its line.
struct Use<'a> {
    src: &'a str,
    alt: Option<&'a str>,
    doc: &'a Path,
    line: Option<usize>,
}

/// Every picture the published `releases` and `people` of a site use, read from
/// `root/media/` and measured. `before` holds pictures already measured, taken as they are
/// (in `serve`, between edits of content: a change in media/ reloads everything). Statics are the files of the static folders: a
/// person's photo may still be one of them, as before `media/` existed.
pub(crate) fn load<'a>(
    root: &Path,
    releases: impl Iterator<Item = &'a content::Release>,
    people: impl Iterator<Item = &'a content::Person>,
    statics: &std::collections::HashSet<&str>,
    before: Option<&Media>,
    keep: bool,
) -> Result<Media, Error> {
    let mut uses = Vec::new();
    for release in releases {
        for key in ["image", "images"] {
            let pictures: Vec<&model::Image> = match key {
                "image" => release.meta.image.as_deref().into_iter().collect(),
                _ => release.meta.images.iter().collect(),
            };
            for picture in pictures {
                uses.push(Use {
                    src: &picture.src,
                    alt: Some(&picture.alt),
                    doc: &release.path,
                    line: release
                        .line_of_value(key, &picture.src)
                        .or_else(|| release.line_of_key(key)),
                });
            }
        }
    }
    let mut warnings = Vec::new();
    for person in people {
        let Some(photo) = person.meta.photo.as_deref() else {
            continue;
        };
        let line = person.line_of_key("photo");
        let in_static = statics.contains(crate::statics::target(photo));
        if in_static && !root.join(DIR).join(normalize(photo)).is_file() {
            warnings.push(
                Diagnostic::new(
                    &person.path,
                    line,
                    format!("`photo: {photo}` is published from static/ as it is, with any location or camera data it holds"),
                )
                .with_hint(format!("move it to media/{} and write `photo: {}`: pictures there are published without their metadata", normalize(photo), normalize(photo))),
            );
            continue;
        }
        uses.push(Use {
            src: photo,
            alt: None,
            doc: &person.path,
            line,
        });
    }

    let mut problems = Vec::new();
    let mut pictures = BTreeMap::new();
    for u in uses {
        if let Some(alt) = u.alt
            && alt.trim().is_empty()
        {
            problems.push(
                Diagnostic::new(u.doc, u.line, format!("the picture `{}` has no `alt`", u.src))
                    .with_hint("add `alt:` under it, saying in a sentence what the picture shows, for readers who cannot see it"),
            );
        }
        let src = normalize(u.src);
        if pictures.contains_key(src) {
            continue;
        }
        match measure(root, src, before) {
            Ok(picture) => {
                if picture.location {
                    warnings.push(Diagnostic::new(
                        Path::new(DIR).join(src),
                        None,
                        "holds GPS coordinates; they are not published",
                    ));
                }
                pictures.insert(src.to_string(), picture);
            }
            Err(message) => problems.push(
                Diagnostic::new(u.doc, u.line, format!("`{}`: {message}", u.src)).with_hint(
                    "put the picture in media/ (JPEG, PNG or WebP) and write its path from there",
                ),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(Media {
        // A site without pictures gets no cache folder.
        cache: (!pictures.is_empty())
            .then(|| cache::dir(root, cache::PICTURES, keep))
            .flatten(),
        cards: cache::dir(root, cache::CARDS, keep),
        pdfs: cache::dir(root, cache::PDFS, keep),
        search: cache::dir(root, cache::SEARCH, keep),
        keep,
        pictures,
        warnings,
        logo: None,
    })
}

/// The picture at `media/<src>`, read and measured, or taken from `before` without reading
/// it again.
fn measure(root: &Path, src: &str, before: Option<&Media>) -> Result<Picture, String> {
    if let Some(known) = before.and_then(|m| m.pictures.get(src)) {
        return Ok(known.clone());
    }
    let parts: Vec<&str> = src.split('/').collect();
    if src.is_empty()
        || parts
            .iter()
            .any(|p| p.is_empty() || *p == "." || *p == "..")
    {
        return Err("not a path of a file in media/".into());
    }
    let source = root.join(DIR).join(src);
    crate::files::folder(root, &source).map_err(|d| d.message)?;
    let bytes = crate::files::read_static(&source).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            "no such file in media/".to_string()
        } else {
            e.to_string()
        }
    })?;
    let hash = blake3::hash(&bytes);
    let probe = encode::probe(&bytes)?;
    Ok(Picture {
        src: src.to_string(),
        source,
        hash,
        width: probe.width,
        height: probe.height,
        format: probe.format,
        location: probe.location,
    })
}

/// Every file of `picture`, encoded from its pixels, or as kept from an earlier build (and
/// kept for the next if `keep`).
pub(crate) fn files(
    picture: &Picture,
    cache: Option<&Path>,
    keep: bool,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let key = cache::picture_key(picture);
    if let Some(kept) = cache.and_then(|dir| cache::get(dir, &key)) {
        return Ok(kept);
    }
    let bytes = picture.original()?;
    let made = encode::encode(picture, &bytes)?;
    if let Some(dir) = cache.filter(|_| keep) {
        // A cache that cannot be written only costs the next build time.
        let _ = cache::put(dir, &key, &made);
    }
    Ok(made)
}
