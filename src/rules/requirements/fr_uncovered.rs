//! PRD036 `fr-uncovered`: Every FR is linked by at least one acceptance criterion.

use super::{canonical, next_number, section, Kind};
use crate::document::facts::FrRow;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};
use crate::template::Template;

pub const RULE: Rule = Rule {
    code: "PRD036",
    name: "fr-uncovered",
    severity: Severity::Error,
    summary: "Every FR is linked by at least one acceptance criterion",
    fix: None,
    check,
};

/// The FR rows (first of each ID) that no criterion links, IDs compared in canonical form
/// (`fr-1` links `FR-001`). Shared with the per-PRD statistics of the step summary.
pub fn uncovered<'d>(doc: &'d Document, t: &Template) -> Vec<&'d FrRow> {
    let key = |s: &str| canonical(s, Kind::Fr, t).unwrap_or_else(|| s.to_string());
    let criteria = &doc.facts.criteria;
    let mut links: Vec<&str> = Vec::with_capacity(criteria.iter().map(|c| c.links.len()).sum());
    for c in criteria {
        links.extend(c.links.iter().map(|l| l.text.as_str()));
    }
    // Canonical forms of the links, made only when some ID is not linked as written (a link
    // spelt as its ID has the same canonical form, so it covers it).
    let mut linked: Option<Vec<String>> = None;
    let frs = &doc.facts.frs;
    let mut out = Vec::new();
    for (i, r) in frs.iter().enumerate() {
        let id = r.id.text.as_str();
        // The first row of each ID (an earlier row with the same ID was judged already).
        if frs[..i].iter().any(|o| same(&o.id.text, id)) {
            continue;
        }
        if links.iter().any(|l| same(l, id)) {
            continue;
        }
        let linked = linked.get_or_insert_with(|| links.iter().map(|l| key(l)).collect());
        if !linked.contains(&key(id)) {
            out.push(r);
        }
    }
    out
}

/// `a == b`, telling most unequal IDs apart by length and last byte (`FR-001`/`FR-002`) before
/// comparing the rest.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

