//! Load stage: reads `handbook.toml`, the chapter order (SUMMARY.md or a directory walk), every
//! chapter's front matter and text, the assets and the theme into one [`Book`].

mod files;
pub mod front_matter;
pub mod summary;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::theme::Theme;
use files::{canonical, Skip};
pub use files::{exclude_set, read_file, read_text, Excluded, DEFAULT_EXCLUDE};
pub use front_matter::FrontMatter;
use summary::{SummaryItem, SummaryLink};

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
    pub assets: Vec<(String, Vec<u8>)>,
    /// The default theme with the handbook's `theme/` overrides applied.
    pub theme: Theme,
    /// Files included by `{{#quiz path.toml}}` lines, keyed by path relative to the source
    /// directory. Missing files are absent here and reported by the parse stage at the include line.
    pub includes: HashMap<String, Arc<str>>,
}

/// One chapter file.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Path relative to the source directory, `/`-separated, e.g. `part1/03-db.md`.
    pub path: String,
    /// Path for diagnostics, as the user would type it (handbook root joined with src and `path`).
    pub file: PathBuf,
    /// Title: front matter, else the SUMMARY.md link text, else the first `#` heading, else the file name.
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
}

impl Chapter {
    /// The Markdown body (the source after the front matter).
    pub fn body(&self) -> &str {
        &self.source[self.body_start..]
    }

    /// The chapter's page in the site: `x.md` → `x.html`, `README.md`/`index.md` → `index.html`.
    pub fn html_path(&self) -> String {
        html_path(&self.path)
    }
}

/// Maps a chapter's source path to its page path (`a/README.md` → `a/index.html`, `b.md` → `b.html`).
pub fn html_path(md_path: &str) -> String {
    let (dir, file) = md_path
        .rsplit_once('/')
        .map_or(("", md_path), |(d, f)| (d, f));
    let stem = match file.len().checked_sub(3) {
        Some(cut) if file.is_char_boundary(cut) && file[cut..].eq_ignore_ascii_case(".md") => {
            &file[..cut]
        }
        _ => file,
    };
    let name = if stem.eq_ignore_ascii_case("readme") || stem == "index" {
        "index"
    } else {
        stem
    };
    if dir.is_empty() {
        format!("{name}.html")
    } else {
        format!("{dir}/{name}.html")
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

/// Where to load from and what to skip.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The handbook root.
    pub root: PathBuf,
    /// The output directory, never read as content even when it lies inside the source directory.
    pub output: Option<PathBuf>,
    /// Overrides `base-url`.
    pub base_url: Option<String>,
}

/// Runs the load stage.
///
/// Returns the book and the problems that did not stop loading (a bad front matter, a SUMMARY.md
/// entry pointing to a missing file, an unreadable chapter): the build fails on them too, but
/// the later stages still run so that every problem is reported in one go.
/// Errors: problems that leave nothing to load (bad `handbook.toml`, missing source directory).
pub fn load(options: &LoadOptions) -> Result<(Book, Diagnostics), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut config = read_config(&options.root)?;
    if let Some(url) = &options.base_url {
        config.base_url = Some(url.clone());
    }
    let src_dir = join_clean(&options.root, &config.src);
    for (key, dir) in [
        ("src", &src_dir),
        ("theme", &options.root.join(&config.theme)),
    ] {
        if dir.exists() && !canonical(dir).starts_with(canonical(&options.root)) {
            let d = Diagnostic::file(dir, format!("`{key}` resolves outside the handbook ({}); nothing outside the handbook directory is read", canonical(dir).display()))
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
            outline_from_summary(&path, &text, &src_dir, &skip, &mut diagnostics)
        }
        Some(Err(d)) => {
            diagnostics.push(d);
            Outline::default()
        }
        None => outline_from_walk(&src_dir, &skip, &mut cache),
    };
    let chapters = read_chapters(&src_dir, &mut outline, &mut cache, &mut diagnostics);
    let theme = Theme::load(&options.root.join(&config.theme)).unwrap_or_else(|d| {
        diagnostics.push(d);
        Theme::default()
    });
    check_prerequisites(&chapters, &mut diagnostics);
    let includes = read_includes(&src_dir, &chapters, &skip, &mut diagnostics);
    skip.add_inputs(
        &includes
            .keys()
            .map(|rel| src_dir.join(rel))
            .collect::<Vec<_>>(),
    );
    let assets = read_assets(&src_dir, &skip, &mut diagnostics);
    diagnostics.extend(skip.warnings.take());
    let book = Book {
        root: options.root.clone(),
        config,
        src_dir,
        chapters,
        toc: outline.toc,
        assets,
        theme,
        includes,
    };
    Ok((book, diagnostics))
}

