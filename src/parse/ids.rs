//! Heading ids (anchors): Unicode-aware slugs, unique within a page.

use std::collections::HashSet;

/// Fallback id for a heading whose text has no letters or digits (e.g. `## ???`).
pub const FALLBACK: &str = "section";

/// Slug of a heading's plain text: lowercased, letters and digits of any script kept,
/// whitespace runs become `-`, other punctuation dropped (`## MENÜ` → `menü`, `## C++ & Go` → `c-go`).
/// Returns [`FALLBACK`] when nothing is left.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        FALLBACK.to_string()
    } else {
        out
    }
}

/// Hands out page-unique ids: explicit ids are reserved first, generated ones get `-1`, `-2`… on clashes.
#[derive(Debug, Default)]
pub struct IdSet {
    used: HashSet<String>,
}

impl IdSet {
    /// Reserves an explicit id; returns false if it was already taken.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// A unique id based on `base`.
    pub fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("MENÜ"), "menü");
        assert_eq!(slug("Привет, мир"), "привет-мир");
        assert_eq!(slug("データベース 入門"), "データベース-入門");
        assert_eq!(slug("C++ & Go"), "c-go");
        assert_eq!(slug("???"), "section");
    }

    #[test]
    fn duplicates_get_suffixes() {
        let mut ids = IdSet::default();
        assert!(ids.reserve("intro-1"));
        assert_eq!(ids.unique("intro"), "intro");
        assert_eq!(ids.unique("intro"), "intro-2");
    }
}
