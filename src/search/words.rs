//! Words of the search index: how text is cut into terms (Unicode word segmentation, UAX #29;
//! Chinese, Japanese, Thai, Lao, Khmer and Myanmar by ICU's dictionaries), how terms are folded
//! (lower case, no diacritics) and how they are grouped by stem (Snowball).
//!
//! The browser cuts a query with the same rules (`engine.js`, `Intl.Segmenter`), so a query and
//! the text it should find always produce the same terms. A term is one of:
//! - a word, folded: `Deployed` → `deployed`, `Café` → `cafe`;
//! - the parts of a word written with inner punctuation, and the parts joined: `Node.js` →
//!   `node`, `js`, `nodejs`; `.libPaths()` → `libpaths`;
//! - the joined form of a run of words with punctuation and no space between them:
//!   `force-with-lease` → `forcewithlease` (besides `force`, `with`, `lease`), `A-B` → `ab`,
//!   `CI/CD` → `cicd`;
//! - a word followed by `+` or `#` signs, with them: `C++` → `c++`, `C#` → `c#`.
//!
//! Terms of one character are left out, except in scripts written without spaces (`寺`).

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::WordSegmenter;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Longest term kept, in characters: longer runs are hashes, URLs or data, not words.
pub(crate) const MAX_TERM: usize = 40;
/// Most words joined into one term (`a-b-c-…`).
const MAX_JOINED: usize = 8;

/// Whether `c` belongs to a script written without spaces between words (Han, Hiragana,
/// Katakana, Thai, Lao, Myanmar, Khmer), which dictionaries cut into words. `engine.js` has the
/// same ranges.
pub(crate) fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x3040..=0x30FF | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F
        | 0x20000..=0x2FFFF)
}

