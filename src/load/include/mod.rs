//! mdBook's include directives, expanded in a chapter's Markdown before it is parsed, with
//! mdBook's syntax and meaning: `{{#include file}}` with `:anchor`, `:N`, `:N:M`, `:N:` or
//! `::M` (anchored parts leave out every `ANCHOR:`/`ANCHOR_END:` line; line ranges are 1-based
//! and inclusive), `{{#rustdoc_include file…}}` (lines outside the part become hidden `# `
//! lines), `{{#playground file attrs}}` (a Rust code block), `{{#title text}}` (the page's
//! `<title>`), and `\{{#…}}` shown as written without the backslash. Included text is expanded
//! in turn, relative to its own file, at most [`MAX_DEPTH`] levels deep.
//!
//! The expanded text keeps a [`SourceMap`] from its byte offsets to (file, offset), so a
//! diagnostic about Markdown that came from an included file points at that file's line.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::directive::{self, Directive};
use crate::diagnostics::Diagnostic;
use crate::paths;
use crate::read::read_text;

mod select;
use select::{has_anchor, lines, parse_selector, selected, Selected, Selector};

/// How deep includes may nest (mdBook's limit): an include this deep is left out, with a
/// diagnostic, so a file including itself cannot loop.
pub const MAX_DEPTH: usize = 10;

/// A chapter's Markdown body after its include directives were expanded.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    /// The expanded Markdown.
    pub text: String,
    /// Where each byte of `text` was written.
    pub map: SourceMap,
    /// Offsets in `text` of every `{{#` that was written escaped (`\{{#…}}`): literal text, never
    /// a directive (so `{{#quiz}}` there is not read as a quiz).
    pub literal: Vec<usize>,
}

/// Maps byte offsets of an expanded text to the file and byte offset they were written at.
/// Text the expansion adds itself (the fences of `{{#playground}}`, the `# ` of hidden lines)
/// maps to the directive or line it stands for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceMap {
    /// (offset in the expanded text, index into `files`, offset in that file), by first field.
    pieces: Vec<(usize, usize, usize)>,
    /// The files pieces come from: the chapter first, then each included file once.
    files: Vec<(PathBuf, Arc<str>)>,
}

/// Where a range of an expanded text was written.
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    /// The file, as the user would type it.
    pub file: &'a Path,
    /// Its whole text.
    pub source: &'a Arc<str>,
    /// Start and end byte offsets in `source` (the end clamped to the piece the start is in).
    pub start: usize,
    /// See `start`.
    pub end: usize,
}

impl SourceMap {
    /// Where `range` of the expanded text was written. Costs O(log pieces).
    pub fn locate(&self, range: Range<usize>) -> Location<'_> {
        let i = self
            .pieces
            .partition_point(|p| p.0 <= range.start)
            .saturating_sub(1);
        let (at, file, offset) = self.pieces.get(i).copied().unwrap_or((0, 0, 0));
        let piece_end = self.pieces.get(i + 1).map_or(usize::MAX, |p| p.0);
        let start = offset + range.start.saturating_sub(at);
        let end = offset + range.end.min(piece_end).max(range.start).saturating_sub(at);
        let (path, source) = &self.files[file];
        Location {
            file: path,
            source,
            start,
            end,
        }
    }
}

/// What expanding one chapter produced.
pub(crate) struct Expanded {
    /// `None` when the chapter has no directive to expand (its body is used as written).
    pub(crate) expansion: Option<Expansion>,
    /// The `{{#title}}` text, if any.
    pub(crate) title: Option<String>,
    /// Source paths (relative to the source directory, maybe starting with `../`) of every file
    /// an include directive named, read or not.
    pub(crate) files: Vec<String>,
    /// Missing files and anchors, includes leaving the book, includes nested too deep.
    pub(crate) problems: Vec<Diagnostic>,
}

/// The book a chapter belongs to, as the expansion needs it.
pub struct Context<'a> {
    /// The source directory.
    pub src_dir: &'a Path,
    /// The source directory relative to the book's root (`src`, `.`), to keep includes inside.
    pub src: &'a str,
    /// Whether problems are warnings (a book configured by `book.toml`) rather than errors.
    pub warn: bool,
    /// The book's root: an included file whose real path leads outside it is never read.
    pub root: &'a Path,
}

