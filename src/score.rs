//! The spin score: how strongly a text shows that it passed through a spinner.
//!
//! The score weighs each distinct entry that fires in a text by its class (sure 3, likely 2,
//! ambiguous 1) and gives the sum per 1,000 words. The verdict follows the evidence gate of
//! the restorer, so the two always agree: a text is `spun` when some window of it holds the
//! minimum evidence (the distinct sure or likely entries that let ambiguous entries fire),
//! `clean` when nothing in it would be replaced, and `unclear` in between (sure or likely
//! entries fire, ambiguous ones do not).

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::{Class, Replacement, Restorer};

/// What the spin evidence of a text says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing in the text would be replaced.
    Clean,
    /// Some sure or likely entries fire, too few for ambiguous ones to.
    Unclear,
    /// The evidence gate is open: ambiguous entries fire too.
    Spun,
}

impl Verdict {
    /// The name of the verdict: `clean`, `unclear` or `spun`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Clean => "clean",
            Verdict::Unclear => "unclear",
            Verdict::Spun => "spun",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The spin score of a text and what goes into it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Score {
    /// Class weights of the distinct entries that fire, per 1,000 words.
    pub score: f64,
    /// Words in the text.
    pub words: usize,
    /// Replacements made.
    pub hits: usize,
    /// Distinct entries among them.
    pub entries: usize,
    /// The most distinct sure or likely entries matched (outside quotations) within one
    /// window: the evidence the gate for ambiguous entries counts.
    pub evidence: usize,
    /// What the evidence says.
    pub verdict: Verdict,
}

/// The weight of a class in the score.
fn weight(class: Class) -> usize {
    match class {
        Class::Sure => 3,
        Class::Likely => 2,
        Class::Ambiguous => 1,
    }
}

impl Restorer {
    /// The spin score of `text`.
    ///
    /// ```
    /// use unspin::{Restorer, Verdict};
    ///
    /// let restorer = Restorer::builtin();
    /// let spun = "Based on folks accustomed to the matter, the White Home mentioned its secrets and techniques.";
    /// assert_eq!(restorer.score(spun).verdict, Verdict::Spun);
    /// assert_eq!(restorer.score("The officers mentioned the army.").verdict, Verdict::Clean);
    /// ```
    pub fn score(&self, text: &str) -> Score {
        self.score_of(text, &self.find(text))
    }

    /// The spin score of `text`, whose replacements (from [`Restorer::find`]) are known.
    pub fn score_of(&self, text: &str, replacements: &[Replacement]) -> Score {
        let evidence = if replacements.is_empty() {
            0
        } else {
            self.evidence(text)
        };
        self.score_parts(
            word_count(text),
            replacements.len(),
            replacements.iter().map(|r| r.entry),
            evidence,
        )
    }

    /// The spin score of a text from its parts, for a text read in pieces: its words, its
    /// replacements and the entries that made them, and its [evidence](Restorer::evidence).
    pub fn score_parts(
        &self,
        words: usize,
        hits: usize,
        entries: impl IntoIterator<Item = usize>,
        evidence: usize,
    ) -> Score {
        let distinct: HashSet<usize> = entries.into_iter().collect();
        let points: usize = distinct.iter().map(|&id| weight(self.class(id))).sum();
        let evidence = if hits == 0 { 0 } else { evidence };
        let verdict = if hits == 0 {
            Verdict::Clean
        } else if evidence >= self.options().min_evidence {
            Verdict::Spun
        } else {
            Verdict::Unclear
        };
        Score {
            score: points as f64 * 1000.0 / words.max(1) as f64,
            words,
            hits,
            entries: distinct.len(),
            evidence,
            verdict,
        }
    }
}

/// The words of `text`: the segments with a letter or digit that Unicode word segmentation
/// (UAX #29) cuts it into, as `unicode_words` counts them. Stretches of ASCII are counted in
/// one pass; only those with other characters go through the Unicode tables.
///
/// ```
/// assert_eq!(unspin::word_count("Don't stop: 3.14, e.g. caf\u{e9} _"), 5);
/// ```
pub fn word_count(text: &str) -> usize {
    // The text is cut where ASCII whitespace is followed by an ASCII character: no word
    // reaches across such a place, so the words of the pieces add up to those of the text.
    let bytes = text.as_bytes();
    let is_cut = |p: usize| bytes[p] < 0x80 && bytes[p - 1].is_ascii_whitespace();
    let mut count = 0;
    let mut start = 0;
    while let Some(wide) = bytes[start..].iter().position(|&b| b >= 0x80) {
        let wide = start + wide;
        let from = (start + 1..wide)
            .rev()
            .find(|&p| is_cut(p))
            .unwrap_or(start);
        let to = (wide + 1..bytes.len())
            .find(|&p| is_cut(p))
            .unwrap_or(bytes.len());
        count += ascii_word_count(&bytes[start..from]) + text[from..to].unicode_words().count();
        start = to;
    }
    count + ascii_word_count(&bytes[start..])
}

/// The word segmentation classes of ASCII characters (UAX #29), as far as words go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ascii {
    Letter,
    Digit,
    /// `_`, which joins letters and digits.
    Underscore,
    /// `:`, which joins two letters.
    MidLetter,
    /// `.` and `'`, which join two letters or two digits.
    MidNumLetter,
    /// `,` and `;`, which join two digits.
    MidNum,
    Other,
}

