//! `unspin check`: the spin score of each document, and a verdict.

use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use rayon::ThreadPool;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;
use unspin::jsonl::{self, FieldPath};
use unspin::{Restorer, Score, Verdict};

use crate::codec;
use crate::dictionaries::DictionaryArgs;
use crate::document::{BOM, split_line_ending};
use crate::inputs::{self, Input};

/// What to score, and how to print it.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files or folders to score; none, or `-`, reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Print one JSON object per document instead of a line of text.
    #[arg(long)]
    pub json: bool,

    /// Read JSON Lines: score one string field of each record.
    #[arg(long)]
    pub jsonl: bool,

    /// The field to score, a dotted path (`meta.body`).
    #[arg(long, value_name = "FIELD", default_value = "text")]
    pub text_field: String,

    /// The field that names a record, a dotted path.
    #[arg(long, value_name = "FIELD", default_value = "id")]
    pub id_field: String,

    /// Threads that score JSON Lines records (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// In folders, score only files whose path below the folder matches (repeatable).
    #[arg(long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,

    #[command(flatten)]
    pub dictionaries: DictionaryArgs,
}

/// One scored document, as `--json` prints it.
#[derive(Serialize)]
struct Row<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a RawValue>,
    #[serde(flatten)]
    score: Score,
}

/// Scores the documents; exit status 1 when any is judged spun, 2 on errors.
pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    let restorer = args.dictionaries.restorer()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    let (inputs, mut errors) = inputs::collect(&args.paths, &args.globs, None)?;
    let mut out = std::io::stdout().lock();
    let mut spun = false;
    for input in &inputs {
        let name = input.name();
        let scored = open(input).and_then(|mut reader| {
            score_input(args, &restorer, &pool, &name, &mut reader, &mut |row| {
                spun |= row.score.verdict == Verdict::Spun;
                print(&mut out, args.json, &row)
            })
        });
        match scored {
            Err(e) if is_broken_pipe(&e) => return Ok(ExitCode::SUCCESS),
            Err(e) => errors.push(e.context(name)),
            Ok(()) => {}
        }
    }
    for e in &errors {
        eprintln!("error: {e:#}");
    }
    Ok(if !errors.is_empty() {
        ExitCode::from(2)
    } else if spun {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Whether standard output was closed (`unspin check | head`): the run ends quietly.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// An input, decompressed as it is read.
fn open(input: &Input) -> Result<Box<dyn BufRead>> {
    let raw: Box<dyn Read> = match &input.path {
        Some(path) => Box::new(std::fs::File::open(path)?),
        None => Box::new(std::io::stdin()),
    };
    let (_, reader) = codec::decoder(raw)?;
    Ok(reader)
}

/// Scores the documents of one input, handing each row to `emit`: the whole input as one
/// document, or its records a chunk of lines at a time, scored in parallel on `pool`.
fn score_input(
    args: &CheckArgs,
    restorer: &Restorer,
    pool: &ThreadPool,
    name: &str,
    reader: &mut dyn BufRead,
    emit: &mut dyn FnMut(Row) -> Result<()>,
) -> Result<()> {
    if !args.jsonl {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        return emit(Row {
            file: name,
            line: None,
            id: None,
            score: restorer.score(&String::from_utf8_lossy(&bytes)),
        });
    }
    let paths = (
        FieldPath::new(&args.text_field),
        FieldPath::new(&args.id_field),
    );
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut first = 1;
    loop {
        let (mut read, mut bytes, mut eof) = (0, 0, false);
        while read < CHUNK_LINES && bytes < CHUNK_BYTES {
            if read == lines.len() {
                lines.push(Vec::new());
            }
            lines[read].clear();
            let n = reader.read_until(b'\n', &mut lines[read])?;
            if n == 0 {
                eof = true;
                break;
            }
            (read, bytes) = (read + 1, bytes + n);
        }
        let scored: Vec<Result<Option<Scored>>> = pool.install(|| {
            lines[..read]
                .par_iter()
                .enumerate()
                .map(|(i, line)| score_line(restorer, &paths, first + i, line))
                .collect()
        });
        for (i, scored) in scored.into_iter().enumerate() {
            if let Some((id, score)) = scored? {
                emit(Row {
                    file: name,
                    line: Some(first + i),
                    id,
                    score,
                })?;
            }
        }
        if eof {
            return Ok(());
        }
        first += read;
    }
}

/// JSON Lines are scored this many lines at a time...
const CHUNK_LINES: usize = 1024;
/// ... or this many bytes.
const CHUNK_BYTES: usize = 1 << 20;

/// A record's id, when it has one, and its score.
type Scored<'a> = (Option<&'a RawValue>, Score);

/// Scores the record on line `number`, given the paths of its text and id fields; `None` for
/// a blank line.
fn score_line<'a>(
    restorer: &Restorer,
    (text_path, id_path): &(FieldPath, FieldPath),
    number: usize,
    bytes: &'a [u8],
) -> Result<Option<Scored<'a>>> {
    let (line, _) = split_line_ending(bytes);
    let line = std::str::from_utf8(line).map_err(|e| {
        anyhow::anyhow!(
            "line {number}: not valid UTF-8 at byte {}",
            e.valid_up_to() + 1
        )
    })?;
    let line = line.strip_prefix(BOM).unwrap_or(line);
    if line.trim().is_empty() {
        return Ok(None);
    }
    let field = jsonl::text_field(line, text_path).with_context(|| format!("line {number}"))?;
    let id = jsonl::find_field(line, id_path)
        .ok()
        .flatten()
        .and_then(|f| serde_json::from_str::<&RawValue>(&line[f.span]).ok());
    Ok(Some((id, restorer.score(&field.text))))
}

fn print(out: &mut impl Write, json: bool, row: &Row) -> Result<()> {
    if json {
        serde_json::to_writer(&mut *out, row)?;
        writeln!(out)?;
        return Ok(());
    }
    let name = match (row.id, row.line) {
        (Some(id), _) => format!("{}:{}", row.file, id.get()),
        (None, Some(line)) => format!("{}:{line}", row.file),
        (None, None) => row.file.to_owned(),
    };
    let s = &row.score;
    writeln!(
        out,
        "{name}\t{:.1}\t{} words\t{} hits\t{}",
        s.score, s.words, s.hits, s.verdict
    )?;
    Ok(())
}
