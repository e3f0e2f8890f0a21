//! The list of built-in dictionary files, shared with the build script that compiles them.

macro_rules! builtin_file {
    ($name:literal, $path:literal) => {
        (
            $name,
            concat!("dictionaries/", $path),
            include_str!(concat!("../../dictionaries/", $path)),
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
