//! What skillbook may replace or delete: the manifest that marks a site it built, the folders it
//! refuses outright, the files of a site it did not write (kept on rebuild, left by `clean`) and
//! the staging folders of earlier runs that were killed.
//!
//! A site is skillbook's only when it holds [`MANIFEST`], a JSON file naming the generator and
//! every file the build wrote. Nothing else (not `toc.js`, not `.nojekyll`) marks a site as ours,
//! except once, for a site built before manifests existed: see [`Existing::Legacy`].

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;

/// The manifest's file name at the root of every site skillbook writes.
pub const MANIFEST: &str = ".skillbook-manifest.json";

/// The generator name written in every manifest.
const GENERATOR: &str = "skillbook";

/// The contents of [`MANIFEST`]: who wrote the site and which files (`/`-separated paths
/// relative to the site root, the manifest itself excluded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `skillbook`.
    pub generator: String,
    /// The skillbook version that wrote the site.
    pub version: String,
    /// Every file the build wrote.
    pub files: Vec<String>,
}

impl Manifest {
    /// The manifest of a build writing `files`.
    pub fn new<'a>(files: impl IntoIterator<Item = &'a String>) -> Self {
        Manifest {
            generator: GENERATOR.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            files: files.into_iter().cloned().collect(),
        }
    }

    /// The manifest in directory `dir`, if there is one that skillbook wrote.
    pub fn read(dir: &Path) -> Option<Manifest> {
        let path = dir.join(MANIFEST);
        let meta = fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > 256 << 20 {
            return None;
        }
        let mut manifest: Manifest = serde_json::from_slice(&fs::read(path).ok()?).ok()?;
        // Only paths a build can write count: a hand-edited entry such as `../x` or `/x` must
        // never lead `clean` outside the site.
        manifest.files.retain(|f| is_site_path(f));
        manifest.files.sort();
        (manifest.generator == GENERATOR).then_some(manifest)
    }

    /// The manifest as JSON bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}

/// What is at an output path before a build or `clean`.
#[derive(Debug)]
pub enum Existing {
    /// Nothing.
    Missing,
    /// An empty directory.
    Empty,
    /// A site skillbook built: its manifest.
    Built(Manifest),
    /// A site built by skillbook 0.1 before manifests existed (it has `toc.js` and `.nojekyll`
    /// and no manifest). Accepted as skillbook's, except its top-level hidden entries other than
    /// `.nojekyll` (such as `.git`), which that version never wrote.
    Legacy,
    /// A directory holding only `.git` (a folder or, in a Git worktree, a file): a fresh
    /// checkout of a publishing branch such as `gh-pages`. Built into, keeping `.git`.
    Repository,
    /// A directory that skillbook did not build.
    Foreign,
}

/// Looks at `out` (a symlink is followed).
///
/// Errors: `out` exists but is not a directory, or cannot be read.
pub fn inspect(out: &Path) -> Result<Existing, Diagnostic> {
    let Ok(meta) = fs::metadata(out) else {
        return Ok(Existing::Missing);
    };
    if !meta.is_dir() {
        return Err(
            Diagnostic::file(out, "the output path exists and is not a directory")
                .with_help("choose another output directory with -o"),
        );
    }
    if let Some(manifest) = Manifest::read(out) {
        return Ok(Existing::Built(manifest));
    }
    // The first two names tell an empty folder and one holding only `.git` apart.
    let names: Vec<_> = fs::read_dir(out)
        .map_err(|e| io_error(out, "cannot read directory", e))?
        .take(2)
        .map(|e| e.map(|e| e.file_name()))
        .collect::<Result<_, _>>()
        .map_err(|e| io_error(out, "cannot read directory", e))?;
    let is_file = |name: &str| fs::symlink_metadata(out.join(name)).is_ok_and(|m| m.is_file());
    Ok(match names.as_slice() {
        [] => Existing::Empty,
        [only] if only == ".git" => Existing::Repository,
        _ if is_file("toc.js") && is_file(".nojekyll") => Existing::Legacy,
        _ => Existing::Foreign,
    })
}

