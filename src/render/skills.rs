//! The skills map page (`skills.html`: the prerequisite graph as inline SVG, the learning path as
//! a list, the skills index), the learning-path parts of the home page (reading times, "Next
//! up"), the review note on chapter pages, and `chapters.js`, the data the reader's browser needs
//! to colour all of it by the progress it has saved.

use std::fmt::Write as _;

use serde::Serialize;
use tera::{Context, Tera};

use super::templates::template_error;
use crate::diagnostics::Diagnostic;
use crate::html::escape;
use crate::load::{Book, Chapter};
use crate::parse::ParsedChapter;
use crate::paths::{encode_path, root_of};
use crate::skills::{self, layout::Sizes, Map, Skill};
use crate::translations::Translations;

/// Box sizes of the skills map, in CSS pixels.
pub(super) const MAP_SIZES: Sizes = Sizes {
    node_width: 168.0,
    node_height: 68.0,
    column_gap: 36.0,
    row_gap: 16.0,
};

/// Characters of a short title per line of a map node (two lines at most); the first line is
/// shorter, leaving room for the status dot in the corner.
const LINE_CHARS: (usize, usize) = (16, 19);

/// How far the map may shrink to fit the page before it scrolls sideways instead.
const MIN_SCALE: f64 = 0.85;

/// What the skills page and the home page share, computed once per build.
pub(super) struct Learning {
    map: Map,
    order: Vec<usize>,
    skills: Vec<Skill>,
}

impl Learning {
    /// The map, learning order and skills index of `book`.
    pub(super) fn new(book: &Book) -> Learning {
        Learning {
            map: skills::map(&book.chapters, &MAP_SIZES),
            order: skills::learning_order(&book.chapters),
            skills: skills::skills_index(&book.chapters),
        }
    }

    /// The anchor of skill `name` on the skills page.
    pub(super) fn skill_anchor(&self, name: &str) -> Option<String> {
        skills::skill_anchor(&self.skills, name)
    }
}

/// `minutes` as reader-facing text: `45 min`, `2 h`, `2 h 15 min` (from the UI strings).
pub(super) fn duration(minutes: u32, strings: &Translations) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let key = match (h, m) {
        (0, _) => "minutes",
        (_, 0) => "hours",
        _ => "hoursMinutes",
    };
    strings
        .get(key)
        .replace("{h}", &h.to_string())
        .replace("{m}", &m.to_string())
}

