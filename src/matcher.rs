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

    /// A scan over the folded text `hay`.
    pub(crate) fn scan<'a>(&'a self, hay: &'a str) -> Scan<'a> {
        match self {
            Matcher::Words(trie) => Scan::Words {
                trie,
                hay,
                tokens: tokenize(hay),
                index: 0,
            },
            Matcher::AhoCorasick(automaton) => Scan::AhoCorasick { automaton, hay },
        }
    }
}

/// A left-to-right scan for keys over one folded text.
pub(crate) enum Scan<'a> {
    Words {
        trie: &'a WordTrie,
        hay: &'a str,
        tokens: Vec<Token>,
        /// The first token not yet looked at.
        index: usize,
    },
    AhoCorasick {
        automaton: &'a AhoCorasick,
        hay: &'a str,
    },
}

impl Scan<'_> {
    /// Finds the first place at or after `pos` where some key matches, and pushes every key
    /// that matches there as `(pattern, end)`, longest first, onto `out`. Returns the place and
    /// the end of the token there (where to go on if none of the keys is taken).
    pub(crate) fn next(
        &mut self,
        pos: usize,
        out: &mut Vec<(usize, usize)>,
    ) -> Option<(usize, usize)> {
        match self {
            Scan::Words {
                trie,
                hay,
                tokens,
                index,
            } => {
                while *index < tokens.len() && (tokens[*index].start as usize) < pos {
                    *index += 1;
                }
                while *index < tokens.len() {
                    let first = out.len();
                    trie.walk(hay, &tokens[*index..], out);
                    let token = tokens[*index];
                    *index += 1;
                    if out.len() > first {
                        out[first..].reverse();
                        return Some((token.start as usize, token.end as usize));
                    }
                }
                None
            }
            Scan::AhoCorasick { automaton, hay } => {
                let found = automaton.find(Input::new(*hay).span(pos..hay.len()))?;
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
                Some((start, token_end(hay, start)))
            }
        }
    }
}

/// Where the token that starts at `start` ends: a run of letters and digits, or else one
/// character.
pub(crate) fn token_end(hay: &str, start: usize) -> usize {
    let bytes = hay.as_bytes();
    let mut pos = start;
    loop {
        // ASCII letters and digits, the bulk of any token, in a tight loop.
        pos += bytes[pos..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(bytes.len() - pos);
        if pos >= bytes.len() || bytes[pos] < 0x80 {
            break;
        }
        match hay[pos..].chars().next() {
            Some(c) if c.is_alphanumeric() => pos += c.len_utf8(),
            _ => break,
        }
    }
    if pos == start {
        pos += hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    pos
}

/// A token of folded text: a run of letters and digits, or one other character.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    start: u32,
    end: u32,
    /// The token packed (up to eight bytes) or hashed (longer), see [`token_key`].
    key: u64,
    /// What stands before it.
    gap: Gap,
}

/// What stands between two tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gap {
    None,
    Space,
    Paragraph,
}

/// ASCII letters and digits.
const WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// Splits folded text into tokens, in one pass.
fn tokenize(hay: &str) -> Vec<Token> {
    let bytes = hay.as_bytes();
    let mut tokens = Vec::with_capacity(hay.len() / 5);
    let mut gap = Gap::None;
    let mut pos = 0;
    while pos < bytes.len() {
        let byte = bytes[pos];
        let (end, key) = if WORD[usize::from(byte)] {
            // A word in ASCII, in a tight loop; it may go on past ASCII.
            let mut end = pos + 1;
            while end < bytes.len() && WORD[usize::from(bytes[end])] {
                end += 1;
            }
            if end < bytes.len() && bytes[end] >= 0x80 {
                end = token_end(hay, pos);
            }
            (end, token_key_at(bytes, pos, end))
        } else if byte == b' ' {
            gap = Gap::Space;
            pos += 1;
            continue;
        } else if byte == b'\n' {
            gap = Gap::Paragraph;
            pos += 1;
            continue;
        } else if byte < 0x80 {
            (pos + 1, u64::from(byte))
        } else {
            let end = token_end(hay, pos);
            (end, token_key(&bytes[pos..end]))
        };
        tokens.push(Token {
            start: pos as u32,
            end: end as u32,
            key,
            gap,
        });
        gap = Gap::None;
        pos = end;
    }
    tokens
}

