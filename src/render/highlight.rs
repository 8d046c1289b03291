//! Code blocks to HTML, highlighted at build time with syntect on the Oniguruma regex engine (with
//! the extra syntaxes of two-face: TOML, Dockerfile, PowerShell, JSX…) and emitted as `hl-` CSS classes,
//! plus the two stylesheets (light and dark) those classes use. Hidden lines become
//! `<span class="boring">` lines, each a balanced piece of HTML, in a `<pre class="has-hidden">`.

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
/// Lines above which a code block is `code-long`: about a third of a printed page.
pub(crate) const LONG_BLOCK_LINES: usize = 15;
/// syntect theme used for the dark stylesheet.
const DARK_THEME: &str = "base16-ocean.dark";

/// syntect's bundled syntaxes plus two-face's extra ones, loaded once per process from their
/// binary dump (only when a build has code to highlight).
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
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
        // Two-face's "JavaScript (Babel)" also claims `js` and would win the lookup; `jsx`,
        // `mjs` and `es6` get it, `js` keeps the plain JavaScript grammar.
        "js" | "ts" | "typescript" => return set.find_syntax_by_name("JavaScript"),
        "postgresql" | "psql" | "mysql" => "sql".to_string(),
        "ini" | "cfg" | "conf" => "ini".to_string(),
        "handlebars" | "hbs" | "mustache" | "jinja" | "tera" | "liquid" => "html".to_string(),
        "yml" => "yaml".to_string(),
        "dockerfile" => "Dockerfile".to_string(),
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
/// `class` adds classes to the `<pre>` (e.g. `quiz-program`). The `<code>` element's classes
/// are mdBook's: `language-LANG` then the info string's other words (`rust,ignore` →
/// `language-rust ignore`), which themes style. Hidden lines are written as
/// `<span class="boring">` when `hidden` is [`Hidden::Toggle`], left out for [`Hidden::Omit`].
/// A block of more than [`LONG_BLOCK_LINES`] lines is marked `code-long`: on paper it may break
/// across pages, where a shorter one moves to the next page whole (the theme's print.css).
pub(crate) fn code_block(block: &CodeBlock, class: &str, hidden: Hidden) -> String {
    let has_hidden = block.has_hidden_lines();
    let body = match (has_hidden, hidden) {
        (false, _) => remembered(&block.code, &block.lang).to_string(),
        (true, _) => hide_lines(block, hidden),
    };
    let mut pre_class = String::from("code");
    let long = block.code.lines().count() > LONG_BLOCK_LINES;
    for extra in [
        class,
        if has_hidden && hidden == Hidden::Toggle {
            "has-hidden"
        } else {
            ""
        },
        if long { "code-long" } else { "" },
    ] {
        if !extra.is_empty() {
            pre_class.push(' ');
            pre_class.push_str(extra);
        }
    }
    if block.lang.is_empty() {
        format!("<pre class=\"{pre_class}\"><code>{body}</code></pre>\n")
    } else {
        let lang = escape(&block.lang);
        let mut code_class = format!("language-{}", block.lang);
        for attribute in &block.attributes {
            code_class.push(' ');
            code_class.push_str(attribute);
        }
        format!(
            "<pre class=\"{pre_class}\" data-lang=\"{lang}\"><code class=\"{}\">{body}</code></pre>\n",
            escape(&code_class)
        )
    }
}

/// [`highlight`], remembered per thread for the last few thousand blocks: a chapter's page and
/// its print section show the same code, so each block is highlighted once per build.
fn remembered(code: &str, lang: &str) -> std::rc::Rc<str> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;
    const KEPT: usize = 4096;
    thread_local! {
        static DONE: RefCell<HashMap<(String, String), Rc<str>>> = RefCell::new(HashMap::new());
    }
    let key = (lang.to_string(), code.to_string());
    if let Some(html) = DONE.with(|done| done.borrow().get(&key).cloned()) {
        return html;
    }
    let html: Rc<str> = Rc::from(highlight(code, lang));
    DONE.with(|done| {
        let mut done = done.borrow_mut();
        if done.len() >= KEPT {
            done.clear();
        }
        done.insert(key, Rc::clone(&html));
    });
    html
}

/// What to do with a code block's hidden lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hidden {
    /// Write them, marked, for the theme's toggle to show.
    Toggle,
    /// Leave them out (the print page, a worksheet on paper).
    Omit,
}

