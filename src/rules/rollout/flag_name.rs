//! PRD041 `flag-name`: The feature flag name follows the naming pattern.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD041",
    name: "flag-name",
    severity: Severity::Error,
    summary: "The feature flag name follows the naming pattern",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
