//! Reads `handbook.toml`, the handbook's configuration file (and, for an mdBook book, maps
//! `book.toml` onto the same settings: `book_toml`).

pub(crate) mod book_toml;
pub mod exclude;
pub mod review_every;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The handbook's configuration, from `handbook.toml` (every key optional).
///
/// Keys are kebab-case in the file: `title`, `description`, `authors`, `language`, `src`,
/// `base-url`, `theme`, `smart-punctuation`, `cname`, `search`, `checklists`, `additional-css`,
/// `additional-js`, `git-repository-url`, `edit-url-template`, `mathjax-support`, `review-every`,
/// `exclude`, `progress-id`, `[ui]`, `[redirect]`, `[hidelines]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The handbook's title, shown in the header and in every page's `<title>`.
    pub title: String,
    /// One sentence about the handbook: the home page's meta description.
    pub description: String,
    /// Author names, shown on the home page and in `<meta name="author">`.
    pub authors: Vec<String>,
    /// BCP 47 language tag for `<html lang>`, e.g. `en` (the default) or `de`.
    pub language: String,
    /// Directory holding the chapters, relative to the handbook root (default `.`).
    pub src: PathBuf,
    /// Absolute URL the site is published at, e.g. `https://user.github.io/repo/`; used for
    /// `sitemap.xml` (written only when it is set), `robots.txt`, canonical and Open Graph URLs.
    /// Internal links are always relative, so it is optional.
    pub base_url: Option<String>,
    /// Theme directory relative to the handbook root whose files override the embedded default
    /// theme file by file (default `theme`).
    pub theme: PathBuf,
    /// Turn straight quotes and `--`/`---` into typographic ones (default off).
    pub smart_punctuation: bool,
    /// Custom domain for GitHub Pages, e.g. `handbook.example.com`: written to the site's `CNAME`
    /// file (see [`Config::cname`]).
    pub cname: Option<String>,
    /// Build a search index (under `search/`) and show the search box (default on).
    /// `false` leaves no search UI and no index.
    pub search: bool,
    /// Glob patterns of files and folders under the source directory that are neither chapters
    /// nor copied to the site, in addition to the built-in editor and version-control leftovers
    /// ([`exclude::DEFAULT_EXCLUDE`]). A pattern without `/` matches a name at any depth
    /// (`*.psd`, `drafts`); one with `/` matches a path from the source directory (`notes/*.txt`).
    pub exclude: Vec<String>,
    /// Link target of every chapter's "Edit this page", e.g.
    /// `https://github.com/you/repo/edit/main/{path}`: `{path}` becomes the chapter's source path
    /// relative to the handbook root (as mdBook's key of the same name). No link when unset.
    pub edit_url_template: Option<String>,
    /// Overrides of reader-facing UI strings (`[ui]` table), e.g. `check = "Submit"`; keys are
    /// listed in the README. Defaults come from `language` (English when not translated).
    pub ui: std::collections::BTreeMap<String, String>,
    /// GFM task lists become interactive checklists with progress in the sidebar (default on;
    /// off for a book configured by `book.toml`, where they stay static as in mdBook).
    pub checklists: bool,
    /// Stylesheets (paths relative to the handbook root) copied into the site at the same path and
    /// linked from every page after the theme's, as mdBook's `additional-css`.
    pub additional_css: Vec<String>,
    /// Scripts (paths relative to the handbook root) copied into the site and loaded by every
    /// page after the theme's, as mdBook's `additional-js`.
    pub additional_js: Vec<String>,
    /// The book's source repository, linked from every page's header.
    pub git_repository_url: Option<String>,
    /// Load MathJax (from its CDN, as mdBook does) so `\\( … \\)` and `\\[ … \\]` render as
    /// math (default off).
    pub mathjax_support: bool,
    /// The key readers' progress (checklist ticks, quiz answers) is kept under in their browser;
    /// `None`: derived from `title`, so a new title starts everyone afresh unless this is set.
    pub progress_id: Option<String>,
    /// Redirect pages: an old page's path (`/old.html`, from the site root) to where it moved
    /// (relative to the old page, or absolute), as mdBook's `[output.html.redirect]`.
    pub redirect: BTreeMap<String, String>,
    /// Hidden-line prefixes by code-block language, e.g. `python = "~"`: lines starting with the
    /// prefix are hidden behind a toggle, as mdBook's `[output.html.code.hidelines]`. Rust
    /// blocks always hide lines starting with `# `.
    pub hidelines: BTreeMap<String, String>,
    /// Which file the settings came from (not a key).
    #[serde(skip)]
    pub origin: Origin,
    /// The site's path on its host from mdBook's `site-url` when it is a path (`/book/`), not a
    /// full URL (not a key of `handbook.toml`, which has `base-url`).
    #[serde(skip)]
    pub site_path: Option<String>,
    /// Where mdBook writes its own build of the book (`[build] build-dir`, default `book`,
    /// relative to the root); never read as content (not a key of `handbook.toml`).
    #[serde(skip)]
    pub mdbook_build_dir: Option<PathBuf>,
    /// mdBook's not-found page source (`[output.html] input-404`, default `404.md`, relative to
    /// the source directory), which skillbook does not render: its own `404.html` stands in
    /// (not a key of `handbook.toml`).
    #[serde(skip)]
    pub mdbook_input_404: Option<String>,
    /// mdBook's `no-section-label`: chapters are shown without their SUMMARY.md numbers (not a
    /// key of `handbook.toml`).
    #[serde(skip)]
    pub no_section_label: bool,
    /// How long a chapter's `last-reviewed` date stays current, e.g. `"12 months"` (the
    /// default); a chapter's own `review-every` overrides it.
    pub review_every: review_every::ReviewEvery,
}

