//! PRD046 `kill-switch`: §11 describes the kill-switch or rollback behaviour.

use super::{active, label_or_heading};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD046",
    name: "kill-switch",
    severity: Severity::Error,
    summary: "§11 describes the kill-switch or rollback behaviour",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let Some((section, r)) = active(ctx) else {
        return;
    };
    if r.kill_switch {
        return;
    }
    let terms = &ctx.template.file.rollout.kill_switch_terms;
    let (span, _) = label_or_heading(ctx, section, "Rollout Plan");
    out.report(
        span,
        "expected the kill-switch or rollback behaviour in §11, found no mention of a kill-switch or rollback",
    )
    .help(format!(
        "say what happens when a stage regresses, e.g. `Kill-switch: turning the flag off hides the feature without a deploy` (recognised words: {})",
        terms.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
    ))
    .anchor("§11/kill-switch");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rollout::H11;
    use crate::rules::run_rule;

    #[test]
    fn missing_kill_switch_points_at_rollout_plan() {
        let src = format!("{H11}Flagging: `x`\n\n**Rollout Plan:** internal first.\n");
        assert_eq!(
            run_rule(&RULE, &src),
            vec![(6, 3, "expected the kill-switch or rollback behaviour in §11, found no mention of a kill-switch or rollback".into())]
        );
    }

    #[test]
    fn any_mention_counts() {
        for body in [
            "- Kill-switch: flag off\n",
            "Rollback: revert the deploy\n",
            "If errors rise we roll back to the previous stage.\n",
            "| Kill switch | flag off |\n|---|---|\n",
            "No feature flags present in this feature\n",
        ] {
            assert!(
                run_rule(&RULE, &format!("{H11}{body}")).is_empty(),
                "{body}"
            );
        }
    }
}
