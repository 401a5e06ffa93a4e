//! `pressroom check`: everything `build` validates, without writing anything, plus what
//! makes a release embarrassing once published: links and images that lead nowhere,
//! `#fragments` missing on their page, untranslated items, unused statements, silent
//! spokespeople, dates in the future without an embargo, embargoes already lifted,
//! releases without a stable feed id, the Cloudflare "[email protected]" text pasted from
//! a web page, and templates or stylesheets that would make readers' browsers contact
//! another host.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::config::Config;
use crate::content::{Kind, model};
use crate::error::{Diagnostic, Error};
use crate::privacy;
use crate::project::{Project, Settings};
use crate::site::Site;
use crate::text::{counted, printable, printable_name};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// A short name of the kind of problem, stable for scripts: `broken-link`, …
    pub kind: &'static str,
    /// Relative to the site root.
    pub file: PathBuf,
    pub line: Option<usize>,
    /// The column on that line, where it helps.
    pub column: Option<usize>,
    pub message: String,
}

/// Which languages each release, statement and person exists in.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Translations {
    pub languages: Vec<String>,
    /// (kind, slug) → languages present.
    pub items: Vec<TranslationRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TranslationRow {
    pub kind: &'static str,
    pub slug: String,
    pub present: Vec<bool>,
}

/// Everything `check` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub translations: Translations,
    /// The next embargo to lift, for a scheduler to build the site then.
    pub(crate) next_embargo: Option<NextEmbargo>,
}

/// When the next embargo lifts, and what it holds back.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NextEmbargo {
    /// RFC 3339, with the offset it was written with.
    pub(crate) lifts: String,
    pub(crate) kind: &'static str,
    pub(crate) slug: String,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count()
    }
}

/// Checks the site at `root`. Embargoed items are checked too; `now` is the clock for
/// "in the future" and "already lifted".
pub fn check(root: &Path, now: DateTime<FixedOffset>) -> Result<Report, Error> {
    let settings = Settings {
        now: Some(now),
        embargoed: true,
        ..Settings::default()
    };
    let mut report = Report::default();
    let project = match Project::inspect(root, &settings) {
        Ok(p) => p,
        Err(Error::Invalid(diags)) => {
            // The site does not build: report why, and the pasted addresses, which are
            // easy to find without building.
            report.findings.extend(
                diags
                    .into_iter()
                    .map(|d| finding(Severity::Error, "invalid", d)),
            );
            report.findings.extend(cloudflare(root)?);
            sort(&mut report.findings);
            return Ok(report);
        }
        Err(io) => return Err(io),
    };
    let site = project.site();
    report.findings.extend(links(&project));
    report.findings.extend(cloudflare(project.root())?);
    report.findings.extend(other_hosts(&project)?);
    report.findings.extend(
        project
            .other_hosts()
            .iter()
            .map(|d| finding(Severity::Error, "other-host", d.clone())),
    );
    report.findings.extend(editorial(site, now));
    report.findings.extend(
        site.media
            .warnings
            .iter()
            .map(|d| finding(Severity::Warning, "picture", d.clone())),
    );
    report.translations = translations(site, &mut report.findings);
    report.next_embargo = site
        .withheld
        .iter()
        .find(|w| w.until > now)
        .map(|w| NextEmbargo {
            lifts: w.until.to_rfc3339(),
            kind: if w.kind == Kind::Release {
                "release"
            } else {
                "statement"
            },
            slug: w.slug.clone(),
        });
    sort(&mut report.findings);
    Ok(report)
}

fn finding(severity: Severity, kind: &'static str, d: Diagnostic) -> Finding {
    let message = match d.hint {
        Some(hint) => format!("{} ({hint})", d.message),
        None => d.message,
    };
    Finding {
        severity,
        kind,
        file: d.path,
        line: d.line,
        column: d.column,
        message,
    }
}

fn sort(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.severity, &a.message).cmp(&(&b.file, b.line, b.severity, &b.message))
    });
    findings.dedup();
}

