//! Finding every key that matches at a place in folded text.
//!
//! Two interchangeable matchers give the same results: [`Matcher::Words`] walks a trie of
//! keys by whole tokens, hashing each token of the text once, and is the default because it
//! is faster; [`Matcher::AhoCorasick`] scans bytes with a leftmost-longest Aho-Corasick
//! automaton and serves as the reference the tests compare against.

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use std::hash::BuildHasher;

use rustc_hash::FxHashMap;

/// Which matcher a [`Restorer`](crate::Restorer) uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MatcherKind {
    /// A trie keyed by the tokens of the keys.
    #[default]
    Words,
    /// An Aho-Corasick automaton over the bytes of the keys (leftmost-longest).
    AhoCorasick,
}

/// Keys compiled for matching; pattern `i` is the `i`-th folded key given to [`Matcher::new`].
#[derive(Clone, Debug)]
pub(crate) enum Matcher {
    Words(WordTrie),
    AhoCorasick(AhoCorasick),
}

impl Matcher {
    pub(crate) fn new(
        kind: MatcherKind,
        keys: &[String],
    ) -> Result<Matcher, aho_corasick::BuildError> {
        Ok(match kind {
            MatcherKind::Words => Matcher::Words(WordTrie::new(keys)),
            MatcherKind::AhoCorasick => Matcher::AhoCorasick(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Both)
                    .build(keys)?,
            ),
        })
    }

    /// Finds the first place at or after `pos` where some key matches, and pushes every key
    /// that matches there as `(pattern, end)`, longest first, onto `out`. Returns the place.
    pub(crate) fn next(
        &self,
        hay: &str,
        pos: usize,
        out: &mut Vec<(usize, usize)>,
    ) -> Option<usize> {
        match self {
            Matcher::Words(trie) => trie.next(hay, pos, out),
            Matcher::AhoCorasick(automaton) => {
                let found = automaton.find(Input::new(hay).span(pos..hay.len()))?;
                let start = found.start();
                let mut next = Some(found);
                while let Some(m) = next {
                    out.push((m.pattern().as_usize(), m.end()));
                    next = (m.end() - start >= 2)
                        .then(|| {
                            let shorter = Input::new(hay).span(start..m.end() - 1);
                            automaton.find(shorter.anchored(Anchored::Yes))
                        })
                        .flatten();
                }
                Some(start)
            }
        }
    }
}

