//! Quiz blocks: TOML in mdbook-quiz's schema (```` ```quiz ```` fences or `{{#quiz file.toml}}`),
//! deserialised, validated and turned into a [`Quiz`] whose text fields are parsed Markdown.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};
use serde::Deserialize;
use toml::Spanned;

mod questions;

use super::fragment::Fragment;
use super::ids::{self, IdSet};
use super::{CodeBlock, Node};
use crate::hash::hash_hex;

/// When the reader sees whether an answer is right: after each question, or after the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feedback {
    /// After each question (the default).
    Immediate,
    /// Once the whole quiz is submitted.
    End,
}

/// A validated quiz. Text fields hold parsed Markdown ([`Fragment`]s).
#[derive(Debug, Clone)]
pub struct Quiz {
    /// Page-unique id, e.g. `quiz-1`.
    pub id: String,
    /// 16 hex digits: a hash of the quiz's TOML, so saved answers of a changed quiz can be dropped.
    pub hash: String,
    /// Optional title, inline Markdown (our addition to the schema).
    pub title: Option<Fragment>,
    /// When feedback is shown (our addition, `feedback = "immediate" | "end"`).
    pub feedback: Feedback,
    /// The questions in source order.
    pub questions: Vec<Question>,
}

impl Quiz {
    /// The element id of question `n` (0-based) on its chapter's page: `{quiz id}-{n + 1}`.
    /// Scripts find questions by it (see the theme's script contract), so it has this one home.
    pub fn question_anchor(&self, n: usize) -> String {
        format!("{}-{}", self.id, n + 1)
    }

    /// The element id of the quiz's title: `{quiz id}-title`.
    pub fn title_anchor(&self) -> String {
        format!("{}{TITLE}", self.id)
    }

    /// The element id of question `n`'s prompt: `{question anchor}-prompt`.
    pub fn prompt_anchor(&self, n: usize) -> String {
        format!("{}{PROMPT}", self.question_anchor(n))
    }

    /// Gives the quiz its page-unique id from `ids`, the page's ids, and its questions without
    /// an author's id theirs (`{quiz id}-q{n}`). Named after its first question's id when it has
    /// one, so saved answers survive quizzes being added or removed above it; else after its
    /// position on the page (`quiz-1`). The ids its page uses for its title, questions and
    /// prompts are made from it and reserved with it, so none is any other element's id.
    pub(crate) fn assign_ids(&mut self, position: usize, ids: &mut IdSet) {
        let base = self
            .questions
            .first()
            .filter(|q| q.id_span.is_some())
            .map_or(format!("quiz-{position}"), |q| {
                format!("quiz-{}", ids::slug(&q.id))
            });
        let mut suffixes = vec![TITLE.to_string()];
        for n in 1..=self.questions.len() {
            suffixes.push(format!("-{n}"));
            suffixes.push(format!("-{n}{PROMPT}"));
        }
        self.id = ids.unique_with(&base, &suffixes);
        for (n, question) in self.questions.iter_mut().enumerate() {
            if question.id_span.is_none() {
                question.id = format!("{}-q{}", self.id, n + 1);
            }
        }
    }
}

/// What a quiz's title id adds to the quiz's id.
const TITLE: &str = "-title";
/// What a question's prompt id adds to the question's id.
const PROMPT: &str = "-prompt";

/// One question of a quiz.
#[derive(Debug, Clone)]
pub struct Question {
    /// The author's `id`, or `{quiz id}-q{n}` (1-based).
    pub id: String,
    /// Byte range of the author's `id` value in the quiz TOML; `None` when the id was generated
    /// (only written ids must be unique across the handbook).
    pub id_span: Option<Range<usize>>,
    /// Byte range of the question in the quiz TOML, for diagnostics.
    pub span: Range<usize>,
    /// The prompt; for a Tracing question without one, the book's `tracingPrompt` text.
    pub prompt: Fragment,
    /// The shared context of the multipart group this question belongs to.
    pub multipart: Option<Fragment>,
    /// The explanation shown after answering.
    pub context: Option<Fragment>,
    /// Type-specific parts.
    pub kind: QuestionKind,
}

