//! The three question types of mdbook-quiz's schema, each validated from its raw TOML form:
//! MultipleChoice (options shuffled stably unless sorted), ShortAnswer and Tracing.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;

use super::{error, OneOrMany, QuestionKind, QuizError, QuizOption, RawQuestion};
use crate::hash::hash_hex;
use crate::parse::fragment::Fragment;
use crate::parse::CodeBlock;

pub(super) fn multiple_choice(
    raw: &RawQuestion,
    span: &Range<usize>,
    smart: bool,
    errors: &mut Vec<QuizError>,
) -> Option<QuestionKind> {
    let Some(answer) = raw.answer.answer.as_ref() else {
        errors.push(error(
            span.clone(),
            "MultipleChoice question has no answer".into(),
            "add answer.answer = \"…\" (or an array for several right options)",
        ));
        return None;
    };
    let (answers, multiple): (Vec<(String, Range<usize>)>, bool) = match answer.get_ref() {
        OneOrMany::One(a) => (vec![(a.clone(), answer.span())], false),
        OneOrMany::Many(list) => (
            list.iter().map(|a| (a.clone(), answer.span())).collect(),
            true,
        ),
    };
    if answers.is_empty() {
        errors.push(error(
            answer.span(),
            "answer list is empty".into(),
            "name at least one right option",
        ));
        return None;
    }
    let distractors: Vec<(String, Range<usize>)> = raw
        .prompt
        .distractors
        .iter()
        .flatten()
        .map(|d| (d.get_ref().clone(), d.span()))
        .collect();
    let mut seen: HashSet<&str> = HashSet::new();
    for (text, range) in answers.iter().chain(&distractors) {
        if !seen.insert(text.trim()) {
            let in_answers = answers.iter().any(|(a, _)| a.trim() == text.trim());
            let in_distractors = distractors.iter().any(|(d, _)| d.trim() == text.trim());
            // An option that is inline code already carries its backticks.
            let shown = if text.contains('`') {
                text.trim().to_string()
            } else {
                format!("`{text}`")
            };
            let message = if in_answers && in_distractors {
                format!("option {shown} is both an answer and a distractor")
            } else {
                format!("option {shown} appears twice")
            };
            errors.push(error(
                range.clone(),
                message,
                "each option must be distinct; remove or reword one",
            ));
        }
    }
    if distractors.is_empty() && !multiple {
        errors.push(error(
            span.clone(),
            "MultipleChoice question has no distractors".into(),
            "add prompt.distractors = [\"…\", \"…\"]",
        ));
    }
    for (key, value) in &raw.explanations {
        if !answers
            .iter()
            .chain(&distractors)
            .any(|(text, _)| text.trim() == key.trim())
        {
            errors.push(error(
                value.span(),
                format!("explanation for `{key}`, which is not an option"),
                "key each explanation by the exact text of an answer or distractor",
            ));
        }
    }
    let option = |written: usize, text: &str, correct: bool| QuizOption {
        text: Fragment::inline(text, smart),
        correct,
        written,
        explanation: raw
            .explanations
            .iter()
            .find(|(k, _)| k.trim() == text.trim())
            .map(|(_, v)| Fragment::block(v.get_ref(), smart)),
    };
    let mut options: Vec<QuizOption> = answers
        .iter()
        .enumerate()
        .map(|(i, (a, _))| option(i, a, true))
        .collect();
    let first = options.len();
    options.extend(
        distractors
            .iter()
            .enumerate()
            .map(|(i, (d, _))| option(first + i, d, false)),
    );
    let sorted = raw.prompt.sort_answers.unwrap_or(false);
    if let Some(index) = raw
        .prompt
        .answer_index
        .as_ref()
        .filter(|i| *i.get_ref() >= options.len())
    {
        errors.push(error(
            index.span(),
            format!(
                "answerIndex {} is past the last of {} options",
                index.get_ref(),
                options.len()
            ),
            "answerIndex counts from 0",
        ));
    }
    if let Some(index) = &raw.prompt.answer_index {
        if !multiple {
            let first = options.remove(0);
            let at = (*index.get_ref()).min(options.len());
            options.insert(at, first);
        }
    } else if sorted {
        // mdbook-quiz's sortAnswers: the options in the order of their text, not as written.
        let texts: Vec<&str> = answers
            .iter()
            .chain(&distractors)
            .map(|(text, _)| text.as_str())
            .collect();
        options.sort_by(|a, b| texts[a.written].cmp(texts[b.written]));
    } else {
        stable_shuffle(
            &mut options,
            &hash_hex(&format!(
                "{:?}",
                raw.prompt.prompt.as_ref().map(|p| p.get_ref())
            )),
        );
    }
    Some(QuestionKind::MultipleChoice {
        options,
        multiple,
        sorted: sorted || raw.prompt.answer_index.is_some(),
    })
}

pub(super) fn short_answer(
    raw: &RawQuestion,
    span: &Range<usize>,
    errors: &mut Vec<QuizError>,
) -> Option<QuestionKind> {
    let response = raw
        .prompt
        .response
        .as_ref()
        .map_or("short".to_string(), |r| r.get_ref().clone());
    if !matches!(response.as_str(), "short" | "long" | "code") {
        let at = raw
            .prompt
            .response
            .as_ref()
            .map_or(span.clone(), Spanned::span);
        errors.push(error(
            at,
            format!("unknown response kind `{response}`"),
            "use \"short\", \"long\" or \"code\"",
        ));
    }
    let answer = match raw.answer.answer.as_ref().map(Spanned::get_ref) {
        Some(OneOrMany::One(a)) if !a.trim().is_empty() => a.clone(),
        Some(OneOrMany::Many(_)) => {
            let at = raw
                .answer
                .answer
                .as_ref()
                .map_or(span.clone(), Spanned::span);
            errors.push(error(
                at,
                "a ShortAnswer answer must be one string".into(),
                "put the other accepted answers in answer.alternatives",
            ));
            return None;
        }
        _ => {
            errors.push(error(
                span.clone(),
                "ShortAnswer question has no answer".into(),
                "add answer.answer = \"…\"",
            ));
            return None;
        }
    };
    let mut answers = vec![answer];
    answers.extend(raw.answer.alternatives.iter().flatten().cloned());
    Some(QuestionKind::ShortAnswer { response, answers })
}

pub(super) fn tracing(
    raw: &RawQuestion,
    span: &Range<usize>,
    errors: &mut Vec<QuizError>,
) -> Option<QuestionKind> {
    let Some(program) = raw.prompt.program.as_deref() else {
        errors.push(error(
            span.clone(),
            "Tracing question has no program".into(),
            "add prompt.program = \"\"\"…\"\"\"",
        ));
        return None;
    };
    let Some(does_compile) = raw.answer.does_compile else {
        errors.push(error(
            span.clone(),
            "Tracing question has no answer.doesCompile".into(),
            "add answer.doesCompile = true or false",
        ));
        return None;
    };
    let language = raw.prompt.language.as_deref().unwrap_or("rust");
    let program = CodeBlock::new(language, program.trim_matches('\n').to_string());
    Some(QuestionKind::Tracing {
        program,
        does_compile,
        stdout: raw.answer.stdout.clone(),
        line_number: raw.answer.line_number,
    })
}

/// A stable pseudo-random order of the options, seeded by `seed`, so the right answer is not always first.
fn stable_shuffle<T>(items: &mut [T], seed: &str) {
    let mut state = u64::from_str_radix(seed, 16).unwrap_or(0x9e37_79b9_7f4a_7c15) | 1;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        items.swap(i, (state % (i as u64 + 1)) as usize);
    }
}
