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

/// A chapter's distinct terms, each with the chapter's sections holding it (numbered across the
/// chapter's records, increasing) and its weighted count there ([`rank`]). Terms are numbered
/// by the table of a [`TermMap`] they belong in (then by first use), so that the terms of one
/// table lie side by side.
#[derive(Debug, Default)]
pub(crate) struct ChapterTerms {
    /// Every term, one after another.
    text: String,
    /// Where each term starts and ends in `text`.
    spans: Vec<(u32, u32)>,
    /// Each term's [`hash`].
    hashes: Vec<u64>,
    /// Where each term's postings start in `postings`, plus the end of the last.
    starts: Vec<u32>,
    postings: Vec<Posting>,
    /// Where each table's terms start, plus the end of the last.
    table_starts: Vec<u32>,
}

impl ChapterTerms {
    /// Each term with its hash and postings.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, u64, &[Posting])> + '_ {
        (0..self.hashes.len()).map(move |i| self.get(i))
    }

    /// The ids of the terms that belong in table `index` of a [`TermMap`].
    fn in_table(&self, index: usize) -> std::ops::Range<u32> {
        self.table_starts[index]..self.table_starts[index + 1]
    }

    fn get(&self, i: usize) -> (&str, u64, &[Posting]) {
        (
            term(&self.text, &self.spans, i),
            self.hashes[i],
            self.postings(i as u32),
        )
    }

    /// The postings of term `id`.
    pub(super) fn postings(&self, id: u32) -> &[Posting] {
        let id = id as usize;
        &self.postings[self.starts[id] as usize..self.starts[id + 1] as usize]
    }
}

/// Term `i` of a chapter's buffer.
fn term<'t>(text: &'t str, spans: &[(u32, u32)], i: usize) -> &'t str {
    let (start, end) = spans[i];
    &text[start as usize..end as usize]
}

/// Whether the span `(start, end)` of `text` is `term`.
fn same(text: &str, (start, end): (u32, u32), term: &str) -> bool {
    let (text, term) = (text.as_bytes(), term.as_bytes());
    (end - start) as usize == term.len()
        && term
            .iter()
            .zip(&text[start as usize..end as usize])
            .all(|(a, b)| a == b)
}

/// The most distinct terms a chapter's tables have room for before counting starts.
const MOST_TERMS_RESERVED: usize = 16_384;

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
    /// A builder with room for a chapter of `bytes` bytes of text.
    pub(super) fn for_text(bytes: usize) -> ChapterTermsBuilder {
        // About one new term per dozen bytes of a chapter's text; a very long chapter repeats
        // more of its words, and its tables grow past this as they need to.
        let terms = (bytes / 12 + 16).min(MOST_TERMS_RESERVED);
        let mut builder = ChapterTermsBuilder {
            table: HashTable::with_capacity(terms),
            seen: Vec::with_capacity(terms),
            entries: Vec::with_capacity(terms * 2),
            ..ChapterTermsBuilder::default()
        };
        builder.terms.text.reserve(terms * 8);
        builder.terms.spans.reserve(terms);
        builder.terms.hashes.reserve(terms);
        builder
    }

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
            text,
            spans,
            hashes,
            ..
        } = &mut self.terms;
        let found = self
            .table
            .find(hash, |&id| same(text, spans[id as usize], term));
        if let Some(&id) = found {
            return id;
        }
        let id = hashes.len() as u32;
        spans.push((text.len() as u32, (text.len() + term.len()) as u32));
        text.push_str(term);
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

    /// The terms with their postings, grouped by term (sections stay in order) and numbered by
    /// table.
    pub(super) fn finish(self) -> ChapterTerms {
        let first_use = self.terms;
        let tables = first_use.hashes.iter().map(|&hash| table_of(hash));
        let (table_starts, order) = counting_sort(tables, TABLES);
        // The new number of each term, by its number in order of first use.
        let mut renumbered = vec![0u32; order.len()];
        let mut terms = ChapterTerms {
            spans: order.iter().map(|&i| first_use.spans[i as usize]).collect(),
            hashes: order
                .iter()
                .map(|&i| first_use.hashes[i as usize])
                .collect(),
            text: first_use.text,
            table_starts,
            ..ChapterTerms::default()
        };
        for (new, &old) in order.iter().enumerate() {
            renumbered[old as usize] = new as u32;
        }
        let ids = self
            .entries
            .iter()
            .map(|&(id, _, _)| renumbered[id as usize] as usize);
        let (starts, by_term) = counting_sort(ids, order.len());
        terms.postings = by_term
            .iter()
            .map(|&i| {
                let (_, section, weight) = self.entries[i as usize];
                (section, weight)
            })
            .collect();
        terms.starts = starts;
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

/// A term of a [`TermMap`] with its hash and value.
#[derive(Debug)]
struct Entry<V> {
    term: Box<str>,
    hash: u64,
    value: V,
}

/// One table of a [`TermMap`]: its entries, and their positions by hash.
#[derive(Debug)]
struct Table<V> {
    positions: HashTable<u32>,
    entries: Vec<Entry<V>>,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table {
            positions: HashTable::new(),
            entries: Vec::new(),
        }
    }
}

