//! What every page of a build shares, made once per build: the handbook's metadata for
//! templates, the reader-facing strings, and the sidebar (`toc.js`, shared by every page, so a
//! page's size does not grow with the chapter count).

use serde::Serialize;
use tera::{Context, Tera};

use super::templates::template_error;
use crate::diagnostics::Diagnostic;
use crate::load::{Book, TocItem};
use crate::parse::ParsedChapter;
use crate::paths::encode_path;
use crate::translations::Translations;

/// What every page shares, computed once per build.
pub(super) struct Shared {
    pub(super) book: BookInfo,
    /// `base-url` with a trailing slash, if set.
    pub(super) base_url: Option<String>,
    pub(super) strings: Translations,
    pub(super) strings_json: String,
    pub(super) toc_js: crate::site::Bytes,
    pub(super) toc_html: String,
    /// The skills map, learning order and skills index.
    pub(super) learning: super::skills::Learning,
}

#[derive(Serialize)]
pub(super) struct BookInfo {
    /// 8 hex digits from the title: namespaces the reader's saved answers and ticks.
    id: String,
    title: String,
    description: String,
    authors: Vec<String>,
    language: String,
    /// Whether the search index is built: the templates show the search box only then.
    search: bool,
    /// Extra stylesheets and scripts every page loads (paths from the site root).
    additional_css: Vec<String>,
    additional_js: Vec<String>,
    /// Whether pages load MathJax.
    mathjax_support: bool,
    /// The source repository, linked from the header (HTML-escaped).
    git_repository_url: Option<String>,
}

impl Shared {
    pub(super) fn new(
        book: &Book,
        chapters: &[ParsedChapter],
        tera: &Tera,
    ) -> Result<Shared, Diagnostic> {
        let items = toc_nodes(book, chapters, &book.toc);
        let strings = Translations::new(&book.config.language, &book.config.ui);
        let mut context = Context::new();
        context.insert("items", &items);
        context.insert("ui", &strings.0);
        let toc_html = tera
            .render("toc.html", &context)
            .map_err(|e| template_error(book, &e))?;
        let toc_js = format!(
            "/* The sidebar, shared by every page: rendered once per build. */\nskillbook.sidebar({});\n",
            // A file of its own, never inline: plain JSON is a valid JavaScript string here.
            serde_json::to_string(toc_html.trim()).unwrap_or_default()
        )
        .into();
        let config = &book.config;
        let info = BookInfo {
            id: config
                .progress_id
                .clone()
                .unwrap_or_else(|| crate::hash::hash_hex(&config.title)[..8].to_string()),
            title: config.title.clone(),
            description: config.description.clone(),
            authors: config.authors.clone(),
            language: config.language.clone(),
            search: config.search,
            additional_css: config.additional_css.iter().map(|p| site_file(p)).collect(),
            additional_js: config.additional_js.iter().map(|p| site_file(p)).collect(),
            mathjax_support: config.mathjax_support,
            git_repository_url: config
                .git_repository_url
                .as_deref()
                .map(crate::html::escape),
        };
        let strings_json = strings.to_script_json();
        Ok(Shared {
            base_url: config.base_url_with_slash(),
            book: info,
            strings,
            strings_json,
            toc_js,
            toc_html,
            learning: super::skills::Learning::new(book),
        })
    }
}

/// Where an `additional-css`/`additional-js` file (a path relative to the book's root) is
/// copied in the site, encoded for an href.
pub(super) fn site_file(path: &str) -> String {
    encode_path(&crate::paths::normalize(path.trim_start_matches('/')).unwrap_or_default())
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(super) enum TocNode {
    /// A part with the entries under it (up to the next part or separator), so it can fold.
    Part {
        title: String,
        children: Vec<TocNode>,
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

pub(super) fn toc_nodes(
    book: &Book,
    chapters: &[ParsedChapter],
    items: &[TocItem],
) -> Vec<TocNode> {
    let mut out: Vec<TocNode> = Vec::new();
    let mut in_part = false;
    for node in toc_flat(book, chapters, items) {
        match node {
            TocNode::Part { .. } => {
                in_part = true;
                out.push(node);
            }
            TocNode::Separator => {
                in_part = false;
                out.push(node);
            }
            entry => match out.last_mut() {
                Some(TocNode::Part { children, .. }) if in_part => children.push(entry),
                _ => out.push(entry),
            },
        }
    }
    out
}

fn toc_flat(book: &Book, chapters: &[ParsedChapter], items: &[TocItem]) -> Vec<TocNode> {
    items
        .iter()
        .map(|item| match item {
            TocItem::Part(title) => TocNode::Part {
                title: title.clone(),
                children: Vec::new(),
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
