use std::time::Instant;
use aho_corasick::*;
fn main() {
    let text = std::fs::read_to_string("tests/data/examples/spun-news-article.txt").unwrap().to_lowercase();
    let d = unspin::builtin::dictionaries();
    let pats: Vec<String> = d.iter().flat_map(|d| d.entries().iter().map(|e| e.spun.to_lowercase())).collect();
    let ac = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).start_kind(StartKind::Both).build(&pats).unwrap();
    let b = text.as_bytes();
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..1000 {
        let mut prev_word = false;
        for (i, c) in text.char_indices() {
            let w = c.is_alphanumeric();
            if w && !prev_word {
                if let Some(m) = ac.find(Input::new(b).range(i..).anchored(Anchored::Yes)) { n += m.len(); }
            }
            prev_word = w;
        }
    }
    let e = t.elapsed();
    println!("anchored-at-word-starts {} MB/s {n}", text.len() as f64 * 1000.0 / e.as_secs_f64() / 1e6);
}
