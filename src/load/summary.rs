//! Parses `SUMMARY.md` in mdBook's syntax into an outline of parts, chapters and separators.
//!
//! Syntax (mdBook's): an optional first `# Summary` title; links outside lists are unnumbered
//! prefix or suffix chapters; nested lists of links are numbered chapters; later `# Title`
//! headings start parts; `---` is a separator; `[Title]()` is a draft chapter (listed, not built).

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// One line of the outline as written in SUMMARY.md.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SummaryItem {
    /// A `# Part` heading.
    Part(String),
    /// A `---` rule between groups of chapters.
    Separator,
    /// A chapter link.
    Link(SummaryLink),
}

/// A chapter link from SUMMARY.md.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SummaryLink {
    /// The link text.
    pub title: String,
    /// The destination as written (percent-decoded), relative to the source directory;
    /// `None` for a draft `[Title]()`.
    pub path: Option<String>,
    /// Whether it sits in a list (numbered chapter) rather than standing alone (prefix/suffix).
    pub numbered: bool,
    /// Byte range of the link in SUMMARY.md, for diagnostics.
    pub span: Range<usize>,
    /// Nested chapters.
    pub children: Vec<SummaryItem>,
}

/// SUMMARY.md parsed: its items, and the list items that hold text but no link (`- Notes`, or a
/// link left unclosed: `- [Setup](setup.md`), by byte range, which mdBook refuses.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Summary {
    /// The outline's items, in order.
    pub items: Vec<SummaryItem>,
    /// Byte ranges of the list items without a link.
    pub unlinked: Vec<Range<usize>>,
}

/// Parses SUMMARY.md's text into its items (prose between lists is ignored, as mdBook does) and
/// the list items written without a link.
pub(crate) fn parse(text: &str) -> Summary {
    let mut levels: Vec<Vec<SummaryItem>> = vec![Vec::new()];
    // Per open list item: its range, whether it holds text of its own and whether a link.
    let mut open_items: Vec<(Range<usize>, bool, bool)> = Vec::new();
    let mut unlinked = Vec::new();
    let mut list_depth = 0usize;
    let mut heading: Option<String> = None;
    let mut link: Option<SummaryLink> = None;
    let mut seen_title = false;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => {
                list_depth += 1;
                if list_depth > 1 {
                    levels.push(Vec::new());
                }
            }
            Event::End(TagEnd::List(_)) => {
                if list_depth > 1 {
                    let children = levels.pop().unwrap_or_default();
                    attach_children(levels.last_mut(), children);
                }
                list_depth = list_depth.saturating_sub(1);
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                let title = heading.take().unwrap_or_default().trim().to_string();
                let is_book_title = !seen_title && levels.iter().all(Vec::is_empty);
                seen_title = true;
                if !is_book_title {
                    levels[0].push(SummaryItem::Part(title));
                }
            }
            Event::Start(Tag::Item) => open_items.push((range, false, false)),
            Event::End(TagEnd::Item) => {
                if let Some((item, text, false)) = open_items.pop() {
                    if text {
                        unlinked.push(item);
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(item) = open_items.last_mut() {
                    item.2 = true;
                }
                link = Some(SummaryLink {
                    title: String::new(),
                    path: Some(dest_url.to_string())
                        .filter(|d| !d.is_empty())
                        .map(|d| decode(&d)),
                    numbered: list_depth > 0,
                    span: range,
                    children: Vec::new(),
                });
            }
            Event::End(TagEnd::Link) => {
                if let (Some(done), Some(level)) = (link.take(), levels.last_mut()) {
                    level.push(SummaryItem::Link(done));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(l) = link.as_mut() {
                    l.title.push_str(&t);
                } else if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                } else if let Some(item) = open_items.last_mut() {
                    item.1 |= !t.trim().is_empty();
                }
            }
            // A link text or part title wrapped onto the next line keeps a space there.
            Event::SoftBreak | Event::HardBreak => {
                if let Some(l) = link.as_mut() {
                    l.title.push(' ');
                } else if let Some(h) = heading.as_mut() {
                    h.push(' ');
                }
            }
            Event::Rule if list_depth == 0 => levels[0].push(SummaryItem::Separator),
            _ => {}
        }
    }
    while levels.len() > 1 {
        let children = levels.pop().unwrap_or_default();
        attach_children(levels.last_mut(), children);
    }
    Summary {
        items: levels.pop().unwrap_or_default(),
        unlinked,
    }
}

fn attach_children(level: Option<&mut Vec<SummaryItem>>, children: Vec<SummaryItem>) {
    let Some(level) = level else { return };
    match level.last_mut() {
        Some(SummaryItem::Link(parent)) => parent.children.extend(children),
        _ => level.extend(children),
    }
}

/// Percent-decodes a link destination (`my%20file.md` → `my file.md`); invalid UTF-8 is kept as written.
pub(crate) fn decode(dest: &str) -> String {
    percent_encoding::percent_decode_str(dest)
        .decode_utf8()
        .map_or_else(|_| dest.to_string(), |s| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(items: &[SummaryItem]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                SummaryItem::Part(t) => format!("part {t}"),
                SummaryItem::Separator => "---".into(),
                SummaryItem::Link(l) => format!(
                    "{} {:?} {} [{}]",
                    l.title,
                    l.path,
                    l.numbered,
                    titles(&l.children).join(", ")
                ),
            })
            .collect()
    }

    #[test]
    fn parts_nesting_drafts_and_separators() {
        let text = "# Summary\n\n[Intro](README.md)\n\n# Basics\n\n- [One](one.md)\n  - [Sub](one/sub.md)\n- [Draft]()\n\n---\n\n[Outro](outro.md)\n";
        assert_eq!(
            titles(&parse(text).items),
            [
                "Intro Some(\"README.md\") false []",
                "part Basics",
                "One Some(\"one.md\") true [Sub Some(\"one/sub.md\") true []]",
                "Draft None true []",
                "---",
                "Outro Some(\"outro.md\") false []",
            ]
        );
        assert!(parse(text).unlinked.is_empty());
    }

    #[test]
    fn a_link_text_wrapped_onto_a_second_line_lost_its_space() {
        let summary = parse("- [A very long\n  title](a.md)\n");
        assert_eq!(
            titles(&summary.items),
            ["A very long title Some(\"a.md\") true []"]
        );
    }

    #[test]
    fn list_items_without_a_link_were_dropped_without_a_word() {
        let text =
            "- [Good](good.md)\n- [Bad link](bad.md\n- Plain item\n  - [Child](child.md)\n-\n";
        let summary = parse(text);
        let unlinked: Vec<&str> = summary
            .unlinked
            .iter()
            .map(|r| text[r.clone()].trim())
            .collect();
        assert_eq!(
            unlinked,
            ["- [Bad link](bad.md", "- Plain item\n  - [Child](child.md)"]
        );
        // The child of the item without a link goes to the link before it (the build fails).
        assert_eq!(
            titles(&summary.items),
            ["Good Some(\"good.md\") true [Child Some(\"child.md\") true []]"]
        );
    }
}
