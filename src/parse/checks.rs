//! The checks that span chapters, run once every chapter is parsed: each link's anchor exists in
//! its target chapter, and explicit quiz question ids are unique across the handbook.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{ParsedChapter, QuestionId};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Book;

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
                let known = heading_ids(&chapters[link.chapter]);
                let where_ = if link.chapter == index {
                    "this chapter".to_string()
                } else {
                    format!("`{}`", target.path)
                };
                let message = format!(
                    "broken anchor: {where_} has no heading with id `{}`",
                    link.fragment
                );
                let mut diagnostic = super::chapter::located(source, link.span.clone(), message)
                    .with_help(format!("heading ids in {where_}: {}", abbreviate(&known)));
                if book.config.is_mdbook() {
                    diagnostic = diagnostic.warning();
                }
                diagnostics.push(diagnostic);
            }
        }
    }
}

/// The ids of `chapter`'s headings, sorted, each once: only ids an author wrote or can see
/// (slugs and `{#id}`s), not the generated ids of quizzes, checklists and their items. Two
/// headings with one explicit id (an error of their own) share it on the page, so it is listed once.
fn heading_ids(chapter: &ParsedChapter) -> Vec<&str> {
    let mut ids: Vec<&str> = chapter.headings.iter().map(|h| h.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn abbreviate(ids: &[&str]) -> String {
    if ids.is_empty() {
        return "none".to_string();
    }
    crate::diagnostics::some_of(ids, 12)
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
