//! PRD063 `dod-checklist`: §17 is a task list with the template's Definition-of-Done items.

use crate::document::BlockKind;
use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};
use crate::template::normalize_title;

pub const RULE: Rule = Rule {
    code: "PRD063",
    name: "dod-checklist",
    severity: Severity::Error,
    summary: "§17 is a task list with the template's Definition-of-Done items",
    fix: Some(Applicability::Unsafe),
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    let t = ctx.template;
    let number = t.file.roles.done;
    let Some(section) = doc.section_numbered(t, number) else {
        return;
    };
    let tasks: Vec<usize> = section
        .blocks()
        .filter(|&bi| matches!(doc.blocks[bi].kind, BlockKind::Item { task: Some(_), .. }))
        .collect();
    let Some(&last) = tasks.last() else {
        out.report(
            doc.heading_span(section),
            format!("expected §{number} to be a task list (`- [ ] …`), found no task items"),
        )
        .help(format!(
            "write the Definition of Done as checkboxes: {}",
            t.file
                .done
                .items
                .iter()
                .map(|i| format!("`- [ ] {i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .anchor(format!("§{number}/task-list"));
        return;
    };
    // A task's text, its lines joined: normalising treats a line break as the space it was
    // replaced by before, so a one-line item is normalised as it stands, with no copy.
    let texts: Vec<String> = tasks
        .iter()
        .map(|&bi| match doc.blocks[bi].lines.as_slice() {
            [one] => normalize_title(&one.text),
            _ => normalize_title(&doc.blocks[bi].text()),
        })
        .collect();
    let exempt = doc.facts.rollout.exempt();
    // The items no task starts with, by index, in template order.
    let missing: Vec<usize> = t
        .file
        .done
        .items
        .iter()
        .zip(&t.done_keys)
        .enumerate()
        .filter(|(_, (item, want))| {
            if exempt && t.file.done.flag_item.as_deref() == Some(item.as_str()) {
                return false;
            }
            !texts.iter().any(|x| x.starts_with(want.as_str()))
        })
        .map(|(k, _)| k)
        .collect();
    if missing.is_empty() {
        return;
    }
    let heading = doc.heading_span(section);
    // Append after the last task item (and anything nested in it), same marker and indent.
    let last_block = &doc.blocks[last];
    let end_block = &doc.blocks[last_block.end.max(last + 1) - 1];
    let end_line = doc.index.line_of(
        end_block
            .span
            .end
            .saturating_sub(1)
            .max(end_block.span.start),
    );
    let insert_at = doc.line_span(end_line).end;
    let item_line = doc.line_span(doc.index.line_of(last_block.span.start));
    let src_line = &doc.source[item_line];
    let indent: String = src_line.chars().take_while(|c| c.is_whitespace()).collect();
    let marker = src_line
        .trim_start()
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '*' | '+'))
        .unwrap_or('-');
    for item in missing.iter().map(|&k| &t.file.done.items[k]) {
        out.report(
            heading.clone(),
            format!("expected the Definition-of-Done item `- [ ] {item}`, found no task item starting with it"),
        )
        .severity(Severity::Warning)
        .help("add the item (a trailing `(…)` or more words are fine)")
        .fix(
            Applicability::Unsafe,
            format!("Append `- [ ] {item}`"),
            vec![(insert_at..insert_at, format!("\n{indent}{marker} [ ] {item}"))],
        )
        .anchor(format!("§{number}/dod/{item}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    const H17: &str = "# A — PRD\n\n## 17. Definition of Done\n";

    use proptest::prelude::*;

    proptest! {
        /// Normalising treats a line break as a space: the lines of a task need not be joined
        /// with spaces first.
        #[test]
        fn line_breaks_normalise_as_spaces(picks in proptest::collection::vec(0..12usize, 0..12)) {
            const P: [&str; 12] = ["\n", " ", "and", "AND", "/", "&", "x", ".", "Docs", "\u{e9}", "\t", "?"];
            let s: String = picks.iter().map(|&i| P[i]).collect();
            prop_assert_eq!(normalize_title(&s), normalize_title(&s.replace('\n', " ")));
        }
    }

    #[test]
    fn items_over_several_lines_and_another_templates_items() {
        let src = format!("{H17}- [ ] Docs\n  updated\n- [ ] Feature flag wired\n  and default configured\n- [ ] Telemetry & alerts live\n- [ ] Migrations &\n  rollback tested\n- [ ] Accessibility checks passed\n");
        assert!(run_rule(&RULE, &src).is_empty());
        // Another template's items (compiled with it).
        let mut file = crate::template::Template::torus().file;
        file.done.items = vec!["Docs updated".into(), "Runbook written".into()];
        let t = crate::template::Template::compile(file).unwrap();
        let doc = crate::document::parse("prd.md", None, src, &t);
        let got = RULE.run(&Ctx {
            doc: &doc,
            template: &t,
        });
        assert_eq!(got.len(), 1);
        assert!(
            got[0].message.contains("`- [ ] Runbook written`"),
            "{}",
            got[0].message
        );
        let t = crate::template::Template::torus();
        let doc = crate::document::parse("prd.md", None, format!("{H17}- [ ] Docs updated\n"), &t);
        assert_eq!(
            RULE.run(&Ctx {
                doc: &doc,
                template: &t
            })
            .len(),
            4
        );
    }

    #[test]
    fn no_task_list_is_one_error() {
        assert_eq!(
            run_rule(
                &RULE,
                &format!("{H17}- Docs updated\n- Telemetry & alerts live\n")
            ),
            vec![(
                3,
                1,
                "expected §17 to be a task list (`- [ ] …`), found no task items".into()
            )]
        );
    }

    #[test]
    fn missing_items_are_warnings_with_a_fix() {
        let t = crate::template::Template::torus();
        let src = format!("{H17}- [x] docs updated (prd.md)\n- [ ] Feature flag wired and default configured\n* [ ] Telemetry & alerts live — dashboards too\n");
        let doc = crate::document::parse("prd.md", None, src.clone(), &t);
        let got = RULE.run(&Ctx {
            doc: &doc,
            template: &t,
        });
        let msgs: Vec<_> = got
            .iter()
            .map(|f| (f.location.start.line, f.severity, f.message.clone()))
            .collect();
        assert_eq!(
            msgs,
            vec![
                (3, Severity::Warning, "expected the Definition-of-Done item `- [ ] Migrations & rollback tested`, found no task item starting with it".into()),
                (3, Severity::Warning, "expected the Definition-of-Done item `- [ ] Accessibility checks passed`, found no task item starting with it".into()),
            ]
        );
        let edit = &got[0].fix.as_ref().unwrap().edits[0];
        assert_eq!(edit.content, "\n* [ ] Migrations & rollback tested");
        assert_eq!(edit.location.start_byte, src.trim_end().len());
    }

    #[test]
    fn complete_list_and_exempt_flag_item() {
        let full = format!("{H17}- [ ] Docs updated\n- [ ] Feature flag wired & default configured\n- [ ] Telemetry & alerts live\n- [ ] Migrations & rollback tested\n- [ ] Accessibility checks passed (axe + manual)\n");
        assert!(run_rule(&RULE, &full).is_empty());
        let exempt = "# A — PRD\n\n## 11. Feature Flagging, Rollout & Migration\nNo feature flags present in this feature\n\n## 17. Definition of Done\n- [ ] Docs updated\n- [ ] Telemetry & alerts live\n- [ ] Migrations & rollback tested\n- [ ] Accessibility checks passed\n";
        assert!(run_rule(&RULE, exempt).is_empty());
        assert!(run_rule(&RULE, "# A — PRD\n\n## 1. Overview\nx\n").is_empty());
    }
}
