//! PRD010 `label-missing`: Each section carries its required labels.

use super::is_first;
use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD010",
    name: "label-missing",
    severity: Severity::Warning,
    summary: "Each section carries its required labels",
    fix: Some(Applicability::Unsafe),
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    let t = ctx.template;
    let rollout = &doc.facts.rollout;
    let rollout_spec = t.index_of_number(t.file.roles.rollout);
    for s in &doc.sections {
        let Some(spec) = s.spec() else { continue };
        if !is_first(doc, s) {
            continue;
        }
        let is_rollout = Some(spec) == rollout_spec;
        if is_rollout && rollout.exempt() {
            continue;
        }
        let labels = &t.sections()[spec].labels;
        let hits = &doc.facts.labels[spec];
        for (li, label) in labels.iter().enumerate() {
            if hits[li].is_some() {
                continue;
            }
            if is_rollout && reported_by_dedicated_rule(ctx, &label.name) {
                continue;
            }
            // Insert before the next present label of this section, else at the section's end.
            let insert_at = hits[li + 1..]
                .iter()
                .flatten()
                .next()
                .map(|h| {
                    doc.index
                        .line_start(doc.index.line_of(doc.blocks[h.block].span.start))
                })
                .unwrap_or_else(|| section_end(doc, s));
            let heading = t.canonical_heading(spec);
            out.report(
                doc.heading_span(s),
                format!("section `## {heading}` has no `{}` label", label.name),
            )
            .help(format!(
                "add a line starting `{}:` (N/A with a reason is fine when it does not apply)",
                label.name
            ))
            .fix(
                Applicability::Unsafe,
                format!("Insert `{}: TBD`", label.name),
                vec![(insert_at..insert_at, insertion(doc, insert_at, &label.name))],
            )
            .anchor(format!("§{}/{}", t.sections()[spec].number, label.name));
        }
    }
}

/// Where a dedicated rollout rule reports the absence, `label-missing` stays quiet.
fn reported_by_dedicated_rule(ctx: &Ctx, label: &str) -> bool {
    let r = &ctx.doc.facts.rollout;
    let stages = ctx.template.file.rollout.stages.len();
    let all_stages = (0..stages).all(|i| r.stages.iter().any(|s| s.stage == i));
    match label {
        "Flagging" => r.flag.is_none(),
        "Telemetry for Rollout" => !r.telemetry,
        "Rollout Plan" => !all_stages || !r.kill_switch,
        _ => false,
    }
}

/// `Label: TBD` as its own paragraph: after a blank line, so that it never continues the list
/// item or paragraph before it.
fn insertion(doc: &crate::document::Document, at: usize, label: &str) -> String {
    let before = &doc.source[..at];
    let blank_before = before.is_empty()
        || before
            .trim_end_matches(['\n', '\r'])
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.trim().is_empty())
        || before.ends_with("\n\n")
        || before.ends_with("\n\r\n");
    let lead = if blank_before { "" } else { "\n" };
    format!("{lead}{label}: TBD\n\n")
}

/// Byte offset where the section's content ends (the start of the next section's heading line).
fn section_end(doc: &crate::document::Document, s: &crate::document::Section) -> usize {
    match doc.blocks.get(s.end) {
        Some(b) => doc.index.line_start(doc.index.line_of(b.span.start)),
        None => doc.source.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    #[test]
    fn each_form_of_label_counts() {
        let src =
            "# A — PRD\n\n## 1. Overview\n**Feature Name:** A\n\n- Summary: x\n\n### Links\nnone\n";
        assert!(run_rule(&RULE, src).is_empty());
        let src = "# A — PRD\n\n## 1. Overview\nFeature Name: A\nSummary: soft-wrapped\n";
        assert_eq!(
            run_rule(&RULE, src),
            vec![(3, 1, "section `## 1. Overview` has no `Links` label".into())]
        );
    }

    #[test]
    fn table_cells_and_bold_lines_count() {
        let src = "# A — PRD\n\n## 3. Goals & Non-Goals\n**Goals**\n\n- one\n\n| Non-Goals | x |\n|---|---|\n| a | b |\n";
        assert!(run_rule(&RULE, src).is_empty());
    }

    #[test]
    fn a_long_qualifier_does_not_hide_a_label() {
        // The seed's own wording: 82 bytes with its qualifier, 21 without.
        for line in [
            "Primary Users / Roles (Torus/LTI roles; e.g., Instructor, Author, Student, Admin).\n\nInstructors.",
            "Primary Users / Roles (Torus/LTI roles; e.g., Instructor, Author, Student, Admin): Instructors.",
        ] {
            let src = format!("# A — PRD\n\n## 4. Users & Use Cases\n{line}\n\nUse Cases / Scenarios: grading.\n");
            assert!(run_rule(&RULE, &src).is_empty(), "{line}");
        }
        // A head that only starts with the label's words is not the label.
        let src = format!(
            "# A — PRD\n\n## 4. Users & Use Cases\nPrimary Users / Roles {}: x\n\nUse Cases / Scenarios: grading.\n",
            "and many more words ".repeat(4)
        );
        assert_eq!(run_rule(&RULE, &src).len(), 1);
    }

    #[test]
    fn a_question_or_a_dash_ends_a_label_too() {
        let src = "# A — PRD\n\n## 2. Background & Problem Statement\n\
                   Current behavior — instructors extend one student at a time.\n\n\
                   Who is affected (Authors, Instructors, Students, Admins)? Instructors and TAs.\n\n\
                   Why now? Three partner campuses asked for it this term.\n";
        assert!(
            run_rule(&RULE, src).is_empty(),
            "{:?}",
            run_rule(&RULE, src)
        );
        let src =
            "# A — PRD\n\n## 3. Goals & Non-Goals\n- **Goals** – one\n- **Non-Goals** — two\n";
        assert!(
            run_rule(&RULE, src).is_empty(),
            "{:?}",
            run_rule(&RULE, src)
        );
        // A question that only starts like a label is not it.
        let src = "# A — PRD\n\n## 3. Goals & Non-Goals\nGoals? none yet.\n\nWhy not? Non-Goals are below.\n";
        assert_eq!(run_rule(&RULE, src).len(), 1);
    }
}
