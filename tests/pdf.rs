//! Release PDFs: one per release and language, typeset from the theme's `release.typ`,
//! read back as a reader's viewer reads them (poppler's pdftotext, pdffonts, pdfinfo):
//! the text in reading order, right to left in Arabic, every font embedded, the same bytes
//! on every build, and nothing a volunteer writes read as Typst markup.

use crate::common;

use std::path::Path;

use common::{Built, attrs, example, pdf_text, poppler};

const SLUG: &str = "icj-torture-case";

fn route(lang: &str) -> String {
    let prefix = if lang == "en" {
        String::new()
    } else {
        format!("{lang}/")
    };
    format!("{prefix}releases/{SLUG}/{SLUG}.{lang}.pdf")
}

/// The text with every run of white space one space: lines break where the page does.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf(built: &Built, lang: &str) -> Vec<u8> {
    let path = built.out().join(route(lang));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Adds `front` to the front matter of the site's file `file`, and `body` to its end.
fn edit(site: &Path, file: &str, front: &str, body: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen("---\n", &format!("---\n{front}"), 1);
    std::fs::write(&path, format!("{text}{body}")).unwrap();
}

#[test]
fn the_english_pdf_reads_in_order_from_letterhead_to_media_contact() {
    let built = Built::new(example().path());
    let bytes = pdf(&built, "en");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = words(&pdf_text(&bytes));
    let order = [
        "Syria Justice Press Office",
        "PRESS RELEASE",
        "Landmark torture case against Assad regime submitted to International Court of Justice",
        "The Hague, 12 June 2023 —",
        "The Netherlands and Canada have submitted a legal complaint",
        "Ibrahim Olabi",
        "Laila Kiki",
        "Diab Serrih",
        "###",
        "About",
        "Media contact",
        "press@example.org",
    ];
    let mut from = 0;
    for part in order {
        let at = text[from..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} is not after byte {from} of:\n{text}"));
        from += at + part.len();
    }
    // Each page's foot.
    assert!(
        text.contains("Syria Justice Press Office Page 1 of 2"),
        "{text}"
    );
    assert!(
        text.ends_with("Syria Justice Press Office Page 2 of 2"),
        "{text}"
    );

    let info = poppler("pdfinfo", &[], &bytes);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("(A4)"), "{info}");
    assert!(
        info.contains("Title:           Landmark torture case against Assad regime"),
        "{info}"
    );
}

#[test]
fn the_arabic_pdf_is_right_to_left_and_its_text_copies_in_logical_order() {
    let built = Built::new(example().path());
    let bytes = pdf(&built, "ar");
    let text = words(&pdf_text(&bytes));
    // The headline's first words in the order they are written, not as painted.
    assert!(text.contains("تقديم قضية تعذيب تاريخية ضد نظام"), "{text}");
    assert!(text.contains("حزيران"), "{text}");
    assert!(text.contains("بيان صحفي"), "{text}");
    assert!(text.contains("###"), "{text}");
    // Latin and digits inside the Arabic keep their own order.
    assert!(text.contains("press@example.org"), "{text}");
    assert!(text.contains("2023"), "{text}");
    // Painted from the right: the headline's first word lies right of its third. The
    // boxes list each word's letters as painted, last letter first.
    let boxes = poppler("pdftotext", &["-bbox"], &bytes);
    let x_of = |word: &str| -> f64 {
        let painted: String = word.chars().rev().collect();
        let line = boxes
            .lines()
            .find(|l| l.ends_with(&format!(">{painted}</word>")))
            .unwrap_or_else(|| panic!("no {word} in\n{boxes}"));
        let x = line.split("xMin=\"").nth(1).unwrap();
        x[..x.find('"').unwrap()].parse().unwrap()
    };
    assert!(x_of("تقديم") > x_of("تعذيب"), "{boxes}");
    let info = poppler("pdfinfo", &[], &bytes);
    assert!(info.contains("Tagged:          yes"), "{info}");
}

