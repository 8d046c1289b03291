//! Build tests: one small fixture handbook per case, built through the library or the
//! `skillbook` binary, with insta snapshots of the rendered HTML and exact diagnostics.

use std::fs;
use std::path::{Path, PathBuf};

use skillbook::load::LoadOptions;
use skillbook::Site;

use crate::support::{page, Fixture, CONFIG};

/// The rendered chapter body: the inside of `<article class="chapter">`.
fn article(site: &Site, path: &str) -> String {
    let html = page(site, path);
    let start = html.find("<article class=\"chapter").expect("article");
    let start = start + html[start..].find('>').unwrap() + 1;
    let end = html.rfind("</article>").expect("end of article");
    html[start..end].trim().to_string()
}

fn chapter_site(body: &str) -> Site {
    Fixture::new(&[("handbook.toml", "title = \"T\"\n"), ("ch.md", body)]).site()
}

#[test]
fn heading_ids_duplicate_unicode_and_punctuation_only() {
    let site = chapter_site("# Intro\n\n## Setup\n\n## Setup\n\n## MENÜ\n\n## Привет мир\n\n## ???\n\n## !!!\n\n## Custom {#mine .wide}\n");
    insta::assert_snapshot!(article(&site, "ch.html"));
}

#[test]
fn link_rewriting_readme_spaces_question_marks_and_fragments() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("README.md", "# Home\n\n[spaces](my%20chapter.md) [question](what%3F.md#why) [nested](part/README.md) [dir](part/) [self](#home) [web](https://example.com/a?b#c) [image](img/logo%201.png)\n"),
        ("my chapter.md", "# Spaces\n\n[home](README.md) [again](./README.md#home)\n"),
        ("what?.md", "# What\n\n## Why\n"),
        ("part/README.md", "# Part\n\n[up](../README.md#home) [sibling](deep.md)\n"),
        ("part/deep.md", "# Deep\n\n[root](/my%20chapter.md)\n"),
        ("img/logo 1.png", "png"),
    ]);
    let site = fixture.site();
    insta::assert_snapshot!("links_home", article(&site, "index.html"));
    insta::assert_snapshot!("links_spaces", article(&site, "my chapter.html"));
    insta::assert_snapshot!("links_part", article(&site, "part/index.html"));
    insta::assert_snapshot!("links_deep", article(&site, "part/deep.html"));
    assert!(site.files.contains_key("what?.html"));
    assert!(site.files.contains_key("img/logo 1.png"));
}

#[test]
fn highlighting_known_and_unknown_language() {
    let site = chapter_site("# Code\n\n```rust\nfn main() { println!(\"<hi>\"); }\n```\n\n```no-such-lang\nif a < b && c > d {}\n```\n\n```\nplain <text>\n```\n");
    insta::assert_snapshot!(article(&site, "ch.html"));
    let css = page(&site, "assets/highlight.css");
    assert!(
        css.contains("html:not([data-theme=\"dark\"]) .hl-source"),
        "light rules, scoped"
    );
    assert!(
        css.contains("@media screen {\nhtml[data-theme=\"dark\"] .hl-"),
        "dark rules scoped to the dark theme, on screen: code printed from the dark theme was pale on white paper"
    );
}

/// Every fence word a book commonly uses, highlighted: the snapshot pins the exact classes, so a
/// change of regular-expression engine or grammar set shows up here as a diff.
#[test]
fn highlighting_many_languages() {
    let site = chapter_site(include_str!("languages.md"));
    insta::assert_snapshot!(article(&site, "ch.html"));
}

#[test]
fn callouts_from_gfm_alerts() {
    let site = chapter_site("# Alerts\n\n> [!NOTE]\n> Plain *note*.\n\n> [!TIP]\n> Tip.\n\n> [!IMPORTANT]\n> Important.\n\n> [!WARNING]\n> Warning.\n\n> [!CAUTION]\n> Caution.\n\n> A plain quote.\n");
    insta::assert_snapshot!(article(&site, "ch.html"));
}

#[test]
fn footnotes_numbered_by_first_reference_and_moved_to_the_end() {
    let site = chapter_site("# Notes\n\nFirst[^b] and second[^a], first again[^b].\n\n[^a]: Alpha.\n[^b]: Beta with `code`.\n\nAfter.\n");
    insta::assert_snapshot!(article(&site, "ch.html"));
}

#[test]
fn task_lists_become_checklists_with_stable_ids() {
    let body = "# Tasks\n\n## Before you ship\n\n- [ ] Write tests\n- [x] Update the *changelog*\n- [ ] Tell support {#tell-support}\n  - [ ] Nested item\n\nLoose list:\n\n- [ ] First loose\n\n- [ ] Second loose\n\n- plain item\n";
    let site = chapter_site(body);
    insta::assert_snapshot!(article(&site, "ch.html"));
    let reordered = chapter_site(
        "# Tasks\n\n## Before you ship\n\n- [ ] Tell support {#tell-support}\n- [ ] Write tests\n",
    );
    let id_of = |html: &str, text: &str| -> String {
        let at = html.find(text).unwrap();
        let input = html[..at].rfind("data-task=\"").unwrap() + 11;
        html[input..input + html[input..].find('"').unwrap()].to_string()
    };
    let before = article(&site, "ch.html");
    let after = article(&reordered, "ch.html");
    assert_eq!(
        id_of(&before, "Write tests"),
        id_of(&after, "Write tests"),
        "reordering keeps an item's id"
    );
    assert_eq!(id_of(&after, "Tell support"), "tell-support");
}

#[test]
fn quiz_blocks_render_as_forms() {
    let body = r#"# Quiz

```quiz
title = "Check yourself"

[[questions]]
id = "mc"
type = "MultipleChoice"
prompt.prompt = "Which is a *verb*?"
prompt.distractors = ["table", "`chair`"]
answer.answer = "run"
prompt.sortAnswers = true
context = "Running is something you do."

[[questions]]
id = "multi"
type = "MultipleChoice"
prompt.prompt = "Pick the even numbers."
prompt.distractors = ["3"]
answer.answer = ["2", "4"]

[[questions]]
id = "short"
type = "ShortAnswer"
prompt.prompt = "Capital of France?"
answer.answer = "Paris"
answer.alternatives = ["paris, france"]

[[questions]]
id = "trace"
type = "Tracing"
prompt.program = "fn main() { println!(\"1\"); }"
answer.doesCompile = true
answer.stdout = "1"
```

{{#quiz quizzes/extra.toml}}
"#;
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("ch.md", body),
        ("quizzes/extra.toml", "[[questions]]\nid = \"inc\"\ntype = \"ShortAnswer\"\nprompt.prompt = \"Included?\"\nprompt.response = \"long\"\nanswer.answer = \"yes\"\n"),
    ]);
    insta::assert_snapshot!(article(&fixture.site(), "ch.html"));
}

