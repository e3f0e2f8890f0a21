//! One document restored: a whole plain-text file or one JSON Lines record, with the report
//! line and the diff when they are asked for.

use std::borrow::Cow;
use std::ops::{Deref, Range};
use std::sync::Arc;

use serde::Serialize;
use serde_json::value::RawValue;
use unspin::jsonl::{self, FieldPath};
use unspin::{Replacement, Restorer, Score, apply};

use crate::section::{self, Part, Section, Sizes};

/// How documents are read from an input.
pub enum Mode {
    /// The whole input is one document.
    Plain,
    /// Each line is a JSON record; the field at `text` is restored, `id` names it in reports.
    Jsonl { text: FieldPath, id: FieldPath },
}

/// What restoring a document needs.
pub struct Settings<'a> {
    pub restorer: &'a Restorer,
    pub mode: Mode,
    /// Build a report line for each changed document.
    pub report: bool,
    /// Build a unified diff for each changed document.
    pub diff: bool,
    /// Score each document for spin.
    pub score: bool,
    /// How large plain files are cut into sections.
    pub sizes: Sizes,
}

/// A document and, once restored, its outcome.
pub struct Doc {
    /// The input it comes from, as messages name it.
    pub name: Arc<str>,
    /// Its line, for a record (1-based); 0 for a whole input.
    pub line: usize,
    /// Its bytes, with the line ending for a record.
    pub bytes: Bytes,
    pub outcome: Outcome,
    /// For a section of a large plain file: where it is in `bytes`, between its margins.
    pub section: Option<Box<Section>>,
}

/// Bytes of an input: a span of a block read at once, which the documents cut from it share.
pub struct Bytes {
    block: Arc<Vec<u8>>,
    span: Range<usize>,
}

impl Bytes {
    /// The bytes at `span` of `block`.
    pub fn new(block: Arc<Vec<u8>>, span: Range<usize>) -> Bytes {
        Bytes { block, span }
    }

    /// The whole block, when no other bytes share it.
    pub fn into_block(self) -> Option<Vec<u8>> {
        Arc::into_inner(self.block)
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        let span = 0..bytes.len();
        Bytes::new(Arc::new(bytes), span)
    }
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.block[self.span.clone()]
    }
}

/// What restoring a document gave.
#[derive(Default)]
pub struct Outcome {
    /// Whether it is a document (a blank line between records is not).
    pub document: bool,
    /// The restored bytes, when they differ from the input.
    pub restored: Option<Vec<u8>>,
    pub replacements: usize,
    /// It holds bytes that are not UTF-8, passed through untouched.
    pub invalid_utf8: bool,
    /// Why the record cannot be restored.
    pub error: Option<String>,
    /// The report line (without a line ending).
    pub report: Option<String>,
    /// The unified diff.
    pub diff: Option<String>,
    /// The spin score, when asked for.
    pub score: Option<Score>,
    /// What a section of a large plain file gave.
    pub part: Option<Box<Part>>,
}

/// The byte order mark, which may start a file.
pub const BOM: &str = "\u{FEFF}";

impl Doc {
    /// A document of `bytes` from the input `name`.
    pub fn new(name: Arc<str>, line: usize, bytes: Bytes) -> Doc {
        Doc {
            name,
            line,
            bytes,
            outcome: Outcome::default(),
            section: None,
        }
    }

    /// A section of a large plain file `name`: `bytes` holds it and its margins.
    pub fn section(name: Arc<str>, bytes: Bytes, section: Section) -> Doc {
        Doc {
            section: Some(Box::new(section)),
            ..Doc::new(name, 0, bytes)
        }
    }

    /// What the output holds for the document: the restored bytes, or the input's.
    pub fn output(&self) -> &[u8] {
        match (&self.outcome.restored, &self.outcome.part) {
            (Some(restored), _) => restored,
            (None, Some(part)) => &self.bytes[part.output.clone()],
            (None, None) => &self.bytes,
        }
    }

    /// Restores the document and fills its outcome.
    pub fn restore(&mut self, settings: &Settings) {
        self.outcome = match (&settings.mode, &self.section) {
            (Mode::Plain, Some(section)) => section::restore(self, section, settings),
            (Mode::Plain, None) => self.plain(settings),
            (Mode::Jsonl { text, id }, _) => {
                self.record(settings, text, id)
                    .unwrap_or_else(|error| Outcome {
                        document: true,
                        error: Some(error),
                        ..Outcome::default()
                    })
            }
        };
    }

    fn plain(&self, settings: &Settings) -> Outcome {
        let replacements = settings.restorer.find_bytes(&self.bytes);
        let mut outcome = Outcome {
            document: true,
            invalid_utf8: std::str::from_utf8(&self.bytes).is_err(),
            replacements: replacements.len(),
            ..Outcome::default()
        };
        if settings.score {
            let text = String::from_utf8_lossy(&self.bytes);
            outcome.score = Some(settings.restorer.score_of(&text, &replacements));
        }
        if replacements.is_empty() {
            return outcome;
        }
        let restored = apply(&self.bytes, &replacements).into_owned();
        if settings.report {
            let id = serde_json::value::to_raw_value(&*self.name).expect("a string serializes");
            outcome.report = Some(self.report(settings, Some(id), &self.bytes, &replacements));
        }
        if settings.diff {
            let (old, new) = (
                String::from_utf8_lossy(&self.bytes),
                String::from_utf8_lossy(&restored),
            );
            outcome.diff = Some(unified_diff(&old, &new, &self.name));
        }
        outcome.restored = Some(restored);
        outcome
    }

