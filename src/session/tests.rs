//! One test per kind of change: the kind it is classified as, the strategy the session picks,
//! and a site identical to a clean build of the same files.

use std::path::{Path, PathBuf};

use super::{ChangeKind, Session, Strategy};
use crate::load::LoadOptions;

/// A handbook with SUMMARY.md, two chapters (one with front matter), an image and a theme file.
fn handbook() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        ("handbook.toml", "title = \"T\"\nsrc = \"src\"\n"),
        (
            "src/SUMMARY.md",
            "# T\n\n- [One](one.md)\n- [Two](two.md)\n",
        ),
        ("src/one.md", "# One\n\nFirst [link](two.md#two).\n"),
        (
            "src/two.md",
            "---\ntitle: Two\n---\n# Two\n\n- [ ] a task\n\n```rust\nfn main() {}\n```\n",
        ),
        (
            "src/img/pic.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("theme/custom.css", "body { color: red }\n"),
    ];
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    let mut session = Session::new(options(dir.path()));
    session.build().expect("first build");
    (dir, session)
}

fn options(root: &Path) -> LoadOptions {
    LoadOptions {
        root: root.to_path_buf(),
        ..Default::default()
    }
}

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write");
    path
}

/// Rebuilds after `path` changed, checks its kind and strategy, and that the site equals a
/// clean build.
fn check(session: &mut Session, root: &Path, path: &Path, kind: ChangeKind, strategy: Strategy) {
    let changes = session.classify(&[path.to_path_buf()]);
    assert_eq!(
        changes.iter().map(|c| c.kind).collect::<Vec<_>>(),
        vec![kind]
    );
    let rebuilt = session.rebuild(&[path.to_path_buf()]).expect("rebuild");
    assert_eq!(rebuilt.strategy, strategy);
    let clean = crate::build_site(&options(root)).expect("clean build");
    assert_eq!(
        session.site().files.keys().collect::<Vec<_>>(),
        clean.files.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &clean.files {
        assert!(
            session.site().files.get(file) == Some(bytes),
            "{file} differs from a clean build"
        );
    }
}

/// [`check`] for an edit of an included file, which rebuilds everything, and that `page` of the
/// site now shows the `text` it was edited to hold.
fn check_included_edit(
    session: &mut Session,
    root: &Path,
    path: &Path,
    (page, text): (&str, &str),
) {
    check(session, root, path, ChangeKind::Included, Strategy::Full);
    let html = String::from_utf8_lossy(&session.site().files[page]).into_owned();
    assert!(
        html.contains(text),
        "{page} lacks {text:?} after {}",
        path.display()
    );
}

/// Saves `text` to `rel` and rebuilds, which must fail (`why`); returns the problems.
fn save_failing(
    session: &mut Session,
    root: &Path,
    (rel, text): (&str, &str),
    why: &str,
) -> crate::diagnostics::Diagnostics {
    let path = write(root, rel, text);
    session.rebuild(&[path]).expect_err(why)
}

/// [`check`] for a chapter body edit, which rebuilds that one chapter.
fn check_body_edit(session: &mut Session, root: &Path, path: &Path) {
    check(session, root, path, ChangeKind::Body, Strategy::Chapters(1));
}

#[test]
fn a_body_edit_rebuilds_that_chapter_only() {
    let (dir, mut session) = handbook();
    let path = write(
        dir.path(),
        "src/one.md",
        "# One\n\nEdited [link](two.md#two).\n",
    );
    check_body_edit(&mut session, dir.path(), &path);
    assert!(String::from_utf8_lossy(&session.site().files["one.html"]).contains("Edited"));
}

#[test]
fn a_body_edit_that_ticks_a_task_recompiles_the_sidebar_and_matches_a_clean_build() {
    let (dir, mut session) = handbook();
    let two = "---\ntitle: Two\n---\n# Two\n\n- [x] a task\n- [ ] another\n";
    let path = write(dir.path(), "src/two.md", two);
    check_body_edit(&mut session, dir.path(), &path);
}

/// checklists.html shows an item's markup, not only its text: an edit to the markup alone (same
/// text, same id) kept the old page.
#[test]
fn a_checklist_items_markup_edit_kept_the_old_checklists_page() {
    let (dir, mut session) = handbook();
    let two = "---\ntitle: Two\n---\n# Two\n\n- [ ] a *task*\n\n```rust\nfn main() {}\n```\n";
    let path = write(dir.path(), "src/two.md", two);
    check_body_edit(&mut session, dir.path(), &path);
    let page = String::from_utf8_lossy(&session.site().files["checklists.html"]).into_owned();
    assert!(page.contains("a <em>task</em></label>"), "{page}");
}

#[test]
fn a_new_first_heading_is_a_title_change_and_rebuilds_everything() {
    let (dir, mut session) = handbook();
    let path = write(dir.path(), "src/one.md", "# Renamed\n\nText.\n");
    check(
        &mut session,
        dir.path(),
        &path,
        ChangeKind::FrontMatter,
        Strategy::Full,
    );
}

#[test]
fn a_front_matter_edit_rebuilds_everything() {
    let (dir, mut session) = handbook();
    let path = write(dir.path(), "src/two.md", "---\ntitle: Deux\n---\n# Two\n");
    check(
        &mut session,
        dir.path(),
        &path,
        ChangeKind::FrontMatter,
        Strategy::Full,
    );
}

#[test]
fn a_summary_edit_rebuilds_everything() {
    let (dir, mut session) = handbook();
    let path = write(
        dir.path(),
        "src/SUMMARY.md",
        "# T\n\n- [Two](two.md)\n- [One](one.md)\n",
    );
    check(
        &mut session,
        dir.path(),
        &path,
        ChangeKind::Summary,
        Strategy::Full,
    );
}

#[test]
fn a_config_edit_rebuilds_everything() {
    let (dir, mut session) = handbook();
    let path = write(
        dir.path(),
        "handbook.toml",
        "title = \"Renamed\"\nsrc = \"src\"\n",
    );
    check(
        &mut session,
        dir.path(),
        &path,
        ChangeKind::Config,
        Strategy::Full,
    );
}

#[test]
fn a_theme_edit_rebuilds_everything() {
    let (dir, mut session) = handbook();
    let path = write(dir.path(), "theme/custom.css", "body { color: blue }\n");
    check(
        &mut session,
        dir.path(),
        &path,
        ChangeKind::Theme,
        Strategy::Full,
    );
}

#[test]
fn an_asset_edit_replaces_only_its_bytes() {
    let (dir, mut session) = handbook();
    let path = write(
        dir.path(),
        "src/img/pic.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\"/>",
    );
    check(
        &mut session,
        dir.path(),
        &path,
        ChangeKind::Asset,
        Strategy::Assets,
    );
}

#[test]
fn an_edit_to_an_included_file_rebuilds_everything() {
    let (dir, mut session) = handbook();
    write(dir.path(), "src/code.rs", "fn one() {}\n");
    let one = write(
        dir.path(),
        "src/one.md",
        "# One\n\n```rust\n{{#include code.rs}}\n```\n",
    );
    session.rebuild(&[one]).expect("rebuild");
    let path = write(dir.path(), "src/code.rs", "fn two() {}\n");
    check_included_edit(&mut session, dir.path(), &path, ("one.html", "two"));
}

#[test]
fn a_created_file_rebuilds_everything() {
    let (dir, mut session) = handbook();
    let path = write(
        dir.path(),
        "src/img/new.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    check(
        &mut session,
        dir.path(),
        &path,
        ChangeKind::Created,
        Strategy::Full,
    );
    assert!(session.site().files.contains_key("img/new.svg"));
}

#[test]
fn a_deleted_chapter_rebuilds_everything_and_reports_the_summary_entry() {
    let (dir, mut session) = handbook();
    let path = dir.path().join("src/img/pic.svg");
    std::fs::remove_file(&path).expect("remove");
    check(
        &mut session,
        dir.path(),
        &path,
        ChangeKind::Deleted,
        Strategy::Full,
    );
    let chapter = dir.path().join("src/one.md");
    std::fs::remove_file(&chapter).expect("remove");
    let errors = session
        .rebuild(&[chapter])
        .expect_err("SUMMARY.md names a missing file");
    assert!(errors.render(false).contains("one.md"));
    assert!(
        session.site().files.contains_key("one.html"),
        "last good site kept"
    );
}

#[test]
fn hidden_files_editor_noise_and_files_outside_the_handbook_are_ignored() {
    let (dir, mut session) = handbook();
    let paths = [
        write(dir.path(), "src/.one.md.swp", "x"),
        write(dir.path(), "src/one.md~", "x"),
        write(dir.path(), ".git/index", "x"),
        write(dir.path(), "notes.txt", "x"),
        std::env::temp_dir().join("elsewhere.md"),
    ];
    assert_eq!(session.classify(&paths), Vec::new());
    let rebuilt = session.rebuild(&paths).expect("nothing to do");
    assert_eq!(rebuilt.strategy, Strategy::Nothing);
}

#[test]
fn a_failed_body_edit_keeps_the_last_good_build_and_the_fix_rebuilds_incrementally() {
    let (dir, mut session) = handbook();
    let before = session.site();
    let errors = save_failing(
        &mut session,
        dir.path(),
        ("src/one.md", "# One\n\n[broken](two.md#nowhere)\n"),
        "broken anchor",
    );
    assert!(errors.render(false).contains("nowhere"));
    assert!(std::sync::Arc::ptr_eq(&before, &session.site()));
    let path = write(dir.path(), "src/one.md", "# One\n\nFixed.\n");
    check_body_edit(&mut session, dir.path(), &path);
}

#[test]
fn a_panic_in_a_rebuild_is_reported_and_the_next_save_rebuilds() {
    let (dir, mut session) = handbook();
    let path = write(dir.path(), "src/one.md", "# One\n\nAfter the panic.\n");
    super::PANIC_NEXT.with(|p| p.set(true));
    let errors = session
        .rebuild(std::slice::from_ref(&path))
        .expect_err("injected panic");
    assert!(errors
        .render(false)
        .contains("internal error while building: injected failure"));
    assert!(
        session.site().files.contains_key("one.html"),
        "last good site kept"
    );
    check(
        &mut session,
        dir.path(),
        &path,
        ChangeKind::Created,
        Strategy::Full,
    );
}

#[test]
fn a_theme_stylesheet_override_changes_only_the_stylesheet() {
    let (dir, mut session) = handbook();
    let path = write(
        dir.path(),
        "theme/assets/style.css",
        "body { color: red; }\n",
    );
    let rebuilt = session.rebuild(&[path]).expect("rebuild");
    assert_eq!(rebuilt.strategy, Strategy::Full);
    assert_eq!(
        rebuilt.changed.into_iter().collect::<Vec<_>>(),
        ["assets/style.css"]
    );
}

/// A folder created with files already inside sends one event, for the folder: it must rebuild.
/// `skillbook build -o site` inside a handbook being served made serve rebuild and reload
/// everything: the new site's files looked like new content, and the old site's removal like
/// deleted content.
#[test]
fn a_site_built_inside_the_served_handbook_rebuilt_everything() {
    let (dir, mut session) = handbook();
    let site = dir.path().join("src/site");
    let options = LoadOptions {
        output: Some(site.clone()),
        ..options(dir.path())
    };
    crate::build(&options, &site).expect("build into the handbook");
    let paths = [
        site.clone(),
        site.join("index.html"),
        site.join("assets/style.css"),
        dir.path().join("src/old-site/index.html"),
        dir.path().join("src/old-site"),
    ];
    assert_eq!(session.classify(&paths), Vec::new());
    let rebuilt = session.rebuild(&paths).expect("nothing to do");
    assert_eq!(rebuilt.strategy, Strategy::Nothing);
    // A file the last build read still counts when it goes.
    std::fs::remove_dir_all(dir.path().join("src/img")).expect("remove");
    let gone = [dir.path().join("src/img")];
    let kinds: Vec<ChangeKind> = session.classify(&gone).iter().map(|c| c.kind).collect();
    assert_eq!(kinds, vec![ChangeKind::Deleted]);
}

#[test]
fn a_new_theme_folder_was_ignored_when_its_files_sent_no_events() {
    let (dir, mut session) = handbook();
    write(
        dir.path(),
        "theme/assets/style.css",
        "body { color: red; }\n",
    );
    let folder = dir.path().join("theme/assets");
    let rebuilt = session.rebuild(&[folder]).expect("rebuild");
    assert_eq!(rebuilt.strategy, Strategy::Full);
    assert_eq!(
        rebuilt.changed.into_iter().collect::<Vec<_>>(),
        ["assets/style.css"]
    );
}

/// A handbook of `count` chapters `c0.md`, `c1.md`, … with texts from `text`, built once.
fn numbered_chapters(count: usize, text: impl Fn(usize) -> String) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "handbook.toml",
        "title = \"T\"\nsrc = \"src\"\n",
    );
    let mut summary = String::from("# T\n\n");
    for i in 0..count {
        summary.push_str(&format!("- [C{i}](c{i}.md)\n"));
        write(dir.path(), &format!("src/c{i}.md"), &text(i));
    }
    write(dir.path(), "src/SUMMARY.md", &summary);
    let mut session = Session::new(options(dir.path()));
    session.build().expect("first build");
    (dir, session)
}

