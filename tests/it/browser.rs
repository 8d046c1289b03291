//! Quizzes in a real browser: headless Chromium through WebDriver against the built site served
//! on 127.0.0.1. Skipped (with a message) without Chromium, except under CI.

use fantoccini::key::Key;

use crate::support::{browser_lock, counts, in_browser, run_async, Browser, Fixture};

const QUIZ: &str = r#"+++
title = "Quiz page"
+++
# Quiz page

Some text before the quiz.

```quiz
title = "Check yourself"

[[questions]]
id = "capital"
type = "MultipleChoice"
prompt.prompt = "Which city is the capital of France?"
prompt.distractors = ["Lyon", "Marseille"]
answer.answer = "Paris"
context = "Paris has been the capital since 987."
explanations.Lyon = "Lyon is the third-largest city, not the capital."

[[questions]]
id = "even"
type = "MultipleChoice"
prompt.prompt = "Which numbers are even? (Select all.)"
prompt.distractors = ["3", "5"]
answer.answer = ["2", "4"]
context = "Even numbers divide by two."

[[questions]]
id = "plan"
type = "ShortAnswer"
prompt.prompt = "Which PostgreSQL command shows a plan with timings?"
answer.answer = "EXPLAIN ANALYZE"
answer.alternatives = ["explain (analyze)"]
context = "ANALYZE runs the query."

[[questions]]
id = "trace"
type = "Tracing"
prompt.language = "python"
prompt.program = "print(1 + 1)"
answer.doesCompile = true
answer.stdout = "2"
context = "It prints the sum."
```
"#;

/// Answers every question on the page with its right answer through the page's own controls,
/// presses each question's Check, and returns `{ results: ["ok" | "WRONG id"…], scores: [text…] }`.
pub const ANSWER_EVERY_QUESTION: &str = r#"
                const out = [];
                for (const q of document.querySelectorAll('.quiz-question')) {
                  const type = q.dataset.type;
                  if (type === 'MultipleChoice') {
                    q.querySelectorAll('.quiz-options input[data-correct]').forEach(i => i.click());
                  } else if (type === 'ShortAnswer') {
                    const field = q.querySelector('.quiz-text');
                    field.value = q.querySelector('.quiz-accepted').content.textContent.split('\u001f')[0];
                    field.dispatchEvent(new Event('input', { bubbles: true }));
                  } else {
                    const t = q.querySelector('.quiz-tracing');
                    const runs = t.dataset.compiles === 'true';
                    q.querySelector(`input[value="${runs}"]`).click();
                    if (runs) q.querySelector('textarea').value = t.dataset.stdout || '';
                    else q.querySelector('.quiz-line').value = t.dataset.line || '';
                  }
                  q.querySelector('.quiz-check').click();
                  out.push(q.classList.contains('is-correct') ? 'ok' : 'WRONG ' + q.dataset.id);
                }
                return { results: out, scores: [...document.querySelectorAll('.quiz-score')].map(s => s.textContent) };
                "#;

