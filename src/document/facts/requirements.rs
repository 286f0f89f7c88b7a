//! FR rows (§6), acceptance criteria (§7) and ID mentions.

use super::*;
use crate::template::{normalize_label, Template};
use regex::Regex;
use std::sync::OnceLock;

fn fr_ref_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)\bFR[-_ ]?\d+\b").unwrap())
}

fn mention_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\b(?:FR|AC)-\d+[a-z]?\b").unwrap())
}

fn ac_start() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)^(ac)[-_ ]?(\d+)([a-z])?\b").unwrap())
}

fn fr_like() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)^(fr)[-_ ]?(\d+)$").unwrap())
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

pub(super) fn extract_frs(doc: &Document, t: &Template, f: &mut Facts) {
    let Some(section) = doc.section_numbered(t, t.file.roles.requirements) else {
        return;
    };
    let sec_idx = doc
        .sections
        .iter()
        .position(|s| std::ptr::eq(s, section))
        .unwrap_or(usize::MAX);
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
        let first_is_id = header.first().is_some_and(|h| *h == want[0]);
        let body_has_fr = table.rows[1..].iter().any(|r| {
            r.first()
                .is_some_and(|&b| fr_like().is_match(&cell(doc, b).text))
        });
        if !(header_ok || first_is_id || body_has_fr) {
            continue;
        }
        f.fr_header_ok |= header_ok;
        f.fr_tables.push(ti);
        let col = |name: &str| header.iter().position(|h| h == name);
        let (dc, pc, oc) = (
            col(&want.get(1).cloned().unwrap_or_default()),
            col(&want.get(2).cloned().unwrap_or_default()),
            col(&want.get(3).cloned().unwrap_or_default()),
        );
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

/// One line of §7's content in reading order.
struct Entry<'d> {
    block: usize,
    line: &'d Line,
}

pub(super) fn extract_criteria(doc: &Document, t: &Template, f: &mut Facts) {
    let Some(section) = doc.section_numbered(t, t.file.roles.acceptance) else {
        return;
    };
    let mut entries = Vec::new();
    for bi in section.blocks() {
        let b = &doc.blocks[bi];
        if matches!(
            b.kind,
            BlockKind::TableCell { .. } | BlockKind::CodeBlock | BlockKind::HtmlBlock
        ) {
            continue;
        }
        for l in &b.lines {
            entries.push(Entry { block: bi, line: l });
        }
    }
    let mut current: Option<(Criterion, usize)> = None; // (criterion, block limit)
    let flush = |cur: &mut Option<(Criterion, usize)>, out: &mut Vec<Criterion>| {
        if let Some((c, _)) = cur.take() {
            out.push(c);
        }
    };
    let mut out = Vec::new();
    for e in entries {
        let b = &doc.blocks[e.block];
        let text = e.line.text.as_str();
        let trimmed = text.trim_start();
        let lead = text.len() - trimmed.len();
        if let Some(m) = ac_start().find(trimmed) {
            flush(&mut current, &mut out);
            let id_text = &trimmed[..m.end()];
            let span = e.line.src_span(lead..lead + m.end());
            let after = &text[lead + m.end()..];
            let (links, body_start) = link_group(e.line, lead + m.end(), after);
            let limit = match b.kind {
                BlockKind::Item { .. } => b.end,
                _ => section.end,
            };
            current = Some((
                Criterion {
                    id: IdRef {
                        text: id_text.to_string(),
                        span,
                    },
                    links,
                    body: text[body_start..].to_string(),
                    block: e.block,
                },
                limit,
            ));
            continue;
        }
        let ends = match &current {
            Some((_, limit)) => e.block >= *limit || (b.is_heading()),
            None => false,
        };
        if ends {
            flush(&mut current, &mut out);
            continue;
        }
        if let Some((c, _)) = current.as_mut() {
            c.body.push('\n');
            c.body.push_str(text);
        }
    }
    flush(&mut current, &mut out);
    // Criteria whose link group was absent: accept FR IDs anywhere in the body.
    for c in &mut out {
        if c.links.is_empty() {
            let block = &doc.blocks[c.block];
            let _ = block;
            for m in fr_ref_re().find_iter(&c.body) {
                c.links.push(IdRef {
                    text: m.as_str().to_string(),
                    span: c.id.span.clone(),
                });
            }
        }
    }
    f.criteria = out;
}

/// Parse `(FR-001, FR-004)` right after an AC ID. Returns the links (with spans) and the offset
/// where the criterion's body starts.
fn link_group(line: &Line, after_id: usize, after: &str) -> (Vec<IdRef>, usize) {
    let skip = after.len()
        - after
            .trim_start_matches([' ', ':', '*', '—', '-', '–'])
            .len();
    let rest = &after[skip..];
    let (open, close) = match rest.chars().next() {
        Some('(') => ('(', ')'),
        Some('[') => ('[', ']'),
        _ => return (Vec::new(), after_id),
    };
    let _ = open;
    let Some(end) = rest.find(close) else {
        return (Vec::new(), after_id);
    };
    let group_start = after_id + skip + 1;
    let inner = &rest[1..end];
    let mut links = Vec::new();
    for m in fr_ref_re().find_iter(inner) {
        let s = group_start + m.start();
        links.push(IdRef {
            text: m.as_str().to_string(),
            span: line.src_span(s..s + m.len()),
        });
    }
    (links, after_id + skip + end + 1)
}

pub(super) fn extract_mentions(doc: &Document, f: &mut Facts) {
    let mut defs: Vec<Span> = f.frs.iter().map(|r| r.id.span.clone()).collect();
    defs.extend(f.criteria.iter().map(|c| c.id.span.clone()));
    for b in &doc.blocks {
        if matches!(b.kind, BlockKind::CodeBlock | BlockKind::HtmlBlock) {
            continue;
        }
        for l in &b.lines {
            for m in mention_re().find_iter(&l.text) {
                if l.in_code(m.start()) {
                    continue;
                }
                let span = l.src_span(m.start()..m.end());
                let is_def = defs.iter().any(|d| d.start == span.start);
                f.mentions.push((
                    IdRef {
                        text: m.as_str().to_string(),
                        span,
                    },
                    is_def,
                ));
            }
        }
    }
}
