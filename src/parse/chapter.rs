//! The parser of one chapter: walks pulldown-cmark's events once and produces the chapter's
//! nodes, headings, footnotes and ids. Checklists, code blocks and quizzes, and links have
//! modules of their own (`tasks`, `blocks`, `links`).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::ids::{self, IdSet};
use super::{Footnote, Heading, Node, ParsedChapter};
use crate::diagnostics::Diagnostic;
use crate::load::{Book, Chapter};
use crate::paths;

/// Handbook-wide lookups shared by every chapter parser.
pub(super) struct Context<'a> {
    pub(super) book: &'a Book,
    pub(super) chapters: HashMap<&'a str, usize>,
    /// Each directory's landing chapter (`README.md` or `index.md`), by directory path.
    pub(super) landings: HashMap<&'a str, usize>,
    /// Every chapter by its page's site path (`a/b.html`, `a/index.html`).
    pub(super) pages: HashMap<String, usize>,
    pub(super) assets: HashSet<&'a str>,
}

impl<'a> Context<'a> {
    pub(super) fn new(book: &'a Book) -> Self {
        Context {
            book,
            chapters: book
                .chapters
                .iter()
                .enumerate()
                .map(|(i, c)| (c.path.as_str(), i))
                .collect(),
            landings: book
                .chapters
                .iter()
                .enumerate()
                .filter(|(_, c)| paths::is_landing(paths::file_name(&c.path)))
                .map(|(i, c)| (paths::dir_of(&c.path), i))
                .collect(),
            pages: book
                .chapters
                .iter()
                .enumerate()
                .map(|(i, c)| (c.html_path(), i))
                .collect(),
            assets: book.assets.iter().map(|(p, _)| p.as_str()).collect(),
        }
    }

    pub(super) fn options(&self) -> Options {
        let mut options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_GFM
            // `Term` then `: definition` lines, as mdBook 0.5 renders them.
            | Options::ENABLE_DEFINITION_LIST;
        options.set(
            Options::ENABLE_SMART_PUNCTUATION,
            self.book.config.smart_punctuation,
        );
        options
    }
}

pub(super) type Spanned<'e> = (Event<'e>, Range<usize>);

pub(super) struct ChapterParser<'a> {
    pub(super) context: &'a Context<'a>,
    pub(super) index: usize,
    pub(super) chapter: &'a Chapter,
    pub(super) out: ParsedChapter,
    pub(super) footnote: Option<Footnote>,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// (id, plain text) of every heading, in order, worked out before the main pass.
    pub(super) heading_ids: std::vec::IntoIter<(String, String)>,
    pub(super) footnote_ids: HashMap<String, (usize, String, String)>,
    pub(super) lists: Vec<ListFrame>,
    /// The task whose label is being read: its checklist, its index there and the node its label
    /// starts at.
    pub(super) open_label: Option<(usize, usize, usize)>,
    pub(super) ids: IdSet,
    pub(super) replacements: HashMap<usize, String>,
}

pub(super) struct ListFrame {
    pub(super) node: usize,
    pub(super) ordered: Option<u64>,
    pub(super) checklist: Option<usize>,
}

impl<'a> ChapterParser<'a> {
    pub(super) fn new(context: &'a Context<'a>, index: usize) -> Self {
        let chapter = &context.book.chapters[index];
        ChapterParser {
            context,
            index,
            chapter,
            out: ParsedChapter {
                nodes: Vec::new(),
                headings: Vec::new(),
                quizzes: Vec::new(),
                checklists: Vec::new(),
                footnotes: Vec::new(),
                anchors: HashSet::new(),
                raw_targets: HashMap::new(),
                links: Vec::new(),
                question_ids: Vec::new(),
            },
            footnote: None,
            diagnostics: Vec::new(),
            heading_ids: Vec::new().into_iter(),
            footnote_ids: HashMap::new(),
            lists: Vec::new(),
            open_label: None,
            ids: IdSet::default(),
            replacements: HashMap::new(),
        }
    }

    pub(super) fn run(mut self) -> (ParsedChapter, Vec<Diagnostic>) {
        let body = self.chapter.body();
        let events: Vec<Spanned> = Parser::new_ext(body, self.context.options())
            .into_offset_iter()
            .collect();
        self.heading_ids = self.assign_heading_ids(&events).into_iter();
        let mut i = 0;
        while i < events.len() {
            i = self.event(&events, i);
        }
        self.out.footnotes.sort_by_key(|f| f.number);
        let mut anchors = std::mem::take(&mut self.ids).into_set();
        let raw = RawHtml::new(&events);
        if !raw.text.is_empty() {
            anchors.extend(crate::html::element_ids(&raw.text));
            self.raw_references(&raw);
        }
        self.out.anchors = anchors;
        (self.out, self.diagnostics)
    }

