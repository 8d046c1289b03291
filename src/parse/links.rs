//! Link and image destinations resolved against the handbook: another chapter (with its
//! anchor checked later), an anchor on the page, a file under the source directory, or an
//! external URL kept as written.

use std::ops::Range;

use super::chapter::ChapterParser;
use super::{ChapterLink, Target};
use crate::paths;

impl ChapterParser<'_> {
    pub(super) fn resolve(&mut self, dest: &str, range: &Range<usize>) -> Target {
        match self.try_resolve(dest) {
            Ok(target) => {
                if let Target::Chapter {
                    chapter,
                    fragment: Some(fragment),
                } = &target
                {
                    self.out.links.push(ChapterLink {
                        chapter: *chapter,
                        fragment: fragment.clone(),
                        span: self.span(range),
                    });
                }
                if let Target::Anchor(fragment) = &target {
                    self.out.links.push(ChapterLink {
                        chapter: self.index,
                        fragment: fragment.clone(),
                        span: self.span(range),
                    });
                }
                target
            }
            Err((message, help)) => {
                self.error(self.span(range), message, &help);
                Target::External(dest.to_string())
            }
        }
    }

    pub(super) fn try_resolve(&self, dest: &str) -> Result<Target, (String, String)> {
        if dest.is_empty() || paths::is_external(dest) {
            return Ok(Target::External(dest.to_string()));
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(paths::decode(f)).filter(|f| !f.is_empty())),
            None => (dest, None),
        };
        if path.is_empty() {
            return Ok(fragment.map_or(Target::External(dest.to_string()), Target::Anchor));
        }
        let decoded = paths::decode(path);
        let Some(normalized) = paths::join(&self.chapter.path, &decoded) else {
            return Err((
                format!("broken link: `{dest}` points outside the source directory"),
                "link to a file inside the handbook's source directory".into(),
            ));
        };
        if let Some(&chapter) = self.context.chapters.get(normalized.as_str()) {
            return Ok(Target::Chapter { chapter, fragment });
        }
        if paths::is_markdown(&normalized) {
            let exists = self.context.book.src_dir.join(&normalized).is_file();
            let help = if exists {
                "the file exists but is not in SUMMARY.md; add it there"
            } else {
                "check the file name; chapter links are relative to the chapter's own directory"
            };
            return Err((
                format!("broken link: chapter `{decoded}` does not exist"),
                help.to_string(),
            ));
        }
        if self.context.assets.contains(normalized.as_str()) {
            return Ok(Target::Asset {
                path: normalized,
                fragment,
            });
        }
        let landing = self
            .context
            .landings
            .get(normalized.trim_end_matches('/'))
            .copied();
        match landing {
            Some(chapter) => Ok(Target::Chapter { chapter, fragment }),
            None => Err((
                format!("broken link: `{decoded}` does not exist"),
                "link to a chapter (.md) or a file under the source directory".into(),
            )),
        }
    }
}
