//! The fixture contract: every finding prd-lint reports on `fixtures/valid` and
//! `fixtures/invalid` must be exactly the set listed in `fixtures/EXPECTED.tsv`
//! (file, line, column, code, severity), and valid fixtures must produce none.

use assert_cmd::Command;
use std::collections::BTreeSet;

type Row = (String, usize, usize, String, String);

fn expected() -> BTreeSet<Row> {
    let text = std::fs::read_to_string("fixtures/EXPECTED.tsv").expect("fixtures/EXPECTED.tsv");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("valid/") || l.starts_with("invalid/"))
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (
                c[0].to_string(),
                c[1].parse().expect("line"),
                c[2].parse().expect("column"),
                c[3].to_string(),
                c[4].to_string(),
            )
        })
        .collect()
}

fn actual() -> BTreeSet<Row> {
    let mut files: Vec<String> = Vec::new();
    for dir in ["fixtures/valid", "fixtures/invalid"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "md") {
                files.push(p.to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    let out = Command::cargo_bin("prd-lint")
        .unwrap()
        .args(["check", "--no-config", "--output-format", "json-lines"])
        .args(&files)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{:?}", out);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["path"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("fixtures/")
                    .to_string(),
                v["line"].as_u64().unwrap() as usize,
                v["column"].as_u64().unwrap() as usize,
                v["code"].as_str().unwrap().to_string(),
                v["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn fixtures_produce_exactly_the_expected_findings() {
    let want = expected();
    let got = actual();
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "\nexpected but not reported:\n{missing:#?}\nreported but not expected:\n{extra:#?}"
    );
}

#[test]
fn every_rule_has_a_firing_fixture() {
    let want = expected();
    let codes: BTreeSet<&str> = want.iter().map(|r| r.3.as_str()).collect();
    for m in prd_lint::rules::all_meta() {
        // Cross-file, file-system and opt-in rules are covered by tests/cli.rs.
        if ["PRD047", "PRD070", "PRD071", "PRD090"].contains(&m.code) {
            continue;
        }
        assert!(
            codes.contains(m.code),
            "no fixture fires {} {}",
            m.code,
            m.name
        );
    }
}

/// The cross-file and file-system fixtures: `fixtures/tree` is its own project (it has a
/// prd-lint.toml), checked in one run; `--select PRD070` turns on the opt-in pack rule.
#[test]
fn tree_fixtures_produce_the_expected_cross_file_findings() {
    let want: BTreeSet<Row> = std::fs::read_to_string("fixtures/EXPECTED.tsv")
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("tree/"))
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (
                c[0].trim_start_matches("tree/").to_string(),
                c[1].parse().unwrap(),
                c[2].parse().unwrap(),
                c[3].to_string(),
                c[4].to_string(),
            )
        })
        .collect();
    let run = |extra: &[&str]| -> BTreeSet<Row> {
        let out = Command::cargo_bin("prd-lint")
            .unwrap()
            .current_dir("fixtures/tree")
            .args(["check", "--output-format", "json-lines"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["path"].as_str().unwrap().to_string(),
                    v["line"].as_u64().unwrap() as usize,
                    v["column"].as_u64().unwrap() as usize,
                    v["code"].as_str().unwrap().to_string(),
                    v["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(run(&[]), want);
    // PRD070 (off by default): the two packs without fdd.md and plan.md.
    let with_pack = run(&["--select", "PRD070"]);
    let packs: Vec<&str> = with_pack.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        packs,
        vec![
            "docs/features/Bad_Slug/prd.md",
            "docs/features/pacing-reminders/prd.md"
        ]
    );
    assert!(with_pack
        .iter()
        .all(|r| r.3 == "PRD070" && r.4 == "warning"));
}
