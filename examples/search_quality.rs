//! Ranking check of the search box: builds a handbook (the bundled one by default), serves it on
//! 127.0.0.1, types each reader query of `examples/search_quality.tsv` into the real search box
//! in headless Chromium (through chromedriver), and finds where the section the reader wants
//! appears among the links shown. Prints each query's rank, then hit@1, hit@3 and the mean
//! reciprocal rank (BENCHMARKS.md).
//!
//! A rank counts the places a reader can land on, in the order shown: each result's sections
//! (sub-results), or the result itself when it shows none. Only the first five results (the
//! first screen) are looked at; a wanted section not among them counts as not found (rank 0).
//!
//! ```sh
//! cargo run --release --example search_quality              # handbook/, the queries above
//! cargo run --release --example search_quality -- BOOK FILE # another handbook and query file
//! ```

#[allow(dead_code)]
#[path = "../tests/it/web.rs"]
mod web;

use std::time::{Duration, Instant};

use skillbook::load::LoadOptions;
use web::{run_async, Browser, Server};

fn main() {
    let mut args = std::env::args().skip(1);
    let book = args.next().unwrap_or_else(|| "handbook".into());
    let file = args
        .next()
        .unwrap_or_else(|| "examples/search_quality.tsv".into());
    let queries: Vec<(String, String)> = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (q, want) = l.split_once('\t').expect("query<TAB>page#anchor");
            (q.to_string(), want.to_string())
        })
        .collect();
    let options = LoadOptions {
        root: book.into(),
        output: None,
        ..Default::default()
    };
    let site = skillbook::build_site(&options).unwrap_or_else(|d| {
        eprint!("{}", d.render(false));
        std::process::exit(1)
    });
    let server = Server::start(site, "/");
    let ranks = run_async_ranks(&server, &queries);
    let n = ranks.len() as f64;
    let hits = |k: usize| ranks.iter().filter(|&&r| r >= 1 && r <= k).count();
    let mrr: f64 = ranks
        .iter()
        .map(|&r| if r == 0 { 0.0 } else { 1.0 / r as f64 })
        .sum::<f64>()
        / n;
    println!(
        "{} queries: hit@1 {} ({:.0} %), hit@3 {} ({:.0} %), MRR {:.3}",
        ranks.len(),
        hits(1),
        hits(1) as f64 * 100.0 / n,
        hits(3),
        hits(3) as f64 * 100.0 / n,
        mrr
    );
}

/// Each query's rank of its wanted section (1-based; 0 when not shown).
fn run_async_ranks(server: &Server, queries: &[(String, String)]) -> Vec<usize> {
    let mut ranks = Vec::new();
    run_async(async {
        let browser = Browser::start(1280, 900).await;
        browser.goto(&format!("{}index.html", server.url)).await;
        for (query, want) in queries {
            let shown = results(&browser, query).await;
            let rank = shown.iter().position(|l| l == want).map_or(0, |i| i + 1);
            println!(
                "{rank:>2}  {query:<32} {want}{}",
                if rank == 1 {
                    String::new()
                } else {
                    format!(
                        "\n      shown: {}",
                        shown.iter().take(4).cloned().collect::<Vec<_>>().join("  ")
                    )
                }
            );
            ranks.push(rank);
        }
        browser.finish().await;
    });
    ranks
}

/// Types `query` into the search box and returns the places shown, in order, as
/// `page.html#anchor` (no leading slash, no query string).
async fn results(b: &Browser, query: &str) -> Vec<String> {
    b.js_with(
        "const i = document.getElementById('search-input'); i.focus(); i.value = arguments[0];
         i.dispatchEvent(new Event('input'));",
        vec![query.into()],
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let links = b
            .js_with(
                "const l = document.getElementById('search-results');
                 if (l.dataset.query !== arguments[0]) return null;
                 return [...l.querySelectorAll(':scope > li.search-result')].flatMap(li => {
                   const subs = [...li.querySelectorAll('a.search-sub')];
                   return (subs.length ? subs : [li.querySelector('a.search-main')])
                     .map(a => a.pathname.slice(1) + a.hash);
                 });",
                vec![query.into()],
            )
            .await;
        if let Some(links) = links.as_array() {
            return links
                .iter()
                .map(|l| l.as_str().unwrap_or_default().to_string())
                .collect();
        }
        assert!(Instant::now() < deadline, "no results for {query:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
