//! PRD025 `fr-field-empty`: Every requirement has a description and an owner.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD025",
    name: "fr-field-empty",
    severity: Severity::Error,
    summary: "Every requirement has a description and an owner",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
