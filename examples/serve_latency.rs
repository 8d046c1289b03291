//! Measures save-to-reload-event latency of `skillbook serve` (BENCHMARKS.md): starts the dev
//! server on a handbook, saves a file N times per kind of edit, and times each save until the
//! long poll reports the new build. Then times the body-edit rebuild alone, through the library's
//! rebuild session (no watcher, no HTTP).
//!
//! Usage: cargo run --release --example serve_latency -- BOOK_DIR [SAVES]
//! BOOK_DIR is a handbook with SUMMARY.md in `src/` (as `../shared/bench/gen-handbook.py` writes).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Instant;

use skillbook::load::LoadOptions;
use skillbook::serve::{ServeOptions, Server};
use skillbook::session::{Session, Strategy};

// The allocator the skillbook binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: serve_latency BOOK_DIR [SAVES]"));
    let saves: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let load = LoadOptions {
        root: root.clone(),
        output: None,
        ..Default::default()
    };
    let server = Server::start(ServeOptions {
        load,
        host: "127.0.0.1".into(),
        port: 0,
        base: "/".into(),
        poll: false,
    })
    .expect("server starts");
    let chapter = find_chapter(&root);
    let original = std::fs::read_to_string(&chapter).unwrap();
    let template = root.join("theme/templates/partials/footer.html");

    println!("{} saves per kind on {}", saves, root.display());
    let page = chapter
        .strip_prefix(root.join("src"))
        .unwrap()
        .with_extension("html")
        .to_string_lossy()
        .replace('\\', "/");
    let page = format!("{}{page}", server.url);
    let body = measure(
        &server,
        saves,
        &page,
        |n| format!("Edited paragraph number {n}."),
        |n| {
            std::fs::write(
                &chapter,
                format!("{original}\nEdited paragraph number {n}.\n"),
            )
            .unwrap()
        },
    );
    report("body edit", body);
    let title = measure(
        &server,
        saves,
        &page,
        |n| format!("Edit {n} "),
        |n| {
            std::fs::write(
                &chapter,
                original.replacen("# ", &format!("# Edit {n} "), 1),
            )
            .unwrap()
        },
    );
    report("title edit", title);
    // A new theme folder is a full rebuild of its own: let it finish before timing template edits.
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    std::thread::sleep(std::time::Duration::from_secs(2));
    let templ = measure(
        &server,
        saves,
        &page,
        |n| format!("edit {n}</p>"),
        |n| {
            std::fs::write(
                &template,
                format!(
                "<footer class=\"site-footer\"><p>{{{{ book.title }}}} · edit {n}</p></footer>\n"
            ),
            )
            .unwrap()
        },
    );
    report("template edit", templ);
    std::fs::write(&chapter, &original).unwrap();
    let _ = std::fs::remove_dir_all(root.join("theme"));
    report(
        "body rebuild",
        rebuild_only(&root, &chapter, &original, saves),
    );
    std::fs::write(&chapter, original).unwrap();
}

/// Milliseconds of each body-edit rebuild in a [`Session`] of its own.
fn rebuild_only(root: &Path, chapter: &Path, original: &str, saves: usize) -> Vec<f64> {
    let mut session = Session::new(LoadOptions {
        root: root.to_path_buf(),
        output: None,
        ..Default::default()
    });
    session.build().expect("the handbook builds");
    (0..saves)
        .map(|n| {
            std::fs::write(chapter, format!("{original}\nRebuilt paragraph {n}.\n")).unwrap();
            let start = Instant::now();
            let rebuilt = session.rebuild(&[chapter.to_path_buf()]).expect("rebuilds");
            assert_eq!(rebuilt.strategy, Strategy::Chapters(1));
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

fn find_chapter(root: &Path) -> PathBuf {
    let summary = std::fs::read_to_string(root.join("src/SUMMARY.md")).expect("src/SUMMARY.md");
    let links: Vec<&str> = summary
        .lines()
        .filter_map(|l| l.split("](").nth(1))
        .map(|l| l.trim_end_matches(')'))
        .collect();
    root.join("src").join(links[links.len() / 2])
}

/// Milliseconds from each save until the served page shows it: each build the long poll
/// announces is checked for `marker(n)` in `page`, so a build that started before the save does
/// not count.
fn measure(
    server: &Server,
    saves: usize,
    page: &str,
    marker: impl Fn(usize) -> String,
    save: impl Fn(usize),
) -> Vec<f64> {
    let mut times = Vec::with_capacity(saves);
    for n in 0..saves {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let start = Instant::now();
        let mut generation = server.generation();
        save(n);
        let wanted = marker(n);
        loop {
            poll(&server.url, generation);
            generation = server.generation();
            if get(page).contains(&wanted) {
                break;
            }
        }
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times
}

/// The body of `url` (a served page) as text.
fn get(url: &str) -> String {
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

fn poll(url: &str, since: u64) {
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /__skillbook/poll?since={since} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
}

fn report(kind: &str, mut times: Vec<f64>) {
    times.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{kind:>14}: p50 {:7.1} ms   p99 {:7.1} ms   max {:7.1} ms",
        at(0.5),
        at(0.99),
        at(1.0)
    );
}
