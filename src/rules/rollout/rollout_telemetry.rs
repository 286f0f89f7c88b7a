//! PRD045 `rollout-telemetry`: §11 names the telemetry or metrics used to promote between stages.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD045",
    name: "rollout-telemetry",
    severity: Severity::Error,
    summary: "§11 names the telemetry or metrics used to promote between stages",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
