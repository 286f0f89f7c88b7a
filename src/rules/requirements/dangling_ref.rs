//! PRD037 `dangling-ref`: Every FR/AC ID mentioned in the document is defined.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD037",
    name: "dangling-ref",
    severity: Severity::Error,
    summary: "Every FR/AC ID mentioned in the document is defined",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
