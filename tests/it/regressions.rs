//! Regression tests, each named after what broke.

use std::fs;

use crate::support::{page, Fixture};

const CONFIG: (&str, &str) = ("handbook.toml", "title = \"T\"\n");

#[test]
fn build_replaced_a_directory_it_had_not_built() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    let precious = fixture.dir.path().join("important/thesis.txt");
    fs::create_dir_all(precious.parent().unwrap()).unwrap();
    fs::write(&precious, "precious").unwrap();
    let (code, stderr) = fixture.run(&["build", "book", "-o", "important"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error: the output directory is not empty and was not built by skillbook; refusing to replace it"), "{stderr}");
    assert_eq!(fs::read_to_string(&precious).unwrap(), "precious");
}

#[test]
fn build_replaced_an_output_path_that_was_a_file() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    let notes = fixture.dir.path().join("notes.txt");
    fs::write(&notes, "notes").unwrap();
    let (code, stderr) = fixture.run(&["build", "book", "-o", "notes.txt"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: the output path exists and is not a directory"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&notes).unwrap(), "notes");
}

#[test]
fn build_deleted_a_chapter_directory_used_as_output() {
    let fixture = Fixture::new(&[CONFIG, ("part/one.md", "# One\n")]);
    let (code, _) = fixture.run(&["build", "book", "-o", "book/part"]);
    assert_eq!(code, 1);
    assert!(fixture.book().join("part/one.md").is_file());
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
fn a_symlink_loop_in_the_source_was_followed() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    std::os::unix::fs::symlink(".", fixture.book().join("loop.md")).unwrap();
    std::os::unix::fs::symlink(".", fixture.book().join("loopdir")).unwrap();
    let site = fixture.site();
    let pages: Vec<&String> = site.files.keys().filter(|p| p.ends_with(".html")).collect();
    assert_eq!(
        pages,
        [
            "404.html",
            "checklists.html",
            "index.html",
            "one.html",
            "print.html",
            "progress.html",
            "review.html",
            "skills.html",
            "toc.html"
        ]
    );
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
fn a_quiz_include_inside_a_blockquote_was_not_found() {
    let site = Fixture::new(&[
        CONFIG,
        ("ch.md", "# C\n\n> {{#quiz q.toml}}\n"),
        (
            "q.toml",
            "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q\"\nanswer.answer = \"A\"\n",
        ),
    ])
    .site();
    assert!(page(&site, "ch.html").contains("<form class=\"quiz\""));
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

#[test]
fn an_answer_index_past_the_options_was_clamped() {
    let errors = Fixture::new(&[CONFIG, ("ch.md", "# C\n\n```quiz\n[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Q\"\nprompt.distractors = [\"a\"]\nprompt.answerIndex = 7\nanswer.answer = \"b\"\n```\n")]).errors();
    assert!(
        errors.starts_with("error: answerIndex 7 is past the last of 2 options"),
        "{errors}"
    );
}

#[test]
fn check_read_the_previous_site_as_content() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    let book = fixture.book();
    let build = std::process::Command::new(env!("CARGO_BIN_EXE_skillbook"))
        .args(["build", "-o", "site"])
        .current_dir(&book)
        .output()
        .unwrap();
    assert!(build.status.success());
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_skillbook"))
        .args(["check"])
        .current_dir(&book)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&check.stderr),
        ".: no problems found (9 pages)\n"
    );
}

#[test]
fn adding_a_quiz_above_another_changed_the_lower_quiz_id() {
    let quiz = |id: &str| {
        format!("```quiz\n[[questions]]\nid = \"{id}\"\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q\"\nanswer.answer = \"A\"\n```\n\n")
    };
    let before = Fixture::new(&[CONFIG, ("ch.md", &format!("# C\n\n{}", quiz("second")))]).site();
    let after = Fixture::new(&[
        CONFIG,
        (
            "ch.md",
            &format!("# C\n\n{}{}", quiz("first"), quiz("second")),
        ),
    ])
    .site();
    assert!(page(&before, "ch.html").contains("data-quiz=\"quiz-second\""));
    assert!(page(&after, "ch.html").contains("data-quiz=\"quiz-second\""));
}

#[test]
fn ui_strings_were_not_escaped_in_the_page() {
    let config = "title = \"T\"\n[ui]\nshowAnswer = \"Show <i>it</i>\"\nrunsAndPrints = 'Runs \"well\" & prints'\n";
    let quiz = "# C\n\n```quiz\n[[questions]]\ntype = \"Tracing\"\nprompt.program = \"x\"\nanswer.doesCompile = true\nanswer.stdout = \"\"\n```\n";
    let html = page(
        &Fixture::new(&[("handbook.toml", config), ("ch.md", quiz)]).site(),
        "ch.html",
    );
    assert!(
        html.contains("<summary>Show &lt;i&gt;it&lt;/i&gt;</summary>"),
        "{html}"
    );
    assert!(
        html.contains("aria-label=\"Runs &quot;well&quot; &amp; prints\""),
        "{html}"
    );
}

#[test]
fn quizzes_on_the_print_page_shared_one_storage_key() {
    let quiz = "```quiz\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q\"\nanswer.answer = \"A\"\n```\n";
    let site = Fixture::new(&[
        CONFIG,
        ("a b.md", &format!("# A\n\n{quiz}")),
        ("b.md", &format!("# B\n\n{quiz}")),
    ])
    .site();
    let html = page(&site, "print.html");
    // Each chapter's quiz sits in a section naming its page, which keys its saved answers.
    assert!(
        html.contains("<section class=\"print-chapter\" id=\"a-b\" data-page=\"a b.html\">"),
        "{html}"
    );
    assert!(html.contains("<section class=\"print-chapter\" id=\"b\" data-page=\"b.html\">"));
    assert!(!html.contains("id=\"a b--"), "ids never contain spaces");
}