/// The per-question outcomes `ANSWER_EVERY_QUESTION` returned: `ok` or `WRONG id`.
pub fn question_results(result: &serde_json::Value) -> Vec<&str> {
    result["results"]
        .as_array()
        .map(|all| all.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default()
}

fn quiz_site(quiz: &str) -> skillbook::Site {
    Fixture::new(&[("handbook.toml", "title = \"Q\"\n"), ("quiz.md", quiz)]).site()
}

const Q1: &str = "#quiz-capital-1";
const Q2: &str = "#quiz-capital-2";
const Q3: &str = "#quiz-capital-3";
const Q4: &str = "#quiz-capital-4";

#[test]
fn quiz_right_and_wrong_answers_show_marked_feedback_and_explanation() {
    in_browser(
        "quiz_right_and_wrong_answers_show_marked_feedback_and_explanation",
        quiz_site(QUIZ),
        "/",
        "quiz.html",
        async |b, _| {
            assert_eq!(
                b.js("return getComputedStyle(document.querySelector('.quiz-answer')).display")
                    .await,
                "none",
                "the no-JS answer is hidden"
            );
            b.js("document.querySelector('.quiz').scrollIntoView()")
                .await;
            b.screenshot("quiz-desktop-before").await;
            // Wrong answer first.
            b.choose(Q1, "Lyon").await;
            b.click(&format!("{Q1} .quiz-check")).await;
            assert_eq!(
                b.text(&format!("{Q1} .quiz-verdict")).await,
                "\u{2717} Incorrect"
            );
            assert_eq!(
                b.text(&format!("{Q1} li.wrong .badge-mine")).await,
                "Your answer"
            );
            let right = b.text(&format!("{Q1} li.right")).await;
            assert!(
                right.contains("Paris") && right.contains("Correct answer"),
                "{right}"
            );
            assert!(b
                .text(&format!("{Q1} .quiz-feedback"))
                .await
                .contains("Paris has been the capital since 987."));
            assert!(
                b.text(&format!("{Q1} li.wrong"))
                    .await
                    .contains("Lyon is the third-largest city"),
                "per-option explanation shown"
            );
            assert_eq!(
                b.js(&format!(
                    "return document.querySelector('{Q1} input').disabled"
                ))
                .await,
                true
            );
            // Right answer on the tracing question.
            b.choose(Q4, "It runs").await;
            b.type_into(&format!("{Q4} textarea"), "2\n").await;
            b.click(&format!("{Q4} .quiz-check")).await;
            assert_eq!(
                b.text(&format!("{Q4} .quiz-verdict")).await,
                "\u{2713} Correct"
            );
            b.js(&format!("document.querySelector('{Q1}').scrollIntoView()"))
                .await;
            b.screenshot("quiz-desktop-after").await;
            b.client.set_window_size(390, 844).await.unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(400)).await; // let the sidebar finish sliding away
            b.js(&format!("document.querySelector('{Q1}').scrollIntoView()"))
                .await;
            b.screenshot("quiz-phone-after").await;
        },
    );
}

#[test]
fn quiz_multi_select_needs_exactly_the_right_set() {
    in_browser(
        "quiz_multi_select_needs_exactly_the_right_set",
        quiz_site(QUIZ),
        "/",
        "quiz.html",
        async |b, _| {
            b.choose(Q2, "2").await;
            b.click(&format!("{Q2} .quiz-check")).await;
            assert_eq!(
                b.text(&format!("{Q2} .quiz-verdict")).await,
                "\u{2717} Incorrect",
                "one of two right options is not enough"
            );
            let c = counts(b, &[&format!("{Q2} li.right"), &format!("{Q2} li.chosen")]).await;
            assert_eq!(c[&format!("{Q2} li.right")], 2);
            assert_eq!(c[&format!("{Q2} li.chosen")], 1);
            b.click(".quiz-reset").await;
            b.choose(Q2, "2").await;
            b.choose(Q2, "4").await;
            b.click(&format!("{Q2} .quiz-check")).await;
            assert_eq!(
                b.text(&format!("{Q2} .quiz-verdict")).await,
                "\u{2713} Correct"
            );
        },
    );
}

#[test]
fn quiz_short_answer_accepts_an_alternative_in_another_case() {
    in_browser(
        "quiz_short_answer_accepts_an_alternative_in_another_case",
        quiz_site(QUIZ),
        "/",
        "quiz.html",
        async |b, _| {
            b.type_into(&format!("{Q3} input"), "  Explain (ANALYZE) ")
                .await;
            b.click(&format!("{Q3} .quiz-check")).await;
            assert_eq!(
                b.text(&format!("{Q3} .quiz-verdict")).await,
                "\u{2713} Correct"
            );
        },
    );
}

async fn answer_all(b: &Browser, first_right: bool) {
    b.choose(Q1, if first_right { "Paris" } else { "Marseille" })
        .await;
    b.click(&format!("{Q1} .quiz-check")).await;
    b.choose(Q2, "2").await;
    b.choose(Q2, "4").await;
    b.click(&format!("{Q2} .quiz-check")).await;
    b.type_into(&format!("{Q3} input"), "EXPLAIN ANALYZE").await;
    b.click(&format!("{Q3} .quiz-check")).await;
    b.choose(Q4, "It fails").await;
    b.click(&format!("{Q4} .quiz-check")).await;
}

