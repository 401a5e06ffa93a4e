//! Share cards: the picture apps show with a link to a release or a statement, 1200 × 630,
//! drawn without a browser, right to left and joined in Arabic, the same on every build.

use crate::common;

use common::{Built, attrs, example};

const BASE: &str = "https://press.example.org";

fn meta(page: &scraper::Html, attr: &str, key: &str) -> Vec<String> {
    attrs(page, &format!(r#"meta[{attr}="{key}"]"#), "content")
}

#[test]
fn every_release_and_statement_page_shows_its_own_card_of_1200_by_630() {
    let site = example();
    let built = Built::new(site.path());
    let mut cards = 0;
    for page in built.html_files() {
        let dir = page.trim_end_matches("index.html");
        let is_card_page = ["releases/", "statements/"]
            .iter()
            .any(|k| dir.split('/').rev().nth(2) == Some(k.trim_end_matches('/')));
        let doc = built.html(&page);
        let image = meta(&doc, "property", "og:image");
        if !is_card_page {
            assert_eq!(image, Vec::<String>::new(), "{page}");
            assert_eq!(meta(&doc, "name", "twitter:card"), ["summary"], "{page}");
            continue;
        }
        cards += 1;
        assert_eq!(image, [format!("{BASE}/{dir}card.png")], "{page}");
        assert_eq!(meta(&doc, "property", "og:image:width"), ["1200"]);
        assert_eq!(meta(&doc, "property", "og:image:height"), ["630"]);
        assert_eq!(meta(&doc, "property", "og:image:type"), ["image/png"]);
        assert!(!meta(&doc, "property", "og:image:alt")[0].is_empty());
        assert_eq!(meta(&doc, "name", "twitter:card"), ["summary_large_image"]);
        assert_eq!(meta(&doc, "name", "twitter:image"), image);
        let png = std::fs::read(built.out().join(format!("{dir}card.png"))).unwrap();
        assert_eq!(image::guess_format(&png).unwrap(), image::ImageFormat::Png);
        let card = image::load_from_memory(&png).unwrap();
        assert_eq!((card.width(), card.height()), (1200, 630), "{page}");
    }
    // One release and three statements, in four languages.
    assert_eq!(cards, 16);
}

/// How far two pictures of the same size are apart: the share of pixels whose colour
/// differs by more than antialiasing would make it.
fn differing(a: &image::RgbaImage, b: &image::RgbaImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let far = a
        .pixels()
        .zip(b.pixels())
        .filter(|(p, q)| p.0.iter().zip(q.0.iter()).any(|(x, y)| x.abs_diff(*y) > 48))
        .count();
    far as f64 / f64::from(a.width() * a.height())
}

#[test]
fn the_arabic_card_reads_right_to_left_with_joined_letters_as_its_reference_does() {
    let site = example();
    let built = Built::new(site.path());
    let open = |path: &std::path::Path| image::open(path).unwrap().into_rgba8();
    // The reference was looked at: the headline joined and right to left, "12 حزيران
    // 2023" in that order, everything set from the right edge.
    let reference = open(&common::repo().join("tests/fixtures/cards/ar-release.png"));
    let arabic = open(&built.out().join("ar/releases/icj-torture-case/card.png"));
    let share = differing(&arabic, &reference);
    assert!(share < 0.002, "{:.4} of the pixels differ", share);
    // The comparison tells cards apart: the English card is far from it.
    let english = open(&built.out().join("releases/icj-torture-case/card.png"));
    assert!(differing(&english, &reference) > 0.02);
    // Set from the right: ink near the right margin of the headline's lines, none near
    // the left margin of its last line.
    let ink = |x0: u32, x1: u32, y0: u32, y1: u32| {
        (x0..x1).any(|x| (y0..y1).any(|y| arabic.get_pixel(x, y).0[0] > 200))
    };
    assert!(ink(1100, 1128, 190, 330), "text reaches the right margin");
    assert!(
        !ink(72, 100, 270, 330),
        "the short last line leaves the left margin bare"
    );
}

/// Cards are fetched by every app a link is shared in, and published by the thousand: a
/// card of text and flat colour is a palette PNG, under half the weight of the same
/// pixels in RGB, with the theme's colours exact (`card.toml`: background #1c2430, bar
/// #e8b04b).
#[test]
fn a_card_of_text_is_a_light_palette_png_in_the_themes_exact_colours() {
    let site = example();
    let built = Built::new(site.path());
    for card in [
        "releases/icj-torture-case/card.png",
        "ar/statements/icj-kiki/card.png",
    ] {
        let bytes = std::fs::read(built.out().join(card)).unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(&bytes))
            .read_info()
            .unwrap();
        assert_eq!(reader.info().color_type, png::ColorType::Indexed, "{card}");
        let pixels = image::load_from_memory(&bytes).unwrap().into_rgb8();
        let mut rgb = Vec::new();
        pixels
            .write_to(&mut std::io::Cursor::new(&mut rgb), image::ImageFormat::Png)
            .unwrap();
        assert!(
            bytes.len() * 2 < rgb.len(),
            "{card}: {} bytes, and {} in RGB",
            bytes.len(),
            rgb.len()
        );
        assert_eq!(pixels.get_pixel(600, 625).0, [0x1c, 0x24, 0x30], "{card}");
        assert_eq!(pixels.get_pixel(600, 5).0, [0xe8, 0xb0, 0x4b], "{card}");
    }
}

#[test]
fn cards_are_the_same_bytes_on_every_build_and_made_once() {
    let site = example();
    let first = Built::new(site.path());
    let card = "ar/statements/icj-kiki/card.png";
    let bytes = std::fs::read(first.out().join(card)).unwrap();
    let cache = site.path().join(".pressroom-cache/cards");
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 16);
    // Drawn again from nothing: the same bytes.
    std::fs::remove_dir_all(site.path().join(".pressroom-cache")).unwrap();
    let second = Built::new(site.path());
    assert_eq!(std::fs::read(second.out().join(card)).unwrap(), bytes);
}

