//! The skills map, "Next up" and the progress chart in a real browser (headless Chromium through
//! WebDriver), coloured from progress saved by the chapter pages themselves. Skipped (with a
//! message) without Chromium, except under CI.

use std::time::Duration;

use fantoccini::key::Key;

use crate::support::{in_browser, Browser, Fixture};

/// Setup (two checklist items) ← Basics (one item and a one-question quiz) ← Deploy (one item);
/// Notes has nothing to tick and needs nothing.
fn path_book() -> Fixture {
    Fixture::new(&[
        ("handbook.toml", "title = \"Path\"\n"),
        ("SUMMARY.md", "# Summary\n\n[Home](README.md)\n\n- [Setup](setup.md)\n- [Basics](basics.md)\n- [Deploy](deploy.md)\n- [Notes](notes.md)\n"),
        ("README.md", "# Path\n\nWelcome.\n"),
        ("setup.md", "+++\ntime-estimate = 10\n+++\n# Setup\n\n- [ ] Install\n- [ ] Configure\n"),
        (
            "basics.md",
            "+++\nprerequisites = [\"setup.md\"]\n+++\n# Basics\n\n- [ ] Read\n\n```quiz\n[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Pick one\"\nprompt.distractors = [\"No\"]\nanswer.answer = \"Yes\"\n```\n",
        ),
        ("deploy.md", "+++\nprerequisites = [\"basics.md\"]\n+++\n# Deploy\n\n- [ ] Ship\n"),
        ("notes.md", "# Notes\n\nNothing to tick.\n"),
    ])
}

/// Each map node's page and status, in node order.
async fn statuses(b: &Browser) -> Vec<(String, String)> {
    let value = b
        .js("return [...document.querySelectorAll('.map-node')].map(a => [a.dataset.page, a.dataset.status || ''])")
        .await;
    serde_json::from_value(value).unwrap()
}

async fn open(b: &Browser, base: &str, page: &str) {
    b.goto(&format!("{base}{page}")).await;
}

/// Ticks every box on the page whose label contains one of `labels`, through the page itself.
async fn tick(b: &Browser, labels: &[&str]) {
    for label in labels {
        b.choose(".checklist", label).await;
    }
}

#[test]
fn skills_map_nodes_are_coloured_from_saved_progress() {
    in_browser(
        "skills_map_nodes_are_coloured_from_saved_progress",
        path_book().site(),
        "/",
        "skills.html",
        async |b, server| {
            let base = &server.url;
            assert_eq!(
                statuses(b).await,
                [
                    ("setup.html".into(), "todo".into()),
                    ("basics.html".into(), "todo".into()),
                    ("deploy.html".into(), "todo".into()),
                    ("notes.html".into(), "todo".into())
                ]
            );
            assert_eq!(
                b.js("return document.querySelector('.map-legend').hidden")
                    .await,
                false
            );
            // Setup: every box ticked. Basics: opened, one box ticked, quiz not answered. Notes:
            // opened (nothing to tick, so that finishes it). Deploy: never opened.
            open(b, base, "setup.html").await;
            tick(b, &["Install", "Configure"]).await;
            open(b, base, "basics.html").await;
            tick(b, &["Read"]).await;
            open(b, base, "notes.html").await;
            open(b, base, "skills.html").await;
            assert_eq!(
                statuses(b).await,
                [
                    ("setup.html".into(), "done".into()),
                    ("basics.html".into(), "progress".into()),
                    ("deploy.html".into(), "todo".into()),
                    ("notes.html".into(), "done".into())
                ]
            );
            assert_eq!(
                b.find("#map-node-1")
                    .await
                    .attr("aria-label")
                    .await
                    .unwrap()
                    .as_deref(),
                Some("Basics. Read first: Setup. In progress.")
            );
            assert_eq!(
                b.text(".path-item[data-page='setup.html'] .path-status")
                    .await,
                "Done"
            );
            let fill = b
                .js("return getComputedStyle(document.querySelector('#map-node-0 .map-box')).stroke")
                .await;
            assert_ne!(
                fill,
                b.js("return getComputedStyle(document.querySelector('#map-node-2 .map-box')).stroke")
                    .await,
                "done and not started look different"
            );
            // Answering the quiz finishes Basics.
            open(b, base, "basics.html").await;
            b.choose(".quiz-question", "Yes").await;
            b.click(".quiz-check").await;
            open(b, base, "skills.html").await;
            assert_eq!(statuses(b).await[1].1, "done");
        },
    );
}

