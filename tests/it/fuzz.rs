//! Fuzz target: handbooks generated from a grammar of valid constructs (configuration, SUMMARY.md,
//! chapters with front matter, links, quizzes, checklists, a theme template), then mutated byte by
//! byte and renamed. Every case is built through the library; every fourth also through the
//! binary into an output folder holding a previous site. Each must hold:
//!
//! - no panic and no hang (60 s), and the binary exits 0 or 1;
//! - every error is about a file (with a position whenever it carries the file's text);
//! - a failed build leaves the output folder exactly as it was, and leaves nothing beside it;
//!   a successful one leaves a manifest.
//!
//! `cargo test --test it fuzz` runs 240 cases. `SKILLBOOK_FUZZ_MINUTES=20 cargo test --release
//! --test it fuzz -- --nocapture` runs cases for 20 minutes and prints how many ran. A failure
//! prints the smallest handbook proptest could shrink it to.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use skillbook::diagnostics::Location;
use skillbook::load::LoadOptions;

/// Files of one generated handbook: path relative to the handbook root → bytes.
type Files = BTreeMap<String, Vec<u8>>;

const CHAPTER_NAMES: [&str; 10] = [
    "intro.md",
    "README.md",
    "part/a.md",
    "part/README.md",
    "b c.md",
    "ü.md",
    "02-x.md",
    "deep/er/c.md",
    "index.md",
    "part/Readme.md",
];
const IDS: [&str; 5] = ["a", "b", "raw", "x-1", "é"];
const LANGS: [&str; 6] = [
    "",
    "rust",
    "python",
    "no-such-lang",
    "rust,ignore",
    "sh title=\"x\"",
];
const WORDS: [&str; 12] = [
    "alpha",
    "beta",
    "Γάμμα",
    "delta",
    "<b>",
    "&amp;",
    "\"q\"",
    "`c`",
    "*e*",
    "x_y",
    "--",
    "…",
];
const TOKENS: [&str; 24] = [
    "{%", "%}", "{{", "}}", "{{#quiz ", "---\n", "+++\n", "[", "]", "](", "{#", "<script>", "<!--",
    "\n", "\r", "\0", "\t", "#", "- [ ] ", "```", "[^1]", "\"", "'", "\\",
];

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(&WORDS[..]), 1..5).prop_map(|w| w.join(" "))
}

fn target() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(&CHAPTER_NAMES[..]).prop_map(str::to_string),
        prop::sample::select(&IDS[..]).prop_map(|id| format!("#{id}")),
        (
            prop::sample::select(&CHAPTER_NAMES[..]),
            prop::sample::select(&IDS[..])
        )
            .prop_map(|(c, id)| format!("{c}#{id}")),
        prop::sample::select(
            &[
                "missing.md",
                "https://example.org/",
                "img.png",
                "../x.md",
                "javascript:alert(1)",
                "part/",
                "mailto:a@b.c",
                "",
            ][..]
        )
        .prop_map(str::to_string),
    ]
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            1..4usize,
            words(),
            prop::option::of(prop::sample::select(&IDS[..]))
        )
            .prop_map(|(level, text, id)| {
                let id = id.map(|i| format!(" {{#{i}}}")).unwrap_or_default();
                format!("{} {text}{id}\n", "#".repeat(level))
            }),
        (words(), target(), words()).prop_map(|(a, t, b)| format!("{a} [{b}]({t}) {a}[^1].\n")),
        target().prop_map(|t| format!("![alt]({t})\n")),
        (prop::sample::select(&LANGS[..]), words())
            .prop_map(|(lang, code)| format!("```{lang}\n{code}\nfn x() {{}}\n```\n")),
        prop::collection::vec((any::<bool>(), words()), 1..4).prop_map(|items| {
            items
                .iter()
                .map(|(done, t)| format!("- [{}] {t}\n", if *done { "x" } else { " " }))
                .collect()
        }),
        prop::sample::select(&["quiz.toml", "part/q.toml", "missing.toml"][..])
            .prop_map(|q| format!("{{{{#quiz {q}}}}}\n")),
        words().prop_map(|t| format!("> [!NOTE]\n> {t}\n")),
        prop::sample::select(&IDS[..])
            .prop_map(|id| format!("<div id=\"{id}\">raw</div>\n\n<!-- c -->\n")),
        words().prop_map(|t| format!("| a | b |\n|---|---|\n| {t} | 1 |\n")),
        words().prop_map(|t| format!("[^1]: {t}\n")),
        quiz().prop_map(|q| format!("```quiz\n{q}```\n")),
    ]
}

