//! PRD050 `placeholder`: No TBD/TODO/template-token placeholders outside code and Open Questions.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD050",
    name: "placeholder",
    severity: Severity::Error,
    summary: "No TBD/TODO/template-token placeholders outside code and Open Questions",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
