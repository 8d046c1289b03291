//! Splits a chapter's front matter (TOML between `+++` lines or YAML between `---` lines) from its body.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;

/// A chapter's metadata. Every key is optional; keys are kebab-case in the file.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrontMatter {
    /// Page title; overrides the SUMMARY.md link text and the first `#` heading.
    pub title: Option<String>,
    /// One sentence: the page's meta description and its summary on the home page.
    pub description: Option<String>,
    /// Sort key in directory-walk mode (lower first, before file-name order); ignored when SUMMARY.md gives the order.
    pub weight: Option<i64>,
    /// Free-form level, e.g. `foundation`, `intermediate`, `advanced`.
    pub level: Option<String>,
    /// Skills the chapter teaches, shown as tags.
    pub skills: Vec<String>,
    /// Chapters to read first, as paths relative to the source directory (e.g. `01-intro.md`).
    pub prerequisites: Vec<String>,
    /// Minutes needed to read the chapter and do its exercises.
    pub time_estimate: Option<u32>,
    /// When the chapter last changed, `YYYY-MM-DD` (a TOML date or a string; `last-updated` is
    /// read too). Without it the date of the file's last git commit is shown, when there is one.
    #[serde(alias = "last-updated", deserialize_with = "date")]
    pub updated: Option<String>,
    /// The day the chapter's content was last checked (`last-reviewed = 2026-03-01`).
    pub last_reviewed: Option<super::review::ReviewDate>,
    /// How often this chapter should be reviewed, e.g. `"6 months"`; overrides `review-every`
    /// in `handbook.toml`.
    pub review_every: Option<super::review::ReviewEvery>,
    /// Anything else, for custom templates (`page.extra.KEY`).
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Reads `updated`: a `YYYY-MM-DD` date written as a string or as a TOML date
/// (`updated = 2024-05-01`; a date-time keeps its date).
///
/// Errors: any other value, or text that does not start with a `YYYY-MM-DD` date.
fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    use serde::de::Error;
    let text = match toml::Value::deserialize(d)? {
        toml::Value::String(s) => s,
        toml::Value::Datetime(dt) => dt.to_string(),
        other => {
            return Err(D::Error::custom(format!(
                "`updated` must be a date such as 2024-05-01, not a {}",
                other.type_str()
            )))
        }
    };
    let day = text.get(..10).unwrap_or("");
    let shape = day.bytes().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            b == b'-'
        } else {
            b.is_ascii_digit()
        }
    });
    if day.len() == 10 && shape {
        Ok(Some(day.to_string()))
    } else {
        Err(D::Error::custom(format!(
            "`{text}` is not a date: write it as YYYY-MM-DD, e.g. 2024-05-01"
        )))
    }
}

/// The result of splitting a chapter file: its metadata and the byte offset where the body starts.
#[derive(Debug)]
pub struct Split {
    /// Parsed metadata (all defaults when the file has no front matter).
    pub front_matter: FrontMatter,
    /// Byte offset of the first byte after the closing delimiter line.
    pub body_start: usize,
}

/// Where the body of `source` starts when its front matter is closed, valid or not (0 when
/// there is none or it is not closed): a chapter whose front matter has an error is still read
/// without it, so its keys are not taken for text (and reported again as such).
pub(super) fn body_start(source: &str) -> usize {
    opening(source)
        .and_then(|(delimiter, open_len)| closing(source, open_len, delimiter))
        .map_or(0, |(_, close_end)| close_end)
}

