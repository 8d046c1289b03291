//! Parse stage: each chapter's Markdown parsed once (pulldown-cmark) into [`ParsedChapter`]:
//! a node stream with heading ids, resolved link targets, highlighted code, quizzes and
//! checklists, which the page renderer, the print page and the search index all reuse.

pub mod fragment;
pub mod highlight;
pub mod ids;
pub mod quiz;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{normalize, summary::decode, Book, Chapter};
use ids::IdSet;
pub use quiz::Quiz;

/// One chapter after parsing.
#[derive(Debug, Clone)]
pub struct ParsedChapter {
    /// The body as a stream of nodes, in document order (footnote definitions moved to `footnotes`).
    pub nodes: Vec<Node>,
    /// Every heading in order, with its page-unique id.
    pub headings: Vec<Heading>,
    /// Quizzes, referenced by [`Node::Quiz`].
    pub quizzes: Vec<Quiz>,
    /// Checklists (GFM task lists), referenced by [`Node::ChecklistStart`] and [`Node::TaskStart`].
    pub checklists: Vec<Checklist>,
    /// Footnote definitions, numbered in order of first reference.
    pub footnotes: Vec<Footnote>,
    /// Every element id on the page (headings, footnotes, quizzes, checklists and their items,
    /// ids in raw HTML): what a link's `#fragment` may point to.
    pub anchors: HashSet<String>,
    links: Vec<ChapterLink>,
    question_ids: Vec<QuestionId>,
}

/// Where an explicit quiz question id is written, for handbook-wide duplicate checks.
#[derive(Debug, Clone)]
struct QuestionId {
    id: String,
    file: std::path::PathBuf,
    source: Arc<str>,
    span: Range<usize>,
}

/// A heading of a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Page-unique id: the explicit `{#id}` or a slug of the text.
    pub id: String,
    /// Plain text (markup removed).
    pub text: String,
}

/// A GFM task list.
#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    /// Page-unique DOM id, `checklist-N` (1-based).
    pub id: String,
    /// Id and text of the nearest heading above it, if any.
    pub heading: Option<(String, String)>,
    /// Its items in order.
    pub items: Vec<Task>,
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Stable id: the item's explicit `{#id}`, else `t-` and 8 hex digits hashed from the chapter
    /// path, the nearest heading id and the item text, so ticks survive rebuilds and reordering.
    pub id: String,
    /// Plain text of the item (nested lists excluded).
    pub text: String,
    /// `- [x]` in the source: ticked by default.
    pub checked: bool,
}

/// A footnote definition.
#[derive(Debug, Clone)]
pub struct Footnote {
    /// The label as written (`[^label]`).
    pub label: String,
    /// Page-unique id of the definition (`fn-label`).
    pub id: String,
    /// Page-unique id of the first reference (`fnref-label`); later references add `-2`, `-3`….
    pub ref_id: String,
    /// Display number, 1-based, in order of first reference.
    pub number: usize,
    /// The definition's content.
    pub nodes: Vec<Node>,
}

/// GFM alert kinds, rendered as callouts.
pub type CalloutKind = BlockQuoteKind;

