//! The rollout plan of §11: exemption, flag name, stages, telemetry, kill-switch.

use super::*;
use crate::document::Block;
use crate::template::{normalize_label, Template};
use regex::Regex;
use std::sync::OnceLock;

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

pub(super) fn extract_rollout(doc: &Document, t: &Template, f: &Facts) -> Rollout {
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
            if rs.exemption_phrases.iter().any(|p| contains_ci(&l.text, p)) {
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
    let in_plan =
        |bi: usize| -> bool { plan.is_some_and(|h| bi == h.block || h.after.contains(&bi)) };
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
            let meaningful = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count() >= 3;
            let mut has = meaningful(&rest_line);
            if !has && whole_block {
                has = match b.kind {
                    BlockKind::Item { .. } => {
                        b.lines.len() > 1
                            || (b.end > bi + 1
                                && doc.blocks[bi + 1..b.end]
                                    .iter()
                                    .any(|x| meaningful(&x.text())))
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
