//! PRD048 `exemption-reason`: A `Rollout exemption:` gives its reason.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD048",
    name: "exemption-reason",
    severity: Severity::Error,
    summary: "A `Rollout exemption:` gives its reason",
    fix: None,
    check,
};

/// Words that fill the slot without giving a reason.
const NOT_A_REASON: &[&str] = &["n/a", "na", "none", "yes", "exempt", "exempted", "-", "—"];

fn check(ctx: &Ctx, out: &mut Out) {
    let t = ctx.template;
    if ctx.doc.section_numbered(t, t.file.roles.rollout).is_none() {
        return;
    }
    let Some((reason, span)) = &ctx.doc.facts.rollout.exemption_label else {
        return;
    };
    let words: String = reason
        .trim()
        .trim_end_matches(['.', '!'])
        .trim()
        .to_lowercase();
    let says_something = reason.chars().filter(|c| c.is_alphanumeric()).count() >= 3
        && !NOT_A_REASON.contains(&words.as_str());
    if says_something {
        return;
    }
    let found = if reason.trim().is_empty() {
        "found nothing after it".to_string()
    } else {
        format!("found only `{}`", reason.trim())
    };
    out.report(
        span.clone(),
        format!("expected a reason after `{}:`, {found}", t.file.rollout.exemption_label),
    )
    .help(format!(
        "say why the feature needs no staged rollout, e.g. `{}: internal admin tooling behind the system-admin role`",
        t.file.rollout.exemption_label
    ))
    .anchor("§11/exemption");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rollout::H11;
    use crate::rules::run_rule;

    #[test]
    fn empty_reason_fires_at_the_label() {
        let src = format!("{H11}**Rollout exemption:**\n\n## 12. Analytics & Success Metrics\nx\n");
        assert_eq!(
            run_rule(&RULE, &src),
            vec![(
                4,
                3,
                "expected a reason after `Rollout exemption:`, found nothing after it".into()
            )]
        );
        // The page's own bad example: the next label's line is not the reason.
        let src = format!("{H11}Rollout exemption:\n\nData Migrations: none.\n");
        assert_eq!(
            run_rule(&RULE, &src),
            vec![(
                4,
                1,
                "expected a reason after `Rollout exemption:`, found nothing after it".into()
            )]
        );
        let src = format!("{H11}Rollout exemption: N/A\n");
        assert_eq!(
            run_rule(&RULE, &src),
            vec![(
                4,
                1,
                "expected a reason after `Rollout exemption:`, found only `N/A`".into()
            )]
        );
    }

    #[test]
    fn reasons_in_each_style_and_the_torus_sentence() {
        for body in [
            "Rollout exemption: admin-only tooling with no learner exposure.\n",
            "- **Rollout exemption:** docs-only change\n",
            "Rollout exemption:\n\nThe change only touches a background job.\n",
            "### Rollout exemption\n\nBackground job only.\n",
            "No feature flags present in this feature\n",
        ] {
            assert!(
                run_rule(&RULE, &format!("{H11}{body}")).is_empty(),
                "{body}"
            );
        }
    }
}
