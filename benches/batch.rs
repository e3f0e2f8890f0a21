//! End-to-end throughput of `unspin --jsonl` on a large JSON Lines file, with one thread and
//! with two, as the process a user runs (start-up, reading, restoring, writing); and the time
//! from process start to a restored short text, which is mostly start-up.
//!
//! The input is about 200 MB of records cut from the texts under `tests/data` (spun and clean,
//! in a fixed order), written once to a temporary file.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::BytesCount;

fn main() {
    divan::main();
}

/// Bytes of records in the input.
const SIZE: usize = 200_000_000;

/// The input file, written on first use.
fn input() -> &'static Path {
    static INPUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = INPUT.get_or_init(|| {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("records.jsonl");
        std::fs::write(&path, records()).unwrap();
        (dir, path)
    });
    path
}

/// Records of the texts under `tests/data`, one after the other until [`SIZE`].
fn records() -> String {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut texts = Vec::new();
    for folder in ["clean", "pairs", "examples"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(data.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        texts.extend(files.iter().map(|p| std::fs::read_to_string(p).unwrap()));
    }
    let mut records = String::with_capacity(SIZE + (64 << 10));
    for id in 0.. {
        if records.len() >= SIZE {
            break;
        }
        let text = serde_json::to_string(&texts[id % texts.len()]).unwrap();
        records +=
            &format!("{{\"id\":{id},\"url\":\"https://example.com/{id}\",\"text\":{text}}}\n");
    }
    records
}

/// Runs `unspin --jsonl -j THREADS` over the input, output to nowhere.
#[divan::bench(args = [1, 2], sample_count = 5, sample_size = 1)]
fn jsonl_end_to_end(bencher: Bencher, threads: usize) {
    let input = input();
    let size = input.metadata().unwrap().len() as usize;
    bencher.counter(BytesCount::new(size)).bench(|| {
        let status = Command::new(env!("CARGO_BIN_EXE_unspin"))
            .args(["--jsonl", "-q", "-j", &threads.to_string()])
            .arg(input)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    });
}

/// Runs `unspin` on one sentence from standard input: the whole process, from start to exit.
#[divan::bench(sample_count = 50, sample_size = 1)]
fn start_up_and_one_sentence() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let sentence = b"Based on folks accustomed to the matter, the Wall Road Journal said.\n";
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), sentence).unwrap();
    assert!(child.wait().unwrap().success());
}
