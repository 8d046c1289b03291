//! Page-unique element ids: Unicode-aware heading slugs, and one registry per page shared by
//! headings, footnotes, quizzes and checklist items so that no two elements get the same id.

use std::collections::{HashMap, HashSet};

/// Fallback id for a heading whose text has no letters or digits (e.g. `## ???`).
pub(crate) const FALLBACK: &str = "section";

/// Slug of a heading's plain text, by mdBook's and GitHub's rule: trimmed and lowercased;
/// letters and digits of any script, `_` and `-` kept; every whitespace character becomes `-`
/// (so runs of `-` and a trailing `-` stay: `The -- operator` → `the----operator`,
/// `Matching ranges of values with …` → `matching-ranges-of-values-with-`); other punctuation
/// dropped (`C++ & Go` → `c--go`, `MENÜ` → `menü`). Returns [`FALLBACK`] when nothing is left.
pub(crate) fn slug(text: &str) -> String {
    let slug: String = text
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect();
    if slug.is_empty() {
        FALLBACK.to_string()
    } else {
        slug
    }
}

/// The ids used on one page. Explicit ids are reserved first; generated ones get `-1`, `-2`…
/// on clashes, in constant time per id however many clash.
#[derive(Debug, Default)]
pub(crate) struct IdSet {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl IdSet {
    /// Reserves an explicit id; returns false if it was already taken.
    pub(crate) fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// A unique id based on `base`.
    pub(crate) fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let next = self.next_suffix.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    /// A unique id based on `base` for an element whose descendants' ids are made from its own:
    /// `{id}{suffix}` for each of `suffixes` (e.g. `-title`, `-1`, `-1-prompt`). The id and all
    /// of those are free before the call and reserved by it, so no id generated from it can be
    /// one an element has already, nor can a later one be any of them.
    pub(crate) fn unique_with(&mut self, base: &str, suffixes: &[String]) -> String {
        let free = |used: &HashSet<String>, id: &str| {
            !used.contains(id)
                && suffixes
                    .iter()
                    .all(|suffix| !used.contains(&format!("{id}{suffix}")))
        };
        let id = if free(&self.used, base) {
            base.to_string()
        } else {
            let next = self.next_suffix.entry(base.to_string()).or_insert(1);
            loop {
                let candidate = format!("{base}-{next}");
                *next += 1;
                if free(&self.used, &candidate) {
                    break candidate;
                }
            }
        };
        for suffix in suffixes {
            self.used.insert(format!("{id}{suffix}"));
        }
        self.used.insert(id.clone());
        id
    }

    /// Every id in use.
    pub(crate) fn into_set(self) -> HashSet<String> {
        self.used
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
        assert_eq!(slug("C++ & Go"), "c--go");
        assert_eq!(slug("The – operator"), "the--operator");
        assert_eq!(
            slug("Matching ranges of values with …"),
            "matching-ranges-of-values-with-"
        );
        assert_eq!(slug("  Hello  World "), "hello--world");
        assert_eq!(slug("???"), "section");
    }

    #[test]
    fn duplicates_get_suffixes() {
        let mut ids = IdSet::default();
        assert!(ids.reserve("intro-1"));
        assert_eq!(ids.unique("intro"), "intro");
        assert_eq!(ids.unique("intro"), "intro-2");
        assert_eq!(ids.unique("intro"), "intro-3");
    }

    #[test]
    fn an_id_with_descendants_keeps_clear_of_theirs() {
        let suffixes = |n: usize| (1..=n).map(|i| format!("-{i}")).collect::<Vec<_>>();
        let mut ids = IdSet::default();
        assert_eq!(ids.unique_with("quiz-2", &suffixes(2)), "quiz-2");
        // `quiz-2-1` and `quiz-2-2` belong to the first one's children.
        assert_eq!(ids.unique_with("quiz-2", &suffixes(1)), "quiz-2-3");
        assert_eq!(ids.unique("quiz-2-3-1"), "quiz-2-3-1-1");
        assert!(ids.reserve("x-1"));
        assert_eq!(ids.unique_with("x", &suffixes(1)), "x-2");
    }
}
