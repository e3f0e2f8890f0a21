//! Case- and whitespace-folded copies of text, with a map back to the original offsets.
//!
//! Matching runs on a folded copy of the text: letters are lower-cased (Unicode-aware), curly
//! apostrophes become straight ones, and every run of whitespace becomes one space, or one
//! newline when the run holds a paragraph break (two or more line breaks). Dictionary keys are
//! folded the same way, so one automaton matches every spelling of a phrase. The copy records
//! where its offsets drift from the original's, so a match can be mapped back exactly.

use std::cell::Cell;

/// A folded copy of a text.
#[derive(Debug, Default)]
pub(crate) struct Folded {
    /// The folded text.
    pub(crate) text: String,
    /// `(folded, original)` offset pairs at every point where the distance between the two
    /// changes, in increasing order; the first is always `(0, 0)`.
    checkpoints: Vec<(usize, usize)>,
    /// The checkpoint that [`Folded::to_original`] used last.
    last: Cell<usize>,
}

impl Folded {
    /// Folds `text`.
    pub(crate) fn new(text: &str) -> Folded {
        let mut folded = Folded::default();
        folded.refold(text);
        folded
    }

    /// Folds `text` in place of the text folded before, in the memory that one took.
    pub(crate) fn refold(&mut self, text: &str) {
        let mut out = std::mem::take(&mut self.text).into_bytes();
        out.clear();
        out.reserve(text.len());
        let checkpoints = &mut self.checkpoints;
        checkpoints.clear();
        checkpoints.push((0, 0));
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // ASCII that folds byte for byte, single spaces between words included: the common
            // case, lower-cased eight bytes at a time, or else one.
            if let Some((chunk, plain)) = plain_chunk(bytes, i) {
                if plain > 0 {
                    // Writing all eight and dropping the rest is cheaper than a shorter copy.
                    let len = out.len();
                    out.extend_from_slice(&ascii_lowercase(chunk).to_le_bytes());
                    out.truncate(len + plain);
                    i += plain;
                    continue;
                }
            }
            if is_plain(bytes, i) {
                out.push(bytes[i].to_ascii_lowercase());
                i += 1;
                continue;
            }
            let before = (out.len(), i);
            let c = char_at(text, i);
            if c.is_whitespace() {
                let (end, breaks) = whitespace_run(text, i);
                out.push(if breaks >= 2 { b'\n' } else { b' ' });
                i = end;
            } else {
                fold_char(c, &mut out);
                i += c.len_utf8();
            }
            if i - before.1 != out.len() - before.0 {
                checkpoints.push((out.len(), i));
            }
        }
        // Every byte pushed above is either ASCII or a whole encoded char.
        self.text = String::from_utf8(out).expect("folding keeps UTF-8 valid");
        self.last.set(0);
    }

    /// Maps an offset in the folded text back to the original text. Offsets asked one after
    /// another are mostly close, so the search starts from the checkpoint of the last one.
    pub(crate) fn to_original(&self, folded: usize) -> usize {
        let checkpoints = &self.checkpoints;
        let mut i = self.last.get();
        while checkpoints[i].0 > folded {
            i -= 1;
        }
        while checkpoints.get(i + 1).is_some_and(|&(f, _)| f <= folded) {
            i += 1;
        }
        self.last.set(i);
        let (f, o) = checkpoints[i];
        o + (folded - f)
    }
}

/// Folds a dictionary key, a context item or any short string the way [`Folded`] folds text.
pub(crate) fn fold(s: &str) -> String {
    let mut folded = String::new();
    fold_onto(s, &mut folded);
    folded
}

/// Writes [`fold`] of `s` onto `out`.
pub(crate) fn fold_onto(s: &str, out: &mut String) {
    let s = s.trim();
    // Mostly it is folded already: lower-case ASCII words between single spaces.
    let bytes = s.as_bytes();
    if (0..bytes.len()).all(|i| is_plain(bytes, i) && !bytes[i].is_ascii_uppercase()) {
        out.push_str(s);
    } else {
        out.push_str(&Folded::new(s).text);
    }
}

/// Whether `c` is an apostrophe that folds to `'`.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// Whether `c` is in the General Punctuation block (curly quotes, dashes, ellipses): common
/// in text, and neither a letter nor a digit, so the Unicode tables need not be asked.
#[inline]
pub(crate) fn is_punctuation(c: char) -> bool {
    ('\u{2000}'..='\u{206f}').contains(&c)
}

fn fold_char(c: char, out: &mut Vec<u8>) {
    let mut buf = [0; 4];
    if is_apostrophe(c) {
        out.push(b'\'');
    } else if is_punctuation(c) || c.is_lowercase() || !c.is_alphabetic() {
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    } else {
        for lower in c.to_lowercase() {
            out.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
        }
    }
}

/// Bytes that fold byte for byte (but for ASCII case): ASCII other than whitespace.
pub(crate) const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = !is_ascii_space(byte as u8);
        byte += 1;
    }
    table
};

/// Whether the byte at `i` folds as it is (but for ASCII case): a [`PLAIN`] byte, or a single
/// space before one.
#[inline]
fn is_plain(bytes: &[u8], i: usize) -> bool {
    PLAIN[usize::from(bytes[i])]
        || (bytes[i] == b' ' && bytes.get(i + 1).is_some_and(|&n| PLAIN[usize::from(n)]))
}

