//! What a reader expects of the page around the content, in headless Chromium: copy buttons,
//! "On this page" following the scroll, the theme switch, ← → between chapters, the sidebar
//! (labels, folding parts, the phone menu), keyboard-scrollable code, and the screenshots of a
//! chapter with an answered quiz at phone and desktop width in both themes.

use std::time::Duration;

use fantoccini::key::Key;

use crate::a11y::{answer_quiz, showcase};
use crate::support::{browser_lock, in_browser, run_async, Browser, Server};

/// A code block with lines hidden as mdBook marks them, for the copy button.
const HIDDEN: &str = "\n\n<pre class=\"code\" id=\"hidden\"><code>fn main() {\n<span class=\"boring\">    setup();\n</span>    run();\n<span class=\"hidden-line\">    cleanup();\n</span>}\n</code></pre>\n";

#[test]
fn the_copy_button_copies_code_without_hidden_lines_or_prompts() {
    let fixture = showcase();
    fixture.write(
        "practice.md",
        &format!("# Working together\n\nCode with hidden lines:{HIDDEN}"),
    );
    in_browser(
        "the_copy_button_copies_code_without_hidden_lines_or_prompts",
        fixture.site(),
        "/",
        "basics.html",
        async |b, server| {
            let copy = "const pre = document.querySelectorAll('.chapter pre')[arguments[0]];
                 window.__copied = null;
                 Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: t => { window.__copied = t; return Promise.resolve(); } } });
                 pre.parentElement.querySelector('.copy-button').click();
                 return new Promise(r => setTimeout(() => r([window.__copied, pre.parentElement.querySelector('.copy-button').textContent]), 50));";
            let first = b.js_with(copy, vec![0.into()]).await;
            assert_eq!(
                first[0],
                "// A comment.\nfn main() {\n    let greeting = \"hello\";\n    println!(\"{greeting} {}\", 42);\n}"
            );
            assert_eq!(first[1], "Copied");
            let session = b.js_with(copy, vec![2.into()]).await;
            assert_eq!(
                session[0], "cargo run",
                "a terminal session copies its commands, without prompt or output"
            );
            assert_eq!(
                b.js("return document.querySelectorAll('.quiz pre + .copy-button, .code-block .code-block').length").await,
                0
            );
            b.goto(&format!("{}practice.html", server.url)).await;
            let hidden = b.js_with(copy, vec![0.into()]).await;
            assert_eq!(hidden[0], "fn main() {\n    run();\n}");
        },
    );
}

#[test]
fn wide_code_blocks_and_tables_are_tab_stops_and_narrow_ones_are_not() {
    in_browser(
        "wide_code_blocks_and_tables_are_tab_stops_and_narrow_ones_are_not",
        showcase().site(),
        "/",
        "basics.html",
        async |b, _| {
            let stops =
                "return [...document.querySelectorAll('.chapter pre')].map(p => p.tabIndex)";
            assert_eq!(b.js(stops).await, serde_json::json!([-1, 0, -1]));
            b.client.set_window_size(390, 844).await.unwrap();
            tokio::time::sleep(Duration::from_millis(400)).await; // the resize is debounced
            let narrow = b.js(stops).await;
            assert_eq!(narrow[1], 0, "{narrow}");
        },
    );
}

#[test]
fn on_this_page_marks_the_section_in_view_and_folds_on_phones() {
    in_browser(
        "on_this_page_marks_the_section_in_view_and_folds_on_phones",
        showcase().site(),
        "/",
        "basics.html",
        async |b, _| {
            let active = "return [...document.querySelectorAll('.page-toc a.active')].map(a => a.textContent + '|' + a.getAttribute('aria-current'))";
            b.client.set_window_size(1366, 800).await.unwrap();
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert_eq!(
                b.js("return document.querySelector('.page-toc details').open")
                    .await,
                true
            );
            b.js("document.getElementById('tables').scrollIntoView(); window.scrollBy(0, -10)")
                .await;
            tokio::time::sleep(Duration::from_millis(150)).await;
            assert_eq!(b.js(active).await, serde_json::json!(["Tables|location"]));
            b.js("window.scrollTo(0, document.documentElement.scrollHeight)")
                .await;
            tokio::time::sleep(Duration::from_millis(150)).await;
            assert_eq!(
                b.js(active).await,
                serde_json::json!(["Smaller heading|location"])
            );
            // On a phone the contents are folded above the chapter, one tap away.
            b.client.set_window_size(390, 844).await.unwrap();
            tokio::time::sleep(Duration::from_millis(200)).await;
            b.js("window.scrollTo(0, 0)").await;
            assert_eq!(
                b.js("return document.querySelector('.page-toc details').open")
                    .await,
                false
            );
            b.click(".page-toc summary").await;
            b.click(".page-toc a[href='#callouts']").await;
            tokio::time::sleep(Duration::from_millis(150)).await;
            assert_eq!(
                b.js("return location.hash").await,
                "#callouts",
                "a link in the folded list is reachable and works"
            );
        },
    );
}

