//! The `skillbook` command line: build, check, init and clean.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use skillbook::load::LoadOptions;
use skillbook::{Diagnostic, Diagnostics};

/// mimalloc: a build allocates many small strings and buffers from several threads at once, which
/// it serves about a third faster than the system allocator (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, `mimalloc.h`).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long mimalloc keeps freed memory before giving it back to the system, in ms.
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Makes mimalloc give freed memory back to the system [`PURGE_DELAY_MS`] after it is freed: a
/// build frees large buffers stage by stage, and keeping them longer (the allocator's default)
/// raises the peak memory by about a tenth, while giving them back at once makes the build slower
/// by about a tenth (BENCHMARKS.md).
fn return_freed_memory_soon() {
    // SAFETY: sets one integer option of the allocator; any value is valid for this option.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
}

/// Build skills handbooks (Markdown chapters with quizzes and checklists) into static sites.
#[derive(Parser)]
// `--version` prints the crate version and, for a build from a git checkout, the commit (build.rs).
#[command(name = "skillbook", version = env!("SKILLBOOK_VERSION"), about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the handbook into a static site.
    Build {
        /// Handbook directory (holding handbook.toml). Default: `handbook/` if it exists, else `.`.
        dir: Option<PathBuf>,
        /// Output directory, replaced atomically when the build succeeds.
        #[arg(short, long, default_value = "site")]
        out: PathBuf,
        /// Absolute URL the site will be published at (overrides `base-url` in handbook.toml).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Fail on warnings too (a chapter overdue for review, a prerequisite read later).
        #[arg(long)]
        strict: bool,
    },
    /// Run every validation without writing anything; with --site, check a built site's links instead.
    Check {
        /// Handbook directory. Default: `handbook/` if it exists, else `.`.
        dir: Option<PathBuf>,
        /// A built site to crawl as it will be served: every link, image, stylesheet, script and
        /// anchor of every page must resolve.
        #[arg(long, value_name = "SITE")]
        site: Option<PathBuf>,
        /// The path the site is served under, e.g. `/repo/` for a GitHub Pages project site.
        #[arg(long, value_name = "PATH", default_value = "/", requires = "site")]
        base: String,
        /// Fail on warnings too (a chapter overdue for review, a prerequisite read later).
        #[arg(long, conflicts_with = "site")]
        strict: bool,
        /// List the chapters overdue for review, most overdue first, on standard output.
        #[arg(long, conflicts_with = "site")]
        stale: bool,
    },
    /// Preview the handbook on a local web server that rebuilds and reloads the page on every save.
    Serve {
        /// Handbook directory. Default: `handbook/` if it exists, else `.`.
        dir: Option<PathBuf>,
        /// Port to listen on; the next free port is used if it is taken (0: any free port).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Address to listen on. The default serves this machine only.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Serve the site under this path, as GitHub Pages will (e.g. `/handbook/`).
        #[arg(long, default_value = "/")]
        base: String,
        /// Watch files by polling (for WSL, Docker and network mounts).
        #[arg(long)]
        poll: bool,
    },
    /// Create a starter handbook: one chapter with a quiz and a checklist.
    Init {
        /// Directory to create it in (default `.`).
        dir: Option<PathBuf>,
    },
    /// Delete the output directory.
    Clean {
        /// Output directory to delete.
        #[arg(short, long, default_value = "site")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    return_freed_memory_soon();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            dir,
            out,
            base_url,
            strict,
        } => today().and_then(|today| build(dir, &out, base_url, strict, today)),
        Command::Check {
            site: Some(site),
            base,
            ..
        } => check_site(&site, &base),
        Command::Check {
            dir,
            site: None,
            strict,
            stale,
            ..
        } => today().and_then(|today| check(dir, strict, stale, today)),
        Command::Init { dir } => init(dir.unwrap_or_else(|| PathBuf::from("."))),
        Command::Clean { out } => clean(&out),
        Command::Serve {
            dir,
            port,
            host,
            open,
            base,
            poll,
        } => serve(dir, port, host, open, &base, poll),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostics) => {
            let color = std::io::stderr().is_terminal();
            eprint!("{}", diagnostics.render(color));
            ExitCode::FAILURE
        }
    }
}

fn default_dir(dir: Option<PathBuf>) -> PathBuf {
    dir.unwrap_or_else(|| {
        if Path::new("handbook").is_dir() {
            PathBuf::from("handbook")
        } else {
            PathBuf::from(".")
        }
    })
}

