//! The batch pipeline: a reader thread cuts the inputs into numbered chunks of documents,
//! worker threads restore one whole chunk at a time, and the calling thread writes the
//! outcomes in input order. A worker goes from one chunk to the next without waiting for the
//! others. Only a few chunks are in flight at once, so memory stays bounded whatever the size
//! of the inputs, and the blocks that JSON Lines are read in go back to the reader once
//! written.

use std::collections::BTreeMap;
use std::fs::{File, Permissions};
use std::io::{self, BufRead, BufWriter, IoSlice, Read, Write};
use std::num::NonZero;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Instant;

use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::codec::{self, Compression, decoder};
use crate::document::{Bytes, Doc, Mode, Settings};
use crate::inputs::Input;
use crate::section::{self, Running, Section, Sizes};
use crate::sink::Sink;
use crate::summary::{BadRecord, Counts, InputSummary, Summary};

/// Where restored documents go.
pub enum Output {
    /// Standard output, every input in turn.
    Stdout,
    /// One file.
    File(PathBuf),
    /// A folder that mirrors the inputs.
    Dir(PathBuf),
    /// Back over each input file, where it changed.
    InPlace,
    /// Nowhere: only whether anything would change.
    Check,
    /// A unified diff of each change, on standard output.
    Diff,
}

/// A batch run.
pub struct Batch<'a> {
    pub settings: Settings<'a>,
    pub inputs: Vec<Input>,
    pub output: Output,
    /// The compression of the output; `None` keeps each input's for files and writes
    /// standard output uncompressed.
    pub compress: Option<Compression>,
    /// Pass records that cannot be restored through unchanged, rather than stop.
    pub keep_going: bool,
    pub threads: usize,
    /// Where to write the report of changes.
    pub report: Option<PathBuf>,
    /// Show a progress bar on standard error.
    pub progress: bool,
}

/// Documents per chunk are cut at this many bytes...
const CHUNK_BYTES: usize = 1 << 20;
/// ... or this many documents.
const CHUNK_DOCS: usize = 4096;
/// Chunks that may be in flight (read and not yet written): this many for each worker thread,
/// and this many more.
const IN_FLIGHT: usize = 2;
/// Compressed output is cut into streams of about this many bytes, compressed in parallel.
const STREAM_BYTES: usize = 256 << 10;
/// Bytes of JSON Lines read at a time.
const BLOCK_BYTES: usize = 1 << 20;
/// Bytes of a file found in a directory that are checked for NUL, the mark of a binary file.
const BINARY_PROBE: usize = 8192;

/// Items of the inputs, numbered in input order from 0.
struct Chunk {
    number: usize,
    /// The compression of the input being read when the chunk starts.
    compression: Compression,
    items: Vec<Item>,
}

/// What flows through the pipeline, in input order.
enum Item {
    /// An input starts.
    Begin {
        input: usize,
        compression: Compression,
        permissions: Option<Permissions>,
    },
    Doc(Doc),
    /// The output of the documents just before, compressed as one stream.
    Compressed(Vec<u8>),
    /// The input ends, read whole, or not.
    End(Result<(), Failure>),
    /// The input cannot be opened.
    Failed(usize, anyhow::Error),
}

