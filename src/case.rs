//! Carrying the case of the matched text over to its replacement, word by word.

use crate::fold::is_apostrophe;

/// The case of one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    /// All letters lower case: the replacement word is written as the dictionary gives it.
    Lower,
    /// First letter upper case, the rest lower case.
    Title,
    /// Two or more letters, all upper case.
    Upper,
    /// Anything else (no letters, or mixed): the dictionary's spelling is kept.
    Other,
}

impl Case {
    /// The case of `word`.
    pub(crate) fn of(word: &str) -> Case {
        Letters::of(word).case()
    }

    /// Whether a word of `text` mixes cases in a way no spinner writes ("yR", "iPhone"), so
    /// that a lower-case key should not match it.
    pub(crate) fn any_mixed(text: &str) -> bool {
        // ASCII where every capital starts a word cannot mix cases: the common case, settled
        // in one pass over the bytes.
        let bytes = text.as_bytes();
        let plain = bytes.iter().enumerate().all(|(i, &b)| {
            b < 0x80 && (!b.is_ascii_uppercase() || i == 0 || is_space(bytes[i - 1]))
        });
        if plain {
            return false;
        }
        let mut rest = text;
        while !rest.is_empty() {
            rest = &rest[run_length(rest, true)..];
            let end = run_length(rest, false);
            let letters = Letters::of(&rest[..end]);
            if letters.first.is_some() && letters.case() == Case::Other {
                return true;
            }
            rest = &rest[end..];
        }
        false
    }

    /// Writes `word` in this case onto `out`.
    pub(crate) fn apply(self, word: &str, out: &mut String) {
        match self {
            Case::Lower | Case::Other => out.push_str(word),
            Case::Upper if word.is_ascii() => {
                let from = out.len();
                out.push_str(word);
                out[from..].make_ascii_uppercase();
            }
            Case::Upper => out.extend(word.chars().flat_map(char::to_uppercase)),
            Case::Title => {
                let mut chars = word.chars();
                match chars.next() {
                    Some(first) if first.is_ascii() => out.push(first.to_ascii_uppercase()),
                    Some(first) => out.extend(first.to_uppercase()),
                    None => {}
                }
                out.push_str(chars.as_str());
            }
        }
    }
}

/// The case of one letter, as [`Letters`] sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Letter {
    Upper,
    Lower,
    /// Neither (a title-case letter, or one of a script without case).
    Caseless,
}

/// What the case of a text depends on: its first letter, and which cases the letters after it
/// have.
#[derive(Clone, Copy, Debug, Default)]
struct Letters {
    first: Option<Letter>,
    /// Whether a letter after the first is upper case.
    upper: bool,
    /// Whether a letter after the first is lower case.
    lower: bool,
    /// Whether a letter after the first is not upper case.
    not_upper: bool,
}

impl Letters {
    fn of(text: &str) -> Letters {
        if !text.is_ascii() {
            let mut letters = Letters::default();
            for c in text.chars().filter(|c| c.is_alphabetic()) {
                letters.add(if c.is_uppercase() {
                    Letter::Upper
                } else if c.is_lowercase() {
                    Letter::Lower
                } else {
                    Letter::Caseless
                });
            }
            return letters;
        }
        let bytes = text.as_bytes();
        let Some(first) = bytes.iter().position(u8::is_ascii_alphabetic) else {
            return Letters::default();
        };
        let cases = bytes[first + 1..]
            .iter()
            .fold(0, |cases, &b| cases | ASCII_CASES[usize::from(b)]);
        Letters {
            first: Some(if bytes[first].is_ascii_uppercase() {
                Letter::Upper
            } else {
                Letter::Lower
            }),
            upper: cases & UPPER != 0,
            lower: cases & LOWER != 0,
            not_upper: cases & LOWER != 0,
        }
    }

    /// The case of a word with these letters.
    fn case(&self) -> Case {
        match (self.first, self.upper, self.lower) {
            (Some(Letter::Lower), false, _) => Case::Lower,
            (Some(Letter::Upper), false, _) => Case::Title,
            (Some(Letter::Upper), true, false) => Case::Upper,
            _ => Case::Other,
        }
    }