#[test]
fn next_up_follows_saved_progress_along_the_prerequisites() {
    in_browser(
        "next_up_follows_saved_progress_along_the_prerequisites",
        path_book().site(),
        "/",
        "index.html",
        async |b, server| {
            let base = &server.url;
            let next = async || b.text(".next-up-chapter").await;
            assert_eq!(next().await, "Setup 10 min");
            // For a new reader the box stays below the welcome text.
            assert_eq!(
                b.js("return document.querySelector('.next-up').previousElementSibling.tagName")
                    .await,
                "P"
            );
            open(b, base, "setup.html").await;
            tick(b, &["Install"]).await;
            open(b, base, "index.html").await;
            assert_eq!(
                next().await,
                "Setup 10 min In progress",
                "started, not finished"
            );
            assert_eq!(
                b.js("return document.querySelector('.next-up').previousElementSibling.tagName")
                    .await,
                "H1",
                "a returning reader sees it under the title"
            );
            open(b, base, "setup.html").await;
            tick(b, &["Configure"]).await;
            open(b, base, "index.html").await;
            assert_eq!(next().await, "Basics", "Setup done: Basics is ready");
            assert_eq!(
                b.find(".next-up-chapter a")
                    .await
                    .attr("href")
                    .await
                    .unwrap()
                    .as_deref(),
                Some("basics.html")
            );
            open(b, base, "basics.html").await;
            tick(b, &["Read"]).await;
            b.choose(".quiz-question", "Yes").await;
            b.click(".quiz-check").await;
            open(b, base, "deploy.html").await;
            tick(b, &["Ship"]).await;
            open(b, base, "index.html").await;
            assert_eq!(
                next().await,
                "Notes",
                "Notes needs nothing and is not opened yet"
            );
            open(b, base, "notes.html").await;
            open(b, base, "index.html").await;
            assert_eq!(next().await, "You have finished every chapter.");
        },
    );
}

#[test]
fn skills_map_works_from_the_keyboard() {
    in_browser(
        "skills_map_works_from_the_keyboard",
        path_book().site(),
        "/",
        "skills.html",
        async |b, _| {
            let focused = async || {
                b.js("return document.activeElement.id || document.activeElement.tagName")
                    .await
            };
            // From the sidebar's last link, Tab reaches the map's first chapter: nothing else
            // on the page comes before it.
            b.js("document.querySelector('.toc-tools li:last-child a').focus()")
                .await;
            b.keys(&Key::Tab.to_string()).await;
            assert_eq!(focused().await, "map-node-0");
            assert_eq!(
                b.js("return getComputedStyle(document.querySelector('#map-node-0 .map-box')).strokeWidth").await,
                "3px",
                "the focused chapter is outlined"
            );
            // Right follows an arrow out, left one in; down moves within the column.
            b.keys(&Key::Right.to_string()).await;
            assert_eq!(focused().await, "map-node-1");
            b.keys(&Key::Right.to_string()).await;
            assert_eq!(focused().await, "map-node-2");
            b.keys(&Key::Right.to_string()).await;
            assert_eq!(focused().await, "map-node-2", "no arrow out of Deploy");
            b.keys(&Key::Left.to_string()).await;
            assert_eq!(focused().await, "map-node-1");
            b.keys(&Key::Left.to_string()).await;
            b.keys(&Key::Down.to_string()).await;
            assert_eq!(focused().await, "map-node-3", "Notes sits under Setup");
            b.keys(&Key::Up.to_string()).await;
            assert_eq!(focused().await, "map-node-0");
            assert_eq!(
                b.js("return [...document.querySelectorAll('.map-edge.is-near')].length")
                    .await,
                1,
                "the arrows of the focused chapter stand out"
            );
            // Enter opens the chapter.
            b.keys(&Key::Right.to_string()).await;
            b.keys(&Key::Enter.to_string()).await;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let url = b.client.current_url().await.unwrap();
            assert!(url.as_str().ends_with("/basics.html"), "{url}");
        },
    );
}

