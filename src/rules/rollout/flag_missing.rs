//! PRD040 `flag-missing`: §11 names the feature flag (or the PRD is exempted).

use super::{active, exemption_help, label_or_heading};
use crate::document::BlockKind;
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};
use regex::Regex;
use std::sync::OnceLock;

pub const RULE: Rule = Rule {
    code: "PRD040",
    name: "flag-missing",
    severity: Severity::Error,
    summary: "§11 names the feature flag (or the PRD is exempted)",
    fix: None,
    check,
};

/// Prose that reads like an exemption but is none of the accepted phrases.
fn look_alike() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(no|none|not|without)(?-u:\b)[^.;]{0,40}(?-u:\b)flags?(?-u:\b)|(?-u:\b)flags?(?-u:\b)[^.;]{0,30}(?-u:\b)(not (required|needed)|none)(?-u:\b)")
            .unwrap()
    })
}

fn check(ctx: &Ctx, out: &mut Out) {
    let Some((section, r)) = active(ctx) else {
        return;
    };
    if r.flag.is_some() {
        return;
    }
    let doc = ctx.doc;
    let (span, on_label) = label_or_heading(ctx, section, "Flagging");
    let message = if on_label {
        "expected the feature flag name as a code span under `Flagging`, found none".to_string()
    } else {
        "expected a `Flagging` label naming the feature flag in a code span, found no flag name in §11"
            .to_string()
    };
    let mut lookalike = None;
    'blocks: for b in doc.section_blocks(section) {
        if matches!(b.kind, BlockKind::CodeBlock { .. } | BlockKind::HtmlBlock) {
            continue;
        }
        for l in &b.lines {
            if look_alike().is_match(&l.text) {
                lookalike = Some((l.span(), l.text.trim().to_string()));
                break 'blocks;
            }
        }
    }
    let mut f = out
        .report(span, message)
        .help(format!(
            "name the flag in a code span, e.g. `Flagging: `bulk_deadline_extensions` (scoped, default off)`; {}",
            exemption_help(ctx)
        ))
        .anchor("§11/flag");
    if let Some((span, _)) = lookalike {
        f = f.related(span, "this prose is not an accepted rollout exemption");
    }
    let _ = f;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rollout::H11;
    use crate::rules::run_rule;

    #[test]
    fn absent_flag_points_at_flagging_or_heading() {
        let src = format!("{H11}Flagging: a scoped flag, default off.\n");
        assert_eq!(
            run_rule(&RULE, &src),
            vec![(
                4,
                1,
                "expected the feature flag name as a code span under `Flagging`, found none".into()
            )]
        );
        let src = format!("{H11}No new feature flags are introduced in this feature.\n");
        assert_eq!(
            run_rule(&RULE, &src),
            vec![(
                3,
                1,
                "expected a `Flagging` label naming the feature flag in a code span, found no flag name in §11"
                    .into()
            )]
        );
    }

    #[test]
    fn accepted_forms_and_exemptions() {
        for body in [
            "Flagging: `bulk_x` (scoped)\n",
            "**Flagging:** `:bulk_x`\n",
            "- Flagging:\n  - name: `bulk-x`\n",
            "### Flagging\n\nThe flag is `bulk_x`.\n",
            "| Flagging | `bulk_x` |\n|---|---|\n| Environments | all |\n",
            "- Feature flag:\n  - registered in `Oli.Features` as `bulk-x`\n",
            "No feature flags present in this feature\n",
            "Rollout exemption: internal tooling\n",
            "Rollout exemption:\n",
        ] {
            let src = format!("{H11}{body}");
            assert!(run_rule(&RULE, &src).is_empty(), "{body}");
        }
        // §11 missing: section-missing's finding, not ours.
        assert!(run_rule(&RULE, "# A — PRD\n\n## 1. Overview\nx\n").is_empty());
    }
}