/// `root` joined with `rel`, without `.` components (`handbook` + `.` → `handbook`).
pub fn join_clean(root: &Path, rel: &Path) -> PathBuf {
    rel.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .fold(root.to_path_buf(), |acc, c| acc.join(c))
}

fn read_config(root: &Path) -> Result<Config, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    if !path.exists() {
        if !root.is_dir() {
            return Err(Diagnostic::file(root, "handbook directory does not exist")
                .with_help("pass the directory holding handbook.toml, or run `skillbook init` to start one"));
        }
        return Ok(Config::default());
    }
    refuse_outside(root, &path)?;
    let text = read_text(&path)?;
    Config::parse(&text, &path)
}

/// Refuses to read `path` when it is a symbolic link leading outside the handbook `root`: its
/// text would be shown in diagnostics.
fn refuse_outside(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    if !path.is_symlink() || canonical(path).starts_with(canonical(root)) {
        return Ok(());
    }
    Err(
        Diagnostic::file(path, "symbolic link leads outside the handbook; not read")
            .with_help("replace the link with the file itself"),
    )
}

#[derive(Debug, Default)]
struct Outline {
    toc: Vec<TocItem>,
    /// Chapters in reading order: (relative path, SUMMARY.md title, number, part).
    order: Vec<Planned>,
}

#[derive(Debug)]
struct Planned {
    path: String,
    title: Option<String>,
    number: Option<String>,
    part: Option<String>,
}

/// Deepest chapter nesting accepted in SUMMARY.md or a directory walk.
pub const MAX_DEPTH: usize = 16;

fn read_summary(root: &Path, src: &Path) -> Option<Result<(PathBuf, String), Diagnostic>> {
    let path = src.join("SUMMARY.md");
    if let Err(d) = refuse_outside(root, &path) {
        return Some(Err(d));
    }
    path.is_file().then(|| read_text(&path).map(|t| (path, t)))
}

/// The outline SUMMARY.md gives; entries that cannot be used are left out and reported.
fn outline_from_summary(
    path: &Path,
    text: &str,
    src: &Path,
    skip: &Skip,
    diagnostics: &mut Diagnostics,
) -> Outline {
    let items = summary::parse(text);
    let source: Arc<str> = Arc::from(text);
    let mut builder = SummaryBuilder {
        src,
        skip,
        path,
        source,
        outline: Outline::default(),
        errors: Vec::new(),
        part: None,
        seen: HashMap::new(),
        lines: None,
    };
    let mut counters = Vec::new();
    let toc = builder.items(&items, &mut counters);
    builder.outline.toc = toc;
    diagnostics.extend(std::mem::take(&mut builder.errors));
    builder.outline
}

struct SummaryBuilder<'a> {
    src: &'a Path,
    skip: &'a Skip,
    path: &'a Path,
    source: Arc<str>,
    outline: Outline,
    errors: Vec<Diagnostic>,
    part: Option<String>,
    seen: HashMap<String, std::ops::Range<usize>>,
    /// Built at the first duplicate entry, to name the line of the first listing.
    lines: Option<crate::diagnostics::LineIndex>,
}

