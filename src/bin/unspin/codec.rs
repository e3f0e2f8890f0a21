//! Compression: gzip and zstd streams, recognised by their magic bytes on input and written
//! again on output.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};

use flate2::bufread::MultiGzDecoder;
use flate2::write::GzEncoder;

/// A compression format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Compression {
    /// No compression.
    None,
    /// gzip, one member or several.
    Gzip,
    /// Zstandard, one frame or several.
    Zstd,
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        })
    }
}

/// Reads `raw`, decompressing it when it starts with a gzip or zstd magic number.
pub fn decoder<'a>(raw: impl Read + 'a) -> io::Result<(Compression, Box<dyn BufRead + 'a>)> {
    let mut raw = BufReader::with_capacity(1 << 16, raw);
    let head = raw.fill_buf()?;
    Ok(if head.starts_with(&[0x1F, 0x8B]) {
        let decoder = MultiGzDecoder::new(raw);
        (
            Compression::Gzip,
            Box::new(BufReader::with_capacity(1 << 16, decoder)),
        )
    } else if head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        let decoder = zstd::stream::read::Decoder::with_buffer(raw)?;
        (
            Compression::Zstd,
            Box::new(BufReader::with_capacity(1 << 16, decoder)),
        )
    } else {
        (Compression::None, Box::new(raw))
    })
}

/// `bytes` compressed as one complete stream (a gzip member, a zstd frame). Streams written one
/// after the other make one valid file, so chunks of a file can be compressed in parallel.
pub fn compress(compression: Compression, bytes: &[u8]) -> io::Result<Vec<u8>> {
    match compression {
        Compression::None => Ok(bytes.to_vec()),
        Compression::Gzip => {
            let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(bytes)?;
            encoder.finish()
        }
        Compression::Zstd => zstd::bulk::compress(bytes, 0),
    }
}
