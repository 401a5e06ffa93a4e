//! Share cards: the 1200 × 630 picture WhatsApp, Signal, X or LinkedIn show with a link
//! to a release or a statement. Drawn here, without a browser: text is shaped, put in
//! order right to left or left to right (bidi) and broken into lines by cosmic-text, in
//! the fonts bundled with the theme (Noto Sans, Noto Naskh Arabic), and painted with
//! tiny-skia.
//!
//! What a card shows and how is the theme's `templates/card.toml`: a small layout of
//! colours, bars and blocks of text placed from the top or the bottom, whose text names
//! what the card is of (`{headline}`, `{speaker}`…), so a theme restyles cards without
//! Rust. The names are filled in after the layout is read, so no headline can change it.
//! The same inputs make the same bytes on every build.

use std::cell::RefCell;

use cosmic_text::{
    Align, Attrs, Buffer, Color, Family, FontSystem, Metrics, Shaping, SwashCache, Weight, Wrap,
    fontdb,
};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use tiny_skia::{Paint, Pixmap, Rect, Transform};

pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;

/// The version of how cards are drawn: cached cards drawn otherwise are not used.
pub(crate) const VERSION: &str =
    "cards 2: cosmic-text 0.19, tiny-skia 0.12, noto 20201225, palette PNG";

/// A card's layout, as `card.toml` writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Layout {
    background: String,
    /// Space around everything, in pixels.
    #[serde(default = "default_padding")]
    padding: f32,
    /// Space between blocks.
    #[serde(default = "default_gap")]
    gap: f32,
    /// Bars of colour: `x`, `y`, `width`, `height`, `color`.
    #[serde(default)]
    rect: Vec<Bar>,
    #[serde(default)]
    text: Vec<Block>,
    /// Where the site's logo (site.toml `logo`) goes, if anywhere.
    logo: Option<LogoBox>,
}

/// A box the logo is fitted into, kept to its proportions, never enlarged, and put in the
/// box's corner nearest the card's edges. Right-to-left cards mirror it. Text beside it
/// is kept clear of it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LogoBox {
    x: f32,
    y: f32,
    width: f32,
    height: f32,
}

fn default_padding() -> f32 {
    72.0
}
fn default_gap() -> f32 {
    24.0
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Bar {
    x: f32,
    y: f32,
    width: f32,
    height: f32,
    color: String,
}

/// A block of text, placed below the blocks before it, or (`bottom = true`) above those
/// after it from the bottom.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Block {
    /// With names in braces: see [`Card`].
    text: String,
    /// `release` or `statement`: only on cards of that kind.
    #[serde(default, rename = "for")]
    only: Option<String>,
    size: f32,
    /// The smallest size the text may shrink to, to fit in `max_lines`.
    min_size: Option<f32>,
    #[serde(default = "default_line_height")]
    line_height: f32,
    color: String,
    #[serde(default)]
    bold: bool,
    /// Lines at most; what does not fit is cut after a word, with an ellipsis.
    #[serde(default = "default_max_lines")]
    max_lines: usize,
    #[serde(default)]
    bottom: bool,
}

fn default_line_height() -> f32 {
    1.25
}
fn default_max_lines() -> usize {
    1
}

thread_local! {
    /// Each rendering thread's fonts and glyph cache: loading the fonts takes longer
    /// than drawing a card.
    static FONTS_IN_USE: RefCell<(FontSystem, SwashCache)> = RefCell::new((fonts(), SwashCache::new()));
    /// Each rendering thread's canvas and the bytes of its pixels, used card after card:
    /// megabytes a card, which the allocator would otherwise return and take again.
    static CANVAS: RefCell<Option<(Pixmap, Vec<u8>)>> = const { RefCell::new(None) };
}

fn fonts() -> FontSystem {
    let mut db = fontdb::Database::new();
    for (_, bytes) in crate::fonts::FONTS {
        db.load_font_data(bytes.to_vec());
    }
    FontSystem::new_with_locale_and_db("en".into(), db)
}

