//! Search records from the parse stage's data: what each chapter contributes to the search
//! index, as plain text. This is the one place that knows the shape of a [`ParsedChapter`].
//!
//! A chapter gives, in this order:
//! - its page: section 0 is the top of the page (the chapter's title, its `#` heading, its
//!   description and the text before the first sub-heading); every other heading starts a section
//!   holding the heading and its text up to the next heading. Quizzes and checklists are left out
//!   of the text (they are records of their own); footnotes belong to the last section;
//! - a record per quiz, whose sections are its questions (the shared context of a multipart group
//!   with its first question, the prompt, the options or the program; never an answer or an
//!   explanation);
//! - a record per checklist, whose sections are its items.
//!
//! Quiz and checklist records have an empty section 0 holding only their title.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::load::Book;
use crate::parse::quiz::QuestionKind;
use crate::parse::{Node, ParsedChapter};

/// What a record is: the search box's `kind` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A chapter's page.
    Chapter,
    /// A quiz.
    Quiz,
    /// A checklist.
    Checklist,
}

impl Kind {
    /// The filter value: `chapter`, `quiz` or `checklist`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Chapter => "chapter",
            Kind::Quiz => "quiz",
            Kind::Checklist => "checklist",
        }
    }
}

/// One search result: a chapter's page, a quiz or a checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Chapter, quiz or checklist.
    pub kind: Kind,
    /// The result's title: the chapter's title, the quiz's (`Quiz` without one), the checklist's
    /// heading (`Checklist` when that is the chapter's own title or missing).
    pub title: String,
    /// Site-relative, percent-encoded URL: `part1/ch.html`, `part1/ch.html#quiz-1`.
    pub url: String,
    /// The part the chapter belongs to, if any.
    pub part: Option<String>,
    /// Section 0 (the top) and then one per heading, question or item.
    pub sections: Vec<Section>,
}

/// A part of a record that a result can link to: a section of a page, a question, an item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// The heading's text (empty for section 0, questions and items).
    pub heading: String,
    /// The element id the section starts at (empty for section 0).
    pub anchor: String,
    /// The section's searchable text, whitespace collapsed.
    pub text: String,
}

/// The records of chapter `index` of `book`: its page, then its quizzes, then its checklists.
pub fn chapter_records(book: &Book, index: usize, parsed: &ParsedChapter) -> Vec<Record> {
    let chapter = &book.chapters[index];
    let url = crate::paths::encode_path(&chapter.html_path());
    let part = chapter.part.clone();
    let mut records = vec![Record {
        kind: Kind::Chapter,
        title: chapter.title.clone(),
        url: url.clone(),
        part: part.clone(),
        sections: page_sections(parsed, chapter.front_matter.description.as_deref()),
    }];
    for quiz in &parsed.quizzes {
        let title = quiz.title.as_ref().map_or("Quiz".to_string(), |t| t.text());
        let mut context = None;
        let mut sections = vec![Section::default()];
        for (n, q) in quiz.questions.iter().enumerate() {
            // A multipart group's shared context is indexed once, with its first question.
            let multipart = q.multipart.as_ref().map(|m| m.text());
            let shared = multipart.clone().filter(|m| context.as_ref() != Some(m));
            context = multipart;
            sections.push(Section {
                heading: String::new(),
                anchor: quiz.question_anchor(n),
                text: question_text(shared, &q.prompt.text(), &q.kind),
            });
        }
        records.push(Record {
            kind: Kind::Quiz,
            title,
            url: format!("{url}#{}", quiz.id),
            part: part.clone(),
            sections,
        });
    }
    for checklist in &parsed.checklists {
        let heading = checklist
            .heading
            .as_ref()
            .map(|(_, text)| text.as_str())
            .filter(|h| *h != chapter.title);
        let anchor = checklist
            .heading
            .as_ref()
            .map_or(&checklist.id, |(id, _)| id);
        let mut sections = vec![Section::default()];
        sections.extend(checklist.items.iter().map(|t| Section {
            heading: String::new(),
            anchor: t.id.clone(),
            text: collapse(&t.text),
        }));
        records.push(Record {
            kind: Kind::Checklist,
            title: heading.unwrap_or("Checklist").to_string(),
            url: format!("{url}#{anchor}"),
            part: part.clone(),
            sections,
        });
    }
    records
}

