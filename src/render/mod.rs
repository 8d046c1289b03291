//! Render stage: parsed chapters through the theme's tera templates into a [`Site`] in memory,
//! plus the shared sidebar (`toc.js`, rendered once per build), `404.html`, `sitemap.xml` and assets.

pub mod content;
pub mod links;
pub mod print;
pub mod quiz;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Book, Chapter, TocItem};
use crate::parse::{highlight, ParsedChapter};
use crate::site::Site;
use crate::strings::Strings;
use links::{encode_path, root_of, LinkMode};

/// Runs the render stage: one page per chapter plus the shared files, all in memory. Also
/// returns every chapter's own output, which serve mode keeps to re-render only what changes.
///
/// Errors: a template that does not compile or fails to render, naming the template; two
/// sources that would be written to the same path.
pub fn render(
    book: &Book,
    chapters: &[ParsedChapter],
) -> Result<(Vec<ChapterOutput>, Site), Diagnostics> {
    let renderer = Renderer::new(book, chapters)?;
    let outputs: Vec<ChapterOutput> = (0..book.chapters.len())
        .into_par_iter()
        .map(|i| renderer.chapter(book, chapters, i))
        .collect();
    let site = renderer.assemble(book, chapters, &outputs)?;
    Ok((outputs, site))
}

/// What one chapter contributes to the site, depending on that chapter alone: its page and its
/// section of `print.html`. Serve mode keeps these and re-renders only the chapters that change.
#[derive(Debug, Clone)]
pub struct ChapterOutput {
    /// The chapter's page.
    pub page: Result<String, Diagnostic>,
    /// Its section of the print page.
    pub print: print::PrintSection,
}

/// Compiled templates and the fragments every page shares (sidebar, strings), made once per build.
pub struct Renderer {
    tera: Tera,
    shared: Shared,
}

impl Renderer {
    /// Checks output paths, compiles the theme's templates and renders the shared sidebar.
    ///
    /// Errors: clashing output paths, template errors.
    pub fn new(book: &Book, chapters: &[ParsedChapter]) -> Result<Self, Diagnostics> {
        let clashes = output_clashes(book);
        if !clashes.is_empty() {
            return Err(Diagnostics(clashes));
        }
        let tera = templates(book).map_err(|d| Diagnostics(vec![d]))?;
        let shared = Shared::new(book, chapters, &tera).map_err(|d| Diagnostics(vec![d]))?;
        Ok(Renderer { tera, shared })
    }

    /// Renders chapter `index`'s page and print section.
    pub fn chapter(&self, book: &Book, chapters: &[ParsedChapter], index: usize) -> ChapterOutput {
        ChapterOutput {
            page: chapter_page(book, &self.tera, &self.shared, index, &chapters[index]),
            print: print::print_section(book, index, &chapters[index], &self.shared.strings),
        }
    }

    /// What the shared sidebar depends on besides titles and order: each chapter's number of
    /// checklist items and of items ticked by default. A renderer can be reused while it is equal.
    pub fn sidebar_key(chapters: &[ParsedChapter]) -> Vec<(usize, usize)> {
        chapters
            .iter()
            .map(|p| {
                p.checklists
                    .iter()
                    .flat_map(|c| &c.items)
                    .fold((0, 0), |(n, d), t| (n + 1, d + usize::from(t.checked)))
            })
            .collect()
    }