/// The eight bytes from `i` on, read as a little-endian word, and how many of them from the
/// first [are plain](is_plain), if there are eight. Tells them apart with a few operations on
/// the whole word; control characters other than whitespace, which are plain too, count as
/// not plain here and are left to [`is_plain`].
#[inline]
fn plain_chunk(bytes: &[u8], i: usize) -> Option<(u64, usize)> {
    let chunk = u64::from_le_bytes(bytes.get(i..i + 8)?.try_into().expect("eight bytes"));
    let non_ascii = chunk & each(0x80);
    let low = chunk & each(0x7f);
    // ASCII bytes below `!`: whitespace and control characters.
    let below = !(low + each(0x80 - b'!')) & each(0x80) & !non_ascii;
    let spaces = is_zero(low ^ each(b' ')) & !non_ascii;
    let stops = non_ascii | (below & !spaces);
    // A space must be followed by a plain byte; the last one, by the byte after the chunk.
    let after_last = bytes.get(i + 8).is_some_and(|&n| PLAIN[usize::from(n)]);
    let open_end = if after_last { 0 } else { each(0x80) << 56 };
    let bad_spaces = spaces & (((stops | spaces) >> 8) | open_end);
    let plain = ((stops | bad_spaces).trailing_zeros() / 8) as usize;
    Some((chunk, plain))
}

/// `byte` in each byte of a word.
const fn each(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The high bit of each byte of `word` (whose bytes have no high bit) that is zero.
#[inline]
fn is_zero(word: u64) -> u64 {
    !((word + each(0x7f)) | word) & each(0x80)
}

/// `chunk` with each ASCII upper-case letter lower-cased.
#[inline]
pub(crate) fn ascii_lowercase(chunk: u64) -> u64 {
    let low = chunk & each(0x7f);
    let at_least = |bound: u8| low + each(0x80 - bound);
    let upper = at_least(b'A') & !at_least(b'Z' + 1) & !chunk & each(0x80);
    chunk | (upper >> 2)
}

pub(crate) const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

pub(crate) fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().expect("offset is inside the text")
}

/// The end of the whitespace run that starts at `i`, and how many line breaks it holds
/// (`\r\n` counts once).
pub(crate) fn whitespace_run(text: &str, start: usize) -> (usize, usize) {
    let mut breaks = 0;
    let mut prev_cr = false;
    for (offset, c) in text[start..].char_indices() {
        if !c.is_whitespace() {
            return (start + offset, breaks);
        }
        match c {
            '\n' if prev_cr => {}
            '\n' | '\r' | '\x0b' | '\x0c' | '\u{85}' | '\u{2028}' | '\u{2029}' => breaks += 1,
            _ => {}
        }
        prev_cr = c == '\r';
    }
    (text.len(), breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_space_and_apostrophes() {
        let cases = [
            ("Based on Folks", "based on folks"),
            ("didn\u{2019}t  reply", "didn't reply"),
            ("wrapped\r\nphrase", "wrapped phrase"),
            ("one\n\ntwo", "one\ntwo"),
            ("one \r\n \r\n two", "one\ntwo"),
            ("Z\u{fc}RICH CAF\u{c9}", "z\u{fc}rich caf\u{e9}"),
            ("non\u{a0}breaking", "non breaking"),
            ("\u{130}stanbul", "i\u{307}stanbul"),
            // Eight bytes at a time: spaces at and across the edges of a chunk.
            ("ABCDEFG HIJKLMNO", "abcdefg hijklmno"),
            ("ABCDEFG  HIJKLMNO", "abcdefg hijklmno"),
            ("ABCDEFGH IJKLMNOP", "abcdefgh ijklmnop"),
            ("ABCDEFG \u{a0}HIJKLMN", "abcdefg hijklmn"),
            ("ABCDEFG \u{c9}TAIT XY", "abcdefg \u{e9}tait xy"),
            ("ABCDEFG\tHIJKLMNOP Q", "abcdefg hijklmnop q"),
            ("AB\x01CDEFGHIJ\x7fK@[`{Z", "ab\x01cdefghij\x7fk@[`{z"),
            ("Based on folks accustomed ", "based on folks accustomed "),
            (
                "one two\n\nthree four five six",
                "one two\nthree four five six",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(Folded::new(input).text, want, "{input:?}");
        }
    }

    #[test]
    fn punctuation_has_no_letters_or_digits() {
        for c in ('\u{2000}'..='\u{206f}').filter(|&c| is_punctuation(c)) {
            assert!(
                !c.is_alphanumeric() && !c.is_lowercase() && !c.is_uppercase(),
                "{c:?}"
            );
        }
        assert!(is_punctuation('\u{201c}') && !is_punctuation('\u{2070}'));
    }

    #[test]
    fn maps_offsets_back() {
        let text = "A\u{2019}b  \r\nC\u{130}x end";
        let folded = Folded::new(text);
        assert_eq!(folded.text, "a'b ci\u{307}x end");
        for (f, o) in [
            (0, 0),
            (1, 1),
            (2, 4),
            (3, 5),
            (4, 9),
            (5, 10),
            (8, 12),
            (9, 13),
        ] {
            assert_eq!(folded.to_original(f), o, "folded offset {f}");
        }
        assert_eq!(folded.to_original(folded.text.len()), text.len());
        for (f, o) in [(9, 13), (0, 0), (5, 10), (2, 4), (8, 12), (1, 1)] {
            assert_eq!(folded.to_original(f), o, "folded offset {f}, out of order");
        }
    }
}
