//! The book's settings file: `handbook.toml`, else mdBook's `book.toml` mapped onto the same
//! settings, else defaults guessed from the folder's shape; and the check that the handbook
//! folder exists, shared by every command.

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigSource, BOOK_TOML, CONFIG_FILE};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::read::read_text;

/// Checks that the handbook folder `root` exists.
///
/// Errors: it does not exist or is not a folder, with how to fix it.
pub(crate) fn check_root(root: &Path) -> Result<(), Diagnostic> {
    if root.is_dir() {
        return Ok(());
    }
    Err(
        Diagnostic::file(root, "handbook directory does not exist").with_help(
            "pass the directory holding handbook.toml, or run `skillbook init` to start one",
        ),
    )
}

/// The book's settings: `handbook.toml`, else `book.toml` (mapped, its notes added to
/// `diagnostics`), else defaults chosen by the folder's shape (see [`guess_layout`]); with the
/// file they were read from, if any.
pub(super) fn read_config(
    root: &Path,
    diagnostics: &mut Diagnostics,
) -> Result<(Config, Option<ConfigSource>), Diagnostics> {
    check_root(root)?;
    let handbook = root.join(CONFIG_FILE);
    let book_toml = root.join(BOOK_TOML);
    if handbook.exists() {
        if book_toml.exists() {
            diagnostics.push(
                Diagnostic::file(
                    &book_toml,
                    "book.toml is ignored: handbook.toml configures this book",
                )
                .note()
                .with_help("move any setting you still need into handbook.toml"),
            );
        }
        crate::read::refuse_outside(root, &handbook)?;
        let text = read_text(&handbook)?;
        let config = Config::parse(&text, &handbook)?;
        return Ok((config, Some(source(handbook, text))));
    }
    if book_toml.exists() {
        crate::read::refuse_outside(root, &book_toml)?;
        let text = read_text(&book_toml)?;
        let (config, notes) = crate::config::book_toml::parse(&text, &book_toml)?;
        diagnostics.extend(notes);
        return Ok((config, Some(source(book_toml, text))));
    }
    Ok((guess_layout(root), None))
}

fn source(path: PathBuf, text: String) -> ConfigSource {
    ConfigSource {
        path,
        text: text.into(),
    }
}

/// The settings of a folder with neither `handbook.toml` nor `book.toml`: an mdBook book (with
/// mdBook's defaults and `src`) when `src/SUMMARY.md` exists, so its `src` is read rather than
/// the whole folder; otherwise the folder itself, with skillbook's defaults (a folder with no
/// chapter is then an error naming what was looked for).
fn guess_layout(root: &Path) -> Config {
    if root.join("src").join("SUMMARY.md").is_file() {
        return Config {
            src: PathBuf::from("src"),
            smart_punctuation: true,
            checklists: false,
            origin: crate::config::Origin::MdBook,
            ..Config::default()
        };
    }
    Config::default()
}
