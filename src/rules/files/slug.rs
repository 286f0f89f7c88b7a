//! PRD071 `slug`: The feature folder name is a valid feature slug.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD071",
    name: "slug",
    severity: Severity::Warning,
    summary: "The feature folder name is a valid feature slug",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
