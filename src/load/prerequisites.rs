//! Prerequisites between chapters: the one rule that turns a name in front matter into a
//! chapter (used for the checks, the "Read first" links and the skills map alike), and the checks
//! on the graph they form: unknown chapters and cycles are errors, a prerequisite that comes later
//! in the reading order is a warning.

use std::collections::HashMap;
use std::sync::Arc;

use super::Chapter;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::paths::{join, normalize};

/// Looks chapters up by their path relative to the source directory.
pub(crate) struct Resolver<'a> {
    chapters: &'a [Chapter],
    by_path: HashMap<&'a str, usize>,
}

impl<'a> Resolver<'a> {
    /// A resolver over `chapters` (the book's chapters in reading order).
    pub(crate) fn new(chapters: &'a [Chapter]) -> Self {
        let by_path = chapters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.path.as_str(), i))
            .collect();
        Resolver { chapters, by_path }
    }

    /// The chapter that prerequisite `name`, written in chapter `from`'s front matter, names:
    /// a path relative to `from`'s directory (`../basics/intro.md`), else relative to the source
    /// directory (`basics/intro.md`; a leading `/` is allowed). Returns an index into the chapters.
    pub(crate) fn resolve(&self, from: usize, name: &str) -> Option<usize> {
        let name = name.trim();
        let lookup =
            |path: Option<String>| path.and_then(|p| self.by_path.get(p.as_str()).copied());
        let chapter = self.chapters.get(from).map_or("", |c| c.path.as_str());
        lookup(join(chapter, name)).or_else(|| lookup(normalize(name)))
    }
}

/// Resolves every chapter's front matter prerequisites into [`Chapter::prerequisites`], reports
/// the ones that name no chapter, then checks the graph: cycles (errors) and prerequisites later
/// in the reading order (warnings).
pub(crate) fn link(chapters: &mut [Chapter], diagnostics: &mut Diagnostics) {
    let resolved: Vec<Vec<usize>> = {
        let resolver = Resolver::new(chapters);
        chapters
            .iter()
            .enumerate()
            .map(|(i, chapter)| {
                let mut found = Vec::new();
                for name in &chapter.front_matter.prerequisites {
                    match resolver.resolve(i, name) {
                        Some(j) if !found.contains(&j) => found.push(j),
                        Some(_) => {}
                        None => diagnostics.push(
                            at_prerequisite(chapter, name, format!("prerequisite `{name}` is not a chapter of this handbook"))
                                .with_help("name another chapter by its path relative to the source directory, e.g. `01-intro.md`"),
                        ),
                    }
                }
                found
            })
            .collect()
    };
    for (chapter, found) in chapters.iter_mut().zip(resolved) {
        chapter.prerequisites = found;
    }
    let resolver = Resolver::new(chapters);
    let in_cycle = check_cycles(&resolver, diagnostics);
    check_order(&resolver, &in_cycle, diagnostics);
}

/// A diagnostic at prerequisite `name` in `chapter`'s front matter.
fn at_prerequisite(chapter: &Chapter, name: &str, message: String) -> Diagnostic {
    let front = &chapter.source[..chapter.body_start];
    let span = super::front_matter::value_span(front, "prerequisites", name).unwrap_or(0..0);
    Diagnostic::at(&chapter.file, Arc::clone(&chapter.source), span, message)
}

/// `path:line` of prerequisite `name` in `chapter`'s front matter.
fn location(chapter: &Chapter, name: &str) -> String {
    let d = at_prerequisite(chapter, name, String::new());
    let line = d.position().map_or(0, |(line, _)| line);
    format!("{}:{line}", chapter.file.display())
}

/// The name under which `chapter` lists `target` (as written in its front matter).
fn written_name<'a>(resolver: &Resolver<'a>, from: usize, target: usize) -> &'a str {
    let chapters = resolver.chapters;
    chapters[from]
        .front_matter
        .prerequisites
        .iter()
        .find(|n| resolver.resolve(from, n) == Some(target))
        .map_or(chapters[target].path.as_str(), String::as_str)
}

