//! `unspin dict`: list the entries that are in force, and check dictionaries before use.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use unspin::{Dictionary, Entry, builtin, to_toml};

use crate::dictionaries::DictionaryArgs;

/// What to do with dictionaries.
#[derive(Subcommand)]
pub enum DictCommand {
    /// Print every entry in force: spun form, original, class, dictionary, context, source.
    List {
        /// The output format.
        #[arg(long, value_enum, default_value = "tsv")]
        format: Format,

        #[command(flatten)]
        dictionaries: DictionaryArgs,
    },
    /// Validate dictionary files or folders, as `--dict` would use them on top of the
    /// built-in ones. Problems: spun forms already held by an earlier dictionary (duplicates,
    /// or conflicts when the original differs), rules that can never fire, keys out of order.
    /// Notes: keys inside longer keys, which win where both match. Exit status: 0 without
    /// problems, 1 with problems, 2 when a dictionary does not load.
    Check {
        /// Dictionary files or folders.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,

        /// Do not compare with the built-in dictionaries.
        #[arg(long)]
        no_builtin: bool,
    },
}

/// How `dict list` prints entries.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// One tab-separated line per entry, with a header.
    Tsv,
    /// A dictionary file that `--dict` reads back.
    Toml,
    /// A JSON array of entries.
    Json,
}

/// Runs a `dict` command.
pub fn run(command: &DictCommand) -> Result<ExitCode> {
    match command {
        DictCommand::List {
            format,
            dictionaries,
        } => {
            let restorer = dictionaries.restorer()?;
            let entries: Vec<&Entry> = restorer.entries().collect();
            let text = match format {
                Format::Tsv => tsv(&entries),
                Format::Toml => to_toml(entries, |rules| {
                    Some(format!(
                        "{} {}:{}",
                        rules[0].dictionary, rules[0].file, rules[0].line
                    ))
                }),
                Format::Json => {
                    let rows: Vec<Row> = entries.iter().map(|e| Row::new(e)).collect();
                    serde_json::to_string_pretty(&rows)? + "\n"
                }
            };
            write_stdout(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        DictCommand::Check { paths, no_builtin } => check(paths, !no_builtin),
    }
}

/// One entry, as `dict list --format json` prints it.
#[derive(Serialize)]
struct Row<'a> {
    spun: &'a str,
    original: &'a str,
    class: &'static str,
    dictionary: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    before: &'a Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    after: &'a Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_before: &'a Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_after: &'a Vec<String>,
    source: String,
}

impl Row<'_> {
    fn new(entry: &Entry) -> Row<'_> {
        Row {
            spun: &entry.spun,
            original: &entry.original,
            class: entry.class.name(),
            dictionary: &entry.dictionary,
            before: &entry.context.before,
            after: &entry.context.after,
            not_before: &entry.context.not_before,
            not_after: &entry.context.not_after,
            source: format!("{}:{}", entry.file, entry.line),
        }
    }
}

fn tsv(entries: &[&Entry]) -> String {
    let mut out = String::from("spun\toriginal\tclass\tdictionary\tcontext\tsource\n");
    for e in entries {
        let mut context = Vec::new();
        for (name, items) in e.context.lists() {
            if !items.is_empty() {
                context.push(format!("{name}={}", items.join("|")));
            }
        }
        out += &format!(
            "{}\t{}\t{}\t{}\t{}\t{}:{}\n",
            e.spun,
            e.original,
            e.class,
            e.dictionary,
            context.join(" "),
            e.file,
            e.line
        );
    }
    out
}