/// The search index kept between rebuilds is patched, not rebuilt, after body edits: a sequence
/// of edits (new words, removed words, a new heading in a middle chapter, one in the last
/// chapter) must leave every index file as a clean build writes it.
#[test]
fn body_edits_patch_the_search_index_exactly_as_a_clean_build_writes_it() {
    let (dir, mut session) = numbered_chapters(6, |i| {
        format!("# C{i}\n\nDeploying services {i} with rollbacks.\n\n## Part\n\nQueues {i}.\n")
    });
    let edits = [
        (
            2,
            "# C2\n\nDeployed zebras and rollbacks.\n\n## Part\n\nQueues.\n",
        ),
        (2, "# C2\n\nOnly zebras now.\n\n## Part\n\nNothing else.\n"),
        (
            0,
            "# C0\n\nServices deploy quokkas.\n\n## Part\n\nQueues 0 queue.\n",
        ),
        (
            3,
            "# C3\n\nA new heading follows.\n\n## Part\n\nQueues.\n\n## Extra\n\nMore words.\n",
        ),
        (
            5,
            "# C5\n\nLast chapter grows.\n\n## Part\n\nQueues.\n\n## Tail\n\nTail words.\n",
        ),
        (5, "# C5\n\nLast chapter shrinks.\n"),
        (
            4,
            "# C4\n\nDeploying services 4 with rollbacks.\n\n## Part\n\nQueues 4.\n",
        ),
    ];
    for (chapter, text) in edits {
        let path = write(dir.path(), &format!("src/c{chapter}.md"), text);
        check_body_edit(&mut session, dir.path(), &path);
    }
}