/// `level · 45 min`, either part alone, or empty.
fn meta_line(chapter: &Chapter, strings: &Translations) -> String {
    let front = &chapter.front_matter;
    let time = front.time_estimate.map(|m| duration(m, strings));
    [front.level.clone(), time]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A chapter as the templates see it on the skills and home pages.
#[derive(Serialize)]
struct ChapterItem {
    title: String,
    href: String,
    page: String,
    meta: String,
    part: Option<String>,
    /// Titles of its prerequisites.
    needs: Vec<String>,
}

fn chapter_item(book: &Book, index: usize, from: &str, strings: &Translations) -> ChapterItem {
    let chapter = &book.chapters[index];
    ChapterItem {
        title: chapter.title.clone(),
        href: format!("{}{}", root_of(from), encode_path(&chapter.html_path())),
        page: chapter.html_path(),
        meta: meta_line(chapter, strings),
        part: chapter.part.clone(),
        needs: chapter
            .prerequisites
            .iter()
            .map(|&p| book.chapters[p].title.clone())
            .collect(),
    }
}

#[derive(Serialize)]
struct SkillItem {
    name: String,
    anchor: String,
    chapters: Vec<ChapterItem>,
    time: String,
}

/// Fills in the skills page's context: `map` (the SVG), `path` (chapters in learning order),
/// `skills` (the skills index) and `total_time` (absent without time estimates).
pub(super) fn skills_context(
    book: &Book,
    learning: &Learning,
    strings: &Translations,
    context: &mut Context,
) {
    const PAGE: &str = "skills.html";
    context.insert("map", &map_svg(book, &learning.map, strings, PAGE));
    let path: Vec<ChapterItem> = learning
        .order
        .iter()
        .map(|&i| chapter_item(book, i, PAGE, strings))
        .collect();
    context.insert("path", &path);
    let skills: Vec<SkillItem> = learning
        .skills
        .iter()
        .map(|s| SkillItem {
            name: s.name.clone(),
            anchor: s.anchor.clone(),
            chapters: s
                .chapters
                .iter()
                .map(|&i| chapter_item(book, i, PAGE, strings))
                .collect(),
            time: duration(s.minutes, strings),
        })
        .collect();
    context.insert("skills", &skills);
    context.insert("total_time", &total_time(book, learning, strings));
}

/// The learning path's time estimates added up, as text; `None` when no chapter has one.
fn total_time(book: &Book, learning: &Learning, strings: &Translations) -> Option<String> {
    let total = skills::total_minutes(learning.order.iter().map(|&i| &book.chapters[i]));
    (total > 0).then(|| duration(total, strings))
}

/// Fills in the home page's learning path: `next_up` (the first chapter of the learning order;
/// the browser replaces it by the reader's own next chapter), `total_time`, and `skills_href`.
pub(super) fn home_context(
    book: &Book,
    learning: &Learning,
    strings: &Translations,
    from: &str,
    context: &mut Context,
) {
    let next = learning
        .order
        .first()
        .map(|&i| chapter_item(book, i, from, strings));
    context.insert("next_up", &next);
    context.insert("total_time", &total_time(book, learning, strings));
    context.insert("skills_href", &format!("{}skills.html", root_of(from)));
}

/// The skills page.
///
/// Errors: a template error, as a diagnostic at the template.
pub(super) fn skills_page(
    book: &Book,
    tera: &Tera,
    mut context: Context,
    learning: &Learning,
    strings: &Translations,
) -> Result<String, Diagnostic> {
    skills_context(book, learning, strings, &mut context);
    tera.render("skills.html", &context)
        .map_err(|e| template_error(book, &e))
}

/// Review dates for chapter `index`'s page: ("Last reviewed …" text, the overdue note), each
/// `None` when it does not apply.
pub(super) fn review_notes(
    book: &Book,
    index: usize,
    strings: &Translations,
) -> (Option<String>, Option<String>) {
    let Some(review) =
        crate::load::review::review(&book.chapters, index, &book.config.review_every)
    else {
        return (None, None);
    };
    let last = strings
        .get("lastReviewed")
        .replace("{date}", &review.last_reviewed.to_string());
    let overdue = book
        .today
        .filter(|&today| review.is_overdue(today))
        .and(review.due)
        .map(|due| {
            strings
                .get("reviewOverdue")
                .replace("{date}", &due.to_string())
        });
    (Some(last), overdue)
}

/// The skills map as an inline SVG whose links are relative to page `from`.
pub(super) fn map_svg(book: &Book, map: &Map, strings: &Translations, from: &str) -> String {
    let layout = &map.layout;
    let pad = 6.0;
    let (width, height) = (layout.width + 2.0 * pad, layout.height + 2.0 * pad);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg class=\"skills-map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{} {} {width} {height}\" width=\"{width}\" height=\"{height}\" style=\"min-width:{}px;max-width:{width}px\" role=\"group\" aria-labelledby=\"map-title\" aria-describedby=\"map-help\" tabindex=\"-1\">",
        -pad,
        -pad,
        (width * MIN_SCALE).round(),
    );
    svg.push_str("<defs><marker id=\"map-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\"/></marker></defs>\n");
    svg.push_str("<g class=\"map-edges\" aria-hidden=\"true\">\n");
    for route in &layout.routes {
        let _ = writeln!(
            svg,
            "<path class=\"map-edge\" data-from=\"{}\" data-to=\"{}\" d=\"{}\" marker-end=\"url(#map-arrow)\"/>",
            route.from,
            route.to,
            edge_path(&route.points)
        );
    }
    svg.push_str("</g>\n<g class=\"map-nodes\">\n");
    for (node, place) in layout.nodes.iter().enumerate() {
        let chapter = &book.chapters[map.chapters[node]];
        node_svg(&mut svg, book, chapter, node, place, strings, from);
    }
    svg.push_str("</g>\n</svg>");
    svg
}

/// A smooth path through `points`: curves between columns, straight runs inside a column.
fn edge_path(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    let Some(&(x, y)) = points.first() else {
        return d;
    };
    let _ = write!(d, "M{x} {y}");
    for (k, pair) in points.windows(2).enumerate() {
        let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
        if k % 2 == 1 {
            let _ = write!(d, "H{x2}");
        } else {
            let mid = (x1 + x2) / 2.0;
            let _ = write!(d, "C{mid} {y1} {mid} {y2} {x2} {y2}");
        }
    }
    d
}

fn node_svg(
    svg: &mut String,
    book: &Book,
    chapter: &Chapter,
    node: usize,
    place: &skills::layout::Placed,
    strings: &Translations,
    from: &str,
) {
    let (x, y, w, h) = (
        place.x,
        place.y,
        MAP_SIZES.node_width,
        MAP_SIZES.node_height,
    );
    let meta = meta_line(chapter, strings);
    let needs: Vec<&str> = chapter
        .prerequisites
        .iter()
        .map(|&p| book.chapters[p].short_title.as_str())
        .collect();
    // The accessible name starts with the text shown, as the reader sees it (WCAG 2.5.3); the
    // full title is the box's tooltip.
    let mut label = chapter.short_title.clone();
    if !meta.is_empty() {
        label.push_str(&format!(". {meta}"));
    }
    if !needs.is_empty() {
        label.push_str(&format!(
            ". {}: {}",
            strings.get("readFirst"),
            needs.join(", ")
        ));
    }
    let href = format!("{}{}", root_of(from), encode_path(&chapter.html_path()));
    let _ = writeln!(
        svg,
        "<a class=\"map-node\" id=\"map-node-{node}\" href=\"{}\" data-node=\"{node}\" data-page=\"{}\" data-column=\"{}\" data-row=\"{}\" aria-label=\"{}\">",
        escape(&href),
        escape(&chapter.html_path()),
        place.column,
        place.row,
        escape(&label)
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(&chapter.title));
    let _ = writeln!(
        svg,
        "<rect class=\"map-box\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"8\"/>"
    );
    let lines = wrap(&chapter.short_title, LINE_CHARS, 2);
    let first = if lines.len() > 1 { y + 22.0 } else { y + 29.0 };
    let _ = write!(
        svg,
        "<text class=\"map-title\" x=\"{}\" y=\"{first}\">",
        x + 12.0
    );
    for (k, line) in lines.iter().enumerate() {
        if k == 0 {
            svg.push_str(&escape(line));
        } else {
            // The space keeps the lines apart in the text a screen reader gets.
            svg.push(' ');
            let _ = write!(
                svg,
                "<tspan x=\"{}\" dy=\"16\">{}</tspan>",
                x + 12.0,
                escape(line)
            );
        }
    }
    svg.push_str("</text>\n");
    if !meta.is_empty() {
        let _ = writeln!(
            svg,
            "<text class=\"map-meta\" x=\"{}\" y=\"{}\">{}</text>",
            x + 12.0,
            y + h - 11.0,
            escape(&meta)
        );
    }
    let _ = writeln!(
        svg,
        "<circle class=\"map-dot\" cx=\"{}\" cy=\"{}\" r=\"5\"/>\n</a>",
        x + w - 13.0,
        y + 13.0
    );
}