    /// The whole site from every chapter's output plus the pages and files shared by all.
    ///
    /// Errors: every template error, each reported once.
    pub fn assemble(
        &self,
        book: &Book,
        chapters: &[ParsedChapter],
        outputs: &[ChapterOutput],
    ) -> Result<Site, Diagnostics> {
        let (tera, shared) = (&self.tera, &self.shared);
        let mut site = Site::default();
        let mut diagnostics = Diagnostics::default();
        for (chapter, output) in book.chapters.iter().zip(outputs) {
            match &output.page {
                Ok(html) => site.insert(chapter.html_path(), html.clone()),
                Err(d) => diagnostics.0.push(d.clone()),
            }
        }
        if !site.files.contains_key("index.html") {
            match home_page(book, tera, shared) {
                Ok(html) => site.insert("index.html", html),
                Err(d) => diagnostics.0.push(d),
            }
        }
        let manifest = print::manifest(book, chapters).to_script_json();
        let special = [
            (
                "print.html",
                "Print version",
                "print.html",
                ("body", print::print_body(outputs.iter().map(|o| &o.print))),
            ),
            (
                "checklists.html",
                "All checklists",
                "checklists.html",
                (
                    "body",
                    print::checklists_body(book, chapters, "checklists.html"),
                ),
            ),
            (
                "progress.html",
                "Your progress",
                "progress.html",
                ("manifest", manifest.clone()),
            ),
            (
                "review.html",
                "Review",
                "review.html",
                ("manifest", manifest),
            ),
        ];
        for (path, title, template, extra) in special {
            match special_page(book, tera, shared, (path, title, template), extra) {
                Ok(html) => site.insert(path, html),
                Err(d) => diagnostics.0.push(d),
            }
        }
        for (name, result) in [
            ("404.html", not_found_page(book, tera, shared)),
            ("toc.html", contents_page(book, tera, shared)),
        ] {
            match result {
                Ok(html) => site.insert(name, html),
                Err(d) => diagnostics.0.push(d),
            }
        }
        if diagnostics.has_errors() {
            // A broken template fails every page the same way: report it once.
            let mut seen = std::collections::HashSet::new();
            diagnostics
                .0
                .retain(|d| seen.insert((d.path.clone(), d.message.clone())));
            return Err(diagnostics);
        }
        finish(book, shared, site)
    }
}

fn finish(book: &Book, shared: &Shared, mut site: Site) -> Result<Site, Diagnostics> {
    site.insert("toc.js", shared.toc_js.clone());
    site.insert("sitemap.xml", sitemap(book, &site));
    site.insert(".nojekyll", Vec::new());
    site.insert("robots.txt", robots(book));
    if let Some(cname) = book
        .config
        .cname
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        site.insert("CNAME", format!("{cname}\n"));
    }
    add_assets(book, &mut site);
    Ok(site)
}

fn templates(book: &Book) -> Result<Tera, Diagnostic> {
    let sources: Vec<(String, String)> = book
        .theme
        .templates()
        .map(|(n, t)| (n.to_string(), t))
        .collect();
    if let Some(cycle) = template_cycle(book, &sources) {
        return Err(cycle);
    }
    let mut tera = Tera::default();
    tera.add_raw_templates(sources)
        .map_err(|e| template_error(book, &e))?;
    tera.autoescape_on(vec![".html"]);
    Ok(tera)
}

