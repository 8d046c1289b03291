//! `skillbook serve`: builds the handbook into memory, serves it on 127.0.0.1 with live reload,
//! and rebuilds when a source file changes. A failed build keeps serving the last good site and
//! shows the diagnostics as an overlay in the open page. The search index is part of every
//! rebuild (only changed chapters are indexed again), so the reload that shows an edit also
//! searches it.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::load::LoadOptions;
use crate::render::Renderer;
use crate::site::Site;
use crate::Built;

/// Where live-reload requests go, under the base path.
const RELOAD_PREFIX: &str = "__skillbook/";
/// How long a burst of file events must be quiet before a rebuild starts.
const QUIET: Duration = Duration::from_millis(15);
/// How long a long-poll request waits for a new build before answering "no change".
const POLL_WAIT: Duration = Duration::from_secs(25);

/// Settings of `skillbook serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build (output is ignored: nothing is written to disk).
    pub load: LoadOptions,
    /// Address to bind, `127.0.0.1` by default.
    pub host: String,
    /// First port to try; the next free one is used when it is taken. 0 picks any free port.
    pub port: u16,
    /// Path prefix the site is served under, e.g. `/handbook/` (always starts and ends with `/`).
    pub base: String,
    /// Watch by polling the file system (WSL, Docker, network mounts) instead of OS events.
    pub poll: bool,
}

/// The state shared by the server threads: the last good site and the latest build's outcome.
#[derive(Debug, Default)]
pub struct Served {
    /// The last site that built without errors.
    pub site: Site,
    /// The diagnostics of the latest build, rendered as text, if it failed.
    pub error: Option<String>,
    /// Increases with every finished build, good or bad.
    pub generation: u64,
    /// Paths that changed in the latest good build.
    pub changed: BTreeSet<String>,
}

/// A running server: its address and the shared state.
pub struct Server {
    /// The URL the site is served at, e.g. `http://127.0.0.1:3000/handbook/`.
    pub url: String,
    state: Arc<(Mutex<Served>, Condvar)>,
    _watcher: Option<Box<dyn Watcher + Send>>,
}

impl Server {
    /// Binds, builds once, starts serving and watching in background threads, and returns.
    ///
    /// Errors: the address cannot be bound on any of 20 ports from `port`, or the watcher cannot
    /// start; both as a message.
    pub fn start(mut options: ServeOptions) -> Result<Server, String> {
        let (listener, port) = bind(&options.host, options.port)?;
        let url = format!("http://{}:{port}{}", options.host, options.base);
        // Under a sub-path, 404.html needs the base to find its stylesheet and links (it is
        // served at any depth); without a configured base URL, the server's own address is it.
        if options.base != "/" && options.load.base_url.is_none() {
            options.load.base_url = Some(url.clone());
        }
        let state = Arc::new((Mutex::new(Served::default()), Condvar::new()));
        let mut cache = Cache::default();
        rebuild(&options.load, &state, &mut cache, Vec::new());
        let watcher = watch(&options, Arc::clone(&state), cache)?;
        let (accept_state, base) = (Arc::clone(&state), options.base.clone());
        // One thread per connection and one request per connection (`Connection: close`): a
        // long poll can never hold up a page load queued behind it on the same socket.
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (state, base) = (Arc::clone(&accept_state), base.clone());
                std::thread::spawn(move || handle(stream, &state, &base));
            }
        });
        Ok(Server {
            url,
            state,
            _watcher: Some(watcher),
        })
    }

    /// A copy of the site being served (the last good build, its search index included).
    pub fn site(&self) -> Site {
        self.state
            .0
            .lock()
            .map(|s| s.site.clone())
            .unwrap_or_default()
    }

    /// The current build generation (increases after every rebuild).
    pub fn generation(&self) -> u64 {
        self.state.0.lock().map(|s| s.generation).unwrap_or(0)
    }
}

fn bind(host: &str, port: u16) -> Result<(TcpListener, u16), String> {
    let ports: Vec<u16> = if port == 0 {
        vec![0]
    } else {
        (port..port.saturating_add(20)).collect()
    };
    let mut last = String::new();
    for candidate in ports {
        match TcpListener::bind((host, candidate)) {
            Ok(listener) => {
                let bound = listener.local_addr().map_or(candidate, |a| a.port());
                if port != 0 && bound != port {
                    eprintln!("port {port} is in use; using {bound}");
                }
                return Ok((listener, bound));
            }
            Err(e) => last = e.to_string(),
        }
    }
    Err(format!(
        "cannot listen on {host}:{port} or the next 19 ports: {last}"
    ))
}

