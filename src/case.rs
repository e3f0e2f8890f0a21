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
        if word.is_ascii() {
            return Case::of_ascii(word.as_bytes());
        }
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        let Some(first) = letters.next() else {
            return Case::Other;
        };
        let (mut upper, mut lower) = (0, 0);
        for c in letters {
            upper += usize::from(c.is_uppercase());
            lower += usize::from(c.is_lowercase());
        }
        match (first.is_uppercase(), upper, lower) {
            (false, 0, _) if first.is_lowercase() => Case::Lower,
            (true, 0, _) => Case::Title,
            (true, _, 0) => Case::Upper,
            _ => Case::Other,
        }
    }

    /// [`Case::of`] for ASCII, a byte at a time.
    fn of_ascii(word: &[u8]) -> Case {
        let mut letters = word.iter().filter(|b| b.is_ascii_alphabetic());
        let Some(first) = letters.next() else {
            return Case::Other;
        };
        let (mut upper, mut lower) = (false, false);
        for b in letters {
            upper |= b.is_ascii_uppercase();
            lower |= b.is_ascii_lowercase();
        }
        match (first.is_ascii_uppercase(), upper, lower) {
            (false, false, _) => Case::Lower,
            (true, false, _) => Case::Title,
            (true, true, false) => Case::Upper,
            _ => Case::Other,
        }
    }

    /// Whether `word` mixes cases in a way no spinner writes ("yR", "iPhone"), so that a
    /// lower-case key should not match it.
    pub(crate) fn is_mixed(word: &str) -> bool {
        Case::of(word) == Case::Other && word.chars().any(char::is_alphabetic)
    }

    /// Writes `word` in this case onto `out`.
    pub(crate) fn apply(self, word: &str, out: &mut String) {
        match self {
            Case::Lower | Case::Other => out.push_str(word),
            Case::Upper => out.extend(word.chars().flat_map(char::to_uppercase)),
            Case::Title => {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                }
                out.push_str(chars.as_str());
            }
        }
    }
}

/// Whether every letter of `text` is upper case and there are at least two.
pub(crate) fn is_all_upper(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Writes `original` in the case of `matched` onto `out`, and takes the whitespace between
/// its words from the gaps of `matched`.
///
/// Word `i` of the replacement takes the case of word `i` of the match, and its last word
/// (from the second on) that of the match's last word, so "Well being Division" gives
/// "Health Department"; text in capitals gives capitals throughout. With `exact`, the
/// dictionary's own case is kept unless the match is in capitals. Gap `i` of the replacement
/// takes gap `i` of the match (a space where the match has fewer gaps), and a line break in a
/// gap that has no counterpart moves to the replacement's last gap, so no line break is lost
/// as long as the replacement has a gap (see [`has_line_break`]). Apostrophes take the style
/// of the match (`didn’t` stays curly).
pub(crate) fn render(matched: &str, original: &Original, exact: bool, out: &mut String) {
    let shape = Shape::of(matched);
    let count = original.words.len();
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
    let apostrophe = (original.apostrophes && shape.apostrophe != '\'')
        .then(|| &*shape.apostrophe.encode_utf8(&mut apostrophe));
    for (i, word) in original.words.iter().enumerate() {
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

/// An original as [`render`] uses it: its words, and whether it has apostrophes.
#[derive(Clone, Debug)]
pub(crate) struct Original {
    pub(crate) words: Box<[Box<str>]>,
    apostrophes: bool,
}

impl Original {
    pub(crate) fn new(original: &str) -> Original {
        Original {
            words: original.split(' ').map(Box::from).collect(),
            apostrophes: original.contains('\''),
        }
    }
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
    /// Whether the text is in capitals.
    upper: bool,
    /// The first apostrophe in the text, or `'`.
    apostrophe: char,
}

/// Keys have at most a dozen words; words and gaps past this many are not looked at.
const MAX_GAPS: usize = 16;

impl<'a> Shape<'a> {
    fn of(matched: &'a str) -> Shape<'a> {
        let mut shape = Shape {
            cases: [Case::Other; MAX_GAPS],
            case_count: 0,
            last: Case::Other,
            gaps: [" "; MAX_GAPS],
            gap_count: 0,
            upper: is_all_upper(matched),
            apostrophe: matched.chars().find(|&c| is_apostrophe(c)).unwrap_or('\''),
        };
        let mut rest = matched;
        loop {
            let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let case = Case::of(&rest[..word_end]);
            if shape.case_count < MAX_GAPS {
                shape.cases[shape.case_count] = case;
                shape.case_count += 1;
            }
            shape.last = case;
            rest = &rest[word_end..];
            let gap_end = rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            if gap_end == 0 {
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

/// Whether `text` holds a line break.
pub(crate) fn has_line_break(text: &str) -> bool {
    text.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}', '\x0b', '\x0c'])
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
            render(matched, &Original::new(original), exact, &mut out);
            assert_eq!(out, want, "{matched:?} -> {original:?}");
        }
    }
}
