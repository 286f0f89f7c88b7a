//! PRD007 `section-unknown`: Every H2 is a section of the template.

use crate::document::SectionMatch;
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD007",
    name: "section-unknown",
    severity: Severity::Error,
    summary: "Every H2 is a section of the template",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    for s in &doc.sections {
        if s.level != 2 || s.matched != SectionMatch::None {
            continue;
        }
        let text = doc.heading_text(s);
        out.report(
            doc.heading_span(s),
            format!("`## {text}` is not a section of the template"),
        )
        .help("use one of the template's 17 sections, or make this a `###` sub-heading of the section it belongs to")
        .anchor(format!("unknown/{text}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    #[test]
    fn reports_unknown_h2_only() {
        let got = run_rule(
            &RULE,
            "# A — PRD\n\n## 1. Overview\nx\n### Free\n\n## Decision Log\nx\n",
        );
        assert_eq!(
            got,
            vec![(
                7,
                1,
                "`## Decision Log` is not a section of the template".into()
            )]
        );
    }
}
