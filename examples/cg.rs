const ARTICLE: &str = include_str!("../tests/data/examples/spun-news-article.txt");
fn main() {
    let kind = if std::env::args().nth(1).as_deref() == Some("ac") {
        unspin::MatcherKind::AhoCorasick
    } else {
        unspin::MatcherKind::Words
    };
    let r = unspin::builtin::dictionaries()
        .into_iter()
        .fold(unspin::Builder::new(), unspin::Builder::dictionary)
        .options(unspin::Options {
            matcher: kind,
            ..Default::default()
        })
        .build()
        .unwrap();
    let n: usize = (0..std::env::args().nth(2).map_or(0, |s| s.parse().unwrap()))
        .map(|_| r.restore(std::hint::black_box(ARTICLE)).len())
        .sum();
    println!("{n}");
}
