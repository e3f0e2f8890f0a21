//! Measuring a restoration against the original text.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// The words and punctuation of `text`, without whitespace.
pub fn tokens(text: &str) -> Vec<&str> {
    text.split_word_bounds()
        .filter(|t| !t.chars().all(char::is_whitespace))
        .collect()
}

/// The edit distance between two token lists (insertions, deletions and substitutions).
pub fn edit_distance(a: &[&str], b: &[&str]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(x != y);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// How much of the distance between a spun text and its original a restoration closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Closure {
    /// Token edit distance from the spun text to the original.
    pub spun: usize,
    /// Token edit distance from the restored text to the original.
    pub restored: usize,
}

impl Closure {
    /// Measures `restored` (made from `spun`) against `original`.
    pub fn measure(original: &str, spun: &str, restored: &str) -> Closure {
        let original = tokens(original);
        Closure {
            spun: edit_distance(&tokens(spun), &original),
            restored: edit_distance(&tokens(restored), &original),
        }
    }

    /// The share of the spun distance that the restoration closed (negative if it made the
    /// text worse); 1 when there was nothing to close.
    pub fn share(&self) -> f64 {
        if self.spun == 0 {
            return 1.0;
        }
        (self.spun as f64 - self.restored as f64) / self.spun as f64
    }
}

/// The stretches where two token lists differ, in order: each is a range of `a` and the range
/// of `b` that stands in its place (either may be empty), between the runs of tokens the two
/// share in a Myers diff.
pub fn differences(a: &[&str], b: &[&str]) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, a, b) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            if old_index > i || new_index > j {
                out.push((i..old_index, j..new_index));
            }
            (i, j) = (old_index + len, new_index + len);
        }
    }
    if i < a.len() || j < b.len() {
        out.push((i..a.len(), j..b.len()));
    }
    out
}

/// A restoration measured against the original: how much of the distance it closed, and how
/// many words it damaged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// The token edit distances before and after.
    pub closure: Closure,
    /// Tokens of the spun text that already agreed with the original and that the restoration
    /// changed.
    pub damaged: usize,
    /// Tokens of the spun text that the restoration changed.
    pub changed: usize,
}

impl Evaluation {
    /// Measures `restored` (made from `spun`) against `original`.
    pub fn measure(original: &str, spun: &str, restored: &str) -> Evaluation {
        let (original_tokens, spun_tokens) = (tokens(original), tokens(spun));
        let differing = |other: &[&str]| {
            let mut marks = vec![false; spun_tokens.len()];
            for (range, _) in differences(&spun_tokens, other) {
                marks[range].fill(true);
            }
            marks
        };
        let wrong = differing(&original_tokens);
        let changed = differing(&tokens(restored));
        Evaluation {
            closure: Closure::measure(original, spun, restored),
            damaged: (0..spun_tokens.len())
                .filter(|&i| changed[i] && !wrong[i])
                .count(),
            changed: changed.iter().filter(|&&c| c).count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(tokens("Hi,  there!"), ["Hi", ",", "there", "!"]);
        assert_eq!(edit_distance(&["a", "b", "c"], &["a", "x", "c", "d"]), 2);
        let c = Closure::measure(
            "the two countries",
            "the 2 international locations",
            "the two countries",
        );
        assert_eq!((c.spun, c.restored, c.share()), (3, 0, 1.0));
    }

    #[test]
    fn differences_and_damage() {
        let (a, b) = (tokens("a b c d"), tokens("a x c d e"));
        assert_eq!(differences(&a, &b), [(1..2, 1..2), (4..4, 4..5)]);
        // "big" was right and became "large": one damaged word; "2" -> "two" was a fix.
        let e = Evaluation::measure("two big dogs", "2 big dogs", "two large dogs");
        assert_eq!(
            (e.closure.spun, e.closure.restored, e.damaged, e.changed),
            (1, 1, 1, 2)
        );
    }
}