/// Expands the include directives of the chapter at source path `path` (file `file`, text
/// `source`, Markdown body from `body_start`). Reads the included files from disk, caching them
/// in `cache` by source path.
pub(crate) fn expand(
    context: &Context,
    (path, file, source, body_start): (&str, &Path, &Arc<str>, usize),
    cache: &mut HashMap<String, Arc<str>>,
) -> Expanded {
    let body = &source[body_start..];
    let mut expander = Expander {
        context,
        cache,
        out: String::new(),
        map: SourceMap {
            pieces: Vec::new(),
            files: vec![(file.to_path_buf(), Arc::clone(source))],
        },
        file_index: HashMap::new(),
        literal: Vec::new(),
        title: None,
        files: Vec::new(),
        problems: Vec::new(),
    };
    let wanted = directive::find(body)
        .iter()
        .any(|d| d.escaped || is_expanded(d.name));
    if wanted {
        let input = Input {
            text: Cow::Borrowed(body),
            pieces: vec![(0, 0, body_start)],
            from: path.to_string(),
        };
        expander.expand(&input, 0);
    }
    let expansion = wanted.then(|| Expansion {
        text: std::mem::take(&mut expander.out),
        map: std::mem::take(&mut expander.map),
        literal: std::mem::take(&mut expander.literal),
    });
    Expanded {
        expansion,
        title: expander.title,
        files: expander.files,
        problems: expander.problems,
    }
}

/// Whether the load stage expands directive `name` (the others, like `quiz`, are left for the
/// parse stage).
fn is_expanded(name: &str) -> bool {
    matches!(
        name,
        "include" | "rustdoc_include" | "playground" | "playpen" | "title"
    )
}

/// A text being expanded: the chapter's body or an included file's selected lines.
struct Input<'t> {
    text: Cow<'t, str>,
    /// (offset in `text`, file index, offset in that file), by first field.
    pieces: Vec<(usize, usize, usize)>,
    /// Source path of the file it is in: includes are relative to it.
    from: String,
}

impl Input<'_> {
    /// (file index, offset) where byte `at` of the text was written.
    fn origin(&self, at: usize) -> (usize, usize) {
        let i = self.pieces.partition_point(|p| p.0 <= at).saturating_sub(1);
        let (start, file, offset) = self.pieces[i];
        (file, offset + (at - start))
    }
}

struct Expander<'a> {
    context: &'a Context<'a>,
    cache: &'a mut HashMap<String, Arc<str>>,
    out: String,
    map: SourceMap,
    /// Index in `map.files` of each included file, by source path.
    file_index: HashMap<String, usize>,
    literal: Vec<usize>,
    title: Option<String>,
    files: Vec<String>,
    problems: Vec<Diagnostic>,
}