/// What the rebuild thread keeps between builds: the last good build's parts, and the files
/// changed since then.
#[derive(Default)]
struct Cache {
    built: Option<Built>,
    dirty: BTreeSet<PathBuf>,
    /// Compiled templates and sidebar, reusable while the sidebar's inputs stay the same.
    renderer: Option<(Renderer, Vec<(usize, usize)>)>,
    /// The search index's per-chapter work, redone only for chapters that change.
    search: crate::search::Cache,
}

/// Rebuilds after `changed` files (all of them when empty) and publishes the outcome. When
/// only chapter bodies changed, only those chapters are parsed and rendered again; anything
/// else (config, theme, SUMMARY.md, titles, front matter, new or deleted files) rebuilds all.
fn rebuild(
    options: &LoadOptions,
    state: &(Mutex<Served>, Condvar),
    cache: &mut Cache,
    changed: Vec<PathBuf>,
) {
    let start = Instant::now();
    cache.dirty.extend(changed);
    let (result, how) = match cache
        .built
        .as_mut()
        .and_then(|built| incremental(built, &cache.dirty, &mut cache.renderer))
    {
        Some(result) => (result, "rebuilt"),
        None => match crate::build_parts(options) {
            Ok(built) => {
                let site = built.site.clone();
                if !built.warnings.is_empty() {
                    eprint!("{}", built.warnings.render(false));
                }
                cache.built = Some(built);
                cache.renderer = None;
                (Ok(site), "built")
            }
            Err(d) => (Err(d), "built"),
        },
    };
    let result = match (result, &cache.built) {
        (Ok(mut site), Some(built)) if built.book.config.search => {
            let index = crate::search::index_with(&built.book, &built.chapters, &mut cache.search);
            site.files.extend(index.files);
            Ok(site)
        }
        (result, _) => result,
    };
    match &result {
        Ok(site) => {
            cache.dirty.clear();
            eprintln!(
                "{how} {} files in {} ms",
                site.files.len(),
                start.elapsed().as_millis()
            );
        }
        Err(diagnostics) => eprint!("{}", diagnostics.render(false)),
    }
    publish(state, result);
}

fn publish(state: &(Mutex<Served>, Condvar), result: Result<Site, crate::Diagnostics>) {
    let Ok(mut served) = state.0.lock() else {
        return;
    };
    match result {
        Ok(site) => {
            served.changed = changed_paths(&served.site, &site);
            served.site = site;
            served.error = None;
        }
        Err(diagnostics) => {
            served.changed.clear();
            served.error = Some(diagnostics.render(false));
        }
    }
    served.generation += 1;
    state.1.notify_all();
}

/// Re-parses and re-renders only the chapters in `dirty`, if every dirty file is a chapter whose
/// front matter, title and quiz includes are unchanged; `None` when a full build is needed.
/// On errors the cache is left as the last good build.
fn incremental(
    built: &mut Built,
    dirty: &BTreeSet<PathBuf>,
    renderer: &mut Option<(Renderer, Vec<(usize, usize)>)>,
) -> Option<Result<Site, crate::Diagnostics>> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let chapter_files: std::collections::HashMap<PathBuf, usize> = built
        .book
        .chapters
        .iter()
        .enumerate()
        .map(|(i, c)| (absolute(&c.file), i))
        .collect();
    let mut edits = Vec::new();
    for path in dirty {
        let index = *chapter_files.get(path)?;
        let old = &built.book.chapters[index];
        let text: Arc<str> = Arc::from(crate::load::read_text(path).ok()?);
        let split = crate::load::front_matter::split(path, &text).ok()?;
        let new_body = &text[split.body_start..];
        let same_title = old.front_matter.title.is_some()
            || crate::load::first_heading(new_body) == crate::load::first_heading(old.body());
        // Any directive (quiz, include, title) means a full build: the load stage expands them.
        let includes =
            new_body.contains("{{#") || old.expansion.is_some() || !old.includes.is_empty();
        if split.front_matter != old.front_matter || !same_title || includes {
            return None;
        }
        edits.push((index, text, split.body_start));
    }
    let mut undo = Vec::new();
    for (index, text, body_start) in edits {
        let chapter = &mut built.book.chapters[index];
        undo.push((
            index,
            std::mem::replace(&mut chapter.source, text),
            std::mem::replace(&mut chapter.body_start, body_start),
        ));
    }
    let mut problems = crate::Diagnostics::default();
    let mut old_parsed = Vec::new();
    for (index, _, _) in &undo {
        let (parsed, errors) = crate::parse::parse_chapter(&built.book, *index);
        problems.extend(errors);
        old_parsed.push((
            *index,
            std::mem::replace(&mut built.chapters[*index], parsed),
        ));
    }
    problems.extend(crate::parse::cross_check(&built.book, &built.chapters));
    let result = if problems.has_errors() {
        problems.sort();
        Err(problems)
    } else {
        render_changed(
            built,
            &undo.iter().map(|(i, _, _)| *i).collect::<Vec<_>>(),
            renderer,
        )
    };
    if result.is_err() {
        for (index, source, body_start) in undo {
            built.book.chapters[index].source = source;
            built.book.chapters[index].body_start = body_start;
        }
        for (index, parsed) in old_parsed {
            built.chapters[index] = parsed;
        }
    }
    Some(result)
}

