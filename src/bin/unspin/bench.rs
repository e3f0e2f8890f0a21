//! `unspin bench`: measures restore throughput on this machine, on generated or given text.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;
use serde::Serialize;
use unspin::synth::{TextGenerator, dictionary_toml};
use unspin::{Builder, Class, Dictionary, Restorer, apply};

use crate::dictionaries::DictionaryArgs;

/// How to measure.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Bytes of text to generate: a number with an optional unit (KB, MB, GB; KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", default_value = "64MB", value_parser = parse_size)]
    size: usize,

    /// Restore this text file instead of generated text; blank lines separate documents.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,

    /// Use a synthetic dictionary of N made-up phrases instead of the real dictionaries.
    #[arg(long, value_name = "N")]
    entries: Option<usize>,

    /// Threads that restore documents (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,

    /// Also write the text that is restored to FILE (to feed another tool the same input).
    #[arg(long, value_name = "FILE")]
    save_text: Option<PathBuf>,

    /// The seed of generated text and synthetic dictionaries.
    #[arg(long, default_value_t = 1)]
    seed: u64,

    /// Print the results as JSON.
    #[arg(long)]
    json: bool,

    #[command(flatten)]
    dictionaries: DictionaryArgs,
}

/// Generated documents are cut at about this many bytes.
const DOCUMENT_BYTES: usize = 4096;
/// Generated text holds a dictionary phrase about once every this many words.
const PHRASE_EVERY: usize = 25;

/// What a run measured.
#[derive(Serialize)]
struct Measured {
    entries: usize,
    build_ms: f64,
    threads: usize,
    documents: usize,
    bytes: usize,
    replacements: usize,
    seconds: f64,
    mb_per_s: f64,
    documents_per_s: f64,
    replacements_per_s: f64,
    /// The peak resident memory of the process, text included (Linux only).
    peak_memory_mb: Option<f64>,
}

/// Runs the benchmark.
pub fn run(args: &BenchArgs) -> Result<ExitCode> {
    let synthetic = args.entries.map(|n| (n, dictionary_toml(n, args.seed)));
    let started = Instant::now();
    let restorer = match &synthetic {
        Some((n, toml)) => {
            let mut dictionary = Dictionary::new(format!("synthetic-{n}"));
            dictionary.add_toml("synthetic.toml", toml)?;
            Builder::new()
                .options(args.dictionaries.options())
                .dictionary(dictionary)
                .build()?
        }
        None => args.dictionaries.restorer()?,
    };
    let build_ms = started.elapsed().as_secs_f64() * 1e3;
    let documents = match &args.input {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
            split_documents(&text)
        }
        None => generate(&restorer, args.size, args.seed),
    };
    if documents.is_empty() {
        bail!("no text to restore");
    }
    if let Some(path) = &args.save_text {
        std::fs::write(path, documents.concat()).with_context(|| path.display().to_string())?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    let timer = Instant::now();
    let replacements: usize = pool.install(|| {
        documents
            .par_iter()
            .map(|doc| {
                let found = restorer.find(doc);
                std::hint::black_box(apply(doc.as_bytes(), &found).len());
                found.len()
            })
            .sum()
    });
    let seconds = timer.elapsed().as_secs_f64();
    let bytes: usize = documents.iter().map(String::len).sum();
    let measured = Measured {
        entries: restorer.entries().len(),
        build_ms,
        threads: pool.current_num_threads(),
        documents: documents.len(),
        bytes,
        replacements,
        seconds,
        mb_per_s: bytes as f64 / 1e6 / seconds,
        documents_per_s: documents.len() as f64 / seconds,
        replacements_per_s: replacements as f64 / seconds,
        peak_memory_mb: peak_memory_mb(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&measured)?);
    } else {
        print!("{}", table(&measured));
    }
    Ok(ExitCode::SUCCESS)
}

/// Generated news-like documents with the sure phrases of the restorer's entries woven in.
fn generate(restorer: &Restorer, size: usize, seed: u64) -> Vec<String> {
    let woven: Vec<String> = restorer
        .entries()
        .filter(|e| e.class == Class::Sure)
        .map(|e| e.spun.clone())
        .collect();
    let mut generator = TextGenerator::new(seed).with_phrases(woven, PHRASE_EVERY);
    let mut documents = Vec::with_capacity(size / DOCUMENT_BYTES + 1);
    let mut total = 0;
    while total < size {
        let document = generator.document(DOCUMENT_BYTES.min(size - total));
        total += document.len();
        documents.push(document);
    }
    documents
}

/// The documents of a text: runs of lines between blank lines, gathered to about
/// [`DOCUMENT_BYTES`].
fn split_documents(text: &str) -> Vec<String> {
    let mut documents = Vec::new();
    let mut current = String::new();
    for paragraph in text.split("\n\n") {
        current.push_str(paragraph);
        current.push_str("\n\n");
        if current.len() >= DOCUMENT_BYTES {
            documents.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        documents.push(current);
    }
    documents
}

fn table(m: &Measured) -> String {
    let memory = m
        .peak_memory_mb
        .map_or_else(|| "n/a".to_owned(), |mb| format!("{mb:.0} MB"));
    let rows = [
        ("dictionary entries", m.entries.to_string()),
        ("load and build", format!("{:.1} ms", m.build_ms)),
        ("threads", m.threads.to_string()),
        (
            "text",
            format!(
                "{:.1} MB in {} documents",
                m.bytes as f64 / 1e6,
                m.documents
            ),
        ),
        ("replacements", m.replacements.to_string()),
        ("time", format!("{:.3} s", m.seconds)),
        ("throughput", format!("{:.1} MB/s", m.mb_per_s)),
        ("documents", format!("{:.0} /s", m.documents_per_s)),
        ("replacements", format!("{:.0} /s", m.replacements_per_s)),
        ("peak memory", memory),
    ];
    rows.iter()
        .map(|(name, value)| format!("{name:<20} {value}\n"))
        .collect()
}

/// The peak resident memory of this process, from `/proc/self/status`.
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1e3)
}

/// Parses a size such as `200MB`, `1.5GiB` or `4096`.
fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a size"))?;
    let scale = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return Err(format!("{text:?}: unknown unit {unit:?}")),
    };
    Ok((number * scale) as usize)
}
