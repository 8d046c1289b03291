//! The search box while a reader types: how the word still being typed is completed, what ends
//! it, input methods composing a word, and what a result's link marks and does.

use std::time::{Duration, Instant};

use crate::search::{search, titles, wait_for_results};
use crate::support::{in_browser, Fixture};
use crate::web::Browser;

/// Types `words` and a space (the last word finished) into the search box; returns the results
/// shown, as [`search`] does.
async fn search_finished(b: &Browser, words: &str) -> Vec<(String, String, String)> {
    b.js("const i = document.getElementById('search-input'); i.value = ''; i.focus()")
        .await;
    b.keys(&format!("{words} ")).await;
    wait_for_results(b, words).await
}

#[test]
fn a_rarer_word_starting_with_the_typed_word_outranked_the_word_itself() {
    // `java` is in every chapter, so it weighs little; `javaagent` is in one and weighs more,
    // but only as a completion of what is typed.
    let mut files = vec![
        ("handbook.toml", "title = \"Java\"\n".to_string()),
        (
            "tracing.md",
            "# Tracing\n\nStart the JVM with `-javaagent:/opt/otel/agent.jar` to trace Java.\n"
                .to_string(),
        ),
        (
            "languages.md",
            "# Languages\n\n## Java\n\nJava runs on the JVM.\n".to_string(),
        ),
    ];
    for n in 0..8 {
        files.push((
            Box::leak(format!("team{n}.md").into_boxed_str()),
            format!("# Team {n}\n\nTeam {n} writes Java services.\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    in_browser(
        "a_rarer_word_starting_with_the_typed_word_outranked_the_word_itself",
        Fixture::new(&files).site(),
        "/",
        "index.html",
        async |b, _| {
            let shown = search(b, "java").await;
            assert!(shown[0].2.starts_with("/languages.html?"), "{shown:?}");
        },
    );
}

#[test]
fn a_term_ending_in_punctuation_was_completed_as_if_still_typed() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"Terms\"\n"),
        ("scan.md", "# Complexity\n\nA scan takes O(n) time.\n"),
        ("ab.md", "# Experiments\n\nRun an A/B test.\n"),
        (
            "about.md",
            "# Preface\n\nAbout this book: once you start, keep going.\n",
        ),
    ])
    .site();
    in_browser(
        "a_term_ending_in_punctuation_was_completed_as_if_still_typed",
        site,
        "/",
        "index.html",
        async |b, _| {
            // `O(n)` is `on`, finished by its parenthesis: not the start of `once`.
            assert_eq!(titles(&search(b, "O(n)").await), ["Complexity"]);
            // `A/B` is `ab`, whose last part is one letter: not the start of `about`.
            assert_eq!(titles(&search(b, "A/B").await), ["Experiments"]);
            // A longer last part is still being typed.
            assert_eq!(titles(&search(b, "A/Bo").await), ["Preface"]);
        },
    );
}

#[test]
fn enter_while_an_input_method_composed_a_word_opened_a_result() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"Kube\"\n"),
        ("kube.md", "# Orchestration\n\nKubernetes schedules pods.\n"),
    ])
    .site();
    in_browser(
        "enter_while_an_input_method_composed_a_word_opened_a_result",
        site,
        "/",
        "index.html",
        async |b, _| {
            assert_eq!(titles(&search(b, "kube").await), ["Orchestration"]);
            // The keys an input method sends while composing (isComposing, key code 229) are
            // its own: Enter confirms the composed word, arrows pick a candidate, Esc cancels.
            let state = "const i = document.getElementById('search-input');
                for (const key of ['ArrowDown', 'Enter', 'Escape', 'Escape']) {
                  const e = new KeyboardEvent('keydown', { key, keyCode: 229, isComposing: true, bubbles: true, cancelable: true });
                  if (!i.dispatchEvent(e)) return 'prevented ' + key;
                }
                i.value = 'kubeと';
                i.dispatchEvent(new InputEvent('input', { data: 'と', isComposing: true, bubbles: true }));
                return [location.pathname, i.value, document.activeElement === i, document.getElementById('search-panel').hidden];";
            assert_eq!(
                b.js(state).await,
                serde_json::json!(["/index.html", "kubeと", true, false])
            );
            // Unfinished text is not searched: the results stay those of `kube`.
            tokio::time::sleep(Duration::from_millis(400)).await;
            assert_eq!(
                b.js("return [document.getElementById('search-results').dataset.query, document.getElementById('search-status').textContent]").await,
                serde_json::json!(["kube", "Results: 1"])
            );
            // The composed word is searched once the composition ends.
            b.js("const i = document.getElementById('search-input'); i.value = 'kubernetes'; i.dispatchEvent(new CompositionEvent('compositionend', { data: 'kubernetes' }))").await;
            let deadline = Instant::now() + Duration::from_secs(10);
            while b
                .js("return document.getElementById('search-results').dataset.query")
                .await
                != "kubernetes"
            {
                assert!(
                    Instant::now() < deadline,
                    "the composed word was not searched"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        },
    );
}

#[test]
fn a_result_link_for_cpp_and_csharp_marked_only_cpp() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"Languages\"\n"),
        ("langs.md", "# Systems\n\nWritten in C++ and C#.\n"),
    ])
    .site();
    in_browser(
        "a_result_link_for_cpp_and_csharp_marked_only_cpp",
        site,
        "/",
        "index.html",
        async |b, _| {
            let shown = search_finished(b, "C++ C#").await;
            assert_eq!(shown[0].2, "/langs.html?highlight=C%2B%2B&highlight=C%23");
        },
    );
}

#[test]
fn a_result_on_the_page_being_read_left_the_panel_open_when_clicked() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"Git\"\n"),
        (
            "git.md",
            "# Git\n\nBranches.\n\n## Recovering with reflog\n\nThe reflog remembers.\n",
        ),
    ])
    .site();
    in_browser(
        "a_result_on_the_page_being_read_left_the_panel_open_when_clicked",
        site,
        "/",
        "git.html?highlight=reflog",
        async |b, _| {
            // The section's link only moves within the page (same address, another fragment).
            let shown = search_finished(b, "reflog").await;
            assert_eq!(
                shown[1].2,
                "/git.html?highlight=reflog#recovering-with-reflog"
            );
            b.click("#search-results a.search-sub").await;
            let deadline = Instant::now() + Duration::from_secs(10);
            while b
                .js("return document.getElementById('search-panel').hidden")
                .await
                != true
            {
                assert!(Instant::now() < deadline, "the panel stayed open");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        },
    );
}
