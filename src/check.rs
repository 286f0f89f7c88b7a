//! The check pipeline: read → parse once → rules → suppression, in parallel over files; then the
//! cross-file rules over small per-file summaries; findings sorted by path, line, column, code.

use crate::config::Config;
use crate::discover::Target;
use crate::document::{self, Document, LineIndex};
use crate::finding::{
    DocStats, FileReport, Finding, Location, Related, Report, RuleMeta, Severity,
};
use crate::fix::{Applied, FixMode};
use crate::rules::{self, Ctx, FLAG_CONFLICT, UNREADABLE, UNUSED_SUPPRESSION};
use crate::suppress::{self, FileDirectives};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Which rules run: `--select` / `--ignore` on top of the config's severities.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

fn matches_key(key: &str, meta: &RuleMeta) -> bool {
    let k = key.trim();
    k.eq_ignore_ascii_case("ALL")
        || meta.name == k
        || meta
            .code
            .to_ascii_uppercase()
            .starts_with(&k.to_ascii_uppercase())
            && k.len() >= 3
}

/// Check that every `--select` / `--ignore` key names a rule (a code, a code prefix or a name).
pub fn validate_keys(keys: &[String]) -> Result<(), String> {
    let all = rules::all_meta();
    for k in keys {
        if !all.iter().any(|m| matches_key(k, m)) {
            let hint = rules::suggest(k)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(format!("unknown rule selector `{k}`{hint}"));
        }
    }
    Ok(())
}

/// The rules in force for a path, with their severity.
pub struct Plan {
    selection: Selection,
    /// Work out which FRs no criterion covers, for the per-PRD statistics (only the GitHub step
    /// summary shows them). On by default.
    coverage: bool,
}

impl Plan {
    pub fn new(selection: Selection) -> Plan {
        Plan {
            selection,
            coverage: true,
        }
    }

    /// This plan, without the uncovered FRs in each PRD's statistics (`DocStats::uncovered_frs`
    /// stays empty): a run whose output does not show them does not pay for them.
    pub fn without_coverage(self) -> Plan {
        Plan {
            coverage: false,
            ..self
        }
    }

    /// The severity a rule's findings get for `path`, or None when the rule is off there.
    pub fn severity(&self, cfg: &Config, meta: &RuleMeta, path: &str) -> Option<Severity> {
        if self.selection.ignore.iter().any(|k| matches_key(k, meta)) {
            return None;
        }
        let selected = self.selection.select.iter().any(|k| matches_key(k, meta));
        if !self.selection.select.is_empty() && !selected {
            return None;
        }
        let sev = cfg.severity_for(meta.code, path).unwrap_or(meta.severity);
        match sev {
            Severity::Off if selected && cfg.severity_for(meta.code, path).is_none() => {
                Some(Severity::Warning)
            }
            Severity::Off => None,
            s => Some(s),
        }
    }

    /// Whether a rule runs anywhere (for reporting which rules were in force).
    pub fn enabled_anywhere(&self, cfg: &Config, meta: &RuleMeta) -> bool {
        self.severity(cfg, meta, "").is_some()
            || cfg
                .overrides
                .iter()
                .any(|o| matches!(o.rules.get(meta.code), Some(s) if *s != Severity::Off))
    }
}

/// A file's text, or why it could not be had.
pub enum Input {
    Text(String),
    Unreadable(String),
}

/// Read a file with the size limit and UTF-8/binary checks.
pub fn read_file(path: &std::path::Path, max: u64) -> Input {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return Input::Unreadable(format!("cannot read the file: {e}")),
    };
    if meta.is_dir() {
        return Input::Unreadable("is a directory, not a file".into());
    }
    if meta.len() > max {
        return Input::Unreadable(format!(
            "the file is {} bytes, over the limit of {max} bytes (`max-file-size`)",
            meta.len()
        ));
    }
    // One read sized from the metadata (the size was checked above; re-checked below in case
    // the file grew meanwhile).
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Input::Unreadable(format!("cannot read the file: {e}")),
    };
    if bytes.len() as u64 > max {
        return Input::Unreadable(format!(
            "the file is over the limit of {max} bytes (`max-file-size`)"
        ));
    }
    decode(bytes)
}

