//! PRD046 `kill-switch`: §11 describes the kill-switch or rollback behaviour.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD046",
    name: "kill-switch",
    severity: Severity::Error,
    summary: "§11 describes the kill-switch or rollback behaviour",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