#[test]
fn quiz_score_retry_and_reset() {
    in_browser(
        "quiz_score_retry_and_reset",
        quiz_site(QUIZ),
        "/",
        "quiz.html",
        async |b, _| {
            assert_eq!(b.text(".quiz-score").await, "");
            answer_all(b, false).await;
            assert_eq!(b.text(".quiz-score").await, "Score: 2/4");
            // Retry clears exactly the missed questions.
            b.click(".quiz-retry").await;
            let c = counts(
                b,
                &[".quiz-question.answered", ".quiz-question.is-incorrect"],
            )
            .await;
            assert_eq!(c[".quiz-question.answered"], 2);
            assert_eq!(c[".quiz-question.is-incorrect"], 0);
            b.choose(Q1, "Paris").await;
            b.click(&format!("{Q1} .quiz-check")).await;
            assert_eq!(b.text(".quiz-score").await, "Score: 3/4");
            // Reset clears everything, also after a reload.
            b.click(".quiz-reset").await;
            assert_eq!(
                counts(b, &[".quiz-question.answered"]).await[".quiz-question.answered"],
                0
            );
            b.client.refresh().await.unwrap();
            assert_eq!(
                counts(b, &[".quiz-question.answered"]).await[".quiz-question.answered"],
                0
            );
            assert_eq!(b.text(".quiz-score").await, "");
        },
    );
}

#[test]
fn quiz_answers_survive_a_reload_and_a_changed_quiz_drops_them() {
    in_browser(
        "quiz_answers_survive_a_reload_and_a_changed_quiz_drops_them",
        quiz_site(QUIZ),
        "/",
        "quiz.html",
        async |b, server| {
            let order = format!("return [...document.querySelectorAll('{Q1} .quiz-options li')].map(li => li.textContent.trim())");
            let before = b.js(&order).await;
            b.choose(Q1, "Paris").await;
            b.click(&format!("{Q1} .quiz-check")).await;
            b.type_into(&format!("{Q3} input"), "half typed").await;
            b.client.refresh().await.unwrap();
            let after = b.js(&format!("return [...document.querySelectorAll('{Q1} .quiz-options li')].map(li => li.textContent.trim().replace(/(Your|Correct) answer/g, '').trim())")).await;
            assert_eq!(
                before, after,
                "the reader's option order is stable across visits"
            );
            assert_eq!(
                b.text(&format!("{Q1} .quiz-verdict")).await,
                "\u{2713} Correct",
                "a checked answer survives a reload"
            );
            assert_eq!(
                b.js(&format!(
                    "return document.querySelector('{Q3} input').value"
                ))
                .await,
                "half typed",
                "so does an unchecked one"
            );
            // The author edits the quiz: saved answers for the old version are dropped.
            server.replace(quiz_site(&QUIZ.replace(
                "Paris has been the capital since 987.",
                "Paris is the capital.",
            )));
            b.client.refresh().await.unwrap();
            assert_eq!(
                counts(b, &[".quiz-question.answered"]).await[".quiz-question.answered"],
                0
            );
            assert_eq!(
                b.js(&format!(
                    "return document.querySelector('{Q3} input').value"
                ))
                .await,
                ""
            );
        },
    );
}

#[test]
fn quiz_can_be_completed_with_the_keyboard_only() {
    in_browser(
        "quiz_can_be_completed_with_the_keyboard_only",
        quiz_site(QUIZ),
        "/",
        "quiz.html",
        async |b, _| {
            // Focus the first option of question 1, pick with arrows and check with Enter.
            b.js(&format!(
                "document.querySelector('{Q1} .quiz-options input').focus()"
            ))
            .await;
            let tab = Key::Tab.to_string();
            let space = " ";
            b.keys(space).await;
            b.keys(&Key::Enter.to_string()).await;
            assert!(
                b.text(&format!("{Q1} .quiz-verdict")).await.len() > 2,
                "Enter on an option checks the question"
            );
            // Tab onwards to question 2's first option, tick two with Space and arrow keys, then Tab to Check.
            let announced = b.text(".quiz-js > .visually-hidden").await;
            assert!(
                announced.starts_with("Question 1: "),
                "the live region announces the result: {announced}"
            );
            b.js(&format!(
                "document.querySelector('{Q2} .quiz-options input').focus()"
            ))
            .await;
            for _ in 0..4 {
                let focused = b
                    .js("return document.activeElement.closest('label').textContent.trim()")
                    .await;
                let text = focused.as_str().unwrap_or("").to_string();
                if text == "2" || text == "4" {
                    b.keys(space).await;
                }
                b.keys(&tab).await;
            }
            assert_eq!(
                b.js("return document.activeElement.className").await,
                "quiz-button quiz-check"
            );
            b.keys(&Key::Enter.to_string()).await;
            assert_eq!(
                b.text(&format!("{Q2} .quiz-verdict")).await,
                "\u{2713} Correct"
            );
            // Short answer: type and press Enter.
            b.js(&format!("document.querySelector('{Q3} input').focus()"))
                .await;
            b.keys("explain analyze").await;
            b.keys(&Key::Enter.to_string()).await;
            assert_eq!(
                b.text(&format!("{Q3} .quiz-verdict")).await,
                "\u{2713} Correct"
            );
        },
    );
}

