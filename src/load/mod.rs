//! Load stage: reads `handbook.toml`, the chapter order (SUMMARY.md or a directory walk), every
//! chapter's front matter and text, the assets and the theme into one [`Book`].

pub(crate) mod directive;
mod files;
pub mod front_matter;
pub(crate) mod git;
pub mod include;
mod outline;
pub(crate) mod prerequisites;
pub mod review;
mod settings;
mod skip;
pub(crate) mod summary;
mod walk;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

pub use crate::config::exclude::{exclude_set, Excluded, DEFAULT_EXCLUDE};
use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{Diagnostic, Diagnostics};
pub use crate::read::{read_file, read_text};
use crate::theme::Theme;
use files::{load_file, read_assets, read_includes, FileCache, LoadedFile};
pub use front_matter::FrontMatter;
pub use outline::MAX_DEPTH;
use outline::{outline_from_summary, read_summary, Outline};
pub(crate) use settings::check_root;
use skip::{canonical, Skip};
use walk::{humanize, outline_from_walk};

/// Everything the later stages need, read from disk once.
#[derive(Debug, Clone)]
pub struct Book {
    /// The handbook root (the directory holding `handbook.toml`).
    pub root: PathBuf,
    /// `handbook.toml`'s settings, with command-line overrides applied.
    pub config: Config,
    /// The directory holding the chapters (`root` joined with `config.src`).
    pub src_dir: PathBuf,
    /// Chapters in reading order (drafts excluded).
    pub chapters: Vec<Chapter>,
    /// The outline shown in the sidebar: parts, chapters (indexes into `chapters`), drafts.
    pub toc: Vec<TocItem>,
    /// Non-Markdown files under the source directory, copied to the site unchanged:
    /// (path relative to the source directory with `/` separators, contents).
    pub assets: Vec<(String, crate::site::Bytes)>,
    /// Every Markdown file the walk of the source directory found, chapter or not (source paths):
    /// what lets a link to an unlisted file say "not in SUMMARY.md" without reading the disk again.
    pub markdown_files: std::collections::BTreeSet<String>,
    /// The default theme with the handbook's `theme/` overrides applied.
    pub theme: Theme,
    /// Files included by directives (`{{#quiz path.toml}}`, `{{#include file.rs}}`), keyed by
    /// path relative to the source directory (starting with `../` for files beside it). Missing
    /// quiz files are absent here and reported by the parse stage at the include line.
    pub includes: HashMap<String, Arc<str>>,
    /// The day staleness is judged against ([`LoadOptions::today`]); `None`: no chapter is overdue.
    pub today: Option<jiff::civil::Date>,
    /// The file the settings were read from, for diagnostics about a setting; `None` for a
    /// folder with neither `handbook.toml` nor `book.toml`.
    pub config_source: Option<crate::config::ConfigSource>,
}

/// One chapter file.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Path relative to the source directory, `/`-separated, e.g. `part1/03-db.md`.
    pub path: String,
    /// Path for diagnostics, as the user would type it (handbook root joined with src and `path`).
    pub file: PathBuf,
    /// Title: front matter, else the first `#` heading, else the SUMMARY.md link text, else the
    /// file name. (The sidebar shows the SUMMARY.md link text when there is one, as mdBook does.)
    pub title: String,
    /// Parsed front matter.
    pub front_matter: FrontMatter,
    /// The whole file as UTF-8 with any byte-order mark removed.
    pub source: Arc<str>,
    /// Byte offset in `source` where the Markdown body starts (after the front matter).
    pub body_start: usize,
    /// Section number such as `2.1` for numbered SUMMARY.md chapters.
    pub number: Option<String>,
    /// Title of the part the chapter belongs to, if any.
    pub part: Option<String>,
    /// When the chapter last changed (`YYYY-MM-DD`): front matter `updated`, else the date of
    /// the file's last git commit when the handbook is in a git work tree.
    pub updated: Option<String>,
    /// Source paths of the files its directives include (`{{#quiz x.toml}}`,
    /// `{{#include x.rs}}`), whether they exist or not: what a change to those files affects.
    pub includes: Vec<String>,
    /// The body with its include directives expanded, when it has any (`include`).
    pub expansion: Option<Arc<include::Expansion>>,
    /// The page's `<title>` from a `{{#title …}}` directive, replacing the usual
    /// "chapter · book" title.
    pub page_title: Option<String>,
    /// A short name for tight spaces (the skills map): the SUMMARY.md link text, else the title.
    pub short_title: String,
    /// The front matter prerequisites resolved to indexes into [`Book::chapters`], in the order
    /// written, by `prerequisites::Resolver`; names that match no chapter are left out (and
    /// reported).
    pub prerequisites: Vec<usize>,
}

