//! PRD060 `perf-targets`: Performance & Scale states numeric p50 and p95 targets.
//!
//! A target is `p50`/`p95` (or `median`, `50th`/`95th percentile`) with a time quantity
//! (`150 ms`, `2s`) near it, or followed directly by a number (`p95 < 300`, `p95: 300`). The
//! template's own prompt text, `targets for latency (p50/p95)`, has no numbers and does not
//! count. `N/A` plus a reason as the label's content is accepted (a label that does not apply).

use super::{not_applicable, scope};
use crate::document::{
    ceil_char_boundary, digits_end, floor_char_boundary, is_word_byte, next_digit,
    skip_ascii_space, starts_with_ascii_ci, word_ends_at, FOLDED_LETTERS,
};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};
use std::ops::Range;

pub const RULE: Rule = Rule {
    code: "PRD060",
    name: "perf-targets",
    severity: Severity::Warning,
    summary: "Performance & Scale states numeric p50 and p95 targets",
    fix: None,
    check,
};

const LABEL: &str = "Performance & Scale";

/// The terms for each percentile, matched as whole words (ASCII `\b`), ignoring ASCII case.
const P50: &[&str] = &["p50", "median", "50th percentile", "50th-percentile"];
const P95: &[&str] = &["p95", "95th percentile", "95th-percentile"];

/// Time units after a number (ignoring ASCII case), longest first where one starts another.
const UNITS: &[&str] = &[
    "milliseconds",
    "millisecond",
    "msecs",
    "msec",
    "ms",
    "seconds",
    "second",
    "secs",
    "sec",
    "s",
    "minutes",
    "minute",
    "mins",
    "min",
    "us",
    "\u{b5}s",
    "\u{3bc}s",
    "\u{39c}s",
];

/// A number's comparison before it: `p95 < 300`, `p95: 300`, `p50 under 200`.
const OPERATORS: &[&str] = &[
    "<=", ">=", "<", ">", "\u{2264}", "\u{2265}", "=", ":", "under", "below", "within", "at most",
    "of", "is",
];

// The scanners below are written by hand, not as regexes: compiling the regexes took a third of
// a single-file run's instructions. A property test checks them against the regexes they replace.

/// Where one of `terms` occurs in `text` as a whole word, in order, not overlapping: the matches
/// of `(?i)\b(?:term|…)\b`.
fn term_matches<'a>(
    text: &'a str,
    terms: &'a [&'a str],
) -> impl Iterator<Item = Range<usize>> + 'a {
    let b = text.as_bytes();
    // The bytes a term can start with (either ASCII case): most positions start none, and are
    // passed over with one look-up.
    let mut starts = [false; 256];
    for t in terms {
        match t.as_bytes().first() {
            Some(f) => {
                starts[f.to_ascii_lowercase() as usize] = true;
                starts[f.to_ascii_uppercase() as usize] = true;
            }
            None => starts = [true; 256],
        }
    }
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let at = i;
            i += 1;
            if !starts[b[at] as usize] || at > 0 && is_word_byte(b[at - 1]) {
                continue;
            }
            if let Some(t) = terms
                .iter()
                .find(|t| starts_with_ascii_ci(b, at, t) && word_ends_at(b, at + t.len()))
            {
                i = at + t.len();
                return Some(at..i);
            }
        }
        None
    })
}

/// Is there a time quantity (`150 ms`, `2.5s`, `1,5 seconds`) in `text`: a number not inside a
/// word or after a `.`, then a unit as a whole word?
fn has_quantity(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(d0) = next_digit(b, i) {
        let mut j = digits_end(b, d0);
        // The next search starts after this run of digits, which may be the integer part of a
        // number whose fraction digits start a quantity of their own (`x1,5 ms`).
        i = j;
        // Not after a word character or `.`; the regex this replaced ignored case, so not after
        // the KELVIN SIGN or LONG S (`K` and `s` to a case-insensitive class) either.
        let before = &b[..d0];
        if before.last().is_some_and(|&c| is_word_byte(c) || c == b'.')
            || FOLDED_LETTERS.iter().any(|l| before.ends_with(l))
        {
            continue;
        }
        if b.get(j).is_some_and(|&c| c == b'.' || c == b',') {
            if !b.get(j + 1).is_some_and(u8::is_ascii_digit) {
                continue;
            }
            j = digits_end(b, j + 1);
        }
        let u = skip_ascii_space(b, j);
        if UNITS
            .iter()
            .any(|unit| starts_with_ascii_ci(b, u, unit) && word_ends_at(b, u + unit.len()))
        {
            return true;
        }
    }
    false
}

