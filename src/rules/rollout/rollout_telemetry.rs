//! PRD045 `rollout-telemetry`: §11 names the telemetry or metrics used to promote between stages.

use super::{active, label_or_heading};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD045",
    name: "rollout-telemetry",
    severity: Severity::Error,
    summary: "§11 names the telemetry or metrics used to promote between stages",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let Some((section, r)) = active(ctx) else {
        return;
    };
    if r.telemetry {
        return;
    }
    let (span, on_label) = label_or_heading(ctx, section, "Telemetry for Rollout");
    let message = if on_label {
        "expected the metrics used to promote between stages under `Telemetry for Rollout`, found the label empty"
    } else {
        "expected a `Telemetry for Rollout` label naming the metrics used to promote between stages, found none in §11"
    };
    out.report(span, message)
        .help("e.g. `Telemetry for Rollout: AppSignal counters `x.succeeded` / `x.failed` per cohort; promote when the error rate stays below 1%`")
        .anchor("§11/telemetry");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rollout::H11;
    use crate::rules::run_rule;

    #[test]
    fn absent_or_empty_telemetry() {
        assert_eq!(
            run_rule(&RULE, &format!("{H11}Flagging: `x`\n")),
            vec![(3, 1, "expected a `Telemetry for Rollout` label naming the metrics used to promote between stages, found none in §11".into())]
        );
        assert_eq!(
            run_rule(&RULE, &format!("{H11}Flagging: `x`\n\n**Telemetry for Rollout:**\n\n## 12. Analytics & Success Metrics\nx\n")),
            vec![(6, 3, "expected the metrics used to promote between stages under `Telemetry for Rollout`, found the label empty".into())]
        );
    }

    #[test]
    fn label_styles_with_content() {
        for body in [
            "Telemetry for Rollout: counters `a`, `b`\n",
            "**Telemetry for Rollout**: counters\n",
            "- Telemetry for Rollout:\n  - error rate\n",
            "### Telemetry for Rollout\n\nerror rate per cohort\n",
            "| Telemetry for Rollout | error rate |\n|---|---|\n",
            "No feature flags present in this feature\n",
        ] {
            assert!(
                run_rule(&RULE, &format!("{H11}{body}")).is_empty(),
                "{body}"
            );
        }
    }
}