/// The environment variable that fixes "today" for staleness checks (`YYYY-MM-DD`), for tests
/// and reproducible builds; without it, the local date.
const TODAY_VAR: &str = "SKILLBOOK_TODAY";

/// The day `last-reviewed` dates are judged against: `SKILLBOOK_TODAY`, else the local date.
fn today() -> Result<jiff::civil::Date, Diagnostics> {
    match std::env::var(TODAY_VAR) {
        Ok(text) => skillbook::load::review::parse_date(&text).map_err(|e| {
            let d = Diagnostic::general(e).with_help(format!(
                "set {TODAY_VAR} to a date such as 2026-03-01, or unset it to use today's"
            ));
            Diagnostics::from(d)
        }),
        Err(_) => Ok(jiff::ZonedDateTime::now().date()),
    }
}

/// Prints warnings (they never stop a build unless `--strict`).
fn print_warnings(warnings: &Diagnostics) {
    if !warnings.is_empty() {
        eprint!("{}", warnings.render(std::io::stderr().is_terminal()));
    }
}

fn build(
    dir: Option<PathBuf>,
    out: &Path,
    base_url: Option<String>,
    strict: bool,
    today: jiff::civil::Date,
) -> Result<(), Diagnostics> {
    if let Some(Err(message)) = base_url.as_deref().map(skillbook::paths::base_url) {
        let d = Diagnostic::flag("--base-url", message)
            .with_help("write the full address, e.g. https://you.github.io/handbook/");
        return Err(Diagnostics::from(d));
    }
    let start = Instant::now();
    let root = default_dir(dir);
    let progress = std::io::stderr().is_terminal();
    if progress {
        eprint!("building {} …\r", root.display());
    }
    let options = LoadOptions {
        root,
        output: Some(out.to_path_buf()),
        base_url,
        today: Some(today),
        strict,
    };
    let summary = skillbook::build(&options, out)?;
    print_warnings(&summary.warnings);
    eprintln!(
        "built {} pages ({} files, {:.1} MB) into {} in {} ms",
        summary.pages,
        summary.files,
        summary.bytes as f64 / 1_000_000.0,
        out.display(),
        start.elapsed().as_millis()
    );
    if !summary.kept.is_empty() {
        eprintln!(
            "kept what skillbook did not write in {}: {}",
            out.display(),
            listed(&summary.kept)
        );
    }
    if summary.stale_removed > 0 {
        eprintln!(
            "removed {} unfinished output folder(s) left by earlier builds",
            summary.stale_removed
        );
    }
    Ok(())
}

fn check(
    dir: Option<PathBuf>,
    strict: bool,
    stale: bool,
    today: jiff::civil::Date,
) -> Result<(), Diagnostics> {
    let root = default_dir(dir);
    // Like `build`, never read the default output directory as content.
    let options = LoadOptions {
        root: root.clone(),
        output: Some(PathBuf::from("site")),
        today: Some(today),
        strict,
        ..LoadOptions::default()
    };
    // Every content problem is found by load → parse → render; the search index adds none, so
    // `check` skips building it.
    let mut built = skillbook::build_parts(&options)?;
    let pages = built
        .site
        .files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    if stale {
        let overdue = stale_list(&built.book, today);
        // The list says what the overdue warnings would; the other warnings still print.
        built.warnings.retain(|w| {
            !overdue.iter().any(|(path, line, _)| {
                w.path() == Some(path.as_path()) && w.position().map(|(l, _)| l) == Some(*line)
            })
        });
        print_warnings(&built.warnings);
        for (_, _, text) in &overdue {
            println!("{text}");
        }
        eprintln!(
            "{}: {} of {} chapters overdue for review",
            root.display(),
            overdue.len(),
            built.book.chapters.len()
        );
        return Ok(());
    }
    print_warnings(&built.warnings);
    let problems = match built.warnings.len() {
        0 => "no problems found".to_string(),
        1 => "no errors, 1 warning".to_string(),
        n => format!("no errors, {n} warnings"),
    };
    eprintln!("{}: {problems} ({pages} pages)", root.display());
    Ok(())
}

