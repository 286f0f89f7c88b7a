//! PRD032 `ac-id-duplicate`: No two acceptance criteria share an ID.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD032",
    name: "ac-id-duplicate",
    severity: Severity::Error,
    summary: "No two acceptance criteria share an ID",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
