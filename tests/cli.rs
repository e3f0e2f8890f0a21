//! The command line, run as a separate process on real files.

use std::io::Read;
use std::process::Stdio;

use tempfile::TempDir;

use crate::util::{RESTORED, SPUN, data, run, unspin, write};

#[test]
fn stdin_to_stdout() {
    let (code, out, err) = run(&[], SPUN.as_bytes());
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(String::from_utf8(out).unwrap(), RESTORED);
}

#[test]
fn files_in_turn_and_dash_for_stdin() {
    let dir = TempDir::new().unwrap();
    let a = write(&dir, "a.txt", b"Our secrets and techniques.\r\n");
    let b = write(&dir, "b.txt", b"Clean text, untouched.");
    let (code, out, _) = run(&[&a, "-", &b], SPUN.as_bytes());
    assert_eq!(code, 0);
    let want = format!("Our secrets.\r\n{RESTORED}Clean text, untouched.");
    assert_eq!(String::from_utf8(out).unwrap(), want);
}

#[test]
fn restores_the_example_article() {
    let path = data("examples/spun-news-article.txt");
    let (code, out, _) = run(&[path.to_str().unwrap()], b"");
    assert_eq!(code, 0);
    let out = String::from_utf8(out).unwrap();
    for restored in [
        "according to people familiar with the matter",
        "The Wall Street Journal has reported",
        "the White House has said",
        "National Security Council spokesman",
        "our own secrets and our own national security",
        "Office of the Director of National Intelligence",
        "Select Committee on the Chinese Communist Party",
        "House Foreign Affairs Committee",
        "ZTE didn’t respond to a request for comment.",
        "the two countries",
        "intelligence officers",
    ] {
        assert!(out.contains(restored), "missing {restored:?} in:\n{out}");
    }
}

#[test]
fn user_dictionaries() {
    let dir = TempDir::new().unwrap();
    let dict = write(
        &dir,
        "mine.toml",
        b"[sure]\n\"White Home\" = \"Casa Blanca\"\n\"frobbed widget\" = \"widget\"\n",
    );
    let (code, out, _) = run(
        &["--dict", &dict],
        b"The White Home and our frobbed widget and secrets and techniques.",
    );
    assert_eq!(code, 0);
    assert_eq!(out, b"The Casa Blanca and our widget and secrets.");
    let (code, out, _) = run(
        &["--dict", &dict, "--no-builtin"],
        b"The White Home and secrets and techniques.",
    );
    assert_eq!(code, 0);
    assert_eq!(out, b"The Casa Blanca and secrets and techniques.");
    // A folder of dictionary files is one dictionary.
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("a.toml"),
        "[sure]\n\"frobbed gadget\" = \"gadget\"\n",
    )
    .unwrap();
    let (code, out, _) = run(
        &["--no-builtin", "--dict", folder.to_str().unwrap()],
        b"a frobbed gadget",
    );
    assert_eq!((code, out.as_slice()), (0, &b"a gadget"[..]));
}

#[test]
fn tortured_phrases_can_be_switched_off() {
    let text = b"We train a counterfeit consciousness with profound learning.";
    let (_, out, _) = run(&[], text);
    assert_eq!(
        out,
        b"We train an artificial intelligence with deep learning."
    );
    let (_, out, _) = run(&["--no-tortured"], text);
    assert_eq!(out, text);
}

#[test]
fn bad_dictionary_names_file_and_line() {
    let dir = TempDir::new().unwrap();
    let dict = write(&dir, "bad.toml", b"[sure]\n\"ok\" = \"fine\"\n\"x\" = 3\n");
    let (code, out, err) = run(&["--dict", &dict], b"text");
    assert_ne!(code, 0);
    assert!(out.is_empty());
    assert!(err.starts_with(&format!("error: {dict}:3: ")), "{err}");
    let (code, _, err) = run(&["--dict", "/no/such/dict.toml"], b"text");
    assert_ne!(code, 0);
    assert!(err.starts_with("error: /no/such/dict.toml: "), "{err}");
}

#[test]
fn unreadable_file_is_reported_and_the_rest_go_on() {
    let dir = TempDir::new().unwrap();
    let good = write(&dir, "good.txt", b"secrets and techniques\n");
    let missing = dir.path().join("missing.txt").display().to_string();
    let (code, out, err) = run(&[&missing, &good], b"");
    assert_eq!(code, 2);
    assert_eq!(out, b"secrets\n");
    assert!(err.starts_with(&format!("error: {missing}: ")), "{err}");
}

#[test]
fn bytes_pass_through() {
    let input = b"\xef\xbb\xbfsecrets and techniques \xff\xfe\r\n\tclean\ttext  \r\n";
    let (code, out, _) = run(&[], input);
    assert_eq!(code, 0);
    assert_eq!(out, b"\xef\xbb\xbfsecrets \xff\xfe\r\n\tclean\ttext  \r\n");
    let clean = std::fs::read(
        data("clean")
            .read_dir()
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
    )
    .unwrap();
    let (_, out, _) = run(&[], &clean);
    assert_eq!(out, clean);
}

#[test]
fn closed_stdout_is_a_normal_end() {
    let dir = TempDir::new().unwrap();
    let big = write(&dir, "big.txt", SPUN.repeat(200_000).as_bytes());
    let mut child = unspin()
        .arg(&big)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut head)
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}: {err}");
    assert_eq!(err, "");
}