enum Failure {
    Error(anyhow::Error),
    Skipped(&'static str),
}

/// Set when the user interrupts the run (Ctrl-C): the pipeline stops at the next document and
/// drops the file being written, so that every output is either complete or absent.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// How a run ended.
pub struct Ended {
    pub summary: Summary,
    /// Whether a fatal error (a bad record) stopped the run.
    pub stopped: bool,
    /// Whether the user interrupted the run.
    pub interrupted: bool,
}

impl Batch<'_> {
    /// Runs the pipeline to the end, or to the first fatal error.
    pub fn run(&self) -> Result<Ended> {
        let started = Instant::now();
        let threads = match self.threads {
            0 => thread::available_parallelism().map_or(1, NonZero::get),
            n => n,
        };
        let in_flight = IN_FLIGHT * (threads + 1);
        let stop = AtomicBool::new(false);
        let read = Arc::new(AtomicU64::new(0));
        let bar = self.progress_bar();
        let report = match &self.report {
            Some(path) => Some(Sink::file(path, None).with_context(|| path.display().to_string())?),
            None => None,
        };
        let (chunks, chunks_in) = sync_channel::<Chunk>(in_flight);
        let (done, done_in) = sync_channel::<Chunk>(in_flight);
        // The reader takes a permit for each chunk it sends, and the writer gives it back once
        // the chunk is written.
        let (permits, permits_in) = sync_channel::<()>(in_flight);
        for _ in 0..in_flight {
            permits.send(()).expect("room for every permit");
        }
        let (spare, spare_in) = sync_channel::<Vec<u8>>(in_flight);
        let writer = Writer {
            batch: self,
            bar: &bar,
            read: &read,
            stop: &stop,
            spare,
            current: None,
            report,
            diff: BufWriter::new(io::stdout()),
            summary: Summary::default(),
            stopped: false,
            broken_pipe: false,
        };
        let gathering = Gathering::new(chunks, permits_in, spare_in);
        // The workers share the chunks; when the last of them stops, the reader does too.
        let chunks_in = Arc::new(Mutex::new(chunks_in));
        let writer = thread::scope(|scope| {
            let (stop, read) = (&stop, &read);
            scope.spawn(move || self.read_inputs(gathering, stop, read));
            for _ in 0..threads {
                let (chunks_in, done) = (Arc::clone(&chunks_in), done.clone());
                scope.spawn(move || self.restore_chunks(&chunks_in, done));
            }
            drop((chunks_in, done));
            writer.write_all(done_in, permits)
        })?;
        bar.finish_and_clear();
        let mut summary = writer.summary;
        summary.finish(started.elapsed());
        Ok(Ended {
            summary,
            stopped: writer.stopped && !writer.broken_pipe,
            interrupted: INTERRUPTED.load(Ordering::Relaxed),
        })
    }

    /// The compression of the output of an input read in `input`.
    fn output_compression(&self, input: Compression) -> Compression {
        match self.output {
            Output::Stdout => self.compress.unwrap_or(Compression::None),
            Output::File(_) | Output::Dir(_) | Output::InPlace => self.compress.unwrap_or(input),
            Output::Check | Output::Diff => Compression::None,
        }
    }

    /// Restores chunk after chunk, until there are no more or nobody takes them.
    fn restore_chunks(&self, chunks: &Mutex<Receiver<Chunk>>, done: SyncSender<Chunk>) {
        loop {
            let next = chunks.lock().expect("no worker panics").recv();
            let Ok(mut chunk) = next else {
                return;
            };
            for item in &mut chunk.items {
                if let Item::Doc(doc) = item {
                    doc.restore(&self.settings);
                }
            }
            if done.send(self.compress(chunk)).is_err() {
                return;
            }
        }
    }

