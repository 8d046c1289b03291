//! Term tables of the index stage: a chapter's distinct terms with their weighted postings,
//! kept in a few flat buffers, and the book's terms by name. Both look a term up by a hash
//! computed once per term, so the book's table takes each chapter's terms without hashing
//! their text again.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use super::rank;
use super::shard::Posting;

/// The hash every term table uses for `term`.
pub(super) fn hash(term: &str) -> u64 {
    FxBuildHasher.hash_one(term)
}

/// How many tables a [`TermMap`] is cut into, so that they can be filled in parallel.
const TABLES: usize = 16;

/// The table of a [`TermMap`] a term with hash `hash` belongs in: bits that neither the
/// bucket index (low bits) nor the control byte (top seven bits) of a table uses.
fn table_of(hash: u64) -> usize {
    (hash >> 32) as usize % TABLES
}

/// Where a term was found in a section: the record's title, the section's heading or its text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Field {
    Title,
    Heading,
    Body,
}

/// A chapter's distinct terms in order of first use, each with the chapter's sections holding it
/// (numbered across the chapter's records, increasing) and its weighted count there
/// ([`rank`]).
#[derive(Debug, Default)]
pub(crate) struct ChapterTerms {
    /// Every term, one after another.
    text: String,
    /// Where each term ends in `text` (it starts where the previous one ends).
    ends: Vec<u32>,
    /// Each term's [`hash`].
    hashes: Vec<u64>,
    /// Where each term's postings start in `postings`, plus the end of the last.
    starts: Vec<u32>,
    postings: Vec<Posting>,
    /// The term ids ordered by [`table_of`] their hash, and where each table's ids start.
    by_table: Vec<u32>,
    table_starts: Vec<u32>,
}

impl ChapterTerms {
    /// Each term with its hash and postings.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, u64, &[Posting])> + '_ {
        (0..self.hashes.len()).map(move |i| self.get(i))
    }

    /// The terms that belong in table `index` of a [`TermMap`].
    fn in_table(&self, index: usize) -> impl Iterator<Item = (&str, u64, &[Posting])> + '_ {
        let ids = &self.by_table
            [self.table_starts[index] as usize..self.table_starts[index + 1] as usize];
        ids.iter().map(move |&i| self.get(i as usize))
    }

    fn get(&self, i: usize) -> (&str, u64, &[Posting]) {
        let from = self.starts[i] as usize..self.starts[i + 1] as usize;
        (
            term(&self.text, &self.ends, i),
            self.hashes[i],
            &self.postings[from],
        )
    }
}

/// Term `i` of a chapter's buffer.
fn term<'t>(text: &'t str, ends: &[u32], i: usize) -> &'t str {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &text[start..ends[i] as usize]
}

/// Collects a chapter's terms section by section into [`ChapterTerms`].
#[derive(Default)]
pub(super) struct ChapterTermsBuilder {
    /// Term ids by hash.
    table: HashTable<u32>,
    terms: ChapterTerms,
    /// Per term id: the section it was last seen in (plus one; 0 = never) and its count there in
    /// each field.
    seen: Vec<(u32, [u32; 3])>,
    /// The ids seen in the current section.
    touched: Vec<u32>,
    /// Words in the current section's text.
    words: u32,
    section: u32,
    /// Every (term id, section, weighted count), in section order.
    entries: Vec<(u32, u32, f32)>,
}

impl ChapterTermsBuilder {
    /// Counts one use of `term` in `field` of the current section.
    pub(super) fn add(&mut self, term: &str, field: Field) {
        let id = self.id(term) as usize;
        let seen = &mut self.seen[id];
        if seen.0 != self.section + 1 {
            *seen = (self.section + 1, [0; 3]);
            self.touched.push(id as u32);
        }
        seen.1[field as usize] += 1;
        if let Field::Body = field {
            self.words += 1;
        }
    }

    /// The id of `term`, adding it when new.
    fn id(&mut self, term: &str) -> u32 {
        let hash = hash(term);
        let ChapterTerms {
            text, ends, hashes, ..
        } = &mut self.terms;
        let found = self
            .table
            .find(hash, |&id| self::term(text, ends, id as usize) == term);
        if let Some(&id) = found {
            return id;
        }
        let id = hashes.len() as u32;
        text.push_str(term);
        ends.push(text.len() as u32);
        hashes.push(hash);
        self.seen.push((0, [0; 3]));
        self.table
            .insert_unique(hash, id, |&id| hashes[id as usize]);
        id
    }

    /// Closes the current section: weighs each term it holds and moves to the next section.
    pub(super) fn end_section(&mut self) {
        for &id in &self.touched {
            let [title, heading, body] = self.seen[id as usize].1;
            let weighted = rank::TITLE * title as f32
                + rank::HEADING * heading as f32
                + rank::body_count(body, self.words);
            self.entries.push((id, self.section, weighted));
        }
        self.touched.clear();
        self.words = 0;
        self.section += 1;
    }

