//! The fonts pressroom draws and typesets in, built into the binary so a share card or a
//! PDF looks the same on every machine and no font is fetched: Noto Sans and Noto Naskh
//! Arabic, regular and bold, copied unchanged from Debian's fonts-noto-core, under the
//! SIL Open Font License (themes/campaign/fonts/OFL.txt). Cards (`cards/`) and PDFs
//! (`pdf/`) both use them.

/// Each font's file name under themes/campaign/fonts/, and its bytes.
pub(crate) const FONTS: &[(&str, &[u8])] = &[
    (
        "NotoSans-Regular.ttf",
        include_bytes!("../themes/campaign/fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSans-Bold.ttf",
        include_bytes!("../themes/campaign/fonts/NotoSans-Bold.ttf"),
    ),
    (
        "NotoNaskhArabic-Regular.ttf",
        include_bytes!("../themes/campaign/fonts/NotoNaskhArabic-Regular.ttf"),
    ),
    (
        "NotoNaskhArabic-Bold.ttf",
        include_bytes!("../themes/campaign/fonts/NotoNaskhArabic-Bold.ttf"),
    ),
];
