//! Checklists in a real browser (ticks kept, progress, export and import, reset) and printing to
//! PDF through WebDriver, read back with pdftotext.

use std::process::Command;

use fantoccini::wd::{PrintConfiguration, PrintSize};
use fantoccini::Locator;

use crate::support::{browser_lock, in_browser, page, run_async, Browser, Fixture, Server};

const CONFIG: (&str, &str) = ("handbook.toml", "title = \"Desk\"\n");

fn chapter(order: &[&str]) -> String {
    let items: String = order.iter().map(|i| format!("- [ ] {i}\n")).collect();
    format!("# Shipping\n\nSome text about shipping safely.\n\n## Before you ship\n\n{items}- [x] Changelog updated\n\n## After you ship\n\n- [ ] Watch the dashboards\n- [ ] Tell support\n")
}

fn site(order: &[&str]) -> skillbook::Site {
    let quiz = "# Quiz chapter\n\n```quiz\n[[questions]]\nid = \"q-one\"\ntype = \"ShortAnswer\"\nprompt.prompt = \"Say yes\"\nanswer.answer = \"yes\"\n```\n";
    Fixture::new(&[
        CONFIG,
        ("01-ship.md", &chapter(order)),
        ("02-quiz.md", quiz),
    ])
    .site()
}

const ITEMS: [&str; 3] = ["Tests pass", "Reviewed by a peer", "Feature flag off"];

async fn tick(b: &Browser, text: &str) {
    b.choose(".chapter", text).await;
}

