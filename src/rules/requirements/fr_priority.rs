//! PRD024 `fr-priority`: FR priorities are exactly `P0`, `P1` or `P2`.

use super::{verbatim, Anchors, Kind};
use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD024",
    name: "fr-priority",
    severity: Severity::Error,
    summary: "FR priorities are exactly `P0`, `P1` or `P2`",
    fix: Some(Applicability::Safe),
    check,
};

/// Checked for rows of a table that has a Priority column (a missing column is
/// `fr-table-missing`'s defect). Points at the priority cell (at the row's ID when the cell is
/// empty).
fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let n = Kind::Fr.section_number(t);
    let allowed = &t.file.requirements.priorities;
    // Spelt out for the first finding only: most documents have none.
    let list = std::cell::LazyCell::new(|| one_of(allowed));
    let mut anchors = Anchors::default();
    for r in &doc.facts.frs {
        let Some(p) = &r.priority else { continue };
        if allowed.contains(&p.text) {
            continue;
        }
        let list: &str = &list;
        let id = &r.id.text;
        let anchor = anchors.make(format!("§{n}/{id}/priority"));
        if p.text.is_empty() {
            out.report(
                r.id.span.clone(),
                format!("expected priority {list} for `{id}`, found an empty cell"),
            )
            .help("fill in the Priority cell")
            .anchor(anchor);
            continue;
        }
        let mut f = out.report(
            p.span.clone(),
            format!("expected priority {list} for `{id}`, found `{}`", p.text),
        );
        match allowed.iter().find(|a| a.eq_ignore_ascii_case(&p.text)) {
            Some(good) if verbatim(doc, &p.span, &p.text) => {
                f = f.help(format!("write `{good}`")).fix(
                    Applicability::Safe,
                    format!("Write `{good}`"),
                    vec![(p.span.clone(), good.clone())],
                );
            }
            _ => {
                f = f.help(format!(
                    "use one of {list}; put any nuance in the Description"
                ))
            }
        }
        f.anchor(anchor);
    }
}

/// "`P0`, `P1` or `P2`".
fn one_of(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    fn src(rows: &str) -> String {
        format!("# A — PRD\n\n## 6. Functional Requirements\n| ID | Description | Priority | Owner |\n|---|---|---|---|\n{rows}")
    }

    #[test]
    fn exact_priorities_pass() {
        assert!(run_rule(
            &RULE,
            &src("| FR-001 | a | P0 | o |\n| FR-002 | b | **P1** | o |\n| FR-003 | c | P2 | o |\n")
        )
        .is_empty());
        // No Priority column: the header's defect, not this rule's.
        let s = "# A — PRD\n\n## 6. Functional Requirements\n| ID | Description |\n|---|---|\n| FR-001 | a |\n";
        assert!(run_rule(&RULE, s).is_empty());
    }

    #[test]
    fn other_values_fire_at_the_cell() {
        assert_eq!(
            run_rule(
                &RULE,
                &src("| FR-001 | a | p0 | o |\n| FR-002 | b | High | o |\n| FR-003 | c |  | o |\n")
            ),
            vec![
                (
                    6,
                    16,
                    "expected priority `P0`, `P1` or `P2` for `FR-001`, found `p0`".into()
                ),
                (
                    7,
                    16,
                    "expected priority `P0`, `P1` or `P2` for `FR-002`, found `High`".into()
                ),
                (
                    8,
                    3,
                    "expected priority `P0`, `P1` or `P2` for `FR-003`, found an empty cell".into()
                ),
            ]
        );
    }

    #[test]
    fn case_is_fixed() {
        let t = crate::template::Template::torus();
        let s = src("| FR-001 | a | **p1** | o |\n");
        let doc = crate::document::parse("prd.md", None, s.clone(), &t);
        let f = RULE.run(&Ctx {
            doc: &doc,
            template: &t,
        });
        let fix = f[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        let e = &fix.edits[0];
        let mut out = s.clone();
        out.replace_range(e.location.start_byte..e.location.end_byte, &e.content);
        assert!(out.contains("| **P1** |"));
    }
}
