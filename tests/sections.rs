//! Large plain files are restored in sections, a few at a time: the output, the report, the
//! counts and the diff are those of the whole file restored at once.

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::util::{run, text_files, write};

/// Sections larger than any test file: the whole file is one document.
const WHOLE: usize = 1 << 40;

/// Every text of `tests/data`, in turn, `copies` times.
fn corpus(copies: usize) -> String {
    let files: Vec<_> = ["clean", "pairs", "labelled", "examples"]
        .into_iter()
        .flat_map(text_files)
        .collect();
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    texts.concat().repeat(copies)
}

/// What a run gave: the output, the report, and the counts without the times.
#[derive(Debug, PartialEq)]
struct Restored {
    output: Vec<u8>,
    report: String,
    stats: Value,
}

/// Restores the file `path` with sections of `section` bytes.
fn restore(path: &Path, section: usize) -> Restored {
    let dir = path.parent().unwrap();
    let (report, stats) = (dir.join("report.jsonl"), dir.join("stats.json"));
    let section = format!("--section-bytes={section}");
    let (code, output, err) = run(
        &[
            path.to_str().unwrap(),
            &section,
            "--report",
            report.to_str().unwrap(),
            "--stats",
            stats.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    let mut stats: Value = serde_json::from_slice(&std::fs::read(&stats).unwrap()).unwrap();
    for times in ["seconds", "mb_per_s"] {
        stats.as_object_mut().unwrap().remove(times);
    }
    Restored {
        output,
        report: std::fs::read_to_string(report).unwrap(),
        stats,
    }
}

/// Restores `input` whole and in sections of each of `sizes`, and compares.
fn same_in_sections(input: &[u8], sizes: &[usize]) -> Restored {
    let dir = TempDir::new().unwrap();
    let path = std::path::PathBuf::from(write(&dir, "input.txt", input));
    let whole = restore(&path, WHOLE);
    assert_eq!(whole.stats["total"]["documents"], 1);
    assert!(whole.stats["total"]["replacements"].as_u64().unwrap() > 100);
    for &size in sizes {
        let sectioned = restore(&path, size);
        assert!(
            sectioned.output == whole.output,
            "the output differs with sections of {size} bytes"
        );
        assert_eq!(sectioned.report, whole.report, "sections of {size} bytes");
        assert_eq!(sectioned.stats, whole.stats, "sections of {size} bytes");
    }
    whole
}

#[test]
fn sections_give_the_whole_file_output() {
    let input = corpus(6);
    assert!(input.len() > 1 << 20, "{}", input.len());
    let whole = same_in_sections(input.as_bytes(), &[40_000, 300_000]);
    let restored = crate::util::builtin().restore(&input);
    assert!(whole.output == restored.as_bytes());
    assert_eq!(whole.report.lines().count(), 1);
}

#[test]
fn sections_keep_crlf_a_bom_invalid_utf8_and_a_missing_final_newline() {
    let text = corpus(3).replace('\n', "\r\n");
    let mut input = b"\xef\xbb\xbf".to_vec();
    // Invalid bytes here and there, inside words and between them.
    for (i, piece) in text.as_bytes().chunks(9973).enumerate() {
        input.extend_from_slice(piece);
        input.extend_from_slice([&b"\xff"[..], b"\xe2\x82", b" \xc3 "][i % 3]);
    }
    while input.ends_with(b"\r\n") {
        input.truncate(input.len() - 2);
    }
    let whole = same_in_sections(&input, &[50_000]);
    assert_eq!(whole.stats["total"]["invalid_utf8"], 1);
    assert!(whole.output.starts_with(b"\xef\xbb\xbf"));
}

#[test]
fn sections_of_one_long_line_are_cut_at_spaces() {
    let input = corpus(3).replace(['\n', '\r'], " ");
    same_in_sections(input.as_bytes(), &[50_000]);
}

#[test]
fn sections_of_text_without_ascii_whitespace_are_cut_between_characters() {
    // No-break spaces separate words as spaces do, and no line break or space is left to cut
    // at.
    let input = corpus(3).replace([' ', '\n', '\t', '\r'], "\u{a0}");
    same_in_sections(input.as_bytes(), &[50_000]);
}

#[test]
fn diff_of_a_sectioned_file_applies() {
    let dir = TempDir::new().unwrap();
    let input = corpus(3);
    let path = write(&dir, "input.txt", input.as_bytes());
    let restored = crate::util::builtin().restore(&input);
    for size in [WHOLE, 50_000] {
        let section = format!("--section-bytes={size}");
        let (code, diff, err) = run(&["--diff", &path, &section], b"");
        assert_eq!(code, 0, "{err}");
        let diff_file = write(&dir, "changes.diff", &diff);
        let patched = dir.path().join("patched.txt");
        let status = std::process::Command::new("patch")
            .args([
                "--quiet",
                "-o",
                patched.to_str().unwrap(),
                &path,
                &diff_file,
            ])
            .status();
        let Ok(status) = status else {
            eprintln!("skipped: `patch` is not installed");
            return;
        };
        assert!(status.success(), "sections of {size} bytes");
        let patched = std::fs::read(&patched).unwrap();
        assert!(
            patched == restored.as_bytes(),
            "sections of {size} bytes: the diff does not give the output"
        );
    }
}

#[test]
fn in_place_and_check_on_a_sectioned_file() {
    let dir = TempDir::new().unwrap();
    let spun = corpus(2);
    let clean: String = text_files("clean")
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect::<String>()
        .repeat(3);
    let spun_path = write(&dir, "spun.txt", spun.as_bytes());
    let clean_path = write(&dir, "clean.txt", clean.as_bytes());
    let section = "--section-bytes=40000";
    let (code, _, _) = run(&["--check", section, &spun_path, &clean_path], b"");
    assert_eq!(code, 1);
    let (code, _, _) = run(&["--check", section, &clean_path], b"");
    assert_eq!(code, 0);
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1 << 30);
    let file = std::fs::File::options()
        .write(true)
        .open(&clean_path)
        .unwrap();
    file.set_modified(past).unwrap();
    let (code, _, err) = run(&["-i", section, &spun_path, &clean_path], b"");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 inputs, 2 documents, 1 changed"), "{err}");
    let restored = crate::util::builtin().restore(&spun);
    assert!(std::fs::read(&spun_path).unwrap() == restored.as_bytes());
    // The clean file is not rewritten.
    let modified = Path::new(&clean_path)
        .metadata()
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(modified, past);
}

#[test]
fn a_quotation_far_away_does_not_change_a_section() {
    // A quoted match needs evidence outside quotations; a quotation of spun wording at the
    // other end of the file must not change what the section sees.
    let dir = TempDir::new().unwrap();
    let dict = write(
        &dir,
        "smiths.toml",
        b"[sure]\n\"Smiths\" = \"Smith\"\n\n[likely]\n\"Smiths' products\" = \"Smith products\"\n",
    );
    let near = "They sell 'Smiths' products.\n\n";
    let far = "\n\nHe wrote \"Smiths\" once.\n";
    let filler = "A line of plain words that matches nothing at all.\n".repeat(40_000);
    let path = write(&dir, "input.txt", format!("{near}{filler}{far}").as_bytes());
    let restored = |section: usize| {
        let section = format!("--section-bytes={section}");
        let (code, out, err) = run(&["--dict", &dict, &section, &path], b"");
        assert_eq!(code, 0, "{err}");
        out
    };
    let whole = restored(WHOLE);
    assert_eq!(restored(50_000), whole);
    let alone = run(&["--dict", &dict], near.as_bytes()).1;
    assert!(
        whole.starts_with(&alone),
        "{:?}",
        String::from_utf8_lossy(&alone)
    );
}
