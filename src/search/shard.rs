//! The search index on disk: per-chapter term lists merged into stem groups, cut into shards by
//! term, plus a manifest and one fragment per chapter. Every file is a small script calling
//! `skillbookSearch(name, data)`, so the browser loads it with a `<script>` element, which works
//! from `file://` as well as over HTTP.
//!
//! Files, under [`super::INDEX_DIR`]:
//! - `manifest.js` — `skillbookSearch("m", {n, b, p, r})`: `n` sections in all; `b` the first
//!   sort key of each shard (shard `i` is `s/i.js`); `p` every record in order as its kind
//!   (`C` chapter, `Q` quiz, `K` checklist) and its number of sections in base 36 (lower
//!   case), e.g. `C7Q3K5C1c`; `r` the parts as `[title, first chapter, chapters]`.
//! - `s/N.js` — `skillbookSearch("sN", [forms, postings, forms, postings, …])`: stem groups in
//!   order, each as its folded forms separated by spaces and its postings. Postings are the
//!   sections holding the group in increasing order, each as one number `(gap − 1) × 16 +
//!   (weight − 1)` (the gap from the previous section, the first counted from −1; the weight of
//!   [`super::rank`]) written in base 32, most significant digit first, with digits of
//!   [`ALPHABET`]: the last digit of a number from its first 32 characters, the others from its
//!   last 32.
//! - `f/N.js` — `skillbookSearch("fN", […])`: the records of chapter `N` (its page, quizzes,
//!   checklists) for titles, links and excerpts, as `[[title, url, [[heading, anchor, text], …]],
//!   …]`.
//!
//! A shard never splits a stem group, and shard boundaries never fall between a group's sort key
//! (the smallest of its stem and forms) and its largest form, so the shard found for a form by
//! its position among the boundaries holds that form's group. After its own groups a shard
//! repeats those of the shorter words its first key starts with ([`super::carry`]).

use rayon::prelude::*;

use super::rank;
use super::records::{Kind, Record};
use super::terms::{ChapterTerms, ChapterTermsBuilder, Field};
use super::words::Cutter;
use crate::site::Bytes;

/// The 64 digits of posting numbers: values 0–31 end a number, 32–63 continue it.
const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// A shard holds groups of at least this many bytes (uncompressed), unless it is the last.
const SHARD_MIN: usize = 14_000;
/// A shard is closed once its groups reach this many bytes.
const SHARD_MAX: usize = 24_000;
/// Past [`SHARD_MIN`], a shard ends on average after about this many more bytes.
const SHARD_SPREAD: usize = 8_000;

/// A section (numbered from 0 across a chapter's or the book's records) and a term's weighted
/// count there ([`rank`]).
pub(super) type Posting = (u32, f32);

/// What one chapter contributes to the index; depends on that chapter alone, so `serve` keeps
/// it for chapters that did not change.
#[derive(Debug)]
pub(crate) struct ChapterIndex {
    /// Each record's kind and number of sections, in order.
    records: Vec<(Kind, u32)>,
    /// The part the chapter belongs to.
    part: Option<String>,
    /// Every folded term with the chapter's sections holding it and its weighted count there.
    pub(super) terms: ChapterTerms,
    /// The fragment file (`f/N.js`), whole.
    fragment: Bytes,
}

impl ChapterIndex {
    /// Cuts `records` (chapter `number`'s, see [`super::records`]) into terms and weighs them.
    pub(crate) fn new(number: usize, records: &[Record]) -> ChapterIndex {
        let bytes = records
            .iter()
            .flat_map(|r| &r.sections)
            .map(|s| s.text.len() + s.heading.len())
            .sum();
        let mut terms = ChapterTermsBuilder::for_text(bytes);
        let mut cutter = Cutter::default();
        for record in records {
            for (n, s) in record.sections.iter().enumerate() {
                if n == 0 {
                    cutter.terms(&record.title, &mut |t| terms.add(t, Field::Title));
                }
                cutter.terms(&s.heading, &mut |t| terms.add(t, Field::Heading));
                cutter.terms(&s.text, &mut |t| terms.add(t, Field::Body));
                terms.end_section();
            }
        }
        ChapterIndex {
            records: records
                .iter()
                .map(|r| (r.kind, r.sections.len() as u32))
                .collect(),
            part: records.first().and_then(|r| r.part.clone()),
            terms: terms.finish(),
            fragment: fragment(number, records),
        }
    }

