//! Reader-facing UI strings (quiz and checklist controls) per language, overridable in
//! `handbook.toml`'s `[ui]` table.

use std::collections::BTreeMap;

/// Every string key with its English text. `{n}`, `{total}`, `{done}`, `{q}` are filled in by the
/// scripts.
const ENGLISH: &[(&str, &str)] = &[
    ("quiz", "Quiz"),
    ("check", "Check"),
    ("submit", "Submit answers"),
    ("retry", "Retry the ones I missed"),
    ("reset", "Reset"),
    ("correct", "Correct"),
    ("incorrect", "Incorrect"),
    ("yourAnswer", "Your answer"),
    ("correctAnswer", "Correct answer"),
    ("score", "Score: {n}/{total}"),
    ("chooseFirst", "Choose or type an answer first."),
    ("question", "Question {n}"),
    ("unanswered", "Questions not answered yet: {n}."),
    ("cleared", "Answers cleared."),
    ("showAnswer", "Show answer"),
    ("answer", "Answer"),
    ("answers", "Answers"),
    ("runsAndPrints", "It runs; it prints:"),
    ("failsAtLine", "It fails, at line"),
    ("progress", "{done}/{total} done"),
    ("printChecklist", "Print this checklist"),
    ("resetChecklist", "Reset checklist"),
    ("search", "Search"),
    ("searchAll", "All"),
    ("searchChapters", "Chapters"),
    ("searchQuizzes", "Quizzes"),
    ("searchChecklists", "Checklists"),
    ("searchNone", "No results for “{q}”."),
    ("searchMore", "More results"),
    ("searchCount", "Results: {n}"),
    (
        "searchUnavailable",
        "The search index could not be loaded; try again in a moment.",
    ),
    ("searchFuzzy", "Showing results for “{q}”."),
];

/// Built-in translations: (language, key, text). Missing keys fall back to English.
const TRANSLATIONS: &[(&str, &[(&str, &str)])] = &[
    (
        "de",
        &[
            ("quiz", "Quiz"),
            ("check", "Prüfen"),
            ("submit", "Antworten abgeben"),
            ("retry", "Falsche noch einmal"),
            ("reset", "Zurücksetzen"),
            ("correct", "Richtig"),
            ("incorrect", "Falsch"),
            ("yourAnswer", "Deine Antwort"),
            ("correctAnswer", "Richtige Antwort"),
            ("score", "Ergebnis: {n}/{total}"),
            ("chooseFirst", "Wähle oder schreibe zuerst eine Antwort."),
            ("question", "Frage {n}"),
            ("unanswered", "Noch offene Fragen: {n}."),
            ("cleared", "Antworten gelöscht."),
            ("showAnswer", "Antwort zeigen"),
            ("answer", "Antwort"),
            ("answers", "Antworten"),
            ("progress", "{done}/{total} erledigt"),
            ("printChecklist", "Diese Checkliste drucken"),
            ("resetChecklist", "Checkliste zurücksetzen"),
            ("runsAndPrints", "Es läuft und gibt aus:"),
            ("failsAtLine", "Es scheitert, in Zeile"),
            ("search", "Suchen"),
            ("searchAll", "Alles"),
            ("searchChapters", "Kapitel"),
            ("searchQuizzes", "Quizze"),
            ("searchChecklists", "Checklisten"),
            ("searchNone", "Keine Treffer für „{q}“."),
            ("searchMore", "Weitere Treffer"),
            ("searchCount", "Treffer: {n}"),
            ("searchFuzzy", "Treffer für „{q}“."),
            (
                "searchUnavailable",
                "Der Suchindex ließ sich nicht laden; versuche es gleich noch einmal.",
            ),
        ],
    ),
    (
        "fr",
        &[
            ("check", "Vérifier"),
            ("submit", "Envoyer les réponses"),
            ("retry", "Reprendre les erreurs"),
            ("reset", "Réinitialiser"),
            ("correct", "Correct"),
            ("incorrect", "Incorrect"),
            ("yourAnswer", "Votre réponse"),
            ("correctAnswer", "Bonne réponse"),
            ("score", "Score : {n}/{total}"),
            (
                "chooseFirst",
                "Choisissez ou saisissez d’abord une réponse.",
            ),
            ("question", "Question {n}"),
            ("showAnswer", "Voir la réponse"),
            ("answer", "Réponse"),
            ("answers", "Réponses"),
            ("progress", "{done}/{total} fait"),
            ("printChecklist", "Imprimer cette liste"),
            ("search", "Rechercher"),
            ("searchAll", "Tout"),
            ("searchChapters", "Chapitres"),
            ("searchQuizzes", "Quiz"),
            ("searchChecklists", "Listes"),
            ("searchNone", "Aucun résultat pour « {q} »."),
            ("searchMore", "Plus de résultats"),
            ("searchCount", "Résultats : {n}"),
            ("searchFuzzy", "Résultats pour « {q} »."),
            (
                "searchUnavailable",
                "L’index de recherche n’a pas pu être chargé ; réessayez dans un instant.",
            ),
        ],
    ),
    (
        "es",
        &[
            ("check", "Comprobar"),
            ("submit", "Enviar respuestas"),
            ("retry", "Repetir las falladas"),
            ("reset", "Reiniciar"),
            ("correct", "Correcto"),
            ("incorrect", "Incorrecto"),
            ("yourAnswer", "Tu respuesta"),
            ("correctAnswer", "Respuesta correcta"),
            ("score", "Puntuación: {n}/{total}"),
            ("chooseFirst", "Elige o escribe primero una respuesta."),
            ("question", "Pregunta {n}"),
            ("showAnswer", "Ver respuesta"),
            ("answer", "Respuesta"),
            ("answers", "Respuestas"),
            ("progress", "{done}/{total} hecho"),
            ("printChecklist", "Imprimir esta lista"),
            ("search", "Buscar"),
            ("searchAll", "Todo"),
            ("searchChapters", "Capítulos"),
            ("searchQuizzes", "Cuestionarios"),
            ("searchChecklists", "Listas"),
            ("searchNone", "Sin resultados para «{q}»."),
            ("searchMore", "Más resultados"),
            ("searchCount", "Resultados: {n}"),
            ("searchFuzzy", "Resultados para «{q}»."),
            (
                "searchUnavailable",
                "No se pudo cargar el índice de búsqueda; inténtalo de nuevo en un momento.",
            ),
        ],
    ),
];

