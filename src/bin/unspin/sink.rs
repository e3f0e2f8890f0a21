//! Where the output of one input goes: standard output, a file written atomically, or nowhere.

use std::fs::{self, Permissions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::codec::{Compression, Encoder};

/// The output of one input, compressed as asked. A file is written to a temporary file in its
/// folder and renamed over the destination only by [`Sink::commit`], so it is never seen
/// half-written; dropping the sink instead deletes the temporary file.
pub struct Sink(Encoder<Target>);

enum Target {
    Stdout(BufWriter<io::Stdout>),
    File {
        temp: BufWriter<NamedTempFile>,
        dest: PathBuf,
        permissions: Option<Permissions>,
    },
    Null,
}

/// The prefix of temporary files, which directory walks skip.
pub const TEMP_PREFIX: &str = ".unspin-";

impl Sink {
    /// Writes to standard output.
    pub fn stdout(compression: Compression) -> io::Result<Sink> {
        let target = Target::Stdout(BufWriter::with_capacity(1 << 16, io::stdout()));
        Ok(Sink(Encoder::new(compression, target)?))
    }

    /// Writes nothing.
    pub fn null() -> Sink {
        Sink(Encoder::Plain(Target::Null))
    }

    /// Writes to `dest` on commit, creating its folder. The file gets `permissions`, or keeps
    /// those of the file it replaces.
    pub fn file(
        dest: &Path,
        compression: Compression,
        permissions: Option<Permissions>,
    ) -> io::Result<Sink> {
        let folder = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        fs::create_dir_all(folder)?;
        let temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(".tmp")
            .tempfile_in(folder)?;
        let permissions = permissions
            .or_else(|| fs::metadata(dest).ok().map(|m| m.permissions()))
            .or_else(new_file_permissions);
        let target = Target::File {
            temp: BufWriter::with_capacity(1 << 16, temp),
            dest: dest.to_owned(),
            permissions,
        };
        Ok(Sink(Encoder::new(compression, target)?))
    }

    /// Finishes the output: flushes it, or makes the file durable and moves it into place.
    pub fn commit(self) -> io::Result<()> {
        match self.0.finish()? {
            Target::Stdout(mut out) => out.flush(),
            Target::File {
                temp,
                dest,
                permissions,
            } => {
                let temp = temp.into_inner().map_err(io::IntoInnerError::into_error)?;
                if let Some(permissions) = permissions {
                    temp.as_file().set_permissions(permissions)?;
                }
                temp.as_file().sync_all()?;
                temp.persist(&dest).map_err(|e| e.error)?;
                Ok(())
            }
            Target::Null => Ok(()),
        }
    }
}

/// What a new file gets when nothing else decides: read-write for the owner, readable by all
/// (a temporary file starts out private).
fn new_file_permissions() -> Option<Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    None
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Stdout(out) => out.write(buf),
            Target::File { temp, .. } => temp.write(buf),
            Target::Null => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Stdout(out) => out.flush(),
            Target::File { temp, .. } => temp.flush(),
            Target::Null => Ok(()),
        }
    }
}
