//! Properties of the restorer and the command line, checked on generated inputs: clean text
//! passes through untouched, restoring is stable, reported offsets point at what they name,
//! records keep every byte outside the text they restore, and the thread count changes nothing.
//!
//! Every run draws the same inputs (see [`config`]); a failing case is not saved to a file but
//! printed, shrunk, and belongs in a table-driven test once understood.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::RngSeed;
use serde_json::Value;
use tempfile::TempDir;
use unspin::jsonl::{FieldPath, escape_into, text_field};
use unspin::synth::{Rng, TextGenerator};
use unspin::{Replacement, Restorer, apply};

use crate::spinner::{clean_documents, spin};
use crate::util::{allocations, builtin, run, walk, write};

/// Proptest settings for `cases` cases: the same inputs on every run, so that the suite
/// passes or fails on its own merits, and no failure files written into the source tree.
/// `PROPTEST_CASES` and `PROPTEST_RNG_SEED` in the environment search further.
fn config(cases: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_seed: match default.rng_seed {
            RngSeed::Random => RngSeed::Fixed(0x756e_7370_696e),
            seed => seed,
        },
        ..default
    }
}

/// [`config`] for properties of the command line, whose cases take a process each: shrinking
/// stops early.
fn cli_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        max_shrink_iters: 32,
        ..config(cases)
    }
}

// Text.

/// Every spun form of the built-in dictionaries.
fn spun_forms() -> &'static [String] {
    static FORMS: OnceLock<Vec<String>> = OnceLock::new();
    FORMS.get_or_init(|| builtin().entries().map(|e| e.spun.clone()).collect())
}

/// Generated prose with spun forms woven in about once every `every` words.
fn woven_text(every: Range<usize>) -> impl Strategy<Value = String> {
    (any::<u64>(), 100..3000usize, every).prop_map(|(seed, bytes, every)| {
        TextGenerator::new(seed)
            .with_phrases(spun_forms().to_vec(), every)
            .document(bytes)
    })
}

/// Spun text: [`woven_text`], or generated prose or a labelled document put through the
/// spinner simulator.
fn spun_text() -> impl Strategy<Value = String> {
    prop_oneof![
        woven_text(2..40),
        (any::<u64>(), 100..3000usize)
            .prop_map(|(seed, bytes)| spin(&TextGenerator::new(seed).document(bytes), seed)),
        (any::<Index>(), any::<u64>()).prop_map(|(doc, seed)| {
            let docs = clean_documents();
            spin(&docs[doc.index(docs.len())], seed)
        }),
    ]
}

/// Text that makes character and byte offsets differ, put before words.
const NON_ASCII: &[&str] = &[
    "é",
    "中文",
    "😀",
    "Zürich",
    "e\u{301}",
    "İstanbul",
    "\u{FFFD}",
    "—",
    "“quoted”",
    "ß",
];

/// `text` with non-ASCII words put in before some of its words.
fn non_ascii(text: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (
        text,
        prop::collection::vec((any::<Index>(), select(NON_ASCII)), 1..8),
    )
        .prop_map(|(text, inserts)| {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices(' ').map(|(i, _)| i + 1))
                .collect();
            let mut at: Vec<(usize, &str)> = inserts
                .iter()
                .map(|(i, word)| (starts[i.index(starts.len())], *word))
                .collect();
            at.sort();
            let mut out = String::with_capacity(text.len() + 16 * at.len());
            let mut last = 0;
            for (i, word) in at {
                out.push_str(&text[last..i]);
                out.push_str(word);
                out.push(' ');
                last = i;
            }
            out.push_str(&text[last..]);
            out
        })
}

/// Lower case, one kind of apostrophe and one space for each run of whitespace: how keys are
/// compared with text.
fn normalize(text: &str) -> String {
    let lower = text
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '\u{2BC}'], "'");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `span` is spelled as `key`, or as `key` with the article before it that changes
/// along with it.
fn spells_key(span: &str, key: &str) -> bool {
    let (span, key) = (normalize(span), normalize(key));
    span == key
        || ["a ", "an "]
            .iter()
            .any(|article| span.strip_prefix(article) == Some(key.as_str()))
}

// 1. Clean text.

/// The lower-case words of every key of `restorer`.
fn key_words(restorer: &Restorer) -> HashSet<String> {
    let mut words = HashSet::new();
    for entry in restorer.entries() {
        let key = entry.spun.to_lowercase();
        let mut any = false;
        for word in key.split(|c: char| !c.is_alphanumeric()) {
            if !word.is_empty() {
                words.insert(word.to_owned());
                any = true;
            }
        }
        assert!(any, "a key without a word: {:?}", entry.spun);
    }
    words
}

