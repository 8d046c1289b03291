//! `skillbook serve`: previews the handbook on a local web server with live reload. It wires
//! three parts together: a [`crate::session::Session`] that rebuilds into memory, a watcher that
//! feeds it file changes (`watch`), and an HTTP server on tiny_http (`http`) whose live-reload
//! long polls are parked and answered by the next build (`live`).

mod http;
mod live;
mod watch;

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

pub use http::site_path;
pub use live::POLL_WAIT;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::LoadOptions;
use crate::session::Session;
use crate::site::Site;

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

/// What the server threads share: the last good site and the latest build's outcome.
#[derive(Debug, Default)]
pub(crate) struct Served {
    /// The last site that built without errors (empty until one does).
    pub(crate) site: Arc<Site>,
    /// The diagnostics of the latest build, rendered as text with paths relative to the
    /// handbook, if it failed.
    pub(crate) error: Option<String>,
    /// Increases with every finished build, good or bad.
    pub(crate) generation: u64,
    /// Site paths that changed in the latest good build.
    pub(crate) changed: BTreeSet<String>,
}

/// State shared by the HTTP workers, the long-poll list and the rebuild thread.
pub(crate) struct Shared {
    pub(crate) served: Mutex<Served>,
    pub(crate) polls: live::Polls,
    /// Path prefix the site is served under.
    pub(crate) base: String,
    /// `Host` header values accepted (lowercase, without port).
    pub(crate) hosts: Vec<String>,
}

/// A running server.
pub struct Server {
    /// The URL to open, e.g. `http://127.0.0.1:3000/handbook/` (for a wildcard bind such as
    /// `0.0.0.0`, the loopback address).
    pub url: String,
    shared: Arc<Shared>,
    _watcher: watch::Watcher,
}

impl Server {
    /// Binds, builds once, starts serving and watching in background threads, and returns. A
    /// failed first build still starts the server: every page shows the errors and reloads once
    /// a save fixes them.
    ///
    /// Errors: the handbook directory does not exist, the address cannot be bound on any of 20
    /// ports from `port`, or the watcher cannot start.
    pub fn start(mut options: ServeOptions) -> Result<Server, Diagnostics> {
        crate::load::check_root(&options.load.root)?;
        let (listener, port) = bind(&options.host, options.port)?;
        let url = format!("http://{}:{port}{}", open_host(&options.host), options.base);
        // 404.html is served at any depth, so its stylesheet and links start at the base: the
        // server's own address stands in for the handbook's `base-url` (or mdBook's `site-url`),
        // whose path the preview does not serve under.
        if options.load.base_url.is_none() {
            options.load.base_url = Some(url.clone());
        }
        let shared = Arc::new(Shared {
            served: Mutex::new(Served::default()),
            polls: live::Polls::default(),
            base: options.base.clone(),
            hosts: allowed_hosts(&options.host),
        });
        let mut session = Session::new(options.load.clone());
        let first = session.build();
        watch::report(&shared, &session, &options.load.root, first);
        let watcher = watch::start(&options, session, Arc::clone(&shared))?;
        http::start(listener, Arc::clone(&shared))?;
        live::start_expiry(Arc::clone(&shared));
        Ok(Server {
            url,
            shared,
            _watcher: watcher,
        })
    }

    /// The site being served: the last good build, its search index included.
    pub fn site(&self) -> Arc<Site> {
        self.shared
            .served
            .lock()
            .map(|s| Arc::clone(&s.site))
            .unwrap_or_default()
    }

    /// The current build generation (increases after every build, good or bad).
    pub fn generation(&self) -> u64 {
        self.shared.served.lock().map(|s| s.generation).unwrap_or(0)
    }
}

/// Binds `host:port`, or the next free one of 20 ports (any free port for 0).
fn bind(host: &str, port: u16) -> Result<(TcpListener, u16), Diagnostics> {
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
    Err(Diagnostics::from(
        Diagnostic::flag(
            "--port",
            format!("cannot listen on {host}:{port} or the next 19 ports: {last}"),
        )
        .with_help("pick another port with --port, or 0 for any free one"),
    ))
}

/// The host to put in the URL one opens: a wildcard bind (`0.0.0.0`, `::`) serves loopback too.
fn open_host(host: &str) -> String {
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".into(),
        Ok(ip) if ip.is_unspecified() => "[::1]".into(),
        Ok(std::net::IpAddr::V6(ip)) => format!("[{ip}]"),
        _ => host.to_string(),
    }
}

/// The names a request's `Host` may carry: `localhost`, loopback addresses and the name given
/// with `--host`. IP literals are always accepted (DNS rebinding needs a name).
fn allowed_hosts(host: &str) -> Vec<String> {
    let mut hosts = vec!["localhost".to_string(), host.to_ascii_lowercase()];
    hosts.dedup();
    hosts
}