/// Which file configured a book: its defaults differ.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Origin {
    /// `handbook.toml`: skillbook's defaults.
    #[default]
    Handbook,
    /// `book.toml` only (or an mdBook layout with neither file): mdBook's defaults — task lists
    /// stay static, the first chapter is the home page, broken links and anchors are warnings.
    MdBook,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Handbook".to_string(),
            description: String::new(),
            authors: Vec::new(),
            language: "en".to_string(),
            src: PathBuf::from("."),
            base_url: None,
            theme: PathBuf::from("theme"),
            smart_punctuation: false,
            cname: None,
            search: true,
            exclude: Vec::new(),
            edit_url_template: None,
            ui: Default::default(),
            checklists: true,
            additional_css: Vec::new(),
            additional_js: Vec::new(),
            git_repository_url: None,
            mathjax_support: false,
            progress_id: None,
            redirect: BTreeMap::new(),
            hidelines: BTreeMap::new(),
            origin: Origin::Handbook,
            site_path: None,
            mdbook_build_dir: None,
            mdbook_input_404: None,
            no_section_label: false,
            review_every: Default::default(),
        }
    }
}

/// The configuration file's name inside a handbook root.
pub const CONFIG_FILE: &str = "handbook.toml";

/// mdBook's configuration file, read when there is no [`CONFIG_FILE`].
pub const BOOK_TOML: &str = "book.toml";

/// Byte offset of the value of `key` in the TOML `text` (where a diagnostic about the value
/// should point): the top-level key, else the first table's (`[book] language`, `[output.skillbook]
/// progress-id` in `book.toml`); 0 when the key is not written as `key = value` on a line of its
/// own.
fn value_offset(text: &str, key: &str) -> usize {
    find_value(text, key, true)
        .or_else(|| find_value(text, key, false))
        .unwrap_or(0)
}

/// The file a book's settings were read from (`handbook.toml` or `book.toml`) with its text,
/// kept with the book so that a later stage can point a diagnostic at a setting without
/// reading the file again.
#[derive(Debug, Clone)]
pub struct ConfigSource {
    /// The file, as the user would type it.
    pub path: PathBuf,
    /// Its whole text.
    pub text: std::sync::Arc<str>,
}

