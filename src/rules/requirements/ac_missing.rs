//! PRD030 `ac-missing`: §7 holds at least one acceptance criterion.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD030",
    name: "ac-missing",
    severity: Severity::Error,
    summary: "§7 holds at least one acceptance criterion",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
