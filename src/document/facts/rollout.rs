//! The rollout plan of §11: exemption, flag name, stages, telemetry, kill-switch.
//!
//! Stages are found where the template puts them: within the first six words of a list item, a
//! table row's first cell, a heading, or a line of §11 (after an optional `Stage N` / `Phase N` /
//! `Step N` prefix). A stage word in running prose is not a stage; a few extra guards keep
//! thresholds (`error rate > 5%`, `0.5%`) and ordinary adjectives (`full backfill`) out.

use super::*;
use crate::document::{floor_char_boundary, Block};
use crate::template::{first_word, normalize_label, Template, TRAILING_PUNCTUATION};
use regex::Regex;
use std::sync::OnceLock;

fn contains_ci(hay: &str, needle: &str) -> bool {
    if needle.is_ascii() {
        return find_from(hay, needle, 0, usize::MAX, false).is_some();
    }
    hay.to_lowercase().contains(&needle.to_lowercase())
}

/// `hay.to_lowercase().starts_with(&needle.to_lowercase())`, without lowercasing whole lines
/// when both sides are ASCII where it matters.
fn starts_with_ci(hay: &str, needle: &str) -> bool {
    let n = needle.len();
    if needle.is_ascii() && hay.len() >= n && hay.as_bytes()[..n].is_ascii() {
        return hay.as_bytes()[..n].eq_ignore_ascii_case(needle.as_bytes());
    }
    hay.to_lowercase().starts_with(&needle.to_lowercase())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Find `term` as a whole word (case-insensitive; all-caps short terms like `GA` match case).
pub fn find_term(hay: &str, term: &str) -> Option<usize> {
    find_term_from(hay, term, 0, usize::MAX)
}

/// Does lowercasing keep every character's byte length (so offsets map one to one)?
fn same_lengths(s: &str) -> bool {
    s.is_ascii()
        || s.chars()
            .all(|c| c.to_lowercase().map(char::len_utf8).sum::<usize>() == c.len_utf8())
}

/// The next occurrence of `needle` in `hay` at or after `from` (a char boundary), as a byte
/// offset into `hay`: exact for case-sensitive needles, ASCII-case-insensitive for ASCII
/// needles (offsets stay exact whatever else the text holds), else through lowercasing when
/// that keeps offsets.
pub(crate) fn find_from(
    hay: &str,
    needle: &str,
    from: usize,
    limit: usize,
    case_sensitive: bool,
) -> Option<usize> {
    if needle.is_empty() || from > hay.len() || from >= limit || !hay.is_char_boundary(from) {
        return None;
    }
    if case_sensitive {
        // Only the part where a match could start before `limit` needs looking at.
        let end = floor_char_boundary(hay, limit.saturating_add(needle.len()).min(hay.len()));
        return hay[from..end.max(from)]
            .find(needle)
            .map(|i| from + i)
            .filter(|&p| p < limit);
    }
    if needle.is_ascii() {
        let (hb, nb) = (hay.as_bytes(), needle.as_bytes());
        if hb.len() < nb.len() {
            return None;
        }
        // Skip to candidates by their first byte (either case), then compare the rest.
        let (lo, up) = (nb[0].to_ascii_lowercase(), nb[0].to_ascii_uppercase());
        let last = (hb.len() - nb.len()).min(limit - 1);
        let mut i = from;
        while i <= last {
            let p = memchr::memchr2(lo, up, &hb[i..=last])?;
            let j = i + p;
            if hb[j..j + nb.len()].eq_ignore_ascii_case(nb) {
                return Some(j);
            }
            i = j + 1;
        }
        return None;
    }
    if !same_lengths(hay) || !same_lengths(needle) {
        return None;
    }
    let (h, n) = (hay.to_lowercase(), needle.to_lowercase());
    h[from..].find(&n).map(|i| from + i).filter(|&p| p < limit)
}

/// The first whole-term occurrence of `term` in `hay` starting at or after `from` and before
/// `limit`.
fn find_term_from(hay: &str, term: &str, from: usize, limit: usize) -> Option<usize> {
    let case_sensitive = case_sensitive(term);
    let h = hay;
    let n = term;
    let mut from = from;
    while from < h.len() {
        let Some(s) = find_from(h, n, from, limit, case_sensitive) else {
            break;
        };
        if whole_term_at(h, s, n) {
            return Some(s);
        }
        from = s + h[s..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// All-caps short terms (`GA`) match case-sensitively; others ignore case.
fn case_sensitive(term: &str) -> bool {
    term.len() <= 3 && term.chars().all(|c| c.is_ascii_uppercase())
}

/// Does the occurrence of `n` at `s` in `h` stand as a whole term?
fn whole_term_at(h: &str, s: usize, n: &str) -> bool {
    let e = s + n.len();
    let mut before = h[..s].chars().rev();
    let prev = before.next();
    let before_ok = prev.is_none_or(|c| !is_word_char(c))
        // `0.5%`, `1,5%`: a number's tail is not a stage.
        && !(n.starts_with(|c: char| c.is_ascii_digit())
            && matches!(prev, Some('.') | Some(','))
            && before.next().is_some_and(|c| c.is_ascii_digit()));
    let after_ok = h[e..].chars().next().is_none_or(|c| !is_word_char(c)) || n.ends_with('%');
    before_ok
        && after_ok
        && !(n.ends_with(|c: char| c.is_alphanumeric()) && h[e..].starts_with(['-', '%']))
}

/// Could [`stage_prefix_re`] match `text`? Past the ASCII whitespace, a match goes on with `**`
/// or with `stage`, `phase` or `step` in any case (whose first letter is `s`, `S`, `p`, `P`, or
/// the long `ſ`, which is not ASCII).
fn may_have_stage_prefix(text: &str) -> bool {
    let b = text.as_bytes();
    let i = b
        .iter()
        .position(|&c| !matches!(c, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'))
        .unwrap_or(b.len());
    matches!(b.get(i), Some(b'*' | b's' | b'S' | b'p' | b'P' | 0x80..))
}

fn stage_prefix_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)^(?-u:\s)*(?:\*\*)?(?:stage|phase|step)(?-u:\s)*[0-9]+[a-z]?(?-u:\b)[ \t:.)\-—–]*").unwrap()
    })
}

/// A first table cell that only numbers the row (`1`, `Stage 2`, `Phase 3.`).
fn row_number_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)^(?-u:\s)*(?:(?:stage|phase|step)(?-u:\s)*)?#?[0-9]+[a-z]?[.)]?(?-u:\s)*$")
            .unwrap()
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

