//! What each job reads from the site, so that after a change only the jobs whose inputs
//! changed are rendered again. This mirrors `pages.rs`, `feeds.rs` and `sitemap.rs`: a
//! job's [`Inputs`] name every document it shows (and whether it shows its front matter,
//! its body or both) and every other fact that shapes its output, in order. The tests
//! check that rendering only what this says gives the same bytes as a full build.

use std::path::PathBuf;

use super::Job;
use crate::content::Kind;
use crate::site::Site;

/// Which part of a document a job shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The front matter (titles, dates, names, tags, lists of statements).
    Meta,
    /// The Markdown body.
    Body,
}

/// The inputs of one job. Two equal `Inputs` on two versions of a site, with none of the
/// documents read changed, give the same output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Documents shown, by source file, in the order they are shown.
    pub docs: Vec<(PathBuf, Part)>,
    /// Everything else that shapes the page: which translations exist, page counts, tag
    /// names and counts, which languages have an about and a contact page.
    pub shape: Vec<String>,
}

impl Inputs {
    /// Whether this job shows a part of the document at `path`.
    pub fn reads(&self, path: &std::path::Path, part: Part) -> bool {
        self.docs.iter().any(|(p, q)| *q == part && p == path)
    }
}

struct Reader<'a> {
    site: &'a Site,
    inputs: Inputs,
}

impl Reader<'_> {
    fn doc(&mut self, kind: Kind, i: usize, parts: &[Part]) {
        let path = match kind {
            Kind::Release => &self.site.releases[i].path,
            Kind::Statement => &self.site.statements[i].path,
            Kind::Person => &self.site.people[i].path,
            Kind::Page => &self.site.pages[i].path,
        };
        for part in parts {
            self.inputs.docs.push((path.clone(), *part));
        }
    }

    fn fact(&mut self, fact: String) {
        self.inputs.shape.push(fact);
    }

    /// The translations of a page (switcher, hreflang) and the about and contact pages
    /// of its language (navigation).
    fn base(&mut self, lang: &str, available: &[&str]) {
        self.fact(format!("available {}", available.join(" ")));
        for slug in ["about", "contact"] {
            let found = self
                .site
                .page(slug, lang)
                .map(|(i, _)| self.site.pages[i].lang.clone());
            self.fact(format!("nav {slug} {found:?}"));
        }
    }

    fn card(&mut self, i: usize) {
        self.doc(Kind::Release, i, &[Part::Meta]);
    }

    /// A statement as quoted on a page in `lang`: its text, its speaker's name and where
    /// the speaker's page is.
    fn statement(&mut self, i: usize, lang: &str, fallback: bool) {
        self.fact(format!("fallback {fallback}"));
        self.doc(Kind::Statement, i, &[Part::Meta, Part::Body]);
        let st = &self.site.statements[i];
        if let Some((pi, _)) = self.site.person(&st.meta.person, lang) {
            self.doc(Kind::Person, pi, &[Part::Meta]);
        }
    }

    /// A person's card or page head (the bio comes with it).
    fn person(&mut self, i: usize, fallback: bool) {
        self.fact(format!("fallback {fallback}"));
        self.doc(Kind::Person, i, &[Part::Meta, Part::Body]);
    }

    /// Everyone on the people list (`only_interviews`: those available for interviews), in
    /// the page's language where translated.
    fn people(&mut self, lang: &str, only_interviews: bool) {
        for slug in self.site.people_slugs() {
            if let Some((i, fallback)) = self.site.person(slug, lang)
                && (!only_interviews || self.site.people[i].meta.interviews)
            {
                self.person(i, fallback);
            }
        }
    }

    /// A release's text with its statements in place.
    fn release_body(&mut self, i: usize) {
        let r = &self.site.releases[i];
        self.doc(Kind::Release, i, &[Part::Meta, Part::Body]);
        for slug in &r.meta.statements {
            if let Some((si, fallback)) = self.site.statement(slug, &r.lang) {
                self.statement(si, &r.lang, fallback);
            }
        }
    }
}

impl Job {
    /// What this job reads from `site`.
    pub fn inputs(&self, site: &Site) -> Inputs {
        let mut r = Reader {
            site,
            inputs: Inputs::default(),
        };
        let all: Vec<&str> = site
            .config
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .collect();
        match self {
            Job::Home { lang } => {
                r.base(lang, &all);
                for &i in site
                    .releases_in(lang)
                    .iter()
                    .take(super::pages::HOME_RELEASES)
                {
                    r.card(i);
                }
                r.people(lang, true);
            }
            Job::Releases { lang, page } => {
                let available: Vec<&str> = all
                    .iter()
                    .copied()
                    .filter(|l| site.release_pages(l) >= *page)
                    .collect();
                r.base(lang, &available);
                r.fact(format!("pages {}", site.release_pages(lang)));
                let per = site.config.paginate_by;
                for &i in site
                    .releases_in(lang)
                    .iter()
                    .skip((page - 1) * per)
                    .take(per)
                {
                    r.card(i);
                }
            }
            Job::Item { kind, slug, lang } => {
                let available = site.translations(*kind, slug);
                r.base(lang, &available);
                r.fact(format!("embargo {:?}", site.pending_embargo(*kind, slug)));
                let Some(i) = site.find(*kind, slug, lang) else {
                    return r.inputs;
                };
                match kind {
                    Kind::Release => r.release_body(i),
                    Kind::Statement => {
                        r.statement(i, lang, false);
                        for s in site.quoted_in(slug) {
                            if let Some((ri, _)) = site.release(s, lang) {
                                r.card(ri);
                            }
                        }
                    }
                    Kind::Person => {
                        r.person(i, false);
                        for s in site.statements_by(slug) {
                            if let Some((si, fallback)) = site.statement(s, lang) {
                                r.statement(si, lang, fallback);
                            }
                        }
                    }
                    Kind::Page => {
                        r.doc(Kind::Page, i, &[Part::Meta, Part::Body]);
                        r.people(lang, true);
                    }
                }
            }
            Job::People { lang } => {
                r.base(lang, &all);
                r.people(lang, false);
            }
            Job::Tags { lang } => {
                r.base(lang, &all);
                for (slug, tag) in site.tags.get(lang).into_iter().flatten() {
                    r.fact(format!("tag {slug} {} {}", tag.name, tag.releases.len()));
                }
            }
            Job::Tag { lang, slug } => {
                r.base(lang, &[lang.as_str()]);
                if let Some(tag) = site.tags.get(lang).and_then(|t| t.get(slug)) {
                    r.fact(format!("tag {}", tag.name));
                    for &i in &tag.releases {
                        r.card(i);
                    }
                }
            }
            Job::NotFound => r.base(&site.config.default_language, &[]),
            Job::Feeds { lang } => {
                for (i, date) in site.feed_releases(lang) {
                    r.fact(format!("feed date {date}"));
                    r.release_body(i);
                }
            }
            Job::Sitemap => {
                for l in &all {
                    r.fact(format!("pages {l} {}", site.release_pages(l)));
                    for slug in site.tags.get(*l).into_iter().flat_map(|t| t.keys()) {
                        r.fact(format!("tag {l} {slug}"));
                    }
                }
                for (_, path) in super::all_docs(site) {
                    r.inputs.docs.push((path.to_path_buf(), Part::Meta));
                }
            }
            Job::Robots | Job::Headers => {}
        }
        r.inputs
    }
}
