//! The bundled handbook as teaching material: every chapter has a checklist of first-person items
//! and a quiz of at least six explained questions, prerequisites point at chapters earlier in the
//! reading order, and no more than a third of single-answer questions make the right option the
//! longest one (a cue that lets readers guess without knowing).
//!
//! Quizzes are read straight from the Markdown (```` ```quiz ```` fences and `{{#quiz file}}`
//! includes) with the `toml` crate, independently of how skillbook itself parses them.

use std::fs;
use std::path::{Path, PathBuf};

/// One chapter of the handbook, as written.
struct Chapter {
    /// Path relative to the handbook's source directory, as SUMMARY.md links it.
    path: String,
    /// The whole file.
    text: String,
}

fn handbook_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("handbook")
}

/// The chapters in SUMMARY.md order, without the welcome page (`README.md`).
fn chapters(root: &Path) -> Vec<Chapter> {
    let summary = fs::read_to_string(root.join("SUMMARY.md")).expect("SUMMARY.md");
    summary
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|target| target.ends_with(".md") && *target != "README.md")
        .map(|path| Chapter {
            path: path.to_string(),
            text: fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}")),
        })
        .collect()
}

/// The chapter's TOML front matter (between `+++` lines); empty when it has none.
fn front_matter(text: &str) -> toml::Table {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return toml::Table::new();
    };
    let end = rest.find("\n+++").expect("front matter is closed");
    rest[..end].parse().expect("front matter is TOML")
}

/// The lines outside fenced code blocks, and the bodies of ```` ```quiz ```` fences.
fn split_fences(text: &str) -> (Vec<&str>, Vec<String>) {
    let mut prose = Vec::new();
    let mut quizzes = Vec::new();
    // (fence character, fence length, collected quiz body when the fence is a quiz)
    let mut open: Option<(char, usize, Option<String>)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let fence = trimmed
            .chars()
            .next()
            .filter(|c| *c == '`' || *c == '~')
            .map(|c| (c, trimmed.chars().take_while(|x| *x == c).count()))
            .filter(|(_, n)| *n >= 3);
        match (&mut open, fence) {
            (None, Some((c, n))) => {
                let info = trimmed[n..].trim();
                let is_quiz = info.split_whitespace().next() == Some("quiz");
                open = Some((c, n, is_quiz.then(String::new)));
            }
            (Some((c, n, body)), Some((fc, fn_)))
                if fc == *c && fn_ >= *n && trimmed[fn_..].trim().is_empty() =>
            {
                if let Some(body) = body.take() {
                    quizzes.push(body);
                }
                open = None;
            }
            (Some((_, _, Some(body))), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (Some(_), _) => {}
            (None, None) => prose.push(line),
        }
    }
    (prose, quizzes)
}

/// Every quiz of a chapter, parsed: inline fences and `{{#quiz file.toml}}` includes.
fn quizzes(root: &Path, chapter: &Chapter) -> Vec<toml::Table> {
    let (prose, mut sources) = split_fences(&chapter.text);
    let dir = root.join(&chapter.path);
    let dir = dir.parent().unwrap();
    for line in prose {
        if let Some(rest) = line.trim().strip_prefix("{{#quiz") {
            let file = rest.trim_end_matches("}}").trim();
            sources.push(
                fs::read_to_string(dir.join(file))
                    .unwrap_or_else(|e| panic!("{}: {file}: {e}", chapter.path)),
            );
        }
    }
    sources
        .iter()
        .map(|s| {
            s.parse()
                .unwrap_or_else(|e| panic!("{}: quiz TOML: {e}", chapter.path))
        })
        .collect()
}

fn questions(quiz: &toml::Table) -> Vec<&toml::Table> {
    quiz.get("questions")
        .and_then(|q| q.as_array())
        .map(|a| a.iter().filter_map(|q| q.as_table()).collect())
        .unwrap_or_default()
}

fn id(question: &toml::Table) -> String {
    question
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or("(no id)")
        .to_string()
}

/// Length of an option as the reader sees it (Markdown backticks and emphasis do not count).
fn shown_len(option: &str) -> usize {
    option.chars().filter(|c| !matches!(c, '`' | '*')).count()
}

/// For a single-answer MultipleChoice question: whether its right option is strictly longer than
/// every distractor. `None` for other questions (several answers, other types).
fn right_option_is_longest(question: &toml::Table) -> Option<bool> {
    if question.get("type")?.as_str()? != "MultipleChoice" {
        return None;
    }
    let answer = question.get("answer")?.get("answer")?.as_str()?;
    let distractors = question.get("prompt")?.get("distractors")?.as_array()?;
    let longest_distractor = distractors
        .iter()
        .filter_map(|d| d.as_str())
        .map(shown_len)
        .max()
        .unwrap_or(0);
    Some(shown_len(answer) > longest_distractor)
}