async fn ticked(b: &Browser) -> Vec<String> {
    let v = b.js("return [...document.querySelectorAll('.chapter input.task:checked')].map(i => i.nextElementSibling.textContent.trim())").await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ticks_survive_a_reload_and_reordering_keeps_unchanged_items() {
    in_browser(
        "ticks_survive_a_reload_and_reordering_keeps_unchanged_items",
        site(&ITEMS),
        "/",
        "01-ship.html",
        async |b, server| {
            assert_eq!(
                ticked(b).await,
                ["Changelog updated"],
                "- [x] is ticked by default"
            );
            assert_eq!(b.text(".checklist-progress").await, "1/4 done");
            tick(b, "Tests pass").await;
            tick(b, "Feature flag off").await;
            assert_eq!(b.text(".checklist-progress").await, "3/4 done");
            b.client.refresh().await.unwrap();
            assert_eq!(
                ticked(b).await,
                ["Tests pass", "Feature flag off", "Changelog updated"]
            );
            // The author reorders the items and rewords one: unchanged items keep their ticks.
            server.replace(site(&[
                "Feature flag off",
                "Reviewed by a peer",
                "All tests pass",
            ]));
            b.client.refresh().await.unwrap();
            assert_eq!(ticked(b).await, ["Feature flag off", "Changelog updated"]);
        },
    );
}

#[test]
fn progress_counts_in_the_sidebar_and_on_the_progress_page() {
    in_browser(
        "progress_counts_in_the_sidebar_and_on_the_progress_page",
        site(&ITEMS),
        "/",
        "01-ship.html",
        async |b, server| {
            assert_eq!(b.text("#sidebar a[data-tasks] .toc-progress").await, "1/6");
            tick(b, "Tests pass").await;
            tick(b, "Watch the dashboards").await;
            assert_eq!(b.text("#sidebar a[data-tasks] .toc-progress").await, "3/6");
            b.goto(&format!("{}02-quiz.html", server.url)).await;
            b.type_into(".quiz-question input", "Yes").await;
            b.click(".quiz-check").await;
            b.goto(&format!("{}progress.html", server.url)).await;
            let summary = b.text("#progress-summary").await;
            assert!(summary.contains("Before you ship — 2/4 done"), "{summary}");
            assert!(summary.contains("After you ship — 1/2 done"), "{summary}");
            assert!(summary.contains("Quiz: Score: 1/1"), "{summary}");
            b.goto(&format!("{}review.html", server.url)).await;
            // Unticked items are folded under their chapter: read the text, shown or not.
            let review = b
                .js("return document.getElementById('review-list').textContent")
                .await;
            let review = review.as_str().unwrap_or_default();
            assert!(
                review.contains("Reviewed by a peer") && !review.contains("Tests pass"),
                "{review}"
            );
        },
    );
}

#[test]
fn export_then_import_in_a_fresh_profile_restores_ticks_and_answers() {
    let Some(_lock) =
        browser_lock("export_then_import_in_a_fresh_profile_restores_ticks_and_answers")
    else {
        return;
    };
    let file = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    run_async(async {
        let server = Server::start(site(&ITEMS), "/");
        let first = Browser::start(1280, 900).await;
        first.goto(&format!("{}01-ship.html", server.url)).await;
        tick(&first, "Reviewed by a peer").await;
        first.goto(&format!("{}02-quiz.html", server.url)).await;
        first.type_into(".quiz-question input", "no").await;
        first.click(".quiz-check").await;
        first.goto(&format!("{}progress.html", server.url)).await;
        let exported = first.js("return skillbook.exportProgress()").await;
        std::fs::write(file.path(), exported.as_str().unwrap()).unwrap();
        first.finish().await;

        let fresh = Browser::start(1280, 900).await;
        fresh.goto(&format!("{}01-ship.html", server.url)).await;
        assert_eq!(
            ticked(&fresh).await,
            ["Changelog updated"],
            "a fresh profile starts empty"
        );
        fresh.goto(&format!("{}progress.html", server.url)).await;
        let input = fresh
            .client
            .find(Locator::Css("#progress-import"))
            .await
            .unwrap();
        input
            .send_keys(&file.path().display().to_string())
            .await
            .unwrap();
        let mut status = String::new();
        for _ in 0..50 {
            status = fresh.text("#progress-status").await;
            if !status.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(status.starts_with("Imported "), "{status}");
        fresh.goto(&format!("{}01-ship.html", server.url)).await;
        assert_eq!(
            ticked(&fresh).await,
            ["Reviewed by a peer", "Changelog updated"]
        );
        fresh.goto(&format!("{}02-quiz.html", server.url)).await;
        assert_eq!(fresh.text(".quiz-verdict").await, "\u{2717} Incorrect");
        fresh.finish().await;
    });
}

/// Importing a progress file replaced each page's saved entry whole, so ticks and answers made
/// in this browser after the export were lost without a word. An import now merges: a tick on
/// either side stays, and an answer given here stays.
#[test]
fn an_import_wiped_progress_made_since_the_export() {
    in_browser(
        "an_import_wiped_progress_made_since_the_export",
        site(&ITEMS),
        "/",
        "01-ship.html",
        async |b, server| {
            tick(b, "Tests pass").await;
            b.goto(&format!("{}02-quiz.html", server.url)).await;
            b.type_into(".quiz-question input", "no").await;
            b.click(".quiz-check").await;
            b.goto(&format!("{}progress.html", server.url)).await;
            let exported = b.js("return skillbook.exportProgress()").await;
            // Progress made after the export.
            b.goto(&format!("{}01-ship.html", server.url)).await;
            tick(b, "Feature flag off").await;
            b.goto(&format!("{}02-quiz.html", server.url)).await;
            b.click(".quiz-retry").await;
            b.type_into(".quiz-question input", "yes").await;
            b.click(".quiz-check").await;
            assert_eq!(b.text(".quiz-verdict").await, "\u{2713} Correct");
            b.goto(&format!("{}progress.html", server.url)).await;
            let imported = b
                .js_with(
                    "return skillbook.importProgress(arguments[0])",
                    vec![exported],
                )
                .await;
            assert!(imported.as_u64().is_some_and(|n| n > 0), "{imported}");
            b.goto(&format!("{}01-ship.html", server.url)).await;
            assert_eq!(
                ticked(b).await,
                ["Tests pass", "Feature flag off", "Changelog updated"]
            );
            b.goto(&format!("{}02-quiz.html", server.url)).await;
            assert_eq!(b.text(".quiz-verdict").await, "\u{2713} Correct");
        },
    );
}

#[test]
fn reset_clears_one_checklist_or_everything() {
    in_browser(
        "reset_clears_one_checklist_or_everything",
        site(&ITEMS),
        "/",
        "01-ship.html",
        async |b, server| {
            tick(b, "Tests pass").await;
            tick(b, "Tell support").await;
            tick(b, "Changelog updated").await; // untick a default
            b.click(".checklist-bar .checklist-button").await; // the first checklist's reset
            assert_eq!(
                ticked(b).await,
                ["Changelog updated", "Tell support"],
                "only the first checklist is back to its defaults"
            );
            b.goto(&format!("{}progress.html", server.url)).await;
            b.js("window.confirm = () => true").await;
            b.click("#progress-reset").await;
            b.goto(&format!("{}01-ship.html", server.url)).await;
            assert_eq!(ticked(b).await, ["Changelog updated"]);
        },
    );
}

/// Prints the current page to PDF (A4 or Letter) and returns its text, one string per page.
async fn print_pages(b: &Browser, name: &str, size: PrintSize) -> Vec<String> {
    let pdf = b
        .client
        .print(PrintConfiguration::builder().size(size).build().unwrap())
        .await
        .unwrap();
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    // One page as a PNG, to look at.
    let _ = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&path)
        .arg(dir.join(name))
        .status();
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8_lossy(&text.stdout)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn assert_no_navigation(pages: &[String]) {
    let all = pages.join("\n");
    for chrome in [
        "Your progress",
        "All checklists",
        "Skip to content",
        "Previous",
        "Next",
        "On this page",
        "built with skillbook",
        "Print this checklist",
        "Reset",
    ] {
        assert!(
            !all.contains(chrome),
            "printed pages contain {chrome:?}:\n{all}"
        );
    }
}

fn pdftotext_available(test: &str) -> bool {
    let found = Command::new("pdftotext").arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but pdftotext is missing: apt-get install -y poppler-utils"
        );
        eprintln!("skipped {test}: pdftotext not found");
    }
    found
}

