//! Measures the search index and what a reader's browser downloads to search: builds a handbook
//! (timing the index stage apart from the rest), serves it from memory on 127.0.0.1 with a
//! request log, and drives headless Chromium (through chromedriver) to type one query and then
//! another in the search box. Prints every request each query caused, with the bytes as stored
//! and as gzip sends them (`gzip -6`, as GitHub Pages compresses text in transit).
//!
//! ```sh
//! python3 ../shared/bench/gen-handbook.py /tmp/bench1000 --chapters 1000
//! cargo run --release --example search_transfer -- /tmp/bench1000 latency rollback
//! ```

#[allow(dead_code)]
#[path = "../tests/it/web.rs"]
mod web;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use skillbook::load::LoadOptions;
use web::{run_async, Browser, Server};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [book, queries @ ..] = args.as_slice() else {
        eprintln!("usage: search_transfer BOOK QUERY [QUERY…]");
        std::process::exit(2);
    };
    let options = LoadOptions {
        root: book.into(),
        output: None,
        ..Default::default()
    };
    let start = Instant::now();
    let mut built = skillbook::build_parts(&options).unwrap_or_else(|d| {
        eprint!("{}", d.render(false));
        std::process::exit(1)
    });
    let parts = start.elapsed();
    let start = Instant::now();
    let mut cache = skillbook::search::Cache::default();
    let index = skillbook::search::index_with(&built.book, &built.chapters, &mut cache);
    let indexing = start.elapsed();
    // What serve pays per rebuild when no chapter's records changed: merging the cached terms.
    let start = Instant::now();
    skillbook::search::index_with(&built.book, &built.chapters, &mut cache);
    let merging = start.elapsed();
    println!(
        "load, parse, render {:.0} ms; index {:.0} ms ({:.0} % of the build); again from the cache {:.0} ms",
        parts.as_secs_f64() * 1000.0,
        indexing.as_secs_f64() * 1000.0,
        indexing.as_secs_f64() * 100.0 / (parts + indexing).as_secs_f64(),
        merging.as_secs_f64() * 1000.0
    );
    let stored: usize = index.files.iter().map(|(_, b)| b.len()).sum();
    let shards = index
        .files
        .iter()
        .filter(|(p, _)| p.contains("/s/"))
        .count();
    let fragments = index
        .files
        .iter()
        .filter(|(p, _)| p.contains("/f/"))
        .count();
    let zipped: usize = index.files.iter().map(|(_, b)| gzip_len(b)).sum();
    println!(
        "search index: {:.2} MB in {} files ({shards} shards, {fragments} fragments); {:.2} MB gzipped",
        stored as f64 / 1e6,
        index.files.len(),
        zipped as f64 / 1e6
    );
    let mut sizes: Vec<usize> = index
        .files
        .iter()
        .filter(|(p, _)| p.contains("/s/"))
        .map(|(_, b)| gzip_len(b))
        .collect();
    sizes.sort_unstable();
    println!(
        "shards gzipped: median {:.1} KB, largest {:.1} KB",
        sizes[sizes.len() / 2] as f64 / 1e3,
        sizes[sizes.len() - 1] as f64 / 1e3
    );
    built.site.files.extend(index.files);
    let site = built.site;
    let page = site
        .files
        .keys()
        .find(|p| p.ends_with(".html") && p.contains('/'))
        .cloned()
        .unwrap_or_else(|| "index.html".into());
    let server = Server::start(site.clone(), "/");
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
            let wire: usize = log.iter().map(|(t, _)| wire_len(&site, t)).sum();
            let shown = browser
                .js("return document.querySelectorAll('#search-results .search-main').length")
                .await;
            println!(
                "query {query:?}: {} requests, {:.1} KB stored, {:.1} KB gzipped, {shown} results shown",
                log.len(),
                total as f64 / 1000.0,
                wire as f64 / 1000.0
            );
            for (target, bytes) in log {
                println!(
                    "  {:>9} B  {:>9} B gz  {target}",
                    bytes,
                    wire_len(&site, &target)
                );
            }
        }
        browser.finish().await;
    });
}

/// Bytes of the site file a request target names, as gzip sends them.
fn wire_len(site: &skillbook::Site, target: &str) -> usize {
    let path = target
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_start_matches('/');
    site.files.get(path).map_or(0, |b| gzip_len(b))
}

/// Length of `bytes` compressed by `gzip -6`.
fn gzip_len(bytes: &[u8]) -> usize {
    let mut child = Command::new("gzip")
        .arg("-6")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gzip");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("gzip output");
    let _ = writer.join();
    out.stdout.len()
}