/// Does `rest` (the text right after a term) start with its number: `< 300`, `: 300`,
/// `latency under 200`, `~150`?
fn number_follows(rest: &str) -> bool {
    let b = rest.as_bytes();
    let mut i = 0;
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b':' | b'=' | b'('))
    {
        i += 1;
    }
    if let Some(w) = ["latency", "response time"]
        .iter()
        .find(|w| starts_with_ascii_ci(b, i, w))
    {
        i += w.len();
    }
    let i = skip_ascii_space(b, i);
    let number_at = |k: usize| {
        let k = skip_ascii_space(b, k);
        let k = if b.get(k) == Some(&b'~') { k + 1 } else { k };
        b.get(k).is_some_and(u8::is_ascii_digit)
    };
    number_at(i)
        || OPERATORS
            .iter()
            .any(|op| starts_with_ascii_ci(b, i, op) && number_at(i + op.len()))
}

#[derive(PartialEq, Clone, Copy)]
enum State {
    Absent,
    NoNumber,
    Ok,
}

fn state(text: &str, terms: &[&str]) -> State {
    let mut st = State::Absent;
    for m in term_matches(text, terms) {
        st = State::NoNumber;
        let from = floor_char_boundary(text, m.start.saturating_sub(40));
        let to = ceil_char_boundary(text, m.end + 60);
        let rest = &text[m.end..];
        if has_quantity(&text[from..to])
            || number_follows(rest)
            || has_quantity(&rest[..clause_end(rest)])
        {
            return State::Ok;
        }
    }
    st
}

/// Longest stretch after a term searched for its time quantity: a clause seldom runs longer.
const CLAUSE_MAX: usize = 200;

/// Where the clause that starts `rest` ends: at a `;`, at a sentence's full stop (a `.` before
/// whitespace, not a decimal point), or after [`CLAUSE_MAX`] bytes. A target's number may sit
/// anywhere in its own clause (`p50 for a 200-student page is 300 ms`), however far from the
/// term, but not in the next one.
fn clause_end(rest: &str) -> usize {
    let b = rest.as_bytes();
    let cap = b.len().min(CLAUSE_MAX);
    for i in 0..cap {
        let full_stop = b[i] == b'.' && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace());
        if b[i] == b';' || full_stop {
            return i;
        }
    }
    floor_char_boundary(rest, cap)
}

