//! The chapter order and outline without a `SUMMARY.md`: a walk of the source directory, where
//! numeric file-name prefixes and front-matter `weight` give the order, a top-level directory is
//! a part, and a directory's `README.md`/`index.md` is its landing page. The not-found page's
//! source (`404.md`, mdBook's `input-404`) is never a chapter.

use std::path::Path;

use walkdir::WalkDir;

use super::files::{load_file, relative, FileCache};
use super::outline::{Outline, Planned, MAX_DEPTH};
use super::skip::Skip;
use super::{TocEntry, TocItem};

pub(super) fn outline_from_walk(src: &Path, skip: &Skip, cache: &mut FileCache) -> Outline {
    let mut outline = Outline::default();
    outline.toc = walk_dir(src, src, 0, skip, &mut outline.order, None, cache);
    outline
}

pub(super) fn walk_dir(
    src: &Path,
    dir: &Path,
    depth: usize,
    skip: &Skip,
    order: &mut Vec<Planned>,
    part: Option<&str>,
    cache: &mut FileCache,
) -> Vec<TocItem> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    let mut entries: Vec<walkdir::DirEntry> = WalkDir::new(dir)
        .follow_links(true)
        .min_depth(1)
        .max_depth(1)
        .into_iter()
        .filter_entry(|e| !skip.skips(e))
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_dir() || (is_markdown(e.path()) && !skip.is_not_found_page(e.path()))
        })
        .collect();
    // Chapters before sub-directories: a directory at the top level is a part, and every chapter
    // listed after a part title belongs to it.
    // Within each group, front-matter `weight` (lowest first) comes before file-name order.
    entries.sort_by_cached_key(|e| {
        let weight = if e.file_type().is_file() {
            let loaded = cache
                .entry(e.path().to_path_buf())
                .or_insert_with(|| load_file(e.path()));
            loaded
                .as_ref()
                .ok()
                .and_then(|l| l.split.as_ref().ok())
                .and_then(|s| s.front_matter.weight)
        } else {
            None
        };
        (
            e.file_type().is_dir(),
            weight.unwrap_or(i64::MAX),
            sort_key(&e.file_name().to_string_lossy()),
        )
    });
    let mut toc = Vec::new();
    if let Some(landing) = entries
        .iter()
        .position(|e| e.file_type().is_file() && is_landing(e.path()))
    {
        let landing = entries.remove(landing);
        toc.push(plan_chapter(relative(src, landing.path()), part, order));
    }
    for entry in entries {
        if !entry.file_type().is_dir() {
            toc.push(plan_chapter(relative(src, entry.path()), part, order));
            continue;
        }
        let name = humanize(&entry.file_name().to_string_lossy());
        if depth == 0 {
            let items = walk_dir(
                src,
                entry.path(),
                depth + 1,
                skip,
                order,
                Some(&name),
                cache,
            );
            if !items.is_empty() {
                toc.push(TocItem::Part(name.clone()));
                toc.extend(items);
            }
        } else {
            let mut items = walk_dir(src, entry.path(), depth + 1, skip, order, part, cache);
            match items.first() {
                None => {}
                Some(TocItem::Entry(first))
                    if first
                        .chapter
                        .is_some_and(|c| is_landing(Path::new(&order[c].path))) =>
                {
                    let TocItem::Entry(mut landing) = items.remove(0) else {
                        unreachable!()
                    };
                    landing.children = items;
                    toc.push(TocItem::Entry(landing));
                }
                _ => toc.push(TocItem::Entry(TocEntry {
                    title: name,
                    chapter: None,
                    number: None,
                    children: items,
                })),
            }
        }
    }
    toc
}

pub(super) fn is_markdown(path: &Path) -> bool {
    crate::paths::is_markdown(&path.to_string_lossy())
}

pub(super) fn is_landing(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| crate::paths::is_landing(&n.to_string_lossy()))
}

/// Orders `03-b.md` before `10-a.md` before `zeta.md`: numeric prefix first, then name.
pub(super) fn sort_key(name: &str) -> (u64, String) {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    (digits.parse().unwrap_or(u64::MAX), name.to_lowercase())
}

/// `03-data_bases.md` → `Data bases`.
pub(super) fn humanize(name: &str) -> String {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let stem = stem
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['-', '_', ' ', '.']);
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

/// Adds the chapter at source path `path` to the reading order; returns its outline entry.
fn plan_chapter(path: String, part: Option<&str>, order: &mut Vec<Planned>) -> TocItem {
    order.push(Planned {
        path,
        title: None,
        number: None,
        part: part.map(str::to_string),
    });
    TocItem::Entry(TocEntry {
        title: String::new(),
        chapter: Some(order.len() - 1),
        number: None,
        children: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_and_names() {
        let mut names = vec!["10-a.md", "zeta.md", "03-b.md"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["03-b.md", "10-a.md", "zeta.md"]);
        assert_eq!(humanize("03-data_bases.md"), "Data bases");
    }
}
