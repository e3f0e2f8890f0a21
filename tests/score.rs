//! The spin score and its verdict on the labelled documents, the decisions that follow the
//! evidence, and the `check` and `explain` commands.

use unspin::{Score, Verdict};

use crate::spinner::{clean_documents, labelled, spin};
use crate::util::{RESTORED, SPUN, builtin, run, write};

/// The share of spun labelled documents that must be judged spun.
const RECALL_FLOOR: f64 = 0.22;
/// The share of spun labelled documents that must be judged spun or unclear.
const FLAGGED_FLOOR: f64 = 0.6;

#[test]
fn verdicts_on_the_labelled_documents() {
    let clean = clean_documents();
    assert!(clean.len() >= 100, "only {} clean documents", clean.len());
    let mut flagged_clean = Vec::new();
    let mut changed_clean = Vec::new();
    for (i, doc) in clean.iter().enumerate() {
        let score = builtin().score(doc);
        if score.verdict == Verdict::Spun {
            flagged_clean.push(format!("{i}: {score:?}"));
        }
        if builtin().restore(doc) != doc.as_str() {
            changed_clean.push(format!("{i}: {:?}", builtin().explain(doc)));
        }
    }
    let spun: Vec<Score> = labelled()
        .into_iter()
        .filter_map(|(_, spun)| Some(builtin().score(&spun?)))
        .collect();
    assert!(spun.len() >= 100, "only {} spun documents", spun.len());
    let count =
        |scores: &mut dyn Iterator<Item = Verdict>, v: Verdict| scores.filter(|&s| s == v).count();
    let judged = |v| count(&mut spun.iter().map(|s| s.verdict), v);
    let (true_pos, false_pos) = (judged(Verdict::Spun), flagged_clean.len());
    let precision = true_pos as f64 / (true_pos + false_pos).max(1) as f64;
    let recall = true_pos as f64 / spun.len() as f64;
    let mean = |scores: &[f64]| scores.iter().sum::<f64>() / scores.len() as f64;
    let clean_scores: Vec<f64> = clean.iter().map(|d| builtin().score(d).score).collect();
    let spun_scores: Vec<f64> = spun.iter().map(|s| s.score).collect();
    eprintln!(
        "labelled: {} clean, {} spun; spun judged spun {true_pos}, unclear {}, clean {}; \
         clean judged spun {false_pos}, unclear {}; precision {precision:.3}, recall {recall:.3}; \
         mean score clean {:.1}, spun {:.1}",
        clean.len(),
        spun.len(),
        judged(Verdict::Unclear),
        judged(Verdict::Clean),
        clean
            .iter()
            .filter(|d| builtin().score(d).verdict == Verdict::Unclear)
            .count(),
        mean(&clean_scores),
        mean(&spun_scores),
    );
    assert!(
        flagged_clean.is_empty(),
        "clean judged spun:\n{}",
        flagged_clean.join("\n")
    );
    assert!(
        changed_clean.is_empty(),
        "clean changed:\n{}",
        changed_clean.join("\n")
    );
    assert!(
        recall >= RECALL_FLOOR,
        "recall {recall:.3} < {RECALL_FLOOR}"
    );
    let flagged = 1.0 - judged(Verdict::Clean) as f64 / spun.len() as f64;
    assert!(
        flagged >= FLAGGED_FLOOR,
        "spun or unclear {flagged:.3} < {FLAGGED_FLOOR}"
    );
}

#[test]
fn the_verdict_agrees_with_what_the_restorer_does() {
    for (i, doc) in clean_documents().iter().enumerate() {
        for text in [doc.clone(), spin(doc, i as u64)] {
            let score = builtin().score(&text);
            let decisions = builtin().explain(&text);
            let ambiguous_fired = decisions
                .iter()
                .any(|d| d.applied() && builtin().entry(d.entry).class == unspin::Class::Ambiguous);
            match score.verdict {
                Verdict::Clean => assert_eq!(builtin().restore(&text), text.as_str()),
                Verdict::Unclear => assert!(!ambiguous_fired, "{text}"),
                Verdict::Spun => assert!(score.evidence >= builtin().options().min_evidence),
            }
            assert_eq!(score.hits, builtin().find(&text).len());
        }
    }
}

#[test]
fn scores_by_table() {
    let cases: &[(&str, Verdict, usize)] = &[
        (SPUN, Verdict::Spun, 4),
        (RESTORED, Verdict::Clean, 0),
        (
            "The officers mentioned the army's plans.",
            Verdict::Clean,
            0,
        ),
        (
            "Staff at the White Home were told on Friday.",
            Verdict::Unclear,
            1,
        ),
        ("", Verdict::Clean, 0),
    ];
    for &(text, verdict, hits) in cases {
        let score = builtin().score(text);
        assert_eq!((score.verdict, score.hits), (verdict, hits), "{text}");
    }
    // Sure entries weigh 3, ambiguous ones 1: three sure and one ambiguous in 15 words.
    let score = builtin().score(SPUN);
    assert_eq!((score.words, score.entries), (15, 4));
    assert!(
        (score.score - 10.0 * 1000.0 / 15.0).abs() < 1e-9,
        "{score:?}"
    );
}

