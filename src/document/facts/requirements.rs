//! FR rows (§6), acceptance criteria (§7) and ID mentions.
//!
//! The patterns are deliberately looser than the template's ID format (any case, `-`/`_` or no
//! separator, any number of digits): malformed IDs must still be found so that `fr-id-format` /
//! `ac-id-format` can report and fix them, and so their fixes can update every mention.

use super::id_scan::IdScan;
use super::*;
use crate::document::next_digit;
use crate::template::{normalize_label, Template};
use regex::Regex;
use std::sync::{Arc, OnceLock};

/// The ID patterns for one pair of prefixes (`FR` / `AC` in the torus preset).
struct IdPatterns {
    /// An FR ID inside a criterion's link group or body (a space separator is accepted).
    fr_ref: LazyRegex,
    /// Any FR/AC ID mentioned in text.
    mention: LazyRegex,
    /// A criterion's ID at the start of a line.
    ac_start: LazyRegex,
    /// Right after an AC ID: another one joined by a connector (`AC-001 through AC-009`,
    /// `AC-001, AC-002`): a list of IDs in prose, not a criterion.
    ac_range: LazyRegex,
    /// A cell that is an FR ID, well formed or not.
    fr_like: LazyRegex,
    /// All five patterns without a regex, when that is exact for these prefixes. The regexes
    /// are then never compiled: that cost more than a single-file run's whole search.
    scan: Option<IdScan>,
}

/// A pattern compiled on first use.
struct LazyRegex {
    pattern: String,
    re: OnceLock<Regex>,
}

impl LazyRegex {
    fn new(pattern: String) -> LazyRegex {
        LazyRegex {
            pattern,
            re: OnceLock::new(),
        }
    }

    fn get(&self) -> &Regex {
        self.re
            .get_or_init(|| Regex::new(&self.pattern).expect("ID pattern compiles"))
    }
}

impl IdPatterns {
    fn new(fr_raw: &str, ac_raw: &str) -> IdPatterns {
        let (fr, ac) = (regex::escape(fr_raw), regex::escape(ac_raw));
        let re = LazyRegex::new;
        IdPatterns {
            fr_ref: re(format!(r"(?i)(?-u:\b){fr}[-_ ]?[0-9]+(?-u:\b)")),
            mention: re(format!(
                r"(?i)(?-u:\b)(?:{fr}[-_]?[0-9]+|{ac}[-_]?[0-9]+[a-z]?)(?-u:\b)"
            )),
            ac_start: re(format!(r"(?i)^{ac}[-_ ]?[0-9]+[a-z]?(?-u:\b)")),
            ac_range: re(format!(
                r"(?i)^(?-u:\s)*(?:,|/|&|(?-u:\b)and(?-u:\b)|(?-u:\b)or(?-u:\b)|(?-u:\b)to(?-u:\b)|(?-u:\b)through(?-u:\b)|(?-u:\b)thru(?-u:\b)|–|—|-)(?-u:\s)*{ac}[-_ ]?[0-9]"
            )),
            fr_like: re(format!(r"(?i)^{fr}[-_ ]?[0-9]+$")),
            scan: IdScan::new(fr_raw, ac_raw),
        }
    }

    /// Where the criterion ID that starts `text` ends (`ac_start`).
    fn ac_start(&self, text: &str) -> Option<usize> {
        match &self.scan {
            Some(scan) => scan.ac_start(text),
            None => self.ac_start.get().find(text).map(|m| m.end()),
        }
    }

    /// Does `rest`, right after an AC ID, join another one to it (`ac_range`)?
    fn ac_range(&self, rest: &str) -> bool {
        match &self.scan {
            Some(scan) => scan.ac_range(rest),
            None => self.ac_range.get().is_match(rest),
        }
    }

    /// Is `text` an FR ID, well formed or not (`fr_like`)?
    fn fr_like(&self, text: &str) -> bool {
        match &self.scan {
            Some(scan) => scan.fr_like(text),
            None => self.fr_like.get().is_match(text),
        }
    }

    /// Where `mention` (or, with `refs_only`, `fr_ref`) matches in `text`, in order.
    fn each_id(&self, text: &str, refs_only: bool, mut f: impl FnMut(Range<usize>)) {
        match &self.scan {
            Some(scan) => scan.find_iter(text, refs_only).for_each(f),
            // An ID has digits: a text without one needs no regex search.
            None if next_digit(text.as_bytes(), 0).is_none() => {}
            None => {
                let re = if refs_only {
                    self.fr_ref.get()
                } else {
                    self.mention.get()
                };
                re.find_iter(text).for_each(|m| f(m.range()));
            }
        }
    }
}

