//! The restorer: dictionaries compiled into one matcher, and the pass that finds, gates and
//! renders replacements.
//!
//! A pass has three steps. First the matcher finds candidate spans where the folded text
//! matches a key, leftmost first; each span keeps every entry that fits it on word boundaries,
//! case and context, longest first. Then the sure and likely candidates become the evidence
//! that the text is spun. Last, each span takes its first entry whose class the nearby evidence
//! allows, and the replacement is rendered in the case of the text it replaces.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::article;
use crate::boundary::{is_boundary, is_end};
use crate::case::{Case, has_line_break, is_plain, render};
use crate::dictionary::{Class, Dictionary, Entries, Entry, normalize_exact};
use crate::fold::{Folded, fold, fold_onto, is_apostrophe};
use crate::matcher::{
    At, Found, Matcher, MatcherKind, OFFSETS, Phrase, Token, Tokens, block_end, token_after,
    token_before,
};
use crate::packed::Table;

/// How much spin evidence the gated classes need, and how far it may be from them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Distinct sure or likely entries that must match within the window before an
    /// ambiguous entry fires.
    pub min_evidence: usize,
    /// How far (in bytes, to each side) evidence counts for a candidate. A document shorter
    /// than this is one window.
    pub window: usize,
    /// The matcher that finds keys.
    pub matcher: MatcherKind,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            min_evidence: 3,
            window: 16 * 1024,
            matcher: MatcherKind::default(),
        }
    }
}

/// One replacement in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    /// The bytes of the input that are replaced.
    pub span: Range<usize>,
    /// The restored text that replaces them.
    pub text: String,
    /// The entry that fired, an index into [`Restorer::entries`].
    pub entry: usize,
}

/// The restorer could not be built from the dictionaries.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The automaton could not be built.
    #[error("cannot build the matcher: {0}")]
    Matcher(#[from] aho_corasick::BuildError),
    /// The originals of the entries add up to more than 4 GiB.
    #[error("cannot build the restorer: the originals add up to more than 4 GiB")]
    TooLarge,
}

/// Collects dictionaries and options, and builds a [`Restorer`].
#[derive(Clone, Debug, Default)]
pub struct Builder {
    dictionaries: Vec<Dictionary>,
    options: Options,
}

impl Builder {
    /// A builder with no dictionaries and default options.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Adds a dictionary. Where two dictionaries hold the same spun form, the one added first
    /// wins, so add user dictionaries before the built-in ones.
    pub fn dictionary(mut self, dictionary: Dictionary) -> Builder {
        self.dictionaries.push(dictionary);
        self
    }

    /// Sets the options.
    pub fn options(mut self, options: Options) -> Builder {
        self.options = options;
        self
    }

