//! What a handbook knows about its skills, as data: the prerequisite graph of chapters laid out
//! for the skills map, the learning order, the skills index and reading times. Render turns these
//! into HTML and SVG.

pub(crate) mod layout;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::load::Chapter;

/// The skills map: which chapters it shows and the arrows between them, laid out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Map {
    /// Chapter indexes shown, in reading order; the graph's nodes are positions in this list.
    pub chapters: Vec<usize>,
    /// Arrows as (prerequisite, chapter) pairs of positions in `chapters`, with the ones implied by
    /// others left out (if A comes before B and B before C, no arrow from A to C is drawn).
    pub edges: Vec<(usize, usize)>,
    /// Where everything goes.
    pub layout: layout::Layout,
}

/// Whether a chapter is the handbook's landing page (its home page).
fn is_home(chapter: &Chapter) -> bool {
    chapter.html_path() == "index.html"
}

/// Every chapter except the home page, which is left out unless a prerequisite links it.
pub(crate) fn map_chapters(chapters: &[Chapter]) -> Vec<usize> {
    let linked: Vec<bool> = {
        let mut linked = vec![false; chapters.len()];
        for (i, c) in chapters.iter().enumerate() {
            for &p in &c.prerequisites {
                linked[i] = true;
                linked[p] = true;
            }
        }
        linked
    };
    (0..chapters.len())
        .filter(|&i| !is_home(&chapters[i]) || linked[i])
        .collect()
}

/// The skills map of `chapters` (resolved prerequisites in [`Chapter::prerequisites`]) with
/// nodes of the given sizes.
pub(crate) fn map(chapters: &[Chapter], sizes: &layout::Sizes) -> Map {
    let shown = map_chapters(chapters);
    let edges = reduced_edges(&needs(chapters, &shown));
    let layout = layout::layout(shown.len(), &edges, sizes);
    Map {
        chapters: shown,
        edges,
        layout,
    }
}

