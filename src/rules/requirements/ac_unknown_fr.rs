//! PRD034 `ac-unknown-fr`: Every FR an acceptance criterion links is defined in §6.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD034",
    name: "ac-unknown-fr",
    severity: Severity::Error,
    summary: "Every FR an acceptance criterion links is defined in §6",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
