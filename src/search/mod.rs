//! Index stage: skillbook's own search engine. Turns the parsed chapters into a search index
//! under [`INDEX_DIR`] that the browser searches with `engine.js` (plain JavaScript, no server
//! behind it), loading only the shards a query's words fall in and the fragments of the results
//! it shows.
//!
//! - `records`: what is indexed, from the parse stage's data (sections of a page, questions of
//!   a quiz, items of a checklist) with the `kind` and `part` filters;
//! - `words`: how text is cut into terms, folded and grouped by stem;
//! - `rank`: the weight of a term in a section (BM25F), computed at build time;
//! - `terms`: the tables terms are counted in, per chapter and for the whole book;
//! - `merged`: the book's postings and stem groups, kept by serve between rebuilds;
//! - `shard`: the files: manifest, shards by term, one fragment per chapter;
//! - `carry`: the groups a shard carries for the words that start with them.
//!
//! Chapters are cut into terms in parallel (rayon); [`Cache`] keeps each chapter's terms so that
//! `serve` redoes only the chapters that changed.

pub mod records;

mod carry;
mod merged;
pub(crate) mod rank;
pub(crate) mod shard;
mod terms;
pub(crate) mod words;

use std::sync::Arc;

use rayon::prelude::*;

use crate::load::Book;
use crate::parse::ParsedChapter;
pub use records::{chapter_records, Kind, Record, Section};
use shard::ChapterIndex;

/// Folder of the site the index is written to; content may not be written there (the output
/// clash check in `site` reserves it).
pub const INDEX_DIR: &str = crate::site::SEARCH_INDEX_DIR;

/// The browser's search engine, written beside the index (`search/engine.js`).
const ENGINE: &str = include_str!("engine.js");

/// The finished index: file contents by site path (`search/manifest.js`, `search/s/0.js`, …).
#[derive(Debug, Default, Clone)]
pub struct SearchIndex {
    /// Site path → bytes.
    pub files: Vec<(String, crate::site::Bytes)>,
}

/// Each chapter's contribution to the last index built with it, reused while the chapter's
/// source, title, part and place stay the same.
#[derive(Debug, Default)]
pub struct Cache {
    chapters: Vec<Option<(Key, Arc<ChapterIndex>)>>,
    language: String,
    merged: merged::Merged,
}

/// What a chapter's records depend on besides its source text.
#[derive(Debug, PartialEq)]
struct Key {
    source: Arc<str>,
    path: String,
    title: String,
    part: Option<String>,
}

/// Runs the index stage: every chapter's records, cut into terms in parallel, merged into the
/// index files. Never fails: every parsed chapter can be indexed.
pub fn index(book: &Book, chapters: &[ParsedChapter]) -> SearchIndex {
    let mut cache = Cache::default();
    let index = index_with(book, chapters, &mut cache);
    // Freeing the tables takes about a tenth of the stage and nothing waits for it.
    rayon::spawn(move || drop(cache));
    index
}

/// [`index`], reusing what `cache` holds from an earlier build (and updating it): each unchanged
/// chapter's terms, and the merged postings and stem groups, so that a rebuild after a few
/// chapters changed encodes only the groups their words fall in. The files are the same as
/// [`index`] writes.
pub fn index_with(book: &Book, chapters: &[ParsedChapter], cache: &mut Cache) -> SearchIndex {
    if cache.language != book.config.language {
        cache.chapters.clear();
        cache.merged = merged::Merged::default();
        cache.language = book.config.language.clone();
    }
    cache.chapters.resize_with(book.chapters.len(), || None);
    let keys: Vec<Key> = book
        .chapters
        .iter()
        .map(|c| Key {
            source: Arc::clone(&c.source),
            path: c.path.clone(),
            title: c.title.clone(),
            part: c.part.clone(),
        })
        .collect();
    let fresh: Vec<Arc<ChapterIndex>> = keys
        .into_par_iter()
        .zip(chapters.par_iter())
        .zip(cache.chapters.par_iter_mut())
        .enumerate()
        .map(|(i, ((key, parsed), cached))| {
            // Same text (the very same shared buffer, as serve keeps it) and same place.
            let reuse = cached
                .as_ref()
                .filter(|(old, _)| Arc::ptr_eq(&old.source, &key.source) && *old == key);
            match reuse {
                Some((_, index)) => Arc::clone(index),
                None => {
                    let index = Arc::new(ChapterIndex::new(i, &chapter_records(book, i, parsed)));
                    *cached = Some((key, Arc::clone(&index)));
                    index
                }
            }
        })
        .collect();
    let stemmer = words::Stemmer::new(&book.config.language);
    let mut files = cache.merged.files(&fresh, &stemmer, INDEX_DIR);
    files.push((
        format!("{INDEX_DIR}/engine.js"),
        crate::site::Bytes::from_static(ENGINE.as_bytes()),
    ));
    SearchIndex { files }
}

/// Every record of the book, in book order: each chapter's page, then its quizzes, then its
/// checklists.
pub fn records(book: &Book, chapters: &[ParsedChapter]) -> Vec<Record> {
    chapters
        .iter()
        .enumerate()
        .flat_map(|(i, parsed)| chapter_records(book, i, parsed))
        .collect()
}