    /// Compiles the dictionaries.
    pub fn build(self) -> Result<Restorer, BuildError> {
        let dictionaries: Vec<Entries> = self
            .dictionaries
            .into_iter()
            .map(Dictionary::into_entries)
            .collect();
        let total = dictionaries
            .iter()
            .map(|entries| match entries {
                Entries::Packed(table) => table.entries.len(),
                Entries::Read(entries) => entries.len(),
            })
            .sum();
        // Each entry's source, class, dictionary and original (a span of the dictionary's
        // text of originals), and its folded key: packed, or folded here onto `folded`.
        let mut sources = Vec::with_capacity(total);
        let mut placed: Vec<(Class, u32, (u32, u32))> = Vec::with_capacity(total);
        let mut originals = Vec::new();
        let mut keys = Vec::with_capacity(total);
        let mut folded = String::new();
        for (index, dictionary) in dictionaries.into_iter().enumerate() {
            let index = index as u32;
            match dictionary {
                Entries::Packed(table) => {
                    for (i, packed) in table.entries.iter().enumerate() {
                        sources.push(Source::new(Origin::Packed(
                            table,
                            i as u32,
                            OnceLock::new(),
                        )));
                        let original = (packed.original.0, packed.original.1);
                        placed.push((packed.class, index, original));
                        keys.push(Key::Packed(table.str(packed.folded)));
                    }
                    originals.push(Cow::Borrowed(table.text));
                }
                Entries::Read(read) => {
                    let mut text = String::new();
                    let offset = |at: usize| u32::try_from(at).map_err(|_| BuildError::TooLarge);
                    for entry in read {
                        let start = text.len();
                        text.push_str(&entry.original);
                        let original = (offset(start)?, offset(text.len())?);
                        let start = folded.len();
                        fold_onto(&entry.spun, &mut folded);
                        keys.push(Key::Folded(start..folded.len()));
                        placed.push((entry.class, index, original));
                        sources.push(Source::new(Origin::read(entry)));
                    }
                    originals.push(Cow::Owned(text));
                }
            }
        }
        // A pattern for each folded key, in the order of the entries.
        let mut pattern_ids: FxHashMap<&str, usize> =
            FxHashMap::with_capacity_and_hasher(total, Default::default());
        let mut patterns: Vec<&str> = Vec::with_capacity(total);
        let mut of_entry: Vec<usize> = keys
            .iter()
            .map(|key| {
                let key = match key {
                    Key::Packed(key) => key,
                    Key::Folded(range) => &folded[range.clone()],
                };
                *pattern_ids.entry(key).or_insert_with(|| {
                    patterns.push(key);
                    patterns.len() - 1
                })
            })
            .collect();
        drop(pattern_ids);
        // An identity belongs to the first dictionary that holds it. Entries of the same
        // identity have the same folded key (keys are single-spaced, and an exact key folds to
        // the folded one), so only an entry whose pattern others share can lose its identity;
        // the first entry of a pattern never does.
        let mut sharing = vec![0u32; patterns.len()];
        for &pattern in &of_entry {
            sharing[pattern] += 1;
        }
        let mut claimed = FxHashMap::default();
        let kept: Vec<bool> = (0..sources.len())
            .map(|id| {
                if sharing[of_entry[id]] == 1 {
                    return true;
                }
                let identity = sources[id]
                    .exact()
                    .map_or(patterns[of_entry[id]], |(key, _)| key);
                let dictionary = placed[id].1;
                *claimed.entry(identity).or_insert(dictionary) == dictionary
            })
            .collect();
        drop(claimed);
        keep(&mut sources, &kept);
        keep(&mut placed, &kept);
        keep(&mut of_entry, &kept);
        let entries: Vec<Compiled> = sources
            .iter()
            .zip(&placed)
            .map(|(source, &(class, dictionary, original))| Compiled {
                original,
                dictionary,
                class,
                exact: source.exact().is_some(),
                context: source.has_context(),
            })
            .collect();
        let candidates = Candidates::new(patterns.len(), &of_entry, |id| !entries[id].exact);
        let matcher = Matcher::new(self.options.matcher, &patterns)?;
        Ok(Restorer {
            matcher,
            candidates,
            entries,
            sources,
            originals,
            options: self.options,
        })
    }
}

/// Keeps the items of `list` whose flag in `kept` is set.
fn keep<T>(list: &mut Vec<T>, kept: &[bool]) {
    let mut kept = kept.iter();
    list.retain(|_| kept.next() == Some(&true));
}

/// The folded key of an entry being compiled: packed, or a range of the keys folded by the
/// builder.
enum Key {
    Packed(&'static str),
    Folded(Range<usize>),
}

/// For each pattern of the matcher, the entries with that folded key, in the order to try. A
/// pattern of one entry (most of them) holds it; one of more holds where its list is.
#[derive(Clone, Debug)]
struct Candidates {
    /// For each pattern: its entry, or [`MANY`] and where its list starts in `lists`.
    of_pattern: Box<[u32]>,
    /// The lists of the patterns of more than one entry: each its length, then the entries.
    lists: Box<[u32]>,
}

/// Marks a pattern of more than one entry in [`Candidates::of_pattern`].
const MANY: u32 = 1 << 31;

impl Candidates {
    /// Groups entries by their pattern (`pattern[id]` for entry `id`), each group in entry
    /// order but with the entries for which `later` holds after the others.
    fn new(patterns: usize, pattern: &[usize], later: impl Fn(usize) -> bool) -> Candidates {
        let mut left = vec![0u32; patterns];
        for &p in pattern {
            left[p] += 1;
        }
        let mut lists = Vec::new();
        let mut of_pattern: Box<[u32]> = left
            .iter()
            .map(|&n| match n {
                0 | 1 => 0,
                _ => {
                    let at = MANY | lists.len() as u32;
                    lists.push(n);
                    lists.resize(lists.len() + n as usize, 0);
                    at
                }
            })
            .collect();
        for pass_later in [false, true] {
            for (id, &p) in pattern.iter().enumerate() {
                if later(id) != pass_later {
                    continue;
                }
                let at = of_pattern[p];
                if at & MANY == 0 {
                    of_pattern[p] = id as u32;
                } else {
                    let start = (at & !MANY) as usize + 1;
                    let filled = lists[start - 1] - left[p];
                    lists[start + filled as usize] = id as u32;
                    left[p] -= 1;
                }
            }
        }
        Candidates {
            of_pattern,
            lists: lists.into(),
        }
    }

