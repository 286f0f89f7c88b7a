//! Rules of the `requirements` family, one per file: the FR table of §6, the acceptance criteria
//! of §7, and the IDs that tie them and the rest of the document together.
//!
//! Shared conventions:
//! - A missing §6 / §7 is `section-missing`'s defect: rules about its content stay silent.
//! - When §6 defines no FR at all because it has no FR table (`fr-table-missing` fires), links
//!   and mentions of FR IDs are not checked (every one would be "undefined"); likewise AC
//!   mentions when §7 holds no criterion (`ac-missing` fires).
//! - A reference spelt differently from a malformed definition (`FR-001` for a row `FR-1`)
//!   is the definition's defect (`fr-id-format`, whose fix renames every mention), not the
//!   reference's.

pub mod ac_gwt;
pub mod ac_id_duplicate;
pub mod ac_id_format;
pub mod ac_missing;
pub mod ac_no_fr;
pub mod ac_unknown_fr;
pub mod dangling_ref;
pub mod fr_field_empty;
pub mod fr_id_duplicate;
pub mod fr_id_format;
pub mod fr_id_gap;
pub mod fr_priority;
pub mod fr_table_missing;
pub mod fr_uncovered;

use crate::document::{Document, Section, Span};
use crate::template::Template;
use std::collections::HashMap;

/// Which kind of ID: functional requirement or acceptance criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Fr,
    Ac,
}

impl Kind {
    pub(crate) fn prefix(self, t: &Template) -> &str {
        match self {
            Kind::Fr => &t.file.ids.fr_prefix,
            Kind::Ac => &t.file.ids.ac_prefix,
        }
    }

    /// The number of the section that defines IDs of this kind.
    pub(crate) fn section_number(self, t: &Template) -> u32 {
        match self {
            Kind::Fr => t.file.roles.requirements,
            Kind::Ac => t.file.roles.acceptance,
        }
    }

    /// An example of a well-formed ID (`FR-001`).
    pub(crate) fn example(self, t: &Template) -> String {
        format!("{}-{:0>w$}", self.prefix(t), 1, w = t.file.ids.min_digits)
    }

    fn of(text: &str, t: &Template) -> Option<Kind> {
        let starts = |p: &str| {
            text.get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
        };
        if starts(&t.file.ids.fr_prefix) {
            Some(Kind::Fr)
        } else if starts(&t.file.ids.ac_prefix) {
            Some(Kind::Ac)
        } else {
            None
        }
    }
}

/// The parts of an ID written in any of the forms the facts accept: prefix (any case), an
/// optional `-`/`_`/space, digits, and (criteria only) one letter.
fn parts<'a>(text: &'a str, kind: Kind, t: &Template) -> Option<(&'a str, Option<char>)> {
    let p = kind.prefix(t);
    let head = text.get(..p.len())?;
    if !head.eq_ignore_ascii_case(p) {
        return None;
    }
    let mut rest = &text[p.len()..];
    if let Some(r) = rest.strip_prefix(['-', '_', ' ']) {
        rest = r;
    }
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (digits, tail) = rest.split_at(digits_end);
    if digits.is_empty() {
        return None;
    }
    let mut chars = tail.chars();
    let suffix = chars.next();
    if chars.next().is_some() {
        return None;
    }
    match (kind, suffix) {
        (_, None) => Some((digits, None)),
        (Kind::Ac, Some(c)) if c.is_ascii_alphabetic() => Some((digits, Some(c))),
        _ => None,
    }
}

