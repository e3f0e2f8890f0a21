//! Finding every key that matches at a place in a text, as its folded copy has it.
//!
//! Two interchangeable matchers give the same results: [`Matcher::Words`] walks a trie of
//! keys by whole tokens, splitting the text into the tokens of its folded copy without making
//! the copy and looking each token up once, and is the default because it is faster;
//! [`Matcher::AhoCorasick`] scans the bytes of the folded copy with a leftmost-longest
//! Aho-Corasick automaton and serves as the reference the tests compare against.

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use rustc_hash::FxHashMap;

use crate::boundary::{is_boundary, is_end};
use crate::fold::{
    Folded, PLAIN, ascii_lowercase, char_at, fold, is_apostrophe, is_ascii_space, is_punctuation,
    whitespace_run,
};

/// Which matcher a [`Restorer`](crate::Restorer) uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MatcherKind {
    /// A trie keyed by the tokens of the keys.
    #[default]
    Words,
    /// An Aho-Corasick automaton over the bytes of the keys (leftmost-longest). It takes
    /// texts of up to 4 GiB, and panics on a longer one.
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

    /// A scan of `text`, split into `tokens`; the Aho-Corasick matcher scans `folded`, the
    /// text folded.
    pub(crate) fn scan<'a>(
        &'a self,
        text: &'a str,
        tokens: &'a Tokens,
        folded: &'a Folded,
    ) -> Scan<'a> {
        match self {
            Matcher::Words(trie) => Scan::Words {
                trie,
                text,
                tokens: &tokens.list,
                index: 0,
            },
            Matcher::AhoCorasick(automaton) => Scan::AhoCorasick {
                automaton,
                folded,
                tokens: &tokens.list,
                resume: Vec::new(),
            },
        }
    }
}

/// A place where keys match: where it starts, the index of its first token, and where that
/// token ends (where to go on if none of the keys is taken).
#[derive(Clone, Copy, Debug)]
pub(crate) struct At {
    pub(crate) start: usize,
    pub(crate) token: usize,
    pub(crate) token_end: usize,
}

/// A key that matches at an [`At`]: its pattern, where it ends, and the index of the first
/// token after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) pattern: usize,
    pub(crate) end: usize,
    pub(crate) after: usize,
}

/// A left-to-right scan for keys over one text; offsets are in the text, not its folded copy.
pub(crate) enum Scan<'a> {
    Words {
        trie: &'a WordTrie,
        text: &'a str,
        tokens: &'a [Token],
        /// The first token not yet looked at.
        index: usize,
    },
    AhoCorasick {
        automaton: &'a AhoCorasick,
        folded: &'a Folded,
        tokens: &'a [Token],
        /// The places in the folded text of the offsets the last step gave, to go on from.
        resume: Vec<(usize, usize)>,
    },
}

