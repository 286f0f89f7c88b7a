//! Facts several rules share, extracted once from the model: labels per section, FR rows,
//! acceptance criteria, ID mentions and the rollout plan.

mod id_scan;
mod requirements;
mod rollout;

pub use rollout::find_term;

use super::{BlockKind, Document, Line, Section, Span};
use crate::template::{first_word, normalize_label, PlainLabel, Template, TRAILING_PUNCTUATION};
use std::ops::Range;

/// Where a required label was found.
#[derive(Debug, Clone)]
pub struct LabelHit {
    pub block: usize,
    pub line: usize,
    /// Source span of the label text.
    pub span: Span,
    /// Offset in the line's text where the label's content starts.
    pub rest_off: usize,
    /// Further blocks that belong to this label's content.
    pub after: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub span: Span,
    pub block: usize,
}

#[derive(Debug, Clone)]
pub struct FrRow {
    pub id: Cell,
    pub description: Option<Cell>,
    pub priority: Option<Cell>,
    pub owner: Option<Cell>,
    pub table: usize,
}

#[derive(Debug, Clone)]
pub struct IdRef {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Criterion {
    pub id: IdRef,
    /// FR IDs in the link group right after the ID (or, failing that, anywhere in the criterion).
    pub links: Vec<IdRef>,
    /// The criterion's text after its ID, lines joined with `\n`.
    pub body: String,
    /// The block the criterion starts in.
    pub block: usize,
}

#[derive(Debug, Clone)]
pub struct StageHit {
    /// Index into the template's rollout stages.
    pub stage: usize,
    pub span: Span,
    pub has_criteria: bool,
    /// The only stage named on its line: a stage of its own, not part of a chain in prose
    /// (`5% → 50% → 100% after an internal-only stage`).
    pub alone: bool,
}

#[derive(Debug, Clone)]
pub struct FlagName {
    pub name: String,
    /// Span of the code span (with its backticks).
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct Rollout {
    /// `Some(reason)` for `Rollout exemption:` (the reason may be empty), with its span.
    pub exemption_label: Option<(String, Span)>,
    /// The Torus sentence `No feature flags present in this …`.
    pub exemption_sentence: bool,
    pub flag: Option<FlagName>,
    pub stages: Vec<StageHit>,
    /// `Telemetry for Rollout` is present and has content.
    pub telemetry: bool,
    pub kill_switch: bool,
}

impl Rollout {
    pub fn exempt(&self) -> bool {
        self.exemption_label.is_some() || self.exemption_sentence
    }
}

#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// `labels[spec][label]`: the first hit of each required label of each template section.
    pub labels: Vec<Vec<Option<LabelHit>>>,
    /// Tables of §6 that hold FR rows.
    pub fr_tables: Vec<usize>,
    /// Whether some §6 table has the required header.
    pub fr_header_ok: bool,
    pub frs: Vec<FrRow>,
    pub criteria: Vec<Criterion>,
    /// Every `FR-…` / `AC-…` mentioned outside code, with whether it is a definition.
    pub mentions: Vec<(IdRef, bool)>,
    pub rollout: Rollout,
}

/// Does this line start with the label (or is it exactly the label)? Returns the offset where
/// the label's content starts.
pub fn label_prefix(text: &str, keys: &[String]) -> Option<usize> {
    LineHeads::new(text).matches(keys)
}

/// The two ways a line can carry a label — `Label: …` and a line that is only the label — each
/// normalised at most once per line, however many labels are tried against it, and only when
/// its normal form cannot be read off its bytes ([`PlainLabel`]).
pub struct LineHeads<'a> {
    text: &'a str,
    /// The text before the first colon, and where the content after it starts.
    head: Option<(Head<'a>, usize)>,
    /// The whole line, made when first needed.
    whole: std::cell::OnceCell<Option<Head<'a>>>,
}

/// A label-sized piece of a line, to compare with normalised keys.
struct Head<'a> {
    raw: &'a str,
    /// Its normal form read off its bytes, when it can be.
    plain: Option<PlainLabel<'a>>,
    /// `normalize_label(raw)`, made when first needed (never when `plain` is known).
    normal: std::cell::OnceCell<String>,
}

