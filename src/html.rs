//! HTML helpers, one home for each rule: escaping text and attribute values, JSON that is safe
//! inside a `<script>` element, the element ids in a piece of raw HTML, and the URLs that must
//! never become live links.

use serde::Serialize;

/// Escapes `&`, `<`, `>`, `"` and `'`, so `text` is safe as HTML text and as a quoted attribute value.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `value` as JSON that can be embedded in a `<script>` element or a JavaScript file: `<`, `>`,
/// `&`, U+2028 and U+2029 are written as `\u` escapes, so no string inside can close the element
/// (`</script>`), open a comment (`<!--`) or end a line.
pub(crate) fn script_json<T: Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The fragment targets of `html` (a fragment of raw HTML, read as a browser would, with
/// lol_html): the value of every `id` attribute and of every `<a name>` (a browser scrolls to
/// either), character references decoded, in document order.
pub(crate) fn element_ids(html: &str) -> Vec<String> {
    use lol_html::{element, HtmlRewriter, Settings};
    let mut ids = Vec::new();
    {
        let settings =
            Settings::new().append_element_content_handler(element!("[id], a[name]", |el| {
                let named = (el.tag_name() == "a")
                    .then(|| el.get_attribute("name"))
                    .flatten();
                for id in el.get_attribute("id").into_iter().chain(named) {
                    ids.push(html_escape::decode_html_entities(&id).into_owned());
                }
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        // Reading cannot fail on malformed HTML; the only errors are handler errors (none here).
        let _ = rewriter.write(html.as_bytes());
        let _ = rewriter.end();
    }
    ids
}

/// Attributes holding a URL that a page loads or links to.
const URL_ATTRIBUTES: [&str; 4] = ["href", "src", "poster", "xlink:href"];

/// Attributes holding the ids of other elements on the page (space-separated).
const ID_REFERENCES: [&str; 6] = [
    "for",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "headers",
    "list",
];

/// The URLs of a `srcset` attribute's value (`a.png 1x, b.png 2x`, HTML's image candidate
/// strings), with where each starts in `value`, in order; `data:` URLs, which may hold commas,
/// end the list.
pub(crate) fn srcset_urls(value: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for candidate in value.split(',') {
        let start = at + (candidate.len() - candidate.trim_start().len());
        at += candidate.len() + 1;
        let Some(url) = candidate.split_whitespace().next() else {
            continue;
        };
        if url.starts_with("data:") {
            break;
        }
        out.push((start, url));
    }
    out
}

/// The values of every URL attribute (`href`, `src`, `poster`, each URL of a `srcset`) in
/// `html` (raw HTML, read as a browser would, with lol_html), character references decoded, in
/// document order.
pub(crate) fn references(html: &str) -> Vec<String> {
    use lol_html::{element, HtmlRewriter, Settings};
    let mut urls = Vec::new();
    {
        let settings = Settings::new().append_element_content_handler(element!("*", |el| {
            for name in URL_ATTRIBUTES {
                if let Some(value) = el.get_attribute(name) {
                    urls.push(html_escape::decode_html_entities(&value).into_owned());
                }
            }
            if let Some(value) = el.get_attribute("srcset") {
                let value = html_escape::decode_html_entities(&value);
                urls.extend(srcset_urls(&value).into_iter().map(|(_, u)| u.to_string()));
            }
            Ok(())
        }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        let _ = rewriter.write(html.as_bytes());
        let _ = rewriter.end();
    }
    urls
}

/// `html` (raw HTML) rewritten for a page that holds several chapters: every `id` (and `name` of
/// an `<a>`) gets `prefix`, every reference to an id (`for`, `aria-labelledby`…) too, and every
/// URL attribute is passed through `url` (given the decoded value; `None` keeps it). Anything
/// lol_html cannot rewrite is returned as it was.
pub(crate) fn rewrite(html: &str, prefix: &str, url: &dyn Fn(&str) -> Option<String>) -> String {
    use lol_html::{element, HtmlRewriter, Settings};
    let mut out = Vec::with_capacity(html.len() + 64);
    let result = {
        let settings = Settings::new().append_element_content_handler(element!("*", |el| {
            let prefixed = |value: &str| {
                value
                    .split_ascii_whitespace()
                    .map(|id| format!("{prefix}{id}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let mut names: Vec<&str> = vec!["id"];
            names.extend(ID_REFERENCES);
            if el.tag_name() == "a" {
                names.push("name");
            }
            for name in names {
                if let Some(value) = el.get_attribute(name) {
                    let decoded = html_escape::decode_html_entities(&value).into_owned();
                    el.set_attribute(name, &prefixed(&decoded))?;
                }
            }
            for name in URL_ATTRIBUTES {
                if let Some(value) = el.get_attribute(name) {
                    let decoded = html_escape::decode_html_entities(&value).into_owned();
                    if let Some(new) = url(&decoded) {
                        el.set_attribute(name, &new)?;
                    }
                }
            }
            if let Some(value) = el.get_attribute("srcset") {
                let decoded = html_escape::decode_html_entities(&value).into_owned();
                if let Some(new) = rewrite_srcset(&decoded, url) {
                    el.set_attribute("srcset", &new)?;
                }
            }
            Ok(())
        }));
        let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| out.extend_from_slice(chunk));
        rewriter
            .write(html.as_bytes())
            .and_then(|()| rewriter.end())
    };
    match (result, String::from_utf8(out)) {
        (Ok(()), Ok(text)) => text,
        _ => html.to_string(),
    }
}

/// A `srcset` value with each candidate's URL passed through `url` (`None` keeps it); `None`
/// when no URL changed.
fn rewrite_srcset(value: &str, url: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut last = 0;
    let mut changed = false;
    for (at, old) in srcset_urls(value) {
        if let Some(new) = url(old) {
            out.push_str(&value[last..at]);
            out.push_str(&new);
            last = at + old.len();
            changed = true;
        }
    }
    out.push_str(&value[last..]);
    changed.then_some(out)
}

/// Whether `url` would run script or load a document of the author's making when followed:
/// `javascript:`, `vbscript:`, and `data:` other than images. Such URLs in text that is not the
/// author's own HTML are never written as live links.
pub(crate) fn is_unsafe_url(url: &str) -> bool {
    // Browsers ignore ASCII whitespace and control characters anywhere in a scheme.
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take_while(|c| *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    let has_colon = url.contains(':');
    match scheme.as_str() {
        "javascript" | "vbscript" => has_colon,
        "data" => {
            let rest = url.split_once(':').map_or("", |(_, r)| r).trim_start();
            !rest.to_ascii_lowercase().starts_with("image/")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn script_json_cannot_close_the_script_or_open_a_comment() {
        let json = script_json(&["</script><!--<script>", "a\u{2028}b & c"]);
        assert_eq!(
            json,
            r#"["\u003c/script\u003e\u003c!--\u003cscript\u003e","a\u2028b \u0026 c"]"#
        );
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ["</script><!--<script>", "a\u{2028}b & c"]);
    }

    #[test]
    fn ids_in_every_attribute_form() {
        let html = "<a id=\"one\"></a><div class=x ID='two'><span data-id=\"no\" id=three>";
        assert_eq!(element_ids(html), ["one", "two", "three"]);
        // `<a name>` is a target too (an old way to write one); `name` elsewhere is not.
        assert_eq!(
            element_ids("<a name=\"old\"></a><input name=\"field\"><A NAME=\"up\" id=\"x\">"),
            ["old", "x", "up"]
        );
        assert_eq!(
            element_ids("<!-- <a id=\"hidden\"> --><b id=\"&amp;x\">"),
            ["&x"]
        );
    }

    #[test]
    fn rewriting_prefixes_ids_and_references_and_maps_urls() {
        let html = "<a id=\"top\" name=\"t\"></a><label for=\"x y\">L</label><img src=\"images/a.png\"><a href=\"#top\">";
        let url = |u: &str| u.strip_prefix('#').map(|f| format!("#ch--{f}"));
        assert_eq!(
            rewrite(html, "ch--", &url),
            "<a id=\"ch--top\" name=\"ch--t\"></a><label for=\"ch--x ch--y\">L</label><img src=\"images/a.png\"><a href=\"#ch--top\">"
        );
        assert_eq!(references(html), ["images/a.png", "#top"]);
        assert_eq!(
            references(r#"<img src="a.png" srcset="b.png 2x, c.png 3x"><source srcset=" d.webp">"#),
            ["a.png", "b.png", "c.png", "d.webp"]
        );
        assert_eq!(
            srcset_urls("b.png 2x, c.png 3x,data:x,y 1x"),
            [(0, "b.png"), (10, "c.png")]
        );
        // The print page moves a chapter's relative images to the root: srcset's too.
        let up = |u: &str| (!u.starts_with('/')).then(|| format!("part/{u}"));
        assert_eq!(
            rewrite(r#"<img srcset="a.png 1x, /b.png 2x">"#, "", &up),
            r#"<img srcset="part/a.png 1x, /b.png 2x">"#
        );
    }

    #[test]
    fn script_urls_are_unsafe() {
        for url in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "vbscript:x",
            "data:text/html,<b>",
            "DATA:text/html;base64,xx",
        ] {
            assert!(is_unsafe_url(url), "{url}");
        }
        for url in [
            "https://a.io",
            "ch.md",
            "data:image/png;base64,xx",
            "mailto:a@b.c",
            "#javascript",
        ] {
            assert!(!is_unsafe_url(url), "{url}");
        }
    }
}
