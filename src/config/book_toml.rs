//! An mdBook book's `book.toml` mapped onto skillbook's [`Config`]: `[book]` gives the title,
//! authors, description, language and source directory; `[output.html]` the keys skillbook has
//! an equivalent for; `[output.skillbook]` skillbook's own keys. Everything else is reported once
//! as a note (what skillbook leaves out), never as an error, so the book builds as it is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use super::{Config, Origin};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// `[output.html]` keys that only style or script mdBook's own theme, or tune features skillbook
/// does differently: ignored without a note, since nothing a reader needs is lost.
const THEME_ONLY: [&str; 10] = [
    "default-theme",
    "preferred-dark-theme",
    "copy-fonts",
    "theme",
    "fold",
    "playground",
    "git-repository-icon",
    "live-reload-endpoint",
    "hash-files",
    "sidebar-header-nav",
];

/// Preprocessors whose work skillbook does itself.
const BUILT_IN_PREPROCESSORS: [&str; 3] = ["links", "index", "quiz"];

/// Parses `book.toml` (`text`, read from `path`) into the settings it means for skillbook.
///
/// Returns the configuration (with mdBook's defaults: source directory `src`, smart punctuation
/// on, static task lists) and the notes about what is left out.
/// Errors: a TOML syntax error, a value of the wrong type, or an invalid base URL or language,
/// at its line and column.
pub(crate) fn parse(text: &str, path: &Path) -> Result<(Config, Vec<Diagnostic>), Diagnostics> {
    let table: Table = toml::from_str(text).map_err(|err| {
        let offset = err.span().map_or(0, |s| s.start);
        Diagnostic::error(path, text, offset, err.message().trim().to_string())
    })?;
    let mut reader = Reader {
        text,
        path,
        notes: Vec::new(),
    };
    let mut config = Config {
        src: PathBuf::from("src"),
        smart_punctuation: true,
        checklists: false,
        origin: Origin::MdBook,
        mdbook_build_dir: Some(PathBuf::from("book")),
        mdbook_input_404: Some("404.md".into()),
        ..Config::default()
    };
    for (name, value) in &table {
        match (name.as_str(), value) {
            ("book", Value::Table(book)) => reader.book(book, &mut config)?,
            ("output", Value::Table(outputs)) => reader.outputs(outputs, &mut config)?,
            ("preprocessor", Value::Table(preprocessors)) => reader.preprocessors(preprocessors),
            ("build", Value::Table(build)) => {
                if let Some(dir) = reader.string(build, "build-dir")? {
                    config.mdbook_build_dir = Some(PathBuf::from(dir));
                }
            }
            ("build" | "rust", _) => {}
            (other, _) => reader.note(
                &format!("[{other}]"),
                format!("`{other}` is not an mdBook setting skillbook knows; it is ignored"),
                None,
            ),
        }
    }
    let config = config.checked(text, path)?;
    let mut notes = reader.notes;
    notes.sort_by_key(|n| n.position());
    Ok((config, notes))
}

