//! PRD070 `pack-incomplete`: The spec pack has `fdd.md` and `plan.md` beside `prd.md`.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD070",
    name: "pack-incomplete",
    severity: Severity::Off,
    summary: "The spec pack has `fdd.md` and `plan.md` beside `prd.md`",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
