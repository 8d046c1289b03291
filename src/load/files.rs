//! Chapter files for the load stage: the chapter-file cache shared by the directory walk and
//! chapter reading, the assets copied to the site, the files chapters include, and the note
//! about a not-found page source that is not rendered.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use super::skip::Skip;
use super::{directive, front_matter, Chapter};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::read::{read_file, read_text};

/// A chapter file read and split once, whichever of the walk and [`read_chapters`] needs it first.
pub(super) struct LoadedFile {
    pub(super) source: Arc<str>,
    pub(super) split: Result<front_matter::Split, Diagnostic>,
}

/// Chapter files already read, by path.
pub(super) type FileCache = HashMap<PathBuf, Result<LoadedFile, Diagnostic>>;

pub(super) fn load_file(path: &Path) -> Result<LoadedFile, Diagnostic> {
    let source: Arc<str> = Arc::from(read_text(path)?);
    let split = front_matter::split(path, &source);
    Ok(LoadedFile { source, split })
}

pub(super) fn relative(src: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every file under `src` that a walk does not skip (see [`Skip::skips`]) and that is not a
/// chapter: images, media, PDFs, fonts and anything else beside the chapters.
pub(super) fn read_assets(
    src: &Path,
    skip: &Skip,
    diagnostics: &mut Diagnostics,
) -> (Vec<(String, Vec<u8>)>, BTreeSet<String>) {
    let mut assets = Vec::new();
    let mut markdown = BTreeSet::new();
    // Symlinks are not followed into directories (no loops); a symlink to a file inside the
    // handbook is read as a file.
    let walker = WalkDir::new(src)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !skip.skips(e));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(src).to_path_buf();
                diagnostics.push(Diagnostic::file(
                    &path,
                    format!("cannot read directory: {e}"),
                ));
                continue;
            }
        };
        let is_file =
            entry.file_type().is_file() || (entry.path_is_symlink() && entry.path().is_file());
        if !is_file {
            continue;
        }
        if super::walk::is_markdown(entry.path()) {
            markdown.insert(relative(src, entry.path()));
            continue;
        }
        match read_file(entry.path()) {
            Ok(bytes) => assets.push((relative(src, entry.path()), bytes)),
            Err(d) => diagnostics.push(d),
        }
    }
    (assets, markdown)
}

/// Reads every existing file named by a `{{#quiz path}}` directive (paths relative to the
/// chapter, maybe leaving the source directory but not the book's root) into `includes`, keyed by
/// source path; adds each to its chapter's [`Chapter::includes`]. Returns the source paths of
/// every quiz file named (never published: they hold the answers).
pub(super) fn read_includes(
    context: &super::include::Context,
    chapters: &mut [Chapter],
    includes: &mut HashMap<String, Arc<str>>,
    skip: &Skip,
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let mut quizzes = Vec::new();
    for chapter in chapters {
        let wanted: Vec<String> = directive::find(chapter.body())
            .into_iter()
            .filter(|d| d.name == "quiz" && !d.escaped && !chapter.is_literal(d.span.clone()))
            .map(|d| crate::paths::join_outside(&chapter.path, d.argument))
            .filter(|rel| crate::paths::inside_root(context.src, rel))
            .collect();
        for rel in wanted {
            let file = context.src_dir.join(&rel);
            if !includes.contains_key(&rel) && file.is_file() && !skip.inside(&file) {
                skip.warn_outside(&file);
            } else if !includes.contains_key(&rel) && file.is_file() {
                match read_text(&file) {
                    Ok(text) => {
                        includes.insert(rel.clone(), Arc::from(text));
                    }
                    Err(d) => diagnostics.push(d),
                }
            }
            if !chapter.includes.contains(&rel) {
                chapter.includes.push(rel.clone());
            }
            quizzes.push(rel);
        }
    }
    quizzes
}

/// A note when the not-found page's source ([`Config::not_found_source`]: mdBook's `input-404`,
/// or a handbook's `404.md`, found in `src_dir`) is not a chapter: skillbook does not render it
/// (its own `404.html` stands in), so the author learns its text is not on the site.
pub(super) fn unused_not_found_page(
    config: &Config,
    src_dir: &Path,
    chapters: &[Chapter],
) -> Option<Diagnostic> {
    let name = config.not_found_source();
    let path = src_dir.join(name);
    let rel = crate::paths::normalize(name);
    let chapter = chapters.iter().any(|c| Some(&c.path) == rel.as_ref());
    if chapter || !path.is_file() {
        return None;
    }
    let (message, help) = if config.is_mdbook() {
        (
            "mdBook's not-found page is not used: skillbook writes its own `404.html`",
            "to say what this page says, override the theme's `templates/404.html` (README, Themes)",
        )
    } else {
        (
            "not a chapter: skillbook writes its own not-found page, `404.html`",
            "to say what this page says, override the theme's `templates/404.html` (README, Themes); to make it a chapter, rename it",
        )
    };
    Some(Diagnostic::file(&path, message).with_help(help).note())
}
