//! PRD040 `flag-missing`: §11 names the feature flag (or the PRD is exempted).

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD040",
    name: "flag-missing",
    severity: Severity::Error,
    summary: "§11 names the feature flag (or the PRD is exempted)",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
