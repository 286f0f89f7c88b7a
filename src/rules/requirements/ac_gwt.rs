//! PRD035 `ac-gwt`: Every acceptance criterion has Given, When and Then, in that order.

use super::{Anchors, Kind};
use crate::document::{is_word_byte, word_ends_at};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD035",
    name: "ac-gwt",
    severity: Severity::Error,
    summary: "Every acceptance criterion has Given, When and Then, in that order",
    fix: None,
    check,
};

const WORDS: [&str; 3] = ["Given", "When", "Then"];

/// Each `Given` / `When` / `Then` in `body` standing as a whole word (any case; ASCII word
/// boundaries), as (offset, index into [`WORDS`]): what `(?i)\b(?:given|when|then)\b` finds
/// (a test compares the two), by a look at each word's first byte instead of a regex.
fn words(body: &str) -> Vec<(usize, usize)> {
    scan_words(body).collect()
}

/// [`words`], found one at a time.
fn scan_words(body: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = body.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if !is_word_byte(b[i]) {
                i += 1;
                continue;
            }
            // `i` starts a word: it is one of ours if it is the whole word.
            let w = match b[i] | 0x20 {
                b'g' => 0,
                b'w' => 1,
                b't' => 2,
                _ => usize::MAX,
            };
            let start = i;
            i += 1;
            while i < b.len() && is_word_byte(b[i]) {
                i += 1;
            }
            if w != usize::MAX && b[start..i].eq_ignore_ascii_case(WORDS[w].as_bytes()) {
                return Some((start, w));
            }
        }
        None
    })
}

/// Whether `body` has a Given, a When after it and a Then after that (the greedy match of
/// [`problem`] over [`words`]): the common case, with no list built. Each word is found from
/// the end of the one before by a `memchr2` over its first letter's two cases, not a look at
/// every word.
fn in_order(body: &str) -> bool {
    let b = body.as_bytes();
    let Some(g) = find_word(b, 0, b"given") else {
        return false;
    };
    let Some(w) = find_word(b, g + 5, b"when") else {
        return false;
    };
    find_word(b, w + 4, b"then").is_some()
}

