//! The `unspin` command line: restores files, folders, JSON Lines and standard input, and
//! lists and checks dictionaries.

mod batch;
mod bench;
mod check;
mod codec;
mod dict;
mod dictionaries;
mod document;
mod eval;
mod explain;
mod inputs;
mod learn;
mod restore;
mod section;
mod sink;
mod summary;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Restore machine-synonymized ("spun") text to its original wording.
///
/// Reads each PATH (a file, a folder walked recursively, or standard input) and writes the
/// restored text to standard output, or to files with -o, --out-dir or --in-place. Text that is
/// not restored passes through byte for byte. gzip and zstd inputs are read transparently.
///
/// Exit status: 0 on success, 1 when --check finds text to restore, 2 on errors.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    restore: restore::RestoreArgs,
}

#[derive(Subcommand)]
enum Command {
    /// List or check dictionaries.
    #[command(subcommand)]
    Dict(dict::DictCommand),
    /// Measure restore throughput on generated text (or a file) on this machine.
    Bench(bench::BenchArgs),
    /// Score each document for spin: the density and strength of dictionary hits per 1,000
    /// words, and a verdict (spun, unclear, clean). Exit status: 1 when any document is spun.
    Check(check::CheckArgs),
    /// Show each change in a file, the entry that made it, and why it was allowed.
    Explain(explain::ExplainArgs),
    /// Learn candidate dictionary entries from pairs of original and spun texts.
    Learn(learn::LearnArgs),
    /// Measure a restoration against the original: the share of the distance it closes and
    /// the words it changed that were already right.
    Eval(eval::EvalArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The first Ctrl-C stops the run cleanly; a second one ends the process at once.
    let _ = ctrlc::set_handler(|| {
        if batch::INTERRUPTED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            std::process::exit(130);
        }
    });
    let ran = match &cli.command {
        None => restore::run(&cli.restore),
        Some(Command::Dict(command)) => dict::run(command),
        Some(Command::Bench(args)) => bench::run(args),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Explain(args)) => explain::run(args),
        Some(Command::Learn(args)) => learn::run(args),
        Some(Command::Eval(args)) => eval::run(args),
    };
    match ran {
        Ok(code) => code,
        // A closed pipe on standard output (`unspin explain big.txt | head`) is a normal end.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
