//! What a run did: counts per input and in total, printed at the end and written as JSON.

use std::time::Duration;

use serde::Serialize;
use unspin::{Score, Verdict};

/// Counts for one input or for the whole run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    /// Documents read: whole files, or records.
    pub documents: u64,
    /// Documents that changed.
    pub changed: u64,
    /// Replacements made.
    pub replacements: u64,
    /// Records passed through unchanged because they could not be restored (`--keep-going`).
    pub bad_records: u64,
    /// Documents holding bytes that are not UTF-8, passed through untouched.
    pub invalid_utf8: u64,
    /// Bytes read, after decompression.
    pub bytes_in: u64,
    /// Bytes written, before compression.
    pub bytes_out: u64,
    /// Documents by spin verdict, with `--stats`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spin: Option<Verdicts>,
}

/// How many documents the spin score judged spun, unclear and clean.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Verdicts {
    pub spun: u64,
    pub unclear: u64,
    pub clean: u64,
}

impl Verdicts {
    fn add(&mut self, other: &Verdicts) {
        self.spun += other.spun;
        self.unclear += other.unclear;
        self.clean += other.clean;
    }
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.documents += other.documents;
        self.changed += other.changed;
        self.replacements += other.replacements;
        self.bad_records += other.bad_records;
        self.invalid_utf8 += other.invalid_utf8;
        self.bytes_in += other.bytes_in;
        self.bytes_out += other.bytes_out;
        if let Some(other) = &other.spin {
            self.spin.get_or_insert_default().add(other);
        }
    }

    /// Counts the verdict of one scored document.
    pub fn verdict(&mut self, score: &Score) {
        let verdicts = self.spin.get_or_insert_default();
        match score.verdict {
            Verdict::Spun => verdicts.spun += 1,
            Verdict::Unclear => verdicts.unclear += 1,
            Verdict::Clean => verdicts.clean += 1,
        }
    }
}

/// One input's part of the run.
#[derive(Clone, Debug, Serialize)]
pub struct InputSummary {
    pub file: String,
    /// The compression it was read in.
    pub compression: String,
    #[serde(flatten)]
    pub counts: Counts,
    /// The spin score of a plain-text input (one document), with `--stats`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
    /// Why it was skipped (a binary file found in a directory).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// Why it failed; its output, if any was to be written to a file, was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A record passed through unchanged, and why.
#[derive(Clone, Debug, Serialize)]
pub struct BadRecord {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

/// How many bad records the summary lists.
pub const LISTED_BAD_RECORDS: usize = 10;

/// The whole run.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub total: Counts,
    pub inputs: usize,
    pub failed: usize,
    pub skipped: usize,
    pub seconds: f64,
    /// Megabytes (10^6 bytes) read per second, after decompression.
    pub mb_per_s: f64,
    /// The first bad records.
    pub bad_records: Vec<BadRecord>,
    pub files: Vec<InputSummary>,
}

impl Summary {
    /// Adds the part of one input.
    pub fn push(&mut self, input: InputSummary) {
        self.total.add(&input.counts);
        self.inputs += 1;
        self.failed += usize::from(input.error.is_some());
        self.skipped += usize::from(input.skipped.is_some());
        self.files.push(input);
    }

    /// Notes a bad record, listing it if it is among the first.
    pub fn bad_record(&mut self, record: BadRecord) {
        if self.bad_records.len() < LISTED_BAD_RECORDS {
            self.bad_records.push(record);
        }
    }

    /// Records the time the run took.
    pub fn finish(&mut self, elapsed: Duration) {
        self.seconds = elapsed.as_secs_f64();
        self.mb_per_s = if self.seconds > 0.0 {
            self.total.bytes_in as f64 / 1e6 / self.seconds
        } else {
            0.0
        };
    }

    /// The summary for people, a few lines.
    pub fn text(&self) -> String {
        let t = &self.total;
        let mut text = format!(
            "unspin: {} {}, {} {}, {} changed, {} {}; {:.1} MB in {:.2} s ({:.1} MB/s)\n",
            self.inputs,
            plural(self.inputs as u64, "input", "inputs"),
            t.documents,
            plural(t.documents, "document", "documents"),
            t.changed,
            t.replacements,
            plural(t.replacements, "replacement", "replacements"),
            t.bytes_in as f64 / 1e6,
            self.seconds,
            self.mb_per_s,
        );
        if t.bad_records > 0 {
            text += &format!(
                "  {} bad {} passed through unchanged:\n",
                t.bad_records,
                plural(t.bad_records, "record", "records")
            );
            for r in &self.bad_records {
                text += &format!("    {}:{}: {}\n", r.file, r.line, r.reason);
            }
            if t.bad_records > self.bad_records.len() as u64 {
                text += "    ...\n";
            }
        }
        if t.invalid_utf8 > 0 {
            text += &format!(
                "  {} {} not valid UTF-8: the invalid bytes passed through untouched\n",
                t.invalid_utf8,
                plural(t.invalid_utf8, "document is", "documents are")
            );
        }
        if self.skipped > 0 {
            text += &format!(
                "  {} binary {} skipped\n",
                self.skipped,
                plural(self.skipped as u64, "file", "files")
            );
        }
        if self.failed > 0 {
            text += &format!(
                "  {} {} failed\n",
                self.failed,
                plural(self.failed as u64, "input", "inputs")
            );
        }
        text
    }
}

fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
