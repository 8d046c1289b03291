//! Redirect pages (`[redirect]` in `handbook.toml`, mdBook's `[output.html.redirect]`): where
//! each old address is written, where it sends the reader, and the checks of both.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::html::escape;
use crate::load::Book;
use crate::paths::{decode, dir_of, encode_path, is_external, normalize, root_of};
use crate::site::{Site, SEARCH_INDEX_DIR};

/// Help of a redirect whose target is not in the site.
const TARGET_HELP: &str = "redirect to a chapter's page (`x.html` for x.md), a file or another redirect: relative to the old page, or from the site root (`/x.html`)";

/// One page per `redirect` entry: the old path sends the reader to the new address at once (a
/// meta refresh, and a script that keeps the `#fragment` when the new address has none). A key
/// ending in `/` (`"/old/"`) is written as that folder's `index.html`, the page a static host
/// serves for it. Entries whose key has a fragment (`"/old.html#intro" = "new.html#start"`,
/// mdBook 0.5) send that fragment of the old page elsewhere; they need an entry for the page
/// itself. Targets are resolved relative to the old page (`/old/` as `/old.html`: from the site
/// root) or from the site root (`/x.html`), and written relative to the redirect page, so they
/// work under any base path.
///
/// Errors (each at its key in the configuration file): a redirect from a path the site already
/// has (a chapter's page, a file), or from a path that is not a page (`/old`); a fragment
/// redirect without a redirect of its page; an empty target; a loop of redirects; and, for a
/// handbook (not for a book configured by `book.toml`, which mdBook never checked), a target
/// that is not a page or file of the site.
pub(super) fn add(book: &Book, site: &mut Site) -> Result<(), Diagnostics> {
    if book.config.redirect.is_empty() {
        return Ok(());
    }
    // Redirects come from a configuration file, so it is known.
    let problem = |key: &str, message: String, help: &str| {
        let diagnostic = match &book.config_source {
            Some(source) => source.at_quoted_key(key, message),
            None => Diagnostic::file(&book.root, message),
        };
        diagnostic.with_help(help)
    };
    let mut problems = Vec::new();
    // Each old page's key and own target, and its fragments' keys and targets.
    let mut pages: BTreeMap<String, Moved> = BTreeMap::new();
    for (from, to) in &book.config.redirect {
        let (page, fragment) = match from.split_once('#') {
            Some((page, fragment)) => (page, Some(fragment)),
            None => (from.as_str(), None),
        };
        let path = match page_file(page) {
            Ok(path) => path,
            Err(name) => {
                problems.push(problem(
                    from,
                    format!("redirect from `{from}`: a static host serves `{name}` as a file to download, not as a page"),
                    &format!("write `/{name}.html` for a page, or `/{name}/` for a folder's page (written as `{name}/index.html`)"),
                ));
                continue;
            }
        };
        if path.is_empty() || site.files.contains_key(&path) {
            problems.push(problem(
                from,
                format!("redirect from `{from}`: the site already has a page there"),
                "remove the redirect, or redirect from a page that no longer exists",
            ));
            continue;
        }
        let entry = pages.entry(path).or_default();
        match fragment {
            Some(fragment) => entry.fragments.push((from, fragment, to)),
            None => entry.page = Some((from, to)),
        }
    }
    let site_path = book.config.site_path();
    let exists = |path: &str| {
        site.files.contains_key(path)
            || pages.get(path).is_some_and(|moved| moved.page.is_some())
            || (book.config.search && path.starts_with(&format!("{SEARCH_INDEX_DIR}/")))
    };
    // Each old page's target inside the site, for the loops.
    let mut next: BTreeMap<&str, String> = BTreeMap::new();
    let mut written = Vec::new();
    for (path, moved) in &pages {
        let Some((key, to)) = moved.page else {
            problems.extend(moved.fragments.iter().map(|(from, fragment, _)| {
                problem(
                    from,
                    format!("redirect from `/{path}#{fragment}`: `/{path}` itself has no redirect"),
                    "add a redirect of the page without its fragment, e.g. \"/old.html\" = \"new.html\"",
                )
            }));
            continue;
        };
        let folder = dir_of(key.split('#').next().unwrap_or("").trim_matches('/'));
        let mut target = |from: &str, to: &str| -> Option<String> {
            if to.trim().is_empty() {
                problems.push(problem(
                    from,
                    format!("redirect from `{from}` has an empty target: the page would reload itself forever"),
                    "write where the page moved, e.g. \"new.html\"",
                ));
                return None;
            }
            let resolved = resolve(folder, &site_path, path, to);
            match &resolved {
                Resolved::Page { path: target, .. } if exists(target) => {}
                Resolved::Page { path: target, .. } if target == path => {}
                Resolved::External => {}
                _ if book.config.is_mdbook() => {}
                Resolved::Outside => problems.push(problem(
                    from,
                    format!("redirect from `{from}`: `{to}` leads out of the site"),
                    TARGET_HELP,
                )),
                Resolved::Page { .. } => problems.push(problem(
                    from,
                    format!("redirect from `{from}`: `{to}` is not a page or file of the site"),
                    TARGET_HELP,
                )),
            }
            Some(resolved.href(path, to))
        };
        let Some(href) = target(key, to) else {
            continue;
        };
        let fragments: Vec<(&str, String)> = moved
            .fragments
            .iter()
            .filter_map(|(from, fragment, to)| Some((*fragment, target(from, to)?)))
            .collect();
        if let Resolved::Page { path: target, .. } = resolve(folder, &site_path, path, to) {
            next.insert(path, target);
        }
        written.push((
            path.clone(),
            redirect_page(&book.config.language, &href, &fragments),
        ));
    }
    for cycle in loops(&next) {
        let keys: Vec<&str> = cycle
            .iter()
            .map(|path| pages[*path].page.map_or(*path, |(key, _)| key))
            .collect();
        let shown: Vec<String> = keys
            .iter()
            .chain(keys.first())
            .map(|key| format!("`{key}`"))
            .collect();
        problems.push(problem(
            keys[0],
            format!("redirect loop: {}", shown.join(" → ")),
            "send one of these redirects to a page of the site",
        ));
    }
    if !problems.is_empty() {
        let mut problems = Diagnostics::from(problems);
        problems.sort();
        return Err(problems);
    }
    for (path, page) in written {
        site.insert(path, page);
    }
    Ok(())
}

