//! Large plain files, restored in sections so that memory does not grow with a file's size.
//!
//! A plain file larger than [`Sizes::whole`] is cut into sections of about
//! [`SECTION_BYTES`], at line breaks. Each section is restored together with a margin of the
//! file on both sides, four evidence windows wide and cut at blank lines, and keeps the
//! replacements that start inside it. The restorer decides locally: evidence counts within a
//! window around a match, a quotation is checked on its line, context words stand next to a
//! match, and a match spans a few words and never a blank line. So the scan of a margin that
//! starts after a blank line runs in step with the scan of the whole file, every decision
//! inside the section sees what it would see in the whole file, and the sections together
//! give the output of the file restored at once. Where no blank line lies within a margin's
//! reach, the margin is cut at a line break, then at a space, then between characters; its
//! scan then may differ from the whole file's for the first few words, far from the section.

use std::collections::HashSet;
use std::io::{self, Write};
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unspin::{Replacement, apply};

use crate::document::{self, Doc, Outcome, Settings};

/// Plain files are cut into sections of about this many bytes.
pub const SECTION_BYTES: usize = 1 << 20;
/// The margin on each side of a section, in evidence windows: two windows cover the evidence
/// of a match and the window of the spin score, the others leave room for the cut.
const MARGIN_WINDOWS: usize = 4;
/// Bytes past a cut that the reader holds for the end of a blank line or a character.
const SLACK: usize = 4096;

/// The sizes sections are cut to.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// About how long a section is.
    pub section: usize,
    /// The least margin of context on each side of a section.
    pub margin: usize,
}

impl Sizes {
    /// Sections of about `section` bytes, for a restorer whose evidence window is `window`.
    pub fn new(section: usize, window: usize) -> Sizes {
        Sizes {
            section: section.max(1),
            margin: MARGIN_WINDOWS * window.max(1),
        }
    }

    /// A file up to this size is one document; the last section takes a short remainder.
    pub fn whole(self) -> usize {
        self.section + self.section / 2
    }

    /// Bytes from a section's start that cutting it and its margin needs, unless the file
    /// ends first.
    pub fn lookahead(self) -> usize {
        self.whole() + 2 * self.margin + SLACK
    }

    /// Bytes before a section's start that its margin may reach.
    pub fn lookbehind(self) -> usize {
        2 * self.margin
    }

    /// How far past a cut a section may end to keep a replacement, and whole lines, in one
    /// section: well inside the margins, where both sections see the same replacements.
    fn reach(self) -> usize {
        self.margin / MARGIN_WINDOWS
    }
}

/// Where a section of a large plain file is.
#[derive(Clone, Debug)]
pub struct Section {
    /// The section in the document's bytes; around it is the margin.
    pub range: Range<usize>,
    /// It is the first of its file.
    pub first: bool,
    /// It is the last of its file.
    pub last: bool,
}

/// Where the section of `text` from `start` ends: at `text`'s end when the file ends within
/// [`Sizes::whole`]; else after the first line break (or space, or character) past
/// [`Sizes::section`]. `text` holds [`Sizes::lookahead`] bytes from `start`, or the file
/// ends (`eof`).
pub fn end(text: &[u8], start: usize, sizes: Sizes, eof: bool) -> usize {
    if eof && text.len() - start <= sizes.whole() {
        return text.len();
    }
    let at = start + sizes.section;
    cut_forward(text, at, (at + sizes.section / 2).min(text.len()))
}

/// Where the margin before the section from `start` begins: at the file's start when it is
/// near (`file_start` says whether `text` starts there), else after the last blank line at
/// least [`Sizes::margin`] before the section and at most twice that.
pub fn margin_start(text: &[u8], start: usize, sizes: Sizes, file_start: bool) -> usize {
    if file_start && start <= sizes.lookbehind() {
        return 0;
    }
    let hi = start - sizes.margin;
    let lo = start - sizes.lookbehind();
    let paragraph = (lo..hi)
        .rev()
        .filter(|&i| text[i] == b'\n')
        .find_map(|i| paragraph_end(text, i).filter(|&end| end <= hi));
    paragraph
        .or_else(|| after_last(text, lo..hi, |b| b == b'\n'))
        .or_else(|| after_last(text, lo..hi, |b| b == b' ' || b == b'\t'))
        .unwrap_or_else(|| {
            let mut at = hi;
            while at > lo && is_continuation(text[at]) {
                at -= 1;
            }
            at
        })
}

