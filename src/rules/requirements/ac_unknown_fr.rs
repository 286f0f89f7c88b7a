//! PRD034 `ac-unknown-fr`: Every FR an acceptance criterion links is defined in §6.

use super::{closest, fr_ids, refs_checked, resolves, Anchors, IdSet, Kind};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD034",
    name: "ac-unknown-fr",
    severity: Severity::Error,
    summary: "Every FR an acceptance criterion links is defined in §6",
    fix: None,
    check,
};

/// Silent when §6 is missing or has no FR table at all (`section-missing` / `fr-table-missing`
/// report that; each link would only repeat it).
fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    if !refs_checked(doc, t, Kind::Fr) {
        return;
    }
    let (n6, n7) = (Kind::Fr.section_number(t), Kind::Ac.section_number(t));
    let defined = fr_ids(doc);
    // Most links name a defined ID as written: found without a string compare per ID.
    let exact = IdSet::new(&defined);
    let mut anchors = Anchors::default();
    for c in &doc.facts.criteria {
        for (k, l) in c.links.iter().enumerate() {
            // A link repeated in the same criterion is reported once.
            if c.links[..k].iter().any(|p| p.text == l.text) {
                continue;
            }
            if exact.contains(&l.text) || resolves(&l.text, &defined, Kind::Fr, t) {
                continue;
            }
            let (ac, fr) = (&c.id.text, &l.text);
            let help = match closest(fr, &defined, Kind::Fr, t) {
                Some(d) => format!("did you mean `{d}`?"),
                None => format!("link a requirement of the §{n6} table, or add `{fr}` to it"),
            };
            out.report(
                l.span.clone(),
                format!("acceptance criterion `{ac}` links `{fr}`, which §{n6} does not define"),
            )
            .help(help)
            .anchor(anchors.make(format!("§{n7}/{ac}/{fr}")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    fn src(rows: &str, criteria: &str) -> String {
        format!("# A — PRD\n\n## 6. Functional Requirements\n{rows}\n## 7. Acceptance Criteria\n{criteria}")
    }
    const TABLE: &str = "| ID | Description | Priority | Owner |\n|---|---|---|---|\n| FR-001 | a | P0 | o |\n| FR-002 | b | P1 | o |\n";

    #[test]
    fn defined_links_pass() {
        let s = src(TABLE, "- AC-001 (FR-001, FR-002) — Given a When b Then c\n- AC-002 — Given a When b Then c (FR-002)\n");
        assert!(run_rule(&RULE, &s).is_empty());
        // IDs are collected even when the header is wrong.
        let s = src(
            "| ID | Requirement |\n|---|---|\n| FR-001 | a |\n",
            "- AC-001 (FR-001) Given a When b Then c\n",
        );
        assert!(run_rule(&RULE, &s).is_empty());
        // A link to a malformed row spelt correctly is `fr-id-format`'s finding.
        let s = src(
            "| ID | Description | Priority | Owner |\n|---|---|---|---|\n| FR-1 | a | P0 | o |\n",
            "- AC-001 (FR-001) Given a When b Then c\n",
        );
        assert!(run_rule(&RULE, &s).is_empty());
    }

    #[test]
    fn unknown_links_fire_at_the_link() {
        let s = src(TABLE, "- AC-001 (FR-001, FR-010) — Given a When b Then c\n- AC-002 (FR-099) Given a When b Then c\n");
        assert_eq!(
            run_rule(&RULE, &s),
            vec![
                (
                    10,
                    19,
                    "acceptance criterion `AC-001` links `FR-010`, which §6 does not define".into()
                ),
                (
                    11,
                    11,
                    "acceptance criterion `AC-002` links `FR-099`, which §6 does not define".into()
                ),
            ]
        );
    }

    #[test]
    fn silent_without_an_fr_table() {
        let s = src(
            "Requirements are found in requirements.yml\n",
            "- AC-001 (FR-001) Given a When b Then c\n",
        );
        assert!(run_rule(&RULE, &s).is_empty());
        let s = "# A — PRD\n\n## 7. Acceptance Criteria\n- AC-001 (FR-001) Given a When b Then c\n";
        assert!(run_rule(&RULE, s).is_empty());
    }
}
