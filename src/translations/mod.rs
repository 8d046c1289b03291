//! Every reader-facing string, keyed once: in Rust (`Translations::get`), in templates (`ui.key`)
//! and in scripts (the same table as JSON). English holds every key; a built-in translation per
//! language (`de`, `fr`, `es`, one TOML file each beside this module) overrides what it has, and
//! the handbook's `[ui]` table in `handbook.toml` overrides both.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The built-in tables: (primary language subtag, TOML text). English must be first.
const TABLES: &[(&str, &str)] = &[
    ("en", include_str!("en.toml")),
    ("de", include_str!("de.toml")),
    ("fr", include_str!("fr.toml")),
    ("es", include_str!("es.toml")),
];

/// The built-in tables parsed once per process: language → key → text.
fn tables() -> &'static BTreeMap<&'static str, BTreeMap<String, String>> {
    static TABLES_PARSED: OnceLock<BTreeMap<&'static str, BTreeMap<String, String>>> =
        OnceLock::new();
    TABLES_PARSED.get_or_init(|| {
        TABLES
            .iter()
            .map(|(lang, text)| {
                // The tables are part of the binary and checked by a unit test.
                let table = toml::from_str(text).unwrap_or_default();
                (*lang, table)
            })
            .collect()
    })
}

fn english() -> &'static BTreeMap<String, String> {
    &tables()["en"]
}

/// The built-in table for `language`'s primary subtag (`de-AT` → `de`), if there is one.
fn built_in(language: &str) -> Option<&'static BTreeMap<String, String>> {
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    tables().get(primary.as_str())
}

/// The reader-facing text of one build: key → text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Translations(pub BTreeMap<String, String>);

impl Translations {
    /// English, then the built-in translation for `language` (its primary subtag: `de-AT` →
    /// `de`), then the handbook's `[ui]` overrides.
    pub(crate) fn new(language: &str, overrides: &BTreeMap<String, String>) -> Translations {
        let mut map = english().clone();
        if let Some(table) = built_in(language) {
            map.extend(table.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        map.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
        Translations(map)
    }

    /// The text for `key` that `Translations::new(language, overrides).get(key)` gives, without
    /// building the whole table (for the parse stage, which needs one string now and then).
    pub(crate) fn lookup<'a>(
        language: &str,
        overrides: &'a BTreeMap<String, String>,
        key: &'a str,
    ) -> &'a str {
        overrides
            .get(key)
            .or_else(|| built_in(language).and_then(|table| table.get(key)))
            .or_else(|| english().get(key))
            .map_or(key, String::as_str)
    }

    /// The text for `key` (the key itself if unknown).
    pub(crate) fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The text for `key`, escaped for HTML text and attribute values.
    pub(crate) fn html(&self, key: &str) -> String {
        crate::html::escape(self.get(key))
    }

    /// The text for `key` with `{name}` placeholders filled from `values`, escaped for HTML.
    pub(crate) fn html_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        crate::html::escape(&text)
    }

    /// The table as JSON safe to embed in a `<script>` element, for the theme's scripts: every
    /// key but the [`template_only`] ones, which no script reads and every page would carry.
    pub(crate) fn to_script_json(&self) -> String {
        let scripts: BTreeMap<&str, &str> = self
            .0
            .iter()
            .filter(|(key, _)| !template_only().contains(key.as_str()))
            .map(|(key, text)| (key.as_str(), text.as_str()))
            .collect();
        crate::html::script_json(&scripts)
    }
}

/// The line of `en.toml` after which every key is one only the theme's templates use.
const TEMPLATE_ONLY_MARK: &str = "# The theme's pages (templates only).";

/// Keys only the theme's templates use: those after [`TEMPLATE_ONLY_MARK`] in `en.toml`.
fn template_only() -> &'static std::collections::BTreeSet<String> {
    static KEYS: OnceLock<std::collections::BTreeSet<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let english = TABLES[0].1;
        let section = english
            .split_once(TEMPLATE_ONLY_MARK)
            .map_or("", |(_, rest)| rest);
        // Part of the binary, and checked by a unit test.
        toml::from_str::<BTreeMap<String, String>>(section)
            .unwrap_or_default()
            .into_keys()
            .collect()
    })
}

/// Whether `key` is a known key (for validating `[ui]` in handbook.toml).
pub(crate) fn is_known(key: &str) -> bool {
    english().contains_key(key)
}

/// Every known key, comma-separated, for help messages.
pub(crate) fn known_keys() -> String {
    english().keys().cloned().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_parses_and_translates_only_known_keys() {
        for (lang, text) in TABLES {
            let table: BTreeMap<String, String> =
                toml::from_str(text).unwrap_or_else(|e| panic!("{lang}.toml: {e}"));
            assert!(!table.is_empty(), "{lang}");
            for key in table.keys() {
                assert!(
                    is_known(key),
                    "{lang}.toml has `{key}`, which en.toml lacks"
                );
            }
        }
    }

    /// Leaving a key out of the scripts' table is safe only while no script asks for it (they
    /// ask with `t("key")`).
    #[test]
    fn template_only_keys_are_known_and_no_script_reads_them() {
        let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/assets");
        let scripts: String = std::fs::read_dir(&assets)
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "js"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect();
        let keys = template_only();
        assert!(
            keys.contains("skipToContent") && keys.contains("notFoundToc"),
            "{keys:?}"
        );
        for key in template_only() {
            assert!(is_known(key), "{key}");
            for quoted in [format!("\"{key}\""), format!("'{key}'")] {
                assert!(!scripts.contains(&quoted), "a script reads `{key}`");
            }
        }
    }

    #[test]
    fn language_then_overrides() {
        let mut overrides = BTreeMap::new();
        overrides.insert("reset".to_string(), "Start over".to_string());
        let strings = Translations::new("de-AT", &overrides);
        assert_eq!(strings.get("check"), "Prüfen");
        assert_eq!(strings.get("reset"), "Start over");
        assert_eq!(
            Translations::new("xx", &BTreeMap::new()).get("check"),
            "Check"
        );
        assert_eq!(Translations::lookup("de-AT", &overrides, "check"), "Prüfen");
        assert_eq!(
            Translations::lookup("de-AT", &overrides, "reset"),
            "Start over"
        );
        assert_eq!(Translations::lookup("xx", &overrides, "check"), "Check");
        assert!(Translations::new("en", &BTreeMap::new())
            .to_script_json()
            .starts_with("{\"allChecklists\":"));
        assert_eq!(
            Translations::new("en", &BTreeMap::new()).html_with("backToReference", &[("n", "2")]),
            "Back to reference 2"
        );
    }
}