pub fn decode(bytes: Vec<u8>) -> Input {
    if memchr::memchr(0, &bytes).is_some() {
        return Input::Unreadable(
            "the file is binary (it contains NUL bytes), not Markdown".into(),
        );
    }
    match String::from_utf8(bytes) {
        Ok(s) => Input::Text(s),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let idx = LineIndex::new(&prefix);
            let pos = idx.position(&prefix, prefix.len());
            Input::Unreadable(format!(
                "the file is not valid UTF-8 (invalid byte 0x{:02X} at line {}, column {})",
                bytes[valid], pos.line, pos.column
            ))
        }
    }
}

/// Apply inline suppression (reporting unused directives), sort, and drop the source unless a
/// renderer will show it: done per file, in parallel, so no run holds every file's text.
fn finish_file(cfg: &Config, plan: &Plan, o: &mut FileOutcome, keep_source: bool) {
    let findings = std::mem::take(&mut o.report.findings);
    let path = o.report.path.clone();
    let unused_meta = UNUSED_SUPPRESSION.meta();
    let sev = plan.severity(cfg, &unused_meta, &path);
    // PRD047 runs after this, across files: a directive naming it cannot be judged here.
    let enabled = |code: &str| {
        code != FLAG_CONFLICT.code
            && rules::lookup(code).is_some_and(|m| plan.enabled_anywhere(cfg, &m))
    };
    let make = |d: &crate::document::Directive, message: String| -> Finding {
        Finding {
            code: UNUSED_SUPPRESSION.code,
            rule: UNUSED_SUPPRESSION.name,
            severity: sev.unwrap_or(Severity::Warning),
            path: path.clone(),
            location: d.location,
            message,
            help: Some("remove the directive, or fix its rule list".into()),
            related: vec![],
            fix: None,
            anchor: format!("suppression/{}", d.rules.join(",")),
        }
    };
    let mut kept = suppress::apply(
        &o.directives,
        findings,
        &enabled,
        sev.map(|s| (s, &make as suppress::MakeUnused<'_>)),
    );
    kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    kept.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.message == b.message);
    o.report.findings = kept;
    if !keep_source || o.report.findings.is_empty() {
        o.report.source = None;
    }
}

/// Everything one file contributes, kept small: no document survives this.
pub struct FileOutcome {
    pub report: FileReport,
    pub directives: FileDirectives,
    pub flag: Option<(String, Location)>,
}

const BOM: &str = "\u{feff}";

/// Run every enabled per-document rule on one text.
pub fn check_text(
    cfg: &Config,
    plan: &Plan,
    display: &str,
    dir: Option<PathBuf>,
    text: String,
) -> FileOutcome {
    check_text_with(
        cfg,
        plan,
        &RuleSeverities::for_run(cfg, plan),
        display,
        dir,
        text,
    )
}

/// Each document rule's severity, and whether the config sets it, as [`run_rules`] needs them;
/// `None` for a rule that is off.
type Severities = Vec<Option<(Severity, bool)>>;

fn severities_at(cfg: &Config, plan: &Plan, path: &str) -> Severities {
    rules::document_rules()
        .iter()
        .zip(rules::document_metas())
        .map(|(rule, meta)| {
            plan.severity(cfg, meta, path)
                .map(|sev| (sev, cfg.severity_for(rule.code, path).is_some()))
        })
        .collect()
}

/// The document rules' severities worked out once for a run: a config without `overrides`
/// gives every path the same ones (only an override's glob makes them depend on the path).
struct RuleSeverities(Option<Severities>);

impl RuleSeverities {
    fn for_run(cfg: &Config, plan: &Plan) -> RuleSeverities {
        RuleSeverities(
            cfg.overrides
                .is_empty()
                .then(|| severities_at(cfg, plan, "")),
        )
    }
}

fn check_text_with(
    cfg: &Config,
    plan: &Plan,
    sevs: &RuleSeverities,
    display: &str,
    dir: Option<PathBuf>,
    text: String,
) -> FileOutcome {
    let source = text.strip_prefix(BOM).map(str::to_string).unwrap_or(text);
    let doc = document::parse(display, dir, source, &cfg.template);
    let findings = run_rules(cfg, plan, sevs, &doc);
    let stats = DocStats {
        fr_count: doc.facts.frs.len(),
        ac_count: doc.facts.criteria.len(),
        uncovered_frs: if plan.coverage {
            rules::requirements::fr_uncovered::uncovered(&doc, &cfg.template)
                .into_iter()
                .map(|r| r.id.text.clone())
                .collect()
        } else {
            Vec::new()
        },
    };
    // An exempted PRD declares no flag of its own (a flag it names is someone else's), as
    // `flag-missing` does not look for one there.
    let flag = doc
        .facts
        .rollout
        .flag
        .as_ref()
        .filter(|_| !doc.facts.rollout.exempt())
        .map(|f| (f.name.clone(), doc.location(f.span.clone())));
    let Document {
        source,
        directives,
        index,
        ..
    } = doc;
    let directives = FileDirectives::new(directives, &source, index.line_count());
    FileOutcome {
        report: FileReport {
            path: display.to_string(),
            source: Some(Arc::new(source)),
            findings,
            stats,
        },
        directives,
        flag,
    }
}

fn run_rules(cfg: &Config, plan: &Plan, sevs: &RuleSeverities, doc: &Document) -> Vec<Finding> {
    let ctx = Ctx {
        doc,
        template: &cfg.template,
    };
    let per_path;
    let sevs = match &sevs.0 {
        Some(s) => s,
        None => {
            per_path = severities_at(cfg, plan, &doc.path);
            &per_path
        }
    };
    let mut out = Vec::new();
    for (rule, sev) in rules::document_rules().iter().zip(sevs) {
        let Some((sev, configured)) = *sev else {
            continue;
        };
        for mut f in rule.run(&ctx) {
            // A configured severity replaces the rule's own (including PRD036/PRD063's split).
            if configured || rule.severity == Severity::Off {
                f.severity = sev;
            }
            out.push(f);
        }
    }
    out
}

fn unreadable(display: &str, why: String, sev: Severity) -> FileOutcome {
    FileOutcome {
        report: FileReport {
            path: display.to_string(),
            source: None,
            findings: vec![Finding {
                code: UNREADABLE.code,
                rule: UNREADABLE.name,
                severity: sev,
                path: display.to_string(),
                location: Location {
                    start: crate::finding::Position { line: 1, column: 1 },
                    end: crate::finding::Position { line: 1, column: 1 },
                    ..Location::default()
                },
                message: format!("cannot check this file: {why}"),
                help: Some(
                    "prd-lint checks UTF-8 Markdown text files; the file was skipped".into(),
                ),
                related: vec![],
                fix: None,
                anchor: "unreadable".into(),
            }],
            stats: DocStats::default(),
        },
        directives: FileDirectives::default(),
        flag: None,
    }
}

/// One unit of work: a file on disk or a text from stdin.
pub enum Job {
    File(Target),
    Stdin { display: String, text: Input },
}

/// What `--fix` / `--diff` should do in a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct FixRun {
    pub mode: FixMode,
    /// Print the diff instead of writing.
    pub diff: bool,
}