#[test]
fn the_sidebar_slid_under_the_header_at_the_bottom_of_a_page() {
    in_browser(
        "the_sidebar_slid_under_the_header_at_the_bottom_of_a_page",
        showcase().site(),
        "/",
        "basics.html",
        async |b, _| {
            b.client.set_window_size(1280, 800).await.unwrap();
            tokio::time::sleep(Duration::from_millis(200)).await;
            let tops = "return [document.querySelector('.site-header').getBoundingClientRect().bottom, document.querySelector('.sidebar').getBoundingClientRect().top, document.querySelector('.site-footer').getBoundingClientRect().top < innerHeight]";
            b.js("window.scrollTo(0, document.documentElement.scrollHeight)")
                .await;
            tokio::time::sleep(Duration::from_millis(150)).await;
            let shown = b.js(tops).await;
            // The footer is in view and the sidebar still starts right below the header.
            assert_eq!(shown[2], true, "{shown}");
            assert_eq!(shown[0], shown[1], "{shown}");
        },
    );
}

#[test]
fn arrow_keys_open_the_previous_and_next_chapter_but_not_while_typing() {
    in_browser(
        "arrow_keys_open_the_previous_and_next_chapter_but_not_while_typing",
        showcase().site(),
        "/",
        "quiz.html",
        async |b, server| {
            let path = "return location.pathname";
            b.js("document.querySelector('.quiz-text').focus()").await;
            b.keys(&Key::Right.to_string()).await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert_eq!(b.js(path).await, "/quiz.html", "typing keeps the page");
            // A checked answer moves the focus to its feedback, inside the quiz: the arrows a
            // reader was using on its options do not leave the page.
            b.choose("#quiz-verb-1", "DELETE").await;
            b.click("#quiz-verb-1 .quiz-check").await;
            assert_eq!(
                b.js("return document.activeElement.className").await,
                "quiz-feedback"
            );
            b.keys(&Key::Right.to_string()).await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert_eq!(b.js(path).await, "/quiz.html", "a quiz keeps its arrows");
            b.js("document.activeElement.blur()").await;
            b.client
                .active_element()
                .await
                .unwrap()
                .send_keys(&format!("{}{}", Key::Shift, Key::Right))
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert_eq!(b.js(path).await, "/quiz.html", "a modifier keeps the page");
            b.keys(&Key::Right.to_string()).await;
            wait_for_path(b, "/practice.html").await;
            b.keys(&Key::Left.to_string()).await;
            wait_for_path(b, "/quiz.html").await;
            // A focused code block that scrolls sideways keeps its arrow keys.
            b.goto(&format!("{}basics.html", server.url)).await;
            b.js("document.querySelectorAll('.chapter pre')[1].focus()")
                .await;
            b.keys(&Key::Right.to_string()).await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert_eq!(b.js(path).await, "/basics.html");
        },
    );
}

