//! PRD062 `permissions-matrix`: §9 has a role × action permissions table.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD062",
    name: "permissions-matrix",
    severity: Severity::Warning,
    summary: "§9 has a role × action permissions table",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
