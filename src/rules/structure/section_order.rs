//! PRD003 `section-order`: Sections appear in the template's order.

use crate::document::Document;
use crate::finding::{Applicability, Severity};
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD003",
    name: "section-order",
    severity: Severity::Error,
    summary: "Sections appear in the template's order",
    fix: Some(Applicability::Unsafe),
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    let t = ctx.template;
    let present = first_occurrences(doc);
    // In order (the common case): the longest increasing run is all of them.
    if present.windows(2).all(|w| w[0].1 < w[1].1) {
        return;
    }
    let keep = longest_increasing(&present.iter().map(|p| p.1).collect::<Vec<_>>());
    for (k, &(si, spec)) in present.iter().enumerate() {
        if keep[k] {
            continue;
        }
        let s = &doc.sections[si];
        // Say where it belongs relative to the sections that are in order.
        let kept = |f: &dyn Fn(usize) -> bool| {
            present
                .iter()
                .enumerate()
                .filter(|(j, p)| keep[*j] && f(p.1))
                .map(|(_, p)| p.1)
                .collect::<Vec<_>>()
        };
        let place = match kept(&|p| p > spec).first() {
            Some(&next) => format!("expected before `## {}`", t.canonical_heading(next)),
            None => match kept(&|p| p < spec).last() {
                Some(&prev) => format!("expected after `## {}`", t.canonical_heading(prev)),
                None => "expected elsewhere".to_string(),
            },
        };
        let mut b = out.report(
            doc.heading_span(s),
            format!(
                "section `## {}` is out of order: {place}",
                t.canonical_heading(spec)
            ),
        );
        if k > 0 {
            let prev = &doc.sections[present[k - 1].0];
            b = b.related(
                doc.heading_span(prev),
                format!("it follows `{}` here", doc.heading_text(prev)),
            );
        }
        b = b
            .help("move the whole section to its place in the template's order")
            .anchor(format!("§{}", t.sections()[spec].number));
        // Unsafe fix: cut the section (heading to the next section) and paste it before the
        // first in-order section that should follow it, or after the last that should precede it.
        let cut = section_range(doc, si);
        let dest = present
            .iter()
            .enumerate()
            .find(|(j, p)| keep[*j] && p.1 > spec)
            .map(|(_, p)| section_range(doc, p.0).start)
            .or_else(|| {
                present
                    .iter()
                    .enumerate()
                    .rfind(|(j, p)| keep[*j] && p.1 < spec)
                    .map(|(_, p)| section_range(doc, p.0).end)
            });
        if let Some(at) = dest {
            if at <= cut.start || at >= cut.end {
                let mut text = doc.source[cut.clone()].to_string();
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                // Pasting at the very end of a file without a final newline needs one first.
                if at == doc.source.len() && !doc.source.ends_with('\n') {
                    text.insert(0, '\n');
                }
                let _ = b.fix(
                    Applicability::Unsafe,
                    format!("Move `## {}` to its place", t.canonical_heading(spec)),
                    vec![(cut, String::new()), (at..at, text)],
                );
            }
        }
    }
}

/// Bytes of a whole section: from its heading line to the next section's heading line (or EOF).
fn section_range(doc: &crate::document::Document, si: usize) -> std::ops::Range<usize> {
    let s = &doc.sections[si];
    let start = doc
        .index
        .line_start(doc.index.line_of(doc.blocks[s.heading].span.start));
    let end = match doc.sections.get(si + 1) {
        Some(n) => doc
            .index
            .line_start(doc.index.line_of(doc.blocks[n.heading].span.start)),
        None => doc.source.len(),
    };
    start..end.max(start)
}

/// The first section of each template section, as (section index, template index), in
/// document order: one pass, marking the template sections seen (what filtering on `is_first`,
/// a search for each one's first section, gives).
fn first_occurrences(doc: &Document) -> Vec<(usize, usize)> {
    let mut seen: Vec<bool> = Vec::new();
    let mut present = Vec::with_capacity(doc.sections.len());
    for (i, s) in doc.sections.iter().enumerate() {
        let Some(spec) = s.spec() else {
            continue;
        };
        if spec >= seen.len() {
            seen.resize(spec + 1, false);
        }
        if !std::mem::replace(&mut seen[spec], true) {
            present.push((i, spec));
        }
    }
    present
}

/// Mark the elements of a longest strictly increasing subsequence.
fn longest_increasing(v: &[usize]) -> Vec<bool> {
    let n = v.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if v[j] < v[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut keep = vec![false; n];
    if let Some((mut i, _)) = len
        .iter()
        .enumerate()
        .max_by_key(|(i, l)| (**l, usize::MAX - *i))
    {
        loop {
            keep[i] = true;
            if prev[i] == usize::MAX {
                break;
            }
            i = prev[i];
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    #[test]
    fn first_occurrences_are_the_first_sections() {
        let t = crate::template::Template::torus();
        for src in [
            "# A — PRD\n\n## 1. Overview\nx\n\n## 3. Goals & Non-Goals\nx\n\n## 1. Overview\ny\n\n## 2. Background & Problem Statement\nx\n\n## Notes\n\n## 3. Goals & Non-Goals\n",
            "# A — PRD\n\n## 2. Background & Problem Statement\n\n## 2. Background & Problem Statement\n\n## 4. Users & Use Cases\n",
            "# A — PRD\n",
        ] {
            let doc = crate::document::parse("prd.md", None, src.to_string(), &t);
            let want: Vec<(usize, usize)> = doc
                .sections
                .iter()
                .enumerate()
                .filter(|(_, s)| s.spec().is_some() && super::super::is_first(&doc, s))
                .map(|(i, s)| (i, s.spec().unwrap_or(0)))
                .collect();
            assert_eq!(first_occurrences(&doc), want, "{src}");
        }
        // A repeated section that is otherwise in order is not out of order.
        assert!(run_rule(&RULE, "# A — PRD\n\n## 1. Overview\nx\n\n## 2. Background & Problem Statement\nx\n\n## 1. Overview\ny\n\n## 3. Goals & Non-Goals\nx\n").is_empty());
    }

    #[test]
    fn reports_the_moved_section_only() {
        let src = "# A — PRD\n\n## 1. Overview\nx\n\n## 3. Goals & Non-Goals\nx\n\n## 2. Background & Problem Statement\nx\n\n## 4. Users & Use Cases\nx\n";
        let got = run_rule(&RULE, src);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 9);
        assert_eq!(
            got[0].2,
            "section `## 2. Background & Problem Statement` is out of order: expected before `## 3. Goals & Non-Goals`"
        );
    }
}