/// Where `url` leads inside the site at `base`, as written after the base (`releases/x/#a`,
/// still percent-encoded), or `None` when it leads elsewhere: to another origin, or to
/// the same host outside the site's path.
fn inside(base: &url::Url, url: &url::Url) -> Option<String> {
    if url.origin() != base.origin() {
        return None;
    }
    let mut local = url.path().strip_prefix(base.path())?.to_string();
    if let Some(query) = url.query() {
        local.push('?');
        local.push_str(query);
    }
    if let Some(fragment) = url.fragment() {
        local.push('#');
        local.push_str(fragment);
    }
    Some(local)
}

/// Whether the document read from `source` is under an embargo that has not lifted.
fn is_embargoed(site: &Site, source: &Path) -> bool {
    site.header(source)
        .is_some_and(|d| site.pending_embargo(d.id.kind, d.slug).is_some())
}

/// The first line of `file` (relative to `root`) that holds `needle`; each file is read
/// once into `texts`.
fn line_of(
    texts: &mut HashMap<PathBuf, Option<String>>,
    root: &Path,
    file: &Path,
    needle: &str,
) -> Option<usize> {
    let text = texts
        .entry(file.to_path_buf())
        .or_insert_with(|| crate::files::read_to_string(&root.join(file)).ok())
        .as_deref()?;
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// What a check of links knows about the rendered site.
struct Known<'a> {
    site: &'a Site,
    files: &'a std::collections::BTreeMap<String, crate::outputs::OutputFile>,
    statics: HashSet<&'a str>,
    /// The ids of each page, for fragments.
    ids: HashMap<&'a str, HashSet<&'a str>>,
    /// The content file each page was made from.
    sources: HashMap<&'a str, &'a Path>,
}

/// What is wrong with the `what` ("link", "image") to `local`, a path inside the site
/// (with its fragment), on a page made from `source`, if anything.
fn link_problem(
    local: &str,
    what: &str,
    known: &Known,
    source: Option<&Path>,
) -> Option<(&'static str, String)> {
    let (path, fragment) = match local.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (local, None),
    };
    // A query string changes nothing on a static site.
    let path = path.split('?').next().unwrap_or(path);
    // An encoded slash is refused by servers: the link is broken as written.
    let encoded_slash = path.to_ascii_lowercase().contains("%2f");
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let fragment = fragment.map(|f| {
        percent_encoding::percent_decode_str(f)
            .decode_utf8_lossy()
            .into_owned()
    });
    let mut target = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if !known.files.contains_key(&target) && known.files.contains_key(&format!("{path}/index.html"))
    {
        target = format!("{path}/index.html");
    }
    let exists = !encoded_slash
        && (known.files.contains_key(&target) || known.statics.contains(target.as_str()));
    let embargoed = exists
        && source.is_some_and(|s| !is_embargoed(known.site, s))
        && known
            .sources
            .get(target.as_str())
            .is_some_and(|s| is_embargoed(known.site, s));
    if embargoed {
        Some((
            "links-embargoed",
            format!(
                "links to /{path}, which is under embargo: the link leads nowhere (and names it) until the embargo lifts"
            ),
        ))
    } else if !exists {
        Some((
            if what == "image" {
                "missing-file"
            } else {
                "broken-link"
            },
            format!("the {what} to /{path} leads nowhere"),
        ))
    } else if let Some(fragment) = fragment.as_deref().filter(|f| !f.is_empty())
        && known
            .ids
            .get(target.as_str())
            .is_some_and(|ids| !ids.contains(fragment))
    {
        Some(("missing-fragment", format!("/{path} has no #{fragment}")))
    } else {
        None
    }
}

