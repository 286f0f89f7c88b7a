//! PRD024 `fr-priority`: FR priorities are exactly `P0`, `P1` or `P2`.

use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD024",
    name: "fr-priority",
    severity: Severity::Error,
    summary: "FR priorities are exactly `P0`, `P1` or `P2`",
    fix: Some(Applicability::Safe),
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
