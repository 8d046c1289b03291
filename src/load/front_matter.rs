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
            let (message, help) = explain(block, offset, message);
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

/// A parser's message made plain, with help for the key on the line at `offset` of `block`.
///
/// TOML reads an unquoted word by its first letter (`forty45` as a misspelt `false`), so its
/// "invalid boolean" and similar messages are replaced by what is really wrong.
fn explain(block: &str, offset: usize, message: String) -> (String, String) {
    let start = block[..offset.min(block.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = block[start..].lines().next().unwrap_or("");
    let (key, value) = line
        .split_once(['=', ':'])
        .map_or(("", ""), |(k, v)| (k.trim(), v.trim()));
    let help = match key {
        "time-estimate" => "time-estimate is a whole number of minutes, e.g. `time-estimate = 45`".to_string(),
        "weight" => "weight is a whole number, lower first, e.g. `weight = 10`".to_string(),
        "updated" | "last-updated" => format!("{key} is a date, e.g. `{key} = 2024-05-01`"),
        "skills" | "prerequisites" => format!("{key} is a list, e.g. `{key} = [\"a\", \"b\"]`"),
        _ => "front matter keys: title, description, weight, level, skills, prerequisites, time-estimate, updated, extra".to_string(),
    };
    let bare = !value.is_empty()
        && !value.starts_with(['"', '\'', '[', '{'])
        && message.starts_with("invalid ")
        && !message.starts_with("invalid type");
    if bare {
        let message = format!("`{value}` is not a value TOML understands (text needs quotes)");
        return (message, help);
    }
    let message = message
        .replace("expected u32", "expected a whole number")
        .replace("expected i64", "expected a whole number");
    (message, help)
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
    fn unknown_key_is_reported_at_its_line() {
        let err = run("+++\ntitle = \"A\"\ncolour = 1\n+++\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(
            err.message.contains("unknown field `colour`"),
            "{}",
            err.message
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
        assert_eq!(
            err.help.as_deref(),
            Some("time-estimate is a whole number of minutes, e.g. `time-estimate = 45`")
        );
    }
}
