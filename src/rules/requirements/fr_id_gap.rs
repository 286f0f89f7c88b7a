//! PRD023 `fr-id-gap`: FR IDs are ascending without gaps.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD023",
    name: "fr-id-gap",
    severity: Severity::Warning,
    summary: "FR IDs are ascending without gaps",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
