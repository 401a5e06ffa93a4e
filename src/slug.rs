//! Slugs: the one URL segment and folder name each document and tag gets. A slug comes
//! from a volunteer's file name, front matter or tag, so it must never climb out of its
//! folder or name a device, on any system the site is built on.

pub(crate) const HINT: &str = "use lowercase letters, digits and hyphens, like `icj-torture-case`";

/// A slug becomes one folder name in the output: it must not be able to climb out of it.
pub(crate) fn check(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("the slug is empty".into());
    }
    if slug.len() > crate::limits::FILE_SLUG {
        return Err(format!(
            "the slug is longer than {} bytes",
            crate::limits::FILE_SLUG
        ));
    }
    if slug.contains("..") || slug.contains(['/', '\\']) {
        return Err(format!("`{slug}` would write outside its folder"));
    }
    if [".html", ".htm", ".xml", ".txt"]
        .iter()
        .any(|ext| slug.ends_with(ext))
    {
        return Err(format!(
            "`{slug}` ends like a file name, and the site writes such files itself"
        ));
    }
    if slug.starts_with('.') {
        return Err(format!("`{slug}` starts with a dot (a hidden file)"));
    }
    if let Some(c) = slug.chars().find(|c| {
        matches!(c, '/' | '\\' | ':' | '?' | '#' | '%') || c.is_whitespace() || c.is_control()
    }) {
        return Err(format!("`{}` contains {c:?}", slug.escape_debug()));
    }
    if is_device_name(slug) {
        return Err(format!("`{slug}` is a device name on Windows"));
    }
    Ok(())
}

/// A tag's URL segment: lowercase letters and digits of any script, joined by hyphens.
/// Always a safe folder name on every system: no dots or separators, at most
/// [`MAX_SLUG`] bytes, and never a name Windows reserves for devices (`con`, `nul`, …).
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_SLUG + 4));
    let mut pending_dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            for lower in c.to_lowercase() {
                if out.len() + lower.len_utf8() > MAX_SLUG {
                    return finish_slug(out);
                }
                out.push(lower);
            }
        } else {
            pending_dash = true;
        }
    }
    finish_slug(out)
}

/// Names Windows keeps for devices, whatever the case or extension: `CON`, `nul.txt`, `COM1`.
pub(crate) fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

/// The longest tag slug, in bytes (see [`crate::limits`]).
pub(crate) const MAX_SLUG: usize = crate::limits::TAG_SLUG;

fn finish_slug(mut slug: String) -> String {
    while slug.ends_with('-') {
        slug.pop();
    }
    if is_device_name(&slug) {
        slug.push_str("-tag");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_keeps_letters_of_any_script() {
        assert_eq!(slugify("Human Rights"), "human-rights");
        assert_eq!(slugify("  ICJ / Torture!! "), "icj-torture");
        assert_eq!(slugify("محكمة العدل الدولية"), "محكمة-العدل-الدولية");
        assert_eq!(slugify("../.."), "");
        assert_eq!(slugify("CON"), "con-tag");
        assert_eq!(slugify("a\\b/c\0d"), "a-b-c-d");
        let long = slugify(&"ب".repeat(500));
        assert!(
            long.len() <= MAX_SLUG && long.chars().all(|c| c == 'ب'),
            "{long}"
        );
    }

    #[test]
    fn slugs_that_could_escape_the_output_are_refused() {
        for bad in [
            "",
            "..",
            "../x",
            "a/b",
            "a\\b",
            ".hidden",
            "a b",
            "a\0b",
            "c:x",
            "index.html",
            "feed.xml",
            "CON",
            "lpt1",
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        for good in ["icj-torture-case", "2023-06-12", "تعذيب", "report_v2.1"] {
            assert!(check(good).is_ok(), "{good:?}");
        }
    }
}
