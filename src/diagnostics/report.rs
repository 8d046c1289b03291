//! The rustc-style report of a list of diagnostics, in time and space linear in the files'
//! sizes: one [`LineIndex`] per file, an excerpt of bounded length per diagnostic, and at most
//! [`SHOWN_PER_KIND`] diagnostics of one kind per file.
//!
//! Everything printed that comes from the handbook (the excerpt of the line, messages, notes and
//! file names) goes through [`escape_controls`] first: control characters are shown as `\u{1b}`,
//! so a file cannot move the cursor, clear the screen or retitle the terminal it is built in.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor};

use super::{Diagnostic, Location, Severity};

/// Diagnostics of one kind (same file, severity and message shape) printed in full; the rest
/// are counted in one line.
pub(super) const SHOWN_PER_KIND: usize = 10;

/// Lines longer than this many bytes are shortened around the span.
const LONG_LINE: usize = 200;
/// Bytes of context kept on each side of the span in a shortened line.
const CONTEXT: usize = 60;
/// Bytes of a span shown in a shortened line.
const SPAN_SHOWN: usize = 100;

/// Where each line of a text starts, built in one pass: line and column of any offset in
/// O(log lines + column).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` (O(text length)).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 0-based line holding byte `offset`.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The byte range of 0-based `line` in `text`, without its line break.
    fn range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        let end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }

    /// 1-based line and character column of byte `offset` (a character boundary) of `text`.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let column = text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }
}

/// A file's index plus the last position worked out in it, so that sorted diagnostics on one
/// long line cost the line's length once, not once each.
struct Indexed {
    index: LineIndex,
    cursor: (usize, usize, usize), // (offset, 0-based line, 1-based column)
}

impl Indexed {
    fn line_column(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.index.line(offset);
        let (at, at_line, at_column) = self.cursor;
        let column = if at_line == line && at <= offset {
            at_column + text[at..offset].chars().count()
        } else {
            text[self.index.starts[line]..offset].chars().count() + 1
        };
        self.cursor = (offset, line, column);
        (line + 1, column)
    }
}

/// One line (or part of a line) of a file, control characters escaped, shown under a
/// diagnostic, with the real line and column numbers it came from.
struct Excerpt {
    name: String,
    text: String,
    line: usize,
    /// The 1-based column in the file where the label starts: the only position codespan asks
    /// for (the header's `file:line:column`), which the escaped text no longer gives.
    column: usize,
}

impl<'a> Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }
    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }
    fn line_index(&'a self, (): (), _: usize) -> Result<usize, FilesError> {
        Ok(0)
    }
    fn line_number(&'a self, (): (), _: usize) -> Result<usize, FilesError> {
        Ok(self.line)
    }
    fn column_number(&'a self, (): (), _: usize, _: usize) -> Result<usize, FilesError> {
        Ok(self.column)
    }
    fn line_range(&'a self, (): (), _: usize) -> Result<Range<usize>, FilesError> {
        Ok(0..self.text.len())
    }
}