    pub(super) fn sections(&self) -> u32 {
        self.records.iter().map(|(_, n)| n).sum()
    }
}

/// The fragment file of chapter `number`: `skillbookSearch("fN", [[title, url, [[heading, anchor,
/// text], …]], …])`. The records' text is most of the index; it is stored as plain JSON, which
/// gzip on the wire shrinks to about a third (as GitHub Pages and most servers send it).
fn fragment(number: usize, records: &[Record]) -> Bytes {
    let value: Vec<(&str, &str, Vec<[&str; 3]>)> = records
        .iter()
        .map(|r| {
            let sections = r
                .sections
                .iter()
                .map(|s| [s.heading.as_str(), s.anchor.as_str(), s.text.as_str()])
                .collect();
            (r.title.as_str(), r.url.as_str(), sections)
        })
        .collect();
    script(&format!("f{number}"), &value)
}

/// An index file: `skillbookSearch("NAME", DATA)` with `data` as JSON, which the browser loads
/// with a `<script>` element (so it works from `file://` too).
fn script(name: &str, data: &impl serde::Serialize) -> Bytes {
    let mut out = format!("skillbookSearch(\"{name}\",").into_bytes();
    if serde_json::to_writer(&mut out, data).is_err() {
        out.extend_from_slice(b"null");
    }
    out.extend_from_slice(b")\n");
    Bytes::from(out)
}

/// A stem group ready to be written: its sort key, largest form, forms and encoded postings.
pub(super) struct GroupView<'a> {
    /// Sort key: the smallest of the stem and the forms.
    pub(super) key: &'a str,
    /// The stem, which breaks ties between equal keys.
    pub(super) stem: &'a str,
    /// The largest form.
    pub(super) last: &'a str,
    /// The forms, in UTF-16 order.
    pub(super) forms: &'a [Box<str>],
    /// The merged postings, encoded.
    pub(super) postings: &'a str,
    /// Whether it was encoded for this index (not kept from the last one).
    pub(super) fresh: bool,
}

/// The order groups are written in: by key as JavaScript compares strings, then by stem.
pub(super) fn group_order(a: (&str, &str), b: (&str, &str)) -> std::cmp::Ordering {
    utf16_cmp(a.0, b.0).then_with(|| a.1.cmp(b.1))
}

/// A group's sort key and largest form, from its stem and forms (sorted in UTF-16 order).
pub(super) fn key_and_last<'a>(stem: &'a str, forms: &'a [Box<str>]) -> (&'a str, &'a str) {
    let first = forms.first().map_or(stem, |f| f);
    let key = if utf16_cmp(stem, first).is_lt() {
        stem
    } else {
        first
    };
    (key, forms.last().map_or(stem, |f| f))
}

/// Sorts `forms` in UTF-16 order.
pub(super) fn sort_forms(forms: &mut [&str]) {
    forms.sort_unstable_by(|a, b| utf16_cmp(a, b));
}

/// Where each chapter's sections start in the book's numbering, and the total.
pub(super) fn bases(chapters: &[&ChapterIndex]) -> (Vec<u32>, u32) {
    let mut bases = Vec::with_capacity(chapters.len());
    let mut total = 0u32;
    for chapter in chapters {
        bases.push(total);
        total += chapter.sections();
    }
    (bases, total)
}

/// A shard as last written: the stems of its first and last groups, its number of groups, the
/// stems of the groups it carries ([`super::carry`]) and its file.
#[derive(Debug)]
pub(super) struct ShardFile {
    first: Box<str>,
    last: Box<str>,
    groups: usize,
    carried: Vec<Box<str>>,
    bytes: Bytes,
}

