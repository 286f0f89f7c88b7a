//! PRD050 `placeholder`: No TBD/TODO/template-token placeholders outside code and Open Questions.

use super::section_tag;
use crate::document::{BlockKind, Line, Span};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};
use regex::Regex;
use std::sync::OnceLock;

pub const RULE: Rule = Rule {
    code: "PRD050",
    name: "placeholder",
    severity: Severity::Error,
    summary: "No TBD/TODO/template-token placeholders outside code and Open Questions",
    fix: None,
    check,
};

/// A template token such as `<Feature Name>` or `<name>` (real HTML tags are not text).
fn token_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"<[A-Za-z][A-Za-z0-9 _\-./]{0,60}>").unwrap())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Occurrences of a configured placeholder word: all-caps words (`TBD`) as case-sensitive
/// whole words, other words (`lorem ipsum`) as case-insensitive whole words, punctuation
/// (`???`) anywhere.
fn only_ellipsis(text: &str) -> bool {
    let t = text.trim();
    t == "…" || (t.len() >= 3 && t.chars().all(|c| c == '.'))
}

/// Where in `hay` an occurrence of one of `lits` starts, each as a one-byte span, in order.
fn literal_starts(lits: &aho_corasick::packed::Searcher, hay: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    // Overlapping occurrences too: the next search starts one byte after the last start.
    while let Some(m) = lits.find_in(hay, aho_corasick::Span::from(at..hay.len())) {
        out.push(m.start()..m.start() + 1);
        at = m.start() + 1;
    }
    out
}

struct Hit {
    span: Span,
    token: String,
    ellipsis: bool,
}

/// `only_ellipsis(text)`, deciding most texts on their last byte: a text that is only dots
/// or `…` ends with `.`, the last byte of `…`, or (trimmed away) white space.
fn only_ellipsis_fast(text: &str) -> bool {
    match text.as_bytes().last() {
        None => false,
        Some(&b) if b < 0x80 && b != b'.' && !(b as char).is_whitespace() => false,
        Some(_) => only_ellipsis(text),
    }
}