    /// The entries of `pattern`, in the order to try.
    #[inline]
    fn of(&self, pattern: usize) -> &[u32] {
        let at = &self.of_pattern[pattern];
        if at & MANY == 0 {
            return std::slice::from_ref(at);
        }
        let start = (at & !MANY) as usize + 1;
        &self.lists[start..start + self.lists[start - 1] as usize]
    }
}

/// Restores spun text. Build it once and share it: it is `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Restorer {
    matcher: Matcher,
    candidates: Candidates,
    /// The entries as a pass reads them.
    entries: Vec<Compiled>,
    /// Where each entry comes from, in the same order.
    sources: Vec<Source>,
    /// For each dictionary, the text that its originals are spans of.
    originals: Vec<Cow<'static, str>>,
    options: Options,
}

impl Restorer {
    /// A builder.
    pub fn builder() -> Builder {
        Builder::new()
    }

    /// The active entries, after dictionaries that were added later lost the spun forms an
    /// earlier one also holds.
    pub fn entries(&self) -> impl ExactSizeIterator<Item = &Entry> {
        self.sources.iter().map(Source::entry)
    }

    /// The entry with index `id` (as in [`Replacement::entry`]).
    pub fn entry(&self, id: usize) -> &Entry {
        self.sources[id].entry()
    }

    /// The class of the entry with index `id`.
    pub(crate) fn class(&self, id: usize) -> Class {
        self.entries[id].class
    }

    /// The options.
    pub fn options(&self) -> Options {
        self.options
    }

