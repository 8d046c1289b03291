//! Link and image destinations resolved against the handbook: another chapter (with its
//! anchor checked later), an anchor on the page, a file under the source directory, or an
//! external URL kept as written.

use std::ops::Range;

use super::chapter::ChapterParser;
use super::{ChapterLink, Target};
use crate::paths;

impl ChapterParser<'_> {
    /// The target of link or image destination `dest` written at `range` of the body; a broken
    /// one is reported and kept as written.
    pub(super) fn resolve(&mut self, dest: &str, range: &Range<usize>) -> Target {
        self.resolve_checked(dest, range)
            .unwrap_or_else(|| Target::External(dest.to_string()))
    }

    /// [`Self::resolve`], with `None` for a destination that was reported as broken or leading
    /// out of the book. Anchors (on this page or another chapter's) are recorded for checking.
    pub(super) fn resolve_checked(&mut self, dest: &str, range: &Range<usize>) -> Option<Target> {
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
                        span: range.clone(),
                    });
                }
                if let Target::Anchor(fragment) = &target {
                    self.out.links.push(ChapterLink {
                        chapter: self.index,
                        fragment: fragment.clone(),
                        span: range.clone(),
                    });
                }
                Some(target)
            }
            Err(Broken::Link(message, help)) => {
                self.link_error(range.clone(), message, &help);
                None
            }
            Err(Broken::Outside) => {
                let message = match self.outside_address(dest) {
                    Some(address) => format!("`{dest}` leads out of the book (to {address}); it is kept as written and not checked"),
                    None => format!("`{dest}` leads out of the book's source directory; it is kept as written and not checked"),
                };
                let note = super::chapter::located(self.chapter, range.clone(), message).note();
                self.diagnostics.push(note);
                None
            }
        }
    }

    pub(super) fn try_resolve(&self, dest: &str) -> Result<Target, Broken> {
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
            return Err(Broken::Outside);
        };
        if let Some(&chapter) = self.context.chapters.get(normalized.as_str()) {
            return Ok(Target::Chapter { chapter, fragment });
        }
        // mdBook authors link to the built page: `x.html`, `dir/index.html`.
        if let Some(&chapter) = self.context.pages.get(normalized.as_str()) {
            return Ok(Target::Chapter { chapter, fragment });
        }
        if paths::is_markdown(&normalized) {
            let exists = self.context.book.markdown_files.contains(&normalized);
            let help = if exists {
                "the file exists but is not in SUMMARY.md; add it there"
            } else {
                "check the file name; chapter links are relative to the chapter's own directory"
            };
            return Err(Broken::Link(
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
            None if self.generated(&normalized) => Ok(Target::Asset {
                path: normalized,
                fragment,
            }),
            None if normalized.ends_with(".html") => Err(Broken::Link(
                format!("broken link: no chapter becomes `{decoded}`"),
                "link to a chapter's page (`x.html` for x.md) or to the chapter file itself".into(),
            )),
            None => Err(Broken::Link(
                format!("broken link: `{decoded}` does not exist"),
                "link to a chapter (.md) or a file under the source directory".into(),
            )),
        }
    }
}

impl ChapterParser<'_> {
    /// Whether the build writes site path `path` itself: a generated page or file
    /// (`print.html`, `checklists.html`, `toc.js`…) or a file of the theme's `assets/`.
    fn generated(&self, path: &str) -> bool {
        let theme = &self.context.book.theme;
        crate::site::GENERATED.contains(&path)
            || (path.starts_with("assets/") && theme.files.contains_key(path))
    }
}

/// Why a link does not resolve.
pub(super) enum Broken {
    /// Broken: (message, help).
    Link(String, String),
    /// It climbs out of the source directory (a sibling site on the same host, as mdBook books
    /// link to `../std/index.html`): kept as written.
    Outside,
}

impl ChapterParser<'_> {
    /// The address a relative link leaving the book points to on the published host, from
    /// `base-url` (or mdBook's `site-url`): `../std/` from `ch.html` under `/book/` is `/std/`.
    fn outside_address(&self, dest: &str) -> Option<String> {
        let config = &self.context.book.config;
        if config.base_url.is_none() && config.site_path.is_none() {
            return None;
        }
        let page = self.chapter.html_path();
        let base = config.site_path();
        let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
        parts.extend(paths::dir_of(&page).split('/').filter(|p| !p.is_empty()));
        for segment in dest.split('/') {
            match segment {
                "." | "" => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        let path = format!("/{}", parts.join("/"));
        let origin = config.base_url_with_slash().map(|u| {
            let scheme_end = u.find("://").map_or(0, |i| i + 3);
            u[..u[scheme_end..]
                .find('/')
                .map_or(u.len(), |i| scheme_end + i)]
                .to_string()
        });
        Some(format!("{}{path}", origin.unwrap_or_default()))
    }
}