/// The template names a template pulls in with `{% include %}`, `{% extends %}` or `{% import %}`,
/// with the byte offset of each tag.
fn template_references(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut base = 0;
    while let Some(open) = rest.find("{%") {
        let Some(close) = rest[open..].find("%}") else {
            break;
        };
        let tag =
            rest[open + 2..open + close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let keyword = tag.split_whitespace().next().unwrap_or("");
        if matches!(keyword, "include" | "extends" | "import") {
            if let Some(name) = tag.split(['"', '\'']).nth(1) {
                out.push((name.to_string(), base + open));
            }
        }
        base += open + close + 2;
        rest = &rest[open + close + 2..];
    }
    out
}

/// A template that includes, extends or imports itself through a chain of others (which would
/// recurse without end), as a diagnostic at the tag that closes the loop.
fn template_cycle(book: &Book, sources: &[(String, String)]) -> Option<Diagnostic> {
    let graph: std::collections::HashMap<&str, Vec<(String, usize)>> = sources
        .iter()
        .map(|(n, t)| (n.as_str(), template_references(t)))
        .collect();
    fn visit<'a>(
        name: &'a str,
        graph: &'a std::collections::HashMap<&str, Vec<(String, usize)>>,
        path: &mut Vec<&'a str>,
        done: &mut std::collections::HashSet<&'a str>,
    ) -> Option<(&'a str, usize, Vec<&'a str>)> {
        if done.contains(name) {
            return None;
        }
        path.push(name);
        for (next, offset) in graph.get(name).map(Vec::as_slice).unwrap_or_default() {
            if path.contains(&next.as_str()) {
                let mut cycle = path.clone();
                cycle.push(next);
                return Some((name, *offset, cycle));
            }
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(name);
        None
    }
    let mut done = std::collections::HashSet::new();
    let mut names: Vec<&str> = graph.keys().copied().collect();
    names.sort_unstable();
    for name in names {
        if let Some((at, offset, cycle)) = visit(name, &graph, &mut Vec::new(), &mut done) {
            let text = sources
                .iter()
                .find(|(n, _)| n == at)
                .map_or("", |(_, t)| t.as_str());
            return Some(
                Diagnostic::error(
                    &template_path(book, at),
                    text,
                    offset,
                    format!(
                        "templates include each other in a loop: {}",
                        cycle.join(" → ")
                    ),
                )
                .with_help("remove one of these include/extends/import tags"),
            );
        }
    }
    None
}

/// Where a template comes from: the handbook's theme directory if it overrides it, else the
/// built-in theme.
fn template_path(book: &Book, name: &str) -> std::path::PathBuf {
    let own = book
        .root
        .join(&book.config.theme)
        .join("templates")
        .join(name);
    if own.is_file() {
        own
    } else {
        std::path::Path::new("(built-in theme)/templates").join(name)
    }
}

/// A tera error as a diagnostic at the template file, line and column it names.
fn template_error(book: &Book, error: &tera::Error) -> Diagnostic {
    let mut chain = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        chain.push('\n');
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    // The innermost template named is the one at fault ("… while rendering 'partials/x.html'").
    let quoted: Vec<&str> = chain.split(['"', '\'']).skip(1).step_by(2).collect();
    let name = quoted
        .iter()
        .rev()
        .find(|n| book.theme.files.contains_key(&format!("templates/{n}")))
        .unwrap_or(&"")
        .to_string();
    let text = book
        .theme
        .files
        .get(&format!("templates/{name}"))
        .map(|b| String::from_utf8_lossy(b).into_owned());
    let position = chain.split("--> ").nth(1).and_then(|rest| {
        let (line, col) = rest.split_whitespace().next()?.split_once(':')?;
        Some((line.parse::<usize>().ok()?, col.parse::<usize>().ok()?))
    });
    let detail = chain
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .or_else(|| chain.lines().map(str::trim).rfind(|l| !l.is_empty()))
        .unwrap_or("");
    let message = format!("template error in `{name}`: {detail}");
    let path = template_path(book, &name);
    let help = "fix the template in the handbook's theme/templates directory, or delete it to use the built-in one";
    match (text, position) {
        (Some(text), Some((line, col))) => {
            let offset = text
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum::<usize>()
                + col.saturating_sub(1);
            Diagnostic::error(&path, &text, offset, message).with_help(help)
        }
        _ => Diagnostic::file(&path, message).with_help(help),
    }
}

/// What every page shares, computed once per build.
struct Shared {
    book: BookInfo,
    /// `base-url` with a trailing slash, if set.
    base_url: Option<String>,
    strings: Strings,
    strings_json: String,
    toc_js: String,
    toc_html: String,
}

#[derive(Serialize)]
struct BookInfo {
    /// 8 hex digits from the title: namespaces the reader's saved answers and ticks.
    id: String,
    title: String,
    description: String,
    authors: Vec<String>,
    language: String,
    /// Whether the search index is built: the templates show the search box only then.
    search: bool,
}

impl Shared {
    fn new(book: &Book, chapters: &[ParsedChapter], tera: &Tera) -> Result<Shared, Diagnostic> {
        let items = toc_nodes(book, chapters, &book.toc);
        let mut context = Context::new();
        context.insert("items", &items);
        let toc_html = tera
            .render("toc.html", &context)
            .map_err(|e| template_error(book, &e))?;
        let toc_js = format!(
            "/* The sidebar, shared by every page: rendered once per build. */\nskillbook.sidebar({});\n",
            serde_json::to_string(toc_html.trim()).unwrap_or_default()
        );
        let config = &book.config;
        let info = BookInfo {
            id: crate::parse::quiz::hash_hex(&config.title)[..8].to_string(),
            title: config.title.clone(),
            description: config.description.clone(),
            authors: config.authors.clone(),
            language: config.language.clone(),
            search: config.search,
        };
        let strings = Strings::new(&config.language, &config.ui);
        let strings_json = strings.to_script_json();
        Ok(Shared {
            base_url: config.base_url_with_slash(),
            book: info,
            strings,
            strings_json,
            toc_js,
            toc_html,
        })
    }
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum TocNode {
    Part {
        title: String,
    },
    Separator,
    Entry {
        title: String,
        href: Option<String>,
        /// The page path, for the sidebar's checklist progress.
        page: Option<String>,
        number: Option<String>,
        /// Checklist items in the chapter, and how many are ticked by default.
        tasks: usize,
        done: usize,
        children: Vec<TocNode>,
    },
}

fn toc_nodes(book: &Book, chapters: &[ParsedChapter], items: &[TocItem]) -> Vec<TocNode> {
    items
        .iter()
        .map(|item| match item {
            TocItem::Part(title) => TocNode::Part {
                title: title.clone(),
            },
            TocItem::Separator => TocNode::Separator,
            TocItem::Entry(entry) => {
                let tasks: Vec<&crate::parse::Task> = entry
                    .chapter
                    .and_then(|c| chapters.get(c))
                    .map(|p| p.checklists.iter().flat_map(|l| &l.items).collect())
                    .unwrap_or_default();
                TocNode::Entry {
                    title: entry.title.clone(),
                    href: entry
                        .chapter
                        .map(|c| encode_path(&book.chapters[c].html_path())),
                    page: entry.chapter.map(|c| book.chapters[c].html_path()),
                    number: entry.number.clone(),
                    tasks: tasks.len(),
                    done: tasks.iter().filter(|t| t.checked).count(),
                    children: toc_nodes(book, chapters, &entry.children),
                }
            }
        })
        .collect()
}

#[derive(Serialize, Default)]
struct PageInfo {
    title: String,
    description: Option<String>,
    path: String,
    part: Option<String>,
    number: Option<String>,
    level: Option<String>,
    skills: Vec<String>,
    time_estimate: Option<u32>,
    prerequisites: Vec<LinkInfo>,
    extra: std::collections::BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize, Clone)]
struct LinkInfo {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct HeadingInfo<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

fn base_context(shared: &Shared, page: &PageInfo) -> Context {
    let mut context = Context::new();
    context.insert("book", &shared.book);
    // Canonical and Open Graph URLs must be absolute, so they exist only with a base URL.
    let canonical = shared
        .base_url
        .as_ref()
        .filter(|_| page.path != "404.html")
        .map(|base| format!("{base}{}", encode_path(&page.path)));
    context.insert("canonical", &canonical);
    context.insert("strings_json", &shared.strings_json);
    context.insert("ui", &shared.strings.0);
    context.insert("root", &root_of(&page.path));
    context.insert("page", page);
    context
}

fn link_to(from_page: &str, chapter: &Chapter) -> LinkInfo {
    LinkInfo {
        title: chapter.title.clone(),
        href: format!(
            "{}{}",
            root_of(from_page),
            encode_path(&chapter.html_path())
        ),
    }
}

fn chapter_page(
    book: &Book,
    tera: &Tera,
    shared: &Shared,
    index: usize,
    parsed: &ParsedChapter,
) -> Result<String, Diagnostic> {
    let chapter = &book.chapters[index];
    let path = chapter.html_path();
    let front = &chapter.front_matter;
    let prerequisites = front
        .prerequisites
        .iter()
        .filter_map(|p| {
            book.chapters
                .iter()
                .find(|c| c.path == *p || c.path.ends_with(&format!("/{p}")))
        })
        .map(|c| link_to(&path, c))
        .collect();
    let page = PageInfo {
        title: chapter.title.clone(),
        description: front.description.clone(),
        path: path.clone(),
        part: chapter.part.clone(),
        number: chapter.number.clone(),
        level: front.level.clone(),
        skills: front.skills.clone(),
        time_estimate: front.time_estimate,
        prerequisites,
        extra: front.extra.clone(),
    };
    let mut context = base_context(shared, &page);
    context.insert(
        "content",
        &content::chapter_html(book, index, parsed, LinkMode::Page(&path), &shared.strings),
    );
    let toc: Vec<HeadingInfo> = parsed
        .headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level))
        .map(|h| HeadingInfo {
            level: h.level,
            id: &h.id,
            text: &h.text,
        })
        .collect();
    context.insert("toc", &toc);
    context.insert(
        "prev",
        &index
            .checked_sub(1)
            .map(|p| link_to(&path, &book.chapters[p])),
    );
    context.insert(
        "next",
        &book.chapters.get(index + 1).map(|n| link_to(&path, n)),
    );
    let template = if path == "index.html" {
        "index.html"
    } else {
        "page.html"
    };
    if path == "index.html" {
        context.insert("overview", &overview(book, &path));
    }
    tera.render(template, &context)
        .map_err(|e| template_error(book, &e))
}