/// What a card is of: each field is the text of its `{name}` in `card.toml`.
#[derive(Debug, Hash)]
pub(crate) struct Card<'a> {
    /// `release` or `statement`.
    pub(crate) kind: &'a str,
    pub(crate) lang: &'a str,
    pub(crate) rtl: bool,
    /// The site's title in the card's language.
    pub(crate) site: &'a str,
    /// "Press release", "Statement".
    pub(crate) kicker: &'a str,
    /// A release's headline, or the quote.
    pub(crate) headline: &'a str,
    /// A release's date, or the speaker's name.
    pub(crate) byline: &'a str,
    /// The speaker's role and organisation.
    pub(crate) role: &'a str,
}

impl Card<'_> {
    fn fill(&self, text: &str) -> String {
        text.replace("{site}", self.site)
            .replace("{kicker}", self.kicker)
            .replace("{headline}", self.headline)
            .replace("{byline}", self.byline)
            .replace("{role}", self.role)
    }
}

/// The layout `text` (of `card.toml`) writes, its colours checked: read once, when the
/// templates are loaded.
pub(crate) fn parse(text: &str) -> Result<Layout, String> {
    let layout: Layout = toml::from_str(text).map_err(|e| e.message().to_string())?;
    color(&layout.background)?;
    for c in layout
        .rect
        .iter()
        .map(|b| &b.color)
        .chain(layout.text.iter().map(|b| &b.color))
    {
        color(c)?;
    }
    Ok(layout)
}

/// The PNG of `card` as `layout` draws it, with the site's `logo` if it has one.
pub(crate) fn draw(
    layout: &Layout,
    card: &Card,
    logo: Option<&crate::media::Logo>,
) -> Result<Vec<u8>, String> {
    let mut layout = layout.clone();
    layout
        .text
        .retain(|b| b.only.as_deref().is_none_or(|k| k == card.kind));
    for block in &mut layout.text {
        block.text = card.fill(&block.text);
    }
    layout.text.retain(|b| !b.text.trim().is_empty());
    CANVAS.with_borrow_mut(|canvas| {
        if canvas.is_none() {
            *canvas = Some((Pixmap::new(WIDTH, HEIGHT).ok_or("no pixmap")?, Vec::new()));
        }
        let (pixmap, bytes) = canvas.as_mut().expect("made above");
        paint(layout, card, logo, pixmap)?;
        png(pixmap, bytes)
    })
}

