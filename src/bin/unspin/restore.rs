//! Restoring: files, folders, JSON Lines and standard input, to standard output or to files.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use unspin::Restorer;
use unspin::jsonl::FieldPath;

use crate::batch::{Batch, Output};
use crate::codec::Compression;
use crate::dictionaries::DictionaryArgs;
use crate::document::{Mode, Settings};
use crate::inputs::{self, Input};
use crate::section::{SECTION_BYTES, Sizes};
use crate::sink::Sink;

/// What to restore, and where to.
#[derive(clap::Args)]
pub struct RestoreArgs {
    /// Files or folders to restore; none, or `-`, reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub dictionaries: DictionaryArgs,

    /// Read JSON Lines: restore one string field of each record, keep everything else.
    #[arg(long, help_heading = "Input")]
    pub jsonl: bool,

    /// The field to restore, a dotted path for nested objects (`meta.body`).
    #[arg(
        long,
        value_name = "FIELD",
        default_value = "text",
        help_heading = "Input"
    )]
    pub text_field: String,

    /// The field that names a record in --report, a dotted path.
    #[arg(
        long,
        value_name = "FIELD",
        default_value = "id",
        help_heading = "Input"
    )]
    pub id_field: String,

    /// In folders, restore only files whose path below the folder matches (repeatable).
    #[arg(long = "glob", value_name = "GLOB", help_heading = "Input")]
    pub globs: Vec<String>,

    /// Write the output to FILE (one input only).
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,

    /// Write each input to DIR, mirroring the input tree.
    #[arg(
        long,
        value_name = "DIR",
        conflicts_with = "output",
        help_heading = "Output"
    )]
    pub out_dir: Option<PathBuf>,

    /// Restore files where they are: each changed file is replaced atomically.
    #[arg(short, long, conflicts_with_all = ["output", "out_dir"], help_heading = "Output")]
    pub in_place: bool,

    /// Compress the output so; by default files keep their input's compression and standard
    /// output is not compressed.
    #[arg(long, value_name = "FORMAT", help_heading = "Output")]
    pub compress: Option<Compression>,

    /// Print a unified diff of each change instead of the output.
    #[arg(long, conflicts_with_all = ["output", "out_dir", "in_place"], help_heading = "Output")]
    pub diff: bool,

    /// Print nothing; exit with 1 if any document would change, 0 if none would.
    #[arg(long, conflicts_with_all = ["output", "out_dir", "in_place", "diff"], help_heading = "Output")]
    pub check: bool,

    /// Write one JSON line per changed document, with each replacement, to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub report: Option<PathBuf>,

    /// Write the counts of the run, per input and in total, as JSON to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub stats: Option<PathBuf>,

    /// Threads that restore documents (default: one per core).
    #[arg(short = 'j', long, value_name = "N", help_heading = "Batch")]
    pub threads: Option<usize>,

    /// Pass records that cannot be restored (bad JSON, no text field) through unchanged,
    /// count and list them, rather than stop at the first.
    #[arg(long, help_heading = "Batch")]
    pub keep_going: bool,

    /// No progress bar and no summary.
    #[arg(short, long, help_heading = "Batch")]
    pub quiet: bool,

    /// Cut plain files larger than about 1.5 times BYTES into sections of about BYTES (for
    /// testing: the output is the same whatever the size).
    #[arg(long, value_name = "BYTES", hide = true)]
    pub section_bytes: Option<usize>,
}

/// Restores the inputs as the arguments say.
pub fn run(args: &RestoreArgs) -> Result<ExitCode> {
    let output = output(args);
    // The restorer lives as long as the process: leaking it spares freeing every entry, one
    // allocation at a time, on the way out.
    let restorer: &'static Restorer = Box::leak(Box::new(args.dictionaries.restorer()?));
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
    let inputs = distinct_outputs(inputs, &output)?;
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
            restorer,
            mode,
            report: args.report.is_some(),
            diff: matches!(output, Output::Diff),
            score: args.stats.is_some(),
            sizes: Sizes::new(
                args.section_bytes.unwrap_or(SECTION_BYTES),
                restorer.options().window,
            ),
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

/// The inputs, each written once: a file named twice for `--in-place` is restored once (a second
/// pass would restore the restored text), and two inputs that `--out-dir` would write to one
/// file are an error.
fn distinct_outputs(inputs: Vec<Input>, output: &Output) -> Result<Vec<Input>> {
    let mut seen: HashMap<PathBuf, String> = HashMap::new();
    let mut distinct = Vec::with_capacity(inputs.len());
    for input in inputs {
        let dest = match (output, &input.path) {
            (Output::InPlace, Some(path)) => path.canonicalize().unwrap_or_else(|_| path.clone()),
            (Output::Dir(dir), Some(_)) => dir.join(&input.relative),
            _ => {
                distinct.push(input);
                continue;
            }
        };
        match seen.get(&dest) {
            Some(_) if matches!(output, Output::InPlace) => {}
            Some(first) => bail!(
                "{first} and {} would both be written to {}",
                input.name(),
                dest.display()
            ),
            None => {
                seen.insert(dest, input.name());
                distinct.push(input);
            }
        }
    }
    Ok(distinct)
}

fn output(args: &RestoreArgs) -> Output {
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
