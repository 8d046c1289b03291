//! Markdown fragments inside quizzes (prompts, options, explanations) rendered to HTML, with
//! code blocks highlighted like chapter code.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::highlight;

fn options(smart: bool) -> Options {
    let mut options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    options.set(Options::ENABLE_SMART_PUNCTUATION, smart);
    options
}

/// Renders `markdown` as block HTML (paragraphs, lists, highlighted code). Raw HTML is escaped.
pub fn block(markdown: &str, smart: bool) -> String {
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    for event in Parser::new_ext(markdown, options(smart)) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([',', ' ']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, body)) = code.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, body)) = code.take() {
                    events.push(Event::Html(code_block(&body, &lang).into()));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html.trim_end().to_string()
}

/// Renders `markdown` as inline HTML: like [`block`], without the `<p>` around a single paragraph.
pub fn inline(markdown: &str, smart: bool) -> String {
    let html = block(markdown, smart);
    match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// A highlighted `<pre>` block for `code` in `lang`.
pub fn code_block(code: &str, lang: &str) -> String {
    let body = highlight::highlight(code, lang);
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{body}</code></pre>\n")
    } else {
        let lang = highlight::escape(lang);
        format!("<pre class=\"code\" data-lang=\"{lang}\"><code class=\"language-{lang}\">{body}</code></pre>\n")
    }
}