/// The ids of single-answer questions whose right option is the longest, and how many
/// single-answer questions there are.
fn length_cue(quizzes: &[toml::Table]) -> (Vec<String>, usize) {
    let mut cued = Vec::new();
    let mut total = 0;
    for question in quizzes.iter().flat_map(questions) {
        if let Some(longest) = right_option_is_longest(question) {
            total += 1;
            if longest {
                cued.push(id(question));
            }
        }
    }
    (cued, total)
}

/// Problems with a quiz cue ratio: `Some(message)` when more than a third of single-answer
/// questions have the right option as the longest.
fn length_cue_problem(quizzes: &[toml::Table]) -> Option<String> {
    let (cued, total) = length_cue(quizzes);
    (cued.len() * 3 > total).then(|| {
        format!(
            "{} of {total} single-answer questions have the right option as the longest (at most a third may): {cued:?}",
            cued.len()
        )
    })
}

#[test]
fn handbook_quizzes_do_not_give_answers_away_by_length() {
    let root = handbook_root();
    let all: Vec<toml::Table> = chapters(&root)
        .iter()
        .flat_map(|c| quizzes(&root, c))
        .collect();
    let (_, total) = length_cue(&all);
    assert!(
        total >= 30,
        "expected the handbook's single-answer questions, found {total}"
    );
    if let Some(problem) = length_cue_problem(&all) {
        panic!("{problem}");
    }
}

#[test]
fn length_cue_check_flags_quizzes_whose_right_options_are_longest() {
    let quiz = |answer: &str| -> toml::Table {
        format!(
            "[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Q\"\n\
             prompt.distractors = [\"short\", \"`tiny`\"]\nanswer.answer = \"{answer}\"\n"
        )
        .parse()
        .unwrap()
    };
    // Backticks do not count: "`longer`" shows as six characters, one more than "short".
    let cued = [quiz("`longer`"), quiz("a longer answer"), quiz("ok")];
    assert_eq!(
        length_cue_problem(&cued).as_deref(),
        Some("2 of 3 single-answer questions have the right option as the longest (at most a third may): [\"(no id)\", \"(no id)\"]")
    );
    let fair = [quiz("ok"), quiz("fine"), quiz("a longer answer")];
    assert_eq!(length_cue_problem(&fair), None);
}

#[test]
fn every_handbook_chapter_has_a_checklist_and_a_quiz_of_six_explained_questions() {
    let root = handbook_root();
    let chapters = chapters(&root);
    assert!(chapters.len() >= 13, "found {} chapters", chapters.len());
    let mut problems = Vec::new();
    for chapter in &chapters {
        if checklist_items(&chapter.text).is_empty() {
            problems.push(format!("{}: no checklist", chapter.path));
        }
        let quizzes = quizzes(&root, chapter);
        let questions: Vec<&toml::Table> = quizzes.iter().flat_map(questions).collect();
        if questions.len() < 6 {
            problems.push(format!(
                "{}: {} quiz questions, at least 6 needed",
                chapter.path,
                questions.len()
            ));
        }
        for q in questions {
            let explained = q
                .get("context")
                .and_then(|c| c.as_str())
                .is_some_and(|c| c.trim().len() >= 20);
            if !explained {
                problems.push(format!("{}: `{}` has no explanation", chapter.path, id(q)));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The text of every checklist item outside code fences (`- [ ] text` or `- [x] text`).
fn checklist_items(text: &str) -> Vec<&str> {
    let (prose, _) = split_fences(text);
    prose
        .into_iter()
        .filter_map(|l| {
            let l = l.trim_start();
            ["- [ ] ", "- [x] ", "* [ ] ", "* [x] "]
                .iter()
                .find_map(|p| l.strip_prefix(p))
        })
        .collect()
}

#[test]
fn handbook_checklist_items_speak_in_one_voice_as_things_the_reader_did() {
    let root = handbook_root();
    let mut problems = Vec::new();
    for chapter in chapters(&root) {
        for item in checklist_items(&chapter.text) {
            if !item.starts_with("I ") {
                problems.push(format!("{}: {item}", chapter.path));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "checklist items are first-person statements starting with \"I \" (\"I recovered ...\"):\n{}",
        problems.join("\n")
    );
}

#[test]
fn handbook_prerequisites_exist_and_come_earlier_in_the_reading_order() {
    let root = handbook_root();
    let chapters = chapters(&root);
    let position = |path: &str| chapters.iter().position(|c| c.path == path);
    let mut problems = Vec::new();
    for (n, chapter) in chapters.iter().enumerate() {
        let front = front_matter(&chapter.text);
        let prerequisites = front
            .get("prerequisites")
            .and_then(|p| p.as_array())
            .cloned()
            .unwrap_or_default();
        for prerequisite in prerequisites.iter().filter_map(|p| p.as_str()) {
            match position(prerequisite) {
                None => problems.push(format!("{}: `{prerequisite}` is no chapter", chapter.path)),
                Some(p) if p >= n => problems.push(format!(
                    "{}: `{prerequisite}` comes later in the reading order",
                    chapter.path
                )),
                Some(_) => {}
            }
        }
        for key in ["level", "skills", "time-estimate"] {
            if !front.contains_key(key) {
                problems.push(format!("{}: front matter has no `{key}`", chapter.path));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