/// Paints `card` on `pixmap`, all of it.
fn paint(
    layout: Layout,
    card: &Card,
    logo: Option<&crate::media::Logo>,
    pixmap: &mut Pixmap,
) -> Result<(), String> {
    pixmap.fill(color(&layout.background)?.into_skia());
    for bar in &layout.rect {
        let mut paint = Paint::default();
        paint.set_color(color(&bar.color)?.into_skia());
        if let Some(rect) = Rect::from_xywh(bar.x, bar.y, bar.width, bar.height) {
            pixmap.fill_rect(rect, &paint, Transform::identity(), None);
        }
    }
    let rtl = card.rtl;
    let arabic = matches!(
        card.lang.split('-').next(),
        Some("ar" | "fa" | "ur" | "ps" | "sd" | "ckb")
    );
    let logo = match (&layout.logo, logo) {
        (Some(place), Some(logo)) => Some(paint_logo(pixmap, place, logo, rtl)?),
        _ => None,
    };
    // The text's left and right edges at a height of the card: clear of the logo beside it.
    let span = |from: f32, to: f32| {
        let (mut left, mut right) = (layout.padding, WIDTH as f32 - layout.padding);
        if let Some(logo) = logo
            && from < logo.bottom()
            && to > logo.y()
        {
            if logo.x() + logo.width() / 2.0 > WIDTH as f32 / 2.0 {
                right = right.min(logo.x() - layout.gap);
            } else {
                left = left.max(logo.right() + layout.gap);
            }
        }
        (left, (right - left).max(1.0))
    };
    FONTS_IN_USE.with_borrow_mut(|(fonts, cache)| {
        let mut top = layout.padding;
        let mut bottom = HEIGHT as f32 - layout.padding;
        let (from_top, from_bottom): (Vec<&Block>, Vec<&Block>) =
            layout.text.iter().partition(|b| !b.bottom);
        let mut placed = Vec::new();
        // The bottom blocks first, so the top ones know how much room is left. A block is
        // kept clear of the logo if it would begin (from the top) or end (from the bottom)
        // beside it.
        for block in from_bottom.into_iter().rev() {
            let (left, width) = span(bottom - 1.0, bottom);
            let (buffer, height) = shape(fonts, block, width, bottom - top, rtl, arabic);
            bottom -= height;
            placed.push((buffer, left, bottom, color(&block.color)?));
            bottom -= layout.gap;
        }
        for block in from_top {
            let (left, width) = span(top, top + 1.0);
            let (buffer, height) = shape(fonts, block, width, bottom - top, rtl, arabic);
            placed.push((buffer, left, top, color(&block.color)?));
            top += height + layout.gap;
        }
        for (mut buffer, x, y, ink) in placed {
            let (x0, y0) = (x.round() as i32, y.round() as i32);
            buffer.draw(fonts, cache, ink, |x, y, w, h, c| {
                blend(pixmap, x0 + x, y0 + y, w, h, c);
            });
        }
        Ok::<(), String>(())
    })
}

/// Paints `logo` in its `place` (mirrored if `rtl`), and returns where it went.
fn paint_logo(
    pixmap: &mut Pixmap,
    place: &LogoBox,
    logo: &crate::media::Logo,
    rtl: bool,
) -> Result<Rect, String> {
    let x = if rtl {
        WIDTH as f32 - place.x - place.width
    } else {
        place.x
    };
    let fitted = logo.fit(place.width.max(1.0) as u32, place.height.max(1.0) as u32);
    let (w, h) = (fitted.width() as f32, fitted.height() as f32);
    // In the box's corner nearest the card's edges.
    let x = if x + place.width / 2.0 > WIDTH as f32 / 2.0 {
        x + place.width - w
    } else {
        x
    };
    let y = if place.y + place.height / 2.0 > HEIGHT as f32 / 2.0 {
        place.y + place.height - h
    } else {
        place.y
    };
    // tiny-skia paints premultiplied colour.
    let premultiplied: Vec<u8> = fitted
        .pixels()
        .flat_map(|p| {
            let [r, g, b, a] = p.0;
            let times = |c: u8| ((u16::from(c) * u16::from(a) + 127) / 255) as u8;
            [times(r), times(g), times(b), a]
        })
        .collect();
    let size = tiny_skia::IntSize::from_wh(fitted.width(), fitted.height()).ok_or("no logo")?;
    let image = Pixmap::from_vec(premultiplied, size).ok_or("no logo")?;
    pixmap.draw_pixmap(
        x.round() as i32,
        y.round() as i32,
        image.as_ref(),
        &tiny_skia::PixmapPaint::default(),
        Transform::identity(),
        None,
    );
    Rect::from_xywh(x.round(), y.round(), w, h).ok_or_else(|| "no logo".into())
}

