//! Watching for `serve`: notify's debouncer gathers a burst of file events, the rebuild thread
//! hands their paths to the session, and [`report`] prints the outcome and publishes it to the
//! browsers.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache,
};

use super::{live, ServeOptions, Shared};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::session::{Rebuilt, Session, Strategy};

/// How long a burst of file events must be quiet before a rebuild starts.
const QUIET: Duration = Duration::from_millis(20);

/// The running watcher (OS events or polling); watching stops when it is dropped.
pub(super) struct Watcher {
    _events: Option<Debouncer<notify::RecommendedWatcher, RecommendedCache>>,
    _polling: Option<Debouncer<notify::PollWatcher, RecommendedCache>>,
}

/// Watches the handbook root and starts the rebuild thread, which owns `session`.
///
/// Errors: the watcher cannot start or cannot watch the root.
pub(super) fn start(
    options: &ServeOptions,
    session: Session,
    shared: Arc<Shared>,
) -> Result<Watcher, Diagnostics> {
    let (tx, rx) = channel();
    let root = &options.load.root;
    let failed = |e: notify::Error| {
        Diagnostics::from(
            Diagnostic::file(root, format!("cannot watch for changes: {e}")).with_help(
                "on network mounts, WSL or Docker volumes, try `skillbook serve --poll`",
            ),
        )
    };
    let watcher = if options.poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(200));
        let mut debouncer = new_debouncer_opt::<_, notify::PollWatcher, _>(
            QUIET,
            None,
            tx,
            RecommendedCache::new(),
            config,
        )
        .map_err(failed)?;
        debouncer
            .watch(root, RecursiveMode::Recursive)
            .map_err(failed)?;
        Watcher {
            _events: None,
            _polling: Some(debouncer),
        }
    } else {
        let mut debouncer = new_debouncer_opt::<_, notify::RecommendedWatcher, _>(
            QUIET,
            None,
            tx,
            RecommendedCache::new(),
            notify::Config::default(),
        )
        .map_err(failed)?;
        debouncer
            .watch(root, RecursiveMode::Recursive)
            .map_err(failed)?;
        Watcher {
            _events: Some(debouncer),
            _polling: None,
        }
    };
    let root = root.clone();
    std::thread::spawn(move || rebuild_loop(&rx, session, &root, &shared));
    Ok(watcher)
}

/// Rebuilds after each debounced burst that changed something (reads and opens do not count).
fn rebuild_loop(
    rx: &Receiver<DebounceEventResult>,
    mut session: Session,
    root: &Path,
    shared: &Shared,
) {
    while let Ok(result) = rx.recv() {
        let Ok(events) = result else {
            continue;
        };
        let mut paths = changed_paths(&events);
        // Events that arrived while the last build ran join this one.
        while let Ok(Ok(more)) = rx.try_recv() {
            paths.extend(changed_paths(&more));
        }
        if paths.is_empty() {
            continue;
        }
        let outcome = session.rebuild(&paths);
        if matches!(&outcome, Ok(r) if r.strategy == Strategy::Nothing) {
            continue;
        }
        report(shared, &session, root, outcome);
    }
}

/// The paths of events that may change a file (reading and opening do not).
fn changed_paths(events: &[DebouncedEvent]) -> Vec<PathBuf> {
    events
        .iter()
        .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
        .flat_map(|e| e.event.paths.iter().cloned())
        .collect()
}

/// Prints a build's outcome in the terminal and publishes it: a good build replaces the served
/// site; a failed one keeps it and shows the errors in the browsers. Either way parked polls are
/// answered.
pub(super) fn report(
    shared: &Shared,
    session: &Session,
    root: &Path,
    outcome: Result<Rebuilt, Diagnostics>,
) {
    match &outcome {
        Ok(rebuilt) => {
            if !rebuilt.warnings.is_empty() {
                eprint!("{}", rebuilt.warnings.render(false));
            }
            let site = session.site();
            let (pages, files, ms) = (site.pages(), site.files.len(), rebuilt.ms);
            let (time, cause) = (clock(), cause(rebuilt, root));
            // Worded as `build` words its summary.
            match rebuilt.strategy {
                Strategy::Full | Strategy::Nothing => {
                    eprintln!("{time} built {pages} pages ({files} files) in {ms} ms{cause}")
                }
                Strategy::Chapters(n) => eprintln!(
                    "{time} rebuilt {n} chapter{}{cause} in {ms} ms (site: {pages} pages, {files} files)",
                    plural(n)
                ),
                Strategy::Assets => eprintln!(
                    "{time} copied changed files{cause} in {ms} ms (site: {pages} pages, {files} files)"
                ),
            }
        }
        Err(diagnostics) => eprint!("{}", diagnostics.render(false)),
    }
    if let Ok(mut served) = shared.served.lock() {
        match outcome {
            Ok(rebuilt) => {
                served.site = session.site();
                served.error = None;
                served.changed = rebuilt.changed;
            }
            Err(diagnostics) => {
                served.changed.clear();
                // Paths are shown relative to the handbook; a message that names another file of the
                // handbook in its text loses the handbook's absolute location too.
                let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
                let text = diagnostics.render_relative(false, root);
                served.error = Some(text.replace(&format!("{}/", absolute.display()), ""));
            }
        }
        served.generation += 1;
    }
    live::wake(shared);
}

/// The local time of day, `HH:MM:SS`, so that saves in a row print lines that tell apart.
fn clock() -> String {
    let now = jiff::ZonedDateTime::now().time();
    format!("{:02}:{:02}:{:02}", now.hour(), now.minute(), now.second())
}

/// The files whose change caused `rebuilt`, relative to the handbook's `root`: ` after a change
/// to a.md, b.md` (at most three named, then how many more); empty for the first build.
fn cause(rebuilt: &Rebuilt, root: &Path) -> String {
    // Changed paths are absolute; the handbook's root may be given relative (`serve handbook`).
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let names: Vec<String> = rebuilt
        .changes
        .iter()
        .map(|c| {
            let path = c.path.strip_prefix(&root).unwrap_or(&c.path);
            path.display().to_string()
        })
        .collect();
    if names.is_empty() {
        return String::new();
    }
    format!(
        " after a change to {}",
        crate::diagnostics::first_few(&names, 3)
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::cause;
    use crate::session::{Change, ChangeKind, Rebuilt, Strategy};

    /// `serve handbook` named the changed file by its absolute path: the root was relative.
    #[test]
    fn a_rebuild_named_its_file_by_an_absolute_path_when_the_root_was_relative() {
        let here = std::env::current_dir().expect("current directory");
        let rebuilt = Rebuilt {
            changes: vec![Change {
                kind: ChangeKind::Body,
                path: here.join("handbook/09-git.md"),
                edit: None,
            }],
            strategy: Strategy::Chapters(1),
            changed: Default::default(),
            warnings: Default::default(),
            ms: 8,
        };
        assert_eq!(
            cause(&rebuilt, Path::new("handbook")),
            " after a change to 09-git.md"
        );
    }
}