/// A change saved while the build was failing (here the config's title) was lost when the fix
/// was a body edit: the fix was rebuilt on top of the last good build alone.
#[test]
fn a_change_saved_while_the_build_failed_was_lost_when_a_body_edit_fixed_it() {
    let (dir, mut session) = handbook();
    save_failing(
        &mut session,
        dir.path(),
        ("src/one.md", "# One\n\n[broken](nowhere.md)\n"),
        "broken link",
    );
    save_failing(
        &mut session,
        dir.path(),
        ("handbook.toml", "title = \"New title\"\nsrc = \"src\"\n"),
        "still broken",
    );
    let one = write(dir.path(), "src/one.md", "# One\n\nFixed.\n");
    let rebuilt = session.rebuild(std::slice::from_ref(&one)).expect("fixed");
    assert_eq!(
        rebuilt.strategy,
        Strategy::Full,
        "the config change needs a full build"
    );
    let clean = crate::build_site(&options(dir.path())).expect("clean build");
    assert!(
        session.site().files == clean.files,
        "identical to a clean build"
    );
    assert!(String::from_utf8_lossy(&session.site().files["two.html"]).contains("New title"));
}

/// The pages every chapter shares, by their buffers: which ones a rebuild took from the last
/// site.
fn same_buffers(before: &crate::site::Site, after: &crate::site::Site) -> Vec<String> {
    let shared = [
        "index.html",
        "print.html",
        "checklists.html",
        "progress.html",
        "review.html",
        "skills.html",
        "chapters.js",
        "404.html",
        "toc.html",
        "toc.js",
    ];
    shared
        .iter()
        .filter(|p| match (before.files.get(**p), after.files.get(**p)) {
            (Some(a), Some(b)) => crate::site::same_buffer(a, b),
            _ => false,
        })
        .map(|p| p.to_string())
        .collect()
}

