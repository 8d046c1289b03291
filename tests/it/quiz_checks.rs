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

/// Every `id="…"` on a page, in order.
fn element_ids(html: &str) -> Vec<&str> {
    html.match_indices(" id=\"")
        .map(|(at, _)| &html[at + 5..at + 5 + html[at + 5..].find('"').unwrap()])
        .collect()
}

/// The ids that appear more than once in `ids`.
fn repeated<'a>(ids: &[&'a str]) -> Vec<&'a str> {
    let mut seen = std::collections::HashSet::new();
    ids.iter().copied().filter(|id| !seen.insert(*id)).collect()
}

// mdbook-quiz's `promptExplanation = true` (asking the reader to explain their answer) failed the
// build as an unknown field, so an mdbook-quiz file using it did not work unchanged.
#[test]
fn prompt_explanation_from_mdbook_quiz_failed_the_build() {
    let fixture = Fixture::new(&[
        CONFIG,
        ("ch.md", &quiz("[[questions]]\ntype = \"ShortAnswer\"\npromptExplanation = true\nprompt.prompt = \"Q\"\nanswer.answer = \"A\"\n\n[[questions]]\ntype = \"ShortAnswer\"\npromptExplanation = false\nprompt.prompt = \"R\"\nanswer.answer = \"B\"\n")),
    ]);
    assert_eq!(
        fixture.warnings(&fixture.options()),
        "note: `promptExplanation` is not shown: skillbook has no box for explaining an answer\n  ┌─ book/ch.md:6:21\n  │\n6 │ promptExplanation = true\n  │                     ^^^^\n  │\n  = help: to ask readers to explain their answer, say so in prompt.prompt; remove the key to drop this note\n\n1 note\n"
    );
    let html = page(&fixture.site(), "ch.html");
    assert!(
        html.contains("<div class=\"quiz-prompt\" id=\"quiz-1-1-prompt\"><p>Q</p></div>"),
        "{html}"
    );
    assert!(html.contains("<div class=\"quiz-prompt\" id=\"quiz-1-2-prompt\"><p>R</p></div>"));
}

// A Tracing question without a prompt asked "What does this program print?" in English whatever
// the handbook's language, and of a program that does not compile, which prints nothing.
#[test]
fn the_default_tracing_prompt_was_english_and_said_the_program_prints() {
    let tracing = |compiles: bool| {
        quiz(&format!("[[questions]]\ntype = \"Tracing\"\nprompt.program = \"x\"\nanswer.doesCompile = {compiles}\nanswer.lineNumber = 1\n"))
    };
    let prompt = |config: &str, compiles: bool| {
        let html = page(
            &Fixture::new(&[("handbook.toml", config), ("ch.md", &tracing(compiles))]).site(),
            "ch.html",
        );
        let start = html.find("<div class=\"quiz-prompt\"").expect("a prompt");
        html[start..start + html[start..].find("</div>").unwrap() + 6].to_string()
    };
    let english = "<div class=\"quiz-prompt\" id=\"quiz-1-1-prompt\"><p>What happens when you run this program?</p></div>";
    assert_eq!(prompt("title = \"T\"\n", true), english);
    assert_eq!(prompt("title = \"T\"\n", false), english);
    assert_eq!(
        prompt("title = \"T\"\nlanguage = \"de\"\n", false),
        "<div class=\"quiz-prompt\" id=\"quiz-1-1-prompt\"><p>Was passiert, wenn du dieses Programm ausführst?</p></div>"
    );
    assert_eq!(
        prompt("title = \"T\"\nlanguage = \"fr\"\n", true),
        "<div class=\"quiz-prompt\" id=\"quiz-1-1-prompt\"><p>Que se passe-t-il quand vous exécutez ce programme ?</p></div>"
    );
    assert_eq!(
        prompt("title = \"T\"\nlanguage = \"es\"\n", true),
        "<div class=\"quiz-prompt\" id=\"quiz-1-1-prompt\"><p>¿Qué pasa al ejecutar este programa?</p></div>"
    );
    // A handbook's own text is plain text, escaped, never Markdown.
    assert_eq!(
        prompt("title = \"T\"\n[ui]\ntracingPrompt = \"Run *it* <b>now</b>\"\n", true),
        "<div class=\"quiz-prompt\" id=\"quiz-1-1-prompt\"><p>Run *it* &lt;b&gt;now&lt;/b&gt;</p></div>"
    );
}