    /// Compresses the restored documents of a chunk whose output is compressed, in streams of
    /// about [`STREAM_BYTES`], each put after its documents.
    fn compress(&self, chunk: Chunk) -> Chunk {
        let mut compression = self.output_compression(chunk.compression);
        let mut runs: Vec<(Range<usize>, Compression, usize)> = Vec::new();
        for (i, item) in chunk.items.iter().enumerate() {
            match item {
                Item::Begin { compression: c, .. } => compression = self.output_compression(*c),
                Item::Doc(doc) if compression != Compression::None => match runs.last_mut() {
                    Some((run, _, bytes)) if run.end == i && *bytes < STREAM_BYTES => {
                        run.end += 1;
                        *bytes += doc.bytes.len();
                    }
                    _ => runs.push((i..i + 1, compression, doc.bytes.len())),
                },
                _ => {}
            }
        }
        if runs.is_empty() {
            return chunk;
        }
        let mut streams: Vec<Vec<u8>> = runs
            .iter()
            .map(|(run, compression, _)| {
                let mut bytes = Vec::with_capacity(STREAM_BYTES + STREAM_BYTES / 4);
                for item in &chunk.items[run.clone()] {
                    if let Item::Doc(doc) = item {
                        bytes.extend_from_slice(doc.output());
                    }
                }
                codec::compress(*compression, &bytes).expect("compressing in memory succeeds")
            })
            .collect();
        let mut items = Vec::with_capacity(chunk.items.len() + runs.len());
        let mut ends = runs.iter().map(|(run, _, _)| run.end).peekable();
        for (i, item) in chunk.items.into_iter().enumerate() {
            if ends.next_if_eq(&i).is_some() {
                items.push(Item::Compressed(std::mem::take(
                    &mut streams[items.len() - i],
                )));
            }
            items.push(item);
        }
        if ends.next().is_some() {
            items.push(Item::Compressed(streams.pop().expect("one stream per run")));
        }
        Chunk { items, ..chunk }
    }

    fn progress_bar(&self) -> ProgressBar {
        if !self.progress {
            return ProgressBar::hidden();
        }
        let total = self
            .inputs
            .iter()
            .filter_map(|i| i.path.as_ref()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta} {wide_msg}",
            )
            .expect("a valid template"),
        );
        bar
    }

    /// Reads every input and sends its documents in chunks, until the end or `stop`.
    fn read_inputs(&self, mut gathering: Gathering, stop: &AtomicBool, read: &Arc<AtomicU64>) {
        let sizes = self.settings.sizes;
        for (index, input) in self.inputs.iter().enumerate() {
            if stopped(stop) {
                return;
            }
            let name: Arc<str> = input.name().into();
            let opened = open(input, read).with_context(|| name.to_string());
            let (compression, permissions, reader) = match opened {
                Ok(opened) => opened,
                Err(e) => {
                    gathering.push(Item::Failed(index, e));
                    continue;
                }
            };
            gathering.push(Item::Begin {
                input: index,
                compression,
                permissions,
            });
            let ended = match self.settings.mode {
                Mode::Plain => read_plain(reader, input.walked, &name, &mut gathering, stop, sizes),
                Mode::Jsonl { .. } => read_lines(reader, input.walked, &name, &mut gathering, stop),
            };
            let ended = ended.map_err(|e| {
                let context = match compression {
                    Compression::None => format!("{name}: cannot read"),
                    compressed => format!("{name}: cannot read the {compressed} stream"),
                };
                Failure::Error(anyhow::Error::new(e).context(context))
            });
            if !gathering.push(Item::End(ended.and_then(|r| r))) {
                return;
            }
        }
        gathering.send();
    }
}

/// The items being gathered for the next chunk, and what sending it takes.
struct Gathering {
    items: Vec<Item>,
    bytes: usize,
    /// The number of the chunk.
    number: usize,
    /// The compression of the input being read.
    compression: Compression,
    /// The compression of the input being read when the chunk started.
    started: Compression,
    out: SyncSender<Chunk>,
    /// A permit for each chunk in flight.
    permits: Receiver<()>,
    /// Blocks written out, to read into again.
    spare: Receiver<Vec<u8>>,
}

impl Gathering {
    fn new(out: SyncSender<Chunk>, permits: Receiver<()>, spare: Receiver<Vec<u8>>) -> Gathering {
        Gathering {
            items: Vec::new(),
            bytes: 0,
            number: 0,
            compression: Compression::None,
            started: Compression::None,
            out,
            permits,
            spare,
        }
    }