/// The shared pages kept from the last site after `two.md` is saved as `text` (a body edit),
/// once the site is checked against a clean build; and that site.
fn kept_after_editing_two(text: &str) -> (Vec<String>, std::sync::Arc<crate::site::Site>) {
    let (dir, mut session) = handbook();
    let before = session.site();
    let path = write(dir.path(), "src/two.md", text);
    check_body_edit(&mut session, dir.path(), &path);
    (same_buffers(&before, &session.site()), session.site())
}

#[test]
fn a_prose_edit_keeps_every_shared_page_but_the_print_page() {
    let (kept, _) =
        kept_after_editing_two("---\ntitle: Two\n---\n# Two\n\nNew prose.\n\n- [ ] a task\n");
    let shared = [
        "index.html",
        "checklists.html",
        "progress.html",
        "review.html",
    ];
    let more = [
        "skills.html",
        "chapters.js",
        "404.html",
        "toc.html",
        "toc.js",
    ];
    assert_eq!(kept, [&shared[..], &more[..]].concat());
}

#[test]
fn a_reworded_checklist_item_was_kept_out_of_the_checklists_page() {
    // Same number of items, none ticked: the sidebar and its renderer stay.
    let (kept, site) =
        kept_after_editing_two("---\ntitle: Two\n---\n# Two\n\n- [ ] a reworded task\n");
    assert_eq!(
        kept,
        [
            "index.html",
            "skills.html",
            "404.html",
            "toc.html",
            "toc.js"
        ]
    );
    let checklists = String::from_utf8_lossy(&site.files["checklists.html"]).into_owned();
    assert!(checklists.contains("a reworded task"), "{checklists}");
}