/// The three mdbook-quiz question types.
#[derive(Debug, Clone)]
pub enum QuestionKind {
    /// Pick one option (or several when `multiple`).
    MultipleChoice {
        /// Options in display order.
        options: Vec<QuizOption>,
        /// Whether several options are correct (an array `answer.answer`).
        multiple: bool,
        /// `prompt.sortAnswers`: keep this order instead of shuffling per reader.
        sorted: bool,
    },
    /// Type an answer; matched trimmed and case-insensitively against `answers`.
    ShortAnswer {
        /// `short` (one line), `long` (a text area) or `code` (a monospace text area).
        response: String,
        /// The answer followed by its alternatives, as written.
        answers: Vec<String>,
    },
    /// Predict whether a program compiles and what it prints (or where it fails).
    Tracing {
        /// The program, in `prompt.language` (default `rust`).
        program: CodeBlock,
        /// `answer.doesCompile`.
        does_compile: bool,
        /// `answer.stdout` when it compiles.
        stdout: Option<String>,
        /// `answer.lineNumber` (1-based) when it does not.
        line_number: Option<u32>,
    },
}

/// One option of a multiple-choice question.
#[derive(Debug, Clone)]
pub struct QuizOption {
    /// The option's text, inline Markdown.
    pub text: Fragment,
    /// Whether choosing it is right.
    pub correct: bool,
    /// Why this option is right or wrong (our addition, `explanations."option" = "…"`).
    pub explanation: Option<Fragment>,
    /// Its place as written: the answers in order, then the distractors (options are shuffled
    /// once at build time; the answer key lists right answers in this order).
    pub written: usize,
}

