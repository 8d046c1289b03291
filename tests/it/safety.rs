//! Safety with any input: nothing is lost, nothing from outside the handbook is published, no
//! input panics, and the cost stays linear in the input. Each test is named after what broke.

use crate::support::Fixture;

const CONFIG: (&str, &str) = ("handbook.toml", "title = \"T\"\n");

#[test]
fn a_bad_base_url_flag_was_reported_as_a_file_named_base_url() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    let (code, stderr) = fixture.run(&["build", "book", "--base-url", "example.org"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: `example.org` is not an absolute http(s) URL\n \
         = in the --base-url option\n \
         = help: write the full address, e.g. https://you.github.io/handbook/\n\n1 error\n"
    );
}

#[test]
fn thousands_of_duplicate_ids_printed_the_whole_file_for_each() {
    let mut chapter = String::from("# Dups\n");
    for _ in 0..2001 {
        chapter.push_str("## h {#d}\n");
    }
    let errors = Fixture::new(&[CONFIG, ("ch.md", &chapter)]).errors();
    assert_eq!(
        errors.matches("error: duplicate heading id `d`").count(),
        10
    );
    assert!(errors.contains("┌─ book/ch.md:12:1\n"), "{errors}");
    assert!(!errors.contains("┌─ book/ch.md:13:1\n"), "{errors}");
    assert!(
        errors.ends_with(
            "note: … and 1,990 more “duplicate heading id `…`” errors in this file\n\n2,000 errors\n"
        ),
        "{errors}"
    );
}

#[test]
fn check_site_printed_a_long_one_line_page_for_every_bad_reference() {
    let fixture = Fixture::new(&[CONFIG]);
    let site = fixture.dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    let page = format!(
        "<!doctype html><body>{}</body>",
        "<a href=\"/n\">x</a>".repeat(5000)
    );
    std::fs::write(site.join("index.html"), page).unwrap();
    let (code, stderr) = fixture.run(&["check", "--site", "site"]);
    assert_eq!(code, 1);
    assert!(stderr.len() < 6000, "{} bytes printed", stderr.len());
    assert!(stderr.starts_with("error: broken reference `/n`: /n does not exist\n  ┌─ site/index.html:1:31\n  │\n1 │ <!doctype html><body><a href=\"/n\">x</a>"), "{stderr}");
    assert!(
        stderr.ends_with(
            "note: … and 4,990 more “broken reference `…`” errors in this file\n\n5,000 errors\n"
        ),
        "{stderr}"
    );
}

#[test]
fn deeply_nested_front_matter_took_minutes_to_reject() {
    let deep = format!(
        "---\nextra:\n  x: {}{}\n---\n# D\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let errors = Fixture::new(&[CONFIG, ("ch.md", &deep)]).errors();
    assert!(
        errors.starts_with(
            "error: front matter is nested more than 64 levels deep\n  ┌─ book/ch.md:3:70\n"
        ),
        "{errors}"
    );
    let quoted = format!(
        "---\nextra:\n  x: {}1\n---\n# D\n",
        "[ \"]\", ".repeat(5000)
    );
    let errors = Fixture::new(&[CONFIG, ("ch.md", &quoted)]).errors();
    assert!(
        errors.starts_with("error: front matter holds more than 4096 `[` and `{`\n"),
        "{errors}"
    );
}

#[test]
fn a_template_holding_percent_brace_panicked() {
    let fixture = Fixture::new(&[
        CONFIG,
        ("one.md", "# One\n"),
        ("theme/templates/page.html", "{%}"),
    ]);
    let expected = "error: template error in `page.html`: expected a template\n  ┌─ book/theme/templates/page.html:1:1\n";
    let errors = fixture.errors();
    assert!(errors.starts_with(expected), "{errors}");
    let (code, stderr) = fixture.run(&["build", "book"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with(expected), "{stderr}");
}
