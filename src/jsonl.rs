//! JSON Lines records: find one string field of a record, decode it, and splice a restored
//! text back in, so that every other byte of the record stays as it was.
//!
//! The record is never parsed into values. A validating scanner walks it once, finds the
//! field by its path, and reports where its string literal sits; the literal is decoded with a
//! map from the decoded text back to its escapes. Keys keep their order, numbers their spelling,
//! and the text field its escapes everywhere but in the replaced words. Lone surrogate escapes
//! (`"\ud800"`), which JSON's grammar allows but Rust strings cannot hold, decode to U+FFFD for
//! matching and pass through untouched.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// A dotted path to a field of a record: `text`, or `meta.body` for a nested object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldPath {
    dotted: String,
    keys: Vec<String>,
}

impl FieldPath {
    /// Parses a dotted path; each part is one key.
    pub fn new(dotted: &str) -> FieldPath {
        FieldPath {
            dotted: dotted.to_owned(),
            keys: dotted.split('.').map(str::to_owned).collect(),
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.dotted)
    }
}

/// Why a line is not a record with the wanted field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// The line is not one valid JSON value.
    #[error("not valid JSON at column {column}: {reason}")]
    Syntax {
        /// The 1-based column, in characters.
        column: usize,
        /// What was expected or found.
        reason: &'static str,
    },
    /// The line is JSON but not an object.
    #[error("the record is {0}, not an object")]
    NotObject(&'static str),
    /// The record has no such field.
    #[error("the record has no field `{0}`")]
    Missing(String),
    /// The field holds something else than a string.
    #[error("field `{path}` is {found}, not a string")]
    NotString {
        /// The field.
        path: String,
        /// The kind of value it holds.
        found: &'static str,
    },
}

/// A field of a record: where its value sits in the line, and what kind of value it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The bytes of the value in the line (with the quotes, for a string).
    pub span: Range<usize>,
    /// `"a string"`, `"a number"`, `"an object"`, ...
    pub kind: &'static str,
}

/// Checks that `line` is one JSON object and finds the field at `path` in it: `Ok(None)` when it
/// is not there. Where a key repeats, the last one counts, as in most JSON readers.
pub fn find_field(line: &str, path: &FieldPath) -> Result<Option<Field>, RecordError> {
    let mut scanner = Scanner {
        bytes: line.as_bytes(),
        pos: 0,
        depth: 0,
    };
    scanner.whitespace();
    let first = scanner.peek();
    let mut found = None;
    scanner.value(&path.keys, &mut found)?;
    scanner.whitespace();
    if scanner.pos < line.len() {
        return Err(scanner.error("text after the record"));
    }
    if first != Some(b'{') {
        return Err(RecordError::NotObject(kind_of(first)));
    }
    Ok(found)
}

/// Finds the string field at `path` of `line` and decodes it.
pub fn text_field<'a>(line: &'a str, path: &FieldPath) -> Result<JsonText<'a>, RecordError> {
    match find_field(line, path)? {
        None => Err(RecordError::Missing(path.to_string())),
        Some(field) if field.kind != STRING => Err(RecordError::NotString {
            path: path.to_string(),
            found: field.kind,
        }),
        Some(field) => Ok(JsonText::decode(
            line,
            field.span.start + 1..field.span.end - 1,
        )),
    }
}

const STRING: &str = "a string";

