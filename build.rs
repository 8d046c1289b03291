//! Build script: rebuilds the crate when a file of the embedded default theme changes
//! (include_dir cannot tell cargo), and sets `SKILLBOOK_VERSION`, the text `--version` prints:
//! the crate version, plus the short commit hash when the crate is built from its own git
//! checkout (`0.1.0 (a02206b)`). Without git, or outside a checkout (a crates.io download), it is
//! the version alone; the build never fails for want of git.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    let version = std::env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let text = match commit(&manifest_dir) {
        Some(hash) => format!("{version} ({hash})"),
        None => {
            // An unpacked package (`cargo package` verifies one inside this target directory,
            // with the same fingerprint as the checkout it came from): watching its
            // Cargo.toml.orig, absent from the checkout, makes the checkout's next build run
            // this script again instead of keeping a version without the commit.
            if manifest_dir.join("Cargo.toml.orig").exists() {
                println!("cargo:rerun-if-changed=Cargo.toml.orig");
            }
            version
        }
    };
    println!("cargo:rustc-env=SKILLBOOK_VERSION={text}");
}

/// The short hash of HEAD when `dir` is the top of a git working tree, else `None`. Also tells
/// cargo which git files to watch, so a new commit or checkout rebuilds with the new hash.
fn commit(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    // A crate unpacked inside some other repository (a vendored or packaged copy) has no commit.
    if Path::new(&top).canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    for watched in ["HEAD", "packed-refs", "refs/heads"] {
        if let Some(path) = git(dir, &["rev-parse", "--git-path", watched]) {
            let path = dir.join(path);
            // Cargo reruns the script on every build for a path that does not exist.
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    git(dir, &["rev-parse", "--short", "HEAD"])
}

/// Runs `git ARGS` in `dir` and returns its trimmed standard output, or `None` when git is
/// missing, fails, or prints nothing.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !text.is_empty()).then_some(text)
}
