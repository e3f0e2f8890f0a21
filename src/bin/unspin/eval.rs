//! `unspin eval`: how much of the way back to an original a restoration goes.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use unspin::eval::Evaluation;

use crate::dictionaries::DictionaryArgs;

/// The pair to measure.
#[derive(clap::Args)]
pub struct EvalArgs {
    /// The original text.
    #[arg(long, value_name = "FILE")]
    pub original: PathBuf,

    /// The spun text made from it.
    #[arg(long, value_name = "FILE")]
    pub spun: PathBuf,

    /// Print the numbers as JSON.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub dictionaries: DictionaryArgs,
}

/// Restores the spun text and measures it against the original.
pub fn run(args: &EvalArgs) -> Result<ExitCode> {
    let read =
        |path: &PathBuf| std::fs::read_to_string(path).with_context(|| path.display().to_string());
    let (original, spun) = (read(&args.original)?, read(&args.spun)?);
    let restorer = args.dictionaries.restorer()?;
    let restored = restorer.restore(&spun);
    let e = Evaluation::measure(&original, &spun, &restored);
    if args.json {
        let json = serde_json::json!({
            "closed": e.closure.share(),
            "spun_distance": e.closure.spun,
            "restored_distance": e.closure.restored,
            "changed": e.changed,
            "damaged": e.damaged,
        });
        println!("{json}");
    } else {
        println!(
            "closed {:.1}% of the distance to the original ({} token edits before, {} after)",
            e.closure.share() * 100.0,
            e.closure.spun,
            e.closure.restored
        );
        println!(
            "changed {} tokens, {} of them already right",
            e.changed, e.damaged
        );
    }
    Ok(ExitCode::SUCCESS)
}
