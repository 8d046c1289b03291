//! Accessibility: axe-core (npm, installed by `.ci/run` with `npm ci`) run in headless Chromium
//! over every kind of page and state a reader meets, in the light and the dark theme. Any
//! serious or critical violation fails. Skipped without Chromium or axe-core, except under CI.

use std::time::{Duration, Instant};

use crate::support::{in_browser, Browser, Fixture};

/// A small handbook with every element the theme styles: parts, callouts of every kind, code
/// (highlighted, wide and in a quiz), a table, footnotes, a checklist and quizzes of each type.
pub fn showcase() -> Fixture {
    let wide = "let numbers = vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]; // a comment that runs on";
    Fixture::new(&[
        (
            "handbook.toml",
            "title = \"Showcase\"\ndescription = \"Every element of a handbook.\"\nedit-url-template = \"https://example.com/edit/main/{path}\"\n",
        ),
        (
            "SUMMARY.md",
            "# Summary\n\n[Welcome](README.md)\n\n# Basics\n\n- [Reading code](basics.md)\n- [Checking yourself](quiz.md)\n\n# Practice\n\n- [Working together](practice.md)\n",
        ),
        (
            "README.md",
            "# Showcase\n\nA handbook with every element.\n",
        ),
        (
            "basics.md",
            &format!("+++\ntitle = \"Reading code\"\nlevel = \"foundation\"\ntime-estimate = 15\nskills = [\"reading\"]\nupdated = 2024-05-01\n+++\n\n# Reading code\n\nText with `inline code`, a [link](practice.md) and a footnote.[^1]\n\n## Code\n\n```rust\n// A comment.\nfn main() {{\n    let greeting = \"hello\";\n    println!(\"{{greeting}} {{}}\", 42);\n}}\n```\n\n```rust\n{wide}\n```\n\n```console\n$ cargo run\nhello 42\n```\n\n## Tables\n\n| Name | Kind | Notes |\n|------|------|-------|\n| a | letter | first |\n| b | letter | second |\n\n## Callouts\n\n> [!NOTE]\n> A note.\n\n> [!TIP]\n> A tip.\n\n> [!IMPORTANT]\n> Important.\n\n> [!WARNING]\n> A warning.\n\n> [!CAUTION]\n> Caution.\n\n### Smaller heading\n\nMore text.\n\n[^1]: The footnote.\n"),
        ),
        (
            "quiz.md",
            "# Checking yourself\n\nRead the questions.\n\n## Questions\n\n```quiz\ntitle = \"Check yourself\"\n\n[[questions]]\nid = \"verb\"\ntype = \"MultipleChoice\"\nprompt.prompt = \"Which HTTP method reads a resource without changing it, when the option text is long enough to wrap onto a second line?\"\nprompt.distractors = [\"POST, which creates a new resource under the collection\", \"DELETE\"]\nanswer.answer = \"GET, which only reads the resource and never changes it on the server\"\ncontext = \"GET is safe.\"\nexplanations.DELETE = \"DELETE removes it.\"\n\n[[questions]]\nid = \"cmd\"\ntype = \"ShortAnswer\"\nprompt.prompt = \"Which command shows the plan?\"\nanswer.answer = \"EXPLAIN\"\ncontext = \"EXPLAIN shows it.\"\n\n[[questions]]\nid = \"trace\"\ntype = \"Tracing\"\nprompt.language = \"python\"\nprompt.program = \"print(1 + 1)\"\nanswer.doesCompile = true\nanswer.stdout = \"2\"\ncontext = \"It prints the sum.\"\n```\n\n## Afterwards\n\nMore text.\n",
        ),
        (
            "practice.md",
            "# Working together\n\n## Checklist: first week\n\n- [ ] Read the guide.\n- [ ] Pair with a teammate.\n- [x] Get access.\n\n## Notes\n\nText.\n",
        ),
    ])
}

/// Where `npm ci` puts axe-core, or `SKILLBOOK_AXE` to use another copy.
fn axe_source(test: &str) -> Option<String> {
    let path = std::env::var_os("SKILLBOOK_AXE").map_or_else(
        || {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("node_modules/axe-core/axe.min.js")
        },
        Into::into,
    );
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but {} is missing: run `npm ci` in the repository root",
                path.display()
            );
            eprintln!("skipped {test}: axe-core not found (run `npm ci`)");
            None
        }
    }
}

