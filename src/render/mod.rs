//! Render stage: parsed chapters through the theme's tera templates into a [`Site`] in memory,
//! plus the shared sidebar (`toc.js`, rendered once per build), `404.html`, `sitemap.xml` and assets.

pub(crate) mod content;
mod files;
pub(crate) mod highlight;
pub(crate) mod links;
mod pages;
pub(crate) mod print;
pub(crate) mod quiz;
mod shared;
mod skills;
mod templates;

use rayon::prelude::*;
use tera::Tera;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Book;
use crate::parse::ParsedChapter;
use crate::site::{output_clashes, Site};
use files::finish;
use pages::{chapter_page, contents_page, home_page, not_found_page, skills_page, special_page};
use shared::Shared;
use templates::templates;

/// Runs the render stage: one page per chapter plus the shared files, all in memory. Also
/// returns every chapter's own output, which serve mode keeps to re-render only what changes.
///
/// Errors: a template that does not compile or fails to render, naming the template; two
/// sources that would be written to the same path.
pub(crate) fn render(
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

/// Renders one page shared by the whole book; `None` when the book has no such page.
type SharedPage<'a> = dyn Fn() -> Option<Result<String, Diagnostic>> + Sync + 'a;

/// Compiled templates and the fragments every page shares (sidebar, strings), made once per build.
pub(crate) struct Renderer {
    tera: Tera,
    shared: Shared,
}

impl Renderer {
    /// Checks output paths, compiles the theme's templates and renders the shared sidebar.
    ///
    /// Errors: clashing output paths, template errors.
    pub(crate) fn new(book: &Book, chapters: &[ParsedChapter]) -> Result<Self, Diagnostics> {
        let clashes = output_clashes(book);
        if !clashes.is_empty() {
            return Err(Diagnostics::from(clashes));
        }
        let tera = templates(book)?;
        let shared = Shared::new(book, chapters, &tera)?;
        Ok(Renderer { tera, shared })
    }

    /// Renders chapter `index`'s page and print section.
    pub(crate) fn chapter(
        &self,
        book: &Book,
        chapters: &[ParsedChapter],
        index: usize,
    ) -> ChapterOutput {
        ChapterOutput {
            page: chapter_page(
                book,
                &self.tera,
                &self.shared,
                (index, &chapters[index]),
                &book.chapters[index].html_path(),
            ),
            print: print::print_section(book, index, &chapters[index], &self.shared.strings),
        }
    }

    /// What the shared sidebar depends on besides titles and order: each chapter's number of
    /// checklist items and of items ticked by default. A renderer can be reused while it is equal.
    pub(crate) fn sidebar_key(chapters: &[ParsedChapter]) -> Vec<(usize, usize)> {
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
    pub(crate) fn assemble(
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
                Err(d) => diagnostics.push(d.clone()),
            }
        }
        let has_home = site.files.contains_key("index.html");
        let manifest = print::manifest(book, chapters).to_script_json();
        let any_quiz = chapters.iter().any(|c| !c.quizzes.is_empty());
        let any_checklist = chapters.iter().any(|c| !c.checklists.is_empty());
        let special = |path: &'static str, title: &str, scripts, extra: (&str, String)| {
            special_page(book, tera, shared, (path, title, path, scripts), extra)
        };
        // Each page shared by the whole book depends on all chapters but not on the others:
        // they are rendered in parallel and inserted in a fixed order.
        let jobs: [(&str, &SharedPage); 9] = [
            ("index.html", &|| {
                (!has_home).then(|| match chapters.first() {
                    // mdBook's home page is its first chapter.
                    Some(first) if book.config.is_mdbook() => {
                        chapter_page(book, tera, shared, (0, first), "index.html")
                    }
                    _ => home_page(book, tera, shared),
                })
            }),
            ("print.html", &|| {
                let body = print::print_body(outputs.iter().map(|o| &o.print), &shared.strings);
                let title = shared.strings.get("printVersion");
                Some(special(
                    "print.html",
                    title,
                    (any_quiz, any_checklist),
                    ("body", body),
                ))
            }),
            ("checklists.html", &|| {
                let body = print::checklists_body(book, chapters, "checklists.html");
                let title = shared.strings.get("allChecklists");
                Some(special(
                    "checklists.html",
                    title,
                    (false, any_checklist),
                    ("body", body),
                ))
            }),
            ("progress.html", &|| {
                let title = shared.strings.get("yourProgress");
                Some(special(
                    "progress.html",
                    title,
                    (false, false),
                    ("manifest", manifest.clone()),
                ))
            }),
            ("review.html", &|| {
                let title = shared.strings.get("reviewTitle");
                Some(special(
                    "review.html",
                    title,
                    (false, false),
                    ("manifest", manifest.clone()),
                ))
            }),
            ("skills.html", &|| Some(skills_page(book, tera, shared))),
            ("chapters.js", &|| {
                Some(Ok(skills::chapters_js(
                    book,
                    chapters,
                    &shared.learning,
                    &shared.strings,
                )))
            }),
            ("404.html", &|| Some(not_found_page(book, tera, shared))),
            ("toc.html", &|| Some(contents_page(book, tera, shared))),
        ];
        let pages: Vec<(&str, Option<Result<String, Diagnostic>>)> =
            jobs.par_iter().map(|(path, job)| (*path, job())).collect();
        for (path, page) in pages {
            match page {
                Some(Ok(html)) => site.insert(path, html),
                Some(Err(d)) => diagnostics.push(d),
                None => {}
            }
        }
        if diagnostics.has_errors() {
            // A broken template fails every page the same way: report it once.
            diagnostics.dedup_messages();
            return Err(diagnostics);
        }
        finish(book, shared, site)
    }
}
