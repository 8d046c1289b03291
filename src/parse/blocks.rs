//! Code blocks and quizzes: fenced code becomes a [`CodeBlock`]; a ```` ```quiz ```` fence or a
//! paragraph holding only `{{#quiz file.toml}}` becomes a [`Quiz`](super::Quiz), with its
//! problems reported at their line in the chapter or in the quiz file.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use pulldown_cmark::{CodeBlockKind, Event, TagEnd};

use super::chapter::{find_end, ChapterParser, Spanned};
use super::{quiz, CodeBlock, Node, QuestionId};
use crate::diagnostics::Diagnostic;
use crate::load::directive;
use crate::paths;
use crate::translations::Translations;

/// Where a range of a quiz's text was written: (file, its text, byte range in it).
pub(super) type Locate<'a> = dyn Fn(Range<usize>) -> (PathBuf, Arc<str>, Range<usize>) + 'a;

impl ChapterParser<'_> {
    pub(super) fn code_block(
        &mut self,
        events: &[Spanned],
        i: usize,
        kind: &CodeBlockKind,
    ) -> usize {
        self.close_label();
        let info = match kind {
            CodeBlockKind::Fenced(info) => info.as_ref(),
            CodeBlockKind::Indented => "",
        };
        let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::CodeBlock)));
        let mut code = String::new();
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        for (event, range) in &events[i + 1..end] {
            if let Event::Text(text) = event {
                pieces.push((code.len(), range.start));
                code.push_str(text);
            }
        }
        let block =
            CodeBlock::new(info, code).with_book_hidelines(&self.context.book.config.hidelines);
        if block.lang == "quiz" {
            let fence = events[i].1.start;
            let chapter = self.chapter;
            // Quiz offsets → body offsets → the file they were written in (maybe an included one).
            let locate = |range: Range<usize>| {
                let start = map_offset(&pieces, range.start).unwrap_or(fence);
                let end = map_offset(&pieces, range.end).unwrap_or(fence).max(start);
                let at = chapter.locate(start..end);
                (
                    at.file.to_path_buf(),
                    Arc::clone(at.source),
                    at.start..at.end,
                )
            };
            self.quiz(&block.code, &locate);
        } else {
            self.push(Node::Code(block));
        }
        end + 1
    }

    /// Parses quiz `text`; `locate` gives the file, its text and the byte range in it where a
    /// range of `text` was written, for diagnostics.
    pub(super) fn quiz(&mut self, text: &str, locate: &Locate) {
        let position = self.out.quizzes.len() + 1;
        let config = &self.context.book.config;
        let tracing_prompt = Translations::lookup(&config.language, &config.ui, "tracingPrompt");
        let parsed = quiz::parse(
            text,
            &format!("quiz-{position}"),
            config.smart_punctuation,
            tracing_prompt,
        );
        match parsed {
            Ok((mut quiz, notes)) => {
                for note in notes {
                    let (file, source, span) = locate(note.span);
                    let mut d = Diagnostic::at(&file, source, span, note.message).note();
                    if let Some(help) = note.help {
                        d = d.with_help(help);
                    }
                    self.diagnostics.push(d);
                }
                quiz.assign_ids(position, &mut self.ids);
                for question in &quiz.questions {
                    if let Some(at) = &question.id_span {
                        let (file, source, span) = locate(at.clone());
                        self.out.question_ids.push(QuestionId {
                            id: question.id.clone(),
                            file,
                            source,
                            span,
                        });
                    }
                }
                self.out.quizzes.push(quiz);
                self.push(Node::Quiz(self.out.quizzes.len() - 1));
            }
            Err(errors) => {
                for e in errors {
                    let (file, source, span) = locate(e.span.start..e.span.end.max(e.span.start));
                    let mut d = Diagnostic::at(&file, source, span, e.message);
                    if let Some(help) = e.help {
                        d = d.with_help(help);
                    }
                    self.diagnostics.push(d);
                }
            }
        }
    }

    /// Handles a paragraph holding only `{{#quiz path.toml}}`; returns the next index if it was one.
    pub(super) fn quiz_include(&mut self, events: &[Spanned], i: usize) -> Option<usize> {
        let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::Paragraph)));
        let mut text = String::new();
        for (event, _) in &events[i + 1..end] {
            match event {
                Event::Text(t) => text.push_str(t),
                _ => return None,
            }
        }
        let include = directive::whole(&text).filter(|d| d.name == "quiz")?;
        let range = events[i].1.clone();
        if self.chapter.is_literal(range.clone()) {
            return None;
        }
        let path = include.argument.to_string();
        let rel = paths::join_outside(&self.chapter.path, &path);
        let found = self.context.book.includes.get(&rel).map(Arc::clone);
        match found {
            Some(source) => {
                let file = self.context.book.src_dir.join(&rel);
                let locate = |r: Range<usize>| (file.clone(), Arc::clone(&source), r);
                self.quiz(&source, &locate);
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
}

/// Maps an offset in concatenated code-block text to an offset in the chapter file.
fn map_offset(pieces: &[(usize, usize)], offset: usize) -> Option<usize> {
    let (content, source) = pieces
        .iter()
        .rev()
        .find(|(content, _)| *content <= offset)?;
    Some(source + (offset - content))
}