#[test]
fn a_theme_restyles_cards_without_rust_and_a_broken_layout_is_an_error_naming_it() {
    let site = example();
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let layout =
        std::fs::read_to_string(common::repo().join("themes/campaign/templates/card.toml"))
            .unwrap()
            .replace("background = \"#1c2430\"", "background = \"#7a0019\"");
    std::fs::write(templates.join("card.toml"), &layout).unwrap();
    let built = Built::new(site.path());
    let card = image::open(built.out().join("releases/icj-torture-case/card.png"))
        .unwrap()
        .into_rgb8();
    assert_eq!(card.get_pixel(20, 600).0, [0x7a, 0x00, 0x19]);

    std::fs::write(
        templates.join("card.toml"),
        layout.replace("background = \"#7a0019\"", "background = \"crimson\""),
    )
    .unwrap();
    let error = common::build_error(site.path());
    assert!(
        error.contains("card.toml") && error.contains("`crimson` is not a colour"),
        "{error}"
    );
}

/// Whether a pixel is the red of the test logo.
fn red(p: &image::Rgb<u8>) -> bool {
    p.0[0] > 200 && p.0[1] < 60 && p.0[2] < 60
}

/// Where the red of a card is: its bounding box (left, top, right, bottom) and how many
/// pixels.
fn red_area(card: &image::RgbImage) -> Option<((u32, u32, u32, u32), usize)> {
    let reds: Vec<(u32, u32)> = card
        .enumerate_pixels()
        .filter(|(_, _, p)| red(p))
        .map(|(x, y, _)| (x, y))
        .collect();
    let left = reds.iter().map(|r| r.0).min()?;
    let right = reds.iter().map(|r| r.0).max()? + 1;
    let top = reds.iter().map(|r| r.1).min()?;
    let bottom = reds.iter().map(|r| r.1).max()? + 1;
    Some(((left, top, right, bottom), reds.len()))
}

