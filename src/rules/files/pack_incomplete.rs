//! PRD070 `pack-incomplete`: The spec pack has `fdd.md` and `plan.md` beside `prd.md` (off by
//! default).

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD070",
    name: "pack-incomplete",
    severity: Severity::Off,
    summary: "The spec pack has `fdd.md` and `plan.md` beside `prd.md`",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let Some(dir) = &ctx.doc.dir else { return };
    let missing: Vec<&str> = ["fdd.md", "plan.md"]
        .into_iter()
        .filter(|f| !dir.join(f).is_file())
        .collect();
    if missing.is_empty() {
        return;
    }
    let list = missing
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    out.report(
        ctx.doc.line_span(1),
        format!("expected a complete spec pack beside `prd.md`, found no {list}"),
    )
    .help("a spec pack is `prd.md`, `fdd.md` and `plan.md` (`prd-lint new <slug> --pack` scaffolds them)")
    .severity(Severity::Warning)
    .anchor(format!("pack/{}", missing.join("+")));
}