impl<'a> Head<'a> {
    fn new(raw: &'a str) -> Head<'a> {
        Head {
            raw,
            plain: PlainLabel::new(raw),
            normal: std::cell::OnceCell::new(),
        }
    }

    /// `keys.contains(&normalize_label(self.raw))`.
    fn is_one_of(&self, keys: &[String]) -> bool {
        match &self.plain {
            Some(p) => keys.iter().any(|k| p.is(k)),
            None => keys.contains(self.normal.get_or_init(|| normalize_label(self.raw))),
        }
    }
}

/// Labels are short: longer heads cannot be one (and are not worth normalising). A trailing
/// `(…)` qualifier does not count towards this (the seed's own `Primary Users / Roles (Torus/LTI
/// roles; e.g., Instructor, Author, Student, Admin)` is 82 bytes), within [`MAX_HEAD_LEN`].
const MAX_LABEL_LEN: usize = 80;
const MAX_HEAD_LEN: usize = 320;

/// Whether `head` is short enough to be a label: [`MAX_LABEL_LEN`] without its trailing `(…)`
/// qualifier and punctuation.
fn label_sized(head: &str) -> bool {
    if head.len() > MAX_HEAD_LEN {
        return false;
    }
    let h = head.trim_end_matches(|c: char| c.is_whitespace() || TRAILING_PUNCTUATION.contains(&c));
    let core = match h.strip_suffix(')').and_then(|s| s.rfind('(')) {
        Some(open) => open,
        None => h.len(),
    };
    core <= MAX_LABEL_LEN
}

/// Where a line's head ends and how long its separator is: the first `:`, `?` (the seed asks
/// its labels as questions: `Why now? Three partner campuses…`) or spaced dash (`Summary — …`).
/// Only the first [`MAX_HEAD_LEN`] bytes are scanned: a head past them is no label anyway.
fn head_end(t: &str) -> Option<(usize, usize)> {
    // The bytes that may end a head: `:`, `?` and a space.
    const STOP: [bool; 256] = {
        let mut t = [false; 256];
        t[b':' as usize] = true;
        t[b'?' as usize] = true;
        t[b' ' as usize] = true;
        t
    };
    let b = t.as_bytes();
    for i in 0..b.len().min(MAX_HEAD_LEN + 1) {
        if !STOP[b[i] as usize] {
            continue;
        }
        match b[i] {
            b':' | b'?' => return Some((i, 1)),
            // ` — ` / ` – `: a space, U+2014 or U+2013 (E2 80 94 / E2 80 93), a space.
            b' ' if b.get(i + 1..i + 5).is_some_and(|d| {
                d[0] == 0xE2 && d[1] == 0x80 && matches!(d[2], 0x93 | 0x94) && d[3] == b' '
            }) =>
            {
                return Some((i, 5))
            }
            _ => {}
        }
    }
    None
}

impl<'a> LineHeads<'a> {
    pub fn new(text: &'a str) -> LineHeads<'a> {
        let t = text.trim_start();
        let lead = text.len() - t.len();
        let head = head_end(t)
            .filter(|&(c, _)| label_sized(&t[..c]))
            .map(|(colon, sep)| {
                let mut rest = lead + colon + sep;
                while text.as_bytes().get(rest) == Some(&b' ') {
                    rest += 1;
                }
                (Head::new(&t[..colon]), rest)
            });
        LineHeads {
            text,
            head,
            whole: std::cell::OnceCell::new(),
        }
    }

    /// Where the label's content starts, if the line carries one of `keys`.
    pub fn matches(&self, keys: &[String]) -> Option<usize> {
        if let Some((h, rest)) = &self.head {
            if h.is_one_of(keys) {
                return Some(*rest);
            }
        }
        let whole = self.whole.get_or_init(|| {
            let w = self.text.trim();
            (!w.is_empty() && label_sized(w)).then(|| Head::new(w))
        });
        match whole {
            Some(w) if w.is_one_of(keys) => Some(self.text.len()),
            _ => None,
        }
    }
}

impl Facts {
    pub fn extract(doc: &Document, t: &Template) -> Facts {
        let mut f = Facts {
            labels: find_labels(doc, t),
            ..Facts::default()
        };
        requirements::extract_frs(doc, t, &mut f);
        requirements::extract_criteria(doc, t, &mut f);
        requirements::extract_mentions(doc, t, &mut f);
        f.rollout = rollout::extract_rollout(doc, t, &f);
        f
    }