/// A problem in a quiz, at a byte range of the quiz's TOML text.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizError {
    /// Byte range in the TOML text.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuiz {
    title: Option<String>,
    feedback: Option<Spanned<String>>,
    #[serde(default)]
    multipart: BTreeMap<String, String>,
    #[serde(default)]
    questions: Vec<Spanned<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    #[serde(rename = "type")]
    pub(super) kind: Spanned<String>,
    pub(super) id: Option<Spanned<String>>,
    pub(super) context: Option<String>,
    pub(super) multipart: Option<Spanned<String>>,
    /// mdbook-quiz asks the reader to explain their answer; accepted, not shown (a note says so).
    #[serde(rename = "promptExplanation")]
    pub(super) prompt_explanation: Option<Spanned<bool>>,
    #[serde(default)]
    pub(super) prompt: RawPrompt,
    #[serde(default)]
    pub(super) answer: RawAnswer,
    /// Per-option explanations for MultipleChoice (our addition): option text → Markdown.
    #[serde(default)]
    pub(super) explanations: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(super) struct RawPrompt {
    pub(super) prompt: Option<Spanned<String>>,
    pub(super) distractors: Option<Vec<Spanned<String>>>,
    pub(super) answer_index: Option<Spanned<usize>>,
    pub(super) sort_answers: Option<bool>,
    pub(super) response: Option<Spanned<String>>,
    pub(super) program: Option<String>,
    pub(super) language: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(super) struct RawAnswer {
    pub(super) answer: Option<Spanned<OneOrMany>>,
    pub(super) alternatives: Option<Vec<String>>,
    pub(super) does_compile: Option<bool>,
    pub(super) stdout: Option<String>,
    pub(super) line_number: Option<u32>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// Parses and validates the TOML text of one quiz.
///
/// `id` is the quiz's id until [`Quiz::assign_ids`] gives it its page-unique one; `smart` turns
/// on smart punctuation for its Markdown; `tracing_prompt` is the prompt of a Tracing question
/// without one (plain text, the book's `tracingPrompt`).
/// Returns the quiz with its notes: what is accepted but not shown (`promptExplanation`).
/// Errors: every problem found (TOML syntax, unknown fields, missing or contradictory answers,
/// duplicate options, empty prompts), each at a byte range of `text`.
pub fn parse(
    text: &str,
    id: &str,
    smart: bool,
    tracing_prompt: &str,
) -> Result<(Quiz, Vec<QuizError>), Vec<QuizError>> {
    let raw: RawQuiz = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        vec![QuizError {
            span,
            message: format!("invalid quiz TOML: {}", e.message().trim()),
            help: Some(toml_help(text, e.message())),
        }]
    })?;
    let mut errors = Vec::new();
    let feedback = match raw.feedback.as_ref().map(|f| f.get_ref().as_str()) {
        None | Some("immediate") => Feedback::Immediate,
        Some("end") => Feedback::End,
        Some(other) => {
            let span = raw.feedback.as_ref().map_or(0..0, Spanned::span);
            errors.push(error(
                span,
                format!("unknown feedback `{other}`"),
                "use \"immediate\" or \"end\"",
            ));
            Feedback::Immediate
        }
    };
    if raw.questions.is_empty() {
        errors.push(error(
            0..0,
            "quiz has no questions".into(),
            "add a [[questions]] table",
        ));
    }
    let mut questions = Vec::new();
    let mut notes = Vec::new();
    let mut seen_ids = HashSet::new();
    for (n, question) in raw.questions.iter().enumerate() {
        let span = question.span();
        let raw_question = question.get_ref();
        if let Some(asked) = raw_question
            .prompt_explanation
            .as_ref()
            .filter(|a| *a.get_ref())
        {
            notes.push(error(
                asked.span(),
                "`promptExplanation` is not shown: skillbook has no box for explaining an answer".into(),
                "to ask readers to explain their answer, say so in prompt.prompt; remove the key to drop this note",
            ));
        }
        if let Some(qid) = &raw_question.id {
            if !seen_ids.insert(qid.get_ref().clone()) {
                errors.push(error(
                    qid.span(),
                    format!("duplicate question id `{}`", qid.get_ref()),
                    "give each question its own id",
                ));
            }
        }
        match question_from_raw(raw_question, &raw.multipart, span, smart, tracing_prompt) {
            Ok(built) => questions.push(finish(built, raw_question, id, n, smart)),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let quiz = Quiz {
        id: id.to_string(),
        hash: hash_hex(text),
        title: raw.title.map(|t| Fragment::inline(&t, smart)),
        feedback,
        questions,
    };
    Ok((quiz, notes))
}

/// Help for a quiz whose TOML did not parse (its `message`): how to fix the syntax when `text`
/// is not TOML at all, else the quiz schema, led by the closest known key for an unknown one.
fn toml_help(text: &str, message: &str) -> String {
    if text.parse::<toml::Table>().is_err() {
        return SYNTAX_HELP.into();
    }
    crate::diagnostics::help_with_guess(message, SCHEMA_HELP)
}

const SYNTAX_HELP: &str = "fix the TOML at the caret: text is quoted (\"…\" on one line, \"\"\"…\"\"\" over several), each key is `name = value`, each question starts with [[questions]]";

const SCHEMA_HELP: &str = "a quiz is [[questions]] tables with type = \"MultipleChoice\" | \"ShortAnswer\" | \"Tracing\", prompt.*, answer.* and context (mdbook-quiz schema); see the README";

pub(super) fn error(span: Range<usize>, message: String, help: &str) -> QuizError {
    QuizError {
        span,
        message,
        help: Some(help.to_string()),
    }
}

struct QuestionParts {
    span: Range<usize>,
    prompt: Fragment,
    multipart: Option<Fragment>,
    kind: QuestionKind,
}

fn finish(
    built: QuestionParts,
    raw: &RawQuestion,
    quiz_id: &str,
    n: usize,
    smart: bool,
) -> Question {
    Question {
        id: raw
            .id
            .as_ref()
            .map_or_else(|| format!("{quiz_id}-q{}", n + 1), |i| i.get_ref().clone()),
        id_span: raw.id.as_ref().map(|i| i.span()),
        span: built.span,
        prompt: built.prompt,
        multipart: built.multipart,
        context: raw.context.as_deref().map(|c| Fragment::block(c, smart)),
        kind: built.kind,
    }
}

fn question_from_raw(
    raw: &RawQuestion,
    multipart: &BTreeMap<String, String>,
    span: Range<usize>,
    smart: bool,
    tracing_prompt: &str,
) -> Result<QuestionParts, Vec<QuizError>> {
    let mut errors = Vec::new();
    let prompt = match raw.prompt.prompt.as_ref() {
        Some(p) if !p.get_ref().trim().is_empty() => Fragment::block(p.get_ref(), smart),
        Some(p) => {
            errors.push(error(
                p.span(),
                "empty prompt".into(),
                "write the question in prompt.prompt",
            ));
            Fragment::default()
        }
        None if raw.kind.get_ref() == "Tracing" => plain_paragraph(tracing_prompt),
        None => {
            errors.push(error(
                span.clone(),
                "question has no prompt".into(),
                "add prompt.prompt = \"…\"",
            ));
            Fragment::default()
        }
    };
    let multipart_text = match &raw.multipart {
        Some(key) => match multipart.get(key.get_ref()) {
            Some(text) => Some(Fragment::block(text, smart)),
            None => {
                errors.push(error(
                    key.span(),
                    format!("no multipart entry `{}`", key.get_ref()),
                    "define it in a [multipart] table at the top of the quiz",
                ));
                None
            }
        },
        None => None,
    };
    if raw.kind.get_ref() != "MultipleChoice" {
        if let Some(first) = raw.explanations.values().next() {
            errors.push(error(
                first.span(),
                "explanations apply to MultipleChoice options only".into(),
                "put the explanation in `context` instead",
            ));
        }
    }
    let kind = match raw.kind.get_ref().as_str() {
        "MultipleChoice" => questions::multiple_choice(raw, &span, smart, &mut errors),
        "ShortAnswer" => questions::short_answer(raw, &span, &mut errors),
        "Tracing" => questions::tracing(raw, &span, &mut errors),
        other => {
            errors.push(error(
                raw.kind.span(),
                format!("unknown question type `{other}`"),
                "use \"MultipleChoice\", \"ShortAnswer\" or \"Tracing\"",
            ));
            None
        }
    };
    match kind {
        Some(kind) if errors.is_empty() => Ok(QuestionParts {
            span,
            prompt,
            multipart: multipart_text,
            kind,
        }),
        _ => Err(errors),
    }
}

/// `text` as one paragraph of plain text: none of it is read as Markdown.
fn plain_paragraph(text: &str) -> Fragment {
    Fragment {
        nodes: vec![
            Node::Event(Event::Start(Tag::Paragraph)),
            Node::Event(Event::Text(text.to_string().into())),
            Node::Event(Event::End(TagEnd::Paragraph)),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_points_at_the_key() {
        let text = "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"x\"\nanswer.answer = \"y\"\nanswer.colour = 1\n";
        let errors = parse(text, "q", false, "P").unwrap_err();
        assert_eq!(&text[errors[0].span.clone()], "colour", "{errors:?}");
    }

    #[test]
    fn answer_among_distractors() {
        let text = "[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"x\"\nprompt.distractors = [\"a\", \"b\"]\nanswer.answer = \"a\"\n";
        let errors = parse(text, "q", false, "P").unwrap_err();
        assert_eq!(
            errors[0].message,
            "option `a` is both an answer and a distractor"
        );
    }

    #[test]
    fn an_option_of_inline_code_was_named_in_double_backticks() {
        let text = "[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"x\"\nprompt.distractors = [\"`(a, b)`\", \"c\"]\nanswer.answer = \"`(a, b)`\"\n";
        let errors = parse(text, "q", false, "P").unwrap_err();
        assert_eq!(
            errors[0].message,
            "option `(a, b)` is both an answer and a distractor"
        );
    }

    #[test]
    fn all_three_types_parse() {
        let text = r#"
title = "T"
[[questions]]
type = "MultipleChoice"
prompt.prompt = "Pick"
prompt.distractors = ["b"]
answer.answer = ["a", "c"]
[[questions]]
type = "ShortAnswer"
prompt.prompt = "Say"
answer.answer = "yes"
answer.alternatives = ["y"]
[[questions]]
type = "Tracing"
prompt.program = "fn main() {}"
answer.doesCompile = true
answer.stdout = ""
"#;
        let (quiz, notes) = parse(text, "q", false, "P").unwrap();
        assert_eq!(quiz.questions.len(), 3);
        assert_eq!(quiz.questions[1].id, "q-q2");
        assert!(notes.is_empty());
    }

    #[test]
    fn a_tracing_question_without_a_prompt_gets_the_given_one_as_plain_text() {
        let text = "[[questions]]\ntype = \"Tracing\"\nprompt.program = \"x\"\nanswer.doesCompile = false\n";
        let (quiz, _) = parse(text, "q", true, "Run *it* <b>?</b>").unwrap();
        assert_eq!(quiz.questions[0].prompt.text(), "Run *it* <b>?</b>");
    }

    #[test]
    fn prompt_explanation_is_accepted_with_a_note_at_its_value() {
        let text = "[[questions]]\ntype = \"ShortAnswer\"\npromptExplanation = true\nprompt.prompt = \"x\"\nanswer.answer = \"y\"\n[[questions]]\ntype = \"ShortAnswer\"\npromptExplanation = false\nprompt.prompt = \"z\"\nanswer.answer = \"y\"\n";
        let (quiz, notes) = parse(text, "q", false, "P").unwrap();
        assert_eq!(quiz.questions.len(), 2);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(&text[notes[0].span.clone()], "true");
    }
}