#[test]
fn an_edited_quiz_was_kept_out_of_the_progress_and_review_pages() {
    let (dir, mut session) = handbook();
    let quiz = |prompt: &str| {
        format!("# One\n\n```quiz\n[[questions]]\nid = \"q\"\ntype = \"ShortAnswer\"\nprompt.prompt = \"{prompt}\"\nanswer.answer = \"x\"\n```\n")
    };
    let path = write(dir.path(), "src/one.md", &quiz("First prompt?"));
    check_body_edit(&mut session, dir.path(), &path);
    let path = write(dir.path(), "src/one.md", &quiz("Second prompt?"));
    check_body_edit(&mut session, dir.path(), &path);
    let review = String::from_utf8_lossy(&session.site().files["review.html"]).into_owned();
    assert!(review.contains("Second prompt?"), "{review}");
}

#[test]
fn a_body_edit_of_an_mdbook_first_chapter_was_kept_out_of_the_home_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "book.toml", "[book]\ntitle = \"T\"\n");
    write(
        dir.path(),
        "src/SUMMARY.md",
        "# Summary\n\n- [One](one.md)\n- [Two](two.md)\n",
    );
    write(dir.path(), "src/one.md", "# One\n\nFirst words.\n");
    write(dir.path(), "src/two.md", "# Two\n\nSecond words.\n");
    let mut session = Session::new(options(dir.path()));
    session.build().expect("first build");
    let path = write(dir.path(), "src/one.md", "# One\n\nEdited words.\n");
    check_body_edit(&mut session, dir.path(), &path);
    let home = String::from_utf8_lossy(&session.site().files["index.html"]).into_owned();
    assert!(home.contains("Edited words."), "{home}");
    let path = write(dir.path(), "src/two.md", "# Two\n\nEdited again.\n");
    check_body_edit(&mut session, dir.path(), &path);
}

