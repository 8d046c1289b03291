//! The web half of the test helpers: a static HTTP server on 127.0.0.1 serving a built site from
//! memory (with a request log), and a headless Chromium driven through WebDriver. Also compiled
//! into `examples/search_transfer.rs`, so it depends on nothing else in the test binary.

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use fantoccini::{Client, ClientBuilder, Locator};
use skillbook::Site;

/// A static file server on 127.0.0.1 serving a [`Site`] from memory, optionally under a path
/// prefix; the site can be swapped while it runs.
pub struct Server {
    pub url: String,
    site: Arc<Mutex<Site>>,
    log: Arc<Mutex<Vec<(String, usize)>>>,
}

impl Server {
    /// Starts serving `site` under `prefix` (`/` or e.g. `/repo/`). One thread per connection,
    /// one request per connection (`Connection: close`): simple and never stuck behind keep-alive.
    pub fn start(site: Site, prefix: &str) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let site = Arc::new(Mutex::new(site));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (shared, shared_log) = (Arc::clone(&site), Arc::clone(&log));
        let prefix = prefix.to_string();
        let url = format!("http://127.0.0.1:{port}{prefix}");
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (site, log, prefix) =
                    (Arc::clone(&shared), Arc::clone(&shared_log), prefix.clone());
                std::thread::spawn(move || serve_one(stream, &site, &log, &prefix));
            }
        });
        Server { url, site, log }
    }

    /// Every request answered since the last call, as (request target, body bytes sent).
    pub fn take_log(&self) -> Vec<(String, usize)> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }

    /// Replaces the site being served (a rebuild).
    pub fn replace(&self, site: Site) {
        *self.site.lock().unwrap() = site;
    }
}

fn serve_one(
    mut stream: TcpStream,
    site: &Mutex<Site>,
    log: &Mutex<Vec<(String, usize)>>,
    prefix: &str,
) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let file = decoded.strip_prefix(prefix).map(|p| {
        if p.is_empty() || p.ends_with('/') {
            format!("{p}index.html")
        } else {
            p.to_string()
        }
    });
    let body = file
        .as_ref()
        .and_then(|f| site.lock().unwrap().files.get(f).cloned());
    // Like GitHub Pages: a missing path gets the site's 404.html, at any depth.
    let not_found = || {
        site.lock()
            .unwrap()
            .files
            .get("404.html")
            .cloned()
            .map_or((b"not found"[..].into(), "text/plain"), |b| {
                (b, "text/html; charset=utf-8")
            })
    };
    let (status, body, kind) = match body {
        Some(b) => ("200 OK", b, content_type(file.as_deref().unwrap_or(""))),
        None => {
            let (b, kind) = not_found();
            ("404 Not Found", b, kind)
        }
    };
    log.lock().unwrap().push((target.to_string(), body.len()));
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n", body.len());
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.write_all(&body));
}

/// A plain HTTP/1.1 GET against a test server: (status, body).
pub fn http_get(url: &str) -> (u16, Vec<u8>) {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut stream = TcpStream::connect(host).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    std::io::Read::read_to_end(&mut stream, &mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response[split + 4..].to_vec())
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// Browser tests share two cores: one Chromium at a time.
static BROWSER_LOCK: Mutex<()> = Mutex::new(());

/// A headless Chromium session driven through chromedriver.
pub struct Browser {
    pub client: Client,
    driver: Child,
}

/// The right to run one browser test (they run one at a time on two cores), or `None` when
/// Chromium and chromedriver are not installed: the test is then skipped and says so, except
/// under CI, where a missing browser fails the run.
pub fn browser_lock(test: &str) -> Option<MutexGuard<'static, ()>> {
    browser_available(test).then(|| BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner()))
}

