//! Batch runs of the command line on real files in temporary folders: JSON Lines, compression,
//! folders, output modes, reports and bad input.

use std::io::{Read, Write};
use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::util::{RESTORED, SPUN, assert_no_temporary_files, data, run, text_files, walk, write};

/// A JSON string literal of `text`.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Restores the JSON Lines files under `input` into `out`; returns the status and stderr.
fn restore_tree(input: &Path, out: &Path) -> (i32, String) {
    let (input, out) = (input.to_str().unwrap(), out.to_str().unwrap());
    let (code, _, err) = run(&["--jsonl", input, "--out-dir", out], b"");
    (code, err)
}

fn read(path: impl AsRef<Path>) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::encode_all(bytes, 0).unwrap()
}

/// Records that exercise what must survive: key order, number spellings, escapes, nesting,
/// unicode, a BOM, CRLF, a blank line, and no newline at the end.
fn records() -> (String, String) {
    let spun = SPUN.trim_end();
    let restored = RESTORED.trim_end();
    let input = format!(
        "\u{FEFF}{{\"z\": 1.50e3, \"text\": {}, \"id\": 7, \"big\": 12345678901234567890}}\r\n\
         \n\
         {{\"id\":\"b\",\"text\":\"caf\\u00e9 \\ud800 \\\"our secrets and techniques\\\"\\n\\tend\",\"a\":[true,null,-0.0]}}\n\
         {{\"text\":\"Zürich is clean.\",\"meta\":{{\"x\":{{}}}}}}",
        quoted(spun)
    );
    let output = format!(
        "\u{FEFF}{{\"z\": 1.50e3, \"text\": {}, \"id\": 7, \"big\": 12345678901234567890}}\r\n\
         \n\
         {{\"id\":\"b\",\"text\":\"caf\\u00e9 \\ud800 \\\"our secrets\\\"\\n\\tend\",\"a\":[true,null,-0.0]}}\n\
         {{\"text\":\"Zürich is clean.\",\"meta\":{{\"x\":{{}}}}}}",
        quoted(restored)
    );
    (input, output)
}

#[test]
fn jsonl_restores_the_text_field_and_keeps_every_other_byte() {
    let (input, output) = records();
    let (code, out, err) = run(&["--jsonl", "-q"], input.as_bytes());
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(String::from_utf8(out).unwrap(), output);
}

#[test]
fn jsonl_nested_and_named_fields() {
    let body = quoted(SPUN);
    let input =
        format!("{{\"id\":1,\"meta\":{{\"body\":{body},\"n\":2}},\"raw_content\":{body}}}\n");
    let restored = quoted(RESTORED);
    let (code, out, _) = run(&["--jsonl", "--text-field", "meta.body"], input.as_bytes());
    assert_eq!(code, 0);
    let want =
        format!("{{\"id\":1,\"meta\":{{\"body\":{restored},\"n\":2}},\"raw_content\":{body}}}\n");
    assert_eq!(String::from_utf8(out).unwrap(), want);
    let (code, out, _) = run(
        &["--jsonl", "--text-field", "raw_content"],
        input.as_bytes(),
    );
    assert_eq!(code, 0);
    let want =
        format!("{{\"id\":1,\"meta\":{{\"body\":{body},\"n\":2}},\"raw_content\":{restored}}}\n");
    assert_eq!(String::from_utf8(out).unwrap(), want);
}

