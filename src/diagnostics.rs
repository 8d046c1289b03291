//! Content errors as data (path, line, column, severity, message) and their rustc-style report.

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

/// One problem found in the handbook's files.
///
/// `line` and `column` are 1-based; the column counts characters (not bytes). `source` and `span`
/// (byte offsets into `source`) carry the file's text so the report can show the offending line.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The file the problem is in, as the user named it (relative to the working directory).
    pub path: PathBuf,
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
            path: path.to_path_buf(),
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
        Diagnostic {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            source: None,
            span: 0..0,
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

    /// The same diagnostic as an error (how `--strict` treats warnings).
    pub fn error_level(mut self) -> Self {
        self.severity = Severity::Error;
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
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {kind}: {}",
                self.path.display(),
                self.line,
                self.column,
                self.message
            )
        } else {
            write!(f, "{}: {kind}: {}", self.path.display(), self.message)
        }
    }
}

/// Every problem found by one run, in file order, reported together at the end.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Sorts by path, line and column so reports are stable whatever order the stages ran in.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
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
    match &d.source {
        Some(source) => {
            let file = files.add(d.path.display().to_string(), Arc::clone(source));
            report = report.with_labels(vec![Label::primary(file, d.span.clone())]);
        }
        None => {
            report = report.with_notes(vec![format!("in {}", d.path.display())]);
        }
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