impl Scan<'_> {
    /// Finds the first place at or after `pos` where some key matches, and pushes every key
    /// that matches there, longest first, onto `out`. `pos` is 0 or an offset that the last
    /// step gave: the end of a key or of a token.
    pub(crate) fn next(&mut self, pos: usize, out: &mut Vec<Found>) -> Option<At> {
        match self {
            Scan::Words {
                trie,
                text,
                tokens,
                index,
            } => {
                let (trie, tokens) = (*trie, *tokens);
                let mut i = *index;
                while i < tokens.len() && (tokens[i].start as usize) < pos {
                    i += 1;
                }
                let at = loop {
                    // Most tokens start no key: pass them in a tight loop.
                    while i < tokens.len() && !trie.starts.starts(tokens[i].key) {
                        i += 1;
                    }
                    if i == tokens.len() {
                        break None;
                    }
                    let first = out.len();
                    trie.walk(text, tokens, i, out);
                    i += 1;
                    if out.len() > first {
                        out[first..].reverse();
                        let token = &tokens[i - 1];
                        break Some(At {
                            start: token.start as usize,
                            token: i - 1,
                            token_end: token.end as usize,
                        });
                    }
                };
                *index = i;
                at
            }
            Scan::AhoCorasick {
                automaton,
                folded,
                tokens,
                resume,
            } => {
                let hay = folded.text.as_str();
                let from = resume
                    .iter()
                    .find(|&&(original, _)| original == pos)
                    .map_or(0, |&(_, at)| at);
                resume.clear();
                let found = automaton.find(Input::new(hay).span(from..hay.len()))?;
                let fstart = found.start();
                let token_at =
                    |offset: usize| tokens.partition_point(|t| (t.start as usize) < offset);
                let mut next = Some(found);
                while let Some(m) = next {
                    let end = folded.to_original(m.end());
                    resume.push((end, m.end()));
                    out.push(Found {
                        pattern: m.pattern().as_usize(),
                        end,
                        after: token_at(end),
                    });
                    next = (m.end() - fstart >= 2)
                        .then(|| {
                            let shorter = Input::new(hay).span(fstart..m.end() - 1);
                            automaton.find(shorter.anchored(Anchored::Yes))
                        })
                        .flatten();
                }
                let skip = token_end(hay, fstart);
                let (start, token_end) = (folded.to_original(fstart), folded.to_original(skip));
                resume.push((token_end, skip));
                Some(At {
                    start,
                    token: token_at(start),
                    token_end,
                })
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

/// A token of a text: a run of letters and digits, or one other character, as its folded
/// copy has it, but with offsets in the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    start: u32,
    end: u32,
    /// The folded token packed (up to eight bytes) or hashed (longer), see [`token_key`].
    key: u64,
    /// What stands before it.
    gap: Gap,
    /// Whether the folded token is longer than eight bytes, so that `key` is a hash.
    long: bool,
    /// Whether the token comes from a stretch of text beyond ASCII, folded; if not, it is
    /// ASCII and folds by lower-casing.
    wide: bool,
}

impl Token {
    /// The key of the folded token.
    pub(crate) fn key(&self) -> u64 {
        self.key
    }

    /// Whether the token of `text` folds to `folded` (with a key equal to its own).
    #[inline]
    pub(crate) fn is(&self, text: &str, folded: &str) -> bool {
        if !self.long {
            // The key is the folded token.
            return folded.len() <= 8;
        }
        let span = self.start as usize..self.end as usize;
        if self.wide {
            return text
                .get(span)
                .is_some_and(|original| fold(original) == folded);
        }
        let (original, folded) = (&text.as_bytes()[span], folded.as_bytes());
        let word = |chunk: &[u8]| u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let (mut a, mut b) = (original.chunks_exact(8), folded.chunks_exact(8));
        original.len() == folded.len()
            && (&mut a)
                .zip(&mut b)
                .all(|(a, b)| ascii_lowercase(word(a)) == word(b))
            && a.remainder().eq_ignore_ascii_case(b.remainder())
    }

    /// Where the token starts in its text.
    pub(crate) fn start(&self) -> usize {
        self.start as usize
    }
}

/// The token right before token `index` of `tokens`, if one space or none stands between
/// them.
pub(crate) fn token_before(tokens: &[Token], index: usize) -> Option<&Token> {
    let before = tokens.get(index.checked_sub(1)?)?;
    (tokens[index].gap != Gap::Paragraph).then_some(before)
}

/// Token `index` of `tokens`, if one space or none stands between it and the token before.
pub(crate) fn token_after(tokens: &[Token], index: usize) -> Option<&Token> {
    tokens.get(index).filter(|t| t.gap != Gap::Paragraph)
}

/// A folded phrase split into tokens, to be found next to a match.
#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    text: Box<str>,
    tokens: Box<[Token]>,
}

impl Phrase {
    /// The phrase of the folded text `folded`, which holds a token at least (dictionaries turn
    /// down blank context items).
    pub(crate) fn new(folded: &str) -> Phrase {
        let mut tokens = Vec::new();
        tokenize(folded, &mut tokens);
        assert!(!tokens.is_empty(), "a context item is not blank");
        Phrase {
            text: folded.into(),
            tokens: tokens.into(),
        }
    }

    /// The key of the phrase if it is one word (a run of letters and digits).
    pub(crate) fn word(&self) -> Option<u64> {
        match &self.tokens[..] {
            [one] if self.text.chars().next().is_some_and(char::is_alphanumeric) => Some(one.key),
            _ => None,
        }
    }

    /// The phrase as text.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Whether the phrase stands right before token `index` of `tokens` (of `text`), with one
    /// space or none between, and starts on a word boundary.
    #[inline]
    pub(crate) fn before(&self, text: &str, tokens: &[Token], index: usize) -> bool {
        let n = self.tokens.len();
        // The last tokens settle most phrases.
        token_before(tokens, index).is_some_and(|t| t.key == self.tokens[n - 1].key)
            && index >= n
            && self.is_at(text, &tokens[index - n..index])
            && is_boundary(text, tokens[index - n].start as usize)
    }

    /// Whether the phrase stands right at token `index` of `tokens` (of `text`), with one space
    /// or none before it, and ends on a word boundary.
    #[inline]
    pub(crate) fn after(&self, text: &str, tokens: &[Token], index: usize) -> bool {
        let n = self.tokens.len();
        // The first tokens settle most phrases.
        token_after(tokens, index).is_some_and(|t| t.key == self.tokens[0].key)
            && tokens
                .get(index..index + n)
                .is_some_and(|run| self.is_at(text, run) && is_end(text, run[n - 1].end as usize))
    }

    /// Whether `run` (as many tokens of `text` as the phrase has) is the phrase.
    fn is_at(&self, text: &str, run: &[Token]) -> bool {
        run.iter().zip(&self.tokens).enumerate().all(|(i, (t, p))| {
            t.key == p.key
                && t.long == p.long
                && (i == 0 || t.gap == p.gap)
                && t.is(text, &self.text[p.start as usize..p.end as usize])
        })
    }
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

/// The tokens of a text, and the memory that splitting it takes.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    list: Vec<Token>,
    /// A stretch of text beyond ASCII, folded.
    folded: Folded,
    /// The tokens of `folded`.
    wide: Vec<Token>,
}

impl Tokens {
    /// The tokens.
    pub(crate) fn list(&self) -> &[Token] {
        &self.list
    }

    /// Splits `text` into the tokens its folded copy has, in place of the tokens before,
    /// without folding it: ASCII is lower-cased token by token, and only a stretch that holds
    /// a letter or digit beyond ASCII is folded on its own.
    pub(crate) fn split(&mut self, text: &str) {
        self.split_block(text, 0);
    }

    /// Splits `text` from `from` on, as [`Tokens::split`] does; `from` is 0 or where a block
    /// ends (see [`block_end`]).
    pub(crate) fn split_block(&mut self, text: &str, from: usize) {
        let bytes = text.as_bytes();
        self.list.clear();
        self.list.reserve((text.len() - from) / 5);
        let mut gap = if from == 0 { Gap::None } else { Gap::Paragraph };
        let mut pos = from;
        while pos < bytes.len() {
            let byte = bytes[pos];
            let (end, key) = if WORD[usize::from(byte)] {
                // A word in ASCII; a letter beyond ASCII may go on with it.
                let (end, key) = ascii_word(bytes, pos);
                if end < bytes.len() && bytes[end] >= 0x80 && goes_on(char_at(text, end)) {
                    pos = self.split_wide(text, pos, gap);
                    gap = Gap::None;
                    continue;
                }
                (end, key)
            } else if byte == b' ' && bytes.get(pos + 1).is_some_and(|&n| PLAIN[usize::from(n)]) {
                gap = Gap::Space;
                pos += 1;
                continue;
            } else if byte < 0x80 && !is_ascii_space(byte) {
                (pos + 1, u64::from(byte))
            } else {
                let c = char_at(text, pos);
                let end = pos + c.len_utf8();
                if is_apostrophe(c) {
                    (end, u64::from(b'\''))
                } else if c.is_whitespace() {
                    let (end, breaks) = whitespace_run(text, pos);
                    gap = if breaks >= 2 {
                        Gap::Paragraph
                    } else {
                        Gap::Space
                    };
                    pos = end;
                    continue;
                } else if !goes_on(c) {
                    // Neither a letter nor a digit: folding leaves it as it is.
                    (end, token_key(&bytes[pos..end]))
                } else {
                    pos = self.split_wide(text, pos, gap);
                    gap = Gap::None;
                    continue;
                }
            };
            self.list.push(Token {
                start: pos as u32,
                end: end as u32,
                key,
                gap,
                long: end - pos > 8,
                wide: false,
            });
            // Mostly a single space follows: take it here rather than on another round.
            (gap, pos) = match bytes.get(end..end + 2) {
                Some(&[b' ', next]) if PLAIN[usize::from(next)] => (Gap::Space, end + 1),
                _ => (Gap::None, end),
            };
        }
    }

    /// Splits the stretch of `text` from the token at `from` to the next whitespace, which
    /// holds a letter or digit beyond ASCII, by folding it (with what comes before it up to
    /// whitespace, for its word boundaries). Returns where the stretch ends.
    #[cold]
    fn split_wide(&mut self, text: &str, from: usize, gap: Gap) -> usize {
        let end = text[from..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| from + i);
        let start = text[..from]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        self.folded.refold(&text[start..end]);
        tokenize(&self.folded.text, &mut self.wide);
        let mut gap = gap;
        for token in &self.wide {
            let (s, e) = (
                start + self.folded.to_original(token.start as usize),
                start + self.folded.to_original(token.end as usize),
            );
            if s >= from {
                self.list.push(Token {
                    start: s as u32,
                    end: e as u32,
                    gap,
                    wide: true,
                    ..*token
                });
                gap = Gap::None;
            }
        }
        end
    }
}

/// Where the block of `text` that starts at `from` ends: at the first token after about
/// [`BLOCK`] bytes that follows a paragraph break, or at the end. No key and no context item
/// reaches across a paragraph break, so blocks are searched one by one as the whole text
/// would be, while their tokens stay in the cache. A paragraph longer than [`LONGEST_BLOCK`]
/// is cut after its last whitespace before that length, where a key that spans the cut is not
/// found.
pub(crate) fn block_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let end = text.len().min(from.saturating_add(LONGEST_BLOCK));
    let mut at = from + BLOCK;
    while at < end {
        let Some(newline) = memchr::memchr(b'\n', &bytes[at..end]) else {
            break;
        };
        let (run_end, breaks) = whitespace_run(text, at + newline);
        if breaks >= 2 && run_end <= end {
            return run_end;
        }
        at = run_end;
    }
    if end == text.len() {
        return end;
    }
    let mut end = end;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[from..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(end, |(i, c)| from + i + c.len_utf8())
}

/// Bytes of text searched at a time, at least (see [`block_end`]); a few when fuzzing, so
/// that short inputs are cut into blocks too.
const BLOCK: usize = if cfg!(fuzzing) { 4 } else { 32 << 10 };

/// The bytes that token offsets, 32 bits, count up to. Tokens count from a point before their
/// block: the start of the text or, in a longer text, the start of a later block (see
/// `Restorer::candidates`). Unit tests and fuzzing builds count less far, so that what longer
/// texts go through is tested too.
pub(crate) const OFFSETS: usize = if cfg!(test) {
    256 << 10
} else if cfg!(fuzzing) {
    16
} else {
    u32::MAX as usize
};

/// The longest block: half of what offsets reach, so that a block fits with the whitespace
/// before it. Fuzzing builds do not cut paragraphs, so that both matchers still agree there.
const LONGEST_BLOCK: usize = if cfg!(fuzzing) {
    usize::MAX
} else {
    OFFSETS / 2
};

/// Whether `c`, beyond ASCII, is a letter or digit, which a word may go on with; curly quotes
/// and dashes, the most common of the others, are told apart without the Unicode tables.
#[inline]
fn goes_on(c: char) -> bool {
    !is_punctuation(c) && c.is_alphanumeric()
}

/// Splits folded text into `tokens` (cleared first), in one pass.
fn tokenize(hay: &str, tokens: &mut Vec<Token>) {
    let bytes = hay.as_bytes();
    tokens.clear();
    let mut gap = Gap::None;
    let mut pos = 0;
    while pos < bytes.len() {
        let byte = bytes[pos];
        let end = if byte == b' ' {
            gap = Gap::Space;
            pos += 1;
            continue;
        } else if byte == b'\n' {
            gap = Gap::Paragraph;
            pos += 1;
            continue;
        } else if WORD[usize::from(byte)] {
            // A word in ASCII, in a tight loop; it may go on past ASCII.
            let mut end = pos + 1;
            while end < bytes.len() && WORD[usize::from(bytes[end])] {
                end += 1;
            }
            if end < bytes.len() && bytes[end] >= 0x80 {
                token_end(hay, pos)
            } else {
                end
            }
        } else if byte >= 0x80 {
            token_end(hay, pos)
        } else {
            pos + 1
        };
        tokens.push(Token {
            start: pos as u32,
            end: end as u32,
            key: token_key(&bytes[pos..end]),
            gap,
            long: end - pos > 8,
            wide: false,
        });
        gap = Gap::None;
        pos = end;
    }
}

/// A token packed as it is when it has up to eight bytes (no two pack alike: a token is a run
/// of letters and digits, which holds no NUL, or one character), or else hashed; ASCII
/// letters lower-cased either way, so that a token of a text and of its folded copy have the
/// same key.
#[inline]
fn token_key(token: &[u8]) -> u64 {
    if token.len() <= 8 {
        let mut bytes = [0; 8];
        bytes[..token.len()].copy_from_slice(token);
        ascii_lowercase(u64::from_le_bytes(bytes))
    } else {
        long_key(token)
    }
}

/// [`token_key`] of a token longer than eight bytes: its words of eight bytes, the last one
/// overlapping the one before if it must, lower-cased and mixed.
#[inline(never)]
fn long_key(token: &[u8]) -> u64 {
    let word = |chunk: &[u8]| u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
    let mix = |hash: u64, word: u64| {
        (hash.rotate_left(5) ^ ascii_lowercase(word)).wrapping_mul(0x517c_c1b7_2722_0a95)
    };
    let mut chunks = token.chunks_exact(8);
    let mut hash = (&mut chunks).fold(token.len() as u64, |hash, c| mix(hash, word(c)));
    if !chunks.remainder().is_empty() {
        hash = mix(hash, word(&token[token.len() - 8..]));
    }
    hash
}

/// The end of the run of ASCII letters and digits that starts at `start`, and its
/// [`token_key`]. Reads eight bytes at a time: a run of up to seven takes one read, which
/// gives its end and its key lower-cased at once.
#[inline]
fn ascii_word(bytes: &[u8], start: usize) -> (usize, u64) {
    let high = |byte: u8| u64::from_ne_bytes([byte; 8]);
    // The high bit of each byte (without its own high bit) that is at least `bound`.
    let at_least = |word: u64, bound: u8| word + high(0x80 - bound);
    let mut at = start;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let chunk = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let low = chunk & high(0x7f);
        let folded = low | high(0x20);
        let ascii = !chunk & high(0x80);
        let letters = at_least(folded, b'a') & !at_least(folded, b'z' + 1) & ascii;
        let digits = at_least(low, b'0') & !at_least(low, b'9' + 1) & ascii;
        let stops = !(letters | digits) & high(0x80);
        if stops != 0 {
            let end = at + (stops.trailing_zeros() / 8) as usize;
            if at > start {
                return (end, token_key(&bytes[start..end]));
            }
            let key = (chunk | (letters >> 2)) & ((1 << (8 * (end - start))) - 1);
            return (end, key);
        }
        at += 8;
    }
    let end = bytes[at..]
        .iter()
        .position(|&b| !WORD[usize::from(b)])
        .map_or(bytes.len(), |i| at + i);
    (end, token_key(&bytes[start..end]))
}