#[derive(Serialize)]
struct OverviewGroup {
    part: Option<String>,
    chapters: Vec<OverviewChapter>,
}

#[derive(Serialize)]
struct OverviewChapter {
    title: String,
    href: String,
    number: Option<String>,
    description: Option<String>,
    level: Option<String>,
    time_estimate: Option<u32>,
}

/// Chapters grouped by part for the home page (the home page itself left out).
fn overview(book: &Book, from: &str) -> Vec<OverviewGroup> {
    let mut groups: Vec<OverviewGroup> = Vec::new();
    for chapter in book
        .chapters
        .iter()
        .filter(|c| c.html_path() != "index.html")
    {
        if groups.last().is_none_or(|g| g.part != chapter.part) {
            groups.push(OverviewGroup {
                part: chapter.part.clone(),
                chapters: Vec::new(),
            });
        }
        let link = link_to(from, chapter);
        let front = &chapter.front_matter;
        if let Some(group) = groups.last_mut() {
            group.chapters.push(OverviewChapter {
                title: link.title,
                href: link.href,
                number: chapter.number.clone(),
                description: front.description.clone(),
                level: front.level.clone(),
                time_estimate: front.time_estimate,
            });
        }
    }
    groups
}

fn home_page(book: &Book, tera: &Tera, shared: &Shared) -> Result<String, Diagnostic> {
    let page = PageInfo {
        title: book.config.title.clone(),
        description: Some(book.config.description.clone()),
        path: "index.html".into(),
        ..PageInfo::default()
    };
    let mut context = base_context(shared, &page);
    context.insert("content", "");
    context.insert("overview", &overview(book, "index.html"));
    context.insert(
        "next",
        &book.chapters.first().map(|c| link_to("index.html", c)),
    );
    tera.render("index.html", &context)
        .map_err(|e| template_error(book, &e))
}

