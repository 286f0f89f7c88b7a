//! PRD032 `ac-id-duplicate`: No two acceptance criteria share an ID.

use super::{next_number, repeats, Anchors, Kind};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD032",
    name: "ac-id-duplicate",
    severity: Severity::Error,
    summary: "No two acceptance criteria share an ID",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let n = Kind::Ac.section_number(t);
    let criteria = &doc.facts.criteria;
    // Made for the first duplicate's hint: most documents have none.
    let next_free = std::cell::LazyCell::new(|| {
        next_number(criteria.iter().map(|c| c.id.text.as_str()), Kind::Ac, t)
    });
    let mut anchors = Anchors::default();
    for (i, f0) in repeats(criteria.len(), |i| criteria[i].id.text.as_str()) {
        let c = &criteria[i];
        let id = c.id.text.as_str();
        out.report(
            c.id.span.clone(),
            format!("expected a unique AC ID, found `{id}` again"),
        )
        .related(criteria[f0].id.span.clone(), "first defined here")
        .help(format!(
            "give this criterion a free ID such as `{}-{:0>w$}`",
            t.file.ids.ac_prefix,
            *next_free,
            w = t.file.ids.min_digits
        ))
        .anchor(anchors.make(format!("§{n}/{id}/duplicate")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    const HEAD: &str = "# A — PRD\n\n## 7. Acceptance Criteria\n";

    #[test]
    fn unique_ids_pass() {
        let s = format!("{HEAD}- AC-001 (FR-001) Given a When b Then c\n- AC-001b (FR-001) Given a When b Then c\n");
        assert!(run_rule(&RULE, &s).is_empty());
    }

    #[test]
    fn the_repeat_fires() {
        let s = format!("{HEAD}- AC-001 (FR-001) Given a When b Then c\n- AC-002 (FR-001) Given a When b Then c\n\n### AC-001 (FR-002)\nGiven a When b Then c\n");
        assert_eq!(
            run_rule(&RULE, &s),
            vec![(7, 5, "expected a unique AC ID, found `AC-001` again".into())]
        );
    }
}
