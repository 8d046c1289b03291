//! The skills map, the learning path, prerequisite checks and staleness: built pages, exact
//! diagnostics, `check --stale`, and the map and "Next up" in a real browser.

use skillbook::load::LoadOptions;

use crate::support::{page, Fixture};

/// `+++` front matter with the given lines, then a heading.
fn chapter(title: &str, front: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n{front}+++\n\n# {title}\n\nText.\n")
}

/// A diamond (a → b, a → c, b and c → d), a long chain (e → f → g → h → i), an edge that skips
/// three columns (j → i) and a chapter on its own (k).
fn graph_book() -> Fixture {
    let c = |title: &str, needs: &[&str], minutes: u32| {
        let needs: Vec<String> = needs.iter().map(|n| format!("\"{n}.md\"")).collect();
        chapter(
            title,
            &format!(
                "level = \"core\"\ntime-estimate = {minutes}\nprerequisites = [{}]\nskills = [\"s-{}\"]\n",
                needs.join(", "),
                title.to_lowercase()
            ),
        )
    };
    Fixture::new(&[
        ("a.md", &c("A", &[], 10)),
        ("b.md", &c("B", &["a"], 20)),
        ("c.md", &c("C", &["a"], 30)),
        ("d.md", &c("D", &["b", "c", "a"], 40)),
        ("e.md", &c("E", &[], 5)),
        ("f.md", &c("F", &["e"], 5)),
        ("g.md", &c("G", &["f"], 5)),
        ("h.md", &c("H", &["g"], 5)),
        ("j.md", &c("J", &[], 15)),
        ("i.md", &c("I", &["h", "j"], 5)),
        (
            "k.md",
            &c(
                "K with a title long enough to wrap onto two lines and more",
                &[],
                60,
            ),
        ),
    ])
}

fn map_of(site: &skillbook::Site) -> String {
    let html = page(site, "skills.html");
    let start = html.find("<svg class=\"skills-map\"").expect("the map");
    let end = html[start..].find("</svg>").expect("its end") + start + "</svg>".len();
    html[start..end].to_string()
}

#[test]
fn skills_map_layout_is_deterministic() {
    let book = graph_book();
    let first = map_of(&book.site());
    for _ in 0..3 {
        assert_eq!(
            map_of(&book.site()),
            first,
            "the same book gives the same map"
        );
    }
    insta::assert_snapshot!(first);
}

