//! Finding every key that matches at a place in folded text.
//!
//! Two interchangeable matchers give the same results: [`Matcher::Words`] walks a trie of
//! keys by whole tokens, hashing each token of the text once, and is the default because it
//! is faster; [`Matcher::AhoCorasick`] scans bytes with a leftmost-longest Aho-Corasick
//! automaton and serves as the reference the tests compare against.

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use std::hash::BuildHasher;

use rustc_hash::FxHashMap;

use crate::boundary::is_boundary;
use crate::fold::is_punctuation;

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
        keys: &[&str],
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

    /// A scan over the folded text `hay`, which may split it into `tokens`.
    pub(crate) fn scan<'a>(&'a self, hay: &'a str, tokens: &'a mut Vec<Token>) -> Scan<'a> {
        match self {
            Matcher::Words(trie) => {
                tokenize(hay, tokens);
                Scan::Words {
                    trie,
                    hay,
                    tokens,
                    index: 0,
                }
            }
            Matcher::AhoCorasick(automaton) => Scan::AhoCorasick { automaton, hay },
        }
    }
}

/// A left-to-right scan for keys over one folded text.
pub(crate) enum Scan<'a> {
    Words {
        trie: &'a WordTrie,
        hay: &'a str,
        tokens: &'a [Token],
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

/// Where the token that starts at `start` ends: a run of letters and digits without a word
/// boundary inside, or else one character.
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
        // Beyond ASCII, letters and digits can hold a word boundary (a Latin word and an
        // ideograph, say): the token ends there, as a key may.
        match hay[pos..].chars().next() {
            Some(c)
                if !is_punctuation(c)
                    && c.is_alphanumeric()
                    && (pos == start || !is_boundary(hay, pos)) =>
            {
                pos += c.len_utf8()
            }
            _ => break,
        }
        if bytes.get(pos).is_some_and(u8::is_ascii_alphanumeric) && is_boundary(hay, pos) {
            break;
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

/// Splits folded text into `tokens` (cleared first), in one pass.
fn tokenize(hay: &str, tokens: &mut Vec<Token>) {
    let bytes = hay.as_bytes();
    tokens.clear();
    tokens.reserve(hay.len() / 5);
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
        // Mostly a single space follows: take it here rather than on another round.
        (gap, pos) = if bytes.get(end) == Some(&b' ') {
            (Gap::Space, end + 1)
        } else {
            (Gap::None, end)
        };
    }
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
    edges: Edges,
    /// The tokens that start a key: a token not in it starts none, which settles most tokens
    /// without a probe of `edges`.
    first: Filter,
    /// The tokens that are a key on their own.
    single: Filter,
    /// The first two tokens of longer keys, and whether a space stands between them: a token
    /// whose pair with the next one is not in it can only match on its own.
    pairs: Filter,
    /// For each node reached by a token longer than eight bytes, that token (to tell apart
    /// tokens whose hashes collide).
    long: FxHashMap<u32, Box<[u8]>>,
    /// For each node, the pattern that ends there.
    ends: Vec<Option<u32>>,
}

impl WordTrie {
    fn new(keys: &[&str]) -> WordTrie {
        let mut edges = Vec::new();
        let mut long = FxHashMap::default();
        let mut ends = vec![None];
        let mut children: FxHashMap<(u32, u64), u32> =
            FxHashMap::with_capacity_and_hasher(keys.len() * 2, Default::default());
        let mut tokens = Vec::new();
        let filter = || Filter::new(keys.len());
        let (mut first, mut single, mut pairs) = (filter(), filter(), filter());
        for (pattern, key) in keys.iter().enumerate() {
            let mut node = 0;
            tokenize(key, &mut tokens);
            for (i, token) in tokens.iter().enumerate() {
                let text = &key.as_bytes()[token.start as usize..token.end as usize];
                let spaced = i > 0 && token.gap == Gap::Space;
                let edge = WordTrie::edge(node, spaced, text.len() > 8);
                node = *children.entry((edge, token.key)).or_insert_with(|| {
                    let child = ends.len() as u32;
                    edges.push((edge, token.key, child));
                    if text.len() > 8 {
                        long.insert(child, text.into());
                    }
                    ends.push(None);
                    child
                });
            }
            ends[node as usize].get_or_insert(pattern as u32);
            if let [one, rest @ ..] = &tokens[..] {
                first.insert(one.key);
                match rest.first() {
                    None => single.insert(one.key),
                    Some(two) => pairs.insert(pair_key(one.key, two)),
                }
            }
        }
        WordTrie {
            edges: Edges::new(&edges),
            first,
            single,
            pairs,
            long,
            ends,
        }
    }

    /// The edge from `node` along a token, spaced or not, and longer than eight bytes or not.
    #[inline]
    fn edge(node: u32, spaced: bool, long: bool) -> u32 {
        node * 4 + u32::from(long) * 2 + u32::from(spaced)
    }

    /// The child of `node` along `token` of `hay`.
    #[inline]
    fn step(&self, node: u32, spaced: bool, token: &Token, hay: &[u8]) -> Option<u32> {
        let long = token.end - token.start > 8;
        let child = self
            .edges
            .get(WordTrie::edge(node, spaced, long), token.key)?;
        if long && !self.is_long(child, &hay[token.start as usize..token.end as usize]) {
            return None;
        }
        Some(child)
    }

    /// Whether `child` is reached by the long `token` (and not by one whose hash collides).
    #[cold]
    fn is_long(&self, child: u32, token: &[u8]) -> bool {
        self.long.get(&child).is_some_and(|t| **t == *token)
    }

    /// Pushes every key that matches from the first of `tokens` on, shortest first.
    #[inline]
    fn walk(&self, hay: &str, tokens: &[Token], out: &mut Vec<(usize, usize)>) {
        let one = &tokens[0];
        if !self.first.contains(one.key) {
            return;
        }
        // A common word starts keys mostly with other words after it ("the" in "the wall road
        // journal"): unless the pair is in the filter, only a key of one token can match.
        let longer = tokens.get(1).is_some_and(|two| {
            two.gap != Gap::Paragraph && self.pairs.contains(pair_key(one.key, two))
        });
        if !longer && !self.single.contains(one.key) {
            return;
        }
        let depth = if longer { tokens.len() } else { 1 };
        let mut node = 0;
        for (i, token) in tokens[..depth].iter().enumerate() {
            let spaced = match token.gap {
                _ if i == 0 => false,
                Gap::None => false,
                Gap::Space => true,
                Gap::Paragraph => return,
            };
            match self.step(node, spaced, token, hay.as_bytes()) {
                Some(child) => node = child,
                None => return,
            }
            if let Some(pattern) = self.ends[node as usize] {
                out.push((pattern as usize, token.end as usize));
            }
        }
    }
}

/// The key of the pair of a token of `first` and the token after it.
#[inline]
fn pair_key(first: u64, second: &Token) -> u64 {
    first.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ second.key ^ u64::from(second.gap == Gap::Space)
}

/// A set of token keys that may wrongly say a key is in it, but never that one is not: one bit
/// per hash of a key.
#[derive(Clone, Debug)]
struct Filter {
    bits: Box<[u64]>,
    /// How far to shift a 64-bit hash right to index `bits`.
    shift: u32,
}

impl Filter {
    /// A filter for about `keys` keys: 16 bits a key, so that about one key in sixteen that is
    /// not in it finds its bit set; at least 8 KiB, at most 2 MiB.
    fn new(keys: usize) -> Filter {
        let bits = (keys * 16).next_power_of_two().clamp(1 << 16, 1 << 24);
        Filter {
            bits: vec![0; bits / 64].into_boxed_slice(),
            shift: 64 - bits.trailing_zeros(),
        }
    }

    #[inline]
    fn bit(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    fn insert(&mut self, key: u64) {
        let bit = self.bit(key);
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    #[inline]
    fn contains(&self, key: u64) -> bool {
        let bit = self.bit(key);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// The edges of a [`WordTrie`] in an open-addressed hash table: `(edge, token key)` to child.
/// A lookup is a multiply and, mostly, one probe.
#[derive(Clone, Debug)]
struct Edges {
    /// `(edge + 1, token key, child)`; an edge of 0 marks an empty slot.
    slots: Box<[(u32, u64, u32)]>,
    /// How far to shift a 64-bit hash right to index `slots`.
    shift: u32,
}

impl Edges {
    /// A table of `edges`, each given once, at most half full.
    fn new(edges: &[(u32, u64, u32)]) -> Edges {
        let bits = (edges.len() * 2)
            .next_power_of_two()
            .max(2)
            .trailing_zeros();
        let mut table = Edges {
            slots: vec![(0, 0, 0); 1 << bits].into_boxed_slice(),
            shift: 64 - bits,
        };
        for &(edge, key, child) in edges {
            let mut i = table.slot(edge, key);
            while table.slots[i].0 != 0 {
                i = (i + 1) & (table.slots.len() - 1);
            }
            table.slots[i] = (edge + 1, key, child);
        }
        table
    }

    /// Where the probe for `(edge, key)` starts.
    #[inline]
    fn slot(&self, edge: u32, key: u64) -> usize {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let hash = (key.rotate_left(26) ^ u64::from(edge).wrapping_mul(K)).wrapping_mul(K);
        (hash >> self.shift) as usize
    }

    /// The child along `(edge, key)`.
    #[inline]
    fn get(&self, edge: u32, key: u64) -> Option<u32> {
        let mut i = self.slot(edge, key);
        loop {
            let (slot_edge, slot_key, child) = self.slots[i];
            if slot_edge == edge + 1 && slot_key == key {
                return Some(child);
            }
            if slot_edge == 0 {
                return None;
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_whole_tokens() {
        let keys = [
            "u.s. officers",
            "u.s.",
            "didn't reply",
            "caf\u{e9}",
            "(roi)",
        ];
        let matcher = Matcher::new(MatcherKind::Words, &keys).unwrap();
        let hay = "the u.s. officers didn't reply; caf\u{e9}s caf\u{e9} (roi) u.s.officers u.s.\nofficers";
        let mut tokens = Vec::new();
        let mut scan = matcher.scan(hay, &mut tokens);
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
