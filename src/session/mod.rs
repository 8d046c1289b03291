//! A rebuild session: the library side of `skillbook serve`. It keeps the last good build in
//! memory and, given the files that changed, rebuilds only what each kind of change affects
//! (see [`ChangeKind`]); a failed or panicking rebuild keeps the last good site.
//!
//! The dependency model is explicit and small: a chapter's page, print section and search
//! records depend on its own source and on the shared inputs (config, SUMMARY.md, theme, every
//! chapter's title, place and front matter). A body edit that leaves the shared inputs alone
//! re-parses, re-renders and re-indexes that chapter only, and takes from the last site every
//! page shared by the book whose inputs it left alone (`render::Reads`); an asset edit
//! replaces that file's bytes; every other change runs the whole pipeline. Tests compare every
//! path with a clean build.

mod changes;

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

pub use changes::{is_editor_noise, Change, ChangeKind};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::LoadOptions;
use crate::render::Renderer;
use crate::site::Site;
use crate::Built;

/// How a rebuild went about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// The whole pipeline ran.
    Full,
    /// Only these many chapters were parsed, rendered and indexed again.
    Chapters(usize),
    /// Only copied files' bytes were replaced.
    Assets,
    /// No change touched anything a build reads; the site is unchanged.
    Nothing,
}

/// A successful build or rebuild.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// The changes, classified (empty for the first build).
    pub changes: Vec<Change>,
    /// What was redone.
    pub strategy: Strategy,
    /// Site paths whose bytes differ from the previous good site (added, changed or removed).
    pub changed: BTreeSet<String>,
    /// Warnings and notes of the rebuilt part.
    pub warnings: Diagnostics,
    /// Wall time of the rebuild, in milliseconds.
    pub ms: u128,
}

/// The last good build and what is reused from it (its site is moved out to [`Session::site`]).
struct Good {
    built: Built,
    /// Compiled templates and sidebar, reused while [`Renderer::sidebar_key`] stays equal.
    renderer: Option<(Renderer, Vec<(usize, usize)>)>,
}

/// A rebuild session over one handbook.
pub struct Session {
    options: LoadOptions,
    /// The handbook root, absolute.
    root: PathBuf,
    good: Option<Good>,
    /// Files changed since the last good build whose rebuild failed: classified again, with the
    /// next change, against the last good build.
    pending: Vec<PathBuf>,
    /// The search index's per-chapter work, kept even across failed builds.
    search: crate::search::Cache,
    site: Arc<Site>,
}

impl Session {
    /// A session building `options` (its `output` is never written). Nothing is built until
    /// [`Session::build`] or [`Session::rebuild`].
    pub fn new(options: LoadOptions) -> Session {
        Session {
            root: changes::absolute(&options.root),
            options,
            good: None,
            pending: Vec::new(),
            search: crate::search::Cache::default(),
            site: Arc::new(Site::default()),
        }
    }

    /// The last good site, search index included (empty before the first good build).
    pub fn site(&self) -> Arc<Site> {
        Arc::clone(&self.site)
    }

    /// Whether a build has succeeded yet.
    pub fn has_site(&self) -> bool {
        self.good.is_some()
    }

    /// Runs the whole pipeline.
    ///
    /// Errors: the build's diagnostics; a panic inside the pipeline becomes one diagnostic
    /// saying so. Either way the last good site is kept.
    pub fn build(&mut self) -> Result<Rebuilt, Diagnostics> {
        let start = Instant::now();
        guarded(|| self.full(start, Vec::new())).unwrap_or_else(|panic| self.forget(panic))
    }