    /// The label hit for `label_name` of the section numbered `number`.
    pub fn label(&self, t: &Template, number: u32, label_name: &str) -> Option<&LabelHit> {
        let spec = t.index_of_number(number)?;
        let li = t.sections()[spec]
            .labels
            .iter()
            .position(|l| l.name == label_name)?;
        self.labels.get(spec)?.get(li)?.as_ref()
    }
}

/// Every text line of a label's content: the rest of the label's line, the remaining lines of its
/// block, and the lines of the blocks that follow it as its content. Each item is
/// `(block, line index, start offset in the line)`.
pub fn label_content<'d>(doc: &'d Document, hit: &LabelHit) -> Vec<(&'d Line, usize)> {
    let mut out = Vec::new();
    let b = &doc.blocks[hit.block];
    if let Some(l) = b.lines.get(hit.line) {
        out.push((l, hit.rest_off.min(l.text.len())));
    }
    for l in b.lines.iter().skip(hit.line + 1) {
        out.push((l, 0));
    }
    for blk in &doc.blocks[hit.after.clone()] {
        for l in &blk.lines {
            out.push((l, 0));
        }
    }
    out
}

fn find_labels(doc: &Document, t: &Template) -> Vec<Vec<Option<LabelHit>>> {
    let keys = &t.label_keys;
    let key_starts = &t.label_key_starts;
    let mut lowered = String::new();
    // The labels a line is tried as, reused from line to line.
    let mut open: Vec<usize> = Vec::new();
    // A section's key first words, with the label of each (in label order).
    let mut starts: Vec<(usize, &str)> = Vec::new();
    let mut out: Vec<Vec<Option<LabelHit>>> = t
        .sections()
        .iter()
        .map(|s| vec![None; s.labels.len()])
        .collect();
    for (spec, spec_keys) in keys.iter().enumerate() {
        if spec_keys.is_empty() {
            continue;
        }
        let Some(section) = doc.section_for(spec) else {
            continue;
        };
        // The byte lengths of this section's key first words, as bits (63: that long or
        // longer): an ASCII first word of any other length starts no label here.
        let len_bit = |n: usize| 1u64 << n.min(63);
        let lens = key_starts[spec]
            .iter()
            .flatten()
            .fold(0u64, |m, k| m | len_bit(k.len()));
        starts.clear();
        for (label, ks) in key_starts[spec].iter().enumerate() {
            starts.extend(ks.iter().map(|k| (label, k.as_str())));
        }
        let range = section.blocks();
        let mut missing = spec_keys.len();
        'blocks: for bi in range.clone() {
            let block = &doc.blocks[bi];
            let candidates = match block.kind {
                BlockKind::Heading { level } if level >= 3 => 0..1,
                BlockKind::Paragraph | BlockKind::Item { .. } => 0..block.lines.len(),
                BlockKind::TableCell { col: 0, .. } => 0..1,
                _ => continue,
            };
            for li in candidates {
                let Some(line) = block.lines.get(li) else {
                    continue;
                };
                if missing == 0 {
                    break 'blocks;
                }
                let w = first_word(&line.text);
                // Keys are normalised (lowercase): a label can only be on a line whose first
                // word, lowercased, is the first word of one of its keys. An ASCII word is
                // compared without being lowercased (most lines fail on the length alone).
                let ascii = w.is_ascii();
                if ascii && lens & len_bit(w.len()) == 0 {
                    continue;
                }
                if !ascii {
                    lowered.clear();
                    lowered.push_str(&w.to_lowercase());
                }
                // Only the labels of this section still missing that start with this word.
                open.clear();
                for &(label, k) in &starts {
                    if open.last() == Some(&label) {
                        continue;
                    }
                    let here = if ascii {
                        k.len() == w.len()
                            && k.bytes()
                                .zip(w.bytes())
                                .all(|(k, w)| k.eq_ignore_ascii_case(&w))
                    } else {
                        k == lowered
                    };
                    if here && out[spec][label].is_none() {
                        open.push(label);
                    }
                }
                if open.is_empty() {
                    continue;
                }
                let heads = LineHeads::new(&line.text);
                for &label in &open {
                    let Some(rest) = heads.matches(&spec_keys[label]) else {
                        continue;
                    };
                    let head_end = line.text[..rest]
                        .trim_end_matches(|c: char| {
                            c.is_whitespace() || matches!(c, ':' | '?' | '—' | '–')
                        })
                        .len();
                    let lead = line.text.len() - line.text.trim_start().len();
                    let span = line.src_span(lead..head_end.max(lead));
                    let after = label_after(doc, bi, li, rest, range.end);
                    out[spec][label] = Some(LabelHit {
                        block: bi,
                        line: li,
                        span,
                        rest_off: rest,
                        after,
                    });
                    missing -= 1;
                }
            }
        }
    }
    out
}