/// Where the margin after the section that ends at `end` ends: at the file's end when it is
/// near, else after the first blank line at least [`Sizes::margin`] past the section.
pub fn margin_end(text: &[u8], end: usize, sizes: Sizes, eof: bool) -> usize {
    let lo = end + sizes.margin;
    let hi = (end + sizes.lookbehind()).min(text.len());
    if eof && hi == text.len() {
        return text.len();
    }
    (lo..hi)
        .filter(|&i| text[i] == b'\n')
        .find_map(|i| paragraph_end(text, i))
        .unwrap_or_else(|| cut_forward(text, lo, hi))
}

/// If the line break at `i` starts a run of whitespace that holds another line break (a blank
/// line, which no match spans), where the run ends.
fn paragraph_end(text: &[u8], i: usize) -> Option<usize> {
    let blank = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c');
    let next = i + 1 + text[i + 1..].iter().take_while(|b| blank(b)).count();
    if text.get(next) != Some(&b'\n') {
        return None;
    }
    Some(
        next + text[next..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace() || blank(b))
            .count(),
    )
}

/// The first cut in `from..to`: after a line break, else after a space or tab, else at the
/// first word boundary (Unicode UAX #29: other spaces, or between ideographs), else before
/// the first byte at or after `from` that starts a character (or an invalid sequence).
fn cut_forward(text: &[u8], from: usize, to: usize) -> usize {
    let after = |found: Option<usize>| found.map(|i| from + i + 1);
    let stretch = &text[from.min(to)..to];
    let mut at = from.min(text.len());
    while at < text.len() && is_continuation(text[at]) {
        at += 1;
    }
    after(stretch.iter().position(|&b| b == b'\n'))
        .or_else(|| after(stretch.iter().position(|&b| b == b' ' || b == b'\t')))
        .or_else(|| {
            let rest = &text[at..to.max(at)];
            let valid = match std::str::from_utf8(rest) {
                Ok(valid) => valid,
                Err(e) => std::str::from_utf8(&rest[..e.valid_up_to()]).expect("valid"),
            };
            let first = valid.split_word_bounds().next()?;
            (first.len() < valid.len()).then(|| at + first.len())
        })
        .unwrap_or(at)
}

/// Where the last byte in `range` that `is` accepts ends.
fn after_last(text: &[u8], range: Range<usize>, is: impl Fn(u8) -> bool) -> Option<usize> {
    let start = range.start;
    text[range]
        .iter()
        .rposition(|&b| is(b))
        .map(|i| start + i + 1)
}

/// A UTF-8 continuation byte: no character starts there.
fn is_continuation(byte: u8) -> bool {
    byte & 0xc0 == 0x80
}

/// What restoring a section gave, beyond what any document gives.
#[derive(Debug, Default)]
pub struct Part {
    /// The bytes of the document whose output the section gives: the section, moved past
    /// replacements that straddle its cuts.
    pub output: Range<usize>,
    /// Characters in the section, for the offsets of the report.
    chars: usize,
    /// Words in the section, the entries of its replacements, and the evidence around it,
    /// for the spin score.
    words: usize,
    entries: Vec<usize>,
    evidence: usize,
    /// The changes of the report, each with its characters from the section's start and the
    /// rest of its JSON object.
    changes: Vec<(Range<usize>, String)>,
    /// The lines of the section for the diff, changed or not; those that no hunk can show
    /// are skipped.
    lines: Vec<Line>,
}

/// A line of a section for the diff.
#[derive(Debug)]
enum Line {
    Same(String),
    Removed(String),
    Added(String),
    /// This many unchanged lines that no hunk shows.
    Skipped(usize),
}

/// Lines of context around each change in a diff.
const CONTEXT: usize = 3;

/// Restores the section of `doc`.
pub fn restore(doc: &Doc, section: &Section, settings: &Settings) -> Outcome {
    let bytes = &doc.bytes;
    let restorer = settings.restorer;
    let found = restorer.find_bytes(bytes);
    let reach = settings.sizes.reach();
    let start = match section.first {
        true => section.range.start,
        false => settle(bytes, &found, section.range.start, reach),
    };
    let end = match section.last {
        true => bytes.len(),
        false => settle(bytes, &found, section.range.end, reach),
    };
    let kept: Vec<Replacement> = found
        .iter()
        .filter(|r| (start..end).contains(&r.span.start))
        .map(|r| Replacement {
            span: r.span.start - start..r.span.end - start,
            ..r.clone()
        })
        .collect();
    let input = &bytes[start..end];
    let own = &bytes[section.range.clone()];
    let mut part = Part {
        output: start..end,
        ..Part::default()
    };
    if settings.score {
        let text = String::from_utf8_lossy(bytes);
        part.words = unspin::word_count(&String::from_utf8_lossy(own));
        part.entries = kept.iter().map(|r| r.entry).collect();
        part.evidence = restorer.evidence(&text);
    }
    let restored = (!kept.is_empty()).then(|| apply(input, &kept).into_owned());
    if settings.report {
        part.chars = document::char_count(own);
        // Offsets count from the section's start, which the output may have moved past.
        let from = &bytes[section.range.start..];
        let shift = start - section.range.start;
        let spans = kept
            .iter()
            .map(|r| r.span.start + shift..r.span.end + shift);
        part.changes = document::char_spans(from, spans)
            .into_iter()
            .zip(&kept)
            .map(|(chars, r)| {
                let spun = String::from_utf8_lossy(&input[r.span.clone()]);
                (chars, document::change_json(settings, r, &spun))
            })
            .collect();
    }
    if settings.diff {
        let new = restored.as_deref().unwrap_or(input);
        part.lines = lines(
            &String::from_utf8_lossy(input),
            &String::from_utf8_lossy(new),
        );
    }
    Outcome {
        invalid_utf8: std::str::from_utf8(own).is_err(),
        replacements: kept.len(),
        restored,
        part: Some(Box::new(part)),
        ..Outcome::default()
    }
}

