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
/// handbooks started in different folders keep their readers' progress apart; `handbook` when
/// nothing is left.
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
        "handbook".into()
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

/// Writes the starter handbook into `dir` (created if missing), plus a `.gitignore` for `site/`
/// when there is none. A file that already exists is never overwritten: it is kept (an
/// existing repository's `README.md` becomes the handbook's home page; an existing handbook
/// gains only the files it lacks, such as the Pages workflow).
///
/// Errors: an IO failure, naming the path.
pub fn init(dir: &Path) -> Result<Initialized, Diagnostic> {
    fs::create_dir_all(dir)
        .map_err(|e| Diagnostic::file(dir, format!("cannot create directory: {e}")))?;
    let mut done = Initialized::default();
    for (name, text) in files(dir) {
        let path = dir.join(name);
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
        assert_eq!(id("/"), "handbook");
        assert_eq!(id(&format!("/no/such/{}", "a".repeat(80))).len(), 64);
    }
}
