//! The stem groups a shard carries besides its own. A word found nowhere falls back on a shorter
//! indexed word it starts with (`nodejs` → `node`), which the browser looks for only in the
//! shard the word falls in. Every boundary between the two starts with the shorter word (a
//! string sorting between `node` and `nodejs` starts with `node`), so each shard also carries
//! the groups of the words that its first key starts with when an earlier shard holds them.

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use super::shard::GroupView;

/// The fewest UTF-16 units a shorter word may have to stand in for a query word (as
/// `engine.js` counts a string's length).
const SHORTEST: usize = 4;

/// For each shard (a range of `groups`, sorted as written, see [`super::shard`]): the indexes
/// of the groups it carries, increasing. A group is carried when one of its forms, of at least
/// [`SHORTEST`] UTF-16 units, is a proper prefix of the shard's first key and the group lies in
/// an earlier shard.
pub(super) fn carried(groups: &[GroupView], shards: &[Range<usize>]) -> Vec<Vec<usize>> {
    let mut carried = vec![Vec::new(); shards.len()];
    // Each prefix of a first key that could be such a form, with the shards wanting it.
    let mut wanted: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, range) in shards.iter().enumerate().skip(1) {
        let Some(key) = groups.get(range.start).map(|g| g.key) else {
            continue;
        };
        let mut units = 0;
        for (at, c) in key.char_indices() {
            if units >= SHORTEST {
                wanted.entry(&key[..at]).or_default().push(i);
            }
            units += c.len_utf16();
        }
    }
    if wanted.is_empty() {
        return carried;
    }
    for (shard, range) in shards.iter().enumerate() {
        for g in range.clone() {
            for form in groups[g].forms {
                let needing = wanted.get(form.as_ref()).into_iter().flatten();
                for &i in needing.filter(|&&i| i > shard) {
                    carried[i].push(g);
                }
            }
        }
    }
    for list in &mut carried {
        list.dedup();
    }
    carried
}

#[cfg(test)]
mod tests {
    use super::super::shard::GroupView;
    use super::carried;

    fn group<'a>(forms: &'a [Box<str>]) -> GroupView<'a> {
        GroupView {
            key: &forms[0],
            stem: &forms[0],
            last: &forms[forms.len() - 1],
            forms,
            postings: "0",
            fresh: true,
        }
    }

    #[test]
    fn a_shard_carries_the_earlier_words_of_four_letters_or_more_its_first_key_starts_with() {
        let words: Vec<Vec<Box<str>>> = [
            &["nod"][..],
            &["node", "nodes"],
            &["nodeb"],
            &["nodejs"],
            &["nodejsx"],
            &["zebra"],
        ]
        .iter()
        .map(|forms| forms.iter().map(|f| Box::from(*f)).collect())
        .collect();
        let groups: Vec<GroupView> = words.iter().map(|forms| group(forms)).collect();
        // `nodejs` starts the second shard: `node` (of an earlier shard) is carried, `nod` is too
        // short, `nodeb` is no prefix; `zebra` starts the third, which carries nothing.
        assert_eq!(
            carried(&groups, &[0..3, 3..5, 5..6]),
            [vec![], vec![1], vec![]]
        );
        // `nodejsx` starts the third shard: `nodejs` is in the shard before, `node` further back.
        assert_eq!(
            carried(&groups, &[0..3, 3..4, 4..6]),
            [vec![], vec![1], vec![1, 3]]
        );
        // One shard carries nothing.
        let whole = std::iter::once(0..groups.len()).collect::<Vec<_>>();
        assert_eq!(carried(&groups, &whole), [Vec::<usize>::new()]);
    }
}
