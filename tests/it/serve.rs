//! `skillbook serve`: a real server on 127.0.0.1 (ephemeral port), edited sources, live-reload
//! long polls, path safety and concurrency.

use std::time::Duration;

use skillbook::load::LoadOptions;
use skillbook::serve::{site_path, ServeOptions, Server};

use crate::support::{http_get, Fixture};

fn start(fixture: &Fixture, base: &str) -> Server {
    let load = LoadOptions {
        root: fixture.book(),
        output: None,
        base_url: None,
    };
    Server::start(ServeOptions {
        load,
        host: "127.0.0.1".into(),
        port: 0,
        base: base.into(),
        poll: false,
    })
    .expect("server starts")
}

fn text(url: &str) -> (u16, String) {
    let (status, body) = http_get(url);
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Waits (long poll) for the build after `generation`; returns the poll's JSON.
fn next_build(server: &Server, generation: u64) -> serde_json::Value {
    let (status, body) = text(&format!(
        "{}__skillbook/poll?since={generation}",
        server.url
    ));
    assert_eq!(status, 200);
    serde_json::from_str(&body).unwrap()
}

fn fixture() -> Fixture {
    Fixture::new(&[
        ("handbook.toml", "title = \"Live\"\n"),
        ("01-one.md", "# One\n\nFirst version.\n"),
        ("02-two.md", "# Two\n\nSecond chapter.\n"),
    ])
}

#[test]
fn an_edit_triggers_a_reload_event_and_the_page_shows_it() {
    let fixture = fixture();
    let server = start(&fixture, "/");
    let generation = server.generation();
    let (status, page) = text(&format!("{}01-one.html", server.url));
    assert_eq!(status, 200);
    assert!(
        page.contains("First version.") && page.contains("__skillbook/live.js"),
        "live-reload script injected"
    );
    fixture.write("01-one.md", "# One\n\nSecond version.\n");
    let event = next_build(&server, generation);
    assert_eq!(event["generation"], generation + 1);
    assert_eq!(event["error"], serde_json::Value::Null);
    assert!(event["changed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p == "01-one.html"));
    assert!(text(&format!("{}01-one.html", server.url))
        .1
        .contains("Second version."));
}

#[test]
fn a_save_by_rename_is_picked_up() {
    let fixture = fixture();
    let server = start(&fixture, "/");
    let generation = server.generation();
    fixture.write(".01-one.md.tmp-save", "# One\n\nRenamed into place.\n");
    std::fs::rename(
        fixture.book().join(".01-one.md.tmp-save"),
        fixture.book().join("01-one.md"),
    )
    .unwrap();
    next_build(&server, generation);
    assert!(text(&format!("{}01-one.html", server.url))
        .1
        .contains("Renamed into place."));
}

#[test]
fn swap_and_temporary_files_do_not_trigger_a_build() {
    let fixture = fixture();
    let server = start(&fixture, "/");
    let generation = server.generation();
    for noise in [
        "01-one.md.swp",
        "01-one.md~",
        ".#01-one.md",
        "4913",
        "draft.tmp",
    ] {
        fixture.write(noise, "noise");
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(server.generation(), generation);
}

#[test]
fn a_new_chapter_appears_in_the_sidebar() {
    let fixture = fixture();
    let server = start(&fixture, "/");
    let generation = server.generation();
    assert!(!text(&format!("{}toc.js", server.url))
        .1
        .contains("03-three.html"));
    fixture.write("03-three.md", "# Three\n");
    next_build(&server, generation);
    assert!(text(&format!("{}toc.js", server.url))
        .1
        .contains("03-three.html"));
    assert_eq!(text(&format!("{}03-three.html", server.url)).0, 200);
}

#[test]
fn a_broken_quiz_reports_errors_and_the_last_good_page_keeps_being_served() {
    let fixture = fixture();
    let server = start(&fixture, "/");
    let generation = server.generation();
    fixture.write("01-one.md", "# One\n\nBroken now.\n\n```quiz\n[[questions]]\ntype = \"MultipleChoice\"\nprompt.prompt = \"Q\"\n```\n");
    let event = next_build(&server, generation);
    let error = event["error"].as_str().expect("the build failed");
    assert!(
        error.contains("error: MultipleChoice question has no answer"),
        "{error}"
    );
    let (status, page) = text(&format!("{}01-one.html", server.url));
    assert_eq!(status, 200);
    assert!(
        page.contains("First version.") && !page.contains("Broken now."),
        "the last good build is served"
    );
    fixture.write("01-one.md", "# One\n\nFixed.\n");
    let event = next_build(&server, generation + 1);
    assert_eq!(
        event["error"],
        serde_json::Value::Null,
        "the next good build clears the error"
    );
}

#[test]
fn traversal_attempts_get_404() {
    for attempt in [
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/assets%2f..%2f..%2fCargo.toml",
        "/a\\..\\..\\b",
        "/%00",
        "/index.html%00.css",
        "/./index.html",
        "/assets/../index.html",
    ] {
        assert_eq!(site_path(attempt, "/"), None, "{attempt}");
    }
    assert_eq!(
        site_path("/part/my%20page.html", "/").as_deref(),
        Some("part/my page.html")
    );
    assert_eq!(site_path("/repo/", "/repo/").as_deref(), Some("index.html"));
    assert_eq!(site_path("/elsewhere/x.html", "/repo/"), None);
    let fixture = fixture();
    let server = start(&fixture, "/");
    let origin = server.url.trim_end_matches('/');
    for attempt in [
        "/../Cargo.toml",
        "/%2e%2e/handbook.toml",
        "/..%2fhandbook.toml",
        "/%5c..%5chandbook.toml",
        "/%00",
    ] {
        let (status, body) = text(&format!("{origin}{attempt}"));
        assert_eq!(status, 404, "{attempt}");
        assert!(body.contains("Page not found"), "the site's own 404 page");
    }
}

#[test]
fn serves_under_a_base_path_with_mime_types_and_directory_indexes() {
    let fixture = fixture();
    let server = start(&fixture, "/handbook/");
    assert!(server.url.ends_with("/handbook/"));
    assert_eq!(text(&server.url).0, 200);
    assert_eq!(text(&format!("{}assets/style.css", server.url)).0, 200);
    let origin = server.url.trim_end_matches("/handbook/");
    assert_eq!(
        text(&format!("{origin}/01-one.html")).0,
        404,
        "outside the base path"
    );
    let mut stream = std::net::TcpStream::connect(origin.trim_start_matches("http://")).unwrap();
    use std::io::{Read, Write};
    write!(
        stream,
        "HEAD /handbook/assets/quiz.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut head = String::new();
    stream.read_to_string(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.contains("Content-Type: text/javascript; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("Cache-Control: no-store"), "{head}");
}

#[test]
fn two_hundred_concurrent_clients_each_get_twenty_pages_right() {
    let fixture = fixture();
    let server = start(&fixture, "/");
    let pages = [
        "index.html",
        "01-one.html",
        "02-two.html",
        "toc.js",
        "assets/style.css",
    ];
    let expected: Vec<Vec<u8>> = pages
        .iter()
        .map(|p| http_get(&format!("{}{p}", server.url)).1)
        .collect();
    let url = server.url.clone();
    let clients: Vec<_> = (0..200)
        .map(|c| {
            let (url, expected) = (url.clone(), expected.clone());
            std::thread::spawn(move || {
                for i in 0..20 {
                    let n = (c + i) % pages.len();
                    let (status, body) = http_get(&format!("{url}{}", pages[n]));
                    assert_eq!(status, 200);
                    assert!(
                        body == expected[n],
                        "client {c} got the wrong bytes for {}",
                        pages[n]
                    );
                }
            })
        })
        .collect();
    for client in clients {
        client.join().expect("client succeeded");
    }
}

#[test]
fn a_port_in_use_moves_to_the_next_free_one() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let fixture = fixture();
    let load = LoadOptions {
        root: fixture.book(),
        output: None,
        base_url: None,
    };
    let server = Server::start(ServeOptions {
        load,
        host: "127.0.0.1".into(),
        port,
        base: "/".into(),
        poll: false,
    })
    .unwrap();
    assert!(!server.url.contains(&format!(":{port}/")), "{}", server.url);
    assert_eq!(text(&server.url).0, 200);
}