    /// Adds an item, sending the chunk when it is full; `false` once nobody listens.
    fn push(&mut self, item: Item) -> bool {
        match &item {
            Item::Begin { compression, .. } => self.compression = *compression,
            Item::Doc(doc) => self.bytes += doc.bytes.len(),
            _ => {}
        }
        self.items.push(item);
        if self.bytes >= CHUNK_BYTES || self.items.len() >= CHUNK_DOCS {
            return self.send();
        }
        true
    }

    /// Sends the chunk, once a permit comes; `false` once nobody listens.
    fn send(&mut self) -> bool {
        if self.items.is_empty() {
            return true;
        }
        let chunk = Chunk {
            number: self.number,
            compression: self.started,
            items: std::mem::take(&mut self.items),
        };
        self.number += 1;
        self.bytes = 0;
        self.started = self.compression;
        self.permits.recv().is_ok() && self.out.send(chunk).is_ok()
    }

    /// A block to read into, written out or new, that starts with the bytes `carried` over
    /// from the last one; and their length. The last block is no longer held here, so that it
    /// can come back once written.
    fn block(&self, carried: Option<Bytes>) -> (Vec<u8>, usize) {
        let carried = carried.as_deref().unwrap_or_default();
        let mut block = match carried.len() <= BLOCK_BYTES / 2 {
            true => self
                .spare
                .try_recv()
                .unwrap_or_else(|_| vec![0; BLOCK_BYTES]),
            false => vec![0; 2 * carried.len()],
        };
        block[..carried.len()].copy_from_slice(carried);
        (block, carried.len())
    }
}

/// Opens an input, counting the bytes read from it into `read`.
fn open<'a>(
    input: &Input,
    read: &Arc<AtomicU64>,
) -> Result<(Compression, Option<Permissions>, Box<dyn BufRead + 'a>)> {
    let (raw, permissions): (Box<dyn Read>, _) = match &input.path {
        Some(path) => {
            let file = File::open(path)?;
            let permissions = file.metadata()?.permissions();
            (Box::new(file), Some(permissions))
        }
        None => (Box::new(io::stdin().lock()), None),
    };
    let counted = Counted {
        inner: raw,
        read: Arc::clone(read),
    };
    let (compression, reader) = decoder(counted)?;
    Ok((compression, permissions, reader))
}

/// Reads a plain input: one document when it is small, else in sections with their margins
/// (see [`section`]), holding a few sections at a time; `Ok(Err(_))` when it is skipped.
fn read_plain(
    mut reader: Box<dyn BufRead + '_>,
    walked: bool,
    name: &Arc<str>,
    gathering: &mut Gathering,
    stop: &AtomicBool,
    sizes: Sizes,
) -> io::Result<Result<(), Failure>> {
    let mut bytes = Vec::new();
    let mut eof = fill(&mut reader, &mut bytes, sizes.whole() + 1)?;
    if walked && bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        return Ok(Err(Failure::Skipped("binary")));
    }
    if eof {
        gathering.push(Item::Doc(Doc::new(Arc::clone(name), 0, bytes.into())));
        return Ok(Ok(()));
    }
    // `bytes` holds the file from some offset on: from its start, or from the farthest the
    // margin of the next section may reach back.
    let mut file_start = true;
    let mut start = 0;
    loop {
        if !eof {
            let wanted = (start + sizes.lookahead()).saturating_sub(bytes.len());
            eof = fill(&mut reader, &mut bytes, wanted)?;
        }
        let end = section::end(&bytes, start, sizes, eof);
        let last = eof && end == bytes.len();
        let from = match start {
            0 if file_start => 0,
            _ => section::margin_start(&bytes, start, sizes, file_start),
        };
        let to = match last {
            true => bytes.len(),
            false => section::margin_end(&bytes, end, sizes, eof),
        };
        let section = Section {
            range: start - from..end - from,
            first: start == 0 && file_start,
            last,
        };
        let doc = Doc::section(Arc::clone(name), bytes[from..to].to_vec().into(), section);
        if !gathering.push(Item::Doc(doc)) || last || stopped(stop) {
            return Ok(Ok(()));
        }
        let keep = end.saturating_sub(sizes.lookbehind());
        if keep > 0 {
            bytes.drain(..keep);
            file_start = false;
        }
        start = end - keep;
    }
}

