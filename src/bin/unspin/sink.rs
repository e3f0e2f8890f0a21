//! Where the output of one input goes: standard output, a file written atomically, a device or
//! pipe written in place, or nowhere.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, BufWriter, IoSlice, Write};
use std::path::{Path, PathBuf};

use tempfile::TempPath;

/// The output of one input. A file is written to a temporary file in its folder and renamed
/// over the destination only by [`Sink::commit`], so it is never seen half-written; dropping
/// the sink instead deletes the temporary file.
pub enum Sink {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A file, once committed.
    File {
        temp: BufWriter<File>,
        /// The temporary file's path; dropping it deletes the file.
        path: TempPath,
        dest: PathBuf,
        permissions: Option<Permissions>,
    },
    /// Something other than a file that is there already (`/dev/null`, a named pipe): written
    /// as it goes, since renaming a file over it would put a file in its place.
    Special(BufWriter<File>),
    /// Nowhere.
    Null,
}

/// The prefix of temporary files (hidden, so that directory walks skip them).
pub const TEMP_PREFIX: &str = ".unspin-";

impl Sink {
    /// Writes to standard output.
    pub fn stdout() -> Sink {
        Sink::Stdout(BufWriter::with_capacity(1 << 16, io::stdout()))
    }

    /// Writes to `dest` on commit, creating its folder. The file gets `permissions`, or keeps
    /// those of the file it replaces.
    pub fn file(dest: &Path, permissions: Option<Permissions>) -> io::Result<Sink> {
        if fs::metadata(dest).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let special = OpenOptions::new().write(true).open(dest)?;
            return Ok(Sink::Special(BufWriter::with_capacity(1 << 16, special)));
        }
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
        let (temp, path) = temp.into_parts();
        Ok(Sink::File {
            temp: BufWriter::with_capacity(1 << 16, temp),
            path,
            dest: dest.to_owned(),
            permissions,
        })
    }

    /// Writes `parts` one after the other. Parts that together fill the buffer go straight to
    /// the output in one call, rather than being copied into the buffer first.
    pub fn write_parts(&mut self, mut parts: &mut [IoSlice]) -> io::Result<()> {
        // Empty parts are dropped, here and as the parts before them are written.
        IoSlice::advance_slices(&mut parts, 0);
        while !parts.is_empty() {
            match self.write_vectored(parts) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut parts, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Finishes the output: flushes it, or makes the file durable and moves it into place.
    pub fn commit(self) -> io::Result<()> {
        match self {
            Sink::Stdout(mut out) => out.flush(),
            Sink::File {
                temp,
                path,
                dest,
                permissions,
            } => {
                let temp = temp.into_inner().map_err(io::IntoInnerError::into_error)?;
                if let Some(permissions) = permissions {
                    temp.set_permissions(permissions)?;
                }
                temp.sync_all()?;
                drop(temp);
                path.persist(&dest).map_err(|e| {
                    let error = e.error;
                    io::Error::new(error.kind(), format!("{}: {error}", dest.display()))
                })?;
                Ok(())
            }
            Sink::Special(mut out) => out.flush(),
            Sink::Null => Ok(()),
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
        match self {
            Sink::Stdout(out) => out.write(buf),
            Sink::File { temp, .. } => temp.write(buf),
            Sink::Special(out) => out.write(buf),
            Sink::Null => Ok(buf.len()),
        }
    }

    /// The buffers of files and of standard output take parts in one system call when they
    /// are larger than the buffer.
    fn write_vectored(&mut self, parts: &[IoSlice]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write_vectored(parts),
            Sink::File { temp, .. } => temp.write_vectored(parts),
            Sink::Special(out) => out.write_vectored(parts),
            Sink::Null => Ok(parts.iter().map(|p| p.len()).sum()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File { temp, .. } => temp.flush(),
            Sink::Special(out) => out.flush(),
            Sink::Null => Ok(()),
        }
    }
}
