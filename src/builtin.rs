//! The dictionaries compiled into the binary.
//!
//! The build script parses and checks every file of [`FILES`] and packs the entries of each
//! dictionary into a static table, keys folded, so that the built-in dictionaries are ready
//! without parsing TOML, and a restorer is built from them without copying or folding a key.

use crate::Dictionary;
use crate::dictionary::Class;
use crate::packed::{Packed, Str, Table};

mod files;

pub use files::{FILES, NAMES};

/// The text that the strings of the tables are spans of.
static TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin.txt"));

/// The built-in dictionaries, in the order of [`NAMES`].
static TABLES: &[Table] = &include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The built-in dictionary called `name`.
pub fn dictionary(name: &str) -> Option<Dictionary> {
    TABLES
        .iter()
        .find(|table| table.name == name)
        .map(Dictionary::packed)
}

/// Every built-in dictionary, in priority order.
pub fn dictionaries() -> Vec<Dictionary> {
    TABLES.iter().map(Dictionary::packed).collect()
}
