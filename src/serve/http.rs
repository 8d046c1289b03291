//! The HTTP side of `serve`, on tiny_http: a fixed pool of workers takes requests, refuses
//! foreign `Host` headers, answers site files from the shared build without copying them, and
//! hands live-reload polls to [`super::live`].

use std::io::Cursor;
use std::net::TcpListener;
use std::sync::Arc;

use tiny_http::{HTTPVersion, Header, Method, Request, Response, StatusCode};

use super::{live, Shared};
use crate::diagnostics::Diagnostics;
use crate::site::Site;

/// Workers taking requests; long polls are parked, so none of them ever waits on a build.
const WORKERS: usize = 4;

/// Starts serving on `listener` with [`WORKERS`] threads.
///
/// Errors: tiny_http cannot take over the listener.
pub(super) fn start(listener: TcpListener, shared: Arc<Shared>) -> Result<(), Diagnostics> {
    let server = tiny_http::Server::from_listener(listener, None).map_err(|e| {
        Diagnostics::from(crate::Diagnostic::general(format!(
            "cannot start the web server: {e}"
        )))
    })?;
    let server = Arc::new(server);
    for _ in 0..WORKERS {
        let (server, shared) = (Arc::clone(&server), Arc::clone(&shared));
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                handle(request, &shared);
            }
        });
    }
    Ok(())
}

/// Sends `response` as HTTP/1.0, which closes the connection after it (tiny_http drops a
/// `Connection: close` header set by the handler). One request per connection keeps tiny_http's
/// per-connection threads short-lived, so a connection queued behind busy ones is taken at once
/// and an open tab's idle keep-alive connections hold nothing. HEAD gets the headers only.
pub(super) fn send<R: std::io::Read>(request: Request, response: Response<R>) {
    use std::io::Write;
    let head = *request.method() == Method::Head;
    let headers = request.headers().to_vec();
    let mut writer = request.into_writer();
    if response
        .raw_print(&mut writer, HTTPVersion(1, 0), &headers, head, None)
        .is_ok()
    {
        let _ = writer.flush();
    }
}

/// Answers one request (or parks it, for a live-reload poll).
fn handle(request: Request, shared: &Shared) {
    if !host_allowed(&request, &shared.hosts) {
        let body = "this server answers only requests for localhost or the address it was started \
                    with (--host)";
        send(request, text(403, body));
        return;
    }
    // tiny_http answers HEAD with the GET response's headers and no body.
    if !matches!(request.method(), Method::Get | Method::Head) {
        send(request, text(405, "GET or HEAD only"));
        return;
    }
    let url = request.url().to_string();
    if let Some(rest) = url.strip_prefix(&format!("{}{}", shared.base, live::PREFIX)) {
        live::answer(request, rest, shared);
        return;
    }
    send(request, respond(&url, shared));
}

/// Whether the request's `Host` (without port) is allowed: an IP literal, or one of `hosts`.
/// A request without `Host` (HTTP/1.0 tools) is allowed.
fn host_allowed(request: &Request, hosts: &[String]) -> bool {
    let Some(header) = request.headers().iter().find(|h| h.field.equiv("Host")) else {
        return true;
    };
    let value = header.value.as_str().trim().to_ascii_lowercase();
    let name = match value.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => value.rsplit_once(':').map_or(value.as_str(), |(n, _)| n),
    };
    name.parse::<std::net::IpAddr>().is_ok() || hosts.iter().any(|h| h == name)
}

/// A site file's bytes, borrowed from the shared build (the response reads them in place).
struct SiteFile {
    site: Arc<Site>,
    path: String,
}

impl AsRef<[u8]> for SiteFile {
    fn as_ref(&self) -> &[u8] {
        self.site.files.get(&self.path).map_or(&[], |b| b.as_ref())
    }
}

type Body = Box<dyn std::io::Read + Send>;

/// The response for a site path: the file, the 404 page, or (before any good build) the error
/// page.
fn respond(url: &str, shared: &Shared) -> Response<Body> {
    let (site, error) = match shared.served.lock() {
        Ok(s) => (Arc::clone(&s.site), s.error.clone()),
        Err(_) => return boxed(text(500, "the server's state is unavailable")),
    };
    // No build has succeeded yet (every good build has files).
    if site.files.is_empty() {
        let page = live::error_page(error.as_deref().unwrap_or("building…"), &shared.base);
        return boxed(html(500, page.into_bytes()));
    }
    if let Some(location) = directory_redirect(url, &shared.base, &site) {
        return boxed(text(301, "moved").with_header(header("Location", &location)));
    }
    let file = site_path(url, &shared.base).map(|p| {
        let index = format!("{p}/index.html");
        if site.files.contains_key(&index) {
            index
        } else {
            p
        }
    });
    match file.filter(|f| site.files.contains_key(f)) {
        Some(path) if path.ends_with(".html") => {
            boxed(html(200, live::inject(&site.files[&path], &shared.base)))
        }
        Some(path) => {
            let kind = mime(&path);
            let length = site.files[&path].len();
            let body: Body = Box::new(Cursor::new(SiteFile { site, path }));
            Response::new(
                StatusCode(200),
                vec![header("Content-Type", &kind), no_store()],
                body,
                Some(length),
                None,
            )
        }
        None => {
            let page = site
                .files
                .get("404.html")
                .map_or_else(|| b"not found".to_vec(), |b| live::inject(b, &shared.base));
            boxed(html(404, page))
        }
    }
}

/// Where a folder asked for without its trailing slash (`/handbook`, `/part`) is: with the
/// slash, so the page's relative links resolve as on any static host. `None` for anything else.
fn directory_redirect(url: &str, base: &str, site: &Site) -> Option<String> {
    let (path, query) = match url.find(['?', '#']) {
        Some(at) => url.split_at(at),
        None => (url, ""),
    };
    if path.ends_with('/') {
        return None;
    }
    let folder = format!("{path}/") == base
        || site_path(path, base)
            .is_some_and(|p| site.files.contains_key(&format!("{p}/index.html")));
    // Control characters and spaces are escaped: a header value carries neither.
    let location = format!("{path}/{query}");
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b' ');
    folder.then(|| percent_encoding::utf8_percent_encode(&location, SET).to_string())
}

fn boxed(response: Response<Cursor<Vec<u8>>>) -> Response<Body> {
    response.boxed()
}

/// An HTML response.
fn html(status: u16, body: Vec<u8>) -> Response<Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(no_store())
}

/// A plain-text response.
pub(super) fn text(status: u16, body: &str) -> Response<Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
        .with_header(no_store())
}

/// A header from ASCII text (every name and value here is a constant or a MIME type; tiny_http
/// refuses only non-ASCII bytes).
pub(super) fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

/// `Cache-Control: no-store`: a preview must never be cached.
pub(super) fn no_store() -> Header {
    header("Cache-Control", "no-store")
}

/// The Content-Type for a site file (mime_guess), with `charset=utf-8` on text, JavaScript and
/// JSON.
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
