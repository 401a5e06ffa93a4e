//! The media contact as a vCard 3.0 (RFC 2426), the version address books on phones and
//! desktops all import.

/// The card of the press office `office` (its name in the kit's first language), with its
/// media contact's `email` and `phone` (either may be empty) and the contact page `url`.
pub(crate) fn vcard(office: &str, email: &str, phone: &str, url: &str) -> String {
    let mut lines = vec![
        "BEGIN:VCARD".to_string(),
        "VERSION:3.0".to_string(),
        format!("FN:{}", escape(office)),
        // No person's name: the card is the office's.
        "N:;;;;".to_string(),
        format!("ORG:{}", escape(office)),
        // Apple's address book then shows an organisation, not a person without a name;
        // others skip what they do not know.
        "X-ABShowAs:COMPANY".to_string(),
    ];
    if !email.trim().is_empty() {
        lines.push(format!(
            "EMAIL;TYPE=INTERNET,WORK:{}",
            address(email.trim())
        ));
    }
    if !phone.trim().is_empty() {
        lines.push(format!("TEL;TYPE=WORK,VOICE:{}", escape(phone.trim())));
    }
    if !url.is_empty() {
        lines.push(format!("URL:{}", address(url)));
    }
    lines.push("END:VCARD".to_string());
    let mut card = String::new();
    for line in lines {
        fold(&line, &mut card);
    }
    card
}

/// A text value with `\`, `,`, `;` and line breaks escaped (RFC 2426, 4), and every other
/// character some reader takes for a line break (controls, U+2028, U+2029) left out: no
/// value can start a property of its own.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            c if breaks(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// An address (email, URL) as it is written, without what could break its line: not text,
/// so not escaped.
fn address(value: &str) -> String {
    value
        .chars()
        .filter(|c| !breaks(*c) && *c != '\n')
        .collect()
}

fn breaks(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `line` folded at 75 bytes, never inside a character, each piece ending in CRLF and
/// each continuation beginning with a space (RFC 2425, 5.8.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_long_lines_folded_between_characters() {
        let card = vcard(
            "Office; of, \\justice\\",
            "press@example.org",
            "",
            "https://press.example.org/contact/",
        );
        assert!(
            card.contains("\r\nFN:Office\\; of\\, \\\\justice\\\\\r\n"),
            "{card}"
        );
        assert!(!card.contains("TEL"), "{card}");
        // No value starts a line of its own, whatever breaks it holds.
        let hostile = vcard(
            "A\rB\u{b}C\u{85}D\u{2028}E\nF",
            "x@y.org\r\nTEL:1",
            "1\u{2029}2",
            "",
        );
        let lines: Vec<&str> = hostile.split("\r\n").collect();
        assert!(lines.contains(&"FN:ABCDE\\nF"), "{hostile:?}");
        assert!(
            lines.contains(&"EMAIL;TYPE=INTERNET,WORK:x@y.orgTEL:1"),
            "{hostile:?}"
        );
        assert!(lines.contains(&"TEL;TYPE=WORK,VOICE:12"), "{hostile:?}");
        let arabic = vcard(&"المكتب الصحفي ".repeat(8), "", "+31 70 000", "");
        for line in arabic.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = arabic.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("FN:{}", "المكتب الصحفي ".repeat(8))));
        assert!(arabic.ends_with("END:VCARD\r\n"));
    }
}
