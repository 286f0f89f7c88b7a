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
    let heading = doc.heading_span(section);
    let Some(&last) = tasks.last() else {
        out.report(
            heading,
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
    let texts: Vec<String> = tasks
        .iter()
        .map(|&bi| normalize_title(&doc.blocks[bi].text().replace('\n', " ")))
        .collect();
    let exempt = doc.facts.rollout.exempt();
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
    for item in &t.file.done.items {
        if exempt && t.file.done.flag_item.as_deref() == Some(item.as_str()) {
            continue;
        }
        let want = normalize_title(item);
        if texts.iter().any(|x| x.starts_with(&want)) {
            continue;
        }
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
