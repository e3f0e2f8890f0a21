//! Synthetic text and dictionaries for measuring throughput. Everything is deterministic by
//! seed, so every run and every machine measures the same input.
//!
//! ```
//! use unspin::synth::{TextGenerator, dictionary};
//!
//! let words = TextGenerator::new(7).document(2_000);
//! assert!(words.len() >= 2_000);
//! assert_eq!(words, TextGenerator::new(7).document(2_000));
//! let synthetic = dictionary(1_000, 7);
//! assert_eq!(synthetic.entries().len(), 1_000);
//! ```

use crate::{Class, Dictionary};

/// A small, fast pseudo-random generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// A number in `0..n`, small numbers far more often than large ones, as word frequencies go.
    pub fn skewed(&mut self, n: usize) -> usize {
        let (a, b) = (self.below(n), self.below(n));
        a.min(b)
    }
}

/// Common English words, the most frequent first.
const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "for",
    "it",
    "was",
    "on",
    "with",
    "as",
    "he",
    "by",
    "at",
    "said",
    "from",
    "his",
    "an",
    "be",
    "this",
    "have",
    "are",
    "or",
    "which",
    "not",
    "but",
    "they",
    "had",
    "has",
    "were",
    "their",
    "been",
    "one",
    "would",
    "will",
    "more",
    "we",
    "its",
    "also",
    "about",
    "who",
    "new",
    "after",
    "year",
    "two",
    "than",
    "people",
    "first",
    "other",
    "into",
    "last",
    "some",
    "could",
    "there",
    "over",
    "government",
    "when",
    "out",
    "state",
    "up",
    "percent",
    "years",
    "can",
    "only",
    "most",
    "time",
    "city",
    "what",
    "public",
    "company",
    "report",
    "week",
    "because",
    "while",
    "three",
    "under",
    "before",
    "plan",
    "law",
    "market",
    "officials",
    "told",
    "country",
    "since",
    "between",
    "officers",
    "court",
    "money",
    "health",
    "schools",
    "workers",
    "prices",
    "growth",
    "bank",
    "deal",
    "vote",
    "bill",
    "data",
    "study",
    "water",
    "energy",
    "program",
    "police",
    "million",
    "billion",
    "local",
    "national",
    "federal",
    "former",
    "early",
    "long",
    "high",
    "small",
    "large",
    "major",
    "next",
    "board",
    "council",
    "office",
    "group",
    "policy",
    "rate",
    "rates",
    "budget",
    "trade",
    "army",
    "talks",
    "issue",
    "power",
    "party",
    "leaders",
    "members",
    "voters",
    "families",
    "children",
    "doctors",
    "patients",
    "hospital",
    "research",
    "scientists",
    "climate",
    "rain",
    "storm",
    "road",
    "river",
    "village",
    "town",
    "project",
    "funding",
    "costs",
    "jobs",
    "industry",
    "business",
    "value",
    "potential",
    "present",
    "mentioned",
    "announced",
    "expected",
    "plans",
    "agreed",
    "rejected",
    "reported",
    "asked",
    "added",
    "warned",
    "called",
    "made",
    "took",
    "gave",
    "found",
    "showed",
    "began",
    "remained",
    "continued",
    "needed",
    "helped",
    "raised",
    "cut",
    "closed",
    "opened",
    "built",
    "lost",
    "won",
    "still",
    "just",
    "even",
    "however",
    "already",
    "again",
    "never",
    "often",
    "later",
    "nearly",
    "across",
    "against",
    "during",
    "without",
    "through",
    "toward",
    "among",
    "several",
    "many",
    "few",
    "each",
    "every",
    "such",
    "both",
    "these",
    "those",
    "same",
    "own",
    "whole",
    "recent",
    "current",
    "final",
];

/// Syllables of made-up words, which no English text or dictionary contains.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mir", "zu", "ven", "tra", "qui", "dov", "sel", "pha", "rix", "nu", "gor", "bel",
    "xan", "tes", "vu", "ombr", "kle", "sna", "yar", "fip", "dru", "wex",
];