#[test]
fn dict_list_formats_and_the_toml_reads_back() {
    let (code, tsv, _) = run(&["dict", "list"], b"");
    assert_eq!(code, 0);
    let tsv = String::from_utf8(tsv).unwrap();
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next(),
        Some("spun\toriginal\tclass\tdictionary\tcontext\tsource")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), crate::util::builtin().entries().len());
    assert!(rows.iter().all(|r| r.len() == 6));
    assert!(
        rows.iter()
            .any(|r| r[..4] == ["White Home", "White House", "sure", "news"])
    );
    assert!(
        rows.iter()
            .any(|r| r[0] == "officers" && r[4].starts_with("not_before="))
    );

    let (code, json, _) = run(&["dict", "list", "--format", "json", "--no-tortured"], b"");
    assert_eq!(code, 0);
    let json: Vec<serde_json::Value> = serde_json::from_slice(&json).unwrap();
    assert!(json.iter().all(|e| e["dictionary"] == "news"));
    let secrets = json
        .iter()
        .find(|e| e["spun"] == "secrets and techniques")
        .unwrap();
    assert_eq!(secrets["original"], "secrets");
    assert_eq!(secrets["class"], "sure");

    // The TOML listing is a dictionary that restores exactly as the ones it lists.
    let (code, toml, _) = run(&["dict", "list", "--format", "toml", "--no-tortured"], b"");
    assert_eq!(code, 0);
    let dir = TempDir::new().unwrap();
    let listed = write(&dir, "listed.toml", &toml);
    let (code, out, err) = run(&["dict", "check", "--no-builtin", &listed], b"");
    assert_eq!(code, 0, "{err}");
    assert!(String::from_utf8(out).unwrap().contains(" 0 problems, "));
    let mut texts: Vec<_> = crate::util::text_files("pairs")
        .into_iter()
        .step_by(4)
        .collect();
    texts.push(data("examples/spun-news-article.txt"));
    for text in texts {
        let text = text.to_str().unwrap();
        let (_, want, _) = run(&["--no-tortured", text], b"");
        let (_, got, _) = run(&["--no-builtin", "--dict", &listed, text], b"");
        assert!(want == got, "{text}");
    }
}

#[test]
fn dict_check_reports_problems_and_notes() {
    let dir = TempDir::new().unwrap();
    let dict = write(
        &dir,
        "mine.toml",
        br#"[sure]
"folks accustomed to" = "people familiar with"
"frobbed widget" = "widget"
"blue frobbed widget" = "blue widget"
"secrets and techniques" = "secret ways"
"an entry" = "a entry"
[ambiguous]
foo = [{ original = "bar" }, { original = "baz", before = ["x"] }]
"#,
    );
    let (code, out, _) = run(&["dict", "check", &dict], b"");
    assert_eq!(code, 1);
    let out = String::from_utf8(out).unwrap();
    for line in [
        format!(
            "order: {dict}:6: \"an entry\" should come before \"secrets and techniques\" (line 5)"
        ),
        format!(
            "order: {dict}:4: \"blue frobbed widget\" should come before \"frobbed widget\" (line 3)"
        ),
        format!(
            "duplicate: {dict}:2: \"folks accustomed to\" -> \"people familiar with\" is also in dictionaries/news/general.toml:"
        ),
        format!(
            "conflict: {dict}:5: \"secrets and techniques\" -> \"secret ways\", but dictionaries/news/general.toml:"
        ),
        format!("unreachable: {dict}:8: \"foo\" -> \"baz\" follows a rule without context"),
        format!("note: shadowed: {dict}:3: \"frobbed widget\" is inside \"blue frobbed widget\""),
        "7 entries in 1 dictionary: 5 problems, 1 note".to_owned(),
    ] {
        assert!(out.contains(&line), "{line}\nin:\n{out}");
    }
    let (code, out, _) = run(&["dict", "check", "--no-builtin", &dict], b"");
    assert_eq!(code, 1);
    assert!(
        String::from_utf8(out)
            .unwrap()
            .contains("3 problems, 1 note")
    );
    let bad = write(&dir, "bad.toml", b"[sure]\nx = 3\n");
    let (code, _, err) = run(&["dict", "check", &bad], b"");
    assert_eq!(code, 2);
    assert!(err.starts_with(&format!("error: {bad}:2: ")), "{err}");
}

#[test]
fn bench_measures_generated_and_given_text() {
    let args = [
        "bench",
        "--size",
        "300KB",
        "--entries",
        "1000",
        "-j",
        "1",
        "--json",
    ];
    let (code, out, err) = run(&args, b"");
    assert_eq!(code, 0, "{err}");
    let measured: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(measured["entries"], 1000);
    assert_eq!(measured["threads"], 1);
    assert!(measured["bytes"].as_u64().unwrap() >= 300_000);
    assert!(measured["replacements"].as_u64().unwrap() > 1000);
    assert!(measured["mb_per_s"].as_f64().unwrap() > 0.0);
    // The same seed gives the same text and the same replacements.
    let (_, again, _) = run(&args, b"");
    let again: serde_json::Value = serde_json::from_slice(&again).unwrap();
    assert_eq!(again["replacements"], measured["replacements"]);

    let example = data("examples/spun-news-article.txt");
    let (code, out, err) = run(&["bench", "--input", example.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("dictionary entries   "), "{out}");
    assert!(out.contains("\nthroughput           "), "{out}");
    let (code, _, err) = run(&["bench", "--size", "2XB"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("unknown unit"), "{err}");
}