#[test]
fn a_body_edit_writes_again_only_the_search_shards_holding_the_words_it_changed() {
    // Enough distinct words for several shards.
    let chapter = |i: usize, extra: &str| {
        let words: Vec<String> = (0..400).map(|j| format!("w{i}q{j}")).collect();
        format!("# C{i}\n\n{} {extra}\n", words.join(" "))
    };
    let (dir, mut session) = numbered_chapters(30, |i| chapter(i, ""));
    let shards = |site: &crate::site::Site| -> Vec<(String, crate::site::Bytes)> {
        site.files
            .iter()
            .filter(|(p, _)| p.starts_with("search/s/"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    for extra in ["zebra", "zebras quokka", ""] {
        let before = shards(&session.site());
        assert!(before.len() >= 4, "{} shards", before.len());
        let path = write(dir.path(), "src/c7.md", &chapter(7, extra));
        check_body_edit(&mut session, dir.path(), &path);
        let after = shards(&session.site());
        let mut kept = 0;
        for (path, bytes) in &after {
            let old = before.iter().find(|(p, _)| p == path).map(|(_, b)| b);
            if let Some(old) = old.filter(|old| *old == bytes) {
                // The same bytes are the same buffer: not encoded again.
                assert!(crate::site::same_buffer(old, bytes), "{extra:?}: {path}");
                kept += 1;
            }
        }
        assert!(
            kept * 2 >= after.len(),
            "{extra:?}: {kept} of {} shards kept",
            after.len()
        );
    }
}

/// A word carried by a later shard (it starts that shard's first key) changed its postings: the
/// later shard kept its old copy of the word, unlike a clean build.
#[test]
fn a_body_edit_of_a_word_a_later_shard_carries_wrote_that_shard_again() {
    // Thousands of words of four consonants (stemming leaves them alone), each also with `k`
    // added in another chapter: several shards, some starting with a `…k` word.
    const LETTERS: &[u8] = b"bcdfghjklmnpqrtvwxz";
    let letter = |n: usize| char::from(LETTERS[n % LETTERS.len()]);
    let bases: Vec<String> = (0..3_000)
        .map(|i| {
            [i * 7 / 6859, i * 7 / 361, i * 7 / 19, i * 7]
                .map(letter)
                .iter()
                .collect()
        })
        .collect();
    let extended: Vec<String> = bases.iter().map(|w| format!("{w}k")).collect();
    let text = |i: usize| match i {
        0 => format!("# Bases\n\n{}\n", bases.join(" ")),
        1 => format!("# Extended\n\n{}\n", extended.join(" ")),
        _ => format!("# C{i}\n\nOther words.\n"),
    };
    let (dir, mut session) = numbered_chapters(4, text);
    let manifest =
        String::from_utf8_lossy(&session.site().files["search/manifest.js"]).into_owned();
    let carried = bases
        .iter()
        .find(|b| manifest.contains(&format!("\"{b}k\"")))
        .expect("a shard starting with an extended word");
    // The carried word's postings change: another chapter now holds it too.
    let path = write(
        dir.path(),
        "src/c2.md",
        &format!("# C2\n\nOther words and {carried}.\n"),
    );
    check_body_edit(&mut session, dir.path(), &path);
}

/// Two chapters saved together, a word moving from the later to the earlier one: the later
/// chapter's old posting of the word was left in the index, because the earlier chapter had
/// already touched the word in the same rebuild.
#[test]
fn a_word_moved_to_an_earlier_chapter_in_one_rebuild_kept_its_old_posting() {
    // Eight chapters: two changed of eight is few enough for the index to be patched.
    let (dir, mut session) = numbered_chapters(8, |i| format!("# C{i}\n\nWords of chapter {i}.\n"));
    let path = write(
        dir.path(),
        "src/c3.md",
        "# C3\n\nWords of chapter 3 frobnozzle.\n",
    );
    check_body_edit(&mut session, dir.path(), &path);
    let later = write(dir.path(), "src/c3.md", "# C3\n\nWords of chapter 3.\n");
    let earlier = write(
        dir.path(),
        "src/c1.md",
        "# C1\n\nWords of chapter 1 frobnozzle.\n",
    );
    let rebuilt = session.rebuild(&[later, earlier]).expect("rebuild");
    assert_eq!(rebuilt.strategy, Strategy::Chapters(2));
    let clean = crate::build_site(&options(dir.path())).expect("clean build");
    assert!(
        session.site().files == clean.files,
        "identical to a clean build"
    );
}

/// A body edit that changed the sidebar (one more checklist item) and then failed to render made
/// a renderer for the new sidebar; the fix was taken as rendered by the same renderer as the last
/// good site, and kept that site's `toc.html` with the old item count.
#[test]
fn a_failed_render_left_its_new_sidebar_as_the_last_good_sites() {
    let default = crate::theme::Theme::default();
    let page = String::from_utf8_lossy(&default.files["templates/page.html"]).replacen(
        "{%- if toc | length > 1 %}",
        "<p>{{ toc.0.text }}</p>\n{%- if toc | length > 1 %}",
        1,
    );
    let (dir, mut session) =
        numbered_chapters(2, |i| format!("# C{i}\n\n## Part\n\n- [ ] a task\n"));
    write(dir.path(), "theme/templates/page.html", &page);
    session.build().expect("the theme builds");
    // No sub-heading: the template fails on this chapter.
    save_failing(
        &mut session,
        dir.path(),
        ("src/c1.md", "# C1\n\n- [ ] a task\n- [ ] another\n"),
        "template error",
    );
    let path = write(
        dir.path(),
        "src/c1.md",
        "# C1\n\n## Part\n\n- [ ] a task\n- [ ] another\n",
    );
    check_body_edit(&mut session, dir.path(), &path);
}

/// A seeded generator (proptest's), so the random edits below are the same on every run.
struct Rng(proptest::test_runner::TestRng);

impl Rng {
    fn new() -> Rng {
        use proptest::test_runner::{RngAlgorithm, TestRng};
        Rng(TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    }

    fn below(&mut self, n: usize) -> usize {
        use proptest::prelude::Rng as _;
        (self.0.next_u64() % n as u64) as usize
    }
}

/// Seeded random body edits of one to three chapters at a time, in one rebuild each: words
/// moving between chapters, words new to the book, checklist items reworded and ticked, quizzes
/// edited, sections added and removed. After every rebuild the site must be a clean build's.
#[test]
fn random_body_edits_of_several_chapters_at_once_match_a_clean_build() {
    let mut words = vec![
        "latency", "index", "replica", "shard", "review", "merge", "deploy", "rollback", "queue",
        "cache", "deploys", "deployed", "merging", "queues", "tenant", "zebra",
    ];
    // Rarer words, so that words leave chapters and come back.
    let rare: Vec<String> = (0..48).map(|n| format!("rare{n}")).collect();
    words.extend(rare.iter().map(String::as_str));
    let mut rng = Rng::new();
    let mut sections = [2usize; 12];
    let mut body = |rng: &mut Rng, i: usize, step: usize| -> String {
        // Now and then a section more or less (the index is then built again, not patched).
        if rng.below(8) == 0 {
            sections[i] = 1 + rng.below(3);
        }
        let mut text = format!("# C{i}\n\n");
        for s in 0..sections[i] {
            let word = |rng: &mut Rng| words[rng.below(words.len())];
            let sentence: Vec<&str> = (0..6).map(|_| word(rng)).collect();
            text.push_str(&format!("{}.\n\n", sentence.join(" ")));
            if rng.below(5) == 0 {
                text.push_str(&format!("A word of its own: unique{step}x{s}.\n\n"));
            }
            if rng.below(2) == 0 {
                let tick = if rng.below(2) == 0 { "x" } else { " " };
                text.push_str(&format!("- [{tick}] check {}\n\n", word(rng)));
            }
            if s + 1 < sections[i] {
                text.push_str(&format!("## {} {s}\n\n", word(rng)));
            }
        }
        if rng.below(3) == 0 {
            let prompt = words[rng.below(words.len())];
            text.push_str(&format!("```quiz\n[[questions]]\nid = \"q{i}\"\ntype = \"ShortAnswer\"\nprompt.prompt = \"{prompt}?\"\nanswer.answer = \"A\"\n```\n"));
        }
        text
    };
    let first: Vec<String> = (0..12).map(|i| body(&mut rng, i, 0)).collect();
    let (dir, mut session) = numbered_chapters(12, |i| first[i].clone());
    for step in 1..=100 {
        let mut paths: Vec<PathBuf> = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(12);
            let text = body(&mut rng, i, step);
            paths.push(write(dir.path(), &format!("src/c{i}.md"), &text));
        }
        session.rebuild(&paths).expect("rebuild");
        let clean = crate::build_site(&options(dir.path())).expect("clean build");
        let site = session.site();
        for (file, bytes) in &clean.files {
            assert!(
                site.files.get(file) == Some(bytes),
                "step {step}: {file} differs from a clean build"
            );
        }
        assert_eq!(site.files.len(), clean.files.len(), "step {step}");
    }
}

/// A chapter whose lines another chapter includes: editing it was taken as a body edit of that
/// chapter alone, and the including chapter's page and search text kept the old lines.
#[test]
fn a_chapter_included_by_another_rebuilt_only_itself() {
    let (dir, mut session) = numbered_chapters(3, |i| format!("# C{i}\n\nLine of chapter {i}.\n"));
    write(dir.path(), "src/c2.md", "# C2\n\n{{#include c0.md:3}}\n");
    session.build().expect("build with the include");
    let path = write(
        dir.path(),
        "src/c0.md",
        "# C0\n\nEdited line of chapter 0.\n",
    );
    check_included_edit(&mut session, dir.path(), &path, ("c2.html", "Edited line"));
}

/// Files a chapter includes from outside the source folder (mdBook's `../listings/…`) or from a
/// hidden folder inside it were ignored when saved: no rebuild, and the pages kept the old text.
#[test]
fn included_files_outside_the_source_folder_or_in_hidden_folders_sent_no_rebuild() {
    let (dir, mut session) = numbered_chapters(2, |i| format!("# C{i}\n\nText {i}.\n"));
    write(dir.path(), "listings/main.rs", "fn hello() {}\n");
    write(dir.path(), "src/.partials/note.md", "A hidden note.\n");
    let chapter = "# C1\n\n```rust\n{{#include ../listings/main.rs}}\n```\n\n{{#include .partials/note.md}}\n";
    write(dir.path(), "src/c1.md", chapter);
    session.build().expect("build with the includes");
    for (file, text, shown) in [
        ("listings/main.rs", "fn goodbye() {}\n", "goodbye"),
        ("src/.partials/note.md", "An edited note.\n", "edited note"),
    ] {
        let path = write(dir.path(), file, text);
        check_included_edit(&mut session, dir.path(), &path, ("c1.html", shown));
    }
}
