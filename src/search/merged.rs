//! The merged index: every term's postings across the book and every stem group built from
//! them, in the order the shards are written, with the last shards written. A build makes it
//! once; serve keeps it between rebuilds, and when chapters change but every chapter keeps its
//! number of sections (so no section number moves), only the terms whose postings in a changed
//! chapter differ are taken out and put back, only their stem groups are encoded again, and
//! only the shards holding those groups are written again; otherwise it is built from scratch.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::shard::{self, ChapterIndex, GroupView, Posting, ShardFile};
use super::terms::{ChapterTerms, TermMap};
use super::words::Stemmer;
use crate::site::Bytes;

/// One stem group, owned.
#[derive(Debug)]
struct Group {
    stem: Box<str>,
    /// The forms, in UTF-16 order.
    forms: Vec<Box<str>>,
    /// The merged postings, encoded.
    postings: String,
    /// The [`Merged::generation`] that encoded it.
    encoded: u32,
}

impl Group {
    /// Where the group is written: its sort key and stem ([`shard::group_order`]).
    fn order_key(&self) -> (&str, &str) {
        (shard::key_and_last(&self.stem, &self.forms).0, &self.stem)
    }

    fn view(&self, generation: u32) -> GroupView<'_> {
        let (key, last) = shard::key_and_last(&self.stem, &self.forms);
        GroupView {
            key,
            stem: &self.stem,
            last,
            forms: &self.forms,
            postings: &self.postings,
            fresh: self.encoded == generation,
        }
    }
}

/// A term of the book: its postings across the book, by section, and its stem group
/// ([`Stemmer::group`]).
#[derive(Debug)]
struct Term {
    postings: Vec<Posting>,
    stem: Box<str>,
}

impl Term {
    fn new(term: &str, stemmer: &Stemmer) -> Term {
        Term {
            postings: Vec::new(),
            stem: stemmer.group(term).into(),
        }
    }
}

/// The merged state of the last index built through it.
#[derive(Debug, Default)]
pub(crate) struct Merged {
    /// The chapters merged, in book order (compared by pointer).
    chapters: Vec<Arc<ChapterIndex>>,
    /// Each chapter's first section in the book's numbering.
    bases: Vec<u32>,
    /// Every term's postings across the book, by section, and its stem.
    postings: TermMap<Term>,
    /// Every stem group by id; a removed group leaves its slot empty (listed in `free`).
    groups: Vec<Option<Group>>,
    free: Vec<u32>,
    /// Each group's id by stem (empty until the first patch needs it).
    by_stem: HashMap<Box<str>, u32>,
    /// The group ids in the order they are written ([`shard::group_order`]).
    order: Vec<u32>,
    /// Counts the index files made from this state; groups encoded for the current ones carry it.
    generation: u32,
    /// The shards written last.
    shards: Vec<ShardFile>,
}

impl Merged {
    /// The index files for `chapters`, updating the merged state: patched in place when only
    /// some chapters changed and none changed its number of sections, rebuilt otherwise.
    pub(crate) fn files(
        &mut self,
        chapters: &[Arc<ChapterIndex>],
        stemmer: &Stemmer,
        dir: &str,
    ) -> Vec<(String, Bytes)> {
        let refs: Vec<&ChapterIndex> = chapters.iter().map(|c| c.as_ref()).collect();
        let (bases, total) = shard::bases(&refs);
        self.generation = self.generation.wrapping_add(1);
        match self.changed(chapters, &bases) {
            Some(changed) => self.patch(chapters, &changed, stemmer),
            None => self.rebuild(chapters, &bases, stemmer),
        }
        self.chapters = chapters.to_vec();
        self.bases = bases;
        let views: Vec<GroupView> = self
            .order
            .iter()
            .filter_map(|&id| self.groups[id as usize].as_ref())
            .map(|g| g.view(self.generation))
            .collect();
        let (files, shards) = shard::write(&views, &self.shards, &refs, total, dir);
        self.shards = shards;
        files
    }