    fn record(
        &self,
        settings: &Settings,
        path: &FieldPath,
        id: &FieldPath,
    ) -> Result<Outcome, String> {
        let (line, ending) = split_line_ending(&self.bytes);
        let line = std::str::from_utf8(line)
            .map_err(|e| format!("not valid UTF-8 at byte {}", e.valid_up_to() + 1))?;
        let (bom, line) = match line.strip_prefix(BOM) {
            Some(rest) if self.line == 1 => (BOM, rest),
            _ => ("", line),
        };
        if line.trim_ascii().is_empty() {
            return Ok(Outcome::default());
        }
        let field = jsonl::text_field(line, path).map_err(|e| e.to_string())?;
        let replacements = settings.restorer.find(&field.text);
        let mut outcome = Outcome {
            document: true,
            replacements: replacements.len(),
            score: settings
                .score
                .then(|| settings.restorer.score_of(&field.text, &replacements)),
            ..Outcome::default()
        };
        if replacements.is_empty() {
            return Ok(outcome);
        }
        let spliced = field.splice(
            line,
            replacements
                .iter()
                .map(|r| (r.span.clone(), r.text.as_str())),
        );
        if settings.report {
            let id = jsonl::find_field(line, id).ok().flatten().map(|f| {
                let raw = &line[f.span];
                RawValue::from_string(raw.to_owned())
                    .or_else(|_| serde_json::value::to_raw_value(raw))
                    .expect("a string serializes")
            });
            outcome.report = Some(self.report(settings, id, field.text.as_bytes(), &replacements));
        }
        if settings.diff {
            let new = apply(field.text.as_bytes(), &replacements);
            let new = std::str::from_utf8(&new).expect("replacements keep text UTF-8");
            let name = format!("{}:{}", self.name, self.line);
            outcome.diff = Some(unified_diff(&field.text, new, &name));
        }
        outcome.restored = Some([bom.as_bytes(), spliced.as_bytes(), ending].concat());
        Ok(outcome)
    }

    /// The report line of the replacements in `text`, with character offsets.
    fn report(
        &self,
        settings: &Settings,
        id: Option<Box<RawValue>>,
        text: &[u8],
        replacements: &[Replacement],
    ) -> String {
        let spans = char_spans(text, replacements.iter().map(|r| r.span.clone()));
        let changes = replacements
            .iter()
            .zip(spans)
            .map(|(r, chars)| Change {
                start: chars.start,
                end: chars.end,
                what: What::new(settings, r, String::from_utf8_lossy(&text[r.span.clone()])),
            })
            .collect();
        let report = Report {
            file: &self.name,
            line: (self.line > 0).then_some(self.line),
            id,
            replacements: changes,
        };
        serde_json::to_string(&report).expect("a report serializes")
    }
}

/// The report line of a plain file `name` up to its first change: the line is written a
/// section at a time, and ends with `]}`.
pub fn report_head(name: &str) -> String {
    let id = serde_json::value::to_raw_value(name).expect("a string serializes");
    let report = Report {
        file: name,
        line: None,
        id: Some(id),
        replacements: Vec::new(),
    };
    let mut line = serde_json::to_string(&report).expect("a report serializes");
    line.truncate(line.len() - "]}".len());
    line
}

/// A change of the report without its offsets, as a JSON object.
pub fn change_json(settings: &Settings, replacement: &Replacement, spun: &str) -> String {
    let what = What::new(settings, replacement, Cow::Borrowed(spun));
    serde_json::to_string(&what).expect("a change serializes")
}

/// One line of `--report`.
#[derive(Serialize)]
struct Report<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    id: Option<Box<RawValue>>,
    replacements: Vec<Change<'a>>,
}

/// One replacement in a report, with character offsets in the input text.
#[derive(Serialize)]
struct Change<'a> {
    start: usize,
    end: usize,
    #[serde(flatten)]
    what: What<'a>,
}

/// What a replacement in a report replaced, and the entry that did it.
#[derive(Serialize)]
struct What<'a> {
    spun: Cow<'a, str>,
    original: &'a str,
    dictionary: &'a str,
    entry: &'a str,
    class: &'static str,
    source: String,
}

impl<'a> What<'a> {
    fn new(settings: &Settings<'a>, r: &'a Replacement, spun: Cow<'a, str>) -> What<'a> {
        let entry = settings.restorer.entry(r.entry);
        What {
            spun,
            original: &r.text,
            dictionary: &entry.dictionary,
            entry: &entry.spun,
            class: entry.class.name(),
            source: format!("{}:{}", entry.file, entry.line),
        }
    }
}

/// A line without its ending (`\n` or `\r\n`), and the ending.
pub fn split_line_ending(line: &[u8]) -> (&[u8], &[u8]) {
    let cut = if line.ends_with(b"\r\n") {
        line.len() - 2
    } else if line.ends_with(b"\n") {
        line.len() - 1
    } else {
        line.len()
    };
    line.split_at(cut)
}

/// Characters in `bytes`, where each invalid UTF-8 sequence counts as one (as U+FFFD does when
/// the text is decoded).
pub fn char_count(bytes: &[u8]) -> usize {
    bytes
        .utf8_chunks()
        .map(|c| c.valid().chars().count() + usize::from(!c.invalid().is_empty()))
        .sum()
}

/// `spans` (in order, without overlaps) in characters of `text`, counted as [`char_count`]
/// does.
pub fn char_spans(text: &[u8], spans: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let (mut byte, mut char) = (0, 0);
    spans
        .map(|span| {
            let start = char + char_count(&text[byte..span.start]);
            let end = start + char_count(&text[span.clone()]);
            (byte, char) = (span.end, end);
            start..end
        })
        .collect()
}

/// A unified diff of `old` and `new`, both named `name`.
fn unified_diff(old: &str, new: &str, name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}
