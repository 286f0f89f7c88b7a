//! Facts several rules share, extracted once from the model: labels per section, FR rows,
//! acceptance criteria, ID mentions and the rollout plan.

use super::{Block, BlockKind, Document, Line, Section, Span};
use crate::template::{normalize_label, Template};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

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

fn fr_like() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)^(fr)[-_ ]?(\d+)$").unwrap())
}

fn ac_start() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)^(ac)[-_ ]?(\d+)([a-z])?\b").unwrap())
}

fn mention_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\b(?:FR|AC)-\d+[a-z]?\b").unwrap())
}

fn fr_ref_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)\bFR[-_ ]?\d+\b").unwrap())
}

/// Does this line start with the label (or is it exactly the label)? Returns the offset where
/// the label's content starts.
pub fn label_prefix(text: &str, keys: &[String]) -> Option<usize> {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    if let Some(colon) = t.find(':') {
        let head = &t[..colon];
        if keys.contains(&normalize_label(head)) {
            let mut rest = lead + colon + 1;
            while text[rest..].starts_with(' ') {
                rest += 1;
            }
            return Some(rest);
        }
    }
    let whole = t.trim_end();
    if !whole.is_empty() && keys.contains(&normalize_label(whole)) {
        return Some(text.len());
    }
    None
}

