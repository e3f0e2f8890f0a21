//! Restore throughput on the example article, with each matcher, and the cost of building
//! the built-in dictionaries.
//!
//! `cargo bench` runs these; throughput is shown in bytes per second.

use divan::Bencher;
use divan::counter::BytesCount;
use unspin::{Builder, MatcherKind, Options, Restorer, builtin};

const ARTICLE: &str = include_str!("../tests/data/examples/spun-news-article.txt");

fn main() {
    divan::main();
}

fn restorer(matcher: MatcherKind) -> Restorer {
    builtin::dictionaries()
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
    let restorer = restorer(matcher);
    bencher
        .counter(BytesCount::new(ARTICLE.len() * 1000))
        .bench(|| {
            (0..1000)
                .map(|_| restorer.restore(divan::black_box(ARTICLE)).len())
                .sum::<usize>()
        });
}

/// Parses the built-in dictionaries and builds the matcher.
#[divan::bench(args = [MatcherKind::Words, MatcherKind::AhoCorasick], sample_count = 10)]
fn build_builtin(matcher: MatcherKind) -> Restorer {
    restorer(matcher)
}