    #[inline]
    fn add(&mut self, letter: Letter) {
        if self.first.is_none() {
            self.first = Some(letter);
        } else {
            self.upper |= letter == Letter::Upper;
            self.lower |= letter == Letter::Lower;
            self.not_upper |= letter != Letter::Upper;
        }
    }
}

const UPPER: u8 = 1;
const LOWER: u8 = 2;

/// For each ASCII byte, [`UPPER`] or [`LOWER`] if it is a letter of that case.
const ASCII_CASES: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        if b.is_ascii_uppercase() {
            table[byte] = UPPER;
        } else if b.is_ascii_lowercase() {
            table[byte] = LOWER;
        }
        byte += 1;
    }
    table
};

/// Writes `original` (words separated by single spaces) in the case of `matched` onto `out`,
/// and takes the whitespace between its words from the gaps of `matched`.
///
/// Word `i` of the replacement takes the case of word `i` of the match, and its last word
/// (from the second on) that of the match's last word, so "Well being Division" gives
/// "Health Department"; text in capitals gives capitals throughout. With `exact`, the
/// dictionary's own case is kept unless the match is in capitals. Gap `i` of the replacement
/// takes gap `i` of the match (a space where the match has fewer gaps), and a line break in a
/// gap that has no counterpart moves to the replacement's last gap, so no line break is lost
/// as long as the replacement has a gap (see [`has_line_break`]). Apostrophes take the style
/// of the match (`didn’t` stays curly).
pub(crate) fn render(matched: &str, original: &str, exact: bool, out: &mut String) {
    let shape = match plain_capitals(matched) {
        // ASCII words between single spaces: unless the case is carried over, the original is
        // written as it is.
        Some(capitals) if !capitals.all && (exact || !capitals.any) => {
            out.push_str(original);
            return;
        }
        Some(capitals) => Shape::of_plain(matched, capitals.all),
        None => Shape::of(matched),
    };
    let count = original.split(' ').count();
    // Gap `i` of the replacement: gap `i` of the match, or a space; a line break that would be
    // dropped moves to the last gap.
    let kept = count - 1;
    let mut moved_break = None;
    if kept > 0
        && !shape.gaps[..kept.min(shape.gap_count)]
            .iter()
            .any(|g| has_line_break(g))
    {
        moved_break = shape.gaps[kept.min(shape.gap_count)..shape.gap_count]
            .iter()
            .find(|g| has_line_break(g));
    }
    let mut apostrophe = [0; 4];
    let apostrophe = (shape.apostrophe != '\'' && original.contains('\''))
        .then(|| &*shape.apostrophe.encode_utf8(&mut apostrophe));
    for (i, word) in original.split(' ').enumerate() {
        if i > 0 {
            let gap = match moved_break {
                Some(gap) if i == kept => gap,
                _ if i - 1 < shape.gap_count => shape.gaps[i - 1],
                _ => " ",
            };
            out.push_str(gap);
        }
        let case = if shape.upper {
            Case::Upper
        } else if exact {
            Case::Other
        } else if i > 0 && i + 1 == count {
            // The last word follows the last word of the match; the others go by position.
            shape.last
        } else {
            shape.cases[..shape.case_count]
                .get(i)
                .copied()
                .unwrap_or(shape.last)
        };
        match apostrophe {
            Some(apostrophe) if word.contains('\'') => {
                case.apply(&word.replace('\'', apostrophe), out);
            }
            _ => case.apply(word, out),
        }
    }
}

/// Which capitals a text has.
struct Capitals {
    /// Whether it has an upper-case letter.
    any: bool,
    /// Whether it is in capitals: every letter upper case, and at least two.
    all: bool,
}

/// Whether `text` is ASCII words separated by single spaces.
pub(crate) fn is_plain(text: &str) -> bool {
    plain_capitals(text).is_some()
}

