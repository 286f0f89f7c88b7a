//! PRD043 `rollout-stage-order`: Rollout stages appear in order.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD043",
    name: "rollout-stage-order",
    severity: Severity::Error,
    summary: "Rollout stages appear in order",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
