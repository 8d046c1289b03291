//! Last-changed dates of chapter files from git history: one `git log` per build, read only
//! when the handbook lies inside a git work tree and stopped as soon as every file has its date.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// The date (`YYYY-MM-DD`, committer date) of the last commit that changed each of `paths`
/// (`/`-separated, relative to `dir`), for those git knows.
///
/// Returns an empty map when `dir` is not inside a git work tree, git is not installed, or it
/// fails: dates are a nicety, never a reason for a build to fail.
pub(crate) fn last_changed(dir: &Path, paths: &[&str]) -> HashMap<String, String> {
    let mut found = HashMap::new();
    if paths.is_empty() || !in_work_tree(dir) {
        return found;
    }
    // Newest commit first; `--relative` keeps the log to `dir` and prints paths relative to it.
    let child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            ".",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return found;
    };
    let wanted: std::collections::HashSet<&str> = paths.iter().copied().collect();
    if let Some(out) = child.stdout.take() {
        let mut date = String::new();
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if let Some(d) = line.strip_prefix('\0') {
                date = d.to_string();
            } else if wanted.contains(line.as_str()) && !found.contains_key(&line) {
                found.insert(line, date.clone());
                if found.len() == wanted.len() {
                    break;
                }
            }
        }
    }
    // Stopped early, git may still be writing: end it rather than wait for the whole history.
    let _ = child.kill();
    let _ = child.wait();
    found
}

/// The root of the git work tree holding `dir`: the nearest folder at or above it that holds
/// `.git` (a directory, or a file in worktrees and submodules), as an absolute path.
pub(crate) fn work_tree_root(dir: &Path) -> Option<std::path::PathBuf> {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The file that marks the git repository holding `dir` as a shallow clone (`.git/shallow`), if
/// it is one: its history is cut, so a file's last commit there may not be its last change.
pub(crate) fn shallow_marker(dir: &Path) -> Option<std::path::PathBuf> {
    let marker = work_tree_root(dir)?.join(".git").join("shallow");
    marker.is_file().then_some(marker)
}

/// Whether `dir` or one of its ancestors holds `.git` (a directory, or a file in worktrees).
fn in_work_tree(dir: &Path) -> bool {
    work_tree_root(dir).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_a_work_tree_there_are_no_dates() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "# A\n").unwrap();
        assert!(last_changed(dir.path(), &["a.md"]).is_empty());
    }

    #[test]
    fn the_last_commit_of_each_file_in_one_call() {
        let dir = tempfile::tempdir().unwrap();
        let git = |args: &[&str]| {
            let ok = Command::new("git")
                .arg("-C")
                .arg(dir.path())
                .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
                .args(args)
                .env("GIT_COMMITTER_DATE", "2024-05-01T12:00:00Z")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "git {args:?}");
        };
        git(&["init", "-q"]);
        std::fs::create_dir(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/a.md"), "# A\n").unwrap();
        std::fs::write(dir.path().join("src/b.md"), "# B\n").unwrap();
        git(&["add", "."]);
        git(&["commit", "-q", "-m", "one"]);
        let dates = last_changed(&dir.path().join("src"), &["a.md", "b.md", "new.md"]);
        assert_eq!(dates.get("a.md").map(String::as_str), Some("2024-05-01"));
        assert_eq!(dates.get("b.md").map(String::as_str), Some("2024-05-01"));
        assert_eq!(dates.get("new.md"), None);
    }

    /// In a shallow clone (as `actions/checkout` makes by default) every chapter got the newest
    /// commit's date, without a word.
    #[test]
    fn a_shallow_clone_is_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let git = |cwd: &Path, args: &[&str]| {
            let ok = Command::new("git")
                .arg("-C")
                .arg(cwd)
                .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "git {args:?}");
        };
        let full = dir.path().join("full");
        std::fs::create_dir_all(full.join("src")).unwrap();
        git(&full, &["init", "-q"]);
        for name in ["a.md", "b.md"] {
            std::fs::write(full.join("src").join(name), "# A\n").unwrap();
            git(&full, &["add", "."]);
            git(&full, &["commit", "-q", "-m", name]);
        }
        let url = format!("file://{}", full.display());
        git(
            dir.path(),
            &["clone", "-q", "--depth", "1", &url, "shallow"],
        );
        assert_eq!(shallow_marker(&full.join("src")), None);
        let shallow = dir.path().join("shallow");
        assert_eq!(
            shallow_marker(&shallow.join("src")),
            Some(std::path::absolute(&shallow).unwrap().join(".git/shallow"))
        );
    }
}