fn patterns(t: &Template) -> Arc<IdPatterns> {
    static DEFAULT: OnceLock<Arc<IdPatterns>> = OnceLock::new();
    let ids = &t.file.ids;
    if ids.fr_prefix == "FR" && ids.ac_prefix == "AC" {
        DEFAULT
            .get_or_init(|| Arc::new(IdPatterns::new("FR", "AC")))
            .clone()
    } else {
        Arc::new(IdPatterns::new(&ids.fr_prefix, &ids.ac_prefix))
    }
}

fn cell(doc: &Document, bi: usize) -> Cell {
    let b = &doc.blocks[bi];
    let line = b.lines.first();
    let text = line.map(|l| l.text.trim().to_string()).unwrap_or_default();
    let span = match line {
        Some(l) if !l.text.trim().is_empty() => {
            let lead = l.text.len() - l.text.trim_start().len();
            l.src_span(lead..lead + l.text.trim().len())
        }
        _ => b.span.clone(),
    };
    Cell {
        text,
        span,
        block: bi,
    }
}

fn section_index(doc: &Document, section: &Section) -> usize {
    doc.sections
        .iter()
        .position(|s| std::ptr::eq(s, section))
        .unwrap_or(usize::MAX)
}

/// FR rows: the rows of every §6 table that has the required header, an `ID` first column, or
/// FR-like IDs in its first column (so IDs are collected even when the header is wrong).
pub(super) fn extract_frs(doc: &Document, t: &Template, f: &mut Facts) {
    let Some(section) = doc.section_numbered(t, t.file.roles.requirements) else {
        return;
    };
    let re = patterns(t);
    let sec_idx = section_index(doc, section);
    let want: Vec<String> = t
        .file
        .requirements
        .columns
        .iter()
        .map(|c| normalize_label(c))
        .collect();
    for (ti, table) in doc.tables.iter().enumerate() {
        if table.section != Some(sec_idx) || table.rows.is_empty() {
            continue;
        }
        let header: Vec<String> = table.rows[0]
            .iter()
            .map(|&b| normalize_label(&cell(doc, b).text))
            .collect();
        let header_ok = header.len() >= want.len() && header[..want.len()] == want[..];
        let first_is_id = header.first().is_some_and(|h| Some(h) == want.first());
        let body_has_fr = || {
            table.rows[1..]
                .iter()
                .any(|r| r.first().is_some_and(|&b| re.fr_like(&cell(doc, b).text)))
        };
        if !(header_ok || first_is_id || body_has_fr()) {
            continue;
        }
        f.fr_header_ok |= header_ok;
        f.fr_tables.push(ti);
        let col = |i: usize| want.get(i).and_then(|w| header.iter().position(|h| h == w));
        let (dc, pc, oc) = (col(1), col(2), col(3));
        for row in &table.rows[1..] {
            let Some(&idb) = row.first() else { continue };
            let id = cell(doc, idb);
            if id.text.is_empty() {
                continue;
            }
            let get = |c: Option<usize>| c.and_then(|c| row.get(c)).map(|&b| cell(doc, b));
            f.frs.push(FrRow {
                id,
                description: get(dc),
                priority: get(pc),
                owner: get(oc),
                table: ti,
            });
        }
    }
}

/// A criterion being read, with the FR IDs found in its body (used as links when the criterion
/// has no link group right after its ID).
struct Open {
    c: Criterion,
    /// The criterion ends before this block (the end of its list item, or of §7).
    limit: usize,
    body_refs: Vec<IdRef>,
}

