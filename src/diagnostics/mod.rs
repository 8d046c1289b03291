//! Problems as data (location, span, severity, message) and their rustc-style report.
//!
//! A diagnostic keeps a shared handle on its file's text and a byte span; line and column are
//! worked out only when it is printed, through one line index per file (`report`), so printing
//! N diagnostics of one file costs the file's size once, not N times.

mod report;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use report::LineIndex;

/// How bad a diagnostic is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Printed for information (a setting that was ignored, a link left unchecked); never fails
    /// the build, not even with `--strict`.
    Note,
    /// Printed; the build still succeeds (`--strict` makes it an error).
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
/// A diagnostic made with [`Diagnostic::at`] or [`Diagnostic::error`] carries its file's text and
/// a byte span in it, so the report can show the offending line; [`Diagnostic::position`] gives
/// the 1-based line and character column.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// What the problem is about.
    pub location: Location,
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
    /// An error at byte `offset` of `text`, the contents of `path`. Offsets past the end are
    /// clamped. Copies `text`: when several diagnostics share a file, use [`Diagnostic::at`].
    pub fn error(path: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        Self::at(path, Arc::from(text), offset..offset, message)
    }

    /// An error over the byte range `span` of `source`, the shared contents of `path`. Offsets
    /// past the end are clamped to the end, and inside a character to its start. Costs O(1).
    pub fn at(
        path: &Path,
        source: Arc<str>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let start = clamp_to_char(&source, span.start);
        let end = clamp_to_char(&source, span.end.max(start));
        Diagnostic {
            location: Location::File(path.to_path_buf()),
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

    /// The 1-based line and character column where the problem starts, or `None` when it
    /// concerns a whole file, a flag or nothing in particular. Costs O(offset); reports use a
    /// shared [`LineIndex`] instead.
    pub fn position(&self) -> Option<(usize, usize)> {
        let source = self.source.as_deref()?;
        Some(line_column(source, self.span.start))
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

    /// The same diagnostic as a note: information that never fails the build.
    pub fn note(mut self) -> Self {
        self.severity = Severity::Note;
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
    /// One line: `path:line:col: error: message` (`path: …` without a position, `--flag: …` for
    /// a flag, `error: …` for neither), control characters in the path and message escaped as in
    /// [`Diagnostics::render`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let message = report::escape_controls(&self.message);
        let shown = |path: &Path| report::escape_controls(&path.display().to_string()).into_owned();
        match (&self.location, self.position()) {
            (Location::File(path), Some((line, column))) => {
                write!(f, "{}:{line}:{column}: {kind}: {message}", shown(path))
            }
            (Location::File(path), None) => write!(f, "{}: {kind}: {message}", shown(path)),
            (Location::Flag(flag), _) => write!(f, "{flag}: {kind}: {message}"),
            (Location::None, _) => write!(f, "{kind}: {message}"),
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

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
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

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Keeps only the diagnostics for which `keep` returns true.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.0.retain(keep);
    }

    /// Keeps only the first diagnostic of each (location, message) pair: a broken template fails
    /// every page the same way and is reported once.
    pub fn dedup_messages(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.0
            .retain(|d| seen.insert((d.location.clone(), d.message.clone())));
    }

    /// Sorts by location, then position in the file (whole-file problems first), so reports are
    /// stable whatever order the stages ran in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| (d.source.is_some(), d.span.start);
            (&a.location, key(a)).cmp(&(&b.location, key(b)))
        });
    }

    /// Renders every diagnostic rustc-style with a bounded excerpt of its line (long lines are
    /// shortened around the span), at most `report::SHOWN_PER_KIND` of one kind per file with
    /// a line counting the rest, then a summary line. `color` adds ANSI colours (use it only when
    /// stderr is a terminal). Control characters other than tab in anything taken from the
    /// handbook (lines, messages, file names) are shown escaped (`\u{1b}`), never sent to the
    /// terminal. Costs O(total size of the files involved + output).
    pub fn render(&self, color: bool) -> String {
        report::render(&self.0, color, None)
    }

    /// [`Diagnostics::render`], with every file path under `base` shown relative to it (e.g. the
    /// handbook root, so a browser is never shown where the handbook lives on disk).
    pub fn render_relative(&self, color: bool, base: &Path) -> String {
        report::render(&self.0, color, Some(base))
    }
}

