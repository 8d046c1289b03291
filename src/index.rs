//! Index stage: turns the rendered chapter pages, quiz questions and checklists the build holds in
//! memory into a Pagefind search index (files under `pagefind/`), searched in the browser.
//!
//! What is indexed, and how a reader can narrow it (Pagefind filters):
//! - each chapter page's `<article data-pagefind-body>` (the home page's too, when it is a
//!   chapter), with headings as sub-results, minus the parts listed in [`EXCLUDED`] (quizzes,
//!   checklists, heading anchors, footnote back-links, the level/time/skills line, "Read first"
//!   links, the home page's chapter overview); `kind` = `chapter`;
//! - each quiz as a record of its own whose sub-results are its questions (prompt, options or
//!   program, a multipart group's shared context; never the answer or the explanation), each
//!   linking to the question; `kind` = `quiz`;
//! - each checklist as a record whose sub-results are its items, each linking to the item;
//!   `kind` = `checklist`;
//! - every record of a chapter in a part carries `part` = the part's title.
//!
//! Quizzes and checklists are fed to Pagefind as small synthetic pages (one `<p id>` per question
//! or item, titled with `data-pagefind-title`), so one record groups a quiz's questions: a query
//! matching three questions of one quiz is one result with three sub-results.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
use crate::load::Book;
use crate::parse::quiz::QuestionKind;
use crate::parse::ParsedChapter;
use crate::render::ChapterOutput;

/// Folder of the site the index is written to; the theme's search script loads
/// `pagefind/pagefind.js` from it.
pub const INDEX_DIR: &str = crate::site::SEARCH_INDEX_DIR;

/// Selectors inside a chapter's body that are not searchable text: they are indexed as their own
/// records (quizzes, checklists), are controls, navigation (the home page's chapter overview, the
/// "Read first" links) and decoration, or (the part's title) serve only as a filter.
pub const EXCLUDED: [&str; 8] = [
    "form.quiz",
    "ul.checklist",
    "a.anchor",
    ".footnote-backref",
    ".chapter-meta",
    ".prerequisites",
    ".chapter-part",
    ".overview",
];

/// One page to index, owning its text so the index can be built on another thread (serve mode
/// indexes in the background).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Site-absolute URL, unique per record: `/part1/chapter.html` for a chapter,
    /// `/part1/chapter.html#quiz-id` for a quiz, `…#checklist-1` for a checklist.
    pub url: String,
    /// HTML whose `data-pagefind-*` attributes say what to index: a rendered chapter page, or a
    /// synthetic page for a quiz or a checklist.
    pub html: String,
}

/// The finished index: file contents by site path (`pagefind/pagefind.js`, `pagefind/index/…`).
#[derive(Debug, Default, Clone)]
pub struct SearchIndex {
    /// Site path → bytes.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Runs the index stage over a finished render: [`records`] then [`build`].
///
/// Errors: as [`build`].
pub fn index(
    book: &Book,
    chapters: &[ParsedChapter],
    outputs: &[ChapterOutput],
) -> Result<SearchIndex, Diagnostic> {
    let config_file = book.root.join(crate::config::CONFIG_FILE);
    build(
        records(book, chapters, outputs),
        &book.config.language,
        &config_file,
    )
}

/// Everything to index, in book order: each chapter's page, then its quizzes, then its
/// checklists. Chapters whose page failed to render are left out (the build fails anyway).
pub fn records(book: &Book, chapters: &[ParsedChapter], outputs: &[ChapterOutput]) -> Vec<Record> {
    let language = &book.config.language;
    let mut records = Vec::new();
    for ((chapter, parsed), output) in book.chapters.iter().zip(chapters).zip(outputs) {
        let Ok(html) = &output.page else { continue };
        let url = format!("/{}", crate::paths::encode_path(&chapter.html_path()));
        records.push(Record {
            url: url.clone(),
            // Pagefind runs adjacent header cells together (`<th>a</th><th>b</th>` → "ab").
            html: html.replace("</th><th", "</th> <th"),
        });
        let part = chapter.part.as_deref();
        for quiz in &parsed.quizzes {
            let title = quiz.title.as_ref().map_or("Quiz".to_string(), |t| t.text());
            let mut context = None;
            let questions: Vec<Entry> = quiz
                .questions
                .iter()
                .enumerate()
                .map(|(n, q)| {
                    // A multipart group's shared context is indexed once, with its first question.
                    let multipart = q.multipart.as_ref().map(|m| m.text());
                    let shared = multipart.clone().filter(|m| context.as_ref() != Some(m));
                    context = multipart;
                    Entry {
                        id: quiz.question_anchor(n),
                        title: shorten(&q.prompt.text(), 80),
                        text: question_text(shared, &q.prompt.text(), &q.kind),
                    }
                })
                .collect();
            records.push(Record {
                url: format!("{url}#{}", quiz.id),
                html: synthetic_page(language, &title, "quiz", part, &questions),
            });
        }
        for checklist in &parsed.checklists {
            // Under the chapter's own title, a checklist is just "Checklist"; the search box
            // adds the chapter's title to every quiz and checklist result.
            let heading = checklist
                .heading
                .as_ref()
                .map(|(_, text)| text.as_str())
                .filter(|h| *h != chapter.title);
            let anchor = checklist
                .heading
                .as_ref()
                .map_or(&checklist.id, |(id, _)| id);
            let items: Vec<Entry> = checklist
                .items
                .iter()
                .map(|t| Entry {
                    id: t.id.clone(),
                    title: shorten(&t.text, 80),
                    text: t.text.clone(),
                })
                .collect();
            records.push(Record {
                url: format!("{url}#{anchor}"),
                html: synthetic_page(
                    language,
                    heading.unwrap_or("Checklist"),
                    "checklist",
                    part,
                    &items,
                ),
            });
        }
    }
    records
}

/// A question or checklist item: a sub-result of its quiz's or checklist's record.
struct Entry {
    /// Its element's id on the chapter page, which the sub-result links to.
    id: String,
    /// The sub-result's title.
    title: String,
    /// The text to index.
    text: String,
}

/// A page holding only what Pagefind should index for a quiz or checklist: `title` as the result
/// title, `kind` and `part` as filters, and each entry as a paragraph that becomes a sub-result.
fn synthetic_page(
    language: &str,
    title: &str,
    kind: &str,
    part: Option<&str>,
    entries: &[Entry],
) -> String {
    use crate::html::escape;
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><body data-pagefind-body data-pagefind-filter=\"kind:{kind}\" data-pagefind-meta=\"title:{}\">",
        escape(language),
        escape(title)
    );
    if let Some(part) = part {
        html.push_str(&format!(
            "<span data-pagefind-filter=\"part:{}\"></span>",
            escape(part)
        ));
    }
    for entry in entries {
        html.push_str(&format!(
            "<p id=\"{}\" data-pagefind-title=\"{}\">{}</p>",
            escape(&entry.id),
            escape(&entry.title),
            escape(&entry.text)
        ));
    }
    html.push_str("</body></html>");
    html
}

