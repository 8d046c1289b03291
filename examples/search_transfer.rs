//! Measures what a reader's browser downloads to search: builds a handbook, serves it from memory
//! on 127.0.0.1 with a request log, and drives headless Chromium (through chromedriver) to type
//! one query and then another in the search box. Prints every request each query caused and the
//! bytes sent, as counted by the server.
//!
//! ```sh
//! python3 ../shared/bench/gen-handbook.py /tmp/bench1000 --chapters 1000
//! cargo run --release --example search_transfer -- /tmp/bench1000 latency rollback
//! ```

#[allow(dead_code)]
#[path = "../tests/it/web.rs"]
mod web;

use std::time::{Duration, Instant};

use skillbook::load::LoadOptions;
use web::{run_async, Browser, Server};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [book, queries @ ..] = args.as_slice() else {
        eprintln!("usage: search_transfer BOOK QUERY [QUERY…]");
        std::process::exit(2);
    };
    let start = Instant::now();
    let options = LoadOptions {
        root: book.into(),
        output: None,
        base_url: None,
    };
    let site = skillbook::build_site(&options).unwrap_or_else(|d| {
        eprint!("{}", d.render(false));
        std::process::exit(1)
    });
    let index_bytes: usize = site
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .map(|(_, b)| b.len())
        .sum();
    println!(
        "built in {:.2} s; search index {:.1} MB in {} files",
        start.elapsed().as_secs_f64(),
        index_bytes as f64 / 1e6,
        site.files
            .keys()
            .filter(|p| p.starts_with("search/"))
            .count()
    );
    let page = site
        .files
        .keys()
        .find(|p| p.ends_with(".html") && p.contains('/'))
        .cloned()
        .unwrap_or_else(|| "index.html".into());
    let server = Server::start(site, "/");
    run_async(async {
        let browser = Browser::start(1280, 900).await;
        browser.goto(&format!("{}{page}", server.url)).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let opened: usize = server.take_log().iter().map(|(_, n)| n).sum();
        println!("opening {page}: {:.1} KB", opened as f64 / 1000.0);
        for query in queries {
            browser
                .js("const i = document.getElementById('search-input'); i.value = ''; i.focus()")
                .await;
            browser.keys(query).await;
            let deadline = Instant::now() + Duration::from_secs(30);
            while browser
                .js_with(
                    "return document.getElementById('search-results').dataset.query === arguments[0]",
                    vec![query.as_str().into()],
                )
                .await
                != true
            {
                assert!(Instant::now() < deadline, "no results for {query}");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            // Let any request still in flight finish before counting.
            tokio::time::sleep(Duration::from_millis(1000)).await;
            let log = server.take_log();
            let total: usize = log.iter().map(|(_, n)| n).sum();
            let shown = browser
                .js("return document.querySelectorAll('#search-results .search-main').length")
                .await;
            println!(
                "query {query:?}: {} requests, {:.1} KB, {shown} results shown",
                log.len(),
                total as f64 / 1000.0
            );
            for (target, bytes) in log {
                println!("  {:>9} B  {target}", bytes);
            }
        }
        browser.finish().await;
    });
}