#[test]
fn compressed_inputs_are_read_and_keep_their_compression() {
    let dir = TempDir::new().unwrap();
    let (input, output) = records();
    // Two gzip members, as `cat a.gz b.gz` makes.
    let (first, second) = input.split_at(input.find("\n{\"id\":\"b\"").unwrap() + 1);
    let members = [gzip(first.as_bytes()), gzip(second.as_bytes())].concat();
    write(&dir, "in/a.jsonl.gz", &members);
    write(&dir, "in/sub/b.jsonl.zst", &zstd(input.as_bytes()));
    write(&dir, "in/sub/c.jsonl", input.as_bytes());
    let out = dir.path().join("out");
    let (code, stdout, err) = run(
        &[
            "--jsonl",
            dir.path().join("in").to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    assert!(
        err.contains("3 inputs, 9 documents, 6 changed, 15 replacements"),
        "{err}"
    );
    let gz = read(out.join("a.jsonl.gz"));
    assert_eq!(&gz[..2], b"\x1f\x8b");
    assert_eq!(gunzip(&gz), output.as_bytes());
    let zst = read(out.join("sub/b.jsonl.zst"));
    assert_eq!(zstd::decode_all(zst.as_slice()).unwrap(), output.as_bytes());
    assert_eq!(read(out.join("sub/c.jsonl")), output.as_bytes());
    // On standard output the text comes out plain, unless asked otherwise.
    let a = dir.path().join("in/a.jsonl.gz");
    let (_, plain, _) = run(&["--jsonl", a.to_str().unwrap()], b"");
    assert_eq!(plain, output.as_bytes());
    let (_, zst, _) = run(&["--jsonl", "--compress", "zstd", a.to_str().unwrap()], b"");
    assert_eq!(zstd::decode_all(zst.as_slice()).unwrap(), output.as_bytes());
    // Compressed plain text too.
    let (_, plain, _) = run(&[], &gzip(SPUN.as_bytes()));
    assert_eq!(plain, RESTORED.as_bytes());
}

#[test]
fn truncated_archives_fail_without_leaving_output() {
    let dir = TempDir::new().unwrap();
    let lines = format!("{{\"text\":{}}}\n", quoted(SPUN)).repeat(2000);
    let gz = gzip(lines.as_bytes());
    let zst = zstd(lines.as_bytes());
    write(&dir, "in/a.jsonl.gz", &gz[..gz.len() / 2]);
    write(&dir, "in/b.jsonl.zst", &zst[..zst.len() - 9]);
    write(&dir, "in/c.jsonl", lines.as_bytes());
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    let (code, err) = restore_tree(&input, &out);
    assert_eq!(code, 2);
    let a = input.join("a.jsonl.gz").display().to_string();
    let b = input.join("b.jsonl.zst").display().to_string();
    assert!(
        err.contains(&format!("error: {a}: cannot read the gzip stream: ")),
        "{err}"
    );
    assert!(
        err.contains(&format!("error: {b}: cannot read the zstd stream: ")),
        "{err}"
    );
    assert!(err.contains("2 inputs failed"), "{err}");
    // The broken inputs leave nothing behind; the good one is complete.
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(written, ["c.jsonl"]);
    let restored = format!("{{\"text\":{}}}\n", quoted(RESTORED)).repeat(2000);
    assert_eq!(read(out.join("c.jsonl")), restored.as_bytes());
}

#[test]
fn bad_records_stop_the_run_or_pass_through_with_keep_going() {
    let dir = TempDir::new().unwrap();
    let good = format!("{{\"text\":{}}}\n", quoted(SPUN));
    let bad = "not json\n{\"text\":5}\n{\"body\":\"x\"}\n{\"text\":\"a\"} trailing\n[1]\n";
    let input = |good: &str| [good.as_bytes(), bad.as_bytes(), b"\xff\n", good.as_bytes()].concat();
    let path = write(&dir, "bad.jsonl", &input(&good));
    let out = dir.path().join("out.jsonl");
    let (code, _, err) = run(&["--jsonl", &path, "-o", out.to_str().unwrap()], b"");
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!(
            "error: {path}:2: not valid JSON at column 1: expected a value"
        )),
        "{err}"
    );
    assert!(
        !out.exists(),
        "a file with a bad record must not be written"
    );

    let stats = dir.path().join("stats.json");
    let (code, _, err) = run(
        &[
            "--jsonl",
            &path,
            "-o",
            out.to_str().unwrap(),
            "--keep-going",
            "--stats",
            stats.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    let restored = format!("{{\"text\":{}}}\n", quoted(RESTORED));
    assert_eq!(read(&out), input(&restored));
    for reason in [
        ":2: not valid JSON at column 1: expected a value",
        ":3: field `text` is a number, not a string",
        ":4: the record has no field `text`",
        ":5: not valid JSON at column 14: text after the record",
        ":6: the record is an array, not an object",
        ":7: not valid UTF-8 at byte 1",
    ] {
        assert!(
            err.contains(&format!("    {path}{reason}\n")),
            "{reason} in {err}"
        );
    }
    assert!(
        err.contains("6 bad records passed through unchanged"),
        "{err}"
    );
    let stats: Value = serde_json::from_slice(&read(&stats)).unwrap();
    assert_eq!(stats["total"]["bad_records"], 6);
    assert_eq!(stats["total"]["documents"], 8);
    assert_eq!(stats["bad_records"][1]["line"], 3);
}

/// Spun and clean files, in folders, with the line endings and bytes that must survive.
fn tree(dir: &TempDir) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let sources = text_files("pairs").into_iter().chain(text_files("clean"));
    for (i, path) in sources.step_by(2).enumerate() {
        let mut bytes = read(&path);
        if i % 2 == 0 {
            let text = String::from_utf8(bytes).unwrap();
            bytes = text.replace('\n', "\r\n").into_bytes();
        }
        let folder = ["a", "a/b", "c"][i % 3];
        let name = path.file_name().unwrap().to_str().unwrap();
        files.push((format!("{folder}/{name}"), bytes));
    }
    files.push((
        "c/bom.txt".into(),
        b"\xef\xbb\xbfOur secrets and techniques.  \n\n".to_vec(),
    ));
    files.push((
        "c/latin1.txt".into(),
        b"caf\xe9 secrets and techniques\t".to_vec(),
    ));
    for (name, bytes) in &files {
        write(dir, &format!("in/{name}"), bytes);
    }
    files
}

#[test]
fn in_place_restores_each_file_as_standard_output_does() {
    let dir = TempDir::new().unwrap();
    let files = tree(&dir);
    let input = dir.path().join("in");
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1 << 30);
    for (name, _) in &files {
        let file = std::fs::File::options()
            .write(true)
            .open(input.join(name))
            .unwrap();
        file.set_modified(past).unwrap();
    }
    #[cfg(unix)]
    let mode = |path: &Path| {
        use std::os::unix::fs::PermissionsExt;
        path.metadata().unwrap().permissions().mode() & 0o777
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let first = input.join(&files[0].0);
        std::fs::set_permissions(&first, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let (code, out, err) = run(&["-i", input.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("1 document is not valid UTF-8"), "{err}");
    let mut unchanged = 0;
    for (name, bytes) in &files {
        let (code, want, _) = run(&[], bytes);
        assert_eq!(code, 0);
        let path = input.join(name);
        assert_eq!(read(&path), want, "{name}");
        // Files that do not change are not rewritten.
        let modified = path.metadata().unwrap().modified().unwrap();
        assert_eq!(modified == past, want == *bytes, "{name}");
        unchanged += usize::from(want == *bytes);
    }
    assert!(unchanged > 0 && unchanged < files.len(), "{unchanged}");
    #[cfg(unix)]
    assert_eq!(mode(&input.join(&files[0].0)), 0o640);
    assert_no_temporary_files(&input);
}

#[test]
fn out_dir_mirrors_the_tree_and_glob_filters() {
    let dir = TempDir::new().unwrap();
    write(&dir, "in/x/one.txt", SPUN.as_bytes());
    write(&dir, "in/x/two.md", SPUN.as_bytes());
    write(&dir, "in/.hidden.txt", SPUN.as_bytes());
    write(
        &dir,
        "in/image.txt",
        b"\x89PNG\x00\x00secrets and techniques",
    );
    write(&dir, "in/three.txt", b"clean\n");
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    let (code, _, err) = run(
        &[
            input.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
            "--glob",
            "*.txt",
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 binary file skipped"), "{err}");
    let root = out.display().to_string();
    assert_eq!(
        walk(&out),
        [format!("{root}/three.txt"), format!("{root}/x/one.txt")]
    );
    assert_eq!(read(out.join("x/one.txt")), RESTORED.as_bytes());
    assert_eq!(read(out.join("three.txt")), b"clean\n");
}

#[test]
fn unwritable_output_is_reported_and_the_input_untouched() {
    let dir = TempDir::new().unwrap();
    let input = write(&dir, "a.txt", SPUN.as_bytes());
    // A path through a regular file cannot be created, whoever runs the test (root ignores
    // permission bits).
    let blocked = dir.path().join("a.txt/out");
    let (code, out, err) = run(&[&input, "--out-dir", blocked.to_str().unwrap()], b"");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.starts_with(&format!("error: {}", blocked.display())),
        "{err}"
    );
    assert_eq!(read(&input), SPUN.as_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        let target = write(&dir, "locked/b.txt", SPUN.as_bytes());
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = std::fs::File::create(locked.join("probe"));
        if probe.is_err() {
            let (code, _, err) = run(&["-i", &target], b"");
            assert_eq!(code, 2);
            assert!(
                err.contains(&format!("error: {target}: cannot write {target}: ")),
                "{err}"
            );
            assert_eq!(read(&target), SPUN.as_bytes());
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn report_gives_character_offsets_and_the_entries() {
    let dir = TempDir::new().unwrap();
    let text = "Ünïcödé «quotes» first. Based on folks accustomed to the matter, the White Home mentioned its secrets and techniques.";
    let input = format!(
        "{{\"id\":\"doc-1\",\"text\":{}}}\n{{\"id\":2,\"text\":\"clean\"}}\n",
        quoted(text)
    );
    let path = write(&dir, "a.jsonl", input.as_bytes());
    let report = dir.path().join("report.jsonl");
    let (code, _, err) = run(
        &["--jsonl", &path, "--report", report.to_str().unwrap()],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    let report = String::from_utf8(read(&report)).unwrap();
    let lines: Vec<Value> = report
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "one line per changed document");
    let line = &lines[0];
    assert_eq!(
        (&line["file"], &line["line"], &line["id"]),
        (
            &Value::from(path.as_str()),
            &Value::from(1),
            &Value::from("doc-1")
        )
    );
    let chars: Vec<char> = text.chars().collect();
    let changes = line["replacements"].as_array().unwrap();
    assert_eq!(changes.len(), 4);
    for change in changes {
        let (start, end) = (
            change["start"].as_u64().unwrap() as usize,
            change["end"].as_u64().unwrap() as usize,
        );
        let spun: String = chars[start..end].iter().collect();
        assert_eq!(change["spun"], spun.as_str());
    }
    assert_eq!(changes[1]["spun"], "White Home");
    assert_eq!(changes[1]["original"], "White House");
    assert_eq!(changes[1]["dictionary"], "news");
    assert_eq!(changes[1]["class"], "sure");
    assert_eq!(changes[2]["class"], "ambiguous");
    assert!(
        changes[1]["source"]
            .as_str()
            .unwrap()
            .starts_with("dictionaries/news/")
    );
}

#[test]
fn diff_and_check() {
    let dir = TempDir::new().unwrap();
    let spun = write(&dir, "spun.txt", format!("Title\n\n{SPUN}").as_bytes());
    let clean = write(&dir, "clean.txt", b"Clean text.\n");
    let (code, out, err) = run(&["--check", &spun, &clean], b"");
    assert_eq!((code, out.as_slice(), err.as_str()), (1, &b""[..], ""));
    let (code, out, err) = run(&["--check", &clean], b"");
    assert_eq!((code, out.as_slice(), err.as_str()), (0, &b""[..], ""));
    let (code, out, _) = run(&["--diff", &spun, &clean], b"");
    assert_eq!(code, 0);
    let want = format!("--- {spun}\n+++ {spun}\n@@ -1,3 +1,3 @@\n Title\n \n-{SPUN}+{RESTORED}");
    assert_eq!(String::from_utf8(out).unwrap(), want);
    let records = format!("{{\"text\":\"clean\"}}\n{{\"text\":{}}}\n", quoted(SPUN));
    let (code, out, _) = run(&["--jsonl", "--diff", "-q"], records.as_bytes());
    assert_eq!(code, 0);
    let want = format!("--- <stdin>:2\n+++ <stdin>:2\n@@ -1 +1 @@\n-{SPUN}+{RESTORED}");
    assert_eq!(String::from_utf8(out).unwrap(), want);
}

#[test]
fn stats_per_input_and_in_total() {
    let dir = TempDir::new().unwrap();
    let a = write(&dir, "a.txt", SPUN.as_bytes());
    let b = write(&dir, "b.txt", b"clean");
    let missing = dir.path().join("missing.txt").display().to_string();
    let stats = dir.path().join("stats.json");
    let out = dir.path().join("out");
    let (code, _, _) = run(
        &[
            &a,
            &b,
            &missing,
            "--out-dir",
            out.to_str().unwrap(),
            "--stats",
            stats.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code, 2);
    let stats: Value = serde_json::from_slice(&read(&stats)).unwrap();
    assert_eq!(stats["inputs"], 3);
    assert_eq!(stats["failed"], 1);
    assert_eq!(stats["total"]["documents"], 2);
    assert_eq!(stats["total"]["changed"], 1);
    assert_eq!(stats["total"]["replacements"], 4);
    assert_eq!(stats["total"]["bytes_in"], SPUN.len() + 5);
    assert_eq!(stats["files"][0]["file"], a.as_str());
    assert_eq!(stats["files"][0]["replacements"], 4);
    assert_eq!(stats["files"][1]["changed"], 0);
    assert!(
        stats["files"][2]["error"]
            .as_str()
            .unwrap()
            .starts_with(&missing)
    );
    assert!(stats["seconds"].as_f64().unwrap() > 0.0);
}

#[test]
fn output_is_the_same_for_every_thread_count() {
    // Several chunks of records, spun and clean mixed, read in several blocks: two records are
    // longer than half a block and than a whole block (1 MiB), and some end in CRLF.
    let texts: Vec<String> = text_files("pairs")
        .into_iter()
        .chain(text_files("clean"))
        .map(|p| String::from_utf8(read(p)).unwrap())
        .collect();
    let all = texts.concat();
    let long = |bytes: usize| all.repeat(bytes / all.len() + 1);
    let mut input = String::new();
    for i in 0..1000 {
        let text = match i {
            300 => long(600 << 10),
            600 => long(1200 << 10),
            _ => texts[i % texts.len()].clone(),
        };
        let end = if i % 7 == 0 { "\r\n" } else { "\n" };
        input += &format!("{{\"id\":{i},\"text\":{}}}{end}", quoted(&text));
    }
    assert!(input.len() > 5 << 20, "{}", input.len());
    let (code, one, _) = run(&["--jsonl", "-j", "1"], input.as_bytes());
    assert_eq!(code, 0);
    for threads in ["2", "3"] {
        let (code, more, _) = run(&["--jsonl", "-j", threads], input.as_bytes());
        assert_eq!(code, 0);
        assert!(one == more, "the output differs with {threads} threads");
    }
    // Written to a file, where runs of records go out in one call each.
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("restored.jsonl");
    let args = ["--jsonl", "-j", "2", "-o", out.to_str().unwrap()];
    assert_eq!(run(&args, input.as_bytes()).0, 0);
    assert!(read(&out) == one, "the output written to a file differs");
    let restorer = crate::util::builtin();
    let expected: String = input
        .split_inclusive('\n')
        .map(|line| {
            let mut record: Value = serde_json::from_str(line).unwrap();
            let text = record["text"].as_str().unwrap().to_owned();
            record["text"] = Value::from(restorer.restore(&text).into_owned());
            let end = if line.ends_with("\r\n") { "\r\n" } else { "\n" };
            serde_json::to_string(&record).unwrap() + end
        })
        .collect();
    assert!(String::from_utf8(one).unwrap() == expected);
}

#[test]
fn plain_example_through_every_output() {
    let dir = TempDir::new().unwrap();
    let example = data("examples/spun-news-article.txt");
    let (_, stdout, _) = run(&[example.to_str().unwrap()], b"");
    let out = dir.path().join("restored.txt");
    let (code, _, err) = run(
        &[example.to_str().unwrap(), "-o", out.to_str().unwrap()],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(&out), stdout);
    let (code, _, err) = run(
        &[
            example.to_str().unwrap(),
            example.to_str().unwrap(),
            "-o",
            "x",
        ],
        b"",
    );
    assert_eq!(code, 2);
    assert!(err.contains("-o needs exactly one input"), "{err}");
    let (code, _, err) = run(&["-i"], b"text");
    assert_eq!(code, 2);
    assert!(err.contains("standard input cannot be written"), "{err}");
}

#[test]
fn compressed_output_is_one_valid_file_whatever_its_size() {
    let dir = TempDir::new().unwrap();
    let record = |text: &str| format!("{{\"text\":{}}}\n", quoted(text));
    let big = record(SPUN).repeat(30_000);
    assert!(big.len() > 3 << 20);
    write(&dir, "in/big.jsonl.gz", &gzip(big.as_bytes()));
    write(&dir, "in/big.jsonl.zst", &zstd(big.as_bytes()));
    write(&dir, "in/empty.jsonl.gz", &gzip(b""));
    write(&dir, "in/empty.jsonl.zst", &zstd(b""));
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    let (code, err) = restore_tree(&input, &out);
    assert_eq!(code, 0, "{err}");
    let restored = record(RESTORED).repeat(30_000);
    assert_eq!(gunzip(&read(out.join("big.jsonl.gz"))), restored.as_bytes());
    let zst = read(out.join("big.jsonl.zst"));
    assert_eq!(
        zstd::decode_all(zst.as_slice()).unwrap(),
        restored.as_bytes()
    );
    let gz = read(out.join("empty.jsonl.gz"));
    assert_eq!(
        (&gz[..2], gunzip(&gz).as_slice()),
        (&b"\x1f\x8b"[..], &b""[..])
    );
    let zst = read(out.join("empty.jsonl.zst"));
    assert_eq!(zstd::decode_all(zst.as_slice()).unwrap(), b"");
}

#[cfg(unix)]
#[test]
fn interrupting_in_place_leaves_every_file_old_or_new() {
    let dir = TempDir::new().unwrap();
    let old = format!("{{\"text\":{}}}\n", quoted(SPUN)).repeat(8000);
    let new = format!("{{\"text\":{}}}\n", quoted(RESTORED)).repeat(8000);
    let names: Vec<String> = (0..40).map(|i| format!("{i:02}.jsonl")).collect();
    for name in &names {
        write(&dir, name, old.as_bytes());
    }
    let mut child = crate::util::unspin()
        .args(["--jsonl", "-q", "-j", "1", "-i"])
        .arg(dir.path())
        .spawn()
        .unwrap();
    // Interrupt once the first file has been replaced.
    let first = dir.path().join(&names[0]);
    let started = std::time::Instant::now();
    while read(&first) == old.as_bytes() && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    let mut restored = 0;
    for name in &names {
        let bytes = read(dir.path().join(name));
        assert!(
            bytes == old.as_bytes() || bytes == new.as_bytes(),
            "{name} is half-written"
        );
        restored += usize::from(bytes == new.as_bytes());
    }
    assert!(restored >= 1);
    if restored < names.len() {
        assert_eq!(status.code(), Some(130));
    }
    assert_eq!(
        walk(dir.path()).len(),
        names.len(),
        "temporary files left behind"
    );
}