/// `text` broken at spaces into at most `max_lines` lines, the first of up to `widths.0`
/// characters and the others of up to `widths.1`; a line that must be cut ends with `…`.
pub(super) fn wrap(text: &str, widths: (usize, usize), max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let width_of = |line: usize| if line == 0 { widths.0 } else { widths.1 };
    for word in text.split_whitespace() {
        let width = width_of(lines.len());
        let fits = current.chars().count() + 1 + word.chars().count() <= width;
        if current.is_empty() || fits {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        } else {
            lines.push(std::mem::take(&mut current));
            current.push_str(word);
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    for (k, line) in lines.iter_mut().enumerate() {
        let width = width_of(k);
        if line.chars().count() > width + 1 {
            *line = line.chars().take(width).collect::<String>() + "…";
        }
    }
    lines
}

#[derive(Serialize)]
struct ChapterData<'a> {
    page: String,
    href: String,
    title: &'a str,
    /// The SUMMARY.md link text, else the title.
    short: &'a str,
    /// `level · time`.
    meta: String,
    part: Option<&'a str>,
    /// Indexes of its prerequisites.
    needs: &'a [usize],
    /// Checklist items: [id, ticked by default].
    tasks: Vec<(&'a str, bool)>,
    /// Quizzes: [id, hash, questions].
    quizzes: Vec<(&'a str, &'a str, usize)>,
}

#[derive(Serialize)]
struct LearningData<'a> {
    chapters: Vec<ChapterData<'a>>,
    /// The learning order, as indexes into `chapters`.
    order: &'a [usize],
}

/// `chapters.js`: every chapter's page, prerequisites, checklist items and quizzes plus the
/// learning order, handed to `skillbook.learning()` (the theme's `assets/learning.js`), which
/// works out the reader's progress from them. A script rather than JSON so it loads from
/// `file://` too.
pub(super) fn chapters_js(
    book: &Book,
    chapters: &[ParsedChapter],
    learning: &Learning,
    strings: &Translations,
) -> String {
    let data = LearningData {
        chapters: book
            .chapters
            .iter()
            .zip(chapters)
            .map(|(chapter, parsed)| ChapterData {
                page: chapter.html_path(),
                href: encode_path(&chapter.html_path()),
                title: &chapter.title,
                short: &chapter.short_title,
                meta: meta_line(chapter, strings),
                part: chapter.part.as_deref(),
                needs: &chapter.prerequisites,
                tasks: parsed
                    .checklists
                    .iter()
                    .flat_map(|c| &c.items)
                    .map(|t| (t.id.as_str(), t.checked))
                    .collect(),
                quizzes: parsed
                    .quizzes
                    .iter()
                    .map(|q| (q.id.as_str(), q.hash.as_str(), q.questions.len()))
                    .collect(),
            })
            .collect(),
        order: &learning.order,
    };
    let json = crate::html::script_json(&data);
    format!("/* Chapters, prerequisites, checklist items and quizzes: what the learning path needs. */\nskillbook.learning({json});\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_wrap_and_cut() {
        assert_eq!(wrap("Databases", (16, 19), 2), ["Databases"]);
        assert_eq!(
            wrap("Languages and API design", (16, 19), 2),
            ["Languages and", "API design"]
        );
        assert_eq!(
            wrap("one two three four five six seven eight nine", (7, 10), 2),
            ["one two", "three four…"]
        );
        assert_eq!(wrap("Supercalifragilistic", (8, 8), 2), ["Supercal…"]);
    }

    #[test]
    fn durations_read_naturally() {
        let strings = Translations::new("en", &Default::default());
        assert_eq!(duration(45, &strings), "45 min");
        assert_eq!(duration(120, &strings), "2 h");
        assert_eq!(duration(135, &strings), "2 h 15 min");
    }
}