/// Is `text` a well-formed ID: the prefix, `-`, at least `min-digits` digits (and for criteria
/// an optional lowercase letter)?
pub(crate) fn is_valid(text: &str, kind: Kind, t: &Template) -> bool {
    let p = kind.prefix(t);
    let Some(rest) = text.strip_prefix(p).and_then(|r| r.strip_prefix('-')) else {
        return false;
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let tail = &rest[digits..];
    digits >= t.file.ids.min_digits
        && match kind {
            Kind::Fr => tail.is_empty(),
            Kind::Ac => {
                tail.is_empty() || (tail.len() == 1 && tail.as_bytes()[0].is_ascii_lowercase())
            }
        }
}

/// The well-formed spelling of a malformed ID (`FR-1`, `fr-001`, `FR001` → `FR-001`;
/// `AC1`, `Ac-001` → `AC-001`), or `None` when there is no obvious one.
pub(crate) fn canonical(text: &str, kind: Kind, t: &Template) -> Option<String> {
    let (digits, suffix) = parts(text, kind, t)?;
    // `{prefix}-{digits:0>min_digits}`, built by hand: this runs for every ID of every file.
    let (p, w) = (kind.prefix(t), t.file.ids.min_digits);
    let mut s = String::with_capacity(p.len() + 2 + w.max(digits.len()));
    s.push_str(p);
    s.push('-');
    s.extend(std::iter::repeat_n('0', w.saturating_sub(digits.len())));
    s.push_str(digits);
    if let Some(c) = suffix {
        s.push(c.to_ascii_lowercase());
    }
    Some(s)
}

/// The number of an ID in any accepted spelling (`FR-012` → 12).
pub(crate) fn number(text: &str, kind: Kind, t: &Template) -> Option<u64> {
    parts(text, kind, t).and_then(|(d, _)| d.parse().ok())
}

/// The number after the highest of `ids` (`FR-007` → 8), or 1 when none has one: the free ID a
/// hint suggests.
pub(crate) fn next_number<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    kind: Kind,
    t: &Template,
) -> u64 {
    ids.into_iter()
        .filter_map(|id| number(id, kind, t))
        .max()
        .map_or(1, |m| m.saturating_add(1))
}

/// Does a reference resolve to one of the defined IDs? Exactly, or — when the definition itself
/// is malformed and its format rule will rename it — to the same canonical ID.
pub(crate) fn resolves(text: &str, defined: &[&str], kind: Kind, t: &Template) -> bool {
    if defined.contains(&text) {
        return true;
    }
    let Some(c) = canonical(text, kind, t) else {
        return false;
    };
    defined
        .iter()
        .any(|d| !is_valid(d, kind, t) && canonical(d, kind, t).as_deref() == Some(c.as_str()))
}

/// "Did you mean": the defined ID closest to `found` — the same ID spelt differently, or the
/// only one that is one edit (a wrong, missing, extra or swapped character) away. No hint when
/// several are equally close (`FR-006` against `FR-001`…`FR-004`): any pick would be a guess.
pub(crate) fn closest<'a>(
    found: &str,
    defined: &[&'a str],
    kind: Kind,
    t: &Template,
) -> Option<&'a str> {
    let norm = |s: &str| canonical(s, kind, t).unwrap_or_else(|| s.to_ascii_uppercase());
    let key = norm(found);
    let mut best: Vec<&'a str> = Vec::new();
    let mut best_dist = 2;
    for &d in defined {
        if d == found || best.contains(&d) {
            continue;
        }
        let dist = strsim::damerau_levenshtein(&key, &norm(d));
        if dist < best_dist {
            best_dist = dist;
            best.clear();
        }
        if dist == best_dist {
            best.push(d);
        }
    }
    match best.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// The section a rule reads, if the document has it.
pub(crate) fn section<'d>(doc: &'d Document, t: &Template, kind: Kind) -> Option<&'d Section> {
    doc.section_numbered(t, kind.section_number(t))
}

/// The FR IDs §6 defines, in table order.
pub(crate) fn fr_ids(doc: &Document) -> Vec<&str> {
    doc.facts.frs.iter().map(|r| r.id.text.as_str()).collect()
}

/// The AC IDs §7 defines, in order.
pub(crate) fn ac_ids(doc: &Document) -> Vec<&str> {
    doc.facts
        .criteria
        .iter()
        .map(|c| c.id.text.as_str())
        .collect()
}