/// The block highlighted as a whole (hiding marks removed, so the highlighter sees the real
/// program), then cut into lines: each hidden one wrapped in `<span class="boring">` for
/// [`Hidden::Toggle`], left out for [`Hidden::Omit`].
fn hide_lines(block: &CodeBlock, hidden: Hidden) -> String {
    let html = remembered(&block.shown_code(), &block.lang);
    let lines = block.lines();
    let mut out = String::with_capacity(html.len() + lines.len() * 24);
    for (n, piece) in balanced_lines(&html).iter().enumerate() {
        match (lines.get(n).is_some_and(|l| l.hidden), hidden) {
            (false, _) => out.push_str(piece),
            (true, Hidden::Omit) => {}
            (true, Hidden::Toggle) => {
                // Never indexed for search (Pagefind skips elements marked this way).
                out.push_str("<span class=\"boring\">");
                out.push_str(piece);
                out.push_str("</span>");
            }
        }
    }
    out
}

/// Cuts highlighted HTML (escaped text and `<span …>`/`</span>` tags only) into lines, each
/// ending with its newline and balanced: spans open at a line break are closed before it and
/// opened again after it, so a line can be wrapped in an element of its own.
pub(crate) fn balanced_lines(html: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut line = String::new();
    let mut rest = html;
    // Both marks are ASCII, so a byte search lands on a character boundary.
    while let Some(next) = rest.bytes().position(|b| b == b'<' || b == b'\n') {
        line.push_str(&rest[..next]);
        rest = &rest[next..];
        if let Some(after) = rest.strip_prefix('\n') {
            for _ in &open {
                line.push_str("</span>");
            }
            line.push('\n');
            lines.push(std::mem::take(&mut line));
            line.extend(open.iter().copied());
            rest = after;
        } else {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..end];
            if tag.starts_with("</") {
                open.pop();
            } else {
                open.push(tag);
            }
            line.push_str(tag);
            rest = &rest[end..];
        }
    }
    line.push_str(rest);
    if !line.is_empty() && line != open.concat() {
        lines.push(line);
    }
    lines
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
        scope(
            &readable(&css(LIGHT_THEME), LIGHT_BACKGROUND),
            "html:not([data-theme=\"dark\"]) ",
        ),
        scope(
            &readable(&css(DARK_THEME), DARK_BACKGROUND),
            "html[data-theme=\"dark\"] ",
        ),
    )
}

/// The code-block background of each theme the colours are read on (`--code-bg` in the
/// default theme's style.css): the darkest light one and the lightest dark one, so text that
/// is readable here is readable on every background the theme puts code on.
const LIGHT_BACKGROUND: [u8; 3] = [0xf6, 0xf8, 0xfa];
const DARK_BACKGROUND: [u8; 3] = [0x16, 0x1c, 0x24];
/// WCAG 2 contrast every code colour reaches (4.5:1 is the AA minimum for body text).
const MIN_CONTRAST: f64 = 4.6;

/// The stylesheet with every `color: #rrggbb` moved towards black (light themes) or white
/// (dark themes) until it reaches [`MIN_CONTRAST`] against `background`, or against the rule's
/// own `background-color` when it has one (then towards whichever of black and white gets
/// there). Hue is kept; colours already readable are unchanged.
fn readable(css: &str, background: [u8; 3]) -> String {
    let dark = luminance(background) < 0.5;
    let mut out = String::with_capacity(css.len());
    for rule in css.split_inclusive('}') {
        let own = rule
            .split("background-color:")
            .nth(1)
            .and_then(|v| parse_hex(v.trim_start()));
        let mut rest = rule;
        while let Some(at) = rest.find("color:") {
            let is_background = rest[..at].ends_with('-');
            out.push_str(&rest[..at + "color:".len()]);
            rest = &rest[at + "color:".len()..];
            let value = rest.trim_start();
            let skipped = rest.len() - value.len();
            if let Some(colour) = parse_hex(value).filter(|_| !is_background) {
                let on = own.unwrap_or(background);
                let fixed = fit(colour, on, dark)
                    .or_else(|| fit(colour, on, !dark))
                    .unwrap_or(colour);
                out.push_str(&rest[..skipped]);
                out.push_str(&format!(
                    "#{:02x}{:02x}{:02x}",
                    fixed[0], fixed[1], fixed[2]
                ));
                rest = &value[7..];
            }
        }
        out.push_str(rest);
    }
    out
}

