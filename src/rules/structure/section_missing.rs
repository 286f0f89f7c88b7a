//! PRD002 `section-missing`: Every one of the template's sections is present.

use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD002",
    name: "section-missing",
    severity: Severity::Error,
    summary: "Every one of the template's sections is present",
    fix: Some(Applicability::Unsafe),
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    let t = ctx.template;
    let n = t.sections().len();
    // The template sections present, in one pass over the document's sections (the loop below
    // asked `section_for` for each one); nothing else is worked out when none is missing, the
    // common case.
    let present = present(doc, n);
    if !present.contains(&false) {
        return;
    }
    // What an inserted skeleton needs: the feature name (from the title) and a flag name (from
    // the folder, as `prd-lint new` derives it).
    let title = doc
        .h1s
        .first()
        .and_then(|&b| doc.blocks[b].first_line())
        .map(|l| {
            let t = l.text.trim();
            t.strip_suffix(t.rsplit_once(" — ").map_or("", |x| x.1))
                .map(|x| x.trim_end_matches([' ', '—']).to_string())
                .unwrap_or_else(|| t.to_string())
        })
        .filter(|x| !x.is_empty())
        .unwrap_or_else(|| "TBD".to_string());
    let flag = doc
        .path
        .rsplit('/')
        .nth(1)
        .map(|slug| slug.replace('-', "_").to_lowercase())
        .filter(|f| t.flag_patterns.iter().any(|p| p.is_match(f)))
        .unwrap_or_else(|| "feature_flag".to_string());
    for spec in (0..n).filter(|&s| !present[s]) {
        let heading = format!("## {}", t.canonical_heading(spec));
        let skeleton = t.section_skeleton(spec, &title, &flag);
        // Point at (and insert before) the next present section in template order.
        let next = (spec + 1..n).find_map(|s| doc.section_for(s));
        let (span, insert_at, text) = match next {
            Some(s) => {
                let span = doc.heading_span(s);
                let at = span.start;
                (span, at, format!("{heading}\n\n{skeleton}\n"))
            }
            None => {
                let end = doc.source.len();
                let sep = if doc.source.ends_with('\n') || doc.source.is_empty() {
                    "\n"
                } else {
                    "\n\n"
                };
                (
                    doc.last_line_span(),
                    end,
                    format!("{sep}{heading}\n\n{skeleton}"),
                )
            }
        };
        let where_ = match next {
            Some(s) => format!("before `{}`", doc.heading_text(s)),
            None => "at the end of the document".to_string(),
        };
        out.report(span, format!("missing section `{heading}`"))
            .help(format!("add `{heading}` {where_}"))
            .fix(
                Applicability::Unsafe,
                format!("Insert `{heading}` with its skeleton"),
                vec![(insert_at..insert_at, text)],
            )
            .anchor(format!("§{}", t.sections()[spec].number));
    }
}

/// Which of the template's first `n` sections the document has: `present[spec]` is
/// `doc.section_for(spec).is_some()`.
fn present(doc: &crate::document::Document, n: usize) -> Vec<bool> {
    let mut present = vec![false; n];
    for s in &doc.sections {
        if let Some(p) = s.spec().and_then(|spec| present.get_mut(spec)) {
            *p = true;
        }
    }
    present
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    #[test]
    fn present_is_section_for() {
        let t = crate::template::Template::torus();
        let n = t.sections().len();
        for src in [
            "",
            "# A — PRD\n\nx\n",
            "# A — PRD\n\n## 1. Overview\nx\n\n## 3. Goals & Non-Goals\nx\n## 1. Overview\n",
            "# A — PRD\n\n## Notes\n## 17. Open Questions\n## 6. Functional Requirements\n",
            &(0..n)
                .map(|s| format!("## {}\nx\n", t.canonical_heading(s)))
                .collect::<String>(),
        ] {
            let doc = crate::document::parse("prd.md", None, src.to_string(), &t);
            let want: Vec<bool> = (0..n).map(|s| doc.section_for(s).is_some()).collect();
            assert_eq!(present(&doc, n), want, "{src}");
        }
    }

    #[test]
    fn a_complete_document_passes() {
        let t = crate::template::Template::torus();
        let src: String = (0..t.sections().len())
            .map(|s| format!("## {}\nx\n", t.canonical_heading(s)))
            .collect();
        assert!(run_rule(&RULE, &format!("# A — PRD\n\n{src}")).is_empty());
    }

    #[test]
    fn points_at_the_next_present_section() {
        let got = run_rule(
            &RULE,
            "# A — PRD\n\n## 1. Overview\nx\n\n## 3. Goals & Non-Goals\nx\n",
        );
        assert_eq!(
            got[0],
            (
                6,
                1,
                "missing section `## 2. Background & Problem Statement`".into()
            )
        );
        // Sections 4..17 are missing too and point at the last line.
        assert_eq!(got.len(), 15);
        assert_eq!(got[1].0, 7);
    }
}
