//! Staleness rules: when a chapter was last reviewed (front matter `last-reviewed`), how often
//! chapters should be reviewed (`review-every` in `handbook.toml`, overridable per chapter), and
//! which chapters are past due on a given day.
//!
//! "Today" is always passed in ([`super::LoadOptions::today`]); nothing here reads the clock.

use std::fmt;

use jiff::civil::Date;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::Chapter;
pub use crate::config::review_every::{ReviewEvery, DEFAULT_REVIEW_EVERY};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// A calendar date from front matter: a TOML date (`last-reviewed = 2026-03-01`), a YAML date
/// (`last-reviewed: 2026-03-01`) or a string holding one (`"2026-03-01"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReviewDate(pub Date);

impl<'de> Deserialize<'de> for ReviewDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = ReviewDate;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date such as 2026-03-01")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<ReviewDate, E> {
        parse_date(text).map(ReviewDate).map_err(E::custom)
    }

    /// TOML hands its date values to serde as a one-entry map.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ReviewDate, A::Error> {
        let datetime =
            toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
        match (datetime.date, datetime.time) {
            (Some(d), None) => Date::new(d.year as i16, d.month as i8, d.day as i8)
                .map(ReviewDate)
                .map_err(|e| de::Error::custom(format!("`{datetime}` is not a date: {e}"))),
            _ => Err(de::Error::custom(format!(
                "`{datetime}` is not a plain date; write it as YYYY-MM-DD, e.g. 2026-03-01"
            ))),
        }
    }
}

/// Parses `YYYY-MM-DD` (nothing else: no time, no offset).
///
/// Errors: a message naming the text and the expected form.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let bad = || format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01");
    if !shape_ok {
        return Err(bad());
    }
    text.parse::<Date>().map_err(|_| bad())
}

/// A chapter's review dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    /// Index into [`super::Book::chapters`].
    pub chapter: usize,
    /// The chapter's `last-reviewed` date.
    pub last_reviewed: Date,
    /// The day the next review is due (`last_reviewed` plus the review period); `None` when that
    /// lies beyond the year 9999.
    pub due: Option<Date>,
}

impl Review {
    /// Whole days past the due date on `today`: positive when overdue, 0 on the due date,
    /// negative before it; `None` without a due date.
    pub fn days_overdue(&self, today: Date) -> Option<i64> {
        let due = self.due?;
        due.until((jiff::Unit::Day, today))
            .ok()
            .map(|span| i64::from(span.get_days()))
    }

    /// Whether the review is past due on `today` (the due day itself is not).
    pub fn is_overdue(&self, today: Date) -> bool {
        self.days_overdue(today).is_some_and(|d| d > 0)
    }
}

/// Chapter `index`'s review dates, or `None` when it has no `last-reviewed`. The chapter's own
/// `review-every` wins over the handbook's `default`.
pub fn review(chapters: &[Chapter], index: usize, default: &ReviewEvery) -> Option<Review> {
    let front = &chapters.get(index)?.front_matter;
    let last = front.last_reviewed?.0;
    let every = front.review_every.as_ref().unwrap_or(default);
    Some(Review {
        chapter: index,
        last_reviewed: last,
        due: every.after(last),
    })
}

/// Every chapter past its review date on `today`, most overdue first (ties in reading order).
pub fn overdue(chapters: &[Chapter], default: &ReviewEvery, today: Date) -> Vec<Review> {
    let mut late: Vec<(i64, Review)> = (0..chapters.len())
        .filter_map(|i| review(chapters, i, default))
        .filter_map(|r| Some((r.days_overdue(today)?, r)))
        .filter(|(days, _)| *days > 0)
        .collect();
    late.sort_by_key(|(days, r)| (std::cmp::Reverse(*days), r.chapter));
    late.into_iter().map(|(_, r)| r).collect()
}

/// Warnings at each overdue chapter's `last-reviewed` line, and at any `last-reviewed` date that
/// lies after `today` (a typo, most likely).
pub(crate) fn check(
    chapters: &[Chapter],
    default: &ReviewEvery,
    today: Date,
    diagnostics: &mut Diagnostics,
) {
    for late in overdue(chapters, default, today) {
        let chapter = &chapters[late.chapter];
        let days = late.days_overdue(today).unwrap_or(0);
        let due = late.due.map(|d| d.to_string()).unwrap_or_default();
        let every = chapter
            .front_matter
            .review_every
            .as_ref()
            .unwrap_or(default);
        let message = format!(
            "chapter is overdue for review: last reviewed {}, due {due} (every {}), {days} day{} ago",
            late.last_reviewed,
            every.text,
            if days == 1 { "" } else { "s" }
        );
        diagnostics.push(
            at_key(chapter, "last-reviewed", message)
                .with_help("review the chapter, then set `last-reviewed` to the day you did")
                .warning(),
        );
    }
    for chapter in chapters {
        if let Some(date) = chapter.front_matter.last_reviewed.filter(|d| d.0 > today) {
            let message = format!("last-reviewed {} is after today ({today})", date.0);
            diagnostics.push(
                at_key(chapter, "last-reviewed", message)
                    .with_help("write the day the chapter was last reviewed")
                    .warning(),
            );
        }
    }
}

/// A diagnostic at front matter key `key` of `chapter` (its first line when the key is not found).
fn at_key(chapter: &Chapter, key: &str, message: String) -> Diagnostic {
    let span =
        super::front_matter::key_span(&chapter.source[..chapter.body_start], key).unwrap_or(0..0);
    Diagnostic::at(
        &chapter.file,
        std::sync::Arc::clone(&chapter.source),
        span,
        message,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn periods_parse_and_add_by_the_calendar() {
        let year = ReviewEvery::parse("12 months").unwrap();
        assert_eq!(year.after(date(2025, 1, 31)), Some(date(2026, 1, 31)));
        let month = ReviewEvery::parse("1 month").unwrap();
        assert_eq!(month.after(date(2025, 1, 31)), Some(date(2025, 2, 28)));
        let mixed = ReviewEvery::parse("1y 2w").unwrap();
        assert_eq!(mixed.after(date(2025, 1, 1)), Some(date(2026, 1, 15)));
        for bad in ["soon", "0 days", "-3 months", "4 hours", ""] {
            assert!(ReviewEvery::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_plain_iso_dates() {
        assert_eq!(parse_date("2026-03-01"), Ok(date(2026, 3, 1)));
        for bad in ["2026-3-1", "2026-02-30", "1 March 2026", "2026-03-01T10:00"] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