/// The [`Capitals`] of `text` if it [is plain](is_plain), in one pass over its bytes.
fn plain_capitals(text: &str) -> Option<Capitals> {
    let (mut upper, mut lower, mut prev) = (0, false, b' ');
    for &b in text.as_bytes() {
        if b >= 0x80 || (is_space(b) && (b != b' ' || prev == b' ')) {
            return None;
        }
        upper += usize::from(b.is_ascii_uppercase());
        lower |= b.is_ascii_lowercase();
        prev = b;
    }
    (prev != b' ').then_some(Capitals {
        any: upper > 0,
        all: upper >= 2 && !lower,
    })
}

/// What [`render`] needs to know of the matched text, read in one pass without allocating.
struct Shape<'a> {
    /// The case of the first words.
    cases: [Case; MAX_GAPS],
    case_count: usize,
    /// The case of the last word.
    last: Case,
    /// The whitespace runs between the words.
    gaps: [&'a str; MAX_GAPS],
    gap_count: usize,
    /// Whether the text is in capitals: every letter upper case, and at least two.
    upper: bool,
    /// The first apostrophe in the text, or `'`.
    apostrophe: char,
}

/// Keys have at most a dozen words; words and gaps past this many are not looked at.
const MAX_GAPS: usize = 16;

impl<'a> Shape<'a> {
    /// The shape of a [plain](is_plain) text, in capitals or not.
    fn of_plain(matched: &'a str, upper: bool) -> Shape<'a> {
        let mut shape = Shape::empty(upper, '\'');
        for word in matched.split(' ') {
            shape.push(Case::of(word));
        }
        shape.gap_count = (shape.case_count - 1).min(MAX_GAPS);
        shape
    }

    /// A shape with no words yet.
    fn empty(upper: bool, apostrophe: char) -> Shape<'a> {
        Shape {
            cases: [Case::Other; MAX_GAPS],
            case_count: 0,
            last: Case::Other,
            gaps: [" "; MAX_GAPS],
            gap_count: 0,
            upper,
            apostrophe,
        }
    }

    /// Adds the case of the next word.
    fn push(&mut self, case: Case) {
        if self.case_count < MAX_GAPS {
            self.cases[self.case_count] = case;
            self.case_count += 1;
        }
        self.last = case;
    }

    /// The shape of any text.
    fn of(matched: &'a str) -> Shape<'a> {
        let apostrophe = if matched.is_ascii() {
            '\''
        } else {
            matched.chars().find(|&c| is_apostrophe(c)).unwrap_or('\'')
        };
        let mut shape = Shape::empty(false, apostrophe);
        // Whether every word with letters is in capitals, and their letters (counted up to two).
        let (mut capitals, mut letters) = (true, 0);
        let mut rest = matched;
        loop {
            let word_end = run_length(rest, false);
            let word = Letters::of(&rest[..word_end]);
            if let Some(first) = word.first {
                capitals &= first == Letter::Upper && !word.not_upper;
                letters += 1 + usize::from(word.upper);
            }
            shape.push(word.case());
            rest = &rest[word_end..];
            let gap_end = run_length(rest, true);
            if gap_end == 0 {
                shape.upper = capitals && letters >= 2;
                return shape;
            }
            if shape.gap_count < MAX_GAPS {
                shape.gaps[shape.gap_count] = &rest[..gap_end];
                shape.gap_count += 1;
            }
            rest = &rest[gap_end..];
        }
    }
}

/// The length of the run of whitespace (or, with `whitespace` false, of anything else) that
/// `text` starts with.
fn run_length(text: &str, whitespace: bool) -> usize {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x80 {
            let rest = &text[i..];
            return i + rest
                .find(|c: char| c.is_whitespace() != whitespace)
                .unwrap_or(rest.len());
        }
        if is_space(b) != whitespace {
            return i;
        }
    }
    bytes.len()
}

