//! Turns resolved link targets into relative hrefs, percent-encoded, so the site works under any base path.

use crate::load::Book;
use crate::parse::Target;
use crate::paths::{encode_fragment, encode_path, html_path, root_of};

/// How hrefs are written for one output page.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LinkMode<'a> {
    /// A normal page at this site path: hrefs relative to its directory.
    Page(&'a str),
    /// The single print page: links to chapters become in-page anchors with a per-chapter prefix.
    Print,
    /// A page at this site path that gathers pieces of chapters (`checklists.html`): as
    /// [`LinkMode::Page`], except that a chapter's links to its own anchors lead to its page.
    Gathered(&'a str),
}

/// Prefix that makes a chapter's ids unique on the print page: its page path with `/` and `.html`
/// turned into `-`, e.g. `part1-ch`.
pub(crate) fn print_prefix(book: &Book, chapter: usize) -> String {
    let path = html_path(&book.chapters[chapter].path);
    let stem: String = path
        .trim_end_matches(".html")
        .chars()
        .map(|c| {
            if c == '/' || c.is_whitespace() {
                '-'
            } else {
                c
            }
        })
        .collect();
    format!("{stem}--")
}

/// The href for `target` as seen from the current chapter `from` in `mode`.
pub(crate) fn href(book: &Book, from: usize, target: &Target, mode: LinkMode) -> String {
    match (target, mode) {
        (Target::External(url), _) => url.clone(),
        (Target::Anchor(fragment), LinkMode::Page(_)) => format!("#{}", encode_fragment(fragment)),
        (Target::Anchor(fragment), LinkMode::Gathered(page)) => format!(
            "{}{}#{}",
            root_of(page),
            encode_path(&html_path(&book.chapters[from].path)),
            encode_fragment(fragment)
        ),
        (Target::Anchor(fragment), LinkMode::Print) => {
            format!("#{}{}", print_prefix(book, from), encode_fragment(fragment))
        }
        (
            Target::Chapter { chapter, fragment },
            LinkMode::Page(page) | LinkMode::Gathered(page),
        ) => {
            let mut href = format!(
                "{}{}",
                root_of(page),
                encode_path(&html_path(&book.chapters[*chapter].path))
            );
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(&encode_fragment(f));
            }
            href
        }
        (Target::Chapter { chapter, fragment }, LinkMode::Print) => {
            let prefix = print_prefix(book, *chapter);
            match fragment {
                Some(f) => format!("#{prefix}{}", encode_fragment(f)),
                None => format!("#{}", prefix.trim_end_matches('-')),
            }
        }
        (Target::Asset { path, fragment }, mode) => {
            let root = match mode {
                LinkMode::Page(page) | LinkMode::Gathered(page) => root_of(page),
                LinkMode::Print => String::new(),
            };
            let mut href = format!("{root}{}", encode_path(path));
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(&encode_fragment(f));
            }
            href
        }
    }
}
