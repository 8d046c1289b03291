//! Checks a built site as a web server would serve it under a base path: every link, image,
//! stylesheet, script and anchor of every page must resolve (`skillbook check --site`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// Attributes that load or link to another resource.
const URL_ATTRIBUTES: [&str; 3] = ["href", "src", "poster"];

/// Largest page read, in bytes; bigger HTML files are reported instead of parsed.
const MAX_PAGE: u64 = 64 << 20;

/// Every file of a built site by `/`-separated path: the text of HTML pages and `toc.js`, and
/// `None` for every other file (never read: only its existence matters).
type SiteFiles = BTreeMap<String, Option<Arc<str>>>;

/// Crawls the site in `dir` as served under `base` (e.g. `/repo/`; `/` for a domain root).
///
/// Pages are read with an HTML parser (lol_html): `href`, `src` and `poster` in any quoting,
/// with character references decoded; `<script>` and `<style>` bodies are not markup. `404.html` is checked as if served for a missing page two directories deep,
/// as GitHub Pages serves it. Links in `toc.js` (the sidebar, an HTML string in JSON) are checked
/// relative to the site root, as the sidebar uses them. Returns one diagnostic per broken
/// reference, at the page, line and column where its value is written in the file.
/// Errors: none; an unreadable directory or page is itself reported as a diagnostic.
pub fn crawl(dir: &Path, base: &str) -> Diagnostics {
    let base = crate::paths::base_path(base);
    let mut diagnostics = Diagnostics::default();
    let files = read_site(dir, &mut diagnostics);
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    for (path, text) in &files {
        let Some(text) = text else { continue };
        let served_at = match path.as_str() {
            "404.html" => format!("{base}a/b/missing"),
            "toc.js" => format!("{base}index.html"),
            _ => format!("{base}{path}"),
        };
        let found = if path == "toc.js" {
            sidebar_urls(text)
        } else {
            urls(text)
        };
        for (span, url) in found {
            if let Some(problem) = check(&url, (&served_at, path), &base, &files, &mut ids) {
                diagnostics.push(Diagnostic::at(
                    &dir.join(path),
                    Arc::clone(text),
                    span,
                    format!("broken reference `{url}`: {problem}"),
                ));
            }
        }
    }
    // A wrong --base breaks every root-relative link: say which base the site was built for.
    if let Some(built) = built_base(&files).filter(|b| *b != base && !diagnostics.is_empty()) {
        let help = format!(
            "this site was built for the base path `{built}` (its 404.html links there): check it with `--base {built}`"
        );
        diagnostics = diagnostics
            .into_iter()
            .map(|d| d.with_help(help.clone()))
            .collect();
    }
    diagnostics
}

/// The base path the site was built for: the path its `404.html` (whose links start at the
/// root of `base-url`, as GitHub Pages serves it at any depth) puts before `assets/style.css`.
fn built_base(files: &SiteFiles) -> Option<String> {
    let html = files.get("404.html")?.as_deref()?;
    urls(html).into_iter().find_map(|(_, url)| {
        let base = url.strip_suffix("assets/style.css")?;
        base.starts_with('/').then(|| base.to_string())
    })
}

fn is_page(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm") || path == "toc.js"
}

fn read_site(dir: &Path, diagnostics: &mut Diagnostics) -> SiteFiles {
    let mut files = SiteFiles::new();
    for entry in WalkDir::new(dir) {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = if is_page(&key) {
                    match read_page(e.path()) {
                        Ok(text) => Some(text),
                        Err(d) => {
                            diagnostics.push(d);
                            None
                        }
                    }
                } else {
                    None
                };
                files.insert(key, text);
            }
            Ok(_) => {}
            Err(e) => diagnostics.push(Diagnostic::file(dir, format!("cannot read the site: {e}"))),
        }
    }
    if files.is_empty() {
        diagnostics.push(
            Diagnostic::file(dir, "no site here")
                .with_help("build one first with `skillbook build -o DIR`"),
        );
    }
    files
}

/// An HTML page's text; invalid UTF-8 sequences become U+FFFD.
fn read_page(path: &Path) -> Result<Arc<str>, Diagnostic> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_PAGE {
        return Err(Diagnostic::file(
            path,
            format!("page not checked: it is larger than {MAX_PAGE} bytes"),
        ));
    }
    let bytes = crate::load::read_file(path)?;
    Ok(Arc::from(String::from_utf8_lossy(&bytes)))
}

