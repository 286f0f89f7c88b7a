//! PRD023 `fr-id-gap`: FR IDs are ascending without gaps.

use super::{number, Kind};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};
use crate::template::Template;
use std::collections::BTreeSet;

pub const RULE: Rule = Rule {
    code: "PRD023",
    name: "fr-id-gap",
    severity: Severity::Warning,
    summary: "FR IDs are ascending without gaps",
    fix: None,
    check,
};

/// Walk the rows in document order (across every §6 table). A row whose number is above the
/// highest so far, skipping numbers that no row has, is a gap; a row below the highest so far is
/// out of order. Repeated numbers are `fr-id-duplicate`'s concern and IDs without a number are
/// `fr-id-format`'s.
fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let n = Kind::Fr.section_number(t);
    let rows = || {
        doc.facts
            .frs
            .iter()
            .filter_map(|r| number(&r.id.text, Kind::Fr, t).map(|k| (k, r)))
    };
    // The numbers present, gathered only when a row skips some (most rows follow on).
    let mut present: Option<BTreeSet<u64>> = None;
    let mut max: Option<(u64, &str)> = None;
    for (k, r) in rows() {
        let id = r.id.text.as_str();
        let top = max.map(|m| m.0).unwrap_or(0);
        if k > top {
            // `top + 1..k` is not empty: numbers in it may be missing.
            if k - top > 1 {
                let present = present.get_or_insert_with(|| rows().map(|(k, _)| k).collect());
                // Worked out from the few numbers present, never by walking the gap: an ID like
                // `FR-1000000000` is a gap of a billion numbers.
                let count = (k - top - 1) - present.range(top + 1..k).count() as u64;
                let first = (top + 1..k).find(|m| !present.contains(m));
                let last = (top + 1..k).rev().find(|m| !present.contains(m));
                if let (Some(lo), Some(hi)) = (first, last) {
                    let width = r.id.text.chars().filter(char::is_ascii_digit).count();
                    let name = |m: u64| fr_name(t, m, width);
                    let after = match max {
                        Some((_, prev)) => format!("after `{prev}`"),
                        None => "first".into(),
                    };
                    let skipped = if lo == hi {
                        format!("`{}` is missing", name(lo))
                    } else if count == hi - lo + 1 {
                        format!("`{}` to `{}` are missing", name(lo), name(hi))
                    } else if count <= MAX_NAMED {
                        let names: Vec<String> = (lo..=hi)
                            .filter(|m| !present.contains(m))
                            .map(|m| format!("`{}`", name(m)))
                            .collect();
                        format!("{} are missing", names.join(", "))
                    } else {
                        format!(
                            "{count} IDs from `{}` to `{}` are missing",
                            name(lo),
                            name(hi)
                        )
                    };
                    out.report(
                        r.id.span.clone(),
                        format!("expected `{}` {after}, found `{id}`", name(lo)),
                    )
                    .help(format!(
                        "{skipped}: renumber the requirements, and the criteria and mentions that cite them"
                    ))
                    .anchor(format!("§{n}/{id}/gap"));
                }
            }
            max = Some((k, id));
        } else if k < top {
            let prev = max.map(|m| m.1).unwrap_or_default();
            out.report(
                r.id.span.clone(),
                format!("expected FR IDs in ascending order, found `{id}` after `{prev}`"),
            )
            .help("order the rows by ID, or renumber them")
            .anchor(format!("§{n}/{id}/order"));
        }
    }
}

/// The most missing IDs a finding names one by one (more, in several runs, are counted).
const MAX_NAMED: u64 = 100;