/// The index files from the groups in order: shards, manifest and fragments; plus the shards
/// written, for the next call. A shard of `previous` is reused when it holds the same groups
/// (same first and last stem and count) and none of them is fresh.
pub(super) fn write(
    groups: &[GroupView],
    previous: &[ShardFile],
    chapters: &[&ChapterIndex],
    total: u32,
    dir: &str,
) -> (Vec<(String, Bytes)>, Vec<ShardFile>) {
    let shards = cut(groups);
    let carried = super::carry::carried(groups, &shards);
    let written: Vec<ShardFile> = shards
        .par_iter()
        .zip(&carried)
        .enumerate()
        .map(|(i, (range, carried))| {
            let own = &groups[range.clone()];
            let (first, last) = match (own.first(), own.last()) {
                (Some(first), Some(last)) => (first.stem, last.stem),
                _ => ("", ""),
            };
            let carried: Vec<&GroupView> = carried.iter().map(|&g| &groups[g]).collect();
            let stems: Vec<Box<str>> = carried.iter().map(|g| g.stem.into()).collect();
            let same = previous.get(i).filter(|p| {
                *p.first == *first
                    && *p.last == *last
                    && p.groups == own.len()
                    && p.carried == stems
                    && !own.iter().chain(carried.iter().copied()).any(|g| g.fresh)
            });
            ShardFile {
                first: first.into(),
                last: last.into(),
                groups: own.len(),
                bytes: same.map_or_else(|| shard_file(i, own, &carried), |p| p.bytes.clone()),
                carried: stems,
            }
        })
        .collect();
    let mut files: Vec<(String, Bytes)> = written
        .iter()
        .enumerate()
        .map(|(i, shard)| (format!("{dir}/s/{i}.js"), shard.bytes.clone()))
        .collect();
    let boundaries: Vec<&str> = shards
        .iter()
        .enumerate()
        .map(|(i, r)| if i == 0 { "" } else { groups[r.start].key })
        .collect();
    files.push((
        format!("{dir}/manifest.js"),
        manifest(chapters, total, &boundaries),
    ));
    files.extend(
        chapters
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("{dir}/f/{i}.js"), c.fragment.clone())),
    );
    (files, written)
}

/// Shard `number`'s file: `skillbookSearch("sN", [forms, postings, …])`, its own groups then
/// those it carries.
fn shard_file(number: usize, own: &[GroupView], carried: &[&GroupView]) -> Bytes {
    let mut data = Vec::with_capacity((own.len() + carried.len()) * 2);
    for g in own.iter().chain(carried.iter().copied()) {
        data.push(g.forms.join(" "));
        data.push(g.postings.to_string());
    }
    script(&format!("s{number}"), &data)
}

/// Compares two strings as JavaScript does (by UTF-16 code units), so the browser's binary
/// search over shard boundaries agrees with the order they were cut in.
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let Some(at) = x.iter().zip(y).position(|(p, q)| p != q) else {
        return x.len().cmp(&y.len());
    };
    // UTF-8 bytes sort as code points, and so do UTF-16 units except that U+E000–U+FFFF (lead
    // bytes 0xEE, 0xEF) sort after the surrogate pairs of U+10000 and up (0xF0–0xF4). Where
    // the strings first differ, both bytes are lead bytes or both continuation bytes (below
    // 0xC0), as the bytes before are the same.
    let (p, q) = (x[at], y[at]);
    if p >= 0xEE && q >= 0xEE && (p >= 0xF0) != (q >= 0xF0) {
        q.cmp(&p)
    } else {
        p.cmp(&q)
    }
}

