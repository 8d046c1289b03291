//! The theme: templates and assets embedded from `themes/default/`, overridden file by file by a
//! handbook's own `theme/` directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;
use crate::site::Bytes;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Theme files by path relative to the theme root (`templates/page.html`, `assets/style.css`).
#[derive(Debug, Clone)]
pub struct Theme {
    /// File contents keyed by `/`-separated relative path.
    pub files: BTreeMap<String, Bytes>,
    /// Where each file the handbook's theme directory overrides was read from, by the same key.
    pub overridden: BTreeMap<String, PathBuf>,
}

impl Default for Theme {
    /// The embedded default theme.
    fn default() -> Self {
        let mut files = BTreeMap::new();
        collect(&DEFAULT_THEME, &mut files);
        Theme {
            files,
            overridden: BTreeMap::new(),
        }
    }
}

fn collect(dir: &Dir<'static>, files: &mut BTreeMap<String, Bytes>) {
    for file in dir.files() {
        files.insert(
            file.path().to_string_lossy().replace('\\', "/"),
            Bytes::from_static(file.contents()),
        );
    }
    for sub in dir.dirs() {
        collect(sub, files);
    }
}

impl Theme {
    /// The default theme with every file found under `dir` (if it exists) replacing or adding to it.
    ///
    /// Errors: a file under `dir` that cannot be read, naming its path.
    pub fn load(dir: &Path) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::default();
        if !dir.is_dir() {
            return Ok(theme);
        }
        for entry in WalkDir::new(dir)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        {
            let entry = entry
                .map_err(|e| Diagnostic::file(dir, format!("cannot read theme directory: {e}")))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let bytes = crate::read::read_file(entry.path())?;
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            theme
                .overridden
                .insert(key.clone(), entry.path().to_path_buf());
            theme.files.insert(key, Bytes::from(bytes));
        }
        Ok(theme)
    }

    /// Templates (`templates/**.html`) as (name relative to `templates/`, UTF-8 text).
    pub fn templates(&self) -> impl Iterator<Item = (&str, String)> {
        self.files.iter().filter_map(|(path, bytes)| {
            let name = path.strip_prefix("templates/")?;
            Some((name, String::from_utf8_lossy(bytes).into_owned()))
        })
    }

    /// A note, at the theme folder `dir`, naming the handbook's theme files that are neither
    /// templates nor assets (an mdBook theme's `head.hbs`, `css/general.css`, `book.js`), which
    /// nothing uses; files in `used` (paths as the theme was loaded from: stylesheets and scripts
    /// the settings name) are left out. `None` when there are none.
    pub(crate) fn unused_note(&self, dir: &Path, used: &[PathBuf]) -> Option<crate::Diagnostic> {
        let unused: Vec<&str> = self
            .overridden
            .iter()
            .filter(|(key, path)| {
                !key.starts_with("templates/")
                    && !key.starts_with("assets/")
                    && !used.contains(path)
            })
            .map(|(key, _)| key.as_str())
            .collect();
        if unused.is_empty() {
            return None;
        }
        let note = crate::Diagnostic::file(
            dir,
            format!(
                "theme files skillbook does not use: {}",
                crate::diagnostics::some_of(&unused, 5)
            ),
        );
        Some(note.with_help("skillbook's theme is Tera templates under templates/ and files under assets/ (an mdBook theme's .hbs, css/ and js files do not apply); see the README's \"Themes\"").note())
    }

    /// Static assets (`assets/**`) as (path relative to the site root, bytes).
    pub fn assets(&self) -> impl Iterator<Item = (&str, &Bytes)> {
        self.files
            .iter()
            .filter(|(path, _)| path.starts_with("assets/"))
            .map(|(p, b)| (p.as_str(), b))
    }
}

impl Theme {
    /// The file a theme path was read from, for diagnostics: the handbook's own override, or
    /// `(built-in theme)/…`.
    pub fn source_path(&self, key: &str) -> PathBuf {
        self.overridden
            .get(key)
            .cloned()
            .unwrap_or_else(|| Path::new("(built-in theme)").join(key))
    }
}