fn not_found_page(book: &Book, tera: &Tera, shared: &Shared) -> Result<String, Diagnostic> {
    let page = PageInfo {
        title: "Page not found".into(),
        path: "404.html".into(),
        ..PageInfo::default()
    };
    let mut context = base_context(shared, &page);
    // GitHub Pages serves 404.html at any depth, so its links cannot be relative.
    let root = book
        .config
        .base_url_with_slash()
        .map_or_else(|| "/".to_string(), |u| url_path(&u));
    context.insert("root", &root);
    tera.render("404.html", &context)
        .map_err(|e| template_error(book, &e))
}

/// A generated page at the site root: (path, title, template) plus one extra context value.
fn special_page(
    book: &Book,
    tera: &Tera,
    shared: &Shared,
    page: (&str, &str, &str),
    extra: (&str, String),
) -> Result<String, Diagnostic> {
    let (path, title, template) = page;
    let info = PageInfo {
        title: title.into(),
        path: path.into(),
        ..PageInfo::default()
    };
    let mut context = base_context(shared, &info);
    // Large values (the whole handbook for print.html) are spliced in after rendering instead of
    // being copied through the template engine.
    const SLOT: &str = "\u{1}skillbook-slot\u{1}";
    context.insert(extra.0, SLOT);
    let html = tera
        .render(template, &context)
        .map_err(|e| template_error(book, &e))?;
    Ok(html.replacen(SLOT, &extra.1, 1))
}

