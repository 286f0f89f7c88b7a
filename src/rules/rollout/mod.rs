//! Rules of the `rollout` family, one per file.

pub mod exemption_reason;
pub mod flag_missing;
pub mod flag_name;
pub mod kill_switch;
pub mod rollout_criteria;
pub mod rollout_telemetry;
pub mod stage_missing;
pub mod stage_order;

use crate::document::facts::Rollout;
use crate::document::{Section, Span};
use crate::rules::Ctx;

/// §11 and its rollout facts, when PRD040–PRD046 apply: §11 is present (a missing section is
/// `section-missing`'s finding) and the PRD is not exempted.
pub(crate) fn active<'a>(ctx: &Ctx<'a>) -> Option<(&'a Section, &'a Rollout)> {
    let t = ctx.template;
    let section = ctx.doc.section_numbered(t, t.file.roles.rollout)?;
    let r = &ctx.doc.facts.rollout;
    if r.exempt() {
        return None;
    }
    Some((section, r))
}

/// Where an absence points: the §11 label it belongs to when present, else the §11 heading.
pub(crate) fn label_or_heading(ctx: &Ctx, section: &Section, label: &str) -> (Span, bool) {
    let t = ctx.template;
    match ctx.doc.facts.label(t, t.file.roles.rollout, label) {
        Some(h) => (h.span.clone(), true),
        None => (ctx.doc.heading_span(section), false),
    }
}

/// The stage names in order, `internal-only → 5% → 50% → 100%`.
pub(crate) fn stage_chain(ctx: &Ctx) -> String {
    ctx.template
        .file
        .rollout
        .stages
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(" → ")
}

/// How to exempt a PRD, quoting the accepted phrases.
pub(crate) fn exemption_help(ctx: &Ctx) -> String {
    let rs = &ctx.template.file.rollout;
    let mut forms = vec![format!("`{}: <reason>`", rs.exemption_label)];
    forms.extend(rs.exemption_phrases.iter().map(|p| format!("`{p}`")));
    format!(
        "if the feature has no flag, exempt it explicitly with {}",
        or_list(&forms)
    )
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
pub(crate) const H11: &str = "# A — PRD\n\n## 11. Feature Flagging, Rollout & Migration\n";