/// Are references to IDs of this kind checked at all? Not when the defining section is missing
/// (`section-missing`), nor when it defines nothing because its FR table or its criteria are
/// absent (`fr-table-missing` / `ac-missing`): each reference would be one more finding about
/// that same absence.
pub(crate) fn refs_checked(doc: &Document, t: &Template, kind: Kind) -> bool {
    if section(doc, t, kind).is_none() {
        return false;
    }
    match kind {
        Kind::Fr => !doc.facts.frs.is_empty() || doc.facts.fr_header_ok,
        Kind::Ac => !doc.facts.criteria.is_empty(),
    }
}

/// The kind of a mention (by its prefix).
pub(crate) fn kind_of(text: &str, t: &Template) -> Option<Kind> {
    Kind::of(text, t)
}

/// A location-independent name for the part of the document an offset is in: `§12` for a
/// template section, the heading's text for another one, `preamble` before the first.
pub(crate) fn section_tag(doc: &Document, t: &Template, offset: usize) -> String {
    let s = doc
        .sections
        .iter()
        .take_while(|s| doc.blocks[s.heading].span.start <= offset)
        .last();
    match s {
        None => "preamble".into(),
        Some(s) => match s.spec() {
            Some(spec) => format!("§{}", t.sections()[spec].number),
            None => doc.heading_text(s),
        },
    }
}

/// A text of up to 15 bytes as one integer: its bytes, then its length in the top byte. Two
/// texts have the same key exactly when they are equal.
fn packed(s: &str) -> Option<u128> {
    if s.len() > 15 {
        return None;
    }
    let mut k = [0u8; 16];
    k[..s.len()].copy_from_slice(s.as_bytes());
    k[15] = s.len() as u8;
    Some(u128::from_le_bytes(k))
}

/// The defined IDs, for `contains` without a string compare per ID: those of up to 15 bytes as
/// [`packed`] keys, any longer one as text.
pub(crate) struct IdSet<'a> {
    keys: Vec<u128>,
    long: Vec<&'a str>,
}

impl<'a> IdSet<'a> {
    pub(crate) fn new(ids: &[&'a str]) -> IdSet<'a> {
        let (mut keys, mut long) = (Vec::with_capacity(ids.len()), Vec::new());
        for &id in ids {
            match packed(id) {
                Some(k) => keys.push(k),
                None => long.push(id),
            }
        }
        IdSet { keys, long }
    }

    /// `ids.contains(&text)` for the `ids` this set was made from.
    pub(crate) fn contains(&self, text: &str) -> bool {
        match packed(text) {
            Some(k) => self.keys.contains(&k),
            None => self.long.contains(&text),
        }
    }
}

/// Each ID that repeats an earlier one, as (its index, the index of the first with that text), in
/// index order: what a map of first occurrences finds, found here by sorting. IDs of up to 15
/// bytes are sorted as integers (the bytes and the length packed into a `u128`: equal keys are
/// equal texts); a longer one sends the lot through the map.
pub(crate) fn repeats<'a>(n: usize, id: impl Fn(usize) -> &'a str) -> Vec<(usize, usize)> {
    let mut keyed: Vec<(u128, usize)> = Vec::with_capacity(n);
    for i in 0..n {
        match packed(id(i)) {
            Some(k) => keyed.push((k, i)),
            None => return repeats_by_map(n, id),
        }
    }
    keyed.sort_unstable();
    let mut out = Vec::new();
    for group in keyed.chunk_by(|a, b| a.0 == b.0) {
        // Sorted by (key, index): the group's first is the first occurrence.
        if let [(_, first), rest @ ..] = group {
            out.extend(rest.iter().map(|&(_, i)| (i, *first)));
        }
    }
    out.sort_unstable();
    out
}

/// [`repeats`] through a map of first occurrences.
fn repeats_by_map<'a>(n: usize, id: impl Fn(usize) -> &'a str) -> Vec<(usize, usize)> {
    let mut first = HashMap::with_capacity(n);
    let mut out = Vec::new();
    for i in 0..n {
        match first.get(id(i)) {
            Some(&f0) => out.push((i, f0)),
            None => {
                first.insert(id(i), i);
            }
        }
    }
    out
}

