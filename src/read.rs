//! Reading one file: only regular files (a FIFO or device is never opened, so reading cannot
//! hang), at most 1 GiB, text as UTF-8 without a byte-order mark, the path in every error.

use std::io::Read;
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Largest file read, in bytes: anything bigger is refused rather than loaded into memory.
const MAX_FILE: u64 = 1 << 30;

/// Reads the regular file `path` (a symbolic link is followed) in full.
///
/// Errors, each naming `path`: it is missing or unreadable, it is not a regular file (a FIFO,
/// socket, device or directory: never opened, so reading can never hang), or it is over 1 GiB.
pub fn read_file(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let error = |what: String| Diagnostic::file(path, what);
    let meta = std::fs::metadata(path).map_err(|e| error(format!("cannot read file: {e}")))?;
    if !meta.is_file() {
        return Err(error(format!(
            "cannot read file: it is {}, not a regular file",
            kind(&meta)
        ))
        .with_help("chapters, configuration and quiz files must be ordinary files"));
    }
    let mut file = open_nonblocking(path).map_err(|e| error(format!("cannot read file: {e}")))?;
    // Checked again on the open handle: the path may have been replaced in between.
    let meta = file
        .metadata()
        .map_err(|e| error(format!("cannot read file: {e}")))?;
    if !meta.is_file() {
        return Err(error(format!(
            "cannot read file: it is {}, not a regular file",
            kind(&meta)
        )));
    }
    if meta.len() > MAX_FILE {
        return Err(error(format!(
            "cannot read file: it is larger than {} bytes",
            MAX_FILE
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)
        .map_err(|e| error(format!("cannot read file: {e}")))?;
    Ok(bytes)
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Reads `path` as UTF-8 text with any byte-order mark removed, through [`read_file`].
///
/// Errors: those of [`read_file`]; text that is not UTF-8, at the first bad byte.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = read_file(path)?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Diagnostic::error(path, &text, valid, "file is not valid UTF-8")
            .with_help("save the file as UTF-8")
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// Refuses to read `path` when it is a symbolic link leading outside the handbook `root`: its
/// text would be shown in diagnostics.
///
/// Errors: the link, naming `path`.
pub(super) fn refuse_outside(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    if !path.is_symlink() || canonical(path).starts_with(canonical(root)) {
        return Ok(());
    }
    Err(
        Diagnostic::file(path, "symbolic link leads outside the handbook; not read")
            .with_help("replace the link with the file itself"),
    )
}
