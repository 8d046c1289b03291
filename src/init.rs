//! `skillbook init`: writes a small starter handbook (one chapter with a quiz and a checklist)
//! and a GitHub Pages workflow that publishes it.

use std::fs;
use std::path::{Component, Path, PathBuf};

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
/// `@SKILLBOOK_REPOSITORY@` standing for this build's version and repository URL, and
/// `@HANDBOOK_DIR@` for the handbook's folder from the repository's root: it downloads that
/// release of skillbook (or builds it from source when there is none), builds with the published
/// base URL, checks every link, and deploys with the official Pages actions.
const WORKFLOW: &str = include_str!("init_workflow.yml");

/// The workflow text `init` writes for the handbook in `handbook` (`/`-separated, from the
/// repository's root; `.` for the root itself): [`WORKFLOW`] pinned to the version of the
/// running skillbook and its repository (both from Cargo.toml).
pub(crate) fn workflow(handbook: &str) -> String {
    WORKFLOW
        .replace("@SKILLBOOK_VERSION@", env!("CARGO_PKG_VERSION"))
        .replace("@SKILLBOOK_REPOSITORY@", env!("CARGO_PKG_REPOSITORY"))
        .replace("@HANDBOOK_DIR@", &shell_word(handbook))
}

/// `path` as one word of a shell command inside the workflow's literal `run: |` block: as it is
/// when it is made of letters, digits and `._/-+,@%:` only (`./` before a leading `-`, so it is
/// not read as an option), else in single quotes, with `'` written `'\''` and `${{` split
/// (`$''{{`) so that GitHub does not read it as an expression.
fn shell_word(path: &str) -> String {
    let plain = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/-+,@%:".contains(c));
    let path = if path.starts_with('-') {
        format!("./{path}")
    } else {
        path.to_string()
    };
    if plain {
        path
    } else {
        format!("'{}'", path.replace('\'', "'\\''").replace("${{", "$''{{"))
    }
}

