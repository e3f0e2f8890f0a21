//! Word boundaries (Unicode UAX #29), checked only where a match starts or ends.
//!
//! Segmenting a whole document would cost more than matching it, and the rules that decide a
//! boundary look at most a few characters to each side, so each check segments a short window
//! around the offset.

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

    #[test]
    fn possessive_ends() {
        assert!(is_end("Division's staff", 8));
        assert!(is_end("Division\u{2019}s staff", 8));
        assert!(!is_end("Division'sx", 8));
        assert!(!is_end("Divisions", 8));
    }
}
