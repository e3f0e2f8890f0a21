//! Helpers shared by the integration tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use assert_cmd::cargo::CommandCargoExt;
use tempfile::TempDir;
use unspin::Restorer;

/// Three sure entries, enough evidence for the ambiguous "mentioned".
pub const SPUN: &str = "Based on folks accustomed to the matter, the White Home mentioned its secrets and techniques.\n";
/// `SPUN` restored.
pub const RESTORED: &str =
    "According to people familiar with the matter, the White House said its secrets.\n";

/// The `unspin` binary.
pub fn unspin() -> Command {
    Command::cargo_bin("unspin").unwrap()
}

/// Runs `unspin` with `args` and `stdin`; returns status code, stdout and stderr.
pub fn run(args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, String) {
    let mut child = unspin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Input is written while output is read, so that neither pipe fills up and stalls the
    // process. The process may exit before it reads its input (a bad dictionary, say).
    let mut input = child.stdin.take().unwrap();
    let output = std::thread::scope(|scope| {
        scope.spawn(move || {
            let _ = input.write_all(stdin);
        });
        child.wait_with_output().unwrap()
    });
    (
        output.status.code().unwrap_or(-1),
        output.stdout,
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Writes `contents` to `name` in `dir` (creating folders); returns the path.
pub fn write(dir: &TempDir, name: &str, contents: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

/// The crate root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file or folder under `tests/data`.
pub fn data(path: &str) -> PathBuf {
    root().join("tests/data").join(path)
}

/// The restorer with the built-in dictionaries, built once for all tests.
pub fn builtin() -> &'static Restorer {
    static RESTORER: OnceLock<Restorer> = OnceLock::new();
    RESTORER.get_or_init(Restorer::builtin)
}

/// Every file below `dir`, in order.
pub fn walk(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path.display().to_string());
        }
    }
    found.sort();
    found
}

/// Asserts that no temporary file of an output is left below `dir`.
pub fn assert_no_temporary_files(dir: &Path) {
    let temps: Vec<_> = walk(dir)
        .into_iter()
        .filter(|f| f.contains(".unspin-"))
        .collect();
    assert!(temps.is_empty(), "temporary files left behind: {temps:?}");
}

/// The `.txt` files of a folder under `tests/data`, in name order.
pub fn text_files(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// Counts heap allocations per thread, so that tests running in parallel do not see each
/// other's.
struct CountingAllocator;

thread_local! {
    // `const` initialisation: reading it never allocates nor registers a destructor.
    static ALLOCATIONS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn count_allocation() {
    // During thread teardown the counter may be gone; those allocations are not measured.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl std::alloc::GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        count_allocation();
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        count_allocation();
        unsafe { std::alloc::System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, size: usize) -> *mut u8 {
        count_allocation();
        unsafe { std::alloc::System.realloc(ptr, layout, size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// What `f` returns, and how many heap allocations (or reallocations) it made on this thread.
pub fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(std::cell::Cell::get);
    let value = f();
    (value, ALLOCATIONS.with(std::cell::Cell::get) - before)
}
