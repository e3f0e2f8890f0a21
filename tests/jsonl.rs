//! JSON Lines records: finding fields, decoding string literals, splicing replacements.

use unspin::jsonl::{FieldPath, RecordError, find_field, text_field};

#[test]
fn fields_by_path() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        (r#"{"text":"a"}"#, "text", Some(r#""a""#)),
        (r#" { "text" : "a" , "n" : 1 } "#, "n", Some("1")),
        (
            r#"{"meta":{"body":"b","x":[1,{"body":2}]}}"#,
            "meta.body",
            Some(r#""b""#),
        ),
        (r#"{"meta":"flat","meta.body":3}"#, "meta.body", None),
        (r#"{"a":1,"a":{"b":true}}"#, "a", Some(r#"{"b":true}"#)),
        (r#"{"a":{"b":1},"a":2}"#, "a.b", None),
        (
            r#"{"t\u0065xt":"escaped key"}"#,
            "text",
            Some(r#""escaped key""#),
        ),
        (
            r#"{"x":-1.5e+3,"y":[],"z":{},"w":null,"v":false}"#,
            "v",
            Some("false"),
        ),
        (r#"{}"#, "text", None),
    ];
    for &(line, path, want) in cases {
        let found = find_field(line, &FieldPath::new(path)).unwrap();
        assert_eq!(found.map(|f| &line[f.span]), want, "{line} {path}");
    }
}

#[test]
fn errors_name_the_column_and_the_reason() {
    let syntax = |column, reason| RecordError::Syntax { column, reason };
    let cases: &[(&str, RecordError)] = &[
        ("", syntax(1, "the record ends early")),
        ("not json", syntax(1, "expected a value")),
        (r#"{"a":1"#, syntax(7, "expected ',' or '}'")),
        (r#"{"a":1}x"#, syntax(8, "text after the record")),
        (r#"{"é":"\x"}"#, syntax(8, "bad escape")),
        (r#"{"a":"\u12"}"#, syntax(8, "bad \\u escape")),
        ("{\"a\":\"\t\"}", syntax(7, "control character in a string")),
        (r#"{"a":01}"#, syntax(7, "expected ',' or '}'")),
        (r#"{"a":1.}"#, syntax(8, "bad number")),
        (r#"{"a":tru}"#, syntax(6, "expected a value")),
        (r#"{a:1}"#, syntax(2, "expected a key")),
        (r#"{"a":"open}"#, syntax(12, "unterminated string")),
        ("[1,2]", RecordError::NotObject("an array")),
        ("\"text\"", RecordError::NotObject("a string")),
    ];
    for (line, want) in cases {
        let got = find_field(line, &FieldPath::new("a"));
        assert_eq!(got.as_ref().err(), Some(want), "{line:?}");
    }
    let deep = "[".repeat(100_000);
    assert!(matches!(
        find_field(&deep, &FieldPath::new("a")),
        Err(RecordError::Syntax {
            reason: "nested too deeply",
            ..
        })
    ));
    assert_eq!(
        text_field(r#"{"text":5}"#, &FieldPath::new("text")).err(),
        Some(RecordError::NotString {
            path: "text".into(),
            found: "a number"
        })
    );
    assert_eq!(
        text_field(r#"{"x":""}"#, &FieldPath::new("text")).err(),
        Some(RecordError::Missing("text".into()))
    );
}

#[test]
fn strings_decode_like_serde_json() {
    let literals = [
        r#""plain""#,
        r#""tab\tnew\nline\r \"q\" \\ \/ \b\f""#,
        r#""caf\u00e9 \u00C9 \ud83d\ude00 emoji 😀""#,
        r#""\u0000\u001f""#,
    ];
    for literal in literals {
        let line = format!(r#"{{"text":{literal}}}"#);
        let field = text_field(&line, &FieldPath::new("text")).unwrap();
        let want: String = serde_json::from_str(literal).unwrap();
        assert_eq!(field.text, want, "{literal}");
    }
    // Lone surrogates are read as U+FFFD.
    let line = r#"{"text":"a\ud800b\udc00c\ud800\u0041"}"#;
    let field = text_field(line, &FieldPath::new("text")).unwrap();
    assert_eq!(field.text, "a\u{FFFD}b\u{FFFD}c\u{FFFD}A");
}

#[test]
fn splicing_keeps_the_escapes_around_replacements() {
    let line = r#"{"text":"\u00c9t\u00e9: secrets and techniques \ud800 \"ok\"\n","n":1.0}"#;
    let field = text_field(line, &FieldPath::new("text")).unwrap();
    let start = field.text.find("secrets").unwrap();
    let end = start + "secrets and techniques".len();
    let spliced = field.splice(line, [(start..end, "secret \"sauce\"\n")]);
    assert_eq!(
        spliced,
        r#"{"text":"\u00c9t\u00e9: secret \"sauce\"\n \ud800 \"ok\"\n","n":1.0}"#
    );
    assert_eq!(field.splice(line, []), line);
}

#[test]
fn splicing_never_pairs_lone_surrogates() {
    let line = r#"{"text":"a\ud800bc\udc00d"}"#;
    let field = text_field(line, &FieldPath::new("text")).unwrap();
    assert_eq!(field.text, "a\u{FFFD}bc\u{FFFD}d");
    let (b, c) = (4..5, 5..6);
    type Edits<'a> = &'a [(std::ops::Range<usize>, &'a str)];
    let cases: &[(Edits, &str)] = &[
        (&[(b.clone(), "x")], r#"{"text":"a\ud800xc\udc00d"}"#),
        (&[(4..6, "")], "{\"text\":\"a\\ud800\u{FFFD}d\"}"),
        (
            &[(b.clone(), ""), (c.clone(), "")],
            "{\"text\":\"a\\ud800\u{FFFD}d\"}",
        ),
        (&[(b, ""), (c, "y")], r#"{"text":"a\ud800y\udc00d"}"#),
    ];
    for (edits, want) in cases {
        let spliced = field.splice(line, edits.iter().cloned());
        assert_eq!(spliced, *want, "{edits:?}");
        let mut text = field.text.to_string();
        for (span, new) in edits.iter().rev() {
            text.replace_range(span.clone(), new);
        }
        let again = text_field(&spliced, &FieldPath::new("text")).unwrap();
        assert_eq!(again.text, text, "{edits:?}");
    }
}
