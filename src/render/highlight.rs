//! Code blocks to HTML, highlighted at build time with syntect and emitted as `hl-` CSS classes,
//! plus the two stylesheets (light and dark) those classes use.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::html::escape;
use crate::parse::CodeBlock;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
/// syntect theme used for the light stylesheet.
const LIGHT_THEME: &str = "InspiredGitHub";
/// syntect theme used for the dark stylesheet.
const DARK_THEME: &str = "base16-ocean.dark";

/// syntect's bundled syntaxes, loaded once per process from its binary dump.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` written in `lang` (a fence info word such as `rust`, `py`, `sql`).
///
/// Returns the inner HTML of a `<code>` element: `<span class="hl-…">` runs for a known language,
/// escaped plain text for an unknown one or if syntect fails on the input. Never panics.
pub(crate) fn highlight(code: &str, lang: &str) -> String {
    match find_syntax(lang) {
        Some(syntax) => classed(code, syntax).unwrap_or_else(|| escape(code)),
        None => escape(code),
    }
}

fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let set = syntaxes();
    let token = match lang.to_ascii_lowercase().as_str() {
        "" | "text" | "plain" | "plaintext" | "txt" => return None,
        "shell" | "console" | "sh" | "zsh" => "bash".to_string(),
        "golang" => "go".to_string(),
        "c++" => "cpp".to_string(),
        "jsonc" => "json".to_string(),
        "ts" | "typescript" => "js".to_string(),
        "postgresql" | "psql" | "mysql" => "sql".to_string(),
        "toml" | "ini" => "ini".to_string(),
        other => other.to_string(),
    };
    set.find_syntax_by_token(&token)
}

fn classed(code: &str, syntax: &SyntaxReference) -> Option<String> {
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes(), CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// A code block as a `<pre class="code">` element, highlighted when its language is known;
/// `class` adds classes to the `<pre>` (e.g. `quiz-program`).
pub(crate) fn code_block(block: &CodeBlock, class: &str) -> String {
    let body = highlight(&block.code, &block.lang);
    let class = if class.is_empty() {
        "code".to_string()
    } else {
        format!("code {class}")
    };
    if block.lang.is_empty() {
        format!("<pre class=\"{class}\"><code>{body}</code></pre>\n")
    } else {
        let lang = escape(&block.lang);
        format!("<pre class=\"{class}\" data-lang=\"{lang}\"><code class=\"language-{lang}\">{body}</code></pre>\n")
    }
}

/// The two highlighting stylesheets: (light, dark), generated once per process. The dark one's rules apply under
/// `html[data-theme="dark"]`, the light one's everywhere else, so the theme toggle switches them
/// without reloading.
pub(crate) fn stylesheets() -> &'static (String, String) {
    static SHEETS: OnceLock<(String, String)> = OnceLock::new();
    SHEETS.get_or_init(make_stylesheets)
}

fn make_stylesheets() -> (String, String) {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str| {
        themes
            .themes
            .get(name)
            .and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok())
            .unwrap_or_default()
    };
    // Both sets are scoped, so a language-specific light rule (many classes) can never outrank a
    // generic dark rule: the two prefixes never match at the same time.
    (
        scope(&css(LIGHT_THEME), "html:not([data-theme=\"dark\"]) "),
        scope(&css(DARK_THEME), "html[data-theme=\"dark\"] "),
    )
}

/// Prefixes every selector of a flat stylesheet (no nested at-rules) with `prefix`.
fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let selectors = rest[..open].trim();
        let selectors = strip_comments(selectors);
        let scoped: Vec<String> = selectors
            .split(',')
            .map(|s| format!("{prefix}{}", s.trim()))
            .collect();
        out.push_str(&scoped.join(", "));
        out.push_str(" {");
        out.push_str(&rest[open + 1..=close]);
        out.push('\n');
        rest = &rest[close + 1..];
    }
    out
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_language_is_escaped_text() {
        assert_eq!(highlight("a < b", "no-such-language"), "a &lt; b");
    }

    #[test]
    fn known_language_gets_classes() {
        assert!(highlight("fn main() {}\n", "rust").contains("class=\"hl-"));
    }

    #[test]
    fn both_stylesheets_are_scoped_to_their_theme() {
        let (light, dark) = stylesheets();
        let scoped = |css: &str, prefix: &str| {
            css.lines()
                .filter(|l| l.contains('{'))
                .all(|l| l.starts_with(prefix))
        };
        assert!(scoped(light, "html:not([data-theme=\"dark\"]) "), "{light}");
        assert!(
            dark.lines()
                .filter(|l| l.contains('{'))
                .all(|l| l.starts_with("html[data-theme=\"dark\"] ")),
            "{dark}"
        );
    }
}
