//! Pictures journalists can use: published from media/ without the metadata the
//! originals carry (a family's photo with the GPS position of their home), upright, in the
//! sizes pages need, with credit, licence and a full-size download.

use crate::common;

use std::path::Path;

use common::{Built, attrs, build_error, example, sel};

/// Puts the fixture pictures into the example site and uses them: a photo with GPS,
/// camera, XMP, a comment, a thumbnail and an orientation as the release's top picture,
/// a PNG with XMP, GPS and a text chunk as a gallery picture and as a person's photo.
fn site_with_pictures() -> tempfile::TempDir {
    let site = example();
    let media = site.path().join("media");
    std::fs::create_dir_all(media.join("people")).unwrap();
    let fixtures = common::repo().join("tests/fixtures/media");
    std::fs::copy(fixtures.join("vigil.jpg"), media.join("vigil.jpg")).unwrap();
    std::fs::copy(
        fixtures.join("portrait.png"),
        media.join("people/laila-kiki.png"),
    )
    .unwrap();
    // The example's own picture goes: the English release gets the fixtures, its
    // translations none of their own.
    for release in [
        "icj-torture-case.md",
        "icj-torture-case.ar.md",
        "icj-torture-case.nl.md",
        "icj-torture-case.fr.md",
    ] {
        without_image(&site.path().join("content/releases").join(release));
    }
    edit(
        &site.path().join("content/releases/icj-torture-case.md"),
        "\ntags:",
        "\nimage:\n  src: vigil.jpg\n  alt: Families hold photos of the disappeared\n  caption: A vigil in The Hague\n  credit: Jane Doe / Syria Campaign\n  licence: Free to use with credit\nimages:\n  - src: people/laila-kiki.png\n    alt: Laila Kiki\ntags:",
    );
    edit(
        &site.path().join("content/people/laila-kiki.md"),
        "\nname:",
        "\nphoto: people/laila-kiki.png\nphoto_credit: Syria Campaign\nname:",
    );
    site
}

/// Removes the `image:` block of a front matter.
fn without_image(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("image:") {
            inside = true;
            continue;
        }
        if inside && line.starts_with("  ") {
            continue;
        }
        inside = false;
        out.push(line);
    }
    std::fs::write(path, out.join("\n") + "\n").unwrap();
}

fn edit(path: &Path, before: &str, with: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(before), "{}", path.display());
    std::fs::write(path, text.replacen(before, with, 1)).unwrap();
}

/// What a published picture file holds besides its pixels: JPEG segments other than
/// the frame (APPn but JFIF's APP0, COM), PNG chunks other than the image's, WebP chunks
/// other than the bitstream's.
fn metadata_in(name: &str, bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    if name.ends_with(".jpg") {
        let mut i = 2;
        while i + 4 <= bytes.len() && bytes[i] == 0xFF {
            let marker = bytes[i + 1];
            if marker == 0xDA {
                break;
            }
            let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
            let app0_jfif = marker == 0xE0 && bytes[i + 4..].starts_with(b"JFIF\0");
            if (0xE0..=0xEF).contains(&marker) && !app0_jfif || marker == 0xFE {
                found.push(format!("JPEG segment {marker:02X}"));
            }
            i += 2 + len;
        }
    } else if name.ends_with(".png") {
        let mut i = 8;
        while i + 8 <= bytes.len() {
            let len = u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
            let kind = String::from_utf8_lossy(&bytes[i + 4..i + 8]).to_string();
            if !["IHDR", "PLTE", "IDAT", "IEND", "tRNS"].contains(&kind.as_str()) {
                found.push(format!("PNG chunk {kind}"));
            }
            i += 12 + len;
        }
    } else if name.ends_with(".webp") {
        assert_eq!(&bytes[..4], b"RIFF");
        let mut i = 12;
        while i + 8 <= bytes.len() {
            let kind = String::from_utf8_lossy(&bytes[i..i + 4]).to_string();
            let len = u32::from_le_bytes(bytes[i + 4..i + 8].try_into().unwrap()) as usize;
            if !["VP8 ", "VP8L", "VP8X", "ALPH"].contains(&kind.as_str()) {
                found.push(format!("WebP chunk {kind}"));
            }
            i += 8 + len + (len & 1);
        }
    } else {
        found.push(format!("{name}: not a picture format"));
    }
    for word in [
        "Canon",
        "0123456789",
        "Family member",
        "taken at home",
        "Exif",
        "xmp",
    ] {
        if bytes.windows(word.len()).any(|w| w == word.as_bytes()) {
            found.push(format!("the text {word:?}"));
        }
    }
    found
}

