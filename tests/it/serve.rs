//! `skillbook serve`: a real server on 127.0.0.1 (ephemeral port), edited sources, live-reload
//! long polls, path safety and concurrency.

use std::time::Duration;

use skillbook::serve::{site_path, ServeOptions, Server};

use crate::support::{http_get, Fixture};

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
    let server = fixture.serve("/");
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
    let server = fixture.serve("/");
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
    let server = fixture.serve("/");
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
    let server = fixture.serve("/");
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
    let server = fixture.serve("/");
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
    let server = fixture.serve("/");
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
    let server = fixture.serve("/handbook/");
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
        "HEAD /handbook/assets/quiz.js HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut head = String::new();
    stream.read_to_string(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.0 200"), "{head}");
    assert!(
        head.contains("Content-Type: text/javascript; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("Cache-Control: no-store"), "{head}");
}

#[test]
fn two_hundred_concurrent_clients_each_get_twenty_pages_right() {
    let fixture = fixture();
    let server = fixture.serve("/");
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
    let server = Server::start(ServeOptions {
        load: fixture.options(),
        host: "127.0.0.1".into(),
        port,
        base: "/".into(),
        poll: false,
    })
    .unwrap();
    assert!(!server.url.contains(&format!(":{port}/")), "{}", server.url);
    assert_eq!(text(&server.url).0, 200);
}

/// A small deterministic random number generator (xorshift), so the edit sequence is reproducible.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Waits until a build newer than `generation` is published and no other follows for a moment.
fn settle(server: &Server, generation: u64) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while server.generation() <= generation && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut last = server.generation();
    loop {
        std::thread::sleep(Duration::from_millis(120));
        let now = server.generation();
        if now == last {
            return;
        }
        last = now;
    }
}

#[test]
fn fifty_random_edits_leave_the_served_site_identical_to_a_clean_build() {
    let words = [
        "latency", "index", "replica", "shard", "review", "merge", "deploy", "rollback", "queue",
        "cache",
    ];
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    let body = |rng: &mut Rng, title: &str| -> String {
        let mut text = format!("# {title}\n\n");
        for h in 0..1 + rng.below(3) {
            text.push_str(&format!("## {} {h}\n\n", words[rng.below(words.len())]));
            let sentence: Vec<&str> = (0..8).map(|_| words[rng.below(words.len())]).collect();
            text.push_str(&format!("{}.\n\n", sentence.join(" ")));
            if rng.below(2) == 0 {
                text.push_str(&format!(
                    "- [ ] check {}\n- [x] done {}\n\n",
                    words[rng.below(10)],
                    words[rng.below(10)]
                ));
            }
        }
        if rng.below(3) == 0 {
            text.push_str("```quiz\n[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Q\"\nanswer.answer = \"A\"\n```\n");
        }
        text.push_str("Back [home](00-home.md).\n");
        text
    };
    let mut chapters: Vec<(String, String)> = (1..=4)
        .map(|i| (format!("c{i}.md"), format!("Chapter {i}")))
        .collect();
    let summary = |chapters: &[(String, String)]| -> String {
        let list: String = chapters
            .iter()
            .map(|(f, t)| format!("- [{t}]({f})\n"))
            .collect();
        format!("# Summary\n\n[Home](00-home.md)\n\n# Part\n\n{list}")
    };
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"Eq\"\n"),
        ("00-home.md", "# Home\n"),
    ]);
    for (file, title) in &chapters {
        let text = body(&mut rng, title);
        fixture.write(file, &text);
    }
    fixture.write("SUMMARY.md", &summary(&chapters));
    let server = fixture.serve("/");
    let mut next_file = 5;
    for step in 0..50 {
        let generation = server.generation();
        match rng.below(10) {
            0..=4 => {
                // A body edit (the incremental path).
                let (file, title) = chapters[rng.below(chapters.len())].clone();
                let text = body(&mut rng, &title);
                fixture.write(&file, &text);
            }
            5 => {
                // A title edit in front matter.
                let (file, _) = chapters[rng.below(chapters.len())].clone();
                let text = format!(
                    "+++\ntitle = \"Retitled {step}\"\n+++\n{}",
                    body(&mut rng, "Body title")
                );
                fixture.write(&file, &text);
            }
            6 => {
                // A new chapter, then its SUMMARY entry.
                let file = format!("c{next_file}.md");
                next_file += 1;
                let text = body(&mut rng, "New");
                fixture.write(&file, &text);
                chapters.push((file, format!("New {step}")));
                fixture.write("SUMMARY.md", &summary(&chapters));
            }
            7 if chapters.len() > 2 => {
                // A deletion: out of SUMMARY first, then the file.
                let (file, _) = chapters.remove(rng.below(chapters.len()));
                fixture.write("SUMMARY.md", &summary(&chapters));
                std::fs::remove_file(fixture.book().join(file)).unwrap();
            }
            8 => {
                // A rename, reflected in SUMMARY.
                let at = rng.below(chapters.len());
                let new_name = format!("r{step}.md");
                std::fs::rename(
                    fixture.book().join(&chapters[at].0),
                    fixture.book().join(&new_name),
                )
                .unwrap();
                chapters[at].0 = new_name;
                fixture.write("SUMMARY.md", &summary(&chapters));
            }
            _ => {
                // A config change.
                fixture.write("handbook.toml", &format!("title = \"Eq {step}\"\n"));
            }
        }
        settle(&server, generation);
    }
    // Built as serve builds: with the server's address as the base URL.
    let options = skillbook::load::LoadOptions {
        base_url: Some(server.url.clone()),
        ..fixture.options()
    };
    let clean = skillbook::build_site(&options).expect("the final sources build");
    // The search index is part of the site, reusing unchanged chapters' terms from earlier builds.
    assert!(clean.files.contains_key("search/manifest.js"));
    let served = server.site();
    let differing: Vec<&String> = clean
        .files
        .keys()
        .chain(served.files.keys())
        .filter(|p| clean.files.get(*p) != served.files.get(*p))
        .collect();
    assert!(
        differing.is_empty(),
        "served and clean builds differ in {differing:?}"
    );
}

