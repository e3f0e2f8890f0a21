use std::time::Instant;
fn main() {
    let t = Instant::now();
    let d = unspin::builtin::dictionaries();
    println!("parse {:?}", t.elapsed());
    let t = Instant::now();
    let r = d.into_iter().fold(unspin::Builder::new(), unspin::Builder::dictionary).build().unwrap();
    println!("build {:?}", t.elapsed());
    let text = std::fs::read_to_string("tests/data/examples/spun-news-article.txt").unwrap();
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..1000 { n += r.find(&text).len(); }
    let e = t.elapsed();
    println!("find {:?} {} MB/s {n}", e, text.len() as f64 * 1000.0 / e.as_secs_f64() / 1e6);
}