/// A chapter page's sections: the top (the `#` heading, the description, the text before the
/// first other heading), then one per heading.
fn page_sections(parsed: &ParsedChapter, description: Option<&str>) -> Vec<Section> {
    let mut top = String::new();
    push_collapsed(&mut top, description.unwrap_or_default());
    let mut sections = vec![Section {
        text: top,
        ..Section::default()
    }];
    let headings: rustc_hash::FxHashMap<&str, &str> = parsed
        .headings
        .iter()
        .map(|h| (h.id.as_str(), h.text.as_str()))
        .collect();
    let mut in_heading = false;
    let mut skip_lists = 0usize; // list depth inside a checklist, which is a record of its own
    for node in &parsed.nodes {
        match node {
            Node::HeadingStart { level, id, .. } => {
                in_heading = true;
                let text = headings
                    .get(id.as_str())
                    .copied()
                    .unwrap_or_default()
                    .to_string();
                if *level > 1 {
                    sections.push(Section {
                        heading: text,
                        anchor: id.clone(),
                        ..Section::default()
                    });
                } else if sections.len() == 1 && sections[0].heading.is_empty() {
                    sections[0].heading = text;
                } else {
                    // Another `#` heading: searchable text of the section it is in.
                    push_text(&mut sections.last_mut().expect("section 0").text, &text);
                }
            }
            Node::HeadingEnd { .. } => in_heading = false,
            _ if in_heading => {}
            Node::ChecklistStart { .. } => skip_lists = 1,
            Node::Event(Event::Start(Tag::List(_))) if skip_lists > 0 => skip_lists += 1,
            Node::Event(Event::End(TagEnd::List(_))) if skip_lists > 0 => skip_lists -= 1,
            _ if skip_lists > 0 => {}
            _ => node_text(node, &mut sections.last_mut().expect("section 0").text),
        }
    }
    let last = sections.last_mut().expect("section 0");
    for footnote in &parsed.footnotes {
        for node in &footnote.nodes {
            node_text(node, &mut last.text);
        }
    }
    for section in &mut sections {
        if section.text.ends_with(' ') {
            section.text.pop();
        }
    }
    sections
}

/// Appends a node's text to `out` (see [`event_text`]), whitespace collapsed as it goes
/// ([`push_collapsed`]); code blocks and image descriptions are text too.
fn node_text(node: &Node, out: &mut String) {
    match node {
        Node::Event(event) => event_text(event, out),
        Node::Image { alt, .. } => push_text(out, alt),
        Node::Code(block) => push_text(out, &block.visible_code()),
        Node::CalloutStart(_) | Node::CalloutEnd => push_space(out),
        _ => {}
    }
}

