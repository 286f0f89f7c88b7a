//! PRD008 `section-empty`: Every section has content.

use crate::document::BlockKind;
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD008",
    name: "section-empty",
    severity: Severity::Error,
    summary: "Every section has content",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    for s in &doc.sections {
        let Some(spec) = s.spec() else { continue };
        let has_content = doc.section_blocks(s).iter().any(|b| match b.kind {
            BlockKind::Heading { .. } => false,
            BlockKind::CodeBlock { .. } | BlockKind::HtmlBlock => true,
            _ => {
                b.lines.iter().any(|l| !l.text.trim().is_empty())
                    || !b.lines.is_empty() && b.end > 0
            }
        });
        if has_content {
            continue;
        }
        out.report(
            doc.heading_span(s),
            format!(
                "section `## {}` is empty",
                ctx.template.canonical_heading(spec)
            ),
        )
        .help("write the section's content, or `N/A` with a reason if it does not apply")
        .anchor(format!("§{}/empty", ctx.template.sections()[spec].number));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    #[test]
    fn subheadings_alone_are_not_content() {
        let got = run_rule(
            &RULE,
            "# A — PRD\n\n## 1. Overview\n### Sub\n\n## 2. Background & Problem Statement\ntext\n",
        );
        assert_eq!(
            got,
            vec![(3, 1, "section `## 1. Overview` is empty".into())]
        );
    }
}
