//! Finding every key that matches at a place in folded text.
//!
//! Two interchangeable matchers give the same results: [`Matcher::Words`] walks a trie of
//! keys by whole tokens, hashing each token of the text once, and is the default because it
//! is faster; [`Matcher::AhoCorasick`] scans bytes with a leftmost-longest Aho-Corasick
//! automaton and serves as the reference the tests compare against.

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
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
    pub(crate) fn new(kind: MatcherKind, keys: &[String]) -> Result<Matcher, aho_corasick::BuildError> {
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
    pub(crate) fn next(&self, hay: &str, pos: usize, out: &mut Vec<(usize, usize)>) -> Option<usize> {
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

/// A trie of keys by tokens. An edge is a token and whether a space stands before it.
#[derive(Clone, Debug)]
pub(crate) struct WordTrie {
    /// Every token of every key, numbered.
    tokens: FxHashMap<Box<[u8]>, u32>,
    /// `(node, token * 2 + spaced)` to child node; node 0 is the root.
    edges: FxHashMap<(u32, u32), u32>,
    /// The first tokens of all keys, with the node each leads to from the root.
    roots: FxHashMap<Box<[u8]>, u32>,
    /// For each node, the pattern that ends there.
    ends: Vec<Option<usize>>,
}

impl WordTrie {
    fn new(keys: &[String]) -> WordTrie {
        let mut trie = WordTrie {
            tokens: FxHashMap::default(),
            edges: FxHashMap::default(),
            roots: FxHashMap::default(),
            ends: vec![None],
        };
        for (pattern, key) in keys.iter().enumerate() {
            let mut node = 0;
            let mut pos = 0;
            while pos < key.len() {
                let spaced = key.as_bytes()[pos] == b' ';
                let start = pos + usize::from(spaced);
                pos = token_end(key, start);
                let next_id = trie.tokens.len() as u32;
                let token = *trie.tokens.entry(key.as_bytes()[start..pos].into()).or_insert(next_id);
                let fresh = trie.ends.len() as u32;
                node = *trie.edges.entry((node, token * 2 + u32::from(spaced))).or_insert(fresh);
                if node == fresh {
                    trie.ends.push(None);
                }
            }
            trie.ends[node as usize].get_or_insert(pattern);
        }
        for (token, &id) in &trie.tokens {
            if let Some(&node) = trie.edges.get(&(0, id * 2)) {
                trie.roots.insert(token.clone(), node);
            }
        }
        trie
    }

    fn next(&self, hay: &str, mut pos: usize, out: &mut Vec<(usize, usize)>) -> Option<usize> {
        let bytes = hay.as_bytes();
        while pos < bytes.len() {
            if matches!(bytes[pos], b' ' | b'\n') {
                pos += 1;
                continue;
            }
            let end = token_end(hay, pos);
            if let Some(&node) = self.roots.get(&bytes[pos..end]) {
                let first = out.len();
                self.walk(hay, node, end, out);
                if out.len() > first {
                    out[first..].reverse();
                    return Some(pos);
                }
            }
            pos = end;
        }
        None
    }

    /// Pushes every key that matches from `node`, reached at `pos`, shortest first.
    fn walk(&self, hay: &str, mut node: u32, mut pos: usize, out: &mut Vec<(usize, usize)>) {
        let bytes = hay.as_bytes();
        loop {
            if let Some(pattern) = self.ends[node as usize] {
                out.push((pattern, pos));
            }
            let spaced = bytes.get(pos) == Some(&b' ');
            let start = pos + usize::from(spaced);
            if start >= bytes.len() || matches!(bytes[start], b' ' | b'\n') {
                return;
            }
            pos = token_end(hay, start);
            let Some(&token) = self.tokens.get(&bytes[start..pos]) else {
                return;
            };
            let Some(&child) = self.edges.get(&(node, token * 2 + u32::from(spaced))) else {
                return;
            };
            node = child;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_whole_tokens() {
        let keys: Vec<String> = ["u.s. officers", "u.s.", "didn't reply", "caf\u{e9}", "(roi)"]
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