impl ConfigSource {
    /// A diagnostic with `message` at the value of setting `key` (`key = value`: the top-level
    /// key, else the first table's, as [`value_offset`]), or at the file when it is not written
    /// so.
    pub(crate) fn at_value(&self, key: &str, message: String) -> Diagnostic {
        let written =
            find_value(&self.text, key, true).or_else(|| find_value(&self.text, key, false));
        self.at(written, message)
    }

    /// A diagnostic with `message` at the quoted key `key` of a table (`"/old.html" = …` or
    /// `'/old.html' = …` in `[redirect]`), or at the file when it is not written so.
    pub(crate) fn at_quoted_key(&self, key: &str, message: String) -> Diagnostic {
        let text = &self.text;
        let written = [format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .flat_map(|quoted| {
                text.match_indices(quoted.as_str())
                    .filter(|(at, _)| {
                        text[at + quoted.len()..]
                            .trim_start_matches([' ', '\t'])
                            .starts_with('=')
                    })
                    .map(|(at, _)| at)
            })
            .min();
        self.at(written, message)
    }

    fn at(&self, offset: Option<usize>, message: String) -> Diagnostic {
        match offset {
            Some(at) => Diagnostic::at(&self.path, self.text.clone(), at..at, message),
            None => Diagnostic::file(&self.path, message),
        }
    }
}

/// [`value_offset`] among the top-level keys only, or in any table.
fn find_value(text: &str, key: &str, top_level: bool) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        if let Some(rest) = line.trim_start().strip_prefix(key) {
            if let Some(value) = rest.trim_start().strip_prefix('=') {
                let value_start = line.len() - value.trim_start().len();
                if value_start > indent {
                    return Some(offset + value_start);
                }
            }
        }
        if top_level && line.trim_start().starts_with('[') {
            break; // past the top-level keys
        }
        offset += line.len();
    }
    None
}

