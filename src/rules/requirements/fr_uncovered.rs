//! PRD036 `fr-uncovered`: Every FR is linked by at least one acceptance criterion.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD036",
    name: "fr-uncovered",
    severity: Severity::Error,
    summary: "Every FR is linked by at least one acceptance criterion",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
