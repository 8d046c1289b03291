//! What a new author hits on the command line: building the wrong folder, an old output folder
//! inside the handbook, a misspelt front matter value, a broken anchor's hint, a wrong `--base`,
//! and what `init` leaves for git.

use crate::support::{page, Fixture};

// Regression: `build` in a folder without a handbook succeeded with an empty site.
#[test]
fn building_a_folder_without_chapters_names_what_it_looked_for() {
    let fixture = Fixture::new(&[("notes.txt", "not a handbook\n")]);
    for command in ["build", "check"] {
        let (code, stderr) = fixture.run(&[command, "book"]);
        assert_eq!(
            (code, stderr.as_str()),
            (
                1,
                "error: no chapters to build: no handbook.toml or book.toml, and no SUMMARY.md or Markdown (.md) file in this directory
 = in book
 = help: pass the directory holding the handbook (e.g. `skillbook build handbook`), or run `skillbook init` to start one here

1 error
"
            ),
            "{command}"
        );
    }
    assert!(!fixture.dir.path().join("site").exists());
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("SUMMARY.md", "# Summary\n"),
    ]);
    let (code, stderr) = fixture.run(&["check", "book"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: no chapters to build: handbook.toml is there, but SUMMARY.md lists no chapter file\n"),
        "{stderr}"
    );
}

// Regression: an earlier build in `book/site2/` was read as content: its pages became chapters
// and its assets were copied again.
#[test]
fn an_earlier_build_inside_the_handbook_is_never_read_as_content() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("01-one.md", "# One\n"),
        (
            "images/a.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    assert_eq!(fixture.run(&["build", "book", "-o", "book/site2"]).0, 0);
    assert_eq!(fixture.run(&["build", "book", "-o", "book/site"]).0, 0);
    let site = fixture.site();
    let inside: Vec<&String> = site
        .files
        .keys()
        .filter(|p| p.starts_with("site/") || p.starts_with("site2/"))
        .collect();
    assert!(inside.is_empty(), "{inside:?}");
    assert!(site.files.contains_key("images/a.svg"));
    // A folder that only looks like output (no toc.js) is still content.
    fixture.write("site3/notes.md", "# Notes\n");
    assert!(fixture.site().files.contains_key("site3/notes.html"));
}

// Regression: after a front-matter error the front matter was read as text: its lines became a
// heading, offered among the chapter's heading ids.
#[test]
fn a_front_matter_error_read_the_front_matter_as_text() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        (
            "a.md",
            "---\ntitle: Links\nlevel: [unclosed\n---\n# Real\n\nSee [y](#nope).\n",
        ),
    ]);
    let errors = fixture.errors();
    assert!(errors.contains("invalid YAML front matter"), "{errors}");
    assert!(
        errors.contains("= help: heading ids in this chapter: `real`\n"),
        "{errors}"
    );
}

// Regression: `time-estimate = forty45` said "invalid boolean".
#[test]
fn a_bare_word_in_front_matter_says_what_is_wrong() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("one.md", "+++\ntime-estimate = forty45\n+++\n# One\n"),
    ]);
    assert_eq!(
        fixture.errors(),
        "error: invalid TOML front matter: `forty45` is not a value TOML understands (text needs quotes)
  ┌─ book/one.md:2:17
  │
2 │ time-estimate = forty45
  │                 ^
  │
  = help: time-estimate is a whole number of minutes, e.g. `time-estimate = 45`

1 error
"
    );
}

// Regression: `time-estimate = -5` was reported as "`-5` is not a value TOML understands (text
// needs quotes)": -5 is valid TOML, the trouble is that a number of minutes cannot be negative.
#[test]
fn a_negative_time_estimate_was_called_a_toml_syntax_error() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("one.md", "+++\ntime-estimate = -5\n+++\n# One\n"),
    ]);
    assert_eq!(
        fixture.errors(),
        "error: invalid TOML front matter: `-5` is negative: expected a whole number of 0 or more
  ┌─ book/one.md:2:17
  │
2 │ time-estimate = -5
  │                 ^
  │
  = help: time-estimate is a whole number of minutes, e.g. `time-estimate = 45`

1 error
"
    );
}

// Regression: two headings with one explicit id (`{#dup}`) made the hint list it twice
// (`` `a`, `dup`, `dup` ``); the page has the id once.
#[test]
fn a_broken_anchor_hint_repeated_a_duplicate_heading_id() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        (
            "one.md",
            "# A\n\n## Dup {#dup}\n\n## Dup {#dup}\n\n## Dup\n\n[x](#nope)\n",
        ),
    ]);
    assert_eq!(
        fixture.errors(),
        "error: duplicate heading id `dup`
  ┌─ book/one.md:5:1
  │
5 │ ## Dup {#dup}
  │ ^^^^^^^^^^^^^
  │
  = help: line 3 already uses it; heading ids must be unique within a page

error: broken anchor: this chapter has no heading with id `nope`
  ┌─ book/one.md:9:1
  │
9 │ [x](#nope)
  │ ^^^^^^^^^^
  │
  = help: heading ids in this chapter: `a`, `dup`, `dup-1`

2 errors
"
    );
}

