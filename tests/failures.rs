//! Failures from outside, on real processes and files: a full standard output, a read-only
//! file system, a full disk, an interrupt, and odd places to write. None may panic, hang or
//! leave a partial file.

use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;

use crate::util::{RESTORED, SPUN, assert_no_temporary_files, run, unspin, walk, write};

/// A tmpfs mounted on a folder for one test and unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    /// Mounts a tmpfs with `options` on `path` (created); `None`, with the reason printed, where
    /// mounting is not permitted (the tests that need it then check nothing).
    fn tmpfs(path: &Path, options: &str) -> Option<Mount> {
        std::fs::create_dir_all(path).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(path)
            .output();
        match mounted {
            Ok(out) if out.status.success() => Some(Mount(path.to_owned())),
            Ok(out) => {
                let why = String::from_utf8_lossy(&out.stderr);
                eprintln!("skipped: cannot mount a tmpfs (root is needed): {why}");
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount: {e}");
                None
            }
        }
    }

    /// Makes the file system read-only.
    fn read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Every file below `dir`, as paths relative to it, in order.
fn files(dir: &Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(&prefix).unwrap().to_owned())
        .collect()
}

/// Runs `unspin` with `args` and standard output on `/dev/full`.
fn run_into_full_device(args: &[&str], stdin: &[u8]) -> (i32, String) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut child = unspin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = std::io::Write::write_all(&mut child.stdin.take().unwrap(), stdin);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_full_standard_output_is_an_error() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full");
        return;
    }
    let dir = TempDir::new().unwrap();
    let file = write(&dir, "a.txt", SPUN.as_bytes());
    let record = format!("{{\"text\":{}}}\n", serde_json::to_string(SPUN).unwrap());
    let big = write(&dir, "big.txt", SPUN.repeat(20_000).as_bytes());
    let file_error = format!("error: {file}: cannot write the output: No space left on device");
    let cases: &[(&[&str], &[u8], &str)] = &[
        (
            &[],
            SPUN.as_bytes(),
            "error: <stdin>: cannot write the output: No space left",
        ),
        (
            &["--jsonl"],
            record.as_bytes(),
            "error: <stdin>: cannot write the output: No space",
        ),
        (&[&file], b"", &file_error),
        (
            &[&big, "--section-bytes=100000"],
            b"",
            "cannot write the output: No space left",
        ),
        (
            &["--diff", &file],
            b"",
            "error: cannot write the diff: No space left on device",
        ),
        (&["check", &file], b"", "No space left on device"),
        (&["explain", &file], b"", "error: No space left on device"),
        (&["dict", "list"], b"", "error: No space left on device"),
    ];
    for (args, stdin, message) in cases {
        let (code, err) = run_into_full_device(args, stdin);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn in_place_replaces_a_read_only_file_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    // The file is replaced through its folder, which is writable: its own mode does not
    // stop a new file taking its place, and the new file gets the same mode.
    let dir = TempDir::new().unwrap();
    let path = write(&dir, "a.txt", SPUN.as_bytes());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, err) = run(&["-i", &path], b"");
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), RESTORED);
    let mode = Path::new(&path).metadata().unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
    assert_no_temporary_files(dir.path());
}

#[test]
fn a_read_only_file_system_leaves_the_files_untouched() {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("ro");
    let Some(mount) = Mount::tmpfs(&folder, "size=4m") else {
        return;
    };
    let a = folder.join("a.txt").display().to_string();
    std::fs::write(&a, SPUN).unwrap();
    std::fs::write(folder.join("b.txt"), "Clean text.\n").unwrap();
    mount.read_only();
    let (code, out, err) = run(&["-i", folder.to_str().unwrap()], b"");
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains(&format!(
            "error: {a}: cannot write {a}: Read-only file system"
        )),
        "{err}"
    );
    // The clean file would not change: that it cannot be written is no error.
    assert!(
        err.contains("2 inputs, 2 documents, 1 changed") && err.contains("  1 input failed\n"),
        "{err}"
    );
    assert!(!err.contains("b.txt"), "{err}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), SPUN);
    let out_dir = folder.join("out");
    let (code, _, err) = run(&[&a, "--out-dir", out_dir.to_str().unwrap()], b"");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with(&format!("error: {}: ", out_dir.display())),
        "{err}"
    );
    assert_eq!(files(&folder), ["a.txt", "b.txt"]);
}

#[test]
fn a_full_disk_fails_the_files_that_do_not_fit_and_keeps_the_others_whole() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let Some(_mount) = Mount::tmpfs(&out, "size=256k") else {
        return;
    };
    // Eight files of 60 KB; about four fit. The sixth is large enough to be restored in
    // sections.
    let mut inputs = Vec::new();
    for i in 0..8 {
        let copies = if i == 5 { 3000 } else { 600 };
        let name = format!("in/{i}.txt");
        inputs.push(write(&dir, &name, SPUN.repeat(copies).as_bytes()));
    }
    let input = dir.path().join("in");
    let (code, _, err) = run(
        &[
            input.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
            "--section-bytes=100000",
        ],
        b"",
    );
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let written = files(&out);
    assert!(
        !written.is_empty() && written.len() < 8,
        "{written:?}: {err}"
    );
    for (i, path) in inputs.iter().enumerate() {
        let name = format!("{i}.txt");
        if written.contains(&name) {
            let copies = if i == 5 { 3000 } else { 600 };
            let whole =
                std::fs::read_to_string(out.join(&name)).unwrap() == RESTORED.repeat(copies);
            assert!(whole, "{name} is written but not whole");
        } else {
            let message = format!("error: {path}: cannot write the output: ");
            assert!(err.contains(&message), "{message} in {err}");
        }
    }
    assert!(err.contains("No space left on device"), "{err}");
    assert_no_temporary_files(&out);
}