impl Existing {
    /// Whether skillbook wrote the file at `/`-separated `path` of this site (a directory:
    /// whether it wrote anything inside it).
    fn wrote(&self, path: &str, dirs: &HashSet<&str>) -> bool {
        match self {
            Existing::Built(manifest) => {
                dirs.contains(path) || manifest.files.binary_search(&path.to_string()).is_ok()
            }
            Existing::Legacy => {
                let top = path.split('/').next().unwrap_or(path);
                !top.starts_with('.') || top == ".nojekyll"
            }
            _ => false,
        }
    }
}

/// Refuses an output directory whose replacement or deletion would destroy more than a site:
/// the current directory or one of its ancestors (the file system root included), the home
/// directory, or the handbook `root` or one of its ancestors.
///
/// Errors: one of those, naming `out` and saying which.
pub fn guard(out: &Path, root: Option<&Path>) -> Result<(), Diagnostic> {
    let out_abs = canonical(out);
    if let Some(root) = root {
        if canonical(root).starts_with(&out_abs) {
            return Err(Diagnostic::file(
                out,
                "the output directory contains the handbook; building there would replace its sources",
            )
            .with_help("choose another output directory, e.g. `-o site`"));
        }
    }
    let refused = if out_abs.parent().is_none() {
        Some("the file system root")
    } else if home().is_some_and(|home| canonical(&home) == out_abs) {
        Some("your home directory")
    } else if std::env::current_dir().is_ok_and(|cwd| canonical(&cwd).starts_with(&out_abs)) {
        Some("the current directory or one of its parents")
    } else {
        None
    };
    match refused {
        Some(what) => Err(Diagnostic::file(
            out,
            format!("the output directory is {what}; refusing to replace or delete it"),
        )
        .with_help("choose a directory of its own for the site, e.g. `-o site`")),
        None => Ok(()),
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

fn canonical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute.canonicalize().unwrap_or(absolute)
}

/// Every directory that holds a file of `files` (`a/b/c.html` → `a`, `a/b`).
fn parent_dirs(files: &[String]) -> HashSet<&str> {
    let mut dirs = HashSet::new();
    for file in files {
        let mut end = file.len();
        while let Some(slash) = file[..end].rfind('/') {
            if !dirs.insert(&file[..slash]) {
                break;
            }
            end = slash;
        }
    }
    dirs
}

/// Brings every file and folder of the previous site `old` that skillbook did not write into
/// `fresh` (the new site, not yet in place): hard links where the file system allows (copies
/// otherwise), symbolic links recreated. `old` is only read. Returns the kept paths.
///
/// Errors: a kept path that the new build also writes (nothing is kept; the message names them),
/// a file that is neither regular, a directory nor a symbolic link, or IO failures.
pub fn keep_foreign(
    old: &Path,
    existing: &Existing,
    fresh: &Path,
) -> Result<Vec<String>, Diagnostic> {
    let files = match existing {
        Existing::Built(manifest) => manifest.files.as_slice(),
        Existing::Legacy | Existing::Repository => &[],
        _ => return Ok(Vec::new()),
    };
    let dirs = parent_dirs(files);
    let mut keep = Keep {
        existing,
        dirs,
        kept: Vec::new(),
        clashes: Vec::new(),
    };
    keep.dir(old, "", fresh)?;
    if !keep.clashes.is_empty() {
        let count = keep.clashes.len();
        return Err(Diagnostic::file(
            old,
            format!(
                "{} in the output directory {} not written by skillbook, and the new build writes {} too; refusing to replace {}",
                crate::diagnostics::some_of(&keep.clashes, 5),
                if count == 1 { "was" } else { "were" },
                if count == 1 { "that path" } else { "those paths" },
                if count == 1 { "it" } else { "them" },
            ),
        )
        .with_help("move or rename them, then build again"));
    }
    Ok(keep.kept)
}

struct Keep<'a> {
    existing: &'a Existing,
    dirs: HashSet<&'a str>,
    kept: Vec<String>,
    clashes: Vec<String>,
}