/// A trie of keys by tokens. An edge is a token and whether a space stands before it, so one
/// step of a walk is one lookup of two integers.
#[derive(Clone, Debug)]
pub(crate) struct WordTrie {
    edges: Edges,
    /// The tokens that start a key, and those that are a key on their own: a token that
    /// starts none settles without a probe of `edges`.
    starts: Starts,
    /// The first two tokens of longer keys, and whether a space stands between them: a token
    /// whose pair with the next one is not in it can only match on its own.
    pairs: Filter,
    /// For each node reached by a token longer than eight bytes, that token (to tell apart
    /// tokens whose hashes collide).
    long: FxHashMap<u32, Box<str>>,
}

impl WordTrie {
    fn new(keys: &[&str]) -> WordTrie {
        // The trie with nodes numbered as they come, edges in the same order (so that a node
        // is reached before any edge from it), then laid out in the table.
        let mut edges: Vec<Edge> = Vec::new();
        let mut ends = vec![None];
        let mut children: FxHashMap<(u32, bool, bool, u64), u32> =
            FxHashMap::with_capacity_and_hasher(keys.len() * 2, Default::default());
        let mut tokens = Vec::new();
        // The first token of each key, whether it is the whole key, and the pair of the first
        // two tokens of longer keys.
        let (mut firsts, mut pair_keys) = (Vec::with_capacity(keys.len()), Vec::new());
        for (pattern, key) in keys.iter().enumerate() {
            let mut node = 0;
            tokenize(key, &mut tokens);
            for (i, token) in tokens.iter().enumerate() {
                let spaced = i > 0 && token.gap == Gap::Space;
                let edge = (node, spaced, token.long, token.key);
                node = *children.entry(edge).or_insert_with(|| {
                    let child = ends.len() as u32;
                    let text = &key[token.start as usize..token.end as usize];
                    edges.push(Edge {
                        from: node,
                        spaced,
                        key: token.key,
                        long: token.long.then(|| text.into()),
                    });
                    ends.push(None);
                    child
                });
            }
            ends[node as usize].get_or_insert(pattern as u32);
            if let [one, rest @ ..] = &tokens[..] {
                firsts.push((one.key, rest.is_empty()));
                pair_keys.extend(rest.first().map(|two| pair_key(one.key, two)));
            }
        }
        // Sized by the distinct first tokens and pairs (many keys share them): the edges from
        // the root, and from its children.
        let depth_one = |from: u32| from != 0 && edges[from as usize - 1].from == 0;
        let distinct_firsts = edges.iter().filter(|e| e.from == 0).count();
        let distinct_pairs = edges.iter().filter(|e| depth_one(e.from)).count();
        let mut starts = Starts::new(distinct_firsts);
        for &(key, alone) in &firsts {
            starts.insert(key, alone);
        }
        let mut pairs = Filter::new(distinct_pairs);
        for &key in &pair_keys {
            pairs.insert(key);
        }
        let (edges, long) = Edges::new(edges, &ends);
        WordTrie {
            edges,
            starts,
            pairs,
            long,
        }
    }

