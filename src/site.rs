//! The built site in memory (every output file by its path, ready to be written or served) and
//! its namespace: the paths skillbook generates itself, the search index's folder, and the check
//! that no two inputs are written to the same path (a source `CNAME` may stand beside the
//! `cname` setting when both name the same domain).

use std::collections::BTreeMap;

pub use bytes::Bytes;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::Book;

/// All files of a built site, keyed by `/`-separated path relative to the site root
/// (`index.html`, `part1/ch.html`, `assets/style.css`). Contents are shared buffers: cloning a
/// site, or a file unchanged from one build to the next, copies no bytes.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Site {
    /// File contents by path.
    pub files: BTreeMap<String, Bytes>,
}

impl Site {
    /// Adds or replaces a file (a `String`, `Vec<u8>` or `Bytes` is taken without copying).
    pub fn insert(&mut self, path: impl Into<String>, contents: impl Into<Bytes>) {
        self.files.insert(path.into(), contents.into());
    }

    /// Total size of all files, in bytes.
    pub fn total_bytes(&self) -> u64 {
        self.files.values().map(|f| f.len() as u64).sum()
    }

    /// Number of HTML pages among the files.
    pub fn pages(&self) -> usize {
        self.files.keys().filter(|p| p.ends_with(".html")).count()
    }
}

/// Whether `a` and `b` are the very same buffer (a file kept from one build to the next), which
/// then need no comparing byte by byte; equal bytes in two buffers are not the same buffer.
pub(crate) fn same_buffer(a: &Bytes, b: &Bytes) -> bool {
    a.as_ptr() == b.as_ptr() && a.len() == b.len()
}

/// Folder of the site the search index is written to.
pub(crate) const SEARCH_INDEX_DIR: &str = "search";

/// Files every build generates itself; no chapter or content file may produce the same path.
/// `sitemap.xml` and `CNAME` are generated only with some settings (see [`generated`]).
pub(crate) const GENERATED: [&str; 12] = [
    "404.html",
    "toc.html",
    "print.html",
    "checklists.html",
    "progress.html",
    "review.html",
    "skills.html",
    "toc.js",
    "chapters.js",
    "robots.txt",
    ".nojekyll",
    "assets/highlight.css",
];

/// The files a build with `config` generates itself: [`GENERATED`], and `sitemap.xml` when a
/// base URL is set (a sitemap needs absolute URLs). `CNAME`, written with `cname`, is left to
/// [`cname_disagreement`]: a `CNAME` in the source directory naming the same domain is fine.
fn generated(config: &Config) -> impl Iterator<Item = &'static str> {
    let sitemap = config.base_url_with_slash().map(|_| "sitemap.xml");
    GENERATED.into_iter().chain(sitemap)
}

/// Every pair of inputs that would be written to the same output path (`README.md` and
/// `index.md` side by side, a chapter `toc.md`, an asset `foo.html` beside `foo.md`, a content
/// file shadowing a theme asset, a source `CNAME` naming another domain than `cname`).
pub(crate) fn output_clashes(book: &Book) -> Vec<Diagnostic> {
    let mut owners: std::collections::HashMap<String, String> = generated(&book.config)
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
    let index = SEARCH_INDEX_DIR;
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
            (format!("already {owner}"), clash_help(&output))
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
    clashes.extend(cname_disagreement(book));
    clashes
}

/// How to resolve a source written to the path of a file skillbook generates (or another
/// source's).
fn clash_help(output: &str) -> String {
    if output == "404.html" {
        "skillbook writes its own not-found page there: rename this chapter; to change what the \
         not-found page says, override the theme's `templates/404.html` (README, Themes)"
            .to_string()
    } else {
        "rename one of them; every output path must come from one source".to_string()
    }
}

/// An error when the source directory's `CNAME` file names another domain than the `cname`
/// setting: both would be the site's `CNAME`. The same domain (any case, any spaces around it)
/// is no clash, and without `cname` the file is copied like any other.
fn cname_disagreement(book: &Book) -> Option<Diagnostic> {
    let setting = book.config.cname()?;
    let (_, bytes) = book.assets.iter().find(|(path, _)| path == "CNAME")?;
    let text = String::from_utf8_lossy(bytes);
    let domain = text.trim();
    if domain.eq_ignore_ascii_case(setting) {
        return None;
    }
    let (file, key) = if book.config.is_mdbook() {
        ("book.toml", "`[output.html] cname`")
    } else {
        ("handbook.toml", "`cname`")
    };
    Some(
        Diagnostic::file(
            &book.src_dir.join("CNAME"),
            format!("this `CNAME` names `{domain}`, but {key} in {file} names `{setting}`: the site can have only one"),
        )
        .with_help(format!(
            "keep one: delete this file (the setting writes the site's `CNAME`), or remove `cname` from {file}"
        )),
    )
}