fn kind_of(first: Option<u8>) -> &'static str {
    match first {
        Some(b'"') => STRING,
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 512;

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn error(&self, reason: &'static str) -> RecordError {
        let before = &self.bytes[..self.pos.min(self.bytes.len())];
        let column = before.iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
        RecordError::Syntax { column, reason }
    }

    fn whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8, reason: &'static str) -> Result<(), RecordError> {
        if self.peek() != Some(byte) {
            return Err(self.error(reason));
        }
        self.pos += 1;
        Ok(())
    }

    /// Scans one value. `path` is what is still looked for inside it (empty: nothing); the
    /// value at its end goes into `found`.
    fn value(&mut self, path: &[String], found: &mut Option<Field>) -> Result<(), RecordError> {
        match self.peek() {
            Some(b'{') => self.object(path, found),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(drop),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("the record ends early")),
        }
    }

    fn nest(&mut self) -> Result<(), RecordError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.pos += 1;
        self.whitespace();
        Ok(())
    }

    fn object(&mut self, path: &[String], found: &mut Option<Field>) -> Result<(), RecordError> {
        self.nest()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key"));
            }
            let key = self.string()?;
            self.whitespace();
            self.expect(b':', "expected ':' after a key")?;
            self.whitespace();
            let start = self.pos;
            match path.split_first() {
                Some((wanted, rest)) if key_is(&self.bytes[key], wanted) => {
                    *found = None;
                    self.value(rest, found)?;
                    if rest.is_empty() {
                        *found = Some(Field {
                            span: start..self.pos,
                            kind: kind_of(self.bytes.get(start).copied()),
                        });
                    }
                }
                _ => self.value(&[], &mut None)?,
            }
            if self.next_or_close(b'}', "expected ',' or '}'")? {
                return Ok(());
            }
        }
    }

    fn array(&mut self) -> Result<(), RecordError> {
        self.nest()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            self.value(&[], &mut None)?;
            if self.next_or_close(b']', "expected ',' or ']'")? {
                return Ok(());
            }
        }
    }

    /// After a member of an object or array: a comma, or the `close` that ends it (true).
    fn next_or_close(&mut self, close: u8, expected: &'static str) -> Result<bool, RecordError> {
        self.whitespace();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.whitespace();
                Ok(false)
            }
            Some(b) if b == close => {
                self.pos += 1;
                self.depth -= 1;
                Ok(true)
            }
            _ => Err(self.error(expected)),
        }
    }

    /// Scans a string literal; returns the range of its contents, between the quotes.
    fn string(&mut self) -> Result<Range<usize>, RecordError> {
        self.pos += 1;
        let start = self.pos;
        loop {
            self.pos += plain_run(&self.bytes[self.pos..]);
            let Some(&byte) = self.bytes.get(self.pos) else {
                return Err(self.error("unterminated string"));
            };
            match byte {
                b'"' => {
                    self.pos += 1;
                    return Ok(start..self.pos - 1);
                }
                b'\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1
                        }
                        Some(b'u') => {
                            let hex = self.bytes.get(self.pos + 1..self.pos + 5);
                            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                                return Err(self.error("bad \\u escape"));
                            }
                            self.pos += 5;
                        }
                        _ => return Err(self.error("bad escape")),
                    }
                }
                0..=0x1F => return Err(self.error("control character in a string")),
                _ => self.pos += 1,
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), RecordError> {
        if !self.bytes[self.pos..].starts_with(word) {
            return Err(self.error("expected a value"));
        }
        self.pos += word.len();
        Ok(())
    }

    fn number(&mut self) -> Result<(), RecordError> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("bad number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.some_digits()?;
        }
        Ok(())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn some_digits(&mut self) -> Result<(), RecordError> {
        let start = self.pos;
        self.digits();
        if self.pos == start {
            return Err(self.error("bad number"));
        }
        Ok(())
    }
}

/// Whether the raw contents of a key literal decode to `wanted`.
fn key_is(raw: &[u8], wanted: &str) -> bool {
    if !raw.contains(&b'\\') {
        return raw == wanted.as_bytes();
    }
    let raw = std::str::from_utf8(raw).expect("keys are slices of a str at quotes");
    JsonText::decode(raw, 0..raw.len()).text == wanted
}

/// The decoded contents of a JSON string literal, with a map back to the raw literal.
#[derive(Clone, Debug)]
pub struct JsonText<'a> {
    /// The decoded text. Borrowed from the line when the literal has no escapes.
    pub text: Cow<'a, str>,
    /// The contents of the literal in the line, between the quotes.
    pub raw: Range<usize>,
    /// Where escapes, and the plain runs after them, start: (decoded, raw) offsets, raw
    /// relative to `raw.start`.
    marks: Vec<(usize, usize)>,
}

impl<'a> JsonText<'a> {
    /// Decodes the literal contents at `raw` in `line` (which the scanner has validated).
    fn decode(line: &'a str, raw: Range<usize>) -> JsonText<'a> {
        let literal = &line[raw.clone()];
        let bytes = literal.as_bytes();
        if memchr::memchr(b'\\', bytes).is_none() {
            return JsonText {
                text: Cow::Borrowed(literal),
                raw,
                marks: Vec::new(),
            };
        }
        let mut text = String::with_capacity(literal.len());
        let mut marks = Vec::new();
        let mut pos = 0;
        while let Some(found) = memchr::memchr(b'\\', &bytes[pos..]) {
            text.push_str(&literal[pos..pos + found]);
            pos += found;
            marks.push((text.len(), pos));
            let (c, len) = match bytes[pos + 1] {
                b'b' => ('\u{8}', 2),
                b'f' => ('\u{c}', 2),
                b'n' => ('\n', 2),
                b'r' => ('\r', 2),
                b't' => ('\t', 2),
                b'u' => {
                    let unit = hex4(&bytes[pos + 2..]);
                    let low = (bytes.get(pos + 6..pos + 8) == Some(b"\\u"))
                        .then(|| hex4(&bytes[pos + 8..]))
                        .filter(|low| (0xDC00..0xE000).contains(low));
                    match (unit, low) {
                        (0xD800..0xDC00, Some(low)) => {
                            let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            (char::from_u32(c).expect("a surrogate pair is a char"), 12)
                        }
                        _ => (
                            char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER),
                            6,
                        ),
                    }
                }
                other => (char::from(other), 2),
            };
            text.push(c);
            pos += len;
            marks.push((text.len(), pos));
        }
        text.push_str(&literal[pos..]);
        JsonText {
            text: Cow::Owned(text),
            raw,
            marks,
        }
    }

