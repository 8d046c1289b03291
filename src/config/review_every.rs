//! The `review-every` setting (in `handbook.toml` and in front matter): how long a chapter's
//! review stays valid.

use jiff::civil::Date;

use serde::de::{self, Deserializer};
use serde::Deserialize;

/// The review period used when neither `handbook.toml` nor the chapter sets `review-every`.
pub const DEFAULT_REVIEW_EVERY: &str = "12 months";

/// How long a review stays valid: whole years, months, weeks and days, parsed from text such as
/// `"12 months"`, `"1 year"`, `"6 weeks"` or `"1y 6mo"` (jiff's friendly duration format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewEvery {
    /// The text as written, for messages.
    pub text: String,
    years: i16,
    months: i32,
    weeks: i32,
    days: i32,
}

impl ReviewEvery {
    /// Parses a review period.
    ///
    /// Errors: text that is not a duration, a duration with hours or smaller units, or one that
    /// is zero or negative; the message says what to write instead.
    pub fn parse(text: &str) -> Result<ReviewEvery, String> {
        let help = "write a period such as \"12 months\", \"6 weeks\" or \"1 year\"";
        let span: jiff::Span = text
            .trim()
            .parse()
            .map_err(|_| format!("`{text}` is not a review period; {help}"))?;
        let clock = span.get_hours() != 0
            || span.get_minutes() != 0
            || span.get_seconds() != 0
            || span.get_milliseconds() != 0
            || span.get_microseconds() != 0
            || span.get_nanoseconds() != 0;
        if clock || !span.is_positive() {
            return Err(format!(
                "`{text}` is not a review period of whole days or longer; {help}"
            ));
        }
        Ok(ReviewEvery {
            text: text.to_string(),
            years: span.get_years(),
            months: span.get_months(),
            weeks: span.get_weeks(),
            days: span.get_days(),
        })
    }

    /// `date` plus this period (month ends clamp: 2025-01-31 + 1 month is 2025-02-28); `None` past
    /// the year 9999.
    pub fn after(&self, date: Date) -> Option<Date> {
        let span = jiff::Span::new()
            .try_years(self.years)
            .and_then(|s| s.try_months(self.months))
            .and_then(|s| s.try_weeks(self.weeks))
            .and_then(|s| s.try_days(self.days))
            .ok()?;
        date.checked_add(span).ok()
    }
}

impl Default for ReviewEvery {
    fn default() -> Self {
        ReviewEvery::parse(DEFAULT_REVIEW_EVERY).expect("the default period parses")
    }
}

impl<'de> Deserialize<'de> for ReviewEvery {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ReviewEvery::parse(&text).map_err(de::Error::custom)
    }
}
