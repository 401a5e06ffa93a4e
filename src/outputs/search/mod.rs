//! Search: each language's search page ([`page`]), and the index it searches, made by
//! Pagefind ([`index`], through `crate::search`).

pub(super) mod index;
pub(super) mod page;
