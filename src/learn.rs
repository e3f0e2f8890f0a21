//! Learning dictionary entries from pairs of original and spun texts.
//!
//! Each pair is aligned token by token (a Myers diff of [`tokens`]); every stretch where the
//! two differ is a substitution, spun form for original. Substitutions are counted across
//! pairs with the words around them, and written as a dictionary file for review.

use std::collections::HashMap;
use std::ops::Range;

use crate::eval::{differences, tokens};
use crate::{Class, Context, Entry, Restorer, to_toml};

/// The longest substitution, in tokens on either side, that is taken for a spun phrase
/// rather than a rewrite.
const LONGEST: usize = 6;

/// How many contexts of a substitution are kept as examples.
const EXAMPLES: usize = 3;

/// One substitution seen in a pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Substitution {
    /// What the spun text says.
    pub spun: String,
    /// What the original says in its place.
    pub original: String,
    /// The token before it and the token after it in the spun text (empty at the ends).
    pub context: (String, String),
}

impl Substitution {
    /// Whether it opens a sentence: nothing, or the end of a sentence, stands before it.
    fn opens_sentence(&self) -> bool {
        matches!(
            self.context.0.as_str(),
            "" | "." | "!" | "?" | "\"" | "\u{201C}" | ":"
        )
    }
}

/// The substitutions that turn `original` into `spun`, in order: each stretch where the
/// aligned tokens differ, widened by one shared token when one side is empty ("secrets" ->
/// "secrets and techniques"), and skipped when longer than a phrase.
pub fn substitutions(original: &str, spun: &str) -> Vec<Substitution> {
    let (from, to) = (tokens(spun), tokens(original));
    let mut found = Vec::new();
    for (mut a, mut b) in joined(differences(&from, &to)) {
        if a.is_empty() || b.is_empty() {
            if a.start > 0 && b.start > 0 {
                (a.start, b.start) = (a.start - 1, b.start - 1);
            } else if a.end < from.len() && b.end < to.len() {
                (a.end, b.end) = (a.end + 1, b.end + 1);
            } else {
                continue;
            }
        }
        let wordless = from[a.clone()]
            .iter()
            .all(|t| !t.chars().any(char::is_alphanumeric));
        if a.len() > LONGEST || b.len() > LONGEST || wordless {
            continue;
        }
        let word = |i: Option<usize>| i.and_then(|i| from.get(i)).copied().unwrap_or("");
        found.push(Substitution {
            spun: phrase(spun, &from, a.clone()),
            original: phrase(original, &to, b),
            context: (
                word(a.start.checked_sub(1)).to_owned(),
                word(Some(a.end)).to_owned(),
            ),
        });
    }
    found
}

/// Differences that one shared token separates, joined into one: the diff keeps a word the
/// phrases share ("Based on folks accustomed to" / "According to people familiar with").
fn joined(differences: Vec<(Range<usize>, Range<usize>)>) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for (a, b) in differences {
        match out.last_mut() {
            Some((pa, pb)) if a.start == pa.end + 1 && b.start == pb.end + 1 => {
                (pa.end, pb.end) = (a.end, b.end);
            }
            _ => out.push((a, b)),
        }
    }
    out
}

