//! PRD022 `fr-id-duplicate`: No two requirements share an FR ID.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD022",
    name: "fr-id-duplicate",
    severity: Severity::Error,
    summary: "No two requirements share an FR ID",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