#[test]
fn summary_parts_nesting_drafts_and_separators() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\nsrc = \"src\"\n"),
        ("src/SUMMARY.md", "# Summary\n\n[Intro](README.md)\n\n# Basics\n\n- [One](one.md)\n  - [One A](one/a.md)\n  - [Draft child]()\n- [Two](two.md)\n\n---\n\n# Advanced\n\n- [Three](three.md)\n\n[Outro](outro.md)\n"),
        ("src/README.md", "# Intro\n"),
        ("src/one.md", "+++\ntitle = \"One (the page title)\"\n+++\n# One\n"),
        ("src/one/a.md", "# A\n"),
        ("src/two.md", "# Two\n"),
        ("src/three.md", "# Three\n"),
        ("src/outro.md", "# Outro\n"),
        ("src/unlisted.md", "# Not in SUMMARY, not built\n"),
    ]);
    let site = fixture.site();
    // The sidebar shows SUMMARY.md's link text (as mdBook does); the page keeps its own title.
    insta::assert_snapshot!(page(&site, "toc.js"));
    assert!(page(&site, "one.html").contains("<title>One (the page title) · T</title>"));
    assert!(!site.files.contains_key("unlisted.html"));
    let pager = |path: &str| {
        let html = page(&site, path);
        let start = html.find("<nav class=\"pager\"").unwrap();
        html[start..start + html[start..].find("</nav>").unwrap()].to_string()
    };
    assert!(
        pager("one/a.html").contains("href=\"../one.html\""),
        "{}",
        pager("one/a.html")
    );
    assert!(pager("one/a.html").contains("href=\"../two.html\""));
}

#[test]
fn directory_walk_orders_by_numeric_prefix_with_parts_from_directories() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("README.md", "# Welcome\n"),
        ("10-late.md", "# Late\n"),
        (
            "zz-weighted.md",
            "+++\nweight = -1\n+++\n# Weighted first\n",
        ),
        ("2-early.md", "# Early\n"),
        ("03-databases/index.md", "# Databases\n"),
        ("03-databases/02-plans.md", "# Query plans\n"),
        ("03-databases/01-indexes.md", "# Indexes\n"),
        (".hidden/secret.md", "# Secret\n"),
        ("site/old.md", "# Old output\n"),
    ]);
    let options = LoadOptions {
        root: fixture.book(),
        output: Some(fixture.book().join("site")),
        ..Default::default()
    };
    let (book, problems) = skillbook::load::load(&options).unwrap();
    assert!(problems.is_empty());
    let order: Vec<&str> = book.chapters.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        order,
        [
            "README.md",
            "zz-weighted.md",
            "2-early.md",
            "10-late.md",
            "03-databases/index.md",
            "03-databases/01-indexes.md",
            "03-databases/02-plans.md"
        ]
    );
    assert_eq!(book.chapters[5].part.as_deref(), Some("Databases"));
}

