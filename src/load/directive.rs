//! The `{{#name argument}}` directives of a chapter (mdBook's preprocessor syntax), recognised by
//! one scanner for every caller. `{{#quiz path.toml}}` includes a quiz file.

use std::ops::Range;

/// One directive as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive<'a> {
    /// The name after `{{#`, e.g. `quiz`.
    pub(crate) name: &'a str,
    /// Everything between the name and `}}`, trimmed (a path, with any `:anchor` suffix).
    pub(crate) argument: &'a str,
    /// Byte range of the whole `{{#…}}` in the scanned text.
    pub(crate) span: Range<usize>,
}

/// Every directive in `text`, in order. A directive escaped with a backslash (`\{{#quiz x}}`)
/// is not one; a `{{#` without its closing `}}` on the same line is ignored.
pub(crate) fn find(text: &str) -> Vec<Directive<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("{{#").map(|i| from + i) {
        from = at + 3;
        if text[..at].ends_with('\\') {
            continue;
        }
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let Some(close) = text[at..line_end].find("}}").map(|i| at + i) else {
            continue;
        };
        let inner = &text[at + 3..close];
        let name_end = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(inner.len());
        if name_end > 0 {
            found.push(Directive {
                name: &inner[..name_end],
                argument: inner[name_end..].trim(),
                span: at..close + 2,
            });
        }
        from = close + 2;
    }
    found
}

/// The directive `text` consists of, apart from surrounding whitespace (a paragraph holding
/// only `{{#quiz x.toml}}`), if any.
pub(crate) fn whole(text: &str) -> Option<Directive<'_>> {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    let mut found = find(text);
    match found.as_slice() {
        [only] if only.span == (start..end) => found.pop(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_directives_anywhere_and_skips_escaped_ones() {
        let text =
            "> {{#quiz a.toml}}\n\\{{#quiz b.toml}} {{#title  Hi there }}\n{{#quiz c.toml\n}}";
        let found = find(text);
        let names: Vec<(&str, &str)> = found.iter().map(|d| (d.name, d.argument)).collect();
        assert_eq!(names, [("quiz", "a.toml"), ("title", "Hi there")]);
        assert_eq!(&text[found[0].span.clone()], "{{#quiz a.toml}}");
    }

    #[test]
    fn whole_paragraph() {
        assert_eq!(
            whole("  {{#quiz q.toml}}\n").map(|d| d.argument),
            Some("q.toml")
        );
        assert_eq!(whole("see {{#quiz q.toml}}"), None);
        assert_eq!(
            whole("{{#quiz}}").map(|d| (d.name, d.argument)),
            Some(("quiz", ""))
        );
    }
}