    /// The terms with their postings, grouped by term (sections stay in order).
    pub(super) fn finish(self) -> ChapterTerms {
        let mut terms = self.terms;
        let ids = self.entries.iter().map(|&(id, _, _)| id as usize);
        let (starts, order) = counting_sort(ids, terms.hashes.len());
        terms.postings = order
            .iter()
            .map(|&i| {
                let (_, section, weight) = self.entries[i as usize];
                (section, weight)
            })
            .collect();
        terms.starts = starts;
        let tables = terms.hashes.iter().map(|&hash| table_of(hash));
        (terms.table_starts, terms.by_table) = counting_sort(tables, TABLES);
        terms
    }
}

/// A stable counting sort of positions by key: `keys` (each below `buckets`) gives each
/// position's key; returns where each key's positions start (plus the end: `buckets + 1`
/// numbers) and the positions in key order.
fn counting_sort(
    keys: impl Iterator<Item = usize> + Clone,
    buckets: usize,
) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; buckets + 1];
    for key in keys.clone() {
        starts[key + 1] += 1;
    }
    for i in 0..buckets {
        starts[i + 1] += starts[i];
    }
    let mut next = starts.clone();
    let mut order = vec![0u32; starts[buckets] as usize];
    for (position, key) in keys.enumerate() {
        order[next[key] as usize] = position as u32;
        next[key] += 1;
    }
    (starts, order)
}

/// One table of a [`TermMap`]: each term with its hash and value.
type Table<V> = HashTable<(Box<str>, u64, V)>;

/// Book-wide values by term: each term copied once, looked up by its [`hash`], in [`TABLES`]
/// tables by hash.
#[derive(Debug)]
pub(super) struct TermMap<V> {
    tables: Vec<Table<V>>,
}

impl<V> Default for TermMap<V> {
    fn default() -> Self {
        TermMap {
            tables: (0..TABLES).map(|_| HashTable::new()).collect(),
        }
    }
}

/// The entry of `term` in `table`, inserted with `make` when missing.
fn or_insert_with<'t, V>(
    table: &'t mut Table<V>,
    term: &str,
    hash: u64,
    make: impl FnOnce() -> V,
) -> &'t mut V {
    let entry = table
        .entry(hash, |e| &*e.0 == term, |e| e.1)
        .or_insert_with(|| (term.into(), hash, make()));
    &mut entry.into_mut().2
}

impl<V: Send> TermMap<V> {
    /// The value of `term` (whose hash is `hash`), inserted with `make` when it is new.
    pub(super) fn or_insert_with(
        &mut self,
        term: &str,
        hash: u64,
        make: impl FnOnce() -> V,
    ) -> &mut V {
        or_insert_with(&mut self.tables[table_of(hash)], term, hash, make)
    }

    /// Calls `add` with every term of every chapter, in order: the chapter's index, the term's
    /// postings there and the term's value, made by `make` when the term is new. The tables are
    /// filled in parallel; each term sees its chapters in order.
    pub(super) fn fill(
        &mut self,
        chapters: &[&ChapterTerms],
        make: impl Fn(&str) -> V + Sync,
        add: impl Fn(usize, &[Posting], &mut V) + Sync,
    ) {
        self.tables
            .par_iter_mut()
            .enumerate()
            .for_each(|(index, table)| {
                for (i, chapter) in chapters.iter().enumerate() {
                    for (term, hash, postings) in chapter.in_table(index) {
                        add(
                            i,
                            postings,
                            or_insert_with(table, term, hash, || make(term)),
                        );
                    }
                }
            });
    }
}

impl<V> TermMap<V> {
    /// The value of `term`.
    pub(super) fn get(&self, term: &str) -> Option<&V> {
        let hash = hash(term);
        self.tables[table_of(hash)]
            .find(hash, |e| &*e.0 == term)
            .map(|e| &e.2)
    }

    /// The value of `term`, to change.
    pub(super) fn get_mut(&mut self, term: &str) -> Option<&mut V> {
        let hash = hash(term);
        self.tables[table_of(hash)]
            .find_mut(hash, |e| &*e.0 == term)
            .map(|e| &mut e.2)
    }

    /// Removes `term`.
    pub(super) fn remove(&mut self, term: &str) {
        let hash = hash(term);
        let table = &mut self.tables[table_of(hash)];
        if let Ok(entry) = table.find_entry(hash, |e| &*e.0 == term) {
            entry.remove();
        }
    }

    /// Every term and its value, in no particular order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &V)> + '_ {
        self.tables.iter().flatten().map(|e| (&*e.0, &e.2))
    }

    /// Empties the table.
    pub(super) fn clear(&mut self) {
        self.tables.iter_mut().for_each(HashTable::clear);
    }
}
