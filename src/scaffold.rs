//! `pressroom new` and `pressroom init`: new content files with their whole front matter
//! (a fresh feed id included), and new sites with the default theme and a sample release.
//! Nothing here ever overwrites a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::{self, Config};
use crate::content::{self, Kind};
use crate::error::{Diagnostic, Error};
use crate::placeholder::words;

/// What `pressroom new` makes.
#[derive(Debug, Clone)]
pub enum New {
    Release { title: String },
    Statement { person: String },
    Person { name: String },
}

/// Options shared by every kind of new file.
#[derive(Debug, Clone, Default)]
pub struct NewOptions {
    /// The language of the new file (default: the site's default language).
    pub lang: Option<String>,
    /// The slug; by default made from the title or name.
    pub slug: Option<String>,
    /// The date (default: today).
    pub date: Option<NaiveDate>,
}

/// Writes the new file and returns its path.
pub fn new_file(
    root: &Path,
    what: &New,
    options: &NewOptions,
    today: NaiveDate,
) -> Result<PathBuf, Error> {
    let config = Config::load(root)?;
    let lang = options
        .lang
        .clone()
        .unwrap_or_else(|| config.default_language.clone());
    if config.language(&lang).is_none() {
        return Err(Diagnostic::new(
            config::FILE_NAME,
            None,
            format!("language `{lang}` is not in site.toml"),
        )
        .with_hint("add a [languages.CODE] table, or pick one of the site's languages")
        .into());
    }
    let date = options.date.unwrap_or(today);
    let (kind, slug, text) = match what {
        New::Release { title } => {
            let slug = pick_slug(options.slug.as_deref(), title)?;
            // A translation starts from the release it translates: same date, statements,
            // tags and embargo; only the words are new.
            let original = find_translation(root, Kind::Release, &slug, &config, &lang);
            let text = match original {
                Some(source) => translate_release(&source, title, options.date, &lang),
                None => release(title, date, &lang),
            };
            (Kind::Release, slug, text)
        }
        New::Statement { person } => {
            if !exists_in_any_language(root, Kind::Person, person, &config) {
                let people = slugs_in(root, Kind::Person, &config);
                let known: Vec<&str> = people.iter().map(String::as_str).collect();
                let meant = content::front_matter::did_you_mean(person, &known)
                    .map(|k| format!("did you mean `{k}`? Otherwise "))
                    .unwrap_or_default();
                return Err(Diagnostic::new(
                    Path::new(content::DIR).join("people"),
                    None,
                    format!("there is no person `{person}`"),
                )
                .with_hint(format!(
                    "{meant}create them first: pressroom new person \"Name\" --slug {person}"
                ))
                .into());
            }
            let slug = match &options.slug {
                Some(s) => checked(s)?,
                None => free_slug(root, Kind::Statement, &format!("{person}-{date}"), &config),
            };
            (Kind::Statement, slug, statement(person, date, &lang))
        }
        New::Person { name } => {
            let slug = pick_slug(options.slug.as_deref(), name)?;
            (Kind::Person, slug, person(name, &lang))
        }
    };
    let path = file_path(root, kind, &slug, &config, &lang);
    // As the build reads: never through a link out of the site.
    crate::files::folder(root, &path)?;
    write_new(&path, &text)?;
    Ok(path)
}

/// `content/releases/<slug>.md`, or `<slug>.<lang>.md` for another language.
fn file_path(root: &Path, kind: Kind, slug: &str, config: &Config, lang: &str) -> PathBuf {
    let name = if config.is_default(lang) {
        format!("{slug}.md")
    } else {
        format!("{slug}.{lang}.md")
    };
    root.join(content::DIR).join(kind.dir()).join(name)
}

/// The slugs of the files of `kind`, in any language.
fn slugs_in(root: &Path, kind: Kind, config: &Config) -> Vec<String> {
    let dir = root.join(content::DIR).join(kind.dir());
    let mut slugs: Vec<String> = crate::files::walk(&dir, root, root, crate::files::Links::Skip)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| {
            p.file_name()?
                .to_str()?
                .strip_suffix(".md")
                .map(str::to_string)
        })
        .map(|stem| match stem.rsplit_once('.') {
            Some((slug, lang)) if config.language(lang).is_some() => slug.to_string(),
            _ => stem,
        })
        .collect();
    slugs.sort();
    slugs.dedup();
    slugs
}

