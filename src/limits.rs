//! Every limit pressroom puts on what it reads, in one place, each with its reason. A
//! limit exists where an input a volunteer could paste would otherwise cost time or memory
//! out of all proportion to its size, or make a name no file system or browser accepts.
//! Each is far beyond anything a press office writes; reaching one is an error at the
//! file and line, never a silent cut.

/// Folders a slug of a content file becomes: file systems allow 255 bytes for a name,
/// and a slug gets a language and `.md` around it.
pub(crate) const FILE_SLUG: usize = 150;

/// A tag's URL segment, in bytes (the tag's name may be longer; its slug is cut).
pub(crate) const TAG_SLUG: usize = 100;

/// Brackets and braces nested in front matter (`[[[…` or `{a: {a: …`). The YAML parser
/// takes time that grows with the square of the depth: 100,000 brackets took 49 s.
pub(crate) const YAML_NESTING: usize = 64;

/// Elements nested in raw HTML in a body. Building the tree of deeply nested elements
/// takes time that grows with the square of the depth: 100,000 `<div>` took 40 s.
pub(crate) const HTML_NESTING: usize = 256;

/// Formatting elements (`<b>`, `<i>`…) left open in raw HTML in a body. A browser, and
/// the cleaner, open each again in every following block: 5,000 of them before 5,000
/// paragraphs made 2.1 GB of HTML from 115 KB.
pub(crate) const HTML_FORMATTING: usize = 16;

/// Bytes of Markdown in a release that gets a PDF. Typesetting costs time with every page:
/// a 20 MB release is thousands of pages, which kept a build busy for minutes. A press
/// release is a few pages; a longer one keeps its page and feeds, with a warning that it
/// has no PDF.
pub(crate) const PDF_BODY: usize = 512 * 1024;

/// Elements nested in a release as its PDF's template walks them. Typst stops a document
/// whose functions call each other more than 80 deep, and each element costs the
/// template a few calls: deeper elements give their text to the element above, so every
/// word is still printed.
pub(crate) const PDF_NESTING: usize = 16;

/// Attributes on one HTML tag. The tokenizer compares each with those before it: 400,000
/// on one tag took 108 s.
pub(crate) const HTML_ATTRIBUTES: usize = 256;

/// Blocks nested in CSS (in a stylesheet, a `style` attribute or a `<style>` element).
/// Deeper CSS is not searched for loads from other hosts, so it is refused.
pub(crate) const CSS_NESTING: usize = 64;

/// Tags on one release. Each tag is a page listing the release's card: a million tags
/// on one release took over 4.5 GB, and nine releases sharing 10,000 tags and long
/// summaries made 990 MB. A press release carries a handful.
pub(crate) const TAGS_PER_RELEASE: usize = 100;

/// Bytes of a front matter value shown on other pages too (a title, a summary, a tag, a
/// name; see `content::model::Repeated`), and of a language's title and boilerplate. Each
/// is copied onto every list, tag page and feed it appears in: a 1 MB summary on a
/// release with 400 tags made 408 MB. 2,000 bytes hold 1,000 Arabic letters, or a long
/// paragraph of English.
pub(crate) const SHORT_TEXT: usize = 2_000;

/// Bytes of a source file (content, template, UI strings, site.toml). Each is read whole;
/// a sparse file claiming a terabyte made the build abort.
pub(crate) const SOURCE_FILE: u64 = 64 * 1024 * 1024;

/// Bytes of a static file (pictures, documents), which is read whole to be compared with
/// what was published before.
pub(crate) const STATIC_FILE: u64 = 512 * 1024 * 1024;

/// Languages of a site. Every page lists every language (the switcher, the alternates),
/// so the output grows with the square of their number: 1,600 took 46 s and 4.3 GB.
pub(crate) const LANGUAGES: usize = 100;

/// Bytes of a code line that is still highlighted. The highlighter's time grows with the
/// square of a line's length (80 KB took 19 s); a longer line is shown as plain text.
pub(crate) const HIGHLIGHT_LINE: usize = 1_000;

/// Problems of one kind reported for one file. Finding the line of each costs a pass over
/// the file; past this many, the rest are counted in one message.
pub(crate) const PROBLEMS_PER_FILE: usize = 20;

/// Documents inside documents (`<iframe srcdoc>`), each searched for loads; deeper ones
/// are refused, as each level escapes the one above it once more.
pub(crate) const SRCDOC_NESTING: usize = 4;

/// Pixels on a side of a picture in media/. A small file can claim a huge size (a PNG of
/// 50,000 × 50,000 pixels compresses to kilobytes and decodes to 10 GB); cameras make
/// under 10,000.
pub(crate) const PICTURE_SIDE: u32 = 16_384;

/// Bytes a picture may take decoded, above which it is refused rather than read: 16,384
/// pixels square at 4 bytes is 1 GiB. Pictures are decoded two at a time on two cores.
pub(crate) const PICTURE_MEMORY: u64 = 1024 * 1024 * 1024;