// A Tracing program was shown without line numbers, yet the answer to a failing one is "It
// fails, at line N". Each line is now its own element for the theme to number.
#[test]
fn a_tracing_program_had_no_line_numbers() {
    let program = |language: &str, program: &str| {
        let body = quiz(&format!("[[questions]]\ntype = \"Tracing\"\nprompt.language = \"{language}\"\nprompt.program = \"\"\"\n{program}\n\"\"\"\nanswer.doesCompile = false\nanswer.lineNumber = 3\n"));
        let html = page(&Fixture::new(&[CONFIG, ("ch.md", &body)]).site(), "ch.html");
        let start = html
            .find("<pre class=\"code quiz-program\">")
            .expect("a program");
        html[start..start + html[start..].find("</pre>").unwrap() + 6].to_string()
    };
    assert_eq!(
        program("text", "let a = 1;\n\nif a < 2 {"),
        "<pre class=\"code quiz-program\"><code><span class=\"code-line\">let a = 1;</span>\n<span class=\"code-line\"></span>\n<span class=\"code-line\">if a &lt; 2 {</span></code></pre>"
    );
    // Highlighting spans that run across lines (a block comment, a string) are closed at the
    // end of each line and opened again, so every line is a balanced element of its own.
    let rust = program(
        "rust",
        "fn main() {\n    /* one\n       two */\n    let s = \"a\nb\";\n}",
    );
    let code =
        &rust["<pre class=\"code quiz-program\"><code>".len()..rust.len() - "</code></pre>".len()];
    let lines: Vec<&str> = code.split('\n').collect();
    assert_eq!(lines.len(), 6, "{rust}");
    for line in lines {
        assert!(line.starts_with("<span class=\"code-line\">"), "{line}");
        assert_eq!(
            line.matches("<span").count(),
            line.matches("</span>").count(),
            "{line}"
        );
    }
}

// A quiz whose first question has the id "2" is `quiz-2`, its questions `quiz-2-1` and
// `quiz-2-2`; the next quiz, without ids, was given `quiz-2-1` too, and a heading "Quiz 3 1" had
// the id of the third quiz's first question: two elements with one id, and no warning.
#[test]
fn a_generated_quiz_id_was_the_id_of_another_element() {
    let ask = |id: &str, prompt: &str| {
        format!("[[questions]]\n{id}type = \"ShortAnswer\"\nprompt.prompt = \"{prompt}\"\nanswer.answer = \"A\"\n")
    };
    let body = format!(
        "# C\n\n## Quiz 3 1\n\n```quiz\n{}{}```\n\n```quiz\n{}```\n\n```quiz\n{}```\n\n- [ ] Item\n",
        ask("id = \"2\"\n", "One"),
        ask("", "Two"),
        ask("", "Three"),
        ask("", "Four"),
    );
    let fixture = Fixture::new(&[CONFIG, ("ch.md", &body)]);
    assert_eq!(fixture.warnings(&fixture.options()), "");
    let site = fixture.site();
    let html = page(&site, "ch.html");
    let ids = element_ids(&html);
    assert_eq!(repeated(&ids), Vec::<&str>::new(), "{ids:?}");
    let forms: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| html.contains(&format!("<form class=\"quiz\" id=\"{id}\"")))
        .collect();
    assert_eq!(forms, ["quiz-2", "quiz-2-3", "quiz-3-2"]);
    assert!(html.contains("<h2 id=\"quiz-3-1\">"), "{html}");
    // The print page prefixes every id per chapter, so it has none twice either.
    let print = page(&site, "print.html");
    let ids = element_ids(&print);
    assert_eq!(repeated(&ids), Vec::<&str>::new(), "{ids:?}");
}
