//! What a changed file means to a build: each path a watcher reports is classified into one kind
//! of change (chapter body, front matter, SUMMARY.md, config, theme, asset, included file,
//! created, deleted), which decides how much the session rebuilds.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::load::Book;

/// The kind of one changed file, judged against the last good build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A chapter's text below its front matter, with its title, directives and front matter
    /// unchanged: only that chapter is parsed, rendered and indexed again.
    Body,
    /// A chapter whose front matter, title or directives changed (or whose front matter no
    /// longer parses): everything is rebuilt, as titles, prerequisites and the skills map depend
    /// on it.
    FrontMatter,
    /// `SUMMARY.md`: the chapter order and sidebar.
    Summary,
    /// `handbook.toml` or `book.toml`.
    Config,
    /// A file of the handbook's theme directory, or an `additional-css`/`additional-js` file.
    Theme,
    /// A file copied to the site unchanged (an image, a download): only its bytes are replaced.
    Asset,
    /// A file that a chapter includes with a directive (`{{#include}}`, `{{#quiz}}`).
    Included,
    /// A file that did not exist in the last build.
    Created,
    /// A file of the last build that no longer exists.
    Deleted,
}

impl ChangeKind {
    /// Whether this kind is handled without a full build (only [`ChangeKind::Body`] and
    /// [`ChangeKind::Asset`]).
    pub fn is_local(self) -> bool {
        matches!(self, ChangeKind::Body | ChangeKind::Asset)
    }
}

/// One changed file: its absolute path and kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Kind of change.
    pub kind: ChangeKind,
    /// The file, as an absolute path.
    pub path: PathBuf,
    /// For a [`ChangeKind::Body`] edit: the chapter and its new text, as read to classify it.
    pub(crate) edit: Option<Edit>,
}

/// A chapter body edit as classifying it read it, so the rebuild reads and splits nothing again.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Edit {
    /// Index of the chapter in the book.
    pub(crate) chapter: usize,
    /// The whole file as read.
    pub(crate) source: Arc<str>,
    /// Where its body starts, after the front matter.
    pub(crate) body_start: usize,
}

/// Whether a path is an editor's temporary, backup or swap file (`.swp`, `~`, `.#x`, Vim's
/// `4913` probe, `.tmp`), which never triggers a rebuild.
pub fn is_editor_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
        || name.ends_with(".tmp")
}

/// Absolute form of `path` (lexical: symbolic links are not resolved).
pub(crate) fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Classifies `path` (absolute) against `book`, the last good build; `root` is the handbook
/// root, absolute. Returns `None` for files no build reads: hidden files and folders, editor
/// noise, and files outside the handbook.
pub(crate) fn classify(book: &Book, root: &Path, path: PathBuf) -> Option<Change> {
    // A file a chapter includes counts wherever it is (even outside the source folder, in a
    // hidden folder, or another chapter's own file), and it changes the chapters including it.
    if is_included(book, root, &path) {
        return Some(Change {
            kind: ChangeKind::Included,
            path,
            edit: None,
        });
    }
    if let Some((index, chapter)) = chapter_at(book, &path) {
        let (kind, edit) = chapter_change(index, chapter, &path);
        return Some(Change { kind, path, edit });
    }
    let kind = kind_of(book, root, &path)?;
    Some(Change {
        kind,
        path,
        edit: None,
    })
}

/// The chapter whose file is `path` (absolute), with its index, if it still exists.
fn chapter_at<'b>(book: &'b Book, path: &Path) -> Option<(usize, &'b crate::load::Chapter)> {
    let rel = path.strip_prefix(absolute(&book.src_dir)).ok()?;
    let rel = rel.to_string_lossy().replace('\\', "/");
    (path.is_file() && !is_editor_noise(path))
        .then(|| {
            book.chapters
                .iter()
                .enumerate()
                .find(|(_, c)| c.path == rel)
        })
        .flatten()
}