impl Facts {
    pub fn extract(doc: &Document, t: &Template) -> Facts {
        let mut f = Facts {
            labels: find_labels(doc, t),
            ..Facts::default()
        };
        extract_frs(doc, t, &mut f);
        extract_criteria(doc, t, &mut f);
        extract_mentions(doc, &mut f);
        f.rollout = extract_rollout(doc, t, &f);
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

fn label_keys(t: &Template) -> Vec<Vec<Vec<String>>> {
    t.sections()
        .iter()
        .map(|s| {
            s.labels
                .iter()
                .map(|l| {
                    std::iter::once(&l.name)
                        .chain(l.aliases.iter())
                        .map(|n| normalize_label(n))
                        .collect()
                })
                .collect()
        })
        .collect()
}

fn find_labels(doc: &Document, t: &Template) -> Vec<Vec<Option<LabelHit>>> {
    let keys = label_keys(t);
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
        let range = section.blocks();
        for bi in range.clone() {
            let block = &doc.blocks[bi];
            let candidates: Vec<usize> = match block.kind {
                BlockKind::Heading { level } if level >= 3 => vec![0],
                BlockKind::Paragraph | BlockKind::Item { .. } => (0..block.lines.len()).collect(),
                BlockKind::TableCell { col: 0, .. } => vec![0],
                _ => continue,
            };
            for li in candidates {
                let Some(line) = block.lines.get(li) else {
                    continue;
                };
                for (label, lk) in spec_keys.iter().enumerate() {
                    if out[spec][label].is_some() {
                        continue;
                    }
                    let Some(rest) = label_prefix(&line.text, lk) else {
                        continue;
                    };
                    let head_end = line.text[..rest].trim_end().trim_end_matches(':').len();
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
                }
            }
        }
    }
    out
}

fn label_after(doc: &Document, bi: usize, li: usize, rest: usize, end: usize) -> Range<usize> {
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
            let whole_line = block.lines[li].text.len() <= rest && block.lines.len() == li + 1;
            if whole_line {
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
            BlockKind::Heading { level: l } => {
                if level.is_none_or(|lv| l <= lv) {
                    return i;
                }
            }
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

fn extract_frs(doc: &Document, t: &Template, f: &mut Facts) {
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

fn extract_criteria(doc: &Document, t: &Template, f: &mut Facts) {
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
    let skip = after.len() - after.trim_start_matches([' ', ':', '*', '—', '-', '–']).len();
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

fn extract_mentions(doc: &Document, f: &mut Facts) {
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

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(&needle.to_lowercase())
}

/// Find `term` as a whole word (case-insensitive; all-caps short terms like `GA` match case).
pub fn find_term(hay: &str, term: &str) -> Option<usize> {
    let case_sensitive = term.len() <= 3 && term.chars().all(|c| c.is_ascii_uppercase());
    let (h, n) = if case_sensitive {
        (hay.to_string(), term.to_string())
    } else {
        (hay.to_lowercase(), term.to_lowercase())
    };
    // Lowercasing can change byte lengths for non-ASCII text; fall back to no match then.
    if h.len() != hay.len() {
        return None;
    }
    let mut from = 0;
    while let Some(i) = h[from..].find(&n) {
        let s = from + i;
        let e = s + n.len();
        let before_ok = h[..s]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let after_ok = h[e..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
            || n.ends_with('%');
        let after_ok = after_ok
            && !(n.ends_with(|c: char| c.is_alphanumeric()) && h[e..].starts_with(['-', '%']));
        if before_ok && after_ok {
            return Some(s);
        }
        from = s + n.len().max(1);
        if from >= h.len() {
            break;
        }
    }
    None
}

fn stage_prefix_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:\*\*)?(?:stage|phase|step)\s*\d+[a-z]?\b[\s:.)\-—–]*").unwrap()
    })
}

/// The byte length of the first `n` words of `s`.
fn first_words_len(s: &str, n: usize) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if in_word {
                count += 1;
                if count == n {
                    return i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    s.len()
}

fn extract_rollout(doc: &Document, t: &Template, f: &Facts) -> Rollout {
    let mut r = Rollout::default();
    let Some(section) = doc.section_numbered(t, t.file.roles.rollout) else {
        return r;
    };
    let spec = t.index_of_number(t.file.roles.rollout).unwrap_or(0);
    let spec_labels = &t.sections()[spec].labels;
    let hit = |name: &str| -> Option<&LabelHit> {
        let i = spec_labels.iter().position(|l| l.name == name)?;
        f.labels.get(spec)?.get(i)?.as_ref()
    };
    let blocks = section.blocks();
    let rs = &t.file.rollout;
    let exemption_key = vec![normalize_label(&rs.exemption_label)];

    // Exemptions and kill-switch: any line of §11.
    for bi in blocks.clone() {
        let b = &doc.blocks[bi];
        if matches!(b.kind, BlockKind::CodeBlock | BlockKind::HtmlBlock) {
            continue;
        }
        for (li, l) in b.lines.iter().enumerate() {
            if r.exemption_label.is_none() {
                if let Some(rest) = label_prefix(&l.text, &exemption_key) {
                    let mut reason = l.text[rest..].trim().to_string();
                    if reason.is_empty() {
                        let after = label_after(doc, bi, li, rest, section.end);
                        for blk in &doc.blocks[after] {
                            reason.push_str(blk.text().trim());
                        }
                        for more in b.lines.iter().skip(li + 1) {
                            reason.push_str(more.text.trim());
                        }
                    }
                    let lead = l.text.len() - l.text.trim_start().len();
                    r.exemption_label = Some((reason, l.src_span(lead..l.text.len())));
                }
            }
            if rs
                .exemption_phrases
                .iter()
                .any(|p| contains_ci(&l.text, p))
            {
                r.exemption_sentence = true;
            }
            if rs.kill_switch_terms.iter().any(|k| contains_ci(&l.text, k)) {
                r.kill_switch = true;
            }
        }
    }

    // Flag name.
    let candidate = |l: &Line| -> Option<FlagName> {
        for (ci, range) in l.code.iter().enumerate() {
            let raw = l.text[range.clone()].trim();
            let name = raw.strip_prefix(':').unwrap_or(raw);
            if name.is_empty()
                || name.contains(['.', '/'])
                || name.starts_with(|c: char| c.is_uppercase())
            {
                continue;
            }
            return Some(FlagName {
                name: name.to_string(),
                span: l.code_src[ci].clone(),
            });
        }
        None
    };
    if let Some(h) = hit("Flagging") {
        for (l, from) in label_content(doc, h) {
            let mut l2 = l.clone();
            l2.code.retain(|c| c.start >= from);
            let keep: Vec<usize> = l
                .code
                .iter()
                .enumerate()
                .filter(|(_, c)| c.start >= from)
                .map(|(i, _)| i)
                .collect();
            l2.code_src = keep.iter().map(|&i| l.code_src[i].clone()).collect();
            if let Some(fl) = candidate(&l2) {
                r.flag = Some(fl);
                break;
            }
        }
    } else {
        'outer: for bi in blocks.clone() {
            let b = &doc.blocks[bi];
            if !matches!(b.kind, BlockKind::Paragraph | BlockKind::Item { .. }) {
                continue;
            }
            let mentions_flag = |blk: &Block| contains_ci(&blk.text(), "flag");
            let mut ok = mentions_flag(b);
            let mut p = b.parent;
            while !ok {
                match p {
                    Some(pi) => {
                        ok = mentions_flag(&doc.blocks[pi]);
                        p = doc.blocks[pi].parent;
                    }
                    None => break,
                }
            }
            if !ok {
                continue;
            }
            for l in &b.lines {
                if let Some(fl) = candidate(l) {
                    r.flag = Some(fl);
                    break 'outer;
                }
            }
        }
    }

    // Stages.
    let plan = hit("Rollout Plan");
    let in_plan = |bi: usize| -> bool {
        plan.is_some_and(|h| bi == h.block || h.after.contains(&bi))
    };
    for bi in blocks.clone() {
        let b = &doc.blocks[bi];
        let (lines, whole_block): (Vec<usize>, bool) = match b.kind {
            BlockKind::Item { .. } => (vec![0], true),
            BlockKind::Heading { .. } => (vec![0], true),
            BlockKind::TableCell { col: 0, row, .. } if row > 0 => (vec![0], true),
            BlockKind::Paragraph => ((0..b.lines.len()).collect(), false),
            _ => continue,
        };
        for li in lines {
            let Some(l) = b.lines.get(li) else { continue };
            let text = &l.text;
            let prefix = stage_prefix_re().find(text).map(|m| m.end());
            let start = prefix.unwrap_or(0);
            let region_end = start + first_words_len(&text[start..], 6);
            let region = &text[start..region_end];
            let mut best: Option<(usize, usize, usize)> = None; // (pos, stage, len)
            for (si, st) in rs.stages.iter().enumerate() {
                let bare_ok = prefix.is_some() || in_plan(bi);
                let terms = st
                    .terms
                    .iter()
                    .map(|x| (x, true))
                    .chain(st.bare.iter().map(|x| (x, bare_ok)));
                for (term, allowed) in terms {
                    if !allowed {
                        continue;
                    }
                    if let Some(p) = find_term(region, term) {
                        if best.is_none_or(|b| p < b.0 || (p == b.0 && term.len() > b.2)) {
                            best = Some((p, si, term.len()));
                        }
                    }
                }
            }
            let Some((pos, si, len)) = best else { continue };
            let abs = start + pos;
            // Criteria: anything beyond the stage name and punctuation.
            let rest_line = format!("{}{}", &text[start..abs], &text[abs + len..]);
            let meaningful =
                |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count() >= 3;
            let mut has = meaningful(&rest_line);
            if !has && whole_block {
                has = match b.kind {
                    BlockKind::Item { .. } => {
                        b.lines.len() > 1 || (b.end > bi + 1 && doc.blocks[bi + 1..b.end].iter().any(|x| meaningful(&x.text())))
                    }
                    BlockKind::TableCell { table, row, .. } => doc.tables[table].rows[row]
                        .iter()
                        .skip(1)
                        .any(|&c| meaningful(&doc.blocks[c].text())),
                    BlockKind::Heading { level } => doc.blocks[bi + 1..section.end]
                        .iter()
                        .take_while(|x| x.heading_level().is_none_or(|lv| lv > level))
                        .any(|x| meaningful(&x.text())),
                    _ => false,
                };
            }
            r.stages.push(StageHit {
                stage: si,
                span: l.src_span(abs..abs + len),
                has_criteria: has,
            });
        }
    }

    // Telemetry for Rollout, with content.
    if let Some(h) = hit("Telemetry for Rollout") {
        r.telemetry = label_content(doc, h)
            .iter()
            .any(|(l, from)| l.text[*from..].chars().any(|c| c.is_alphanumeric()));
    }
    r
}

/// Convenience for rules: the section of a template role, if present.
pub fn role_section<'d>(doc: &'d Document, t: &Template, number: u32) -> Option<&'d Section> {
    doc.section_numbered(t, number)
}