impl SummaryBuilder<'_> {
    fn items(&mut self, items: &[SummaryItem], counters: &mut Vec<u32>) -> Vec<TocItem> {
        let depth = counters.len();
        if depth > MAX_DEPTH {
            if let Some(SummaryItem::Link(first)) = items.first() {
                self.error(
                    first,
                    format!("chapters are nested more than {MAX_DEPTH} levels deep"),
                    "flatten the outline; deeper levels are not shown",
                );
            }
            return Vec::new();
        }
        counters.push(0);
        let mut toc = Vec::new();
        for item in items {
            match item {
                SummaryItem::Part(title) => {
                    self.part = Some(title.clone());
                    toc.push(TocItem::Part(title.clone()));
                }
                SummaryItem::Separator => toc.push(TocItem::Separator),
                SummaryItem::Link(link) => {
                    toc.push(TocItem::Entry(self.link(link, counters, depth)))
                }
            }
        }
        counters.pop();
        toc
    }

    fn link(&mut self, link: &SummaryLink, counters: &mut Vec<u32>, depth: usize) -> TocEntry {
        let number = link.numbered.then(|| {
            counters[depth] += 1;
            counters
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(".")
        });
        let chapter = link
            .path
            .as_deref()
            .and_then(|p| self.chapter(link, p, number.clone()));
        let children = self.items(&link.children, counters);
        TocEntry {
            title: link.title.clone(),
            chapter,
            number,
            children,
        }
    }

    fn chapter(&mut self, link: &SummaryLink, dest: &str, number: Option<String>) -> Option<usize> {
        let dest = dest.split('#').next().unwrap_or(dest);
        let Some(path) = normalize(dest.trim_start_matches('/')) else {
            self.error(
                link,
                format!("`{dest}` points outside the source directory"),
                "use a path relative to the source directory",
            );
            return None;
        };
        if !is_markdown(Path::new(&path)) || path.eq_ignore_ascii_case("SUMMARY.md") {
            let help = if self.src.join(&path).is_dir() {
                format!("link to {path}/README.md or {path}/index.md instead")
            } else {
                "SUMMARY.md lists Markdown chapters (.md files) other than itself".to_string()
            };
            self.error(link, format!("`{path}` is not a chapter file"), &help);
            return None;
        }
        if !self.src.join(&path).exists() {
            let help = format!(
                "create {} or fix the link in SUMMARY.md",
                self.src.join(&path).display()
            );
            self.error(link, format!("chapter file `{path}` does not exist"), &help);
            return None;
        }
        if !self.skip.inside(&self.src.join(&path)) {
            let message =
                format!("`{path}` is a symbolic link leading outside the handbook; not followed");
            let help = "copy the chapter into the handbook";
            self.errors.push(
                Diagnostic::at(
                    self.path,
                    Arc::clone(&self.source),
                    link.span.clone(),
                    message,
                )
                .with_help(help)
                .warning(),
            );
            return None;
        }
        if let Some(first) = self.seen.get(&path) {
            let source = &self.source;
            let lines = self
                .lines
                .get_or_insert_with(|| crate::diagnostics::LineIndex::new(source));
            let (line, _) = lines.line_column(source, first.start);
            self.error(
                link,
                format!("`{path}` is listed twice"),
                &format!("it is already listed on line {line}; list each chapter once"),
            );
            return None;
        }
        self.seen.insert(path.clone(), link.span.clone());
        self.outline.order.push(Planned {
            path,
            title: Some(link.title.clone()),
            number,
            part: self.part.clone(),
        });
        Some(self.outline.order.len() - 1)
    }

    fn error(&mut self, link: &SummaryLink, message: String, help: &str) {
        self.errors.push(
            Diagnostic::at(
                self.path,
                Arc::clone(&self.source),
                link.span.clone(),
                message,
            )
            .with_help(help),
        );
    }
}

/// Normalises a relative `/`-separated path (`a/./b/../c.md` → `a/c.md`); `None` if it escapes upward or is absolute.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// A chapter file read and split once, whichever of the walk and [`read_chapters`] needs it first.
struct LoadedFile {
    source: Arc<str>,
    split: Result<front_matter::Split, Diagnostic>,
}

/// Chapter files already read, by path.
type FileCache = HashMap<PathBuf, Result<LoadedFile, Diagnostic>>;

fn load_file(path: &Path) -> Result<LoadedFile, Diagnostic> {
    let source: Arc<str> = Arc::from(read_text(path)?);
    let split = front_matter::split(path, &source);
    Ok(LoadedFile { source, split })
}

fn outline_from_walk(src: &Path, skip: &Skip, cache: &mut FileCache) -> Outline {
    let mut outline = Outline::default();
    outline.toc = walk_dir(src, src, 0, skip, &mut outline.order, None, cache);
    outline
}

