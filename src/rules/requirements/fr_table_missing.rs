//! PRD020 `fr-table-missing`: §6 has a table with the columns `ID | Description | Priority | Owner`.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD020",
    name: "fr-table-missing",
    severity: Severity::Error,
    summary: "§6 has a table with the columns `ID | Description | Priority | Owner`",
    fix: None,
    check,
};

fn check(_ctx: &Ctx, _out: &mut Out) {}
