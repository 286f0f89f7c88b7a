//! PRD037 `dangling-ref`: Every FR/AC ID mentioned in the document is defined.

use super::{ac_ids, closest, fr_ids, kind_of, refs_checked, resolves, section_tag, Anchors, Kind};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD037",
    name: "dangling-ref",
    severity: Severity::Error,
    summary: "Every FR/AC ID mentioned in the document is defined",
    fix: None,
    check,
};

/// Every mention outside code that is not itself a definition. FR links of criteria are
/// `ac-unknown-fr`'s; FR mentions are not checked when §6 is missing or has no FR table, nor AC
/// mentions when §7 is missing or holds no criterion (the absence is reported once, elsewhere).
fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let link_starts: Vec<usize> = doc
        .facts
        .criteria
        .iter()
        .flat_map(|c| c.links.iter().map(|l| l.span.start))
        .collect();
    let (frs, acs) = (fr_ids(doc), ac_ids(doc));
    let checked = [
        refs_checked(doc, t, Kind::Fr),
        refs_checked(doc, t, Kind::Ac),
    ];
    let mut anchors = Anchors::default();
    for (m, is_def) in &doc.facts.mentions {
        if *is_def {
            continue;
        }
        let Some(kind) = kind_of(&m.text, t) else {
            continue;
        };
        let (defined, on) = match kind {
            Kind::Fr => (&frs, checked[0]),
            Kind::Ac => (&acs, checked[1]),
        };
        if !on || (kind == Kind::Fr && link_starts.contains(&m.span.start)) {
            continue;
        }
        if resolves(&m.text, defined, kind, t) {
            continue;
        }
        let n = kind.section_number(t);
        let what = match kind {
            Kind::Fr => "requirement",
            Kind::Ac => "criterion",
        };
        let help = match closest(&m.text, defined, kind, t) {
            Some(d) => format!("did you mean `{d}`?"),
            None => format!("define the {what} in §{n}, or remove the reference"),
        };
        out.report(
            m.span.clone(),
            format!("reference to `{}`, which §{n} does not define", m.text),
        )
        .help(help)
        .anchor(anchors.make(format!("{}/{}", section_tag(doc, t, m.span.start), m.text)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    fn src(criteria: &str, rest: &str) -> String {
        format!("# A — PRD\n\n## 6. Functional Requirements\n| ID | Description | Priority | Owner |\n|---|---|---|---|\n| FR-001 | a, unlike FR-002 | P0 | o |\n\n## 7. Acceptance Criteria\n{criteria}\n{rest}")
    }
    const AC: &str = "- AC-001 (FR-001) — Given a When b Then c\n";

    #[test]
    fn defined_mentions_pass() {
        let s = src(AC, "## 13. Risks & Mitigations\nFR-001 and AC-001 may slip; `FR-404` is code.\n\n```\nFR-500\n```\n");
        assert_eq!(
            run_rule(&RULE, &s),
            vec![(
                6,
                22,
                "reference to `FR-002`, which §6 does not define".into()
            )]
        );
    }

    #[test]
    fn undefined_mentions_fire_at_the_mention() {
        let s = src(
            AC,
            "## 16. QA Plan\nAutomated: AC-001 through AC-009 and FR-1.\n",
        );
        assert_eq!(
            run_rule(&RULE, &s),
            vec![
                (
                    6,
                    22,
                    "reference to `FR-002`, which §6 does not define".into()
                ),
                (
                    12,
                    27,
                    "reference to `AC-009`, which §7 does not define".into()
                ),
                (
                    12,
                    38,
                    "reference to `FR-1`, which §6 does not define".into()
                ),
            ]
        );
    }

    #[test]
    fn links_are_left_to_ac_unknown_fr() {
        let s = src("- AC-001 (FR-001, FR-007) — Given a When b Then c\n", "");
        assert_eq!(
            run_rule(&RULE, &s),
            vec![(
                6,
                22,
                "reference to `FR-002`, which §6 does not define".into()
            )]
        );
    }

    #[test]
    fn silent_without_definitions() {
        let s = "# A — PRD\n\n## 6. Functional Requirements\nRequirements are found in requirements.yml\n\n## 7. Acceptance Criteria\nRequirements are found in requirements.yml\n\n## 17. Definition of Done\n- [ ] AC-001 through AC-004 pass; FR-001 shipped\n";
        assert!(run_rule(&RULE, s).is_empty());
    }

    #[test]
    fn an_id_in_a_written_out_url_is_an_address() {
        let s = src(AC, "## 13. Risks & Mitigations\nSee https://oli.atlassian.net/browse/FR-1234 and <https://x.org/AC-404>.\n");
        assert_eq!(
            run_rule(&RULE, &s).len(),
            1,
            "only FR-002 of the table: {:?}",
            run_rule(&RULE, &s)
        );
        // A link's text is prose: it still names the ID.
        let s = src(AC, "## 13. Risks & Mitigations\nSee [FR-1234](https://oli.atlassian.net/browse/FR-1234).\n");
        assert_eq!(run_rule(&RULE, &s).len(), 2);
    }
}
