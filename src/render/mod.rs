//! The toolkit outputs render with, all in memory: Markdown bodies turned to HTML once
//! ([`bodies`]), the recording reader every output reads the site through ([`reader`]),
//! the views documents are shown by ([`views`]), what every page shares ([`page`]) and
//! the templates ([`templates`]). Which files exist and what each holds is for
//! `outputs/`; nothing here touches the output folder.

pub(crate) mod bodies;
pub(crate) mod meta;
pub(crate) mod page;
pub(crate) mod reader;
pub(crate) mod templates;
pub(crate) mod views;

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use tera::Value;

use crate::i18n::I18n;
use crate::site::Site;
pub(crate) use bodies::Bodies;
pub(crate) use reader::{Answers, Log, Read, Reader, Reads};
use templates::Templates;

/// What one render of many jobs shares.
pub(crate) struct Renderer<'a> {
    site: &'a Site,
    i18n: &'a I18n,
    templates: &'a Templates,
    bodies: &'a Bodies,
    /// Where to number what each job reads, when recording (for `serve`; a one-off build
    /// records nothing).
    record: Option<&'a reader::Reads>,
    answers: &'a reader::Answers,
    shared: HashMap<String, page::Shared>,
    views: views::Cache,
    /// The templates and languages a page has been rendered in (see
    /// `Cx::check_rendered`).
    sampled: Mutex<Vec<(String, String)>>,
}

impl<'a> Renderer<'a> {
    /// `nav`: the navigation links of a language, read through the reader it is given.
    pub(crate) fn new(
        site: &'a Site,
        i18n: &'a I18n,
        templates: &'a Templates,
        bodies: &'a Bodies,
        record: Option<&'a reader::Reads>,
        answers: &'a reader::Answers,
        nav: &dyn Fn(&Reader, &str) -> page::Nav,
    ) -> Renderer<'a> {
        let reader = Reader::new(site, bodies, record, answers);
        Renderer {
            site,
            i18n,
            templates,
            bodies,
            record,
            answers,
            shared: page::shared(&reader, i18n, nav),
            views: views::Cache::new(site),
            sampled: Mutex::default(),
        }
    }

    /// A context for one job, with a record of its own.
    pub(crate) fn cx(&self) -> Cx<'_> {
        Cx {
            renderer: self,
            reader: Reader::new(self.site, self.bodies, self.record, self.answers),
        }
    }

    /// Whether this is the first page rendered from `template` in `lang`.
    fn first_of(&self, template: &str, lang: &str) -> bool {
        let Ok(mut seen) = self.sampled.lock() else {
            return false;
        };
        if seen.iter().any(|(t, l)| t == template && l == lang) {
            return false;
        }
        seen.push((template.to_string(), lang.to_string()));
        true
    }
}

/// What one job renders with: the render's shared parts, and a reader recording what
/// this job reads (it derefs to it).
pub(crate) struct Cx<'a> {
    renderer: &'a Renderer<'a>,
    reader: Reader<'a>,
}

impl<'a> Cx<'a> {
    /// The UI strings, dates and moments of every language.
    pub(crate) fn i18n(&self) -> &'a I18n {
        self.renderer.i18n
    }

    /// The layout of share cards (`card.toml`), as written and as read.
    pub(crate) fn card_layout(&self) -> (&'a str, &'a crate::cards::Layout) {
        let templates = self.renderer.templates;
        (&templates.card, &templates.card_layout)
    }

    /// The layout of release PDFs (`release.typ`), and the file it came from.
    pub(crate) fn pdf_template(&self) -> (&'a str, Option<&'a std::path::Path>) {
        let templates = self.renderer.templates;
        (
            &templates.pdf,
            templates.file(crate::pdf::TEMPLATE).map(|p| p.as_path()),
        )
    }

    /// A context with a record of its own, for a view shared by many jobs.
    fn fresh(&self) -> Cx<'a> {
        Cx {
            renderer: self.renderer,
            reader: self.reader.fresh(),
        }
    }

    /// What this job read.
    pub(crate) fn into_log(self) -> Log {
        self.reader.into_log()
    }
}

impl<'a> std::ops::Deref for Cx<'a> {
    type Target = Reader<'a>;
    fn deref(&self) -> &Reader<'a> {
        &self.reader
    }
}

fn value<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::from_serializable(v)
}