impl Keep<'_> {
    /// Walks directory `rel` of the old site `old`, keeping what skillbook did not write.
    fn dir(&mut self, old: &Path, rel: &str, fresh: &Path) -> Result<(), Diagnostic> {
        let dir = old.join(rel);
        let mut entries: Vec<fs::DirEntry> = fs::read_dir(&dir)
            .map_err(|e| io_error(&dir, "cannot read directory", e))?
            .collect::<Result<_, _>>()
            .map_err(|e| io_error(&dir, "cannot read directory", e))?;
        entries.sort_by_key(fs::DirEntry::file_name);
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if path == MANIFEST {
                continue;
            }
            let kind = entry
                .file_type()
                .map_err(|e| io_error(&entry.path(), "cannot read", e))?;
            if self.existing.wrote(&path, &self.dirs) {
                if kind.is_dir() {
                    self.dir(old, &path, fresh)?;
                }
                continue;
            }
            let clashes = self.clashes.len();
            self.copy(&entry.path(), &path, &fresh.join(&path))?;
            if self.clashes.len() == clashes {
                self.kept.push(path);
            }
        }
        Ok(())
    }

    /// Puts the foreign entry `from` (at `rel`) at `to` in the new site, recursively.
    fn copy(&mut self, from: &Path, rel: &str, to: &Path) -> Result<(), Diagnostic> {
        let meta = fs::symlink_metadata(from).map_err(|e| io_error(from, "cannot read", e))?;
        let taken = fs::symlink_metadata(to).ok();
        if meta.is_dir() {
            match taken {
                Some(t) if !t.is_dir() => {
                    self.clashes.push(rel.to_string());
                    return Ok(());
                }
                Some(_) => {}
                None => {
                    fs::create_dir(to).map_err(|e| io_error(to, "cannot create directory", e))?
                }
            }
            let mut entries: Vec<PathBuf> = fs::read_dir(from)
                .map_err(|e| io_error(from, "cannot read directory", e))?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<_, _>>()
                .map_err(|e| io_error(from, "cannot read directory", e))?;
            entries.sort();
            for child in entries {
                let name = child
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                self.copy(&child, &format!("{rel}/{name}"), &to.join(&name))?;
            }
            return Ok(());
        }
        if taken.is_some() {
            self.clashes.push(rel.to_string());
            return Ok(());
        }
        if meta.file_type().is_symlink() {
            let target = fs::read_link(from).map_err(|e| io_error(from, "cannot read link", e))?;
            symlink(&target, to).map_err(|e| io_error(to, "cannot create link", e))?;
        } else if meta.is_file() {
            if fs::hard_link(from, to).is_err() {
                fs::copy(from, to).map_err(|e| {
                    io_error(to, "cannot copy a file kept from the previous site", e)
                })?;
            }
        } else {
            return Err(Diagnostic::file(
                from,
                "cannot keep this entry of the previous site: it is not a file, a directory or a symbolic link",
            )
            .with_help("move it out of the output directory, then build again"));
        }
        Ok(())
    }
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other(format!(
        "symbolic links cannot be kept on this system ({})",
        link.display()
    )))
}

/// Removes what earlier runs writing to `out` left beside it when they were killed: folders
/// named `.OUT.new-XXXXXX` or `.OUT.old-XXXXXX` (OUT being `out`'s name, XXXXXX six letters or
/// digits, as the write stage names them) holding a skillbook manifest. A previous site moved aside (`old`) is moved back when `out` is missing
/// (the run was killed between the two renames of the swap) and deleted otherwise. Folders
/// without a manifest are never touched. Returns the paths removed or restored; failures are
/// left for the next run.
pub fn remove_stale(parent: &Path, name: &str, out: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut stale: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name
            .strip_prefix('.')
            .and_then(|hidden| hidden.strip_prefix(name))
        else {
            continue;
        };
        let old = is_staging_suffix(rest, ".old-");
        let ours = (old || is_staging_suffix(rest, ".new-"))
            && entry.file_type().is_ok_and(|t| t.is_dir())
            && Manifest::read(&entry.path()).is_some();
        if ours {
            stale.push((entry.path(), old));
        }
    }
    // Restore before deleting: the staging folder of the same run may hold the only other links.
    stale.sort_by_key(|(_, old)| !old);
    let mut done = Vec::new();
    for (path, old) in stale {
        let restored = old && fs::symlink_metadata(out).is_err() && fs::rename(&path, out).is_ok();
        if restored || fs::remove_dir_all(&path).is_ok() {
            done.push(path);
        }
    }
    done
}