/// A topological order of `needs` (node → the nodes it needs) that takes the lowest-numbered
/// ready node first; nodes caught in a cycle follow in number order.
pub(crate) fn topological(needs: &[Vec<usize>]) -> Vec<usize> {
    let n = needs.len();
    let mut waiting: Vec<usize> = needs.iter().map(Vec::len).collect();
    let mut unlocks = vec![Vec::new(); n];
    for (node, list) in needs.iter().enumerate() {
        for &p in list {
            unlocks[p].push(node);
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> =
        (0..n).filter(|&i| waiting[i] == 0).map(Reverse).collect();
    let mut order = Vec::with_capacity(n);
    let mut placed = vec![false; n];
    while let Some(Reverse(node)) = ready.pop() {
        order.push(node);
        placed[node] = true;
        for &next in &unlocks[node] {
            waiting[next] -= 1;
            if waiting[next] == 0 {
                ready.push(Reverse(next));
            }
        }
    }
    order.extend((0..n).filter(|&i| !placed[i]));
    order
}

/// The order to read the map's chapters in: every chapter after its prerequisites, otherwise
/// in reading order. Returns chapter indexes.
pub(crate) fn learning_order(chapters: &[Chapter]) -> Vec<usize> {
    let shown = map_chapters(chapters);
    topological(&needs(chapters, &shown))
        .into_iter()
        .map(|p| shown[p])
        .collect()
}

/// For each chapter in `shown` (chapter indexes), the positions in `shown` of its prerequisites.
fn needs(chapters: &[Chapter], shown: &[usize]) -> Vec<Vec<usize>> {
    let position: HashMap<usize, usize> = shown.iter().enumerate().map(|(p, &c)| (c, p)).collect();
    shown
        .iter()
        .map(|&c| {
            let list = chapters[c].prerequisites.iter();
            list.filter_map(|p| position.get(p).copied()).collect()
        })
        .collect()
}

/// The edges of `needs` (node → the nodes it needs) as (needed, needing) pairs, without those
/// implied by a longer path (the transitive reduction). Self-loops and cycles are kept out of
/// the reachability test, so the function never loops; their edges are kept as given.
pub(crate) fn reduced_edges(needs: &[Vec<usize>]) -> Vec<(usize, usize)> {
    let n = needs.len();
    let words = n.div_ceil(64);
    // ancestors[v]: every node v needs, directly or not (bit sets), filled in topological order.
    let mut ancestors = vec![vec![0u64; words]; n];
    for v in topological(needs) {
        let mut set = vec![0u64; words];
        for &u in &needs[v] {
            if u == v {
                continue;
            }
            set[u / 64] |= 1 << (u % 64);
            for (w, bits) in set.iter_mut().zip(&ancestors[u]) {
                *w |= bits;
            }
        }
        ancestors[v] = set;
    }
    let has = |set: &[u64], u: usize| set[u / 64] & (1 << (u % 64)) != 0;
    let mut edges = Vec::new();
    for (v, list) in needs.iter().enumerate() {
        for (k, &u) in list.iter().enumerate() {
            if list[..k].contains(&u) {
                continue;
            }
            let implied = list
                .iter()
                .any(|&w| w != u && w != v && has(&ancestors[w], u) && !has(&ancestors[u], w));
            if !implied {
                edges.push((u, v));
            }
        }
    }
    edges.sort_unstable_by_key(|&(u, v)| (v, u));
    edges
}

/// One skill of the skills index.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Skill {
    /// The skill as first written (skills that differ only in letter case are one skill).
    pub name: String,
    /// A page-unique anchor for it on the skills page, e.g. `skill-query-plans`.
    pub anchor: String,
    /// Chapters teaching it, in reading order (indexes into the book's chapters).
    pub chapters: Vec<usize>,
    /// Their `time-estimate`s added up, in minutes.
    pub minutes: u32,
}

/// Every skill named in the chapters' front matter, alphabetically (ignoring case), with the
/// chapters that teach it.
pub(crate) fn skills_index(chapters: &[Chapter]) -> Vec<Skill> {
    let mut skills: Vec<Skill> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, chapter) in chapters.iter().enumerate() {
        for name in &chapter.front_matter.skills {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            let slot = *by_key.entry(name.to_lowercase()).or_insert_with(|| {
                skills.push(Skill {
                    name: name.to_string(),
                    anchor: String::new(),
                    chapters: Vec::new(),
                    minutes: 0,
                });
                skills.len() - 1
            });
            let skill = &mut skills[slot];
            if skill.chapters.last() != Some(&i) {
                skill.chapters.push(i);
                skill.minutes += chapter.front_matter.time_estimate.unwrap_or(0);
            }
        }
    }
    skills.sort_by_cached_key(|s| (s.name.to_lowercase(), s.name.clone()));
    let mut ids = crate::parse::ids::IdSet::default();
    for skill in &mut skills {
        skill.anchor = ids.unique(&format!("skill-{}", crate::parse::ids::slug(&skill.name)));
    }
    skills
}

/// The page anchor of skill `name` on the skills page, as [`skills_index`] gives it.
pub(crate) fn skill_anchor(index: &[Skill], name: &str) -> Option<String> {
    let key = name.trim().to_lowercase();
    index
        .iter()
        .find(|s| s.name.to_lowercase() == key)
        .map(|s| s.anchor.clone())
}

/// The `time-estimate`s of `chapters` added up, in minutes (chapters without one count 0).
pub(crate) fn total_minutes<'a>(chapters: impl IntoIterator<Item = &'a Chapter>) -> u32 {
    chapters
        .into_iter()
        .map(|c| c.front_matter.time_estimate.unwrap_or(0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implied_edges_are_left_out() {
        // 0 ← 1 ← 2 and 0 ← 2: the direct 0 → 2 edge is implied.
        let needs = vec![vec![], vec![0], vec![0, 1]];
        assert_eq!(reduced_edges(&needs), [(0, 1), (1, 2)]);
        // A diamond keeps all four edges.
        let needs = vec![vec![], vec![0], vec![0], vec![1, 2]];
        assert_eq!(reduced_edges(&needs), [(0, 1), (0, 2), (1, 3), (2, 3)]);
    }

    #[test]
    fn topological_order_prefers_reading_order_and_survives_cycles() {
        let needs = vec![vec![2], vec![], vec![], vec![3]];
        assert_eq!(topological(&needs), [1, 2, 0, 3]);
        let cycle = vec![vec![1], vec![0]];
        assert_eq!(topological(&cycle), [0, 1]);
        assert_eq!(reduced_edges(&cycle), [(1, 0), (0, 1)]);
    }
}