/// `#rrggbb` at the start of `text` (not followed by an alpha pair).
fn parse_hex(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?.get(..6)?;
    if text[7..].starts_with(|c: char| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// `colour` mixed step by step towards white (`lighten`) or black until its contrast with
/// `background` reaches [`MIN_CONTRAST`]; `None` if even white or black does not.
fn fit(colour: [u8; 3], background: [u8; 3], lighten: bool) -> Option<[u8; 3]> {
    let target = if lighten { 255.0 } else { 0.0 };
    (0..=50).find_map(|step| {
        let t = f64::from(step) / 50.0;
        let mixed = colour.map(|c| (f64::from(c) + (target - f64::from(c)) * t).round() as u8);
        (contrast(mixed, background) >= MIN_CONTRAST).then_some(mixed)
    })
}

/// WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white).
fn luminance(rgb: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// WCAG 2 contrast ratio of two colours, 1 to 21.
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
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
    fn a_code_block_longer_than_a_page_left_most_of_a_page_blank_before_it_in_print() {
        let lines = |n: usize| "x = 1\n".repeat(n);
        let pre = |n: usize| code_block(&CodeBlock::new("python", lines(n)), "", Hidden::Toggle);
        assert!(pre(LONG_BLOCK_LINES).starts_with("<pre class=\"code\" data-lang"));
        assert!(pre(LONG_BLOCK_LINES + 1).starts_with("<pre class=\"code code-long\" data-lang"));
    }

    #[test]
    fn known_language_gets_classes() {
        assert!(highlight("fn main() {}\n", "rust").contains("class=\"hl-"));
    }

    #[test]
    fn toml_and_config_languages_are_highlighted() {
        for lang in ["toml", "yaml", "handlebars", "dockerfile", "ini"] {
            assert!(highlight("a = 1\n", lang).contains("class=\"hl-"), "{lang}");
        }
    }

    // On Oniguruma, two-face adds "JavaScript (Babel)", which also claims the `js` extension and
    // won the lookup: every js block changed classes.
    #[test]
    fn js_fences_keep_the_plain_javascript_grammar() {
        let name = |lang| find_syntax(lang).map(|s| s.name.as_str());
        for lang in ["js", "JS", "javascript", "ts", "typescript"] {
            assert_eq!(name(lang), Some("JavaScript"), "{lang}");
        }
        assert_eq!(name("jsx"), Some("JavaScript (Babel)"));
        assert_eq!(name("powershell"), Some("PowerShell"));
    }

    #[test]
    fn hidden_lines_are_balanced_boring_spans() {
        let block = CodeBlock::new(
            "rust,ignore",
            "# fn main() {\nlet s = \"a\n# b\";\n##x\n# }\n".into(),
        );
        let html = code_block(&block, "", Hidden::Toggle);
        assert!(html.starts_with("<pre class=\"code has-hidden\" data-lang=\"rust\"><code class=\"language-rust ignore\">"), "{html}");
        assert_eq!(html.matches("<span class=\"boring\">").count(), 3, "{html}");
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        let printed = code_block(&block, "", Hidden::Omit);
        assert!(
            !printed.contains("boring") && !printed.contains("fn"),
            "{printed}"
        );
        assert_eq!(block.visible_code(), "let s = \"a\n#x\n");
    }

    #[test]
    fn every_code_colour_is_readable_on_its_theme_background() {
        let (light, dark) = stylesheets();
        for (css, background) in [(light, LIGHT_BACKGROUND), (dark, DARK_BACKGROUND)] {
            let mut seen = 0;
            for rule in css.split_inclusive('}') {
                let own = rule
                    .split("background-color:")
                    .nth(1)
                    .and_then(|v| parse_hex(v.trim_start()));
                for part in rule.split("color:").skip(1) {
                    if let Some(colour) = parse_hex(part.trim_start()) {
                        if own == Some(colour) {
                            continue; // the background itself
                        }
                        seen += 1;
                        let bg = own.unwrap_or(background);
                        let ratio = contrast(colour, bg);
                        assert!(ratio >= 4.5, "{colour:?} on {bg:?}: {ratio:.2}\n{rule}");
                    }
                }
            }
            assert!(seen > 10, "{css}");
        }
        // The light theme's comment grey (#969896, 2.7:1) is darkened, keeping its hue.
        assert!(!light.contains("#969896"), "{light}");
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
