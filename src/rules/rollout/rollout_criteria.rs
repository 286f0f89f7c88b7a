//! PRD044 `rollout-criteria`: Each rollout stage has a gating rule or progression criterion.

use super::active;
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD044",
    name: "rollout-criteria",
    severity: Severity::Error,
    summary: "Each rollout stage has a gating rule or progression criterion",
    fix: None,
    check,
};

/// A stage has criteria when any of its occurrences does; the finding points at its first one.
fn check(ctx: &Ctx, out: &mut Out) {
    let Some((_, r)) = active(ctx) else { return };
    let stages = &ctx.template.file.rollout.stages;
    for (i, st) in stages.iter().enumerate() {
        let hits: Vec<_> = r.stages.iter().filter(|h| h.stage == i).collect();
        let Some(first) = hits.first() else { continue };
        if hits.iter().any(|h| h.has_criteria) {
            continue;
        }
        out.report(
            first.span.clone(),
            format!(
                "expected a gating rule or progression criterion for stage `{}`, found only the stage name",
                st.name
            ),
        )
        .help(format!(
            "say who is in the `{}` cohort and what must hold before promotion, e.g. `{}: … promote after 7 days with error rate below 1%`",
            st.name, st.name
        ))
        .anchor(format!("§11/stage/{}/criteria", st.name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rollout::H11;
    use crate::rules::run_rule;

    #[test]
    fn bare_stages_fire_at_the_term() {
        let src = format!("{H11}Rollout Plan:\n\n- internal-only: staff for a week\n- 5%\n- **50%** cohort\n- 100%: all sections\n");
        assert_eq!(
            run_rule(&RULE, &src),
            vec![
                (7, 3, "expected a gating rule or progression criterion for stage `5%`, found only the stage name".into()),
                (8, 5, "expected a gating rule or progression criterion for stage `50%`, found only the stage name".into()),
            ]
        );
        let src = format!("{H11}Rollout Plan: internal-only → 5% → 50% → 100%\n");
        assert_eq!(run_rule(&RULE, &src).len(), 4);
    }

    #[test]
    fn criteria_in_every_documented_style() {
        for body in [
            "- internal-only: staff; promote after QA sign-off\n- 5%: random sections for 7 days\n",
            "- internal-only\n  - gate: QA sign-off\n- 5%\n  continue after 7 days\n",
            "| Stage | Gate |\n|---|---|\n| internal-only | QA sign-off |\n| 5% | 7 days clean |\n",
            "| # | Stage | Gate |\n|---|---|---|\n| 1 | internal-only | QA sign-off |\n",
            "Stage 1 — internal-only: QA sign-off\nStage 2 — 5%: seven clean days\n",
            "### Stage 1 — internal-only\n\nQA sign-off.\n\n### Stage 2 — 5%\n\nSeven clean days.\n",
            "**Internal-only**\n\nStaff sections; promote after QA sign-off.\n",
            "Rollout Plan: internal-only → 5% → 50% → 100%, each after 7 days without alerts.\n",
        ] {
            assert!(run_rule(&RULE, &format!("{H11}{body}")).is_empty(), "{body}");
        }
    }
}