fn contents_page(book: &Book, tera: &Tera, shared: &Shared) -> Result<String, Diagnostic> {
    let page = PageInfo {
        title: "Contents".into(),
        path: "toc.html".into(),
        ..PageInfo::default()
    };
    let mut context = base_context(shared, &page);
    context.insert("toc_html", &shared.toc_html);
    tera.render("contents.html", &context)
        .map_err(|e| template_error(book, &e))
}

/// The path part of an absolute URL (`https://a.io/repo/` → `/repo/`).
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(slash) => after_scheme[slash..].to_string(),
        None => "/".to_string(),
    }
}

/// `robots.txt`: everything may be crawled; names the sitemap when its absolute URL is known.
fn robots(book: &Book) -> String {
    match book.config.base_url_with_slash() {
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}

fn sitemap(book: &Book, site: &Site) -> String {
    let base = book.config.base_url_with_slash().unwrap_or_default();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in site
        .files
        .keys()
        .filter(|p| p.ends_with(".html") && !GENERATED.contains(&p.as_str()))
    {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            highlight::escape(&format!("{base}{}", encode_path(path)))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Files the build generates itself; no chapter or content file may produce the same path.
const GENERATED: [&str; 12] = [
    "404.html",
    "toc.html",
    "print.html",
    "checklists.html",
    "progress.html",
    "review.html",
    "toc.js",
    "sitemap.xml",
    "robots.txt",
    "CNAME",
    ".nojekyll",
    "assets/highlight.css",
];

/// Every pair of inputs that would be written to the same output path (`README.md` and
/// `index.md` side by side, a chapter `toc.md`, an asset `foo.html` beside `foo.md`, a content
/// file shadowing a theme asset).
fn output_clashes(book: &Book) -> Vec<Diagnostic> {
    let mut owners: std::collections::HashMap<String, String> = GENERATED
        .iter()
        .map(|p| (p.to_string(), "a file skillbook generates".to_string()))
        .collect();
    for (path, _) in book.theme.assets() {
        owners.insert(path.to_string(), format!("the theme's {path}"));
    }
    let mut clashes = Vec::new();
    let inputs = book
        .chapters
        .iter()
        .map(|c| (c.html_path(), c.path.clone()))
        .chain(book.assets.iter().map(|(p, _)| (p.clone(), p.clone())));
    let index = crate::search::INDEX_DIR;
    for (output, input) in inputs {
        let in_index =
            book.config.search && (output == index || output.starts_with(&format!("{index}/")));
        let (owner, help) = if in_index {
            (
                format!("reserved for the search index (`{index}/`)"),
                format!(
                    "move or rename it out of `{index}`, or set `search = false` in handbook.toml"
                ),
            )
        } else if let Some(owner) = owners.get(&output) {
            (
                format!("already {owner}"),
                "rename one of them; every output path must come from one source".to_string(),
            )
        } else {
            owners.insert(output, format!("the output of `{input}`"));
            continue;
        };
        clashes.push(
            Diagnostic::file(
                &book.src_dir.join(&input),
                format!("would be written to `{output}`, which is {owner}"),
            )
            .with_help(help),
        );
    }
    clashes
}

/// The theme's script for the search box, left out when `search = false`.
const SEARCH_SCRIPT: &str = "assets/search.js";

fn add_assets(book: &Book, site: &mut Site) {
    for (path, bytes) in book.theme.assets() {
        if book.config.search || path != SEARCH_SCRIPT {
            site.insert(path, bytes.to_vec());
        }
    }
    let (light, dark) = highlight::stylesheets();
    site.insert(
        "assets/highlight.css",
        format!("/* Code highlighting, generated from syntect themes. */\n{light}\n{dark}"),
    );
    for (path, bytes) in &book.assets {
        site.insert(path.clone(), bytes.clone());
    }
}