/// Where a cut at `at` falls once the replacements are known: past a replacement that
/// straddles it and, if `at` starts a line, at the start of the next line, so that sections
/// keep whole lines. The sections on both sides of a cut settle it alike, from the same text
/// and replacements within `reach` of it.
fn settle(text: &[u8], found: &[Replacement], at: usize, reach: usize) -> usize {
    let line_start = text[at - 1] == b'\n';
    let limit = (at + reach).min(text.len());
    let mut cut = at;
    loop {
        let before = found.partition_point(|r| r.span.start < cut);
        let Some(straddling) = before
            .checked_sub(1)
            .map(|i| &found[i])
            .filter(|r| r.span.end > cut)
        else {
            return cut;
        };
        cut = straddling.span.end;
        if line_start && cut < limit {
            if let Some(i) = text[cut..limit].iter().position(|&b| b == b'\n') {
                cut += i + 1;
            }
        }
    }
}

/// The lines of `old` and `new` for the diff: the changed lines, and the unchanged ones
/// that may stand in a hunk (those within [`CONTEXT`] lines of a section's ends, which may
/// be next to a change in the next section).
fn lines(old: &str, new: &str) -> Vec<Line> {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut lines = Vec::new();
    for op in diff.ops() {
        let changes: Vec<_> = diff.iter_changes(op).collect();
        if let similar::DiffOp::Equal { len, .. } = *op {
            if len > 2 * CONTEXT {
                let same = |c: &similar::Change<&str>| Line::Same(c.value().to_owned());
                lines.extend(changes[..CONTEXT].iter().map(same));
                lines.push(Line::Skipped(len - 2 * CONTEXT));
                lines.extend(changes[len - CONTEXT..].iter().map(same));
                continue;
            }
        }
        lines.extend(changes.iter().map(|c| {
            let line = c.value().to_owned();
            match c.tag() {
                similar::ChangeTag::Equal => Line::Same(line),
                similar::ChangeTag::Delete => Line::Removed(line),
                similar::ChangeTag::Insert => Line::Added(line),
            }
        }));
    }
    lines
}

/// A unified diff written a section at a time: hunks hold the changes with [`CONTEXT`] lines
/// around them, and span sections where changes meet across a cut.
#[derive(Debug, Default)]
struct Diff {
    /// The file, named in the header before its first hunk.
    name: String,
    /// The header is written.
    headed: bool,
    /// Lines before and after, so far.
    old: usize,
    new: usize,
    /// The unchanged lines just before, when no hunk is open.
    before: Vec<String>,
    /// The hunk being gathered.
    hunk: Option<Hunk>,
}

/// A hunk being gathered: the lines where it starts, its lines with their tags, and how many
/// unchanged lines end it.
#[derive(Debug)]
struct Hunk {
    old: usize,
    new: usize,
    lines: Vec<(char, String)>,
    same: usize,
}