/// Runs axe-core on the page and returns its serious and critical violations as lines
/// (`rule: target — summary`).
async fn axe(b: &Browser, source: &str) -> Vec<String> {
    b.js_with(
        "if (!window.axe) { const s = document.createElement('script'); s.textContent = arguments[0]; document.head.appendChild(s); }",
        vec![source.into()],
    )
    .await;
    let run = b.client.execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations
               .filter(v => v.impact === 'serious' || v.impact === 'critical')
               .flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ')))),
               e => done(['axe failed: ' + e]));",
            vec![],
    );
    let result = crate::web::answered("axe.run", run)
        .await
        .expect("axe runs");
    result
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

/// Waits until `script` returns true in the page (15 s at most).
async fn until(b: &Browser, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while b.js(script).await != true {
        assert!(Instant::now() < deadline, "timed out waiting for: {script}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Answers the quiz on `quiz.html`: the first question wrong, the short answer right, the
/// tracing question wrong.
pub async fn answer_quiz(b: &Browser) {
    b.choose("#quiz-verb-1", "DELETE").await;
    b.click("#quiz-verb-1 .quiz-check").await;
    b.type_into("#quiz-verb-2 input", "explain").await;
    b.click("#quiz-verb-2 .quiz-check").await;
    b.type_into("#quiz-verb-3 textarea", "3").await;
    b.click("#quiz-verb-3 .quiz-check").await;
}

#[test]
fn axe_finds_no_serious_violation_on_any_page_in_either_theme() {
    let name = "axe_finds_no_serious_violation_on_any_page_in_either_theme";
    let Some(source) = axe_source(name) else {
        return;
    };
    let fixture = showcase();
    in_browser(
        name,
        fixture.site(),
        "/",
        "index.html",
        async |b, server| {
            let mut found = Vec::new();
            for theme in ["light", "dark"] {
                let open = async |page: &str| {
                    b.goto(&format!("{}{page}", server.url)).await;
                };
                open("index.html").await;
                b.js_with(
                    "localStorage.clear(); localStorage.setItem('skillbook-theme', arguments[0])",
                    vec![theme.into()],
                )
                .await;
                let mut check = async |what: &str| {
                    assert_eq!(
                        b.js("return document.documentElement.dataset.theme").await,
                        theme
                    );
                    for v in axe(b, &source).await {
                        found.push(format!("{theme} {what}: {v}"));
                    }
                };
                for page in [
                    "index.html",
                    "basics.html",
                    "quiz.html",
                    "practice.html",
                    "toc.html",
                ] {
                    open(page).await;
                    check(page).await;
                }
                open("quiz.html").await;
                answer_quiz(b).await;
                check("quiz.html answered").await;
                open("practice.html").await;
                b.click(".checklist input").await;
                check("practice.html ticked").await;
                b.js("const i = document.getElementById('search-input'); i.value = ''; i.focus()")
                    .await;
                b.keys("teammate").await;
                until(
                b,
                "return !document.getElementById('search-panel').hidden && document.querySelectorAll('#search-results a[role=option]').length > 0",
            )
            .await;
                check("practice.html search panel").await;
                for page in [
                    "progress.html",
                    "skills.html",
                    "review.html",
                    "checklists.html",
                    "print.html",
                    "no-such-page.html",
                ] {
                    open(page).await;
                    check(page).await;
                }
            }
            // At phone width: the open sidebar over the page, and the folded "On this page" opened.
            b.client.set_window_size(390, 844).await.unwrap();
            b.goto(&format!("{}basics.html", server.url)).await;
            b.js("document.querySelector('.page-toc details').open = true; document.querySelector('.sidebar-toggle').click()")
            .await;
            tokio::time::sleep(Duration::from_millis(300)).await; // the sidebar slides in
            for v in axe(b, &source).await {
                found.push(format!("dark phone basics.html, sidebar open: {v}"));
            }
            assert!(
                found.is_empty(),
                "serious or critical axe violations:\n{}",
                found.join("\n")
            );
        },
    );
}