impl Chapter {
    /// The Markdown body: the source after the front matter, with include directives expanded.
    pub fn body(&self) -> &str {
        match &self.expansion {
            Some(expansion) => &expansion.text,
            None => &self.source[self.body_start..],
        }
    }

    /// Where `range` of [`Chapter::body`] was written: this chapter's file or a file it includes.
    pub fn locate(&self, range: std::ops::Range<usize>) -> include::Location<'_> {
        match &self.expansion {
            Some(expansion) => expansion.map.locate(range),
            None => include::Location {
                file: &self.file,
                source: &self.source,
                start: self.body_start + range.start,
                end: self.body_start + range.end,
            },
        }
    }

    /// Whether `range` of [`Chapter::body`] holds a directive that was written escaped
    /// (`\{{#…}}`): literal text, not a directive.
    pub fn is_literal(&self, range: std::ops::Range<usize>) -> bool {
        self.expansion
            .as_ref()
            .is_some_and(|e| e.literal.iter().any(|o| range.contains(o)))
    }

    /// The chapter's page in the site: `x.md` → `x.html`, `README.md`/`index.md` → `index.html`.
    pub fn html_path(&self) -> String {
        crate::paths::html_path(&self.path)
    }
}

/// One entry of the outline.
#[derive(Debug, Clone, PartialEq)]
pub enum TocItem {
    /// A part title.
    Part(String),
    /// A separator line.
    Separator,
    /// A chapter or a draft.
    Entry(TocEntry),
}

/// A chapter (or draft) in the outline with its nested chapters.
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    /// Title shown in the sidebar.
    pub title: String,
    /// Index into [`Book::chapters`]; `None` for a draft.
    pub chapter: Option<usize>,
    /// Section number such as `2.1`.
    pub number: Option<String>,
    /// Nested entries.
    pub children: Vec<TocItem>,
}

/// Where to load from, what to skip, and how strict to be.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The handbook root.
    pub root: PathBuf,
    /// The output directory, never read as content even when it lies inside the source directory.
    pub output: Option<PathBuf>,
    /// Overrides `base-url`.
    pub base_url: Option<String>,
    /// The day chapters' `last-reviewed` dates are judged against. `None` (the default) checks no
    /// staleness; the command line passes the local date (or `SKILLBOOK_TODAY`).
    pub today: Option<jiff::civil::Date>,
    /// Warnings fail the build like errors (`--strict`).
    pub strict: bool,
}