/// UI strings for one build: key → text.
#[derive(Debug, Clone, PartialEq)]
pub struct Strings(pub BTreeMap<String, String>);

impl Strings {
    /// English, then the built-in translation for `language` (its primary subtag: `de-AT` → `de`),
    /// then the handbook's `[ui]` overrides.
    pub fn new(language: &str, overrides: &BTreeMap<String, String>) -> Strings {
        let mut map: BTreeMap<String, String> = ENGLISH
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if let Some((_, texts)) = TRANSLATIONS.iter().find(|(lang, _)| *lang == primary) {
            map.extend(texts.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        }
        map.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
        Strings(map)
    }

    /// The text for `key` (the key itself if unknown).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The text for `key`, escaped for HTML text and attribute values.
    pub fn html(&self, key: &str) -> String {
        crate::parse::highlight::escape(self.get(key))
    }

    /// The strings as JSON safe to embed in a `<script>` element.
    pub fn to_script_json(&self) -> String {
        serde_json::to_string(&self.0)
            .unwrap_or_else(|_| "{}".into())
            .replace("</", "<\\/")
    }
}

/// Whether `key` is a known UI string key (for validating `[ui]`).
pub fn is_known(key: &str) -> bool {
    ENGLISH.iter().any(|(k, _)| *k == key)
}

/// Every known key, comma-separated, for help messages.
pub fn known_keys() -> String {
    ENGLISH
        .iter()
        .map(|(k, _)| *k)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_then_overrides() {
        let mut overrides = BTreeMap::new();
        overrides.insert("reset".to_string(), "Start over".to_string());
        let strings = Strings::new("de-AT", &overrides);
        assert_eq!(strings.get("check"), "Prüfen");
        assert_eq!(strings.get("reset"), "Start over");
        assert_eq!(Strings::new("xx", &BTreeMap::new()).get("check"), "Check");
        assert!(Strings::new("en", &BTreeMap::new())
            .to_script_json()
            .starts_with("{\"answer\":"));
    }
}
