//! The merged index: every term's postings across the book and every stem group built from
//! them, written out by [`shard::write`]. A build makes it once; serve keeps it between rebuilds,
//! and when chapters change but every chapter keeps its number of sections (so no section number
//! moves), only the changed chapters' terms are taken out and put back and only their stem groups
//! are encoded again; otherwise it is built from scratch.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::shard::{self, ChapterIndex, GroupView, Posting};
use super::terms::{ChapterTerms, TermMap};
use super::words::Stemmer;

/// One stem group, owned.
#[derive(Debug)]
struct Group {
    /// The forms, in UTF-16 order.
    forms: Vec<Box<str>>,
    /// The merged postings, encoded.
    postings: String,
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
        dir: &str,
    ) -> Vec<(String, Vec<u8>)> {
        let refs: Vec<&ChapterIndex> = chapters.iter().map(|c| c.as_ref()).collect();
        let (bases, total) = shard::bases(&refs);
        let changed = self.changed(chapters, &bases);
        match changed {
            Some(changed) => self.patch(chapters, &changed, stemmer),
            None => self.rebuild(chapters, &bases, stemmer),
        }
        self.chapters = chapters.to_vec();
        self.bases = bases;
        let mut views: Vec<GroupView> = self
            .groups
            .iter()
            .map(|(stem, group)| {
                let forms = &group.forms[..];
                let (key, last) = shard::key_and_last(stem, forms);
                GroupView {
                    key,
                    stem,
                    last,
                    forms,
                    postings: &group.postings,
                }
            })
            .collect();
        views.par_sort_unstable_by(|a, b| shard::group_order((a.key, a.stem), (b.key, b.stem)));
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
    fn rebuild(&mut self, chapters: &[Arc<ChapterIndex>], bases: &[u32], stemmer: &Stemmer) {
        self.postings.clear();
        self.groups.clear();
        let terms: Vec<&ChapterTerms> = chapters.iter().map(|c| &c.terms).collect();
        self.postings.fill(
            &terms,
            |term| Term::new(term, stemmer),
            |i, list, term| {
                term.postings
                    .extend(list.iter().map(|&(s, w)| (s + bases[i], w)));
            },
        );
        self.regroup_all();
    }

    /// Takes the changed chapters' old terms out, puts their new terms in, and encodes the
    /// stem groups they touch again.
    fn patch(&mut self, chapters: &[Arc<ChapterIndex>], changed: &[usize], stemmer: &Stemmer) {
        let mut touched: HashSet<Box<str>> = HashSet::default();
        for &i in changed {
            let base = self.bases[i];
            let old = Arc::clone(&self.chapters[i]);
            let end = base + old.sections();
            for (term, _, _) in old.terms.iter() {
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
            for (term, hash, new) in chapters[i].terms.iter() {
                let list = &mut self
                    .postings
                    .or_insert_with(term, hash, || Term::new(term, stemmer))
                    .postings;
                let at = list.partition_point(|p| p.0 < base);
                list.splice(at..at, new.iter().map(|&(s, w)| (s + base, w)));
                touched.insert(term.into());
            }
        }
        self.regroup(&touched, stemmer);
    }

    /// Groups every term by stem and encodes every group.
    fn regroup_all(&mut self) {
        let mut forms: HashMap<&str, Vec<&str>> = HashMap::default();
        for (term, entry) in self.postings.iter() {
            forms.entry(&entry.stem).or_default().push(term);
        }
        let encoded = self.encode(forms);
        self.groups = encoded.into_iter().collect();
    }

    /// Encodes again the groups of the stems of `touched` terms: their earlier forms that still
    /// occur plus the touched terms that occur now; a group left without forms is dropped.
    fn regroup(&mut self, touched: &HashSet<Box<str>>, stemmer: &Stemmer) {
        let stems: Vec<(&str, String)> = touched
            .iter()
            .map(|t| (t.as_ref(), stemmer.group(t)))
            .collect();
        let mut forms: HashMap<&str, Vec<&str>> = HashMap::default();
        for (term, stem) in &stems {
            let list = forms.entry(stem.as_str()).or_insert_with(|| {
                self.groups.get(stem.as_str()).map_or_else(Vec::new, |g| {
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
                let lists: Vec<&[Posting]> = list
                    .iter()
                    .map(|f| self.postings.get(f).map_or(&[][..], |t| &t.postings))
                    .collect();
                let group = Group {
                    postings: shard::encode_postings(&lists),
                    forms: list.iter().map(|f| Box::from(*f)).collect(),
                };
                (Box::from(stem), group)
            })
            .collect()
    }
}
