use crate::finding::{Location, Position};
use std::ops::Range;

/// Byte offsets of line starts, to turn byte offsets into 1-based lines and character columns.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// Number of lines (a final newline does not start a new line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or_else(|| *self.starts.last().unwrap_or(&0))
    }

    /// The span of a 1-based line without its `\n` / `\r\n`.
    pub fn line_span(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_start(line).min(text.len());
        let mut end = self
            .starts
            .get(line)
            .map(|&s| s.saturating_sub(1))
            .unwrap_or(text.len())
            .max(start);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset).max(1);
        let start = self.line_start(line).min(offset);
        let column = text[start..offset].chars().count() + 1;
        Position { line, column }
    }

    pub fn location(&self, text: &str, span: Range<usize>) -> Location {
        let start_byte = floor_char_boundary(text, span.start.min(text.len()));
        let end_byte = ceil_char_boundary(text, span.end.min(text.len()).max(start_byte));
        Location {
            start_byte,
            end_byte,
            start: self.position(text, start_byte),
            end: self.position(text, end_byte),
        }
    }
}

/// A word character to ASCII `\b` (`(?-u:\b)`): an ASCII letter, digit or `_`; every other
/// byte, non-ASCII ones included, is not.
pub fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[b as usize]
}

/// Is there an ASCII `\b` after a word that ends at `e` (the end of `b`, or a byte that is no
/// word character)?
pub fn word_ends_at(b: &[u8], e: usize) -> bool {
    b.get(e).is_none_or(|&c| !is_word_byte(c))
}

/// Where the ASCII whitespace that `(?-u:\s)*` would match from `i` ends (vertical tab and form
/// feed included).
pub fn skip_ascii_space(b: &[u8], mut i: usize) -> usize {
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
    {
        i += 1;
    }
    i
}

/// Does `b[i..]` start with `word`, ignoring ASCII case?
pub fn starts_with_ascii_ci(b: &[u8], i: usize, word: &str) -> bool {
    b.get(i..i + word.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(word.as_bytes()))
}

/// The first ASCII digit at or after `from`.
pub fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    // Sixteen bytes at a time, as two words: each word's digit bytes, as a mask, say where the
    // first one is; the last few bytes go into a zero-padded word (zero is no digit).
    while i < b.len() {
        let rest = &b[i..];
        let (lo, hi) = if rest.len() >= 16 {
            (word_at(rest, 0), word_at(rest, 8))
        } else {
            let mut pad = [0u8; 16];
            pad[..rest.len()].copy_from_slice(rest);
            (word_at(&pad, 0), word_at(&pad, 8))
        };
        let (ml, mh) = (digit_mask(lo), digit_mask(hi));
        if ml != 0 {
            return Some(i + (ml.trailing_zeros() / 8) as usize);
        }
        if mh != 0 {
            return Some(i + 8 + (mh.trailing_zeros() / 8) as usize);
        }
        i += 16;
    }
    None
}

/// The eight bytes of `b` from `at` as a little-endian word (`b` holds them).
fn word_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The high bit of each byte of `w` that is an ASCII digit (`0x30..=0x39`), no other bit.
fn digit_mask(w: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A digit is `0x3_` with a low nibble under 10: XOR with `0x30` makes it a value under 10.
    // Adding 0x76 (0x80 - 10) to the low seven bits sets the high bit of every value of 10 or
    // more (no carry leaves a byte); a byte whose own high bit is set is no digit either.
    let x = w ^ 0x3030_3030_3030_3030;
    let ten_or_more = ((x & LOW7) + 0x7676_7676_7676_7676) | x;
    !ten_or_more & HIGH
}

/// The byte sequences `(?i)[a-z]` matches besides ASCII letters: U+212A KELVIN SIGN and
/// U+017F LATIN SMALL LETTER LONG S (the case folds of `k` and `s`).
pub const FOLDED_LETTERS: [&[u8]; 2] = ["\u{212A}".as_bytes(), "\u{17F}".as_bytes()];

/// Where the run of ASCII digits starting at `i` ends.
pub fn digits_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// [`is_word_byte`] as a table: one load per byte in the word scans.
static WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'_';
        i += 1;
    }
    t
};

pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "ab\n— x\r\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        // "x" after an em dash (3 bytes) and a space is the third character of line 2.
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(text, x), Position { line: 2, column: 3 });
        assert_eq!(&text[idx.line_span(text, 2)], "— x");
        assert_eq!(&text[idx.line_span(text, 3)], "last");
    }

    proptest::proptest! {
        /// The word-at-a-time digit search finds what a byte-by-byte one does, from any start,
        /// on any bytes (the digits' neighbours `/` and `:`, the XOR's partners `0x00` and
        /// `0x09`, bytes with the high bit set, and lengths around the 8- and 16-byte steps).
        #[test]
        fn next_digit_agrees_with_a_byte_scan(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![
                    b'0', b'5', b'9', b'/', b':', b'a', b' ', 0u8, 9, 0x39 ^ 0x80, 0xB0, 0xFF, 0x7F
                ]),
                0..40,
            ),
            from in 0usize..41,
        ) {
            let from = from.min(bytes.len());
            let naive = bytes[from..].iter().position(u8::is_ascii_digit).map(|p| from + p);
            proptest::prop_assert_eq!(next_digit(&bytes, from), naive);
        }
    }

    #[test]
    fn digit_mask_marks_exactly_the_digits() {
        for b in 0..=255u8 {
            let w = u64::from_le_bytes([b'x', b, b'x', b'x', b'x', b'x', b'x', b]);
            let want = if b.is_ascii_digit() {
                0x8000_0000_0000_8000
            } else {
                0
            };
            assert_eq!(digit_mask(w), want, "byte {b:#04x}");
        }
    }
}
