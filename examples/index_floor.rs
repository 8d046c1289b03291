//! Measures the least work any full-text index of a handbook has to do, beside the index stage
//! itself (BENCHMARKS.md, "Why 15 % is out of reach"): the search records made from the parsed
//! chapters; each section's text cut at every byte that is not an ASCII letter or digit (no case
//! folding, joined forms, CJK or stems); each chapter's words counted per section in a hash map;
//! every text escaped as JSON once (the excerpts a result shows); each chapter's distinct words
//! looked up once in a book-wide map. No weights, postings encoding or files. Prints the fastest
//! and median time of RUNS runs of each, in ms; `RAYON_NUM_THREADS=1` gives their CPU time.
//!
//! Usage: cargo run --release --example index_floor -- BOOK_DIR [RUNS]

use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use skillbook::search::Record;

// The allocator the skillbook binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().expect("usage: index_floor BOOK_DIR [RUNS]");
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(15);
    let options = skillbook::load::LoadOptions {
        root: root.into(),
        output: None,
        ..Default::default()
    };
    let built = skillbook::build_parts(&options).unwrap_or_else(|d| {
        eprint!("{}", d.render(false));
        std::process::exit(1)
    });
    let (book, chapters) = (&built.book, &built.chapters);
    let make_records = || -> Vec<Vec<Record>> {
        (0..chapters.len())
            .into_par_iter()
            .map(|i| skillbook::search::chapter_records(book, i, &chapters[i]))
            .collect()
    };
    let records = make_records();
    let (mut made, mut floor, mut stage) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        made.push(timed(|| drop(make_records())));
        floor.push(timed(|| {
            let counted: Vec<Counted> = records.par_iter().map(|r| count(r)).collect();
            std::hint::black_box(book_map(&counted));
        }));
        stage.push(timed(|| drop(skillbook::search::index(book, chapters))));
    }
    println!("records {}", summary(made));
    println!("cutting, counting, escaping, book map {}", summary(floor));
    println!("the index stage {}", summary(stage));
}

/// A chapter's words counted: its distinct words, (word, section, count) per section holding
/// the word, and its texts as JSON.
struct Counted<'r> {
    words: Vec<&'r str>,
    counts: Vec<(u32, u32, u32)>,
    json: Vec<u8>,
}

/// Cuts, counts and escapes the texts of one chapter's records.
fn count(records: &[Record]) -> Counted<'_> {
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut counted = Counted {
        words: Vec::new(),
        counts: Vec::new(),
        json: Vec::new(),
    };
    // Per word: the section it was last seen in and its count there.
    let mut seen: Vec<(u32, u32)> = Vec::new();
    let mut touched = Vec::new();
    let sections = records.iter().flat_map(|r| &r.sections);
    for (section, s) in (0u32..).zip(sections) {
        serde_json::to_writer(&mut counted.json, &s.text).expect("writing to memory");
        let words = s.text.split(|c: char| !c.is_ascii_alphanumeric());
        for word in words.filter(|w| !w.is_empty()) {
            let id = *ids.entry(word).or_insert_with(|| {
                counted.words.push(word);
                seen.push((u32::MAX, 0));
                seen.len() as u32 - 1
            });
            let last = &mut seen[id as usize];
            if last.0 != section {
                *last = (section, 0);
                touched.push(id);
            }
            last.1 += 1;
        }
        for id in touched.drain(..) {
            counted.counts.push((id, section, seen[id as usize].1));
        }
    }
    counted
}

/// Looks every chapter's distinct words up once in a map of the book's words; returns how many
/// the book has.
fn book_map(chapters: &[Counted]) -> usize {
    let mut book: FxHashMap<&str, u32> = FxHashMap::default();
    for chapter in chapters {
        for word in &chapter.words {
            *book.entry(word).or_default() += 1;
        }
    }
    book.len()
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

/// The fastest and the median of `times`, in ms.
fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "{:.1} ms fastest, {:.1} ms median",
        ms(times[0]),
        ms(times[times.len() / 2])
    )
}