    /// Restores `text`, borrowing it when nothing changes.
    ///
    /// ```
    /// use unspin::{Dictionary, Restorer};
    ///
    /// let mut dictionary = Dictionary::new("example");
    /// dictionary.add_toml("example.toml", "[sure]\n\"secrets and techniques\" = \"secrets\"\n")?;
    /// let restorer = Restorer::builder().dictionary(dictionary).build()?;
    /// assert_eq!(restorer.restore("Our SECRETS AND TECHNIQUES."), "Our SECRETS.");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn restore<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = String::new();
        let mut last = 0;
        let mut changed = false;
        self.each_replacement(text, |span, _, restored| {
            if !changed {
                out.reserve(text.len() + text.len() / 16);
                changed = true;
            }
            out.push_str(&text[last..span.start]);
            out.push_str(restored);
            last = span.end;
        });
        if !changed {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[last..]);
        Cow::Owned(out)
    }

    /// Restores bytes that should be UTF-8: invalid sequences pass through untouched and the
    /// valid text around them is restored as one document.
    pub fn restore_bytes<'a>(&self, bytes: &'a [u8]) -> Cow<'a, [u8]> {
        match std::str::from_utf8(bytes) {
            Ok(text) => match self.restore(text) {
                Cow::Borrowed(_) => Cow::Borrowed(bytes),
                Cow::Owned(text) => Cow::Owned(text.into_bytes()),
            },
            Err(_) => apply(bytes, &self.find_bytes(bytes)),
        }
    }

    /// The replacements for bytes that should be UTF-8, with spans in `bytes`: the valid text
    /// around invalid sequences is searched as one document, and no span covers an invalid
    /// sequence.
    pub fn find_bytes(&self, bytes: &[u8]) -> Vec<Replacement> {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return self.find(text);
        }
        // Search a lossy copy, where each invalid sequence is one U+FFFD, and map the
        // replacements back onto the original bytes chunk by chunk.
        let mut lossy = String::with_capacity(bytes.len());
        let mut chunks = Vec::new();
        let mut offset = 0;
        for chunk in bytes.utf8_chunks() {
            chunks.push((lossy.len(), offset, chunk.valid().len()));
            lossy.push_str(chunk.valid());
            offset += chunk.valid().len() + chunk.invalid().len();
            if !chunk.invalid().is_empty() {
                lossy.push(char::REPLACEMENT_CHARACTER);
            }
        }
        let mut replacements = self.find(&lossy);
        replacements.retain_mut(|r| {
            let i = chunks.partition_point(|&(at, _, _)| at <= r.span.start) - 1;
            let (at, original, len) = chunks[i];
            let inside = r.span.end <= at + len;
            r.span = original + (r.span.start - at)..original + (r.span.end - at);
            inside
        });
        replacements
    }

    /// The replacements for `text`, in order and without overlaps.
    pub fn find(&self, text: &str) -> Vec<Replacement> {
        let mut replacements = Vec::new();
        self.each_replacement(text, |span, entry, restored| {
            replacements.push(Replacement {
                span,
                text: restored.to_owned(),
                entry,
            });
        });
        replacements
    }

    /// Calls `emit` with the span, entry and restored text of each replacement, in order.
    fn each_replacement(&self, text: &str, emit: impl FnMut(Range<usize>, usize, &str)) {
        self.search(text, |spans, choices| {
            if !spans.is_empty() {
                self.decide(text, spans, choices, emit);
            }
        });
    }

    /// Calls `emit` for each of the candidate `spans` of `text` that becomes a replacement.
    fn decide(
        &self,
        text: &str,
        spans: &[Span],
        choices: &[Choice],
        mut emit: impl FnMut(Range<usize>, usize, &str),
    ) {
        let mut evidence = Evidence::new(spans, choices, &self.entries, self.options);
        let mut aside = explain::Aside::new(text, spans, choices, &self.entries, self.options);
        let mut restored = String::new();
        let mut last_end = 0;
        for span in spans {
            let Some(choice) = choices[span.choices.clone()]
                .iter()
                .find(|c| evidence.allows(span.start, c))
            else {
                continue;
            };
            if aside.holds_back(text, (span.start, choice.end), choice, &mut evidence) {
                continue;
            }
            let matched = &text[span.start..choice.end];
            restored.clear();
            self.render(&choice.compiled, matched, &mut restored);
            if restored == matched {
                continue;
            }
            let before = &text[last_end..span.start];
            // The article before the match, when it must change too, joins the replacement.
            let start = match article::agreement(before, matched, &restored) {
                Some((at, article)) => {
                    let old = &before[at..];
                    let gap = &old[old.find(char::is_whitespace).unwrap_or(old.len())..];
                    restored.insert_str(0, gap);
                    restored.insert_str(0, &article);
                    last_end + at
                }
                None => span.start,
            };
            emit(start..choice.end, choice.entry, &restored);
            last_end = choice.end;
        }
    }

    /// Runs `f` on the candidate spans of `text`, left to right, and the entries that fit each,
    /// longest first.
    fn search<R>(&self, text: &str, f: impl FnOnce(&[Span], &[Choice]) -> R) -> R {
        let mut search = SPARE.take().unwrap_or_default();
        self.candidates(text, &mut search);
        let result = f(&search.spans, &search.choices);
        if text.len() <= SPARE_BYTES {
            SPARE.set(Some(search));
        }
        result
    }

    /// Fills `search` with the candidates of `text`.
    fn candidates(&self, text: &str, search: &mut Search) {
        let Search {
            folded,
            tokens,
            found,
            spans,
            choices,
        } = search;
        let words = matches!(self.matcher, Matcher::Words(_));
        if !words {
            folded.refold(text);
        }
        found.clear();
        spans.clear();
        choices.clear();
        assert!(
            words || text.len() <= u32::MAX as usize,
            "the Aho-Corasick matcher takes texts of up to 4 GiB"
        );
        let mut pos: usize = 0;
        let mut from = 0;
        // Where the part of the text that token offsets count from starts.
        let mut base = 0;
        while from < text.len() {
            // The Aho-Corasick matcher scans the folded copy whole, the word matcher a block
            // at a time.
            let to = if words {
                block_end(text, from)
            } else {
                text.len()
            };
            if to - base > OFFSETS {
                // Blocks end after whitespace: the part starts with the last character of it,
                // so that the block's first token still follows a break.
                base = from - text[..from].chars().next_back().map_or(0, char::len_utf8);
            }
            debug_assert!(
                !words || cfg!(fuzzing) || to - base <= OFFSETS,
                "{base}..{to}"
            );
            let part = &text[base..];
            tokens.split_block(&part[..to - base], from - base);
            let mut scan = self.matcher.scan(part, tokens, folded);
            while let Some(at) = scan.next(pos.saturating_sub(base), found) {
                let first = choices.len();
                self.fitting(part, tokens.list(), &at, found, choices);
                found.clear();
                for choice in &mut choices[first..] {
                    choice.end += base;
                }
                match choices.get(first) {
                    Some(longest) => {
                        pos = longest.end;
                        spans.push(Span {
                            start: base + at.start,
                            choices: first..choices.len(),
                        });
                    }
                    None => pos = base + at.token_end,
                }
            }
            from = to;
        }
    }

    /// Pushes onto `choices` each entry of the keys `found` at `at` in `text` (whose tokens
    /// are `tokens`) that fits there.
    fn fitting(
        &self,
        text: &str,
        tokens: &[Token],
        at: &At,
        found: &[Found],
        choices: &mut Vec<Choice>,
    ) {
        if !is_boundary(text, at.start) {
            return;
        }
        for key in found {
            if key.end <= at.start || !is_end(text, key.end) {
                continue;
            }
            let matched = &text[at.start..key.end];
            for &id in self.candidates.of(key.pattern) {
                let id = id as usize;
                if self.fits(id, matched, text, (tokens, at.token, key.after)) {
                    choices.push(Choice {
                        entry: id,
                        end: key.end,
                        compiled: self.entries[id],
                    });
                }
            }
        }
    }
}