/// What an old page is redirected by: its own entry (key, target), and its fragments' entries
/// (key, fragment, target).
#[derive(Default)]
struct Moved<'a> {
    page: Option<(&'a str, &'a str)>,
    fragments: Vec<(&'a str, &'a str, &'a str)>,
}

/// The site path a redirect key's page (its part before any `#`) is written to: `/old.html` →
/// `old.html`, `/old/` → `old/index.html`, `/` → `index.html`; empty when it leads above the
/// site root. Errors: the key's last name when it is not a page (`/old`, `/notes.txt`), which a
/// static host would serve as a download.
fn page_file(page: &str) -> Result<String, String> {
    let inner = page.trim_start_matches('/');
    if inner.is_empty() || inner.ends_with('/') {
        let folder = normalize(inner.trim_end_matches('/'));
        return Ok(folder.map_or_else(String::new, |f| {
            if f.is_empty() {
                "index.html".to_string()
            } else {
                format!("{f}/index.html")
            }
        }));
    }
    if inner.ends_with(".html") || inner.ends_with(".htm") {
        return Ok(normalize(inner).unwrap_or_default());
    }
    Err(inner.to_string())
}

/// Where a redirect target leads.
enum Resolved {
    /// A path of the site (`ch.html`, `part/index.html`), and the target's `?query#fragment`.
    Page { path: String, rest: String },
    /// Another site (`https://…`, `//host/…`, `mailto:`): written as is.
    External,
    /// Above the site root: written as is.
    Outside,
}

impl Resolved {
    /// The href the redirect page at site path `page` writes for `to`, which resolved to `self`.
    fn href(&self, page: &str, to: &str) -> String {
        match self {
            Resolved::Page { path, rest } => {
                format!("{}{}{rest}", root_of(page), encode_path(path))
            }
            Resolved::External | Resolved::Outside => to.to_string(),
        }
    }
}

