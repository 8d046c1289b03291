//! Publishing to GitHub Pages: a site built for a project sub-path, served under `/repo/` by a
//! plain static server (404.html for missing paths, as GitHub does) and crawled link by link.

use std::collections::{BTreeSet, VecDeque};

use crate::support::{http_get, page, Fixture, Server};

const BASE_URL: &str = "https://example.github.io/repo/";

/// Nested parts, images, `/`-rooted links and images, footnotes and README landing pages.
fn pages_fixture() -> Fixture {
    Fixture::new(&[
        ("handbook.toml", "title = \"Pages\"\nbase-url = \"https://example.github.io/repo\"\ncname = \"handbook.example.com\"\n"),
        ("README.md", "# Home\n\nStart with [setup](01-basics/02-setup.md#install) or the [root link](/02-advanced/README.md).\n\n![logo](/images/logo.svg)\n"),
        ("01-basics/README.md", "# Basics\n\nSee [setup](02-setup.md) and a note[^n].\n\n[^n]: Footnote with a [link back](../README.md#home).\n"),
        ("01-basics/02-setup.md", "# Setup\n\n## Install {#install}\n\n![diagram](../images/diagram.svg)\n\n- [ ] Install it\n\nUp to [the basics](./README.md) and [advanced](/02-advanced/03-deep/README.md#deep).\n"),
        ("02-advanced/README.md", "# Advanced\n\nText[^1].\n\n[^1]: Another footnote.\n"),
        ("02-advanced/03-deep/README.md", "# Deep\n\nBack to [home](/README.md) and ![rooted image](/images/logo.svg).\n"),
        ("images/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("images/diagram.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    ])
}

/// Every `href`/`src` value in a text (HTML, or toc.js with escaped quotes).
fn references(text: &str) -> Vec<String> {
    let text = text.replace("\\\"", "\"");
    let mut out = Vec::new();
    for needle in [" href=\"", " src=\""] {
        for (at, _) in text.match_indices(needle) {
            let start = at + needle.len();
            let end = start + text[start..].find('"').unwrap();
            out.push(text[start..end].replace("&amp;", "&"));
        }
    }
    out
}

/// Resolves `href` found on the page at URL path `page` against it (no scheme, no host).
fn resolve(page: &str, href: &str) -> String {
    let joined = if href.starts_with('/') {
        href.to_string()
    } else {
        format!("{}{href}", &page[..page.rfind('/').unwrap() + 1])
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/').skip(1) {
        match segment {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

#[test]
fn a_site_built_for_a_project_sub_path_has_no_broken_links_assets_or_anchors() {
    let site = pages_fixture().site();
    let server = Server::start(site, "/repo/");
    let origin = server.url.trim_end_matches("/repo/").to_string();
    let mut queue: VecDeque<String> =
        VecDeque::from(["/repo/".to_string(), "/repo/toc.html".to_string()]);
    let mut seen = BTreeSet::new();
    let mut broken = Vec::new();
    let mut pages = 0;
    while let Some(url) = queue.pop_front() {
        let (path, fragment) = url.split_once('#').map_or((url.clone(), None), |(p, f)| {
            (p.to_string(), Some(f.to_string()))
        });
        if !seen.insert(url.clone()) {
            continue;
        }
        let (status, body) = http_get(&format!("{origin}{path}"));
        if status != 200 {
            broken.push(format!("{url}: HTTP {status}"));
            continue;
        }
        let text = String::from_utf8_lossy(&body).into_owned();
        if let Some(fragment) = fragment {
            if !text.contains(&format!("id=\"{fragment}\"")) {
                broken.push(format!("{url}: no id {fragment}"));
            }
        }
        let is_toc = path.ends_with("toc.js");
        if !(path.ends_with(".html") || path.ends_with('/') || is_toc) {
            continue;
        }
        pages += 1;
        // The sidebar script's links are relative to the site root.
        let base = if is_toc {
            "/repo/index.html".to_string()
        } else {
            path.clone()
        };
        for href in references(&text) {
            if skillbook::paths::is_external(&href) {
                continue;
            }
            let resolved = if let Some(fragment) = href.strip_prefix('#') {
                format!("{path}#{fragment}")
            } else {
                resolve(&base, &href)
            };
            assert!(
                resolved.starts_with("/repo/"),
                "{path} links outside the base path: {href}"
            );
            queue.push_back(resolved);
        }
    }
    assert!(broken.is_empty(), "broken:\n{}", broken.join("\n"));
    assert!(pages >= 7, "crawled {pages} pages: {seen:?}");
    assert!(
        seen.iter().any(|u| u.ends_with("images/diagram.svg"))
            && seen.iter().any(|u| u.ends_with("assets/style.css"))
    );
}

#[test]
fn the_404_page_loads_its_stylesheet_at_any_depth() {
    let server = Server::start(pages_fixture().site(), "/repo/");
    let origin = server.url.trim_end_matches("/repo/").to_string();
    for missing in ["/repo/nope", "/repo/a/nope.html", "/repo/a/b/c/nope"] {
        let (status, body) = http_get(&format!("{origin}{missing}"));
        assert_eq!(status, 404);
        let html = String::from_utf8_lossy(&body).into_owned();
        let stylesheet = references(&html)
            .into_iter()
            .find(|r| r.ends_with("style.css"))
            .expect("a stylesheet link");
        let (status, css) = http_get(&format!("{origin}{}", resolve(missing, &stylesheet)));
        assert_eq!(status, 200, "{missing}: stylesheet {stylesheet}");
        assert!(String::from_utf8_lossy(&css).contains("--sidebar-w"));
        let home = references(&html)
            .into_iter()
            .find(|r| r.ends_with("index.html"))
            .expect("a link home");
        assert_eq!(
            http_get(&format!("{origin}{}", resolve(missing, &home))).0,
            200,
            "{missing}: home link {home}"
        );
    }
}

#[test]
fn nojekyll_cname_robots_and_absolute_sitemap_urls() {
    let site = pages_fixture().site();
    assert!(site.files.contains_key(".nojekyll"));
    assert_eq!(page(&site, "CNAME"), "handbook.example.com\n");
    assert_eq!(
        page(&site, "robots.txt"),
        format!("User-agent: *\nAllow: /\nSitemap: {BASE_URL}sitemap.xml\n")
    );
    let sitemap = page(&site, "sitemap.xml");
    let server = Server::start(site, "/repo/");
    let origin = server.url.trim_end_matches("/repo/").to_string();
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find("</loc>").unwrap()])
        .collect();
    assert_eq!(locs.len(), 5, "{sitemap}");
    for loc in locs {
        let path = loc
            .strip_prefix("https://example.github.io")
            .unwrap_or_else(|| panic!("absolute URL: {loc}"));
        assert_eq!(http_get(&format!("{origin}{path}")).0, 200, "{loc}");
    }
}

#[test]
fn canonical_and_open_graph_urls_are_absolute() {
    let html = page(&pages_fixture().site(), "01-basics/02-setup.html");
    assert!(
        html.contains(&format!(
            "<link rel=\"canonical\" href=\"{BASE_URL}01-basics/02-setup.html\">"
        )),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<meta property=\"og:url\" content=\"{BASE_URL}01-basics/02-setup.html\">"
    )));
}

#[test]
fn check_site_crawls_a_built_site_and_reports_broken_links_with_their_page() {
    let fixture = pages_fixture();
    assert_eq!(fixture.run(&["build", "book", "-o", "site"]).0, 0);
    let (code, stderr) = fixture.run(&["check", "--site", "site", "--base", "/repo/"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            0,
            "site: every link, asset and anchor resolves under /repo/\n"
        )
    );
    let setup = fixture.dir.path().join("site/01-basics/02-setup.html");
    let html = std::fs::read_to_string(&setup)
        .unwrap()
        .replace("</article>", "<a href=\"../gone.html\">x</a>\n</article>");
    std::fs::write(&setup, html).unwrap();
    let (code, stderr) = fixture.run(&["check", "--site", "site", "--base", "/repo/"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error: broken reference `../gone.html`: /repo/gone.html does not exist\n   ┌─ site/01-basics/02-setup.html:"), "{stderr}");
    let (code, stderr) = fixture.run(&["check", "--site", "site", "--base", "/elsewhere/"]);
    assert_eq!(
        code, 1,
        "a site built for /repo/ is broken under another prefix: {stderr}"
    );
}
