//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use unspin::Restorer;

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