#[test]
fn quotations_of_spun_wording_stay_in_clean_text() {
    let cases: &[(&str, &str)] = &[
        // Discussed, in a text that is not spun: left alone.
        (
            "Screeners flag tortured phrases such as 'bosom peril' and “counterfeit consciousness,” and the editor mentioned both.",
            "Screeners flag tortured phrases such as 'bosom peril' and “counterfeit consciousness,” and the editor mentioned both.",
        ),
        (
            "The spinner wrote \"White Home\" for the wire story's wording.",
            "The spinner wrote \"White Home\" for the wire story's wording.",
        ),
        // Not a whole quotation: restored as before.
        (
            "He said \"the White Home is closed\" today.",
            "He said \"the White House is closed\" today.",
        ),
        // In a spun text, quoted spun wording is restored too.
        (
            "Based on folks accustomed to the matter, the White Home mentioned its secrets and techniques and its “bosom peril” work.",
            "According to people familiar with the matter, the White House said its secrets and its “breast cancer” work.",
        ),
    ];
    for &(text, expected) in cases {
        assert_eq!(builtin().restore(text), expected, "{text}");
    }
    // Quoted matches do not vouch for the ambiguous words around them.
    let text = "Lists of tortured phrases include “bosom peril”, “counterfeit consciousness” and “profound learning”; officials mentioned them.";
    assert_eq!(builtin().restore(text), text);
    let score = builtin().score(text);
    assert_eq!((score.verdict, score.evidence), (Verdict::Clean, 0));
}

#[test]
fn several_originals_are_chosen_by_context_or_left_alone() {
    // Three sure entries open the gate; "business" then needs a context rule that fits.
    let lead =
        "Based on folks accustomed to the matter, the White Home cited its secrets and techniques:";
    let cases: &[(&str, &str)] = &[
        ("business actions rose.", "commercial actions rose."),
        ("the tech business grew.", "the tech industry grew."),
        ("business insiders agreed.", "industry insiders agreed."),
        ("the business was sold.", "the business was sold."),
    ];
    for &(tail, expected) in cases {
        let text = format!("{lead} {tail}");
        let restored = builtin().restore(&text);
        assert!(restored.ends_with(expected), "{text} -> {restored}");
    }
    let text = format!("{lead} the tech business grew.");
    let decision = builtin()
        .explain(&text)
        .into_iter()
        .find(|d| text[d.span.clone()].eq_ignore_ascii_case("business"))
        .unwrap();
    assert_eq!(decision.context, [("before", "tech".to_owned())]);
    assert_eq!((decision.evidence, decision.needed), (3, 3));
}

