//! PRD060 `perf-targets`: Performance & Scale states numeric p50 and p95 targets.
//!
//! A target is `p50`/`p95` (or `median`, `50th`/`95th percentile`) with a time quantity
//! (`150 ms`, `2s`) near it, or followed directly by a number (`p95 < 300`, `p95: 300`). The
//! template's own prompt text, `targets for latency (p50/p95)`, has no numbers and does not
//! count. `N/A` plus a reason as the label's content is accepted (a label that does not apply).

use super::{not_applicable, scope};
use crate::document::{ceil_char_boundary, floor_char_boundary};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};
use regex::Regex;
use std::sync::OnceLock;

pub const RULE: Rule = Rule {
    code: "PRD060",
    name: "perf-targets",
    severity: Severity::Warning,
    summary: "Performance & Scale states numeric p50 and p95 targets",
    fix: None,
    check,
};

const LABEL: &str = "Performance & Scale";

fn p50_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)(?-u:\b)(p50|median|50th[ -]percentile)(?-u:\b)").unwrap())
}
fn p95_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)(?-u:\b)(p95|95th[ -]percentile)(?-u:\b)").unwrap())
}
fn quantity_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)(?:^|[^A-Za-z0-9_.])[0-9]+(?:[.,][0-9]+)?(?-u:\s)*(?:ms|msecs?|milliseconds?|s|secs?|seconds?|mins?|minutes?|µs|μs|us)(?-u:\b)")
            .unwrap()
    })
}
fn direct_number_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)^[ \t:=(]*(?:latency|response time)?(?-u:\s)*(?:<=|>=|<|>|≤|≥|=|:|under|below|within|at most|of|is)?(?-u:\s)*~?[0-9]")
            .unwrap()
    })
}

#[derive(PartialEq, Clone, Copy)]
enum State {
    Absent,
    NoNumber,
    Ok,
}

fn state(text: &str, re: &Regex) -> State {
    let mut st = State::Absent;
    for m in re.find_iter(text) {
        st = State::NoNumber;
        let from = floor_char_boundary(text, m.start().saturating_sub(40));
        let to = ceil_char_boundary(text, m.end() + 60);
        let rest = &text[m.end()..];
        if quantity_re().is_match(&text[from..to])
            || direct_number_re().is_match(rest)
            || quantity_re().is_match(&rest[..clause_end(rest)])
        {
            return State::Ok;
        }
    }
    st
}

/// Longest stretch after a term searched for its time quantity: a clause seldom runs longer.
const CLAUSE_MAX: usize = 200;

/// Where the clause that starts `rest` ends: at a `;`, at a sentence's full stop (a `.` before
/// whitespace, not a decimal point), or after [`CLAUSE_MAX`] bytes. A target's number may sit
/// anywhere in its own clause (`p50 for a 200-student page is 300 ms`), however far from the
/// term, but not in the next one.
fn clause_end(rest: &str) -> usize {
    let b = rest.as_bytes();
    let cap = b.len().min(CLAUSE_MAX);
    for i in 0..cap {
        let full_stop = b[i] == b'.' && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace());
        if b[i] == b';' || full_stop {
            return i;
        }
    }
    floor_char_boundary(rest, cap)
}

fn check(ctx: &Ctx, out: &mut Out) {
    let t = ctx.template;
    let number = t.file.roles.nfr;
    let Some(section) = ctx.doc.section_numbered(t, number) else {
        return;
    };
    let sc = scope(ctx, section, number, LABEL);
    if sc.labelled && not_applicable(ctx, &sc.lines) == Some(true) {
        return;
    }
    let text = sc.lines.join(" ");
    let (p50, p95) = (state(&text, p50_re()), state(&text, p95_re()));
    if p50 == State::Ok && p95 == State::Ok {
        return;
    }
    let found = match (p50, p95) {
        (State::Absent, State::Absent) => "found neither".to_string(),
        (State::NoNumber, State::NoNumber) => "found p50 and p95 without numbers".to_string(),
        _ => {
            let part = |name: &str, s: State| match s {
                State::Absent => Some(format!("no {name}")),
                State::NoNumber => Some(format!("{name} without a number")),
                State::Ok => None,
            };
            let parts: Vec<String> = [part("p50", p50), part("p95", p95)]
                .into_iter()
                .flatten()
                .collect();
            format!("found {}", parts.join(" and "))
        }
    };
    let place = if sc.labelled {
        format!("under `{LABEL}`")
    } else {
        format!("in §{number} (no `{LABEL}` label)")
    };
    out.report(
        sc.span,
        format!("expected numeric p50 and p95 latency targets {place}, {found}"),
    )
    .help("state both, e.g. `Performance & Scale: page load p50 ≤ 300 ms, p95 ≤ 800 ms at 1,000 concurrent learners`")
    .anchor(format!("§{number}/perf-targets"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    const H8: &str = "# A — PRD\n\n## 8. Non-Functional Requirements\n";

    #[test]
    fn missing_or_numberless_targets() {
        assert_eq!(
            run_rule(&RULE, &format!("{H8}Performance & Scale: targets for latency (p50/p95), throughput.\n")),
            vec![(4, 1, "expected numeric p50 and p95 latency targets under `Performance & Scale`, found p50 and p95 without numbers".into())]
        );
        assert_eq!(
            run_rule(&RULE, &format!("{H8}- Performance & Scale:\n  - Start within 250ms p95.\n")),
            vec![(4, 3, "expected numeric p50 and p95 latency targets under `Performance & Scale`, found no p50".into())]
        );
        // A number in the next clause or sentence is not the target's.
        assert_eq!(
            run_rule(&RULE, &format!("{H8}Performance & Scale: p50 stays low for the gradebook page with all of its students; p95 ≤ 900 ms.\n")),
            vec![(4, 1, "expected numeric p50 and p95 latency targets under `Performance & Scale`, found p50 without a number".into())]
        );
        assert_eq!(
            run_rule(&RULE, &format!("{H8}- Performance: P95 launch validation (excluding remote key fetch latency) < 50ms.\n")),
            vec![(3, 1, "expected numeric p50 and p95 latency targets in §8 (no `Performance & Scale` label), found no p50".into())]
        );
        assert_eq!(
            run_rule(&RULE, &format!("{H8}Reliability: fine.\n")),
            vec![(3, 1, "expected numeric p50 and p95 latency targets in §8 (no `Performance & Scale` label), found neither".into())]
        );
    }

    #[test]
    fn accepted_forms() {
        for body in [
            "Performance & Scale: p50 ≤ 150 ms and p95 ≤ 400 ms.\n",
            "**Performance & Scale**\n\n- p50/p95 latency: 100/300 ms\n",
            "### Performance & Scale\n\n| Metric | Target |\n|---|---|\n| p50 | 200ms |\n| p95 | 1s |\n",
            "- Performance & Scale: median 80 ms, 95th percentile 250 ms\n",
            "Reliability: ok.\n\nPages render in p50 < 200 and p95 < 500.\n",
            "Performance & Scale: N/A — no runtime code changes in this feature.\n",
            // The number far from the term, but in the term's own clause.
            "Performance & Scale: p50 for rendering the instructor gradebook page with 200 students is 300 ms; p95 ≤ 900 ms.\n",
            "Performance & Scale: p50 launch validation (excluding remote key fetch latency) < 20 ms; p95 < 50 ms.\n",
        ] {
            assert!(run_rule(&RULE, &format!("{H8}{body}")).is_empty(), "{body}");
        }
        assert!(run_rule(&RULE, "# A — PRD\n\n## 1. Overview\nx\n").is_empty());
    }
}