/// A run's report plus what fixing did.
#[derive(Default)]
pub struct RunOutput {
    pub report: Option<Report>,
    /// Unified diffs (`--diff`), in path order.
    pub diffs: Vec<String>,
    /// Applied fixes per path (`--show-fixes`).
    pub applied: Vec<(String, Vec<Applied>)>,
    /// Files that could not be written.
    pub write_errors: Vec<String>,
}

/// The findings of a text after suppression, as `--fix` re-checks it between rounds.
pub fn recheck_fn<'a>(
    cfg: &'a Config,
    plan: &'a Plan,
    display: &'a str,
    dir: Option<PathBuf>,
) -> impl Fn(&str) -> Vec<Finding> + 'a {
    let sevs = RuleSeverities::for_run(cfg, plan);
    move |text: &str| {
        let o = check_text_with(cfg, plan, &sevs, display, dir.clone(), text.to_string());
        suppress::apply(&o.directives, o.report.findings, &|_| true, None)
    }
}

/// Check every job and build the report.
pub fn run(cfg: &Config, selection: Selection, jobs: Vec<Job>) -> Report {
    let keep = Keep {
        sources: true,
        coverage: true,
    };
    run_with(cfg, selection, jobs, None, keep)
        .report
        .expect("a run always has a report")
}

struct Fixed {
    diff: Option<String>,
    applied: Vec<Applied>,
    write_error: Option<String>,
}

