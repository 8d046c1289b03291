//! The built site in memory: every output file by its path, ready to be written or served.

use std::collections::BTreeMap;

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