/// Whether `id` can name a handbook's progress in the reader's browser storage keys.
fn is_progress_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `tag` has the shape of a BCP 47 language tag as used in practice: a 2- or 3-letter
/// ISO 639 language, then `-`-separated subtags of 1–8 ASCII letters or digits (`en`, `pt-BR`,
/// `zh-Hans-CN`).
fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl Config {
    /// Parses the text of `handbook.toml` read from `path`.
    ///
    /// Errors: every problem, each a diagnostic at its line and column: every TOML syntax error,
    /// or else every unknown key and value of the wrong type, then every invalid value.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostics> {
        let at = |offset: usize, message: String| {
            let help = "see the README's \"handbook.toml\" section for every key";
            let help = crate::diagnostics::help_with_guess(&message, help);
            Diagnostic::error(path, text, offset, message).with_help(help)
        };
        let diagnostic = |err: &toml::de::Error| {
            at(
                err.span().map_or(0, |s| s.start),
                err.message().trim().to_string(),
            )
        };
        let (root, syntax) = toml::de::DeTable::parse_recoverable(text);
        if !syntax.is_empty() {
            return Err(syntax.iter().map(diagnostic).collect());
        }
        let span = root.span();
        let mut table = root.into_inner();
        let mut problems = Diagnostics::default();
        // Each error names one key's value: report it, drop that key, and read the rest again.
        for _ in 0..=table.len() {
            let document = toml::Spanned::new(span.clone(), table.clone());
            let err = match Config::deserialize(toml::de::Deserializer::from(document)) {
                Ok(config) => {
                    // The values of the keys left are checked too.
                    match config.checked(text, path) {
                        Ok(config) if problems.is_empty() => return Ok(config),
                        Ok(_) => {}
                        Err(more) => problems.extend(more),
                    }
                    break;
                }
                Err(err) => err,
            };
            problems.push(diagnostic(&err));
            let culprit = err.span().and_then(|at| {
                table
                    .iter()
                    .map(|(key, value)| key.span().start..value.span().end)
                    .position(|entry| entry.contains(&at.start))
            });
            match culprit.and_then(|i| table.keys().nth(i).cloned()) {
                Some(key) => {
                    table.remove(&key);
                }
                None => break,
            }
        }
        problems.sort();
        Err(problems)
    }

    /// The same settings if their values are valid (`base-url`, `language`, `exclude`,
    /// `progress-id`, `[ui]` keys), read from `text` (the file at `path`, for the diagnostics'
    /// positions).
    ///
    /// Errors: a diagnostic at each offending value.
    pub(crate) fn checked(self, text: &str, path: &Path) -> Result<Config, Diagnostics> {
        let config = self;
        let mut problems = Diagnostics::default();
        // An error at the value of `key`.
        let mut at_value = |key: &str, message: String, help: &str| {
            problems.push(
                Diagnostic::error(path, text, value_offset(text, key), message).with_help(help),
            );
        };
        if let Some(Err(message)) = config.base_url.as_deref().map(crate::paths::base_url) {
            at_value(
                "base-url",
                format!("base-url {message}"),
                "write the full address, e.g. \"https://you.github.io/handbook/\"",
            );
        }
        if !is_language_tag(&config.language) {
            at_value(
                "language",
                format!("language `{}` is not a language tag", config.language),
                "write a BCP 47 tag such as \"en\", \"de\", \"pt-BR\" or \"zh-Hans\"",
            );
        }
        if let Err(reason) = exclude::exclude_set(&config.exclude) {
            at_value(
                "exclude",
                format!("invalid pattern in exclude: {reason}"),
                "write glob patterns such as \"*.psd\", \"drafts\" or \"notes/*.txt\"",
            );
        }
        if let Some(id) = config
            .progress_id
            .as_deref()
            .filter(|id| !is_progress_id(id))
        {
            at_value(
                "progress-id",
                format!("progress-id `{id}` is not 1 to 64 letters, digits, `-` or `_`"),
                "write a short name that stays the same, e.g. \"sde2-handbook\"",
            );
        }
        for key in config
            .ui
            .keys()
            .filter(|k| !crate::translations::is_known(k))
        {
            let offset = text
                .find(&format!("{key} ="))
                .or_else(|| text.find(key.as_str()))
                .unwrap_or(0);
            problems.push(
                Diagnostic::error(path, text, offset, format!("unknown UI string `{key}`"))
                    .with_help(format!("known keys: {}", crate::translations::known_keys())),
            );
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// Whether the book follows mdBook's defaults (configured by `book.toml`).
    pub fn is_mdbook(&self) -> bool {
        self.origin == Origin::MdBook
    }

    /// The path the site is served under on its host (`/` unless `base-url` or mdBook's
    /// `site-url` says otherwise), with a slash at each end.
    pub fn site_path(&self) -> String {
        match (self.base_url_with_slash(), &self.site_path) {
            (Some(url), _) => crate::paths::url_path(&url),
            (None, Some(path)) => crate::paths::base_path(path),
            (None, None) => "/".to_string(),
        }
    }

    /// The base URL normalised to end with exactly one `/`, if one is set.
    pub fn base_url_with_slash(&self) -> Option<String> {
        self.base_url
            .as_deref()
            .and_then(|u| crate::paths::base_url(u).ok())
    }

    /// The custom domain `cname` names, trimmed: what the site's `CNAME` file says. `None` when
    /// unset or blank, and then skillbook writes no `CNAME` (one in the source directory is
    /// copied like any other file).
    pub fn cname(&self) -> Option<&str> {
        self.cname
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }

    /// The source of a not-found page, relative to the source directory, which skillbook does
    /// not render (it writes its own `404.html`): mdBook's `input-404` (default `404.md`) for a
    /// book following mdBook's defaults, `404.md` for a handbook. A walk of the source directory
    /// never makes it a chapter.
    pub fn not_found_source(&self) -> &str {
        match (self.origin, &self.mdbook_input_404) {
            (Origin::MdBook, Some(page)) => page,
            _ => "404.md",
        }
    }
}
