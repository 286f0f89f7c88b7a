//! PRD009 `heading-level`: Template sections are H2 and heading levels are not skipped.

use crate::document::BlockKind;
use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD009",
    name: "heading-level",
    severity: Severity::Warning,
    summary: "Template sections are H2 and heading levels are not skipped",
    fix: Some(Applicability::Safe),
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    // Template sections at the wrong level.
    let mut wrong_level = Vec::new();
    for s in &doc.sections {
        let Some(spec) = s.spec() else { continue };
        if s.level == 2 {
            continue;
        }
        wrong_level.push(s.heading);
        let heading = ctx.template.canonical_heading(spec);
        let mut b = out
            .report(
                doc.heading_span(s),
                format!("expected `## {heading}` at H2, found H{}", s.level),
            )
            .help("template sections are level-2 headings (`##`)")
            .anchor(format!("§{}/level", ctx.template.sections()[spec].number));
        if let Some(span) = hashes(doc, s.heading) {
            b = b.fix(
                Applicability::Safe,
                "Make the heading `##`",
                vec![(span, "##".into())],
            );
        }
        let _ = b;
    }
    // Skipped levels (H2 → H4), among top-level headings.
    let mut prev: Option<u8> = None;
    for (i, b) in doc.blocks.iter().enumerate() {
        let BlockKind::Heading { level } = b.kind else {
            continue;
        };
        if b.parent.is_some() {
            continue;
        }
        let effective = if wrong_level.contains(&i) { 2 } else { level };
        if let Some(p) = prev {
            if effective > p + 1 && !wrong_level.contains(&i) {
                let text = b.first_line().map(|l| l.text.as_str()).unwrap_or("");
                let span = doc.line_span(doc.index.line_of(b.span.start));
                let mut f = out
                    .report(
                        span,
                        format!("heading level skipped: H{level} `{text}` follows H{p}"),
                    )
                    .help(format!("use H{} here", p + 1))
                    .anchor(format!("skip/{text}"));
                if let Some(h) = hashes(doc, i) {
                    f = f.fix(
                        Applicability::Safe,
                        format!("Make the heading H{}", p + 1),
                        vec![(h, "#".repeat(p as usize + 1))],
                    );
                }
                let _ = f;
            }
        }
        prev = Some(effective);
    }
}

/// The span of an ATX heading's `#` run (None for setext headings).
fn hashes(doc: &crate::document::Document, block: usize) -> Option<crate::document::Span> {
    let b = &doc.blocks[block];
    let line = doc.line_span(doc.index.line_of(b.span.start));
    let text = &doc.source[line.clone()];
    let lead = text.len() - text.trim_start().len();
    let n = text[lead..].chars().take_while(|&c| c == '#').count();
    (n > 0).then(|| line.start + lead..line.start + lead + n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    #[test]
    fn wrong_level_and_skips() {
        let got = run_rule(&RULE, "# A — PRD\n\n## 1. Overview\nx\n#### Deep\n\n### 2. Background & Problem Statement\nx\n");
        assert_eq!(
            got,
            vec![
                (
                    7,
                    1,
                    "expected `## 2. Background & Problem Statement` at H2, found H3".into()
                ),
                (5, 1, "heading level skipped: H4 `Deep` follows H2".into()),
            ]
        );
    }
}