/// Links and images inside the site that lead nowhere, and fragments missing on their page.
fn links(project: &Project) -> Vec<Finding> {
    use rayon::prelude::*;
    let site = project.site();
    let base = privacy::site_url(&site.config);
    let files = project.files();
    let statics: HashSet<&str> = project
        .static_files()
        .iter()
        .map(|f| f.target.as_str())
        .collect();
    // Every page read as a browser reads it, at its own URL.
    let pages: Vec<(&str, privacy::Scan)> = files
        .par_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, f)| {
            let html = std::str::from_utf8(&f.bytes).unwrap_or("");
            let at = base
                .join(p.strip_suffix("index.html").unwrap_or(p))
                .unwrap_or_else(|_| base.clone());
            (p.as_str(), privacy::html(html, &at))
        })
        .collect();
    let ids: HashMap<&str, HashSet<&str>> = pages
        .iter()
        .map(|(p, scan)| (*p, scan.ids.iter().map(String::as_str).collect()))
        .collect();
    let templates = project.template_files();
    let known = Known {
        site,
        files,
        statics,
        ids,
        sources: project.sources(),
    };

    let mut findings = Vec::new();
    let mut seen = HashSet::new();
    let mut texts = HashMap::new();
    for (page, scan) in &pages {
        let source = known.sources.get(page).map(|p| p.to_path_buf());
        // Finding the line of each costs a pass over its file: past a few, the rest of
        // the page's are counted.
        let (mut found, mut more) = (0, 0);
        for r in &scan.references {
            let what = if r.place.ends_with(" href") {
                "link"
            } else if r.place == "script src" {
                "script"
            } else if r.place.ends_with(" src") {
                "image"
            } else {
                continue;
            };
            // Other hosts: loads are found when the project is loaded.
            let Some(local) = r.url.as_ref().and_then(|u| inside(&base, u)) else {
                continue;
            };
            let local = local.as_str();
            let problem = link_problem(local, what, &known, source.as_deref());
            let Some((kind, message)) = problem else {
                continue;
            };
            if found == crate::limits::PROBLEMS_PER_FILE {
                more += 1;
                continue;
            }
            found += 1;
            // Point at the line that wrote the link: the page's own file, else the
            // template that holds it, else the page.
            // The link as written first (with its fragment), then its path alone.
            let written = format!("/{}", local.trim_start_matches('/'));
            let path_only = written
                .split(['#', '?'])
                .next()
                .unwrap_or(&written)
                .to_string();
            let (at, line) = source
                .iter()
                .chain(templates.iter())
                .find_map(|f| {
                    [&written, &path_only]
                        .iter()
                        .find_map(|n| line_of(&mut texts, project.root(), f, n))
                        .map(|l| (f.clone(), Some(l)))
                })
                .unwrap_or_else(|| (source.clone().unwrap_or_else(|| PathBuf::from(page)), None));
            if seen.insert((at.clone(), line, message.clone())) {
                findings.push(Finding {
                    severity: Severity::Error,
                    kind,
                    file: at,
                    line,
                    column: None,
                    message,
                });
            }
        }
        // Counted on the page's own file; a page made from templates alone repeats
        // theirs, which are reported at their lines already.
        if more > 0
            && let Some(file) = source.clone()
        {
            findings.push(Finding {
                severity: Severity::Error,
                kind: "broken-link",
                file,
                line: None,
                column: None,
                message: format!("… and {more} more broken links, images or fragments on /{page}"),
            });
        }
    }
    findings
}

/// Cloudflare replaces email addresses on web pages with "[email protected]" and a
/// `/cdn-cgi/l/email-protection` link: pasted into a release, the address is lost.
fn cloudflare(root: &Path) -> Result<Vec<Finding>, Error> {
    let mut findings = Vec::new();
    let dir = root.join(crate::content::DIR);
    // Links and special files are reported with the site's other problems.
    let files = crate::files::walk(&dir, root, root, crate::files::Links::Skip).unwrap_or_default();
    for path in files {
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = crate::files::read_to_string(&path) else {
            continue;
        };
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        for (i, line) in text.lines().enumerate() {
            if line.contains("[email\u{a0}protected]")
                || line.contains("[email protected]")
                || line.contains("/cdn-cgi/l/email-protection")
            {
                findings.push(Finding {
                    severity: Severity::Error,
                    kind: "hidden-email",
                    file: rel.clone(),
                    line: Some(i + 1),
                    column: None,
                    message: "an email address hidden by Cloudflare was pasted here; write the real address".into(),
                });
            }
        }
    }
    Ok(findings)
}

