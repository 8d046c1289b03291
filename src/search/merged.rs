//! The merged index: every term's postings across the book and every stem group built from
//! them, written out by [`shard::write`]. A build makes it once; serve keeps it between rebuilds,
//! and when chapters change but every chapter keeps its number of sections (so no section number
//! moves), only the changed chapters' terms are taken out and put back and only their stem groups
//! are encoded again; otherwise it is built from scratch.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::shard::{self, ChapterIndex, GroupView, Posting, Stems};
use super::words::Stemmer;

/// One stem group, owned.
#[derive(Debug)]
struct Group {
    /// The forms, in UTF-16 order.
    forms: Vec<Box<str>>,
    /// The merged postings, encoded.
    postings: String,
}

/// The merged state of the last index built through it.
#[derive(Debug, Default)]
pub(crate) struct Merged {
    /// The chapters merged, in book order (compared by pointer).
    chapters: Vec<Arc<ChapterIndex>>,
    /// Each chapter's first section in the book's numbering.
    bases: Vec<u32>,
    /// Every term's postings across the book, by section.
    postings: HashMap<Box<str>, Vec<Posting>>,
    /// Every stem group by stem.
    groups: HashMap<Box<str>, Group>,
}

impl Merged {
    /// The index files for `chapters`, updating the merged state: patched in place when only
    /// some chapters changed and none changed its number of sections, rebuilt otherwise.
    pub(crate) fn files(
        &mut self,
        chapters: &[Arc<ChapterIndex>],
        stemmer: &Stemmer,
        stems: &mut Stems,
        dir: &str,
    ) -> Vec<(String, Vec<u8>)> {
        let refs: Vec<&ChapterIndex> = chapters.iter().map(|c| c.as_ref()).collect();
        let (bases, total) = shard::bases(&refs);
        let changed = self.changed(chapters, &bases);
        match changed {
            Some(changed) => self.patch(chapters, &changed, stems, stemmer),
            None => self.rebuild(chapters, &bases, stems, stemmer),
        }
        self.chapters = chapters.to_vec();
        self.bases = bases;
        let mut views: Vec<GroupView> = self
            .groups
            .iter()
            .map(|(stem, group)| {
                let forms: Vec<&str> = group.forms.iter().map(|f| f.as_ref()).collect();
                let (key, last) = shard::key_and_last(stem, &forms);
                GroupView {
                    key,
                    stem,
                    last,
                    forms,
                    postings: &group.postings,
                }
            })
            .collect();
        views.sort_unstable_by(|a, b| shard::group_order((a.key, a.stem), (b.key, b.stem)));
        shard::write(&views, &refs, total, dir)
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
    fn rebuild(
        &mut self,
        chapters: &[Arc<ChapterIndex>],
        bases: &[u32],
        stems: &mut Stems,
        stemmer: &Stemmer,
    ) {
        self.postings.clear();
        self.groups.clear();
        for (chapter, &base) in chapters.iter().zip(bases) {
            for (term, list) in &chapter.terms {
                postings_of(&mut self.postings, term)
                    .extend(list.iter().map(|&(s, w)| (s + base, w)));
            }
        }
        let terms: Vec<&str> = self.postings.keys().map(|t| t.as_ref()).collect();
        shard::stem_all(&terms, stemmer, stems);
        self.regroup_all(stems);
    }

    /// Takes the changed chapters' old terms out, puts their new terms in, and encodes the
    /// stem groups they touch again.
    fn patch(
        &mut self,
        chapters: &[Arc<ChapterIndex>],
        changed: &[usize],
        stems: &mut Stems,
        stemmer: &Stemmer,
    ) {
        let mut touched: HashSet<Box<str>> = HashSet::default();
        for &i in changed {
            let base = self.bases[i];
            let old = Arc::clone(&self.chapters[i]);
            let end = base + old.sections();
            for (term, _) in &old.terms {
                if let Some(list) = self.postings.get_mut(term) {
                    let from = list.partition_point(|p| p.0 < base);
                    let to = list.partition_point(|p| p.0 < end);
                    list.drain(from..to);
                    if list.is_empty() {
                        self.postings.remove(term);
                    }
                }
                touched.insert(term.clone());
            }
            for (term, new) in &chapters[i].terms {
                let list = postings_of(&mut self.postings, term);
                let at = list.partition_point(|p| p.0 < base);
                list.splice(at..at, new.iter().map(|&(s, w)| (s + base, w)));
                touched.insert(term.clone());
            }
        }
        let terms: Vec<&str> = touched.iter().map(|t| t.as_ref()).collect();
        shard::stem_all(&terms, stemmer, stems);
        self.regroup(&touched, stems);
    }

    /// Groups every term by stem and encodes every group.
    fn regroup_all(&mut self, stems: &Stems) {
        let mut forms: HashMap<&str, Vec<&str>> = HashMap::default();
        for term in self.postings.keys() {
            forms.entry(&stems[term.as_ref()]).or_default().push(term);
        }
        let encoded = self.encode(forms);
        self.groups = encoded.into_iter().collect();
    }

    /// Encodes again the groups of the stems of `touched` terms: their earlier forms that still
    /// occur plus the touched terms that occur now; a group left without forms is dropped.
    fn regroup(&mut self, touched: &HashSet<Box<str>>, stems: &Stems) {
        let mut forms: HashMap<&str, Vec<&str>> = HashMap::default();
        for term in touched {
            let stem = stems[term.as_ref()].as_ref();
            let list = forms.entry(stem).or_insert_with(|| {
                self.groups.get(stem).map_or_else(Vec::new, |g| {
                    g.forms
                        .iter()
                        .filter(|f| self.postings.contains_key(*f))
                        .map(|f| f.as_ref())
                        .collect()
                })
            });
            if self.postings.contains_key(term) && !list.contains(&term.as_ref()) {
                list.push(term);
            }
        }
        let stems_touched: Vec<Box<str>> = forms.keys().map(|s| Box::from(*s)).collect();
        let encoded = self.encode(forms);
        for stem in stems_touched {
            self.groups.remove(&stem);
        }
        self.groups
            .extend(encoded.into_iter().filter(|(_, g)| !g.forms.is_empty()));
    }

    /// Each stem's group from its forms: sorted, with the forms' postings merged and encoded.
    fn encode(&self, forms: HashMap<&str, Vec<&str>>) -> Vec<(Box<str>, Group)> {
        forms
            .into_par_iter()
            .map(|(stem, mut list)| {
                shard::sort_forms(&mut list);
                let lists: Vec<&[Posting]> =
                    list.iter().map(|f| self.postings[*f].as_slice()).collect();
                let group = Group {
                    postings: shard::encode_postings(&lists),
                    forms: list.iter().map(|f| Box::from(*f)).collect(),
                };
                (Box::from(stem), group)
            })
            .collect()
    }
}

/// `term`'s postings in `postings`, inserting an empty list (the only time the term is copied).
fn postings_of<'p>(
    postings: &'p mut HashMap<Box<str>, Vec<Posting>>,
    term: &str,
) -> &'p mut Vec<Posting> {
    if !postings.contains_key(term) {
        postings.insert(term.into(), Vec::new());
    }
    postings.get_mut(term).expect("inserted above")
}
