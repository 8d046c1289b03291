//! The `exclude` setting: the built-in patterns every walk leaves out, and the compiled set of
//! those plus the handbook's own (globset).

use globset::{Glob, GlobSet, GlobSetBuilder};

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