/// Words that may follow a plain-word stage term (`full`, `internal`) when it names a stage:
/// `Full rollout`, `internal QA`, `Internal cohort`. `Full backfill` is not a stage.
const STAGE_FOLLOWERS: &[&str] = &[
    "rollout",
    "roll-out",
    "release",
    "launch",
    "availability",
    "enablement",
    "enable",
    "exposure",
    "cohort",
    "cohorts",
    "stage",
    "phase",
    "only",
    "staff",
    "users",
    "user",
    "sections",
    "section",
    "testing",
    "test",
    "qa",
    "dogfood",
    "dogfooding",
    "beta",
    "pilot",
    "ga",
    "audience",
    "team",
    "teams",
    "accounts",
    "admins",
    "instructors",
    "institutions",
    "projects",
    "tenants",
    "percent",
];

/// Words right before a percentage that make it a threshold, not a stage.
const THRESHOLD_WORDS: &[&str] = &[
    "above",
    "below",
    "under",
    "over",
    "than",
    "exceeds",
    "exceed",
    "exceeding",
    "exceeded",
];

/// `words.contains(&w.to_lowercase().as_str())` for `words` in lowercase ASCII, without
/// lowercasing an ASCII `w`.
fn lowercased_in(words: &[&str], w: &str) -> bool {
    if w.is_ascii() {
        words.iter().any(|x| x.eq_ignore_ascii_case(w))
    } else {
        words.contains(&w.to_lowercase().as_str())
    }
}

fn plain_word(term: &str) -> bool {
    term.chars().all(|c| c.is_alphabetic())
}

/// Is the term at `s..e` of `text` standing as a stage (not a threshold, not an adjective)?
fn stands_as_stage(text: &str, s: usize, e: usize, term: &str) -> bool {
    let before = text[..s].trim_end();
    if term.contains('%') || term.starts_with(|c: char| c.is_ascii_digit()) {
        if before.ends_with(['>', '<', '≥', '≤', '=', '~', '≈', '±', '+']) {
            return false;
        }
        let prev_word = before
            .rsplit(|c: char| !is_word_char(c))
            .next()
            .unwrap_or("");
        if lowercased_in(THRESHOLD_WORDS, prev_word) {
            return false;
        }
    }
    if plain_word(term) {
        let after = text[e..].trim_start();
        match after.chars().next() {
            None => {}
            Some(c) if !is_word_char(c) => {}
            Some(_) => {
                let n = after
                    .find(|c: char| !(is_word_char(c) || c == '-'))
                    .unwrap_or(after.len());
                if !lowercased_in(STAGE_FOLLOWERS, &after[..n]) {
                    return false;
                }
            }
        }
    }
    true
}

/// [`stages_in_line_with`], for tests: the one-pass term search against the term-by-term one.
#[cfg(test)]
fn stages_in_line(
    text: &str,
    start: usize,
    rs: &crate::template::RolloutSpec,
    terms: Option<&crate::template::StageTerms>,
    bare_ok: bool,
) -> Vec<(usize, Range<usize>)> {
    stages_in_line_with(text, start, rs, terms, bare_ok, &mut Vec::new())
}