/// Appends an event's text to `out`: text and code as written, raw HTML as its text; block
/// boundaries (paragraphs, table cells, list items) and line breaks as a space, inline markup
/// (emphasis, links) as nothing, so `a*b*` stays one word.
fn event_text(event: &Event, out: &mut String) {
    match event {
        Event::Text(text)
        | Event::Code(text)
        | Event::InlineMath(text)
        | Event::DisplayMath(text) => push_collapsed(out, text),
        Event::Html(html) | Event::InlineHtml(html) => push_plain_text(out, html),
        Event::Start(tag) if is_inline(tag) => {}
        Event::End(tag) if is_inline_end(tag) => {}
        _ => push_space(out),
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

fn push_text(out: &mut String, text: &str) {
    push_space(out);
    push_collapsed(out, text);
    push_space(out);
}

/// The searchable words of a question, as the page shows them: the shared context of its
/// multipart group (when given), its prompt, and its options or program, joined by ` · `. Never
/// the answer or the explanation.
fn question_text(shared: Option<String>, prompt: &str, kind: &QuestionKind) -> String {
    let mut parts: Vec<String> = shared.into_iter().collect();
    parts.push(prompt.to_string());
    match kind {
        QuestionKind::MultipleChoice { options, .. } => {
            parts.extend(options.iter().map(|o| o.text.text()));
        }
        QuestionKind::Tracing { program, .. } => parts.push(collapse(&program.visible_code())),
        QuestionKind::ShortAnswer { .. } => {}
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" · ")
}

/// Runs of whitespace as one space, trimmed.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    collapse_into(text, &mut out);
    out
}

/// A space at the end of `out`, unless it is empty or ends with one: text built with it and
/// [`push_collapsed`] has no run of spaces and none at the start.
fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Appends `piece` to text built with [`push_space`] and this, its whitespace collapsed: the
/// text stays what collapsing everything appended would give, but for a space at the end.
fn push_collapsed(out: &mut String, piece: &str) {
    if piece.starts_with(char::is_whitespace) {
        push_space(out);
    }
    collapse_into(piece, out);
    if piece.ends_with(char::is_whitespace) {
        push_space(out);
    }
}

/// Appends `text` with runs of whitespace as one space, trimmed, to `out`.
fn collapse_into(text: &str, out: &mut String) {
    if !text.is_ascii() {
        for (i, word) in text.split_whitespace().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
        return;
    }
    // The same words as `split_whitespace` gives: the text is copied in spans that end only
    // where whitespace is other than one space between two words.
    let is_space = super::words::is_space;
    let bytes = text.as_bytes();
    let mut i = bytes
        .iter()
        .position(|&b| !is_space(b))
        .unwrap_or(bytes.len());
    let mut start = i;
    while i < bytes.len() {
        if !is_space(bytes[i])
            || (bytes[i] == b' ' && bytes.get(i + 1).is_some_and(|&b| !is_space(b)))
        {
            i += 1;
            continue;
        }
        out.push_str(&text[start..i]);
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if i < bytes.len() {
            out.push(' ');
        }
        start = i;
    }
    out.push_str(&text[start..]);
}

/// Appends the text content of raw HTML in Markdown to text built with [`push_collapsed`]: tags
/// dropped (block-level ones leave a space, so `a<br>b` is two words; inline ones nothing, so
/// `a<span>.</span>b` stays `a.b`), the five XML entities and numeric character references
/// decoded, runs of whitespace collapsed.
fn push_plain_text(out: &mut String, html: &str) {
    const INLINE: [&str; 12] = [
        "span", "code", "em", "strong", "a", "b", "i", "mark", "sub", "sup", "kbd", "del",
    ];
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        push_collapsed(out, &rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            let Some(end) = rest.find('>') else {
                return;
            };
            let name: String = rest[1..end]
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            if !INLINE.contains(&name.to_ascii_lowercase().as_str()) {
                push_space(out);
            }
            rest = &rest[end + 1..];
        } else {
            let end = rest.find(';').filter(|&e| e <= 10);
            let (text, after) = match end.and_then(|e| decode_entity(&rest[1..e]).map(|c| (e, c))) {
                Some((e, c)) => (c, &rest[e + 1..]),
                None => ('&', &rest[1..]),
            };
            push_collapsed(out, text.encode_utf8(&mut [0; 4]));
            rest = after;
        }
    }
    push_collapsed(out, rest);
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" | "#39" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use pulldown_cmark::Event;

    use super::{collapse, event_text, push_collapsed, push_plain_text, push_space};

    /// Text content of raw HTML in Markdown, trimmed.
    fn plain_text(html: &str) -> String {
        let mut out = String::new();
        push_plain_text(&mut out, html);
        if out.ends_with(' ') {
            out.pop();
        }
        out
    }

    #[test]
    fn a_line_break_in_raw_html_joined_the_words_around_it() {
        let mut out = String::new();
        for event in [
            Event::Text("a".into()),
            Event::InlineHtml("<br>".into()),
            Event::Text("b".into()),
            Event::InlineHtml("<span>".into()),
            Event::Text("c".into()),
            Event::InlineHtml("</span>".into()),
        ] {
            event_text(&event, &mut out);
        }
        assert_eq!(out, "a bc");
    }

    proptest! {
        /// Text appended piece by piece, collapsing as it goes, is the whole text collapsed.
        #[test]
        fn text_collapsed_piece_by_piece_is_the_whole_text_collapsed(pieces in proptest::collection::vec("[ab \t\n\u{a0}\u{e9}]{0,5}", 0..6), spaces in proptest::collection::vec(any::<bool>(), 6)) {
            let (mut out, mut whole) = (String::new(), String::new());
            for (piece, space) in pieces.iter().zip(&spaces) {
                push_collapsed(&mut out, piece);
                whole.push_str(piece);
                if *space {
                    push_space(&mut out);
                    whole.push(' ');
                }
            }
            if out.ends_with(' ') {
                out.pop();
            }
            prop_assert_eq!(out, collapse(&whole));
        }
    }

    #[test]
    fn whitespace_collapses_alike_in_ascii_and_other_text() {
        for text in [
            "  a\t\u{b}b \n\r c  ",
            "",
            " \n ",
            "x",
            "  é\u{a0}b  c\u{3000}d ",
        ] {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(collapse(text), words.join(" "), "{text:?}");
        }
        assert_eq!(collapse("  a\t\u{b}b \n\r c  "), "a b c");
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain_text("<p>A <code>&lt;T&gt;</code> &amp; &#x41;&#66; &bogus; a&b</p>\n<p>x<span>.</span>y</p><"),
            "A <T> & AB &bogus; a&b x.y"
        );
    }
}
