//! Render stage: parsed chapters through the theme's tera templates into a [`Site`] in memory,
//! plus the shared sidebar (`toc.js`, rendered once per build), `404.html`, `sitemap.xml` and assets.

pub mod content;
pub mod links;
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

/// Runs the render stage: one page per chapter plus the shared files, all in memory.
///
/// Errors: a template that does not compile or fails to render, naming the template.
pub fn render(book: &Book, chapters: &[ParsedChapter]) -> Result<Site, Diagnostics> {
    let tera = templates(book).map_err(|d| Diagnostics(vec![d]))?;
    let shared = Shared::new(book, &tera).map_err(|d| Diagnostics(vec![d]))?;
    let pages: Vec<Result<(String, String), Diagnostic>> = (0..book.chapters.len())
        .into_par_iter()
        .map(|i| {
            let path = book.chapters[i].html_path();
            chapter_page(book, &tera, &shared, i, &chapters[i]).map(|html| (path, html))
        })
        .collect();
    let mut site = Site::default();
    let mut diagnostics = Diagnostics::default();
    for page in pages {
        match page {
            Ok((path, html)) => site.insert(path, html),
            Err(d) => diagnostics.0.push(d),
        }
    }
    if !site.files.contains_key("index.html") {
        match home_page(book, &tera, &shared) {
            Ok(html) => site.insert("index.html", html),
            Err(d) => diagnostics.0.push(d),
        }
    }
    for (name, result) in [
        ("404.html", not_found_page(book, &tera, &shared)),
        ("toc.html", contents_page(book, &tera, &shared)),
    ] {
        match result {
            Ok(html) => site.insert(name, html),
            Err(d) => diagnostics.0.push(d),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    site.insert("toc.js", shared.toc_js.clone());
    site.insert("sitemap.xml", sitemap(book, &site));
    site.insert(".nojekyll", Vec::new());
    add_assets(book, &mut site);
    Ok(site)
}

fn templates(book: &Book) -> Result<Tera, Diagnostic> {
    let mut tera = Tera::default();
    let templates: Vec<(String, String)> = book
        .theme
        .templates()
        .map(|(n, t)| (n.to_string(), t))
        .collect();
    tera.add_raw_templates(templates)
        .map_err(|e| template_error(book, &e))?;
    tera.autoescape_on(vec![".html"]);
    Ok(tera)
}

fn template_error(book: &Book, error: &tera::Error) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let theme_dir = book.root.join(&book.config.theme);
    Diagnostic::file(&theme_dir.join("templates"), message.replace('\n', " "))
        .with_help("fix the template in the handbook's theme/templates directory, or delete it to use the default")
}

/// What every page shares, computed once per build.
struct Shared {
    book: BookInfo,
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
}

impl Shared {
    fn new(book: &Book, tera: &Tera) -> Result<Shared, Diagnostic> {
        let items = toc_nodes(book, &book.toc);
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
        };
        let strings = Strings::new(&config.language, &config.ui);
        let strings_json = strings.to_script_json();
        Ok(Shared {
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
        number: Option<String>,
        children: Vec<TocNode>,
    },
}

fn toc_nodes(book: &Book, items: &[TocItem]) -> Vec<TocNode> {
    items
        .iter()
        .map(|item| match item {
            TocItem::Part(title) => TocNode::Part {
                title: title.clone(),
            },
            TocItem::Separator => TocNode::Separator,
            TocItem::Entry(entry) => TocNode::Entry {
                title: entry.title.clone(),
                href: entry
                    .chapter
                    .map(|c| encode_path(&book.chapters[c].html_path())),
                number: entry.number.clone(),
                children: toc_nodes(book, &entry.children),
            },
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
    context.insert("strings_json", &shared.strings_json);
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

fn sitemap(book: &Book, site: &Site) -> String {
    let base = book.config.base_url_with_slash().unwrap_or_default();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in site
        .files
        .keys()
        .filter(|p| p.ends_with(".html") && *p != "404.html" && *p != "toc.html")
    {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            highlight::escape(&format!("{base}{}", encode_path(path)))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

fn add_assets(book: &Book, site: &mut Site) {
    for (path, bytes) in book.theme.assets() {
        site.insert(path, bytes.to_vec());
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