fn print_fixture() -> skillbook::Site {
    let ship = chapter(&ITEMS).replace(
        "Some text about shipping safely.",
        "Some text about shipping safely[^1].\n\n[^1]: Ship on a Tuesday.",
    );
    let review = "# Reviewing\n\nA review chapter[^1].\n\n[^1]: Review notes.\n\n## Review checklist\n\n- [ ] Read the description\n- [ ] Run it locally\n\n```quiz\n[[questions]]\nid = \"r1\"\ntype = \"MultipleChoice\"\nprompt.prompt = \"Who reviews?\"\nprompt.distractors = [\"Nobody\"]\nanswer.answer = \"A peer\"\ncontext = \"A second pair of eyes.\"\n```\n";
    Fixture::new(&[
        CONFIG,
        ("01-ship.md", &ship),
        ("02-review.md", review),
        ("03-last.md", "# Last words\n\nThe end.\n"),
    ])
    .site()
}

#[test]
fn printing_checklists_the_whole_handbook_and_a_single_checklist() {
    if !pdftotext_available("printing_checklists_the_whole_handbook_and_a_single_checklist") {
        return;
    }
    let site = print_fixture();
    let print_html = String::from_utf8(site.files["print.html"].to_vec()).unwrap();
    for id in [
        "01-ship--fn-1",
        "02-review--fn-1",
        "01-ship--fnref-1",
        "02-review--fnref-1",
    ] {
        assert_eq!(
            print_html.matches(&format!("id=\"{id}\"")).count(),
            1,
            "{id} once in print.html"
        );
    }
    assert!(
        print_html.contains("href=\"#02-review--fn-1\""),
        "footnote links stay in their chapter"
    );
    in_browser(
        "printing_checklists_the_whole_handbook_and_a_single_checklist",
        site,
        "/",
        "index.html",
        async |b, server| {
            let items = [
                "Tests pass",
                "Reviewed by a peer",
                "Feature flag off",
                "Changelog updated",
                "Watch the dashboards",
                "Tell support",
                "Read the description",
                "Run it locally",
            ];

            b.goto(&format!("{}checklists.html", server.url)).await;
            let pages = print_pages(b, "print-checklists", PrintSize::A4).await;
            let all = pages.join("\n");
            for item in items {
                assert!(all.contains(item), "checklists.html PDF lacks {item:?}");
            }
            assert_eq!(pages.len(), 3, "one page per checklist:\n{all}");
            assert_no_navigation(&pages);

            b.goto(&format!("{}print.html", server.url)).await;
            let pages = print_pages(b, "print-handbook", PrintSize::US_LETTER).await;
            let all = pages.join("\n");
            for item in items {
                assert!(all.contains(item), "print.html PDF lacks {item:?}");
            }
            for title in ["Shipping", "Reviewing", "Last words", "Answer key"] {
                let page = pages.iter().position(|p| {
                    p.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .take(3)
                        .any(|l| l.contains(title))
                });
                assert!(page.is_some(), "{title:?} starts a printed page:\n{all}");
            }
            assert!((4..=10).contains(&pages.len()), "{} pages", pages.len());
            assert!(
                all.contains("A peer") && all.contains("A second pair of eyes."),
                "the answer key has answers and explanations"
            );
            assert_no_navigation(&pages);

            b.goto(&format!("{}01-ship.html", server.url)).await;
            b.js("skillbook.printing = true; skillbook.printChecklist(document.querySelectorAll('.checklist')[1])").await;
            let pages = print_pages(b, "print-one-checklist", PrintSize::A4).await;
            let all = pages.join("\n");
            assert_eq!(pages.len(), 1);
            assert!(
                all.contains("After you ship")
                    && all.contains("Watch the dashboards")
                    && all.contains("Tell support"),
                "{all}"
            );
            assert!(
                !all.contains("Tests pass") && !all.contains("Some text about shipping"),
                "only that checklist is printed:\n{all}"
            );
            assert_no_navigation(&pages);
        },
    );
}

