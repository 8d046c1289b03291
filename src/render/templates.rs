//! The theme's tera templates: compiled once per build, checked for include loops first, and
//! every tera error turned into a diagnostic at the template's own file, line and column.

use tera::Tera;

use crate::diagnostics::Diagnostic;
use crate::load::Book;

pub(super) fn templates(book: &Book) -> Result<Tera, Diagnostic> {
    let sources: Vec<(String, String)> = book
        .theme
        .templates()
        .map(|(n, t)| (n.to_string(), t))
        .collect();
    if let Some(cycle) = template_cycle(book, &sources) {
        return Err(cycle);
    }
    let mut tera = Tera::default();
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| template_error(book, &e))?;
    if let Some(unused) = unused_block(book, &tera, &sources) {
        return Err(unused);
    }
    tera.autoescape_on(vec![".html"]);
    Ok(tera)
}

/// A block of a template that extends another where no template it extends has that block, so
/// its content would never be shown (`{% block content %}` in a `page.html` extending a
/// `base.html` whose block is `main`): a diagnostic at the block's tag, naming the blocks there.
fn unused_block(book: &Book, tera: &Tera, sources: &[(String, String)]) -> Option<Diagnostic> {
    for (name, text) in sources {
        let Ok(template) = tera.get_template(name) else {
            continue;
        };
        if template.parents.is_empty() {
            continue;
        }
        let parents: Vec<&tera::Template> = template
            .parents
            .iter()
            .filter_map(|p| tera.get_template(p).ok())
            .collect();
        let mut names: Vec<&String> = template.blocks.keys().collect();
        names.sort();
        let Some(block) = names
            .into_iter()
            .find(|b| !parents.iter().any(|p| p.blocks.contains_key(*b)))
        else {
            continue;
        };
        let mut known: Vec<&str> = parents
            .iter()
            .flat_map(|p| p.blocks.keys().map(String::as_str))
            .collect();
        known.sort_unstable();
        known.dedup();
        let offset = block_tag(text, block).unwrap_or(0);
        let message = format!(
            "block `{block}` is in no template `{name}` extends ({}), so its content is never shown",
            template.parents.join(", ")
        );
        let help = format!(
            "name one of their blocks: {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Some(
            Diagnostic::error(&template_path(book, name), text, offset, message).with_help(help),
        );
    }
    None
}

/// Where `{% block NAME %}` opens in `text` (whitespace control and spacing as tera allows).
fn block_tag(text: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = text[from..].find("{%").map(|i| from + i) {
        let tag = text[open + 2..].trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        let mut words = tag.split_whitespace();
        if words.next() == Some("block") && words.next() == Some(name) {
            return Some(open);
        }
        from = open + 2;
    }
    None
}

/// The template names a template pulls in with `{% include %}`, `{% extends %}` or `{% import %}`,
/// with the byte offset of each tag.
pub(super) fn template_references(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut base = 0;
    while let Some(open) = rest.find("{%") {
        // The closing `%}` is searched after the opening `{%`, so `{%}` is not a tag.
        let Some(close) = rest[open + 2..].find("%}").map(|i| i + 2) else {
            break;
        };
        let tag =
            rest[open + 2..open + close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let keyword = tag.split_whitespace().next().unwrap_or("");
        if matches!(keyword, "include" | "extends" | "import") {
            if let Some(name) = tag.split(['"', '\'']).nth(1) {
                out.push((name.to_string(), base + open));
            }
        }
        base += open + close + 2;
        rest = &rest[open + close + 2..];
    }
    out
}

/// A template that includes, extends or imports itself through a chain of others (which would
/// recurse without end), as a diagnostic at the tag that closes the loop.
pub(super) fn template_cycle(book: &Book, sources: &[(String, String)]) -> Option<Diagnostic> {
    let graph: std::collections::HashMap<&str, Vec<(String, usize)>> = sources
        .iter()
        .map(|(n, t)| (n.as_str(), template_references(t)))
        .collect();
    fn visit<'a>(
        name: &'a str,
        graph: &'a std::collections::HashMap<&str, Vec<(String, usize)>>,
        path: &mut Vec<&'a str>,
        done: &mut std::collections::HashSet<&'a str>,
    ) -> Option<(&'a str, usize, Vec<&'a str>)> {
        if done.contains(name) {
            return None;
        }
        path.push(name);
        for (next, offset) in graph.get(name).map(Vec::as_slice).unwrap_or_default() {
            if path.contains(&next.as_str()) {
                let mut cycle = path.clone();
                cycle.push(next);
                return Some((name, *offset, cycle));
            }
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(name);
        None
    }
    let mut done = std::collections::HashSet::new();
    let mut names: Vec<&str> = graph.keys().copied().collect();
    names.sort_unstable();
    for name in names {
        if let Some((at, offset, cycle)) = visit(name, &graph, &mut Vec::new(), &mut done) {
            let text = sources
                .iter()
                .find(|(n, _)| n == at)
                .map_or("", |(_, t)| t.as_str());
            return Some(
                Diagnostic::error(
                    &template_path(book, at),
                    text,
                    offset,
                    format!(
                        "templates include each other in a loop: {}",
                        cycle.join(" → ")
                    ),
                )
                .with_help("remove one of these include/extends/import tags"),
            );
        }
    }
    None
}

/// Where a template comes from: the handbook's theme directory if it overrides it, else the
/// built-in theme.
pub(super) fn template_path(book: &Book, name: &str) -> std::path::PathBuf {
    book.theme.source_path(&format!("templates/{name}"))
}

/// A tera error as a diagnostic at the template file, line and column it names.
pub(super) fn template_error(book: &Book, error: &tera::Error) -> Diagnostic {
    let mut chain = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        chain.push('\n');
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    // The innermost template named is the one at fault ("… while rendering 'partials/x.html'").
    let quoted: Vec<&str> = chain.split(['"', '\'']).skip(1).step_by(2).collect();
    let name = quoted
        .iter()
        .rev()
        .find(|n| book.theme.files.contains_key(&format!("templates/{n}")))
        .unwrap_or(&"")
        .to_string();
    let text = book
        .theme
        .files
        .get(&format!("templates/{name}"))
        .map(|b| String::from_utf8_lossy(b).into_owned());
    let position = chain.split("--> ").nth(1).and_then(|rest| {
        let (line, col) = rest.split_whitespace().next()?.split_once(':')?;
        Some((line.parse::<usize>().ok()?, col.parse::<usize>().ok()?))
    });
    let detail = chain
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .or_else(|| chain.lines().map(str::trim).rfind(|l| !l.is_empty()))
        .unwrap_or("");
    let message = format!("template error in `{name}`: {detail}");
    let path = template_path(book, &name);
    let help = "fix the template in the handbook's theme/templates directory, or delete it to use the built-in one";
    match (text, position) {
        (Some(text), Some((line, col))) => {
            let offset = text
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum::<usize>()
                + col.saturating_sub(1);
            Diagnostic::error(&path, &text, offset, message).with_help(help)
        }
        _ => Diagnostic::file(&path, message).with_help(help),
    }
}
