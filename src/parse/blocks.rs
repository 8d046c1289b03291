//! Code blocks and quizzes: fenced code becomes a [`CodeBlock`]; a ```` ```quiz ```` fence or a
//! paragraph holding only `{{#quiz file.toml}}` becomes a [`Quiz`](super::Quiz), with its
//! problems reported at their line in the chapter or in the quiz file.

use std::sync::Arc;

use pulldown_cmark::{CodeBlockKind, Event, TagEnd};

use super::chapter::{find_end, ChapterParser, Spanned};
use super::{ids, quiz, CodeBlock, Node, QuestionId};
use crate::diagnostics::Diagnostic;
use crate::load::directive;
use crate::paths;

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
                pieces.push((code.len(), self.span(range).start));
                code.push_str(text);
            }
        }
        let block = CodeBlock::new(info, code);
        if block.lang == "quiz" {
            let fence = self.span(&events[i].1);
            let map = |offset: usize| map_offset(&pieces, offset).unwrap_or(fence.start);
            self.quiz(
                &block.code,
                self.chapter.file.clone(),
                Arc::clone(&self.chapter.source),
                &map,
            );
        } else {
            self.push(Node::Code(block));
        }
        end + 1
    }

    pub(super) fn quiz(
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
        let path = include.argument.to_string();
        let range = self.span(&events[i].1);
        let found = paths::join(&self.chapter.path, &path)
            .and_then(|p| self.context.book.includes.get(&p).map(|s| (p, s)));
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
}

/// Maps an offset in concatenated code-block text to an offset in the chapter file.
fn map_offset(pieces: &[(usize, usize)], offset: usize) -> Option<usize> {
    let (content, source) = pieces
        .iter()
        .rev()
        .find(|(content, _)| *content <= offset)?;
    Some(source + (offset - content))
}