/// One piece of a parsed chapter. `Event` passes through pulldown-cmark's HTML writer; the
/// others carry what skillbook renders itself.
#[derive(Debug, Clone)]
pub enum Node {
    /// A plain Markdown event.
    Event(Event<'static>),
    /// Start of a heading.
    HeadingStart {
        /// 1 to 6.
        level: u8,
        /// Page-unique id.
        id: String,
        /// Classes from `{.class}` attributes.
        classes: Vec<String>,
    },
    /// End of a heading.
    HeadingEnd {
        /// 1 to 6.
        level: u8,
    },
    /// Start of a link.
    LinkStart {
        /// Where it points.
        target: Target,
        /// The link's title attribute (may be empty).
        title: String,
    },
    /// End of a link.
    LinkEnd,
    /// An image.
    Image {
        /// Where the image file is.
        target: Target,
        /// The title attribute (may be empty).
        title: String,
        /// Alternative text (plain).
        alt: String,
    },
    /// A highlighted code block, complete `<pre>` HTML.
    Code(String),
    /// Start of a GFM alert (`> [!NOTE]`).
    CalloutStart(CalloutKind),
    /// End of a GFM alert.
    CalloutEnd,
    /// A footnote reference.
    FootnoteRef {
        /// Id of the definition it links to.
        id: String,
        /// Id of the reference itself (later references to the same note add `-2`, `-3`…).
        ref_id: String,
        /// Display number, 1-based.
        number: usize,
    },
    /// A quiz: index into [`ParsedChapter::quizzes`].
    Quiz(usize),
    /// Start of a task list.
    ChecklistStart {
        /// Index into [`ParsedChapter::checklists`].
        checklist: usize,
        /// Start number of an ordered list; `None` for a bullet list.
        ordered: Option<u64>,
    },
    /// A task item's checkbox and the start of its label.
    TaskStart {
        /// Index into [`ParsedChapter::checklists`].
        checklist: usize,
        /// Index into that checklist's items.
        task: usize,
    },
    /// End of a task item's label.
    TaskLabelEnd,
}

/// Where a link or image points, resolved against the handbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Another chapter (or this one), with an optional fragment.
    Chapter {
        /// Index into [`Book::chapters`].
        chapter: usize,
        /// The `#fragment`, decoded.
        fragment: Option<String>,
    },
    /// An anchor on the same page.
    Anchor(String),
    /// A non-Markdown file under the source directory.
    Asset {
        /// Path relative to the source directory, `/`-separated.
        path: String,
        /// The `#fragment`, decoded.
        fragment: Option<String>,
    },
    /// Anything with a scheme (`https:`, `mailto:`) or protocol-relative, kept as written.
    External(String),
}

#[derive(Debug, Clone)]
struct ChapterLink {
    chapter: usize,
    fragment: String,
    span: Range<usize>,
}

/// Runs the parse stage over every chapter (in parallel) and checks links between chapters.
///
/// Returns one [`ParsedChapter`] per chapter of `book`, in the same order.
/// Errors: every problem found (broken links and anchors, duplicate explicit ids, bad quizzes).
pub fn parse(book: &Book) -> Result<Vec<ParsedChapter>, Diagnostics> {
    let context = Context::new(book);
    let results: Vec<(ParsedChapter, Vec<Diagnostic>)> = (0..book.chapters.len())
        .into_par_iter()
        .map(|i| ChapterParser::new(&context, i).run())
        .collect();
    let mut diagnostics = Diagnostics::default();
    let mut chapters = Vec::with_capacity(results.len());
    for (chapter, problems) in results {
        diagnostics.extend(problems);
        chapters.push(chapter);
    }
    diagnostics.extend(cross_check(book, &chapters));
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(diagnostics);
    }
    Ok(chapters)
}

/// Parses chapter `index` of `book` alone (serve mode re-parses only what changed); its
/// problems are returned beside it. Links into other chapters are checked by [`cross_check`].
pub fn parse_chapter(book: &Book, index: usize) -> (ParsedChapter, Vec<Diagnostic>) {
    ChapterParser::new(&Context::new(book), index).run()
}

/// The checks that span chapters: every link's anchor exists in its target chapter, and
/// explicit quiz question ids are unique across the handbook.
pub fn cross_check(book: &Book, chapters: &[ParsedChapter]) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    check_anchors(book, chapters, &mut diagnostics);
    check_question_ids(chapters, &mut diagnostics);
    diagnostics
}

fn check_anchors(book: &Book, chapters: &[ParsedChapter], diagnostics: &mut Diagnostics) {
    let anchors: Vec<&HashSet<String>> = chapters.iter().map(|c| &c.anchors).collect();
    for (index, parsed) in chapters.iter().enumerate() {
        let source = &book.chapters[index];
        for link in &parsed.links {
            if !anchors[link.chapter].contains(link.fragment.as_str()) {
                let target = &book.chapters[link.chapter];
                let mut known: Vec<&str> =
                    anchors[link.chapter].iter().map(String::as_str).collect();
                known.sort_unstable();
                let where_ = if link.chapter == index {
                    "this chapter".to_string()
                } else {
                    format!("`{}`", target.path)
                };
                diagnostics.push(
                    Diagnostic::at(
                        &source.file,
                        Arc::clone(&source.source),
                        link.span.clone(),
                        format!(
                            "broken anchor: {where_} has no heading with id `{}`",
                            link.fragment
                        ),
                    )
                    .with_help(format!("ids in {where_}: {}", abbreviate(&known))),
                );
            }
        }
    }
}