/// Reads up to `wanted` more bytes onto `bytes`; whether the input ended before.
fn fill(reader: &mut dyn BufRead, bytes: &mut Vec<u8>, wanted: usize) -> io::Result<bool> {
    let read = reader.take(wanted as u64).read_to_end(bytes)?;
    Ok(read < wanted)
}

/// Reads an input line by line, one document per line; `Ok(Err(_))` when it is skipped.
fn read_lines<'a>(
    reader: Box<dyn BufRead + 'a>,
    walked: bool,
    name: &Arc<str>,
    gathering: &mut Gathering,
    stop: &AtomicBool,
) -> io::Result<Result<(), Failure>> {
    let mut reader = reader;
    if walked {
        // A NUL byte is never in JSON text: a binary file, skipped as in plain mode.
        let mut head = Vec::new();
        let mut probe = reader.take(BINARY_PROBE as u64);
        probe.read_to_end(&mut head)?;
        if head.contains(&0) {
            return Ok(Err(Failure::Skipped("binary")));
        }
        reader = Box::new(io::Cursor::new(head).chain(probe.into_inner()));
    }
    // Records are read a block at a time, and each is a span of its block; a record that
    // the end of a block cuts is copied to the start of the next one.
    let mut number = 1;
    let mut rest: Option<Bytes> = None;
    loop {
        let (mut block, mut filled) = gathering.block(rest.take());
        let mut searched = filled;
        let (cut, eof) = loop {
            filled += read_into(&mut *reader, &mut block[filled..])?;
            if filled < block.len() {
                break (filled, true);
            }
            if let Some(at) = memchr::memrchr(b'\n', &block[searched..filled]) {
                break (searched + at + 1, false);
            }
            searched = filled;
            block.resize(2 * block.len(), 0);
        };
        let block = Arc::new(block);
        rest = Some(Bytes::new(Arc::clone(&block), cut..filled));
        let mut start = 0;
        while start < cut {
            if stopped(stop) {
                return Ok(Ok(()));
            }
            let end = memchr::memchr(b'\n', &block[start..cut]).map_or(cut, |at| start + at + 1);
            let bytes = Bytes::new(Arc::clone(&block), start..end);
            if !gathering.push(Item::Doc(Doc::new(Arc::clone(name), number, bytes))) {
                return Ok(Ok(()));
            }
            number += 1;
            start = end;
        }
        if eof {
            return Ok(Ok(()));
        }
    }
}

