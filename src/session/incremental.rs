//! The chapter-body rebuild: reads the edited chapters again, parses and renders only them, and
//! reassembles the site from every chapter's kept output. On any error the last good build is
//! restored exactly as it was.

use std::sync::Arc;

use super::{Change, Good};
use crate::diagnostics::Diagnostics;
use crate::render::{ChapterOutput, Keep, Renderer};
use crate::site::Site;

/// One chapter's state before the edit, to restore on failure.
struct Undo {
    index: usize,
    source: Arc<str>,
    body_start: usize,
    parsed: crate::parse::ParsedChapter,
    output: Option<ChapterOutput>,
}

/// Applies body edits `changes` (every one a [`super::ChangeKind::Body`] of a chapter in
/// `good`, carrying the text classifying it read); `last` is the site `good` made, whose
/// shared pages are kept where the edits leave their inputs alone.
///
/// Returns the new site (without the search index) and the warnings of the re-parsed chapters.
/// Errors: their problems, and cross-chapter ones (a link to an anchor the edit removed); `good`
/// is then unchanged.
pub(super) fn rebuild(
    good: &mut Good,
    last: &Site,
    changes: &[Change],
    strict: bool,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut undo = Vec::new();
    let result = apply(good, last, changes, strict, &mut undo);
    if result.is_err() {
        restore(good, undo);
    }
    result
}

fn apply(
    good: &mut Good,
    last: &Site,
    changes: &[Change],
    strict: bool,
    undo: &mut Vec<Undo>,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let built = &mut good.built;
    let mut problems = Diagnostics::default();
    // Classifying a body edit read the chapter's new text; only that is applied here.
    for edit in changes.iter().filter_map(|c| c.edit.as_ref()) {
        let index = edit.chapter;
        let chapter = &mut built.book.chapters[index];
        let source = std::mem::replace(&mut chapter.source, Arc::clone(&edit.source));
        let body_start = std::mem::replace(&mut chapter.body_start, edit.body_start);
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
    let reused = good.renderer.as_ref().is_some_and(|(_, k)| *k == key);
    // A new renderer replaces the kept one only once the site is made: after a failure the kept
    // one is still the one that made the last good site.
    let fresh = if reused {
        None
    } else {
        Some((Renderer::new(&built.book, &built.chapters)?, key))
    };
    let Some((renderer, _)) = fresh.as_ref().or(good.renderer.as_ref()) else {
        return Err(problems);
    };
    for entry in undo.iter_mut() {
        let output = renderer.chapter(&built.book, &built.chapters, entry.index);
        entry.output = Some(std::mem::replace(&mut built.outputs[entry.index], output));
    }
    let edited: Vec<usize> = undo.iter().map(|u| u.index).collect();
    let same_exercises = undo
        .iter()
        .all(|u| Keep::same_exercises(&u.parsed, &built.chapters[u.index]));
    let keep = Keep {
        site: last,
        chapters: &edited,
        same_exercises,
    };
    let site = renderer.assemble(
        &built.book,
        &built.chapters,
        &built.outputs,
        reused.then_some(&keep),
    )?;
    if fresh.is_some() {
        good.renderer = fresh;
    }
    Ok((site, problems))
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