#[test]
fn corrupt_saved_progress_broke_the_scripts() {
    in_browser(
        "corrupt_saved_progress_broke_the_scripts",
        site(&ITEMS),
        "/",
        "01-ship.html",
        async |b, server| {
            // Junk in every key this handbook uses.
            b.js("for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i); if (k.startsWith('skillbook:')) localStorage.setItem(k, '5'); }").await;
            b.js("const p = Object.keys(localStorage).find(k => k.includes(':tasks:')).replace(/tasks:.*/, ''); localStorage.setItem(p + 'quiz:02-quiz.html#quiz-q-one', JSON.stringify({ hash: document.body.dataset.book, answers: null }));").await;
            b.client.refresh().await.unwrap();
            assert_eq!(
                b.text(".checklist-progress").await,
                "1/4 done",
                "the checklist still works"
            );
            b.goto(&format!("{}02-quiz.html", server.url)).await;
            assert_eq!(
                b.js("return document.querySelectorAll('.quiz-check').length")
                    .await,
                1,
                "the quiz still works"
            );
            b.goto(&format!("{}progress.html", server.url)).await;
            assert!(
                b.text("#progress-summary")
                    .await
                    .contains("Before you ship"),
                "the progress page renders"
            );
            // A foreign or malformed file is refused whole.
            let foreign = r#"{"format":"skillbook-progress","version":1,"book":"someone-else","entries":{"tasks:01-ship.html":{"x":true}}}"#;
            let result = b.js(&format!("try {{ skillbook.importProgress({}); return 'imported'; }} catch (e) {{ return e.message; }}", serde_json::to_string(foreign).unwrap())).await;
            assert_eq!(result, "it was exported from another handbook.");
            let book = b.js("return document.body.dataset.book").await;
            let bad = format!(
                r#"{{"format":"skillbook-progress","version":1,"book":{book},"entries":{{"tasks:01-ship.html":5}}}}"#
            );
            let result = b.js(&format!("try {{ skillbook.importProgress({}); return 'imported'; }} catch (e) {{ return e.message; }}", serde_json::to_string(&bad).unwrap())).await;
            assert_eq!(
                result,
                "it holds entries this handbook does not use (tasks:01-ship.html)."
            );
        },
    );
}

/// The JSON embedded in progress.html and review.html only escaped `</`, so a checklist item or
/// quiz prompt holding `<!--<script>` turned the rest of the page into a script comment.
#[test]
fn a_checklist_item_holding_a_script_comment_emptied_the_progress_page() {
    let fixture = Fixture::new(&[
        CONFIG,
        (
            "one.md",
            "# One\n\n- [ ] Read `<!--<script>` aloud\n\n```quiz\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"What is `</script><!--<script>`?\"\nanswer.answer = \"x\"\n```\n",
        ),
    ]);
    let site = fixture.site();
    for path in ["progress.html", "review.html"] {
        let html = page(&site, path);
        let start = html
            .find("<script type=\"application/json\"")
            .expect("manifest script");
        let end = start + html[start..].find("</script>").unwrap();
        let manifest = &html[start..end];
        assert!(!manifest[1..].contains('<'), "{path}: {manifest}");
        assert!(
            manifest.contains("Read \\u003c!--\\u003cscript\\u003e aloud"),
            "{path}: {manifest}"
        );
    }
}

