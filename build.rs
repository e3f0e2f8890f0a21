//! Compiles the built-in dictionaries: each file is parsed and checked here, with the same
//! parser as at run time, and its entries are written as Rust statics (see `src/builtin.rs`),
//! so that a program using them never parses TOML.

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

fn main() {
    for path in [
        "build.rs",
        "src/builtin/files.rs",
        "src/dictionary.rs",
        "src/fold.rs",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    let mut out = String::from("[\n");
    for (file, (name, path, text)) in files::FILES.iter().enumerate() {
        println!("cargo:rerun-if-changed={path}");
        let mut dictionary = dictionary::Dictionary::new(*name);
        if let Err(e) = dictionary.add_toml(path, text) {
            panic!("built-in dictionary: {e}");
        }
        for entry in dictionary.entries() {
            let context = entry
                .context
                .lists()
                .map(|(_, items)| format!("&{items:?}"));
            writeln!(
                out,
                "({:?}, {:?}, Class::{:?}, [{}], {file}, {}),",
                entry.spun,
                entry.original,
                entry.class,
                context.join(", "),
                entry.line,
            )
            .expect("writing to a string");
        }
    }
    out.push(']');
    let target = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin.rs");
    std::fs::write(&target, out).expect("the build script can write to OUT_DIR");
}