fn check(ctx: &Ctx, out: &mut Out) {
    let t = ctx.template;
    let number = t.file.roles.nfr;
    let Some(section) = ctx.doc.section_numbered(t, number) else {
        return;
    };
    let sc = scope(ctx, section, number, LABEL);
    if sc.labelled && not_applicable(ctx, &sc.lines) == Some(true) {
        return;
    }
    let text = sc.lines.join(" ");
    let (p50, p95) = (state(&text, P50), state(&text, P95));
    if p50 == State::Ok && p95 == State::Ok {
        return;
    }
    let found = match (p50, p95) {
        (State::Absent, State::Absent) => "found neither".to_string(),
        (State::NoNumber, State::NoNumber) => "found p50 and p95 without numbers".to_string(),
        _ => {
            let part = |name: &str, s: State| match s {
                State::Absent => Some(format!("no {name}")),
                State::NoNumber => Some(format!("{name} without a number")),
                State::Ok => None,
            };
            let parts: Vec<String> = [part("p50", p50), part("p95", p95)]
                .into_iter()
                .flatten()
                .collect();
            format!("found {}", parts.join(" and "))
        }
    };
    let place = if sc.labelled {
        format!("under `{LABEL}`")
    } else {
        format!("in §{number} (no `{LABEL}` label)")
    };
    out.report(
        sc.span,
        format!("expected numeric p50 and p95 latency targets {place}, {found}"),
    )
    .help("state both, e.g. `Performance & Scale: page load p50 ≤ 300 ms, p95 ≤ 800 ms at 1,000 concurrent learners`")
    .anchor(format!("§{number}/perf-targets"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;
    use proptest::prelude::*;
    use regex::Regex;
    use std::sync::LazyLock;

    /// The regexes the scanners replace. `(?i)` here folds only ASCII letters for these terms,
    /// except `s`, which also matches `ſ` (U+017F): the pieces below leave it out.
    const TERM_RES: [&str; 2] = [
        r"(?i)(?-u:\b)(p50|median|50th[ -]percentile)(?-u:\b)",
        r"(?i)(?-u:\b)(p95|95th[ -]percentile)(?-u:\b)",
    ];
    const QUANTITY_RE: &str = r"(?i)(?:^|[^A-Za-z0-9_.])[0-9]+(?:[.,][0-9]+)?(?-u:\s)*(?:ms|msecs?|milliseconds?|s|secs?|seconds?|mins?|minutes?|µs|μs|us)(?-u:\b)";
    const DIRECT_RE: &str = r"(?i)^[ \t:=(]*(?:latency|response time)?(?-u:\s)*(?:<=|>=|<|>|≤|≥|=|:|under|below|within|at most|of|is)?(?-u:\s)*~?[0-9]";

    const PIECES: &[&str] = &[
        "p50",
        "P95",
        "p5",
        "median",
        "MEDIAN",
        "50th",
        "95TH",
        " ",
        "-",
        "percentile",
        "ms",
        "MSEC",
        "msecs",
        "millisecond",
        "s",
        "Sec",
        "seconds",
        "min",
        "minutes",
        "\u{b5}",
        "\u{3bc}",
        "\u{39c}",
        "us",
        "1",
        "20",
        "0",
        ".",
        ",",
        "_",
        "a",
        "x",
        "\t",
        "\n",
        "\u{b}",
        "\u{c}",
        "<",
        "<=",
        ">",
        "\u{2264}",
        "\u{2265}",
        ":",
        "=",
        "(",
        "~",
        "under",
        "at most",
        "is",
        "of",
        "within",
        "latency",
        "response time",
        "\u{e9}",
        "\u{212a}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        #[test]
        fn scanners_and_regexes_agree(picks in proptest::collection::vec(0..PIECES.len(), 0..16)) {
            static RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
                TERM_RES.iter().chain([&QUANTITY_RE, &DIRECT_RE]).map(|p| Regex::new(p).unwrap()).collect()
            });
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            for (re, terms) in RES.iter().zip([P50, P95]) {
                let want: Vec<_> = re.find_iter(&text).map(|m| m.range()).collect();
                let got: Vec<_> = term_matches(&text, terms).collect();
                prop_assert_eq!(got, want, "terms in {:?}", text);
            }
            prop_assert_eq!(has_quantity(&text), RES[2].is_match(&text), "quantity in {:?}", text);
            prop_assert_eq!(number_follows(&text), RES[3].is_match(&text), "number in {:?}", text);
        }
    }

    #[test]
    fn scanner_examples() {
        assert_eq!(
            term_matches("P50/p95, the 95th-percentile", P95).collect::<Vec<_>>(),
            vec![4..7, 13..28]
        );
        assert!(has_quantity("x1,5 ms"));
        assert!(has_quantity("under 2.5\tSeconds."));
        assert!(has_quantity("3 \u{3bc}s"));
        assert!(!has_quantity("v1.5 ms"));
        assert!(!has_quantity("5 msx"));
        assert!(!has_quantity("1. ms"));
        assert!(number_follows(" latency at most ~300"));
        assert!(number_follows("\u{2264}300"));
        assert!(!number_follows(" is low, 300 ms"));
    }

    const H8: &str = "# A — PRD\n\n## 8. Non-Functional Requirements\n";

    #[test]
    fn missing_or_numberless_targets() {
        assert_eq!(
            run_rule(&RULE, &format!("{H8}Performance & Scale: targets for latency (p50/p95), throughput.\n")),
            vec![(4, 1, "expected numeric p50 and p95 latency targets under `Performance & Scale`, found p50 and p95 without numbers".into())]
        );
        assert_eq!(
            run_rule(&RULE, &format!("{H8}- Performance & Scale:\n  - Start within 250ms p95.\n")),
            vec![(4, 3, "expected numeric p50 and p95 latency targets under `Performance & Scale`, found no p50".into())]
        );
        // A number in the next clause or sentence is not the target's.
        assert_eq!(
            run_rule(&RULE, &format!("{H8}Performance & Scale: p50 stays low for the gradebook page with all of its students; p95 ≤ 900 ms.\n")),
            vec![(4, 1, "expected numeric p50 and p95 latency targets under `Performance & Scale`, found p50 without a number".into())]
        );
        assert_eq!(
            run_rule(&RULE, &format!("{H8}- Performance: P95 launch validation (excluding remote key fetch latency) < 50ms.\n")),
            vec![(3, 1, "expected numeric p50 and p95 latency targets in §8 (no `Performance & Scale` label), found no p50".into())]
        );
        assert_eq!(
            run_rule(&RULE, &format!("{H8}Reliability: fine.\n")),
            vec![(3, 1, "expected numeric p50 and p95 latency targets in §8 (no `Performance & Scale` label), found neither".into())]
        );
    }

    #[test]
    fn accepted_forms() {
        for body in [
            "Performance & Scale: p50 ≤ 150 ms and p95 ≤ 400 ms.\n",
            "**Performance & Scale**\n\n- p50/p95 latency: 100/300 ms\n",
            "### Performance & Scale\n\n| Metric | Target |\n|---|---|\n| p50 | 200ms |\n| p95 | 1s |\n",
            "- Performance & Scale: median 80 ms, 95th percentile 250 ms\n",
            "Reliability: ok.\n\nPages render in p50 < 200 and p95 < 500.\n",
            "Performance & Scale: N/A — no runtime code changes in this feature.\n",
            // The number far from the term, but in the term's own clause.
            "Performance & Scale: p50 for rendering the instructor gradebook page with 200 students is 300 ms; p95 ≤ 900 ms.\n",
            "Performance & Scale: p50 launch validation (excluding remote key fetch latency) < 20 ms; p95 < 50 ms.\n",
        ] {
            assert!(run_rule(&RULE, &format!("{H8}{body}")).is_empty(), "{body}");
        }
        assert!(run_rule(&RULE, "# A — PRD\n\n## 1. Overview\nx\n").is_empty());
    }
}