/// Templates and stylesheets that point at other hosts. Loading anything from another host
/// (a stylesheet, script, font, image, frame) tells it who reads the page: an error, unless
/// site.toml allows the host. A plain link only leaves when clicked: a warning, to review.
fn other_hosts(project: &Project) -> Result<Vec<Finding>, Error> {
    let config = &project.site().config;
    let found = privacy::theme_references(
        project.root(),
        config,
        &project.template_files(),
        project.static_files(),
    )?;
    Ok(found
        .into_iter()
        // Loads are errors the project already found; plain links are worth a look.
        .filter(|(_, r)| !r.loads && r.url.as_ref().is_some_and(|u| privacy::foreign(config, u)))
        .map(|(file, r)| Finding {
            severity: Severity::Warning,
            kind: "other-host",
            file,
            line: Some(r.line),
            column: None,
            message: format!("links to {} on another host", r.written.escape_debug()),
        })
        .collect())
}

/// Editorial warnings: text `new` and `init` wrote still waiting to be replaced, unused
/// statements, silent people, future dates without embargo, lifted embargoes, missing feed
/// ids.
fn editorial(site: &Site, now: DateTime<FixedOffset>) -> Vec<Finding> {
    let mut findings: Vec<Finding> = site
        .placeholders()
        .into_iter()
        .map(|(file, line)| Finding {
            severity: Severity::Warning,
            kind: "placeholder",
            file: file.to_path_buf(),
            line: Some(line),
            column: None,
            message: "still holds the placeholder text pressroom wrote: replace it with your own"
                .into(),
        })
        .collect();
    let warn = |kind: &'static str, file: &Path, line: Option<usize>, message: String| Finding {
        severity: Severity::Warning,
        kind,
        file: file.to_path_buf(),
        line,
        column: None,
        message,
    };
    let lifted = |path: &Path, line: Option<usize>, moment: DateTime<FixedOffset>, what: &str| {
        warn(
            "lifted-embargo",
            path,
            line,
            format!("the embargo lifted at {}: the {what}", moment.to_rfc3339()),
        )
    };
    for (_, s) in site.all::<model::Statement>() {
        if site.quoted_in(&s.slug).is_empty() {
            findings.push(warn(
                "unused-statement",
                &s.path,
                None,
                format!("statement `{}` is quoted in no release", s.slug),
            ));
        }
        if let Some(m) = s.meta.embargo.filter(|m| m.0 <= now) {
            findings.push(lifted(
                &s.path,
                s.line_of_key("embargo"),
                m.0,
                "statement is published",
            ));
        }
    }
    for (_, p) in site.all::<model::Person>() {
        if site.statements_by(&p.slug).is_empty() {
            findings.push(warn(
                "silent-person",
                &p.path,
                None,
                format!("`{}` has no statements", p.slug),
            ));
        }
    }
    for (_, r) in site.all::<model::Release>() {
        let embargo = site.embargo(Kind::Release, &r.slug);
        if r.meta.date.is_after(now) && embargo.is_none() {
            findings.push(warn(
                "future-date",
                &r.path,
                r.line_of_key("date"),
                "dated in the future without an embargo: it is published as soon as it is built (add `embargo:` to hold it back)".into(),
            ));
        }
        if let Some(m) = r.meta.embargo.filter(|m| m.0 <= now) {
            findings.push(lifted(
                &r.path,
                r.line_of_key("embargo"),
                m.0,
                "release is published (keep the key: feeds date it by the embargo)",
            ));
        }
        if r.meta.id.is_none() {
            findings.push(warn(
                "missing-id",
                &r.path,
                None,
                "no feed `id`: renaming the file or changing its date would show it as new in feed readers (add `id: urn:uuid:…`)".into(),
            ));
        }
    }
    findings
}

