//! Search: the index the build writes (records, files), and skillbook's search engine behind the
//! header search box in a real browser (headless Chromium through WebDriver against the built
//! site on 127.0.0.1, from `file://`, and under `skillbook serve`).

use std::time::{Duration, Instant};

use fantoccini::key::Key;

use crate::support::{in_browser, page, Browser, Fixture};

const CONFIG: &str = "title = \"Search fixture\"\n";

const SUMMARY: &str = "# Summary

[Welcome](README.md)

# Operations

- [Package paths](paths.md)
- [Deploys](deploys.md)

# Languages

- [Серверы](ru.md)
";

const PATHS: &str = "# Package paths

R keeps installed packages in library folders.

## Library search path

Call `.libPaths()` to list the library folders R searches, in order. See [the deploy notes](deploys.md).

## Caches

Compiled packages are cached between sessions, so nightly deploys reuse them and deploys stay fast.

```quiz
[[questions]]
id = \"paths-reflog\"
type = \"MultipleChoice\"
prompt.prompt = \"Which log records where each branch tip has been?\"
prompt.distractors = [\"The stash\", \"The index\"]
answer.answer = \"The reflog\"
context = \"git reflog lists the recent positions of HEAD and branch tips.\"
```
";

const DEPLOYS: &str = "+++
prerequisites = [\"paths.md\"]
+++
# Deploys

We compare two variants with an A-B rollout before a full release.

The reflog is mentioned here in prose as well.

## Checklist: before a release

- [ ] The canary dashboard is green.
- [ ] Rollback steps are written down.
";

const RU: &str = "# Серверы

Каждый сервер обслуживает свою очередь задач.
";

fn search_site() -> skillbook::Site {
    Fixture::new(&[
        ("handbook.toml", CONFIG),
        ("SUMMARY.md", SUMMARY),
        ("README.md", "# Welcome\n\nStart here.\n"),
        ("paths.md", PATHS),
        ("deploys.md", DEPLOYS),
        ("ru.md", RU),
    ])
    .site()
}

#[test]
fn build_writes_the_search_index_and_marks_what_to_index() {
    let site = search_site();
    let index: Vec<&str> = site
        .files
        .keys()
        .filter(|p| p.starts_with("search/"))
        .map(String::as_str)
        .collect();
    // The engine, the manifest, one shard (a small book) and one fragment per chapter.
    assert_eq!(
        index,
        [
            "search/engine.js",
            "search/f/0.js",
            "search/f/1.js",
            "search/f/2.js",
            "search/f/3.js",
            "search/manifest.js",
            "search/s/0.js"
        ]
    );
    assert!(site.files.contains_key("assets/search.js"));
    let manifest = page(&site, "search/manifest.js");
    assert_eq!(
        manifest,
        "skillbookSearch(\"m\",{\"b\":[\"\"],\"n\":12,\"p\":\"C1C3Q2C2K3C1\",\"r\":[[\"Operations\",1,2],[\"Languages\",3,1]]})\n"
    );
    let html = page(&site, "paths.html");
    assert!(html.contains(r#"<article class="chapter">"#));
    assert!(html.contains(r#"<p class="chapter-part">Operations</p>"#));
    assert!(html.contains(r#"<input type="search" id="search-input""#));
}

#[test]
fn search_false_leaves_no_index_and_no_search_ui() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"No search\"\nsearch = false\n"),
        ("ch.md", "# Chapter\n\nText.\n"),
    ])
    .site();
    assert!(site.files.keys().all(|p| !p.starts_with("search/")));
    assert!(!site.files.contains_key("assets/search.js"));
    let html = page(&site, "ch.html");
    for absent in ["role=\"search\"", "search.js", "search/"] {
        assert!(!html.contains(absent), "{absent} found in:\n{html}");
    }
}

#[test]
fn a_content_file_inside_search_or_named_search_clashes_with_the_search_index() {
    let help =
        " = help: move or rename it out of `search`, or set `search = false` in handbook.toml\n";
    let inside = Fixture::new(&[
        ("handbook.toml", CONFIG),
        ("ch.md", "# Chapter\n"),
        ("search/notes.md", "# Notes\n"),
    ]);
    assert_eq!(
        inside.errors(),
        format!("error: would be written to `search/notes.html`, which is reserved for the search index (`search/`)\n = in book/search/notes.md\n{help}\n1 error\n")
    );
    let named = Fixture::new(&[
        ("handbook.toml", CONFIG),
        ("ch.md", "# Chapter\n"),
        ("search", "data\n"),
    ]);
    assert_eq!(
        named.errors(),
        format!("error: would be written to `search`, which is reserved for the search index (`search/`)\n = in book/search\n{help}\n1 error\n")
    );
    // Without search the folder is the author's.
    named.write(
        "handbook.toml",
        "title = \"Search fixture\"\nsearch = false\n",
    );
    assert_eq!(page(&named.site(), "search"), "data\n");
}

/// Types `query` into the focused search box and waits until the results for it are shown;
/// returns the result links' (class, title or else excerpt, path with query and fragment) in
/// order.
pub(crate) async fn search(b: &Browser, query: &str) -> Vec<(String, String, String)> {
    b.js("const i = document.getElementById('search-input'); i.value = ''; i.focus()")
        .await;
    b.keys(query).await;
    wait_for_results(b, query).await
}

pub(crate) async fn wait_for_results(b: &Browser, query: &str) -> Vec<(String, String, String)> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let shown = b
            .js_with("const p = document.getElementById('search-panel');
                 const s = document.getElementById('search-status').textContent;
                 const links = [...document.querySelectorAll('#search-results a[role=option]')];
                 const l = document.getElementById('search-results');
                 return p.hidden || l.dataset.query !== arguments[0] ? null : { status: s, links: links.map(a => [a.className, a.querySelector('.search-title').textContent || a.querySelector('.search-excerpt').textContent, a.pathname + a.search + a.hash]) };", vec![query.into()])
            .await;
        if let Some(links) = shown["links"].as_array().filter(|l| !l.is_empty()) {
            return links
                .iter()
                .map(|l| {
                    let s = |i: usize| l[i].as_str().unwrap_or_default().to_string();
                    (s(0), s(1), s(2))
                })
                .collect();
        }
        if shown["status"].as_str().is_some_and(|s| !s.is_empty()) {
            panic!("no results for {query:?}: {}", shown["status"]);
        }
        assert!(
            Instant::now() < deadline,
            "no results for {query:?} in 15 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(crate) fn titles(results: &[(String, String, String)]) -> Vec<&str> {
    results.iter().map(|r| r.1.as_str()).collect()
}

#[test]
fn search_finds_chapter_and_sub_heading_and_enter_opens_it_with_terms_highlighted() {
    in_browser(
        "search_finds_chapter_and_sub_heading_and_enter_opens_it_with_terms_highlighted",
        search_site(),
        "/",
        "index.html",
        async |b, _| {
            let results = search(b, "libpaths").await;
            assert_eq!(
                results[..2],
                [
                    (
                        "search-main".to_string(),
                        "Package paths".to_string(),
                        "/paths.html?highlight=libpaths".to_string()
                    ),
                    (
                        "search-sub".to_string(),
                        "Library search path".to_string(),
                        "/paths.html?highlight=libpaths#library-search-path".to_string()
                    ),
                ],
                "{results:?}"
            );
            // The word is marked, not the punctuation around it.
            assert_eq!(
                b.js("return document.querySelector('#search-r0-0 .search-excerpt mark').textContent")
                    .await,
                "libPaths"
            );
            b.screenshot("search-results").await;
            // The listbox holds groups of options; the lists between are layout only, so
            // assistive technology sees options (checked in Chromium's accessibility tree).
            assert_eq!(
                b.js("const l = document.getElementById('search-results');
                      return [l.getAttribute('role'),
                              [...l.children].every(li => li.getAttribute('role') === 'group' || li.getAttribute('role') === 'none'),
                              [...l.querySelectorAll('.search-subs, .search-subs > li')].every(e => e.getAttribute('role') === 'none'),
                              l.querySelectorAll('a[role=option]').length,
                              l.querySelectorAll('a[role=option][tabindex=\"-1\"]').length]")
                    .await,
                serde_json::json!(["listbox", true, true, 2, 2])
            );
            b.keys(Key::Down.to_string().as_str()).await;
            b.keys(Key::Enter.to_string().as_str()).await;
            wait_for_url(b, "/paths.html?highlight=libpaths#library-search-path").await;
            let marked = wait_for_js(
            b,
            "const m = document.querySelector('mark.search-hit'); return m && m.parentElement.outerHTML",
        )
        .await;
            assert_eq!(
                marked,
                "<code>.<mark class=\"search-hit\">libPaths</mark>()</code>"
            );
            // The link next to it still works: highlighting only wraps text.
            assert_eq!(
            b.js("return document.querySelector('#content a[href=\"deploys.html\"]').textContent")
                .await,
            "the deploy notes"
        );
            b.screenshot("search-arrival").await;
        },
    );
}

async fn wait_for_url(b: &Browser, suffix: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let url = b.client.current_url().await.unwrap().to_string();
        if url.ends_with(suffix) || (suffix.ends_with('=') && url.contains(suffix)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "still at {url}, expected …{suffix}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Polls `script` until it returns something other than null; returns it.
async fn wait_for_js(b: &Browser, script: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let value = b.js(script).await;
        if !value.is_null() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out: {script}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[test]
fn search_filters_quiz_prompts_and_checklists_by_kind() {
    in_browser(
        "search_filters_quiz_prompts_and_checklists_by_kind",
        search_site(),
        "/",
        "deploys.html",
        async |b, _| {
            let all = search(b, "reflog").await;
            let kinds: Vec<&str> = all.iter().map(|r| r.0.as_str()).collect();
            assert!(titles(&all).contains(&"Deploys"), "{all:?}");
            assert!(
                titles(&all).contains(&"Quiz · Package paths"),
                "{kinds:?} {all:?}"
            );
            b.click("#search-panel button[data-kind=quiz]").await;
            assert_eq!(
            b.js("return document.querySelector('#search-panel button[data-kind=quiz]').getAttribute('aria-pressed')")
                .await,
            "true"
        );
            let deadline = Instant::now() + Duration::from_secs(10);
            let quiz = loop {
                let r = wait_for_results(b, "reflog").await;
                if r.len() == 2 || Instant::now() > deadline {
                    break r;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            };
            let row = |class: &str, title: &str, href: &str| {
                (class.to_string(), title.to_string(), href.to_string())
            };
            assert_eq!(
            quiz,
            [
                row(
                    "search-main",
                    "Quiz · Package paths",
                    "/paths.html?highlight=reflog#quiz-paths-reflog"
                ),
                row(
                    "search-sub",
                    "Which log records where each branch tip has been? · The reflog · The stash · The index",
                    "/paths.html?highlight=reflog#quiz-paths-reflog-1"
                ),
            ]
        );
            assert_eq!(
                b.js("return document.querySelector('#search-results > li').className")
                    .await,
                "search-result search-quiz"
            );
            b.screenshot("search-quiz-filter").await;
            b.click("#search-panel button[data-kind=checklist]").await;
            let checklist = search(b, "rollback").await;
            let item = b
            .js("return [...document.querySelectorAll('ul.checklist label')].find(l => l.textContent.startsWith('Rollback')).htmlFor")
            .await;
            assert_eq!(
                checklist,
                [
                    row(
                        "search-main",
                        "Checklist: before a release · Deploys",
                        "/deploys.html?highlight=rollback#checklist-before-a-release"
                    ),
                    row(
                        "search-sub",
                        "Rollback steps are written down.",
                        &format!(
                            "/deploys.html?highlight=rollback#{}",
                            item.as_str().unwrap()
                        )
                    ),
                ]
            );
        },
    );
}

#[test]
fn every_record_carries_its_kind_and_its_part_when_the_chapter_is_in_one() {
    let fixture = Fixture::new(&[
        ("handbook.toml", CONFIG),
        ("SUMMARY.md", SUMMARY),
        ("README.md", "# Welcome\n\nStart here.\n"),
        ("paths.md", PATHS),
        ("deploys.md", DEPLOYS),
        ("ru.md", RU),
    ]);
    let built = skillbook::build_parts(&fixture.options()).unwrap();
    let records: Vec<String> = skillbook::search::records(&built.book, &built.chapters)
        .iter()
        .map(|r| format!("{} {} {:?}", r.kind.name(), r.url, r.part))
        .collect();
    assert_eq!(
        records,
        [
            "chapter index.html None",
            "chapter paths.html Some(\"Operations\")",
            "quiz paths.html#quiz-paths-reflog Some(\"Operations\")",
            "chapter deploys.html Some(\"Operations\")",
            "checklist deploys.html#checklist-before-a-release Some(\"Operations\")",
            "chapter ru.html Some(\"Languages\")",
        ]
    );
}

#[test]
fn search_finds_cyrillic_words_hyphenated_terms_code_written_differently_and_titles_first() {
    in_browser(
        "search_finds_cyrillic_words_hyphenated_terms_code_written_differently_and_titles_first",
        search_site(),
        "/",
        "index.html",
        async |b, _| {
            assert_eq!(titles(&search(b, "сервер").await)[0], "Серверы");
            assert_eq!(titles(&search(b, "очередь").await)[0], "Серверы");
            assert_eq!(titles(&search(b, "A-B").await)[0], "Deploys");
            assert_eq!(titles(&search(b, ".libPaths()").await)[0], "Package paths");
            assert_eq!(titles(&search(b, "LIBPATHS").await)[0], "Package paths");
            // "Read first: Package paths" on the Deploys page is navigation, not text.
            let package = search(b, "package").await;
            assert!(!titles(&package).contains(&"Deploys"), "{package:?}");
            // A chapter's title weighs more than words in another chapter's body.
            let deploys = search(b, "deploys").await;
            assert_eq!(deploys[0].1, "Deploys", "{deploys:?}");
            assert!(titles(&deploys).contains(&"Package paths"), "{deploys:?}");
        },
    );
}

#[test]
fn search_finds_japanese_words_inside_a_sentence() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"手引き\"\nlanguage = \"ja\"\n"),
        (
            "tokyo.md",
            "# 首都について\n\n東京は日本の首都であり、多くの企業の本社が集まっています。\n",
        ),
        ("kyoto.md", "# 古都\n\n京都には古い寺がたくさんあります。\n"),
    ])
    .site();
    in_browser(
        "search_finds_japanese_words_inside_a_sentence",
        site,
        "/",
        "kyoto.html",
        async |b, _| {
            assert_eq!(titles(&search(b, "本社").await), ["首都について"]);
            assert_eq!(titles(&search(b, "寺").await), ["古都"]);
        },
    );
}

#[test]
fn sharp_s_full_width_letters_and_ligatures_were_not_found_by_the_letters_they_stand_for() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"Handbuch\"\nlanguage = \"de\"\n"),
        (
            "strasse.md",
            "# Die Straße\n\nJede Straße hat einen Namen.\n",
        ),
        (
            "breit.md",
            "# Breite Zeichen\n\nDer Dienst ＮＯＤＥ läuft.\n",
        ),
        ("ligatur.md", "# Ligaturen\n\nDie ﬁnale Fassung.\n"),
        ("greek.md", "# Griechisch\n\nΣΑΣ.ΚΑΙ steht dort.\n"),
    ])
    .site();
    in_browser(
        "sharp_s_full_width_letters_and_ligatures_were_not_found_by_the_letters_they_stand_for",
        site,
        "/",
        "strasse.html",
        async |b, _| {
            assert_eq!(titles(&search(b, "strasse").await), ["Die Straße"]);
            assert_eq!(titles(&search(b, "STRASSE").await), ["Die Straße"]);
            assert_eq!(titles(&search(b, "Straße").await), ["Die Straße"]);
            assert_eq!(titles(&search(b, "node").await), ["Breite Zeichen"]);
            assert_eq!(titles(&search(b, "ｎｏｄｅ").await), ["Breite Zeichen"]);
            assert_eq!(titles(&search(b, "finale").await), ["Ligaturen"]);
            // Final sigma is sigma: the index lowered `ΣΑΣ.ΚΑΙ` as one word (σ), a query `σας`.
            assert_eq!(titles(&search(b, "σας").await), ["Griechisch"]);
        },
    );
}

#[test]
fn an_excerpt_of_text_without_spaces_was_thirty_whole_paragraphs() {
    // Forty paragraphs of Japanese, one naming the word: an excerpt counted its thirty words in
    // runs between spaces, and each paragraph is one such run.
    let filler = "京都には古い寺がたくさんあります。".repeat(6);
    let mut paragraphs = vec![filler.as_str(); 40];
    paragraphs[20] = "東京は日本の首都であり、多くの企業の本社が集まっています。";
    let chapter = format!("# 概要\n\n{}\n", paragraphs.join("\n\n"));
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"手引き\"\nlanguage = \"ja\"\n"),
        ("tokyo.md", chapter.as_str()),
    ])
    .site();
    in_browser(
        "an_excerpt_of_text_without_spaces_was_thirty_whole_paragraphs",
        site,
        "/",
        "tokyo.html",
        async |b, _| {
            assert_eq!(titles(&search(b, "本社").await), ["概要"]);
            let excerpt = b
                .js("return document.querySelector('#search-r0 .search-excerpt').innerHTML")
                .await
                .as_str()
                .unwrap_or_default()
                .to_string();
            assert!(
                excerpt.starts_with('…') && excerpt.ends_with(" …"),
                "{excerpt}"
            );
            assert!(
                excerpt.contains("多くの企業の<mark>本社</mark>が集まっています。"),
                "{excerpt}"
            );
            let shown = b
                .js("return document.querySelector('#search-r0 .search-excerpt').textContent")
                .await
                .as_str()
                .unwrap_or_default()
                .to_string();
            assert!(
                shown.chars().count() <= 403,
                "{} characters",
                shown.chars().count()
            );
        },
    );
}

