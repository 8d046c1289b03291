//! Renders a quiz as a semantic HTML form that stays readable without JavaScript: each answer
//! and its explanation sit in a collapsed `<details>`; `quiz.js` adds feedback, score and saving.

use std::fmt::Write as _;

use super::content::ChapterWriter;
use super::highlight::{balanced_lines, highlight};
use crate::html::escape;
use crate::parse::quiz::{Feedback, QuestionKind, Quiz};

/// The quiz's `<form>`, written by `w` (whose id prefix is prepended to every id).
pub(crate) fn quiz_html(quiz: &Quiz, w: &mut ChapterWriter) -> String {
    let id = format!("{}{}", w.prefix, quiz.id);
    let feedback = match quiz.feedback {
        Feedback::Immediate => "immediate",
        Feedback::End => "end",
    };
    let mut html = String::new();
    let title_id = format!("{}{}", w.prefix, quiz.title_anchor());
    let _ = writeln!(html, "<form class=\"quiz\" id=\"{id}\" data-quiz=\"{}\" data-hash=\"{}\" data-feedback=\"{feedback}\" aria-labelledby=\"{title_id}\">", quiz.id, quiz.hash);
    let title = match &quiz.title {
        Some(title) => w.fragment(title),
        None => w.strings.html("quiz"),
    };
    let _ = writeln!(
        html,
        "<p class=\"quiz-title\" id=\"{title_id}\">{title}</p>"
    );
    html.push_str("<ol class=\"quiz-questions\">\n");
    for (n, question) in quiz.questions.iter().enumerate() {
        let qid = format!("{}{}", w.prefix, quiz.question_anchor(n));
        let prompt_id = format!("{}{}", w.prefix, quiz.prompt_anchor(n));
        let kind = match &question.kind {
            QuestionKind::MultipleChoice { .. } => "MultipleChoice",
            QuestionKind::ShortAnswer { .. } => "ShortAnswer",
            QuestionKind::Tracing { .. } => "Tracing",
        };
        let _ = writeln!(
            html,
            "<li class=\"quiz-question\" id=\"{qid}\" data-id=\"{}\" data-type=\"{kind}\">",
            escape(&question.id)
        );
        let _ = writeln!(html, "<fieldset aria-labelledby=\"{prompt_id}\">");
        if let Some(multipart) = &question.multipart {
            let multipart = w.fragment(multipart);
            let _ = writeln!(html, "<div class=\"quiz-multipart\">{multipart}</div>");
        }
        let _ = writeln!(
            html,
            "<div class=\"quiz-prompt\" id=\"{prompt_id}\">{}</div>",
            w.fragment(&question.prompt)
        );
        let answer = answer_body(&mut html, &qid, &prompt_id, &question.kind, w);
        html.push_str("</fieldset>\n");
        let _ = write!(html, "<details class=\"quiz-answer\"><summary>{}</summary>\n<div class=\"quiz-answer-body\">{answer}", w.strings.html("showAnswer"));
        if let Some(context) = &question.context {
            let context = w.fragment(context);
            let _ = write!(html, "<div class=\"quiz-context\">{context}</div>");
        }
        html.push_str("</div></details>\n</li>\n");
    }
    html.push_str("</ol>\n</form>\n");
    html
}

