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