#[test]
fn search_keyboard_flow_slash_focuses_arrows_move_escape_closes() {
    in_browser(
        "search_keyboard_flow_slash_focuses_arrows_move_escape_closes",
        search_site(),
        "/",
        "deploys.html",
        async |b, _| {
            let focused = "return document.activeElement.id";
            // From a checklist's checkbox too: only text fields keep `/`. `s` is no shortcut: it
            // fired from checkboxes with no way to turn it off.
            b.js("document.querySelector('ul.checklist input').focus()")
                .await;
            b.keys("s").await;
            assert_ne!(b.js(focused).await, "search-input");
            b.keys("/").await;
            assert_eq!(b.js(focused).await, "search-input");
            b.js("document.getElementById('content').focus()").await;
            b.keys("/").await;
            assert_eq!(b.js(focused).await, "search-input");
            assert_eq!(
                b.js("return document.getElementById('search-input').value")
                    .await,
                ""
            );
            b.keys(Key::Escape.to_string().as_str()).await;
            assert_ne!(
                b.js(focused).await,
                "search-input",
                "Esc on an empty box leaves it"
            );
            b.keys("/").await;
            assert_eq!(b.js(focused).await, "search-input");
            b.keys("packages").await;
            let results = wait_for_results(b, "packages").await;
            assert!(results.len() >= 2, "{results:?}");
            let selected =
                "return document.querySelector('#search-results a[aria-selected=true]').id";
            assert_eq!(b.js(selected).await, "search-r0");
            b.keys(Key::Down.to_string().as_str()).await;
            let second = b.js(selected).await;
            assert_ne!(second, "search-r0");
            assert_eq!(
            b.js("return document.getElementById('search-input').getAttribute('aria-activedescendant')")
                .await,
            second
        );
            b.keys(Key::Up.to_string().as_str()).await;
            assert_eq!(b.js(selected).await, "search-r0");
            b.keys(Key::Up.to_string().as_str()).await;
            assert_ne!(
                b.js(selected).await,
                "search-r0",
                "Up from the first wraps to the last"
            );
            b.keys(Key::Escape.to_string().as_str()).await;
            assert_eq!(
                b.js("return document.getElementById('search-panel').hidden")
                    .await,
                true
            );
            assert_eq!(
                b.js(focused).await,
                "search-input",
                "the first Esc only closes the panel"
            );
            // Typing "/" in the box is text, not a shortcut.
            assert_eq!(
                b.js("return document.getElementById('search-input').value")
                    .await,
                "packages"
            );
            b.keys(Key::Down.to_string().as_str()).await;
            wait_for_results(b, "packages").await;
            // Focus moving out of the search box and its panel closes the panel; focus coming back
            // reopens it as it was.
            b.js("document.querySelector('#search-panel button[data-kind=quiz]').focus()")
                .await;
            let hidden = "return document.getElementById('search-panel').hidden";
            assert_eq!(b.js(hidden).await, false);
            b.keys(Key::Escape.to_string().as_str()).await;
            assert_eq!(
                b.js(hidden).await,
                true,
                "Esc on a filter button closes the panel"
            );
            assert_eq!(
                b.js(focused).await,
                "search-input",
                "and returns to the box"
            );
            // A click on the box shows the results again.
            b.click("#search-input").await;
            assert_eq!(b.js(hidden).await, false);
            b.js("document.querySelector('#search-panel button[data-kind=quiz]').focus()")
                .await;
            b.js("document.querySelector('.theme-toggle').focus()")
                .await;
            assert_eq!(b.js(hidden).await, true);
            b.js("document.getElementById('search-input').focus()")
                .await;
            assert_eq!(b.js(hidden).await, false);
            assert_eq!(b.js(selected).await, "search-r0");
            b.keys(Key::Enter.to_string().as_str()).await;
            // The typed word and the page's own form of it that the search matched.
            wait_for_url(b, "/paths.html?highlight=packages&highlight=Package").await;
        },
    );
}