impl Expander<'_> {
    fn expand(&mut self, input: &Input, depth: usize) {
        let mut copied = 0;
        for d in directive::find(&input.text) {
            if !(d.escaped || is_expanded(d.name)) {
                continue;
            }
            self.copy(input, copied..d.span.start);
            copied = d.span.end;
            if d.escaped {
                self.literal.push(self.out.len());
                self.copy(input, d.span.start + 1..d.span.end);
            } else if d.name == "title" {
                self.title = Some(d.argument.to_string());
            } else if depth >= MAX_DEPTH {
                self.problem(input, &d, format!("includes are nested more than {MAX_DEPTH} levels deep; this one is left out"), "look for a file that includes itself, directly or through others");
            } else if let Some(included) = self.include(input, &d) {
                self.expand(&included, depth + 1);
            } else {
                // As mdBook does, a directive that cannot be expanded stays as written.
                self.copy(input, d.span.clone());
            }
        }
        self.copy(input, copied..input.text.len());
    }

    /// Appends `range` of the input to the output, keeping where each piece was written.
    fn copy(&mut self, input: &Input, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let first = input
            .pieces
            .partition_point(|p| p.0 <= range.start)
            .saturating_sub(1);
        for (i, &(at, file, offset)) in input.pieces.iter().enumerate().skip(first) {
            if at >= range.end {
                break;
            }
            let start = at.max(range.start);
            self.map
                .pieces
                .push((self.out.len(), file, offset + (start - at)));
            let end = input
                .pieces
                .get(i + 1)
                .map_or(range.end, |p| p.0.min(range.end));
            self.out.push_str(&input.text[start..end]);
        }
    }

    fn problem(&mut self, input: &Input, d: &Directive, message: String, help: &str) {
        let (file, offset) = input.origin(d.span.start);
        let (path, source) = &self.map.files[file];
        let mut diagnostic = Diagnostic::at(
            path,
            Arc::clone(source),
            offset..offset + d.span.len(),
            message,
        )
        .with_help(help);
        if self.context.warn {
            diagnostic = diagnostic.warning();
        }
        self.problems.push(diagnostic);
    }

    /// The text directive `d` includes, with where each of its lines was written; `None` (and a
    /// diagnostic) when the file cannot be read or the anchor is missing.
    fn include(&mut self, input: &Input, d: &Directive) -> Option<Input<'static>> {
        let mut words = d.argument.split_whitespace();
        let target = words.next().unwrap_or("");
        let attributes: Vec<&str> = words.collect();
        let (file_part, selector) = target.split_once(':').unwrap_or((target, ""));
        if file_part.is_empty() {
            self.problem(
                input,
                d,
                format!("`{{{{#{}}}}}` names no file", d.name),
                "write the path of the file to include, relative to this file",
            );
            return None;
        }
        let rel = paths::join_outside(&input.from, file_part);
        if !paths::inside_root(self.context.src, &rel) {
            self.problem(
                input,
                d,
                format!("`{file_part}` is outside the book's folder"),
                "skillbook reads only files inside the book's folder; move the file there",
            );
            return None;
        }
        if !self.files.contains(&rel) {
            self.files.push(rel.clone());
        }
        let text = match self.read(&rel) {
            Ok(text) => text,
            Err(reason) => {
                self.problem(
                    input,
                    d,
                    format!("cannot include `{file_part}`: {reason}"),
                    "check the path; it is relative to the file holding the directive",
                );
                return None;
            }
        };
        let file = self.file_index(&rel, &text);
        let lines = lines(&text);
        let selected = match (d.name, parse_selector(selector)) {
            ("playground" | "playpen", _) => {
                return Some(playground(input, d, &text, file, &attributes, rel));
            }
            (_, Selector::Anchor(anchor)) if !has_anchor(&lines, anchor) => {
                self.problem(
                    input,
                    d,
                    format!("`{file_part}` has no anchor `{anchor}`"),
                    "mark the part with `ANCHOR: name` and `ANCHOR_END: name` comment lines",
                );
                return None;
            }
            ("rustdoc_include", selector) => selected(&lines, &selector, true),
            (_, selector) => selected(&lines, &selector, false),
        };
        Some(joined(&text, &selected, file, rel))
    }

    fn read(&mut self, rel: &str) -> Result<Arc<str>, String> {
        if let Some(text) = self.cache.get(rel) {
            return Ok(Arc::clone(text));
        }
        let path = self.context.src_dir.join(rel);
        if !path.is_file() {
            return Err("no such file".to_string());
        }
        let inside = |p: &Path| {
            let root = self
                .context
                .root
                .canonicalize()
                .unwrap_or_else(|_| self.context.root.to_path_buf());
            p.canonicalize().is_ok_and(|p| p.starts_with(root))
        };
        if !inside(&path) {
            return Err("it leads outside the book (a symbolic link); not read".to_string());
        }
        let text: Arc<str> = Arc::from(read_text(&path).map_err(|d| d.message)?);
        self.cache.insert(rel.to_string(), Arc::clone(&text));
        Ok(text)
    }

    fn file_index(&mut self, rel: &str, text: &Arc<str>) -> usize {
        if let Some(&i) = self.file_index.get(rel) {
            return i;
        }
        self.map
            .files
            .push((self.context.src_dir.join(rel), Arc::clone(text)));
        let i = self.map.files.len() - 1;
        self.file_index.insert(rel.to_string(), i);
        i
    }
}