/// The stage terms of a line (a chain such as `internal-only → 5% → 50%` gives several), as
/// `(stage index, text range)`, searched within the first six words after `start`. With the
/// one-pass term search ([`StageTerms`](crate::template::StageTerms)), also every occurrence of its patterns (in any ASCII case, standing or not) that
/// starts at or after `start`, into `hits` as (start, end, pattern).
fn stages_in_line_with(
    text: &str,
    start: usize,
    rs: &crate::template::RolloutSpec,
    terms: Option<&crate::template::StageTerms>,
    bare_ok: bool,
    hits: &mut Vec<(usize, usize, usize)>,
) -> Vec<(usize, Range<usize>)> {
    let region_end = start + first_words_len(&text[start..], 6);
    // Every term's occurrences after `start`, found in one pass. Only
    // those a search below looks at are checked for standing as a stage.
    hits.clear();
    if let Some(m) = terms {
        m.occurrences(text, start, hits);
    }
    let hits = &*hits;
    let find_at = |from: usize, limit: usize, exact: bool| -> Option<(usize, usize, usize)> {
        // (pos, stage, len): earliest, then longest, then first in template order.
        if let Some(m) = terms {
            let mut best: Option<(usize, usize, usize, usize)> = None;
            for &(p, e, pi) in hits {
                if p < from || p >= limit || (exact && p != from) {
                    continue;
                }
                let key = (p, std::cmp::Reverse(e - p), pi);
                if best.is_some_and(|b| (b.0, std::cmp::Reverse(b.2), b.3) <= key) {
                    continue;
                }
                let (si, bare, term) = &m.pats[pi];
                let ok = (!bare || bare_ok)
                    && (!case_sensitive(term) || &text[p..e] == term)
                    && whole_term_at(text, p, term)
                    && stands_as_stage(text, p, e, term);
                if ok {
                    best = Some((p, *si, term.len(), pi));
                }
            }
            return best.map(|b| (b.0, b.1, b.2));
        }
        let mut best: Option<(usize, usize, usize)> = None;
        for (si, st) in rs.stages.iter().enumerate() {
            let terms = st
                .terms
                .iter()
                .map(|x| (x, true))
                .chain(st.bare.iter().map(|x| (x, bare_ok)));
            for (term, allowed) in terms {
                if !allowed {
                    continue;
                }
                let mut at = from;
                // `exact`: only a term starting right at `from` counts. Every `p` found lies in
                // `at..limit` and the term fits in `text` there.
                let limit = if exact { from + 1 } else { limit };
                while let Some(p) = find_term_from(text, term, at, limit) {
                    let e = p + term.len();
                    if stands_as_stage(text, p, e, term) {
                        if best.is_none_or(|b| p < b.0 || (p == b.0 && term.len() > b.2)) {
                            best = Some((p, si, term.len()));
                        }
                        break;
                    }
                    at = p + text[p..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        best
    };
    let mut out = Vec::new();
    let Some((pos, si, len)) = find_at(start, region_end, false) else {
        return out;
    };
    out.push((si, pos..pos + len));
    // A chain: `internal-only → 5% → 50% → 100%`, `internal, 5%, 50%, full`.
    let mut end = pos + len;
    loop {
        let rest = &text[end..];
        let trimmed = rest.trim_start_matches([' ', '*', ')']);
        let seps = ["→", "->", "=>", "⇒", "›", "»", ">", ",", "/", "then", "and"];
        let Some(sep) = seps.iter().find(|s| {
            trimmed
                .get(..s.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(s))
        }) else {
            break;
        };
        let after_sep = &trimmed[sep.len()..];
        let next_start = text.len() - after_sep.trim_start().len();
        let Some((p, si2, len2)) = find_at(next_start, text.len(), true) else {
            break;
        };
        if !out.iter().any(|(s, _)| *s == si2) {
            out.push((si2, p..p + len2));
        }
        end = p + len2;
    }
    out
}

/// Words that say nothing beyond the stage's name.
const FILLER: &[&str] = &[
    "stage", "phase", "step", "cohort", "rollout", "roll", "out", "the", "a", "an", "of", "to",
    "for", "users", "percent", "only", "and", "then", "at",
];

/// Does this text say something (beyond fillers and stage terms)? A word (alphanumerics, `_`
/// and inner `-`) with two alphanumerics or more that is no filler, in any case.
fn meaningful(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A word: `start..i`, with `alnum` alphanumerics, all ASCII or not.
        let start = i;
        let (mut alnum, mut ascii) = (0, true);
        // The length of the character that ends it.
        let mut sep = 1;
        while i < b.len() {
            let c = b[i];
            if c < 0x80 {
                if c.is_ascii_alphanumeric() {
                    alnum += 1;
                } else if c != b'_' && c != b'-' {
                    break;
                }
                i += 1;
            } else {
                let ch = s[i..].chars().next().unwrap_or(' ');
                if !ch.is_alphanumeric() {
                    sep = ch.len_utf8();
                    break;
                }
                alnum += 1;
                ascii = false;
                i += ch.len_utf8();
            }
        }
        if alnum >= 2 {
            let w = s[start..i].trim_matches('-');
            let filler = if ascii {
                FILLER.iter().any(|f| f.eq_ignore_ascii_case(w))
            } else {
                lowercased_in(FILLER, w)
            };
            if !filler {
                return true;
            }
        }
        i += sep;
    }
    false
}

fn block_says_something(doc: &Document, bi: usize) -> bool {
    doc.blocks[bi].lines.iter().any(|l| meaningful(&l.text))
}

/// The rest of a stage line, for telling whether it says more: the line without the prefix
/// (before `start`), a leading `Label:` head and the `found` terms, and with other stage
/// vocabulary (`100% (full rollout)`) taken out. `hits`: as [`stages_in_line_with`] left them.
fn line_rest(
    text: &str,
    start: usize,
    found: &[(usize, Range<usize>)],
    rs: &crate::template::RolloutSpec,
    terms: Option<&crate::template::StageTerms>,
    hits: &[(usize, usize, usize)],
) -> String {
    let first = found[0].1.start;
    let mut from = start;
    if let Some(colon) = text[start..first].rfind(':') {
        from = start + colon + 1;
    }
    let mut ranges: Vec<Range<usize>> = found.iter().map(|(_, r)| r.clone()).collect();
    ranges.sort_by_key(|r| r.start);
    // The pieces of the line the rest is made of, as (range in `text`, start in `rest`); a space
    // follows each but the last.
    let mut pieces: Vec<(Range<usize>, usize)> = Vec::with_capacity(ranges.len() + 1);
    let mut rest = String::new();
    let mut at = from;
    for rg in &ranges {
        if rg.start > at {
            pieces.push((at..rg.start, rest.len()));
            rest.push_str(&text[at..rg.start]);
            rest.push(' ');
        }
        at = at.max(rg.end);
    }
    let at = at.min(text.len());
    pieces.push((at..text.len(), rest.len()));
    rest.push_str(&text[at..]);
    match terms {
        Some(m) => clean_rest_with_hits(rest, rs, m, &pieces, hits),
        None => clean_rest(rest, rs, 0),
    }
}

/// `rest` with every standing stage term taken out (each replaced by a space), term by term in
/// template order, from the `skip`th term of that walk on.
fn clean_rest(mut rest: String, rs: &crate::template::RolloutSpec, skip: usize) -> String {
    let terms = rs
        .stages
        .iter()
        .flat_map(|st| st.terms.iter().chain(st.bare.iter()));
    for term in terms.skip(skip) {
        while let Some(p) = find_term(&rest, term) {
            rest.replace_range(p..p + term.len(), " ");
        }
    }
    rest
}

/// [`clean_rest`] from 0, knowing where the stage terms occur in the line: `hits` (in
/// any ASCII case, from before the rest's start to the line's end) and how the rest was put
/// together from `pieces` of the line (each but the last followed by a space).
///
/// Until a first term is taken out, the rest is unchanged, and a term comes out only where it
/// stands in it as a whole term. Every occurrence of a pattern in the rest lies within one piece
/// (an occurrence in the line, among `hits`) or holds a space that joins two pieces (one of the
/// pattern's own spaces): both kinds are checked here. Only when one stands (the first such
/// term, in template order) does the term-by-term removal run, from that term on.
fn clean_rest_with_hits(
    rest: String,
    rs: &crate::template::RolloutSpec,
    m: &crate::template::StageTerms,
    pieces: &[(Range<usize>, usize)],
    hits: &[(usize, usize, usize)],
) -> String {
    let stands = |q: usize, pi: usize| stands_in(&rest, q, &m.pats[pi].2);
    let mut first: Option<usize> = None;
    for &(p, e, pi) in hits {
        if first.is_some_and(|f| f <= pi) {
            continue;
        }
        let Some((rg, off)) = pieces.iter().find(|(rg, _)| rg.start <= p && e <= rg.end) else {
            continue;
        };
        if stands(off + (p - rg.start), pi) {
            first = Some(pi);
        }
    }
    let rb = rest.as_bytes();
    for (rg, off) in &pieces[..pieces.len().saturating_sub(1)] {
        // The space after this piece.
        let q = off + rg.len();
        for (pi, (_, _, term)) in m.pats.iter().enumerate() {
            if first.is_some_and(|f| f <= pi) {
                break;
            }
            let tb = term.as_bytes();
            for k in (0..tb.len()).filter(|&k| tb[k] == b' ') {
                let Some(x) = q.checked_sub(k) else { break };
                if rb
                    .get(x..x + tb.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(tb))
                    && stands(x, pi)
                {
                    first = Some(pi);
                    break;
                }
            }
        }
    }
    match first {
        Some(i) => clean_rest(rest, rs, i),
        None => rest,
    }
}

/// Does the occurrence (in any ASCII case) of `term` at `q` in `text` stand as a whole term, in
/// the case an all-caps short term asks for: where [`find_term`] would stop?
fn stands_in(text: &str, q: usize, term: &str) -> bool {
    (!case_sensitive(term) || &text[q..q + term.len()] == term) && whole_term_at(text, q, term)
}

struct RawHit {
    block: usize,
    line: usize,
    stages: Vec<(usize, Range<usize>)>,
    /// The rest of the stage's own line says something.
    rest_has: bool,
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
    // A line can carry the exemption label only if its first word is the key's (ASCII case
    // aside, trailing punctuation aside): most lines need no normalising.
    let key_first = first_word(&exemption_key[0]);
    let plain = !key_first.is_empty()
        && key_first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let may_be_exemption = |text: &str| {
        let w = first_word(text);
        !plain
            || !w.is_ascii()
            || w.trim_end_matches(TRAILING_PUNCTUATION)
                .eq_ignore_ascii_case(key_first)
    };

    // Exemptions and kill-switch: any line of §11.
    for bi in blocks.clone() {
        let b = &doc.blocks[bi];
        if matches!(b.kind, BlockKind::CodeBlock { .. } | BlockKind::HtmlBlock) {
            continue;
        }
        for (li, l) in b.lines.iter().enumerate() {
            if r.exemption_label.is_none() && may_be_exemption(&l.text) {
                if let Some(rest) = label_prefix(&l.text, &exemption_key) {
                    let mut parts: Vec<String> = vec![l.text[rest..].trim().to_string()];
                    if parts[0].is_empty() {
                        for more in b.lines.iter().skip(li + 1) {
                            parts.push(more.text.trim().to_string());
                        }
                        let mut after = label_after(doc, bi, li, rest, section.end);
                        let whole_line = b.lines.len() == li + 1;
                        if after.is_empty() && whole_line && bi + 1 < section.end {
                            // A one-word reason on its own line still is the label's content.
                            // …but another label's line (`Data Migrations: none.`) is not it.
                            let next = &doc.blocks[bi + 1];
                            if matches!(next.kind, BlockKind::Paragraph | BlockKind::Item { .. })
                                && !starts_label(next)
                            {
                                after = bi + 1..bi + 2;
                            }
                        }
                        for blk in &doc.blocks[after] {
                            parts.push(blk.text().trim().to_string());
                        }
                    }
                    parts.retain(|p| !p.is_empty());
                    let lead = l.text.len() - l.text.trim_start().len();
                    let head_end = l.text[..rest].trim_end().len();
                    r.exemption_label = Some((parts.join(" "), l.src_span(lead..head_end)));
                }
            }
            // Each is a yes/no for the section: once found, no need to look further. Each set
            // of ASCII phrases is searched in one pass (as `contains_ci` would, phrase by phrase).
            let n = &t.rollout_needles;
            if !r.exemption_sentence
                && (n.exemption.any_in(&l.text)
                    || n.exemption_others.iter().any(|p| contains_ci(&l.text, p)))
            {
                r.exemption_sentence = true;
            }
            if !r.kill_switch
                && (n.kill_switch.any_in(&l.text)
                    || n.kill_switch_others.iter().any(|k| contains_ci(&l.text, k)))
            {
                r.kill_switch = true;
            }
        }
    }

    r.flag = find_flag(doc, section, hit("Flagging"));

    // Stages, pass 1: where they stand.
    let plan = hit("Rollout Plan");
    let in_plan =
        |bi: usize| -> bool { plan.is_some_and(|h| bi == h.block || h.after.contains(&bi)) };
    // The other §11 labels' lines and content (`Environments: 100% in dev`) hold no stages.
    let others: Vec<&LabelHit> = [
        "Flagging",
        "Environments",
        "Data Migrations",
        "Telemetry for Rollout",
    ]
    .iter()
    .filter_map(|n| hit(n))
    .collect();
    let elsewhere = |bi: usize, li: usize| -> bool {
        !in_plan(bi)
            && others
                .iter()
                .any(|h| (h.block == bi && h.line == li) || h.after.contains(&bi))
    };
    let mut raw: Vec<RawHit> = Vec::new();
    // Buffers reused from line to line.
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    for bi in blocks.clone() {
        let b = &doc.blocks[bi];
        let lines: Range<usize> = match b.kind {
            BlockKind::Item { .. } | BlockKind::Paragraph => 0..b.lines.len(),
            BlockKind::Heading { .. } => 0..1,
            BlockKind::TableCell { col: 0, row, .. } if row > 0 => 0..1,
            // The Rollout Plan label in a first cell: its content cells hold the stages.
            BlockKind::TableCell { table, row, .. }
                if plan.is_some_and(|h| {
                    h.block != bi
                        && matches!(doc.blocks[h.block].kind,
                            BlockKind::TableCell { table: t2, row: r2, .. } if t2 == table && r2 == row)
                }) =>
            {
                0..1
            }
            BlockKind::TableCell {
                table, col: 1, row, ..
            } if row > 0 => {
                // The stage sits in the second cell when the first only numbers the row.
                let first = doc.tables[table].rows[row][0];
                let numbered = doc.blocks[first]
                    .lines
                    .first()
                    .is_some_and(|l| row_number_re().is_match(&l.text));
                if numbered {
                    0..1
                } else {
                    continue;
                }
            }
            _ => continue,
        };
        let is_item = matches!(b.kind, BlockKind::Item { .. });
        // A stage's item holds its criteria: the item's wrapped lines after the stage, and the
        // items nested in it, name no further stage (`promote once at least` / `50% of staff
        // sections …`) unless they say `Stage N` outright.
        let in_stage_item = is_item && b.parent.is_some_and(|p| raw.iter().any(|h| h.block == p));
        let mut item_has_stage = false;
        for li in lines {
            let Some(l) = b.lines.get(li) else { continue };
            if elsewhere(bi, li) {
                continue;
            }
            let text = &l.text;
            let prefix = if may_have_stage_prefix(text) {
                stage_prefix_re().find(text).map(|m| m.end())
            } else {
                None
            };
            if prefix.is_none() && (in_stage_item || item_has_stage) {
                continue;
            }
            let start = prefix.unwrap_or(0);
            // `Rollback: from 50% back to 5%` is the kill-switch, not a stage.
            let head = text[start..].trim_start();
            if rs.kill_switch_terms.iter().any(|k| starts_with_ci(head, k)) {
                continue;
            }
            let bare_ok = prefix.is_some() || in_plan(bi);
            let found =
                stages_in_line_with(text, start, rs, t.stage_terms.as_ref(), bare_ok, &mut hits);
            if found.is_empty() {
                continue;
            }
            let rest_clean = line_rest(text, start, &found, rs, t.stage_terms.as_ref(), &hits);
            raw.push(RawHit {
                block: bi,
                line: li,
                stages: found,
                rest_has: meaningful(&rest_clean),
            });
            item_has_stage = is_item;
        }
    }

    // Pass 2: each stage's gating rule / progression criteria.
    let is_hit_line = |bi: usize, li: usize| raw.iter().any(|h| h.block == bi && h.line == li);
    let is_hit_block = |bi: usize| raw.iter().any(|h| h.block == bi);
    for h in &raw {
        let b = &doc.blocks[h.block];
        let mut has = h.rest_has;
        if !has {
            // Following lines of the same block, up to the next stage line.
            has = b.lines[h.line + 1..]
                .iter()
                .enumerate()
                .take_while(|(i, _)| !is_hit_line(h.block, h.line + 1 + i))
                .any(|(_, l)| meaningful(&l.text));
        }
        let lone_last = b.lines.len() == h.line + 1
            || (h.line + 1..b.lines.len()).all(|i| is_hit_line(h.block, i));
        if !has {
            has = match b.kind {
                BlockKind::Item { .. } if h.line == 0 => {
                    (h.block + 1..b.end).any(|x| block_says_something(doc, x))
                }
                BlockKind::TableCell { table, row, col } => doc.tables[table].rows[row]
                    .iter()
                    .skip(col + 1)
                    .any(|&c| block_says_something(doc, c)),
                BlockKind::Heading { level } => doc.blocks[h.block + 1..section.end]
                    .iter()
                    .take_while(|x| x.heading_level().is_none_or(|lv| lv > level))
                    .any(|x| x.lines.iter().any(|l| meaningful(&l.text))),
                // A stand-alone stage line (`**Internal-only**`): the next block, unless it
                // is a stage, a heading or another label's line.
                BlockKind::Paragraph if lone_last && b.lines.len() == 1 => {
                    let next = h.block + 1;
                    next < section.end
                        && !is_hit_block(next)
                        && match doc.blocks[next].kind {
                            BlockKind::Paragraph => {
                                !starts_label(&doc.blocks[next]) && block_says_something(doc, next)
                            }
                            BlockKind::Item { .. } => (next..doc.blocks[next].end.max(next + 1))
                                .any(|x| block_says_something(doc, x)),
                            _ => false,
                        }
                }
                _ => false,
            };
        }
        let l = &b.lines[h.line];
        for (si, rg) in &h.stages {
            r.stages.push(StageHit {
                stage: *si,
                span: l.src_span(rg.clone()),
                has_criteria: has,
                alone: h.stages.len() == 1,
            });
        }
    }

    // Telemetry for Rollout, with content.
    if let Some(h) = hit("Telemetry for Rollout") {
        // A code block under the label (the events, as code) is content too.
        r.telemetry = label_content(doc, h)
            .iter()
            .any(|(l, from)| l.text[*from..].chars().any(|c| c.is_alphanumeric()))
            || doc.blocks[h.after.clone()]
                .iter()
                .any(|b| matches!(b.kind, BlockKind::CodeBlock { has_text: true }));
    }
    r
}

/// A paragraph that starts like a label line (`Word(s):` near its start).
fn starts_label(b: &Block) -> bool {
    b.lines.first().is_some_and(|l| {
        let t = l.text.trim();
        t.find(':')
            .is_some_and(|c| c > 0 && c < 40 && !t[..c].contains(['.', '`']))
    })
}

/// Literal values that are a flag's state, not its name.
const FLAG_VALUES: &[&str] = &[
    "true", "false", "nil", "null", "on", "off", "enabled", "disabled", "none", "default",
];

fn flag_candidate(l: &Line, from: usize) -> Option<FlagName> {
    for (ci, range) in l.code.iter().enumerate() {
        if range.start < from {
            continue;
        }
        let raw = l.text[range.clone()].trim();
        let name = raw.strip_prefix(':').unwrap_or(raw);
        if name.is_empty()
            || name.contains(['.', '/'])
            || name.starts_with(|c: char| c.is_uppercase())
            || FLAG_VALUES.contains(&name.to_lowercase().as_str())
        {
            continue;
        }
        return Some(FlagName {
            name: name.to_string(),
            span: l.code_src[ci].clone(),
        });
    }
    None
}

fn find_flag(doc: &Document, section: &Section, flagging: Option<&LabelHit>) -> Option<FlagName> {
    if let Some(h) = flagging {
        return label_content(doc, h)
            .into_iter()
            .find_map(|(l, from)| flag_candidate(l, from));
    }
    for bi in section.blocks() {
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
        if let Some(fl) = b.lines.iter().find_map(|l| flag_candidate(l, 0)) {
            return Some(fl);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;
    use crate::template::AnchoredNeedles;

    fn rollout(src: &str) -> Rollout {
        let t = Template::torus();
        parse("prd.md", None, src.to_string(), &t).facts.rollout
    }

    const PIECES: &[&str] = &[
        "internal",
        "-only",
        " only",
        "internal_only",
        "5%",
        "50%",
        "100%",
        "5 %",
        "0.",
        "1,",
        "full",
        " rollout",
        "GA",
        "ga",
        "Ga",
        "general availability",
        " → ",
        "->",
        ", ",
        " then ",
        " and ",
        "Stage 1: ",
        "**",
        " ",
        "users",
        "-",
        "%",
        ">",
        "x",
        "é",
        "İ",
        "five_percent",
    ];

    proptest::proptest! {
        /// The one-pass automaton finds exactly what the term-by-term search finds.
        #[test]
        fn automaton_and_term_by_term_search_agree(
            picks in proptest::collection::vec(0..PIECES.len(), 0..16),
            bare_ok: bool,
            start_pick in 0usize..4,
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let t = Template::torus();
            let terms = t.stage_terms.as_ref().expect("torus terms are ASCII");
            let mut start = (start_pick * 3).min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let rs = &t.file.rollout;
            proptest::prop_assert_eq!(
                stages_in_line(&text, start, rs, Some(terms), bare_ok),
                stages_in_line(&text, start, rs, None, bare_ok),
                "{:?}", text
            );
        }
    }

    const REST_PIECES: &[&str] = &[
        "general availability",
        "general",
        " availability",
        "internal staff",
        "internal",
        " staff",
        "full",
        "FULL",
        "GA",
        "ga",
        "gate",
        ": ",
        "(",
        ")",
        "x",
        "5%",
        "50 %",
        "1",
        "00%",
        " ",
        "-",
        " → ",
        ", ",
        " and ",
        "%",
        " cohort",
        "Half",
    ];

    /// Odd pieces for [`occurrences_agree_with_the_automaton`]: other cases, bytes next to ASCII
    /// letters' cases, Unicode case folds and whitespace.
    const ODD_PIECES: &[&str] = &[
        "INTERNAL-ONLY",
        "iNtErNaL only",
        "internal_only",
        "Internal Users",
        "100 %",
        "100%",
        "Five_Percent",
        "fifty_percent",
        "Full Rollout",
        "gEnErAl availability",
        "\u{212A}",
        "\u{17F}",
        "\u{3C2}",
        "\u{A0}",
        "\u{130}",
        "\u{E9}",
        "\u{7F}",
        "\u{FF}",
        "_",
        "@",
        "[",
        "`",
        "{",
        "inte",
        "interna",
        "f",
        "g",
        "5",
        "10",
    ];

    /// Pieces for the second of [`rest_templates`].
    const REST_PIECES_2: &[&str] = &[
        "%", "5%", "cohort", " cohort", "-", "x", " ", "50%", "full", ": ", "half", "GA", " → ",
    ];

    /// The torus template, and one whose terms hold a space after a non-word character (so a
    /// term can stand across the space that joins two pieces of a rest).
    fn rest_templates() -> &'static [Template; 2] {
        static T: std::sync::LazyLock<[Template; 2]> = std::sync::LazyLock::new(|| {
            let torus = Template::torus();
            let mut file = torus.file.clone();
            let stages = &mut file.rollout.stages;
            stages.truncate(3);
            stages[0].terms = vec!["5%".into(), "5% cohort".into(), "internal".into()];
            stages[0].bare.clear();
            stages[1].terms = vec!["50%".into(), "% cohort".into(), "half".into()];
            stages[2].terms = vec!["full".into(), "GA".into(), "- x".into()];
            stages[2].bare = vec!["x".into()];
            [torus, Template::compile(file).unwrap()]
        });
        &T
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]
        /// Knowing where the patterns occur in the line, the rest comes out as when searching it
        /// term by term.
        #[test]
        fn rest_from_line_hits_agrees_with_term_by_term(
            picks in proptest::collection::vec(0..REST_PIECES.len(), 0..24),
            bare_ok: bool,
            start_pick in 0usize..4,
            which in 0usize..2,
        ) {
            let pieces = [REST_PIECES, REST_PIECES_2][which];
            let text: String = picks.iter().map(|&i| pieces[i % pieces.len()]).collect();
            let t = &rest_templates()[which];
            let terms = t.stage_terms.as_ref();
            proptest::prop_assert!(terms.is_some());
            let mut start = (start_pick * 3).min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let rs = &t.file.rollout;
            let mut hits = Vec::new();
            let found = stages_in_line_with(&text, start, rs, terms, bare_ok, &mut hits);
            proptest::prop_assert_eq!(&found, &stages_in_line(&text, start, rs, None, bare_ok));
            if !found.is_empty() {
                proptest::prop_assert_eq!(
                    line_rest(&text, start, &found, rs, terms, &hits),
                    line_rest(&text, start, &found, rs, None, &[]),
                    "{:?}", text
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]
        /// The stage terms' occurrences as the Aho-Corasick automaton (ASCII case ignored,
        /// overlapping) found them before.
        #[test]
        fn occurrences_agree_with_the_automaton(
            picks in proptest::collection::vec(0..REST_PIECES.len() + ODD_PIECES.len(), 0..24),
            start_pick in 0usize..8,
            which in 0usize..2,
        ) {
            let piece = |i: usize| REST_PIECES.get(i).copied().unwrap_or_else(|| ODD_PIECES[i - REST_PIECES.len()]);
            let text: String = picks.iter().map(|&i| piece(i)).collect();
            let mut start = (start_pick * 3).min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let m = rest_templates()[which].stage_terms.as_ref().unwrap();
            let ac = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(m.pats.iter().map(|(_, _, t)| t))
                .unwrap();
            let input = aho_corasick::Input::new(&text).range(start..);
            let mut old: Vec<(usize, usize, usize)> = ac
                .find_overlapping_iter(input)
                .map(|hit| (hit.start(), hit.end(), hit.pattern().as_usize()))
                .collect();
            let mut new = Vec::new();
            m.occurrences(&text, start, &mut new);
            old.sort_unstable();
            new.sort_unstable();
            proptest::prop_assert_eq!(old, new, "{:?}", text);
        }
    }

    /// Before words were compared without lowercasing them.
    fn meaningful_lowercasing(s: &str) -> bool {
        s.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .map(|w| w.trim_matches('-'))
            .filter(|w| w.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
            .any(|w| !FILLER.contains(&w.to_lowercase().as_str()))
    }

    /// Before words were compared without lowercasing them.
    fn stands_as_stage_lowercasing(text: &str, s: usize, e: usize, term: &str) -> bool {
        let before = text[..s].trim_end();
        if term.contains('%') || term.starts_with(|c: char| c.is_ascii_digit()) {
            if before.ends_with(['>', '<', '≥', '≤', '=', '~', '≈', '±', '+']) {
                return false;
            }
            let prev_word = before
                .rsplit(|c: char| !is_word_char(c))
                .next()
                .unwrap_or("")
                .to_lowercase();
            if THRESHOLD_WORDS.contains(&prev_word.as_str()) {
                return false;
            }
        }
        if plain_word(term) {
            let after = text[e..].trim_start();
            match after.chars().next() {
                None => {}
                Some(c) if !is_word_char(c) => {}
                Some(_) => {
                    let next: String = after
                        .chars()
                        .take_while(|&c| is_word_char(c) || c == '-')
                        .collect::<String>()
                        .to_lowercase();
                    if !STAGE_FOLLOWERS.contains(&next.as_str()) {
                        return false;
                    }
                }
            }
        }
        true
    }

    const WORD_PIECES: &[&str] = &[
        "Stage", "ROLLOUT", "roll-out", "users", "A", "an", "ab", "-", "--", "_", " ", "\t", ".",
        "%", "5%", "full", "Internal", "QA", "cohort", "over", "OVER", "Exceeds", ">", "\u{212A}",
        "\u{17F}", "é", "É", "İ", "ǅ", "1", "x",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]
        /// Words compared in place say the same as words lowercased first; a stage prefix is
        /// never missed by the cheap look before the regex.
        #[test]
        fn word_checks_agree_with_lowercasing(
            picks in proptest::collection::vec(0..WORD_PIECES.len(), 0..12),
        ) {
            let text: String = picks.iter().map(|&i| WORD_PIECES[i]).collect();
            proptest::prop_assert_eq!(
                meaningful(&text), meaningful_lowercasing(&text), "{:?}", text
            );
            for list in [FILLER, THRESHOLD_WORDS, STAGE_FOLLOWERS] {
                proptest::prop_assert_eq!(
                    lowercased_in(list, &text),
                    list.contains(&text.to_lowercase().as_str()),
                    "{:?}", text
                );
            }
            let t = Template::torus();
            let terms = t.file.rollout.stages.iter().flat_map(|st| st.terms.iter().chain(&st.bare));
            for term in terms {
                for (s, _) in text.match_indices(term.as_str()) {
                    let e = s + term.len();
                    proptest::prop_assert_eq!(
                        stands_as_stage(&text, s, e, term),
                        stands_as_stage_lowercasing(&text, s, e, term),
                        "{:?} {:?}", text, term
                    );
                }
            }
            for prefix in ["", " ", "\u{b}", "**", " **", "*"] {
                for head in ["", "stage 1", "Phase 2: ", "\u{17F}tep 3", "STEP4a.", "step", "x"] {
                    let line = format!("{prefix}{head}{text}");
                    proptest::prop_assert!(
                        may_have_stage_prefix(&line) || !stage_prefix_re().is_match(&line),
                        "{:?}", line
                    );
                }
            }
        }
    }

    const PHRASE_PIECES: &[&str] = &[
        "No feature flags present in this ",
        "no FEATURE flags present in this ",
        "feature",
        "work item",
        "Work Item",
        "kill",
        "\u{212A}ill",
        "-switch",
        " switch",
        "switch",
        "roll",
        "back",
        "-",
        " ",
        "Rollback",
        "ſ",
        "é",
        "f",
        "k",
        "K",
    ];

    proptest::proptest! {
        /// One pass over the anchors finds a phrase exactly when `contains_ci` finds one.
        #[test]
        fn anchored_phrases_agree_with_contains_ci(
            picks in proptest::collection::vec(0..PHRASE_PIECES.len(), 0..12),
        ) {
            let text: String = picks.iter().map(|&i| PHRASE_PIECES[i]).collect();
            let t = Template::torus();
            let (rs, n) = (&t.file.rollout, &t.rollout_needles);
            for (phrases, anchored, others) in [
                (&rs.exemption_phrases, &n.exemption, &n.exemption_others),
                (&rs.kill_switch_terms, &n.kill_switch, &n.kill_switch_others),
            ] {
                proptest::prop_assert!(others.is_empty());
                proptest::prop_assert_eq!(
                    anchored.any_in(&text),
                    phrases.iter().any(|p| contains_ci(&text, p)),
                    "{:?}", text
                );
            }
            // Needles of every kind: short, repeated letters, not ASCII, empty.
            let needles: Vec<String> = ["k", "ll", "Kill", "switch", "é", "", "flags present"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            for i in 0..needles.len() {
                let (anchored, others) = AnchoredNeedles::ascii_ci(&needles[i..]);
                proptest::prop_assert_eq!(
                    anchored.any_in(&text) || others.iter().any(|p| contains_ci(&text, p)),
                    needles[i..].iter().any(|p| contains_ci(&text, p)),
                    "{:?} {:?}", text, &needles[i..]
                );
            }
        }
    }

    #[test]
    fn automaton_prefers_the_longest_term_at_a_position() {
        let t = Template::torus();
        let rs = &t.file.rollout;
        let terms = t.stage_terms.as_ref();
        for text in [
            "internal only users",
            "Stage 1: internal only → 5 % → 50% → full rollout",
            "full rollout then GA",
        ] {
            let got = stages_in_line(text, 0, rs, terms, true);
            assert_eq!(got, stages_in_line(text, 0, rs, None, true), "{text}");
            let first = &text[got[0].1.clone()];
            assert!(first.len() > 4, "{text}: {first}");
        }
    }

    fn stages(src: &str) -> Vec<(usize, bool)> {
        rollout(src)
            .stages
            .iter()
            .map(|s| (s.stage, s.has_criteria))
            .collect()
    }

    const H: &str = "# A — PRD\n\n## 11. Feature Flagging, Rollout & Migration\n";

    #[test]
    fn terms_are_whole_words() {
        assert_eq!(find_term("a 5% b", "5%"), Some(2));
        for (hay, needle) in [
            ("Rollback: x", "rollback"),
            ("\u{212A}ill", "kill"),
            ("ab", "abc"),
            ("ÉTAPE", "étape"),
        ] {
            assert_eq!(
                starts_with_ci(hay, needle),
                hay.to_lowercase().starts_with(&needle.to_lowercase()),
                "{hay:?} {needle:?}"
            );
        }
        assert_eq!(find_term("a 0.5% b", "5%"), None);
        assert_eq!(find_term("a 15% b", "5%"), None);
        assert_eq!(find_term("internal-only", "internal"), None);
        assert_eq!(find_term("GAP", "GA"), None);
    }

    #[test]
    fn odd_unicode_does_not_panic() {
        for body in [
            "- İnternal-only → 5% → K 50%: ẞ\n",
            "Stage 1 — İİİ 5% ﬃ: x\n",
            "| Ⅻ | ǅ 50% |\n|---|---|\n| 5% | ß |\n",
        ] {
            let _ = rollout(&format!("{H}{body}"));
        }
        assert_eq!(find_term("İ 5%", "5%"), Some(3));
    }

    #[test]
    fn list_table_and_stage_lines() {
        let list = format!("{H}Rollout Plan:\n\n- internal-only: staff; promote after a week\n- 5%: random\n- 50%: half\n- 100%: all\n");
        assert_eq!(
            stages(&list),
            vec![(0, true), (1, true), (2, true), (3, true)]
        );
        let table = format!("{H}| Stage | Gate |\n|---|---|\n| Internal only | QA pass |\n| 5% | 1 week |\n| 50% | 2 weeks |\n| GA | done |\n");
        assert_eq!(
            stages(&table),
            vec![(0, true), (1, true), (2, true), (3, true)]
        );
        let lines = format!("{H}Stage 1 — internal: staff\nStage 2 — 5%\nStage 3 — 50%: half\n");
        assert_eq!(stages(&lines), vec![(0, true), (1, false), (2, true)]);
        let numbered = format!(
            "{H}| # | Cohort | Gate |\n|---|---|---|\n| 1 | internal-only | QA |\n| 2 | 5% | |\n"
        );
        assert_eq!(stages(&numbered), vec![(0, true), (1, false)]);
    }

    #[test]
    fn chains_prose_and_thresholds() {
        let chain = format!("{H}Rollout Plan: internal-only → 5% → 50% → 100%\n");
        assert_eq!(
            stages(&chain),
            vec![(0, false), (1, false), (2, false), (3, false)]
        );
        let prose = format!(
            "{H}We will talk to the team and eventually, after much review, go to 5% of users.\n"
        );
        assert!(stages(&prose).is_empty());
        let threshold = format!(
            "{H}- Rollback: if errors > 5% disable the flag\n- Data Migrations: full backfill\n"
        );
        assert!(stages(&threshold).is_empty());
    }

    #[test]
    fn other_labels_and_rollback_lines_hold_no_stages() {
        let src = format!("{H}Environments: 100% on in dev and stage.\n\nRollout Plan:\n\n- internal-only: staff\n- Rollback: from 50% to 5% when errors rise\n");
        assert_eq!(stages(&src), vec![(0, true)]);
        let src =
            format!("{H}### Environments\n\n- 100% in dev\n\n### Rollout Plan\n\n- 5%: some\n");
        assert_eq!(stages(&src), vec![(1, true)]);
    }

    #[test]
    fn rollout_plan_as_a_table_row() {
        let src = format!("{H}| Label | Content |\n|---|---|\n| Rollout Plan | internal-only → 5% → 50% → 100% |\n");
        assert_eq!(
            stages(&src),
            vec![(0, false), (1, false), (2, false), (3, false)]
        );
        let src = format!("{H}### Rollout Plan\n\n| Stage | Gate |\n|---|---|\n| internal-only | errors below 5% |\n");
        assert_eq!(stages(&src), vec![(0, true)]);
    }

    #[test]
    fn bold_stage_lines_take_the_next_block() {
        let src = format!("{H}**Internal-only**\n\nStaff sections for a week.\n\n**5%**\n\n**50%**\n\n- promote after 7 days\n");
        assert_eq!(stages(&src), vec![(0, true), (1, false), (2, true)]);
    }

    #[test]
    fn flag_name_skips_modules_and_values() {
        let r = rollout(&format!(
            "{H}- Feature flag: registered in `Oli.Features`, default `false`, named `:bulk_x`\n"
        ));
        assert_eq!(r.flag.unwrap().name, "bulk_x");
        let r = rollout(&format!("{H}Flagging: none\n\nThe flag `x_y` exists.\n"));
        assert!(r.flag.is_none());
    }

    #[test]
    fn exemptions() {
        let r = rollout(&format!("{H}Rollout exemption: internal tool only\n"));
        assert_eq!(r.exemption_label.unwrap().0, "internal tool only");
        let r = rollout(&format!("{H}**Rollout exemption:**\n\nBecause.\n"));
        assert_eq!(r.exemption_label.unwrap().0, "Because.");
        // The first-word pre-check lets every spelling the normalisation accepts through.
        for line in [
            "ROLLOUT  Exemption (temporary): x",
            "- Rollout exemption.: x",
            "Rollout and exemption: x",
            "rollout exemption",
        ] {
            let r = rollout(&format!("{H}{line}\n"));
            let accepted = r.exemption_label.is_some();
            let normalised = crate::template::normalize_label(
                line.trim_start_matches("- ")
                    .split(':')
                    .next()
                    .unwrap_or(""),
            ) == "rollout exemption";
            assert_eq!(accepted, normalised, "{line:?}");
        }
        assert!(rollout(&format!("{H}No feature flags present in this work item.\n")).exempt());
        assert!(!rollout(&format!("{H}No new feature flags in this phase.\n")).exempt());
    }

    #[test]
    fn telemetry_as_a_code_block_is_content() {
        for body in [
            "Telemetry for Rollout:\n\n```elixir\n[:oli, :export, :run, :stop]\n```\n",
            "### Telemetry for Rollout\n\n    [:oli, :export, :run, :stop]\n",
        ] {
            assert!(rollout(&format!("{H}{body}")).telemetry, "{body}");
        }
        // An empty fence is still no content.
        assert!(!rollout(&format!("{H}Telemetry for Rollout:\n\n```\n```\n")).telemetry);
    }

    #[test]
    fn a_label_with_an_intro_sentence_owns_the_list_after_it() {
        let plan = format!(
            "{H}Rollout Plan: the flag is promoted one cohort at a time once the criteria below are met.\n\n\
             - Internal: OLI staff sections; promote after 30 clean exports.\n\
             - 5%: random sections for a week.\n- 50%: half for a week.\n- 100%: everyone.\n"
        );
        assert_eq!(
            stages(&plan),
            vec![(0, true), (1, true), (2, true), (3, true)],
            "{plan}"
        );
        let flag = format!(
            "{H}Flagging: one scoped feature flag, default off:\n\n- `scheduled_gradebook_export` — section scope.\n"
        );
        assert_eq!(
            rollout(&flag).flag.map(|f| f.name).as_deref(),
            Some("scheduled_gradebook_export")
        );
        // A paragraph after it is not the label's content.
        let para = format!(
            "{H}Flagging: one scoped feature flag, default off.\n\nSee `other_flag` in the FDD.\n"
        );
        assert_eq!(rollout(&para).flag.map(|f| f.name), None);
    }

    #[test]
    fn a_stage_item_holds_its_criteria_not_more_stages() {
        let tail =
            "- 5%: random sections for a week.\n- 50%: half for a week.\n- 100%: everyone.\n";
        for item in [
            // Wrapped onto a line that starts with a percentage.
            "- Internal-only: OLI staff sections for one week; promote once at least\n  50% of staff sections have exported with zero failures.\n",
            // The criterion on the item's next line.
            "- Internal-only\n  Gate: 100% of the OLI staff sections export cleanly for one week.\n",
            // The criterion as a nested item.
            "- Internal-only: OLI staff sections.\n  - Promote when 50% of staff sections have exported.\n",
        ] {
            let src = format!("{H}Rollout Plan:\n\n{item}{tail}");
            assert_eq!(
                stages(&src),
                vec![(0, true), (1, true), (2, true), (3, true)],
                "{item}"
            );
        }
        // `Stage N` on a wrapped line still starts a stage.
        let src = format!("{H}Rollout Plan:\n\n- Stage 1: internal-only for a week\n  Stage 2: 5% for a week\n- 50%: half.\n- 100%: all.\n");
        assert_eq!(
            stages(&src).iter().map(|s| s.0).collect::<Vec<_>>(),
            vec![0, 1, 2, 3]
        );
    }
}