/// Fix a file's text (when fixing) and return the text to check.
fn maybe_fix(
    cfg: &Config,
    plan: &Plan,
    t: &Target,
    dir: Option<PathBuf>,
    text: String,
    fix: Option<FixRun>,
) -> (String, Option<Fixed>) {
    let Some(fr) = fix else { return (text, None) };
    let recheck = recheck_fn(cfg, plan, &t.display, dir);
    let result = crate::fix::fix_text(&text, fr.mode, &recheck);
    if result.text == text {
        return (
            text,
            Some(Fixed {
                diff: None,
                applied: vec![],
                write_error: None,
            }),
        );
    }
    if fr.diff {
        let diff = crate::fix::unified_diff(&t.display, &text, &result.text);
        return (
            text,
            Some(Fixed {
                diff: Some(diff),
                applied: result.applied,
                write_error: None,
            }),
        );
    }
    match crate::fix::write_atomic(&t.path, text.as_bytes(), &result.text) {
        Ok(()) => (
            result.text,
            Some(Fixed {
                diff: None,
                applied: result.applied,
                write_error: None,
            }),
        ),
        Err(e) => (
            text,
            Some(Fixed {
                diff: None,
                applied: vec![],
                write_error: Some(format!("{}: not fixed: {e}", t.display)),
            }),
        ),
    }
}

/// What a run keeps beyond its findings, for the output formats that show it.
#[derive(Debug, Clone, Copy)]
pub struct Keep {
    /// The text of files with findings (the `full` format shows snippets); otherwise each text
    /// is dropped with its file.
    pub sources: bool,
    /// The FRs no criterion covers, per PRD (the GitHub step summary).
    pub coverage: bool,
}

/// Check (and with `fix`, first fix) every job, keeping what `keep` asks for.
pub fn run_with(
    cfg: &Config,
    selection: Selection,
    jobs: Vec<Job>,
    fix: Option<FixRun>,
    keep: Keep,
) -> RunOutput {
    let start = Instant::now();
    let plan = Plan::new(selection);
    let plan = if keep.coverage {
        plan
    } else {
        plan.without_coverage()
    };
    let unreadable_sev = plan.severity(cfg, &UNREADABLE.meta(), "");
    let sevs = RuleSeverities::for_run(cfg, &plan);
    let one = |job: Job| -> (FileOutcome, Option<Fixed>) {
        let (mut o, f) = match job {
            Job::File(t) => {
                let dir = t.path.parent().map(|p| p.to_path_buf());
                match read_file(&t.path, cfg.max_file_size) {
                    Input::Text(text) => {
                        let (text, fixed) = maybe_fix(cfg, &plan, &t, dir.clone(), text, fix);
                        (
                            check_text_with(cfg, &plan, &sevs, &t.display, dir, text),
                            fixed,
                        )
                    }
                    Input::Unreadable(why) => (
                        unreadable(&t.display, why, unreadable_sev.unwrap_or(Severity::Error)),
                        None,
                    ),
                }
            }
            Job::Stdin { display, text } => match text {
                Input::Text(text) => (
                    check_text_with(cfg, &plan, &sevs, &display, None, text),
                    None,
                ),
                Input::Unreadable(why) => (
                    unreadable(&display, why, unreadable_sev.unwrap_or(Severity::Error)),
                    None,
                ),
            },
        };
        finish_file(cfg, &plan, &mut o, keep.sources);
        (o, f)
    };
    // One file (the pre-commit case) does not need, or pay for, a thread pool.
    let results: Vec<(FileOutcome, Option<Fixed>)> = if jobs.len() <= 1 {
        jobs.into_iter().map(one).collect()
    } else {
        jobs.into_par_iter().map(one).collect()
    };
    let mut output = RunOutput::default();
    let mut outcomes = Vec::with_capacity(results.len());
    let mut fixed_count = 0;
    for (o, f) in results {
        if let Some(f) = f {
            if let Some(d) = f.diff {
                output.diffs.push(d);
            }
            if let Some(e) = f.write_error {
                output.write_errors.push(e);
            }
            if !f.applied.is_empty() {
                fixed_count += f.applied.len();
                output.applied.push((o.report.path.clone(), f.applied));
            }
        }
        outcomes.push(o);
    }
    output.diffs.sort();
    output.applied.sort_by(|a, b| a.0.cmp(&b.0));
    if unreadable_sev.is_none() {
        for o in &mut outcomes {
            o.report.findings.retain(|f| f.code != UNREADABLE.code);
        }
    }
    outcomes.sort_by(|a, b| a.report.path.cmp(&b.report.path));

    flag_conflicts(cfg, &plan, &mut outcomes);

    // PRD047 findings added above: suppress them too (unused directives were judged per file).
    for o in &mut outcomes {
        if o.report
            .findings
            .iter()
            .any(|f| f.code == FLAG_CONFLICT.code)
        {
            let findings = std::mem::take(&mut o.report.findings);
            let mut kept = suppress::apply(&o.directives, findings, &|_| true, None);
            kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            o.report.findings = kept;
        }
        if o.report.findings.is_empty() {
            o.report.source = None;
        }
    }

    let mut metas: Vec<RuleMeta> = rules::all_meta()
        .into_iter()
        .filter(|m| plan.enabled_anywhere(cfg, m))
        .collect();
    metas.sort_by_key(|m| m.code);
    output.report = Some(Report {
        files: outcomes.into_iter().map(|o| o.report).collect(),
        rules: metas,
        elapsed: start.elapsed(),
        fixed: if fix.is_some_and(|f| !f.diff) {
            fixed_count
        } else {
            0
        },
    });
    output
}