#[test]
fn published_pictures_carry_no_metadata_and_stand_upright() {
    let site = site_with_pictures();
    let out = tempfile::tempdir().unwrap();
    let summary = common::build_into(site.path(), &out.path().join("public"), false).unwrap();
    let said = summary.to_string();
    assert!(
        said.contains("media/vigil.jpg: holds GPS coordinates; they are not published"),
        "{said}"
    );
    assert!(
        said.contains("media/people/laila-kiki.png: holds GPS coordinates"),
        "{said}"
    );

    // The check finds what the originals carry, so it would find it published.
    let fixtures = common::repo().join("tests/fixtures/media");
    for name in ["vigil.jpg", "portrait.png"] {
        let original = std::fs::read(fixtures.join(name)).unwrap();
        assert!(metadata_in(name, &original).len() >= 3, "{name}");
    }

    let media = out.path().join("public/media");
    let mut names: Vec<String> = walk(&media);
    names.sort();
    assert_eq!(
        names,
        [
            "people/laila-kiki-480.png",
            "people/laila-kiki-480.webp",
            "people/laila-kiki-600.png",
            "people/laila-kiki-600.webp",
            "vigil-480.jpg",
            "vigil-480.webp",
            "vigil-800.jpg",
            "vigil-800.webp",
        ]
    );
    for name in &names {
        let bytes = std::fs::read(media.join(name)).unwrap();
        assert_eq!(metadata_in(name, &bytes), Vec::<String>::new(), "{name}");
        let picture = image::load_from_memory(&bytes).unwrap();
        let width: u32 = name
            .rsplit('-')
            .next()
            .unwrap()
            .split('.')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(picture.width(), width, "{name}");
    }
    // The camera held the photo on its side: stored 1200 × 800 with the red corner at
    // the top left, to be turned a quarter clockwise. Published, it stands 800 × 1200
    // with the red corner at the top right.
    let upright = image::open(media.join("vigil-800.jpg"))
        .unwrap()
        .into_rgb8();
    assert_eq!(upright.dimensions(), (800, 1200));
    let red = |p: &image::Rgb<u8>| p[0] > 150 && p[2] < 100;
    assert!(red(upright.get_pixel(780, 20)), "top right is red");
    assert!(!red(upright.get_pixel(20, 20)), "top left is not");
    assert!(!red(upright.get_pixel(780, 1180)), "bottom right is not");
}

fn walk(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let sub = entry.file_name().to_string_lossy().to_string();
            names.extend(
                walk(&entry.path())
                    .into_iter()
                    .map(|n| format!("{sub}/{n}")),
            );
        } else {
            names.push(entry.file_name().to_string_lossy().to_string());
        }
    }
    names
}