/// The working memory of a search for candidates.
#[derive(Default)]
struct Search {
    /// The text folded, for the Aho-Corasick matcher.
    folded: Folded,
    tokens: Tokens,
    /// The keys that match at one place.
    found: Vec<Found>,
    spans: Vec<Span>,
    choices: Vec<Choice>,
}

thread_local! {
    /// A search kept for the next text on this thread, so that searching allocates only for a
    /// text longer than those before it (and restoring a text with no candidate, not at all).
    static SPARE: Cell<Option<Search>> = const { Cell::new(None) };
}

/// The longest text whose search memory a thread keeps, so that it does not hold on to the
/// memory of one huge text.
const SPARE_BYTES: usize = 1 << 20;

/// `input` with each replacement (in order, without overlaps, spans in `input`) written in
/// place of its span; borrowed when there is none.
pub fn apply<'a>(input: &'a [u8], replacements: &[Replacement]) -> Cow<'a, [u8]> {
    if replacements.is_empty() {
        return Cow::Borrowed(input);
    }
    let mut out = Vec::with_capacity(input.len() + input.len() / 16);
    let mut last = 0;
    for r in replacements {
        out.extend_from_slice(&input[last..r.span.start]);
        out.extend_from_slice(r.text.as_bytes());
        last = r.span.end;
    }
    out.extend_from_slice(&input[last..]);
    Cow::Owned(out)
}

/// A place in the text where one or more entries fit.
struct Span {
    /// Where the span starts in the original text.
    start: usize,
    /// The entries that fit, longest first, as a range of the list of choices.
    choices: Range<usize>,
}

/// One entry that fits a span, with a copy of its record, so that deciding on the spans reads
/// no entry again.
struct Choice {
    entry: usize,
    /// Where the match ends in the original text.
    end: usize,
    compiled: Compiled,
}

/// An entry as a pass reads it, in sixteen bytes: a match reads this and the original, and
/// goes to the entry's [`Source`] only for an exact key or a context.
#[derive(Clone, Copy, Debug)]
struct Compiled {
    /// Where its original starts and ends in the text of originals of its dictionary.
    original: (u32, u32),
    /// The index of its dictionary among those the restorer was built from.
    dictionary: u32,
    class: Class,
    /// Whether its key has capitals, and so must be written as it is.
    exact: bool,
    /// Whether it has context items.
    context: bool,
}

/// Where an entry comes from, and its context folded the first time it is needed.
#[derive(Clone, Debug)]
struct Source {
    origin: Origin,
    /// The context lists folded: before, after, not before, not after.
    context: OnceLock<Box<[Neighbours; 4]>>,
}