/// Whether `path` is one a build writes: relative, `/`-separated, without `.`, `..` or empty
/// parts.
fn is_site_path(path: &str) -> bool {
    crate::paths::normalize(path).is_some_and(|p| !p.is_empty() && p == path)
}

/// Whether every folder between `out` and its file `rel` (a [`is_site_path`] path) is a real
/// folder, not a symbolic link that would lead a deletion outside `out`.
fn no_links_above(out: &Path, rel: &str) -> bool {
    let mut dir = out.to_path_buf();
    let parents = rel.split('/').collect::<Vec<_>>();
    parents[..parents.len() - 1].iter().all(|part| {
        dir.push(part);
        fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir())
    })
}

/// Whether `rest` is `kind` followed by the random part of a staging folder's name as the write
/// stage makes it (six letters or digits): a folder the user named `site.new-layout` is theirs.
fn is_staging_suffix(rest: &str, kind: &str) -> bool {
    rest.strip_prefix(kind).is_some_and(|random| {
        random.len() == STAGING_RANDOM_LEN && random.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// Length of the random part of a staging folder's name (`.OUT.new-XXXXXX`).
pub(crate) const STAGING_RANDOM_LEN: usize = 6;

/// What `clean` did.
#[derive(Debug, Default, PartialEq)]
pub struct Cleaned {
    /// Number of files deleted.
    pub deleted: usize,
    /// Top-level entries left because skillbook did not write them (`/`-separated paths).
    pub kept: Vec<String>,
}

/// Deletes the site in `out`: the files its manifest lists, the manifest, then every folder
/// left empty, `out` included; files skillbook did not write stay, with their folders.
///
/// Errors: `out` is refused by [`guard`], is not a directory, or holds no skillbook site (nothing
/// is deleted); a file that cannot be deleted.
pub fn clean(out: &Path) -> Result<Cleaned, Diagnostic> {
    guard(out, None)?;
    let existing = inspect(out)?;
    let files: Vec<String> = match &existing {
        Existing::Missing => return Ok(Cleaned::default()),
        Existing::Built(manifest) => manifest.files.clone(),
        Existing::Legacy => legacy_files(out),
        Existing::Empty | Existing::Repository | Existing::Foreign => {
            return Err(Diagnostic::file(
                out,
                format!("not a skillbook site (it has no {MANIFEST}); not deleting it"),
            )
            .with_help("delete it by hand if you are sure"));
        }
    };
    let mut cleaned = Cleaned::default();
    for file in files.iter().map(String::as_str).chain([MANIFEST]) {
        let path = out.join(file);
        match fs::symlink_metadata(&path) {
            Ok(meta) if !meta.is_dir() && no_links_above(out, file) => {
                fs::remove_file(&path).map_err(|e| io_error(&path, "cannot delete", e))?;
                cleaned.deleted += 1;
            }
            _ => {}
        }
    }
    let mut dirs: Vec<&str> = parent_dirs(&files).into_iter().collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.len()));
    for dir in dirs {
        let _ = fs::remove_dir(out.join(dir)); // only succeeds when empty
    }
    if fs::remove_dir(out).is_err() {
        if let Ok(entries) = fs::read_dir(out) {
            cleaned.kept = entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            cleaned.kept.sort();
        }
    }
    Ok(cleaned)
}

/// Every file of a legacy site that skillbook 0.1 wrote (see [`Existing::Legacy`]).
fn legacy_files(out: &Path) -> Vec<String> {
    walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() > 1 || !name.starts_with('.') || name == ".nojekyll"
        })
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(out).ok()?;
            Some(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        })
        .collect()
}

fn io_error(path: &Path, what: &str, error: std::io::Error) -> Diagnostic {
    Diagnostic::file(path, format!("{what}: {error}"))
}

/// Whether `dir` is a site skillbook built (the output of an earlier build, never content): it
/// holds skillbook's manifest, or it is a site built before manifests existed (see
/// [`Existing`]).
pub fn is_built_site(dir: &Path) -> bool {
    matches!(inspect(dir), Ok(Existing::Built(_) | Existing::Legacy))
}