/// Writes the inputs of a question (element id `qid`, its prompt's `prompt_id`) into `html`;
/// returns the answer's HTML for the `<details>`.
fn answer_body(
    html: &mut String,
    qid: &str,
    prompt_id: &str,
    kind: &QuestionKind,
    w: &mut ChapterWriter,
) -> String {
    let strings = w.strings;
    match kind {
        QuestionKind::MultipleChoice {
            options,
            multiple,
            sorted,
        } => {
            let input = if *multiple { "checkbox" } else { "radio" };
            let _ = writeln!(
                html,
                "<ul class=\"quiz-options\" data-multiple=\"{multiple}\" data-sorted=\"{sorted}\">"
            );
            let texts: Vec<String> = options.iter().map(|o| w.fragment(&o.text)).collect();
            for (i, option) in options.iter().enumerate() {
                let correct = if option.correct {
                    " data-correct=\"true\""
                } else {
                    ""
                };
                let _ = write!(html, "<li><label><input type=\"{input}\" name=\"{qid}\" value=\"{i}\"{correct}> <span>{}</span></label>", texts[i]);
                if let Some(why) = &option.explanation {
                    let why = w.fragment(why);
                    let _ = write!(
                        html,
                        "<div class=\"quiz-option-explanation\" hidden>{why}</div>"
                    );
                }
                html.push_str("</li>\n");
            }
            html.push_str("</ul>\n");
            // In the order the author wrote the answers, not the shuffled one.
            let mut right: Vec<(usize, &str)> = options
                .iter()
                .zip(&texts)
                .filter(|(o, _)| o.correct)
                .map(|(o, t)| (o.written, t.as_str()))
                .collect();
            right.sort_unstable();
            let right: Vec<&str> = right.into_iter().map(|(_, t)| t).collect();
            let label = strings.html(if right.len() > 1 { "answers" } else { "answer" });
            let mut solution = format!(
                "<p class=\"quiz-solution\"><strong>{label}:</strong> {}</p>",
                right.join("; ")
            );
            for (option, text) in options.iter().zip(&texts) {
                if let Some(why) = &option.explanation {
                    let why = w.fragment(why);
                    let _ = write!(
                        solution,
                        "<div class=\"quiz-why\"><p><strong>{text}</strong></p>{why}</div>"
                    );
                }
            }
            solution
        }
        QuestionKind::ShortAnswer { response, answers } => {
            let _ = match response.as_str() {
                "short" => writeln!(html, "<input class=\"quiz-text\" type=\"text\" name=\"{qid}\" aria-labelledby=\"{prompt_id}\" autocomplete=\"off\" spellcheck=\"false\">"),
                _ => writeln!(html, "<textarea class=\"quiz-text quiz-{response}\" name=\"{qid}\" rows=\"4\" aria-labelledby=\"{prompt_id}\" spellcheck=\"false\"></textarea>"),
            };
            let accepted: Vec<String> = answers
                .iter()
                .map(|a| format!("<code>{}</code>", escape(a)))
                .collect();
            let data: Vec<String> = answers.iter().map(|a| escape(a)).collect();
            let _ = writeln!(
                html,
                "<template class=\"quiz-accepted\">{}</template>",
                data.join("\u{1f}")
            );
            format!(
                "<p class=\"quiz-solution\"><strong>{}:</strong> {}</p>",
                strings.html("answer"),
                accepted.join(" / ")
            )
        }
        QuestionKind::Tracing {
            program,
            does_compile,
            stdout,
            line_number,
        } => {
            let _ = writeln!(
                html,
                "<pre class=\"code quiz-program\"><code>{}</code></pre>",
                numbered_lines(&highlight(&program.code, &program.lang))
            );
            let expected = stdout
                .as_deref()
                .map(|s| format!(" data-stdout=\"{}\"", escape(s)))
                .unwrap_or_default();
            let line = line_number
                .map(|l| format!(" data-line=\"{l}\""))
                .unwrap_or_default();
            let _ = writeln!(
                html,
                "<div class=\"quiz-tracing\" data-compiles=\"{does_compile}\"{expected}{line}><label><input type=\"radio\" name=\"{qid}-compiles\" value=\"true\"> {runs}</label>\n<textarea class=\"quiz-text quiz-code\" name=\"{qid}-stdout\" rows=\"3\" aria-label=\"{runs}\" spellcheck=\"false\"></textarea>\n<label><input type=\"radio\" name=\"{qid}-compiles\" value=\"false\"> {fails}</label> <input class=\"quiz-line\" type=\"number\" min=\"1\" name=\"{qid}-line\" aria-label=\"{fails}\"></div>",
                runs = strings.html("runsAndPrints"),
                fails = strings.html("failsAtLine"),
            );
            let label = strings.html("answer");
            if *does_compile {
                let out = stdout.as_deref().unwrap_or("");
                format!("<p class=\"quiz-solution\"><strong>{label}:</strong> {}</p><pre class=\"code\"><code>{}</code></pre>", strings.html("runsAndPrints"), escape(out))
            } else {
                let at = line_number.map(|l| format!(" {l}")).unwrap_or_default();
                format!(
                    "<p class=\"quiz-solution\"><strong>{label}:</strong> {}{at}</p>",
                    strings.html("failsAtLine")
                )
            }
        }
    }
}

/// The answer key of a quiz for printed worksheets: each question's number, right answer and
/// explanation, as an `<ol>` (the printed questions themselves hide their answers).
pub(crate) fn answer_key_html(quiz: &Quiz, w: &mut ChapterWriter) -> String {
    let mut html = String::from("<ol class=\"answer-key-list\">\n");
    for question in &quiz.questions {
        let mut scratch = String::new();
        let solution = answer_body(&mut scratch, "key", "key-prompt", &question.kind, w);
        let context = question
            .context
            .as_ref()
            .map(|c| format!("<div class=\"quiz-context\">{}</div>", w.fragment(c)))
            .unwrap_or_default();
        let _ = writeln!(html, "<li>{solution}{context}</li>");
    }
    html.push_str("</ol>\n");
    html
}

/// Highlighted code with each line in a `<span class="code-line">` (its newline after it), for
/// a program whose answer names a line: the theme numbers the lines with a CSS counter, so the
/// numbers are neither in the code's text nor copied with it.
fn numbered_lines(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    for line in balanced_lines(html) {
        let (text, newline) = match line.strip_suffix('\n') {
            Some(text) => (text, "\n"),
            None => (line.as_str(), ""),
        };
        out.push_str("<span class=\"code-line\">");
        out.push_str(text);
        out.push_str("</span>");
        out.push_str(newline);
    }
    out
}
