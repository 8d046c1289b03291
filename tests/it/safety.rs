//! Safety with any input: nothing is lost, nothing from outside the handbook is published, no
//! input panics, and the cost stays linear in the input. Each test is named after what broke.

use std::fs;

use crate::support::{Fixture, CONFIG};

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

// ---- Data loss: what `clean` and `build -o` may delete --------------------------------------

fn exists(fixture: &Fixture, path: &str) -> bool {
    fixture.dir.path().join(path).symlink_metadata().is_ok()
}

fn put(fixture: &Fixture, path: &str, text: &str) {
    let full = fixture.dir.path().join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

#[test]
fn clean_deleted_a_folder_holding_only_nojekyll_or_toc_js() {
    for marker in [".nojekyll", "toc.js"] {
        let fixture = Fixture::new(&[CONFIG]);
        put(&fixture, &format!("mine/{marker}"), "");
        let (code, stderr) = fixture.run(&["clean", "-o", "mine"]);
        assert_eq!(code, 1);
        assert_eq!(
            stderr,
            "error: not a skillbook site (it has no .skillbook-manifest.json); not deleting it\n \
             = in mine\n = help: delete it by hand if you are sure\n\n1 error\n"
        );
        assert!(exists(&fixture, &format!("mine/{marker}")));
    }
}

#[test]
fn clean_dot_in_a_repository_wiped_every_file_and_git() {
    let fixture = Fixture::new(&[CONFIG]);
    put(&fixture, ".nojekyll", "");
    put(&fixture, "toc.js", "");
    put(&fixture, ".git/HEAD", "ref: refs/heads/main\n");
    for out in [".", "..", "book/.."] {
        let (code, stderr) = fixture.run(&["clean", "-o", out]);
        assert_eq!(code, 1);
        assert_eq!(
            stderr,
            format!(
                "error: the output directory is the current directory or one of its parents; \
                 refusing to replace or delete it\n = in {out}\n \
                 = help: choose a directory of its own for the site, e.g. `-o site`\n\n1 error\n"
            )
        );
    }
    assert!(exists(&fixture, ".git/HEAD") && exists(&fixture, "book/handbook.toml"));
}

#[test]
fn build_and_clean_accepted_the_home_directory_and_the_root() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    let home = fixture.dir.path().join("home");
    std::fs::create_dir_all(home.join("book")).unwrap();
    std::fs::write(home.join("notes.txt"), "mine").unwrap();
    for (args, what) in [
        (vec!["build", "book", "-o"], "your home directory"),
        (vec!["clean", "-o"], "your home directory"),
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_skillbook"))
            .args(&args)
            .arg(&home)
            .env("HOME", &home)
            .current_dir(fixture.dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1));
        assert!(
            stderr.starts_with(&format!(
                "error: the output directory is {what}; refusing to replace or delete it\n"
            )),
            "{stderr}"
        );
    }
    let (code, stderr) = fixture.run(&["build", "book", "-o", "/"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: the output directory contains the handbook"),
        "{stderr}"
    );
    let (code, stderr) = fixture.run(&["clean", "-o", "/"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error: the output directory is the file system root; refusing to replace or delete it\n"), "{stderr}");
    assert!(home.join("notes.txt").is_file());
}

#[test]
fn a_fresh_gh_pages_worktree_was_refused_as_the_output() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    // A worktree's `.git` is a file; a clone's is a folder.
    put(&fixture, "site/.git", "gitdir: ../.git/worktrees/site\n");
    put(&fixture, "clone/.git/HEAD", "ref: refs/heads/gh-pages\n");
    for (out, kept) in [("site", "site/.git"), ("clone", "clone/.git/HEAD")] {
        let (code, stderr) = fixture.run(&["build", "book", "-o", out]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains(&format!(
                "kept what skillbook did not write in {out}: `.git`\n"
            )),
            "{stderr}"
        );
        assert!(exists(&fixture, kept), "{kept} was deleted");
        assert!(exists(&fixture, &format!("{out}/one.html")));
    }
    // Anything else beside `.git` is still someone else's folder.
    put(&fixture, "other/.git/HEAD", "ref: refs/heads/main\n");
    put(&fixture, "other/notes.txt", "mine\n");
    let (code, stderr) = fixture.run(&["build", "book", "-o", "other"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(exists(&fixture, "other/notes.txt"));
}

#[test]
fn rebuilding_deleted_files_added_to_the_site_by_hand() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n"), ("two.md", "# Two\n")]);
    assert_eq!(fixture.run(&["build", "book", "-o", "site"]).0, 0);
    put(&fixture, "site/.git/HEAD", "ref: refs/heads/gh-pages\n");
    std::fs::create_dir_all(fixture.dir.path().join("site/.git/refs/tags")).unwrap();
    put(&fixture, "site/CNAME", "docs.example.org\n");
    put(&fixture, "site/notes/todo.txt", "mine\n");
    put(&fixture, "site/assets/extra.css", "body{}\n");
    std::fs::remove_file(fixture.book().join("two.md")).unwrap();
    let (code, stderr) = fixture.run(&["build", "book", "-o", "site"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "kept what skillbook did not write in site: `.git`, `CNAME`, `assets/extra.css`, `notes`\n"
        ),
        "{stderr}"
    );
    for kept in [
        ".git/HEAD",
        ".git/refs/tags",
        "site/CNAME",
        "site/notes/todo.txt",
        "site/assets/extra.css",
    ] {
        let path = if kept.starts_with("site/") {
            kept.to_string()
        } else {
            format!("site/{kept}")
        };
        assert!(exists(&fixture, &path), "{path} was deleted");
    }
    assert!(
        !exists(&fixture, "site/two.html"),
        "a rebuild drops pages of deleted chapters"
    );
    let (code, stderr) = fixture.run(&["clean", "-o", "site"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.ends_with(
            "kept site (not written by skillbook): `.git`, `CNAME`, `assets`, `notes`\n"
        ),
        "{stderr}"
    );
    assert!(exists(&fixture, "site/.git/refs/tags") && exists(&fixture, "site/assets/extra.css"));
    assert!(
        !exists(&fixture, "site/one.html") && !exists(&fixture, "site/.skillbook-manifest.json")
    );
}

#[test]
fn a_file_added_by_hand_where_the_build_now_writes_was_overwritten() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    assert_eq!(fixture.run(&["build", "book", "-o", "site"]).0, 0);
    put(&fixture, "site/notes.html", "my notes");
    fixture.write("notes.md", "# Notes\n");
    let (code, stderr) = fixture.run(&["build", "book", "-o", "site"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: `notes.html` in the output directory was not written by skillbook, and the new \
         build writes that path too; refusing to replace it\n = in site\n \
         = help: move or rename them, then build again\n\n1 error\n"
    );
    assert_eq!(
        std::fs::read_to_string(fixture.dir.path().join("site/notes.html")).unwrap(),
        "my notes"
    );
    assert!(exists(&fixture, "site/one.html"));
    let leftovers: Vec<_> = std::fs::read_dir(fixture.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".new-") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn killed_builds_left_staging_folders_that_no_build_removed() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    assert_eq!(fixture.run(&["build", "book", "-o", "site"]).0, 0);
    let root = fixture.dir.path();
    let copy = |to: &str| {
        let status = std::process::Command::new("cp")
            .args(["-r", "site", to])
            .current_dir(root)
            .status()
            .unwrap();
        assert!(status.success());
    };
    copy(".site.new-a1b2c3");
    copy(".site.new-d4e5f6");
    put(&fixture, ".site.new-x9y8z7/notes.txt", "mine"); // no manifest: not ours
    let (code, stderr) = fixture.run(&["build", "book", "-o", "site"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("removed 2 unfinished output folder(s) left by earlier builds\n"),
        "{stderr}"
    );
    assert!(!exists(&fixture, ".site.new-a1b2c3") && !exists(&fixture, ".site.new-d4e5f6"));
    assert!(exists(&fixture, ".site.new-x9y8z7/notes.txt"));
    // Killed between the two renames of the swap: the previous site is moved back, then replaced.
    std::fs::rename(root.join("site"), root.join(".site.old-g7h8i9")).unwrap();
    put(&fixture, ".site.old-g7h8i9/CNAME", "docs.example.org\n");
    let (code, stderr) = fixture.run(&["build", "book", "-o", "site"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!exists(&fixture, ".site.old-g7h8i9") && exists(&fixture, "site/CNAME"));
}

#[test]
fn a_site_built_before_manifests_existed_is_replaced_keeping_git() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    put(&fixture, "site/toc.js", "old");
    put(&fixture, "site/.nojekyll", "");
    put(&fixture, "site/old.html", "old page");
    put(&fixture, "site/.git/HEAD", "ref: refs/heads/gh-pages\n");
    let (code, stderr) = fixture.run(&["build", "book", "-o", "site"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        exists(&fixture, "site/.git/HEAD") && exists(&fixture, "site/.skillbook-manifest.json")
    );
    assert!(!exists(&fixture, "site/old.html"));
    let manifest =
        std::fs::read_to_string(fixture.dir.path().join("site/.skillbook-manifest.json")).unwrap();
    assert!(
        manifest.contains("\"generator\": \"skillbook\""),
        "{manifest}"
    );
    assert!(manifest.contains("\"one.html\""), "{manifest}");
}

// ---- Nothing from outside the handbook reaches the site --------------------------------------

#[cfg(unix)]
#[test]
fn symlinks_to_etc_passwd_and_proc_environ_were_published() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n"), ("img.png", "png")]);
    let book = fixture.book();
    std::os::unix::fs::symlink("/etc/passwd", book.join("passwd.txt")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", book.join("env.txt")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", book.join("leak.md")).unwrap();
    std::os::unix::fs::symlink("img.png", book.join("inside.png")).unwrap();
    let (code, stderr) = fixture.run(&["build", "book", "-o", "site"]);
    assert_eq!(code, 0, "{stderr}");
    for name in ["env.txt", "leak.md", "passwd.txt"] {
        let target = std::fs::read_link(book.join(name)).unwrap();
        let warning = format!(
            "warning: symbolic link leads outside the handbook (to {}); not followed\n \
             = in book/{name}\n \
             = help: copy the file into the handbook if it belongs in the site\n",
            target.display()
        );
        assert!(stderr.contains(&warning), "{stderr}");
    }
    let site = fixture.dir.path().join("site");
    assert!(!site.join("passwd.txt").exists() && !site.join("env.txt").exists());
    assert!(!site.join("leak.html").exists());
    assert!(
        site.join("inside.png").is_file(),
        "a link inside the handbook is followed"
    );
}

#[cfg(unix)]
#[test]
fn a_summary_entry_linked_outside_the_handbook_was_read() {
    let fixture = Fixture::new(&[
        CONFIG,
        (
            "SUMMARY.md",
            "# Summary\n\n- [One](one.md)\n- [Leak](leak.md)\n",
        ),
        ("one.md", "# One\n"),
    ]);
    std::os::unix::fs::symlink("/etc/hostname", fixture.book().join("leak.md")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", fixture.book().join("handbook.toml.link")).unwrap();
    let (code, stderr) = fixture.run(&["check", "book"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.starts_with(
            "warning: `leak.md` is a symbolic link leading outside the handbook; not followed\n  ┌─ book/SUMMARY.md:4:3\n"
        ),
        "{stderr}"
    );
    std::fs::remove_file(fixture.book().join("handbook.toml")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", fixture.book().join("handbook.toml")).unwrap();
    let (code, stderr) = fixture.run(&["check", "book"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: symbolic link leads outside the handbook; not read\n = in book/handbook.toml\n \
         = help: replace the link with the file itself\n\n1 error\n"
    );
}

/// (The error was given at the folder, `= in book/../elsewhere`, not at the setting's line.)
#[test]
fn a_src_outside_the_handbook_was_read() {
    let fixture = Fixture::new(&[("handbook.toml", "src = \"../elsewhere\"\n")]);
    put(&fixture, "elsewhere/one.md", "# One\n");
    let (code, stderr) = fixture.run(&["check", "book"]);
    assert_eq!(code, 1);
    let outside = fixture.dir.path().join("elsewhere").canonicalize().unwrap();
    assert_eq!(
        stderr,
        format!(
            "error: `src` resolves outside the handbook ({}); nothing outside the handbook directory is read
  ┌─ book/handbook.toml:1:7
  │
1 │ src = \"../elsewhere\"
  │       ^
  │
  = help: set `src` in handbook.toml to a directory inside the handbook, without links that lead out of it

1 error
",
            outside.display()
        )
    );
}

#[test]
fn editor_leftovers_and_included_quizzes_were_published_with_their_answers() {
    let quiz = "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q?\"\nanswer.answer = \"secret\"\n";
    let fixture = Fixture::new(&[
        (
            "handbook.toml",
            "title = \"T\"\nexclude = [\"*.psd\", \"drafts\", \"notes/*.txt\"]\n",
        ),
        ("one.md", "# One\n\n{{#quiz quiz.toml}}\n"),
        ("quiz.toml", quiz),
        ("book.toml", "[book]\n"),
        ("img.png", "png"),
        ("slides.pdf", "pdf"),
        ("one.md~", "x"),
        ("one.md.orig", "x"),
        (".#one.md", "x"),
        ("one.md.swp", "x"),
        ("one.md.rej", "x"),
        ("art.psd", "x"),
        ("drafts/idea.png", "x"),
        ("notes/a.txt", "x"),
        ("notes/b.png", "png"),
    ]);
    let site = fixture.site();
    let copied: Vec<&str> = site
        .files
        .keys()
        .map(String::as_str)
        .filter(|p| !p.ends_with(".html") && !p.starts_with("assets/") && !p.starts_with("search/"))
        .collect();
    assert_eq!(
        copied,
        [
            ".nojekyll",
            "chapters.js",
            "img.png",
            "notes/b.png",
            "robots.txt",
            "slides.pdf",
            "toc.js"
        ]
    );
}

#[test]
fn an_invalid_exclude_pattern_is_reported_at_its_value() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "exclude = [\"a[\"]\n"),
        ("one.md", "# One\n"),
    ]);
    let errors = fixture.errors();
    assert!(
        errors.starts_with("error: invalid pattern in exclude: `a[`: unclosed character class; missing ']'\n  ┌─ book/handbook.toml:1:11\n"),
        "{errors}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_handbook_toml_summary_or_a_chapter_hung_check() {
    for name in ["handbook.toml", "ch.md", "SUMMARY.md"] {
        let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
        let path = fixture.book().join(name);
        let _ = std::fs::remove_file(&path);
        let status = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success());
        let (code, stderr) = fixture.run(&["check", "book"]);
        assert_eq!(code, 1, "{stderr}");
        assert_eq!(
            stderr,
            format!(
                "error: cannot read file: it is a named pipe (FIFO), not a regular file\n \
                 = in book/{name}\n \
                 = help: chapters, configuration and quiz files must be ordinary files\n\n1 error\n"
            )
        );
    }
}

#[test]
fn check_site_missed_single_quoted_and_unquoted_links_and_read_binaries_as_text() {
    let fixture = Fixture::new(&[CONFIG]);
    put(
        &fixture,
        "site/index.html",
        "<!doctype html>\n<a href='gone.html'>a</a>\n<img\n  src=nope.png alt=x>\n<a href=\"ok.html\">b</a>\n<script>let s = '<a href=\"no.html\">';</script>\n",
    );
    put(&fixture, "site/ok.html", "<p id=top>ok</p>");
    put(
        &fixture,
        "site/blob.png",
        "\u{1} <a href=\"bin.html\"> \u{2}",
    );
    let (code, stderr) = fixture.run(&["check", "--site", "site"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: broken reference `gone.html`: /gone.html does not exist\n  \
         ┌─ site/index.html:2:10\n  │\n2 │ <a href='gone.html'>a</a>\n  │          ^^^^^^^^^\n\n\
         error: broken reference `nope.png`: /nope.png does not exist\n  \
         ┌─ site/index.html:4:7\n  │\n4 │   src=nope.png alt=x>\n  │       ^^^^^^^^\n\n2 errors\n"
    );
}

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

/// A site the user built on purpose into `site.new-layout` (with notes added) was deleted by the
/// next build into `site` as if it were an unfinished staging folder: only the hidden names the
/// write stage makes (`.site.new-` and six letters or digits) are staging folders.
#[test]
fn a_finished_site_named_like_a_staging_folder_was_deleted() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    for out in ["site.new-layout", ".site.new-my-layout", "site.new-a1b2c3"] {
        assert_eq!(fixture.run(&["build", "book", "-o", out]).0, 0);
        put(&fixture, &format!("{out}/notes.txt"), "my notes");
    }
    let (code, stderr) = fixture.run(&["build", "book", "-o", "site"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("unfinished"), "{stderr}");
    for out in ["site.new-layout", ".site.new-my-layout", "site.new-a1b2c3"] {
        assert!(
            exists(&fixture, &format!("{out}/notes.txt")),
            "{out} was deleted"
        );
        assert!(
            exists(&fixture, &format!("{out}/one.html")),
            "{out} was deleted"
        );
    }
}

/// `clean` deleted whatever a hand-edited manifest listed: `../victim.txt`, an absolute path,
/// and a file behind a symbolic link to a folder outside the site. Only paths a build writes,
/// reached through real folders, are deleted.
#[test]
fn clean_deleted_files_outside_the_site_that_a_forged_manifest_listed() {
    let fixture = Fixture::new(&[CONFIG, ("one.md", "# One\n")]);
    assert_eq!(fixture.run(&["build", "book", "-o", "site"]).0, 0);
    let root = fixture.dir.path();
    put(&fixture, "victim.txt", "precious");
    put(&fixture, "elsewhere/precious.txt", "precious");
    put(&fixture, "linked/p.txt", "precious");
    std::os::unix::fs::symlink(root.join("linked"), root.join("site/assets-link")).unwrap();
    let absolute = root.join("elsewhere/precious.txt");
    let manifest = root.join("site/.skillbook-manifest.json");
    let text = fs::read_to_string(&manifest).unwrap().replacen(
        "\"files\": [",
        &format!(
            "\"files\": [\"../victim.txt\", \"{}\", \"assets-link/p.txt\", \"./one.html\", ",
            absolute.display()
        ),
        1,
    );
    fs::write(&manifest, text).unwrap();
    let (code, stderr) = fixture.run(&["clean", "-o", "site"]);
    assert_eq!(code, 0, "{stderr}");
    for kept in ["victim.txt", "elsewhere/precious.txt", "linked/p.txt"] {
        assert!(exists(&fixture, kept), "{kept} was deleted");
    }
    assert!(
        stderr.ends_with("kept site (not written by skillbook): `assets-link`\n"),
        "{stderr}"
    );
    assert!(!exists(&fixture, "site/one.html"));
}
