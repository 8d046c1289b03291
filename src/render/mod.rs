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
use crate::site::{output_clashes, Bytes, Site};
use files::finish;
use pages::{chapter_page, contents_page, home_page, not_found_page, skills_page, special_page};
use shared::Shared;
use templates::templates;

/// Runs the render stage: one page per chapter plus the shared files, all in memory. Also
/// returns every chapter's own output and the renderer (templates and shared fragments), which
/// serve mode keeps to re-render only what changes.
///
/// Errors: a template that does not compile or fails to render, naming the template; two
/// sources that would be written to the same path.
pub(crate) fn render(
    book: &Book,
    chapters: &[ParsedChapter],
) -> Result<(Vec<ChapterOutput>, Site, Renderer), Diagnostics> {
    let renderer = Renderer::new(book, chapters)?;
    let outputs: Vec<ChapterOutput> = (0..book.chapters.len())
        .into_par_iter()
        .map(|i| renderer.chapter(book, chapters, i))
        .collect();
    let site = renderer.assemble(book, chapters, &outputs, None)?;
    Ok((outputs, site, renderer))
}

/// What one chapter contributes to the site, depending on that chapter alone: its page and its
/// section of `print.html`. Serve mode keeps these and re-renders only the chapters that change.
#[derive(Debug, Clone)]
pub struct ChapterOutput {
    /// The chapter's page (a shared buffer: every build that keeps it reuses the same bytes).
    pub page: Result<Bytes, Diagnostic>,
    /// Its section of the print page.
    pub print: print::PrintSection,
}

/// Renders one page shared by the whole book; `None` when the book has no such page.
type SharedPage<'a> = dyn Fn() -> Option<Result<String, Diagnostic>> + Sync + 'a;

/// What a page shared by the whole book reads besides the book's settings, theme, chapter
/// titles, places and front matter, and the sidebar (everything a renderer is made from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reads {
    /// Nothing more.
    Book,
    /// Every chapter's checklists and quizzes.
    Exercises,
    /// The first chapter's page.
    FirstChapter,
    /// Every chapter's content.
    Everything,
}

/// What a rebuild by the same renderer may take from the last site: the shared pages whose
/// inputs ([`Reads`]) the re-rendered chapters left as they were.
#[derive(Debug)]
pub(crate) struct Keep<'a> {
    /// The last good site, made by the same renderer.
    pub(crate) site: &'a Site,
    /// The chapters rendered again, by index.
    pub(crate) chapters: &'a [usize],
    /// Whether those chapters' checklists and quizzes are the same as before.
    pub(crate) same_exercises: bool,
}

impl Keep<'_> {
    /// Whether two parses of a chapter have the same checklists and quizzes, as far as the pages
    /// reading [`Reads::Exercises`] see them (a quiz by its id and the hash of its TOML).
    pub(crate) fn same_exercises(a: &ParsedChapter, b: &ParsedChapter) -> bool {
        let same_quiz = |(x, y): (&crate::parse::quiz::Quiz, &crate::parse::quiz::Quiz)| {
            x.id == y.id && x.hash == y.hash
        };
        a.checklists == b.checklists
            && a.quizzes.len() == b.quizzes.len()
            && a.quizzes.iter().zip(&b.quizzes).all(same_quiz)
    }

    /// Whether a shared page reading `reads` is the same as in the last site.
    fn allows(&self, reads: Reads) -> bool {
        match reads {
            Reads::Book => true,
            Reads::Exercises => self.same_exercises,
            Reads::FirstChapter => !self.chapters.contains(&0),
            Reads::Everything => false,
        }
    }
}

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
            )
            .map(Bytes::from),
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

    /// The whole site from every chapter's output plus the pages and files shared by all. With
    /// `keep` (a rebuild by this same renderer), a shared page whose inputs the rebuild left
    /// alone is taken from the last site instead of rendered again (see [`Reads`]).
    ///
    /// Errors: every template error, each reported once.
    pub(crate) fn assemble(
        &self,
        book: &Book,
        chapters: &[ParsedChapter],
        outputs: &[ChapterOutput],
        keep: Option<&Keep>,
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
        let any_quiz = chapters.iter().any(|c| !c.quizzes.is_empty());
        let any_checklist = chapters.iter().any(|c| !c.checklists.is_empty());
        let manifest = std::sync::OnceLock::new();
        let manifest = || {
            manifest
                .get_or_init(|| print::manifest(book, chapters).to_script_json())
                .as_str()
        };
        let special = |path: &'static str, title: &str, scripts, extra: (&str, &[&str])| {
            special_page(book, tera, shared, (path, title, path, scripts), extra)
        };
        let home_reads = if has_home {
            // A chapter's own page, already in the site: never taken from the last one.
            Reads::Everything
        } else if book.config.is_mdbook() {
            // mdBook's home page is its first chapter.
            Reads::FirstChapter
        } else {
            Reads::Book
        };
        // Each page shared by the whole book depends on all chapters but not on the others:
        // they are rendered in parallel and inserted in a fixed order.
        let jobs: [(&str, Reads, &SharedPage); 9] = [
            ("index.html", home_reads, &|| {
                (!has_home).then(|| match chapters.first() {
                    Some(first) if book.config.is_mdbook() => {
                        chapter_page(book, tera, shared, (0, first), "index.html")
                    }
                    _ => home_page(book, tera, shared),
                })
            }),
            ("print.html", Reads::Everything, &|| {
                let body = print::print_body(outputs.iter().map(|o| &o.print), &shared.strings);
                let body: Vec<&str> = body.iter().map(|p| p.as_ref()).collect();
                let title = shared.strings.get("printVersion");
                Some(special(
                    "print.html",
                    title,
                    (any_quiz, any_checklist),
                    ("body", &body),
                ))
            }),
            ("checklists.html", Reads::Exercises, &|| {
                let body =
                    print::checklists_body(book, chapters, "checklists.html", &shared.strings);
                let title = shared.strings.get("allChecklists");
                Some(special(
                    "checklists.html",
                    title,
                    (false, any_checklist),
                    ("body", &[&body]),
                ))
            }),
            ("progress.html", Reads::Exercises, &|| {
                let title = shared.strings.get("yourProgress");
                Some(special(
                    "progress.html",
                    title,
                    (false, false),
                    ("manifest", &[manifest()]),
                ))
            }),
            ("review.html", Reads::Exercises, &|| {
                let title = shared.strings.get("reviewTitle");
                Some(special(
                    "review.html",
                    title,
                    (false, false),
                    ("manifest", &[manifest()]),
                ))
            }),
            ("skills.html", Reads::Book, &|| {
                Some(skills_page(book, tera, shared))
            }),
            ("chapters.js", Reads::Exercises, &|| {
                Some(Ok(skills::chapters_js(
                    book,
                    chapters,
                    &shared.learning,
                    &shared.strings,
                )))
            }),
            ("404.html", Reads::Book, &|| {
                Some(not_found_page(book, tera, shared))
            }),
            ("toc.html", Reads::Book, &|| {
                Some(contents_page(book, tera, shared))
            }),
        ];
        let pages: Vec<(&str, Option<Result<Bytes, Diagnostic>>)> = jobs
            .par_iter()
            .map(|(path, reads, job)| {
                let kept = keep
                    .filter(|k| k.allows(*reads))
                    .and_then(|k| k.site.files.get(*path));
                match kept {
                    Some(bytes) => (*path, Some(Ok(bytes.clone()))),
                    None => (*path, job().map(|page| page.map(Bytes::from))),
                }
            })
            .collect();
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
