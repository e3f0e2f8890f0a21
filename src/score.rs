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
            text.unicode_words().count(),
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