/// Words of ordinary prose (and a few others) that no built-in key holds, so that no text made
/// of them and punctuation can match a key.
fn clean_words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let keys = key_words(builtin());
        let words: Vec<&str> = [
            "the", "and", "of", "to", "river", "morning", "bread", "garden", "quietly", "walked",
            "window", "letter", "yellow", "teacher", "bicycle", "kitchen", "soup", "blanket",
            "harbour", "violin", "orchard", "lantern", "pebble", "meadow", "Zürich", "café",
            "naïve", "façade", "straße", "東京", "zorblat", "quaxing", "vimbles", "apple", "table",
            "chair", "she", "he", "it", "was", "is", "on", "in", "at", "with", "from",
        ]
        .into_iter()
        .filter(|w| !keys.contains(&w.to_lowercase()))
        .collect();
        assert!(words.len() >= 20, "too few clean words: {words:?}");
        words
    })
}

/// What goes between clean words: punctuation and whitespace, no letter or digit.
const SEPARATORS: &[&str] = &[
    " ", " ", " ", ", ", ". ", "; ", "  ", "\t", "\n", "\r\n", "\n\n", " — ", " “", "” ", "\u{a0}",
    "?\n",
];

/// Text made of [`clean_words`] in various case, between [`SEPARATORS`].
fn clean_text() -> impl Strategy<Value = String> {
    prop::collection::vec((select(clean_words()), 0..4u8, select(SEPARATORS)), 0..200).prop_map(
        |words| {
            let mut text = String::new();
            for (word, case, separator) in words {
                match case {
                    0 => text.push_str(&word.to_uppercase()),
                    1 => {
                        let mut chars = word.chars();
                        text.extend(chars.next().into_iter().flat_map(char::to_uppercase));
                        text.push_str(chars.as_str());
                    }
                    _ => text.push_str(word),
                }
                text.push_str(separator);
            }
            text
        },
    )
}

proptest! {
    #![proptest_config(config(256))]

    /// Text comes back borrowed, the same bytes, exactly when there is nothing to replace;
    /// otherwise it is the replacements applied.
    #[test]
    fn text_is_borrowed_exactly_when_nothing_changes(
        text in prop_oneof![clean_text(), "\\PC{0,300}", spun_text()],
    ) {
        let restorer = builtin();
        let replacements = restorer.find(&text);
        match restorer.restore(&text) {
            Cow::Borrowed(out) => {
                prop_assert!(replacements.is_empty(), "borrowed but {replacements:?}");
                prop_assert!(std::ptr::eq(out, text.as_str()));
            }
            Cow::Owned(out) => {
                prop_assert!(!replacements.is_empty());
                prop_assert_eq!(out.as_bytes(), &*apply(text.as_bytes(), &replacements));
            }
        }
        let bytes = restorer.restore_bytes(text.as_bytes());
        prop_assert_eq!(matches!(bytes, Cow::Borrowed(_)), replacements.is_empty());
    }

    /// Text without a word of any key comes back borrowed without a heap allocation, once the
    /// thread has restored a text as long.
    #[test]
    fn clean_text_is_borrowed_without_allocation(text in clean_text()) {
        let restorer = builtin();
        restorer.restore(&text);
        let (out, count) = allocations(|| restorer.restore(&text));
        prop_assert!(matches!(out, Cow::Borrowed(out) if std::ptr::eq(out, text.as_str())));
        prop_assert_eq!(count, 0, "allocations restoring {:?}", text);
    }
}

// 2. Stability.

/// Where the restored text of each replacement sits in the restored text.
fn written(replacements: &[Replacement]) -> Vec<Range<usize>> {
    let mut shift = 0isize;
    replacements
        .iter()
        .map(|r| {
            let start = r.span.start.checked_add_signed(shift).unwrap();
            shift += r.text.len() as isize - r.span.len() as isize;
            start..start + r.text.len()
        })
        .collect()
}

/// Whether `a` and `b`, ranges of `text`, overlap or have at most one word between them.
fn near(text: &str, a: &Range<usize>, b: &Range<usize>) -> bool {
    let (start, end) = (a.end.min(b.end), a.start.max(b.start));
    start >= end || text[start..end].split_whitespace().count() <= 1
}

