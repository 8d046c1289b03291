//! Installing and publishing: the GitHub Pages workflow `init` writes (parsed, and its download
//! and fallback scripts run against a release served on 127.0.0.1 and a local git repository),
//! this repository's own workflows, and `skillbook --version`.

use std::path::Path;
use std::process::Command;

use serde_norway::Value;
use skillbook::Site;

use crate::support::{Fixture, Server};

const VERSION: &str = env!("CARGO_PKG_VERSION");
const TARGET: &str = "x86_64-unknown-linux-gnu";

/// The workflow `skillbook init` writes, as text and parsed.
fn init_workflow() -> (String, Value) {
    let fixture = Fixture::new(&[]);
    assert_eq!(fixture.run(&["init", "new"]).0, 0);
    let text = std::fs::read_to_string(fixture.dir.path().join("new/.github/workflows/pages.yml"))
        .unwrap();
    let workflow = serde_norway::from_str(&text).expect("valid YAML");
    (text, workflow)
}

fn steps<'a>(workflow: &'a Value, job: &str) -> &'a [Value] {
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("job {job} has steps"))
}

/// The position and the step of `job` whose `field` (`id`, `name`, `uses`, `run`) contains `needle`.
fn step<'a>(workflow: &'a Value, job: &str, field: &str, needle: &str) -> (usize, &'a Value) {
    steps(workflow, job)
        .iter()
        .enumerate()
        .find(|(_, s)| s[field].as_str().is_some_and(|v| v.contains(needle)))
        .unwrap_or_else(|| panic!("no step in {job} whose {field} contains {needle:?}"))
}

fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {value:?}"))
}

/// Every `uses:` of a workflow text: (action, ref, comment after it).
fn uses(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix("uses: "))
        .map(|u| {
            let (action, rest) = u.split_once('@').expect("action@ref");
            let (reference, comment) = rest.split_once(" # ").unwrap_or((rest, ""));
            (
                action.into(),
                reference.trim().into(),
                comment.trim().into(),
            )
        })
        .collect()
}

/// Asserts every action is pinned to a full commit SHA with the release it is as a comment.
fn assert_pinned(path: &str, text: &str) {
    let uses = uses(text);
    assert!(!uses.is_empty(), "{path} uses no action");
    for (action, reference, comment) in uses {
        assert!(
            reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit()),
            "{path}: {action}@{reference} is not pinned to a commit SHA"
        );
        assert!(
            comment.starts_with('v'),
            "{path}: {action}@{reference} lacks its `# vX.Y.Z` comment"
        );
    }
}