    /// The indexes of the chapters that changed, when the rest are the very same and every
    /// section number stays where it was; `None` when the whole state must be rebuilt.
    fn changed(&self, chapters: &[Arc<ChapterIndex>], bases: &[u32]) -> Option<Vec<usize>> {
        if self.chapters.len() != chapters.len() || self.bases != bases {
            return None;
        }
        let changed: Vec<usize> = (0..chapters.len())
            .filter(|&i| !Arc::ptr_eq(&self.chapters[i], &chapters[i]))
            .collect();
        let last = chapters.len().saturating_sub(1);
        // A chapter's section count is fixed by the next chapter's base, except the last one's.
        let same_sections = changed
            .iter()
            .all(|&i| i != last || self.chapters[i].sections() == chapters[i].sections());
        (same_sections && changed.len() * 4 <= chapters.len().max(4)).then_some(changed)
    }

    /// Builds the state from every chapter.
    fn rebuild(&mut self, chapters: &[Arc<ChapterIndex>], bases: &[u32], stemmer: &Stemmer) {
        self.postings.clear();
        let terms: Vec<&ChapterTerms> = chapters.iter().map(|c| &c.terms).collect();
        self.postings.fill(
            &terms,
            |term| Term::new(term, stemmer),
            |term, postings| term.postings.reserve_exact(postings),
            |i, list, term| {
                term.postings
                    .extend(list.iter().map(|&(s, w)| (s + bases[i], w)));
            },
        );
        let mut forms: HashMap<&str, Vec<&str>> = HashMap::default();
        for (term, entry) in self.postings.iter() {
            forms.entry(&entry.stem).or_default().push(term);
        }
        let groups = self.encode(forms);
        // Looking groups up by stem is for patches only: the index is made on the first.
        self.by_stem.clear();
        let mut keyed: Vec<((&str, &str), u32)> = groups
            .iter()
            .enumerate()
            .map(|(id, g)| (g.order_key(), id as u32))
            .collect();
        keyed.par_sort_unstable_by(|a, b| shard::group_order(a.0, b.0));
        self.order = keyed.iter().map(|k| k.1).collect();
        self.groups = groups.into_iter().map(Some).collect();
        self.free.clear();
        self.shards.clear();
    }

    /// Takes out the changed chapters' terms whose postings there changed, puts their new
    /// postings in, and encodes the stem groups they touch again.
    fn patch(&mut self, chapters: &[Arc<ChapterIndex>], changed: &[usize], stemmer: &Stemmer) {
        let mut touched: HashSet<Box<str>> = HashSet::default();
        for &i in changed {
            let base = self.bases[i];
            let old = Arc::clone(&self.chapters[i]);
            let end = base + old.sections();
            let before: HashMap<&str, &[Posting]> =
                old.terms.iter().map(|(t, _, list)| (t, list)).collect();
            // The chapter's terms now: their old postings are replaced (or kept when the same).
            let mut now: HashSet<&str> = HashSet::default();
            for (term, hash, new) in chapters[i].terms.iter() {
                now.insert(term);
                if before.get(term) == Some(&new) {
                    continue;
                }
                let list = &mut self
                    .postings
                    .or_insert_with(term, hash, || Term::new(term, stemmer))
                    .postings;
                let from = list.partition_point(|p| p.0 < base);
                let to = list.partition_point(|p| p.0 < end);
                list.splice(from..to, new.iter().map(|&(s, w)| (s + base, w)));
                touched.insert(term.into());
            }
            // A term the chapter no longer holds loses its postings there, even when another
            // chapter of this rebuild touched it.
            for (term, _, _) in old.terms.iter() {
                if now.contains(term) {
                    continue;
                }
                if let Some(Term { postings: list, .. }) = self.postings.get_mut(term) {
                    let from = list.partition_point(|p| p.0 < base);
                    let to = list.partition_point(|p| p.0 < end);
                    list.drain(from..to);
                    if list.is_empty() {
                        self.postings.remove(term);
                    }
                }
                touched.insert(term.into());
            }
        }
        self.regroup(&touched, stemmer);
    }

