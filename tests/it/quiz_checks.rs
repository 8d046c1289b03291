//! Quiz validation: each mistake is reported at its line and column in the chapter file.

use crate::support::Fixture;

/// The diagnostics for a chapter `ch.md` holding `body`: (first line, location line).
fn quiz_error(body: &str) -> (String, String) {
    let errors = Fixture::new(&[("handbook.toml", "title = \"T\"\n"), ("ch.md", body)]).errors();
    let mut lines = errors.lines();
    let message = lines.next().unwrap_or_default().to_string();
    let location = lines.next().unwrap_or_default().trim().to_string();
    (message, location)
}

fn quiz(toml: &str) -> String {
    format!("# Chapter\n\n```quiz\n{toml}```\n")
}

#[test]
fn unknown_field_is_reported_at_the_key() {
    let body = quiz("[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q\"\nanswer.answer = \"A\"\nanswer.hint = \"h\"\n");
    assert_eq!(
        quiz_error(&body),
        ("error: invalid quiz TOML: unknown field `hint`, expected one of `answer`, `alternatives`, `doesCompile`, `stdout`, `lineNumber`".into(), "┌─ book/ch.md:8:8".into())
    );
}

#[test]
fn multiple_choice_without_an_answer() {
    let body = quiz("[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Q\"\nprompt.distractors = [\"a\"]\n");
    assert_eq!(
        quiz_error(&body),
        (
            "error: MultipleChoice question has no answer".into(),
            "┌─ book/ch.md:4:1".into()
        )
    );
}

#[test]
fn answer_that_is_also_a_distractor() {
    let body = quiz("[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Q\"\nprompt.distractors = [\"a\", \"b\"]\nanswer.answer = \"b\"\n");
    assert_eq!(
        quiz_error(&body),
        (
            "error: option `b` is both an answer and a distractor".into(),
            "┌─ book/ch.md:7:28".into()
        )
    );
}

#[test]
fn duplicate_options() {
    let body = quiz("[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Q\"\nprompt.distractors = [\"a\", \"a\"]\nanswer.answer = \"c\"\n");
    assert_eq!(
        quiz_error(&body),
        (
            "error: option `a` appears twice".into(),
            "┌─ book/ch.md:7:28".into()
        )
    );
}

#[test]
fn empty_prompt() {
    let body = quiz(
        "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"  \"\nanswer.answer = \"A\"\n",
    );
    assert_eq!(
        quiz_error(&body),
        ("error: empty prompt".into(), "┌─ book/ch.md:6:17".into())
    );
}

#[test]
fn tracing_without_does_compile() {
    let body = quiz("[[questions]]\ntype = \"Tracing\"\nprompt.program = \"fn main() {}\"\nanswer.stdout = \"\"\n");
    assert_eq!(
        quiz_error(&body),
        (
            "error: Tracing question has no answer.doesCompile".into(),
            "┌─ book/ch.md:4:1".into()
        )
    );
}

#[test]
fn explanation_for_an_option_that_does_not_exist() {
    let body = quiz("[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Q\"\nprompt.distractors = [\"a\"]\nanswer.answer = \"b\"\nexplanations.c = \"why\"\n");
    assert_eq!(
        quiz_error(&body),
        (
            "error: explanation for `c`, which is not an option".into(),
            "┌─ book/ch.md:9:18".into()
        )
    );
}

#[test]
fn duplicate_question_ids_across_the_handbook() {
    let q = |id: &str| {
        format!("# C\n\n```quiz\n[[questions]]\nid = \"{id}\"\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q\"\nanswer.answer = \"A\"\n```\n")
    };
    let errors = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("a.md", &q("same")),
        ("b.md", &q("same")),
    ])
    .errors();
    let mut lines = errors.lines();
    assert_eq!(lines.next(), Some("error: duplicate question id `same`"));
    assert_eq!(lines.next().map(str::trim), Some("┌─ book/b.md:5:6"));
    assert!(
        errors.contains("help: book/a.md:5 already uses it"),
        "{errors}"
    );
}

#[test]
fn quiz_include_of_a_missing_file() {
    let body = "# Chapter\n\nIntro.\n\n{{#quiz quizzes/nope.toml}}\n";
    assert_eq!(
        quiz_error(body),
        (
            "error: quiz file `quizzes/nope.toml` does not exist".into(),
            "┌─ book/ch.md:5:1".into()
        )
    );
}

#[test]
fn error_in_an_included_quiz_file_points_into_that_file() {
    let errors = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("ch.md", "# C\n\n{{#quiz q.toml}}\n"),
        (
            "q.toml",
            "[[questions]]\ntype = \"Essay\"\nprompt.prompt = \"Q\"\n",
        ),
    ])
    .errors();
    let mut lines = errors.lines();
    assert_eq!(lines.next(), Some("error: unknown question type `Essay`"));
    assert_eq!(lines.next().map(str::trim), Some("┌─ book/q.toml:2:8"));
}