fn exists_in_any_language(root: &Path, kind: Kind, slug: &str, config: &Config) -> bool {
    config
        .languages
        .iter()
        .any(|l| file_path(root, kind, slug, config, &l.code).is_file())
}

/// The text of another language's version of `slug`, preferring the default language.
fn find_translation(
    root: &Path,
    kind: Kind,
    slug: &str,
    config: &Config,
    lang: &str,
) -> Option<String> {
    config
        .languages
        .iter()
        .filter(|l| l.code != lang)
        .find_map(|l| {
            // Read as the build reads: no link out of the site, no pipe.
            let path = file_path(root, kind, slug, config, &l.code);
            crate::files::folder(root, &path).ok()?;
            crate::files::read_to_string(&path).ok()
        })
}

/// `slug`, `slug-2`, `slug-3`… whichever no language uses: a slug taken in another
/// language would make the new file its translation.
fn free_slug(root: &Path, kind: Kind, base: &str, config: &Config) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                base.to_string()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|s| !exists_in_any_language(root, kind, s, config))
        .expect("an unused slug")
}

fn pick_slug(given: Option<&str>, title: &str) -> Result<String, Error> {
    match given {
        Some(s) => checked(s),
        None => slug_from(title).ok_or_else(|| {
            Diagnostic::new(
                "--slug",
                None,
                format!("cannot make a URL slug from `{title}`: it is not written in Latin letters"),
            )
            .with_hint("choose the slug yourself, e.g. --slug icj-torture-case (translations reuse the original's slug)")
            .into()
        }),
    }
}

fn checked(slug: &str) -> Result<String, Error> {
    // A dot would make `x.ar` read as the Arabic translation of `x`.
    if slug.contains('.') {
        return Err(
            Diagnostic::new("--slug", None, format!("bad slug: `{slug}` contains a dot"))
                .with_hint("use letters, digits and hyphens; choose the language with --lang")
                .into(),
        );
    }
    crate::slug::check(slug)
        .map(|()| slug.to_string())
        .map_err(|m| Diagnostic::new("--slug", None, format!("bad slug: {m}")).into())
}

/// A slug from a title in Latin letters: accents and ligatures spelled out in ASCII
/// ("Déclaration sur l’ICJ" → `declaration-sur-l-icj`). `None` for other scripts, where a
/// guessed transliteration would be wrong more often than right.
pub(crate) fn slug_from(title: &str) -> Option<String> {
    let latin = title
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| matches!(c as u32, 0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF));
    if !latin {
        return None;
    }
    let ascii = deunicode::deunicode(title).to_lowercase();
    let mut slug = String::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() > 80 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    (!slug.is_empty()).then_some(slug)
}

fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::from(
                    Diagnostic::new(path, None, "already exists; nothing was written")
                        .with_hint("pick another slug with --slug, or edit the file"),
                )
            } else {
                Error::io(path, e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(path, e))
}

/// A double-quoted YAML string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn fresh_id() -> String {
    format!("urn:uuid:{}", uuid::Uuid::new_v4())
}

fn release(title: &str, date: NaiveDate, lang: &str) -> String {
    format!(
        "---\n\
         title: {}\n\
         date: {date}\n\
         # embargo: {date}T09:00:00+00:00\n\
         subtitle: \"\"\n\
         summary: \"\"\n\
         location: \"\"\n\
         tags: []\n\
         statements: []\n\
         id: {}\n\
         draft: false\n\
         ---\n\
         {}\n",
        quoted(title),
        fresh_id(),
        words(lang).release
    )
}

