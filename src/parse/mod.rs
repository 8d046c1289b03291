//! Parse stage: each chapter's Markdown parsed once (pulldown-cmark) into [`ParsedChapter`]:
//! a node stream with heading ids, resolved link targets, code blocks, quizzes and checklists,
//! which the page renderer, the print page and the search index all reuse. Parse produces data
//! only: render alone turns it into HTML.

mod blocks;
mod chapter;
mod checks;
pub(crate) mod fragment;
pub(crate) mod ids;
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
    /// Where each URL written in the chapter's raw HTML (`<a href="ch.html#x">`, `<img src>`)
    /// points, by the value as written, when it resolves inside the book: what the print page
    /// needs to rewrite raw HTML.
    pub raw_targets: std::collections::HashMap<String, Target>,
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
    /// The start number of a numbered checklist (`1. [ ] …`); `None` for a bulleted one.
    pub ordered: Option<u64>,
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Stable id: the item's explicit `{#id}`, else `t-` and 8 hex digits hashed from the chapter
    /// path, the nearest heading id and the item text, so ticks survive rebuilds and reordering.
    pub id: String,
    /// Plain text of the item (nested lists excluded).
    pub text: String,
    /// The item's label as inline nodes (links, code, emphasis; its paragraph left out): what a
    /// page gathering checklists shows of it (`checklists.html`).
    pub label: Vec<Node>,
    /// How deep it is nested in its checklist: 0 for an item of the list itself, 1 for an item
    /// of a list inside one, and so on.
    pub depth: usize,
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
#[derive(Debug, Clone, PartialEq)]
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
    /// How the block marks hidden lines, if it can have any.
    pub hidelines: Option<Hidelines>,
}

/// How a code block marks the lines it hides until the reader asks for them (mdBook's rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hidelines {
    /// Rust: a line whose first non-blank character is `#` followed by a space or nothing is
    /// hidden (`# use std::io;`); `##` at that place shows as one `#`.
    Rust,
    /// Any other language: a line starting (after blanks) with this prefix is hidden, prefix
    /// removed. From `hidelines=PREFIX` in the info string or the book's `hidelines` setting.
    Prefix(String),
}

/// One line of a code block as the reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeLine<'a> {
    /// The line without its hiding mark and without its line ending.
    pub text: std::borrow::Cow<'a, str>,
    /// Whether it is hidden until the reader shows hidden lines.
    pub hidden: bool,
}

impl CodeBlock {
    /// A code block from its fence info string (words separated by commas, spaces or tabs, as
    /// mdBook and rustdoc read it; the language may be followed directly by `{…}`) and its code.
    /// Rust blocks and blocks with a `hidelines=PREFIX` word hide lines.
    pub(crate) fn new(info: &str, code: String) -> CodeBlock {
        let info = info.trim();
        let split = info.find([',', ' ', '\t', '{']).unwrap_or(info.len());
        let attributes: Vec<String> = info[split..]
            .split([',', ' ', '\t'])
            .map(|a| a.trim_matches(['{', '}']))
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        let lang = info[..split].to_string();
        let hidelines = if lang == "rust" {
            Some(Hidelines::Rust)
        } else {
            attributes
                .iter()
                .find_map(|a| a.strip_prefix("hidelines="))
                .filter(|p| !p.is_empty())
                .map(|p| Hidelines::Prefix(p.to_string()))
        };
        CodeBlock {
            lang,
            attributes,
            code,
            hidelines,
        }
    }

    /// The same block with the book's hidden-line prefixes by language (`hidelines` setting)
    /// applied when the block names none itself.
    pub(crate) fn with_book_hidelines(
        mut self,
        prefixes: &std::collections::BTreeMap<String, String>,
    ) -> CodeBlock {
        if self.hidelines.is_none() {
            self.hidelines = prefixes
                .get(&self.lang)
                .filter(|p| !p.is_empty())
                .map(|p| Hidelines::Prefix(p.clone()));
        }
        self
    }

    /// Every line as the reader sees it (hiding marks removed), with whether it is hidden.
    pub fn lines(&self) -> Vec<CodeLine<'_>> {
        if self.code.is_empty() {
            return Vec::new();
        }
        let body = self.code.strip_suffix('\n').unwrap_or(&self.code);
        body.split('\n').map(|line| self.line(line)).collect()
    }

    fn line<'a>(&self, line: &'a str) -> CodeLine<'a> {
        let shown = |text: &'a str| CodeLine {
            text: text.into(),
            hidden: false,
        };
        let indent = line.len() - line.trim_start().len();
        let (blank, rest) = line.split_at(indent);
        match &self.hidelines {
            None => shown(line),
            Some(Hidelines::Rust) => match rest.strip_prefix('#') {
                Some(after) if after.starts_with('#') => CodeLine {
                    text: format!("{blank}{after}").into(),
                    hidden: false,
                },
                Some(after) if after.is_empty() || after.starts_with(' ') => CodeLine {
                    text: format!("{blank}{}", after.strip_prefix(' ').unwrap_or(after)).into(),
                    hidden: true,
                },
                _ => shown(line),
            },
            Some(Hidelines::Prefix(prefix)) => match rest.strip_prefix(prefix.as_str()) {
                Some(after) => CodeLine {
                    text: format!("{blank}{after}").into(),
                    hidden: true,
                },
                None => shown(line),
            },
        }
    }

    /// Whether any line is hidden.
    pub fn has_hidden_lines(&self) -> bool {
        self.hidelines.is_some() && self.lines().iter().any(|l| l.hidden)
    }

    /// The code the reader sees with hidden lines shown: every line, hiding marks removed,
    /// each ending in a newline when the code does.
    pub fn shown_code(&self) -> String {
        self.joined(|_| true)
    }

    /// The code the reader sees before showing hidden lines (what search indexes and paper
    /// prints): hidden lines left out, hiding marks removed.
    pub fn visible_code(&self) -> String {
        self.joined(|l| !l.hidden)
    }

    fn joined(&self, keep: impl Fn(&CodeLine) -> bool) -> String {
        if self.hidelines.is_none() {
            return self.code.clone();
        }
        let lines: Vec<String> = self
            .lines()
            .into_iter()
            .filter(|l| keep(l))
            .map(|l| l.text.into_owned())
            .collect();
        let mut code = lines.join("\n");
        if self.code.ends_with('\n') && !code.is_empty() {
            code.push('\n');
        }
        code
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
/// Returns one [`ParsedChapter`] per chapter of `book`, in the same order, and every problem
/// found (broken links and anchors, duplicate explicit ids, bad quizzes), sorted: the build fails
/// if any is an error.
pub fn parse(book: &Book) -> (Vec<ParsedChapter>, Diagnostics) {
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
    diagnostics.sort();
    (chapters, diagnostics)
}

/// Parses chapter `index` of `book` alone (serve mode re-parses only what changed); its
/// problems are returned beside it. Links into other chapters are checked by [`cross_check`].
pub fn parse_chapter(book: &Book, index: usize) -> (ParsedChapter, Vec<Diagnostic>) {
    ChapterParser::new(&Context::new(book), index).run()
}