struct Reader<'a> {
    text: &'a str,
    path: &'a Path,
    notes: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// A note at the first place `needle` is written in the file (its start when absent).
    fn note(&mut self, needle: &str, message: String, help: Option<String>) {
        let offset = self.text.find(needle).unwrap_or(0);
        let mut note = Diagnostic::error(self.path, self.text, offset, message).note();
        if let Some(help) = help {
            note = note.with_help(help);
        }
        self.notes.push(note);
    }

    fn wrong_type(&self, key: &str, expected: &str) -> Diagnostic {
        let offset = self.text.find(key).unwrap_or(0);
        Diagnostic::error(
            self.path,
            self.text,
            offset,
            format!("`{key}` must be {expected}"),
        )
    }

    fn string(&self, table: &Table, key: &str) -> Result<Option<String>, Diagnostic> {
        match table.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.wrong_type(key, "a string")),
        }
    }

    fn bool(&self, table: &Table, key: &str) -> Result<Option<bool>, Diagnostic> {
        match table.get(key) {
            None => Ok(None),
            Some(Value::Boolean(b)) => Ok(Some(*b)),
            Some(_) => Err(self.wrong_type(key, "true or false")),
        }
    }

    fn strings(&self, table: &Table, key: &str) -> Result<Option<Vec<String>>, Diagnostic> {
        match table.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    _ => Err(self.wrong_type(key, "a list of strings")),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(self.wrong_type(key, "a list of strings")),
        }
    }

    fn string_map(
        &self,
        table: &Table,
        key: &str,
    ) -> Result<Option<BTreeMap<String, String>>, Diagnostic> {
        match table.get(key) {
            None => Ok(None),
            Some(Value::Table(map)) => map
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => Ok((k.clone(), s.clone())),
                    _ => Err(self.wrong_type(k, "a string")),
                })
                .collect::<Result<BTreeMap<_, _>, _>>()
                .map(Some),
            Some(_) => Err(self.wrong_type(key, "a table of strings")),
        }
    }

    fn book(&mut self, book: &Table, config: &mut Config) -> Result<(), Diagnostic> {
        if let Some(title) = self.string(book, "title")? {
            config.title = title;
        }
        if let Some(authors) = self.strings(book, "authors")? {
            config.authors = authors;
        }
        if let Some(description) = self.string(book, "description")? {
            config.description = description;
        }
        if let Some(language) = self.string(book, "language")? {
            config.language = language;
        }
        if let Some(src) = self.string(book, "src")? {
            config.src = PathBuf::from(src);
        }
        for key in book.keys() {
            if !["title", "authors", "description", "language", "src"].contains(&key.as_str()) {
                self.note(
                    key,
                    format!("`book.{key}` has no skillbook equivalent; it is ignored"),
                    None,
                );
            }
        }
        Ok(())
    }

    fn outputs(&mut self, outputs: &Table, config: &mut Config) -> Result<(), Diagnostic> {
        for (name, value) in outputs {
            let table = match value {
                Value::Table(t) => t,
                _ => return Err(self.wrong_type(&format!("output.{name}"), "a table")),
            };
            match name.as_str() {
                "html" => self.html(table, config)?,
                "skillbook" => self.skillbook(table, config)?,
                other => self.note(
                    &format!("[output.{other}"),
                    format!("`[output.{other}]` is not run: skillbook builds its own site only"),
                    (other == "linkcheck").then(|| {
                        "skillbook checks internal links on every build, and `skillbook check --site` checks the built site".to_string()
                    }),
                ),
            }
        }
        Ok(())
    }

    /// `[output.html]`: the keys with a skillbook equivalent, one note for the rest.
    fn html(&mut self, html: &Table, config: &mut Config) -> Result<(), Diagnostic> {
        if let Some(css) = self.strings(html, "additional-css")? {
            config.additional_css = css;
        }
        if let Some(js) = self.strings(html, "additional-js")? {
            config.additional_js = js;
        }
        if let Some(url) = self.string(html, "site-url")? {
            if url.starts_with("http://") || url.starts_with("https://") {
                config.base_url = Some(url);
            } else {
                config.site_path = Some(url);
            }
        }
        config.git_repository_url = self.string(html, "git-repository-url")?;
        config.edit_url_template = self.string(html, "edit-url-template")?;
        config.cname = self.string(html, "cname")?;
        if let Some(on) = self.bool(html, "mathjax-support")? {
            config.mathjax_support = on;
        }
        if let Some(page) = self.string(html, "input-404")? {
            config.mdbook_input_404 = Some(page);
        }
        if let Some(on) = self.bool(html, "no-section-label")? {
            config.no_section_label = on;
        }
        for key in ["smart-punctuation", "curly-quotes"] {
            if let Some(on) = self.bool(html, key)? {
                config.smart_punctuation = on;
            }
        }
        if let Some(redirect) = self.string_map(html, "redirect")? {
            config.redirect = redirect;
        }
        if let Some(Value::Table(code)) = html.get("code") {
            if let Some(hidelines) = self.string_map(code, "hidelines")? {
                config.hidelines = hidelines;
            }
        }
        if let Some(Value::Table(search)) = html.get("search") {
            if let Some(on) = self.bool(search, "enable")? {
                config.search = on;
            }
        }
        let mapped = [
            "additional-css",
            "additional-js",
            "site-url",
            "git-repository-url",
            "edit-url-template",
            "cname",
            "mathjax-support",
            "no-section-label",
            "input-404",
            "smart-punctuation",
            "curly-quotes",
            "redirect",
            "code",
            "search",
        ];
        let ignored: Vec<&str> = html
            .keys()
            .map(String::as_str)
            .filter(|k| !mapped.contains(k) && !THEME_ONLY.contains(k))
            .collect();
        if !ignored.is_empty() {
            let list: Vec<String> = ignored.iter().map(|k| format!("`{k}`")).collect();
            self.note(
                "[output.html",
                format!(
                    "[output.html] keys skillbook does not use: {}",
                    list.join(", ")
                ),
                Some("see the README's \"Coming from mdBook\" section".to_string()),
            );
        }
        Ok(())
    }

    /// `[output.skillbook]`: skillbook's own keys in a table mdBook passes over (mark it
    /// `optional = true` so mdBook does not look for a renderer).
    fn skillbook(&mut self, table: &Table, config: &mut Config) -> Result<(), Diagnostic> {
        for (key, value) in table {
            match (key.as_str(), value) {
                ("optional" | "command", _) => {}
                ("checklists", Value::Boolean(b)) => config.checklists = *b,
                ("search", Value::Boolean(b)) => config.search = *b,
                ("base-url", Value::String(s)) => config.base_url = Some(s.clone()),
                ("theme", Value::String(s)) => config.theme = PathBuf::from(s),
                ("progress-id", Value::String(s)) => config.progress_id = Some(s.clone()),
                ("checklists" | "search", _) => return Err(self.wrong_type(key, "true or false")),
                ("base-url" | "theme" | "progress-id", _) => {
                    return Err(self.wrong_type(key, "a string"))
                }
                (other, _) => self.note(
                    other,
                    format!("`output.skillbook.{other}` is not a skillbook setting; it is ignored"),
                    Some("[output.skillbook] takes checklists, search, base-url, theme and progress-id".into()),
                ),
            }
        }
        Ok(())
    }

    fn preprocessors(&mut self, preprocessors: &Table) {
        for name in preprocessors.keys() {
            if !BUILT_IN_PREPROCESSORS.contains(&name.as_str()) {
                self.note(
                    &format!("[preprocessor.{name}"),
                    format!("preprocessor `{name}` is not run: skillbook does not run mdBook preprocessors"),
                    Some("markup only it understands is shown as written".to_string()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_book_and_html_keys_with_mdbook_defaults() {
        let text = "[book]\ntitle = \"T\"\nauthors = [\"A\"]\n\n[output.html]\nadditional-css = [\"x.css\"]\nsite-url = \"/t/\"\n\n[output.html.redirect]\n\"/old.html\" = \"new.html\"\n\n[output.html.code.hidelines]\npython = \"~\"\n";
        let (config, notes) = parse(text, Path::new("book.toml")).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(config.title, "T");
        assert_eq!(config.src, PathBuf::from("src"));
        assert!(config.smart_punctuation && !config.checklists && config.is_mdbook());
        assert_eq!(config.additional_css, ["x.css"]);
        assert_eq!(config.site_path(), "/t/");
        assert_eq!(config.redirect["/old.html"], "new.html");
        assert_eq!(config.hidelines["python"], "~");
    }

    #[test]
    fn unknown_tables_are_notes_once_each() {
        let text = "[book]\ntitle = \"T\"\n[preprocessor.quiz]\n[preprocessor.admonish]\ncommand = \"x\"\n[output.linkcheck]\n[output.html]\nfold.enable = true\nprint.enable = false\n";
        let (_, notes) = parse(text, Path::new("book.toml")).unwrap();
        let lines: Vec<String> = notes.iter().map(|n| n.to_string()).collect();
        assert_eq!(
            lines,
            [
                "book.toml:4:1: note: preprocessor `admonish` is not run: skillbook does not run mdBook preprocessors",
                "book.toml:6:1: note: `[output.linkcheck]` is not run: skillbook builds its own site only",
                "book.toml:7:1: note: [output.html] keys skillbook does not use: `print`",
            ]
        );
    }
}