#[test]
fn skills_map_draws_each_needed_arrow_once_and_lists_every_chapter() {
    let site = graph_book().site();
    let map = map_of(&site);
    // d needs a directly, but also through b and c: that arrow is left out.
    assert_eq!(map.matches("class=\"map-edge\"").count(), 9, "{map}");
    assert_eq!(map.matches("class=\"map-node\"").count(), 11);
    assert!(
        map.contains(r#"aria-label="D. core · 40 min. Read first: B, C, A""#),
        "{map}"
    );
    let html = page(&site, "skills.html");
    let path: Vec<&str> = html
        .split("<li class=\"path-item\" data-page=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(
        path,
        [
            "a.html", "b.html", "c.html", "d.html", "e.html", "f.html", "g.html", "h.html",
            "j.html", "i.html", "k.html"
        ],
        "every chapter after its prerequisites, otherwise in reading order"
    );
    assert!(html.contains("Reading time: 3 h 20 min."), "{html}");
    assert!(
        html.contains(r#"<tr id="skill-s-d"><th scope="row">s-d</th><td><a href="d.html">D</a></td><td class="skills-time">40 min</td></tr>"#),
        "{html}"
    );
    let sidebar = page(&site, "toc.js");
    assert!(
        sidebar.contains(r#"<li><a href=\"skills.html\">Skills map</a></li>"#),
        "{sidebar}"
    );
}

#[test]
fn skills_index_groups_skills_across_chapters_with_their_total_time() {
    let book = Fixture::new(&[
        (
            "a.md",
            &chapter("A", "time-estimate = 25\nskills = [\"SQL\", \"Go\"]\n"),
        ),
        (
            "b.md",
            &chapter("B", "time-estimate = 50\nskills = [\"sql\"]\n"),
        ),
        ("c.md", &chapter("C", "skills = [\"C++\", \"C\"]\n")),
    ]);
    let site = book.site();
    let html = page(&site, "skills.html");
    let rows: Vec<&str> = html
        .split("<tr id=\"")
        .skip(1)
        .map(|s| s.split("</tr>").next().unwrap())
        .collect();
    assert_eq!(
        rows,
        [
            r#"skill-c"><th scope="row">C</th><td><a href="c.html">C</a></td><td class="skills-time">0 min</td>"#,
            r#"skill-c-1"><th scope="row">C++</th><td><a href="c.html">C</a></td><td class="skills-time">0 min</td>"#,
            r#"skill-go"><th scope="row">Go</th><td><a href="a.html">A</a></td><td class="skills-time">25 min</td>"#,
            r#"skill-sql"><th scope="row">SQL</th><td><a href="a.html">A</a>, <a href="b.html">B</a></td><td class="skills-time">1 h 15 min</td>"#,
        ]
    );
    // Each skill tag on a chapter links to its row.
    assert!(page(&site, "b.html")
        .contains(r#"<li class="meta-skill"><a href="skills.html#skill-sql">sql</a></li>"#));
}

#[test]
fn home_page_shows_reading_time_per_part_and_next_up() {
    let book = Fixture::new(&[
        ("SUMMARY.md", "# Summary\n\n[Home](README.md)\n\n# Basics\n\n- [Intro](intro.md)\n- [Setup](setup.md)\n\n# Practice\n\n- [Deploy](deploy.md)\n"),
        ("README.md", "# Welcome\n\nHello.\n"),
        ("intro.md", &chapter("Intro", "level = \"foundation\"\ntime-estimate = 45\nprerequisites = [\"setup.md\"]\n")),
        ("setup.md", &chapter("Setup", "time-estimate = 30\n")),
        ("deploy.md", &chapter("Deploy", "time-estimate = 90\n")),
    ]);
    let html = page(&book.site(), "index.html");
    assert!(
        html.contains(
            r#"<h3 class="overview-part">Basics <span class="overview-time">1 h 15 min</span></h3>"#
        ),
        "{html}"
    );
    assert!(html.contains(r#"<h3 class="overview-part">Practice <span class="overview-time">1 h 30 min</span></h3>"#), "{html}");
    // Without saved progress (and without JavaScript) "Next up" is the first chapter of the
    // learning path: Setup, which Intro needs, even though Intro comes first in reading order.
    assert!(
        html.contains(r#"<p class="next-up-chapter"><a href="setup.html">Setup</a> <span class="next-up-meta">30 min</span></p>"#),
        "{html}"
    );
    assert!(html.contains(r#"<p class="next-up-path">Reading time: 2 h 45 min · <a href="skills.html">Skills map</a></p>"#), "{html}");
}

/// A chapter listing itself inside a larger cycle was reported only once that cycle was fixed:
/// one error per group of chapters hid it.
#[test]
fn a_chapter_needing_itself_inside_a_cycle_was_hidden_by_the_cycle() {
    let book = Fixture::new(&[
        ("a.md", &chapter("A", "prerequisites = [\"c.md\"]\n")),
        ("b.md", &chapter("B", "prerequisites = [\"a.md\"]\n")),
        (
            "c.md",
            &chapter("C", "prerequisites = [\"b.md\", \"c.md\"]\n"),
        ),
    ]);
    let errors = book.errors();
    let headlines: Vec<&str> = errors.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        headlines,
        [
            "error: prerequisites form a cycle: a.md → c.md → b.md → a.md",
            "error: prerequisites form a cycle: c.md → c.md",
        ],
        "{errors}"
    );
}

#[test]
fn prerequisite_cycle_is_an_error_naming_each_chapter_and_line() {
    let book = Fixture::new(&[
        ("a.md", &chapter("A", "prerequisites = [\"c.md\"]\n")),
        (
            "b.md",
            &chapter("B", "level = \"core\"\nprerequisites = [\"a.md\"]\n"),
        ),
        ("c.md", &chapter("C", "prerequisites = [\"b.md\"]\n")),
        ("d.md", &chapter("D", "prerequisites = [\"d.md\"]\n")),
    ]);
    assert_eq!(
        book.errors(),
        "\
error: prerequisites form a cycle: a.md → c.md → b.md → a.md
  ┌─ book/a.md:3:19
  │
3 │ prerequisites = [\"c.md\"]
  │                   ^^^^
  │
  = help: a.md needs c.md (book/a.md:3), c.md needs b.md (book/c.md:3), b.md needs a.md (book/b.md:4); remove one of these prerequisites so the chapters can be read in some order

error: prerequisites form a cycle: d.md → d.md
  ┌─ book/d.md:3:19
  │
3 │ prerequisites = [\"d.md\"]
  │                   ^^^^
  │
  = help: d.md needs d.md (book/d.md:3); remove one of these prerequisites so the chapters can be read in some order

2 errors
"
    );
}

#[test]
fn prerequisite_after_its_chapter_is_a_warning_and_fails_only_with_strict() {
    let book = Fixture::new(&[
        ("a.md", &chapter("A", "prerequisites = [\n  \"b.md\",\n]\n")),
        ("b.md", &chapter("B", "")),
    ]);
    assert_eq!(
        book.warnings(&book.options()),
        "\
warning: prerequisite `b.md` comes after this chapter in the reading order
  ┌─ book/a.md:4:4
  │
4 │   \"b.md\",
  │    ^^^^
  │
  = help: list `b.md` before `a.md` (in SUMMARY.md, or with a lower `weight`), or drop the prerequisite

1 warning
"
    );
    let (code, stderr) = book.run(&["build", "book", "-o", "site"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 warning\nbuilt "), "{stderr}");
    let (code, stderr) = book.run(&["check", "book"]);
    assert_eq!(
        (code, stderr.lines().last()),
        (0, Some("book: no errors, 1 warning (10 pages)")),
        "{stderr}"
    );
    for command in ["build", "check"] {
        let (code, stderr) = book.run(&[command, "book", "--strict"]);
        assert_eq!(code, 1, "{stderr}");
        assert!(
            stderr.starts_with("error: prerequisite `b.md` comes after"),
            "{stderr}"
        );
    }
}

#[test]
fn read_first_links_point_at_the_chapter_the_check_resolved() {
    // Two chapters named intro.md: `intro.md` in b/next.md means b/intro.md (beside it), which
    // matching by file-name ending used to get wrong.
    let book = Fixture::new(&[
        ("a/intro.md", &chapter("A intro", "")),
        ("b/intro.md", &chapter("B intro", "")),
        (
            "b/next.md",
            &chapter("Next", "prerequisites = [\"intro.md\", \"a/intro.md\"]\n"),
        ),
    ]);
    let html = page(&book.site(), "b/next.html");
    assert!(
        html.contains(r#"<p class="prerequisites">Read first: <a href="../b/intro.html">B intro</a>, <a href="../a/intro.html">A intro</a></p>"#),
        "{html}"
    );
}

#[test]
fn unknown_prerequisite_is_reported_at_its_value() {
    let book = Fixture::new(&[("a.md", &chapter("A", "title-note = 1\n"))]);
    assert!(book.errors().contains("unknown field `title-note`"));
    let book = Fixture::new(&[(
        "a.md",
        "---\ntitle: A\nprerequisites:\n  - missing.md\n---\n# A\n",
    )]);
    assert!(
        book.errors().starts_with("error: prerequisite `missing.md` is not a chapter of this handbook\n  ┌─ book/a.md:4:5\n"),
        "{}",
        book.errors()
    );
}

/// A book whose chapters were reviewed at different times; `review-every` is 6 months, one
/// chapter asks for a year.
fn reviewed_book() -> Fixture {
    Fixture::new(&[
        (
            "handbook.toml",
            "title = \"Reviewed\"\nreview-every = \"6 months\"\n",
        ),
        ("a.md", &chapter("Fresh", "last-reviewed = 2026-05-01\n")),
        (
            "b.md",
            &chapter("Old", "time-estimate = 5\nlast-reviewed = 2025-10-01\n"),
        ),
        (
            "c.md",
            "---\ntitle: Older\nlast-reviewed: 2025-01-31\n---\n# Older\n",
        ),
        (
            "d.md",
            &chapter(
                "Yearly",
                "last-reviewed = 2025-10-01\nreview-every = \"1 year\"\n",
            ),
        ),
        ("e.md", &chapter("Never", "")),
    ])
}

fn on(book: &Fixture, today: &str) -> LoadOptions {
    LoadOptions {
        today: Some(today.parse().unwrap()),
        ..book.options()
    }
}

#[test]
fn chapters_past_their_review_date_warn_at_their_last_reviewed_line() {
    let book = reviewed_book();
    assert_eq!(
        book.warnings(&on(&book, "2026-06-15")),
        "\
warning: chapter is overdue for review: last reviewed 2025-10-01, due 2026-04-01 (every 6 months), 75 days ago
  ┌─ book/b.md:4:1
  │
4 │ last-reviewed = 2025-10-01
  │ ^^^^^^^^^^^^^^^^^^^^^^^^^^
  │
  = help: review the chapter, then set `last-reviewed` to the day you did

warning: chapter is overdue for review: last reviewed 2025-01-31, due 2025-07-31 (every 6 months), 319 days ago
  ┌─ book/c.md:3:1
  │
3 │ last-reviewed: 2025-01-31
  │ ^^^^^^^^^^^^^^^^^^^^^^^^^
  │
  = help: review the chapter, then set `last-reviewed` to the day you did

2 warnings
"
    );
    // On its due day a chapter is not overdue yet; without a "today" nothing is checked.
    let due_day = book.warnings(&on(&book, "2026-04-01"));
    assert_eq!(
        due_day.matches("overdue for review").count(),
        1,
        "{due_day}"
    );
    assert!(due_day.contains("book/c.md"), "{due_day}");
    assert_eq!(book.warnings(&book.options()), "");
}

#[test]
fn chapter_pages_show_the_review_date_and_an_overdue_note() {
    let book = reviewed_book();
    let site = skillbook::build_site(&on(&book, "2026-06-15")).unwrap();
    let old = page(&site, "b.html");
    assert!(
        old.contains(r#"<p class="review-date">Last reviewed 2025-10-01</p>"#),
        "{old}"
    );
    assert!(
        old.contains(r#"<p class="review-overdue" role="note">Due for review since 2026-04-01: some details may be out of date.</p>"#),
        "{old}"
    );
    let fresh = page(&site, "a.html");
    assert!(fresh.contains("Last reviewed 2026-05-01") && !fresh.contains("review-overdue"));
    let never = page(&site, "e.html");
    assert!(!never.contains("review-date") && !never.contains("review-overdue"));
    // A review date in the future is most likely a typo.
    let warnings = book.warnings(&on(&book, "2025-12-01"));
    assert!(
        warnings.contains(
            "warning: last-reviewed 2026-05-01 is after today (2025-12-01)\n  ┌─ book/a.md:3:1"
        ),
        "{warnings}"
    );
}

#[test]
fn check_stale_lists_overdue_chapters_most_overdue_first() {
    let book = reviewed_book();
    let (code, stdout, stderr) = book.run_on("2026-12-01", &["check", "book", "--stale"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "\
book/c.md:3: 488 days overdue (last reviewed 2025-01-31, due 2025-07-31): Older
book/b.md:4: 244 days overdue (last reviewed 2025-10-01, due 2026-04-01): Old
book/d.md:3: 61 days overdue (last reviewed 2025-10-01, due 2026-10-01): Yearly
book/a.md:3: 30 days overdue (last reviewed 2026-05-01, due 2026-11-01): Fresh
"
    );
    assert_eq!(stderr, "book: 4 of 5 chapters overdue for review\n");
    // A plain check prints the same chapters as warnings; --strict makes them fail.
    let (code, _, stderr) = book.run_on("2026-12-01", &["check", "book"]);
    assert_eq!(
        (code, stderr.matches("overdue for review").count()),
        (0, 4),
        "{stderr}"
    );
    let (code, _, _) = book.run_on("2026-12-01", &["check", "book", "--strict"]);
    assert_eq!(code, 1);
    let (code, _, stderr) = book.run_on("1 March", &["check", "book"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: `1 March` is not a date; write it as YYYY-MM-DD"),
        "{stderr}"
    );
}

#[test]
fn bad_review_settings_are_errors_at_their_value() {
    let book = Fixture::new(&[
        ("handbook.toml", "review-every = \"fortnightly\"\n"),
        ("a.md", "# A\n"),
    ]);
    let errors = book.errors();
    assert!(
        errors.starts_with("error: `fortnightly` is not a review period; write a period such as \"12 months\", \"6 weeks\" or \"1 year\"\n  ┌─ book/handbook.toml:1:16\n"),
        "{errors}"
    );
    let book = Fixture::new(&[("a.md", &chapter("A", "last-reviewed = 2026-02-30\n"))]);
    let errors = book.errors();
    assert!(
        errors.starts_with("error: invalid TOML front matter: invalid date, expected day between 01 and 28\n  ┌─ book/a.md:3:17\n"),
        "{errors}"
    );
}
