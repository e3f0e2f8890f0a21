//! Restore throughput on one thread and dictionary build time, for the built-in dictionaries
//! on the spun example article and on generated news-like text, and for synthetic dictionaries
//! of 1,000, 10,000 and 100,000 phrases on generated text. Each text is also scanned with a
//! bare `aho-corasick` leftmost-longest automaton over the same patterns, counting matches
//! only: the reference that the full restore (boundaries, case, evidence, output) is held to.
//!
//! `cargo bench --bench restore` runs them; throughput is shown in bytes per second.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use divan::Bencher;
use divan::counter::BytesCount;
use unspin::synth::{TextGenerator, dictionary, phrases};
use unspin::{Builder, Class, Dictionary, MatcherKind, Options, Restorer, builtin};

const ARTICLE: &str = include_str!("../tests/data/examples/spun-news-article.txt");

/// Bytes of generated text per input.
const TEXT_BYTES: usize = 4 << 20;
/// Generated text gets a dictionary phrase about once every this many words.
const PHRASE_EVERY: usize = 25;
const SEED: u64 = 2024;

fn main() {
    divan::main();
}

/// The dictionaries a bench runs with.
#[derive(Clone, Copy, Debug)]
enum Dictionaries {
    Builtin,
    Synthetic(usize),
}

impl Dictionaries {
    fn load(self) -> Vec<Dictionary> {
        match self {
            Dictionaries::Builtin => builtin::dictionaries(),
            Dictionaries::Synthetic(n) => vec![dictionary(n, SEED)],
        }
    }

    fn index(self) -> usize {
        match self {
            Dictionaries::Builtin => 0,
            Dictionaries::Synthetic(1_000) => 1,
            Dictionaries::Synthetic(10_000) => 2,
            Dictionaries::Synthetic(_) => 3,
        }
    }
}

const DICTIONARIES: [Dictionaries; 4] = [
    Dictionaries::Builtin,
    Dictionaries::Synthetic(1_000),
    Dictionaries::Synthetic(10_000),
    Dictionaries::Synthetic(100_000),
];

/// A built restorer, the patterns of its entries, and generated text with their phrases.
struct Setup {
    restorer: Restorer,
    patterns: AhoCorasick,
    text: String,
}

fn setup(dictionaries: Dictionaries) -> &'static Setup {
    static SETUPS: [OnceLock<Setup>; 4] = [const { OnceLock::new() }; 4];
    SETUPS[dictionaries.index()].get_or_init(|| {
        let loaded = dictionaries.load();
        let woven: Vec<String> = loaded
            .iter()
            .flat_map(|d| phrases(d, Class::Sure))
            .collect();
        let restorer = build(loaded, MatcherKind::Words);
        let keys: Vec<String> = restorer.entries().map(|e| e.spun.to_lowercase()).collect();
        let patterns = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(keys)
            .unwrap();
        let text = TextGenerator::new(SEED)
            .with_phrases(woven, PHRASE_EVERY)
            .document(TEXT_BYTES);
        Setup {
            restorer,
            patterns,
            text,
        }
    })
}

fn build(dictionaries: Vec<Dictionary>, matcher: MatcherKind) -> Restorer {
    dictionaries
        .into_iter()
        .fold(Builder::new(), Builder::dictionary)
        .options(Options {
            matcher,
            ..Options::default()
        })
        .build()
        .unwrap()
}

/// Restores the spun example article 1,000 times in a loop, as a batch would.
#[divan::bench(args = [MatcherKind::Words, MatcherKind::AhoCorasick], sample_count = 20)]
fn restore_article_1000_times(bencher: Bencher, matcher: MatcherKind) {
    let restorer = build(builtin::dictionaries(), matcher);
    bencher
        .counter(BytesCount::new(ARTICLE.len() * 1000))
        .bench(|| {
            (0..1000)
                .map(|_| restorer.restore(divan::black_box(ARTICLE)).len())
                .sum::<usize>()
        });
}

/// Restores generated text (4 MB, a dictionary phrase every 25 words or so) with each set of
/// dictionaries.
#[divan::bench(args = DICTIONARIES, sample_count = 10)]
fn restore_generated(bencher: Bencher, dictionaries: Dictionaries) {
    let setup = setup(dictionaries);
    bencher
        .counter(BytesCount::new(setup.text.len()))
        .bench(|| setup.restorer.restore(divan::black_box(&setup.text)).len());
}

/// Counts the leftmost-longest matches of the same patterns in the same text with a bare
/// `aho-corasick` automaton: the reference.
#[divan::bench(args = DICTIONARIES, sample_count = 10)]
fn aho_corasick_count_generated(bencher: Bencher, dictionaries: Dictionaries) {
    let setup = setup(dictionaries);
    bencher
        .counter(BytesCount::new(setup.text.len()))
        .bench(|| {
            setup
                .patterns
                .find_iter(divan::black_box(&setup.text))
                .count()
        });
}

/// Reads the dictionaries (parsing TOML) and builds the restorer.
#[divan::bench(args = DICTIONARIES, sample_count = 5)]
fn load_and_build(bencher: Bencher, dictionaries: Dictionaries) {
    bencher.bench(|| build(dictionaries.load(), MatcherKind::Words));
}

/// Builds the restorer from dictionaries already read, with each matcher.
#[divan::bench(args = [MatcherKind::Words, MatcherKind::AhoCorasick], sample_count = 10)]
fn build_builtin(bencher: Bencher, matcher: MatcherKind) {
    bencher
        .with_inputs(builtin::dictionaries)
        .bench_values(|loaded| build(loaded, matcher));
}