/// PRD047: two PRDs of the run declare the same flag. Each later PRD points at its own flag
/// with the first declaration as the related location.
fn flag_conflicts(cfg: &Config, plan: &Plan, outcomes: &mut [FileOutcome]) {
    let meta = FLAG_CONFLICT.meta();
    let mut by_flag: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, o) in outcomes.iter().enumerate() {
        if let Some((name, _)) = &o.flag {
            by_flag.entry(name.as_str()).or_default().push(i);
        }
    }
    let mut adds: Vec<(usize, Finding)> = Vec::new();
    for (name, idxs) in &by_flag {
        if idxs.len() < 2 {
            continue;
        }
        let first = &outcomes[idxs[0]];
        let (_, first_loc) = first.flag.clone().unwrap_or_default();
        for &i in &idxs[1..] {
            let o = &outcomes[i];
            let Some(sev) = plan.severity(cfg, &meta, &o.report.path) else {
                continue;
            };
            let (_, loc) = o.flag.clone().unwrap_or_default();
            adds.push((
                i,
                Finding {
                    code: FLAG_CONFLICT.code,
                    rule: FLAG_CONFLICT.name,
                    severity: sev,
                    path: o.report.path.clone(),
                    location: loc,
                    message: format!(
                        "feature flag `{name}` is also declared by {}",
                        first.report.path
                    ),
                    help: Some("each feature needs its own flag; rename one of them".into()),
                    related: vec![Related {
                        path: first.report.path.clone(),
                        location: first_loc,
                        message: format!("`{name}` is declared here"),
                    }],
                    fix: None,
                    anchor: format!("§11/flag-conflict/{name}"),
                },
            ));
        }
    }
    for (i, f) in adds {
        outcomes[i].report.findings.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run-wide severities [`run_rules`] uses are, for every path, what asking the plan and
    /// the config per path (as it did before) gives; with overrides it still asks per path.
    #[test]
    fn run_wide_severities_match_the_per_path_ones() {
        let paths = ["", "prd.md", "docs/features/x/prd.md", "a/b/legacy/prd.md"];
        let sels = [
            Selection::default(),
            Selection {
                select: vec!["PRD02".into(), "section-missing".into()],
                ignore: vec!["PRD021".into()],
            },
            Selection {
                select: vec!["ALL".into()],
                ignore: vec![],
            },
        ];
        let mut cfg = Config::defaults(PathBuf::from("."));
        for (i, rule) in rules::document_rules().iter().enumerate() {
            let sev = [
                Severity::Error,
                Severity::Warning,
                Severity::Info,
                Severity::Off,
            ][i % 5 % 4];
            if i % 5 != 4 {
                cfg.severities.insert(rule.code, sev);
            }
        }
        for sel in sels {
            let plan = Plan::new(sel);
            let per_run = RuleSeverities::for_run(&cfg, &plan);
            let got = per_run.0.as_ref().expect("no overrides: one set per run");
            for path in paths {
                assert_eq!(got, &severities_at(&cfg, &plan, path), "{path}");
            }
        }
        let mut globs = globset::GlobSetBuilder::new();
        globs.add(globset::Glob::new("**/legacy/**").unwrap());
        cfg.overrides.push(crate::config::Override {
            files: globs.build().unwrap(),
            rules: BTreeMap::from([("PRD002", Severity::Off)]),
        });
        assert!(
            RuleSeverities::for_run(&cfg, &Plan::new(Selection::default()))
                .0
                .is_none()
        );
    }
}