impl<V> Table<V> {
    /// The position of `term`.
    fn find(&self, term: &str, hash: u64) -> Option<usize> {
        let entries = &self.entries;
        let found = self
            .positions
            .find(hash, |&at| *entries[at as usize].term == *term);
        found.map(|&at| at as usize)
    }

    /// The position of `term`, inserted with `make` when missing.
    fn find_or_insert(&mut self, term: &str, hash: u64, make: impl FnOnce() -> V) -> usize {
        let Table { positions, entries } = self;
        let found = positions.entry(
            hash,
            |&at| *entries[at as usize].term == *term,
            |&at| entries[at as usize].hash,
        );
        let at = found.or_insert_with(|| {
            entries.push(Entry {
                term: term.into(),
                hash,
                value: make(),
            });
            entries.len() as u32 - 1
        });
        *at.get() as usize
    }

    /// Removes the entry at `at`; the last entry takes its place.
    fn remove(&mut self, at: usize) {
        let hash = self.entries[at].hash;
        if let Ok(found) = self.positions.find_entry(hash, |&p| p as usize == at) {
            found.remove();
        }
        let last = self.entries.len() - 1;
        self.entries.swap_remove(at);
        if at != last {
            let moved = self.entries[at].hash;
            if let Some(position) = self.positions.find_mut(moved, |&p| p as usize == last) {
                *position = at as u32;
            }
        }
    }
}

/// Book-wide values by term: each term copied once, looked up by its [`hash`], in [`TABLES`]
/// tables by hash.
#[derive(Debug)]
pub(super) struct TermMap<V> {
    tables: Vec<Table<V>>,
}

impl<V> Default for TermMap<V> {
    fn default() -> Self {
        TermMap {
            tables: (0..TABLES).map(|_| Table::default()).collect(),
        }
    }
}

impl<V: Send> TermMap<V> {
    /// The value of `term` (whose hash is `hash`), inserted with `make` when it is new.
    pub(super) fn or_insert_with(
        &mut self,
        term: &str,
        hash: u64,
        make: impl FnOnce() -> V,
    ) -> &mut V {
        let table = &mut self.tables[table_of(hash)];
        let at = table.find_or_insert(term, hash, make);
        &mut table.entries[at].value
    }

    /// Adds every term of every chapter: the value of a term new to the map is made by `make`,
    /// then given room for all its postings by `reserve(value, postings)`, and `add(chapter,
    /// postings, value)` is called with each chapter holding the term (its index in
    /// `chapters`) and the term's postings there, in order. The tables are filled in parallel;
    /// each looks its terms up in one sweep over the chapters and adds their postings in a
    /// second.
    pub(super) fn fill(
        &mut self,
        chapters: &[&ChapterTerms],
        make: impl Fn(&str) -> V + Sync,
        reserve: impl Fn(&mut V, usize) + Sync,
        add: impl Fn(usize, &[Posting], &mut V) + Sync,
    ) {
        self.tables
            .par_iter_mut()
            .enumerate()
            .for_each(|(index, table)| {
                // Each chapter's terms here, looked up once: their positions in the table.
                let mut positions = Vec::new();
                let mut counts = vec![0; table.entries.len()];
                for chapter in chapters {
                    for id in chapter.in_table(index) {
                        let (term, hash, postings) = chapter.get(id as usize);
                        let at = table.find_or_insert(term, hash, || make(term));
                        counts.resize(table.entries.len(), 0);
                        counts[at] += postings.len();
                        positions.push(at as u32);
                    }
                }
                for (entry, &count) in table.entries.iter_mut().zip(&counts) {
                    reserve(&mut entry.value, count);
                }
                let mut positions = positions.into_iter();
                for (i, chapter) in chapters.iter().enumerate() {
                    for (id, at) in chapter.in_table(index).zip(&mut positions) {
                        add(
                            i,
                            chapter.postings(id),
                            &mut table.entries[at as usize].value,
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
        let table = &self.tables[table_of(hash)];
        table.find(term, hash).map(|at| &table.entries[at].value)
    }

    /// The value of `term`, to change.
    pub(super) fn get_mut(&mut self, term: &str) -> Option<&mut V> {
        let hash = hash(term);
        let table = &mut self.tables[table_of(hash)];
        let at = table.find(term, hash)?;
        Some(&mut table.entries[at].value)
    }

    /// Removes `term`.
    pub(super) fn remove(&mut self, term: &str) {
        let hash = hash(term);
        let table = &mut self.tables[table_of(hash)];
        if let Some(at) = table.find(term, hash) {
            table.remove(at);
        }
    }

    /// Every term and its value, in no particular order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &V)> + '_ {
        self.tables
            .iter()
            .flat_map(|t| &t.entries)
            .map(|e| (&*e.term, &e.value))
    }

    /// Empties the table.
    pub(super) fn clear(&mut self) {
        for table in &mut self.tables {
            table.positions.clear();
            table.entries.clear();
        }
    }
}
