//! PRD021 `fr-id-format`: FR IDs are `FR-` plus three or more digits.

use super::{canonical, is_valid, rename_edits, Anchors, Kind};
use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD021",
    name: "fr-id-format",
    severity: Severity::Error,
    summary: "FR IDs are `FR-` plus three or more digits",
    fix: Some(Applicability::Safe),
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let n = Kind::Fr.section_number(t);
    let frs = &doc.facts.frs;
    let mut anchors = Anchors::default();
    for (i, r) in frs.iter().enumerate() {
        let id = r.id.text.as_str();
        if is_valid(id, Kind::Fr, t) {
            continue;
        }
        let message = format!(
            "expected an FR ID like `{}`, found `{id}`",
            Kind::Fr.example(t)
        );
        let mut f = out.report(r.id.span.clone(), message);
        match canonical(id, Kind::Fr, t) {
            Some(new) => {
                // Unambiguous: no other row is (or would become) the same ID.
                let taken = frs.iter().enumerate().any(|(j, o)| {
                    j != i
                        && (o.id.text == new
                            || canonical(&o.id.text, Kind::Fr, t).as_deref() == Some(&new))
                });
                if taken {
                    f = f.help(format!(
                        "`{new}` is taken by another row: give this requirement a free ID by hand"
                    ));
                } else {
                    f = f.help(format!("write `{new}`"));
                    if let Some(edits) = rename_edits(doc, t, Kind::Fr, (&r.id.span, id), &new) {
                        f = f.fix(
                            Applicability::Safe,
                            format!("Rename `{id}` to `{new}` everywhere in the file"),
                            edits,
                        );
                    }
                }
            }
            None => {
                f = f.help(format!(
                    "FR IDs are `{}-` followed by {} or more digits",
                    t.file.ids.fr_prefix, t.file.ids.min_digits
                ));
            }
        }
        f.anchor(anchors.make(format!("§{n}/{id}")));
    }
    // Rows with content but no ID are not FR rows (the facts skip them); report them here.
    for &ti in &doc.facts.fr_tables {
        for (ri, row) in doc.tables[ti].rows.iter().enumerate().skip(1) {
            let Some((&first, rest)) = row.split_first() else {
                continue;
            };
            // `!text().trim().is_empty()` without building the text: the lines are joined by
            // `\n`, itself trimmed, so the text is blank exactly when every line is.
            let filled = |b: usize| {
                doc.blocks[b]
                    .lines
                    .iter()
                    .any(|l| !l.text.trim().is_empty())
            };
            if filled(first) || !rest.iter().any(|&b| filled(b)) {
                continue;
            }
            out.report(
                doc.blocks[first].span.clone(),
                format!(
                    "expected an FR ID like `{}`, found an empty cell",
                    Kind::Fr.example(t)
                ),
            )
            .help("give the requirement the next free ID")
            .anchor(anchors.make(format!("§{n}/table-{ti}-row-{ri}")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;
    use crate::rules::run_rule;
    use crate::template::Template;

    fn src(rows: &str, rest: &str) -> String {
        format!("# A — PRD\n\n## 6. Functional Requirements\n| ID | Description | Priority | Owner |\n|---|---|---|---|\n{rows}\n## 7. Acceptance Criteria\n{rest}")
    }

    #[test]
    fn well_formed_ids_pass() {
        let s = src(
            "| FR-001 | a | P0 | o |\n| **FR-0002** | b | P1 | o |\n",
            "",
        );
        assert!(run_rule(&RULE, &s).is_empty());
    }

    #[test]
    fn malformed_ids_fire_at_the_id_cell() {
        let s = src(
            "| FR-1 | a | P0 | o |\n| fr-002 | b | P1 | o |\n| FR003 | c | P1 | o |\n| FR-4a | d | P1 | o |\n|  | e | P1 | o |\n",
            "",
        );
        assert_eq!(
            run_rule(&RULE, &s),
            vec![
                (6, 3, "expected an FR ID like `FR-001`, found `FR-1`".into()),
                (
                    7,
                    3,
                    "expected an FR ID like `FR-001`, found `fr-002`".into()
                ),
                (
                    8,
                    3,
                    "expected an FR ID like `FR-001`, found `FR003`".into()
                ),
                (
                    9,
                    3,
                    "expected an FR ID like `FR-001`, found `FR-4a`".into()
                ),
                (
                    10,
                    2,
                    "expected an FR ID like `FR-001`, found an empty cell".into()
                ),
            ]
        );
    }

    fn fixed(s: &str) -> Vec<Option<String>> {
        let t = Template::torus();
        let doc = parse("prd.md", None, s.to_string(), &t);
        let findings = RULE.run(&Ctx {
            doc: &doc,
            template: &t,
        });
        findings
            .iter()
            .map(|f| {
                f.fix.as_ref().map(|fix| {
                    let mut out = s.to_string();
                    for e in fix.edits.iter().rev() {
                        out.replace_range(e.location.start_byte..e.location.end_byte, &e.content);
                    }
                    out
                })
            })
            .collect()
    }

    #[test]
    fn fix_renames_every_mention() {
        let s = src(
            "| FR-1 | a, see fr-1 | P0 | o |\n| FR-002 | b | P1 | o |\n",
            "- AC-001 (FR-1, FR-002) — Given a When b Then c\n\nSee FR001 and `FR-1` in code.\n",
        );
        let want = src(
            "| FR-001 | a, see FR-001 | P0 | o |\n| FR-002 | b | P1 | o |\n",
            "- AC-001 (FR-001, FR-002) — Given a When b Then c\n\nSee FR-001 and `FR-1` in code.\n",
        );
        assert_eq!(fixed(&s), vec![Some(want)]);
    }

    #[test]
    fn no_fix_when_the_new_id_is_taken() {
        let s = src("| FR-1 | a | P0 | o |\n| FR-001 | b | P1 | o |\n", "");
        assert_eq!(fixed(&s), vec![None]);
        let s = src("| FR-1 | a | P0 | o |\n| fr-1 | b | P1 | o |\n", "");
        assert_eq!(fixed(&s), vec![None, None]);
    }

    proptest::proptest! {
        #[test]
        fn filled_is_the_text_not_blank(
            cell in "[ a\t\u{a0}\u{2003}-]{0,6}",
            desc in "[ a\t\u{a0}]{0,4}",
        ) {
            let t = Template::torus();
            let doc = parse("prd.md", None, src(&format!("|{cell}|{desc}| P0 | o |\n"), ""), &t);
            for b in &doc.blocks {
                let before = !b.text().trim().is_empty();
                let now = b.lines.iter().any(|l| !l.text.trim().is_empty());
                proptest::prop_assert_eq!(before, now);
            }
        }
    }

    #[test]
    fn blank_multi_line_blocks_are_not_filled() {
        let mut b = crate::document::Block {
            kind: crate::document::BlockKind::Paragraph,
            lines: Default::default(),
            span: 0..0,
            parent: None,
            end: 0,
            section: None,
        };
        b.lines.push(crate::document::Line {
            text: " ".into(),
            ..Default::default()
        });
        b.lines.push(crate::document::Line {
            text: "\t".into(),
            ..Default::default()
        });
        assert!(b.text().trim().is_empty());
        assert!(!b.lines.iter().any(|l| !l.text.trim().is_empty()));
    }
}
