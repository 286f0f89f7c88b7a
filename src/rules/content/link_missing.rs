//! PRD053 `link-missing`: Relative links point at files that exist.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD053",
    name: "link-missing",
    severity: Severity::Warning,
    summary: "Relative links point at files that exist",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
