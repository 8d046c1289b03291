//! Checks a built site as a web server would serve it under a base path: every link, image,
//! stylesheet, script and anchor of every page must resolve (`skillbook check --site`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// Attributes that load or link to another resource.
const URL_ATTRIBUTES: [&str; 3] = ["href", "src", "poster"];

/// Crawls the site in `dir` as served under `base` (e.g. `/repo/`; `/` for a domain root).
///
/// `404.html` is checked as if served for a missing page two directories deep, as GitHub Pages
/// serves it. Links in `toc.js` are checked relative to the site root, as the sidebar uses them.
/// Returns one diagnostic per broken reference, at the page, line and column where it is written.
/// Errors: none; an unreadable directory is itself reported as a diagnostic.
pub fn crawl(dir: &Path, base: &str) -> Diagnostics {
    let base = crate::paths::base_path(base);
    let mut diagnostics = Diagnostics::default();
    let files = read_site(dir, &mut diagnostics);
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    for (path, text) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") || p.as_str() == "toc.js")
    {
        let served_at = match path.as_str() {
            "404.html" => format!("{base}a/b/missing"),
            "toc.js" => format!("{base}index.html"),
            _ => format!("{base}{path}"),
        };
        let source: Arc<str> = Arc::from(text.replace("\\\"", "\"").as_str());
        for (offset, url) in urls(&source) {
            if let Some(problem) = check(&url, (&served_at, path), &base, &files, &mut ids) {
                diagnostics.0.push(Diagnostic::at(
                    &dir.join(path),
                    Arc::clone(&source),
                    offset..offset + url.len(),
                    format!("broken reference `{url}`: {problem}"),
                ));
            }
        }
    }
    // A wrong --base breaks every root-relative link: say which base the site was built for.
    if let Some(built) = built_base(&files).filter(|b| *b != base && !diagnostics.0.is_empty()) {
        let help = format!(
            "this site was built for the base path `{built}` (its 404.html links there): check it with `--base {built}`"
        );
        diagnostics.0 = std::mem::take(&mut diagnostics.0)
            .into_iter()
            .map(|d| d.with_help(help.clone()))
            .collect();
    }
    diagnostics
}

/// The base path the site was built for: the path its `404.html` (whose links start at the
/// root of `base-url`, as GitHub Pages serves it at any depth) puts before `assets/style.css`.
fn built_base(files: &BTreeMap<String, String>) -> Option<String> {
    let html = files.get("404.html")?;
    let at = html.find("assets/style.css\"")?;
    let start = html[..at].rfind('"')? + 1;
    let base = &html[start..at];
    base.starts_with('/').then(|| base.to_string())
}

fn read_site(dir: &Path, diagnostics: &mut Diagnostics) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in WalkDir::new(dir) {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = std::fs::read(e.path())
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default();
                files.insert(key, text);
            }
            Ok(_) => {}
            Err(e) => diagnostics
                .0
                .push(Diagnostic::file(dir, format!("cannot read the site: {e}"))),
        }
    }
    if files.is_empty() {
        diagnostics.0.push(
            Diagnostic::file(dir, "no site here")
                .with_help("build one first with `skillbook build -o DIR`"),
        );
    }
    files
}

/// (byte offset, value) of every URL attribute in an HTML text.
fn urls(html: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for attribute in URL_ATTRIBUTES {
        let needle = format!(" {attribute}=\"");
        for (at, _) in html.match_indices(&needle) {
            let start = at + needle.len();
            if let Some(len) = html[start..].find('"') {
                out.push((start, html[start..start + len].replace("&amp;", "&")));
            }
        }
    }
    out.sort();
    out
}

/// Why `url` on a page (served at URL path `page.0`, stored as file `page.1`) does not resolve,
/// or `None` if it does.
fn check(
    url: &str,
    page: (&str, &str),
    base: &str,
    files: &BTreeMap<String, String>,
    ids: &mut HashMap<String, HashSet<String>>,
) -> Option<String> {
    let (page_url, own_file) = page;
    if url.is_empty() || crate::paths::is_external(url) {
        return None;
    }
    let (path, fragment) = url
        .split_once('#')
        .map_or((url, None), |(p, f)| (p, Some(f)));
    let path = path.split('?').next().unwrap_or("");
    let absolute = if path.is_empty() {
        return fragment
            .filter(|f| !f.is_empty())
            .and_then(|f| missing_id(own_file, f, files, ids));
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!(
            "{}{path}",
            &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)]
        )
    };
    let Some(resolved) = normalize_url(&absolute) else {
        return Some("it climbs above the domain root".into());
    };
    let Some(inside) = resolved.strip_prefix(base) else {
        return Some(format!(
            "it resolves to {resolved}, outside the base path {base}"
        ));
    };
    let decoded = percent_encoding::percent_decode_str(inside)
        .decode_utf8_lossy()
        .into_owned();
    let file = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else if !files.contains_key(&decoded) && files.contains_key(&format!("{decoded}/index.html"))
    {
        format!("{decoded}/index.html")
    } else {
        decoded
    };
    if !files.contains_key(&file) && !page_url.ends_with("/missing") {
        return Some(format!("{resolved} does not exist"));
    }
    if !files.contains_key(&file) {
        return Some(format!(
            "{resolved} does not exist (checked as GitHub Pages serves 404.html, at any depth)"
        ));
    }
    missing_id(&file, fragment.filter(|f| !f.is_empty())?, files, ids)
}

/// Why `#fragment` does not exist in `file`, or `None` if it does.
fn missing_id(
    file: &str,
    fragment: &str,
    files: &BTreeMap<String, String>,
    ids: &mut HashMap<String, HashSet<String>>,
) -> Option<String> {
    let fragment = percent_encoding::percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned();
    let page_ids = ids
        .entry(file.to_string())
        .or_insert_with(|| files.get(file).map(|t| element_ids(t)).unwrap_or_default());
    (!page_ids.contains(&fragment)).then(|| format!("{file} has no element with id `{fragment}`"))
}

/// Resolves `.` and `..` segments of an absolute URL path; `None` if it climbs above `/`.
fn normalize_url(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    for segment in path.split('/').skip(1) {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    Some(out)
}

fn element_ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    for needle in [" id=\"", " name=\""] {
        for (at, _) in html.match_indices(needle) {
            let start = at + needle.len();
            if let Some(len) = html[start..].find('"') {
                ids.insert(html[start..start + len].to_string());
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_normalise() {
        assert_eq!(
            normalize_url("/repo/a/../b.html").as_deref(),
            Some("/repo/b.html")
        );
        assert_eq!(normalize_url("/repo/a/./").as_deref(), Some("/repo/a/"));
        assert_eq!(normalize_url("/../x"), None);
    }
}