/// Renders `diagnostics` as described at [`super::Diagnostics::render`].
/// File paths are shown relative to `base` when they lie under it.
pub(super) fn render(diagnostics: &[Diagnostic], color: bool, base: Option<&Path>) -> String {
    let mut totals: HashMap<Kind, usize> = HashMap::new();
    for d in diagnostics {
        *totals.entry(kind(d)).or_default() += 1;
    }
    let mut shown: HashMap<Kind, usize> = HashMap::new();
    let mut indexes: HashMap<(usize, usize), Indexed> = HashMap::new();
    let mut out = Vec::new();
    for d in diagnostics {
        let kind = kind(d);
        let count = shown.entry(kind.clone()).or_default();
        *count += 1;
        if *count > SHOWN_PER_KIND {
            continue;
        }
        emit(d, &mut indexes, (color, base), &mut out);
        let total = totals[&kind];
        if *count == SHOWN_PER_KIND && total > SHOWN_PER_KIND {
            let more = total - SHOWN_PER_KIND;
            let noun = match (d.severity, more) {
                (Severity::Error, 1) => "error",
                (Severity::Error, _) => "errors",
                (Severity::Warning, 1) => "warning",
                (Severity::Warning, _) => "warnings",
                (Severity::Note, 1) => "note",
                (Severity::Note, _) => "notes",
            };
            let place = match d.location {
                Location::File(_) => " in this file",
                _ => "",
            };
            let line = format!(
                "note: … and {} more “{}” {noun}{place}\n\n",
                thousands(more),
                escape_controls(&kind.2)
            );
            out.extend_from_slice(line.as_bytes());
        }
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
    text.push_str(&summary(diagnostics));
    text
}

/// (location, severity, message shape): diagnostics that differ only in quoted names.
type Kind = (Location, Severity, String);

/// The message with every `quoted` part replaced by `…` and anything after the first `: `
/// dropped: `duplicate heading id `a`` and `duplicate heading id `b`` are of one kind.
fn kind(d: &Diagnostic) -> Kind {
    let mut shape = String::new();
    for (i, part) in d.message.split('`').enumerate() {
        if i % 2 == 1 {
            shape.push_str("`…`");
        } else {
            shape.push_str(part);
        }
    }
    let shape = shape.split(": ").next().unwrap_or("").trim().to_string();
    (d.location.clone(), d.severity, shape)
}

fn emit(
    d: &Diagnostic,
    indexes: &mut HashMap<(usize, usize), Indexed>,
    (color, base): (bool, Option<&Path>),
    out: &mut Vec<u8>,
) {
    let shown = |path: &Path| {
        let relative = base.and_then(|b| path.strip_prefix(b).ok()).unwrap_or(path);
        escape_controls(&relative.display().to_string()).into_owned()
    };
    let severity = match d.severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
        Severity::Note => ReportSeverity::Note,
    };
    let mut report = Report::new(severity).with_message(escape_controls(&d.message));
    let excerpt = match (&d.location, &d.source) {
        (Location::File(path), Some(source)) => {
            let key = (source.as_ptr() as usize, source.len());
            let indexed = indexes.entry(key).or_insert_with(|| Indexed {
                index: LineIndex::new(source),
                cursor: (0, 0, 1),
            });
            let (excerpt, label) = excerpt(shown(path), source, d.span.clone(), indexed);
            report = report.with_labels(vec![Label::primary((), label)]);
            Some(excerpt)
        }
        (Location::File(path), None) => {
            report.notes.push(format!("in {}", shown(path)));
            None
        }
        (Location::Flag(flag), _) => {
            report
                .notes
                .push(format!("in the {} option", escape_controls(flag)));
            None
        }
        (Location::None, _) => None,
    };
    if let Some(help) = &d.help {
        report
            .notes
            .push(format!("help: {}", escape_controls(help)));
    }
    let files = excerpt.unwrap_or_else(|| Excerpt {
        name: String::new(),
        text: String::new(),
        line: 1,
        column: 1,
    });
    write_report(&report, &files, color, out);
}

/// Prints `report` about `files` to `out`, with ANSI colours when `color`.
fn write_report(report: &Report<()>, files: &Excerpt, color: bool, out: &mut Vec<u8>) {
    let config = term::Config::default();
    if color {
        let mut buffer = termcolor::Buffer::ansi();
        let _ = term::emit_to_write_style(&mut buffer, &config, files, report);
        out.extend_from_slice(buffer.as_slice());
    } else {
        let _ = term::emit_to_io_write(out, &config, files, report);
    }
}

/// The line of `source` holding `span.start`, shortened around the span when it is long, with
/// control characters escaped, and the span's range in it (cut at the end of the line).
fn excerpt(
    name: String,
    source: &str,
    span: Range<usize>,
    indexed: &mut Indexed,
) -> (Excerpt, Range<usize>) {
    let (line, column) = indexed.line_column(source, span.start);
    let whole = indexed.index.range(source, line - 1);
    let start = span.start.clamp(whole.start, whole.end);
    let end = span.end.clamp(start, whole.end);
    let (left, right) = if whole.len() <= LONG_LINE {
        (whole.start, whole.end)
    } else {
        let left = floor_char(source, start.saturating_sub(CONTEXT).max(whole.start));
        let shown_end = end.min(start + SPAN_SHOWN);
        let right = ceil_char(source, (shown_end + CONTEXT).min(whole.end));
        (left, right)
    };
    let end = ceil_char(source, end.min(right));
    let prefix = if left > whole.start { "…" } else { "" };
    let suffix = if right < whole.end { "…" } else { "" };
    let before = format!("{prefix}{}", escape_controls(&source[left..start]));
    let spanned = escape_controls(&source[start..end]);
    let after = escape_controls(&source[end..right]);
    let label = before.len()..before.len() + spanned.len();
    let text = format!("{before}{spanned}{after}{suffix}");
    let excerpt = Excerpt {
        name,
        text,
        line,
        column,
    };
    (excerpt, label)
}