/// The card as a PNG: with a palette when it is opaque and of few colours (see
/// [`palette`]), as a card of flat colour and text is; else RGB when every pixel is
/// opaque, as on any card with an opaque background, which is a quarter less to compress.
/// Fast deflate: a card is mostly flat colour, which compresses well either way, and the
/// slower levels cost several times the drawing for a few per cent of bytes.
fn png(pixmap: &Pixmap, bytes: &mut Vec<u8>) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let (width, height) = (pixmap.width(), pixmap.height());
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == 255);
    if opaque && let Some((colours, indices)) = palette(pixmap) {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(colours);
        // A palette's rows compress best unfiltered, and deflate's middle level costs a
        // few milliseconds here: a third off the fast level's bytes.
        encoder.set_compression(png::Compression::Balanced);
        encoder.set_filter(png::Filter::NoFilter);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(&indices)
            .map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
        return Ok(out);
    }
    bytes.clear();
    let color = if opaque {
        // Premultiplied and straight colour are the same where alpha is 255.
        bytes.extend(
            pixmap
                .data()
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]]),
        );
        image::ExtendedColorType::Rgb8
    } else {
        bytes.extend(pixmap.pixels().iter().flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        }));
        image::ExtendedColorType::Rgba8
    };
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
        .write_image(bytes, width, height, color)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// More colours than this, and a card holds a picture (a logo of many colours), which a
/// palette would band: it stays RGB. A card of flat colour and text has a few hundred,
/// most of them the blends at the anti-aliased edges of letters.
const MOST_COLOURS: usize = 4096;

/// An opaque card as a palette of at most 256 colours (RGB triples) and one index per
/// pixel, or `None` if it has more than [`MOST_COLOURS`]. The 256 commonest colours are
/// kept exactly (the background, the text, the bars: every colour a theme sets), and each
/// rarer one, a few pixels at the edge of a letter, takes the nearest of them. A card of
/// text weighs a third of its RGB PNG, and looks the same.
fn palette(pixmap: &Pixmap) -> Option<(Vec<u8>, Vec<u8>)> {
    let data = pixmap.data();
    // Each distinct colour, in the order first seen, with how many pixels have it.
    let mut seen: FxHashMap<[u8; 3], usize> = FxHashMap::default();
    let mut counts: Vec<([u8; 3], usize)> = Vec::new();
    for p in data.chunks_exact(4) {
        let colour = [p[0], p[1], p[2]];
        let at = *seen.entry(colour).or_insert_with(|| {
            counts.push((colour, 0));
            counts.len() - 1
        });
        counts[at].1 += 1;
        if counts.len() > MOST_COLOURS {
            return None;
        }
    }
    // Commonest first; ties in the order first seen, so the same card makes the same bytes.
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(counts[i].1));
    let kept: Vec<[u8; 3]> = order.iter().take(256).map(|&i| counts[i].0).collect();
    let distance = |a: [u8; 3], b: [u8; 3]| -> u32 {
        a.iter()
            .zip(b)
            .map(|(x, y)| u32::from(x.abs_diff(y)).pow(2))
            .sum()
    };
    let mut index: FxHashMap<[u8; 3], u8> = FxHashMap::default();
    for (colour, _) in &counts {
        let nearest = (0..kept.len())
            .min_by_key(|&k| distance(*colour, kept[k]))
            .unwrap_or(0);
        index.insert(*colour, nearest as u8);
    }
    let indices = data
        .chunks_exact(4)
        .map(|p| index[&[p[0], p[1], p[2]]])
        .collect();
    Some((kept.concat(), indices))
}

