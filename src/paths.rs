//! Paths, one rule each: which chapter is a directory's landing page, a chapter's page path
//! (`.md` → `.html`), joining a link relative to a chapter, percent-encoding, the way back to the
//! site root, and the base path a site is served under.
//!
//! Source paths are relative to the handbook's source directory and `/`-separated
//! (`part1/03-db.md`); site paths are relative to the site root (`part1/03-db.html`).

use std::path::{Component, Path};

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// Whether a file named `name` is its directory's landing page: `README.md` or `index.md`, in
/// any ASCII case (`Readme.md`, `INDEX.md`). A landing page becomes the directory's `index.html`.
pub(crate) fn is_landing(name: &str) -> bool {
    markdown_stem(name).is_some_and(|stem| {
        stem.eq_ignore_ascii_case("readme") || stem.eq_ignore_ascii_case("index")
    })
}

/// The file name without its `.md` extension (any ASCII case), or `None` if it is not Markdown.
fn markdown_stem(name: &str) -> Option<&str> {
    let cut = name.len().checked_sub(3)?;
    (name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(".md")).then(|| &name[..cut])
}

/// Whether a source path names a Markdown file (`.md`, any case).
pub(crate) fn is_markdown(path: &str) -> bool {
    markdown_stem(file_name(path)).is_some()
}

/// The last segment of a `/`-separated path.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, f)| f)
}

/// The directory part of a `/`-separated path (`a/b/c.md` → `a/b`; `c.md` → ``).
pub(crate) fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// A chapter's page in the site: `a/README.md` → `a/index.html`, `b.md` → `b.html`.
pub fn html_path(md_path: &str) -> String {
    let dir = dir_of(md_path);
    let file = file_name(md_path);
    let name = if is_landing(file) {
        "index"
    } else {
        markdown_stem(file).unwrap_or(file)
    };
    if dir.is_empty() {
        format!("{name}.html")
    } else {
        format!("{dir}/{name}.html")
    }
}

/// Normalises a relative `/`-separated path (`a/./b/../c.md` → `a/c.md`).
///
/// Returns `None` if it climbs above its start or is absolute.
pub(crate) fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// `reference` (a decoded link path, an include or a prerequisite) resolved against the chapter
/// at source path `chapter`: relative to the chapter's directory, or to the source directory when
/// it starts with `/`. Returns the normalised source path, or `None` if it leaves the source
/// directory.
pub(crate) fn join(chapter: &str, reference: &str) -> Option<String> {
    match reference.strip_prefix('/') {
        Some(rooted) => normalize(rooted),
        None => {
            let dir = dir_of(chapter);
            if dir.is_empty() {
                normalize(reference)
            } else {
                normalize(&format!("{dir}/{reference}"))
            }
        }
    }
}

/// `reference` (an include or quiz file) resolved against the file at source path `from` like
/// [`join`], but free to climb out of the source directory: leading `..` segments are kept
/// (`a.md` + `../quizzes/q.toml` → `../quizzes/q.toml`). Check the result with [`inside_root`].
pub(crate) fn join_outside(from: &str, reference: &str) -> String {
    let joined = match reference.strip_prefix('/') {
        Some(rooted) => rooted.to_string(),
        None if dir_of(from).is_empty() => reference.to_string(),
        None => format!("{}/{reference}", dir_of(from)),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Whether `path` (a source path from [`join_outside`]) stays inside the book's root when the
/// source directory is `src` (relative to the root, e.g. `src` or `.`).
pub(crate) fn inside_root(src: &str, path: &str) -> bool {
    normalize(&format!("{src}/{path}")).is_some()
}

/// Characters percent-encoded in a path segment or fragment of an href (space, `?`, `#`, `%`…).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// Percent-encodes a `/`-separated site path for an href (`my file?.html` → `my%20file%3F.html`).
pub(crate) fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes a fragment (the part after `#`).
pub(crate) fn encode_fragment(fragment: &str) -> String {
    utf8_percent_encode(fragment, SEGMENT).to_string()
}

/// Decodes percent-escapes (`my%20file.md` → `my file.md`); text whose escapes do not decode to
/// UTF-8 is returned as written.
pub(crate) fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map_or_else(|_| text.to_string(), |s| s.into_owned())
}

/// The `../` prefix leading from the page at site path `page` (`a/b.html`) to the site root
/// (`../`); empty at the root.
pub(crate) fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// The path a site is served under, as `/`, or `/name/` with one slash at each end
/// (`handbook` → `/handbook/`, `/a//b/` → `/a/b/`, `/a/../b/` → `/b/`); of a full URL
/// (`https://me.github.io/repo/`), its path.
pub fn base_path(base: &str) -> String {
    let base = if base.contains("://") {
        url_path(base)
    } else {
        base.to_string()
    };
    let mut inner: Vec<&str> = Vec::new();
    for segment in base.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                inner.pop();
            }
            s => inner.push(s),
        }
    }
    if inner.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", inner.join("/"))
    }
}