    /// The edge from `node` along a token, spaced or not, and longer than eight bytes or not.
    #[inline]
    fn edge(node: u32, spaced: bool, long: bool) -> u32 {
        node * 4 + u32::from(long) * 2 + u32::from(spaced)
    }

    /// The child of `node` along `token` of `text`, and what ends there (see [`Edges::get`]).
    #[inline]
    fn step(&self, node: u32, spaced: bool, token: &Token, text: &str) -> Option<(u32, u32)> {
        let edge = WordTrie::edge(node, spaced, token.long);
        let (child, ends) = self.edges.get(edge, token.key)?;
        if token.long && !self.is_long(child, token, text) {
            return None;
        }
        Some((child, ends))
    }

    /// Whether `child` is reached by the long `token` (and not by one whose hash collides).
    #[cold]
    fn is_long(&self, child: u32, token: &Token, text: &str) -> bool {
        self.long.get(&child).is_some_and(|t| token.is(text, t))
    }

    /// Pushes every key that matches from token `index` of `tokens` on, shortest first;
    /// token `index` starts a key.
    #[inline]
    fn walk(&self, text: &str, tokens: &[Token], index: usize, out: &mut Vec<Found>) {
        let one = &tokens[index];
        // A common word starts keys mostly with other words after it ("the" in "the wall road
        // journal"): unless the pair is in the filter, only a key of one token can match.
        let longer = tokens.get(index + 1).is_some_and(|two| {
            two.gap != Gap::Paragraph && self.pairs.contains(pair_key(one.key, two))
        });
        if !longer && !self.starts.is_key(one.key) {
            return;
        }
        let mut got = self.step(0, false, one, text);
        let mut i = index;
        while let Some((node, ends)) = got {
            if ends & !INNER != NO_PATTERN {
                out.push(Found {
                    pattern: (ends & !INNER) as usize,
                    end: tokens[i].end as usize,
                    after: i + 1,
                });
            }
            // A node without edges of its own ends the walk without a lookup.
            let Some(next) = tokens.get(i + 1).filter(|_| longer && ends & INNER != 0) else {
                return;
            };
            let spaced = match next.gap {
                Gap::None => false,
                Gap::Space => true,
                Gap::Paragraph => return,
            };
            got = self.step(node, spaced, next, text);
            i += 1;
        }
    }
}