fn browser_available(test: &str) -> bool {
    let found = ["chromedriver", "chromium"].iter().all(|b| {
        Command::new("which")
            .arg(b)
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if !found {
        assert!(std::env::var_os("CI").is_none(), "CI is set but chromium/chromedriver are missing: install them (apt-get install -y chromium chromium-driver)");
        eprintln!("skipped {test}: chromium or chromedriver not found");
    }
    found
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium profile with a window of `width`×`height`.
    pub async fn start(width: u32, height: u32) -> Browser {
        Browser::start_with(width, height, &[]).await
    }

    /// Like [`Browser::start`], with extra Chromium switches (e.g. `--force-dark-mode`, which
    /// makes the system's colour scheme dark).
    pub async fn start_with(width: u32, height: u32, extra: &[&str]) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // Its own process group, so that dropping the browser kills chromedriver and every
        // Chromium process it started, even when a test panics halfway.
        let mut driver = Command::new("chromedriver");
        driver.arg(format!("--port={port}"));
        if let Some(dir) = std::env::var_os("SKILLBOOK_WEBDRIVER_LOG") {
            driver
                .arg(format!(
                    "--log-path={}/chromedriver-{port}.log",
                    dir.to_string_lossy()
                ))
                .arg("--verbose");
        }
        let driver = driver
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start chromedriver");
        let mut caps = serde_json::Map::new();
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            &format!("--window-size={width},{height}"),
        ];
        let args: Vec<&str> = args.iter().copied().chain(extra.iter().copied()).collect();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "args": args }),
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() > deadline => {
                    panic!("cannot start a WebDriver session: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        // Page loads give up after a minute instead of chromedriver's five (see `goto`).
        let timeouts = TimeoutConfiguration::new(
            Some(Duration::from_secs(30)),
            Some(Duration::from_secs(60)),
            Some(Duration::ZERO),
        );
        client
            .update_timeouts(timeouts)
            .await
            .expect("set WebDriver timeouts");
        Browser { client, driver }
    }

    pub async fn goto(&self, url: &str) {
        // Headless Chromium on a two-core machine now and then leaves a tab's renderer without
        // an answer ("timeout: Timed out receiving message from renderer", twice in a row on
        // the same tab, or no answer from chromedriver at all). The page is then opened in a new
        // tab, which gets a renderer of its own (the profile's storage is shared).
        let what = format!("goto {url}");
        let stuck = match tokio::time::timeout(ANSWER, self.client.goto(url)).await {
            Ok(Ok(())) => None,
            Ok(Err(e))
                if e.to_string()
                    .contains("Timed out receiving message from renderer") =>
            {
                Some(e.to_string())
            }
            Ok(Err(e)) => panic!("{what}: {e}"),
            Err(_) => Some(format!("no answer from chromedriver in {ANSWER:?}")),
        };
        if let Some(reason) = stuck {
            eprintln!("{what}: {reason}; opening it in a new tab");
            let tab = answered("new tab", self.client.new_window(true))
                .await
                .unwrap_or_else(|e| panic!("new tab: {e}"));
            answered("switch tab", self.client.switch_to_window(tab.handle))
                .await
                .unwrap_or_else(|e| panic!("switch tab: {e}"));
            answered(&what, self.client.goto(url))
                .await
                .unwrap_or_else(|e| panic!("{what}: {e}"));
        }
        self.wait_for_load(url).await;
    }

    /// Waits until the document at `url` has loaded and run its scripts: chromedriver 148 was
    /// seen answering a navigation while scripts still read the page before. A page that moved
    /// elsewhere (a redirect) is waited for up to 3 s.
    async fn wait_for_load(&self, url: &str) {
        let script = "return document.readyState === 'complete' \
            && location.href.split('#')[0] === new URL(arguments[0], location.href).href.split('#')[0]";
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if self.js_with(script, vec![url.into()]).await == true {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Runs `script` (a function body; `return` gives the value) in the page.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.js_with(script, vec![]).await
    }

    /// Runs `script` with `args` (`arguments[0]`…) in the page.
    pub async fn js_with(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        answered(script, self.client.execute(script, args))
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// The element matching `css`; panics if there is none.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Clicks the label whose text contains `text` inside the element matching `scope`.
    pub async fn choose(&self, scope: &str, text: &str) {
        let labels = self
            .client
            .find_all(Locator::Css(&format!("{scope} label")))
            .await
            .unwrap();
        for label in labels {
            if label.text().await.unwrap().contains(text) {
                label.click().await.unwrap();
                return;
            }
        }
        panic!("no label containing {text:?} in {scope}");
    }

    /// Types into the element matching `css`.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.find(css).await.send_keys(text).await.unwrap();
    }

    /// Sends keys to whatever has focus.
    pub async fn keys(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .unwrap()
            .send_keys(keys)
            .await
            .unwrap();
    }

    /// Saves a PNG screenshot under `target/screenshots/NAME.png` (kept out of git) and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        fs::write(&path, self.client.screenshot().await.unwrap()).unwrap();
        path
    }

    pub async fn finish(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-9", "--", &group]).status();
        let _ = self.driver.wait();
    }
}

/// How long a WebDriver command may go unanswered before the test stops waiting (chromedriver's
/// own timeouts, set in [`Browser::start_with`], are shorter; this catches a chromedriver that
/// never answers at all).
pub const ANSWER: Duration = Duration::from_secs(120);

/// Awaits `command`, failing the test with `what` if chromedriver gives no answer in [`ANSWER`].
pub async fn answered<T>(what: &str, command: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(ANSWER, command)
        .await
        .unwrap_or_else(|_| panic!("no answer from chromedriver in {ANSWER:?}: {what}"))
}

/// Runs a browser test: `site` served on 127.0.0.1 under `prefix`, a fresh headless Chromium
/// opened at `page`, then `test`. Skipped (with a message) without Chromium, except under CI.
pub fn in_browser(
    name: &str,
    site: Site,
    prefix: &str,
    page: &str,
    test: impl AsyncFnOnce(&Browser, &Server),
) {
    let Some(_lock) = browser_lock(name) else {
        return;
    };
    run_async(async {
        let server = Server::start(site, prefix);
        let browser = Browser::start(1280, 900).await;
        browser.goto(&format!("{}{page}", server.url)).await;
        test(&browser, &server).await;
        browser.finish().await;
    });
}

/// Runs an async browser test on its own single-threaded runtime.
pub fn run_async<F: std::future::Future<Output = ()>>(future: F) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future);
}

/// Counts of elements matching each selector, for compact assertions.
pub async fn counts(browser: &Browser, selectors: &[&str]) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    for s in selectors {
        let n = browser
            .js(&format!(
                "return document.querySelectorAll({}).length",
                serde_json::to_string(s).unwrap()
            ))
            .await;
        out.insert(s.to_string(), n.as_u64().unwrap_or(0));
    }
    out
}
