//! skillbook turns a handbook (Markdown chapters with quizzes and checklists) into a static site.
//!
//! The whole pipeline is five plain functions, one module and one type per stage, so nothing is
//! ever half-filled:
//!
//! ```text
//!   load::load(&LoadOptions)        -> Book                 handbook.toml, SUMMARY.md or a directory
//!                                                            walk, front matter, assets, theme
//!   parse::parse(&Book)             -> Vec<ParsedChapter>   each chapter parsed once into data:
//!                                                            heading ids, resolved links, code
//!                                                            blocks, quizzes, checklists, footnotes
//!   render::render(&Book, &[Parsed])-> (outputs, Site,      the only stage that makes HTML: tera
//!                                       Renderer)            templates, highlighting, shared sidebar
//!                                                            (toc.js), generated pages — in memory
//!   search::index(&Book, &[Parsed]) -> SearchIndex          sections, quiz questions and checklist
//!                                                            items cut into terms: search/
//!   write::write(&Site, &Path)                              temp dir beside the output, swapped in
//!                                                            only when complete; output decides what
//!                                                            is ours (the manifest) and what is kept
//! ```
//!
//! Every stage reports all the problems it finds as [`Diagnostics`] (path, line, column, message)
//! instead of stopping at the first. [`build_site`] runs load → parse → render → index (render
//! and index side by side: both read only the parsed chapters); [`build`] adds write. Serve mode
//! runs the same stages into memory through a [`session::Session`], which classifies each changed
//! file and redoes only what that kind of change affects.
//!
//! ```no_run
//! use std::path::Path;
//! let options = skillbook::load::LoadOptions { root: "handbook".into(), output: Some("site".into()), ..Default::default() };
//! match skillbook::build(&options, Path::new("site")) {
//!     Ok(summary) => println!("{} pages, {} bytes", summary.pages, summary.bytes),
//!     Err(diagnostics) => eprint!("{}", diagnostics.render(false)),
//! }
//! ```

#![warn(missing_docs)]
#![warn(unreachable_pub)]

pub mod config;
pub mod crawl;
pub mod diagnostics;
pub(crate) mod hash;
pub(crate) mod html;
pub mod init;
pub mod load;
pub mod output;
pub mod parse;
pub mod paths;
pub(crate) mod read;
pub(crate) mod render;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub(crate) mod skills;
pub(crate) mod theme;
pub(crate) mod translations;
pub mod write;

use std::path::Path;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use site::Site;

/// Runs load → parse → render → index and returns the site in memory (what `build` writes); the
/// index stage runs only when `search` is on in `handbook.toml`.
///
/// Errors: every problem found by the first stage that failed.
/// Warnings are dropped here; [`build`] and [`build_parts`] return them.
pub fn build_site(options: &load::LoadOptions) -> Result<Site, Diagnostics> {
    Ok(build_site_warned(options)?.0)
}

/// [`build_site`], with the warnings and notes of a successful build.
///
/// Errors: as [`build_site`].
pub fn build_site_warned(options: &load::LoadOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let (mut built, index) =
        build_and_index(options, |book, chapters| search_index(book, chapters, None))?;
    let mut site = std::mem::take(&mut built.site);
    add_index(&mut site, index);
    Ok((site, std::mem::take(&mut built.warnings)))
}

/// The index stage when `search` is on in the book's settings; with a `cache` (serve's rebuilds)
/// unchanged chapters' work is reused.
pub(crate) fn search_index(
    book: &load::Book,
    chapters: &[parse::ParsedChapter],
    cache: Option<&mut search::Cache>,
) -> Option<search::SearchIndex> {
    if !book.config.search {
        return None;
    }
    Some(match cache {
        Some(cache) => search::index_with(book, chapters, cache),
        None => search::index(book, chapters),
    })
}

/// Adds the files of `index` ([`search_index`]'s result) to `site`; nothing when it is `None`.
pub(crate) fn add_index(site: &mut Site, index: Option<search::SearchIndex>) {
    if let Some(index) = index {
        site.files.extend(index.files);
    }
}