#[test]
fn explain_says_why() {
    let text = "Staff at the White Home mentioned it.";
    let decisions = builtin().explain(text);
    let shown: Vec<(&str, Option<&str>, usize, usize)> = decisions
        .iter()
        .map(|d| {
            (
                &text[d.span.clone()],
                d.text.as_deref(),
                d.evidence,
                d.needed,
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("White Home", Some("White House"), 0, 0),
            ("mentioned", None, 1, 3)
        ]
    );
}

#[test]
fn check_command_scores_files_and_records() {
    let dir = tempfile::tempdir().unwrap();
    let clean = write(&dir, "docs/a-clean.txt", clean_documents()[0].as_bytes());
    let spun_text = labelled()
        .into_iter()
        .filter_map(|(_, spun)| spun)
        .find(|spun| builtin().score(spun).verdict == Verdict::Spun)
        .unwrap();
    let spun = write(&dir, "docs/b-spun.txt", spun_text.as_bytes());
    let (code, out, err) = run(
        &["check", &dir.path().join("docs").display().to_string()],
        b"",
    );
    assert_eq!(code, 1, "{err}");
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(
        (lines[0][0], lines[0][3], lines[0][4]),
        (clean.as_str(), "0 hits", "clean")
    );
    assert_eq!((lines[1][0], lines[1][4]), (spun.as_str(), "spun"));
    let (code, _, _) = run(&["check", &clean], b"");
    assert_eq!(code, 0);

    // JSON, and JSON Lines records named by their id.
    let records = format!(
        "{{\"id\":\"x1\",\"body\":{}}}\n{{\"id\":\"x2\",\"body\":{}}}\n",
        serde_json::to_string(SPUN).unwrap(),
        serde_json::to_string(RESTORED).unwrap()
    );
    let (code, out, err) = run(
        &["check", "--jsonl", "--text-field", "body", "--json"],
        records.as_bytes(),
    );
    assert_eq!(code, 1, "{err}");
    let one_thread = run(
        &[
            "check",
            "-j",
            "1",
            "--jsonl",
            "--text-field",
            "body",
            "--json",
        ],
        records.as_bytes(),
    );
    assert_eq!(one_thread.1, out);
    let rows: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let expected = builtin().score(SPUN);
    assert_eq!(rows[0]["id"], "x1");
    assert_eq!(rows[0]["verdict"], "spun");
    assert_eq!(rows[0]["hits"], expected.hits);
    assert_eq!(rows[0]["score"], expected.score);
    assert_eq!(
        (rows[1]["id"].as_str(), rows[1]["verdict"].as_str()),
        (Some("x2"), Some("clean"))
    );
    let (code, _, err) = run(&["check", "--jsonl"], b"{\"id\":1}\n");
    assert_eq!(code, 2);
    assert!(err.contains("no field `text`"), "{err}");

    // Records are read a line at a time: the rows before a bad line are printed, and the error
    // names it.
    let mut input = records.into_bytes();
    input.extend_from_slice(b"{\"id\":\"x3\",\"body\":\"caf\xe9\"}\n");
    let (code, out, err) = run(&["check", "--jsonl", "--text-field", "body"], &input);
    assert_eq!(code, 2);
    assert!(
        err.contains("<stdin>: line 3: not valid UTF-8 at byte 23"),
        "{err}"
    );
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
    // The same past the first chunk of lines scored together.
    let mut input = Vec::new();
    for i in 1..=3000 {
        match i {
            2500 => input.extend_from_slice(b"{\"text\":\"\xff\"}\n"),
            _ => input.extend_from_slice(format!("{{\"id\":{i},\"text\":\"a\"}}\n").as_bytes()),
        }
    }
    let (code, out, err) = run(&["check", "--jsonl"], &input);
    assert_eq!(code, 2);
    assert!(
        err.contains("<stdin>: line 2500: not valid UTF-8 at byte 10"),
        "{err}"
    );
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().count(), 2499);
    assert!(
        out.ends_with("<stdin>:2499\t0.0\t1 words\t0 hits\tclean\n"),
        "{out}"
    );
}

#[test]
fn explain_command_prints_each_change() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "a.txt",
        b"Intro line.\nStaff at the White Home mentioned it.\n",
    );
    let (code, out, err) = run(&["explain", "--all", &file], b"");
    assert_eq!(code, 0, "{err}");
    let out = String::from_utf8(out).unwrap();
    assert!(!out.contains('\x1b'), "no colours off a terminal: {out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!("{file}:2:14  Staff at the White Home -> White House mentioned it.")
    );
    assert!(
        lines[1].contains("entry \"White Home\" -> \"White House\" (sure, news dictionaries/news/"),
        "{out}"
    );
    assert!(lines[1].ends_with("a sure entry fires anywhere"), "{out}");
    assert_eq!(
        lines[2],
        format!("{file}:2:25  Staff at the White Home mentioned it.  (held back)")
    );
    assert!(
        lines[3].ends_with("1 distinct sure or likely entries nearby, 3 needed"),
        "{out}"
    );
    assert!(
        lines[4].contains("1 changes, 1 held back; spin score"),
        "{out}"
    );
    assert!(lines[4].ends_with("unclear"), "{out}");
}

#[test]
fn stats_carry_the_spin_score_of_each_input() {
    let dir = tempfile::tempdir().unwrap();
    let plain = write(&dir, "a.txt", SPUN.as_bytes());
    let records = format!(
        "{{\"text\":{}}}\n{{\"text\":{}}}\n",
        serde_json::to_string(SPUN).unwrap(),
        serde_json::to_string(RESTORED).unwrap()
    );
    let jsonl = write(&dir, "b.jsonl", records.as_bytes());
    let stats = dir.path().join("stats.json");
    let stats_arg = stats.display().to_string();
    let (code, _, err) = run(&["-q", &plain, "--stats", &stats_arg], b"");
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&stats).unwrap()).unwrap();
    let expected = serde_json::to_value(builtin().score(SPUN)).unwrap();
    assert_eq!(json["files"][0]["score"], expected);
    assert_eq!(
        json["total"]["spin"],
        serde_json::json!({"spun": 1, "unclear": 0, "clean": 0})
    );
    let (code, _, err) = run(&["-q", "--jsonl", &jsonl, "--stats", &stats_arg], b"");
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&stats).unwrap()).unwrap();
    assert_eq!(
        json["files"][0]["spin"],
        serde_json::json!({"spun": 1, "unclear": 0, "clean": 1})
    );
    assert!(json["files"][0].get("score").is_none());
    // Without --stats nothing is scored.
    let (_, _, err) = run(
        &[
            "--jsonl",
            &jsonl,
            "-o",
            &dir.path().join("out.jsonl").display().to_string(),
        ],
        b"",
    );
    assert!(!err.contains("spun"), "{err}");
}
