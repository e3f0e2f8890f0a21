//! Arbitrary bytes as one JSON Lines record, read as the command line reads it: the scanner
//! agrees with serde_json on what is valid and on the field it finds, and splicing edits of the
//! decoded text gives a record whose field holds the edited text and whose other bytes are kept.
#![no_main]

use std::ops::Range;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use unspin::jsonl::{FieldPath, RecordError, find_field, text_field};

/// The field paths a record is searched for.
const PATHS: [&str; 7] = [
    "text",
    "meta.body",
    "a.b",
    "",
    "t\u{e9}xt",
    "text.text",
    "k\"ey",
];

/// What edits write into the decoded text.
const TEXTS: [&str; 12] = [
    "",
    "x",
    "\"",
    "\\",
    "\n\t\r",
    "\u{0}\u{1f}",
    "\u{7f}",
    "\u{e9}",
    "\u{1f600}",
    "\u{2028}",
    "\u{fffd}",
    "secrets",
];

#[derive(Arbitrary, Debug)]
struct Record<'a> {
    /// Which of [`PATHS`] to look for.
    path: u8,
    /// Where to edit the decoded text and with what, as bits.
    edits: u64,
    /// The line, as read from a file.
    line: &'a [u8],
}

fuzz_target!(|record: Record| {
    let dotted = PATHS[usize::from(record.path) % PATHS.len()];
    let path = FieldPath::new(dotted);
    let Ok(line) = std::str::from_utf8(record.line) else {
        return;
    };
    // As the command line reads a record: without its line ending or a byte order mark.
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);

    let found = find_field(line, &path);
    // serde_json ignores values without a depth limit and without decoding strings or numbers.
    let valid = serde_json::from_str::<serde::de::IgnoredAny>(line).is_ok();
    match &found {
        Err(RecordError::Syntax { column, reason }) => {
            assert!(*column <= line.chars().count() + 1, "{reason} at {column}");
            assert!(
                !valid || *reason == "nested too deeply",
                "serde_json reads it: {reason}"
            );
        }
        Err(RecordError::NotObject(kind)) => {
            assert!(valid, "not an object, yet invalid for serde_json");
            assert_eq!(
                *kind,
                kind_of(line.trim_start_matches([' ', '\t', '\r', '\n']))
            );
        }
        Ok(_) => assert!(valid, "serde_json refuses it"),
        Err(other) => panic!("find_field gave {other}"),
    }
    let Ok(field) = found else { return };
    // serde_json reads the whole record unless it is deeper than 128, holds a lone surrogate or
    // a number out of range.
    let value: Option<Value> = serde_json::from_str(line).ok();
    let at = value.as_ref().map(|v| lookup(v, dotted));
    if let Some(field) = &field {
        let raw = &line[field.span.clone()];
        assert_eq!(field.kind, kind_of(raw));
        if let Some(at) = &at {
            let read: Value = serde_json::from_str(raw).expect("the field reads");
            assert_eq!(*at, Some(&read));
        }
    } else if let Some(at) = &at {
        assert_eq!(*at, None, "serde_json finds the field");
    }

    let text = match text_field(line, &path) {
        Ok(text) => text,
        Err(RecordError::Missing(_)) => return assert!(field.is_none()),
        Err(RecordError::NotString { found, .. }) => {
            return assert_eq!(field.map(|f| f.kind), Some(found));
        }
        Err(other) => panic!("text_field gave {other} where find_field did not"),
    };
    let span = field.expect("a text field is a field").span;
    assert_eq!(text.raw, span.start + 1..span.end - 1);
    if let Some(Some(Value::String(want))) = &at {
        assert_eq!(text.text, *want);
    }
    assert_eq!(text.to_line(0), text.raw.start);
    assert_eq!(text.to_line(text.text.len()), text.raw.end);
    assert_eq!(text.splice(line, []), line);

    let edits = edits(&text.text, record.edits);
    let mut want = text.text.to_string();
    for (span, new) in edits.iter().rev() {
        want.replace_range(span.clone(), new);
    }
    let spliced = text.splice(line, edits.iter().map(|(span, new)| (span.clone(), *new)));
    assert_eq!(spliced[..text.raw.start], line[..text.raw.start]);
    assert!(spliced.ends_with(&line[text.raw.end..]));
    let again = text_field(&spliced, &path).expect("the spliced record reads");
    assert_eq!(again.text, want);
    if let Some(mut value) = value {
        if let Some(slot) = lookup_mut(&mut value, dotted) {
            *slot = Value::String(want);
        }
        let read: Value = serde_json::from_str(&spliced).expect("serde_json reads the splice");
        assert_eq!(read, value);
    }
});

/// The kind of the JSON value `raw` starts with, in the scanner's words.
fn kind_of(raw: &str) -> &'static str {
    match raw.bytes().next() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// The value at the dotted `path`, as the scanner looks for it: through objects only.
fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.')
        .try_fold(value, |v, key| v.as_object()?.get(key))
}

fn lookup_mut<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    path.split('.')
        .try_fold(value, |v, key| v.as_object_mut()?.get_mut(key))
}

/// Up to three ordered, disjoint edits of `text` on character boundaries, chosen by `bits`.
fn edits(text: &str, mut bits: u64) -> Vec<(Range<usize>, &'static str)> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut take = |n: u64| {
        let v = bits % n;
        bits /= n;
        v as usize
    };
    let count = take(4);
    let mut ends: Vec<usize> = (0..2 * count)
        .map(|_| bounds[take(256) % bounds.len()])
        .collect();
    ends.sort_unstable();
    ends.chunks(2)
        .map(|pair| (pair[0]..pair[1], TEXTS[take(TEXTS.len() as u64)]))
        .collect()
}
