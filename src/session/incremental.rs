//! The chapter-body rebuild: reads the edited chapters again, parses and renders only them, and
//! reassembles the site from every chapter's kept output. On any error the last good build is
//! restored exactly as it was.

use std::sync::Arc;

use super::{Change, Good};
use crate::diagnostics::Diagnostics;
use crate::render::{ChapterOutput, Renderer};

/// One chapter's state before the edit, to restore on failure.
struct Undo {
    index: usize,
    source: Arc<str>,
    body_start: usize,
    parsed: crate::parse::ParsedChapter,
    output: Option<ChapterOutput>,
}

/// Applies body edits `changes` (every one a [`super::ChangeKind::Body`] of a chapter in
/// `good`) and leaves the new site in `good.built.site` (without the search index).
///
/// Returns the warnings of the re-parsed chapters. Errors: their problems, and cross-chapter
/// ones (a link to an anchor the edit removed); `good` is then unchanged.
pub(super) fn rebuild(
    good: &mut Good,
    changes: &[Change],
    strict: bool,
) -> Result<Diagnostics, Diagnostics> {
    let mut undo = Vec::new();
    let result = apply(good, changes, strict, &mut undo);
    if result.is_err() {
        restore(good, undo);
    }
    result
}

fn apply(
    good: &mut Good,
    changes: &[Change],
    strict: bool,
    undo: &mut Vec<Undo>,
) -> Result<Diagnostics, Diagnostics> {
    let built = &mut good.built;
    let mut problems = Diagnostics::default();
    for change in changes {
        let index = built
            .book
            .chapters
            .iter()
            .position(|c| super::changes::absolute(&c.file) == change.path)
            .ok_or_else(|| {
                Diagnostics::from(crate::Diagnostic::file(
                    &change.path,
                    "changed file is no longer a chapter",
                ))
            })?;
        let text: Arc<str> = crate::load::read_text(&change.path)?.into();
        let split = crate::load::front_matter::split(&change.path, &text)?;
        let chapter = &mut built.book.chapters[index];
        let source = std::mem::replace(&mut chapter.source, text);
        let body_start = std::mem::replace(&mut chapter.body_start, split.body_start);
        let (parsed, found) = crate::parse::parse_chapter(&built.book, index);
        problems.extend(found);
        let parsed = std::mem::replace(&mut built.chapters[index], parsed);
        undo.push(Undo {
            index,
            source,
            body_start,
            parsed,
            output: None,
        });
    }
    problems.extend(crate::parse::cross_check(&built.book, &built.chapters));
    let problems = crate::strictness(problems, strict);
    if problems.has_errors() {
        return Err(problems);
    }
    let key = Renderer::sidebar_key(&built.chapters);
    if good.renderer.as_ref().is_none_or(|(_, k)| *k != key) {
        good.renderer = Some((Renderer::new(&built.book, &built.chapters)?, key));
    }
    let Some((renderer, _)) = good.renderer.as_ref() else {
        return Err(problems);
    };
    for entry in undo.iter_mut() {
        let output = renderer.chapter(&built.book, &built.chapters, entry.index);
        entry.output = Some(std::mem::replace(&mut built.outputs[entry.index], output));
    }
    built.site = renderer.assemble(&built.book, &built.chapters, &built.outputs)?;
    Ok(problems)
}

/// Puts back every chapter's source, parse and output from before the edit.
fn restore(good: &mut Good, undo: Vec<Undo>) {
    let built = &mut good.built;
    for entry in undo.into_iter().rev() {
        let chapter = &mut built.book.chapters[entry.index];
        chapter.source = entry.source;
        chapter.body_start = entry.body_start;
        built.chapters[entry.index] = entry.parsed;
        if let Some(output) = entry.output {
            built.outputs[entry.index] = output;
        }
    }
}