#[test]
fn every_font_is_embedded_and_two_builds_without_a_cache_make_the_same_bytes() {
    let site = example();
    let first = Built::new(site.path());
    std::fs::remove_dir_all(site.path().join(".pressroom-cache")).unwrap();
    let second = Built::new(site.path());
    for lang in ["en", "ar", "fr", "nl"] {
        let bytes = pdf(&first, lang);
        assert_eq!(bytes, pdf(&second, lang), "{lang}");
        let fonts = poppler("pdffonts", &[], &bytes);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{fonts}");
        for row in &rows {
            // name, type (two words), encoding, then emb sub uni: all "yes".
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(cols[4..7], ["yes", "yes", "yes"], "{lang}: {row}");
        }
        let names: Vec<&str> = rows
            .iter()
            .map(|r| r.split_whitespace().next().unwrap())
            .collect();
        let wanted = if lang == "ar" {
            "NotoNaskhArabic"
        } else {
            "NotoSans"
        };
        assert!(names.iter().any(|n| n.contains(wanted)), "{lang}: {fonts}");
    }
}

#[test]
fn the_page_links_its_pdf_in_every_language_and_the_kit_carries_the_same_bytes() {
    let built = Built::new(example().path());
    let kit = {
        let file = std::fs::File::open(built.out().join(format!("releases/{SLUG}/press-kit.zip")));
        zip::ZipArchive::new(file.unwrap()).unwrap()
    };
    let mut kit = kit;
    for (lang, label) in [
        ("en", "Download PDF"),
        ("ar", "تنزيل PDF"),
        ("fr", "Télécharger le PDF"),
        ("nl", "PDF downloaden"),
    ] {
        let page = if lang == "en" {
            format!("releases/{SLUG}/index.html")
        } else {
            format!("{lang}/releases/{SLUG}/index.html")
        };
        let doc = built.html(&page);
        let link = common::sel("a[type='application/pdf']");
        let a = doc
            .select(&link)
            .next()
            .unwrap_or_else(|| panic!("{lang}: no link"));
        assert_eq!(a.text().collect::<String>(), label);
        assert!(a.value().attr("download").is_some());
        assert_eq!(
            attrs(&doc, "a[type='application/pdf']", "href"),
            [format!("https://press.example.org/{}", route(lang))]
        );
        let mut inside = Vec::new();
        std::io::Read::read_to_end(
            &mut kit.by_name(&format!("release.{lang}.pdf")).unwrap(),
            &mut inside,
        )
        .unwrap();
        assert_eq!(inside, pdf(&built, lang), "{lang}");
    }
}