/// The hits in `l`: placeholder words only when `words` (the line may hold one), template
/// tokens when it has a `<`.
fn line_hits(ctx: &Ctx, l: &Line, words: bool, out: &mut Vec<Hit>) {
    let mut found: Vec<(usize, usize)> = Vec::new();
    let text = l.text.as_str();
    let re = &ctx.template.placeholder;
    let mut at = 0;
    while let Some(m) = words.then(|| re.find_at(text, at)).flatten() {
        let (s, e) = (m.start(), m.end());
        let word = m.as_str();
        let whole = (!word.starts_with(is_word_char)
            || text[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c)))
            && (!word.ends_with(is_word_char)
                || text[e..].chars().next().is_none_or(|c| !is_word_char(c)));
        if whole {
            found.push((s, e));
            at = e;
        } else {
            at = s + text[s..].chars().next().map_or(1, char::len_utf8);
        }
        if at > text.len() {
            break;
        }
    }
    if text.contains('<') {
        for m in token_re().find_iter(text) {
            found.push((m.start(), m.end()));
        }
    }
    if found.is_empty() {
        return;
    }
    found.sort();
    let mut last_end = 0;
    for (s, e) in found {
        if s < last_end || l.in_code(s) {
            continue;
        }
        last_end = e;
        out.push(Hit {
            span: l.src_span(s..e),
            token: l.text[s..e].to_string(),
            ellipsis: false,
        });
    }
}

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    let t = ctx.template;
    let allowed = &t.file.placeholders.allow_in_sections;
    let allowed_names: Vec<String> = allowed
        .iter()
        .filter_map(|n| t.index_of_number(*n))
        .map(|i| format!("§{}", t.canonical_heading(i)))
        .collect();
    // Where a line can hold a placeholder word: one search of the whole source, sorted and
    // non-overlapping as `may_match` needs. Every match of the pattern holds one of the
    // literals, so the first byte of each literal's occurrence does as well as the matches, for
    // much less than the pattern's own search; a `<` is a template token's start.
    let words = match &t.placeholder_literals {
        Some(lits) => literal_starts(lits, &doc.source),
        None => doc.source_matches(&t.placeholder),
    };
    let tokens: Vec<Span> = memchr::memchr_iter(b'<', doc.source.as_bytes())
        .map(|i| i..i + 1)
        .collect();
    // Whether each section is one where placeholders are allowed.
    let allowed_section: Vec<bool> = doc
        .sections
        .iter()
        .map(|s| {
            s.spec()
                .is_some_and(|spec| allowed.contains(&t.sections()[spec].number))
        })
        .collect();
    for b in &doc.blocks {
        if matches!(b.kind, BlockKind::CodeBlock { .. } | BlockKind::HtmlBlock) {
            continue;
        }
        if b.section.is_some_and(|s| allowed_section[s]) {
            continue;
        }
        let mut hits = Vec::new();
        let whole_is_ellipsis = match b.kind {
            BlockKind::Paragraph | BlockKind::Item { .. } | BlockKind::TableCell { .. } => {
                match &b.lines[..] {
                    [] => false,
                    [one] => one.text.len() < 16 && only_ellipsis_fast(&one.text),
                    more => {
                        more.iter().map(|l| l.text.len()).sum::<usize>() < 16
                            && only_ellipsis(&b.text())
                    }
                }
            }
            _ => false,
        };
        if whole_is_ellipsis {
            let l = &b.lines[0];
            let lead = l.text.len() - l.text.trim_start().len();
            let end = b.lines.last().map_or(0, |x| x.span().end);
            hits.push(Hit {
                span: l.src_offset(lead)..end.max(l.src_offset(lead)),
                token: b.text().trim().to_string(),
                ellipsis: true,
            });
        } else {
            for l in &b.lines {
                // Only a line that may hold a word is searched for words (one with only a `<`
                // is searched for tokens: `line_hits` looks for the `<` in the text).
                if l.may_match(&[&words, &tokens], &doc.source) {
                    // A line the source search cannot vouch for (its text is not a verbatim
                    // copy) can still hold a word only if its text holds one of the literals.
                    let words = l.may_match(&[&words], &doc.source)
                        && t.placeholder_literals
                            .as_ref()
                            .is_none_or(|lits| lits.find(&l.text).is_some());
                    line_hits(ctx, l, words, &mut hits);
                }
            }
        }
        if hits.is_empty() {
            continue;
        }
        // A placeholder word inside a URL written out as text (`…/docs/TODO.md`) is an address.
        hits.retain(|h| h.ellipsis || !doc.in_bare_url(&h.span));
        if hits.is_empty() {
            continue;
        }
        let tag = section_tag(ctx, b.section);
        for h in hits {
            let message = if h.ellipsis {
                format!("expected real content, found only `{}`", h.token)
            } else if h.token.starts_with('<') {
                format!(
                    "expected real content, found the template token `{}`",
                    h.token
                )
            } else {
                format!("expected real content, found the placeholder `{}`", h.token)
            };
            let help = if allowed_names.is_empty() {
                "replace it with the real content".to_string()
            } else {
                format!(
                    "replace it with the real content; if it is still unknown, ask it as an open question in {} with what is needed to decide",
                    allowed_names.join(", ")
                )
            };
            out.report(h.span, message)
                .help(help)
                .anchor(format!("placeholder/{tag}/{}", h.token));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;
    use crate::template::Template;

    const WORD_PIECES: &[&str] = &[
        "TBD", "TB", "D", "tbd", "TODO", "FIXME", "XXX", "XX", "??", "?", "lorem", "LOREM",
        " ipsum", " IPſUM", "lorem ip", "sum", "m i", "M I", "orem", "\u{212A}", "ſ", " ", "é",
        "\n", "x",
    ];

    /// The literals rest on this: the only characters that a case-ignoring ASCII character
    /// matches besides ASCII ones are the KELVIN SIGN (`k`) and LONG S (`s`).
    #[test]
    fn only_k_and_s_fold_outside_ascii() {
        let re = Regex::new(r"(?i)[\x00-\x7F]").unwrap();
        let all: String = ('\u{80}'..=char::MAX).collect();
        let got: Vec<&str> = re.find_iter(&all).map(|m| m.as_str()).collect();
        assert_eq!(got, ["\u{17F}", "\u{212A}"]);
        assert!(Regex::new("(?i)s").unwrap().is_match("\u{17F}"));
        assert!(Regex::new("(?i)k").unwrap().is_match("\u{212A}"));
        // A case-ignoring word that starts with such a letter has no literals: the pattern
        // searches the file.
        let mut t = Template::torus();
        t.file.placeholders.words.push("sample".into());
        let t = Template::compile(t.file).unwrap();
        assert!(t.placeholder_literals.is_none());
        let src = "# A — PRD\n\n## 1. Overview\nLorem ipſum; a ſample and \u{212A}.\n";
        assert_eq!(run_rule(&RULE, src).len(), 1);
    }

    proptest::proptest! {
        /// Every match of the placeholder pattern holds the start of a literal's occurrence.
        #[test]
        fn every_placeholder_match_holds_a_literal_start(
            picks in proptest::collection::vec(0..WORD_PIECES.len(), 0..16),
        ) {
            let text: String = picks.iter().map(|&i| WORD_PIECES[i]).collect();
            let t = Template::torus();
            let lits = t.placeholder_literals.as_ref().expect("x86_64 has Teddy");
            let starts = literal_starts(lits, &text);
            for m in t.placeholder.find_iter(&text) {
                proptest::prop_assert!(
                    starts.iter().any(|s| m.range().contains(&s.start)),
                    "{:?} {:?} {:?}", text, m.range(), starts
                );
            }
            proptest::prop_assert!(starts.windows(2).all(|w| w[0].end <= w[1].start));
        }
    }

    #[test]
    fn words_tokens_and_lone_ellipses() {
        let src = "# <Feature Name> — PRD\n\n## 1. Overview\nSummary: TBD, maybe todo.\n\n- …\n\n| a | b |\n|---|---|\n| ... | x |\n\nLorem Ipsum dolor ??? `TODO` here\n";
        assert_eq!(
            run_rule(&RULE, src),
            vec![
                (
                    1,
                    3,
                    "expected real content, found the template token `<Feature Name>`".into()
                ),
                (
                    4,
                    10,
                    "expected real content, found the placeholder `TBD`".into()
                ),
                (6, 3, "expected real content, found only `…`".into()),
                (10, 3, "expected real content, found only `...`".into()),
                (
                    12,
                    1,
                    "expected real content, found the placeholder `Lorem Ipsum`".into()
                ),
                (
                    12,
                    19,
                    "expected real content, found the placeholder `???`".into()
                ),
            ]
        );
    }

    #[test]
    fn odd_unicode_does_not_panic() {
        let got = run_rule(&RULE, "# A — PRD\n\nİ lorem ipsum ẞ TBD ﬃ\n");
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn prose_code_and_open_questions_are_fine() {
        for src in [
            "# A — PRD\n\n## 1. Overview\nWe wait… then act. TBDs and XXXL are words; `TBD` is code.\n",
            "# A — PRD\n\n## 1. Overview\n```\nTODO\n<Feature Name>\n```\n",
            "# A — PRD\n\n## 14. Open Questions & Assumptions\n- Owner TBD: needs a decision from product.\n",
            "# A — PRD\n\n## 7. Acceptance Criteria\n- AC-001 (FR-001) — Given… When… Then…\n",
            "# A — PRD\n\n## 1. Overview\nlatency < 200 ms and > 50 ms\n",
        ] {
            assert!(run_rule(&RULE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn lines_with_markup_are_searched_in_their_text() {
        // Neither line is a verbatim copy of its source (bold, a code span, split emphasis):
        // their text is what holds the word.
        let src =
            "# A — PRD\n\n## 1. Overview\n- **Summary:** `x` is TBD\n\nT**BD** and lor*em ips*um\n";
        assert_eq!(
            run_rule(&RULE, src),
            vec![
                (
                    4,
                    23,
                    "expected real content, found the placeholder `TBD`".into()
                ),
                (
                    6,
                    1,
                    "expected real content, found the placeholder `TBD`".into()
                ),
                (
                    6,
                    13,
                    "expected real content, found the placeholder `lorem ipsum`".into()
                ),
            ]
        );
    }

    #[test]
    fn words_in_a_written_out_url_are_an_address() {
        let src = "# A — PRD\n\n## 1. Overview\nLinks: https://github.com/o/r/blob/main/docs/TODO.md and <https://x.org/FIXME>\n\nSee [the TODO list](todo.md).\n";
        assert_eq!(
            run_rule(&RULE, src),
            vec![(
                6,
                10,
                "expected real content, found the placeholder `TODO`".into()
            )]
        );
    }
}