/// Error for a P0 requirement, warning otherwise. Silent when §7 is missing, holds no criterion,
/// or none of its criteria links any FR: `section-missing`, `ac-missing` or `ac-no-fr` report
/// that cause, and one finding per requirement would only repeat it.
fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let criteria = &doc.facts.criteria;
    if section(doc, t, Kind::Ac).is_none() || criteria.iter().all(|c| c.links.is_empty()) {
        return;
    }
    let top = t.file.requirements.priorities.first();
    let n = Kind::Fr.section_number(t);
    // Made for the first uncovered FR's hint: most documents have none.
    let next_ac = std::cell::LazyCell::new(|| {
        next_number(criteria.iter().map(|c| c.id.text.as_str()), Kind::Ac, t)
    });
    for r in uncovered(doc, t) {
        let id = r.id.text.as_str();
        let p0 = match (&r.priority, top) {
            (Some(p), Some(top)) => p.text.eq_ignore_ascii_case(top),
            _ => false,
        };
        let prio = match &r.priority {
            Some(p) if !p.text.is_empty() => format!(" ({})", p.text),
            _ => String::new(),
        };
        let mut f = out.report(
            r.id.span.clone(),
            format!("expected an acceptance criterion linking `{id}`{prio}, found none"),
        );
        if !p0 {
            f = f.severity(Severity::Warning);
        }
        f.help(format!(
            "add a criterion such as `{}-{:0>w$} ({id}) — Given …, When …, Then …`",
            t.file.ids.ac_prefix,
            *next_ac,
            w = t.file.ids.min_digits
        ))
        .anchor(format!("§{n}/{id}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    fn src(criteria: &str) -> String {
        format!("# A — PRD\n\n## 6. Functional Requirements\n| ID | Description | Priority | Owner |\n|---|---|---|---|\n| FR-001 | a | P0 | o |\n| FR-002 | b | P1 | o |\n| FR-003 | c | p0 | o |\n\n## 7. Acceptance Criteria\n{criteria}")
    }

    #[test]
    fn covered_requirements_pass() {
        let s = src("- AC-001 (FR-001, FR-002) — Given a When b Then c\n- AC-002 — Given a When b Then c (FR-003)\n");
        assert!(run_rule(&RULE, &s).is_empty());
    }

    #[test]
    fn uncovered_requirements_fire_at_their_row() {
        let t = crate::template::Template::torus();
        let s = src("- AC-001 (FR-002) — Given a When b Then c\n");
        assert_eq!(
            run_rule(&RULE, &s),
            vec![
                (
                    6,
                    3,
                    "expected an acceptance criterion linking `FR-001` (P0), found none".into()
                ),
                (
                    8,
                    3,
                    "expected an acceptance criterion linking `FR-003` (p0), found none".into()
                ),
            ]
        );
        let s = src("- AC-001 (FR-001) — Given a When b Then c\n");
        let doc = crate::document::parse("prd.md", None, s, &t);
        let f = RULE.run(&Ctx {
            doc: &doc,
            template: &t,
        });
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[1].severity, Severity::Error);
    }

    #[test]
    fn silent_when_no_criterion_links_anything() {
        assert!(run_rule(&RULE, &src("")).is_empty());
        assert!(run_rule(&RULE, &src("- AC-001: Given a When b Then c\n")).is_empty());
    }

    #[test]
    fn uncovered_compares_ids_in_canonical_form() {
        let t = crate::template::Template::torus();
        let text = src("- AC-001 (fr-1, FR-2) — Given a When b Then c\n");
        let doc = crate::document::parse("docs/features/x/prd.md", None, text, &t);
        let ids: Vec<&str> = uncovered(&doc, &t)
            .iter()
            .map(|r| r.id.text.as_str())
            .collect();
        assert_eq!(ids, vec!["FR-003"]);
    }

    /// The version this replaced: links collected, rows already seen kept in a list.
    fn uncovered_before<'d>(doc: &'d Document, t: &Template) -> Vec<&'d FrRow> {
        let key = |s: &str| canonical(s, Kind::Fr, t).unwrap_or_else(|| s.to_string());
        let links: Vec<&str> = doc
            .facts
            .criteria
            .iter()
            .flat_map(|c| c.links.iter().map(|l| l.text.as_str()))
            .collect();
        let mut linked: Option<Vec<String>> = None;
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for r in &doc.facts.frs {
            let id = r.id.text.as_str();
            if seen.contains(&id) {
                continue;
            }
            seen.push(id);
            if links.contains(&id) {
                continue;
            }
            let linked = linked.get_or_insert_with(|| links.iter().map(|l| key(l)).collect());
            if !linked.contains(&key(id)) {
                out.push(r);
            }
        }
        out
    }

    const IDS: &[&str] = &[
        "FR-001", "FR-002", "FR-012", "fr-1", "FR-1", "FR001", "FR-0001", "FR-01a", "FR-",
    ];

    proptest::proptest! {
        #[test]
        fn uncovered_is_what_it_was(
            rows in proptest::collection::vec(0..IDS.len(), 0..7),
            acs in proptest::collection::vec(proptest::collection::vec(0..IDS.len(), 0..4), 0..4),
        ) {
            let t = crate::template::Template::torus();
            let mut text = String::from("# A — PRD\n\n## 6. Functional Requirements\n| ID | Description | Priority | Owner |\n|---|---|---|---|\n");
            for &r in &rows {
                text.push_str(&format!("| {} | a | P0 | o |\n", IDS[r]));
            }
            text.push_str("\n## 7. Acceptance Criteria\n");
            for (i, links) in acs.iter().enumerate() {
                let links: Vec<&str> = links.iter().map(|&l| IDS[l]).collect();
                text.push_str(&format!("- AC-{:03} ({}) — Given a When b Then c\n", i + 1, links.join(", ")));
            }
            let doc = crate::document::parse("prd.md", None, text, &t);
            let ptrs = |v: Vec<&FrRow>| v.into_iter().map(|r| r as *const FrRow).collect::<Vec<_>>();
            proptest::prop_assert_eq!(ptrs(uncovered(&doc, &t)), ptrs(uncovered_before(&doc, &t)));
        }
    }
}
