//! Word boundaries (Unicode UAX #29), checked only where a match starts or ends.
//!
//! Segmenting a whole document would cost more than matching it, and the rules that decide a
//! boundary look at most a few characters to each side. Between ASCII characters the rules
//! are applied directly; elsewhere a short window around the offset is segmented.

use unicode_segmentation::UnicodeSegmentation;

use crate::fold::is_apostrophe;

/// How many characters on each side of an offset decide whether it is a word boundary.
const REACH: usize = 4;

/// Whether `pos` is a word boundary in `text` (the start and the end of a text are).
pub(crate) fn is_boundary(text: &str, pos: usize) -> bool {
    if pos == 0 || pos >= text.len() {
        return pos <= text.len();
    }
    let bytes = text.as_bytes();
    if bytes[pos - 1].is_ascii_whitespace() || bytes[pos].is_ascii_whitespace() {
        // Whitespace breaks from anything but whitespace; the only exception (WB3d) keeps runs
        // of horizontal whitespace together, and a key never starts or ends inside one.
        return !(bytes[pos - 1].is_ascii_whitespace() && bytes[pos].is_ascii_whitespace());
    }
    if let Some(boundary) = ascii_boundary(bytes, pos) {
        return boundary;
    }
    segmented_boundary(text, pos)
}

/// [`is_boundary`] by segmenting the window of [`REACH`] characters around `pos`.
fn segmented_boundary(text: &str, pos: usize) -> bool {
    if !text.is_char_boundary(pos) {
        return false;
    }
    let start = text[..pos]
        .char_indices()
        .rev()
        .nth(REACH - 1)
        .map_or(0, |(i, _)| i);
    let end = text[pos..]
        .char_indices()
        .nth(REACH)
        .map_or(text.len(), |(i, _)| pos + i);
    text[start..end]
        .split_word_bound_indices()
        .any(|(i, _)| start + i == pos)
}

/// The UAX #29 word-break property of an ASCII character, for the rules that ASCII can meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Break {
    /// ALetter: `A`–`Z`, `a`–`z`.
    Letter,
    /// Numeric: `0`–`9`.
    Digit,
    /// MidLetter: `:`.
    MidLetter,
    /// MidNumLet and Single_Quote: `.` and `'`.
    MidNumLet,
    /// MidNum: `,` and `;`.
    MidNum,
    /// ExtendNumLet: `_`.
    ExtendNumLet,
    /// Anything else, which breaks from everything (whitespace is handled before).
    Other,
}

/// [`Break`] of each ASCII byte; `None` for the bytes of non-ASCII characters.
const BREAK: [Option<Break>; 256] = {
    let mut table = [None; 256];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        table[byte] = Some(match b {
            b'A'..=b'Z' | b'a'..=b'z' => Break::Letter,
            b'0'..=b'9' => Break::Digit,
            b':' => Break::MidLetter,
            b'.' | b'\'' => Break::MidNumLet,
            b',' | b';' => Break::MidNum,
            b'_' => Break::ExtendNumLet,
            _ => Break::Other,
        });
        byte += 1;
    }
    table
};

/// [`is_boundary`] between two ASCII characters that are not whitespace, by the rules
/// WB5–WB13b; `None` when a character the rules need is not ASCII.
fn ascii_boundary(bytes: &[u8], pos: usize) -> Option<bool> {
    use Break::*;
    let class = |i: usize| BREAK[usize::from(bytes[i])];
    let (left, right) = (class(pos - 1)?, class(pos)?);
    // WB6 and WB12 look one character past the right, WB7 and WB11 one before the left; a
    // text edge there means the rule does not apply.
    let joins = |outer: Option<usize>, mid: Break, near: Break| -> Option<bool> {
        let Some(outer) = outer else {
            return Some(false);
        };
        let far = class(outer)?;
        Some(matches!(
            (near, mid, far),
            (Letter, MidLetter | MidNumLet, Letter) | (Digit, MidNum | MidNumLet, Digit)
        ))
    };
    Some(match (left, right) {
        // WB5, WB8–WB10, WB13a, WB13b.
        (Letter | Digit | ExtendNumLet, Letter | Digit | ExtendNumLet) => false,
        (Letter | Digit, MidLetter | MidNumLet | MidNum) => {
            !joins((pos + 1 < bytes.len()).then_some(pos + 1), right, left)?
        }
        (MidLetter | MidNumLet | MidNum, Letter | Digit) => {
            !joins(pos.checked_sub(2), left, right)?
        }
        _ => true,
    })
}

/// Whether a match may end at `pos`: a word boundary, or the start of a possessive `'s`
/// ("Commerce Division's"), which UAX #29 keeps inside the word.
pub(crate) fn is_end(text: &str, pos: usize) -> bool {
    if is_boundary(text, pos) {
        return true;
    }
    if !text.is_char_boundary(pos) {
        return false;
    }
    let mut rest = text[pos..].char_indices();
    match (rest.next(), rest.next()) {
        (Some((_, apostrophe)), Some((i, 's' | 'S'))) if is_apostrophe(apostrophe) => {
            is_boundary(text, pos + i + 1)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        let cases: &[(&str, usize, bool)] = &[
            ("armyworm", 4, false),
            ("army worm", 4, true),
            ("army-worm", 4, true),
            ("caf\u{e9}s", 5, false),
            ("Z\u{fc}rich", 1, false),
            ("Z\u{fc}rich", 3, false),
            ("12 x", 1, false),
            ("U.S. officers", 4, true),
            ("U.S. officers", 1, false),
            ("don't", 3, false),
            ("\u{feff}Based", 3, true),
            ("a", 0, true),
            ("a", 1, true),
        ];
        for &(text, pos, want) in cases {
            assert_eq!(is_boundary(text, pos), want, "{text:?} at {pos}");
        }
    }

    /// The ASCII rules agree with segmentation on every string of four characters drawn from
    /// each word-break class, and on longer strings where the classes meet non-ASCII ones.
    #[test]
    fn ascii_rules_agree_with_segmentation() {
        let short = [
            "a", "B", "7", ".", "'", ":", ",", ";", "_", "-", "\"", "\x0b", "\0", "\u{e9}",
            "\u{301}", "\u{5d0}", "\u{200d}",
        ];
        let mut checked = 0;
        let mut text = String::new();
        for a in short {
            for b in short {
                for c in short {
                    for d in short {
                        text.clear();
                        text.extend([a, b, c, d]);
                        for pos in 1..text.len() {
                            if let Some(fast) = ascii_boundary(text.as_bytes(), pos) {
                                assert_eq!(
                                    fast,
                                    segmented_boundary(&text, pos),
                                    "{text:?} at {pos}"
                                );
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 100_000, "{checked}");
    }

    #[test]
    fn possessive_ends() {
        assert!(is_end("Division's staff", 8));
        assert!(is_end("Division\u{2019}s staff", 8));
        assert!(!is_end("Division'sx", 8));
        assert!(!is_end("Divisions", 8));
    }
}
