//! A test that docs/templates.md names every variable the templates receive: it renders
//! the example site, its embargoed preview and the i18n fixture, and reads each context.

use std::collections::BTreeSet;
use std::path::Path;

use crate::project::{Project, Settings};

/// Every field name inside `value`, at any depth, but for the free `extra:` maps and
/// the UI strings.
fn fields(value: &serde_json::Value, into: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                into.insert(k.clone());
                if k != "extra" {
                    fields(v, into);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| fields(v, into)),
        _ => {}
    }
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

#[test]
fn every_variable_a_template_receives_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/templates.md")).unwrap();
    let preview = Settings {
        preview: true,
        now: Some(chrono::DateTime::parse_from_rfc3339("2023-06-01T00:00:00Z").unwrap()),
        ..Settings::default()
    };
    let fixture = tempfile::tempdir().unwrap();
    copy(&root.join("tests/fixtures/i18n"), fixture.path());
    copy(&root.join("themes"), &fixture.path().join("themes"));
    for (site, settings) in [
        (root, Settings::default()),
        (root, preview),
        (fixture.path(), Settings::default()),
    ] {
        Project::load(site, &settings).unwrap();
    }
    let seen = std::mem::take(&mut *crate::render::page::SEEN.lock().unwrap());
    let mut keys = tera::Tera::default();
    keys.add_raw_template(
        "keys",
        "{% for k, v in __tera_context %}{{ k }} {% endfor %}",
    )
    .unwrap();
    let mut templates = BTreeSet::new();
    let mut missing = BTreeSet::new();
    let every_page = &doc[doc.find("## Every page").unwrap()..doc.find("## Shared views").unwrap()];
    for (template, ctx) in &seen {
        templates.insert(template.clone());
        // The row of the template's table, or the section of every page.
        let row = doc
            .lines()
            .find(|l| l.starts_with("| `") && l.contains(&format!("`{template}`")))
            .unwrap_or("");
        let page_template = doc
            .lines()
            .find(|l| l.starts_with("| `page.html`"))
            .unwrap_or("");
        for key in keys.render("keys", ctx).unwrap().split_whitespace() {
            let named = format!("`{key}`");
            let in_row = row.contains(&named) || (row.is_empty() && page_template.contains(&named));
            if !in_row && !every_page.contains(&named) {
                missing.insert(format!("{template}: {key}"));
            }
            if key == "t" {
                continue;
            }
            let value = serde_json::to_value(ctx.get(key).unwrap()).unwrap();
            let mut names = BTreeSet::new();
            fields(&value, &mut names);
            for name in names {
                if !doc.contains(&format!("`{name}`")) {
                    missing.insert(format!("{template}: {key} … {name}"));
                }
            }
        }
    }
    // The fixtures reach every template of the theme.
    assert!(templates.len() >= 12, "{templates:?}");
    assert!(missing.is_empty(), "not in docs/templates.md: {missing:#?}");
}
