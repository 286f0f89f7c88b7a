//! PRD052 `image-missing`: Local images point at files that exist.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD052",
    name: "image-missing",
    severity: Severity::Error,
    summary: "Local images point at files that exist",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
