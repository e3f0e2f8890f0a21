//! End-to-end throughput of `unspin --jsonl` on a large JSON Lines file, with one thread and
//! with two, as the process a user runs (start-up, reading, restoring, writing); and the time
//! from process start to a restored short text, which is mostly start-up.
//!
//! Then, unless a filter names benches to run, the speed-up of two threads over one: runs with
//! one and with two threads alternate, so that a machine whose speed drifts slows both alike,
//! and the median of the ratios of the pairs is printed.
//!
//! The input is about 200 MB of records cut from the texts under `tests/data` (spun and clean,
//! in a fixed order), written once to a temporary file.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use divan::Bencher;
use divan::counter::BytesCount;

fn main() {
    divan::main();
    if !std::env::args().skip(1).any(|arg| !arg.starts_with('-')) {
        two_threads_over_one();
    }
}

/// Pairs of runs, one thread and two, for the speed-up.
const PAIRS: usize = 12;

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
    let size = input().metadata().unwrap().len() as usize;
    bencher
        .counter(BytesCount::new(size))
        .bench(|| restore_input(threads));
}

fn restore_input(threads: usize) {
    let status = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(["--jsonl", "-q", "-j", &threads.to_string()])
        .arg(input())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

/// Prints the median speed-up of two threads over one in [`PAIRS`] pairs of runs, which one
/// of the pair goes first alternating.
fn two_threads_over_one() {
    let time = |threads| {
        let started = Instant::now();
        restore_input(threads);
        started.elapsed()
    };
    let (mut one, mut two, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for pair in 0..PAIRS {
        let (a, b) = if pair % 2 == 0 {
            let a = time(1);
            (a, time(2))
        } else {
            let b = time(2);
            (time(1), b)
        };
        ratios.push(a.as_secs_f64() / b.as_secs_f64());
        one.push(a);
        two.push(b);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[(v.len() - 1) / 2] + v[v.len() / 2]) / 2.0
    };
    let seconds = |v: Vec<Duration>| median(v.iter().map(Duration::as_secs_f64).collect());
    let (low, high) = ratios
        .iter()
        .fold((f64::MAX, 0f64), |(l, h), &r| (l.min(r), h.max(r)));
    println!(
        "two threads over one, {PAIRS} pairs alternated: median {:.2} ({low:.2} to {high:.2}); \
         one thread {:.2} s, two {:.2} s (medians)",
        median(ratios),
        seconds(one),
        seconds(two),
    );
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
