//! Identifying headings as template sections: exact, near miss (case, spacing, `and`/`&`,
//! number, small typo) or unknown.

use super::{Block, BlockKind, Section};
use crate::template::{normalize_label, normalize_title, Template};

/// How a heading's text relates to the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionMatch {
    /// Not a template section (an unknown H2, the title, or a free sub-heading).
    None,
    Matched(HeadingMatch),
}

impl SectionMatch {
    pub fn spec(&self) -> Option<usize> {
        match self {
            SectionMatch::None => None,
            SectionMatch::Matched(m) => Some(m.spec),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingMatch {
    /// Index into the template's sections.
    pub spec: usize,
    /// The number written before the title, if any.
    pub number: Option<u32>,
    /// The number is present and right.
    pub number_ok: bool,
    /// The number is written as the template writes it, `12.` and a space: not `12)`, `12:`,
    /// `12 Title`, `Section 12:` or `012.`.
    pub number_style_ok: bool,
    /// The title is exactly one of the accepted titles.
    pub title_exact: bool,
    /// The title is the section's only by a small typo (edit distance), not by normalisation.
    pub typo: bool,
    /// The title shares only some words with the section's (`12. Success Metrics`).
    pub partial: bool,
    /// The title as written (after the number).
    pub title: String,
}

impl HeadingMatch {
    pub fn is_exact(&self) -> bool {
        self.number_ok && self.number_style_ok && self.title_exact
    }
}

/// Split `12. Title` / `12) Title` / `12 Title` / `Section 12: Title` into number and title,
/// and say whether the number is written in the template's own style (`12. Title`).
fn split_number(text: &str) -> (Option<u32>, &str, bool) {
    let t = text.trim();
    let body = t
        .strip_prefix("Section ")
        .or_else(|| t.strip_prefix("section "))
        .unwrap_or(t);
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return (None, t, false);
    }
    let rest = &body[digits..];
    let rest2 = rest
        .strip_prefix('.')
        .or_else(|| rest.strip_prefix(')'))
        .or_else(|| rest.strip_prefix(':'))
        .unwrap_or(rest);
    if !rest2.starts_with(char::is_whitespace) && !rest2.is_empty() {
        return (None, t, false);
    }
    let style_ok = body.len() == t.len() && rest.starts_with('.') && !body.starts_with('0');
    (body[..digits].parse().ok(), rest2.trim(), style_ok)
}

/// Levenshtein distance on characters, bounded by `max` (returns `max + 1` when larger).
fn distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let d = strsim::generic_levenshtein(&a, &b);
    d.min(max + 1)
}

/// Identify a heading's text as a template section.
/// `strict` (for H3 and deeper) accepts only a right number plus a title that normalises equal.
pub fn match_heading(text: &str, template: &Template, strict: bool) -> SectionMatch {
    let (number, title, number_style_ok) = split_number(text);
    if title.is_empty() {
        return SectionMatch::None;
    }
    // Deeper headings count only with the section's own number: check that before any work.
    if strict && number.and_then(|n| template.index_of_number(n)).is_none() {
        return SectionMatch::None;
    }
    // Cheapest first: an exact title, then a normalised one, and only then edit distance.
    let mut best: Option<(usize, usize, bool)> = template
        .sections()
        .iter()
        .position(|spec| spec.title == title || spec.also.iter().any(|a| a == title))
        .map(|i| (i, 0, true)); // (spec, distance, title_exact)
                                // The normalised title is needed only when the title is not one of the template's as
                                // written (most headings are).
    let norm = if best.is_none() {
        let norm = normalize_title(title);
        let norm_q = normalize_label(title);
        best = template
            .section_keys
            .iter()
            .position(|keys| keys.iter().any(|k| *k == norm || *k == norm_q))
            .map(|i| (i, 0, false));
        norm
    } else {
        String::new()
    };
    if best.is_none() && !strict {
        for (i, keys) in template.section_keys.iter().enumerate() {
            for key in keys {
                let max = if key.len() >= 10 { 2 } else { 1 };
                let d = distance(key, &norm, max);
                if d <= max && best.as_ref().is_none_or(|b| d < b.1) {
                    best = Some((i, d, false));
                }
            }
        }
    }
    // A right number with a shortened or extended title (`12. Success Metrics`) is that section,
    // written as a variant: better a title finding than "missing" plus "unknown".
    if best.is_none() && !strict {
        if let Some(n) = number {
            if let Some(i) = template.index_of_number(n) {
                let words = |s: &str| -> Vec<String> {
                    s.split(|c: char| !c.is_alphanumeric())
                        .filter(|w| w.len() > 2)
                        .map(str::to_string)
                        .collect()
                };
                let have = words(&norm);
                let want = words(&template.section_keys[i][0]);
                let shared = have.iter().filter(|w| want.contains(w)).count();
                let shorter = have.len().min(want.len());
                if shorter > 0 && shared * 2 >= shorter.max(2) && shared * 2 >= have.len() {
                    best = Some((i, usize::MAX, false));
                }
            }
        }
    }
    let Some((spec, dist, title_exact)) = best else {
        return SectionMatch::None;
    };
    let spec_number = template.sections()[spec].number;
    let number_ok = number == Some(spec_number);
    if strict && !number_ok {
        return SectionMatch::None;
    }
    SectionMatch::Matched(HeadingMatch {
        spec,
        number,
        number_ok,
        number_style_ok,
        title_exact,
        typo: dist > 0 && dist != usize::MAX,
        partial: dist == usize::MAX,
        title: title.to_string(),
    })
}

/// Decide which headings start sections and give every block its section.
/// Returns the sections and the H1 blocks that are not template sections.
pub fn build_sections(blocks: &mut [Block], template: &Template) -> (Vec<Section>, Vec<usize>) {
    let mut sections: Vec<Section> = Vec::new();
    let mut h1s = Vec::new();
    for i in 0..blocks.len() {
        let BlockKind::Heading { level } = blocks[i].kind else {
            continue;
        };
        // Headings inside list items or quotes are content, not structure.
        if blocks[i].parent.is_some() {
            continue;
        }
        // Most headings are one line: their text as it is, without a copy.
        let text: std::borrow::Cow<str> = match &blocks[i].lines[..] {
            [one] => one.text.as_str().into(),
            lines => lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
                .into(),
        };
        let m = match level {
            2 => match_heading(&text, template, false),
            _ => match_heading(&text, template, true),
        };
        let starts = level <= 2 || m.spec().is_some();
        if level == 1 && m.spec().is_none() {
            h1s.push(i);
        }
        if starts {
            if let Some(prev) = sections.last_mut() {
                prev.end = i;
            }
            sections.push(Section {
                heading: i,
                level,
                end: blocks.len(),
                matched: if level == 1 && m.spec().is_none() {
                    SectionMatch::None
                } else {
                    m
                },
            });
        }
    }
    for (si, s) in sections.iter().enumerate() {
        for b in &mut blocks[s.heading..s.end] {
            b.section = Some(si);
        }
    }
    (sections, h1s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Option<HeadingMatch> {
        match match_heading(text, &Template::torus(), false) {
            SectionMatch::Matched(h) => Some(h),
            SectionMatch::None => None,
        }
    }

    #[test]
    fn exact_and_alternative_titles() {
        assert!(m("5. UX / UI Requirements").unwrap().is_exact());
        assert!(m("7. Acceptance Criteria (Testable)").unwrap().is_exact());
        assert!(m("15. Timeline & Milestones (Draft)").unwrap().is_exact());
    }

    #[test]
    fn near_misses_are_identified() {
        let h = m("5. UX/UI requirements").unwrap();
        assert_eq!((h.spec, h.number_ok, h.title_exact), (4, true, false));
        let h = m("Overview").unwrap();
        assert_eq!((h.spec, h.number, h.number_ok), (0, None, false));
        let h = m("8. Acceptance Criteria").unwrap();
        assert_eq!((h.spec, h.number_ok), (6, false));
        let h = m("3. Goals and Non-Goals").unwrap();
        assert_eq!((h.spec, h.title_exact), (2, false));
        let h = m("13. Risks & Mitigatons").unwrap();
        assert!(h.typo);
        assert_eq!(h.spec, 12);
    }

    #[test]
    fn other_headings_are_unknown() {
        assert!(m("9. Data, Interfaces & Dependencies").is_none());
        assert!(
            m("10. Repository & Platform Considerations")
                .unwrap()
                .partial
        );
        let h = m("12. Success Metrics").unwrap();
        assert_eq!((h.spec, h.number_ok, h.title_exact), (11, true, false));
        assert!(m("Decision Log").is_none());
    }
}
