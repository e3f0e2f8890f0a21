//! The dictionaries compiled into the binary.

use crate::Dictionary;

macro_rules! builtin_file {
    ($name:literal, $path:literal) => {
        (
            $name,
            concat!("dictionaries/", $path),
            include_str!(concat!("../dictionaries/", $path)),
        )
    };
}

/// The built-in dictionary files: dictionary name, path under the crate root, contents.
pub const FILES: &[(&str, &str, &str)] = &[
    builtin_file!("news", "news/general.toml"),
    builtin_file!("news", "news/government.toml"),
    builtin_file!("news", "news/business.toml"),
    builtin_file!("news", "news/health.toml"),
    builtin_file!("news", "news/science-tech.toml"),
    builtin_file!("news", "news/variants.toml"),
    builtin_file!("tortured", "tortured/tortured.toml"),
];

/// The names of the built-in dictionaries, in priority order.
pub const NAMES: &[&str] = &["news", "tortured"];

/// The built-in dictionary called `name`.
pub fn dictionary(name: &str) -> Option<Dictionary> {
    let mut dictionary = Dictionary::new(name);
    let mut found = false;
    for (_, path, text) in FILES.iter().filter(|(n, _, _)| *n == name) {
        dictionary
            .add_toml(path, text)
            .unwrap_or_else(|e| panic!("built-in dictionary: {e}"));
        found = true;
    }
    found.then_some(dictionary)
}

/// Every built-in dictionary, in priority order.
pub fn dictionaries() -> Vec<Dictionary> {
    NAMES.iter().filter_map(|name| dictionary(name)).collect()
}
