//! Rules of the `content` family, one per file.

pub mod dod_checklist;
pub mod html;
pub mod image_missing;
pub mod link_missing;
pub mod perf_targets;
pub mod permissions_matrix;
pub mod placeholder;
pub mod wcag;

use crate::document::facts::label_content;
use crate::document::{BlockKind, Document, Section, Span};
use crate::rules::Ctx;
use std::path::PathBuf;

/// The text a content check reads: the label's content when the label is present, else the whole
/// section (code blocks excluded). Returns the lines' texts, the span to point an absence at
/// (the label, else the section heading) and whether the label was found.
pub(crate) struct Scope {
    pub lines: Vec<String>,
    pub span: Span,
    pub labelled: bool,
}

pub(crate) fn scope(ctx: &Ctx, section: &Section, number: u32, label: &str) -> Scope {
    let doc = ctx.doc;
    match doc.facts.label(ctx.template, number, label) {
        Some(h) => Scope {
            lines: label_content(doc, h)
                .into_iter()
                .map(|(l, from)| l.text[from.min(l.text.len())..].to_string())
                .collect(),
            span: h.span.clone(),
            labelled: true,
        },
        None => Scope {
            lines: doc
                .section_blocks(section)
                .iter()
                .filter(|b| !matches!(b.kind, BlockKind::CodeBlock { .. } | BlockKind::HtmlBlock))
                .flat_map(|b| b.lines.iter().map(|l| l.text.clone()))
                .collect(),
            span: doc.heading_span(section),
            labelled: false,
        },
    }
}

/// `N/A — reason` / `Not applicable: reason` at the start of the content: `Some(true)` with a
/// reason, `Some(false)` without one, `None` when the content does not start with it.
pub(crate) fn not_applicable(ctx: &Ctx, lines: &[String]) -> Option<bool> {
    let nas = &ctx.template.file.content.not_applicable;
    if cannot_start_with(nas, lines) {
        return None;
    }
    not_applicable_lowercased(nas, lines)
}

/// [`not_applicable`] worked out on the whole content, joined and lowercased.
fn not_applicable_lowercased(nas: &[String], lines: &[String]) -> Option<bool> {
    let text = lines.join(" ");
    let text = text.trim_start();
    let lower = text.to_lowercase();
    for na in nas {
        let n = na.to_lowercase();
        if lower.starts_with(&n)
            && lower[n.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
        {
            let rest = text.get(n.len()..).unwrap_or("");
            let words = rest
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().any(|c| c.is_alphabetic()))
                .count();
            return Some(words >= 2);
        }
    }
    None
}

/// Sure that the content starts with none of `nas` (so [`not_applicable_lowercased`] would say
/// `None`), without joining or lowercasing it: the common case. Decided only when every phrase
/// is non-empty ASCII and the content's first non-blank line starts with more ASCII bytes than
/// the longest phrase has. There, lowercasing maps each byte of that head to one byte (its ASCII
/// lowercase), so the lowercased content starts with a phrase exactly when the head does,
/// ignoring ASCII case, and the byte after it is the next character. Otherwise `false`.
fn cannot_start_with(nas: &[String], lines: &[String]) -> bool {
    let mut longest = 0;
    for na in nas {
        if na.is_empty() || !na.is_ascii() {
            return false;
        }
        longest = longest.max(na.len());
    }
    // The joined content, trimmed, starts with the first line that is not all whitespace.
    let Some(first) = lines.iter().map(|l| l.trim_start()).find(|l| !l.is_empty()) else {
        return false;
    };
    let Some(head) = first.as_bytes().get(..=longest) else {
        return false;
    };
    if !head.is_ascii() {
        return false;
    }
    !nas.iter().any(|na| {
        head[..na.len()].eq_ignore_ascii_case(na.as_bytes())
            && !head[na.len()].is_ascii_alphanumeric()
    })
}
/// The resolved local file a link or image points at, or `None` when the URL is not a local
/// file reference (a scheme such as `https:` or `mailto:`, a `#heading` anchor, a
/// protocol-relative or absolute path) or the PRD has no folder (stdin).
pub(crate) fn local_target(doc: &Document, url: &str) -> Option<(PathBuf, String)> {
    let dir = doc.dir.as_ref()?;
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || url.starts_with('/') || url.starts_with('\\') {
        return None;
    }
    let scheme_end = url.find(':');
    if let Some(c) = scheme_end {
        let scheme = &url[..c];
        if !scheme.is_empty()
            && scheme.starts_with(|ch: char| ch.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '+' | '-' | '.'))
        {
            return None;
        }
    }
    let path = url.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    let decoded = percent_decode(path);
    Some((dir.join(&decoded), decoded))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A section's anchor tag: `§N` for a template section, `title` for the H1 and the text before
/// §1, else the heading's text.
pub(crate) fn section_tag(ctx: &Ctx, section: Option<usize>) -> String {
    let doc = ctx.doc;
    match section.map(|i| &doc.sections[i]) {
        None => "title".to_string(),
        Some(s) => match s.spec() {
            Some(spec) => format!("§{}", ctx.template.sections()[spec].number),
            None if s.level == 1 => "title".to_string(),
            None => doc.heading_text(s),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// The quick "starts with no phrase" answer never contradicts the lowercased
        /// content, so `not_applicable` says what the joined, lowercased content says.
        #[test]
        fn quick_check_agrees_with_the_lowercased_text(
            picks in proptest::collection::vec(proptest::collection::vec(0..PIECES.len(), 0..6), 0..4),
            set in 0..NAS.len(),
        ) {
            let lines: Vec<String> =
                picks.iter().map(|l| l.iter().map(|&i| PIECES[i]).collect()).collect();
            let nas: Vec<String> = NAS[set].iter().map(|s| s.to_string()).collect();
            let want = not_applicable_lowercased(&nas, &lines);
            if cannot_start_with(&nas, &lines) {
                prop_assert_eq!(want, None, "{:?} / {:?}", lines, nas);
            }
        }
    }

    const PIECES: &[&str] = &[
        "N/A",
        "n/a",
        "N/a",
        "Not applicable",
        "NOT APPLICABLE",
        "not",
        " ",
        "\t",
        "\u{3000}",
        "\u{a0}",
        "",
        "x",
        "no runtime",
        " — ",
        ":",
        "-",
        "1",
        "\u{212a}",
        "\u{130}",
        "\u{3a3}",
        "\u{e9}",
        "A",
        "na",
        "/",
    ];
    const NAS: &[&[&str]] = &[
        &["N/A", "Not applicable"],
        &["n/a"],
        &["Not applicable", "N/A", "NA"],
        &["k", "\u{e9}"],
        &["", "N/A"],
        &[],
    ];

    #[test]
    fn quick_check_examples() {
        let nas = ["N/A".to_string(), "Not applicable".to_string()];
        let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(cannot_start_with(
            &nas,
            &l(&["Reliability: ok, and the rest."])
        ));
        assert!(!cannot_start_with(
            &nas,
            &l(&["", "  n/a — no runtime code"])
        ));
        assert!(!cannot_start_with(&nas, &l(&["N/A"])));
        assert!(cannot_start_with(&nas, &l(&["N/Ab is a long enough line"])));
        assert_eq!(
            not_applicable_lowercased(&nas, &l(&["  ", "not applicable: no runtime code"])),
            Some(true)
        );
        assert_eq!(not_applicable_lowercased(&nas, &l(&["N/A"])), Some(false));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("my%20image.png"), "my image.png");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
