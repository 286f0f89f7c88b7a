//! PRD063 `dod-checklist`: §17 is a task list with the template's Definition-of-Done items.

use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD063",
    name: "dod-checklist",
    severity: Severity::Error,
    summary: "§17 is a task list with the template's Definition-of-Done items",
    fix: Some(Applicability::Unsafe),
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
