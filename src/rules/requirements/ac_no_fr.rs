//! PRD033 `ac-no-fr`: Every acceptance criterion links at least one FR.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD033",
    name: "ac-no-fr",
    severity: Severity::Error,
    summary: "Every acceptance criterion links at least one FR",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