/// What a second pass over `once`, the restored `text`, replaces, for messages.
fn describe_second_pass(restorer: &Restorer, once: &str, again: &[Replacement]) -> Vec<String> {
    again
        .iter()
        .map(|r| {
            let e = restorer.entry(r.entry);
            let at = (0..=r.span.start.saturating_sub(60))
                .rev()
                .find(|&at| once.is_char_boundary(at))
                .unwrap_or(0);
            format!(
                "{:?} -> {:?} ({} {}:{}) after {:?}",
                &once[r.span.clone()],
                r.text,
                e.class.name(),
                e.file,
                e.line,
                &once[at..r.span.start],
            )
        })
        .collect()
}

/// Texts that a second pass once changed, because the dictionaries restored a name to a form
/// that holds another key, or left half of a two-word swap for a second pass.
#[test]
fn second_pass_cases_found_by_the_properties() {
    let cases = [
        (
            "The Royal School of Nursing said its 2 international locations agreed.",
            "The Royal College of Nursing said its two countries agreed.",
        ),
        (
            "The Royal College of Nursing said so.",
            "The Royal College of Nursing said so.",
        ),
        (
            "They met for a 3rd spherical of talks in 2 international locations.",
            "They met for a third round of talks in two countries.",
        ),
        ("The 3rd spherical ended.", "The third round ended."),
    ];
    for (text, want) in cases {
        let once = builtin().restore(text);
        assert_eq!(once, want);
        assert_eq!(builtin().restore(&once), want);
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// Restoring restored text changes nothing.
    #[test]
    #[ignore = "one pass: a restored original can form another key with its neighbours (\"at Home leaders\" gives \"at House leaders\", which holds \"at House\"), or be one (\"electrical vitality\" gives \"electrical energy\", news for \"electricity\"), and a second pass replaces that"]
    fn restoring_twice_is_restoring_once(text in spun_text()) {
        let restorer = builtin();
        let once = restorer.restore(&text);
        let again = restorer.find(&once);
        prop_assert!(again.is_empty(), "{:#?}", describe_second_pass(restorer, &once, &again));
    }

    /// A second pass replaces nothing but text the first one wrote, or text a word away from
    /// it: restoring never leaves spun wording that it could have restored on its own.
    #[test]
    fn second_pass_changes_only_what_the_first_wrote(text in spun_text()) {
        let restorer = builtin();
        let first = restorer.find(&text);
        let once = apply(text.as_bytes(), &first);
        let once = std::str::from_utf8(&once).unwrap();
        let written = written(&first);
        let again = restorer.find(once);
        let stray: Vec<Replacement> = again
            .into_iter()
            .filter(|r| !written.iter().any(|w| near(once, w, &r.span)))
            .collect();
        prop_assert!(stray.is_empty(), "{:#?}", describe_second_pass(restorer, once, &stray));
    }
}

// 3. Offsets.

proptest! {
    #![proptest_config(config(128))]

    /// Replacements are in order, on character boundaries, each over its entry's key (and the
    /// article that changes with it), and explanations give the same spans.
    #[test]
    fn replacements_span_their_keys(text in non_ascii(spun_text())) {
        let restorer = builtin();
        let replacements = restorer.find(&text);
        let mut last = 0;
        for r in &replacements {
            prop_assert!(last <= r.span.start && r.span.start < r.span.end);
            prop_assert!(text.is_char_boundary(r.span.start) && text.is_char_boundary(r.span.end));
            prop_assert_ne!(&text[r.span.clone()], r.text.as_str());
            let (span, key) = (&text[r.span.clone()], &restorer.entry(r.entry).spun);
            prop_assert!(spells_key(span, key), "replaced {:?} for {:?}", span, key);
            last = r.span.end;
        }
        let decisions = restorer.explain(&text);
        let applied: Vec<Replacement> = decisions
            .iter()
            .filter_map(|d| Some(Replacement { span: d.span.clone(), text: d.text.clone()?, entry: d.entry }))
            .collect();
        prop_assert_eq!(&applied, &replacements);
        for d in &decisions {
            let (span, key) = (&text[d.span.clone()], &restorer.entry(d.entry).spun);
            prop_assert!(spells_key(span, key), "explained {:?} for {:?}", span, key);
        }
    }
}

fn path_str(path: &std::path::Path) -> &str {
    path.to_str().unwrap()
}

/// Reads a `--report` file: its lines by input file and line (0 for a plain file).
fn read_report(path: &std::path::Path) -> BTreeMap<(String, u64), Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| {
            let report: Value = serde_json::from_str(line).unwrap();
            let file = report["file"].as_str().unwrap().to_owned();
            let line = report["line"].as_u64().unwrap_or(0);
            ((file, line), report)
        })
        .collect()
}

