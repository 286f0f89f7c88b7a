//! `sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
//!
//! One run; `tool.driver.rules[]` describes every rule in force (help text from the rule's page);
//! each result carries `ruleId`/`ruleIndex`, `level`, `message.text`, a physical location relative
//! to `%SRCROOT%` with a code-point region (`columnKind: "unicodeCodePoints"`), related locations,
//! fixes, and `partialFingerprints["prdLint/v1"]`: a hash of rule + path + anchor (the section and
//! ID the finding is about) plus an occurrence counter, so the fingerprint survives edits above the
//! finding.

use crate::finding::{Finding, Location, Report, RuleMeta, Severity};
use crate::render::json_lines::to_safe_json;
use crate::render::RenderOptions;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::io::{self, Write};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key of our entry in `partialFingerprints`. Bump the version if the recipe changes.
pub const FINGERPRINT_KEY: &str = "prdLint/v1";
/// GitHub code scanning rejects runs with more results than this.
pub const MAX_RESULTS: usize = 25_000;
/// GitHub code scanning rejects results with more locations than this.
const MAX_RELATED: usize = 1_000;

fn information_uri() -> &'static str {
    let repo = env!("CARGO_PKG_REPOSITORY");
    if !repo.is_empty() {
        return repo;
    }
    let home = env!("CARGO_PKG_HOMEPAGE");
    if !home.is_empty() {
        return home;
    }
    "https://crates.io/crates/prd-lint"
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Off => "note",
    }
}

/// FNV-1a, 128 bits: stable across platforms and Rust versions (unlike `DefaultHasher`).
pub fn fnv1a_128(data: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    data.iter()
        .fold(OFFSET, |h, &b| (h ^ b as u128).wrapping_mul(PRIME))
}

/// The location-independent identity of a finding: rule, path and anchor (section + ID). A
/// finding without an anchor falls back to its message, which names what it is about.
fn fingerprint_base(f: &Finding) -> String {
    let identity = if f.anchor.is_empty() {
        &f.message
    } else {
        &f.anchor
    };
    let key = format!("{}\0{}\0{}", f.code, f.path, identity);
    format!("{:032x}", fnv1a_128(key.as_bytes()))
}

/// Percent-encode a relative path as a URI reference (`/` kept, everything outside RFC 3986's
/// unreserved set and a few safe sub-delimiters encoded, `:` included so that no first segment
/// reads as a scheme).
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn artifact(path: &str) -> Value {
    json!({"uri": path_to_uri(path), "uriBaseId": "%SRCROOT%"})
}

/// A SARIF region, or `None` when the location has no line (an unreadable file).
fn region(loc: &Location) -> Option<Value> {
    let (s, e) = (loc.start, loc.end);
    if s.line == 0 {
        return None;
    }
    let mut r = Map::new();
    r.insert("startLine".into(), s.line.into());
    if s.column > 0 {
        r.insert("startColumn".into(), s.column.into());
    }
    // `end` is exclusive, like SARIF's endColumn; keep it only when it is a valid end.
    if e.line > s.line || (e.line == s.line && e.column >= s.column) {
        r.insert("endLine".into(), e.line.into());
        if e.column > 0 && s.column > 0 {
            r.insert("endColumn".into(), e.column.into());
        }
    }
    Some(Value::Object(r))
}

fn physical(path: &str, loc: &Location) -> Value {
    let mut p = Map::new();
    p.insert("artifactLocation".into(), artifact(path));
    if let Some(r) = region(loc) {
        p.insert("region".into(), r);
    }
    Value::Object(p)
}

/// The first prose paragraph of a rule page, on one line: headings, code blocks and metadata
/// lines such as `**Severity:** error · **Fix:** safe` are skipped.
fn first_paragraph(page: &str) -> Option<String> {
    let mut paragraphs: Vec<Vec<&str>> = vec![vec![]];
    let mut in_code = false;
    for line in page.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_code = !in_code;
            paragraphs.push(vec![]);
        } else if in_code || t.is_empty() || t.starts_with('#') {
            paragraphs.push(vec![]);
        } else if let Some(p) = paragraphs.last_mut() {
            p.push(t);
        }
    }
    let is_metadata = |p: &str| {
        p.strip_prefix("**")
            .and_then(|rest| rest.split("**").next())
            .is_some_and(|key| key.ends_with(':'))
    };
    paragraphs
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.join(" "))
        .find(|p| !is_metadata(p))
}

fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

fn rule_json(meta: &RuleMeta) -> Value {
    let short = if meta.summary.is_empty() {
        meta.name.to_string()
    } else {
        meta.summary.to_string()
    };
    let full = first_paragraph(meta.page)
        .map(|p| truncate_chars(&p, 1000))
        .unwrap_or_else(|| short.clone());
    let help = if meta.page.trim().is_empty() {
        format!("{} ({}): {}", meta.code, meta.name, short)
    } else {
        meta.page.to_string()
    };
    let mut config = json!({"level": level(meta.severity)});
    if meta.severity == Severity::Off {
        config["enabled"] = false.into();
    }
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help, "markdown": help},
        "defaultConfiguration": config,
        "properties": {
            "tags": ["prd", "documentation"],
            "precision": "very-high",
            "problem.severity": match meta.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                _ => "recommendation",
            },
        },
    })
}

fn fix_json(f: &Finding) -> Option<Value> {
    let fix = f.fix.as_ref()?;
    let mut replacements = Vec::new();
    for e in &fix.edits {
        let (s, end) = (e.location.start, e.location.end);
        if s.line == 0 || s.column == 0 || (end.line, end.column) < (s.line, s.column) {
            // Without a valid region a replacement would be wrong: leave the fix out.
            return None;
        }
        let mut rep = json!({"deletedRegion": {
            "startLine": s.line, "startColumn": s.column,
            "endLine": end.line, "endColumn": end.column,
        }});
        if !e.content.is_empty() {
            rep["insertedContent"] = json!({"text": e.content});
        }
        replacements.push(rep);
    }
    if replacements.is_empty() {
        return None;
    }
    let description = if fix.description.is_empty() {
        "Apply the suggested fix".to_string()
    } else {
        fix.description.clone()
    };
    Some(json!({
        "description": {"text": description},
        "artifactChanges": [{"artifactLocation": artifact(&f.path), "replacements": replacements}],
    }))
}

fn result_json(f: &Finding, rule_index: usize, occurrence: usize) -> Value {
    let mut text = f.message.clone();
    if let Some(help) = &f.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut r = json!({
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": text},
        "locations": [{"physicalLocation": physical(&f.path, &f.location)}],
        "partialFingerprints": {
            FINGERPRINT_KEY: format!("{}:{occurrence}", fingerprint_base(f)),
        },
    });
    if !f.related.is_empty() {
        r["relatedLocations"] = f
            .related
            .iter()
            .take(MAX_RELATED)
            .enumerate()
            .map(|(i, rel)| {
                json!({
                    "id": i + 1,
                    "physicalLocation": physical(&rel.path, &rel.location),
                    "message": {"text": rel.message},
                })
            })
            .collect();
    }
    if let Some(fix) = fix_json(f) {
        r["fixes"] = json!([fix]);
    }
    r
}

