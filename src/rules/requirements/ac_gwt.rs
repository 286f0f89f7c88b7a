//! PRD035 `ac-gwt`: Every acceptance criterion has Given, When and Then, in that order.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD035",
    name: "ac-gwt",
    severity: Severity::Error,
    summary: "Every acceptance criterion has Given, When and Then, in that order",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
