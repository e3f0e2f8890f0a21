//! Arbitrary text as a dictionary file: it reads or fails with a located error, a dictionary
//! that reads builds a restorer that both matchers agree on, and `to_toml` reads back into the
//! same entries.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use unspin::{Class, Context, Dictionary, Entry, MatcherKind, Options, Restorer, apply, to_toml};
use unspin_fuzz::check_spans;

const FILE: &str = "fuzz.toml";
const TEXT: &str = "The White Home mentioned its secrets and techniques, based on folks accustomed \
                    to the matter.\n\nA business's officers, an unique caf\u{e9}.";

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let lines = text.split('\n').count();
    let mut dictionary = Dictionary::new("fuzz");
    if let Err(error) = dictionary.add_toml(FILE, text) {
        assert!(
            dictionary.entries().is_empty(),
            "entries added despite {error}"
        );
        assert_eq!(error.file, FILE);
        let line = error.line.expect("a parse error has a line");
        assert!(
            (1..=lines).contains(&line),
            "line {line} of {lines}: {error}"
        );
        assert!(!error.message.is_empty());
        return;
    }
    for entry in dictionary.entries() {
        assert!((1..=lines).contains(&entry.line), "{entry:?}");
        assert_eq!(
            (entry.file.as_str(), entry.dictionary.as_str()),
            (FILE, "fuzz")
        );
    }

    // Every key, each in a sentence of its own, so the sure entries fire.
    let keys: String = dictionary
        .entries()
        .iter()
        .map(|e| format!("{} {}. ", e.spun, e.spun.to_uppercase()))
        .collect();
    let [words, aho_corasick] = [MatcherKind::Words, MatcherKind::AhoCorasick].map(|matcher| {
        Restorer::builder()
            .dictionary(dictionary.clone())
            .options(Options {
                matcher,
                ..Options::default()
            })
            .build()
            .expect("a dictionary that reads builds")
    });
    for input in [TEXT, text, &keys] {
        let found = words.find(input);
        check_spans(input.as_bytes(), &found);
        assert_eq!(
            aho_corasick.find(input),
            found,
            "the matchers disagree on {input:?}"
        );
        assert_eq!(
            apply(input.as_bytes(), &found),
            words.restore(input).as_bytes()
        );
    }

    let written = to_toml(dictionary.entries(), |rules| {
        Some(format!("{} rules", rules.len()))
    });
    let mut again = Dictionary::new("fuzz");
    again
        .add_toml(FILE, &written)
        .unwrap_or_else(|e| panic!("to_toml wrote a file that does not read: {e}\n{written}"));
    assert_eq!(
        rules(again.entries()),
        rules(dictionary.entries()),
        "{written}"
    );
    assert_eq!(
        to_toml(again.entries(), |_| None),
        to_toml(dictionary.entries(), |_| None)
    );
});

/// The originals and contexts of each spun form of each class, in their order.
type Rules<'a> = BTreeMap<(Class, &'a str), Vec<(&'a str, &'a Context)>>;

fn rules(entries: &[Entry]) -> Rules<'_> {
    let mut rules = Rules::new();
    for e in entries {
        rules
            .entry((e.class, &e.spun))
            .or_default()
            .push((&e.original, &e.context));
    }
    rules
}
