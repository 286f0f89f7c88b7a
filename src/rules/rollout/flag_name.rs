//! PRD041 `flag-name`: The feature flag name follows the naming pattern.

use super::active;
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD041",
    name: "flag-name",
    severity: Severity::Error,
    summary: "The feature flag name follows the naming pattern",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let Some((_, r)) = active(ctx) else { return };
    let Some(flag) = &r.flag else { return };
    let t = ctx.template;
    if t.flag_patterns.iter().any(|p| p.is_match(&flag.name)) {
        return;
    }
    let patterns = t
        .file
        .flags
        .patterns
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    let mut f = out
        .report(
            flag.span.clone(),
            format!(
                "expected the flag name to match {patterns}, found `{}`",
                flag.name
            ),
        )
        .anchor(format!("§11/flag/{}", flag.name));
    let snake = to_snake(&flag.name);
    if !snake.is_empty() && t.flag_patterns.iter().any(|p| p.is_match(&snake)) {
        f = f.help(format!(
            "scoped flags are snake_case atoms and system flags kebab-case strings; did you mean `{snake}`?"
        ));
    } else {
        f = f.help("scoped flags are snake_case atoms, system flags kebab-case strings");
    }
    let _ = f;
}

/// `Bulk Deadline-Extensions` → `bulk_deadline_extensions`.
fn to_snake(name: &str) -> String {
    let mut s = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                s.push('_');
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            s.push(c.to_ascii_lowercase());
        } else {
            if !s.ends_with('_') && !s.is_empty() {
                s.push('_');
            }
            prev_lower = false;
        }
    }
    s.trim_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rollout::H11;
    use crate::rules::run_rule;

    #[test]
    fn bad_names_fire_at_the_code_span() {
        let src = format!("{H11}Flagging: `bulk_Deadline ext` default off\n");
        assert_eq!(
            run_rule(&RULE, &src),
            vec![(
                4,
                11,
                "expected the flag name to match `^[a-z][a-z0-9_]*$` or `^[a-z][a-z0-9-]*$`, found `bulk_Deadline ext`".into()
            )]
        );
        assert_eq!(to_snake("bulk_Deadline ext"), "bulk_deadline_ext");
        assert_eq!(to_snake("bulkDeadline"), "bulk_deadline");
    }

    #[test]
    fn good_names_and_exemptions() {
        for body in [
            "Flagging: `bulk_x`\n",
            "Flagging: `:bulk_x`\n",
            "Flagging: `bulk-x-2`\n",
            "Rollout exemption: no flag\n\nFlagging: `Bad Name`\n",
        ] {
            assert!(
                run_rule(&RULE, &format!("{H11}{body}")).is_empty(),
                "{body}"
            );
        }
    }
}
