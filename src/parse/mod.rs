//! Parse stage: each chapter's Markdown parsed once (pulldown-cmark) into [`ParsedChapter`]:
//! a node stream with heading ids, resolved link targets, code blocks, quizzes and checklists,
//! which the page renderer, the print page and the search index all reuse. Parse produces data
//! only: render alone turns it into HTML.

mod blocks;
mod chapter;
mod checks;
pub mod fragment;
pub mod ids;
mod links;
pub mod quiz;
mod tasks;

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{BlockQuoteKind, Event};
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Book;
use chapter::{ChapterParser, Context};
pub use checks::cross_check;
pub use fragment::Fragment;
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
    /// A code block.
    Code(CodeBlock),
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
    /// A task-list marker outside any checklist (in a footnote): a disabled checkbox.
    DisabledCheckbox {
        /// `[x]` in the source.
        checked: bool,
    },
}

/// A fenced or indented code block, as data: render highlights it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The language: the fence info string's first word (`rust` in ```` ```rust,ignore ````);
    /// empty when there is none.
    pub lang: String,
    /// The info string's other words as written, braces removed (`ignore`, `should_panic`).
    pub attributes: Vec<String>,
    /// The code, as written.
    pub code: String,
}

impl CodeBlock {
    /// A code block from its fence info string (words separated by commas, spaces or tabs, as
    /// mdBook and rustdoc read it; the language may be followed directly by `{…}`) and its code.
    pub(crate) fn new(info: &str, code: String) -> CodeBlock {
        let info = info.trim();
        let split = info.find([',', ' ', '\t', '{']).unwrap_or(info.len());
        let attributes = info[split..]
            .split([',', ' ', '\t'])
            .map(|a| a.trim_matches(['{', '}']))
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        CodeBlock {
            lang: info[..split].to_string(),
            attributes,
            code,
        }
    }
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
    for (chapter, mut problems) in results {
        diagnostics.0.append(&mut problems);
        chapters.push(chapter);
    }
    diagnostics.0.append(&mut cross_check(book, &chapters).0);
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