/// Reports one error per group of chapters that need each other in a loop, naming one cycle in
/// it, starting at its first chapter in reading order, and one per chapter that lists itself
/// (also inside such a group, where the group's cycle would hide it). Returns, per chapter, the
/// strongly connected component it belongs to when that component is a cycle.
fn check_cycles(resolver: &Resolver, diagnostics: &mut Diagnostics) -> Vec<Option<usize>> {
    let chapters = resolver.chapters;
    let edges: Vec<&[usize]> = chapters
        .iter()
        .map(|c| c.prerequisites.as_slice())
        .collect();
    let component = components(&edges);
    let mut sizes = vec![0usize; chapters.len()];
    for &c in &component {
        sizes[c] += 1;
    }
    let mut in_cycle = vec![None; chapters.len()];
    let mut reported = std::collections::HashSet::new();
    for start in 0..chapters.len() {
        let c = component[start];
        if sizes[c] == 1 && !edges[start].contains(&start) {
            continue;
        }
        in_cycle[start] = Some(c);
        if sizes[c] > 1 && edges[start].contains(&start) {
            diagnostics.push(cycle_error(resolver, &[start]));
        }
        if !reported.insert(c) {
            continue;
        }
        let cycle = shortest_cycle(&edges, &component, start, sizes[c] > 1);
        diagnostics.push(cycle_error(resolver, &cycle));
    }
    in_cycle
}

fn cycle_error(resolver: &Resolver, cycle: &[usize]) -> Diagnostic {
    let chapters = resolver.chapters;
    let steps: Vec<(usize, usize)> = cycle
        .iter()
        .zip(cycle.iter().skip(1).chain(cycle.first()))
        .map(|(&a, &b)| (a, b))
        .collect();
    let names: Vec<&str> = cycle
        .iter()
        .chain(cycle.first())
        .map(|&i| chapters[i].path.as_str())
        .collect();
    let places: Vec<String> = steps
        .iter()
        .map(|&(a, b)| {
            let name = written_name(resolver, a, b);
            format!(
                "{} needs {} ({})",
                chapters[a].path,
                chapters[b].path,
                location(&chapters[a], name)
            )
        })
        .collect();
    let (first, second) = steps[0];
    at_prerequisite(
        &chapters[first],
        written_name(resolver, first, second),
        format!("prerequisites form a cycle: {}", names.join(" → ")),
    )
    .with_help(format!(
        "{}; remove one of these prerequisites so the chapters can be read in some order",
        places.join(", ")
    ))
}

/// The shortest cycle through `start` inside its component, as chapter indexes (start first),
/// following edges from a chapter to its prerequisites; breadth-first, so it is deterministic.
/// With `through_others`, a chapter listing itself is not that cycle (it is reported apart).
fn shortest_cycle(
    edges: &[&[usize]],
    component: &[usize],
    start: usize,
    through_others: bool,
) -> Vec<usize> {
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in edges[node] {
            if component[next] != component[start] || (through_others && node == next) {
                continue;
            }
            if next == start {
                let mut path = vec![node];
                while let Some(&p) = parent.get(path.last().unwrap_or(&start)) {
                    path.push(p);
                }
                path.reverse();
                return path;
            }
            if next != start && !parent.contains_key(&next) {
                parent.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    vec![start]
}

/// Strongly connected components (Kosaraju, with explicit stacks so long chains cannot overflow
/// the call stack): one component number per node.
fn components(edges: &[&[usize]]) -> Vec<usize> {
    let n = edges.len();
    let mut finished = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for root in 0..n {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        let mut stack = vec![(root, 0)];
        while let Some((node, next)) = stack.pop() {
            if let Some(&child) = edges[node].get(next) {
                stack.push((node, next + 1));
                if !seen[child] {
                    seen[child] = true;
                    stack.push((child, 0));
                }
            } else {
                finished.push(node);
            }
        }
    }
    let mut reverse = vec![Vec::new(); n];
    for (from, targets) in edges.iter().enumerate() {
        for &to in *targets {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    let mut count = 0;
    for &root in finished.iter().rev() {
        if component[root] != usize::MAX {
            continue;
        }
        let mut stack = vec![root];
        component[root] = count;
        while let Some(node) = stack.pop() {
            for &prev in &reverse[node] {
                if component[prev] == usize::MAX {
                    component[prev] = count;
                    stack.push(prev);
                }
            }
        }
        count += 1;
    }
    component
}

/// Warns about each prerequisite that comes after its chapter in the reading order (leaving out
/// the ones already reported as part of a cycle).
fn check_order(resolver: &Resolver, in_cycle: &[Option<usize>], diagnostics: &mut Diagnostics) {
    let chapters = resolver.chapters;
    for (i, chapter) in chapters.iter().enumerate() {
        for &j in &chapter.prerequisites {
            let same_cycle = in_cycle[i].is_some() && in_cycle[i] == in_cycle[j];
            if j <= i || same_cycle {
                continue;
            }
            let name = written_name(resolver, i, j);
            diagnostics.push(
                at_prerequisite(
                    chapter,
                    name,
                    format!("prerequisite `{name}` comes after this chapter in the reading order"),
                )
                .with_help(format!(
                    "list `{}` before `{}` (in SUMMARY.md, or with a lower `weight`), or drop the prerequisite",
                    chapters[j].path, chapter.path
                ))
                .warning(),
            );
        }
    }
}