/// (byte range in `html`, decoded value) of every URL attribute of an HTML text, in document
/// order.
fn urls(html: &str) -> Vec<(Range<usize>, String)> {
    use lol_html::{element, HtmlRewriter, Settings};
    let mut out = Vec::new();
    {
        let settings = Settings::new().append_element_content_handler(element!(
            "[href], [src], [poster], [srcset]",
            |el| {
                for attribute in el.attributes() {
                    let name = attribute.name();
                    let Some(location) = attribute.value_source_location() else {
                        continue;
                    };
                    let raw = attribute.value();
                    if name == "srcset" {
                        // Each candidate's URL, at its own place in the value.
                        let start = location.bytes().start;
                        for (at, url) in crate::html::srcset_urls(&raw) {
                            let decoded = html_escape::decode_html_entities(url).into_owned();
                            out.push((start + at..start + at + url.len(), decoded));
                        }
                        continue;
                    }
                    if !URL_ATTRIBUTES.contains(&name.as_str()) {
                        continue;
                    }
                    let value = html_escape::decode_html_entities(&raw).into_owned();
                    out.push((location.bytes(), value.trim().to_string()));
                }
                Ok(())
            }
        ));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        // Reading cannot fail on malformed HTML; the only errors are handler errors (none here).
        let _ = rewriter.write(html.as_bytes());
        let _ = rewriter.end();
    }
    out
}

/// The URLs of the sidebar in `toc.js`: the HTML inside the JSON string passed to
/// `skillbook.sidebar(…)`, with each span mapped back to the escaped text of the file.
fn sidebar_urls(script: &str) -> Vec<(Range<usize>, String)> {
    let Some(call) = script.find("skillbook.sidebar(") else {
        return Vec::new();
    };
    let literal_start = call + "skillbook.sidebar(".len();
    let Some((html, offsets)) = json_string(&script[literal_start..]) else {
        return Vec::new();
    };
    let to_file = |decoded: usize| {
        let i = offsets.partition_point(|&(d, _)| d <= decoded) - 1;
        let (d, raw) = offsets[i];
        literal_start + raw + (decoded - d)
    };
    urls(&html)
        .into_iter()
        .map(|(span, url)| (to_file(span.start)..to_file(span.end), url))
        .collect()
}

/// Decodes the JSON string literal at the start of `text`. Returns the string and, for every
/// point where decoded and raw offsets stop moving together, (decoded offset, raw offset).
fn json_string(text: &str) -> Option<(String, Vec<(usize, usize)>)> {
    let body = text.strip_prefix('"')?;
    let mut out = String::new();
    let mut offsets = vec![(0, 1)];
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, offsets)),
            '\\' => {
                let (_, escape) = chars.next()?;
                let decoded = match escape {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'u' => {
                        let hex = body.get(i + 2..i + 6)?;
                        let mut code = u32::from_str_radix(hex, 16).ok()?;
                        for _ in 0..4 {
                            chars.next();
                        }
                        if (0xD800..0xDC00).contains(&code) && body.get(i + 6..i + 8) == Some("\\u")
                        {
                            let low = u32::from_str_radix(body.get(i + 8..i + 12)?, 16).ok()?;
                            code = 0x10000
                                + ((code - 0xD800) << 10)
                                + (low.wrapping_sub(0xDC00) & 0x3FF);
                            for _ in 0..6 {
                                chars.next();
                            }
                        }
                        char::from_u32(code).unwrap_or('\u{fffd}')
                    }
                    other => other,
                };
                out.push(decoded);
                let raw_next = chars.offset();
                offsets.push((out.len(), 1 + raw_next));
            }
            c => out.push(c),
        }
    }
    None
}

/// Why `url` on a page (served at URL path `page.0`, stored as file `page.1`) does not resolve,
/// or `None` if it does.
fn check(
    url: &str,
    page: (&str, &str),
    base: &str,
    files: &SiteFiles,
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
    files: &SiteFiles,
    ids: &mut HashMap<String, HashSet<String>>,
) -> Option<String> {
    let fragment = percent_encoding::percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned();
    let page_ids = ids.entry(file.to_string()).or_insert_with(|| {
        files
            .get(file)
            .and_then(Option::as_deref)
            .map(|html| crate::html::element_ids(html).into_iter().collect())
            .unwrap_or_default()
    });
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

    #[test]
    fn every_attribute_form_is_read_at_its_place_in_the_text() {
        let html = "<a href=x.html>1</a><img\nsrc='a b.png'><a HREF = \"q?a=1&amp;b=2\">\
                    <script>let s = '<a href=\"no\">';</script><!-- <a href=\"c\"> -->";
        let found = urls(html);
        let values: Vec<&str> = found.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(values, ["x.html", "a b.png", "q?a=1&b=2"]);
        for (span, url) in &found {
            let raw = &html[span.clone()];
            assert_eq!(raw.replace("&amp;", "&"), *url, "span {span:?}");
        }
    }

    #[test]
    fn sidebar_spans_point_into_the_escaped_file() {
        let script =
            "skillbook.sidebar(\"<a href=\\\"\\u00e9t\\u00e9.html\\\">\\n</a><a href='b.html'>\");";
        let found = sidebar_urls(script);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1, "été.html");
        assert_eq!(&script[found[0].0.clone()], "\\u00e9t\\u00e9.html");
        assert_eq!(&script[found[1].0.clone()], "b.html");
        assert_eq!(found[1].1, "b.html");
    }
}