/// Reads into `buf` until it is full or the input ends; the bytes read.
fn read_into(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut read = 0;
    while read < buf.len() {
        match reader.read(&mut buf[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(read)
}

/// Whether the run must stop: an error or the user says so.
fn stopped(stop: &AtomicBool) -> bool {
    stop.load(Ordering::Relaxed) || INTERRUPTED.load(Ordering::Relaxed)
}

/// A reader that counts the bytes it reads.
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The last stage: writes outcomes in order and keeps the counts.
struct Writer<'a> {
    batch: &'a Batch<'a>,
    bar: &'a ProgressBar,
    read: &'a AtomicU64,
    stop: &'a AtomicBool,
    /// Where blocks of JSON Lines go back once their records are written.
    spare: SyncSender<Vec<u8>>,
    /// The input being written.
    current: Option<Current>,
    report: Option<Sink>,
    diff: BufWriter<io::Stdout>,
    summary: Summary,
    /// A fatal error stopped the run.
    stopped: bool,
    /// Standard output was closed.
    broken_pipe: bool,
}

/// The input being written.
struct Current {
    summary: InputSummary,
    /// `None` after an error.
    sink: Option<Sink>,
    error: Option<anyhow::Error>,
    /// Why the file cannot be restored in place, should it change.
    unwritable: Option<anyhow::Error>,
    /// The compression of the output; compressed output comes in streams.
    compression: Compression,
    /// Whether a compressed stream was written.
    streamed: bool,
    /// The sections of a large plain file, counted as one document.
    running: Running,
}

impl<'a> Writer<'a> {
    /// Writes every chunk, giving its permit back; gives itself back, with the counts, at
    /// the end.
    fn write_all(mut self, chunks: Receiver<Chunk>, permits: SyncSender<()>) -> Result<Writer<'a>> {
        // Chunks come as they are restored, and wait here for those before them.
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for chunk in chunks {
            waiting.insert(chunk.number, chunk.items);
            while let Some(items) = waiting.remove(&next) {
                self.write_chunk(items);
                next += 1;
                // The reader has stopped when nobody takes the permit.
                let _ = permits.send(());
            }
        }
        // A run stopped by an error drops the input being written, and its temporary file.
        if let Some(mut current) = self.current.take() {
            current.sink = None;
            if current.summary.counts.changed > 0 {
                current.error = current.error.or(current.unwritable.take());
            }
            if let Err(e) = current.running.end(self.report.as_mut(), &mut self.diff) {
                self.write_error(e);
            }
            let error = current.error.take();
            self.end_input(current.summary, error);
        }
        if let Some(report) = self.report.take() {
            report.commit().context("cannot write the report")?;
        }
        match self.diff.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => self.write_error(e),
            // The diff of every input is in the buffer: the run failed, whichever input it was.
            Err(e) => return Err(anyhow::Error::new(e).context("cannot write the diff")),
            Ok(()) => {}
        }
        Ok(self)
    }

    fn write_chunk(&mut self, items: Vec<Item>) {
        // Documents in a row whose outputs are still to be written, together.
        let mut run = Vec::new();
        for item in items {
            self.stopped |= INTERRUPTED.load(Ordering::Relaxed);
            if self.stopped {
                continue;
            }
            if let Item::Doc(doc) = item {
                match self.doc(&doc) {
                    true => run.push(doc),
                    false => self.reuse(doc),
                }
                continue;
            }
            self.write_run(&mut run);
            match item {
                Item::Failed(input, error) => {
                    let summary = self.input_summary(input, Compression::None);
                    self.end_input(summary, Some(error));
                }
                Item::Begin {
                    input,
                    compression,
                    permissions,
                } => self.begin(input, compression, permissions),
                Item::Compressed(stream) => self.stream(&stream),
                Item::End(ended) => self.end(ended),
                // Taken above.
                Item::Doc(_) => {}
            }
        }
        self.write_run(&mut run);
        self.bar.set_position(self.read.load(Ordering::Relaxed));
    }

    /// Writes the outputs of a run of documents to the input's output in as few calls as the
    /// system takes, and empties the run.
    fn write_run(&mut self, run: &mut Vec<Doc>) {
        if run.is_empty() {
            return;
        }
        let parts = run.iter().map(|doc| IoSlice::new(doc.output()));
        let written = match &mut self.current {
            Some(Current {
                sink: Some(sink), ..
            }) => sink.write_parts(&mut parts.collect::<Vec<_>>()),
            _ => Ok(()),
        };
        if let Err(e) = written {
            self.write_error(e);
        }
        for doc in run.drain(..) {
            self.reuse(doc);
        }
    }

    /// Gives the JSON Lines block of a written document back to the reader, when it was the
    /// last document of the block and the block did not grow for a long record.
    fn reuse(&self, doc: Doc) {
        let Some(block) = doc.bytes.into_block() else {
            return;
        };
        if matches!(self.batch.settings.mode, Mode::Jsonl { .. }) && block.len() == BLOCK_BYTES {
            // The reader has enough blocks, or has stopped, when nobody takes it.
            let _ = self.spare.try_send(block);
        }
    }

    fn input_summary(&self, input: usize, compression: Compression) -> InputSummary {
        InputSummary {
            file: self.batch.inputs[input].name(),
            compression: compression.to_string(),
            counts: Counts::default(),
            score: None,
            skipped: None,
            error: None,
        }
    }

    fn begin(&mut self, input: usize, compression: Compression, permissions: Option<Permissions>) {
        let summary = self.input_summary(input, compression);
        self.bar.set_message(summary.file.clone());
        let (sink, error) = match self.sink(&self.batch.inputs[input], permissions) {
            Ok(sink) => (Some(sink), None),
            Err(e) => (None, Some(e.context(summary.file.clone()))),
        };
        // In place, a file that cannot be written is an error only if it changes.
        let (error, unwritable) = match self.batch.output {
            Output::InPlace => (None, error),
            _ => (error, None),
        };
        self.current = Some(Current {
            summary,
            sink,
            error,
            unwritable,
            compression: self.batch.output_compression(compression),
            streamed: false,
            running: Running::default(),
        });
    }

    /// Where the input goes.
    fn sink(&self, input: &Input, permissions: Option<Permissions>) -> Result<Sink> {
        let file = |dest: &Path, permissions| {
            Sink::file(dest, permissions)
                .with_context(|| format!("cannot write {}", dest.display()))
        };
        match &self.batch.output {
            Output::Stdout => Ok(Sink::stdout()),
            Output::File(path) => file(path, permissions),
            Output::Dir(dir) => file(&dir.join(&input.relative), permissions),
            Output::InPlace => file(input.path.as_deref().expect("in place needs files"), None),
            Output::Check | Output::Diff => Ok(Sink::Null),
        }
    }

    /// Counts a document and writes its report and diff; whether its output is still to be
    /// written (a section's is written here).
    fn doc(&mut self, doc: &Doc) -> bool {
        let Some(current) = &mut self.current else {
            return false;
        };
        if current.error.is_some() {
            return false;
        }
        if doc.section.is_some() {
            self.section(doc);
            return false;
        }
        let outcome = &doc.outcome;
        let counts = &mut current.summary.counts;
        counts.bytes_in += doc.bytes.len() as u64;
        counts.documents += u64::from(outcome.document);
        counts.invalid_utf8 += u64::from(outcome.invalid_utf8);
        if let Some(score) = &outcome.score {
            counts.verdict(score);
            if doc.line == 0 {
                current.summary.score = Some(*score);
            }
        }
        match &outcome.error {
            Some(reason) if !self.batch.keep_going => {
                current.error = Some(anyhow::anyhow!(
                    "{}:{}: {reason} (--keep-going passes such records through)",
                    doc.name,
                    doc.line
                ));
                self.stopped = true;
                self.stop.store(true, Ordering::Relaxed);
                return false;
            }
            Some(reason) => {
                counts.bad_records += 1;
                self.summary.bad_record(BadRecord {
                    file: doc.name.to_string(),
                    line: doc.line,
                    reason: reason.clone(),
                });
            }
            None if outcome.restored.is_some() => {
                counts.changed += 1;
                counts.replacements += outcome.replacements as u64;
            }
            None => {}
        }
        counts.bytes_out += doc.output().len() as u64;
        let output = current.sink.is_some() && current.compression == Compression::None;
        let written = match (&mut self.report, &outcome.report) {
            (Some(report), Some(line)) => writeln!(report, "{line}"),
            _ => Ok(()),
        }
        .and_then(|()| match &outcome.diff {
            Some(diff) => self.diff.write_all(diff.as_bytes()),
            None => Ok(()),
        });
        if let Err(e) = written {
            self.write_error(e);
        }
        output
    }

    /// Writes a section of a large plain file, and counts the file as one document at its last.
    fn section(&mut self, doc: &Doc) {
        let Some(current) = &mut self.current else {
            return;
        };
        let section = doc.section.as_ref().expect("a section");
        let counts = &mut current.summary.counts;
        counts.bytes_in += section.range.len() as u64;
        counts.documents += u64::from(section.first);
        counts.replacements += doc.outcome.replacements as u64;
        counts.bytes_out += doc.output().len() as u64;
        let running = &mut current.running;
        let written = match &mut current.sink {
            Some(sink) if current.compression == Compression::None => sink.write_all(doc.output()),
            _ => Ok(()),
        }
        .and_then(|()| running.add(doc, self.report.as_mut(), &mut self.diff));
        let written = written.and_then(|()| match section.last {
            true => running.end(self.report.as_mut(), &mut self.diff),
            false => Ok(()),
        });
        if section.last {
            counts.changed += u64::from(running.changed);
            counts.invalid_utf8 += u64::from(running.invalid_utf8);
            if let Some(score) = running.score(&self.batch.settings) {
                counts.verdict(&score);
                current.summary.score = Some(score);
            }
        }
        if let Err(e) = written {
            self.write_error(e);
        }
    }

    /// Writes a compressed stream of the input being written.
    fn stream(&mut self, stream: &[u8]) {
        let Some(Current {
            sink: Some(sink),
            streamed,
            ..
        }) = &mut self.current
        else {
            return;
        };
        *streamed = true;
        if let Err(e) = sink.write_all(stream) {
            self.write_error(e);
        }
    }

    /// A failed write: a closed standard output ends the run quietly, anything else fails the
    /// input being written.
    fn write_error(&mut self, error: io::Error) {
        if error.kind() == io::ErrorKind::BrokenPipe {
            self.broken_pipe = true;
            self.stopped = true;
            self.stop.store(true, Ordering::Relaxed);
        } else if let Some(current) = &mut self.current {
            current.sink = None;
            let context = format!("{}: cannot write the output", current.summary.file);
            current
                .error
                .get_or_insert(anyhow::Error::new(error).context(context));
        }
    }

    fn end(&mut self, ended: Result<(), Failure>) {
        let in_place = matches!(self.batch.output, Output::InPlace);
        let Some(current) = &mut self.current else {
            return;
        };
        match ended {
            Ok(()) => {}
            Err(Failure::Skipped(why)) => {
                current.summary.skipped = Some(why.to_owned());
                current.sink = None;
            }
            Err(Failure::Error(e)) => {
                current.error.get_or_insert(e);
            }
        }
        if current.compression != Compression::None && !current.streamed {
            // An empty input still gives a valid compressed file.
            let empty =
                codec::compress(current.compression, &[]).expect("compressing in memory succeeds");
            self.stream(&empty);
        }
        let Some(current) = &mut self.current else {
            return;
        };
        // A file that failed midway still ends its report line.
        let ended = current.running.end(self.report.as_mut(), &mut self.diff);
        // Restoring in place leaves unchanged files alone: their sink is dropped.
        let unchanged = in_place && current.summary.counts.changed == 0;
        if let Some(e) = current.unwritable.take().filter(|_| !unchanged) {
            current.error.get_or_insert(e);
        }
        let sink = current.sink.take().filter(|_| current.error.is_none());
        if let Some(Err(e)) = sink.filter(|_| !unchanged).map(Sink::commit) {
            self.write_error(e);
        }
        if let Err(e) = ended {
            self.write_error(e);
        }
        let mut current = self.current.take().expect("the input being written");
        let error = current.error.take();
        self.end_input(current.summary, error);
    }

    fn end_input(&mut self, mut summary: InputSummary, error: Option<anyhow::Error>) {
        if let Some(e) = error {
            self.bar.suspend(|| eprintln!("error: {e:#}"));
            summary.error = Some(format!("{e:#}"));
        }
        self.summary.push(summary);
    }
}