/// Checks the changes of one report line against the text they were found in: each names
/// the characters it covers, and together they turn `text` into `restored`.
fn assert_report_matches(report: &Value, text: &str, restored: &str) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut last = 0;
    for change in report["replacements"].as_array().unwrap() {
        let start = change["start"].as_u64().unwrap() as usize;
        let end = change["end"].as_u64().unwrap() as usize;
        let spun: String = chars[start..end].iter().collect();
        assert_eq!(change["spun"], spun.as_str(), "in {text:?}");
        let key = change["entry"].as_str().unwrap();
        assert!(spells_key(&spun, key), "{spun:?} reported for {key:?}");
        out.extend(&chars[last..start]);
        out.push_str(change["original"].as_str().unwrap());
        last = end;
    }
    out.extend(&chars[last..]);
    assert_eq!(out, restored);
}

proptest! {
    #![proptest_config(cli_config(4))]

    /// `--report` gives, for plain files and records, character offsets into the input text
    /// at which the input holds the reported spun text.
    #[test]
    fn reports_point_at_what_they_name(
        texts in prop::collection::vec(non_ascii(woven_text(2..12)), 1..4),
        invalid in any::<Index>(),
    ) {
        let restorer = builtin();
        let dir = TempDir::new().unwrap();
        let report = dir.path().join("report.jsonl");
        // Plain files, one of them with a byte that is not UTF-8.
        let mut files = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let mut bytes = text.clone().into_bytes();
            if i == 0 {
                let at = invalid.index(bytes.len() + 1);
                let at = (at..bytes.len()).find(|&at| text.is_char_boundary(at)).unwrap_or(bytes.len());
                bytes.insert(at, 0xFF);
            }
            files.push((write(&dir, &format!("in/{i}.txt"), &bytes), bytes));
        }
        let (input, out) = (dir.path().join("in"), dir.path().join("out"));
        let (code, _, err) = run(
            &[path_str(&input), "--out-dir", path_str(&out), "--report", path_str(&report), "-q"],
            b"",
        );
        prop_assert_eq!(code, 0, "{}", err);
        let reports = read_report(&report);
        for (i, (path, bytes)) in files.iter().enumerate() {
            let restored = std::fs::read(out.join(format!("{i}.txt"))).unwrap();
            prop_assert_eq!(&restored, &*restorer.restore_bytes(bytes));
            match reports.get(&(path.clone(), 0)) {
                Some(report) => assert_report_matches(
                    report,
                    &String::from_utf8_lossy(bytes),
                    &String::from_utf8_lossy(&restored),
                ),
                None => prop_assert_eq!(&restored, bytes),
            }
        }
    }
}

// 4. Records.

/// Number spellings that a reader would normalize and a writer must keep.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-0.0",
    "1e5",
    "1E+5",
    "2.5e-3",
    "1.50",
    "12345678901234567890",
    "-7",
    "0.000",
];

/// Pieces of the contents of a JSON string literal: characters, escapes, lone surrogates.
const STRING_PIECES: &[&str] = &[
    "a",
    "Z",
    " ",
    "é",
    "中文",
    "😀",
    "text",
    "\\u00e9",
    "\\ud83d\\ude00",
    "\\udc00",
    "\\ud800",
    "\\/",
    "\\\"",
    "\\\\",
    "\\n",
    "\\t",
    "\\r",
    "\\b",
    "\\f",
    "\\u0000",
    "\\u0074ext",
];

/// JSON whitespace that may stand between tokens of a line.
const SPACING: &[&str] = &["", "", " ", "\t", "  "];

fn spacing() -> impl Strategy<Value = &'static str> {
    select(SPACING)
}

/// A JSON string literal made of [`STRING_PIECES`], starting with `prefix`.
fn json_string(prefix: &'static str) -> impl Strategy<Value = String> {
    prop::collection::vec(select(STRING_PIECES), 0..6)
        .prop_map(move |pieces| format!("\"{prefix}{}\"", pieces.concat()))
}

