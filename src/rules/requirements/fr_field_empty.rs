//! PRD025 `fr-field-empty`: Every requirement has a description and an owner.

use super::{Anchors, Kind};
use crate::document::facts::{Cell, FrRow};
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};
use crate::template::normalize_label;

pub const RULE: Rule = Rule {
    code: "PRD025",
    name: "fr-field-empty",
    severity: Severity::Error,
    summary: "Every requirement has a description and an owner",
    fix: None,
    check,
};

/// Only the columns the row's table has are checked (a missing column is `fr-table-missing`'s
/// defect). A cell that holds nothing, or only a dash, is empty. Points at the row's ID.
fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let n = Kind::Fr.section_number(t);
    let cols = &t.file.requirements.columns;
    let mut anchors = Anchors::default();
    for r in &doc.facts.frs {
        for (ci, field) in [(1, &r.description), (3, &r.owner)] {
            let Some(name) = cols.get(ci) else { continue };
            let found = match field {
                Some(c) if is_empty(c) => {
                    if c.text.is_empty() {
                        "an empty cell".to_string()
                    } else {
                        format!("`{}`", c.text)
                    }
                }
                Some(_) => continue,
                // The column exists but this row is short of cells.
                None if has_column(doc, r, name) => "no cell".to_string(),
                None => continue,
            };
            let what = name.to_lowercase();
            let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            out.report(
                r.id.span.clone(),
                format!(
                    "expected {article} {what} for `{}`, found {found}",
                    r.id.text
                ),
            )
            .help(format!("fill in the {name} cell of `{}`", r.id.text))
            .anchor(anchors.make(format!("§{n}/{}/{what}", r.id.text)));
        }
    }
}

fn is_empty(c: &Cell) -> bool {
    c.text
        .chars()
        .all(|ch| ch.is_whitespace() || matches!(ch, '-' | '—' | '–'))
}

fn has_column(doc: &Document, r: &FrRow, name: &str) -> bool {
    let want = normalize_label(name);
    doc.tables[r.table].rows[0]
        .iter()
        .any(|&b| normalize_label(&doc.blocks[b].text()) == want)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    fn src(header: &str, rows: &str) -> String {
        format!("# A — PRD\n\n## 6. Functional Requirements\n{header}\n|---|---|---|---|\n{rows}")
    }
    const H: &str = "| ID | Description | Priority | Owner |";

    #[test]
    fn filled_rows_pass() {
        assert!(run_rule(&RULE, &src(H, "| FR-001 | a | P0 | **Delivery** |\n")).is_empty());
        // Missing columns are the header's defect.
        assert!(run_rule(
            &RULE,
            &src("| ID | Requirement | Priority |", "| FR-001 | a | P0 |\n")
        )
        .is_empty());
    }

    #[test]
    fn empty_cells_fire_at_the_id() {
        assert_eq!(
            run_rule(
                &RULE,
                &src(
                    H,
                    "| FR-001 |  | P0 | o |\n| FR-002 | b | P1 | — |\n| FR-003 | c | P1 |\n"
                )
            ),
            vec![
                (
                    6,
                    3,
                    "expected a description for `FR-001`, found an empty cell".into()
                ),
                (7, 3, "expected an owner for `FR-002`, found `—`".into()),
                (
                    8,
                    3,
                    "expected an owner for `FR-003`, found an empty cell".into()
                ),
            ]
        );
    }
}
