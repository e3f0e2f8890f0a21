//! Carrying the case of the matched text over to its replacement, word by word.

use std::borrow::Cow;

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
pub(crate) fn render(matched: &str, original: &str, exact: bool, out: &mut String) {
    let apostrophe = matched.chars().find(|&c| is_apostrophe(c)).unwrap_or('\'');
    let original: Cow<str> = if apostrophe != '\'' && original.contains('\'') {
        Cow::Owned(original.replace('\'', apostrophe.encode_utf8(&mut [0; 4])))
    } else {
        Cow::Borrowed(original)
    };
    let words: Vec<&str> = matched.split_whitespace().collect();
    let upper = is_all_upper(matched);
    let originals: Vec<&str> = original.split(' ').collect();
    let matched_gaps = gaps(matched);
    let mut gaps: Vec<&str> = (1..originals.len())
        .map(|i| matched_gaps.get(i - 1).copied().unwrap_or(" "))
        .collect();
    if !gaps.iter().any(|g| has_line_break(g)) {
        let dropped = matched_gaps
            .iter()
            .skip(gaps.len())
            .find(|g| has_line_break(g));
        if let (Some(last), Some(dropped)) = (gaps.last_mut(), dropped) {
            *last = dropped;
        }
    }
    for (i, word) in originals.iter().enumerate() {
        if i > 0 {
            out.push_str(gaps[i - 1]);
        }
        let case = if upper {
            Case::Upper
        } else if exact {
            Case::Other
        } else {
            // The last word follows the last word of the match; the others go by position.
            let from = if i > 0 && i + 1 == originals.len() {
                words.last()
            } else {
                words.get(i).or(words.last())
            };
            from.map_or(Case::Other, |w| Case::of(w))
        };
        case.apply(word, out);
    }
}

/// Whether `text` holds a line break.
pub(crate) fn has_line_break(text: &str) -> bool {
    text.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}', '\x0b', '\x0c'])
}

/// The whitespace runs between the words of `text`.
fn gaps(text: &str) -> Vec<&str> {
    let mut gaps = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                gaps.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    gaps
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
            render(matched, original, exact, &mut out);
            assert_eq!(out, want, "{matched:?} -> {original:?}");
        }
    }
}
