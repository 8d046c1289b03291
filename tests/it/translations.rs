//! Reader-facing text: every string follows the handbook's `language` and its `[ui]` overrides,
//! and is escaped where it lands. Each test is named after what broke.

use crate::support::{page, Fixture};

/// Callout titles, footnote labels, the answer key and the generated pages' titles were English
/// literals in Rust, so a German handbook printed "Answer key" and "Note".
#[test]
fn reader_facing_text_written_in_rust_ignored_the_language() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\nlanguage = \"de\"\n"),
        (
            "one.md",
            "# Eins\n\n> [!NOTE]\n> Achtung.\n\nText[^a].\n\n[^a]: Fußnote.\n\n```quiz\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Wie?\"\nanswer.answer = \"so\"\n```\n",
        ),
    ]);
    let site = fixture.site();
    let one = page(&site, "one.html");
    assert!(
        one.contains("<p class=\"callout-title\">Hinweis</p>"),
        "{one}"
    );
    assert!(one.contains("aria-label=\"Fußnoten\""), "{one}");
    assert!(one.contains("aria-label=\"Zurück zu Verweis 1\""), "{one}");
    let print = page(&site, "print.html");
    assert!(print.contains("<h1>Lösungen</h1>"), "{print}");
    assert!(print.contains("<title>Druckversion"), "{print}");
    assert!(page(&site, "progress.html").contains("<title>Dein Fortschritt"));
    assert!(page(&site, "404.html").contains("<title>Seite nicht gefunden"));
}

/// The sidebar's links to the generated pages (progress, review, checklists, print) were English
/// words in the template, so a German handbook's sidebar said "Your progress".
#[test]
fn the_sidebar_links_to_generated_pages_were_english_in_every_language() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T\"\nlanguage = \"de\"\n"),
        ("one.md", "# Eins\n\nText.\n"),
    ]);
    let toc = page(&fixture.site(), "toc.js");
    let tools = &toc[toc.find("toc-tools").expect("the sidebar's tools list")..];
    assert!(
        tools.contains(
            r#"<li><a href=\"skills.html\">Kompetenzkarte</a></li>\n<li><a href=\"progress.html\">Dein Fortschritt</a></li>\n<li><a href=\"review.html\">Wiederholen</a></li>\n<li><a href=\"checklists.html\">Alle Checklisten</a></li>\n<li><a href=\"print.html\">Druckversion</a></li>"#
        ),
        "{tools}"
    );
}

/// The theme's own text (the skip link, the not-found page, the progress page's buttons) was
/// English in the templates whatever the language; the book's title inside a translated sentence
/// is escaped once.
#[test]
fn template_text_was_english_in_every_language() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"T & <Co>\"\nlanguage = \"de\"\n"),
        ("one.md", "# Eins\n\nText.\n"),
    ]);
    let site = fixture.site();
    let one = page(&site, "one.html");
    assert!(
        one.contains(r##"<a class="skip-link" href="#content">Zum Inhalt springen</a>"##),
        "{one}"
    );
    let not_found = page(&site, "404.html");
    assert!(
        not_found.contains(r#"<p><a href="/index.html">Geh zum Anfang von T &amp; &lt;Co&gt;</a> oder wähle ein Kapitel aus dem <a href="/toc.html">Inhaltsverzeichnis</a>.</p>"#),
        "{not_found}"
    );
    let progress = page(&site, "progress.html");
    assert!(
        progress.contains(">In eine Datei exportieren</button>"),
        "{progress}"
    );
    assert!(
        !one.contains("\"skipToContent\""),
        "text only templates use stays out of the scripts' table on every page"
    );
}

#[test]
fn ui_strings_were_not_escaped_in_the_page() {
    let config = "title = \"T\"\n[ui]\nshowAnswer = \"Show <i>it</i>\"\nrunsAndPrints = 'Runs \"well\" & prints'\n";
    let quiz = "# C\n\n```quiz\n[[questions]]\ntype = \"Tracing\"\nprompt.program = \"x\"\nanswer.doesCompile = true\nanswer.stdout = \"\"\n```\n";
    let html = page(
        &Fixture::new(&[("handbook.toml", config), ("ch.md", quiz)]).site(),
        "ch.html",
    );
    assert!(
        html.contains("<summary>Show &lt;i&gt;it&lt;/i&gt;</summary>"),
        "{html}"
    );
    assert!(
        html.contains("aria-label=\"Runs &quot;well&quot; &amp; prints\""),
        "{html}"
    );
}