#[test]
fn every_quiz_of_the_bundled_handbook_works_in_the_browser() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("handbook");
    let options = skillbook::load::LoadOptions {
        root,
        output: None,
        ..Default::default()
    };
    let site = skillbook::build_site(&options).expect("the handbook builds");
    let pages: Vec<String> = site
        .files
        .iter()
        .filter(|(p, body)| {
            p.ends_with(".html") && String::from_utf8_lossy(body).contains("<form class=\"quiz\"")
        })
        .map(|(p, _)| p.clone())
        .collect();
    assert!(pages.len() >= 13, "every chapter has a quiz: {pages:?}");
    in_browser(
        "every_quiz_of_the_bundled_handbook_works_in_the_browser",
        site,
        "/",
        "index.html",
        async |b, server| {
            for page in &pages {
                b.goto(&format!("{}{}", server.url, page)).await;
                // Answer every question with its right answer, through the page's own controls.
                let result = b.js(ANSWER_EVERY_QUESTION).await;
                let results = question_results(&result);
                assert!(results.len() >= 5, "{page}: at least five questions");
                assert!(results.iter().all(|r| *r == "ok"), "{page}: {results:?}");
                for score in result["scores"].as_array().unwrap() {
                    let score = score.as_str().unwrap();
                    let (n, total) = score.trim_start_matches("Score: ").split_once('/').unwrap();
                    assert_eq!(n, total, "{page}: full marks, got {score}");
                }
            }
        },
    );
}

#[test]
fn the_open_page_shows_an_edit_without_a_refresh_and_keeps_its_scroll_position() {
    let Some(_lock) =
        browser_lock("the_open_page_shows_an_edit_without_a_refresh_and_keeps_its_scroll_position")
    else {
        return;
    };
    let long: String = (0..80)
        .map(|i| format!("Paragraph {i} of a long chapter.\n\n"))
        .collect();
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"Live\"\n"),
        (
            "01-one.md",
            &format!("# One\n\n{long}The end: first version.\n"),
        ),
    ]);
    let server = fixture.serve("/");
    run_async(async {
        let b = Browser::start(1280, 700).await;
        b.goto(&format!("{}01-one.html", server.url)).await;
        b.js("window.scrollTo(0, 1500); window.__marker = 'no reload yet'")
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await; // the live-reload poll is waiting
        fixture.write(
            "01-one.md",
            &format!("# One\n\n{long}The end: second version.\n"),
        );
        let mut shown = false;
        for _ in 0..100 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            let text = b.js("return document.body.textContent.includes('second version') ? window.scrollY : -1").await;
            if text.as_f64().unwrap_or(-1.0) >= 0.0 {
                shown = true;
                let y = text.as_f64().unwrap();
                assert!((y - 1500.0).abs() < 2.0, "scroll position kept: {y}");
                break;
            }
        }
        assert!(shown, "the edit appeared without a manual refresh");
        assert_eq!(
            b.js("return window.__marker === undefined").await,
            true,
            "the page reloaded by itself"
        );
        b.finish().await;
    });
}

