//! Writes a deterministic pressroom site for benchmarks: N releases in English, Arabic,
//! Dutch and French, 500-700 words each (headings, emphasis, links, a list, a quote, now
//! and then a code block), 3 statements per release by 12 people, 2-4 tags from 30.
//!
//! cargo run --release --example gen_corpus -- --releases 1000 --out /tmp/corpus

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const LANGS: [&str; 4] = ["en", "ar", "nl", "fr"];

const WORDS: [&[&str]; 4] = [
    &[
        "justice",
        "court",
        "detainees",
        "families",
        "evidence",
        "torture",
        "survivors",
        "accountability",
        "regime",
        "law",
        "witness",
        "report",
        "hearing",
        "truth",
        "prison",
        "victims",
        "rights",
        "state",
        "campaign",
        "record",
        "international",
        "convention",
        "missing",
        "trial",
        "judges",
        "public",
        "documents",
        "testimony",
        "years",
        "cases",
    ],
    &[
        "العدالة",
        "المحكمة",
        "المعتقلين",
        "العائلات",
        "الأدلة",
        "التعذيب",
        "الناجين",
        "المحاسبة",
        "النظام",
        "القانون",
        "شاهد",
        "تقرير",
        "جلسة",
        "الحقيقة",
        "السجن",
        "الضحايا",
        "الحقوق",
        "الدولة",
        "الحملة",
        "السجل",
        "الدولية",
        "الاتفاقية",
        "المفقودين",
        "محاكمة",
        "القضاة",
        "العامة",
        "الوثائق",
        "الشهادة",
        "سنوات",
        "القضايا",
    ],
    &[
        "gerechtigheid",
        "rechtbank",
        "gedetineerden",
        "families",
        "bewijs",
        "foltering",
        "overlevenden",
        "verantwoording",
        "regime",
        "recht",
        "getuige",
        "rapport",
        "zitting",
        "waarheid",
        "gevangenis",
        "slachtoffers",
        "rechten",
        "staat",
        "campagne",
        "dossier",
        "internationaal",
        "verdrag",
        "vermisten",
        "proces",
        "rechters",
        "publiek",
        "documenten",
        "getuigenis",
        "jaren",
        "zaken",
    ],
    &[
        "justice",
        "tribunal",
        "détenus",
        "familles",
        "preuves",
        "torture",
        "survivants",
        "responsabilité",
        "régime",
        "droit",
        "témoin",
        "rapport",
        "audience",
        "vérité",
        "prison",
        "victimes",
        "droits",
        "État",
        "campagne",
        "dossier",
        "international",
        "convention",
        "disparus",
        "procès",
        "juges",
        "public",
        "documents",
        "témoignage",
        "années",
        "affaires",
    ],
];

const CITIES: [[&str; 4]; 4] = [
    ["The Hague", "لاهاي", "Den Haag", "La Haye"],
    ["Geneva", "جنيف", "Genève", "Genève"],
    ["Beirut", "بيروت", "Beiroet", "Beyrouth"],
    ["Berlin", "برلين", "Berlijn", "Berlin"],
];

/// A small deterministic generator (xorshift64*): the same corpus on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Plain words, for front matter.
fn words(rng: &mut Rng, lang: usize, n: usize) -> String {
    (0..n)
        .map(|_| WORDS[lang][rng.below(30)])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A Markdown sentence with some emphasis and links.
fn sentence(rng: &mut Rng, lang: usize, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        let w = WORDS[lang][rng.below(30)];
        match rng.below(20) {
            0 => write!(s, "*{w}*").unwrap(),
            1 => write!(s, "**{w}**").unwrap(),
            2 => write!(s, "[{w}](/people/)").unwrap(),
            _ => s.push_str(w),
        }
    }
    s.push('.');
    s
}