/// English-like prose: sentences of common words, optionally with phrases woven in.
#[derive(Clone, Debug)]
pub struct TextGenerator {
    rng: Rng,
    phrases: Vec<String>,
    every: usize,
}

impl TextGenerator {
    /// A generator of plain prose, seeded with `seed`.
    pub fn new(seed: u64) -> TextGenerator {
        TextGenerator {
            rng: Rng::new(seed),
            phrases: Vec::new(),
            every: 0,
        }
    }

    /// Weaves one of `phrases`, picked at random, into the prose about once every `every`
    /// words.
    pub fn with_phrases(mut self, phrases: Vec<String>, every: usize) -> TextGenerator {
        self.every = if phrases.is_empty() { 0 } else { every.max(1) };
        self.phrases = phrases;
        self
    }

    /// Appends one sentence.
    pub fn sentence(&mut self, out: &mut String) {
        let words = 8 + self.rng.below(18);
        for i in 0..words {
            let start = out.len();
            if i > 0 {
                out.push(' ');
            }
            if self.every > 0 && self.rng.below(self.every) == 0 {
                out.push_str(&self.phrases[self.rng.below(self.phrases.len())]);
            } else {
                out.push_str(WORDS[self.rng.skewed(WORDS.len())]);
            }
            if i == 0 {
                capitalize(out, start);
            } else if i + 1 < words && self.rng.below(12) == 0 {
                out.push(',');
            }
        }
        out.push(if self.rng.below(10) == 0 { '?' } else { '.' });
    }

    /// Appends a paragraph of three to six sentences.
    pub fn paragraph(&mut self, out: &mut String) {
        for i in 0..3 + self.rng.below(4) {
            if i > 0 {
                out.push(' ');
            }
            self.sentence(out);
        }
    }

    /// A document of paragraphs separated by blank lines, at least `bytes` long.
    pub fn document(&mut self, bytes: usize) -> String {
        let mut out = String::with_capacity(bytes + 1024);
        while out.len() < bytes {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            self.paragraph(&mut out);
        }
        out.push('\n');
        out
    }
}

/// Upper-cases the first letter of `out` from `start`.
fn capitalize(out: &mut String, start: usize) {
    let first = out[start..].trim_start().chars().next();
    if let Some(c) = first.filter(char::is_ascii_lowercase) {
        let at = start + out[start..].find(c).expect("just found");
        out.replace_range(at..at + 1, &c.to_ascii_uppercase().to_string());
    }
}

/// A dictionary of `n` distinct made-up phrases of two or three words, each a sure entry whose
/// original is one made-up word; read from TOML, as a user's dictionary would be.
pub fn dictionary(n: usize, seed: u64) -> Dictionary {
    let mut dictionary = Dictionary::new(format!("synthetic-{n}"));
    dictionary
        .add_toml("synthetic.toml", &dictionary_toml(n, seed))
        .expect("made-up words form a valid dictionary");
    dictionary
}

/// The TOML text of [`dictionary`].
pub fn dictionary_toml(n: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let word = |rng: &mut Rng| -> String {
        (0..2 + rng.below(2))
            .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
            .collect()
    };
    let mut keys = std::collections::BTreeMap::new();
    while keys.len() < n {
        let words: Vec<String> = (0..2 + rng.below(2)).map(|_| word(&mut rng)).collect();
        let original = word(&mut rng);
        keys.entry(words.join(" ")).or_insert(original);
    }
    let mut toml = format!("[{}]\n", Class::Sure);
    for (key, original) in &keys {
        toml += &format!("\"{key}\" = \"{original}\"\n");
    }
    toml
}

/// The spun forms of `dictionary`'s entries of `class`, to weave into generated text.
pub fn phrases(dictionary: &Dictionary, class: Class) -> Vec<String> {
    dictionary
        .entries()
        .iter()
        .filter(|e| e.class == class)
        .map(|e| e.spun.clone())
        .collect()
}