fn walk_dir(
    src: &Path,
    dir: &Path,
    depth: usize,
    skip: &Skip,
    order: &mut Vec<Planned>,
    part: Option<&str>,
    cache: &mut FileCache,
) -> Vec<TocItem> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    let mut entries: Vec<walkdir::DirEntry> = WalkDir::new(dir)
        .follow_links(true)
        .min_depth(1)
        .max_depth(1)
        .into_iter()
        .filter_entry(|e| !skip.skips(e))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir() || is_markdown(e.path()))
        .collect();
    // Chapters before sub-directories: a directory at the top level is a part, and every chapter
    // listed after a part title belongs to it.
    // Within each group, front-matter `weight` (lowest first) comes before file-name order.
    entries.sort_by_cached_key(|e| {
        let weight = if e.file_type().is_file() {
            let loaded = cache
                .entry(e.path().to_path_buf())
                .or_insert_with(|| load_file(e.path()));
            loaded
                .as_ref()
                .ok()
                .and_then(|l| l.split.as_ref().ok())
                .and_then(|s| s.front_matter.weight)
        } else {
            None
        };
        (
            e.file_type().is_dir(),
            weight.unwrap_or(i64::MAX),
            sort_key(&e.file_name().to_string_lossy()),
        )
    });
    let mut toc = Vec::new();
    if let Some(landing) = entries
        .iter()
        .position(|e| e.file_type().is_file() && is_landing(e.path()))
    {
        let landing = entries.remove(landing);
        let path = relative(src, landing.path());
        order.push(Planned {
            path,
            title: None,
            number: None,
            part: part.map(str::to_string),
        });
        toc.push(TocItem::Entry(TocEntry {
            title: String::new(),
            chapter: Some(order.len() - 1),
            number: None,
            children: Vec::new(),
        }));
    }
    for entry in entries {
        if !entry.file_type().is_dir() {
            order.push(Planned {
                path: relative(src, entry.path()),
                title: None,
                number: None,
                part: part.map(str::to_string),
            });
            toc.push(TocItem::Entry(TocEntry {
                title: String::new(),
                chapter: Some(order.len() - 1),
                number: None,
                children: Vec::new(),
            }));
            continue;
        }
        let name = humanize(&entry.file_name().to_string_lossy());
        if depth == 0 {
            let items = walk_dir(
                src,
                entry.path(),
                depth + 1,
                skip,
                order,
                Some(&name),
                cache,
            );
            if !items.is_empty() {
                toc.push(TocItem::Part(name.clone()));
                toc.extend(items);
            }
        } else {
            let mut items = walk_dir(src, entry.path(), depth + 1, skip, order, part, cache);
            match items.first() {
                None => {}
                Some(TocItem::Entry(first))
                    if first
                        .chapter
                        .is_some_and(|c| is_landing(Path::new(&order[c].path))) =>
                {
                    let TocItem::Entry(mut landing) = items.remove(0) else {
                        unreachable!()
                    };
                    landing.children = items;
                    toc.push(TocItem::Entry(landing));
                }
                _ => toc.push(TocItem::Entry(TocEntry {
                    title: name,
                    chapter: None,
                    number: None,
                    children: items,
                })),
            }
        }
    }
    toc
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

fn is_landing(path: &Path) -> bool {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    is_markdown(path) && (stem == "index" || stem == "readme")
}

/// Orders `03-b.md` before `10-a.md` before `zeta.md`: numeric prefix first, then name.
fn sort_key(name: &str) -> (u64, String) {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    (digits.parse().unwrap_or(u64::MAX), name.to_lowercase())
}

/// `03-data_bases.md` → `Data bases`.
fn humanize(name: &str) -> String {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let stem = stem
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['-', '_', ' ', '.']);
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

fn relative(src: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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
                body_start: 0,
            }
        });
        let title = split
            .front_matter
            .title
            .clone()
            .or_else(|| planned.title.clone().filter(|t| !t.trim().is_empty()))
            .or_else(|| first_heading(&source[split.body_start..]))
            .unwrap_or_else(|| {
                humanize(
                    file.file_name()
                        .map(|n| n.to_string_lossy())
                        .unwrap_or_default()
                        .as_ref(),
                )
            });
        chapters.push(Chapter {
            path: planned.path.clone(),
            file,
            title,
            front_matter: split.front_matter,
            source,
            body_start: split.body_start,
            number: planned.number.clone(),
            part: planned.part.clone(),
        });
    }
    fill_titles(&mut outline.toc, &chapters);
    chapters
}

