//! The pages made from templates: each chapter's page, the home page when no chapter is one,
//! 404.html, the contents page and the generated pages (print, checklists, progress, review).

use serde::Serialize;
use tera::{Context, Tera};

use super::content;
use super::links::LinkMode;
use super::shared::Shared;
use super::skills;
use super::templates::template_error;
use crate::diagnostics::Diagnostic;
use crate::load::{Book, Chapter};
use crate::parse::{Node, ParsedChapter};
use crate::paths::{encode_path, root_of};
use crate::translations::Translations;

#[derive(Serialize, Default)]
pub(super) struct PageInfo {
    title: String,
    description: Option<String>,
    path: String,
    part: Option<String>,
    number: Option<String>,
    level: Option<String>,
    skills: Vec<String>,
    /// Each skill with its entry in the skills index.
    skill_links: Vec<LinkInfo>,
    time_estimate: Option<u32>,
    prerequisites: Vec<LinkInfo>,
    /// "Last reviewed …", when the chapter has `last-reviewed`.
    last_reviewed: Option<String>,
    /// The note shown when the chapter is overdue for review.
    review_overdue: Option<String>,
    extra: std::collections::BTreeMap<String, serde_json::Value>,
    /// Whether the page has quizzes and checklists: their scripts load only then.
    quizzes: bool,
    checklists: bool,
    /// "Edit this page" link from `edit-url-template`, and the last-changed date.
    edit_url: Option<String>,
    updated: Option<String>,
    /// The whole `<title>` from `{{#title}}`, replacing "page · book".
    head_title: Option<String>,
    /// Whether a code block hides lines: the toggle's script loads only then.
    hidden_lines: bool,
}

#[derive(Serialize, Clone)]
pub(super) struct LinkInfo {
    title: String,
    href: String,
}

#[derive(Serialize)]
pub(super) struct HeadingInfo<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