fn render_changed(
    built: &mut Built,
    indexes: &[usize],
    cached: &mut Option<(Renderer, Vec<(usize, usize)>)>,
) -> Result<Site, crate::Diagnostics> {
    let key = Renderer::sidebar_key(&built.chapters);
    if cached.as_ref().is_none_or(|(_, k)| *k != key) {
        *cached = Some((Renderer::new(&built.book, &built.chapters)?, key));
    }
    let Some((renderer, _)) = cached.as_ref() else {
        unreachable!("set above")
    };
    let mut old = Vec::new();
    for &index in indexes {
        let output = renderer.chapter(&built.book, &built.chapters, index);
        old.push((index, std::mem::replace(&mut built.outputs[index], output)));
    }
    let site = renderer.assemble(&built.book, &built.chapters, &built.outputs);
    if site.is_err() {
        for (index, output) in old {
            built.outputs[index] = output;
        }
    }
    site
}

fn changed_paths(old: &Site, new: &Site) -> BTreeSet<String> {
    let mut changed: BTreeSet<String> = new
        .files
        .iter()
        .filter(|(p, b)| old.files.get(*p) != Some(b))
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

/// Whether a changed path is an editor's temporary or swap file, which never triggers a rebuild.
pub fn is_editor_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
        || name.ends_with(".tmp")
}

/// The paths of an event that should trigger a rebuild (no access events, hidden files or
/// editor noise), made absolute.
fn relevant(event: &Event, root: &Path) -> Vec<PathBuf> {
    if matches!(event.kind, EventKind::Access(_)) {
        return Vec::new();
    }
    event
        .paths
        .iter()
        .filter(|p| {
            let rel = p.strip_prefix(root).unwrap_or(p);
            let hidden = rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            !hidden && !is_editor_noise(p)
        })
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect()
}

fn watch(
    options: &ServeOptions,
    state: Arc<(Mutex<Served>, Condvar)>,
    mut cache: Cache,
) -> Result<Box<dyn Watcher + Send>, String> {
    let (tx, rx) = channel();
    let root =
        std::path::absolute(&options.load.root).unwrap_or_else(|_| options.load.root.clone());
    let mut watcher: Box<dyn Watcher + Send> = if options.poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(200));
        Box::new(
            notify::PollWatcher::new(tx, config).map_err(|e| format!("cannot watch files: {e}"))?,
        )
    } else {
        Box::new(notify::recommended_watcher(tx).map_err(|e| format!("cannot watch files: {e}"))?)
    };
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let load = options.load.clone();
    std::thread::spawn(move || rebuild_loop(&rx, &root, &load, &state, &mut cache));
    Ok(watcher)
}

