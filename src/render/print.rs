//! The pages made for paper and for tracking: `print.html` (the whole handbook, one chapter per
//! printed page, quizzes as worksheets with an answer key), `checklists.html` (every checklist),
//! and the data behind `progress.html` and `review.html`.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;

use super::content::{chapter_html, ChapterWriter};
use super::links::{print_prefix, LinkMode};
use super::quiz::answer_key_html;
use crate::html::escape;
use crate::load::Book;
use crate::parse::ParsedChapter;
use crate::paths::{encode_path, root_of};
use crate::translations::Translations;

/// One chapter's part of `print.html`: its section (a new printed page, ids prefixed per
/// chapter) and its quizzes' entries in the answer key.
#[derive(Debug, Clone, Default)]
pub struct PrintSection {
    /// The chapter's `<section>`.
    pub html: String,
    /// Its quizzes' answer-key entries (empty without quizzes).
    pub key: String,
}

/// Renders chapter `index` for `print.html`.
pub(crate) fn print_section(
    book: &Book,
    index: usize,
    parsed: &ParsedChapter,
    strings: &Translations,
) -> PrintSection {
    let chapter = &book.chapters[index];
    let anchor = print_prefix(book, index);
    let mut html = String::new();
    let _ = writeln!(
        html,
        "<section class=\"print-chapter\" id=\"{}\" data-page=\"{}\">",
        escape(anchor.trim_end_matches('-')),
        escape(&chapter.html_path())
    );
    html.push_str("<div class=\"chapter\">\n");
    html.push_str(&chapter_html(book, index, parsed, LinkMode::Print, strings));
    html.push_str("</div>\n</section>\n");
    let mut key = String::new();
    let mut writer = ChapterWriter::new(book, index, parsed, LinkMode::Print, strings);
    for quiz in &parsed.quizzes {
        let title = match &quiz.title {
            Some(title) => writer.fragment(title),
            None => strings.html("quiz"),
        };
        let _ = writeln!(key, "<h2>{} — {title}</h2>", escape(&chapter.title));
        key.push_str(&answer_key_html(quiz, &mut writer));
    }
    PrintSection { html, key }
}

/// The body of `print.html`, as pieces to write one after another: every chapter's section in
/// reading order, then the answer key of every quiz.
pub(crate) fn print_body<'s>(
    sections: impl Iterator<Item = &'s PrintSection> + Clone,
    strings: &Translations,
) -> Vec<Cow<'s, str>> {
    let mut pieces: Vec<Cow<str>> = sections.clone().map(|s| s.html.as_str().into()).collect();
    let keys: Vec<Cow<str>> = sections
        .filter(|s| !s.key.is_empty())
        .map(|s| s.key.as_str().into())
        .collect();
    if !keys.is_empty() {
        pieces.push(
            format!(
                "<section class=\"print-chapter answer-key\" id=\"answer-key\">\n<h1>{}</h1>\n",
                strings.html("answerKey")
            )
            .into(),
        );
        pieces.extend(keys);
        pieces.push("</section>\n".into());
    }
    pieces
}