/// Saves answers to the first `arguments[0]` questions of each quiz on the page (every second
/// one wrong), as quiz.js would.
const ANSWER: &str = r#"
    for (const form of document.querySelectorAll('form.quiz')) {
      const answers = {};
      form.querySelectorAll('.quiz-question').forEach((q, i) => { if (i < arguments[0]) answers[i] = { ok: i % 2 === 0, checked: true }; });
      skillbook.store.set('quiz:' + document.body.dataset.path + '#' + form.dataset.quiz, { hash: form.dataset.hash, answers });
    }"#;

/// Screenshots of the bundled handbook's skills map and progress page with some progress, at
/// desktop and phone width, light and dark, under `target/screenshots/`.
#[test]
fn skills_map_and_progress_page_screenshots() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("handbook");
    let options = skillbook::load::LoadOptions {
        root,
        ..Default::default()
    };
    let site = skillbook::build_site(&options).expect("the handbook builds");
    in_browser(
        "skills_map_and_progress_page_screenshots",
        site,
        "/",
        "01-the-sde2-role.html",
        async |b, server| {
            let base = &server.url;
            // The first chapter finished, the second half done, the Git chapter opened.
            b.js("document.querySelectorAll('input.task').forEach(x => x.click())")
                .await;
            b.js_with(ANSWER, vec![99.into()]).await;
            open(b, base, "02-languages-and-api-design.html").await;
            b.js(
                "[...document.querySelectorAll('input.task')].slice(0, 2).forEach(x => x.click())",
            )
            .await;
            b.js_with(ANSWER, vec![3.into()]).await;
            open(b, base, "09-git.html").await;
            b.client.set_window_size(1280, 900).await.unwrap();
            open(b, base, "index.html").await;
            b.screenshot("home-next-up-desktop-light").await;
            for (page, name) in [("skills.html", "skills-map"), ("progress.html", "progress")] {
                for dark in [false, true] {
                    let theme = if dark { "dark" } else { "light" };
                    b.js(&format!(
                        "localStorage.setItem('skillbook-theme', '{theme}')"
                    ))
                    .await;
                    for (width, height, size) in [(1280, 900, "desktop"), (390, 844, "phone")] {
                        b.client.set_window_size(width, height).await.unwrap();
                        open(b, base, page).await;
                        tokio::time::sleep(Duration::from_millis(300)).await;
                        if page == "progress.html" {
                            b.js("document.querySelector('.progress-chart').scrollIntoView()")
                                .await;
                        } else {
                            b.js("document.querySelector('.map-legend').scrollIntoView()")
                                .await;
                        }
                        b.screenshot(&format!("{name}-{size}-{theme}")).await;
                        assert_eq!(
                            b.js("return document.documentElement.scrollWidth <= document.documentElement.clientWidth").await,
                            true,
                            "{page} at {size} width never scrolls sideways (only the map does)"
                        );
                    }
                }
            }
            // The chart is drawn, grouped by part.
            assert!(
                b.js("return document.querySelectorAll('.chart-row:not(.chart-head)').length")
                    .await
                    .as_u64()
                    .unwrap()
                    >= 11
            );
            assert_eq!(
                b.js("return document.querySelector('.progress-chart').hidden")
                    .await,
                false
            );
        },
    );
}