/// The key of the pair of a token of `first` and the token after it.
#[inline]
fn pair_key(first: u64, second: &Token) -> u64 {
    first.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ second.key ^ u64::from(second.gap == Gap::Space)
}

/// The tokens that start a key, and those that are a key on their own, as sets that may wrongly
/// say a token is in them, but never that one is not. Both answers for a token are bits of one
/// word, read at once.
#[derive(Clone, Debug)]
struct Starts {
    words: Box<[u64]>,
    /// How far to shift a 64-bit hash right to index `words`.
    shift: u32,
}

impl Starts {
    /// Sets for about `tokens` tokens: 32 bits a token (which sets one bit or two), so that
    /// about one token in sixteen that is in neither finds its bit set; at least 8 KiB, at
    /// most 2 MiB.
    fn new(tokens: usize) -> Starts {
        let words = (tokens / 2).next_power_of_two().clamp(1 << 10, 1 << 18);
        Starts {
            words: vec![0; words].into_boxed_slice(),
            shift: 64 - words.trailing_zeros(),
        }
    }

    /// The word of `key`, and its two bits there: for starting a key, and for being one.
    #[inline]
    fn bits(&self, key: u64) -> (usize, u64, u64) {
        let hash = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let word = (hash >> self.shift) as usize;
        (word, 1 << ((hash >> 20) & 63), 1 << ((hash >> 26) & 63))
    }

