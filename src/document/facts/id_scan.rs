//! A hand-written scanner for FR/AC IDs in text: the same matches as the ID regexes of
//! `requirements::IdPatterns` (`mention`, `fr_ref`), found by jumping from digit run to digit
//! run instead of running a case-insensitive regex over every line. Most lines hold no digit at
//! all, and the digit test runs on 16 bytes at a time.
//!
//! It is used only when it is exact: both prefixes ASCII letters without `k` or `s` (whose
//! Unicode case folds — `K` KELVIN SIGN, `ſ` LONG S — the regex's `(?i)` would also match).
//! Otherwise the regex runs. A property test checks that both always agree.

use crate::document::is_word_byte;
use std::ops::Range;

/// The byte sequences `(?i)[a-z]` matches besides ASCII letters: U+212A KELVIN SIGN and
/// U+017F LATIN SMALL LETTER LONG S.
const FOLDED_LETTERS: [&[u8]; 2] = ["\u{212A}".as_bytes(), "\u{17F}".as_bytes()];

pub struct IdScan {
    fr: Vec<u8>,
    ac: Vec<u8>,
}

/// The first ASCII digit at or after `from`.
pub(super) fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    // Whole chunks without a digit are skipped with a test the compiler vectorises.
    while i + 16 <= b.len() {
        let chunk = &b[i..i + 16];
        if chunk.iter().fold(false, |a, &c| a | c.is_ascii_digit()) {
            break;
        }
        i += 16;
    }
    b[i..].iter().position(u8::is_ascii_digit).map(|p| i + p)
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
            fr: fr.as_bytes().to_vec(),
            ac: ac.as_bytes().to_vec(),
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
                let mut d1 = d0;
                while d1 < b.len() && b[d1].is_ascii_digit() {
                    d1 += 1;
                }
                // `d0` starts a whole run (the search resumes after a run or a letter): a match's
                // digits are a whole run, with its prefix and separator right before it.
                at = d1;
                let sep =
                    d0 > 0 && (matches!(b[d0 - 1], b'-' | b'_') || refs_only && b[d0 - 1] == b' ');
                let pe = if sep { d0 - 1 } else { d0 };
                let after_ok = |e: usize| e >= b.len() || !is_word_byte(b[e]);
                if Self::prefix_before(b, pe, &self.fr) && after_ok(d1) {
                    return Some(pe - self.fr.len()..d1);
                }
                if refs_only || !Self::prefix_before(b, pe, &self.ac) {
                    continue;
                }
                let start = pe - self.ac.len();
                // `[a-z]?` is greedy: with the letter first. An ASCII letter is a word
                // character, so the ID must end after it; a folded letter is not one (ASCII
                // `\b`), so it belongs to the ID only when a word character follows it.
                if d1 < b.len() && b[d1].is_ascii_alphabetic() {
                    if after_ok(d1 + 1) {
                        at = d1 + 1;
                        return Some(start..d1 + 1);
                    }
                    continue;
                }
                if let Some(l) = FOLDED_LETTERS.iter().find(|l| b[d1..].starts_with(l)) {
                    let e = d1 + l.len();
                    if e < b.len() && is_word_byte(b[e]) {
                        at = e;
                        return Some(start..e);
                    }
                }
                if after_ok(d1) {
                    return Some(start..d1);
                }
            }
            at = b.len();
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    fn regexes(fr: &str, ac: &str) -> (Regex, Regex) {
        let (fr, ac) = (regex::escape(fr), regex::escape(ac));
        (
            Regex::new(&format!(
                r"(?i)(?-u:\b)(?:{fr}[-_]?[0-9]+|{ac}[-_]?[0-9]+[a-z]?)(?-u:\b)"
            ))
            .unwrap(),
            Regex::new(&format!(r"(?i)(?-u:\b){fr}[-_ ]?[0-9]+(?-u:\b)")).unwrap(),
        )
    }

    const PIECES: &[&str] = &[
        "FR", "fr", "Fr", "AC", "ac", "aC", "A", "F", "R", "C", "-", "_", " ", "1", "0", "23", "b",
        "B", "x", "\u{212A}", "\u{17F}", "é", ".", ",", "(", ")", "\n", "FRAC", "ACFR", "REQ",
        "req", "US", "u", "I", "i", "\u{130}", "\u{131}", "FIX", "x1",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn scanner_and_regex_agree(
            picks in proptest::collection::vec(0..PIECES.len(), 0..24),
            prefixes in 0..4usize,
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let (fr, ac) = [("FR", "AC"), ("REQ", "U"), ("A", "AC"), ("FIX", "I")][prefixes];
            let scan = IdScan::new(fr, ac).unwrap();
            let (mention, fr_ref) = regexes(fr, ac);
            let want: Vec<_> = mention.find_iter(&text).map(|m| m.range()).collect();
            let got: Vec<_> = scan.find_iter(&text, false).collect();
            prop_assert_eq!(got, want, "mention in {:?}", text);
            let want: Vec<_> = fr_ref.find_iter(&text).map(|m| m.range()).collect();
            let got: Vec<_> = scan.find_iter(&text, true).collect();
            prop_assert_eq!(got, want, "fr_ref in {:?}", text);
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