fn abbreviate(ids: &[&str]) -> String {
    let shown: Vec<String> = ids.iter().take(12).map(|i| format!("`{i}`")).collect();
    if ids.len() > 12 {
        format!("{} and {} more", shown.join(", "), ids.len() - 12)
    } else if shown.is_empty() {
        "none".to_string()
    } else {
        shown.join(", ")
    }
}

fn check_question_ids(chapters: &[ParsedChapter], diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, &QuestionId> = HashMap::new();
    for question in chapters.iter().flat_map(|c| &c.question_ids) {
        if let Some(first) = seen.insert(&question.id, question) {
            let (line, _) = crate::diagnostics::line_column(&first.source, first.span.start);
            diagnostics.push(
                Diagnostic::at(
                    &question.file,
                    Arc::clone(&question.source),
                    question.span.clone(),
                    format!("duplicate question id `{}`", question.id),
                )
                .with_help(format!(
                    "{}:{line} already uses it; question ids must be unique across the handbook",
                    first.file.display()
                )),
            );
            seen.insert(&first.id, first);
        }
    }
}

/// Values of `id="…"` attributes in a piece of raw HTML.
fn html_ids(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("id=") {
        let before = rest[..at].chars().last();
        rest = &rest[at + 3..];
        if before.is_some_and(|c| !c.is_whitespace()) {
            continue;
        }
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            ids.push(rest[1..1 + end].to_string());
            rest = &rest[1 + end..];
        }
    }
    ids
}

/// Handbook-wide lookups shared by every chapter parser.
struct Context<'a> {
    book: &'a Book,
    chapters: HashMap<&'a str, usize>,
    assets: HashSet<&'a str>,
}

impl<'a> Context<'a> {
    fn new(book: &'a Book) -> Self {
        Context {
            book,
            chapters: book
                .chapters
                .iter()
                .enumerate()
                .map(|(i, c)| (c.path.as_str(), i))
                .collect(),
            assets: book.assets.iter().map(|(p, _)| p.as_str()).collect(),
        }
    }

    fn options(&self) -> Options {
        let mut options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_GFM;
        options.set(
            Options::ENABLE_SMART_PUNCTUATION,
            self.book.config.smart_punctuation,
        );
        options
    }
}

type Spanned<'e> = (Event<'e>, Range<usize>);

struct ChapterParser<'a> {
    context: &'a Context<'a>,
    index: usize,
    chapter: &'a Chapter,
    out: ParsedChapter,
    footnote: Option<Footnote>,
    diagnostics: Vec<Diagnostic>,
    /// (id, plain text) of every heading, in order, worked out before the main pass.
    heading_ids: std::vec::IntoIter<(String, String)>,
    footnote_ids: HashMap<String, (usize, String, String)>,
    lists: Vec<ListFrame>,
    label_open: bool,
    ids: IdSet,
    replacements: HashMap<usize, String>,
}

struct ListFrame {
    node: usize,
    ordered: Option<u64>,
    checklist: Option<usize>,
}

