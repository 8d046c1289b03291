//! Markdown fragments inside quizzes (titles, prompts, options, explanations), parsed into the
//! same [`Node`]s as chapter text so that render turns both into HTML by the same rules. Raw
//! HTML in a fragment is kept as text (escaped when rendered); links are kept as written.

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{CodeBlock, Node, Target};

/// A parsed piece of quiz Markdown.
#[derive(Debug, Clone, Default)]
pub struct Fragment {
    /// The nodes, in document order: Markdown events, links, images and code blocks only.
    pub nodes: Vec<Node>,
}

fn options(smart: bool) -> Options {
    let mut options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    options.set(Options::ENABLE_SMART_PUNCTUATION, smart);
    options
}

impl Fragment {
    /// Parses `markdown` as blocks (paragraphs, lists, code); `smart` turns on smart punctuation.
    pub(crate) fn block(markdown: &str, smart: bool) -> Fragment {
        let events: Vec<Event> = Parser::new_ext(markdown, options(smart)).collect();
        let mut nodes = Vec::with_capacity(events.len());
        let mut i = 0;
        while i < events.len() {
            i = push_node(&events, i, &mut nodes);
        }
        Fragment { nodes }
    }

    /// Like [`Fragment::block`], without the paragraph around text that is one paragraph.
    pub(crate) fn inline(markdown: &str, smart: bool) -> Fragment {
        let mut fragment = Fragment::block(markdown, smart);
        let paragraphs = fragment
            .nodes
            .iter()
            .filter(|n| matches!(n, Node::Event(Event::Start(Tag::Paragraph))))
            .count();
        let first = matches!(
            fragment.nodes.first(),
            Some(Node::Event(Event::Start(Tag::Paragraph)))
        );
        let last = matches!(
            fragment.nodes.last(),
            Some(Node::Event(Event::End(TagEnd::Paragraph)))
        );
        if paragraphs == 1 && first && last {
            fragment.nodes.pop();
            fragment.nodes.remove(0);
        }
        fragment
    }

    /// The plain text on one line: text, inline code and code blocks, markup removed, every run
    /// of whitespace (line breaks, block boundaries) one space.
    pub fn text(&self) -> String {
        let mut text = String::new();
        let gap = |text: &mut String| {
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
        };
        for node in &self.nodes {
            match node {
                Node::Event(Event::Text(t) | Event::Code(t)) => text.push_str(t),
                Node::Event(Event::SoftBreak | Event::HardBreak) => gap(&mut text),
                Node::Event(Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::Item
                    | TagEnd::TableCell
                    | TagEnd::BlockQuote(_)
                    | TagEnd::List(_),
                )) => gap(&mut text),
                Node::Code(code) => {
                    gap(&mut text);
                    text.push_str(code.code.trim_end());
                    gap(&mut text);
                }
                Node::Image { alt, .. } => text.push_str(alt),
                _ => {}
            }
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Turns the event at `i` into nodes; returns the index of the next event to handle.
fn push_node(events: &[Event], i: usize, nodes: &mut Vec<Node>) -> usize {
    match &events[i] {
        Event::Start(Tag::CodeBlock(kind)) => {
            let info = match kind {
                CodeBlockKind::Fenced(info) => info.as_ref(),
                CodeBlockKind::Indented => "",
            };
            let mut code = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::CodeBlock)) {
                if let Event::Text(t) = &events[j] {
                    code.push_str(t);
                }
                j += 1;
            }
            nodes.push(Node::Code(CodeBlock::new(info, code)));
            return j + 1;
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        }) => {
            let url = if *link_type == LinkType::Email {
                format!("mailto:{dest_url}")
            } else {
                dest_url.to_string()
            };
            nodes.push(Node::LinkStart {
                target: Target::External(url),
                title: title.to_string(),
            });
        }
        Event::End(TagEnd::Link) => nodes.push(Node::LinkEnd),
        Event::Start(Tag::Image {
            dest_url, title, ..
        }) => {
            let mut alt = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Image)) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    alt.push_str(t);
                }
                j += 1;
            }
            nodes.push(Node::Image {
                target: Target::External(dest_url.to_string()),
                title: title.to_string(),
                alt,
            });
            return j + 1;
        }
        Event::Html(html) | Event::InlineHtml(html) => {
            nodes.push(Node::Event(Event::Text(html.to_string().into())));
        }
        other => nodes.push(Node::Event(other.clone().into_static())),
    }
    i + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_drops_a_lone_paragraph_only() {
        let one = Fragment::inline("just *this*", false);
        assert!(!one
            .nodes
            .iter()
            .any(|n| matches!(n, Node::Event(Event::Start(Tag::Paragraph)))));
        let two = Fragment::inline("a\n\nb", false);
        assert!(matches!(
            two.nodes[0],
            Node::Event(Event::Start(Tag::Paragraph))
        ));
    }

    #[test]
    fn text_of_a_fragment() {
        let f = Fragment::block(
            "Run `git log`:\n\n```sh\ngit log -1\n```\n\n<b>bold</b> end",
            false,
        );
        assert_eq!(f.text(), "Run git log: git log -1 <b>bold</b> end");
    }
}