/// A translation: the original's front matter with a new title (and date, when given), a
/// fresh id, the texts to translate emptied, and an empty body.
fn translate_release(original: &str, title: &str, date: Option<NaiveDate>, lang: &str) -> String {
    let yaml = content::front_matter::split(original)
        .map(|s| s.yaml)
        .unwrap_or_default();
    let mut out = String::from("---\n");
    // Indented lines continue the key above them; they go with it when it is replaced.
    let mut skipping = false;
    for line in yaml.lines() {
        if line.starts_with([' ', '\t']) && skipping {
            continue;
        }
        let key = line.split(':').next().unwrap_or_default();
        skipping = true;
        match (key, date) {
            ("title", _) => out.push_str(&format!("title: {}\n", quoted(title))),
            ("id", _) => out.push_str(&format!("id: {}\n", fresh_id())),
            ("date", Some(date)) => out.push_str(&format!("date: {date}\n")),
            ("subtitle" | "summary" | "location", _) => out.push_str(&format!("{key}: \"\"\n")),
            _ => {
                skipping = false;
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if !yaml.lines().any(|l| l.starts_with("id:")) {
        out.push_str(&format!("id: {}\n", fresh_id()));
    }
    out.push_str(&format!("---\n{}\n", words(lang).translate));
    out
}

fn statement(person: &str, date: NaiveDate, lang: &str) -> String {
    format!(
        "---\n\
         person: {person}\n\
         date: {date}\n\
         # The words between the name and the quote; without them the page reads\n\
         # \"Name said:\". For example:\n\
         # intro: \"Executive Director of the organisation, said:\"\n\
         # embargo: {date}T09:00:00+00:00\n\
         ---\n\
         {}\n",
        words(lang).quote
    )
}

fn person(name: &str, lang: &str) -> String {
    format!(
        "---\n\
         name: {}\n\
         role: \"\"\n\
         organization: \"\"\n\
         languages: [{lang}]\n\
         interviews: false\n\
         # photo: people/name.jpg\n\
         ---\n\
         {}\n",
        quoted(name),
        words(lang).bio
    )
}

/// The default theme, built into the binary so `init` works anywhere. A test checks this
/// list against themes/campaign/.
pub(crate) const THEME: &[(&str, &str)] = &[
    (
        "i18n/ar.yaml",
        include_str!("../themes/campaign/i18n/ar.yaml"),
    ),
    (
        "i18n/en.yaml",
        include_str!("../themes/campaign/i18n/en.yaml"),
    ),
    (
        "i18n/fr.yaml",
        include_str!("../themes/campaign/i18n/fr.yaml"),
    ),
    (
        "i18n/nl.yaml",
        include_str!("../themes/campaign/i18n/nl.yaml"),
    ),
    (
        "static/contact.js",
        include_str!("../themes/campaign/static/contact.js"),
    ),
    (
        "static/highlight.css",
        include_str!("../themes/campaign/static/highlight.css"),
    ),
    (
        "static/search.js",
        include_str!("../themes/campaign/static/search.js"),
    ),
    (
        "static/style.css",
        include_str!("../themes/campaign/static/style.css"),
    ),
    (
        "templates/404.html",
        include_str!("../themes/campaign/templates/404.html"),
    ),
    (
        "templates/base.html",
        include_str!("../themes/campaign/templates/base.html"),
    ),
    (
        "templates/card.toml",
        include_str!("../themes/campaign/templates/card.toml"),
    ),
    (
        "templates/contact.html",
        include_str!("../themes/campaign/templates/contact.html"),
    ),
    (
        "templates/feeds.html",
        include_str!("../themes/campaign/templates/feeds.html"),
    ),
    (
        "templates/home.html",
        include_str!("../themes/campaign/templates/home.html"),
    ),
    (
        "templates/page.html",
        include_str!("../themes/campaign/templates/page.html"),
    ),
    (
        "templates/partials/contact_details.html",
        include_str!("../themes/campaign/templates/partials/contact_details.html"),
    ),
    (
        "templates/partials/corrections.html",
        include_str!("../themes/campaign/templates/partials/corrections.html"),
    ),
    (
        "templates/partials/feed_links.html",
        include_str!("../themes/campaign/templates/partials/feed_links.html"),
    ),
    (
        "templates/press_kit_release.html",
        include_str!("../themes/campaign/templates/press_kit_release.html"),
    ),
    (
        "templates/release.typ",
        include_str!("../themes/campaign/templates/release.typ"),
    ),
    (
        "templates/partials/feed_release.html",
        include_str!("../themes/campaign/templates/partials/feed_release.html"),
    ),
    (
        "templates/partials/feed_statement.html",
        include_str!("../themes/campaign/templates/partials/feed_statement.html"),
    ),
    (
        "templates/partials/interview_languages.html",
        include_str!("../themes/campaign/templates/partials/interview_languages.html"),
    ),
    (
        "templates/partials/notes.html",
        include_str!("../themes/campaign/templates/partials/notes.html"),
    ),
    (
        "templates/partials/person_card.html",
        include_str!("../themes/campaign/templates/partials/person_card.html"),
    ),
    (
        "templates/partials/picture.html",
        include_str!("../themes/campaign/templates/partials/picture.html"),
    ),
    (
        "templates/partials/release_body.html",
        include_str!("../themes/campaign/templates/partials/release_body.html"),
    ),
    (
        "templates/partials/release_card.html",
        include_str!("../themes/campaign/templates/partials/release_card.html"),
    ),
    (
        "templates/partials/statement.html",
        include_str!("../themes/campaign/templates/partials/statement.html"),
    ),
    (
        "templates/people.html",
        include_str!("../themes/campaign/templates/people.html"),
    ),
    (
        "templates/person.html",
        include_str!("../themes/campaign/templates/person.html"),
    ),
    (
        "templates/release.html",
        include_str!("../themes/campaign/templates/release.html"),
    ),
    (
        "templates/releases.html",
        include_str!("../themes/campaign/templates/releases.html"),
    ),
    (
        "templates/archive.html",
        include_str!("../themes/campaign/templates/archive.html"),
    ),
    (
        "templates/search.html",
        include_str!("../themes/campaign/templates/search.html"),
    ),
    (
        "templates/search_record.html",
        include_str!("../themes/campaign/templates/search_record.html"),
    ),
    (
        "templates/statement.html",
        include_str!("../themes/campaign/templates/statement.html"),
    ),
    (
        "templates/tag.html",
        include_str!("../themes/campaign/templates/tag.html"),
    ),
    (
        "templates/tags.html",
        include_str!("../themes/campaign/templates/tags.html"),
    ),
];

/// Creates a new site in `dir` (which must be empty or absent) in `languages` (codes,
/// the first the default; English when none): site.toml, the default theme, an about and
/// a contact page, one spokesperson and one sample release, in each language pressroom
/// has words for. It builds straight away, and speaks of no campaign in particular.
pub fn init(dir: &Path, today: NaiveDate, languages: &[String]) -> Result<Vec<PathBuf>, Error> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(
            Diagnostic::new(dir, None, "is not empty; nothing was written")
                .with_hint("give init a new or empty folder")
                .into(),
        );
    }
    let languages: Vec<String> = if languages.is_empty() {
        vec!["en".to_string()]
    } else {
        languages.to_vec()
    };
    for code in &languages {
        if !config::is_language_code(code) {
            return Err(Diagnostic::new(
                "--languages",
                None,
                format!("`{code}` is not a language code like `en`, `ar` or `pt-BR`"),
            )
            .into());
        }
    }
    let default = &languages[0];
    let mut files: Vec<(PathBuf, String)> = THEME
        .iter()
        .map(|(rel, text)| (Path::new("themes/campaign").join(rel), text.to_string()))
        .collect();
    files.push((PathBuf::from(config::FILE_NAME), site_toml(&languages)));
    // What a build makes, kept out of version control: the site, and pictures and cards
    // kept between builds.
    files.push((
        PathBuf::from(".gitignore"),
        "/public/\n/.pressroom-cache/\n".to_string(),
    ));
    for code in &languages {
        let w = words(code);
        // Languages pressroom has no words for get their table in site.toml only.
        if w.code != code.split('-').next().unwrap_or(code) && code != default {
            continue;
        }
        let name = |slug: &str| {
            if code == default {
                format!("{slug}.md")
            } else {
                format!("{slug}.{code}.md")
            }
        };
        files.push((
            Path::new("content/pages").join(name("about")),
            format!("---\ntitle: {}\n---\n{}\n", quoted(w.about.0), w.about.1),
        ));
        files.push((
            Path::new("content/pages").join(name("contact")),
            format!(
                "---\ntitle: {}\ntemplate: contact\n---\n{}\n",
                quoted(w.contact.0),
                w.contact.1
            ),
        ));
        files.push((
            Path::new("content/people").join(name("spokesperson")),
            person(w.spokesperson, code).replace("interviews: false", "interviews: true"),
        ));
        files.push((
            Path::new("content/statements").join(name("spokesperson-welcome")),
            statement("spokesperson", today, code).replace(w.quote, w.welcome_quote),
        ));
        files.push((
            Path::new("content/releases").join(name("welcome")),
            release(w.welcome.0, today, code)
                .replace("statements: []", "statements: [spokesperson-welcome]")
                .replace(w.release, w.welcome.1),
        ));
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        write_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

/// The site.toml of a new site in `languages`, the first the default.
fn site_toml(languages: &[String]) -> String {
    let default = &languages[0];
    let mut text = format!(
        "# Your site. Every key is explained in pressroom's README.\n\
         title = {}\n\
         base_url = \"https://press.example.org\"\n\
         default_language = \"{default}\"\n\
         theme = \"campaign\"\n\
         # The zone your press office works in, such as Europe/Amsterdam: dates and\n\
         # embargoes are shown in it, and a release dated by its day alone is published\n\
         # at publish_time there.\n\
         timezone = \"UTC\"\n\
         publish_time = \"09:00\"\n",
        quoted(words(default).title)
    );
    for code in languages {
        let w = words(code);
        let name = config::KNOWN_LANGUAGES
            .iter()
            .find(|(c, ..)| *c == code.split('-').next().unwrap_or(code))
            .map_or(code.as_str(), |(_, _, own)| own);
        text.push_str(&format!(
            "\n[languages.{code}]\n\
             name = {}\n\
             locale = \"{code}\"\n",
            quoted(name)
        ));
        if code != default {
            text.push_str(&format!("title = {}\n", quoted(w.title)));
        }
        text.push_str(&format!(
            "boilerplate = {}\n\
             # What the contact page says about interview requests: who reads them, how\n\
             # long they are kept, and who the data controller is (name your organisation).\n\
             privacy_notice = {}\n\
             # The line under the site's name on the home page:\n\
             # tagline = \"Press releases and interview contacts on …\"\n\
             # Whom journalists can ask to interview, as the contact form offers them:\n\
             # interviewees = [\"A spokesperson\", \"A legal expert\"]\n",
            quoted(w.boilerplate),
            quoted(&privacy_notice(code))
        ));
    }
    text.push_str(SITE_TOML_END);
    text
}

/// The built-in theme's neutral privacy notice in `lang` (English for a language it has no
/// strings for), which `init` writes into site.toml for staff to make their own.
fn privacy_notice(lang: &str) -> String {
    let primary = lang.split('-').next().unwrap_or(lang);
    let notice = |code: &str| {
        let (_, text) = THEME
            .iter()
            .find(|(path, _)| *path == format!("i18n/{code}.yaml"))?;
        let strings: std::collections::BTreeMap<String, String> =
            serde_yaml::from_str(text).ok()?;
        strings.get("privacy_notice_default").cloned()
    };
    notice(primary)
        .or_else(|| notice("en"))
        .expect("the built-in theme has an English privacy notice")
}

const SITE_TOML_END: &str = r#"
[contact]
email = "press@example.org"
phone = ""
# Where the interview-request form posts. Empty: it composes an email to `email`.
form_action = ""

# Nothing on this site loads from another host: each such request tells that host who
# reads the page. Name a host here only if you must (an image server you run, say).
# [privacy]
# allow_hosts = ["media.example.org"]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_latin_titles_and_none_from_other_scripts() {
        for (title, slug) in [
            (
                "Landmark torture case against Assad regime",
                "landmark-torture-case-against-assad-regime",
            ),
            (
                "Déclaration sur l’affaire de la CIJ",
                "declaration-sur-l-affaire-de-la-cij",
            ),
            ("Straße, Ærø & Łódź: 2023!", "strasse-aero-lodz-2023"),
            ("Zaak tegen Syrië", "zaak-tegen-syrie"),
        ] {
            assert_eq!(slug_from(title).as_deref(), Some(slug), "{title}");
        }
        assert_eq!(slug_from("تقديم قضية تعذيب"), None);
        assert_eq!(slug_from("ICJ قضية"), None);
        assert_eq!(slug_from("!!!"), None);
    }

    #[test]
    fn the_built_in_theme_is_the_theme_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/campaign");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        // The fonts are built in on their own (fonts::FONTS), with their licence, and
        // not copied into new sites.
        let fonts: Vec<String> = crate::fonts::FONTS
            .iter()
            .map(|(name, _)| format!("fonts/{name}"))
            .chain(["fonts/OFL.txt".to_string()])
            .collect();
        on_disk.retain(|f| !fonts.contains(f));
        let mut built_in: Vec<String> = THEME.iter().map(|(p, _)| p.to_string()).collect();
        built_in.sort();
        assert_eq!(
            built_in, on_disk,
            "list every theme file in scaffold::THEME"
        );
    }
}