/// Blocks that reference no other file or anchor.
fn self_contained_block() -> impl Strategy<Value = String> {
    prop_oneof![
        (1..4usize, words()).prop_map(|(level, text)| format!("{} {text}\n", "#".repeat(level))),
        (words(), words()).prop_map(|(a, b)| format!("{a} [{b}](https://example.org/) *{a}*.\n")),
        (prop::sample::select(&LANGS[..]), words())
            .prop_map(|(lang, code)| format!("```{lang}\n{code}\n```\n")),
        words().prop_map(|t| format!("- [ ] {t}\n- [x] {t}\n")),
        words().prop_map(|t| format!("> [!TIP]\n> {t}\n")),
        words().prop_map(|t| format!("| a | b |\n|---|---|\n| {t} | 1 |\n")),
        quiz().prop_map(|q| format!("```quiz\n{q}```\n")),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    (
        0..3usize,
        words(),
        -3..3i64,
        prop::option::weighted(0.2, prop::sample::select(&CHAPTER_NAMES[..]))
            .prop_map(|p| p.into_iter().collect::<Vec<_>>()),
        0..90u32,
    )
        .prop_map(|(kind, title, weight, prereq, minutes)| {
            let title = title.replace(['"', '\\'], "");
            let list = |items: &[&str]| {
                items
                    .iter()
                    .map(|i| format!("\"{i}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            match kind {
                0 => String::new(),
                1 => format!(
                    "+++\ntitle = \"{title}\"\nweight = {weight}\nskills = [\"a\"]\nprerequisites = [{}]\ntime-estimate = {minutes}\n[extra]\nk = {{ a = [1, 2] }}\n+++\n",
                    list(&prereq)
                ),
                _ => format!(
                    "---\ntitle: \"{title}\"\nweight: {weight}\nlevel: basic\nprerequisites: [{}]\nextra:\n  k: {{a: [1, 2]}}\n---\n",
                    list(&prereq)
                ),
            }
        })
}

fn quiz() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (0..3usize, words(), prop::option::of(prop::sample::select(&IDS[..]))),
        1..4,
    )
    .prop_map(|questions| {
        questions
            .iter()
            .map(|(kind, text, id)| {
                let text = text.replace(['"', '\\'], "");
                let id = id.map(|i| format!("id = \"{i}\"\n")).unwrap_or_default();
                match kind {
                    0 => format!("[[questions]]\n{id}type = \"ShortAnswer\"\nprompt.prompt = \"{text}\"\nanswer.answer = \"a\"\n"),
                    1 => format!("[[questions]]\n{id}type = \"MultipleChoice\"\nprompt.prompt = \"{text}\"\nprompt.distractors = [\"x\", \"y\"]\nanswer.answer = \"z\"\n"),
                    _ => format!("[[questions]]\n{id}type = \"Tracing\"\nprompt.program = \"fn main() {{}}\"\nanswer.doesCompile = true\nanswer.stdout = \"\"\n"),
                }
            })
            .collect()
    })
}

fn summary() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.3,
        prop::collection::vec(
            (
                0..4usize,
                0..3usize,
                prop::sample::select(&CHAPTER_NAMES[..]),
                words(),
            ),
            1..6,
        )
        .prop_map(|entries| {
            let mut text = String::from("# Summary\n\n");
            for (kind, depth, name, title) in entries {
                let title = title.replace(['[', ']'], "");
                match kind {
                    0 => text.push_str(&format!("# {title}\n\n")),
                    1 => text.push_str("---\n"),
                    2 => text.push_str(&format!("{}- [{title}]()\n", "  ".repeat(depth))),
                    _ => text.push_str(&format!("{}- [{title}]({name})\n", "  ".repeat(depth))),
                }
            }
            text
        }),
    )
}

fn template() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.15,
        prop::collection::vec(
            prop::sample::select(
                &[
                    "{{ page.title }}",
                    "{% if page %}x{% endif %}",
                    "{% include \"missing.html\" %}",
                    "{%}",
                    "{{",
                    "{% for i in [1, 2] %}{{ i }}{% endfor %}",
                    "<p>plain</p>",
                    "{% extends \"404.html\" %}",
                    "{{ config.title | upper }}",
                ][..],
            ),
            1..4,
        )
        .prop_map(|parts| parts.concat()),
    )
}

/// One byte-level change: (file index, kind, position, length, token index, byte).
type Mutation = (usize, u8, usize, usize, usize, u8);