pub(crate) fn label_after(
    doc: &Document,
    bi: usize,
    li: usize,
    rest: usize,
    end: usize,
) -> Range<usize> {
    let block = &doc.blocks[bi];
    match block.kind {
        BlockKind::Item { .. } => {
            let own_rest = block.lines[li].text.len() > rest || block.lines.len() > li + 1;
            if block.end > bi + 1 || own_rest {
                bi + 1..block.end
            } else {
                bi + 1..next_label_boundary(doc, bi + 1, end, None)
            }
        }
        BlockKind::Heading { level } => bi + 1..next_label_boundary(doc, bi + 1, end, Some(level)),
        BlockKind::TableCell { table, row, .. } => {
            let cells = &doc.tables[table].rows[row];
            let first = cells.first().copied().unwrap_or(bi);
            let last = cells.last().copied().unwrap_or(bi);
            (first + 1).max(bi + 1)..last + 1
        }
        _ => {
            let last_line = block.lines.len() == li + 1;
            let whole_line = block.lines[li].text.len() <= rest && last_line;
            // `Label: an intro sentence` ending its paragraph, then a list or a table: the
            // list or table is the label's content too.
            let list_follows = last_line
                && doc.blocks.get(bi + 1).is_some_and(|n| {
                    bi + 1 < end
                        && n.parent.is_none()
                        && matches!(n.kind, BlockKind::Item { .. } | BlockKind::TableCell { .. })
                });
            if whole_line || list_follows {
                bi + 1..next_label_boundary(doc, bi + 1, end, None)
            } else {
                bi + 1..bi + 1
            }
        }
    }
}

/// Content of a stand-alone label line runs to the next heading or the next block that looks
/// like another label line (`Word:` at its start, or a bold/plain single short line).
fn next_label_boundary(doc: &Document, from: usize, end: usize, level: Option<u8>) -> usize {
    for i in from..end {
        let b = &doc.blocks[i];
        match b.kind {
            BlockKind::Heading { level: l } if level.is_none_or(|lv| l <= lv) => return i,
            BlockKind::Paragraph if level.is_none() && b.parent.is_none() => {
                if let Some(l) = b.lines.first() {
                    let t = l.text.trim();
                    let short = t.len() < 60;
                    if short && (t.ends_with(':') || (b.lines.len() == 1 && !t.contains(' ')))
                        || t.find(':').is_some_and(|c| c < 40 && c > 0)
                    {
                        return i;
                    }
                }
            }
            _ => {}
        }
    }
    end
}

/// Convenience for rules: the section of a template role, if present.
pub fn role_section<'d>(doc: &'d Document, t: &Template, number: u32) -> Option<&'d Section> {
    doc.section_numbered(t, number)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`LineHeads::matches`] as it was: both heads normalised, then looked up among the keys.
    fn matches_by_normalising(text: &str, keys: &[String]) -> Option<usize> {
        let t = text.trim_start();
        let lead = text.len() - t.len();
        let head = head_end(t)
            .filter(|&(c, _)| label_sized(&t[..c]))
            .map(|(colon, sep)| {
                let mut rest = lead + colon + sep;
                while text[rest..].starts_with(' ') {
                    rest += 1;
                }
                (normalize_label(&t[..colon]), rest)
            });
        if let Some((h, rest)) = head {
            if keys.contains(&h) {
                return Some(rest);
            }
        }
        let w = text.trim();
        let whole = (!w.is_empty() && label_sized(w)).then(|| normalize_label(w));
        match whole {
            Some(w) if keys.contains(&w) => Some(text.len()),
            _ => None,
        }
    }

    const PIECES: [&str; 28] = [
        "Goals",
        "goals",
        "Non",
        "-",
        " ",
        "  ",
        "\t",
        "and",
        "AND",
        "&",
        "/",
        " / ",
        ":",
        "?",
        ".",
        "(",
        ")",
        "(if applicable)",
        " — ",
        " – ",
        "é",
        "Σ",
        "ς",
        "\u{A0}",
        "x",
        "Y",
        "Security & Privacy",
        "GenAI",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2000,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Keys are normalised labels, raw text (not every key is a fixed point of
        /// normalising) or the line's own head.
        #[test]
        fn line_heads_match_as_normalising_does(
            line in proptest::collection::vec(0..PIECES.len(), 0..14),
            labels in proptest::collection::vec(proptest::collection::vec(0..PIECES.len(), 0..6), 0..4),
            raw in proptest::bool::ANY,
        ) {
            let text: String = line.iter().map(|&i| PIECES[i]).collect();
            let mut keys: Vec<String> = labels
                .iter()
                .map(|l| {
                    let s: String = l.iter().map(|&i| PIECES[i]).collect();
                    if raw { s } else { normalize_label(&s) }
                })
                .collect();
            let heads = LineHeads::new(&text);
            proptest::prop_assert_eq!(heads.matches(&keys), matches_by_normalising(&text, &keys));
            let t = text.trim_start();
            if let Some((c, _)) = head_end(t) {
                keys.push(normalize_label(&t[..c]));
            }
            keys.push(normalize_label(&text));
            let heads = LineHeads::new(&text);
            proptest::prop_assert_eq!(heads.matches(&keys), matches_by_normalising(&text, &keys));
        }
    }
}