#[test]
fn a_broken_quiz_shows_the_error_overlay_over_the_last_good_page() {
    let Some(_lock) = browser_lock("a_broken_quiz_shows_the_error_overlay_over_the_last_good_page")
    else {
        return;
    };
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"Live\"\n"),
        ("01-one.md", "# One\n\nGood version.\n"),
    ]);
    let server = fixture.serve("/");
    run_async(async {
        let b = Browser::start(1280, 800).await;
        b.goto(&format!("{}01-one.html", server.url)).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await; // the live-reload poll is waiting
        let overlay = "const o = document.getElementById('skillbook-overlay'); return o ? o.textContent : null";
        fixture.write("01-one.md", "# One\n\nBroken version.\n\n```quiz\n[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Q\"\n```\n");
        let mut shown = serde_json::Value::Null;
        for _ in 0..100 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            shown = b.js(overlay).await;
            if !shown.is_null() {
                break;
            }
        }
        let text = shown.as_str().expect("the overlay appeared").to_string();
        assert!(
            text.contains("error: MultipleChoice question has no answer"),
            "{text}"
        );
        assert!(
            b.text(".chapter").await.contains("Good version."),
            "the last good page stays"
        );
        // The overlay could not be dismissed; its button closes it.
        b.js("document.querySelector('#skillbook-overlay button').click()")
            .await;
        assert_eq!(b.js(overlay).await, serde_json::Value::Null, "dismissed");
        fixture.write("01-one.md", "# One\n\nFixed version.\n");
        let mut fixed = false;
        for _ in 0..100 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            if b.js("return document.body.textContent.includes('Fixed version.') && !document.getElementById('skillbook-overlay')").await == true {
                fixed = true;
                break;
            }
        }
        assert!(
            fixed,
            "the next good build clears the overlay and shows the fix"
        );
        b.finish().await;
    });
}

/// The box edges of every element matching `css`, as `[left, top, right, bottom]`.
async fn boxes(b: &Browser, css: &str) -> Vec<[f64; 4]> {
    let v = b
        .js_with(
            "return [...document.querySelectorAll(arguments[0])].map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })",
            vec![css.into()],
        )
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let n = |i: usize| r[i].as_f64().unwrap();
            [n(0), n(1), n(2), n(3)]
        })
        .collect()
}

fn overlap(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5
}

// Regression: at 390 and 320 px, "Your answer" and "Correct answer" overlapped the option
// text, were cut off at the box edge and pushed the page sideways (WCAG 1.4.10), on the chapter
// and on print.html.
#[test]
fn quiz_badges_stay_inside_their_option_at_320_px_without_sideways_scrolling() {
    in_browser(
        "quiz_badges_stay_inside_their_option_at_320_px_without_sideways_scrolling",
        crate::a11y::showcase().site(),
        "/",
        "quiz.html",
        async |b, server| {
            crate::a11y::answer_quiz(b).await;
            for page in ["quiz.html", "print.html"] {
                for width in [320, 390] {
                    b.client.set_window_size(width, 800).await.unwrap();
                    b.goto(&format!("{}{page}", server.url)).await;
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    let overflow = b
                        .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                        .await;
                    assert_eq!(overflow, 0, "{page} at {width} px scrolls sideways");
                    // The first question (its id has a print prefix on print.html).
                    let q = ".quiz .quiz-question:first-child";
                    let labels = boxes(b, &format!("{q} .quiz-options label")).await;
                    let badges = boxes(b, &format!("{q} .quiz-badge")).await;
                    let texts =
                        boxes(b, &format!("{q} .quiz-options label > span:first-of-type")).await;
                    assert_eq!(badges.len(), 2, "{page}: your answer and the right one");
                    for badge in &badges {
                        assert!(
                            labels.iter().any(|l| badge[0] >= l[0]
                                && badge[2] <= l[2]
                                && badge[1] >= l[1]
                                && badge[3] <= l[3]),
                            "{page} {width}: badge {badge:?} outside its option {labels:?}"
                        );
                        assert!(
                            texts.iter().all(|t| !overlap(*t, *badge)),
                            "{page} {width}: badge {badge:?} over option text {texts:?}"
                        );
                    }
                    // Words are not broken inside: the longest word fits on one line.
                    let broken = b
                        .js("return [...document.querySelectorAll('.quiz .quiz-question:first-child .quiz-options label > span:first-of-type')].some(s => { const r = document.createRange(); const t = s.firstChild; const i = t.textContent.indexOf('GET'); if (i < 0) return false; r.setStart(t, i); r.setEnd(t, i + 3); return r.getClientRects().length > 1; })")
                        .await;
                    assert_eq!(broken, false, "{page} {width}: GET broken mid-word");
                }
            }
        },
    );
}

// Regression: a wrong Tracing answer said "Answer: It runs; it prints:" and then nothing.
#[test]
fn a_wrong_tracing_answer_shows_the_expected_output() {
    in_browser(
        "a_wrong_tracing_answer_shows_the_expected_output",
        quiz_site(QUIZ),
        "/",
        "quiz.html",
        async |b, _| {
            b.type_into(&format!("{Q4} textarea"), "3").await;
            b.click(&format!("{Q4} .quiz-check")).await;
            assert_eq!(
                b.text(&format!("{Q4} .quiz-verdict")).await,
                "\u{2717} Incorrect"
            );
            assert_eq!(
                b.text(&format!("{Q4} .quiz-feedback .quiz-solution")).await,
                "Answer: It runs; it prints:"
            );
            assert_eq!(b.text(&format!("{Q4} .quiz-feedback pre")).await, "2");
        },
    );
}