/// A build with the intermediate results kept, so serve mode can redo only what a change affects.
pub struct Built {
    /// The loaded handbook.
    pub book: load::Book,
    /// Every chapter, parsed.
    pub chapters: Vec<parse::ParsedChapter>,
    /// Every chapter's page and print section.
    pub outputs: Vec<render::ChapterOutput>,
    /// The finished site.
    pub site: Site,
    /// The templates and shared fragments it was rendered with, for serve's next rebuild.
    renderer: Option<render::Renderer>,
    /// Problems that did not fail the build (warnings and notes, e.g. a chapter overdue for
    /// review, a symbolic link leading outside the handbook), sorted by file and line.
    pub warnings: Diagnostics,
}

/// Runs load → parse → render (not index) and keeps every stage's result: what `check` needs, and
/// what serve mode keeps between rebuilds.
///
/// Errors: every problem found, as for [`build_site`]; with `strict` set, warnings too (as errors).
pub fn build_parts(options: &load::LoadOptions) -> Result<Built, Diagnostics> {
    Ok(build_and_index(options, |_, _| None)?.0)
}

/// [`build_parts`], running `index` (the index stage, or nothing) beside render: it reads only
/// the parsed chapters, so it takes the cores that render's serial parts (templates, the print
/// page, the shared pages) leave idle. Returns what both made.
///
/// Errors: as [`build_parts`]; the index is dropped when render fails.
pub(crate) fn build_and_index(
    options: &load::LoadOptions,
    index: impl FnOnce(&load::Book, &[parse::ParsedChapter]) -> Option<search::SearchIndex> + Send,
) -> Result<(Built, Option<search::SearchIndex>), Diagnostics> {
    let (book, chapters, problems) = load_and_parse(options)?;
    let (rendered, index) = rayon::join(
        || render::render(&book, &chapters),
        || index(&book, &chapters),
    );
    let (outputs, site, renderer) = rendered?;
    let built = Built {
        book,
        chapters,
        outputs,
        site,
        renderer: Some(renderer),
        warnings: problems,
    };
    Ok((built, index))
}

/// Runs load → parse: the book, its parsed chapters and the warnings and notes found.
///
/// Errors: every problem found, as for [`build_site`]; with `strict` set, warnings too (as errors).
fn load_and_parse(
    options: &load::LoadOptions,
) -> Result<(load::Book, Vec<parse::ParsedChapter>, Diagnostics), Diagnostics> {
    let (book, mut problems) = load::load(options)?;
    // Parse even after load problems, so one run reports everything.
    let (chapters, more) = parse::parse(&book);
    problems.extend(more);
    let mut problems = strictness(problems, options.strict);
    problems.sort();
    if problems.has_errors() {
        return Err(problems);
    }
    Ok((book, chapters, problems))
}

/// Under `--strict`, warnings become errors (notes stay notes); otherwise `problems` unchanged.
pub(crate) fn strictness(problems: Diagnostics, strict: bool) -> Diagnostics {
    if !strict {
        return problems;
    }
    problems
        .into_iter()
        .map(|d| match d.severity {
            diagnostics::Severity::Warning => d.error_level(),
            _ => d,
        })
        .collect()
}

/// What a successful build produced.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Number of HTML pages written.
    pub pages: usize,
    /// Number of files written.
    pub files: usize,
    /// Total size of the written files, in bytes.
    pub bytes: u64,
    /// Entries of the previous site that skillbook had not written and kept (e.g. `.git`,
    /// `CNAME`), as `/`-separated paths relative to the output directory.
    pub kept: Vec<String>,
    /// Staging folders left by earlier, killed builds that were removed.
    pub stale_removed: usize,
    /// Problems that did not fail the build (warnings and notes), sorted by file and line.
    pub warnings: Diagnostics,
}

/// Builds the handbook and writes it to `out` atomically (see [`write::write`] for what is
/// replaced and what is kept).
///
/// Errors: an output directory refused by [`output::guard`] (the current directory, an ancestor
/// of it or of the handbook, the home directory), content problems (nothing is written and `out`
/// keeps its previous contents), or IO failures while writing.
pub fn build(options: &load::LoadOptions, out: &Path) -> Result<BuildSummary, Diagnostics> {
    output::guard(out, Some(&options.root))?;
    let (site, warnings) = build_site_warned(options)?;
    let written = write::write(&site, out)?;
    Ok(BuildSummary {
        pages: site.pages(),
        files: site.files.len(),
        bytes: site.total_bytes(),
        kept: written.kept,
        stale_removed: written.stale.len(),
        warnings,
    })
}