/// Splits `source` (the whole file, BOM already stripped) into front matter and body.
///
/// Errors: an unterminated block, or TOML/YAML that does not parse or has unknown keys, as a
/// diagnostic at the offending line and column of `path`.
pub fn split(path: &Path, source: &Arc<str>) -> Result<Split, Diagnostic> {
    let Some((delimiter, open_len)) = opening(source) else {
        return Ok(Split {
            front_matter: FrontMatter::default(),
            body_start: 0,
        });
    };
    let Some((close_start, close_end)) = closing(source, open_len, delimiter) else {
        return Err(Diagnostic::at(
            path,
            Arc::clone(source),
            0..delimiter.len(),
            "front matter is not closed",
        )
        .with_help(format!(
            "end the front matter with a line holding only `{delimiter}`"
        )));
    };
    let block = &source[open_len..close_start];
    if let Err((offset, message)) = check_nesting(block) {
        let at = open_len + offset;
        return Err(Diagnostic::at(path, Arc::clone(source), at..at + 1, message)
            .with_help(format!("front matter values hold at most {MAX_NESTING} levels of `[` and `{{` and {MAX_BRACKETS} of them in all; move large data into a file of its own")));
    }
    let parsed = if delimiter == "+++" {
        parse_toml(block)
    } else {
        parse_yaml(block)
    };
    match parsed {
        Ok(front_matter) => Ok(Split {
            front_matter,
            body_start: close_end,
        }),
        Err((offset, message)) => {
            let at = open_len + offset;
            let kind = if delimiter == "+++" { "TOML" } else { "YAML" };
            // The help's examples are written as the block is: `key = value` or `key: value`.
            let assign = if delimiter == "+++" { " = " } else { ": " };
            let (message, help) = explain(block, offset, message, assign);
            Err(Diagnostic::at(
                path,
                Arc::clone(source),
                at..at,
                format!("invalid {kind} front matter: {message}"),
            )
            .with_help(help))
        }
    }
}

/// Deepest nesting of `[` and `{` accepted in front matter.
pub const MAX_NESTING: usize = 64;
/// Most `[` and `{` accepted in one front matter block.
pub const MAX_BRACKETS: usize = 4096;