/// Where the token that starts at `start` ends: a run of letters and digits, or else one
/// character.
pub(crate) fn token_end(hay: &str, start: usize) -> usize {
    let bytes = hay.as_bytes();
    let mut pos = start;
    while pos < bytes.len() {
        if bytes[pos].is_ascii_alphanumeric() {
            pos += 1;
        } else if bytes[pos] >= 0x80 {
            match hay[pos..].chars().next() {
                Some(c) if c.is_alphanumeric() => pos += c.len_utf8(),
                _ => break,
            }
        } else {
            break;
        }
    }
    if pos == start {
        pos += hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    pos
}

/// A trie of keys by tokens. An edge is a token and whether a space stands before it, so one
/// step of a walk is one lookup of two integers (see [`Edge`]).
#[derive(Clone, Debug)]
pub(crate) struct WordTrie {
    /// Edges to child nodes; node 0 is the root.
    edges: FxHashMap<Edge, u32>,
    /// For each node reached by a token longer than eight bytes, that token (to tell apart
    /// tokens whose hashes collide).
    long: FxHashMap<u32, Box<[u8]>>,
    /// For each node, the pattern that ends there.
    ends: Vec<Option<usize>>,
}

/// An edge: `(node * 4 + long * 2 + spaced, token)`, where a token of up to eight bytes is
/// packed as it is (no two pack alike: a token is a run of letters and digits, which holds no
/// NUL, or one character) and a longer one is hashed.
type Edge = (u32, u64);

#[inline]
fn edge(node: u32, spaced: bool, token: &[u8]) -> Edge {
    if token.len() <= 8 {
        let mut bytes = [0; 8];
        bytes[..token.len()].copy_from_slice(token);
        (node * 4 + u32::from(spaced), u64::from_le_bytes(bytes))
    } else {
        let hash = rustc_hash::FxBuildHasher.hash_one(token);
        (node * 4 + 2 + u32::from(spaced), hash)
    }
}

impl WordTrie {
    fn new(keys: &[String]) -> WordTrie {
        let mut trie = WordTrie {
            edges: FxHashMap::default(),
            long: FxHashMap::default(),
            ends: vec![None],
        };
        for (pattern, key) in keys.iter().enumerate() {
            let mut node = 0;
            let mut pos = 0;
            while pos < key.len() {
                let spaced = key.as_bytes()[pos] == b' ';
                let start = pos + usize::from(spaced);
                pos = token_end(key, start);
                let token = &key.as_bytes()[start..pos];
                node = match trie.step(node, spaced, token) {
                    Some(child) => child,
                    None => {
                        let child = trie.ends.len() as u32;
                        trie.edges.insert(edge(node, spaced, token), child);
                        if token.len() > 8 {
                            trie.long.insert(child, token.into());
                        }
                        trie.ends.push(None);
                        child
                    }
                };
            }
            trie.ends[node as usize].get_or_insert(pattern);
        }
        trie
    }

    /// The child of `node` along `token`.
    #[inline]
    fn step(&self, node: u32, spaced: bool, token: &[u8]) -> Option<u32> {
        let child = *self.edges.get(&edge(node, spaced, token))?;
        if token.len() > 8 && self.long.get(&child).is_none_or(|t| **t != *token) {
            return None;
        }
        Some(child)
    }

    fn next(&self, hay: &str, mut pos: usize, out: &mut Vec<(usize, usize)>) -> Option<usize> {
        let bytes = hay.as_bytes();
        // The next token, when a walk has already measured it.
        let mut measured = None;
        while pos < bytes.len() {
            if matches!(bytes[pos], b' ' | b'\n') {
                pos += 1;
                continue;
            }
            let end = match measured {
                Some((start, end)) if start == pos => end,
                _ => token_end(hay, pos),
            };
            if let Some(node) = self.step(0, false, &bytes[pos..end]) {
                let first = out.len();
                measured = self.walk(hay, node, end, out);
                if out.len() > first {
                    out[first..].reverse();
                    return Some(pos);
                }
            }
            pos = end;
        }
        None
    }

    /// Pushes every key that matches from `node`, reached at `pos`, shortest first. Returns the
    /// first token it measured after `pos`, as `(start, end)`.
    fn walk(
        &self,
        hay: &str,
        mut node: u32,
        mut pos: usize,
        out: &mut Vec<(usize, usize)>,
    ) -> Option<(usize, usize)> {
        let bytes = hay.as_bytes();
        let mut first = None;
        loop {
            if let Some(pattern) = self.ends[node as usize] {
                out.push((pattern, pos));
            }
            let spaced = bytes.get(pos) == Some(&b' ');
            let start = pos + usize::from(spaced);
            if start >= bytes.len() || matches!(bytes[start], b' ' | b'\n') {
                return first;
            }
            pos = token_end(hay, start);
            first.get_or_insert((start, pos));
            match self.step(node, spaced, &bytes[start..pos]) {
                Some(child) => node = child,
                None => return first,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_whole_tokens() {
        let keys: Vec<String> = [
            "u.s. officers",
            "u.s.",
            "didn't reply",
            "caf\u{e9}",
            "(roi)",
        ]
        .iter()
        .map(|k| k.to_string())
        .collect();
        let matcher = Matcher::new(MatcherKind::Words, &keys).unwrap();
        let hay = "the u.s. officers didn't reply; caf\u{e9}s caf\u{e9} (roi) u.s.officers";
        let mut found = Vec::new();
        let mut pos = 0;
        let mut out = Vec::new();
        while let Some(start) = matcher.next(hay, pos, &mut out) {
            found.push((start, std::mem::take(&mut out)));
            pos = token_end(hay, start);
        }
        let expected = vec![
            (4, vec![(0, 17), (1, 8)]),
            (18, vec![(2, 30)]),
            (39, vec![(3, 44)]),
            (45, vec![(4, 50)]),
            (51, vec![(1, 55)]),
        ];
        assert_eq!(found, expected);
    }
}