#[test]
fn init_writes_a_pages_workflow_pinned_to_this_version_of_skillbook() {
    let (text, workflow) = init_workflow();
    assert!(!text.contains("@SKILLBOOK_"), "placeholder left:\n{text}");
    assert_eq!(str_of(&workflow["env"], "SKILLBOOK_VERSION"), VERSION);
    assert_eq!(
        str_of(&workflow["env"], "SKILLBOOK_REPOSITORY"),
        env!("CARGO_PKG_REPOSITORY")
    );
    // Deployments queue in push order; none is cancelled half way or overtaken by an older one.
    assert_eq!(str_of(&workflow["concurrency"], "group"), "pages");
    assert_eq!(workflow["concurrency"]["cancel-in-progress"], false);
    assert_pinned("init's pages.yml", &text);
    let actions = |job: &str| -> Vec<&str> {
        steps(&workflow, job)
            .iter()
            .filter_map(|s| s["uses"].as_str()?.split('@').next())
            .collect()
    };
    assert_eq!(
        actions("build"),
        [
            "actions/checkout",
            "actions/configure-pages",
            "actions/cache",
            "actions/upload-pages-artifact"
        ]
    );
    assert_eq!(actions("deploy"), ["actions/deploy-pages"]);
    // Least privilege: only the deploy job may write to Pages and mint an OIDC token.
    assert_eq!(str_of(&workflow["permissions"], "contents"), "read");
    assert_eq!(
        str_of(&workflow["jobs"]["build"]["permissions"], "pages"),
        "read"
    );
    assert_eq!(
        str_of(&workflow["jobs"]["deploy"]["permissions"], "pages"),
        "write"
    );
    assert_eq!(
        str_of(&workflow["jobs"]["deploy"]["permissions"], "id-token"),
        "write"
    );
    // The starter handbook it sits in builds, and the workflow directory is not read as content.
    let fixture = Fixture::new(&[]);
    assert_eq!(fixture.run(&["init", "new"]).0, 0);
    let (code, stderr) = fixture.run(&["build", "new", "-o", "out"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn init_refused_a_repository_that_already_had_a_readme() {
    let fixture = Fixture::new(&[("README.md", "# My project\n\nAbout it.\n")]);
    let (code, stderr) = fixture.run(&["init", "book"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        "created book/handbook.toml\ncreated book/01-getting-started.md\ncreated book/.github/workflows/pages.yml\ncreated book/.gitignore\nkept book/README.md (already there; init never overwrites files)\nnext: skillbook build book\n"
    );
    let book = fixture.dir.path().join("book");
    assert_eq!(
        std::fs::read_to_string(book.join("README.md")).unwrap(),
        "# My project\n\nAbout it.\n"
    );
    let (code, stderr) = fixture.run(&["build", "book", "-o", "out"]);
    assert_eq!(code, 0, "{stderr}");
    // In an existing handbook, init adds the workflow only, even without a starter chapter.
    std::fs::remove_file(book.join(".github/workflows/pages.yml")).unwrap();
    std::fs::remove_file(book.join("01-getting-started.md")).unwrap();
    let (code, stderr) = fixture.run(&["init", "book"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        "created book/.github/workflows/pages.yml\nnext: skillbook build book\n"
    );
    assert!(!book.join("01-getting-started.md").exists());
}

#[test]
fn init_turned_a_code_repository_or_an_mdbook_book_into_a_starter_handbook() {
    let code = Fixture::new(&[
        ("README.md", "# Tool\n"),
        ("Cargo.toml", "[package]\n"),
        ("src/main.rs", "fn main() {}\n"),
        ("LICENSE", "MIT\n"),
    ]);
    let (status, stderr) = code.run(&["init", "book"]);
    assert_eq!(status, 1);
    assert_eq!(
        stderr,
        "error: holds files that are not a handbook's (`Cargo.toml`, `src`): a handbook here would publish them\n = in book\n = help: run init in an empty folder or a new repository (its README and licence are kept), or in a folder of its own, e.g. `skillbook init handbook`\n\n1 error\n"
    );
    assert!(!code.dir.path().join("book/handbook.toml").exists());
    // An mdBook book gets the workflow, not a handbook.toml that would replace its book.toml.
    let mdbook = Fixture::new(&[
        ("book.toml", "[book]\ntitle = \"B\"\n"),
        ("src/SUMMARY.md", "- [A](a.md)\n"),
        ("src/a.md", "# A\n"),
    ]);
    let (status, stderr) = mdbook.run(&["init", "book"]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(
        stderr,
        "created book/.github/workflows/pages.yml\ncreated book/.gitignore\nnext: skillbook build book\n"
    );
}

// Regression: the README said `init` adds only the workflow to an existing mdBook book or
// handbook, but it also writes a `.gitignore` for the built `site/`; one already there (mdBook
// books often have one for `book/`) must stay as it is.
#[test]
fn init_in_an_mdbook_book_wrote_a_gitignore_the_readme_did_not_mention() {
    let mdbook = Fixture::new(&[
        ("book.toml", "[book]\ntitle = \"B\"\n"),
        ("src/SUMMARY.md", "- [A](a.md)\n"),
        ("src/a.md", "# A\n"),
        (".gitignore", "book\n"),
    ]);
    let (status, stderr) = mdbook.run(&["init", "book"]);
    assert_eq!(
        (status, stderr.as_str()),
        (
            0,
            "created book/.github/workflows/pages.yml\nnext: skillbook build book\n"
        )
    );
    let ignore = mdbook.book().join(".gitignore");
    assert_eq!(std::fs::read_to_string(&ignore).unwrap(), "book\n");
    // Without one, init adds it, ignoring the built site only.
    std::fs::remove_file(&ignore).unwrap();
    std::fs::remove_file(mdbook.book().join(".github/workflows/pages.yml")).unwrap();
    let (status, stderr) = mdbook.run(&["init", "book"]);
    assert_eq!(
        (status, stderr.as_str()),
        (
            0,
            "created book/.github/workflows/pages.yml\ncreated book/.gitignore\nnext: skillbook build book\n"
        )
    );
    assert_eq!(std::fs::read_to_string(&ignore).unwrap(), "site/\n");
    // The README's `init` row says so.
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let row = readme
        .lines()
        .find(|line| line.starts_with("| `skillbook init"))
        .unwrap();
    assert!(
        row.contains("it adds only the workflow and the `.gitignore`"),
        "{row}"
    );
}

/// Runs skillbook with `args` in `dir`; returns (exit code, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_skillbook"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run skillbook");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr)
}

/// The words the build step of the workflow at `path` passes to `skillbook`, run by bash the
/// way a runner does, with a `skillbook` that prints its arguments one a line.
fn build_step_words(fixture: &Fixture, path: &Path) -> String {
    let workflow: Value =
        serde_norway::from_str(&std::fs::read_to_string(path).unwrap()).expect("valid YAML");
    let (_, build) = step(&workflow, "build", "run", "skillbook build");
    let bin = fixture.dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(bin.join("skillbook"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n").unwrap();
    assert!(Command::new("chmod")
        .arg("+x")
        .arg(bin.join("skillbook"))
        .status()
        .unwrap()
        .success());
    let path_var = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
        .arg(str_of(build, "run"))
        .env("PATH", path_var)
        .env("BASE_URL", "https://me.github.io/tool/")
        .output()
        .expect("run bash");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

// Regression: in a code repository, `skillbook init docs` wrote `docs/.github/workflows/pages.yml`.
// GitHub reads workflows only from `.github/workflows` at the repository's root, so it never ran;
// moved there, it built `.`, the whole repository, and published the code (`src/main.rs`).
#[test]
fn init_in_a_repository_subfolder_wrote_a_workflow_github_never_runs() {
    let fixture = Fixture::new(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        (".gitignore", "target\n"),
        ("README.md", "# Tool\n"),
        ("Cargo.toml", "[package]\n"),
        ("src/main.rs", "fn main() {}\n"),
    ]);
    let repo = fixture.book();
    let (status, stderr) = fixture.run(&["init", "book/docs"]);
    assert_eq!(
        (status, stderr.as_str()),
        (
            0,
            "created book/docs/handbook.toml\n\
             created book/docs/README.md\n\
             created book/docs/01-getting-started.md\n\
             created book/.github/workflows/pages.yml\n\
             note: book/.github/workflows/pages.yml is at the repository's root, the only place GitHub runs workflows from, and publishes `docs` (`skillbook build docs -o site`)\n\
             note: add `/site/` to book/.gitignore to keep the built site out of git\n\
             next: skillbook build book/docs\n"
        )
    );
    assert!(!repo.join("docs/.github").exists());
    assert!(!repo.join("docs/.gitignore").exists());
    assert_eq!(
        std::fs::read_to_string(repo.join(".gitignore")).unwrap(),
        "target\n"
    );
    let workflow = repo.join(".github/workflows/pages.yml");
    let text = std::fs::read_to_string(&workflow).unwrap();
    assert!(
        text.contains(
            "\n        run: |\n          skillbook build docs -o site --base-url \"$BASE_URL\"\n\n"
        ),
        "{text}"
    );
    assert!(text.contains("\n        run: skillbook check --site site --base \"$BASE_PATH/\"\n"));
    assert_eq!(
        build_step_words(&fixture, &workflow),
        "build\ndocs\n-o\nsite\n--base-url\nhttps://me.github.io/tool/\n"
    );
    // Built as the workflow builds it, at the root, the site holds the handbook and no code.
    let (status, stderr) = run_in(&repo, &["build", "docs", "-o", "site"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(repo.join("site/01-getting-started.html").is_file());
    let mut published = vec![];
    for entry in std::fs::read_dir(repo.join("site")).unwrap() {
        published.push(entry.unwrap().file_name().to_string_lossy().into_owned());
    }
    assert!(
        !published
            .iter()
            .any(|name| name.contains("main") || name == "src"),
        "{published:?}"
    );
    // A workflow already at the root is kept, saying what to do instead; in what is now a
    // handbook, init writes nothing else.
    let (status, stderr) = fixture.run(&["init", "book/docs"]);
    assert_eq!(
        (status, stderr.as_str()),
        (
            0,
            "kept book/.github/workflows/pages.yml (already there; init never overwrites files)\n\
             note: to publish the handbook with book/.github/workflows/pages.yml, make it build `docs` (`skillbook build docs -o site`), or remove it and run init again\n\
             note: add `/site/` to book/.gitignore to keep the built site out of git\n\
             next: skillbook build book/docs\n"
        )
    );
    assert_eq!(std::fs::read_to_string(&workflow).unwrap(), text);
    // Run in the subfolder itself, paths are named from there.
    std::fs::remove_file(&workflow).unwrap();
    std::fs::write(repo.join(".gitignore"), "target\n/site/\n").unwrap();
    let (status, stderr) = run_in(&repo.join("docs"), &["init"]);
    assert_eq!(
        (status, stderr.as_str()),
        (
            0,
            "created ../.github/workflows/pages.yml\n\
             note: ../.github/workflows/pages.yml is at the repository's root, the only place GitHub runs workflows from, and publishes `docs` (`skillbook build docs -o site`)\n\
             next: skillbook build .\n"
        )
    );
}

#[test]
fn init_in_a_worktree_subfolder_builds_it_as_one_word_whatever_its_name() {
    // A worktree's `.git` is a file; the folder's name has spaces, quotes and `${{`, which
    // GitHub would otherwise read as an expression.
    let name = "team/it's a \"book\" ${{ secrets.X }}";
    let fixture = Fixture::new(&[(".git", "gitdir: /elsewhere/.git/worktrees/book\n")]);
    let (status, stderr) = fixture.run(&["init", &format!("book/{name}")]);
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stderr.contains("\ncreated book/.github/workflows/pages.yml\ncreated book/.gitignore\n"),
        "{stderr}"
    );
    let repo = fixture.book();
    assert_eq!(
        std::fs::read_to_string(repo.join(".gitignore")).unwrap(),
        "/site/\n"
    );
    let workflow = repo.join(".github/workflows/pages.yml");
    let text = std::fs::read_to_string(&workflow).unwrap();
    assert!(
        text.contains("\n          skillbook build 'team/it'\\''s a \"book\" $''{{ secrets.X }}' -o site --base-url \"$BASE_URL\"\n"),
        "{text}"
    );
    assert_eq!(
        build_step_words(&fixture, &workflow),
        format!("build\n{name}\n-o\nsite\n--base-url\nhttps://me.github.io/tool/\n")
    );
    // At the repository's root, init works as before: the workflow builds `.`.
    let root = Fixture::new(&[
        (".git/HEAD", "ref: refs/heads/main\n"),
        ("README.md", "# B\n"),
    ]);
    let (status, stderr) = root.run(&["init", "book"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stderr.contains("\ncreated book/.github/workflows/pages.yml\ncreated book/.gitignore\nkept book/README.md"),
        "{stderr}"
    );
    assert!(!stderr.contains("note:"), "{stderr}");
    let text = std::fs::read_to_string(root.book().join(".github/workflows/pages.yml")).unwrap();
    assert!(text.contains("\n          skillbook build . -o site --base-url \"$BASE_URL\"\n"));
}

#[test]
fn init_workflow_builds_for_the_published_address_and_checks_the_site_before_deploying() {
    let (_, workflow) = init_workflow();
    let (download, _) = step(&workflow, "build", "id", "download");
    let (build, build_step) = step(&workflow, "build", "run", "skillbook build");
    let (check, check_step) = step(&workflow, "build", "run", "skillbook check");
    let (upload, _) = step(&workflow, "build", "uses", "actions/upload-pages-artifact");
    assert!(download < build && build < check && check < upload);
    assert_eq!(
        str_of(build_step, "run"),
        "skillbook build . -o site --base-url \"$BASE_URL\"\n"
    );
    assert_eq!(
        str_of(&build_step["env"], "BASE_URL"),
        "${{ steps.pages.outputs.base_url }}"
    );
    assert_eq!(
        str_of(check_step, "run"),
        "skillbook check --site site --base \"$BASE_PATH/\""
    );
    assert_eq!(
        str_of(&check_step["env"], "BASE_PATH"),
        "${{ steps.pages.outputs.base_path }}"
    );
}

/// What a step's script did: its exit code, its stderr, and what it wrote to `$GITHUB_OUTPUT`
/// and `$GITHUB_PATH`.
struct StepRun {
    code: i32,
    stderr: String,
    output: String,
    path: String,
}

/// Runs the `run` script of the step with id `id` of init's workflow the way a GitHub runner
/// does (`bash -eo pipefail`) on a Linux x86_64 runner, with `env` added.
fn run_step(id: &str, runner_temp: &Path, env: &[(&str, &str)]) -> StepRun {
    let (_, workflow) = init_workflow();
    let (_, step) = step(&workflow, "build", "id", id);
    assert_eq!(str_of(step, "shell"), "bash");
    let (output, path) = (runner_temp.join("output"), runner_temp.join("path"));
    for file in [&output, &path] {
        std::fs::write(file, "").unwrap();
    }
    let result = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
        .arg(str_of(step, "run"))
        .current_dir(runner_temp)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", runner_temp)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_PATH", &path)
        .env("SKILLBOOK_VERSION", VERSION)
        .envs(env.iter().copied())
        .output()
        .expect("run bash");
    StepRun {
        code: result.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&result.stderr).into_owned(),
        output: std::fs::read_to_string(output).unwrap(),
        path: std::fs::read_to_string(path).unwrap(),
    }
}

/// A GitHub release of this version for Linux x86_64, laid out as the release workflow
/// publishes it: `skillbook-v<version>-<target>.tar.gz` holding a folder of that name with the
/// binary (here a script printing its version), and `<archive>.sha256` in `sha256sum` format.
/// With `tampered`, the archive served is not the one the checksum was computed for.
fn release(tampered: bool) -> Site {
    let work = tempfile::tempdir().unwrap();
    let name = format!("skillbook-v{VERSION}-{TARGET}");
    let archive = format!("{name}.tar.gz");
    std::fs::create_dir(work.path().join(&name)).unwrap();
    let binary = work.path().join(&name).join("skillbook");
    std::fs::write(&binary, format!("#!/bin/sh\necho 'skillbook {VERSION}'\n")).unwrap();
    let sh = |command: &str| {
        let status = Command::new("sh")
            .args(["-c", command])
            .current_dir(work.path())
            .status()
            .unwrap();
        assert!(status.success(), "{command}");
    };
    sh(&format!(
        "chmod +x {name}/skillbook && tar -czf {archive} {name} && sha256sum {archive} > {archive}.sha256"
    ));
    if tampered {
        std::fs::write(&binary, "#!/bin/sh\necho 'something else'\n").unwrap();
        sh(&format!("tar -czf {archive} {name}"));
    }
    let dir = format!("skillbook/skillbook/releases/download/v{VERSION}");
    let mut site = Site::default();
    for file in [archive.clone(), format!("{archive}.sha256")] {
        site.insert(
            format!("{dir}/{file}"),
            std::fs::read(work.path().join(&file)).unwrap(),
        );
    }
    site
}

/// The archive URL `cargo binstall` builds from `[package.metadata.binstall]` in Cargo.toml.
fn binstall_url(repository: &str, target: &str) -> String {
    let manifest: toml::Table =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let binstall = &manifest["package"]["metadata"]["binstall"];
    binstall["pkg-url"]
        .as_str()
        .unwrap()
        .replace("{ repo }", repository)
        .replace("{ name }", "skillbook")
        .replace("{ version }", VERSION)
        .replace("{ target }", target)
}

/// Serves `release` on 127.0.0.1 as the repository `skillbook/skillbook` and runs init's
/// download step against it: (server, repository URL, RUNNER_TEMP, what the step did).
fn download_from(release: Site) -> (Server, String, tempfile::TempDir, StepRun) {
    let server = Server::start(release, "/");
    let repository = format!("{}skillbook/skillbook", server.url);
    let temp = tempfile::tempdir().unwrap();
    let result = run_step(
        "download",
        temp.path(),
        &[("SKILLBOOK_REPOSITORY", &repository)],
    );
    (server, repository, temp, result)
}

#[test]
fn init_workflow_downloads_the_release_and_verifies_its_checksum() {
    let (server, repository, temp, run) = download_from(release(false));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.output, "installed=true\n");
    let dir = temp.path().join(format!("skillbook-v{VERSION}-{TARGET}"));
    assert_eq!(run.path, format!("{}\n", dir.display()));
    assert!(dir.join("skillbook").is_file());
    // It fetches the very archive `cargo binstall` fetches, and its checksum beside it.
    let archive = binstall_url(&repository, TARGET);
    let requested: Vec<String> = server.take_log().into_iter().map(|(t, _)| t).collect();
    let origin = server.url.trim_end_matches('/');
    let local = |url: &str| url.trim_start_matches(origin).to_string();
    assert_eq!(
        requested,
        [local(&archive), local(&format!("{archive}.sha256"))]
    );
}

#[test]
fn init_workflow_refuses_a_release_archive_whose_checksum_does_not_match() {
    let (_server, _, temp, run) = download_from(release(true));
    assert_ne!(run.code, 0, "a tampered archive must fail the step");
    assert!(
        run.stderr.contains("computed checksum did NOT match"),
        "{}",
        run.stderr
    );
    assert_eq!((run.output.as_str(), run.path.as_str()), ("", ""));
    assert!(!temp
        .path()
        .join(format!("skillbook-v{VERSION}-{TARGET}"))
        .exists());
}

#[test]
fn init_workflow_falls_back_to_a_source_build_when_the_version_has_no_release() {
    let (_server, _, _temp, run) = download_from(Site::default());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        (run.output.as_str(), run.path.as_str()),
        ("installed=false\n", "")
    );

    // The fallback: `cargo install --locked` from the repository at a resolved commit, cached
    // under that commit, skipped when the download worked or the cache already holds it.
    let (_, workflow) = init_workflow();
    let (source, _) = step(&workflow, "build", "id", "source");
    let (cache, cache_step) = step(&workflow, "build", "uses", "actions/cache");
    let (install, install_step) = step(&workflow, "build", "run", "cargo install");
    let (build, _) = step(&workflow, "build", "run", "skillbook build");
    assert!(source < cache && cache < install && install < build);
    assert_eq!(str_of(cache_step, "id"), "cache");
    assert_eq!(str_of(&cache_step["with"], "path"), "~/.skillbook");
    assert_eq!(
        str_of(&cache_step["with"], "key"),
        "skillbook-${{ runner.os }}-${{ runner.arch }}-${{ steps.source.outputs.rev }}"
    );
    assert_eq!(
        str_of(cache_step, "if"),
        "steps.download.outputs.installed != 'true'"
    );
    assert_eq!(
        str_of(install_step, "if"),
        "steps.download.outputs.installed != 'true' && steps.cache.outputs.cache-hit != 'true'"
    );
    assert_eq!(
        str_of(install_step, "run"),
        "cargo install --locked --git \"$SKILLBOOK_REPOSITORY\" --rev \"$REV\" --root \"$HOME/.skillbook\" skillbook"
    );
    assert_eq!(
        str_of(&install_step["env"], "REV"),
        "${{ steps.source.outputs.rev }}"
    );
}

/// A git repository with a commit tagged `v<version>` (annotated) and a newer untagged commit;
/// returns its path and the two commits (tagged, newest).
fn repository_with_a_tag(tag: bool) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| -> String {
        let output = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("git");
        assert!(output.status.success(), "git {args:?}");
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    };
    git(&["init", "-q"]);
    git(&["commit", "-q", "--allow-empty", "-m", "release"]);
    let tagged = git(&["rev-parse", "HEAD"]);
    if tag {
        git(&["tag", "-a", &format!("v{VERSION}"), "-m", "release"]);
    }
    git(&["commit", "-q", "--allow-empty", "-m", "newer"]);
    let newest = git(&["rev-parse", "HEAD"]);
    (dir, tagged, newest)
}

#[test]
fn init_workflow_builds_the_release_tag_from_source_else_the_default_branch() {
    for tag in [true, false] {
        let (repo, tagged, newest) = repository_with_a_tag(tag);
        let temp = tempfile::tempdir().unwrap();
        let repository = repo.path().to_str().unwrap();
        let run = run_step(
            "source",
            temp.path(),
            &[("SKILLBOOK_REPOSITORY", repository)],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let expected = if tag { tagged } else { newest };
        assert_eq!(run.output, format!("rev={expected}\n"), "tag: {tag}");
        let home = std::env::var("HOME").unwrap();
        assert_eq!(run.path, format!("{home}/.skillbook/bin\n"));
    }
}

/// This repository's workflow `name` in `.github/workflows/`, as text.
fn project_workflow(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows");
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_projects_own_workflows_pin_every_action_to_a_commit() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.iter().any(|n| n == "pages.yml") && names.iter().any(|n| n == "release.yml"));
    for name in &names {
        assert_pinned(name, &project_workflow(name));
    }
}

#[test]
fn the_projects_own_workflow_publishes_the_bundled_handbook() {
    let workflow: Value = serde_norway::from_str(&project_workflow("pages.yml")).unwrap();
    assert_eq!(str_of(&workflow["concurrency"], "group"), "pages");
    let (build, _) = step(&workflow, "build", "run", "cargo build --release --locked");
    let (site, _) = step(&workflow, "build", "run", "skillbook build handbook");
    let (check, _) = step(&workflow, "build", "run", "skillbook check --site site");
    assert!(build < site && site < check);
}

#[test]
fn the_release_workflow_builds_every_target_cargo_binstall_looks_for() {
    let workflow: Value = serde_norway::from_str(&project_workflow("release.yml")).unwrap();
    let targets: Vec<&str> = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|entry| str_of(entry, "target"))
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-gnu",
            "aarch64-unknown-linux-gnu",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc"
        ]
    );
    // The archive it packs for a tag `v<version>` is the file binstall asks for.
    let (_, package) = step(&workflow, "build", "name", "Package");
    let script = str_of(package, "run");
    assert!(script.contains("name=\"skillbook-$GITHUB_REF_NAME-$TARGET\""));
    assert!(script.contains("tar -czf \"$name.tar.gz\" \"$name\""));
    assert!(script.contains("7z a -tzip \"$name.zip\" \"$name\""));
    assert!(binstall_url("R", TARGET).ends_with(&format!(
        "R/releases/download/v{VERSION}/skillbook-v{VERSION}-{TARGET}.tar.gz"
    )));
}

#[test]
fn version_prints_the_crate_version_and_the_commit_it_was_built_from() {
    let output = Command::new(env!("CARGO_BIN_EXE_skillbook"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(output.status.success());
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(manifest_dir)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_string())
    };
    // Built from this checkout (CI's clean clone included), it names HEAD; from a crates.io
    // download, where there is no checkout, the version alone.
    let in_checkout = git(&["rev-parse", "--show-toplevel"])
        .is_some_and(|top| Path::new(&top).canonicalize().ok() == manifest_dir.canonicalize().ok());
    let expected = match in_checkout {
        true => format!(
            "skillbook {VERSION} ({})\n",
            git(&["rev-parse", "--short", "HEAD"]).unwrap()
        ),
        false => format!("skillbook {VERSION}\n"),
    };
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
}
