//! A hand-written scanner for FR/AC IDs in text: the same matches as the ID regexes of
//! `requirements::IdPatterns` (`mention`, `fr_ref`), found by jumping from digit run to digit
//! run instead of running a case-insensitive regex over every line. Most lines hold no digit at
//! all, and the digit test runs on 16 bytes at a time.
//!
//! It is used only when it is exact: both prefixes ASCII letters without `k` or `s` (whose
//! Unicode case folds — `K` KELVIN SIGN, `ſ` LONG S — the regex's `(?i)` would also match).
//! Otherwise the regex runs. A property test checks that both always agree.

use crate::document::{
    digits_end, is_word_byte, next_digit, skip_ascii_space, starts_with_ascii_ci, word_ends_at,
    FOLDED_LETTERS,
};
use std::ops::Range;

pub struct IdScan {
    fr: String,
    ac: String,
}

impl IdScan {
    /// A scanner for these prefixes, when it matches exactly what the regexes do.
    pub fn new(fr: &str, ac: &str) -> Option<IdScan> {
        let ok = |p: &str| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphabetic() && !matches!(b, b'k' | b'K' | b's' | b'S'))
        };
        (ok(fr) && ok(ac)).then(|| IdScan {
            fr: fr.to_string(),
            ac: ac.to_string(),
        })
    }

    /// Does `prefix` end at `end` (ignoring ASCII case), with a word boundary before it?
    fn prefix_before(b: &[u8], end: usize, prefix: &[u8]) -> bool {
        let Some(start) = end.checked_sub(prefix.len()) else {
            return false;
        };
        b[start..end].eq_ignore_ascii_case(prefix) && (start == 0 || !is_word_byte(b[start - 1]))
    }

    /// Every match of `(?i)\b(?:FR[-_]?[0-9]+|AC[-_]?[0-9]+[a-z]?)\b` (ASCII `\b`) in `text`,
    /// in order (`mention`); with `refs_only`, only FR IDs, and a space also separates
    /// (`(?i)\bFR[-_ ]?[0-9]+\b`, `fr_ref`).
    pub fn find_iter<'a>(
        &'a self,
        text: &'a str,
        refs_only: bool,
    ) -> impl Iterator<Item = Range<usize>> + 'a {
        let b = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while let Some(d0) = next_digit(b, at) {
                let d1 = digits_end(b, d0);
                // `d0` starts a whole run (the search resumes after a run or a letter): a match's
                // digits are a whole run, with its prefix and separator right before it.
                at = d1;
                let sep =
                    d0 > 0 && (matches!(b[d0 - 1], b'-' | b'_') || refs_only && b[d0 - 1] == b' ');
                let pe = if sep { d0 - 1 } else { d0 };
                if Self::prefix_before(b, pe, self.fr.as_bytes()) && word_ends_at(b, d1) {
                    return Some(pe - self.fr.len()..d1);
                }
                if refs_only || !Self::prefix_before(b, pe, self.ac.as_bytes()) {
                    continue;
                }
                if let Some(e) = Self::ac_end(b, d1) {
                    at = e;
                    return Some(pe - self.ac.len()..e);
                }
            }
            at = b.len();
            None
        })
    }

    /// Where an AC ID whose digits end at `d1` ends, if it does: `[a-z]?\b` after the digits,
    /// with `(?i)` and ASCII `\b`.
    fn ac_end(b: &[u8], d1: usize) -> Option<usize> {
        // `[a-z]?` is greedy: with the letter first. An ASCII letter is a word character, so the
        // ID must end after it; a folded letter is not one (ASCII `\b`), so it belongs to the ID
        // only when a word character follows it.
        if b.get(d1).is_some_and(u8::is_ascii_alphabetic) {
            return word_ends_at(b, d1 + 1).then_some(d1 + 1);
        }
        if let Some(l) = FOLDED_LETTERS.iter().find(|l| b[d1..].starts_with(l)) {
            let e = d1 + l.len();
            if b.get(e).is_some_and(|&c| is_word_byte(c)) {
                return Some(e);
            }
        }
        word_ends_at(b, d1).then_some(d1)
    }

    /// After `prefix` at `p`: an optional `-`, `_` or space, then digits. Where the digits
    /// start and end.
    fn number_after(b: &[u8], p: usize) -> Option<(usize, usize)> {
        let d0 = if matches!(b.get(p), Some(b'-' | b'_' | b' ')) {
            p + 1
        } else {
            p
        };
        let d1 = digits_end(b, d0);
        (d1 > d0).then_some((d0, d1))
    }

    /// `(?i)^AC[-_ ]?[0-9]+[a-z]?\b` (`ac_start`): where the criterion ID that starts `text`
    /// ends.
    pub fn ac_start(&self, text: &str) -> Option<usize> {
        let b = text.as_bytes();
        if !starts_with_ascii_ci(b, 0, &self.ac) {
            return None;
        }
        let (_, d1) = Self::number_after(b, self.ac.len())?;
        Self::ac_end(b, d1)
    }

    /// `(?i)^\s*(?:,|/|&|\band\b|\bor\b|\bto\b|\bthrough\b|\bthru\b|–|—|-)\s*AC[-_ ]?[0-9]`
    /// (`ac_range`, ASCII `\s` and `\b`): does `rest` join another AC ID to the one before it?
    pub fn ac_range(&self, rest: &str) -> bool {
        const SIGNS: [&str; 6] = [",", "/", "&", "\u{2013}", "\u{2014}", "-"];
        const WORDS: [&str; 5] = ["and", "or", "to", "through", "thru"];
        let b = rest.as_bytes();
        let i = skip_ascii_space(b, 0);
        // A word connector follows whitespace or starts `rest`: a boundary before it either way.
        let joined = SIGNS
            .iter()
            .find(|s| b[i..].starts_with(s.as_bytes()))
            .or_else(|| {
                WORDS
                    .iter()
                    .find(|w| starts_with_ascii_ci(b, i, w) && word_ends_at(b, i + w.len()))
            });
        let Some(joined) = joined else {
            return false;
        };
        let p = skip_ascii_space(b, i + joined.len());
        starts_with_ascii_ci(b, p, &self.ac) && Self::number_after(b, p + self.ac.len()).is_some()
    }

    /// `(?i)^FR[-_ ]?[0-9]+$` (`fr_like`): is `text` an FR ID, well formed or not?
    pub fn fr_like(&self, text: &str) -> bool {
        let b = text.as_bytes();
        starts_with_ascii_ci(b, 0, &self.fr)
            && Self::number_after(b, self.fr.len()).is_some_and(|(_, d1)| d1 == b.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;
    use std::sync::LazyLock;

    /// `IdPatterns`' regexes for these prefixes: mention, fr_ref, ac_start, ac_range, fr_like.
    fn regexes(fr: &str, ac: &str) -> [Regex; 5] {
        let (fr, ac) = (regex::escape(fr), regex::escape(ac));
        [
            format!(r"(?i)(?-u:\b)(?:{fr}[-_]?[0-9]+|{ac}[-_]?[0-9]+[a-z]?)(?-u:\b)"),
            format!(r"(?i)(?-u:\b){fr}[-_ ]?[0-9]+(?-u:\b)"),
            format!(r"(?i)^{ac}[-_ ]?[0-9]+[a-z]?(?-u:\b)"),
            format!(r"(?i)^(?-u:\s)*(?:,|/|&|(?-u:\b)and(?-u:\b)|(?-u:\b)or(?-u:\b)|(?-u:\b)to(?-u:\b)|(?-u:\b)through(?-u:\b)|(?-u:\b)thru(?-u:\b)|–|—|-)(?-u:\s)*{ac}[-_ ]?[0-9]"),
            format!(r"(?i)^{fr}[-_ ]?[0-9]+$"),
        ]
        .map(|p| Regex::new(&p).unwrap())
    }

    const PREFIXES: [(&str, &str); 4] = [("FR", "AC"), ("REQ", "U"), ("A", "AC"), ("FIX", "I")];

    /// [`regexes`] for each of [`PREFIXES`], compiled once.
    fn regexes_for(prefixes: usize) -> &'static [Regex; 5] {
        static RES: LazyLock<Vec<[Regex; 5]>> =
            LazyLock::new(|| PREFIXES.iter().map(|(fr, ac)| regexes(fr, ac)).collect());
        &RES[prefixes]
    }

    /// The anchored patterns (`ac_start`, `ac_range`, `fr_like`) against their regexes, from
    /// every place in `text`.
    fn anchored_agree(scan: &IdScan, res: &[Regex; 5], text: &str) -> Result<(), TestCaseError> {
        let [_, _, ac_start, ac_range, fr_like] = res;
        for (i, _) in text.char_indices() {
            let t = &text[i..];
            prop_assert_eq!(
                scan.ac_start(t),
                ac_start.find(t).map(|m| m.end()),
                "ac_start in {:?}",
                t
            );
            prop_assert_eq!(
                scan.ac_range(t),
                ac_range.is_match(t),
                "ac_range in {:?}",
                t
            );
            prop_assert_eq!(scan.fr_like(t), fr_like.is_match(t), "fr_like in {:?}", t);
        }
        Ok(())
    }

    const PIECES: &[&str] = &[
        "FR", "fr", "Fr", "AC", "ac", "aC", "A", "F", "R", "C", "-", "_", " ", "1", "0", "23", "b",
        "B", "x", "\u{212A}", "\u{17F}", "é", ".", ",", "(", ")", "\n", "FRAC", "ACFR", "REQ",
        "req", "US", "u", "I", "i", "\u{130}", "\u{131}", "FIX", "x1", "and", "Or", "to",
        "THROUGH", "thru", "/", "&", "\u{2013}", "\u{2014}", "\t", "\u{b}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn scanner_and_regex_agree(
            picks in proptest::collection::vec(0..PIECES.len(), 0..24),
            prefixes in 0..PREFIXES.len(),
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let (fr, ac) = PREFIXES[prefixes];
            let scan = IdScan::new(fr, ac).unwrap();
            let res = regexes_for(prefixes);
            let [mention, fr_ref, ..] = res;
            let want: Vec<_> = mention.find_iter(&text).map(|m| m.range()).collect();
            let got: Vec<_> = scan.find_iter(&text, false).collect();
            prop_assert_eq!(got, want, "mention in {:?}", text);
            let want: Vec<_> = fr_ref.find_iter(&text).map(|m| m.range()).collect();
            let got: Vec<_> = scan.find_iter(&text, true).collect();
            prop_assert_eq!(got, want, "fr_ref in {:?}", text);
            // The anchored patterns too (a random text seldom starts with a prefix, so from
            // every place in it).
            anchored_agree(&scan, res, &text)?;
        }
    }

    /// An ID's parts, with the connectors that may join it to another, for the anchored patterns.
    const PARTS: [&[&str]; 8] = [
        &["", " ", "\t", "\u{b}", "\n "],
        &[
            "", ",", "/", "&", "\u{2013}", "\u{2014}", "-", "and", "Or", "to", "THROUGH", "thru",
            "thr", "andx", "x",
        ],
        &["", " ", "\t", "\u{c}"],
        &["", "AC", "ac", "A", "FR", "fr", "U", "REQ", "I", "FIX"],
        &["", "-", "_", " ", "--"],
        &["", "1", "23"],
        &["", "b", "B", "\u{212A}", "\u{17F}", "bc"],
        &["", " ", "x", ".", "1", "\u{e9}", "\u{212A}x"],
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

        #[test]
        fn anchored_scanners_and_regexes_agree(
            picks in proptest::collection::vec(0..16usize, PARTS.len()),
            prefixes in 0..PREFIXES.len(),
        ) {
            let text: String = PARTS.iter().zip(&picks).map(|(p, &i)| p[i % p.len()]).collect();
            let (fr, ac) = PREFIXES[prefixes];
            anchored_agree(&IdScan::new(fr, ac).unwrap(), regexes_for(prefixes), &text)?;
        }
    }

    #[test]
    fn examples() {
        let scan = IdScan::new("FR", "AC").unwrap();
        let text = "See FR-1, fr-002, FR003 and AC1, Ac-002b, AC-3\u{212A} AC-4\u{212A}x \
                    but not FRAME-1, FR-1x, AC-1bc, FR 4.";
        let got: Vec<&str> = scan.find_iter(text, false).map(|r| &text[r]).collect();
        // A KELVIN SIGN is no word character to ASCII `\b`: the ID ends before it unless a
        // word character follows it (the regex's own, odd, reading).
        let want = [
            "FR-1",
            "fr-002",
            "FR003",
            "AC1",
            "Ac-002b",
            "AC-3",
            "AC-4\u{212A}",
        ];
        assert_eq!(got, want);
        let got: Vec<&str> = scan.find_iter(text, true).map(|r| &text[r]).collect();
        assert_eq!(got, ["FR-1", "fr-002", "FR003", "FR 4"]);
    }

    #[test]
    fn prefixes_the_scanner_cannot_do_exactly() {
        assert!(IdScan::new("REQ", "US").is_none());
        assert!(IdScan::new("FR", "K").is_none());
        assert!(IdScan::new("FR-", "AC").is_none());
        assert!(IdScan::new("FR", "").is_none());
    }
}