/// Where the first whole word (ASCII `\b` on both sides) equal to `word` (lowercase ASCII
/// letters) ignoring ASCII case starts in `b` at or after `from`.
#[inline(always)]
fn find_word(b: &[u8], from: usize, word: &[u8]) -> Option<usize> {
    let (lo, up) = (word[0], word[0] & !0x20);
    let mut at = from;
    while let Some(p) = memchr::memchr2(lo, up, &b[at..]) {
        let i = at + p;
        let end = i + word.len();
        if end <= b.len()
            && (i == 0 || !is_word_byte(b[i - 1]))
            && b[i + 1..end].eq_ignore_ascii_case(&word[1..])
            && word_ends_at(b, end)
        {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// What is wrong with a criterion's body, if anything: the words are matched case-insensitively
/// on the criterion's own line and the following lines of its item; they must occur in order
/// (`And` / `But` and any other text may come between them).
fn problem(body: &str) -> Option<String> {
    if in_order(body) {
        return None;
    }
    let found = words(body);
    // Greedy in-order match: the first Given, the first When after it, the first Then after that.
    let mut want = 0;
    for &(_, w) in &found {
        if w == want {
            want += 1;
            if want == 3 {
                return None;
            }
        }
    }
    let missing: Vec<&str> = (0..3)
        .filter(|&w| !found.iter().any(|&(_, f)| f == w))
        .map(|w| WORDS[w])
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
        let list = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.concat(),
        };
        return Some(format!("found no {list}"));
    }
    // All three are there, but not in order: name the first pair that is out of order.
    let first = |w: usize| found.iter().find(|&&(_, f)| f == w).map(|&(p, _)| p);
    let last = |w: usize| found.iter().rev().find(|&&(_, f)| f == w).map(|&(p, _)| p);
    let (g, wh) = (first(0)?, last(1)?);
    if wh < g {
        return Some("found `When` before `Given`".into());
    }
    Some("found `Then` before `When`".into())
}

fn check(ctx: &Ctx, out: &mut Out) {
    let (doc, t) = (ctx.doc, ctx.template);
    let n = Kind::Ac.section_number(t);
    let mut anchors = Anchors::default();
    for c in &doc.facts.criteria {
        let Some(found) = problem(&c.body) else {
            continue;
        };
        let id = &c.id.text;
        out.report(
            c.id.span.clone(),
            format!("expected Given, When and Then in that order in `{id}`, {found}"),
        )
        .help("state the precondition (Given), the action (When) and the expected result (Then), in that order")
        .anchor(anchors.make(format!("§{n}/{id}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    const HEAD: &str = "# A — PRD\n\n## 7. Acceptance Criteria\n";

    use proptest::prelude::*;

    proptest! {
        /// The word scan finds what the regex it replaced finds.
        #[test]
        fn words_agree_with_the_regex(picks in proptest::collection::vec(0..12usize, 0..16)) {
            const P: [&str; 12] =
                ["Given", "when", "THEN", "then", "x", " ", "_", "é", "1", "-", "\u{212A}", "Whe"];
            let body: String = picks.iter().map(|&i| P[i]).collect();
            let re = regex::Regex::new(r"(?i)(?-u:\b)(?:given|when|then)(?-u:\b)").unwrap();
            let want: Vec<(usize, usize)> = re
                .find_iter(&body)
                .map(|m| (m.start(), WORDS.iter().position(|w| w.eq_ignore_ascii_case(m.as_str())).unwrap()))
                .collect();
            prop_assert_eq!(words(&body), want);
        }

        /// The word-by-word search (`memchr2` per word) says "in order" exactly when the
        /// greedy match over every word does.
        #[test]
        fn in_order_agrees_with_the_word_list(picks in proptest::collection::vec(0..18usize, 0..20)) {
            const P: [&str; 18] = [
                "Given", "when", "THEN", "then", "x", " ", "_", "é", "1", "-", "\u{212A}", "Whe",
                "g", "T", "w", "iven", "hen", "gIVEN",
            ];
            let body: String = picks.iter().map(|&i| P[i]).collect();
            let mut want = 0;
            for (_, w) in words(&body) {
                if w == want && want < 3 {
                    want += 1;
                }
            }
            prop_assert_eq!(in_order(&body), want == 3);
        }
    }

    #[test]
    fn accepted_styles_pass() {
        for body in [
            "- AC-001 (FR-001) — Given a, When b, Then c\n",
            "- AC-001 (FR-001) — Given… When… Then…\n",
            "- **AC-001 (FR-001)**: given a when b then c\n",
            "1. AC-001 — Given a, when b, then c (FR-001)\n",
            "- AC-001 (FR-001)\n  Given a\n  And a2\n  When b\n  But not c\n  Then d\n",
            "- AC-001 (FR-001)\n  - Given a\n  - When b\n  - Then c\n",
            "AC-001 (FR-001)\nGiven a\nWhen b\nThen c\n",
            "### AC-001 (FR-001)\n\nGiven a.\n\nWhen b.\n\nThen c.\n",
            "#### **AC-001** (FR-001)\n- Given a\n- When b, then c\n",
            "- AC-001 (FR-001) — Given a and then b, When c, Then d\n",
        ] {
            let got = run_rule(&RULE, &format!("{HEAD}{body}"));
            assert!(got.is_empty(), "{body}: {got:?}");
        }
    }

    #[test]
    fn missing_and_misordered_words_fire() {
        let s = format!(
            "{HEAD}- AC-001 (FR-001) — Given a, revisit is skipped.\n\
             - AC-002 (FR-001) — When b, Given a, Then c\n\
             - AC-003 (FR-001) — Given a, Then c, When b\n\
             - AC-004 (FR-001) — The export works.\n\
             - AC-005 (FR-001)\n- Given a\n- When b\n- Then c\n"
        );
        assert_eq!(
            run_rule(&RULE, &s),
            vec![
                (4, 3, "expected Given, When and Then in that order in `AC-001`, found no `When` or `Then`".into()),
                (5, 3, "expected Given, When and Then in that order in `AC-002`, found `When` before `Given`".into()),
                (6, 3, "expected Given, When and Then in that order in `AC-003`, found `Then` before `When`".into()),
                (7, 3, "expected Given, When and Then in that order in `AC-004`, found no `Given`, `When` or `Then`".into()),
                (8, 3, "expected Given, When and Then in that order in `AC-005`, found no `Given`, `When` or `Then`".into()),
            ]
        );
    }
}