/// The chapters overdue for review on `today`, most overdue first: (file, line of
/// `last-reviewed`, one line of text `file:line: N days overdue (last reviewed …, due …): title`).
fn stale_list(
    book: &skillbook::load::Book,
    today: jiff::civil::Date,
) -> Vec<(PathBuf, usize, String)> {
    skillbook::load::review::overdue(&book.chapters, &book.config.review_every, today)
        .into_iter()
        .map(|review| {
            let chapter = &book.chapters[review.chapter];
            let front = &chapter.source[..chapter.body_start];
            let line = skillbook::load::front_matter::key_span(front, "last-reviewed")
                .map_or(1, |s| skillbook::diagnostics::line_column(front, s.start).0);
            let days = review.days_overdue(today).unwrap_or(0);
            let due = review.due.map(|d| d.to_string()).unwrap_or_default();
            let text = format!(
                "{}:{line}: {days} day{} overdue (last reviewed {}, due {due}): {}",
                chapter.file.display(),
                if days == 1 { "" } else { "s" },
                review.last_reviewed,
                chapter.title
            );
            (chapter.file.clone(), line, text)
        })
        .collect()
}

fn check_site(site: &Path, base: &str) -> Result<(), Diagnostics> {
    let mut problems = skillbook::crawl::crawl(site, base);
    if problems.has_errors() {
        problems.sort();
        return Err(problems);
    }
    eprintln!(
        "{}: every link, asset and anchor resolves under {base}",
        site.display()
    );
    Ok(())
}

fn serve(
    dir: Option<PathBuf>,
    port: u16,
    host: String,
    open: bool,
    base: &str,
    poll: bool,
) -> Result<(), Diagnostics> {
    let root = default_dir(dir);
    let base = skillbook::paths::base_path(base);
    let load = LoadOptions {
        root,
        output: Some(PathBuf::from("site")),
        today: Some(today()?),
        ..LoadOptions::default()
    };
    let server = skillbook::serve::Server::start(skillbook::serve::ServeOptions {
        load,
        host: host.clone(),
        port,
        base,
        poll,
    })?;
    let everywhere = host
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_unspecified());
    if everywhere {
        eprintln!(
            "serving {} (listening on every network interface: other machines use this one's address; Ctrl-C to stop)",
            server.url
        );
    } else {
        eprintln!("serving {} (Ctrl-C to stop)", server.url);
    }
    if open {
        open_browser(server.url.clone());
    }

    loop {
        std::thread::park();
    }
}

/// Opens `url` in the default browser without blocking; when that fails (no desktop, no browser)
/// it says so, and the server keeps running either way.
fn open_browser(url: String) {
    std::thread::spawn(move || {
        // On Linux opener only starts xdg-open and never learns whether it worked; waiting for
        // xdg-open ourselves gives its real outcome and leaves no zombie process behind.
        let result = if cfg!(target_os = "linux") {
            std::process::Command::new("xdg-open")
                .arg(&url)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .map_err(|e| e.to_string())
                .and_then(|s| {
                    if s.success() {
                        Ok(())
                    } else {
                        Err(format!("xdg-open exited with {s}"))
                    }
                })
        } else {
            opener::open(&url).map_err(|e| e.to_string())
        };
        if let Err(e) = result {
            eprintln!("could not open a browser ({e}); open {url} yourself");
        }
    });
}

fn init(dir: PathBuf) -> Result<(), Diagnostics> {
    let done = skillbook::init::init(&dir)?;
    for path in &done.written {
        eprintln!("created {}", path.display());
    }
    for path in &done.kept {
        eprintln!(
            "kept {} (already there; init never overwrites files)",
            path.display()
        );
    }
    for note in &done.notes {
        eprintln!("{note}");
    }
    eprintln!("next: skillbook build {}", dir.display());
    Ok(())
}

fn clean(out: &Path) -> Result<(), Diagnostics> {
    let cleaned = skillbook::output::clean(out)?;
    if cleaned.deleted > 0 {
        eprintln!("removed {} files from {}", cleaned.deleted, out.display());
    }
    if !cleaned.kept.is_empty() {
        eprintln!(
            "kept {} (not written by skillbook): {}",
            out.display(),
            listed(&cleaned.kept)
        );
    }
    Ok(())
}

/// `a`, `b`, `c` and 4 more.
fn listed(paths: &[String]) -> String {
    let mut text = paths
        .iter()
        .take(5)
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if paths.len() > 5 {
        text.push_str(&format!(" and {} more", paths.len() - 5));
    }
    text
}