#[test]
fn a_stylesheet_only_change_is_reported_as_css_only() {
    let fixture = fixture();
    let server = fixture.serve("/");
    let generation = server.generation();
    // A theme override of the stylesheet: the page script swaps stylesheets instead of reloading
    // when every changed path is CSS.
    fixture.write("theme/assets/style.css", "body { color: red; }\n");
    let event = next_build(&server, generation);
    assert_eq!(event["changed"], serde_json::json!(["assets/style.css"]));
    assert_eq!(
        text(&format!("{}assets/style.css", server.url)).1,
        "body { color: red; }\n"
    );
}

#[test]
fn serve_indexes_an_edit_in_the_same_rebuild_and_drops_the_index_without_search() {
    let fixture = fixture();
    let server = fixture.serve("/handbook/");
    let shard = format!("{}search/s/0.js", server.url);
    let (status, body) = http_get(&shard);
    assert_eq!(status, 200);
    assert_eq!(
        body,
        server.site().files["search/s/0.js"],
        "served as built, no live-reload script injected"
    );
    assert!(!String::from_utf8_lossy(&body).contains("okapiword"));
    let generation = server.generation();
    fixture.write(
        "02-two.md",
        "# Two\n\nSecond chapter about the okapiword.\n",
    );
    let event = next_build(&server, generation);
    assert!(
        event["changed"]
            .as_array()
            .unwrap()
            .contains(&"search/s/0.js".into()),
        "{event}"
    );
    assert!(text(&shard).1.contains("\"okapiword\""));
    // With search turned off, the index is no longer served.
    let generation = server.generation();
    fixture.write("handbook.toml", "title = \"Live\"\nsearch = false\n");
    next_build(&server, generation);
    assert_eq!(text(&shard).0, 404);
    assert_eq!(text(&format!("{}search/manifest.js", server.url)).0, 404);
}

