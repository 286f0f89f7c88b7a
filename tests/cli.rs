//! End-to-end behaviour of the binary: exit codes, formats, config errors, stdin, suppression,
//! unreadable files and the cross-file rule.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

fn bin() -> Command {
    let mut c = Command::cargo_bin("prd-lint").unwrap();
    c.env_remove("PRD_LINT_OUTPUT_FORMAT").env("NO_COLOR", "1");
    c
}

const VALID: &str = "fixtures/valid/canonical.md";

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    for (p, text) in files {
        let path = dir.path().join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        // The valid fixtures link images that sit beside them.
        if text.contains("](images/") {
            let images = path.parent().unwrap().join("images");
            fs::create_dir_all(&images).unwrap();
            for e in fs::read_dir("fixtures/valid/images").unwrap() {
                let e = e.unwrap();
                fs::copy(e.path(), images.join(e.file_name())).unwrap();
            }
        }
    }
    dir
}

fn canonical() -> String {
    fs::read_to_string(VALID).unwrap()
}

#[test]
fn valid_prd_exits_zero_with_summary() {
    bin()
        .args(["check", "--no-config", VALID])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("Checked 1 PRD in")
                .and(predicate::str::contains("no problems found")),
        );
}

#[test]
fn subcommand_is_optional_and_errors_exit_one() {
    bin()
        .args(["--no-config", "fixtures/invalid/PRD005-case.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "fixtures/invalid/PRD005-case.md:19:1: PRD005 [error] expected the section title `Goals & Non-Goals`, found a variant `Goals & non-goals`",
        ));
}

#[test]
fn warnings_alone_exit_zero_unless_max_warnings() {
    let f = "fixtures/invalid/PRD010-why-now.md";
    bin().args(["--no-config", f]).assert().code(0);
    bin()
        .args(["--no-config", "--max-warnings", "0", f])
        .assert()
        .code(1);
    bin()
        .args([
            "--no-config",
            "--exit-zero",
            "fixtures/invalid/PRD005-case.md",
        ])
        .assert()
        .code(0);
}

#[test]
fn missing_path_and_bad_flag_exit_two() {
    bin()
        .args(["--no-config", "no/such/prd.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/prd.md: no such file or folder",
        ));
    bin().args(["--no-such-flag"]).assert().code(2);
    bin()
        .args(["--no-config", "--select", "PRD9999x", VALID])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule selector `PRD9999x`"));
}

#[test]
fn discovers_prds_under_the_project_root_by_default() {
    let text = canonical();
    let dir = project(&[
        ("docs/features/bulk_extensions/prd.md", &text),
        ("docs/features/bulk_extensions/notes.md", "# not a PRD\n"),
        ("docs/other/prd.md", "# not matched\n"),
    ]);
    bin()
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Checked 1 PRD in"));
}

#[test]
fn config_error_points_into_the_file_with_did_you_mean() {
    let dir = project(&[("prd-lint.toml", "inclde = [\"docs/**/prd.md\"]\n")]);
    bin().current_dir(dir.path()).assert().code(2).stderr(
        predicate::str::contains("unknown field `inclde`")
            .and(predicate::str::contains("did you mean `include`?"))
            .and(predicate::str::contains("prd-lint.toml:1:1")),
    );
}

#[test]
fn config_severities_and_overrides_apply() {
    let mut text = canonical();
    text = text.replacen(
        "## 13. Risks & Mitigations",
        "## 13. Risks and Mitigations",
        1,
    );
    let dir = project(&[
        ("docs/features/a/prd.md", &text),
        ("docs/features/legacy/prd.md", &text),
        (
            "prd-lint.toml",
            "[rules]\nsection-title = \"warning\"\n\n[[overrides]]\nfiles = [\"docs/features/legacy/**\"]\nrules = { PRD005 = \"off\" }\n",
        ),
    ]);
    bin()
        .current_dir(dir.path())
        .args(["--output-format", "concise", "--ignore", "flag-conflict"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("docs/features/a/prd.md:")
                .and(predicate::str::contains("PRD005 [warning]"))
                .and(predicate::str::contains("legacy").not()),
        );
}

#[test]
fn select_and_ignore() {
    let f = "fixtures/invalid/PRD005-case.md";
    bin()
        .args(["--no-config", "--ignore", "PRD005", f])
        .assert()
        .code(0);
    bin()
        .args(["--no-config", "--select", "section-missing", f])
        .assert()
        .code(0);
}

#[test]
fn stdin_with_filename() {
    bin()
        .args(["--no-config", "--stdin-filename", "docs/features/x/prd.md", "-"])
        .write_stdin("# X - PRD\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "docs/features/x/prd.md:1:1: PRD001 [error] expected the title to end with ` — PRD` (em dash), found ` - PRD`",
        ));
}