#[test]
fn an_embargoed_preview_says_so_at_the_top_of_the_pdf() {
    let site = example();
    edit(
        site.path(),
        "content/releases/icj-torture-case.md",
        "embargo: 2099-01-01T09:00:00Z\n",
        "",
    );
    let out = tempfile::tempdir().unwrap();
    let preview = out.path().join("preview");
    pressroom::build::build(&pressroom::build::Options {
        root: site.path().to_path_buf(),
        output: Some(preview.clone()),
        settings: pressroom::project::Settings {
            embargoed: true,
            preview: true,
            ..Default::default()
        },
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let text = words(&pdf_text(
        &std::fs::read(preview.join(route("en"))).unwrap(),
    ));
    let banner = text.find("EMBARGOED UNTIL").expect(&text);
    assert!(text.contains("2099"), "{text}");
    assert!(
        banner < text.find("Landmark torture case").unwrap(),
        "{text}"
    );
    let ar = words(&pdf_text(
        &std::fs::read(preview.join(route("ar"))).unwrap(),
    ));
    assert!(ar.contains("محظور النشر حتى"), "{ar}");

    // Not in a build that publishes: no PDF of it at all.
    let built = Built::new(site.path());
    for lang in ["en", "ar", "fr", "nl"] {
        assert!(!built.out().join(route(lang)).exists(), "{lang}");
    }
}

#[test]
fn nothing_in_the_text_is_read_as_typst_and_deep_nesting_keeps_every_word() {
    let site = example();
    let hostile = "\n\n#set page(width: 3cm) #import \"/etc/passwd\" $x^2$ `#raw` \
        #read(\"/release.json\") [link](javascript:alert(1)) <b>bold *x*</b>\n\n\
        \\#pagebreak() = Not a heading\n\n";
    let deep = format!(
        "{}DEEP-WORDS-7Q{}",
        "<blockquote>".repeat(60),
        "</blockquote>".repeat(60)
    );
    edit(
        site.path(),
        "content/releases/icj-torture-case.md",
        "subtitle: \"#set text(size: 1pt) ]) } #panic(\\\"x\\\")\"\n",
        &format!("{hostile}\n\n{deep}\n"),
    );
    let built = Built::new(site.path());
    let bytes = pdf(&built, "en");
    let text = words(&pdf_text(&bytes));
    for literal in [
        "#set text(size: 1pt) ]) } #panic(\"x\")",
        "#set page(width: 3cm) #import \"/etc/passwd\" $x^2$",
        "#read(\"/release.json\")",
        "= Not a heading",
        "DEEP-WORDS-7Q",
    ] {
        assert!(text.contains(literal), "{literal:?} not in:\n{text}");
    }
    let info = poppler("pdfinfo", &[], &bytes);
    assert!(info.contains("(A4)"), "{info}");
    // The link to javascript: is its words only.
    assert!(!String::from_utf8_lossy(&bytes).contains("javascript"));
}

#[test]
fn an_error_in_the_sites_pdf_template_names_its_file_and_line_and_writes_nothing() {
    let site = example();
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("release.typ"),
        "#let data = json(\"/release.json\")\n#data.headline\n#data.no_such_field\n",
    )
    .unwrap();
    let err = common::build_error(site.path());
    assert!(err.contains("templates/release.typ:3"), "{err}");
    assert!(err.contains("no_such_field"), "{err}");
    assert!(err.contains("releases/icj-torture-case"), "{err}");

    // A site's own template is used, and reads nothing but its data.
    std::fs::write(
        templates.join("release.typ"),
        "#let data = json(\"/release.json\")\nOWN-LAYOUT #data.headline\n#read(\"/etc/hostname\")\n",
    )
    .unwrap();
    let err = common::build_error(site.path());
    assert!(err.contains("templates/release.typ:3"), "{err}");
}

#[test]
fn a_release_too_long_for_a_pdf_keeps_its_page_with_a_warning_and_no_pdf_link() {
    let site = example();
    let paragraph = "A long paragraph of a very long release, written again and again.\n\n";
    edit(
        site.path(),
        "content/releases/icj-torture-case.md",
        "",
        &paragraph.repeat(600 * 1024 / paragraph.len()),
    );
    let built = Built::new(site.path());
    let summary = built.summary.to_string();
    assert!(
        summary.contains(
            "content/releases/icj-torture-case.md: 603 KB of text, with its statements, is more than a PDF takes (512 KB at most)"
        ),
        "{summary}"
    );
    assert!(!built.exists(&route("en")));
    let page = built.html(&format!("releases/{SLUG}/index.html"));
    assert!(attrs(&page, "a[type='application/pdf']", "href").is_empty());
    // The other languages are short: theirs are there.
    assert!(built.exists(&route("ar")));
    let kit = zip::ZipArchive::new(
        std::fs::File::open(built.out().join(format!("releases/{SLUG}/press-kit.zip"))).unwrap(),
    )
    .unwrap();
    let names: Vec<String> = kit.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert!(!names.iter().any(|n| n == "release.en.pdf"), "{names:?}");
    assert!(names.iter().any(|n| n == "release.ar.pdf"), "{names:?}");
}