/// Loads the dictionaries at `paths` and prints what a reviewer should look at.
fn check(paths: &[PathBuf], against_builtin: bool) -> Result<ExitCode> {
    let mut dictionaries = Vec::new();
    let mut broken = false;
    for path in paths {
        match Dictionary::load(path) {
            Ok(dictionary) => dictionaries.push(dictionary),
            Err(e) => {
                eprintln!("error: {e}");
                broken = true;
            }
        }
    }
    let checked: Vec<&Entry> = dictionaries.iter().flat_map(|d| d.entries()).collect();
    let builtin = if against_builtin {
        builtin::dictionaries()
    } else {
        Vec::new()
    };
    let mut problems = Vec::new();
    for dictionary in &dictionaries {
        problems.extend(
            dictionary
                .misordered()
                .into_iter()
                .map(|m| format!("order: {m}")),
        );
    }
    problems.extend(duplicates(
        &checked,
        builtin.iter().flat_map(|d| d.entries()),
    ));
    problems.extend(unreachable(&checked));
    let notes = shadowed(&checked);
    let mut out = String::new();
    for line in problems.iter().chain(&notes) {
        out += line;
        out.push('\n');
    }
    out += &format!(
        "{} in {}: {}, {}\n",
        counted(checked.len(), "entry", "entries"),
        counted(dictionaries.len(), "dictionary", "dictionaries"),
        counted(problems.len(), "problem", "problems"),
        counted(notes.len(), "note", "notes"),
    );
    write_stdout(out.as_bytes())?;
    Ok(if broken {
        ExitCode::from(2)
    } else if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The form under which two keys are the same spun form: names keep their case.
fn identity(entry: &Entry) -> String {
    let key = entry.spun.replace('\u{2019}', "'");
    if entry.is_exact() {
        key
    } else {
        key.to_lowercase()
    }
}

/// Checked spun forms that an earlier checked dictionary, or a built-in one, also holds: the
/// same original is a duplicate, another one a conflict (the earlier entry wins; a user
/// dictionary wins over the built-in ones).
fn duplicates<'a>(checked: &[&'a Entry], builtin: impl Iterator<Item = &'a Entry>) -> Vec<String> {
    let mut builtin_forms: HashMap<String, &Entry> = HashMap::new();
    for entry in builtin {
        builtin_forms.entry(identity(entry)).or_insert(entry);
    }
    let mut first: HashMap<String, &Entry> = HashMap::new();
    let mut findings = Vec::new();
    for &entry in checked {
        let key = identity(entry);
        let earlier = first
            .get(&key)
            .copied()
            .filter(|e| e.dictionary != entry.dictionary);
        let (other, wins) = match (earlier, builtin_forms.get(&key)) {
            (Some(earlier), _) => (earlier, "which wins"),
            (None, Some(&builtin)) if builtin.file != entry.file => {
                (builtin, "which this overrides")
            }
            _ => {
                first.entry(key).or_insert(entry);
                continue;
            }
        };
        let finding = if other.original == entry.original {
            format!(
                "duplicate: {}:{}: {:?} -> {:?} is also in {}:{}",
                entry.file, entry.line, entry.spun, entry.original, other.file, other.line
            )
        } else {
            format!(
                "conflict: {}:{}: {:?} -> {:?}, but {}:{} has {:?}, {wins}",
                entry.file,
                entry.line,
                entry.spun,
                entry.original,
                other.file,
                other.line,
                other.original
            )
        };
        findings.push(finding);
    }
    findings
}

/// Rules of one spun form after a rule without context: the first always fires, so they never
/// do.
fn unreachable(checked: &[&Entry]) -> Vec<String> {
    let mut findings = Vec::new();
    for pair in checked.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.spun == b.spun && a.file == b.file && a.context.is_empty() {
            findings.push(format!(
                "unreachable: {}:{}: {:?} -> {:?} follows a rule without context",
                b.file, b.line, b.spun, b.original
            ));
        }
    }
    findings
}

/// Keys whose words all sit inside a longer key: where the longer key matches, it wins.
fn shadowed(checked: &[&Entry]) -> Vec<String> {
    let words =
        |e: &Entry| -> Vec<String> { e.spun.split(' ').map(|w| w.to_lowercase()).collect() };
    let mut keys: Vec<(&Entry, Vec<String>)> = Vec::new();
    for entry in checked {
        if keys.last().is_none_or(|(last, _)| last.spun != entry.spun) {
            keys.push((entry, words(entry)));
        }
    }
    let by_first: HashMap<&str, Vec<usize>> =
        keys.iter()
            .enumerate()
            .fold(HashMap::new(), |mut map, (i, (_, words))| {
                for word in words {
                    map.entry(word.as_str()).or_default().push(i);
                }
                map
            });
    let mut findings = Vec::new();
    for (short, short_words) in &keys {
        let longer = by_first[short_words[0].as_str()]
            .iter()
            .map(|&i| &keys[i])
            .find(|(long, long_words)| {
                long_words.len() > short_words.len()
                    && long_words
                        .windows(short_words.len())
                        .any(|w| w == short_words.as_slice())
                    && long.spun != short.spun
            });
        if let Some((long, _)) = longer {
            findings.push(format!(
                "note: shadowed: {}:{}: {:?} is inside {:?} ({}:{}), which wins where it matches",
                short.file, short.line, short.spun, long.spun, long.file, long.line
            ));
        }
    }
    findings
}

/// Writes `bytes` to standard output.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    Ok(out.flush()?)
}
