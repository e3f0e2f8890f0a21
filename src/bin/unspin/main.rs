//! The `unspin` command line: restores files, folders, JSON Lines and standard input, and
//! lists and checks dictionaries.

mod batch;
mod bench;
mod codec;
mod dict;
mod dictionaries;
mod document;
mod inputs;
mod restore;
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
    };
    match ran {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