/// A token packed as it is when it has up to eight bytes (no two pack alike: a token is a run
/// of letters and digits, which holds no NUL, or one character), or else hashed.
#[inline]
fn token_key(token: &[u8]) -> u64 {
    if token.len() <= 8 {
        let mut bytes = [0; 8];
        bytes[..token.len()].copy_from_slice(token);
        u64::from_le_bytes(bytes)
    } else {
        rustc_hash::FxBuildHasher.hash_one(token)
    }
}

/// [`token_key`] for the token `bytes[start..end]`, reading eight bytes at once where it can.
#[inline]
fn token_key_at(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    match bytes.get(start..start + 8) {
        Some(word) if len <= 8 => {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            if len == 8 {
                word
            } else {
                word & ((1 << (8 * len)) - 1)
            }
        }
        _ => token_key(&bytes[start..end]),
    }
}

/// A trie of keys by tokens. An edge is a token and whether a space stands before it, so one
/// step of a walk is one lookup of two integers.
#[derive(Clone, Debug)]
pub(crate) struct WordTrie {
    /// `(node * 4 + long * 2 + spaced, token key)` to child node; node 0 is the root.
    edges: FxHashMap<(u32, u64), u32>,
    /// For each node reached by a token longer than eight bytes, that token (to tell apart
    /// tokens whose hashes collide).
    long: FxHashMap<u32, Box<[u8]>>,
    /// For each node, the pattern that ends there.
    ends: Vec<Option<usize>>,
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
            for (i, token) in tokenize(key).iter().enumerate() {
                let text = &key.as_bytes()[token.start as usize..token.end as usize];
                let spaced = i > 0 && token.gap == Gap::Space;
                node = match trie.step(node, spaced, token.key, text) {
                    Some(child) => child,
                    None => {
                        let child = trie.ends.len() as u32;
                        let edge = WordTrie::edge(node, spaced, text.len(), token.key);
                        trie.edges.insert(edge, child);
                        if text.len() > 8 {
                            trie.long.insert(child, text.into());
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

    #[inline]
    fn edge(node: u32, spaced: bool, len: usize, key: u64) -> (u32, u64) {
        (node * 4 + u32::from(len > 8) * 2 + u32::from(spaced), key)
    }

    /// The child of `node` along a token.
    #[inline]
    fn step(&self, node: u32, spaced: bool, key: u64, token: &[u8]) -> Option<u32> {
        let child = *self
            .edges
            .get(&WordTrie::edge(node, spaced, token.len(), key))?;
        if token.len() > 8 && self.long.get(&child).is_none_or(|t| **t != *token) {
            return None;
        }
        Some(child)
    }

    /// Pushes every key that matches from the first of `tokens` on, shortest first.
    fn walk(&self, hay: &str, tokens: &[Token], out: &mut Vec<(usize, usize)>) {
        let bytes = hay.as_bytes();
        let mut node = 0;
        for (i, token) in tokens.iter().enumerate() {
            if i > 0 && token.gap == Gap::Paragraph {
                return;
            }
            let spaced = i > 0 && token.gap == Gap::Space;
            let text = &bytes[token.start as usize..token.end as usize];
            match self.step(node, spaced, token.key, text) {
                Some(child) => node = child,
                None => return,
            }
            if let Some(pattern) = self.ends[node as usize] {
                out.push((pattern, token.end as usize));
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
        let hay = "the u.s. officers didn't reply; caf\u{e9}s caf\u{e9} (roi) u.s.officers u.s.\nofficers";
        let mut scan = matcher.scan(hay);
        let mut found = Vec::new();
        let mut pos = 0;
        let mut out = Vec::new();
        while let Some((start, end)) = scan.next(pos, &mut out) {
            found.push((start, std::mem::take(&mut out)));
            pos = end;
        }
        let expected = vec![
            (4, vec![(0, 17), (1, 8)]),
            (18, vec![(2, 30)]),
            (39, vec![(3, 44)]),
            (45, vec![(4, 50)]),
            (51, vec![(1, 55)]),
            (64, vec![(1, 68)]),
        ];
        assert_eq!(found, expected);
    }
}