async fn wait_for_path(b: &Browser, want: &str) {
    for _ in 0..100 {
        if b.js("return location.pathname").await == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never reached {want}");
}

#[test]
fn the_theme_is_light_dark_or_the_systems_and_is_remembered() {
    let Some(_lock) = browser_lock("the_theme_is_light_dark_or_the_systems_and_is_remembered")
    else {
        return;
    };
    let server = Server::start(showcase().site(), "/");
    run_async(async {
        // The system asks for dark: a first visit follows it.
        let b = Browser::start_with(1280, 800, &["--force-dark-mode"]).await;
        b.goto(&format!("{}basics.html", server.url)).await;
        let state =
            "const h = document.documentElement, t = document.querySelector('.theme-toggle');
             return [h.dataset.theme, h.dataset.themeChoice, t.getAttribute('aria-label')]";
        assert_eq!(
            b.js(state).await,
            serde_json::json!(["dark", "system", "Theme: as the system"])
        );
        b.click(".theme-toggle").await;
        assert_eq!(
            b.js(state).await,
            serde_json::json!(["light", "light", "Theme: light"])
        );
        b.client.refresh().await.unwrap();
        assert_eq!(
            b.js(state).await,
            serde_json::json!(["light", "light", "Theme: light"]),
            "the choice is remembered"
        );
        b.click(".theme-toggle").await;
        assert_eq!(
            b.js(state).await,
            serde_json::json!(["dark", "dark", "Theme: dark"])
        );
        b.click(".theme-toggle").await;
        assert_eq!(
            b.js(state).await,
            serde_json::json!(["dark", "system", "Theme: as the system"])
        );
        b.finish().await;
        // A light system: "as the system" is light.
        let b = Browser::start(1280, 800).await;
        b.goto(&format!("{}basics.html", server.url)).await;
        assert_eq!(
            b.js(state).await,
            serde_json::json!(["light", "system", "Theme: as the system"])
        );
        b.finish().await;
    });
}

#[test]
fn the_sidebar_uses_summary_labels_folds_parts_and_keeps_the_current_chapter_in_view() {
    let fixture = showcase();
    // Many chapters, so the current one starts below the sidebar's fold.
    let mut summary = String::from("# Summary\n\n[Welcome](README.md)\n\n# Basics\n\n- [Reading code](basics.md)\n- [Checking yourself](quiz.md)\n\n# Practice\n\n- [Working together](practice.md)\n");
    for i in 0..40 {
        fixture.write(
            &format!("more/{i:02}.md"),
            &format!("# Extra chapter {i}\n"),
        );
        summary.push_str(&format!("- [Extra {i}](more/{i:02}.md)\n"));
    }
    fixture.write("SUMMARY.md", &summary);
    fixture.write(
        "basics.md",
        "+++\ntitle = \"Reading code, the long title\"\n+++\n# Reading code\n\nText.\n",
    );
    in_browser(
        "the_sidebar_uses_summary_labels_folds_parts_and_keeps_the_current_chapter_in_view",
        fixture.site(),
        "/",
        "more/35.html",
        async |b, server| {
            assert_eq!(
                b.text("#sidebar a[href$='basics.html']").await,
                "1. Reading code",
                "SUMMARY.md's link text labels the sidebar"
            );
            assert_eq!(
                b.text("#sidebar a[href$='more/35.html']").await,
                "39. Extra 35"
            );
            assert_eq!(
                b.text(".chapter h1").await,
                "Extra chapter 35",
                "the page keeps its own heading"
            );
            let in_view = "const nav = document.getElementById('sidebar').getBoundingClientRect(), a = document.querySelector('#sidebar [aria-current=page]').getBoundingClientRect();
                 return a.top >= nav.top && a.bottom <= nav.bottom";
            assert_eq!(b.js(in_view).await, true, "the current chapter is in view");
            // Fold "Basics"; it stays folded on the next page, but never hides the current chapter.
            b.click("details[data-part='Basics'] > summary").await;
            b.goto(&format!("{}practice.html", server.url)).await;
            assert_eq!(
                b.js("return document.querySelector(\"details[data-part='Basics']\").open")
                    .await,
                false
            );
            b.goto(&format!("{}basics.html", server.url)).await;
            assert_eq!(
                b.js("return document.querySelector(\"details[data-part='Basics']\").open")
                    .await,
                true
            );
            assert_eq!(
                b.js("return document.title").await,
                "Reading code, the long title · Showcase",
                "the page title comes from the front matter"
            );
            // A generated page is marked in the sidebar as a chapter is (it was marked for
            // screen readers only: no style matched the tools list's current link).
            b.goto(&format!("{}checklists.html", server.url)).await;
            let marked = "const a = document.querySelector('#sidebar [aria-current=page]');
                 return a.textContent + '|' + getComputedStyle(a).fontWeight";
            assert_eq!(b.js(marked).await, "All checklists|600");
        },
    );
}

#[test]
fn the_phone_menu_closes_when_focus_leaves_it() {
    in_browser(
        "the_phone_menu_closes_when_focus_leaves_it",
        showcase().site(),
        "/",
        "basics.html",
        async |b, _| {
            b.client.set_window_size(390, 844).await.unwrap();
            tokio::time::sleep(Duration::from_millis(300)).await;
            b.click(".sidebar-toggle").await;
            let open = "return document.body.classList.contains('sidebar-open')";
            assert_eq!(b.js(open).await, true);
            assert_eq!(
                b.js("return document.activeElement.getAttribute('aria-current')")
                    .await,
                "page"
            );
            // Tab past the last link of the sidebar.
            b.js("const links = document.querySelectorAll('#sidebar a'); links[links.length - 1].focus()")
                .await;
            b.keys(&Key::Tab.to_string()).await;
            assert_eq!(b.js(open).await, false, "focus left: the menu closed");
            assert_eq!(
                b.js("return document.getElementById('sidebar').contains(document.activeElement)")
                    .await,
                false
            );
        },
    );
}

#[test]
fn sidebar_tool_links_are_at_least_24_px_tall() {
    in_browser(
        "sidebar_tool_links_are_at_least_24_px_tall",
        showcase().site(),
        "/",
        "basics.html",
        async |b, _| {
            let heights = b
                .js("return [...document.querySelectorAll('.toc-tools a, .toc-part')].map(a => a.getBoundingClientRect().height)")
                .await;
            let heights: Vec<f64> = heights
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h.as_f64().unwrap())
                .collect();
            assert!(heights.len() >= 6, "{heights:?}");
            assert!(heights.iter().all(|h| *h >= 24.0), "{heights:?}");
        },
    );
}