fn handbook() -> impl Strategy<Value = Files> {
    let chapters = prop::collection::btree_map(
        prop::sample::select(&CHAPTER_NAMES[..]),
        // Half the chapters use only constructs that need no other file, so that builds succeed
        // often enough for rendering to be exercised.
        (
            front_matter(),
            prop_oneof![
                prop::collection::vec(block(), 0..8),
                prop::collection::vec(self_contained_block(), 0..8),
            ],
        ),
        1..5,
    );
    (
        chapters,
        summary(),
        quiz(),
        template(),
        any::<bool>(),
        // Half the handbooks stay as generated, so builds that succeed are exercised too.
        prop_oneof![
            Just(Vec::new()),
            prop::collection::vec(
                (
                    0..8usize,
                    0..6u8,
                    0..4000usize,
                    0..40usize,
                    0..TOKENS.len(),
                    any::<u8>()
                ),
                1..4,
            ),
        ],
        prop::option::weighted(
            0.1,
            prop::sample::select(&["~", ".orig", ".swp", "/x", " "][..]),
        ),
    )
        .prop_map(
            |(chapters, summary, quiz, template, search, mutations, rename)| {
                let mut files = Files::new();
                let search = if search { "" } else { "search = false\n" };
                files.insert(
                    "handbook.toml".into(),
                    format!("title = \"Fuzz\"\n{search}").into_bytes(),
                );
                for (name, (front, blocks)) in chapters {
                    files.insert(
                        name.to_string(),
                        format!("{front}{}", blocks.join("\n")).into_bytes(),
                    );
                }
                if let Some(summary) = summary {
                    files.insert("SUMMARY.md".into(), summary.into_bytes());
                }
                files.insert("quiz.toml".into(), quiz.clone().into_bytes());
                files.insert("part/q.toml".into(), quiz.into_bytes());
                files.insert("img.png".into(), b"\x89PNG\r\n".to_vec());
                if let Some(template) = template {
                    files.insert("theme/templates/404.html".into(), template.into_bytes());
                }
                mutate(&mut files, &mutations);
                if let Some(suffix) = rename {
                    let name = files.keys().nth(mutations.len() % files.len()).cloned();
                    if let Some(name) = name.filter(|n| n != "handbook.toml") {
                        let bytes = files.remove(&name).unwrap_or_default();
                        files.insert(format!("{name}{suffix}"), bytes);
                    }
                }
                files
            },
        )
}

fn mutate(files: &mut Files, mutations: &[Mutation]) {
    let count = files.len();
    for &(file, kind, at, len, token, byte) in mutations {
        let Some(bytes) = files.values_mut().nth(file % count) else {
            continue;
        };
        let at = at % (bytes.len() + 1);
        let end = (at + len).min(bytes.len());
        match kind {
            0 => {
                let _ = bytes.splice(at..at, TOKENS[token].bytes());
            }
            1 => {
                bytes.drain(at..end);
            }
            2 => {
                let copy = bytes[at..end].to_vec();
                let _ = bytes.splice(at..at, copy);
            }
            3 => bytes.insert(at, byte),
            4 => bytes.truncate(at),
            _ => {
                let _ = bytes.splice(at..at, std::iter::repeat_n(b'[', len * 3));
            }
        }
    }
}

/// Writes `files` under `root`; file names that cannot be created are left out.
fn write_handbook(root: &Path, files: &Files) {
    for (path, bytes) in files {
        let full = root.join(path);
        if let Some(dir) = full.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(full, bytes);
    }
}

/// Every file under `dir` with its bytes (a folder's snapshot).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect()
}

/// Runs `f` on another thread; a panic or a run over 60 s is a finding.
fn guarded<T: Send + 'static>(
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, TestCaseError> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        let _ = tx.send(result);
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) => Err(TestCaseError::fail(format!("{what} panicked"))),
        Err(_) => Err(TestCaseError::fail(format!("{what} hung for 60 s"))),
    }
}

/// The library's verdict on one handbook.
/// Returns whether the build failed.
fn check_library(root: &Path) -> Result<bool, TestCaseError> {
    let options = LoadOptions {
        root: root.to_path_buf(),
        ..LoadOptions::default()
    };
    let result = guarded("build_site", move || skillbook::build_site(&options))?;
    let failed = result.is_err();
    if let Err(diagnostics) = result {
        prop_assert!(diagnostics.has_errors(), "a failed build reported no error");
        for d in &diagnostics {
            prop_assert!(
                matches!(d.location, Location::File(_)),
                "an error about no file: {d}"
            );
        }
        let text = guarded("render", move || diagnostics.render(false))?;
        let summary = text.lines().last().unwrap_or("");
        prop_assert!(summary.contains(" error"), "{text}");
    }
    Ok(failed)
}