fn body(rng: &mut Rng, lang: usize, release: usize) -> String {
    let target = 500 + rng.below(200);
    let mut text = String::new();
    let mut words = 0;
    let mut part = 0;
    while words < target {
        match part % 7 {
            2 => writeln!(text, "## {}\n", sentence(rng, lang, 4)).unwrap(),
            4 => {
                for _ in 0..3 {
                    writeln!(text, "- {}", sentence(rng, lang, 6)).unwrap();
                }
                text.push('\n');
                words += 18;
            }
            5 => {
                writeln!(text, "> {}\n", sentence(rng, lang, 14)).unwrap();
                words += 14;
            }
            6 if release.is_multiple_of(10) => {
                text.push_str(
                    "```json\n{\"case\": \"ICJ\", \"parties\": [\"NL\", \"CA\"]}\n```\n\n",
                );
            }
            _ => {
                let n = 40 + rng.below(30);
                writeln!(text, "{}\n", sentence(rng, lang, n)).unwrap();
                words += n;
            }
        }
        if part == 3 {
            text.push_str("<!-- statements -->\n\n");
        }
        part += 1;
    }
    text
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn main() {
    let mut releases = 1000usize;
    let mut out = PathBuf::from("corpus");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--releases" => {
                releases = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--releases N")
            }
            "--out" => out = args.next().map(PathBuf::from).expect("--out DIR"),
            other => panic!("unknown argument {other}; use --releases N --out DIR"),
        }
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    if out.exists() {
        std::fs::remove_dir_all(&out).unwrap();
    }
    // The example's configuration and theme; the content is generated.
    let toml = std::fs::read_to_string(repo.join("site.toml")).unwrap();
    write(&out.join("site.toml"), &toml);
    copy(&repo.join("themes"), &out.join("themes"));
    copy(&repo.join("content/pages"), &out.join("content/pages"));

    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let content = out.join("content");
    for p in 0..12 {
        for (l, lang) in LANGS.iter().enumerate() {
            let suffix = if l == 0 {
                String::new()
            } else {
                format!(".{lang}")
            };
            write(
                &content.join(format!("people/person-{p:02}{suffix}.md")),
                &format!(
                    "---\nname: \"{} {p}\"\nrole: \"{}\"\nlanguages: [en, ar]\ninterviews: {}\n---\n{}\n",
                    WORDS[l][p],
                    WORDS[l][(p + 7) % 30],
                    p % 3 != 0,
                    sentence(&mut rng, l, 40)
                ),
            );
        }
    }
    for r in 0..releases {
        let day = 1 + r % 28;
        let month = 1 + (r / 28) % 12;
        let year = 2000 + r / (28 * 12);
        let tags: Vec<usize> = (0..2 + rng.below(3)).map(|_| rng.below(30)).collect();
        let city = rng.below(4);
        for (l, lang) in LANGS.iter().enumerate() {
            let suffix = if l == 0 {
                String::new()
            } else {
                format!(".{lang}")
            };
            let statements: Vec<String> = (0..3).map(|s| format!("r{r:05}-s{s}")).collect();
            let tag_names: Vec<&str> = tags.iter().map(|t| WORDS[l][*t]).collect();
            let text = format!(
                "---\ntitle: \"{}\"\ndate: {year}-{month:02}-{day:02}\nlocation: \"{}\"\nsummary: \"{}\"\ntags: [{}]\nstatements: [{}]\n---\n{}",
                words(&mut rng, l, 8),
                CITIES[city][l],
                words(&mut rng, l, 25),
                tag_names.join(", "),
                statements.join(", "),
                body(&mut rng, l, r),
            );
            write(
                &content.join(format!("releases/release-{r:05}{suffix}.md")),
                &text,
            );
            for (s, slug) in statements.iter().enumerate() {
                let person = (r * 3 + s) % 12;
                write(
                    &content.join(format!("statements/{slug}{suffix}.md")),
                    &format!(
                        "---\nperson: person-{person:02}\ndate: {year}-{month:02}-{day:02}\nintro: \"{}\"\n---\n“{}”\n",
                        WORDS[l][s + 10],
                        sentence(&mut rng, l, 45)
                    ),
                );
            }
        }
    }
    println!(
        "wrote {} releases in {} languages to {}",
        releases,
        LANGS.len(),
        out.display()
    );
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
