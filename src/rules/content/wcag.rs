//! PRD061 `wcag`: §5 Accessibility names WCAG 2.x AA.

use super::{not_applicable, scope};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};
use regex::Regex;
use std::sync::OnceLock;

pub const RULE: Rule = Rule {
    code: "PRD061",
    name: "wcag",
    severity: Severity::Warning,
    summary: "§5 Accessibility names WCAG 2.x AA",
    fix: None,
    check,
};

const LABEL: &str = "Accessibility";

fn wcag_word() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)(?-u:\b)WCAG(?-u:\b)(?:[^.;,)\n]|\.[0-9]){0,14}").unwrap())
}

fn check(ctx: &Ctx, out: &mut Out) {
    let t = ctx.template;
    let number = t.file.roles.ux;
    let Some(section) = ctx.doc.section_numbered(t, number) else {
        return;
    };
    let sc = scope(ctx, section, number, LABEL);
    let text = sc.lines.join("\n");
    if t.wcag.is_match(&text) {
        return;
    }
    let na = if sc.labelled {
        not_applicable(ctx, &sc.lines)
    } else {
        None
    };
    if na == Some(true) {
        return;
    }
    let found = if na == Some(false) {
        "found `N/A` without a reason".to_string()
    } else if let Some(m) = wcag_word().find(&text) {
        format!("found `{}`", m.as_str().trim())
    } else {
        "found no WCAG level".to_string()
    };
    let place = if sc.labelled {
        format!("`{LABEL}`")
    } else {
        format!("§{number} (no `{LABEL}` label)")
    };
    out.report(
        sc.span,
        format!("expected {place} to name WCAG 2.x AA (e.g. `WCAG 2.1 AA`), {found}"),
    )
    .help("e.g. `Accessibility: WCAG 2.1 AA; keyboard-only flows; screen-reader labels; focus order; color contrast` (or `N/A` with a reason)")
    .anchor(format!("§{number}/wcag"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    const H5: &str = "# A — PRD\n\n## 5. UX / UI Requirements\n";

    #[test]
    fn missing_level_fires_at_the_label() {
        assert_eq!(
            run_rule(&RULE, &format!("{H5}Accessibility: keyboard-only flows.\n\nCompliance: WCAG 2.1 AA\n")),
            vec![(4, 1, "expected `Accessibility` to name WCAG 2.x AA (e.g. `WCAG 2.1 AA`), found no WCAG level".into())]
        );
        assert_eq!(
            run_rule(&RULE, &format!("{H5}- **Accessibility:** WCAG compliant\n")),
            vec![(4, 5, "expected `Accessibility` to name WCAG 2.x AA (e.g. `WCAG 2.1 AA`), found `WCAG compliant`".into())]
        );
        // Level A only, or WCAG 1: not the AA target (the version's dot is kept in the quote).
        assert_eq!(
            run_rule(&RULE, &format!("{H5}Accessibility: WCAG 2.1 A.\n")),
            vec![(4, 1, "expected `Accessibility` to name WCAG 2.x AA (e.g. `WCAG 2.1 AA`), found `WCAG 2.1 A`".into())]
        );
        assert_eq!(
            run_rule(&RULE, &format!("{H5}Accessibility: WCAG 1.0 AA.\n")),
            vec![(4, 1, "expected `Accessibility` to name WCAG 2.x AA (e.g. `WCAG 2.1 AA`), found `WCAG 1.0 AA`".into())]
        );
        assert_eq!(
            run_rule(&RULE, &format!("{H5}Accessibility: N/A\n")),
            vec![(4, 1, "expected `Accessibility` to name WCAG 2.x AA (e.g. `WCAG 2.1 AA`), found `N/A` without a reason".into())]
        );
        assert_eq!(
            run_rule(&RULE, &format!("{H5}Key Screens/States: one.\n")),
            vec![(3, 1, "expected §5 (no `Accessibility` label) to name WCAG 2.x AA (e.g. `WCAG 2.1 AA`), found no WCAG level".into())]
        );
    }

    #[test]
    fn accepted_forms() {
        for body in [
            "Accessibility: WCAG 2.1 AA; keyboard flows.\n",
            "- Accessibility:\n  - Meets WCAG 2.2 Level AA contrast.\n",
            "### Accessibility\n\nAll text meets WCAG 2.1 AA.\n",
            "| Accessibility | WCAG 2.1 AA |\n|---|---|\n",
            "Key Screens/States: x\n\nEverything meets WCAG 2.1 AA.\n",
            "Accessibility: WCAG 2.1 (AA).\n",
            "Accessibility: conforms to WCAG 2.1 AAA.\n",
            "Accessibility: N/A — this feature has no user interface.\n",
        ] {
            assert!(run_rule(&RULE, &format!("{H5}{body}")).is_empty(), "{body}");
        }
    }
}