#[test]
fn edit_link_and_last_updated_date_close_the_chapter() {
    in_browser(
        "edit_link_and_last_updated_date_close_the_chapter",
        showcase().site(),
        "/",
        "basics.html",
        async |b, _| {
            assert_eq!(
                b.js("return document.querySelector('.page-edit a').href")
                    .await,
                "https://example.com/edit/main/basics.md"
            );
            assert_eq!(b.text(".page-updated").await, "Last updated 2024-05-01");
        },
    );
}

/// Phone and desktop, light and dark: a chapter with an answered quiz, as a reader sees it.
/// The pictures land in target/screenshots/ for a person to look at.
#[test]
fn screenshots_of_an_answered_quiz_at_phone_and_desktop_width_in_both_themes() {
    in_browser(
        "screenshots_of_an_answered_quiz_at_phone_and_desktop_width_in_both_themes",
        showcase().site(),
        "/",
        "quiz.html",
        async |b, _| {
            answer_quiz(b).await;
            for theme in ["light", "dark"] {
                b.js_with(
                    "localStorage.setItem('skillbook-theme', arguments[0])",
                    vec![theme.into()],
                )
                .await;
                for (width, height) in [(390, 844), (1366, 900)] {
                    b.client.set_window_size(width, height).await.unwrap();
                    b.client.refresh().await.unwrap();
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    b.js("document.querySelector('.quiz').scrollIntoView()")
                        .await;
                    let overflow = b
                        .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                        .await;
                    assert_eq!(overflow, 0, "{theme} {width}: no sideways scrolling");
                    b.screenshot(&format!("answered-quiz-{width}-{theme}"))
                        .await;
                }
            }
        },
    );
}

// Regression: a fresh reader's review page was a wall of "To do" links with the missed
// questions at the very end; a file that was not JSON was refused with a raw parse error.
#[test]
fn review_lists_missed_questions_first_and_folds_unticked_items_and_import_explains_refusals() {
    in_browser(
        "review_lists_missed_questions_first_and_folds_unticked_items_and_import_explains_refusals",
        showcase().site(),
        "/",
        "quiz.html",
        async |b, server| {
            answer_quiz(b).await;
            b.goto(&format!("{}review.html", server.url)).await;
            let outline = b
                .js("return [...document.querySelectorAll('#review-list h2, #review-list h3, #review-list summary, #review-list .review-missed a')].map(e => e.tagName + ' ' + e.textContent)")
                .await;
            assert_eq!(
                outline,
                serde_json::json!([
                    "H2 Questions you missed",
                    "H3 Checking yourself",
                    "A Checking yourself",
                    "A Which HTTP method reads a resource without changing it, when the option text is long enough to wrap onto a second line?",
                    "A What happens when you run this program?",
                    "H2 Checklist items not ticked yet",
                    "SUMMARY Working together 2 to do"
                ])
            );
            assert_eq!(
                b.js("return document.querySelector('.review-chapter').open")
                    .await,
                false,
                "unticked items start folded"
            );
            b.goto(&format!("{}progress.html", server.url)).await;
            let refused = b
                .js("try { skillbook.importProgress('{ not json'); return 'imported'; } catch (e) { return e.message; }")
                .await;
            assert_eq!(
                refused,
                "it is not a progress file exported by skillbook (it is not JSON)."
            );
        },
    );
}