/// The kind of a change to a file that is not a chapter.
fn kind_of(book: &Book, root: &Path, path: &Path) -> Option<ChangeKind> {
    let rel = path.strip_prefix(root).ok()?;
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    if hidden || is_editor_noise(path) || rel.as_os_str().is_empty() {
        return None;
    }
    let src = absolute(&book.src_dir);
    if !path.exists() {
        // A deleted folder or file: only worth a build if the last build could have read it.
        let read = match path.strip_prefix(&src) {
            Ok(in_src) => was_read(book, &in_src.to_string_lossy().replace('\\', "/")),
            Err(_) => rel.components().count() == 1,
        };
        return (read || is_theme(book, root, path)).then_some(ChangeKind::Deleted);
    }
    if in_built_site(root, path) {
        // A site built into the handbook (`skillbook build -o site` beside a running serve) is
        // never content.
        return None;
    }
    if path.is_dir() {
        // A new folder: files written into it before the watcher saw it send no events of
        // their own, so the build reads it whole.
        return (path.starts_with(&src) || is_theme(book, root, path))
            .then_some(ChangeKind::Created);
    }
    if rel == Path::new("handbook.toml") || rel == Path::new("book.toml") {
        return Some(ChangeKind::Config);
    }
    if is_theme(book, root, path) {
        return Some(ChangeKind::Theme);
    }
    let Ok(in_src) = path.strip_prefix(&src) else {
        // Outside the source directory only the config, the theme and additional files count.
        return None;
    };
    let in_src = in_src.to_string_lossy().replace('\\', "/");
    if in_src == "SUMMARY.md" {
        return Some(ChangeKind::Summary);
    }
    if book.assets.iter().any(|(p, _)| *p == in_src) {
        return Some(ChangeKind::Asset);
    }
    Some(ChangeKind::Created)
}

/// Whether the last build read the file or folder at `in_src` (relative to the source folder,
/// `/`-separated): a chapter, a Markdown file, a copied file, `SUMMARY.md`, or a folder holding
/// one of them.
fn was_read(book: &Book, in_src: &str) -> bool {
    let holds = |path: &str| {
        path == in_src
            || path
                .strip_prefix(in_src)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    in_src == "SUMMARY.md"
        || book.markdown_files.iter().any(|p| holds(p))
        || book.assets.iter().any(|(p, _)| holds(p))
}

/// Whether `path` (absolute, existing) is in a folder under `root` that holds a site skillbook
/// built ([`crate::output::is_built_site`]), or is such a folder.
fn in_built_site(root: &Path, path: &Path) -> bool {
    path.ancestors()
        .take_while(|dir| dir.starts_with(root) && *dir != root)
        .any(crate::output::is_built_site)
}

/// Whether a chapter of `book` includes the file at `path` (absolute) with a directive; `root`
/// is the handbook root, absolute. Include paths are relative to the source folder and may
/// leave it (`../listings/main.rs`), so both sides are compared relative to the root.
fn is_included(book: &Book, root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let rel = rel.to_string_lossy().replace('\\', "/");
    let src = book.config.src.to_string_lossy().replace('\\', "/");
    book.includes
        .keys()
        .any(|key| crate::paths::normalize(&format!("{src}/{key}")).as_deref() == Some(&rel))
}

/// A theme file, or an additional stylesheet or script named in the config.
fn is_theme(book: &Book, root: &Path, path: &Path) -> bool {
    path.starts_with(root.join(&book.config.theme))
        || book
            .config
            .additional_css
            .iter()
            .chain(&book.config.additional_js)
            .any(|p| root.join(p.trim_start_matches('/')) == path)
}

/// [`ChangeKind::Body`] (with the text read) when only the text below the front matter changed
/// and the chapter's title and directives are unaffected; [`ChangeKind::FrontMatter`] otherwise.
fn chapter_change(
    index: usize,
    chapter: &crate::load::Chapter,
    path: &Path,
) -> (ChangeKind, Option<Edit>) {
    let whole = (ChangeKind::FrontMatter, None);
    let Ok(text) = crate::load::read_text(path) else {
        return whole;
    };
    let source: Arc<str> = text.into();
    let Ok(split) = crate::load::front_matter::split(path, &source) else {
        return whole;
    };
    let body = &source[split.body_start..];
    let same_title = chapter.front_matter.title.is_some()
        || crate::load::first_heading(body) == crate::load::first_heading(chapter.body());
    // Directives are expanded by the load stage (included files, quiz files, `{{#title}}`).
    let directives = !crate::load::directive::find(body).is_empty()
        || chapter.expansion.is_some()
        || !chapter.includes.is_empty();
    if split.front_matter != chapter.front_matter || !same_title || directives {
        return whole;
    }
    let edit = Edit {
        chapter: index,
        body_start: split.body_start,
        source,
    };
    (ChangeKind::Body, Some(edit))
}
