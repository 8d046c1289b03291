//! Renders a parsed chapter's nodes to HTML for a page or for the print page.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event};

use super::highlight::{code_block, Hidden};
use super::links::{href, print_prefix, LinkMode};
use super::quiz;
use crate::html::{escape, is_unsafe_url};
use crate::load::Book;
use crate::parse::{CalloutKind, Fragment, Node, ParsedChapter};
use crate::translations::Translations;

/// Renders chapter `index` of `book` to HTML: headings with anchor links, callouts, checklists,
/// quizzes and a footnote section at the end. In [`LinkMode::Print`] every id gets the chapter's
/// print prefix so several chapters can share one page.
pub(crate) fn chapter_html(
    book: &Book,
    index: usize,
    parsed: &ParsedChapter,
    mode: LinkMode,
    strings: &Translations,
) -> String {
    let mut writer = ChapterWriter::new(book, index, parsed, mode, strings);
    let mut html = writer.nodes(&parsed.nodes);
    if !parsed.footnotes.is_empty() {
        html.push_str(&writer.footnotes());
    }
    html
}

fn id_prefix(book: &Book, index: usize, mode: LinkMode) -> String {
    match mode {
        LinkMode::Page(_) | LinkMode::Gathered(_) => String::new(),
        LinkMode::Print => print_prefix(book, index),
    }
}

/// Writes one chapter's nodes (and the quiz fragments inside them) as HTML, with the chapter's
/// link mode and id prefix.
pub(crate) struct ChapterWriter<'a> {
    pub(crate) strings: &'a Translations,
    book: &'a Book,
    index: usize,
    parsed: &'a ParsedChapter,
    mode: LinkMode<'a>,
    /// Prepended to every id (empty on a chapter's own page).
    pub(crate) prefix: String,
    refs: HashMap<String, usize>,
}

impl<'a> ChapterWriter<'a> {
    pub(crate) fn new(
        book: &'a Book,
        index: usize,
        parsed: &'a ParsedChapter,
        mode: LinkMode<'a>,
        strings: &'a Translations,
    ) -> Self {
        ChapterWriter {
            strings,
            book,
            index,
            parsed,
            mode,
            prefix: id_prefix(book, index, mode),
            refs: HashMap::new(),
        }
    }

    /// A quiz fragment (prompt, option, explanation) as HTML.
    pub(crate) fn fragment(&mut self, fragment: &Fragment) -> String {
        self.nodes(&fragment.nodes).trim_end().to_string()
    }

    /// A checklist item's label ([`crate::parse::Task::label`]) as HTML.
    pub(crate) fn task_label(&mut self, task: &crate::parse::Task) -> String {
        self.nodes(&task.label).trim().to_string()
    }

    fn nodes(&mut self, nodes: &[Node]) -> String {
        let events = self.raw_html_events(nodes);
        let mut html = String::with_capacity(nodes.len() * 24);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }

    /// The events of `nodes`, raw HTML (each run of block HTML taken whole) rewritten for the
    /// page: see [`Self::raw_html`].
    fn raw_html_events<'n>(&mut self, nodes: &'n [Node]) -> Vec<Event<'n>> {
        let mut events = Vec::with_capacity(nodes.len());
        let mut i = 0;
        while i < nodes.len() {
            match &nodes[i] {
                Node::Event(Event::Html(_)) => {
                    let mut html = String::new();
                    while let Some(Node::Event(Event::Html(part))) = nodes.get(i) {
                        html.push_str(part);
                        i += 1;
                    }
                    events.push(Event::Html(self.raw_html(&html).into()));
                    continue;
                }
                Node::Event(Event::InlineHtml(html)) => {
                    events.push(Event::InlineHtml(self.raw_html(html).into()));
                }
                node => events.push(self.node(node)),
            }
            i += 1;
        }
        events
    }

    /// Raw HTML of this chapter as written on the page: on the print page with its ids carrying
    /// the chapter's prefix and its URLs working from the site root; on the chapter's page with
    /// links to Markdown files (`<a href="ch.md#x">`, as mdBook rewrites them) going to their
    /// pages, everything else as written.
    fn raw_html(&self, html: &str) -> String {
        match self.mode {
            LinkMode::Print => self.print_html(html),
            // Most raw HTML names no Markdown file: it is kept byte for byte.
            LinkMode::Page(_) | LinkMode::Gathered(_) if html.contains(".md") => {
                let url = |value: &str| -> Option<String> {
                    let file = value.split(['#', '?']).next().unwrap_or(value);
                    let target = self.parsed.raw_targets.get(value)?;
                    let md = file.ends_with(".md") && !crate::paths::is_external(value);
                    md.then(|| href(self.book, self.index, target, self.mode))
                };
                crate::html::rewrite(html, "", &url)
            }
            LinkMode::Page(_) | LinkMode::Gathered(_) => html.to_string(),
        }
    }

    /// Raw HTML of this chapter rewritten for the print page.
    fn print_html(&self, html: &str) -> String {
        let (book, index, parsed) = (self.book, self.index, self.parsed);
        let url = |value: &str| -> Option<String> {
            if let Some(fragment) = value.strip_prefix('#') {
                return Some(format!("#{}{fragment}", self.prefix));
            }
            if let Some(target) = parsed.raw_targets.get(value) {
                return Some(href(book, index, target, LinkMode::Print));
            }
            // Anything else relative to the chapter's page, made relative to the root.
            if crate::paths::is_external(value) || value.starts_with('/') {
                return None;
            }
            crate::paths::join(&book.chapters[index].html_path(), value)
        };
        crate::html::rewrite(html, &self.prefix, &url)
    }

    fn node<'n>(&mut self, node: &'n Node) -> Event<'n> {
        let html = match node {
            Node::Event(event) => return event.clone(),
            Node::HeadingStart { level, id, classes } => {
                let id = format!("{}{}", self.prefix, id);
                let class = if classes.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", escape(&classes.join(" ")))
                };
                format!("<h{level} id=\"{id}\"{class}><a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>", id = escape(&id))
            }
            Node::HeadingEnd { level } => format!("</h{level}>\n"),
            Node::LinkStart { target, title } => {
                let href = href(self.book, self.index, target, self.mode);
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape(title))
                };
                if is_unsafe_url(&href) {
                    // A Markdown link never runs script: the text stays, the link goes.
                    format!("<a{title}>")
                } else {
                    format!("<a href=\"{}\"{title}>", escape(&href))
                }
            }
            Node::LinkEnd => "</a>".to_string(),
            Node::Image { target, title, alt } => {
                let src = href(self.book, self.index, target, self.mode);
                let src = if is_unsafe_url(&src) {
                    String::new()
                } else {
                    src
                };
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape(title))
                };
                format!(
                    "<img src=\"{}\" alt=\"{}\"{title} loading=\"lazy\">",
                    escape(&src),
                    escape(alt)
                )
            }
            Node::Code(block) => {
                let hidden = match self.mode {
                    LinkMode::Page(_) | LinkMode::Gathered(_) => Hidden::Toggle,
                    LinkMode::Print => Hidden::Omit,
                };
                code_block(block, "", hidden)
            }
            Node::CalloutStart(kind) => {
                let (class, key) = callout(*kind);
                let label = self.strings.html(key);
                format!("<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n")
            }
            Node::CalloutEnd => "</div>\n".to_string(),
            Node::FootnoteRef { id, ref_id, number } => {
                let count = self.refs.entry(id.clone()).or_insert(0);
                *count += 1;
                let suffix = if *count == 1 {
                    String::new()
                } else {
                    format!("-{count}")
                };
                if let LinkMode::Gathered(page) = self.mode {
                    // Away from its chapter: a link to the note on the chapter's page, no id.
                    let target = crate::parse::Target::Anchor(id.clone());
                    let link = escape(&href(
                        self.book,
                        self.index,
                        &target,
                        LinkMode::Gathered(page),
                    ));
                    return Event::InlineHtml(CowStr::from(format!(
                        "<sup class=\"footnote-ref\"><a href=\"{link}\">{number}</a></sup>"
                    )));
                }
                format!("<sup class=\"footnote-ref\"><a href=\"#{p}{id}\" id=\"{p}{ref_id}{suffix}\">{number}</a></sup>", p = self.prefix, id = escape(id), ref_id = escape(ref_id))
            }
            Node::Quiz(i) => {
                let parsed = self.parsed;
                quiz::quiz_html(&parsed.quizzes[*i], self)
            }
            Node::ChecklistStart { checklist, ordered } => {
                let checklist = &self.parsed.checklists[*checklist];
                let id = format!("{}{}", self.prefix, checklist.id);
                match ordered {
                    Some(1) => format!("<ol class=\"checklist\" id=\"{id}\">\n"),
                    Some(start) => {
                        format!("<ol class=\"checklist\" id=\"{id}\" start=\"{start}\">\n")
                    }
                    None => format!("<ul class=\"checklist\" id=\"{id}\">\n"),
                }
            }
            Node::TaskStart { checklist, task } => {
                let task = &self.parsed.checklists[*checklist].items[*task];
                let id = format!("{}{}", self.prefix, task.id);
                let checked = if task.checked { " checked" } else { "" };
                format!("<input type=\"checkbox\" class=\"task\" id=\"{id}\" data-task=\"{}\"{checked}><label for=\"{id}\">", task.id)
            }
            Node::TaskLabelEnd => "</label>".to_string(),
            Node::DisabledCheckbox { checked: true } => {
                "<input type=\"checkbox\" disabled checked> ".to_string()
            }
            Node::DisabledCheckbox { checked: false } => {
                "<input type=\"checkbox\" disabled> ".to_string()
            }
        };
        Event::InlineHtml(CowStr::from(html))
    }

    fn footnotes(&mut self) -> String {
        let mut html = format!(
            "<section class=\"footnotes\" aria-label=\"{}\">\n<ol>\n",
            self.strings.html("footnotes")
        );
        let parsed = self.parsed;
        for footnote in &parsed.footnotes {
            let (id, ref_id) = (escape(&footnote.id), escape(&footnote.ref_id));
            let body = self.nodes(&footnote.nodes);
            let back = if self.refs.contains_key(&footnote.id) {
                let label = self
                    .strings
                    .html_with("backToReference", &[("n", &footnote.number.to_string())]);
                format!(" <a class=\"footnote-backref\" href=\"#{p}{ref_id}\" aria-label=\"{label}\">↩</a>", p = self.prefix)
            } else {
                String::new()
            };
            let body = match body.trim_end().strip_suffix("</p>") {
                Some(inner) => format!("{inner}{back}</p>"),
                None => format!("{body}{back}"),
            };
            let _ = writeln!(
                html,
                "<li id=\"{p}{id}\" value=\"{n}\">{body}</li>",
                p = self.prefix,
                n = footnote.number
            );
        }
        html.push_str("</ol>\n</section>\n");
        html
    }
}

/// A callout's CSS class and the translation key of its title.
fn callout(kind: CalloutKind) -> (&'static str, &'static str) {
    match kind {
        CalloutKind::Note => ("note", "calloutNote"),
        CalloutKind::Tip => ("tip", "calloutTip"),
        CalloutKind::Important => ("important", "calloutImportant"),
        CalloutKind::Warning => ("warning", "calloutWarning"),
        CalloutKind::Caution => ("caution", "calloutCaution"),
    }
}