/// Combining marks removed by folding: the diacritics of Latin, Greek and Cyrillic letters.
/// Marks of other scripts (Devanagari vowel signs, kana voicing marks) are kept: they change the
/// letter.
fn is_diacritic(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// `word` in lower case without diacritics, composed (NFC): `Ärger` → `arger`, `ПРИВЕТ` →
/// `привет`. Compatibility forms become the characters they stand for first (NFKD): full-width
/// `ｎｏｄｅ` → `node`, the ligature `ﬁ` → `fi`, half-width `ｶﾞ` → `ガ`; `ß` is `ss` and final `ς`
/// is `σ`, as Unicode's case folding has them (`Straße` → `strasse`). A space a decomposition
/// brings (the kana voicing sign `゛`) is dropped, so a term never holds one. `engine.js` folds
/// alike.
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`] into `out` (cleared first), so a caller can reuse one buffer.
fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    let mut lower = word.nfkd().collect::<String>().to_lowercase();
    if lower.contains(['ß', 'ς']) {
        lower = lower.replace('ß', "ss").replace('ς', "σ");
    }
    out.extend(lower.nfd().filter(|&c| !is_diacritic(c) && c != ' ').nfc());
}

fn is_part_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The letter-and-digit runs of a folded word: `node.js` → `node`, `js`.
fn parts(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !is_part_char(c))
        .filter(|p| !p.is_empty())
}

/// Calls `emit` with every term of `text` (see the module's documentation), in order, with
/// repeats.
#[cfg(test)]
pub(crate) fn terms(text: &str, mut emit: impl FnMut(&str)) {
    Cutter::default().terms(text, &mut emit);
}

/// Cuts texts into terms, keeping its buffers from one text to the next.
#[derive(Default)]
pub(crate) struct Cutter {
    folded: String,
    joined: String,
    term: String,
    /// The current ASCII word in lower case, when it has capitals.
    lower: String,
}

impl Cutter {
    /// Calls `emit` with every term of `text` (see the module's documentation), in order, with
    /// repeats. Runs of ASCII text take a fast path that gives the same terms as the general one.
    pub(crate) fn terms(&mut self, text: &str, emit: &mut impl FnMut(&str)) {
        if text.is_ascii() {
            self.ascii_text(text, emit);
            return;
        }
        for chunk in text.split_whitespace() {
            if chunk.is_ascii() {
                self.ascii_text(chunk, emit);
            } else {
                let Cutter {
                    folded,
                    joined,
                    term,
                    ..
                } = self;
                if chunk.chars().any(is_unspaced) {
                    unspaced_chunk(chunk, emit, folded, joined, term);
                } else {
                    spaced_chunk(chunk, emit, folded, joined, term);
                }
            }
        }
    }

    /// [`spaced_chunk`] for every chunk of an ASCII text: the same words (UAX #29's rules as
    /// they apply to ASCII) and the same terms, in one pass over the bytes, copying a word only
    /// when it has capitals or inner punctuation.
    fn ascii_text(&mut self, text: &str, emit: &mut impl FnMut(&str)) {
        let bytes = text.as_bytes();
        // The chunk so far: its words, their parts, and where its first word is.
        let (mut words, mut parts_total) = (0, 0);
        let mut first = 0..0;
        let mut i = 0;
        loop {
            let at_end = i == bytes.len();
            if at_end || class(bytes[i]) == SPACE {
                if words > 1 && parts_total <= MAX_JOINED {
                    emit_term(&self.joined, emit);
                }
                (words, parts_total) = (0, 0);
                if at_end {
                    return;
                }
                i += 1;
                continue;
            }
            if class(bytes[i]) & CORE == 0 {
                i += 1;
                continue;
            }
            let start = i;
            // A word of letters and digits only is its one part; capitals are lowered.
            let (mut plain, mut upper) = (bytes[i] != b'_', false);
            while i < bytes.len() {
                // Letters and digits eight bytes at a time, then one at a time near the end.
                if let Some(eight) = bytes[i..].first_chunk::<8>() {
                    let (run, capitals) = letters_and_digits(eight);
                    upper |= capitals;
                    i += run;
                    if run == 8 {
                        continue;
                    }
                } else if class(bytes[i]) & ALNUM != 0 {
                    upper |= class(bytes[i]) & UPPER != 0;
                    i += 1;
                    continue;
                }
                let (b, c) = (bytes[i], class(bytes[i]));
                // Never at the word's first byte, which is a letter, a digit or `_`.
                if b == b'_'
                    || (c & INFIX != 0
                        && i + 1 < bytes.len()
                        && is_infix(b, bytes[i - 1], bytes[i + 1]))
                {
                    plain = false;
                    i += 1;
                } else {
                    break;
                }
            }
            let count = if plain {
                1
            } else {
                ascii_parts(&text[start..i]).count()
            };
            if count == 0 {
                continue;
            }
            words += 1;
            parts_total += count;
            let word = if upper {
                self.lower.clear();
                self.lower.push_str(&text[start..i]);
                self.lower.make_ascii_lowercase();
                self.lower.as_str()
            } else {
                &text[start..i]
            };
            if plain {
                emit_term(word, emit);
            } else {
                if count > 1 {
                    self.term.clear();
                    ascii_parts(word).for_each(|p| self.term.push_str(p));
                    emit_term(&self.term, emit);
                }
                ascii_parts(word).for_each(|p| emit_term(p, emit));
            }
            if count == 1 && matches!(bytes.get(i), Some(b'+' | b'#')) {
                self.term.clear();
                self.term.push_str(word);
                self.term.push_str(symbol_suffix(&text[i..]));
                emit_term(&self.term, emit);
            }
            // The joined form is made once a chunk has a second word.
            if words == 1 {
                first = start..i;
            } else if parts_total <= MAX_JOINED {
                if words == 2 {
                    self.joined.clear();
                    push_parts_lowered(&text[first.clone()], &mut self.joined);
                }
                push_parts_lowered(&text[start..i], &mut self.joined);
            }
        }
    }
}

/// Byte classes of the ASCII path: whitespace as `char::is_whitespace` (and so
/// `split_whitespace`) has it; letters and digits; capitals; the bytes a word is made of
/// (letters, digits and `_`: UAX #29's ALetter, Numeric and ExtendNumLet in ASCII); the bytes
/// that may keep a word together between two others ([`is_infix`]).
const SPACE: u8 = 1;
const ALNUM: u8 = 2;
const UPPER: u8 = 4;
const CORE: u8 = 8;
const INFIX: u8 = 16;

/// Each byte's classes.
static CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            SPACE
        } else if c.is_ascii_uppercase() {
            ALNUM | UPPER | CORE
        } else if c.is_ascii_alphanumeric() {
            ALNUM | CORE
        } else if c == b'_' {
            CORE
        } else if matches!(c, b'.' | b',' | b';' | b'\'' | b':') {
            INFIX
        } else {
            0
        };
        b += 1;
    }
    table
};

fn class(b: u8) -> u8 {
    CLASSES[b as usize]
}

/// How many of the eight ASCII bytes `eight` are letters or digits before the first that is
/// not, and whether those hold a capital; all eight bytes are classed at once (each byte's top
/// bit is set where it is in a range).
fn letters_and_digits(eight: &[u8; 8]) -> (usize, bool) {
    const TOP: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Top bit set in each byte that is at least `low` (for bytes below 0x80, no carries).
    let at_least = |x: u64, low: u8| x.wrapping_add(ONES * u64::from(0x80 - low)) & TOP;
    let x = u64::from_le_bytes(*eight);
    let folded = x | (ONES * 0x20);
    let letters = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let digits = at_least(x, b'0') & !at_least(x, b'9' + 1);
    let capitals = at_least(x, b'A') & !at_least(x, b'Z' + 1);
    let other = !(letters | digits) & TOP;
    let run = other.trailing_zeros() as usize / 8;
    let within = if run == 8 {
        u64::MAX
    } else {
        (1u64 << (run * 8)) - 1
    };
    (run, capitals & within != 0)
}

/// Whether `b`, between `before` and `after`, keeps a word together (UAX #29 WB6, WB7, WB11 and
/// WB12 in ASCII): `3.14`, `1,000`, `node.js`, `don't`, `a:b`.
fn is_infix(b: u8, before: u8, after: u8) -> bool {
    match b {
        b'.' | b',' | b';' | b'\'' if before.is_ascii_digit() && after.is_ascii_digit() => true,
        b'.' | b':' | b'\'' => before.is_ascii_alphabetic() && after.is_ascii_alphabetic(),
        _ => false,
    }
}

/// The letter-and-digit runs of an ASCII word.
fn ascii_parts(word: &str) -> impl Iterator<Item = &str> {
    word.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
}

/// Appends the letters and digits of an ASCII word (its parts, joined) in lower case.
fn push_parts_lowered(word: &str, out: &mut String) {
    out.extend(
        word.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase() as char),
    );
}