/// The body of `checklists.html`: every checklist grouped by chapter, each starting a printed page.
pub(crate) fn checklists_body(
    book: &Book,
    chapters: &[ParsedChapter],
    from: &str,
    strings: &Translations,
) -> String {
    let mut html = String::new();
    for (i, parsed) in chapters
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.checklists.is_empty())
    {
        let chapter = &book.chapters[i];
        let page = chapter.html_path();
        let href = format!("{}{}", root_of(from), encode_path(&page));
        let prefix = print_prefix(book, i);
        let mut writer = ChapterWriter::new(book, i, parsed, LinkMode::Gathered(from), strings);
        for checklist in &parsed.checklists {
            let _ = writeln!(
                html,
                "<section class=\"print-checklist\" data-page=\"{}\" data-checklist=\"{}\">",
                escape(&page),
                escape(&checklist.id)
            );
            let _ = writeln!(
                html,
                "<p class=\"print-checklist-chapter\"><a href=\"{href}\">{}</a></p>",
                escape(&chapter.title)
            );
            if let Some((_, heading)) = &checklist.heading {
                // Someone moving by headings hears only them: the chapter's title goes in too
                // (it is shown above, so hidden here), unless the heading is that title.
                let chapter_title = if *heading == chapter.title {
                    String::new()
                } else {
                    format!(
                        "<span class=\"visually-hidden\"> · {}</span>",
                        escape(&chapter.title)
                    )
                };
                let _ = writeln!(html, "<h2>{}{chapter_title}</h2>", escape(heading));
            }
            let (list, start) = match checklist.ordered {
                Some(1) => ("ol", String::new()),
                Some(n) => ("ol", format!(" start=\"{n}\"")),
                None => ("ul", String::new()),
            };
            let _ = writeln!(
                html,
                "<{list} class=\"checklist\" id=\"{prefix}{}\"{start}>",
                escape(&checklist.id)
            );
            for task in &checklist.items {
                let id = format!("{prefix}{}", task.id);
                let checked = if task.checked { " checked" } else { "" };
                let label = writer.task_label(task);
                // A nested item keeps its indent (the list stays one list: style.css indents
                // `depth-1` to `depth-4`).
                let indent = match task.depth {
                    0 => String::new(),
                    d => format!(" class=\"depth-{}\"", d.min(4)),
                };
                let _ = writeln!(html, "<li{indent}><input type=\"checkbox\" class=\"task\" id=\"{id}\" data-task=\"{}\"{checked}><label for=\"{id}\">{label}</label></li>", escape(&task.id));
            }
            let _ = writeln!(html, "</{list}>\n</section>");
        }
    }
    html
}

/// What `progress.html` and `review.html` need to know about every checklist and quiz, embedded
/// in those two pages as JSON (the reader's state itself lives in their browser).
#[derive(Serialize)]
pub(crate) struct Manifest {
    chapters: Vec<ManifestChapter>,
}

#[derive(Serialize)]
struct ManifestChapter {
    title: String,
    page: String,
    href: String,
    checklists: Vec<ManifestChecklist>,
    quizzes: Vec<ManifestQuiz>,
}

#[derive(Serialize)]
struct ManifestChecklist {
    id: String,
    title: Option<String>,
    anchor: Option<String>,
    items: Vec<ManifestTask>,
}

#[derive(Serialize)]
struct ManifestTask {
    id: String,
    text: String,
    checked: bool,
}

#[derive(Serialize)]
struct ManifestQuiz {
    id: String,
    hash: String,
    title: Option<String>,
    questions: Vec<String>,
}

/// The manifest of every chapter with a checklist or quiz, hrefs relative to the site root.
pub(crate) fn manifest(book: &Book, chapters: &[ParsedChapter]) -> Manifest {
    let chapters = chapters
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.checklists.is_empty() || !p.quizzes.is_empty())
        .map(|(i, parsed)| {
            let chapter = &book.chapters[i];
            ManifestChapter {
                title: chapter.title.clone(),
                page: chapter.html_path(),
                href: encode_path(&chapter.html_path()),
                checklists: parsed
                    .checklists
                    .iter()
                    .map(|c| ManifestChecklist {
                        id: c.id.clone(),
                        title: c.heading.as_ref().map(|(_, t)| t.clone()),
                        anchor: c.heading.as_ref().map(|(id, _)| id.clone()),
                        items: c
                            .items
                            .iter()
                            .map(|t| ManifestTask {
                                id: t.id.clone(),
                                text: t.text.clone(),
                                checked: t.checked,
                            })
                            .collect(),
                    })
                    .collect(),
                quizzes: parsed
                    .quizzes
                    .iter()
                    .map(|q| ManifestQuiz {
                        id: q.id.clone(),
                        hash: q.hash.clone(),
                        title: q.title.as_ref().map(|t| t.text()),
                        questions: q.questions.iter().map(|x| x.prompt.text()).collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    Manifest { chapters }
}

impl Manifest {
    /// The manifest as JSON safe to embed in a `<script>` element.
    pub(crate) fn to_script_json(&self) -> String {
        crate::html::script_json(self)
    }
}