// Regression: Check with nothing chosen did nothing visible (the message was for screen readers
// only), and typing an output did not choose "It runs; it prints".
#[test]
fn check_with_nothing_chosen_says_so_and_typing_an_output_chooses_it_runs() {
    in_browser(
        "check_with_nothing_chosen_says_so_and_typing_an_output_chooses_it_runs",
        quiz_site(QUIZ),
        "/",
        "quiz.html",
        async |b, _| {
            b.click(&format!("{Q1} .quiz-check")).await;
            let message = format!("{Q1} .quiz-message");
            assert_eq!(b.text(&message).await, "Choose or type an answer first.");
            assert_eq!(
                b.js_with(
                    "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return r.height > 0",
                    vec![message.clone().into()]
                )
                .await,
                true,
                "the message is visible"
            );
            b.choose(Q1, "Paris").await;
            assert_eq!(
                b.js_with(
                    "return document.querySelector(arguments[0]).hidden",
                    vec![message.into()]
                )
                .await,
                true,
                "choosing clears it"
            );
            b.type_into(&format!("{Q4} textarea"), "2").await;
            assert_eq!(
                b.js(&format!(
                    "return document.querySelector('{Q4} input[value=true]').checked"
                ))
                .await,
                true
            );
            b.type_into(&format!("{Q4} .quiz-line"), "1").await;
            assert_eq!(
                b.js(&format!(
                    "return document.querySelector('{Q4} input[value=false]').checked"
                ))
                .await,
                true,
                "typing a line chooses \"It fails\""
            );
        },
    );
}

// Regression: Submit with a blank question in a `feedback = "end"` quiz did nothing visible,
// and "Questions not answered yet: 1" read like a question number.
#[test]
fn submit_with_a_blank_question_says_how_many_are_left_and_marks_them() {
    let quiz = QUIZ.replace(
        "title = \"Check yourself\"",
        "title = \"Check yourself\"\nfeedback = \"end\"",
    );
    in_browser(
        "submit_with_a_blank_question_says_how_many_are_left_and_marks_them",
        quiz_site(&quiz),
        "/",
        "quiz.html",
        async |b, _| {
            b.choose(Q1, "Paris").await;
            b.type_into(&format!("{Q3} input"), "EXPLAIN ANALYZE").await;
            b.click(".quiz-submit").await;
            assert_eq!(
                b.text(".quiz-notice").await,
                "Answer every question first (2 left)."
            );
            let c = counts(
                b,
                &[".quiz-question.quiz-missing", ".quiz-question.answered"],
            )
            .await;
            assert_eq!(c[".quiz-question.quiz-missing"], 2);
            assert_eq!(c[".quiz-question.answered"], 0);
            assert_eq!(
                b.text(&format!("{Q2} .quiz-message")).await,
                "Not answered yet."
            );
            assert_eq!(
                b.js(&format!(
                    "return document.querySelector('{Q2}').contains(document.activeElement)"
                ))
                .await,
                true,
                "focus moves to the first question left"
            );
            b.choose(Q2, "2").await;
            b.choose(Q2, "4").await;
            b.choose(Q4, "It runs").await;
            b.type_into(&format!("{Q4} textarea"), "2").await;
            b.click(".quiz-submit").await;
            assert_eq!(b.text(".quiz-score").await, "Score: 4/4");
            assert_eq!(
                b.js("return document.querySelector('.quiz-notice').hidden")
                    .await,
                true
            );
        },
    );
}

