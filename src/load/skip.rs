//! What a walk of the source directory leaves out: hidden entries, `exclude` patterns (built-in
//! editor and version-control leftovers plus the handbook's own), files consumed as inputs,
//! earlier builds (skillbook's, and mdBook's `build-dir`), linked folders, and symbolic links
//! leading outside the handbook (with a warning naming each); and, from the chapters only, the
//! not-found page's source (`404.md`, mdBook's `input-404`).

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::exclude::{exclude_set, Excluded};
use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::Diagnostic;

/// What a walk of the source directory leaves out, and the warnings about links it did not
/// follow.
pub(super) struct Skip {
    root: PathBuf,
    src: PathBuf,
    /// Canonical paths of files and folders consumed as inputs (configuration, SUMMARY.md,
    /// the theme, the output directory, included quiz files).
    inputs: HashSet<PathBuf>,
    excluded: Option<Excluded>,
    /// The not-found page's source ([`Config::not_found_source`]), relative to `src`.
    not_found: Option<String>,
    warned: RefCell<HashSet<PathBuf>>,
    /// Symbolic links that lead outside the handbook, as warnings.
    pub(super) warnings: RefCell<Vec<Diagnostic>>,
}

impl Skip {
    pub(super) fn new(root: &Path, src: &Path, config: &Config, output: Option<&Path>) -> Skip {
        let mut inputs = vec![
            root.join(&config.theme),
            root.join(CONFIG_FILE),
            root.join("book.toml"),
            src.join("SUMMARY.md"),
        ];
        inputs.extend(output.map(Path::to_path_buf));
        // mdBook's own build of the book (with `src = "."` it lies in the source tree).
        inputs.extend(config.mdbook_build_dir.as_ref().map(|dir| root.join(dir)));
        Skip {
            root: canonical(root),
            src: src.to_path_buf(),
            inputs: inputs.iter().map(|p| canonical(p)).collect(),
            excluded: exclude_set(&config.exclude).ok(),
            not_found: crate::paths::normalize(config.not_found_source()),
            warned: RefCell::default(),
            warnings: RefCell::default(),
        }
    }

    /// Adds files consumed as inputs (included quiz files), never copied as assets.
    pub(super) fn add_inputs<'a>(&mut self, paths: impl IntoIterator<Item = &'a PathBuf>) {
        self.inputs.extend(paths.into_iter().map(|p| canonical(p)));
    }

    /// Whether `path` (a symlink or not) resolves inside the handbook root.
    pub(super) fn inside(&self, path: &Path) -> bool {
        path.canonicalize().is_ok_and(|p| p.starts_with(&self.root))
    }

    /// Whether a walk leaves `entry` out: hidden, excluded, consumed as input, a linked folder
    /// (never followed, so a link back up the tree cannot loop) or a link leading outside the
    /// handbook (with a warning naming it).
    pub(super) fn skips(&self, entry: &walkdir::DirEntry) -> bool {
        if entry.depth() == 0 {
            return false;
        }
        let name = entry.file_name().to_string_lossy();
        let rel = super::files::relative(&self.src, entry.path());
        if name.starts_with('.') || self.excluded.as_ref().is_some_and(|e| e.excludes(&rel)) {
            return true;
        }
        if entry.path_is_symlink() {
            if !self.inside(entry.path()) {
                self.warn_outside(entry.path());
                return true;
            }
            if entry.path().is_dir() {
                return true;
            }
        }
        // An earlier build inside the source tree (`site/`, `site2/`) is output, never content.
        if entry.file_type().is_dir() && crate::output::is_built_site(entry.path()) {
            return true;
        }
        self.inputs.contains(&canonical(entry.path()))
    }

    /// Whether `path` (under the source directory) is the not-found page's source, which a walk
    /// never makes a chapter: skillbook writes its own `404.html` (a note says so).
    pub(super) fn is_not_found_page(&self, path: &Path) -> bool {
        self.not_found
            .as_deref()
            .is_some_and(|page| super::files::relative(&self.src, path) == page)
    }

    /// Records a warning that the link `path` leads outside the handbook and is not followed.
    pub(super) fn warn_outside(&self, path: &Path) {
        if self.warned.borrow_mut().insert(path.to_path_buf()) {
            let target = std::fs::read_link(path)
                .map(|t| format!(" (to {})", t.display()))
                .unwrap_or_default();
            self.warnings.borrow_mut().push(
                Diagnostic::file(
                    path,
                    format!("symbolic link leads outside the handbook{target}; not followed"),
                )
                .with_help("copy the file into the handbook if it belongs in the site")
                .warning(),
            );
        }
    }
}

/// `path` with symbolic links and `..` resolved, or `path` itself when it does not exist.
pub(super) fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