/// ASCII whitespace, as `char::is_whitespace` (and so `split_whitespace`) has it.
pub(crate) fn is_space(b: u8) -> bool {
    class(b) == SPACE
}

/// A run of text between spaces in a spaced script: its words, their parts, their joined form
/// and `+`/`#` suffixes.
fn spaced_chunk(
    chunk: &str,
    emit: &mut impl FnMut(&str),
    folded: &mut String,
    joined: &mut String,
    term: &mut String,
) {
    joined.clear();
    let (mut words, mut parts_total) = (0, 0);
    for (at, word) in chunk.unicode_word_indices() {
        words += 1;
        fold_into(word, folded);
        let count = parts(folded).count();
        parts_total += count;
        if count > 1 {
            term.clear();
            parts(folded).for_each(|p| term.push_str(p));
            emit_term(term, emit);
        }
        parts(folded).for_each(|p| emit_term(p, emit));
        let suffix = symbol_suffix(&chunk[at + word.len()..]);
        if !suffix.is_empty() && count == 1 {
            term.clear();
            term.push_str(folded);
            term.push_str(suffix);
            emit_term(term, emit);
        }
        if parts_total <= MAX_JOINED {
            parts(folded).for_each(|p| joined.push_str(p));
        }
    }
    if words > 1 && parts_total <= MAX_JOINED {
        emit_term(joined, emit);
    }
}

/// The `+` signs (up to two) or the one `#` right after a word: `C++` and `C#` are terms.
fn symbol_suffix(rest: &str) -> &str {
    if rest.starts_with('#') {
        return &rest[..1];
    }
    let pluses = rest.bytes().take_while(|&b| b == b'+').count();
    &rest[..pluses.min(2)]
}

