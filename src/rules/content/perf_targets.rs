//! PRD060 `perf-targets`: Performance & Scale states numeric p50 and p95 targets.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD060",
    name: "perf-targets",
    severity: Severity::Warning,
    summary: "Performance & Scale states numeric p50 and p95 targets",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