#[test]
fn unreadable_files_are_findings_and_the_run_goes_on() {
    let dir = project(&[("docs/features/ok/prd.md", &canonical())]);
    let bad = dir.path().join("docs/features/bad/prd.md");
    fs::create_dir_all(bad.parent().unwrap()).unwrap();
    fs::write(&bad, b"# Title \xff\xfe\n").unwrap();
    let bin_file = dir.path().join("docs/features/bin/prd.md");
    fs::create_dir_all(bin_file.parent().unwrap()).unwrap();
    fs::write(&bin_file, b"\x00\x01binary").unwrap();
    // A folder named prd.md is skipped quietly.
    fs::create_dir_all(dir.path().join("docs/features/dir/prd.md")).unwrap();
    bin()
        .current_dir(dir.path())
        .args(["--output-format", "concise"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("docs/features/bad/prd.md:1:1: PRD090 [error] cannot check this file: the file is not valid UTF-8 (invalid byte 0xFF at line 1, column 9)")
                .and(predicate::str::contains("docs/features/bin/prd.md:1:1: PRD090 [error] cannot check this file: the file is binary"))
                .and(predicate::str::contains("Checked 3 PRDs")),
        );
}

#[test]
fn too_large_files_are_reported() {
    let dir = project(&[
        ("docs/features/big/prd.md", &"x".repeat(2000)),
        ("prd-lint.toml", "max-file-size = 1000\n"),
    ]);
    bin()
        .current_dir(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "PRD090 [error] cannot check this file: the file is 2000 bytes, over the limit of 1000 bytes (`max-file-size`)",
        ));
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped() {
    let dir = project(&[("docs/features/ok/prd.md", &canonical())]);
    std::os::unix::fs::symlink(
        dir.path().join("docs"),
        dir.path().join("docs/features/ok/loop"),
    )
    .unwrap();
    bin()
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Checked 1 PRD in"));
}

#[test]
fn flag_conflict_across_files_points_at_both() {
    let text = canonical();
    let dir = project(&[
        ("docs/features/a/prd.md", &text),
        ("docs/features/b/prd.md", &text),
    ]);
    let out = bin()
        .current_dir(dir.path())
        .args(["--output-format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"];
    assert_eq!(d.as_array().unwrap().len(), 1, "{v:#}");
    assert_eq!(d[0]["code"], "PRD047");
    assert_eq!(d[0]["path"], "docs/features/b/prd.md");
    assert_eq!(d[0]["related"][0]["path"], "docs/features/a/prd.md");
    assert!(d[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("feature flag `"));
}

#[test]
fn an_exempted_prd_declares_no_flag() {
    // `b` names `a`'s flag only to say it depends on it: no conflict.
    let text = canonical();
    let flag_line = text
        .lines()
        .find(|l| l.starts_with("Flagging:"))
        .expect("canonical has a Flagging line")
        .to_string();
    let flag = flag_line
        .split('`')
        .nth(1)
        .expect("a code span")
        .to_string();
    let exempt = text.replace(
        &flag_line,
        &format!("No feature flags present in this feature.\n\nThe column shows only where the parent feature's `{flag}` flag is already on."),
    );
    let dir = project(&[
        ("docs/features/a/prd.md", &text),
        ("docs/features/b/prd.md", &exempt),
    ]);
    let out = bin()
        .current_dir(dir.path())
        .args(["--output-format", "json", "--select", "PRD047"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0, "{v:#}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn json_shape_is_versioned() {
    let out = bin()
        .args([
            "--no-config",
            "--output-format",
            "json",
            "fixtures/invalid/PRD001-hyphen-dash.md",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "prd-lint");
    assert_eq!(v["files_checked"], 1);
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["fixable"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "PRD001");
    assert_eq!(d["rule"], "title");
    assert_eq!(d["fix"]["applicability"], "safe");
    assert_eq!(d["fix"]["edits"][0]["content"], " — PRD");
}

#[test]
fn suppression_directives_and_unused_ones() {
    let text = canonical().replacen(
        "## 1. Overview\n",
        "## 1. Overview\n<!-- prd-lint-disable-next-line PRD050 -->\nTBD\n\n<!-- prd-lint-disable-next-line html -->\nPlain text.\n",
        1,
    );
    let dir = project(&[("docs/features/a/prd.md", &text)]);
    bin()
        .current_dir(dir.path())
        .args(["--output-format", "concise", "--select", "PRD050,PRD051,PRD099"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("PRD099 [warning] unused suppression: `prd-lint-disable-next-line` for `html` suppresses no finding")
                .and(predicate::str::contains("PRD050 [").not()),
        );
}

#[test]
fn full_format_shows_the_snippet_and_help() {
    bin()
        .args([
            "--no-config",
            "--output-format",
            "full",
            "fixtures/invalid/PRD001-hyphen-dash.md",
        ])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("PRD001 title")
                .and(predicate::str::contains(
                    "fixtures/invalid/PRD001-hyphen-dash.md:1:1",
                ))
                .and(predicate::str::contains("fixable with --fix")),
        );
}

#[test]
fn control_characters_never_reach_the_output_raw() {
    bin()
        .args([
            "--no-config",
            "--stdin-filename",
            "docs/features/x/prd.md",
            "--output-format",
            "full",
            "-",
        ])
        .write_stdin("# Evil \x1b[31mred\x1b[0m\r - PRD\n")
        .assert()
        .stdout(
            predicate::str::contains("\x1b")
                .not()
                .and(predicate::str::contains("\r").not()),
        );
}

#[test]
fn rule_command_prints_pages() {
    bin()
        .args(["rule", "PRD034"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# PRD034 ac-unknown-fr"));
    bin()
        .args(["rule", "ac-unknown-fr"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("## Bad"));
    bin()
        .args(["rule", "ac-unkown-fr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `ac-unknown-fr`?"));
    let out = bin().args(["rule", "--all"]).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 45);
}

#[test]
fn init_writes_a_config_that_check_accepts() {
    let dir = project(&[("docs/features/a/prd.md", &canonical())]);
    bin().current_dir(dir.path()).arg("init").assert().code(0);
    assert!(Path::new(&dir.path().join("prd-lint.toml")).is_file());
    bin().current_dir(dir.path()).arg("init").assert().code(2);
    bin().current_dir(dir.path()).assert().code(0);
}

#[test]
fn new_scaffold_reports_only_placeholders_and_filling_them_is_clean() {
    let dir = project(&[]);
    bin()
        .current_dir(dir.path())
        .args(["new", "bulk-deadline-extensions", "--pack"])
        .assert()
        .code(0);
    let prd = dir
        .path()
        .join("docs/features/bulk-deadline-extensions/prd.md");
    let text = fs::read_to_string(&prd).unwrap();
    assert!(text.starts_with("# Bulk Deadline Extensions — PRD\n"));
    assert!(text.contains("Flagging: `bulk_deadline_extensions`"));
    let tbd = text.matches("TBD").count();
    let out = bin()
        .current_dir(dir.path())
        .args([
            "--output-format",
            "json-lines",
            "--select",
            "ALL",
            "--ignore",
            "PRD070",
        ])
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), tbd, "one finding per TBD");
    assert!(lines.iter().all(|v| v["code"] == "PRD050"), "{lines:#?}");
    // Filling every placeholder gives a clean PRD.
    fs::write(
        &prd,
        text.replace("TBD", "Instructors extend deadlines for many students"),
    )
    .unwrap();
    bin()
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no problems found"));
    assert!(dir
        .path()
        .join("docs/features/bulk-deadline-extensions/fdd.md")
        .is_file());
    assert!(dir
        .path()
        .join("docs/features/bulk-deadline-extensions/plan.md")
        .is_file());
}

#[test]
fn new_refuses_bad_slugs_and_overwrites() {
    let dir = project(&[]);
    for bad in ["../escape", "/abs", "a/b", "Upper", "..", "1abc", ""] {
        bin()
            .current_dir(dir.path())
            .args(["new", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("invalid feature slug"));
    }
    assert!(!dir.path().join("escape").exists());
    bin()
        .current_dir(dir.path())
        .args(["new", "x"])
        .assert()
        .code(0);
    bin()
        .current_dir(dir.path())
        .args(["new", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists; use --force"));
    bin()
        .current_dir(dir.path())
        .args(["new", "x", "--force"])
        .assert()
        .code(0);
    bin()
        .current_dir(dir.path())
        .args(["new", "y", "--flag", "BadFlag"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid flag name"));
}

#[test]
fn fix_diff_and_show_fixes() {
    let text = canonical()
        .replacen("— PRD", "- PRD", 1)
        .replacen(
            "## 13. Risks & Mitigations",
            "## 13. Risks and Mitigations",
            1,
        )
        .replace('\n', "\r\n");
    let dir = project(&[("docs/features/a/prd.md", &text)]);
    let prd = dir.path().join("docs/features/a/prd.md");
    // --diff writes nothing and exits 1.
    bin()
        .current_dir(dir.path())
        .arg("--diff")
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("+## 13. Risks & Mitigations")
                .and(predicate::str::contains("-## 13. Risks and Mitigations")),
        );
    assert_eq!(fs::read_to_string(&prd).unwrap(), text);
    bin()
        .current_dir(dir.path())
        .args(["--fix", "--show-fixes"])
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains("Fixed 2 problems:").and(predicate::str::contains(
                "PRD005 Rename the title to `Risks & Mitigations`",
            )),
        );
    let fixed = fs::read_to_string(&prd).unwrap();
    assert_eq!(fixed, canonical().replace('\n', "\r\n"));
    // A second run changes nothing.
    bin().current_dir(dir.path()).arg("--diff").assert().code(0);
}

#[test]
fn output_file_statistics_and_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.txt");
    bin()
        .args(["--no-config", "--output-format", "concise", "-o"])
        .arg(&out)
        .args([
            "fixtures/invalid/PRD005-case.md",
            "fixtures/invalid/PRD005-typo.md",
        ])
        .assert()
        .code(1)
        .stdout("");
    let text = fs::read_to_string(&out).unwrap();
    assert_eq!(
        text.lines()
            .filter(|l| l.contains(": PRD005 [error] "))
            .count(),
        2
    );
    bin()
        .args(["--no-config", "--output-format", "concise", "--statistics"])
        .args([
            "fixtures/invalid/PRD005-case.md",
            "fixtures/invalid/PRD005-typo.md",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "    2  PRD005  section-title [*]\n",
        ));
    bin()
        .args([
            "--no-config",
            "--output-format",
            "concise",
            "-q",
            "fixtures/invalid/PRD005-case.md",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Checked").not());
}

#[test]
fn explicit_config_file_and_custom_template() {
    // A team template: the torus preset with §16 renamed.
    let preset =
        prd_lint::template::TORUS_PRESET.replace("title = \"QA Plan\"", "title = \"Quality Plan\"");
    let text = canonical().replace("## 16. QA Plan", "## 16. Quality Plan");
    let dir = project(&[
        ("docs/features/a/prd.md", &text),
        ("config/team-template.toml", &preset),
        (
            "config/strict.toml",
            "template = \"team-template.toml\"\ninclude = [\"docs/features/*/prd.md\"]\n",
        ),
    ]);
    bin()
        .current_dir(dir.path())
        .args(["--config", "config/strict.toml", "docs/features/a/prd.md"])
        .assert()
        .code(0);
    // With the built-in preset the renamed section is a finding.
    bin()
        .current_dir(dir.path())
        .args([
            "--no-config",
            "--output-format",
            "concise",
            "docs/features/a/prd.md",
        ])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains(
                "PRD007 [error] `## 16. Quality Plan` is not a section of the template",
            )
            .or(predicate::str::contains("PRD005")),
        );
    // A broken template file is a config error pointing into it.
    fs::write(
        dir.path().join("config/team-template.toml"),
        "name = \"x\"\nsectons = []\n",
    )
    .unwrap();
    bin()
        .current_dir(dir.path())
        .args(["--config", "config/strict.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid template file"));
}
