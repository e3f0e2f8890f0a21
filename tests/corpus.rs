//! Whole texts: clean prose must come out byte for byte, and spun articles must come out
//! closer to their originals.

use std::borrow::Cow;

use unspin::eval::{Closure, tokens};
use unspin::{MatcherKind, Options, Restorer};

use crate::util::{builtin, text_files};

/// The share of the spun-to-original token edit distance that restoring the pairs in
/// `tests/data/pairs` must close. Raise it as the dictionaries grow.
const RESTORATION_FLOOR: f64 = 0.37;

#[test]
fn clean_corpus_is_unchanged() {
    let files = text_files("clean");
    let words: usize = files
        .iter()
        .map(|f| tokens(&std::fs::read_to_string(f).unwrap()).len())
        .sum();
    assert!(words >= 20_000, "the clean corpus has only {words} tokens");
    let mut changed = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if let Cow::Owned(_) = builtin().restore(&text) {
            for r in builtin().find(&text) {
                let entry = builtin().entry(r.entry);
                changed.push(format!(
                    "{}: {:?} -> {:?} ({}:{}, {})",
                    file.file_name().unwrap().to_string_lossy(),
                    &text[r.span.clone()],
                    r.text,
                    entry.file,
                    entry.line,
                    entry.class
                ));
            }
        }
    }
    assert!(
        changed.is_empty(),
        "clean text changed:\n{}",
        changed.join("\n")
    );
}

#[test]
fn restoration_closes_the_distance() {
    let mut total = Closure {
        spun: 0,
        restored: 0,
    };
    let mut report = Vec::new();
    for spun_path in text_files("pairs") {
        let name = spun_path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let Some(stem) = name.strip_suffix(".spun.txt") else {
            continue;
        };
        let original =
            std::fs::read_to_string(spun_path.with_file_name(format!("{stem}.original.txt")))
                .unwrap();
        let spun = std::fs::read_to_string(&spun_path).unwrap();
        let restored = builtin().restore(&spun);
        let closure = Closure::measure(&original, &spun, &restored);
        report.push(format!(
            "{stem}: {:.3} ({} -> {})",
            closure.share(),
            closure.spun,
            closure.restored
        ));
        total.spun += closure.spun;
        total.restored += closure.restored;
    }
    assert!(report.len() >= 10, "only {} pairs", report.len());
    let share = total.share();
    eprintln!("{}\ntotal: {share:.3}", report.join("\n"));
    assert!(
        share >= RESTORATION_FLOOR,
        "closed {share:.3} < {RESTORATION_FLOOR}:\n{}",
        report.join("\n")
    );
}

#[test]
fn both_matchers_agree_on_every_text() {
    let reference = Restorer::builtin_with(Options {
        matcher: MatcherKind::AhoCorasick,
        ..Options::default()
    });
    let mut compared = 0;
    // All the texts in one, long enough to be searched in many blocks.
    let mut joined = String::new();
    for folder in ["clean", "pairs", "examples"] {
        for file in text_files(folder) {
            let text = std::fs::read_to_string(&file).unwrap();
            assert_eq!(
                builtin().find(&text),
                reference.find(&text),
                "{}",
                file.display()
            );
            compared += 1;
            joined += &text;
            joined += ["\n\n", "\r\n\r\n", "\n \n", " "][compared % 4];
        }
    }
    assert!(compared > 50);
    assert!(joined.len() > 200_000);
    let found = builtin().find(&joined);
    assert!(found.len() > 500, "{} found", found.len());
    assert_eq!(found, reference.find(&joined));
}
