//! The built site in memory: every output file by its path, ready to be written or served.

use std::collections::BTreeMap;
use std::path::Path;

/// Files every site skillbook builds holds at its root: together they mark a directory as a
/// built site (the output of an earlier build), never as content or as someone else's folder.
pub const MARKERS: [&str; 2] = ["toc.js", ".nojekyll"];

/// Whether `dir` is a site skillbook built: it holds every file of [`MARKERS`].
pub fn is_built_site(dir: &Path) -> bool {
    MARKERS.iter().all(|m| dir.join(m).is_file())
}

/// All files of a built site, keyed by `/`-separated path relative to the site root
/// (`index.html`, `part1/ch.html`, `assets/style.css`).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Site {
    /// File contents by path.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Site {
    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), contents.into());
    }

    /// Total size of all files, in bytes.
    pub fn total_bytes(&self) -> u64 {
        self.files.values().map(|f| f.len() as u64).sum()
    }
}
