//! `unspin explain`: each change in a text, the entry that made it and why it was allowed.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use unspin::{Class, Decision, Restorer};

use crate::dictionaries::DictionaryArgs;

/// What to explain.
#[derive(clap::Args)]
pub struct ExplainArgs {
    /// The file to explain; none, or `-`, reads standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Also show the matches that were held back, and why.
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub dictionaries: DictionaryArgs,
}

/// How many words of context are shown on each side of a change.
const CONTEXT_WORDS: usize = 5;

/// ANSI styles, empty when colours are off.
struct Style {
    spun: &'static str,
    original: &'static str,
    dim: &'static str,
    bold: &'static str,
    reset: &'static str,
}

impl Style {
    /// Colours on a terminal, unless `NO_COLOR` is set.
    fn detect() -> Style {
        let on = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        if on {
            Style {
                spun: "\x1b[31m",
                original: "\x1b[32m",
                dim: "\x1b[2m",
                bold: "\x1b[1m",
                reset: "\x1b[0m",
            }
        } else {
            Style {
                spun: "",
                original: "",
                dim: "",
                bold: "",
                reset: "",
            }
        }
    }
}

/// Prints the decisions about the file.
pub fn run(args: &ExplainArgs) -> Result<ExitCode> {
    let (name, text) = match args
        .file
        .as_deref()
        .filter(|p| *p != std::path::Path::new("-"))
    {
        Some(path) => (
            path.display().to_string(),
            std::fs::read_to_string(path).with_context(|| path.display().to_string())?,
        ),
        None => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text)?;
            ("<stdin>".to_owned(), text)
        }
    };
    let restorer = args.dictionaries.restorer()?;
    let decisions = restorer.explain(&text);
    let style = Style::detect();
    let mut out = std::io::stdout().lock();
    let applied = decisions.iter().filter(|d| d.applied()).count();
    for decision in decisions.iter().filter(|d| args.all || d.applied()) {
        describe(&mut out, &restorer, &text, &name, decision, &style)?;
    }
    let score = restorer.score(&text);
    writeln!(
        out,
        "{}{name}: {applied} changes, {} held back; spin score {:.1} ({} words, evidence {}), {}{}",
        style.bold,
        decisions.len() - applied,
        score.score,
        score.words,
        score.evidence,
        score.verdict,
        style.reset
    )?;
    Ok(ExitCode::SUCCESS)
}

fn describe(
    out: &mut impl Write,
    restorer: &Restorer,
    text: &str,
    name: &str,
    d: &Decision,
    s: &Style,
) -> Result<()> {
    let entry = restorer.entry(d.entry);
    let (line, column) = position(text, d.span.start);
    let spun = &text[d.span.clone()];
    let before = words_before(&text[..d.span.start]);
    let after = words_after(&text[d.span.end..]);
    match &d.text {
        Some(restored) => writeln!(
            out,
            "{}{name}:{line}:{column}{}  {before}{}{spun}{} -> {}{restored}{}{after}",
            s.bold, s.reset, s.spun, s.reset, s.original, s.reset
        )?,
        None => writeln!(
            out,
            "{}{name}:{line}:{column}{}  {before}{}{spun}{}{after}  (held back)",
            s.bold, s.reset, s.spun, s.reset
        )?,
    }
    let why = if d.needed == 0 {
        "a sure entry fires anywhere".to_owned()
    } else {
        let what = match (entry.class, d.quoted) {
            (_, true) => "distinct sure or likely entries outside quotations",
            (Class::Likely, _) => "other sure entries, or likely ones of its dictionary",
            _ => "distinct sure or likely entries",
        };
        format!("{} {what} nearby, {} needed", d.evidence, d.needed)
    };
    writeln!(
        out,
        "    {}entry {:?} -> {:?} ({}, {} {}:{}); {why}{}",
        s.dim,
        entry.spun,
        entry.original,
        entry.class,
        entry.dictionary,
        entry.file,
        entry.line,
        s.reset
    )?;
    if !d.context.is_empty() {
        let rules: Vec<String> = d
            .context
            .iter()
            .map(|(list, item)| format!("{list} {item:?}"))
            .collect();
        writeln!(out, "    {}context: {}{}", s.dim, rules.join(", "), s.reset)?;
    }
    Ok(())
}

/// The 1-based line and column (in characters) of byte `at`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let head = &text[..at];
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    (
        head.matches('\n').count() + 1,
        head[line_start..].chars().count() + 1,
    )
}

/// The last few words of `head` on its last line, with the space that ends it.
fn words_before(head: &str) -> String {
    let head = &head[head.rfind('\n').map_or(0, |i| i + 1)..];
    let words: Vec<&str> = head.split_whitespace().collect();
    let mut shown = words[words.len().saturating_sub(CONTEXT_WORDS)..].join(" ");
    if head.ends_with(char::is_whitespace) && !shown.is_empty() {
        shown.push(' ');
    }
    shown
}

/// The first few words of `tail` on its first line, with the space that starts it.
fn words_after(tail: &str) -> String {
    let tail = &tail[..tail.find('\n').unwrap_or(tail.len())];
    let shown = tail
        .split_whitespace()
        .take(CONTEXT_WORDS)
        .collect::<Vec<_>>()
        .join(" ");
    if tail.starts_with(char::is_whitespace) && !shown.is_empty() {
        format!(" {shown}")
    } else {
        shown
    }
}