#[cfg(unix)]
#[test]
fn interrupting_in_place_on_a_large_file_leaves_it_old_or_new() {
    let dir = TempDir::new().unwrap();
    let old = SPUN.repeat(60_000);
    let new = RESTORED.repeat(60_000);
    let path = write(&dir, "big.txt", old.as_bytes());
    let mut child = unspin()
        .args(["-q", "-j", "1", "-i", "--section-bytes=65536", &path])
        .spawn()
        .unwrap();
    // Interrupt once the temporary file is there, that is while the file is being written.
    let started = std::time::Instant::now();
    while files(dir.path()).len() < 2 && started.elapsed().as_secs() < 60 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes == old.as_bytes() || bytes == new.as_bytes(),
        "half-written"
    );
    if bytes == old.as_bytes() {
        assert_eq!(status.code(), Some(130));
    }
    assert_eq!(
        files(dir.path()),
        ["big.txt"],
        "temporary files left behind"
    );
}

#[test]
fn writing_over_the_input_or_onto_a_folder() {
    let dir = TempDir::new().unwrap();
    // `-o` naming the input reads it whole before it is replaced.
    let big = SPUN.repeat(30_000);
    let path = write(&dir, "a.txt", big.as_bytes());
    let (code, _, err) = run(&[&path, "-o", &path, "--section-bytes=100000"], b"");
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&path).unwrap() == RESTORED.repeat(30_000));
    // `-o` naming a folder fails, and names it.
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let small = write(&dir, "b.txt", SPUN.as_bytes());
    let (code, _, err) = run(&[&small, "-o", folder.to_str().unwrap()], b"");
    assert_eq!(code, 2, "{err}");
    let message = format!(
        "error: {small}: cannot write the output: {}: Is a directory",
        folder.display()
    );
    assert!(err.contains(&message), "{err}");
    assert!(folder.read_dir().unwrap().next().is_none());
    assert_no_temporary_files(dir.path());
}

#[test]
fn a_file_named_twice_is_restored_once() {
    let dir = TempDir::new().unwrap();
    // Restoring the restored text again would change it further: "on an everyday foundation"
    // gives "on a regular basis", which gives "everyday".
    let text =
        format!("{SPUN}They meet on an everyday foundation use, as ten years prior to now.\n");
    let (_, once, _) = run(&[], text.as_bytes());
    let (_, twice, _) = run(&[], &once);
    assert_ne!(once, twice, "the text must change on a second pass");
    let path = write(&dir, "a.txt", text.as_bytes());
    let (code, _, err) = run(&["-i", &path, &path, dir.path().to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 input, 1 document, 1 changed"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), once);
    // Two inputs that one output file would take are refused before anything is written.
    let other = write(&dir, "sub/a.txt", text.as_bytes());
    let out = dir.path().join("out");
    let (code, _, err) = run(&[&path, &other, "--out-dir", out.to_str().unwrap()], b"");
    assert_eq!(code, 2);
    let message = format!(
        "error: {path} and {other} would both be written to {}",
        out.join("a.txt").display()
    );
    assert!(err.contains(&message), "{err}");
    assert!(!out.join("a.txt").exists());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_read_as_a_stream_and_skipped_in_a_folder() {
    let dir = TempDir::new().unwrap();
    let fifo = dir.path().join("in/fifo");
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo failed");
        return;
    }
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, SPUN).unwrap())
    };
    let (code, out, err) = run(&[fifo.to_str().unwrap()], b"");
    writer.join().unwrap();
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(String::from_utf8(out).unwrap(), RESTORED);
    // Found in a folder, it is not a regular file, and nobody writes to it: not opened.
    write(&dir, "in/a.txt", SPUN.as_bytes());
    let (code, out, err) = run(&[dir.path().join("in").to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
    assert_eq!(String::from_utf8(out).unwrap(), RESTORED);
}

#[cfg(unix)]
#[test]
fn output_onto_a_device_or_pipe_writes_into_it() {
    let dir = TempDir::new().unwrap();
    // A named pipe as `-o`: the reader gets the output, and the pipe stays a pipe.
    let fifo = dir.path().join("out.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        let (code, _, err) = run(&["-o", fifo.to_str().unwrap()], SPUN.as_bytes());
        assert_eq!(code, 0, "{err}");
        assert_eq!(String::from_utf8(reader.join().unwrap()).unwrap(), RESTORED);
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    } else {
        eprintln!("skipped: mkfifo failed");
    }
    // A character device (a null device made here, which needs root) as `-o` and with `-i`:
    // it stays a device.
    let null = dir.path().join("null");
    let made = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mknod failed");
        return;
    }
    for args in [
        vec!["-o", null.to_str().unwrap()],
        vec!["-i", null.to_str().unwrap()],
    ] {
        let (code, _, err) = run(&args, SPUN.as_bytes());
        assert_eq!(code, 0, "{args:?}: {err}");
        let kind = std::fs::metadata(&null).unwrap().file_type();
        assert!(kind.is_char_device(), "{args:?} replaced the device");
    }
}