/// The selected lines joined by newlines (no newline after the last, as mdBook joins them).
fn joined(text: &str, selected: &[Selected], file: usize, from: String) -> Input<'static> {
    let mut out = String::with_capacity(text.len());
    let mut pieces = Vec::with_capacity(selected.len() * 2);
    for (n, &(offset, line, hidden)) in selected.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if hidden {
            pieces.push((out.len(), file, offset));
            out.push_str("# ");
        }
        pieces.push((out.len(), file, offset));
        out.push_str(line);
    }
    if pieces.is_empty() {
        pieces.push((0, file, 0));
    }
    Input {
        text: Cow::Owned(out),
        pieces,
        from,
    }
}

/// `{{#playground file attrs}}`: the whole file as a Rust code block with the attributes.
fn playground(
    input: &Input,
    d: &Directive,
    text: &str,
    file: usize,
    attributes: &[&str],
    from: String,
) -> Input<'static> {
    let (at_file, at_offset) = input.origin(d.span.start);
    let mut out = String::from("```rust");
    for attribute in attributes {
        out.push(',');
        out.push_str(attribute);
    }
    out.push('\n');
    let mut pieces = vec![(0, at_file, at_offset), (out.len(), file, 0)];
    out.push_str(text);
    if !text.ends_with('\n') {
        out.push('\n');
    }
    pieces.push((out.len(), at_file, at_offset));
    out.push_str("```\n");
    Input {
        text: Cow::Owned(out),
        pieces,
        from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_read_as_mdbook_reads_them() {
        assert_eq!(parse_selector(""), Selector::Lines(None, None));
        assert_eq!(parse_selector("3"), Selector::Lines(Some(2), Some(3)));
        assert_eq!(parse_selector("3:7"), Selector::Lines(Some(2), Some(7)));
        assert_eq!(parse_selector("3:"), Selector::Lines(Some(2), None));
        assert_eq!(parse_selector(":7"), Selector::Lines(None, Some(7)));
        assert_eq!(parse_selector("main"), Selector::Anchor("main"));
    }

    #[test]
    fn anchored_and_rustdoc_lines() {
        let text = "a\n// ANCHOR: x\nb\n// ANCHOR: y\nc\n// ANCHOR_END: y\n// ANCHOR_END: x\nd\n";
        let all = lines(text);
        let plain: Vec<&str> = selected(&all, &Selector::Anchor("x"), false)
            .iter()
            .map(|l| l.1)
            .collect();
        assert_eq!(plain, ["b", "c"]);
        let rustdoc: Vec<(&str, bool)> = selected(&all, &Selector::Anchor("y"), true)
            .iter()
            .map(|l| (l.1, l.2))
            .collect();
        assert_eq!(
            rustdoc,
            [("a", true), ("b", true), ("c", false), ("d", true)]
        );
        let ranged: Vec<&str> = selected(&all, &Selector::Lines(Some(2), Some(3)), false)
            .iter()
            .map(|l| l.1)
            .collect();
        assert_eq!(ranged, ["b"]);
    }

    #[test]
    fn the_map_points_included_text_at_its_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("part.md"), "one\ntwo\n").unwrap();
        let source: Arc<str> = Arc::from("# T\n{{#include part.md:2}} end\n");
        let context = Context {
            src_dir: dir.path(),
            src: ".",
            warn: false,
            root: dir.path(),
        };
        let mut cache = HashMap::new();
        let expanded = expand(
            &context,
            ("ch.md", Path::new("ch.md"), &source, 0),
            &mut cache,
        );
        let expansion = expanded.expansion.unwrap();
        assert_eq!(expansion.text, "# T\ntwo end\n");
        assert_eq!(expanded.files, ["part.md"]);
        let at = expansion.map.locate(4..7);
        assert_eq!(
            (at.file.ends_with("part.md"), at.start, at.end),
            (true, 4, 7)
        );
        let after = expansion.map.locate(8..11);
        assert_eq!((after.file, after.start), (Path::new("ch.md"), 27));
    }
}