/// The entry itself.
#[derive(Clone, Debug)]
enum Origin {
    /// A packed entry: its table, its index there, and the [`Entry`] made of it when first
    /// asked for.
    Packed(&'static Table, u32, OnceLock<Box<Entry>>),
    /// An entry read from a file.
    Read(Box<Read>),
}

/// An entry read from a file and, if its key has capitals, the key as it must be written and
/// in capitals.
#[derive(Clone, Debug)]
struct Read {
    entry: Entry,
    exact: Option<(String, String)>,
}

impl Origin {
    /// The origin of `entry`, read from a file, with its exact keys worked out.
    fn read(entry: Entry) -> Origin {
        let exact = entry.is_exact().then(|| {
            let key = normalize_exact(&entry.spun);
            let upper = key.to_uppercase();
            (key, upper)
        });
        Origin::Read(Box::new(Read { entry, exact }))
    }
}

impl Source {
    fn new(origin: Origin) -> Source {
        Source {
            origin,
            context: OnceLock::new(),
        }
    }

    /// The entry.
    fn entry(&self) -> &Entry {
        match &self.origin {
            Origin::Packed(table, i, entry) => {
                entry.get_or_init(|| Box::new(table.entry(*i as usize)))
            }
            Origin::Read(read) => &read.entry,
        }
    }

    /// For keys with capitals: the key as it must be written, and in capitals.
    fn exact(&self) -> Option<(&str, &str)> {
        match &self.origin {
            Origin::Packed(table, i, _) => table.exact(*i as usize),
            Origin::Read(read) => read.exact.as_ref().map(|(k, u)| (k.as_str(), u.as_str())),
        }
    }

    /// Whether the entry has context items.
    fn has_context(&self) -> bool {
        match &self.origin {
            Origin::Packed(table, i, _) => {
                let (start, end) = table.entries[*i as usize].context;
                start < end
            }
            Origin::Read(read) => !read.entry.context.is_empty(),
        }
    }

    /// The context lists folded, the first time they are needed.
    fn context(&self) -> &[Neighbours; 4] {
        self.context.get_or_init(|| {
            // List `list` of the context, in the order of `Context::lists`.
            let list = |list: usize| match &self.origin {
                Origin::Packed(table, i, _) => Neighbours::new(table.context(*i as usize, list)),
                Origin::Read(read) => {
                    let (_, items) = read.entry.context.lists()[list];
                    Neighbours::new(items.iter().map(String::as_str))
                }
            };
            Box::new([0, 1, 2, 3].map(list))
        })
    }
}

impl Restorer {
    /// The original of the entry of `compiled`.
    fn original(&self, compiled: &Compiled) -> &str {
        let (start, end) = compiled.original;
        &self.originals[compiled.dictionary as usize][start as usize..end as usize]
    }

    /// Writes the original of the entry of `compiled` in place of `matched` onto `out`.
    fn render(&self, compiled: &Compiled, matched: &str, out: &mut String) {
        render(matched, self.original(compiled), compiled.exact, out);
    }

    /// Whether entry `id` fits `matched`, found in `text` from token `first` of `tokens` to
    /// before token `past`: its case (for exact keys), its line breaks, and its context.
    fn fits(&self, id: usize, matched: &str, text: &str, (tokens, first, past): Context) -> bool {
        let compiled = &self.entries[id];
        if compiled.exact {
            let (key, upper) = self.sources[id]
                .exact()
                .expect("an exact entry has its keys");
            let in_capitals = written_as(matched, upper) && !is_acronym(matched);
            if !written_as(matched, key) && !in_capitals {
                return false;
            }
        } else if is_acronym(matched) || Case::any_mixed(matched) {
            return false;
        }
        // A line break in a match of one word would be lost.
        if has_line_break(matched) && !self.original(compiled).contains(' ') {
            return false;
        }
        if !compiled.context {
            return true;
        }
        let [before, after, not_before, not_after] = self.sources[id].context();
        (before.is_empty() || before.stand_before(text, tokens, first))
            && (after.is_empty() || after.stand_after(text, tokens, past))
            && !not_before.stand_before(text, tokens, first)
            && !not_after.stand_after(text, tokens, past)
    }
}

/// The tokens of a text, and the indices of the first token of a match and of the first
/// token after it.
type Context<'a> = (&'a [Token], usize, usize);