#[test]
fn search_works_under_a_sub_path() {
    in_browser(
        "search_works_under_a_sub_path",
        search_site(),
        "/sub/path/",
        "deploys.html",
        async |b, server| {
            let results = search(b, "libpaths").await;
            assert_eq!(results[0].2, "/sub/path/paths.html?highlight=libpaths");
            b.keys(Key::Enter.to_string().as_str()).await;
            wait_for_url(b, "/sub/path/paths.html?highlight=libpaths").await;
            let marked = wait_for_js(
                b,
                "const m = document.querySelector('mark.search-hit'); return m && m.textContent",
            )
            .await;
            assert_eq!(marked, "libPaths");
            let missing: Vec<String> = server
                .take_log()
                .into_iter()
                .filter(|(target, _)| !target.starts_with("/sub/path/") && target != "/favicon.ico")
                .map(|(target, _)| target)
                .collect();
            assert!(
                missing.is_empty(),
                "requests outside the sub-path: {missing:?}"
            );
        },
    );
}

#[test]
fn search_shows_five_results_then_more_results_adds_the_rest() {
    let chapters: Vec<(String, String)> = (1..=12)
        .map(|n| {
            (
                format!("c{n}.md"),
                format!("# Chapter {n}\n\nEvery chapter mentions kubernetes.\n"),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> = vec![("handbook.toml", CONFIG)];
    files.extend(chapters.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let site = Fixture::new(&files).site();
    in_browser(
        "search_shows_five_results_then_more_results_adds_the_rest",
        site,
        "/",
        "c1.html",
        async |b, _| {
            let first = search(b, "kubernetes").await;
            assert_eq!(first.len(), 6, "five results and the More link: {first:?}");
            assert_eq!(first[5].1, "More results");
            let shown = |n: usize| {
                format!("const n = document.querySelectorAll('#search-results .search-main').length; return n === {n} ? n : null")
            };
            let state = "return [document.querySelectorAll('#search-more').length, document.querySelector('#search-results a[aria-selected=true]').id, document.activeElement.id]";
            // Enter on "More results" (reached with the arrow keys) adds five.
            for _ in 0..5 {
                b.keys(Key::Down.to_string().as_str()).await;
            }
            b.keys(Key::Enter.to_string().as_str()).await;
            wait_for_js(b, &shown(10)).await;
            assert_eq!(
                b.js(state).await,
                serde_json::json!([1, "search-r5", "search-input"]),
                "the first new result is selected"
            );
            // A double click on it adds the last two once; the keyboard stays in the search box.
            b.js("const m = document.getElementById('search-more'); m.click(); m.click()")
                .await;
            wait_for_js(b, &shown(12)).await;
            assert_eq!(
                b.js(state).await,
                serde_json::json!([0, "search-r10", "search-input"]),
                "the list ends there"
            );
            let ids = b
                .js("return new Set([...document.querySelectorAll('#search-results .search-main')].map(a => a.id)).size")
                .await;
            assert_eq!(ids, 12, "no result shown twice");
            assert_eq!(b.text("#search-status").await, "Results: 12");
        },
    );
}

/// The search records of a fixture handbook, by URL.
fn records(
    files: &[(&str, &str)],
) -> std::collections::BTreeMap<String, skillbook::search::Record> {
    let fixture = Fixture::new(files);
    let options = fixture.options();
    let built = skillbook::build_parts(&options).unwrap_or_else(|d| panic!("{}", d.render(false)));
    skillbook::search::records(&built.book, &built.chapters)
        .into_iter()
        .map(|r| (r.url.clone(), r))
        .collect()
}

/// A record's sections as (heading, anchor, text).
fn sections(record: &skillbook::search::Record) -> Vec<(&str, &str, &str)> {
    record
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.anchor.as_str(), s.text.as_str()))
        .collect()
}

#[test]
fn quiz_title_markup_is_indexed_as_text_not_escaped_twice() {
    let quiz = "# Ch\n\n```quiz\ntitle = \"Quiz on `Result<T, E>` & more\"\n\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Name it.\"\nanswer.answer = \"x\"\n```\n";
    let records = records(&[("handbook.toml", CONFIG), ("ch.md", quiz)]);
    let record = &records["ch.html#quiz-1"];
    assert_eq!(record.title, "Quiz on Result<T, E> & more");
}

#[test]
fn tracing_programs_and_multipart_context_are_indexed_with_their_questions() {
    let quiz = r#"# Ch

```quiz
[[questions]]
type = "Tracing"
prompt.program = "fn tapirservice() { marmoset.run() }"
answer.doesCompile = true
answer.stdout = "done"

[[questions]]
type = "ShortAnswer"
multipart = "shared"
prompt.prompt = "First part."
answer.answer = "a"

[[questions]]
type = "ShortAnswer"
multipart = "shared"
prompt.prompt = "Second part."
answer.answer = "b"

[multipart]
shared = "Context about the okapi."
```
"#;
    let records = records(&[("handbook.toml", CONFIG), ("ch.md", quiz)]);
    // Section 0 holds only the title; then one section per question, never with its answer.
    assert_eq!(
        sections(&records["ch.html#quiz-1"]),
        [
            ("", "", ""),
            (
                "",
                "quiz-1-1",
                "What happens when you run this program? · fn tapirservice() { marmoset.run() }"
            ),
            ("", "quiz-1-2", "Context about the okapi. · First part."),
            ("", "quiz-1-3", "Second part."),
        ]
    );
}

#[test]
fn highlight_on_arrival_marks_whole_words_and_terms_written_with_punctuation() {
    let text = "# Limits\n\nOur strategy: separate the rate limiter from the rate-limited path. Use `git push --force-with-lease` and `asyncio.gather` in Node.js. About a benchmark: an A/B test. हिन्दी भाषा। ປະເທດລາວ. Written in C++, C# and C.\n";
    let site = Fixture::new(&[("handbook.toml", CONFIG), ("limits.md", text)]).site();
    in_browser(
        "highlight_on_arrival_marks_whole_words_and_terms_written_with_punctuation",
        site,
        "/",
        "index.html",
        async |b, server| {
            let marks =
                "return [...document.querySelectorAll('mark.search-hit')].map(m => m.textContent)";
            let cases: [(&str, &[&str]); 9] = [
                // Whole words: never a term inside a word (strategy, separate) or starting one
                // (Limits, limiter, limited); the search's link names each form it matched.
                ("highlight=rate&highlight=limit", &["rate", "rate"]),
                ("highlight=limiter", &["limiter"]),
                (
                    "highlight=force-with-lease&highlight=asyncio.gather",
                    &["force-with-lease", "asyncio.gather"],
                ),
                ("highlight=Node.js", &["Node.js"]),
                // The parts of a punctuated term never match on their own or across a space.
                ("highlight=A/B", &["A/B"]),
                ("highlight=हिन्दी", &["हिन्दी"]),
                // Lao, like Thai, is written without spaces: a word is marked inside the text.
                ("highlight=ລາວ", &["ລາວ"]),
                ("highlight=n&highlight=a", &[]),
                // A letter with its symbols is a word (it was never marked).
                ("highlight=C%2B%2B&highlight=c%23", &["C++", "C#"]),
            ];
            for (query, expected) in cases {
                b.goto(&format!("{}limits.html?{query}", server.url)).await;
                // The marks of the page loaded for this query, once its scripts have run.
                let (want, mut got) = (serde_json::json!(expected), serde_json::Value::Null);
                let decoded = query.replace("%2B", "+").replace("%23", "#");
                let loaded = serde_json::json!([format!("?{decoded}"), "complete"]);
                for _ in 0..100 {
                    let state = b
                        .js("return [decodeURIComponent(location.search), document.readyState]")
                        .await;
                    got = b.js(marks).await;
                    if state == loaded && got == want {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                assert_eq!(got, want, "{query}");
            }
            b.goto(&format!(
                "{}limits.html?highlight=asyncio.gather",
                server.url
            ))
            .await;
            assert_eq!(
                b.js("return document.querySelector('mark.search-hit').parentElement.outerHTML")
                    .await,
                "<code><mark class=\"search-hit\">asyncio.gather</mark></code>",
                "marks sit inside inline code without breaking it"
            );
        },
    );
}

#[test]
fn enter_opens_the_first_result_of_what_was_typed_never_a_stale_or_hidden_one() {
    in_browser(
        "enter_opens_the_first_result_of_what_was_typed_never_a_stale_or_hidden_one",
        search_site(),
        "/",
        "index.html",
        async |b, _| {
            search(b, "libpaths").await;
            // Esc closes the list; Enter then shows it again instead of opening a hidden result.
            b.keys(Key::Escape.to_string().as_str()).await;
            b.keys(Key::Enter.to_string().as_str()).await;
            assert_eq!(
                b.js("return document.getElementById('search-panel').hidden")
                    .await,
                false
            );
            assert!(b
                .client
                .current_url()
                .await
                .unwrap()
                .path()
                .ends_with("/index.html"));
            // A new word and Enter at once: the new word's first result opens, not the old selection.
            b.js("const i = document.getElementById('search-input'); i.value = ''")
                .await;
            b.keys(&format!("очередь{}", Key::Enter)).await;
            wait_for_url(b, "/ru.html?highlight=").await;
        },
    );
}

#[test]
fn table_header_cells_are_indexed_as_separate_words() {
    let table = "# Ch\n\n| key | wombatdefault |\n|---|---|\n| a | b |\n";
    let records = records(&[("handbook.toml", CONFIG), ("ch.md", table)]);
    assert_eq!(
        sections(&records["ch.html"]),
        [("Ch", "", "key wombatdefault a b")]
    );
}

#[test]
fn a_search_made_before_the_index_is_served_recovers_once_it_is() {
    let site = search_site();
    let mut without = site.clone();
    without.files.retain(|p, _| !p.starts_with("search/"));
    in_browser(
        "a_search_made_before_the_index_is_served_recovers_once_it_is",
        without,
        "/",
        "index.html",
        async |b, server| {
            b.js("document.getElementById('search-input').focus()")
                .await;
            b.keys("libpaths").await;
            let status = wait_for_js(
                b,
                "const s = document.getElementById('search-status').textContent; return s || null",
            )
            .await;
            assert_eq!(
                status,
                "The search index could not be loaded; try again in a moment."
            );
            server.replace(site);
            b.keys(Key::Enter.to_string().as_str()).await;
            wait_for_url(b, "/paths.html?highlight=libpaths").await;
        },
    );
}

/// A handbook whose words come in several forms, near-misses and ranked sections.
fn forms_site() -> skillbook::Site {
    Fixture::new(&[
        ("handbook.toml", CONFIG),
        (
            "release.md",
            "# Release train\n\n## Rollouts\n\nWe deployed the service twice and mention the flamingo once.\n\n## Flamingo care\n\nFeeding the flamingo.\n",
        ),
        ("fridays.md", "# Fridays\n\nThe team deploys on Fridays.\n"),
        (
            "kube.md",
            "# Orchestration\n\nClusters run on kubernetes; every node runs a kubelet.\n",
        ),
    ])
    .site()
}

#[test]
fn search_matches_word_forms_both_ways_prefixes_while_typing_and_near_misses() {
    in_browser(
        "search_matches_word_forms_both_ways_prefixes_while_typing_and_near_misses",
        forms_site(),
        "/",
        "index.html",
        async |b, _| {
            // Stemming both ways: each form finds the other.
            let deploys = search(b, "deploys").await;
            assert!(titles(&deploys).contains(&"Release train"), "{deploys:?}");
            let deployed = search(b, "deployed").await;
            assert!(titles(&deployed).contains(&"Fridays"), "{deployed:?}");
            // The arrival marks the page's own form of the word.
            assert!(
                deploys
                    .iter()
                    .any(|r| r.2 == "/release.html?highlight=deploys&highlight=deployed#rollouts"),
                "{deploys:?}"
            );
            // The last word is a prefix while typing; a finished word before it is not.
            assert_eq!(titles(&search(b, "kubern").await), ["Orchestration"]);
            assert_eq!(titles(&search(b, "clusters kub").await), ["Orchestration"]);
            // A word of five letters or more that is nowhere: its neighbours one edit away,
            // and the box says so.
            assert_eq!(titles(&search(b, "kubernetse").await), ["Orchestration"]);
            assert_eq!(
                b.text("#search-status").await,
                "Showing results for “kubernetes”. Results: 1"
            );
            // One that starts with a shorter word of the handbook: that word, and the box says so
            // too.
            assert_eq!(titles(&search(b, "nodejs").await), ["Orchestration"]);
            assert_eq!(
                b.text("#search-status").await,
                "Showing results for “node”. Results: 1"
            );
            // Shorter words are not guessed.
            b.js("const i = document.getElementById('search-input'); i.value = ''; i.focus()")
                .await;
            b.keys("tean ").await;
            let status = wait_for_js(
                b,
                "return document.getElementById('search-results').dataset.query === 'tean' ? document.getElementById('search-status').textContent : null",
            )
            .await;
            assert_eq!(status, "No results for “tean”.");
        },
    );
}

/// A chapter whose one paragraph is 2 MB of words, every other one the query's, and another form
/// of it only at the very end.
fn huge_paragraph_site() -> skillbook::Site {
    let paragraph = "quokka hops, quokka naps. ".repeat(80_000);
    let island = format!(
        "# Island survey\n\nOne quokka was counted first. {paragraph}Then the quokkas left.\n"
    );
    Fixture::new(&[
        ("handbook.toml", CONFIG),
        (
            "ferry.md",
            "# Ferry\n\nThe ferry to the island leaves at nine.\n",
        ),
        ("island.md", &island),
    ])
    .site()
}

#[test]
fn a_two_megabyte_paragraph_full_of_the_query_word_froze_the_page_for_minutes() {
    in_browser(
        "a_two_megabyte_paragraph_full_of_the_query_word_froze_the_page_for_minutes",
        huge_paragraph_site(),
        "/",
        "index.html",
        async |b, _| {
            // Cutting the excerpt weighed every mark against every other: the page did not answer
            // WebDriver before its script timeout.
            let results = search(b, "quokka").await;
            // The words marked on arrival still come from the whole record: `quokkas` is at its
            // end.
            assert_eq!(
                results,
                [(
                    "search-main".to_string(),
                    "Island survey".to_string(),
                    "/island.html?highlight=quokka&highlight=quokkas".to_string()
                )]
            );
            // The excerpt is the most marked stretch near the first marks.
            let pair = "<mark>quokka</mark> hops, <mark>quokka</mark> naps. ";
            assert_eq!(
                b.js("return document.querySelector('#search-r0 .search-excerpt').innerHTML")
                    .await,
                format!(
                    "…<mark>quokka</mark> was counted first. {}<mark>quokka</mark> hops, …",
                    pair.repeat(6)
                )
            );
        },
    );
}

#[test]
fn a_section_whose_heading_holds_the_query_outranks_one_that_mentions_it_once() {
    in_browser(
        "a_section_whose_heading_holds_the_query_outranks_one_that_mentions_it_once",
        forms_site(),
        "/",
        "index.html",
        async |b, _| {
            let results = search(b, "flamingo").await;
            let row = |class: &str, title: &str, href: &str| {
                (class.to_string(), title.to_string(), href.to_string())
            };
            assert_eq!(
                results,
                [
                    row(
                        "search-main",
                        "Release train",
                        "/release.html?highlight=flamingo"
                    ),
                    row(
                        "search-sub",
                        "Flamingo care",
                        "/release.html?highlight=flamingo#flamingo-care"
                    ),
                    row(
                        "search-sub",
                        "Rollouts",
                        "/release.html?highlight=flamingo#rollouts"
                    ),
                ]
            );
        },
    );
}

#[test]
fn terms_with_punctuation_are_found_as_written_and_by_their_joined_form() {
    let forms = [
        ("libpaths", "R library", "Call `.libPaths()` to list them."),
        ("ab", "Experiments", "We ran an A-B comparison."),
        (
            "lease",
            "Pushing",
            "Use `git push --force-with-lease` after a rebase.",
        ),
        (
            "gather",
            "Concurrency",
            "Await `asyncio.gather` on the tasks.",
        ),
        (
            "node",
            "Runtimes",
            "The service runs on Node.js in production.",
        ),
        ("cpp", "Systems", "The engine is written in C++ for speed."),
        (
            "csharp",
            "Desktop",
            "The client is written in C# on Windows.",
        ),
        (
            "cicd",
            "Delivery",
            "Every merge goes through the CI/CD pipeline.",
        ),
    ];
    let pages: Vec<(String, String)> = forms
        .iter()
        .map(|(file, title, text)| (format!("{file}.md"), format!("# {title}\n\n{text}\n")))
        .collect();
    let mut files: Vec<(&str, &str)> = vec![("handbook.toml", CONFIG)];
    files.extend(pages.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let site = Fixture::new(&files).site();
    in_browser(
        "terms_with_punctuation_are_found_as_written_and_by_their_joined_form",
        site,
        "/",
        "index.html",
        async |b, _| {
            let cases = [
                (".libPaths()", "R library"),
                ("libpaths", "R library"),
                ("A-B", "Experiments"),
                ("force-with-lease", "Pushing"),
                ("forcewithlease", "Pushing"),
                ("asyncio.gather", "Concurrency"),
                ("asynciogather", "Concurrency"),
                ("Node.js", "Runtimes"),
                ("nodejs", "Runtimes"),
                ("C++", "Systems"),
                ("C#", "Desktop"),
                ("CI/CD", "Delivery"),
                ("cicd", "Delivery"),
            ];
            for (query, title) in cases {
                assert_eq!(titles(&search(b, query).await), [title], "{query}");
            }
        },
    );
}

#[test]
fn search_works_in_a_site_opened_from_disk() {
    let Some(_lock) = crate::web::browser_lock("search_works_in_a_site_opened_from_disk") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    skillbook::write::write(&search_site(), &out).unwrap();
    let root = format!("file://{}/", out.display());
    crate::web::run_async(async {
        let b = Browser::start(1280, 900).await;
        b.goto(&format!("{root}deploys.html")).await;
        let results = search(&b, "libpaths").await;
        assert_eq!(results[0].1, "Package paths", "{results:?}");
        b.keys(Key::Enter.to_string().as_str()).await;
        wait_for_url(&b, "/paths.html?highlight=libpaths").await;
        let marked = wait_for_js(
            &b,
            "const m = document.querySelector('mark.search-hit'); return m && m.textContent",
        )
        .await;
        assert_eq!(marked, "libPaths");
        b.finish().await;
    });
}

#[test]
fn serve_finds_an_edited_word_right_after_the_reload() {
    let Some(_lock) = crate::web::browser_lock("serve_finds_an_edited_word_right_after_the_reload")
    else {
        return;
    };
    let fixture = Fixture::new(&[
        ("handbook.toml", CONFIG),
        ("one.md", "# One\n\nFirst version.\n"),
        ("two.md", "# Two\n\nSecond chapter.\n"),
    ]);
    let server = fixture.serve("/");
    crate::web::run_async(async {
        let b = Browser::start(1280, 900).await;
        b.goto(&format!("{}two.html", server.url)).await;
        assert_eq!(titles(&search(&b, "first").await), ["One"]);
        let generation = server.generation();
        fixture.write("one.md", "# One\n\nNow about the quokkaword.\n");
        let deadline = Instant::now() + Duration::from_secs(10);
        while server.generation() == generation {
            assert!(Instant::now() < deadline, "no rebuild");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // The live reload, then the first search.
        b.goto(&format!("{}two.html", server.url)).await;
        assert_eq!(titles(&search(&b, "quokkaword").await), ["One"]);
        b.finish().await;
    });
}