/// Acceptance criteria: a line of §7 (list item, paragraph line or heading) that starts with an
/// AC ID. The criterion runs over the rest of its item (nested blocks included); a criterion
/// written as a paragraph or heading runs to the next heading or criterion.
pub(super) fn extract_criteria(doc: &Document, t: &Template, f: &mut Facts) {
    let Some(section) = doc.section_numbered(t, t.file.roles.acceptance) else {
        return;
    };
    let re = patterns(t);
    let mut out = Vec::new();
    let mut cur: Option<Open> = None;
    for bi in section.blocks() {
        let b = &doc.blocks[bi];
        if matches!(
            b.kind,
            BlockKind::TableCell { .. } | BlockKind::CodeBlock { .. } | BlockKind::HtmlBlock
        ) {
            continue;
        }
        for line in &b.lines {
            let text = line.text.as_str();
            let trimmed = text.trim_start();
            let lead = text.len() - trimmed.len();
            let start = re
                .ac_start(trimmed)
                .filter(|&end| !re.ac_range(&trimmed[end..]));
            if let Some(end) = start {
                close(cur.take(), &mut out);
                let id_end = lead + end;
                let (links, body_start) = link_group(&re, line, id_end);
                let limit = match b.kind {
                    BlockKind::Item { .. } => b.end,
                    _ => section.end,
                };
                let mut open = Open {
                    c: Criterion {
                        id: IdRef {
                            text: trimmed[..end].to_string(),
                            span: line.src_span(lead..id_end),
                        },
                        links,
                        body: text[body_start..].to_string(),
                        block: bi,
                    },
                    limit,
                    body_refs: Vec::new(),
                };
                // The FR IDs of the body stand in for a missing link group only.
                if open.c.links.is_empty() {
                    body_refs(&re, line, body_start, &mut open.body_refs);
                }
                cur = Some(open);
                continue;
            }
            let ends = cur
                .as_ref()
                .is_some_and(|o| bi >= o.limit || b.is_heading());
            if ends {
                close(cur.take(), &mut out);
                continue;
            }
            if let Some(o) = cur.as_mut() {
                o.c.body.push('\n');
                o.c.body.push_str(text);
                if o.c.links.is_empty() {
                    body_refs(&re, line, 0, &mut o.body_refs);
                }
            }
        }
    }
    close(cur, &mut out);
    f.criteria = out;
}

fn close(open: Option<Open>, out: &mut Vec<Criterion>) {
    if let Some(mut o) = open {
        if o.c.links.is_empty() {
            o.c.links = o.body_refs;
        }
        out.push(o.c);
    }
}

/// FR IDs on a line of a criterion's body (outside code), from offset `from`.
fn body_refs(re: &IdPatterns, line: &Line, from: usize, out: &mut Vec<IdRef>) {
    re.each_id(&line.text[from..], true, |m| {
        let (s, e) = (from + m.start, from + m.end);
        if !line.in_code(s) {
            out.push(IdRef {
                text: line.text[s..e].to_string(),
                span: line.src_span(s..e),
            });
        }
    });
}

/// Parse `(FR-001, FR-004)` (or `[…]`) right after an AC ID, allowing `:`, dashes and spaces
/// before it. Returns the links and the offset in the line where the criterion's body starts.
fn link_group(re: &IdPatterns, line: &Line, id_end: usize) -> (Vec<IdRef>, usize) {
    let after = &line.text[id_end..];
    let skip = after.len() - after.trim_start_matches([' ', ':', '—', '-', '–']).len();
    let rest = &after[skip..];
    let close = match rest.chars().next() {
        Some('(') => ')',
        Some('[') => ']',
        _ => return (Vec::new(), id_end),
    };
    let Some(end) = rest.find(close) else {
        return (Vec::new(), id_end);
    };
    let group_start = id_end + skip + 1;
    let mut links = Vec::new();
    re.each_id(&rest[1..end], true, |m| {
        let s = group_start + m.start;
        links.push(IdRef {
            text: rest[1 + m.start..1 + m.end].to_string(),
            span: line.src_span(s..s + m.len()),
        });
    });
    if links.is_empty() {
        // `(P0)`, `(optional)`: not a link group; the body starts right after the ID.
        return (Vec::new(), id_end);
    }
    (links, id_end + skip + end + 1)
}

