//! The `{{#name argument}}` directives of a chapter (mdBook's preprocessor syntax), recognised by
//! one scanner for every caller: `{{#include file}}`, `{{#rustdoc_include file}}`,
//! `{{#playground file}}` and `{{#title text}}` are expanded by the load stage
//! ([`super::include`]); `{{#quiz path.toml}}` includes a quiz file.
//!
//! The grammar is mdBook's: `{{`, optional whitespace, `#`, a name of ASCII letters, digits, `_`
//! or `-`, whitespace, an argument without `}` (it may span lines), `}}`. skillbook also reads a
//! directive with no argument (`{{#quiz}}`) so it can say what is missing. A backslash before
//! `{{#` escapes everything up to the last `}}` on its line: it is shown as written, without the
//! backslash.

use std::ops::Range;

/// One directive as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive<'a> {
    /// The name after `{{#`, e.g. `quiz`.
    pub(crate) name: &'a str,
    /// Everything between the name and `}}`, trimmed (a path, with any `:anchor` suffix).
    pub(crate) argument: &'a str,
    /// Byte range of the whole `{{#…}}` in the scanned text, the escaping backslash included.
    pub(crate) span: Range<usize>,
    /// Written `\{{#…}}`: literal text, not a directive.
    pub(crate) escaped: bool,
}

/// Every directive in `text`, escaped ones included (marked), in order. Costs O(text length).
pub(crate) fn find(text: &str) -> Vec<Directive<'_>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("{{").map(|i| from + i) {
        from = at + 2;
        if at > 0 && bytes[at - 1] == b'\\' && bytes.get(at + 2) == Some(&b'#') {
            if let Some(d) = escaped(text, at) {
                from = d.span.end;
                found.push(d);
            }
            continue;
        }
        match directive(text, at) {
            Ok(d) => {
                from = d.span.end;
                found.push(d);
            }
            // No directive can start before a lone `}` and end after it: skip past it.
            Err(Some(brace)) => from = from.max(brace),
            Err(None) => {}
        }
    }
    found
}

/// The escaped directive whose `{{` is at `at` (after a backslash): up to the last `}}` on the line.
fn escaped(text: &str, at: usize) -> Option<Directive<'_>> {
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let close = text[at + 3..line_end].rfind("}}").map(|i| at + 3 + i)?;
    let inner = &text[at + 3..close];
    let name_end = inner
        .find(|c: char| !is_name_char(c))
        .unwrap_or(inner.len());
    Some(Directive {
        name: &inner[..name_end],
        argument: inner[name_end..].trim(),
        span: at - 1..close + 2,
        escaped: true,
    })
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The directive whose `{{` is at `at`. Errors: the position of the first `}` after it when
/// that `}` does not close a directive, `None` when there is no directive and no `}` to skip to.
fn directive(text: &str, at: usize) -> Result<Directive<'_>, Option<usize>> {
    let rest = &text[at + 2..];
    let hash = at + 2 + (rest.len() - rest.trim_start().len());
    if text.as_bytes().get(hash) != Some(&b'#') {
        return Err(None);
    }
    let name_start = hash + 1;
    let name_len = text[name_start..]
        .find(|c: char| !is_name_char(c))
        .unwrap_or(text.len() - name_start);
    let name_end = name_start + name_len;
    let brace = text[name_end..].find('}').map(|i| name_end + i);
    let Some(brace) = brace else {
        return Err(None);
    };
    let closes = text[brace..].starts_with("}}");
    let separated = brace == name_end || text[name_end..].starts_with(char::is_whitespace);
    if name_len == 0 || !closes || !separated {
        return Err(Some(brace));
    }
    Ok(Directive {
        name: &text[name_start..name_end],
        argument: text[name_end..brace].trim(),
        span: at..brace + 2,
        escaped: false,
    })
}

/// The directive `text` consists of, apart from surrounding whitespace (a paragraph holding
/// only `{{#quiz x.toml}}`), if any; an escaped one is not.
pub(crate) fn whole(text: &str) -> Option<Directive<'_>> {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    let mut found = find(text);
    match found.as_slice() {
        [only] if only.span == (start..end) && !only.escaped => found.pop(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_directives_anywhere_and_skips_escaped_ones() {
        let text = "> {{#quiz a.toml}}\n\\{{#quiz b.toml}} {{#title x}}\n{{ #title  Hi there }} {{#quiz c.toml\n}} {{#x}y}} {{#include}}";
        let found = find(text);
        let names: Vec<(&str, &str, bool)> = found
            .iter()
            .map(|d| (d.name, d.argument, d.escaped))
            .collect();
        assert_eq!(
            names,
            [
                ("quiz", "a.toml", false),
                ("quiz", "b.toml}} {{#title x", true),
                ("title", "Hi there", false),
                ("quiz", "c.toml", false),
                ("include", "", false),
            ]
        );
        assert_eq!(&text[found[0].span.clone()], "{{#quiz a.toml}}");
        assert_eq!(
            &text[found[1].span.clone()],
            "\\{{#quiz b.toml}} {{#title x}}"
        );
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
