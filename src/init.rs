//! `skillbook init`: writes a small starter handbook (one chapter with a quiz and a checklist)
//! and a GitHub Pages workflow that publishes it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

const CONFIG: &str = r#"title = "My Handbook"
description = "Skills, checklists and quizzes for our team."
authors = []
language = "en"
# Readers' ticks and answers are kept under this name: it may stay when the title changes.
progress-id = "@PROGRESS_ID@"
"#;

const README: &str = r#"# My Handbook

Welcome. Each chapter teaches one skill, ends with a checklist to work through and a quiz to check
your understanding. Start with [Getting started](01-getting-started.md).
"#;

const CHAPTER: &str = r#"+++
title = "Getting started"
description = "How this handbook is organised and how to use its checklists and quizzes."
level = "foundation"
skills = ["orientation"]
time-estimate = 10
+++

# Getting started

Chapters are Markdown files. Their order comes from the numbers in the file names
(`01-…`, `02-…`), or from a `SUMMARY.md` if you add one.

> [!TIP]
> Run `skillbook serve --open` to read it with live reload and search, or `skillbook build`
> to write the site to `site/` (open `site/index.html`, or publish it, e.g. on GitHub Pages).

## Checklist: your first week

- [ ] Read this chapter.
- [ ] Build the handbook locally.
- [x] Find the quiz below.

## Quiz

```quiz
[[questions]]
id = "start-format"
type = "MultipleChoice"
prompt.prompt = "Which file format are chapters written in?"
prompt.distractors = ["HTML", "reStructuredText"]
answer.answer = "Markdown"
context = "Chapters are Markdown files; skillbook turns them into HTML pages."

[[questions]]
id = "start-command"
type = "ShortAnswer"
prompt.prompt = "Which skillbook command writes the site to `site/`?"
answer.answer = "skillbook build"
answer.alternatives = ["build"]
context = "`skillbook build` renders every chapter into `site/`."
```
"#;

/// The GitHub Pages workflow `init` writes, with `@SKILLBOOK_VERSION@` and
/// `@SKILLBOOK_REPOSITORY@` standing for this build's version and repository URL: it downloads
/// that release of skillbook (or builds it from source when there is none), builds with the
/// published base URL, checks every link, and deploys with the official Pages actions.
const WORKFLOW: &str = include_str!("init_workflow.yml");

/// The workflow text `init` writes: [`WORKFLOW`] pinned to the version of the running skillbook
/// and its repository (both from Cargo.toml).
pub(crate) fn workflow() -> String {
    WORKFLOW
        .replace("@SKILLBOOK_VERSION@", env!("CARGO_PKG_VERSION"))
        .replace("@SKILLBOOK_REPOSITORY@", env!("CARGO_PKG_REPOSITORY"))
}

/// Files written by `init`: (path relative to the target directory, text).
fn files(dir: &Path) -> [(&'static str, String); 4] {
    [
        (
            "handbook.toml",
            CONFIG.replace("@PROGRESS_ID@", &progress_id(dir)),
        ),
        ("README.md", README.to_string()),
        ("01-getting-started.md", CHAPTER.to_string()),
        (".github/workflows/pages.yml", workflow()),
    ]
}

/// The `progress-id` of a handbook started in `dir`: its folder's name in lower case, letters
/// and digits kept and runs of anything else made one `-` (`My Handbook` → `my-handbook`), so
/// handbooks started in different folders keep their readers' progress apart; `handbook-` and a
/// hash of the name when nothing is left (a name in another script).
fn progress_id(dir: &Path) -> String {
    let name = std::fs::canonicalize(dir)
        .ok()
        .or_else(|| Some(dir.to_path_buf()))
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().to_lowercase()))
        .unwrap_or_default();
    let id: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    let id = id.join("-");
    let id: String = id.chars().take(64).collect();
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        // A name of other scripts: a hash of it keeps such handbooks apart.
        format!("handbook-{}", &crate::hash::hash_hex(&name)[..8])
    } else {
        id.into()
    }
}

/// What [`init`] did: the paths it wrote, and the starter files it left alone because a file of
/// that name was already there.
#[derive(Debug, Default)]
pub struct Initialized {
    /// Files written, in order (`dir` joined with each starter file's path).
    pub written: Vec<PathBuf>,
    /// Starter files not written because a file of that name was there.
    pub kept: Vec<PathBuf>,
}

/// Files a new repository starts with, which a handbook may sit beside: the repository's
/// README (kept as the handbook's home page), licence, contribution notes and git's own files.
fn belongs_to_a_new_repository(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        ".git",
        ".github",
        ".gitignore",
        ".gitattributes",
        ".ds_store",
    ]
    .contains(&name.as_str())
        || [
            "readme",
            "license",
            "licence",
            "copying",
            "contributing",
            "code_of_conduct",
        ]
        .iter()
        .any(|start| name.starts_with(start))
}

/// Writes the starter handbook into `dir` (created if missing), plus a `.gitignore` for `site/`
/// when there is none; never overwrites a file. In an existing handbook or mdBook book (a
/// `handbook.toml` or `book.toml` there) it writes only the Pages workflow (and `.gitignore`);
/// in a new repository, its README and licence are kept (the README as the home page).
///
/// Errors: a folder holding other files (a code repository: as a handbook it would publish
/// them), naming a few; an IO failure, naming the path.
pub fn init(dir: &Path) -> Result<Initialized, Diagnostic> {
    let book = ["handbook.toml", "book.toml"]
        .iter()
        .any(|config| dir.join(config).is_file());
    if !book {
        let mut others: Vec<String> = fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| !belongs_to_a_new_repository(name))
            .collect();
        others.sort();
        if !others.is_empty() {
            return Err(Diagnostic::file(
                dir,
                format!(
                    "holds files that are not a handbook's ({}): a handbook here would publish them",
                    crate::diagnostics::some_of(&others, 3)
                ),
            )
            .with_help("run init in an empty folder or a new repository (its README and licence are kept), or in a folder of its own, e.g. `skillbook init handbook`"));
        }
    }
    fs::create_dir_all(dir)
        .map_err(|e| Diagnostic::file(dir, format!("cannot create directory: {e}")))?;
    let mut done = Initialized::default();
    for (name, text) in files(dir) {
        let path = dir.join(name);
        if book && !name.starts_with(".github/") {
            continue;
        }
        if path.exists() {
            done.kept.push(path);
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::file(parent, format!("cannot create directory: {e}")))?;
        }
        fs::write(&path, text)
            .map_err(|e| Diagnostic::file(&path, format!("cannot write file: {e}")))?;
        done.written.push(path);
    }
    // Keep the built site out of git; an existing .gitignore is the author's and stays as it is.
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        fs::write(&ignore, "site/\n")
            .map_err(|e| Diagnostic::file(&ignore, format!("cannot write file: {e}")))?;
        done.written.push(ignore);
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_starter_handbooks_shared_their_readers_progress() {
        let id = |dir: &str| progress_id(Path::new(dir));
        assert_eq!(id("/no/such/My Handbook"), "my-handbook");
        assert_eq!(id("/no/such/team_docs.v2"), "team-docs-v2");
        assert_eq!(id("/no/such/Ünïcode"), "n-code");
        assert!(id("/no/such/日本語ブック").starts_with("handbook-"));
        assert_ne!(id("/no/such/日本語ブック"), id("/no/such/_"));
        assert_eq!(id(&format!("/no/such/{}", "a".repeat(80))).len(), 64);
    }
}