/// Checks a base URL (`https://me.github.io/handbook`) and returns it with one trailing slash.
///
/// Errors: a URL that is not absolute `http://` or `https://`, or that has a query or fragment
/// (`?q=1`, `#top`: pages' addresses are appended to it), as a message.
pub fn base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        return Err(format!("`{url}` is not an absolute http(s) URL"));
    }
    if url.contains(['?', '#']) {
        return Err(format!(
            "`{url}` has a query or fragment; it must be the site's address alone"
        ));
    }
    Ok(format!("{}/", url.trim_end_matches('/')))
}

/// The path part of an absolute URL (`https://a.io/repo/` → `/repo/`).
pub(crate) fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(slash) => after_scheme[slash..].to_string(),
        None => "/".to_string(),
    }
}

/// Whether a link destination has a URL scheme (`https:`, `mailto:`) or is protocol-relative.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn landing_pages_in_any_case() {
        for name in [
            "README.md",
            "readme.md",
            "Readme.md",
            "index.md",
            "INDEX.MD",
        ] {
            assert!(is_landing(name), "{name}");
        }
        for name in ["readme.txt", "indexes.md", "md", ""] {
            assert!(!is_landing(name), "{name}");
        }
        assert_eq!(html_path("part/Readme.md"), "part/index.html");
        assert_eq!(html_path("a/Index.md"), "a/index.html");
        assert_eq!(html_path("a/my file.MD"), "a/my file.html");
        assert_eq!(html_path("README.md"), "index.html");
    }

    #[test]
    fn joining_relative_to_a_chapter() {
        assert_eq!(join("a/b.md", "c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join("a/b.md", "../c.md").as_deref(), Some("c.md"));
        assert_eq!(join("a/b.md", "/x/y.md").as_deref(), Some("x/y.md"));
        assert_eq!(join("b.md", "./c.md").as_deref(), Some("c.md"));
        assert_eq!(join("b.md", "../c.md"), None);
        assert_eq!(normalize("a/./b/../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join_outside("a.md", "../q/x.toml"), "../q/x.toml");
        assert_eq!(join_outside("d/a.md", "../../q/./x.toml"), "../q/x.toml");
        assert_eq!(join_outside("d/a.md", "x/../y.rs"), "d/y.rs");
        assert!(inside_root("src", "../q/x.toml"));
        assert!(!inside_root("src", "../../x.toml"));
        assert!(!inside_root(".", "../x.toml"));
    }

    #[test]
    fn external_links() {
        assert!(is_external("https://example.com"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example.com/x.js"));
        assert!(!is_external("my file.md"));
        assert!(!is_external("a/b.md#x:y"));
    }

    #[test]
    fn encoding_roots_and_bases() {
        assert_eq!(encode_path("a b/what?#.html"), "a%20b/what%3F%23.html");
        assert_eq!(decode("a%20b"), "a b");
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("a/b/c.html"), "../../");
        assert_eq!(base_path(""), "/");
        assert_eq!(base_path("handbook"), "/handbook/");
        assert_eq!(base_path("//a//b/"), "/a/b/");
        // A check of a site published at a project page's address, given whole or with `..`.
        assert_eq!(base_path("https://me.github.io/repo/"), "/repo/");
        assert_eq!(base_path("/repo/../x/./"), "/x/");
        assert!(base_url("https://me.github.io/repo/?q=1").is_err());
        assert!(base_url("https://me.github.io/repo/#top").is_err());
        assert_eq!(base_url("https://a.io/x").unwrap(), "https://a.io/x/");
        assert!(base_url("a.io/x").is_err());
        assert_eq!(url_path("https://a.io/repo/"), "/repo/");
        assert_eq!(url_path("https://a.io"), "/");
    }
}
