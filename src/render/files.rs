//! The site's plain files: `toc.js`, `sitemap.xml` (with a base URL), `robots.txt`, `.nojekyll`,
//! `CNAME` (with `cname`), the theme's assets, the highlighting stylesheet and the handbook's own
//! files, and the redirect pages (`redirects`).

mod redirects;

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
    redirects::add(book, &mut site)?;
    Ok(site)
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