/// `block` shaped and broken into lines `width` wide, shrunk towards its `min_size` to fit
/// its lines and the `room` left (in height), then cut after the last word that fits with
/// an ellipsis; and its height.
fn shape(
    fonts: &mut FontSystem,
    block: &Block,
    width: f32,
    room: f32,
    rtl: bool,
    arabic: bool,
) -> (Buffer, f32) {
    let family = if arabic {
        Family::Name("Noto Naskh Arabic")
    } else {
        Family::Name("Noto Sans")
    };
    let weight = if block.bold {
        Weight::BOLD
    } else {
        Weight::NORMAL
    };
    let attrs = Attrs::new().family(family).weight(weight);
    let align = Some(if rtl { Align::Right } else { Align::Left });
    let lay_out = |fonts: &mut FontSystem, text: &str, size: f32| {
        let metrics = Metrics::new(size, size * block.line_height);
        let mut buffer = Buffer::new(fonts, metrics);
        buffer.set_wrap(Wrap::WordOrGlyph);
        buffer.set_size(Some(width), None);
        buffer.set_text(text, &attrs, Shaping::Advanced, align);
        buffer.shape_until_scroll(fonts, false);
        let lines = buffer.layout_runs().count();
        (buffer, lines, metrics.line_height)
    };
    // At least one line, whatever the room.
    let most = |line_height: f32| block.max_lines.min(((room / line_height) as usize).max(1));
    let smallest = block.min_size.unwrap_or(block.size).min(block.size);
    let mut size = block.size;
    let (mut buffer, mut lines, mut line_height) = lay_out(fonts, &block.text, size);
    while lines > most(line_height) && size > smallest {
        size = (size - 4.0).max(smallest);
        (buffer, lines, line_height) = lay_out(fonts, &block.text, size);
    }
    let max_lines = most(line_height);
    if lines > max_lines {
        // The most words that fit, found by halving.
        let words: Vec<&str> = block.text.split_whitespace().collect();
        let (mut fits, mut over) = (0, words.len());
        while over - fits > 1 {
            let mid = (fits + over) / 2;
            let text = format!("{}…", words[..mid].join(" "));
            if lay_out(fonts, &text, size).1 <= max_lines {
                fits = mid;
            } else {
                over = mid;
            }
        }
        let text = format!("{}…", words[..fits].join(" "));
        (buffer, lines, line_height) = lay_out(fonts, &text, size);
    }
    (buffer, lines as f32 * line_height)
}

/// Paints a `w` × `h` patch of `c` (straight alpha) over the pixmap, clipped to it.
fn blend(pixmap: &mut Pixmap, x: i32, y: i32, w: u32, h: u32, c: Color) {
    let alpha = u32::from(c.a());
    if alpha == 0 {
        return;
    }
    let (pw, ph) = (pixmap.width() as i32, pixmap.height() as i32);
    let data = pixmap.data_mut();
    for dy in 0..h as i32 {
        for dx in 0..w as i32 {
            let (px, py) = (x + dx, y + dy);
            if px < 0 || py < 0 || px >= pw || py >= ph {
                continue;
            }
            let i = ((py * pw + px) * 4) as usize;
            for (k, ink) in [c.r(), c.g(), c.b()].into_iter().enumerate() {
                let under = u32::from(data[i + k]);
                data[i + k] = ((u32::from(ink) * alpha + under * (255 - alpha) + 127) / 255) as u8;
            }
            let under = u32::from(data[i + 3]);
            data[i + 3] = (alpha + under * (255 - alpha) / 255).min(255) as u8;
        }
    }
}

/// `#rrggbb` or `#rrggbbaa`.
fn color(hex: &str) -> Result<Color, String> {
    let digits = hex.strip_prefix('#').unwrap_or(hex);
    let byte = |i: usize| {
        digits
            .get(i..i + 2)
            .and_then(|d| u8::from_str_radix(d, 16).ok())
            .ok_or_else(|| format!("`{hex}` is not a colour like #1c2430"))
    };
    match digits.len() {
        6 => Ok(Color::rgb(byte(0)?, byte(2)?, byte(4)?)),
        8 => Ok(Color::rgba(byte(0)?, byte(2)?, byte(4)?, byte(6)?)),
        _ => Err(format!("`{hex}` is not a colour like #1c2430")),
    }
}

trait IntoSkia {
    fn into_skia(self) -> tiny_skia::Color;
}

impl IntoSkia for Color {
    fn into_skia(self) -> tiny_skia::Color {
        tiny_skia::Color::from_rgba8(self.r(), self.g(), self.b(), self.a())
    }
}