/// Whether the ASCII byte `b` is whitespace.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Whether `text` holds a line break.
pub(crate) fn has_line_break(text: &str) -> bool {
    // The bytes that start a line break: a cheap test that mostly settles it.
    text.bytes()
        .any(|b| matches!(b, b'\n' | b'\x0b' | b'\x0c' | b'\r' | 0xc2 | 0xe2))
        && text.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}', '\x0b', '\x0c'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_of_words() {
        let cases = [
            ("said", Case::Lower),
            ("Said", Case::Title),
            ("SAID", Case::Upper),
            ("U.S.", Case::Upper),
            ("A", Case::Title),
            ("McCaul", Case::Other),
            ("2", Case::Other),
            ("\u{c9}t\u{e9}", Case::Title),
            ("\u{c9}T\u{c9}", Case::Upper),
        ];
        for (word, want) in cases {
            assert_eq!(Case::of(word), want, "{word:?}");
        }
    }

    #[test]
    fn mixed_words_and_line_breaks() {
        let cases = [
            ("based on folks", false, false),
            ("iPhone maker", true, false),
            ("Apple yR", true, false),
            ("U.S. OFFICERS", false, false),
            ("caf\u{e9}\u{a0}cR\u{c8}me", true, false),
            ("\u{c9}T\u{c9} \u{4e2d}\u{6587}", true, false),
            ("\u{c9}T\u{c9} L\u{c0}", false, false),
            ("two\nlines", false, true),
            ("two\x0blines", false, true),
            ("two\u{2028}lines", false, true),
            ("two\u{85}lines", false, true),
            ("\u{201c}quoted\u{201d}\u{a0}text", false, false),
        ];
        for (text, mixed, line_break) in cases {
            assert_eq!(Case::any_mixed(text), mixed, "{text:?}");
            assert_eq!(has_line_break(text), line_break, "{text:?}");
        }
    }

    #[test]
    fn renders_word_by_word() {
        let cases = [
            (
                "Based on folks",
                "according to people",
                false,
                "According to people",
            ),
            (
                "BASED ON FOLKS",
                "according to people",
                false,
                "ACCORDING TO PEOPLE",
            ),
            ("Chinese language", "Chinese", false, "Chinese"),
            ("CHINESE LANGUAGE", "Chinese", false, "CHINESE"),
            ("firms", "companies", false, "companies"),
            ("Firms", "companies", false, "Companies"),
            ("mentioned", "U.S.", false, "U.S."),
            ("White Home", "White House", true, "White House"),
            ("WHITE HOME", "White House", true, "WHITE HOUSE"),
            ("\u{e9}tait", "\u{e9}t\u{e9}", false, "\u{e9}t\u{e9}"),
            ("\u{c9}tait", "\u{e9}t\u{e9}", false, "\u{c9}t\u{e9}"),
            (
                "\u{c9}TAIT L\u{c0}",
                "\u{e9}t\u{e9} ici",
                false,
                "\u{c9}T\u{c9} ICI",
            ),
            (
                "\u{c9} l\u{e0}",
                "\u{e9}t\u{e9} ici",
                false,
                "\u{c9}t\u{e9} ici",
            ),
            ("A\u{a0}B", "one two", false, "ONE\u{a0}TWO"),
            ("\u{4e2d}\u{6587} X", "one two", false, "one Two"),
            (
                "Based\ton  folks",
                "according to people",
                false,
                "According\tto  people",
            ),
            (
                "2 international\nlocations",
                "two countries",
                false,
                "two\ncountries",
            ),
            (
                "folks accustomed to\nthe matter",
                "people familiar",
                false,
                "people\nfamiliar",
            ),
            ("As well as", "in addition", false, "In addition"),
            (
                "Well being Division",
                "health department",
                false,
                "Health Department",
            ),
            (
                "Nationwide safety",
                "national security adviser",
                false,
                "National security adviser",
            ),
            (
                "didn\u{2019}t reply",
                "didn't respond",
                false,
                "didn\u{2019}t respond",
            ),
        ];
        for (matched, original, exact, want) in cases {
            let mut out = String::new();
            render(matched, original, exact, &mut out);
            assert_eq!(out, want, "{matched:?} -> {original:?}");
        }
    }
}
