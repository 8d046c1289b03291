//! Ranking data of the search index: how much a term weighs in a section (BM25F: field weights,
//! saturation, length normalisation), computed at build time so the browser only multiplies
//! by the term's rarity.
//!
//! A section's fields are the record's title (section 0 only), the section's heading and its
//! text. A term's weighted count is `TITLE × in title + HEADING × in heading + BODY × in text /
//! (1 − B + B × max(words, REFERENCE_WORDS) / REFERENCE_WORDS)`; its weight in the section is that count saturated,
//! `count × (K1 + 1) / (count + K1)`, stored as a whole number from 1 to [`LEVELS`]. The browser
//! scores a section as the sum over the query's terms of `idf × weight`, with
//! `idf = ln(1 + (N − n + 0.5) / (n + 0.5))` for `n` sections holding the term out of `N`.
//!
//! Sections are normalised against a fixed length instead of the book's average, so a chapter's
//! weights depend on that chapter alone and `serve` can reuse every other chapter's.

/// Weight of a term in the record's title.
pub(crate) const TITLE: f32 = 5.0;
/// Weight of a term in the section's heading.
pub(crate) const HEADING: f32 = 3.0;
/// Weight of a term in the section's text.
pub(crate) const BODY: f32 = 1.0;
/// Saturation: how quickly repeats stop adding weight.
const K1: f32 = 1.2;
/// How much a long section's text is discounted.
const B: f32 = 0.75;
/// The section length (in words) at which the text is not discounted.
const REFERENCE_WORDS: f32 = 120.0;
/// Highest stored weight; weights are 1 to `LEVELS` (4 bits in a posting).
pub(crate) const LEVELS: u32 = 16;

/// The weighted count of a term in a section's text: `count` occurrences among `words` words.
/// Texts shorter than [`REFERENCE_WORDS`] are not favoured: a one-line checklist item that names
/// a term once does not outweigh a section about it.
pub(crate) fn body_count(count: u32, words: u32) -> f32 {
    let words = (words as f32).max(REFERENCE_WORDS);
    BODY * count as f32 / (1.0 - B + B * words / REFERENCE_WORDS)
}

/// The stored weight (1 to [`LEVELS`]) of a term whose weighted count in a section is `count`.
pub(crate) fn level(count: f32) -> u32 {
    let saturated = count * (K1 + 1.0) / (count + K1);
    let scaled = saturated / (K1 + 1.0) * LEVELS as f32;
    // Rounded half up, as `f32::round` rounds a positive number, without its library call: in
    // `f64` adding one half is exact for every `f32`, and the cast drops the fraction (a NaN or
    // a negative number gives 0, then 1 below).
    let level = (f64::from(scaled) + 0.5) as u32;
    level.clamp(1, LEVELS)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{body_count, level, HEADING, K1, LEVELS, TITLE};

    proptest! {
        /// Levels are rounded exactly as `f32::round` rounds them, for every weighted count.
        #[test]
        fn levels_round_as_f32_round_does(count in prop_oneof![0.0f32..20.0, 0.0f32..1e6]) {
            let saturated = count * (K1 + 1.0) / (count + K1);
            let rounded = (saturated / (K1 + 1.0) * LEVELS as f32).round() as u32;
            prop_assert_eq!(level(count), rounded.clamp(1, LEVELS));
        }
    }

    #[test]
    fn a_heading_outweighs_one_mention_and_a_title_outweighs_a_heading() {
        let once = level(body_count(1, 120));
        let heading = level(HEADING);
        assert!(heading > once, "{heading} > {once}");
        assert!(level(TITLE) > heading);
        assert!(level(HEADING + body_count(2, 120)) > heading);
    }

    #[test]
    fn repeats_saturate_and_long_sections_are_discounted() {
        assert!(level(body_count(2, 120)) > level(body_count(1, 120)));
        assert!(level(body_count(1, 600)) < level(body_count(1, 120)));
        assert_eq!(level(body_count(1, 10)), level(body_count(1, 120)));
        assert_eq!(level(body_count(1000, 100)), 16);
        assert_eq!(level(0.0), 1);
    }
}