/// The SARIF log as a JSON value.
pub fn sarif_json(report: &Report, opts: &RenderOptions) -> Value {
    let mut rules: Vec<RuleMeta> = report.rules.clone();
    // Every result needs its rule in the driver, including rules not listed as in force.
    for f in report.findings() {
        if !rules.iter().any(|r| r.code == f.code) {
            rules.push(RuleMeta {
                code: f.code,
                name: f.rule,
                severity: f.severity,
                summary: "",
                fix: None,
                page: "",
            });
        }
    }
    let index: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.code, i)).collect();

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut results = Vec::new();
    let total = report.findings().count();
    for f in report.findings().take(MAX_RESULTS) {
        let base = fingerprint_base(f);
        let n = seen.entry(base).or_insert(0);
        *n += 1;
        results.push(result_json(f, index[f.code], *n));
    }

    let version = if opts.version.is_empty() {
        env!("CARGO_PKG_VERSION")
    } else {
        opts.version
    };
    let mut invocation = json!({"executionSuccessful": true});
    if total > MAX_RESULTS {
        invocation["toolExecutionNotifications"] = json!([{
            "level": "warning",
            "message": {"text": format!(
                "{} findings were left out: GitHub code scanning accepts at most {MAX_RESULTS} results per run.",
                total - MAX_RESULTS
            )},
        }]);
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "prd-lint",
                "version": version,
                "semanticVersion": version,
                "informationUri": information_uri(),
                "rules": rules.iter().map(rule_json).collect::<Vec<_>>(),
            }},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", to_safe_json(&sarif_json(report, opts), true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::*;
    use crate::render::json_lines::testing::*;

    fn opts() -> RenderOptions {
        RenderOptions {
            version: "1.2.3",
            ..RenderOptions::default()
        }
    }

    fn sample() -> Report {
        let mut f = finding(
            "PRD034",
            "ac-unknown-fr",
            Severity::Error,
            "docs/features/a/prd.md",
            loc(12, 5, 12, 11),
            "AC-004 links FR-099, which §6 does not define",
        );
        f.anchor = "§7/AC-004/FR-099".into();
        f.help = Some("did you mean FR-009?".into());
        f.related.push(Related {
            path: "docs/features/a/prd.md".into(),
            location: loc(30, 3, 30, 9),
            message: "FR-009 is defined here".into(),
        });
        let mut t = finding(
            "PRD001",
            "title",
            Severity::Error,
            "docs/features/a/prd.md",
            loc(1, 1, 1, 15),
            "the title must end with ` — PRD`",
        );
        t.anchor = "§0/title".into();
        t.fix = Some(Fix {
            applicability: Applicability::Safe,
            description: "Use an em dash".into(),
            edits: vec![Edit {
                location: loc(1, 9, 1, 10),
                content: "—".into(),
            }],
        });
        let mut w = finding(
            "PRD023",
            "fr-id-gap",
            Severity::Warning,
            "docs/features/b c/prd.md",
            loc(8, 3, 8, 9),
            "FR-003 follows FR-001",
        );
        w.anchor = "§6/FR-003".into();
        let mut i = finding(
            "PRD099",
            "unused-suppression",
            Severity::Info,
            "docs/features/b c/prd.md",
            loc(0, 0, 0, 0),
            "nothing suppressed",
        );
        i.anchor = "directive".into();
        report(
            vec![
                file("docs/features/a/prd.md", vec![t, f], stats(3, 3, &[])),
                file("docs/features/b c/prd.md", vec![w, i], stats(3, 3, &[])),
            ],
            vec![TITLE, FR_GAP, AC_UNKNOWN_FR, PACK],
        )
    }

    fn run(report: &Report) -> Value {
        let mut out = Vec::new();
        render(report, &opts(), &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn log_has_what_github_code_scanning_needs() {
        let v = run(&sample());
        assert_eq!(v["$schema"], SCHEMA_URI);
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "prd-lint");
        assert_eq!(driver["version"], "1.2.3");
        assert!(driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://"));
        let rules = driver["rules"].as_array().unwrap();
        // The four rules in force plus PRD099, which produced a result without being listed.
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["PRD001", "PRD023", "PRD034", "PRD070", "PRD099"]);
        assert_eq!(
            rules[2],
            json!({
                "id": "PRD034",
                "name": "ac-unknown-fr",
                "shortDescription": {"text": "Acceptance criteria link only FRs that §6 defines."},
                "fullDescription": {"text": "Each FR an acceptance criterion links must exist in §6. A typo such as `FR-01` is reported with a suggestion."},
                "help": {"text": AC_UNKNOWN_FR.page, "markdown": AC_UNKNOWN_FR.page},
                "defaultConfiguration": {"level": "error"},
                "properties": {"tags": ["prd", "documentation"], "precision": "very-high", "problem.severity": "error"},
            })
        );
        // A rule without a page still has help text; an off-by-default rule says so.
        assert_eq!(
            rules[1]["help"]["text"],
            "PRD023 (fr-id-gap): FR IDs are numbered without gaps."
        );
        assert_eq!(
            rules[1]["defaultConfiguration"],
            json!({"level": "warning"})
        );
        assert_eq!(
            rules[3]["defaultConfiguration"],
            json!({"level": "note", "enabled": false})
        );
        assert_eq!(rules[4]["shortDescription"]["text"], "unused-suppression");

        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 4);
        let r = &results[1];
        assert_eq!(r["ruleId"], "PRD034");
        assert_eq!(r["ruleIndex"], 2);
        assert_eq!(r["level"], "error");
        assert_eq!(
            r["message"]["text"],
            "AC-004 links FR-099, which §6 does not define\nhelp: did you mean FR-009?"
        );
        assert_eq!(
            r["locations"],
            json!([{"physicalLocation": {
                "artifactLocation": {"uri": "docs/features/a/prd.md", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 12, "startColumn": 5, "endLine": 12, "endColumn": 11},
            }}])
        );
        assert_eq!(
            r["relatedLocations"],
            json!([{"id": 1, "physicalLocation": {
                "artifactLocation": {"uri": "docs/features/a/prd.md", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 30, "startColumn": 3, "endLine": 30, "endColumn": 9},
            }, "message": {"text": "FR-009 is defined here"}}])
        );
        assert!(r["partialFingerprints"][FINGERPRINT_KEY]
            .as_str()
            .unwrap()
            .ends_with(":1"));
        assert!(r.get("fixes").is_none());
        assert_eq!(results[2]["level"], "warning");
        assert_eq!(results[2]["ruleIndex"], 1);
        assert_eq!(
            results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "docs/features/b%20c/prd.md"
        );
        // No line known: no region at all (SARIF lines start at 1).
        assert_eq!(results[3]["level"], "note");
        assert!(results[3]["locations"][0]["physicalLocation"]
            .get("region")
            .is_none());
        assert_eq!(run["invocations"], json!([{"executionSuccessful": true}]));
    }

    #[test]
    fn fixes_are_replacements() {
        let v = run(&sample());
        assert_eq!(
            v["runs"][0]["results"][0]["fixes"],
            json!([{
                "description": {"text": "Use an em dash"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": "docs/features/a/prd.md", "uriBaseId": "%SRCROOT%"},
                    "replacements": [{
                        "deletedRegion": {"startLine": 1, "startColumn": 9, "endLine": 1, "endColumn": 10},
                        "insertedContent": {"text": "—"},
                    }],
                }],
            }])
        );
    }

    #[test]
    fn fingerprints_ignore_lines_and_count_repeats() {
        let mut a = sample();
        let mut b = sample();
        // Ten lines inserted above everything in file a.
        for f in &mut b.files[0].findings {
            f.location.start.line += 10;
            f.location.end.line += 10;
        }
        let fp = |r: &Report| -> Vec<Value> {
            run(r)["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["partialFingerprints"].clone())
                .collect()
        };
        assert_eq!(fp(&a), fp(&b));
        // Same rule, path and anchor twice: distinguished by the counter.
        let dup = a.files[0].findings[1].clone();
        a.files[0].findings.push(dup);
        let fps = fp(&a);
        let first = fps[1][FINGERPRINT_KEY].as_str().unwrap();
        let second = fps[2][FINGERPRINT_KEY].as_str().unwrap();
        assert_eq!(first.split(':').next(), second.split(':').next());
        assert!(second.ends_with(":2"));
        // Another anchor, another fingerprint.
        a.files[0].findings[2].anchor = "§7/AC-005/FR-099".into();
        let fps = fp(&a);
        assert_ne!(fps[1], fps[2]);
        assert!(fps[2][FINGERPRINT_KEY].as_str().unwrap().ends_with(":1"));
    }

    #[test]
    fn fingerprint_hash_is_stable() {
        // Pinned: changing the recipe must bump FINGERPRINT_KEY.
        assert_eq!(
            format!("{:032x}", fnv1a_128(b"")),
            "6c62272e07bb014262b821756295c58d"
        );
        assert_eq!(
            format!("{:032x}", fnv1a_128(b"a")),
            "d228cb696f1a8caf78912b704e4a8964"
        );
        let f = &sample().files[0].findings[1];
        assert_eq!(
            fingerprint_base(f),
            format!(
                "{:032x}",
                fnv1a_128("PRD034\0docs/features/a/prd.md\0§7/AC-004/FR-099".as_bytes())
            )
        );
    }

    #[test]
    fn hostile_text_stays_escaped_json() {
        let mut f = finding(
            "PRD050",
            "placeholder",
            Severity::Error,
            "docs/features/%41 #?:x/prd.md",
            loc(2, 1, 2, 4),
            HOSTILE,
        );
        f.related.push(Related {
            path: f.path.clone(),
            location: loc(1, 1, 1, 2),
            message: HOSTILE.into(),
        });
        let r = report(
            vec![file(&f.path.clone(), vec![f], stats(0, 0, &[]))],
            vec![],
        );
        let mut out = Vec::new();
        render(&r, &opts(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        let res = &v["runs"][0]["results"][0];
        assert_eq!(res["message"]["text"], HOSTILE);
        assert_eq!(res["relatedLocations"][0]["message"]["text"], HOSTILE);
        assert_eq!(
            res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "docs/features/%2541%20%23%3F%3Ax/prd.md"
        );
    }

    #[test]
    fn too_many_results_are_capped_with_a_notification() {
        let fs: Vec<Finding> = (0..MAX_RESULTS + 3)
            .map(|i| {
                finding(
                    "PRD050",
                    "placeholder",
                    Severity::Error,
                    "p.md",
                    loc(i + 1, 1, i + 1, 4),
                    "TBD",
                )
            })
            .collect();
        let v = sarif_json(
            &report(vec![file("p.md", fs, stats(0, 0, &[]))], vec![]),
            &opts(),
        );
        assert_eq!(
            v["runs"][0]["results"].as_array().unwrap().len(),
            MAX_RESULTS
        );
        assert_eq!(
            v["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"],
            "3 findings were left out: GitHub code scanning accepts at most 25000 results per run."
        );
    }

    #[test]
    fn full_description_is_the_first_prose_paragraph() {
        let page = "# PRD001 title\n\n**Severity:** error · **Fix:** safe\n\n```markdown\n# x\n```\n\nThe PRD has one H1,\nfirst.\n\n## Why\n\nBecause.\n";
        assert_eq!(
            first_paragraph(page).as_deref(),
            Some("The PRD has one H1, first.")
        );
        assert_eq!(first_paragraph("# Only a heading\n\n**Fix:** none\n"), None);
        assert_eq!(first_paragraph(""), None);
    }

    #[test]
    fn empty_report_is_a_valid_log() {
        let v = run(&report(vec![], vec![]));
        assert_eq!(v["runs"][0]["results"], json!([]));
        assert_eq!(v["runs"][0]["tool"]["driver"]["rules"], json!([]));
    }

    /// Writes sample logs for `.ci/integration-checks`, which validates them against the official
    /// SARIF 2.1.0 schema: set `PRD_LINT_SAMPLE_DIR` to a folder.
    #[test]
    fn write_samples_for_schema_validation() {
        let Some(dir) = std::env::var_os("PRD_LINT_SAMPLE_DIR") else {
            return;
        };
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut hostile = finding(
            "PRD050",
            "placeholder",
            Severity::Error,
            "docs/features/x y/prd.md",
            loc(3, 2, 4, 1),
            HOSTILE,
        );
        hostile.anchor = "§1/placeholder".into();
        let samples = [
            ("sample.sarif", sample()),
            ("empty.sarif", report(vec![], vec![])),
            (
                "hostile.sarif",
                report(
                    vec![file(
                        "docs/features/x y/prd.md",
                        vec![hostile],
                        stats(0, 0, &[]),
                    )],
                    vec![TITLE],
                ),
            ),
        ];
        for (name, r) in samples {
            let mut out = Vec::new();
            render(&r, &opts(), &mut out).unwrap();
            std::fs::write(dir.join(name), out).unwrap();
        }
    }
}
