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

/// Writes through to `W`, compressing in the chosen format.
pub enum Encoder<W: Write> {
    /// Uncompressed.
    Plain(W),
    /// gzip at the default level.
    Gzip(GzEncoder<W>),
    /// Zstandard at the default level.
    Zstd(zstd::stream::write::Encoder<'static, W>),
}

impl<W: Write> Encoder<W> {
    pub fn new(compression: Compression, inner: W) -> io::Result<Encoder<W>> {
        Ok(match compression {
            Compression::None => Encoder::Plain(inner),
            Compression::Gzip => {
                Encoder::Gzip(GzEncoder::new(inner, flate2::Compression::default()))
            }
            Compression::Zstd => Encoder::Zstd(zstd::stream::write::Encoder::new(inner, 0)?),
        })
    }

    /// Ends the compressed stream and gives the inner writer back.
    pub fn finish(self) -> io::Result<W> {
        match self {
            Encoder::Plain(inner) => Ok(inner),
            Encoder::Gzip(encoder) => encoder.finish(),
            Encoder::Zstd(encoder) => encoder.finish(),
        }
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Encoder::Plain(inner) => inner,
            Encoder::Gzip(encoder) => encoder,
            Encoder::Zstd(encoder) => encoder,
        }
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer().write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}