/// A run of text between spaces holding Chinese, Japanese or Southeast Asian script: those runs
/// are cut by ICU's dictionaries, the rest of the chunk as spaced text ([`spaced_chunk`], so
/// `C++で` and `使用CI/CD流水线` hold `c++` and `cicd`).
fn unspaced_chunk(
    chunk: &str,
    emit: &mut impl FnMut(&str),
    folded: &mut String,
    joined: &mut String,
    term: &mut String,
) {
    let mut rest = chunk;
    while let Some(c) = rest.chars().next() {
        let unspaced = is_unspaced(c);
        let end = rest
            .char_indices()
            .find(|&(_, c)| is_unspaced(c) != unspaced)
            .map_or(rest.len(), |(i, _)| i);
        let (run, after) = rest.split_at(end);
        if unspaced {
            let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
            let breaks: Vec<usize> = segmenter.segment_str(run).collect();
            for pair in breaks.windows(2) {
                let word = &run[pair[0]..pair[1]];
                if word.chars().any(char::is_alphanumeric) {
                    emit_term(&fold(word), emit);
                }
            }
        } else {
            spaced_chunk(run, emit, folded, joined, term);
        }
        rest = after;
    }
}

/// Emits `term` unless it is too short (one character outside unspaced scripts) or too long.
fn emit_term(term: &str, emit: &mut impl FnMut(&str)) {
    // At least two bytes starting with an ASCII one: at least two characters.
    if (2..=MAX_TERM).contains(&term.len()) && term.as_bytes()[0].is_ascii() {
        emit(term);
        return;
    }
    let mut chars = term.chars();
    let Some(first) = chars.next() else { return };
    let count = 1 + chars.take(MAX_TERM).count();
    if count > MAX_TERM || (count == 1 && !is_unspaced(first)) {
        return;
    }
    emit(term);
}

/// A Snowball stemmer for a handbook's language, used to group the forms of a word (`deploy`,
/// `deploys`, `deployed`) so that any of them finds the others.
pub(crate) struct Stemmer(Option<rust_stemmers::Stemmer>);

impl Stemmer {
    /// The stemmer for `language` (a BCP 47 tag such as `en`, `de-AT`, `pt-BR`); one that keeps
    /// every word as it is when Snowball has no stemmer for the language.
    pub(crate) fn new(language: &str) -> Stemmer {
        use rust_stemmers::Algorithm::*;
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let algorithm = match primary.as_str() {
            "ar" => Some(Arabic),
            "da" => Some(Danish),
            "de" => Some(German),
            "el" => Some(Greek),
            "en" => Some(English),
            "es" => Some(Spanish),
            "fi" => Some(Finnish),
            "fr" => Some(French),
            "hu" => Some(Hungarian),
            "it" => Some(Italian),
            "nl" => Some(Dutch),
            "no" | "nb" | "nn" => Some(Norwegian),
            "pt" => Some(Portuguese),
            "ro" => Some(Romanian),
            "ru" => Some(Russian),
            "sv" => Some(Swedish),
            "ta" => Some(Tamil),
            "tr" => Some(Turkish),
            _ => None,
        };
        Stemmer(algorithm.map(rust_stemmers::Stemmer::create))
    }

