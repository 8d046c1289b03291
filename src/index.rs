//! Index stage: turns the rendered chapter pages, quiz questions and checklists the build holds in
//! memory into a Pagefind search index (files under `pagefind/`), searched in the browser.
//!
//! What is indexed, and how a reader can narrow it (Pagefind filters):
//! - each chapter page's `<article data-pagefind-body>`, with headings as sub-results, minus the
//!   parts listed in [`EXCLUDED`] (quizzes, checklists, heading anchors, footnote back-links);
//!   `kind` = `chapter`;
//! - each quiz question (prompt and options, never the answer), linking to the question;
//!   `kind` = `quiz`;
//! - each checklist (its items), linking to the heading above it; `kind` = `checklist`;
//! - every record of a chapter in a part carries `part` = the part's title.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
use crate::load::Book;
use crate::parse::quiz::QuestionKind;
use crate::parse::ParsedChapter;
use crate::render::ChapterOutput;

/// Folder of the site the index is written to; the theme's search script loads
/// `pagefind/pagefind.js` from it.
pub const INDEX_DIR: &str = "pagefind";

/// Selectors inside a chapter's body that are not searchable text: they are indexed as their own
/// records (quizzes, checklists), are controls and decoration, or (the part's title) serve only
/// as a filter.
pub const EXCLUDED: [&str; 6] = [
    "form.quiz",
    "ul.checklist",
    "a.anchor",
    ".footnote-backref",
    ".chapter-meta",
    ".chapter-part",
];

/// One thing to index, owning its text so the index can be built on another thread.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A rendered chapter page: Pagefind reads its `data-pagefind-*` attributes.
    Page {
        /// Site-absolute URL, e.g. `/part1/chapter.html`.
        url: String,
        /// The whole page as rendered.
        html: String,
    },
    /// A quiz question or a checklist.
    Custom {
        /// Site-absolute URL with the fragment of its element, e.g. `/ch.html#quiz-x-1`.
        url: String,
        /// Result title, e.g. `Quiz · Databases`.
        title: String,
        /// Plain text to index.
        content: String,
        /// `kind` and, for chapters in a part, `part`.
        filters: BTreeMap<String, Vec<String>>,
    },
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

/// Everything to index, in book order: each chapter's page, then its quiz questions, then its
/// checklists. Chapters whose page failed to render are left out (the build fails anyway).
pub fn records(book: &Book, chapters: &[ParsedChapter], outputs: &[ChapterOutput]) -> Vec<Record> {
    let mut records = Vec::new();
    for ((chapter, parsed), output) in book.chapters.iter().zip(chapters).zip(outputs) {
        let Ok(html) = &output.page else { continue };
        let url = format!(
            "/{}",
            crate::render::links::encode_path(&chapter.html_path())
        );
        records.push(Record::Page {
            url: url.clone(),
            html: html.clone(),
        });
        let filters = |kind: &str| {
            let mut filters = BTreeMap::from([("kind".to_string(), vec![kind.to_string()])]);
            if let Some(part) = &chapter.part {
                filters.insert("part".to_string(), vec![part.clone()]);
            }
            filters
        };
        for quiz in &parsed.quizzes {
            for (n, question) in quiz.questions.iter().enumerate() {
                records.push(Record::Custom {
                    url: format!("{url}#{}-{}", quiz.id, n + 1),
                    title: format!("Quiz · {}", chapter.title),
                    content: question_text(&question.prompt, &question.kind),
                    filters: filters("quiz"),
                });
            }
        }
        for checklist in &parsed.checklists {
            let (anchor, heading) = match &checklist.heading {
                Some((id, text)) => (id.as_str(), text.as_str()),
                None => (checklist.id.as_str(), chapter.title.as_str()),
            };
            let items: Vec<&str> = checklist.items.iter().map(|t| t.text.as_str()).collect();
            records.push(Record::Custom {
                url: format!("{url}#{anchor}"),
                title: format!("{heading} · {}", chapter.title),
                content: items.join(" · "),
                filters: filters("checklist"),
            });
        }
    }
    records
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
    for record in records {
        match record {
            Record::Page { url, html } => {
                index.add_html_file(None, Some(url), html).await.map(drop)
            }
            Record::Custom {
                url,
                title,
                content,
                filters,
            } => index
                .add_custom_record(
                    url,
                    content,
                    language.to_string(),
                    Some(BTreeMap::from([("title".to_string(), title)])),
                    Some(filters),
                    None,
                )
                .await
                .map(drop),
        }
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

/// Which of Pagefind's output files the site needs: its search API, worker and highlighter, the
/// index itself, and the WebAssembly of the languages `pagefind-entry.json` names (`unknown` for
/// a language without a stemmer, e.g. Japanese). Pagefind's own
/// search UIs (the theme has its own) and the other languages' WebAssembly are left out.
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
        !(name.contains("-ui.") || name.starts_with("playground/"))
    }
}

/// The searchable words of a question: its prompt and, for multiple choice, its options. Never
/// the answer or the explanation.
fn question_text(prompt: &str, kind: &QuestionKind) -> String {
    let mut text = plain_text(prompt);
    if let QuestionKind::MultipleChoice { options, .. } = kind {
        for option in options {
            text.push_str(" · ");
            text.push_str(&plain_text(&option.html));
        }
    }
    text
}

/// Text content of an HTML fragment: tags dropped, the five XML entities and numeric character
/// references decoded, runs of whitespace collapsed.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            out.push(' ');
        } else {
            let end = rest.find(';').filter(|&e| e <= 10);
            let decoded = end.and_then(|e| decode_entity(&rest[1..e]));
            match (end, decoded) {
                (Some(e), Some(c)) => {
                    out.push(c);
                    rest = &rest[e + 1..];
                }
                _ => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" | "#39" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain_text("<p>A <code>&lt;T&gt;</code> &amp; &#x41;&#66; &bogus; a&b</p>\n"),
            "A <T> & AB &bogus; a&b"
        );
    }
}
