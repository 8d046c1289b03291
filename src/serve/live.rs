//! Live reload: the browser script (`live.js`, added to every served page) long-polls
//! `__skillbook/poll?since=N`. A poll for a build the server has not finished is parked in a
//! list, holding no thread, and answered when the next build is published or after
//! [`POLL_WAIT`].

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tiny_http::Request;

use super::http::{header, no_store, send, text};
use super::Shared;

/// Where live-reload requests go, under the base path.
pub(super) const PREFIX: &str = "__skillbook/";

/// How long a poll waits for a new build before it is answered with the current state.
pub const POLL_WAIT: Duration = Duration::from_secs(25);

/// The browser side: long-polls for the next build; reloads keeping the scroll position, swaps
/// stylesheets when only CSS changed, or shows the build errors in a dismissible overlay.
const LIVE_JS: &str = include_str!("live.js");

/// A poll waiting for a build newer than `since`.
struct Parked {
    request: Request,
    since: u64,
    deadline: Instant,
}

/// The parked polls.
#[derive(Default)]
pub(crate) struct Polls {
    parked: Mutex<Vec<Parked>>,
}

/// Answers `rest` (the URL after [`PREFIX`]): `live.js`, or a poll, answered now when a build
/// newer than `since` exists and parked otherwise.
pub(super) fn answer(request: Request, rest: &str, shared: &Shared) {
    if rest == "live.js" {
        let response = tiny_http::Response::from_data(LIVE_JS.as_bytes().to_vec())
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
            .with_header(no_store());
        send(request, response);
        return;
    }
    let Some(since) = rest
        .strip_prefix("poll?since=")
        .and_then(|n| n.parse::<i64>().ok())
    else {
        send(request, text(404, "unknown live-reload request"));
        return;
    };
    // `since=-1`: the page knows no build yet, so any build answers at once.
    let since = u64::try_from(since).ok();
    let Ok(mut parked) = shared.polls.parked.lock() else {
        return;
    };
    let generation = shared.served.lock().map(|s| s.generation).unwrap_or(0);
    match since {
        // A page that knows a later build than this server's talks to a restarted server: it is
        // answered at once and reloads.
        Some(since) if generation == since => parked.push(Parked {
            request,
            since,
            deadline: Instant::now() + POLL_WAIT,
        }),
        _ => {
            drop(parked);
            respond(request, shared);
        }
    }
}

/// Answers every parked poll that the build just published (or time) has satisfied.
pub(super) fn wake(shared: &Shared) {
    let generation = shared.served.lock().map(|s| s.generation).unwrap_or(0);
    let now = Instant::now();
    let due: Vec<Parked> = match shared.polls.parked.lock() {
        Ok(mut parked) => {
            let (due, waiting) = std::mem::take(&mut *parked)
                .into_iter()
                .partition(|p| p.since != generation || p.deadline <= now);
            *parked = waiting;
            due
        }
        Err(_) => Vec::new(),
    };
    for poll in due {
        respond(poll.request, shared);
    }
}

/// Answers parked polls whose time is up, once a second.
pub(super) fn start_expiry(shared: Arc<Shared>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(1));
        wake(&shared);
    });
}

/// The poll's answer: `{"generation": N, "error": text or null, "changed": [site paths]}`.
fn respond(request: Request, shared: &Shared) {
    let body = match shared.served.lock() {
        Ok(s) => serde_json::json!({
            "generation": s.generation,
            "error": s.error,
            "changed": s.changed,
        })
        .to_string(),
        Err(_) => "{}".to_string(),
    };
    let response = tiny_http::Response::from_data(body.into_bytes())
        .with_header(header("Content-Type", "application/json"))
        .with_header(no_store());
    send(request, response);
}

/// `bytes` (an HTML page) with the live-reload script added before `</body>`.
pub(super) fn inject(bytes: &[u8], base: &str) -> Vec<u8> {
    let html = String::from_utf8_lossy(bytes);
    let script = format!("<script src=\"{base}{PREFIX}live.js\"></script>\n</body>");
    if html.contains("</body>") {
        html.replacen("</body>", &script, 1).into_bytes()
    } else {
        format!("{html}{script}").into_bytes()
    }
}

/// The page served at every path while no build has succeeded: the errors, with live reload,
/// so the site appears as soon as a save fixes them.
pub(super) fn error_page(errors: &str, base: &str) -> String {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Build failed · skillbook serve</title>\n\
         <style>body{{font:16px/1.5 system-ui,sans-serif;margin:1.5rem;max-width:60rem}}\
         pre{{white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.45 ui-monospace,monospace}}</style>\n\
         </head>\n<body>\n\
         <h1>The handbook does not build yet</h1>\n\
         <p>Fix the problems below and save: this page reloads by itself.</p>\n\
         <pre id=\"skillbook-errors\">{}</pre>\n</body>\n</html>\n",
        crate::html::escape(errors)
    );
    String::from_utf8_lossy(&inject(page.as_bytes(), base)).into_owned()
}
