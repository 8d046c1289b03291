//! Test helpers: fixture handbooks in temporary directories, built in memory or by the binary.
//! The server and browser helpers live in `web.rs` and are re-exported here.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use skillbook::load::LoadOptions;
use skillbook::Site;
use tempfile::TempDir;

pub use crate::web::{browser_lock, counts, http_get, in_browser, run_async, Browser, Server};

/// The "today" the binary runs with in tests, so that no test depends on the wall clock.
pub const TODAY: &str = "2026-06-15";

/// The smallest `handbook.toml`: a title.
pub const CONFIG: (&str, &str) = ("handbook.toml", "title = \"T\"\n");

/// A temporary directory holding `book/` (the fixture handbook) and room for `site/`.
pub struct Fixture {
    pub dir: TempDir,
}

impl Fixture {
    pub fn new(files: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixture = Fixture { dir };
        for (path, text) in files {
            fixture.write(path, text);
        }
        fixture
    }

    pub fn book(&self) -> PathBuf {
        self.dir.path().join("book")
    }

    pub fn write(&self, path: &str, text: &str) {
        let full = self.book().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, text).unwrap();
    }

    /// What to build: the fixture's handbook, in memory.
    pub fn options(&self) -> LoadOptions {
        LoadOptions {
            root: self.book(),
            ..LoadOptions::default()
        }
    }

    /// Runs `skillbook serve` on the fixture (127.0.0.1, any free port) under `base`.
    pub fn serve(&self, base: &str) -> skillbook::serve::Server {
        skillbook::serve::Server::start(skillbook::serve::ServeOptions {
            load: self.options(),
            host: "127.0.0.1".into(),
            port: 0,
            base: base.into(),
            poll: false,
        })
        .expect("server starts")
    }

    /// Builds the fixture in memory; panics with the rendered diagnostics if it fails.
    pub fn site(&self) -> Site {
        let options = self.options();
        match skillbook::build_site(&options) {
            Ok(site) => site,
            Err(d) => panic!("build failed:\n{}", d.render(false)),
        }
    }

    /// Builds the fixture in memory and returns its diagnostics (paths relative to the fixture
    /// directory, e.g. `book/ch.md`); panics if it builds.
    pub fn errors(&self) -> String {
        let options = self.options();
        match skillbook::build_site(&options) {
            Ok(_) => panic!("the build was expected to fail"),
            Err(d) => d
                .render(false)
                .replace(&format!("{}/", self.dir.path().display()), ""),
        }
    }

    /// Builds the fixture in memory and returns its warnings rendered (paths relative to the
    /// fixture directory); panics if it fails.
    pub fn warnings(&self, options: &LoadOptions) -> String {
        match skillbook::build_parts(options) {
            Ok(built) => built
                .warnings
                .render(false)
                .replace(&format!("{}/", self.dir.path().display()), ""),
            Err(d) => panic!("build failed:\n{}", d.render(false)),
        }
    }

    /// Runs the binary in the fixture's directory with "today" fixed at [`TODAY`]; returns
    /// (exit code, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String) {
        let (code, _, stderr) = self.run_on(TODAY, args);
        (code, stderr)
    }

    /// Runs the binary in the fixture's directory with `SKILLBOOK_TODAY` set to `today`;
    /// returns (exit code, stdout, stderr).
    pub fn run_on(&self, today: &str, args: &[&str]) -> (i32, String, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_skillbook"))
            .args(args)
            .env("SKILLBOOK_TODAY", today)
            .current_dir(self.dir.path())
            .output()
            .expect("run skillbook");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

/// A page of a built site as text.
pub fn page(site: &Site, path: &str) -> String {
    let bytes = site
        .files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in {:?}", site.files.keys().collect::<Vec<_>>()));
    String::from_utf8(bytes.to_vec()).unwrap()
}
