//! Rules of the `structure` family, one per file: the title, the template's sections, their
//! order, numbering, titles, levels and labels.

pub mod heading_level;
pub mod label_missing;
pub mod section_duplicate;
pub mod section_empty;
pub mod section_missing;
pub mod section_numbering;
pub mod section_order;
pub mod section_title;
pub mod section_unknown;
pub mod title;

use crate::document::{Document, HeadingMatch, Section, SectionMatch};

/// Sections identified as template sections, with their match.
pub(crate) fn matched(doc: &Document) -> impl Iterator<Item = (&Section, &HeadingMatch)> {
    doc.sections.iter().filter_map(|s| match &s.matched {
        SectionMatch::Matched(m) => Some((s, m)),
        SectionMatch::None => None,
    })
}

/// Is this the first occurrence of its template section?
pub(crate) fn is_first(doc: &Document, s: &Section) -> bool {
    s.spec()
        .and_then(|spec| doc.section_for(spec))
        .is_some_and(|first| first.heading == s.heading)
}

/// The text offset in the heading's line where the title (after the number) starts.
pub(crate) fn title_offset(doc: &Document, s: &Section, m: &HeadingMatch) -> usize {
    let line = &doc.blocks[s.heading].lines[0];
    let t = line.text.trim_end();
    t.len().saturating_sub(m.title.len())
}