/// The handbook's own files written by `init`: (path relative to the target directory, text).
fn files(dir: &Path) -> [(&'static str, String); 3] {
    [
        (
            "handbook.toml",
            CONFIG.replace("@PROGRESS_ID@", &progress_id(dir)),
        ),
        ("README.md", README.to_string()),
        ("01-getting-started.md", CHAPTER.to_string()),
    ]
}

/// Where the Pages workflow goes, from the folder that holds `.github`.
const WORKFLOW_PATH: &str = ".github/workflows/pages.yml";

/// A handbook folder below the root of a git repository. GitHub runs only the workflows in
/// `.github/workflows` at the root, and runs them there, so the workflow goes to the root and
/// builds this folder.
struct Subfolder {
    /// The repository's root, relative to the current directory when they share an ancestor.
    root: PathBuf,
    /// The handbook's folder from the root, `/`-separated (`docs`, `team/handbook`).
    path: String,
}

/// The repository `dir` is a subfolder of: the nearest folder at or above it holding `.git` (a
/// folder, or a file in a worktree or submodule). `None` when that is `dir` itself or there is
/// none. Errors: a folder path the workflow cannot hold (a line break, a control character or
/// text that is not UTF-8).
fn subfolder_of_a_repository(dir: &Path) -> Result<Option<Subfolder>, Diagnostic> {
    let Some(dir_abs) = absolute(dir) else {
        return Ok(None);
    };
    let Some(root) = crate::load::git::work_tree_root(&dir_abs) else {
        return Ok(None);
    };
    let Ok(inside) = dir_abs.strip_prefix(&root) else {
        return Ok(None);
    };
    if inside.as_os_str().is_empty() {
        return Ok(None);
    }
    let parts: Option<Vec<&str>> = inside
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    let path = parts
        .map(|parts| parts.join("/"))
        .filter(|path| !path.chars().any(char::is_control))
        .ok_or_else(|| {
            Diagnostic::file(
                dir,
                "its path from the repository's root holds a line break, a control character or text that is not UTF-8, which the Pages workflow cannot name",
            )
            .with_help("rename the folder, or start the handbook in another one")
        })?;
    Ok(Some(Subfolder {
        root: from_current_dir(&root),
        path,
    }))
}

/// `dir` as an absolute path with symbolic links resolved, for a folder that may not exist yet:
/// its nearest existing ancestor resolved, the rest appended with `..` applied.
fn absolute(dir: &Path) -> Option<PathBuf> {
    let full = std::env::current_dir().ok()?.join(dir);
    let mut missing = Vec::new();
    let mut existing = full.as_path();
    loop {
        if let Ok(mut path) = fs::canonicalize(existing) {
            for part in missing.iter().rev() {
                match part {
                    Component::ParentDir => {
                        path.pop();
                    }
                    Component::Normal(name) => path.push(name),
                    _ => {}
                }
            }
            return Some(path);
        }
        missing.push(existing.components().next_back()?);
        existing = existing.parent()?;
    }
}

/// `path` (absolute, resolved) relative to the current directory, as the author would type it
/// (`.github`, `../.github`); as it is when they share no ancestor.
fn from_current_dir(path: &Path) -> PathBuf {
    let Some(cwd) = std::env::current_dir()
        .ok()
        .and_then(|d| fs::canonicalize(d).ok())
    else {
        return path.to_path_buf();
    };
    let common = cwd
        .components()
        .zip(path.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut relative = PathBuf::new();
    for _ in common..cwd.components().count() {
        relative.push("..");
    }
    relative.extend(path.components().skip(common));
    relative
}

/// Whether a `.gitignore` text has a line ignoring a `site` folder beside it.
fn ignores_the_site(gitignore: &str) -> bool {
    gitignore
        .lines()
        .any(|line| ["site", "site/", "/site", "/site/"].contains(&line.trim()))
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

/// What [`init`] did: the paths it wrote, the starter files it left alone because a file of
/// that name was already there, and what the author should know about them.
#[derive(Debug, Default)]
pub struct Initialized {
    /// Files written, in order (`dir` joined with each starter file's path; the workflow and
    /// `.gitignore` of a repository's subfolder under the repository's root).
    pub written: Vec<PathBuf>,
    /// Starter files not written because a file of that name was there.
    pub kept: Vec<PathBuf>,
    /// One line each: where the workflow went and what it publishes, when that is not `dir`,
    /// and what to do when a file kept there does not do what init would have.
    pub notes: Vec<String>,
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
/// In a subfolder of a git repository, the workflow and the `.gitignore` (of `/site/`, where the
/// workflow builds) go to the repository's root, the only place GitHub runs workflows from, and
/// the workflow builds that subfolder.
///
/// Errors: a folder holding other files (a code repository: as a handbook it would publish
/// them), naming a few; a subfolder whose path the workflow cannot name; an IO failure, naming
/// the path.
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
    let subfolder = subfolder_of_a_repository(dir)?;
    fs::create_dir_all(dir)
        .map_err(|e| Diagnostic::file(dir, format!("cannot create directory: {e}")))?;
    let mut done = Initialized::default();
    if !book {
        for (name, text) in files(dir) {
            write_new(&dir.join(name), &text, &mut done)?;
        }
    }
    // The workflow and the ignored site are where the workflow runs: the repository's root.
    let (top, handbook) = match &subfolder {
        Some(sub) => (sub.root.as_path(), sub.path.as_str()),
        None => (dir, "."),
    };
    let pages = top.join(WORKFLOW_PATH);
    let wrote_the_workflow = write_new(&pages, &workflow(handbook), &mut done)?;
    // Keep the built site out of git; an existing .gitignore is the author's and stays as it is.
    // At a repository's root, only the root's `site` folder: the code may have others.
    let ignore = top.join(".gitignore");
    match &subfolder {
        None => {
            if !ignore.exists() {
                write_new(&ignore, "site/\n", &mut done)?;
            }
        }
        Some(sub) => {
            let build = format!("skillbook build {} -o site", shell_word(&sub.path));
            done.notes.push(if wrote_the_workflow {
                format!(
                    "note: {} is at the repository's root, the only place GitHub runs workflows from, and publishes `{}` (`{build}`)",
                    pages.display(),
                    sub.path
                )
            } else {
                format!(
                    "note: to publish the handbook with {}, make it build `{}` (`{build}`), or remove it and run init again",
                    pages.display(),
                    sub.path
                )
            });
            if !ignore.exists() {
                write_new(&ignore, "/site/\n", &mut done)?;
            } else if !fs::read_to_string(&ignore).is_ok_and(|text| ignores_the_site(&text)) {
                done.notes.push(format!(
                    "note: add `/site/` to {} to keep the built site out of git",
                    ignore.display()
                ));
            }
        }
    }
    Ok(done)
}

/// Writes `text` to `path` (creating its folder) unless a file is there, recording which in
/// `done`; returns whether it wrote it.
fn write_new(path: &Path, text: &str, done: &mut Initialized) -> Result<bool, Diagnostic> {
    if path.exists() {
        done.kept.push(path.to_path_buf());
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::file(parent, format!("cannot create directory: {e}")))?;
    }
    fs::write(path, text).map_err(|e| Diagnostic::file(path, format!("cannot write file: {e}")))?;
    done.written.push(path.to_path_buf());
    Ok(true)
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

    #[test]
    fn a_handbook_folder_is_one_shell_word_github_reads_no_expression_in() {
        assert_eq!(shell_word("."), ".");
        assert_eq!(shell_word("team/docs-v2"), "team/docs-v2");
        assert_eq!(shell_word("-book"), "./-book");
        assert_eq!(shell_word("my docs"), "'my docs'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("a #b: c"), "'a #b: c'");
        assert_eq!(shell_word("${{ secrets.X }}"), "'$''{{ secrets.X }}'");
        assert!(!shell_word("$${{{").contains("${{"));
    }
}
