//! PRD051 `html`: Plain Markdown: no raw HTML outside code.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD051",
    name: "html",
    severity: Severity::Error,
    summary: "Plain Markdown: no raw HTML outside code",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
