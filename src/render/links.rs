//! Turns resolved link targets into relative hrefs, percent-encoded, so the site works under any base path.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use crate::load::{html_path, Book};
use crate::parse::Target;

/// Characters percent-encoded in a path segment of an href (space, `?`, `#`, `%` and friends).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// Percent-encodes a `/`-separated site path for use in an href (`my file?.html` → `my%20file%3F.html`).
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes a fragment.
pub fn encode_fragment(fragment: &str) -> String {
    utf8_percent_encode(fragment, SEGMENT).to_string()
}

/// The `../` prefix leading from the page at `page_path` (e.g. `a/b.html`) to the site root (`../`); empty at the root.
pub fn root_of(page_path: &str) -> String {
    "../".repeat(page_path.matches('/').count())
}

/// How hrefs are written for one output page.
#[derive(Debug, Clone, Copy)]
pub enum LinkMode<'a> {
    /// A normal page at this site path: hrefs relative to its directory.
    Page(&'a str),
    /// The single print page: links to chapters become in-page anchors with a per-chapter prefix.
    Print,
}

/// Prefix that makes a chapter's ids unique on the print page: its page path with `/` and `.html`
/// turned into `-`, e.g. `part1-ch`.
pub fn print_prefix(book: &Book, chapter: usize) -> String {
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
pub fn href(book: &Book, from: usize, target: &Target, mode: LinkMode) -> String {
    match (target, mode) {
        (Target::External(url), _) => url.clone(),
        (Target::Anchor(fragment), LinkMode::Page(_)) => format!("#{}", encode_fragment(fragment)),
        (Target::Anchor(fragment), LinkMode::Print) => {
            format!("#{}{}", print_prefix(book, from), encode_fragment(fragment))
        }
        (Target::Chapter { chapter, fragment }, LinkMode::Page(page)) => {
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
                LinkMode::Page(page) => root_of(page),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_and_roots() {
        assert_eq!(encode_path("a b/what?#.html"), "a%20b/what%3F%23.html");
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("a/b/c.html"), "../../");
    }
}