/// Refuses, before any parsing, front matter nested deeper than [`MAX_NESTING`] or holding more
/// than [`MAX_BRACKETS`] opening brackets: YAML flow collections cost the parser time quadratic
/// in their depth (100,000 levels took minutes). Brackets are counted everywhere, quoted or not,
/// so the count is never below the real nesting; the second bound keeps quoted closing brackets
/// from hiding real depth. Returns the offending bracket's byte offset in `block` and a message.
fn check_nesting(block: &str) -> Result<(), (usize, String)> {
    let (mut depth, mut opened) = (0usize, 0usize);
    for (offset, byte) in block.bytes().enumerate() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                opened += 1;
                if depth > MAX_NESTING {
                    let message =
                        format!("front matter is nested more than {MAX_NESTING} levels deep");
                    return Err((offset, message));
                }
                if opened > MAX_BRACKETS {
                    let message =
                        format!("front matter holds more than {MAX_BRACKETS} `[` and `{{`");
                    return Err((offset, message));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// A parser's message made plain, with help for the key on the line at `offset` of `block`,
/// whose examples write a key and its value with `assign` (TOML's ` = `, YAML's `: `).
///
/// TOML reads an unquoted word by its first letter (`forty45` as a misspelt `false`), so its
/// "invalid boolean" and similar messages are replaced by what is really wrong; only a value
/// TOML cannot read on its own is called that. A number the key cannot hold (`-5` minutes, `1.5`)
/// is named with what is wrong with it ([`number_problem`]).
fn explain(block: &str, offset: usize, message: String, assign: &str) -> (String, String) {
    let start = block[..offset.min(block.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = block[start..].lines().next().unwrap_or("");
    let (key, value) = line
        .split_once(['=', ':'])
        .map_or(("", ""), |(k, v)| (k.trim(), v.trim()));
    let help = match key {
        "time-estimate" => {
            format!("time-estimate is a whole number of minutes, e.g. `time-estimate{assign}45`")
        }
        "weight" => format!("weight is a whole number, lower first, e.g. `weight{assign}10`"),
        "updated" | "last-updated" | "last-reviewed" => {
            format!("{key} is a date, e.g. `{key}{assign}2024-05-01`")
        }
        "review-every" => {
            format!("review-every is a period, e.g. `review-every{assign}\"6 months\"`")
        }
        "skills" | "prerequisites" => {
            format!("{key} is a list, e.g. `{key}{assign}[\"a\", \"b\"]`")
        }
        _ => {
            let keys = "front matter keys: title, description, weight, level, skills, prerequisites, time-estimate, updated, last-reviewed, review-every, extra";
            crate::diagnostics::help_with_guess(&message, keys)
        }
    };
    // A date is written bare; TOML's own message about it (e.g. a day past the month's end)
    // stands. A value TOML reads on its own (`-5`) is wrong by its meaning, not its syntax.
    let bare = !value.is_empty()
        && key != "last-reviewed"
        && !value.starts_with(['"', '\'', '[', '{'])
        && message.starts_with("invalid ")
        && !message.starts_with("invalid type")
        && (assign != " = " || !is_toml_value(value));
    if bare {
        let message = format!("`{value}` is not a value TOML understands (text needs quotes)");
        return (message, help);
    }
    // YAML's messages start with the key (`time-estimate: invalid type: …`).
    let at = message.find("invalid ").unwrap_or(0);
    if let Some(problem) = number_problem(&message[at..]) {
        return (format!("{}{problem}", &message[..at]), help);
    }
    let message = message
        .replace("expected u32", "expected a whole number")
        .replace("expected i64", "expected a whole number");
    (message, help)
}

/// Whether `value`, the text after `=` on a line of TOML front matter, is a TOML value on its
/// own (`-5`, `1.5`, `true`): then an error about it is about its meaning, not its syntax.
fn is_toml_value(value: &str) -> bool {
    toml::from_str::<toml::Table>(&format!("v = {value}")).is_ok()
}

/// serde's message about a number that a whole-number key (`u32` or `i64`) cannot hold, in plain
/// words: "invalid value: integer `-5`, expected u32" becomes "`-5` is negative: expected a
/// whole number of 0 or more", and a decimal number "`1.5` is a decimal number: expected a whole
/// number". `None` for any other message.
fn number_problem(message: &str) -> Option<String> {
    let (found, expected) = message.split_once(", expected ")?;
    let (min, max): (i128, i128) = match expected {
        "u32" => (0, u32::MAX.into()),
        "i64" => (i64::MIN.into(), i64::MAX.into()),
        _ => return None,
    };
    let found = found
        .strip_prefix("invalid value: ")
        .or_else(|| found.strip_prefix("invalid type: "))?;
    if let Some(float) = found.strip_prefix("floating point `") {
        let float = float.strip_suffix('`')?;
        return Some(format!(
            "`{float}` is a decimal number: expected a whole number"
        ));
    }
    let integer = found.strip_prefix("integer `")?;
    let integer = integer.split_once('`')?.0;
    let n: i128 = integer.parse().ok()?;
    if n < min && min == 0 {
        Some(format!(
            "`{integer}` is negative: expected a whole number of 0 or more"
        ))
    } else if n < min {
        Some(format!(
            "`{integer}` is too small: expected a whole number of at least {min}"
        ))
    } else if n > max {
        Some(format!(
            "`{integer}` is too large: expected a whole number of at most {max}"
        ))
    } else {
        None
    }
}

/// Byte range of the line holding front matter key `key` (TOML `key = …` or YAML `key: …`) in
/// `front`, the front matter block as written (delimiters included); `None` if it is not there.
pub fn key_span(front: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let unquoted = trimmed.strip_prefix(key);
        let quoted = trimmed
            .strip_prefix(['"', '\''])
            .and_then(|t| t.strip_prefix(key))
            .and_then(|t| t.strip_prefix(['"', '\'']));
        if let Some(rest) = unquoted.or(quoted) {
            if rest.trim_start().starts_with(['=', ':']) {
                let start = offset + indent;
                return Some(start..offset + line.trim_end().len());
            }
        }
        offset += line.len();
    }
    None
}

/// Byte range of `value` as written under front matter key `key` in `front` (the front matter
/// block): its first occurrence at or after the key's line; the key's line if the value is not
/// found there; `None` without the key.
pub fn value_span(front: &str, key: &str, value: &str) -> Option<std::ops::Range<usize>> {
    let line = key_span(front, key)?;
    let found = front[line.start..]
        .find(value)
        .filter(|_| !value.is_empty())
        .map(|i| line.start + i..line.start + i + value.len());
    Some(found.unwrap_or(line))
}

fn opening(source: &str) -> Option<(&'static str, usize)> {
    ["+++", "---"].into_iter().find_map(|d| {
        let rest = source.strip_prefix(d)?;
        let rest_trimmed = rest.trim_start_matches([' ', '\t']);
        let skipped = rest.len() - rest_trimmed.len();
        let eol = if rest_trimmed.starts_with("\r\n") {
            2
        } else if rest_trimmed.starts_with('\n') {
            1
        } else {
            return None;
        };
        Some((d, d.len() + skipped + eol))
    })
}

/// Finds the closing delimiter line at or after `from`; returns (line start, offset after its newline).
fn closing(source: &str, from: usize, delimiter: &str) -> Option<(usize, usize)> {
    let mut start = from;
    while start <= source.len() {
        let end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i + 1);
        if source[start..end].trim_end() == delimiter {
            return Some((start, end));
        }
        if end == source.len() {
            return None;
        }
        start = end;
    }
    None
}

fn parse_toml(block: &str) -> Result<FrontMatter, (usize, String)> {
    toml::from_str(block).map_err(|e| {
        (
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )
    })
}

fn parse_yaml(block: &str) -> Result<FrontMatter, (usize, String)> {
    if block.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_norway::from_str(block).map_err(|e| {
        let offset = e.location().map_or(0, |l| l.index());
        let message = e.to_string();
        // serde_norway appends " at line N column M"; the diagnostic shows the position itself.
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        // A value rejected by its own type (a bad date or review period) is reported at the
        // start of the mapping; the message quotes the value, so point at it instead.
        let quoted = message.split('`').nth(1).filter(|q| !q.is_empty());
        let offset = match quoted.and_then(|q| block[offset..].find(q)) {
            Some(at) => offset + at,
            None => offset,
        };
        (offset, message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Split, Diagnostic> {
        split(Path::new("c.md"), &Arc::from(text))
    }

    #[test]
    fn toml_and_yaml_and_crlf() {
        let s = run("+++\r\ntitle = \"A\"\r\nskills = [\"x\"]\r\n+++\r\nbody").unwrap();
        assert_eq!(s.front_matter.title.as_deref(), Some("A"));
        assert_eq!(
            s.body_start,
            "+++\r\ntitle = \"A\"\r\nskills = [\"x\"]\r\n+++\r\n".len()
        );
        let s = run("---\ntitle: B\ntime-estimate: 5\n---\nbody").unwrap();
        assert_eq!(s.front_matter.time_estimate, Some(5));
        assert_eq!(run("no front matter").unwrap().body_start, 0);
    }

    #[test]
    fn keys_and_values_are_found_where_written() {
        let front =
            "+++\ntitle = \"prerequisites\"\nprerequisites = [\"a.md\",\n  \"b.md\"]\n+++\n";
        let line = key_span(front, "prerequisites").unwrap();
        assert!(front[line.clone()].starts_with("prerequisites = ["));
        let b = value_span(front, "prerequisites", "b.md").unwrap();
        assert_eq!(&front[b], "b.md");
        let yaml = "---\nlast-reviewed: 2026-03-01\n---\n";
        assert_eq!(
            &yaml[key_span(yaml, "last-reviewed").unwrap()],
            "last-reviewed: 2026-03-01"
        );
        assert_eq!(key_span(yaml, "review-every"), None);
    }

    #[test]
    fn review_keys_take_toml_and_yaml_dates() {
        let toml =
            run("+++\nlast-reviewed = 2026-03-01\nreview-every = \"6 months\"\n+++\n").unwrap();
        let yaml = run("---\nlast-reviewed: 2026-03-01\n---\n").unwrap();
        let date = jiff::civil::date(2026, 3, 1);
        assert_eq!(toml.front_matter.last_reviewed.map(|d| d.0), Some(date));
        assert_eq!(yaml.front_matter.last_reviewed.map(|d| d.0), Some(date));
        let err = run("+++\nlast-reviewed = 2026-03-01T10:00:00Z\n+++\n").unwrap_err();
        assert_eq!(err.position(), Some((2, 17)));
        assert!(
            err.message.contains("is not a plain date"),
            "{}",
            err.message
        );
        let err = run("---\ntitle: x\nreview-every: soon\n---\n").unwrap_err();
        assert_eq!(err.position().map(|(line, _)| line), Some(3));
        assert!(
            err.message.contains("`soon` is not a review period"),
            "{}",
            err.message
        );
    }

    #[test]
    fn unknown_key_is_reported_at_its_line() {
        let err = run("+++\ntitle = \"A\"\ncolour = 1\n+++\n").unwrap_err();
        assert_eq!(err.position(), Some((3, 1)));
        assert!(
            err.message.contains("unknown field `colour`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_misspelt_key_is_answered_with_the_key_it_is_closest_to() {
        let err = run("---\ntitel: A\n---\n").unwrap_err();
        let help = err.help.as_deref().unwrap_or_default();
        assert!(
            help.starts_with("did you mean `title`? front matter keys:"),
            "{help}"
        );
    }

    #[test]
    fn updated_from_a_toml_date_a_string_or_last_updated() {
        let date = |text: &str| run(text).map(|s| s.front_matter.updated);
        assert_eq!(
            date("+++\nupdated = 2024-05-01\n+++\n").unwrap().as_deref(),
            Some("2024-05-01")
        );
        assert_eq!(
            date("---\nlast-updated: 2024-05-02\n---\n")
                .unwrap()
                .as_deref(),
            Some("2024-05-02")
        );
        assert_eq!(
            date("+++\nupdated = \"2024-05-03T10:00:00Z\"\n+++\n")
                .unwrap()
                .as_deref(),
            Some("2024-05-03")
        );
        let err = date("+++\nupdated = \"May 1st\"\n+++\n").unwrap_err();
        assert!(
            err.message.contains("`May 1st` is not a date"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_bare_word_is_named_with_help_for_its_key() {
        let err = run("+++\ntime-estimate = forty45\n+++\n").unwrap_err();
        assert_eq!(
            err.message,
            "invalid TOML front matter: `forty45` is not a value TOML understands (text needs quotes)"
        );
        assert_eq!(
            err.help.as_deref(),
            Some("time-estimate is a whole number of minutes, e.g. `time-estimate = 45`")
        );
        let err = run("---\ntime-estimate: forty45\n---\n").unwrap_err();
        assert!(
            err.message.contains("expected a whole number"),
            "{}",
            err.message
        );
        // YAML front matter gets its help in YAML (it was given TOML's `key = value`).
        assert_eq!(
            err.help.as_deref(),
            Some("time-estimate is a whole number of minutes, e.g. `time-estimate: 45`")
        );
    }

    /// `time-estimate = -5` was reported as "`-5` is not a value TOML understands (text needs
    /// quotes)": -5 is valid TOML, only not a number of minutes. Numbers a key cannot hold are
    /// now named with what is wrong with them, in TOML and YAML alike.
    #[test]
    fn a_number_a_key_cannot_hold_was_called_a_toml_syntax_error() {
        let message = |text: &str| run(text).map(|_| ()).unwrap_err().message;
        let cases = [
            (
                "+++\ntime-estimate = -5\n+++\n",
                "invalid TOML front matter: `-5` is negative: expected a whole number of 0 or more",
            ),
            (
                "+++\ntime-estimate = 4294967296\n+++\n",
                "invalid TOML front matter: `4294967296` is too large: expected a whole number of at most 4294967295",
            ),
            (
                "+++\ntime-estimate = 1.5\n+++\n",
                "invalid TOML front matter: `1.5` is a decimal number: expected a whole number",
            ),
            (
                "+++\nweight = -2.5 # first\n+++\n",
                "invalid TOML front matter: `-2.5` is a decimal number: expected a whole number",
            ),
            (
                "+++\nweight = 99999999999999999999\n+++\n",
                "invalid TOML front matter: `99999999999999999999` is too large: expected a whole number of at most 9223372036854775807",
            ),
            (
                "---\ntime-estimate: -5\n---\n",
                "invalid YAML front matter: time-estimate: `-5` is negative: expected a whole number of 0 or more",
            ),
            (
                "+++\ntime-estimate = true\n+++\n",
                "invalid TOML front matter: invalid type: boolean `true`, expected a whole number",
            ),
            (
                "+++\nweight = forty45\n+++\n",
                "invalid TOML front matter: `forty45` is not a value TOML understands (text needs quotes)",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(message(text), expected, "{text}");
        }
        assert_eq!(
            run("+++\nweight = -5\n+++\n").unwrap().front_matter.weight,
            Some(-5)
        );
    }
}