fn fill_titles(toc: &mut [TocItem], chapters: &[Chapter]) {
    for item in toc {
        if let TocItem::Entry(entry) = item {
            if let Some(chapter) = entry.chapter.and_then(|c| chapters.get(c)) {
                entry.title = chapter.title.clone();
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

/// Every file under `src` that a walk does not skip (see [`Skip::skips`]) and that is not a
/// chapter: images, media, PDFs, fonts and anything else beside the chapters.
fn read_assets(src: &Path, skip: &Skip, diagnostics: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    let mut assets = Vec::new();
    // Symlinks are not followed into directories (no loops); a symlink to a file inside the
    // handbook is read as a file.
    let walker = WalkDir::new(src)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !skip.skips(e));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(src).to_path_buf();
                diagnostics.push(Diagnostic::file(
                    &path,
                    format!("cannot read directory: {e}"),
                ));
                continue;
            }
        };
        let is_file =
            entry.file_type().is_file() || (entry.path_is_symlink() && entry.path().is_file());
        if !is_file || is_markdown(entry.path()) {
            continue;
        }
        match read_file(entry.path()) {
            Ok(bytes) => assets.push((relative(src, entry.path()), bytes)),
            Err(d) => diagnostics.push(d),
        }
    }
    assets
}

/// Reads every existing file named by a `{{#quiz path}}` line (paths relative to the chapter).
fn read_includes(
    src: &Path,
    chapters: &[Chapter],
    skip: &Skip,
    diagnostics: &mut Diagnostics,
) -> HashMap<String, Arc<str>> {
    let mut includes = HashMap::new();
    for chapter in chapters {
        let dir = chapter.path.rsplit_once('/').map_or("", |(d, _)| d);
        for line in chapter.body().lines() {
            // Anywhere on the line: the include may sit in a blockquote or a list item.
            let Some(path) = line
                .split_once("{{#quiz")
                .and_then(|(_, rest)| rest.split_once("}}"))
                .map(|(p, _)| p)
            else {
                continue;
            };
            let joined = if dir.is_empty() {
                path.trim().to_string()
            } else {
                format!("{dir}/{}", path.trim())
            };
            let Some(rel) = normalize(&joined) else {
                continue;
            };
            let file = src.join(&rel);
            if includes.contains_key(&rel) || !file.is_file() {
                continue;
            }
            if !skip.inside(&file) {
                skip.warn_outside(&file);
                continue;
            }
            match read_text(&file) {
                Ok(text) => {
                    includes.insert(rel, Arc::from(text));
                }
                Err(d) => diagnostics.push(d),
            }
        }
    }
    includes
}

fn check_prerequisites(chapters: &[Chapter], diagnostics: &mut Diagnostics) {
    for chapter in chapters {
        for prerequisite in &chapter.front_matter.prerequisites {
            let dir = chapter.path.rsplit_once('/').map_or("", |(d, _)| d);
            let joined = if dir.is_empty() {
                prerequisite.clone()
            } else {
                format!("{dir}/{prerequisite}")
            };
            let found = normalize(&joined).is_some_and(|p| chapters.iter().any(|c| c.path == p))
                || chapters.iter().any(|c| &c.path == prerequisite);
            if !found {
                let front = &chapter.source[..chapter.body_start];
                let offset = front.find(prerequisite.as_str()).unwrap_or(0);
                let span = offset..offset + if offset == 0 { 0 } else { prerequisite.len() };
                diagnostics.push(
                    Diagnostic::at(&chapter.file, Arc::clone(&chapter.source), span, format!("prerequisite `{prerequisite}` is not a chapter of this handbook"))
                        .with_help("name another chapter by its path relative to the source directory, e.g. `01-intro.md`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_paths() {
        assert_eq!(html_path("README.md"), "index.html");
        assert_eq!(html_path("a/index.md"), "a/index.html");
        assert_eq!(html_path("a/my file.md"), "a/my file.html");
    }

    #[test]
    fn sorting_and_names() {
        let mut names = vec!["10-a.md", "zeta.md", "03-b.md"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["03-b.md", "10-a.md", "zeta.md"]);
        assert_eq!(humanize("03-data_bases.md"), "Data bases");
        assert_eq!(normalize("a/./b/../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("../x.md"), None);
    }
}
