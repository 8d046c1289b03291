//! Write stage: puts a [`Site`] on disk atomically: built into a temporary directory beside the
//! output and swapped in only when every file was written, so a failed build never damages the
//! previous site.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// Writes `site` to `out`, replacing what was there.
///
/// Errors: any file or directory that cannot be created, renamed or removed, naming its path.
/// On error the previous contents of `out` are left in place.
pub fn write(site: &Site, out: &Path) -> Result<(), Diagnostic> {
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
        fs::remove_dir_all(&old)
            .map_err(|e| io_error(&old, "cannot remove the previous site", e))?;
    }
    Ok(())
}

fn io_error(path: &Path, what: &str, error: std::io::Error) -> Diagnostic {
    Diagnostic::file(path, format!("{what}: {error}"))
}