    /// The offset in the line of the decoded offset `at` (a character boundary).
    pub fn to_line(&self, at: usize) -> usize {
        let i = self.marks.partition_point(|&(decoded, _)| decoded <= at);
        let (decoded, raw) = if i == 0 { (0, 0) } else { self.marks[i - 1] };
        self.raw.start + raw + (at - decoded)
    }

    /// `line` with each `(span, text)` replacement of the decoded text (in order, without
    /// overlaps) written in its place, escaped; everything else is copied as it was, but for a
    /// lone low surrogate escape that an empty replacement would join to a lone high one: it
    /// is written as U+FFFD, as it reads.
    pub fn splice<'t>(
        &self,
        line: &str,
        replacements: impl IntoIterator<Item = (Range<usize>, &'t str)>,
    ) -> String {
        let mut out = String::with_capacity(line.len() + line.len() / 8);
        // Where copying goes on, in the line and in the decoded text, and whether what is
        // written so far ends with a lone high surrogate escape.
        let (mut last, mut resume, mut high) = (0, 0, false);
        for (span, text) in replacements {
            let start = self.to_line(span.start);
            self.copy(line, last..start, resume, high, &mut out);
            if start > last {
                high = self.lone_surrogate(line, span.start, true);
            }
            escape_into(text, &mut out);
            high &= text.is_empty();
            (last, resume) = (self.to_line(span.end), span.end);
        }
        self.copy(line, last..line.len(), resume, high, &mut out);
        out
    }

    /// Appends `line[raw]`, which starts at the decoded offset `at`, to `out`; after a lone
    /// high surrogate escape, a lone low one it starts with is written as U+FFFD.
    fn copy(&self, line: &str, raw: Range<usize>, at: usize, high: bool, out: &mut String) {
        if high && !raw.is_empty() && self.lone_surrogate(line, at, false) {
            out.push(char::REPLACEMENT_CHARACTER);
            out.push_str(&line[raw.start + 6..raw.end]);
        } else {
            out.push_str(&line[raw]);
        }
    }

    /// Whether the character of the decoded text that ends at `at` (`before`) or starts there
    /// reads U+FFFD and is written as a lone surrogate escape: a high one before, a low one
    /// after.
    fn lone_surrogate(&self, line: &str, at: usize, before: bool) -> bool {
        let replaced = char::REPLACEMENT_CHARACTER;
        let (reads, raw, units) = if before {
            let raw = self.to_line(at).checked_sub(6);
            (self.text[..at].ends_with(replaced), raw, 0xD800..0xDC00)
        } else {
            let raw = Some(self.to_line(at));
            (self.text[at..].starts_with(replaced), raw, 0xDC00..0xE000)
        };
        let escape = raw.and_then(|raw| line.as_bytes().get(raw..raw + 6));
        reads
            && escape.is_some_and(|e| {
                e.starts_with(b"\\u")
                    && e[2..].iter().all(u8::is_ascii_hexdigit)
                    && units.contains(&hex4(&e[2..]))
            })
    }
}

/// How many bytes at the start of `bytes` a string literal holds as they are: bytes that are
/// not a quote, a backslash or a control character. It looks at eight bytes at a time; the
/// last few are left to the caller.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    // Sets the high bit of the first byte of `word` that is less than `n` (at most 128), and
    // of none before it; bytes after it may be marked wrongly, as the subtraction borrows from
    // there on.
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH;
    let mut run = 0;
    for eight in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        let stops = below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1)
            | below(word, 0x20);
        if stops != 0 {
            return run + stops.trailing_zeros() as usize / 8;
        }
        run += 8;
    }
    run
}

fn hex4(bytes: &[u8]) -> u32 {
    let hex = std::str::from_utf8(&bytes[..4]).expect("validated hex digits");
    u32::from_str_radix(hex, 16).expect("validated hex digits")
}

/// Appends `text` escaped for the inside of a JSON string literal.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1F}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain_run;

    #[test]
    fn plain_runs_stop_at_the_first_quote_backslash_or_control() {
        let plain = |bytes: &[u8]| {
            let stop = bytes
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            stop.unwrap_or(bytes.len() / 8 * 8)
        };
        // Every byte value at every place of three words, after plain ASCII or UTF-8 bytes,
        // alone and with a later stop that must not hide it.
        for filler in [b'a', 0xC3, 0x7F, 0xFF] {
            for byte in 0..=255u8 {
                for at in 0..24 {
                    let mut bytes = vec![filler; 24];
                    bytes[at] = byte;
                    assert_eq!(plain_run(&bytes), plain(&bytes), "{byte:#x} at {at}");
                    bytes[23] = b'"';
                    assert_eq!(plain_run(&bytes), plain(&bytes), "{byte:#x} at {at}");
                }
            }
        }
    }
}