    /// The stem group of a folded term: its stem when it is a word made of letters only,
    /// else the term itself (`c++`, `2025`, `本社`).
    pub(crate) fn group(&self, term: &str) -> String {
        match &self.0 {
            Some(stemmer)
                if term.chars().all(char::is_alphabetic) && !term.chars().any(is_unspaced) =>
            {
                let stem = stemmer.stem(term);
                // A stem in lower-case ASCII is folded already.
                if stem.bytes().all(|b| b.is_ascii_lowercase()) {
                    stem.into_owned()
                } else {
                    fold(&stem)
                }
            }
            _ => term.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{fold, letters_and_digits, spaced_chunk, terms, Cutter, Stemmer};

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        terms(text, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn folding_drops_case_and_diacritics_but_keeps_letters_of_other_scripts() {
        assert_eq!(fold("Déployé"), "deploye");
        assert_eq!(fold("ÄRGER"), "arger");
        assert_eq!(fold("Ёлка"), "елка");
        // Final sigma is sigma, as Unicode's case folding has it.
        assert_eq!(fold("ΌΣΟΣ"), "οσοσ");
        assert_eq!(fold("がぎ"), "がぎ");
        assert_eq!(fold("हिन्दी"), "हिन्दी");
    }

    #[test]
    fn sharp_s_full_width_letters_and_ligatures_were_not_folded_to_the_letters_they_stand_for() {
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("STRAẞE"), "strasse");
        assert_eq!(fold("ＮＯＤＥ"), "node");
        assert_eq!(fold("ｄéｐｌｏｙ"), "deploy");
        assert_eq!(fold("ﬁle"), "file");
        assert_eq!(fold("ｶﾞｲﾄﾞ"), "ガイド");
        // The voicing sign decomposes to a space and a mark: the space goes.
        assert_eq!(fold("か゛"), "が");
        assert_eq!(
            all("Die Straße, ＮＯＤＥ und ﬁles"),
            ["die", "strasse", "node", "und", "files"]
        );
    }

    #[test]
    fn words_are_cut_at_spaces_and_punctuation_and_one_letter_words_are_dropped() {
        assert_eq!(
            all("A rollout, then (the) rollback."),
            ["rollout", "then", "the", "rollback"]
        );
    }

    #[test]
    fn punctuated_terms_give_their_parts_and_their_joined_form() {
        assert_eq!(all("`.libPaths()`"), ["libpaths"]);
        assert_eq!(all("Node.js"), ["nodejs", "node", "js"]);
        assert_eq!(
            all("asyncio.gather"),
            ["asynciogather", "asyncio", "gather"]
        );
        assert_eq!(
            all("--force-with-lease"),
            ["force", "with", "lease", "forcewithlease"]
        );
        assert_eq!(all("A-B"), ["ab"]);
        assert_eq!(all("CI/CD"), ["ci", "cd", "cicd"]);
        assert_eq!(all("C++ and C#, g++"), ["c++", "and", "c#", "g++"]);
    }

    #[test]
    fn chinese_japanese_and_thai_are_cut_into_words_inside_a_sentence() {
        let ja = all("東京は日本の首都であり、多くの企業の本社が集まっています。");
        assert!(ja.contains(&"本社".to_string()), "{ja:?}");
        assert!(ja.contains(&"東京".to_string()), "{ja:?}");
        let mixed = all("京都には古い寺がたくさんあります。API");
        assert!(mixed.contains(&"寺".to_string()), "{mixed:?}");
        assert!(mixed.contains(&"api".to_string()), "{mixed:?}");
        assert_eq!(all("ทุกสองสัปดาห์"), ["ทุก", "สอง", "สัปดาห์"]);
    }

    #[test]
    fn ascii_terms_written_against_cjk_lost_their_joined_and_symbol_forms() {
        assert!(all("C++で書く。").contains(&"c++".to_string()));
        let zh = all("使用CI/CD流水线。");
        assert!(zh.contains(&"cicd".to_string()), "{zh:?}");
        assert!(zh.contains(&"ci".to_string()) && zh.contains(&"cd".to_string()));
    }

    #[test]
    fn stemming_groups_word_forms_in_the_handbooks_language_only() {
        let en = Stemmer::new("en-GB");
        assert_eq!(en.group("deploys"), en.group("deployed"));
        assert_eq!(en.group("deploying"), "deploy");
        assert_eq!(en.group("c++"), "c++");
        let ru = Stemmer::new("ru");
        assert_eq!(ru.group("серверы"), ru.group("сервер"));
        let none = Stemmer::new("ja");
        assert_eq!(none.group("deploys"), "deploys");
    }

    #[test]
    fn eight_bytes_are_classed_at_once_at_the_edges_of_each_range() {
        assert_eq!(letters_and_digits(b"abcDEF9_"), (7, true));
        assert_eq!(letters_and_digits(b"az09AZqr"), (8, true));
        assert_eq!(letters_and_digits(b"lowercas"), (8, false));
        for edge in [b'@', b'[', b'`', b'{', b'/', b':', b' ', 0x7f] {
            assert_eq!(
                letters_and_digits(&[b'x', edge, b'a', b'a', b'a', b'a', b'a', b'a']),
                (1, false)
            );
        }
    }

    proptest! {
        /// The ASCII fast path and the general path (UAX #29 through unicode-segmentation, chunk
        /// by chunk between spaces) give the same terms for every ASCII text.
        #[test]
        fn ascii_texts_give_the_same_terms_on_both_paths(text in "[a-cX-Z0-2_.,;:'+#/()\\- \t@\\[`{z9A]{1,64}") {
            let (mut fast, mut general) = (Vec::new(), Vec::new());
            let (mut joined, mut term, mut folded) = (String::new(), String::new(), String::new());
            Cutter::default().ascii_text(&text, &mut |t: &str| fast.push(t.to_string()));
            for chunk in text.split_whitespace() {
                spaced_chunk(chunk, &mut |t: &str| general.push(t.to_string()), &mut folded, &mut joined, &mut term);
            }
            prop_assert_eq!(fast, general);
        }
    }
}