    /// Resolves the URLs of the chapter's raw HTML as Markdown links are (a broken one is
    /// reported where it is written, an anchor checked), except absolute paths (`/x`), which
    /// name the published site rather than the source directory and are kept unchecked.
    fn raw_references(&mut self, raw: &RawHtml) {
        let mut from = 0;
        for url in crate::html::references(&raw.text) {
            // Where the value is written: after the previous one (a value whose characters
            // were written as references is not found, and is placed at its HTML's start).
            let at = raw.text[from..].find(url.as_str()).map(|i| from + i);
            from = at.map_or(from, |at| at + url.len());
            let start = raw.source_offset(at.unwrap_or(from));
            let range = start..start + if at.is_some() { url.len() } else { 1 };
            if url.starts_with('/') {
                if let Ok(target) = self.try_resolve(&url) {
                    self.out.raw_targets.entry(url).or_insert(target);
                }
                continue;
            }
            let target = self.resolve_checked(&url, &range);
            if let Some(target) = target.filter(|_| !url.starts_with('#')) {
                self.out.raw_targets.entry(url).or_insert(target);
            }
        }
    }

    /// An error about `range` of the body, at the file and line where that text was written
    /// (the chapter or a file it includes).
    pub(super) fn error(&mut self, range: Range<usize>, message: String, help: &str) {
        let diagnostic = located(self.chapter, range, message).with_help(help);
        self.diagnostics.push(diagnostic);
    }

    /// Like [`ChapterParser::error`], but only a warning in a book configured by `book.toml`
    /// (broken links and anchors, which mdBook never checked).
    pub(super) fn link_error(&mut self, range: Range<usize>, message: String, help: &str) {
        let mut diagnostic = located(self.chapter, range, message).with_help(help);
        if self.context.book.config.is_mdbook() {
            diagnostic = diagnostic.warning();
        }
        self.diagnostics.push(diagnostic);
    }

    pub(super) fn push(&mut self, node: Node) {
        match self.footnote.as_mut() {
            Some(footnote) => footnote.nodes.push(node),
            None => self.out.nodes.push(node),
        }
    }

    /// Reserves explicit heading ids and footnote ids, then gives every other heading a unique slug.
    fn assign_heading_ids(&mut self, events: &[Spanned]) -> Vec<(String, String)> {
        let mut explicit: Vec<Option<String>> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut ids = std::mem::take(&mut self.ids);
        let mut first_use: HashMap<String, Range<usize>> = HashMap::new();
        let mut lines: Option<crate::diagnostics::LineIndex> = None;
        for (i, (event, range)) in events.iter().enumerate() {
            if let Event::Start(Tag::Heading { id, .. }) = event {
                texts.push(plain_text(&events[i + 1..], |e| {
                    matches!(e, Event::End(TagEnd::Heading(_)))
                }));
                let id = id.as_ref().map(|s| s.to_string());
                if let Some(id) = &id {
                    if !ids.reserve(id) {
                        let source = &self.chapter.source;
                        let first = first_use.get(id).map_or(0, |r| {
                            let at = self.chapter.locate(r.clone());
                            if Arc::ptr_eq(at.source, source) {
                                // One line index per chapter, however many duplicates it has.
                                lines
                                    .get_or_insert_with(|| {
                                        crate::diagnostics::LineIndex::new(source)
                                    })
                                    .line_column(source, at.start)
                                    .0
                            } else {
                                crate::diagnostics::line_column(at.source, at.start).0
                            }
                        });
                        self.error(range.clone(), format!("duplicate heading id `{id}`"), &format!("line {first} already uses it; heading ids must be unique within a page"));
                    }
                    first_use.entry(id.clone()).or_insert_with(|| range.clone());
                }
                explicit.push(id);
            }
        }
        self.number_footnotes(events, &mut ids);
        let assigned = explicit
            .into_iter()
            .zip(texts)
            .map(|(id, text)| (id.unwrap_or_else(|| ids.unique(&ids::slug(&text))), text))
            .collect();
        self.ids = ids;
        assigned
    }

    /// Numbers footnotes in order of first reference and gives each a definition and reference id.
    fn number_footnotes(&mut self, events: &[Spanned], ids: &mut IdSet) {
        let mut next = 1;
        let labels = events.iter().filter_map(|(e, _)| match e {
            Event::FootnoteReference(label) => Some(label),
            _ => None,
        });
        let definitions = events.iter().filter_map(|(e, _)| match e {
            Event::Start(Tag::FootnoteDefinition(label)) => Some(label),
            _ => None,
        });
        for label in labels.chain(definitions) {
            if !self.footnote_ids.contains_key(label.as_ref()) {
                let slug = ids::slug(label);
                let entry = (
                    next,
                    ids.unique(&format!("fn-{slug}")),
                    ids.unique(&format!("fnref-{slug}")),
                );
                self.footnote_ids.insert(label.to_string(), entry);
                next += 1;
            }
        }
    }

