//! Problems as data (location, line, column, severity, message) and their rustc-style report.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

/// How bad a diagnostic is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Printed; the build still succeeds.
    Warning,
    /// The build fails with exit status 1 after every problem has been reported.
    Error,
}

/// What a diagnostic is about: a file (with or without a position), a command-line flag, or
/// nothing in particular.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A file, as the user named it (relative to the working directory).
    File(PathBuf),
    /// A command-line flag, e.g. `--base-url`.
    Flag(String),
    /// Neither a file nor a flag: the message says what failed (e.g. the dev server's socket).
    None,
}

/// One problem found in the handbook's files, in a command-line flag, or while running.
///
/// `line` and `column` are 1-based; the column counts characters (not bytes). `source` and `span`
/// (byte offsets into `source`) carry the file's text so the report can show the offending line.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// What the problem is about.
    pub location: Location,
    /// 1-based line number; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column in characters; 0 when the problem concerns the file as a whole.
    pub column: usize,
    /// Whether the build fails.
    pub severity: Severity,
    /// What is wrong, one line, no trailing period.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    source: Option<Arc<str>>,
    span: Range<usize>,
}

impl Diagnostic {
    /// An error at byte `offset` of `text`, the contents of `path`. Offsets past the end are clamped.
    pub fn error(path: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        Self::at(path, Arc::from(text), offset..offset, message)
    }

    /// An error over the byte range `span` of `source`, the shared contents of `path`.
    pub fn at(
        path: &Path,
        source: Arc<str>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let start = clamp_to_char(&source, span.start);
        let mut end = clamp_to_char(&source, span.end.max(start));
        while end > start && source[..end].ends_with(['\n', '\r']) {
            end -= 1;
        }
        let (line, column) = line_column(&source, start);
        Diagnostic {
            location: Location::File(path.to_path_buf()),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            source: Some(source),
            span: start..end,
        }
    }

    /// An error about a whole file (or a file that could not be read), without a position.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Self::located(Location::File(path.to_path_buf()), message)
    }

    /// An error about the value of command-line flag `flag` (written with its dashes, e.g.
    /// `--base-url`).
    pub fn flag(flag: &str, message: impl Into<String>) -> Self {
        Self::located(Location::Flag(flag.to_string()), message)
    }

    /// An error about neither a file nor a flag; `message` must say what failed.
    pub fn general(message: impl Into<String>) -> Self {
        Self::located(Location::None, message)
    }

    fn located(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            line: 0,
            column: 0,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            source: None,
            span: 0..0,
        }
    }

    /// The file this diagnostic is about, if it is about a file.
    pub fn path(&self) -> Option<&Path> {
        match &self.location {
            Location::File(path) => Some(path),
            _ => None,
        }
    }

    /// The same diagnostic with a "how to fix it" note.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic downgraded to a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `path:line:col: error: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.location {
            Location::File(path) if self.line > 0 => write!(
                f,
                "{}:{}:{}: {kind}: {}",
                path.display(),
                self.line,
                self.column,
                self.message
            ),
            Location::File(path) => write!(f, "{}: {kind}: {}", path.display(), self.message),
            Location::Flag(flag) => write!(f, "{flag}: {kind}: {}", self.message),
            Location::None => write!(f, "{kind}: {}", self.message),
        }
    }
}

/// Every problem found by one run, in file order, reported together at the end.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Diagnostics(diagnostics)
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Diagnostics {
    /// Adds one diagnostic at the end.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Number of diagnostics, errors and warnings together.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no diagnostic at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every diagnostic, in the order they were added (or sorted, after [`Diagnostics::sort`]).
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Keeps only the first diagnostic of each (location, message) pair: a broken template fails
    /// every page the same way and is reported once.
    pub fn dedup_messages(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.0
            .retain(|d| seen.insert((d.location.clone(), d.message.clone())));
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Sorts by path, line and column so reports are stable whatever order the stages ran in.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| (&a.location, a.line, a.column).cmp(&(&b.location, b.line, b.column)));
    }

    /// Renders every diagnostic rustc-style with its source line, plus a summary line.
    /// `color` adds ANSI colours (use it only when stderr is a terminal).
    pub fn render(&self, color: bool) -> String {
        let mut files = SimpleFiles::new();
        let config = term::Config::default();
        let mut out = Vec::new();
        for diagnostic in &self.0 {
            let report = to_report(diagnostic, &mut files);
            if color {
                let mut buffer = termcolor::Buffer::ansi();
                let _ = term::emit_to_write_style(&mut buffer, &config, &files, &report);
                out.extend_from_slice(buffer.as_slice());
            } else {
                let _ = term::emit_to_io_write(&mut out, &config, &files, &report);
            }
        }
        let mut text = String::from_utf8_lossy(&out).into_owned();
        text.push_str(&self.summary());
        text
    }

    fn summary(&self) -> String {
        let errors = self.0.iter().filter(|d| d.is_error()).count();
        let warnings = self.0.len() - errors;
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        match (errors, warnings) {
            (0, 0) => String::new(),
            (0, w) => format!("{}\n", plural(w, "warning")),
            (e, 0) => format!("{}\n", plural(e, "error")),
            (e, w) => format!("{}, {}\n", plural(e, "error"), plural(w, "warning")),
        }
    }
}

fn to_report(d: &Diagnostic, files: &mut SimpleFiles<String, Arc<str>>) -> Report<usize> {
    let severity = match d.severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
    };
    let mut report = Report::new(severity).with_message(&d.message);
    match (&d.location, &d.source) {
        (Location::File(path), Some(source)) => {
            let file = files.add(path.display().to_string(), Arc::clone(source));
            report = report.with_labels(vec![Label::primary(file, d.span.clone())]);
        }
        (Location::File(path), None) => {
            report = report.with_notes(vec![format!("in {}", path.display())]);
        }
        (Location::Flag(flag), _) => {
            report = report.with_notes(vec![format!("in the {flag} option")]);
        }
        (Location::None, _) => {}
    }
    if let Some(help) = &d.help {
        report.notes.push(format!("help: {help}"));
    }
    report
}

fn clamp_to_char(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..clamp_to_char(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_form_names_a_file_a_flag_or_nothing() {
        let text = "a\nbcd\n";
        let at = Diagnostic::error(Path::new("ch.md"), text, 3, "bad");
        assert_eq!(at.to_string(), "ch.md:2:2: error: bad");
        let file = Diagnostic::file(Path::new("ch.md"), "bad").warning();
        assert_eq!(file.to_string(), "ch.md: warning: bad");
        assert_eq!(
            Diagnostic::flag("--base-url", "bad").to_string(),
            "--base-url: error: bad"
        );
        assert_eq!(Diagnostic::general("bad").to_string(), "error: bad");
    }

    #[test]
    fn push_extend_and_from_collect_in_order() {
        let mut all = Diagnostics::from(Diagnostic::general("one"));
        all.push(Diagnostic::general("two").warning());
        all.extend([Diagnostic::flag("--x", "three")]);
        let messages: Vec<&str> = all.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["one", "two", "three"]);
        assert!(all.has_errors());
        assert_eq!(all.len(), 3);
    }
}
