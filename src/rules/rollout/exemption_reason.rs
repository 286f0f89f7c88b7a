//! PRD048 `exemption-reason`: A `Rollout exemption:` gives its reason.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD048",
    name: "exemption-reason",
    severity: Severity::Error,
    summary: "A `Rollout exemption:` gives its reason",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