    /// Handles the event at `i`; returns the index of the next event to handle.
    fn event(&mut self, events: &[Spanned], i: usize) -> usize {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { level, classes, .. }) => {
                self.close_label();
                let (id, text) = self.heading_ids.next().unwrap_or_default();
                let level = *level as u8;
                self.out.headings.push(Heading {
                    level,
                    id: id.clone(),
                    text,
                });
                let classes = classes.iter().map(|c| c.to_string()).collect();
                self.push(Node::HeadingStart { level, id, classes });
            }
            Event::End(TagEnd::Heading(level)) => self.push(Node::HeadingEnd {
                level: *level as u8,
            }),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let dest = if *link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                let target = self.resolve(&dest, range);
                self.push(Node::LinkStart {
                    target,
                    title: title.to_string(),
                });
            }
            Event::End(TagEnd::Link) => self.push(Node::LinkEnd),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let target = self.resolve(dest_url, range);
                let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::Image)));
                let alt = plain_text(&events[i + 1..end], |_| false);
                self.push(Node::Image {
                    target,
                    title: title.to_string(),
                    alt,
                });
                return end + 1;
            }
            Event::Start(Tag::CodeBlock(kind)) => return self.code_block(events, i, kind),
            Event::Start(Tag::BlockQuote(Some(kind))) => self.push(Node::CalloutStart(*kind)),
            Event::End(TagEnd::BlockQuote(Some(_))) => self.push(Node::CalloutEnd),
            Event::FootnoteReference(label) => {
                let (number, id, ref_id) = self
                    .footnote_ids
                    .get(label.as_ref())
                    .cloned()
                    .unwrap_or_default();
                self.push(Node::FootnoteRef { id, ref_id, number });
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (number, id, ref_id) = self
                    .footnote_ids
                    .get(label.as_ref())
                    .cloned()
                    .unwrap_or_default();
                self.footnote = Some(Footnote {
                    label: label.to_string(),
                    id,
                    ref_id,
                    number,
                    nodes: Vec::new(),
                });
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(done) = self.footnote.take() {
                    self.out.footnotes.push(done);
                }
            }
            Event::Start(Tag::Paragraph) => {
                if let Some(next) = self.quiz_include(events, i) {
                    return next;
                }
                self.push(Node::Event(Event::Start(Tag::Paragraph)));
            }
            Event::Start(Tag::List(start)) => {
                self.close_label();
                let node = self.out.nodes.len();
                self.lists.push(ListFrame {
                    node,
                    ordered: *start,
                    checklist: None,
                });
                self.push(Node::Event(Event::Start(Tag::List(*start))));
            }
            Event::End(TagEnd::List(ordered)) => {
                self.lists.pop();
                self.push(Node::Event(Event::End(TagEnd::List(*ordered))));
            }
            Event::TaskListMarker(checked) => self.task(events, i, *checked),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                self.close_label();
                self.push(Node::Event(event.clone().into_static()));
            }
            Event::Text(text) => {
                let text = self
                    .replacements
                    .remove(&i)
                    .map_or_else(|| text.clone().into_static(), CowStr::from);
                self.push(Node::Event(Event::Text(text)));
            }
            other => {
                if matches!(other, Event::Start(_))
                    && self.open_label.is_some()
                    && !matches!(other, Event::Start(tag) if is_inline(tag))
                {
                    self.close_label();
                }
                self.push(Node::Event(other.clone().into_static()));
            }
        }
        i + 1
    }
}

/// An error about `range` of `chapter`'s body, at the file and line where it was written.
pub(super) fn located(chapter: &Chapter, range: Range<usize>, message: String) -> Diagnostic {
    let at = chapter.locate(range);
    Diagnostic::at(at.file, Arc::clone(at.source), at.start..at.end, message)
}

pub(super) fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

/// Index of the event matching `end` after `start` at the same nesting level (or the last event).
pub(super) fn find_end(events: &[Spanned], start: usize, end: impl Fn(&Event) -> bool) -> usize {
    let mut depth = 0usize;
    for (j, (event, _)) in events.iter().enumerate().skip(start + 1) {
        match event {
            e if depth == 0 && end(e) => return j,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// Concatenated text and inline code of `events` up to the first event where `stop` holds.
pub(super) fn plain_text(events: &[Spanned], stop: impl Fn(&Event) -> bool) -> String {
    let mut text = String::new();
    for (event, _) in events {
        if stop(event) {
            break;
        }
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// The raw HTML of a chapter, its pieces joined (a tag may span several), with where each piece
/// starts in the body.
struct RawHtml {
    text: String,
    /// (offset in `text`, range in the body) of each piece.
    starts: Vec<(usize, Range<usize>)>,
}

impl RawHtml {
    fn new(events: &[(Event, Range<usize>)]) -> RawHtml {
        let mut raw = RawHtml {
            text: String::new(),
            starts: Vec::new(),
        };
        for (event, range) in events {
            if let Event::Html(html) | Event::InlineHtml(html) = event {
                raw.starts.push((raw.text.len(), range.clone()));
                raw.text.push_str(html);
            }
        }
        raw
    }

    /// The body offset of offset `at` of `text` (within its piece's range: a piece inside a
    /// block quote or list is written with prefixes its text lacks).
    fn source_offset(&self, at: usize) -> usize {
        let piece = self.starts.partition_point(|(start, _)| *start <= at);
        self.starts
            .get(piece.saturating_sub(1))
            .map_or(0, |(start, body)| {
                (body.start + (at - start)).min(body.end.saturating_sub(1).max(body.start))
            })
    }
}
