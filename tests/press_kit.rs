//! Press kits: one zip per release with everything an editor needs, in every language the
//! release is published in, the same bytes on every build, and nothing still embargoed.

use crate::common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use common::{Built, attrs, example};

const KIT: &str = "releases/icj-torture-case/press-kit.zip";

/// Every file of the zip at `path`, by name.
fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        files.insert(file.name().unwrap().to_string(), bytes);
    }
    files
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        files
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
    )
    .unwrap()
}

#[test]
fn the_kit_holds_the_release_in_every_language_its_pictures_credits_bios_and_contact() {
    let site = example();
    // A picture in the text: the kit's HTML is opened from a download, and must fetch it
    // from nowhere.
    let release = site.path().join("content/releases/icj-torture-case.md");
    let text_of = std::fs::read_to_string(&release).unwrap();
    std::fs::write(
        &release,
        format!("{text_of}\n![Candles](/media/candles-960.jpg)\n"),
    )
    .unwrap();
    let built = Built::new(site.path());
    let files = unzip(&built.out().join(KIT));
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    let mut expected = vec!["CREDITS.txt", "contact.vcf", "images/candles-2000.jpg"];
    let people = ["diab-serrih", "ibrahim-olabi", "laila-kiki"];
    let mut bios: Vec<String> = people
        .iter()
        .flat_map(|p| ["ar", "en", "fr", "nl"].map(|l| format!("people/{p}.{l}.txt")))
        .collect();
    let releases: Vec<String> = ["ar", "en", "fr", "nl"]
        .iter()
        .flat_map(|l| ["html", "pdf", "txt"].map(|kind| format!("release.{l}.{kind}")))
        .collect();
    bios.extend(releases);
    expected.extend(bios.iter().map(String::as_str));
    expected.sort();
    assert_eq!(names, expected);

    // The HTML needs nothing beside it (no stylesheet, script or frame), and its policy
    // lets it fetch nothing: not the picture in the text either.
    for lang in ["en", "ar"] {
        let html = text(&files, &format!("release.{lang}.html"));
        let doc = scraper::Html::parse_document(&html);
        assert_eq!(attrs(&doc, "html", "lang"), [lang]);
        for loads in ["link", "script", "iframe", "object", "[style]"] {
            assert!(
                doc.select(&common::sel(loads)).next().is_none(),
                "{lang}: {loads}"
            );
        }
        assert!(doc.select(&common::sel("head style")).next().is_some());
        assert_eq!(
            attrs(
                &doc,
                r#"head > meta[http-equiv="Content-Security-Policy"]"#,
                "content"
            ),
            ["default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"],
            "{lang}"
        );
    }
    assert!(text(&files, "release.en.html").contains("<img"));
    let ar = text(&files, "release.ar.html");
    assert!(ar.contains(r#"dir="rtl""#) && ar.contains("تقديم قضية تعذيب تاريخية"));

    // The text reads as the release does: headline, dateline, statements, end mark, About.
    let en = text(&files, "release.en.txt");
    let order = [
        "Landmark torture case against Assad regime submitted to International Court of Justice",
        "The Hague, 12 June 2023 —",
        "Laila Kiki",
        "\n###\n",
        "About",
        "Email: press@example.org",
    ];
    let mut at = 0;
    for words in order {
        let found = en[at..]
            .find(words)
            .unwrap_or_else(|| panic!("{words:?} after {at}:\n{en}"));
        at += found + words.len();
    }
    assert!(!en.contains('<'), "{en}");
    let ar = text(&files, "release.ar.txt");
    assert!(ar.contains("لاهاي، 12 حزيران 2023 —"), "{ar}");

    // The picture is the site's full-size download, without metadata; credited in each
    // language.
    assert_eq!(
        files["images/candles-2000.jpg"],
        std::fs::read(built.out().join("media/candles-2000.jpg")).unwrap()
    );
    let credits = text(&files, "CREDITS.txt");
    for words in [
        "images/candles-2000.jpg",
        "en: Candles for the people detained and disappeared in Syria",
        "Licence: CC BY 4.0",
        "ar: شموع",
        "nl: Kaarsen",
    ] {
        assert!(credits.contains(words), "{words}:\n{credits}");
    }

    let bio = text(&files, "people/laila-kiki.ar.txt");
    assert!(bio.starts_with("ليلى كيكي\n"), "{bio}");
    assert!(
        bio.contains("https://press.example.org/ar/people/laila-kiki/"),
        "{bio}"
    );

    let card = text(&files, "contact.vcf");
    assert!(card.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"), "{card}");
    assert!(
        card.contains("\r\nEMAIL;TYPE=INTERNET,WORK:press@example.org\r\n"),
        "{card}"
    );
    assert!(
        card.contains("\r\nURL:https://press.example.org/contact/\r\n"),
        "{card}"
    );
}

#[test]
fn every_language_of_the_release_links_to_its_one_kit() {
    let site = example();
    let built = Built::new(site.path());
    for lang in ["", "ar/", "nl/", "fr/"] {
        let page = built.html(&format!("{lang}releases/icj-torture-case/index.html"));
        assert_eq!(
            attrs(&page, r#"a[href$="press-kit.zip"]"#, "href"),
            [format!("https://press.example.org/{KIT}")],
            "{lang}"
        );
    }
}

#[test]
fn two_builds_make_the_same_bytes_and_an_unchanged_kit_is_not_written_again() {
    let site = example();
    let first = Built::new(site.path());
    let second = Built::new(site.path());
    let kit = std::fs::read(first.out().join(KIT)).unwrap();
    assert_eq!(kit, std::fs::read(second.out().join(KIT)).unwrap());

    // The second build into a folder fills its spare generation; from the third on,
    // only what changed is written.
    let out = first.out();
    common::build_into(site.path(), &out, false).unwrap();
    let again = common::build_into(site.path(), &out, false).unwrap();
    assert_eq!(again.written, 0, "an unchanged site rewrote files");
    assert_eq!(std::fs::read(out.join(KIT)).unwrap(), kit);
}

#[test]
fn a_draft_translation_or_a_statement_under_embargo_is_not_in_the_kit() {
    let site = example();
    // One language's embargo holds every language of it back; a draft only itself.
    for (file, front) in [
        ("content/releases/icj-torture-case.ar.md", "draft: true"),
        (
            "content/statements/icj-kiki.md",
            "embargo: 2099-01-01T00:00:00Z",
        ),
    ] {
        let path = site.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("---\n", &format!("---\n{front}\n"), 1)).unwrap();
    }
    let built = Built::new(site.path());
    let files = unzip(&built.out().join(KIT));
    assert!(!built.exists("ar/releases/icj-torture-case/index.html"));
    assert!(
        files.keys().all(|n| !n.contains(".ar.")),
        "{:?}",
        files.keys()
    );
    let en = text(&files, "release.en.txt");
    let withheld =
        std::fs::read_to_string(site.path().join("content/statements/icj-kiki.md")).unwrap();
    let quote = withheld.split("---\n").nth(2).unwrap().trim();
    let first_words: String = quote.chars().skip(1).take(30).collect();
    assert!(!en.contains(&first_words), "{en}");
    let pdf = common::pdf_text(&files["release.en.pdf"]);
    assert!(
        pdf.contains("The Hague") && !pdf.contains("Laila Kiki"),
        "{pdf}"
    );
    // Laila Kiki is quoted in no statement the pages show: neither is her bio here.
    assert!(
        files.keys().all(|n| !n.starts_with("people/laila-kiki")),
        "{:?}",
        files.keys()
    );
    assert!(files.contains_key("people/ibrahim-olabi.en.txt"));
}

#[test]
fn the_kit_carries_the_bytes_of_the_published_pdfs_from_the_cache_and_without_one() {
    let site = example();
    let pdf_of = |lang: &str| {
        let prefix = if lang == "en" {
            String::new()
        } else {
            format!("{lang}/")
        };
        format!("{prefix}releases/icj-torture-case/icj-torture-case.{lang}.pdf")
    };
    // A build keeps each PDF in the cache, and the kit reads it back from there.
    let cached = Built::new(site.path());
    let cache = site.path().join(".pressroom-cache/pdfs");
    assert!(std::fs::read_dir(&cache).unwrap().count() >= 4, "{cache:?}");
    // A link where the PDF cache was: no cache is used, and the kit takes the PDFs the
    // build typeset, from memory.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(&cache).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), &cache).unwrap();
    let uncached = Built::new(site.path());
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    for out in [cached.out(), uncached.out()] {
        let kit = unzip(&out.join(KIT));
        for lang in ["en", "ar", "fr", "nl"] {
            let published = std::fs::read(out.join(pdf_of(lang))).unwrap();
            assert!(published.starts_with(b"%PDF-"), "{lang}");
            assert_eq!(
                kit[&format!("release.{lang}.pdf")],
                published,
                "{out:?}: {lang}"
            );
        }
    }
}
