//! The `unspin` command line: restores files or standard input to standard output.

use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Parser;
use unspin::{Builder, Dictionary, MatcherKind, Options, Restorer, builtin};

/// Restore machine-synonymized ("spun") text to its original wording.
///
/// Reads each FILE (or standard input) and writes the restored text to standard output.
/// Text that is not restored passes through byte for byte.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Files to restore, written in turn to standard output; none, or `-`, reads standard input.
    #[arg(value_name = "FILE")]
    paths: Vec<PathBuf>,

    /// A dictionary file or folder to use on top of the built-in ones (repeatable; where two
    /// hold the same spun form, the one given first wins).
    #[arg(long = "dict", value_name = "PATH")]
    dicts: Vec<PathBuf>,

    /// Use only the dictionaries given with --dict.
    #[arg(long)]
    no_builtin: bool,

    /// Leave out the built-in dictionary of scientific tortured phrases.
    #[arg(long)]
    no_tortured: bool,

    /// Distinct sure or likely matches needed near an ambiguous entry before it fires.
    #[arg(long, value_name = "N", default_value_t = Options::default().min_evidence)]
    min_evidence: usize,

    /// How keys are found: `words` walks a trie of key tokens (fast), `aho-corasick` scans
    /// bytes with an automaton (the reference); both give the same output.
    #[arg(long, value_name = "KIND", default_value = "words", value_parser = ["words", "aho-corasick"])]
    matcher: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(2),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Restores every input; `Ok(false)` when some input could not be read.
fn run(args: &Args) -> Result<bool> {
    let restorer = restorer(args)?;
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let stdin_only = [PathBuf::from("-")];
    let paths = if args.paths.is_empty() {
        &stdin_only[..]
    } else {
        &args.paths[..]
    };
    let mut all_read = true;
    for path in paths {
        let input = match read(path) {
            Ok(input) => input,
            Err(e) => {
                out.flush()?;
                eprintln!("error: {e:#}");
                all_read = false;
                continue;
            }
        };
        out.write_all(&restorer.restore_bytes(&input))?;
    }
    out.flush()?;
    Ok(all_read)
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

fn read(path: &Path) -> Result<Vec<u8>> {
    let mut input = Vec::new();
    if path == Path::new("-") {
        io::stdin()
            .lock()
            .read_to_end(&mut input)
            .context("standard input")?;
    } else {
        input = std::fs::read(path).with_context(|| path.display().to_string())?;
    }
    Ok(input)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