    /// Adds a token that starts a key, and is one on its own if `alone`.
    fn insert(&mut self, key: u64, alone: bool) {
        let (word, starts, is_key) = self.bits(key);
        self.words[word] |= starts | if alone { is_key } else { 0 };
    }

    #[inline]
    fn starts(&self, key: u64) -> bool {
        let (word, starts, _) = self.bits(key);
        self.words[word] & starts != 0
    }

    #[inline]
    fn is_key(&self, key: u64) -> bool {
        let (word, _, is_key) = self.bits(key);
        self.words[word] & is_key != 0
    }
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

/// An edge of a [`WordTrie`] as it is built: the node it leaves, whether a space stands before
/// its token, the token's key, and the token if it is longer than eight bytes.
struct Edge {
    from: u32,
    spaced: bool,
    key: u64,
    long: Option<Box<str>>,
}

/// Marks a slot of [`Edges`] whose node ends no key.
const NO_PATTERN: u32 = !INNER;
/// Marks a slot of [`Edges`] whose node has edges of its own.
const INNER: u32 = 1 << 31;

/// The edges of a [`WordTrie`] in an open-addressed hash table: `(edge, token key)` to child.
/// A node is numbered after the slot of the edge that reaches it, and that slot also holds
/// the pattern that ends there, so one step of a walk reads one slot. A lookup is a multiply
/// and, mostly, one probe.
#[derive(Clone, Debug)]
struct Edges {
    /// `(edge + 1, pattern or NO_PATTERN with INNER if the node has edges, token key)`; an
    /// edge of 0 marks an empty slot. The node in slot `i` is `i + 1`; the root is 0.
    slots: Box<[(u32, u32, u64)]>,
    /// How far to shift a 64-bit hash right to index `slots`.
    shift: u32,
}

impl Edges {
    /// A table of `edges` (each given once, and after the edge that reaches the node it
    /// leaves), at most two thirds full, with `ends[node]` the pattern that ends at each node as
    /// the edges number them (the root 0, then each edge's node in turn). Returns it with the
    /// long tokens by node.
    fn new(edges: Vec<Edge>, ends: &[Option<u32>]) -> (Edges, FxHashMap<u32, Box<str>>) {
        let bits = (edges.len() * 3 / 2 + 1)
            .next_power_of_two()
            .max(2)
            .trailing_zeros();
        let mut table = Edges {
            slots: vec![(0, 0, 0); 1 << bits].into_boxed_slice(),
            shift: 64 - bits,
        };
        let mut inner = vec![false; edges.len() + 1];
        for edge in &edges {
            inner[edge.from as usize] = true;
        }
        // The node of the table for each node as numbered when built.
        let mut nodes = vec![0; edges.len() + 1];
        let mut long = FxHashMap::default();
        for (i, edge) in edges.into_iter().enumerate() {
            let from = WordTrie::edge(nodes[edge.from as usize], edge.spaced, edge.long.is_some());
            let mut slot = table.slot(from, edge.key);
            while table.slots[slot].0 != 0 {
                slot = (slot + 1) & (table.slots.len() - 1);
            }
            let pattern = ends[i + 1].unwrap_or(NO_PATTERN) | if inner[i + 1] { INNER } else { 0 };
            table.slots[slot] = (from + 1, pattern, edge.key);
            nodes[i + 1] = slot as u32 + 1;
            if let Some(token) = edge.long {
                long.insert(slot as u32 + 1, token);
            }
        }
        (table, long)
    }