/// Waits for relevant file events, lets a burst settle for [`QUIET`], then rebuilds.
fn rebuild_loop(
    rx: &Receiver<notify::Result<Event>>,
    root: &Path,
    load: &LoadOptions,
    state: &(Mutex<Served>, Condvar),
    cache: &mut Cache,
) {
    loop {
        let mut changed = match rx.recv() {
            Ok(Ok(event)) => relevant(&event, root),
            Ok(Err(_)) => continue,
            Err(_) => return,
        };
        if changed.is_empty() {
            continue;
        }
        let mut deadline = Instant::now() + QUIET;
        loop {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(Ok(event)) => {
                    let more = relevant(&event, root);
                    if !more.is_empty() {
                        changed.extend(more);
                        deadline = Instant::now() + QUIET;
                    }
                }
                Ok(Err(_)) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        rebuild(load, state, cache, changed);
    }
}

/// Maps a request path to a site file: strips the base, decodes, and refuses anything that could
/// leave the site (`..`, `.` segments, backslashes, NUL, encoded slashes). `None` means 404.
pub fn site_path(url: &str, base: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let rest = path
        .strip_prefix(base)
        .or_else(|| (path.to_string() + "/" == base).then_some(""))?;
    let mut segments = Vec::new();
    for raw in rest.split('/') {
        let segment = percent_encoding::percent_decode_str(raw)
            .decode_utf8()
            .ok()?;
        if segment == ".." || segment == "." || segment.contains(['/', '\\', '\0']) {
            return None;
        }
        segments.push(segment.into_owned());
    }
    let joined = segments.join("/");
    Some(if joined.is_empty() || joined.ends_with('/') {
        format!("{joined}index.html")
    } else {
        joined
    })
}

/// One HTTP exchange: reads the request line and headers, writes one response, closes.
fn handle(stream: TcpStream, state: &(Mutex<Served>, Condvar), base: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let response = match method {
        "GET" | "HEAD" => respond(target, state, base),
        _ => Response {
            status: "405 Method Not Allowed",
            kind: "text/plain".into(),
            body: b"GET or HEAD only".to_vec(),
        },
    };
    let _ = response.write(stream, method == "HEAD");
}

struct Response {
    status: &'static str,
    kind: String,
    body: Vec<u8>,
}

impl Response {
    fn write(&self, mut stream: TcpStream, head_only: bool) -> std::io::Result<()> {
        let head = format!(
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
            self.status,
            self.kind,
            self.body.len()
        );
        stream.write_all(head.as_bytes())?;
        if !head_only {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

fn respond(url: &str, state: &(Mutex<Served>, Condvar), base: &str) -> Response {
    if let Some(rest) = url.strip_prefix(&format!("{base}{RELOAD_PREFIX}")) {
        return live_reload(rest, state);
    }
    let Ok(served) = state.0.lock() else {
        return Response {
            status: "500 Internal Server Error",
            kind: "text/plain".into(),
            body: Vec::new(),
        };
    };
    let file = site_path(url, base).map(|p| {
        if served.site.files.contains_key(&format!("{p}/index.html")) {
            format!("{p}/index.html")
        } else {
            p
        }
    });
    match file
        .as_ref()
        .and_then(|f| served.site.files.get(f).map(|b| (f, b)))
    {
        Some((file, bytes)) => Response {
            status: "200 OK",
            kind: mime(file),
            body: inject(file, bytes, base),
        },
        None => {
            let body = served
                .site
                .files
                .get("404.html")
                .map_or_else(|| b"not found".to_vec(), |b| inject("404.html", b, base));
            Response {
                status: "404 Not Found",
                kind: "text/html; charset=utf-8".into(),
                body,
            }
        }
    }
}

/// The Content-Type for a site file (mime_guess), with `charset=utf-8` on text, JavaScript and JSON.
fn mime(path: &str) -> String {
    let guess = mime_guess::from_path(path).first_or_octet_stream();
    let textual = guess.type_() == mime_guess::mime::TEXT
        || matches!(guess.subtype().as_str(), "javascript" | "json");
    if textual && guess.get_param("charset").is_none() {
        format!("{guess}; charset=utf-8")
    } else {
        guess.to_string()
    }
}

/// Adds the live-reload script to HTML pages.
fn inject(path: &str, bytes: &[u8], base: &str) -> Vec<u8> {
    if !path.ends_with(".html") {
        return bytes.to_vec();
    }
    let html = String::from_utf8_lossy(bytes);
    let script = format!("<script src=\"{base}{RELOAD_PREFIX}live.js\"></script>\n</body>");
    html.replacen("</body>", &script, 1).into_bytes()
}

/// `live.js` (the client) or `poll?since=N` (a long poll answering when build N+1 is done).
fn live_reload(rest: &str, state: &(Mutex<Served>, Condvar)) -> Response {
    if rest == "live.js" {
        return Response {
            status: "200 OK",
            kind: "text/javascript; charset=utf-8".into(),
            body: LIVE_JS.as_bytes().to_vec(),
        };
    }
    let since: u64 = rest
        .strip_prefix("poll?since=")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let Ok(guard) = state.0.lock() else {
        return Response {
            status: "500 Internal Server Error",
            kind: "text/plain".into(),
            body: Vec::new(),
        };
    };
    let (served, _) = state
        .1
        .wait_timeout_while(guard, POLL_WAIT, |s| s.generation <= since)
        .unwrap_or_else(|e| e.into_inner());
    let body = serde_json::json!({ "generation": served.generation, "error": served.error, "changed": served.changed }).to_string();
    Response {
        status: "200 OK",
        kind: "application/json".into(),
        body: body.into_bytes(),
    }
}

/// The browser side of live reload: long-polls for the next build; reloads keeping the scroll
/// position, swaps stylesheets when only CSS changed, or shows the build errors as an overlay.
const LIVE_JS: &str = include_str!("live.js");