/// Makes anchors unique within one rule's findings: the second `§6/FR-003` becomes
/// `§6/FR-003/2`, and so on (an ordinal, so it does not move when lines do).
#[derive(Default)]
pub(crate) struct Anchors(HashMap<String, usize>);

impl Anchors {
    pub(crate) fn make(&mut self, base: String) -> String {
        let n = self.0.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}/{n}")
        }
    }
}

/// Is the source at `span` exactly `text` (so an edit there replaces what the model read)?
pub(crate) fn verbatim(doc: &Document, span: &Span, text: &str) -> bool {
    doc.source.get(span.clone()) == Some(text)
}

/// The edits that rename an ID everywhere: at its definition and at every mention spelt as any
/// malformed form of the same canonical ID. `None` when some occurrence cannot be edited
/// verbatim (a partial rename would leave dangling references).
pub(crate) fn rename_edits(
    doc: &Document,
    t: &Template,
    kind: Kind,
    def: (&Span, &str),
    new: &str,
) -> Option<Vec<(Span, String)>> {
    if !verbatim(doc, def.0, def.1) {
        return None;
    }
    let mut edits: Vec<(Span, String)> = vec![(def.0.clone(), new.to_string())];
    for (m, _) in &doc.facts.mentions {
        if m.text == new || canonical(&m.text, kind, t).as_deref() != Some(new) {
            continue;
        }
        if edits
            .iter()
            .any(|(s, _)| s.start < m.span.end && m.span.start < s.end)
        {
            continue;
        }
        if !verbatim(doc, &m.span, &m.text) {
            return None;
        }
        edits.push((m.span.clone(), new.to_string()));
    }
    // Links written with a space (`(FR 1)`) are not mentions; rename them too.
    if kind == Kind::Fr {
        for c in &doc.facts.criteria {
            for l in &c.links {
                if l.text == new
                    || canonical(&l.text, kind, t).as_deref() != Some(new)
                    || edits
                        .iter()
                        .any(|(s, _)| s.start < l.span.end && l.span.start < s.end)
                {
                    continue;
                }
                if !verbatim(doc, &l.span, &l.text) {
                    return None;
                }
                edits.push((l.span.clone(), new.to_string()));
            }
        }
    }
    edits.sort_by_key(|(s, _)| s.start);
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule of the family, over a PRD that uses each accepted style: no finding.
    #[test]
    fn accepted_styles_give_no_finding() {
        let src = "# A — PRD\n\n## 6. Functional Requirements\n\n\
            | ID | Description | Priority (P0/P1/P2) | Owner | Notes |\n|---|---|---|---|---|\n\
            | FR-001 | a | P0 | o | |\n| **FR-002** | b | P1 | o | see FR-001 |\n| FR-003 | c | P2 | o | |\n\n\
            | ID | Description | Priority | Owner |\n|---|---|---|---|\n| FR-004 | d | P0 | o |\n| FR-005 | e | P1 | o |\n| FR-006 | f | P1 | o |\n| FR-007 | g | P1 | o |\n\n\
            ## 7. Acceptance Criteria (Testable)\n\n\
            Use Given / When / Then.\n\n\
            - AC-001 (FR-001) — Given a, When b, Then c\n\
            - **AC-002 (FR-002)**: Given a When b Then c\n\
            - AC-003 — Given a, when b, then c (FR-003)\n\
            1. AC-004 (FR-004, FR-005)\n   Given a\n   And a2\n   When b\n   Then c\n   But not d\n\n\
            AC-004b (FR-004)\nGiven a\nWhen b\nThen c\n\n\
            ### AC-005 (FR-006)\n\n- Given a\n- When b\n- Then c\n\n\
            #### **AC-006** [FR-007]\nGiven a. When b. Then c.\n\n\
            ## 16. QA Plan\n\nAutomated: AC-001 to AC-006 cover FR-001 to FR-007; `FR-999` is code.\n";
        let t = Template::torus();
        let doc = crate::document::parse("prd.md", None, src.to_string(), &t);
        let ctx = crate::rules::Ctx {
            doc: &doc,
            template: &t,
        };
        let rules = [
            &fr_table_missing::RULE,
            &fr_id_format::RULE,
            &fr_id_duplicate::RULE,
            &fr_id_gap::RULE,
            &fr_priority::RULE,
            &fr_field_empty::RULE,
            &ac_missing::RULE,
            &ac_id_format::RULE,
            &ac_id_duplicate::RULE,
            &ac_no_fr::RULE,
            &ac_unknown_fr::RULE,
            &ac_gwt::RULE,
            &fr_uncovered::RULE,
            &dangling_ref::RULE,
        ];
        for r in rules {
            let f = r.run(&ctx);
            assert!(f.is_empty(), "{}: {:?}", r.code, f);
        }
        assert_eq!(doc.facts.criteria.len(), 7);
    }

    use proptest::prelude::*;

    proptest! {
        /// The packed set holds what the list holds.
        #[test]
        fn id_set_agrees_with_the_list(
            defs in proptest::collection::vec(0..9usize, 0..12),
            probe in 0..9usize,
        ) {
            const P: [&str; 9] = [
                "FR-001", "FR-002", "FR-001a", "", "a\0", "a", "AC-0000000000001",
                "AC-00000000000001", "FR-0000000000000000001",
            ];
            let ids: Vec<&str> = defs.iter().map(|&i| P[i]).collect();
            prop_assert_eq!(IdSet::new(&ids).contains(P[probe]), ids.contains(&P[probe]));
        }

        /// Sorting packed keys finds the repeats a map of first occurrences finds.
        #[test]
        fn repeats_agree_with_the_map(picks in proptest::collection::vec(0..9usize, 0..24)) {
            const P: [&str; 9] = [
                "FR-001", "FR-002", "FR-001a", "", "a\0", "a", "AC-0000000000001",
                "AC-00000000000001", "FR-0000000000000000001",
            ];
            let ids: Vec<&str> = picks.iter().map(|&i| P[i]).collect();
            prop_assert_eq!(repeats(ids.len(), |i| ids[i]), repeats_by_map(ids.len(), |i| ids[i]));
        }
    }

    #[test]
    fn canonical_forms() {
        let t = Template::torus();
        assert_eq!(canonical("FR-1", Kind::Fr, &t).as_deref(), Some("FR-001"));
        assert_eq!(canonical("fr-001", Kind::Fr, &t).as_deref(), Some("FR-001"));
        assert_eq!(canonical("FR001", Kind::Fr, &t).as_deref(), Some("FR-001"));
        assert_eq!(
            canonical("FR-0012", Kind::Fr, &t).as_deref(),
            Some("FR-0012")
        );
        assert_eq!(canonical("FR-4a", Kind::Fr, &t), None);
        assert_eq!(canonical("AC1", Kind::Ac, &t).as_deref(), Some("AC-001"));
        assert_eq!(
            canonical("Ac-004B", Kind::Ac, &t).as_deref(),
            Some("AC-004b")
        );
        assert!(is_valid("AC-004b", Kind::Ac, &t));
        assert!(!is_valid("AC-004B", Kind::Ac, &t));
        assert!(!is_valid("FR-01", Kind::Fr, &t));
        assert!(is_valid("FR-0001", Kind::Fr, &t));
    }

    #[test]
    fn did_you_mean() {
        let t = Template::torus();
        let defs = ["FR-001", "FR-002", "FR-003"];
        assert_eq!(closest("FR-010", &defs, Kind::Fr, &t), Some("FR-001"));
        assert_eq!(closest("FR-012", &defs, Kind::Fr, &t), Some("FR-002"));
        assert_eq!(closest("FR-3", &defs, Kind::Fr, &t), Some("FR-003"));
        assert_eq!(closest("FR-099", &defs, Kind::Fr, &t), None);
        assert_eq!(closest("FR-006", &defs, Kind::Fr, &t), None);
    }
}