/// Runs the load stage.
///
/// Returns the book and the problems that did not stop loading (a bad front matter, a SUMMARY.md
/// entry pointing to a missing file, an unreadable chapter): the build fails on them too, but
/// the later stages still run so that every problem is reported in one go.
/// Errors: problems that leave nothing to load (bad `handbook.toml`, missing source directory).
pub fn load(options: &LoadOptions) -> Result<(Book, Diagnostics), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let (mut config, config_source) = settings::read_config(&options.root, &mut diagnostics)?;
    if let Some(url) = &options.base_url {
        config.base_url = Some(url.clone());
    }
    let src_dir = join_clean(&options.root, &config.src);
    for (key, dir) in [
        ("src", &src_dir),
        ("theme", &options.root.join(&config.theme)),
    ] {
        if dir.exists() && !canonical(dir).starts_with(canonical(&options.root)) {
            let message = format!("`{key}` resolves outside the handbook ({}); nothing outside the handbook directory is read", canonical(dir).display());
            // At the setting when a file sets it, else at the folder (a link named `src`).
            let d = match &config_source {
                Some(source) => source.at_value(key, message),
                None => Diagnostic::file(dir, message),
            }
            .with_help(format!("set `{key}` in handbook.toml to a directory inside the handbook, without links that lead out of it"));
            return Err(Diagnostics::from(d));
        }
    }
    if !src_dir.is_dir() {
        let what = if src_dir.exists() {
            "is not a directory"
        } else {
            "does not exist"
        };
        let d = Diagnostic::file(&src_dir, format!("source directory {what}"))
            .with_help("set `src` in handbook.toml to the directory holding the chapters");
        return Err(Diagnostics::from(d));
    }
    let mut skip = Skip::new(&options.root, &src_dir, &config, options.output.as_deref());
    let mut cache = FileCache::new();
    let mut outline = match read_summary(&options.root, &src_dir) {
        Some(Ok((path, text))) => {
            let numbers = !config.no_section_label;
            outline_from_summary(&path, &text, &src_dir, &skip, numbers, &mut diagnostics)
        }
        Some(Err(d)) => {
            diagnostics.push(d);
            Outline::default()
        }
        None => outline_from_walk(&src_dir, &skip, &mut cache),
    };
    let mut chapters = read_chapters(&src_dir, &mut outline, &mut cache, &mut diagnostics);
    if chapters.is_empty() && !diagnostics.has_errors() {
        return Err(Diagnostics::from(nothing_to_build(&options.root, &src_dir)));
    }
    diagnostics.extend(dates_from_git(&src_dir, &mut chapters));
    let theme_dir = options.root.join(&config.theme);
    let theme = Theme::load(&theme_dir).unwrap_or_else(|d| {
        diagnostics.push(d);
        Theme::default()
    });
    // A stylesheet or script named by `additional-css`/`-js` may sit in the theme folder.
    let named: Vec<PathBuf> = config
        .additional_css
        .iter()
        .chain(&config.additional_js)
        .map(|p| options.root.join(p))
        .collect();
    diagnostics.extend(theme.unused_note(&theme_dir, &named));
    diagnostics.extend(files::unused_not_found_page(&config, &src_dir, &chapters));
    prerequisites::link(&mut chapters, &mut diagnostics);
    if let Some(today) = options.today {
        review::check(&chapters, &config.review_every, today, &mut diagnostics);
    }
    let mut includes = HashMap::new();
    let context = include::Context {
        src_dir: &src_dir,
        src: &config.src.to_string_lossy(),
        warn: config.is_mdbook(),
        root: &options.root,
    };
    for chapter in &mut chapters {
        diagnostics.extend(expand_includes(&context, chapter, &mut includes));
    }
    let quizzes = read_includes(
        &context,
        &mut chapters,
        &mut includes,
        &skip,
        &mut diagnostics,
    );
    // Quiz files hold the answers: never published. Other included files are published as any
    // other file of the source directory is (a chapter may link to the whole file it quotes).
    skip.add_inputs(
        &quizzes
            .iter()
            .map(|rel| src_dir.join(rel))
            .collect::<Vec<_>>(),
    );
    let (mut assets, markdown_files) = read_assets(&src_dir, &skip, &mut diagnostics);
    for (path, bytes) in read_additional(&options.root, &config, &mut diagnostics) {
        if !assets.iter().any(|(p, _)| *p == path) {
            assets.push((path, bytes));
        }
    }
    diagnostics.extend(skip.warnings.take());
    let book = Book {
        root: options.root.clone(),
        config,
        src_dir,
        chapters,
        toc: outline.toc,
        assets: assets
            .into_iter()
            .map(|(path, bytes)| (path, bytes.into()))
            .collect(),
        markdown_files,
        theme,
        includes,
        today: options.today,
        config_source,
    };
    Ok((book, diagnostics))
}

/// Expands `chapter`'s include directives (reading the files into `cache`, keyed by source
/// path), sets its expansion, `{{#title}}` and [`Chapter::includes`]; returns the problems found.
/// Serve mode calls it again when a chapter or a file it includes changes.
pub fn expand_includes(
    context: &include::Context,
    chapter: &mut Chapter,
    cache: &mut HashMap<String, Arc<str>>,
) -> Vec<Diagnostic> {
    let expanded = include::expand(
        context,
        (
            &chapter.path,
            &chapter.file,
            &chapter.source,
            chapter.body_start,
        ),
        cache,
    );
    chapter.expansion = expanded.expansion.map(Arc::new);
    chapter.page_title = expanded.title;
    chapter.includes = expanded.files;
    expanded.problems
}

/// The `additional-css` and `additional-js` files (paths relative to the book's root), as
/// (site path, contents): mdBook copies them to the same path in the site.
fn read_additional(
    root: &Path,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for path in config.additional_css.iter().chain(&config.additional_js) {
        let Some(site_path) = crate::paths::normalize(path.trim_start_matches('/')) else {
            diagnostics.push(
                Diagnostic::file(
                    &root.join(path),
                    "additional file is outside the book's folder",
                )
                .with_help("list files inside the book's folder"),
            );
            continue;
        };
        match std::fs::read(root.join(&site_path)) {
            Ok(bytes) => files.push((site_path, bytes)),
            Err(e) => diagnostics.push(
                Diagnostic::file(
                    &root.join(path),
                    format!("cannot read additional file: {e}"),
                )
                .with_help(
                    "paths in additional-css and additional-js are relative to the book's folder",
                ),
            ),
        }
    }
    files
}