#[test]
fn bundled_handbook_builds_clean_and_every_internal_link_resolves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("handbook");
    let out = tempfile::tempdir().unwrap();
    let site_dir = out.path().join("site");
    // Strict: no warnings either (a prerequisite read later than its chapter, for one). Staleness
    // depends on the day, so it is left to `skillbook check --stale`.
    let options = LoadOptions {
        root,
        output: Some(site_dir.clone()),
        strict: true,
        ..Default::default()
    };
    if let Err(d) = skillbook::build(&options, &site_dir) {
        panic!(
            "the bundled handbook must build with zero diagnostics:\n{}",
            d.render(false)
        );
    }
    // The same crawler `skillbook check --site` uses; its own tests show it finds broken links.
    let broken = skillbook::crawl::crawl(&site_dir, "/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.render(false));
    let chapters = fs::read_dir(&site_dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "html")
        })
        .count();
    assert!(
        chapters >= 16,
        "13 chapters, home, 404 and contents pages; found {chapters}"
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

// ---- Bad input: exact diagnostics, exit status 1, previous output untouched ----

/// Builds a good version first, then breaks it, rebuilds and checks the failure leaves `site/` as it was.
fn assert_build_fails(files: &[(&str, &str)], broken: (&str, &str), expected: &str) {
    let fixture = Fixture::new(files);
    let (code, stderr) = fixture.run(&["build", "book", "-o", "site"]);
    assert_eq!(code, 0, "the good version builds: {stderr}");
    let before = snapshot_dir(&fixture.dir.path().join("site"));
    fixture.write(broken.0, broken.1);
    let (code, stderr) = fixture.run(&["build", "book", "-o", "site"]);
    assert_eq!(code, 1, "exit status 1; stderr:\n{stderr}");
    assert_eq!(stderr, expected);
    assert_eq!(
        snapshot_dir(&fixture.dir.path().join("site")),
        before,
        "the previous site is untouched"
    );
    let leftovers: Vec<_> = fs::read_dir(fixture.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary directories left behind: {leftovers:?}"
    );
}

fn snapshot_dir(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walk(dir)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn summary_entries_without_a_link_were_dropped_without_a_word() {
    assert_build_fails(
        &[
            CONFIG,
            ("SUMMARY.md", "# Summary\n\n- [One](one.md)\n"),
            ("one.md", "# One\n"),
        ],
        (
            "SUMMARY.md",
            "# Summary\n\n- [One](one.md)\n- [Two](two.md\n- Notes\n",
        ),
        "error: this SUMMARY.md entry is not a link, so no chapter is listed for it
  ┌─ book/SUMMARY.md:4:1
  │
4 │ - [Two](two.md
  │ ^^^^^^^^^^^^^^
  │
  = help: write it as `- [Title](file.md)` (close both brackets), or `- [Title]()` for a draft

error: this SUMMARY.md entry is not a link, so no chapter is listed for it
  ┌─ book/SUMMARY.md:5:1
  │
5 │ - Notes
  │ ^^^^^^^
  │
  = help: write it as `- [Title](file.md)` (close both brackets), or `- [Title]()` for a draft

2 errors
",
    );
}

#[test]
fn summary_entry_pointing_to_a_missing_file() {
    assert_build_fails(
        &[
            CONFIG,
            ("SUMMARY.md", "# Summary\n\n- [One](one.md)\n"),
            ("one.md", "# One\n"),
        ],
        (
            "SUMMARY.md",
            "# Summary\n\n- [One](one.md)\n- [Gone](gone.md)\n",
        ),
        "error: chapter file `gone.md` does not exist
  ┌─ book/SUMMARY.md:4:3
  │
4 │ - [Gone](gone.md)
  │   ^^^^^^^^^^^^^^^
  │
  = help: create book/gone.md or fix the link in SUMMARY.md

1 error
",
    );
}

#[test]
fn malformed_front_matter() {
    assert_build_fails(
        &[CONFIG, ("one.md", "# One\n")],
        ("one.md", "+++\ntitle = \"One\"\nlevel = \"intermediate\n+++\n# One\n"),
        "error: invalid TOML front matter: invalid basic string, expected `\"`
  ┌─ book/one.md:3:22
  │
3 │ level = \"intermediate
  │                      ^
  │
  = help: front matter keys: title, description, weight, level, skills, prerequisites, time-estimate, updated, last-reviewed, review-every, extra

1 error
",
    );
}

#[test]
fn malformed_quiz_toml_is_reported_in_the_chapter_file() {
    assert_build_fails(
        &[CONFIG, ("one.md", "# One\n")],
        ("one.md", "# One\n\nText.\n\n```quiz\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Unclosed\nanswer.answer = \"x\"\n```\n"),
        "error: invalid quiz TOML: invalid basic string, expected `\"`
  ┌─ book/one.md:8:26
  │
8 │ prompt.prompt = \"Unclosed
  │                          ^
  │
  = help: fix the TOML at the caret: text is quoted (\"…\" on one line, \"\"\"…\"\"\" over several), each key is `name = value`, each question starts with [[questions]]

1 error
",
    );
}

#[test]
fn a_misspelt_quiz_key_got_only_the_schema_as_help() {
    assert_build_fails(
        &[CONFIG, ("one.md", "# One\n")],
        ("one.md", "# One\n\n```quiz\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Name it\"\nanswr.answer = \"x\"\n```\n"),
        "error: invalid quiz TOML: unknown field `answr`, expected one of `type`, `id`, `context`, `multipart`, `promptExplanation`, `prompt`, `answer`, `explanations`
  ┌─ book/one.md:7:1
  │
7 │ answr.answer = \"x\"
  │ ^^^^^
  │
  = help: did you mean `answer`? a quiz is [[questions]] tables with type = \"MultipleChoice\" | \"ShortAnswer\" | \"Tracing\", prompt.*, answer.* and context (mdbook-quiz schema); see the README

1 error
",
    );
}

#[test]
fn duplicate_explicit_heading_ids() {
    assert_build_fails(
        &[CONFIG, ("one.md", "# One\n")],
        (
            "one.md",
            "# One\n\n## Setup {#setup}\n\n## Install {#setup}\n",
        ),
        "error: duplicate heading id `setup`
  ┌─ book/one.md:5:1
  │
5 │ ## Install {#setup}
  │ ^^^^^^^^^^^^^^^^^^^
  │
  = help: line 3 already uses it; heading ids must be unique within a page

1 error
",
    );
}

#[test]
fn broken_chapter_link() {
    assert_build_fails(
        &[CONFIG, ("one.md", "# One\n"), ("two.md", "# Two\n")],
        ("one.md", "# One\n\nSee [the other one](tow.md) for more.\n"),
        "error: broken link: chapter `tow.md` does not exist
  ┌─ book/one.md:3:5
  │
3 │ See [the other one](tow.md) for more.
  │     ^^^^^^^^^^^^^^^^^^^^^^^
  │
  = help: check the file name; chapter links are relative to the chapter's own directory

1 error
",
    );
}

#[test]
fn broken_anchor() {
    assert_build_fails(
        &[
            CONFIG,
            ("one.md", "# One\n"),
            ("two.md", "# Two\n\n## Details\n"),
        ],
        ("one.md", "# One\n\nSee [details](two.md#detail).\n"),
        "error: broken anchor: `two.md` has no heading with id `detail`
  ┌─ book/one.md:3:5
  │
3 │ See [details](two.md#detail).
  │     ^^^^^^^^^^^^^^^^^^^^^^^^
  │
  = help: heading ids in `two.md`: `details`, `two`

1 error
",
    );
}

/// Links in a chapter's raw HTML were rewritten (`.md` to `.html`) but never checked, so a
/// build passed that `check --site` (and the Pages workflow) then failed. They are checked as
/// Markdown links are, at the place they are written; absolute paths stay unchecked.
#[test]
fn links_in_raw_html_passed_the_build_and_failed_the_site_check() {
    assert_build_fails(
        &[
            CONFIG,
            ("one.md", "# One\n"),
            ("two.md", "# Two\n\n## Details\n"),
        ],
        (
            "one.md",
            "# One\n\n<div>\n<a href=\"two.md#detail\">x</a> <img src=\"/logo.png\"> <a href=\"tow.md\">y</a>\n</div>\n",
        ),
        "error: broken anchor: `two.md` has no heading with id `detail`
  ┌─ book/one.md:4:10
  │
4 │ <a href=\"two.md#detail\">x</a> <img src=\"/logo.png\"> <a href=\"tow.md\">y</a>
  │          ^^^^^^^^^^^^^
  │
  = help: heading ids in `two.md`: `details`, `two`

error: broken link: chapter `tow.md` does not exist
  ┌─ book/one.md:4:62
  │
4 │ <a href=\"two.md#detail\">x</a> <img src=\"/logo.png\"> <a href=\"tow.md\">y</a>
  │                                                              ^^^^^^
  │
  = help: check the file name; chapter links are relative to the chapter's own directory

2 errors
",
    );
}

/// A link to a page or file the build makes itself (the print version, all checklists, the
/// theme's stylesheet) was reported broken, though the site has it.
#[test]
fn links_to_generated_pages_were_reported_broken() {
    let site = Fixture::new(&[
        CONFIG,
        (
            "one.md",
            "# One\n\n[print](print.html) [lists](checklists.html) [css](assets/style.css)\n\n<a href=\"progress.html\">p</a>\n",
        ),
        ("part/two.md", "# Two\n\n[print](../print.html)\n"),
    ])
    .site();
    let one = page(&site, "one.html");
    assert!(
        one.contains(r#"<p><a href="print.html">print</a> <a href="checklists.html">lists</a> <a href="assets/style.css">css</a></p>"#),
        "{one}"
    );
    assert!(one.contains(r#"<a href="progress.html">p</a>"#), "{one}");
    assert!(page(&site, "part/two.html").contains(r#"<a href="../print.html">print</a>"#));
}

/// An empty checklist item (`- [ ]` alone) built a box with no label, which a screen reader
/// announces with no name, without a word to the author.
#[test]
fn an_empty_checklist_item_gave_a_box_with_no_label_silently() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n\n- [ ] Real item\n- [ ]\n")]);
    assert_eq!(
        fixture.warnings(&fixture.options()),
        "warning: empty checklist item: readers get a box with nothing to say what it is for
  ┌─ book/one.md:4:3
  │
4 │ - [ ]
  │   ^^^
  │
  = help: write what the reader does, or remove the item

1 warning
"
    );
}

/// A numbered checklist (`3. [ ] …`) lost its numbers: the chapter page hid them with the
/// bullets, and `checklists.html` gathered it as a bulleted list.
#[test]
fn a_numbered_checklist_lost_its_numbers() {
    let site = Fixture::new(&[CONFIG, ("one.md", "# One\n\n3. [ ] First\n4. [ ] Second\n")]).site();
    assert!(
        page(&site, "one.html").contains(r#"<ol class="checklist" id="checklist-1" start="3">"#)
    );
    let gathered = page(&site, "checklists.html");
    assert!(
        gathered.contains(r#"<ol class="checklist" id="one--checklist-1" start="3">"#),
        "{gathered}"
    );
    let css = page(&site, "assets/style.css");
    assert!(
        css.contains(
            r#"ol.checklist > li:not([class|="depth"])::before { content: counter(list-item) ".";"#
        ),
        "the numbers are drawn before the boxes"
    );
}

/// On `checklists.html` every heading said "Checklist": someone moving by headings with a
/// screen reader could not tell whose checklist each was.
#[test]
fn every_checklist_heading_on_the_gathering_page_said_only_checklist() {
    let site = Fixture::new(&[
        CONFIG,
        ("one.md", "# Databases\n\n## Checklist\n\n- [ ] Indexes\n"),
        ("two.md", "# Git\n\n- [ ] Rebase\n"),
    ])
    .site();
    let gathered = page(&site, "checklists.html");
    assert!(
        gathered.contains(r#"<h2>Checklist<span class="visually-hidden"> · Databases</span></h2>"#),
        "{gathered}"
    );
    assert!(gathered.contains("<h2>Git</h2>"), "{gathered}");
}

/// The images of a `srcset` were checked neither by the build nor by `check --site`, and the
/// print page left a chapter's relative ones pointing beside the chapter.
#[test]
fn srcset_images_were_never_checked_and_broke_on_the_print_page() {
    let fixture = Fixture::new(&[
        CONFIG,
        ("part/img/a.png", "png"),
        (
            "part/one.md",
            "# One\n\n<img src=\"img/a.png\" srcset=\"img/a.png 1x, img/nope.png 2x\">\n",
        ),
    ]);
    let errors = fixture.errors();
    assert!(
        errors.starts_with(
            "error: broken link: `img/nope.png` does not exist\n  ┌─ book/part/one.md:3:44\n"
        ),
        "{errors}"
    );
    fixture.write(
        "part/one.md",
        "# One\n\n<img src=\"img/a.png\" srcset=\"img/a.png 1x, img/a.png 2x\">\n",
    );
    let (code, stderr) = fixture.run(&["build", "book", "-o", "site"]);
    assert_eq!(code, 0, "{stderr}");
    let print = fs::read_to_string(fixture.dir.path().join("site/print.html")).unwrap();
    assert!(
        print.contains(r#"srcset="part/img/a.png 1x, part/img/a.png 2x""#),
        "{print}"
    );
    let (code, stderr) = fixture.run(&["check", "--site", "site"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn every_problem_is_reported_before_failing() {
    let fixture = Fixture::new(&[
        CONFIG,
        ("one.md", "# One\n\n[a](missing.md)\n"),
        ("two.md", "# Two\n\n[b](#nowhere)\n"),
    ]);
    let (code, stderr) = fixture.run(&["check", "book"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("book/one.md:3:1"), "{stderr}");
    assert!(stderr.contains("book/two.md:3:1"), "{stderr}");
    assert!(stderr.ends_with("2 errors\n"), "{stderr}");
}

#[test]
fn byte_order_mark_is_stripped() {
    let site = chapter_site("\u{feff}+++\ntitle = \"With BOM\"\n+++\n# Heading\n");
    let html = page(&site, "ch.html");
    assert!(
        html.contains("<title>With BOM · T</title>"),
        "front matter after a BOM is read"
    );
    assert!(!html.contains('\u{feff}'));
}

#[test]
fn crlf_line_endings_work() {
    let site = chapter_site("+++\r\ntitle = \"Windows\"\r\n+++\r\n# Heading\r\n\r\n- [ ] Item\r\n\r\n```quiz\r\n[[questions]]\r\ntype = \"ShortAnswer\"\r\nprompt.prompt = \"Q\"\r\nanswer.answer = \"A\"\r\n```\r\n");
    let html = article(&site, "ch.html");
    assert!(
        html.contains("<title>") || page(&site, "ch.html").contains("<title>Windows · T</title>")
    );
    assert!(html.contains("data-task=\""), "{html}");
    assert!(html.contains("<form class=\"quiz\""), "{html}");
}

#[test]
fn empty_chapter_builds() {
    let site = chapter_site("");
    assert!(page(&site, "ch.html").contains("<title>Ch · T</title>"));
}

#[test]
fn output_directory_is_replaced_atomically_and_stale_files_go() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n"), ("two.md", "# Two\n")]);
    assert_eq!(fixture.run(&["build", "book", "-o", "site"]).0, 0);
    assert!(fixture.dir.path().join("site/two.html").is_file());
    fs::remove_file(fixture.book().join("two.md")).unwrap();
    assert_eq!(fixture.run(&["build", "book", "-o", "site"]).0, 0);
    assert!(
        !fixture.dir.path().join("site/two.html").exists(),
        "a clean build drops pages of deleted chapters"
    );
    assert!(fixture.dir.path().join("site/.nojekyll").is_file());
}

#[test]
fn refuses_to_build_over_the_handbook() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    let (code, stderr) = fixture.run(&["build", "book", "-o", "."]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: the output directory contains the handbook"),
        "{stderr}"
    );
    assert!(fixture.book().join("one.md").is_file());
}

#[test]
fn sitemap_is_absolute_with_a_base_url() {
    let fixture = Fixture::new(&[
        (
            "handbook.toml",
            "title = \"T\"\nbase-url = \"https://example.org/repo\"\n",
        ),
        ("a b.md", "# A\n"),
    ]);
    let sitemap = page(&fixture.site(), "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/repo/a%20b.html</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://example.org/repo/index.html</loc>"),
        "{sitemap}"
    );
}

// Regression: without a base URL, `sitemap.xml` listed relative locations
// (`<loc>index.html</loc>`), which the sitemap protocol forbids: they must be absolute URLs.
#[test]
fn a_sitemap_without_a_base_url_had_relative_locations() {
    let fixture = Fixture::new(&[CONFIG, ("a.md", "# A\n"), ("sitemap.xml", "<urlset/>\n")]);
    let site = fixture.site();
    // No sitemap of skillbook's, and nothing names one: the author's own is copied as it is.
    assert_eq!(page(&site, "sitemap.xml"), "<urlset/>\n");
    assert_eq!(page(&site, "robots.txt"), "User-agent: *\nAllow: /\n");
    let naming: Vec<&String> = site
        .files
        .iter()
        .filter(|(path, text)| {
            *path != "sitemap.xml" && String::from_utf8_lossy(text).contains("sitemap")
        })
        .map(|(path, _)| path)
        .collect();
    assert!(naming.is_empty(), "{naming:?}");
    // With a base URL skillbook writes the sitemap, and the author's is in its way.
    fixture.write(
        "handbook.toml",
        "title = \"T\"\nbase-url = \"https://example.org/repo\"\n",
    );
    assert_eq!(
        fixture.errors(),
        "error: would be written to `sitemap.xml`, which is already a file skillbook generates\n = in book/sitemap.xml\n = help: rename one of them; every output path must come from one source\n\n1 error\n"
    );
}

// Regression: a handbook's `404.md` without SUMMARY.md became a chapter written over the
// not-found page, and the build failed with "rename one of them": mdBook books got a note.
#[test]
fn a_handbooks_404_md_was_a_chapter_clashing_with_the_not_found_page() {
    let fixture = Fixture::new(&[
        CONFIG,
        ("a.md", "# A\n"),
        ("404.md", "# Lost?\n"),
        ("part/404.md", "# Error 404\n"),
    ]);
    assert_eq!(
        fixture.warnings(&fixture.options()),
        "note: not a chapter: skillbook writes its own not-found page, `404.html`\n = in book/404.md\n = help: to say what this page says, override the theme's `templates/404.html` (README, Themes); to make it a chapter, rename it\n\n1 note\n"
    );
    let site = fixture.site();
    assert!(!page(&site, "404.html").contains("Lost?"));
    // Only the one at the top stands for the not-found page.
    assert!(page(&site, "part/404.html").contains("Error 404"));
    // Listed in SUMMARY.md it is a chapter, which cannot be written over the not-found page.
    fixture.write("SUMMARY.md", "- [A](a.md)\n- [Lost](404.md)\n");
    assert_eq!(
        fixture.errors(),
        "error: would be written to `404.html`, which is already a file skillbook generates\n = in book/404.md\n = help: skillbook writes its own not-found page there: rename this chapter; to change what the not-found page says, override the theme's `templates/404.html` (README, Themes)\n\n1 error\n"
    );
}

#[test]
fn sidebar_is_shared_so_pages_do_not_grow_with_the_chapter_count() {
    let many: Vec<(String, String)> = (0..60)
        .map(|i| (format!("{i:02}-c.md"), format!("# Chapter {i}\n\nBody.\n")))
        .collect();
    let mut files: Vec<(&str, &str)> = vec![CONFIG];
    files.extend(many.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let site = Fixture::new(&files).site();
    let few = Fixture::new(&[
        CONFIG,
        ("00-c.md", "# Chapter 0\n\nBody.\n"),
        ("01-c.md", "# Chapter 1\n\nBody.\n"),
        ("02-c.md", "# Chapter 2\n\nBody.\n"),
    ])
    .site();
    let size = |s: &Site| page(s, "01-c.html").len() as i64;
    assert_eq!(
        size(&site),
        size(&few),
        "page size independent of chapter count: {} vs {}",
        size(&site),
        size(&few)
    );
    assert!(page(&site, "toc.js").contains("59-c.html"));
}

#[test]
fn a_language_that_is_not_a_language_tag_is_reported_at_its_value() {
    assert_build_fails(
        &[CONFIG, ("ch.md", "# Chapter\n")],
        (
            "handbook.toml",
            "description = \"../../etc\"\nlanguage = \"../../etc\"\n",
        ),
        "error: language `../../etc` is not a language tag
  ┌─ book/handbook.toml:2:12
  │
2 │ language = \"../../etc\"
  │            ^
  │
  = help: write a BCP 47 tag such as \"en\", \"de\", \"pt-BR\" or \"zh-Hans\"

1 error
",
    );
}

/// handbook.toml's problems came one per run (a misspelt key, then a value of the wrong type,
/// then an invalid value), in no particular order: every one is reported, in file order.
#[test]
fn handbook_toml_reported_one_problem_per_run() {
    let fixture = Fixture::new(&[
        (
            "handbook.toml",
            "titel = \"T\"\nlanguage = \"de!\"\nsearch = \"yes\"\nreview-every = \"3 fortnights\"\n\n[ui]\nchek = \"x\"\n",
        ),
        ("ch.md", "# Chapter\n"),
    ]);
    let errors = fixture.errors();
    let headers: Vec<&str> = errors
        .lines()
        .filter(|l| l.starts_with("error") || l.contains("┌─"))
        .map(str::trim)
        .collect();
    assert_eq!(
        headers,
        [
            "error: unknown field `titel`, expected one of `title`, `description`, `authors`, `language`, `src`, `base-url`, `theme`, `smart-punctuation`, `cname`, `search`, `exclude`, `edit-url-template`, `ui`, `checklists`, `additional-css`, `additional-js`, `git-repository-url`, `mathjax-support`, `progress-id`, `redirect`, `hidelines`, `review-every`",
            "┌─ book/handbook.toml:1:1",
            "error: language `de!` is not a language tag",
            "┌─ book/handbook.toml:2:12",
            "error: invalid type: string \"yes\", expected a boolean",
            "┌─ book/handbook.toml:3:10",
            "error: `3 fortnights` is not a review period; write a period such as \"12 months\", \"6 weeks\" or \"1 year\"",
            "┌─ book/handbook.toml:4:16",
            "error: unknown UI string `chek`",
            "┌─ book/handbook.toml:7:1",
        ],
        "{errors}"
    );
    assert!(errors.ends_with("5 errors\n"), "{errors}");
    // Syntax errors are reported together too.
    fixture.write("handbook.toml", "title = \"T\nsearch = yes\n");
    let errors = fixture.errors();
    assert!(errors.contains("┌─ book/handbook.toml:1:11"), "{errors}");
    assert!(errors.contains("┌─ book/handbook.toml:2:10"), "{errors}");
    assert!(errors.ends_with("2 errors\n"), "{errors}");
}

#[test]
fn a_new_title_wiped_every_readers_progress() {
    let book_id = |config: &str| {
        let site = Fixture::new(&[("handbook.toml", config), ("ch.md", "# Chapter\n")]).site();
        let html = page(&site, "ch.html");
        let at = html.find("data-book=\"").expect("data-book") + "data-book=\"".len();
        html[at..at + html[at..].find('"').unwrap()].to_string()
    };
    // Without progress-id the name comes from the title; with it, a new title keeps it.
    assert_ne!(book_id("title = \"Old\"\n"), book_id("title = \"New\"\n"));
    assert_eq!(
        book_id("title = \"Old\"\nprogress-id = \"team-book\"\n"),
        "team-book"
    );
    assert_eq!(
        book_id("title = \"New\"\nprogress-id = \"team-book\"\n"),
        "team-book"
    );
    assert_build_fails(
        &[CONFIG, ("ch.md", "# Chapter\n")],
        ("handbook.toml", "progress-id = \"team:book\"\n"),
        "error: progress-id `team:book` is not 1 to 64 letters, digits, `-` or `_`
  ┌─ book/handbook.toml:1:15
  │
1 │ progress-id = \"team:book\"
  │               ^
  │
  = help: write a short name that stays the same, e.g. \"sde2-handbook\"

1 error
",
    );
}

#[test]
fn language_names_and_malformed_tags_are_refused_and_tags_accepted() {
    for bad in ["English", "en US", "en_US", "", "e"] {
        let config = format!("language = \"{bad}\"\n");
        let fixture = Fixture::new(&[("handbook.toml", config.as_str()), ("ch.md", "# C\n")]);
        assert!(
            fixture
                .errors()
                .contains(&format!("language `{bad}` is not a language tag")),
            "{bad}"
        );
    }
    for good in ["de", "pt-BR", "zh-Hans-CN", "ja"] {
        let config = format!("language = \"{good}\"\nsearch = false\n");
        Fixture::new(&[("handbook.toml", config.as_str()), ("ch.md", "# C\n")]).site();
    }
}

#[test]
fn deeply_nested_summary_overflowed_the_stack() {
    let mut summary = String::from("# Summary\n\n");
    for i in 0..2000 {
        summary.push_str(&format!("{}- [C{i}](c.md)\n", "  ".repeat(i)));
    }
    let errors = Fixture::new(&[CONFIG, ("SUMMARY.md", &summary), ("c.md", "# C\n")]).errors();
    assert!(
        errors.contains("error: chapters are nested more than 16 levels deep"),
        "{errors}"
    );
}

#[test]
fn a_template_including_itself_overflowed_the_stack() {
    let errors = Fixture::new(&[
        CONFIG,
        ("one.md", "# One\n"),
        (
            "theme/templates/partials/footer.html",
            "<p>\n{% include \"partials/footer.html\" %}\n",
        ),
    ])
    .errors();
    let mut lines = errors.lines();
    assert_eq!(lines.next(), Some("error: templates include each other in a loop: 404.html → base.html → partials/footer.html → partials/footer.html"));
    assert_eq!(
        lines.next().map(str::trim),
        Some("┌─ book/theme/templates/partials/footer.html:2:1")
    );
}

/// An overriding `page.html` that filled a block its parent does not have (`content`, where
/// `base.html` has `main`) built every chapter with an empty page and exit status 0.
#[test]
fn a_template_block_missing_from_its_parent_emptied_every_page() {
    let errors = Fixture::new(&[
        CONFIG,
        ("one.md", "# One\n"),
        (
            "theme/templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}{{ content | safe }}{% endblock %}\n",
        ),
    ])
    .errors();
    assert_eq!(
        errors,
        "error: block `content` is in no template `page.html` extends (base.html), so its content is never shown
  ┌─ book/theme/templates/page.html:2:1
  │
2 │ {% block content %}{{ content | safe }}{% endblock %}
  │ ^
  │
  = help: name one of their blocks: `head`, `main`, `scripts`, `title`

1 error
"
    );
}

#[test]
fn a_render_error_in_a_template_was_repeated_for_every_page() {
    let errors = Fixture::new(&[
        CONFIG,
        ("one.md", "# One\n"),
        ("two.md", "# Two\n"),
        ("theme/templates/partials/footer.html", "{{ nope.x }}"),
    ])
    .errors();
    assert_eq!(
        errors
            .matches("error: template error in `partials/footer.html`")
            .count(),
        1,
        "{errors}"
    );
    assert!(errors.ends_with("1 error\n"), "{errors}");
}

#[test]
fn thousands_of_identical_headings_took_quadratic_time() {
    let body: String = "## Same\n\n".repeat(3000);
    let site = Fixture::new(&[CONFIG, ("ch.md", &body)]).site();
    let html = page(&site, "ch.html");
    assert!(html.contains("id=\"same\"") && html.contains("id=\"same-2999\""));
}

#[test]
fn output_files_silently_overwrote_each_other() {
    let errors = Fixture::new(&[
        CONFIG,
        ("README.md", "# A\n"),
        ("index.md", "# B\n"),
        ("toc.md", "# T\n"),
        ("foo.md", "# F\n"),
        ("foo.html", "<p>asset</p>"),
    ])
    .errors();
    assert!(
        errors
            .contains("error: would be written to `index.html`, which is already the output of `"),
        "{errors}"
    );
    assert!(
        errors.contains(
            "error: would be written to `toc.html`, which is already a file skillbook generates"
        ),
        "{errors}"
    );
    assert!(
        errors.contains(
            "error: would be written to `foo.html`, which is already the output of `foo.md`"
        ),
        "{errors}"
    );
}

#[test]
fn heading_ids_clashed_with_quiz_checklist_and_footnote_ids() {
    let body = "# C\n\n## Quiz 1\n\n## Checklist 1\n\n## fn a\n\nNote[^a].\n\n- [ ] x\n\n```quiz\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q\"\nanswer.answer = \"A\"\n```\n\n[^a]: A note.\n";
    let site = Fixture::new(&[CONFIG, ("ch.md", body)]).site();
    let html = page(&site, "ch.html");
    let mut ids: Vec<&str> = html
        .match_indices(" id=\"")
        .map(|(at, _)| &html[at + 5..at + 5 + html[at + 5..].find('"').unwrap()])
        .collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "every id on the page is unique: {ids:?}");
}

#[test]
fn links_to_footnote_task_and_raw_html_ids_were_called_broken() {
    let body = "# C\n\nSee [note](#fn-a), [item](#ship) and [custom](#custom).\n\nText[^a].\n\n- [ ] Ship it {#ship}\n\n<a id=\"custom\"></a>\n\n[^a]: A note.\n";
    let site = Fixture::new(&[CONFIG, ("ch.md", body)]).site();
    assert!(page(&site, "ch.html").contains("href=\"#fn-a\""));
}

#[test]
fn a_checklist_id_equal_to_a_heading_id_was_accepted() {
    let errors = Fixture::new(&[
        CONFIG,
        ("ch.md", "# C\n\n## Setup\n\n- [ ] Task {#setup}\n"),
    ])
    .errors();
    assert!(
        errors.starts_with("error: id `setup` is already used on this page"),
        "{errors}"
    );
}

#[test]
fn a_front_matter_error_hid_link_errors_in_other_chapters() {
    let errors = Fixture::new(&[
        CONFIG,
        ("one.md", "# One\n\n[x](missing.md)\n"),
        ("two.md", "+++\ntitle = 1\n+++\n# Two\n"),
    ])
    .errors();
    assert!(errors.contains("book/one.md:3:1"), "{errors}");
    assert!(errors.contains("book/two.md:2:9"), "{errors}");
    assert!(errors.ends_with("2 errors\n"), "{errors}");
}

#[test]
fn an_upper_case_md_extension_became_md_html() {
    let site = Fixture::new(&[CONFIG, ("UP.MD", "# Up\n")]).site();
    assert!(
        site.files.contains_key("UP.html"),
        "{:?}",
        site.files.keys().collect::<Vec<_>>()
    );
}

/// An external link in SUMMARY.md was reported as "`https:/example.com` is not a chapter file":
/// the message showed the URL normalised as a path, one slash lost. It is named as written, and
/// as what it is; it is still an error, as in mdBook.
#[test]
fn an_external_link_in_summary_was_shown_with_a_slash_lost() {
    let fixture = Fixture::new(&[
        CONFIG,
        (
            "SUMMARY.md",
            "# Summary\n\n- [Ext](https://example.com)\n- [Ch](ch.md)\n",
        ),
        ("ch.md", "# Ch\n"),
    ]);
    assert_eq!(
        fixture.errors(),
        "error: `https://example.com` is an external link, not a chapter file
  ┌─ book/SUMMARY.md:3:3
  │
3 │ - [Ext](https://example.com)
  │   ^^^^^^^^^^^^^^^^^^^^^^^^^^
  │
  = help: SUMMARY.md lists the handbook's own Markdown files; put external links in a chapter's text

1 error
"
    );
}

#[test]
fn summary_accepted_non_markdown_and_itself_as_chapters() {
    let errors = Fixture::new(&[
        CONFIG,
        (
            "SUMMARY.md",
            "- [Pic](pic.png)\n- [Sum](SUMMARY.md)\n- [Dir](dir)\n",
        ),
        ("pic.png", "png"),
        ("dir/README.md", "# D\n"),
    ])
    .errors();
    assert!(
        errors.contains("error: `pic.png` is not a chapter file"),
        "{errors}"
    );
    assert!(
        errors.contains("error: `SUMMARY.md` is not a chapter file"),
        "{errors}"
    );
    assert!(
        errors.contains("help: link to dir/README.md or dir/index.md instead"),
        "{errors}"
    );
}

#[test]
fn empty_directories_became_empty_parts() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n"), ("images/logo.png", "png")]);
    assert!(!page(&fixture.site(), "toc.js").contains("toc-part"));
}

/// The landing-page rule was case-sensitive when resolving links and case-insensitive when
/// building pages, so a link to `part/` failed when the landing file was `part/Readme.md`.
#[test]
fn a_link_to_a_directory_failed_when_its_landing_file_was_readme_in_mixed_case() {
    let fixture = Fixture::new(&[
        CONFIG,
        (
            "one.md",
            "# One\n\nSee [the part](part/) and [again](part).\n",
        ),
        ("part/Readme.md", "# Part\n"),
    ]);
    let site = fixture.site();
    let html = page(&site, "one.html");
    assert!(
        html.contains("<a href=\"part/index.html\">the part</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"part/index.html\">again</a>"),
        "{html}"
    );
    assert!(site.files.contains_key("part/index.html"));
}

/// A link to a Markdown file left out of SUMMARY.md says why it is broken: the file exists but
/// is not listed (known from the load stage's walk, not from a second look at the disk).
#[test]
fn a_link_to_an_unlisted_chapter_says_it_is_missing_from_summary() {
    let errors = Fixture::new(&[
        CONFIG,
        ("SUMMARY.md", "# Summary\n\n- [One](one.md)\n"),
        (
            "one.md",
            "# One\n\nSee [the draft](draft.md) and [nothing](gone.md).\n",
        ),
        ("draft.md", "# Draft\n"),
    ])
    .errors();
    assert!(
        errors.contains("= help: the file exists but is not in SUMMARY.md; add it there"),
        "{errors}"
    );
    assert!(
        errors.contains("error: broken link: chapter `gone.md` does not exist"),
        "{errors}"
    );
    assert!(errors.contains("= help: check the file name; chapter links are relative to the chapter's own directory"), "{errors}");
}

#[test]
fn the_answer_key_listed_several_answers_out_of_written_order() {
    let quiz = "# Q\n\n```quiz\n[[questions]]\nid = \"pick\"\ntype = \"MultipleChoice\"\nprompt.prompt = \"Pick the primes\"\nprompt.distractors = [\"4\", \"6\", \"8\"]\nanswer.answer = [\"2\", \"3\", \"5\", \"7\"]\n```\n";
    let site = chapter_site(quiz);
    for file in ["ch.html", "print.html"] {
        let html = page(&site, file);
        assert!(
            html.contains("<strong>Answers:</strong> 2; 3; 5; 7</p>"),
            "{file}: {}",
            &html[html.find("quiz-solution").unwrap_or(0)..][..120]
        );
    }
}

#[test]
fn the_checklists_page_flattened_nested_items_and_dropped_code_and_links() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("ch.md", "# Ship\n\n- [ ] First with `code` and a [link](other.md#x)\n  - [ ] Nested *one*\n- [x] Third\n"),
        ("other.md", "# Other\n\n## X\n"),
    ])
    .site();
    let html = page(&site, "checklists.html");
    let items: Vec<&str> = html
        .lines()
        .filter(|l| l.starts_with("<li"))
        .filter(|l| !l.starts_with("<link"))
        .collect();
    assert_eq!(
        items,
        [
            "<li><input type=\"checkbox\" class=\"task\" id=\"ch--t-8332fe83\" data-task=\"t-8332fe83\"><label for=\"ch--t-8332fe83\">First with <code>code</code> and a <a href=\"other.html#x\">link</a></label></li>",
            "<li class=\"depth-1\"><input type=\"checkbox\" class=\"task\" id=\"ch--t-3746e140\" data-task=\"t-3746e140\"><label for=\"ch--t-3746e140\">Nested <em>one</em></label></li>",
            "<li><input type=\"checkbox\" class=\"task\" id=\"ch--t-d8f545cf\" data-task=\"t-d8f545cf\" checked><label for=\"ch--t-d8f545cf\">Third</label></li>",
        ]
    );
}

// Regression: checklists.html copied a chapter's links to its own anchors and its footnote
// references as they were (`#setup`, `#fn-1`), which lead nowhere there and fail `check --site`.
#[test]
fn the_checklists_page_kept_links_to_anchors_of_the_chapter_it_came_from() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("part/ch.md", "# Ship\n\n## Setup\n\n- [ ] See [same page](#setup)\n- [ ] Note[^1]\n\n[^1]: The note.\n"),
    ])
    .site();
    let html = page(&site, "checklists.html");
    let labels: Vec<&str> = html
        .lines()
        .filter_map(|l| l.split_once("\">").filter(|_| l.starts_with("<li><input")))
        .map(|(_, label)| label)
        .collect();
    assert_eq!(
        labels,
        [
            "<label for=\"part-ch--t-17b349df\">See <a href=\"part/ch.html#setup\">same page</a></label></li>",
            "<label for=\"part-ch--t-0c0dbbe5\">Note<sup class=\"footnote-ref\"><a href=\"part/ch.html#fn-1\">1</a></sup></label></li>",
        ]
    );
}

/// The errors of building a handbook of `ch.md` and `01-getting-started.md` with `redirects` as
/// its `[redirect]` table.
fn redirect_errors(redirects: &str) -> String {
    Fixture::new(&[
        (
            "handbook.toml",
            &format!("title = \"T\"\n\n[redirect]\n{redirects}"),
        ),
        ("ch.md", "# Chapter\n"),
        ("01-getting-started.md", "# Start\n\n## Quiz\n"),
    ])
    .errors()
}

// Regression: a redirect key ending in `/` (`"/old/"`) was written as a file `old` without an
// extension, which a static host serves as a download (and `/old/` not at all); a key without
// `.html` or `/` had the same fate.
#[test]
fn a_redirect_key_ending_in_a_slash_was_written_as_a_file_without_an_extension() {
    let site = Fixture::new(&[
        (
            "handbook.toml",
            "title = \"T\"\n[redirect]\n\"/old/\" = \"ch.html\"\n\"/a/b/\" = \"../ch.html#x\"\n",
        ),
        ("ch.md", "# Chapter\n"),
    ])
    .site();
    assert!(!site.files.contains_key("old"), "{:?}", site.files.keys());
    // Targets are relative to the old page as named (`/old/` as `/old.html`), written from the
    // file's own folder.
    assert!(page(&site, "old/index.html").contains("content=\"0; URL=../ch.html\""));
    assert!(page(&site, "a/b/index.html").contains("content=\"0; URL=../../ch.html#x\""));
    assert_eq!(
        redirect_errors("\"/old\" = \"ch.html\"\n"),
        "error: redirect from `/old`: a static host serves `old` as a file to download, not as a page\n  ┌─ book/handbook.toml:4:1\n  │\n4 │ \"/old\" = \"ch.html\"\n  │ ^\n  │\n  = help: write `/old.html` for a page, or `/old/` for a folder's page (written as `old/index.html`)\n\n1 error\n"
    );
}

// Regression: a redirect to a page the site does not have built without a word (only
// `check --site` found it).
#[test]
fn a_redirect_to_a_missing_page_built_without_a_diagnostic() {
    // mdBook never checked redirect targets: a book configured by `book.toml` still builds.
    let book = Fixture::new(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[output.html.redirect]\n\"/gone.html\" = \"missing.html\"\n",
        ),
        ("src/SUMMARY.md", "- [Ch](ch.md)\n"),
        ("src/ch.md", "# Chapter\n"),
    ])
    .site();
    assert!(page(&book, "gone.html").contains("content=\"0; URL=missing.html\""));
    assert_eq!(
        redirect_errors("\"/gone.html\" = \"missing.html\"\n"),
        "error: redirect from `/gone.html`: `missing.html` is not a page or file of the site\n  ┌─ book/handbook.toml:4:1\n  │\n4 │ \"/gone.html\" = \"missing.html\"\n  │ ^\n  │\n  = help: redirect to a chapter's page (`x.html` for x.md), a file or another redirect: relative to the old page, or from the site root (`/x.html`)\n\n1 error\n"
    );
}

// Regression: an empty redirect target wrote `URL=`, a page that reloads itself forever.
#[test]
fn an_empty_redirect_target_reloaded_the_page_forever() {
    assert_eq!(
        redirect_errors("\"/x.html\" = \"\"\n"),
        "error: redirect from `/x.html` has an empty target: the page would reload itself forever\n  ┌─ book/handbook.toml:4:1\n  │\n4 │ \"/x.html\" = \"\"\n  │ ^\n  │\n  = help: write where the page moved, e.g. \"new.html\"\n\n1 error\n"
    );
}

// Regression: two redirects to each other built, and sent readers back and forth forever.
#[test]
fn redirects_to_each_other_built_a_loop() {
    assert_eq!(
        redirect_errors("\"/y2.html\" = \"/z2.html\"\n\"/z2.html\" = \"/y2.html\"\n"),
        "error: redirect loop: `/y2.html` → `/z2.html` → `/y2.html`\n  ┌─ book/handbook.toml:4:1\n  │\n4 │ \"/y2.html\" = \"/z2.html\"\n  │ ^\n  │\n  = help: send one of these redirects to a page of the site\n\n1 error\n"
    );
}

// Regression: a redirect target from the site root (`/ch.html`) was written as is, which under a
// base path (`/repo/`) leads out of the site.
#[test]
fn a_rooted_redirect_target_led_out_of_a_site_under_a_base_path() {
    let site = Fixture::new(&[
        (
            "handbook.toml",
            "title = \"T\"\nbase-url = \"https://me.github.io/repo/\"\n[redirect]\n\"/deep/old2.html\" = \"/01-getting-started.html#quiz\"\n\"/old3.html\" = \"/repo/ch.html\"\n",
        ),
        ("ch.md", "# Chapter\n"),
        ("01-getting-started.md", "# Start\n\n## Quiz\n"),
    ])
    .site();
    assert!(page(&site, "deep/old2.html")
        .contains("content=\"0; URL=../01-getting-started.html#quiz\""));
    assert!(page(&site, "old3.html").contains("content=\"0; URL=ch.html\""));
}

// Regression: the error for a redirect from a page the site has named the configuration file
// but no line.
#[test]
fn a_redirect_from_an_existing_page_was_reported_without_a_line() {
    assert_eq!(
        redirect_errors("'/ch.html' = \"01-getting-started.html\"\n"),
        "error: redirect from `/ch.html`: the site already has a page there\n  ┌─ book/handbook.toml:4:1\n  │\n4 │ '/ch.html' = \"01-getting-started.html\"\n  │ ^\n  │\n  = help: remove the redirect, or redirect from a page that no longer exists\n\n1 error\n"
    );
}
