//! PRD004 `section-numbering`: Section headings carry the template's number prefix.

use super::{matched, title_offset};
use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD004",
    name: "section-numbering",
    severity: Severity::Error,
    summary: "Section headings carry the template's number prefix",
    fix: Some(Applicability::Safe),
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    for (s, m) in matched(doc) {
        if m.number_ok && m.number_style_ok {
            continue;
        }
        let want = ctx.template.sections()[m.spec].number;
        let lines = &doc.blocks[s.heading].lines;
        let line = &lines[0];
        let title_at = title_offset(doc, s, m);
        let lead = line.text.len() - line.text.trim_start().len();
        // The prefix as written (empty when there is no number), from a one-line heading.
        let written = match lines.len() {
            1 => line.text.get(lead..title_at),
            _ => None,
        };
        // It is rewritten only where it is a verbatim copy of its source: a prefix with markup,
        // escapes or entities (`**7**`, `7\)`, `7)&nbsp;`) does not map back one to one.
        let prefix_span = written.and_then(|w| {
            let span = if w.is_empty() {
                let at = line.src_offset(lead);
                at..at
            } else {
                line.src_span(lead..title_at)
            };
            (doc.source.get(span.clone()) == Some(w)).then_some(span)
        });
        let message = match m.number {
            None => format!(
                "expected the number `{want}.` before `{}`, found no number",
                m.title
            ),
            Some(n) if n != want => format!(
                "expected section number `{want}.` for `{}`, found `{n}`",
                m.title
            ),
            // The right number, written another way (`6)`, `6`, `Section 6:`, `06.`).
            Some(n) => format!(
                "expected section number `{want}.` for `{}`, found `{}`",
                m.title,
                written.map_or(n.to_string(), |w| w.trim_end().to_string())
            ),
        };
        let report = out
            .report(doc.heading_span(s), message)
            .help(format!("write `## {want}. {}`", m.title));
        let report = match prefix_span {
            Some(span) => report.fix(
                Applicability::Safe,
                format!("Number the heading `{want}.`"),
                vec![(span, format!("{want}. "))],
            ),
            None => report,
        };
        report.anchor(format!("§{want}/number"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    #[test]
    fn missing_and_wrong_numbers() {
        let got = run_rule(
            &RULE,
            "# A — PRD\n\n## Overview\nx\n\n## 8. Acceptance Criteria\nx\n",
        );
        assert_eq!(
            got,
            vec![
                (
                    3,
                    1,
                    "expected the number `1.` before `Overview`, found no number".into()
                ),
                (
                    6,
                    1,
                    "expected section number `7.` for `Acceptance Criteria`, found `8`".into()
                ),
            ]
        );
    }

    #[test]
    fn right_number_written_another_way() {
        let got = run_rule(
            &RULE,
            "# A — PRD\n\n## 1) Overview\nx\n\n## 2 Background & Problem Statement\nx\n\n## Section 3: Goals & Non-Goals\nx\n\n## 4. Users & Use Cases\nx\n",
        );
        assert_eq!(
            got,
            vec![
                (
                    3,
                    1,
                    "expected section number `1.` for `Overview`, found `1)`".into()
                ),
                (
                    6,
                    1,
                    "expected section number `2.` for `Background & Problem Statement`, found `2`"
                        .into()
                ),
                (
                    9,
                    1,
                    "expected section number `3.` for `Goals & Non-Goals`, found `Section 3:`"
                        .into()
                ),
            ]
        );
    }
}
