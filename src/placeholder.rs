//! The text `init` and `new` write in each language: a new site's first pages, and the
//! placeholders staff replace, which `check` and the build summary report until they do.

/// What `new` and `init` write in one language: the placeholder texts staff replace (and
/// `check` reports until they do), and a new site's first pages. Languages without an
/// entry get English.
pub(crate) struct Words {
    pub(crate) code: &'static str,
    /// The new site's name.
    pub(crate) title: &'static str,
    pub(crate) release: &'static str,
    pub(crate) translate: &'static str,
    /// With the language's own quotation marks.
    pub(crate) quote: &'static str,
    pub(crate) bio: &'static str,
    pub(crate) boilerplate: &'static str,
    pub(crate) about: (&'static str, &'static str),
    pub(crate) contact: (&'static str, &'static str),
    pub(crate) spokesperson: &'static str,
    pub(crate) welcome: (&'static str, &'static str),
    pub(crate) welcome_quote: &'static str,
}

const WORDS: &[Words] = &[
    Words {
        code: "en",
        title: "Press Office",
        release: "Write the release here. Put the line `<!-- statements -->` where its quotes go.",
        translate: "Translate the release here.",
        quote: "“Write the quote here.”",
        bio: "Write a short bio here.",
        boilerplate: "About the organisation: one paragraph, printed under every release.",
        about: (
            "About this press office",
            "Who we are, what we work for, and how journalists can reach us.",
        ),
        contact: (
            "Request an interview",
            "Tell us who you would like to speak to, in which language, and by when.",
        ),
        spokesperson: "Spokesperson",
        welcome: (
            "Our press office is open",
            "This is a sample release. Edit it in `content/releases/welcome.md`, or make a new one with `pressroom new release \"Title\"`.\n\n<!-- statements -->\n\nBuild the site with `pressroom build`, or preview it while you write with `pressroom serve`.",
        ),
        welcome_quote: "“This is where the words of the people you speak for are quoted.”",
    },
    Words {
        code: "ar",
        title: "المكتب الصحفي",
        release: "اكتب البيان هنا. ضع السطر `<!-- statements -->` حيث تأتي التصريحات.",
        translate: "ترجم البيان هنا.",
        quote: "«اكتب التصريح هنا.»",
        bio: "اكتب نبذة قصيرة هنا.",
        boilerplate: "عن المنظمة: فقرة واحدة تظهر تحت كل بيان.",
        about: (
            "عن هذا المكتب الصحفي",
            "من نحن، ومن أجل ماذا نعمل، وكيف يمكن للصحفيين التواصل معنا.",
        ),
        contact: ("طلب مقابلة", "أخبرونا مع من تودّون التحدث، وبأي لغة، ومتى."),
        spokesperson: "المتحدث باسمنا",
        welcome: (
            "افتتاح مكتبنا الصحفي",
            "هذا بيان تجريبي. عدّله في `content/releases/welcome.ar.md`.\n\n<!-- statements -->",
        ),
        welcome_quote: "«هنا تُنقل كلمات من تتحدثون باسمهم.»",
    },
    Words {
        code: "fr",
        title: "Bureau de presse",
        release: "Écrivez le communiqué ici. Mettez la ligne `<!-- statements -->` là où vont ses citations.",
        translate: "Traduisez le communiqué ici.",
        quote: "« Écrivez la citation ici. »",
        bio: "Écrivez ici une courte biographie.",
        boilerplate: "À propos de l’organisation : un paragraphe, imprimé sous chaque communiqué.",
        about: (
            "À propos de ce bureau de presse",
            "Qui nous sommes, pour quoi nous travaillons et comment les journalistes peuvent nous joindre.",
        ),
        contact: (
            "Demander un entretien",
            "Dites-nous à qui vous souhaitez parler, dans quelle langue et pour quand.",
        ),
        spokesperson: "Porte-parole",
        welcome: (
            "Notre bureau de presse est ouvert",
            "Ceci est un communiqué d’exemple. Modifiez-le dans `content/releases/welcome.fr.md`.\n\n<!-- statements -->",
        ),
        welcome_quote: "« C’est ici que sont citées les paroles des personnes au nom desquelles vous parlez. »",
    },
    Words {
        code: "nl",
        title: "Persbureau",
        release: "Schrijf hier het persbericht. Zet de regel `<!-- statements -->` waar de citaten komen.",
        translate: "Vertaal hier het persbericht.",
        quote: "„Schrijf hier het citaat.”",
        bio: "Schrijf hier een korte biografie.",
        boilerplate: "Over de organisatie: één alinea, onder elk persbericht.",
        about: (
            "Over dit persbureau",
            "Wie we zijn, waarvoor we werken en hoe journalisten ons kunnen bereiken.",
        ),
        contact: (
            "Een interview aanvragen",
            "Vertel ons met wie u wilt spreken, in welke taal en wanneer.",
        ),
        spokesperson: "Woordvoerder",
        welcome: (
            "Ons persbureau is open",
            "Dit is een voorbeeldpersbericht. Bewerk het in `content/releases/welcome.nl.md`.\n\n<!-- statements -->",
        ),
        welcome_quote: "„Hier worden de woorden geciteerd van de mensen namens wie u spreekt.”",
    },
];

pub(crate) fn words(lang: &str) -> &'static Words {
    let primary = lang.split('-').next().unwrap_or(lang);
    WORDS
        .iter()
        .find(|w| w.code == primary)
        .unwrap_or(&WORDS[0])
}

/// Every text `new` and `init` write for staff to replace, in every language: `check`
/// reports a file that still holds one.
fn placeholders() -> impl Iterator<Item = &'static str> {
    WORDS.iter().flat_map(|w| {
        [
            w.release,
            w.translate,
            w.quote,
            w.bio,
            w.boilerplate,
            w.about.1,
            w.contact.1,
            w.welcome_quote,
            w.welcome.1.lines().next().unwrap_or_default(),
        ]
    })
}

/// A line without the quotation marks and punctuation around it.
fn core(line: &str) -> &str {
    line.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The line (1-based) where `text` (a content file, or site.toml) still holds a
/// placeholder on a line of its own, as `new` and `init` wrote it. Lines are compared
/// whole, so a body pays only for its short lines.
pub(crate) fn placeholder_line(text: &str) -> Option<usize> {
    use std::collections::HashSet;
    use std::sync::LazyLock;
    static ALL: LazyLock<(HashSet<&'static str>, usize)> = LazyLock::new(|| {
        let all: HashSet<&str> = placeholders().map(core).collect();
        let longest = all.iter().map(|p| p.len()).max().unwrap_or(0);
        (all, longest)
    });
    let (all, longest) = &*ALL;
    text.lines()
        .position(|line| {
            // Short lines only: `boilerplate = "…"` in site.toml, or a line of a body.
            line.len() <= longest + 40 && {
                let value = line.split_once("= ").map_or(line, |(_, v)| v);
                all.contains(core(value))
            }
        })
        .map(|i| i + 1)
}