impl Diff {
    fn line(&mut self, line: &Line, out: &mut impl Write) -> io::Result<()> {
        let (tag, text) = match line {
            Line::Skipped(n) => {
                self.close(out)?;
                self.before.clear();
                self.old += n;
                self.new += n;
                return Ok(());
            }
            Line::Same(text) => (' ', text),
            Line::Removed(text) => ('-', text),
            Line::Added(text) => ('+', text),
        };
        self.old += usize::from(tag != '+');
        self.new += usize::from(tag != '-');
        if tag == ' ' {
            match &mut self.hunk {
                Some(hunk) if hunk.same < 2 * CONTEXT => {
                    hunk.lines.push((tag, text.clone()));
                    hunk.same += 1;
                }
                _ => {
                    // Too far from the last change for its hunk: context for the next one.
                    self.close(out)?;
                    self.before.push(text.clone());
                    if self.before.len() > CONTEXT {
                        self.before.remove(0);
                    }
                }
            }
            return Ok(());
        }
        let (old, new) = (
            self.old - usize::from(tag == '-'),
            self.new - usize::from(tag == '+'),
        );
        let hunk = self.hunk.get_or_insert_with(|| {
            let before = std::mem::take(&mut self.before);
            Hunk {
                old: old - before.len(),
                new: new - before.len(),
                lines: before.into_iter().map(|line| (' ', line)).collect(),
                same: 0,
            }
        });
        hunk.lines.push((tag, text.clone()));
        hunk.same = 0;
        Ok(())
    }

    /// Writes the hunk being gathered, if any, with at most [`CONTEXT`] unchanged lines at
    /// its end; the others are context for the next hunk.
    fn close(&mut self, out: &mut impl Write) -> io::Result<()> {
        let Some(Hunk {
            old,
            new,
            mut lines,
            same,
        }) = self.hunk.take()
        else {
            return Ok(());
        };
        let after = lines.split_off(lines.len() - same.saturating_sub(CONTEXT));
        self.before = after.into_iter().map(|(_, line)| line).collect();
        let count = |tag| lines.iter().filter(|(t, _)| *t != tag).count();
        let old = hunk_range(old..old + count('+'));
        let new = hunk_range(new..new + count('-'));
        if !self.headed {
            write!(out, "--- {0}\n+++ {0}\n", self.name)?;
            self.headed = true;
        }
        writeln!(out, "@@ -{old} +{new} @@")?;
        for (tag, line) in &lines {
            write!(out, "{tag}{line}")?;
            if !line.ends_with('\n') {
                write!(out, "\n\\ No newline at end of file\n")?;
            }
        }
        Ok(())
    }
}

/// The sections of one file seen so far: what is counted across them.
#[derive(Debug, Default)]
pub struct Running {
    chars: usize,
    words: usize,
    hits: usize,
    entries: HashSet<usize>,
    evidence: usize,
    pub changed: bool,
    pub invalid_utf8: bool,
    /// The report line of the file is begun and not yet ended.
    report_open: bool,
    diff: Diff,
}

impl Running {
    /// Counts a section, and writes its changes to the report and its hunks to the diff.
    pub fn add(
        &mut self,
        doc: &Doc,
        report: Option<&mut impl Write>,
        diff: &mut impl Write,
    ) -> io::Result<()> {
        let outcome = &doc.outcome;
        let part = outcome.part.as_deref().expect("a section has a part");
        self.changed |= outcome.restored.is_some();
        self.invalid_utf8 |= outcome.invalid_utf8;
        self.hits += outcome.replacements;
        self.words += part.words;
        self.entries.extend(&part.entries);
        self.evidence = self.evidence.max(part.evidence);
        if let (Some(report), false) = (report, part.changes.is_empty()) {
            for (chars, rest) in &part.changes {
                if self.report_open {
                    report.write_all(b",")?;
                } else {
                    report.write_all(document::report_head(&doc.name).as_bytes())?;
                    self.report_open = true;
                }
                let (start, end) = (self.chars + chars.start, self.chars + chars.end);
                write!(report, "{{\"start\":{start},\"end\":{end},{}", &rest[1..])?;
            }
        }
        self.chars += part.chars;
        if self.diff.name.is_empty() {
            self.diff.name = doc.name.to_string();
        }
        for line in &part.lines {
            self.diff.line(line, diff)?;
        }
        Ok(())
    }

    /// Ends the report line of the file, if one is begun, and its diff.
    pub fn end(
        &mut self,
        report: Option<&mut impl Write>,
        diff: &mut impl Write,
    ) -> io::Result<()> {
        self.diff.close(diff)?;
        match report {
            Some(report) if self.report_open => {
                self.report_open = false;
                report.write_all(b"]}\n")
            }
            _ => Ok(()),
        }
    }

    /// The spin score of the file.
    pub fn score(&self, settings: &Settings) -> Option<unspin::Score> {
        settings.score.then(|| {
            let entries = self.entries.iter().copied();
            let restorer = settings.restorer;
            restorer.score_parts(self.words, self.hits, entries, self.evidence)
        })
    }
}

/// A range of lines (0-based, end exclusive) as a unified diff hunk header writes it.
fn hunk_range(lines: Range<usize>) -> String {
    match lines.len() {
        1 => format!("{}", lines.start + 1),
        0 => format!("{},0", lines.start),
        len => format!("{},{len}", lines.start + 1),
    }
}