/// The error for a handbook without chapters, naming what was looked for and where.
fn nothing_to_build(root: &Path, src: &Path) -> Diagnostic {
    let config = if root.join(CONFIG_FILE).is_file() {
        format!("{CONFIG_FILE} is there, but")
    } else {
        format!("no {CONFIG_FILE} or book.toml, and")
    };
    let chapters = if src.join("SUMMARY.md").is_file() {
        "SUMMARY.md lists no chapter file"
    } else {
        "no SUMMARY.md or Markdown (.md) file in this directory"
    };
    Diagnostic::file(src, format!("no chapters to build: {config} {chapters}"))
    .with_help("pass the directory holding the handbook (e.g. `skillbook build handbook`), or run `skillbook init` to start one here")
}

/// Fills in `updated` from git for the chapters whose front matter has no date; returns a note
/// when those dates come from a shallow clone, where they are wrong.
fn dates_from_git(src: &Path, chapters: &mut [Chapter]) -> Option<Diagnostic> {
    let undated: Vec<&str> = chapters
        .iter()
        .filter(|c| c.updated.is_none())
        .map(|c| c.path.as_str())
        .collect();
    let dates = git::last_changed(src, &undated);
    for chapter in chapters.iter_mut().filter(|c| c.updated.is_none()) {
        chapter.updated = dates.get(&chapter.path).cloned();
    }
    let shallow = git::shallow_marker(src).filter(|_| !dates.is_empty())?;
    Some(
        Diagnostic::file(&shallow, "this is a shallow clone: the chapters' \"Last updated\" dates come from the oldest commit it holds, not from each chapter's last change")
            .with_help("fetch the whole history (`git fetch --unshallow`), or set `fetch-depth: 0` on actions/checkout")
            .note(),
    )
}

/// `root` joined with `rel`, without `.` components (`handbook` + `.` → `handbook`).
pub fn join_clean(root: &Path, rel: &Path) -> PathBuf {
    rel.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .fold(root.to_path_buf(), |acc, c| acc.join(c))
}

fn read_chapters(
    src: &Path,
    outline: &mut Outline,
    cache: &mut FileCache,
    diagnostics: &mut Diagnostics,
) -> Vec<Chapter> {
    let mut chapters = Vec::with_capacity(outline.order.len());
    for planned in &outline.order {
        let file = src.join(&planned.path);
        let loaded = cache.remove(&file).unwrap_or_else(|| load_file(&file));
        let LoadedFile { source, split } = match loaded {
            Ok(l) => l,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        let split = split.unwrap_or_else(|d| {
            diagnostics.push(d);
            front_matter::Split {
                front_matter: FrontMatter::default(),
                body_start: front_matter::body_start(&source),
            }
        });
        let title = split
            .front_matter
            .title
            .clone()
            .or_else(|| first_heading(&source[split.body_start..]))
            .or_else(|| planned.title.clone().filter(|t| !t.trim().is_empty()))
            .unwrap_or_else(|| {
                humanize(
                    file.file_name()
                        .map(|n| n.to_string_lossy())
                        .unwrap_or_default()
                        .as_ref(),
                )
            });
        let updated = split.front_matter.updated.clone();
        chapters.push(Chapter {
            path: planned.path.clone(),
            file,
            front_matter: split.front_matter,
            source,
            body_start: split.body_start,
            number: planned.number.clone(),
            part: planned.part.clone(),
            updated,
            includes: Vec::new(),
            expansion: None,
            page_title: None,
            short_title: planned
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| title.clone()),
            prerequisites: Vec::new(),
            title,
        });
    }
    fill_titles(&mut outline.toc, &chapters);
    chapters
}

fn fill_titles(toc: &mut [TocItem], chapters: &[Chapter]) {
    for item in toc {
        if let TocItem::Entry(entry) = item {
            // SUMMARY.md's link text labels the sidebar; walked chapters show their title.
            if let Some(chapter) = entry.chapter.and_then(|c| chapters.get(c)) {
                if entry.title.trim().is_empty() {
                    entry.title = chapter.title.clone();
                }
            }
            fill_titles(&mut entry.children, chapters);
        }
    }
}

/// The text of the first `# ` ATX heading outside fenced code, if any.
pub fn first_heading(body: &str) -> Option<String> {
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        for marker in ["```", "~~~"] {
            if trimmed.starts_with(marker) {
                fence = match fence {
                    Some(open) if open == marker => None,
                    None => Some(marker),
                    other => other,
                };
            }
        }
        if fence.is_none() {
            if let Some(title) = trimmed.strip_prefix("# ") {
                let title = title
                    .split(" {#")
                    .next()
                    .unwrap_or(title)
                    .trim()
                    .trim_end_matches('#')
                    .trim();
                return Some(title.to_string()).filter(|t| !t.is_empty());
            }
        }
    }
    None
}
