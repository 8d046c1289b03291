//! Checklists: GFM task lists become checklists whose items get stable ids, so a reader's ticks
//! survive rebuilds and reordering.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::chapter::{plain_text, ChapterParser, Spanned};
use super::{Checklist, Node, Task};

impl ChapterParser<'_> {
    /// Ends the open task's label: its nodes so far are the label's (as [`Task::label`] keeps
    /// them, without paragraph breaks).
    pub(super) fn close_label(&mut self) {
        if let Some((checklist, task, start)) = self.open_label.take() {
            let label = self.out.nodes[start..]
                .iter()
                .filter(|n| {
                    !matches!(
                        n,
                        Node::Event(Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph))
                    )
                })
                .cloned()
                .collect();
            self.out.checklists[checklist].items[task].label = label;
            self.push(Node::TaskLabelEnd);
        }
    }

    pub(super) fn task(&mut self, events: &[Spanned], i: usize, checked: bool) {
        // Static boxes, as mdBook shows them, in footnotes and in books without checklists.
        let checklists = self.context.book.config.checklists;
        if !checklists || self.footnote.is_some() || self.lists.is_empty() {
            self.push(Node::DisabledCheckbox { checked });
            return;
        }
        let checklist = self.checklist_for_current_list();
        let end = item_text_end(events, i);
        let mut text = plain_text(&events[i + 1..end], |_| false)
            .trim()
            .to_string();
        let explicit = explicit_task_id(&text);
        if let Some((id, stripped)) = &explicit {
            text = stripped.clone();
            if let Some(last) = (i + 1..end)
                .rev()
                .find(|&j| matches!(events[j].0, Event::Text(_)))
            {
                if let Event::Text(t) = &events[last].0 {
                    let suffix = format!("{{#{id}}}");
                    self.replacements.insert(
                        last,
                        t.trim_end()
                            .trim_end_matches(suffix.as_str())
                            .trim_end()
                            .to_string(),
                    );
                }
            }
        }
        if text.trim().is_empty() {
            let range = events[i].1.clone();
            let warning = super::chapter::located(
                self.chapter,
                range,
                "empty checklist item: readers get a box with nothing to say what it is for".into(),
            )
            .with_help("write what the reader does, or remove the item")
            .warning();
            self.diagnostics.push(warning);
        }
        let heading = self
            .out
            .headings
            .last()
            .map(|h| h.id.clone())
            .unwrap_or_default();
        let id = match explicit {
            Some((id, _)) => {
                if !self.ids.reserve(&id) {
                    self.error(
                        events[i].1.clone(),
                        format!("id `{id}` is already used on this page"),
                        "give each checklist item an id no heading or other item on the page has",
                    );
                }
                id
            }
            None => {
                let hash = crate::hash::hash_hex(&format!(
                    "{}\u{0}{heading}\u{0}{text}",
                    self.chapter.path
                ));
                self.ids.unique(&format!("t-{}", &hash[..8]))
            }
        };
        // The lists opened since the checklist's own list.
        let outermost = self
            .lists
            .iter()
            .position(|f| f.checklist == Some(checklist))
            .unwrap_or(0);
        let depth = self.lists.len() - 1 - outermost;
        let items = &mut self.out.checklists[checklist].items;
        items.push(Task {
            id,
            text,
            label: Vec::new(),
            depth,
            checked,
        });
        let task = items.len() - 1;
        self.push(Node::TaskStart { checklist, task });
        self.open_label = Some((checklist, task, self.out.nodes.len()));
    }

    pub(super) fn checklist_for_current_list(&mut self) -> usize {
        // A task list nested in a checklist's item belongs to that checklist.
        let outer = self.lists.iter().rev().skip(1).find_map(|f| f.checklist);
        let frame = self.lists.last_mut().expect("task marker inside a list");
        if let Some(existing) = frame.checklist.or(outer) {
            frame.checklist = Some(existing);
            return existing;
        }
        let index = self.out.checklists.len();
        frame.checklist = Some(index);
        let ordered = frame.ordered;
        let node = frame.node;
        let heading = self
            .out
            .headings
            .last()
            .map(|h| (h.id.clone(), h.text.clone()));
        self.out.checklists.push(Checklist {
            id: self.ids.unique(&format!("checklist-{}", index + 1)),
            heading,
            items: Vec::new(),
            ordered,
        });
        self.out.nodes[node] = Node::ChecklistStart {
            checklist: index,
            ordered,
        };
        index
    }
}

/// Index where a task item's own text ends: its `End(Item)` or the start of a nested list.
fn item_text_end(events: &[Spanned], marker: usize) -> usize {
    let mut depth = 0usize;
    for (j, (event, _)) in events.iter().enumerate().skip(marker + 1) {
        match event {
            Event::Start(Tag::List(_)) if depth == 0 => return j,
            Event::End(TagEnd::Item) if depth == 0 => return j,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    events.len()
}

/// Splits a trailing `{#id}` off a task's text: (id, text without it).
fn explicit_task_id(text: &str) -> Option<(String, String)> {
    let body = text.trim_end().strip_suffix('}')?;
    let open = body.rfind("{#")?;
    let id = &body[open + 2..];
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    valid.then(|| (id.to_string(), body[..open].trim_end().to_string()))
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn task_ids() {
        assert_eq!(
            explicit_task_id("Ship it {#ship}"),
            Some(("ship".into(), "Ship it".into()))
        );
        assert_eq!(explicit_task_id("Ship it"), None);
    }
}
