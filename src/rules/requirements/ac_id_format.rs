//! PRD031 `ac-id-format`: AC IDs are `AC-` plus three or more digits and an optional lowercase letter.

use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD031",
    name: "ac-id-format",
    severity: Severity::Error,
    summary: "AC IDs are `AC-` plus three or more digits and an optional lowercase letter",
    fix: Some(Applicability::Safe),
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