/// Every FR/AC ID mentioned outside code, well formed or not, marked as a definition when it is
/// an FR row's ID cell or a criterion's ID.
pub(super) fn extract_mentions(doc: &Document, t: &Template, f: &mut Facts) {
    let re = patterns(t);
    let mut defs: Vec<usize> = f.frs.iter().map(|r| r.id.span.start).collect();
    defs.extend(f.criteria.iter().map(|c| c.id.span.start));
    defs.sort_unstable();
    for b in &doc.blocks {
        if matches!(b.kind, BlockKind::CodeBlock { .. } | BlockKind::HtmlBlock) {
            continue;
        }
        for l in &b.lines {
            re.each_id(&l.text, false, |m| {
                if l.in_code(m.start) {
                    return;
                }
                let span = l.src_span(m.clone());
                if doc.in_bare_url(&span) {
                    return;
                }
                let is_def = defs.binary_search(&span.start).is_ok();
                f.mentions.push((
                    IdRef {
                        text: l.text[m].to_string(),
                        span,
                    },
                    is_def,
                ));
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{parse, Document};
    use crate::template::Template;

    fn doc(src: &str) -> Document {
        parse("prd.md", None, src.to_string(), &Template::torus())
    }

    fn criteria(d: &Document) -> Vec<(String, Vec<String>)> {
        d.facts
            .criteria
            .iter()
            .map(|c| {
                (
                    c.id.text.clone(),
                    c.links.iter().map(|l| l.text.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn fr_rows_come_from_every_section_6_table() {
        let d = doc("## 6. Functional Requirements\n| ID | Requirement | Priority |\n|---|---|---|\n| **FR-001** | a | P0 |\n| fr-2 | b | p1 |\n");
        assert!(!d.facts.fr_header_ok);
        let ids: Vec<&str> = d.facts.frs.iter().map(|r| r.id.text.as_str()).collect();
        assert_eq!(ids, ["FR-001", "fr-2"]);
        assert!(d.facts.frs[0].description.is_none());
        assert_eq!(d.facts.frs[1].priority.as_ref().unwrap().text, "p1");
        let span = d.facts.frs[0].id.span.clone();
        assert_eq!(&d.source[span], "FR-001");
    }

    #[test]
    fn criteria_in_every_accepted_form() {
        let src = "## 7. Acceptance Criteria\n\
                   - AC-001 (FR-001) — Given a, When b, Then c\n\
                   - **AC-002 (FR-001, FR-002)**: Given a When b Then c\n\
                   1. AC-003 — Given a When b Then c (FR-003)\n\
                   \n\
                   AC-004b (FR-004)\nGiven a\nWhen b\nThen c\n\
                   \n\
                   ### AC-005 [FR-005]\n\n- Given a\n- When b\n- Then c\n\
                   \n\
                   - AC-006: Given x `FR-009` (FR-006)\n";
        let d = doc(src);
        assert_eq!(
            criteria(&d),
            vec![
                ("AC-001".into(), vec!["FR-001".into()]),
                ("AC-002".into(), vec!["FR-001".into(), "FR-002".into()]),
                ("AC-003".into(), vec!["FR-003".into()]),
                ("AC-004b".into(), vec!["FR-004".into()]),
                ("AC-005".into(), vec!["FR-005".into()]),
                ("AC-006".into(), vec!["FR-006".into()]),
            ]
        );
        assert!(d.facts.criteria[3].body.contains("When b"));
        assert!(d.facts.criteria[4].body.contains("Then c"));
        let l = &d.facts.criteria[2].links[0];
        assert_eq!(&d.source[l.span.clone()], "FR-003");
    }

    #[test]
    fn a_list_of_ids_is_not_a_criterion() {
        let d = doc("## 7. Acceptance Criteria\n- AC-001 (FR-001) Given a When b Then c\n\nAC-001 through AC-003 run in CI.\n\n- AC-002, AC-003: manual\n");
        assert_eq!(criteria(&d), vec![("AC-001".into(), vec!["FR-001".into()])]);
    }

    #[test]
    fn malformed_ids_are_mentions_too() {
        let d = doc("See FR-1, fr-002, FR003 and AC1, Ac-002b but not `FR-9` or FRAME-1.\n");
        let m: Vec<&str> = d
            .facts
            .mentions
            .iter()
            .map(|(m, _)| m.text.as_str())
            .collect();
        assert_eq!(m, ["FR-1", "fr-002", "FR003", "AC1", "Ac-002b"]);
    }

    #[test]
    fn prefixes_the_scanner_cannot_take_use_the_lazy_regexes() {
        // `K` has a Unicode case fold (KELVIN SIGN): the scanner steps aside for the regex.
        let p = super::IdPatterns::new("REQ", "ACK");
        assert!(p.scan.is_none());
        let text = "REQ-1, ack_2b and REQ 3 (not ACKS-4)";
        let mut all = Vec::new();
        p.each_id(text, false, |m| all.push(text[m].to_string()));
        assert_eq!(all, ["REQ-1", "ack_2b"]);
        let mut refs = Vec::new();
        p.each_id(text, true, |m| refs.push(text[m].to_string()));
        assert_eq!(refs, ["REQ-1", "REQ 3"]);
        assert_eq!(p.ac_start("ACK-7b: Given"), Some(6));
        assert_eq!(p.ac_start("ACKS-7"), None);
        assert!(p.ac_range(" through ack_9"));
        assert!(!p.ac_range(": Given ACK-9"));
        assert!(p.fr_like("req 12"));
        assert!(!p.fr_like("REQ-12a"));
    }
}