    /// Encodes again the groups of the stems of `touched` terms (their earlier forms that still
    /// occur plus the touched terms that occur now; a group left without forms is dropped) and
    /// puts them in order.
    fn regroup(&mut self, touched: &HashSet<Box<str>>, stemmer: &Stemmer) {
        if self.by_stem.is_empty() {
            self.by_stem = self
                .groups
                .iter()
                .enumerate()
                .filter_map(|(id, g)| Some((g.as_ref()?.stem.clone(), id as u32)))
                .collect();
        }
        let stems: Vec<(&str, String)> = touched
            .iter()
            .map(|t| (t.as_ref(), stemmer.group(t)))
            .collect();
        let mut forms: HashMap<&str, Vec<&str>> = HashMap::default();
        for (term, stem) in &stems {
            let list = forms.entry(stem.as_str()).or_insert_with(|| {
                let old = self.by_stem.get(stem.as_str());
                let old = old.and_then(|&id| self.groups[id as usize].as_ref());
                old.map_or_else(Vec::new, |g| {
                    g.forms
                        .iter()
                        .filter(|f| self.postings.get(f).is_some())
                        .map(|f| f.as_ref())
                        .collect()
                })
            });
            if self.postings.get(term).is_some() && !list.contains(term) {
                list.push(term);
            }
        }
        let gone: HashSet<u32> = forms
            .keys()
            .filter_map(|stem| self.by_stem.remove(*stem))
            .collect();
        let mut encoded = self.encode(forms);
        encoded.retain(|g| !g.forms.is_empty());
        // Weights are written rounded: a group encoded again often comes out as it was, and
        // then its shard need not be written again.
        let old: HashMap<&str, &Group> = gone
            .iter()
            .filter_map(|&id| self.groups[id as usize].as_ref())
            .map(|g| (g.stem.as_ref(), g))
            .collect();
        for group in &mut encoded {
            if let Some(old) = old.get(group.stem.as_ref()) {
                if old.postings == group.postings && old.forms == group.forms {
                    group.encoded = old.encoded;
                }
            }
        }
        drop(old);
        self.order.retain(|id| !gone.contains(id));
        for &id in &gone {
            self.groups[id as usize] = None;
            self.free.push(id);
        }
        let mut added: Vec<u32> = encoded.into_iter().map(|group| self.put(group)).collect();
        // Every id in the order and among the added holds a group.
        let groups = &self.groups;
        let key = |id: u32| {
            groups[id as usize]
                .as_ref()
                .map_or(("", ""), Group::order_key)
        };
        added.sort_unstable_by(|&a, &b| shard::group_order(key(a), key(b)));
        self.order = merge_sorted(&self.order, &added, |a, b| {
            shard::group_order(key(a), key(b)).is_le()
        });
    }

    /// Stores `group` in a free slot (or a new one) and returns its id.
    fn put(&mut self, group: Group) -> u32 {
        let stem = group.stem.clone();
        let id = match self.free.pop() {
            Some(id) => {
                self.groups[id as usize] = Some(group);
                id
            }
            None => {
                self.groups.push(Some(group));
                self.groups.len() as u32 - 1
            }
        };
        self.by_stem.insert(stem, id);
        id
    }

    /// Each stem's group from its forms: sorted, with the forms' postings merged and encoded.
    fn encode(&self, forms: HashMap<&str, Vec<&str>>) -> Vec<Group> {
        forms
            .into_par_iter()
            .map(|(stem, mut list)| {
                shard::sort_forms(&mut list);
                let lists: Vec<&[Posting]> = list
                    .iter()
                    .map(|f| self.postings.get(f).map_or(&[][..], |t| &t.postings))
                    .collect();
                Group {
                    stem: Box::from(stem),
                    postings: shard::encode_postings(&lists),
                    forms: list.iter().map(|f| Box::from(*f)).collect(),
                    encoded: self.generation,
                }
            })
            .collect()
    }
}

/// Merges two sorted lists; `first(a, b)` says whether `a` goes before `b`.
fn merge_sorted(a: &[u32], b: &[u32], first: impl Fn(u32, u32) -> bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if first(a[i], b[j]) {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}