// Regression: options were ordered by a hash of the seed, the question id and the option's
// value, which differ only in their last characters: of the 24 orders of four options only 8
// ever appeared, and with three options the right one was in the middle half the time. 100
// questions under 24 seeds give 2,400 shuffles of four options; a fair shuffle (odds of 1 in
// 24 each) puts every order between 50 and 150 times, and the same seed keeps the same order.
#[test]
fn shuffled_options_took_only_8_of_the_24_orders_of_four() {
    let mut quiz = String::from("# Orders\n\n```quiz\n");
    for n in 1..=100 {
        quiz.push_str(&format!("[[questions]]\nid = \"q{n}\"\ntype = \"MultipleChoice\"\nprompt.prompt = \"Q{n}\"\nprompt.distractors = [\"b\", \"c\", \"d\"]\nanswer.answer = \"a\"\n\n"));
    }
    quiz.push_str("```\n");
    in_browser(
        "shuffled_options_took_only_8_of_the_24_orders_of_four",
        quiz_site(&quiz),
        "/",
        "quiz.html",
        async |b, server| {
            let url = format!("{}quiz.html", server.url);
            let key = b
                .js("return Object.keys(localStorage).find(k => k.endsWith(':seed'))")
                .await;
            let key = key.as_str().expect("the reader's seed is kept").to_string();
            let orders = "return [...document.querySelectorAll('.quiz-options')].map(ul => [...ul.querySelectorAll('input')].map(i => i.value).join(''))";
            let mut counts = std::collections::BTreeMap::<String, u32>::new();
            for seed in 0..24 {
                let seed = format!("seed-{seed}");
                b.js_with(
                    "localStorage.setItem(arguments[0], JSON.stringify(arguments[1]))",
                    vec![key.clone().into(), seed.clone().into()],
                )
                .await;
                b.goto(&url).await;
                let shown = b.js(orders).await;
                let shown: Vec<String> = serde_json::from_value(shown).unwrap();
                assert_eq!(shown.len(), 100);
                if seed == "seed-0" {
                    b.goto(&url).await;
                    let again: Vec<String> = serde_json::from_value(b.js(orders).await).unwrap();
                    assert_eq!(again, shown, "the same seed keeps the same order");
                }
                for order in shown {
                    *counts.entry(order).or_default() += 1;
                }
            }
            assert_eq!(counts.len(), 24, "every order of four options: {counts:?}");
            assert!(
                counts.values().all(|n| (50..=150).contains(n)),
                "every order about as often: {counts:?}"
            );
        },
    );
}

// Regression: `prompt.sortAnswers = true` showed the options as written, right answers first;
// mdbook-quiz sorts them by their text. `answerIndex` still puts the answer at its place.
#[test]
fn sort_answers_put_the_right_answer_first() {
    let quiz = r#"# Sorted

```quiz
[[questions]]
id = "sorted"
type = "MultipleChoice"
prompt.prompt = "Sorted"
prompt.distractors = ["delta", "alpha"]
answer.answer = "charlie"
prompt.sortAnswers = true

[[questions]]
id = "several"
type = "MultipleChoice"
prompt.prompt = "Several"
prompt.distractors = ["beta"]
answer.answer = ["gamma", "alpha"]
prompt.sortAnswers = true

[[questions]]
id = "placed"
type = "MultipleChoice"
prompt.prompt = "Placed"
prompt.distractors = ["zulu", "alpha"]
answer.answer = "mike"
prompt.answerIndex = 2
```
"#;
    in_browser(
        "sort_answers_put_the_right_answer_first",
        quiz_site(quiz),
        "/",
        "quiz.html",
        async |b, _| {
            let shown = b
                .js("return [...document.querySelectorAll('.quiz-options')].map(ul => [...ul.querySelectorAll('label')].map(l => l.textContent.trim()))")
                .await;
            assert_eq!(
                shown,
                serde_json::json!([
                    ["alpha", "charlie", "delta"],
                    ["alpha", "beta", "gamma"],
                    ["zulu", "alpha", "mike"]
                ])
            );
        },
    );
}

