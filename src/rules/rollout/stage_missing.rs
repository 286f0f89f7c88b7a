//! PRD042 `rollout-stage-missing`: §11 gives each rollout stage: internal-only, 5%, 50%, 100%.

use super::{active, label_or_heading, stage_chain};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD042",
    name: "rollout-stage-missing",
    severity: Severity::Error,
    summary: "§11 gives each rollout stage: internal-only, 5%, 50%, 100%",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let Some((section, r)) = active(ctx) else {
        return;
    };
    let stages = &ctx.template.file.rollout.stages;
    // Every stage there (the common case): nothing to say, so nothing to put together.
    if (0..stages.len()).all(|i| r.stages.iter().any(|h| h.stage == i)) {
        return;
    }
    let present: Vec<&str> = stages
        .iter()
        .enumerate()
        .filter(|(i, _)| r.stages.iter().any(|h| h.stage == *i))
        .map(|(_, s)| s.name.as_str())
        .collect();
    let found = if present.is_empty() {
        "found no rollout stage in §11".to_string()
    } else {
        format!(
            "found only {}",
            present
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let (span, _) = label_or_heading(ctx, section, "Rollout Plan");
    let chain = stage_chain(ctx);
    for (i, st) in stages.iter().enumerate() {
        if r.stages.iter().any(|h| h.stage == i) {
            continue;
        }
        let terms = st
            .terms
            .iter()
            .take(3)
            .map(|x| format!("`{x}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.report(
            span.clone(),
            format!("expected the rollout stage `{}` ({chain}), {found}", st.name),
        )
        .help(format!(
            "start a list item, table row or `Stage N —` line of the Rollout Plan with {terms} and give its gating rule"
        ))
        .anchor(format!("§11/stage/{}", st.name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rollout::H11;
    use crate::rules::run_rule;

    #[test]
    fn one_finding_per_missing_stage() {
        let src = format!("{H11}Rollout Plan:\n\n- Internal: staff only\n- 50%: half\n");
        assert_eq!(
            run_rule(&RULE, &src),
            vec![
                (4, 1, "expected the rollout stage `5%` (internal-only → 5% → 50% → 100%), found only `internal-only`, `50%`".into()),
                (4, 1, "expected the rollout stage `100%` (internal-only → 5% → 50% → 100%), found only `internal-only`, `50%`".into()),
            ]
        );
        let src = format!("{H11}We roll out slowly to everyone, starting at 5% later on.\n");
        let got = run_rule(&RULE, &src);
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], (3, 1, "expected the rollout stage `internal-only` (internal-only → 5% → 50% → 100%), found no rollout stage in §11".into()));
    }

    #[test]
    fn every_documented_style_passes() {
        for body in [
            "Rollout Plan:\n\n- internal-only: staff\n- 5%: random\n- 50%: half\n- 100%: all\n",
            "- Rollout Plan:\n  - **Internal only** — staff\n  - **5%** — random\n  - **50%** — half\n  - **Full rollout** — all\n",
            "| Stage | Gate |\n|---|---|\n| internal_only | QA |\n| five_percent | 1 week |\n| fifty_percent | 2 weeks |\n| full | done |\n",
            "Stage 1 — internal: staff\nStage 2 — 5%: random\nStage 3 — 50%: half\nStage 4 — 100%: all\n",
            "### Phase 1: Internal\nstaff\n### Phase 2: 5%\nrandom\n### Phase 3: 50%\nhalf\n### Phase 4: GA\nall\n",
            "Rollout Plan: internal-only → 5% → 50% → 100%, each after 7 days without alerts.\n",
            "No feature flags present in this feature\n",
        ] {
            assert!(run_rule(&RULE, &format!("{H11}{body}")).is_empty(), "{body}");
        }
    }
}