    /// Classifies `paths` (as a watcher reports them; relative paths are taken from the current
    /// directory) against the last good build; paths no build reads are left out.
    pub fn classify(&self, paths: &[PathBuf]) -> Vec<Change> {
        let mut out: Vec<Change> = paths
            .iter()
            .map(|p| changes::absolute(p))
            .filter_map(|path| match &self.good {
                Some(good) => changes::classify(&good.built.book, &self.root, path),
                None => Some(Change {
                    kind: ChangeKind::Created,
                    path,
                    edit: None,
                }),
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Rebuilds after `paths` changed: only the changed chapters when every change is a chapter
    /// body edit, only the changed files when every change is an asset, the whole pipeline
    /// otherwise (and always when no build has succeeded yet).
    ///
    /// Errors: as [`Session::build`]; the last good site is kept and the next rebuild starts from
    /// it (after a panic, from scratch).
    pub fn rebuild(&mut self, paths: &[PathBuf]) -> Result<Rebuilt, Diagnostics> {
        let start = Instant::now();
        // Changes whose rebuild failed are not in the last good build yet: they count again.
        let mut paths_now = std::mem::take(&mut self.pending);
        paths_now.extend_from_slice(paths);
        let changes = self.classify(&paths_now);
        if changes.is_empty() && self.good.is_some() {
            return Ok(Rebuilt {
                changes,
                strategy: Strategy::Nothing,
                changed: BTreeSet::new(),
                warnings: Diagnostics::default(),
                ms: start.elapsed().as_millis(),
            });
        }
        let local = self.good.is_some() && changes.iter().all(|c| c.kind.is_local());
        let result = guarded(|| {
            if !local {
                return self.full(start, changes);
            }
            if changes.iter().all(|c| c.kind == ChangeKind::Asset) {
                return self.assets(start, changes);
            }
            if changes.iter().all(|c| c.kind == ChangeKind::Body) {
                return self.chapters(start, changes);
            }
            self.full(start, changes)
        })
        .unwrap_or_else(|panic| self.forget(panic));
        if result.is_err() {
            self.pending = paths_now;
            self.pending.sort();
            self.pending.dedup();
        }
        result
    }

    /// After a panic: drops every cache, so the next rebuild starts from scratch.
    fn forget(&mut self, panic: String) -> Result<Rebuilt, Diagnostics> {
        self.good = None;
        self.search = crate::search::Cache::default();
        Err(Diagnostics::from(Diagnostic::general(format!(
            "internal error while building: {panic}"
        ))
        .with_help("this is a bug in skillbook; the last good site is still served and the next save rebuilds from scratch")))
    }

    fn full(&mut self, start: Instant, changes: Vec<Change>) -> Result<Rebuilt, Diagnostics> {
        fail_point();
        let cache = &mut self.search;
        let (mut built, index) = crate::build_and_index(&self.options, |book, chapters| {
            crate::search_index(book, chapters, Some(cache))
        })?;
        let warnings = built.warnings.clone();
        // The site moves out to be served; the rest is kept for the next incremental rebuild.
        let mut site = std::mem::take(&mut built.site);
        crate::add_index(&mut site, index);
        let renderer = built
            .renderer
            .take()
            .map(|r| (r, Renderer::sidebar_key(&built.chapters)));
        self.good = Some(Good { built, renderer });
        Ok(self.publish(site, start, changes, Strategy::Full, warnings))
    }

    fn assets(&mut self, start: Instant, changes: Vec<Change>) -> Result<Rebuilt, Diagnostics> {
        let Some(good) = self.good.as_mut() else {
            return self.full(start, changes);
        };
        let mut site = (*self.site).clone();
        let src = changes::absolute(&good.built.book.src_dir);
        for change in &changes {
            let bytes = crate::site::Bytes::from(
                crate::load::read_file(&change.path).map_err(Diagnostics::from)?,
            );
            let rel = change.path.strip_prefix(&src).unwrap_or(&change.path);
            let rel = rel.to_string_lossy().replace('\\', "/");
            if let Some(asset) = good.built.book.assets.iter_mut().find(|(p, _)| *p == rel) {
                asset.1.clone_from(&bytes);
            }
            site.insert(rel, bytes);
        }
        Ok(self.publish(
            site,
            start,
            changes,
            Strategy::Assets,
            Diagnostics::default(),
        ))
    }

    fn chapters(&mut self, start: Instant, changes: Vec<Change>) -> Result<Rebuilt, Diagnostics> {
        let Some(good) = self.good.as_mut() else {
            return self.full(start, changes);
        };
        fail_point();
        let (mut site, warnings) =
            incremental::rebuild(good, &self.site, &changes, self.options.strict)?;
        let built = &good.built;
        crate::add_index(
            &mut site,
            crate::search_index(&built.book, &built.chapters, Some(&mut self.search)),
        );
        let count = changes.len();
        Ok(self.publish(site, start, changes, Strategy::Chapters(count), warnings))
    }

    fn publish(
        &mut self,
        site: Site,
        start: Instant,
        changes: Vec<Change>,
        strategy: Strategy,
        warnings: Diagnostics,
    ) -> Rebuilt {
        let changed = changed_paths(&self.site, &site);
        self.site = Arc::new(site);
        Rebuilt {
            changes,
            strategy,
            changed,
            warnings,
            ms: start.elapsed().as_millis(),
        }
    }
}

mod incremental;

/// Runs `f`, turning a panic into its message.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string())
    })
}

/// Site paths added, changed or removed between two sites.
fn changed_paths(old: &Site, new: &Site) -> BTreeSet<String> {
    let mut changed: BTreeSet<String> = new
        .files
        .iter()
        .filter(|(p, b)| {
            // A file kept from the last build is the very same buffer: not compared byte by byte.
            old.files
                .get(*p)
                .is_none_or(|a| !crate::site::same_buffer(a, b) && a != *b)
        })
        .map(|(p, _)| p.clone())
        .collect();
    changed.extend(
        old.files
            .keys()
            .filter(|p| !new.files.contains_key(*p))
            .cloned(),
    );
    changed
}

#[cfg(test)]
thread_local! {
    /// Makes the next build on this thread panic (tests of the panic guard).
    static PANIC_NEXT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Panics when a test asked for it; nothing otherwise.
fn fail_point() {
    #[cfg(test)]
    if PANIC_NEXT.with(|p| p.replace(false)) {
        panic!("injected failure");
    }
}

#[cfg(test)]
mod tests;