/// The binary's verdict: exit 0 or 1, and on 1 the previous site in `out` untouched.
fn check_binary(dir: &Path, previous: &Path) -> Result<(), TestCaseError> {
    let out = dir.join("site");
    let status = Command::new("cp")
        .arg("-r")
        .arg(previous)
        .arg(&out)
        .status()
        .map_err(|e| TestCaseError::fail(format!("cannot run cp: {e}")))?;
    prop_assert!(status.success());
    let before = snapshot(&out);
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillbook"))
        .args(["build", "book", "-o", "site"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| TestCaseError::fail(format!("cannot run skillbook: {e}")))?;
    let start = Instant::now();
    let code = loop {
        if let Some(status) = child
            .try_wait()
            .map_err(|e| TestCaseError::fail(e.to_string()))?
        {
            break status.code();
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(TestCaseError::fail("skillbook build hung for 60 s"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
    }
    prop_assert!(
        matches!(code, Some(0) | Some(1)),
        "exit status {code:?}: {stderr}"
    );
    if code == Some(1) {
        prop_assert!(
            snapshot(&out) == before,
            "a failed build changed the output: {stderr}"
        );
    } else {
        prop_assert!(out.join(".skillbook-manifest.json").is_file());
    }
    let leftovers: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| TestCaseError::fail(e.to_string()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".new-") || n.contains(".old-"))
        .collect();
    prop_assert!(
        leftovers.is_empty(),
        "left beside the output: {leftovers:?}"
    );
    Ok(())
}

/// A site built from a small valid handbook, copied into every binary case's output folder.
fn previous_site(dir: &Path) -> std::path::PathBuf {
    let book = dir.join("book");
    write_handbook(
        &book,
        &Files::from([
            (
                "handbook.toml".to_string(),
                b"title = \"Old\"\nsearch = false\n".to_vec(),
            ),
            ("old.md".to_string(), b"# Old\n".to_vec()),
        ]),
    );
    let output = Command::new(env!("CARGO_BIN_EXE_skillbook"))
        .args(["build", "book", "-o", "previous"])
        .current_dir(dir)
        .output()
        .expect("run skillbook");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir.join("previous")
}

#[test]
fn generated_and_mutated_handbooks_never_panic_hang_or_damage_the_output() {
    let minutes: f64 = std::env::var("SKILLBOOK_FUZZ_MINUTES")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0.0);
    let base = tempfile::tempdir().unwrap();
    let previous = previous_site(base.path());
    let cases = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let deadline = Instant::now() + Duration::from_secs_f64(minutes * 60.0);
    let config = Config {
        cases: if minutes > 0.0 { 100 } else { 240 },
        failure_persistence: None,
        ..Config::default()
    };
    loop {
        // The default run is the same every time; a timed run draws new cases batch after batch
        // (a runner counts its cases once, so each batch gets a fresh, randomly seeded one).
        let mut runner = if minutes > 0.0 {
            TestRunner::new(config.clone())
        } else {
            let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
            TestRunner::new_with_rng(config.clone(), rng)
        };
        let result = runner.run(&handbook(), |files| {
            let n = cases.fetch_add(1, Ordering::Relaxed);
            let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
            let root = dir.path().join("book");
            write_handbook(&root, &files);
            if check_library(&root)? {
                failed.fetch_add(1, Ordering::Relaxed);
            }
            if n % 4 == 0 {
                check_binary(dir.path(), &previous)?;
            }
            Ok(())
        });
        match result {
            Err(proptest::test_runner::TestError::Fail(reason, files)) => {
                let shown: BTreeMap<&String, std::borrow::Cow<str>> = files
                    .iter()
                    .map(|(p, b)| (p, String::from_utf8_lossy(b)))
                    .collect();
                panic!(
                    "after {} cases: {reason}\nminimal handbook: {shown:#?}",
                    cases.load(Ordering::Relaxed)
                );
            }
            Err(other) => panic!("{other}"),
            Ok(()) => {}
        }
        if Instant::now() >= deadline {
            break;
        }
    }
    let cases = cases.load(Ordering::Relaxed);
    eprintln!(
        "fuzz: {cases} handbooks ({} failed with diagnostics), {} also through the binary: no finding",
        failed.load(Ordering::Relaxed),
        cases.div_ceil(4)
    );
}