/// Merges the postings of a group's forms (summing the weighted counts of a section, in the
/// order of `lists`) and encodes them (see the module's documentation).
pub(super) fn encode_postings(lists: &[&[Posting]]) -> String {
    let mut out = Vec::with_capacity(lists.iter().map(|l| l.len()).sum::<usize>() * 3);
    let mut previous: i64 = -1;
    let mut push = |section: u32, weight: f32| {
        let gap = (section as i64 - previous) as u64;
        previous = section as i64;
        push_number(
            (gap - 1) * 16 + u64::from(rank::level(weight) - 1),
            &mut out,
        );
    };
    match lists {
        // Most groups have one form.
        [one] => one
            .iter()
            .for_each(|&(section, weight)| push(section, weight)),
        _ => {
            // Where each form's list is up to; each step takes the smallest section any holds.
            let mut at = vec![0; lists.len()];
            let head = |list: &[Posting], at: usize| list.get(at).map(|p| p.0);
            while let Some(section) = lists.iter().zip(&at).filter_map(|(l, &i)| head(l, i)).min() {
                let mut weight = 0.0;
                for (list, i) in lists.iter().zip(&mut at) {
                    if head(list, *i) == Some(section) {
                        weight += list[*i].1;
                        *i += 1;
                    }
                }
                push(section, weight);
            }
        }
    }
    // Every digit is an ASCII byte of ALPHABET.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends `n` in base 32 with [`ALPHABET`]: continuation digits from its upper half.
fn push_number(n: u64, out: &mut Vec<u8>) {
    // Five bits a digit; 0 still takes one digit.
    let digits = (64 - (n | 1).leading_zeros()).div_ceil(5);
    for i in (1..digits).rev() {
        out.push(ALPHABET[(n >> (5 * i)) as usize % 32 + 32]);
    }
    out.push(ALPHABET[n as usize % 32]);
}

/// Cuts the sorted groups into shards of [`SHARD_MIN`] to about [`SHARD_MAX`] bytes, never between a
/// group's key and a form of an earlier group that sorts after it. Past the minimum, a shard
/// ends before a group with a chance of its size in [`SHARD_SPREAD`], decided by a hash of its
/// key: where a shard ends depends on the groups near the end, not on everything before, so an
/// edit that adds or drops a group moves at most the boundaries right after it.
fn cut(groups: &[GroupView]) -> Vec<std::ops::Range<usize>> {
    let mut shards = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    let mut last: &str = "";
    for (i, g) in groups.iter().enumerate() {
        let size = g.postings.len() + g.forms.iter().map(|f| f.len() + 1).sum::<usize>() + 6;
        let ends = bytes >= SHARD_MAX || bytes >= SHARD_MIN && chosen(g.key, size);
        if ends && utf16_cmp(last, g.key).is_lt() {
            shards.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += size;
        if utf16_cmp(last, g.last).is_lt() {
            last = g.last;
        }
    }
    shards.push(start..groups.len());
    shards
}

/// Whether a shard past [`SHARD_MIN`] ends before the group with sort key `key` and `size`
/// bytes: true for a share `size / SHARD_SPREAD` of keys, spread by a stable hash.
fn chosen(key: &str, size: usize) -> bool {
    let mut h = crate::hash::fnv1a(key);
    // FNV-1a's low bits mix poorly: finish with a multiply-xorshift.
    h = (h ^ (h >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^= h >> 29;
    (h % SHARD_SPREAD as u64) < size as u64
}

/// The manifest script (see the module's documentation).
fn manifest(chapters: &[&ChapterIndex], total: u32, boundaries: &[&str]) -> Bytes {
    let mut records = String::new();
    let mut parts: Vec<(String, usize, usize)> = Vec::new();
    for (i, chapter) in chapters.iter().enumerate() {
        for (kind, sections) in &chapter.records {
            records.push(match kind {
                Kind::Chapter => 'C',
                Kind::Quiz => 'Q',
                Kind::Checklist => 'K',
            });
            records.push_str(&base36(*sections));
        }
        if let Some(part) = &chapter.part {
            match parts.last_mut() {
                Some((title, first, count)) if title == part && *first + *count == i => *count += 1,
                _ => parts.push((part.clone(), i, 1)),
            }
        }
    }
    let data = serde_json::json!({ "n": total, "b": boundaries, "p": records, "r": parts });
    script("m", &data)
}

fn base36(mut n: u32) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{encode_postings, push_number, utf16_cmp};

    proptest! {
        /// Every number reads back as written: continuation digits, then one last digit.
        #[test]
        fn numbers_read_back_as_written(n in any::<u64>()) {
            let mut out = Vec::new();
            push_number(n, &mut out);
            let digits: Vec<u64> = out
                .iter()
                .copied()
                .map(|c| super::ALPHABET.iter().position(|&a| a == c).unwrap() as u64)
                .collect();
            let (last, rest) = digits.split_last().unwrap();
            prop_assert!(*last < 32 && rest.iter().all(|&d| d >= 32));
            prop_assert!(rest.first() != Some(&32), "no leading zero digit");
            let read = rest.iter().fold(0u64, |v, &d| (v << 5) | (d - 32));
            prop_assert_eq!((read << 5) | last, n);
        }

        /// Strings compare as JavaScript compares them, by UTF-16 code units.
        #[test]
        fn strings_sort_by_utf16_units(a in "[a-c\u{e9}\u{d7ff}\u{e000}\u{fffd}\u{10000}\u{1f600}]{0,4}", b in "[a-c\u{e9}\u{d7ff}\u{e000}\u{fffd}\u{10000}\u{1f600}]{0,4}") {
            prop_assert_eq!(utf16_cmp(&a, &b), a.encode_utf16().cmp(b.encode_utf16()));
        }
    }

    #[test]
    fn numbers_are_written_most_significant_digit_first_with_continuation_digits() {
        let mut out = Vec::new();
        for n in [0, 31, 32, 1023, 1024] {
            push_number(n, &mut out);
            out.push(b' ');
        }
        assert_eq!(out, b"0 V X0 _V XW0 ");
    }

    /// Decodes postings as engine.js does: (section, weight) pairs.
    fn decode(code: &str) -> Vec<(u64, u64)> {
        let (mut out, mut n, mut section) = (Vec::new(), 0u64, -1i64);
        for c in code.bytes() {
            let v = super::ALPHABET.iter().position(|&a| a == c).unwrap() as u64;
            if v >= 32 {
                n = n * 32 + v - 32;
                continue;
            }
            n = n * 32 + v;
            section += (n / 16) as i64 + 1;
            out.push((section as u64, n % 16 + 1));
            n = 0;
        }
        out
    }

    #[test]
    fn postings_of_a_groups_forms_are_merged_by_section() {
        // Sections 0 and 40; section 40 holds two forms, whose counts add up.
        let a: &[(u32, f32)] = &[(0, 1.0), (40, 1.0)];
        let b: &[(u32, f32)] = &[(40, 1.0)];
        assert_eq!(decode(&encode_postings(&[a])), [(0, 7), (40, 7)]);
        assert_eq!(decode(&encode_postings(&[a, b])), [(0, 7), (40, 10)]);
    }

    proptest! {
        /// Any number of forms: every section any of them holds, once, in order, with the
        /// level of its counts summed in the forms' order.
        #[test]
        fn postings_of_any_number_of_forms_merge_into_every_section_once(
            forms in proptest::collection::vec(
                proptest::collection::btree_map(0u32..60, 0.1f32..9.0, 0..12), 0..5)
        ) {
            let lists: Vec<Vec<(u32, f32)>> =
                forms.iter().map(|f| f.iter().map(|(&s, &w)| (s, w)).collect()).collect();
            let refs: Vec<&[(u32, f32)]> = lists.iter().map(|l| l.as_slice()).collect();
            let mut sums = std::collections::BTreeMap::new();
            for list in &lists {
                for &(section, weight) in list {
                    *sums.entry(section).or_insert(0.0f32) += weight;
                }
            }
            let expected: Vec<(u64, u64)> = sums
                .iter()
                .map(|(&s, &w)| (u64::from(s), u64::from(super::rank::level(w))))
                .collect();
            prop_assert_eq!(decode(&encode_postings(&refs)), expected);
        }
    }
}
