//! Write stage: puts a [`Site`] on disk atomically: built into a temporary directory beside the
//! output and swapped in only when every file was written, so a failed build never damages the
//! previous site.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// Writes `site` to `out`, replacing what was there. When `out` is a symlink, the directory it
/// points to is replaced and the link kept.
///
/// Errors: `out` exists but is a file, or a non-empty directory that skillbook did not build
/// (nothing is touched); any file or directory that cannot be created or renamed, naming its path.
/// On error the previous contents of `out` are left in place.
pub fn write(site: &Site, out: &Path) -> Result<(), Diagnostic> {
    let resolved = resolve_symlink(out);
    let out = resolved.as_path();
    check_replaceable(out)?;
    let parent = parent_dir(out);
    fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "cannot create directory", e))?;
    let name = out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)
        .map_err(|e| io_error(&parent, "cannot create a temporary directory", e))?;
    for (path, contents) in &site.files {
        let target = staging.path().join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, "cannot create directory", e))?;
        }
        fs::write(&target, contents).map_err(|e| io_error(&target, "cannot write file", e))?;
    }
    swap_in(staging.keep(), out, &parent, &name)
}

fn check_replaceable(out: &Path) -> Result<(), Diagnostic> {
    let Ok(meta) = fs::metadata(out) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(
            Diagnostic::file(out, "the output path exists and is not a directory")
                .with_help("choose another output directory with -o"),
        );
    }
    let empty = fs::read_dir(out)
        .map_err(|e| io_error(out, "cannot read directory", e))?
        .next()
        .is_none();
    // A non-empty directory that is not a built site is not ours to replace.
    if !empty && !crate::site::is_built_site(out) {
        return Err(Diagnostic::file(out, "the output directory is not empty and was not built by skillbook; refusing to replace it")
            .with_help("choose a new or empty directory with -o, or delete this one yourself"));
    }
    Ok(())
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
        // The new site is in place; a previous site that cannot be deleted is only clutter.
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

fn io_error(path: &Path, what: &str, error: std::io::Error) -> Diagnostic {
    Diagnostic::file(path, format!("{what}: {error}"))
}
