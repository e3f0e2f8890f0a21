//! Compiles the built-in dictionaries: each file is parsed and checked here, with the same
//! parser as at run time, and the entries of each dictionary are packed into a static table
//! with their keys folded (see `src/packed.rs` and `src/builtin.rs`), so that a program using
//! them never parses TOML nor folds their keys.

use std::collections::HashMap;
use std::fmt::Write as _;

#[allow(dead_code)]
#[path = "src/builtin/files.rs"]
mod files;

#[allow(dead_code)]
#[path = "src/dictionary.rs"]
mod dictionary;

#[allow(dead_code)]
#[path = "src/fold.rs"]
mod fold;

// Named by `dictionary.rs`.
#[allow(dead_code)]
#[path = "src/packed.rs"]
mod packed;

fn main() {
    for path in [
        "build.rs",
        "src/builtin/files.rs",
        "src/dictionary.rs",
        "src/fold.rs",
        "src/packed.rs",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    let mut text = Text::default();
    let mut tables = String::from("[\n");
    for name in files::NAMES {
        let mut paths = Vec::new();
        let mut entries = String::new();
        let mut items = Vec::new();
        for (_, path, contents) in files::FILES.iter().filter(|(n, ..)| n == name) {
            println!("cargo:rerun-if-changed={path}");
            let mut dictionary = dictionary::Dictionary::new(*name);
            if let Err(e) = dictionary.add_toml(path, contents) {
                panic!("built-in dictionary: {e}");
            }
            for entry in dictionary.entries() {
                let exact = if entry.is_exact() {
                    let key = dictionary::normalize_exact(&entry.spun);
                    let upper = key.to_uppercase();
                    format!("Some(({}, {}))", text.add(&key), text.add(&upper))
                } else {
                    "None".to_owned()
                };
                let start = items.len();
                for (list, (_, list_items)) in entry.context.lists().iter().enumerate() {
                    for item in *list_items {
                        items.push(format!("({list}, {})", text.add(item)));
                    }
                }
                writeln!(
                    entries,
                    "Packed {{ spun: {}, original: {}, class: Class::{:?}, folded: {}, \
                     exact: {exact}, context: ({start}, {}), file: {}, line: {} }},",
                    text.add(&entry.spun),
                    text.add(&entry.original),
                    entry.class,
                    text.add(&fold::fold(&entry.spun)),
                    items.len(),
                    paths.len(),
                    entry.line,
                )
                .expect("writing to a string");
            }
            paths.push(*path);
        }
        if paths.is_empty() {
            continue;
        }
        writeln!(
            tables,
            "Table {{ name: {name:?}, text: TEXT, files: &{paths:?}, entries: &[\n{entries}], \
             items: &[{}] }},",
            items.join(", "),
        )
        .expect("writing to a string");
    }
    tables.push(']');
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("builtin.rs"), tables).expect("the build script can write to OUT_DIR");
    std::fs::write(out.join("builtin.txt"), text.text)
        .expect("the build script can write to OUT_DIR");
}

/// The text of the tables: each distinct string once.
#[derive(Default)]
struct Text {
    text: String,
    spans: HashMap<String, String>,
}

impl Text {
    /// `s` as a `Str` of the text.
    fn add(&mut self, s: &str) -> String {
        if let Some(span) = self.spans.get(s) {
            return span.clone();
        }
        let start = self.text.len();
        self.text.push_str(s);
        let span = format!("Str({start}, {})", self.text.len());
        self.spans.insert(s.to_owned(), span.clone());
        span
    }
}
