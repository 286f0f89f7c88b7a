//! PRD061 `wcag`: §5 Accessibility names WCAG 2.x AA.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD061",
    name: "wcag",
    severity: Severity::Warning,
    summary: "§5 Accessibility names WCAG 2.x AA",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