    /// Where the probe for `(edge, key)` starts.
    #[inline]
    fn slot(&self, edge: u32, key: u64) -> usize {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let hash = (key.rotate_left(26) ^ u64::from(edge).wrapping_mul(K)).wrapping_mul(K);
        (hash >> self.shift) as usize
    }

    /// The child along `(edge, key)`, and the pattern that ends there (or [`NO_PATTERN`]),
    /// with [`INNER`] if the child has edges of its own.
    #[inline]
    fn get(&self, edge: u32, key: u64) -> Option<(u32, u32)> {
        let mut i = self.slot(edge, key);
        loop {
            let (slot_edge, pattern, slot_key) = self.slots[i];
            if slot_edge == edge + 1 && slot_key == key {
                return Some((i as u32 + 1, pattern));
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

    /// Every key each matcher finds in `text`, as `(start, [(pattern, end, after)])`.
    fn scan_all(kind: MatcherKind, keys: &[&str], text: &str) -> Vec<(usize, Vec<Found>)> {
        let matcher = Matcher::new(kind, keys).unwrap();
        let mut tokens = Tokens::default();
        tokens.split(text);
        let folded = Folded::new(text);
        let mut scan = matcher.scan(text, &tokens, &folded);
        let (mut found, mut pos, mut out) = (Vec::new(), 0, Vec::new());
        while let Some(at) = scan.next(pos, &mut out) {
            found.push((at.start, std::mem::take(&mut out)));
            pos = at.token_end;
        }
        found
    }

    #[test]
    fn walks_whole_tokens() {
        let keys = [
            "u.s. officers",
            "u.s.",
            "didn't reply",
            "caf\u{e9}",
            "(roi)",
        ];
        let text = "The U.S. Officers  didn\u{2019}t\nreply; caf\u{e9}s CAF\u{c9} (roi) u.s.officers u.s.\n\nofficers";
        let found = |pattern, end, after| Found {
            pattern,
            end,
            after,
        };
        let expected = vec![
            (4, vec![found(0, 17, 6), found(1, 8, 5)]),
            (19, vec![found(2, 33, 10)]),
            (42, vec![found(3, 47, 13)]),
            (48, vec![found(4, 53, 16)]),
            (54, vec![found(1, 58, 20)]),
            (67, vec![found(1, 71, 25)]),
        ];
        assert_eq!(scan_all(MatcherKind::Words, &keys, text), expected);
        // Bytes, not tokens: it finds "caf\u{e9}" in "caf\u{e9}s" too, which the boundary check
        // of the restorer turns down.
        let mut expected = expected;
        expected.insert(2, (35, vec![found(3, 40, 12)]));
        assert_eq!(scan_all(MatcherKind::AhoCorasick, &keys, text), expected);
    }

    #[test]
    fn splits_text_as_its_folded_copy() {
        let texts = [
            "Based on Folks accustomed  to\tthe MATTER.",
            "didn\u{2019}t \u{201c}quote\u{201d} \u{2018}x\u{2019} it\u{02bc}s",
            "one \r\n \r\n two\n\nthree \n four\u{a0}five\u{2028}six",
            "caf\u{e9} CAF\u{c9}S Z\u{fc}rich \u{c9}TAIT na\u{ef}ve-ish r\u{e9}sum\u{e9}s",
            "\u{130}stanbul \u{130}STANBUL x\u{130}y",
            "abc\u{4e2d}\u{6587}def \u{4e2d}\u{6587} (\u{93f}b) a\u{301}b \u{301}c",
            "VERYLONGWORDINCAPITALS verylongwordincapitals Stra\u{df}enbahnhaltestelle",
            "x\u{0}y\u{7f}z  \u{3000}\u{3000}end ",
            "\u{2019}\u{2019}a \u{2019}s \u{bd}\u{b2} \u{2160}\u{2161} \u{24b6}\u{24b7}",
            "",
            " ",
            "\n\n",
        ];
        for text in texts {
            // The tokens of the folded copy, with offsets mapped back as the folded copy maps
            // them.
            let folded = Folded::new(text);
            let mut tokens = Vec::new();
            tokenize(&folded.text, &mut tokens);
            let want: Vec<_> = tokens
                .iter()
                .map(|t| {
                    let start = folded.to_original(t.start as usize);
                    let end = folded.to_original(t.end as usize);
                    (start, end, t.key, t.gap, t.long)
                })
                .collect();
            let mut split = Tokens::default();
            split.split(text);
            let got: Vec<_> = split
                .list()
                .iter()
                .map(|t| (t.start as usize, t.end as usize, t.key, t.gap, t.long))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn blocks_split_as_the_whole_text() {
        // Paragraphs of every kind of break, a block's worth apart and more.
        let breaks = [
            "\n\n",
            "\r\n\r\n",
            " \n \n ",
            "\n",
            "\u{2029}\u{2029}",
            "\r\r",
            "\n\u{a0}\n",
            " ",
            "\r\n",
        ];
        let mut text = String::new();
        for (i, gap) in breaks.iter().cycle().take(60).enumerate() {
            let words = ["Caf\u{e9} au lait", "didn\u{2019}t", "VERYLONGWORDS", "x,y"];
            while text.len() < (i + 1) * (BLOCK / 3) {
                text += words[text.len() % 4];
                text.push(' ');
            }
            text += gap;
        }
        text += "\n\nend";
        let fields = |tokens: &Tokens| -> Vec<_> {
            tokens
                .list()
                .iter()
                .map(|t| (t.start, t.end, t.key, t.gap, t.long, t.wide))
                .collect()
        };
        let mut whole = Tokens::default();
        whole.split(&text);
        let (mut blocks, mut got, mut from, mut count) = (Tokens::default(), Vec::new(), 0, 0);
        while from < text.len() {
            count += 1;
            let to = block_end(&text, from);
            assert!(to == text.len() || to >= from + BLOCK, "{from}..{to}");
            blocks.split_block(&text[..to], from);
            got.extend(fields(&blocks));
            from = to;
        }
        assert!(count > 10, "{count} blocks");
        assert_eq!(got, fields(&whole));
    }
}
