//! Reading files for the load stage: text files as UTF-8 with the path in every error, the
//! chapter-file cache shared by the directory walk and chapter reading, what is never read as
//! content, the assets copied to the site, and the files chapters include.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use super::{directive, front_matter, Chapter};
use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Reads a file as UTF-8 text, strips a byte-order mark, and names the path in any error.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file(path, format!("cannot read file: {e}")))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Diagnostic::error(path, &text, valid, "file is not valid UTF-8")
            .with_help("save the file as UTF-8")
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// Directories and files never read as content.
pub(super) struct Skip {
    paths: Vec<PathBuf>,
}

impl Skip {
    pub(super) fn new(root: &Path, src: &Path, config: &Config, output: Option<&Path>) -> Skip {
        let mut paths = vec![
            root.join(&config.theme),
            root.join(CONFIG_FILE),
            src.join("SUMMARY.md"),
        ];
        if let Some(out) = output {
            paths.push(out.to_path_buf());
        }
        Skip {
            paths: paths.iter().map(|p| canonical(p)).collect(),
        }
    }

    pub(super) fn skips(&self, entry: &walkdir::DirEntry) -> bool {
        let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
        // An earlier build inside the source tree (`site/`, `site2/`) is output, never content.
        let built = entry.depth() > 0
            && entry.file_type().is_dir()
            && crate::site::is_built_site(entry.path());
        // Symlinked files are read like any other; symlinked directories are never followed, so a
        // link back up the tree cannot make the walk go round in circles.
        let linked_dir = entry.path_is_symlink() && entry.file_type().is_dir();
        hidden || linked_dir || built || self.paths.contains(&canonical(entry.path()))
    }
}

pub(super) fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

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

pub(super) fn read_assets(
    src: &Path,
    skip: &Skip,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, Vec<u8>)> {
    let mut assets = Vec::new();
    // Symlinks are not followed into directories (no loops); a symlink to a file is read as a file.
    let walker = WalkDir::new(src)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !skip.skips(e));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(src).to_path_buf();
                diagnostics.0.push(Diagnostic::file(
                    &path,
                    format!("cannot read directory: {e}"),
                ));
                continue;
            }
        };
        let is_file =
            entry.file_type().is_file() || (entry.path_is_symlink() && entry.path().is_file());
        if !is_file || super::walk::is_markdown(entry.path()) {
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => assets.push((relative(src, entry.path()), bytes)),
            Err(e) => diagnostics.0.push(Diagnostic::file(
                entry.path(),
                format!("cannot read file: {e}"),
            )),
        }
    }
    assets
}

/// Reads every existing file named by a `{{#quiz path}}` directive (paths relative to the
/// chapter), keyed by source path; records each chapter's includes in [`Chapter::includes`].
pub(super) fn read_includes(
    src: &Path,
    chapters: &mut [Chapter],
    diagnostics: &mut Diagnostics,
) -> HashMap<String, Arc<str>> {
    let mut includes = HashMap::new();
    for chapter in chapters {
        let wanted: Vec<String> = directive::find(chapter.body())
            .into_iter()
            .filter(|d| d.name == "quiz")
            .filter_map(|d| crate::paths::join(&chapter.path, d.argument))
            .collect();
        for rel in wanted {
            let file = src.join(&rel);
            if !includes.contains_key(&rel) && file.is_file() {
                match read_text(&file) {
                    Ok(text) => {
                        includes.insert(rel.clone(), Arc::from(text));
                    }
                    Err(d) => diagnostics.0.push(d),
                }
            }
            if !chapter.includes.contains(&rel) {
                chapter.includes.push(rel);
            }
        }
    }
    includes
}
