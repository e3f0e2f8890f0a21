//! The dictionaries compiled into the binary.
//!
//! The build script parses and checks every file of [`FILES`] and writes its entries as
//! statics, so that the built-in dictionaries are ready without parsing TOML.

use crate::{Class, Context, Dictionary, Entry};

mod files;

pub use files::{FILES, NAMES};

/// An entry as the build script writes it: spun form, original, class, context (in the order
/// of [`Context::lists`]), the index of its file in [`FILES`], and its line.
type Packed = (
    &'static str,
    &'static str,
    Class,
    [&'static [&'static str]; 4],
    usize,
    usize,
);

/// Every entry of [`FILES`], file by file, in file order.
static ENTRIES: &[Packed] = &include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The built-in dictionary called `name`.
pub fn dictionary(name: &str) -> Option<Dictionary> {
    if !FILES.iter().any(|(n, _, _)| *n == name) {
        return None;
    }
    let owned = |items: &[&str]| items.iter().map(|&i| i.to_owned()).collect();
    let context = |lists: [&[&str]; 4]| match lists {
        [[], [], [], []] => Context::default(),
        [before, after, not_before, not_after] => Context {
            before: owned(before),
            after: owned(after),
            not_before: owned(not_before),
            not_after: owned(not_after),
        },
    };
    let entries = ENTRIES
        .iter()
        .filter(|(.., file, _)| FILES[*file].0 == name)
        .map(|&(spun, original, class, lists, file, line)| Entry {
            spun: spun.to_owned(),
            original: original.to_owned(),
            class,
            context: context(lists),
            dictionary: name.to_owned(),
            file: FILES[file].1.to_owned(),
            line,
        })
        .collect();
    Some(Dictionary::compiled(name, entries))
}

/// Every built-in dictionary, in priority order.
pub fn dictionaries() -> Vec<Dictionary> {
    NAMES.iter().filter_map(|name| dictionary(name)).collect()
}
