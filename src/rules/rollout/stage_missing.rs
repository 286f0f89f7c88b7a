//! PRD042 `rollout-stage-missing`: §11 gives each rollout stage: internal-only, 5%, 50%, 100%.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD042",
    name: "rollout-stage-missing",
    severity: Severity::Error,
    summary: "§11 gives each rollout stage: internal-only, 5%, 50%, 100%",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
