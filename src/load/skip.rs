//! What a walk of the source directory leaves out: hidden entries, `exclude` patterns (built-in
//! editor and version-control leftovers plus the handbook's own), files consumed as inputs,
//! earlier builds, linked folders, and symbolic links leading outside the handbook (with a
//! warning naming each).

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::Diagnostic;

/// Patterns never copied or read as chapters, whatever `exclude` says: editor backups and swap
/// files, merge leftovers, and version-control and desktop clutter. A pattern without `/` matches
/// a file or folder name at any depth; one with `/` matches a path from the source directory.
pub const DEFAULT_EXCLUDE: [&str; 17] = [
    "*~",
    "*.orig",
    "*.rej",
    "*.bak",
    "*.swp",
    "*.swo",
    "*.swx",
    "*.tmp",
    ".#*",
    "#*#",
    ".DS_Store",
    "Thumbs.db",
    "desktop.ini",
    "CVS",
    ".git",
    ".hg",
    ".svn",
];

/// The compiled `exclude` patterns: [`DEFAULT_EXCLUDE`] plus `extra`.
///
/// Errors: the first pattern that is not a valid glob, with the parser's reason.
pub fn exclude_set(extra: &[String]) -> Result<Excluded, String> {
    let (mut names, mut paths) = (GlobSetBuilder::new(), GlobSetBuilder::new());
    for pattern in DEFAULT_EXCLUDE
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
    {
        let trimmed = pattern.trim_matches('/');
        let glob = Glob::new(trimmed).map_err(|e| format!("`{pattern}`: {}", e.kind()))?;
        if trimmed.contains('/') {
            let glob = globset::GlobBuilder::new(trimmed)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("`{pattern}`: {}", e.kind()))?;
            paths.add(glob);
        } else {
            names.add(glob);
        }
    }
    let build = |b: GlobSetBuilder| b.build().map_err(|e| e.to_string());
    Ok(Excluded {
        names: build(names)?,
        paths: build(paths)?,
    })
}

/// Compiled `exclude` patterns.
#[derive(Debug, Clone)]
pub struct Excluded {
    names: GlobSet,
    paths: GlobSet,
}

impl Excluded {
    /// Whether the entry at `/`-separated `rel` (from the source directory) is excluded.
    pub fn excludes(&self, rel: &str) -> bool {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        self.names.is_match(name) || self.paths.is_match(rel)
    }
}

/// What a walk of the source directory leaves out, and the warnings about links it did not
/// follow.
pub(super) struct Skip {
    root: PathBuf,
    src: PathBuf,
    /// Canonical paths of files and folders consumed as inputs (configuration, SUMMARY.md,
    /// the theme, the output directory, included quiz files).
    inputs: HashSet<PathBuf>,
    excluded: Option<Excluded>,
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
        Skip {
            root: canonical(root),
            src: src.to_path_buf(),
            inputs: inputs.iter().map(|p| canonical(p)).collect(),
            excluded: exclude_set(&config.exclude).ok(),
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
        if entry.file_type().is_dir() && crate::site::is_built_site(entry.path()) {
            return true;
        }
        self.inputs.contains(&canonical(entry.path()))
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
