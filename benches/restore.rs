//! Restore throughput on the example article, and the cost of building the automaton.
//!
//! `cargo bench` runs these; throughput is shown in bytes per second.

use divan::Bencher;
use divan::counter::BytesCount;
use unspin::Restorer;

const ARTICLE: &str = include_str!("../tests/data/examples/spun-news-article.txt");

fn main() {
    divan::main();
}

/// Restores the spun example article with the built-in dictionaries.
#[divan::bench]
fn restore_spun_article(bencher: Bencher) {
    let restorer = Restorer::builtin();
    bencher
        .counter(BytesCount::of_str(ARTICLE))
        .bench(|| restorer.restore(divan::black_box(ARTICLE)).len());
}

/// Restores the article 1,000 times in a loop, as one batch would.
#[divan::bench(sample_count = 10)]
fn restore_spun_article_1000_times(bencher: Bencher) {
    let restorer = Restorer::builtin();
    bencher
        .counter(BytesCount::new(ARTICLE.len() * 1000))
        .bench(|| {
            (0..1000)
                .map(|_| restorer.restore(divan::black_box(ARTICLE)).len())
                .sum::<usize>()
        });
}

/// Parses the built-in dictionaries and builds the automaton.
#[divan::bench(sample_count = 10)]
fn build_builtin() -> Restorer {
    Restorer::builtin()
}