#[test]
fn pages_show_pictures_in_their_sizes_with_credit_licence_and_download() {
    let site = site_with_pictures();
    let built = Built::new(site.path());
    const BASE: &str = "https://press.example.org";
    for page in [
        "releases/icj-torture-case/index.html",
        "ar/releases/icj-torture-case/index.html",
    ] {
        let doc = built.html(page);
        let top = doc
            .select(&sel(".release-body > figure.picture"))
            .next()
            .expect(page);
        let img = top.select(&sel("img")).next().unwrap().value();
        assert_eq!(
            img.attr("alt"),
            Some("Families hold photos of the disappeared")
        );
        assert_eq!(
            (img.attr("width"), img.attr("height")),
            (Some("800"), Some("1200"))
        );
        assert_eq!(
            img.attr("src"),
            Some(format!("{BASE}/media/vigil-800.jpg").as_str())
        );
        assert_eq!(
            img.attr("srcset"),
            Some(
                format!("{BASE}/media/vigil-480.jpg 480w, {BASE}/media/vigil-800.jpg 800w")
                    .as_str()
            )
        );
        assert!(img.attr("sizes").is_some());
        // The Arabic release has no pictures of its own: it shows the English one's, its
        // words marked as English.
        let lang = top.value().attr("lang");
        assert_eq!(lang, page.starts_with("ar/").then_some("en"), "{page}");
        assert_eq!(img.attr("loading"), None, "the top picture loads at once");
        let webp = top
            .select(&sel(r#"source[type="image/webp"]"#))
            .next()
            .unwrap()
            .value();
        assert_eq!(
            webp.attr("srcset"),
            Some(
                format!("{BASE}/media/vigil-480.webp 480w, {BASE}/media/vigil-800.webp 800w")
                    .as_str()
            )
        );
        let caption = top
            .select(&sel("figcaption"))
            .next()
            .unwrap()
            .text()
            .collect::<String>();
        for words in [
            "A vigil in The Hague",
            "Jane Doe / Syria Campaign",
            "Free to use with credit",
            "800 × 1200",
        ] {
            assert!(caption.contains(words), "{page}: {caption}");
        }
        assert_eq!(
            attrs(&doc, ".release-body > figure.picture a.download", "href"),
            [format!("{BASE}/media/vigil-800.jpg")]
        );
        // The gallery is below the text: its pictures load as the reader gets there.
        assert_eq!(attrs(&doc, ".gallery img", "loading"), ["lazy"], "{page}");
    }
    let person = built.html("people/laila-kiki/index.html");
    assert_eq!(attrs(&person, ".portrait img", "alt"), ["Laila Kiki"]);
    assert_eq!(attrs(&person, ".portrait img", "width"), ["600"]);
    assert!(common::text(&person, ".portrait figcaption").contains("Syria Campaign"));
}

#[test]
fn a_picture_without_alt_text_is_an_error_at_its_line_and_nothing_is_written() {
    let site = site_with_pictures();
    let release = site.path().join("content/releases/icj-torture-case.md");
    edit(
        &release,
        "  alt: Families hold photos of the disappeared\n",
        "",
    );
    let text = std::fs::read_to_string(&release).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim() == "src: vigil.jpg")
        .unwrap()
        + 1;
    let error = build_error(site.path());
    assert!(
        error.contains(&format!("icj-torture-case.md:{line}"))
            && error.contains("the picture `vigil.jpg` has no `alt`"),
        "{error}"
    );
}

#[test]
fn a_missing_or_unreadable_picture_is_an_error_naming_it() {
    let site = site_with_pictures();
    std::fs::remove_file(site.path().join("media/vigil.jpg")).unwrap();
    let error = build_error(site.path());
    assert!(
        error.contains("`vigil.jpg`: no such file in media/"),
        "{error}"
    );

    std::fs::write(site.path().join("media/vigil.jpg"), b"not a picture").unwrap();
    let error = build_error(site.path());
    assert!(
        error.contains("`vigil.jpg`: not a picture pressroom can read"),
        "{error}"
    );
}

/// A PNG whose header claims `side` × `side` pixels, with a few bytes of picture data:
/// kilobytes that would decode to gigabytes.
fn png_claiming(side: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let typed: Vec<u8> = kind.iter().chain(data).copied().collect();
        png.extend_from_slice(&typed);
        png.extend_from_slice(&crc32(&typed).to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&side.to_be_bytes());
    header.extend_from_slice(&side.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA
    chunk(&mut png, b"IHDR", &header);
    chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut png, b"IEND", &[]);
    png
}

#[test]
fn a_picture_claiming_a_huge_size_is_refused_before_it_is_decoded() {
    let site = site_with_pictures();
    // 20,000 pixels square: 1.6 GB decoded, from a file of 70 bytes.
    std::fs::write(site.path().join("media/vigil.jpg"), png_claiming(20_000)).unwrap();
    let error = build_error(site.path());
    assert!(
        error.contains("`vigil.jpg`: larger than pressroom reads (16384 pixels a side at most)"),
        "{error}"
    );
    // Within the limit, the same header is read (and the picture's missing data is then
    // the error): the limit, not the header, refused the first.
    std::fs::write(site.path().join("media/vigil.jpg"), png_claiming(2_000)).unwrap();
    let error = build_error(site.path());
    assert!(
        error.contains("media/vigil.jpg: cannot be read as a picture"),
        "{error}"
    );
}

#[test]
fn a_picture_of_a_draft_is_not_published() {
    let site = site_with_pictures();
    std::fs::copy(
        site.path().join("media/vigil.jpg"),
        site.path().join("media/secret.jpg"),
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/releases/unannounced.md"),
        "---\ntitle: Not yet\ndate: 2023-06-20\ndraft: true\nimage:\n  src: secret.jpg\n  alt: A secret\n---\nText.\n",
    )
    .unwrap();
    let built = Built::new(site.path());
    assert!(built.exists("media/vigil-800.jpg"));
    assert!(!built.exists("media/secret-800.jpg"));
    assert!(!built.exists("media/secret-480.webp"));
}

#[test]
fn an_unchanged_picture_is_encoded_once_and_a_damaged_cache_entry_is_made_again() {
    let site = site_with_pictures();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::build_into(site.path(), &public, false).unwrap();
    let cache = site.path().join(".pressroom-cache/media");
    let entries = || -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
        let mut e: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.path(), e.metadata().unwrap().modified().unwrap())
            })
            .collect();
        e.sort();
        e
    };
    let first = entries();
    assert_eq!(first.len(), 2, "one entry per picture");
    let published = std::fs::read(public.join("media/vigil-800.webp")).unwrap();

    // Built again into a new folder: nothing is encoded, so no entry is written again.
    let again = tempfile::tempdir().unwrap();
    common::build_into(site.path(), &again.path().join("public"), false).unwrap();
    assert_eq!(entries(), first);
    assert_eq!(
        std::fs::read(again.path().join("public/media/vigil-800.webp")).unwrap(),
        published
    );

    // An entry cut short (a build killed while writing it) is not trusted.
    for (path, _) in &first {
        let bytes = std::fs::read(path).unwrap();
        std::fs::write(path, &bytes[..bytes.len() / 2]).unwrap();
    }
    let third = tempfile::tempdir().unwrap();
    common::build_into(site.path(), &third.path().join("public"), false).unwrap();
    assert_eq!(
        std::fs::read(third.path().join("public/media/vigil-800.webp")).unwrap(),
        published
    );
    let image = image::open(third.path().join("public/media/vigil-480.jpg")).unwrap();
    assert_eq!(image.width(), 480);
}

