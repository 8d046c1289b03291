//! The chapter order and sidebar outline from `SUMMARY.md` (mdBook's syntax): parts, numbered
//! and unnumbered chapters, drafts and separators, each link checked against the source
//! directory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::skip::Skip;
use super::summary::{self, SummaryItem, SummaryLink};
use super::{TocEntry, TocItem};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::paths::normalize;
use crate::read::{read_text, refuse_outside};

#[derive(Debug, Default)]
pub(super) struct Outline {
    pub(super) toc: Vec<TocItem>,
    /// Chapters in reading order: (relative path, SUMMARY.md title, number, part).
    pub(super) order: Vec<Planned>,
}

#[derive(Debug)]
pub(super) struct Planned {
    pub(super) path: String,
    pub(super) title: Option<String>,
    pub(super) number: Option<String>,
    pub(super) part: Option<String>,
}

/// Deepest chapter nesting accepted in SUMMARY.md or a directory walk.
pub const MAX_DEPTH: usize = 16;

pub(super) fn read_summary(
    root: &Path,
    src: &Path,
) -> Option<Result<(PathBuf, String), Diagnostic>> {
    let path = src.join("SUMMARY.md");
    if let Err(d) = refuse_outside(root, &path) {
        return Some(Err(d));
    }
    path.exists().then(|| read_text(&path).map(|t| (path, t)))
}

/// The outline SUMMARY.md gives, numbered chapters without their numbers when `numbers` is off;
/// entries that cannot be used are left out and reported.
pub(super) fn outline_from_summary(
    path: &Path,
    text: &str,
    src: &Path,
    skip: &Skip,
    numbers: bool,
    diagnostics: &mut Diagnostics,
) -> Outline {
    let summary::Summary { items, unlinked } = summary::parse(text);
    let source: Arc<str> = Arc::from(text);
    for span in unlinked {
        // The item's first line: a nested list below it has its own problems.
        let line = text[span.clone()]
            .find('\n')
            .map_or(span.end, |n| span.start + n);
        diagnostics.push(
            Diagnostic::at(path, Arc::clone(&source), span.start..line, "this SUMMARY.md entry is not a link, so no chapter is listed for it")
                .with_help("write it as `- [Title](file.md)` (close both brackets), or `- [Title]()` for a draft"),
        );
    }
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
        numbers,
    };
    let mut counters = Vec::new();
    let toc = builder.items(&items, &mut counters);
    builder.outline.toc = toc;
    diagnostics.extend(std::mem::take(&mut builder.errors));
    builder.outline
}

pub(super) struct SummaryBuilder<'a> {
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
    /// Whether numbered chapters show their numbers (off: mdBook's `no-section-label`).
    numbers: bool,
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
        let number = (link.numbered && self.numbers).then(|| {
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
        if crate::paths::is_external(dest) {
            self.error(
                link,
                format!("`{dest}` is an external link, not a chapter file"),
                "SUMMARY.md lists the handbook's own Markdown files; put external links in a chapter's text",
            );
            return None;
        }
        let dest = dest.split('#').next().unwrap_or(dest);
        let Some(path) = normalize(dest.trim_start_matches('/')) else {
            self.error(
                link,
                format!("`{dest}` points outside the source directory"),
                "use a path relative to the source directory",
            );
            return None;
        };
        if !super::walk::is_markdown(Path::new(&path)) || path.eq_ignore_ascii_case("SUMMARY.md") {
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
            let warning = self.diagnostic(link, message, "copy the chapter into the handbook");
            self.errors.push(warning.warning());
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
        let error = self.diagnostic(link, message, help);
        self.errors.push(error);
    }

    /// An error at `link`'s entry in SUMMARY.md.
    fn diagnostic(&self, link: &SummaryLink, message: String, help: &str) -> Diagnostic {
        Diagnostic::at(
            self.path,
            Arc::clone(&self.source),
            link.span.clone(),
            message,
        )
        .with_help(help)
    }
}
