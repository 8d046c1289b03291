//! Existing mdBook books build unchanged: a book folder with `book.toml` (and mdbook-quiz quiz
//! files) is read with mdBook's meaning and defaults. Each test reproduces one way a real book
//! differs from a handbook, with a fixture book written in the same shape.

use crate::support::{page, Fixture};

const BOOK_TOML: &str = r#"[book]
title = "The Guide"
authors = ["Ada"]
language = "en"
src = "src"

[output.html]
additional-css = ["theme/custom.css"]
git-repository-url = "https://github.com/ada/guide"
site-url = "/guide/"
print.enable = false

[output.html.redirect]
"/old-start.html" = "start.html"
"/moved/deep.html" = "../tour/index.html#the--operator"

[output.html.code.hidelines]
python = "~"

[preprocessor.quiz]

[preprocessor.admonish]
command = "mdbook-admonish"
"#;

const SUMMARY: &str = "# Summary\n\n[Start](start.md)\n\n- [Tour](tour/README.md)\n  - [Ranges](tour/ranges.md)\n- [Tasks](tasks.md)\n";

const START: &str = r#"# Start

Read the [tour](tour/index.html), its [operator section](tour/index.html#the--operator)
and [ranges](tour/ranges.html#matching-ranges-of-values-with-), or the
[standard library](../std/index.html).

<a id="raw-top"></a>
<img src="images/logo.svg" alt="logo">

Back to [the top](#raw-top). "Quotes" -- and dashes.

{{#quiz ../quizzes/start.toml}}
"#;

const TOUR: &str = r#"# Tour

## The -- operator

```rust,ignore
{{#rustdoc_include ../../listings/main.rs:body}}
```

```python
~import os
print(os.getcwd())
```

{{#include ../../listings/notes.md}}

To include a file, write \{{#include file.rs}}.
"#;

const RANGES: &str = r#"{{#title Ranges in depth}}
# Ranges

## Matching ranges of values with ...

```rust
{{#include ../../listings/main.rs:3:4}}
```

{{#playground ../../listings/main.rs editable}}

```toml
[package]
name = "guide"
```
"#;

const TASKS: &str = "# Tasks\n\n- [ ] read the tour\n- [x] install Rust\n";

const MAIN_RS: &str =
    "use std::io;\n\n// ANCHOR: body\nfn main() {\n    println!(\"hi\");\n}\n// ANCHOR_END: body\n";

const QUIZ: &str = r#"[[questions]]
type = "MultipleChoice"
prompt.prompt = "Which keyword declares a variable?"
prompt.distractors = ["var", "def"]
answer.answer = "let"
context = "`let` binds a name."

[[questions]]
type = "ShortAnswer"
prompt.prompt = "Which command builds a book?"
answer.answer = "mdbook build"
context = "It writes the site."

[[questions]]
type = "Tracing"
prompt.program = """
fn main() {
    println!("{}", 1 + 1);
}
"""
answer.doesCompile = true
answer.stdout = "2"
context = "It prints the sum."
"#;

/// The fixture mdBook book: `book.toml` only, includes, hidden lines, `.html` links, redirects,
/// raw HTML anchors and an mdbook-quiz file outside `src`.
fn guide() -> Fixture {
    Fixture::new(&[
        ("book.toml", BOOK_TOML),
        ("theme/custom.css", "body { color: black; }\n"),
        ("src/SUMMARY.md", SUMMARY),
        ("src/start.md", START),
        (
            "src/images/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        ),
        ("src/tour/README.md", TOUR),
        ("src/tour/ranges.md", RANGES),
        ("src/tasks.md", TASKS),
        ("listings/main.rs", MAIN_RS),
        (
            "listings/notes.md",
            "A note from {{#include notes-inner.md}}.\n",
        ),
        ("listings/notes-inner.md", "an included file"),
        ("quizzes/start.toml", QUIZ),
    ])
}

/// Builds in memory; returns the site and its warnings and notes as printed (paths relative to
/// the fixture directory). Panics on errors.
fn build(fixture: &Fixture) -> (skillbook::Site, String) {
    match skillbook::build_site_warned(&fixture.options()) {
        Ok((site, warnings)) => {
            let text = warnings
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
                .replace(&format!("{}/", fixture.dir.path().display()), "");
            (site, text)
        }
        Err(d) => panic!("build failed:\n{}", d.render(false)),
    }
}

#[test]
fn book_toml_maps_title_css_redirects_and_notes_what_it_leaves_out() {
    let (site, notes) = build(&guide());
    let start = page(&site, "start.html");
    assert!(
        start.contains("<title>Start · The Guide</title>"),
        "{start}"
    );
    assert!(start.contains("<link rel=\"stylesheet\" href=\"theme/custom.css\">"));
    assert!(start.contains("href=\"https://github.com/ada/guide\""));
    assert_eq!(page(&site, "theme/custom.css"), "body { color: black; }\n");
    assert!(page(&site, "old-start.html")
        .contains("<meta http-equiv=\"refresh\" content=\"0; URL=start.html\">"));
    assert!(page(&site, "moved/deep.html").contains("URL=../tour/index.html#the--operator"));
    assert_eq!(
        notes,
        [
            "book/book.toml:7:1: note: [output.html] keys skillbook does not use: `print`",
            "book/book.toml:22:1: note: preprocessor `admonish` is not run: skillbook does not run mdBook preprocessors",
            "book/src/start.md:5:1: note: `../std/index.html` leads out of the book (to /std/index.html); it is kept as written and not checked",
        ]
        .join("\n")
    );
}

#[test]
fn handbook_toml_wins_over_book_toml_with_a_note() {
    let fixture = guide();
    let handbook = "title = \"Handbook\"\nsrc = \"src\"\nsmart-punctuation = true\n";
    fixture.write("handbook.toml", handbook);
    let (site, notes) = build(&fixture);
    assert!(page(&site, "start.html").contains("<title>Start · Handbook</title>"));
    assert!(
        notes.starts_with(
            "book/book.toml: note: book.toml is ignored: handbook.toml configures this book"
        ),
        "{notes}"
    );
}

#[test]
fn links_to_built_pages_resolve_and_broken_ones_are_warnings_unless_strict() {
    let (site, _) = build(&guide());
    let start = page(&site, "start.html");
    assert!(
        start.contains("<a href=\"tour/index.html\">tour</a>"),
        "{start}"
    );
    assert!(start.contains("<a href=\"tour/ranges.html#matching-ranges-of-values-with-\">"));
    assert!(start.contains("<a href=\"../std/index.html\">standard library</a>"));
    let fixture = guide();
    fixture.write(
        "src/tasks.md",
        "# Tasks\n\nSee [gone](gone.html) and [nope](start.html#nope).\n",
    );
    let (_, warnings) = build(&fixture);
    assert!(
        warnings.contains(
            "book/src/tasks.md:3:5: warning: broken link: no chapter becomes `gone.html`"
        ),
        "{warnings}"
    );
    assert!(warnings.contains("book/src/tasks.md:3:27: warning: broken anchor: `start.md` has no heading with id `nope`"), "{warnings}");
    let mut strict = fixture.options();
    strict.strict = true;
    let errors = skillbook::build_site(&strict).unwrap_err();
    assert_eq!(errors.iter().filter(|d| d.is_error()).count(), 2);
}

#[test]
fn includes_expand_anchors_ranges_rustdoc_playground_title_and_escapes() {
    let (site, _) = build(&guide());
    let tour = page(&site, "tour/index.html");
    // rustdoc_include: lines outside the anchor become hidden lines; anchor lines are dropped.
    assert!(tour.contains("<pre class=\"code has-hidden\" data-lang=\"rust\"><code class=\"language-rust ignore\"><span class=\"boring\">"), "{tour}");
    assert!(!tour.contains("ANCHOR"));
    // Nested includes, relative to the including file.
    assert!(
        tour.contains("<p>A note from an included file.</p>"),
        "{tour}"
    );
    // An escaped directive shows as written, without the backslash.
    assert!(tour.contains("write {{#include file.rs}}."), "{tour}");
    let ranges = page(&site, "tour/ranges.html");
    assert!(
        ranges.contains("<title>Ranges in depth</title>"),
        "{ranges}"
    );
    assert!(!ranges.contains("{{#"), "{ranges}");
    assert!(
        ranges.contains("<code class=\"language-rust editable\">"),
        "{ranges}"
    );
}

#[test]
fn a_missing_include_file_or_anchor_is_reported_at_the_directive() {
    let fixture = guide();
    fixture.write(
        "src/tasks.md",
        "# Tasks\n\n{{#include ../listings/nope.rs}}\n\n```rust\n{{#include ../listings/main.rs:missing}}\n```\n",
    );
    let (_, warnings) = build(&fixture);
    assert_eq!(
        warnings,
        [
            "book/book.toml:7:1: note: [output.html] keys skillbook does not use: `print`",
            "book/book.toml:22:1: note: preprocessor `admonish` is not run: skillbook does not run mdBook preprocessors",
            "book/src/start.md:5:1: note: `../std/index.html` leads out of the book (to /std/index.html); it is kept as written and not checked",
            "book/src/tasks.md:3:1: warning: cannot include `../listings/nope.rs`: no such file",
            "book/src/tasks.md:6:1: warning: `../listings/main.rs` has no anchor `missing`",
        ]
        .join("\n")
    );
    // In a handbook they are errors.
    fixture.write("handbook.toml", "src = \"src\"\nsmart-punctuation = true\n");
    let errors = fixture.errors();
    assert!(
        errors.contains(
            "error: cannot include `../listings/nope.rs`: no such file\n  ┌─ book/src/tasks.md:3:1"
        ),
        "{errors}"
    );
}

#[test]
fn a_problem_in_included_markdown_points_into_the_included_file() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        (
            "ch.md",
            "# Chapter\n\nIntro.\n\n{{#include parts/body.md}}\n",
        ),
        (
            "parts/body.md",
            "Some text.\n\nA [broken](nowhere.md) link.\n",
        ),
    ]);
    let errors = fixture.errors();
    assert!(
        errors.contains(
            "error: broken link: chapter `nowhere.md` does not exist\n  ┌─ book/parts/body.md:3:3"
        ),
        "{errors}"
    );
}

#[test]
fn includes_nested_too_deep_stop_with_a_diagnostic() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("ch.md", "# Chapter\n\n{{#include loop.md}}\n"),
        ("loop.md", "again {{#include loop.md}}"),
    ]);
    let errors = fixture.errors();
    assert!(errors.contains("error: includes are nested more than 10 levels deep; this one is left out\n  ┌─ book/loop.md:1:7"), "{errors}");
}

#[test]
fn hidden_lines_are_hidden_behind_a_toggle_and_left_out_of_print() {
    let (site, _) = build(&guide());
    let tour = page(&site, "tour/index.html");
    assert!(tour.contains("<script src=\"../assets/hidden-lines.js\"></script>"));
    assert!(tour.contains("<span class=\"boring\">"));
    // The book's hidelines prefix for Python.
    assert!(
        tour.contains("<pre class=\"code has-hidden\" data-lang=\"python\">"),
        "{tour}"
    );
    assert!(!page(&site, "tasks.html").contains("hidden-lines.js"));
    let print = page(&site, "print.html");
    assert!(
        !print.contains("boring") && !print.contains("import os"),
        "hidden lines in print"
    );
    assert!(page(&site, "assets/hidden-lines.js").contains("aria-pressed"));
}

#[test]
fn quiz_files_outside_src_are_read() {
    let (site, _) = build(&guide());
    let start = page(&site, "start.html");
    assert_eq!(start.matches(" data-type=\"").count(), 3, "{start}");
}

#[test]
fn heading_ids_follow_mdbook_and_github() {
    let (site, _) = build(&guide());
    let tour = page(&site, "tour/index.html");
    assert!(tour.contains("<h2 id=\"the--operator\">"), "{tour}");
    let ranges = page(&site, "tour/ranges.html");
    assert!(
        ranges.contains("<h2 id=\"matching-ranges-of-values-with-\">"),
        "{ranges}"
    );
}

#[test]
fn info_string_words_are_classes_and_toml_is_highlighted() {
    let (site, _) = build(&guide());
    let ranges = page(&site, "tour/ranges.html");
    assert!(
        ranges.contains("<code class=\"language-toml\"><span class=\"hl-"),
        "{ranges}"
    );
    assert!(page(&site, "tour/index.html").contains("class=\"language-rust ignore\""));
}

#[test]
fn print_page_prefixes_raw_html_anchors_and_rewrites_images() {
    let (site, _) = build(&guide());
    let print = page(&site, "print.html");
    assert!(print.contains("<a id=\"start--raw-top\"></a>"), "{print}");
    assert!(print.contains("<a href=\"#start--raw-top\">the top</a>"));
    assert!(print.contains("<img src=\"images/logo.svg\" alt=\"logo\">"));
    let fixture = guide();
    fixture.write(
        "src/tour/ranges.md",
        "# Ranges\n\n<img src=\"../images/logo.svg\">\n<a href=\"../start.html#raw-top\">top</a>\n",
    );
    let (site, _) = build(&fixture);
    let print = page(&site, "print.html");
    assert!(print.contains("<img src=\"images/logo.svg\">"), "{print}");
    assert!(
        print.contains("<a href=\"#start--raw-top\">top</a>"),
        "{print}"
    );
}

#[test]
fn task_lists_stay_static_and_the_first_chapter_is_the_home_page() {
    let (site, _) = build(&guide());
    let tasks = page(&site, "tasks.html");
    assert!(
        tasks.contains("<input type=\"checkbox\" disabled> read the tour"),
        "{tasks}"
    );
    assert!(!tasks.contains("class=\"checklist\""));
    let home = page(&site, "index.html");
    assert!(home.contains("<h1 id=\"start\">"), "{home}");
    assert!(home.contains("<a href=\"tour/index.html\">tour</a>"));
    assert!(!home.contains("class=\"overview\""));
    let fixture = guide();
    fixture.write(
        "book.toml",
        &format!("{BOOK_TOML}\n[output.skillbook]\noptional = true\nchecklists = true\n"),
    );
    let (site, _) = build(&fixture);
    assert!(page(&site, "tasks.html").contains("class=\"checklist\""));
}

#[test]
fn smart_punctuation_is_on_as_in_mdbook() {
    let (site, _) = build(&guide());
    assert!(page(&site, "start.html").contains("“Quotes” – and dashes."));
}

#[test]
fn the_guide_builds_without_errors_and_its_site_checks_clean() {
    let fixture = guide();
    // Without the link that leaves the book, which `check --site` cannot follow.
    fixture.write(
        "src/start.md",
        &START.replace(", or the\n[standard library](../std/index.html)", ""),
    );
    let (code, stderr) = fixture.run(&["build", "book", "-o", "site"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stderr.contains("error") && !stderr.contains("warning"),
        "{stderr}"
    );
    let (code, stderr) = fixture.run(&["check", "--site", "site", "--base", "/guide/"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_folder_without_configuration_with_src_summary_is_read_as_an_mdbook_book() {
    let mdbook = Fixture::new(&[
        ("src/SUMMARY.md", "# Summary\n\n- [One](one.md)\n"),
        ("src/one.md", "# One\n"),
        ("notes/todo.md", "# Not a chapter\n"),
    ]);
    let site = mdbook.site();
    assert!(site.files.contains_key("one.html") && !site.files.keys().any(|p| p.contains("todo")));
    let repository = Fixture::new(&[("src/main.rs", "fn main() {}\n"), ("Cargo.toml", "")]);
    let errors = repository.errors();
    assert!(errors.contains("error: no chapters to build: no handbook.toml or book.toml, and no SUMMARY.md or Markdown (.md) file in this directory"), "{errors}");
}

const SECOND_QUIZ: &str = r#"[[questions]]
type = "MultipleChoice"
prompt.prompt = "Which of these are integer types?"
prompt.distractors = ["f64", "bool"]
answer.answer = ["u8", "i32"]
context = "`f64` is a float."

[[questions]]
type = "Tracing"
prompt.program = """
fn main() {
    let s = String::from("a");
    let t = s;
    println!("{s}");
}
"""
answer.doesCompile = false
answer.lineNumber = 4
context = "`s` was moved into `t`."
"#;

#[test]
fn every_quiz_of_an_mdbook_quiz_book_works_in_the_browser() {
    use crate::browser::ANSWER_EVERY_QUESTION;
    let fixture = guide();
    fixture.write("quizzes/ranges.toml", SECOND_QUIZ);
    fixture.write(
        "src/tour/ranges.md",
        &format!("{RANGES}\n{{{{#quiz ../../quizzes/ranges.toml}}}}\n"),
    );
    let (site, _) = build(&fixture);
    let pages = ["start.html", "index.html", "tour/ranges.html"];
    crate::support::in_browser(
        "every_quiz_of_an_mdbook_quiz_book_works_in_the_browser",
        site,
        "/",
        "start.html",
        async |b, server| {
            for page in pages {
                b.goto(&format!("{}{page}", server.url)).await;
                let result = b.js(ANSWER_EVERY_QUESTION).await;
                let results = crate::browser::question_results(&result);
                assert!(results.len() >= 2, "{page}: {results:?}");
                assert!(results.iter().all(|r| *r == "ok"), "{page}: {results:?}");
            }
        },
    );
}

#[test]
fn hidden_lines_toggle_with_the_keyboard() {
    use fantoccini::key::Key;
    let (site, _) = build(&guide());
    crate::support::in_browser(
        "hidden_lines_toggle_with_the_keyboard",
        site,
        "/",
        "tour/index.html",
        async |b, _| {
            let hidden = "return [...document.querySelectorAll('pre.has-hidden .boring')].map(e => getComputedStyle(e).display)";
            let shown = b.js(hidden).await;
            assert!(
                shown.as_array().unwrap().iter().all(|d| d == "none"),
                "{shown}"
            );
            let state = "return [...document.querySelectorAll('.code-toggle')].map(t => t.getAttribute('aria-pressed') + ' ' + t.textContent)";
            assert_eq!(
                b.js(state).await,
                serde_json::json!(["false Show hidden lines", "false Show hidden lines"])
            );
            // Regression: the copy button (shown here by focus) covered the toggle's right end.
            let overlap = "const c = document.querySelectorAll('.copy-button'); c[0].focus();
                return [...document.querySelectorAll('.code-toggle')].map((t, i) => {
                    const a = t.getBoundingClientRect(), b = t.nextElementSibling.querySelector('.copy-button').getBoundingClientRect();
                    return a.bottom <= b.top || b.bottom <= a.top || a.right <= b.left || b.right <= a.left; })";
            assert_eq!(b.js(overlap).await, serde_json::json!([true, true]));
            b.js("document.querySelector('.code-toggle').focus()").await;
            b.keys(&Key::Enter.to_string()).await;
            assert_eq!(
                b.js(state).await,
                serde_json::json!(["true Show hidden lines", "false Show hidden lines"])
            );
            let first = "return [...document.querySelectorAll('pre.has-hidden')[0].querySelectorAll('.boring')].map(e => getComputedStyle(e).display)";
            assert!(b
                .js(first)
                .await
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d == "inline"));
            b.keys(" ").await;
            assert_eq!(
                b.js(state).await,
                serde_json::json!(["false Show hidden lines", "false Show hidden lines"])
            );
        },
    );
}

#[test]
fn chapters_record_the_files_they_include_for_rebuilds() {
    let (book, _) = skillbook::load::load(&guide().options()).unwrap();
    let includes = |path: &str| {
        let chapter = book.chapters.iter().find(|c| c.path == path).unwrap();
        chapter.includes.clone()
    };
    assert_eq!(includes("start.md"), ["../quizzes/start.toml"]);
    assert_eq!(
        includes("tour/README.md"),
        [
            "../listings/main.rs",
            "../listings/notes.md",
            "../listings/notes-inner.md"
        ]
    );
    assert_eq!(includes("tour/ranges.md"), ["../listings/main.rs"]);
}

/// Hidden lines of a Rust block are what the reader does not see, so search must not find them.
#[test]
fn hidden_lines_were_searchable() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        (
            "one.md",
            "# One\n\n```rust\n# let hiddenword = 1;\nlet shownword = 2;\n```\n",
        ),
    ]);
    let site = fixture.site();
    let terms: String = site
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("search/s/"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(terms.contains("\"shownword\""), "{terms}");
    assert!(!terms.contains("hiddenword"), "{terms}");
}

#[test]
fn an_old_mdbook_build_inside_the_source_folder_was_published() {
    for (config, dir) in [
        ("[book]\ntitle = \"Flat\"\nsrc = \".\"\n", "book"),
        (
            "[book]\ntitle = \"Flat\"\nsrc = \".\"\n[build]\nbuild-dir = \"out\"\n",
            "out",
        ),
    ] {
        let fixture = Fixture::new(&[
            ("book.toml", config),
            ("SUMMARY.md", "- [One](one.md)\n"),
            ("one.md", "# One\n\n![diagram](diagram.svg)\n"),
            (
                "diagram.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
            ),
            (&format!("{dir}/index.html"), "<p>mdBook's old site</p>\n"),
            (&format!("{dir}/book.toml"), "[book]\ntitle = \"copy\"\n"),
        ]);
        let (site, _) = build(&fixture);
        let leaked: Vec<&String> = site
            .files
            .keys()
            .filter(|p| p.starts_with(&format!("{dir}/")))
            .collect();
        assert!(leaked.is_empty(), "{dir}: {leaked:?}");
        assert!(site.files.contains_key("diagram.svg"), "{dir}");
    }
}

#[test]
fn definition_lists_were_shown_as_paragraphs_with_a_colon() {
    let fixture = Fixture::new(&[
        ("book.toml", "[book]\ntitle = \"Terms\"\n"),
        ("src/SUMMARY.md", "- [One](one.md)\n"),
        (
            "src/one.md",
            "# One\n\nApple\n: A red fruit.\n\nPear\n: A green fruit.\n: Also yellow.\n",
        ),
    ]);
    let (site, _) = build(&fixture);
    let html = crate::support::page(&site, "one.html");
    assert!(
        html.contains("<dl>\n<dt>Apple</dt>\n<dd>A red fruit.</dd>\n<dt>Pear</dt>\n<dd>A green fruit.</dd>\n<dd>Also yellow.</dd>\n</dl>"),
        "{html}"
    );
}

#[test]
fn a_fragment_redirect_wrote_a_file_named_with_its_fragment() {
    let book = "[book]\ntitle = \"Moves\"\n[output.html.redirect]\n\"/overview.html\" = \"intro.html\"\n\"/overview.html#old\" = \"intro.html#new\"\n";
    let fixture = Fixture::new(&[
        ("book.toml", book),
        ("src/SUMMARY.md", "- [Intro](intro.md)\n"),
        ("src/intro.md", "# Intro\n\n## New\n\nText.\n"),
    ]);
    let (site, _) = build(&fixture);
    assert!(
        site.files.keys().all(|p| !p.contains('#')),
        "{:?}",
        site.files.keys()
    );
    crate::support::in_browser(
        "a_fragment_redirect_wrote_a_file_named_with_its_fragment",
        site,
        "/",
        "intro.html",
        async |b, server| {
            // Where the browser is once it shows `to` (or after 5 s).
            let arrived = async |b: &crate::support::Browser, to: &str| {
                let mut at = serde_json::Value::Null;
                for _ in 0..100 {
                    at = b.js("return location.pathname + location.hash").await;
                    if at == to {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                at
            };
            // Opened from a script that returns at once: chromedriver waits long on a page
            // that navigates again while it loads.
            for (from, to) in [
                ("#old", "/intro.html#new"),
                ("#other", "/intro.html#other"),
                ("", "/intro.html"),
            ] {
                let url = format!("{}overview.html{from}", server.url);
                b.js_with(
                    "setTimeout(() => location.assign(arguments[0]), 0)",
                    vec![url.into()],
                )
                .await;
                assert_eq!(arrived(b, to).await, to, "{from}");
            }
        },
    );
    // A fragment redirect needs one for its page, as mdBook requires.
    let lone = "[book]\ntitle = \"Moves\"\n[output.html.redirect]\n\"/gone.html#old\" = \"intro.html#new\"\n";
    let fixture = Fixture::new(&[
        ("book.toml", lone),
        ("src/SUMMARY.md", "- [Intro](intro.md)\n"),
        ("src/intro.md", "# Intro\n"),
    ]);
    let errors = skillbook::build_site(&fixture.options()).unwrap_err();
    assert_eq!(
        errors.render(false).replace(&format!("{}/", fixture.dir.path().display()), ""),
        "error: redirect from `/gone.html#old`: `/gone.html` itself has no redirect\n  ┌─ book/book.toml:4:1\n  │\n4 │ \"/gone.html#old\" = \"intro.html#new\"\n  │ ^\n  │\n  = help: add a redirect of the page without its fragment, e.g. \"/old.html\" = \"new.html\"\n\n1 error\n"
    );
}

#[test]
fn a_file_a_chapter_included_was_left_out_of_the_site() {
    let quiz = "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Name it\"\nanswer.answer = \"secret\"\n";
    let fixture = Fixture::new(&[
        ("book.toml", "[book]\ntitle = \"Inc\"\n"),
        ("src/SUMMARY.md", "- [A](a.md)\n"),
        (
            "src/a.md",
            "# A\n\n```rust\n{{#include code.rs}}\n```\n\n[The whole file](code.rs).\n\n{{#quiz quiz.toml}}\n",
        ),
        ("src/code.rs", "fn main() {}\n"),
        ("src/quiz.toml", quiz),
    ]);
    let (site, warnings) = build(&fixture);
    assert_eq!(warnings, "");
    assert_eq!(crate::support::page(&site, "code.rs"), "fn main() {}\n");
    // A quiz file holds the answers: never published.
    assert!(!site.files.contains_key("quiz.toml"));
}

#[test]
fn a_markdown_link_in_raw_html_led_to_the_md_file() {
    let fixture = Fixture::new(&[
        ("book.toml", "[book]\ntitle = \"Raw\"\n"),
        ("src/SUMMARY.md", "- [A](a.md)\n- [B](part/b.md)\n"),
        (
            "src/a.md",
            "# A\n\n<div class=\"nav\"><a href=\"part/b.md#two\">B, part two</a> <a href=\"https://example.org/x.md\">elsewhere</a></div>\n\nSee <a href=\"part/b.md\">B</a> inline.\n",
        ),
        ("src/part/b.md", "# B\n\n## Two\n"),
    ]);
    let (site, warnings) = build(&fixture);
    assert_eq!(warnings, "");
    let html = crate::support::page(&site, "a.html");
    assert!(
        html.contains("<div class=\"nav\"><a href=\"part/b.html#two\">B, part two</a> <a href=\"https://example.org/x.md\">elsewhere</a></div>"),
        "{html}"
    );
    assert!(
        html.contains("See <a href=\"part/b.html\">B</a> inline."),
        "{html}"
    );
}

#[test]
fn an_mdbook_themes_files_were_dropped_without_a_word() {
    let fixture = Fixture::new(&[
        (
            "book.toml",
            "[book]\ntitle = \"Themed\"\n[output.html]\nadditional-css = [\"theme/extra.css\"]\n",
        ),
        ("src/SUMMARY.md", "- [A](a.md)\n"),
        ("src/a.md", "# A\n"),
        ("theme/head.hbs", "<meta name=\"x\">\n"),
        ("theme/css/general.css", "body {}\n"),
        ("theme/extra.css", "p {}\n"),
    ]);
    let (_, warnings) = build(&fixture);
    // The stylesheet named by additional-css is used, so it is not listed.
    assert_eq!(
        warnings,
        "book/theme: note: theme files skillbook does not use: `css/general.css`, `head.hbs`"
    );
}

#[test]
fn an_mdbook_not_found_page_was_dropped_without_a_word() {
    let book = |extra: &str, page: &str| {
        Fixture::new(&[
            ("book.toml", &format!("[book]\ntitle = \"Lost\"\n{extra}")),
            ("src/SUMMARY.md", "- [A](a.md)\n"),
            ("src/a.md", "# A\n"),
            (page, "# Lost?\n\nTry [A](a.md).\n"),
        ])
    };
    let (site, warnings) = build(&book("", "src/404.md"));
    assert_eq!(
        warnings,
        "book/src/404.md: note: mdBook's not-found page is not used: skillbook writes its own `404.html`"
    );
    assert!(!site.files.contains_key("404.md"));
    // `input-404` names another file; a chapter of that name is used as a chapter.
    let (_, warnings) = build(&book(
        "[output.html]\ninput-404 = \"gone.md\"\n",
        "src/gone.md",
    ));
    assert!(
        warnings.starts_with("book/src/gone.md: note: mdBook's not-found page"),
        "{warnings}"
    );
    let (_, warnings) = build(&book("[output.html]\ninput-404 = \"a.md\"\n", "src/b.md"));
    assert_eq!(warnings, "");
}

#[test]
fn no_section_label_still_numbered_the_chapters() {
    let book = |labels: &str| {
        Fixture::new(&[
            (
                "book.toml",
                &format!("[book]\ntitle = \"Plain\"\n[output.html]\nno-section-label = {labels}\n"),
            ),
            ("src/SUMMARY.md", "- [One](one.md)\n  - [Two](two.md)\n"),
            ("src/one.md", "# One\n"),
            ("src/two.md", "# Two\n"),
        ])
    };
    for (labels, numbered) in [("true", false), ("false", true)] {
        let (site, warnings) = build(&book(labels));
        assert_eq!(warnings, "", "{labels}");
        let toc = crate::support::page(&site, "toc.html");
        assert_eq!(
            toc.contains("<span class=\"toc-number\">1.1.</span>"),
            numbered,
            "{toc}"
        );
        assert_eq!(toc.contains("toc-number"), numbered, "{toc}");
    }
}

// Regression: a bad value in a table of book.toml was reported at line 1, column 1.
#[test]
fn a_bad_value_in_a_book_toml_table_was_reported_at_its_first_line() {
    let fixture = Fixture::new(&[
        ("book.toml", "[book]\ntitle = \"B\"\nlanguage = \"x y\"\n"),
        ("src/SUMMARY.md", "- [A](a.md)\n"),
        ("src/a.md", "# A\n"),
    ]);
    assert!(
        fixture
            .errors()
            .starts_with("error: language `x y` is not a language tag\n  ┌─ book/book.toml:3:12\n"),
        "{}",
        fixture.errors()
    );
    fixture.write(
        "book.toml",
        "[book]\ntitle = \"B\"\n[output.skillbook]\noptional = true\nprogress-id = \"a:b\"\n",
    );
    assert!(
        fixture.errors().starts_with("error: progress-id `a:b` is not 1 to 64 letters, digits, `-` or `_`\n  ┌─ book/book.toml:5:15\n"),
        "{}",
        fixture.errors()
    );
}

// Regression: a `CNAME` file in `src/` (how many mdBook books set a GitHub Pages custom domain)
// failed the build ("would be written to `CNAME`, which is already a file skillbook generates"),
// though skillbook writes `CNAME` only when `cname` is set.
#[test]
fn a_cname_file_in_an_mdbook_books_src_failed_the_build() {
    let book = |html: &str| {
        Fixture::new(&[
            ("book.toml", &format!("[book]\ntitle = \"Domain\"\n{html}")),
            ("src/SUMMARY.md", "- [A](a.md)\n"),
            ("src/a.md", "# A\n"),
            ("src/CNAME", "docs.example.com\n"),
        ])
    };
    // Without `cname` the file is copied like any other; with the same domain it is no clash.
    for html in ["", "[output.html]\ncname = \"Docs.Example.com\"\n"] {
        let fixture = book(html);
        let (site, warnings) = build(&fixture);
        assert_eq!(warnings, "", "{html}");
        assert_eq!(page(&site, "CNAME"), "docs.example.com\n", "{html}");
        let (code, stderr) = fixture.run(&["build", "book", "-o", "site"]);
        assert_eq!(code, 0, "{stderr}");
    }
    // Two different domains: the site can have only one.
    let fixture = book("[output.html]\ncname = \"other.example.com\"\n");
    assert_eq!(
        fixture.errors(),
        "error: this `CNAME` names `docs.example.com`, but `[output.html] cname` in book.toml names `other.example.com`: the site can have only one\n = in book/src/CNAME\n = help: keep one: delete this file (the setting writes the site's `CNAME`), or remove `cname` from book.toml\n\n1 error\n"
    );
}

// Regression: in a book without SUMMARY.md, the walk made mdBook's not-found page source
// (`404.md`, or the file `input-404` names) a chapter, and the build failed ("would be written to
// `404.html`, which is already a file skillbook generates"); with SUMMARY.md it was a note.
#[test]
fn an_mdbook_not_found_page_became_a_chapter_without_a_summary() {
    for (html, page_404) in [
        ("", "src/404.md"),
        (
            "[output.html]\ninput-404 = \"missing.md\"\n",
            "src/missing.md",
        ),
    ] {
        let fixture = Fixture::new(&[
            ("book.toml", &format!("[book]\ntitle = \"Lost\"\n{html}")),
            ("src/a.md", "# A\n"),
            (page_404, "# Lost?\n\nTry [A](a.md).\n"),
        ]);
        let warnings = fixture.warnings(&fixture.options());
        assert_eq!(
            warnings,
            format!("note: mdBook's not-found page is not used: skillbook writes its own `404.html`\n = in book/{page_404}\n = help: to say what this page says, override the theme's `templates/404.html` (README, Themes)\n\n1 note\n")
        );
        let site = fixture.site();
        let pages: Vec<&String> = site
            .files
            .keys()
            .filter(|p| p.ends_with(".html") && !p.contains("404"))
            .collect();
        assert_eq!(
            pages,
            [
                "a.html",
                "checklists.html",
                "index.html",
                "print.html",
                "progress.html",
                "review.html",
                "skills.html",
                "toc.html"
            ],
            "{html}"
        );
        assert!(!page(&site, "404.html").contains("Lost?"), "{html}");
        assert!(!page(&site, "toc.html").contains("Lost?"), "{html}");
    }
}

// Regression: mdBook's warning blocks (`<div class="warning">`, which mdBook 0.5 styles) had no
// style in skillbook's theme: they read as plain paragraphs.
#[test]
fn an_mdbook_warning_block_was_shown_as_plain_text() {
    let fixture = Fixture::new(&[
        ("book.toml", "[book]\ntitle = \"Careful\"\n"),
        ("src/SUMMARY.md", "- [A](a.md)\n"),
        (
            "src/a.md",
            "# A\n\n<div class=\"warning\">\n\nDo not run this in production.\n\n</div>\n\n> [!WARNING]\n> A callout.\n",
        ),
    ]);
    let (site, warnings) = build(&fixture);
    assert_eq!(warnings, "");
    let html = page(&site, "a.html");
    assert!(
        html.contains("<div class=\"warning\">\n<p>Do not run this in production.</p>\n</div>"),
        "{html}"
    );
    crate::support::in_browser(
        "an_mdbook_warning_block_was_shown_as_plain_text",
        site,
        "/",
        "a.html",
        async |b, _| {
            // The block's left border and background are the warning callout's, in both themes.
            let look = "const s = getComputedStyle(document.querySelector(arguments[0])); return [s.borderLeftColor, s.borderLeftWidth, s.borderLeftStyle, s.backgroundColor]";
            for (theme, colour) in [("light", "rgb(138, 92, 0)"), ("dark", "rgb(210, 153, 34)")] {
                b.js_with(
                    "document.documentElement.dataset.theme = arguments[0]",
                    vec![theme.into()],
                )
                .await;
                let block = b.js_with(look, vec!["div.warning".into()]).await;
                let callout = b.js_with(look, vec![".callout-warning".into()]).await;
                assert_eq!(block[0], colour, "{theme}: {block}");
                assert_eq!(block[1], "4px", "{theme}: {block}");
                assert_eq!(block, callout, "{theme}");
            }
            // On paper it is framed as callouts are.
            let printed = b
                .js("const s = [...document.styleSheets].find(s => s.href && s.href.endsWith('print.css')); const rule = [...s.cssRules].find(r => r.selectorText && r.selectorText.includes('div.warning') && r.style.getPropertyValue('border-left')); return rule ? rule.style.getPropertyValue('border-left') : null")
                .await;
            assert_eq!(printed, "4px solid rgb(0, 0, 0)");
        },
    );
}
