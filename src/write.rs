//! Write stage: puts a [`Site`] on disk atomically: built into a staging directory beside the
//! output and swapped in only when every file was written, so a failed build never damages the
//! previous site. What may be replaced, and what is kept, is decided by [`crate::output`].

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::output::{self, Existing, Manifest, MANIFEST};
use crate::site::Site;

/// What `write` did besides writing the site.
#[derive(Debug, Default, PartialEq)]
pub struct Written {
    /// Entries of the previous site that skillbook had not written, kept in the new one
    /// (`/`-separated paths relative to the output directory).
    pub kept: Vec<String>,
    /// Staging folders of earlier, killed runs that were removed (or a previous site moved back).
    pub stale: Vec<PathBuf>,
}

/// Writes `site` to `out`, replacing what skillbook wrote there before and keeping everything
/// else (a `.git` folder, a `CNAME` or notes added by hand). The new site, its manifest
/// ([`MANIFEST`]) first, is written into a staging directory `.OUT.new-XXXXXX` beside `out`;
/// the files skillbook did not write are hard-linked into it; then the previous site is renamed
/// aside and the new one renamed into place. When `out` is a symlink, the directory it points to
/// is replaced and the link kept.
///
/// Errors: `out` is a file or a non-empty directory that skillbook did not build (nothing is
/// touched); a file skillbook did not write at a path the new build writes; any file or
/// directory that cannot be created or renamed, naming its path. On error the previous contents
/// of `out` are left in place.
pub fn write(site: &Site, out: &Path) -> Result<Written, Diagnostic> {
    let resolved = resolve_symlink(out);
    let out = resolved.as_path();
    let existing = output::inspect(out)?;
    if let Existing::Foreign = existing {
        return Err(Diagnostic::file(out, "the output directory is not empty and was not built by skillbook; refusing to replace it")
            .with_help("choose a new or empty directory with -o, or delete this one yourself"));
    }
    let parent = parent_dir(out);
    fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "cannot create directory", e))?;
    let name = out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let stale = output::remove_stale(&parent, &name, out);
    let existing = if !stale.is_empty() {
        output::inspect(out)? // a previous site may have been moved back
    } else {
        existing
    };
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .rand_bytes(output::STAGING_RANDOM_LEN)
        .tempdir_in(&parent)
        .map_err(|e| io_error(&parent, "cannot create a temporary directory", e))?;
    // The manifest goes first: it marks the staging folder as ours if this run is killed.
    let manifest = staging.path().join(MANIFEST);
    fs::write(&manifest, Manifest::new(site.files.keys()).to_bytes())
        .map_err(|e| io_error(&manifest, "cannot write file", e))?;
    // Each folder once, then the files in parallel: creating files is most of a write.
    let folders: BTreeSet<&Path> = site
        .files
        .keys()
        .filter_map(|path| Path::new(path).parent())
        .collect();
    for folder in folders {
        let dir = staging.path().join(folder);
        fs::create_dir_all(&dir).map_err(|e| io_error(&dir, "cannot create directory", e))?;
    }
    site.files.par_iter().try_for_each(|(path, contents)| {
        let target = staging.path().join(path);
        fs::write(&target, contents).map_err(|e| io_error(&target, "cannot write file", e))
    })?;
    let kept = match existing {
        Existing::Built(_) | Existing::Legacy | Existing::Repository => {
            output::keep_foreign(out, &existing, staging.path())?
        }
        _ => Vec::new(),
    };
    swap_in(staging.keep(), out, &parent, &name)?;
    Ok(Written { kept, stale })
}

fn resolve_symlink(out: &Path) -> PathBuf {
    match fs::symlink_metadata(out) {
        Ok(meta) if meta.file_type().is_symlink() => {
            out.canonicalize().unwrap_or_else(|_| out.to_path_buf())
        }
        _ => out.to_path_buf(),
    }
}

fn parent_dir(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Renames `fresh` to `out`, moving any previous `out` aside first and deleting it afterwards.
fn swap_in(fresh: PathBuf, out: &Path, parent: &Path, name: &str) -> Result<(), Diagnostic> {
    let old = if out.exists() {
        let aside = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .rand_bytes(output::STAGING_RANDOM_LEN)
            .tempdir_in(parent)
            .map_err(|e| io_error(parent, "cannot create a temporary directory", e))?
            .keep();
        fs::remove_dir(&aside).map_err(|e| io_error(&aside, "cannot prepare directory", e))?;
        if let Err(e) = fs::rename(out, &aside) {
            let _ = fs::remove_dir_all(&fresh);
            return Err(io_error(out, "cannot move the previous site aside", e));
        }
        Some(aside)
    } else {
        None
    };
    if let Err(e) = fs::rename(&fresh, out) {
        if let Some(old) = &old {
            let _ = fs::rename(old, out);
        }
        let _ = fs::remove_dir_all(&fresh);
        return Err(io_error(out, "cannot move the new site into place", e));
    }
    if let Some(old) = old {
        // The new site is in place; a previous site that cannot be deleted is only clutter, and
        // the next run removes it.
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

fn io_error(path: &Path, what: &str, error: std::io::Error) -> Diagnostic {
    Diagnostic::file(path, format!("{what}: {error}"))
}