/// The translation table, with a warning for each missing translation (on the
/// default-language file, or the first one).
fn translations(site: &Site, findings: &mut Vec<Finding>) -> Translations {
    let config: &Config = &site.config;
    let languages: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    let mut table = Translations {
        languages: languages.clone(),
        items: Vec::new(),
    };
    let mut slugs: BTreeMap<(Kind, &str), Vec<(&str, &Path)>> = BTreeMap::new();
    for d in site.headers().filter(|d| d.id.kind != Kind::Page) {
        slugs
            .entry((d.id.kind, d.slug))
            .or_default()
            .push((d.lang, d.path));
    }
    for ((kind, slug), files) in slugs {
        let present: Vec<bool> = languages
            .iter()
            .map(|l| files.iter().any(|(fl, _)| fl == l))
            .collect();
        let anchor = files
            .iter()
            .find(|(l, _)| config.is_default(l))
            .or(files.first())
            .map(|(_, p)| p.to_path_buf())
            .unwrap_or_default();
        let kind_name = kind.singular();
        for (lang, here) in languages.iter().zip(&present) {
            if !here {
                findings.push(Finding {
                    severity: Severity::Warning,
                    kind: "missing-translation",
                    file: anchor.clone(),
                    line: None,
                    column: None,
                    message: format!("no {lang} translation of {kind_name} `{slug}`"),
                });
            }
        }
        table.items.push(TranslationRow {
            kind: kind_name,
            slug: slug.to_string(),
            present,
        });
    }
    table
}

/// The report for a terminal: findings grouped by file, the translation table, a count.
pub fn to_text(report: &Report) -> String {
    to_text_as(report, false)
}

/// The report for a terminal, findings grouped under their file: `--format grouped`.
pub fn to_grouped_text(report: &Report) -> String {
    to_text_as(report, true)
}

/// Findings one to a line as `file:line:column: severity: message [kind]`, which editors
/// and CI annotations jump to, or grouped under their file; then the translation table
/// and a count.
fn to_text_as(report: &Report, grouped: bool) -> String {
    let mut out = String::new();
    let mut current: Option<&Path> = None;
    for f in &report.findings {
        let file = printable_name(&f.file.display().to_string()).into_owned();
        let place = match (f.line, f.column) {
            (Some(l), Some(c)) => format!(":{l}:{c}"),
            (Some(l), None) => format!(":{l}"),
            _ => String::new(),
        };
        let severity = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let message = printable(&f.message);
        if grouped {
            if current != Some(f.file.as_path()) {
                out.push_str(&format!("{file}\n"));
                current = Some(&f.file);
            }
            let at = f.line.map(|l| format!("{l}: ")).unwrap_or_default();
            out.push_str(&format!("  {at}{severity}: {message} [{}]\n", f.kind));
        } else {
            out.push_str(&format!(
                "{file}{place}: {severity}: {message} [{}]\n",
                f.kind
            ));
        }
    }
    let t = &report.translations;
    if !t.items.is_empty() {
        let width = t
            .items
            .iter()
            .map(|r| r.kind.len() + r.slug.len() + 1)
            .max()
            .unwrap_or(0);
        out.push_str(&format!(
            "\nTranslations\n  {:width$}  {}\n",
            "",
            t.languages.join("  ")
        ));
        for row in &t.items {
            let marks: Vec<String> = row
                .present
                .iter()
                .zip(&t.languages)
                .map(|(p, l)| format!("{:<w$}", if *p { "✓" } else { "–" }, w = l.len()))
                .collect();
            out.push_str(&format!(
                "  {:width$}  {}\n",
                format!("{} {}", row.kind, printable_name(&row.slug)),
                marks.join("  ")
            ));
        }
    }
    out.push_str(&format!(
        "\n{}, {}\n",
        counted(report.errors(), "errors"),
        counted(report.warnings(), "warnings")
    ));
    out
}