#[test]
fn check_names_the_originals_that_hold_a_position() {
    let site = site_with_pictures();
    let now = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap();
    let report = pressroom::check::check(site.path(), now).unwrap();
    let found: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.kind == "picture")
        .map(|f| format!("{}: {}", f.file.display(), f.message))
        .collect();
    assert_eq!(
        found,
        [
            "media/people/laila-kiki.png: holds GPS coordinates; they are not published",
            "media/vigil.jpg: holds GPS coordinates; they are not published",
        ]
    );
}

/// Builds `root` with the pressroom binary, its cache signed with the key kept in
/// `data` (as if on another machine for another `data`).
fn build_on_machine(root: &Path, output: &Path, data: &Path) {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_pressroom"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .env("PRESSROOM_DATA_DIR", data)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn a_cache_left_in_a_site_folder_by_someone_else_is_not_trusted() {
    let site = site_with_pictures();
    let out = tempfile::tempdir().unwrap();
    let (ours, theirs) = (out.path().join("ours"), out.path().join("theirs"));
    build_on_machine(site.path(), &out.path().join("a"), &theirs);
    let cache = site.path().join(".pressroom-cache/media");
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 2);

    // Whoever passed the folder on put the original photo, GPS and all, where the
    // published one would be, in the cache's format, with the checksum anyone can make.
    let original = std::fs::read(site.path().join("media/vigil.jpg")).unwrap();
    let mut forged = b"pressroom media 1\n".to_vec();
    for part in [b"media/vigil-800.jpg".as_slice(), &original] {
        forged.extend_from_slice(&(part.len() as u64).to_le_bytes());
        forged.extend_from_slice(part);
    }
    let sum = *blake3::hash(&forged).as_bytes();
    forged.extend_from_slice(&sum);
    for entry in &entries {
        std::fs::write(entry, &forged).unwrap();
    }

    // Built here, nothing of theirs is used: every picture is made again from its pixels.
    let public = out.path().join("b");
    build_on_machine(site.path(), &public, &ours);
    let published = std::fs::read(public.join("media/vigil-800.jpg")).unwrap();
    assert_eq!(
        metadata_in("vigil-800.jpg", &published),
        Vec::<String>::new()
    );
    assert!(public.join("media/vigil-480.webp").exists());
    for entry in &entries {
        assert_ne!(
            std::fs::read(entry).unwrap(),
            forged,
            "the entry was made again"
        );
    }
}