/// A folded context list: one-word items by key, looked up with the token next to a match;
/// phrases and punctuation in a list, compared one by one.
#[derive(Clone, Debug, Default)]
struct Neighbours {
    /// One-word items by key, with the word (to tell apart long words whose keys collide).
    words: FxHashMap<u64, Box<str>>,
    others: Vec<Phrase>,
}

impl Neighbours {
    fn new<'a>(items: impl IntoIterator<Item = &'a str>) -> Neighbours {
        let mut neighbours = Neighbours::default();
        for item in items {
            let phrase = Phrase::new(&fold(item));
            match phrase.word() {
                Some(key) if !neighbours.words.contains_key(&key) => {
                    neighbours.words.insert(key, phrase.text().into());
                }
                _ => neighbours.others.push(phrase),
            }
        }
        neighbours
    }

    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.others.is_empty()
    }

    /// Whether an item stands right before token `index` of `tokens` (of `text`), with one
    /// space or none between them.
    fn stand_before(&self, text: &str, tokens: &[Token], index: usize) -> bool {
        (!self.words.is_empty()
            && token_before(tokens, index).is_some_and(|t| self.has_word(text, t)))
            || self.others.iter().any(|p| p.before(text, tokens, index))
    }

    /// Whether an item stands right at token `index` of `tokens` (of `text`), which follows a
    /// match, with one space or none between them.
    fn stand_after(&self, text: &str, tokens: &[Token], index: usize) -> bool {
        (!self.words.is_empty()
            && token_after(tokens, index).is_some_and(|t| self.has_word(text, t)))
            || self.others.iter().any(|p| p.after(text, tokens, index))
    }

    /// Whether `token` of `text` is one of the one-word items.
    fn has_word(&self, text: &str, token: &Token) -> bool {
        self.words
            .get(&token.key())
            .is_some_and(|w| token.is(text, w))
    }
}

/// Whether `matched` looks like an acronym: one word of two or three capital letters. A
/// lower-case key never matches one ("tv" leaves "TV" alone), nor does a capitalized key in
/// capitals ("Fb" leaves "FB" alone).
fn is_acronym(matched: &str) -> bool {
    let mut count = 0;
    for c in matched.chars() {
        if count == 3 || !c.is_uppercase() {
            return false;
        }
        count += 1;
    }
    count >= 2
}