impl<'a> ChapterParser<'a> {
    fn new(context: &'a Context<'a>, index: usize) -> Self {
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
                links: Vec::new(),
                question_ids: Vec::new(),
            },
            footnote: None,
            diagnostics: Vec::new(),
            heading_ids: Vec::new().into_iter(),
            footnote_ids: HashMap::new(),
            lists: Vec::new(),
            label_open: false,
            ids: IdSet::default(),
            replacements: HashMap::new(),
        }
    }

    fn run(mut self) -> (ParsedChapter, Vec<Diagnostic>) {
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
        anchors.extend(
            events
                .iter()
                .filter_map(|(e, _)| match e {
                    Event::Html(html) | Event::InlineHtml(html) => Some(html_ids(html)),
                    _ => None,
                })
                .flatten(),
        );
        self.out.anchors = anchors;
        (self.out, self.diagnostics)
    }

    /// Absolute byte range in the chapter file of a range within the body.
    fn span(&self, range: &Range<usize>) -> Range<usize> {
        self.chapter.body_start + range.start..self.chapter.body_start + range.end
    }

    fn error(&mut self, range: Range<usize>, message: String, help: &str) {
        let diagnostic = Diagnostic::at(
            &self.chapter.file,
            Arc::clone(&self.chapter.source),
            range,
            message,
        )
        .with_help(help);
        self.diagnostics.push(diagnostic);
    }

    fn push(&mut self, node: Node) {
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
                            lines
                                .get_or_insert_with(|| crate::diagnostics::LineIndex::new(source))
                                .line_column(source, r.start)
                                .0
                        });
                        self.error(self.span(range), format!("duplicate heading id `{id}`"), &format!("line {first} already uses it; heading ids must be unique within a page"));
                    }
                    first_use
                        .entry(id.clone())
                        .or_insert_with(|| self.span(range));
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
                    && self.label_open
                    && !matches!(other, Event::Start(tag) if is_inline(tag))
                {
                    self.close_label();
                }
                self.push(Node::Event(other.clone().into_static()));
            }
        }
        i + 1
    }

    fn close_label(&mut self) {
        if self.label_open {
            self.label_open = false;
            self.push(Node::TaskLabelEnd);
        }
    }

    fn task(&mut self, events: &[Spanned], i: usize, checked: bool) {
        if self.footnote.is_some() || self.lists.is_empty() {
            let html = if checked {
                "<input type=\"checkbox\" disabled checked> "
            } else {
                "<input type=\"checkbox\" disabled> "
            };
            self.push(Node::Event(Event::InlineHtml(CowStr::from(html))));
            return;
        }
        let checklist = self.checklist_for_current_list();
        let end = item_text_end(events, i);
        let mut text = plain_text(&events[i + 1..end], |_| false)
            .trim()
            .to_string();
        let explicit = explicit_task_id(&text);
        if let Some((id, stripped)) = &explicit {
            text = stripped.clone();
            if let Some(last) = (i + 1..end)
                .rev()
                .find(|&j| matches!(events[j].0, Event::Text(_)))
            {
                if let Event::Text(t) = &events[last].0 {
                    let suffix = format!("{{#{id}}}");
                    self.replacements.insert(
                        last,
                        t.trim_end()
                            .trim_end_matches(suffix.as_str())
                            .trim_end()
                            .to_string(),
                    );
                }
            }
        }
        let heading = self
            .out
            .headings
            .last()
            .map(|h| h.id.clone())
            .unwrap_or_default();
        let id = match explicit {
            Some((id, _)) => {
                if !self.ids.reserve(&id) {
                    self.error(
                        self.span(&events[i].1),
                        format!("id `{id}` is already used on this page"),
                        "give each checklist item an id no heading or other item on the page has",
                    );
                }
                id
            }
            None => {
                let hash =
                    quiz::hash_hex(&format!("{}\u{0}{heading}\u{0}{text}", self.chapter.path));
                self.ids.unique(&format!("t-{}", &hash[..8]))
            }
        };
        let items = &mut self.out.checklists[checklist].items;
        items.push(Task { id, text, checked });
        let task = items.len() - 1;
        self.push(Node::TaskStart { checklist, task });
        self.label_open = true;
    }

    fn checklist_for_current_list(&mut self) -> usize {
        // A task list nested in a checklist's item belongs to that checklist.
        let outer = self.lists.iter().rev().skip(1).find_map(|f| f.checklist);
        let frame = self.lists.last_mut().expect("task marker inside a list");
        if let Some(existing) = frame.checklist.or(outer) {
            frame.checklist = Some(existing);
            return existing;
        }
        let index = self.out.checklists.len();
        frame.checklist = Some(index);
        let ordered = frame.ordered;
        let node = frame.node;
        let heading = self
            .out
            .headings
            .last()
            .map(|h| (h.id.clone(), h.text.clone()));
        self.out.checklists.push(Checklist {
            id: self.ids.unique(&format!("checklist-{}", index + 1)),
            heading,
            items: Vec::new(),
        });
        self.out.nodes[node] = Node::ChecklistStart {
            checklist: index,
            ordered,
        };
        index
    }

    fn code_block(&mut self, events: &[Spanned], i: usize, kind: &CodeBlockKind) -> usize {
        self.close_label();
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split([',', ' ', '\t', '{'])
                .next()
                .unwrap_or("")
                .to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::CodeBlock)));
        let mut code = String::new();
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        for (event, range) in &events[i + 1..end] {
            if let Event::Text(text) = event {
                pieces.push((code.len(), self.span(range).start));
                code.push_str(text);
            }
        }
        if lang == "quiz" {
            let fence = self.span(&events[i].1);
            let map = |offset: usize| map_offset(&pieces, offset).unwrap_or(fence.start);
            self.quiz(
                &code,
                self.chapter.file.clone(),
                Arc::clone(&self.chapter.source),
                &map,
            );
        } else {
            self.push(Node::Code(fragment::code_block(&code, &lang)));
        }
        end + 1
    }

    fn quiz(
        &mut self,
        text: &str,
        file: std::path::PathBuf,
        source: Arc<str>,
        map: &dyn Fn(usize) -> usize,
    ) {
        let position = format!("quiz-{}", self.out.quizzes.len() + 1);
        match quiz::parse(text, &position, self.context.book.config.smart_punctuation) {
            Ok(mut quiz) => {
                // Named after its first question's id when it has one, so saved answers survive
                // quizzes being added or removed above it; else after its position on the page.
                let base = quiz
                    .questions
                    .first()
                    .filter(|q| q.id_span.is_some())
                    .map_or(position.clone(), |q| format!("quiz-{}", ids::slug(&q.id)));
                quiz.id = self.ids.unique(&base);
                for (n, question) in quiz
                    .questions
                    .iter_mut()
                    .enumerate()
                    .filter(|(_, q)| q.id_span.is_none())
                {
                    question.id = format!("{}-q{}", quiz.id, n + 1);
                }
                for question in &quiz.questions {
                    if let Some(at) = &question.id_span {
                        let span = map(at.start)..map(at.end);
                        self.out.question_ids.push(QuestionId {
                            id: question.id.clone(),
                            file: file.clone(),
                            source: Arc::clone(&source),
                            span,
                        });
                    }
                }
                self.out.quizzes.push(quiz);
                self.push(Node::Quiz(self.out.quizzes.len() - 1));
            }
            Err(errors) => {
                for e in errors {
                    let span = map(e.span.start)..map(e.span.end.max(e.span.start));
                    let mut d = Diagnostic::at(&file, Arc::clone(&source), span, e.message);
                    if let Some(help) = e.help {
                        d = d.with_help(help);
                    }
                    self.diagnostics.push(d);
                }
            }
        }
    }

    /// Handles a paragraph holding only `{{#quiz path.toml}}`; returns the next index if it was one.
    fn quiz_include(&mut self, events: &[Spanned], i: usize) -> Option<usize> {
        let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::Paragraph)));
        let mut text = String::new();
        for (event, _) in &events[i + 1..end] {
            match event {
                Event::Text(t) => text.push_str(t),
                _ => return None,
            }
        }
        let path = text
            .trim()
            .strip_prefix("{{#quiz")?
            .strip_suffix("}}")?
            .trim()
            .to_string();
        let range = self.span(&events[i].1);
        let dir = self.chapter.path.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = if dir.is_empty() {
            path.clone()
        } else {
            format!("{dir}/{path}")
        };
        let found =
            normalize(&joined).and_then(|p| self.context.book.includes.get(&p).map(|s| (p, s)));
        match found {
            Some((rel, source)) => {
                let file = self.context.book.src_dir.join(&rel);
                let source = Arc::clone(source);
                self.quiz(&source.clone(), file, source, &|o| o);
            }
            None if path.is_empty() => self.error(
                range,
                "`{{#quiz}}` names no file".to_string(),
                "write `{{#quiz path/to/quiz.toml}}`, relative to this chapter",
            ),
            None => self.error(
                range,
                format!("quiz file `{path}` does not exist"),
                "give the path of a .toml file relative to this chapter",
            ),
        }
        Some(end + 1)
    }

    fn resolve(&mut self, dest: &str, range: &Range<usize>) -> Target {
        match self.try_resolve(dest) {
            Ok(target) => {
                if let Target::Chapter {
                    chapter,
                    fragment: Some(fragment),
                } = &target
                {
                    self.out.links.push(ChapterLink {
                        chapter: *chapter,
                        fragment: fragment.clone(),
                        span: self.span(range),
                    });
                }
                if let Target::Anchor(fragment) = &target {
                    self.out.links.push(ChapterLink {
                        chapter: self.index,
                        fragment: fragment.clone(),
                        span: self.span(range),
                    });
                }
                target
            }
            Err((message, help)) => {
                self.error(self.span(range), message, &help);
                Target::External(dest.to_string())
            }
        }
    }

    fn try_resolve(&self, dest: &str) -> Result<Target, (String, String)> {
        if dest.is_empty() || is_external(dest) {
            return Ok(Target::External(dest.to_string()));
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(decode(f)).filter(|f| !f.is_empty())),
            None => (dest, None),
        };
        if path.is_empty() {
            return Ok(fragment.map_or(Target::External(dest.to_string()), Target::Anchor));
        }
        let decoded = decode(path);
        let joined = match decoded.strip_prefix('/') {
            Some(rooted) => rooted.to_string(),
            None => match self.chapter.path.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/{decoded}"),
                None => decoded.clone(),
            },
        };
        let Some(normalized) = normalize(&joined) else {
            return Err((
                format!("broken link: `{dest}` points outside the source directory"),
                "link to a file inside the handbook's source directory".into(),
            ));
        };
        if let Some(&chapter) = self.context.chapters.get(normalized.as_str()) {
            return Ok(Target::Chapter { chapter, fragment });
        }
        if normalized.to_ascii_lowercase().ends_with(".md") {
            let exists = self.context.book.src_dir.join(&normalized).is_file();
            let help = if exists {
                "the file exists but is not in SUMMARY.md; add it there"
            } else {
                "check the file name; chapter links are relative to the chapter's own directory"
            };
            return Err((
                format!("broken link: chapter `{decoded}` does not exist"),
                help.to_string(),
            ));
        }
        if self.context.assets.contains(normalized.as_str()) {
            return Ok(Target::Asset {
                path: normalized,
                fragment,
            });
        }
        let landing = ["README.md", "index.md", "readme.md"]
            .iter()
            .find_map(|name| {
                let candidate = if normalized.is_empty() {
                    name.to_string()
                } else {
                    format!("{normalized}/{name}")
                };
                self.context.chapters.get(candidate.as_str()).copied()
            });
        match landing {
            Some(chapter) => Ok(Target::Chapter { chapter, fragment }),
            None => Err((
                format!("broken link: `{decoded}` does not exist"),
                "link to a chapter (.md) or a file under the source directory".into(),
            )),
        }
    }
}

