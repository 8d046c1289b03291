//! The site's plain files: `toc.js`, `sitemap.xml` (with a base URL), `robots.txt`, `.nojekyll`,
//! `CNAME` (with `cname`), the theme's assets, the highlighting stylesheet and the handbook's own
//! files.

use std::collections::BTreeMap;

use super::highlight;
use super::shared::Shared;
use crate::diagnostics::Diagnostics;
use crate::html::escape;
use crate::load::Book;
use crate::paths::encode_path;
use crate::site::{Site, GENERATED};

pub(super) fn finish(book: &Book, shared: &Shared, mut site: Site) -> Result<Site, Diagnostics> {
    site.insert("toc.js", shared.toc_js.clone());
    if let Some(sitemap) = sitemap(book, &site) {
        site.insert("sitemap.xml", sitemap);
    }
    site.insert(".nojekyll", Vec::new());
    site.insert("robots.txt", robots(book));
    if let Some(cname) = book.config.cname() {
        site.insert("CNAME", format!("{cname}\n"));
    }
    add_assets(book, &mut site);
    add_redirects(book, &mut site)?;
    Ok(site)
}

/// One page per `redirect` entry (mdBook's `[output.html.redirect]`): the old path sends the
/// reader to the new address at once (a meta refresh, and a script that keeps the `#fragment`
/// when the new address has none). Entries whose key has a fragment (`"/old.html#intro" =
/// "new.html#start"`, mdBook 0.5) send that fragment of the old page elsewhere; they need an entry
/// for the page itself.
///
/// Errors: a redirect from a path the site already has (a chapter's page, a file); a fragment
/// redirect without a redirect of its page.
fn add_redirects(book: &Book, site: &mut Site) -> Result<(), Diagnostics> {
    let config = book.root.join(if book.config.is_mdbook() {
        crate::config::BOOK_TOML
    } else {
        crate::config::CONFIG_FILE
    });
    let problem = |message: String, help: &str| {
        crate::diagnostics::Diagnostic::file(&config, message).with_help(help)
    };
    let mut problems = Vec::new();
    // Each old page's own target and its fragments' targets.
    let mut pages: BTreeMap<String, Moved> = BTreeMap::new();
    for (from, to) in &book.config.redirect {
        let (page, fragment) = match from.split_once('#') {
            Some((page, fragment)) => (page, Some(fragment)),
            None => (from.as_str(), None),
        };
        let path = crate::paths::normalize(page.trim_start_matches('/')).unwrap_or_default();
        if path.is_empty() || site.files.contains_key(&path) {
            problems.push(problem(
                format!("redirect from `{from}`: the site already has a page there"),
                "remove the redirect, or redirect from a page that no longer exists",
            ));
            continue;
        }
        let entry = pages.entry(path).or_default();
        match fragment {
            Some(fragment) => entry.1.push((fragment, to)),
            None => entry.0 = Some(to),
        }
    }
    for (path, (to, fragments)) in pages {
        match to {
            Some(to) => site.insert(path, redirect_page(&book.config.language, to, &fragments)),
            None => problems.extend(fragments.iter().map(|(fragment, _)| {
                problem(
                    format!("redirect from `/{path}#{fragment}`: `/{path}` itself has no redirect"),
                    "add a redirect of the page without its fragment, e.g. \"/old.html\" = \"new.html\"",
                )
            })),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics::from(problems))
    }
}

/// Where an old page's readers go: its own target, and `(fragment, target)` pairs.
type Moved<'a> = (Option<&'a str>, Vec<(&'a str, &'a str)>);

/// A page that sends the reader to `to` (relative to the page, or absolute), or, when the
/// address has one of `fragments`' fragments (`#` left out), to that fragment's target.
pub(super) fn redirect_page(language: &str, to: &str, fragments: &[(&str, &str)]) -> String {
    let href = escape(to);
    let keep_fragment = if to.contains('#') { "false" } else { "true" };
    let map: BTreeMap<String, &str> = fragments
        .iter()
        .map(|(fragment, to)| (format!("#{fragment}"), *to))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n<meta http-equiv=\"refresh\" content=\"0; URL={href}\">\n<link rel=\"canonical\" href=\"{href}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{href}\">{href}</a>.</p>\n<script>var moved = {moved}; if (Object.prototype.hasOwnProperty.call(moved, location.hash)) location.replace(new URL(moved[location.hash], location.href).href); else if ({keep_fragment} && location.hash) {{ var u = new URL({json}, location.href); u.hash = location.hash; location.replace(u.href); }}</script>\n</body>\n</html>\n",
        lang = escape(language),
        json = crate::html::script_json(to),
        moved = crate::html::script_json(&map),
    )
}

/// `robots.txt`: everything may be crawled; names the sitemap when its absolute URL is known.
pub(super) fn robots(book: &Book) -> String {
    match book.config.base_url_with_slash() {
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}

/// `sitemap.xml`: the absolute URL of every page but the generated ones. `None` without a base
/// URL: the sitemap protocol allows only absolute URLs, so no sitemap is written then (and
/// `robots.txt` names none).
pub(super) fn sitemap(book: &Book, site: &Site) -> Option<String> {
    let base = book.config.base_url_with_slash()?;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in site
        .files
        .keys()
        .filter(|p| p.ends_with(".html") && !GENERATED.contains(&p.as_str()))
    {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&format!("{base}{}", encode_path(path)))
        ));
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

/// The theme's script for the search box, left out when `search = false`.
pub(super) const SEARCH_SCRIPT: &str = "assets/search.js";

pub(super) fn add_assets(book: &Book, site: &mut Site) {
    for (path, bytes) in book.theme.assets() {
        if book.config.search || path != SEARCH_SCRIPT {
            site.insert(path, bytes.clone());
        }
    }
    let (light, dark) = highlight::stylesheets();
    // The dark colours are for the screen: on paper, code printed from the dark theme is in plain
    // black rather than in colours made for a dark background.
    site.insert(
        "assets/highlight.css",
        format!("/* Code highlighting, generated from syntect themes. */\n{light}\n@media screen {{\n{dark}}}\n"),
    );
    for (path, bytes) in &book.assets {
        site.insert(path.clone(), bytes.clone());
    }
}
