//! PRD005 `section-title`: Section titles are written exactly as the template writes them.

use super::{matched, title_offset};
use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD005",
    name: "section-title",
    severity: Severity::Error,
    summary: "Section titles are written exactly as the template writes them",
    fix: Some(Applicability::Safe),
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    for (s, m) in matched(doc) {
        if m.title_exact {
            continue;
        }
        let spec = &ctx.template.sections()[m.spec];
        let line = &doc.blocks[s.heading].lines[0];
        let at = title_offset(doc, s, m);
        let span = line.src_span(at..line.text.trim_end().len());
        let kind = if m.typo {
            "a near-miss spelling"
        } else if m.partial {
            "a different title"
        } else {
            "a variant"
        };
        // Renaming a reworded title may change its meaning: only with --unsafe-fixes.
        let applicability = if m.partial {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        out.report(
            doc.heading_span(s),
            format!(
                "expected the section title `{}`, found {kind} `{}`",
                spec.title, m.title
            ),
        )
        .help(format!("write `## {}. {}`", spec.number, spec.title))
        .fix(
            applicability,
            format!("Rename the title to `{}`", spec.title),
            vec![(span, spec.title.clone())],
        )
        .anchor(format!("§{}/title", spec.number));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    #[test]
    fn case_spacing_and_typos() {
        let got = run_rule(
            &RULE,
            "# A — PRD\n\n## 5. UX/UI requirements\nx\n\n## 13. Risks & Mitigatons\nx\n",
        );
        assert_eq!(
            got,
            vec![
                (3, 1, "expected the section title `UX / UI Requirements`, found a variant `UX/UI requirements`".into()),
                (6, 1, "expected the section title `Risks & Mitigations`, found a near-miss spelling `Risks & Mitigatons`".into()),
            ]
        );
    }
}