fn fr_name(t: &Template, k: u64, width: usize) -> String {
    let w = width.max(t.file.ids.min_digits);
    format!("{}-{k:0>w$}", t.file.ids.fr_prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    fn src(ids: &[&str]) -> String {
        let mut s = String::from("# A — PRD\n\n## 6. Functional Requirements\n| ID | Description | Priority | Owner |\n|---|---|---|---|\n");
        for id in ids {
            s.push_str(&format!("| {id} | a | P0 | o |\n"));
        }
        s
    }

    #[test]
    fn consecutive_ids_pass() {
        assert!(run_rule(&RULE, &src(&["FR-001", "FR-002", "FR-003"])).is_empty());
        // Malformed or duplicated IDs are other rules' findings.
        assert!(run_rule(&RULE, &src(&["FR-1", "FR-002", "FR-002", "x", "fr-3"])).is_empty());
    }

    #[test]
    fn gaps_fire_at_the_row_after_them() {
        assert_eq!(
            run_rule(&RULE, &src(&["FR-001", "FR-002", "FR-004", "FR-007"])),
            vec![
                (
                    8,
                    3,
                    "expected `FR-003` after `FR-002`, found `FR-004`".into()
                ),
                (
                    9,
                    3,
                    "expected `FR-005` after `FR-004`, found `FR-007`".into()
                ),
            ]
        );
        assert_eq!(
            run_rule(&RULE, &src(&["FR-002", "FR-003"])),
            vec![(6, 3, "expected `FR-001` first, found `FR-002`".into())]
        );
    }

    #[test]
    fn out_of_order_rows_fire_once() {
        assert_eq!(
            run_rule(&RULE, &src(&["FR-001", "FR-003", "FR-002", "FR-004"])),
            vec![(
                8,
                3,
                "expected FR IDs in ascending order, found `FR-002` after `FR-003`".into()
            )]
        );
    }

    /// The version this replaced: every row's number collected, the numbers present gathered
    /// up front, each row's missing numbers collected.
    fn check_before(ctx: &Ctx, out: &mut Out) {
        let (doc, t) = (ctx.doc, ctx.template);
        let n = Kind::Fr.section_number(t);
        let rows: Vec<(u64, &crate::document::facts::FrRow)> = doc
            .facts
            .frs
            .iter()
            .filter_map(|r| number(&r.id.text, Kind::Fr, t).map(|k| (k, r)))
            .collect();
        let present: BTreeSet<u64> = rows.iter().map(|(k, _)| *k).collect();
        let mut max: Option<(u64, &str)> = None;
        for &(k, r) in &rows {
            let id = r.id.text.as_str();
            let top = max.map(|m| m.0).unwrap_or(0);
            if k > top {
                let missing: Vec<u64> = (top + 1..k).filter(|m| !present.contains(m)).collect();
                if let (Some(&lo), Some(&hi)) = (missing.first(), missing.last()) {
                    let width = r.id.text.chars().filter(char::is_ascii_digit).count();
                    let name = |m: u64| fr_name(t, m, width);
                    let after = match max {
                        Some((_, prev)) => format!("after `{prev}`"),
                        None => "first".into(),
                    };
                    let skipped = if lo == hi {
                        format!("`{}` is missing", name(lo))
                    } else if missing.len() as u64 == hi - lo + 1 {
                        format!("`{}` to `{}` are missing", name(lo), name(hi))
                    } else {
                        let names: Vec<String> =
                            missing.iter().map(|&m| format!("`{}`", name(m))).collect();
                        format!("{} are missing", names.join(", "))
                    };
                    out.report(
                        r.id.span.clone(),
                        format!("expected `{}` {after}, found `{id}`", name(lo)),
                    )
                    .help(format!(
                        "{skipped}: renumber the requirements, and the criteria and mentions that cite them"
                    ))
                    .anchor(format!("§{n}/{id}/gap"));
                }
                max = Some((k, id));
            } else if k < top {
                let prev = max.map(|m| m.1).unwrap_or_default();
                out.report(
                    r.id.span.clone(),
                    format!("expected FR IDs in ascending order, found `{id}` after `{prev}`"),
                )
                .help("order the rows by ID, or renumber them")
                .anchor(format!("§{n}/{id}/order"));
            }
        }
    }

    /// A gap of billions of numbers is worked out at once, without walking it (it ran out of
    /// memory before), and a long broken run of missing IDs is counted, not listed.
    #[test]
    fn huge_gaps_are_counted_not_walked() {
        let got = run_rule(
            &RULE,
            &src(&["FR-001", "FR-1000000000", "FR-18446744073709551615"]),
        );
        let help: Vec<String> = got.iter().map(|f| f.2.clone()).collect();
        assert_eq!(
            help,
            [
                "expected `FR-0000000002` after `FR-001`, found `FR-1000000000`",
                "expected `FR-00000000001000000001` after `FR-1000000000`, found `FR-18446744073709551615`",
            ]
        );
        let t = Template::torus();
        let doc = crate::document::parse("prd.md", None, src(&["FR-001", "FR-1000", "FR-005"]), &t);
        let found = RULE.run(&Ctx {
            doc: &doc,
            template: &t,
        });
        assert_eq!(
            found[0].help.as_deref(),
            Some("997 IDs from `FR-0002` to `FR-0999` are missing: renumber the requirements, and the criteria and mentions that cite them")
        );
        assert_eq!(
            found[1].message,
            "expected FR IDs in ascending order, found `FR-005` after `FR-1000`"
        );
    }

    const IDS: &[&str] = &[
        "FR-001",
        "FR-002",
        "FR-003",
        "FR-004",
        "FR-005",
        "FR-007",
        "FR-010",
        "FR-1",
        "FR-02",
        "fr-3",
        "FR-0006",
        "x",
        "FR-",
        "FR-100",
        "FR-99999999999999999999",
    ];

    proptest::proptest! {
        #[test]
        fn findings_are_what_they_were(ids in proptest::collection::vec(0..IDS.len(), 0..9)) {
            let t = Template::torus();
            let ids: Vec<&str> = ids.iter().map(|&i| IDS[i]).collect();
            let doc = crate::document::parse("prd.md", None, src(&ids), &t);
            let ctx = Ctx { doc: &doc, template: &t };
            let before = Rule { check: check_before, ..RULE };
            proptest::prop_assert_eq!(RULE.run(&ctx), before.run(&ctx));
        }
    }
}
