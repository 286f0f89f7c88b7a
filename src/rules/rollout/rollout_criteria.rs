//! PRD044 `rollout-criteria`: Each rollout stage has a gating rule or progression criterion.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD044",
    name: "rollout-criteria",
    severity: Severity::Error,
    summary: "Each rollout stage has a gating rule or progression criterion",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