#[test]
fn the_example_release_shows_its_picture_with_credit_and_licence_in_each_language() {
    let site = example();
    let built = Built::new(site.path());
    for (page, alt, credit) in [
        (
            "releases/icj-torture-case/index.html",
            "Seven lit candles in the dark",
            "Syria Justice Press Office",
        ),
        (
            "ar/releases/icj-torture-case/index.html",
            "سبع شموع مضاءة في العتمة",
            "المكتب الصحفي للعدالة في سوريا",
        ),
    ] {
        let doc = built.html(page);
        assert_eq!(
            attrs(&doc, ".release-body > figure.picture img", "alt"),
            [alt]
        );
        let caption = common::text(&doc, ".release-body > figure.picture figcaption");
        assert!(
            caption.contains(credit) && caption.contains("CC BY 4.0"),
            "{caption}"
        );
    }
    let full = image::open(built.out().join("media/candles-2000.jpg")).unwrap();
    assert_eq!((full.width(), full.height()), (2000, 1250));
}

#[test]
fn a_cache_folder_that_is_a_link_or_a_pipe_is_not_used_and_nothing_is_written_through_it() {
    use std::os::unix::fs::symlink;
    let site = site_with_pictures();
    let elsewhere = tempfile::tempdir().unwrap();
    let cache = site.path().join(".pressroom-cache");
    symlink(elsewhere.path(), &cache).unwrap();
    let built = Built::new(site.path());
    assert!(built.exists("media/vigil-800.webp"));
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).unwrap().count(),
        0,
        "written through the link"
    );
    assert!(
        std::fs::symlink_metadata(&cache)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // A link one level down, and a named pipe where a folder should be.
    std::fs::remove_file(&cache).unwrap();
    std::fs::create_dir(&cache).unwrap();
    symlink(elsewhere.path(), cache.join("media")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(cache.join("cards"))
        .status()
        .unwrap();
    assert!(status.success());
    let built = Built::new(site.path());
    assert!(built.exists("media/vigil-480.jpg"));
    assert!(built.exists("releases/icj-torture-case/card.png"));
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).unwrap().count(),
        0,
        "written through the link"
    );
}
