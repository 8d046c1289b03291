//! Which lines of an included file an include takes: mdBook's selector after the first `:`
//! (a line, a range or an anchor) and the anchored and `rustdoc_include` variants.

/// Which lines an include takes.
#[derive(Debug, PartialEq)]
pub(super) enum Selector<'a> {
    /// 0-based start (inclusive) and end (exclusive), each open when `None`.
    Lines(Option<usize>, Option<usize>),
    /// The lines between `ANCHOR: name` and `ANCHOR_END: name`.
    Anchor(&'a str),
}

/// mdBook's reading of the part after the first `:`: `N` (line N), `N:M`, `N:` (N to the end),
/// `:M` (to M), empty (everything), else an anchor name.
pub(super) fn parse_selector(selector: &str) -> Selector<'_> {
    let mut parts = selector.splitn(3, ':');
    let first = parts.next().unwrap_or("");
    let start = match first.parse::<usize>() {
        Ok(n) => Some(n.saturating_sub(1)),
        Err(_) if first.is_empty() => None,
        Err(_) => return Selector::Anchor(first),
    };
    let end = parts.next().map(str::parse::<usize>);
    match (start, end) {
        (Some(s), Some(Ok(e))) => Selector::Lines(Some(s), Some(e)),
        (Some(s), Some(Err(_))) => Selector::Lines(Some(s), None),
        (Some(s), None) => Selector::Lines(Some(s), Some(s + 1)),
        (None, Some(Ok(e))) => Selector::Lines(None, Some(e)),
        (None, _) => Selector::Lines(None, None),
    }
}

/// Every line of `text` as (start offset, content without its line ending).
pub(super) fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let content = content.strip_suffix('\r').unwrap_or(content);
        out.push((offset, content));
        offset += line.len();
    }
    out
}

/// The anchor name a line opens (`ANCHOR: name`) or closes (`ANCHOR_END: name`), as mdBook
/// finds it anywhere in the line: the marker, optional whitespace, then word characters and `-`.
pub(super) fn anchor_name<'l>(line: &'l str, marker: &str) -> Option<&'l str> {
    let at = line.find(marker)?;
    let rest = line[at + marker.len()..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

pub(super) fn opens(line: &str) -> Option<&str> {
    anchor_name(line, "ANCHOR:")
}

pub(super) fn closes(line: &str) -> Option<&str> {
    anchor_name(line, "ANCHOR_END:")
}

pub(super) fn has_anchor(lines: &[(usize, &str)], anchor: &str) -> bool {
    lines.iter().any(|(_, l)| opens(l) == Some(anchor))
}

/// A selected line: its start offset, content, and whether it becomes a hidden `# ` line.
pub(super) type Selected<'t> = (usize, &'t str, bool);

pub(super) fn in_range(index: usize, start: Option<usize>, end: Option<usize>) -> bool {
    start.is_none_or(|s| index >= s) && end.is_none_or(|e| index < e)
}

/// The lines an include takes. `{{#include}}` (`hide_rest` false): the lines of the range as
/// they are, or the anchored part without anchor lines. `{{#rustdoc_include}}` (`hide_rest`
/// true): every line, those outside the range or anchored part hidden; anchor lines left out.
pub(super) fn selected<'t>(
    lines: &[(usize, &'t str)],
    selector: &Selector,
    hide_rest: bool,
) -> Vec<Selected<'t>> {
    match selector {
        Selector::Lines(start, end) => lines
            .iter()
            .enumerate()
            .map(|(i, &(o, l))| (o, l, !in_range(i, *start, *end)))
            .filter(|&(_, _, outside)| hide_rest || !outside)
            .collect(),
        Selector::Anchor(anchor) => anchored(lines, anchor, hide_rest),
    }
}

/// The lines between `ANCHOR: anchor` and `ANCHOR_END: anchor` (every anchor line left out);
/// with `hide_rest`, every other line too, hidden, and the part may open again later.
pub(super) fn anchored<'t>(
    lines: &[(usize, &'t str)],
    anchor: &str,
    hide_rest: bool,
) -> Vec<Selected<'t>> {
    let mut out = Vec::new();
    let mut inside = false;
    for &(offset, line) in lines {
        let (open, close) = (opens(line), closes(line));
        if inside {
            match close {
                Some(name) if name == anchor && hide_rest => inside = false,
                Some(name) if name == anchor => break,
                None if open.is_none() => out.push((offset, line, false)),
                _ => {}
            }
        } else if open == Some(anchor) {
            inside = true;
        } else if hide_rest && open.is_none() && close.is_none() {
            out.push((offset, line, true));
        }
    }
    out
}