/// Whether a link destination has a URL scheme (`https:`, `mailto:`) or is protocol-relative.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

fn is_inline(tag: &Tag) -> bool {
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

/// Maps an offset in concatenated code-block text to an offset in the chapter file.
fn map_offset(pieces: &[(usize, usize)], offset: usize) -> Option<usize> {
    let (content, source) = pieces
        .iter()
        .rev()
        .find(|(content, _)| *content <= offset)?;
    Some(source + (offset - content))
}

/// Index of the event matching `end` after `start` at the same nesting level (or the last event).
fn find_end(events: &[Spanned], start: usize, end: impl Fn(&Event) -> bool) -> usize {
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

/// Index where a task item's own text ends: its `End(Item)` or the start of a nested list.
fn item_text_end(events: &[Spanned], marker: usize) -> usize {
    let mut depth = 0usize;
    for (j, (event, _)) in events.iter().enumerate().skip(marker + 1) {
        match event {
            Event::Start(Tag::List(_)) if depth == 0 => return j,
            Event::End(TagEnd::Item) if depth == 0 => return j,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    events.len()
}

/// Concatenated text and inline code of `events` up to the first event where `stop` holds.
fn plain_text(events: &[Spanned], stop: impl Fn(&Event) -> bool) -> String {
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

/// Splits a trailing `{#id}` off a task's text: (id, text without it).
fn explicit_task_id(text: &str) -> Option<(String, String)> {
    let body = text.trim_end().strip_suffix('}')?;
    let open = body.rfind("{#")?;
    let id = &body[open + 2..];
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    valid.then(|| (id.to_string(), body[..open].trim_end().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links() {
        assert!(is_external("https://example.com"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example.com/x.js"));
        assert!(!is_external("my file.md"));
        assert!(!is_external("a/b.md#x:y"));
    }

    #[test]
    fn task_ids() {
        assert_eq!(
            explicit_task_id("Ship it {#ship}"),
            Some(("ship".into(), "Ship it".into()))
        );
        assert_eq!(explicit_task_id("Ship it"), None);
    }
}