/// A JSON value as a record would spell it: numbers, strings with escapes, nested arrays and
/// objects (some with a `text` key of their own).
fn json_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        select(NUMBERS).prop_map(str::to_owned),
        select(&["true", "false", "null"][..]).prop_map(str::to_owned),
        json_string(""),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        let key = prop_oneof![json_string(""), Just("\"text\"".to_owned())];
        prop_oneof![
            prop::collection::vec((spacing(), inner.clone(), spacing()), 0..4).prop_map(|items| {
                let items: Vec<String> = items
                    .into_iter()
                    .map(|(a, v, b)| format!("{a}{v}{b}"))
                    .collect();
                format!("[{}]", items.join(","))
            }),
            prop::collection::vec((key, spacing(), inner), 0..4).prop_map(|fields| {
                let fields: Vec<String> = fields
                    .into_iter()
                    .map(|(k, s, v)| format!("{k}:{s}{v}"))
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }),
        ]
    })
}

/// `text` as the contents of a JSON string literal, spelled in various ways: characters as
/// they are or as `\u` escapes (surrogate pairs beyond the BMP), `/` as `\/`, and lone
/// surrogates between words.
fn encode(text: &str, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    for c in text.chars() {
        if c == ' ' && rng.below(20) == 0 {
            out.push_str(["\\udc00", "\\ud800"][rng.below(2)]);
        }
        if c == '/' && rng.below(2) == 0 {
            out.push_str("\\/");
        } else if rng.below(10) == 0 {
            for unit in c.encode_utf16(&mut [0; 2]) {
                let escape = if rng.below(2) == 0 {
                    format!("\\u{unit:04x}")
                } else {
                    format!("\\u{unit:04X}")
                };
                out.push_str(&escape);
            }
        } else {
            escape_into(c.encode_utf8(&mut [0; 4]), &mut out);
        }
    }
    out
}

/// A record line: fields of [`json_value`] around a `text` field that holds `text`.
fn record(text: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    let field = || (json_string("k"), spacing(), json_value(), spacing());
    (
        prop::collection::vec(field(), 0..4),
        text,
        any::<u64>(),
        spacing(),
        prop::collection::vec(field(), 0..4),
    )
        .prop_map(|(before, text, seed, space, after)| {
            let field = |(k, a, v, b): (String, &str, String, &str)| format!("{k}:{a}{v}{b}");
            let text = format!("\"text\":{space}\"{}\"", encode(&text, seed));
            let fields: Vec<String> = before
                .into_iter()
                .map(field)
                .chain([text])
                .chain(after.into_iter().map(field))
                .collect();
            format!("{space}{{{}}}", fields.join(","))
        })
}

/// Restores the text field of `line` as the command line does: the restored text spliced
/// into the line.
fn restore_record(restorer: &Restorer, line: &str) -> String {
    let field = text_field(line, &FieldPath::new("text")).unwrap();
    let replacements = restorer.find(&field.text);
    field.splice(
        line,
        replacements
            .iter()
            .map(|r| (r.span.clone(), r.text.as_str())),
    )
}

/// Checks that `out` is `line` with its text field restored and every other byte kept.
fn assert_record_restored(restorer: &Restorer, line: &str, out: &str) {
    let path = FieldPath::new("text");
    let before = text_field(line, &path).unwrap();
    let after = text_field(out, &path).unwrap();
    assert_eq!(&out[..after.raw.start], &line[..before.raw.start]);
    assert_eq!(&out[after.raw.end..], &line[before.raw.end..]);
    let restored = restorer.restore(&before.text);
    assert_eq!(after.text, restored);
    if matches!(restored, Cow::Borrowed(_)) {
        assert_eq!(out, line);
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// A restored record differs from the input only inside the text field's literal, which
    /// decodes to the restored text; a record with nothing to restore is the same bytes.
    #[test]
    fn records_keep_every_byte_outside_the_text(
        line in record(prop_oneof![non_ascii(spun_text()), clean_text()]),
    ) {
        let restorer = builtin();
        assert_record_restored(restorer, &line, &restore_record(restorer, &line));
    }
}

proptest! {
    #![proptest_config(cli_config(4))]

    /// The command line restores records as the library does, and reports character offsets
    /// into the decoded text field.
    #[test]
    fn command_line_records_and_their_report(
        lines in prop::collection::vec(record(prop_oneof![non_ascii(woven_text(2..12)), clean_text()]), 1..8),
        crlf in any::<bool>(),
    ) {
        let restorer = builtin();
        let dir = TempDir::new().unwrap();
        let ending = if crlf { "\r\n" } else { "\n" };
        let input = write(&dir, "in.jsonl", lines.iter().map(|l| format!("{l}{ending}")).collect::<String>().as_bytes());
        let (out, report) = (dir.path().join("out.jsonl"), dir.path().join("report.jsonl"));
        let (code, _, err) = run(
            &["--jsonl", &input, "-o", path_str(&out), "--report", path_str(&report), "-q"],
            b"",
        );
        prop_assert_eq!(code, 0, "{}", err);
        let output = std::fs::read_to_string(&out).unwrap();
        let output: Vec<&str> = output.split_terminator(ending).collect();
        prop_assert_eq!(output.len(), lines.len());
        let reports = read_report(&report);
        for (i, (line, out)) in lines.iter().zip(output).enumerate() {
            prop_assert_eq!(out, restore_record(restorer, line));
            assert_record_restored(restorer, line, out);
            let path = FieldPath::new("text");
            let (text, restored) = (text_field(line, &path).unwrap().text, text_field(out, &path).unwrap().text);
            match reports.get(&(input.clone(), i as u64 + 1)) {
                Some(report) => assert_report_matches(report, &text, &restored),
                None => prop_assert_eq!(out, line.as_str()),
            }
        }
    }
}

// 5. Threads.

/// Generated documents for a batch run: `n` texts of up to `bytes` bytes, spun and clean
/// mixed, from `seed`.
fn batch_texts(seed: u64, n: usize, bytes: usize) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut plain = TextGenerator::new(rng.next_u64());
    let mut woven =
        TextGenerator::new(rng.next_u64()).with_phrases(spun_forms().to_vec(), 2 + rng.below(40));
    (0..n)
        .map(|_| {
            let size = 1 + rng.below(bytes);
            match rng.below(3) {
                0 => plain.document(size),
                1 => spin(&plain.document(size), rng.next_u64()),
                _ => woven.document(size),
            }
        })
        .collect()
}

