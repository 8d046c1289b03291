//! Search for words found nowhere in the handbook: the shorter word a query word starts with,
//! wherever the index keeps it, and how the search box names the words it used instead.

use std::time::{Duration, Instant};

use fantoccini::key::Key;

use crate::search::{search, titles, wait_for_results};
use crate::support::{in_browser, page, Fixture};

/// Words of four consonants (no vowels, so stemming leaves them alone), in book order.
fn bases() -> Vec<String> {
    const LETTERS: &[u8] = b"bcdfghjklmnpqrtvwxz";
    let letter = |n: usize| char::from(LETTERS[n % LETTERS.len()]);
    (0..3_000)
        .map(|i| {
            let n = i * 7;
            [n / 6859, n / 361, n / 19, n].map(letter).iter().collect()
        })
        .collect()
}

/// A handbook of thousands of words (an index of several shards): each base word in one
/// chapter, the same word with `k` added in another.
fn shards_site() -> skillbook::Site {
    let words = bases();
    let extended: Vec<String> = words.iter().map(|w| format!("{w}k")).collect();
    let bases = format!("# Bases\n\n{}\n", words.join(" "));
    let extended = format!("# Extended\n\n{}\n", extended.join(" "));
    Fixture::new(&[
        ("handbook.toml", "title = \"Shards\"\n"),
        ("bases.md", &bases),
        ("extended.md", &extended),
    ])
    .site()
}

/// The first shard boundary of `site`'s index that falls between a base word and the same word
/// with `k` added: that base word.
fn base_before_a_boundary(site: &skillbook::Site) -> String {
    let manifest = page(site, "search/manifest.js");
    let json = &manifest["skillbookSearch(\"m\",".len()..manifest.trim_end().len() - 1];
    let manifest: serde_json::Value = serde_json::from_str(json).expect("manifest JSON");
    let boundaries = manifest["b"].as_array().expect("shard boundaries");
    assert!(boundaries.len() > 3, "{boundaries:?}");
    boundaries
        .iter()
        .filter_map(|b| b.as_str())
        .find_map(|b| (b.len() == 5 && b.ends_with('k')).then(|| b[..4].to_string()))
        .unwrap_or_else(|| panic!("no boundary before an extended word: {boundaries:?}"))
}

#[test]
fn a_word_whose_shorter_form_ended_the_previous_shard_found_nothing_of_it() {
    let site = shards_site();
    let base = base_before_a_boundary(&site);
    // Sorts after `{base}k`, the first key of its shard, and is two edits from it; `{base}` is in
    // the shard before.
    let query = format!("{base}zz");
    in_browser(
        "a_word_whose_shorter_form_ended_the_previous_shard_found_nothing_of_it",
        site,
        "/",
        "index.html",
        async |b, _| {
            assert_eq!(titles(&search(b, &query).await), ["Bases"]);
            assert_eq!(
                b.text("#search-status").await,
                format!("Showing results for “{base}”. Results: 1")
            );
            // The same word twice names the word used once.
            assert_eq!(
                titles(&search(b, &format!("{query} {query}")).await),
                ["Bases"]
            );
            assert_eq!(
                b.text("#search-status").await,
                format!("Showing results for “{base}”. Results: 1")
            );
        },
    );
}

#[test]
fn a_typo_in_a_words_last_letters_found_a_shorter_unrelated_word() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"Typos\"\n"),
        (
            "latency.md",
            "# Tail latency\n\nMeasure the slowest requests.\n",
        ),
        ("late.md", "# Trains\n\nThey run late.\n"),
    ])
    .site();
    in_browser(
        "a_typo_in_a_words_last_letters_found_a_shorter_unrelated_word",
        site,
        "/",
        "index.html",
        async |b, _| {
            // One edit from `latency`, and it starts with `late`: the typo wins.
            assert_eq!(titles(&search(b, "latecny").await), ["Tail latency"]);
            assert_eq!(
                b.text("#search-status").await,
                "Showing results for “latency”. Results: 1"
            );
            // Two letters more than `late` and no word one edit away: `late` stands in.
            assert_eq!(titles(&search(b, "latezz").await), ["Trains"]);
            assert_eq!(
                b.text("#search-status").await,
                "Showing results for “late”. Results: 1"
            );
        },
    );
}

#[test]
fn a_space_after_the_last_word_still_completed_it() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"Git\"\n"),
        ("git.md", "# Branches\n\nGit keeps history.\n"),
        ("hub.md", "# Hosting\n\nGitHub hosts the repositories.\n"),
    ])
    .site();
    in_browser(
        "a_space_after_the_last_word_still_completed_it",
        site,
        "/",
        "index.html",
        async |b, _| {
            assert_eq!(titles(&search(b, "git").await), ["Branches", "Hosting"]);
            // The box shows the results under the query without its space: those for `git`
            // may be shown a moment before the space's.
            b.js("const i = document.getElementById('search-input'); i.value = ''; i.focus()")
                .await;
            b.keys("git ").await;
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let shown = wait_for_results(b, "git").await;
                if titles(&shown) == ["Branches"] || Instant::now() > deadline {
                    assert_eq!(titles(&shown), ["Branches"]);
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        },
    );
}

#[test]
fn the_first_letter_typed_said_no_results_for_it() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"Kube\"\n"),
        ("kube.md", "# Orchestration\n\nKubernetes schedules pods.\n"),
    ])
    .site();
    in_browser(
        "the_first_letter_typed_said_no_results_for_it",
        site,
        "/",
        "index.html",
        async |b, _| {
            assert_eq!(titles(&search(b, "ku").await), ["Orchestration"]);
            // Back to one letter: the results go and nothing is said, not "No results for “k”".
            b.keys(Key::Backspace.to_string().as_str()).await;
            let state = "return [document.getElementById('search-status').textContent, document.getElementById('search-panel').hidden, document.querySelectorAll('#search-results a').length]";
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let shown = b.js(state).await;
                if shown == serde_json::json!(["", true, 0]) {
                    break;
                }
                assert!(Instant::now() < deadline, "after one letter: {shown}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        },
    );
}

#[test]
fn a_word_found_nowhere_beside_words_found_was_dropped_without_a_word() {
    let site = Fixture::new(&[
        ("handbook.toml", "title = \"Kube\"\n"),
        ("kube.md", "# Orchestration\n\nKubernetes schedules pods.\n"),
    ])
    .site();
    in_browser(
        "a_word_found_nowhere_beside_words_found_was_dropped_without_a_word",
        site,
        "/",
        "index.html",
        async |b, _| {
            assert_eq!(
                titles(&search(b, "kubernetes Qwxzé").await),
                ["Orchestration"]
            );
            // Named as typed, not folded (qwxze).
            assert_eq!(
                b.text("#search-status").await,
                "Not found: “Qwxzé”. Results: 1"
            );
        },
    );
}
