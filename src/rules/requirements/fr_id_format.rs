//! PRD021 `fr-id-format`: FR IDs are `FR-` plus three or more digits.

use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD021",
    name: "fr-id-format",
    severity: Severity::Error,
    summary: "FR IDs are `FR-` plus three or more digits",
    fix: Some(Applicability::Safe),
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
