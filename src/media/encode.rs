//! From an original's bytes to what is published: decoded within limits, turned upright,
//! resized, and encoded from the pixels alone. No encoder here is given any metadata, so
//! none is written: no EXIF, GPS, XMP, IPTC, maker notes, thumbnails or comments.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::Picture;
use crate::limits;

/// The formats pictures are read and published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    pub(crate) fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }
}

/// JPEG and WebP quality, 0 to 100: where photos stop looking better to the eye.
const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITY: f32 = 80.0;

/// What encoding depends on besides the original: a cached picture made otherwise is not
/// used.
pub(crate) const SETTINGS: &str =
    "widths 480 960 1600; jpeg 82; webp 80; png default; catmull-rom; jpeg progressive; v2";

/// What the header of an original says, without decoding its pixels.
pub(crate) struct Probe {
    pub(crate) format: Format,
    /// Upright.
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) location: bool,
}

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(limits::PICTURE_SIDE);
    l.max_image_height = Some(limits::PICTURE_SIDE);
    l.max_alloc = Some(limits::PICTURE_MEMORY);
    l
}

fn decoder(bytes: &[u8]) -> Result<(Format, impl ImageDecoder + '_), String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = match reader.format() {
        Some(ImageFormat::Jpeg) => Format::Jpeg,
        Some(ImageFormat::Png) => Format::Png,
        Some(ImageFormat::WebP) => Format::Webp,
        Some(other) => {
            return Err(format!(
                "a {} picture; pressroom publishes JPEG, PNG and WebP",
                other
                    .extensions_str()
                    .first()
                    .unwrap_or(&"?")
                    .to_uppercase()
            ));
        }
        None => return Err("not a picture pressroom can read (JPEG, PNG or WebP)".into()),
    };
    reader.limits(limits());
    let decoder = reader.into_decoder().map_err(|e| unreadable(&e))?;
    Ok((format, decoder))
}

fn unreadable(e: &image::ImageError) -> String {
    match e {
        image::ImageError::Limits(_) => format!(
            "larger than pressroom reads ({} pixels a side at most)",
            limits::PICTURE_SIDE
        ),
        other => format!("cannot be read as a picture: {other}"),
    }
}

/// The format, upright size and location data of an original.
pub(crate) fn probe(bytes: &[u8]) -> Result<Probe, String> {
    let (format, mut decoder) = decoder(bytes)?;
    let (w, h) = decoder.dimensions();
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let exif = decoder.exif_metadata().ok().flatten();
    let xmp = decoder.xmp_metadata().ok().flatten();
    let location = exif.as_deref().is_some_and(exif_has_gps)
        || xmp.as_deref().is_some_and(|x| {
            let text = String::from_utf8_lossy(x);
            text.contains("GPSLatitude") || text.contains("GPSLongitude")
        });
    let turned = matches!(
        orientation,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    let (width, height) = if turned { (h, w) } else { (w, h) };
    Ok(Probe {
        format,
        width,
        height,
        location,
    })
}

/// Whether an EXIF block holds a position.
fn exif_has_gps(exif: &[u8]) -> bool {
    let tiff = exif.strip_prefix(b"Exif\0\0").unwrap_or(exif);
    match exif::Reader::new().read_raw(tiff.to_vec()) {
        Ok(read) => read.fields().any(|f| {
            matches!(
                f.tag,
                exif::Tag::GPSLatitude | exif::Tag::GPSLongitude | exif::Tag::GPSAltitude
            )
        }),
        // What cannot be read cannot be trusted to hold nothing; it is not published
        // either way.
        Err(_) => false,
    }
}

/// The pixels of a picture's `bytes`, decoded within limits and upright: 8-bit RGB, with
/// alpha where the picture has it.
pub(crate) fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let (_, mut decoder) = decoder(bytes)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| unreadable(&e))?;
    image.apply_orientation(orientation);
    Ok(if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    })
}

/// Every file of `picture` (see [`Picture::files`]), from the original's `bytes`.
pub(crate) fn encode(picture: &Picture, bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    // Pixels only.
    let image = decode(bytes)?;
    let mut files = Vec::new();
    // Largest first, each size made from the one before: sharper than one big step, and
    // far quicker than resizing the original each time.
    let mut sized: Vec<(u32, Format)> = picture.files();
    sized.sort_by_key(|(w, f)| (std::cmp::Reverse(*w), f.extension()));
    let mut current = image;
    let mut resizer = fast_image_resize::Resizer::new();
    let filter = fast_image_resize::ResizeOptions::new().resize_alg(
        fast_image_resize::ResizeAlg::Convolution(fast_image_resize::FilterType::CatmullRom),
    );
    for (width, format) in sized {
        if current.width() != width {
            let mut smaller = DynamicImage::new(width, picture.height_at(width), current.color());
            resizer
                .resize(&current, &mut smaller, &filter)
                .map_err(|e| format!("cannot be resized: {e}"))?;
            current = smaller;
        }
        files.push((picture.file(width, format), encode_one(&current, format)?));
    }
    files.sort();
    Ok(files)
}

fn encode_one(image: &DynamicImage, format: Format) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match format {
        Format::Webp => {
            let (w, h) = (image.width(), image.height());
            let encoder = match image {
                DynamicImage::ImageRgba8(rgba) => webp::Encoder::from_rgba(rgba.as_raw(), w, h),
                other => webp::Encoder::from_rgb(other.as_bytes(), w, h),
            };
            out.extend_from_slice(&encoder.encode(WEBP_QUALITY));
        }
        Format::Jpeg => {
            // Progressive, so a reader on a slow connection sees the whole picture early;
            // optimised Huffman tables and averaged colour for the fewest bytes at this
            // quality. Only pixels go in: no APP segment but the JFIF header.
            let mut encoder = jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY);
            encoder.set_progressive(true);
            encoder.set_optimized_huffman_tables(true);
            encoder.set_chroma_subsampling_method(jpeg_encoder::ChromaSubsamplingMethod::Average);
            let converted;
            let rgb = match image.as_rgb8() {
                Some(rgb) => rgb,
                None => {
                    converted = image.to_rgb8();
                    &converted
                }
            };
            let side = |n: u32| u16::try_from(n).map_err(|_| "too large for JPEG".to_string());
            let (w, h) = (side(rgb.width())?, side(rgb.height())?);
            encoder
                .encode(rgb.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
                .map_err(|e| e.to_string())?;
        }
        Format::Png => {
            let encoder = image::codecs::png::PngEncoder::new(&mut out);
            image
                .write_with_encoder(encoder)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}