/// The text that tokens `range` of `text` span, with each whitespace run as one space.
fn phrase(text: &str, tokens: &[&str], range: Range<usize>) -> String {
    let offset = |t: &str| t.as_ptr() as usize - text.as_ptr() as usize;
    let start = offset(tokens[range.start]);
    let last = tokens[range.end - 1];
    let end = offset(last) + last.len();
    text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A substitution learned from one or more pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Learned {
    /// The spun form, as a dictionary key.
    pub spun: String,
    /// The original seen most often for it.
    pub original: String,
    /// How often the spun form was seen with that original.
    pub count: usize,
    /// Other originals seen for the same spun form, with their counts.
    pub others: Vec<(String, usize)>,
    /// A few contexts it was seen in, as `before _ after`.
    pub contexts: Vec<String>,
}

/// Collects substitutions from pairs and merges them.
#[derive(Clone, Debug, Default)]
pub struct Learner {
    /// For each key: the originals seen, with counts, in the order first seen.
    seen: HashMap<String, Vec<(String, usize)>>,
    contexts: HashMap<String, Vec<String>>,
}

impl Learner {
    /// An empty learner.
    pub fn new() -> Learner {
        Learner::default()
    }

    /// Adds the substitutions of one pair.
    pub fn add(&mut self, original: &str, spun: &str) {
        let found = substitutions(original, spun);
        let standalone: std::collections::HashSet<(String, String)> = found
            .iter()
            .map(|s| keyed(&s.spun, &s.original, s.opens_sentence()))
            .collect();
        for s in &found {
            for (spun, original) in split(s, &standalone, self) {
                let originals = self.seen.entry(spun.clone()).or_default();
                match originals.iter_mut().find(|(o, _)| *o == original) {
                    Some((_, count)) => *count += 1,
                    None => originals.push((original, 1)),
                }
                let contexts = self.contexts.entry(spun).or_default();
                let example = format!("{} _ {}", s.context.0, s.context.1);
                if contexts.len() < EXAMPLES && !contexts.contains(&example) {
                    contexts.push(example);
                }
            }
        }
    }

    /// The substitutions learned, longest spun form first (then by key).
    pub fn learned(&self) -> Vec<Learned> {
        let mut learned: Vec<Learned> = self
            .seen
            .iter()
            .map(|(spun, originals)| {
                let mut originals = originals.clone();
                originals.sort_by_key(|o| std::cmp::Reverse(o.1));
                let (original, count) = originals.remove(0);
                Learned {
                    spun: spun.clone(),
                    original,
                    count,
                    others: originals,
                    contexts: self.contexts[spun].clone(),
                }
            })
            .collect();
        learned.sort_by(|a, b| {
            let words = |l: &Learned| l.spun.split(' ').count();
            words(b).cmp(&words(a)).then_with(|| a.spun.cmp(&b.spun))
        });
        learned
    }

    /// The learned substitutions as a dictionary file: phrases seen at least twice, always
    /// for the same original, as `sure`, other phrases as `likely`, single words as
    /// `ambiguous`; each line's comment says how often it was seen, where, what else the spun
    /// form stood for, and whether `known` already holds it.
    pub fn to_toml(&self, known: Option<&Restorer>) -> String {
        let learned = self.learned();
        let entries: Vec<Entry> = learned
            .iter()
            .map(|l| Entry {
                spun: l.spun.clone(),
                original: l.original.clone(),
                class: if !l.spun.contains(' ') {
                    Class::Ambiguous
                } else if l.count >= 2 && l.others.is_empty() {
                    Class::Sure
                } else {
                    Class::Likely
                },
                context: Context::default(),
                dictionary: "learned".to_owned(),
                file: String::new(),
                line: 0,
            })
            .collect();
        let by_key: HashMap<&str, &Learned> =
            learned.iter().map(|l| (l.spun.as_str(), l)).collect();
        let known: HashMap<String, &Entry> = known
            .map(|r| r.entries().map(|e| (e.identity(), e)).collect())
            .unwrap_or_default();
        to_toml(&entries, |rules| {
            let l = by_key[rules[0].spun.as_str()];
            let mut note = format!(
                "seen {}x: {}",
                l.count,
                l.contexts
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for (other, count) in &l.others {
                note += &format!("; also {other:?} {count}x");
            }
            if let Some(entry) = known.get(&rules[0].identity()) {
                let same = if entry.original == l.original {
                    "known"
                } else {
                    "known as"
                };
                note += &format!(
                    "; {same} {:?} in {} {}:{}",
                    entry.original, entry.dictionary, entry.file, entry.line
                );
            }
            Some(note)
        })
    }
}

/// A substitution as a dictionary key and original: a phrase capitalized only because it
/// opens a sentence (`sentence_start`) ("Based on folks" for "According to people") is lowered on both sides;
/// other capitals are kept, so names stay exact keys.
fn keyed(spun: &str, original: &str, sentence_start: bool) -> (String, String) {
    let sentence_case = |s: &str| {
        let mut chars = s.chars();
        chars.next().is_some_and(char::is_uppercase) && !chars.any(char::is_uppercase)
    };
    let lower_first = |s: &str| {
        let mut chars = s.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
    };
    if sentence_start && sentence_case(spun) && original.starts_with(char::is_uppercase) {
        (lower_first(spun), lower_first(original))
    } else {
        (spun.to_owned(), original.to_owned())
    }
}

/// The keyed substitutions to count for `s`: its parts, when it is a run of word-for-word
/// swaps ("Home mentioned" for "House said") each of which is seen on its own in the same
/// pair or already learned; otherwise the whole phrase.
fn split(
    s: &Substitution,
    standalone: &std::collections::HashSet<(String, String)>,
    learner: &Learner,
) -> Vec<(String, String)> {
    let whole = keyed(&s.spun, &s.original, s.opens_sentence());
    let (a, b) = (tokens(&s.spun), tokens(&s.original));
    if a.len() < 2 || a.len() != b.len() {
        return vec![whole];
    }
    let parts: Vec<(String, String)> = a
        .iter()
        .zip(&b)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| keyed(x, y, i == 0 && s.opens_sentence()))
        .collect();
    let known = |p: &(String, String)| {
        standalone.contains(p)
            || learner
                .seen
                .get(&p.0)
                .is_some_and(|o| o.iter().any(|(original, _)| *original == p.1))
    };
    if parts.len() > 1 && parts.iter().all(known) {
        parts
    } else {
        vec![whole]
    }
}