/// The files under `dir`, by path below it, with their contents.
fn tree(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let root = format!("{}/", dir.display());
    walk(dir)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path.strip_prefix(&root).unwrap().to_owned(), bytes)
        })
        .collect()
}

/// Cuts `text` at the last space before `at`, or keeps it whole.
fn cut(text: &str, at: usize) -> &str {
    text.get(..at)
        .and_then(|head| head.rfind(' '))
        .map_or(text, |end| &text[..end])
}

proptest! {
    #![proptest_config(cli_config(2))]

    /// Batch output and report are the same bytes whatever the number of threads, for
    /// records and for a folder of plain files, over several chunks.
    #[test]
    fn output_does_not_depend_on_the_thread_count(seed in any::<u64>()) {
        let dir = TempDir::new().unwrap();
        let pool = batch_texts(seed, 60, 4000);
        let mut rng = Rng::new(seed);
        // More records than a chunk holds (4,096), and more bytes of plain files (1 MiB).
        let records: String = (0..9000)
            .map(|i| {
                let text = cut(&pool[rng.below(pool.len())], rng.below(240));
                format!("{{\"id\":{i},\"text\":{}}}\n", serde_json::to_string(text).unwrap())
            })
            .collect();
        let records = write(&dir, "records.jsonl", records.as_bytes());
        for i in 0..12 {
            let mut text = String::new();
            while text.len() < 100_000 {
                text += &pool[rng.below(pool.len())];
            }
            write(&dir, &format!("plain/{}/{i}.txt", i % 3), text.as_bytes());
        }
        let plain = dir.path().join("plain");
        let mut runs = Vec::new();
        for threads in ["1", "2", "3"] {
            let at = dir.path().join(format!("j{threads}"));
            let (out, report) = (at.join("records.jsonl"), at.join("report.jsonl"));
            let (code, _, err) = run(
                &["--jsonl", &records, "-o", path_str(&out), "--report", path_str(&report), "-q", "-j", threads],
                b"",
            );
            prop_assert_eq!(code, 0, "{}", err);
            let (out_dir, plain_report) = (at.join("plain"), at.join("plain-report.jsonl"));
            let (code, _, err) = run(
                &[path_str(&plain), "--out-dir", path_str(&out_dir), "--report", path_str(&plain_report), "-q", "-j", threads],
                b"",
            );
            prop_assert_eq!(code, 0, "{}", err);
            runs.push(tree(&at));
        }
        prop_assert!(runs[0].len() == 3 + 12, "{:?}", runs[0].keys());
        prop_assert!(runs[0]["report.jsonl"].len() > 1000 && runs[0]["plain-report.jsonl"].len() > 1000);
        prop_assert!(runs[0] == runs[1], "-j 2 differs from -j 1");
        prop_assert!(runs[0] == runs[2], "-j 3 differs from -j 1");
    }
}
