//! PRD043 `rollout-stage-order`: Rollout stages appear in order.

use super::{active, stage_chain};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD043",
    name: "rollout-stage-order",
    severity: Severity::Error,
    summary: "Rollout stages appear in order",
    fix: None,
    check,
};

/// Compares each stage's first occurrence; reports the first stage that comes after a later
/// one (one finding: the order is one defect).
fn check(ctx: &Ctx, out: &mut Out) {
    let Some((_, r)) = active(ctx) else { return };
    let stages = &ctx.template.file.rollout.stages;
    // Stages named one per line set the order; a chain in prose that names several on one line
    // (a summary, `5% → 50% → 100% after an internal-only stage`) does only when there are none.
    let any_alone = r.stages.iter().any(|h| h.alone);
    let mut firsts = Vec::new();
    for h in r.stages.iter().filter(|h| h.alone || !any_alone) {
        if !firsts
            .iter()
            .any(|f: &&crate::document::facts::StageHit| f.stage == h.stage)
        {
            firsts.push(h);
        }
    }
    let mut latest: Option<&crate::document::facts::StageHit> = None;
    for h in firsts {
        if let Some(prev) = latest {
            if h.stage < prev.stage {
                let (a, b) = (&stages[prev.stage].name, &stages[h.stage].name);
                out.report(
                    h.span.clone(),
                    format!(
                        "expected the {} rollout stages in order {}, found `{a}` before `{b}`",
                        count_word(stages.len()),
                        stage_chain(ctx)
                    ),
                )
                .related(prev.span.clone(), format!("`{a}` comes first here"))
                .help(format!("move `{b}` before `{a}`"))
                .anchor("§11/stage-order");
                return;
            }
        }
        if latest.is_none_or(|p| h.stage > p.stage) {
            latest = Some(h);
        }
    }
}

fn count_word(n: usize) -> String {
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rollout::H11;
    use crate::rules::run_rule;

    #[test]
    fn out_of_order_points_at_the_late_stage() {
        let src = format!("{H11}Rollout Plan:\n\n- internal-only: staff\n- 50%: half\n- 5%: random\n- 100%: all\n");
        assert_eq!(
            run_rule(&RULE, &src),
            vec![(
                8,
                3,
                "expected the four rollout stages in order internal-only → 5% → 50% → 100%, found `50%` before `5%`".into()
            )]
        );
    }

    #[test]
    fn in_order_and_repeats_pass() {
        for body in [
            "- internal-only: staff\n- 5%: random\n- 50%: half\n- 100%: all\n- Kill switch: from 50% back to 5% if errors rise\n",
            "| Stage | Gate |\n|---|---|\n| Internal only | QA |\n| 5% | 1 week |\n",
            "Rollout exemption: internal tool\n\n- 100%: all\n- 5%: some\n",
        ] {
            assert!(run_rule(&RULE, &format!("{H11}{body}")).is_empty(), "{body}");
        }
    }

    #[test]
    fn a_chain_in_prose_gives_way_to_stages_named_one_per_line() {
        // The summary names the stages out of order; the list, one per line, is in order.
        let list = "- internal-only: staff\n- 5%: random\n- 50%: half\n- 100%: all\n";
        let src = format!(
            "{H11}Rollout Plan: the flag goes 5% → 50% → 100% after an internal-only stage.\n\n{list}"
        );
        assert!(run_rule(&RULE, &src).is_empty());
        // An in-order summary does not hide a list out of order.
        let src = format!(
            "{H11}Rollout Plan: internal-only → 5% → 50% → 100%.\n\n- internal-only: staff\n- 50%: half\n- 5%: random\n- 100%: all\n"
        );
        assert_eq!(run_rule(&RULE, &src).len(), 1);
        // With no stage named on a line of its own, the chain is the order.
        let src = format!("{H11}Rollout Plan: 5% → internal-only → 50% → 100%.\n");
        assert_eq!(
            run_rule(&RULE, &src),
            vec![(
                4,
                20,
                "expected the four rollout stages in order internal-only → 5% → 50% → 100%, found `5%` before `internal-only`".into()
            )]
        );
    }
}
