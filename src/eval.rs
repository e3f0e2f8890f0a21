//! Measuring a restoration against the original text.

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
}