/// Resolves target `to` of the redirect written at site path `page`, whose key names a page in
/// `folder`: relative to `folder`, or from the site root when it starts with `/` (and from the
/// site's own path `site_path`, e.g. `/guide/`, when it starts with that). A folder (`part/`)
/// means its `index.html`; a target of only a `#fragment` or `?query` means the page itself.
fn resolve(folder: &str, site_path: &str, page: &str, to: &str) -> Resolved {
    if is_external(to) {
        return Resolved::External;
    }
    let split = to.find(['?', '#']).unwrap_or(to.len());
    let (target, rest) = to.split_at(split);
    if target.is_empty() {
        return Resolved::Page {
            path: page.to_string(),
            rest: rest.to_string(),
        };
    }
    let target = decode(target);
    let joined = match target.strip_prefix('/') {
        Some(rooted) => match target.strip_prefix(site_path) {
            Some(inside) if site_path != "/" => normalize(inside),
            _ => normalize(rooted),
        },
        None if folder.is_empty() => normalize(&target),
        None => normalize(&format!("{folder}/{target}")),
    };
    let Some(mut path) = joined else {
        return Resolved::Outside;
    };
    if path.is_empty() || target.ends_with('/') {
        path = if path.is_empty() {
            "index.html".to_string()
        } else {
            format!("{path}/index.html")
        };
    }
    Resolved::Page {
        path,
        rest: rest.to_string(),
    }
}

/// Every loop of redirects in `next` (each redirect page's target inside the site), each once,
/// starting at its first page in path order.
fn loops<'a>(next: &'a BTreeMap<&'a str, String>) -> Vec<Vec<&'a str>> {
    let mut cycles = Vec::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for &start in next.keys() {
        let mut chain: Vec<&str> = Vec::new();
        let mut at = start;
        while !done.contains(at) {
            if let Some(i) = chain.iter().position(|p| *p == at) {
                let mut cycle = chain[i..].to_vec();
                let first = (0..cycle.len()).min_by_key(|&j| cycle[j]).unwrap_or(0);
                cycle.rotate_left(first);
                cycles.push(cycle);
                break;
            }
            chain.push(at);
            match next.get_key_value(at) {
                Some((_, target)) => match next.get_key_value(target.as_str()) {
                    Some((&key, _)) => at = key,
                    None => break,
                },
                None => break,
            }
        }
        done.extend(chain);
    }
    cycles
}

/// A page that sends the reader to `href` (relative to the page, or absolute), or, when the
/// address has one of `fragments`' fragments (`#` left out), to that fragment's href.
pub(super) fn redirect_page(language: &str, href: &str, fragments: &[(&str, String)]) -> String {
    let to = href;
    let href = escape(to);
    let keep_fragment = if to.contains('#') { "false" } else { "true" };
    let map: BTreeMap<String, &str> = fragments
        .iter()
        .map(|(fragment, to)| (format!("#{fragment}"), to.as_str()))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n<meta http-equiv=\"refresh\" content=\"0; URL={href}\">\n<link rel=\"canonical\" href=\"{href}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{href}\">{href}</a>.</p>\n<script>var moved = {moved}; if (Object.prototype.hasOwnProperty.call(moved, location.hash)) location.replace(new URL(moved[location.hash], location.href).href); else if ({keep_fragment} && location.hash) {{ var u = new URL({json}, location.href); u.hash = location.hash; location.replace(u.href); }}</script>\n</body>\n</html>\n",
        lang = escape(language),
        json = crate::html::script_json(to),
        moved = crate::html::script_json(&map),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_keys_and_targets_resolve_to_site_paths() {
        assert_eq!(page_file("/old/"), Ok("old/index.html".to_string()));
        assert_eq!(page_file("/a/old.html"), Ok("a/old.html".to_string()));
        assert_eq!(page_file("/old"), Err("old".to_string()));
        let href = |key: &str, page: &str, to: &str| {
            resolve(dir_of(key.trim_matches('/')), "/guide/", page, to).href(page, to)
        };
        assert_eq!(
            href("/old/", "old/index.html", "index.html"),
            "../index.html"
        );
        assert_eq!(href("/d/o.html", "d/o.html", "/x.html#q"), "../x.html#q");
        assert_eq!(href("/d/o.html", "d/o.html", "/guide/x.html"), "../x.html");
        assert_eq!(href("/o.html", "o.html", "part/"), "part/index.html");
        assert_eq!(href("/o.html", "o.html", "https://a.io/"), "https://a.io/");
        assert_eq!(href("/o.html", "o.html", "../up.html"), "../up.html");
    }

    #[test]
    fn redirect_loops_are_found_once() {
        let next: BTreeMap<&str, String> = [
            ("a.html", "b.html"),
            ("b.html", "a.html"),
            ("c.html", "a.html"),
            ("d.html", "d.html"),
        ]
        .into_iter()
        .map(|(a, b)| (a, b.to_string()))
        .collect();
        assert_eq!(loops(&next), vec![vec!["a.html", "b.html"], vec!["d.html"]]);
    }
}