#[test]
fn the_site_logo_sits_in_its_box_mirrored_right_to_left_and_text_keeps_clear_of_it() {
    let site = example();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    // 400 × 200: fitted into the layout's 160 × 64 box, it is 128 × 64.
    image::RgbImage::from_pixel(400, 200, image::Rgb([230, 20, 20]))
        .save(site.path().join("static/office-logo.png"))
        .unwrap();
    let config = site.path().join("site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    // A title long enough to run under the logo if nothing kept it clear.
    let text = text.replacen(
        "title = \"Syria Justice Press Office\"",
        "title = \"Syria Justice Press Office\"\nlogo = \"/office-logo.png\"",
        1,
    );
    let text = text.replacen(
        "[languages.en]\n",
        "[languages.en]\ntitle = \"The Press Office for Justice and Accountability in Syria, The Hague\"\n",
        1,
    );
    std::fs::write(&config, text).unwrap();
    let built = Built::new(site.path());
    let background = image::Rgb([0x1c, 0x24, 0x30]);
    for (card, left) in [
        ("releases/icj-torture-case/card.png", 1000),
        ("statements/icj-kiki/card.png", 1000),
        ("ar/releases/icj-torture-case/card.png", 72),
    ] {
        let png = image::open(built.out().join(card)).unwrap().into_rgb8();
        let ((l, t, r, b), count) = red_area(&png).unwrap_or_else(|| panic!("{card}: no logo"));
        assert_eq!((l, t, r, b), (left, 44, left + 128, 108), "{card}");
        assert_eq!(count, 128 * 64, "{card}: text painted over the logo");
        // The gap beside the logo, towards the text, is bare.
        let gap: Vec<u32> = if left > 600 {
            (left - 22..left).collect()
        } else {
            (left + 128..left + 150).collect()
        };
        for x in gap {
            for y in t..b {
                assert_eq!(*png.get_pixel(x, y), background, "{card}: ink at {x},{y}");
            }
        }
    }
}

#[test]
fn a_logo_cards_cannot_draw_leaves_them_without_one_and_says_so() {
    let site = example();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(
        site.path().join("static/office-logo.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>"#,
    )
    .unwrap();
    let config = site.path().join("site.toml");
    let text = std::fs::read_to_string(&config).unwrap().replacen(
        "title = \"Syria Justice Press Office\"",
        "title = \"Syria Justice Press Office\"\nlogo = \"/office-logo.svg\"",
        1,
    );
    std::fs::write(&config, text).unwrap();
    let built = Built::new(site.path());
    let said: Vec<String> = built
        .summary
        .warnings
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert!(
        said.iter().any(|w| w.contains("site.toml:4")
            && w.contains("share cards show no logo: `/office-logo.svg`")),
        "{said:?}"
    );
    let png = image::open(built.out().join("releases/icj-torture-case/card.png"))
        .unwrap()
        .into_rgb8();
    assert_eq!(red_area(&png), None);
    // Pages still name it as the office's logo.
    assert!(
        built
            .read("releases/icj-torture-case/index.html")
            .contains("/office-logo.svg")
    );
}

/// The cache keeps what the site is made of now, not everything it ever was: after the
/// site is renamed, a public build keeps the entries of the cards it shows, and removes
/// those of the cards it no longer shows and what a killed build left half written.
/// Nothing else is touched: a folder, a link or a pipe in the cache, or what a link
/// points at. An embargoed preview removes nothing.
#[cfg(unix)]
#[test]
fn a_public_build_removes_the_cache_entries_it_no_longer_uses_and_nothing_else() {
    let site = example();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public").to_string_lossy().into_owned();
    let preview = out.path().join("preview").to_string_lossy().into_owned();
    let cards = site.path().join(".pressroom-cache/cards");
    let entries = || {
        let mut names: Vec<String> = std::fs::read_dir(&cards)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().unwrap().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    common::succeeded(&common::run_in(
        site.path(),
        &["build", "--output", &public],
    ));
    let before = entries();
    assert_eq!(before.len(), 16);

    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("notes.txt"), "someone's notes").unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("notes.txt"), cards.join("link")).unwrap();
    std::fs::create_dir(cards.join("a folder")).unwrap();
    rustix::fs::mknodat(
        rustix::fs::CWD,
        cards.join("a pipe"),
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .unwrap();
    std::fs::write(cards.join(format!("{}.0.tmp", before[0])), "half written").unwrap();
    let config = site.path().join("site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replacen("Syria Justice Press Office", "Renamed Press Office", 1),
    )
    .unwrap();

    common::succeeded(&common::run_in(
        site.path(),
        &["build", "--preview", "--output", &preview],
    ));
    let after_preview = entries();
    assert!(
        before.iter().all(|e| after_preview.contains(e)),
        "a preview removed entries"
    );

    common::succeeded(&common::run_in(
        site.path(),
        &["build", "--output", &public],
    ));
    let after = entries();
    assert_eq!(after.len(), 16, "{after:?}");
    // The cards that name the site anew (those in English; the others name it in their
    // own language) replaced their old entries; the rest are the same entries.
    let gone = before.iter().filter(|e| !after.contains(e)).count();
    let new = after.iter().filter(|e| !before.contains(e)).count();
    assert!(gone >= 4 && gone == new, "{gone} entries gone, {new} new");
    assert!(
        std::fs::symlink_metadata(cards.join("link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(cards.join("a folder").is_dir());
    let pipe = std::fs::symlink_metadata(cards.join("a pipe")).unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&pipe.file_type()));
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("notes.txt")).unwrap(),
        "someone's notes"
    );
    // What stays is what the site is made of: drawn again from nothing, the same card.
    let card = std::fs::read(out.path().join("public/releases/icj-torture-case/card.png")).unwrap();
    std::fs::remove_dir_all(site.path().join(".pressroom-cache")).unwrap();
    common::succeeded(&common::run_in(
        site.path(),
        &["build", "--output", &public],
    ));
    assert_eq!(
        std::fs::read(out.path().join("public/releases/icj-torture-case/card.png")).unwrap(),
        card
    );
    assert_eq!(entries(), after);
}