/// `text` with every control character except tab (C0, DEL and C1: `char::is_control`) written
/// as a visible escape, `\u{1b}` for ESC: text from the handbook is printed to terminals and CI
/// logs, where ESC and BEL would run commands. Borrows `text` when it has none.
pub(super) fn escape_controls(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\t';
    if !text.contains(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(escaped, "\\u{{{:x}}}", u32::from(c));
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

fn floor_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// `15990` → `15,990`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let count = |severity: Severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let plural =
        |n: usize, word: &str| format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" });
    let parts: Vec<String> = [
        (count(Severity::Error), "error"),
        (count(Severity::Warning), "warning"),
        (count(Severity::Note), "note"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| plural(n, word))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}\n", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use std::path::Path;
    use std::sync::Arc;

    #[test]
    fn line_index_gives_lines_and_character_columns() {
        let text = "ab\né€x\r\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 0), (1, 1));
        assert_eq!(index.line_column(text, 3), (2, 1));
        assert_eq!(index.line_column(text, 8), (2, 3));
        assert_eq!(index.line_column(text, text.len()), (3, 5));
        assert_eq!(index.range(text, 1), 3..9);
    }

    #[test]
    fn a_long_line_is_shortened_around_the_span() {
        let text: Arc<str> = Arc::from(format!("{}BAD{}\n", "a".repeat(5000), "z".repeat(5000)));
        let d = Diagnostic::at(Path::new("p.html"), text, 5000..5003, "bad");
        let shown = Diagnostics::from(d).render(false);
        assert!(shown.contains("┌─ p.html:1:5001"), "{shown}");
        let excerpt = shown.lines().find(|l| l.contains("BAD")).unwrap();
        assert_eq!(
            excerpt,
            format!("1 │ …{}BAD{}…", "a".repeat(60), "z".repeat(60))
        );
        assert!(shown.len() < 600, "{}", shown.len());
    }

    #[test]
    fn control_characters_but_tab_are_escaped() {
        assert_eq!(escape_controls("a\tb é"), Cow::Borrowed("a\tb é"));
        assert_eq!(
            escape_controls("\x1b[2J\x07\r\n\x7f\u{85}\u{9f}\u{a0}"),
            "\\u{1b}[2J\\u{7}\\u{d}\\u{a}\\u{7f}\\u{85}\\u{9f}\u{a0}"
        );
    }

    /// In a shortened line too, the carets stay under the span once the escapes before it have
    /// lengthened the line, and the header keeps the column counted in the file.
    #[test]
    fn carets_stay_under_the_span_after_escaped_characters() {
        let line = format!("{}\x1b\x1b{}BAD\x07z\n", "a".repeat(300), "b".repeat(50));
        let text: Arc<str> = Arc::from(line);
        let d = Diagnostic::at(Path::new("p.md"), text, 352..355, "bad");
        let shown = Diagnostics::from(d).render(false);
        assert!(shown.contains("┌─ p.md:1:353"), "{shown}");
        let excerpt = shown.lines().find(|l| l.contains("BAD")).unwrap();
        let expected = format!(
            "1 │ …aaaaaaaa\\u{{1b}}\\u{{1b}}{}BAD\\u{{7}}z",
            "b".repeat(50)
        );
        assert_eq!(excerpt, expected);
        let carets = shown.lines().find(|l| l.contains('^')).unwrap();
        let column = |line: &str, at: usize| line[..at].chars().count();
        let caret = column(carets, carets.find('^').unwrap());
        assert_eq!(
            caret,
            column(excerpt, excerpt.find("BAD").unwrap()),
            "{shown}"
        );
        assert!(carets.ends_with("^^^"), "{shown}");
    }

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(15990), "15,990");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