fn clamp_to_char(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// 1-based line and character column of byte `offset` in `text`. Costs O(offset): for many
/// offsets into one text, build a [`LineIndex`] once.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..clamp_to_char(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// For a parser's "unknown field `x`, expected one of `a`, `b`" message (serde's wording, as
/// `toml` reports an unknown key): "did you mean `b`?" for the expected name closest to `x`, at
/// most two edits away (Damerau–Levenshtein, `strsim`). `None` for any other message, or when no
/// expected name is that close.
fn did_you_mean(message: &str) -> Option<String> {
    let rest = message.split_once("unknown field `")?.1;
    let (unknown, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected")?.1;
    let names = expected.split('`').skip(1).step_by(2);
    let (distance, name) = names
        .map(|name| (strsim::damerau_levenshtein(unknown, name), name))
        .min()?;
    (distance <= 2).then(|| format!("did you mean `{name}`?"))
}

/// The first `shown` of `names` in backticks, then how many more: "`a`, `b` and 3 more".
pub(crate) fn some_of(names: &[impl AsRef<str>], shown: usize) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{}`", n.as_ref())).collect();
    first_few(&quoted, shown)
}

/// The first `shown` of `names` as they are, then how many more: "a, b and 3 more".
pub(crate) fn first_few(names: &[impl AsRef<str>], shown: usize) -> String {
    let listed: Vec<&str> = names.iter().take(shown).map(AsRef::as_ref).collect();
    match names.len().saturating_sub(shown) {
        0 => listed.join(", "),
        more => format!("{} and {more} more", listed.join(", ")),
    }
}

/// `help` for a parser's `message`, led by [`did_you_mean`]'s guess when it has one
/// ("did you mean `search`? see the README…").
pub(crate) fn help_with_guess(message: &str, help: &str) -> String {
    match did_you_mean(message) {
        Some(guess) => format!("{guess} {help}"),
        None => help.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_key_is_answered_with_the_closest_expected_one_when_it_is_close() {
        let unknown = |key: &str| {
            did_you_mean(&format!(
                "unknown field `{key}`, expected one of `search`, `language`, `base-url`"
            ))
        };
        assert_eq!(unknown("serach").as_deref(), Some("did you mean `search`?"));
        assert_eq!(
            unknown("langauge").as_deref(),
            Some("did you mean `language`?")
        );
        assert_eq!(
            unknown("baseurl").as_deref(),
            Some("did you mean `base-url`?")
        );
        assert_eq!(unknown("colour"), None);
        // serde's wording for two expected names.
        let two = "unknown field `tittle`, expected `title` or `part`";
        assert_eq!(did_you_mean(two).as_deref(), Some("did you mean `title`?"));
        assert_eq!(did_you_mean("invalid basic string, expected `\"`"), None);
    }

    #[test]
    fn some_of_a_list_names_the_first_few_and_counts_the_rest() {
        assert_eq!(some_of(&["a", "b"], 5), "`a`, `b`");
        assert_eq!(some_of(&["a", "b", "c", "d"], 2), "`a`, `b` and 2 more");
        assert_eq!(some_of(&[] as &[&str], 2), "");
    }

    /// `serve mybook` put `mybook/` (the path as typed, relative to the current directory) in
    /// front of every path the browser was shown; paths are now shown relative to the handbook.
    #[test]
    fn error_paths_were_relative_to_the_current_directory() {
        let text = "x\n\n[broken](nowhere.md)\n";
        let diagnostics = Diagnostics::from(vec![
            Diagnostic::error(Path::new("mybook/01-one.md"), text, 3, "broken link"),
            Diagnostic::file(Path::new("mybook/part/two.md"), "unreadable"),
        ]);
        let shown = diagnostics.render_relative(false, Path::new("mybook"));
        assert!(shown.contains("┌─ 01-one.md:3:1"), "{shown}");
        assert!(shown.contains(" = in part/two.md\n"), "{shown}");
        assert!(!shown.contains("mybook"), "{shown}");
        let absolute = std::path::absolute("mybook").expect("absolute");
        let diagnostics = Diagnostics::from(Diagnostic::file(&absolute.join("a.md"), "unreadable"));
        assert_eq!(
            diagnostics.render_relative(false, &absolute),
            diagnostics
                .render(false)
                .replace(&format!("{}/", absolute.display()), "")
        );
    }

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
