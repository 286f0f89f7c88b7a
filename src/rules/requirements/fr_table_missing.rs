//! PRD020 `fr-table-missing`: §6 has a table with the columns `ID | Description | Priority | Owner`.

use super::{section, Kind};
use crate::document::{Document, Span};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};
use crate::template::normalize_label;

pub const RULE: Rule = Rule {
    code: "PRD020",
    name: "fr-table-missing",
    severity: Severity::Error,
    summary: "§6 has a table with the columns `ID | Description | Priority | Owner`",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let Some(s) = section(doc, t, Kind::Fr) else {
        return;
    };
    if doc.facts.fr_header_ok {
        return;
    }
    let want = &t.file.requirements.columns;
    let want_text = want.join(" | ");
    let n = Kind::Fr.section_number(t);
    let anchor = format!("§{n}/fr-table");
    if let Some(&ti) = doc.facts.fr_tables.first() {
        // A table of FR rows whose header is wrong: point at its header row.
        let table = &doc.tables[ti];
        let header: Vec<String> = table.rows[0]
            .iter()
            .map(|&b| doc.blocks[b].text().trim().to_string())
            .collect();
        let norm: Vec<String> = header.iter().map(|h| normalize_label(h)).collect();
        let missing: Vec<String> = want
            .iter()
            .filter(|w| !norm.contains(&normalize_label(w)))
            .map(|w| format!("`{w}`"))
            .collect();
        let help = if missing.is_empty() {
            format!("put the columns in this order: `| {want_text} |` (extra columns may follow)")
        } else {
            format!(
                "add the missing column{} {}: `| {want_text} |` (extra columns may follow)",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", ")
            )
        };
        let cells = &table.rows[0];
        let span = match (cells.first(), cells.last()) {
            (Some(&a), Some(&b)) => header_cell_span(doc, a).start..header_cell_span(doc, b).end,
            _ => doc.line_span(doc.index.line_of(table.span.start)),
        };
        out.report(
            span,
            format!(
                "expected the FR table header `{want_text}`, found `{}`",
                header.join(" | ")
            ),
        )
        .help(help)
        .anchor(anchor);
        return;
    }
    let has_table = doc.tables.iter().any(|tb| {
        tb.section
            .is_some_and(|i| doc.sections[i].heading == s.heading)
    });
    let found = if has_table {
        "only tables with other columns"
    } else {
        "no table"
    };
    out.report(
        doc.heading_span(s),
        format!("expected a table with the header `{want_text}` in §{n}, found {found}"),
    )
    .help(format!(
        "add a table `| {want_text} |` with one row per requirement (`{}`, …)",
        Kind::Fr.example(t)
    ))
    .anchor(anchor);
}

/// The span of a header cell's text (its whole cell when empty).
fn header_cell_span(doc: &Document, bi: usize) -> Span {
    let b = &doc.blocks[bi];
    match b.lines.first() {
        Some(l) if !l.text.trim().is_empty() => {
            let lead = l.text.len() - l.text.trim_start().len();
            l.src_span(lead..lead + l.text.trim().len())
        }
        _ => b.span.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    const HEAD: &str = "# A — PRD\n\n## 6. Functional Requirements\n";

    #[test]
    fn accepted_headers() {
        for header in [
            "| ID | Description | Priority | Owner |",
            "| id | description | priority | owner | Notes |",
            "| **ID** | Description | Priority (P0/P1/P2) | Owner |",
        ] {
            let cols = header.matches('|').count() - 1;
            let src = format!(
                "{HEAD}{header}\n|{}\n| FR-001 | a | P0 | b |\n",
                "---|".repeat(cols)
            );
            assert!(run_rule(&RULE, &src).is_empty(), "{header}");
        }
    }

    #[test]
    fn wrong_header_points_at_it() {
        let src = format!(
            "{HEAD}Intro.\n\n| ID | Requirement | Priority |\n|---|---|---|\n| FR-001 | a | P0 |\n"
        );
        assert_eq!(
            run_rule(&RULE, &src),
            vec![(
                6,
                3,
                "expected the FR table header `ID | Description | Priority | Owner`, found `ID | Requirement | Priority`".into()
            )]
        );
    }

    #[test]
    fn no_table_points_at_the_heading() {
        let src = format!("{HEAD}- FR-001: a\n");
        assert_eq!(
            run_rule(&RULE, &src),
            vec![(
                3,
                1,
                "expected a table with the header `ID | Description | Priority | Owner` in §6, found no table".into()
            )]
        );
        let src = format!("{HEAD}| Role | Can |\n|---|---|\n| admin | all |\n");
        assert_eq!(
            run_rule(&RULE, &src)[0].2,
            "expected a table with the header `ID | Description | Priority | Owner` in §6, found only tables with other columns"
        );
    }

    #[test]
    fn missing_section_is_not_this_rules_defect() {
        assert!(run_rule(&RULE, "# A — PRD\n\n## 1. Overview\nx\n").is_empty());
    }
}