/// Whether `matched` is written as `key` (a normalized exact key): the same words, with any
/// whitespace between them and either kind of apostrophe.
fn written_as(matched: &str, key: &str) -> bool {
    if is_plain(matched) {
        // ASCII words between single spaces, as the key is written.
        return matched == key;
    }
    let mut written = matched.split_whitespace();
    let mut wanted = key.split(' ');
    loop {
        match (written.next(), wanted.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) => {
                let same = a
                    .chars()
                    .map(|c| if is_apostrophe(c) { '\'' } else { c })
                    .eq(b.chars());
                if !same {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// The spin evidence of a text: where sure and likely entries matched.
struct Evidence<'a> {
    /// `(offset, entry)` of each span whose entries include a sure or likely one.
    signals: Vec<(usize, usize)>,
    entries: &'a [Compiled],
    options: Options,
    /// Scratch space for [`Evidence::distinct_near`].
    seen: Vec<usize>,
}

impl<'a> Evidence<'a> {
    fn new(spans: &[Span], choices: &[Choice], entries: &'a [Compiled], options: Options) -> Self {
        let signals = spans
            .iter()
            .filter_map(|span| {
                let signal = choices[span.choices.clone()]
                    .iter()
                    .find(|c| c.compiled.class != Class::Ambiguous)?;
                Some((span.start, signal.entry))
            })
            .collect();
        Evidence {
            signals,
            entries,
            options,
            seen: Vec::new(),
        }
    }

    /// Whether the entry of `choice` may fire at `offset`. A likely entry needs another sure
    /// entry nearby, or another likely one of its own dictionary: two chance hits from
    /// different dictionaries (a news phrase and a tortured phrase in a clean manual) do not
    /// vouch for each other.
    fn allows(&mut self, offset: usize, choice: &Choice) -> bool {
        let entries = self.entries;
        let (entry, dictionary) = (choice.entry, choice.compiled.dictionary);
        match choice.compiled.class {
            Class::Sure => true,
            Class::Likely => self.distinct_near(offset, 1, |other| {
                other != entry
                    && (entries[other].class == Class::Sure
                        || entries[other].dictionary == dictionary)
            }),
            Class::Ambiguous => self.distinct_near(offset, self.options.min_evidence, |_| true),
        }
    }

    /// Whether at least `needed` distinct entries that `counts` accepts signal within the
    /// window around `offset`.
    fn distinct_near(
        &mut self,
        offset: usize,
        needed: usize,
        counts: impl Fn(usize) -> bool,
    ) -> bool {
        if needed == 0 {
            return true;
        }
        let window = self.options.window;
        let (first, last) = match (self.signals.first(), self.signals.last()) {
            (Some(&(first, _)), Some(&(last, _))) => (first, last),
            _ => return false,
        };
        // Mostly the window holds every signal; the ends settle that without a search.
        let lo = if first + window >= offset {
            0
        } else {
            self.signals
                .partition_point(|&(at, _)| at + window < offset)
        };
        let hi = if last <= offset.saturating_add(window) {
            self.signals.len()
        } else {
            self.signals
                .partition_point(|&(at, _)| at <= offset.saturating_add(window))
        };
        self.seen.clear();
        for &(_, entry) in &self.signals[lo..hi] {
            if !self.seen.contains(&entry) && counts(entry) {
                self.seen.push(entry);
                if self.seen.len() >= needed {
                    return true;
                }
            }
        }
        false
    }
}

mod explain;

pub use explain::Decision;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_as_keys() {
        let cases = [
            ("White Home", "White Home", true),
            ("White  Home", "White Home", true),
            ("White\nHome", "White Home", true),
            ("White home", "White Home", false),
            ("Didn\u{2019}t Reply", "Didn't Reply", true),
            ("WHITE HOME", "WHITE HOME", true),
        ];
        for (matched, key, want) in cases {
            assert_eq!(written_as(matched, key), want, "{matched:?}");
        }
    }

    fn restorers() -> (Restorer, Restorer) {
        let with = |matcher| {
            Restorer::builtin_with(Options {
                matcher,
                ..Options::default()
            })
        };
        (with(MatcherKind::Words), with(MatcherKind::AhoCorasick))
    }

    #[test]
    fn texts_longer_than_token_offsets_reach_are_searched_in_parts() {
        // Token offsets reach 256 KiB in unit tests: the word matcher searches this text in
        // several parts, and finds what the Aho-Corasick matcher finds in one.
        let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
        let mut text = String::new();
        while text.len() < 3 * OFFSETS {
            for folder in ["pairs", "clean"] {
                let mut files: Vec<_> = std::fs::read_dir(format!("{data}{folder}"))
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .collect();
                files.sort();
                for (i, file) in files.iter().enumerate() {
                    text += &std::fs::read_to_string(file).unwrap();
                    text += ["\n\n", "\r\n\r\n", "\n \n", "\n\n\u{3000}", " "][i % 5];
                }
            }
        }
        let (words, reference) = restorers();
        let found = words.find(&text);
        assert!(found.len() > 1000, "{} found", found.len());
        assert!(found.last().unwrap().span.start > 2 * OFFSETS);
        assert_eq!(found, reference.find(&text));
    }

    #[test]
    fn a_paragraph_longer_than_half_the_offsets_is_cut_at_whitespace() {
        let sentence = "The Wall Road Journal learned the secrets and techniques of most cancers. ";
        let text = sentence.repeat(OFFSETS / sentence.len() + 1);
        let (words, reference) = restorers();
        let cut = block_end(&text, 0);
        assert!(cut <= OFFSETS / 2 && text[..cut].ends_with(' '), "{cut}");
        let expected = reference.restore(&text);
        assert!(expected.starts_with("The Wall Street Journal learned the secrets of cancer. "));
        // The paragraph is searched in three blocks: a key that spans one of the two cuts is
        // lost, or found shorter; every other sentence is restored as in one search.
        let restored = words.restore(&text);
        let sentences = |text: &str| text.split_inclusive(". ").map(str::to_owned).collect();
        let (got, want): (Vec<String>, Vec<String>) = (sentences(&restored), sentences(&expected));
        assert_eq!(got.len(), want.len());
        let differ = got.iter().zip(&want).filter(|(a, b)| a != b).count();
        assert!(differ <= 2, "{differ} sentences differ");
    }
}