pub(super) fn base_context(shared: &Shared, page: &PageInfo) -> Context {
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

pub(super) fn link_to(from_page: &str, chapter: &Chapter) -> LinkInfo {
    LinkInfo {
        title: chapter.title.clone(),
        href: format!(
            "{}{}",
            root_of(from_page),
            encode_path(&chapter.html_path())
        ),
    }
}

/// Chapter `index`'s page, written at site path `path` (its own page, or `index.html` when the
/// first chapter is also the home page, as in mdBook).
pub(super) fn chapter_page(
    book: &Book,
    tera: &Tera,
    shared: &Shared,
    (index, parsed): (usize, &ParsedChapter),
    path: &str,
) -> Result<String, Diagnostic> {
    let chapter = &book.chapters[index];
    let path = path.to_string();
    let front = &chapter.front_matter;
    let prerequisites = chapter
        .prerequisites
        .iter()
        .map(|&p| link_to(&path, &book.chapters[p]))
        .collect();
    let (last_reviewed, review_overdue) = skills::review_notes(book, index, &shared.strings);
    let skill_links = front
        .skills
        .iter()
        .map(|s| LinkInfo {
            title: s.clone(),
            href: shared
                .learning
                .skill_anchor(s)
                .map_or_else(String::new, |a| {
                    format!("{}skills.html#{a}", root_of(&path))
                }),
        })
        .collect();
    let page = PageInfo {
        title: chapter.title.clone(),
        description: front.description.clone(),
        path: path.clone(),
        part: chapter.part.clone(),
        number: chapter.number.clone(),
        level: front.level.clone(),
        skills: front.skills.clone(),
        skill_links,
        time_estimate: front.time_estimate,
        prerequisites,
        last_reviewed,
        review_overdue,
        extra: front.extra.clone(),
        quizzes: !parsed.quizzes.is_empty(),
        checklists: !parsed.checklists.is_empty(),
        edit_url: edit_url(book, chapter),
        updated: chapter.updated.clone(),
        head_title: chapter.page_title.clone(),
        hidden_lines: has_hidden_lines(parsed),
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
    // A landing chapter at the root is the home page with the chapter overview, unless the book
    // follows mdBook, whose home page is the first chapter as it is.
    let home = path == "index.html" && !book.config.is_mdbook();
    let template = if home { "index.html" } else { "page.html" };
    if home {
        context.insert("overview", &overview(book, &path, &shared.strings));
        skills::home_context(book, &shared.learning, &shared.strings, &path, &mut context);
    }
    tera.render(template, &context)
        .map_err(|e| template_error(book, &e))
}

/// Whether any code block of the chapter (footnotes included) hides lines.
fn has_hidden_lines(parsed: &ParsedChapter) -> bool {
    let hides = |n: &Node| matches!(n, Node::Code(block) if block.has_hidden_lines());
    parsed.nodes.iter().any(hides) || parsed.footnotes.iter().flat_map(|f| &f.nodes).any(hides)
}

#[derive(Serialize)]
pub(super) struct OverviewGroup {
    part: Option<String>,
    /// The part's chapters' time estimates added up, as text (e.g. `2 h 15 min`); `None` when
    /// no chapter of the part has one.
    time: Option<String>,
    #[serde(skip)]
    minutes: u32,
    chapters: Vec<OverviewChapter>,
}

#[derive(Serialize)]
pub(super) struct OverviewChapter {
    title: String,
    href: String,
    number: Option<String>,
    description: Option<String>,
    level: Option<String>,
    time_estimate: Option<u32>,
}

/// Chapters grouped by part for the home page (the home page itself left out).
pub(super) fn overview(book: &Book, from: &str, strings: &Translations) -> Vec<OverviewGroup> {
    let mut groups: Vec<OverviewGroup> = Vec::new();
    for chapter in book
        .chapters
        .iter()
        .filter(|c| c.html_path() != "index.html")
    {
        if groups.last().is_none_or(|g| g.part != chapter.part) {
            groups.push(OverviewGroup {
                part: chapter.part.clone(),
                time: None,
                minutes: 0,
                chapters: Vec::new(),
            });
        }
        let link = link_to(from, chapter);
        let front = &chapter.front_matter;
        if let Some(group) = groups.last_mut() {
            group.minutes += front.time_estimate.unwrap_or(0);
            group.time = (group.minutes > 0).then(|| skills::duration(group.minutes, strings));
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

pub(super) fn home_page(book: &Book, tera: &Tera, shared: &Shared) -> Result<String, Diagnostic> {
    let page = PageInfo {
        title: book.config.title.clone(),
        description: Some(book.config.description.clone()),
        path: "index.html".into(),
        ..PageInfo::default()
    };
    let mut context = base_context(shared, &page);
    context.insert("content", "");
    context.insert("overview", &overview(book, "index.html", &shared.strings));
    skills::home_context(
        book,
        &shared.learning,
        &shared.strings,
        "index.html",
        &mut context,
    );
    context.insert(
        "next",
        &book.chapters.first().map(|c| link_to("index.html", c)),
    );
    tera.render("index.html", &context)
        .map_err(|e| template_error(book, &e))
}

pub(super) fn not_found_page(
    book: &Book,
    tera: &Tera,
    shared: &Shared,
) -> Result<String, Diagnostic> {
    let page = PageInfo {
        title: shared.strings.get("pageNotFound").into(),
        path: "404.html".into(),
        ..PageInfo::default()
    };
    let mut context = base_context(shared, &page);
    // GitHub Pages serves 404.html at any depth, so its links cannot be relative.
    context.insert("root", &book.config.site_path());
    tera.render("404.html", &context)
        .map_err(|e| template_error(book, &e))
}

/// The chapter's "Edit this page" address: `edit-url-template` with `{path}` replaced by the
/// source path relative to the handbook root (mdBook's meaning of the placeholder).
fn edit_url(book: &Book, chapter: &Chapter) -> Option<String> {
    let template = book.config.edit_url_template.as_deref()?;
    let src = book.config.src.to_string_lossy().replace('\\', "/");
    let src = src.trim_start_matches("./").trim_matches('/');
    let path = if src.is_empty() || src == "." {
        chapter.path.clone()
    } else {
        format!("{src}/{}", chapter.path)
    };
    Some(template.replace("{path}", &encode_path(&path)))
}

/// A generated page at the site root: (path, title, template, (quiz script, checklist script))
/// plus one extra context value, given as pieces written one after another.
pub(super) fn special_page(
    book: &Book,
    tera: &Tera,
    shared: &Shared,
    page: (&str, &str, &str, (bool, bool)),
    extra: (&str, &[&str]),
) -> Result<String, Diagnostic> {
    let (path, title, template, (quizzes, checklists)) = page;
    let info = PageInfo {
        title: title.into(),
        path: path.into(),
        quizzes,
        checklists,
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
    let Some((before, after)) = html.split_once(SLOT) else {
        // The theme's template does not show the value.
        return Ok(html);
    };
    let size = extra.1.iter().map(|p| p.len()).sum::<usize>();
    let mut out = String::with_capacity(before.len() + size + after.len());
    out.push_str(before);
    extra.1.iter().for_each(|piece| out.push_str(piece));
    out.push_str(after);
    Ok(out)
}

pub(super) fn skills_page(book: &Book, tera: &Tera, shared: &Shared) -> Result<String, Diagnostic> {
    let page = PageInfo {
        title: shared.strings.get("skillsMap").to_string(),
        path: "skills.html".into(),
        ..PageInfo::default()
    };
    let context = base_context(shared, &page);
    skills::skills_page(book, tera, context, &shared.learning, &shared.strings)
}

pub(super) fn contents_page(
    book: &Book,
    tera: &Tera,
    shared: &Shared,
) -> Result<String, Diagnostic> {
    let page = PageInfo {
        title: shared.strings.get("contents").into(),
        path: "toc.html".into(),
        ..PageInfo::default()
    };
    let mut context = base_context(shared, &page);
    context.insert("toc_html", &shared.toc_html);
    tera.render("contents.html", &context)
        .map_err(|e| template_error(book, &e))
}