/// The class of each byte; bytes beyond ASCII are never looked up.
const ASCII_CLASSES: [Ascii; 256] = {
    let mut classes = [Ascii::Other; 256];
    let mut byte = 0;
    while byte < 256 {
        classes[byte] = match byte as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Ascii::Letter,
            b'0'..=b'9' => Ascii::Digit,
            b'_' => Ascii::Underscore,
            b':' => Ascii::MidLetter,
            b'.' | b'\'' => Ascii::MidNumLetter,
            b',' | b';' => Ascii::MidNum,
            _ => Ascii::Other,
        };
        byte += 1;
    }
    classes
};

/// [`word_count`] of ASCII text.
fn ascii_word_count(bytes: &[u8]) -> usize {
    use Ascii::{Digit, Letter, MidLetter, MidNum, MidNumLetter, Underscore};
    let class = |i: usize| {
        bytes
            .get(i)
            .map_or(Ascii::Other, |&b| ASCII_CLASSES[usize::from(b)])
    };
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        let mut prev = class(i);
        if !matches!(prev, Letter | Digit | Underscore) {
            i += 1;
            continue;
        }
        // A segment starts here: it goes on while the next character joins it.
        let mut alphanumeric = prev != Underscore;
        i += 1;
        loop {
            let next = class(i);
            match (prev, next) {
                (Letter | Digit | Underscore, Letter | Digit | Underscore) => {}
                // A letter, `:` and a letter; a digit, `,` and a digit; either, `.` or `'`,
                // and the same again.
                (Letter, MidLetter | MidNumLetter) | (Digit, MidNum | MidNumLetter)
                    if class(i + 1) == prev =>
                {
                    i += 1;
                }
                _ => break,
            }
            prev = class(i);
            alphanumeric |= prev != Underscore;
            i += 1;
        }
        count += usize::from(alphanumeric);
    }
    count
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::test_runner::RngSeed;
    use unicode_segmentation::UnicodeSegmentation;

    use super::word_count;

    #[test]
    fn words_are_counted_as_unicode_segmentation_counts_them() {
        let cases = [
            "",
            "one",
            "can't won't rock'n'roll",
            "e.g. U.S. 3.14 1,000,000 1;2 a:b a.1 1.a a..b 1,,2 a,b",
            "snake_case _x x_ __ _1_ a_.b 1_,2",
            "'quoted' \"double\" (paren) [bracket] -dash- a-b",
            "tab\tnew\nline\r\ncrlf\x0bvt\x0cff",
            "caf\u{e9} na\u{ef}ve \u{2019}tis don\u{2019}t \u{201c}q\u{201d}",
            "e\u{301}t\u{e9} \u{301}x a \u{b3f}b \u{200d}z",
            "\u{65e5}\u{672c}\u{8a9e} text \u{1f600}\u{200d}\u{1f601} end",
            "nbsp\u{a0}between and\u{3000}ideographic 2\u{2019}000",
        ];
        for text in cases {
            assert_eq!(word_count(text), text.unicode_words().count(), "{text:?}");
        }
        let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
        for folder in ["pairs", "clean", "examples", "labelled"] {
            for entry in std::fs::read_dir(format!("{data}/{folder}")).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                assert_eq!(word_count(&text), text.unicode_words().count());
            }
        }
    }

    proptest! {
        // The same inputs on every run (`PROPTEST_RNG_SEED` and `PROPTEST_CASES` search
        // further), and no failure files written into the source tree.
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            rng_seed: match ProptestConfig::default().rng_seed {
                RngSeed::Random => RngSeed::Fixed(0x0077_6f72_6473),
                seed => seed,
            },
            ..ProptestConfig::default()
        })]

        #[test]
        fn any_text_has_as_many_words_as_unicode_segmentation_finds(
            text in "[a-zA-Z0-9_:.',; \t\r\n\\-\u{e9}\u{2019}\u{301}\u{b3f}\u{200d}\u{a0}\u{65e5}]{0,40}"
        ) {
            prop_assert_eq!(word_count(&text), text.unicode_words().count());
        }
    }
}
