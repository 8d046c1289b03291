//! Quiz validation: each mistake is reported at its line and column in the chapter file.

use crate::support::{page, Fixture, CONFIG};

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

#[test]
fn a_quiz_include_inside_a_blockquote_was_not_found() {
    let site = Fixture::new(&[
        CONFIG,
        ("ch.md", "# C\n\n> {{#quiz q.toml}}\n"),
        (
            "q.toml",
            "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q\"\nanswer.answer = \"A\"\n",
        ),
    ])
    .site();
    assert!(page(&site, "ch.html").contains("<form class=\"quiz\""));
}

#[test]
fn an_answer_index_past_the_options_was_clamped() {
    let errors = Fixture::new(&[CONFIG, ("ch.md", "# C\n\n```quiz\n[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Q\"\nprompt.distractors = [\"a\"]\nprompt.answerIndex = 7\nanswer.answer = \"b\"\n```\n")]).errors();
    assert!(
        errors.starts_with("error: answerIndex 7 is past the last of 2 options"),
        "{errors}"
    );
}

#[test]
fn adding_a_quiz_above_another_changed_the_lower_quiz_id() {
    let quiz = |id: &str| {
        format!("```quiz\n[[questions]]\nid = \"{id}\"\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q\"\nanswer.answer = \"A\"\n```\n\n")
    };
    let before = Fixture::new(&[CONFIG, ("ch.md", &format!("# C\n\n{}", quiz("second")))]).site();
    let after = Fixture::new(&[
        CONFIG,
        (
            "ch.md",
            &format!("# C\n\n{}{}", quiz("first"), quiz("second")),
        ),
    ])
    .site();
    assert!(page(&before, "ch.html").contains("data-quiz=\"quiz-second\""));
    assert!(page(&after, "ch.html").contains("data-quiz=\"quiz-second\""));
}

#[test]
fn quizzes_on_the_print_page_shared_one_storage_key() {
    let quiz = "```quiz\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q\"\nanswer.answer = \"A\"\n```\n";
    let site = Fixture::new(&[
        CONFIG,
        ("a b.md", &format!("# A\n\n{quiz}")),
        ("b.md", &format!("# B\n\n{quiz}")),
    ])
    .site();
    let html = page(&site, "print.html");
    // Each chapter's quiz sits in a section naming its page, which keys its saved answers.
    assert!(
        html.contains("<section class=\"print-chapter\" id=\"a-b\" data-page=\"a b.html\">"),
        "{html}"
    );
    assert!(html.contains("<section class=\"print-chapter\" id=\"b\" data-page=\"b.html\">"));
    assert!(!html.contains("id=\"a b--"), "ids never contain spaces");
}

/// Quiz text was rendered by a Markdown writer of its own, which kept `javascript:` links live.
#[test]
fn a_javascript_link_in_quiz_text_ran_on_click() {
    let quiz = "```quiz\n[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"[click](javascript:alert(1)) or [this](JaVaScRiPt:alert(2))\"\nprompt.distractors = [\"[b](data:text/html,<script>alert(3)</script>)\"]\nanswer.answer = \"[fine](https://example.com)\"\ncontext = \"[v](vbscript:msgbox)\"\n```\n";
    let fixture = Fixture::new(&[CONFIG, ("one.md", &format!("# One\n\n{quiz}"))]);
    let html = page(&fixture.site(), "one.html");
    assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
    assert!(!html.contains("vbscript:"), "{html}");
    assert!(!html.contains("data:text"), "{html}");
    assert!(html.contains("<a>click</a>"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.com\">fine</a>"),
        "{html}"
    );
}