// Regression: a quiz answered on screen printed the reader's typed answers, and the answer key's
// right option stood out on print.html's worksheet.
#[test]
fn a_quiz_answered_on_screen_printed_the_readers_answers() {
    if !pdftotext_available("a_quiz_answered_on_screen_printed_the_readers_answers") {
        return;
    }
    in_browser(
        "a_quiz_answered_on_screen_printed_the_readers_answers",
        crate::a11y::showcase().site(),
        "/",
        "quiz.html",
        async |b, server| {
            b.type_into("#quiz-verb-2 input", "my typed plan").await;
            b.click("#quiz-verb-2 .quiz-check").await;
            b.choose("#quiz-verb-1", "DELETE").await;
            b.click("#quiz-verb-1 .quiz-check").await;
            for page in ["quiz.html", "print.html"] {
                b.goto(&format!("{}{page}", server.url)).await;
                let pages = print_pages(b, &format!("answered-{page}"), PrintSize::A4).await;
                let all = pages.join("\n");
                assert!(
                    all.contains("Which command shows the plan?"),
                    "{page}:\n{all}"
                );
                assert!(
                    !all.contains("my typed plan"),
                    "{page} printed a typed answer:\n{all}"
                );
                // On paper every option looks the same: none is the reader's or the right one.
                let borders = b
                    .js("const s = [...document.styleSheets].find(s => s.href && s.href.endsWith('print.css')); const rule = [...s.cssRules].find(r => r.selectorText && r.selectorText.includes('.answered .quiz-options label')); return rule ? rule.style.getPropertyValue('border') : null")
                    .await;
                assert_eq!(borders, "1px solid rgb(187, 187, 187)", "{page}");
            }
        },
    );
}

// Regression: a printed table of twelve columns was cut at the page's edge: its last columns
// were missing from the paper.
#[test]
fn a_printed_table_of_many_columns_lost_its_last_columns() {
    if !pdftotext_available("a_printed_table_of_many_columns_lost_its_last_columns") {
        return;
    }
    let columns: Vec<String> = ('a'..='l').map(|c| format!("{c}column")).collect();
    let cells: Vec<String> = ('a'..='l').map(|c| c.to_string().repeat(14)).collect();
    let table = format!(
        "# Wide\n\n| {} |\n|{}\n| {} |\n",
        columns.join(" | "),
        "---|".repeat(12),
        cells.join(" | ")
    );
    let site = Fixture::new(&[CONFIG, ("wide.md", &table)]).site();
    in_browser(
        "a_printed_table_of_many_columns_lost_its_last_columns",
        site,
        "/",
        "wide.html",
        async |b, _| {
            let pages = print_pages(b, "print-wide-table", PrintSize::A4).await;
            // Cells wrap, so count letters: the heading's and all fourteen of the cell's.
            let all = pages.join("\n");
            for c in ['a', 'j', 'k'] {
                assert_eq!(all.matches(c).count(), 15, "column {c}: {all}");
            }
        },
    );
}

// Regression: printed tables broke words in the middle ("(annotated" then ")") and lost their
// right border, since any character was a break opportunity in their cells.
#[test]
fn a_printed_table_broke_words_in_the_middle() {
    if !pdftotext_available("a_printed_table_broke_words_in_the_middle") {
        return;
    }
    let table = "# Objects\n\n| Object | Contains | Example use |\n|---|---|---|\n| blob | The bytes of one file (no name, no permissions) | Two identical files anywhere in history share one blob |\n| tree | A directory listing: names, modes, and blob or tree hashes | A snapshot of a folder |\n| commit | One root tree, zero or more parent commits, author, committer, message | A node in the history graph |\n| tag (annotated) | A pointer to an object plus tagger, message, optional signature | `v2.3.0` |\n";
    let site = Fixture::new(&[CONFIG, ("objects.md", table)]).site();
    in_browser(
        "a_printed_table_broke_words_in_the_middle",
        site,
        "/",
        "objects.html",
        async |b, _| {
            let pages = print_pages(b, "print-table", PrintSize::US_LETTER).await;
            let all = pages.join("\n");
            assert!(all.contains("(annotated)"), "{all}");
        },
    );
}
