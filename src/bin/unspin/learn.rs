//! `unspin learn`: candidate dictionary entries from pairs of original and spun texts.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use unspin::learn::Learner;

use crate::dict::write_stdout;
use crate::dictionaries::DictionaryArgs;

/// The pairs to learn from.
#[derive(clap::Args)]
pub struct LearnArgs {
    /// An original text (repeatable; the n-th goes with the n-th --spun).
    #[arg(long, value_name = "FILE", required = true)]
    pub original: Vec<PathBuf>,

    /// The spun text made from the original given in the same place.
    #[arg(long, value_name = "FILE", required = true)]
    pub spun: Vec<PathBuf>,

    /// Write the dictionary to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub dictionaries: DictionaryArgs,
}

/// Aligns each pair and writes what was learned as a dictionary file.
pub fn run(args: &LearnArgs) -> Result<ExitCode> {
    if args.original.len() != args.spun.len() {
        bail!(
            "{} --original but {} --spun: give them in pairs",
            args.original.len(),
            args.spun.len()
        );
    }
    let read =
        |path: &PathBuf| std::fs::read_to_string(path).with_context(|| path.display().to_string());
    let mut learner = Learner::new();
    for (original, spun) in args.original.iter().zip(&args.spun) {
        learner.add(&read(original)?, &read(spun)?);
    }
    let known = args.dictionaries.restorer()?;
    let text = learner.to_toml(Some(&known));
    match &args.output {
        Some(path) => std::fs::write(path, text).with_context(|| path.display().to_string())?,
        None => write_stdout(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
