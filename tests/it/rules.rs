//! Regression tests for rules that used to be written in several places and disagreed, each
//! named after what broke.

use crate::support::{page, Fixture};

const CONFIG: (&str, &str) = ("handbook.toml", "title = \"T\"\n");

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

/// Quiz text was rendered by a Markdown writer of its own, which kept `javascript:` links live.
#[test]
fn a_javascript_link_in_quiz_text_ran_on_click() {
    let quiz = "```quiz\n[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"[click](javascript:alert(1)) or [this](JaVaScRiPt:alert(2))\"\nprompt.distractors = [\"[b](data:text/html,<script>alert(3)</script>)\"]\nanswer.answer = \"[fine](https://example.com)\"\ncontext = \"[v](vbscript:msgbox)\"\n```\n";
    let fixture = Fixture::new(&[CONFIG, ("one.md", &format!("# One\n\n{quiz}"))]);
    let html = page(&fixture.site(), "one.html");
    assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
    assert!(!html.contains("vbscript:"), "{html}");
    assert!(!html.contains("data:text"), "{html}");
    assert!(html.contains("<a>click</a>"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.com\">fine</a>"),
        "{html}"
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

/// Callout titles, footnote labels, the answer key and the generated pages' titles were English
/// literals in Rust, so a German handbook printed "Answer key" and "Note".
#[test]
fn reader_facing_text_written_in_rust_ignored_the_language() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\nlanguage = \"de\"\n"),
        (
            "one.md",
            "# Eins\n\n> [!NOTE]\n> Achtung.\n\nText[^a].\n\n[^a]: Fußnote.\n\n```quiz\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Wie?\"\nanswer.answer = \"so\"\n```\n",
        ),
    ]);
    let site = fixture.site();
    let one = page(&site, "one.html");
    assert!(
        one.contains("<p class=\"callout-title\">Hinweis</p>"),
        "{one}"
    );
    assert!(one.contains("aria-label=\"Fußnoten\""), "{one}");
    assert!(one.contains("aria-label=\"Zurück zu Verweis 1\""), "{one}");
    let print = page(&site, "print.html");
    assert!(print.contains("<h1>Lösungen</h1>"), "{print}");
    assert!(print.contains("<title>Druckversion"), "{print}");
    assert!(page(&site, "progress.html").contains("<title>Dein Fortschritt"));
    assert!(page(&site, "404.html").contains("<title>Seite nicht gefunden"));
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