#[test]
fn serve_under_a_sub_path_gives_the_404_page_links_under_that_path() {
    let fixture = fixture();
    let server = fixture.serve("/handbook/");
    let (status, page) = text(&format!("{}a/b/missing", server.url));
    assert_eq!(status, 404);
    assert!(
        page.contains(r#"<link rel="stylesheet" href="/handbook/assets/style.css">"#),
        "{page}"
    );
    assert!(page.contains(r#"href="/handbook/index.html""#), "{page}");
}

/// A book whose `base-url` (or mdBook's `site-url`) names a sub-path, previewed at `/`, served a
/// not-found page whose stylesheet and links pointed under that sub-path: unstyled and broken.
#[test]
fn the_preview_404_page_pointed_under_the_published_sub_path() {
    let fixture = Fixture::new(&[
        (
            "handbook.toml",
            "title = \"T\"\nbase-url = \"https://me.github.io/repo/\"\n",
        ),
        ("one.md", "# One\n"),
    ]);
    let server = fixture.serve("/");
    let (status, page) = text(&format!("{}a/b/missing", server.url));
    assert_eq!(status, 404);
    assert!(
        page.contains(r#"<link rel="stylesheet" href="/assets/style.css">"#),
        "{page}"
    );
    assert!(page.contains(r#"href="/index.html""#), "{page}");
}

/// Sends `request` (raw HTTP) to the server of `url` and returns the whole response as text.
fn raw(url: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let host = url.trim_start_matches("http://").split('/').next().unwrap();
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

/// DNS rebinding: a page on another site, resolved to 127.0.0.1, could read the preview and the
/// live-reload endpoint; requests naming a foreign host are refused.
#[test]
fn a_request_for_a_foreign_host_name_was_answered() {
    let fixture = fixture();
    let server = fixture.serve("/");
    let evil = raw(
        &server.url,
        "GET /01-one.html HTTP/1.1\r\nHost: evil.example:3000\r\nConnection: close\r\n\r\n",
    );
    assert!(evil.starts_with("HTTP/1.0 403"), "{evil}");
    assert!(!evil.contains("First version"), "{evil}");
    let poll = raw(
        &server.url,
        "GET /__skillbook/poll?since=-1 HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert!(poll.starts_with("HTTP/1.0 403"), "{poll}");
    for host in ["localhost:1234", "127.0.0.1", "[::1]:80", "LOCALHOST"] {
        let ok = raw(
            &server.url,
            &format!("GET /01-one.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert!(ok.starts_with("HTTP/1.0 200"), "{host}: {ok}");
    }
}

/// The live-reload answer carried the handbook's absolute path in its error text.
#[test]
fn the_live_reload_answer_carried_absolute_paths() {
    let fixture = fixture();
    let server = fixture.serve("/");
    let generation = server.generation();
    fixture.write("01-one.md", "# One\n\n[broken](02-two.md#nowhere)\n");
    let state = next_build(&server, generation);
    let error = state["error"].as_str().expect("the build failed");
    assert!(error.contains("01-one.md:3:"), "{error}");
    let root = fixture.dir.path().to_string_lossy().into_owned();
    assert!(!error.contains(&root), "{error}");
}

/// Long polls held a thread each, so a page load queued behind fifty of them waited.
#[test]
fn a_page_loads_while_fifty_live_reload_polls_are_pending() {
    use std::io::Write;
    let fixture = fixture();
    let server = fixture.serve("/");
    let generation = server.generation();
    let host = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let polls: Vec<std::net::TcpStream> = (0..50)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(host).unwrap();
            write!(
                s,
                "GET /__skillbook/poll?since={generation} HTTP/1.1\r\nHost: {host}\r\n\r\n"
            )
            .unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let start = std::time::Instant::now();
    let (status, body) = text(&format!("{}01-one.html", server.url));
    let took = start.elapsed();
    assert_eq!(status, 200);
    assert!(body.contains("First version"));
    eprintln!("page load with 50 pending polls: {} ms", took.as_millis());
    // Every parked poll is answered by the next build.
    fixture.write("01-one.md", "# One\n\nSecond version.\n");
    for mut poll in polls {
        poll.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut buffer = [0u8; 512];
        let n = std::io::Read::read(&mut poll, &mut buffer).unwrap();
        let head = String::from_utf8_lossy(&buffer[..n]);
        assert!(head.starts_with("HTTP/1.0 200"), "{head}");
    }
}

/// Idle connections could occupy every worker, so nobody else was served.
#[test]
fn two_thousand_idle_connections_do_not_stop_a_page_load() {
    let fixture = fixture();
    let server = fixture.serve("/");
    let host = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let idle: Vec<std::net::TcpStream> = (0..2000)
        .map_while(|_| std::net::TcpStream::connect(host).ok())
        .collect();
    assert_eq!(idle.len(), 2000, "the test could open 2,000 connections");
    let (status, body) = text(&format!("{}02-two.html", server.url));
    assert_eq!(status, 200);
    assert!(body.contains("Second chapter"));
}

/// The first build failed: the browser got a plain 404 with no overlay and stayed there after
/// the fix until a manual refresh.
#[test]
fn a_first_build_that_fails_showed_a_bare_404_until_a_manual_refresh() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"Live\"\n"),
        ("01-one.md", "# One\n\n[broken](nowhere.md)\n"),
    ]);
    let server = fixture.serve("/");
    let (status, page) = text(&format!("{}01-one.html", server.url));
    assert_eq!(status, 500);
    assert!(page.contains("The handbook does not build yet"), "{page}");
    assert!(page.contains("01-one.md:3:"), "{page}");
    assert!(
        page.contains("<script src=\"/__skillbook/live.js\">"),
        "{page}"
    );
    let generation = server.generation();
    fixture.write("01-one.md", "# One\n\nFixed.\n");
    let state = next_build(&server, generation);
    assert_eq!(state["error"], serde_json::Value::Null);
    let (status, page) = text(&format!("{}01-one.html", server.url));
    assert_eq!(status, 200);
    assert!(page.contains("Fixed."));
}

#[test]
fn serve_refuses_a_missing_folder_with_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let Err(errors) = Server::start(ServeOptions {
        load: skillbook::load::LoadOptions {
            root: missing.clone(),
            ..Default::default()
        },
        host: "127.0.0.1".into(),
        port: 0,
        base: "/".into(),
        poll: false,
    }) else {
        panic!("a missing folder cannot be served");
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors.render(false),
        format!(
            "error: handbook directory does not exist\n = in {}\n = help: pass the directory holding handbook.toml, or run `skillbook init` to start one\n\n1 error\n",
            missing.display()
        )
    );
}

/// `/handbook` (the base without its slash) and `/part` (a folder) were served as pages, so
/// their relative links pointed one level too high and the stylesheet was a 404.
#[test]
fn a_folder_without_its_trailing_slash_was_served_with_broken_relative_links() {
    let fixture = Fixture::new(&[
        ("handbook.toml", "title = \"Live\"\n"),
        ("01-one.md", "# One\n\nText.\n"),
        ("part/README.md", "# Part\n\nLanding.\n"),
        ("part/02-two.md", "# Two\n\nText.\n"),
    ]);
    let server = fixture.serve("/handbook/");
    for (asked, location) in [
        ("/handbook", "/handbook/"),
        ("/handbook/part", "/handbook/part/"),
        ("/handbook/part?x=1", "/handbook/part/?x=1"),
    ] {
        let answer = raw(
            &server.url,
            &format!("GET {asked} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        );
        assert!(answer.starts_with("HTTP/1.0 301"), "{asked}: {answer}");
        assert!(
            answer.contains(&format!("Location: {location}\r\n")),
            "{asked}: {answer}"
        );
    }
    assert_eq!(text(&format!("{}part/", server.url)).0, 200);
    assert_eq!(text(&format!("{}01-one.html", server.url)).0, 200);
}

/// After `serve` restarted, an open page polled with the old server's (higher) generation and
/// was held for the whole wait, missing the next reload; it is answered at once.
#[test]
fn a_page_from_before_a_restart_waited_out_its_poll() {
    let fixture = fixture();
    let server = fixture.serve("/");
    let start = std::time::Instant::now();
    let (status, body) = text(&format!("{}__skillbook/poll?since=99", server.url));
    assert_eq!(status, 200);
    let state: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(state["generation"], 1);
    assert!(
        start.elapsed() < skillbook::serve::POLL_WAIT,
        "answered before the poll's wait ran out"
    );
}