// Regression: a diagnostic printed its line, message and file name as they were, control
// characters included: a chapter (from a pull request, built in CI) holding
// `ESC ] 0 ; pwned BEL ESC [ 2 J` retitled the terminal and cleared the screen. They are shown
// escaped, the carets still under the link and the column still counted in the file.
#[test]
fn terminal_escapes_in_a_chapter_reached_the_terminal() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("ch.md", "# E\n\n\x1b]0;pwned\x07\x1b[2J [x](nope.md)\n"),
        ("e\x1b[31m.md", "# F\n\n[y](<a\x1b[2J.md>) \u{85}\x7f\n"),
    ]);
    let (code, stderr) = fixture.run(&["build", "book"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        r"error: broken link: chapter `nope.md` does not exist
  ┌─ book/ch.md:3:16
  │
3 │ \u{1b}]0;pwned\u{7}\u{1b}[2J [x](nope.md)
  │                              ^^^^^^^^^^^^
  │
  = help: check the file name; chapter links are relative to the chapter's own directory

error: broken link: chapter `a\u{1b}[2J.md` does not exist
  ┌─ book/e\u{1b}[31m.md:3:1
  │
3 │ [y](<a\u{1b}[2J.md>) \u{85}\u{7f}
  │ ^^^^^^^^^^^^^^^^^^^^
  │
  = help: check the file name; chapter links are relative to the chapter's own directory

2 errors
"
    );
}

// Regression: the hint listed generated ids (`t-2ecbd61a`, `checklist-1`) no author wrote.
#[test]
fn a_broken_anchor_hint_lists_only_heading_ids() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("one.md", "# One\n\nSee [the list](two.md#lists).\n"),
        (
            "two.md",
            "# Two\n\n## The list {#the-list}\n\n- [ ] A task\n\n```quiz\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q?\"\nanswer.answer = \"A\"\n```\n",
        ),
    ]);
    let errors = fixture.errors();
    assert!(
        errors.contains("  = help: heading ids in `two.md`: `the-list`, `two`\n"),
        "{errors}"
    );
}

// Regression: a site built for `/repo/` checked with the default `--base /` failed without a word
// about the base it was built for.
#[test]
fn check_site_with_the_wrong_base_names_the_right_one() {
    let fixture = Fixture::new(&[
        (
            "handbook.toml",
            "title = \"T\"\nbase-url = \"https://example.github.io/repo/\"\n",
        ),
        ("one.md", "# One\n"),
    ]);
    assert_eq!(fixture.run(&["build", "book", "-o", "site"]).0, 0);
    let (code, stderr) = fixture.run(&["check", "--site", "site"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("  = help: this site was built for the base path `/repo/` (its 404.html links there): check it with `--base /repo/`\n"),
        "{stderr}"
    );
    assert_eq!(
        fixture
            .run(&["check", "--site", "site", "--base", "/repo/"])
            .0,
        0
    );
}

#[test]
fn init_keeps_the_built_site_out_of_git() {
    let fixture = Fixture::new(&[]);
    assert_eq!(fixture.run(&["init", "new"]).0, 0);
    assert_eq!(
        std::fs::read_to_string(fixture.dir.path().join("new/.gitignore")).unwrap(),
        "site/\n"
    );
    // An author's own .gitignore is left alone.
    std::fs::create_dir_all(fixture.dir.path().join("mine")).unwrap();
    std::fs::write(fixture.dir.path().join("mine/.gitignore"), "*.log\n").unwrap();
    assert_eq!(fixture.run(&["init", "mine"]).0, 0);
    assert_eq!(
        std::fs::read_to_string(fixture.dir.path().join("mine/.gitignore")).unwrap(),
        "*.log\n"
    );
}

// Regression: print.html's "Answer key" <h1> was followed by <h3> headings.
#[test]
fn the_answer_key_headings_follow_its_h1() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        (
            "one.md",
            "# One\n\n```quiz\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q?\"\nanswer.answer = \"A\"\n```\n",
        ),
    ]);
    let print = page(&fixture.site(), "print.html");
    let key = &print[print.find("id=\"answer-key\"").unwrap()..];
    assert!(
        key.starts_with("id=\"answer-key\">\n<h1>Answer key</h1>\n<h2>One — Quiz</h2>\n"),
        "{key}"
    );
}

#[test]
fn quiz_and_checklist_scripts_load_only_where_they_are_used() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\n"),
        ("one.md", "# One\n\nText only.\n"),
        ("two.md", "# Two\n\n- [ ] A task\n"),
    ]);
    let site = fixture.site();
    let scripts = |path: &str| {
        let html = page(&site, path);
        ["core.js", "quiz.js", "checklist.js"]
            .iter()
            .filter(|s| html.contains(&format!("assets/{s}\"")))
            .copied()
            .collect::<Vec<_>>()
    };
    assert_eq!(scripts("one.html"), ["core.js"]);
    assert_eq!(scripts("two.html"), ["core.js", "checklist.js"]);
    assert_eq!(scripts("checklists.html"), ["core.js", "checklist.js"]);
    assert_eq!(scripts("print.html"), ["core.js", "checklist.js"]);
    assert_eq!(scripts("progress.html"), ["core.js"]);
}
