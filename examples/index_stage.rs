//! Times the index stage apart from load, parse and render (BENCHMARKS.md): builds a handbook's
//! pages RUNS times and indexes them each time, printing the fastest and the median time of each.
//!
//! Usage: cargo run --release --example index_stage -- BOOK_DIR [RUNS]

use std::time::{Duration, Instant};

use skillbook::load::LoadOptions;

// The allocator the skillbook binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().expect("usage: index_stage BOOK_DIR [RUNS]");
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let options = LoadOptions {
        root: root.into(),
        output: None,
        ..Default::default()
    };
    let (mut pages, mut index) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let start = Instant::now();
        let built = skillbook::build_parts(&options).unwrap_or_else(|d| {
            eprint!("{}", d.render(false));
            std::process::exit(1)
        });
        pages.push(start.elapsed());
        let start = Instant::now();
        let files = skillbook::search::index(&built.book, &built.chapters);
        index.push(start.elapsed());
        drop(files);
    }
    println!(
        "load, parse, render {}; index {}",
        summary(pages),
        summary(index)
    );
}

/// The fastest and the median of `times`, in ms.
fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    format!(
        "{:.1} ms fastest, {:.1} ms median",
        ms(times[0]),
        ms(times[times.len() / 2])
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
