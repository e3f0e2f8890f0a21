//! The `unspin` command line: restores files, folders, JSON Lines and standard input.

mod batch;
mod codec;
mod document;
mod inputs;
mod sink;
mod summary;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::Parser;
use unspin::jsonl::FieldPath;
use unspin::{Builder, Dictionary, MatcherKind, Options, Restorer, builtin};

use crate::batch::{Batch, Output};
use crate::codec::Compression;
use crate::document::{Mode, Settings};
use crate::sink::Sink;

/// Restore machine-synonymized ("spun") text to its original wording.
///
/// Reads each PATH (a file, a folder walked recursively, or standard input) and writes the
/// restored text to standard output, or to files with -o, --out-dir or --in-place. Text that is
/// not restored passes through byte for byte. gzip and zstd inputs are read transparently.
///
/// Exit status: 0 on success, 1 when --check finds text to restore, 2 on errors.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Files or folders to restore; none, or `-`, reads standard input.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// A dictionary file or folder to use on top of the built-in ones (repeatable; where two
    /// hold the same spun form, the one given first wins).
    #[arg(long = "dict", value_name = "PATH", help_heading = "Dictionaries")]
    dicts: Vec<PathBuf>,

    /// Use only the dictionaries given with --dict.
    #[arg(long, help_heading = "Dictionaries")]
    no_builtin: bool,

    /// Leave out the built-in dictionary of scientific tortured phrases.
    #[arg(long, help_heading = "Dictionaries")]
    no_tortured: bool,

    /// Distinct sure or likely matches needed near an ambiguous entry before it fires.
    #[arg(long, value_name = "N", default_value_t = Options::default().min_evidence, help_heading = "Dictionaries")]
    min_evidence: usize,

    /// How keys are found: `words` walks a trie of key tokens (fast), `aho-corasick` scans
    /// bytes with an automaton (the reference); both give the same output.
    #[arg(long, value_name = "KIND", default_value = "words", value_parser = ["words", "aho-corasick"], help_heading = "Dictionaries")]
    matcher: String,

    /// Read JSON Lines: restore one string field of each record, keep everything else.
    #[arg(long, help_heading = "Input")]
    jsonl: bool,

    /// The field to restore, a dotted path for nested objects (`meta.body`).
    #[arg(
        long,
        value_name = "FIELD",
        default_value = "text",
        help_heading = "Input"
    )]
    text_field: String,

    /// The field that names a record in --report, a dotted path.
    #[arg(
        long,
        value_name = "FIELD",
        default_value = "id",
        help_heading = "Input"
    )]
    id_field: String,

    /// In folders, restore only files whose path below the folder matches (repeatable).
    #[arg(long = "glob", value_name = "GLOB", help_heading = "Input")]
    globs: Vec<String>,

    /// Write the output to FILE (one input only).
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    output: Option<PathBuf>,

    /// Write each input to DIR, mirroring the input tree.
    #[arg(
        long,
        value_name = "DIR",
        conflicts_with = "output",
        help_heading = "Output"
    )]
    out_dir: Option<PathBuf>,

    /// Restore files where they are: each changed file is replaced atomically.
    #[arg(short, long, conflicts_with_all = ["output", "out_dir"], help_heading = "Output")]
    in_place: bool,

    /// Compress the output so; by default files keep their input's compression and standard
    /// output is not compressed.
    #[arg(long, value_name = "FORMAT", help_heading = "Output")]
    compress: Option<Compression>,

    /// Print a unified diff of each change instead of the output.
    #[arg(long, conflicts_with_all = ["output", "out_dir", "in_place"], help_heading = "Output")]
    diff: bool,

    /// Print nothing; exit with 1 if any document would change, 0 if none would.
    #[arg(long, conflicts_with_all = ["output", "out_dir", "in_place", "diff"], help_heading = "Output")]
    check: bool,

    /// Write one JSON line per changed document, with each replacement, to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    report: Option<PathBuf>,

    /// Write the counts of the run, per input and in total, as JSON to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    stats: Option<PathBuf>,

    /// Threads that restore documents (default: one per core).
    #[arg(short = 'j', long, value_name = "N", help_heading = "Batch")]
    threads: Option<usize>,

    /// Pass records that cannot be restored (bad JSON, no text field) through unchanged,
    /// count and list them, rather than stop at the first.
    #[arg(long, help_heading = "Batch")]
    keep_going: bool,

    /// No progress bar and no summary.
    #[arg(short, long, help_heading = "Batch")]
    quiet: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    // The first Ctrl-C stops the run cleanly; a second one ends the process at once.
    let _ = ctrlc::set_handler(|| {
        if batch::INTERRUPTED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            std::process::exit(130);
        }
    });
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<ExitCode> {
    let output = output(args);
    let restorer = restorer(args)?;
    let skip = match &args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
            Some(
                dir.canonicalize()
                    .with_context(|| dir.display().to_string())?,
            )
        }
        None => None,
    };
    let (inputs, missing) = inputs::collect(&args.paths, &args.globs, skip.as_deref())?;
    for e in &missing {
        eprintln!("error: {e:#}");
    }
    let walked = inputs.iter().any(|i| i.walked);
    let stdin = inputs.iter().any(|i| i.path.is_none());
    match &output {
        Output::File(_) if inputs.len() != 1 => {
            bail!("-o needs exactly one input, not {}", inputs.len())
        }
        Output::Dir(_) | Output::InPlace if stdin => {
            bail!("standard input cannot be written to a folder or in place; use -o or redirect")
        }
        _ => {}
    }
    let quiet = args.quiet || matches!(output, Output::Check);
    let mode = if args.jsonl {
        Mode::Jsonl {
            text: FieldPath::new(&args.text_field),
            id: FieldPath::new(&args.id_field),
        }
    } else {
        Mode::Plain
    };
    let batch_run =
        args.jsonl || walked || !matches!(output, Output::Stdout | Output::Diff | Output::Check);
    let batch = Batch {
        settings: Settings {
            restorer: &restorer,
            mode,
            report: args.report.is_some(),
            diff: matches!(output, Output::Diff),
        },
        inputs,
        output,
        compress: args.compress,
        keep_going: args.keep_going,
        threads: args.threads.unwrap_or(0),
        report: args.report.clone(),
        progress: !quiet && std::io::stderr().is_terminal(),
    };
    let ended = batch.run()?;
    let summary = ended.summary;
    if let Some(path) = &args.stats {
        let mut sink = Sink::file(path, None)?;
        serde_json::to_writer_pretty(&mut sink, &summary)?;
        std::io::Write::write_all(&mut sink, b"\n")?;
        sink.commit().with_context(|| path.display().to_string())?;
    }
    if !quiet && batch_run {
        eprint!("{}", summary.text());
    }
    if ended.interrupted {
        eprintln!("unspin: interrupted; every output file is complete or absent");
        return Ok(ExitCode::from(130));
    }
    Ok(
        if ended.stopped || summary.failed > 0 || !missing.is_empty() {
            ExitCode::from(2)
        } else if matches!(batch.output, Output::Check) && summary.total.changed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    )
}

fn output(args: &Args) -> Output {
    if args.check {
        Output::Check
    } else if args.diff {
        Output::Diff
    } else if args.in_place {
        Output::InPlace
    } else if let Some(dir) = &args.out_dir {
        Output::Dir(dir.clone())
    } else if let Some(file) = &args.output {
        Output::File(file.clone())
    } else {
        Output::Stdout
    }
}

fn restorer(args: &Args) -> Result<Restorer> {
    let mut builder = Builder::new().options(Options {
        min_evidence: args.min_evidence,
        matcher: match args.matcher.as_str() {
            "aho-corasick" => MatcherKind::AhoCorasick,
            _ => MatcherKind::Words,
        },
        ..Options::default()
    });
    for path in &args.dicts {
        builder = builder.dictionary(Dictionary::load(path)?);
    }
    if !args.no_builtin {
        for dictionary in builtin::dictionaries() {
            if !(args.no_tortured && dictionary.name() == "tortured") {
                builder = builder.dictionary(dictionary);
            }
        }
    }
    Ok(builder.build()?)
}
