//! PRD001 `title`: The document has exactly one H1, first, of the form `<Feature Name> — PRD`.

use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD001",
    name: "title",
    severity: Severity::Error,
    summary: "The document has exactly one H1, first, of the form `<Feature Name> — PRD`",
    fix: Some(Applicability::Safe),
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    let suffix = &ctx.template.file.title_suffix;
    let Some(&first_h1) = doc.h1s.first() else {
        let span = doc
            .blocks
            .iter()
            .find(|b| b.is_heading())
            .map(|b| doc.line_span(doc.index.line_of(b.span.start)))
            .unwrap_or_else(|| doc.line_span(1));
        out.report(
            span,
            format!("expected an H1 title `# <Feature Name>{suffix}`, found no H1"),
        )
        .help(format!("add a first line `# <Feature Name>{suffix}`"))
        .anchor("title");
        return;
    };
    let h1 = &doc.blocks[first_h1];
    let h1_span = doc.line_span(doc.index.line_of(h1.span.start));
    // The H1 must be the first heading (top-level headings only).
    if let Some(before) = doc.blocks[..first_h1]
        .iter()
        .find(|b| b.is_heading() && b.parent.is_none())
    {
        let text = before.first_line().map(|l| l.text.as_str()).unwrap_or("");
        out.report(
            h1_span.clone(),
            format!(
                "the H1 title must be the first heading, found `{} {}` before it",
                "#".repeat(before.heading_level().unwrap_or(2) as usize),
                text
            ),
        )
        .related(
            doc.line_span(doc.index.line_of(before.span.start)),
            "this heading comes first",
        )
        .help("move the title to the top of the document")
        .anchor("title/first");
    }
    for &extra in &doc.h1s[1..] {
        let b = &doc.blocks[extra];
        let text = b.first_line().map(|l| l.text.as_str()).unwrap_or("");
        out.report(
            doc.line_span(doc.index.line_of(b.span.start)),
            format!("expected exactly one H1, found another: `# {text}`"),
        )
        .related(h1_span.clone(), "the first H1 is here")
        .help("a PRD has one title; use `##` for sections and `###` below them")
        .anchor(format!("title/extra/{text}"));
    }
    let Some(line) = h1.first_line() else { return };
    let text = line.text.trim_end();
    if text.ends_with(suffix.as_str()) && text.len() > suffix.len() {
        return;
    }
    // Near misses: a known wrong dash, or `PRD` after any separator.
    let near = ctx
        .template
        .file
        .title_suffix_near_misses
        .iter()
        .filter(|n| text.ends_with(n.as_str()) && text.len() > n.len())
        .max_by_key(|n| n.len())
        .map(|n| text.len() - n.len())
        .or_else(|| {
            let upper = text.to_uppercase();
            let core = suffix.trim().trim_start_matches(['—', '-', '–']).trim();
            if !upper.ends_with(&core.to_uppercase()) {
                return None;
            }
            let stem =
                text[..text.len() - core.len()].trim_end_matches([' ', '-', '–', '—', ':', '|']);
            (!stem.is_empty() && stem.len() < text.len() - core.len()).then_some(stem.len())
        });
    match near {
        Some(cut) => {
            let found = &text[cut..];
            let span = line.src_span(cut..text.len());
            out.report(
                h1_span,
                format!("expected the title to end with `{suffix}` (em dash), found `{found}`"),
            )
            .help(format!("write `# {}{suffix}`", &text[..cut]))
            .fix(
                Applicability::Safe,
                format!("Replace `{found}` with `{suffix}`"),
                vec![(span, suffix.clone())],
            )
            .anchor("title/suffix");
        }
        None => {
            out.report(
                h1_span,
                format!("expected the title `# <Feature Name>{suffix}`, found `# {text}`"),
            )
            .help(format!("end the title with `{suffix}`"))
            .anchor("title/suffix");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    #[test]
    fn accepts_the_canonical_title() {
        assert!(run_rule(&RULE, "# Bulk Extensions — PRD\n\n## 1. Overview\n").is_empty());
    }

    #[test]
    fn reports_a_hyphen_and_missing_title() {
        assert_eq!(
            run_rule(&RULE, "# Bulk Extensions - PRD\n"),
            vec![(
                1,
                1,
                "expected the title to end with ` — PRD` (em dash), found ` - PRD`".to_string()
            )]
        );
        assert_eq!(
            run_rule(&RULE, "intro\n\n## 1. Overview\n"),
            vec![(
                3,
                1,
                "expected an H1 title `# <Feature Name> — PRD`, found no H1".to_string()
            )]
        );
    }

    #[test]
    fn reports_a_second_h1_and_a_late_h1() {
        let got = run_rule(&RULE, "## 1. Overview\n\n# A — PRD\n\n# B — PRD\n");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, 3);
        assert!(got[0]
            .2
            .starts_with("the H1 title must be the first heading"));
        assert_eq!(
            got[1],
            (
                5,
                1,
                "expected exactly one H1, found another: `# B — PRD`".into()
            )
        );
    }
}
