//! Arbitrary bytes through the built-in restorer: the replacements are well formed, both
//! matchers agree, and `restore_bytes`, `apply`, `explain` and `score` tell the same story.
#![no_main]

use std::borrow::Cow;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use unspin::{MatcherKind, Options, Replacement, Restorer, apply};
use unspin_fuzz::check_spans;

static WORDS: LazyLock<Restorer> = LazyLock::new(|| restorer(MatcherKind::Words));
static AHO_CORASICK: LazyLock<Restorer> = LazyLock::new(|| restorer(MatcherKind::AhoCorasick));

fn restorer(matcher: MatcherKind) -> Restorer {
    Restorer::builtin_with(Options {
        matcher,
        ..Options::default()
    })
}

fuzz_target!(|bytes: &[u8]| {
    let restorer = &*WORDS;
    let found = restorer.find_bytes(bytes);
    check_spans(bytes, &found);

    let restored = restorer.restore_bytes(bytes);
    match &restored {
        Cow::Borrowed(same) => {
            assert!(
                found.is_empty(),
                "borrowed, yet {} replacements",
                found.len()
            );
            assert_eq!(*same, bytes);
        }
        Cow::Owned(changed) => {
            assert!(!found.is_empty(), "owned without a replacement");
            assert_ne!(changed.as_slice(), bytes, "owned but unchanged");
        }
    }
    assert_eq!(apply(bytes, &found), restored);
    assert_eq!(
        AHO_CORASICK.find_bytes(bytes),
        found,
        "the matchers disagree"
    );

    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    assert_eq!(restorer.find(text), found);
    assert_eq!(restorer.restore(text).as_bytes(), &*restored);
    let applied: Vec<Replacement> = restorer
        .explain(text)
        .into_iter()
        .filter_map(|d| {
            d.text.map(|text| Replacement {
                span: d.span,
                text,
                entry: d.entry,
            })
        })
        .collect();
    assert_eq!(applied, found, "explain disagrees with find");
    let score = restorer.score(text);
    assert_eq!(score.hits, found.len());
    assert!(score.score.is_finite() && score.score >= 0.0);
});