// Regression: with `feedback = "end"`, "Answer every question first (2 left)." kept saying 2
// while the reader answered the questions left, and a successful Submit hid the button that had
// focus, dropping keyboard focus to the page.
#[test]
fn the_end_quiz_kept_its_first_count_left_and_submit_dropped_focus() {
    let quiz = QUIZ.replace(
        "title = \"Check yourself\"",
        "title = \"Check yourself\"\nfeedback = \"end\"",
    );
    in_browser(
        "the_end_quiz_kept_its_first_count_left_and_submit_dropped_focus",
        quiz_site(&quiz),
        "/",
        "quiz.html",
        async |b, _| {
            let notice = "return [document.querySelector('.quiz-notice').hidden, document.querySelector('.quiz-notice').textContent]";
            b.click(".quiz-submit").await;
            assert_eq!(
                b.js(notice).await,
                serde_json::json!([false, "Answer every question first (4 left)."])
            );
            b.choose(Q1, "Paris").await;
            assert_eq!(
                b.js(notice).await,
                serde_json::json!([false, "Answer every question first (3 left)."])
            );
            b.type_into(&format!("{Q3} input"), "EXPLAIN ANALYZE").await;
            assert_eq!(
                b.js(notice).await,
                serde_json::json!([false, "Answer every question first (2 left)."])
            );
            b.click(".quiz-submit").await;
            assert_eq!(
                b.js(notice).await,
                serde_json::json!([false, "Answer every question first (2 left)."])
            );
            b.choose(Q2, "2").await;
            b.choose(Q2, "4").await;
            assert_eq!(
                b.js(notice).await,
                serde_json::json!([false, "Answer every question first (1 left)."])
            );
            b.type_into(&format!("{Q4} textarea"), "2").await;
            assert_eq!(
                b.js(notice).await,
                serde_json::json!([true, ""]),
                "nothing left: the notice goes"
            );
            b.click(".quiz-submit").await;
            assert_eq!(
                b.js("return [document.querySelector('.quiz-submit').hidden, document.activeElement.className, document.activeElement.textContent]")
                    .await,
                serde_json::json!([true, "quiz-score", "Score: 4/4"]),
                "focus moves from the hidden button to the quiz's result"
            );
        },
    );
}

// Regression: an option holding a long unbroken word (118 letters) widened the options' grid
// past the quiz frame, giving the page a horizontal scrollbar on phones and on desktops, on the
// chapter and on print.html, while the same word in chapter text wrapped.
#[test]
fn a_long_word_in_a_quiz_option_ran_past_the_quiz_and_the_page() {
    let long = "A".repeat(118);
    let quiz = format!("# Long\n\nChapter text.\n\n```quiz\n[[questions]]\nid = \"long\"\ntype = \"MultipleChoice\"\nprompt.prompt = \"Which one?\"\nprompt.distractors = [\"{long}\", \"short\"]\nanswer.answer = \"right\"\n```\n");
    in_browser(
        "a_long_word_in_a_quiz_option_ran_past_the_quiz_and_the_page",
        quiz_site(&quiz),
        "/",
        "quiz.html",
        async |b, server| {
            // Answered, so the "Your answer" and "Correct answer" badges are there too.
            b.choose("#quiz-long-1", "AAAA").await;
            b.click("#quiz-long-1 .quiz-check").await;
            let fits = "const quiz = document.querySelector('.quiz').getBoundingClientRect(); \
                return [document.documentElement.scrollWidth <= window.innerWidth, \
                [...document.querySelectorAll('.quiz-options label')].every(l => { const r = l.getBoundingClientRect(); return r.left >= quiz.left && r.right <= quiz.right; })]";
            for page in ["quiz.html", "print.html"] {
                for (width, height) in [(390, 844), (1280, 900)] {
                    b.client.set_window_size(width, height).await.unwrap();
                    b.goto(&format!("{}{page}", server.url)).await;
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    assert_eq!(
                        b.js(fits).await,
                        serde_json::json!([true, true]),
                        "{page} at {width} px"
                    );
                }
            }
        },
    );
}

/// A first build that failed left the browser on a bare 404 until a manual refresh; the error
/// page now reloads into the site by itself once a save fixes the handbook.
#[test]
fn a_first_build_failure_page_turns_into_the_site_once_fixed() {
    let Some(_lock) = browser_lock("a_first_build_failure_page_turns_into_the_site_once_fixed")
    else {
        return;
    };
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"Live\"\n"),
        ("01-one.md", "# One\n\n[broken](nowhere.md)\n"),
    ]);
    let server = fixture.serve("/");
    run_async(async {
        let b = Browser::start(1280, 800).await;
        b.goto(&format!("{}01-one.html", server.url)).await;
        assert!(
            b.text("#skillbook-errors").await.contains("01-one.md:3:"),
            "the errors are shown"
        );
        tokio::time::sleep(std::time::Duration::from_millis(300)).await; // the live-reload poll is waiting
        fixture.write("01-one.md", "# One\n\nNow it builds.\n");
        let mut shown = false;
        for _ in 0..100 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            if b.js("return !!document.querySelector('.chapter') && document.body.textContent.includes('Now it builds.')").await == true {
                shown = true;
                break;
            }
        }
        assert!(shown, "the page became the site without a manual refresh");
        b.finish().await;
    });
}