/// `text` cut at a word boundary to at most `max` characters, with `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let end = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end())
}

/// Feeds `records` to Pagefind as `language` (a BCP 47 tag; Chinese, Japanese and Thai text is
/// segmented into words) and returns the index files.
///
/// Errors: Pagefind failing to index a record or to write the index, reported against
/// `config_file` (the handbook's `handbook.toml`) since no one source file is at fault.
pub fn build(
    records: Vec<Record>,
    language: &str,
    config_file: &std::path::Path,
) -> Result<SearchIndex, Diagnostic> {
    let fail = |err: &dyn std::fmt::Display| {
        Diagnostic::file(
            config_file,
            format!("could not build the search index: {err}"),
        )
        .with_help("set `search = false` in handbook.toml to build without search")
    };
    let language = language.to_ascii_lowercase();
    // Pagefind is async (tokio); a thread of its own keeps its runtime apart from any runtime
    // the caller may be inside.
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .build()
                    .map_err(|e| fail(&e))?;
                runtime.block_on(pagefind_index(records, &language, &fail))
            })
            .join()
            .unwrap_or_else(|_| Err(fail(&"the indexer stopped unexpectedly")))
    })
}

/// Runs Pagefind over `records` and keeps the files the site needs.
async fn pagefind_index(
    records: Vec<Record>,
    language: &str,
    fail: &(dyn Fn(&dyn std::fmt::Display) -> Diagnostic + Sync),
) -> Result<SearchIndex, Diagnostic> {
    let config = PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .exclude_selectors(EXCLUDED.iter().map(|s| s.to_string()).collect())
        .keep_index_url(true)
        .build();
    let mut index = PagefindIndex::new(Some(config)).map_err(|e| fail(&e))?;
    for Record { url, html } in records {
        index
            .add_html_file(None, Some(url), html)
            .await
            .map_err(|e| fail(&e))?;
    }
    let files: Vec<(String, Vec<u8>)> = index
        .get_files()
        .await
        .map_err(|e| fail(&e))?
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
        .collect();
    let needed = needed_files(&files);
    Ok(SearchIndex {
        files: files
            .into_iter()
            .filter(|(name, _)| needed(name))
            .map(|(name, bytes)| (format!("{INDEX_DIR}/{name}"), bytes))
            .collect(),
    })
}

/// Which of Pagefind's output files the site needs: its search API and worker, the index itself,
/// and the WebAssembly of the languages `pagefind-entry.json` names (`unknown` for a language
/// without a stemmer, e.g. Japanese). Pagefind's own search UIs and highlighter (the theme has
/// its own) and the other languages' WebAssembly are left out.
fn needed_files(files: &[(String, Vec<u8>)]) -> impl Fn(&str) -> bool {
    let entry = files
        .iter()
        .find(|(name, _)| name == "pagefind-entry.json")
        .and_then(|(_, bytes)| serde_json::from_slice::<serde_json::Value>(bytes).ok());
    let wasm: Vec<String> = entry
        .as_ref()
        .and_then(|e| e["languages"].as_object())
        .map(|langs| {
            langs
                .values()
                .map(|l| l["wasm"].as_str().unwrap_or("unknown"))
                .map(|w| format!("wasm.{w}.pagefind"))
                .collect()
        })
        .unwrap_or_default();
    move |name: &str| {
        if name.starts_with("wasm.") {
            return wasm.iter().any(|w| w == name);
        }
        !(name.contains("-ui.")
            || name == "pagefind-highlight.js"
            || name.starts_with("playground/"))
    }
}

/// The searchable words of a question, as the page shows them: the shared context of its
/// multipart group (when given), its prompt, and its options or program. Never the answer or the
/// explanation.
fn question_text(shared: Option<String>, prompt: &str, kind: &QuestionKind) -> String {
    let mut parts: Vec<String> = shared.into_iter().collect();
    parts.push(prompt.to_string());
    match kind {
        QuestionKind::MultipleChoice { options, .. } => {
            parts.extend(options.iter().map(|o| o.text.text()));
        }
        QuestionKind::Tracing { program, .. } => parts.push(
            program
                .code
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        QuestionKind::ShortAnswer { .. } => {}
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn shorten_cuts_at_a_word_boundary() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 10), "one two…");
        assert_eq!(shorten("abcdefghijklmnop", 10), "abcdefghij…");
    }
}
